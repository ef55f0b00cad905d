/* build: the pipeline for one edition: load, check, lay out, render, commit. */
#include "build.h"

#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "blank.h"
#include "calibrate.h"
#include "check.h"
#include "content.h"
#include "deck.h"
#include "doc.h"
#include "export.h"
#include "fonts.h"
#include "guide.h"
#include "html.h"
#include "hyphen.h"
#include "jobs.h"
#include "model.h"
#include "output.h"
#include "paint.h"
#include "pdfcheck.h"
#include "pdfx.h"
#include "preflight.h"
#include "select.h"
#include "session.h"
#include "style.h"
#include "text.h"
#include "werkvorm.h"

/* Everything a build holds; freed in one place whatever step failed. */
typedef struct build_state {
  model_instrument *m;
  style *s;
  fonts *f;
  hyphen_dict *h;
  text_ctx *t;
  deck k;
  frame_doc *out[4];    /* what each output file prints: those of
                           build_plan's jobs[0] from 0; the guide's, at 3,
                           stays NULL: it is painted as it is made */
  paint_pdf_pages *guide; /* the guide painted ahead, in its own process */
  output_stage *stage;
} build_state;

/* The files of an edition; a file's --only bit is 1 << its index
 * (build.h), and BUILD_GUIDE is the guide's. */
static const struct {
  const char *name, *subject;
} build_files[] = {
  {"cards.pdf", "doc.cards"},
  {"cards-printshop.pdf", "doc.printshop"},
  {"guide.pdf", "doc.guide"},
  {"werkvormen.pdf", "doc.werkvormen"},
};
enum { BUILD_FILES = sizeof build_files / sizeof build_files[0], BUILD_SHOP = 1, BUILD_GUIDE = 2 };

static void build_state_free(build_state *b) {
  output_stage_free(b->stage);
  for (size_t i = 0; i < BUILD_FILES; i++) frame_doc_free(b->out[i]);
  paint_pdf_discard(b->guide);
  deck_free(&b->k);
  text_ctx_free(b->t);
  hyphen_free(b->h);
  fonts_free(b->f);
  style_free(b->s);
  model_free(b->m);
}

/* The last edition built, kept to the end of the process (or the next
 * build). Its frames (thousands in a large deck) are not freed: once the
 * painting jobs have forked, the first write to each page this process
 * shares with them is a page fault, and freeing touches them all (540
 * cards: 3,000 faults, about 60 ms, after the files were written). Held
 * here, it stays reachable: no leak to a leak checker. */
static build_state build_kept;

static void build_keep(build_state *b) {
  output_stage_free(b->stage); /* the output folder's lock goes now */
  b->stage = NULL;
  build_state_free(&build_kept);
  build_kept = *b;
  *b = (build_state){0};
}

/* The exit code of a failed step: the kind of its first error. */
static int build_status(int rc, diag_list *d) {
  if (rc == 0) return BUILD_OK;
  int kind = diag_exit_code(d);
  return kind ? kind : BUILD_IO_ERROR;
}

/* The fonts of fonts_dir, and those of the edition's own fonts/ folder
 * (a script the shared fonts lack) when it has one. */
static fonts *build_fonts(const build_options *o, diag_list *d) {
  fonts *f = fonts_load(o->fonts_dir, d);
  char own[4096];
  snprintf(own, sizeof own, "%s/fonts", o->content_dir);
  if (f && access(own, F_OK) == 0 && fonts_add_dir(f, own, d) != 0) {
    fonts_free(f);
    return NULL;
  }
  return f;
}

static int build_load(const build_options *o, build_state *b, diag_list *d) {
  char path[4096];
  snprintf(path, sizeof path, "%s/instrument.xml", o->content_dir);
  /* Both are loaded before giving up, so all their errors come at once. */
  char ref[4096];
  if (o->reference_dir) snprintf(ref, sizeof ref, "%s/instrument.xml", o->reference_dir);
  b->m = content_load_edition(path, o->reference_dir ? ref : NULL, o->allow_incomplete, d);
  if (b->m && o->fallbacks) *o->fallbacks = b->m->n_fallbacks;
  b->s = style_load_file(o->template_path, d);
  /* A file that cannot be read at all is an input/output error (exit 3),
   * a broken one a content or template error (exit 1): the kind of the
   * first error says which. */
  if (!b->m || !b->s) return build_status(-1, d);
  if (o->date) b->m->meta.date = o->date; /* SOURCE_DATE_EPOCH wins over the content */
  b->f = build_fonts(o, d);
  if (!b->f) return build_status(-1, d);
  if (!fonts_has_family(b->f, b->s->font_family)) {
    diag_error(d, b->s->file, 0, "font family '%s' is not in %s (use a family of the font "
               "files there)", b->s->font_family, o->fonts_dir);
    return BUILD_CONTENT_ERROR;
  }
  b->h = hyphen_load(b->m->lang, o->hyphen_dir, d);
  b->t = text_ctx_new(b->f, b->h, b->m);
  return BUILD_OK;
}

