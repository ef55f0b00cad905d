/* arena: one bump allocator per loaded document; everything in it is freed at once. */
#ifndef KAARTSET_ARENA_H
#define KAARTSET_ARENA_H

#include <stddef.h>

typedef struct arena arena;

/* A new, empty arena. Never returns NULL (aborts when memory runs out). */
arena *arena_new(void);

/* Frees the arena and everything allocated in it. Accepts NULL. */
void arena_free(arena *a);

/* size bytes, zeroed, aligned for any type; lives as long as the arena. */
void *arena_alloc(arena *a, size_t size);

/* A copy of s (or of its first n bytes, NUL added) in the arena. NULL in, NULL out. */
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);

/* printf into the arena. */
char *arena_printf(arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
