/* Tests for guide and werkvorm: the Dutch edition's page flow as golden dumps, and the rules it must keep. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "content.h"
#include "guide.h"
#include "paint.h"
#include "werkvorm.h"

typedef struct fixture {
  model_instrument *m;
  style *s;
  fonts *fonts;
  hyphen_dict *hyph;
  text_ctx *t;
} fixture;

static char *source_path(const char *rel) {
  const char *src = g_getenv("KAARTSET_SOURCE");
  return g_build_filename(src ? src : KAARTSET_DATADIR, rel, NULL);
}

static int setup(void **state) {
  fixture *fx = g_new0(fixture, 1);
  diag_list *d = diag_new();
  char *content = source_path("content/nl/instrument.xml");
  char *tmpl = source_path("templates/default.xml");
  char *fonts = source_path("fonts");
  fx->m = content_load_file(content, d);
  fx->s = style_load_file(tmpl, d);
  fx->fonts = fonts_load(fonts, d);
  fx->hyph = hyphen_load("nl", NULL, d);
  for (size_t i = 0; i < diag_count(d); i++) fprintf(stderr, "%s\n", diag_message(d, i));
  int ok = fx->m && fx->s && fx->fonts && fx->hyph && diag_count(d) == 0;
  fx->t = ok ? text_ctx_new(fx->fonts, fx->hyph, fx->m) : NULL;
  diag_free(d);
  g_free(content);
  g_free(tmpl);
  g_free(fonts);
  *state = fx;
  return fx->t ? 0 : -1;
}

static int teardown(void **state) {
  fixture *fx = *state;
  text_ctx_free(fx->t);
  hyphen_free(fx->hyph);
  fonts_free(fx->fonts);
  style_free(fx->s);
  model_free(fx->m);
  g_free(fx);
  return 0;
}

static char *read_all(const char *path) {
  gchar *text = NULL;
  return g_file_get_contents(path, &text, NULL, NULL) ? text : NULL;
}

/* Compares text with tests/data/doc/<name>.expected; KAARTSET_REGENERATE=1
 * writes the file instead, for a person to review with git diff. */
static void expect_text(const char *got, const char *name) {
  const char *dir = g_getenv("KAARTSET_TESTDATA");
  char *path = g_strdup_printf("%s/doc/%s.expected", dir ? dir : "tests/data", name);
  if (g_getenv("KAARTSET_REGENERATE")) assert_true(g_file_set_contents(path, got, -1, NULL));
  char *want = read_all(path);
  if (!want || strcmp(got, want) != 0) {
    fprintf(stderr, "--- %s\n%s--- got\n%s", path, want ? want : "(missing)\n", got);
    fail_msg("the plan differs from %s (KAARTSET_REGENERATE=1 rewrites it; review the diff)",
             path);
  }
  g_free(want);
  g_free(path);
}

static char *dump(const doc *d, const char *head) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (head) fputs(head, f);
  doc_plan_dump(d, f);
  fclose(f);
  return buf;
}

static int is_heading(doc_kind k) { return k == DOC_H1 || k == DOC_H2 || k == DOC_LEAD; }

/* The rules of the flow, checked on any plan: pieces of a split block keep
 * two lines each; a heading is never the last thing in its column; a block
 * marked keep is in the same column as the start of the next. */
static void check_rules(const doc *d) {
  size_t n;
  const doc_piece *p = doc_pieces(d, &n);
  const doc_design *g = doc_get_design(d);
  for (size_t i = 0; i < n; i++) {
    const doc_block *b = doc_block_get(d, p[i].block);
    assert_true(p[i].y + p[i].h <= g->page_h - g->bottom + 1e-6);
    if (p[i].count < p[i].lines) assert_true(p[i].count >= 2);
    if (i + 1 == n) continue;
    const doc_block *next = doc_block_get(d, p[i + 1].block);
    if ((is_heading(b->kind) || b->keep) && !next->break_before) {
      if (p[i + 1].page != p[i].page || p[i + 1].column != p[i].column)
        fail_msg("\"%s\" ends page %d without what follows it", b->plain ? b->plain : "…",
                 p[i].page + 1);
    }
  }
}

static void test_guide_plan(void **state) {
  fixture *fx = *state;
  diag_list *dg = diag_new();
  doc *d = guide_layout(fx->t, fx->s, fx->m, dg);
  for (size_t i = 0; i < diag_count(dg); i++) fprintf(stderr, "%s\n", diag_message(dg, i));
  assert_non_null(d);
  assert_int_equal(diag_count(dg), 0);
  check_rules(d);
  char *got = dump(d, "# flow page 1 is page 2 of guide.pdf (page 1: the title page)\n");
  expect_text(got, "guide-nl");
  free(got);
  doc_free(d);
  diag_free(dg);
}

