/* Tests for fonts: only the fonts of fonts/ are seen, contexts measure in points, errors name the directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "fonts.h"

static char *fonts_dir(void) {
  const char *src = g_getenv("KAARTSET_SOURCE");
  return g_build_filename(src ? src : KAARTSET_DATADIR, "fonts", NULL);
}

static int setup(void **state) {
  char *dir = fonts_dir();
  diag_list *d = diag_new();
  fonts *f = fonts_load(dir, d);
  int ok = f && diag_count(d) == 0;
  diag_free(d);
  g_free(dir);
  *state = f;
  return ok ? 0 : -1;
}

static int teardown(void **state) {
  fonts_free(*state);
  return 0;
}

static void test_families(void **state) {
  fonts *f = *state;
  assert_true(fonts_has_family(f, "Noto Sans"));
  assert_true(fonts_has_family(f, "noto sans"));
  assert_true(fonts_has_family(f, "NotoSans")); /* fontconfig ignores blanks too */
  assert_false(fonts_has_family(f, "Comic Sans"));
  assert_false(fonts_has_family(f, "Noto Serif"));
  /* Generic names are no font of ours; system fonts are not seen. */
  assert_false(fonts_has_family(f, "Sans"));
  assert_false(fonts_has_family(f, "DejaVu Sans"));
  assert_false(fonts_has_family(f, NULL));
  assert_false(fonts_has_family(NULL, "Noto Sans"));
  assert_non_null(fonts_map(f));
}

/* Any family asked for is drawn with a loaded font: with no system fonts,
 * fontconfig's best match is ours. */
static void test_only_own_fonts(void **state) {
  fonts *f = *state;
  PangoContext *ctx = fonts_context_new(f);
  const char *asked[] = {"Noto Sans", "DejaVu Sans", "Sans", "Liberation Serif"};
  for (size_t i = 0; i < sizeof asked / sizeof asked[0]; i++) {
    PangoFontDescription *fd = pango_font_description_from_string(asked[i]);
    PangoFont *font = pango_context_load_font(ctx, fd);
    assert_non_null(font);
    PangoFontDescription *got = pango_font_describe(font);
    assert_string_equal(pango_font_description_get_family(got), "Noto Sans");
    pango_font_description_free(got);
    g_object_unref(font);
    pango_font_description_free(fd);
  }
  g_object_unref(ctx);
}

static void test_context_in_points(void **state) {
  fonts *f = *state;
  PangoContext *ctx = fonts_context_new(f);
  assert_non_null(ctx);
  assert_true(pango_cairo_context_get_resolution(ctx) == 72.0);
  const cairo_font_options_t *opt = pango_cairo_context_get_font_options(ctx);
  assert_non_null(opt);
  assert_int_equal(cairo_font_options_get_hint_metrics(opt), CAIRO_HINT_METRICS_OFF);
  assert_int_equal(cairo_font_options_get_hint_style(opt), CAIRO_HINT_STYLE_NONE);
  assert_false(pango_context_get_round_glyph_positions(ctx));

  /* 10 pt text is 10 pt: Noto Sans's line is 1.362 em (ascender 1069 +
   * descender 293 in 1000 units). */
  PangoLayout *l = pango_layout_new(ctx);
  PangoFontDescription *fd = pango_font_description_from_string("Noto Sans");
  pango_font_description_set_absolute_size(fd, 10 * PANGO_SCALE);
  pango_layout_set_font_description(l, fd);
  pango_layout_set_text(l, "Hoe", -1);
  PangoRectangle log;
  pango_layout_get_extents(l, NULL, &log);
  assert_float_equal((double)log.height / PANGO_SCALE, 13.62, 0.05);
  pango_font_description_free(fd);
  g_object_unref(l);
  g_object_unref(ctx);
  assert_null(fonts_context_new(NULL));
}

static gpointer fonts_thread_self(gpointer unused) {
  (void)unused;
  return g_thread_self();
}

/* Pango 1.50's font matching for a new size runs in the thread that lays
 * out (fonts.c), with the same fonts found; any other thread GLib starts
 * is still a thread of its own. */
