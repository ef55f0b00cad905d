/* Tests for content: instrument.xml to the model, and the exact diagnostics for broken files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "content.h"

/* tests/data/content/minimal.xml: the valid document every broken case starts
 * from (open it to follow the line numbers below). */
static char *fixture_path(const char *name) {
  const char *dir = getenv("KAARTSET_TESTDATA");
  if (!dir) dir = "tests/data";
  size_t len = strlen(dir) + strlen(name) + 16;
  char *path = malloc(len);
  snprintf(path, len, "%s/content/%s", dir, name);
  return path;
}

static char *read_fixture(const char *name) {
  char *path = fixture_path(name);
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  free(path);
  static char buf[1 << 16];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  return strdup(buf);
}

/* The minimal document with each `from` (NULL-terminated pairs) replaced once by `to`. */
static char *swapped(const char *from, const char *to, ...) {
  char *doc = read_fixture("minimal.xml");
  va_list ap;
  va_start(ap, to);
  while (from) {
    char *at = strstr(doc, from);
    if (!at) fail_msg("fixture has no '%s'", from);
    size_t head = (size_t)(at - doc), flen = strlen(from), tlen = strlen(to);
    char *out = malloc(strlen(doc) - flen + tlen + 1);
    memcpy(out, doc, head);
    memcpy(out + head, to, tlen);
    strcpy(out + head + tlen, at + flen);
    free(doc);
    doc = out;
    from = va_arg(ap, const char *);
    if (from) to = va_arg(ap, const char *);
  }
  va_end(ap);
  return doc;
}

/* Loads doc (freed) as "instrument.xml", expects failure, returns the diagnostics. */
static diag_list *load_broken(char *doc) {
  diag_list *d = diag_new();
  model_instrument *m = content_load(doc, strlen(doc), "instrument.xml", d);
  free(doc);
  assert_null(m);
  return d;
}

/* Asserts the diagnostics are exactly `n` messages, in order. */
static void expect(diag_list *d, size_t n, ...) {
  if (diag_count(d) != n)
    for (size_t i = 0; i < diag_count(d); i++) print_error("got: %s\n", diag_message(d, i));
  assert_int_equal(diag_count(d), n);
  va_list ap;
  va_start(ap, n);
  for (size_t i = 0; i < n; i++) assert_string_equal(diag_message(d, i), va_arg(ap, const char *));
  va_end(ap);
  diag_free(d);
}

/* ---- the valid document --------------------------------------------- */

static int load_minimal(void **state) {
  diag_list *d = diag_new();
  char *path = fixture_path("minimal.xml");
  model_instrument *m = content_load_file(path, d);
  free(path);
  for (size_t i = 0; i < diag_count(d); i++) print_error("%s\n", diag_message(d, i));
  assert_int_equal(diag_count(d), 0);
  diag_free(d);
  *state = m;
  return m ? 0 : -1;
}

static int free_minimal(void **state) {
  model_free(*state);
  return 0;
}

static void assert_run(const model_run *r, model_run_kind kind, unsigned flags, const char *text,
                       const char *ref) {
  assert_int_equal(r->kind, kind);
  assert_int_equal(r->flags, flags);
  if (text) assert_string_equal(r->text, text); else assert_null(r->text);
  if (ref) assert_string_equal(r->ref, ref); else assert_null(r->ref);
}

