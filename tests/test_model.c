/* Tests for model: label placeholders and plain text of runs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "model.h"

static const model_label labels[] = {
  {"page", "pagina {page} van {pages}", {0}},
  {"reordered", "{pages}/{page} {unknown} {page", {0}},
};

static const model_run question_runs[] = {
  {RUN_TEXT, 0, "Zie ", NULL},
  {RUN_REF_CARD, 0, NULL, "c1"},
  {RUN_TEXT, RUN_EM, " & <b>", NULL},
};

static void test_label_fill(void **state) {
  (void)state;
  model_instrument m = {.labels = labels, .n_labels = 2};
  const char *names[] = {"page", "pages"};
  const char *values[] = {"3", "12"};
  char *s = model_label_fill(&m, "page", 2, names, values);
  assert_string_equal(s, "pagina 3 van 12");
  free(s);
  s = model_label_fill(&m, "reordered", 2, names, values);
  assert_string_equal(s, "12/3 {unknown} {page");
  free(s);
  assert_null(model_label_fill(&m, "missing", 2, names, values));
}

/* In a right-to-left edition each value is isolated (FSI ... PDI), so a
 * code or date keeps its order among the words; page labels are bare. */
static void test_label_fill_rtl(void **state) {
  (void)state;
  static const model_label ar[] = {{"page", "صفحة {page} من {pages}", {0}}};
  model_instrument m = {.lang = "ar", .labels = ar, .n_labels = 1};
  const char *names[] = {"page", "pages"};
  const char *values[] = {"3", "12"};
  char *s = model_label_fill(&m, "page", 2, names, values);
  assert_string_equal(s, "صفحة \u20683\u2069 من \u206812\u2069");
  free(s);
  s = model_label_fill_bare(&m, "page", 2, names, values);
  assert_string_equal(s, "صفحة 3 من 12");
  free(s);
  m.lang = "nl";
  s = model_label_fill(&m, "page", 2, names, values);
  assert_string_equal(s, "صفحة 3 من 12");
  free(s);
}

static void test_lang_rtl(void **state) {
  (void)state;
  const char *rtl[] = {"ar", "he", "fa-IR", "ur", "yi", "ar_EG", "ks-Arab", "pa-Arab", "AR"};
  const char *ltr[] = {"nl", "en", "ja", "", "arn", "hel", "he-Latn", "az-Latn", "sr-Cyrl"};
  for (size_t i = 0; i < sizeof rtl / sizeof *rtl; i++) assert_true(model_lang_rtl(rtl[i]));
  for (size_t i = 0; i < sizeof ltr / sizeof *ltr; i++) assert_false(model_lang_rtl(ltr[i]));
  assert_false(model_lang_rtl(NULL));
}

/* 200,000 '{' (with and without a '}' at the end) fill in linear time:
 * this took 40 s when each '{' searched the rest for its '}'. */
static void test_label_fill_many_braces(void **state) {
  (void)state;
  enum { N = 200000 };
  char *open = malloc(N + 2), *closed = malloc(N + 8);
  assert_non_null(open);
  assert_non_null(closed);
  memset(open, '{', N);
  open[N] = '\0';
  memset(closed, '{', N);
  strcpy(closed + N, "page}");
  model_label many[] = {{"open", open, {0}}, {"closed", closed, {0}}};
  model_instrument m = {.labels = many, .n_labels = 2};
  const char *names[] = {"page"};
  const char *values[] = {"3"};
  clock_t t0 = clock();
  char *s = model_label_fill(&m, "open", 1, names, values);
  assert_int_equal(strlen(s), N);
  free(s);
  s = model_label_fill(&m, "closed", 1, names, values);
  assert_int_equal(strlen(s), N);
  assert_string_equal(s + N - 2, "{3");
  free(s);
  assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0);
  free(open);
  free(closed);
}

static void test_text_plain_resolves_refs(void **state) {
  (void)state;
  model_card cards[] = {{.id = "c1", .code = "P1"}};
  model_cardset sets[] = {{.id = "prikkel", .cards = cards, .n_cards = 1}};
  model_instrument m = {.cardsets = sets, .n_cardsets = 1};
  model_text t = {question_runs, 3, {0}};
  char *s = model_text_plain(&m, &t);
  assert_string_equal(s, "Zie P1 & <b>");
  free(s);
  assert_ptr_equal(model_card_find(&m, "c1"), &cards[0]);
  assert_null(model_card_find(&m, "c2"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_label_fill),
    cmocka_unit_test(test_label_fill_rtl),
    cmocka_unit_test(test_lang_rtl),
    cmocka_unit_test(test_label_fill_many_braces),
    cmocka_unit_test(test_text_plain_resolves_refs),
  };
  return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
