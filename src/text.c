/* text: stub, being written. */
#include "text.h"

text_ctx *text_ctx_new(fonts *f, const hyphen_dict *h, const model_instrument *m) { (void)f; (void)h; (void)m; return NULL; }
void text_ctx_free(text_ctx *t) { (void)t; }
PangoLayout *text_layout_rich(text_ctx *t, const model_text *txt, const text_style *s, double width_mm) { (void)t; (void)txt; (void)s; (void)width_mm; return NULL; }
PangoLayout *text_layout_plain(text_ctx *t, const char *utf8, const text_style *s, double width_mm) { (void)t; (void)utf8; (void)s; (void)width_mm; return NULL; }
double text_layout_width_mm(PangoLayout *l) { (void)l; return 0; }
double text_layout_height_mm(PangoLayout *l) { (void)l; return 0; }
void text_layout_set_size(PangoLayout *l, const text_style *s, double size_pt) { (void)l; (void)s; (void)size_pt; }
void text_draw(cairo_t *cr_mm, PangoLayout *l, double x_mm, double y_mm) { (void)cr_mm; (void)l; (void)x_mm; (void)y_mm; }
gunichar text_missing_char(PangoLayout *l, int *count) { (void)l; *count = 0; return 0; }
int text_overflows_width(PangoLayout *l) { (void)l; return 0; }
double text_fit(PangoLayout *l, const text_style *s, double min_pt, double max_pt, double w_mm, double h_mm) { (void)l; (void)s; (void)min_pt; (void)max_pt; (void)w_mm; (void)h_mm; return 0; }
