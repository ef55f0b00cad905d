/* sheet: imposition (grid, back mirror) and cut marks. */
#include "sheet.h"

#include <math.h>
#include <stdlib.h>

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

sheet_layout sheet_filled(const sheet_layout *l, int n, int from_right) {
  sheet_layout f = *l;
  if (n < 1 || n >= sheet_slots(l)) return f;
  f.rows = (n + l->cols - 1) / l->cols;
  if (n < l->cols) {
    f.cols = n;
    if (from_right) f.x0 += (l->cols - n) * (l->card_w + l->gap);
  }
  return f;
}

static sheet_pos sheet_cell(const sheet_layout *l, int row, int col) {
  return (sheet_pos){
    .x = l->x0 + col * (l->card_w + l->gap),
    .y = l->y0 + row * (l->card_h + l->gap),
  };
}

sheet_pos sheet_front(const sheet_layout *l, int slot) {
  return sheet_cell(l, slot / l->cols, slot % l->cols);
}

int sheet_flips_top_to_bottom(const sheet_layout *l, sheet_duplex duplex) {
  int landscape = l->paper_w > l->paper_h;
  int long_edge = duplex != DUPLEX_SHORT;
  /* A portrait sheet's long edges are its sides: turning it over on one
   * mirrors left to right. A landscape sheet's long edges are its top and
   * bottom. */
  return long_edge ? landscape : !landscape;
}

sheet_pos sheet_back(const sheet_layout *l, int slot, sheet_duplex duplex, double dx,
                     double dy) {
  sheet_pos p = sheet_front(l, slot);
  /* Mirror the place through the page, not the slot through the grid: the
   * grid need not be centred (the scale bar strip). */
  if (sheet_flips_top_to_bottom(l, duplex))
    p.y = l->paper_h - p.y - l->card_h;
  else
    p.x = l->paper_w - p.x - l->card_w;
  p.x += dx;
  p.y += dy;
  return p;
}

int sheet_cut_count(const sheet_layout *l) {
  int gaps = l->gap > 0;
  return (l->cols + 1 + gaps * (l->cols - 1)) + (l->rows + 1 + gaps * (l->rows - 1));
}

/* The positions of the cut lines across one axis: every card edge. */
static int sheet_cuts(double origin, int n, double size, double gap, double *at) {
  int k = 0;
  for (int c = 0; c <= n; c++) {
    double edge = origin + c * (size + gap);
    if (c > 0 && gap > 0) at[k++] = edge - gap;
    if (c < n || gap <= 0) at[k++] = c < n ? edge : edge - gap;
  }
  return k;
}

/* A mark from `from` going away from the grid (dir -1: towards 0, +1:
 * towards edge), clipped to the paper; the part inside [margin, edge -
 * margin] is what shows. Returns the end, or NAN when too little shows. */
static double sheet_mark_end(double from, double edge, double margin, double mark_len, int dir) {
  double end = dir < 0 ? 0 : edge;
  if (mark_len > 0) end = dir < 0 ? fmax(from - mark_len, 0) : fmin(from + mark_len, edge);
  double lo = fmax(fmin(from, end), margin), hi = fmin(fmax(from, end), edge - margin);
  return hi - lo >= SHEET_MARK_MIN_VISIBLE - 1e-9 ? end : NAN;
}

/* Where the gap between row (or column) r and r + 1 begins and ends. */
static void sheet_gap_span(double origin, int r, double size, double gap, double *from,
                           double *to) {
  *from = origin + r * (size + gap) + size;
  *to = *from + gap;
}

