/* html: deck.html, the offline screen deck: card faces as inline SVG painted from their frames, questions as text, browse, draw, werkvorm timer. */
#ifndef KAARTSET_HTML_H
#define KAARTSET_HTML_H

#include "deck.h"
#include "diag.h"
#include "model.h"

/* Label keys the screen deck prints besides the cards' own (checked by
 * html_write_deck). */
extern const char *const html_label_keys[];
extern const size_t html_n_label_keys;

/* Writes deck.html to path: one self-contained file (no request leaves it:
 * styles, script, card faces and words all inline) holding every face of k
 * as SVG painted from its frame, each card's question and prompts as text,
 * filters by card set and theme, a full-screen view, a random draw without
 * repeats, the werkvormen's steps with a timer each, keyboard control, and
 * every word from the content's labels. Messages name a staged path by
 * its place in the output folder (output_display_path). Returns 0; 1 with a warning, writing nothing, when a label of
 * html_label_keys is missing; -1 with an error when the file cannot be
 * written. */
int html_write_deck(const deck *k, const model_instrument *m, const char *path,
                    diag_list *d);

#endif
