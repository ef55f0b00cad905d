/* frame: building, freeing and dumping frames and frame documents. */
#include "frame.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

frame *frame_new(double w, double h) {
  frame *f = calloc(1, sizeof *f);
  if (!f) abort();
  f->w = w;
  f->h = h;
  f->arena = arena_new();
  return f;
}

void frame_run_free(frame_run *r) {
  if (!r) return;
  pango_glyph_item_free(r->glyphs);
  g_free(r->text);
  free(r);
}

void frame_free(frame *f) {
  if (!f) return;
  for (size_t i = 0; i < f->n; i++) frame_run_free(f->items[i].run);
  free(f->items);
  arena_free(f->arena);
  free(f);
}

/* Pango's glyph strings grow by doubling, and a copy keeps that room; a
 * large deck keeps every run until it is painted (5,400 cards: 11 MB).
 * `space` is Pango's own count of that room (a field it marks private,
 * but whose arrays it grows and frees with g_realloc and g_free). */
void frame_glyphs_fit(PangoGlyphString *g) {
  if (!g || g->num_glyphs <= 0 || g->space <= g->num_glyphs) return;
  g->glyphs = g_renew(PangoGlyphInfo, g->glyphs, g->num_glyphs);
  g->log_clusters = g_renew(gint, g->log_clusters, g->num_glyphs);
  g->space = g->num_glyphs;
}

/* A run's glyphs in no more room than they take. */
static void frame_run_fit(frame_run *r) {
  if (r && r->glyphs) frame_glyphs_fit(r->glyphs->glyphs);
}

frame_item *frame_add(frame *f, const frame_item *item) {
  if (item->kind == FRAME_TEXT) frame_run_fit(item->run);
  if (f->n == f->cap) {
    f->cap = f->cap ? 2 * f->cap : 4; /* a print-shop page places one group */
    f->items = realloc(f->items, f->cap * sizeof *f->items);
    if (!f->items) abort();
  }
  f->items[f->n] = *item;
  return &f->items[f->n++];
}

void frame_trim(frame *f) {
  if (f->cap <= f->n || f->n == 0) return;
  frame_item *items = realloc(f->items, f->n * sizeof *f->items);
  if (!items) return; /* keeps the larger array */
  f->items = items;
  f->cap = f->n;
}

const char *frame_strdup(frame *f, const char *s) { return arena_strdup(f->arena, s); }

/* frame_write and frame_read: fixed-size values as their bytes (the same
 * program on the same machine reads them), strings as a length (-1 for
 * NULL) and their bytes. */
static int frame_put(FILE *out, const void *p, size_t n) { return fwrite(p, 1, n, out) == n ? 0 : -1; }

static int frame_put_str(FILE *out, const char *s) {
  long long n = s ? (long long)strlen(s) : -1;
  return frame_put(out, &n, sizeof n) || (s && frame_put(out, s, (size_t)n)) ? -1 : 0;
}

static int frame_get(FILE *in, void *p, size_t n) { return fread(p, 1, n, in) == n ? 0 : -1; }

/* A string frame_put_str wrote (g_free it), or NULL; *ok = 0 when cut short. */
static char *frame_get_own(FILE *in, int *ok) {
  long long n;
  if (frame_get(in, &n, sizeof n) != 0 || n < -1 || n > (1 << 30)) {
    *ok = 0;
    return NULL;
  }
  if (n < 0) return NULL;
  char *s = g_malloc((gsize)n + 1);
  if (frame_get(in, s, (size_t)n) != 0) *ok = 0;
  s[n] = '\0';
  return s;
}

/* The same in the frame's arena, or like when it is the same string (the
 * frame's file, the words of the item before: one copy each). */
static const char *frame_get_str(FILE *in, frame *f, int *ok, const char *like) {
  char *own = frame_get_own(in, ok);
  const char *s = !own ? NULL : like && strcmp(own, like) == 0 ? like : arena_strdup(f->arena, own);
  g_free(own);
  return s;
}

