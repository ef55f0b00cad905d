/* model: look-ups, label filling and the list of label keys the layout prints. */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const model_label_keys[] = {
  "card.footer",   /* {code} {edition} {set}: the small line at the foot of a card face */
  "card.meta",     /* {set} {aspect} {theme}: the line under the band */
  "card.prompts",  /* heading above a card's follow-up prompts */
  "doc.cards",     /* subject of cards.pdf */
  "doc.printshop", /* subject of cards-printshop.pdf */
  "doc.calibration", /* subject of calibration.pdf */
  "sheet.scale",   /* {mm}: under the scale bar on every sheet */
  "calibrate.title", /* heading of both sides of the calibration sheet */
  "calibrate.front", /* {option}: what to do with the front */
  "calibrate.back",  /* {option} {example}: how to read the offset off the back */
  "doc.guide", /* subject of guide.pdf, and the line above the title on its title page */
  "doc.werkvormen", /* subject of werkvormen.pdf */
  "guide.edition", /* {edition}: on the guide's title page */
  "guide.contents", /* heading of the guide's table of contents */
  "guide.overview", /* heading of the overview of all questions */
  "guide.overview.intro", /* the paragraph under it */
  "guide.record", /* heading of the session record sheet */
  "record.intro", /* what to do with the sheet */
  "record.date", /* record sheet field */
  "record.question", /* record sheet field */
  "record.present", /* record sheet field */
  "record.where", /* record sheet field */
  "record.next", /* record sheet field */
  "record.back", /* record sheet field */
  "werkvorm.purpose", /* heading above a werkvorm's purpose */
  "werkvorm.duration", /* {minutes} */
  "werkvorm.groupsize", /* {min} {max} */
  "werkvorm.materials", /* heading above the materials */
  "werkvorm.roles", /* heading above the roles */
  "werkvorm.steps", /* heading above the steps */
  "werkvorm.tips", /* heading above the tips */
  "step.minutes", /* {minutes}: beside a step */
  "werkvorm.set",  /* the werkvorm cards' name: on their band, back and bookmark */
  "werkvorm.code", /* {number}: a werkvorm card's code */
  "card.werkvorm.meta", /* {duration} {groupsize}: the line under a werkvorm card's band */
  "page.front",    /* {n}: page label of a front page (n: sheet number or card code) */
  "page.back",     /* {n}: page label of a back page */
  "page",          /* {page} {pages} */
};
const size_t model_n_label_keys = sizeof model_label_keys / sizeof model_label_keys[0];

void model_free(model_instrument *m) {
  if (!m) return;
  model_instrument *ref = m->reference;
  arena_free(m->arena); /* m itself lives in its arena */
  model_free(ref);
}

#define FIND_BY_ID(array, count, id)                      \
  do {                                                    \
    for (size_t i_ = 0; id && i_ < (count); i_++)         \
      if (strcmp((array)[i_].id, id) == 0) return &(array)[i_]; \
    return NULL;                                          \
  } while (0)

const model_named *model_named_find(const model_named *list, size_t n, const char *id) {
  FIND_BY_ID(list, n, id);
}

const model_theme *model_theme_find(const model_instrument *m, const char *id) {
  return model_named_find(m->themes, m->n_themes, id);
}

const model_aspect *model_aspect_find(const model_instrument *m, const char *id) {
  return model_named_find(m->aspects, m->n_aspects, id);
}

const model_cardset *model_cardset_find(const model_instrument *m, const char *id) {
  FIND_BY_ID(m->cardsets, m->n_cardsets, id);
}

const model_werkvorm *model_werkvorm_find(const model_instrument *m, const char *id) {
  FIND_BY_ID(m->werkvormen, m->n_werkvormen, id);
}

const model_card *model_card_find(const model_instrument *m, const char *id) {
  for (size_t s = 0; id && s < m->n_cardsets; s++)
    for (size_t c = 0; c < m->cardsets[s].n_cards; c++)
      if (strcmp(m->cardsets[s].cards[c].id, id) == 0) return &m->cardsets[s].cards[c];
  return NULL;
}

