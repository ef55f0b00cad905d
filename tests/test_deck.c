/* Tests for deck: sheet layouts for every paper x card size x duplex mode, and the sheet plan. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deck.h"

static style *load_template(const char *name) {
  char path[4096];
  snprintf(path, sizeof path, "%s/templates/%s.xml", getenv("KAARTSET_SOURCE"), name);
  diag_list *d = diag_new();
  style *s = style_load_file(path, d);
  diag_free(d);
  assert_non_null(s);
  return s;
}

/* Cards per sheet, worked out by hand from the sizes (5 mm printer margin,
 * a 4.5 mm strip for the scale bar under or beside the cards, the
 * templates' gaps: 3 mm, 2.5 mm in the Letter template). */
static const struct {
  const char *template, *paper;
  int slots, landscape;
} expected[] = {
  {"default", "a4", 9, 0},     /* 3 x 3 of 63 x 88 and two 3 mm gaps in 200 x 287 */
  {"default", "a3", 18, 1},    /* 6 x 3 in 410 x 287 */
  {"default", "letter", 8, 1}, /* 4 x 2: 3 x 3 portrait needs 3 x 88 + 2 x 3 = 270 of 269.4 */
  {"large", "a4", 4, 0},       /* 2 x 2 of 95 x 133: 10 mm beside, 14 mm above and below */
  {"large", "a3", 8, 1},       /* 4 x 2 */
  {"large", "letter", 4, 0},   /* 2 x 2: 2 x 133 + 3 = 269 of 269.4; the marks of the
                                  cuts across sit in the gap between the rows */
  {"a7", "a4", 4, 0},          /* 2 x 2 of 74 x 105 */
  {"a7", "a3", 10, 1},         /* 5 x 2 */
  {"a7", "letter", 4, 0},
  {"letter", "letter", 9, 0},  /* the US template: Letter first; 3 x 3 with 2.5 mm gaps,
                                  3 x 88 + 2 x 2.5 = 269 of 269.4, marks in the gaps */
  {"letter", "tabloid", 18, 1}, /* 6 x 3, as on A3 */
};

static int overlaps(sheet_pos a, sheet_pos b, double w, double h) {
  return a.x < b.x + w - 1e-9 && b.x < a.x + w - 1e-9 && a.y < b.y + h - 1e-9 &&
         b.y < a.y + h - 1e-9;
}

static void check_layout(const sheet_layout *l, const char *what) {
  for (int i = 0; i < sheet_slots(l); i++) {
    sheet_pos p = sheet_front(l, i);
    if (p.x < l->margin - 1e-9 || p.y < l->margin - 1e-9 ||
        p.x + l->card_w > l->paper_w - l->margin + 1e-9 ||
        p.y + l->card_h > l->paper_h - l->margin + 1e-9)
      fail_msg("%s: slot %d lies in the printer margin", what, i);
    for (int j = 0; j < i; j++)
      if (overlaps(p, sheet_front(l, j), l->card_w, l->card_h))
        fail_msg("%s: slots %d and %d overlap", what, i, j);
  }
  sheet_rect strip = sheet_free_strip(l), side = sheet_free_side(l);
  if (strip.h < 4.5 && side.w < 4.5) fail_msg("%s: no room for the scale bar", what);
}

/* After the printer's flip, each back's centre lands on its front's
 * centre, once the offset given for the printer is taken off. A portrait
 * sheet turns about a vertical axis on its long edge (and fronts fed again
 * are turned over on it too), a landscape sheet about a horizontal one;
 * the short edge the other way. */
static void check_backs(const sheet_layout *l, sheet_duplex duplex, const char *what) {
  const double dx = 1.5, dy = -0.5;
  for (int i = 0; i < sheet_slots(l); i++) {
    sheet_pos f = sheet_front(l, i), b = sheet_back(l, i, duplex, dx, dy);
    double bx = b.x - dx + l->card_w / 2, by = b.y - dy + l->card_h / 2;
    int about_vertical = (duplex != DUPLEX_SHORT) != (l->paper_w > l->paper_h);
    if (about_vertical) bx = l->paper_w - bx;
    else by = l->paper_h - by;
    if (fabs(bx - (f.x + l->card_w / 2)) > 0.01 || fabs(by - (f.y + l->card_h / 2)) > 0.01)
      fail_msg("%s duplex %d: back of slot %d is off", what, duplex, i);
  }
}

static void test_every_paper_size_and_duplex(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
    style *s = load_template(expected[i].template);
    const style_paper *p = style_paper_find(s, expected[i].paper);
    assert_non_null(p);
    sheet_layout l;
    diag_list *d = diag_new();
    assert_int_equal(deck_sheet_layout(s, p->w, p->h, &l, d), 0);
    char what[64];
    snprintf(what, sizeof what, "%s on %s", expected[i].template, expected[i].paper);
    if (sheet_slots(&l) != expected[i].slots || (l.paper_w > l.paper_h) != expected[i].landscape)
      fail_msg("%s: %d slots (%s), expected %d", what, sheet_slots(&l),
               l.paper_w > l.paper_h ? "landscape" : "portrait", expected[i].slots);
    check_layout(&l, what);
    check_backs(&l, DUPLEX_LONG, what);
    check_backs(&l, DUPLEX_SHORT, what);
    check_backs(&l, DUPLEX_NONE, what);
    diag_free(d);
    style_free(s);
  }
}

static void test_card_larger_than_paper(void **state) {
  (void)state;
  style *s = load_template("large");
  sheet_layout l;
  diag_list *d = diag_new();
  assert_int_equal(deck_sheet_layout(s, 90, 120, &l, d), -1);
  assert_int_equal(diag_count(d), 1);
  assert_non_null(strstr(diag_message(d, 0),
                         "a 95 x 133 mm card does not fit on 90 x 120 mm paper"));
  diag_free(d);
  style_free(s);
}

/* Each card set starts on a new sheet; a full sheet moves on to the next. */
static void test_plan(void **state) {
  (void)state;
  model_cardset sets[2] = {{.id = "a"}, {.id = "b"}};
  model_card cards[13];
  card_face faces[13];
  for (int i = 0; i < 13; i++) {
    cards[i] = (model_card){.set = &sets[i < 11 ? 0 : 1]};
    faces[i] = (card_face){.card = &cards[i]};
  }
  deck k = {.faces = faces, .n_faces = 13};
  sheet_layout l;
  assert_int_equal(sheet_layout_make(210, 297, 5, 0, 63, 88, 0, &l), 0);
  deck_slot slots[13];
  assert_int_equal(deck_plan(&k, &l, slots), 3);
  assert_int_equal(slots[8].sheet, 0);
  assert_int_equal(slots[8].slot, 8);
  assert_int_equal(slots[9].sheet, 1);
  assert_int_equal(slots[9].slot, 0);
  assert_int_equal(slots[10].slot, 1);
  assert_int_equal(slots[11].sheet, 2);
  assert_int_equal(slots[11].slot, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_every_paper_size_and_duplex),
    cmocka_unit_test(test_card_larger_than_paper),
    cmocka_unit_test(test_plan),
  };
  return cmocka_run_group_tests_name("deck", tests, NULL, NULL);
}
