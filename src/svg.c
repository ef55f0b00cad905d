/* svg: walks frames into SVG markup; glyph outlines come from Cairo once each and are reused by <use>. */
#include "svg.h"

#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define SVG_MM_PER_PT (25.4 / 72.0)
#define SVG_EM 1000.0 /* outline units an em */

struct svg_glyphs {
  char *prefix;
  GHashTable *ids;  /* (face, glyph) key -> id + 1 */
  GString *defs;    /* the <path> of each */
  unsigned n;
  cairo_surface_t *scratch; /* for cairo_glyph_path */
  cairo_t *cr;
};

/* A key for one glyph of one font face. */
typedef struct svg_key {
  const void *face;
  unsigned glyph;
} svg_key;

static guint svg_key_hash(gconstpointer k) {
  const svg_key *a = k;
  return g_direct_hash(a->face) ^ (a->glyph * 2654435761u);
}
static gboolean svg_key_equal(gconstpointer x, gconstpointer y) {
  const svg_key *a = x, *b = y;
  return a->face == b->face && a->glyph == b->glyph;
}

svg_glyphs *svg_glyphs_new(const char *prefix) {
  svg_glyphs *g = g_new0(svg_glyphs, 1);
  g->prefix = g_strdup(prefix);
  g->ids = g_hash_table_new_full(svg_key_hash, svg_key_equal, g_free, NULL);
  g->defs = g_string_new(NULL);
  g->scratch = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
  g->cr = cairo_create(g->scratch);
  return g;
}

void svg_glyphs_free(svg_glyphs *g) {
  if (!g) return;
  cairo_destroy(g->cr);
  cairo_surface_destroy(g->scratch);
  g_string_free(g->defs, TRUE);
  g_hash_table_destroy(g->ids);
  g_free(g->prefix);
  g_free(g);
}

/* A number to 0.001 without trailing zeros: "12.5", "-0.333", "7". */
static void svg_num(GString *out, double v) {
  char buf[40];
  long long m = llround(v * 1000);
  if (m == 0) {
    g_string_append_c(out, '0');
    return;
  }
  snprintf(buf, sizeof buf, "%s%lld", m < 0 ? "-" : "", llabs(m) / 1000);
  g_string_append(out, buf);
  long long frac = llabs(m) % 1000;
  if (frac) {
    snprintf(buf, sizeof buf, ".%03lld", frac);
    size_t n = strlen(buf);
    while (buf[n - 1] == '0') buf[--n] = '\0';
    g_string_append(out, buf);
  }
}

static void svg_colour(GString *out, const char *attr, style_rgb c) {
  g_string_append_printf(out, " %s=\"#%02x%02x%02x\"", attr, (int)lround(c.r * 255),
                         (int)lround(c.g * 255), (int)lround(c.b * 255));
}

/* The outline of glyph in face, at SVG_EM units an em, y down. */
static void svg_glyph_path(svg_glyphs *g, cairo_font_face_t *face, const cairo_font_options_t *o,
                           unsigned glyph) {
  cairo_matrix_t fm, ctm;
  cairo_matrix_init_scale(&fm, SVG_EM, SVG_EM);
  cairo_matrix_init_identity(&ctm);
  cairo_scaled_font_t *sf = cairo_scaled_font_create(face, &fm, &ctm, o);
  cairo_new_path(g->cr);
  cairo_set_scaled_font(g->cr, sf);
  cairo_glyph_t one = {.index = glyph, .x = 0, .y = 0};
  cairo_glyph_path(g->cr, &one, 1);
  cairo_path_t *path = cairo_copy_path(g->cr);
  g_string_append_printf(g->defs, "<path id=\"%s%u\" d=\"", g->prefix, g->n);
  for (int i = 0; path->status == CAIRO_STATUS_SUCCESS && i < path->num_data;
       i += path->data[i].header.length) {
    const cairo_path_data_t *p = &path->data[i];
    static const char op[] = {[CAIRO_PATH_MOVE_TO] = 'M', [CAIRO_PATH_LINE_TO] = 'L',
                              [CAIRO_PATH_CURVE_TO] = 'C', [CAIRO_PATH_CLOSE_PATH] = 'Z'};
    g_string_append_c(g->defs, op[p->header.type]);
    for (int k = 1; k < p->header.length; k++) {
      if (k > 1) g_string_append_c(g->defs, ' ');
      g_string_append_printf(g->defs, "%ld %ld", lround(p[k].point.x), lround(p[k].point.y));
    }
  }
  g_string_append(g->defs, "\"/>");
  cairo_path_destroy(path);
  cairo_new_path(g->cr);
  cairo_scaled_font_destroy(sf);
}

