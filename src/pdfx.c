/* pdfx: the print-shop file as PDF/X-1a:2003, by rewriting Cairo's output with libqpdf. */
#include "pdfx.h"

#include "output.h"

#include <errno.h>
#include <glib.h>
#include <lcms2.h>
#include <math.h>
#include <qpdf/qpdf-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "pdfops.h"

/* The registered printing conditions a template can name (ICC registry,
 * www.color.org): identifier and description for the OutputIntent. */
static const struct {
  const char *id, *info;
} pdfx_conditions[] = {
  [STYLE_FOGRA39] = {"FOGRA39", "Coated FOGRA39 (ISO 12647-2:2004)"},
  [STYLE_FOGRA47] = {"FOGRA47", "PSO Uncoated ISO12647 (FOGRA47)"},
  [STYLE_GRACOL] = {"CGATS TR 006", "GRACoL 2006 Coated #1 (CGATS TR 006)"},
};

enum { PDFX_MAX_DEPTH = 64 };

typedef struct pdfx_fill {
  style_cmyk area, text; /* the fill colour for paths, and for text (K only) */
} pdfx_fill;

typedef struct pdfx_ctx {
  const style *s;
  cmsHTRANSFORM to_cmyk;  /* sRGB to the --icc profile, or NULL */
  const char *path;
  diag_list *d;
  int failed;
  /* one content stream being rewritten */
  const unsigned char *src;
  GString *out;
  size_t copied;
  pdfx_fill fill, stack[PDFX_MAX_DEPTH];
  int depth, in_text;
  int fill_rgb, stroke_rgb; /* the fill or stroke colour space is DeviceRGB */
  /* the path being built, for the rich black (pdfx_rich_black) */
  double ctm[6], ctm_stack[PDFX_MAX_DEPTH][6];
  double box[4];            /* its bounding box on the page, in points */
  int in_path;
  size_t path_start;
} pdfx_ctx;

static void pdfx_error(pdfx_ctx *x, const char *file, long line, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);
static void pdfx_error(pdfx_ctx *x, const char *file, long line, const char *fmt, ...) {
  if (x->failed++) return; /* one message: the first cause */
  va_list ap;
  va_start(ap, fmt);
  char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  diag_error(x->d, file, line, "%s", msg);
  g_free(msg);
}

static int pdfx_byte(double v) { return (int)lround(fmin(fmax(v, 0), 1) * 255); }

/* The CMYK value of an sRGB colour of the print-shop file. */
static style_cmyk pdfx_cmyk_of(pdfx_ctx *x, double r, double g, double b) {
  int rb = pdfx_byte(r), gb = pdfx_byte(g), bb = pdfx_byte(b);
  const style_ink *lacking = NULL;
  for (size_t i = 0; i < x->s->n_inks; i++) {
    const style_ink *ink = &x->s->inks[i];
    if (pdfx_byte(ink->rgb.r) != rb || pdfx_byte(ink->rgb.g) != gb || pdfx_byte(ink->rgb.b) != bb)
      continue;
    if (ink->has_cmyk) return ink->cmyk;
    lacking = ink;
  }
  /* A neutral grey prints as black ink alone: no colour cast, no rich black. */
  if (rb == gb && gb == bb) return (style_cmyk){0, 0, 0, 1 - rb / 255.0};
  if (x->to_cmyk) {
    double rgb[3] = {r, g, b}, out[4];
    cmsDoTransform(x->to_cmyk, rgb, out, 1);
    return (style_cmyk){out[0] / 100, out[1] / 100, out[2] / 100, out[3] / 100};
  }
  if (lacking)
    pdfx_error(x, x->s->file, lacking->line, "colour '%s' (#%02x%02x%02x) has no CMYK value for "
               "the print-shop file (add cmyk=\"c,m,y,k\" in percent next to it, or build with "
               "--icc PROFILE to convert it)", lacking->what, rb, gb, bb);
  else
    pdfx_error(x, x->path, 0, "the print-shop file has a colour, #%02x%02x%02x, that is not in "
               "the template %s, so it has no CMYK value (give it one there)", rb, gb, bb,
               x->s->file);
  return (style_cmyk){0, 0, 0, 1};
}

