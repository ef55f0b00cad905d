/* text: rich text runs to hyphenated Pango layouts with attributes (never markup); measuring and fitting in mm. */
#include "text.h"

#include <limits.h>
#include <math.h>

#include "para.h"
#include <stdlib.h>
#include <pango/pangocairo.h>
#include <string.h>

#define PT_PER_MM (72.0 / 25.4)
#define MM_PER_PT (25.4 / 72.0)

struct text_ctx {
  PangoContext *ctx;             /* owned */
  const hyphen_dict *hyph;       /* borrowed; may be NULL */
  const model_instrument *model; /* borrowed; may be NULL (refs print their id) */
  int rtl;                       /* the language is written right to left */
  GHashTable *shared;            /* text_layout_plain_shared: key -> PangoLayout */
};

text_ctx *text_ctx_new(fonts *f, const hyphen_dict *h, const model_instrument *m) {
  PangoContext *ctx = fonts_context_new(f);
  if (!ctx) return NULL;
  /* The content's language, not the user's locale: shaping and Pango's
   * choice to draw a hyphen at a soft hyphen depend on it, and the same
   * input must give the same output on every machine. */
  pango_context_set_language(ctx, pango_language_from_string(m && m->lang ? m->lang : "und"));
  text_ctx *t = g_new0(text_ctx, 1);
  /* Every paragraph of a right-to-left edition is right to left, whatever
   * its first letter (a code, a Latin name): make_layout turns the
   * layouts' own choice off. */
  t->rtl = model_rtl(m);
  if (t->rtl) pango_context_set_base_dir(ctx, PANGO_DIRECTION_RTL);
  t->ctx = ctx;
  t->hyph = h;
  t->model = m;
  t->shared = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
  return t;
}

int text_ctx_rtl(const text_ctx *t) { return t && t->rtl; }

PangoContext *text_ctx_pango(const text_ctx *t) { return t->ctx; }

double text_start_x(const text_ctx *t, double x, double w, double span) {
  return text_ctx_rtl(t) ? span - x - w : x;
}

int text_from_reference(const text_ctx *t, model_loc loc) {
  const model_instrument *r = t && t->rtl ? t->model->reference : NULL;
  return r && r->file && loc.file && strcmp(loc.file, r->file) == 0 && !model_rtl(r);
}

void text_ctx_free(text_ctx *t) {
  if (!t) return;
  g_hash_table_unref(t->shared);
  g_object_unref(t->ctx);
  g_free(t);
}

/* Millimetres to Pango units of a layout in points. */
static int mm_to_units(double mm) { return (int)floor(mm * PT_PER_MM * PANGO_SCALE); }
static double units_to_mm(int units) { return (double)units / PANGO_SCALE * MM_PER_PT; }

