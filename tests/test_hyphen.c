/* Tests for hyphen: Dutch soft hyphens from libhyphen, text kept intact, dictionary search. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "hyphdict.h"
#include "hyphen.h"

#define SHY "\xC2\xAD"

static int setup_nl(void **state) {
  diag_list *d = diag_new();
  hyphen_dict *h = hyphen_load("nl", NULL, d);
  if (!h || diag_count(d) != 0) {
    diag_free(d);
    return -1;
  }
  diag_free(d);
  *state = h;
  return 0;
}

static int teardown_nl(void **state) {
  hyphen_free(*state);
  return 0;
}

/* The text with every soft hyphen removed. */
static char *strip_soft(const char *s) {
  GString *out = g_string_new("");
  for (const char *p = s; *p;) {
    if (strncmp(p, SHY, 2) == 0) {
      p += 2;
      continue;
    }
    g_string_append_c(out, *p++);
  }
  return g_string_free(out, FALSE);
}

static void assert_hyphenated(const hyphen_dict *h, const char *in, const char *expected) {
  char *got = hyphen_insert_soft(h, in);
  assert_string_equal(got, expected);
  g_free(got);
}

/* Expectations are libhyphen's output with Debian's hyph_nl_NL.dic, each
 * checked against Dutch syllables (Woordenlijst: op-lei-dings-school). */
static void test_dutch_compounds(void **state) {
  const hyphen_dict *h = *state;
  assert_hyphenated(h, "opleidingsschool", "op" SHY "lei" SHY "dings" SHY "school");
  assert_hyphenated(h, "professionaliseringsactiviteiten",
                    "pro" SHY "fes" SHY "si" SHY "o" SHY "na" SHY "li" SHY "se" SHY "rings" SHY
                    "ac" SHY "ti" SHY "vi" SHY "tei" SHY "ten");
  assert_hyphenated(h, "werkplekbegeleider", "werk" SHY "plek" SHY "be" SHY "ge" SHY "lei" SHY "der");
  assert_hyphenated(h, "samenwerkingsverband",
                    "sa" SHY "men" SHY "wer" SHY "kings" SHY "ver" SHY "band");
}

/* A command-line option is typed as printed: no soft hyphens, and word
 * joiners (U+2060) after its hyphens so no line breaks inside it. */
static void test_option_kept_whole(void **state) {
  const hyphen_dict *h = *state;
  assert_hyphenated(h, "met --back-offset 1.5,-0.5 aan",
                    "met -\u2060-\u2060back-\u2060offset 1.5,-0.5 aan");
}

/* ë, é, ö are two bytes in UTF-8 and one in the dictionary's ISO 8859-1:
 * the breaks land between the right characters. */
static void test_accented_words(void **state) {
  const hyphen_dict *h = *state;
  assert_hyphenated(h, "coördinatie", "co" SHY "ör" SHY "di" SHY "na" SHY "tie");
  assert_hyphenated(h, "ideeën", "idee" SHY "ën");
  assert_hyphenated(h, "financiële", "fi" SHY "nan" SHY "ci" SHY "ë" SHY "le");
  /* Decomposed (e + U+0308) is looked up composed, and kept as it was. */
  assert_hyphenated(h, "financie\xCC\x88le", "fi" SHY "nan" SHY "ci" SHY "e\xCC\x88" SHY "le");
}

