/* output: cairo PDF surfaces, the libqpdf pass Cairo cannot do, and staged atomic files. */
#define _DEFAULT_SOURCE /* flock */
#include "output.h"

#include <cairo-pdf.h>
#include <glib.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <qpdf/qpdf-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>


void output_io_error(diag_list *d, const char *path, int err) {
  const char *shown = output_display_path(path);
  if (err == ENOSPC)
    diag_error_of(d, DIAG_IO, shown, 0, "no space left on the device while writing %s (free some "
                  "space there, or choose another --out)", shown);
  else if (err == EDQUOT)
    diag_error_of(d, DIAG_IO, shown, 0, "the disk quota is used up while writing %s (free some "
                  "space, or choose another --out)", shown);
  else if (err == EFBIG)
    diag_error_of(d, DIAG_IO, shown, 0, "the file grew beyond the size this system allows while "
                  "writing %s (raise the file size limit, ulimit -f, or choose another --out)", shown);
  else
    diag_error_of(d, DIAG_IO, shown, 0, "cannot write %s: %s (check that the output folder is "
                  "writable)", shown, strerror(err ? err : EIO));
}

int output_file_open(output_file *f, const char *path, const char *shown, diag_list *d) {
  *f = (output_file){0};
  /* Exclusively, never through a symlink someone placed at the name. */
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0 || !(f->file = fdopen(fd, "wb"))) {
    output_io_error(d, shown ? shown : path, errno);
    if (fd >= 0) {
      close(fd);
      unlink(path);
    }
    return -1;
  }
  f->path = strdup(path);
  if (!f->path) abort();
  setvbuf(f->file, NULL, _IOFBF, 256 * 1024);
  return 0;
}

/* Cairo's own file output ignores a failing fclose, so a full disk left a
 * cut-short PNG or SVG and exit 0: write through a FILE we check, and keep
 * the first errno. */
cairo_status_t output_file_write(void *closure, const unsigned char *data, unsigned int len) {
  output_file *f = closure;
  if (f->write_errno) return CAIRO_STATUS_WRITE_ERROR;
  errno = 0;
  if (fwrite(data, 1, len, f->file) != len) {
    f->write_errno = errno ? errno : EIO;
    return CAIRO_STATUS_WRITE_ERROR;
  }
  return CAIRO_STATUS_SUCCESS;
}

int output_file_close(output_file *f, int sync, const char *shown, diag_list *d) {
  if (!f->file) return -1;
  errno = 0;
  if (fflush(f->file) != 0 && !f->write_errno) f->write_errno = errno ? errno : EIO;
  if (sync && !f->write_errno && fsync(fileno(f->file)) != 0 && errno != EINVAL)
    f->write_errno = errno;
  errno = 0;
  if (fclose(f->file) != 0 && !f->write_errno) f->write_errno = errno ? errno : EIO;
  int rc = 0;
  if (f->write_errno) {
    output_io_error(d, shown ? shown : f->path, f->write_errno);
    unlink(f->path);
    rc = -1;
  }
  free(f->path);
  *f = (output_file){0};
  return rc;
}

void output_file_discard(output_file *f) {
  if (f->file) {
    fclose(f->file);
    unlink(f->path);
  }
  free(f->path);
  *f = (output_file){0};
}

