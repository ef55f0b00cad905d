/* text: inline content to Pango layouts (attributes, never markup), hyphenated; fitting into boxes. */
#ifndef KAARTSET_TEXT_H
#define KAARTSET_TEXT_H

#include <pango/pango.h>

#include "diag.h"
#include "fonts.h"
#include "frame.h"
#include "hyphen.h"
#include "model.h"

/* TEXT_JUSTIFY widens the spaces of every line but a paragraph's last to
 * the width; that is done by text_draw (and text_layout_width_mm), so draw
 * justified layouts with text_draw. */
typedef enum { TEXT_LEFT, TEXT_CENTER, TEXT_RIGHT, TEXT_JUSTIFY } text_align;
/* (In a right-to-left edition LEFT and RIGHT are the line's start and end: text_ctx_rtl.) */

typedef struct text_style {
  const char *family;     /* borrowed */
  double size_pt;
  double line_spacing;    /* factor of the font's line height; 0 = 1.0 */
  int bold, italic;
  text_align align;
  int hyphen_word, hyphen_side; /* shortest word broken, letters kept a side (0: the rules') */
  int card;               /* set by the card rules of the language (hyphen_rules), else the text rules */
  int own_dir;            /* in a right-to-left edition: the text's first letter sets its
                             direction (a text printed from a left-to-right reference edition) */
} text_style;

/* What all text layout needs: the font map's context, the hyphenation
 * dictionary and the instrument (refs resolve against it). All borrowed
 * except the PangoContext it makes. h may be NULL (no hyphenation), m may be
 * NULL (refs print their id). Returns NULL when f is NULL. */
typedef struct text_ctx text_ctx;

text_ctx *text_ctx_new(fonts *f, const hyphen_dict *h, const model_instrument *m);
void text_ctx_free(text_ctx *t); /* accepts NULL */

/* True when m's language is written right to left (model_rtl): then every
 * paragraph is right to left (Pango's base direction), TEXT_LEFT means the
 * start of a line (the right) and TEXT_RIGHT its end, and layout code
 * places what stands at the start of a line, a column or a page on the
 * right (text_start_x). */
int text_ctx_rtl(const text_ctx *t);

/* The Pango context every layout of t is made in (borrowed): fonts for
 * frames made elsewhere (frame_read). */
PangoContext *text_ctx_pango(const text_ctx *t);

/* The left edge of a box w wide that lies x from the start (left) side of
 * a span of width `span`, measured from the span's left: x itself left to
 * right, span - x - w right to left. Layout code works out positions as
 * for left-to-right text and places them through this. */
double text_start_x(const text_ctx *t, double x, double w, double span);

/* True when a text at loc is printed from the reference edition (a gap
 * that --allow-incomplete filled) whose direction differs from the
 * edition's: lay it out with own_dir. text_layout_rich does so itself. */
int text_from_reference(const text_ctx *t, model_loc loc);

/* A layout of rich text (runs with em/strong as Pango attributes, refs as
 * the card code or werkvorm name), hyphenated, wrapped at width_mm (<= 0:
 * no wrapping). Text is never parsed as markup. The lines of each
 * paragraph are chosen together (para.h, with the language's rules from
 * hyphen_rules_of) and handed to Pango as forced breaks: a line broken at
 * a soft hyphen ends in U+2010 HYPHEN, and a line ends in '\n' (not part
 * of any run); the breaks are chosen again whenever the size or width
 * changes through this module (text_layout_set_size, text_fit). Lengths of the layout are
 * in points (Pango units); use text_layout_* below for mm. g_object_unref it. */
PangoLayout *text_layout_rich(text_ctx *t, const model_text *txt, const text_style *s,
                              double width_mm);
/* The same for plain text (hyphenated too; no attributes). */
PangoLayout *text_layout_plain(text_ctx *t, const char *utf8, const text_style *s,
                               double width_mm);
/* The same layout for the same words, style and width each time (a card's
 * band, meta line, list heading): made once, kept in t until it is freed.
 * Read it, never set its size or width; g_object_unref it. */
