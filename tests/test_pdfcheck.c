/* Tests for pdfcheck: a long file checked on two cores says what it says checked whole, in page order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cairo-pdf.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "pdfcheck.h"

enum { LONG_PAGES = 2101 }; /* past the length pdfcheck splits at; odd, so the halves differ */

/* A PDF of n pages that a print shop refuses on every page: an RGB
 * rectangle, no TrimBox; and as a document: no PDF/X keys. */
static char *long_rgb_pdf(int n) {
  char *path = NULL;
  int fd = g_file_open_tmp("kaartset-pdfcheck-XXXXXX.pdf", &path, NULL);
  assert_true(fd >= 0);
  close(fd);
  cairo_surface_t *s = cairo_pdf_surface_create(path, 100, 100);
  cairo_t *cr = cairo_create(s);
  for (int i = 0; i < n; i++) {
    cairo_set_source_rgb(cr, 1, 0, 0);
    cairo_rectangle(cr, 10, 10, 20 + i % 50, 20);
    cairo_fill(cr);
    cairo_show_page(cr);
  }
  cairo_destroy(cr);
  cairo_surface_finish(s);
  assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy(s);
  return path;
}

/* The page a message names ("...: page 12: ..."), or 0 for the document. */
static int page_of(const char *msg) {
  const char *p = strstr(msg, ": page ");
  return p ? atoi(p + 7) : 0;
}

static diag_list *check_with(const char *path, const char *jobs, int *failures) {
  setenv("KAARTSET_JOBS", jobs, 1);
  diag_list *d = diag_new();
  *failures = pdfcheck_file(path, PDFCHECK_PRINTSHOP, NULL, d);
  return d;
}

static void test_long_file_in_page_order(void **state) {
  (void)state;
  char *path = long_rgb_pdf(LONG_PAGES);
  int whole_n, split_n;
  diag_list *whole = check_with(path, "1", &whole_n);
  diag_list *split = check_with(path, "2", &split_n);

  /* Every fault is one message, counted exactly (more than an exit code
   * can carry), and the document's come first. */
  assert_true(whole_n > LONG_PAGES);
  assert_int_equal((size_t)whole_n, diag_count(whole));
  assert_int_equal(page_of(diag_message(whole, 0)), 0);
  assert_non_null(strstr(diag_message(whole, 0), "document: "));

  /* Checked in two halves: the same messages, in the same order. */
  assert_int_equal(split_n, whole_n);
  assert_int_equal(diag_count(split), diag_count(whole));
  for (size_t i = 0; i < diag_count(whole); i++)
    assert_string_equal(diag_message(split, i), diag_message(whole, i));

  /* In page order, every page named, the last one too. */
  int last = 0, named = 0;
  for (size_t i = 0; i < diag_count(split); i++) {
    int page = page_of(diag_message(split, i));
    assert_true(page >= last);
    if (page > last) named++;
    last = page;
  }
  assert_int_equal(named, LONG_PAGES);
  assert_int_equal(last, LONG_PAGES);

  /* The report: identical too, with the count of failing pages. */
  char *texts[2];
  for (int k = 0; k < 2; k++) {
    setenv("KAARTSET_JOBS", k ? "2" : "1", 1);
    char *buf = NULL;
    size_t len = 0;
    FILE *report = open_memstream(&buf, &len);
    diag_list *d = diag_new();
    assert_int_equal(pdfcheck_file(path, PDFCHECK_PRINTSHOP, report, d), whole_n);
    assert_int_equal(diag_count(d), 0);
    diag_free(d);
    fclose(report);
    texts[k] = buf;
  }
  assert_string_equal(texts[1], texts[0]);
  char *summary = g_strdup_printf(": FAIL: %d of %d pages fail, or the document\n", LONG_PAGES,
                                  LONG_PAGES);
  assert_true(g_str_has_suffix(texts[1], summary));
  g_free(summary);
  free(texts[0]);
  free(texts[1]);

  unsetenv("KAARTSET_JOBS");
  diag_free(whole);
  diag_free(split);
  g_unlink(path);
  g_free(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_long_file_in_page_order),
  };
  return cmocka_run_group_tests_name("pdfcheck", tests, NULL, NULL);
}
