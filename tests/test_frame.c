/* Tests for frames: the Dutch edition's card faces, backs and office sheets as golden text dumps, for every template, paper and duplex mode. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "deck.h"
#include "fonts.h"
#include "hyphen.h"
#include "preflight.h"
#include "svg.h"

typedef struct fixture {
  model_instrument *m;
  fonts *fonts;
  hyphen_dict *hyph;
  text_ctx *t;
} fixture;

static char *source_path(const char *rel) {
  const char *src = g_getenv("KAARTSET_SOURCE");
  return g_build_filename(src ? src : KAARTSET_DATADIR, rel, NULL);
}

static int setup(void **state) {
  fixture *fx = g_new0(fixture, 1);
  diag_list *d = diag_new();
  char *content = source_path("content/nl/instrument.xml");
  char *fonts = source_path("fonts");
  fx->m = content_load_file(content, d);
  fx->fonts = fonts_load(fonts, d);
  fx->hyph = hyphen_load("nl", NULL, d);
  for (size_t i = 0; i < diag_count(d); i++) fprintf(stderr, "%s\n", diag_message(d, i));
  int ok = fx->m && fx->fonts && fx->hyph && diag_count(d) == 0;
  fx->t = ok ? text_ctx_new(fx->fonts, fx->hyph, fx->m) : NULL;
  diag_free(d);
  g_free(content);
  g_free(fonts);
  *state = fx;
  return fx->t ? 0 : -1;
}

static int teardown(void **state) {
  fixture *fx = *state;
  text_ctx_free(fx->t);
  hyphen_free(fx->hyph);
  fonts_free(fx->fonts);
  model_free(fx->m);
  g_free(fx);
  return 0;
}

static style *load_template(const char *name) {
  char *rel = g_strdup_printf("templates/%s.xml", name);
  char *path = source_path(rel);
  diag_list *d = diag_new();
  style *s = style_load_file(path, d);
  diag_free(d);
  g_free(rel);
  g_free(path);
  assert_non_null(s);
  return s;
}

/* Compares text with tests/data/frames/<name>.expected; KAARTSET_REGENERATE=1
 * writes the file instead, for a person to review. */
static void expect_text(const char *got, const char *name) {
  const char *dir = g_getenv("KAARTSET_TESTDATA");
  char *path = g_strdup_printf("%s/frames/%s.expected", dir ? dir : "tests/data", name);
  if (g_getenv("KAARTSET_REGENERATE")) assert_true(g_file_set_contents(path, got, -1, NULL));
  gchar *want = NULL;
  if (!g_file_get_contents(path, &want, NULL, NULL) || strcmp(got, want) != 0) {
    fprintf(stderr, "--- %s\n%s--- got\n%s", path, want ? want : "(missing)\n", got);
    fail_msg("the frames differ from %s (KAARTSET_REGENERATE=1 rewrites it; review the diff)",
             path);
  }
  g_free(want);
  g_free(path);
}

static char *dump_frames(const frame *const *frames, size_t n) {
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  for (size_t i = 0; i < n; i++) frame_dump(frames[i], out);
  fclose(out);
  return buf;
}

/* The text box of every run of a face lies inside the card's safe zone,
 * and the question is set in the size fitting chose. */
static void check_face(const card_face *f, const style *s) {
  int question = 0;
  for (size_t i = 0; i < f->front->n; i++) {
    const frame_item *it = &f->front->items[i];
    if (it->kind != FRAME_TEXT) continue;
    double box[4];
    frame_text_box(it, box);
    if (box[0] < s->safe - 0.01 || box[1] < s->safe - 0.01 ||
        box[0] + box[2] > s->card_w - s->safe + 0.01 || box[1] + box[3] > s->card_h - s->safe + 0.01)
      fail_msg("%s: \"%s\" leaves the safe zone", f->front->label, it->run->text);
    if (it->y > f->question_y && it->y < f->question_y + 5 && it->run->size_pt > s->prompt_pt) {
      assert_float_equal(it->run->size_pt, f->question_pt, 0.01);
      question = 1;
    }
  }
  if (!question) fail_msg("%s: no question run at the fitted size", f->front->label);
}

