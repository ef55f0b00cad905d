/* Tests for style: the default template, errors for broken templates, the range of numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "style.h"

static style *load_default(diag_list *d) {
  char path[4096];
  snprintf(path, sizeof path, "%s/templates/default.xml", getenv("KAARTSET_SOURCE"));
  return style_load_file(path, d);
}

static void test_default_template(void **state) {
  (void)state;
  diag_list *d = diag_new();
  style *s = load_default(d);
  assert_non_null(s);
  assert_int_equal(diag_count(d), 0);
  assert_true(fabs(s->card_w - 63) < 1e-9 && fabs(s->card_h - 88) < 1e-9);
  assert_true(fabs(s->paper_w - 210) < 1e-9 && fabs(s->paper_h - 297) < 1e-9);
  assert_string_equal(s->font_family, "Noto Sans");
  assert_true(s->question_min_pt < s->question_max_pt);
  assert_non_null(style_paper_find(s, "letter"));
  assert_null(style_paper_find(s, "b5"));
  style_rgb c = style_theme_colour(s, "opleiden");
  style_rgb fallback = style_theme_colour(s, "no-such-theme");
  assert_false(c.r == fallback.r && c.g == fallback.g && c.b == fallback.b);
  /* Every card the deck holds has its colour: both sets and the werkvorm cards. */
  const char *sets[] = {"prikkel", "spiegel", "werkvorm"};
  for (size_t i = 0; i < 3; i++) {
    style_rgb k = style_cardset_colour(s, sets[i]);
    assert_false(k.r == fallback.r && k.g == fallback.g && k.b == fallback.b);
  }
  style_free(s);
  diag_free(d);
}

/* A template small enough to write inline; one attribute is swapped per test. */
static const char good[] =
  "<template format=\"1\" name=\"t\">\n"
  "<card width=\"63\" height=\"88\" bleed=\"3\" safe=\"4\" band=\"12\"/>\n"
  "<paper name=\"a4\" width=\"210\" height=\"297\"/>\n"
  "<sheet margin=\"5\" gap=\"0\"/>\n"
  "<marks style=\"edge\" length=\"6\" offset=\"2\" width=\"0.25\"/>\n"
  "<fonts family=\"Noto Sans\"/>\n"
  "<sizes question-max=\"12\" question-min=\"8\" prompt=\"7\" band=\"9\" meta=\"6\" "
  "footer=\"5\" back-title=\"15\" back-subtitle=\"7\" line-spacing=\"1\"/>\n"
  "<colours text=\"#000000\" muted=\"#666666\" paper=\"#ffffff\" on-colour=\"#ffffff\">\n"
  "<theme id=\"opleiden\" colour=\"#ff0000\"/>\n"
  "</colours>\n"
  "</template>\n";

/* The same with a <document> (line 11), for its numbers and relations. */
static const char good_doc[] =
  "<template format=\"1\" name=\"t\">\n"
  "<card width=\"63\" height=\"88\" bleed=\"3\" safe=\"4\" band=\"12\"/>\n"
  "<paper name=\"a4\" width=\"210\" height=\"297\"/>\n"
  "<sheet margin=\"5\" gap=\"0\"/>\n"
  "<marks style=\"edge\" length=\"6\" offset=\"2\" width=\"0.25\"/>\n"
  "<fonts family=\"Noto Sans\"/>\n"
  "<sizes question-max=\"12\" question-min=\"8\" prompt=\"7\" band=\"9\" meta=\"6\" "
  "footer=\"5\" back-title=\"15\" back-subtitle=\"7\" line-spacing=\"1\"/>\n"
  "<colours text=\"#000000\" muted=\"#666666\" paper=\"#ffffff\" on-colour=\"#ffffff\">\n"
  "<theme id=\"opleiden\" colour=\"#ff0000\"/>\n"
  "</colours>\n"
  "<document width=\"210\" height=\"297\" margin-top=\"24\" margin-bottom=\"24\" "
  "margin-left=\"24\" margin-right=\"24\" body=\"10\" small=\"8\" h1=\"17\" h2=\"12\" "
  "title=\"30\" subtitle=\"14\" line-spacing=\"1.05\" paragraph-space=\"2.6\" "
  "item-space=\"1.4\" h1-space=\"10\" h2-space=\"6\" heading-after=\"2.4\" indent=\"6.5\" "
  "rule-space=\"8\" justify=\"true\" heading-colour=\"#34508a\" table-margin=\"14\" "
  "table-max=\"15\" table-min=\"10\" table-justify=\"false\" table-columns=\"2\" "
  "table-gap=\"8\"/>\n"
  "</template>\n";

