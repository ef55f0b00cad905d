/* hyphdict: libhyphen's pattern files read into its automaton, as hnj_hyphen_load reads them, in one block a level. */
#ifndef KAARTSET_HYPHDICT_H
#define KAARTSET_HYPHDICT_H

#include <stddef.h>

/* libhyphen's automaton (its <hyphen.h>), used by its hnj_hyphen_hyphenate* calls. */
typedef struct _HyphenDict HyphenDict;

/* The dictionary at path, as libhyphen 2.8.8's hnj_hyphen_load builds it
 * (the same states, patterns and transitions, numbered and ordered the
 * same), but with one hash table and a few blocks: hnj_hyphen_load takes
 * about 20 ms for the Dutch dictionary, most of it in small allocations,
 * in every process of a build. NULL when the file cannot be read. Free it
 * with hyphdict_free, never hnj_hyphen_free. */
HyphenDict *hyphdict_load(const char *path);
void hyphdict_free(HyphenDict *d); /* accepts NULL */

/* 1 when a and b are the same automaton: every level, setting, state,
 * pattern and transition, in the same order; else 0 and the first
 * difference in why (n bytes). For the tests, which hold hyphdict_load
 * against libhyphen's own hnj_hyphen_load. */
int hyphdict_same(const HyphenDict *a, const HyphenDict *b, char *why, size_t n);

#endif
