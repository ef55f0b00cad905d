/* fonts: one PangoFontMap over the fonts in a directory only (own fontconfig config). */
#ifndef KAARTSET_FONTS_H
#define KAARTSET_FONTS_H

#include <pango/pango.h>

#include "diag.h"

typedef struct fonts fonts;

/* Loads every font file in dir into a private fontconfig configuration
 * (system fonts are never seen) and makes a cairo-backed PangoFontMap.
 * On failure adds an error naming dir and returns NULL. */
fonts *fonts_load(const char *dir, diag_list *d);
void fonts_free(fonts *f); /* accepts NULL */

/* Checks every font file of dir (.ttf, .otf, .ttc, .otc, .woff, .woff2):
 * a file cut short (a table past its end, a WOFF length that does not
 * hold), not a font, or one FreeType finds no face in, is an error naming
 * the file. fonts_load runs it first. Returns 0 when all are whole. */
int fonts_check_dir(const char *dir, diag_list *d);

/* Borrowed. */
PangoFontMap *fonts_map(fonts *f);

/* A new context for layout in points: resolution 72, no hinting of metrics,
 * unrounded glyph positions. g_object_unref it. */
PangoContext *fonts_context_new(fonts *f);

/* True when a family of that name is among the loaded fonts. */
int fonts_has_family(fonts *f, const char *family);

/* Adds every font file in dir to f (an edition's own fonts/ folder, for a
 * script the shared fonts lack). -1, with an error, when dir cannot be read. */
int fonts_add_dir(fonts *f, const char *dir, diag_list *d);

/* How many of Pango 1.50's font-matching threads ran in the thread that
 * asked instead (see fonts.c): for tests. */
int fonts_inline_thread_count(void);

#endif