/* Text in K only: a colour with cyan, magenta or yellow becomes solid black. */
static style_cmyk pdfx_text_of(style_cmyk c) {
  if (c.c == 0 && c.m == 0 && c.y == 0) return c;
  return (style_cmyk){0, 0, 0, 1};
}

static int pdfx_same(style_cmyk a, style_cmyk b) {
  return a.c == b.c && a.m == b.m && a.y == b.y && a.k == b.k;
}

static void pdfx_put_cmyk(GString *o, style_cmyk c, const char *op) {
  g_string_append_printf(o, "%.4g %.4g %.4g %.4g %s", c.c, c.m, c.y, c.k, op);
}

/* Replaces the bytes of the current operator (start to end) with what
 * the caller appends after this. */
static GString *pdfx_replace(pdfx_ctx *x, size_t start, size_t end) {
  g_string_append_len(x->out, (const char *)x->src + x->copied, (gssize)(start - x->copied));
  x->copied = end;
  return x->out;
}

static int pdfx_numbers(const pdfops_operand *a, int n, int want, double *v) {
  if (n < want) return -1;
  for (int i = 0; i < want; i++) {
    if (a[n - want + i].kind != PDFOPS_NUMBER) return -1;
    v[i] = a[n - want + i].number;
  }
  return 0;
}

/* The CMYK value of a colour operator's operands (gray, RGB or CMYK by
 * their count), or -1 when they are not numbers. */
static int pdfx_colour(pdfx_ctx *x, const pdfops_operand *a, int n, int count, style_cmyk *c) {
  double v[4];
  if (pdfx_numbers(a, n, count, v) != 0) return -1;
  if (count == 1) *c = pdfx_cmyk_of(x, v[0], v[0], v[0]);
  else if (count == 3) *c = pdfx_cmyk_of(x, v[0], v[1], v[2]);
  else *c = (style_cmyk){v[0], v[1], v[2], v[3]};
  return 0;
}

/* A point of the path being built, taken to the page. */
static void pdfx_path_point(pdfx_ctx *x, double px, double py) {
  const double *m = x->ctm;
  double u = m[0] * px + m[2] * py + m[4], v = m[1] * px + m[3] * py + m[5];
  x->box[0] = fmin(x->box[0], u), x->box[1] = fmin(x->box[1], v);
  x->box[2] = fmax(x->box[2], u), x->box[3] = fmax(x->box[3], v);
}

/* The template's rich black for large areas: a path filled in solid black
 * (0/0/0/100) whose box on the page is at least rich_black_min mm both ways
 * is filled in the rich black instead, inside q … Q; text and smaller
 * shapes keep black ink alone. Tracks the CTM (cm, q, Q) and the path; a
 * Form XObject's content is measured at its own scale. */