static void test_case_and_punctuation(void **state) {
  const hyphen_dict *h = *state;
  /* Upper case is looked up in lower case and printed as it was. */
  assert_hyphenated(h, "Opleidingsschool", "Op" SHY "lei" SHY "dings" SHY "school");
  assert_hyphenated(h, "Hoe werkt de opleidingsschool?",
                    "Hoe werkt de op" SHY "lei" SHY "dings" SHY "school?");
  assert_hyphenated(h, "(onderzoek), \"dilemma's\" & <b>",
                    "(on" SHY "der" SHY "zoek), \"di" SHY "lem" SHY "ma's\" & <b>");
  /* Existing hyphens and apostrophes end a word. */
  assert_hyphenated(h, "praktijk-gericht", "prak" SHY "tijk-ge" SHY "richt");
  /* Web and mail addresses stay whole; a full stop is not an address. */
  assert_hyphenated(h, "Zie www.opleidingsschool.nl of info@opleidingsschool.nl.",
                    "Zie www.opleidingsschool.nl of info@opleidingsschool.nl.");
  assert_hyphenated(h, "https://example.org/opleidingsschool",
                    "https://example.org/opleidingsschool");
  assert_hyphenated(h, "de opleidingsschool. Opleidingsschool",
                    "de op" SHY "lei" SHY "dings" SHY "school. Op" SHY "lei" SHY "dings" SHY "school");
  assert_hyphenated(h, "opleidingsschool\u00A0opleidingsschool",
                    "op" SHY "lei" SHY "dings" SHY "school\u00A0op" SHY "lei" SHY "dings" SHY "school");
  /* Acronyms stay whole. */
  assert_hyphenated(h, "LERARENOPLEIDING", "LERARENOPLEIDING");
}

static void test_short_words_untouched(void **state) {
  const hyphen_dict *h = *state;
  const char *words[] = {"de", "het", "visie", "zieke", "wie", "rol", "taak", "doel", ""};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
    char *got = hyphen_insert_soft(h, words[i]);
    if (strlen(words[i]) < 5) assert_string_equal(got, words[i]);
    g_free(got);
  }
  /* Letters count, not bytes: four letters in eight bytes stay whole. */
  assert_hyphenated(h, "ëëëë", "ëëëë");
}

static void test_at_least_two_letters_each_side(void **state) {
  const hyphen_dict *h = *state;
  /* "ideeën" could be i-dee-ën; one letter is too few on a line. */
  char *got = hyphen_insert_soft(h, "ideeën");
  assert_true(strncmp(got, "i" SHY, 3) != 0);
  g_free(got);
}

/* For ragged-right text: only long words break, keeping three letters a side. */
static void test_min_word_and_side(void **state) {
  const hyphen_dict *h = *state;
  char *got = hyphen_insert_soft_min(h, "eigen elkaar dilemma opleiding opleidingsschool", 8, 3);
  assert_string_equal(got, "eigen elkaar dilemma oplei" SHY "ding oplei" SHY "dings" SHY
                           "school");
  g_free(got);
  /* Smaller values than the defaults count as the defaults. */
  got = hyphen_insert_soft_min(h, "ideeën taak", 0, 1);
  char *plain = hyphen_insert_soft(h, "ideeën taak");
  assert_string_equal(got, plain);
  g_free(plain);
  g_free(got);
}

/* Words of the instrument's domain: removing the soft hyphens gives the input
 * back, byte for byte, and no break leaves fewer than two letters on a side. */
static void test_property_text_intact(void **state) {
  const hyphen_dict *h = *state;
  const char *words[] = {
    "schoolopleider", "werkplekbegeleider", "lerarenopleiding", "praktijkgericht",
    "onderzoek", "samenwerkingsverband", "beroepsontwikkeling", "opleidingsschool",
    "professionaliseringsactiviteiten", "coördinatie", "ideeën", "financiële",
    "verantwoordelijkheid", "kwaliteitszorg", "toekomstige", "dilemma's",
    "prikkelvragen", "spiegelvragen", "werkvormen", "gespreksleider",
    "aspirant-opleidingsschool", "schoolbesturen", "lerarenopleidingen",
    "professionalisering", "doorgaande", "gezamenlijke", "verantwoordelijk",
    "evaluatie", "realisatie", "onderzoekscultuur", "praktijkonderzoek",
    "startbekwame", "zij-instromers", "studenten", "begeleidingsgesprekken",
    "coöperatie", "reëel", "zeeën", "geüpdatet", "café's", "één", "naïef",
    "Curaçao", "PABO-student", "ICT-coördinator", "2026-01", "co\xCC\x88rdinatie",
    "straße", "Ωμέγα", "Жизнь", "中文字", "x\xCC\x88yz\xCC\x88" "abc",
  };
  size_t breaks = 0;
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
    char *got = hyphen_insert_soft(h, words[i]);
    char *back = strip_soft(got);
    assert_string_equal(back, words[i]);
    assert_true(g_utf8_validate(got, -1, NULL));
    /* Two letters at least before and after every break. */
    for (const char *p = strstr(got, SHY); p; p = strstr(p + 2, SHY)) {
      breaks++;
      assert_true(g_utf8_strlen(got, p - got) >= 2);
      assert_true(g_utf8_strlen(p + 2, -1) >= 2);
      assert_true(g_unichar_isalpha(g_utf8_get_char(p + 2)));
    }
    g_free(back);
    g_free(got);
  }
  assert_true(breaks > 60);
}

