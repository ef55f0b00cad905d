/* Tests for sheet: grid fitting, slot positions, duplex back positions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>

#include "sheet.h"

static const double eps = 1e-9;

/* FACTS: 3 x 3 poker cards on A4 leave 10.5 mm left/right, 16.5 mm top/bottom. */
static void test_poker_on_a4(void **state) {
  (void)state;
  sheet_layout l;
  assert_int_equal(sheet_layout_make(210, 297, 5, 0, 63, 88, 0, &l), 0);
  assert_int_equal(l.cols, 3);
  assert_int_equal(l.rows, 3);
  assert_int_equal(sheet_slots(&l), 9);
  assert_true(fabs(l.x0 - 10.5) < eps);
  assert_true(fabs(l.y0 - 16.5) < eps);
  sheet_pos p = sheet_front(&l, 5); /* row 1, column 2 */
  assert_true(fabs(p.x - (10.5 + 2 * 63)) < eps);
  assert_true(fabs(p.y - (16.5 + 88)) < eps);
}

/* A margin that eats into the grid loses a column. */
static void test_margin_limits_columns(void **state) {
  (void)state;
  sheet_layout l;
  assert_int_equal(sheet_layout_make(210, 297, 11, 0, 63, 88, 0, &l), 0);
  assert_int_equal(l.cols, 2);
  assert_int_equal(sheet_layout_make(50, 50, 5, 0, 63, 88, 0, &l), -1);
}

/* The back's centre, mirrored through the paper as the printer flips it,
 * lands on its front's centre. The long edges of a portrait sheet are its
 * sides, so a long-edge flip turns it about a vertical axis; those of a
 * landscape sheet are its top and bottom, so it turns about a horizontal
 * one. */
static void check_backs(const sheet_layout *l, sheet_duplex duplex) {
  for (int slot = 0; slot < sheet_slots(l); slot++) {
    sheet_pos f = sheet_front(l, slot), b = sheet_back(l, slot, duplex, 0, 0);
    double fx = f.x + l->card_w / 2, fy = f.y + l->card_h / 2;
    double bx = b.x + l->card_w / 2, by = b.y + l->card_h / 2;
    int landscape = l->paper_w > l->paper_h;
    int about_vertical = (duplex == DUPLEX_LONG) != landscape;
    if (about_vertical)
      bx = l->paper_w - bx;
    else
      by = l->paper_h - by;
    assert_true(fabs(bx - fx) < 0.01);
    assert_true(fabs(by - fy) < 0.01);
  }
}

static void test_back_mirror(void **state) {
  (void)state;
  sheet_layout l;
  assert_int_equal(sheet_layout_make(210, 297, 5, 0, 63, 88, 0, &l), 0);
  check_backs(&l, DUPLEX_LONG);
  check_backs(&l, DUPLEX_SHORT);
  /* Long edge: the back of the top-left card is in the top-right slot. */
  sheet_pos b = sheet_back(&l, 0, DUPLEX_LONG, 0, 0);
  assert_true(fabs(b.x - sheet_front(&l, 2).x) < eps);
  assert_true(fabs(b.y - sheet_front(&l, 2).y) < eps);
  /* With gaps and an uneven grid too. */
  assert_int_equal(sheet_layout_make(297, 210, 5, 0, 63, 88, 3, &l), 0);
  assert_int_equal(l.cols, 4);
  assert_int_equal(l.rows, 2);
  check_backs(&l, DUPLEX_LONG);
  check_backs(&l, DUPLEX_SHORT);
  /* A landscape sheet turned over on its long edge: the back of the
   * top-left card is in the bottom-left slot, not the top-right one. */
  b = sheet_back(&l, 0, DUPLEX_LONG, 0, 0);
  assert_true(fabs(b.x - sheet_front(&l, 4).x) < eps);
  assert_true(fabs(b.y - sheet_front(&l, 4).y) < eps);
  assert_int_equal(sheet_flips_top_to_bottom(&l, DUPLEX_LONG), 1);
  assert_int_equal(sheet_flips_top_to_bottom(&l, DUPLEX_SHORT), 0);
  assert_int_equal(sheet_flips_top_to_bottom(&l, DUPLEX_NONE), 1);
}