/* The office paper asked for, or the template's first. */
static const style_paper *build_paper(const build_options *o, const style *s, diag_list *d) {
  if (!o->paper) return &s->papers[0];
  const style_paper *p = style_paper_find(s, o->paper);
  if (!p) {
    char names[512] = "";
    for (size_t i = 0; i < s->n_papers; i++)
      snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? ", " : "",
               s->papers[i].name);
    diag_error_of(d, DIAG_USAGE, NULL, 0,
                  "--paper %s: the template %s has no such paper (use one of: %s)", o->paper,
                  s->file, names);
  }
  return p;
}

/* The guide's pages as they are made (frame_doc_stream): each checked,
 * then painted while no page has failed, then freed. */
typedef struct build_guide_pages {
  preflight *check;
  paint_pdf_pages *pdf; /* NULL once a page failed */
} build_guide_pages;

static void build_guide_page(void *arg, frame_doc *doc, size_t index) {
  build_guide_pages *g = arg;
  if (preflight_page(g->check, index) != 0) {
    paint_pdf_discard(g->pdf);
    g->pdf = NULL;
  }
  if (g->pdf) paint_pdf_page(g->pdf, doc->pages[index]);
}

/* The guide painted (not yet finished: paint_pdf_end), checked as
 * build_preflight checks the others; NULL with the errors in d. It is laid
 * out, checked and painted a page at a time: at 5,400 cards its frames
 * were 60 MB held at once. */
static paint_pdf_pages *build_guide_pdf(build_state *b, const char *name, diag_list *d) {
  doc *g = guide_layout(b->t, b->s, b->m, d);
  if (!g) return NULL;
  output_meta meta = output_meta_of(b->m, build_files[BUILD_GUIDE].subject);
  paint_pdf_pages *pdf = paint_pdf_begin(b->s->doc_w, b->s->doc_h, name, &meta, d);
  if (!pdf) {
    doc_free(g);
    return NULL;
  }
  build_guide_pages pages = {preflight_begin(b->s, d), pdf};
  frame_doc *f = frame_doc_new();
  preflight_doc_begin(pages.check, f, name);
  frame_doc_stream(f, build_guide_page, &pages);
  guide_frames(f, g, b->t, b->s, b->m);
  doc_free(g);
  preflight_doc_end(pages.check);
  /* A page that failed has given the PDF up already (build_guide_page). */
  if (preflight_end(pages.check) != 0) {
    paint_pdf_discard(pages.pdf);
    pages.pdf = NULL;
  } else {
    paint_pdf_bookmarks(pages.pdf, f);
  }
  frame_doc_free(f);
  return pages.pdf;
}

/* The werkvorm pages as frames, checked; NULL with the errors in d. */
static frame_doc *build_werkvorm_frames(build_state *b, const char *name, diag_list *d) {
  doc **w = calloc(b->m->n_werkvormen + 1, sizeof *w);
  if (!w) abort();
  frame_doc *f = NULL;
  if (werkvorm_layout_all(b->t, b->s, b->m, w, d) == 0) {
    f = werkvorm_frames(w, b->s, b->m);
    if (preflight_doc(f, name, b->s, d) != 0) {
      frame_doc_free(f);
      f = NULL;
    }
  }
  /* The frames own what they print: the flowed pages and their layouts go. */
  for (size_t i = 0; i < b->m->n_werkvormen; i++) doc_free(w[i]);
  free(w);
  return f;
}

/* The heap a building process reserves at its start (jobs_reserve_heap):
 * its memory then comes in huge pages, a page fault for 2 MiB instead of
 * one for every 4 KiB. The Dutch edition (perf stat, 10 runs, alternated
 * with the build before three times): 4,570 page faults in all its
 * processes before, about 2,000 after; 300 to 245-260 ms of processor
 * time, 0.20 to 0.18 s. */