static void test_null_dictionary_copies(void **state) {
  (void)state;
  char *got = hyphen_insert_soft(NULL, "opleidingsschool");
  assert_string_equal(got, "opleidingsschool");
  g_free(got);
  assert_null(hyphen_insert_soft(NULL, NULL));
  hyphen_free(NULL);
}

static void test_invalid_utf8_copied(void **state) {
  const hyphen_dict *h = *state;
  assert_hyphenated(h, "opleidingsschool\xC3", "opleidingsschool\xC3");
}

static void test_unknown_language_warns(void **state) {
  (void)state;
  diag_list *d = diag_new();
  assert_null(hyphen_load("xx", NULL, d));
  assert_int_equal(diag_count(d), 1);
  assert_int_equal(diag_error_count(d), 0);
  assert_non_null(strstr(diag_message(d, 0), "warning"));
  assert_non_null(strstr(diag_message(d, 0), "'xx'"));
  assert_null(hyphen_load("../etc/passwd", NULL, d));
  assert_int_equal(diag_count(d), 2);
  diag_free(d);
}

static void test_lang_variants(void **state) {
  (void)state;
  diag_list *d = diag_new();
  const char *langs[] = {"nl", "nl-NL", "nl_BE", "NL-be", "nl-Latn-NL"};
  for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
    hyphen_dict *h = hyphen_load(langs[i], NULL, d);
    assert_non_null(h);
    hyphen_free(h);
  }
  assert_int_equal(diag_count(d), 0);
  diag_free(d);
}

static void write_file(const char *dir, const char *name, const char *text) {
  char *p = g_build_filename(dir, name, NULL);
  assert_true(g_file_set_contents(p, text, -1, NULL));
  g_free(p);
}

static void remove_dir(const char *dir) {
  GDir *gd = g_dir_open(dir, 0, NULL);
  for (const char *e; gd && (e = g_dir_read_name(gd));) {
    char *p = g_build_filename(dir, e, NULL);
    g_remove(p);
    g_free(p);
  }
  if (gd) g_dir_close(gd);
  g_rmdir(dir);
}

/* Search order and a UTF-8 dictionary with a nonstandard pattern (German
 * "Zucker" -> "Zuk-ker"): a soft hyphen cannot change letters, so the break
 * is left out and the word stays as it was. */
