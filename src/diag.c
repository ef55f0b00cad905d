/* diag: collects formatted diagnostics; nothing below main prints. */
#include "diag.h"

#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Appends and reads are locked: library messages arrive from other
 * threads (diag_route_library_logs). */
static GMutex diag_mutex;

/* Drops, in place, every byte of s that is not part of a whole UTF-8
 * character: an excerpt cut with "%.40s" may end in half a character, and
 * a terminal shows that as garbage. */
static void diag_utf8_clean(char *s) {
  unsigned char *r = (unsigned char *)s, *w = r;
  while (*r) {
    size_t k = *r < 0x80 ? 0 : (*r & 0xE0) == 0xC0 ? 1 : (*r & 0xF0) == 0xE0 ? 2
             : (*r & 0xF8) == 0xF0 ? 3 : (size_t)-1;
    size_t ok = k != (size_t)-1;
    for (size_t i = 1; ok && i <= k; i++) ok = (r[i] & 0xC0) == 0x80;
    if (!ok) {
      r++; /* a stray continuation byte, or a lead byte cut short */
      continue;
    }
    for (size_t i = 0; i <= k; i++) *w++ = *r++;
  }
  *w = '\0';
}

static void diag_append(diag_list *d, diag_severity sev, diag_kind dk, char *msg);

/* Messages are built to their full length: a long path (or a long message)
 * once cut the "error:" tag off, or a character in half. */
static void diag_add(diag_list *d, diag_severity sev, diag_kind dk, const char *file,
                     long line, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int body_len = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (body_len < 0) body_len = 0;
  const char *kind = sev == DIAG_ERROR ? "error" : "warning";
  char where[32] = "";
  if (line > 0) snprintf(where, sizeof where, ":%ld", line);
  const char *f = file ? file : "kaartset";
  size_t len = strlen(f) + strlen(where) + strlen(kind) + 4 + (size_t)body_len + 1;
  char *msg = malloc(len);
  if (!msg) abort();
  int head = snprintf(msg, len, "%s%s: %s: ", f, where, kind);
  vsnprintf(msg + head, len - (size_t)head, fmt, ap);
  /* A body that quotes a huge text is cut, at a character boundary. */
  enum { DIAG_MAX_BODY = 4096 };
  if (body_len > DIAG_MAX_BODY) {
    size_t cut = (size_t)head + DIAG_MAX_BODY;
    while (cut > (size_t)head && ((unsigned char)msg[cut] & 0xC0) == 0x80) cut--;
    memcpy(msg + cut, "...", 4);
  }
  diag_utf8_clean(msg);
  diag_append(d, sev, dk, msg);
}

/* Takes msg, formatted and clean, as the next message. */
static void diag_append(diag_list *d, diag_severity sev, diag_kind dk, char *msg) {
  g_mutex_lock(&diag_mutex);
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
  g_mutex_unlock(&diag_mutex);
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

size_t diag_count(const diag_list *d) {
  g_mutex_lock(&diag_mutex);
  size_t n = d->n;
  g_mutex_unlock(&diag_mutex);
  return n;
}

size_t diag_error_count(const diag_list *d) {
  g_mutex_lock(&diag_mutex);
  size_t n = 0;
  for (size_t i = 0; i < d->n; i++) n += d->sev[i] == DIAG_ERROR;
  g_mutex_unlock(&diag_mutex);
  return n;
}

int diag_exit_code(const diag_list *d) {
  g_mutex_lock(&diag_mutex);
  int code = 0;
  for (size_t i = 0; i < d->n && !code; i++)
    if (d->sev[i] == DIAG_ERROR) code = (int)d->kind[i];
  g_mutex_unlock(&diag_mutex);
  return code;
}

const char *diag_message(const diag_list *d, size_t i) {
  g_mutex_lock(&diag_mutex);
  const char *m = i < d->n ? d->msgs[i] : NULL;
  g_mutex_unlock(&diag_mutex);
  return m;
}

void diag_print(const diag_list *d, FILE *to) {
  g_mutex_lock(&diag_mutex);
  for (size_t i = 0; i < d->n; i++) fprintf(to, "%s\n", d->msgs[i]);
  g_mutex_unlock(&diag_mutex);
}

/* Where library messages go (diag_route_library_logs), and the texts
 * already said there; both under diag_log_mutex. */
static GMutex diag_log_mutex;
static diag_list *diag_log_sink;
static GHashTable *diag_log_seen;

/* What a library message is about, in words a user reads: the domain
 * names ("Pango", "GLib-GObject") are the libraries' business. */
static const char *diag_log_where(const char *domain) {
  if (domain && strncmp(domain, "Pango", 5) == 0) return "the text layout";
  if (domain && strncmp(domain, "Cairo", 5) == 0) return "the drawing";
  return "a library";
}

static GLogWriterOutput diag_log_writer(GLogLevelFlags level, const GLogField *fields,
                                        gsize n_fields, gpointer data) {
  (void)data;
  const char *message = NULL, *domain = NULL;
  for (gsize i = 0; i < n_fields; i++) {
    if (strcmp(fields[i].key, "MESSAGE") == 0 && fields[i].length < 0)
      message = fields[i].value;
    else if (strcmp(fields[i].key, "GLIB_DOMAIN") == 0 && fields[i].length < 0)
      domain = fields[i].value;
  }
  if (!message) message = "(no message)";
  int critical = (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL)) != 0;
  /* Messages, information and debugging output say nothing a user acts on. */
  if (!critical && !(level & G_LOG_LEVEL_WARNING)) return G_LOG_WRITER_HANDLED;
  const char *where = diag_log_where(domain);
  g_mutex_lock(&diag_log_mutex);
  if (!diag_log_seen) diag_log_seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  int fresh = g_hash_table_add(diag_log_seen, g_strdup(message));
  if (fresh && diag_log_sink && !(level & G_LOG_LEVEL_ERROR)) {
    if (critical)
      diag_error_of(diag_log_sink, DIAG_IO, NULL, 0, "internal error in %s: %s (the output of "
                    "this run cannot be trusted; please report this, with the files the run "
                    "read)", where, message);
    else
      diag_warning(diag_log_sink, NULL, 0, "%s says: %s", where, message);
  } else if (fresh) {
    /* No list to put it in, or the program stops right after (G_LOG_LEVEL_ERROR). */
    if (critical)
      fprintf(stderr, "kaartset: error: internal error in %s: %s\n", where, message);
    else
      fprintf(stderr, "kaartset: warning: %s says: %s\n", where, message);
  }
  g_mutex_unlock(&diag_log_mutex);
  return G_LOG_WRITER_HANDLED;
}

