/* Tests for preflight: each check finds what it must on small hand-made frames, and says where. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "preflight.h"
#include "text.h"

typedef struct fixture {
  fonts *fonts;
  text_ctx *t;
  style s;
  diag_list *d;
} fixture;

static const style_rgb ink = {0, 0, 0};

static int setup(void **state) {
  fixture *fx = calloc(1, sizeof *fx);
  char path[4096];
  snprintf(path, sizeof path, "%s/fonts", getenv("KAARTSET_SOURCE"));
  fx->d = diag_new();
  fx->fonts = fonts_load(path, fx->d);
  assert_non_null(fx->fonts);
  fx->t = text_ctx_new(fx->fonts, NULL, NULL);
  fx->s = (style){.file = "templates/test.xml", .min_text_pt = 6, .card_w = 63, .card_h = 88,
                  .safe = 4, .paper_margin = 5};
  *state = fx;
  return 0;
}

static int teardown(void **state) {
  fixture *fx = *state;
  text_ctx_free(fx->t);
  fonts_free(fx->fonts);
  diag_free(fx->d);
  free(fx);
  return 0;
}

/* Adds plain text at (x, y) in size pt, from content.xml:line. */
static void add_text(fixture *fx, frame *f, const char *text, double pt, double x, double y,
                     long line, const char *what) {
  text_style st = {.family = "Noto Sans", .size_pt = pt};
  PangoLayout *l = text_layout_plain(fx->t, text, &st, 0);
  frame_source src = {"content.xml", line, what};
  text_frame(f, l, 0, -1, x, y, 0, ink, &src);
  g_object_unref(l);
}

static int has_message(const diag_list *d, const char *part) {
  for (size_t i = 0; i < diag_count(d); i++)
    if (strstr(diag_message(d, i), part)) return 1;
  return 0;
}

static void print_all(const diag_list *d) {
  for (size_t i = 0; i < diag_count(d); i++) fprintf(stderr, "%s\n", diag_message(d, i));
}

/* A page with one card face placed at (10, 10). */
static frame_doc *one_card(frame *face) {
  frame_doc *doc = frame_doc_new();
  frame *page = frame_doc_page(doc, 210, 297);
  page->printable = 5;
  frame_group(page, face, 10, 10, 1);
  return doc;
}

static frame *face_new(void) {
  frame *f = frame_new(63, 88);
  f->safe = 4;
  f->label = "card 'x'";
  return f;
}

static void test_clean_card_passes(void **state) {
  fixture *fx = *state;
  frame *face = face_new();
  add_text(fx, face, "Een vraag", 12, 4, 10, 3, "card 'x': the question");
  add_text(fx, face, "P1", 6, 4, 80, 4, "card 'x': the footer");
  frame_doc *doc = one_card(face);
  assert_int_equal(preflight_doc(doc, "cards.pdf", &fx->s, fx->d), 0);
  print_all(fx->d);
  assert_int_equal(diag_count(fx->d), 0);
  frame_doc_free(doc);
  frame_free(face);
}

/* A character no font has, in a label printed on two cards: one error,
 * at the label's line, naming the character. */
static void test_missing_glyph_once(void **state) {
  fixture *fx = *state;
  frame *a = face_new(), *b = face_new();
  add_text(fx, a, "Prikkel \xe6\xbc\xa2", 7, 4, 20, 12, "card 'x': the meta line (label 'card.meta')");
  add_text(fx, b, "Prikkel \xe6\xbc\xa2", 7, 4, 20, 12, "card 'x': the meta line (label 'card.meta')");
  frame_doc *doc = one_card(a);
  frame_group(doc->pages[0], b, 80, 10, 1);
  assert_int_equal(preflight_doc(doc, "cards.pdf", &fx->s, fx->d), 1);
  assert_true(has_message(fx->d, "content.xml:12: error: card 'x': the meta line (label "
                                  "'card.meta') has the character '\xe6\xbc\xa2' (U+6F22)"));
  frame_doc_free(doc);
  frame_free(a);
  frame_free(b);
}

static void test_small_text(void **state) {
  fixture *fx = *state;
  frame *face = face_new();
  add_text(fx, face, "klein", 5, 4, 20, 7, "card 'x': the footer");
  frame_doc *doc = one_card(face);
  assert_int_equal(preflight_doc(doc, "cards.pdf", &fx->s, fx->d), 1);
  assert_true(has_message(fx->d, "content.xml:7: error: card 'x': the footer is set in 5.0 pt, "
                                  "below the template's smallest text size of 6.0 pt"));
  frame_doc_free(doc);
  frame_free(face);
}

/* Two blocks printed over each other; the same block's lines may touch. */
static void test_overlap(void **state) {
  fixture *fx = *state;
  frame *face = face_new();
  add_text(fx, face, "Tweede regel van het label", 7, 4, 20, 9, "card 'x': the meta line");
  add_text(fx, face, "De vraag", 12, 4, 21, 10, "card 'x': the question");
  frame_doc *doc = one_card(face);
  assert_int_equal(preflight_doc(doc, "cards.pdf", &fx->s, fx->d), 1);
  assert_true(has_message(fx->d, "content.xml:10: error: on card 'x', card 'x': the question "
                                  "(\"De vraag\") is printed over card 'x': the meta line"));
  frame_doc_free(doc);
  frame_free(face);
}

