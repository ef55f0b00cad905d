/* preflight: checks over the frames of a run before any file is written. */
#ifndef KAARTSET_PREFLIGHT_H
#define KAARTSET_PREFLIGHT_H

#include "diag.h"
#include "frame.h"
#include "style.h"

/* Checks what every page of doc (named `name` in messages, "cards.pdf")
 * will print, groups included:
 * - every glyph of every text run is in a font (no box on paper);
 * - no text is smaller than the template's minimum size;
 * - no two text blocks of one frame overlap; text stays inside a card's
 *   safe zone and inside a page's printable area;
 * - every back page, turned over as its sheet is (top to bottom or left to
 *   right), puts behind each card face exactly that face's back, and the
 *   printer correction keeps every back inside the printable area (else a
 *   usage error naming the offsets allowed);
 * - every cut mark shows SHEET_MARK_MIN_VISIBLE mm inside the printable
 *   area, or lies in a gap between cards.
 * Each failure is an error naming the content or template file and line
 * (or the file and page), what is wrong and what to do; one error per
 * cause, however many cards share it. Returns the number of errors. */
size_t preflight_doc(const frame_doc *doc, const char *name, const style *s, diag_list *d);

/* The same checks a page at a time, for a document checked as it is made
 * and freed page by page (frame_doc_stream: the guide):
 *   preflight *p = preflight_begin(s, d);
 *   preflight_doc_begin(p, doc, "guide.pdf");
 *   ... preflight_page(p, i) for each page i of doc, while doc holds it ...
 *   preflight_doc_end(p);
 *   size_t errors = preflight_end(p);
 * A back page needs its front page still in doc; the groups a page places
 * must live until preflight_end (they are checked once, by address).
 * preflight_page and preflight_doc_end return the errors so far. */
typedef struct preflight preflight;
preflight *preflight_begin(const style *s, diag_list *d);
void preflight_doc_begin(preflight *p, const frame_doc *doc, const char *name);
size_t preflight_page(preflight *p, size_t index);
size_t preflight_doc_end(preflight *p);
/* The errors of the whole run; frees p (accepts NULL). */
size_t preflight_end(preflight *p);
/* The same for the n documents of one run (names[i] for docs[i]); a cause
 * shared by several (a label on every card of both deck files) is
 * reported once. */
size_t preflight_docs(const frame_doc *const *docs, const char *const *names, size_t n,
                      const style *s, diag_list *d);

#endif
