/* card: the face (band, meta line, fitted question, prompts, footer) and the back, for question and werkvorm cards. */
#include "card.h"

#include <stdio.h>
#include <stdlib.h>

/* Vertical rhythm of a face, in mm; the sizes of type come from the template. */
static const double card_meta_gap = 2.5;     /* band to the meta line */
static const double card_question_gap = 3.0; /* meta line to the question */
static const double card_block_gap = 2.5;    /* question to prompts, prompts to footer */
static const double card_prompt_gap = 1.2;   /* between two prompts */
static const double card_indent = 3.0;       /* prompts hang in by this */

/* What a face shows, whichever kind of card it is. */
typedef struct card_view {
  const char *kind, *id;       /* "card" or "werkvorm", for messages */
  model_loc loc;
  const char *main_what, *item_what;
  const char *band;            /* words on the band */
  style_rgb colour;            /* the band's colour */
  model_run main_run;          /* a werkvorm's name as a run */
  model_text main;
  const model_text *items;
  size_t n_items;
  int numbered;
  const char *heading_key;     /* label above the items */
  char *meta, *footer;         /* owned */
  const char *back_name;       /* large on the back */
  style_rgb back_colour;
  const model_theme *theme;    /* foot band of the back; NULL: none */
} card_view;

static void card_view_free(card_view *v) {
  free(v->meta);
  free(v->footer);
}

static char *card_fill(const model_instrument *m, const char *key, const char *n1,
                       const char *v1, const char *n2, const char *v2, const char *n3,
                       const char *v3) {
  const char *names[] = {n1, n2, n3};
  const char *values[] = {v1, v2, v3};
  return model_label_fill(m, key, 3, names, values);
}

static void card_view_of_card(const model_card *c, const style *s, const model_instrument *m,
                              card_view *v) {
  *v = (card_view){
    .kind = "card", .id = c->id, .loc = c->loc, .main_what = "question",
    .item_what = "follow-up prompt", .band = c->theme->name,
    .colour = style_theme_colour(s, c->theme->id), .main = c->question,
    .items = c->prompts, .n_items = c->n_prompts, .heading_key = "card.prompts",
    .back_name = c->set->name, .back_colour = style_cardset_colour(s, c->set->id),
    .theme = c->theme,
  };
  /* "Prikkelvragen · Visie", from the label so a translation may reorder it. */
  v->meta = card_fill(m, "card.meta", "set", c->set->name, "aspect", c->aspect->name, "theme",
                      c->theme->name);
  v->footer = card_fill(m, "card.footer", "code", c->code, "edition", m->edition, "set",
                        c->set->name);
}

static void card_view_of_werkvorm(const card_face *f, const style *s,
                                  const model_instrument *m, card_view *v) {
  const model_werkvorm *w = f->werkvorm;
  const model_label *set = model_label_find(m, "werkvorm.set");
  *v = (card_view){
    .kind = "werkvorm", .id = w->id, .loc = w->loc, .main_what = "name",
    .item_what = "summary item", .band = set ? set->text : "",
    .colour = style_cardset_colour(s, "werkvorm"),
    .main_run = {RUN_TEXT, 0, w->name, NULL},
    .items = w->summary, .n_items = w->n_summary, .numbered = 1,
    .heading_key = "werkvorm.steps", .back_name = set ? set->text : "",
    .back_colour = style_cardset_colour(s, "werkvorm"),
  };
  v->main = (model_text){&v->main_run, 1, w->loc};
  char minutes[16], lo[16], hi[16];
  snprintf(minutes, sizeof minutes, "%d", w->minutes);
  snprintf(lo, sizeof lo, "%d", w->group_min);
  snprintf(hi, sizeof hi, "%d", w->group_max);
  char *duration = card_fill(m, "werkvorm.duration", "minutes", minutes, "", "", "", "");
  char *group = card_fill(m, "werkvorm.groupsize", "min", lo, "max", hi, "", "");
  v->meta = card_fill(m, "card.werkvorm.meta", "duration", duration ? duration : "",
                      "groupsize", group ? group : "", "", "");
  free(duration);
  free(group);
  char code[64];
  card_face_code(m, f, code, sizeof code);
  v->footer = card_fill(m, "card.footer", "code", code, "edition", m->edition, "set", v->band);
}

void card_face_code(const model_instrument *m, const card_face *f, char *buf, size_t n) {
  if (f->card) {
    snprintf(buf, n, "%s", f->card->code);
    return;
  }
  char number[16];
  snprintf(number, sizeof number, "%d", f->number);
  char *code = card_fill(m, "werkvorm.code", "number", number, "", "", "", "");
  snprintf(buf, n, "%s", code ? code : number);
  free(code);
}

