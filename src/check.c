/* check: what a translation still lacks, compared id by id with the reference edition. */
#include "check.h"

#include <stdlib.h>
#include <string.h>

/* Where messages point when the reference has something the translation lacks. */
typedef struct check_ctx {
  const model_instrument *t, *r;
  diag_list *d;
  size_t errors;
} check_ctx;

static void check_missing(check_ctx *c, const char *kind, const char *id, model_loc in_r) {
  diag_error(c->d, c->t->file, 0, "%s '%s' is missing (translate it from %s:%ld)", kind, id,
             in_r.file, in_r.line);
  c->errors++;
}

static void check_extra(check_ctx *c, const char *kind, const char *id, model_loc in_t) {
  diag_warning(c->d, in_t.file, in_t.line,
               "%s '%s' is not in %s (keep the ids of the reference edition)", kind, id,
               c->r->file);
}

/* Same text in both: most likely not translated yet. Names such as
 * "Placemat" may rightly stay, hence a warning. */
static void check_same(check_ctx *c, const char *kind, const char *id, const char *what,
                       const char *t_text, const char *r_text, model_loc in_t) {
  if (!t_text || !r_text || strcmp(t_text, r_text) != 0 || !*t_text) return;
  diag_warning(c->d, in_t.file, in_t.line, "%s '%s': the %s is the same as in %s (not "
               "translated yet?)", kind, id, what, c->r->file);
}

static void check_same_text(check_ctx *c, const char *kind, const char *id, const char *what,
                            const model_text *tt, const model_text *rt) {
  char *a = model_text_plain(c->t, tt), *b = model_text_plain(c->r, rt);
  check_same(c, kind, id, what, a, b, tt->loc);
  free(a);
  free(b);
}

static void check_count(check_ctx *c, const char *kind, const char *id, const char *what,
                        size_t nt, size_t nr, model_loc in_t) {
  if (nt == nr) return;
  diag_warning(c->d, in_t.file, in_t.line, "%s '%s' has %zu %s, %s has %zu (translate each "
               "one)", kind, id, nt, what, c->r->file, nr);
}

/* A list of texts: `what` names one ("prompt"), `whats` several. */
static void check_texts(check_ctx *c, const char *kind, const char *id, const char *what,
                        const char *whats, const model_text *tt, size_t nt,
                        const model_text *rt, size_t nr, model_loc in_t) {
  check_count(c, kind, id, whats, nt, nr, in_t);
  for (size_t i = 0; i < nt && i < nr; i++) check_same_text(c, kind, id, what, &tt[i], &rt[i]);
}

/* The {placeholders} of a label, sorted, as one string: "{page}{pages}". */
static char *check_placeholders(const char *text) {
  size_t n = 0, cap = strlen(text) + 1;
  const char *names[64];
  size_t lens[64];
  for (const char *p = text; (p = strchr(p, '{')) != NULL && n < 64; p++) {
    const char *close = strchr(p, '}');
    if (!close) break;
    names[n] = p;
    lens[n++] = (size_t)(close - p + 1);
  }
  /* Insertion sort: a label has a handful at most. */
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0; j--) {
      size_t m = lens[j] < lens[j - 1] ? lens[j] : lens[j - 1];
      int cmp = strncmp(names[j], names[j - 1], m);
      if (cmp > 0 || (cmp == 0 && lens[j] >= lens[j - 1])) break;
      const char *tn = names[j]; names[j] = names[j - 1]; names[j - 1] = tn;
      size_t tl = lens[j]; lens[j] = lens[j - 1]; lens[j - 1] = tl;
    }
  char *out = calloc(1, cap);
  if (!out) abort();
  for (size_t i = 0; i < n; i++) strncat(out, names[i], lens[i]);
  return out;
}

