/* Tests for style: the default template's numbers and errors for broken templates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "style.h"

static style *load_default(diag_list *d) {
  char path[4096];
  snprintf(path, sizeof path, "%s/templates/default.xml", getenv("KAARTSET_SOURCE"));
  return style_load_file(path, d);
}

static void test_default_template(void **state) {
  (void)state;
  diag_list *d = diag_new();
  style *s = load_default(d);
  assert_non_null(s);
  assert_int_equal(diag_count(d), 0);
  assert_true(fabs(s->card_w - 63) < 1e-9 && fabs(s->card_h - 88) < 1e-9);
  assert_true(fabs(s->paper_w - 210) < 1e-9 && fabs(s->paper_h - 297) < 1e-9);
  assert_string_equal(s->font_family, "Noto Sans");
  assert_true(s->question_min_pt < s->question_max_pt);
  assert_non_null(style_paper_find(s, "letter"));
  assert_null(style_paper_find(s, "b5"));
  style_rgb c = style_theme_colour(s, "opleiden");
  style_rgb fallback = style_theme_colour(s, "no-such-theme");
  assert_false(c.r == fallback.r && c.g == fallback.g && c.b == fallback.b);
  /* Every card the deck holds has its colour: both sets and the werkvorm cards. */
  const char *sets[] = {"prikkel", "spiegel", "werkvorm"};
  for (size_t i = 0; i < 3; i++) {
    style_rgb k = style_cardset_colour(s, sets[i]);
    assert_false(k.r == fallback.r && k.g == fallback.g && k.b == fallback.b);
  }
  style_free(s);
  diag_free(d);
}

/* A template small enough to write inline; one attribute is swapped per test. */
static const char good[] =
  "<template format=\"1\" name=\"t\">\n"
  "<card width=\"63\" height=\"88\" bleed=\"3\" safe=\"4\" band=\"12\"/>\n"
  "<paper name=\"a4\" width=\"210\" height=\"297\"/>\n"
  "<sheet margin=\"5\" gap=\"0\"/>\n"
  "<marks style=\"edge\" length=\"6\" offset=\"2\" width=\"0.25\"/>\n"
  "<fonts family=\"Noto Sans\"/>\n"
  "<sizes question-max=\"12\" question-min=\"8\" prompt=\"7\" band=\"9\" meta=\"6\" "
  "footer=\"5\" back-title=\"15\" back-subtitle=\"7\" line-spacing=\"1\"/>\n"
  "<colours text=\"#000000\" muted=\"#666666\" paper=\"#ffffff\" on-colour=\"#ffffff\">\n"
  "<theme id=\"opleiden\" colour=\"#ff0000\"/>\n"
  "</colours>\n"
  "</template>\n";

static void expect_errors(const char *from, const char *to, const char *const *expected,
                          size_t n) {
  char buf[4096];
  const char *at = strstr(good, from);
  assert_non_null(at);
  snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - good), good, to, at + strlen(from));
  diag_list *d = diag_new();
  style *s = style_load(buf, strlen(buf), "t.xml", d);
  assert_null(s);
  for (size_t i = 0; i < n; i++) {
    assert_true(i < diag_count(d));
    assert_string_equal(diag_message(d, i), expected[i]);
  }
  assert_int_equal(diag_count(d), n);
  diag_free(d);
}

static void test_good_inline(void **state) {
  (void)state;
  diag_list *d = diag_new();
  style *s = style_load(good, strlen(good), "t.xml", d);
  assert_non_null(s);
  assert_true(fabs(style_theme_colour(s, "opleiden").r - 1.0) < 1e-9);
  assert_true(fabs(style_theme_colour(s, "opleiden").g) < 1e-9);
  style_free(s);
  diag_free(d);
}

static void test_min_above_max(void **state) {
  (void)state;
  const char *e[] = {"t.xml:7: error: question-min (13.0) is larger than question-max (12.0) "
                     "(swap them)"};
  expect_errors("question-min=\"8\"", "question-min=\"13\"", e, 1);
}

static void test_bad_colour(void **state) {
  (void)state;
  const char *e[] = {"t.xml:9: error: Element theme failed to validate attributes "
                     "(see the format in docs/)"};
  expect_errors("#ff0000", "red", e, 1);
}

static void test_not_well_formed(void **state) {
  (void)state;
  const char *e[] = {"t.xml:10: error: Opening and ending tag mismatch: colours line 8 and "
                     "template (the file is not well-formed XML)",
                     "t.xml:11: error: Premature end of data in tag template line 1 (the file "
                     "is not well-formed XML)"};
  expect_errors("</colours>\n", "", e, 2);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_default_template),
    cmocka_unit_test(test_good_inline),
    cmocka_unit_test(test_min_above_max),
    cmocka_unit_test(test_bad_colour),
    cmocka_unit_test(test_not_well_formed),
  };
  return cmocka_run_group_tests_name("style", tests, NULL, NULL);
}
