/* deck: lays out all faces, plans sheets, and draws the office sheets PDF. */
#include "deck.h"

#include <cairo-pdf.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int deck_layout(text_ctx *t, const style *s, const model_instrument *m, deck *out,
                diag_list *d) {
  size_t n = m->n_werkvormen;
  for (size_t i = 0; i < m->n_cardsets; i++) n += m->cardsets[i].n_cards;
  *out = (deck){.faces = calloc(n ? n : 1, sizeof *out->faces), .n_faces = n};
  if (!out->faces) abort();
  int status = 0;
  size_t k = 0;
  for (size_t i = 0; i < m->n_cardsets; i++)
    for (size_t c = 0; c < m->cardsets[i].n_cards; c++)
      if (card_layout_face(t, s, m, &m->cardsets[i].cards[c], &out->faces[k++], d) != 0)
        status = -1;
  /* The werkvorm cards come last, so the deck is complete on its own. */
  for (size_t w = 0; w < m->n_werkvormen; w++)
    if (card_layout_werkvorm(t, s, m, &m->werkvormen[w], (int)w + 1, &out->faces[k++], d) != 0)
      status = -1;
  return status;
}

/* Cards of one group share sheets: a card set, or the werkvorm cards. */
static const char deck_werkvorm_group;
static const void *deck_group(const card_face *f) {
  return f->card ? (const void *)f->card->set : (const void *)&deck_werkvorm_group;
}

void deck_free(deck *k) {
  if (!k) return;
  free(k->faces);
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
static void deck_mark(output_pdf *pdf, deck_marks *dm, const model_instrument *m,
                      const card_face *f, int page) {
  if (deck_group(f) != dm->group) {
    const model_label *w = model_label_find(m, "werkvorm.set");
    dm->group = deck_group(f);
    dm->theme = NULL;
    dm->group_id = output_pdf_bookmark(pdf, 0, f->card ? f->card->set->name : w ? w->text : "",
                                       page);
  }
  const void *sub = f->card ? (const void *)f->card->theme : (const void *)f->werkvorm;
  if (sub != dm->theme) {
    dm->theme = sub;
    output_pdf_bookmark(pdf, dm->group_id, f->card ? f->card->theme->name : f->werkvorm->name,
                        page);
  }
}

static const double deck_bar_room = 4.5; /* height the bar and its words need */

void deck_draw_bar(cairo_t *cr, text_ctx *t, const style *s, const model_instrument *m) {
  const double tick = 1.2;
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 0.2);
  cairo_move_to(cr, 0, tick);
  cairo_line_to(cr, DECK_BAR_MM, tick);
  for (int mm = 0; mm <= DECK_BAR_MM; mm += 10) {
    cairo_move_to(cr, mm, (mm == 0 || mm == DECK_BAR_MM) ? 0 : tick / 2);
    cairo_line_to(cr, mm, tick);
  }
  cairo_stroke(cr);
  char mm_text[16];
  snprintf(mm_text, sizeof mm_text, "%d", DECK_BAR_MM);
  const char *names[] = {"mm"};
  const char *values[] = {mm_text};
  char *label = model_label_fill(m, "sheet.scale", 1, names, values);
  text_style ts = {.family = s->font_family, .size_pt = s->footer_pt, .align = TEXT_CENTER};
  PangoLayout *tl = text_layout_plain(t, label ? label : "", &ts, DECK_BAR_MM + 20);
  cairo_set_source_rgb(cr, s->muted.r, s->muted.g, s->muted.b);
  text_draw(cr, tl, -10, tick + 0.6);
  g_object_unref(tl);
  free(label);
}

/* "This bar is 50 mm": a ruler in the strip under the cards, under the
 * column nearest the middle so it stays clear of the cut marks; or,
 * turned, in the strip right of the cards. */
static void deck_draw_scale(cairo_t *cr, text_ctx *t, const style *s,
                            const model_instrument *m, const sheet_layout *l) {
  sheet_rect strip = sheet_free_strip(l), side = sheet_free_side(l);
  cairo_save(cr);
  if (strip.h >= deck_bar_room) {
    int col = (l->cols - 1) / 2;
    double x = l->card_w < DECK_BAR_MM
                   ? (l->paper_w - DECK_BAR_MM) / 2
                   : l->x0 + col * (l->card_w + l->gap) + (l->card_w - DECK_BAR_MM) / 2;
    cairo_translate(cr, x, strip.y + (strip.h - deck_bar_room) / 2);
  } else if (side.w >= deck_bar_room) {
    int row = (l->rows - 1) / 2;
    double y = l->y0 + row * (l->card_h + l->gap) + (l->card_h + DECK_BAR_MM) / 2;
    cairo_translate(cr, side.x + (side.w - deck_bar_room) / 2, y);
    cairo_rotate(cr, -G_PI / 2);
  } else {
    cairo_restore(cr);
    return;
  }
  deck_draw_bar(cr, t, s, m);
  cairo_restore(cr);
}

