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

#endif