static void pdfx_rich_black(pdfx_ctx *x, const char *op, size_t oplen, const pdfops_operand *a,
                            int n, size_t start, size_t end) {
#define IS(name) pdfops_is(op, oplen, name)
  double v[6];
  if (IS("q") && x->depth < PDFX_MAX_DEPTH) {
    memcpy(x->ctm_stack[x->depth], x->ctm, sizeof x->ctm);
  } else if (IS("Q") && x->depth > 0) {
    memcpy(x->ctm, x->ctm_stack[x->depth - 1], sizeof x->ctm);
  } else if (IS("cm") && pdfx_numbers(a, n, 6, v) == 0) {
    const double *c = x->ctm;
    double m[6] = {v[0] * c[0] + v[1] * c[2], v[0] * c[1] + v[1] * c[3],
                   v[2] * c[0] + v[3] * c[2], v[2] * c[1] + v[3] * c[3],
                   v[4] * c[0] + v[5] * c[2] + c[4], v[4] * c[1] + v[5] * c[3] + c[5]};
    memcpy(x->ctm, m, sizeof m);
  } else if (IS("m") || IS("l") || IS("c") || IS("v") || IS("y") || IS("re")) {
    int count = IS("c") ? 6 : IS("v") || IS("y") || IS("re") ? 4 : 2;
    if (pdfx_numbers(a, n, count, v) != 0) return;
    if (!x->in_path) {
      x->in_path = 1;
      x->path_start = start;
      x->box[0] = x->box[1] = INFINITY, x->box[2] = x->box[3] = -INFINITY;
    }
    if (IS("re")) {
      pdfx_path_point(x, v[0], v[1]);
      pdfx_path_point(x, v[0] + v[2], v[1]);
      pdfx_path_point(x, v[0], v[1] + v[3]);
      pdfx_path_point(x, v[0] + v[2], v[1] + v[3]);
    } else {
      for (int i = 0; i < count; i += 2) pdfx_path_point(x, v[i], v[i + 1]);
    }
  } else if (IS("f") || IS("F") || IS("f*") || IS("B") || IS("B*") || IS("b") || IS("b*") ||
             IS("S") || IS("s") || IS("n")) {
    double least = x->s->rich_black_min * 72 / 25.4 - 1e-6;
    if (x->in_path && x->s->has_rich_black && !IS("S") && !IS("s") && !IS("n") &&
        !x->in_text && pdfx_same(x->fill.area, (style_cmyk){0, 0, 0, 1}) &&
        x->path_start >= x->copied && x->box[2] - x->box[0] >= least &&
        x->box[3] - x->box[1] >= least) {
      GString *o = pdfx_replace(x, x->path_start, x->path_start);
      g_string_append(o, "q ");
      pdfx_put_cmyk(o, x->s->rich_black, "k ");
      g_string_append(pdfx_replace(x, end, end), " Q");
    }
    x->in_path = 0;
  }
#undef IS
}

static int pdfx_op(void *ctx, const char *op, size_t oplen, const pdfops_operand *a, int n,
                   size_t start, size_t end) {
  pdfx_ctx *x = ctx;
  pdfx_rich_black(x, op, oplen, a, n, start, end);
#define IS(name) pdfops_is(op, oplen, name)
  int fill = IS("rg") || IS("g") || IS("k") || ((IS("sc") || IS("scn")) && x->fill_rgb);
  int stroke = IS("RG") || IS("G") || IS("K") || ((IS("SC") || IS("SCN")) && x->stroke_rgb);
  if (fill || stroke) {
    int count = IS("g") || IS("G") ? 1 : IS("k") || IS("K") ? 4 : 3;
    style_cmyk c;
    if (pdfx_colour(x, a, n, count, &c) != 0) {
      pdfx_error(x, x->path, 0, "a colour operator '%.*s' without its numbers", (int)oplen, op);
      return 1;
    }
    if (fill) {
      x->fill = (pdfx_fill){c, pdfx_text_of(c)};
      pdfx_put_cmyk(pdfx_replace(x, start, end), x->in_text ? x->fill.text : c, "k");
    } else {
      pdfx_put_cmyk(pdfx_replace(x, start, end), c, "K");
    }
  } else if (IS("cs") || IS("CS")) {
    const pdfops_operand *cs = n ? &a[n - 1] : NULL;
    int *rgb = IS("cs") ? &x->fill_rgb : &x->stroke_rgb;
    *rgb = 0;
    if (cs && cs->kind == PDFOPS_NAME && pdfops_is(cs->text, cs->len, "DeviceRGB")) {
      *rgb = 1;
      g_string_append_printf(pdfx_replace(x, start, end), "/DeviceCMYK %.*s", (int)oplen, op);
    } else if (!cs || cs->kind != PDFOPS_NAME || !(pdfops_is(cs->text, cs->len, "DeviceCMYK") ||
                                                   pdfops_is(cs->text, cs->len, "DeviceGray"))) {
      pdfx_error(x, x->path, 0, "the print-shop file uses colour space %.*s, which cannot be "
                 "converted to CMYK (only plain colours can)", cs ? (int)cs->len : 0,
                 cs ? cs->text : "");
      return 1;
    }
  } else if (IS("BT")) {
    x->in_text = 1;
    if (!pdfx_same(x->fill.area, x->fill.text)) {
      GString *o = pdfx_replace(x, start, end);
      g_string_append(o, "BT ");
      pdfx_put_cmyk(o, x->fill.text, "k");
    }
  } else if (IS("ET")) {
    x->in_text = 0;
    if (!pdfx_same(x->fill.area, x->fill.text)) {
      GString *o = pdfx_replace(x, start, end);
      g_string_append(o, "ET ");
      pdfx_put_cmyk(o, x->fill.area, "k");
    }
  } else if (IS("q")) {
    if (x->depth == PDFX_MAX_DEPTH) {
      pdfx_error(x, x->path, 0, "graphics states nested deeper than %d", PDFX_MAX_DEPTH);
      return 1;
    }
    x->stack[x->depth++] = x->fill;
  } else if (IS("Q")) {
    if (x->depth > 0) x->fill = x->stack[--x->depth];
  } else if (IS("sh") || IS("BI")) {
    pdfx_error(x, x->path, 0, "the print-shop file has a %s, which is not converted to CMYK",
               IS("sh") ? "shading" : "inline image");
    return 1;
  }
#undef IS
  return 0;
}

