/* deck: lays out all faces and backs, plans sheets, and makes the office sheets and print-shop pages as frames. */
#include "deck.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jobs.h"

/* Cards of one group share sheets: a card set, or the werkvorm cards. */
static const char deck_werkvorm_group;
static const void *deck_group(const card_face *f) {
  return f->card ? (const void *)f->card->set : (const void *)&deck_werkvorm_group;
}

/* Backs repeat per card set (or werkvorm group) and theme: one frame of
 * each, shared by every card that has it. */
static frame *deck_back_of(deck *k, const void **keys, text_ctx *t, const style *s,
                           const model_instrument *m, const card_face *f) {
  const void *theme = f->card ? (const void *)f->card->theme : NULL;
  for (size_t i = 0; i < k->n_backs; i++)
    if (keys[2 * i] == deck_group(f) && keys[2 * i + 1] == theme) return k->backs[i];
  keys[2 * k->n_backs] = deck_group(f);
  keys[2 * k->n_backs + 1] = theme;
  return k->backs[k->n_backs++] = card_back_layout(t, s, m, f);
}

/* What laying out the cards of one group needs (deck_layout_group). */
typedef struct deck_cards {
  text_ctx *t;
  style *one;                    /* its question_max_pt: the smallest size so far */
  const model_instrument *m;
  const model_cardset *set;      /* NULL: the werkvorm cards */
  deck *out;
  size_t first;                  /* the group's first face */
  const size_t *order;           /* the group's cards, most text first */
  diag_list **said;              /* each card's messages, by card */
} deck_cards;

/* Lays out the cards order[k] for k = from, from + step, ... below end,
 * each first at the smallest size so far (c->one), which then becomes its
 * size when it is smaller; in a later pass only the cards laid out at a
 * larger size than that. Returns -1 when one did not fit. */
static int deck_layout_cards(deck_cards *c, size_t from, size_t step, size_t end, int pass) {
  int status = 0;
  for (size_t k = from; k < end; k += step) {
    size_t i = c->order[k];
    card_face *f = &c->out->faces[c->first + i];
    if (pass > 0 && f->question_pt <= c->one->question_max_pt + 1e-9) continue;
    card_face_free(f);
    diag_free(c->said[i]);
    c->said[i] = diag_new();
    int rc = c->set ? card_layout_face(c->t, c->one, c->m, &c->set->cards[i], f, c->said[i])
                    : card_layout_werkvorm(c->t, c->one, c->m, &c->m->werkvormen[i], (int)i + 1,
                                           f, c->said[i]);
    if (rc != 0) status = -1;
    /* The cards after it try the smallest size so far first: one that
     * fits there needs no search for its own larger size. */
    else if (f->question_pt < c->one->question_max_pt) c->one->question_max_pt = f->question_pt;
  }
  return status;
}

/* A group of at least this many cards is laid out on two cores: the
 * DECK_SPLIT_FIRST with the most text here first (they find the group's
 * size, or nearly), then the others alternately here and in a child
 * process, whose faces come back as bytes (frame_write). */
enum { DECK_SPLIT_CARDS = 64, DECK_SPLIT_FIRST = 8 };

typedef struct deck_half {
  deck_cards *c;
  size_t from, end;  /* the child's cards: order[from], order[from + 2], ... */
  FILE *data;
} deck_half;

/* The child's part: its cards laid out, then written to h->data: its
 * smallest size, and for each card its result, how many messages it had
 * (they go to d, in card order) and its face. */
static int deck_half_task(size_t unused, void *arg, diag_list *d) {
  (void)unused;
  deck_half *h = arg;
  deck_cards *c = h->c;
  deck_layout_cards(c, h->from, 2, h->end, 0);
  double least = c->one->question_max_pt;
  int bad = fwrite(&least, sizeof least, 1, h->data) != 1;
  for (size_t k = h->from; k < h->end && !bad; k += 2) {
    size_t i = c->order[k];
    const card_face *f = &c->out->faces[c->first + i];
    long long head[2] = {f->front ? 0 : -1, (long long)diag_count(c->said[i])};
    bad = fwrite(head, sizeof head, 1, h->data) != 1 ||
          (f->front && (fwrite(f, sizeof *f, 1, h->data) != 1 || frame_write(f->front, h->data)));
    diag_take(d, c->said[i]);
  }
  if (fflush(h->data) != 0 || bad) {
    diag_error_of(d, DIAG_IO, NULL, 0, "cannot pass the laid-out cards on: %s", strerror(errno));
    return -1;
  }
  return 0;
}