static int frame_write_run(const frame_run *r, FILE *out) {
  const PangoItem *item = r->glyphs->item;
  const PangoGlyphString *g = r->glyphs->glyphs;
  PangoFontDescription *fd = pango_font_describe_with_absolute_size(item->analysis.font);
  char *font = pango_font_description_to_string(fd);
  pango_font_description_free(fd);
  int rc = frame_put_str(out, font) || frame_put_str(out, r->text) ||
           frame_put_str(out, pango_language_to_string(item->analysis.language));
  g_free(font);
  int head[8] = {item->offset, item->length, item->num_chars, item->analysis.level,
                 item->analysis.gravity, item->analysis.flags, item->analysis.script,
                 g->num_glyphs};
  double sizes[4] = {r->size_pt, r->ascent, r->descent, r->width};
  return rc || frame_put(out, head, sizeof head) || frame_put(out, sizes, sizeof sizes) ||
                 frame_put(out, g->glyphs, (size_t)g->num_glyphs * sizeof *g->glyphs) ||
                 frame_put(out, g->log_clusters, (size_t)g->num_glyphs * sizeof(int))
             ? -1 : 0;
}

/* A run frame_write_run wrote; NULL when cut short. Attributes other
 * than the font's (analysis.extra_attrs) are not kept: nothing that
 * prints a frame reads them. */
static frame_run *frame_read_run(FILE *in, PangoContext *ctx, GHashTable *fonts) {
  int ok = 1;
  char *font = frame_get_own(in, &ok), *text = frame_get_own(in, &ok),
       *lang = frame_get_own(in, &ok);
  int head[8];
  double sizes[4];
  PangoFont *pf = NULL;
  if (ok && font && text && frame_get(in, head, sizeof head) == 0 &&
      frame_get(in, sizes, sizeof sizes) == 0 && head[7] >= 0) {
    pf = g_hash_table_lookup(fonts, font);
    if (!pf) {
      PangoFontDescription *fd = pango_font_description_from_string(font);
      pf = pango_font_map_load_font(pango_context_get_font_map(ctx), ctx, fd);
      pango_font_description_free(fd);
      if (pf) g_hash_table_insert(fonts, g_strdup(font), pf);
    }
  }
  frame_run *r = NULL;
  if (pf) {
    r = calloc(1, sizeof *r);
    if (!r) abort();
    PangoItem *item = pango_item_new();
    item->offset = head[0], item->length = head[1], item->num_chars = head[2];
    item->analysis.level = (guint8)head[3], item->analysis.gravity = (guint8)head[4];
    item->analysis.flags = (guint8)head[5], item->analysis.script = (guint8)head[6];
    item->analysis.font = g_object_ref(pf);
    item->analysis.language = lang ? pango_language_from_string(lang) : NULL;
    PangoGlyphString *g = pango_glyph_string_new();
    pango_glyph_string_set_size(g, head[7]);
    r->glyphs = g_slice_new(PangoGlyphItem);
    *r->glyphs = (PangoGlyphItem){.item = item, .glyphs = g};
    r->text = text;
    text = NULL;
    r->size_pt = sizes[0], r->ascent = sizes[1], r->descent = sizes[2], r->width = sizes[3];
    if (frame_get(in, g->glyphs, (size_t)head[7] * sizeof *g->glyphs) != 0 ||
        frame_get(in, g->log_clusters, (size_t)head[7] * sizeof(int)) != 0) {
      frame_run_free(r);
      r = NULL;
    }
  }
  g_free(font);
  g_free(text);
  g_free(lang);
  return r;
}

int frame_write(const frame *f, FILE *out) {
  if (frame_put(out, f, sizeof *f) || frame_put_str(out, f->label) ||
      frame_put_str(out, f->src.file) || frame_put_str(out, f->src.what))
    return -1;
  for (size_t i = 0; i < f->n; i++) {
    const frame_item *it = &f->items[i];
    if (it->group) return -1;
    if (frame_put(out, it, sizeof *it) || frame_put_str(out, it->src.file) ||
        frame_put_str(out, it->src.what) || frame_put_str(out, it->name) ||
        (it->run && frame_write_run(it->run, out)))
      return -1;
  }
  return 0;
}

