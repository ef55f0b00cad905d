/* jobs: forks a child per task, at most one per core, and gathers their messages in task order. */
#define _DEFAULT_SOURCE /* sbrk, madvise */
#include "jobs.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* How many tasks run at once: KAARTSET_JOBS, or the cores online. */
size_t jobs_width(void) {
  const char *env = getenv("KAARTSET_JOBS");
  if (env && *env) {
    char *end;
    long n = strtol(env, &end, 10);
    if (*end == '\0' && n >= 1 && n <= 64) return (size_t)n;
  }
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  return cpus > 1 ? (size_t)cpus : 1;
}

/* True once this process runs on its calling thread alone. Pango starts
 * short-lived threads (font matching); a fork while one of them holds a
 * lock (the allocator's, fontconfig's) leaves that lock held forever in
 * the child, which then hangs on its first use. They end within
 * milliseconds: wait for that, up to a couple of seconds. */
static int jobs_single_threaded(void) {
  for (int tries = 0; tries < 200; tries++) {
    DIR *dp = opendir("/proc/self/task");
    if (!dp) return 0;
    int n = 0;
    for (struct dirent *e; (e = readdir(dp));)
      if (e->d_name[0] != '.') n++;
    closedir(dp);
    if (n == 1) return 1;
    nanosleep(&(struct timespec){.tv_nsec = 10 * 1000 * 1000}, NULL);
  }
  return 0;
}

typedef struct jobs_child {
  pid_t pid;  /* 0: not started or done */
  FILE *log;  /* its messages (diag_write), read once it has ended */
} jobs_child;

/* A child's exit status as the task's result: it exits with 0, 1 for -1,
 * or 2 + r for a positive r. */
static int jobs_exit_code(int r) { return r < 0 ? 1 : r == 0 ? 0 : r > 250 ? 252 : r + 2; }
static int jobs_result(int code) { return code == 0 ? 0 : code == 1 ? -1 : code - 2; }

/* Forks a child that runs task(i, arg) and writes its messages to c->log;
 * returns its pid (0 never: the child does not return), or -1 when it could
 * not be started (c->log is then closed). */
static pid_t jobs_fork(jobs_child *c, jobs_task task, size_t i, void *arg) {
  c->log = tmpfile();
  diag_fork_lock();
  pid_t pid = c->log ? fork() : -1;
  diag_fork_unlock();
  if (pid == 0) {
    diag_list *own = diag_new();
    /* The library messages of this part are its own, sent with the rest. */
    diag_route_library_logs(own);
    int r = task(i, arg, own);
    diag_route_library_logs(NULL);
    int wrote = diag_write(own, 0, fileno(c->log));
    _exit(wrote == 0 ? jobs_exit_code(r) : 1);
  }
  if (pid < 0 && c->log) {
    fclose(c->log);
    c->log = NULL;
  }
  return pid;
}

/* The result of a child that ended with wait status ws; its messages go to
 * said, with an error when it died or they were lost. */
static int jobs_collect(jobs_child *c, int ws, diag_list *said) {
  rewind(c->log);
  int whole = diag_read(said, fileno(c->log)) == 0;
  fclose(c->log);
  c->log = NULL;
  if (WIFEXITED(ws) && whole) return jobs_result(WEXITSTATUS(ws));
  diag_error_of(said, DIAG_IO, NULL, 0, "a part of the build stopped unexpectedly (%s); "
                "nothing was replaced, run it again",
                WIFSIGNALED(ws) ? strsignal(WTERMSIG(ws)) : "its messages were lost");
  return -1;
}

/* Background tasks still running (jobs_start): jobs_run waits for any
 * child, and keeps the status of one of these for jobs_end. */
struct jobs_bg {
  jobs_child child;
  int reaped, status;
  jobs_bg *next;
};
static jobs_bg *jobs_background;

static void jobs_reaped(pid_t pid, int ws) {
  for (jobs_bg *b = jobs_background; b; b = b->next)
    if (b->child.pid == pid && !b->reaped) b->reaped = 1, b->status = ws;
}

jobs_bg *jobs_start(jobs_task task, size_t i, void *arg) {
  if (jobs_width() <= 1 || !jobs_single_threaded()) return NULL;
  jobs_bg *b = calloc(1, sizeof *b);
  if (!b) abort();
  fflush(NULL); /* nothing buffered is written twice */
  b->child.pid = jobs_fork(&b->child, task, i, arg);
  if (b->child.pid < 0) {
    free(b);
    return NULL;
  }
  b->next = jobs_background;
  jobs_background = b;
  return b;
}

