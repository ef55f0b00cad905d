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

/* The same for the n documents of one run (names[i] for docs[i]); a cause
 * shared by several (a label on every card of both deck files) is
 * reported once. */
size_t preflight_docs(const frame_doc *const *docs, const char *const *names, size_t n,
                      const style *s, diag_list *d);

#endif