#define BUILD_HEAP_RESERVE ((size_t)32 << 20)

/* Below this many pages in all, the files are painted one after another in
 * this process; above it, side by side (jobs.h). */
enum { BUILD_PARALLEL_PAGES = 200 };

/* Files to paint: each a frame document, or (docs[i] NULL) the guide or
 * the werkvorm pages, laid out where they are painted (build_paint_one). */
typedef struct build_paint_job {
  const build_options *o;
  build_state *b;
  frame_doc **docs;
  const char **names, **subjects;
  const char **paths;   /* staged path of each file, then of deck.html */
  size_t n;             /* PDFs; with html, a job n is deck.html */
  int html;
  int finish_fd;        /* >= 0: the finisher's pipe (build_finisher_task); -1: finished here */
} build_paint_job;

/* The index in build_files of the file called name. */
static size_t build_file_index(const char *name) {
  size_t i = 0;
  while (i < BUILD_FILES && strcmp(build_files[i].name, name) != 0) i++;
  return i;
}

/* Hands the finisher the PDF Cairo drew to raw for the file of index i, to
 * be finished into path; 0, or -1 with an error. A request is one write no
 * longer than a pipe passes whole, so the jobs' requests never mix. */
static int build_finish_send(int fd, size_t i, const char *raw, const char *path,
                             const char *lang, double bleed, diag_list *d) {
  char req[PIPE_BUF];
  int len = snprintf(req, sizeof req, "%zu%c%s%c%s%c%s%c%.17g%c", i, 0, raw, 0, path, 0,
                     lang ? lang : "", 0, bleed, 0);
  void (*was)(int) = signal(SIGPIPE, SIG_IGN);
  int sent = len > 0 && (size_t)len < sizeof req && write(fd, req, (size_t)len) == len;
  signal(SIGPIPE, was);
  if (sent) return 0;
  unlink(raw);
  diag_error_of(d, DIAG_IO, NULL, 0, "cannot pass %s on to be finished (run it again)",
                build_files[i < BUILD_FILES ? i : 0].name);
  return -1;
}

/* Paints file i (or, for i == n, deck.html) to its staged path. */
static int build_paint_one(size_t i, void *arg, diag_list *d) {
  build_paint_job *j = arg;
  build_state *b = j->b;
  /* The screen deck beside the PDFs, from the same card frames; an edition
   * without its labels gets a warning and no deck.html (result 1). */
  if (i == j->n) return html_write_deck(&b->k, b->m, j->paths[i], d);
  output_meta meta = output_meta_of(b->m, j->subjects[i]);
  /* The print-shop file: PDF/X-1a in CMYK (see pdfx.h), then checked as a
   * print shop would check it. */
  size_t file = build_file_index(j->names[i]);
  int shop = file == BUILD_SHOP;
  pdfx_job pj = {.s = b->s, .icc_path = j->o->icc_path, .path = j->paths[i]};
  output_finish pdfx = {.apply = pdfx_apply, .arg = &pj, .pdf14 = 1};
  if (shop) meta.finish = &pdfx;
  paint_pdf_pages *pdf = NULL;
  if (j->docs[i]) {
    pdf = paint_pdf_frames(j->docs[i], j->paths[i], &meta, d);
  } else if (file == BUILD_GUIDE) {
    pdf = b->guide ? b->guide : build_guide_pdf(b, j->names[i], d);
    b->guide = NULL;
  } else {
    frame_doc *own = build_werkvorm_frames(b, j->names[i], d);
    if (own) pdf = paint_pdf_frames(own, j->paths[i], &meta, d);
    frame_doc_free(own);
  }
  if (!pdf) return -1;
  int rc;
  if (j->finish_fd >= 0) {
    /* Drawn here, finished (and the print-shop file checked) by the finisher. */
    char *raw = g_strdup_printf("%s.cairo", j->paths[i]);
    double bleed = paint_pdf_bleed(pdf);
    rc = paint_pdf_end(pdf, j->paths[i], raw, &meta, d);
    if (rc == 0) rc = build_finish_send(j->finish_fd, file, raw, j->paths[i], meta.lang, bleed, d);
    g_free(raw);
  } else {
    rc = paint_pdf_end(pdf, j->paths[i], NULL, &meta, d);
    if (rc == 0 && shop && pdfcheck_file(j->paths[i], PDFCHECK_PRINTSHOP, NULL, d) != 0) rc = -1;
  }
  return rc != 0 ? -1 : 0;
}

