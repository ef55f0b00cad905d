/* Tests for doc: page breaks, widows, orphans, headings kept with their text, lists, as golden text dumps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"

/* A small page so a few lines fill it: 100 x 60 mm, 10 mm margins, so the
 * flow is 40 mm tall; a 10 pt line of Noto Sans is 4.80 mm (1.362 em), so
 * eight lines fit. */
static const doc_design small_page = {
  .page_w = 100, .page_h = 60, .top = 10, .bottom = 10, .left = 10, .right = 10,
  .family = "Noto Sans", .body_pt = 10, .small_pt = 8, .h1_pt = 14, .h2_pt = 12,
  .line_spacing = 1.0, .para_space = 3, .item_space = 1, .h1_space = 6, .h2_space = 5,
  .heading_after = 2, .indent = 5, .rule_space = 6, .justify = 0,
};

typedef struct fixture {
  fonts *fonts;
  hyphen_dict *hyph;
  text_ctx *t;
  doc *d;
} fixture;

static int setup(void **state) {
  fixture *fx = g_new0(fixture, 1);
  const char *src = g_getenv("KAARTSET_SOURCE");
  char *dir = g_build_filename(src ? src : KAARTSET_DATADIR, "fonts", NULL);
  diag_list *dg = diag_new();
  fx->fonts = fonts_load(dir, dg);
  fx->hyph = hyphen_load("nl", NULL, dg);
  int ok = fx->fonts && fx->hyph && diag_count(dg) == 0;
  diag_free(dg);
  g_free(dir);
  fx->t = text_ctx_new(fx->fonts, fx->hyph, NULL);
  fx->d = doc_new(fx->t, &small_page);
  *state = fx;
  return ok && fx->t ? 0 : -1;
}

static int teardown(void **state) {
  fixture *fx = *state;
  doc_free(fx->d);
  text_ctx_free(fx->t);
  hyphen_free(fx->hyph);
  fonts_free(fx->fonts);
  g_free(fx);
  return 0;
}

/* A paragraph of n short lines ("name 1" … "name n"), one per line, so the
 * line count does not depend on the font's widths. */
static size_t add_lines(doc *d, doc_kind kind, const char *name, int n) {
  GString *s = g_string_new("");
  for (int i = 1; i <= n; i++) g_string_append_printf(s, "%s%s %d", i > 1 ? "\n" : "", name, i);
  doc_block b = {.kind = kind, .plain = arena_strdup(doc_arena(d), s->str)};
  g_string_free(s, TRUE);
  return doc_add(d, &b);
}

static size_t add_item(doc *d, const char *name, int n, const char *marker, const char *aside,
                       int list) {
  size_t i = add_lines(d, DOC_ITEM, name, n);
  doc_block *b = doc_block_at(d, i);
  b->marker = marker;
  b->aside = aside;
  b->list = list;
  return i;
}

static size_t add_heading(doc *d, doc_kind kind, const char *text) {
  doc_block b = {.kind = kind, .plain = text};
  return doc_add(d, &b);
}

/* Flows d and expects no message at all. */
static void flow(doc *d) {
  diag_list *dg = diag_new();
  int rc = doc_flow(d, dg);
  for (size_t i = 0; i < diag_count(dg); i++) fprintf(stderr, "%s\n", diag_message(dg, i));
  assert_int_equal(rc, 0);
  assert_int_equal(diag_count(dg), 0);
  diag_free(dg);
}

static char *dump(doc *d) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  doc_plan_dump(d, f);
  fclose(f);
  return buf;
}

static char *read_all(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  GString *s = g_string_new("");
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) g_string_append_len(s, chunk, (gssize)n);
  fclose(f);
  return g_string_free(s, FALSE);
}

/* Compares the dump of d with tests/data/doc/<name>.expected; with
 * KAARTSET_REGENERATE=1 writes the file instead, for a person to review. */
