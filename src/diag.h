/* diag: diagnostics collected during a run and printed once, by main. */
#ifndef KAARTSET_DIAG_H
#define KAARTSET_DIAG_H

#include <stddef.h>
#include <stdio.h>

typedef enum { DIAG_ERROR, DIAG_WARNING } diag_severity;

/* What an error is about; the exit code of the run is the kind of its
 * first error (DESIGN.md: 1 content or template, 2 usage, 3 input/output). */
typedef enum { DIAG_CONTENT = 1, DIAG_USAGE = 2, DIAG_IO = 3 } diag_kind;

typedef struct diag_list diag_list;

diag_list *diag_new(void);
void diag_free(diag_list *d); /* accepts NULL */

/* Records "file:line: error: message". file may be NULL (then "kaartset"),
 * line 0 leaves the line out. Every error of the program passes through
 * diag_error: a good breakpoint. */
void diag_error(diag_list *d, const char *file, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same for an error of another kind than content or template. */
void diag_error_of(diag_list *d, diag_kind kind, const char *file, long line, const char *fmt,
                   ...) __attribute__((format(printf, 5, 6)));
void diag_warning(diag_list *d, const char *file, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

size_t diag_count(const diag_list *d);        /* all messages */
size_t diag_error_count(const diag_list *d);  /* errors only */

/* The kind of the first error, or 0 when there is none. */
int diag_exit_code(const diag_list *d);

/* The i-th formatted message, borrowed: "file:line: error: message". */
const char *diag_message(const diag_list *d, size_t i);

/* Writes the messages from the from-th on to fd, for diag_read (a child
 * process's messages to its parent). Returns 0, or -1 when the write failed. */
int diag_write(const diag_list *d, size_t from, int fd);

/* Adds the messages diag_write wrote to fd, up to its end, in order.
 * Returns 0, or -1 when the bytes were cut short (what came whole is kept). */
int diag_read(diag_list *d, int fd);

/* Held across a fork (jobs.c), then released in parent and child: a lock
 * another thread held at the fork would otherwise stay held forever in
 * the child, whose first message would then wait for it. */
void diag_fork_lock(void);
void diag_fork_unlock(void);

/* Copies the messages [start, start + n) of from (those there are) to the end of d, in order. */
void diag_copy_range(diag_list *d, const diag_list *from, size_t start, size_t n);

/* Moves every message of from to the end of d, in order. */
void diag_take(diag_list *d, diag_list *from);

/* Prints every message, one a line, in the order recorded. */
void diag_print(const diag_list *d, FILE *to);

/* From now on, what GLib and the libraries on it log (Pango, GObject:
 * g_critical, g_warning, the "Pango-CRITICAL **" lines of a failed
 * assertion) becomes diagnostics in d instead of raw lines on stderr: a
 * critical message is an error of kind DIAG_IO (the run cannot trust its
 * output), a warning a warning, anything less is dropped as harmless; each
 * text once. Safe from any thread (Pango loads fonts in threads of its
 * own). With d NULL, messages are printed at once in the program's own
 * form ("kaartset: error: ..."); call it so before freeing d. */
void diag_route_library_logs(diag_list *d);

#endif