/* Checks the frame documents of j together (a shared card frame once). */
static int build_preflight(const build_paint_job *j, diag_list *d) {
  const frame_doc *made[BUILD_FILES] = {0};
  const char *made_names[BUILD_FILES] = {0};
  size_t n_made = 0;
  for (size_t i = 0; i < j->n; i++)
    if (j->docs[i]) made[n_made] = j->docs[i], made_names[n_made++] = j->names[i];
  return preflight_docs(made, made_names, n_made, j->b->s, d) != 0 ? -1 : 0;
}

/* Stages the files of jobs[0..n) in b->stage, made here, and writes the
 * paths of jobs[1] to fd when fd >= 0 (the guide's process waits for them). */
static int build_stage(build_state *b, build_paint_job *jobs, size_t n, int fd, diag_list *d) {
  b->stage = output_stage_new(jobs[0].o->out_dir, d);
  if (!b->stage) {
    if (fd >= 0) close(fd);
    return -1;
  }
  for (size_t k = 0; k < n; k++) {
    build_paint_job *j = &jobs[k];
    for (size_t i = 0; i < j->n; i++) j->paths[i] = output_stage_path(b->stage, j->names[i]);
    if (j->html) j->paths[j->n] = output_stage_path(b->stage, "deck.html");
  }
  if (fd >= 0) {
    /* A process that failed has closed its end: no signal for that, it
     * tells its own error. */
    void (*was)(int) = signal(SIGPIPE, SIG_IGN);
    FILE *out = fdopen(fd, "w");
    for (size_t i = 0; out && n > 1 && i < jobs[1].n; i++)
      fwrite(jobs[1].paths[i], strlen(jobs[1].paths[i]) + 1, 1, out);
    if (out) fclose(out); else close(fd);
    signal(SIGPIPE, was);
  }
  return 0;
}

/* Paints each file of j to its staged path (side by side on the machine's
 * cores when there are many pages, jobs.h). */
static int build_paint(build_paint_job *j, diag_list *d) {
  size_t pages = 0;
  for (size_t i = 0; i < j->n; i++) pages += j->docs[i] ? j->docs[i]->n_pages : 0;
  size_t n = j->n + (j->html != 0);
  int results[BUILD_FILES + 1];
  /* A small edition is painted sooner here than in a process for each
   * file: a child's first writes to the memory it shares with this one
   * are page faults that copy it (measured: the Dutch edition 0.37 s
   * here, 0.76 s in child processes, of which 0.4 s in the kernel). */
  if (pages < BUILD_PARALLEL_PAGES) {
    j->finish_fd = -1;
    for (size_t i = 0; i < n; i++)
      if (build_paint_one(i, j, d) < 0) return -1;
    return 0;
  }
  return jobs_run(n, build_paint_one, j, results, d);
}

/* The deck laid out, when one of its files is asked for (cards, print-shop
 * file, deck.html), and the frames of its PDFs in j. */
static int build_deck(const build_options *o, build_state *b, const style_paper *paper,
                      build_paint_job *j, diag_list *d) {
  unsigned want = o->only ? o->only : ~0u;
  if (!(want & (BUILD_ONLY_CARDS | BUILD_ONLY_PRINTSHOP | BUILD_ONLY_HTML))) return 0;
  if (deck_layout(b->t, b->s, b->m, &b->k, d) != 0) return -1;
  if (select_deck(&b->k, b->m, &o->select, d) != 0) return -1;
  if (blank_add(&b->k, b->t, b->s, b->m, o->blank, !select_active(&o->select), d) != 0)
    return -1;
  if (!(want & (BUILD_ONLY_CARDS | BUILD_ONLY_PRINTSHOP))) return 0;
  deck_sheet_options so = {
    .paper_w = paper->w, .paper_h = paper->h,
    .duplex = o->duplex, .back_dx = o->back_dx, .back_dy = o->back_dy,
    .marks = o->marks < 0 ? b->s->marks : (style_marks)o->marks,
  };
  frame_doc *made[2] = {NULL, NULL}; /* cards.pdf, cards-printshop.pdf */
  if (deck_frames(&b->k, b->t, b->s, b->m, &so, &made[0], &made[1], d) != 0) return -1;
  for (size_t k = 0; k < j->n; k++)
    for (size_t i = 0; i < 2; i++)
      if (strcmp(j->names[k], build_files[i].name) == 0) j->docs[k] = made[i], made[i] = NULL;
  frame_doc_free(made[0]);
  frame_doc_free(made[1]);
  return 0;
}