static void test_valid_counts_and_codes(void **state) {
  const model_instrument *m = *state;
  assert_non_null(m->arena);
  assert_string_equal(m->lang, "nl");
  assert_string_equal(m->edition, "2026-01");
  assert_string_equal(m->meta.title, "Instrument voor dialoog");
  assert_string_equal(m->meta.date, "2026-01-15");
  assert_string_equal(m->meta.license, "CC BY-SA 4.0");
  assert_int_equal(m->n_labels, model_n_label_keys); /* the fixture has every key once */
  assert_string_equal(model_label_find(m, "page")->text, "pagina {page} van {pages}");
  assert_int_equal(m->n_themes, 3);
  assert_string_equal(m->themes[2].name, "Doorgaande lijn professionalisering");
  assert_int_equal(m->n_aspects, 2);
  assert_int_equal(m->n_cardsets, 2);
  const model_cardset *p = &m->cardsets[0], *s = &m->cardsets[1];
  assert_string_equal(p->code, "P");
  assert_string_equal(s->code, "SP");
  assert_string_equal(p->name, "Prikkelvragen");
  assert_int_equal(p->n_cards, 2);
  assert_int_equal(s->n_cards, 1);
  assert_string_equal(p->cards[0].code, "P1");
  assert_string_equal(p->cards[1].code, "P2");
  assert_string_equal(s->cards[0].code, "SP1");
  assert_ptr_equal(p->cards[1].set, p);
  assert_ptr_equal(p->cards[0].theme, &m->themes[0]);
  assert_ptr_equal(p->cards[1].aspect, &m->aspects[1]);
  assert_ptr_equal(model_card_find(m, "spiegel-onderzoeken"), &s->cards[0]);
  assert_string_equal(p->cards[0].loc.file, m->file);
  assert_string_equal(m->file, p->cards[0].loc.file);
  assert_int_equal(p->cards[0].loc.line, 14);
  assert_int_equal(p->cards[0].question.loc.line, 15);
}

static void test_valid_inline_runs(void **state) {
  const model_instrument *m = *state;
  const model_card *c = &m->cardsets[0].cards[0];
  /* Runs of spaces, tabs and newlines are one space; the ends are trimmed. */
  assert_int_equal(c->question.n_runs, 3);
  assert_run(&c->question.runs[0], RUN_TEXT, 0, "Hoe ziet ", NULL);
  assert_run(&c->question.runs[1], RUN_TEXT, RUN_STRONG, "samen opleiden", NULL);
  assert_run(&c->question.runs[2], RUN_TEXT, 0, " eruit?", NULL);
  assert_int_equal(c->n_prompts, 1);
  const model_text *prompt = &c->prompts[0];
  assert_int_equal(prompt->n_runs, 5);
  assert_run(&prompt->runs[0], RUN_TEXT, 0, "Zie ", NULL);
  assert_run(&prompt->runs[1], RUN_REF_CARD, 0, NULL, "spiegel-onderzoeken");
  assert_run(&prompt->runs[2], RUN_TEXT, 0, " en ", NULL);
  assert_run(&prompt->runs[3], RUN_REF_WERKVORM, 0, NULL, "carrousel");
  assert_run(&prompt->runs[4], RUN_TEXT, 0, ".", NULL);
  char *plain = model_text_plain(m, prompt);
  assert_string_equal(plain, "Zie SP1 en Carrousel.");
  free(plain);
  /* &lt; and &amp; are characters, not markup. */
  const model_text *q2 = &m->cardsets[0].cards[1].question;
  assert_int_equal(q2->n_runs, 1);
  assert_run(&q2->runs[0], RUN_TEXT, 0, "Kosten < baten & meer", NULL);
  /* Nesting ORs the flags. */
  const model_text *q3 = &m->cardsets[1].cards[0].question;
  assert_int_equal(q3->n_runs, 3);
  assert_run(&q3->runs[0], RUN_TEXT, RUN_EM, "Heel ", NULL);
  assert_run(&q3->runs[1], RUN_TEXT, RUN_EM | RUN_STRONG, "sterk", NULL);
  assert_run(&q3->runs[2], RUN_TEXT, 0, " gedeeld", NULL);
  const model_text *intro = &m->cardsets[0].intro;
  assert_int_equal(intro->n_runs, 3);
  assert_run(&intro->runs[1], RUN_TEXT, RUN_EM, "toekomst", NULL);
}

