/* pdfcheck: a print shop's preflight of any PDF, read with libqpdf, page by page. */
#include "pdfcheck.h"

#include <errno.h>
#include <glib.h>
#include <math.h>
#include <qpdf/qpdf-c.h>
#include <string.h>

#include "jobs.h"
#include "output.h"
#include "pdfops.h"

/* The rules of each profile. */
typedef struct pdfcheck_rules {
  const char *name;
  double min_text_pt, min_line_pt;
  double k_only_below_pt; /* text smaller than this in K only; 0: no rule */
  double max_ink;         /* percent; 0: no rule */
  double min_bleed_mm;    /* 0: no page box rule */
  int cmyk_only, pdfx;
} pdfcheck_rules;

static const pdfcheck_rules pdfcheck_profiles[] = {
  [PDFCHECK_PRINTSHOP] = {"printshop", 6, 0.2, 12, 300, 3, 1, 1},
  [PDFCHECK_OFFICE] = {"office", 5, 0.1, 0, 0, 0, 0, 0},
};

#define PDFCHECK_PT_PER_MM (72.0 / 25.4)
/* Box arithmetic in points rounds: a hundredth of a millimetre is not a fault. */
#define PDFCHECK_MM_SLACK 0.01

enum { PDFCHECK_SPACE_GRAY, PDFCHECK_SPACE_RGB, PDFCHECK_SPACE_CMYK, PDFCHECK_SPACE_OTHER };

typedef struct pdfcheck_gstate {
  double ctm_scale;      /* sqrt |det CTM|: how much a length grows */
  double line_width;
  int fill_space;
  double fill[4];        /* CMYK when fill_space is CMYK */
} pdfcheck_gstate;

typedef struct pdfcheck_page {
  const pdfcheck_rules *r;
  qpdf_data q;
  qpdf_oh resources;
  GPtrArray *faults;     /* distinct messages of this page */
  pdfcheck_gstate g, stack[64];
  int depth;
  double tm_scale, font_size;
  double min_text, max_ink;
  GHashTable *fonts;     /* a font's object number -> its fault, or "" (pdfcheck_fonts) */
} pdfcheck_page;

