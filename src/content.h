/* content: instrument.xml (format 1) to the model, validated against schema/instrument.rng. */
#ifndef KAARTSET_CONTENT_H
#define KAARTSET_CONTENT_H

#include <stddef.h>

#include "diag.h"
#include "model.h"

/* Parses and validates buf (len bytes) as an instrument. filename is used in
 * diagnostics and kept in the model. On any error, every problem found is
 * added to d as "file:line: error: …" and NULL is returned. Never prints.
 * The caller frees the result with model_free. */
model_instrument *content_load(const char *buf, size_t len, const char *filename,
                               diag_list *d);

/* Reads path (at most 16 MiB, not decompressed) and calls content_load.
 * An unreadable file is one error naming it. */
model_instrument *content_load_file(const char *path, diag_list *d);

/* A translation: as content_load, but judged against its reference edition
 * ref (loaded, borrowed): a label, or a <ref> to a card or werkvorm, that
 * only ref has is no error (content_complete fills it in), each card's code
 * is the one its id has in ref (cards ref lacks are numbered after its last),
 * and the steps' minutes are summed only by content_complete. */
model_instrument *content_load_translation(const char *buf, size_t len, const char *filename,
                                           const model_instrument *ref, diag_list *d);
model_instrument *content_load_translation_file(const char *path, const model_instrument *ref,
                                                diag_list *d);

/* Completes translation t (loaded with content_load_translation against r)
 * from r, which must live as long as t (t borrows its texts): themes, aspects, card sets,
 * cards, werkvormen and guide sections in r's order, each missing one, and
 * each missing label, prompt, step, role, material, tip, summary item,
 * paragraph or list, taken from r and listed in t->fallbacks. Then checks
 * that every werkvorm's steps add up to its duration. Returns the number of
 * errors added to d. */
size_t content_complete(model_instrument *t, const model_instrument *r, diag_list *d);

/* The edition at path for a build: when ref_path names another edition, it
 * is loaded as the reference, path is loaded against it and completed
 * (t->reference then owns it). Each text taken from the reference is an
 * error, or with allow_incomplete a warning; NULL on any error. */
model_instrument *content_load_edition(const char *path, const char *ref_path,
                                       int allow_incomplete, diag_list *d);

#endif
