/* style: templates/<name>.xml to a style struct, validated against schema/template.rng. */
#include "style.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "xmldoc.h"

extern const char embedded_template[];
extern const unsigned long embedded_template_len;

enum { STYLE_MAX_FILE = 1 << 20 };

/* A grey that says "the template has no colour for this" without failing. */
static const style_rgb style_fallback = {0.35, 0.35, 0.35};

static char *style_strdup(const char *s) {
  char *p = strdup(s ? s : "");
  if (!p) abort();
  return p;
}

static xmlNode *style_child(xmlNode *parent, const char *name) {
  for (xmlNode *n = parent->children; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0) return n;
  return NULL;
}

static style_rgb style_parse_rgb(xmlNode *n, const char *attr) {
  xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
  unsigned long x = v ? strtoul((const char *)v + 1, NULL, 16) : 0; /* "#rrggbb", checked by the schema */
  xmlFree(v);
  return (style_rgb){((x >> 16) & 0xff) / 255.0, ((x >> 8) & 0xff) / 255.0, (x & 0xff) / 255.0};
}

static char *style_attr(xmlNode *n, const char *attr) {
  xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
  char *s = style_strdup((const char *)v);
  xmlFree(v);
  return s;
}

/* The allowed range of every number in a template: what a real design can
 * use and no more, so a slip of the keyboard is an error with the range,
 * never a clamp and never a print that silently goes wrong. docs/templates.md
 * lists the same ranges. */
static const xmldoc_range
  range_card = {20, 500, "mm", 0},          /* card width and height */
  range_radius = {0, 15, "mm", 0},
  range_bleed = {0, 10, "mm", 0},           /* print shops ask 3 mm or 1/8 in */
  range_safe = {0, 30, "mm", 0},
  range_band = {3, 100, "mm", 0},
  range_paper = {100, 1200, "mm", 0},       /* A6 up to A0 */
  range_sheet_margin = {0, 30, "mm", 0},
  range_gap = {0, 30, "mm", 0},
  range_scale_strip = {0, 30, "mm", 0},
  range_mark_len = {1, 30, "mm", 0},
  range_mark_offset = {0, 10, "mm", 0},
  range_mark_width = {0.1, 2, "pt", 0},
  range_rich_black_min = {5, 500, "mm", 0}, /* a rich black area's shorter side */
  range_type = {4, 72, "pt", 0},            /* every type size */
  range_line_spacing = {0.8, 3, "", 0},     /* a factor */
  range_page = {100, 600, "mm", 0},         /* guide and werkvorm pages */
  range_page_margin = {10, 100, "mm", 0},   /* running heads sit in the margin */
  range_space = {0, 30, "mm", 0},           /* paragraph, item, heading spaces, table gap */
  range_indent = {1, 30, "mm", 0},
  range_rule_space = {5, 30, "mm", 0},      /* writing lines a pen fits between */
  range_columns = {1, 4, "", 1};

/* The least room for text a relation between numbers may leave, in mm:
 * on a card (width and height), on a document page, in a werkvorm column,
 * and for a list in a list. */
enum {
  STYLE_MIN_CARD_TEXT = 15,
  STYLE_MIN_TEXT = 40,
  STYLE_MIN_COLUMN = 30,
  STYLE_MIN_LIST_TEXT = 20,
};

/* Reads the numbers of one element into the struct fields listed; an
 * attribute left out keeps the field's default. */
typedef struct style_field {
  const char *attr;
  double *into;
  const xmldoc_range *range;
} style_field;

static void style_numbers(xmlNode *n, const style_field *fields, size_t count,
                          const char *file, diag_list *d) {
  for (size_t i = 0; i < count; i++)
    if (xmlHasProp(n, (const xmlChar *)fields[i].attr))
      xmldoc_number(n, fields[i].attr, fields[i].range, file, d, fields[i].into);
}

#define STYLE_NUMBERS(node, ...)                                               \
  do {                                                                         \
    const style_field f_[] = {__VA_ARGS__};                                    \
    style_numbers(node, f_, sizeof f_ / sizeof f_[0], s->file, d);             \
  } while (0)

/* A print shop's limit on the sum of the four inks, in percent. */
#define STYLE_MAX_INK 300

/* The CMYK value of attribute attr of n ("c,m,y,k" in percent, its form
 * checked by the schema) into out: 1, or 0 when n has none or it is out of
 * range (an error naming `what` then). */