/* The content of one page or Form XObject in CMYK. */
static int pdfx_rewrite_stream(pdfx_ctx *x, qpdf_data q, qpdf_oh stream, const unsigned char *buf,
                               size_t len) {
  x->src = buf;
  x->out = g_string_sized_new(len + 256);
  x->copied = 0;
  x->fill = (pdfx_fill){{0, 0, 0, 1}, {0, 0, 0, 1}}; /* the initial fill: black */
  x->depth = x->in_text = x->fill_rgb = x->stroke_rgb = x->in_path = 0;
  memcpy(x->ctm, (double[6]){1, 0, 0, 1, 0, 0}, sizeof x->ctm);
  int rc = pdfops_walk(buf, len, pdfx_op, x);
  if (rc < 0) pdfx_error(x, x->path, 0, "a content stream cannot be read");
  if (rc == 0) {
    g_string_append_len(x->out, (const char *)buf + x->copied, (gssize)(len - x->copied));
    /* Held compressed until the file is written (libqpdf recompresses it
     * the same way): every page's content uncompressed at once was most of
     * the memory of a large deck. */
    uLongf zlen = compressBound(x->out->len);
    unsigned char *z = g_malloc(zlen);
    if (compress2(z, &zlen, (const unsigned char *)x->out->str, x->out->len,
                  Z_DEFAULT_COMPRESSION) == Z_OK)
      qpdf_oh_replace_stream_data(q, stream, z, zlen, qpdf_oh_new_name(q, "/FlateDecode"),
                                  qpdf_oh_new_null(q));
    else
      qpdf_oh_replace_stream_data(q, stream, (const unsigned char *)x->out->str, x->out->len,
                                  qpdf_oh_new_null(q), qpdf_oh_new_null(q));
    g_free(z);
  }
  g_string_free(x->out, TRUE);
  return rc ? -1 : 0;
}

static int pdfx_forms(pdfx_ctx *x, qpdf_data q, qpdf_oh resources, GHashTable *done, int depth);

