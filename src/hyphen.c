/* hyphen: dictionary hyphenation with libhyphen, marked in text as soft hyphens (U+00AD). */
#include "hyphen.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libhyphen's own header has the same name as ours: "hyphen.h" above finds
 * ours beside this file, <hyphen.h> the system's, because the library is
 * built without src/ on the include path (src/meson.build). The dictionary's
 * encoding is the loader's (HyphenDict's cset). */
#include <hyphen.h>

#include "hyphdict.h"

#define HYPHEN_DEFAULT_DIR "/usr/share/hyphen"

/* Shortest word that gets hyphenated, and letters kept on each side of a break. */
enum { MIN_WORD = 5, MIN_LEFT = 2, MIN_RIGHT = 2 };

/* Longest word handed to libhyphen (its buffers are ints and chars; a "word"
 * this long is not language anyway). */
enum { MAX_WORD = 200 };

struct hyphen_dict {
  HyphenDict *dict; /* owned */
  char *charset;    /* owned: the dictionary's encoding, from its first line */
  int utf8;         /* as libhyphen decides it: the first line is exactly "UTF-8" */
  int latin1;       /* ISO 8859-1: a letter below U+0100 is its own byte, no converter */
  hyphen_rules rules[2];   /* by hyphen_use */
  char **prefixes, **parts; /* owned (g_strfreev): compound parts, lower case */
  GHashTable *words; /* owned: a word's breaks (word_breaks), by its lower-case UTF-8 */
};

/* The values of data/hyphen/default.ini, for text without a dictionary
 * (where only the paragraph penalties matter) and for keys a file leaves out. */
static const hyphen_rules builtin_rules[2] = {
  [HYPHEN_TEXT] = {6, 2, 3, 10, 50, 30, 10000, 2, 0.2, 0.5, 0.2, 0.12, 5000},
  [HYPHEN_CARD] = {7, 3, 3, 10, 700, 350, 100000, 2, 0.35, 0.5, 0.2, 0.25, 30000},
};

const hyphen_rules *hyphen_rules_of(const hyphen_dict *h, hyphen_use use) {
  int u = use == HYPHEN_CARD ? HYPHEN_CARD : HYPHEN_TEXT;
  return h ? &h->rules[u] : &builtin_rules[u];
}

#ifndef KAARTSET_DATADIR
#define KAARTSET_DATADIR "."
#endif

static int rules_int(GKeyFile *k, const char *group, const char *key, int def, int lo, int hi) {
  GError *e = NULL;
  int v = g_key_file_get_integer(k, group, key, &e);
  if (e) {
    g_error_free(e);
    return def;
  }
  return v < lo ? lo : v > hi ? hi : v;
}

static double rules_double(GKeyFile *k, const char *group, const char *key, double def) {
  GError *e = NULL;
  double v = g_key_file_get_double(k, group, key, &e);
  if (e) {
    g_error_free(e);
    return def;
  }
  return v < 0 ? 0 : v;
}

/* A list of words, lower case, empty entries left out. */
static char **rules_words(GKeyFile *k, const char *key) {
  char **list = g_key_file_get_string_list(k, "compounds", key, NULL, NULL);
  GPtrArray *out = g_ptr_array_new();
  for (size_t i = 0; list && list[i]; i++) {
    char *w = g_utf8_strdown(g_strstrip(list[i]), -1);
    if (*w) g_ptr_array_add(out, w);
    else g_free(w);
  }
  g_strfreev(list);
  g_ptr_array_add(out, NULL);
  return (char **)g_ptr_array_free(out, FALSE);
}

/* Reads data/hyphen/<ll>.ini (else default.ini) into h; keys left out keep
 * the built-in values. */