static void check_labels(check_ctx *c) {
  for (size_t i = 0; i < c->r->n_labels; i++) {
    const model_label *rl = &c->r->labels[i];
    const model_label *tl = model_label_find(c->t, rl->key);
    if (!tl) {
      check_missing(c, "label", rl->key, rl->loc);
      continue;
    }
    char *tp = check_placeholders(tl->text), *rp = check_placeholders(rl->text);
    if (strcmp(tp, rp) != 0) {
      diag_error(c->d, tl->loc.file, tl->loc.line, "label '%s' has the placeholders %s, %s has "
                 "%s (keep the same names; their order may change)", rl->key,
                 *tp ? tp : "none", c->r->file, *rp ? rp : "none");
      c->errors++;
    }
    free(tp);
    free(rp);
    check_same(c, "label", rl->key, "text", tl->text, rl->text, tl->loc);
  }
  for (size_t i = 0; i < c->t->n_labels; i++)
    if (!model_label_find(c->r, c->t->labels[i].key))
      check_extra(c, "label", c->t->labels[i].key, c->t->labels[i].loc);
}

/* Themes or aspects: by id, and whether the name is translated. */
static void check_named(check_ctx *c, const char *kind, const model_named *t, size_t n_t,
                        const model_named *r, size_t n_r) {
  for (size_t i = 0; i < n_r; i++) {
    const model_named *x = model_named_find(t, n_t, r[i].id);
    if (!x)
      check_missing(c, kind, r[i].id, r[i].loc);
    else
      check_same(c, kind, x->id, "name", x->name, r[i].name, x->loc);
  }
  for (size_t i = 0; i < n_t; i++)
    if (!model_named_find(r, n_r, t[i].id)) check_extra(c, kind, t[i].id, t[i].loc);
}

static void check_cards(check_ctx *c) {
  for (size_t s = 0; s < c->r->n_cardsets; s++) {
    const model_cardset *rs = &c->r->cardsets[s];
    const model_cardset *ts = model_cardset_find(c->t, rs->id);
    if (!ts) {
      check_missing(c, "card set", rs->id, rs->loc);
      continue;
    }
    check_same(c, "card set", ts->id, "name", ts->name, rs->name, ts->loc);
    check_same_text(c, "card set", ts->id, "intro", &ts->intro, &rs->intro);
    for (size_t k = 0; k < rs->n_cards; k++) {
      const model_card *rc = &rs->cards[k];
      const model_card *tc = model_card_find(c->t, rc->id);
      if (!tc) {
        check_missing(c, "card", rc->id, rc->loc);
        continue;
      }
      check_same_text(c, "card", tc->id, "question", &tc->question, &rc->question);
      check_texts(c, "card", tc->id, "prompt", "prompts", tc->prompts, tc->n_prompts, rc->prompts,
                  rc->n_prompts, tc->loc);
    }
  }
  for (size_t s = 0; s < c->t->n_cardsets; s++) {
    const model_cardset *ts = &c->t->cardsets[s];
    if (!model_cardset_find(c->r, ts->id)) check_extra(c, "card set", ts->id, ts->loc);
    for (size_t k = 0; k < ts->n_cards; k++)
      if (!model_card_find(c->r, ts->cards[k].id))
        check_extra(c, "card", ts->cards[k].id, ts->cards[k].loc);
  }
}