static void test_search_order_and_nonstandard(void **state) {
  (void)state;
  char *dir = g_dir_make_tmp("kaartset-hyph-XXXXXX", NULL);
  assert_non_null(dir);
  write_file(dir, "hyph_xx_ZZ.dic", "UTF-8\nc1k/k=k,1,1\nn1n\nr1z\n");
  write_file(dir, "hyph_xx_AA.dic", "UTF-8\na1b\n");
  diag_list *d = diag_new();

  /* Any hyph_xx_*.dic, the first by name. */
  hyphen_dict *h = hyphen_load("xx", dir, d);
  assert_non_null(h);
  assert_hyphenated(h, "ababab", "aba" SHY "bab");
  hyphen_free(h);

  /* The exact region first. */
  h = hyphen_load("xx-ZZ", dir, d);
  assert_non_null(h);
  assert_hyphenated(h, "zucker", "zucker");
  assert_hyphenated(h, "zuckerzucker", "zucker" SHY "zucker");
  assert_hyphenated(h, "ännännä", "än" SHY "nän" SHY "nä");
  hyphen_free(h);

  /* Then hyph_xx.dic before the other regions. */
  write_file(dir, "hyph_xx.dic", "ISO8859-1\nb1a\n");
  h = hyphen_load("xx-QQ", dir, d);
  assert_non_null(h);
  assert_hyphenated(h, "ababab", "ab" SHY "ab" SHY "ab");
  assert_hyphenated(h, "bababa", "bab" SHY "aba");
  /* Not in ISO 8859-1: left whole. */
  assert_hyphenated(h, "bababaω", "bababaω");
  hyphen_free(h);

  assert_int_equal(diag_count(d), 0);
  diag_free(d);
  remove_dir(dir);
  g_free(dir);
}

/* libhyphen's own loader, the reference (its header is not on this
 * test's include path: ours of the same name is). */
HyphenDict *hnj_hyphen_load(const char *fn);
void hnj_hyphen_free(HyphenDict *dict);

/* hyphdict_load gives the automaton hnj_hyphen_load gives for the file at
 * path; 1 when libhyphen could read it at all. */
static int assert_same_automaton(const char *path) {
  HyphenDict *want = hnj_hyphen_load(path);
  HyphenDict *got = hyphdict_load(path);
  char why[512] = "";
  if (!want) {
    assert_null(got);
    return 0;
  }
  assert_non_null(got);
  if (!hyphdict_same(got, want, why, sizeof why)) fail_msg("%s: %s", path, why);
  hyphdict_free(got);
  hnj_hyphen_free(want);
  return 1;
}

/* Every dictionary installed, state for state as libhyphen reads it: the
 * Dutch and English ones at least (setup.sh installs them). */
static void test_loader_same_as_libhyphen(void **state) {
  (void)state;
  GDir *gd = g_dir_open("/usr/share/hyphen", 0, NULL);
  assert_non_null(gd);
  int nl = 0, en = 0;
  for (const char *e; (e = g_dir_read_name(gd));) {
    if (!g_str_has_prefix(e, "hyph_") || !g_str_has_suffix(e, ".dic")) continue;
    char *p = g_build_filename("/usr/share/hyphen", e, NULL);
    if (assert_same_automaton(p)) nl += strcmp(e, "hyph_nl_NL.dic") == 0,
                                  en += strcmp(e, "hyph_en_US.dic") == 0;
    g_free(p);
  }
  g_dir_close(gd);
  assert_int_equal(nl, 1);
  assert_int_equal(en, 1);
}

/* Whether hyphdict_load reads the dictionaries a and b as one automaton
 * (files in dir); why says how they differ. */
static int ours_same(const char *dir, const char *a, const char *b, char *why, size_t n) {
  write_file(dir, "a.dic", a);
  write_file(dir, "b.dic", b);
  char *pa = g_build_filename(dir, "a.dic", NULL), *pb = g_build_filename(dir, "b.dic", NULL);
  HyphenDict *da = hyphdict_load(pa), *db = hyphdict_load(pb);
  assert_non_null(da);
  assert_non_null(db);
  int same = hyphdict_same(da, db, why, n);
  hyphdict_free(da);
  hyphdict_free(db);
  g_free(pa);
  g_free(pb);
  return same;
}

/* What Debian's dictionaries hardly use, each against libhyphen: a second
 * level (NEXTLEVEL), replacements with and without positions (UTF-8 and
 * not), NOHYPHEN, the hyphen minimums, comments, CRLF line ends, a line
 * longer than libhyphen's 99-byte reads, a last line without its newline,
 * an empty file, a first line only, NEXTLEVEL twice. */