static void rules_load(hyphen_dict *h, const char *ll) {
  h->rules[HYPHEN_TEXT] = builtin_rules[HYPHEN_TEXT];
  h->rules[HYPHEN_CARD] = builtin_rules[HYPHEN_CARD];
  GKeyFile *k = g_key_file_new();
  char *name = g_strdup_printf("%s.ini", ll);
  char *path = g_build_filename(KAARTSET_DATADIR, "data", "hyphen", name, NULL);
  if (!g_key_file_load_from_file(k, path, G_KEY_FILE_NONE, NULL)) {
    g_free(path);
    path = g_build_filename(KAARTSET_DATADIR, "data", "hyphen", "default.ini", NULL);
    g_key_file_load_from_file(k, path, G_KEY_FILE_NONE, NULL);
  }
  static const char *groups[2] = {[HYPHEN_TEXT] = "text", [HYPHEN_CARD] = "cards"};
  for (int u = 0; u < 2; u++) {
    hyphen_rules *r = &h->rules[u];
    const char *g = groups[u];
    r->min_word = rules_int(k, g, "min-word", r->min_word, MIN_WORD, 50);
    r->min_left = rules_int(k, g, "min-left", r->min_left, MIN_LEFT, 20);
    r->min_right = rules_int(k, g, "min-right", r->min_right, MIN_RIGHT, 20);
    r->max_ladder = rules_int(k, g, "max-ladder", r->max_ladder, 0, 7);
    r->line_penalty = rules_double(k, g, "line-penalty", r->line_penalty);
    r->hyphen_penalty = rules_double(k, g, "hyphen-penalty", r->hyphen_penalty);
    r->compound_penalty = rules_double(k, g, "compound-penalty", r->compound_penalty);
    r->double_hyphen = rules_double(k, g, "double-hyphen", r->double_hyphen);
    r->ragged = rules_double(k, g, "ragged", r->ragged);
    r->stretch = rules_double(k, g, "stretch", r->stretch);
    r->shrink = rules_double(k, g, "shrink", r->shrink);
    if (r->shrink > 0.5) r->shrink = 0.5;
    r->short_last = rules_double(k, g, "short-last", r->short_last);
    r->short_last_demerits = rules_double(k, g, "short-last-demerits", r->short_last_demerits);
  }
  h->prefixes = rules_words(k, "prefixes");
  h->parts = rules_words(k, "parts");
  g_free(path);
  g_free(name);
  g_key_file_free(k);
}

/* True when lang is "ll", "lll", "ll-CC" or "ll_CC" (maybe followed by more
 * subtags); *ll and *cc get the language (lower case) and region (upper case,
 * empty when absent). Only ASCII letters pass, so the names stay file names. */
static int parse_lang(const char *lang, char ll[4], char cc[3]) {
  size_t n = 0;
  while (n < 4 && g_ascii_isalpha(lang[n])) n++;
  if (n < 2 || n > 3) return 0;
  for (size_t i = 0; i < n; i++) ll[i] = g_ascii_tolower(lang[i]);
  ll[n] = '\0';
  cc[0] = '\0';
  const char *r = lang + n;
  if (*r == '\0') return 1;
  if (*r != '-' && *r != '_') return 0;
  r++;
  if (g_ascii_isalpha(r[0]) && g_ascii_isalpha(r[1]) && (r[2] == '\0' || r[2] == '-' || r[2] == '_')) {
    cc[0] = g_ascii_toupper(r[0]);
    cc[1] = g_ascii_toupper(r[1]);
    cc[2] = '\0';
  }
  return 1;
}

static int is_file(const char *path) { return g_file_test(path, G_FILE_TEST_IS_REGULAR); }

/* The dictionary file for ll/cc in dir, or NULL: hyph_ll_CC.dic, hyph_ll.dic,
 * then the first (by name, so the choice is stable) hyph_ll_*.dic. */
static char *find_dict(const char *dir, const char *ll, const char *cc) {
  char *path;
  if (cc[0]) {
    char *name = g_strdup_printf("hyph_%s_%s.dic", ll, cc);
    path = g_build_filename(dir, name, NULL);
    g_free(name);
    if (is_file(path)) return path;
    g_free(path);
  }
  char *name = g_strdup_printf("hyph_%s.dic", ll);
  path = g_build_filename(dir, name, NULL);
  g_free(name);
  if (is_file(path)) return path;
  g_free(path);

  GDir *gd = g_dir_open(dir, 0, NULL);
  if (!gd) return NULL;
  char *prefix = g_strdup_printf("hyph_%s_", ll);
  char *best = NULL;
  for (const char *e; (e = g_dir_read_name(gd));) {
    if (!g_str_has_prefix(e, prefix) || !g_str_has_suffix(e, ".dic")) continue;
    if (best && strcmp(e, best) >= 0) continue;
    char *p = g_build_filename(dir, e, NULL);
    if (is_file(p)) {
      g_free(best);
      best = g_strdup(e);
    }
    g_free(p);
  }
  g_dir_close(gd);
  g_free(prefix);
  if (!best) return NULL;
  path = g_build_filename(dir, best, NULL);
  g_free(best);
  return path;
}

