/* deck: the card deck as frames: faces and backs of every card, office sheets with backs, print-shop pages. */
#ifndef KAARTSET_DECK_H
#define KAARTSET_DECK_H

#include <stddef.h>

#include "card.h"
#include "diag.h"
#include "model.h"
#include "frame.h"
#include "sheet.h"
#include "style.h"
#include "text.h"

typedef struct deck {
  card_face *faces; /* owned: one per card, sets in file order, then one per werkvorm */
  size_t n_faces;
  frame **backs;    /* owned: one per card set (or the werkvorm cards) and theme */
  size_t n_backs;
} deck;

/* Lays out every card's face and every back (a face's frame points to its
 * back). All errors (cards that do not fit, missing glyphs) are added to
 * d; returns -1 when there was any. */
int deck_layout(text_ctx *t, const style *s, const model_instrument *m, deck *out,
                diag_list *d);
void deck_free(deck *k); /* frees the faces and backs, not k; accepts NULL */

typedef struct deck_sheet_options {
  double paper_w, paper_h;
  sheet_duplex duplex;
  double back_dx, back_dy;   /* duplex correction, mm */
  style_marks marks;         /* edge: marks out to the paper edge; corner: short marks */
  int shared_sheets;         /* card sets share sheets: the cards in order, on as few sheets
                                as they fit (a session's few cards); else each set starts one */
} deck_sheet_options;

/* One placed card on a sheet: which face goes in which slot of which page. */
typedef struct deck_slot {
  const card_face *face;
  int sheet;                 /* 0-based sheet (a front page and its back page) */
  int slot;
} deck_slot;

/* Which card goes where: every card set, and the werkvorm cards, start on a new sheet. Returns the
 * number of sheets; slots[i] for face i (slots has k->n_faces entries). */
int deck_plan(const deck *k, const sheet_layout *l, deck_slot *slots);

/* The sheet layout for the paper: portrait or landscape, whichever holds
 * more cards (portrait when equal). -1 with an error when none fits. */
int deck_sheet_layout(const style *s, double paper_w, double paper_h, sheet_layout *out,
                      diag_list *d);

/* The scale bar ("this bar is 50 mm", label sheet.scale): DECK_BAR_MM long,
 * added to page f with its left end at (x, y), turned by angle degrees
 * (0 or -90), about 4.5 mm high with its words. */
enum { DECK_BAR_MM = 50 };
void deck_bar_frame(frame *f, text_ctx *t, const style *s, const model_instrument *m, double x,
                    double y, double angle);

/* The two deck documents as frames, each face and back shared by both:
 * the office sheets (each front page followed by its back page, or all
 * fronts, then all backs, for DUPLEX_NONE; cut marks, a scale bar,
 * bookmarks per card set and theme, page labels) and the print-shop file
 * (one card a page, front then back, the trim plus the template's bleed
 * on every side, backgrounds into the bleed). k must outlive them.
 * Returns 0, or -1 with an error when the paper holds no card. */
int deck_frames(const deck *k, text_ctx *t, const style *s, const model_instrument *m,
                const deck_sheet_options *o, frame_doc **sheets, frame_doc **shop,
                diag_list *d);

#endif
