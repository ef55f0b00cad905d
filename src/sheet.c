/* sheet: imposition (grid, back mirror) and cut marks. */
#include "sheet.h"

#include <math.h>

/* How many items of size `item` with `gap` between them fit in `space`. */
static int sheet_fit_count(double space, double item, double gap) {
  if (item <= 0 || space < item) return 0;
  /* A small tolerance so 3 x 63 = 189 fits in 189 despite rounding. */
  return (int)floor((space + gap + 1e-9) / (item + gap));
}

int sheet_layout_make(double paper_w, double paper_h, double margin, double reserve,
                      double card_w, double card_h, double gap, sheet_layout *out) {
  *out = (sheet_layout){
    .paper_w = paper_w, .paper_h = paper_h, .card_w = card_w, .card_h = card_h,
    .gap = gap, .margin = margin, .reserve = reserve,
  };
  out->cols = sheet_fit_count(paper_w - 2 * margin, card_w, gap);
  out->rows = sheet_fit_count(paper_h - 2 * margin - reserve, card_h, gap);
  if (out->cols < 1 || out->rows < 1) return -1;
  double grid_w = out->cols * card_w + (out->cols - 1) * gap;
  double grid_h = out->rows * card_h + (out->rows - 1) * gap;
  out->x0 = (paper_w - grid_w) / 2;
  out->y0 = fmin((paper_h - grid_h) / 2, paper_h - margin - reserve - grid_h);
  return 0;
}

int sheet_slots(const sheet_layout *l) { return l->cols * l->rows; }

static sheet_pos sheet_cell(const sheet_layout *l, int row, int col) {
  return (sheet_pos){
    .x = l->x0 + col * (l->card_w + l->gap),
    .y = l->y0 + row * (l->card_h + l->gap),
  };
}

sheet_pos sheet_front(const sheet_layout *l, int slot) {
  return sheet_cell(l, slot / l->cols, slot % l->cols);
}

sheet_pos sheet_back(const sheet_layout *l, int slot, sheet_duplex duplex, double dx,
                     double dy) {
  sheet_pos p = sheet_front(l, slot);
  /* Mirror the place through the page, not the slot through the grid: the
   * grid need not be centred (the scale bar strip). */
  if (duplex == DUPLEX_SHORT)
    p.y = l->paper_h - p.y - l->card_h;
  else
    p.x = l->paper_w - p.x - l->card_w;
  p.x += dx;
  p.y += dy;
  return p;
}

static void sheet_line(cairo_t *cr, double x1, double y1, double x2, double y2) {
  cairo_move_to(cr, x1, y1);
  cairo_line_to(cr, x2, y2);
}

/* The marks on one side of the grid run from `from` (grid edge + offset)
 * to the paper edge, or mark_len when that is set and shorter. Returns the
 * end, or NAN when there is no room for a mark. */
static double sheet_mark_end(double from, double edge, double mark_len, int outward_positive) {
  double end = edge;
  if (mark_len > 0)
    end = outward_positive ? fmin(from + mark_len, edge) : fmax(from - mark_len, edge);
  return (outward_positive ? end - from : from - end) < 1.0 ? NAN : end;
}

void sheet_draw_marks(cairo_t *cr, const sheet_layout *l, double offset, double mark_len,
                      double width_pt) {
  double grid_w = l->cols * l->card_w + (l->cols - 1) * l->gap;
  double grid_h = l->rows * l->card_h + (l->rows - 1) * l->gap;
  double left = l->x0, right = l->x0 + grid_w, top = l->y0, bottom = l->y0 + grid_h;

  cairo_save(cr);
  cairo_set_line_width(cr, width_pt * 25.4 / 72);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);

  double top_end = sheet_mark_end(top - offset, 0, mark_len, 0);
  double bottom_end = sheet_mark_end(bottom + offset, l->paper_h, mark_len, 1);
  for (int c = 0; c <= l->cols; c++) {
    /* Every card edge is a cut line; with a gap, both edges of the gap are. */
    double xs[2] = {l->x0 + c * (l->card_w + l->gap), l->x0 + c * (l->card_w + l->gap) - l->gap};
    int n = (l->gap > 0 && c > 0 && c < l->cols) ? 2 : 1;
    if (c == l->cols) xs[0] = right;
    for (int k = 0; k < n; k++) {
      if (!isnan(top_end)) sheet_line(cr, xs[k], top - offset, xs[k], top_end);
      if (!isnan(bottom_end)) sheet_line(cr, xs[k], bottom + offset, xs[k], bottom_end);
    }
  }
  double left_end = sheet_mark_end(left - offset, 0, mark_len, 0);
  double right_end = sheet_mark_end(right + offset, l->paper_w, mark_len, 1);
  for (int r = 0; r <= l->rows; r++) {
    double ys[2] = {l->y0 + r * (l->card_h + l->gap), l->y0 + r * (l->card_h + l->gap) - l->gap};
    int n = (l->gap > 0 && r > 0 && r < l->rows) ? 2 : 1;
    if (r == l->rows) ys[0] = bottom;
    for (int k = 0; k < n; k++) {
      if (!isnan(left_end)) sheet_line(cr, left - offset, ys[k], left_end, ys[k]);
      if (!isnan(right_end)) sheet_line(cr, right + offset, ys[k], right_end, ys[k]);
    }
  }
  cairo_stroke(cr);
  cairo_restore(cr);
}

sheet_rect sheet_free_strip(const sheet_layout *l) {
  double grid_h = l->rows * l->card_h + (l->rows - 1) * l->gap;
  double top = l->y0 + grid_h, bottom = l->paper_h - l->margin;
  if (bottom <= top) return (sheet_rect){0};
  return (sheet_rect){l->margin, top, l->paper_w - 2 * l->margin, bottom - top};
}

sheet_rect sheet_free_side(const sheet_layout *l) {
  double grid_w = l->cols * l->card_w + (l->cols - 1) * l->gap;
  double left = l->x0 + grid_w, right = l->paper_w - l->margin;
  if (right <= left) return (sheet_rect){0};
  return (sheet_rect){left, l->margin, right - left, l->paper_h - 2 * l->margin};
}
