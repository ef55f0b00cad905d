/* Typography report: hyphenation, sizes, measure and word spaces of every edition and template, read off the frames; limits fail the suite. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "deck.h"
#include "fonts.h"
#include "guide.h"
#include "hyphen.h"
#include "werkvorm.h"

static char *source_path(const char *rel) {
  const char *src = g_getenv("KAARTSET_SOURCE");
  return g_build_filename(src ? src : KAARTSET_DATADIR, rel, NULL);
}

/* One printed line of a text block: its words and what ends it. */
typedef struct line {
  int block;
  double y;
  GString *text; /* soft hyphens included */
  double size_pt;
} line;

/* The lines of the text items of f whose source's what contains `what`
 * (NULL: all) and whose size is size_pt (0: any), in order. */
static GArray *frame_lines(const frame *f, const char *what, double size_pt) {
  GArray *a = g_array_new(FALSE, TRUE, sizeof(line));
  for (size_t i = 0; i < f->n; i++) {
    const frame_item *it = &f->items[i];
    if (it->kind != FRAME_TEXT || it->angle != 0) continue;
    if (what && (!it->src.what || !strstr(it->src.what, what))) continue;
    if (size_pt > 0 && fabs(it->run->size_pt - size_pt) > 0.01) continue;
    line *last = a->len ? &g_array_index(a, line, a->len - 1) : NULL;
    if (!last || last->block != it->block || fabs(last->y - it->y) > 0.01) {
      line l = {it->block, it->y, g_string_new(""), it->run->size_pt};
      g_array_append_val(a, l);
      last = &g_array_index(a, line, a->len - 1);
    }
    g_string_append(last->text, it->run->text);
  }
  return a;
}

static void lines_free(GArray *a) {
  for (guint i = 0; i < a->len; i++) g_string_free(g_array_index(a, line, i).text, TRUE);
  g_array_free(a, TRUE);
}

/* A line that ends in a hyphen: one drawn at a soft hyphen (U+2010, or
 * the soft hyphen itself where Pango broke the line) or one in the text. */
static int ends_soft(const GString *s) {
  const char *end = s->str + s->len;
  if (s->len == 0) return 0;
  const char *p = g_utf8_prev_char(end);
  gunichar c = g_utf8_get_char(p);
  return c == 0x00AD || c == 0x2010 || (c == '-' && p > s->str &&
                                        g_unichar_isalpha(g_utf8_get_char(g_utf8_prev_char(p))));
}

/* Letters of the word piece at the end (before the soft hyphen) or at the start of s. */
static int letters_at_end(const GString *s) {
  int n = 0;
  const char *p = g_utf8_prev_char(s->str + s->len);
  while (p > s->str) {
    const char *q = g_utf8_prev_char(p);
    gunichar c = g_utf8_get_char(q);
    if (c == 0xAD || c == 0x200C) { p = q; continue; }
    if (!g_unichar_isalpha(c)) break;
    n++;
    p = q;
  }
  return n;
}

static int letters_at_start(const GString *s, int *whole_line) {
  int n = 0;
  const char *p = s->str;
  for (; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (c == 0xAD || c == 0x200C) continue;
    if (!g_unichar_isalpha(c)) break;
    n++;
  }
  /* The tail is alone when only punctuation follows it. */
  int alone = 1;
  for (; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (g_unichar_isalnum(c) || g_unichar_isspace(c)) alone = 0;
  }
  *whole_line = alone;
  return n;
}

typedef struct counts {
  int lines, hyphens, fragments, ladder, tails;
} counts;

