/* pdfcheck: `kaartset preflight FILE.pdf`: any PDF checked against a print shop's or an office printer's rules. */
#ifndef KAARTSET_PDFCHECK_H
#define KAARTSET_PDFCHECK_H

#include <stdio.h>

#include "diag.h"

typedef enum {
  PDFCHECK_PRINTSHOP, /* PDF/X-1a: boxes with 3 mm bleed, CMYK, ink <= 300 %, text >= 6 pt in K
                         below 12 pt, lines >= 0.2 pt, fonts embedded, no transparency, PDF/X keys */
  PDFCHECK_OFFICE,    /* fonts embedded, text >= 5 pt, lines >= 0.1 pt; RGB is fine */
} pdfcheck_profile;

/* Checks the PDF at path page by page and writes a report to report (NULL:
 * none): one line for the document, one per page ("page 3: ok" or what
 * fails), and a summary. Without a report, every failure is an error in d
 * naming the file and page instead. Returns the number of failures, or -1 (with an I/O error
 * in d) when the file cannot be read as a PDF. */
int pdfcheck_file(const char *path, pdfcheck_profile profile, FILE *report, diag_list *d);

#endif
