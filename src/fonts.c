/* fonts: one PangoFontMap over the fonts of one directory, through a private fontconfig configuration. */
#define _GNU_SOURCE /* RTLD_NEXT */
#include "fonts.h"

#include <dlfcn.h>
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <string.h>

struct fonts {
  PangoFontMap *map; /* owned */
  FcConfig *config;  /* owned: one reference, see fonts_free */
};

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The extensions of the font files fonts_check_dir looks at; other files
 * (README, licences) are no fonts and are left alone. */
static int fonts_is_font_name(const char *name) {
  static const char *const ext[] = {".ttf", ".otf", ".ttc", ".otc", ".woff", ".woff2"};
  size_t n = strlen(name);
  for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
    size_t k = strlen(ext[i]);
    if (n > k && g_ascii_strcasecmp(name + n - k, ext[i]) == 0) return 1;
  }
  return 0;
}

static guint32 fonts_u32(const guchar *p) {
  return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

/* Why the sfnt font at off in data (size bytes) is cut short, or NULL when
 * every table it lists lies inside the file. */
static const char *fonts_sfnt_short(const guchar *data, gsize size, guint64 off) {
  if (off + 12 > size) return "its header is cut short";
  guint64 n = (guint64)data[off + 4] << 8 | data[off + 5];
  if (off + 12 + 16 * n > size) return "its table directory is cut short";
  for (guint64 i = 0; i < n; i++) {
    const guchar *r = data + off + 12 + 16 * i;
    if ((guint64)fonts_u32(r + 8) + fonts_u32(r + 12) > size) return "a table runs past its end";
  }
  return NULL;
}

/* Why the font file's bytes are not a whole font, or NULL. */
static const char *fonts_damage(const guchar *data, gsize size) {
  if (size < 12) return "it is too short to be a font";
  guint32 tag = fonts_u32(data);
  if (tag == 0x774F4646u || tag == 0x774F4632u) /* wOFF, wOF2: the header gives the length */
    return fonts_u32(data + 8) == size ? NULL : "its length is not the one its header gives";
  if (tag == 0x74746366u) { /* ttcf: a collection of sfnt fonts */
    guint64 n = fonts_u32(data + 8);
    if (12 + 4 * n > size) return "its list of fonts is cut short";
    for (guint64 i = 0; i < n; i++) {
      const char *why = fonts_sfnt_short(data, size, fonts_u32(data + 12 + 4 * i));
      if (why) return why;
    }
    return NULL;
  }
  if (tag == 0x00010000u || tag == 0x4F54544Fu || tag == 0x74727565u) /* TrueType, OTTO, true */
    return fonts_sfnt_short(data, size, 0);
  return "it is not a TrueType or OpenType font";
}

/* Checks every font file of dir (fonts_check_dir) and, when config is not
 * NULL, adds every regular file to it, one by one and in name order (so the
 * font set does not depend on the order the file system lists them); files
 * that are not fonts (README, licences) add no font. A font file FreeType
 * finds no face in is then one that adds none: FreeType reads each file
 * once. (FcConfigAppFontAddDir would write a fontconfig cache, and with no
 * cache directory configured it prints "No writable cache directories";
 * adding files writes nothing and prints nothing.) Returns 0, or -1 with
 * the errors in d (a damaged file; with config, a folder that cannot be
 * read). */
static int fonts_scan(const char *dir, FcConfig *config, diag_list *d) {
  GError *err = NULL;
  GDir *gd = g_dir_open(dir, 0, &err);
  if (!gd) {
    if (config) /* else fonts_load says why */
      diag_error_of(d, DIAG_IO, dir, 0, "cannot read the font directory: %s",
                    err ? err->message : "unknown error");
    g_clear_error(&err);
    return config ? -1 : 0;
  }
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  for (const char *e; (e = g_dir_read_name(gd));)
    if (config || fonts_is_font_name(e)) g_ptr_array_add(names, g_strdup(e));
  g_dir_close(gd);
  g_ptr_array_sort(names, cmp_names);
  int rc = 0;
  for (guint i = 0; i < names->len; i++) {
    const char *name = names->pdata[i];
    char *path = g_build_filename(dir, name, NULL);
    int font = fonts_is_font_name(name), regular = g_file_test(path, G_FILE_TEST_IS_REGULAR);
    /* Mapped, not read: only the pages of the header and the table
     * directory are touched (a read of the whole file cost 15 ms of page
     * faults for four fonts). */
    GMappedFile *data = NULL;
    const char *why = NULL;
    if (font && !regular)
      why = "it is not a regular file";
    else if (font && !(data = g_mapped_file_new(path, FALSE, NULL)))
      why = "it cannot be read";
    else if (font)
      why = fonts_damage((const guchar *)g_mapped_file_get_contents(data),
                         g_mapped_file_get_length(data));
    if (!why && regular && config) {
      FcFontSet *set = FcConfigGetFonts(config, FcSetApplication);
      int before = set ? set->nfont : 0;
      FcConfigAppFontAddFile(config, (const FcChar8 *)path);
      set = FcConfigGetFonts(config, FcSetApplication);
      if (font && (set ? set->nfont : 0) == before) why = "FreeType finds no usable face in it";
    } else if (!why && font &&
               FcFreeTypeQueryAll((const FcChar8 *)path, -1, NULL, NULL, NULL) == 0) {
      why = "FreeType finds no usable face in it";
    }
    if (why) {
      diag_error_of(d, DIAG_IO, path, 0, "this font file is damaged: %s (get the file again, or "
                    "remove it from %s)", why, dir);
      rc = -1;
    }
    if (data) g_mapped_file_unref(data);
    g_free(path);
  }
  g_ptr_array_free(names, TRUE);
  return rc;
}

int fonts_check_dir(const char *dir, diag_list *d) { return fonts_scan(dir, NULL, d); }

/* Pango starts fontconfig's own start-up (the system's configuration and
 * font caches) in a thread that the first font lookup waits for, though
 * only the fonts' own configuration is ever used: 8 ms and 29 M
 * instructions a run, in every process of a build. With a current
 * configuration in place, that start-up does nothing: an empty one, made
 * once; fontconfig holds it for the rest of the run. */
static void fonts_skip_system_config(void) {
  static int done;
  if (done) return;
  done = 1;
  FcConfig *empty = FcConfigCreate();
  if (!empty) return;
  FcConfigSetCurrent(empty); /* takes a reference of its own */
  FcConfigDestroy(empty);
}

/* Pango 1.50 matches and sorts the fonts for every new font description,
 * and so for every size a text is tried at, in two threads of its own
 * ("[pango] FcFontSetMatch" and "[pango] FcFontSetSort"), which the
 * layout waits for at once: about 100 new sizes in a small build, on the
 * critical path of both building processes; started, scheduled and ended,
 * those threads cost the Dutch edition about 15 ms of its 150 (Pango 1.52
 * moved this to one long-lived thread). With only the few fonts of fonts/, the matching itself is
 * quick: it runs in the calling thread instead. This definition stands
 * in for GLib's in the whole program (the dynamic linker finds it first:
 * it is exported, since libpangoft2 refers to it); every other thread is
 * GLib's, started as before. */
static int fonts_inline_threads;

GThread *g_thread_new(const gchar *name, GThreadFunc func, gpointer data) {
  static gsize next; /* GLib's g_thread_new */
  if (name && pango_version() < PANGO_VERSION_ENCODE(1, 51, 0) &&
      (strcmp(name, "[pango] FcFontSetMatch") == 0 || strcmp(name, "[pango] FcFontSetSort") == 0)) {
    g_atomic_int_inc(&fonts_inline_threads);
    func(data); /* it stores its result and signals; the caller finds it at once */
    return g_thread_ref(g_thread_self()); /* Pango only drops its reference */
  }
  if (g_once_init_enter(&next)) g_once_init_leave(&next, (gsize)dlsym(RTLD_NEXT, "g_thread_new"));
  GThread *(*real)(const gchar *, GThreadFunc, gpointer);
  *(void **)&real = (void *)next;
  return real(name, func, data);
}

int fonts_inline_thread_count(void) { return g_atomic_int_get(&fonts_inline_threads); }

fonts *fonts_load(const char *dir, diag_list *d) {
  fonts_skip_system_config();
  FcConfig *config = FcConfigCreate();
  if (!config) {
    diag_error_of(d, DIAG_IO, dir, 0, "cannot make a fontconfig configuration (out of memory?)");
    return NULL;
  }
  /* A broken face would otherwise be left out without a word, and
   * fontconfig would quietly set its text in another face. */
  if (fonts_scan(dir, config, d) != 0) {
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
  fonts *f = g_new0(fonts, 1);
  f->map = map;
  f->config = config; /* ours, kept until fonts_free */
  return f;
}

void fonts_free(fonts *f) {
  if (!f) return;
  g_object_unref(f->map);
  /* Pango 1.50 takes a reference to the configuration in set_config and
   * never drops it when the map is finalized (6.8 KB lost a build, which
   * failed every leak check): drop it for Pango, then ours. */
  if (pango_version() < PANGO_VERSION_ENCODE(1, 51, 0)) FcConfigDestroy(f->config);
  FcConfigDestroy(f->config);
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
  if (fonts_scan(dir, config, d) != 0) return -1;
  pango_fc_font_map_config_changed(PANGO_FC_FONT_MAP(f->map));
  return 0;
}
