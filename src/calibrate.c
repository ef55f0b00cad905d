/* calibrate: front with a cross to prick through, back with rulers to read the hole off. */
#include "calibrate.h"

#include <stdio.h>
#include <stdlib.h>

#include "deck.h"
#include "output.h"

static const double calibrate_margin = 15;   /* text block inset from the paper edge */
static const double calibrate_arm = 25;      /* half length of the cross on the front */

/* Title and instructions at the top; the cross and the grid sit at the centre. */
static void calibrate_text(cairo_t *cr, text_ctx *t, const style *s, const model_instrument *m,
                           double paper_w, const char *body_key) {
  const char *names[] = {"option", "example"};
  const char *values[] = {"--back-offset X,Y", "--back-offset 1.5,-0.5"};
  char *body = model_label_fill(m, body_key, 2, names, values);
  const model_label *title = model_label_find(m, "calibrate.title");
  double w = paper_w - 2 * calibrate_margin;
  text_style ts = {.family = s->font_family, .size_pt = 16, .bold = 1};
  text_style bs = {.family = s->font_family, .size_pt = 11, .line_spacing = 1.15};
  PangoLayout *tl = text_layout_plain(t, title ? title->text : "", &ts, w);
  PangoLayout *bl = text_layout_plain(t, body ? body : "", &bs, w);
  cairo_set_source_rgb(cr, s->text.r, s->text.g, s->text.b);
  text_draw(cr, tl, calibrate_margin, calibrate_margin);
  text_draw(cr, bl, calibrate_margin, calibrate_margin + text_layout_height_mm(tl) + 4);
  g_object_unref(tl);
  g_object_unref(bl);
  free(body);
}

static void calibrate_line(cairo_t *cr, double x1, double y1, double x2, double y2) {
  cairo_move_to(cr, x1, y1);
  cairo_line_to(cr, x2, y2);
}

static void calibrate_cross(cairo_t *cr, double cx, double cy) {
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 0.15);
  calibrate_line(cr, cx - calibrate_arm, cy, cx + calibrate_arm, cy);
  calibrate_line(cr, cx, cy - calibrate_arm, cx, cy + calibrate_arm);
  cairo_stroke(cr);
  cairo_arc(cr, cx, cy, 3, 0, 2 * G_PI);
  cairo_stroke(cr);
}

/* A number centred on (x, y). */
static void calibrate_number(cairo_t *cr, text_ctx *t, const style *s, const char *text,
                             double size_pt, double x, double y) {
  text_style ns = {.family = s->font_family, .size_pt = size_pt, .bold = 1,
                   .align = TEXT_CENTER};
  PangoLayout *l = text_layout_plain(t, text, &ns, 10);
  text_draw(cr, l, x - 5, y - text_layout_height_mm(l) / 2);
  g_object_unref(l);
}

static void calibrate_grey(cairo_t *cr, double grey, double width) {
  cairo_set_source_rgb(cr, grey, grey, grey);
  cairo_set_line_width(cr, width);
}

/* Millimetre paper from -RANGE to +RANGE mm around the centre: lines every
 * 0.5 mm, darker every 1 and 5 mm, the axes black; X numbered under the
 * grid, Y to its right, every 2 mm. The hole is read off as X,Y. */
static void calibrate_grid(cairo_t *cr, text_ctx *t, const style *s, double cx, double cy) {
  const int r = CALIBRATE_RANGE_MM;
  for (int half = -2 * r; half <= 2 * r; half++) {
    double at = half / 2.0;
    if (half == 0) continue;
    if (half % 10 == 0) calibrate_grey(cr, 0.35, 0.12);
    else if (half % 2 == 0) calibrate_grey(cr, 0.6, 0.08);
    else calibrate_grey(cr, 0.8, 0.05);
    calibrate_line(cr, cx + at, cy - r, cx + at, cy + r);
    calibrate_line(cr, cx - r, cy + at, cx + r, cy + at);
    cairo_stroke(cr);
  }
  calibrate_grey(cr, 0, 0.25);
  calibrate_line(cr, cx, cy - r - 2, cx, cy + r + 2);
  calibrate_line(cr, cx - r - 2, cy, cx + r + 2, cy);
  cairo_stroke(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int mm = -r + 2; mm <= r - 2; mm += 2) {
    char num[8];
    snprintf(num, sizeof num, "%d", mm);
    calibrate_number(cr, t, s, num, 5, cx + mm, cy + r + 3.5);
    calibrate_number(cr, t, s, num, 5, cx + r + 4, cy + mm);
  }
  calibrate_number(cr, t, s, "X", 10, cx, cy + r + 8);
  calibrate_number(cr, t, s, "Y", 10, cx + r + 9, cy);
}

int calibrate_write(text_ctx *t, const style *s, const model_instrument *m, double paper_w,
                    double paper_h, const char *path, diag_list *d) {
  output_meta meta = output_meta_of(m, "doc.calibration");
  output_pdf pdf;
  if (output_pdf_open(&pdf, path, paper_w, paper_h, &meta, d) != 0) return -1;
  double cx = paper_w / 2, cy = paper_h / 2;
  for (int back = 0; back < 2; back++) {
    calibrate_text(pdf.cr, t, s, m, paper_w, back ? "calibrate.back" : "calibrate.front");
    if (back)
      calibrate_grid(pdf.cr, t, s, cx, cy);
    else
      calibrate_cross(pdf.cr, cx, cy);
    /* The scale bar: a print at the wrong scale shows here first. */
    cairo_save(pdf.cr);
    cairo_translate(pdf.cr, (paper_w - DECK_BAR_MM) / 2, paper_h - calibrate_margin - 5);
    deck_draw_bar(pdf.cr, t, s, m);
    cairo_restore(pdf.cr);
    cairo_show_page(pdf.cr);
  }
  return output_pdf_close(&pdf, path, &meta, 0, d);
}