size_t sheet_marks(const sheet_layout *l, double offset, double mark_len, sheet_mark *out,
                   size_t max) {
  double grid_w = l->cols * l->card_w + (l->cols - 1) * l->gap;
  double grid_h = l->rows * l->card_h + (l->rows - 1) * l->gap;
  double left = l->x0, right = l->x0 + grid_w, top = l->y0, bottom = l->y0 + grid_h;
  double xs[2 * 64 + 2], ys[2 * 64 + 2];
  if (l->cols > 64 || l->rows > 64) return 0;
  int nx = sheet_cuts(l->x0, l->cols, l->card_w, l->gap, xs);
  int ny = sheet_cuts(l->y0, l->rows, l->card_h, l->gap, ys);
  /* Outside the grid a mark starts beyond the cards' bleed into the margin. */
  offset = fmax(offset, l->gap / 2);
  double top_end = sheet_mark_end(top - offset, l->paper_h, l->margin, mark_len, -1);
  double bottom_end = sheet_mark_end(bottom + offset, l->paper_h, l->margin, mark_len, 1);
  double left_end = sheet_mark_end(left - offset, l->paper_w, l->margin, mark_len, -1);
  double right_end = sheet_mark_end(right + offset, l->paper_w, l->margin, mark_len, 1);
  /* A cut line with no mark that shows outside the grid gets one in every
   * gap it crosses, from one card's corner to the next card's. */
  int gap_marks = l->gap >= SHEET_GAP_MARK_MIN - 1e-9;
  int down = gap_marks && isnan(top_end) && isnan(bottom_end);
  int across = gap_marks && isnan(left_end) && isnan(right_end);
  size_t n = 0;
#define SHEET_PUT(...)                                  \
  do {                                                  \
    if (out && n < max) out[n] = (sheet_mark){__VA_ARGS__}; \
    n++;                                                \
  } while (0)
  for (int k = 0; k < nx; k++) {
    if (!isnan(top_end)) SHEET_PUT(xs[k], top - offset, xs[k], top_end, k);
    if (!isnan(bottom_end)) SHEET_PUT(xs[k], bottom + offset, xs[k], bottom_end, k);
    for (int r = 0; down && r + 1 < l->rows; r++) {
      double y1, y2;
      sheet_gap_span(l->y0, r, l->card_h, l->gap, &y1, &y2);
      SHEET_PUT(xs[k], y1, xs[k], y2, k);
    }
  }
  for (int k = 0; k < ny; k++) {
    if (!isnan(left_end)) SHEET_PUT(left - offset, ys[k], left_end, ys[k], nx + k);
    if (!isnan(right_end)) SHEET_PUT(right + offset, ys[k], right_end, ys[k], nx + k);
    for (int c = 0; across && c + 1 < l->cols; c++) {
      double x1, x2;
      sheet_gap_span(l->x0, c, l->card_w, l->gap, &x1, &x2);
      SHEET_PUT(x1, ys[k], x2, ys[k], nx + k);
    }
  }
#undef SHEET_PUT
  return n;
}

int sheet_marks_cover_cuts(const sheet_layout *l, double offset, double mark_len) {
  size_t n = sheet_marks(l, offset, mark_len, NULL, 0);
  sheet_mark *marks = malloc((n ? n : 1) * sizeof *marks);
  if (!marks) abort();
  sheet_marks(l, offset, mark_len, marks, n);
  int cuts = sheet_cut_count(l), covered = 1;
  for (int c = 0; c < cuts && covered; c++) {
    int found = 0;
    for (size_t i = 0; i < n && !found; i++) found = marks[i].cut == c;
    covered = found;
  }
  free(marks);
  return covered;
}

sheet_rect sheet_bleed_box(const sheet_layout *l, sheet_pos pos) {
  double b = l->gap / 2, m = l->margin;
  double x0 = fmax(pos.x - b, fmin(pos.x, m)), y0 = fmax(pos.y - b, fmin(pos.y, m));
  double x1 = fmin(pos.x + l->card_w + b, fmax(pos.x + l->card_w, l->paper_w - m));
  double y1 = fmin(pos.y + l->card_h + b, fmax(pos.y + l->card_h, l->paper_h - m));
  return (sheet_rect){x0 - pos.x, y0 - pos.y, x1 - x0, y1 - y0};
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
