/* card: lay out and draw one card face or back at a given origin. All mm. */
#ifndef KAARTSET_CARD_H
#define KAARTSET_CARD_H

#include <cairo.h>

#include "diag.h"
#include "model.h"
#include "style.h"
#include "text.h"

/* The decisions for one face, made by card_layout_face (a question card)
 * or card_layout_werkvorm (a werkvorm card: its name where a question
 * stands, its summary where the prompts stand) and drawn through card_ink:
 * positions relative to the card's top-left trim corner. */
typedef struct card_face {
  const model_card *card;          /* borrowed; NULL on a werkvorm card */
  const model_werkvorm *werkvorm;  /* borrowed; NULL on a question card */
  int number;                      /* werkvorm cards: 1-based, for the code */
  double question_pt;        /* fitted size of the question (or name) */
  double question_y;         /* top of the question */
  double prompts_y;          /* top of the prompts block (heading first) */
  double footer_y;           /* top of the footer line */
  double text_x, text_w;     /* the safe zone's left edge and width */
} card_face;

/* Fits the card's question between the template's maximum and minimum
 * size, above its prompts, inside the safe zone. Adds an error naming the
 * card (at its line) and returns -1 when it does not fit at the minimum,
 * when a word is wider than the card, or when a character has no glyph. */
int card_layout_face(text_ctx *t, const style *s, const model_instrument *m,
                     const model_card *card, card_face *out, diag_list *d);

/* The same for the card of werkvorm w, the number-th in the deck. */
int card_layout_werkvorm(text_ctx *t, const style *s, const model_instrument *m,
                         const model_werkvorm *w, int number, card_face *out, diag_list *d);

/* The code printed on the card ("P3", "W1") into buf (n bytes). */
void card_face_code(const model_instrument *m, const card_face *face, char *buf, size_t n);

/* A face's or back's layouts, made once and drawn on as many surfaces as
 * needed; free with card_ink_free (accepts NULL). */
typedef struct card_ink card_ink;
card_ink *card_ink_face(text_ctx *t, const style *s, const model_instrument *m,
                        const card_face *face);
card_ink *card_ink_back(text_ctx *t, const style *s, const model_instrument *m,
                        const card_face *face);
void card_ink_free(card_ink *ink);

/* Draws the ink with the card's trim top-left at (x, y); bleed > 0 extends
 * the backgrounds that far past the trim. */
void card_ink_draw(cairo_t *cr, const card_ink *ink, double x, double y, double bleed);

#endif