/* The files asked for (o->only), in build_files order (their bits are
 * 1 << index): the guide into jobs[1], the others into jobs[0], and
 * deck.html with those. The guide goes apart for it needs nothing of the
 * deck's and is the largest layout but the deck's (measured, the Dutch
 * edition: the deck's files 84 ms, the guide 100 ms, the werkvorm pages
 * 46 ms). */
static void build_plan(const build_options *o, build_paint_job jobs[2]) {
  unsigned want = o->only ? o->only : ~0u;
  jobs[0].html = (want & BUILD_ONLY_HTML) != 0;
  for (size_t i = 0; i < BUILD_FILES; i++) {
    if (!(want & (1u << i))) continue;
    build_paint_job *j = &jobs[i == BUILD_GUIDE];
    j->names[j->n] = build_files[i].name, j->subjects[j->n] = build_files[i].subject;
    j->n++;
  }
}

/* The guide's own process (build_edition): started before anything is
 * loaded, it shares almost no memory with this one (the first write to a
 * page both share is a fault that copies it: the Dutch edition spent
 * twice the time in the kernel when it was started after the load). It
 * loads the edition and lays out the guide itself, then reads the staged
 * path of its file from fd[0] once this process has staged it. */
typedef struct build_beside {
  const build_options *o;
  int fd[2];
} build_beside;

static int build_beside_task(size_t unused, void *arg, diag_list *d) {
  (void)unused;
  build_beside *side = arg;
  close(side->fd[1]);
  build_state b = {0};
  jobs_reserve_heap(BUILD_HEAP_RESERVE);
  /* The same load as this process's parent, which says its messages. */
  diag_list *load = diag_new();
  int rc = build_load(side->o, &b, load) == BUILD_OK ? 0 : -1;
  if (rc != 0) diag_take(d, load);
  diag_free(load);
  const char *names[BUILD_FILES], *subjects[BUILD_FILES], *paths[BUILD_FILES + 1];
  build_paint_job j = {side->o, &b, &b.out[3], names, subjects, paths, 1, 0, -1};
  names[0] = build_files[BUILD_GUIDE].name, subjects[0] = build_files[BUILD_GUIDE].subject;
  if (rc == 0 && !(b.guide = build_guide_pdf(&b, names[0], d))) rc = -1;
  FILE *in = rc == 0 ? fdopen(side->fd[0], "r") : NULL;
  char *path = NULL;
  size_t cap = 0;
  /* No path: the parent failed, and says why. */
  if (in && getdelim(&path, &cap, '\0', in) > 0) {
    paths[0] = path;
    rc = build_paint_one(0, &j, d);
  }
  if (in) fclose(in); else close(side->fd[0]);
  free(path);
  /* Not freed: the process ends when its task does (jobs.h), and freeing
   * a large guide's frames would only hold up the build. */
  return rc;
}

enum { BUILD_REQUEST = 5 }; /* the fields of a request (build_finish_send) */

/* The finisher's process (build_edition): like the guide's, started
 * before anything is loaded. The painting jobs of a large edition send it
 * what Cairo drew (build_finish_send); it makes each file of it with
 * libqpdf (and PDF/X), and checks the print-shop file, as the jobs did
 * before. The memory libqpdf takes for a large file then adds to this
 * small process, not to a job forked from the one that holds every card
 * (at 5,400 cards, a job's memory was the deck's and libqpdf's together).
 * Each file is finished in a process of its own, forked from this one, so
 * the next file drawn need not wait for the one before (at 5,400 cards
 * the office sheets were drawn while the print-shop file was finished,
 * then waited 3 s for its check). Messages come by file, in build_files
 * order. */
typedef struct build_finisher {
  const build_options *o;
  int fd[2];
  int guide_fd;   /* the guide's pipe: not this process's to hold */
  char *f[BUILD_REQUEST];  /* the request being finished: index, raw, path, lang, bleed */
  pid_t pid;      /* the finisher's */
} build_finisher;