static int style_cmyk_attr(style *s, xmlNode *n, const char *attr, const char *what,
                           style_cmyk *out, diag_list *d) {
  xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
  if (!v) return 0;
  long line = xmlGetLineNo(n);
  double p[4] = {0};
  const char *at = (const char *)v;
  for (int i = 0; i < 4; i++) {
    char *end;
    p[i] = strtod(at, &end);
    at = end + (*end == ',');
  }
  xmlFree(v);
  for (int i = 0; i < 4; i++) {
    if (p[i] > 100) {
      diag_error(d, s->file, line, "colour '%s': %s has a value of %g %%, above 100 %% (each of "
                 "c,m,y,k is a percentage from 0 to 100)", what, attr, p[i]);
      return 0;
    }
  }
  double total = p[0] + p[1] + p[2] + p[3];
  if (total > STYLE_MAX_INK) {
    diag_error(d, s->file, line, "colour '%s': %s adds up to %g %% ink, more than the %d %% a "
               "print shop allows (take cyan, magenta or yellow down)", what, attr, total,
               STYLE_MAX_INK);
    return 0;
  }
  *out = (style_cmyk){p[0] / 100, p[1] / 100, p[2] / 100, p[3] / 100};
  return 1;
}

/* The colour rgb with the CMYK value of attribute attr of n, as one more ink. */
static void style_add_ink(style *s, xmlNode *n, const char *attr, style_rgb rgb,
                          const char *what, diag_list *d) {
  style_ink *ink = &s->inks[s->n_inks++];
  *ink = (style_ink){.rgb = rgb, .line = xmlGetLineNo(n), .what = what};
  ink->has_cmyk = style_cmyk_attr(s, n, attr, what, &ink->cmyk, d);
}

static void style_read_colours(style *s, xmlNode *c, diag_list *d) {
  s->text = style_parse_rgb(c, "text");
  s->muted = style_parse_rgb(c, "muted");
  s->paper = style_parse_rgb(c, "paper");
  s->back_text = style_parse_rgb(c, "on-colour");
  size_t n = 0;
  for (xmlNode *k = c->children; k; k = k->next) n += k->type == XML_ELEMENT_NODE;
  s->themes = calloc(n + 1, sizeof *s->themes);
  s->cardsets = calloc(n + 1, sizeof *s->cardsets);
  s->inks = calloc(n + 4, sizeof *s->inks);
  if (!s->themes || !s->cardsets || !s->inks) abort();
  style_add_ink(s, c, "text-cmyk", s->text, "text", d);
  style_add_ink(s, c, "muted-cmyk", s->muted, "muted", d);
  style_add_ink(s, c, "paper-cmyk", s->paper, "paper", d);
  style_add_ink(s, c, "on-colour-cmyk", s->back_text, "on-colour", d);
  char *condition = style_attr(c, "condition");
  s->condition = strcmp(condition, "fogra47") == 0  ? STYLE_FOGRA47
                 : strcmp(condition, "gracol") == 0 ? STYLE_GRACOL
                                                    : STYLE_FOGRA39;
  free(condition);
  s->has_rich_black = style_cmyk_attr(s, c, "rich-black", "rich black", &s->rich_black, d);
  if (s->has_rich_black && s->rich_black.k < 1)
    diag_error(d, s->file, xmlGetLineNo(c), "rich-black has %g %% black; a rich black is "
               "100 %% black with some cyan, magenta or yellow under it (such as 60,40,40,100)",
               s->rich_black.k * 100);
  s->rich_black_min = 20;
  STYLE_NUMBERS(c, {"rich-black-min", &s->rich_black_min, &range_rich_black_min});
  for (xmlNode *k = c->children; k; k = k->next) {
    if (k->type != XML_ELEMENT_NODE) continue;
    int is_theme = strcmp((const char *)k->name, "theme") == 0;
    style_colour_of *to = is_theme ? &s->themes[s->n_themes++] : &s->cardsets[s->n_cardsets++];
    to->id = style_attr(k, "id");
    to->colour = style_parse_rgb(k, "colour");
    style_add_ink(s, k, "cmyk", to->colour, to->id, d);
  }
}

static void style_read_papers(style *s, xmlNode *root, diag_list *d) {
  size_t n = 0;
  for (xmlNode *k = root->children; k; k = k->next)
    n += k->type == XML_ELEMENT_NODE && strcmp((const char *)k->name, "paper") == 0;
  s->papers = calloc(n, sizeof *s->papers);
  if (!s->papers) abort();
  for (xmlNode *k = root->children; k; k = k->next) {
    if (k->type != XML_ELEMENT_NODE || strcmp((const char *)k->name, "paper") != 0) continue;
    style_paper *p = &s->papers[s->n_papers++];
    p->name = style_attr(k, "name");
    xmldoc_number(k, "width", &range_paper, s->file, d, &p->w);
    xmldoc_number(k, "height", &range_paper, s->file, d, &p->h);
  }
  s->paper_w = s->papers[0].w;
  s->paper_h = s->papers[0].h;
}