const model_label *model_label_find(const model_instrument *m, const char *key) {
  for (size_t i = 0; key && i < m->n_labels; i++)
    if (strcmp(m->labels[i].key, key) == 0) return &m->labels[i];
  return NULL;
}

/* A growable malloc'd string. */
typedef struct strbuf {
  char *s;
  size_t len, cap;
} strbuf;

static void strbuf_add(strbuf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    b->cap = (b->len + n + 1) * 2;
    b->s = realloc(b->s, b->cap);
    if (!b->s) abort();
  }
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
}

int model_lang_rtl(const char *lang) {
  if (!lang) return 0;
  /* Languages written right to left in their usual script (CLDR's
   * characterOrder), and scripts that are, named in a tag (ks-Arab). */
  static const char *const rtl_langs[] = {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji",
                                          "ks", "nqo", "pnb", "ps", "sd", "syr",
                                          "ug", "ur", "yi"};
  static const char *const rtl_scripts[] = {"arab", "hebr", "thaa", "syrc", "nkoo", "adlm",
                                            "rohg", "mand", "samr"};
  static const char *const ltr_scripts[] = {"latn", "cyrl", "grek"};
  char tag[64];
  size_t n = 0;
  for (; lang[n] && n + 1 < sizeof tag; n++)
    tag[n] = (char)(lang[n] == '_' ? '-' : (lang[n] >= 'A' && lang[n] <= 'Z') ? lang[n] + 32 : lang[n]);
  tag[n] = 0;
  for (const char *p = strchr(tag, '-'); p; p = strchr(p + 1, '-')) {
    if (strlen(p + 1) < 4 || (p[5] && p[5] != '-')) continue; /* not a script subtag */
    for (size_t i = 0; i < sizeof rtl_scripts / sizeof *rtl_scripts; i++)
      if (strncmp(p + 1, rtl_scripts[i], 4) == 0) return 1;
    for (size_t i = 0; i < sizeof ltr_scripts / sizeof *ltr_scripts; i++)
      if (strncmp(p + 1, ltr_scripts[i], 4) == 0) return 0;
  }
  for (size_t i = 0; i < sizeof rtl_langs / sizeof *rtl_langs; i++) {
    size_t k = strlen(rtl_langs[i]);
    if (strncmp(tag, rtl_langs[i], k) == 0 && (tag[k] == 0 || tag[k] == '-')) return 1;
  }
  return 0;
}

int model_rtl(const model_instrument *m) { return m && model_lang_rtl(m->lang); }

static char *label_fill(const model_instrument *m, const char *key, size_t n,
                        const char *const names[], const char *const values[], int isolate) {
  const model_label *l = model_label_find(m, key);
  if (!l) return NULL;
  strbuf b = {0};
  strbuf_add(&b, "", 0);
  /* The next '}' at or after p, found once for all the '{' before it: a
   * search per '{' made "{{{{…" quadratic. */
  const char *next_close = strchr(l->text, '}');
  for (const char *p = l->text; *p;) {
    if (next_close && next_close < p) next_close = strchr(p, '}');
    const char *close = *p == '{' ? next_close : NULL;
    if (!next_close) {
      /* No placeholder can start anywhere from here. */
      strbuf_add(&b, p, strlen(p));
      break;
    }
    if (close) {
      size_t len = (size_t)(close - p - 1);
      size_t i = 0;
      while (i < n && !(strlen(names[i]) == len && strncmp(names[i], p + 1, len) == 0)) i++;
      if (i == n && len > 0) {
        /* Not a placeholder: copy up to the next '{' (or the close), so a
         * long run without one is copied at once. */
        size_t run = strcspn(p + 1, "{}") + 1;
        strbuf_add(&b, p, run);
        p += run;
        continue;
      }
      if (i < n) {
        /* U+2068 FIRST STRONG ISOLATE ... U+2069 POP DIRECTIONAL ISOLATE:
         * the value keeps its own direction and order (P3, 2026-01, 45)
         * and does not reorder the words around it (TRANSLATING.md). */
        if (isolate) strbuf_add(&b, "\xE2\x81\xA8", 3);
        strbuf_add(&b, values[i], strlen(values[i]));
        if (isolate) strbuf_add(&b, "\xE2\x81\xA9", 3);
        p = close + 1;
        continue;
      }
    }
    strbuf_add(&b, p, 1);
    p++;
  }
  return b.s;
}

