/* jobs: independent tasks of one run (the output files) on the machine's cores, in child processes. */
#ifndef KAARTSET_JOBS_H
#define KAARTSET_JOBS_H

#include <stddef.h>

#include "diag.h"

/* One task: returns 0, or -1 with an error in d (a task may also return a
 * positive number, which is passed on). It sees everything the caller had
 * made before jobs_run; what it changes in memory is lost. */
typedef int (*jobs_task)(size_t i, void *arg, diag_list *d);

/* How many tasks run at once: KAARTSET_JOBS (1 to 64), or the cores online. */
size_t jobs_width(void);

/* Runs task(0..n-1), as many at once as there are cores (KAARTSET_JOBS=N
 * sets another number; 1 runs them one after another in this process),
 * each in a forked child process. It forks only once this process has no
 * other thread (a library's short-lived thread may hold a lock a child
 * would wait for forever); when one is still there after two seconds, the
 * tasks run here, one after another. The tasks' messages are added to d in
 * task order, so the output is the same however they were scheduled, up
 * to the first task that failed: one cause (a full disk) gets one message.
 * Once one failed, no other starts. results[i] gets each task's return
 * value (-1 for one that did not run, or died: an error says so).
 * Returns 0 when every task returned 0 or more, else -1. */
int jobs_run(size_t n, jobs_task task, void *arg, int *results, diag_list *d);

/* A task run beside this process's own work: started in a forked child,
 * ended with jobs_end. */
typedef struct jobs_bg jobs_bg;

/* Starts task(i, arg) in a child process and returns at once. NULL when
 * it cannot run beside: one core or KAARTSET_JOBS=1, another thread still
 * running (as in jobs_run), or no fork; then run it here yourself. */
jobs_bg *jobs_start(jobs_task task, size_t i, void *arg);

/* keep: waits for the task to end and adds its messages to d; returns its
 * result (-1 when it died, with an error in d). !keep: stops it, drops its
 * messages and returns -1 (this process failed: one cause, one message).
 * Frees b; accepts NULL (returns -1). jobs_run, meanwhile, leaves it be. */
int jobs_end(jobs_bg *b, int keep, diag_list *d);

/* For a process about to take memory (a build's processes, at their
 * start; a finishing process, by its file's size), reserve about bytes of it: the
 * allocator's heap grows by that much at once, kept in huge pages where the
 * system gives them on request (transparent huge pages, "madvise"), and
 * what is freed stays for the next use instead of going back to the
 * system; small blocks freed are merged at once. A large PDF's libqpdf
 * objects otherwise cost a page fault every 4 KiB (5,400 cards: 44,000
 * faults, a third of the time). */
void jobs_reserve_heap(size_t bytes);

#endif
