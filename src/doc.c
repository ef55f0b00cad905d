/* doc: measures blocks into lines, breaks them into pages (keeps, widows, orphans), and draws pages with tags. */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

#define DOC_MM_PER_PT (25.4 / 72.0)
#define DOC_EPS 1e-6

/* What doc_flow measured for one block; positions from the left margin. */
typedef struct doc_measure {
  PangoLayout *main, *marker, *aside; /* owned; marker and aside may be NULL */
  int lines;         /* P, ITEM: the layout's lines; other kinds: 1 (never split) */
  double *pitch;     /* owned: the height of each of those lines */
  double height;
  double x, w;       /* the text column */
  double marker_x;
  double aside_r;    /* right edge of the aside (right-aligned) */
  double aside_l;    /* left edge of the aside column (TOC leaders stop there) */
  double marker_dy, aside_dy; /* from the block's top */
  double label_h;    /* FIELD: height of the label above the writing lines */
  int columns;       /* ITEM, TOC: marker, aside, x and w set for its run */
} doc_measure;

struct doc {
  text_ctx *t;              /* borrowed */
  doc_design design;
  arena *arena;             /* owned */
  doc_block *blocks;        /* owned array */
  doc_measure *m;           /* owned array, parallel to blocks */
  int *start_page;          /* owned array, parallel to blocks */
  size_t n, cap;
  doc_piece *pieces;        /* owned */
  size_t n_pieces, cap_pieces;
  size_t framed;            /* pieces before this one had their layouts freed (doc_forget_framed) */
  int pages;
  GHashTable *dests;        /* owned set of destination names (borrowed keys) */
};

static int doc_columns(const doc_design *g) { return g->columns > 1 ? g->columns : 1; }

/* The width of a column, and the left edge of column c on the page. */
static double doc_column_w(const doc_design *g) {
  int cols = doc_columns(g);
  return (g->page_w - g->left - g->right - (cols - 1) * g->column_gap) / cols;
}

static double doc_column_x(const doc_design *g, int c) {
  return g->left + c * (doc_column_w(g) + g->column_gap);
}

doc_design doc_design_from_style(const style *s) {
  return (doc_design){
    .page_w = s->doc_w, .page_h = s->doc_h,
    .top = s->doc_margin_top, .bottom = s->doc_margin_bottom,
    .left = s->doc_margin_left, .right = s->doc_margin_right,
    .family = s->font_family,
    .body_pt = s->doc_body_pt, .small_pt = s->doc_small_pt,
    .h1_pt = s->doc_h1_pt, .h2_pt = s->doc_h2_pt,
    .line_spacing = s->doc_line_spacing,
    .para_space = s->doc_para_space, .item_space = s->doc_item_space,
    .h1_space = s->doc_h1_space, .h2_space = s->doc_h2_space,
    .heading_after = s->doc_heading_after, .indent = s->doc_indent,
    .rule_space = s->doc_rule_space, .justify = s->doc_justify,
    .text = s->text, .muted = s->muted, .heading = s->doc_heading,
  };
}

doc *doc_new(text_ctx *t, const doc_design *design) {
  doc *d = calloc(1, sizeof *d);
  if (!d) abort();
  d->t = t;
  d->design = *design;
  d->arena = arena_new();
  d->dests = g_hash_table_new(g_str_hash, g_str_equal);
  return d;
}

/* Forgets block i's measure; the next doc_flow measures it again. */
static void doc_measure_forget(doc *d, size_t i) {
  doc_measure *m = &d->m[i];
  if (m->main) g_object_unref(m->main);
  if (m->marker) g_object_unref(m->marker);
  if (m->aside) g_object_unref(m->aside);
  free(m->pitch);
  *m = (doc_measure){0};
}

/* Forgets the plan of the last flow; measures stay unless all is set. */
static void doc_measure_clear(doc *d, int all) {
  for (size_t i = 0; all && i < d->n; i++) doc_measure_forget(d, i);
  for (size_t i = 0; i < d->n; i++) d->start_page[i] = -1;
  d->n_pieces = 0;
  d->framed = 0;
  d->pages = 0;
  g_hash_table_remove_all(d->dests);
}

void doc_free(doc *d) {
  if (!d) return;
  doc_measure_clear(d, 1);
  g_hash_table_destroy(d->dests);
  free(d->blocks);
  free(d->m);
  free(d->start_page);
  free(d->pieces);
  arena_free(d->arena);
  free(d);
}

arena *doc_arena(doc *d) { return d->arena; }
const doc_design *doc_get_design(const doc *d) { return &d->design; }

size_t doc_add(doc *d, const doc_block *b) {
  if (d->n == d->cap) {
    d->cap = d->cap ? 2 * d->cap : 64;
    d->blocks = realloc(d->blocks, d->cap * sizeof *d->blocks);
    d->m = realloc(d->m, d->cap * sizeof *d->m);
    d->start_page = realloc(d->start_page, d->cap * sizeof *d->start_page);
    if (!d->blocks || !d->m || !d->start_page) abort();
  }
  d->blocks[d->n] = *b;
  d->m[d->n] = (doc_measure){0};
  d->start_page[d->n] = -1;
  return d->n++;
}

