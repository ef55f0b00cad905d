/* Tests for sheet: grid fitting, slot positions, duplex back positions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

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

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_poker_on_a4),
    cmocka_unit_test(test_margin_limits_columns),
    cmocka_unit_test(test_back_mirror),
    cmocka_unit_test(test_offset_and_none),
    cmocka_unit_test(test_reserved_strip),
  };
  return cmocka_run_group_tests_name("sheet", tests, NULL, NULL);
}
