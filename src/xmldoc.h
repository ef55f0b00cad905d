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

/* The values a number attribute may take: min to max inclusive, in unit
 * ("mm", "pt", or "" for a factor or a count); whole: whole numbers only. */
typedef struct xmldoc_range {
  double min, max;
  const char *unit;
  int whole;
} xmldoc_range;

/* Reads attribute attr of n as a plain decimal number (XML Schema decimal:
 * "3", "-0.5", "3.175", surrounding spaces allowed; no exponent, no "nan"
 * or "inf", no comma) within r, and sets *out. Otherwise adds one error at
 * n's line saying what was written and what is allowed, for example
 * "<sizes> attribute 'line-spacing' is 0.0000001, outside the allowed range
 * 0.8 to 3 (use a value in that range)", leaves *out as it was and returns
 * -1. A missing attribute is an error too. Never clamps. */
int xmldoc_number(xmlNode *n, const char *attr, const xmldoc_range *r, const char *filename,
                  diag_list *d, double *out);

#endif