static void expect_dump(doc *d, const char *name) {
  flow(d);
  char *got = dump(d);
  const char *dir = g_getenv("KAARTSET_TESTDATA");
  char *path = g_strdup_printf("%s/doc/%s.expected", dir ? dir : "tests/data", name);
  if (g_getenv("KAARTSET_REGENERATE")) {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(got, f);
    fclose(f);
  }
  char *want = read_all(path);
  if (!want || strcmp(got, want) != 0) {
    fprintf(stderr, "--- %s\n%s--- got\n%s", path, want ? want : "(missing)\n", got);
    fail_msg("the plan differs from %s (KAARTSET_REGENERATE=1 rewrites it; review the diff)",
             path);
  }
  g_free(want);
  g_free(path);
  free(got);
}

/* Twelve lines on pages of eight: eight, then four. */
static void test_split(void **state) {
  fixture *fx = *state;
  add_lines(fx->d, DOC_P, "regel", 12);
  expect_dump(fx->d, "split");
}

/* Four of five lines would fit below a first paragraph, leaving the last
 * alone on the next page: three go, two follow. */
static void test_widow(void **state) {
  fixture *fx = *state;
  add_lines(fx->d, DOC_P, "eerst", 3);
  add_lines(fx->d, DOC_P, "regel", 5);
  expect_dump(fx->d, "widow");
}

/* One line of a paragraph would fit at the foot of the page: it does not
 * stay there alone; the whole paragraph moves. */
static void test_orphan(void **state) {
  fixture *fx = *state;
  add_lines(fx->d, DOC_P, "eerst", 6);
  add_lines(fx->d, DOC_P, "regel", 4);
  expect_dump(fx->d, "orphan");
}

/* A four-line paragraph with room for three: two and two, never three and one. */
static void test_four_lines(void **state) {
  fixture *fx = *state;
  add_lines(fx->d, DOC_P, "eerst", 4);
  add_lines(fx->d, DOC_P, "regel", 4);
  expect_dump(fx->d, "four-lines");
}

/* A heading that fits at the foot of the page, but without two lines of its
 * text, moves to the next page with them; so does a heading above a heading. */
static void test_heading_at_page_end(void **state) {
  fixture *fx = *state;
  add_lines(fx->d, DOC_P, "eerst", 5);
  add_heading(fx->d, DOC_H2, "Kopje");
  add_lines(fx->d, DOC_P, "regel", 1);
  add_heading(fx->d, DOC_H1, "Hoofdstuk");
  add_heading(fx->d, DOC_H2, "Paragraaf");
  add_lines(fx->d, DOC_P, "tekst", 4);
  expect_dump(fx->d, "heading");
}

/* Items of a list are closer together than paragraphs; an item of three
 * lines is never split; markers and asides stay with the first line. */
static void test_list(void **state) {
  fixture *fx = *state;
  add_lines(fx->d, DOC_P, "inleiding", 2);
  add_item(fx->d, "een", 1, "1.", "5 min", 1);
  add_item(fx->d, "twee", 2, "2.", "10 min", 1);
  add_item(fx->d, "drie", 3, "3.", NULL, 1);
  add_item(fx->d, "bol", 1, "•", NULL, 2);
  add_lines(fx->d, DOC_P, "daarna", 1);
  expect_dump(fx->d, "list");
}

/* A page break before a block, but never an empty page for one at the top;
 * form fields with their writing lines are never split. */
static void test_breaks_and_fields(void **state) {
  fixture *fx = *state;
  size_t h = add_heading(fx->d, DOC_H1, "Begin");
  doc_block_at(fx->d, h)->break_before = 1;
  add_lines(fx->d, DOC_P, "tekst", 2);
  h = add_heading(fx->d, DOC_H1, "Formulier");
  doc_block_at(fx->d, h)->break_before = 1;
  doc_block f = {.kind = DOC_FIELD, .plain = "Wie waren erbij?", .lines = 3};
  doc_add(fx->d, &f);
  f.plain = "Wat nemen we mee?";
  doc_add(fx->d, &f);
  expect_dump(fx->d, "breaks-fields");
}