size_t doc_insert(doc *d, size_t at, const doc_block *b) {
  if (at > d->n) at = d->n;
  size_t last = doc_add(d, b);
  doc_block copy = d->blocks[last];
  size_t k = last - at;
  memmove(d->blocks + at + 1, d->blocks + at, k * sizeof *d->blocks);
  memmove(d->m + at + 1, d->m + at, k * sizeof *d->m);
  memmove(d->start_page + at + 1, d->start_page + at, k * sizeof *d->start_page);
  d->blocks[at] = copy;
  d->m[at] = (doc_measure){0};
  d->start_page[at] = -1;
  return at;
}

size_t doc_count(const doc *d) { return d->n; }
doc_block *doc_block_at(doc *d, size_t i) {
  if (i >= d->n) return NULL;
  /* The caller may change the block: measure it again in the next flow. */
  doc_measure_forget(d, i);
  return &d->blocks[i];
}
const doc_block *doc_block_get(const doc *d, size_t i) { return i < d->n ? &d->blocks[i] : NULL; }
int doc_pages(const doc *d) { return d->pages; }
int doc_page_of(const doc *d, size_t i) { return i < d->n ? d->start_page[i] : -1; }

const doc_piece *doc_pieces(const doc *d, size_t *n) {
  *n = d->n_pieces;
  return d->pieces;
}

double doc_page_end(const doc *d, int page) {
  double end = d->design.top;
  for (size_t i = 0; i < d->n_pieces; i++)
    if (d->pieces[i].page == page && d->pieces[i].y + d->pieces[i].h > end)
      end = d->pieces[i].y + d->pieces[i].h;
  return end;
}

static size_t doc_block_bytes(const doc_block *b) {
  return b->text ? model_text_bytes(b->text, 1) : b->plain ? strlen(b->plain) : 0;
}

double doc_placed_share(const doc *d) {
  double all = 0, placed = 0;
  for (size_t i = 0; i < d->n; i++) all += (double)doc_block_bytes(&d->blocks[i]);
  for (size_t k = 0; k < d->n_pieces; k++) {
    const doc_piece *p = &d->pieces[k];
    placed += (double)doc_block_bytes(&d->blocks[p->block]) * p->count / (p->lines > 0 ? p->lines : 1);
  }
  return all > 0 ? placed / all : 1;
}

void doc_add_dest(doc *d, const char *name) {
  if (name) g_hash_table_add(d->dests, (gpointer)name);
}

void doc_ref_dest(char *buf, size_t n, model_run_kind kind, const char *id) {
  snprintf(buf, n, "%s-%s", kind == RUN_REF_CARD ? "card" : "werkvorm", id ? id : "");
}

/* Measuring. */

static int doc_is_heading(doc_kind k) { return k == DOC_H1 || k == DOC_H2 || k == DOC_LEAD; }
static int doc_keeps(const doc_block *b) { return b->keep || doc_is_heading(b->kind); }
static int doc_has_lines(doc_kind k) { return k == DOC_P || k == DOC_ITEM; }

static text_style doc_text_style(const doc *d, doc_kind kind, int level) {
  const doc_design *g = &d->design;
  text_style st = {.family = g->family, .size_pt = g->body_pt, .line_spacing = g->line_spacing,
                   .align = TEXT_LEFT};
  switch (kind) {
  case DOC_H1: st.size_pt = g->h1_pt, st.bold = 1, st.line_spacing = 1.0; break;
  case DOC_H2: st.size_pt = g->h2_pt, st.bold = 1, st.line_spacing = 1.0; break;
  case DOC_LEAD: st.bold = 1; break;
  case DOC_P:
  case DOC_ITEM:
    /* How far words break is the language's rules (data/hyphen). */
    st.align = g->justify ? TEXT_JUSTIFY : TEXT_LEFT;
    break;
  case DOC_TOC: st.bold = level < 2; break;
  case DOC_FIELD: st.bold = 1; break;
  }
  return st;
}

/* A block's text set in w, kept until its page is framed: with no room
 * spare in its glyph strings (text_layout_fit). */
static PangoLayout *doc_layout(doc *d, const doc_block *b, const text_style *st, double w) {
  PangoLayout *l;
  if (b->text) {
    l = text_layout_rich(d->t, b->text, st, w);
  } else {
    text_style own = *st;
    own.own_dir = text_from_reference(d->t, b->loc);
    l = text_layout_plain(d->t, b->plain ? b->plain : "", &own, w);
  }
  text_layout_fit(l);
  return l;
}

static PangoLayout *doc_plain(doc *d, const char *s, const text_style *st) {
  return text_layout_plain(d->t, s ? s : "", st, 0);
}

/* A missing glyph or a word wider than the column, as an error at the block's place. */
static int doc_check(PangoLayout *l, const doc_block *b, diag_list *dg) {
  int missing = 0;
  gunichar ch = text_missing_char(l, &missing);
  const char *text = text_layout_words(l);
  if (missing > 0) {
    char utf8[8] = {0};
    g_unichar_to_utf8(ch, utf8);
    diag_error(dg, b->loc.file, b->loc.line, "the text \"%.40s\" has the character '%s' "
               "(U+%04X), which no font in fonts/ has (replace it, or add a font that has it)",
               text, utf8, (unsigned)ch);
    return -1;
  }
  if (text_overflows_width(l)) {
    diag_error(dg, b->loc.file, b->loc.line, "a word in \"%.40s\" is wider than the column "
               "(shorten it or add a hyphenation point with a soft hyphen &#173;)", text);
    return -1;
  }
  return 0;
}