/* Finishes the request fin->f (build_finish_send): the file of index i. */
static int build_finish_one(size_t i, void *arg, diag_list *d) {
  build_finisher *fin = arg;
  char **f = fin->f;
  /* Apart, it ends with the finisher (stopped when the build failed). */
  if (getpid() != fin->pid &&
      (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != fin->pid)) {
    diag_error_of(d, DIAG_IO, NULL, 0, "cannot finish the PDFs: the build stopped");
    return -1;
  }
  output_meta meta = {.lang = *f[3] ? f[3] : NULL};
  int shop = i == BUILD_SHOP;
  pdfx_job pj = {.icc_path = fin->o->icc_path, .path = f[2]};
  output_finish pdfx = {.apply = pdfx_apply, .arg = &pj, .pdf14 = 1};
  style *s = NULL;
  if (shop) {
    if (!(s = style_load_file(fin->o->template_path, d))) {
      unlink(f[1]);
      return -1;
    }
    pj.s = s;
    meta.finish = &pdfx;
  }
  /* libqpdf takes about 20 times the drawn file (5,400 cards: 10 MB
   * drawn, 186 MB at the peak), in many small pieces (jobs.h). */
  struct stat st;
  if (stat(f[1], &st) == 0) jobs_reserve_heap(24 * (size_t)st.st_size);
  int rc = output_pdf_finish(f[1], f[2], &meta, strtod(f[4], NULL), d);
  if (rc == 0 && shop && pdfcheck_file(f[2], PDFCHECK_PRINTSHOP, NULL, d) != 0) rc = -1;
  style_free(s);
  return rc;
}

static int build_finisher_task(size_t unused, void *arg, diag_list *d) {
  (void)unused;
  build_finisher *fin = arg;
  fin->pid = getpid();
  close(fin->fd[1]);
  if (fin->guide_fd >= 0) close(fin->guide_fd);
  FILE *in = fdopen(fin->fd[0], "r");
  if (!in) {
    close(fin->fd[0]);
    diag_error_of(d, DIAG_IO, NULL, 0, "cannot finish the PDFs: out of memory");
    return -1;
  }
  diag_list *said[BUILD_FILES] = {0};
  jobs_bg *apart[BUILD_FILES] = {0};
  size_t cap[BUILD_REQUEST] = {0};
  int status = 0;
  for (;;) {
    int k = 0;
    while (k < BUILD_REQUEST && getdelim(&fin->f[k], &cap[k], '\0', in) > 0) k++;
    /* The end (or a request cut short: the job that sent it died, and
     * that is an error of its own). */
    if (k < BUILD_REQUEST) break;
    size_t i = strtoul(fin->f[0], NULL, 10);
    if (i >= BUILD_FILES || said[i]) continue;
    said[i] = diag_new();
    /* In a process of its own; here, one after another, when it cannot. */
    if (!(apart[i] = jobs_start(build_finish_one, i, fin)) &&
        build_finish_one(i, fin, said[i]) != 0)
      status = -1;
  }
  fclose(in);
  for (size_t i = 0; i < BUILD_FILES; i++) {
    if (apart[i] && jobs_end(apart[i], 1, said[i]) != 0) status = -1;
    if (said[i]) diag_take(d, said[i]), diag_free(said[i]);
  }
  for (size_t k = 0; k < BUILD_REQUEST; k++) free(fin->f[k]);
  return status;
}

/* Ends the finisher once the jobs have sent it everything (used: they
 * did send, their files wait for it); stops it when unused. */
static int build_finish_end(jobs_bg **finisher, build_finisher *fin, int used, diag_list *d) {
  if (fin->fd[1] >= 0) close(fin->fd[1]);
  fin->fd[1] = -1;
  int rc = used ? jobs_end(*finisher, 1, d) : (jobs_end(*finisher, 0, d), 0);
  *finisher = NULL;
  return rc;
}

/* Every file asked for, committed together: nothing is written unless all
 * of it is right. beside (when not NULL) makes the guide in its own
 * process, given its path through side->fd[1], while this one makes the
 * other files; else it is made here, after them. Its messages come after
 * theirs; when they fail, its messages are dropped (one cause, one
 * message: a label's missing glyph on the cards and in the guide). */