static void pdfcheck_fault(pdfcheck_page *p, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void pdfcheck_fault(pdfcheck_page *p, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  for (guint i = 0; i < p->faults->len; i++)
    if (strcmp(g_ptr_array_index(p->faults, i), msg) == 0) {
      g_free(msg);
      return;
    }
  g_ptr_array_add(p->faults, msg);
}

static int pdfcheck_nums(const pdfops_operand *a, int n, int want, double *v) {
  if (n < want) return -1;
  for (int i = 0; i < want; i++) {
    if (a[n - want + i].kind != PDFOPS_NUMBER) return -1;
    v[i] = a[n - want + i].number;
  }
  return 0;
}

/* The colour space a cs operand names: a device space, or a resource. */
static int pdfcheck_space(pdfcheck_page *p, const pdfops_operand *a) {
  if (a->kind != PDFOPS_NAME) return PDFCHECK_SPACE_OTHER;
  if (pdfops_is(a->text, a->len, "DeviceRGB") || pdfops_is(a->text, a->len, "CalRGB"))
    return PDFCHECK_SPACE_RGB;
  if (pdfops_is(a->text, a->len, "DeviceCMYK")) return PDFCHECK_SPACE_CMYK;
  if (pdfops_is(a->text, a->len, "DeviceGray")) return PDFCHECK_SPACE_GRAY;
  char key[128];
  snprintf(key, sizeof key, "/%.*s", (int)a->len, a->text);
  qpdf_oh cs = qpdf_oh_get_key(p->q, qpdf_oh_get_key(p->q, p->resources, "/ColorSpace"), key);
  if (!qpdf_oh_is_array(p->q, cs)) return PDFCHECK_SPACE_OTHER;
  qpdf_oh family = qpdf_oh_get_array_item(p->q, cs, 0);
  if (qpdf_oh_is_name_and_equals(p->q, family, "/CalRGB") ||
      qpdf_oh_is_name_and_equals(p->q, family, "/Lab"))
    return PDFCHECK_SPACE_RGB;
  if (qpdf_oh_is_name_and_equals(p->q, family, "/ICCBased")) {
    qpdf_oh stream = qpdf_oh_get_array_item(p->q, cs, 1);
    int n = qpdf_oh_get_int_value_as_int(p->q, qpdf_oh_get_key(p->q, qpdf_oh_get_dict(p->q, stream), "/N"));
    return n == 3 ? PDFCHECK_SPACE_RGB : n == 4 ? PDFCHECK_SPACE_CMYK : PDFCHECK_SPACE_OTHER;
  }
  return PDFCHECK_SPACE_OTHER;
}

static void pdfcheck_ink(pdfcheck_page *p, const double *c) {
  double ink = 100 * (c[0] + c[1] + c[2] + c[3]);
  if (ink > p->max_ink) p->max_ink = ink;
  if (p->r->max_ink > 0 && ink > p->r->max_ink + 0.01)
    pdfcheck_fault(p, "a colour of %.0f %% total ink (at most %.0f %%)", ink, p->r->max_ink);
}

static void pdfcheck_text(pdfcheck_page *p) {
  double size = fabs(p->font_size) * p->tm_scale * p->g.ctm_scale;
  if (size < p->min_text) p->min_text = size;
  if (size < p->r->min_text_pt - 0.005)
    pdfcheck_fault(p, "text at %.2f pt (at least %g pt)", size, p->r->min_text_pt);
  if (p->r->k_only_below_pt > 0 && size < p->r->k_only_below_pt) {
    int k_only = p->g.fill_space == PDFCHECK_SPACE_GRAY ||
                 (p->g.fill_space == PDFCHECK_SPACE_CMYK && p->g.fill[0] == 0 &&
                  p->g.fill[1] == 0 && p->g.fill[2] == 0);
    if (!k_only)
      pdfcheck_fault(p, "text under %g pt in more than black ink (small text in K only)",
                     p->r->k_only_below_pt);
  }
}

static int pdfcheck_op(void *ctx, const char *op, size_t oplen, const pdfops_operand *a, int n,
                       size_t start, size_t end) {
  (void)start, (void)end;
  pdfcheck_page *p = ctx;
  double v[6];
#define IS(name) pdfops_is(op, oplen, name)
  if (IS("q")) {
    if (p->depth < 64) p->stack[p->depth++] = p->g;
  } else if (IS("Q")) {
    if (p->depth > 0) p->g = p->stack[--p->depth];
  } else if (IS("cm") && pdfcheck_nums(a, n, 6, v) == 0) {
    p->g.ctm_scale *= sqrt(fabs(v[0] * v[3] - v[1] * v[2]));
  } else if (IS("w") && pdfcheck_nums(a, n, 1, v) == 0) {
    p->g.line_width = v[0];
  } else if (IS("S") || IS("s") || IS("B") || IS("B*") || IS("b") || IS("b*")) {
    double w = p->g.line_width * p->g.ctm_scale;
    if (w < p->r->min_line_pt - 0.005)
      pdfcheck_fault(p, "a line of %.2f pt (at least %g pt)", w, p->r->min_line_pt);
  } else if (IS("Tf") && pdfcheck_nums(a, n, 1, v) == 0) {
    p->font_size = v[0];
  } else if (IS("Tm") && pdfcheck_nums(a, n, 6, v) == 0) {
    p->tm_scale = sqrt(fabs(v[0] * v[3] - v[1] * v[2]));
  } else if (IS("BT")) {
    p->tm_scale = 1;
  } else if (IS("Tj") || IS("TJ") || IS("'") || IS("\"")) {
    pdfcheck_text(p);
  } else if (IS("rg") || IS("RG") || IS("g") || IS("G") || IS("k") || IS("K")) {
    int fill = op[0] >= 'a';
    int space = op[0] == 'r' || op[0] == 'R' ? PDFCHECK_SPACE_RGB
                : op[0] == 'k' || op[0] == 'K' ? PDFCHECK_SPACE_CMYK : PDFCHECK_SPACE_GRAY;
    if (space == PDFCHECK_SPACE_RGB && p->r->cmyk_only)
      pdfcheck_fault(p, "colour in RGB (%.*s; a print shop wants CMYK)", (int)oplen, op);
    if (space == PDFCHECK_SPACE_CMYK && pdfcheck_nums(a, n, 4, v) == 0) {
      pdfcheck_ink(p, v);
      if (fill) memcpy(p->g.fill, v, sizeof p->g.fill);
    }
    if (fill) p->g.fill_space = space;
  } else if (IS("cs") || IS("CS")) {
    int space = n ? pdfcheck_space(p, &a[n - 1]) : PDFCHECK_SPACE_OTHER;
    if (space == PDFCHECK_SPACE_RGB && p->r->cmyk_only)
      pdfcheck_fault(p, "colour space %.*s (RGB; a print shop wants CMYK)",
                     n ? (int)a[n - 1].len : 0, n ? a[n - 1].text : "");
    if (IS("cs")) p->g.fill_space = space;
  } else if ((IS("sc") || IS("scn")) && p->g.fill_space == PDFCHECK_SPACE_CMYK &&
             pdfcheck_nums(a, n, 4, v) == 0) {
    pdfcheck_ink(p, v);
    memcpy(p->g.fill, v, sizeof p->g.fill);
  } else if ((IS("SC") || IS("SCN")) && pdfcheck_nums(a, n, 4, v) == 0) {
    pdfcheck_ink(p, v);
  }
#undef IS
  return 0;
}

/* The fault of one font, or "" when it is embedded (a new string). */
static char *pdfcheck_font(qpdf_data q, qpdf_oh font) {
  if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, font, "/Subtype"), "/Type3"))
    return g_strdup("");
  qpdf_oh f = font;
  if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, font, "/Subtype"), "/Type0"))
    f = qpdf_oh_get_array_item(q, qpdf_oh_get_key(q, font, "/DescendantFonts"), 0);
  qpdf_oh desc = qpdf_oh_get_key(q, f, "/FontDescriptor");
  if (qpdf_oh_has_key(q, desc, "/FontFile") || qpdf_oh_has_key(q, desc, "/FontFile2") ||
      qpdf_oh_has_key(q, desc, "/FontFile3"))
    return g_strdup("");
  qpdf_oh base = qpdf_oh_get_key(q, font, "/BaseFont");
  return g_strdup_printf("font %s is not embedded",
                         qpdf_oh_is_name(q, base) ? qpdf_oh_get_name(q, base) : "(no name)");
}