static void test_safe_zone(void **state) {
  fixture *fx = *state;
  frame *face = face_new();
  add_text(fx, face, "te ver naar links", 8, 2, 30, 5, "card 'x': the question");
  frame_doc *doc = one_card(face);
  assert_int_equal(preflight_doc(doc, "cards.pdf", &fx->s, fx->d), 1);
  assert_true(has_message(fx->d, "content.xml:5: error: card 'x': the question runs outside the "
                                  "safe zone of card 'x' (4.0 mm inside the trim)"));
  frame_doc_free(doc);
  frame_free(face);
}

static void test_printable_area(void **state) {
  fixture *fx = *state;
  frame_doc *doc = frame_doc_new();
  frame *page = frame_doc_page(doc, 210, 297);
  page->printable = 5;
  add_text(fx, page, "in de marge", 8, 2, 100, 6, "a running head");
  assert_int_equal(preflight_doc(doc, "guide.pdf", &fx->s, fx->d), 1);
  assert_true(has_message(fx->d, "content.xml:6: error: a running head on guide.pdf page 1 "
                                  "reaches into the printer's unprintable margin of 5.0 mm"));
  frame_doc_free(doc);
}

/* A sheet of two cards side by side on a portrait page: turned over left
 * to right, card 1's back must be where card 2's front is mirrored. */
static frame_doc *two_card_sheet(frame *f1, frame *f2, double b1x, double b2x, int vertical) {
  frame_doc *doc = frame_doc_new();
  frame *front = frame_doc_page(doc, 210, 297);
  front->printable = 5;
  frame_group(front, f1, 20, 20, 1);
  frame_group(front, f2, 83, 20, 1);
  frame *back = frame_doc_page(doc, 210, 297);
  back->printable = 5;
  back->back_of = 1;
  back->turn_vertical = vertical;
  frame_group(back, f1->back, b1x, 20, 1);
  frame_group(back, f2->back, b2x, 20, 1);
  return doc;
}

static void test_backs_behind_fronts(void **state) {
  fixture *fx = *state;
  frame *f1 = face_new(), *f2 = face_new(), *k1 = frame_new(63, 88), *k2 = frame_new(63, 88);
  f1->back = k1, f2->back = k2;
  k1->label = "back one", k2->label = "back two";
  /* Mirrored through the page's middle: x -> 210 - x - 63. */
  frame_doc *good = two_card_sheet(f1, f2, 127, 64, 0);
  assert_int_equal(preflight_doc(good, "cards.pdf", &fx->s, fx->d), 0);
  /* Not mirrored: each back lies behind the other card. */
  frame_doc *swapped = two_card_sheet(f1, f2, 20, 83, 0);
  assert_true(preflight_doc(swapped, "cards.pdf", &fx->s, fx->d) >= 2);
  assert_true(has_message(fx->d, "cards.pdf page 2: the back one at 20.0,20.0 mm does not land "
                                  "behind any card when the sheet is turned over left to right"));
  /* The right places for a left-to-right turn are wrong for top to bottom. */
  diag_free(fx->d);
  fx->d = diag_new();
  frame_doc *vertical = two_card_sheet(f1, f2, 127, 64, 1);
  assert_true(preflight_doc(vertical, "cards.pdf", &fx->s, fx->d) >= 1);
  assert_true(has_message(fx->d, "turned over top to bottom"));
  frame_doc_free(good);
  frame_doc_free(swapped);
  frame_doc_free(vertical);
  frame_free(f1);
  frame_free(f2);
  frame_free(k1);
  frame_free(k2);
}

/* An offset that pushes the backs into the unprintable margin is a usage
 * error that names the offsets allowed. */
static void test_back_offset_range(void **state) {
  fixture *fx = *state;
  frame *f1 = face_new(), *f2 = face_new(), *k1 = frame_new(63, 88), *k2 = frame_new(63, 88);
  f1->back = k1, f2->back = k2;
  frame_doc *doc = two_card_sheet(f1, f2, 127 + 16, 64 + 16, 0);
  doc->pages[1]->back_dx = 16;
  assert_int_equal(preflight_doc(doc, "cards.pdf", &fx->s, fx->d), 1);
  assert_int_equal(diag_exit_code(fx->d), DIAG_USAGE);
  /* Backs span 64 to 190: 59 mm free on the left, 15 on the right; 15 above. */
  assert_true(has_message(fx->d, "--back-offset 16,0 moves the backs of cards.pdf into the "
                                  "printer's unprintable margin; on this paper X may be from "
                                  "-59.0 to 15.0 mm and Y from -15.0 to"));
  frame_doc_free(doc);
  frame_free(f1);
  frame_free(f2);
  frame_free(k1);
  frame_free(k2);
}

