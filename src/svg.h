/* svg: the SVG painter: frames as SVG markup, every glyph outline defined once for a whole document. */
#ifndef KAARTSET_SVG_H
#define KAARTSET_SVG_H

#include <glib.h>

#include "frame.h"

/* The glyph outlines used so far: each (font face, glyph) once, at 1000
 * units an em, named "<prefix>N". */
typedef struct svg_glyphs svg_glyphs;

svg_glyphs *svg_glyphs_new(const char *prefix);
void svg_glyphs_free(svg_glyphs *g); /* accepts NULL */

/* Appends f as one <svg> element to out: its viewBox in mm (CSS sizes it),
 * attrs (already escaped, may be NULL) in its tag, rectangles, rules and
 * circles as shapes, placed groups as nested <svg> (clipped to their clip
 * box when the item says so), each glyph a <use> of its outline in g. Links,
 * destinations and tags have no SVG form and are left out. Numbers to
 * 0.001 mm. */
void svg_frame(GString *out, const frame *f, svg_glyphs *g, const char *attrs);

/* Appends the outlines of every glyph used so far as a hidden <svg> with
 * their <defs>, for a document that holds the frames' markup. */
void svg_glyphs_defs(GString *out, const svg_glyphs *g);

#endif
