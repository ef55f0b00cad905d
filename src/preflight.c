/* preflight: glyphs, sizes, overlaps, safe and printable areas, backs behind fronts and cut marks, read off the frames. */
#include "preflight.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sheet.h"

#define PREFLIGHT_EPS 0.01 /* mm: positions are computed, not measured */

/* What one check run holds: one error per cause (a label printed on every
 * card is reported once). */
struct preflight {
  const frame_doc *doc; /* borrowed: the document being checked */
  const char *name;
  const style *s;
  diag_list *d;
  GHashTable *seen; /* owned: keys of errors reported */
  GHashTable *done; /* owned: groups checked (a shared card frame once) */
  size_t errors;
  /* the document's back pages: where their printer correction may lie, and what it is */
  double range[4];
  int offset_seen;
  double back_dx, back_dy;
};

/* True the first time key is seen. */
static int preflight_first(preflight *p, char *key) {
  if (g_hash_table_contains(p->seen, key)) {
    g_free(key);
    return 0;
  }
  g_hash_table_add(p->seen, key);
  p->errors++;
  return 1;
}

static void preflight_excerpt(const char *text, char *buf, size_t n) {
  size_t k = 0;
  for (const char *q = text; *q && k + 8 < n; q = g_utf8_next_char(q)) {
    gunichar ch = g_utf8_get_char(q);
    if (ch == 0x00AD) continue;
    k += (size_t)g_unichar_to_utf8(ch, buf + k);
  }
  buf[k] = '\0';
}

/* The page a message talks about: "cards.pdf page 3". */
static void preflight_where(const preflight *p, size_t page, char *buf, size_t n) {
  snprintf(buf, n, "%s page %zu", p->name, page + 1);
}

static void preflight_glyphs(preflight *p, const frame_item *it) {
  const PangoGlyphString *g = it->run->glyphs->glyphs;
  for (int i = 0; i < g->num_glyphs; i++) {
    if (!(g->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG)) continue;
    gunichar ch = g_utf8_get_char(it->run->text + g->log_clusters[i]);
    /* One error per place and character: a label printed on every card is one cause. */
    if (!preflight_first(p, g_strdup_printf("glyph %s:%ld:%u", it->src.file ? it->src.file : "",
                                           it->src.line, (unsigned)ch)))
      continue;
    char utf8[8] = {0}, excerpt[160];
    g_unichar_to_utf8(ch, utf8);
    preflight_excerpt(it->run->text, excerpt, sizeof excerpt);
    diag_error(p->d, it->src.file, it->src.line,
               "%s has the character '%s' (U+%04X) in \"%s\", which no font in fonts/ has "
               "(replace it, or add a font that has it)",
               it->src.what ? it->src.what : "a text", utf8, (unsigned)ch, excerpt);
  }
}

static void preflight_size(preflight *p, const frame_item *it) {
  double min = p->s->min_text_pt;
  if (it->run->size_pt >= min - 1e-6) return;
  if (!preflight_first(p, g_strdup_printf("size %s:%ld:%.2f", it->src.file ? it->src.file : "",
                                          it->src.line, it->run->size_pt)))
    return;
  diag_error(p->d, it->src.file, it->src.line,
             "%s is set in %.1f pt, below the template's smallest text size of %.1f pt (%s: "
             "raise the size in the template, or its minimum)",
             it->src.what ? it->src.what : "a text", it->run->size_pt, min, p->s->file);
}

static int preflight_inside(const double box[4], double x0, double y0, double x1, double y1) {
  return box[0] >= x0 - PREFLIGHT_EPS && box[1] >= y0 - PREFLIGHT_EPS &&
         box[0] + box[2] <= x1 + PREFLIGHT_EPS && box[1] + box[3] <= y1 + PREFLIGHT_EPS;
}

static int preflight_overlap(const double a[4], const double b[4]) {
  return a[0] + a[2] > b[0] + PREFLIGHT_EPS && b[0] + b[2] > a[0] + PREFLIGHT_EPS &&
         a[1] + a[3] > b[1] + PREFLIGHT_EPS && b[1] + b[3] > a[1] + PREFLIGHT_EPS;
}

/* The texts of one frame: glyphs, sizes, the safe zone, overlaps between
 * blocks. `where` names the frame when its texts do not (a page). */