/* Fonts embedded: a FontFile, FontFile2 or FontFile3 in the descriptor
 * (of the descendant font for a Type0 font); Type3 fonts are drawings.
 * A font that is an object of its own is looked at once a file: the
 * pages of a deck share their fonts (5,400 cards: 32,000 looks). */
static void pdfcheck_fonts(pdfcheck_page *p, qpdf_oh resources) {
  qpdf_data q = p->q;
  qpdf_oh fonts = qpdf_oh_get_key(q, resources, "/Font");
  if (!qpdf_oh_is_dictionary(q, fonts)) return;
  GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
  qpdf_oh_begin_dict_key_iter(q, fonts);
  while (qpdf_oh_dict_more_keys(q)) g_ptr_array_add(keys, g_strdup(qpdf_oh_dict_next_key(q)));
  for (guint i = 0; i < keys->len; i++) {
    qpdf_oh font = qpdf_oh_get_key(q, fonts, g_ptr_array_index(keys, i));
    int id = qpdf_oh_get_object_id(q, font);
    const char *fault = id ? g_hash_table_lookup(p->fonts, GINT_TO_POINTER(id)) : NULL;
    char *own = NULL;
    if (!fault) {
      fault = own = pdfcheck_font(q, font);
      if (id) g_hash_table_insert(p->fonts, GINT_TO_POINTER(id), own), own = NULL;
    }
    if (*fault) pdfcheck_fault(p, "%s", fault);
    g_free(own);
  }
  g_ptr_array_free(keys, TRUE);
}

