/* werkvorm: the blocks of a werkvorm, fitted to one page for the table, and werkvormen.pdf. */
#include "werkvorm.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>


/* A text of one run, made in a. */
static const model_text *werkvorm_text(arena *a, const char *s, unsigned flags, model_loc loc) {
  model_run *r = arena_alloc(a, sizeof *r);
  *r = (model_run){.kind = RUN_TEXT, .flags = flags, .text = arena_strdup(a, s ? s : "")};
  model_text *t = arena_alloc(a, sizeof *t);
  *t = (model_text){.runs = r, .n_runs = 1, .loc = loc};
  return t;
}

/* A role: its name in bold, run in before its description. */
static const model_text *werkvorm_role_text(arena *a, const model_role *role) {
  model_run *r = arena_alloc(a, (role->text.n_runs + 2) * sizeof *r);
  r[0] = (model_run){.kind = RUN_TEXT, .flags = RUN_STRONG, .text = role->name};
  r[1] = (model_run){.kind = RUN_TEXT, .text = "\u2002"}; /* an en space: layout, not a word */
  for (size_t i = 0; i < role->text.n_runs; i++) r[i + 2] = role->text.runs[i];
  model_text *t = arena_alloc(a, sizeof *t);
  *t = (model_text){.runs = r, .n_runs = role->text.n_runs + 2, .loc = role->text.loc};
  return t;
}

/* A filled label as a string in a ("" when the label is missing). */
static const char *werkvorm_label(arena *a, const model_instrument *m, const char *key,
                                  size_t n, const char *const names[],
                                  const char *const values[]) {
  char *s = model_label_fill(m, key, n, names, values);
  const char *copy = arena_strdup(a, s ? s : "");
  free(s);
  return copy;
}

static void werkvorm_heading(doc *d, const model_instrument *m, const char *key, model_loc loc) {
  doc_block b = {.kind = DOC_H2, .plain = werkvorm_label(doc_arena(d), m, key, 0, NULL, NULL),
                 .loc = loc};
  doc_add(d, &b);
}

static void werkvorm_items(doc *d, const model_text *items, size_t n, int list) {
  for (size_t i = 0; i < n; i++) {
    doc_block b = {.kind = DOC_ITEM, .text = &items[i], .marker = "•", .list = list,
                   .loc = items[i].loc};
    doc_add(d, &b);
  }
}

void werkvorm_add_blocks(doc *d, const model_instrument *m, const model_werkvorm *w,
                         int *list, int break_before) {
  arena *a = doc_arena(d);
  char dest[256];
  doc_ref_dest(dest, sizeof dest, RUN_REF_WERKVORM, w->id);
  doc_block name = {.kind = DOC_H1, .plain = w->name, .break_before = break_before,
                    .span = 1, .dest = arena_strdup(a, dest), .loc = w->loc};
  doc_add(d, &name);

  char minutes[16], lo[16], hi[16];
  snprintf(minutes, sizeof minutes, "%d", w->minutes);
  snprintf(lo, sizeof lo, "%d", w->group_min);
  snprintf(hi, sizeof hi, "%d", w->group_max);
  const char *mn[] = {"minutes"}, *mv[] = {minutes};
  const char *gn[] = {"min", "max"}, *gv[] = {lo, hi};
  const char *facts = arena_printf(a, "%s  ·  %s",
                                   werkvorm_label(a, m, "werkvorm.duration", 1, mn, mv),
                                   werkvorm_label(a, m, "werkvorm.groupsize", 2, gn, gv));
  doc_block f = {.kind = DOC_P, .text = werkvorm_text(a, facts, RUN_STRONG, w->loc),
                 .span = 1, .loc = w->loc};
  doc_add(d, &f);

  werkvorm_heading(d, m, "werkvorm.purpose", w->loc);
  doc_block p = {.kind = DOC_P, .text = &w->purpose, .loc = w->purpose.loc};
  doc_add(d, &p);

  if (w->n_materials) {
    werkvorm_heading(d, m, "werkvorm.materials", w->loc);
    werkvorm_items(d, w->materials, w->n_materials, (*list)++);
  }
  if (w->n_roles) {
    werkvorm_heading(d, m, "werkvorm.roles", w->loc);
    int roles = (*list)++;
    for (size_t i = 0; i < w->n_roles; i++) {
      doc_block r = {.kind = DOC_ITEM, .text = werkvorm_role_text(a, &w->roles[i]),
                     .marker = "•", .list = roles, .loc = w->roles[i].text.loc};
      doc_add(d, &r);
    }
  }
  if (w->n_steps) {
    werkvorm_heading(d, m, "werkvorm.steps", w->loc);
    int steps = (*list)++;
    for (size_t i = 0; i < w->n_steps; i++) {
      const model_step *st = &w->steps[i];
      char n[16];
      snprintf(n, sizeof n, "%d", st->minutes);
      const char *sn[] = {"minutes"}, *sv[] = {n};
      doc_block b = {.kind = DOC_ITEM, .text = &st->text, .list = steps,
                     .marker = arena_printf(a, "%zu.", i + 1),
                     .aside = st->minutes > 0 ? werkvorm_label(a, m, "step.minutes", 1, sn, sv)
                                              : NULL,
                     .loc = st->text.loc};
      doc_add(d, &b);
    }
  }
  if (w->n_tips) {
    werkvorm_heading(d, m, "werkvorm.tips", w->loc);
    werkvorm_items(d, w->tips, w->n_tips, (*list)++);
  }
}

