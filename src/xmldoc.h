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
 * validates against schema (RELAX NG text). The first well-formedness error
 * (in plain words, xmldoc_error_words; what follows from it is left out)
 * and every validity error go to d as "filename:line: error: …". Returns the document (xmlFreeDoc
 * it) only when it is well-formed and valid; NULL otherwise. Never prints. */
xmlDoc *xmldoc_parse_valid(const char *buf, size_t len, const char *filename, const char *root,
                           const char *schema, size_t schema_len, diag_list *d);

/* libxml2's well-formedness error e in plain words, for a file whose one
 * root element is <root>: what is wrong and what to do, without libxml2's
 * jargon ("Extra content at the end of the document", "use XML_PARSE_HUGE
 * option", "Opening and ending tag mismatch"). "</wrong> does not close
 * <colours> from line 13 (close every element with its own end tag,
 * innermost first)". Never longer than n - 1 bytes; one line. */
void xmldoc_error_words(const xmlError *e, const char *root, char *buf, size_t n);

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
