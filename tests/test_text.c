/* Tests for text: literal text with attributes, hyphenated wrapping, fitting, missing glyphs, mm units. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "paint.h"
#include "text.h"

#define SHY "\xC2\xAD"
#define MM_PER_PT (25.4 / 72.0)

typedef struct fixture {
  fonts *fonts;
  hyphen_dict *hyph;
  model_instrument model;
  text_ctx *t;
} fixture;

static model_card cards[] = {{.id = "prikkel-opleiden-visie", .code = "P1"}};
static model_cardset sets[] = {{.id = "prikkel", .cards = cards, .n_cards = 1}};
static model_werkvorm werkvormen[] = {{.id = "fishbowl", .name = "Fishbowl"}};

static const text_style body = {.family = "Noto Sans", .size_pt = 10, .align = TEXT_LEFT};

static int setup(void **state) {
  fixture *fx = g_new0(fixture, 1);
  const char *src = g_getenv("KAARTSET_SOURCE");
  char *dir = g_build_filename(src ? src : KAARTSET_DATADIR, "fonts", NULL);
  diag_list *d = diag_new();
  fx->fonts = fonts_load(dir, d);
  fx->hyph = hyphen_load("nl", NULL, d);
  int ok = fx->fonts && fx->hyph && diag_count(d) == 0;
  diag_free(d);
  g_free(dir);
  fx->model = (model_instrument){.lang = "nl", .cardsets = sets, .n_cardsets = 1,
                                 .werkvormen = werkvormen, .n_werkvormen = 1};
  fx->t = text_ctx_new(fx->fonts, fx->hyph, &fx->model);
  *state = fx;
  return ok && fx->t ? 0 : -1;
}

static int teardown(void **state) {
  fixture *fx = *state;
  text_ctx_free(fx->t);
  hyphen_free(fx->hyph);
  fonts_free(fx->fonts);
  g_free(fx);
  return 0;
}

static model_text text_of(const model_run *runs, size_t n) {
  return (model_text){runs, n, {0}};
}

/* The layout's attributes as "kind:start-end" lines. */
static char *attrs_dump(PangoLayout *l) {
  GString *out = g_string_new("");
  PangoAttrList *list = pango_layout_get_attributes(l);
  GSList *all = list ? pango_attr_list_get_attributes(list) : NULL;
  for (GSList *p = all; p; p = p->next) {
    PangoAttribute *a = p->data;
    const char *kind = "other";
    if (a->klass->type == PANGO_ATTR_WEIGHT)
      kind = ((PangoAttrInt *)a)->value == PANGO_WEIGHT_BOLD ? "bold" : "weight";
    else if (a->klass->type == PANGO_ATTR_STYLE)
      kind = ((PangoAttrInt *)a)->value == PANGO_STYLE_ITALIC ? "italic" : "upright";
    g_string_append_printf(out, "%s:%u-%u\n", kind, a->start_index, a->end_index);
  }
  g_slist_free_full(all, (GDestroyNotify)pango_attribute_destroy);
  return g_string_free(out, FALSE);
}

static void test_text_is_literal(void **state) {
  fixture *fx = *state;
  const model_run runs[] = {
    {RUN_TEXT, 0, "Tekst met <b>&amp; \"aanhalingstekens\" en <i>", NULL},
  };
  model_text txt = text_of(runs, 1);
  PangoLayout *l = text_layout_rich(fx->t, &txt, &body, 0);
  const char *s = pango_layout_get_text(l);
  /* The content's language, whatever the locale. */
  assert_string_equal(pango_language_to_string(pango_context_get_language(pango_layout_get_context(l))),
                      "nl");
  assert_non_null(strstr(s, "<b>&amp; \""));
  assert_non_null(strstr(s, "<i>"));
  char *dump = attrs_dump(l);
  assert_string_equal(dump, "");
  g_free(dump);
  /* And it is drawn: the glyphs of '<' and '&' are there, none missing. */
  int missing = -1;
  assert_int_equal(text_missing_char(l, &missing), 0);
  assert_int_equal(missing, 0);
  g_object_unref(l);
}