/* The child's cards from h->data and msgs (its messages). Returns 0, and
 * -1 in *status for a card that did not fit; -1 when the bytes are cut
 * short (then lay them out here; *status is left as it was). */
static int deck_half_read(deck_half *h, const diag_list *msgs, int *status) {
  deck_cards *c = h->c;
  GHashTable *fonts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
  rewind(h->data);
  double least;
  int ok = fread(&least, sizeof least, 1, h->data) == 1;
  size_t said = 0;
  int failed = 0;
  for (size_t k = h->from; ok && k < h->end; k += 2) {
    size_t i = c->order[k];
    card_face *f = &c->out->faces[c->first + i];
    long long head[2];
    ok = fread(head, sizeof head, 1, h->data) == 1 && head[1] >= 0;
    if (!ok) break;
    diag_free(c->said[i]);
    c->said[i] = diag_new();
    diag_copy_range(c->said[i], msgs, said, (size_t)head[1]);
    said += (size_t)head[1];
    card_face_free(f);
    if (head[0] != 0) {
      failed = 1;
      continue;
    }
    ok = fread(f, sizeof *f, 1, h->data) == 1;
    f->front = ok ? frame_read(h->data, text_ctx_pango(c->t), fonts) : NULL;
    ok = f->front != NULL;
  }
  g_hash_table_unref(fonts);
  if (!ok) return -1;
  if (failed) *status = -1;
  if (least < c->one->question_max_pt) c->one->question_max_pt = least;
  return 0;
}

/* Pass 0 of a large group (DECK_SPLIT_CARDS), on two cores. */
static int deck_layout_split(deck_cards *c, size_t count) {
  int status = deck_layout_cards(c, 0, 1, DECK_SPLIT_FIRST, 0);
  deck_half h = {c, DECK_SPLIT_FIRST + 1, count, tmpfile()};
  jobs_bg *bg = h.data ? jobs_start(deck_half_task, 0, &h) : NULL;
  if (deck_layout_cards(c, DECK_SPLIT_FIRST, bg ? 2 : 1, count, 0) != 0) status = -1;
  if (bg) {
    diag_list *msgs = diag_new();
    /* A child that failed to pass them on: its cards are laid out here. */
    if (jobs_end(bg, 1, msgs) != 0 || deck_half_read(&h, msgs, &status) != 0)
      if (deck_layout_cards(c, h.from, 2, count, 0) != 0) status = -1;
    diag_free(msgs);
  }
  if (h.data) fclose(h.data);
  return status;
}

/* The cards of group g (a card set, or the werkvorm cards; faces from
 * first, count of them) laid out at the size of s, then all again at the
 * smallest size any of them took, so that one group shares one question
 * size: the largest at which all of them fit. A card that does not fit at
 * the template's minimum is the error, naming it. Each card is tried first
 * at the smallest size so far, and searched below it only when it does not
 * fit there: only the cards laid out before the smallest size was found are
 * laid out again. The cards with the most text go first, so that size is
 * most often found by the first few (540 cards: 743 layouts in deck order).
 * A large group is laid out on two cores (deck_layout_split). Their
 * messages come in deck order all the same. */