static void check_werkvormen(check_ctx *c) {
  for (size_t i = 0; i < c->r->n_werkvormen; i++) {
    const model_werkvorm *rw = &c->r->werkvormen[i];
    const model_werkvorm *tw = model_werkvorm_find(c->t, rw->id);
    if (!tw) {
      check_missing(c, "werkvorm", rw->id, rw->loc);
      continue;
    }
    check_same(c, "werkvorm", tw->id, "name", tw->name, rw->name, tw->loc);
    check_same_text(c, "werkvorm", tw->id, "purpose", &tw->purpose, &rw->purpose);
    check_texts(c, "werkvorm", tw->id, "material", "materials", tw->materials, tw->n_materials,
                rw->materials, rw->n_materials, tw->loc);
    check_count(c, "werkvorm", tw->id, "steps", tw->n_steps, rw->n_steps, tw->loc);
    for (size_t s = 0; s < tw->n_steps && s < rw->n_steps; s++)
      check_same_text(c, "werkvorm", tw->id, "step", &tw->steps[s].text, &rw->steps[s].text);
    check_count(c, "werkvorm", tw->id, "roles", tw->n_roles, rw->n_roles, tw->loc);
    for (size_t s = 0; s < tw->n_roles && s < rw->n_roles; s++)
      check_same_text(c, "werkvorm", tw->id, "role", &tw->roles[s].text, &rw->roles[s].text);
    check_texts(c, "werkvorm", tw->id, "tip", "tips", tw->tips, tw->n_tips, rw->tips, rw->n_tips,
                tw->loc);
    check_texts(c, "werkvorm", tw->id, "summary item", "summary items", tw->summary, tw->n_summary,
                rw->summary, rw->n_summary, tw->loc);
  }
  for (size_t i = 0; i < c->t->n_werkvormen; i++)
    if (!model_werkvorm_find(c->r, c->t->werkvormen[i].id))
      check_extra(c, "werkvorm", c->t->werkvormen[i].id, c->t->werkvormen[i].loc);
}

/* A section by id, top level or one level down. */
static const model_section *check_section_find(const model_section *list, size_t n,
                                               const char *id) {
  for (size_t i = 0; i < n; i++) {
    if (strcmp(list[i].id, id) == 0) return &list[i];
    for (size_t b = 0; b < list[i].n_blocks; b++)
      if (list[i].blocks[b].kind == BLOCK_SECTION &&
          strcmp(list[i].blocks[b].section->id, id) == 0)
        return list[i].blocks[b].section;
  }
  return NULL;
}

static void check_section(check_ctx *c, const model_section *rs) {
  const model_section *ts = check_section_find(c->t->sections, c->t->n_sections, rs->id);
  if (!ts) {
    check_missing(c, "guide section", rs->id, rs->loc);
    return;
  }
  check_same(c, "guide section", ts->id, "title", ts->title, rs->title, ts->loc);
  size_t nt = 0, nr = 0;
  for (size_t b = 0; b < ts->n_blocks; b++) nt += ts->blocks[b].kind != BLOCK_SECTION;
  for (size_t b = 0; b < rs->n_blocks; b++) nr += rs->blocks[b].kind != BLOCK_SECTION;
  check_count(c, "guide section", ts->id, "paragraphs and lists", nt, nr, ts->loc);
  for (size_t b = 0, k = 0; b < rs->n_blocks; b++) {
    const model_block *rb = &rs->blocks[b];
    if (rb->kind == BLOCK_SECTION) {
      check_section(c, rb->section);
      continue;
    }
    /* The k-th paragraph or list of the translation against this one. */
    while (k < ts->n_blocks && ts->blocks[k].kind == BLOCK_SECTION) k++;
    if (k >= ts->n_blocks) continue;
    const model_block *tb = &ts->blocks[k++];
    for (size_t i = 0; i < tb->n_items && i < rb->n_items; i++)
      check_same_text(c, "guide section", ts->id, "text", &tb->items[i], &rb->items[i]);
  }
}

size_t check_translation(const model_instrument *t, const model_instrument *r, diag_list *d) {
  check_ctx c = {t, r, d, 0};
  if (t->lang && r->lang && strcmp(t->lang, r->lang) == 0)
    diag_warning(d, t->file, 0, "xml:lang is '%s', as in %s (set the language of the "
                 "translation: it chooses the hyphenation)", t->lang, r->file);
  check_labels(&c);
  check_named(&c, "theme", t->themes, t->n_themes, r->themes, r->n_themes);
  check_named(&c, "aspect", t->aspects, t->n_aspects, r->aspects, r->n_aspects);
  check_cards(&c);
  check_werkvormen(&c);
  for (size_t i = 0; i < r->n_sections; i++) check_section(&c, &r->sections[i]);
  check_same(&c, "meta", "title", "title", t->meta.title, r->meta.title, (model_loc){t->file, 0});
  return c.errors;
}