/* Page groups and Form XObjects: no transparency group, content in CMYK. */
static int pdfx_form(pdfx_ctx *x, qpdf_data q, qpdf_oh form, GHashTable *done, int depth) {
  int id = qpdf_oh_get_object_id(q, form);
  if (id && g_hash_table_contains(done, GINT_TO_POINTER(id))) return 0;
  if (id) g_hash_table_add(done, GINT_TO_POINTER(id));
  qpdf_oh dict = qpdf_oh_get_dict(q, form);
  if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, dict, "/Subtype"), "/Image")) {
    qpdf_oh cs = qpdf_oh_get_key(q, dict, "/ColorSpace");
    if (!qpdf_oh_is_name_and_equals(q, cs, "/DeviceCMYK") &&
        !qpdf_oh_is_name_and_equals(q, cs, "/DeviceGray") &&
        !qpdf_oh_is_bool(q, qpdf_oh_get_key(q, dict, "/ImageMask"))) {
      pdfx_error(x, x->path, 0, "the print-shop file has an image in RGB, which is not "
                 "converted to CMYK");
      return -1;
    }
    return 0;
  }
  qpdf_oh_remove_key(q, dict, "/Group");
  unsigned char *buf = NULL;
  size_t len = 0;
  if (qpdf_oh_get_stream_data(q, form, qpdf_dl_generalized, NULL, &buf, &len) & QPDF_ERRORS) {
    pdfx_error(x, x->path, 0, "a form in the file cannot be read");
    return -1;
  }
  int rc = pdfx_rewrite_stream(x, q, form, buf, len);
  free(buf);
  if (rc == 0) rc = pdfx_forms(x, q, qpdf_oh_get_key(q, dict, "/Resources"), done, depth + 1);
  return rc;
}

static int pdfx_forms(pdfx_ctx *x, qpdf_data q, qpdf_oh resources, GHashTable *done, int depth) {
  if (depth > 8) return 0;
  qpdf_oh xobjects = qpdf_oh_get_key(q, resources, "/XObject");
  if (!qpdf_oh_is_dictionary(q, xobjects)) return 0;
  qpdf_oh_begin_dict_key_iter(q, xobjects);
  int n = 0;
  char *keys[256];
  while (qpdf_oh_dict_more_keys(q) && n < 256) keys[n++] = g_strdup(qpdf_oh_dict_next_key(q));
  int rc = 0;
  for (int i = 0; i < n; i++) {
    qpdf_oh xo = qpdf_oh_get_key(q, xobjects, keys[i]);
    if (rc == 0 && qpdf_oh_is_stream(q, xo)) rc = pdfx_form(x, q, xo, done, depth);
    g_free(keys[i]);
  }
  return rc;
}

static int pdfx_pages(pdfx_ctx *x, qpdf_data q) {
  GHashTable *done = g_hash_table_new(NULL, NULL);
  int pages = qpdf_get_num_pages(q), rc = 0;
  for (int i = 0; rc == 0 && i < pages; i++) {
    qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
    qpdf_oh_remove_key(q, page, "/Group");
    unsigned char *buf = NULL;
    size_t len = 0;
    if (qpdf_oh_get_page_content_data(q, page, &buf, &len) & QPDF_ERRORS) {
      pdfx_error(x, x->path, 0, "page %d cannot be read", i + 1);
      rc = -1;
      break;
    }
    /* A page's own content stream (Cairo's: one a page) is rewritten where
     * it is, with no new object for libqpdf to make; contents in parts, or
     * shared, become one new stream. */
    qpdf_oh contents = qpdf_oh_get_key(q, page, "/Contents");
    int id = qpdf_oh_get_object_id(q, contents);
    int own = qpdf_oh_is_stream(q, contents) && id &&
              !g_hash_table_contains(done, GINT_TO_POINTER(id));
    if (own) g_hash_table_add(done, GINT_TO_POINTER(id));
    qpdf_oh stream = own ? contents : qpdf_oh_new_stream(q);
    rc = pdfx_rewrite_stream(x, q, stream, buf, len);
    free(buf);
    if (rc == 0) {
      if (!own) qpdf_oh_replace_key(q, page, "/Contents", qpdf_make_indirect_object(q, stream));
      rc = pdfx_forms(x, q, qpdf_oh_get_key(q, page, "/Resources"), done, 0);
    }
    qpdf_oh_release_all(q);
  }
  g_hash_table_destroy(done);
  return rc;
}