/* A doc on the small page in two columns, 4 mm apart, under the heading
 * "Titel" that spans them. */
static doc *two_columns(fixture *fx) {
  doc_design g = small_page;
  g.columns = 2;
  g.column_gap = 4;
  doc *d = doc_new(fx->t, &g);
  size_t h = add_heading(d, DOC_H1, "Titel");
  doc_block_at(d, h)->span = 1;
  return d;
}

/* Two columns under a heading that spans them: a paragraph runs on from
 * the first column into the second, both starting below the heading; a
 * block that does not fit in the last column goes to the next page, and a
 * spanning heading after column text starts a new page. */
static void test_columns(void **state) {
  fixture *fx = *state;
  doc *d = two_columns(fx);
  add_lines(d, DOC_P, "regel", 10);
  add_lines(d, DOC_P, "kort", 2);
  size_t h = add_heading(d, DOC_H1, "Verder");
  doc_block_at(d, h)->span = 1;
  add_lines(d, DOC_P, "tekst", 2);
  expect_dump(d, "columns");
  doc_free(d);
}

/* A line longer than the column wraps; a word longer than it is an error. */
static void test_overlong_word(void **state) {
  fixture *fx = *state;
  doc_block b = {.kind = DOC_P, .plain = "Zo: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                 .loc = {"x.xml", 7}};
  doc_add(fx->d, &b);
  diag_list *dg = diag_new();
  assert_int_equal(doc_flow(fx->d, dg), -1);
  assert_int_equal(diag_error_count(dg), 1);
  assert_non_null(strstr(diag_message(dg, 0), "x.xml:7: error: a word in \"Zo: xxx"));
  diag_free(dg);
}

/* The plan is data: the page each block starts on, and a flow run again
 * after a change gives a new plan. */
static void test_reflow(void **state) {
  fixture *fx = *state;
  size_t a = add_lines(fx->d, DOC_P, "regel", 6);
  size_t b = add_lines(fx->d, DOC_P, "meer", 3);
  flow(fx->d);
  assert_int_equal(doc_pages(fx->d), 2);
  assert_int_equal(doc_page_of(fx->d, a), 0);
  assert_int_equal(doc_page_of(fx->d, b), 1);
  doc_block_at(fx->d, a)->plain = "kort";
  flow(fx->d);
  assert_int_equal(doc_pages(fx->d), 1);
  assert_int_equal(doc_page_of(fx->d, b), 0);
}

/* The frames of d's pages as text; with forget, each page's layouts are
 * freed once it is framed (doc_forget_framed), as the guide does. */
static char *frames_text(doc *d, int forget) {
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  for (int p = 0; p < doc_pages(d); p++) {
    frame *f = frame_new(small_page.page_w, small_page.page_h);
    doc_page_frame(d, f, p);
    frame_dump(f, out);
    frame_free(f);
    if (forget) doc_forget_framed(d, p + 1);
  }
  fclose(out);
  return buf;
}

/* Pages framed while the layouts behind them are freed are the pages
 * framed with every layout kept (a block split over two pages keeps its
 * layout until both are framed), and a flow afterwards measures again. */
static void test_forget_framed(void **state) {
  fixture *fx = *state;
  add_heading(fx->d, DOC_H1, "Kop");
  add_lines(fx->d, DOC_P, "regel", 12); /* over two pages of eight */
  add_item(fx->d, "een", 2, "1.", "5 min", 1);
  add_lines(fx->d, DOC_P, "slot", 9);
  flow(fx->d);
  assert_true(doc_pages(fx->d) >= 3);
  char *kept = frames_text(fx->d, 0);
  char *freed = frames_text(fx->d, 1);
  assert_string_equal(freed, kept);
  /* Framed again, its layouts gone: measured again by the next flow. */
  flow(fx->d);
  char *again = frames_text(fx->d, 1);
  assert_string_equal(again, kept);
  free(kept);
  free(freed);
  free(again);
}

/* The same blocks twice (one doc to flow with doc_flow, one with
 * doc_flow_within): two columns, a list, and a long word at the end. */
static doc *within_doc(fixture *fx, int overlong) {
  doc *d = two_columns(fx);
  add_lines(d, DOC_P, "regel", 3);
  add_item(d, "een", 2, "1.", "5 min", 1);
  add_item(d, "twee", 2, "2.", NULL, 1);
  add_item(d, "drie", 2, "3.", "10 min", 1);
  add_lines(d, DOC_P, "slot", overlong ? 4 : 1);
  if (overlong) {
    doc_block b = {.kind = DOC_P, .plain = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                   .loc = {"x.xml", 9}};
    doc_add(d, &b);
  }
  return d;
}

/* A flow within a page count: the plan doc_flow makes when it fits; when
 * it runs over, it stops there, leaving later blocks unmeasured (a long
 * word after that point is no error yet), and a full flow afterwards is
 * the one a fresh doc gets. */
static void test_flow_within(void **state) {
  fixture *fx = *state;
  doc *whole = within_doc(fx, 0), *part = within_doc(fx, 0);
  flow(whole);
  assert_int_equal(doc_pages(whole), 1);
  diag_list *dg = diag_new();
  assert_int_equal(doc_flow_within(part, 1, dg), 1);
  char *a = dump(whole), *b = dump(part);
  assert_string_equal(a, b);
  free(b);
  /* A changed list item measures its list again, as in doc_flow. */
  doc_block_at(whole, 3)->aside = "15 min";
  doc_block_at(part, 3)->aside = "15 min";
  flow(whole);
  assert_int_equal(doc_flow_within(part, 1, dg), 1);
  free(a);
  a = dump(whole), b = dump(part);
  assert_string_equal(a, b);
  free(a);
  free(b);
  doc_free(whole);
  doc_free(part);

  doc *over = within_doc(fx, 1);
  assert_int_equal(doc_flow_within(over, 1, dg), 0);
  assert_int_equal(diag_count(dg), 0);
  assert_int_equal(doc_page_of(over, doc_count(over) - 1), -1);
  assert_int_equal(doc_flow_within(over, 2, dg), -1);
  assert_int_equal(diag_error_count(dg), 1);
  assert_non_null(strstr(diag_message(dg, 0), "x.xml:9: error: a word in \"xxx"));
  /* Measured already, the long word is not reported again (as in doc_flow). */
  diag_list *dg2 = diag_new();
  assert_int_equal(doc_flow(over, dg2), 0);
  doc *fresh = within_doc(fx, 1);
  assert_int_equal(doc_flow(fresh, dg2), -1);
  assert_int_equal(doc_pages(over), 2);
  a = dump(over), b = dump(fresh);
  assert_string_equal(a, b);
  free(a);
  free(b);
  doc_free(over);
  doc_free(fresh);
  diag_free(dg2);
  diag_free(dg);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_split, setup, teardown),
    cmocka_unit_test_setup_teardown(test_widow, setup, teardown),
    cmocka_unit_test_setup_teardown(test_orphan, setup, teardown),
    cmocka_unit_test_setup_teardown(test_four_lines, setup, teardown),
    cmocka_unit_test_setup_teardown(test_heading_at_page_end, setup, teardown),
    cmocka_unit_test_setup_teardown(test_list, setup, teardown),
    cmocka_unit_test_setup_teardown(test_breaks_and_fields, setup, teardown),
    cmocka_unit_test_setup_teardown(test_columns, setup, teardown),
    cmocka_unit_test_setup_teardown(test_overlong_word, setup, teardown),
    cmocka_unit_test_setup_teardown(test_reflow, setup, teardown),
    cmocka_unit_test_setup_teardown(test_flow_within, setup, teardown),
    cmocka_unit_test_setup_teardown(test_forget_framed, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
