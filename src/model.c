/* model: look-ups, label filling and the list of label keys the layout prints. */
#include "model.h"

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
  arena_free(m->arena); /* m itself lives in its arena */
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

char *model_label_fill(const model_instrument *m, const char *key, size_t n,
                       const char *const names[], const char *const values[]) {
  const model_label *l = model_label_find(m, key);
  if (!l) return NULL;
  strbuf b = {0};
  strbuf_add(&b, "", 0);
  for (const char *p = l->text; *p;) {
    const char *close = *p == '{' ? strchr(p, '}') : NULL;
    if (close) {
      size_t len = (size_t)(close - p - 1);
      size_t i = 0;
      while (i < n && !(strlen(names[i]) == len && strncmp(names[i], p + 1, len) == 0)) i++;
      if (i < n) {
        strbuf_add(&b, values[i], strlen(values[i]));
        p = close + 1;
        continue;
      }
    }
    strbuf_add(&b, p, 1);
    p++;
  }
  return b.s;
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