static int deck_layout_group(text_ctx *t, const style *s, const model_instrument *m,
                             const model_cardset *set, deck *out, size_t first, size_t count,
                             diag_list *d) {
  style one = *s; /* read-only copy; only the question's maximum changes */
  int status = 0;
  size_t *bytes = calloc(count + 1, sizeof *bytes), *order = calloc(count + 1, sizeof *order);
  diag_list **said = calloc(count + 1, sizeof *said);
  if (!bytes || !order || !said) abort();
  for (size_t i = 0; i < count; i++) {
    const model_werkvorm *w = set ? NULL : &m->werkvormen[i];
    bytes[i] = set ? model_text_bytes(&set->cards[i].question, 1) +
                         model_text_bytes(set->cards[i].prompts, set->cards[i].n_prompts)
                   : strlen(w->name ? w->name : "") + model_text_bytes(w->summary, w->n_summary);
  }
  model_order_most_text(bytes, count, order);
  deck_cards c = {t, &one, m, set, out, first, order, said};
  for (int pass = 0; pass < 4; pass++) {
    int again = 0;
    if (pass == 0 && count >= DECK_SPLIT_CARDS)
      status = deck_layout_split(&c, count);
    else if (deck_layout_cards(&c, 0, 1, count, pass) != 0)
      status = -1;
    for (size_t i = 0; i < count; i++) {
      if (said[i]) diag_take(d, said[i]);
      diag_free(said[i]);
      said[i] = NULL;
    }
    if (status != 0) break;
    /* one.question_max_pt is now the smallest size any card took. */
    for (size_t i = 0; i < count; i++)
      again |= out->faces[first + i].question_pt > one.question_max_pt + 1e-9;
    if (!again) break;
    /* A text may fit at a size and not at a slightly smaller one (its
     * lines break differently): lay out again until all agree. */
  }
  free(said);
  free(order);
  free(bytes);
  return status;
}

int deck_layout(text_ctx *t, const style *s, const model_instrument *m, deck *out,
                diag_list *d) {
  size_t n = m->n_werkvormen;
  for (size_t i = 0; i < m->n_cardsets; i++) n += m->cardsets[i].n_cards;
  *out = (deck){.faces = calloc(n ? n : 1, sizeof *out->faces), .n_faces = n,
                .backs = calloc(n ? n : 1, sizeof *out->backs)};
  const void **keys = calloc(2 * (n ? n : 1), sizeof *keys);
  if (!out->faces || !out->backs || !keys) abort();
  int status = 0;
  for (size_t i = 0; i < m->n_themes; i++)
    if (card_check_band(t, s, m->themes[i].name, m->themes[i].loc, "the name of theme",
                        d) != 0)
      status = -1;
  const model_label *w = model_label_find(m, "werkvorm.set");
  if (w && m->n_werkvormen && card_check_band(t, s, w->text, w->loc, "the label 'werkvorm.set'", d))
    status = -1;
  if (status != 0) {
    free(keys);
    return -1;
  }
  /* Every band in one size: the largest at which all their words fit. */
  style one = *s;
  for (size_t i = 0; i < m->n_themes; i++) {
    double b = card_band_size(t, s, m->themes[i].name);
    if (b < one.band_pt) one.band_pt = b;
  }
  if (w && m->n_werkvormen) {
    double b = card_band_size(t, s, w->text);
    if (b < one.band_pt) one.band_pt = b;
  }
  size_t k = 0;
  for (size_t i = 0; i < m->n_cardsets; i++) {
    if (deck_layout_group(t, &one, m, &m->cardsets[i], out, k, m->cardsets[i].n_cards, d) != 0)
      status = -1;
    k += m->cardsets[i].n_cards;
  }
  /* The werkvorm cards come last, so the deck is complete on its own. */
  if (deck_layout_group(t, &one, m, NULL, out, k, m->n_werkvormen, d) != 0) status = -1;
  for (size_t i = 0; status == 0 && i < n; i++) {
    out->faces[i].front->back = deck_back_of(out, keys, t, &one, m, &out->faces[i]);
    frame_trim(out->faces[i].front);
  }
  free(keys);
  return status;
}

void deck_free(deck *k) {
  if (!k) return;
  for (size_t i = 0; i < k->n_faces; i++) card_face_free(&k->faces[i]);
  for (size_t i = 0; i < k->n_backs; i++) frame_free(k->backs[i]);
  free(k->faces);
  free(k->backs);
  *k = (deck){0};
}

int deck_plan(const deck *k, const sheet_layout *l, deck_slot *slots) {
  int per = sheet_slots(l), sheet = -1, slot = per;
  const void *group = NULL;
  for (size_t i = 0; i < k->n_faces; i++) {
    const card_face *f = &k->faces[i];
    if (slot == per || deck_group(f) != group) {
      sheet++;
      slot = 0;
      group = deck_group(f);
    }
    slots[i] = (deck_slot){.face = f, .sheet = sheet, .slot = slot};
    slot++;
  }
  return sheet + 1;
}

