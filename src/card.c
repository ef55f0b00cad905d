/* card: the face (band, meta line, fitted question, prompts, footer) and the back as frames, for question and werkvorm cards. */
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
  const model_loc *band_loc;   /* where the band's words stand, or NULL: */
  const char *band_key;        /* the label they come from */
  const char *meta_key;        /* the label of the meta line */
  model_loc back_loc;          /* where the back's name stands */
  int werkvorm_card;
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
    .theme = c->theme, .band_loc = &c->theme->loc, .meta_key = "card.meta",
    .back_loc = c->set->loc,
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
    .back_colour = style_cardset_colour(s, "werkvorm"), .band_key = "werkvorm.set",
    .meta_key = "card.werkvorm.meta", .back_loc = set ? set->loc : w->loc, .werkvorm_card = 1,
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

static text_style card_text_style(const style *s, double size_pt, int bold) {
  return (text_style){
    .family = s->font_family, .size_pt = size_pt, .line_spacing = s->line_spacing,
    .bold = bold, .align = TEXT_LEFT, .card = 1,
  };
}

double card_band_size(text_ctx *t, const style *s, const char *words) {
  text_style bs = card_text_style(s, s->band_pt, 1);
  PangoLayout *l = text_layout_plain_shared(t, words, &bs, 0);
  double w = text_layout_width_mm(l), width = s->card_w - 2 * s->safe;
  g_object_unref(l);
  if (w <= width) return s->band_pt;
  double size = s->band_pt * width / w;
  return size < s->meta_pt ? s->meta_pt : (double)(int)(size * 10) / 10;
}

/* Words on a band: one line at the band size (which deck_layout makes the
 * one size that all bands fit at, shrunk down to no less than the meta
 * size); only words too long even then wrap. */