/* "D:20260115000000Z" (Cairo 1.16 leaves out the "D:") as XMP's
 * "2026-01-15T00:00:00Z"; NULL when it has no such date. */
static char *pdfx_xmp_date(const char *pdf_date) {
  if (!pdf_date) return NULL;
  if (strncmp(pdf_date, "D:", 2) == 0) pdf_date += 2;
  if (strlen(pdf_date) < 14 || strspn(pdf_date, "0123456789") < 14) return NULL;
  return g_strdup_printf("%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", pdf_date, pdf_date + 4, pdf_date + 6,
                         pdf_date + 8, pdf_date + 10, pdf_date + 12);
}

/* One Info entry as UTF-8 (owned), or NULL. */
static char *pdfx_info(qpdf_data q, qpdf_oh info, const char *key) {
  qpdf_oh v = qpdf_oh_get_key(q, info, key);
  if (!qpdf_oh_is_string(q, v)) return NULL;
  return g_strdup(qpdf_oh_get_utf8_value(q, v));
}

static void pdfx_xmp_text(GString *x, const char *tag, const char *value, const char *wrap) {
  if (!value) return;
  char *esc = g_markup_escape_text(value, -1);
  if (strcmp(wrap, "alt") == 0)
    g_string_append_printf(x, "   <%s><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li>"
                              "</rdf:Alt></%s>\n", tag, esc, tag);
  else if (strcmp(wrap, "seq") == 0)
    g_string_append_printf(x, "   <%s><rdf:Seq><rdf:li>%s</rdf:li></rdf:Seq></%s>\n", tag, esc,
                           tag);
  else
    g_string_append_printf(x, "   <%s>%s</%s>\n", tag, esc, tag);
  g_free(esc);
}