/* Cairo writes the PDF into memory; it becomes a file only when finished. */
static cairo_status_t output_write(void *closure, const unsigned char *data, unsigned int len) {
  output_pdf *pdf = closure;
  if (pdf->len + len > pdf->cap) {
    size_t cap = pdf->cap ? pdf->cap : 256 * 1024;
    while (cap < pdf->len + len) cap *= 2;
    unsigned char *grown = realloc(pdf->buf, cap);
    if (!grown) abort();
    pdf->buf = grown;
    pdf->cap = cap;
  }
  memcpy(pdf->buf + pdf->len, data, len);
  pdf->len += len;
  return CAIRO_STATUS_SUCCESS;
}

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
  pdf->surface = cairo_pdf_surface_create_for_stream(output_write, pdf, w_mm * output_pt_per_mm,
                                                     h_mm * output_pt_per_mm);
  if (cairo_surface_status(pdf->surface) != CAIRO_STATUS_SUCCESS) {
    diag_error_of(d, DIAG_IO, output_display_path(path), 0, "cannot write: %s",
                  cairo_status_to_string(cairo_surface_status(pdf->surface)));
    cairo_surface_destroy(pdf->surface);
    free(pdf->buf);
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
  /* The pages of one size share their boxes: one array object of each,
   * which each page refers to (a rectangle may be an indirect object).
   * An array on every page took libqpdf 1.5 KB each: 32 MB, and 0.3 s to
   * make, for the 10,806 pages of a 5,400-card print-shop file. A file of
   * three pages or fewer keeps them on each page: smaller so. */
  char made[2][160] = {"", ""}; /* the boxes last made: BleedBox, TrimBox */
  qpdf_oh bleed_box = 0, trim_box = 0;
  int pages = qpdf_get_num_pages(q), share = pages > 3;
  for (int i = 0; i < pages; i++) {
    qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
    qpdf_oh media = qpdf_oh_get_key(q, page, "/MediaBox");
    double w = qpdf_oh_get_numeric_value(q, qpdf_oh_get_array_item(q, media, 2));
    double h = qpdf_oh_get_numeric_value(q, qpdf_oh_get_array_item(q, media, 3));
    double b = bleed * output_pt_per_mm;
    char box[2][160];
    snprintf(box[0], sizeof box[0], "[0 0 %.4f %.4f]", w, h);
    snprintf(box[1], sizeof box[1], "[%.4f %.4f %.4f %.4f]", b, b, w - b, h - b);
    if (!share || strcmp(box[0], made[0]) != 0 || strcmp(box[1], made[1]) != 0) {
      bleed_box = qpdf_oh_parse(q, box[0]);
      trim_box = qpdf_oh_parse(q, box[1]);
      if (share) {
        bleed_box = qpdf_make_indirect_object(q, bleed_box);
        trim_box = qpdf_make_indirect_object(q, trim_box);
        memcpy(made, box, sizeof made);
      }
    }
    qpdf_oh_replace_key(q, page, "/BleedBox", bleed_box);
    qpdf_oh_replace_key(q, page, "/TrimBox", trim_box);
  }
}

/* Writes len bytes to a new file at path (never through a symlink), to the
 * disk when sync (a file only to be read again in this run needs not be);
 * the errno of what failed, or 0. */
static int output_write_new(const char *path, const unsigned char *buf, size_t len, int sync) {
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0) return errno;
  int err = 0;
  for (size_t done = 0; done < len && !err;) {
    ssize_t n = write(fd, buf + done, len - done);
    if (n > 0) done += (size_t)n;
    else if (n < 0 && errno != EINTR) err = errno;
    else if (n == 0) err = EIO;
  }
  if (!err && sync && fsync(fd) != 0 && errno != EINVAL) err = errno;
  if (close(fd) != 0 && !err) err = errno;
  if (err) unlink(path);
  return err;
}

int output_qpdf_write(qpdf_data q, const char *path, diag_list *d) {
  /* libqpdf's own file output does not check its final fclose, so a full
   * disk left a cut-short file and no error: write the bytes ourselves. */
  if (qpdf_write(q) & QPDF_ERRORS) {
    const char *text = qpdf_has_error(q) ? qpdf_get_error_full_text(q, qpdf_get_error(q)) : "";
    diag_error_of(d, DIAG_IO, output_display_path(path), 0, "cannot finish the PDF: %s", text);
    return -1;
  }
  int err = output_write_new(path, qpdf_get_buffer(q), qpdf_get_buffer_length(q), 1);
  if (err) {
    output_io_error(d, path, err);
    return -1;
  }
  return 0;
}

/* The errno that libqpdf's message text names (it says strerror's words),
 * or 0. */
static int output_qpdf_errno(const char *text) {
  static const int known[] = {ENOSPC, EDQUOT, EFBIG, EROFS, EACCES, EIO};
  for (size_t i = 0; i < sizeof known / sizeof *known; i++)
    if (strstr(text, strerror(known[i]))) return known[i];
  return 0;
}

/* True when the PDF of size bytes open at fd ends in "startxref N %%EOF"
 * and a line at byte N starts its cross-reference section: "xref", or
 * "N G obj" (a cross-reference stream). */
static int output_pdf_xref_found(int fd, off_t size) {
  char tail[64] = {0}, at[32] = {0};
  off_t from = size > (off_t)sizeof tail - 1 ? size - (off_t)sizeof tail + 1 : 0;
  if (pread(fd, tail, (size_t)(size - from), from) != size - from) return 0;
  /* The last "startxref" (what comes before it may hold any byte, 0 too). */
  const char *sx = NULL;
  for (off_t i = size - from - 10; !sx && i >= 0; i--)
    if (memcmp(tail + i, "startxref\n", 10) == 0) sx = tail + i;
  if (!sx) return 0;
  char *end = NULL;
  long long xref = strtoll(sx + 10, &end, 10);
  if (end == sx + 10 || strcmp(end, "\n%%EOF\n") != 0 || xref < 1 || xref >= size ||
      pread(fd, at, sizeof at - 1, xref - 1) <= 0 || (at[0] != '\n' && at[0] != '\r'))
    return 0;
  unsigned n, g;
  char word[4] = "";
  return strncmp(at + 1, "xref", 4) == 0 ||
         (g_ascii_isdigit(at[1]) && sscanf(at + 1, "%u %u %3s", &n, &g, word) == 3 &&
          strcmp(word, "obj") == 0);
}

