/* check: compares a translated edition with its reference and lists what is missing or untranslated. */
#ifndef KAARTSET_CHECK_H
#define KAARTSET_CHECK_H

#include "diag.h"
#include "model.h"

/* Compares translation t with reference r (both loaded and valid):
 * - an error for every theme, aspect, card set, card, werkvorm, guide
 *   section or label of r that t lacks, and for a label whose
 *   {placeholders} differ from r's;
 * - a warning for every id t has and r has not, for prompts, steps and the
 *   like whose number differs, for every text that is the same as in r
 *   (not translated yet), and when both have the same xml:lang.
 * Messages point at t's file and line and name r's. Returns the number of
 * errors added. */
size_t check_translation(const model_instrument *t, const model_instrument *r, diag_list *d);

#endif