/* base with its first `from` replaced by `to`, in buf. */
static void swap_in(char *buf, size_t size, const char *base, const char *from, const char *to) {
  const char *at = strstr(base, from);
  assert_non_null(at);
  snprintf(buf, size, "%.*s%s%s", (int)(at - base), base, to, at + strlen(from));
}

/* Loading base with `from` swapped for `to` fails with exactly these messages. */
static void expect_errors_in(const char *base, const char *from, const char *to,
                             const char *const *expected, size_t n) {
  char buf[4096];
  swap_in(buf, sizeof buf, base, from, to);
  diag_list *d = diag_new();
  style *s = style_load(buf, strlen(buf), "t.xml", d);
  if (s) fail_msg("'%s' was accepted", to);
  for (size_t i = 0; i < n; i++) {
    assert_true(i < diag_count(d));
    assert_string_equal(diag_message(d, i), expected[i]);
  }
  assert_int_equal(diag_count(d), n);
  diag_free(d);
}

static void expect_errors(const char *from, const char *to, const char *const *expected,
                          size_t n) {
  expect_errors_in(good, from, to, expected, n);
}

/* Loading base with `from` swapped for `to` fails with one message, at
 * file:line, that holds `part`. */
static void expect_error_part(const char *base, const char *from, const char *to, long line,
                              const char *part) {
  char buf[4096], at[32];
  swap_in(buf, sizeof buf, base, from, to);
  diag_list *d = diag_new();
  style *s = style_load(buf, strlen(buf), "t.xml", d);
  if (s) fail_msg("'%s' was accepted", to);
  assert_int_equal(diag_count(d), 1);
  snprintf(at, sizeof at, "t.xml:%ld: error: ", line);
  const char *msg = diag_message(d, 0);
  if (strncmp(msg, at, strlen(at)) != 0 || !strstr(msg, part))
    fail_msg("expected '%s…%s', got '%s'", at, part, msg);
  diag_free(d);
}

/* Loading base with `from` swapped for `to` succeeds without messages. */
static style *expect_ok(const char *base, const char *from, const char *to) {
  char buf[4096];
  swap_in(buf, sizeof buf, base, from, to);
  diag_list *d = diag_new();
  style *s = style_load(buf, strlen(buf), "t.xml", d);
  if (!s) fail_msg("'%s' refused: %s", to, diag_count(d) ? diag_message(d, 0) : "?");
  assert_int_equal(diag_count(d), 0);
  diag_free(d);
  return s;
}

static void test_good_inline(void **state) {
  (void)state;
  diag_list *d = diag_new();
  style *s = style_load(good, strlen(good), "t.xml", d);
  assert_non_null(s);
  assert_true(fabs(style_theme_colour(s, "opleiden").r - 1.0) < 1e-9);
  assert_true(fabs(style_theme_colour(s, "opleiden").g) < 1e-9);
  assert_int_equal(s->card_line, 2);
  assert_int_equal(s->paper_line, 3);
  style_free(s);
  diag_free(d);
}

static void test_min_above_max(void **state) {
  (void)state;
  const char *e[] = {"t.xml:7: error: question-min (13.0) is larger than question-max (12.0) "
                     "(swap them)"};
  expect_errors("question-min=\"8\"", "question-min=\"13\"", e, 1);
}

