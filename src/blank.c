/* blank: faces and backs of blank question cards, as frames like the printed cards'. */
#include "blank.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The face's rhythm follows card.c: the meta line this far under the band. */
static const double blank_meta_gap = 2.5;
/* Writing lines: their distance, and their width (mm). */
static const double blank_rule_space = 7.0, blank_rule_width = 0.2;

static text_style blank_style(const style *s, double size_pt, int bold, text_align align) {
  return (text_style){.family = s->font_family, .size_pt = size_pt,
                      .line_spacing = s->line_spacing, .bold = bold, .align = align};
}

static frame_source blank_source(const model_label *l, const model_instrument *m,
                                 const char *what) {
  return (frame_source){l ? l->loc.file : m->file, l ? l->loc.line : 0, what};
}

static frame *blank_face_frame(text_ctx *t, const style *s, const model_instrument *m,
                               const model_cardset *cs) {
  double b = s->bleed, w = s->card_w, h = s->card_h, x = s->safe, tw = w - 2 * s->safe;
  style_rgb colour = style_cardset_colour(s, cs->id);
  frame *f = frame_new(w, h);
  f->safe = s->safe;
  f->label = arena_printf(f->arena, "blank card of '%s'", cs->id);
  f->src = (frame_source){cs->loc.file, cs->loc.line, f->label};
  frame_rect(f, -b, -b, w + 2 * b, h + 2 * b, s->paper, 0);
  frame_rect(f, -b, -b, w + 2 * b, s->band_h + b, colour, 0);

  text_style bs = blank_style(s, s->band_pt, 1, TEXT_LEFT);
  PangoLayout *band = text_layout_plain(t, cs->name, &bs, tw);
  double bh = text_layout_height_mm(band), by = (s->band_h - bh) / 2;
  if (by < s->safe) by = s->safe;
  frame_source src = {cs->loc.file, cs->loc.line, "the card set's name on a blank card"};
  text_frame(f, band, 0, -1, x, by, 0, s->back_text, &src);
  g_object_unref(band);

  const model_label *what = model_label_find(m, "card.blank");
  text_style ms = blank_style(s, s->meta_pt, 0, TEXT_LEFT);
  PangoLayout *meta = text_layout_plain(t, what ? what->text : "", &ms, tw);
  double my = s->band_h + blank_meta_gap;
  src = blank_source(what, m, "a blank card's line (label 'card.blank')");
  text_frame(f, meta, 0, -1, x, my, 0, s->muted, &src);
  double lines_top = my + text_layout_height_mm(meta) + blank_rule_space;
  g_object_unref(meta);

  const char *names[] = {"code", "edition", "set"};
  const char *values[] = {cs->code, m->edition ? m->edition : "", cs->name};
  char *footer = model_label_fill(m, "card.footer", 3, names, values);
  text_style fs = blank_style(s, s->footer_pt, 0, TEXT_LEFT);
  PangoLayout *foot = text_layout_plain(t, footer ? footer : "", &fs, tw);
  double fy = h - s->safe - text_layout_height_mm(foot);
  src = blank_source(model_label_find(m, "card.footer"), m, "a blank card's footer");
  text_frame(f, foot, 0, -1, x, fy, 0, s->muted, &src);
  g_object_unref(foot);
  free(footer);

  for (double y = lines_top; y <= fy - blank_meta_gap; y += blank_rule_space)
    frame_line(f, x, y, w - s->safe, y, s->muted, blank_rule_width);
  return f;
}

/* The set's back without a theme band: its colour, a thin frame, its name
 * and the instrument's title. */