/* Counts hyphenation over the lines (blocks are paragraphs). */
static void count_hyphens(GArray *a, counts *c, const char *label, FILE *log) {
  int run = 0;
  for (guint i = 0; i < a->len; i++) {
    line *l = &g_array_index(a, line, i);
    line *next = i + 1 < a->len ? &g_array_index(a, line, i + 1) : NULL;
    if (next && next->block != l->block) next = NULL;
    c->lines++;
    if (!ends_soft(l->text) || !next) {
      run = 0;
      continue;
    }
    c->hyphens++;
    run++;
    if (run > c->ladder) c->ladder = run;
    int alone = 0;
    int before = letters_at_end(l->text), after = letters_at_start(next->text, &alone);
    line *after_next = i + 2 < a->len ? &g_array_index(a, line, i + 2) : NULL;
    int last = !after_next || after_next->block != next->block;
    if (before < 3 || after < 3) {
      c->fragments++;
      if (log) fprintf(log, "  fragment %s: %s / %s\n", label, l->text->str, next->text->str);
    }
    if (last && alone) {
      c->tails++;
      if (log) fprintf(log, "  tail %s: %s / %s\n", label, l->text->str, next->text->str);
    }
  }
}

/* Distinct sizes in a list (to 0.01 pt). */
typedef struct sizes {
  double v[64];
  int n;
} sizes;

static void sizes_add(sizes *s, double pt) {
  for (int i = 0; i < s->n; i++)
    if (fabs(s->v[i] - pt) < 0.01) return;
  if (s->n < 64) s->v[s->n++] = pt;
}

static void sizes_print(const sizes *s, FILE *out) {
  for (int i = 0; i < s->n; i++) fprintf(out, "%s%.2f", i ? " " : "", s->v[i]);
}

/* The widest word space of the runs of f at size_pt, as a factor of the
 * font's own space; *chars and *n_lines sum the characters of the lines
 * that are not the last of their block. */
static double word_spaces(const frame *f, double size_pt, double *chars, int *n_lines,
                          int *wide) {
  double widest = 0;
  for (size_t i = 0; i < f->n; i++) {
    const frame_item *it = &f->items[i];
    if (it->kind != FRAME_TEXT || fabs(it->run->size_pt - size_pt) > 0.01) continue;
    PangoGlyphString *g = it->run->glyphs->glyphs;
    PangoGlyphString *sp = pango_glyph_string_new();
    pango_shape(" ", 1, &it->run->glyphs->item->analysis, sp);
    int normal = sp->num_glyphs ? sp->glyphs[0].geometry.width : 0;
    pango_glyph_string_free(sp);
    if (normal <= 0) continue;
    double line_widest = 0;
    for (int k = 0; k < g->num_glyphs; k++) {
      if (it->run->text[g->log_clusters[k]] != ' ') continue;
      double r = (double)g->glyphs[k].geometry.width / normal;
      if (r > line_widest) line_widest = r;
    }
    if (line_widest > widest) widest = line_widest;
    if (line_widest > 1.5) {
      (*wide)++;
      fprintf(stderr, "  wide space %.2f: %s\n", line_widest, it->run->text);
    }
  }
  GArray *a = frame_lines(f, NULL, size_pt);
  for (guint i = 0; i + 1 < a->len; i++) {
    line *l = &g_array_index(a, line, i), *n = &g_array_index(a, line, i + 1);
    if (n->block != l->block) continue;
    *chars += (double)g_utf8_strlen(l->text->str, -1);
    (*n_lines)++;
  }
  lines_free(a);
  return widest;
}

typedef struct report {
  counts q;          /* question lines of all cards */
  counts p;          /* the other lines of card faces: prompts, werkvorm summaries */
  int sets_multi;    /* card sets whose questions have more than one size */
  int bands;         /* distinct band label sizes */
  int werkvorm_sizes;/* distinct body sizes of the werkvorm pages */
  double guide_chars, guide_space;
  int guide_wide;
} report;