static void test_bad_colour(void **state) {
  (void)state;
  const char *e[] = {"t.xml:9: error: <theme> lacks an attribute it needs, or one of its "
                     "values is not one this format takes (see the format in docs/)"};
  expect_errors("#ff0000", "red", e, 1);
  /* The element's line even where libxml2 gives none (one <card>); and an
   * attribute's bad value named once, not as an attribute <colours> lacks. */
  const char *e2[] = {"t.xml:2: error: <card> lacks an attribute it needs, or one of its "
                      "values is not one this format takes (see the format in docs/)"};
  expect_errors(" width=\"63\"", "", e2, 1);
  const char *e3[] = {"t.xml:8: error: <colours> lacks an attribute it needs, or one of its "
                      "values is not one this format takes (see the format in docs/)"};
  expect_errors("text=\"#000000\"", "text=\"black\"", e3, 1);
  /* In the shipped template libxml2 goes on to call 'text' an attribute
   * <colours> does not take: one message says both. */
  char path[4096];
  snprintf(path, sizeof path, "%s/templates/default.xml", getenv("KAARTSET_SOURCE"));
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  char *buf = calloc(1, 1 << 20);
  assert_non_null(buf);
  size_t n = fread(buf, 1, (1 << 20) - 1, f);
  fclose(f);
  char *at = strstr(buf, "text=\"#");
  assert_non_null(at);
  memcpy(at + 6, "red", 3); /* text="red...": no colour */
  diag_list *d = diag_new();
  assert_null(style_load(buf, n, "default.xml", d));
  assert_int_equal(diag_count(d), 1);
  assert_non_null(strstr(diag_message(d, 0), ": error: <colours> attribute 'text': its value is "
                                             "not one this format takes, or <colours> does not "
                                             "take it (see the format in docs/)"));
  diag_free(d);
  free(buf);
  const char *e4[] = {"t.xml:2: error: <card> does not take the attribute 'shiny' (see the "
                      "format in docs/)"};
  expect_errors("<card ", "<card shiny=\"yes\" ", e4, 1);
  const char *e5[] = {"t.xml:4: error: <bogus> does not belong here (see the format in docs/)"};
  expect_errors("<sheet", "<bogus/>\n<sheet", e5, 1);
}

static void test_not_well_formed(void **state) {
  (void)state;
  /* One message: what follows from the first error is left out. */
  const char *e[] = {"t.xml:10: error: </template> does not close <colours> from line 8 (close "
                     "every element with its own end tag, innermost first)"};
  expect_errors("</colours>\n", "", e, 1);
}

/* Hostile or broken XML: one message, at its line, in plain words (no
 * libxml2 jargon), nothing that follows from it. */