static double doc_em(const doc *d) { return d->design.body_pt * DOC_MM_PER_PT; }

/* The end of a run of items of one list, or of contents entries, from i. */
static size_t doc_group_end(const doc *d, size_t i) {
  size_t j = i + 1;
  while (j < d->n && d->blocks[j].kind == d->blocks[i].kind &&
         (d->blocks[i].kind != DOC_ITEM || d->blocks[j].list == d->blocks[i].list))
    j++;
  return j;
}

/* Markers are bold, in the block's size; an item's aside is small, a
 * contents entry's page number as the entry. */
static text_style doc_marker_style(const doc *d, const doc_block *b) {
  text_style st = doc_text_style(d, b->kind, b->level);
  st.align = TEXT_LEFT;
  st.bold = 1;
  return st;
}

static text_style doc_aside_style(const doc *d, const doc_block *b) {
  text_style st = doc_text_style(d, b->kind, b->level);
  st.align = TEXT_LEFT;
  if (b->kind == DOC_ITEM) st.size_pt = d->design.small_pt, st.bold = 0;
  return st;
}

/* Widest marker (of one level) or widest aside of a group, measured as
 * drawn: the layouts doc_measure_columns keeps for drawing. */
static double doc_widest(const doc *d, size_t from, size_t to, int aside, int level) {
  double w = 0;
  for (size_t i = from; i < to; i++) {
    PangoLayout *l = aside ? d->m[i].aside : d->m[i].marker;
    if (!l || (!aside && d->blocks[i].level != level)) continue;
    double x = text_layout_width_mm(l);
    if (x > w) w = x;
  }
  return w;
}

static void doc_measure_lines(doc_measure *m, int by_line) {
  m->height = text_layout_height_mm(m->main);
  m->lines = by_line ? text_layout_line_count(m->main) : 1;
  if (m->lines < 1) m->lines = 1;
  m->pitch = calloc((size_t)m->lines, sizeof *m->pitch);
  if (!m->pitch) abort();
  if (!by_line) {
    m->pitch[0] = m->height;
    return;
  }
  for (int k = 0; k < m->lines; k++) {
    double top;
    text_layout_line_mm(m->main, k, &top, &m->pitch[k]);
  }
}

/* The columns of the items of one list (or the entries of one contents
 * run): they share the marker and aside columns, so their text lines up.
 * Lays out every member's marker and aside, which set the columns; the
 * members' own text is doc_measure_member's. */
static void doc_measure_columns(doc *d, size_t from, size_t to) {
  const doc_design *g = &d->design;
  double content = doc_column_w(g);
  double gap = g->indent / 3;
  for (size_t i = from; i < to; i++) {
    const doc_block *b = &d->blocks[i];
    if (b->marker) {
      text_style ms = doc_marker_style(d, b);
      d->m[i].marker = doc_plain(d, b->marker, &ms);
    }
    if (b->aside) {
      /* Asides repeat (a question's aspect, a contents entry's page): one
       * layout for each (the guide of 5,400 cards: 103 to 100 MB). */
      text_style as = doc_aside_style(d, b);
      d->m[i].aside = text_layout_plain_shared(d->t, b->aside, &as, 0);
    }
  }
  double aside_w = doc_widest(d, from, to, 1, 0);
  double aside_col = aside_w > 0 ? aside_w + 1.5 * gap : 0;
  double col0 = doc_widest(d, from, to, 0, 0) + gap;
  double col1 = doc_widest(d, from, to, 0, 1) + gap;
  if (col0 < g->indent) col0 = g->indent;
  if (col1 < g->indent) col1 = g->indent;
  for (size_t i = from; i < to; i++) {
    const doc_block *b = &d->blocks[i];
    doc_measure *m = &d->m[i];
    if (b->kind == DOC_TOC) {
      m->marker_x = 0;
      m->x = b->level > 1 ? g->indent : 0;
    } else {
      m->marker_x = b->level > 0 ? col0 : 0;
      m->x = m->marker_x + (b->level > 0 ? col1 : col0);
    }
    m->aside_r = content;
    m->aside_l = content - aside_w - gap / 2;
    m->w = content - m->x - aside_col;
    m->columns = 1;
  }
}

/* The text of item or entry i, in the columns doc_measure_columns set. */
static int doc_measure_member(doc *d, size_t i, diag_list *dg) {
  const doc_block *b = &d->blocks[i];
  doc_measure *m = &d->m[i];
  text_style st = doc_text_style(d, b->kind, b->level);
  int status = 0;
  m->main = doc_layout(d, b, &st, m->w);
  if (doc_check(m->main, b, dg) != 0) status = -1;
  doc_measure_lines(m, b->kind == DOC_ITEM);
  if (m->marker)
    m->marker_dy = text_layout_baseline_mm(m->main, 0) - text_layout_baseline_mm(m->marker, 0);
  if (m->aside) {
    /* An item's aside goes with its first line; a contents entry's page
     * number with its last, after the leaders. */
    int line = b->kind == DOC_TOC ? text_layout_line_count(m->main) - 1 : 0;
    m->aside_dy = text_layout_baseline_mm(m->main, line) - text_layout_baseline_mm(m->aside, 0);
  }
  return status;
}