static void preflight_frame_texts(preflight *p, const frame *f, const char *where,
                                  const char *key) {
  for (size_t i = 0; i < f->n; i++) {
    const frame_item *it = &f->items[i];
    if (it->kind != FRAME_TEXT) continue;
    preflight_glyphs(p, it);
    preflight_size(p, it);
    double box[4];
    frame_text_box(it, box);
    if (f->safe > 0 && !preflight_inside(box, f->safe, f->safe, f->w - f->safe, f->h - f->safe) &&
        preflight_first(p, g_strdup_printf("safe %s %s", key, it->src.what ? it->src.what : ""))) {
      diag_error(p->d, it->src.file, it->src.line,
                 "%s runs outside the safe zone of %s (%.1f mm inside the trim): it is set at "
                 "%.1f,%.1f to %.1f,%.1f mm on a %.1f x %.1f mm card (shorten the text, or "
                 "give the template's card more room)",
                 it->src.what ? it->src.what : "a text", f->label ? f->label : where, f->safe,
                 box[0], box[1], box[0] + box[2], box[1] + box[3], f->w, f->h);
    }
    for (size_t j = i + 1; j < f->n; j++) {
      const frame_item *other = &f->items[j];
      if (other->kind != FRAME_TEXT || other->block == it->block) continue;
      double ob[4];
      frame_text_box(other, ob);
      if (!preflight_overlap(box, ob)) continue;
      if (!preflight_first(p, g_strdup_printf("overlap %s %d %d", key, it->block, other->block)))
        continue;
      char a[160], b[160];
      preflight_excerpt(it->run->text, a, sizeof a);
      preflight_excerpt(other->run->text, b, sizeof b);
      diag_error(p->d, other->src.file, other->src.line,
                 "on %s, %s (\"%s\") is printed over %s (\"%s\") (shorten one of them, or "
                 "give them more room in the template)",
                 f->label ? f->label : where, other->src.what ? other->src.what : "a text", b,
                 it->src.what ? it->src.what : "a text", a);
    }
  }
}

/* Texts of a page, its groups' texts moved by the group's place, inside
 * the printable area. */
static void preflight_printable(preflight *p, const frame *page, const char *where) {
  if (page->printable <= 0) return;
  double m = page->printable;
  for (size_t i = 0; i < page->n; i++) {
    const frame_item *it = &page->items[i];
    const frame *g = it->kind == FRAME_GROUP ? it->group : NULL;
    double dx = g ? it->x : 0, dy = g ? it->y : 0;
    size_t n = g ? g->n : 1;
    for (size_t k = 0; k < n; k++) {
      const frame_item *t = g ? &g->items[k] : it;
      if (t->kind != FRAME_TEXT) continue;
      double box[4];
      frame_text_box(t, box);
      box[0] += dx, box[1] += dy;
      if (preflight_inside(box, m, m, page->w - m, page->h - m)) continue;
      if (!preflight_first(p, g_strdup_printf("printable %s %s", where,
                                              t->src.what ? t->src.what : "")))
        continue;
      diag_error(p->d, t->src.file, t->src.line,
                 "%s on %s reaches into the printer's unprintable margin of %.1f mm (%s: "
                 "give the page more margin, or shorten the text)",
                 t->src.what ? t->src.what : "a text", where, m, p->s->file);
    }
  }
}

/* A group placed on a page: its trim rectangle. */
static void preflight_group_rect(const frame_item *it, double r[4]) {
  r[0] = it->x, r[1] = it->y, r[2] = it->group->w, r[3] = it->group->h;
}

static int preflight_same_rect(const double a[4], const double b[4]) {
  for (int k = 0; k < 4; k++)
    if (fabs(a[k] - b[k]) > PREFLIGHT_EPS) return 0;
  return 1;
}

/* A back page turned over as the sheet is: every back, its printer
 * correction taken off, lies exactly on a front of the same card; every
 * front has its back behind it. */
