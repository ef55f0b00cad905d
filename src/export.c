/* export: paints card frames onto Cairo image and SVG surfaces, one file a face, and overview grids. */
#include "export.h"

#include <cairo-svg.h>
#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "paint.h"

const char *export_format_ext(export_format fmt) { return fmt == EXPORT_SVG ? "svg" : "png"; }

static void export_paint(cairo_t *cr, const frame *const *f, const double *x, const double *y,
                         size_t n, double w, double h) {
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, 0, 0, w, h);
  cairo_fill(cr);
  for (size_t i = 0; i < n; i++) {
    cairo_save(cr);
    cairo_translate(cr, x[i], y[i]);
    /* A face's backgrounds run into the bleed: the picture shows the trim. */
    cairo_rectangle(cr, 0, 0, f[i]->w, f[i]->h);
    cairo_clip(cr);
    paint_frame(cr, f[i]);
    cairo_restore(cr);
  }
}

int export_picture(const frame *const *f, const double *x, const double *y, size_t n, double w,
                   double h, export_format fmt, double dpi, const char *path,
                   const char *final_path, diag_list *d) {
  /* Through the output module's checked writes: a full disk is an error in
   * plain words, never a cut-short image. */
  output_file out;
  if (output_file_open(&out, path, final_path, d) != 0) return -1;
  cairo_surface_t *surface;
  double scale = 1;
  if (fmt == EXPORT_SVG) {
    /* Cairo 1.16 writes the size in the document unit and a viewBox of the
     * same numbers: user units are millimetres. */
    surface = cairo_svg_surface_create_for_stream(output_file_write, &out, w, h);
    cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_MM);
  } else {
    scale = dpi / 25.4;
    surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)lround(w * scale),
                                         (int)lround(h * scale));
  }
  cairo_t *cr = cairo_create(surface);
  cairo_scale(cr, scale, scale);
  export_paint(cr, f, x, y, n, w, h);
  cairo_destroy(cr);
  cairo_status_t st = cairo_surface_status(surface);
  if (st == CAIRO_STATUS_SUCCESS && fmt == EXPORT_PNG)
    st = cairo_surface_write_to_png_stream(surface, output_file_write, &out);
  cairo_surface_finish(surface);
  if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  /* A failed write is the error to report; Cairo's status only follows from it. */
  if (out.write_errno || st == CAIRO_STATUS_SUCCESS)
    return output_file_close(&out, 0, final_path, d); /* the commit syncs it */
  output_file_discard(&out);
  diag_error_of(d, DIAG_IO, final_path, 0, "cannot write the image: %s",
                cairo_status_to_string(st));
  return -1;
}

/* A code as a file name: anything but letters, digits, '-' and '_' becomes '-'. */
static void export_safe_name(char *s) {
  for (; *s; s++)
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
          *s == '-' || *s == '_'))
      *s = '-';
}

static int export_one(output_stage *st, const frame *f, const char *name, export_format fmt,
                      double dpi, const char *dir, diag_list *d) {
  char final[4096];
  snprintf(final, sizeof final, "%s/%s", dir, name);
  const double zero = 0;
  return export_picture(&f, &zero, &zero, 1, f->w, f->h, fmt, dpi,
                        output_stage_path(st, name), final, d);
}

/* The fronts of faces[from, to) in a grid near a square, gap between them
 * and around them. */
static int export_overview(output_stage *st, const deck *k, size_t from, size_t to,
                           const char *set, const style *s, export_format fmt, double dpi,
                           const char *dir, diag_list *d) {
  size_t n = to - from;
  size_t cols = (size_t)ceil(sqrt((double)n)), rows = (n + cols - 1) / cols;
  double g = s->gap > 0 ? s->gap : s->bleed;
  double w = cols * s->card_w + (cols + 1) * g, h = rows * s->card_h + (rows + 1) * g;
  const frame **f = calloc(n, sizeof *f);
  double *x = calloc(n, sizeof *x), *y = calloc(n, sizeof *y);
  if (!f || !x || !y) abort();
  for (size_t i = 0; i < n; i++) {
    f[i] = k->faces[from + i].front;
    x[i] = g + (double)(i % cols) * (s->card_w + g);
    y[i] = g + (double)(i / cols) * (s->card_h + g);
  }
  char name[256], final[4096];
  snprintf(name, sizeof name, "overview-%s", set);
  export_safe_name(name);
  snprintf(name + strlen(name), sizeof name - strlen(name), ".%s", export_format_ext(fmt));
  snprintf(final, sizeof final, "%s/%s", dir, name);
  int rc = export_picture(f, x, y, n, w, h, fmt, dpi, output_stage_path(st, name), final, d);
  free(f);
  free(x);
  free(y);
  return rc;
}

static const void *export_group(const card_face *f) {
  return f->card ? (const void *)f->card->set : NULL;
}

int export_deck(const deck *k, const style *s, const model_instrument *m, export_format fmt,
                double dpi, const char *dir, diag_list *d) {
  output_stage *st = output_stage_new(dir, d);
  if (!st) return -1;
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < k->n_faces; i++) {
    const card_face *f = &k->faces[i];
    char code[32], name[64];
    card_face_code(m, f, code, sizeof code);
    export_safe_name(code);
    snprintf(name, sizeof name, "%s-front.%s", code, export_format_ext(fmt));
    rc = export_one(st, f->front, name, fmt, dpi, dir, d);
    snprintf(name, sizeof name, "%s-back.%s", code, export_format_ext(fmt));
    if (rc == 0) rc = export_one(st, f->front->back, name, fmt, dpi, dir, d);
  }
  /* Faces come grouped by card set, the werkvorm cards last. */
  for (size_t from = 0, to; rc == 0 && from < k->n_faces; from = to) {
    const void *g = export_group(&k->faces[from]);
    for (to = from + 1; to < k->n_faces && export_group(&k->faces[to]) == g;) to++;
    const char *set = k->faces[from].card ? k->faces[from].card->set->id : "werkvorm";
    rc = export_overview(st, k, from, to, set, s, fmt, dpi, dir, d);
  }
  if (rc == 0) rc = output_stage_commit(st, d);
  output_stage_free(st);
  return rc;
}