/* The view of a laid-out face (v holds pointers into itself: do not copy it). */
static void card_view_of(const card_face *f, const style *s, const model_instrument *m,
                         card_view *v) {
  if (f->card)
    card_view_of_card(f->card, s, m, v);
  else
    card_view_of_werkvorm(f, s, m, v);
}

static void card_set_rgb(cairo_t *cr, style_rgb c) {
  cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

static text_style card_text_style(const style *s, double size_pt, int bold) {
  return (text_style){
    .family = s->font_family, .size_pt = size_pt, .line_spacing = s->line_spacing,
    .bold = bold, .align = TEXT_LEFT,
  };
}

/* Words on a band: one line, shrunk down to the meta size when long; only
 * words too long even then wrap. */
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

static PangoLayout *card_item_layout(text_ctx *t, const style *s, const model_text *p,
                                     double width) {
  text_style ps = card_text_style(s, s->prompt_pt, 0);
  return text_layout_rich(t, p, &ps, width);
}

static PangoLayout *card_heading_layout(text_ctx *t, const style *s, const model_instrument *m,
                                        const card_view *v, double width) {
  const model_label *head = model_label_find(m, v->heading_key);
  text_style hs = card_text_style(s, s->meta_pt, 1);
  return text_layout_plain(t, head ? head->text : "", &hs, width);
}

/* A character no font has is an error naming the card and the character. */
static int card_check_glyphs(PangoLayout *l, const card_view *v, const char *what,
                             diag_list *d) {
  int missing = 0;
  gunichar ch = text_missing_char(l, &missing);
  if (missing == 0) return 0;
  char utf8[8] = {0};
  g_unichar_to_utf8(ch, utf8);
  diag_error(d, v->loc.file, v->loc.line,
             "%s '%s': the %s has the character '%s' (U+%04X), which no font in fonts/ "
             "has (replace it, or add a font that has it)",
             v->kind, v->id, what, utf8, (unsigned)ch);
  return -1;
}

/* A word wider than the card, even at the size it is set in. */
static int card_check_width(PangoLayout *l, const card_view *v, const char *what,
                            diag_list *d) {
  if (!text_overflows_width(l)) return 0;
  diag_error(d, v->loc.file, v->loc.line,
             "%s '%s': a word in the %s is wider than the card (shorten it, or add a "
             "hyphenation point with a soft hyphen &#173;)",
             v->kind, v->id, what);
  return -1;
}

/* Height of the items block: heading plus each item; -1 (an error in d)
 * when an item has a character no font has or a word wider than the card. */
static double card_items_height(text_ctx *t, const style *s, const model_instrument *m,
                                const card_view *v, double width, diag_list *d) {
  if (v->n_items == 0) return 0;
  PangoLayout *hl = card_heading_layout(t, s, m, v, width);
  double h = text_layout_height_mm(hl);
  g_object_unref(hl);
  for (size_t i = 0; i < v->n_items; i++) {
    PangoLayout *pl = card_item_layout(t, s, &v->items[i], width - card_indent);
    int bad = card_check_glyphs(pl, v, v->item_what, d) ||
              card_check_width(pl, v, v->item_what, d);
    h += card_prompt_gap + text_layout_height_mm(pl);
    g_object_unref(pl);
    if (bad) return -1;
  }
  return h;
}

static double card_line_height(text_ctx *t, const style *s, double size_pt) {
  text_style fs = card_text_style(s, size_pt, 0);
  PangoLayout *l = text_layout_plain(t, "0", &fs, 0);
  double h = text_layout_height_mm(l);
  g_object_unref(l);
  return h;
}

static int card_layout_view(text_ctx *t, const style *s, const model_instrument *m,
                            const card_view *v, card_face *out, diag_list *d) {
  out->text_x = s->safe;
  out->text_w = s->card_w - 2 * s->safe;
  out->footer_y = s->card_h - s->safe - card_line_height(t, s, s->footer_pt);
  double items_h = card_items_height(t, s, m, v, out->text_w, d);
  if (items_h < 0) return -1;
  out->prompts_y = out->footer_y - card_block_gap - items_h;
  out->question_y =
      s->band_h + card_meta_gap + card_line_height(t, s, s->meta_pt) + card_question_gap;
  double box_h = (v->n_items ? out->prompts_y : out->footer_y) - card_block_gap - out->question_y;

  text_style qs = card_text_style(s, s->question_max_pt, 1);
  PangoLayout *ql = text_layout_rich(t, &v->main, &qs, out->text_w);
  if (card_check_glyphs(ql, v, v->main_what, d)) {
    g_object_unref(ql);
    return -1;
  }
  out->question_pt = box_h > 0 ? text_fit(ql, &qs, s->question_min_pt, s->question_max_pt,
                                          out->text_w, box_h)
                               : 0;
  /* Not fitting at all: a too-wide word (the layout is at the minimum now)
   * says more than "too long". */
  int too_wide = out->question_pt <= 0 && card_check_width(ql, v, v->main_what, d);
  g_object_unref(ql);
  if (too_wide) return -1;
  if (out->question_pt <= 0) {
    diag_error(d, v->loc.file, v->loc.line,
               "%s '%s': the %s and the lines under it do not fit on the card at the "
               "template's minimum size of %.1f pt (shorten the %s or a %s)",
               v->kind, v->id, v->main_what, s->question_min_pt, v->main_what, v->item_what);
    return -1;
  }
  return 0;
}

int card_layout_face(text_ctx *t, const style *s, const model_instrument *m,
                     const model_card *c, card_face *out, diag_list *d) {
  *out = (card_face){.card = c};
  card_view v;
  card_view_of(out, s, m, &v);
  int rc = card_layout_view(t, s, m, &v, out, d);
  card_view_free(&v);
  return rc;
}

int card_layout_werkvorm(text_ctx *t, const style *s, const model_instrument *m,
                         const model_werkvorm *w, int number, card_face *out, diag_list *d) {
  *out = (card_face){.werkvorm = w, .number = number};
  card_view v;
  card_view_of(out, s, m, &v);
  int rc = card_layout_view(t, s, m, &v, out, d);
  card_view_free(&v);
  return rc;
}

/* A rectangle from the trim (x, y) grown by bleed on every side. */
static void card_rect(cairo_t *cr, double x, double y, double w, double h, double bleed) {
  cairo_rectangle(cr, x - bleed, y - bleed, w + 2 * bleed, h + 2 * bleed);
}

static void card_draw_text(cairo_t *cr, PangoLayout *l, style_rgb colour, double x, double y) {
  card_set_rgb(cr, colour);
  text_draw(cr, l, x, y);
}

/* Everything a face or a back needs on paper: its layouts, made once and
 * drawn on as many surfaces as needed (office sheet and print-shop page). */
struct card_ink {
  int back;
  const style *s;             /* borrowed */
  card_face face;             /* a copy: positions and sizes */
  card_view v;                /* holds pointers into itself: the ink is never copied */
  PangoLayout *band, *meta, *main, *heading, *footer, *title, *subtitle;
  PangoLayout **items, **numbers;
};

static card_ink *card_ink_alloc(const style *s, const card_face *f, const model_instrument *m,
                                int back) {
  card_ink *k = calloc(1, sizeof *k);
  if (!k) abort();
  k->back = back;
  k->s = s;
  k->face = *f;
  card_view_of(&k->face, s, m, &k->v);
  return k;
}

card_ink *card_ink_face(text_ctx *t, const style *s, const model_instrument *m,
                        const card_face *f) {
  card_ink *k = card_ink_alloc(s, f, m, 0);
  const card_view *v = &k->v;
  k->band = card_band_layout(t, s, v->band, f->text_w, TEXT_LEFT);
  text_style ms = card_text_style(s, s->meta_pt, 0);
  k->meta = text_layout_plain(t, v->meta ? v->meta : "", &ms, f->text_w);
  text_style qs = card_text_style(s, f->question_pt, 1);
  k->main = text_layout_rich(t, &v->main, &qs, f->text_w);
  if (v->n_items > 0) {
    k->heading = card_heading_layout(t, s, m, v, f->text_w);
    k->items = calloc(v->n_items, sizeof *k->items);
    k->numbers = calloc(v->n_items, sizeof *k->numbers);
    if (!k->items || !k->numbers) abort();
    for (size_t i = 0; i < v->n_items; i++) {
      k->items[i] = card_item_layout(t, s, &v->items[i], f->text_w - card_indent);
      if (!v->numbered) continue;
      char num[24];
      snprintf(num, sizeof num, "%zu", i + 1);
      text_style ns = card_text_style(s, s->prompt_pt, 1);
      k->numbers[i] = text_layout_plain(t, num, &ns, 0);
    }
  }
  text_style fs = card_text_style(s, s->footer_pt, 0);
  k->footer = text_layout_plain(t, v->footer ? v->footer : "", &fs, f->text_w);
  return k;
}

card_ink *card_ink_back(text_ctx *t, const style *s, const model_instrument *m,
                        const card_face *f) {
  card_ink *k = card_ink_alloc(s, f, m, 1);
  double w = s->card_w, inner = s->safe;
  if (k->v.theme) k->band = card_band_layout(t, s, k->v.theme->name, w - 2 * inner, TEXT_CENTER);
  text_style ns = card_text_style(s, s->back_title_pt, 1);
  ns.align = TEXT_CENTER;
  text_style ss = card_text_style(s, s->back_sub_pt, 0);
  ss.align = TEXT_CENTER;
  k->title = text_layout_plain(t, k->v.back_name, &ns, w - 4 * inner);
  k->subtitle = text_layout_plain(t, m->meta.title ? m->meta.title : "", &ss, w - 4 * inner);
  return k;
}

void card_ink_free(card_ink *k) {
  if (!k) return;
  PangoLayout *all[] = {k->band, k->meta, k->main, k->heading, k->footer, k->title, k->subtitle};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
    if (all[i]) g_object_unref(all[i]);
  for (size_t i = 0; k->items && i < k->v.n_items; i++) {
    g_object_unref(k->items[i]);
    if (k->numbers[i]) g_object_unref(k->numbers[i]);
  }
  free(k->items);
  free(k->numbers);
  card_view_free(&k->v);
  free(k);
}

/* Prompts get a small square in the band's colour, summary steps their number. */
static void card_draw_items(cairo_t *cr, const card_ink *k, double x, double y) {
  const style *s = k->s;
  const card_face *f = &k->face;
  card_draw_text(cr, k->heading, k->v.colour, x + f->text_x, y + f->prompts_y);
  double py = f->prompts_y + text_layout_height_mm(k->heading);
  for (size_t i = 0; i < k->v.n_items; i++) {
    py += card_prompt_gap;
    if (k->numbers[i]) {
      card_draw_text(cr, k->numbers[i], k->v.colour, x + f->text_x, y + py);
    } else {
      double dot = s->prompt_pt * 25.4 / 72 * 0.3;
      double line1 = s->prompt_pt * 25.4 / 72 * 0.72;
      card_set_rgb(cr, k->v.colour);
      cairo_rectangle(cr, x + f->text_x + 0.3, y + py + line1 - dot, dot, dot);
      cairo_fill(cr);
    }
    card_draw_text(cr, k->items[i], s->text, x + f->text_x + card_indent, y + py);
    py += text_layout_height_mm(k->items[i]);
  }
}

static void card_draw_front_ink(cairo_t *cr, const card_ink *k, double x, double y,
                                double bleed) {
  const style *s = k->s;
  const card_face *f = &k->face;
  card_set_rgb(cr, s->paper);
  card_rect(cr, x, y, s->card_w, s->card_h, bleed);
  cairo_fill(cr);
  /* The band runs into the bleed at the top and sides. */
  card_set_rgb(cr, k->v.colour);
  cairo_rectangle(cr, x - bleed, y - bleed, s->card_w + 2 * bleed, s->band_h + bleed);
  cairo_fill(cr);
  card_draw_text(cr, k->band, s->back_text, x + f->text_x,
                 y + (s->band_h - text_layout_height_mm(k->band)) / 2);
  card_draw_text(cr, k->meta, s->muted, x + f->text_x, y + s->band_h + card_meta_gap);
  card_draw_text(cr, k->main, s->text, x + f->text_x, y + f->question_y);
  if (k->v.n_items > 0) card_draw_items(cr, k, x, y);
  card_draw_text(cr, k->footer, s->muted, x + f->text_x, y + f->footer_y);
}

static void card_draw_back_ink(cairo_t *cr, const card_ink *k, double x, double y,
                               double bleed) {
  const style *s = k->s;
  const model_theme *theme = k->v.theme;
  double w = s->card_w, h = s->card_h, inner = s->safe;
  card_set_rgb(cr, k->v.back_colour);
  card_rect(cr, x, y, w, h, bleed);
  cairo_fill(cr);
  /* The theme colour as a band at the foot, so a face-down deck sorts by theme. */
  if (theme) {
    card_set_rgb(cr, style_theme_colour(s, theme->id));
    cairo_rectangle(cr, x - bleed, y + h - s->band_h, w + 2 * bleed, s->band_h + bleed);
    cairo_fill(cr);
    card_draw_text(cr, k->band, s->back_text, x + inner,
                   y + h - s->band_h + (s->band_h - text_layout_height_mm(k->band)) / 2);
  }
  /* A thin frame inside the safe zone. */
  card_set_rgb(cr, s->back_text);
  cairo_set_line_width(cr, 0.3);
  cairo_rectangle(cr, x + inner, y + inner, w - 2 * inner,
                  h - 2 * inner - (theme ? s->band_h - inner + 2 : 0));
  cairo_stroke(cr);
  double nh = text_layout_height_mm(k->title), sh = text_layout_height_mm(k->subtitle);
  double frame_h = h - (theme ? s->band_h : 0);
  double top = y + (frame_h - nh - 3 - sh) / 2;
  card_draw_text(cr, k->title, s->back_text, x + 2 * inner, top);
  card_draw_text(cr, k->subtitle, s->back_text, x + 2 * inner, top + nh + 3);
}

void card_ink_draw(cairo_t *cr, const card_ink *k, double x, double y, double bleed) {
  cairo_save(cr);
  if (k->back)
    card_draw_back_ink(cr, k, x, y, bleed);
  else
    card_draw_front_ink(cr, k, x, y, bleed);
  cairo_restore(cr);
}
