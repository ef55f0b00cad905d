/* guide: the facilitator guide (guide.pdf): title page, contents, sections, werkvormen, all questions, record sheet. */
#ifndef KAARTSET_GUIDE_H
#define KAARTSET_GUIDE_H

#include "diag.h"
#include "doc.h"
#include "model.h"
#include "style.h"
#include "text.h"

/* The guide's pages after the title page, laid out: the contents (with the
 * page numbers where the headings landed, the title page being page 1),
 * the guide's sections and subsections, each werkvorm in full on a new
 * page, the overview of all questions by card set, theme and aspect with
 * each card's code, and the session record sheet, its writing lines
 * filling its page. Flow page i is page i + 2 of the PDF. Returns NULL
 * with errors in dg when some text cannot be set; doc_free the result. */
doc *guide_layout(text_ctx *t, const style *s, const model_instrument *m, diag_list *dg);

/* guide.pdf as frames, added to out (a new frame_doc; or one that hands
 * each page on as the next is begun, frame_doc_stream, then flushed here):
 * the title page, then the pages of g (from guide_layout) with running
 * heads, "page X of Y" feet (the label "page"), bookmarks for every
 * section, links and tags. The layouts of g are freed as its pages are
 * framed (doc_forget_framed). */
void guide_frames(frame_doc *out, doc *g, text_ctx *t, const style *s,
                  const model_instrument *m);

#endif
