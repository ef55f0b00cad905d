/* select: picks the faces of a laid-out deck by code, id, card set, theme and aspect. */
#include "select.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The card set word that stands for the werkvorm cards in --set. */
static const char select_werkvorm_set[] = "werkvorm";

int select_active(const select_options *o) {
  return o && ((o->cards && *o->cards) || (o->sets && *o->sets) || (o->themes && *o->themes) ||
               (o->aspects && *o->aspects));
}

/* Edit distance of a and b, case-insensitive (short words only). */
static size_t select_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 63) la = 63;
  if (lb > 63) lb = 63;
  size_t row[64];
  for (size_t j = 0; j <= lb; j++) row[j] = j;
  for (size_t i = 1; i <= la; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t up = row[j];
      size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
      size_t best = diag + cost;
      if (row[j] + 1 < best) best = row[j] + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  return row[lb];
}

/* The nearest so far, kept in buf. */
typedef struct select_near {
  char *buf;
  size_t n, dist;
} select_near;

static void select_consider(select_near *nr, const char *word, const char *candidate) {
  size_t dist = select_distance(word, candidate);
  if (dist < nr->dist) {
    nr->dist = dist;
    snprintf(nr->buf, nr->n, "%s", candidate);
  }
}

static const char *select_face_id(const card_face *f) {
  return f->card ? f->card->id : f->werkvorm->id;
}

long select_face_find(const deck *k, const model_instrument *m, const char *name) {
  for (size_t i = 0; i < k->n_faces; i++) {
    char code[32];
    card_face_code(m, &k->faces[i], code, sizeof code);
    if (strcasecmp(code, name) == 0 || strcmp(select_face_id(&k->faces[i]), name) == 0)
      return (long)i;
  }
  return -1;
}

void select_face_nearest(const deck *k, const model_instrument *m, const char *name, char *buf,
                         size_t n) {
  select_near nr = {buf, n, (size_t)-1};
  if (n) buf[0] = '\0';
  for (size_t i = 0; i < k->n_faces; i++) {
    char code[32];
    card_face_code(m, &k->faces[i], code, sizeof code);
    select_consider(&nr, name, code);
    select_consider(&nr, name, select_face_id(&k->faces[i]));
  }
}

void select_deck_keep(deck *k, const unsigned char *keep) {
  size_t n = 0;
  for (size_t i = 0; i < k->n_faces; i++) {
    if (keep[i])
      k->faces[n++] = k->faces[i];
    else
      card_face_free(&k->faces[i]);
  }
  k->n_faces = n;
}

/* The next name of a comma list at *p into buf (spaces trimmed); 0 at the end. */
static int select_next(const char **p, char *buf, size_t n) {
  while (**p == ',' || **p == ' ') (*p)++;
  if (!**p) return 0;
  size_t len = strcspn(*p, ",");
  size_t keep = len < n - 1 ? len : n - 1;
  memcpy(buf, *p, keep);
  while (keep && buf[keep - 1] == ' ') keep--;
  buf[keep] = '\0';
  *p += len;
  return 1;
}

/* One of the lists: which faces each name in it matches. */
typedef enum { SELECT_CARDS, SELECT_SETS, SELECT_THEMES, SELECT_ASPECTS } select_kind;

static const char *const select_option_name[] = {"--cards", "--set", "--theme", "--aspect"};
static const char *const select_what[] = {"card", "card set", "theme", "aspect"};

/* Whether face f is what name says, as a name of the given kind. */
static int select_matches(const model_instrument *m, const card_face *f, select_kind kind,
                          const char *name) {
  switch (kind) {
  case SELECT_CARDS: {
    char code[32];
    card_face_code(m, f, code, sizeof code);
    return strcasecmp(code, name) == 0 || strcmp(select_face_id(f), name) == 0;
  }
  case SELECT_SETS:
    if (!f->card) return strcasecmp(name, select_werkvorm_set) == 0;
    return strcmp(f->card->set->id, name) == 0 || strcasecmp(f->card->set->code, name) == 0;
  case SELECT_THEMES: return f->card && strcmp(f->card->theme->id, name) == 0;
  case SELECT_ASPECTS: return f->card && strcmp(f->card->aspect->id, name) == 0;
  }
  return 0;
}

/* Whether name is a known name of its kind at all, and else the nearest. */
static int select_known(const deck *k, const model_instrument *m, select_kind kind,
                        const char *name, char *near, size_t n) {
  select_near nr = {near, n, (size_t)-1};
  near[0] = '\0';
  switch (kind) {
  case SELECT_CARDS:
    if (select_face_find(k, m, name) >= 0) return 1;
    select_face_nearest(k, m, name, near, n);
    return 0;
  case SELECT_SETS:
    for (size_t i = 0; i < m->n_cardsets; i++) {
      if (strcmp(m->cardsets[i].id, name) == 0 || strcasecmp(m->cardsets[i].code, name) == 0)
        return 1;
      select_consider(&nr, name, m->cardsets[i].id);
    }
    if (m->n_werkvormen) {
      if (strcasecmp(name, select_werkvorm_set) == 0) return 1;
      select_consider(&nr, name, select_werkvorm_set);
    }
    return 0;
  case SELECT_THEMES:
  case SELECT_ASPECTS: {
    const model_named *list = kind == SELECT_THEMES ? m->themes : m->aspects;
    size_t count = kind == SELECT_THEMES ? m->n_themes : m->n_aspects;
    for (size_t i = 0; i < count; i++) {
      if (strcmp(list[i].id, name) == 0) return 1;
      select_consider(&nr, name, list[i].id);
    }
    return 0;
  }
  }
  return 0;
}

int select_deck(deck *k, const model_instrument *m, const select_options *o, diag_list *d) {
  if (!select_active(o)) return 0;
  const char *lists[] = {o->cards, o->sets, o->themes, o->aspects};
  unsigned char *keep = malloc(k->n_faces ? k->n_faces : 1);
  unsigned char *hit = malloc(k->n_faces ? k->n_faces : 1);
  if (!keep || !hit) abort();
  memset(keep, 1, k->n_faces);
  int status = 0;
  for (int kind = SELECT_CARDS; kind <= SELECT_ASPECTS; kind++) {
    const char *p = lists[kind];
    if (!p || !*p) continue;
    memset(hit, 0, k->n_faces);
    char name[128], near[128];
    while (select_next(&p, name, sizeof name)) {
      if (!select_known(k, m, (select_kind)kind, name, near, sizeof near)) {
        if (*near)
          diag_error_of(d, DIAG_USAGE, NULL, 0, "%s: there is no %s '%s' (did you mean '%s'?)",
                        select_option_name[kind], select_what[kind], name, near);
        else
          diag_error_of(d, DIAG_USAGE, NULL, 0, "%s: there is no %s '%s'",
                        select_option_name[kind], select_what[kind], name);
        status = -1;
        continue;
      }
      for (size_t i = 0; i < k->n_faces; i++)
        if (select_matches(m, &k->faces[i], (select_kind)kind, name)) hit[i] = 1;
    }
    for (size_t i = 0; i < k->n_faces; i++) keep[i] &= hit[i];
  }
  size_t kept = 0;
  for (size_t i = 0; i < k->n_faces; i++) kept += keep[i];
  if (status == 0 && kept == 0) {
    diag_error_of(d, DIAG_USAGE, NULL, 0,
                  "no card is all of what --cards, --set, --theme and --aspect ask for together "
                  "(each option narrows the choice: leave one out)");
    status = -1;
  }
  if (status == 0) select_deck_keep(k, keep);
  free(keep);
  free(hit);
  return status;
}
