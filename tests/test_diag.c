/* Tests for diag: message format and counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib-object.h>
#include <pango/pango.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Runs fn with the process's stderr going to a file; returns what was
 * written there (free it). */
static char *stderr_of(void (*fn)(void *), void *arg) {
  fflush(stderr);
  FILE *tmp = tmpfile();
  assert_non_null(tmp);
  int saved = dup(2);
  assert_true(saved >= 0);
  assert_int_equal(dup2(fileno(tmp), 2), 2);
  fn(arg);
  fflush(stderr);
  assert_int_equal(dup2(saved, 2), 2);
  close(saved);
  off_t n = lseek(fileno(tmp), 0, SEEK_END);
  assert_true(n >= 0);
  char *text = calloc(1, (size_t)n + 1);
  assert_non_null(text);
  assert_int_equal(pread(fileno(tmp), text, (size_t)n, 0), n);
  fclose(tmp);
  return text;
}

/* A Pango-CRITICAL: a failed assertion inside Pango, as a broken caller
 * (or a broken font) would trigger it. */
static gpointer provoke_pango_critical(gpointer unused) {
  (void)unused;
  pango_layout_set_text(NULL, "x", -1);
  return NULL;
}

static void provoke_library_messages(void *unused) {
  (void)unused;
  provoke_pango_critical(NULL);
  /* The same from Pango's own kind of thread: said once. */
  g_thread_join(g_thread_new("font-loader", provoke_pango_critical, NULL));
  /* A GLib-GObject-WARNING. */
  GObject *o = g_object_new(G_TYPE_OBJECT, NULL);
  g_object_set(o, "no-such-property", 1, NULL);
  g_object_unref(o);
  /* Below a warning: dropped. */
  g_message("a message no user acts on");
  g_debug("debugging output");
}

static void provoke_critical(void *unused) {
  (void)unused;
  g_critical("a critical message after the run");
}

/* Library messages become the program's own diagnostics, never raw
 * "Pango-CRITICAL **" or "GLib" lines on stderr. */
static void test_library_logs(void **state) {
  (void)state;
  diag_list *d = diag_new();
  diag_route_library_logs(d);
  char *err = stderr_of(provoke_library_messages, NULL);
  diag_route_library_logs(NULL);
  assert_string_equal(err, "");
  free(err);
  assert_int_equal(diag_count(d), 2);
  assert_int_equal(diag_error_count(d), 1);
  assert_int_equal(diag_exit_code(d), DIAG_IO);
  const char *critical = diag_message(d, 0);
  assert_non_null(strstr(critical, "kaartset: error: internal error in the text layout: "));
  assert_non_null(strstr(critical, "pango_layout_set_text"));
  assert_non_null(strstr(critical, "(the output of this run cannot be trusted"));
  const char *warning = diag_message(d, 1);
  assert_non_null(strstr(warning, "kaartset: warning: a library says: "));
  assert_non_null(strstr(warning, "no-such-property"));
  diag_free(d);
  /* With no list, in the program's own form at once. */
  err = stderr_of(provoke_critical, NULL);
  assert_string_equal(err, "kaartset: error: internal error in a library: a critical message "
                           "after the run\n");
  free(err);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_format_with_line),
    cmocka_unit_test(test_no_file),
    cmocka_unit_test(test_long_path),
    cmocka_unit_test(test_utf8_safe),
    cmocka_unit_test(test_library_logs),
  };
  return cmocka_run_group_tests_name("diag", tests, NULL, NULL);
}