/* Transparency a PDF/X-1a file may not hold: soft masks, alpha, blending. */
static void pdfcheck_transparency(pdfcheck_page *p, qpdf_oh resources) {
  qpdf_data q = p->q;
  qpdf_oh states = qpdf_oh_get_key(q, resources, "/ExtGState");
  if (!qpdf_oh_is_dictionary(q, states)) return;
  GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
  qpdf_oh_begin_dict_key_iter(q, states);
  while (qpdf_oh_dict_more_keys(q)) g_ptr_array_add(keys, g_strdup(qpdf_oh_dict_next_key(q)));
  for (guint i = 0; i < keys->len; i++) {
    qpdf_oh gs = qpdf_oh_get_key(q, states, g_ptr_array_index(keys, i));
    qpdf_oh smask = qpdf_oh_get_key(q, gs, "/SMask"), bm = qpdf_oh_get_key(q, gs, "/BM");
    const char *alpha[] = {"/CA", "/ca"};
    for (size_t k = 0; k < 2; k++) {
      qpdf_oh a = qpdf_oh_get_key(q, gs, alpha[k]);
      if (qpdf_oh_is_number(q, a) && qpdf_oh_get_numeric_value(q, a) < 1)
        pdfcheck_fault(p, "transparency (%s %.2f)", alpha[k], qpdf_oh_get_numeric_value(q, a));
    }
    if (!qpdf_oh_is_null(q, smask) && !qpdf_oh_is_name_and_equals(q, smask, "/None"))
      pdfcheck_fault(p, "transparency (a soft mask)");
    if (qpdf_oh_is_name(q, bm) && !qpdf_oh_is_name_and_equals(q, bm, "/Normal") &&
        !qpdf_oh_is_name_and_equals(q, bm, "/Compatible"))
      pdfcheck_fault(p, "transparency (blend mode %s)", qpdf_oh_get_name(q, bm));
  }
  g_ptr_array_free(keys, TRUE);
}

static int pdfcheck_box(qpdf_data q, qpdf_oh page, const char *key, double *b) {
  qpdf_oh box = qpdf_oh_get_key(q, page, key);
  if (!qpdf_oh_is_array(q, box) || qpdf_oh_get_array_n_items(q, box) != 4) return -1;
  for (int i = 0; i < 4; i++) b[i] = qpdf_oh_get_numeric_value(q, qpdf_oh_get_array_item(q, box, i));
  return 0;
}

/* TrimBox inside BleedBox by at least the bleed, BleedBox inside MediaBox. */
static void pdfcheck_boxes(pdfcheck_page *p, qpdf_oh page, double *trim_w, double *trim_h) {
  qpdf_data q = p->q;
  double media[4], trim[4], bleed[4];
  if (pdfcheck_box(q, page, "/MediaBox", media) != 0) {
    pdfcheck_fault(p, "no MediaBox");
    return;
  }
  if (pdfcheck_box(q, page, "/TrimBox", trim) != 0) {
    pdfcheck_fault(p, "no TrimBox (the shop does not know where to cut)");
    return;
  }
  *trim_w = (trim[2] - trim[0]) / PDFCHECK_PT_PER_MM, *trim_h = (trim[3] - trim[1]) / PDFCHECK_PT_PER_MM;
  if (pdfcheck_box(q, page, "/BleedBox", bleed) != 0) memcpy(bleed, media, sizeof bleed);
  double least = fmin(fmin(trim[0] - bleed[0], trim[1] - bleed[1]),
                      fmin(bleed[2] - trim[2], bleed[3] - trim[3])) / PDFCHECK_PT_PER_MM;
  if (least < p->r->min_bleed_mm - PDFCHECK_MM_SLACK)
    pdfcheck_fault(p, "bleed of %.2f mm (at least %g mm beyond the TrimBox on every side)",
                   least, p->r->min_bleed_mm);
  if (bleed[0] < media[0] - 0.01 || bleed[1] < media[1] - 0.01 || bleed[2] > media[2] + 0.01 ||
      bleed[3] > media[3] + 0.01)
    pdfcheck_fault(p, "BleedBox outside the MediaBox");
}

static void pdfcheck_content(pdfcheck_page *p, qpdf_oh resources, const unsigned char *buf,
                             size_t len, int depth);