static void test_card_frames(void **state) {
  fixture *fx = *state;
  style *s = load_template("default");
  deck k;
  diag_list *d = diag_new();
  assert_int_equal(deck_layout(fx->t, s, fx->m, &k, d), 0);
  for (size_t i = 0; i < k.n_faces; i++) check_face(&k.faces[i], s);
  /* One back per set and theme, plus the werkvorm cards' back. */
  assert_int_equal(k.n_backs, 2 * fx->m->n_themes + 1);
  /* The first card of each set and the first werkvorm card, with their backs. */
  const frame *pick[6];
  size_t n = 0, first_spiegel = fx->m->cardsets[0].n_cards;
  size_t first_werkvorm = k.n_faces - fx->m->n_werkvormen;
  size_t at[] = {0, first_spiegel, first_werkvorm};
  for (size_t i = 0; i < 3; i++) {
    pick[n++] = k.faces[at[i]].front;
    pick[n++] = k.faces[at[i]].front->back;
  }
  char *got = dump_frames(pick, n);
  expect_text(got, "cards-nl");
  free(got);
  deck_free(&k);
  diag_free(d);
  style_free(s);
}

/* Every template on every paper it has, in every duplex mode: the first
 * sheet's front page and its back page; and each set of frames passes
 * preflight. */
static void test_sheet_frames(void **state) {
  fixture *fx = *state;
  const char *templates[] = {"default", "large", "a7", "letter"};
  const sheet_duplex modes[] = {DUPLEX_LONG, DUPLEX_SHORT, DUPLEX_NONE};
  const char *mode_names[] = {"long", "short", "none"};
  for (size_t ti = 0; ti < sizeof templates / sizeof templates[0]; ti++) {
    style *s = load_template(templates[ti]);
    deck k;
    diag_list *d = diag_new();
    assert_int_equal(deck_layout(fx->t, s, fx->m, &k, d), 0);
    GString *all = g_string_new("");
    for (size_t pi = 0; pi < s->n_papers; pi++) {
      for (size_t mi = 0; mi < 3; mi++) {
        deck_sheet_options o = {.paper_w = s->papers[pi].w, .paper_h = s->papers[pi].h,
                                .duplex = modes[mi], .marks = s->marks};
        frame_doc *sheets, *shop;
        assert_int_equal(deck_frames(&k, fx->t, s, fx->m, &o, &sheets, &shop, d), 0);
        size_t errors = preflight_doc(sheets, "cards.pdf", s, d) +
                        preflight_doc(shop, "cards-printshop.pdf", s, d);
        for (size_t i = 0; i < diag_count(d); i++) fprintf(stderr, "%s\n", diag_message(d, i));
        assert_int_equal(errors, 0);
        /* The back page of the first sheet: next for duplex, after all fronts for none. */
        size_t back = 1;
        while (back < sheets->n_pages && sheets->pages[back]->back_of != 1) back++;
        assert_true(back < sheets->n_pages);
        const frame *pick[] = {sheets->pages[0], sheets->pages[back]};
        char *got = dump_frames(pick, 2);
        g_string_append_printf(all, "== %s %s duplex %s\n%s", templates[ti], s->papers[pi].name,
                               mode_names[mi], got);
        free(got);
        /* The cut guides every card of the sheets places, drawn once. */
        const frame *guides = NULL;
        for (size_t i = 0; i < sheets->pages[0]->n; i++) {
          const frame_item *it = &sheets->pages[0]->items[i];
          if (it->kind == FRAME_GROUP && !it->group->back) guides = it->group;
        }
        assert_non_null(guides);
        if (pi == 0 && mi == 0) {
          got = dump_frames(&guides, 1);
          g_string_append_printf(all, "== %s: the cut guides at every card\n%s", templates[ti], got);
          free(got);
        }
        frame_doc_free(sheets);
        frame_doc_free(shop);
      }
    }
    char *name = g_strdup_printf("sheets-%s", templates[ti]);
    expect_text(all->str, name);
    g_free(name);
    g_string_free(all, TRUE);
    deck_free(&k);
    diag_free(d);
    style_free(s);
  }
}

/* Every card face of the Dutch edition, written as bytes and read back
 * (as a face laid out in another process comes back): the same dump, the
 * same font objects, the same glyphs and text; a cut-short copy is refused. */