PangoLayout *text_layout_plain_shared(text_ctx *t, const char *utf8, const text_style *s,
                                      double width_mm);

/* The text of a layout as made, before the paragraph builder put its line
 * breaks in (soft hyphens included): for messages. Borrowed, valid while l is. */
const char *text_layout_words(PangoLayout *l);

/* utf8 as the layout sets it, for words printed outside a layout
 * (bookmarks): a straight apostrophe after a letter or digit becomes ’.
 * g_free the result; NULL for NULL. */
char *text_typographic(const char *utf8);

/* Gives back the room l's shaped lines keep beyond their glyphs, for a
 * layout kept long after it is set (a guide's block, until its page is
 * framed). Changes nothing it prints or measures. */
void text_layout_fit(PangoLayout *l);

/* Size of the layout's logical extents, in mm. */
double text_layout_width_mm(PangoLayout *l);
double text_layout_height_mm(PangoLayout *l);

/* Sets the font size of every run of l to size_pt (bold/italic kept). */
void text_layout_set_size(PangoLayout *l, const text_style *s, double size_pt);

/* Adds lines [first, first + count) of l (count < 0: to the end) to f as
 * text runs in colour c, the top of line `first` at (x_mm, y_mm), turned
 * by angle degrees about that point; justified lines are widened first.
 * The runs get a new block number (returned) and src. The layout's glyphs
 * are copied, not shaped again. */
int text_frame(frame *f, PangoLayout *l, int first, int count, double x_mm, double y_mm,
               double angle, style_rgb c, const frame_source *src);

/* Lines of a layout, for page flow: the count, and the top of line i (from
 * the layout's top) and its pitch (to the next line's top; for the last
 * line, to the layout's bottom), in mm. */
int text_layout_line_count(PangoLayout *l);
void text_layout_line_mm(PangoLayout *l, int i, double *top_mm, double *pitch_mm);
/* True when line i of l ends in a hyphen: a break at a soft hyphen or
 * one the paragraph builder chose (U+2010), or a hard hyphen ("-"). */
int text_line_hyphenated(PangoLayout *l, int i);

/* The baseline of line i (the last when i is past it) from the layout's top, mm. */
double text_layout_baseline_mm(PangoLayout *l, int i);

/* A reference in a layout made by text_layout_rich: which card or werkvorm,
 * and the bytes [start, end) of the layout's text that print it. */
typedef struct text_ref {
  model_run_kind kind;   /* RUN_REF_CARD or RUN_REF_WERKVORM */
  const char *id;        /* borrowed from the model_text */
  int start, end;
} text_ref;

/* The references of l in text order (NULL, *n = 0 for none); borrowed, valid while l is. */
const text_ref *text_layout_refs(PangoLayout *l, size_t *n);

/* Rectangles (x, y, w, h in mm from the layout's top-left; four doubles
 * each, at most max) covering the bytes [start, end) of l's text, one per
 * line piece, as drawn. Returns how many were written. */
size_t text_layout_range_rects_mm(PangoLayout *l, int start, int end, double *xywh, size_t max);

/* The first character of l's text that no loaded font has (0 when all
 * are there); *count (count may be NULL) gets the number of missing glyphs,
 * as pango_layout_get_unknown_glyphs_count counts them. */
gunichar text_missing_char(PangoLayout *l, int *count);

/* True when some line of l is wider than its width (an unbreakable word). */
int text_overflows_width(PangoLayout *l);

/* Fitting: the largest size in [min_pt, max_pt] (max_pt itself or min_pt +
 * k * 0.1 pt, binary search) at which l fits in w_mm x h_mm: no line wider
 * than w_mm, total height at most h_mm. l is wrapped at w_mm (its width is
 * set to it). Sets l to that size and returns it; returns 0 (l at min_pt)
 * when it does not fit even at min_pt. */
double text_fit(PangoLayout *l, const text_style *s, double min_pt, double max_pt,
                double w_mm, double h_mm);

#endif
