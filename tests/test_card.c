/* Tests for card: the face layout fits in the safe zone; cards that cannot be printed are errors naming them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card.h"

typedef struct fixture {
  diag_list *d;
  style *s;
  fonts *f;
  text_ctx *t;
} fixture;

static const model_label labels[] = {
  {"card.footer", "{code} · editie {edition}", {0}},
  {"card.meta", "{set} · {aspect}", {0}},
  {"card.prompts", "Doorvragen", {0}},
};
static const model_theme theme = {"opleiden", "Opleiden", {0}};
static const model_aspect aspect = {"visie", "Visie", {0}};
static model_cardset set = {.id = "prikkel", .code = "P", .name = "Prikkelvragen"};
static const model_instrument m = {
  .edition = "2026-01", .labels = labels, .n_labels = 3, .themes = &theme, .n_themes = 1,
  .aspects = &aspect, .n_aspects = 1, .cardsets = &set, .n_cardsets = 1,
};

static int setup(void **state) {
  fixture *fx = calloc(1, sizeof *fx);
  char path[4096];
  fx->d = diag_new();
  snprintf(path, sizeof path, "%s/templates/default.xml", getenv("KAARTSET_SOURCE"));
  fx->s = style_load_file(path, fx->d);
  snprintf(path, sizeof path, "%s/fonts", getenv("KAARTSET_SOURCE"));
  fx->f = fonts_load(path, fx->d);
  fx->t = text_ctx_new(fx->f, NULL, &m);
  assert_non_null(fx->s);
  assert_non_null(fx->f);
  *state = fx;
  return 0;
}

static int teardown(void **state) {
  fixture *fx = *state;
  text_ctx_free(fx->t);
  fonts_free(fx->f);
  style_free(fx->s);
  diag_free(fx->d);
  free(fx);
  return 0;
}

/* A card with one question and n prompts of the given text. */
static model_card make_card(const char *question, model_run *qrun, const char *prompt,
                            model_run *prun, model_text *ptext, size_t n_prompts) {
  *qrun = (model_run){RUN_TEXT, 0, question, NULL};
  *prun = (model_run){RUN_TEXT, 0, prompt, NULL};
  for (size_t i = 0; i < n_prompts; i++) ptext[i] = (model_text){prun, 1, {0}};
  return (model_card){
    .id = "p1", .code = "P1", .set = &set, .theme = &theme, .aspect = &aspect,
    .question = {qrun, 1, {0}}, .prompts = ptext, .n_prompts = n_prompts,
    .loc = {"instrument.xml", 42},
  };
}

static void test_short_question_at_max_inside_safe_zone(void **state) {
  fixture *fx = *state;
  model_run q, p;
  model_text pt[2];
  model_card c = make_card("Wat is voor ons goed opleiden?", &q, "Waarom?", &p, pt, 2);
  card_face f;
  assert_int_equal(card_layout_face(fx->t, fx->s, &m, &c, &f, fx->d), 0);
  assert_int_equal(diag_count(fx->d), 0);
  assert_true(f.question_pt == fx->s->question_max_pt);
  assert_true(f.text_x == fx->s->safe);
  assert_true(f.text_x + f.text_w <= fx->s->card_w - fx->s->safe + 1e-9);
  assert_true(f.question_y > fx->s->band_h);
  assert_true(f.question_y < f.prompts_y && f.prompts_y < f.footer_y);
  assert_true(f.footer_y < fx->s->card_h - fx->s->safe);
  card_face_free(&f); /* the suite runs under LeakSanitizer too */
}

static void test_long_question_gets_smaller(void **state) {
  fixture *fx = *state;
  model_run q, p;
  model_text pt[1];
  model_card c = make_card(
      "Stel dat het 2030 is en een student zegt dat ze hier echt heeft leren lesgeven: wat "
      "heeft onze samenwerking tussen school en lerarenopleiding daaraan bijgedragen, en wie "
      "heeft daarin welke rol gespeeld?", &q, "Wat doen we dan anders dan nu?", &p, pt, 1);
  card_face f;
  assert_int_equal(card_layout_face(fx->t, fx->s, &m, &c, &f, fx->d), 0);
  assert_true(f.question_pt < fx->s->question_max_pt);
  assert_true(f.question_pt >= fx->s->question_min_pt);
  card_face_free(&f);
}

static void test_too_long_is_error_naming_card(void **state) {
  fixture *fx = *state;
  char question[4000] = "";
  for (int i = 0; i < 60; i++) strcat(question, "Hoe werken school en opleiding samen? ");
  model_run q, p;
  model_text pt[1];
  model_card c = make_card(question, &q, "Waarom?", &p, pt, 1);
  card_face f;
  assert_int_equal(card_layout_face(fx->t, fx->s, &m, &c, &f, fx->d), -1);
  assert_int_equal(diag_count(fx->d), 1);
  assert_string_equal(diag_message(fx->d, 0),
                      "instrument.xml:42: error: card 'p1': the question and the lines under it "
                      "do not fit on the card at the template's minimum size of 8.0 pt (shorten "
                      "the question or a follow-up prompt)");
}

static void test_missing_glyph_is_error_naming_char(void **state) {
  fixture *fx = *state;
  model_run q, p;
  model_text pt[1];
  model_card c = make_card("Wat betekent \xe4\xb8\x80 voor ons?", &q, "Waarom?", &p, pt, 1);
  card_face f;
  assert_int_equal(card_layout_face(fx->t, fx->s, &m, &c, &f, fx->d), -1);
  assert_int_equal(diag_count(fx->d), 1);
  assert_string_equal(diag_message(fx->d, 0),
                      "instrument.xml:42: error: card 'p1': the question has the character "
                      "'\xe4\xb8\x80' (U+4E00), which no font in fonts/ has (replace it, or add "
                      "a font that has it)");
}

static void test_unbreakable_word_is_error(void **state) {
  fixture *fx = *state;
  model_run q, p;
  model_text pt[1];
  model_card c = make_card("Wat?", &q,
                           "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW",
                           &p, pt, 1);
  card_face f;
  assert_int_equal(card_layout_face(fx->t, fx->s, &m, &c, &f, fx->d), -1);
  assert_int_equal(diag_count(fx->d), 1);
  assert_non_null(strstr(diag_message(fx->d, 0),
                         "card 'p1': the word 'WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW"
                         "WWWWWWWWWWWWWWWW' in the follow-up prompt is wider than the card"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_short_question_at_max_inside_safe_zone, setup, teardown),
    cmocka_unit_test_setup_teardown(test_long_question_gets_smaller, setup, teardown),
    cmocka_unit_test_setup_teardown(test_too_long_is_error_naming_card, setup, teardown),
    cmocka_unit_test_setup_teardown(test_missing_glyph_is_error_naming_char, setup, teardown),
    cmocka_unit_test_setup_teardown(test_unbreakable_word_is_error, setup, teardown),
  };
  return cmocka_run_group_tests_name("card", tests, NULL, NULL);
}