frame *frame_read(FILE *in, PangoContext *ctx, GHashTable *fonts) {
  frame head;
  if (frame_get(in, &head, sizeof head) != 0) return NULL;
  frame *f = frame_new(head.w, head.h);
  arena *a = f->arena;
  *f = head;
  f->arena = a, f->back = NULL, f->items = NULL, f->n = f->cap = 0;
  int ok = 1;
  f->label = frame_get_str(in, f, &ok, NULL);
  f->src.file = frame_get_str(in, f, &ok, NULL);
  f->src.what = frame_get_str(in, f, &ok, f->label);
  const char *what = NULL; /* the item before's */
  for (size_t i = 0; ok && i < head.n; i++) {
    frame_item it;
    if (frame_get(in, &it, sizeof it) != 0) {
      ok = 0;
      break;
    }
    int had_run = it.run != NULL;
    it.run = NULL, it.group = NULL;
    it.src.file = frame_get_str(in, f, &ok, f->src.file);
    it.src.what = what = frame_get_str(in, f, &ok, what);
    it.name = frame_get_str(in, f, &ok, NULL);
    if (ok && had_run && !(it.run = frame_read_run(in, ctx, fonts))) ok = 0;
    if (ok) frame_add(f, &it);
  }
  if (!ok) {
    frame_free(f);
    return NULL;
  }
  frame_trim(f);
  return f;
}

int frame_new_block(frame *f) { return ++f->blocks; }

void frame_rect(frame *f, double x, double y, double w, double h, style_rgb c, double stroke) {
  frame_add(f, &(frame_item){.kind = FRAME_RECT, .x = x, .y = y, .w = w, .h = h, .colour = c,
                             .stroke = stroke});
}

frame_item *frame_line(frame *f, double x1, double y1, double x2, double y2, style_rgb c,
                       double width) {
  return frame_add(f, &(frame_item){.kind = FRAME_LINE, .x = x1, .y = y1, .w = x2 - x1, .h = y2 - y1,
                             .colour = c, .stroke = width});
}

void frame_circle(frame *f, double cx, double cy, double r, style_rgb c, double stroke) {
  frame_add(f, &(frame_item){.kind = FRAME_CIRCLE, .x = cx, .y = cy, .w = r, .colour = c,
                             .stroke = stroke});
}

void frame_group(frame *f, const frame *g, double x, double y, int clip) {
  frame_add(f, &(frame_item){.kind = FRAME_GROUP, .x = x, .y = y, .w = g->w, .h = g->h,
                             .group = g, .clip = clip, .clip_box = {0, 0, g->w, g->h}});
}

void frame_group_clipped(frame *f, const frame *g, double x, double y, const double box[4]) {
  frame_add(f, &(frame_item){.kind = FRAME_GROUP, .x = x, .y = y, .w = g->w, .h = g->h,
                             .group = g, .clip = 1,
                             .clip_box = {box[0], box[1], box[2], box[3]}});
}

void frame_link(frame *f, double x, double y, double w, double h, const char *dest) {
  frame_add(f, &(frame_item){.kind = FRAME_LINK, .x = x, .y = y, .w = w, .h = h,
                             .name = frame_strdup(f, dest)});
}

void frame_dest(frame *f, const char *name, double x, double y) {
  frame_add(f, &(frame_item){.kind = FRAME_DEST, .x = x, .y = y, .name = frame_strdup(f, name)});
}

void frame_tag(frame *f, const char *element) {
  frame_add(f, &(frame_item){.kind = FRAME_TAG, .name = frame_strdup(f, element)});
}

void frame_tag_end(frame *f, const char *element) {
  frame_add(f, &(frame_item){.kind = FRAME_TAG_END, .name = frame_strdup(f, element)});
}

PangoFont *frame_run_font(const frame_run *r) { return r->glyphs->item->analysis.font; }

void frame_text_box(const frame_item *it, double box[4]) {
  const frame_run *r = it->run;
  /* The box's corners relative to the origin, turned. */
  double xs[4] = {0, r->width, r->width, 0}, ys[4] = {-r->ascent, -r->ascent, r->descent, r->descent};
  double a = it->angle * G_PI / 180, c = cos(a), s = sin(a);
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
  for (int k = 0; k < 4; k++) {
    double x = it->x + xs[k] * c - ys[k] * s, y = it->y + xs[k] * s + ys[k] * c;
    x0 = fmin(x0, x), x1 = fmax(x1, x), y0 = fmin(y0, y), y1 = fmax(y1, y);
  }
  box[0] = x0, box[1] = y0, box[2] = x1 - x0, box[3] = y1 - y0;
}

