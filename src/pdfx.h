/* pdfx: turns Cairo's RGB print-shop PDF into PDF/X-1a:2003 (CMYK, text in K only). */
#ifndef KAARTSET_PDFX_H
#define KAARTSET_PDFX_H

#include <qpdf/qpdf-c.h>

#include "diag.h"
#include "style.h"

/* The PDF/X version the print-shop file claims. */
#define PDFX_VERSION "PDF/X-1a:2003"

/* What pdfx_apply needs: the template, the ICC profile (NULL for none)
 * and the file's path, for messages. */
typedef struct pdfx_job {
  const style *s;
  const char *icc_path;
  const char *path;
} pdfx_job;

/* Turns the document q (Cairo's RGB print-shop PDF, read by libqpdf) into
 * PDF/X-1a:2003 for the printing condition of job->s (or of the ICC
 * profile at job->icc_path):
 * - every colour operator of the page content streams and Form XObjects
 *   (rg, RG, g, G, sc, scn in DeviceRGB) becomes DeviceCMYK: the template's
 *   CMYK value of that colour; a neutral grey the template has no value for
 *   becomes K only; any other colour is converted to the ICC profile with
 *   lcms2 when there is one, else it is an error naming the template line;
 * - text is painted in K only: a text colour with cyan, magenta or yellow in
 *   it prints as 0/0/0/100;
 * - pages lose their transparency group; an OutputIntent (the registered
 *   condition, or the profile embedded), /GTS_PDFXVersion, /Trapped /False
 *   and XMP metadata saying so.
 * The file must then be written as PDF 1.4 without object streams: this is
 * an output_finish (output.h) with pdf14 set. Page boxes stay as
 * output_pdf_close made them. Returns 0, or -1 with an error in d. */
int pdfx_apply(qpdf_data q, void *job, diag_list *d);

#endif
