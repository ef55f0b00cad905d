/* Tests for pdfcheck: a file's check in parts says what the whole check says. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cairo-pdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "pdfcheck.h"

/* A PDF of 7 A6 pages in RGB, without boxes or PDF/X keys: the print-shop
 * profile finds faults in the document and on every page. */
static void write_rgb_pdf(const char *path) {
  cairo_surface_t *s = cairo_pdf_surface_create(path, 298, 420);
  cairo_t *cr = cairo_create(s);
  for (int i = 0; i < 7; i++) {
    cairo_set_source_rgb(cr, 0.2 + 0.1 * i, 0.4, 0.6);
    cairo_rectangle(cr, 20, 20, 100 + 10 * i, 100);
    cairo_fill(cr);
    cairo_show_page(cr);
  }
  cairo_destroy(cr);
  cairo_surface_destroy(s);
}

static void test_parts_say_what_the_whole_says(void **state) {
  (void)state;
  char path[64];
  snprintf(path, sizeof path, "/tmp/kaartset-pdfcheck-%ld.pdf", (long)getpid());
  write_rgb_pdf(path);
  diag_list *whole = diag_new();
  int failures = pdfcheck_file(path, PDFCHECK_PRINTSHOP, NULL, whole);
  assert_true(failures > 7);
  assert_int_equal((int)diag_count(whole), failures);
  /* Each page is named once in the whole check. */
  for (int page = 1; page <= 7; page++) {
    char at[32];
    snprintf(at, sizeof at, "page %d", page);
    int named = 0;
    for (size_t k = 0; k < diag_count(whole); k++) named += strstr(diag_message(whole, k), at) != NULL;
    assert_true(named >= 1);
  }
  for (int parts = 1; parts <= 4; parts++) {
    diag_list *got = diag_new();
    int sum = 0;
    for (int part = 0; part < parts; part++) sum += pdfcheck_file_part(path, PDFCHECK_PRINTSHOP, part, parts, got);
    assert_int_equal(sum, failures);
    assert_int_equal(diag_count(got), diag_count(whole));
    for (size_t k = 0; k < diag_count(whole); k++)
      assert_string_equal(diag_message(got, k), diag_message(whole, k));
    diag_free(got);
  }
  diag_free(whole);
  unlink(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_parts_say_what_the_whole_says),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