/* Bookmarks: one per card set, under it one per theme, each to the first
 * page that holds it. Cards come in order, so a change starts a new one. */
typedef struct deck_marks {
  const void *group;
  const void *theme;
  int group_id;
} deck_marks;

/* Werkvorm cards are one group under the label werkvorm.set, one bookmark
 * per werkvorm under it. */
static void deck_mark(frame_doc *doc, deck_marks *dm, const model_instrument *m,
                      const card_face *f, int page) {
  if (deck_group(f) != dm->group) {
    const model_label *w = model_label_find(m, "werkvorm.set");
    dm->group = deck_group(f);
    dm->theme = NULL;
    dm->group_id = frame_doc_bookmark(doc, 0, f->card ? f->card->set->name : w ? w->text : "",
                                      page);
  }
  const void *sub = f->card ? (const void *)f->card->theme : (const void *)f->werkvorm;
  if (sub != dm->theme) {
    dm->theme = sub;
    frame_doc_bookmark(doc, dm->group_id, f->card ? f->card->theme->name : f->werkvorm->name,
                       page);
  }
}

static const double deck_bar_room = 4.5; /* height the bar and its words need */

void deck_bar_frame(frame *f, text_ctx *t, const style *s, const model_instrument *m, double x,
                    double y, double angle) {
  const double tick = 1.2;
  const style_rgb black = {0, 0, 0};
  double a = angle * G_PI / 180, c = cos(a), sn = sin(a);
  /* (u, v) along and across the bar, to the page. */
#define DECK_AT(u, v) x + (u) * c - (v) * sn, y + (u) * sn + (v) * c
  frame_line(f, DECK_AT(0, tick), DECK_AT(DECK_BAR_MM, tick), black, 0.2);
  for (int mm = 0; mm <= DECK_BAR_MM; mm += 10)
    frame_line(f, DECK_AT(mm, (mm == 0 || mm == DECK_BAR_MM) ? 0 : tick / 2), DECK_AT(mm, tick),
               black, 0.2);
  char mm_text[16];
  snprintf(mm_text, sizeof mm_text, "%d", DECK_BAR_MM);
  const char *names[] = {"mm"};
  const char *values[] = {mm_text};
  char *label = model_label_fill(m, "sheet.scale", 1, names, values);
  text_style ts = {.family = s->font_family, .size_pt = s->footer_pt, .align = TEXT_CENTER};
  PangoLayout *tl = text_layout_plain(t, label ? label : "", &ts, DECK_BAR_MM + 20);
  const model_label *key = model_label_find(m, "sheet.scale");
  frame_source src = {key ? key->loc.file : m->file, key ? key->loc.line : 0,
                      "the scale bar's words (label 'sheet.scale')"};
  text_frame(f, tl, 0, -1, DECK_AT(-10, tick + 0.6), angle, s->muted, &src);
#undef DECK_AT
  g_object_unref(tl);
  free(label);
}

/* "This bar is 50 mm": a ruler in the strip under the cards, under the
 * column nearest the middle so it stays clear of the cut marks; or,
 * turned, in the strip right of the cards. */
static void deck_scale_frame(frame *f, text_ctx *t, const style *s, const model_instrument *m,
                             const sheet_layout *l) {
  sheet_rect strip = sheet_free_strip(l), side = sheet_free_side(l);
  if (strip.h >= deck_bar_room) {
    int col = (l->cols - 1) / 2;
    double x = l->card_w < DECK_BAR_MM
                   ? (l->paper_w - DECK_BAR_MM) / 2
                   : l->x0 + col * (l->card_w + l->gap) + (l->card_w - DECK_BAR_MM) / 2;
    deck_bar_frame(f, t, s, m, x, strip.y + (strip.h - deck_bar_room) / 2, 0);
  } else if (side.w >= deck_bar_room) {
    int row = (l->rows - 1) / 2;
    double y = l->y0 + row * (l->card_h + l->gap) + (l->card_h + DECK_BAR_MM) / 2;
    deck_bar_frame(f, t, s, m, side.x + (side.w - deck_bar_room) / 2, y, -90);
  }
}