static frame *blank_back_frame(text_ctx *t, const style *s, const model_instrument *m,
                               const model_cardset *cs) {
  double w = s->card_w, h = s->card_h, inner = s->safe, b = s->bleed;
  frame *f = frame_new(w, h);
  f->safe = s->safe;
  f->label = arena_printf(f->arena, "back of the blank cards of '%s'", cs->id);
  f->src = (frame_source){cs->loc.file, cs->loc.line, f->label};
  frame_rect(f, -b, -b, w + 2 * b, h + 2 * b, style_cardset_colour(s, cs->id), 0);
  frame_rect(f, inner, inner, w - 2 * inner, h - 2 * inner, s->back_text, 0.3);
  text_style ns = blank_style(s, s->back_title_pt, 1, TEXT_CENTER);
  text_style ss = blank_style(s, s->back_sub_pt, 0, TEXT_CENTER);
  PangoLayout *title = text_layout_plain(t, cs->name, &ns, w - 4 * inner);
  PangoLayout *sub = text_layout_plain(t, m->meta.title ? m->meta.title : "", &ss, w - 4 * inner);
  double nh = text_layout_height_mm(title), sh = text_layout_height_mm(sub);
  double top = (h - nh - 3 - sh) / 2;
  frame_source src = {cs->loc.file, cs->loc.line, "name on the back"};
  text_frame(f, title, 0, -1, 2 * inner, top, 0, s->back_text, &src);
  src = (frame_source){m->meta.title_loc.file, m->meta.title_loc.line,
                       "the instrument's title on the card backs"};
  text_frame(f, sub, 0, -1, 2 * inner, top + nh + 3, 0, s->back_text, &src);
  g_object_unref(title);
  g_object_unref(sub);
  return f;
}

int blank_faces(text_ctx *t, const style *s, const model_instrument *m, const model_cardset *cs,
                int n, card_face *out, frame **back, diag_list *d) {
  if (back) *back = NULL;
  const model_label *what = model_label_find(m, "card.blank");
  if (!what) {
    diag_error(d, m->file, 0, "label 'card.blank' is missing: blank cards print it (add <label "
               "key=\"card.blank\"> to <labels>)");
    return -1;
  }
  /* The card every blank face is of: in the model's arena, so it lives as
   * long as the instrument, like the real cards. */
  model_named *pair = arena_alloc(m->arena, 2 * sizeof *pair);
  pair[0] = (model_named){.id = "blank", .name = what->text, .loc = what->loc};
  pair[1] = pair[0];
  *back = blank_back_frame(t, s, m, cs);
  for (int i = 0; i < n; i++) {
    model_card *c = arena_alloc(m->arena, sizeof *c);
    *c = (model_card){.id = arena_printf(m->arena, "blank-%s-%d", cs->id, i + 1),
                      .code = cs->code, .set = cs, .theme = &pair[0], .aspect = &pair[1],
                      .loc = cs->loc};
    out[i] = (card_face){.card = c, .front = blank_face_frame(t, s, m, cs)};
    out[i].front->back = *back;
  }
  return 0;
}

int blank_add(deck *k, text_ctx *t, const style *s, const model_instrument *m, int n,
              int all_sets, diag_list *d) {
  if (n <= 0) return 0;
  if (!model_label_find(m, "card.blank")) return blank_faces(t, s, m, NULL, 0, NULL, NULL, d);
  size_t sets = m->n_cardsets;
  card_face *faces = calloc(k->n_faces + sets * (size_t)n + 1, sizeof *faces);
  frame **backs = realloc(k->backs, (k->n_backs + sets + 1) * sizeof *backs);
  if (!faces || !backs) abort();
  k->backs = backs;
  size_t out = 0, in = 0;
  for (size_t c = 0; c < sets; c++) {
    const model_cardset *cs = &m->cardsets[c];
    size_t from = in;
    while (in < k->n_faces && k->faces[in].card && k->faces[in].card->set == cs)
      faces[out++] = k->faces[in++];
    if (!all_sets && in == from) continue; /* a set the choice left out */
    blank_faces(t, s, m, cs, n, &faces[out], &k->backs[k->n_backs++], d);
    out += (size_t)n;
  }
  while (in < k->n_faces) faces[out++] = k->faces[in++]; /* the werkvorm cards */
  free(k->faces);
  k->faces = faces;
  k->n_faces = out;
  return 0;
}