/* frame.h; 3 mm to spare for glyphs that reach past their logical box. */
void frame_bounds(const frame *f, double b[4]) {
  double x0 = 0, y0 = 0, x1 = f->w, y1 = f->h;
  for (size_t i = 0; i < f->n; i++) {
    const frame_item *it = &f->items[i];
    double box[4], s = it->stroke;
    switch (it->kind) {
    case FRAME_TEXT: frame_text_box(it, box); break;
    case FRAME_RECT:
      memcpy(box, (double[4]){it->x - s, it->y - s, it->w + 2 * s, it->h + 2 * s}, sizeof box);
      break;
    case FRAME_LINE:
      memcpy(box, (double[4]){fmin(it->x, it->x + it->w) - s, fmin(it->y, it->y + it->h) - s,
                              fabs(it->w) + 2 * s, fabs(it->h) + 2 * s}, sizeof box);
      break;
    case FRAME_CIRCLE:
      memcpy(box, (double[4]){it->x - it->w - s, it->y - it->w - s, 2 * (it->w + s),
                              2 * (it->w + s)}, sizeof box);
      break;
    case FRAME_GROUP: {
      double g[4];
      frame_bounds(it->group, g);
      memcpy(box, (double[4]){it->x + g[0], it->y + g[1], g[2], g[3]}, sizeof box);
      break;
    }
    default: continue;
    }
    x0 = fmin(x0, box[0]), y0 = fmin(y0, box[1]);
    x1 = fmax(x1, box[0] + box[2]), y1 = fmax(y1, box[1] + box[3]);
  }
  memcpy(b, (double[4]){x0 - 3, y0 - 3, x1 - x0 + 6, y1 - y0 + 6}, 4 * sizeof *b);
}

frame_doc *frame_doc_new(void) {
  frame_doc *d = calloc(1, sizeof *d);
  if (!d) abort();
  d->arena = arena_new();
  return d;
}

void frame_doc_free(frame_doc *d) {
  if (!d) return;
  for (size_t i = 0; i < d->n_pages; i++) frame_free(d->pages[i]);
  for (size_t i = 0; i < d->n_kept; i++) frame_free(d->kept[i]);
  free(d->pages);
  free(d->kept);
  free(d->marks);
  arena_free(d->arena);
  free(d);
}

frame *frame_doc_keep(frame_doc *d, frame *f) {
  d->kept = realloc(d->kept, (d->n_kept + 1) * sizeof *d->kept);
  if (!d->kept) abort();
  d->kept[d->n_kept++] = f;
  return f;
}

void frame_doc_stream(frame_doc *d, frame_page_sink sink, void *arg) {
  d->sink = sink;
  d->sink_arg = arg;
}

void frame_doc_flush(frame_doc *d) {
  for (; d->sink && d->handed < d->n_pages; d->handed++) {
    d->sink(d->sink_arg, d, d->handed);
    frame_free(d->pages[d->handed]);
    d->pages[d->handed] = NULL;
  }
}

frame *frame_doc_page(frame_doc *d, double w, double h) {
  frame_doc_flush(d);
  if (d->n_pages == d->cap_pages) {
    d->cap_pages = d->cap_pages ? 2 * d->cap_pages : 16;
    d->pages = realloc(d->pages, d->cap_pages * sizeof *d->pages);
    if (!d->pages) abort();
  }
  return d->pages[d->n_pages++] = frame_new(w, h);
}

int frame_doc_bookmark(frame_doc *d, int parent, const char *title, int page) {
  if (d->n_marks == d->cap_marks) {
    d->cap_marks = d->cap_marks ? 2 * d->cap_marks : 16;
    d->marks = realloc(d->marks, d->cap_marks * sizeof *d->marks);
    if (!d->marks) abort();
  }
  d->marks[d->n_marks++] = (frame_bookmark){arena_strdup(d->arena, title ? title : ""), parent,
                                            page};
  return (int)d->n_marks;
}

/* The dump. */

static void frame_dump_colour(style_rgb c, FILE *out) {
  fprintf(out, " #%02x%02x%02x", (int)lround(c.r * 255), (int)lround(c.g * 255),
          (int)lround(c.b * 255));
}

