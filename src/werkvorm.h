/* werkvorm: a werkvorm as document blocks, and werkvormen.pdf: one A4 page per werkvorm to lay on the table. */
#ifndef KAARTSET_WERKVORM_H
#define KAARTSET_WERKVORM_H

#include "diag.h"
#include "doc.h"
#include "model.h"
#include "style.h"
#include "text.h"

/* Appends werkvorm w to d: its name (H1, destination "werkvorm-ID",
 * starting a new page when break_before), duration and group size, then
 * purpose, materials, roles, numbered steps with their minutes and tips,
 * each under a heading from the labels. *list numbers the lists (the next
 * free number; advanced). Texts made on the way live in d's arena. */
void werkvorm_add_blocks(doc *d, const model_instrument *m, const model_werkvorm *w,
                         int *list, int break_before);

/* The instruction page of w: the template's <document> page with the
 * table-margin, at the largest body size from table-max down to table-min
 * (in steps of 0.25 pt) at which it, and every other werkvorm of m, fits on
 * one page (all pages share one size); the other sizes and spaces scale
 * with it. Returns the laid-out doc (doc_free it), or NULL
 * with an error naming the werkvorm when it does not fit at table-min. */
doc *werkvorm_layout(text_ctx *t, const style *s, const model_instrument *m,
                     const model_werkvorm *w, diag_list *dg);

/* The size werkvorm_layout chooses for every page of m: each werkvorm's own
 * size, the smallest of them. */
double werkvorm_shared_size(text_ctx *t, const style *s, const model_instrument *m);

/* Every page of m as werkvorm_layout makes it, found with one search of
 * the shared size, pages[i] for the i-th werkvorm (pages has room for
 * m->n_werkvormen):
 * the pages the search laid out at the size it settled on are kept, so
 * a page is laid out again only when a later werkvorm needed a smaller
 * size. Returns 0, or -1 with an error naming each werkvorm that does not
 * fit at table-min (its pages[i] NULL); doc_free each page. */
int werkvorm_layout_all(text_ctx *t, const style *s, const model_instrument *m, doc **pages,
                        diag_list *dg);

/* werkvormen.pdf as frames: pages[i] (from werkvorm_layout_all) for the i-th
 * werkvorm of m, one page each with running head and foot, bookmarked by
 * name. The pages must outlive nothing: the frames own what they print.
 * frame_doc_free the result. */
frame_doc *werkvorm_frames(doc *const *pages, const style *s, const model_instrument *m);

#endif