/* The Debian 12 package with the dictionary for language ll (region cc),
 * or NULL when Debian has none (Arabic, Hebrew, Japanese …). */
static const char *debian_package(const char *ll, const char *cc, char *buf, size_t n) {
  static const char *const have[] = {
    "af", "as", "be", "bg", "bn", "ca", "cs", "da", "de", "el", "es", "fr", "gl", "gu", "hi",
    "hr", "hu", "id", "is", "it", "kn", "lt", "lv", "ml", "mn", "mr", "nl", "no", "or", "pa",
    "pl", "ro", "ru", "sk", "sl", "sr", "sv", "ta", "te", "th", "uk", "zu",
  };
  if (strcmp(ll, "en") == 0) snprintf(buf, n, "hyphen-en-%s", strcmp(cc, "gb") == 0 ? "gb" : "us");
  else if (strcmp(ll, "pt") == 0) snprintf(buf, n, "hyphen-pt-%s", strcmp(cc, "br") == 0 ? "br" : "pt");
  else if (strcmp(ll, "et") == 0) snprintf(buf, n, "myspell-et");
  else if (strcmp(ll, "nb") == 0 || strcmp(ll, "nn") == 0) snprintf(buf, n, "hyphen-no");
  else {
    for (size_t i = 0; i < sizeof have / sizeof have[0]; i++)
      if (strcmp(have[i], ll) == 0) {
        snprintf(buf, n, "hyphen-%s", ll);
        return buf;
      }
    return NULL;
  }
  return buf;
}

hyphen_dict *hyphen_load(const char *lang, const char *dir, diag_list *d) {
  if (!dir) dir = HYPHEN_DEFAULT_DIR;
  char ll[4], cc[3];
  if (!lang || !parse_lang(lang, ll, cc)) {
    diag_warning(d, NULL, 0,
                 "no hyphenation for language '%s' (not a language tag like 'nl' or 'nl-NL'); "
                 "text breaks only between words",
                 lang ? lang : "");
    return NULL;
  }
  char *path = find_dict(dir, ll, cc);
  if (!path) {
    char pkg[32], lower_cc[3] = {0};
    for (int i = 0; i < 2 && cc[i]; i++) lower_cc[i] = (char)g_ascii_tolower(cc[i]);
    if (debian_package(ll, lower_cc, pkg, sizeof pkg))
      diag_warning(d, NULL, 0,
                   "no hyphenation dictionary for language '%s' in %s "
                   "(install the %s package); text breaks only between words",
                   lang, dir, pkg);
    else
      diag_warning(d, NULL, 0,
                   "no hyphenation dictionary for language '%s' in %s (Debian has none for "
                   "it); text breaks only between words", lang, dir);
    return NULL;
  }
  HyphenDict *hd = hyphdict_load(path);
  if (!hd) {
    diag_warning(d, path, 0, "cannot read this hyphenation dictionary; text breaks only between words");
    g_free(path);
    return NULL;
  }
  hyphen_dict *h = g_new0(hyphen_dict, 1);
  h->dict = hd;
  /* The encoding the dictionary's first line names, as the loader kept
   * it ("ISO8859-1", "UTF-8"; at most 19 bytes, without CR and LF):
   * libhyphen numbers hyphenation points by character only when it is
   * exactly "UTF-8". */
  h->charset = g_strstrip(g_strdup(hd->cset));
  h->utf8 = hd->utf8;
  h->latin1 = h->charset && (g_ascii_strcasecmp(h->charset, "ISO8859-1") == 0 ||
                             g_ascii_strcasecmp(h->charset, "ISO-8859-1") == 0 ||
                             g_ascii_strcasecmp(h->charset, "LATIN1") == 0);
  rules_load(h, ll);
  h->words = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  g_free(path);
  return h;
}