/* The id number of a glyph's outline, defined when first used. */
static unsigned svg_glyph_id(svg_glyphs *g, cairo_scaled_font_t *sf, unsigned glyph) {
  cairo_font_face_t *face = cairo_scaled_font_get_font_face(sf);
  svg_key key = {face, glyph};
  gpointer id = g_hash_table_lookup(g->ids, &key);
  if (id) return GPOINTER_TO_UINT(id) - 1;
  cairo_font_options_t *o = cairo_font_options_create();
  cairo_scaled_font_get_font_options(sf, o);
  svg_glyph_path(g, face, o, glyph);
  cairo_font_options_destroy(o);
  g_hash_table_insert(g->ids, g_memdup2(&key, sizeof key), GUINT_TO_POINTER(g->n + 1));
  return g->n++;
}

/* A run of glyphs: one group placed at its baseline origin, turned, and
 * scaled from outline units to mm; each glyph a <use> at its position. */
static void svg_text(GString *out, const frame_item *it, svg_glyphs *g) {
  PangoFont *font = frame_run_font(it->run);
  cairo_scaled_font_t *sf = font ? pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font)) : NULL;
  if (!sf) return;
  cairo_matrix_t fm;
  cairo_scaled_font_get_font_matrix(sf, &fm); /* points */
  double size = fm.yy > 0 ? fm.yy : it->run->size_pt;
  double scale = size * SVG_MM_PER_PT / SVG_EM;
  g_string_append(out, "<g transform=\"translate(");
  svg_num(out, it->x);
  g_string_append_c(out, ' ');
  svg_num(out, it->y);
  g_string_append_c(out, ')');
  if (it->angle != 0) {
    g_string_append(out, " rotate(");
    svg_num(out, it->angle);
    g_string_append_c(out, ')');
  }
  /* A slanted or otherwise non-square font matrix keeps its shape. */
  g_string_append_printf(out, " matrix(%.6g %.6g %.6g %.6g 0 0)\"", fm.xx / size * scale,
                         fm.yx / size * scale, fm.xy / size * scale, scale);
  svg_colour(out, "fill", it->colour);
  g_string_append_c(out, '>');
  const PangoGlyphString *gs = it->run->glyphs->glyphs;
  double x = 0; /* pt along the baseline */
  for (int i = 0; i < gs->num_glyphs; i++) {
    const PangoGlyphInfo *gi = &gs->glyphs[i];
    if (gi->glyph != PANGO_GLYPH_EMPTY && !(gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG)) {
      unsigned id = svg_glyph_id(g, sf, gi->glyph);
      double gx = (x + (double)gi->geometry.x_offset / PANGO_SCALE) / size * SVG_EM;
      double gy = (double)gi->geometry.y_offset / PANGO_SCALE / size * SVG_EM;
      g_string_append_printf(out, "<use href=\"#%s%u\" x=\"%ld\"", g->prefix, id, lround(gx));
      if (lround(gy) != 0) g_string_append_printf(out, " y=\"%ld\"", lround(gy));
      g_string_append(out, "/>");
    }
    x += (double)gi->geometry.width / PANGO_SCALE;
  }
  g_string_append(out, "</g>");
}

/* ` name="v"` */
static void svg_attr(GString *out, const char *name, double v) {
  g_string_append_printf(out, " %s=\"", name);
  svg_num(out, v);
  g_string_append_c(out, '"');
}