static void test_loader_corners(void **state) {
  (void)state;
  char *dir = g_dir_make_tmp("kaartset-hyphdict-XXXXXX", NULL);
  assert_non_null(dir);
  /* Read as three lines of at most 99 bytes (the same pattern twice
   * would leak in libhyphen: none of its pieces is another's). */
  GString *long_line = g_string_new("ISO8859-1\n");
  for (int i = 0; i < 105; i++) g_string_append_printf(long_line, "%c1", 'a' + i % 26);
  g_string_append(long_line, "\nc1d\n");
  const char *cases[] = {
    "UTF-8\nLEFTHYPHENMIN 2\nRIGHTHYPHENMIN 3\nCOMPOUNDLEFTHYPHENMIN 4\n"
    "COMPOUNDRIGHTHYPHENMIN 5\n1ba\n.ab1c\nNEXTLEVEL\n1-1\nNOHYPHEN -,'\nx1y\n",
    "UTF-8\nc1k/k=k,1,1\n.schif1f/ff=f,5,2\nä1ö/ä=ö,1,2\nn1n\nr1z\nzuc1ker/k=k\n",
    "ISO8859-1\nc1k/k=k,1,1\nb1b/bb=b\n% a comment\n%1x1\n",
    /* (A second NOHYPHEN line adds its count to the first's in libhyphen
     * 2.8.8, which then reads past its list: not a case to hold it to.) */
    "ISO8859-1\nNOHYPHEN a,bc,d\n2a3b\nab1c\nabc2d\n",
    "UTF-8\r\na1b\r\n.c2d\r\nLEFTHYPHENMIN 1\r\n",
    long_line->str,
    "ISO8859-1\na1b\nb1c",
    "",
    "UTF-8\n",
    "NEXTLEVEL\nNEXTLEVEL\na1b\n",
  };
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
    char name[32];
    snprintf(name, sizeof name, "case%zu.dic", i);
    write_file(dir, name, cases[i]);
    char *p = g_build_filename(dir, name, NULL);
    assert_true(assert_same_automaton(p));
    g_free(p);
  }
  /* A pattern given twice: the last counts (libhyphen's loader leaks the
   * first, so it is not the reference here). */
  char why[512] = "";
  if (!ours_same(dir, "ISO8859-1\n2a1b\nx1y\n2a3b\n", "ISO8859-1\n2a3b\nx1y\n", why,
                 sizeof why))
    fail_msg("%s", why);
  /* And two that differ are told apart. */
  assert_false(ours_same(dir, "ISO8859-1\na1b\n", "ISO8859-1\na2b\n", why, sizeof why));
  assert_non_null(strstr(why, "match '10' against '20'"));
  /* A file that is not there. */
  char *gone = g_build_filename(dir, "gone.dic", NULL);
  assert_null(hyphdict_load(gone));
  g_free(gone);
  g_string_free(long_line, TRUE);
  remove_dir(dir);
  g_free(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_loader_same_as_libhyphen),
    cmocka_unit_test(test_loader_corners),
    cmocka_unit_test(test_dutch_compounds),
    cmocka_unit_test(test_option_kept_whole),
    cmocka_unit_test(test_accented_words),
    cmocka_unit_test(test_case_and_punctuation),
    cmocka_unit_test(test_short_words_untouched),
    cmocka_unit_test(test_at_least_two_letters_each_side),
    cmocka_unit_test(test_min_word_and_side),
    cmocka_unit_test(test_property_text_intact),
    cmocka_unit_test(test_null_dictionary_copies),
    cmocka_unit_test(test_invalid_utf8_copied),
    cmocka_unit_test(test_unknown_language_warns),
    cmocka_unit_test(test_lang_variants),
    cmocka_unit_test(test_search_order_and_nonstandard),
  };
  return cmocka_run_group_tests_name("hyphen", tests, setup_nl, teardown_nl);
}