char *model_label_fill(const model_instrument *m, const char *key, size_t n,
                       const char *const names[], const char *const values[]) {
  return label_fill(m, key, n, names, values, model_rtl(m));
}

char *model_label_fill_bare(const model_instrument *m, const char *key, size_t n,
                            const char *const names[], const char *const values[]) {
  return label_fill(m, key, n, names, values, 0);
}

char *model_text_plain(const model_instrument *m, const model_text *t) {
  strbuf b = {0};
  strbuf_add(&b, "", 0);
  for (size_t i = 0; i < t->n_runs; i++) {
    const model_run *r = &t->runs[i];
    const char *s = r->text;
    if (r->kind == RUN_REF_CARD) {
      const model_card *c = model_card_find(m, r->ref);
      s = c ? c->code : r->ref;
    } else if (r->kind == RUN_REF_WERKVORM) {
      const model_werkvorm *w = model_werkvorm_find(m, r->ref);
      s = w ? w->name : r->ref;
    }
    if (s) strbuf_add(&b, s, strlen(s));
  }
  return b.s;
}

int model_same_on_purpose(const model_instrument *m, long line) {
  size_t lo = 0, hi = m->n_same_lines;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (m->same_lines[mid] == line) return 1;
    if (m->same_lines[mid] < line) lo = mid + 1;
    else hi = mid;
  }
  return 0;
}

static void strbuf_escaped(strbuf *b, const char *s) {
  for (; *s; s++) {
    if (*s == '&') strbuf_add(b, "&amp;", 5);
    else if (*s == '<') strbuf_add(b, "&lt;", 4);
    else if (*s == '>') strbuf_add(b, "&gt;", 4);
    else strbuf_add(b, s, 1);
  }
}

char *model_text_xml(const model_text *t) {
  strbuf b = {0};
  strbuf_add(&b, "", 0);
  unsigned open = 0; /* RUN_EM opened first, then RUN_STRONG inside it */
  for (size_t i = 0; i <= t->n_runs; i++) {
    unsigned want = i < t->n_runs ? t->runs[i].flags : 0;
    /* Close what ends here (inner first), then open what starts. */
    if ((open & RUN_STRONG) && !(want & RUN_STRONG)) strbuf_add(&b, "</strong>", 9), open &= ~RUN_STRONG;
    if ((open & RUN_EM) && !(want & RUN_EM)) {
      if (open & RUN_STRONG) strbuf_add(&b, "</strong>", 9), open &= ~RUN_STRONG;
      strbuf_add(&b, "</em>", 5), open &= ~RUN_EM;
    }
    if (i == t->n_runs) break;
    if ((want & RUN_EM) && !(open & RUN_EM)) {
      if (open & RUN_STRONG) strbuf_add(&b, "</strong>", 9), open &= ~RUN_STRONG;
      strbuf_add(&b, "<em>", 4), open |= RUN_EM;
    }
    if ((want & RUN_STRONG) && !(open & RUN_STRONG)) strbuf_add(&b, "<strong>", 8), open |= RUN_STRONG;
    const model_run *r = &t->runs[i];
    if (r->kind == RUN_TEXT) {
      strbuf_escaped(&b, r->text);
    } else {
      strbuf_add(&b, r->kind == RUN_REF_CARD ? "<ref card=\"" : "<ref werkvorm=\"",
                 r->kind == RUN_REF_CARD ? 11 : 15);
      strbuf_escaped(&b, r->ref);
      strbuf_add(&b, "\"/>", 3);
    }
  }
  return b.s;
}

