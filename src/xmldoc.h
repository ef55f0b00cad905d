/* xmldoc: read an XML file safely (size limit, no network, no entities) and validate it with an embedded RELAX NG schema. */
#ifndef KAARTSET_XMLDOC_H
#define KAARTSET_XMLDOC_H

#include <libxml/tree.h>
#include <stddef.h>

#include "diag.h"

/* The file's bytes (at most max bytes, never decompressed), NUL-terminated,
 * in *buf (free it) and *len. On failure adds "path: error: cannot read:
 * <reason> (<read_hint>)" or "file is larger than N MiB (is this really
 * <what>?)" and returns -1. */
int xmldoc_read_file(const char *path, size_t max, const char *read_hint, const char *what,
                     char **buf, size_t *len, diag_list *d);

/* Parses buf without network access, external entities or DTD loading, then
 * validates against schema (RELAX NG text). Every parser and validity error
 * goes to d as "filename:line: error: …". Returns the document (xmlFreeDoc
 * it) only when it is well-formed and valid; NULL otherwise. Never prints. */
xmlDoc *xmldoc_parse_valid(const char *buf, size_t len, const char *filename,
                           const char *schema, size_t schema_len, diag_list *d);

/* An attribute as a double; -1 and an error at the node when it is absent
 * or not a number (the schema normally rules that out). */
double xmldoc_number(xmlNode *n, const char *attr, const char *filename, diag_list *d);

#endif