static int doc_measure_one(doc *d, size_t i, diag_list *dg) {
  const doc_design *g = &d->design;
  const doc_block *b = &d->blocks[i];
  doc_measure *m = &d->m[i];
  text_style st = doc_text_style(d, b->kind, b->level);
  m->x = 0;
  m->w = b->span ? g->page_w - g->left - g->right : doc_column_w(g);
  m->main = doc_layout(d, b, &st, m->w);
  int status = doc_check(m->main, b, dg);
  doc_measure_lines(m, b->kind == DOC_P);
  if (b->kind == DOC_FIELD) {
    /* The label, then the lines, the first a line's space below it. */
    m->label_h = m->height;
    m->height = m->label_h + (b->lines > 0 ? b->lines : 1) * g->rule_space;
    m->pitch[0] = m->height;
  }
  return status;
}

/* Registers the destinations of every block: links to them are made
 * wherever they land. */
static void doc_note_dests(doc *d) {
  for (size_t i = 0; i < d->n; i++)
    if (d->blocks[i].dest) g_hash_table_add(d->dests, (gpointer)d->blocks[i].dest);
}

/* The run of items of one list, or of contents entries, that block i
 * (one of them) belongs to: [*from, end). */
static size_t doc_group_of(const doc *d, size_t i, size_t *from) {
  const doc_block *b = &d->blocks[i];
  size_t k = i;
  while (k > 0 && d->blocks[k - 1].kind == b->kind &&
         (b->kind != DOC_ITEM || d->blocks[k - 1].list == b->list))
    k--;
  *from = k;
  return doc_group_end(d, k);
}

/* Measures block i unless it keeps its measure; *status becomes -1 on an
 * error. An item or contents entry needs its run's columns first; with
 * `whole` the run is measured at once, all of it again when one member
 * changed (doc_flow), else only member i (doc_flow_within, which forgets
 * stale runs first). Returns the index after what it measured. */
static size_t doc_measure_at(doc *d, size_t i, int whole, diag_list *dg, int *status) {
  const doc_block *b = &d->blocks[i];
  if (b->kind != DOC_ITEM && b->kind != DOC_TOC) {
    if (!d->m[i].main && doc_measure_one(d, i, dg) != 0) *status = -1;
    return i + 1;
  }
  if (!whole) {
    if (d->m[i].main) return i + 1;
    if (!d->m[i].columns) {
      size_t from, end = doc_group_of(d, i, &from);
      doc_measure_columns(d, from, end);
    }
    if (doc_measure_member(d, i, dg) != 0) *status = -1;
    return i + 1;
  }
  size_t from, end = doc_group_of(d, i, &from);
  int stale = 0;
  for (size_t k = from; k < end; k++) stale |= d->m[k].main == NULL;
  if (!stale) return end;
  for (size_t k = from; k < end; k++) doc_measure_forget(d, k);
  doc_measure_columns(d, from, end);
  for (size_t k = from; k < end; k++)
    if (doc_measure_member(d, k, dg) != 0) *status = -1;
  return end;
}

static int doc_measure_all(doc *d, diag_list *dg) {
  int status = 0;
  doc_note_dests(d);
  for (size_t i = 0; i < d->n;) i = doc_measure_at(d, i, 1, dg, &status);
  return status;
}

/* Forgets the measures of every run of items or entries with a member
 * that has none, so a run is either measured or not as a whole and
 * doc_ensure can judge it by one member. */
static void doc_forget_stale_groups(doc *d) {
  for (size_t i = 0; i < d->n;) {
    doc_kind k = d->blocks[i].kind;
    if (k != DOC_ITEM && k != DOC_TOC) {
      i++;
      continue;
    }
    size_t end = doc_group_end(d, i);
    int stale = 0;
    for (size_t j = i; j < end; j++) stale |= d->m[j].main == NULL;
    for (size_t j = i; stale && j < end; j++) doc_measure_forget(d, j);
    i = end;
  }
}

/* Block i measured, as the flow reaches it. */
static void doc_ensure(doc *d, size_t i, diag_list *dg, int *status) {
  if (!d->m[i].main) doc_measure_at(d, i, 0, dg, status);
}

/* Breaking into pages. */

static double doc_gap(const doc *d, size_t prev, size_t cur) {
  const doc_design *g = &d->design;
  const doc_block *p = &d->blocks[prev], *c = &d->blocks[cur];
  if (c->kind == DOC_H1) return g->h1_space;
  if (doc_is_heading(p->kind)) return g->heading_after;
  if (c->kind == DOC_H2 || c->kind == DOC_LEAD || c->kind == DOC_FIELD) return g->h2_space;
  if (c->kind == DOC_ITEM && p->kind == DOC_ITEM && c->list == p->list)
    return c->level < p->level ? g->para_space : g->item_space;
  if (c->kind == DOC_TOC && p->kind == DOC_TOC && c->level > 1) return g->item_space;
  return g->para_space;
}

static double doc_sum(const doc_measure *m, int from, int to) {
  double h = 0;
  for (int k = from; k < to; k++) h += m->pitch[k];
  return h;
}