/* Images and Form XObjects of a resource dictionary (forms: their content). */
static void pdfcheck_xobjects(pdfcheck_page *p, qpdf_oh resources, int depth) {
  qpdf_data q = p->q;
  qpdf_oh xobjects = qpdf_oh_get_key(q, resources, "/XObject");
  if (!qpdf_oh_is_dictionary(q, xobjects) || depth > 8) return;
  GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
  qpdf_oh_begin_dict_key_iter(q, xobjects);
  while (qpdf_oh_dict_more_keys(q)) g_ptr_array_add(keys, g_strdup(qpdf_oh_dict_next_key(q)));
  for (guint i = 0; i < keys->len; i++) {
    qpdf_oh xo = qpdf_oh_get_key(q, xobjects, g_ptr_array_index(keys, i));
    qpdf_oh dict = qpdf_oh_get_dict(q, xo);
    if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, dict, "/Subtype"), "/Image")) {
      qpdf_oh cs = qpdf_oh_get_key(q, dict, "/ColorSpace");
      if (p->r->cmyk_only && qpdf_oh_is_name_and_equals(q, cs, "/DeviceRGB"))
        pdfcheck_fault(p, "an image in RGB");
      if (p->r->pdfx && qpdf_oh_has_key(q, dict, "/SMask"))
        pdfcheck_fault(p, "transparency (an image with a soft mask)");
      continue;
    }
    if (p->r->pdfx && qpdf_oh_has_key(q, dict, "/Group"))
      pdfcheck_fault(p, "a transparency group (form %s)", (char *)g_ptr_array_index(keys, i));
    unsigned char *buf = NULL;
    size_t len = 0;
    if (qpdf_oh_get_stream_data(q, xo, qpdf_dl_generalized, NULL, &buf, &len) & QPDF_ERRORS) {
      pdfcheck_fault(p, "a form that cannot be read");
      continue;
    }
    qpdf_oh res = qpdf_oh_get_key(q, dict, "/Resources");
    pdfcheck_content(p, qpdf_oh_is_dictionary(q, res) ? res : resources, buf, len, depth + 1);
    free(buf);
  }
  g_ptr_array_free(keys, TRUE);
}

static void pdfcheck_content(pdfcheck_page *p, qpdf_oh resources, const unsigned char *buf,
                             size_t len, int depth) {
  qpdf_oh outer = p->resources;
  p->resources = resources;
  if (pdfops_walk(buf, len, pdfcheck_op, p) < 0) pdfcheck_fault(p, "a content stream that cannot be read");
  pdfcheck_fonts(p, resources);
  if (p->r->pdfx) pdfcheck_transparency(p, resources);
  pdfcheck_xobjects(p, resources, depth);
  p->resources = outer;
}

/* The document's PDF/X identification; faults into p. bytes (len) is the
 * file, as libqpdf was given it. */
static void pdfcheck_document(pdfcheck_page *p, const char *bytes, size_t len) {
  qpdf_data q = p->q;
  const char *version = qpdf_get_pdf_version(q);
  if (strcmp(version, "1.4") > 0)
    pdfcheck_fault(p, "PDF %s (PDF/X-1a:2003 is PDF 1.4 at most)", version);
  if (g_strstr_len(bytes, (gssize)len, "/ObjStm") || g_strstr_len(bytes, (gssize)len, "/XRef"))
    pdfcheck_fault(p, "object or cross-reference streams (PDF/X-1a has neither)");
  qpdf_oh root = qpdf_get_root(q), trailer = qpdf_get_trailer(q);
  qpdf_oh intents = qpdf_oh_get_key(q, root, "/OutputIntents");
  int found = 0;
  for (int i = 0; qpdf_oh_is_array(q, intents) && i < qpdf_oh_get_array_n_items(q, intents); i++) {
    qpdf_oh oi = qpdf_oh_get_array_item(q, intents, i);
    if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, oi, "/S"), "/GTS_PDFX") &&
        qpdf_oh_is_string(q, qpdf_oh_get_key(q, oi, "/OutputConditionIdentifier")))
      found = 1;
  }
  if (!found) pdfcheck_fault(p, "no PDF/X OutputIntent (the printing condition, e.g. FOGRA39)");
  qpdf_oh info = qpdf_oh_get_key(q, trailer, "/Info");
  qpdf_oh x = qpdf_oh_get_key(q, info, "/GTS_PDFXVersion");
  if (!qpdf_oh_is_string(q, x) || strncmp(qpdf_oh_get_utf8_value(q, x), "PDF/X-", 6) != 0)
    pdfcheck_fault(p, "no /GTS_PDFXVersion in the document information");
  qpdf_oh trapped = qpdf_oh_get_key(q, info, "/Trapped");
  if (!qpdf_oh_is_name_and_equals(q, trapped, "/True") &&
      !qpdf_oh_is_name_and_equals(q, trapped, "/False"))
    pdfcheck_fault(p, "no /Trapped /True or /False");
  if (!qpdf_oh_is_string(q, qpdf_oh_get_key(q, info, "/Title")))
    pdfcheck_fault(p, "no /Title");
  if (!qpdf_oh_is_stream(q, qpdf_oh_get_key(q, root, "/Metadata")))
    pdfcheck_fault(p, "no XMP metadata");
  if (!qpdf_oh_is_array(q, qpdf_oh_get_key(q, trailer, "/ID")))
    pdfcheck_fault(p, "no file identifier (/ID)");
}