void hyphen_free(hyphen_dict *h) {
  if (!h) return;
  hyphdict_free(h->dict);
  g_free(h->charset);
  g_strfreev(h->prefixes);
  g_strfreev(h->parts);
  g_hash_table_unref(h->words);
  g_free(h);
}

/* Letters of a word, for segmentation: combining marks belong to the letter
 * before them (a decomposed "ë" is one letter). */
static int is_word_char(gunichar c) { return g_unichar_isalpha(c) || g_unichar_ismark(c); }

/* One letter of the word as libhyphen sees it: a lower-case, composed
 * character, and the byte offset in the original text just after it. */
typedef struct letter {
  gunichar c;
  size_t end;
} letter;

/* Fills out[] with the letters of word (len bytes, starting at byte offset
 * base of the text). Returns the count, or -1 when the word cannot be looked
 * up: too long, a mark that does not compose with its letter, or all upper
 * case (an acronym, which is not broken). */
static int word_letters(const char *word, size_t len, size_t base, letter *out, int max) {
  int n = 0, upper = 0;
  for (const char *p = word; p < word + len; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    size_t end = base + (size_t)(g_utf8_next_char(p) - word);
    if (g_unichar_ismark(c)) {
      gunichar composed;
      if (n == 0 || !g_unichar_compose(out[n - 1].c, c, &composed)) return -1;
      out[n - 1].c = composed;
      out[n - 1].end = end;
      continue;
    }
    if (n == max) return -1;
    if (g_unichar_isupper(c) || g_unichar_istitle(c)) upper++;
    /* Per character, so that letters and offsets stay one to one
     * (g_utf8_strdown may change the number of characters). */
    out[n].c = g_unichar_tolower(c);
    out[n].end = end;
    n++;
  }
  if (upper == n) return -1;
  return n;
}

/* Marks in breaks[i] (1: a break after letter i) the hyphenation points of
 * the word in letters[0..n) that libhyphen finds (buf: the word in UTF-8,
 * lower case, blen bytes; given to libhyphen in the dictionary's encoding).
 * Returns 0 when none could be found. */
static int word_breaks_of(const hyphen_dict *h, const letter *letters, int n, const char *buf,
                          size_t blen, char *breaks) {
  char *word;
  gsize wlen;
  if (h->utf8) {
    word = g_strndup(buf, blen);
    wlen = blen;
  } else if (h->latin1) {
    /* The Dutch dictionary's encoding: each letter one byte, done here
     * rather than by opening a converter for every word. */
    word = g_malloc((gsize)n + 1);
    for (int i = 0; i < n; i++) {
      if (letters[i].c > 0xFF) { /* the encoding lacks it: leave the word whole */
        g_free(word);
        return 0;
      }
      word[i] = (char)letters[i].c;
    }
    word[n] = '\0';
    wlen = (gsize)n;
  } else {
    /* A letter the encoding lacks fails the conversion: leave the word whole. */
    word = g_convert(buf, (gssize)blen, h->charset, "UTF-8", NULL, &wlen, NULL);
    if (!word) return 0;
    if (wlen != (gsize)n) { /* not one byte a letter: positions would not map back */
      g_free(word);
      return 0;
    }
  }

  char *hyph = g_malloc(wlen + 5);
  char **rep = NULL;
  int *pos = NULL, *cut = NULL;
  /* rep/pos/cut must be passed as addresses: libhyphen dereferences them. */
  int fail = hnj_hyphen_hyphenate3(h->dict, word, (int)wlen, hyph, NULL, &rep, &pos, &cut,
                                   MIN_LEFT, MIN_RIGHT, 0, 0);
  int found = 0;
  if (!fail) {
    /* hyph[] is indexed by character in both encodings (libhyphen
     * renumbers UTF-8 input). */
    for (int i = 0; i < n - 1; i++) {
      breaks[i] = 0;
      if (!(hyph[i] & 1)) continue;
      /* A nonstandard break changes the letters around it ("omaatje" ->
       * "oma-tje"); a soft hyphen cannot say that, so such a break is left
       * out rather than printed with the wrong spelling. */
      if (rep && rep[i]) continue;
      if (i + 1 < MIN_LEFT || n - 1 - i < MIN_RIGHT) continue;
      breaks[i] = 1;
      found = 1;
    }
  }
  if (rep) {
    for (gsize i = 0; i < wlen; i++) free(rep[i]);
    free(rep);
  }
  free(pos);
  free(cut);
  g_free(hyph);
  g_free(word);
  return found;
}

