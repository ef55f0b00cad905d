/* fonts: stub, being written. */
#include "fonts.h"

fonts *fonts_load(const char *dir, diag_list *d) { diag_error(d, dir, 0, "fonts not written yet"); return NULL; }
void fonts_free(fonts *f) { (void)f; }
PangoFontMap *fonts_map(fonts *f) { (void)f; return NULL; }
PangoContext *fonts_context_new(fonts *f) { (void)f; return NULL; }
int fonts_has_family(fonts *f, const char *family) { (void)f; (void)family; return 0; }