static void test_valid_werkvorm_and_guide(void **state) {
  const model_instrument *m = *state;
  assert_int_equal(m->n_werkvormen, 1);
  const model_werkvorm *w = &m->werkvormen[0];
  assert_string_equal(w->id, "carrousel");
  assert_string_equal(w->name, "Carrousel");
  assert_int_equal(w->minutes, 60);
  assert_int_equal(w->group_min, 4);
  assert_int_equal(w->group_max, 12);
  assert_int_equal(w->n_materials, 1);
  assert_int_equal(w->n_roles, 1);
  assert_string_equal(w->roles[0].name, "Gespreksleider");
  assert_int_equal(w->n_steps, 2);
  assert_int_equal(w->steps[0].minutes, 10);
  assert_int_equal(w->steps[1].minutes, 0);
  assert_string_equal(w->steps[1].text.runs[0].text, "Bespreek.");
  assert_int_equal(w->n_tips, 1);
  assert_int_equal(m->n_sections, 1);
  const model_section *s = &m->sections[0];
  assert_string_equal(s->id, "inleiding");
  assert_string_equal(s->title, "Inleiding");
  assert_int_equal(s->n_blocks, 3);
  assert_int_equal(s->blocks[0].kind, BLOCK_PARAGRAPH);
  assert_int_equal(s->blocks[0].n_items, 1);
  assert_int_equal(s->blocks[1].kind, BLOCK_LIST);
  assert_true(s->blocks[1].numbered);
  assert_int_equal(s->blocks[1].n_items, 2);
  assert_int_equal(s->blocks[2].kind, BLOCK_SECTION);
  const model_section *sub = s->blocks[2].section;
  assert_string_equal(sub->id, "voor-wie");
  assert_int_equal(sub->n_blocks, 1);
  assert_false(sub->blocks[0].numbered);
}

/* Spaces between runs stay; only the ends of the whole text are trimmed. */
static void test_white_space_between_runs(void **state) {
  (void)state;
  char *doc = swapped("<p>Dit instrument helpt.</p>",
                      "<p>\n  a <em>b</em> c<strong> </strong>d <em>  e  </em>\n</p>", NULL);
  diag_list *d = diag_new();
  model_instrument *m = content_load(doc, strlen(doc), "instrument.xml", d);
  free(doc);
  assert_non_null(m);
  const model_text *t = m->sections[0].blocks[0].items;
  assert_int_equal(t->n_runs, 6);
  assert_run(&t->runs[0], RUN_TEXT, 0, "a ", NULL);
  assert_run(&t->runs[1], RUN_TEXT, RUN_EM, "b", NULL);
  assert_run(&t->runs[2], RUN_TEXT, 0, " c", NULL);
  assert_run(&t->runs[3], RUN_TEXT, RUN_STRONG, " ", NULL);
  assert_run(&t->runs[4], RUN_TEXT, 0, "d ", NULL);
  assert_run(&t->runs[5], RUN_TEXT, RUN_EM, "e", NULL);
  char *plain = model_text_plain(m, t);
  assert_string_equal(plain, "a b c d e");
  free(plain);
  model_free(m);
  diag_free(d);
}

/* Comments split text without ending a run; CDATA is text like any other. */
static void test_comments_and_cdata(void **state) {
  (void)state;
  char *doc = swapped("<p>Dit instrument helpt.</p>", "<p>a<!-- c --> b <![CDATA[<x> & y]]></p>", NULL);
  diag_list *d = diag_new();
  model_instrument *m = content_load(doc, strlen(doc), "instrument.xml", d);
  free(doc);
  assert_non_null(m);
  const model_text *t = m->sections[0].blocks[0].items;
  assert_int_equal(t->n_runs, 1);
  assert_run(&t->runs[0], RUN_TEXT, 0, "a b <x> & y", NULL);
  model_free(m);
  diag_free(d);
}

/* ---- not well-formed ------------------------------------------------- */

static void test_not_well_formed(void **state) {
  (void)state;
  expect(load_broken(swapped("Kosten &lt; baten &amp; meer</question>", "Kosten &lt; baten &amp; meer</questoin>", NULL)), 1,
         "instrument.xml:20: error: </questoin> does not close <question> from line 20 (close every "
         "element with its own end tag, innermost first)");
}