/* The document information PDF/X asks for, and the same as XMP metadata. */
static void pdfx_metadata(qpdf_data q) {
  qpdf_oh trailer = qpdf_get_trailer(q);
  qpdf_oh info = qpdf_oh_get_key(q, trailer, "/Info");
  if (!qpdf_oh_is_dictionary(q, info)) {
    info = qpdf_make_indirect_object(q, qpdf_oh_new_dictionary(q));
    qpdf_oh_replace_key(q, trailer, "/Info", info);
  }
  char *title = pdfx_info(q, info, "/Title"), *author = pdfx_info(q, info, "/Author");
  char *subject = pdfx_info(q, info, "/Subject"), *keywords = pdfx_info(q, info, "/Keywords");
  char *creator = pdfx_info(q, info, "/Creator"), *producer = pdfx_info(q, info, "/Producer");
  char *created = pdfx_info(q, info, "/CreationDate"), *modified = pdfx_info(q, info, "/ModDate");
  char *xmp_created = pdfx_xmp_date(created), *xmp_modified = pdfx_xmp_date(modified);
  if (!xmp_created) xmp_created = g_strdup("1970-01-01T00:00:00Z");
  if (!xmp_modified) xmp_modified = g_strdup(xmp_created);
  /* Dates in the form PDF/X asks for ("D:" and a time zone), equal to the XMP ones. */
  const char *dates[][2] = {{"/CreationDate", xmp_created}, {"/ModDate", xmp_modified}};
  for (size_t i = 0; i < 2; i++) {
    const char *t = dates[i][1];
    char pdf_date[32];
    snprintf(pdf_date, sizeof pdf_date, "D:%.4s%.2s%.2s%.2s%.2s%.2sZ", t, t + 5, t + 8, t + 11,
             t + 14, t + 17);
    qpdf_oh_replace_key(q, info, dates[i][0], qpdf_oh_new_string(q, pdf_date));
  }
  if (!title) {
    title = g_strdup("cards");
    qpdf_oh_replace_key(q, info, "/Title", qpdf_oh_new_unicode_string(q, title));
  }
  qpdf_oh_replace_key(q, info, "/GTS_PDFXVersion", qpdf_oh_new_string(q, PDFX_VERSION));
  qpdf_oh_replace_key(q, info, "/Trapped", qpdf_oh_new_name(q, "/False"));

  GString *x = g_string_new("<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                            " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                            "  <rdf:Description rdf:about=\"\"\n"
                            "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                            "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                            "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
                            "    xmlns:pdfx=\"http://ns.adobe.com/pdfx/1.3/\"\n"
                            "    xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\">\n"
                            "   <dc:format>application/pdf</dc:format>\n");
  pdfx_xmp_text(x, "dc:title", title, "alt");
  pdfx_xmp_text(x, "dc:creator", author, "seq");
  pdfx_xmp_text(x, "dc:description", subject, "alt");
  pdfx_xmp_text(x, "pdf:Keywords", keywords, "");
  pdfx_xmp_text(x, "pdf:Producer", producer, "");
  pdfx_xmp_text(x, "pdf:Trapped", "False", "");
  pdfx_xmp_text(x, "xmp:CreatorTool", creator, "");
  pdfx_xmp_text(x, "xmp:CreateDate", xmp_created, "");
  pdfx_xmp_text(x, "xmp:ModifyDate", xmp_modified, "");
  pdfx_xmp_text(x, "xmp:MetadataDate", xmp_modified, "");
  pdfx_xmp_text(x, "pdfx:GTS_PDFXVersion", PDFX_VERSION, "");
  pdfx_xmp_text(x, "pdfxid:GTS_PDFXVersion", PDFX_VERSION, "");
  g_string_append(x, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
  qpdf_oh meta = qpdf_oh_new_stream(q);
  qpdf_oh dict = qpdf_oh_get_dict(q, meta);
  qpdf_oh_replace_key(q, dict, "/Type", qpdf_oh_new_name(q, "/Metadata"));
  qpdf_oh_replace_key(q, dict, "/Subtype", qpdf_oh_new_name(q, "/XML"));
  qpdf_oh_replace_stream_data(q, meta, (const unsigned char *)x->str, x->len,
                              qpdf_oh_new_null(q), qpdf_oh_new_null(q));
  qpdf_oh_replace_key(q, qpdf_get_root(q), "/Metadata", qpdf_make_indirect_object(q, meta));
  g_string_free(x, TRUE);
  g_free(title), g_free(author), g_free(subject), g_free(keywords), g_free(creator);
  g_free(producer), g_free(created), g_free(modified), g_free(xmp_created), g_free(xmp_modified);
}

/* The OutputIntent: the template's registered condition, or the user's profile. */
static void pdfx_output_intent(qpdf_data q, const style *s, const char *icc, size_t icc_len,
                               const char *icc_name) {
  qpdf_oh oi = qpdf_oh_new_dictionary(q);
  qpdf_oh_replace_key(q, oi, "/Type", qpdf_oh_new_name(q, "/OutputIntent"));
  qpdf_oh_replace_key(q, oi, "/S", qpdf_oh_new_name(q, "/GTS_PDFX"));
  if (icc) {
    qpdf_oh_replace_key(q, oi, "/OutputConditionIdentifier", qpdf_oh_new_string(q, "Custom"));
    qpdf_oh_replace_key(q, oi, "/OutputCondition", qpdf_oh_new_unicode_string(q, icc_name));
    qpdf_oh_replace_key(q, oi, "/Info", qpdf_oh_new_unicode_string(q, icc_name));
    qpdf_oh profile = qpdf_oh_new_stream(q);
    qpdf_oh_replace_key(q, qpdf_oh_get_dict(q, profile), "/N", qpdf_oh_new_integer(q, 4));
    qpdf_oh_replace_stream_data(q, profile, (const unsigned char *)icc, icc_len,
                                qpdf_oh_new_null(q), qpdf_oh_new_null(q));
    qpdf_oh_replace_key(q, oi, "/DestOutputProfile", qpdf_make_indirect_object(q, profile));
  } else {
    const char *id = pdfx_conditions[s->condition].id, *info = pdfx_conditions[s->condition].info;
    qpdf_oh_replace_key(q, oi, "/OutputConditionIdentifier", qpdf_oh_new_string(q, id));
    qpdf_oh_replace_key(q, oi, "/OutputCondition", qpdf_oh_new_string(q, info));
    qpdf_oh_replace_key(q, oi, "/Info", qpdf_oh_new_string(q, info));
    qpdf_oh_replace_key(q, oi, "/RegistryName", qpdf_oh_new_string(q, "http://www.color.org"));
  }
  qpdf_oh list = qpdf_oh_new_array(q);
  qpdf_oh_append_item(q, list, qpdf_make_indirect_object(q, oi));
  qpdf_oh_replace_key(q, qpdf_get_root(q), "/OutputIntents", list);
}

/* Reads the --icc profile: a CMYK output profile of ICC version 2 (what
 * PDF 1.4 can hold). Sets *data (g_free) and *name; NULL with an error. */
static cmsHPROFILE pdfx_load_icc(const char *icc_path, char **data, size_t *len, char *name,
                                 size_t name_len, diag_list *d) {
  GError *err = NULL;
  if (!g_file_get_contents(icc_path, data, len, &err)) {
    diag_error_of(d, DIAG_IO, icc_path, 0, "cannot read the ICC profile: %s (check the --icc "
                  "path)", err->message);
    g_error_free(err);
    return NULL;
  }
  cmsHPROFILE p = cmsOpenProfileFromMem(*data, (cmsUInt32Number)*len);
  const char *wrong = !p ? "is not an ICC profile"
                      : cmsGetColorSpace(p) != cmsSigCmykData ? "is not a CMYK profile"
                      : cmsGetDeviceClass(p) != cmsSigOutputClass ? "is not an output (printer) profile"
                      : cmsGetEncodedICCversion(p) >= 0x4000000
                          ? "is an ICC version 4 profile, which PDF/X-1a (PDF 1.4) cannot hold"
                          : NULL;
  if (wrong) {
    diag_error_of(d, DIAG_USAGE, icc_path, 0, "--icc: the file %s (give a version 2 CMYK "
                  "printer profile, such as one of the ECI's)", wrong);
    if (p) cmsCloseProfile(p);
    g_free(*data);
    *data = NULL;
    return NULL;
  }
  if (!cmsGetProfileInfoASCII(p, cmsInfoDescription, "en", "US", name, (cmsUInt32Number)name_len))
    snprintf(name, name_len, "%s", icc_path);
  return p;
}

int pdfx_apply(qpdf_data q, void *job, diag_list *d) {
  const pdfx_job *j = job;
  pdfx_ctx x = {.s = j->s, .path = j->path, .d = d};
  char *icc = NULL, icc_name[256] = "";
  size_t icc_len = 0;
  cmsHPROFILE profile = NULL;
  if (j->icc_path) {
    profile = pdfx_load_icc(j->icc_path, &icc, &icc_len, icc_name, sizeof icc_name, d);
    if (!profile) return -1;
    cmsHPROFILE srgb = cmsCreate_sRGBProfile();
    x.to_cmyk = cmsCreateTransform(srgb, TYPE_RGB_DBL, profile, TYPE_CMYK_DBL,
                                   INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_BLACKPOINTCOMPENSATION);
    cmsCloseProfile(srgb);
  }
  int status = -1;
  if (pdfx_pages(&x, q) == 0 && !x.failed) {
    pdfx_output_intent(q, j->s, icc, icc_len, icc_name);
    pdfx_metadata(q);
    status = 0;
  }
  if (status != 0 && !x.failed)
    diag_error_of(d, DIAG_IO, output_display_path(j->path), 0,
                  "cannot make the print-shop file PDF/X: %s",
                  qpdf_has_error(q) ? qpdf_get_error_full_text(q, qpdf_get_error(q)) : "unknown");
  if (x.to_cmyk) cmsDeleteTransform(x.to_cmyk);
  if (profile) cmsCloseProfile(profile);
  g_free(icc);
  return status;
}
