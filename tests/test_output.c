/* Tests for output: a PDF finished apart (output_pdf_close_raw, output_pdf_finish) as output_pdf_close finishes it, and a failed write as an error with no file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "output.h"

/* A few pages of rules and text, enough that the finished file is tens of
 * kilobytes. */
static void draw(output_pdf *pdf) {
  unsigned seed = 1;
  for (int page = 0; page < 40; page++) {
    for (int i = 0; i < 100; i++) {
      seed = seed * 1103515245u + 12345u;
      double x = (seed >> 8) % 6000 / 100.0, y = (seed >> 4) % 8500 / 100.0;
      cairo_rectangle(pdf->cr, x, y, 1 + (seed % 7), 1 + (seed % 11));
      cairo_set_source_rgb(pdf->cr, (seed % 255) / 255.0, 0.2, 0.5);
      cairo_fill(pdf->cr);
    }
    cairo_move_to(pdf->cr, 20, 250);
    cairo_set_font_size(pdf->cr, 5);
    cairo_show_text(pdf->cr, "kaartset: een kaart om het gesprek te openen");
    cairo_show_page(pdf->cr);
  }
}

static char *file_bytes(const char *path, gsize *len) {
  char *bytes = NULL;
  assert_true(g_file_get_contents(path, &bytes, len, NULL));
  return bytes;
}

/* The file drawn apart and finished there: the same bytes as finished in
 * one go; what was drawn is removed. Returns the finished size. */
static gsize finish_both_ways(const char *dir) {
  output_meta meta = {.title = "test", .lang = "nl", .date = "2026-12-02"};
  diag_list *d = diag_new();
  char *whole = g_build_filename(dir, "whole.pdf", NULL);
  char *raw = g_build_filename(dir, "apart.pdf.cairo", NULL);
  char *apart = g_build_filename(dir, "apart.pdf", NULL);
  output_pdf pdf;
  assert_int_equal(output_pdf_open(&pdf, whole, 63, 88, &meta, d), 0);
  draw(&pdf);
  assert_int_equal(output_pdf_close(&pdf, whole, &meta, 3, d), 0);
  assert_int_equal(output_pdf_open(&pdf, apart, 63, 88, &meta, d), 0);
  draw(&pdf);
  assert_int_equal(output_pdf_close_raw(&pdf, raw, apart, d), 0);
  assert_int_equal(output_pdf_finish(raw, apart, &meta, 3, d), 0);
  assert_int_equal(diag_count(d), 0);
  assert_false(g_file_test(raw, G_FILE_TEST_EXISTS));
  gsize a, b;
  char *x = file_bytes(whole, &a), *y = file_bytes(apart, &b);
  assert_int_equal(a, b);
  assert_memory_equal(x, y, a);
  assert_true(a > 8192);
  assert_memory_equal(y + b - 6, "%%EOF\n", 6);
  g_free(x), g_free(y);
  g_free(whole), g_free(raw), g_free(apart);
  diag_free(d);
  return a;
}

/* Each test in a folder of its own, removed after it. */
static int make_dir(void **state) {
  *state = g_dir_make_tmp("kaartset-output-XXXXXX", NULL);
  return *state ? 0 : -1;
}

static int remove_dir(void **state) {
  char *cmd = g_strdup_printf("rm -rf '%s'", (char *)*state);
  int rc = system(cmd);
  g_free(cmd);
  g_free(*state);
  return rc == 0 ? 0 : -1;
}

static void test_finished_apart_same_bytes(void **state) {
  finish_both_ways(*state);
}

/* Finishes a drawn file under a file size limit of limit bytes: an error
 * (returned, with its message), and neither the file nor what was drawn
 * left. */
static char *finish_limited(const char *dir, rlim_t limit) {
  output_meta meta = {.title = "test", .lang = "nl", .date = "2026-12-02"};
  diag_list *d = diag_new();
  char *raw = g_build_filename(dir, "limited.pdf.cairo", NULL);
  char *path = g_build_filename(dir, "limited.pdf", NULL);
  output_pdf pdf;
  assert_int_equal(output_pdf_open(&pdf, path, 63, 88, &meta, d), 0);
  draw(&pdf);
  assert_int_equal(output_pdf_close_raw(&pdf, raw, path, d), 0);
  struct rlimit was;
  assert_int_equal(getrlimit(RLIMIT_FSIZE, &was), 0);
  struct rlimit less = {limit, was.rlim_max};
  void (*sig)(int) = signal(SIGXFSZ, SIG_IGN); /* as main does: EFBIG, not death */
  assert_int_equal(setrlimit(RLIMIT_FSIZE, &less), 0);
  int rc = output_pdf_finish(raw, path, &meta, 3, d);
  assert_int_equal(setrlimit(RLIMIT_FSIZE, &was), 0);
  signal(SIGXFSZ, sig);
  assert_int_equal(rc, -1);
  assert_int_equal(diag_error_count(d), 1);
  char *msg = g_strdup(diag_message(d, 0));
  assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
  assert_false(g_file_test(raw, G_FILE_TEST_EXISTS));
  g_free(raw), g_free(path);
  diag_free(d);
  return msg;
}

/* A file size limit met in the middle of the file: libqpdf does not see
 * its writes fail, but the file is found cut short. */
static void test_finish_meets_the_file_size_limit(void **state) {
  char *msg = finish_limited(*state, 4096);
  assert_non_null(strstr(msg, "limited.pdf was cut short"));
  g_free(msg);
}

/* The limit met only by the last byte, which libqpdf writes when it
 * closes the file: the file is cut short, and that is found. */
static void test_finish_cut_short_at_the_end(void **state) {
  gsize size = finish_both_ways(*state);
  char *msg = finish_limited(*state, size - 1);
  assert_non_null(strstr(msg, "limited.pdf was cut short"));
  g_free(msg);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_finished_apart_same_bytes, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(test_finish_meets_the_file_size_limit, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(test_finish_cut_short_at_the_end, make_dir, remove_dir),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