static void test_em_strong_attributes(void **state) {
  fixture *fx = *state;
  const model_run runs[] = {
    {RUN_TEXT, 0, "Is de ", NULL},
    {RUN_TEXT, RUN_STRONG, "opleidingsschool", NULL},
    {RUN_TEXT, 0, " een ", NULL},
    {RUN_TEXT, RUN_EM, "gezamenlijke", NULL},
    {RUN_TEXT, 0, " zaak? Zie ", NULL},
    {RUN_REF_CARD, RUN_EM | RUN_STRONG, NULL, "prikkel-opleiden-visie"},
    {RUN_TEXT, 0, " en ", NULL},
    {RUN_REF_WERKVORM, 0, NULL, "fishbowl"},
    {RUN_TEXT, 0, " (", NULL},
    {RUN_REF_CARD, 0, NULL, "bestaat-niet"},
    {RUN_TEXT, 0, ").", NULL},
  };
  model_text txt = text_of(runs, sizeof runs / sizeof runs[0]);
  PangoLayout *l = text_layout_rich(fx->t, &txt, &body, 0);
  const char *s = pango_layout_get_text(l);
  /* Three letters at least on each side of a break (data/hyphen/nl.ini). */
  assert_string_equal(s, "Is de oplei" SHY "dings" SHY "school een geza" SHY "men" SHY
                         "lijke zaak? Zie P1 en Fish" SHY "bowl (bestaat-niet).");
  unsigned strong0 = (unsigned)(strstr(s, "oplei") - s);
  unsigned strong1 = (unsigned)(strstr(s, " een") - s);
  unsigned em0 = (unsigned)(strstr(s, "geza") - s);
  unsigned em1 = (unsigned)(strstr(s, " zaak") - s);
  unsigned p0 = (unsigned)(strstr(s, "P1") - s);
  char *expected = g_strdup_printf("bold:%u-%u\nitalic:%u-%u\nbold:%u-%u\nitalic:%u-%u\n", strong0,
                                   strong1, em0, em1, p0, p0 + 2, p0, p0 + 2);
  char *dump = attrs_dump(l);
  assert_string_equal(dump, expected);
  g_free(dump);
  g_free(expected);

  /* Changing the size keeps the attributes. */
  text_layout_set_size(l, &body, 14);
  dump = attrs_dump(l);
  assert_non_null(strstr(dump, "bold:"));
  assert_non_null(strstr(dump, "italic:"));
  g_free(dump);
  const PangoFontDescription *fd = pango_layout_get_font_description(l);
  assert_int_equal(pango_font_description_get_size(fd), 14 * PANGO_SCALE);
  assert_true(pango_font_description_get_size_is_absolute(fd));
  g_object_unref(l);
}

/* A word split over runs is hyphenated as one word; the soft hyphen at the
 * boundary goes with the run before it. Emphasis in italic text is upright. */
static void test_word_across_runs(void **state) {
  fixture *fx = *state;
  const model_run runs[] = {
    {RUN_TEXT, RUN_STRONG, "werk", NULL},
    {RUN_TEXT, RUN_EM, "plekbegeleider", NULL},
  };
  model_text txt = text_of(runs, 2);
  text_style it = body;
  it.italic = 1;
  PangoLayout *l = text_layout_rich(fx->t, &txt, &it, 0);
  assert_string_equal(pango_layout_get_text(l),
                      "werk" SHY "plek" SHY "be" SHY "ge" SHY "lei" SHY "der");
  char *dump = attrs_dump(l);
  size_t len = strlen(pango_layout_get_text(l));
  char *expected = g_strdup_printf("bold:0-6\nupright:6-%zu\n", len);
  assert_string_equal(dump, expected);
  g_free(expected);
  g_free(dump);
  g_object_unref(l);
}

#define HYPHEN "\xE2\x80\x90" /* U+2010, drawn where a line breaks at a soft hyphen */

/* Every line after the first starts after a break the paragraph builder
 * made: a '\n' where a space was, or after a hyphen put where a soft
 * hyphen was. */
