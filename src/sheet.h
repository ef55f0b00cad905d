/* sheet: imposition of cards on office paper: slot positions, duplex backs, cut marks. All mm. */
#ifndef KAARTSET_SHEET_H
#define KAARTSET_SHEET_H

#include <cairo.h>

typedef enum { DUPLEX_LONG, DUPLEX_SHORT, DUPLEX_NONE } sheet_duplex;

typedef struct sheet_layout {
  double paper_w, paper_h;    /* the page as printed (landscape already applied) */
  double card_w, card_h, gap;
  int cols, rows;
  double x0, y0;              /* top-left corner of the card in row 0, column 0 */
  double margin;              /* the printer's unprintable margin */
} sheet_layout;

typedef struct sheet_pos {
  double x, y;                /* top-left corner of a card on the page */
} sheet_pos;

/* Fits as many cards of card_w x card_h as possible on paper_w x paper_h
 * inside margin, gap between neighbours, the grid centred on the page.
 * Returns 0, or -1 when not even one card fits. */
int sheet_layout_make(double paper_w, double paper_h, double margin, double card_w,
                      double card_h, double gap, sheet_layout *out);

/* Slots per sheet. */
int sheet_slots(const sheet_layout *l);

/* Where the front of slot i (row-major from the top left) goes. */
sheet_pos sheet_front(const sheet_layout *l, int slot);

/* Where the back of slot i goes on the back page so that, after the flip,
 * it lies exactly behind its front: long edge mirrors the columns, short
 * edge the rows, none prints the back at the front's place (fronts and
 * backs on separate sheets). (dx, dy) shifts every back to correct a
 * printer's duplex offset. */
sheet_pos sheet_back(const sheet_layout *l, int slot, sheet_duplex duplex, double dx,
                     double dy);

/* Cut marks for the grid: a line along every cut line, from just outside
 * the cards (offset) towards the paper edge, mark_len long, never inside
 * the printer margin. Draws with the current source on cr (user units mm). */
void sheet_draw_marks(cairo_t *cr_mm, const sheet_layout *l, double offset, double mark_len,
                      double width_pt);

#endif