char *model_item_plain(const model_instrument *m, const model_item *it) {
  if (it->text) return model_text_plain(m, it->text);
  char *s = strdup(it->str ? it->str : "");
  if (!s) abort();
  return s;
}

char *model_item_xml(const model_item *it) {
  if (it->text) return model_text_xml(it->text);
  strbuf b = {0};
  strbuf_add(&b, "", 0);
  strbuf_escaped(&b, it->str ? it->str : "");
  return b.s;
}

/* Walking the items: one helper per shape. */
typedef struct item_walk {
  model_item_fn fn;
  void *ctx;
} item_walk;

static void item_str(item_walk *w, const char *str, model_loc loc, const char *where,
                     const char *fmt, const char *a, const char *b) {
  model_item it = {.str = str, .loc = loc, .where = where};
  snprintf(it.path, sizeof it.path, fmt, a, b);
  w->fn(&it, w->ctx);
}

static void item_text(item_walk *w, const model_text *t, const char *where, const char *fmt,
                      const char *a, const char *b) {
  model_item it = {.text = t, .loc = t->loc, .where = where};
  snprintf(it.path, sizeof it.path, fmt, a, b);
  w->fn(&it, w->ctx);
}

static void item_list(item_walk *w, const model_text *list, size_t n, const char *where,
                      const char *prefix, const char *id, const char *kind) {
  for (size_t i = 0; i < n; i++) {
    char num[24];
    snprintf(num, sizeof num, "%zu", i + 1);
    char fmt[96];
    snprintf(fmt, sizeof fmt, "%s/%%s/%s/%%s", prefix, kind);
    item_text(w, &list[i], where, fmt, id, num);
  }
}

static void item_section(item_walk *w, const model_section *s) {
  item_str(w, s->title, s->title_loc.line ? s->title_loc : s->loc, "guide: section heading", "section/%s/title%s", s->id, "");
  size_t k = 0;
  for (size_t b = 0; b < s->n_blocks; b++) {
    const model_block *bl = &s->blocks[b];
    if (bl->kind == BLOCK_SECTION) {
      item_section(w, bl->section);
      continue;
    }
    k++;
    for (size_t i = 0; i < bl->n_items; i++) {
      char num[48];
      if (bl->kind == BLOCK_PARAGRAPH) snprintf(num, sizeof num, "%zu", k);
      else snprintf(num, sizeof num, "%zu.%zu", k, i + 1);
      item_text(w, &bl->items[i], bl->kind == BLOCK_PARAGRAPH ? "guide: paragraph"
                                                               : "guide: list item",
                "section/%s/%s", s->id, num);
    }
  }
}

