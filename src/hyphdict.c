/* hyphdict: libhyphen's pattern files read into its automaton, in one block a level. */
#include "hyphdict.h"

#include <glib.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libhyphen's header, not ours (see hyphen.c). */
#include <hyphen.h>

/* libhyphen reads with fgets into buffers of these sizes: a longer line
 * is read as several. */
enum { LINE_MAX_BYTES = MAX_CHARS, CSET_MAX_BYTES = MAX_NAME };

/* A transition while a level is read. */
typedef struct trans_build {
  int from, to;
  char ch;
} trans_build;

/* One level of the automaton being read: libhyphen's states, built in
 * place, their patterns and replacements in text (sized at the start, so
 * pointers into it stay put), and a hash table of our own from a state's
 * letters to its number (libhyphen's takes a block for each state and two
 * copies of its letters: most of its time was small allocations and the
 * first touch of each new page). */
typedef struct level {
  HyphenDict head;     /* the settings; states and nextlevel are set at the end */
  HyphenState *states; /* num_states in head */
  size_t cap;
  GString *keys;       /* each state's letters, NUL-terminated */
  guint32 *key_at;     /* by state: where its letters are in keys */
  guint32 *hash;       /* by state: the hash of its letters */
  guint32 *slots;      /* open addressing: state number + 1, 0 free */
  size_t n_slots;      /* a power of two */
  GArray *trans;       /* trans_build, in the order they were added */
  char *text;          /* owned until the end: match, repl and NOHYPHEN strings */
  size_t text_len, text_cap;
  int overflow;        /* the text did not fit (it cannot: see level_init) */
} level;

static guint32 level_hash(const char *s) { /* FNV-1a */
  guint32 h = 2166136261u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

static const char *level_key(const level *l, int state) { return l->keys->str + l->key_at[state]; }

/* The state of these letters, or -1; *slot is where it is or would go. */
static int level_find_at(const level *l, const char *letters, guint32 h, size_t *slot) {
  size_t mask = l->n_slots - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    guint32 v = l->slots[i];
    if (!v || (l->hash[v - 1] == h && strcmp(level_key(l, (int)v - 1), letters) == 0)) {
      if (slot) *slot = i;
      return (int)v - 1;
    }
  }
}

static int level_find(const level *l, const char *letters) {
  return level_find_at(l, letters, level_hash(letters), NULL);
}

static void level_init(level *l, size_t file_bytes) {
  memset(l, 0, sizeof *l);
  /* A Dutch dictionary of 116 KB has 18,000 states. */
  l->cap = file_bytes / 4 + 64;
  l->states = g_new(HyphenState, l->cap);
  l->key_at = g_new(guint32, l->cap);
  l->hash = g_new(guint32, l->cap);
  for (l->n_slots = 1024; l->n_slots < 2 * l->cap; l->n_slots *= 2) {}
  l->slots = g_new0(guint32, l->n_slots);
  l->keys = g_string_sized_new(file_bytes + 256);
  l->trans = g_array_sized_new(FALSE, FALSE, sizeof(trans_build), (guint)l->cap);
  /* A line of L bytes adds at most 2 L + 1 (its digits, its replacement). */
  l->text_cap = 3 * file_bytes + 1024;
  l->text = g_malloc(l->text_cap);
}

static void level_clear(level *l) {
  g_free(l->states);
  g_free(l->key_at);
  g_free(l->hash);
  g_free(l->slots);
  g_string_free(l->keys, TRUE);
  g_array_free(l->trans, TRUE);
  g_free(l->text);
}

/* A copy of len bytes of s and a NUL in the level's text. */
static char *level_text(level *l, const char *s, size_t len) {
  if (l->text_len + len + 1 > l->text_cap) {
    l->overflow = 1;
    return NULL;
  }
  char *at = l->text + l->text_len;
  memcpy(at, s, len);
  at[len] = '\0';
  l->text_len += len + 1;
  return at;
}

/* The state of these letters, made (numbered next) when there is none:
 * hnj_get_state. *found says whether it was there. */