static PangoLayout *card_band_layout(text_ctx *t, const style *s, const char *name,
                                     double width, text_align align) {
  text_style bs = card_text_style(s, card_band_size(t, s, name), 1);
  bs.align = align;
  return text_layout_plain_shared(t, name, &bs, width);
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
  return text_layout_plain_shared(t, head ? head->text : "", &hs, width);
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

/* The widest word of l's text at its font and size (soft hyphens left
 * out): the one that does not fit. g_free it. */
static char *card_widest_word(PangoLayout *l) {
  PangoLayout *w = pango_layout_copy(l);
  pango_layout_set_attributes(w, NULL); /* their byte ranges are the whole text's */
  pango_layout_set_width(w, -1);
  char **words = g_strsplit_set(pango_layout_get_text(l), " \n", -1);
  char *best = NULL;
  int best_w = -1;
  for (char **p = words; *p; p++) {
    GString *word = g_string_new(NULL);
    for (const char *c = *p; *c; c = g_utf8_next_char(c))
      if (g_utf8_get_char(c) != 0xAD) g_string_append_unichar(word, g_utf8_get_char(c));
    pango_layout_set_text(w, word->str, -1);
    PangoRectangle log;
    pango_layout_get_extents(w, NULL, &log);
    if (log.width > best_w) {
      best_w = log.width;
      g_free(best);
      best = g_strdup(word->str);
    }
    g_string_free(word, TRUE);
  }
  g_strfreev(words);
  g_object_unref(w);
  return best ? best : g_strdup("");
}

/* A word wider than the card, even at the size it is set in. */
static int card_check_width(PangoLayout *l, const card_view *v, const char *what,
                            diag_list *d) {
  if (!text_overflows_width(l)) return 0;
  char *word = card_widest_word(l);
  diag_error(d, v->loc.file, v->loc.line,
             "%s '%s': the word '%s' in the %s is wider than the card (shorten it, or add a "
             "hyphenation point with a soft hyphen &#173;)",
             v->kind, v->id, word, what);
  g_free(word);
  return -1;
}

/* The layouts of a face, made once: measured, fitted, checked, then
 * turned into the face's frame. */
typedef struct card_parts {
  PangoLayout *band, *meta, *main, *heading, *footer;
  PangoLayout **items, **numbers; /* v->n_items each; numbers only when numbered */
} card_parts;

static void card_parts_free(card_parts *p, size_t n_items) {
  PangoLayout *all[] = {p->band, p->meta, p->main, p->heading, p->footer};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
    if (all[i]) g_object_unref(all[i]);
  for (size_t i = 0; p->items && i < n_items; i++) {
    if (p->items[i]) g_object_unref(p->items[i]);
    if (p->numbers[i]) g_object_unref(p->numbers[i]);
  }
  free(p->items);
  free(p->numbers);
}

/* Height of the items block (heading plus each item), its layouts made in
 * p; -1 (an error in d) when an item has a character no font has or a
 * word wider than the card. */
static double card_items_layout(text_ctx *t, const style *s, const model_instrument *m,
                                const card_view *v, double width, card_parts *p,
                                diag_list *d) {
  if (v->n_items == 0) return 0;
  p->heading = card_heading_layout(t, s, m, v, width);
  double h = text_layout_height_mm(p->heading);
  p->items = calloc(v->n_items, sizeof *p->items);
  p->numbers = calloc(v->n_items, sizeof *p->numbers);
  if (!p->items || !p->numbers) abort();
  int bad = 0;
  for (size_t i = 0; i < v->n_items; i++) {
    p->items[i] = card_item_layout(t, s, &v->items[i], width - card_indent);
    bad |= card_check_glyphs(p->items[i], v, v->item_what, d) ||
           card_check_width(p->items[i], v, v->item_what, d);
    h += card_prompt_gap + text_layout_height_mm(p->items[i]);
    if (!v->numbered) continue;
    char num[24];
    snprintf(num, sizeof num, "%zu", i + 1);
    text_style ns = card_text_style(s, s->prompt_pt, 1);
    p->numbers[i] = text_layout_plain_shared(t, num, &ns, 0);
  }
  return bad ? -1 : h;
}

/* Where a label's words come from, for messages. */
static frame_source card_label_source(frame *f, const model_instrument *m, const card_view *v,
                                      const char *key, const char *what) {
  const model_label *l = model_label_find(m, key);
  return (frame_source){
    .file = l ? l->loc.file : v->loc.file, .line = l ? l->loc.line : v->loc.line,
    .what = arena_printf(f->arena, "the %s of the %s cards (label '%s')", what,
                         v->werkvorm_card ? "werkvorm" : "question", key),
  };
}

static frame_source card_source(frame *f, model_loc loc, const card_view *v, const char *what) {
  return (frame_source){
    .file = loc.file, .line = loc.line,
    .what = arena_printf(f->arena, "%s '%s': the %s", v->kind, v->id, what),
  };
}

/* Words on a band of height band_h whose top is at y: centred, but never
 * outside the safe zone of a card of height card_h. */
static double card_band_text_y(const style *s, PangoLayout *l, double y) {
  double h = text_layout_height_mm(l);
  double at = y + (s->band_h - h) / 2;
  if (at < s->safe) at = s->safe;
  if (at + h > s->card_h - s->safe) at = s->card_h - s->safe - h;
  return at;
}

/* The face as a frame: backgrounds into the bleed, then every text. The
 * band, meta line, question, heading and footer span the text width and
 * start where a line starts (text_ctx_rtl); markers and the prompts' indent
 * are placed from the start side. */
static frame *card_face_frame(text_ctx *t, const style *s, const model_instrument *m,
                              const card_view *v, const card_face *out, card_parts *p) {
  double b = s->bleed, x = out->text_x;
  frame *f = frame_new(s->card_w, s->card_h);
  f->safe = s->safe;
  f->label = arena_printf(f->arena, "%s '%s'", v->kind, v->id);
  f->src = (frame_source){v->loc.file, v->loc.line, f->label};
  frame_rect(f, -b, -b, s->card_w + 2 * b, s->card_h + 2 * b, s->paper, 0);
  /* The band runs into the bleed at the top and sides. */
  frame_rect(f, -b, -b, s->card_w + 2 * b, s->band_h + b, v->colour, 0);
  frame_source src = v->band_loc ? card_source(f, *v->band_loc, v, "band")
                                 : card_label_source(f, m, v, v->band_key, "band");
  text_frame(f, p->band, 0, -1, x, card_band_text_y(s, p->band, 0), 0, s->back_text, &src);
  src = card_label_source(f, m, v, v->meta_key, "meta line");
  text_frame(f, p->meta, 0, -1, x, s->band_h + card_meta_gap, 0, s->muted, &src);
  src = card_source(f, v->loc, v, v->main_what);
  text_frame(f, p->main, 0, -1, x, out->question_y, 0, s->text, &src);
  if (v->n_items > 0) {
    src = card_label_source(f, m, v, v->heading_key, "heading of the list");
    text_frame(f, p->heading, 0, -1, x, out->prompts_y, 0, v->colour, &src);
    double py = out->prompts_y + text_layout_height_mm(p->heading);
    for (size_t i = 0; i < v->n_items; i++) {
      py += card_prompt_gap;
      src = card_source(f, v->items[i].loc.file ? v->items[i].loc : v->loc, v, v->item_what);
      if (p->numbers[i]) {
        double nw = text_layout_width_mm(p->numbers[i]);
        text_frame(f, p->numbers[i], 0, -1, x + text_start_x(t, 0, nw, out->text_w), py, 0,
                   v->colour, &src);
      } else {
        /* Prompts get a small square in the band's colour. */
        double dot = s->prompt_pt * 25.4 / 72 * 0.3;
        double line1 = s->prompt_pt * 25.4 / 72 * 0.72;
        frame_rect(f, x + text_start_x(t, 0.3, dot, out->text_w), py + line1 - dot, dot, dot,
                   v->colour, 0);
      }
      text_frame(f, p->items[i], 0, -1,
                 x + text_start_x(t, card_indent, out->text_w - card_indent, out->text_w), py, 0,
                 s->text, &src);
      py += text_layout_height_mm(p->items[i]);
    }
  }
  src = card_label_source(f, m, v, "card.footer", "footer");
  text_frame(f, p->footer, 0, -1, x, out->footer_y, 0, s->muted, &src);
  return f;
}

static int card_layout_view(text_ctx *t, const style *s, const model_instrument *m,
                            const card_view *v, card_face *out, diag_list *d) {
  card_parts p = {0};
  out->text_x = s->safe;
  out->text_w = s->card_w - 2 * s->safe;
  text_style fs = card_text_style(s, s->footer_pt, 0);
  p.footer = text_layout_plain(t, v->footer ? v->footer : "", &fs, out->text_w);
  out->footer_y = s->card_h - s->safe - text_layout_height_mm(p.footer);
  double items_h = card_items_layout(t, s, m, v, out->text_w, &p, d);
  if (items_h < 0) {
    card_parts_free(&p, v->n_items);
    return -1;
  }
  out->prompts_y = out->footer_y - card_block_gap - items_h;
  /* The meta line as it is set: a long label may take two lines. */
  text_style ms = card_text_style(s, s->meta_pt, 0);
  p.meta = text_layout_plain_shared(t, v->meta ? v->meta : "", &ms, out->text_w);
  out->question_y = s->band_h + card_meta_gap + text_layout_height_mm(p.meta) + card_question_gap;
  double box_h = (v->n_items ? out->prompts_y : out->footer_y) - card_block_gap - out->question_y;

  text_style qs = card_text_style(s, s->question_max_pt, 1);
  p.main = text_layout_rich(t, &v->main, &qs, out->text_w);
  if (card_check_glyphs(p.main, v, v->main_what, d)) {
    card_parts_free(&p, v->n_items);
    return -1;
  }
  /* The layout fitted here is the one printed: it is not shaped again. */
  out->question_pt = box_h > 0 ? text_fit(p.main, &qs, s->question_min_pt, s->question_max_pt,
                                          out->text_w, box_h)
                               : 0;
  /* Not fitting at all: a too-wide word (the layout is at the minimum now)
   * says more than "too long". */
  int too_wide = out->question_pt <= 0 && card_check_width(p.main, v, v->main_what, d);
  if (!too_wide && out->question_pt <= 0)
    diag_error(d, v->loc.file, v->loc.line,
               "%s '%s': the %s and the lines under it do not fit on the card at the "
               "template's minimum size of %.1f pt (shorten the %s or a %s)",
               v->kind, v->id, v->main_what, s->question_min_pt, v->main_what, v->item_what);
  if (out->question_pt <= 0) {
    card_parts_free(&p, v->n_items);
    return -1;
  }
  p.band = card_band_layout(t, s, v->band, out->text_w, TEXT_LEFT);
  out->front = card_face_frame(t, s, m, v, out, &p);
  card_parts_free(&p, v->n_items);
  return 0;
}

int card_check_band(text_ctx *t, const style *s, const char *words, model_loc loc,
                    const char *what, diag_list *d) {
  PangoLayout *l = card_band_layout(t, s, words, s->card_w - 2 * s->safe, TEXT_LEFT);
  /* White words must stay on the coloured band. */
  double end = card_band_text_y(s, l, 0) + text_layout_height_mm(l);
  int lines = text_layout_line_count(l);
  g_object_unref(l);
  if (end <= s->band_h + 0.01) return 0;
  diag_error(d, loc.file, loc.line,
             "%s \"%s\" takes %d lines on the cards' band and does not fit on its %g mm "
             "(shorten it)", what, words, lines, s->band_h);
  return -1;
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

void card_face_free(card_face *face) {
  if (!face) return;
  frame_free(face->front);
  face->front = NULL;
}

frame *card_back_layout(text_ctx *t, const style *s, const model_instrument *m,
                        const card_face *face) {
  card_view v;
  card_view_of(face, s, m, &v);
  const model_theme *theme = v.theme;
  double w = s->card_w, h = s->card_h, inner = s->safe, b = s->bleed;
  frame *f = frame_new(w, h);
  f->safe = s->safe;
  f->label = theme ? arena_printf(f->arena, "back of %s, %s", v.back_name, theme->name)
                   : arena_printf(f->arena, "back of %s", v.back_name);
  f->src = (frame_source){v.loc.file, v.loc.line, f->label};
  frame_rect(f, -b, -b, w + 2 * b, h + 2 * b, v.back_colour, 0);
  /* The theme colour as a band at the foot, so a face-down deck sorts by theme. */
  double frame_bottom = h - inner;
  if (theme) {
    frame_rect(f, -b, h - s->band_h, w + 2 * b, s->band_h + b, style_theme_colour(s, theme->id), 0);
    PangoLayout *band = card_band_layout(t, s, theme->name, w - 2 * inner, TEXT_CENTER);
    double y = card_band_text_y(s, band, h - s->band_h);
    frame_source src = card_source(f, theme->loc, &v, "theme on the back");
    text_frame(f, band, 0, -1, inner, y, 0, s->back_text, &src);
    g_object_unref(band);
    /* The frame keeps as far from the band as from the trim. */
    frame_bottom = h - s->band_h - inner;
  }
  /* A thin frame inside the safe zone. */
  frame_rect(f, inner, inner, w - 2 * inner, frame_bottom - inner, s->back_text, 0.3);
  text_style ns = card_text_style(s, s->back_title_pt, 1);
  ns.align = TEXT_CENTER;
  text_style ss = card_text_style(s, s->back_sub_pt, 0);
  ss.align = TEXT_CENTER;
  PangoLayout *title = text_layout_plain(t, v.back_name, &ns, w - 4 * inner);
  PangoLayout *sub = text_layout_plain(t, m->meta.title ? m->meta.title : "", &ss, w - 4 * inner);
  double nh = text_layout_height_mm(title), sh = text_layout_height_mm(sub);
  double top = (frame_bottom + inner - nh - 3 - sh) / 2;
  frame_source src = card_source(f, v.back_loc, &v, "name on the back");
  text_frame(f, title, 0, -1, 2 * inner, top, 0, s->back_text, &src);
  src = (frame_source){m->meta.title_loc.file, m->meta.title_loc.line,
                       arena_strdup(f->arena, "the instrument's title on the card backs")};
  text_frame(f, sub, 0, -1, 2 * inner, top + nh + 3, 0, s->back_text, &src);
  g_object_unref(title);
  g_object_unref(sub);
  card_view_free(&v);
  return f;
}