/* A block is split only where both parts keep two lines. */
static int doc_splittable(const doc *d, size_t i) {
  return doc_has_lines(d->blocks[i].kind) && d->m[i].lines >= 4;
}

/* The height from block i's top that must be on the same page: its first
 * two lines (all of it when it is not split), or, when it keeps with the
 * next, all of it, the gap and what the next must have. */
static double doc_keep_height(doc *d, size_t i, diag_list *dg, int *status) {
  const doc_measure *m = &d->m[i];
  if (!doc_keeps(&d->blocks[i]) || i + 1 == d->n || d->blocks[i + 1].break_before)
    return doc_splittable(d, i) ? doc_sum(m, 0, 2) : m->height;
  doc_ensure(d, i + 1, dg, status); /* a flow that measures as it goes (doc_flow_within) */
  return m->height + doc_gap(d, i, i + 1) + doc_keep_height(d, i + 1, dg, status);
}

static void doc_place(doc *d, size_t block, int first, int count, int frame, double y) {
  const int cols = doc_columns(&d->design);
  if (d->n_pieces == d->cap_pieces) {
    d->cap_pieces = d->cap_pieces ? 2 * d->cap_pieces : 64;
    d->pieces = realloc(d->pieces, d->cap_pieces * sizeof *d->pieces);
    if (!d->pieces) abort();
  }
  d->pieces[d->n_pieces++] = (doc_piece){
    .block = block, .first = first, .count = count, .lines = d->m[block].lines,
    .page = frame / cols, .column = frame % cols, .y = y,
    .h = doc_sum(&d->m[block], first, first + count),
  };
}

/* Where the flow is: frames are the columns of the pages, in order. */
typedef struct doc_cursor {
  int frame, cols;
  double y;
  double page_top;   /* where columns start: below blocks spanning them */
  int empty;         /* nothing in this frame yet: no gap above the next block */
  int in_columns;    /* something in a column of this page (no spanning block after it) */
} doc_cursor;

static void doc_next_frame(doc_cursor *c, double top) {
  c->frame++;
  if (c->frame % c->cols == 0) c->page_top = top, c->in_columns = 0;
  c->y = c->page_top;
  c->empty = 1;
}

static void doc_next_page(doc_cursor *c, double top) {
  c->frame = (c->frame / c->cols + 1) * c->cols;
  c->page_top = c->y = top;
  c->empty = 1;
  c->in_columns = 0;
}

/* Breaks the measured blocks into pages, measuring any block without a
 * measure as the flow reaches it (*status -1 on an error then). With
 * limit > 0 it stops at the first block that would start page limit + 1,
 * leaving the plan unfinished; returns 1 then, 0 when the flow is whole. */
static int doc_break(doc *d, int limit, diag_list *dg, int *status) {
  const doc_design *g = &d->design;
  const double top = g->top, bottom = g->page_h - g->bottom;
  doc_cursor c = {.cols = doc_columns(g), .y = top, .page_top = top, .empty = 1};
  size_t prev = 0;
  /* Pages are only ever added, and only for a block to go on: once the
   * cursor is past the limit, the flow runs over it. */
#define DOC_PAST_LIMIT() (limit > 0 && c.frame / c.cols >= limit)
  for (size_t i = 0; i < d->n; i++) {
    doc_ensure(d, i, dg, status);
    const doc_block *b = &d->blocks[i];
    const doc_measure *m = &d->m[i];
    int span = b->span && c.cols > 1;
    if ((b->break_before && (!c.empty || c.frame % c.cols)) || (span && c.in_columns))
      doc_next_page(&c, top);
    double gap = c.empty ? 0 : doc_gap(d, prev, i);
    if (!c.empty && c.y + gap + doc_keep_height(d, i, dg, status) > bottom + DOC_EPS) {
      if (span)
        doc_next_page(&c, top);
      else
        doc_next_frame(&c, top);
      gap = 0;
    }
    if (DOC_PAST_LIMIT()) return 1;
    c.y += gap;
    d->start_page[i] = c.frame / c.cols;
    int first = 0;
    while (first < m->lines) {
      double rest = doc_sum(m, first, m->lines);
      if (c.y + rest <= bottom + DOC_EPS) {
        doc_place(d, i, first, m->lines - first, c.frame, c.y);
        c.y += rest;
        break;
      }
      int k = 0;
      if (doc_splittable(d, i)) {
        double h = 0;
        while (first + k < m->lines && c.y + h + m->pitch[first + k] <= bottom + DOC_EPS)
          h += m->pitch[first + k++];
        if (m->lines - first - k < 2) k = m->lines - first - 2; /* no widow */
        /* A word is not split across a column or page: its first part
         * would be read without its end. */
        while (k >= 2 && text_line_hyphenated(m->main, first + k - 1)) k--;
      }
      if (k >= 2) { /* no orphan */
        doc_place(d, i, first, k, c.frame, c.y);
        first += k;
        doc_next_frame(&c, top);
        if (DOC_PAST_LIMIT()) return 1;
        continue;
      }
      if (!c.empty) {
        doc_next_frame(&c, top);
        if (DOC_PAST_LIMIT()) return 1;
        if (first == 0) d->start_page[i] = c.frame / c.cols;
        continue;
      }
      /* Taller than a column and not to be split: it runs into the margin. */
      diag_warning(dg, b->loc.file, b->loc.line, "\"%.40s\" is taller than a page and runs "
                   "into the bottom margin", pango_layout_get_text(m->main));
      doc_place(d, i, first, m->lines - first, c.frame, c.y);
      c.y += rest;
      break;
    }
    c.empty = 0;
    if (span) {
      /* Columns start where the next block would start below it. */
      c.page_top = c.y + (i + 1 < d->n ? doc_gap(d, i, i + 1) : 0);
    } else {
      c.in_columns = 1;
    }
    prev = i;
  }
#undef DOC_PAST_LIMIT
  d->pages = d->n ? c.frame / c.cols + 1 : 0;
  return 0;
}