/* A bar needs a strip under or right of the cards. */
static int deck_has_bar_room(const sheet_layout *l) {
  return sheet_free_strip(l).h >= deck_bar_room || sheet_free_side(l).w >= deck_bar_room;
}

/* Names a page "3 voorkant" / "P3 achterkant" (label page.front or
 * page.back with n filled in), so a print dialog can pick pages by it. */
static void deck_page_label(frame *page, const model_instrument *m, int back, const char *n) {
  const char *names[] = {"n"};
  const char *values[] = {n};
  char *label = model_label_fill_bare(m, back ? "page.back" : "page.front", 1, names, values);
  if (label) page->label = frame_strdup(page, label);
  free(label);
}

/* What one pass over the deck holds. */
typedef struct deck_pass {
  const deck *k;
  text_ctx *t;
  const style *s;
  const model_instrument *m;
  const deck_sheet_options *o;
  sheet_layout l;
  deck_slot *slots;       /* owned */
  size_t *first;          /* owned: slots[first[s]] to slots[first[s + 1] - 1] are on sheet s */
  frame_doc *sheets, *shop;
  const frame *guides;    /* a card's cut guides, placed at every card (kept by sheets) */
  deck_marks sheet_marks, shop_marks;
} deck_pass;

/* The print-shop pages of one card: its face, then its back, with bleed. */
static void deck_shop_card(deck_pass *p, const card_face *f) {
  double b = p->s->bleed, w = p->s->card_w + 2 * b, h = p->s->card_h + 2 * b;
  char code[32];
  card_face_code(p->m, f, code, sizeof code);
  deck_mark(p->shop, &p->shop_marks, p->m, f, (int)p->shop->n_pages);
  for (int back = 0; back < 2; back++) {
    frame *page = frame_doc_page(p->shop, w, h);
    page->bleed = b;
    frame_group(page, back ? f->front->back : f->front, b, b, 0);
    deck_page_label(page, p->m, back, code);
  }
}

/* The template's rounded corners as a cut guide on g, a card of w x h: a
 * quarter circle of the corner radius inside each corner of the trim,
 * drawn as short lines (so scissors can follow it, and a square cut stays
 * possible along the hairline). */
static void deck_corner_guides(frame *g, double w, double h, double r, style_rgb c) {
  enum { SEGMENTS = 6 };
  const struct { double cx, cy, from; } corner[] = {
    {r, r, 180}, {w - r, r, 270}, {w - r, h - r, 0}, {r, h - r, 90},
  };
  for (size_t k = 0; k < 4; k++)
    for (int i = 0; i < SEGMENTS; i++) {
      double a1 = (corner[k].from + 90.0 * i / SEGMENTS) * G_PI / 180;
      double a2 = (corner[k].from + 90.0 * (i + 1) / SEGMENTS) * G_PI / 180;
      double x1 = corner[k].cx + r * cos(a1), y1 = corner[k].cy + r * sin(a1);
      double x2 = corner[k].cx + r * cos(a2), y2 = corner[k].cy + r * sin(a2);
      frame_line(g, x1, y1, x2, y2, c, 0.1);
    }
}

/* The cut guides of one card, drawn once and placed at every card of the
 * sheets: a hairline at the trim helps scissors where there are no marks,
 * and the template's rounded corners are drawn inside it. Drawn at each
 * card, these were 25 items a card: at 5,400 cards 23 MB of the sheets'
 * frames, and 0.13 s of drawing them. */
static frame *deck_guides(const style *s) {
  const style_rgb hairline = {0.75, 0.75, 0.75};
  frame *g = frame_new(s->card_w, s->card_h);
  g->label = "cut guides";
  frame_rect(g, 0, 0, s->card_w, s->card_h, hairline, 0.1);
  if (s->radius > 0) deck_corner_guides(g, s->card_w, s->card_h, s->radius, hairline);
  frame_trim(g);
  return g;
}

/* The slot a card takes on its sheet: in a right-to-left edition the cards
 * are read from the top right, so the columns are taken from the right. */
