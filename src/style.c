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

/* Reads the numbers of one element into the struct fields listed. */
typedef struct style_field {
  const char *attr;
  double *into;
} style_field;

static void style_numbers(xmlNode *n, const style_field *fields, size_t count,
                          const char *file, diag_list *d) {
  for (size_t i = 0; i < count; i++) {
    xmlChar *v = xmlGetProp(n, (const xmlChar *)fields[i].attr);
    if (v) *fields[i].into = xmldoc_number(n, fields[i].attr, file, d);
    xmlFree(v);
  }
}

#define STYLE_NUMBERS(node, ...)                                               \
  do {                                                                         \
    const style_field f_[] = {__VA_ARGS__};                                    \
    style_numbers(node, f_, sizeof f_ / sizeof f_[0], s->file, d);             \
  } while (0)

static void style_read_colours(style *s, xmlNode *c) {
  s->text = style_parse_rgb(c, "text");
  s->muted = style_parse_rgb(c, "muted");
  s->paper = style_parse_rgb(c, "paper");
  s->back_text = style_parse_rgb(c, "on-colour");
  size_t n = 0;
  for (xmlNode *k = c->children; k; k = k->next) n += k->type == XML_ELEMENT_NODE;
  s->themes = calloc(n + 1, sizeof *s->themes);
  s->cardsets = calloc(n + 1, sizeof *s->cardsets);
  if (!s->themes || !s->cardsets) abort();
  for (xmlNode *k = c->children; k; k = k->next) {
    if (k->type != XML_ELEMENT_NODE) continue;
    int is_theme = strcmp((const char *)k->name, "theme") == 0;
    style_colour_of *to = is_theme ? &s->themes[s->n_themes++] : &s->cardsets[s->n_cardsets++];
    to->id = style_attr(k, "id");
    to->colour = style_parse_rgb(k, "colour");
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
    p->w = xmldoc_number(k, "width", s->file, d);
    p->h = xmldoc_number(k, "height", s->file, d);
  }
  s->paper_w = s->papers[0].w;
  s->paper_h = s->papers[0].h;
}

/* What the grammar cannot say: sizes that cannot work together. */
static void style_check(const style *s, xmlNode *root, diag_list *d) {
  long line = xmlGetLineNo(style_child(root, "sizes"));
  if (s->question_min_pt > s->question_max_pt)
    diag_error(d, s->file, line, "question-min (%.1f) is larger than question-max (%.1f) "
               "(swap them)", s->question_min_pt, s->question_max_pt);
  line = xmlGetLineNo(style_child(root, "card"));
  if (2 * s->safe >= s->card_w || s->band_h + 2 * s->safe >= s->card_h)
    diag_error(d, s->file, line, "the safe zone and band leave no room for text on a "
               "%.1f x %.1f mm card (make safe or band smaller)", s->card_w, s->card_h);
}

/* <document> may be left out (the grammar makes it optional; its
 * attributes are all required, as many optional attributes make libxml2's
 * RELAX NG validation exponentially slow): these are the defaults, the
 * same as templates/default.xml. */
