/* Tests for check: what a translation lacks or has not translated, against its reference. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "content.h"

static char *fixture(void) {
  char path[4096], *text = NULL;
  snprintf(path, sizeof path, "%s/content/minimal.xml", getenv("KAARTSET_TESTDATA"));
  assert_true(g_file_get_contents(path, &text, NULL, NULL));
  return text;
}

/* The fixture with `from` replaced by `to` (once; from must be there). */
static char *edited(char *doc, const char *from, const char *to) {
  char *at = strstr(doc, from);
  if (!at) fail_msg("fixture has no '%s'", from);
  *at = '\0';
  char *out = g_strconcat(doc, to, at + strlen(from), NULL);
  g_free(doc);
  return out;
}

static model_instrument *load(char *doc, const char *name) {
  diag_list *d = diag_new();
  model_instrument *m = content_load(doc, strlen(doc), name, d);
  if (!m) {
    diag_print(d, stderr);
    fail_msg("%s does not load", name);
  }
  diag_free(d);
  g_free(doc);
  return m;
}

/* Loaded as a translation of r, as kaartset check and build do. */
static model_instrument *load_against(char *doc, const char *name, const model_instrument *r) {
  diag_list *d = diag_new();
  model_instrument *m = content_load_translation(doc, strlen(doc), name, r, d);
  if (!m) {
    diag_print(d, stderr);
    fail_msg("%s does not load", name);
  }
  diag_free(d);
  g_free(doc);
  return m;
}

static int has_message(const diag_list *d, const char *text) {
  for (size_t i = 0; i < diag_count(d); i++)
    if (strcmp(diag_message(d, i), text) == 0) return 1;
  return 0;
}

static void test_same_edition_only_warns(void **state) {
  (void)state;
  model_instrument *r = load(fixture(), "nl.xml"), *t = load(fixture(), "en.xml");
  diag_list *d = diag_new();
  assert_int_equal(check_translation(t, r, d), 0);
  assert_int_equal(diag_error_count(d), 0);
  assert_true(has_message(d, "en.xml: warning: xml:lang is 'nl', as in nl.xml (set the language "
                             "of the translation: it chooses the hyphenation)"));
  assert_true(has_message(d, "en.xml:20: warning: card 'prikkel-onderzoeken-realisatie' question: "
                             "the same as in nl.xml (not translated yet? if it is meant to stay "
                             "so, add same=\"yes\" to the element)"));
  diag_free(d);
  model_free(t);
  model_free(r);
}

static void test_missing_and_changed(void **state) {
  (void)state;
  char *doc = fixture();
  doc = edited(doc, "xml:lang=\"nl\"", "xml:lang=\"en\"");
  doc = edited(doc, "<question>Kosten &lt; baten &amp; meer</question>",
               "<question>Costs &lt; benefits</question>");
  /* A card left out, a label's placeholder lost, a werkvorm step dropped. */
  doc = edited(doc, "    <card id=\"prikkel-onderzoeken-realisatie\"", "    <card id=\"extra\"");
  doc = edited(doc, "pagina {page} van {pages}", "page {page}");
  doc = edited(doc, "<step>Bespreek.</step>", "");
  model_instrument *r = load(fixture(), "nl.xml"), *t = load_against(doc, "en.xml", r);
  diag_list *d = diag_new();
  assert_int_equal(check_translation(t, r, d), 3);
  assert_true(has_message(d, "en.xml: error: card 'prikkel-onderzoeken-realisatie' (P2) is missing "
                             "(translate it from nl.xml:19)"));
  assert_true(has_message(d, "en.xml: error: werkvorm 'carrousel' step 2 is missing (translate it "
                             "from nl.xml:37)"));
  assert_true(has_message(d, "en.xml:7: error: label 'page' has the placeholders {page}, nl.xml "
                             "has {pages}{page} (keep the same names; their order may change)"));
  assert_true(has_message(d, "en.xml:19: warning: card 'extra' is not in nl.xml (keep the ids of "
                             "the reference edition)"));
  /* Translated text is not reported; the language differs, so no word on it. */
  for (size_t i = 0; i < diag_count(d); i++) {
    assert_null(strstr(diag_message(d, i), "'extra' question"));
    assert_null(strstr(diag_message(d, i), "xml:lang"));
  }
  diag_free(d);
  model_free(t);
  model_free(r);
}

static void test_placeholders_may_move(void **state) {
  (void)state;
  char *doc = edited(fixture(), "pagina {page} van {pages}", "{pages}: {page}");
  model_instrument *r = load(fixture(), "nl.xml"), *t = load(doc, "en.xml");
  diag_list *d = diag_new();
  assert_int_equal(check_translation(t, r, d), 0);
  diag_free(d);
  model_free(t);
  model_free(r);
}