/* 0 when the file at path is a PDF written whole, and on the disk (fsync);
 * else the errno of what failed, or -1 for a file cut short or with bytes
 * missing. libqpdf does not see its own failed writes to a file (a full
 * disk, the file size limit): a PDF written whole ends in "startxref N
 * %%EOF", and its cross-reference table (or stream) starts at byte N. */
static int output_pdf_ends_whole(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return errno;
  struct stat st;
  int err = fstat(fd, &st) != 0 ? errno : output_pdf_xref_found(fd, st.st_size) ? 0 : -1;
  if (!err && fsync(fd) != 0 && errno != EINVAL) err = errno;
  if (close(fd) != 0 && !err) err = errno;
  return err;
}

/* The writer's settings, once qpdf_init_write or qpdf_init_write_memory
 * has made it: a file identifier derived from the content; object streams,
 * or PDF 1.4 without them (pdf14: the print-shop file, PDF/X-1a). */
static void output_qpdf_write_options(qpdf_data q, int pdf14) {
  qpdf_set_deterministic_ID(q, QPDF_TRUE);
  if (pdf14) {
    qpdf_set_object_stream_mode(q, qpdf_o_disable);
    qpdf_force_pdf_version(q, "1.4");
  } else {
    qpdf_set_object_stream_mode(q, qpdf_o_generate);
  }
}

/* libqpdf's error on q, for the file at path: in plain words when it names
 * a cause output_io_error knows (a full disk). */
static void output_qpdf_error(qpdf_data q, const char *path, diag_list *d) {
  const char *text = qpdf_has_error(q) ? qpdf_get_error_full_text(q, qpdf_get_error(q)) : "";
  int err = output_qpdf_errno(text);
  if (err) output_io_error(d, path, err);
  else diag_error_of(d, DIAG_IO, output_display_path(path), 0, "cannot finish the PDF: %s", text);
}

/* Writes q, finished, to a new file at path by libqpdf itself (no copy of
 * the whole file in memory), then checks the file's end
 * (output_pdf_ends_whole). Returns 0, or -1 with an error (and no file). */
static int output_qpdf_write_direct(qpdf_data q, const char *path, int pdf14, diag_list *d) {
  /* Made here, exclusively, as output_write_new makes its files: libqpdf
   * then writes into this file of ours (and removing it on an error
   * removes nothing else). */
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0) {
    output_io_error(d, path, errno);
    return -1;
  }
  close(fd);
  int err = 1;
  if (qpdf_init_write(q, path) & QPDF_ERRORS) {
    output_qpdf_error(q, path, d);
  } else {
    output_qpdf_write_options(q, pdf14);
    if (qpdf_write(q) & QPDF_ERRORS)
      output_qpdf_error(q, path, d);
    else if ((err = output_pdf_ends_whole(path)) < 0)
      diag_error_of(d, DIAG_IO, output_display_path(path), 0, "%s was cut short as it was "
                    "written (is the disk full, or the file size limited? free some space, or "
                    "choose another --out)", output_display_path(path));
    else if (err)
      output_io_error(d, path, err);
  }
  if (err) unlink(path);
  return err ? -1 : 0;
}

int output_qpdf_read(qpdf_data q, const char *path, char **buf, size_t *len) {
  *buf = NULL;
  *len = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return errno;
  struct stat st;
  int err = fstat(fd, &st) != 0 ? errno : !S_ISREG(st.st_mode) ? EINVAL : 0;
  close(fd);
  if (err) return err;
  gsize n = 0;
  GError *e = NULL;
  if (!g_file_get_contents(path, buf, &n, &e)) {
    err = e->code == G_FILE_ERROR_NOMEM ? ENOMEM : EIO;
    g_error_free(e);
    return err;
  }
  *len = n;
  return qpdf_read_memory(q, path, *buf, (unsigned long long)n, NULL) & QPDF_ERRORS ? -1 : 0;
}

/* A libqpdf handle for the bytes Cairo wrote: errors silenced (each is
 * said through diag), and its warnings too: they are about our own
 * intermediate bytes, never the user's business. */
static qpdf_data output_qpdf_new(void) {
  qpdf_data q = qpdf_init();
  qpdf_silence_errors(q);
  qpdf_set_suppress_warnings(q, QPDF_TRUE);
  return q;
}

/* The bytes Cairo wrote, read into q, finished by libqpdf and written to
 * path: by libqpdf itself when direct (no copy of the whole file in
 * memory: at 5,400 cards the print-shop file's finishing took 18 MB
 * less), else through output_qpdf_write. */
