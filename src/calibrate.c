/* calibrate: front with a cross to prick through, back with rulers to read the hole off, as frames. */
#include "calibrate.h"

#include <stdio.h>
#include <stdlib.h>

#include "deck.h"

static const double calibrate_margin = 15;   /* text block inset from the paper edge */
static const double calibrate_arm = 25;      /* half length of the cross on the front */
static const style_rgb calibrate_black = {0, 0, 0};

static frame_source calibrate_source(const model_instrument *m, const char *key) {
  const model_label *l = model_label_find(m, key);
  return (frame_source){l ? l->loc.file : m->file, l ? l->loc.line : 0,
                        "the calibration sheet's words"};
}

/* Title and instructions at the top; the cross and the grid sit at the centre. */
static void calibrate_text(frame *f, text_ctx *t, const style *s, const model_instrument *m,
                           const char *body_key) {
  const char *names[] = {"option", "example"};
  const char *values[] = {"--back-offset X,Y", "--back-offset 1.5,-0.5"};
  char *body = model_label_fill(m, body_key, 2, names, values);
  const model_label *title = model_label_find(m, "calibrate.title");
  double w = f->w - 2 * calibrate_margin;
  text_style ts = {.family = s->font_family, .size_pt = 16, .bold = 1};
  text_style bs = {.family = s->font_family, .size_pt = 11, .line_spacing = 1.15};
  PangoLayout *tl = text_layout_plain(t, title ? title->text : "", &ts, w);
  PangoLayout *bl = text_layout_plain(t, body ? body : "", &bs, w);
  frame_source src = calibrate_source(m, "calibrate.title");
  text_frame(f, tl, 0, -1, calibrate_margin, calibrate_margin, 0, s->text, &src);
  src = calibrate_source(m, body_key);
  text_frame(f, bl, 0, -1, calibrate_margin, calibrate_margin + text_layout_height_mm(tl) + 4, 0,
             s->text, &src);
  g_object_unref(tl);
  g_object_unref(bl);
  free(body);
}

static void calibrate_cross(frame *f, double cx, double cy) {
  frame_line(f, cx - calibrate_arm, cy, cx + calibrate_arm, cy, calibrate_black, 0.15);
  frame_line(f, cx, cy - calibrate_arm, cx, cy + calibrate_arm, calibrate_black, 0.15);
  frame_circle(f, cx, cy, 3, calibrate_black, 0.15);
}

/* A number centred on (x, y). */
static void calibrate_number(frame *f, text_ctx *t, const style *s, const char *text,
                             double size_pt, double x, double y) {
  text_style ns = {.family = s->font_family, .size_pt = size_pt, .bold = 1,
                   .align = TEXT_CENTER};
  PangoLayout *l = text_layout_plain(t, text, &ns, 10);
  frame_source src = {s->file, 0, "a number of the calibration grid"};
  text_frame(f, l, 0, -1, x - 5, y - text_layout_height_mm(l) / 2, 0, calibrate_black, &src);
  g_object_unref(l);
}

static style_rgb calibrate_grey(double grey) { return (style_rgb){grey, grey, grey}; }

/* Millimetre paper from -RANGE to +RANGE mm around the centre: lines every
 * 0.5 mm, darker every 1 and 5 mm, the axes black; X numbered under the
 * grid, Y to its right, every 5 mm. The hole is read off as X,Y. */
static void calibrate_grid(frame *f, text_ctx *t, const style *s, double cx, double cy) {
  const int r = CALIBRATE_RANGE_MM;
  for (int half = -2 * r; half <= 2 * r; half++) {
    double at = half / 2.0;
    if (half == 0) continue;
    style_rgb c = calibrate_grey(half % 10 == 0 ? 0.35 : half % 2 == 0 ? 0.6 : 0.8);
    double width = half % 10 == 0 ? 0.12 : half % 2 == 0 ? 0.08 : 0.05;
    frame_line(f, cx + at, cy - r, cx + at, cy + r, c, width);
    frame_line(f, cx - r, cy + at, cx + r, cy + at, c, width);
  }
  frame_line(f, cx, cy - r - 2, cx, cy + r + 2, calibrate_black, 0.25);
  frame_line(f, cx - r - 2, cy, cx + r + 2, cy, calibrate_black, 0.25);
  /* Numbers at the darker 5 mm lines: closer ones would print over each other. */
  for (int mm = -r; mm <= r; mm += 5) {
    char num[8];
    snprintf(num, sizeof num, "%d", mm);
    calibrate_number(f, t, s, num, 5, cx + mm, cy + r + 3.5);
    calibrate_number(f, t, s, num, 5, cx + r + 4, cy + mm);
  }
  calibrate_number(f, t, s, "X", 10, cx, cy + r + 8);
  calibrate_number(f, t, s, "Y", 10, cx + r + 9, cy);
}

frame_doc *calibrate_frames(text_ctx *t, const style *s, const model_instrument *m,
                            const sheet_layout *l, sheet_duplex duplex) {
  frame_doc *out = frame_doc_new();
  double w = l->paper_w, h = l->paper_h, cx = w / 2, cy = h / 2;
  for (int back = 0; back < 2; back++) {
    frame *f = frame_doc_page(out, w, h);
    f->printable = s->paper_margin;
    if (back) {
      f->back_of = 1;
      f->turn_vertical = sheet_flips_top_to_bottom(l, duplex);
    }
    calibrate_text(f, t, s, m, back ? "calibrate.back" : "calibrate.front");
    if (back)
      calibrate_grid(f, t, s, cx, cy);
    else
      calibrate_cross(f, cx, cy);
    /* The scale bar: a print at the wrong scale shows here first. */
    deck_bar_frame(f, t, s, m, (w - DECK_BAR_MM) / 2, h - calibrate_margin - 5, 0);
  }
  return out;
}