/* The page for the table: the document's page with the table margin, and
 * every size and space scaled from the guide's body size to body_pt. */
static doc_design werkvorm_design(const style *s, double body_pt) {
  doc_design g = doc_design_from_style(s);
  double f = body_pt / s->doc_body_pt;
  g.top = g.bottom = g.left = g.right = s->table_margin;
  g.columns = (int)s->table_columns;
  g.column_gap = s->table_gap;
  g.justify = s->table_justify;
  g.body_pt *= f, g.small_pt *= f, g.h1_pt *= f, g.h2_pt *= f;
  g.para_space *= f, g.item_space *= f, g.h1_space *= f, g.h2_space *= f;
  g.heading_after *= f, g.indent *= f;
  return g;
}

/* The doc of w at body_pt, and whether it is one page. A trial stops
 * flowing at the first block that runs onto a second page: its doc is
 * then unfinished, only to be freed; one that fits is whole. */
static doc *werkvorm_try(text_ctx *t, const style *s, const model_instrument *m,
                         const model_werkvorm *w, double body_pt, int trial, diag_list *dg,
                         int *fits) {
  doc_design g = werkvorm_design(s, body_pt);
  doc *d = doc_new(t, &g);
  int list = 1;
  werkvorm_add_blocks(d, m, w, &list, 0);
  if (trial) {
    *fits = doc_flow_within(d, 1, dg) == 1;
    return d;
  }
  int rc = doc_flow(d, dg);
  *fits = rc == 0 && doc_pages(d) == 1;
  return d;
}

/* The largest body size from upper down to table-min (steps of 0.25 pt
 * from table-min) at which w fits on one page; table-min when it does not
 * fit. *kept (when kept is not NULL) gets the page the search laid out at
 * that size, NULL when it laid out none there. */
static double werkvorm_fit_size(text_ctx *t, const style *s, const model_instrument *m,
                                const model_werkvorm *w, double upper, doc **kept) {
  const double step = 0.25;
  int fits;
  doc *found = NULL;
  /* Trials report nothing; the final layout reports what is wrong. */
  diag_list *quiet = diag_new();
  doc *d = werkvorm_try(t, s, m, w, upper, 1, quiet, &fits);
  double size = upper;
  if (fits) {
    found = d;
  } else {
    /* The page took this share of the text at upper, and the size at
     * which all of it fits is near upper * share^(1/2.2): a text's area
     * grows about with the square of its size, and a little faster on
     * these pages (headings kept with what follows, lists not split
     * into lines of one); with the square alone, the guess came out one
     * step low on every edition tried. Each try lays out the page anew,
     * so the search starts at the guess: two or three tries, where a
     * plain bisection of the range takes five. */
    double guess = upper * pow(doc_placed_share(d), 1 / 2.2);
    doc_free(d);
    /* Invariant: lo fits (or is the minimum), hi does not. lo only grows,
     * so the last page that fits is the one at the size found. */
    int lo = 0, hi = (int)ceil((upper - s->table_min_pt) / step - 1e-9);
    int mid = (int)floor((guess - s->table_min_pt) / step + 1e-9);
    if (mid > hi - 1) mid = hi - 1;
    if (mid < lo + 1) mid = lo + 1;
    /* From the guess, steps of 1, 1, 2, 4 ... the way the first try
     * points (up when it fits), until a try turns the other way; then
     * bisect. */
    int way = 0, turned = 0;
    for (int probe = 0; hi - lo > 1; probe++) {
      d = werkvorm_try(t, s, m, w, s->table_min_pt + mid * step, 1, quiet, &fits);
      if (fits) {
        lo = mid;
        doc_free(found);
        found = d;
      } else {
        hi = mid;
        doc_free(d);
      }
      if (!way) way = fits ? 1 : -1;
      turned |= way != (fits ? 1 : -1);
      int dist = probe == 0 ? 1 : 1 << (probe - 1 < 8 ? probe - 1 : 8);
      mid = turned ? lo + (hi - lo) / 2 : way > 0 ? lo + dist : hi - dist;
      if (mid <= lo || mid >= hi) mid = lo + (hi - lo) / 2;
    }
    size = s->table_min_pt + lo * step;
  }
  diag_free(quiet);
  if (kept)
    *kept = found;
  else
    doc_free(found);
  return size;
}

/* The shared size; with pages (not NULL), pages[i] is the page of the i-th
 * werkvorm the search laid out at that size, or NULL. */
