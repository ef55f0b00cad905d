/* Tests for diag: message format and counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

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

/* A path longer than any buffer keeps its "error:" tag and its message. */
static void test_long_path(void **state) {
  (void)state;
  char path[6001];
  memset(path, 'd', sizeof path - 1);
  path[sizeof path - 1] = '\0';
  diag_list *d = diag_new();
  diag_error(d, path, 7, "cannot read");
  const char *m = diag_message(d, 0);
  assert_int_equal(strlen(m), 6000 + strlen(":7: error: cannot read"));
  assert_string_equal(m + 6000, ":7: error: cannot read");
  diag_free(d);
}

/* An excerpt cut in the middle of a character ("%.3s" of "aéb") loses the
 * half character, and a huge body is cut at a character boundary. */
static void test_utf8_safe(void **state) {
  (void)state;
  diag_list *d = diag_new();
  diag_error(d, "f", 1, "the text \"%.2s\" and '%s'", "a\xc3\xa9" "b", "\xc3");
  assert_string_equal(diag_message(d, 0), "f:1: error: the text \"a\" and ''");
  size_t n = 3 * 5000;
  char *big = malloc(n + 1);
  assert_non_null(big);
  for (size_t i = 0; i < n; i += 3) memcpy(big + i, "\xe2\x82\xac", 3); /* euro signs */
  big[n] = '\0';
  diag_error(d, "f", 2, "%s", big);
  const char *m = diag_message(d, 1);
  assert_true(strlen(m) < 4200);
  assert_true(strlen(m) > 4000);
  assert_string_equal(m + strlen(m) - 3, "...");
  assert_int_equal((strlen(m) - strlen("f:2: error: ") - 3) % 3, 0);
  free(big);
  diag_free(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_format_with_line),
    cmocka_unit_test(test_no_file),
    cmocka_unit_test(test_long_path),
    cmocka_unit_test(test_utf8_safe),
  };
  return cmocka_run_group_tests_name("diag", tests, NULL, NULL);
}