static void test_not_utf8(void **state) {
  (void)state;
  expect(load_broken(swapped("Kaarten", "Kaart\xe9n", NULL)), 1,
         "instrument.xml:35: error: bytes that are not valid UTF-8, starting 0xE9 0x6E 0x3C 0x2F (save "
         "the file as UTF-8)");
}

/* libxml2 stops at these, so each is its own case. */
static void test_bare_less_than(void **state) {
  (void)state;
  expect(load_broken(swapped("Kosten &lt; baten", "Kosten < baten", NULL)), 1,
         "instrument.xml:20: error: '<' that does not start an element (write a literal < as &lt;)");
}

static void test_bare_ampersand(void **state) {
  (void)state;
  expect(load_broken(swapped("baten &amp; meer", "baten & meer", NULL)), 1,
         "instrument.xml:20: error: '&' that does not start an entity such as &amp; (write a literal "
         "& as &amp;)");
}

/* Hostile or broken XML: one message at its line, in plain words, never
 * libxml2's jargon, and nothing that only follows from it. */
static void test_hostile_xml(void **state) {
  (void)state;
  expect(load_broken(swapped("</instrument>", "</instrument>\n<instrument/>", NULL)), 1,
         "instrument.xml:49: error: text or an element after </instrument> (everything must be "
         "inside the one <instrument> element; remove what follows it)");
  expect(load_broken(swapped("edition=\"2026-01\"", "edition=2026-01", NULL)), 1,
         "instrument.xml:2: error: an attribute value without quotes (write name=\"value\")");
  expect(load_broken(swapped("edition=\"2026-01\"", "edition=\"2026\" edition=\"01\"", NULL)), 1,
         "instrument.xml:2: error: the attribute 'edition' is given twice in one tag (keep one)");
  expect(load_broken(swapped("</instrument>", "", NULL)), 1,
         "instrument.xml:49: error: the file ends inside <instrument> from line 2 (close it with "
         "</instrument>; is the file cut short?)");
  /* libxml2's depth limit ("use XML_PARSE_HUGE option"). */
  char deep[300 * 9 + 1] = "";
  for (int i = 0; i < 300; i++) strcat(deep, "<em>");
  for (int i = 0; i < 300; i++) strcat(deep, "</em>");
  expect(load_broken(swapped("Kosten &lt; baten", deep, NULL)), 1,
         "instrument.xml:20: error: elements nested more than 256 deep (no file of this format "
         "needs that many levels)");
  /* An attribute value past libxml2's limit: once, not three times. */
  size_t n = 10000100;
  char *big = malloc(n + 16);
  assert_non_null(big);
  memcpy(big, "edition=\"", 9);
  memset(big + 9, '9', n);
  strcpy(big + 9 + n, "\"");
  expect(load_broken(swapped("edition=\"2026-01\"", big, NULL)), 1,
         "instrument.xml:2: error: a text, name or attribute value longer than the XML reader "
         "takes (10,000,000 characters; shorten it)");
  free(big);
}

static void test_empty_buffer(void **state) {
  (void)state;
  diag_list *d = diag_new();
  assert_null(content_load("", 0, "instrument.xml", d));
  expect(d, 1, "instrument.xml:1: error: the file is empty (it must hold one <instrument> element)");
}

/* A file:// entity must neither be read nor printed; the DOCTYPE is refused. */
static void test_external_entity_not_expanded(void **state) {
  (void)state;
  char *doc = swapped("<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<!DOCTYPE instrument [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>",
                      "Doorvragen", "&e;", NULL);
  diag_list *d = load_broken(doc);
  for (size_t i = 0; i < diag_count(d); i++) assert_null(strstr(diag_message(d, i), "root:"));
  expect(d, 1,
         "instrument.xml:2: error: a <!DOCTYPE> is not allowed in an instrument file (remove it; "
         "write special characters themselves or as &#…; references)");
}

/* ---- not an instrument of format 1 ----------------------------------- */