static int deck_slot_place(const deck_pass *p, int slot) {
  if (!text_ctx_rtl(p->t)) return slot;
  int cols = p->l.cols, row = slot / cols, col = slot % cols;
  return row * cols + (cols - 1 - col);
}

/* The front page of a sheet: its faces clipped to their trim and half the
 * gap around it, hairlines, corner guides, cut marks and the scale bar. */
static void deck_front_page(deck_pass *p, int sheet) {
  const style *s = p->s;
  frame *page = frame_doc_page(p->sheets, p->l.paper_w, p->l.paper_h);
  page->printable = s->paper_margin;
  const style_rgb black = {0, 0, 0};
  for (size_t i = p->first[sheet]; i < p->first[sheet + 1]; i++) {
    const card_face *f = p->slots[i].face;
    deck_mark(p->sheets, &p->sheet_marks, p->m, f, (int)p->sheets->n_pages - 1);
    sheet_pos pos = sheet_front(&p->l, deck_slot_place(p, p->slots[i].slot));
    sheet_rect shown = sheet_bleed_box(&p->l, pos);
    frame_group_clipped(page, f->front, pos.x, pos.y,
                        (double[4]){shown.x, shown.y, shown.w, shown.h});
    frame_group(page, p->guides, pos.x, pos.y, 0);
  }
  /* Marks for the cards there are: none between empty slots. */
  int filled = 0;
  for (size_t i = p->first[sheet]; i < p->first[sheet + 1]; i++)
    if (p->slots[i].slot + 1 > filled) filled = p->slots[i].slot + 1;
  sheet_layout grid = sheet_filled(&p->l, filled, text_ctx_rtl(p->t));
  double mark_len = p->o->marks == MARKS_CORNER ? s->mark_len : 0;
  size_t n = sheet_marks(&grid, s->mark_offset, mark_len, NULL, 0);
  sheet_mark *marks = calloc(n ? n : 1, sizeof *marks);
  if (!marks) abort();
  sheet_marks(&grid, s->mark_offset, mark_len, marks, n);
  for (size_t i = 0; i < n; i++)
    frame_line(page, marks[i].x1, marks[i].y1, marks[i].x2, marks[i].y2, black,
               s->mark_width_pt * 25.4 / 72)->cut_mark = 1;
  free(marks);
  deck_scale_frame(page, p->t, s, p->m, &p->l);
  char sheet_no[16];
  snprintf(sheet_no, sizeof sheet_no, "%d", sheet + 1);
  deck_page_label(page, p->m, 0, sheet_no);
}

/* The back page of a sheet; front_page is the index of its front page. */
static void deck_back_page(deck_pass *p, int sheet, size_t front_page) {
  frame *page = frame_doc_page(p->sheets, p->l.paper_w, p->l.paper_h);
  page->printable = p->s->paper_margin;
  page->back_of = (int)front_page + 1;
  page->turn_vertical = sheet_flips_top_to_bottom(&p->l, p->o->duplex);
  page->back_dx = p->o->back_dx;
  page->back_dy = p->o->back_dy;
  for (size_t i = p->first[sheet]; i < p->first[sheet + 1]; i++) {
    sheet_pos pos = sheet_back(&p->l, deck_slot_place(p, p->slots[i].slot), p->o->duplex,
                               p->o->back_dx, p->o->back_dy);
    sheet_rect shown = sheet_bleed_box(&p->l, pos);
    frame_group_clipped(page, p->slots[i].face->front->back, pos.x, pos.y,
                        (double[4]){shown.x, shown.y, shown.w, shown.h});
  }
  char sheet_no[16];
  snprintf(sheet_no, sizeof sheet_no, "%d", sheet + 1);
  deck_page_label(page, p->m, 1, sheet_no);
}

/* The grid for one orientation: without a reserved strip when the scale
 * bar finds room anyway, else with one. A grid whose cut lines cannot all
 * get a mark that shows is no use. */
static int deck_orientation(const style *s, double w, double h, sheet_layout *out) {
  double mark_len = s->marks == MARKS_CORNER ? s->mark_len : 0;
  if (sheet_layout_make(w, h, s->paper_margin, 0, s->card_w, s->card_h, s->gap, out) == 0 &&
      deck_has_bar_room(out) && sheet_marks_cover_cuts(out, s->mark_offset, mark_len))
    return 0;
  if (sheet_layout_make(w, h, s->paper_margin, s->scale_strip, s->card_w, s->card_h, s->gap,
                        out) != 0)
    return -1;
  return sheet_marks_cover_cuts(out, s->mark_offset, mark_len) ? 0 : -1;
}

