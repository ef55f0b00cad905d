/* para: chooses all line breaks of a paragraph together (badness, hyphen and ladder penalties, short last lines), as TeX does. */
#include "para.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

/* The most hyphens in a row that are told apart (a longer ladder, when
 * allowed, counts as this many). */
enum { PARA_LADDER_STATES = 8 };

static const double PARA_INFINITE = 1e30;
/* Badness of a line that is too wide or whose spaces would grow past the
 * limit: only when nothing else is possible. */
static const double PARA_OVERFULL = 1e12, PARA_LOOSE = 1e6;
/* Demerits of a hyphen in the paragraph's last word or a ladder too long:
 * more than any line that merely looks bad, less than one that is too wide. */
static const double PARA_BROKEN_RULE = 1e20;

static int is_hyphen(para_kind k) { return k == PARA_HYPHEN || k == PARA_AFTER; }

/* TeX's badness, 100 ratio^3, capped (as TeX caps it at 10000) so that it
 * stays below PARA_OVERFULL however loose a line is. */
static double para_cube(double ratio) {
  double bad = 100 * ratio * ratio * ratio;
  return bad > 1e5 ? 1e5 : bad;
}

/* Badness of the line from break i to break j. */
static double para_badness(const para_break *b, int i, int j, double width, const para_rules *r,
                           double *w_out) {
  double w = b[j].end_x - b[i].next_x;
  *w_out = w;
  int spaces = 0;
  for (int k = i + 1; k < j; k++) spaces += b[k].kind == PARA_GLUE;
  int justify = r->justify && b[j].kind != PARA_END;
  /* Justified lines may set their spaces a little closer. */
  double shrink = justify ? spaces * r->space * r->shrink : 0;
  if (w > width + shrink) return PARA_OVERFULL * (1 + (w - width) / (width > 0 ? width : 1));
  double slack = width - w;
  if (b[j].kind == PARA_END) return 0; /* the last line is set as it comes */
  if (justify) {
    if (slack < 0) {
      return para_cube(-slack / shrink);
    }
    double stretch = spaces * r->space * r->stretch;
    /* A line of one word cannot be justified: it would stand apart. */
    if (stretch <= 0) return slack > 0 ? PARA_LOOSE * (1 + slack / r->space) : 0;
    double ratio = slack / stretch;
    /* Spaces wider than allowed only when nothing else goes; then the
     * least wide. */
    return ratio > 1 ? PARA_LOOSE * ratio : para_cube(ratio);
  }
  double zone = width * (r->ragged > 0 ? r->ragged : 0.2);
  return para_cube(slack / zone);
}

int para_break_lines(const para_break *b, int n, double width, const para_rules *r, int *out) {
  if (n < 2) {
    if (n == 1) out[0] = 0;
    return n > 0;
  }
  int states = r->max_ladder > 0 && r->max_ladder < PARA_LADDER_STATES ? r->max_ladder + 1
                                                                       : PARA_LADDER_STATES;
  /* Hyphens after the last space are in the paragraph's last word. */
  int last_space = 0;
  for (int k = 0; k < n - 1; k++)
    if (b[k].kind == PARA_GLUE) last_space = k;
  double *cost = malloc(sizeof *cost * (size_t)n * (size_t)states);
  int *from = malloc(sizeof *from * (size_t)n * (size_t)states);
  if (!cost || !from) abort();
  for (int k = 0; k < n * states; k++) cost[k] = PARA_INFINITE, from[k] = -1;
  cost[0] = 0;
  for (int j = 1; j < n; j++) {
    int hyph = is_hyphen(b[j].kind);
    /* A hyphen in the last word leaves its tail alone on the last line:
     * only when the word is wider than the line. */
    double rule = hyph && j > last_space ? PARA_BROKEN_RULE : 0;
    double penalty = b[j].kind == PARA_HYPHEN
                         ? (b[j].compound ? r->compound_penalty : r->hyphen_penalty)
                         : b[j].kind == PARA_AFTER ? r->compound_penalty : 0;
    int tried = 0;
    for (int i = j - 1; i >= 0; i--) {
      double w;
      double bad = para_badness(b, i, j, width, r, &w);
      /* Going further back only makes the line wider. */
      if (bad >= PARA_OVERFULL && tried) break;
      tried = 1;
      double lb = r->line_penalty + bad;
      double d = lb * lb + penalty * penalty + rule;
      if (b[j].kind == PARA_END && i > 0 && w < r->short_last * width) d += r->short_last_demerits;
      for (int s = 0; s < states; s++) {
        double c = cost[i * states + s];
        if (c >= PARA_INFINITE) continue;
        int t = hyph ? s + 1 : 0;
        double ladder = 0;
        if (t >= states) {
          /* A ladder too long: only when nothing else fits. */
          if (r->max_ladder > 0) ladder = PARA_BROKEN_RULE;
          t = states - 1;
        }
        double total = c + d + ladder + (hyph && s > 0 ? r->double_hyphen : 0);
        if (total < cost[j * states + t]) {
          cost[j * states + t] = total;
          from[j * states + t] = i * states + s;
        }
      }
    }
  }
  int best = -1;
  for (int s = 0; s < states; s++)
    if (cost[(n - 1) * states + s] < PARA_INFINITE &&
        (best < 0 || cost[(n - 1) * states + s] < cost[best]))
      best = (n - 1) * states + s;
  int count = 0;
  if (best < 0) {
    /* Cannot happen (one word a line is always a path); be safe. */
    out[count++] = n - 1;
  } else {
    for (int k = best; k > 0; k = from[k]) out[count++] = k / states;
    for (int a = 0, z = count - 1; a < z; a++, z--) {
      int x = out[a];
      out[a] = out[z];
      out[z] = x;
    }
  }
  free(cost);
  free(from);
  return count;
}