/* A bar needs a strip under or right of the cards. */
static int deck_has_bar_room(const sheet_layout *l) {
  return sheet_free_strip(l).h >= deck_bar_room || sheet_free_side(l).w >= deck_bar_room;
}

/* Names the current page "3 voorkant" / "P3 achterkant" (label page.front
 * or page.back with n filled in), so a print dialog can pick pages by it. */
static void deck_page_label(output_pdf *pdf, const model_instrument *m, int back,
                            const char *n) {
  const char *names[] = {"n"};
  const char *values[] = {n};
  char *label = model_label_fill(m, back ? "page.back" : "page.front", 1, names, values);
  if (label) cairo_pdf_surface_set_page_label(pdf->surface, label);
  free(label);
}

/* Backs repeat per card set (or werkvorm group) and theme: one ink of each
 * is made and drawn wherever that back is needed. */
typedef struct deck_backs {
  const void *group, *theme;
  card_ink *ink; /* owned */
} deck_backs;

typedef struct deck_back_cache {
  deck_backs *items;
  size_t n, cap;
} deck_back_cache;

static const card_ink *deck_back_ink(deck_back_cache *c, text_ctx *t, const style *s,
                                     const model_instrument *m, const card_face *f) {
  const void *theme = f->card ? (const void *)f->card->theme : NULL;
  for (size_t i = 0; i < c->n; i++)
    if (c->items[i].group == deck_group(f) && c->items[i].theme == theme) return c->items[i].ink;
  if (c->n == c->cap) {
    c->cap = c->cap ? 2 * c->cap : 8;
    c->items = realloc(c->items, c->cap * sizeof *c->items);
    if (!c->items) abort();
  }
  c->items[c->n] = (deck_backs){deck_group(f), theme, card_ink_back(t, s, m, f)};
  return c->items[c->n++].ink;
}

static void deck_back_cache_free(deck_back_cache *c) {
  for (size_t i = 0; i < c->n; i++) card_ink_free(c->items[i].ink);
  free(c->items);
}

/* What one writing pass over the deck holds. */
typedef struct deck_pass {
  const deck *k;
  text_ctx *t;
  const style *s;
  const model_instrument *m;
  const deck_sheet_options *o;
  sheet_layout l;
  deck_slot *slots;       /* owned */
  size_t *first;          /* owned: slots[first[s]] to slots[first[s + 1] - 1] are on sheet s */
  output_pdf sheets, shop;
  deck_marks sheet_marks, shop_marks;
  deck_back_cache backs;
  int sheet_page;         /* pages of the office sheets so far */
} deck_pass;

/* The print-shop pages of one card: its face, then its back, with bleed. */
static void deck_shop_card(deck_pass *p, const card_face *f, const card_ink *face, int index) {
  double b = p->s->bleed;
  char code[32];
  card_face_code(p->m, f, code, sizeof code);
  deck_mark(&p->shop, &p->shop_marks, p->m, f, 2 * index + 1);
  card_ink_draw(p->shop.cr, face, b, b, b);
  deck_page_label(&p->shop, p->m, 0, code);
  cairo_show_page(p->shop.cr);
  card_ink_draw(p->shop.cr, deck_back_ink(&p->backs, p->t, p->s, p->m, f), b, b, b);
  deck_page_label(&p->shop, p->m, 1, code);
  cairo_show_page(p->shop.cr);
}

/* The front page of a sheet; each face is laid out once and drawn on the
 * sheet and on its print-shop page. */
static void deck_front_page(deck_pass *p, int sheet) {
  cairo_t *cr = p->sheets.cr;
  const style *s = p->s;
  for (size_t i = p->first[sheet]; i < p->first[sheet + 1]; i++) {
    const card_face *f = p->slots[i].face;
    deck_mark(&p->sheets, &p->sheet_marks, p->m, f, p->sheet_page + 1);
    card_ink *ink = card_ink_face(p->t, s, p->m, f);
    sheet_pos pos = sheet_front(&p->l, p->slots[i].slot);
    card_ink_draw(cr, ink, pos.x, pos.y, 0);
    /* A hairline at the trim helps scissors where there are no marks. */
    cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
    cairo_set_line_width(cr, 0.1);
    cairo_rectangle(cr, pos.x, pos.y, s->card_w, s->card_h);
    cairo_stroke(cr);
    deck_shop_card(p, f, ink, (int)i);
    card_ink_free(ink);
  }
  cairo_set_source_rgb(cr, 0, 0, 0);
  sheet_draw_marks(cr, &p->l, s->mark_offset, p->o->marks == MARKS_CORNER ? s->mark_len : 0,
                   s->mark_width_pt);
  deck_draw_scale(cr, p->t, s, p->m, &p->l);
  char sheet_no[16];
  snprintf(sheet_no, sizeof sheet_no, "%d", sheet + 1);
  deck_page_label(&p->sheets, p->m, 0, sheet_no);
  cairo_show_page(cr);
  p->sheet_page++;
}

