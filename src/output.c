/* output: cairo PDF surfaces, the libqpdf pass Cairo cannot do, and staged atomic files. */
#include "output.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <qpdf/qpdf-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const double output_pt_per_mm = 72.0 / 25.4;

output_meta output_meta_of(const model_instrument *m, const char *subject_key) {
  const model_label *subject = model_label_find(m, subject_key);
  output_meta meta = {
    .title = m->meta.title, .author = m->meta.publisher,
    .subject = subject ? subject->text : NULL, .lang = m->lang, .date = m->meta.date,
  };
  size_t n = sizeof meta.keywords;
  for (size_t i = 0; i < m->n_cardsets + m->n_themes; i++) {
    const char *name = i < m->n_cardsets ? m->cardsets[i].name : m->themes[i - m->n_cardsets].name;
    size_t len = strlen(meta.keywords);
    snprintf(meta.keywords + len, n - len, "%s%s", i ? ", " : "", name);
  }
  return meta;
}

int output_pdf_open(output_pdf *pdf, const char *path, double w_mm, double h_mm,
                    const output_meta *meta, diag_list *d) {
  *pdf = (output_pdf){0};
  size_t n = strlen(path) + sizeof ".cairo";
  pdf->path = malloc(n);
  if (!pdf->path) abort();
  snprintf(pdf->path, n, "%s.cairo", path);
  pdf->surface = cairo_pdf_surface_create(pdf->path, w_mm * output_pt_per_mm,
                                          h_mm * output_pt_per_mm);
  if (cairo_surface_status(pdf->surface) != CAIRO_STATUS_SUCCESS) {
    diag_error_of(d, DIAG_IO, path, 0, "cannot write: %s (check that the output folder is writable)",
               cairo_status_to_string(cairo_surface_status(pdf->surface)));
    cairo_surface_destroy(pdf->surface);
    free(pdf->path);
    *pdf = (output_pdf){0};
    return -1;
  }
  cairo_pdf_surface_restrict_to_version(pdf->surface, CAIRO_PDF_VERSION_1_5);
  const struct { cairo_pdf_metadata_t key; const char *value; } info[] = {
    {CAIRO_PDF_METADATA_TITLE, meta->title},
    {CAIRO_PDF_METADATA_AUTHOR, meta->author},
    {CAIRO_PDF_METADATA_SUBJECT, meta->subject},
    {CAIRO_PDF_METADATA_KEYWORDS, meta->keywords[0] ? meta->keywords : NULL},
    {CAIRO_PDF_METADATA_CREATOR, "kaartset " KAARTSET_VERSION},
  };
  for (size_t i = 0; i < sizeof info / sizeof info[0]; i++)
    if (info[i].value) cairo_pdf_surface_set_metadata(pdf->surface, info[i].key, info[i].value);
  if (meta->date) {
    /* Cairo drops a date that is not exactly of this form. */
    char date[32];
    if (strlen(meta->date) == 10)
      snprintf(date, sizeof date, "%.10sT00:00:00Z", meta->date);
    else
      snprintf(date, sizeof date, "%.19sZ", meta->date);
    cairo_pdf_surface_set_metadata(pdf->surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(pdf->surface, CAIRO_PDF_METADATA_MOD_DATE, date);
  }
  pdf->cr = cairo_create(pdf->surface);
  cairo_scale(pdf->cr, output_pt_per_mm, output_pt_per_mm);
  return 0;
}

int output_pdf_bookmark(output_pdf *pdf, int parent, const char *name, int page) {
  char dest[32];
  snprintf(dest, sizeof dest, "page=%d", page);
  return cairo_pdf_surface_add_outline(pdf->surface, parent, name, dest, 0);
}

/* Cairo 1.16 puts every top-level tag straight under the StructTreeRoot;
 * PDF readers want one element there (poppler warns otherwise). This puts
 * them under a Document element. */
static void output_qpdf_document_root(qpdf_data q, qpdf_oh tree) {
  qpdf_oh kids = qpdf_oh_get_key(q, tree, "/K");
  if (!qpdf_oh_is_array(q, kids) || qpdf_oh_get_array_n_items(q, kids) < 2) return;
  qpdf_oh doc = qpdf_oh_new_dictionary(q);
  qpdf_oh_replace_key(q, doc, "/Type", qpdf_oh_new_name(q, "/StructElem"));
  qpdf_oh_replace_key(q, doc, "/S", qpdf_oh_new_name(q, "/Document"));
  qpdf_oh_replace_key(q, doc, "/P", tree);
  qpdf_oh_replace_key(q, doc, "/K", kids);
  doc = qpdf_make_indirect_object(q, doc);
  int n = qpdf_oh_get_array_n_items(q, kids);
  for (int i = 0; i < n; i++) {
    qpdf_oh kid = qpdf_oh_get_array_item(q, kids, i);
    if (qpdf_oh_is_dictionary(q, kid)) qpdf_oh_replace_key(q, kid, "/P", doc);
  }
  qpdf_oh_replace_key(q, tree, "/K", doc);
}

/* Adds the boxes, preferences and language Cairo 1.16 cannot write. */
static void output_qpdf_amend(qpdf_data q, const output_meta *meta, double bleed) {
  qpdf_oh root = qpdf_get_root(q);
  qpdf_oh_replace_key(q, root, "/ViewerPreferences",
                      qpdf_oh_parse(q, "<< /PrintScaling /None /DisplayDocTitle true >>"));
  if (meta->lang) qpdf_oh_replace_key(q, root, "/Lang", qpdf_oh_new_unicode_string(q, meta->lang));
  /* Cairo writes the structure of tagged drawing but not the flag that
   * tells readers (and pdfinfo's "Tagged") that the file is tagged. */
  if (qpdf_oh_has_key(q, root, "/StructTreeRoot")) {
    qpdf_oh_replace_key(q, root, "/MarkInfo", qpdf_oh_parse(q, "<< /Marked true >>"));
    output_qpdf_document_root(q, qpdf_oh_get_key(q, root, "/StructTreeRoot"));
  }
  if (bleed <= 0) return;
  int pages = qpdf_get_num_pages(q);
  for (int i = 0; i < pages; i++) {
    qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
    qpdf_oh media = qpdf_oh_get_key(q, page, "/MediaBox");
    double w = qpdf_oh_get_numeric_value(q, qpdf_oh_get_array_item(q, media, 2));
    double h = qpdf_oh_get_numeric_value(q, qpdf_oh_get_array_item(q, media, 3));
    double b = bleed * output_pt_per_mm;
    char box[160];
    snprintf(box, sizeof box, "[0 0 %.4f %.4f]", w, h);
    qpdf_oh_replace_key(q, page, "/BleedBox", qpdf_oh_parse(q, box));
    snprintf(box, sizeof box, "[%.4f %.4f %.4f %.4f]", b, b, w - b, h - b);
    qpdf_oh_replace_key(q, page, "/TrimBox", qpdf_oh_parse(q, box));
  }
}

static int output_qpdf_rewrite(const char *from, const char *to, const output_meta *meta,
                               double bleed, const char *final_path, diag_list *d) {
  qpdf_data q = qpdf_init();
  qpdf_silence_errors(q);
  int status = 0;
  if (qpdf_read(q, from, NULL) & QPDF_ERRORS) {
    status = -1;
  } else {
    output_qpdf_amend(q, meta, bleed);
    if (qpdf_init_write(q, to) & QPDF_ERRORS) {
      status = -1;
    } else {
      qpdf_set_deterministic_ID(q, QPDF_TRUE);
      qpdf_set_object_stream_mode(q, qpdf_o_generate);
      if (qpdf_write(q) & QPDF_ERRORS) status = -1;
    }
  }
  if (status != 0 && qpdf_has_error(q))
    diag_error_of(d, DIAG_IO, final_path, 0, "cannot finish the PDF: %s",
               qpdf_get_error_full_text(q, qpdf_get_error(q)));
  qpdf_cleanup(&q);
  return status;
}

int output_pdf_close(output_pdf *pdf, const char *final_path, const output_meta *meta,
                     double bleed, diag_list *d) {
  cairo_destroy(pdf->cr);
  cairo_surface_finish(pdf->surface);
  cairo_status_t st = cairo_surface_status(pdf->surface);
  cairo_surface_destroy(pdf->surface);
  int status = 0;
  if (st != CAIRO_STATUS_SUCCESS) {
    diag_error_of(d, DIAG_IO, final_path, 0, "cannot write the PDF: %s", cairo_status_to_string(st));
    status = -1;
  } else {
    status = output_qpdf_rewrite(pdf->path, final_path, meta, bleed, final_path, d);
  }
  unlink(pdf->path);
  free(pdf->path);
  *pdf = (output_pdf){0};
  return status;
}

/* Staged files. */

typedef struct output_staged {
  char *tmp, *final;
} output_staged;

struct output_stage {
  char *dir;
  output_staged *files;
  size_t n, cap;
};

static int output_mkdirs(const char *dir) {
  char *p = strdup(dir);
  if (!p) abort();
  for (char *s = p + 1; *s; s++) {
    if (*s != '/') continue;
    *s = '\0';
    if (mkdir(p, 0777) != 0 && errno != EEXIST) { free(p); return -1; }
    *s = '/';
  }
  int rc = mkdir(p, 0777) != 0 && errno != EEXIST ? -1 : 0;
  free(p);
  return rc;
}

output_stage *output_stage_new(const char *dir, diag_list *d) {
  if (output_mkdirs(dir) != 0) {
    diag_error_of(d, DIAG_IO, dir, 0, "cannot create the output folder: %s (choose another with --out)",
               strerror(errno));
    return NULL;
  }
  output_stage *st = calloc(1, sizeof *st);
  if (!st || !(st->dir = strdup(dir))) abort();
  return st;
}

static char *output_join(const char *dir, const char *prefix, const char *name,
                         const char *suffix) {
  size_t n = strlen(dir) + strlen(prefix) + strlen(name) + strlen(suffix) + 2;
  char *s = malloc(n);
  if (!s) abort();
  snprintf(s, n, "%s/%s%s%s", dir, prefix, name, suffix);
  return s;
}

const char *output_stage_path(output_stage *st, const char *name) {
  if (st->n == st->cap) {
    st->cap = st->cap ? 2 * st->cap : 8;
    st->files = realloc(st->files, st->cap * sizeof *st->files);
    if (!st->files) abort();
  }
  output_staged *f = &st->files[st->n++];
  f->final = output_join(st->dir, "", name, "");
  f->tmp = output_join(st->dir, ".", name, ".tmp");
  return f->tmp;
}

int output_stage_commit(output_stage *st, diag_list *d) {
  for (size_t i = 0; i < st->n; i++) {
    if (rename(st->files[i].tmp, st->files[i].final) != 0) {
      diag_error_of(d, DIAG_IO, st->files[i].final, 0, "cannot write: %s", strerror(errno));
      return -1;
    }
    free(st->files[i].tmp);
    st->files[i].tmp = NULL;
  }
  return 0;
}

void output_stage_free(output_stage *st) {
  if (!st) return;
  for (size_t i = 0; i < st->n; i++) {
    if (st->files[i].tmp) unlink(st->files[i].tmp);
    free(st->files[i].tmp);
    free(st->files[i].final);
  }
  free(st->files);
  free(st->dir);
  free(st);
}