/* Whether a w x h card fits inside the margins of a pw x ph paper, either
 * way round. The sheet layout decides the rest (room for the scale bar). */
static int style_card_fits(const style *s, double pw, double ph) {
  double m = 2 * s->paper_margin;
  return (s->card_w <= pw - m && s->card_h <= ph - m) ||
         (s->card_w <= ph - m && s->card_h <= pw - m);
}

/* What each range alone cannot say: numbers that together leave no layout.
 * Run only when every number is in range, so one slip gives one message. */
static void style_check(const style *s, xmlNode *root, diag_list *d) {
  long line = s->card_line;
  double short_side = s->card_w < s->card_h ? s->card_w : s->card_h;
  if (2 * s->radius > short_side)
    diag_error(d, s->file, line, "radius (%g mm) is more than half the %g mm side of the card "
               "(use at most %g mm)", s->radius, short_side, short_side / 2);
  double text_w = s->card_w - 2 * s->safe, text_h = s->card_h - s->band_h - 2 * s->safe;
  if (text_w < STYLE_MIN_CARD_TEXT || text_h < STYLE_MIN_CARD_TEXT)
    diag_error(d, s->file, line, "the safe zone (%g mm on every side) and band (%g mm) leave "
               "%.1f x %.1f mm for text on a %g x %g mm card, less than %d x %d mm (make safe "
               "or band smaller)", s->safe, s->band_h, text_w, text_h, s->card_w, s->card_h,
               STYLE_MIN_CARD_TEXT, STYLE_MIN_CARD_TEXT);
  size_t i = 0;
  for (xmlNode *k = root->children; k; k = k->next) {
    if (k->type != XML_ELEMENT_NODE || strcmp((const char *)k->name, "paper") != 0) continue;
    const style_paper *p = &s->papers[i++];
    if (!style_card_fits(s, p->w, p->h))
      diag_error(d, s->file, xmlGetLineNo(k), "paper '%s' (%g x %g mm) cannot hold a %g x %g mm "
                 "card inside the %g mm sheet margin, either way round (make the card or the "
                 "margin smaller, or leave this paper out)", p->name, p->w, p->h, s->card_w,
                 s->card_h, s->paper_margin);
  }
  line = xmlGetLineNo(style_child(root, "sizes"));
  if (s->question_min_pt > s->question_max_pt)
    diag_error(d, s->file, line, "question-min (%.1f) is larger than question-max (%.1f) "
               "(swap them)", s->question_min_pt, s->question_max_pt);
}

/* The same for <document>: the guide's text width, the werkvorm columns. */
static void style_check_document(const style *s, xmlNode *n, diag_list *d) {
  long line = xmlGetLineNo(n);
  if (s->table_min_pt > s->table_max_pt)
    diag_error(d, s->file, line, "table-min (%.1f) is larger than table-max (%.1f) (swap them)",
               s->table_min_pt, s->table_max_pt);
  double text_w = s->doc_w - s->doc_margin_left - s->doc_margin_right;
  double text_h = s->doc_h - s->doc_margin_top - s->doc_margin_bottom;
  double short_side = s->doc_w < s->doc_h ? s->doc_w : s->doc_h;
  if (text_w < STYLE_MIN_TEXT || text_h < STYLE_MIN_TEXT ||
      short_side - 2 * s->table_margin < STYLE_MIN_TEXT) {
    diag_error(d, s->file, line, "the document margins leave less than %d mm for text on a "
               "%g x %g mm page (make them smaller)", STYLE_MIN_TEXT, s->doc_w, s->doc_h);
    return;
  }
  /* A list in a list starts its text two indents in. */
  if (text_w - 2 * s->doc_indent < STYLE_MIN_LIST_TEXT)
    diag_error(d, s->file, line, "indent (%g mm) leaves less than %d mm of the %g mm text width "
               "for a list in a list (make indent smaller)", s->doc_indent, STYLE_MIN_LIST_TEXT,
               text_w);
  double cols = s->table_columns;
  double col_w = (s->doc_w - 2 * s->table_margin - (cols - 1) * s->table_gap) / cols;
  if (col_w < STYLE_MIN_COLUMN) {
    diag_error(d, s->file, line, "table-columns (%g) with table-gap (%g mm) leave columns of "
               "%.1f mm on the werkvorm pages, less than %d mm (use fewer columns, or a smaller "
               "table-gap or table-margin)", cols, s->table_gap, col_w, STYLE_MIN_COLUMN);
    return;
  }
  /* Werkvorm pages scale every space, the indent too, from body to table-max. */
  double indent = s->doc_indent * s->table_max_pt / s->doc_body_pt;
  if (col_w - 2 * indent < STYLE_MIN_LIST_TEXT)
    diag_error(d, s->file, line, "indent (%g mm) grows to %.1f mm on the werkvorm pages "
               "(table-max %g pt over body %g pt) and leaves less than %d mm of a %.1f mm column "
               "for a list in a list (make indent or table-max smaller)", s->doc_indent, indent,
               s->table_max_pt, s->doc_body_pt, STYLE_MIN_LIST_TEXT, col_w);
}