int deck_sheet_layout(const style *s, double paper_w, double paper_h, sheet_layout *out,
                      diag_list *d) {
  sheet_layout portrait, landscape;
  int p = deck_orientation(s, paper_w, paper_h, &portrait);
  int l = deck_orientation(s, paper_h, paper_w, &landscape);
  if (p != 0 && l != 0) {
    diag_error(d, s->file, s->card_line,
               "a %g x %g mm card does not fit on %g x %g mm paper with a %g mm "
               "printer margin and room for cut marks that show %.0f mm (choose a smaller "
               "card or larger paper)",
               s->card_w, s->card_h, paper_w, paper_h, s->paper_margin,
               SHEET_MARK_MIN_VISIBLE);
    return -1;
  }
  *out = (p == 0 && (l != 0 || sheet_slots(&portrait) >= sheet_slots(&landscape)))
             ? portrait : landscape;
  return 0;
}

/* Trims the pages of doc from index from on (frame_trim). */
static void deck_trim_from(frame_doc *doc, size_t from) {
  for (size_t i = from; i < doc->n_pages; i++) frame_trim(doc->pages[i]);
}

int deck_frames(const deck *k, text_ctx *t, const style *s, const model_instrument *m,
                const deck_sheet_options *o, frame_doc **sheets, frame_doc **shop,
                diag_list *d) {
  deck_pass p = {.k = k, .t = t, .s = s, .m = m, .o = o};
  *sheets = *shop = NULL;
  if (deck_sheet_layout(s, o->paper_w, o->paper_h, &p.l, d) != 0) return -1;
  p.slots = calloc(k->n_faces ? k->n_faces : 1, sizeof *p.slots);
  if (!p.slots) abort();
  int n_sheets = deck_plan(k, &p.l, p.slots);
  if (o->shared_sheets) {
    int per = sheet_slots(&p.l);
    for (size_t i = 0; i < k->n_faces; i++)
      p.slots[i] = (deck_slot){.face = &k->faces[i], .sheet = (int)i / per, .slot = (int)i % per};
    n_sheets = ((int)k->n_faces + per - 1) / per;
  }
  /* deck_plan fills sheets in card order: each sheet is one run of slots. */
  p.first = calloc((size_t)n_sheets + 1, sizeof *p.first);
  if (!p.first) abort();
  for (size_t i = 0; i < k->n_faces; i++) p.first[p.slots[i].sheet + 1] = i + 1;
  p.sheets = frame_doc_new();
  p.shop = frame_doc_new();
  p.guides = frame_doc_keep(p.sheets, deck_guides(s));
  size_t *front_pages = calloc((size_t)n_sheets + 1, sizeof *front_pages);
  if (!front_pages) abort();
  /* Each page is trimmed once it is made (its items' room grows by
   * doubling), and the room it gives back is taken by the next: trimmed
   * at the end, a 5,400-card deck's pages held 8 MB more at once. */
  for (int sh = 0; sh < n_sheets; sh++) {
    front_pages[sh] = p.sheets->n_pages;
    deck_front_page(&p, sh);
    if (o->duplex != DUPLEX_NONE) deck_back_page(&p, sh, front_pages[sh]);
    deck_trim_from(p.sheets, front_pages[sh]);
  }
  for (int sh = 0; o->duplex == DUPLEX_NONE && sh < n_sheets; sh++) {
    size_t from = p.sheets->n_pages;
    deck_back_page(&p, sh, front_pages[sh]);
    deck_trim_from(p.sheets, from);
  }
  for (size_t i = 0; i < k->n_faces; i++) {
    size_t from = p.shop->n_pages;
    deck_shop_card(&p, &k->faces[i]);
    deck_trim_from(p.shop, from);
  }
  free(front_pages);
  free(p.slots);
  free(p.first);
  *sheets = p.sheets;
  *shop = p.shop;
  return 0;
}