static void style_read_document(style *s, xmlNode *root, diag_list *d) {
  s->doc_w = 210, s->doc_h = 297;
  s->doc_margin_top = 24, s->doc_margin_bottom = 24;
  s->doc_margin_left = 24, s->doc_margin_right = 24;
  s->doc_body_pt = 10, s->doc_small_pt = 8, s->doc_h1_pt = 17, s->doc_h2_pt = 12;
  s->doc_title_pt = 30, s->doc_subtitle_pt = 14, s->doc_line_spacing = 1.05;
  s->doc_para_space = 2.6, s->doc_item_space = 1.4, s->doc_h1_space = 10;
  s->doc_h2_space = 6, s->doc_heading_after = 2.4, s->doc_indent = 6.5;
  s->doc_rule_space = 8, s->doc_justify = 1;
  s->doc_heading = (style_rgb){0x34 / 255.0, 0x50 / 255.0, 0x8a / 255.0};
  s->table_margin = 14, s->table_max_pt = 15, s->table_min_pt = 10;
  s->table_columns = 2, s->table_gap = 8, s->table_justify = 0;
  xmlNode *n = style_child(root, "document");
  if (!n) return;
  STYLE_NUMBERS(n, {"width", &s->doc_w}, {"height", &s->doc_h},
                {"margin-top", &s->doc_margin_top}, {"margin-bottom", &s->doc_margin_bottom},
                {"margin-left", &s->doc_margin_left}, {"margin-right", &s->doc_margin_right},
                {"body", &s->doc_body_pt}, {"small", &s->doc_small_pt}, {"h1", &s->doc_h1_pt},
                {"h2", &s->doc_h2_pt}, {"title", &s->doc_title_pt},
                {"subtitle", &s->doc_subtitle_pt}, {"line-spacing", &s->doc_line_spacing},
                {"paragraph-space", &s->doc_para_space}, {"item-space", &s->doc_item_space},
                {"h1-space", &s->doc_h1_space}, {"h2-space", &s->doc_h2_space},
                {"heading-after", &s->doc_heading_after}, {"indent", &s->doc_indent},
                {"rule-space", &s->doc_rule_space}, {"table-margin", &s->table_margin},
                {"table-max", &s->table_max_pt}, {"table-min", &s->table_min_pt},
                {"table-columns", &s->table_columns}, {"table-gap", &s->table_gap});
  xmlChar *j = xmlGetProp(n, (const xmlChar *)"justify");
  if (j) s->doc_justify = strcmp((const char *)j, "true") == 0;
  xmlFree(j);
  j = xmlGetProp(n, (const xmlChar *)"table-justify");
  if (j) s->table_justify = strcmp((const char *)j, "true") == 0;
  xmlFree(j);
  xmlChar *c = xmlGetProp(n, (const xmlChar *)"heading-colour");
  if (c) s->doc_heading = style_parse_rgb(n, "heading-colour");
  xmlFree(c);
  long line = xmlGetLineNo(n);
  if (s->table_min_pt > s->table_max_pt)
    diag_error(d, s->file, line, "table-min (%.1f) is larger than table-max (%.1f) (swap them)",
               s->table_min_pt, s->table_max_pt);
  if (s->doc_margin_left + s->doc_margin_right + 40 > s->doc_w ||
      s->doc_margin_top + s->doc_margin_bottom + 40 > s->doc_h ||
      2 * s->table_margin + 40 > (s->doc_w < s->doc_h ? s->doc_w : s->doc_h))
    diag_error(d, s->file, line, "the document margins leave less than 40 mm for text on a "
               "%.1f x %.1f mm page (make them smaller)", s->doc_w, s->doc_h);
}

static style *style_from_doc(xmlDoc *doc, const char *filename, diag_list *d) {
  style *s = calloc(1, sizeof *s);
  if (!s) abort();
  s->file = style_strdup(filename);
  xmlNode *root = xmlDocGetRootElement(doc);
  s->name = style_attr(root, "name");
  size_t before = diag_error_count(d);

  STYLE_NUMBERS(style_child(root, "card"), {"width", &s->card_w}, {"height", &s->card_h},
                {"radius", &s->radius}, {"bleed", &s->bleed}, {"safe", &s->safe},
                {"band", &s->band_h});
  style_read_papers(s, root, d);
  s->scale_strip = 6;
  STYLE_NUMBERS(style_child(root, "sheet"), {"margin", &s->paper_margin}, {"gap", &s->gap},
                {"scale-strip", &s->scale_strip});
  xmlNode *marks = style_child(root, "marks");
  char *mark_style = style_attr(marks, "style");
  s->marks = strcmp(mark_style, "corner") == 0 ? MARKS_CORNER : MARKS_EDGE;
  free(mark_style);
  STYLE_NUMBERS(marks, {"length", &s->mark_len}, {"offset", &s->mark_offset},
                {"width", &s->mark_width_pt});
  s->font_family = style_attr(style_child(root, "fonts"), "family");
  STYLE_NUMBERS(style_child(root, "sizes"), {"question-max", &s->question_max_pt},
                {"question-min", &s->question_min_pt}, {"prompt", &s->prompt_pt},
                {"band", &s->band_pt}, {"meta", &s->meta_pt}, {"footer", &s->footer_pt},
                {"back-title", &s->back_title_pt}, {"back-subtitle", &s->back_sub_pt},
                {"line-spacing", &s->line_spacing});
  style_read_colours(s, style_child(root, "colours"));
  style_read_document(s, root, d);
  style_check(s, root, d);
  if (diag_error_count(d) != before) {
    style_free(s);
    return NULL;
  }
  return s;
}

style *style_load(const char *buf, size_t len, const char *filename, diag_list *d) {
  xmlDoc *doc = xmldoc_parse_valid(buf, len, filename, embedded_template,
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
