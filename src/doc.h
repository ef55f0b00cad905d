/* doc: page flow for A4 documents: blocks measured into lines, broken into pages, turned into page frames with structure tags. */
#ifndef KAARTSET_DOC_H
#define KAARTSET_DOC_H

#include <stddef.h>
#include <stdio.h>

#include "arena.h"
#include "diag.h"
#include "frame.h"
#include "model.h"
#include "style.h"
#include "text.h"

typedef enum {
  DOC_H1, DOC_H2, /* headings: never split, kept with what follows */
  DOC_LEAD,       /* a bold line kept with what follows (a theme above its questions) */
  DOC_P,          /* a paragraph */
  DOC_ITEM,       /* a list item: marker in the indent, an optional aside on the right */
  DOC_TOC,        /* a contents entry: text, dot leaders, the page number (aside), a link */
  DOC_FIELD,      /* a form field: its label, then ruled lines to write on */
} doc_kind;

/* One block of the flow. Strings and texts are borrowed: they must live as
 * long as the doc (doc_arena is there for the ones made on the way). */
typedef struct doc_block {
  doc_kind kind;
  const model_text *text;   /* rich text; or, when NULL, */
  const char *plain;        /* plain text */
  const char *marker;       /* ITEM: "•", "3.", "P1" */
  const char *aside;        /* ITEM: on the first line at the right ("5 min", "Visie");
                               TOC: the page number, on the last line */
  int level;                /* ITEM: 1 = a sub-item, indented once more; TOC: 2 = indented */
  int list;                 /* ITEM: consecutive items with the same number form one list */
  int lines;                /* FIELD: lines to write on */
  int break_before;         /* starts a new page */
  int keep;                 /* kept on the page of the next block (headings always are) */
  int span;                 /* not a list or contents entry: across all columns, at the
                               top of a page, before anything in its columns */
  const char *dest;         /* a named destination at the block (links and refs go there) */
  const char *link;         /* TOC: the destination the entry links to */
  const style_rgb *colour;  /* headings, leads, markers: instead of the design's heading colour */
  model_loc loc;            /* where it came from, for errors */
} doc_block;

/* The design of a document: page, type and spacing, all in mm except type sizes in pt. */
typedef struct doc_design {
  double page_w, page_h;
  double top, bottom, left, right;       /* margins; the flow runs between them */
  int columns;                           /* 0 or 1: one; more: filled left to right */
  double column_gap;
  const char *family;                    /* borrowed */
  double body_pt, small_pt, h1_pt, h2_pt;
  double line_spacing;                   /* factor of the font's line height */
  double para_space;                     /* between paragraphs, before and after a list */
  double item_space;                     /* between list items and contents entries */
  double h1_space, h2_space;             /* above headings (and leads, fields: h2_space) */
  double heading_after;                  /* below a heading or lead */
  double indent;                         /* list text from the marker's left edge (at least) */
  double rule_space;                     /* between the writing lines of a field */
  int justify;                           /* paragraphs and items; headings are ragged */
  style_rgb text, muted, heading;
} doc_design;

/* The guide's design from the template's <document>. */
doc_design doc_design_from_style(const style *s);

/* One placed piece: lines [first, first + count) of a block on a page. A
 * block that is not split is one piece holding all its lines. */
typedef struct doc_piece {
  size_t block;
  int first, count, lines;  /* lines: the block's line count */
  int page;                 /* 0-based page of the flow */
  int column;               /* 0-based column on the page */
  double y, h;              /* top on the page and height, mm */
} doc_piece;

typedef struct doc doc;

/* An empty document on the text context t (borrowed); the design is copied. */
doc *doc_new(text_ctx *t, const doc_design *design);
void doc_free(doc *d); /* accepts NULL */

/* The design a doc was made with (borrowed). */
const doc_design *doc_get_design(const doc *d);

/* An arena freed with the doc, for texts and strings the blocks point to. */
arena *doc_arena(doc *d);

/* Appends a copy of b; returns its index. */
size_t doc_add(doc *d, const doc_block *b);
/* Inserts a copy of b before block `at` (at most doc_count), moving the
 * blocks from there one on; returns at. */
size_t doc_insert(doc *d, size_t at, const doc_block *b);
size_t doc_count(const doc *d);
/* The block at i, to change before the next doc_flow (a page number in a
 * contents entry, the lines of a field); the next flow measures it (and its
 * list) again, the other blocks keep their measures. Borrowed. Only to
 * read: doc_block_get. */
