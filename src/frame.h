/* frame: what is printed, as plain data: shaped text runs, boxes, rules, links and tags, placed in mm. */
#ifndef KAARTSET_FRAME_H
#define KAARTSET_FRAME_H

#include <pango/pango.h>
#include <stddef.h>
#include <stdio.h>

#include "arena.h"
#include "style.h"

/* Layout makes frames; preflight reads them; painters walk them and
 * decide nothing. A frame is a card face, a card back or a page: a size
 * and a list of items in drawing order, positions in mm from its top-left
 * corner. A page places shared frames (card faces, backs) as groups. */

typedef enum {
  FRAME_TEXT,     /* one shaped run of text on a baseline */
  FRAME_RECT,     /* a rectangle, filled or stroked */
  FRAME_LINE,     /* a straight rule */
  FRAME_CIRCLE,   /* a circle (a leader dot, a target), filled or stroked */
  FRAME_GROUP,    /* another frame placed here, optionally clipped to its size */
  FRAME_LINK,     /* a link area to a named destination */
  FRAME_DEST,     /* a named destination at (x, y): links land there */
  FRAME_TAG,      /* a structure element opens (H1, P, L, LI, Lbl, LBody, TOC, TOCI) */
  FRAME_TAG_END,  /* and closes */
} frame_kind;

/* Where printed words come from, for messages: a content or template
 * file and line, and what it is ("card 'x': the meta label"). Borrowed
 * strings that live as long as the model. */
typedef struct frame_source {
  const char *file;
  long line;
  const char *what;
} frame_source;

/* One run of glyphs in one font, shaped once by layout: the glyph item is
 * a copy whose item starts at byte 0 of text. */
typedef struct frame_run {
  PangoGlyphItem *glyphs; /* owned */
  char *text;             /* owned: the run's UTF-8 (without the soft hyphens that print nothing) */
  double size_pt;         /* the font's size */
  double ascent, descent; /* logical box above and below the baseline, mm */
  double width;           /* advance, mm */
} frame_run;

typedef struct frame frame;

typedef struct frame_item {
  frame_kind kind;
  double x, y;        /* TEXT: baseline origin; RECT, LINK, GROUP: top-left; LINE: start;
                         CIRCLE: centre; DEST: the point */
  double w, h;        /* RECT, LINK: size; LINE: end - start; CIRCLE: w = radius */
  double angle;       /* TEXT: turned about (x, y) by this many degrees, clockwise */
  style_rgb colour;
  double stroke;      /* RECT, CIRCLE: 0 = filled, else the line width (mm); LINE: its width */
  frame_run *run;     /* TEXT: owned by the frame */
  int block;          /* TEXT: runs of one text block share a number (overlap checks) */
  frame_source src;   /* TEXT: where its words come from */
  const frame *group; /* GROUP: borrowed */
  int cut_mark;       /* LINE: a cut mark (it must show on paper) */
  int clip;           /* GROUP: only what lies inside clip_box shows */
  double clip_box[4]; /* GROUP with clip: x, y, w, h in the group's own mm: its size, or
                         more where its backgrounds may run past the trim (into a gap) */
  const char *name;   /* LINK: destination; DEST: name; TAG, TAG_END: element; in the arena */
} frame_item;

struct frame {
  double w, h;        /* a card's trim; a page's media box */
  double bleed;       /* a page: the trim lies this far inside the media box (TrimBox) */
  double safe;        /* text stays this far inside the trim (0: no such rule) */
  double printable;   /* a page: the printer's unprintable margin from the media box edge */
  const char *label;  /* a page: its label ("3 voorkant"); a card: what it is, for messages */
  frame_source src;   /* a card: where it comes from */
  const frame *back;  /* a card face: the back that must lie behind it */
  int back_of;        /* a back page: 1 + the index of its front page in the document */
  int turn_vertical;  /* a back page: the sheet is turned over top to bottom (else left to right) */
  double back_dx, back_dy; /* a back page: the printer correction applied to every back */
  frame_item *items;  /* owned */
  size_t n, cap;
  int blocks;         /* text blocks numbered so far */
  arena *arena;       /* owned: names and labels */
};

/* A new empty frame of w x h mm. Never NULL. */
frame *frame_new(double w, double h);
void frame_free(frame *f); /* accepts NULL */

/* Appends an item (copied; TEXT takes ownership of its run); returns it. */
frame_item *frame_add(frame *f, const frame_item *item);

/* Gives back the room reserved for items not added (a finished frame of a
 * large deck: thousands of them are kept until painted). */
void frame_trim(frame *f);

void frame_rect(frame *f, double x, double y, double w, double h, style_rgb c, double stroke);
frame_item *frame_line(frame *f, double x1, double y1, double x2, double y2, style_rgb c,
                       double width);
