/* Tests for diag: message format and counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "diag.h"

static void test_format_with_line(void **state) {
  (void)state;
  diag_list *d = diag_new();
  diag_error(d, "content/nl/instrument.xml", 12, "card '%s' has no question", "p1");
  diag_warning(d, "x.xml", 0, "no dictionary");
  assert_int_equal(diag_count(d), 2);
  assert_int_equal(diag_error_count(d), 1);
  assert_string_equal(diag_message(d, 0),
                      "content/nl/instrument.xml:12: error: card 'p1' has no question");
  assert_string_equal(diag_message(d, 1), "x.xml: warning: no dictionary");
  assert_null(diag_message(d, 2));
  diag_free(d);
}

static void test_no_file(void **state) {
  (void)state;
  diag_list *d = diag_new();
  diag_error(d, NULL, 0, "usage");
  assert_string_equal(diag_message(d, 0), "kaartset: error: usage");
  diag_free(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_format_with_line),
    cmocka_unit_test(test_no_file),
  };
  return cmocka_run_group_tests_name("diag", tests, NULL, NULL);
}