static void test_hostile_xml(void **state) {
  (void)state;
  static const struct { const char *from, *to, *msg; } cases[] = {
    {"</template>\n", "</template>\n<template/>\n",
     "t.xml:12: error: text or an element after </template> (everything must be inside the one "
     "<template> element; remove what follows it)"},
    {"</template>\n", "</template>\ntrailing words\n",
     "t.xml:12: error: text or an element after </template> (everything must be inside the one "
     "<template> element; remove what follows it)"},
    {"</colours>", "</colour>",
     "t.xml:10: error: </colour> does not close <colours> from line 8 (close every element with "
     "its own end tag, innermost first)"},
    {"</colours>\n</template>\n", "</colours>\n",
     "t.xml:11: error: the file ends inside <template> from line 1 (close it with </template>; "
     "is the file cut short?)"},
    {"gap=\"0\"", "gap=\"0",
     "t.xml:5: error: '<' inside an attribute value (write it as &lt;; or is the closing quote "
     "of a value before it missing?)"},
    {"gap=\"0\"/>\n<marks style=\"edge\" length=\"6\" offset=\"2\" width=\"0.25\"/>\n<fonts "
     "family=\"Noto Sans\"/>\n<sizes question-max=\"12\" question-min=\"8\" prompt=\"7\" "
     "band=\"9\" meta=\"6\" footer=\"5\" back-title=\"15\" back-subtitle=\"7\" "
     "line-spacing=\"1\"/>\n<colours text=\"#000000\" muted=\"#666666\" paper=\"#ffffff\" "
     "on-colour=\"#ffffff\">\n<theme id=\"opleiden\" colour=\"#ff0000\"/>\n</colours>\n"
     "</template>\n", "gap='0",
     "t.xml:4: error: an attribute value whose closing quote is missing (end it with the quote "
     "it starts with)"},
    {"gap=\"0\"", "gap=0",
     "t.xml:4: error: an attribute value without quotes (write name=\"value\")"},
    {"gap=\"0\"", "gap=\"<0\"", "t.xml:4: error: '<' inside an attribute value (write it as "
     "&lt;; or is the closing quote of a value before it missing?)"},
    {"gap=\"0\"", "gap=\"0\" gap=\"1\"",
     "t.xml:4: error: the attribute 'gap' is given twice in one tag (keep one)"},
    {"gap=\"0\"", "gap", "t.xml:4: error: the attribute 'gap' has no value (write gap=\"value\")"},
    {"name=\"t\">", "name=\"t&nbsp;\">",
     "t.xml:1: error: unknown entity &nbsp; (write the character itself, or a numeric reference "
     "such as &#160;)"},
    {"name=\"t\">", "name=\"t & u\">",
     "t.xml:1: error: '&' that does not start an entity such as &amp; (write a literal & as "
     "&amp;)"},
    {"<sheet", "<!-- unfinished\n<sheet",
     "t.xml:13: error: a comment <!-- that is never closed (end it with -->)"},
    {"<template", "\n<?xml version=\"1.0\"?><template",
     "t.xml:2: error: an XML declaration <?xml ...?> that is not at the very start of the file "
     "(remove it, or move it to the first line)"},
    {"<template", "<?xml version=\"1.0\" encoding=\"NO-SUCH-CODE\"?>\n<template",
     "t.xml:1: error: the encoding 'NO-SUCH-CODE' is not supported (save the file as UTF-8, with "
     "encoding=\"UTF-8\")"},
    {"name=\"t\">", "name=\"t\">\x01",
     "t.xml:1: error: the control character U+0001, which XML does not allow (remove it)"},
    {"name=\"t\">", "name=\"\xff\">",
     "t.xml:1: error: bytes that are not valid UTF-8, starting 0xFF 0x22 0x3E 0x0A (save the "
     "file as UTF-8)"},
    {"<sheet", "<1sheet", "t.xml:4: error: '<' that does not start an element (write a literal "
     "< as &lt;)"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char buf[4096];
    swap_in(buf, sizeof buf, good, cases[i].from, cases[i].to);
    diag_list *d = diag_new();
    style *s = style_load(buf, strlen(buf), "t.xml", d);
    if (s || diag_count(d) != 1 || strcmp(diag_message(d, 0), cases[i].msg) != 0)
      fail_msg("case %zu: %zu messages, the first: %s", i, diag_count(d),
               diag_count(d) ? diag_message(d, 0) : "none");
    diag_free(d);
  }
}

/* libxml2's limits in plain words, never "use XML_PARSE_HUGE option". */
static void test_xml_limits(void **state) {
  (void)state;
  size_t deep = 300, n = 64 + deep * 7;
  char *buf = malloc(n), *p = buf;
  assert_non_null(buf);
  p += sprintf(p, "<template format=\"1\" name=\"t\">\n");
  for (size_t i = 0; i < deep; i++) p += sprintf(p, "<a>");
  for (size_t i = 0; i < deep; i++) p += sprintf(p, "</a>");
  sprintf(p, "\n</template>\n");
  diag_list *d = diag_new();
  assert_null(style_load(buf, strlen(buf), "t.xml", d));
  assert_int_equal(diag_count(d), 1);
  assert_string_equal(diag_message(d, 0), "t.xml:2: error: elements nested more than 256 deep "
                      "(no file of this format needs that many levels)");
  diag_free(d);
  free(buf);
  /* An attribute value past libxml2's 10,000,000 characters. */
  n = 10000100;
  buf = malloc(n + 64);
  assert_non_null(buf);
  p = buf + sprintf(buf, "<template format=\"1\" name=\"");
  memset(p, 'x', n);
  sprintf(p + n, "\">\n</template>\n");
  d = diag_new();
  assert_null(style_load(buf, strlen(buf), "t.xml", d));
  assert_int_equal(diag_count(d), 1);
  assert_string_equal(diag_message(d, 0), "t.xml:1: error: a text, name or attribute value "
                      "longer than the XML reader takes (10,000,000 characters; shorten it)");
  diag_free(d);
  free(buf);
}

/* Every shipped template stays inside the ranges. */
static void test_shipped_templates(void **state) {
  (void)state;
  const char *names[] = {"default", "a7", "large", "letter"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/templates/%s.xml", getenv("KAARTSET_SOURCE"), names[i]);
    diag_list *d = diag_new();
    style *s = style_load_file(path, d);
    if (!s) fail_msg("%s: %s", path, diag_count(d) ? diag_message(d, 0) : "?");
    assert_int_equal(diag_count(d), 0);
    style_free(s);
    diag_free(d);
  }
}

/* The cases of issue 7: each is refused with the range, at the element's line. */
static void test_line_spacing_range(void **state) {
  (void)state;
  const char *e[] = {"t.xml:7: error: <sizes> attribute 'line-spacing' is 0.0000001, outside "
                     "the allowed range 0.8 to 3 (use a value in that range)"};
  expect_errors("line-spacing=\"1\"", "line-spacing=\"0.0000001\"", e, 1);
  const char *e2[] = {"t.xml:11: error: <document> attribute 'line-spacing' is 3.5, outside "
                      "the allowed range 0.8 to 3 (use a value in that range)"};
  expect_errors_in(good_doc, "line-spacing=\"1.05\"", "line-spacing=\"3.5\"", e2, 1);
}

static void test_indent_range(void **state) {
  (void)state;
  const char *e[] = {"t.xml:11: error: <document> attribute 'indent' is 100000, outside the "
                     "allowed range 1 to 30 mm (use a value in that range)"};
  expect_errors_in(good_doc, "indent=\"6.5\"", "indent=\"100000\"", e, 1);
}

static void test_table_columns_range(void **state) {
  (void)state;
  const char *e[] = {"t.xml:11: error: <document> attribute 'table-columns' is 2147483647, "
                     "outside the allowed range 1 to 4 (use a whole number in that range)"};
  expect_errors_in(good_doc, "table-columns=\"2\"", "table-columns=\"2147483647\"", e, 1);
  /* Read as a double and refused before anything converts it to an int. */
  const char *e2[] = {"t.xml:11: error: <document> attribute 'table-columns' is 99999999999, "
                      "outside the allowed range 1 to 4 (use a whole number in that range)"};
  expect_errors_in(good_doc, "table-columns=\"2\"", "table-columns=\"99999999999\"", e2, 1);
  const char *e3[] = {"t.xml:11: error: <document> attribute 'table-columns' is 2.5, which is "
                      "not a whole number (use a whole number from 1 to 4)"};
  expect_errors_in(good_doc, "table-columns=\"2\"", "table-columns=\"2.5\"", e3, 1);
  expect_error_part(good_doc, "table-columns=\"2\"", "table-columns=\"0\"", 11,
                    "is 0, outside the allowed range 1 to 4");
  expect_error_part(good_doc, "table-columns=\"2\"", "table-columns=\"-1\"", 11,
                    "is -1, outside the allowed range 1 to 4");
  style *s = expect_ok(good_doc, "table-columns=\"2\"", "table-columns=\"3.0\"");
  assert_true(s->table_columns == 3);
  style_free(s);
}

static void test_bleed_range(void **state) {
  (void)state;
  const char *e[] = {"t.xml:2: error: <card> attribute 'bleed' is 100000, outside the allowed "
                     "range 0 to 10 mm (use a value in that range)"};
  expect_errors("bleed=\"3\"", "bleed=\"100000\"", e, 1);
  expect_error_part(good, "bleed=\"3\"", "bleed=\"-0.1\"", 2,
                    "is -0.1, outside the allowed range 0 to 10 mm");
  /* The ends of a range are allowed; 1/8 in is. */
  const char *ok[] = {"bleed=\"0\"", "bleed=\"10\"", "bleed=\"3.175\""};
  for (size_t i = 0; i < 3; i++) style_free(expect_ok(good, "bleed=\"3\"", ok[i]));
}

/* nan, inf, exponents and huge values: one message each, never a number. */
static void test_not_a_number(void **state) {
  (void)state;
  const char *e[] = {"t.xml:2: error: <card> attribute 'bleed' is 'nan', which is not a number "
                     "(write a plain decimal number from 0 to 10 mm, with a point for "
                     "decimals)"};
  expect_errors("bleed=\"3\"", "bleed=\"nan\"", e, 1);
  const char *bad[] = {"inf", "-inf", "infinity", "1e308", "1E2", "0x10", "3,5", "", "3 mm",
                       "1.2.3", ".", "+"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char to[64], part[96];
    snprintf(to, sizeof to, "bleed=\"%s\"", bad[i]);
    snprintf(part, sizeof part, "<card> attribute 'bleed' is '%s', which is not a number",
             bad[i]);
    expect_error_part(good, "bleed=\"3\"", to, 2, part);
  }
  expect_error_part(good_doc, "table-columns=\"2\"", "table-columns=\"nan\"", 11,
                    "is 'nan', which is not a number (write a whole number from 1 to 4, with "
                    "a point for decimals)");
  /* 400 digits: a finite decimal to the schema, HUGE_VAL to strtod. */
  char huge[420], to[440];
  memset(huge, '9', 400);
  huge[400] = '\0';
  snprintf(to, sizeof to, "width=\"%s\"", huge);
  expect_error_part(good, "width=\"63\"", to, 2,
                    "<card> attribute 'width' is 99999999999999999999999999999999..., outside "
                    "the allowed range 20 to 500 mm");
  /* What XML Schema allows as a decimal is read as one. */
  style *s = expect_ok(good, "bleed=\"3\"", "bleed=\" +2.5 \"");
  assert_true(fabs(s->bleed - 2.5) < 1e-12);
  style_free(s);
  s = expect_ok(good, "bleed=\"3\"", "bleed=\".5\"");
  assert_true(fabs(s->bleed - 0.5) < 1e-12);
  style_free(s);
}

/* A sample of the other ranges, in every element. */
static void test_other_ranges(void **state) {
  (void)state;
  expect_error_part(good, "width=\"63\"", "width=\"5\"", 2,
                    "<card> attribute 'width' is 5, outside the allowed range 20 to 500 mm");
  expect_error_part(good, "safe=\"4\"", "safe=\"31\"", 2,
                    "<card> attribute 'safe' is 31, outside the allowed range 0 to 30 mm");
  expect_error_part(good, "band=\"12\"", "band=\"0.5\"", 2,
                    "<card> attribute 'band' is 0.5, outside the allowed range 3 to 100 mm");
  expect_error_part(good, "width=\"210\"", "width=\"5000\"", 3,
                    "<paper> attribute 'width' is 5000, outside the allowed range 100 to 1200 mm");
  expect_error_part(good, "gap=\"0\"", "gap=\"-2\"", 4,
                    "<sheet> attribute 'gap' is -2, outside the allowed range 0 to 30 mm");
  expect_error_part(good, "width=\"0.25\"", "width=\"0\"", 5,
                    "<marks> attribute 'width' is 0, outside the allowed range 0.1 to 2 pt");
  expect_error_part(good, "length=\"6\"", "length=\"900\"", 5,
                    "<marks> attribute 'length' is 900, outside the allowed range 1 to 30 mm");
  expect_error_part(good, "question-max=\"12\"", "question-max=\"400\"", 7,
                    "<sizes> attribute 'question-max' is 400, outside the allowed range 4 to "
                    "72 pt");
  expect_error_part(good, "footer=\"5\"", "footer=\"1\"", 7,
                    "<sizes> attribute 'footer' is 1, outside the allowed range 4 to 72 pt");
  expect_error_part(good_doc, "margin-left=\"24\"", "margin-left=\"0\"", 11,
                    "<document> attribute 'margin-left' is 0, outside the allowed range 10 to "
                    "100 mm");
  expect_error_part(good_doc, "rule-space=\"8\"", "rule-space=\"0.001\"", 11,
                    "<document> attribute 'rule-space' is 0.001, outside the allowed range 5 to "
                    "30 mm");
  expect_error_part(good_doc, "table-gap=\"8\"", "table-gap=\"1e3\"", 11,
                    "<document> attribute 'table-gap' is '1e3', which is not a number");
  /* Each slip gives its message; relations between numbers are left
   * unchecked then, so a wrong number never brings a second message. */
  char buf[4096];
  swap_in(buf, sizeof buf, good, "bleed=\"3\"", "bleed=\"100\"");
  const char *e[] = {"t.xml:2: error: <card> attribute 'bleed' is 100, outside the allowed "
                     "range 0 to 10 mm (use a value in that range)",
                     "t.xml:7: error: <sizes> attribute 'prompt' is 0, outside the allowed "
                     "range 4 to 72 pt (use a value in that range)"};
  char buf2[4096];
  swap_in(buf2, sizeof buf2, buf, "question-min=\"8\"", "question-min=\"13\"");
  expect_errors_in(buf2, "prompt=\"7\"", "prompt=\"0\"", e, 2);
}

/* Numbers each in range that together leave no layout. */
static void test_relations(void **state) {
  (void)state;
  const char *e[] = {"t.xml:2: error: the safe zone (30 mm on every side) and band (12 mm) "
                     "leave 3.0 x 16.0 mm for text on a 63 x 88 mm card, less than 15 x 15 mm "
                     "(make safe or band smaller)"};
  expect_errors("safe=\"4\"", "safe=\"30\"", e, 1);
  expect_error_part(good, "band=\"12\"", "band=\"80\"", 2, "leave 55.0 x 0.0 mm for text");
  char buf[4096];
  swap_in(buf, sizeof buf, good, "width=\"63\"", "width=\"25\"");
  const char *e1[] = {"t.xml:2: error: radius (15 mm) is more than half the 25 mm side of the "
                      "card (use at most 12.5 mm)"};
  expect_errors_in(buf, "bleed=\"3\"", "bleed=\"3\" radius=\"15\"", e1, 1);
  style_free(expect_ok(buf, "bleed=\"3\"", "bleed=\"3\" radius=\"12.5\""));
  const char *e2[] = {"t.xml:3: error: paper 'a4' (210 x 297 mm) cannot hold a 300 x 88 mm "
                      "card inside the 5 mm sheet margin, either way round (make the card or "
                      "the margin smaller, or leave this paper out)"};
  expect_errors("width=\"63\"", "width=\"300\"", e2, 1);
  /* Turned round it fits: 250 x 200 on 297 x 210 with 5 mm margins. */
  style_free(expect_ok(good, "width=\"63\" height=\"88\"", "width=\"250\" height=\"200\""));
  const char *e3[] = {"t.xml:11: error: table-min (16.0) is larger than table-max (15.0) (swap "
                      "them)"};
  expect_errors_in(good_doc, "table-min=\"10\"", "table-min=\"16\"", e3, 1);
  const char *e4[] = {"t.xml:11: error: the document margins leave less than 40 mm for text "
                      "on a 210 x 297 mm page (make them smaller)"};
  swap_in(buf, sizeof buf, good_doc, "margin-left=\"24\"", "margin-left=\"100\"");
  expect_errors_in(buf, "margin-right=\"24\"", "margin-right=\"80\"", e4, 1);
  expect_error_part(good_doc, "table-margin=\"14\"", "table-margin=\"90\"", 11,
                    "the document margins leave less than 40 mm for text");
  const char *e5[] = {"t.xml:11: error: table-columns (4) with table-gap (30 mm) leave columns "
                      "of 23.0 mm on the werkvorm pages, less than 30 mm (use fewer columns, or "
                      "a smaller table-gap or table-margin)"};
  swap_in(buf, sizeof buf, good_doc, "table-columns=\"2\"", "table-columns=\"4\"");
  expect_errors_in(buf, "table-gap=\"8\"", "table-gap=\"30\"", e5, 1);
  /* Four columns with the shipped gap are fine. */
  style_free(expect_ok(good_doc, "table-columns=\"2\"", "table-columns=\"4\""));
  char buf2[4096];
  swap_in(buf, sizeof buf, good_doc, "margin-left=\"24\"", "margin-left=\"85\"");
  swap_in(buf2, sizeof buf2, buf, "margin-right=\"24\"", "margin-right=\"85\"");
  expect_error_part(buf2, "indent=\"6.5\"", "indent=\"12\"", 11,
                    "indent (12 mm) leaves less than 20 mm of the 40 mm text width for a list "
                    "in a list (make indent smaller)");
  swap_in(buf, sizeof buf, good_doc, "table-columns=\"2\"", "table-columns=\"3\"");
  expect_error_part(buf, "indent=\"6.5\"", "indent=\"12\"", 11,
                    "indent (12 mm) grows to 18.0 mm on the werkvorm pages (table-max 15 pt over "
                    "body 10 pt) and leaves less than 20 mm of a 55.3 mm column for a list in a "
                    "list (make indent or table-max smaller)");
}

/* A rich black: read with its least size (default 20 mm); not 100 % black is refused. */
static void test_rich_black(void **state) {
  (void)state;
  const char *from = "on-colour=\"#ffffff\">";
  style *s = expect_ok(good, from, "on-colour=\"#ffffff\" rich-black=\"60,40,40,100\">");
  assert_true(s->has_rich_black);
  assert_true(fabs(s->rich_black.c - 0.6) < 1e-9 && fabs(s->rich_black.k - 1) < 1e-9);
  assert_true(fabs(s->rich_black_min - 20) < 1e-9);
  style_free(s);
  s = expect_ok(good, from, "on-colour=\"#ffffff\" rich-black=\"50,50,50,100\" "
                            "rich-black-min=\"30\">");
  assert_true(fabs(s->rich_black_min - 30) < 1e-9);
  style_free(s);
  s = expect_ok(good, from, from);
  assert_false(s->has_rich_black);
  style_free(s);
  expect_error_part(good, from, "on-colour=\"#ffffff\" rich-black=\"60,40,40,80\">", 8,
                    "rich-black has 80 % black");
  expect_error_part(good, from, "on-colour=\"#ffffff\" rich-black=\"90,90,90,100\">", 8,
                    "adds up to 370 % ink");
  expect_error_part(good, from, "on-colour=\"#ffffff\" rich-black-min=\"2\">", 8,
                    "rich-black-min");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_default_template),
    cmocka_unit_test(test_good_inline),
    cmocka_unit_test(test_min_above_max),
    cmocka_unit_test(test_bad_colour),
    cmocka_unit_test(test_not_well_formed),
    cmocka_unit_test(test_hostile_xml),
    cmocka_unit_test(test_xml_limits),
    cmocka_unit_test(test_shipped_templates),
    cmocka_unit_test(test_line_spacing_range),
    cmocka_unit_test(test_indent_range),
    cmocka_unit_test(test_table_columns_range),
    cmocka_unit_test(test_bleed_range),
    cmocka_unit_test(test_not_a_number),
    cmocka_unit_test(test_other_ranges),
    cmocka_unit_test(test_relations),
    cmocka_unit_test(test_rich_black),
  };
  return cmocka_run_group_tests_name("style", tests, NULL, NULL);
}