int doc_flow(doc *d, diag_list *dg) {
  /* Blocks measured by an earlier flow and not changed since keep their
   * layouts: settling the contents page numbers re-measures only them. */
  doc_measure_clear(d, 0);
  int status = doc_measure_all(d, dg);
  doc_break(d, 0, dg, &status);
  return status;
}

int doc_flow_within(doc *d, int pages, diag_list *dg) {
  doc_measure_clear(d, 0);
  doc_note_dests(d);
  doc_forget_stale_groups(d);
  int status = 0;
  int stopped = doc_break(d, pages, dg, &status);
  if (status != 0) return -1;
  return !stopped;
}

int doc_fill_fields(doc *d, const size_t *fields, const int *weights, size_t n,
                    diag_list *dg) {
  const doc_design *g = &d->design;
  int page = d->pages - 1;
  double spare = g->page_h - g->bottom - doc_page_end(d, page);
  int extra = g->rule_space > 0 ? (int)(spare / g->rule_space + 1e-6) : 0;
  if (extra <= 0) return 0;
  for (; extra > 0; extra--) {
    /* The field with the fewest lines for what it wants. */
    size_t best = n;
    double best_ratio = 1e9;
    for (size_t i = 0; i < n; i++) {
      if (weights[i] <= 0 || doc_page_of(d, fields[i]) != page) continue;
      double ratio = d->blocks[fields[i]].lines / (double)weights[i];
      if (ratio < best_ratio) best = i, best_ratio = ratio;
    }
    if (best == n) return 0;
    doc_block_at(d, fields[best])->lines++;
  }
  int rc = doc_flow(d, dg);
  /* Lines that pushed a field onto another page come off again. */
  while (rc == 0 && d->pages - 1 > page) {
    size_t most = n;
    for (size_t i = 0; i < n; i++)
      if (weights[i] > 0 && d->blocks[fields[i]].lines > 1 &&
          (most == n || d->blocks[fields[i]].lines > d->blocks[fields[most]].lines))
        most = i;
    if (most == n) break;
    doc_block_at(d, fields[most])->lines--;
    rc = doc_flow(d, dg);
  }
  return rc;
}

/* The text dump. */

static const char *doc_kind_name(doc_kind k) {
  static const char *const names[] = {"h1", "h2", "lead", "p", "item", "toc", "field"};
  return names[k];
}

/* The start of line `line` of l, without soft hyphens, at most 40 characters. */
static void doc_line_excerpt(PangoLayout *l, int line, FILE *out) {
  const char *text = pango_layout_get_text(l);
  PangoLayoutLine *pl = pango_layout_get_line_readonly(l, line);
  const char *p = text + (pl ? pl->start_index : 0);
  const char *end = pl ? p + pl->length : p + strlen(p);
  while (end > p && (end[-1] == '\n' || end[-1] == ' ')) end--;
  int chars = 0;
  fputc('"', out);
  for (; p < end && chars < 40; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (c == 0x00AD || c == 0x200C) continue;
    fwrite(p, 1, (size_t)(g_utf8_next_char(p) - p), out);
    chars++;
  }
  fputs(p < end ? "…\"" : "\"", out);
}

void doc_plan_dump(const doc *d, FILE *out) {
  int page = -1;
  for (size_t i = 0; i < d->n_pieces; i++) {
    const doc_piece *p = &d->pieces[i];
    const doc_block *b = &d->blocks[p->block];
    const doc_measure *m = &d->m[p->block];
    if (p->page != page) {
      for (page = page + 1; page < p->page; page++) fprintf(out, "page %d\n", page + 1);
      fprintf(out, "page %d\n", page + 1);
    }
    fprintf(out, "  %-5s", doc_kind_name(b->kind));
    if (doc_columns(&d->design) > 1) {
      if (b->span)
        fputs(" all", out);
      else
        fprintf(out, " c%d ", p->column + 1);
    }
    fprintf(out, " y=%6.2f h=%6.2f", p->y, p->h);
    if (doc_has_lines(b->kind))
      fprintf(out, " lines %d-%d/%d", p->first + 1, p->first + p->count, p->lines);
    if (b->kind == DOC_FIELD) fprintf(out, " rules %d", b->lines);
    if (b->marker && p->first == 0) fprintf(out, " [%s]", b->marker);
    if (b->aside && p->first == 0) fprintf(out, " (%s)", b->aside);
    if (b->keep && !doc_is_heading(b->kind)) fputs(" keep", out);
    fputc(' ', out);
    doc_line_excerpt(m->main, doc_has_lines(b->kind) ? p->first : 0, out);
    fputc('\n', out);
  }
}