static void test_wrong_root(void **state) {
  (void)state;
  expect(load_broken(swapped("<instrument ", "<instrumnet ", "</instrument>", "</instrumnet>", NULL)), 1,
         "instrument.xml:2: error: the root element is <instrumnet>, not <instrument> (is this an "
         "instrument.xml? see docs/content-format.md)");
}

static void test_namespace(void **state) {
  (void)state;
  expect(load_broken(swapped("<instrument ", "<instrument xmlns=\"urn:x\" ", NULL)), 1,
         "instrument.xml:2: error: <instrument> is in the namespace 'urn:x' (remove xmlns: instrument "
         "files use none)");
}

static void test_missing_format(void **state) {
  (void)state;
  expect(load_broken(swapped(" format=\"1\"", "", NULL)), 1,
         "instrument.xml:2: error: <instrument> lacks the attribute format (add format=\"1\": the "
         "file follows content format 1)");
}

static void test_other_format(void **state) {
  (void)state;
  expect(load_broken(swapped(" format=\"1\"", " format=\"2\"", NULL)), 1,
         "instrument.xml:2: error: content format \"2\" is not supported (this kaartset reads format "
         "\"1\"; see docs/content-format.md)");
}

/* ---- invalid against the schema --------------------------------------- */

static void test_unknown_element(void **state) {
  (void)state;
  expect(load_broken(swapped("<prompt>Zie", "<hint>x</hint><prompt>Zie", NULL)), 1,
         "instrument.xml:17: error: <hint> is not expected here (<card> holds one <question>, then "
         "zero or more <prompt>)");
}

static void test_card_without_question(void **state) {
  (void)state;
  expect(load_broken(swapped("<question>Kosten &lt; baten &amp; meer</question>", "", NULL)), 1,
         "instrument.xml:19: error: <card> is incomplete (<card> holds one <question>, then zero or "
         "more <prompt>)");
}

/* The fixture with the whole <labels> element cut out, its line breaks kept
 * so the lines after it keep their numbers. */
static char *without_labels(void) {
  char *doc = read_fixture("minimal.xml");
  char *from = strstr(doc, "<labels>"), *to = strstr(doc, "</labels>");
  if (!from || !to) fail_msg("fixture has no <labels>");
  to += strlen("</labels>");
  char *w = from;
  for (char *r = from; r < to; r++)
    if (*r == '\n') *w++ = '\n';
  memmove(w, to, strlen(to) + 1);
  return doc;
}

static void test_missing_labels(void **state) {
  (void)state;
  char *doc = without_labels();
  expect(load_broken(doc), 1,
         "instrument.xml:9: error: <themes> is not expected here (<instrument> holds <meta>, "
         "<labels>, <themes>, <aspects>, one or more <cardset>, one or more <werkvorm> and <guide>, "
         "in this order)");
}

static void test_missing_attribute(void **state) {
  (void)state;
  expect(load_broken(swapped(" theme=\"onderzoeken\" aspect=\"realisatie\"", " aspect=\"realisatie\"", NULL)), 1,
         "instrument.xml:19: error: <card> lacks the attribute theme (add it; <card> takes id, "
         "theme and aspect)");
}

static void test_unknown_attribute(void **state) {
  (void)state;
  expect(load_broken(swapped("<card id=\"spiegel-onderzoeken\"", "<card colour=\"red\" id=\"spiegel-onderzoeken\"", NULL)), 1,
         "instrument.xml:26: error: <card> does not take the attribute colour (remove it; <card> "
         "takes id, theme and aspect)");
}

static void test_bad_values(void **state) {
  (void)state;
  char *doc = swapped("<date>2026-01-15</date>", "<date>15-01-2026</date>", "min=\"4\"", "min=\"0\"",
                      "<list style=\"numbered\">", "<list style=\"bullets\">", NULL);
  expect(load_broken(doc), 3,
         "instrument.xml:3: error: <date> holds '15-01-2026', which is not a date written YYYY-MM-DD "
         "(write it like 2026-01-15)",
         "instrument.xml:34: error: <groupsize> min=\"0\" is not a whole number above 0 (write a "
         "number such as 10)",
         "instrument.xml:44: error: <list> style=\"bullets\" is not allowed (<list> takes optionally "
         "style=\"numbered\")");
}

