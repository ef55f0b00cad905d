/* fonts: one PangoFontMap over the fonts of one directory, through a private fontconfig configuration. */
#include "fonts.h"

#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <string.h>

struct fonts {
  PangoFontMap *map; /* owned */
};

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Adds every regular file of dir to config, one by one and in name order (so
 * the font set does not depend on the order the file system lists them).
 * FcConfigAppFontAddDir would write a fontconfig cache, and with no cache
 * directory configured it prints "No writable cache directories"; adding
 * files writes nothing and prints nothing. Files that are not fonts (README,
 * licences) add no font. Returns 0 when dir cannot be read. */
static int add_dir(FcConfig *config, const char *dir, GError **err) {
  GDir *gd = g_dir_open(dir, 0, err);
  if (!gd) return 0;
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  for (const char *e; (e = g_dir_read_name(gd));) g_ptr_array_add(names, g_strdup(e));
  g_dir_close(gd);
  g_ptr_array_sort(names, cmp_names);
  for (guint i = 0; i < names->len; i++) {
    char *path = g_build_filename(dir, (const char *)names->pdata[i], NULL);
    if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
      FcConfigAppFontAddFile(config, (const FcChar8 *)path);
    g_free(path);
  }
  g_ptr_array_free(names, TRUE);
  return 1;
}

fonts *fonts_load(const char *dir, diag_list *d) {
  FcConfig *config = FcConfigCreate();
  if (!config) {
    diag_error_of(d, DIAG_IO, dir, 0, "cannot make a fontconfig configuration (out of memory?)");
    return NULL;
  }
  GError *err = NULL;
  if (!add_dir(config, dir, &err)) {
    diag_error_of(d, DIAG_IO, dir, 0, "cannot read the font directory: %s", err ? err->message : "unknown error");
    g_clear_error(&err);
    FcConfigDestroy(config);
    return NULL;
  }
  FcFontSet *set = FcConfigGetFonts(config, FcSetApplication);
  if (!set || set->nfont == 0) {
    diag_error_of(d, DIAG_IO, dir, 0, "no font in this directory (put .ttf or .otf files there)");
    FcConfigDestroy(config);
    return NULL;
  }
  PangoFontMap *map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
  if (!map) {
    diag_error_of(d, DIAG_IO, dir, 0, "cairo has no FreeType font backend");
    FcConfigDestroy(config);
    return NULL;
  }
  pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), config); /* takes its own reference */
  FcConfigDestroy(config);
  fonts *f = g_new0(fonts, 1);
  f->map = map;
  return f;
}

void fonts_free(fonts *f) {
  if (!f) return;
  g_object_unref(f->map);
  g_free(f);
}

PangoFontMap *fonts_map(fonts *f) { return f ? f->map : NULL; }

PangoContext *fonts_context_new(fonts *f) {
  if (!f) return NULL;
  PangoContext *ctx = pango_font_map_create_context(f->map);
  /* Lengths in points, independent of any output device: the same layout
   * measures the same for a PDF, a PNG and the fitting. */
  pango_cairo_context_set_resolution(ctx, 72.0);
  cairo_font_options_t *opt = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(opt, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(opt, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(ctx, opt);
  cairo_font_options_destroy(opt);
  pango_context_set_round_glyph_positions(ctx, FALSE);
  return ctx;
}

/* Family names compare as fontconfig compares them: ignoring case and blanks. */
static int family_equal(const char *a, const char *b) {
  for (;;) {
    while (*a == ' ') a++;
    while (*b == ' ') b++;
    if (g_ascii_tolower(*a) != g_ascii_tolower(*b)) return 0;
    if (!*a) return 1;
    a++;
    b++;
  }
}

int fonts_has_family(fonts *f, const char *family) {
  if (!f || !family) return 0;
  /* The fonts themselves, not pango_font_map_list_families: Pango adds the
   * generic "Sans", "Serif" and "Monospace" to that list, which would pass
   * any template naming them although no such font is loaded. */
  FcConfig *config = pango_fc_font_map_get_config(PANGO_FC_FONT_MAP(f->map));
  FcFontSet *set = FcConfigGetFonts(config, FcSetApplication);
  for (int i = 0; set && i < set->nfont; i++) {
    FcChar8 *name;
    for (int k = 0; FcPatternGetString(set->fonts[i], FC_FAMILY, k, &name) == FcResultMatch; k++)
      if (family_equal((const char *)name, family)) return 1;
  }
  return 0;
}

int fonts_add_dir(fonts *f, const char *dir, diag_list *d) {
  FcConfig *config = pango_fc_font_map_get_config(PANGO_FC_FONT_MAP(f->map));
  GError *err = NULL;
  if (!add_dir(config, dir, &err)) {
    diag_error_of(d, DIAG_IO, dir, 0, "cannot read the font directory: %s", err ? err->message : "unknown error");
    g_clear_error(&err);
    return -1;
  }
  pango_fc_font_map_config_changed(PANGO_FC_FONT_MAP(f->map));
  return 0;
}
