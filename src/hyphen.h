/* hyphen: dictionary hyphenation (libhyphen, Debian's hyphen-* dictionaries). */
#ifndef KAARTSET_HYPHEN_H
#define KAARTSET_HYPHEN_H

#include <glib.h>

#include "diag.h"

typedef struct hyphen_dict hyphen_dict;

/* The dictionary for an xml:lang value ("nl", "nl-NL", "de-DE"…), searched in
 * dir (NULL: /usr/share/hyphen) as hyph_<ll>_<CC>.dic, then hyph_<ll>.dic,
 * then any hyph_<ll>_*.dic. Returns NULL and adds a warning to d when no
 * dictionary exists (text then breaks only between words). */
hyphen_dict *hyphen_load(const char *lang, const char *dir, diag_list *d);
void hyphen_free(hyphen_dict *h); /* accepts NULL */

/* A copy of utf8 with U+00AD (soft hyphen) inserted at every hyphenation
 * point of every word (words of letters only; at least 2 letters kept on
 * each side). Apostrophes, hyphens and other non-letters end a word; words
 * under 5 letters, words all in capitals (acronyms), web and mail addresses
 * and breaks that would change the spelling (libhyphen's nonstandard ones)
 * are left whole. Removing the soft hyphens gives utf8 back exactly. h may be
 * NULL, or utf8 invalid UTF-8: then a plain copy. NULL for NULL. g_free the
 * result. */
char *hyphen_insert_soft(const hyphen_dict *h, const char *utf8);

/* The same, breaking only words of at least min_word letters and keeping
 * at least min_side letters on each side of a break (values below the
 * defaults, 5 and 2, count as the defaults): ragged-right text reads better
 * with fewer, longer breaks. */
char *hyphen_insert_soft_min(const hyphen_dict *h, const char *utf8, int min_word,
                             int min_side);

/* Where text is set: on cards (short lines read aloud: fewer, longer
 * breaks) or in running text (the guide, the werkvorm pages). */
typedef enum { HYPHEN_TEXT, HYPHEN_CARD } hyphen_use;

/* Hyphenation and line-breaking rules of a language, from
 * data/hyphen/<ll>.ini (else data/hyphen/default.ini) in the data folder,
 * read by hyphen_load; the keys are described in default.ini. */
typedef struct hyphen_rules {
  int min_word, min_left, min_right; /* letters: shortest word broken, kept before and after */
  double line_penalty, hyphen_penalty, compound_penalty, double_hyphen;
  int max_ladder;                    /* most hyphenated lines in a row */
  double ragged, stretch, shrink;    /* ragged-right zone; justified space stretch and shrink */
  double short_last, short_last_demerits;
} hyphen_rules;

/* The rules for text set for use in h's language; built-in values (those
 * of data/hyphen/default.ini) when h is NULL. Borrowed from h. */
const hyphen_rules *hyphen_rules_of(const hyphen_dict *h, hyphen_use use);

/* Like hyphen_insert_soft_min, with the letters of the rules for use (or
 * more: min_word, min_side), and U+200C ZERO WIDTH NON-JOINER before the
 * soft hyphen of a compound boundary where the letters around it would
 * join into a ligature (af|loop). When compound is not NULL, the byte
 * offsets (in the result) of the soft hyphens at compound boundaries
 * (data/hyphen: prefixes and parts) are appended to it, as ints. Removing
 * soft hyphens and the inserted non-joiners gives utf8 back exactly. */
char *hyphen_insert_marked(const hyphen_dict *h, const char *utf8, hyphen_use use, int min_word,
                           int min_side, GArray *compound);

#endif