/* Frames. */

static int doc_quotable(const char *s) { return s && !strchr(s, '\'') && !strchr(s, '\\'); }

/* Where a block's words come from, for messages. */
static frame_source doc_source(frame *f, const doc_block *b, PangoLayout *l) {
  /* 40 characters, of up to 4 bytes each in UTF-8 (a Chinese or Arabic
   * text overran 64 bytes: AddressSanitizer in the scripts test). */
  enum { DOC_EXCERPT_CHARS = 40 };
  char excerpt[DOC_EXCERPT_CHARS * 4 + 1];
  g_utf8_strncpy(excerpt, text_layout_words(l), DOC_EXCERPT_CHARS);
  return (frame_source){b->loc.file, b->loc.line,
                        arena_printf(f->arena, "the text \"%s\"", excerpt)};
}

static void doc_text(frame *f, PangoLayout *l, int first, int count, double x, double y,
                     style_rgb c, const frame_source *src) {
  text_frame(f, l, first, count, x, y, 0, c, src);
}

/* The left edge on the page of a box w wide whose left edge would be at x
 * in a left-to-right document: the page is mirrored in a right-to-left
 * one (columns, markers, asides, running heads; text_start_x). */
static double doc_x(const doc *d, double x, double w) {
  return text_start_x(d->t, x, w, d->design.page_w);
}

/* Links over the references of a piece's lines whose destination is here. */
static void doc_frame_ref_links(const doc *d, frame *f, const doc_piece *p, double x,
                                double y) {
  const doc_measure *m = &d->m[p->block];
  size_t n = 0;
  const text_ref *refs = text_layout_refs(m->main, &n);
  double top0, pitch;
  text_layout_line_mm(m->main, p->first, &top0, &pitch);
  for (size_t r = 0; r < n; r++) {
    char dest[256];
    doc_ref_dest(dest, sizeof dest, refs[r].kind, refs[r].id);
    if (!g_hash_table_contains(d->dests, dest) || !doc_quotable(dest)) continue;
    double rects[4 * 8];
    size_t k = text_layout_range_rects_mm(m->main, refs[r].start, refs[r].end, rects, 8);
    for (size_t q = 0; q < k; q++) {
      const double *xywh = rects + 4 * q;
      if (xywh[1] < top0 - DOC_EPS || xywh[1] >= top0 + p->h - DOC_EPS) continue;
      frame_link(f, x + xywh[0], y + xywh[1] - top0, xywh[2], xywh[3], dest);
    }
  }
}

/* Dot leaders from the end of a contents entry to its page number, on a
 * grid from the right so the dots of all entries line up. */
static void doc_frame_leaders(const doc *d, frame *f, const doc_measure *m, double x0,
                              double y) {
  const char *text = pango_layout_get_text(m->main);
  double rects[4 * 8];
  size_t k = text_layout_range_rects_mm(m->main, 0, (int)strlen(text), rects, 8);
  if (k == 0) return;
  double end = x0 + m->x + rects[4 * (k - 1)] + rects[4 * (k - 1) + 2];
  if (text_ctx_rtl(d->t)) {
    /* The entry's last line ends at its leftmost piece; end is measured
     * from the start side, as the dots below are. */
    double left = rects[4 * (k - 1)];
    for (size_t q = 0; q < k; q++)
      if (rects[4 * q + 1] == rects[4 * (k - 1) + 1] && rects[4 * q] < left) left = rects[4 * q];
    end = d->design.page_w - (doc_x(d, x0 + m->x, m->w) + left);
  }
  double step = doc_em(d) * 0.5, r = doc_em(d) * 0.06;
  double base = y + m->aside_dy + text_layout_baseline_mm(m->aside, 0);
  for (double x = x0 + m->aside_l - step; x > end + step; x -= step)
    frame_circle(f, doc_x(d, x, 0), base - r, r, d->design.muted, 0);
}