static void report_edition(const char *lang, const char *tmpl, report *r, FILE *log) {
  diag_list *d = diag_new();
  char *rel = g_strdup_printf("content/%s/instrument.xml", lang);
  char *content = source_path(rel);
  char *fonts_dir = source_path("fonts");
  char *trel = g_strdup_printf("templates/%s.xml", tmpl);
  char *tpath = source_path(trel);
  model_instrument *m = content_load_file(content, d);
  fonts *fo = fonts_load(fonts_dir, d);
  style *s = style_load_file(tpath, d);
  assert_non_null(m);
  assert_non_null(fo);
  assert_non_null(s);
  hyphen_dict *h = hyphen_load(m->lang, NULL, d);
  text_ctx *t = text_ctx_new(fo, h, m);
  deck k;
  int rc = deck_layout(t, s, m, &k, d);
  for (size_t i = 0; i < diag_count(d); i++) fprintf(stderr, "%s\n", diag_message(d, i));
  assert_int_equal(rc, 0);

  *r = (report){0};
  sizes bands = {0};
  fprintf(log, "%s %s\n", lang, tmpl);
  for (size_t set = 0; set < m->n_cardsets; set++) {
    sizes qs = {0};
    for (size_t i = 0; i < k.n_faces; i++) {
      const card_face *f = &k.faces[i];
      if (!f->card || f->card->set != &m->cardsets[set]) continue;
      GArray *a = frame_lines(f->front, "': the question", 0);
      for (guint j = 0; j < a->len; j++) sizes_add(&qs, g_array_index(a, line, j).size_pt);
      count_hyphens(a, &r->q, f->card->code, log);
      lines_free(a);
    }
    if (qs.n > 1) r->sets_multi++;
    fprintf(log, "  set %s question sizes: ", m->cardsets[set].id);
    sizes_print(&qs, log);
    fprintf(log, "\n");
  }
  for (size_t i = 0; i < k.n_faces; i++) {
    const char *whats[] = {"': the follow-up prompt", "': the summary item", "': the name"};
    for (size_t w = 0; w < 3; w++) {
      GArray *a = frame_lines(k.faces[i].front, whats[w], 0);
      count_hyphens(a, &r->p, k.faces[i].card ? k.faces[i].card->code : k.faces[i].werkvorm->id,
                    log);
      lines_free(a);
    }
  }
  for (size_t i = 0; i < k.n_faces; i++) {
    GArray *a = frame_lines(k.faces[i].front, "band", 0);
    for (guint j = 0; j < a->len; j++) sizes_add(&bands, g_array_index(a, line, j).size_pt);
    lines_free(a);
  }
  for (size_t i = 0; i < k.n_backs; i++) {
    GArray *a = frame_lines(k.backs[i], "theme on the back", 0);
    for (guint j = 0; j < a->len; j++) sizes_add(&bands, g_array_index(a, line, j).size_pt);
    lines_free(a);
  }
  r->bands = bands.n;
  fprintf(log, "  band sizes: ");
  sizes_print(&bands, log);
  fprintf(log, "\n");

  doc *g = guide_layout(t, s, m, d);
  for (size_t i = 0; i < diag_count(d); i++) fprintf(stderr, "%s\n", diag_message(d, i));
  assert_non_null(g);
  frame_doc *gf = frame_doc_new();
  guide_frames(gf, g, t, s, m);
  double chars = 0;
  int n_lines = 0;
  for (size_t p = 0; p < gf->n_pages; p++) {
    double w = word_spaces(gf->pages[p], s->doc_body_pt, &chars, &n_lines, &r->guide_wide);
    if (w > r->guide_space) r->guide_space = w;
  }
  r->guide_chars = n_lines ? chars / n_lines : 0;
  frame_doc_free(gf);
  doc_free(g);

  doc **pages = calloc(m->n_werkvormen + 1, sizeof *pages);
  sizes ws = {0};
  for (size_t i = 0; i < m->n_werkvormen; i++) {
    pages[i] = werkvorm_layout(t, s, m, &m->werkvormen[i], d);
    assert_non_null(pages[i]);
  }
  frame_doc *wf = werkvorm_frames(pages, s, m);
  for (size_t p = 0; p < wf->n_pages; p++) {
    /* The body size of a page: the size of most of its runs. */
    double best = 0;
    int best_n = 0;
    for (size_t i = 0; i < wf->pages[p]->n; i++) {
      const frame_item *it = &wf->pages[p]->items[i];
      if (it->kind != FRAME_TEXT) continue;
      int n = 0;
      for (size_t j = 0; j < wf->pages[p]->n; j++)
        n += wf->pages[p]->items[j].kind == FRAME_TEXT &&
             fabs(wf->pages[p]->items[j].run->size_pt - it->run->size_pt) < 0.01;
      if (n > best_n) best_n = n, best = it->run->size_pt;
    }
    sizes_add(&ws, best);
  }
  r->werkvorm_sizes = ws.n;
  frame_doc_free(wf);
  for (size_t i = 0; i < m->n_werkvormen; i++) doc_free(pages[i]);
  free(pages);

  fprintf(log, "  other card text: %d lines, %d hyphenated, %d fragments, ladder %d, %d tails\n",
          r->p.lines, r->p.hyphens, r->p.fragments, r->p.ladder, r->p.tails);
  fprintf(log,
          "  questions: %d lines, %d hyphenated (%.1f %%), %d fragments, ladder %d, %d tails\n"
          "  sets with more than one question size: %d; band sizes: %d; werkvorm page sizes: "
          "%d (", r->q.lines, r->q.hyphens, r->q.lines ? 100.0 * r->q.hyphens / r->q.lines : 0,
          r->q.fragments, r->q.ladder, r->q.tails, r->sets_multi, r->bands, r->werkvorm_sizes);
  sizes_print(&ws, log);
  fprintf(log, ")\n  guide: %.1f characters a line, widest word space %.2f, %d lines above 1.5\n",
          r->guide_chars, r->guide_space, r->guide_wide);

  deck_free(&k);
  text_ctx_free(t);
  hyphen_free(h);
  style_free(s);
  fonts_free(fo);
  model_free(m);
  diag_free(d);
  g_free(rel);
  g_free(content);
  g_free(fonts_dir);
  g_free(trel);
  g_free(tpath);
}