static int build_render(const build_options *o, build_state *b, jobs_bg **beside,
                        build_beside *side, jobs_bg **finisher, build_finisher *fin,
                        diag_list *d) {
  const style_paper *paper = build_paper(o, b->s, d);
  if (!paper) return -1;
  const char *names[2][BUILD_FILES], *subjects[2][BUILD_FILES], *paths[2][BUILD_FILES + 1];
  build_paint_job jobs[2] = {
    {o, b, &b->out[0], names[0], subjects[0], paths[0], 0, 0, -1},
    {o, b, &b->out[3], names[1], subjects[1], paths[1], 0, 0, -1},
  };
  build_plan(o, jobs);
  if (build_deck(o, b, paper, &jobs[0], d) != 0 || build_preflight(&jobs[0], d) != 0) return -1;
  int fd = *beside ? side->fd[1] : -1;
  side->fd[1] = -1; /* build_stage closes it */
  jobs[0].finish_fd = *finisher ? fin->fd[1] : -1;
  if (build_stage(b, jobs, 2, fd, d) != 0 || build_paint(&jobs[0], d) != 0) return -1;
  if (build_finish_end(finisher, fin, jobs[0].finish_fd >= 0, d) != 0) return -1;
  int rc = *beside ? jobs_end(*beside, 1, d) : build_paint(&jobs[1], d);
  *beside = NULL;
  if (rc != 0) return -1;
  return output_stage_commit(b->stage, d);
}

/* Starts task in a process of its own (jobs_start) that reads from fd[0];
 * this process keeps fd[1] to write to it. NULL (fd[1] then -1) when it
 * cannot run beside: the caller does its work itself. */
static jobs_bg *build_start_apart(jobs_task task, void *arg, int fd[2]) {
  if (pipe(fd) != 0) {
    fd[0] = fd[1] = -1;
    return NULL;
  }
  jobs_bg *bg = jobs_start(task, 0, arg);
  close(fd[0]);
  fd[0] = -1;
  if (!bg) close(fd[1]), fd[1] = -1;
  return bg;
}

int build_edition(const build_options *o, diag_list *d) {
  unsigned want = o->only ? o->only : ~0u;
  build_beside side = {o, {-1, -1}};
  jobs_bg *beside = (want & BUILD_ONLY_GUIDE) && (want & ~(unsigned)BUILD_ONLY_GUIDE)
                        ? build_start_apart(build_beside_task, &side, side.fd)
                        : NULL;
  build_finisher fin = {o, {-1, -1}, side.fd[1], {0}, 0};
  jobs_bg *finisher = want & ~(unsigned)BUILD_ONLY_GUIDE
                          ? build_start_apart(build_finisher_task, &fin, fin.fd)
                          : NULL;
  /* After the processes above are started: they reserve their own. */
  jobs_reserve_heap(BUILD_HEAP_RESERVE);
  build_state b = {0};
  int rc = build_load(o, &b, d);
  if (rc == BUILD_OK)
    rc = build_status(build_render(o, &b, &beside, &side, &finisher, &fin, d), d);
  /* This process failed: the guide's and the finisher's processes stop, unheard. */
  if (side.fd[1] >= 0) close(side.fd[1]);
  if (fin.fd[1] >= 0) close(fin.fd[1]);
  jobs_end(finisher, 0, d);
  jobs_end(beside, 0, d);
  build_keep(&b);
  return rc;
}

int build_export(const build_options *o, export_format fmt, double dpi, diag_list *d) {
  build_state b = {0};
  int rc = build_load(o, &b, d);
  if (rc == BUILD_OK) {
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/images", o->out_dir);
    int status = deck_layout(b.t, b.s, b.m, &b.k, d);
    if (status == 0) status = select_deck(&b.k, b.m, &o->select, d);
    if (status == 0 && fmt == EXPORT_HTML) {
      /* The screen deck: one file beside the PDFs, replaced whole. */
      output_stage *st = output_stage_new(o->out_dir, d);
      status = st ? html_write_deck(&b.k, b.m, output_stage_path(st, "deck.html"), d)
                  : -1;
      if (status > 0) {
        /* Asked for on its own, a deck.html that cannot be made is an error. */
        diag_error(d, b.m->file, 0, "deck.html needs the labels named above (copy them from "
                   "the reference edition and translate them)");
        status = -1;
      }
      if (status == 0) status = output_stage_commit(st, d);
      output_stage_free(st);
    } else if (status == 0) {
      status = export_deck(&b.k, b.s, b.m, fmt, dpi, dir, d);
    }
    rc = build_status(status, d);
  }
  build_state_free(&b);
  return rc;
}

