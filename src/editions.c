/* editions: kaartset build --all: one child process per edition, as many at once as there are processors. */
#include "editions.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag.h"

typedef struct edition {
  char name[256];
  char content[4096], out[4096];
  pid_t pid;
  FILE *log;        /* what the child wrote: its diagnostics, then its summary line */
  int rc, done;
} edition;

static int editions_cmp(const void *a, const void *b) {
  return strcmp(((const edition *)a)->name, ((const edition *)b)->name);
}

/* The folders of root that hold an instrument.xml, sorted; NULL on error. */
static edition *editions_list(const char *root, const char *out_root, size_t *n) {
  DIR *dir = opendir(root);
  if (!dir) return NULL;
  edition *list = NULL;
  size_t cap = 0;
  *n = 0;
  for (struct dirent *e; (e = readdir(dir));) {
    if (e->d_name[0] == '.' || strlen(e->d_name) >= sizeof list->name) continue;
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s/instrument.xml", root, e->d_name);
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) continue;
    if (*n == cap) {
      cap = cap ? cap * 2 : 8;
      list = realloc(list, cap * sizeof *list);
      if (!list) abort();
    }
    edition *ed = &list[(*n)++];
    memset(ed, 0, sizeof *ed);
    snprintf(ed->name, sizeof ed->name, "%s", e->d_name);
    snprintf(ed->content, sizeof ed->content, "%s/%s", root, e->d_name);
    snprintf(ed->out, sizeof ed->out, "%s/%s", out_root, e->d_name);
  }
  closedir(dir);
  if (*n) qsort(list, *n, sizeof *list, editions_cmp);
  return list ? list : calloc(1, sizeof *list);
}

/* In the child: builds one edition, writes its messages and summary to log. */
static int editions_child(const build_options *base, const edition *ed, FILE *log) {
  build_options o = *base;
  size_t fallbacks = 0;
  o.content_dir = ed->content;
  o.out_dir = ed->out;
  o.fallbacks = &fallbacks;
  diag_list *d = diag_new();
  diag_route_library_logs(d);
  int rc = build_edition(&o, d);
  diag_route_library_logs(NULL); /* the rest is printed as it comes */
  diag_print(d, log);
  if (rc == BUILD_OK)
    fprintf(log, "kaartset: %s: wrote %s/%s\n", ed->name, ed->out,
            fallbacks ? " (texts not translated yet are printed from the reference edition: "
                        "see the warnings)" : "");
  else
    fprintf(log, "kaartset: %s: not built: %zu error%s (see above)\n", ed->name,
            diag_error_count(d), diag_error_count(d) == 1 ? "" : "s");
  diag_free(d);
  fflush(log);
  return rc;
}

/* Copies the child's log: all but the last line to err, the last to out. */
static void editions_report(edition *ed, FILE *out, FILE *err) {
  rewind(ed->log);
  char *line = NULL, *last = NULL;
  size_t cap = 0;
  while (getline(&line, &cap, ed->log) >= 0) {
    if (last) fputs(last, err);
    free(last);
    last = strdup(line);
  }
  if (last) fputs(last, out);
  else fprintf(out, "kaartset: %s: not built (the build stopped without a word)\n", ed->name);
  free(last);
  free(line);
  fclose(ed->log);
  fflush(err);
  fflush(out);
}

int editions_build_all(const build_options *base, const char *content_root,
                       const char *out_root, FILE *out, FILE *err) {
  size_t n;
  edition *eds = editions_list(content_root, out_root, &n);
  if (!eds || n == 0) {
    fprintf(err, "%s: error: %s (each edition is a folder with an instrument.xml)\n", content_root,
            eds ? "no edition in this folder" : strerror(errno));
    free(eds);
    return BUILD_IO_ERROR;
  }
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  size_t jobs = cpus > 0 ? (size_t)cpus : 1, running = 0, next = 0, reported = 0;
  fflush(out);
  fflush(err);
  while (reported < n) {
    /* Start as many as there is room for. */
    while (next < n && running < jobs) {
      edition *ed = &eds[next++];
      ed->log = tmpfile();
      diag_fork_lock();
      pid_t pid = ed->log ? fork() : -1;
      diag_fork_unlock();
      if (pid == 0) _exit(editions_child(base, ed, ed->log));
      if (pid < 0) { /* cannot fork: build it here */
        if (!ed->log) ed->log = tmpfile();
        if (!ed->log) abort();
        ed->rc = editions_child(base, ed, ed->log);
        ed->done = 1;
        continue;
      }
      ed->pid = pid;
      running++;
    }
    /* The next to report, in name order, once it is done. */
    while (reported < n && eds[reported].done) editions_report(&eds[reported++], out, err);
    if (reported >= n) break;
    int status;
    pid_t pid = wait(&status);
    if (pid < 0) break;
    for (size_t i = 0; i < next; i++)
      if (eds[i].pid == pid && !eds[i].done) {
        eds[i].done = 1;
        eds[i].rc = WIFEXITED(status) ? WEXITSTATUS(status) : BUILD_IO_ERROR;
        running--;
      }
  }
  int rc = BUILD_OK;
  for (size_t i = 0; i < n && rc == BUILD_OK; i++) rc = eds[i].rc;
  free(eds);
  return rc;
}