/* Fill, or stroke of the item's width. */
static void svg_paint(GString *out, const frame_item *it) {
  if (it->stroke > 0) {
    g_string_append(out, " fill=\"none\"");
    svg_colour(out, "stroke", it->colour);
    svg_attr(out, "stroke-width", it->stroke);
  } else {
    svg_colour(out, "fill", it->colour);
  }
}

static void svg_items(GString *out, const frame *f, svg_glyphs *g);

/* A nested <svg> at (x, y) of w x h: it clips to that size. */
static void svg_box(GString *out, double x, double y, double w, double h) {
  g_string_append(out, "<svg");
  svg_attr(out, "x", x);
  svg_attr(out, "y", y);
  svg_attr(out, "width", w);
  svg_attr(out, "height", h);
}

static void svg_item(GString *out, const frame_item *it, svg_glyphs *g) {
  switch (it->kind) {
  case FRAME_TEXT: svg_text(out, it, g); break;
  case FRAME_RECT:
    g_string_append(out, "<rect");
    svg_attr(out, "x", it->x);
    svg_attr(out, "y", it->y);
    svg_attr(out, "width", it->w);
    svg_attr(out, "height", it->h);
    svg_paint(out, it);
    g_string_append(out, "/>");
    break;
  case FRAME_LINE:
    g_string_append(out, "<path d=\"M");
    svg_num(out, it->x);
    g_string_append_c(out, ' ');
    svg_num(out, it->y);
    g_string_append(out, "l");
    svg_num(out, it->w);
    g_string_append_c(out, ' ');
    svg_num(out, it->h);
    g_string_append(out, "\" fill=\"none\"");
    svg_colour(out, "stroke", it->colour);
    svg_attr(out, "stroke-width", it->stroke);
    g_string_append(out, "/>");
    break;
  case FRAME_CIRCLE:
    g_string_append(out, "<circle");
    svg_attr(out, "cx", it->x);
    svg_attr(out, "cy", it->y);
    svg_attr(out, "r", it->w);
    svg_paint(out, it);
    g_string_append(out, "/>");
    break;
  case FRAME_GROUP:
    if (it->clip && (it->clip_box[0] != 0 || it->clip_box[1] != 0 ||
                     it->clip_box[2] != it->group->w || it->clip_box[3] != it->group->h)) {
      /* Clipped to a box other than its size: a nested <svg> of that box
       * whose viewBox keeps the group's own coordinates. */
      const double *b = it->clip_box;
      svg_box(out, it->x + b[0], it->y + b[1], b[2], b[3]);
      g_string_append(out, " viewBox=\"");
      for (int k = 0; k < 4; k++) {
        if (k) g_string_append_c(out, ' ');
        svg_num(out, b[k]);
      }
      g_string_append(out, "\">");
    } else {
      /* A group that must not be clipped shows what lies outside it. */
      svg_box(out, it->x, it->y, it->group->w, it->group->h);
      g_string_append(out, it->clip ? ">" : " overflow=\"visible\">");
    }
    svg_items(out, it->group, g);
    g_string_append(out, "</svg>");
    break;
  case FRAME_LINK:
  case FRAME_DEST:
  case FRAME_TAG:
  case FRAME_TAG_END: break;
  }
}

static void svg_items(GString *out, const frame *f, svg_glyphs *g) {
  for (size_t i = 0; i < f->n; i++) svg_item(out, &f->items[i], g);
}

void svg_frame(GString *out, const frame *f, svg_glyphs *g, const char *attrs) {
  g_string_append(out, "<svg");
  if (attrs && *attrs) {
    g_string_append_c(out, ' ');
    g_string_append(out, attrs);
  }
  g_string_append(out, " viewBox=\"0 0 ");
  svg_num(out, f->w);
  g_string_append_c(out, ' ');
  svg_num(out, f->h);
  g_string_append(out, "\">");
  svg_items(out, f, g);
  g_string_append(out, "</svg>");
}

void svg_glyphs_defs(GString *out, const svg_glyphs *g) {
  g_string_append(out, "<svg width=\"0\" height=\"0\" style=\"position:absolute\" "
                       "aria-hidden=\"true\"><defs>");
  g_string_append_len(out, g->defs->str, (gssize)g->defs->len);
  g_string_append(out, "</defs></svg>\n");
}
