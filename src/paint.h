/* paint: painters that walk frames and decide nothing: PDF (office sheets, print shop, documents). */
#ifndef KAARTSET_PAINT_H
#define KAARTSET_PAINT_H

#include <cairo.h>

#include "diag.h"
#include "frame.h"
#include "output.h"

/* Paints the items of f on cr, whose user units are millimetres with the
 * frame's top-left at the origin; cr's state is restored. For any Cairo
 * surface (a PNG painter, tests). */
void paint_frame(cairo_t *cr_mm, const frame *f);

/* Paints every page of doc into a PDF at path: each page its own size,
 * its items in order, its label; the document's bookmarks; and, through
 * output_pdf_close, the document information of meta and, when the first
 * page has bleed, TrimBox and BleedBox. Returns 0, or -1 with an error. */
int paint_pdf(const frame_doc *doc, const char *path, const output_meta *meta, diag_list *d);

/* paint_pdf up to Cairo's bytes, written as they are to raw_path, for
 * output_pdf_finish to finish into path (the bleed it needs: paint_bleed). */
int paint_pdf_raw(const frame_doc *doc, const char *raw_path, const char *path,
                  const output_meta *meta, diag_list *d);

/* The bleed of doc's pages, mm (its first page's: all have the same). */
double paint_bleed(const frame_doc *doc);

#endif