/* <document> may be left out (the grammar makes it optional; its
 * attributes are all required, as many optional attributes make libxml2's
 * RELAX NG validation exponentially slow): these are the defaults, the
 * same as templates/default.xml. */
static void style_read_document(style *s, xmlNode *root, diag_list *d) {
  s->doc_w = 210, s->doc_h = 297;
  s->doc_margin_top = 24, s->doc_margin_bottom = 24;
  s->doc_margin_left = 40, s->doc_margin_right = 40;
  s->doc_body_pt = 11, s->doc_small_pt = 8.5, s->doc_h1_pt = 17, s->doc_h2_pt = 12.5;
  s->doc_title_pt = 30, s->doc_subtitle_pt = 14, s->doc_line_spacing = 1.05;
  s->doc_para_space = 2.6, s->doc_item_space = 1.4, s->doc_h1_space = 10;
  s->doc_h2_space = 6, s->doc_heading_after = 2.4, s->doc_indent = 6.5;
  s->doc_rule_space = 8, s->doc_justify = 0;
  s->doc_heading = (style_rgb){0x34 / 255.0, 0x50 / 255.0, 0x8a / 255.0};
  s->table_margin = 14, s->table_max_pt = 15, s->table_min_pt = 10;
  s->table_columns = 2, s->table_gap = 8, s->table_justify = 0;
  xmlNode *n = style_child(root, "document");
  if (!n) return;
  STYLE_NUMBERS(n, {"width", &s->doc_w, &range_page}, {"height", &s->doc_h, &range_page},
                {"margin-top", &s->doc_margin_top, &range_page_margin},
                {"margin-bottom", &s->doc_margin_bottom, &range_page_margin},
                {"margin-left", &s->doc_margin_left, &range_page_margin},
                {"margin-right", &s->doc_margin_right, &range_page_margin},
                {"body", &s->doc_body_pt, &range_type}, {"small", &s->doc_small_pt, &range_type},
                {"h1", &s->doc_h1_pt, &range_type}, {"h2", &s->doc_h2_pt, &range_type},
                {"title", &s->doc_title_pt, &range_type},
                {"subtitle", &s->doc_subtitle_pt, &range_type},
                {"line-spacing", &s->doc_line_spacing, &range_line_spacing},
                {"paragraph-space", &s->doc_para_space, &range_space},
                {"item-space", &s->doc_item_space, &range_space},
                {"h1-space", &s->doc_h1_space, &range_space},
                {"h2-space", &s->doc_h2_space, &range_space},
                {"heading-after", &s->doc_heading_after, &range_space},
                {"indent", &s->doc_indent, &range_indent},
                {"rule-space", &s->doc_rule_space, &range_rule_space},
                {"table-margin", &s->table_margin, &range_page_margin},
                {"table-max", &s->table_max_pt, &range_type},
                {"table-min", &s->table_min_pt, &range_type},
                {"table-columns", &s->table_columns, &range_columns},
                {"table-gap", &s->table_gap, &range_space});
  xmlChar *j = xmlGetProp(n, (const xmlChar *)"justify");
  if (j) s->doc_justify = strcmp((const char *)j, "true") == 0;
  xmlFree(j);
  j = xmlGetProp(n, (const xmlChar *)"table-justify");
  if (j) s->table_justify = strcmp((const char *)j, "true") == 0;
  xmlFree(j);
  xmlChar *c = xmlGetProp(n, (const xmlChar *)"heading-colour");
  if (c) s->doc_heading = style_parse_rgb(n, "heading-colour");
  xmlFree(c);
}