static void preflight_backs(preflight *p, size_t index, const frame *back) {
  const frame *front = p->doc->pages[back->back_of - 1];
  char where[160];
  preflight_where(p, index, where, sizeof where);
  if (!front) {
    /* Handed on before its back was made (frame_doc_stream): a fault of the caller. */
    if (preflight_first(p, g_strdup_printf("front gone %zu", index)))
      diag_error(p->d, p->name, 0, "%s: its front page was not kept for the check (a layout "
                 "fault: please report it)", where);
    return;
  }
  size_t matched = 0, faces = 0;
  for (size_t i = 0; i < front->n; i++) faces += front->items[i].kind == FRAME_GROUP &&
                                                 front->items[i].group->back;
  for (size_t i = 0; i < back->n; i++) {
    const frame_item *b = &back->items[i];
    if (b->kind != FRAME_GROUP) continue;
    double r[4];
    preflight_group_rect(b, r);
    r[0] -= back->back_dx, r[1] -= back->back_dy;
    /* Turning the sheet over mirrors it through its middle. */
    if (back->turn_vertical)
      r[1] = back->h - r[1] - r[3];
    else
      r[0] = back->w - r[0] - r[2];
    const frame_item *hit = NULL;
    for (size_t k = 0; k < front->n && !hit; k++) {
      const frame_item *f = &front->items[k];
      double fr[4];
      if (f->kind != FRAME_GROUP || !f->group->back) continue; /* not a card face */
      preflight_group_rect(f, fr);
      if (preflight_same_rect(r, fr)) hit = f;
    }
    if (hit && hit->group->back == b->group) {
      matched++;
      continue;
    }
    if (!preflight_first(p, g_strdup_printf("back %zu %zu", index, i))) continue;
    diag_error(p->d, p->name, 0,
               "%s: the %s at %.1f,%.1f mm does not land behind %s when the sheet is turned "
               "over %s (a layout fault: please report it)",
               where, b->group->label ? b->group->label : "back", b->x, b->y,
               hit ? hit->group->label : "any card",
               back->turn_vertical ? "top to bottom" : "left to right");
  }
  if (matched != faces && preflight_first(p, g_strdup_printf("backs missing %zu", index)))
    diag_error(p->d, p->name, 0, "%s: %zu of the %zu cards on the front have no back behind "
               "them (a layout fault: please report it)", where, faces - matched, faces);
}

/* The correction a printer needs moves every back; it must keep them on
 * the printable area. */
static void preflight_offset(const frame *back, double range[4]) {
  double m = back->printable;
  for (size_t i = 0; i < back->n; i++) {
    const frame_item *b = &back->items[i];
    if (b->kind != FRAME_GROUP) continue;
    double x = b->x - back->back_dx, y = b->y - back->back_dy;
    range[0] = fmax(range[0], m - x);
    range[1] = fmin(range[1], back->w - m - (x + b->group->w));
    range[2] = fmax(range[2], m - y);
    range[3] = fmin(range[3], back->h - m - (y + b->group->h));
  }
}

/* A cut mark must show: enough of it inside the printable area, or all of
 * it in a gap between the cards. */
static void preflight_marks(preflight *p, size_t index, const frame *page) {
  double m = page->printable;
  for (size_t i = 0; i < page->n; i++) {
    const frame_item *it = &page->items[i];
    if (it->kind != FRAME_LINE || !it->cut_mark) continue;
    double x0 = fmin(it->x, it->x + it->w), x1 = fmax(it->x, it->x + it->w);
    double y0 = fmin(it->y, it->y + it->h), y1 = fmax(it->y, it->y + it->h);
    double vx0 = fmax(x0, m), vx1 = fmin(x1, page->w - m);
    double vy0 = fmax(y0, m), vy1 = fmin(y1, page->h - m);
    double shown = (vx1 >= vx0 && vy1 >= vy0) ? fmax(vx1 - vx0, vy1 - vy0) : 0;
    if (shown >= SHEET_MARK_MIN_VISIBLE - PREFLIGHT_EPS) continue;
    int in_gap = shown > 0 && x0 >= m && x1 <= page->w - m && y0 >= m && y1 <= page->h - m;
    for (size_t k = 0; in_gap && k < page->n; k++) {
      const frame_item *g = &page->items[k];
      if (g->kind != FRAME_GROUP) continue;
      double r[4], line[4] = {x0, y0, x1 - x0, y1 - y0};
      preflight_group_rect(g, r);
      if (preflight_overlap(r, line)) in_gap = 0;
    }
    if (in_gap) continue;
    char where[160];
    preflight_where(p, index, where, sizeof where);
    if (!preflight_first(p, g_strdup_printf("mark %zu", index))) continue;
    diag_error(p->d, p->s->file, p->s->card_line,
               "%s: a cut mark at %.1f,%.1f mm shows only %.1f mm outside the printer's "
               "unprintable margin of %.1f mm, %.0f mm are needed (make the cards or the "
               "gap between them smaller, or the paper larger)",
               where, it->x, it->y, shown, m, SHEET_MARK_MIN_VISIBLE);
  }
}