int build_session(const build_options *o, const char *plan_path, diag_list *d) {
  session_plan *plan = session_plan_load_file(plan_path, d);
  if (!plan) return build_status(-1, d);
  build_options so = *o;
  char content[4096], out[4096];
  if (!so.content_dir) {
    /* The plan's language names the edition, in the working folder or the source tree. */
    snprintf(content, sizeof content, "content/%s", plan->lang);
    if (access(content, F_OK) != 0)
      snprintf(content, sizeof content, "%s/content/%s", KAARTSET_DATADIR, plan->lang);
    so.content_dir = content;
  }
  if (!so.out_dir) {
    const char *base = strrchr(so.content_dir, '/');
    snprintf(out, sizeof out, "output/%s", base && base[1] ? base + 1 : so.content_dir);
    so.out_dir = out;
  }
  build_state b = {0};
  int rc = build_load(&so, &b, d);
  if (rc == BUILD_OK) {
    const style_paper *paper = build_paper(&so, b.s, d);
    int status = paper ? deck_layout(b.t, b.s, b.m, &b.k, d) : -1;
    if (status == 0) {
      deck_sheet_options dso = {
        .paper_w = paper->w, .paper_h = paper->h,
        .duplex = so.duplex, .back_dx = so.back_dx, .back_dy = so.back_dy,
        .marks = so.marks < 0 ? b.s->marks : (style_marks)so.marks,
      };
      char dir[4096];
      snprintf(dir, sizeof dir, "%s/sessions", so.out_dir);
      status = session_write(plan, b.t, b.s, b.m, &b.k, &dso, dir, d);
      if (status == 0)
        printf("kaartset: wrote %zu session pack%s into %s/\n", plan->n_sessions,
               plan->n_sessions == 1 ? "" : "s", dir);
    }
    rc = build_status(status, d);
  }
  build_state_free(&b);
  session_plan_free(plan);
  return rc;
}

int build_calibration(const build_options *o, diag_list *d) {
  build_state b = {0};
  int rc = build_load(o, &b, d);
  if (rc != BUILD_OK) {
    build_state_free(&b);
    return rc;
  }
  const style_paper *paper = build_paper(o, b.s, d);
  sheet_layout l;
  /* The sheet in the orientation the cards are printed in, so that X and
   * Y read off it are the axes of the cards' back pages. */
  int status = paper ? deck_sheet_layout(b.s, paper->w, paper->h, &l, d) : -1;
  if (status == 0) {
    b.out[0] = calibrate_frames(b.t, b.s, b.m, &l, o->duplex);
    const char *names[] = {"calibration.pdf"}, *subjects[] = {"doc.calibration"}, *paths[1];
    build_paint_job j = {o, &b, b.out, names, subjects, paths, 1, 0, -1};
    status = build_preflight(&j, d) == 0 && build_stage(&b, &j, 1, -1, d) == 0 &&
                     build_paint(&j, d) == 0 ? output_stage_commit(b.stage, d) : -1;
  }
  build_state_free(&b);
  return build_status(status, d);
}

int build_check(const build_options *o, const char *reference_dir, diag_list *d) {
  char path[4096], ref[4096], record[4096];
  snprintf(path, sizeof path, "%s/instrument.xml", o->content_dir);
  snprintf(ref, sizeof ref, "%s/instrument.xml", reference_dir);
  snprintf(record, sizeof record, "%s/reviewed.txt", o->content_dir);
  model_instrument *r = content_load_file(ref, d);
  model_instrument *t = r ? content_load_translation_file(path, r, d) : NULL;
  check_record *rec = t ? check_record_load(record, d) : NULL;
  int rc = t && r && !rec ? BUILD_IO_ERROR : BUILD_CONTENT_ERROR;
  if (t && r && rec) {
    /* Marked first, so that what check then lists is what is left. */
    if (o->mark_reviewed) {
      check_mark_reviewed(rec, t, r, o->mark_reviewed);
      if (check_record_save(rec, r, record, d) != 0) rc = BUILD_IO_ERROR;
    }
    size_t errors = check_edition(t, r, rec, d);
    /* The characters against the fonts the edition is built with. */
    style *s = style_load_file(o->template_path, d);
    fonts *f = s ? build_fonts(o, d) : NULL;
    if (f) errors += check_glyphs(t, f, s->font_family, d);
    if (rc != BUILD_IO_ERROR) rc = errors == 0 && s && f ? BUILD_OK : BUILD_CONTENT_ERROR;
    fonts_free(f);
    style_free(s);
    hyphen_free(hyphen_load(t->lang, o->hyphen_dir, d)); /* warns when there is none */
  }
  check_record_free(rec);
  model_free(t);
  model_free(r);
  return rc;
}