static void test_offset_and_none(void **state) {
  (void)state;
  sheet_layout l;
  assert_int_equal(sheet_layout_make(210, 297, 5, 0, 63, 88, 0, &l), 0);
  sheet_pos b0 = sheet_back(&l, 4, DUPLEX_LONG, 0, 0);
  sheet_pos b1 = sheet_back(&l, 4, DUPLEX_LONG, 1.5, -0.5);
  assert_true(fabs(b1.x - b0.x - 1.5) < eps);
  assert_true(fabs(b1.y - b0.y + 0.5) < eps);
  /* One-sided printing: the fronts are turned over on the long edge and fed again. */
  sheet_pos n = sheet_back(&l, 0, DUPLEX_NONE, 0, 0), f = sheet_front(&l, 2);
  assert_true(fabs(n.x - f.x) < eps && fabs(n.y - f.y) < eps);
}

/* Large cards (100 x 140) fill A4 but for a 6 mm strip at the foot: the grid
 * moves up, the strip is free, and backs still land behind fronts. */
static void test_reserved_strip(void **state) {
  (void)state;
  sheet_layout l;
  assert_int_equal(sheet_layout_make(210, 297, 5, 6, 100, 140, 0, &l), 0);
  assert_int_equal(l.cols, 2);
  assert_int_equal(l.rows, 2);
  assert_true(fabs(l.y0 - 6) < eps); /* 297 - 5 - 6 - 280 */
  sheet_rect strip = sheet_free_strip(&l);
  assert_true(strip.h >= 6 - eps);
  assert_true(fabs(strip.y - (l.y0 + 280)) < eps);
  check_backs(&l, DUPLEX_LONG);
  check_backs(&l, DUPLEX_SHORT);
  /* Poker cards on A4 stay centred: the strip fits in the 16.5 mm below. */
  assert_int_equal(sheet_layout_make(210, 297, 5, 6, 63, 88, 0, &l), 0);
  assert_true(fabs(l.y0 - 16.5) < eps);
}

/* Poker cards on Letter with 2.5 mm gaps: 3 x 3 fill 269 of the 269.4 mm
 * between the margins, so the marks of the cuts across (top and bottom
 * would show 0.2 mm) sit in the gaps between the rows, across each gap
 * from corner to corner; the cuts down keep theirs at the left and right. */