static void test_frame_bytes(void **state) {
  fixture *fx = *state;
  style *s = load_template("default");
  deck k;
  diag_list *d = diag_new();
  assert_int_equal(deck_layout(fx->t, s, fx->m, &k, d), 0);
  GHashTable *fonts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
  size_t runs = 0;
  for (size_t i = 0; i < k.n_faces; i++) {
    const frame *f = k.faces[i].front;
    char *bytes = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&bytes, &len);
    assert_int_equal(frame_write(f, out), 0);
    fclose(out);
    FILE *in = fmemopen(bytes, len, "r");
    frame *back = frame_read(in, text_ctx_pango(fx->t), fonts);
    fclose(in);
    assert_non_null(back);
    char *want = dump_frames(&f, 1), *got = dump_frames((const frame *const *)&back, 1);
    assert_string_equal(got, want);
    assert_int_equal(back->n, f->n);
    for (size_t j = 0; j < f->n; j++) {
      const frame_run *a = f->items[j].run, *b = back->items[j].run;
      assert_true((a == NULL) == (b == NULL));
      if (!a) continue;
      runs++;
      assert_ptr_equal(frame_run_font(b), frame_run_font(a));
      assert_string_equal(b->text, a->text);
      assert_int_equal(b->glyphs->glyphs->num_glyphs, a->glyphs->glyphs->num_glyphs);
      assert_memory_equal(b->glyphs->glyphs->glyphs, a->glyphs->glyphs->glyphs,
                          a->glyphs->glyphs->num_glyphs * sizeof(PangoGlyphInfo));
      assert_memory_equal(b->glyphs->glyphs->log_clusters, a->glyphs->glyphs->log_clusters,
                          a->glyphs->glyphs->num_glyphs * sizeof(int));
      /* Held in no more room than the glyphs take (frame_add), laid out
       * or read back. */
      assert_int_equal(a->glyphs->glyphs->space, a->glyphs->glyphs->num_glyphs);
      assert_int_equal(b->glyphs->glyphs->space, b->glyphs->glyphs->num_glyphs);
      assert_int_equal(b->glyphs->item->length, a->glyphs->item->length);
      assert_int_equal(b->glyphs->item->num_chars, a->glyphs->item->num_chars);
    }
    /* Cut short anywhere past the start: no frame. */
    in = fmemopen(bytes, len / 2, "r");
    assert_null(frame_read(in, text_ctx_pango(fx->t), fonts));
    fclose(in);
    frame_free(back);
    free(want);
    free(got);
    free(bytes);
  }
  assert_true(runs > 10 * k.n_faces);
  g_hash_table_unref(fonts);
  deck_free(&k);
  diag_free(d);
  style_free(s);
}

/* A group clipped past its size: the dump shows the box, the SVG painter
 * clips to it and keeps the group's own coordinates. */
static void test_clip_box(void **state) {
  (void)state;
  frame *card = frame_new(63, 88), *page = frame_new(210, 297);
  frame_rect(card, -3, -3, 69, 94, (style_rgb){0, 0, 0}, 0);
  frame_group(page, card, 10, 20, 1);
  frame_group_clipped(page, card, 76, 20, (double[4]){-1.5, -1.5, 66, 91});
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&text, &len);
  frame_dump(page, out);
  fclose(out);
  assert_non_null(strstr(text, "group    10.00   20.00   63.00   88.00 clip \""));
  assert_non_null(
      strstr(text, "group    76.00   20.00   63.00   88.00 clip -1.50 -1.50 66.00 91.00"));
  free(text);
  GString *svg = g_string_new(NULL);
  svg_frame(svg, page, NULL, NULL);
  assert_non_null(strstr(svg->str, "<svg x=\"10\" y=\"20\" width=\"63\" height=\"88\">"));
  assert_non_null(strstr(svg->str, "<svg x=\"74.5\" y=\"18.5\" width=\"66\" height=\"91\" "
                                   "viewBox=\"-1.5 -1.5 66 91\">"));
  g_string_free(svg, TRUE);
  frame_free(page);
  frame_free(card);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_card_frames),
    cmocka_unit_test(test_sheet_frames),
    cmocka_unit_test(test_clip_box),
    cmocka_unit_test(test_frame_bytes),
  };
  return cmocka_run_group_tests_name("frame", tests, setup, teardown);
}