static int level_state(level *l, const char *letters, int *found) {
  guint32 h = level_hash(letters);
  size_t slot;
  int id = level_find_at(l, letters, h, &slot);
  if (found) *found = id >= 0;
  if (id >= 0) return id;
  int n = l->head.num_states++;
  if ((size_t)n == l->cap) {
    l->cap *= 2;
    l->states = g_renew(HyphenState, l->states, l->cap);
    l->key_at = g_renew(guint32, l->key_at, l->cap);
    l->hash = g_renew(guint32, l->hash, l->cap);
  }
  l->states[n] = (HyphenState){.fallback_state = -1};
  l->key_at[n] = (guint32)l->keys->len;
  l->hash[n] = h;
  g_string_append_len(l->keys, letters, (gssize)strlen(letters) + 1);
  l->slots[slot] = (guint32)n + 1;
  if (2 * (size_t)l->head.num_states > l->n_slots) { /* more room, everything placed again */
    g_free(l->slots);
    l->n_slots *= 2;
    l->slots = g_new0(guint32, l->n_slots);
    for (int s = 0; s < l->head.num_states; s++) {
      size_t i = l->hash[s] & (l->n_slots - 1);
      while (l->slots[i]) i = (i + 1) & (l->n_slots - 1);
      l->slots[i] = (guint32)s + 1;
    }
  }
  return n;
}

static void chomp(char *s) { /* hnj_strchomp */
  size_t k = strlen(s);
  if (k > 0 && (s[k - 1] == '\r' || s[k - 1] == '\n')) s[k - 1] = '\0';
  if (k > 1 && s[k - 2] == '\r') s[k - 2] = '\0';
}

/* One line of patterns or settings (hnj_hyphen_load_line of libhyphen
 * 2.8.8, step for step); buf is changed. */
static void level_line(level *l, char *buf) {
  static const struct { const char *key; size_t len; int which; } settings[] = {
    {"LEFTHYPHENMIN", 13, 0}, {"RIGHTHYPHENMIN", 14, 1},
    {"COMPOUNDLEFTHYPHENMIN", 21, 2}, {"COMPOUNDRIGHTHYPHENMIN", 22, 3},
  };
  for (size_t k = 0; k < G_N_ELEMENTS(settings); k++) {
    if (strncmp(buf, settings[k].key, settings[k].len) != 0) continue;
    char v = (char)atoi(buf + settings[k].len);
    char *field[] = {&l->head.lhmin, &l->head.rhmin, &l->head.clhmin, &l->head.crhmin};
    *field[settings[k].which] = v;
    return;
  }
  if (strncmp(buf, "NOHYPHEN", 8) == 0) {
    /* Its comma-separated list, the commas and the last byte (the line's
     * end) made NULs; a second such line replaces the list but adds to
     * its count, as libhyphen does. */
    char *space = buf + 8;
    while (*space == ' ' || *space == '\t') space++;
    size_t len = strlen(space);
    if (len > 0) space[len - 1] = '\0';
    for (size_t i = len > 0 ? len - 1 : 0; i > 1;)
      if (space[--i] == ',') l->head.nohyphenl++, space[i] = '\0';
    l->head.nohyphen = level_text(l, space, len);
    return;
  }
  char word[2 * LINE_MAX_BYTES], pattern[2 * LINE_MAX_BYTES + 2];
  int j = 0;
  pattern[0] = '0';
  char *repl = strchr(buf, '/');
  signed char replindex = 0, replcut = 0;
  char *repl_at = NULL;
  if (repl) {
    char *index = strchr(repl + 1, ',');
    *repl = '\0';
    if (index) {
      char *index2 = strchr(index + 1, ',');
      *index = '\0';
      if (index2) {
        *index2 = '\0';
        replindex = (signed char)(atoi(index + 1) - 1);
        replcut = (signed char)atoi(index2 + 1);
      }
    } else {
      chomp(repl + 1);
      replindex = 0;
      replcut = (signed char)strlen(buf);
    }
    repl_at = level_text(l, repl + 1, strlen(repl + 1));
  }
  for (int i = 0; (unsigned char)buf[i] > ' '; i++) {
    if (buf[i] >= '0' && buf[i] <= '9') {
      pattern[j] = buf[i];
    } else {
      word[j] = buf[i];
      pattern[++j] = '0';
    }
  }
  word[j] = '\0';
  pattern[j + 1] = '\0';
  int i = 0;
  if (!repl) {
    while (pattern[i] == '0') i++; /* leading zeroes left out */
  } else {
    if (*word == '.') i++;
    /* A replacement's character positions in UTF-8 become byte positions. */
    if (l->head.utf8) {
      int pu = -1, ps = -1;
      size_t wlen = strlen(word);
      for (size_t pc = *word == '.' ? 1 : 0; pc < wlen + 1; pc++) {
        if (((unsigned char)word[pc] >> 6) != 2) pu++;
        if (ps < 0 && replindex == pu) {
          ps = replindex;
          replindex = (signed char)pc;
        }
        if (ps >= 0 && pu - ps == replcut) {
          replcut = (signed char)(pc - (size_t)replindex);
          break;
        }
      }
      if (*word == '.') replindex--;
    }
  }
  int found;
  int state = level_state(l, word, &found);
  HyphenState *s = &l->states[state];
  s->match = level_text(l, pattern + i, strlen(pattern + i));
  s->repl = repl_at;
  s->replindex = replindex;
  s->replcut = replcut ? replcut : (signed char)strlen(word);
  /* The states of its prefixes, each with the letter to the next. */
  for (; !found && j > 0; --j) {
    int last = state;
    char ch = word[j - 1];
    word[j - 1] = '\0';
    state = level_state(l, word, &found);
    trans_build t = {state, last, ch};
    g_array_append_val(l->trans, t);
  }
}