static PangoFontDescription *style_font(const text_style *s, double size_pt) {
  PangoFontDescription *fd = pango_font_description_new();
  if (s->family) pango_font_description_set_family(fd, s->family);
  /* Absolute size is in device units, which are points at resolution 72. */
  pango_font_description_set_absolute_size(fd, size_pt * PANGO_SCALE);
  pango_font_description_set_weight(fd, s->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style(fd, s->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  return fd;
}

/* Marks a layout whose lines justify_lines widens to its width. */
static GQuark justify_quark(void) { return g_quark_from_static_string("kaartset-text-justify"); }

/* What the paragraph builder needs to choose a layout's breaks again: the
 * text as hyphenated, before any break is made, and what belongs to it. */
typedef struct text_para {
  char *text;            /* owned: hyphenated, original paragraph breaks only */
  PangoAttrList *attrs;  /* owned reference, offsets in text; may be NULL */
  GArray *refs;          /* owned: text_ref, offsets in text; may be NULL */
  GArray *compound;      /* owned: int offsets in text of soft hyphens at compound boundaries */
  GArray *soft;          /* owned: int offsets in the layout's text of the '\n' put there */
  GArray *layout_refs;   /* owned: refs in the layout's text */
  hyphen_rules rules;
  int justify;
  int rtl;               /* the layout's paragraphs are right to left */
  int width;             /* the width asked for, Pango units; -1: none */
  int broken_width;      /* the width the layout's breaks were chosen for */
} text_para;

static GQuark para_quark(void) { return g_quark_from_static_string("kaartset-text-para"); }

static void text_para_free(text_para *p) {
  g_free(p->text);
  if (p->attrs) pango_attr_list_unref(p->attrs);
  if (p->refs) g_array_unref(p->refs);
  g_array_unref(p->compound);
  g_array_unref(p->soft);
  if (p->layout_refs) g_array_unref(p->layout_refs);
  g_free(p);
}

/* The width lines are set to (Pango units; -1: none): the one asked for,
 * not the little more Pango is given (para_apply). */
static int text_width(PangoLayout *l) {
  text_para *p = g_object_get_qdata(G_OBJECT(l), para_quark());
  return p ? p->width : pango_layout_get_width(l);
}

/* True when the '\n' at byte at of l's text is a line break the paragraph
 * builder made (the paragraph goes on after it). */
static int is_soft_break(PangoLayout *l, int at) {
  text_para *p = g_object_get_qdata(G_OBJECT(l), para_quark());
  if (!p) return 0;
  for (guint i = 0; i < p->soft->len; i++)
    if (g_array_index(p->soft, int, i) == at) return 1;
  return 0;
}

/* Widens every line of l but the last of each paragraph to l's width by
 * widening its spaces (not trailing ones), as Pango's own justification
 * does. Lines with no space stay as they are rather than being letter-spaced.
 * Glyph widths of a layout's lines may be changed (pango_layout_get_lines);
 * Pango rebuilds them on any change of the layout, and a second call finds
 * nothing left to add. */
static void justify_lines(PangoLayout *l) {
  int width = text_width(l);
  if (width < 0 || !g_object_get_qdata(G_OBJECT(l), justify_quark())) return;
  const char *text = pango_layout_get_text(l);
  for (GSList *p = pango_layout_get_lines(l); p; p = p->next) {
    PangoLayoutLine *line = p->data;
    PangoLayoutLine *next = p->next ? p->next->data : NULL;
    if (!next || (next->is_paragraph_start && !is_soft_break(l, next->start_index - 1))) continue;
    PangoRectangle log;
    pango_layout_line_get_extents(line, NULL, &log);
    /* Negative when the paragraph builder set the line with closer spaces. */
    int extra = width - log.width;
    if (extra == 0) continue;
    /* Spaces before the last visible character: a trailing one is where the
     * line broke and has no width. */
    int limit = line->start_index + line->length;
    while (limit > line->start_index && text[limit - 1] == ' ') limit--;
    int spaces = 0;
    for (GSList *r = line->runs; r; r = r->next) {
      PangoGlyphItem *run = r->data;
      for (int i = 0; i < run->glyphs->num_glyphs; i++) {
        int at = run->item->offset + run->glyphs->log_clusters[i];
        spaces += at < limit && text[at] == ' ';
      }
    }
    if (spaces == 0) continue;
    int k = 0;
    for (GSList *r = line->runs; r; r = r->next) {
      PangoGlyphItem *run = r->data;
      for (int i = 0; i < run->glyphs->num_glyphs; i++) {
        int at = run->item->offset + run->glyphs->log_clusters[i];
        if (text[at] != ' ' || at >= limit) continue;
        /* Integer shares that add up to extra exactly. */
        int add = (int)((long long)extra * (k + 1) / spaces - (long long)extra * k / spaces);
        run->glyphs->glyphs[i].geometry.width += add;
        k++;
      }
    }
  }
}

/* Width in Pango units of the hyphen drawn at a break in a run shaped
 * with analysis a. */
static int hyphen_width(const PangoAnalysis *a) {
  PangoGlyphString *g = pango_glyph_string_new();
  pango_shape("\xE2\x80\x90", 3, a, g);
  if (g->num_glyphs == 0 || (g->glyphs[0].glyph & PANGO_GLYPH_UNKNOWN_FLAG))
    pango_shape("-", 1, a, g);
  int w = pango_glyph_string_get_width(g);
  pango_glyph_string_free(g);
  return w;
}

static int text_is_letter(const char *text, size_t at, size_t len) {
  return at < len && g_unichar_isalpha(g_utf8_get_char(text + at));
}

/* Letters of the word piece that ends just before byte at (soft hyphens skipped). */
static int letters_before(const char *text, size_t from, size_t at) {
  int n = 0;
  const char *p = text + at;
  while (p > text + from) {
    const char *q = g_utf8_prev_char(p);
    gunichar c = g_utf8_get_char(q);
    if (c != 0x00AD && c != 0x200C && !g_unichar_isalpha(c)) break;
    n += g_unichar_isalpha(c) != 0;
    p = q;
  }
  return n;
}

static int letters_after(const char *text, size_t at, size_t end) {
  int n = 0;
  for (const char *p = text + at; p < text + end; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (c != 0x00AD && c != 0x200C && !g_unichar_isalpha(c)) break;
    n += g_unichar_isalpha(c) != 0;
  }
  return n;
}

/* A break the builder may choose, and the byte of the text it is at: the
 * space it replaces, the soft hyphen, or where a '\n' goes in. */
typedef struct text_break {
  para_break b;
  size_t at;
} text_break;

/* The breaks of one paragraph of p->text, [start, end), whose glyphs l
 * holds set on one line (line): measured, then chosen. Appends the chosen
 * ones (not the paragraph's end) to chosen. Returns -1 when the line is
 * not simple left-to-right text (then Pango breaks it). */
static int para_choose(text_para *p, PangoLayoutLine *line, GArray *chosen) {
  const char *text = p->text;
  size_t start = (size_t)line->start_index, end = start + (size_t)line->length;
  size_t n = end - start;
  int *xat = g_new(int, n + 1);
  int *hw = g_new0(int, n + 1); /* hyphen width at a soft hyphen */
  for (size_t i = 0; i <= n; i++) xat[i] = INT_MIN;
  int x = 0, space = 0; /* a word space: the first one measured */
  for (GSList *r = line->runs; r; r = r->next) {
    PangoGlyphItem *run = r->data;
    if (run->item->analysis.level & 1) {
      g_free(xat);
      g_free(hw);
      return -1;
    }
    for (int i = 0; i < run->glyphs->num_glyphs; i++) {
      size_t at = (size_t)(run->item->offset + run->glyphs->log_clusters[i]) - start;
      if (at <= n && xat[at] == INT_MIN) xat[at] = x;
      if (at < n && (unsigned char)text[start + at] == 0xC2 &&
          (unsigned char)text[start + at + 1] == 0xAD)
        hw[at] = hyphen_width(&run->item->analysis);
      x += run->glyphs->glyphs[i].geometry.width;
    }
  }
  xat[n] = x;
  /* Bytes inside a character or a ligature: where their cluster starts. */
  int last = 0;
  for (size_t i = 0; i <= n; i++) {
    if (xat[i] == INT_MIN) xat[i] = last;
    last = xat[i];
  }

  GArray *bs = g_array_new(FALSE, TRUE, sizeof(text_break));
  text_break b0 = {{PARA_GLUE, 0, 0, 0}, start};
  g_array_append_val(bs, b0);
  for (size_t i = 0; i < n;) {
    size_t at = start + i;
    unsigned char c = (unsigned char)text[at];
    size_t next = (size_t)(g_utf8_next_char(text + at) - text) - start;
    if (c == ' ') {
      size_t j = i;
      while (j < n && text[start + j] == ' ') j++;
      if (space == 0) space = (xat[j] - xat[i]) / (int)(j - i);
      if (j < n && i > 0) {
        text_break t = {{PARA_GLUE, xat[i], xat[j], 0}, start + j - 1};
        g_array_append_val(bs, t);
      }
      i = j;
      continue;
    }
    if (c == 0xC2 && (unsigned char)text[at + 1] == 0xAD && i > 0) {
      int compound = 0;
      for (guint k = 0; k < p->compound->len; k++)
        compound |= (size_t)g_array_index(p->compound, int, k) == at;
      text_break t = {{PARA_HYPHEN, xat[i] + hw[i], xat[next], compound}, at};
      g_array_append_val(bs, t);
    } else if (c == '-' && i > 0 && text_is_letter(text, at + 1, end) &&
               letters_before(text, start, at) >= p->rules.min_left &&
               letters_after(text, at + 1, end) >= p->rules.min_right) {
      text_break t = {{PARA_AFTER, xat[next], xat[next], 0}, at + 1};
      g_array_append_val(bs, t);
    }
    i = next;
  }
  text_break te = {{PARA_END, xat[n], xat[n], 0}, end};
  g_array_append_val(bs, te);

  para_break *pb = g_new(para_break, bs->len);
  for (guint i = 0; i < bs->len; i++) pb[i] = g_array_index(bs, text_break, i).b;
  para_rules r = {
    .justify = p->justify, .space = space > 0 ? space : PANGO_SCALE * 3,
    .stretch = p->rules.stretch, .shrink = p->rules.shrink, .ragged = p->rules.ragged,
    .line_penalty = p->rules.line_penalty, .hyphen_penalty = p->rules.hyphen_penalty,
    .compound_penalty = p->rules.compound_penalty, .double_hyphen = p->rules.double_hyphen,
    .max_ladder = p->rules.max_ladder, .short_last = p->rules.short_last,
    .short_last_demerits = p->rules.short_last_demerits,
  };
  int *out = g_new(int, bs->len);
  int count = para_break_lines(pb, (int)bs->len, p->width, &r, out);
  for (int i = 0; i < count; i++) {
    text_break t = g_array_index(bs, text_break, out[i]);
    if (t.b.kind != PARA_END) g_array_append_val(chosen, t);
  }
  g_free(out);
  g_free(pb);
  g_array_unref(bs);
  g_free(xat);
  g_free(hw);
  return 0;
}

/* Sets l's text to p->text with the breaks chosen, its attributes and
 * refs moved to match, and its width to p->width. */
static void para_apply(PangoLayout *l, text_para *p, GArray *chosen) {
  const char *text = p->text;
  size_t len = strlen(text);
  size_t *map = g_new(size_t, len + 1);
  GString *out = g_string_sized_new(len + chosen->len * 4 + 1);
  g_array_set_size(p->soft, 0);
  guint c = 0;
  for (size_t i = 0; i <= len;) {
    text_break *t = c < chosen->len ? &g_array_index(chosen, text_break, c) : NULL;
    if (t && t->at == i) {
      c++;
      int nl;
      if (t->b.kind == PARA_GLUE) {
        map[i] = out->len;
        nl = (int)out->len;
        g_string_append_c(out, '\n');
        i++;
      } else if (t->b.kind == PARA_HYPHEN) {
        map[i] = out->len;
        map[i + 1] = out->len + 1;
        g_string_append(out, "\xE2\x80\x90");
        nl = (int)out->len;
        g_string_append_c(out, '\n');
        i += 2;
      } else { /* after a hyphen: a '\n' goes in */
        nl = (int)out->len;
        g_string_append_c(out, '\n');
      }
      g_array_append_val(p->soft, nl);
      continue;
    }
    map[i] = out->len;
    if (i < len) g_string_append_c(out, text[i]);
    i++;
  }
  pango_layout_set_text(l, out->str, (int)out->len);
  if (p->attrs) {
    PangoAttrList *moved = pango_attr_list_new();
    GSList *all = pango_attr_list_get_attributes(p->attrs);
    for (GSList *a = all; a; a = a->next) {
      PangoAttribute *at = a->data;
      if (at->start_index <= len) at->start_index = (guint)map[at->start_index];
      if (at->end_index <= len) at->end_index = (guint)map[at->end_index];
      pango_attr_list_insert(moved, at);
    }
    g_slist_free(all);
    pango_layout_set_attributes(l, moved);
    pango_attr_list_unref(moved);
  }
  if (p->refs) {
    if (p->layout_refs) g_array_unref(p->layout_refs);
    p->layout_refs = g_array_copy(p->refs);
    for (guint i = 0; i < p->layout_refs->len; i++) {
      text_ref *r = &g_array_index(p->layout_refs, text_ref, i);
      r->start = (int)map[r->start];
      r->end = (int)map[r->end];
    }
  }
  g_free(map);
  g_string_free(out, TRUE);
  /* Pango must never break a chosen line again: a line is shaped again
   * on its own (a kern next to the drawn hyphen may differ from what was
   * measured), and a justified line may be set with its spaces closer
   * (justify_lines). Left-aligned text needs no width; centred and
   * right-aligned text of more than one line gets a little room.
   * Justifying and the overflow check use p->width itself (text_width). */
  PangoAlignment a = pango_layout_get_alignment(l);
  if (p->width < 0 || (a == PANGO_ALIGN_LEFT && chosen->len > 0))
    pango_layout_set_width(l, -1);
  else /* one line needs no room: it is the line measured */
    pango_layout_set_width(l, p->width + (chosen->len > 0 ? PANGO_SCALE / 2 : 0));
}

/* True when text has a character a line may break before or after without
 * a space (ideographs, kana, Hangul, Thai). */
static int breaks_between_characters(const char *text) {
  for (const char *c = text; *c; c = g_utf8_next_char(c)) {
    if ((unsigned char)*c < 0x80) continue;
    switch (g_unichar_break_type(g_utf8_get_char(c))) {
    case G_UNICODE_BREAK_IDEOGRAPHIC:
    case G_UNICODE_BREAK_CONDITIONAL_JAPANESE_STARTER:
    case G_UNICODE_BREAK_HANGUL_L_JAMO:
    case G_UNICODE_BREAK_HANGUL_V_JAMO:
    case G_UNICODE_BREAK_HANGUL_T_JAMO:
    case G_UNICODE_BREAK_HANGUL_LV_SYLLABLE:
    case G_UNICODE_BREAK_HANGUL_LVT_SYLLABLE:
    case G_UNICODE_BREAK_COMPLEX_CONTEXT:
      return 1;
    default:
      break;
    }
  }
  return 0;
}

/* True when l, as text_rebreak set it (p->text in p->attrs, no width),
 * is already what para_apply makes of it with no break chosen: text with
 * no width to keep to, or left-aligned text whose every line fits the
 * width. Setting the same text again would only shape it a second time. */
static int para_stands(PangoLayout *l, const text_para *p, int simple) {
  if (p->width < 0) return 1;
  if (!simple || pango_layout_get_alignment(l) != PANGO_ALIGN_LEFT) return 0;
  PangoRectangle log;
  pango_layout_get_extents(l, NULL, &log);
  return log.width <= p->width;
}

/* What para_apply leaves in p with no break chosen, the layout as it stands. */
static void para_keep(text_para *p) {
  g_array_set_size(p->soft, 0);
  if (p->refs) {
    if (p->layout_refs) g_array_unref(p->layout_refs);
    p->layout_refs = g_array_copy(p->refs);
  }
}

/* Chooses the line breaks of l again, for its size and p->width. */
static void text_rebreak(PangoLayout *l) {
  text_para *p = g_object_get_qdata(G_OBJECT(l), para_quark());
  if (!p) return;
  GArray *chosen = g_array_new(FALSE, TRUE, sizeof(text_break));
  pango_layout_set_text(l, p->text, -1);
  pango_layout_set_attributes(l, p->attrs);
  pango_layout_set_width(l, -1);
  /* Right-to-left text, and text that breaks between characters (Chinese,
   * Japanese, Thai), is broken by Pango: its rules (UAX #14: no line
   * starts with 」 or 。) are not the builder's spaces and hyphens. */
  int simple = p->width > 0 && !p->rtl && !breaks_between_characters(p->text);
  for (GSList *line = simple ? pango_layout_get_lines_readonly(l) : NULL; line; line = line->next)
    if (para_choose(p, line->data, chosen) != 0) simple = 0;
  if (!simple) g_array_set_size(chosen, 0);
  if (chosen->len == 0 && para_stands(l, p, simple))
    para_keep(p);
  else
    para_apply(l, p, chosen);
  p->broken_width = p->width;
  g_array_unref(chosen);
}

/* A layout of already hyphenated text; takes attrs (may be NULL), refs
 * (offsets in text; may be NULL) and compound (offsets of soft hyphens at
 * compound boundaries). */
static PangoLayout *make_layout(text_ctx *t, const char *text, PangoAttrList *attrs,
                                GArray *refs, GArray *compound, const text_style *s,
                                double width_mm) {
  PangoLayout *l = pango_layout_new(t->ctx);
  text_para *p = g_new0(text_para, 1);
  p->text = g_strdup(text);
  p->attrs = attrs;
  p->refs = refs;
  p->compound = compound ? compound : g_array_new(FALSE, FALSE, sizeof(int));
  p->soft = g_array_new(FALSE, FALSE, sizeof(int));
  p->rules = *hyphen_rules_of(t->hyph, s->card ? HYPHEN_CARD : HYPHEN_TEXT);
  p->justify = s->align == TEXT_JUSTIFY;
  p->rtl = t->rtl;
  p->width = width_mm > 0 ? mm_to_units(width_mm) : -1;
  g_object_set_qdata_full(G_OBJECT(l), para_quark(), p, (GDestroyNotify)text_para_free);
  PangoFontDescription *fd = style_font(s, s->size_pt);
  pango_layout_set_font_description(l, fd);
  pango_font_description_free(fd);
  /* Words break only at spaces, after hyphens and at the soft hyphens of the
   * dictionary; a word too long for the line overflows (text_overflows_width)
   * rather than being cut between two letters. */
  pango_layout_set_wrap(l, PANGO_WRAP_WORD);
  if (t->rtl) {
    /* Left and right are the start and end of a line: in a right-to-left
     * edition the start is on the right. Pango flips alignment only for a
     * paragraph whose direction differs from the context's, so it is
     * turned here. Pango justifies right-to-left lines itself (no soft
     * hyphens there: no dictionary). */
    pango_layout_set_auto_dir(l, s->own_dir);
    /* A text with its own direction keeps to the edition's start side:
     * Pango flips the alignment of its left-to-right paragraphs. */
    int end_left = s->align == TEXT_RIGHT ? !s->own_dir : s->own_dir;
    pango_layout_set_alignment(l, s->align == TEXT_CENTER ? PANGO_ALIGN_CENTER
                                  : end_left             ? PANGO_ALIGN_LEFT
                                                         : PANGO_ALIGN_RIGHT);
    if (s->align == TEXT_JUSTIFY) pango_layout_set_justify(l, TRUE);
  } else switch (s->align) {
  case TEXT_LEFT: pango_layout_set_alignment(l, PANGO_ALIGN_LEFT); break;
  case TEXT_CENTER: pango_layout_set_alignment(l, PANGO_ALIGN_CENTER); break;
  case TEXT_RIGHT: pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT); break;
  case TEXT_JUSTIFY:
    /* Not pango_layout_set_justify: Pango 1.50.12 widens some lines that end
     * in a hyphen at a soft hyphen by the hyphen's width too much, so they
     * run past the width (measured: 2.25 pt at 7 pt). Lines are justified
     * here, when drawn (justify_lines). */
    pango_layout_set_alignment(l, PANGO_ALIGN_LEFT);
    g_object_set_qdata(G_OBJECT(l), justify_quark(), GINT_TO_POINTER(1));
    break;
  }
  if (s->line_spacing > 0 && s->line_spacing != 1.0)
    pango_layout_set_line_spacing(l, (float)s->line_spacing);
  text_rebreak(l);
  return l;
}

/* Text that Pango would refuse with a warning is made valid first (content
 * comes through libxml2 and is valid already; this is for other callers). */
static char *valid_copy(const char *utf8) {
  if (!utf8) return g_strdup("");
  return g_utf8_validate(utf8, -1, NULL) ? g_strdup(utf8) : g_utf8_make_valid(utf8, -1);
}

/* A copy of utf8 set as a typographer would: a straight apostrophe after
 * a letter or digit is the typographic one (dilemma's -> dilemma’s,
 * teachers' -> teachers’); a straight one elsewhere (a quote, a measure)
 * stays. starts[0..n) are byte offsets into utf8, moved to the copy. */
static char *typographic(const char *utf8, size_t *starts, size_t n) {
  GString *out = g_string_sized_new(strlen(utf8) + 8);
  size_t k = 0;
  gunichar prev = 0;
  for (const char *p = utf8; *p; p = g_utf8_next_char(p)) {
    size_t at = (size_t)(p - utf8);
    for (; k < n && starts[k] <= at; k++) starts[k] += out->len - at;
    gunichar c = g_utf8_get_char(p);
    if (c == '\'' && (g_unichar_isalpha(prev) || g_unichar_isdigit(prev)))
      g_string_append(out, "\xE2\x80\x99");
    else
      g_string_append_len(out, p, g_utf8_next_char(p) - p);
    prev = c;
  }
  for (; k < n; k++) starts[k] += out->len - strlen(utf8);
  return g_string_free(out, FALSE);
}

char *text_typographic(const char *utf8) {
  if (!utf8) return NULL;
  char *valid = valid_copy(utf8);
  char *set = typographic(valid, NULL, 0);
  g_free(valid);
  return set;
}

PangoLayout *text_layout_plain(text_ctx *t, const char *utf8, const text_style *s,
                               double width_mm) {
  if (!t || !s) return NULL;
  char *valid = valid_copy(utf8);
  char *plain = typographic(valid, NULL, 0);
  g_free(valid);
  GArray *compound = g_array_new(FALSE, FALSE, sizeof(int));
  char *hyph = hyphen_insert_marked(t->hyph, plain, s->card ? HYPHEN_CARD : HYPHEN_TEXT,
                                    s->hyphen_word, s->hyphen_side, compound);
  g_free(plain);
  PangoLayout *l = make_layout(t, hyph, NULL, NULL, compound, s, width_mm);
  g_free(hyph);
  return l;
}

static const char *run_text(const text_ctx *t, const model_run *r) {
  if (r->kind == RUN_REF_CARD) {
    const model_card *c = t->model ? model_card_find(t->model, r->ref) : NULL;
    return c && c->code ? c->code : r->ref;
  }
  if (r->kind == RUN_REF_WERKVORM) {
    const model_werkvorm *w = t->model ? model_werkvorm_find(t->model, r->ref) : NULL;
    return w && w->name ? w->name : r->ref;
  }
  return r->text;
}

/* map[i] = the offset in hyph of byte i of plain, where hyph is plain with
 * soft hyphens inserted. hyphen_insert_soft inserts them only between two
 * letters (a non-joiner before some), never next to a soft hyphen already
 * there, so walking both by character, a character that differs is an
 * inserted one. A soft hyphen
 * inserted at an offset belongs to what comes before it: map[i] points past
 * it, so a run ending at i takes it (its hyphen is drawn in that run's
 * style). */
static size_t *offset_map(const char *plain, const char *hyph) {
  size_t n = strlen(plain);
  size_t *map = g_new(size_t, n + 1);
  size_t i = 0, j = 0;
  while (i < n) {
    gunichar a = g_utf8_get_char(plain + i), b = g_utf8_get_char(hyph + j);
    if (a != b && (b == 0x00AD || b == 0x200C)) {
      j += b == 0x00AD ? 2 : 3;
      continue;
    }
    size_t len = (size_t)(g_utf8_next_char(plain + i) - (plain + i));
    for (size_t k = 0; k < len; k++) map[i + k] = j + k;
    i += len;
    j += len;
  }
  map[n] = strlen(hyph);
  return map;
}

PangoLayout *text_layout_rich(text_ctx *t, const model_text *txt, const text_style *s,
                              double width_mm) {
  if (!t || !txt || !s) return NULL;
  /* The whole text at once, so that a word spanning runs
   * ("<strong>werk</strong>plek") is hyphenated as one word. */
  GString *plain = g_string_new("");
  size_t *start = g_new(size_t, txt->n_runs + 1);
  for (size_t i = 0; i < txt->n_runs; i++) {
    start[i] = plain->len;
    const char *r = run_text(t, &txt->runs[i]);
    /* A card code or werkvorm name the program fills in keeps its own
     * direction among right-to-left words, as label values do (model_label_fill). */
    int isolate = t->rtl && txt->runs[i].kind != RUN_TEXT;
    if (isolate) g_string_append(plain, "\xE2\x81\xA8");
    if (r) g_string_append(plain, r);
    if (isolate) g_string_append(plain, "\xE2\x81\xA9");
  }
  start[txt->n_runs] = plain->len;
  if (g_utf8_validate(plain->str, (gssize)plain->len, NULL)) {
    /* Run starts ascend, as typographic needs them. */
    char *set = typographic(plain->str, start, txt->n_runs + 1);
    g_string_assign(plain, set);
    g_free(set);
  } else {
    g_free(start);
    g_string_free(plain, TRUE);
    /* Run boundaries would not survive repairing; lose the styles, keep the words. */
    char *p = model_text_plain(t->model, txt);
    PangoLayout *l = text_layout_plain(t, p, s, width_mm);
    free(p);
    return l;
  }

  GArray *compound = g_array_new(FALSE, FALSE, sizeof(int));
  char *hyph = hyphen_insert_marked(t->hyph, plain->str, s->card ? HYPHEN_CARD : HYPHEN_TEXT,
                                    s->hyphen_word, s->hyphen_side, compound);
  size_t *map = offset_map(plain->str, hyph);
  PangoAttrList *attrs = pango_attr_list_new();
  for (size_t i = 0; i < txt->n_runs; i++) {
    unsigned flags = txt->runs[i].flags;
    guint a = (guint)map[start[i]], b = (guint)map[start[i + 1]];
    if (a == b) continue;
    if (flags & RUN_STRONG) {
      PangoAttribute *w = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
      w->start_index = a;
      w->end_index = b;
      pango_attr_list_insert(attrs, w);
    }
    if (flags & RUN_EM) {
      /* Emphasis in italic text is upright, as in print. */
      PangoAttribute *st = pango_attr_style_new(s->italic ? PANGO_STYLE_NORMAL : PANGO_STYLE_ITALIC);
      st->start_index = a;
      st->end_index = b;
      pango_attr_list_insert(attrs, st);
    }
  }
  /* Where each reference landed, so a renderer can make it a link. */
  GArray *refs = g_array_new(FALSE, FALSE, sizeof(text_ref));
  for (size_t i = 0; i < txt->n_runs; i++) {
    if (txt->runs[i].kind == RUN_TEXT) continue;
    text_ref r = {txt->runs[i].kind, txt->runs[i].ref, (int)map[start[i]], (int)map[start[i + 1]]};
    if (r.start < r.end) g_array_append_val(refs, r);
  }
  text_style own = *s;
  own.own_dir = s->own_dir || text_from_reference(t, txt->loc);
  PangoLayout *l = make_layout(t, hyph, attrs, refs, compound, &own, width_mm);
  g_free(map);
  g_free(hyph);
  g_free(start);
  g_string_free(plain, TRUE);
  return l;
}

PangoLayout *text_layout_plain_shared(text_ctx *t, const char *utf8, const text_style *s,
                                      double width_mm) {
  if (!t || !s) return NULL;
  /* Everything the layout is made from (the context is t's). */
  char *key = g_strdup_printf("%s|%a|%a|%d|%d|%d|%d|%d|%d|%d|%a|%s", s->family ? s->family : "",
                              s->size_pt, s->line_spacing, s->bold, s->italic, (int)s->align,
                              s->hyphen_word, s->hyphen_side, s->card, s->own_dir, width_mm,
                              utf8 ? utf8 : "");
  PangoLayout *l = g_hash_table_lookup(t->shared, key);
  if (l) {
    g_free(key);
    return g_object_ref(l);
  }
  l = text_layout_plain(t, utf8, s, width_mm);
  g_hash_table_insert(t->shared, key, g_object_ref(l));
  return l;
}

const char *text_layout_words(PangoLayout *l) {
  text_para *p = g_object_get_qdata(G_OBJECT(l), para_quark());
  return p ? p->text : pango_layout_get_text(l);
}

double text_layout_width_mm(PangoLayout *l) {
  justify_lines(l);
  PangoRectangle log;
  pango_layout_get_extents(l, NULL, &log);
  return units_to_mm(log.width);
}

double text_layout_height_mm(PangoLayout *l) {
  PangoRectangle log;
  pango_layout_get_extents(l, NULL, &log);
  return units_to_mm(log.height);
}

void text_layout_set_size(PangoLayout *l, const text_style *s, double size_pt) {
  PangoFontDescription *fd = style_font(s, size_pt);
  /* Already set in this font and broken for this width (a fit's first try
   * at the size the layout was made in, or its last at the size found):
   * choosing the breaks again would shape the text twice for the same lines. */
  text_para *p = g_object_get_qdata(G_OBJECT(l), para_quark());
  const PangoFontDescription *now = pango_layout_get_font_description(l);
  int same = p && p->broken_width == p->width && now && pango_font_description_equal(now, fd);
  pango_layout_set_font_description(l, fd);
  pango_font_description_free(fd);
  if (!same) text_rebreak(l);
}

gunichar text_missing_char(PangoLayout *l, int *count) {
  const char *text = pango_layout_get_text(l);
  int n = 0;
  int first = -1; /* byte offset of the first missing character in the text */
  PangoLayoutIter *it = pango_layout_get_iter(l);
  do {
    PangoGlyphItem *run = pango_layout_iter_get_run_readonly(it);
    if (!run) continue; /* the end of a line */
    const PangoGlyphString *g = run->glyphs;
    for (int i = 0; i < g->num_glyphs; i++) {
      /* PANGO_GLYPH_INVALID_INPUT has the flag too: it counts, as in
       * pango_layout_get_unknown_glyphs_count. */
      if (!(g->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG)) continue;
      n++;
      int at = run->item->offset + g->log_clusters[i];
      if (first < 0 || at < first) first = at;
    }
  } while (pango_layout_iter_next_run(it));
  pango_layout_iter_free(it);
  if (count) *count = n;
  return first < 0 ? 0 : g_utf8_get_char(text + first);
}

void text_layout_fit(PangoLayout *l) {
  for (GSList *p = pango_layout_get_lines_readonly(l); p; p = p->next)
    for (GSList *r = ((PangoLayoutLine *)p->data)->runs; r; r = r->next)
      frame_glyphs_fit(((PangoGlyphItem *)r->data)->glyphs);
}

int text_overflows_width(PangoLayout *l) {
  int width = text_width(l);
  if (width < 0) return 0;
  justify_lines(l); /* a justified line may be set closer than it was shaped */
  for (GSList *p = pango_layout_get_lines_readonly(l); p; p = p->next) {
    PangoRectangle log;
    pango_layout_line_get_extents(p->data, NULL, &log);
    if (log.width > width) return 1;
  }
  return 0;
}

static int fits_at(PangoLayout *l, const text_style *s, double size_pt, int h_units) {
  text_layout_set_size(l, s, size_pt);
  if (text_overflows_width(l)) return 0;
  PangoRectangle log;
  pango_layout_get_extents(l, NULL, &log);
  return log.height <= h_units;
}

double text_fit(PangoLayout *l, const text_style *s, double min_pt, double max_pt,
                double w_mm, double h_mm) {
  if (max_pt < min_pt) max_pt = min_pt;
  text_para *p = g_object_get_qdata(G_OBJECT(l), para_quark());
  if (p)
    p->width = mm_to_units(w_mm); /* the breaks are chosen at each size tried */
  else
    pango_layout_set_width(l, mm_to_units(w_mm));
  int h_units = mm_to_units(h_mm);
  /* Most card texts fit at max: try it first, one layout. */
  if (fits_at(l, s, max_pt, h_units)) return max_pt;
  PangoRectangle at_max;
  pango_layout_get_extents(l, NULL, &at_max);
  /* Sizes min_pt + k/10 for k in [0, hi); hi stands for max_pt, which does
   * not fit. Invariant: lo fits (lo = -1: nothing is known to fit), hi does
   * not. Each layout costs a shaping pass, so the search starts where the
   * answer most likely is: a text's height at a fixed width grows about
   * with the square of its size. Then it needs two or three layouts, not
   * the seven or eight of a plain bisection. */
  int lo = -1;
  int hi = (int)ceil((max_pt - min_pt) * 10.0 - 1e-9);
  double guess = at_max.height > 0 ? max_pt * sqrt((double)h_units / at_max.height) : min_pt;
  int mid = (int)floor((guess - min_pt) * 10.0);
  if (mid < 0) mid = 0;
  if (mid > hi - 1) mid = hi - 1;
  for (int probe = 0; hi - lo > 1; probe++) {
    if (fits_at(l, s, min_pt + mid / 10.0, h_units))
      lo = mid;
    else
      hi = mid;
    /* The second probe is the guess's neighbour on the open side, which
     * closes the bracket when the guess was right; after that, bisect. */
    mid = probe == 0 ? (lo == mid ? mid + 1 : mid - 1) : lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) mid = lo + (hi - lo) / 2;
  }
  if (lo < 0) return 0; /* the layout is left at min_pt, which does not fit */
  double size = min_pt + lo / 10.0;
  text_layout_set_size(l, s, size);
  return size;
}