/* Every contents entry's number is the PDF page its heading starts on. */
static void test_contents_numbers(void **state) {
  fixture *fx = *state;
  diag_list *dg = diag_new();
  doc *d = guide_layout(fx->t, fx->s, fx->m, dg);
  assert_non_null(d);
  size_t entries = 0;
  for (size_t i = 0; i < doc_count(d); i++) {
    const doc_block *e = doc_block_get(d, i);
    if (e->kind != DOC_TOC) continue;
    entries++;
    for (size_t k = 0; k < doc_count(d); k++) {
      const doc_block *h = doc_block_get(d, k);
      if ((h->kind != DOC_H1 && h->kind != DOC_H2) || !h->dest || strcmp(h->dest, e->link))
        continue;
      char page[16];
      snprintf(page, sizeof page, "%d", doc_page_of(d, k) + 2);
      assert_string_equal(e->aside, page);
    }
  }
  /* Sections and subsections, the werkvormen, the overview and its sets, the record sheet. */
  size_t want = 0;
  for (size_t i = 0; i < fx->m->n_sections; i++) {
    want++;
    for (size_t b = 0; b < fx->m->sections[i].n_blocks; b++)
      want += fx->m->sections[i].blocks[b].kind == BLOCK_SECTION;
  }
  want += fx->m->n_werkvormen + 1 + fx->m->n_cardsets + 1;
  assert_int_equal(entries, want);
  doc_free(d);
  diag_free(dg);
}

/* The record sheet is one page, the last, and its lines reach the foot. */
static void test_record_fills_its_page(void **state) {
  fixture *fx = *state;
  diag_list *dg = diag_new();
  doc *d = guide_layout(fx->t, fx->s, fx->m, dg);
  assert_non_null(d);
  size_t n;
  const doc_piece *p = doc_pieces(d, &n);
  const doc_block *last = doc_block_get(d, p[n - 1].block);
  assert_int_equal(last->kind, DOC_FIELD);
  int page = p[n - 1].page;
  assert_int_equal(page, doc_pages(d) - 1);
  const doc_design *g = doc_get_design(d);
  double spare = g->page_h - g->bottom - doc_page_end(d, page);
  assert_true(spare >= 0 && spare < g->rule_space);
  doc_free(d);
  diag_free(dg);
}

static void test_werkvorm_pages(void **state) {
  fixture *fx = *state;
  GString *all = g_string_new("");
  for (size_t i = 0; i < fx->m->n_werkvormen; i++) {
    diag_list *dg = diag_new();
    doc *d = werkvorm_layout(fx->t, fx->s, fx->m, &fx->m->werkvormen[i], dg);
    assert_non_null(d);
    assert_int_equal(diag_count(dg), 0);
    assert_int_equal(doc_pages(d), 1);
    check_rules(d);
    const doc_design *g = doc_get_design(d);
    assert_true(g->body_pt >= fx->s->table_min_pt && g->body_pt <= fx->s->table_max_pt);
    char *head = g_strdup_printf("# werkvorm %s: body %.2f pt\n", fx->m->werkvormen[i].id,
                                 g->body_pt);
    char *got = dump(d, head);
    g_string_append(all, got);
    free(got);
    g_free(head);
    doc_free(d);
    diag_free(dg);
  }
  expect_text(all->str, "werkvormen-nl");
  g_string_free(all, TRUE);
}

/* All pages at once are the pages werkvorm_layout makes one by one, at the
 * shared size (in the Dutch edition the second werkvorm needs a smaller
 * size than the first: the first's kept page is laid out again). */