/* word_breaks_of, once a word: a text says the same words again and again
 * (each question is hyphenated for the cards, the guide and the screen
 * deck), and the dictionary's patterns cost more than a lookup. */
static int word_breaks(const hyphen_dict *h, const letter *letters, int n, char *breaks) {
  /* The word in UTF-8, lower case: the key, and what libhyphen is given. */
  char buf[MAX_WORD * 6 + 1];
  size_t blen = 0;
  for (int i = 0; i < n; i++) blen += (size_t)g_unichar_to_utf8(letters[i].c, buf + blen);
  buf[blen] = '\0';
  /* The value: n - 1 bytes of breaks, then whether there is one. */
  const char *known = g_hash_table_lookup(h->words, buf);
  if (known) {
    memcpy(breaks, known, (size_t)n - 1);
    return known[n - 1];
  }
  memset(breaks, 0, (size_t)n - 1);
  int found = word_breaks_of(h, letters, n, buf, blen, breaks);
  char *value = g_malloc((gsize)n);
  memcpy(value, breaks, (size_t)n - 1);
  value[n - 1] = (char)found;
  g_hash_table_insert(h->words, g_strndup(buf, blen), value);
  return found;
}

static const char SOFT_HYPHEN[] = "\xC2\xAD";

/* True when the text from p to end (no white space in it) looks like a web
 * or mail address or a path: it holds '@' or '/', or a dot with a letter or
 * digit right after it ("steunpunt.nl"; not the full stop of "zaak."). */
static int is_address(const char *p, const char *end) {
  for (; p < end; p++) {
    if (*p == '@' || *p == '/') return 1;
    if (*p == '.' && p + 1 < end && g_ascii_isalnum(p[1])) return 1;
  }
  return 0;
}

/* Appends to out the text of utf8 up to tok_end with U+2060 WORD JOINER
 * after every hyphen of the token [p, tok_end). */
static void keep_option_whole(const char *utf8, const char *p, const char *tok_end,
                              GString *out, size_t *copied) {
  for (; p < tok_end; p++) {
    if (*p != '-' || p + 1 == tok_end) continue;
    g_string_append_len(out, utf8 + *copied, (gssize)(p + 1 - utf8 - *copied));
    g_string_append(out, "\xE2\x81\xA0");
    *copied = (size_t)(p + 1 - utf8);
  }
}

/* True when the letters from `from` on (of n) begin with the word w. */
static int starts_with_word(const letter *l, int from, int n, const char *w) {
  for (const char *p = w; *p; p = g_utf8_next_char(p), from++)
    if (from >= n || l[from].c != g_utf8_get_char(p)) return 0;
  return 1;
}

/* Whether the break after letter i of the word is a compound boundary:
 * the letters before it are a listed prefix, or those after it begin
 * with a listed part. */
static int is_compound(const hyphen_dict *h, const letter *l, int n, int i) {
  for (char **p = h->prefixes; p && *p; p++)
    if (g_utf8_strlen(*p, -1) == i + 1 && starts_with_word(l, 0, n, *p)) return 1;
  for (char **p = h->parts; p && *p; p++)
    if (starts_with_word(l, i + 1, n, *p)) return 1;
  return 0;
}

/* Letters that a font may join into a ligature: f before f, i, l. */
static int joins(gunichar a, gunichar b) { return a == 'f' && (b == 'f' || b == 'i' || b == 'l'); }

/* Appends to out the text of utf8 up to tok_end, with soft hyphens in the
 * words of the token [p, tok_end); *copied is how much of utf8 is in out. */