static void test_ref_with_both_attributes(void **state) {
  (void)state;
  expect(load_broken(swapped("<ref card=\"spiegel-onderzoeken\"/>",
                             "<ref card=\"spiegel-onderzoeken\" werkvorm=\"carrousel\"/>", NULL)), 1,
         "instrument.xml:17: error: <ref> werkvorm=\"carrousel\" is not allowed (<ref> takes either "
         "card=\"ID\" or werkvorm=\"ID\", not both)");
}

static void test_subsection_too_deep(void **state) {
  (void)state;
  expect(load_broken(swapped("<list><item>Scholen</item></list>",
                             "<section id=\"diep\"><title>Diep</title><p>x</p></section>", NULL)), 1,
         "instrument.xml:45: error: <section> is not expected here (<section> holds <title>, then "
         "<p>, <list> and (in a top-level section) <section>)");
}

static void test_markup_in_plain_text(void **state) {
  (void)state;
  expect(load_broken(swapped("<name>Carrousel</name>", "<name>Car<em>rou</em>sel</name>", NULL)), 1,
         "instrument.xml:31: error: <em> is not expected here (<name> holds only text)");
}

/* ---- what the grammar cannot check ----------------------------------- */

static void test_duplicate_card_id(void **state) {
  (void)state;
  expect(load_broken(swapped("id=\"prikkel-onderzoeken-realisatie\"", "id=\"prikkel-opleiden-visie\"", NULL)), 1,
         "instrument.xml:19: error: card 'prikkel-opleiden-visie' is defined twice, first at line 14 "
         "(ids must be unique; rename one)");
}

static void test_duplicate_section_and_code(void **state) {
  (void)state;
  expect(load_broken(swapped("<section id=\"voor-wie\">", "<section id=\"inleiding\">",
                             "<cardset id=\"spiegel\" code=\"SP\">", "<cardset id=\"spiegel\" code=\"P\">",
                             NULL)), 2,
         "instrument.xml:23: error: card set 'spiegel' has code 'P', as card set 'prikkel' at line 11 "
         "does (give one a different code=\"…\" attribute)",
         "instrument.xml:45: error: section 'inleiding' is defined twice, first at line 41 (ids must "
         "be unique; rename one)");
}

static void test_unknown_theme(void **state) {
  (void)state;
  expect(load_broken(swapped("theme=\"opleiden\" aspect", "theme=\"opleidn\" aspect", NULL)), 1,
         "instrument.xml:14: error: card 'prikkel-opleiden-visie' has theme 'opleidn', which is not "
         "defined (use one of: opleiden, onderzoeken, professionaliseren)");
}

static void test_unknown_aspect(void **state) {
  (void)state;
  expect(load_broken(swapped("aspect=\"realisatie\">", "aspect=\"evaluatie\">", NULL)), 1,
         "instrument.xml:19: error: card 'prikkel-onderzoeken-realisatie' has aspect 'evaluatie', "
         "which is not defined (use one of: visie, realisatie)");
}

static void test_unresolved_ref_card(void **state) {
  (void)state;
  expect(load_broken(swapped("<ref card=\"spiegel-onderzoeken\"/>", "<ref card=\"spiegel-onderzoken\"/>",
                             "<p>Dit instrument helpt.</p>", "<p>Zie <ref card=\"s9\"/>.</p>", NULL)), 2,
         "instrument.xml:17: error: <ref card=\"spiegel-onderzoken\"/> names no card (did you mean "
         "'spiegel-onderzoeken'?)",
         "instrument.xml:43: error: <ref card=\"s9\"/> names no card (use the id of a card in a "
         "<cardset>)");
}

