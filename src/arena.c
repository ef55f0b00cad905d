/* arena: chunked bump allocator for model nodes and strings. */
#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Chunks start small and double up to ARENA_CHUNK: a frame holds a few
 * names, a loaded instrument thousands of nodes, and there may be
 * thousands of frames. */
enum { ARENA_FIRST = 64, ARENA_CHUNK = 64 * 1024, ARENA_ALIGN = 16 };

typedef struct arena_chunk {
  struct arena_chunk *next;
  size_t size, used;
  _Alignas(16) unsigned char data[];
} arena_chunk;

struct arena {
  arena_chunk *head;
};

static void *arena_oom(void) {
  fputs("kaartset: out of memory\n", stderr);
  abort();
}

arena *arena_new(void) {
  arena *a = calloc(1, sizeof *a);
  if (!a) arena_oom();
  return a;
}

void arena_free(arena *a) {
  if (!a) return;
  for (arena_chunk *c = a->head, *next; c; c = next) {
    next = c->next;
    free(c);
  }
  free(a);
}

void *arena_alloc(arena *a, size_t size) {
  size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
  arena_chunk *c = a->head;
  if (!c || c->size - c->used < size) {
    size_t cap = c ? (c->size >= ARENA_CHUNK ? ARENA_CHUNK : 2 * c->size) : ARENA_FIRST;
    if (cap < size) cap = size;
    c = malloc(sizeof *c + cap);
    if (!c) arena_oom();
    c->size = cap;
    c->used = 0;
    c->next = a->head;
    a->head = c;
  }
  void *p = c->data + c->used;
  c->used += size;
  memset(p, 0, size);
  return p;
}

char *arena_strndup(arena *a, const char *s, size_t n) {
  if (!s) return NULL;
  char *p = arena_alloc(a, n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *arena_strdup(arena *a, const char *s) {
  return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(arena *a, const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *p = arena_alloc(a, (size_t)n + 1);
  vsnprintf(p, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  return p;
}