void frame_circle(frame *f, double cx, double cy, double r, style_rgb c, double stroke);
void frame_group(frame *f, const frame *g, double x, double y, int clip);
/* A group clipped to box (x, y, w, h in the group's own mm) instead of its size. */
void frame_group_clipped(frame *f, const frame *g, double x, double y, const double box[4]);
void frame_link(frame *f, double x, double y, double w, double h, const char *dest);
void frame_dest(frame *f, const char *name, double x, double y);
void frame_tag(frame *f, const char *element);
void frame_tag_end(frame *f, const char *element);

/* A new text block number for the runs that text_frame adds next. */
int frame_new_block(frame *f);

/* A copy of s in the frame's arena. */
const char *frame_strdup(frame *f, const char *s);

void frame_run_free(frame_run *r); /* accepts NULL */
/* Gives back the room g keeps beyond its glyphs (Pango grows a glyph
 * string by doubling): for glyphs kept long, in a frame or a layout. */
void frame_glyphs_fit(PangoGlyphString *g);

/* A frame as bytes, for a frame made in another process of the same run
 * (forked after the model was loaded): frame_read in the parent makes
 * the same frame again. Its text runs' fonts go as descriptions and come
 * back as the fonts ctx loads for them (the same font objects a layout
 * there gets); strings are copied, a group or back it points to is not
 * (a card face has none: frame_write returns -1 for a group). Returns 0,
 * or -1 when the frame cannot be written. */
int frame_write(const frame *f, FILE *out);
/* The frame frame_write wrote to in, or NULL when the bytes are cut short.
 * fonts caches the fonts by description (string -> PangoFont, made by the
 * caller with g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
 * g_object_unref)). */
frame *frame_read(FILE *in, PangoContext *ctx, GHashTable *fonts);

/* The font of a run's glyphs, as "Noto Sans Bold" (borrowed from run). */
PangoFont *frame_run_font(const frame_run *r);

/* The logical box of a text item on its frame (x, y, w, h in mm, axis-aligned
 * after its turn). */
void frame_text_box(const frame_item *it, double box[4]);

/* The box (x, y, w, h in mm, f's own coordinates) that holds all f draws:
 * its size, and what its items reach past it (a background into the
 * bleed, a group's own), with room to spare. */
void frame_bounds(const frame *f, double b[4]);

/* A document: pages in order, bookmarks to pages. Owns its pages, not the
 * groups they place. */
typedef struct frame_bookmark {
  const char *title;  /* in the doc's arena */
  int parent;         /* index + 1 of the parent bookmark, 0 = top level */
  int page;           /* 0-based */
} frame_bookmark;

typedef struct frame_doc frame_doc;
/* Takes page index of doc once it is made (frame_doc_stream); the page is
 * freed when this returns. */
typedef void (*frame_page_sink)(void *arg, frame_doc *doc, size_t index);
struct frame_doc {
  frame **pages;      /* owned; NULL for a page handed on (frame_doc_stream) */
  size_t n_pages, cap_pages;
  frame_bookmark *marks; /* owned */
  size_t n_marks, cap_marks;
  int tagged;         /* the pages carry structure tags */
  arena *arena;       /* owned */
  frame **kept;       /* owned: frames made for this document that its pages place */
  size_t n_kept;
  frame_page_sink sink; /* see frame_doc_stream */
  void *sink_arg;
  size_t handed;      /* pages before this one have gone to sink */
};

frame_doc *frame_doc_new(void);
void frame_doc_free(frame_doc *d); /* accepts NULL */

/* Gives d a frame that its pages place as a group and that belongs to no
 * other document (a sheet's cut guides, drawn once and placed at every
 * card): freed with d. Returns f. */
frame *frame_doc_keep(frame_doc *d, frame *f);

/* A new page of w x h mm at the end of the document (owned by it). */
frame *frame_doc_page(frame_doc *d, double w, double h);
/* From now on each page of d is made, handed on and freed before the next:
 * frame_doc_page hands the page before the new one to sink, and
 * frame_doc_flush the last, each page once, in order; then the page is
 * freed and d->pages[i] is NULL. A long document (the guide) is then
 * checked and painted as it is laid out, and never held whole. The pages
 * already made go with the next call. */
void frame_doc_stream(frame_doc *d, frame_page_sink sink, void *arg);
/* Hands every page of d not yet handed on to its sink (none: nothing). */
void frame_doc_flush(frame_doc *d);

/* A bookmark to page (0-based) under parent (0 or a value this returned);
 * returns its id. */
int frame_doc_bookmark(frame_doc *d, int parent, const char *title, int page);

/* Writes the frame as text, one line an item, groups by their label, for
 * golden tests: kind, position and size to 0.01 mm, colour, and for text
 * its size, font and words. */
void frame_dump(const frame *f, FILE *out);

#endif
