/* Tests for model: label placeholders and plain text of runs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
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
    cmocka_unit_test(test_text_plain_resolves_refs),
  };
  return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