static double werkvorm_search(text_ctx *t, const style *s, const model_instrument *m,
                              doc **pages) {
  /* All werkvorm pages in one size, the largest at which each fits: they
   * lie on the table side by side. */
  double size = s->table_max_pt;
  /* Only a page that does not fit at the size found so far needs a search
   * of its own, below that size: one try for each other page. The
   * werkvormen with the most text go first, so that the first search most
   * often finds the size. */
  size_t n = m->n_werkvormen, *order = calloc(n + 1, sizeof *order);
  size_t *bytes = calloc(n + 1, sizeof *bytes);
  if (!order || !bytes) abort();
  for (size_t i = 0; i < n; i++) {
    const model_werkvorm *w = &m->werkvormen[i];
    bytes[i] = model_text_bytes(&w->purpose, 1) + model_text_bytes(w->materials, w->n_materials) +
               model_text_bytes(w->tips, w->n_tips);
    for (size_t k = 0; k < w->n_roles; k++) bytes[i] += model_text_bytes(&w->roles[k].text, 1);
    for (size_t k = 0; k < w->n_steps; k++) bytes[i] += model_text_bytes(&w->steps[k].text, 1);
  }
  model_order_most_text(bytes, n, order);
  for (size_t k = 0; k < n; k++) {
    size_t i = order[k];
    double at = werkvorm_fit_size(t, s, m, &m->werkvormen[i], size, pages ? &pages[i] : NULL);
    /* The pages kept so far were laid out at a size that is now too large. */
    for (size_t j = 0; pages && at < size && j < k; j++) {
      doc_free(pages[order[j]]);
      pages[order[j]] = NULL;
    }
    size = at;
  }
  free(bytes);
  free(order);
  return size;
}

/* The page of w at size, or NULL with the error when it does not fit. */
static doc *werkvorm_layout_at(text_ctx *t, const style *s, const model_instrument *m,
                               const model_werkvorm *w, double size, diag_list *dg) {
  int fits;
  diag_list *quiet = diag_new();
  doc *d = werkvorm_try(t, s, m, w, size, 1, quiet, &fits);
  diag_free(quiet);
  if (fits) return d;
  doc_free(d);
  d = werkvorm_try(t, s, m, w, s->table_min_pt, 0, dg, &fits);
  if (!fits && diag_error_count(dg) == 0)
    diag_error(dg, w->loc.file, w->loc.line, "werkvorm '%s' does not fit on one page at the "
               "template's smallest size of %.1f pt (shorten its steps or tips)", w->id,
               s->table_min_pt);
  if (fits) return d;
  doc_free(d);
  return NULL;
}

double werkvorm_shared_size(text_ctx *t, const style *s, const model_instrument *m) {
  return werkvorm_search(t, s, m, NULL);
}

int werkvorm_layout_all(text_ctx *t, const style *s, const model_instrument *m, doc **pages,
                        diag_list *dg) {
  double size = werkvorm_search(t, s, m, pages);
  int status = 0;
  for (size_t i = 0; i < m->n_werkvormen; i++)
    if (!pages[i] && !(pages[i] = werkvorm_layout_at(t, s, m, &m->werkvormen[i], size, dg)))
      status = -1;
  return status;
}


doc *werkvorm_layout(text_ctx *t, const style *s, const model_instrument *m,
                     const model_werkvorm *w, diag_list *dg) {
  return werkvorm_layout_at(t, s, m, w, werkvorm_shared_size(t, s, m), dg);
}

frame_doc *werkvorm_frames(doc *const *pages, const style *s, const model_instrument *m) {
  size_t n = m->n_werkvormen;
  frame_doc *out = frame_doc_new();
  out->tagged = 1;
  const model_label *subject = model_label_find(m, "doc.werkvormen");
  const model_label *page_label = model_label_find(m, "page");
  char total[24];
  snprintf(total, sizeof total, "%zu", n);
  /* A werkvorm's page links to the others' pages. */
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < n; k++)
      if (k != i) doc_add_dest(pages[i], doc_block_get(pages[k], 0)->dest);
  for (size_t i = 0; i < n; i++) {
    char page[24];
    snprintf(page, sizeof page, "%zu", i + 1);
    const char *names[] = {"page", "pages"}, *values[] = {page, total};
    char *foot = model_label_fill(m, "page", 2, names, values);
    frame *f = frame_doc_page(out, s->doc_w, s->doc_h);
    f->printable = s->paper_margin;
    doc_page_frame(pages[i], f, 0);
    frame_source src = {page_label ? page_label->loc.file : m->file,
                        page_label ? page_label->loc.line : 0,
                        "a running head or foot of the werkvorm pages"};
    doc_margins_frame(pages[i], f, m->meta.title, subject ? subject->text : NULL, foot, &src);
    free(foot);
    char *title = text_typographic(m->werkvormen[i].name); /* as the name is printed */
    frame_doc_bookmark(out, 0, title, (int)i);
    g_free(title);
  }
  return out;
}