static int output_qpdf_rewrite(qpdf_data q, const char *to, const output_meta *meta,
                               double bleed, int direct, diag_list *d) {
  const output_finish *fin = meta->finish;
  output_qpdf_amend(q, meta, bleed);
  if (fin && fin->apply(q, fin->arg, d) != 0) return -1; /* the error is said */
  if (direct) return output_qpdf_write_direct(q, to, fin && fin->pdf14, d);
  if (qpdf_init_write_memory(q) & QPDF_ERRORS) {
    diag_error_of(d, DIAG_IO, output_display_path(to), 0, "cannot finish the PDF: out of memory");
    return -1;
  }
  output_qpdf_write_options(q, fin && fin->pdf14);
  return output_qpdf_write(q, to, d);
}

/* libqpdf's error when it refused the bytes Cairo wrote for path. */
static void output_qpdf_refused(qpdf_data q, const char *path, diag_list *d) {
  diag_error_of(d, DIAG_IO, output_display_path(path), 0, "cannot finish the PDF: %s",
                qpdf_has_error(q) ? qpdf_get_error_full_text(q, qpdf_get_error(q)) : "");
}

/* Finishes Cairo's surface; 0, or -1 with the error (named by final_path). */
static int output_pdf_end(output_pdf *pdf, const char *final_path, diag_list *d) {
  /* A drawing error stays in the context, not the surface. */
  cairo_status_t st = cairo_status(pdf->cr);
  cairo_destroy(pdf->cr);
  cairo_surface_finish(pdf->surface);
  if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(pdf->surface);
  cairo_surface_destroy(pdf->surface);
  if (st == CAIRO_STATUS_SUCCESS) return 0;
  diag_error_of(d, DIAG_IO, output_display_path(final_path), 0, "cannot write the PDF: %s",
                cairo_status_to_string(st));
  return -1;
}

int output_pdf_close(output_pdf *pdf, const char *final_path, const output_meta *meta,
                     double bleed, diag_list *d) {
  int status = output_pdf_end(pdf, final_path, d);
  if (status == 0) {
    qpdf_data q = output_qpdf_new();
    if (qpdf_read_memory(q, final_path, (const char *)pdf->buf, pdf->len, NULL) & QPDF_ERRORS) {
      output_qpdf_refused(q, final_path, d);
      status = -1;
    } else {
      status = output_qpdf_rewrite(q, final_path, meta, bleed, 0, d);
    }
    qpdf_cleanup(&q);
  }
  free(pdf->buf);
  *pdf = (output_pdf){0};
  return status;
}

void output_pdf_discard(output_pdf *pdf) {
  if (!pdf->surface) return;
  cairo_destroy(pdf->cr);
  cairo_surface_destroy(pdf->surface);
  free(pdf->buf);
  *pdf = (output_pdf){0};
}

int output_pdf_close_raw(output_pdf *pdf, const char *raw_path, const char *final_path,
                         diag_list *d) {
  int status = output_pdf_end(pdf, final_path, d);
  if (status == 0) {
    int err = output_write_new(raw_path, pdf->buf, pdf->len, 0);
    if (err) {
      output_io_error(d, final_path, err);
      status = -1;
    }
  }
  free(pdf->buf);
  *pdf = (output_pdf){0};
  return status;
}

int output_pdf_finish(const char *raw_path, const char *final_path, const output_meta *meta,
                      double bleed, diag_list *d) {
  qpdf_data q = output_qpdf_new();
  char *bytes = NULL;
  size_t len;
  int err = output_qpdf_read(q, raw_path, &bytes, &len), status = -1;
  if (err == ENOENT)
    diag_error_of(d, DIAG_IO, output_display_path(final_path), 0,
                  "cannot finish the PDF: what was drawn is gone (run it again)");
  else if (err > 0)
    diag_error_of(d, DIAG_IO, output_display_path(final_path), 0,
                  "cannot finish the PDF: what was drawn cannot be read: %s", strerror(err));
  else if (err < 0)
    output_qpdf_refused(q, final_path, d);
  else
    status = output_qpdf_rewrite(q, final_path, meta, bleed, 1, d);
  qpdf_cleanup(&q);
  g_free(bytes);
  unlink(raw_path);
  return status;
}

/* Staged files, replaced as one set (docs/architecture.md, "The output
 * folder"). For an output folder output/nl:
 *
 *   output/nl/cards.pdf -> ../.nl.kaartset/current/cards.pdf   one symlink a file
 *   output/.nl.kaartset/current -> g-XXXXXX                   swapped by one rename
 *   output/.nl.kaartset/g-XXXXXX/cards.pdf …                  the files of the last build
 *
 * The store sits beside the output folder, so the folder itself holds only
 * the files (and the user's own); when the parent cannot hold it (not
 * writable, another file system, the root), it is output/nl/.kaartset. A
 * build writes into a fresh generation made by mkdtemp, links into it the
 * files of the last generation it does not write itself (so calibrate and
 * build keep each other's files), then renames a new `current` over the old
 * one: readers see the old set or the new one, never a mix. The store is
 * locked (flock) while a build writes; a later build waits. */

