/* hyphen: dictionary hyphenation (libhyphen, Debian's hyphen-* dictionaries). */
#ifndef KAARTSET_HYPHEN_H
#define KAARTSET_HYPHEN_H

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

#endif