static void deck_back_page(deck_pass *p, int sheet) {
  for (size_t i = p->first[sheet]; i < p->first[sheet + 1]; i++) {
    sheet_pos pos = sheet_back(&p->l, p->slots[i].slot, p->o->duplex, p->o->back_dx,
                               p->o->back_dy);
    card_ink_draw(p->sheets.cr, deck_back_ink(&p->backs, p->t, p->s, p->m, p->slots[i].face),
                  pos.x, pos.y, 0);
  }
  char sheet_no[16];
  snprintf(sheet_no, sizeof sheet_no, "%d", sheet + 1);
  deck_page_label(&p->sheets, p->m, 1, sheet_no);
  cairo_show_page(p->sheets.cr);
  p->sheet_page++;
}

/* The grid for one orientation: without a reserved strip when the scale
 * bar finds room anyway, else with one. */
static int deck_orientation(const style *s, double w, double h, sheet_layout *out) {
  if (sheet_layout_make(w, h, s->paper_margin, 0, s->card_w, s->card_h, s->gap, out) == 0 &&
      deck_has_bar_room(out))
    return 0;
  return sheet_layout_make(w, h, s->paper_margin, s->scale_strip, s->card_w, s->card_h, s->gap,
                           out);
}

int deck_sheet_layout(const style *s, double paper_w, double paper_h, sheet_layout *out,
                      diag_list *d) {
  sheet_layout portrait, landscape;
  int p = deck_orientation(s, paper_w, paper_h, &portrait);
  int l = deck_orientation(s, paper_h, paper_w, &landscape);
  if (p != 0 && l != 0) {
    diag_error(d, s->file, 0, "a %.0f x %.0f mm card does not fit on %.0f x %.0f mm paper "
               "(choose a smaller card or larger paper)", s->card_w, s->card_h, paper_w,
               paper_h);
    return -1;
  }
  *out = (p == 0 && (l != 0 || sheet_slots(&portrait) >= sheet_slots(&landscape)))
             ? portrait : landscape;
  return 0;
}

int deck_write(const deck *k, text_ctx *t, const style *s, const model_instrument *m,
               const deck_sheet_options *o, const char *sheets_path, const char *shop_path,
               diag_list *d) {
  deck_pass p = {.k = k, .t = t, .s = s, .m = m, .o = o};
  if (deck_sheet_layout(s, o->paper_w, o->paper_h, &p.l, d) != 0) return -1;
  p.slots = calloc(k->n_faces ? k->n_faces : 1, sizeof *p.slots);
  if (!p.slots) abort();
  int sheets = deck_plan(k, &p.l, p.slots);
  /* deck_plan fills sheets in card order: each sheet is one run of slots. */
  p.first = calloc((size_t)sheets + 1, sizeof *p.first);
  if (!p.first) abort();
  for (size_t i = 0; i < k->n_faces; i++) p.first[p.slots[i].sheet + 1] = i + 1;

  output_meta sheet_meta = output_meta_of(m, "doc.cards");
  output_meta shop_meta = output_meta_of(m, "doc.printshop");
  double b = s->bleed;
  if (output_pdf_open(&p.sheets, sheets_path, p.l.paper_w, p.l.paper_h, &sheet_meta, d) != 0) {
    free(p.slots);
    free(p.first);
    return -1;
  }
  if (output_pdf_open(&p.shop, shop_path, s->card_w + 2 * b, s->card_h + 2 * b, &shop_meta,
                      d) != 0) {
    output_pdf_close(&p.sheets, sheets_path, &sheet_meta, 0, d);
    free(p.slots);
    free(p.first);
    return -1;
  }
  for (int sh = 0; sh < sheets; sh++) {
    deck_front_page(&p, sh);
    if (o->duplex != DUPLEX_NONE) deck_back_page(&p, sh);
  }
  for (int sh = 0; o->duplex == DUPLEX_NONE && sh < sheets; sh++) deck_back_page(&p, sh);
  deck_back_cache_free(&p.backs);
  free(p.slots);
  free(p.first);
  int rc = output_pdf_close(&p.sheets, sheets_path, &sheet_meta, 0, d);
  if (output_pdf_close(&p.shop, shop_path, &shop_meta, b, d) != 0) rc = -1;
  return rc;
}