preflight *preflight_begin(const style *s, diag_list *d) {
  preflight *p = g_new0(preflight, 1);
  p->s = s;
  p->d = d;
  p->seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  p->done = g_hash_table_new(g_direct_hash, g_direct_equal);
  return p;
}

void preflight_doc_begin(preflight *p, const frame_doc *doc, const char *name) {
  p->doc = doc;
  p->name = name;
  memcpy(p->range, (double[4]){-INFINITY, INFINITY, -INFINITY, INFINITY}, sizeof p->range);
  p->offset_seen = 0;
}

size_t preflight_page(preflight *p, size_t index) {
  const frame *page = p->doc->pages[index];
  char where[160], key[32];
  preflight_where(p, index, where, sizeof where);
  /* A page's faults by its place, its file and page number, not by its
   * address: a page handed on and freed (frame_doc_stream) may leave its
   * address to the next. */
  preflight_frame_texts(p, page, where, where);
  for (size_t k = 0; k < page->n; k++) {
    const frame *g = page->items[k].kind == FRAME_GROUP ? page->items[k].group : NULL;
    if (!g || g_hash_table_contains(p->done, g)) continue;
    g_hash_table_add(p->done, (gpointer)g);
    snprintf(key, sizeof key, "%p", (const void *)g);
    preflight_frame_texts(p, g, where, key);
  }
  preflight_printable(p, page, where);
  preflight_marks(p, index, page);
  if (page->back_of) {
    preflight_backs(p, index, page);
    if (page->printable > 0) {
      preflight_offset(page, p->range);
      p->offset_seen = 1;
      p->back_dx = page->back_dx, p->back_dy = page->back_dy;
    }
  }
  return p->errors;
}

size_t preflight_doc_end(preflight *p) {
  const double *range = p->range;
  if (p->offset_seen && (p->back_dx < range[0] - PREFLIGHT_EPS ||
                         p->back_dx > range[1] + PREFLIGHT_EPS ||
                         p->back_dy < range[2] - PREFLIGHT_EPS ||
                         p->back_dy > range[3] + PREFLIGHT_EPS)) {
    p->errors++;
    diag_error_of(p->d, DIAG_USAGE, NULL, 0,
                  "--back-offset %g,%g moves the backs of %s into the printer's unprintable "
                  "margin; on this paper X may be from %.1f to %.1f mm and Y from %.1f to "
                  "%.1f mm (print the calibration sheet again, or check the sign)",
                  p->back_dx, p->back_dy, p->name, ceil(range[0] * 10) / 10,
                  floor(range[1] * 10) / 10, ceil(range[2] * 10) / 10,
                  floor(range[3] * 10) / 10);
  }
  p->doc = NULL;
  return p->errors;
}

size_t preflight_end(preflight *p) {
  if (!p) return 0;
  size_t errors = p->errors;
  g_hash_table_destroy(p->done);
  g_hash_table_destroy(p->seen);
  g_free(p);
  return errors;
}

size_t preflight_docs(const frame_doc *const *docs, const char *const *names, size_t n,
                      const style *s, diag_list *d) {
  /* Shared frames (card faces and backs) are checked once; a cause shared
   * by several documents is reported once. */
  preflight *p = preflight_begin(s, d);
  for (size_t i = 0; i < n; i++) {
    preflight_doc_begin(p, docs[i], names[i]);
    for (size_t k = 0; k < docs[i]->n_pages; k++) preflight_page(p, k);
    preflight_doc_end(p);
  }
  return preflight_end(p);
}

size_t preflight_doc(const frame_doc *doc, const char *name, const style *s, diag_list *d) {
  return preflight_docs(&doc, &name, 1, s, d);
}