static void test_codes_follow_the_reference(void **state) {
  (void)state;
  model_instrument *r = load(fixture(), "nl.xml");
  /* The first Prikkelvraag left out: the second keeps its code P2. */
  char *doc = edited(fixture(), "<card id=\"prikkel-opleiden-visie\"", "<card id=\"gone\"");
  doc = edited(doc, "<ref card=\"spiegel-onderzoeken\"/> en ", "");
  model_instrument *t = load_against(doc, "en.xml", r);
  assert_string_equal(model_card_find(t, "prikkel-onderzoeken-realisatie")->code, "P2");
  assert_string_equal(model_card_find(t, "gone")->code, "P3"); /* after the reference's last */
  diag_list *d = diag_new();
  assert_int_equal(content_complete(t, r, d), 0);
  assert_int_equal(t->n_fallbacks, 1);
  assert_string_equal(t->fallbacks[0].what, "card 'prikkel-opleiden-visie' (P1)");
  /* Completed: the reference's card in its place, with its code. */
  assert_string_equal(t->cardsets[0].cards[0].id, "prikkel-opleiden-visie");
  assert_string_equal(t->cardsets[0].cards[0].code, "P1");
  assert_ptr_equal(t->cardsets[0].cards[0].set, &t->cardsets[0]);
  assert_ptr_equal(t->cardsets[0].cards[0].theme, model_theme_find(t, "opleiden"));
  assert_string_equal(t->cardsets[0].cards[1].code, "P2");
  diag_free(d);
  model_free(t);
  model_free(r);
}

static void test_missing_labels_do_not_stop_it(void **state) {
  (void)state;
  model_instrument *r = load(fixture(), "nl.xml");
  char *doc = edited(fixture(), "xml:lang=\"nl\"", "xml:lang=\"en\"");
  doc = edited(doc, "<label key=\"card.prompts\">Doorvragen</label>", "");
  doc = edited(doc, "<theme id=\"onderzoeken\">Onderzoeken</theme>", "");
  doc = edited(doc, "<subtitle>In gesprek</subtitle>", "<subtitle>In conversation</subtitle>");
  doc = edited(doc, "<role name=\"Gespreksleider\">Bewaakt de tijd.</role>",
               "<role name=\"Gespreksleider\">Keeps time.</role>");
  model_instrument *t = load_against(doc, "en.xml", r);
  diag_list *d = diag_new();
  assert_int_equal(check_translation(t, r, d), 2);
  assert_true(has_message(d, "en.xml: error: label 'card.prompts' is missing (translate it from "
                             "nl.xml:6)"));
  assert_true(has_message(d, "en.xml: error: theme 'onderzoeken' is missing (translate it from "
                             "nl.xml:9)"));
  /* Meta texts and role names are items too; the translated ones are quiet. */
  assert_true(has_message(d, "en.xml:3: warning: meta title: the same as in nl.xml (not "
                             "translated yet? if it is meant to stay so, add same=\"yes\" to the "
                             "element)"));
  assert_true(has_message(d, "en.xml:36: warning: werkvorm 'carrousel' role 1 name: the same as "
                             "in nl.xml (not translated yet? if it is meant to stay so, add "
                             "same=\"yes\" to the element)"));
  for (size_t i = 0; i < diag_count(d); i++) {
    assert_null(strstr(diag_message(d, i), "subtitle"));
    assert_null(strstr(diag_message(d, i), "role 1:"));
  }
  diag_free(d);
  model_free(t);
  model_free(r);
}

static void test_same_on_purpose(void **state) {
  (void)state;
  model_instrument *r = load(fixture(), "nl.xml");
  char *doc = edited(fixture(), "<label key=\"werkvorm.tips\">", "<label key=\"werkvorm.tips\" same=\"yes\">");
  doc = edited(doc, "<name>Carrousel</name>", "<name same=\"yes\">Carrousel</name>");
  model_instrument *t = load_against(doc, "en.xml", r);
  diag_list *d = diag_new();
  check_translation(t, r, d);
  for (size_t i = 0; i < diag_count(d); i++) {
    const char *msg = diag_message(d, i);
    /* Marked, or labels of placeholders and abbreviations only. */
    assert_null(strstr(msg, "'werkvorm.tips'"));
    assert_null(strstr(msg, "werkvorm 'carrousel' name"));
    assert_null(strstr(msg, "'card.meta'"));     /* {set} · {aspect} */
    assert_null(strstr(msg, "'werkvorm.code'")); /* W{number} */
    assert_null(strstr(msg, "'werkvorm.duration'")); /* {minutes} min */
  }
  /* Not every label with a placeholder is quiet. */
  assert_true(has_message(d, "en.xml:7: warning: label 'page': the same as in nl.xml (not "
                             "translated yet? if it is meant to stay so, add same=\"yes\" to the "
                             "element)"));
  diag_free(d);
  model_free(t);
  model_free(r);
}

