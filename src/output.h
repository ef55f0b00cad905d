/* output: PDF surfaces with metadata, finishing touches by libqpdf, and atomic files. */
#ifndef KAARTSET_OUTPUT_H
#define KAARTSET_OUTPUT_H

#include <cairo.h>
#include <qpdf/qpdf-c.h>
#include <stdio.h>

#include "diag.h"
#include "model.h"

/* A last change to a document before it is written, for one kind of file
 * (the print-shop file's PDF/X conversion, pdfx.h): apply changes q and
 * returns 0, or -1 with an error in d; with pdf14 set the file is written
 * as PDF 1.4 without object streams. */
typedef struct output_finish {
  int (*apply)(qpdf_data q, void *arg, diag_list *d);
  void *arg;
  int pdf14;
} output_finish;

typedef struct output_meta {
  const char *title, *author, *subject; /* borrowed; NULL leaves it out */
  char keywords[1024];                  /* "" leaves it out */
  const char *lang;                                /* BCP 47, from xml:lang */
  const char *date;  /* the creation date: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS (UTC) */
  const output_finish *finish;          /* borrowed; NULL: none */
} output_meta;

/* The document information of every PDF of an edition: title and author
 * (the publisher), language and date from the content, the subject from the
 * label subject_key, keywords the names of the card sets and themes. */
output_meta output_meta_of(const model_instrument *m, const char *subject_key);

/* A new file written through checked writes: made exclusively and never
 * through a symlink; the first failed write's errno is kept, so a full disk
 * or a file size limit is an error in plain words when it is closed, never
 * a cut-short file with exit 0 (Cairo's own file output, cairo_svg_surface_create
 * and cairo_surface_write_to_png, ignores a failing fclose). */
typedef struct output_file {
  FILE *file;      /* owned */
  char *path;      /* owned */
  int write_errno; /* the first failed write's errno, 0 while all went well */
} output_file;

/* Creates path. Returns 0, or -1 with an error in plain words naming
 * `shown` (NULL: path's display name, output_display_path). */
int output_file_open(output_file *f, const char *path, const char *shown, diag_list *d);

/* Appends len bytes; a cairo_write_func_t whose closure is an output_file
 * (for cairo_*_create_for_stream and cairo_surface_write_to_png_stream).
 * After a failure it writes nothing more and returns CAIRO_STATUS_WRITE_ERROR. */
cairo_status_t output_file_write(void *closure, const unsigned char *data, unsigned int len);

/* Flushes and closes f, synced to the disk when sync. On a failed write
 * anywhere it removes the file and adds the error (naming `shown`, or the
 * file's own display path when NULL). Returns 0 or -1; f is empty after. */
int output_file_close(output_file *f, int sync, const char *shown, diag_list *d);

/* Closes and removes f without a message (a file given up). Accepts an
 * empty f. */
void output_file_discard(output_file *f);

/* A PDF surface of w_mm x h_mm pages, with the document information of
 * meta (the date fixed, so equal input gives equal bytes), and a cairo
 * context on it scaled so user units are millimetres. Cairo writes into
 * memory; output_pdf_close finishes the bytes with libqpdf and writes the
 * file once. */
typedef struct output_pdf {
  cairo_surface_t *surface; /* owned */
  cairo_t *cr;              /* owned, user units mm */
  unsigned char *buf;       /* owned: what cairo wrote so far */
  size_t len, cap;
} output_pdf;

/* Adds the error of a failed write of path (a staged path is named by its
 * final name) in plain words: "no space left on the device while writing
 * out/cards.pdf (…)" for ENOSPC, likewise for a quota, the file size limit
 * (EFBIG: the program ignores SIGXFSZ) and any other errno. */
void output_io_error(diag_list *d, const char *path, int err);

/* The name to show for path: a staged file's final name in the output
 * folder ("out/cards.pdf", not the hidden generation it is written in),
 * any other path itself. Borrowed. */
const char *output_display_path(const char *path);

/* Runs qpdf_write on q, which qpdf_init_write_memory set up, and writes the
 * bytes to a new file at path (exclusively, synced), so that a full disk
 * is an error in plain words (libqpdf's own file output misses a failing
 * close). Returns 0, or -1 with an error. */
int output_qpdf_write(qpdf_data q, const char *path, diag_list *d);

/* Reads the regular file at path into memory and hands it to q
 * (qpdf_read_memory: far fewer system calls than libqpdf's own file
 * input, which seeks for every object). *buf (*len bytes) must outlive q;
 * free it with g_free after qpdf_cleanup. Returns 0, or the errno of what
 * failed (EINVAL for a file that is not a regular file), or -1 when
 * libqpdf refused the bytes (its error is in q). */
int output_qpdf_read(qpdf_data q, const char *path, char **buf, size_t *len);

int output_pdf_open(output_pdf *pdf, const char *path, double w_mm, double h_mm,
                    const output_meta *meta, diag_list *d);

/* A bookmark to the current page (1-based page), under parent (0: top level).
 * Returns its id for children. */
int output_pdf_bookmark(output_pdf *pdf, int parent, const char *name, int page);

/* Finishes the PDF and rewrites it to final_path with libqpdf: a
 * /ViewerPreferences asking for printing at 100 %, the document's /Lang, a
 * file identifier derived from the content, object streams, and, when
 * bleed > 0, a /TrimBox and /BleedBox on every page (the trim bleed mm
 * inside the media box); then meta->finish, if any. Frees the surface.
 * Returns 0, or -1 with an error. */
int output_pdf_close(output_pdf *pdf, const char *final_path, const output_meta *meta,
                     double bleed, diag_list *d);

/* Gives up an open pdf: nothing is written. */
void output_pdf_discard(output_pdf *pdf);

/* output_pdf_close in two steps, to take libqpdf's pass to another
 * process: output_pdf_close_raw writes Cairo's bytes as they are to a new
 * file raw_path (errors named by final_path); output_pdf_finish reads
 * them, finishes them as output_pdf_close does into final_path (the same
 * bytes, written by libqpdf itself rather than copied whole in memory
 * first, then read back at its end: a file cut short is an error), and
 * removes raw_path. Each returns 0, or -1 with the error in d. */
int output_pdf_close_raw(output_pdf *pdf, const char *raw_path, const char *final_path,
                         diag_list *d);
int output_pdf_finish(const char *raw_path, const char *final_path, const output_meta *meta,
                      double bleed, diag_list *d);

/* A set of files written under temporary names and renamed together, so a
 * failed run leaves earlier output as it was. */
typedef struct output_stage output_stage;

/* Creates dir (and parents) when missing. NULL with an error when it cannot. */
output_stage *output_stage_new(const char *dir, diag_list *d);

/* The temporary path to write `name` to; borrowed, valid until free. */
const char *output_stage_path(output_stage *st, const char *name);

/* Replaces the set with the staged files at once (see docs/architecture.md,
 * "The output folder"). Refuses, leaving the old set, when d has gained an
 * error since output_stage_new. Returns 0, or -1 with an error. */
int output_stage_commit(output_stage *st, diag_list *d);

/* Removes staged files not committed. Accepts NULL. */
void output_stage_free(output_stage *st);

#endif