void model_each_item(const model_instrument *m, model_item_fn fn, void *ctx) {
  item_walk w = {fn, ctx};
  const model_meta *mt = &m->meta;
  item_str(&w, mt->title, mt->title_loc, "guide title page, PDF titles", "meta/title%s%s", "", "");
  item_str(&w, mt->subtitle, mt->subtitle_loc, "guide title page", "meta/subtitle%s%s", "", "");
  item_str(&w, mt->publisher, mt->publisher_loc, "guide title page, PDF author", "meta/publisher%s%s", "", "");
  item_str(&w, mt->license, mt->license_loc, "guide title page", "meta/license%s%s", "", "");
  for (size_t i = 0; i < m->n_labels; i++)
    item_str(&w, m->labels[i].text, m->labels[i].loc, "label (words of the layout)", "label/%s%s",
             m->labels[i].key, "");
  for (size_t i = 0; i < m->n_themes; i++)
    item_str(&w, m->themes[i].name, m->themes[i].loc, "card backs and bands, guide", "theme/%s%s",
             m->themes[i].id, "");
  for (size_t i = 0; i < m->n_aspects; i++)
    item_str(&w, m->aspects[i].name, m->aspects[i].loc, "card meta line, guide", "aspect/%s%s",
             m->aspects[i].id, "");
  for (size_t s = 0; s < m->n_cardsets; s++) {
    const model_cardset *cs = &m->cardsets[s];
    item_str(&w, cs->name, cs->name_loc.line ? cs->name_loc : cs->loc, "card backs, guide", "cardset/%s/name%s", cs->id, "");
    item_text(&w, &cs->intro, "guide", "cardset/%s/intro%s", cs->id, "");
    for (size_t c = 0; c < cs->n_cards; c++) {
      const model_card *cd = &cs->cards[c];
      item_text(&w, &cd->question, "card face: the question (fitted to the card)",
                "card/%s/question%s", cd->id, "");
      item_list(&w, cd->prompts, cd->n_prompts, "card face: follow-up prompt", "card", cd->id,
                "prompt");
    }
  }
  for (size_t i = 0; i < m->n_werkvormen; i++) {
    const model_werkvorm *wv = &m->werkvormen[i];
    item_str(&w, wv->name, wv->name_loc.line ? wv->name_loc : wv->loc, "werkvorm card band, werkvorm page, guide",
             "werkvorm/%s/name%s", wv->id, "");
    item_text(&w, &wv->purpose, "werkvorm page, guide", "werkvorm/%s/purpose%s", wv->id, "");
    item_list(&w, wv->materials, wv->n_materials, "werkvorm page: materials", "werkvorm", wv->id,
              "material");
    for (size_t r = 0; r < wv->n_roles; r++) {
      char num[24];
      snprintf(num, sizeof num, "%zu", r + 1);
      item_str(&w, wv->roles[r].name, wv->roles[r].text.loc, "werkvorm page: role name",
               "werkvorm/%s/role/%s/name", wv->id, num);
      item_text(&w, &wv->roles[r].text, "werkvorm page: role", "werkvorm/%s/role/%s", wv->id, num);
    }
    for (size_t s = 0; s < wv->n_steps; s++) {
      char num[24];
      snprintf(num, sizeof num, "%zu", s + 1);
      item_text(&w, &wv->steps[s].text, "werkvorm page: step", "werkvorm/%s/step/%s", wv->id, num);
    }
    item_list(&w, wv->tips, wv->n_tips, "werkvorm page: tip", "werkvorm", wv->id, "tip");
    item_list(&w, wv->summary, wv->n_summary, "werkvorm card: summary", "werkvorm", wv->id,
              "summary");
  }
  for (size_t i = 0; i < m->n_sections; i++) item_section(&w, &m->sections[i]);
}

typedef struct item_find {
  const char *path;
  model_item *out;
  int found;
} item_find;

static void item_find_fn(const model_item *it, void *ctx) {
  item_find *f = ctx;
  if (!f->found && strcmp(it->path, f->path) == 0) {
    *f->out = *it;
    f->found = 1;
  }
}

int model_item_find(const model_instrument *m, const char *path, model_item *out) {
  item_find f = {path, out, 0};
  model_each_item(m, item_find_fn, &f);
  return f.found ? 0 : -1;
}

size_t model_text_bytes(const model_text *t, size_t n) {
  size_t bytes = 0;
  for (size_t k = 0; t && k < n; k++)
    for (size_t r = 0; r < t[k].n_runs; r++)
      bytes += t[k].runs[r].text ? strlen(t[k].runs[r].text) : 8;
  return bytes;
}

typedef struct model_weight {
  size_t bytes, i;
} model_weight;

/* The most text first; in their own order among equals. */
static int model_weight_cmp(const void *a, const void *b) {
  const model_weight *x = a, *y = b;
  if (x->bytes != y->bytes) return x->bytes > y->bytes ? -1 : 1;
  return x->i < y->i ? -1 : x->i > y->i;
}

void model_order_most_text(const size_t *bytes, size_t n, size_t *order) {
  model_weight *w = malloc((n ? n : 1) * sizeof *w);
  if (!w) abort();
  for (size_t i = 0; i < n; i++) w[i] = (model_weight){bytes[i], i};
  qsort(w, n, sizeof *w, model_weight_cmp);
  for (size_t i = 0; i < n; i++) order[i] = w[i].i;
  free(w);
}