static void test_steps_by_number(void **state) {
  (void)state;
  /* Three timed steps; the translation leaves out the middle one. */
  char *rdoc = edited(fixture(), "<step minutes=\"10\">Kies een kaart.</step><step>Bespreek.</step>",
                      "<step minutes=\"10\">Kies.</step><step minutes=\"30\">Praat.</step>"
                      "<step minutes=\"20\">Rond af.</step>");
  char *tdoc = g_strdup(rdoc);
  model_instrument *r = load(rdoc, "nl.xml");
  tdoc = edited(tdoc, "<step minutes=\"30\">Praat.</step>", "");
  tdoc = edited(tdoc, "<step minutes=\"20\">Rond af.</step>", "<step minutes=\"20\">Close.</step>");
  model_instrument *t = load_against(tdoc, "en.xml", r);
  diag_list *d = diag_new();
  assert_int_equal(check_translation(t, r, d), 1);
  assert_true(has_message(d, "en.xml: error: werkvorm 'carrousel' step 2 is missing (translate it "
                             "from nl.xml:37)"));
  /* Completed, the steps add up again; step 3 is the translated one. */
  assert_int_equal(t->werkvormen[0].n_steps, 3);
  assert_string_equal(t->werkvormen[0].steps[2].text.runs[0].text, "Close.");
  diag_free(d);
  model_free(t);
  model_free(r);
}

static void test_steps_must_add_up(void **state) {
  (void)state;
  char *doc = edited(fixture(), "<step>Bespreek.</step>", "<step minutes=\"45\">Bespreek.</step>");
  diag_list *d = diag_new();
  assert_null(content_load(doc, strlen(doc), "nl.xml", d));
  assert_true(has_message(d, "nl.xml:30: error: werkvorm 'carrousel': its 2 steps add up to 55 "
                             "minutes, its duration is 60 (make the steps' minutes and <duration "
                             "minutes> agree)"));
  g_free(doc);
  diag_free(d);
}

static void test_out_of_date(void **state) {
  (void)state;
  char path[] = "/tmp/kaartset-record-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  remove(path);
  model_instrument *r = load(fixture(), "nl.xml");
  char *doc = edited(fixture(), "<tip>Begin klein.</tip>", "<tip>Start small.</tip>");
  model_instrument *t = load_against(g_strdup(doc), "en.xml", r);
  diag_list *d = diag_new();
  check_record *rec = check_record_load(path, d);
  assert_non_null(rec);
  assert_int_equal(check_mark_reviewed(rec, t, r, "werkvorm/carrousel/tip/1") , 1);
  assert_int_equal(check_record_save(rec, r, path, d), 0);
  check_record_free(rec);
  model_free(t);
  model_free(r);
  /* The reference changes its tip; the translation does not follow. */
  r = load(edited(fixture(), "<tip>Begin klein.</tip>", "<tip>Begin <em>heel</em> klein.</tip>"),
           "nl.xml");
  t = load_against(doc, "en.xml", r);
  rec = check_record_load(path, d);
  check_edition(t, r, rec, d);
  assert_true(has_message(d, "en.xml:38: warning: werkvorm 'carrousel' tip 1: out of date: nl.xml "
                             "changed it since it was translated (was: \"Begin klein.\"; now: "
                             "\"Begin <em>heel</em> klein.\"; update the translation, then run "
                             "kaartset check --mark-reviewed werkvorm/carrousel/tip/1)"));
  /* Items never marked are named once the record exists. */
  assert_true(has_message(d, "en.xml:31: warning: werkvorm 'carrousel' name: the same as in "
                          "nl.xml (not translated yet? if it is meant to stay so, add "
                          "same=\"yes\" to the element)"));
  check_record_free(rec);
  remove(path);
  diag_free(d);
  model_free(t);
  model_free(r);
}

static void test_missing_set_is_one_message(void **state) {
  (void)state;
  model_instrument *r = load(fixture(), "nl.xml");
  char *doc = fixture();
  char *from = strstr(doc, "  <cardset id=\"spiegel\""), *to = strstr(doc, "  <werkvorm");
  assert_non_null(from);
  memmove(from, to, strlen(to) + 1);
  model_instrument *t = load_against(doc, "en.xml", r);
  diag_list *d = diag_new();
  assert_int_equal(check_translation(t, r, d), 1);
  assert_true(has_message(d, "en.xml: error: card set 'spiegel' (all its 1 cards) is missing "
                             "(translate it from nl.xml:23)"));
  /* Completed, the set and its card print with the reference's code. */
  assert_string_equal(model_card_find(t, "spiegel-onderzoeken")->code, "SP1");
  diag_free(d);
  model_free(t);
  model_free(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_same_edition_only_warns),
    cmocka_unit_test(test_missing_and_changed),
    cmocka_unit_test(test_placeholders_may_move),
    cmocka_unit_test(test_codes_follow_the_reference),
    cmocka_unit_test(test_missing_labels_do_not_stop_it),
    cmocka_unit_test(test_same_on_purpose),
    cmocka_unit_test(test_steps_by_number),
    cmocka_unit_test(test_steps_must_add_up),
    cmocka_unit_test(test_out_of_date),
    cmocka_unit_test(test_missing_set_is_one_message),
  };
  return cmocka_run_group_tests_name("check", tests, NULL, NULL);
}