static void test_cut_marks(void **state) {
  fixture *fx = *state;
  frame_doc *doc = frame_doc_new();
  frame *page = frame_doc_page(doc, 210, 297);
  page->printable = 5;
  /* 2 mm past the margin: too little; 10 mm: enough. */
  frame_line(page, 20, 7, 20, 0, ink, 0.1)->cut_mark = 1;
  frame_line(page, 40, 15, 40, 0, ink, 0.1)->cut_mark = 1;
  assert_int_equal(preflight_doc(doc, "cards.pdf", &fx->s, fx->d), 1);
  assert_true(has_message(fx->d, "cards.pdf page 1: a cut mark at 20.0,7.0 mm shows only 2.0 mm "
                                  "outside the printer's unprintable margin of 5.0 mm"));
  frame_doc_free(doc);
}

/* A document checked as it is made (frame_doc_stream): each page handed
 * on and freed before the next. */
typedef struct streamed {
  preflight *p;
  size_t handed, errors_after[4];
} streamed;

static void stream_check(void *arg, frame_doc *doc, size_t index) {
  streamed *st = arg;
  assert_int_equal(index, st->handed);
  assert_non_null(doc->pages[index]);
  st->errors_after[st->handed++] = preflight_page(st->p, index);
}

/* The same fault on two pages, each freed before the next is made: both
 * are told (a page is known by its place, not by an address the next page
 * may take over), at the page they are on, as preflight_doc tells them. */
static void test_streamed_pages(void **state) {
  fixture *fx = *state;
  streamed st = {preflight_begin(&fx->s, fx->d), 0, {0}};
  frame_doc *doc = frame_doc_new();
  preflight_doc_begin(st.p, doc, "guide.pdf");
  frame_doc_stream(doc, stream_check, &st);
  for (int k = 0; k < 3; k++) {
    frame *page = frame_doc_page(doc, 210, 297);
    page->printable = 5;
    if (k == 1) continue; /* a clean page between them */
    add_text(fx, page, "Tweede regel", 9, 20, 50, 20 + k, "a heading");
    add_text(fx, page, "De tekst eronder", 9, 20, 51, 30 + k, "a paragraph");
  }
  assert_int_equal(st.handed, 2); /* the last page goes with the flush */
  assert_null(doc->pages[0]);
  frame_doc_flush(doc);
  assert_int_equal(st.handed, 3);
  assert_null(doc->pages[2]);
  assert_int_equal(preflight_doc_end(st.p), 2);
  assert_int_equal(preflight_end(st.p), 2);
  print_all(fx->d);
  assert_int_equal(st.errors_after[0], 1);
  assert_int_equal(st.errors_after[1], 1);
  assert_int_equal(st.errors_after[2], 2);
  assert_true(has_message(fx->d, "content.xml:30: error: on guide.pdf page 1, a paragraph"));
  assert_true(has_message(fx->d, "content.xml:32: error: on guide.pdf page 3, a paragraph"));
  frame_doc_free(doc);
}

/* The same fault on page 1 of two files of one run: two places, two
 * errors (a shared card frame is checked once; a page is its file's own). */
static void test_same_page_in_two_files(void **state) {
  fixture *fx = *state;
  frame_doc *docs[2];
  for (int k = 0; k < 2; k++) {
    docs[k] = frame_doc_new();
    frame *page = frame_doc_page(docs[k], 210, 297);
    page->printable = 5;
    add_text(fx, page, "Tweede regel", 9, 20, 50, 40, "a page label");
    add_text(fx, page, "De tekst eronder", 9, 20, 51, 41, "a scale bar");
  }
  const frame_doc *const both[] = {docs[0], docs[1]};
  const char *const names[] = {"cards.pdf", "cards-printshop.pdf"};
  assert_int_equal(preflight_docs(both, names, 2, &fx->s, fx->d), 2);
  assert_true(has_message(fx->d, "on cards.pdf page 1, a scale bar"));
  assert_true(has_message(fx->d, "on cards-printshop.pdf page 1, a scale bar"));
  frame_doc_free(docs[0]);
  frame_doc_free(docs[1]);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_clean_card_passes, setup, teardown),
    cmocka_unit_test_setup_teardown(test_missing_glyph_once, setup, teardown),
    cmocka_unit_test_setup_teardown(test_small_text, setup, teardown),
    cmocka_unit_test_setup_teardown(test_overlap, setup, teardown),
    cmocka_unit_test_setup_teardown(test_safe_zone, setup, teardown),
    cmocka_unit_test_setup_teardown(test_printable_area, setup, teardown),
    cmocka_unit_test_setup_teardown(test_backs_behind_fronts, setup, teardown),
    cmocka_unit_test_setup_teardown(test_back_offset_range, setup, teardown),
    cmocka_unit_test_setup_teardown(test_cut_marks, setup, teardown),
    cmocka_unit_test_setup_teardown(test_streamed_pages, setup, teardown),
    cmocka_unit_test_setup_teardown(test_same_page_in_two_files, setup, teardown),
  };
  return cmocka_run_group_tests_name("preflight", tests, NULL, NULL);
}