#define OUTPUT_STORE ".kaartset"
/* Temporary links in the output folder start so; a killed build's are removed. */
#define OUTPUT_LINK_TMP ".kaartset-link-"
#define OUTPUT_CURRENT "current"
/* How long a build waits for another one writing into the same folder. */
#define OUTPUT_LOCK_WAIT_S 600

typedef struct output_staged {
  char *tmp, *final; /* owned */
} output_staged;

struct output_stage {
  char *dir;        /* owned: the output folder as given */
  int dir_fd;       /* the output folder */
  int store_fd;     /* the store, flock'ed */
  char *store;      /* owned: the store's path */
  char *link_to;    /* owned: what a name's link starts with, "../.nl.kaartset/current/" */
  char gen[16];     /* "g-XXXXXX" */
  char *gen_path;   /* owned: store/g-XXXXXX */
  output_staged *files;
  size_t n, cap;
  int committed;
  size_t errors;      /* the errors d held when the stage was made */
  output_stage *next; /* the list of live stages, for output_display_path */
};

static output_stage *output_live;

const char *output_display_path(const char *path) {
  for (output_stage *st = output_live; st; st = st->next)
    for (size_t i = 0; i < st->n; i++)
      if (strcmp(st->files[i].tmp, path) == 0) return st->files[i].final;
  return path;
}

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

static char *output_join(const char *dir, const char *name) {
  size_t n = strlen(dir) + strlen(name) + 2;
  char *s = malloc(n);
  if (!s) abort();
  snprintf(s, n, "%s/%s", dir, name);
  return s;
}

/* A fresh listing of the folder open on fd (a dup would share, and use up,
 * the position of an earlier listing). NULL when it cannot be read. */
static DIR *output_list(int fd) {
  int f = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *dp = f >= 0 ? fdopendir(f) : NULL;
  if (!dp && f >= 0) close(f);
  return dp;
}

/* Removes name under dirfd, a folder with all it holds; never follows a
 * symlink. Best effort: what cannot be removed stays. */
static void output_remove_at(int at, const char *name) {
  if (unlinkat(at, name, 0) == 0 || errno == ENOENT) return;
  int fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return;
  DIR *dp = fdopendir(fd);
  if (!dp) { close(fd); return; }
  for (struct dirent *e; (e = readdir(dp));)
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
      output_remove_at(dirfd(dp), e->d_name);
  closedir(dp);
  unlinkat(at, name, AT_REMOVEDIR);
}

