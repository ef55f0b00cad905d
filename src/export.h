/* export: card faces and backs as images (PNG at a resolution, or SVG in mm), painted from their frames. */
#ifndef KAARTSET_EXPORT_H
#define KAARTSET_EXPORT_H

#include <stddef.h>

#include "deck.h"
#include "diag.h"
#include "frame.h"
#include "model.h"
#include "style.h"

typedef enum { EXPORT_PNG, EXPORT_SVG, EXPORT_HTML } export_format;

/* Pixels per inch of PNG images: the default, and the range --dpi takes. */
#define EXPORT_DPI_DEFAULT 300
#define EXPORT_DPI_MIN 36
#define EXPORT_DPI_MAX 1200

/* The file name ending of a format: "png" or "svg". */
const char *export_format_ext(export_format fmt);

/* Paints the w x h mm frames (f[i] placed at (x[i], y[i]) mm, clipped to
 * its own size) on a white w x h mm picture and writes it to path: a PNG of
 * w * dpi / 25.4 pixels wide, or an SVG whose user units are millimetres.
 * Returns 0, or -1 with an input/output error naming final_path. */
int export_picture(const frame *const *f, const double *x, const double *y, size_t n, double w,
                   double h, export_format fmt, double dpi, const char *path,
                   const char *final_path, diag_list *d);

/* Writes every face of k, and its back, into dir (created when missing):
 * <code>-front.<ext> and <code>-back.<ext>, each the card's trim size; and
 * per card set (and the werkvorm cards) overview-<set id>.<ext>, all its
 * fronts in a grid with the template's gap between them ("werkvorm" for the
 * werkvorm cards). The files replace the old ones together, or none do.
 * Returns 0, or -1 with an error. */
int export_deck(const deck *k, const style *s, const model_instrument *m, export_format fmt,
                double dpi, const char *dir, diag_list *d);

#endif