static void assert_breaks_at_hyphens(PangoLayout *l, int *n_soft) {
  const char *s = pango_layout_get_text(l);
  *n_soft = 0;
  for (GSList *p = pango_layout_get_lines_readonly(l)->next; p; p = p->next) {
    int at = ((PangoLayoutLine *)p->data)->start_index;
    assert_true(at >= 2);
    assert_true(s[at - 1] == '\n');
    *n_soft += at >= 4 && strncmp(s + at - 4, HYPHEN, 3) == 0;
  }
}

static void test_compound_breaks_at_soft_hyphen(void **state) {
  fixture *fx = *state;
  PangoLayout *l = text_layout_plain(fx->t, "professionaliseringsactiviteiten", &body, 25);
  assert_true(pango_layout_get_line_count(l) > 1);
  int soft;
  assert_breaks_at_hyphens(l, &soft);
  assert_int_equal(soft, pango_layout_get_line_count(l) - 1);
  assert_false(text_overflows_width(l));
  g_object_unref(l);

  l = text_layout_plain(fx->t,
                        "Hoe geven de opleidingsschool en de lerarenopleiding samen vorm aan "
                        "professionaliseringsactiviteiten voor werkplekbegeleiders?",
                        &body, 30);
  assert_true(pango_layout_get_line_count(l) > 3);
  assert_breaks_at_hyphens(l, &soft);
  assert_true(soft >= 1);
  assert_false(text_overflows_width(l));
  g_object_unref(l);
}

static void test_word_wider_than_box_overflows(void **state) {
  fixture *fx = *state;
  /* No dictionary: the compound cannot break. */
  text_ctx *plain = text_ctx_new(fx->fonts, NULL, NULL);
  PangoLayout *l = text_layout_plain(plain, "Een professionaliseringsactiviteit", &body, 30);
  assert_true(text_overflows_width(l));
  /* It is not cut between letters either: the word is whole on one line. */
  assert_int_equal(pango_layout_get_line_count(l), 2);
  assert_int_equal(pango_layout_get_line(l, 1)->start_index, 4);
  g_object_unref(l);
  /* With the dictionary it breaks. */
  l = text_layout_plain(fx->t, "Een professionaliseringsactiviteit", &body, 30);
  assert_false(text_overflows_width(l));
  g_object_unref(l);
  /* Not wrapped: never overflows. */
  l = text_layout_plain(plain, "Een professionaliseringsactiviteit", &body, 0);
  assert_int_equal(pango_layout_get_width(l), -1);
  assert_false(text_overflows_width(l));
  g_object_unref(l);
  text_ctx_free(plain);
}