static style *style_from_doc(xmlDoc *doc, const char *filename, diag_list *d) {
  style *s = calloc(1, sizeof *s);
  if (!s) abort();
  s->file = style_strdup(filename);
  xmlNode *root = xmlDocGetRootElement(doc);
  s->name = style_attr(root, "name");
  size_t before = diag_error_count(d);

  s->card_line = xmlGetLineNo(style_child(root, "card"));
  s->paper_line = xmlGetLineNo(style_child(root, "paper"));
  STYLE_NUMBERS(style_child(root, "card"), {"width", &s->card_w, &range_card},
                {"height", &s->card_h, &range_card}, {"radius", &s->radius, &range_radius},
                {"bleed", &s->bleed, &range_bleed}, {"safe", &s->safe, &range_safe},
                {"band", &s->band_h, &range_band});
  style_read_papers(s, root, d);
  s->scale_strip = 6;
  STYLE_NUMBERS(style_child(root, "sheet"), {"margin", &s->paper_margin, &range_sheet_margin},
                {"gap", &s->gap, &range_gap}, {"scale-strip", &s->scale_strip, &range_scale_strip});
  xmlNode *marks = style_child(root, "marks");
  char *mark_style = style_attr(marks, "style");
  s->marks = strcmp(mark_style, "corner") == 0 ? MARKS_CORNER : MARKS_EDGE;
  free(mark_style);
  STYLE_NUMBERS(marks, {"length", &s->mark_len, &range_mark_len},
                {"offset", &s->mark_offset, &range_mark_offset},
                {"width", &s->mark_width_pt, &range_mark_width});
  s->font_family = style_attr(style_child(root, "fonts"), "family");
  /* Nothing printed is smaller, unless the template says otherwise (preflight checks it). */
  s->min_text_pt = 5;
  STYLE_NUMBERS(style_child(root, "sizes"), {"text-min", &s->min_text_pt, &range_type},
                {"question-max", &s->question_max_pt, &range_type},
                {"question-min", &s->question_min_pt, &range_type},
                {"prompt", &s->prompt_pt, &range_type}, {"band", &s->band_pt, &range_type},
                {"meta", &s->meta_pt, &range_type}, {"footer", &s->footer_pt, &range_type},
                {"back-title", &s->back_title_pt, &range_type},
                {"back-subtitle", &s->back_sub_pt, &range_type},
                {"line-spacing", &s->line_spacing, &range_line_spacing});
  style_read_colours(s, style_child(root, "colours"), d);
  style_read_document(s, root, d);
  if (diag_error_count(d) == before) {
    style_check(s, root, d);
    xmlNode *doc_node = style_child(root, "document");
    if (doc_node) style_check_document(s, doc_node, d);
  }
  if (diag_error_count(d) != before) {
    style_free(s);
    return NULL;
  }
  return s;
}

style *style_load(const char *buf, size_t len, const char *filename, diag_list *d) {
  xmlDoc *doc = xmldoc_parse_valid(buf, len, filename, "template", embedded_template,
                                   embedded_template_len, d);
  if (!doc) return NULL;
  style *s = style_from_doc(doc, filename, d);
  xmlFreeDoc(doc);
  return s;
}

style *style_load_file(const char *path, diag_list *d) {
  char *buf;
  size_t len;
  if (xmldoc_read_file(path, STYLE_MAX_FILE, "check the --template path", "a template", &buf,
                       &len, d) != 0)
    return NULL;
  style *s = style_load(buf, len, path, d);
  free(buf);
  return s;
}

void style_free(style *s) {
  if (!s) return;
  for (size_t i = 0; i < s->n_themes; i++) free(s->themes[i].id);
  for (size_t i = 0; i < s->n_cardsets; i++) free(s->cardsets[i].id);
  for (size_t i = 0; i < s->n_papers; i++) free(s->papers[i].name);
  free(s->themes);
  free(s->cardsets);
  free(s->inks);
  free(s->papers);
  free(s->font_family);
  free(s->name);
  free(s->file);
  free(s);
}

static style_rgb style_colour_find(const style_colour_of *list, size_t n, const char *id) {
  for (size_t i = 0; id && i < n; i++)
    if (strcmp(list[i].id, id) == 0) return list[i].colour;
  return style_fallback;
}

style_rgb style_theme_colour(const style *s, const char *theme_id) {
  return style_colour_find(s->themes, s->n_themes, theme_id);
}

style_rgb style_cardset_colour(const style *s, const char *cardset_id) {
  return style_colour_find(s->cardsets, s->n_cardsets, cardset_id);
}

const style_paper *style_paper_find(const style *s, const char *name) {
  for (size_t i = 0; name && i < s->n_papers; i++)
    if (strcmp(s->papers[i].name, name) == 0) return &s->papers[i];
  return NULL;
}