/* The words of a run, without soft hyphens, at most 40 characters. */
static void frame_dump_words(const char *text, FILE *out) {
  fputc('"', out);
  int chars = 0;
  const char *p = text;
  for (; *p && chars < 40; p = g_utf8_next_char(p)) {
    gunichar ch = g_utf8_get_char(p);
    if (ch == 0x00AD) continue;
    if (ch == '\n') {
      fputs("\\n", out);
      continue;
    }
    fwrite(p, 1, (size_t)(g_utf8_next_char(p) - p), out);
    chars++;
  }
  fputs(*p ? "…\"" : "\"", out);
}

static void frame_dump_font(const frame_run *r, FILE *out) {
  PangoFontDescription *fd = pango_font_describe(frame_run_font(r));
  fprintf(out, " %.2fpt %s%s%s", r->size_pt, pango_font_description_get_family(fd),
          pango_font_description_get_weight(fd) >= PANGO_WEIGHT_BOLD ? " Bold" : "",
          pango_font_description_get_style(fd) != PANGO_STYLE_NORMAL ? " Italic" : "");
  pango_font_description_free(fd);
}

void frame_dump(const frame *f, FILE *out) {
  fprintf(out, "frame %.2f x %.2f", f->w, f->h);
  if (f->bleed > 0) fprintf(out, " bleed %.2f", f->bleed);
  if (f->safe > 0) fprintf(out, " safe %.2f", f->safe);
  if (f->label) fprintf(out, " \"%s\"", f->label);
  if (f->back_of)
    fprintf(out, " back of page %d, turned %s, offset %.2f,%.2f", f->back_of,
            f->turn_vertical ? "top to bottom" : "left to right", f->back_dx, f->back_dy);
  fputc('\n', out);
  for (size_t i = 0; i < f->n; i++) {
    const frame_item *it = &f->items[i];
    switch (it->kind) {
    case FRAME_TEXT:
      fprintf(out, "  text   %7.2f %7.2f", it->x, it->y);
      if (it->angle != 0) fprintf(out, " turned %.0f", it->angle);
      frame_dump_font(it->run, out);
      frame_dump_colour(it->colour, out);
      fprintf(out, " w=%.2f ", it->run->width);
      frame_dump_words(it->run->text, out);
      break;
    case FRAME_RECT:
      fprintf(out, "  rect   %7.2f %7.2f %7.2f %7.2f", it->x, it->y, it->w, it->h);
      frame_dump_colour(it->colour, out);
      if (it->stroke > 0) fprintf(out, " stroke %.2f", it->stroke);
      break;
    case FRAME_LINE:
      fprintf(out, "  line   %7.2f %7.2f -> %7.2f %7.2f", it->x, it->y, it->x + it->w,
              it->y + it->h);
      frame_dump_colour(it->colour, out);
      fprintf(out, " width %.3f%s", it->stroke, it->cut_mark ? " cut" : "");
      break;
    case FRAME_CIRCLE:
      fprintf(out, "  circle %7.2f %7.2f r=%.2f", it->x, it->y, it->w);
      frame_dump_colour(it->colour, out);
      if (it->stroke > 0) fprintf(out, " stroke %.2f", it->stroke);
      break;
    case FRAME_GROUP:
      fprintf(out, "  group  %7.2f %7.2f %7.2f %7.2f%s", it->x, it->y, it->w, it->h,
              it->clip ? " clip" : "");
      if (it->clip && (it->clip_box[0] != 0 || it->clip_box[1] != 0 ||
                       it->clip_box[2] != it->w || it->clip_box[3] != it->h))
        fprintf(out, " %.2f %.2f %.2f %.2f", it->clip_box[0], it->clip_box[1], it->clip_box[2],
                it->clip_box[3]);
      fprintf(out, " \"%s\"", it->group->label ? it->group->label : "");
      break;
    case FRAME_LINK:
      fprintf(out, "  link   %7.2f %7.2f %7.2f %7.2f -> %s", it->x, it->y, it->w, it->h,
              it->name);
      break;
    case FRAME_DEST: fprintf(out, "  dest   %7.2f %7.2f %s", it->x, it->y, it->name); break;
    case FRAME_TAG: fprintf(out, "  <%s>", it->name); break;
    case FRAME_TAG_END: fprintf(out, "  </%s>", it->name); break;
    }
    fputc('\n', out);
  }
}