static void test_marks_in_gaps(void **state) {
  (void)state;
  sheet_layout l;
  assert_int_equal(sheet_layout_make(215.9, 279.4, 5, 0, 63, 88, 2.5, &l), 0);
  assert_int_equal(sheet_slots(&l), 9);
  assert_int_equal(sheet_cut_count(&l), 12);
  assert_true(sheet_marks_cover_cuts(&l, 2, 0));
  size_t n = sheet_marks(&l, 2, 0, NULL, 0);
  sheet_mark *m = calloc(n, sizeof *m);
  assert_int_equal(sheet_marks(&l, 2, 0, m, n), n);
  size_t in_gaps = 0, outside = 0;
  for (size_t i = 0; i < n; i++) {
    if (m[i].x1 == m[i].x2 && m[i].cut < 6) {
      /* A cut down, in the gap between rows r and r + 1. */
      int r = (int)floor((m[i].y1 - l.y0) / (l.card_h + l.gap));
      assert_true(fabs(m[i].y1 - (l.y0 + r * (l.card_h + l.gap) + l.card_h)) < 1e-6);
      assert_true(fabs(m[i].y2 - m[i].y1 - l.gap) < 1e-6);
      in_gaps++;
    } else {
      /* A cut across, from 2 mm past the grid to the paper edge: 3.95 mm show. */
      assert_true(m[i].y1 == m[i].y2 && m[i].cut >= 6);
      double near = fmin(m[i].x1, m[i].x2), far = fmax(m[i].x1, m[i].x2);
      double shown = fmin(far, l.paper_w - l.margin) - fmax(near, l.margin);
      assert_true(shown >= SHEET_MARK_MIN_VISIBLE - 1e-6);
      outside++;
    }
  }
  assert_int_equal(in_gaps, 6 * 2);  /* 6 cuts down, 2 gaps each */
  assert_int_equal(outside, 6 * 2);  /* 6 cuts across, left and right */
  free(m);
  /* A sheet with one row of cards marks that row: the cuts down run from
   * below it to the paper edge, with no mark beside an empty slot. */
  sheet_layout one = sheet_filled(&l, 2, 0);
  assert_int_equal(one.rows, 1);
  assert_int_equal(one.cols, 2);
  assert_true(one.x0 == l.x0 && one.y0 == l.y0);
  assert_true(sheet_marks_cover_cuts(&one, 2, 0));
  n = sheet_marks(&one, 2, 0, NULL, 0);
  m = calloc(n, sizeof *m);
  sheet_marks(&one, 2, 0, m, n);
  for (size_t i = 0; i < n; i++)
    assert_true(fmax(m[i].x1, m[i].x2) <= l.x0 + 2 * 63 + 2.5 + 2 + 1e-6 || m[i].y1 == m[i].y2);
  for (size_t i = 0; i < n; i++)
    if (m[i].x1 == m[i].x2) assert_true(m[i].y1 == l.y0 + 88 + 2 && m[i].y2 == l.paper_h);
  free(m);
  one = sheet_filled(&l, 4, 0);
  assert_int_equal(one.rows, 2);
  assert_int_equal(one.cols, 3);
  one = sheet_filled(&l, 9, 0);
  assert_int_equal(one.rows, 3);
  /* Right to left: two cards take the last two columns. */
  one = sheet_filled(&l, 2, 1);
  assert_int_equal(one.cols, 2);
  assert_true(fabs(one.x0 - (l.x0 + 63 + 2.5)) < 1e-9);
  assert_true(fabs(sheet_front(&one, 1).x - sheet_front(&l, 2).x) < 1e-9);
  /* Without a gap there is nowhere else: the grid's rows are no use. */
  assert_int_equal(sheet_layout_make(215.9, 279.4, 5, 0, 63, 88, 0, &l), 0);
  assert_int_equal(sheet_slots(&l), 9);
  assert_false(sheet_marks_cover_cuts(&l, 2, 0));
}

/* With a 3 mm gap each card shows 1.5 mm past its trim, to the middle of
 * each gap and as far past the grid, but never into the printer margin. */
static void test_bleed_box(void **state) {
  (void)state;
  sheet_layout l;
  assert_int_equal(sheet_layout_make(210, 297, 5, 0, 63, 88, 3, &l), 0);
  assert_true(fabs(l.x0 - 7.5) < eps);
  sheet_rect b = sheet_bleed_box(&l, sheet_front(&l, 4));
  assert_true(fabs(b.x + 1.5) < eps && fabs(b.y + 1.5) < eps);
  assert_true(fabs(b.w - 66) < eps && fabs(b.h - 91) < eps);
  /* Letter, 2.5 mm gaps: the top row's trim is 0.2 mm inside the margin. */
  assert_int_equal(sheet_layout_make(215.9, 279.4, 5, 0, 63, 88, 2.5, &l), 0);
  sheet_pos p = sheet_front(&l, 0);
  b = sheet_bleed_box(&l, p);
  assert_true(fabs(p.y + b.y - 5) < 1e-6);
  assert_true(fabs(b.x + 1.25) < eps && fabs(b.y + b.h - 88 - 1.25) < eps);
  /* No gap: the trim. */
  assert_int_equal(sheet_layout_make(210, 297, 5, 0, 63, 88, 0, &l), 0);
  b = sheet_bleed_box(&l, sheet_front(&l, 0));
  assert_true(b.x == 0 && b.y == 0 && b.w == 63 && b.h == 88);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_poker_on_a4),
    cmocka_unit_test(test_margin_limits_columns),
    cmocka_unit_test(test_back_mirror),
    cmocka_unit_test(test_offset_and_none),
    cmocka_unit_test(test_reserved_strip),
    cmocka_unit_test(test_marks_in_gaps),
    cmocka_unit_test(test_bleed_box),
  };
  return cmocka_run_group_tests_name("sheet", tests, NULL, NULL);
}
