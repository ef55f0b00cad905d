/* blank: blank question cards, with lines to write on, for questions a partnership makes itself. */
#ifndef KAARTSET_BLANK_H
#define KAARTSET_BLANK_H

#include "card.h"
#include "deck.h"
#include "diag.h"
#include "model.h"
#include "style.h"
#include "text.h"

/* n blank cards of card set cs into out[0 .. n-1]: each a card of the set
 * (in m's arena: code the set's code, theme and aspect a "blank" pair named
 * by the label card.blank) whose face shows the set's name on the band in
 * the set's colour, the label card.blank, writing lines and the footer;
 * all share one back (the set's, without a theme band), returned in *back
 * (frame_free it after the faces). Returns 0, or -1 with an error when the
 * content lacks the label card.blank. */
int blank_faces(text_ctx *t, const style *s, const model_instrument *m, const model_cardset *cs,
                int n, card_face *out, frame **back, diag_list *d);

/* Adds n blank cards per card set to k, each set's after its last card
 * (k owns them and their backs); when all_sets is 0, only to the sets k
 * holds cards of. Returns 0, or -1 with an error when the content lacks
 * the label card.blank. */
int blank_add(deck *k, text_ctx *t, const style *s, const model_instrument *m, int n,
              int all_sets, diag_list *d);

#endif