static void pdfcheck_report(FILE *report, diag_list *d, const char *path, const char *where,
                            pdfcheck_page *p, const char *ok_detail) {
  if (report) {
    if (p->faults->len == 0) {
      fprintf(report, "%s: ok%s\n", where, ok_detail);
    } else {
      fprintf(report, "%s: FAIL\n", where);
      for (guint i = 0; i < p->faults->len; i++)
        fprintf(report, "  - %s\n", (char *)g_ptr_array_index(p->faults, i));
    }
  }
  for (guint i = 0; !report && d && i < p->faults->len; i++)
    diag_error(d, path, 0, "%s: %s (a print shop's preflight refuses it)", where,
               (char *)g_ptr_array_index(p->faults, i));
}

/* Checks pages [from, end) of p's file; reports as pdfcheck_report does.
 * Returns the failures, and the pages that had any in *bad_pages. */
static int pdfcheck_pages(pdfcheck_page *p, const char *path, FILE *report, diag_list *d,
                          int from, int end, int *bad_pages) {
  qpdf_data q = p->q;
  const pdfcheck_rules *r = p->r;
  int failures = 0;
  *bad_pages = 0;
  for (int i = from; i < end; i++) {
    g_ptr_array_set_size(p->faults, 0);
    qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
    p->g = (pdfcheck_gstate){.ctm_scale = 1, .line_width = 1, .fill_space = PDFCHECK_SPACE_GRAY,
                             .fill = {0, 0, 0, 1}};
    p->depth = 0, p->tm_scale = 1, p->font_size = 0, p->min_text = INFINITY, p->max_ink = 0;
    double trim_w = 0, trim_h = 0;
    if (r->min_bleed_mm > 0) pdfcheck_boxes(p, page, &trim_w, &trim_h);
    if (r->pdfx && qpdf_oh_has_key(q, page, "/Group"))
      pdfcheck_fault(p, "a transparency group on the page");
    unsigned char *buf = NULL;
    size_t len = 0;
    if (qpdf_oh_get_page_content_data(q, page, &buf, &len) & QPDF_ERRORS)
      pdfcheck_fault(p, "content that cannot be read");
    else
      pdfcheck_content(p, qpdf_oh_get_key(q, page, "/Resources"), buf, len, 0);
    free(buf);
    char where[32], detail[160] = "";
    snprintf(where, sizeof where, "page %d", i + 1);
    if (trim_w > 0)
      snprintf(detail, sizeof detail, " (trim %.1f x %.1f mm", trim_w, trim_h);
    else
      snprintf(detail, sizeof detail, " (");
    size_t at = strlen(detail);
    if (isfinite(p->min_text))
      snprintf(detail + at, sizeof detail - at, "%stext from %.1f pt", trim_w > 0 ? "; " : "",
               p->min_text);
    at = strlen(detail);
    if (r->max_ink > 0)
      snprintf(detail + at, sizeof detail - at, "; ink up to %.0f %%", p->max_ink);
    at = strlen(detail);
    snprintf(detail + at, sizeof detail - at, ")");
    if (strcmp(detail, " ()") == 0) detail[0] = '\0';
    pdfcheck_report(report, d, path, where, p, detail);
    failures += (int)p->faults->len;
    *bad_pages += p->faults->len > 0;
    qpdf_oh_release_all(q);
  }
  return failures;
}

/* A file of at least this many pages is checked on two cores: the pages
 * of its second half in a child process (pdfcheck_half_task), which reads
 * nothing again (it has the parent's libqpdf objects, made before it was
 * forked), and the first half here. A 5,400-card print-shop file (10,806
 * pages) took 1.1 s checked whole. */
enum { PDFCHECK_SPLIT_PAGES = 2000 };

/* The child's half: its counts, then its report (when there is one), go
 * to out; its messages to d. */
typedef struct pdfcheck_half {
  pdfcheck_page *p;
  const char *path;
  int from, end;
  int report; /* write the report's lines after the counts */
  FILE *out;
} pdfcheck_half;

