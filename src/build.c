/* build: the pipeline for one edition: load, check, lay out, render, commit. */
#include "build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calibrate.h"
#include "check.h"
#include "content.h"
#include "deck.h"
#include "doc.h"
#include "fonts.h"
#include "guide.h"
#include "hyphen.h"
#include "model.h"
#include "output.h"
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
  doc *guide;           /* the guide laid out */
  doc **werkvormen;     /* one laid-out page per werkvorm */
  output_stage *stage;
} build_state;

static void build_state_free(build_state *b) {
  output_stage_free(b->stage);
  for (size_t i = 0; b->werkvormen && i < b->m->n_werkvormen; i++) doc_free(b->werkvormen[i]);
  free(b->werkvormen);
  doc_free(b->guide);
  deck_free(&b->k);
  text_ctx_free(b->t);
  hyphen_free(b->h);
  fonts_free(b->f);
  style_free(b->s);
  model_free(b->m);
}

static int build_is_readable_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, R_OK) == 0;
}

static int build_load(const build_options *o, build_state *b, diag_list *d) {
  char path[4096];
  snprintf(path, sizeof path, "%s/instrument.xml", o->content_dir);
  /* A file that cannot be read at all is an input/output error (exit 3),
   * not a content error. */
  int readable = build_is_readable_file(path) && build_is_readable_file(o->template_path);
  /* Both are loaded before giving up, so all their errors come at once. */
  b->m = content_load_file(path, d);
  b->s = style_load_file(o->template_path, d);
  if (!b->m || !b->s) return readable ? BUILD_CONTENT_ERROR : BUILD_IO_ERROR;
  if (o->date) b->m->meta.date = o->date; /* SOURCE_DATE_EPOCH wins over the content */
  b->f = fonts_load(o->fonts_dir, d);
  if (!b->f) return BUILD_IO_ERROR;
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
    diag_error(d, NULL, 0, "--paper %s: the template %s has no such paper (use one of: %s)",
               o->paper, s->file, names);
  }
  return p;
}

/* The guide and the werkvorm pages, laid out before anything is written. */
static int build_layout_documents(build_state *b, diag_list *d) {
  int status = 0;
  b->guide = guide_layout(b->t, b->s, b->m, d);
  if (!b->guide) status = -1;
  b->werkvormen = calloc(b->m->n_werkvormen + 1, sizeof *b->werkvormen);
  if (!b->werkvormen) abort();
  for (size_t i = 0; i < b->m->n_werkvormen; i++)
    if (!(b->werkvormen[i] = werkvorm_layout(b->t, b->s, b->m, &b->m->werkvormen[i], d)))
      status = -1;
  return status;
}

static int build_render(const build_options *o, build_state *b, diag_list *d) {
  const style_paper *paper = build_paper(o, b->s, d);
  if (!paper) return BUILD_USAGE;
  if (deck_layout(b->t, b->s, b->m, &b->k, d) != 0) return BUILD_CONTENT_ERROR;
  if (build_layout_documents(b, d) != 0) return BUILD_CONTENT_ERROR;
  b->stage = output_stage_new(o->out_dir, d);
  if (!b->stage) return BUILD_IO_ERROR;
  deck_sheet_options so = {
    .paper_w = paper->w, .paper_h = paper->h,
    .duplex = o->duplex, .back_dx = o->back_dx, .back_dy = o->back_dy,
    .marks = o->marks < 0 ? b->s->marks : (style_marks)o->marks,
  };
  const char *sheets = output_stage_path(b->stage, "cards.pdf");
  if (deck_write(&b->k, b->t, b->s, b->m, &so, sheets,
                 output_stage_path(b->stage, "cards-printshop.pdf"), d) != 0)
    return BUILD_IO_ERROR;
  if (guide_write(b->guide, b->t, b->s, b->m, output_stage_path(b->stage, "guide.pdf"), d) != 0)
    return BUILD_IO_ERROR;
  if (werkvorm_write(b->werkvormen, b->t, b->s, b->m,
                     output_stage_path(b->stage, "werkvormen.pdf"), d) != 0)
    return BUILD_IO_ERROR;
  return output_stage_commit(b->stage, d) == 0 ? BUILD_OK : BUILD_IO_ERROR;
}

int build_edition(const build_options *o, diag_list *d) {
  build_state b = {0};
  int rc = build_load(o, &b, d);
  if (rc == BUILD_OK) rc = build_render(o, &b, d);
  build_state_free(&b);
  return rc;
}

int build_calibration(const build_options *o, diag_list *d) {
  build_state b = {0};
  int rc = build_load(o, &b, d);
  const style_paper *paper = rc == BUILD_OK ? build_paper(o, b.s, d) : NULL;
  if (rc == BUILD_OK && !paper) rc = BUILD_USAGE;
  if (rc == BUILD_OK) b.stage = output_stage_new(o->out_dir, d);
  if (rc == BUILD_OK && !b.stage) rc = BUILD_IO_ERROR;
  if (rc == BUILD_OK &&
      calibrate_write(b.t, b.s, b.m, paper->w, paper->h,
                      output_stage_path(b.stage, "calibration.pdf"), d) != 0)
    rc = BUILD_IO_ERROR;
  if (rc == BUILD_OK && output_stage_commit(b.stage, d) != 0) rc = BUILD_IO_ERROR;
  build_state_free(&b);
  return rc;
}

int build_check(const build_options *o, const char *reference_dir, diag_list *d) {
  char path[4096], ref[4096];
  snprintf(path, sizeof path, "%s/instrument.xml", o->content_dir);
  snprintf(ref, sizeof ref, "%s/instrument.xml", reference_dir);
  model_instrument *t = content_load_file(path, d);
  model_instrument *r = content_load_file(ref, d);
  int rc = BUILD_CONTENT_ERROR;
  if (t && r) {
    rc = check_translation(t, r, d) == 0 ? BUILD_OK : BUILD_CONTENT_ERROR;
    hyphen_free(hyphen_load(t->lang, o->hyphen_dir, d)); /* warns when there is none */
  }
  model_free(t);
  model_free(r);
  return rc;
}