/* The next line as fgets(buf, n) reads it from the bytes at *p (up to
 * end): at most n - 1 bytes, through a newline. 0 at the end. */
static int next_line(const char **p, const char *end, char *buf, size_t n) {
  if (*p >= end) return 0;
  size_t k = 0;
  while (*p < end && k + 1 < n) {
    char c = *(*p)++;
    buf[k++] = c;
    if (c == '\n') break;
  }
  buf[k] = '\0';
  return 1;
}

/* A level as libhyphen's HyphenDict: the struct and the transitions in
 * one block, behind the text it owns; its states are the ones built. */
typedef struct level_block {
  char *text;
  HyphenDict dict;
} level_block;

/* The level made libhyphen's HyphenDict, the level left empty: each
 * state's fallback (the longest proper suffix of its letters that is a
 * state; "" always is, and state 0 has none), and its transitions, in
 * the order they were added. NULL when out of memory. */
static HyphenDict *level_finish(level *l) {
  size_t n = (size_t)l->head.num_states, nt = l->trans->len;
  for (size_t s = 1; s < n; s++)
    for (const char *k = level_key(l, (int)s) + 1;; k++) {
      int f = level_find(l, k);
      if (f >= 0) {
        l->states[s].fallback_state = f;
        break;
      }
    }
  level_block *b = malloc(sizeof *b + nt * sizeof(HyphenTrans));
  if (!b) return NULL;
  HyphenTrans *trans = (HyphenTrans *)(b + 1);
  /* Grouped by state, in order: count, place, fill. */
  int *next = g_new0(int, n + 1);
  for (size_t t = 0; t < nt; t++) next[g_array_index(l->trans, trans_build, t).from + 1]++;
  for (size_t s = 0; s < n; s++) {
    l->states[s].num_trans = next[s + 1];
    l->states[s].trans = next[s + 1] ? trans + next[s] : NULL;
    next[s + 1] += next[s];
  }
  for (size_t t = 0; t < nt; t++) {
    const trans_build *tb = &g_array_index(l->trans, trans_build, t);
    trans[next[tb->from]++] = (HyphenTrans){.ch = tb->ch, .new_state = tb->to};
  }
  g_free(next);
  b->text = l->text;
  b->dict = l->head;
  b->dict.states = g_renew(HyphenState, l->states, n); /* its room given back */
  b->dict.nextlevel = NULL;
  l->text = NULL;
  l->states = NULL;
  return &b->dict;
}

static level_block *level_block_of(HyphenDict *d) {
  return (level_block *)((char *)d - offsetof(level_block, dict));
}

static void level_block_free(HyphenDict *d) {
  if (!d) return;
  level_block *b = level_block_of(d);
  g_free(b->text);
  g_free(d->states);
  free(b);
}

