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

/* A PDF being painted, a page at a time: output_pdf with what the
 * painter keeps between pages. */
typedef struct paint_pdf_pages paint_pdf_pages;
/* Begins a PDF whose pages are w x h mm until a page of another size
 * comes, with the document information of meta (path names it in
 * messages); NULL with an error. */
paint_pdf_pages *paint_pdf_begin(double w, double h, const char *path, const output_meta *meta,
                                 diag_list *d);
/* Paints page as the next page of p: its items in order, its label. Fit
 * for a document handed on a page at a time (frame_doc_stream): with
 * nothing known of the pages to come, a group is painted item by item.
 * After a drawing error nothing more is drawn; paint_pdf_end reports it. */
void paint_pdf_page(paint_pdf_pages *p, const frame *page);
/* The bookmarks of doc, to pages painted into p. */
void paint_pdf_bookmarks(paint_pdf_pages *p, const frame_doc *doc);
/* Every page of doc painted into a new PDF, and its bookmarks; a frame
 * placed on three pages or more (a card back, the cut guides)
 * is drawn once and placed as a Form XObject. NULL with an error. */
paint_pdf_pages *paint_pdf_frames(const frame_doc *doc, const char *path,
                                  const output_meta *meta, diag_list *d);
/* The bleed of p's first page, mm (all pages of a file have the same). */
double paint_pdf_bleed(const paint_pdf_pages *p);
/* Ends p and frees it. raw NULL: finished through output_pdf_close into
 * path (meta's document information and finish; TrimBox and BleedBox when
 * there is bleed). Else Cairo's bytes as they are, written to raw_path,
 * for output_pdf_finish to finish into path. Returns 0, or -1 with an
 * error. */
int paint_pdf_end(paint_pdf_pages *p, const char *path, const char *raw,
                  const output_meta *meta, diag_list *d);
/* Gives p up: nothing is written (a document that failed its check). Accepts NULL. */
void paint_pdf_discard(paint_pdf_pages *p);
/* paint_pdf_frames and paint_pdf_end into path. */
int paint_pdf(const frame_doc *doc, const char *path, const output_meta *meta, diag_list *d);
#endif