static int pdfcheck_half_task(size_t unused, void *arg, diag_list *d) {
  (void)unused;
  pdfcheck_half *h = arg;
  int counts[2] = {0, 0}; /* failures, bad pages */
  int bad = fwrite(counts, sizeof counts, 1, h->out) != 1;
  if (!bad)
    counts[0] = pdfcheck_pages(h->p, h->path, h->report ? h->out : NULL, d, h->from, h->end,
                               &counts[1]);
  if (bad || fseek(h->out, 0, SEEK_SET) != 0 || fwrite(counts, sizeof counts, 1, h->out) != 1 ||
      fflush(h->out) != 0) {
    diag_error_of(d, DIAG_IO, h->path, 0, "cannot pass the preflight of its second half on: %s",
                  strerror(errno));
    return -1;
  }
  return 0;
}

/* Adds the child's counts to *failures and *bad_pages, and the report it
 * wrote to report (NULL: none). -1 when they are cut short. */
static int pdfcheck_half_take(pdfcheck_half *h, FILE *report, int *failures, int *bad_pages) {
  int counts[2];
  if (fseek(h->out, 0, SEEK_SET) != 0 || fread(counts, sizeof counts, 1, h->out) != 1) return -1;
  char buf[8192];
  for (size_t n; report && (n = fread(buf, 1, sizeof buf, h->out)) > 0;) fwrite(buf, 1, n, report);
  *failures += counts[0];
  *bad_pages += counts[1];
  return 0;
}

int pdfcheck_file(const char *path, pdfcheck_profile profile, FILE *report, diag_list *d) {
  const pdfcheck_rules *r = &pdfcheck_profiles[profile];
  qpdf_data q = qpdf_init();
  qpdf_silence_errors(q);
  char *bytes = NULL;
  size_t len;
  int err = output_qpdf_read(q, path, &bytes, &len);
  if (err != 0) {
    if (err < 0)
      diag_error_of(d, DIAG_IO, path, 0, "cannot read as a PDF: %s",
                    qpdf_has_error(q) ? qpdf_get_error_full_text(q, qpdf_get_error(q)) : "unknown");
    else
      diag_error_of(d, DIAG_IO, path, 0, "cannot read: %s", err == EINVAL ? "not a regular file"
                    : g_strerror(err));
    qpdf_cleanup(&q);
    g_free(bytes);
    return -1;
  }
  int failures = 0;
  pdfcheck_page p = {.r = r, .q = q};
  p.fonts = g_hash_table_new_full(NULL, NULL, NULL, g_free);
  p.faults = g_ptr_array_new_with_free_func(g_free);
  if (report) fprintf(report, "%s: preflight for %s (profile %s)\n", path,
                      r->pdfx ? "PDF/X-1a:2003" : "an office printer", r->name);
  if (r->pdfx) {
    pdfcheck_document(&p, bytes, len);
    pdfcheck_report(report, d, path, "document", &p, "");
    failures += (int)p.faults->len;
  }
  int pages = qpdf_get_num_pages(q), bad_pages = 0;
  pdfcheck_half half = {.p = &p, .path = path, .from = pages / 2, .end = pages, .report = !!report};
  jobs_bg *apart = NULL;
  if (pages >= PDFCHECK_SPLIT_PAGES && (half.out = tmpfile()))
    apart = jobs_start(pdfcheck_half_task, 0, &half);
  failures += pdfcheck_pages(&p, path, report, d, 0, apart ? half.from : pages, &bad_pages);
  /* Its messages come after this half's, in page order; when it died,
   * jobs_end says so. */
  if (apart && jobs_end(apart, 1, d) != 0) {
    failures = -1;
  } else if (apart && pdfcheck_half_take(&half, report, &failures, &bad_pages) != 0) {
    diag_error_of(d, DIAG_IO, path, 0, "cannot read the preflight of its second half back");
    failures = -1;
  }
  if (half.out) fclose(half.out);
  if (report && failures >= 0) {
    if (failures) fprintf(report, "%s: FAIL: %d of %d pages fail%s\n", path, bad_pages, pages,
                          r->pdfx ? ", or the document" : "");
    else fprintf(report, "%s: ok: %d pages pass\n", path, pages);
  }
  g_ptr_array_free(p.faults, TRUE);
  g_hash_table_destroy(p.fonts);
  qpdf_cleanup(&q);
  g_free(bytes);
  return failures;
}