/* Copies (hard links when it can) every entry of from that to lacks. */
static int output_carry(int from, int to) {
  DIR *dp = output_list(from);
  if (!dp) { return -1; }
  int rc = 0;
  for (struct dirent *e; rc == 0 && (e = readdir(dp));) {
    const char *n = e->d_name;
    struct stat s;
    if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0) continue;
    if (fstatat(from, n, &s, AT_SYMLINK_NOFOLLOW) != 0) continue;
    if (S_ISDIR(s.st_mode)) {
      if (mkdirat(to, n, 0777) != 0 && errno != EEXIST) { rc = -1; break; }
      int a = openat(from, n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      int b = openat(to, n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      rc = a >= 0 && b >= 0 ? output_carry(a, b) : -1;
      if (a >= 0) close(a);
      if (b >= 0) close(b);
      continue;
    }
    if (!S_ISREG(s.st_mode) || faccessat(to, n, F_OK, AT_SYMLINK_NOFOLLOW) == 0) continue;
    if (linkat(from, n, to, n, 0) == 0) continue;
    /* A file system without hard links: copy. */
    int in = openat(from, n, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    int out = openat(to, n, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    char buf[65536];
    ssize_t got = 0;
    while (in >= 0 && out >= 0 && (got = read(in, buf, sizeof buf)) > 0)
      if (write(out, buf, (size_t)got) != got) { got = -1; break; }
    if (in < 0 || out < 0 || got < 0) rc = -1;
    if (in >= 0) close(in);
    if (out >= 0) close(out);
  }
  closedir(dp);
  return rc;
}

/* Removes what a killed build left: generations `current` does not point
 * to, half-made links, and the .NAME.tmp files of kaartset 0.1. */
static void output_clean(output_stage *st) {
  char cur[64] = "";
  ssize_t k = readlinkat(st->store_fd, OUTPUT_CURRENT, cur, sizeof cur - 1);
  cur[k > 0 ? k : 0] = '\0';
  DIR *dp = output_list(st->store_fd);
  if (!dp) { return; }
  for (struct dirent *e; (e = readdir(dp));)
    if ((strncmp(e->d_name, "g-", 2) == 0 && strcmp(e->d_name, cur) != 0) ||
        strncmp(e->d_name, "c-", 2) == 0)
      output_remove_at(st->store_fd, e->d_name);
  closedir(dp);
  dp = output_list(st->dir_fd);
  if (!dp) { return; }
  static const char *const old[] = {".cards.pdf.tmp", ".cards-printshop.pdf.tmp",
                                    ".guide.pdf.tmp", ".werkvormen.pdf.tmp",
                                    ".calibration.pdf.tmp"};
  for (struct dirent *e; (e = readdir(dp));) {
    if (strncmp(e->d_name, OUTPUT_LINK_TMP, strlen(OUTPUT_LINK_TMP)) == 0)
      unlinkat(st->dir_fd, e->d_name, 0);
    for (size_t i = 0; i < sizeof old / sizeof old[0]; i++)
      if (strncmp(e->d_name, old[i], strlen(old[i])) == 0 &&
          (e->d_name[strlen(old[i])] == '\0' || strcmp(e->d_name + strlen(old[i]), ".cairo") == 0))
        unlinkat(st->dir_fd, e->d_name, 0);
  }
  closedir(dp);
}

/* Takes the folder's lock, waiting while another build holds it. */
static int output_lock(output_stage *st, diag_list *d) {
  for (int waited_ms = 0;; waited_ms += 50) {
    if (flock(st->store_fd, LOCK_EX | LOCK_NB) == 0) return 0;
    if (errno != EWOULDBLOCK && errno != EINTR) {
      /* A file system without locks: go on unlocked rather than refuse. */
      return errno == ENOLCK || errno == EINVAL || errno == ENOTSUP ? 0 : -1;
    }
    if (waited_ms >= OUTPUT_LOCK_WAIT_S * 1000) {
      diag_error_of(d, DIAG_IO, st->dir, 0, "another kaartset has been writing into this folder "
                    "for over %d minutes (wait for it to finish, or stop it, then build again)",
                    OUTPUT_LOCK_WAIT_S / 60);
      return -1;
    }
    nanosleep(&(struct timespec){0, 50 * 1000 * 1000}, NULL);
  }
}

/* Opens (making it when missing) the store beside the output folder, or
 * in it when the parent cannot hold it. */
static int output_open_store(output_stage *st, diag_list *d) {
  char *real = realpath(st->dir, NULL);
  char *slash = real ? strrchr(real, '/') : NULL;
  struct stat here, parent;
  if (slash && slash[1] && fstat(st->dir_fd, &here) == 0) {
    /* Beside it, found the way the kernel resolves "..". */
    size_t n = strlen(real) + sizeof OUTPUT_STORE + 2;
    st->store = malloc(n);
    if (!st->store) abort();
    snprintf(st->store, n, "%.*s/.%s" OUTPUT_STORE, (int)(slash - real), real, slash + 1);
    n = strlen(slash + 1) + sizeof OUTPUT_STORE + 16;
    st->link_to = malloc(n);
    if (!st->link_to) abort();
    snprintf(st->link_to, n, "../.%s" OUTPUT_STORE "/current/", slash + 1);
    *slash = '\0';
    if (stat(real[0] ? real : "/", &parent) == 0 && parent.st_dev == here.st_dev &&
        (mkdir(st->store, 0777) == 0 || errno == EEXIST)) {
      free(real);
      st->store_fd = open(st->store, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (st->store_fd >= 0) return 0;
      /* Something else has the name: never follow or replace it. */
      diag_error_of(d, DIAG_IO, st->store, 0, "not the folder kaartset keeps its files in (%s; "
                    "remove it, or choose another --out)", strerror(errno));
      return -1;
    }
    free(st->store);
    free(st->link_to);
    st->store = st->link_to = NULL;
  }
  free(real);
  st->store = output_join(st->dir, OUTPUT_STORE);
  st->link_to = strdup(OUTPUT_STORE "/current/");
  if (!st->link_to) abort();
  if (mkdirat(st->dir_fd, OUTPUT_STORE, 0777) != 0 && errno != EEXIST) {
    output_io_error(d, st->dir, errno);
    return -1;
  }
  st->store_fd = openat(st->dir_fd, OUTPUT_STORE, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (st->store_fd < 0) {
    diag_error_of(d, DIAG_IO, st->store, 0, "not the folder kaartset keeps its files in (%s; "
                  "remove it, or choose another --out)", strerror(errno));
    return -1;
  }
  return 0;
}

output_stage *output_stage_new(const char *dir, diag_list *d) {
  if (output_mkdirs(dir) != 0) {
    diag_error_of(d, DIAG_IO, dir, 0, "cannot create the output folder: %s (choose another with --out)",
               strerror(errno));
    return NULL;
  }
  output_stage *st = calloc(1, sizeof *st);
  if (!st || !(st->dir = strdup(dir))) abort();
  st->store_fd = -1;
  st->dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (st->dir_fd < 0) {
    diag_error_of(d, DIAG_IO, dir, 0, "cannot open the output folder: %s (choose another with "
                  "--out)", strerror(errno));
    output_stage_free(st);
    return NULL;
  }
  if (output_open_store(st, d) != 0) {
    output_stage_free(st);
    return NULL;
  }
  if (output_lock(st, d) != 0) {
    if (diag_error_count(d) == 0)
      diag_error_of(d, DIAG_IO, dir, 0, "cannot lock the output folder: %s", strerror(errno));
    output_stage_free(st);
    return NULL;
  }
  output_clean(st);
  char *tmpl = output_join(st->store, "g-XXXXXX");
  if (!mkdtemp(tmpl)) {
    output_io_error(d, dir, errno);
    free(tmpl);
    output_stage_free(st);
    return NULL;
  }
  st->gen_path = tmpl;
  st->errors = diag_error_count(d);
  snprintf(st->gen, sizeof st->gen, "%s", strrchr(tmpl, '/') + 1);
  st->next = output_live;
  output_live = st;
  return st;
}

const char *output_stage_path(output_stage *st, const char *name) {
  if (st->n == st->cap) {
    st->cap = st->cap ? 2 * st->cap : 8;
    st->files = realloc(st->files, st->cap * sizeof *st->files);
    if (!st->files) abort();
  }
  output_staged *f = &st->files[st->n++];
  f->final = output_join(st->dir, name);
  f->tmp = output_join(st->gen_path, name);
  /* A name in a subfolder gets its folder in the generation. */
  for (char *s = strchr(f->tmp + strlen(st->gen_path) + 1, '/'); s; s = strchr(s + 1, '/')) {
    *s = '\0';
    mkdir(f->tmp, 0777);
    *s = '/';
  }
  return f->tmp;
}

/* The top-level names of the generation, each checked: a folder of the
 * user's at one of them stops the build before anything is replaced. */
static int output_check_names(output_stage *st, int gen_fd, diag_list *d) {
  DIR *dp = output_list(gen_fd);
  if (!dp) { output_io_error(d, st->gen_path, errno); return -1; }
  int rc = 0;
  for (struct dirent *e; (e = readdir(dp));) {
    struct stat s, g;
    if (e->d_name[0] == '.') continue;
    if (fstatat(st->dir_fd, e->d_name, &s, AT_SYMLINK_NOFOLLOW) != 0) continue;
    if (fstatat(gen_fd, e->d_name, &g, AT_SYMLINK_NOFOLLOW) != 0 || S_ISDIR(g.st_mode)) continue;
    if (S_ISDIR(s.st_mode)) {
      diag_error_of(d, DIAG_IO, st->dir, 0, "'%s' here is a folder, where kaartset writes a file "
                    "(move the folder away, or choose another --out)", e->d_name);
      rc = -1;
    }
  }
  closedir(dp);
  return rc;
}

/* symlinkat, but failing with EPERM, as a FAT or exFAT file system (a USB
 * stick) does, when KAARTSET_TEST_NO_SYMLINKS is set: the tests' stand-in
 * for such a stick, which a container cannot mount. */
static int output_symlinkat(const char *target, int dir_fd, const char *name) {
  static int no_symlinks = -1;
  if (no_symlinks < 0) no_symlinks = getenv("KAARTSET_TEST_NO_SYMLINKS") != NULL;
  if (no_symlinks) {
    errno = EPERM;
    return -1;
  }
  return symlinkat(target, dir_fd, name);
}

/* Points every top-level name of the generation at .kaartset/current/NAME,
 * replacing what was there (a file of an older kaartset, a symlink
 * someone placed: the link itself, never its target). */
static int output_link_names(output_stage *st, int gen_fd, diag_list *d) {
  DIR *dp = output_list(gen_fd);
  if (!dp) { output_io_error(d, st->gen_path, errno); return -1; }
  int rc = 0;
  unsigned k = 0;
  for (struct dirent *e; rc == 0 && (e = readdir(dp));) {
    if (e->d_name[0] == '.') continue;
    char want[4096], have[4096], tmp[64];
    snprintf(want, sizeof want, "%s%s", st->link_to, e->d_name);
    ssize_t n = readlinkat(st->dir_fd, e->d_name, have, sizeof have - 1);
    if (n >= 0 && (size_t)n == strlen(want) && memcmp(have, want, (size_t)n) == 0) continue;
    snprintf(tmp, sizeof tmp, OUTPUT_LINK_TMP "%s-%u", st->gen + 2, k++);
    if (output_symlinkat(want, st->dir_fd, tmp) != 0 ||
        renameat(st->dir_fd, tmp, st->dir_fd, e->d_name) != 0) {
      rc = errno;
      unlinkat(st->dir_fd, tmp, 0);
    }
  }
  closedir(dp);
  return rc;
}

/* For a file system without symlinks (a FAT stick): the files are moved
 * into place one by one, which is all such a folder allows. */
static int output_move_names(output_stage *st, int gen_fd, diag_list *d) {
  DIR *dp = output_list(gen_fd);
  if (!dp) { output_io_error(d, st->gen_path, errno); return -1; }
  int rc = 0;
  for (struct dirent *e; rc == 0 && (e = readdir(dp));) {
    if (e->d_name[0] == '.') continue;
    if (renameat(gen_fd, e->d_name, st->dir_fd, e->d_name) != 0) {
      char *p = output_join(st->dir, e->d_name);
      diag_error_of(d, DIAG_IO, p, 0, "cannot write: %s", strerror(errno));
      free(p);
      rc = -1;
    }
  }
  closedir(dp);
  return rc;
}

/* Makes every file and folder of the generation readable as a folder made
 * with mkdir would be (mkdtemp makes it 0700). */
static void output_open_up(int fd) {
  mode_t mask = umask(022);
  umask(mask);
  fchmod(fd, 0777 & ~mask);
}

/* Flushes a staged file to the disk before it becomes the output. */
static int output_sync(const char *path) {
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return errno;
  int rc = fsync(fd) != 0 && errno != EINVAL ? errno : 0;
  close(fd);
  return rc;
}

int output_stage_commit(output_stage *st, diag_list *d) {
  /* An error since the stage was made (a library's internal error, logged
   * from wherever it happened: diag_route_library_logs) stops the set. */
  if (diag_error_count(d) > st->errors) return -1;
  for (size_t i = 0; i < st->n; i++) {
    int err = output_sync(st->files[i].tmp);
    if (err) {
      output_io_error(d, st->files[i].tmp, err);
      return -1;
    }
  }
  int gen_fd = openat(st->store_fd, st->gen, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (gen_fd < 0) {
    output_io_error(d, st->gen_path, errno);
    return -1;
  }
  int rc = output_check_names(st, gen_fd, d);
  /* The last generation: only a g-XXXXXX of the store, whatever `current`
   * was made to point to. */
  char cur[64] = "";
  ssize_t k = readlinkat(st->store_fd, OUTPUT_CURRENT, cur, sizeof cur - 1);
  cur[k > 0 ? k : 0] = '\0';
  int old_fd = strncmp(cur, "g-", 2) == 0 && !strchr(cur, '/')
                   ? openat(st->store_fd, cur, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                   : -1;
  if (rc == 0 && old_fd >= 0 && output_carry(old_fd, gen_fd) != 0) {
    output_io_error(d, st->gen_path, errno);
    rc = -1;
  }
  if (old_fd >= 0) close(old_fd);
  if (rc == 0) {
    output_open_up(gen_fd);
    fsync(gen_fd);
    int err = output_link_names(st, gen_fd, d);
    char tmp[64];
    snprintf(tmp, sizeof tmp, "c-%s", st->gen + 2);
    if (err == EPERM || err == ENOSYS || err == EOPNOTSUPP) {
      rc = output_move_names(st, gen_fd, d);
    } else if (err) {
      output_io_error(d, st->dir, err);
      rc = -1;
    } else if (output_symlinkat(st->gen, st->store_fd, tmp) != 0 ||
               renameat(st->store_fd, tmp, st->store_fd, OUTPUT_CURRENT) != 0) {
      /* The one step that replaces the set. */
      output_io_error(d, st->dir, errno);
      unlinkat(st->store_fd, tmp, 0);
      rc = -1;
    } else {
      st->committed = 1;
      fsync(st->store_fd);
      fsync(st->dir_fd);
      output_clean(st); /* the previous generation */
    }
  }
  close(gen_fd);
  return rc;
}

void output_stage_free(output_stage *st) {
  if (!st) return;
  for (output_stage **p = &output_live; *p; p = &(*p)->next)
    if (*p == st) { *p = st->next; break; }
  if (st->gen_path && !st->committed) output_remove_at(st->store_fd, st->gen);
  if (st->store_fd >= 0) close(st->store_fd); /* and with it the lock */
  if (st->dir_fd >= 0) close(st->dir_fd);
  for (size_t i = 0; i < st->n; i++) {
    free(st->files[i].tmp);
    free(st->files[i].final);
  }
  free(st->files);
  free(st->gen_path);
  free(st->store);
  free(st->link_to);
  free(st->dir);
  free(st);
}
