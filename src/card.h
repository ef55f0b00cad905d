/* card: lay out one card face or back as a frame. All mm. */
#ifndef KAARTSET_CARD_H
#define KAARTSET_CARD_H

#include "diag.h"
#include "frame.h"
#include "model.h"
#include "style.h"
#include "text.h"

/* The decisions for one face, made by card_layout_face (a question card)
 * or card_layout_werkvorm (a werkvorm card: its name where a question
 * stands, its summary where the prompts stand): positions relative to the
 * card's top-left trim corner, and the face as a frame. */
typedef struct card_face {
  const model_card *card;          /* borrowed; NULL on a werkvorm card */
  const model_werkvorm *werkvorm;  /* borrowed; NULL on a question card */
  int number;                      /* werkvorm cards: 1-based, for the code */
  double question_pt;        /* fitted size of the question (or name) */
  double question_y;         /* top of the question */
  double prompts_y;          /* top of the prompts block (heading first) */
  double footer_y;           /* top of the footer line */
  double text_x, text_w;     /* the safe zone's left edge and width */
  frame *front;              /* owned: the face, its backgrounds running s->bleed past the
                                trim (clip it to the trim where there is no bleed) */
} card_face;

/* Frees the face's frame. Accepts NULL. */
void card_face_free(card_face *face);

/* Fits the card's question between the template's maximum and minimum
 * size, above its prompts, inside the safe zone. Adds an error naming the
 * card (at its line) and returns -1 when it does not fit at the minimum,
 * when a word is wider than the card, or when a character has no glyph. */
int card_layout_face(text_ctx *t, const style *s, const model_instrument *m,
                     const model_card *card, card_face *out, diag_list *d);

/* The size the words of a band are set in: the template's band size, or
 * smaller (down to the meta size, in 0.1 pt steps) when they are wider
 * than the card's safe zone at that size. */
double card_band_size(text_ctx *t, const style *s, const char *words);

/* Whether words (a theme's name, the werkvorm cards' label) fit on the
 * band of a card; an error at loc naming `what` when they do not. */
int card_check_band(text_ctx *t, const style *s, const char *words, model_loc loc,
                    const char *what, diag_list *d);

/* The same for the card of werkvorm w, the number-th in the deck. */
int card_layout_werkvorm(text_ctx *t, const style *s, const model_instrument *m,
                         const model_werkvorm *w, int number, card_face *out, diag_list *d);

/* The code printed on the card ("P3", "W1") into buf (n bytes). */
void card_face_code(const model_instrument *m, const card_face *face, char *buf, size_t n);

/* The back of a face's card (its card set's colour, the theme as a band at
 * the foot, a frame, the set's name and the instrument's title), as a
 * frame whose backgrounds run s->bleed past the trim. frame_free it. */
frame *card_back_layout(text_ctx *t, const style *s, const model_instrument *m,
                        const card_face *face);

#endif