/* The limits of issue 11, for every edition and template. */
static int check_limits(const report *r, const char *lang, const char *tmpl) {
  int bad = 0;
#define LIMIT(cond, ...) \
  if (!(cond)) { fprintf(stderr, "%s %s: ", lang, tmpl); fprintf(stderr, __VA_ARGS__); fprintf(stderr, "\n"); bad = 1; }
  LIMIT(r->q.hyphens * 10 <= r->q.lines, "%d of %d question lines hyphenated (at most 10 %%)",
        r->q.hyphens, r->q.lines);
  LIMIT(r->q.fragments == 0, "%d fragments under 3 letters", r->q.fragments);
  LIMIT(r->q.ladder <= 2, "a ladder of %d hyphens", r->q.ladder);
  LIMIT(r->q.tails == 0, "%d word tails alone on a last line", r->q.tails);
  LIMIT(r->p.fragments == 0 && r->p.ladder <= 2 && r->p.tails == 0,
        "other card text: %d fragments, a ladder of %d, %d tails", r->p.fragments, r->p.ladder,
        r->p.tails);
  LIMIT(r->sets_multi == 0, "%d card sets with more than one question size", r->sets_multi);
  LIMIT(r->bands == 1, "%d band label sizes", r->bands);
  LIMIT(r->werkvorm_sizes == 1, "%d werkvorm page sizes", r->werkvorm_sizes);
  LIMIT(r->guide_chars <= 75, "guide lines of %.1f characters on average", r->guide_chars);
  LIMIT(r->guide_space <= 1.5 + 1e-6, "guide word spaces up to %.2f times normal", r->guide_space);
#undef LIMIT
  return bad;
}

static void test_report(void **state) {
  (void)state;
  const char *langs[] = {"nl", "en"};
  const char *tmpls[] = {"default", "a7", "large", "letter"};
  /* KAARTSET_TYPOGRAPHY_REPORT_ONLY=1 prints the counts without judging them. */
  int judge = !g_getenv("KAARTSET_TYPOGRAPHY_REPORT_ONLY");
  int bad = 0;
  for (size_t i = 0; i < 2; i++)
    for (size_t j = 0; j < 4; j++) {
      report r;
      report_edition(langs[i], tmpls[j], &r, stderr);
      if (judge) bad |= check_limits(&r, langs[i], tmpls[j]);
    }
  assert_false(bad);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_report),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