static void test_werkvorm_layout_all(void **state) {
  fixture *fx = *state;
  size_t n = fx->m->n_werkvormen;
  assert_true(n >= 2);
  doc **pages = calloc(n, sizeof *pages);
  diag_list *dg = diag_new();
  assert_int_equal(werkvorm_layout_all(fx->t, fx->s, fx->m, pages, dg), 0);
  assert_int_equal(diag_count(dg), 0);
  double size = werkvorm_shared_size(fx->t, fx->s, fx->m);
  for (size_t i = 0; i < n; i++) {
    doc *one = werkvorm_layout(fx->t, fx->s, fx->m, &fx->m->werkvormen[i], dg);
    assert_non_null(pages[i]);
    assert_non_null(one);
    assert_true(doc_get_design(pages[i])->body_pt == size);
    char *a = dump(pages[i], ""), *b = dump(one, "");
    assert_string_equal(a, b);
    free(a);
    free(b);
    doc_free(one);
    doc_free(pages[i]);
  }
  /* Too long at table-min: errors (the first naming the first werkvorm), no page. */
  double min = fx->s->table_min_pt, max = fx->s->table_max_pt;
  fx->s->table_min_pt = fx->s->table_max_pt = 20;
  assert_int_equal(werkvorm_layout_all(fx->t, fx->s, fx->m, pages, dg), -1);
  fx->s->table_min_pt = min, fx->s->table_max_pt = max;
  assert_true(diag_error_count(dg) >= 1);
  assert_null(pages[0]);
  assert_non_null(strstr(diag_message(dg, 0), "error: werkvorm 'placemat' does not fit"));
  for (size_t i = 0; i < n; i++) doc_free(pages[i]);
  free(pages);
  diag_free(dg);
}

/* The shared size is the largest step from table-min at which every
 * werkvorm fits, wherever the search starts: table-max moved up or down
 * (the search's first try and its guess move with it) finds the same size,
 * and one step above it some werkvorm does not fit. */
static void test_werkvorm_size_is_the_largest_that_fits(void **state) {
  fixture *fx = *state;
  double min = fx->s->table_min_pt, max = fx->s->table_max_pt;
  double size = werkvorm_shared_size(fx->t, fx->s, fx->m);
  assert_true(size > min && size < max);
  const double uppers[] = {size + 0.25, size + 1, 13.1, 18, 30, 60};
  for (size_t k = 0; k < sizeof uppers / sizeof uppers[0]; k++) {
    fx->s->table_max_pt = uppers[k];
    assert_true(werkvorm_shared_size(fx->t, fx->s, fx->m) == size);
  }
  size_t n = fx->m->n_werkvormen;
  doc **pages = calloc(n, sizeof *pages);
  diag_list *dg = diag_new();
  fx->s->table_min_pt = fx->s->table_max_pt = size;
  assert_int_equal(werkvorm_layout_all(fx->t, fx->s, fx->m, pages, dg), 0);
  for (size_t i = 0; i < n; i++) doc_free(pages[i]), pages[i] = NULL;
  fx->s->table_min_pt = fx->s->table_max_pt = size + 0.25;
  assert_int_equal(werkvorm_layout_all(fx->t, fx->s, fx->m, pages, dg), -1);
  fx->s->table_min_pt = min, fx->s->table_max_pt = max;
  for (size_t i = 0; i < n; i++) doc_free(pages[i]);
  free(pages);
  diag_free(dg);
}

/* A werkvorm too long for one page at the smallest size is an error naming it. */
static void test_werkvorm_too_long(void **state) {
  fixture *fx = *state;
  double min = fx->s->table_min_pt, max = fx->s->table_max_pt;
  fx->s->table_min_pt = fx->s->table_max_pt = 20;
  diag_list *dg = diag_new();
  doc *d = werkvorm_layout(fx->t, fx->s, fx->m, &fx->m->werkvormen[0], dg);
  fx->s->table_min_pt = min, fx->s->table_max_pt = max;
  assert_null(d);
  assert_int_equal(diag_error_count(dg), 1);
  assert_non_null(strstr(diag_message(dg, 0), "error: werkvorm 'placemat' does not fit on one "
                                              "page at the template's smallest size of 20.0 pt"));
  diag_free(dg);
}

/* A template without <document> takes the defaults, which are those of default.xml. */
static void test_template_without_document(void **state) {
  fixture *fx = *state;
  char *path = source_path("templates/default.xml");
  char *text = read_all(path);
  assert_non_null(text);
  char *from = strstr(text, "<document"), *to = from ? strstr(from, "/>") : NULL;
  assert_non_null(to);
  memmove(from, to + 2, strlen(to + 2) + 1);
  diag_list *dg = diag_new();
  style *s = style_load(text, strlen(text), "bare.xml", dg);
  assert_non_null(s);
  doc_design a = doc_design_from_style(s), b = doc_design_from_style(fx->s);
  assert_true(a.page_w == b.page_w && a.page_h == b.page_h && a.top == b.top &&
              a.bottom == b.bottom && a.left == b.left && a.right == b.right);
  assert_true(a.body_pt == b.body_pt && a.h1_pt == b.h1_pt && a.line_spacing == b.line_spacing);
  assert_true(s->table_margin == fx->s->table_margin && s->table_min_pt == fx->s->table_min_pt);
  style_free(s);
  diag_free(dg);
  g_free(text);
  g_free(path);
}

