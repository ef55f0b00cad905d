/* diag: collects formatted diagnostics; nothing below main prints. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct diag_list {
  char **msgs;
  diag_severity *sev;
  diag_kind *kind;
  size_t n, cap;
};

diag_list *diag_new(void) {
  diag_list *d = calloc(1, sizeof *d);
  if (!d) abort();
  return d;
}

void diag_free(diag_list *d) {
  if (!d) return;
  for (size_t i = 0; i < d->n; i++) free(d->msgs[i]);
  free(d->msgs);
  free(d->sev);
  free(d->kind);
  free(d);
}

static void diag_add(diag_list *d, diag_severity sev, diag_kind dk, const char *file,
                     long line, const char *fmt, va_list ap) {
  char body[2048];
  vsnprintf(body, sizeof body, fmt, ap);
  const char *kind = sev == DIAG_ERROR ? "error" : "warning";
  char head[1024];
  if (line > 0)
    snprintf(head, sizeof head, "%s:%ld: %s: ", file ? file : "kaartset", line, kind);
  else
    snprintf(head, sizeof head, "%s: %s: ", file ? file : "kaartset", kind);
  size_t len = strlen(head) + strlen(body) + 1;
  char *msg = malloc(len);
  if (!msg) abort();
  snprintf(msg, len, "%s%s", head, body);
  if (d->n == d->cap) {
    d->cap = d->cap ? d->cap * 2 : 16;
    d->msgs = realloc(d->msgs, d->cap * sizeof *d->msgs);
    d->sev = realloc(d->sev, d->cap * sizeof *d->sev);
    d->kind = realloc(d->kind, d->cap * sizeof *d->kind);
    if (!d->msgs || !d->sev || !d->kind) abort();
  }
  d->msgs[d->n] = msg;
  d->sev[d->n] = sev;
  d->kind[d->n] = dk;
  d->n++;
}

void diag_error(diag_list *d, const char *file, long line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_add(d, DIAG_ERROR, DIAG_CONTENT, file, line, fmt, ap);
  va_end(ap);
}

void diag_error_of(diag_list *d, diag_kind kind, const char *file, long line, const char *fmt,
                   ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_add(d, DIAG_ERROR, kind, file, line, fmt, ap);
  va_end(ap);
}

void diag_warning(diag_list *d, const char *file, long line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_add(d, DIAG_WARNING, DIAG_CONTENT, file, line, fmt, ap);
  va_end(ap);
}

size_t diag_count(const diag_list *d) { return d->n; }

size_t diag_error_count(const diag_list *d) {
  size_t n = 0;
  for (size_t i = 0; i < d->n; i++) n += d->sev[i] == DIAG_ERROR;
  return n;
}

int diag_exit_code(const diag_list *d) {
  for (size_t i = 0; i < d->n; i++)
    if (d->sev[i] == DIAG_ERROR) return (int)d->kind[i];
  return 0;
}

const char *diag_message(const diag_list *d, size_t i) {
  return i < d->n ? d->msgs[i] : NULL;
}

void diag_print(const diag_list *d, FILE *to) {
  for (size_t i = 0; i < d->n; i++) fprintf(to, "%s\n", d->msgs[i]);
}