const text_ref *text_layout_refs(PangoLayout *l, size_t *n) {
  text_para *p = g_object_get_qdata(G_OBJECT(l), para_quark());
  GArray *refs = p ? p->layout_refs : NULL;
  *n = refs ? refs->len : 0;
  return refs && refs->len ? (const text_ref *)(void *)refs->data : NULL;
}

int text_layout_line_count(PangoLayout *l) { return pango_layout_get_line_count(l); }

void text_layout_line_mm(PangoLayout *l, int i, double *top_mm, double *pitch_mm) {
  PangoRectangle whole;
  pango_layout_get_extents(l, NULL, &whole);
  int top = whole.height, next = whole.height, k = 0;
  PangoLayoutIter *it = pango_layout_get_iter(l);
  do {
    PangoRectangle log;
    pango_layout_iter_get_line_extents(it, NULL, &log);
    if (k == i) top = log.y;
    if (k == i + 1) next = log.y;
    k++;
  } while (k <= i + 1 && pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  *top_mm = units_to_mm(top);
  *pitch_mm = units_to_mm(next - top);
}

int text_line_hyphenated(PangoLayout *l, int i) {
  PangoLayoutLine *line = pango_layout_get_line_readonly(l, i);
  if (!line) return 0;
  const char *text = pango_layout_get_text(l);
  const char *start = text + line->start_index, *p = start + line->length;
  while (p > start) {
    const char *prev = g_utf8_find_prev_char(start, p);
    gunichar ch = g_utf8_get_char(prev);
    if (ch != '\n' && ch != ' ' && ch != 0x2028) return ch == 0x00AD || ch == 0x2010 || ch == '-';
    p = prev;
  }
  return 0;
}

double text_layout_baseline_mm(PangoLayout *l, int i) {
  PangoLayoutIter *it = pango_layout_get_iter(l);
  for (int k = 0; k < i && pango_layout_iter_next_line(it); k++) {}
  int baseline = pango_layout_iter_get_baseline(it);
  pango_layout_iter_free(it);
  return units_to_mm(baseline);
}

/* Takes out of a run the soft hyphens that print nothing (the breaks not
 * taken; Pango gives each an empty glyph of no width): Cairo wrote an empty
 * marked-content span (ActualText U+00AD) for each, splitting the line's
 * text into pieces. The other glyphs' clusters move to match. */
static void text_run_drop_soft_hyphens(frame_run *r) {
  const char *s = r->text;
  if (!strstr(s, "\xC2\xAD")) return;
  PangoGlyphString *g = r->glyphs->glyphs;
  size_t n = strlen(s);
  char *printed = g_new0(char, n + 1); /* a glyph that shows starts its cluster here */
  for (int i = 0; i < g->num_glyphs; i++) {
    int c = g->log_clusters[i];
    if (c < 0 || (size_t)c > n) continue;
    if (g->glyphs[i].glyph != PANGO_GLYPH_EMPTY || g->glyphs[i].geometry.width != 0) printed[c] = 1;
  }
  int *map = g_new(int, n + 1);
  char *out = g_malloc(n + 1);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    map[i] = (int)k;
    if ((unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xAD && !printed[i]) {
      printed[i] = 2; /* dropped */
      map[++i] = (int)k;
      continue;
    }
    out[k++] = s[i];
  }
  map[n] = (int)k;
  out[k] = '\0';
  int kept = 0;
  for (int i = 0; i < g->num_glyphs; i++) {
    int c = g->log_clusters[i];
    if (c >= 0 && (size_t)c <= n && printed[c] == 2) continue; /* the empty glyph of a dropped one */
    g->glyphs[kept] = g->glyphs[i];
    g->log_clusters[kept++] = c >= 0 && (size_t)c <= n ? map[c] : c;
  }
  pango_glyph_string_set_size(g, kept);
  r->glyphs->item->length = (int)k;
  r->glyphs->item->num_chars = (int)g_utf8_strlen(out, (gssize)k);
  g_free(r->text);
  r->text = out;
  g_free(map);
  g_free(printed);
}

int text_frame(frame *f, PangoLayout *l, int first, int count, double x_mm, double y_mm,
               double angle, style_rgb c, const frame_source *src) {
  justify_lines(l);
  int block = frame_new_block(f);
  double a = angle * G_PI / 180, cs = cos(a), sn = sin(a);
  const char *text = pango_layout_get_text(l);
  PangoLayoutIter *it = pango_layout_get_iter(l);
  int k = 0, origin = 0;
  do {
    if (count >= 0 && k >= first + count) break;
    PangoRectangle line_log;
    pango_layout_iter_get_line_extents(it, NULL, &line_log);
    if (k == first) origin = line_log.y;
    if (k < first) continue;
    double base = units_to_mm(pango_layout_iter_get_baseline(it) - origin);
    double line_top = units_to_mm(line_log.y - origin);
    double line_bottom = line_top + units_to_mm(line_log.height);
    /* Each run of the line, as pango_renderer_draw_layout places it: one
     * after the other from the line's logical left edge. */
    PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
    int x_off = line_log.x;
    for (GSList *p = line->runs; p; p = p->next) {
      PangoGlyphItem *run = p->data;
      int width = pango_glyph_string_get_width(run->glyphs);
      if (run->glyphs->num_glyphs == 0) continue;
      frame_run *r = calloc(1, sizeof *r);
      if (!r) abort();
      r->glyphs = pango_glyph_item_copy(run);
      r->text = g_strndup(text + run->item->offset, (gsize)run->item->length);
      r->glyphs->item->offset = 0;
      text_run_drop_soft_hyphens(r);
      PangoFontDescription *fd = pango_font_describe(run->item->analysis.font);
      r->size_pt = (double)pango_font_description_get_size(fd) / PANGO_SCALE;
      pango_font_description_free(fd);
      r->width = units_to_mm(width);
      r->ascent = base - line_top;
      r->descent = line_bottom - base;
      double lx = units_to_mm(x_off), ly = base;
      frame_add(f, &(frame_item){.kind = FRAME_TEXT, .x = x_mm + lx * cs - ly * sn,
                                 .y = y_mm + lx * sn + ly * cs, .angle = angle, .colour = c,
                                 .run = r, .block = block, .src = src ? *src : (frame_source){0}});
      x_off += width;
    }
  } while (k++, pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  return block;
}

size_t text_layout_range_rects_mm(PangoLayout *l, int start, int end, double *xywh, size_t max) {
  justify_lines(l);
  size_t n = 0;
  PangoLayoutIter *it = pango_layout_get_iter(l);
  do {
    PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
    if (line->start_index >= end || line->start_index + line->length <= start) continue;
    PangoRectangle log;
    pango_layout_iter_get_line_extents(it, NULL, &log);
    int *ranges = NULL, n_ranges = 0;
    pango_layout_line_get_x_ranges(line, start, end, &ranges, &n_ranges);
    for (int r = 0; r < n_ranges && n < max; r++) {
      double *q = xywh + 4 * n++;
      /* The ranges are from the layout's left edge, the line's alignment
       * offset (log.x) included. */
      q[0] = units_to_mm(ranges[2 * r]);
      q[1] = units_to_mm(log.y);
      q[2] = units_to_mm(ranges[2 * r + 1] - ranges[2 * r]);
      q[3] = units_to_mm(log.height);
    }
    g_free(ranges);
  } while (n < max && pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  return n;
}