static void test_font_matching_in_caller(void **state) {
  fonts *f = *state;
  PangoContext *ctx = fonts_context_new(f);
  int before = fonts_inline_thread_count();
  /* Sizes nothing else in this program asks for: each a new match. */
  for (int tenth = 1; tenth <= 5; tenth++) {
    PangoFontDescription *fd = pango_font_description_from_string("Noto Sans Bold Italic");
    pango_font_description_set_absolute_size(fd, (31 + tenth / 10.0) * PANGO_SCALE);
    PangoFont *font = pango_context_load_font(ctx, fd);
    assert_non_null(font);
    PangoFontDescription *got = pango_font_describe_with_absolute_size(font);
    assert_string_equal(pango_font_description_get_family(got), "Noto Sans");
    assert_int_equal(pango_font_description_get_weight(got), PANGO_WEIGHT_BOLD);
    assert_int_equal(pango_font_description_get_style(got), PANGO_STYLE_ITALIC);
    assert_int_equal(pango_font_description_get_size(got), pango_font_description_get_size(fd));
    pango_font_description_free(got);
    g_object_unref(font);
    pango_font_description_free(fd);
  }
  int inline_runs = fonts_inline_thread_count() - before;
  if (pango_version() < PANGO_VERSION_ENCODE(1, 51, 0))
    assert_int_equal(inline_runs, 5 * 2); /* a match and a sort for each size */
  else
    assert_int_equal(inline_runs, 0);
  g_object_unref(ctx);

  GThread *t = g_thread_new("other", fonts_thread_self, NULL);
  gpointer ran_in = g_thread_join(t);
  assert_true(ran_in != (gpointer)g_thread_self());
}

static void test_empty_dir_is_error(void **state) {
  (void)state;
  char *dir = g_dir_make_tmp("kaartset-fonts-XXXXXX", NULL);
  assert_non_null(dir);
  char *readme = g_build_filename(dir, "README.md", NULL);
  diag_list *d = diag_new();
  assert_null(fonts_load(dir, d));
  /* A file that is not a font adds none. */
  assert_true(g_file_set_contents(readme, "no fonts here\n", -1, NULL));
  assert_null(fonts_load(dir, d));
  assert_int_equal(diag_error_count(d), 2);
  char *prefix = g_strdup_printf("%s: error: ", dir);
  assert_true(g_str_has_prefix(diag_message(d, 0), prefix));
  assert_non_null(strstr(diag_message(d, 0), "no font"));
  g_free(prefix);
  g_remove(readme);
  g_rmdir(dir);

  /* A directory that is not there. */
  assert_null(fonts_load(dir, d));
  assert_int_equal(diag_error_count(d), 3);
  assert_non_null(strstr(diag_message(d, 2), "cannot read"));
  diag_free(d);
  g_free(readme);
  g_free(dir);
  fonts_free(NULL);
}

/* A font file cut short is an error naming it, at any length, never a
 * face silently left out (its text then came out in another face). */
static void test_damaged_font_is_error(void **state) {
  (void)state;
  char *src = fonts_dir();
  char *regular = g_build_filename(src, "NotoSans-Regular.ttf", NULL);
  gchar *data;
  gsize size;
  assert_true(g_file_get_contents(regular, &data, &size, NULL));
  char *dir = g_dir_make_tmp("kaartset-fonts-XXXXXX", NULL);
  char *path = g_build_filename(dir, "NotoSans-Regular.ttf", NULL);
  const gsize sizes[] = {size - 1, size / 2, 300, 12, 3, 0};
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
    assert_true(g_file_set_contents(path, data, (gssize)sizes[i], NULL));
    diag_list *d = diag_new();
    assert_null(fonts_load(dir, d));
    assert_int_equal(diag_error_count(d), 1);
    char *prefix = g_strdup_printf("%s: error: this font file is damaged: ", path);
    assert_true(g_str_has_prefix(diag_message(d, 0), prefix));
    g_free(prefix);
    diag_free(d);
  }
  /* The whole file loads. */
  assert_true(g_file_set_contents(path, data, (gssize)size, NULL));
  diag_list *d = diag_new();
  fonts *f = fonts_load(dir, d);
  assert_non_null(f);
  assert_int_equal(diag_count(d), 0);
  fonts_free(f);
  diag_free(d);
  g_remove(path);
  g_rmdir(dir);
  g_free(path);
  g_free(dir);
  g_free(data);
  g_free(regular);
  g_free(src);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_damaged_font_is_error),
    cmocka_unit_test(test_families),
    cmocka_unit_test(test_only_own_fonts),
    cmocka_unit_test(test_context_in_points),
    cmocka_unit_test(test_font_matching_in_caller),
    cmocka_unit_test(test_empty_dir_is_error),
  };
  return cmocka_run_group_tests_name("fonts", tests, setup, teardown);
}
