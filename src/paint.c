/* paint: the PDF painter: walks frame documents onto a Cairo PDF surface. */
#include "paint.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#define PAINT_PT_PER_MM (72.0 / 25.4)

static void paint_rgb(cairo_t *cr, style_rgb c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

static void paint_text(cairo_t *cr, const frame_item *it) {
  cairo_save(cr);
  cairo_translate(cr, it->x, it->y);
  if (it->angle != 0) cairo_rotate(cr, it->angle * G_PI / 180);
  cairo_scale(cr, 1 / PAINT_PT_PER_MM, 1 / PAINT_PT_PER_MM);
  cairo_move_to(cr, 0, 0);
  paint_rgb(cr, it->colour);
  pango_cairo_show_glyph_item(cr, it->run->text, it->run->glyphs);
  cairo_new_path(cr);
  cairo_restore(cr);
}

/* Where (x, y) of the current user space is on the page, in points (Cairo
 * 1.16 takes link areas and destinations in page points). */
static void paint_page_pt(cairo_t *cr, double *x, double *y) { cairo_user_to_device(cr, x, y); }

/* A frame that a document places on many pages (a card back: on every
 * back page) is recorded once and placed as a pattern: Cairo writes it
 * once, as a Form XObject, and each page that shows it only refers to it.
 * On fewer pages it is cheaper inline: a page's content is compressed
 * whole, and a back repeated on one page costs little more than once. */
enum { PAINT_FORM_PAGES = 3 };

typedef struct paint_forms {
  GHashTable *uses;     /* frame -> on how many pages the document places it */
  GHashTable *recorded; /* frame -> its recording surface, made when first placed */
} paint_forms;

static void paint_items(cairo_t *cr, const frame *f, paint_forms *forms);
static size_t paint_lines(cairo_t *cr, const frame_item *it, size_t n);

/* The current path filled, or stroked when the item has a line width. */
static void paint_path(cairo_t *cr, const frame_item *it) {
  paint_rgb(cr, it->colour);
  if (it->stroke > 0) {
    cairo_set_line_width(cr, it->stroke);
    cairo_stroke(cr);
  } else {
    cairo_fill(cr);
  }
}

/* Places group g at the current origin: recorded once when the document
 * places it on PAINT_FORM_PAGES pages or more, else painted item by item. */
static void paint_group(cairo_t *cr, const frame *g, paint_forms *forms) {
  if (!forms || GPOINTER_TO_INT(g_hash_table_lookup(forms->uses, g)) < PAINT_FORM_PAGES) {
    paint_items(cr, g, forms);
    return;
  }
  cairo_surface_t *rec = g_hash_table_lookup(forms->recorded, g);
  if (!rec) {
    /* In points, as the page is: the form's text and lines are the ones
     * the page would have had. Bounded: Cairo 1.16 leaks the snapshot it
     * takes of an unbounded recording surface painted on a PDF page. */
    double b[4];
    frame_bounds(g, b);
    cairo_rectangle_t ext = {b[0] * PAINT_PT_PER_MM, b[1] * PAINT_PT_PER_MM,
                             b[2] * PAINT_PT_PER_MM, b[3] * PAINT_PT_PER_MM};
    rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
    cairo_t *rc = cairo_create(rec);
    cairo_scale(rc, PAINT_PT_PER_MM, PAINT_PT_PER_MM);
    paint_items(rc, g, NULL);
    cairo_destroy(rc);
    g_hash_table_insert(forms->recorded, (gpointer)g, rec);
  }
  cairo_save(cr);
  cairo_scale(cr, 1 / PAINT_PT_PER_MM, 1 / PAINT_PT_PER_MM);
  cairo_set_source_surface(cr, rec, 0, 0);
  cairo_paint(cr);
  cairo_restore(cr);
}

static void paint_item(cairo_t *cr, const frame_item *it, paint_forms *forms) {
  switch (it->kind) {
  case FRAME_TEXT: paint_text(cr, it); break;
  case FRAME_RECT:
    cairo_rectangle(cr, it->x, it->y, it->w, it->h);
    paint_path(cr, it);
    break;
  case FRAME_LINE: paint_lines(cr, it, 1); break;
  case FRAME_CIRCLE:
    cairo_new_sub_path(cr);
    cairo_arc(cr, it->x, it->y, it->w, 0, 2 * G_PI);
    paint_path(cr, it);
    break;
  case FRAME_GROUP:
    cairo_save(cr);
    cairo_translate(cr, it->x, it->y);
    if (it->clip) {
      cairo_rectangle(cr, it->clip_box[0], it->clip_box[1], it->clip_box[2], it->clip_box[3]);
      cairo_clip(cr);
    }
    paint_group(cr, it->group, forms);
    cairo_restore(cr);
    break;
  case FRAME_LINK: {
    double x = it->x, y = it->y, x2 = it->x + it->w, y2 = it->y + it->h;
    paint_page_pt(cr, &x, &y);
    paint_page_pt(cr, &x2, &y2);
    char *attr = g_strdup_printf("dest='%s' rect=[%.2f %.2f %.2f %.2f]", it->name, x, y, x2 - x,
                                 y2 - y);
    cairo_tag_begin(cr, CAIRO_TAG_LINK, attr);
    cairo_tag_end(cr, CAIRO_TAG_LINK);
    g_free(attr);
    break;
  }
  case FRAME_DEST: {
    double x = it->x, y = it->y;
    paint_page_pt(cr, &x, &y);
    char *attr = g_strdup_printf("name='%s' x=%.2f y=%.2f", it->name, x, y);
    cairo_tag_begin(cr, CAIRO_TAG_DEST, attr);
    cairo_tag_end(cr, CAIRO_TAG_DEST);
    g_free(attr);
    break;
  }
  case FRAME_TAG: cairo_tag_begin(cr, it->name, ""); break;
  case FRAME_TAG_END: cairo_tag_end(cr, it->name); break;
  }
}

static int paint_same_line_style(const frame_item *a, const frame_item *b) {
  return b->kind == FRAME_LINE && a->stroke == b->stroke && a->colour.r == b->colour.r &&
         a->colour.g == b->colour.g && a->colour.b == b->colour.b;
}

/* The line it and those after it (at most n in all) in its colour and
 * width, as one stroke of separate pieces, each with its own ends: the
 * same marks as a stroke each (cut marks, a card's outline, a scale's
 * ticks), in one PDF operator instead of six a line. Returns how many. */
static size_t paint_lines(cairo_t *cr, const frame_item *it, size_t n) {
  paint_rgb(cr, it->colour);
  cairo_set_line_width(cr, it->stroke);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
  size_t k = 0;
  for (; k < n && paint_same_line_style(it, &it[k]); k++) {
    cairo_move_to(cr, it[k].x, it[k].y);
    cairo_line_to(cr, it[k].x + it[k].w, it[k].y + it[k].h);
  }
  cairo_stroke(cr);
  return k;
}

static void paint_items(cairo_t *cr, const frame *f, paint_forms *forms) {
  for (size_t i = 0; i < f->n;) {
    if (f->items[i].kind == FRAME_LINE)
      i += paint_lines(cr, &f->items[i], f->n - i);
    else
      paint_item(cr, &f->items[i++], forms);
  }
}

void paint_frame(cairo_t *cr, const frame *f) {
  cairo_save(cr);
  paint_items(cr, f, NULL);
  cairo_restore(cr);
}

struct paint_pdf_pages {
  output_pdf pdf;
  paint_forms forms;
  double w, h;     /* the current page size */
  double bleed;    /* the first page's */
  size_t n;        /* pages painted */
  int stopped;     /* Cairo failed: nothing more is drawn */
};

paint_pdf_pages *paint_pdf_begin(double w, double h, const char *path, const output_meta *meta,
                                 diag_list *d) {
  paint_pdf_pages *p = g_new0(paint_pdf_pages, 1);
  if (output_pdf_open(&p->pdf, path, w, h, meta, d) != 0) {
    g_free(p);
    return NULL;
  }
  p->forms = (paint_forms){g_hash_table_new(NULL, NULL),
                           g_hash_table_new_full(NULL, NULL, NULL,
                                                 (GDestroyNotify)cairo_surface_destroy)};
  p->w = w, p->h = h;
  return p;
}

/* Counts, for each group doc places, the pages it is on (paint_group). */
static void paint_count_uses(paint_pdf_pages *p, const frame_doc *doc) {
  GHashTable *on_page = g_hash_table_new(NULL, NULL);
  for (size_t k = 0; k < doc->n_pages; k++) {
    g_hash_table_remove_all(on_page);
    for (size_t i = 0; i < doc->pages[k]->n; i++) {
      const frame *g = doc->pages[k]->items[i].group;
      if (doc->pages[k]->items[i].kind != FRAME_GROUP || !g || !g_hash_table_add(on_page, (gpointer)g))
        continue;
      g_hash_table_insert(p->forms.uses, (gpointer)g,
                          GINT_TO_POINTER(GPOINTER_TO_INT(g_hash_table_lookup(p->forms.uses, g)) + 1));
    }
  }
  g_hash_table_destroy(on_page);
}

void paint_pdf_page(paint_pdf_pages *p, const frame *page) {
  if (p->n++ == 0) p->bleed = page->bleed;
  if (p->stopped) return;
  if (page->w != p->w || page->h != p->h) {
    p->w = page->w, p->h = page->h;
    cairo_pdf_surface_set_size(p->pdf.surface, p->w * PAINT_PT_PER_MM, p->h * PAINT_PT_PER_MM);
  }
  cairo_t *cr = p->pdf.cr;
  cairo_save(cr);
  paint_items(cr, page, &p->forms);
  cairo_restore(cr);
  /* After an error the rest draws nothing (paint_pdf_end reports it);
   * and Cairo 1.16 leaks a page label set on a page it then cannot show. */
  if (cairo_status(cr) != CAIRO_STATUS_SUCCESS ||
      cairo_surface_status(p->pdf.surface) != CAIRO_STATUS_SUCCESS) {
    p->stopped = 1;
    return;
  }
  if (page->label) cairo_pdf_surface_set_page_label(p->pdf.surface, page->label);
  cairo_show_page(cr);
}

void paint_pdf_bookmarks(paint_pdf_pages *p, const frame_doc *doc) {
  /* Bookmark ids are given in order, so a parent's Cairo id is known. */
  int *ids = g_new0(int, doc->n_marks + 1);
  for (size_t i = 0; i < doc->n_marks; i++) {
    const frame_bookmark *b = &doc->marks[i];
    ids[i + 1] = output_pdf_bookmark(&p->pdf, b->parent ? ids[b->parent] : 0, b->title,
                                     b->page + 1);
  }
  g_free(ids);
}

paint_pdf_pages *paint_pdf_frames(const frame_doc *doc, const char *path,
                                  const output_meta *meta, diag_list *d) {
  double w = doc->n_pages ? doc->pages[0]->w : 210, h = doc->n_pages ? doc->pages[0]->h : 297;
  paint_pdf_pages *p = paint_pdf_begin(w, h, path, meta, d);
  if (!p) return NULL;
  paint_count_uses(p, doc);
  for (size_t k = 0; k < doc->n_pages; k++) paint_pdf_page(p, doc->pages[k]);
  paint_pdf_bookmarks(p, doc);
  return p;
}

double paint_pdf_bleed(const paint_pdf_pages *p) { return p->bleed; }

static void paint_pdf_forms_free(paint_pdf_pages *p) {
  g_hash_table_destroy(p->forms.recorded);
  g_hash_table_destroy(p->forms.uses);
}

int paint_pdf_end(paint_pdf_pages *p, const char *path, const char *raw,
                  const output_meta *meta, diag_list *d) {
  int rc = raw ? output_pdf_close_raw(&p->pdf, raw, path, d)
               : output_pdf_close(&p->pdf, path, meta, p->bleed, d);
  paint_pdf_forms_free(p);
  g_free(p);
  return rc;
}

void paint_pdf_discard(paint_pdf_pages *p) {
  if (!p) return;
  output_pdf_discard(&p->pdf);
  paint_pdf_forms_free(p);
  g_free(p);
}

int paint_pdf(const frame_doc *doc, const char *path, const output_meta *meta, diag_list *d) {
  paint_pdf_pages *p = paint_pdf_frames(doc, path, meta, d);
  return p ? paint_pdf_end(p, path, NULL, meta, d) : -1;
}