HyphenDict *hyphdict_load(const char *path) {
  gchar *bytes = NULL;
  gsize len = 0;
  if (!g_file_get_contents(path, &bytes, &len, NULL)) return NULL;
  const char *p = bytes, *end = bytes + len;
  level lv[2];
  char buf[LINE_MAX_BYTES];
  int nextlevel = 0;
  for (int k = 0; k < 2; k++) {
    level *l = &lv[k];
    level_init(l, (size_t)(end - p) + 64); /* what is left of the file */
    level_state(l, "", NULL);
    if (k == 0) {
      /* The first line names the encoding. */
      memset(l->head.cset, 0, sizeof l->head.cset);
      if (next_line(&p, end, l->head.cset, CSET_MAX_BYTES))
        for (size_t i = 0; i < CSET_MAX_BYTES; i++)
          if (l->head.cset[i] == '\r' || l->head.cset[i] == '\n') l->head.cset[i] = '\0';
      l->head.utf8 = strcmp(l->head.cset, "UTF-8") == 0;
    } else {
      memcpy(l->head.cset, lv[0].head.cset, sizeof l->head.cset);
      l->head.cset[sizeof l->head.cset - 1] = '\0';
      l->head.utf8 = lv[0].head.utf8;
    }
    if (k == 0 || nextlevel) {
      while (next_line(&p, end, buf, sizeof buf)) {
        if (strncmp(buf, "NEXTLEVEL", 9) == 0) {
          nextlevel = 1;
          break;
        }
        if (buf[0] != '%') level_line(l, buf);
      }
    } else {
      /* The default second level: no break at a hyphen or an apostrophe. */
      const char *lines[] = {
        l->head.utf8 ? "NOHYPHEN ',\xe2\x80\x93,\xe2\x80\x99,-\n" : "NOHYPHEN ',-\n", "1-1\n",
        "1'1\n", l->head.utf8 ? "1\xe2\x80\x93" "1\n" : NULL,
        l->head.utf8 ? "1\xe2\x80\x99" "1\n" : NULL,
      };
      for (size_t i = 0; i < G_N_ELEMENTS(lines); i++) {
        if (!lines[i]) continue;
        g_strlcpy(buf, lines[i], sizeof buf);
        level_line(l, buf);
      }
    }
  }
  g_free(bytes);
  int overflow = lv[0].overflow || lv[1].overflow;
  HyphenDict *d0 = overflow ? NULL : level_finish(&lv[0]);
  HyphenDict *d1 = overflow ? NULL : level_finish(&lv[1]);
  level_clear(&lv[0]);
  level_clear(&lv[1]);
  if (!d0 || !d1) {
    level_block_free(d0);
    level_block_free(d1);
    return NULL;
  }
  if (nextlevel) {
    d0->nextlevel = d1;
    return d0;
  }
  d1->nextlevel = d0;
  d1->lhmin = d0->lhmin;
  d1->rhmin = d0->rhmin;
  d1->clhmin = d0->clhmin ? d0->clhmin : d0->lhmin ? d0->lhmin : 3;
  d1->crhmin = d0->crhmin ? d0->crhmin : d0->rhmin ? d0->rhmin : 3;
  return d1;
}

void hyphdict_free(HyphenDict *d) {
  if (!d) return;
  level_block_free(d->nextlevel); /* two levels; the second has none */
  level_block_free(d);
}

static int str_same(const char *a, const char *b) { return (!a && !b) || (a && b && !strcmp(a, b)); }

int hyphdict_same(const HyphenDict *a, const HyphenDict *b, char *why, size_t n) {
  for (int level = 0; a || b; level++, a = a->nextlevel, b = b->nextlevel) {
    if (!a || !b || level > 1) {
      snprintf(why, n, "level %d: %s", level, level > 1 ? "more than two levels" : "missing");
      return 0;
    }
    if (a->lhmin != b->lhmin || a->rhmin != b->rhmin || a->clhmin != b->clhmin ||
        a->crhmin != b->crhmin || a->utf8 != b->utf8 || strcmp(a->cset, b->cset) != 0 ||
        a->nohyphenl != b->nohyphenl || a->num_states != b->num_states) {
      snprintf(why, n, "level %d: settings (min %d %d %d %d, utf8 %d, cset '%s', nohyphen %d, "
               "%d states) against (%d %d %d %d, %d, '%s', %d, %d)", level, a->lhmin, a->rhmin,
               a->clhmin, a->crhmin, a->utf8, a->cset, a->nohyphenl, a->num_states, b->lhmin,
               b->rhmin, b->clhmin, b->crhmin, b->utf8, b->cset, b->nohyphenl, b->num_states);
      return 0;
    }
    /* NOHYPHEN: nohyphenl + 1 strings one after the other. */
    const char *x = a->nohyphen, *y = b->nohyphen;
    for (int i = 0; (x || y) && i <= a->nohyphenl; i++, x += strlen(x) + 1, y += strlen(y) + 1)
      if (!str_same(x, y)) {
        snprintf(why, n, "level %d: NOHYPHEN entry %d", level, i);
        return 0;
      }
    for (int s = 0; s < a->num_states; s++) {
      const HyphenState *p = &a->states[s], *q = &b->states[s];
      int same = str_same(p->match, q->match) && str_same(p->repl, q->repl) &&
                 p->fallback_state == q->fallback_state && p->num_trans == q->num_trans &&
                 (!p->match || (p->replindex == q->replindex && p->replcut == q->replcut));
      for (int t = 0; same && t < p->num_trans; t++)
        same = p->trans[t].ch == q->trans[t].ch && p->trans[t].new_state == q->trans[t].new_state;
      if (!same) {
        snprintf(why, n, "level %d, state %d: match '%s' against '%s', fallback %d against %d, "
                 "%d transitions against %d", level, s, p->match ? p->match : "(none)",
                 q->match ? q->match : "(none)", p->fallback_state, q->fallback_state,
                 p->num_trans, q->num_trans);
        return 0;
      }
    }
  }
  return 1;
}