static void doc_frame_piece(const doc *d, frame *f, const doc_piece *p) {
  const doc_design *g = &d->design;
  const doc_block *b = &d->blocks[p->block];
  const doc_measure *m = &d->m[p->block];
  double x0 = b->span ? g->left : doc_column_x(g, p->column), y = p->y;
  int whole = p->first == 0;
  static const char *const tags[] = {"H1", "H2", "H3", "P", "LI", "TOCI", "P"};
  frame_source src = doc_source(f, b, m->main);
  double left = doc_x(d, x0 + m->x, m->w); /* the main text's left edge */
  frame_tag(f, tags[b->kind]);
  if (whole && doc_quotable(b->dest)) frame_dest(f, b->dest, doc_x(d, x0 + m->x, 0), y);
  switch (b->kind) {
  case DOC_H1:
  case DOC_H2:
  case DOC_LEAD:
    doc_text(f, m->main, 0, -1, left, y, b->colour ? *b->colour : g->heading, &src);
    break;
  case DOC_P:
    doc_text(f, m->main, p->first, p->count, left, y, g->text, &src);
    doc_frame_ref_links(d, f, p, left, y);
    break;
  case DOC_ITEM:
    if (whole && m->marker) {
      frame_tag(f, "Lbl");
      doc_text(f, m->marker, 0, -1,
               doc_x(d, x0 + m->marker_x, text_layout_width_mm(m->marker)), y + m->marker_dy,
               b->colour ? *b->colour : g->heading, &src);
      frame_tag_end(f, "Lbl");
    }
    frame_tag(f, "LBody");
    doc_text(f, m->main, p->first, p->count, left, y, g->text, &src);
    doc_frame_ref_links(d, f, p, left, y);
    if (whole && m->aside) {
      double aw = text_layout_width_mm(m->aside);
      doc_text(f, m->aside, 0, -1, doc_x(d, x0 + m->aside_r - aw, aw), y + m->aside_dy, g->muted,
               &src);
    }
    frame_tag_end(f, "LBody");
    break;
  case DOC_TOC:
    if (doc_quotable(b->link))
      frame_link(f, doc_x(d, x0 + m->x, m->aside_r - m->x), y, m->aside_r - m->x, p->h, b->link);
    doc_text(f, m->main, 0, -1, left, y, g->text, &src);
    if (m->aside) {
      double aw = text_layout_width_mm(m->aside);
      doc_text(f, m->aside, 0, -1, doc_x(d, x0 + m->aside_r - aw, aw), y + m->aside_dy, g->text,
               &src);
      doc_frame_leaders(d, f, m, x0, y);
    }
    break;
  case DOC_FIELD:
    doc_text(f, m->main, 0, -1, left, y, g->text, &src);
    break;
  }
  frame_tag_end(f, tags[b->kind]);
  if (b->kind == DOC_FIELD) {
    /* The writing lines are drawing, not text: outside the structure. */
    for (int k = 1; k <= (b->lines > 0 ? b->lines : 1); k++) {
      double ly = y + m->label_h + k * g->rule_space;
      frame_line(f, left, ly, left + m->w, ly, g->muted, 0.2);
    }
  }
}

/* The list or contents a piece belongs to, as a tag ("L", "TOC") and a key. */
static const char *doc_group_tag(const doc_block *b) {
  return b->kind == DOC_ITEM ? "L" : b->kind == DOC_TOC ? "TOC" : NULL;
}

void doc_forget_framed(doc *d, int page) {
  /* A block's pieces follow each other in the plan, pages in order. */
  for (; d->framed < d->n_pieces && d->pieces[d->framed].page < page; d->framed++) {
    size_t k = d->framed, b = d->pieces[k].block;
    if (k + 1 == d->n_pieces || d->pieces[k + 1].block != b) doc_measure_forget(d, b);
  }
}

void doc_page_frame(const doc *d, frame *f, int page) {
  const char *open = NULL;
  int open_list = 0;
  for (size_t i = 0; i < d->n_pieces; i++) {
    const doc_piece *p = &d->pieces[i];
    if (p->page != page) continue;
    const doc_block *b = &d->blocks[p->block];
    const char *group = doc_group_tag(b);
    if (open && (group != open || b->list != open_list)) {
      frame_tag_end(f, open);
      open = NULL;
    }
    if (group && !open) {
      frame_tag(f, group);
      open = group;
      open_list = b->list;
    }
    doc_frame_piece(d, f, p);
  }
  if (open) frame_tag_end(f, open);
}

void doc_margins_frame(const doc *d, frame *f, const char *head_left, const char *head_right,
                       const char *foot, const frame_source *src) {
  const doc_design *g = &d->design;
  text_style st = {.family = g->family, .size_pt = g->small_pt, .align = TEXT_LEFT};
  double right = g->page_w - g->right, content = right - g->left;
  double y = g->top * 0.4;
  /* A script with tall lines (Noto Sans Arabic's are twice the size) keeps
   * its head and foot out of the printer's unprintable margin. */
  if (y < f->printable) y = f->printable;
  if (head_left || head_right) {
    /* The same on page after page: laid out once (the foot's page number is not). */
    PangoLayout *l = text_layout_plain_shared(d->t, head_left ? head_left : "", &st, 0);
    PangoLayout *r = text_layout_plain_shared(d->t, head_right ? head_right : "", &st, 0);
    double h = text_layout_height_mm(l);
    double lw = text_layout_width_mm(l), rw = text_layout_width_mm(r);
    /* head_left stands at the start of the line: on the right in a
     * right-to-left document (doc_x), as a reader of it expects. */
    doc_text(f, l, 0, -1, doc_x(d, g->left, lw), y, g->muted, src);
    /* A long section name gives way to the title rather than overprint it. */
    if (lw + rw + 2 * g->indent <= content)
      doc_text(f, r, 0, -1, doc_x(d, right - rw, rw), y, g->muted, src);
    g_object_unref(l);
    g_object_unref(r);
    frame_line(f, doc_x(d, g->left, 0), y + h + 1, doc_x(d, right, 0), y + h + 1, g->muted,
               0.15);
  }
  if (foot) {
    PangoLayout *l = text_layout_plain(d->t, foot, &st, 0);
    double fh = text_layout_height_mm(l);
    double fw = text_layout_width_mm(l), fy = g->page_h - g->bottom * 0.55 - fh / 2;
    if (f->printable > 0 && fy + fh > g->page_h - f->printable) fy = g->page_h - f->printable - fh;
    doc_text(f, l, 0, -1, doc_x(d, g->left + (content - fw) / 2, fw), fy, g->muted, src);
    g_object_unref(l);
  }
}
