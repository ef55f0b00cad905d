/* card: the face (theme band, set and aspect, fitted question, prompts, footer) and the back. */
#include "card.h"

#include <stdlib.h>

/* Vertical rhythm of a face, in mm; the sizes of type come from the template. */
static const double card_meta_gap = 2.5;     /* band to the meta line */
static const double card_question_gap = 3.0; /* meta line to the question */
static const double card_block_gap = 2.5;    /* question to prompts, prompts to footer */
static const double card_prompt_gap = 1.2;   /* between two prompts */

static void card_set_rgb(cairo_t *cr, style_rgb c) {
  cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

static text_style card_text_style(const style *s, double size_pt, int bold) {
  return (text_style){
    .family = s->font_family, .size_pt = size_pt, .line_spacing = s->line_spacing,
    .bold = bold, .align = TEXT_LEFT,
  };
}

/* "Prikkelvragen · Visie", from the label so a translation may reorder it. */
static char *card_meta_text(const model_instrument *m, const model_card *c) {
  const char *names[] = {"set", "aspect", "theme"};
  const char *values[] = {c->set->name, c->aspect->name, c->theme->name};
  return model_label_fill(m, "card.meta", 3, names, values);
}

static char *card_footer_text(const model_instrument *m, const model_card *c) {
  const char *names[] = {"code", "edition", "set"};
  const char *values[] = {c->code, m->edition, c->set->name};
  return model_label_fill(m, "card.footer", 3, names, values);
}

/* The theme name on a band: one line, shrunk down to the meta size when
 * long; only a name too long even then wraps. */
static PangoLayout *card_band_layout(text_ctx *t, const style *s, const char *name,
                                     double width, text_align align) {
  text_style bs = card_text_style(s, s->band_pt, 1);
  bs.align = align;
  PangoLayout *l = text_layout_plain(t, name, &bs, 0);
  double w = text_layout_width_mm(l);
  if (w <= width) {
    g_object_unref(l);
    return text_layout_plain(t, name, &bs, width);
  }
  double size = s->band_pt * width / w;
  size = size < s->meta_pt ? s->meta_pt : (double)(int)(size * 10) / 10;
  g_object_unref(l);
  bs.size_pt = size;
  return text_layout_plain(t, name, &bs, width);
}

/* Prompts are drawn "– prompt" with a hanging indent; the dash is layout, not a word. */
static PangoLayout *card_prompt_layout(text_ctx *t, const style *s, const model_text *p,
                                       double width) {
  text_style ps = card_text_style(s, s->prompt_pt, 0);
  return text_layout_rich(t, p, &ps, width);
}

static const double card_indent = 3.0; /* prompts hang in by this */

/* Height of the prompts block: heading plus each prompt. */
static double card_prompts_height(text_ctx *t, const style *s, const model_instrument *m,
                                  const model_card *c, double width) {
  if (c->n_prompts == 0) return 0;
  const model_label *head = model_label_find(m, "card.prompts");
  text_style hs = card_text_style(s, s->meta_pt, 1);
  PangoLayout *hl = text_layout_plain(t, head ? head->text : "", &hs, width);
  double h = text_layout_height_mm(hl);
  g_object_unref(hl);
  for (size_t i = 0; i < c->n_prompts; i++) {
    PangoLayout *pl = card_prompt_layout(t, s, &c->prompts[i], width - card_indent);
    h += card_prompt_gap + text_layout_height_mm(pl);
    g_object_unref(pl);
  }
  return h;
}

static double card_footer_height(text_ctx *t, const style *s) {
  text_style fs = card_text_style(s, s->footer_pt, 0);
  PangoLayout *l = text_layout_plain(t, "0", &fs, 0);
  double h = text_layout_height_mm(l);
  g_object_unref(l);
  return h;
}

static double card_meta_height(text_ctx *t, const style *s) {
  text_style ms = card_text_style(s, s->meta_pt, 0);
  PangoLayout *l = text_layout_plain(t, "0", &ms, 0);
  double h = text_layout_height_mm(l);
  g_object_unref(l);
  return h;
}

/* A character no font has is an error naming the card and the character. */
static int card_check_glyphs(PangoLayout *l, const model_card *c, const char *what,
                             diag_list *d) {
  int missing = 0;
  gunichar ch = text_missing_char(l, &missing);
  if (missing == 0) return 0;
  char utf8[8] = {0};
  g_unichar_to_utf8(ch, utf8);
  diag_error(d, c->loc.file, c->loc.line,
             "card '%s': the %s has the character '%s' (U+%04X), which no font in fonts/ "
             "has (replace it, or add a font that has it)",
             c->id, what, utf8, (unsigned)ch);
  return -1;
}

/* A word wider than the card, even at the size it is set in. */
static int card_check_width(PangoLayout *l, const model_card *c, const char *what,
                            diag_list *d) {
  if (!text_overflows_width(l)) return 0;
  diag_error(d, c->loc.file, c->loc.line,
             "card '%s': a word in the %s is wider than the card (shorten it, or add a "
             "hyphenation point with a soft hyphen &#173;)",
             c->id, what);
  return -1;
}

int card_layout_face(text_ctx *t, const style *s, const model_instrument *m,
                     const model_card *c, card_face *out, diag_list *d) {
  *out = (card_face){.card = c, .text_x = s->safe, .text_w = s->card_w - 2 * s->safe};
  double bottom = s->card_h - s->safe;
  out->footer_y = bottom - card_footer_height(t, s);
  double prompts_h = card_prompts_height(t, s, m, c, out->text_w);
  out->prompts_y = out->footer_y - card_block_gap - prompts_h;
  out->question_y = s->band_h + card_meta_gap + card_meta_height(t, s) + card_question_gap;
  double box_h = (c->n_prompts ? out->prompts_y - card_block_gap : out->footer_y - card_block_gap)
                 - out->question_y;

  for (size_t i = 0; i < c->n_prompts; i++) {
    PangoLayout *pl = card_prompt_layout(t, s, &c->prompts[i], out->text_w - card_indent);
    int bad = card_check_glyphs(pl, c, "follow-up prompt", d) ||
              card_check_width(pl, c, "follow-up prompt", d);
    g_object_unref(pl);
    if (bad) return -1;
  }

  text_style qs = card_text_style(s, s->question_max_pt, 1);
  PangoLayout *ql = text_layout_rich(t, &c->question, &qs, out->text_w);
  if (card_check_glyphs(ql, c, "question", d)) {
    g_object_unref(ql);
    return -1;
  }
  out->question_pt = box_h > 0 ? text_fit(ql, &qs, s->question_min_pt, s->question_max_pt,
                                          out->text_w, box_h)
                               : 0;
  /* Not fitting at all: a too-wide word (the layout is at the minimum now)
   * says more than "too long". */
  int too_wide = out->question_pt <= 0 && card_check_width(ql, c, "question", d);
  g_object_unref(ql);
  if (too_wide) return -1;
  if (out->question_pt <= 0) {
    diag_error(d, c->loc.file, c->loc.line,
               "card '%s': the question and its prompts do not fit on the card at the "
               "template's minimum size of %.1f pt (shorten the question or a prompt)",
               c->id, s->question_min_pt);
    return -1;
  }
  return 0;
}

/* A rectangle from the trim (x, y) grown by bleed on every side. */
static void card_rect(cairo_t *cr, double x, double y, double w, double h, double bleed) {
  cairo_rectangle(cr, x - bleed, y - bleed, w + 2 * bleed, h + 2 * bleed);
}

static void card_draw_text(cairo_t *cr, PangoLayout *l, style_rgb colour, double x, double y) {
  card_set_rgb(cr, colour);
  text_draw(cr, l, x, y);
}

void card_draw_face(cairo_t *cr, text_ctx *t, const style *s, const model_instrument *m,
                    const card_face *f, double x, double y, double bleed) {
  const model_card *c = f->card;
  style_rgb theme = style_theme_colour(s, c->theme->id);

  cairo_save(cr);
  card_set_rgb(cr, s->paper);
  card_rect(cr, x, y, s->card_w, s->card_h, bleed);
  cairo_fill(cr);

  /* The band runs into the bleed at the top and sides. */
  card_set_rgb(cr, theme);
  cairo_rectangle(cr, x - bleed, y - bleed, s->card_w + 2 * bleed, s->band_h + bleed);
  cairo_fill(cr);

  PangoLayout *bl = card_band_layout(t, s, c->theme->name, f->text_w, TEXT_LEFT);
  card_draw_text(cr, bl, s->back_text, x + f->text_x,
                 y + (s->band_h - text_layout_height_mm(bl)) / 2);
  g_object_unref(bl);

  char *meta = card_meta_text(m, c);
  text_style ms = card_text_style(s, s->meta_pt, 0);
  PangoLayout *ml = text_layout_plain(t, meta ? meta : "", &ms, f->text_w);
  card_draw_text(cr, ml, s->muted, x + f->text_x, y + s->band_h + card_meta_gap);
  g_object_unref(ml);
  free(meta);

  text_style qs = card_text_style(s, f->question_pt, 1);
  PangoLayout *ql = text_layout_rich(t, &c->question, &qs, f->text_w);
  card_draw_text(cr, ql, s->text, x + f->text_x, y + f->question_y);
  g_object_unref(ql);

  if (c->n_prompts > 0) {
    const model_label *head = model_label_find(m, "card.prompts");
    text_style hs = card_text_style(s, s->meta_pt, 1);
    PangoLayout *hl = text_layout_plain(t, head ? head->text : "", &hs, f->text_w);
    card_draw_text(cr, hl, theme, x + f->text_x, y + f->prompts_y);
    double py = f->prompts_y + text_layout_height_mm(hl);
    g_object_unref(hl);
    for (size_t i = 0; i < c->n_prompts; i++) {
      py += card_prompt_gap;
      PangoLayout *pl = card_prompt_layout(t, s, &c->prompts[i], f->text_w - card_indent);
      /* A small square in the theme colour marks each prompt. */
      double dot = s->prompt_pt * 25.4 / 72 * 0.3;
      double line1 = s->prompt_pt * 25.4 / 72 * 0.72;
      card_set_rgb(cr, theme);
      cairo_rectangle(cr, x + f->text_x + 0.3, y + py + line1 - dot, dot, dot);
      cairo_fill(cr);
      card_draw_text(cr, pl, s->text, x + f->text_x + card_indent, y + py);
      py += text_layout_height_mm(pl);
      g_object_unref(pl);
    }
  }

  char *footer = card_footer_text(m, c);
  text_style fs = card_text_style(s, s->footer_pt, 0);
  PangoLayout *fl = text_layout_plain(t, footer ? footer : "", &fs, f->text_w);
  card_draw_text(cr, fl, s->muted, x + f->text_x, y + f->footer_y);
  g_object_unref(fl);
  free(footer);
  cairo_restore(cr);
}

void card_draw_back(cairo_t *cr, text_ctx *t, const style *s, const model_instrument *m,
                    const model_cardset *set, const model_theme *theme, double x, double y,
                    double bleed) {
  style_rgb bg = style_cardset_colour(s, set->id);
  double w = s->card_w, h = s->card_h, inner = s->safe;

  cairo_save(cr);
  card_set_rgb(cr, bg);
  card_rect(cr, x, y, w, h, bleed);
  cairo_fill(cr);

  /* The theme colour as a band at the foot, so a face-down deck sorts by theme. */
  if (theme) {
    card_set_rgb(cr, style_theme_colour(s, theme->id));
    cairo_rectangle(cr, x - bleed, y + h - s->band_h, w + 2 * bleed, s->band_h + bleed);
    cairo_fill(cr);
    PangoLayout *tl = card_band_layout(t, s, theme->name, w - 2 * inner, TEXT_CENTER);
    card_draw_text(cr, tl, s->back_text, x + inner,
                   y + h - s->band_h + (s->band_h - text_layout_height_mm(tl)) / 2);
    g_object_unref(tl);
  }

  /* A thin frame inside the safe zone. */
  card_set_rgb(cr, s->back_text);
  cairo_set_line_width(cr, 0.3);
  cairo_rectangle(cr, x + inner, y + inner, w - 2 * inner,
                  h - 2 * inner - (theme ? s->band_h - inner + 2 : 0));
  cairo_stroke(cr);

  text_style ns = card_text_style(s, s->back_title_pt, 1);
  ns.align = TEXT_CENTER;
  text_style ss = card_text_style(s, s->back_sub_pt, 0);
  ss.align = TEXT_CENTER;
  double tw = w - 4 * inner;
  PangoLayout *nl = text_layout_plain(t, set->name, &ns, tw);
  PangoLayout *sl = text_layout_plain(t, m->meta.title ? m->meta.title : "", &ss, tw);
  double nh = text_layout_height_mm(nl), sh = text_layout_height_mm(sl);
  double frame_h = h - (theme ? s->band_h : 0);
  double top = y + (frame_h - nh - 3 - sh) / 2;
  card_draw_text(cr, nl, s->back_text, x + 2 * inner, top);
  card_draw_text(cr, sl, s->back_text, x + 2 * inner, top + nh + 3);
  g_object_unref(nl);
  g_object_unref(sl);
  cairo_restore(cr);
}