doc_block *doc_block_at(doc *d, size_t i);
const doc_block *doc_block_get(const doc *d, size_t i);

/* Measures every block and breaks the flow into pages (into columns, when
 * the design has them, then pages): a block starts on a new page when
 * break_before says so, and in the next column when what must stay
 * together does not fit; a heading (and any block marked keep) stays in
 * the column of at least the first two lines of what follows; a paragraph
 * or item is split only between lines, leaving at least two in each column
 * (so one of three lines or fewer never is). May be called again after
 * changes. Missing glyphs and words wider than the column are errors
 * naming the block's place; returns -1 then, 0 otherwise. */
int doc_flow(doc *d, diag_list *dg);

/* Flows as doc_flow does, but only as far as the first `pages` pages:
 * blocks are measured as the flow reaches them, and it stops at the first
 * that would go on a later page, so a flow that runs over costs only what
 * stands before that point. Returns 1 when the whole flow fits in those
 * pages (the plan is then the one doc_flow makes), 0 when it stopped (the
 * plan is unfinished: flow again or free the doc), -1 when a block it
 * measured has an error (reported in dg, as doc_flow does). */
int doc_flow_within(doc *d, int pages, diag_list *dg);

/* Fills the last page with writing lines: the form fields fields[i]
 * (DOC_FIELD blocks) that stand on it get extra lines, each its share by
 * weights[i] (0: none), the page's spare height divided by the design's
 * rule space; then flows again, and takes lines back off the fullest
 * fields while the flow runs onto another page. Call after doc_flow.
 * Returns doc_flow's status. */
int doc_fill_fields(doc *d, const size_t *fields, const int *weights, size_t n, diag_list *dg);

/* The plan made by doc_flow: pages and pieces in reading order (borrowed). */
int doc_pages(const doc *d);
const doc_piece *doc_pieces(const doc *d, size_t *n);
/* The 0-based page where block i starts; -1 before doc_flow. */
int doc_page_of(const doc *d, size_t i);
/* The lowest bottom of a piece on `page` (in any column), mm (the top margin when empty). */
double doc_page_end(const doc *d, int page);
/* The share (0 to 1) of the text of all blocks, by bytes, that the pieces
 * of the plan hold (a split block in proportion to its lines): after a
 * doc_flow_within that stopped, how much of the flow the pages took. */
double doc_placed_share(const doc *d);

/* Writes the plan as text, one line a piece under a line per page: kind, y
 * and height in mm, lines for paragraphs and items, marker, aside, and the
 * start of the piece's first line. Stable, for golden tests. */
void doc_plan_dump(const doc *d, FILE *out);

/* Adds the pieces of one page to f (the page's frame) with structure
 * tags (H1, H2, H3 for leads, P, L/LI/Lbl/LBody, TOC/TOCI), destinations,
 * contents links and links for references to cards and werkvormen whose
 * destination (doc_ref_dest) is in this document. Tags open and close on
 * the page, so running heads added outside stay out of the structure. */
void doc_page_frame(const doc *d, frame *f, int page);

/* Frees the layouts of the blocks whose last piece lies on a page before
 * page, once those pages are framed: a large document (the guide of a
 * 5,400-card deck) need not hold every layout and every frame at once. A
 * later doc_flow measures them again. */
void doc_forget_framed(doc *d, int page);

/* Adds the running head (left and right, small and muted, above a hairline
 * in the top margin; in a right-to-left document head_left stands on the
 * right) and the foot (centred in the bottom margin) of a page to f, both
 * kept inside f->printable; any text may be NULL. Untagged: they are not the document's
 * content. src says where their words come from. */
void doc_margins_frame(const doc *d, frame *f, const char *head_left, const char *head_right,
                       const char *foot, const frame_source *src);

/* Declares a destination drawn elsewhere in the same PDF (another doc's
 * page), so references to it become links too. name is borrowed; the
 * next doc_flow forgets it. */
void doc_add_dest(doc *d, const char *name);

/* The destination name a reference to a card or werkvorm links to:
 * "card-ID", "werkvorm-ID"; writes at most n bytes to buf. */
void doc_ref_dest(char *buf, size_t n, model_run_kind kind, const char *id);

#endif