/* What a page handed on looked like, and the page painted as it came. */
typedef struct handed {
  GString *dumps;
  paint_pdf_pages *pdf;
  size_t n;
} handed;

/* Appends page's text dump (frame_dump) to out. */
static void append_dump(GString *out, const frame *page) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  frame_dump(page, f);
  fclose(f);
  g_string_append(out, buf);
  free(buf);
}

static void hand_on(void *arg, frame_doc *doc, size_t index) {
  handed *h = arg;
  assert_int_equal(index, h->n++);
  append_dump(h->dumps, doc->pages[index]);
  paint_pdf_page(h->pdf, doc->pages[index]);
}

/* Cairo's bytes of a painted PDF (paint_pdf_end with raw: no libqpdf pass). */
static GBytes *painted_bytes(paint_pdf_pages *pdf, const char *dir, const char *name) {
  char *raw = g_build_filename(dir, name, NULL);
  diag_list *dg = diag_new();
  assert_int_equal(paint_pdf_end(pdf, "guide.pdf", raw, NULL, dg), 0);
  gchar *bytes = NULL;
  gsize len = 0;
  assert_true(g_file_get_contents(raw, &bytes, &len, NULL));
  unlink(raw);
  g_free(raw);
  diag_free(dg);
  return g_bytes_new_take(bytes, len);
}

/* The guide handed on a page at a time (frame_doc_stream), as the build
 * makes it, has the pages and the PDF of the guide framed whole: every
 * page handed once, in order, complete, and freed after. */
static void test_guide_streamed(void **state) {
  fixture *fx = *state;
  diag_list *dg = diag_new();
  output_meta meta = output_meta_of(fx->m, "doc.guide");
  char *dir = g_dir_make_tmp("kaartset-guide-XXXXXX", NULL);
  assert_non_null(dir);

  doc *d = guide_layout(fx->t, fx->s, fx->m, dg);
  assert_non_null(d);
  frame_doc *whole = frame_doc_new();
  guide_frames(whole, d, fx->t, fx->s, fx->m);
  doc_free(d);
  GString *want = g_string_new(NULL);
  for (size_t i = 0; i < whole->n_pages; i++) append_dump(want, whole->pages[i]);
  GBytes *want_pdf = painted_bytes(paint_pdf_frames(whole, "guide.pdf", &meta, dg), dir, "a");

  d = guide_layout(fx->t, fx->s, fx->m, dg);
  assert_non_null(d);
  handed h = {g_string_new(NULL), paint_pdf_begin(fx->s->doc_w, fx->s->doc_h, "guide.pdf",
                                                  &meta, dg), 0};
  frame_doc *streamed = frame_doc_new();
  frame_doc_stream(streamed, hand_on, &h);
  guide_frames(streamed, d, fx->t, fx->s, fx->m);
  doc_free(d);
  assert_true(whole->n_pages > 2);
  assert_int_equal(h.n, whole->n_pages);
  assert_int_equal(streamed->n_pages, whole->n_pages);
  for (size_t i = 0; i < streamed->n_pages; i++) assert_null(streamed->pages[i]);
  assert_string_equal(h.dumps->str, want->str);
  assert_int_equal(streamed->n_marks, whole->n_marks);
  paint_pdf_bookmarks(h.pdf, streamed);
  GBytes *got_pdf = painted_bytes(h.pdf, dir, "b");
  assert_true(g_bytes_get_size(got_pdf) > 10000);
  assert_true(g_bytes_equal(got_pdf, want_pdf));
  assert_int_equal(diag_count(dg), 0);

  g_bytes_unref(got_pdf);
  g_bytes_unref(want_pdf);
  g_string_free(h.dumps, TRUE);
  g_string_free(want, TRUE);
  frame_doc_free(streamed);
  frame_doc_free(whole);
  rmdir(dir);
  g_free(dir);
  diag_free(dg);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_guide_plan),
    cmocka_unit_test(test_contents_numbers),
    cmocka_unit_test(test_guide_streamed),
    cmocka_unit_test(test_record_fills_its_page),
    cmocka_unit_test(test_werkvorm_pages),
    cmocka_unit_test(test_werkvorm_too_long),
    cmocka_unit_test(test_werkvorm_layout_all),
    cmocka_unit_test(test_werkvorm_size_is_the_largest_that_fits),
    cmocka_unit_test(test_template_without_document),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
