/* sheet: imposition of cards on office paper: slot positions, duplex backs, cut marks. All mm. */
#ifndef KAARTSET_SHEET_H
#define KAARTSET_SHEET_H

#include <stddef.h>

typedef enum { DUPLEX_LONG, DUPLEX_SHORT, DUPLEX_NONE } sheet_duplex;

typedef struct sheet_layout {
  double paper_w, paper_h;    /* the page as printed (landscape already applied) */
  double card_w, card_h, gap;
  int cols, rows;
  double x0, y0;              /* top-left corner of the card in row 0, column 0 */
  double margin;              /* the printer's unprintable margin */
  double reserve;             /* a strip kept free above the bottom margin (scale bar) */
} sheet_layout;

typedef struct sheet_pos {
  double x, y;                /* top-left corner of a card on the page */
} sheet_pos;

/* Fits as many cards of card_w x card_h as possible on paper_w x paper_h
 * inside margin, gap between neighbours, keeping a strip of `reserve` mm
 * free above the bottom margin. The grid is centred on the page, or moved
 * up as far as the strip needs. Returns 0, or -1 when not even one card
 * fits. */
int sheet_layout_make(double paper_w, double paper_h, double margin, double reserve,
                      double card_w, double card_h, double gap, sheet_layout *out);

/* Slots per sheet. */
int sheet_slots(const sheet_layout *l);

/* The grid of a sheet whose first n slots hold cards: as many rows as they
 * take, all columns unless they fill less than one row (then the first n
 * columns, or the last n when from_right: a right-to-left edition fills
 * its rows from the right); the cards stay where they are in l. Its cut
 * marks mark the cards there are. */
sheet_layout sheet_filled(const sheet_layout *l, int n, int from_right);

/* Where the front of slot i (row-major from the top left) goes. */
sheet_pos sheet_front(const sheet_layout *l, int slot);

/* Whether the sheet is turned over top to bottom (1) or left to right (0)
 * when it is flipped as duplex says: a flip on the long edge turns a
 * portrait sheet left to right and a landscape sheet (paper_w > paper_h)
 * top to bottom; the short edge the other way. DUPLEX_NONE: the user turns
 * the printed fronts over on their long edge. */
int sheet_flips_top_to_bottom(const sheet_layout *l, sheet_duplex duplex);

/* Where the back of slot i goes on the back page so that, after the flip,
 * it lies exactly behind its front: the front's place mirrored through the
 * page as sheet_flips_top_to_bottom says. (dx, dy) shifts every back to
 * correct a printer's duplex offset. */
sheet_pos sheet_back(const sheet_layout *l, int slot, sheet_duplex duplex, double dx,
                     double dy);

/* A cut mark shows at least this much inside the printable area. */
#define SHEET_MARK_MIN_VISIBLE 3.0

/* A gap at least this wide holds cut marks (a mark in a gap is as long as
 * the gap is wide). */
#define SHEET_GAP_MARK_MIN 2.0

/* One cut mark: a segment on a cut line, outside the cards. */
typedef struct sheet_mark {
  double x1, y1, x2, y2;
  int cut;                    /* which cut line: 0..vertical cuts-1, then the horizontal ones */
} sheet_mark;

/* The number of cut lines of the grid: every card edge (with a gap, both
 * edges of every gap), across and down. */
int sheet_cut_count(const sheet_layout *l);

/* The cut marks of the grid into out (at most max; out may be NULL);
 * returns how many there are in all. Outside the grid each runs from
 * `offset` (at least half the gap: beyond the cards' bleed) past the cards
 * out to the paper edge (so it survives the cuts across it), or, with
 * mark_len > 0, only that long; one that would show less than
 * SHEET_MARK_MIN_VISIBLE inside the printable area (the paper less its
 * margin) is left out. A cut line left without a mark at either end gets
 * one in every gap it crosses instead (gaps of SHEET_GAP_MARK_MIN or more),
 * across the gap from one card's corner to the next card's. */
size_t sheet_marks(const sheet_layout *l, double offset, double mark_len, sheet_mark *out,
                   size_t max);

/* Whether every cut line has a mark. */
int sheet_marks_cover_cuts(const sheet_layout *l, double offset, double mark_len);

/* The free strip under the grid where a scale bar goes: its top-left and
 * size; w or h is 0 when there is none. */
typedef struct sheet_rect {
  double x, y, w, h;
} sheet_rect;
sheet_rect sheet_free_strip(const sheet_layout *l);

/* The same for the strip right of the grid, inside the margin. */
sheet_rect sheet_free_side(const sheet_layout *l);

/* What of a card placed at pos shows on the sheet, in the card's own mm
 * (x, y, w, h): its trim grown by half the gap on every side, so its
 * backgrounds bleed to the middle of each gap (and as far past the grid's
 * edge) and a back shifted by up to that much shows no neighbour's colour
 * and no paper; never into the unprintable margin beyond the trim. */
sheet_rect sheet_bleed_box(const sheet_layout *l, sheet_pos pos);

#endif