static void test_unresolved_ref_werkvorm(void **state) {
  (void)state;
  expect(load_broken(swapped("<ref werkvorm=\"carrousel\"/>", "<ref werkvorm=\"carousel\"/>", NULL)), 1,
         "instrument.xml:17: error: <ref werkvorm=\"carousel\"/> names no werkvorm (use one of: "
         "carrousel)");
}

static void test_missing_label_key(void **state) {
  (void)state;
  expect(load_broken(swapped("<label key=\"page\">pagina {page} van {pages}</label>", "", NULL)), 1,
         "instrument.xml:4: error: label 'page' is missing (add <label key=\"page\">…</label> to "
         "<labels>)");
}

static void test_duplicate_label_key(void **state) {
  (void)state;
  expect(load_broken(swapped("<label key=\"page\">", "<label key=\"card.prompts\">", NULL)), 2,
         "instrument.xml:4: error: label 'page' is missing (add <label key=\"page\">…</label> to "
         "<labels>)",
         "instrument.xml:7: error: label 'card.prompts' is defined twice, first at line 6 (keep one)");
}

static void test_groupsize_min_above_max(void **state) {
  (void)state;
  expect(load_broken(swapped("max=\"12\"", "max=\"3\"", NULL)), 1,
         "instrument.xml:34: error: werkvorm 'carrousel' has groupsize min 4 above max 3 (make min "
         "at most max)");
}

static void test_empty_question(void **state) {
  (void)state;
  expect(load_broken(swapped("<question><em>Heel <strong>sterk</strong></em> gedeeld</question>",
                             "<question> <em> </em> </question>", NULL)), 1,
         "instrument.xml:27: error: card 'spiegel-onderzoeken' has an empty question (write the "
         "question)");
}

/* All errors at once, in line order, whichever check found them. */
static void test_errors_at_once(void **state) {
  (void)state;
  expect(load_broken(swapped("max=\"12\"", "max=\"3\"", "theme=\"opleiden\" aspect", "theme=\"opleidn\" aspect",
                             NULL)), 2,
         "instrument.xml:14: error: card 'prikkel-opleiden-visie' has theme 'opleidn', which is not "
         "defined (use one of: opleiden, onderzoeken, professionaliseren)",
         "instrument.xml:34: error: werkvorm 'carrousel' has groupsize min 4 above max 3 (make min "
         "at most max)");
  expect(load_broken(swapped(" theme=\"onderzoeken\" aspect=\"realisatie\"", " aspect=\"realisatie\"",
                             "<prompt>Zie", "<hint>x</hint><prompt>Zie", NULL)), 2,
         "instrument.xml:17: error: <hint> is not expected here (<card> holds one <question>, then "
         "zero or more <prompt>)",
         "instrument.xml:19: error: <card> lacks the attribute theme (add it; <card> takes id, "
         "theme and aspect)");
}

/* Every edition in content/ loads without a diagnostic. */
static void test_shipped_editions_load(void **state) {
  (void)state;
  const char *root = getenv("KAARTSET_SOURCE");
  if (!root) skip();
  char pattern[4096];
  snprintf(pattern, sizeof pattern, "%s/content/*/instrument.xml", root);
  glob_t g;
  if (glob(pattern, 0, NULL, &g) != 0) skip();
  for (size_t i = 0; i < g.gl_pathc; i++) {
    diag_list *d = diag_new();
    model_instrument *m = content_load_file(g.gl_pathv[i], d);
    for (size_t k = 0; k < diag_count(d); k++) print_error("%s\n", diag_message(d, k));
    assert_int_equal(diag_count(d), 0);
    assert_non_null(m);
    assert_true(m->n_cardsets > 0);
    model_free(m);
    diag_free(d);
  }
  globfree(&g);
}

/* ---- files and libxml2's global state -------------------------------- */

static void test_missing_file(void **state) {
  (void)state;
  diag_list *d = diag_new();
  assert_null(content_load_file("/nonexistent/instrument.xml", d));
  expect(d, 1, "/nonexistent/instrument.xml: error: cannot read: No such file or directory (check "
               "the --content folder)");
}

