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
  assert_true(has_message(d, "en.xml:20: warning: card 'prikkel-onderzoeken-realisatie': the "
                             "question is the same as in nl.xml (not translated yet?)"));
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
  model_instrument *r = load(fixture(), "nl.xml"), *t = load(doc, "en.xml");
  diag_list *d = diag_new();
  assert_int_equal(check_translation(t, r, d), 2);
  assert_true(has_message(d, "en.xml: error: card 'prikkel-onderzoeken-realisatie' is missing "
                             "(translate it from nl.xml:19)"));
  assert_true(has_message(d, "en.xml:7: error: label 'page' has the placeholders {page}, nl.xml "
                             "has {pages}{page} (keep the same names; their order may change)"));
  assert_true(has_message(d, "en.xml:19: warning: card 'extra' is not in nl.xml (keep the ids of "
                             "the reference edition)"));
  assert_true(has_message(d, "en.xml:30: warning: werkvorm 'carrousel' has 1 steps, nl.xml has 2 "
                             "(translate each one)"));
  /* Translated text is not reported; the language differs, so no word on it. */
  for (size_t i = 0; i < diag_count(d); i++) {
    assert_null(strstr(diag_message(d, i), "'extra': the question"));
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

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_same_edition_only_warns),
    cmocka_unit_test(test_missing_and_changed),
    cmocka_unit_test(test_placeholders_may_move),
  };
  return cmocka_run_group_tests_name("check", tests, NULL, NULL);
}