static void hyphenate_token(const hyphen_dict *h, const char *utf8, const char *p,
                            const char *tok_end, int min_word, int min_left, int min_right,
                            int marks, GArray *compound, GString *out, size_t *copied) {
  letter letters[MAX_WORD];
  char breaks[MAX_WORD];
  while (p < tok_end) {
    if (!is_word_char(g_utf8_get_char(p)) || g_unichar_ismark(g_utf8_get_char(p))) {
      p = g_utf8_next_char(p);
      continue;
    }
    const char *start = p;
    while (p < tok_end && is_word_char(g_utf8_get_char(p))) p = g_utf8_next_char(p);
    int n = word_letters(start, (size_t)(p - start), (size_t)(start - utf8), letters, MAX_WORD);
    /* Every dictionary point, for the compound boundaries (no ligature
     * across one, whether a line may break there or not); soft hyphens
     * only where the word and its sides are long enough. */
    if (n < MIN_WORD || !word_breaks(h, letters, n, breaks)) continue;
    for (int i = 0; i < n - 1; i++) {
      if (!breaks[i]) continue;
      int soft = n >= min_word && i + 1 >= min_left && n - 1 - i >= min_right;
      int boundary = marks && is_compound(h, letters, n, i);
      int nonjoiner = boundary && joins(letters[i].c, letters[i + 1].c);
      if (!soft && !nonjoiner) continue;
      g_string_append_len(out, utf8 + *copied, (gssize)(letters[i].end - *copied));
      if (nonjoiner) g_string_append(out, "\xE2\x80\x8C");
      if (soft && boundary && compound) {
        int at = (int)out->len;
        g_array_append_val(compound, at);
      }
      if (soft) g_string_append(out, SOFT_HYPHEN);
      *copied = letters[i].end;
    }
  }
}

char *hyphen_insert_soft(const hyphen_dict *h, const char *utf8) {
  return hyphen_insert_soft_min(h, utf8, 0, 0);
}

/* The work of hyphen_insert_soft_min and hyphen_insert_marked. */
static char *insert_soft(const hyphen_dict *h, const char *utf8, int min_word, int min_left,
                         int min_right, int marks, GArray *compound) {
  if (!utf8) return NULL;
  /* Invalid UTF-8 is not walked (a cut-off sequence would run past the end). */
  if (!h || !g_utf8_validate(utf8, -1, NULL)) return g_strdup(utf8);
  size_t len = strlen(utf8);
  GString *out = g_string_sized_new(len + len / 4 + 1);
  size_t copied = 0; /* bytes of utf8 already in out */
  const char *p = utf8;
  while (*p) {
    /* Tokens between white space (no-break space included). */
    if (g_unichar_isspace(g_utf8_get_char(p))) {
      p = g_utf8_next_char(p);
      continue;
    }
    const char *tok_end = p;
    while (*tok_end && !g_unichar_isspace(g_utf8_get_char(tok_end)))
      tok_end = g_utf8_next_char(tok_end);
    /* A web or mail address stays whole: a hyphen drawn in it would read
     * as part of the address. So does a command-line option ("--paper"),
     * which a reader types as printed: word joiners after its hyphens keep
     * Pango from breaking the line there. */
    if (tok_end - p > 2 && p[0] == '-' && p[1] == '-')
      keep_option_whole(utf8, p, tok_end, out, &copied);
    else if (!is_address(p, tok_end))
      hyphenate_token(h, utf8, p, tok_end, min_word, min_left, min_right, marks, compound, out,
                      &copied);
    p = tok_end;
  }
  g_string_append(out, utf8 + copied);
  return g_string_free(out, FALSE);
}

char *hyphen_insert_soft_min(const hyphen_dict *h, const char *utf8, int min_word,
                             int min_side) {
  if (min_word < MIN_WORD) min_word = MIN_WORD;
  if (min_side < MIN_LEFT) min_side = MIN_LEFT;
  return insert_soft(h, utf8, min_word, min_side, min_side, 0, NULL);
}

char *hyphen_insert_marked(const hyphen_dict *h, const char *utf8, hyphen_use use, int min_word,
                           int min_side, GArray *compound) {
  const hyphen_rules *r = hyphen_rules_of(h, use);
  int left = r->min_left > min_side ? r->min_left : min_side;
  int right = r->min_right > min_side ? r->min_right : min_side;
  if (min_word < r->min_word) min_word = r->min_word;
  return insert_soft(h, utf8, min_word, left, right, 1, compound);
}