static void test_directory_is_not_a_file(void **state) {
  (void)state;
  diag_list *d = diag_new();
  char *dir = fixture_path("");
  assert_null(content_load_file(dir, d));
  char want[1024];
  snprintf(want, sizeof want, "%s: error: cannot read: Is a directory (check the --content folder)", dir);
  expect(d, 1, want);
  free(dir);
}

static int foreign_handler_calls;
static void foreign_handler(void *ctx, xmlErrorPtr e) {
  (void)ctx;
  (void)e;
  foreign_handler_calls++;
}

/* libxml2 must print nothing itself, and the caller's handlers come back. */
static void test_quiet_and_restores_handlers(void **state) {
  (void)state;
  xmlSetStructuredErrorFunc(&foreign_handler_calls, foreign_handler);
  fflush(stderr);
  int saved = dup(2);
  FILE *tmp = tmpfile();
  assert_non_null(tmp);
  dup2(fileno(tmp), 2);
  diag_free(load_broken(swapped("</question>", "</questoin>", NULL)));
  diag_free(load_broken(swapped("<prompt>Zie", "<hint>x</hint><prompt>Zie", NULL)));
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  assert_int_equal(ftell(tmp), 0);
  fclose(tmp);
  assert_true(xmlStructuredError == foreign_handler);
  assert_ptr_equal(xmlStructuredErrorContext, &foreign_handler_calls);
  assert_int_equal(foreign_handler_calls, 0);
  xmlSetStructuredErrorFunc(NULL, NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_valid_counts_and_codes, load_minimal, free_minimal),
    cmocka_unit_test_setup_teardown(test_valid_inline_runs, load_minimal, free_minimal),
    cmocka_unit_test_setup_teardown(test_valid_werkvorm_and_guide, load_minimal, free_minimal),
    cmocka_unit_test(test_white_space_between_runs),
    cmocka_unit_test(test_comments_and_cdata),
    cmocka_unit_test(test_not_well_formed),
    cmocka_unit_test(test_not_utf8),
    cmocka_unit_test(test_bare_less_than),
    cmocka_unit_test(test_bare_ampersand),
    cmocka_unit_test(test_hostile_xml),
    cmocka_unit_test(test_empty_buffer),
    cmocka_unit_test(test_external_entity_not_expanded),
    cmocka_unit_test(test_wrong_root),
    cmocka_unit_test(test_namespace),
    cmocka_unit_test(test_missing_format),
    cmocka_unit_test(test_other_format),
    cmocka_unit_test(test_unknown_element),
    cmocka_unit_test(test_card_without_question),
    cmocka_unit_test(test_missing_labels),
    cmocka_unit_test(test_missing_attribute),
    cmocka_unit_test(test_unknown_attribute),
    cmocka_unit_test(test_bad_values),
    cmocka_unit_test(test_ref_with_both_attributes),
    cmocka_unit_test(test_subsection_too_deep),
    cmocka_unit_test(test_markup_in_plain_text),
    cmocka_unit_test(test_duplicate_card_id),
    cmocka_unit_test(test_duplicate_section_and_code),
    cmocka_unit_test(test_unknown_theme),
    cmocka_unit_test(test_unknown_aspect),
    cmocka_unit_test(test_unresolved_ref_card),
    cmocka_unit_test(test_unresolved_ref_werkvorm),
    cmocka_unit_test(test_missing_label_key),
    cmocka_unit_test(test_duplicate_label_key),
    cmocka_unit_test(test_groupsize_min_above_max),
    cmocka_unit_test(test_empty_question),
    cmocka_unit_test(test_errors_at_once),
    cmocka_unit_test(test_shipped_editions_load),
    cmocka_unit_test(test_missing_file),
    cmocka_unit_test(test_directory_is_not_a_file),
    cmocka_unit_test(test_quiet_and_restores_handlers),
  };
  return cmocka_run_group_tests_name("content", tests, NULL, NULL);
}