static void test_missing_glyphs(void **state) {
  fixture *fx = *state;
  const char *present[] = {"ë", "Ω", "Ж", "coördinatie ideeën € – “” ‘’ …", "ß ç ñ ø å"};
  for (size_t i = 0; i < sizeof present / sizeof present[0]; i++) {
    PangoLayout *l = text_layout_plain(fx->t, present[i], &body, 0);
    int n = -1;
    assert_int_equal(text_missing_char(l, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(pango_layout_get_unknown_glyphs_count(l), 0);
    g_object_unref(l);
  }
  PangoLayout *l = text_layout_plain(fx->t, "Tibetaans \u0F00 en Chinees \u4E00\u4E01", &body, 0);
  int n = 0;
  assert_int_equal(text_missing_char(l, &n), 0x0F00);
  assert_int_equal(n, 3);
  assert_int_equal(n, pango_layout_get_unknown_glyphs_count(l));
  g_object_unref(l);
  /* The first in the text, also when it is on a later line. */
  l = text_layout_plain(fx->t, "Een lange regel tekst die wrapt: \u4E00 en dan \u0F00", &body, 20);
  assert_true(pango_layout_get_line_count(l) > 1);
  assert_int_equal(text_missing_char(l, NULL), 0x4E00);
  g_object_unref(l);
}

static void test_sizes_in_mm(void **state) {
  fixture *fx = *state;
  PangoLayout *l = text_layout_plain(fx->t, "Hoe", &body, 0);
  /* Noto Sans's line is 1.362 em: 13.62 pt for 10 pt, 4.805 mm. */
  assert_float_equal(text_layout_height_mm(l), 10 * 1.362 * MM_PER_PT, 0.005);
  double w = text_layout_width_mm(l);
  assert_true(w > 5 && w < 8);
  /* Twice the size, twice the lengths (unhinted). */
  text_layout_set_size(l, &body, 20);
  assert_float_equal(text_layout_height_mm(l), 20 * 1.362 * MM_PER_PT, 0.01);
  assert_float_equal(text_layout_width_mm(l), 2 * w, 0.001);
  g_object_unref(l);

  /* Line spacing 1.5: baselines 1.5 lines apart. */
  text_style spaced = body;
  spaced.line_spacing = 1.5;
  l = text_layout_plain(fx->t, "een\ntwee\ndrie", &spaced, 0);
  assert_true(pango_layout_get_line_spacing(l) == 1.5f);
  PangoLayoutIter *it = pango_layout_get_iter(l);
  int b0 = pango_layout_iter_get_baseline(it);
  pango_layout_iter_next_line(it);
  int b1 = pango_layout_iter_get_baseline(it);
  pango_layout_iter_free(it);
  assert_float_equal((double)(b1 - b0) / PANGO_SCALE, 1.5 * 13.62, 0.05);
  g_object_unref(l);

  /* Width in mm becomes points in the layout (centred: left-aligned text,
   * its lines chosen, needs no width in Pango). */
  text_style centred = body;
  centred.align = TEXT_CENTER;
  l = text_layout_plain(fx->t, "x", &centred, 50.8);
  assert_int_equal(pango_layout_get_width(l), 144 * PANGO_SCALE);
  g_object_unref(l);
}

/* The glyphs a frame gets from l, as text. */
static char *framed(PangoLayout *l) {
  frame *f = frame_new(100, 100);
  frame_source src = {"t.xml", 1, "a text"};
  text_frame(f, l, 0, -1, 0, 0, 0, (style_rgb){0, 0, 0}, &src);
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  frame_dump(f, out);
  fclose(out);
  frame_free(f);
  return buf;
}

/* text_layout_fit gives back the room Pango's glyph strings keep (a guide
 * keeps thousands of layouts until their pages are framed) and changes
 * nothing measured or printed. */
static void test_layout_fit(void **state) {
  fixture *fx = *state;
  PangoLayout *l = text_layout_plain(fx->t, "Hoe weten we nu of de begeleiding van studenten "
                                    "op de werkplek werkt, en wie dat samen bepaalt?", &body, 60);
  char *before = framed(l);
  double w = text_layout_width_mm(l), h = text_layout_height_mm(l);
  int lines = text_layout_line_count(l), spare = 0;
  for (GSList *p = pango_layout_get_lines_readonly(l); p; p = p->next)
    for (GSList *r = ((PangoLayoutLine *)p->data)->runs; r; r = r->next) {
      PangoGlyphString *g = ((PangoGlyphItem *)r->data)->glyphs;
      spare += g->space - g->num_glyphs;
    }
  assert_true(spare > 0); /* else there is nothing to test */
  text_layout_fit(l);
  for (GSList *p = pango_layout_get_lines_readonly(l); p; p = p->next)
    for (GSList *r = ((PangoLayoutLine *)p->data)->runs; r; r = r->next) {
      PangoGlyphString *g = ((PangoGlyphItem *)r->data)->glyphs;
      assert_int_equal(g->space, g->num_glyphs);
    }
  assert_true(text_layout_width_mm(l) == w);
  assert_true(text_layout_height_mm(l) == h);
  assert_int_equal(text_layout_line_count(l), lines);
  char *after = framed(l);
  assert_string_equal(after, before);
  free(before);
  free(after);
  g_object_unref(l);
}

/* Justified: every line but the last exactly as wide as the box, none wider
 * (Pango 1.50's own justification overshoots on some lines ending in a
 * hyphen: this text at 7 pt in 25 mm has two). */
static void test_justify(void **state) {
  fixture *fx = *state;
  text_style just = body;
  just.align = TEXT_JUSTIFY;
  just.size_pt = 7;
  PangoLayout *l = text_layout_plain(
      fx->t,
      "Hoe geven de opleidingsschool en de lerarenopleiding samen vorm aan de "
      "professionalisering van werkplekbegeleiders, schoolopleiders en instituutsopleiders?\n"
      "Een tweede alinea met een laatste regel.",
      &just, 25);
  assert_float_equal(text_layout_width_mm(l), 25, 0.001);
  assert_float_equal(text_layout_width_mm(l), 25, 0.001); /* twice: nothing more added */
  /* The box's width: the layout itself has none, its lines being chosen
   * by the paragraph builder. */
  int width = (int)floor(25 * 72 / 25.4 * PANGO_SCALE);
  int n = 0, full = 0, hyphen_ends = 0;
  const char *s = pango_layout_get_text(l);
  const char *second = strstr(s, "Een tweede");
  for (GSList *p = pango_layout_get_lines_readonly(l); p; p = p->next, n++) {
    PangoLayoutLine *line = p->data, *next = p->next ? p->next->data : NULL;
    PangoRectangle ink, log;
    pango_layout_line_get_extents(line, &ink, &log);
    assert_true(log.width <= width);
    assert_true(ink.x + ink.width <= width);
    int last = !next || s + next->start_index == second;
    int spaces = memchr(s + line->start_index, ' ', (size_t)line->length - 1) != NULL;
    if (!last && spaces) {
      assert_int_equal(log.width, width);
      full++;
    }
    if (last) assert_true(log.width < width);
    hyphen_ends += line->length >= 3 &&
                   strncmp(s + line->start_index + line->length - 3, HYPHEN, 3) == 0;
  }
  assert_true(n >= 10);
  assert_true(full >= n - 4);
  assert_true(hyphen_ends >= 4);
  assert_false(text_overflows_width(l));
  g_object_unref(l);
}

static const char *const question =
    "Hoe geven de opleidingsschool en de lerarenopleiding samen vorm aan de "
    "professionalisering van werkplekbegeleiders, schoolopleiders en "
    "instituutsopleiders, en wie is verantwoordelijk voor de kwaliteit van "
    "die professionaliseringsactiviteiten in de komende jaren? Welke rol "
    "speelt praktijkgericht onderzoek daarin, en hoe delen de partners de "
    "opbrengsten van dat onderzoek met elkaar en met de studenten?";

/* The paragraph builder's rules: at most two hyphenated lines in a row, no
 * hyphen in the last word (no tail alone on the last line), at least three
 * letters each side of a card's hyphen, and a straight apostrophe printed
 * as the typographic one; on measures where a word of the text fits on a
 * line (narrower ones may have to break a rule rather than a margin). */
static void test_paragraph_rules(void **state) {
  fixture *fx = *state;
  text_style card = body;
  card.card = 1;
  for (double w = 30; w <= 60; w += 1.5) {
    PangoLayout *l = text_layout_plain(fx->t, question, &card, w);
    const char *s = pango_layout_get_text(l);
    int ladder = 0, prev_hyphen = 0;
    for (GSList *p = pango_layout_get_lines_readonly(l); p; p = p->next) {
      PangoLayoutLine *line = p->data;
      int hyphen = line->length >= 3 &&
                   strncmp(s + line->start_index + line->length - 3, HYPHEN, 3) == 0;
      ladder = hyphen ? ladder + 1 : 0;
      assert_true(ladder <= 2);
      if (hyphen) {
        /* three letters before the hyphen */
        const char *q = s + line->start_index + line->length - 3;
        int letters = 0;
        while (q > s + line->start_index) {
          gunichar c = g_utf8_get_char(g_utf8_prev_char(q));
          if (c != 0xAD && c != 0x200C && !g_unichar_isalpha(c)) break;
          letters += g_unichar_isalpha(c) != 0;
          q = g_utf8_prev_char(q);
        }
        assert_true(letters >= 3);
      }
      if (!p->next) assert_false(prev_hyphen); /* the last line holds whole words */
      prev_hyphen = hyphen;
    }
    g_object_unref(l);
  }
  PangoLayout *l = text_layout_plain(fx->t, "Thema's en dilemma's", &body, 0);
  assert_string_equal(pango_layout_get_text(l), "Thema\xE2\x80\x99s en dilemma\xE2\x80\x99s");
  g_object_unref(l);
}

/* Fits in the box (no overflow, height within) and, unless at max, not at
 * 0.1 pt more. */
static void assert_tight_fit(fixture *fx, const char *s, double size, double min, double max,
                             double w, double h) {
  PangoLayout *l = text_layout_plain(fx->t, s, &body, w);
  text_layout_set_size(l, &body, size);
  assert_false(text_overflows_width(l));
  assert_true(text_layout_height_mm(l) <= h);
  assert_true(size >= min && size <= max);
  if (size < max) {
    text_layout_set_size(l, &body, size + 0.1);
    assert_true(text_overflows_width(l) || text_layout_height_mm(l) > h);
  }
  g_object_unref(l);
}

static void test_fit(void **state) {
  fixture *fx = *state;
  const double w = 53, h = 50, min = 7, max = 14;

  PangoLayout *l = text_layout_plain(fx->t, "Wat is jullie visie?", &body, w);
  assert_float_equal(text_fit(l, &body, min, max, w, h), max, 1e-9);
  g_object_unref(l);

  l = text_layout_plain(fx->t, question, &body, w);
  double long_size = text_fit(l, &body, min, max, w, h);
  assert_true(long_size > min && long_size < max);
  /* The layout is left at the size found, and fits. */
  assert_float_equal(pango_font_description_get_size(pango_layout_get_font_description(l)),
                     long_size * PANGO_SCALE, 1);
  assert_true(text_layout_height_mm(l) <= h);
  assert_false(text_overflows_width(l));
  g_object_unref(l);
  assert_tight_fit(fx, question, long_size, min, max, w, h);

  /* Longer text never gets a larger size: every prefix of words. */
  double prev = max + 1;
  int words = 0;
  for (const char *p = question;; p++) {
    if (*p != ' ' && *p != '\0') continue;
    char *prefix = g_strndup(question, (gsize)(p - question));
    l = text_layout_plain(fx->t, prefix, &body, w);
    double size = text_fit(l, &body, min, max, w, h);
    assert_true(size > 0);
    assert_true(size <= prev + 1e-9);
    if (words % 7 == 0 || !*p) assert_tight_fit(fx, prefix, size, min, max, w, h);
    prev = size;
    words++;
    g_object_unref(l);
    g_free(prefix);
    if (!*p) break;
  }
  assert_float_equal(prev, long_size, 1e-9);

  /* Too much for the box even at min: 0, layout at min. */
  l = text_layout_plain(fx->t, question, &body, 30);
  assert_float_equal(text_fit(l, &body, min, max, 30, 20), 0, 1e-9);
  assert_int_equal(pango_font_description_get_size(pango_layout_get_font_description(l)),
                   min * PANGO_SCALE);
  g_object_unref(l);

  /* A word that cannot break does not fit, however high the box. */
  text_ctx *nohyph = text_ctx_new(fx->fonts, NULL, NULL);
  l = text_layout_plain(nohyph, "professionaliseringsactiviteiten", &body, 20);
  assert_float_equal(text_fit(l, &body, min, max, 20, 200), 0, 1e-9);
  g_object_unref(l);
  text_ctx_free(nohyph);
}

/* Framed where asked, in mm, and painted there: ink starts just right of
 * x and below y. */
static void test_draw_position(void **state) {
  fixture *fx = *state;
  const double px_per_mm = 10;
  cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_A8, 600, 300);
  cairo_t *cr = cairo_create(img);
  cairo_scale(cr, px_per_mm, px_per_mm);
  PangoLayout *l = text_layout_plain(fx->t, "HOE", &body, 0);
  frame *f = frame_new(60, 30);
  text_frame(f, l, 0, -1, 10, 5, 0, (style_rgb){0, 0, 0}, NULL);
  /* One run, on the baseline, as wide as the layout. */
  assert_int_equal(f->n, 1);
  assert_float_equal(f->items[0].x, 10, 1e-9);
  assert_float_equal(f->items[0].y, 5 + text_layout_baseline_mm(l, 0), 1e-9);
  assert_float_equal(f->items[0].run->width, text_layout_width_mm(l), 1e-9);
  assert_string_equal(f->items[0].run->text, "HOE");
  paint_frame(cr, f);
  frame_free(f);
  cairo_surface_flush(img);
  const unsigned char *data = cairo_image_surface_get_data(img);
  int stride = cairo_image_surface_get_stride(img);
  int x0 = 600, x1 = -1, y0 = 300, y1 = -1;
  for (int y = 0; y < 300; y++)
    for (int x = 0; x < 600; x++)
      if (data[y * stride + x] > 128) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
  /* H's stem starts about 0.3 mm in; its top is at the ascent minus cap
   * height below y: (1.069 - 0.714) * 10 pt = 1.25 mm; baseline at
   * 5 + 1.069 * 10 pt = 8.77 mm. */
  assert_true(x0 >= 100 && x0 <= 110);
  assert_in_range(y0, 60, 66);
  assert_in_range(y1, 85, 89);
  assert_in_range(x1 - x0, (int)(text_layout_width_mm(l) * px_per_mm) - 10,
                  (int)(text_layout_width_mm(l) * px_per_mm));
  /* No path left behind, state restored. */
  assert_false(cairo_has_current_point(cr));
  cairo_matrix_t m;
  cairo_get_matrix(cr, &m);
  assert_float_equal(m.xx, px_per_mm, 1e-12);
  g_object_unref(l);
  cairo_destroy(cr);
  cairo_surface_destroy(img);
}

/* The bidi isolates label filling puts around values (and a translator
 * may type: LRI, RLI, FSI, PDI) are default-ignorable: no font needs them,
 * and they are no missing glyph, for check's and preflight's glyph checks
 * alike (both read PANGO_GLYPH_UNKNOWN_FLAG). */
static void test_isolates_are_no_missing_glyphs(void **state) {
  fixture *fx = *state;
  PangoLayout *l = text_layout_plain(
      fx->t, "code \u2068P3\u2069, \u20662026-01\u2069 \u2067x\u2069 \u200F\u200E", &body, 0);
  int n = -1;
  assert_int_equal(text_missing_char(l, &n), 0);
  assert_int_equal(n, 0);
  assert_int_equal(pango_layout_get_unknown_glyphs_count(l), 0);
  g_object_unref(l);
}

/* A right-to-left edition: every paragraph is right to left, even one
 * that starts with a Latin code, and TEXT_LEFT sets it flush right. */
static void test_right_to_left(void **state) {
  fixture *fx = *state;
  model_instrument he = {.lang = "he"};
  text_ctx *t = text_ctx_new(fx->fonts, NULL, &he);
  assert_true(text_ctx_rtl(t));
  assert_false(text_ctx_rtl(fx->t));
  assert_true(text_start_x(t, 2, 10, 50) == 38);
  assert_true(text_start_x(fx->t, 2, 10, 50) == 2);
  PangoLayout *l = text_layout_plain(t, "P3 and more", &body, 60);
  PangoLayoutLine *line = pango_layout_get_line_readonly(l, 0);
  assert_int_equal(line->resolved_dir, PANGO_DIRECTION_RTL);
  PangoLayoutIter *it = pango_layout_get_iter(l);
  PangoRectangle at;
  pango_layout_iter_get_line_extents(it, NULL, &at);
  pango_layout_iter_free(it);
  /* Flush right in the 60 mm: the line ends at the width. */
  assert_true(fabs((at.x + at.width) / (double)PANGO_SCALE * MM_PER_PT - 60) < 0.01);
  g_object_unref(l);
  text_ctx_free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_text_is_literal),
    cmocka_unit_test(test_em_strong_attributes),
    cmocka_unit_test(test_word_across_runs),
    cmocka_unit_test(test_compound_breaks_at_soft_hyphen),
    cmocka_unit_test(test_word_wider_than_box_overflows),
    cmocka_unit_test(test_missing_glyphs),
    cmocka_unit_test(test_sizes_in_mm),
    cmocka_unit_test(test_justify),
    cmocka_unit_test(test_paragraph_rules),
    cmocka_unit_test(test_fit),
    cmocka_unit_test(test_draw_position),
    cmocka_unit_test(test_isolates_are_no_missing_glyphs),
    cmocka_unit_test(test_right_to_left),
    cmocka_unit_test(test_layout_fit),
  };
  return cmocka_run_group_tests_name("text", tests, setup, teardown);
}