void diag_fork_lock(void) {
  g_mutex_lock(&diag_log_mutex); /* the order the log writer takes them in */
  g_mutex_lock(&diag_mutex);
}

void diag_fork_unlock(void) {
  g_mutex_unlock(&diag_mutex);
  g_mutex_unlock(&diag_log_mutex);
}

void diag_route_library_logs(diag_list *d) {
  static gsize installed;
  if (g_once_init_enter(&installed)) {
    g_log_set_writer_func(diag_log_writer, NULL, NULL);
    g_once_init_leave(&installed, 1);
  }
  g_mutex_lock(&diag_log_mutex);
  diag_log_sink = d;
  if (diag_log_seen) g_hash_table_remove_all(diag_log_seen);
  g_mutex_unlock(&diag_log_mutex);
}

/* On the wire, a message is its severity and kind (one byte each), its
 * length (4 bytes, host order: both ends are this program) and its bytes. */
static int diag_write_all(int fd, const void *buf, size_t len) {
  for (const char *p = buf; len > 0;) {
    ssize_t n = write(fd, p, len);
    if (n < 0) return -1;
    p += n, len -= (size_t)n;
  }
  return 0;
}

int diag_write(const diag_list *d, size_t from, int fd) {
  for (size_t i = from; i < d->n; i++) {
    unsigned char head[6] = {(unsigned char)d->sev[i], (unsigned char)d->kind[i]};
    unsigned int len = (unsigned int)strlen(d->msgs[i]);
    memcpy(head + 2, &len, 4);
    if (diag_write_all(fd, head, sizeof head) != 0 || diag_write_all(fd, d->msgs[i], len) != 0)
      return -1;
  }
  return 0;
}

static int diag_read_all(int fd, void *buf, size_t len) {
  for (char *p = buf; len > 0;) {
    ssize_t n = read(fd, p, len);
    if (n <= 0) return -1;
    p += n, len -= (size_t)n;
  }
  return 0;
}

int diag_read(diag_list *d, int fd) {
  unsigned char head[6];
  for (;;) {
    ssize_t n = read(fd, head, 1);
    if (n == 0) return 0;
    if (n < 0 || diag_read_all(fd, head + 1, sizeof head - 1) != 0) return -1;
    unsigned int len;
    memcpy(&len, head + 2, 4);
    char *msg = malloc((size_t)len + 1);
    if (!msg) abort();
    if (diag_read_all(fd, msg, len) != 0) {
      free(msg);
      return -1;
    }
    msg[len] = '\0';
    diag_append(d, head[0] == DIAG_WARNING ? DIAG_WARNING : DIAG_ERROR,
                head[1] >= DIAG_CONTENT && head[1] <= DIAG_IO ? (diag_kind)head[1] : DIAG_IO, msg);
  }
}

void diag_copy_range(diag_list *d, const diag_list *from, size_t start, size_t n) {
  for (size_t i = start; i < start + n && i < from->n; i++) {
    char *msg = strdup(from->msgs[i]);
    if (!msg) abort();
    diag_append(d, from->sev[i], from->kind[i], msg);
  }
}

void diag_take(diag_list *d, diag_list *from) {
  for (size_t i = 0; i < from->n; i++) diag_append(d, from->sev[i], from->kind[i], from->msgs[i]);
  from->n = 0;
}