int jobs_end(jobs_bg *b, int keep, diag_list *d) {
  if (!b) return -1;
  if (!keep && !b->reaped) kill(b->child.pid, SIGKILL);
  while (!b->reaped) {
    int ws;
    pid_t pid = waitpid(b->child.pid, &ws, 0);
    if (pid == b->child.pid) b->reaped = 1, b->status = ws;
    else if (pid < 0 && errno != EINTR) b->reaped = 1, b->status = SIGKILL; /* cannot be waited for: as if killed */
  }
  for (jobs_bg **p = &jobs_background; *p; p = &(*p)->next)
    if (*p == b) {
      *p = b->next;
      break;
    }
  diag_list *said = diag_new();
  int r = jobs_collect(&b->child, b->status, said);
  if (keep) diag_take(d, said);
  diag_free(said);
  free(b);
  return keep ? r : -1;
}

int jobs_run(size_t n, jobs_task task, void *arg, int *results, diag_list *d) {
  size_t width = jobs_width();
  /* One at a time, here, when there is nothing to share or forking is not safe. */
  if (width <= 1 || n <= 1 || !jobs_single_threaded()) {
    int status = 0;
    for (size_t i = 0; i < n; i++)
      if ((results[i] = task(i, arg, d)) < 0) status = -1;
    return status;
  }
  jobs_child *kids = calloc(n, sizeof *kids);
  diag_list **said = calloc(n, sizeof *said);
  if (!kids || !said) abort();
  fflush(NULL); /* nothing buffered is written twice */
  for (size_t i = 0; i < n; i++) results[i] = -1;
  size_t next = 0, running = 0, finished = 0;
  int failed = 0;
  while (finished < n) {
    /* Once a task failed, no new one starts: the run has failed. */
    while (next < n && running < width && !failed) {
      size_t i = next++;
      said[i] = diag_new();
      pid_t pid = jobs_fork(&kids[i], task, i, arg);
      if (pid < 0) { /* cannot fork: run it here */
        results[i] = task(i, arg, said[i]);
        failed |= results[i] < 0;
        finished++;
        continue;
      }
      kids[i].pid = pid;
      running++;
    }
    if (running == 0) {
      if (failed) break;
      continue;
    }
    int ws;
    pid_t pid = waitpid(-1, &ws, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      diag_error_of(d, DIAG_IO, NULL, 0, "cannot wait for a part of the build: %s",
                    strerror(errno));
      break;
    }
    jobs_reaped(pid, ws); /* a background task's (jobs_start) */
    for (size_t i = 0; i < next; i++) {
      if (kids[i].pid != pid) continue;
      kids[i].pid = 0;
      running--, finished++;
      results[i] = jobs_collect(&kids[i], ws, said[i]);
      failed |= results[i] < 0;
    }
  }
  int status = 0;
  for (size_t i = 0; i < n; i++) {
    /* In task order, whatever order they ended in; after the first task
     * that failed, nothing: the others mostly failed of the same cause (a
     * full disk), and one cause gets one message. */
    if (said[i] && status == 0) diag_take(d, said[i]);
    diag_free(said[i]);
    if (results[i] < 0) status = -1;
  }
  free(said);
  free(kids);
  return status;
}

void jobs_reserve_heap(size_t bytes) {
  enum { HUGE_PAGE = 2 << 20, MMAP_MAX = 32 << 20 };
  if (bytes > (size_t)INT_MAX / 2) bytes = (size_t)INT_MAX / 2;
  /* Freed memory is kept; blocks up to the largest the allocator allows
   * come from the heap, and it grows by bytes beyond each request. */
  mallopt(M_TRIM_THRESHOLD, (int)(2 * bytes));
  /* Small blocks freed are merged at once, not kept aside to be merged
   * in bulk on every larger request (libqpdf: 10 % of its time). */
  mallopt(M_MXFAST, 0);
  mallopt(M_MMAP_THRESHOLD, MMAP_MAX);
  mallopt(M_TOP_PAD, (int)bytes);
  /* A block larger than all the heap has free makes it grow now; the new
   * part, from the old end on, is asked for in huge pages. */
  size_t free_now = mallinfo2().fordblks;
  if (free_now + 4096 >= MMAP_MAX) return;
  char *start = sbrk(0);
  void *volatile grow = malloc(free_now + 4096); /* volatile: not left out as unused */
  char *end = sbrk(0);
  free(grow);
  uintptr_t from = ((uintptr_t)start + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
  if (start != (char *)-1 && (uintptr_t)end > from)
    madvise((void *)from, (uintptr_t)end - from, MADV_HUGEPAGE);
}
