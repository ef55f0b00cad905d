/* Tests for jobs: tasks in child processes, their results and messages in task order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "jobs.h"

/* Task i says which task it is and which process ran it; task 0 ends last,
 * so the order of the messages cannot come from the order of ending. */
static int say_task(size_t i, void *arg, diag_list *d) {
  (void)arg;
  if (i == 0) nanosleep(&(struct timespec){.tv_nsec = 200 * 1000 * 1000}, NULL);
  diag_warning(d, "task", (long)i + 1, "pid %ld", (long)getpid());
  if (i == 3) diag_error_of(d, DIAG_IO, "task", 4, "fourth fails");
  return i == 3 ? -1 : (int)i;
}

static void test_results_and_messages_in_task_order(void **state) {
  (void)state;
  setenv("KAARTSET_JOBS", "4", 1);
  diag_list *d = diag_new();
  int results[4];
  assert_int_equal(jobs_run(4, say_task, NULL, results, d), -1);
  assert_int_equal(results[0], 0);
  assert_int_equal(results[1], 1);
  assert_int_equal(results[2], 2);
  assert_int_equal(results[3], -1);
  assert_int_equal(diag_count(d), 5);
  assert_non_null(strstr(diag_message(d, 0), "task:1: warning: pid "));
  assert_non_null(strstr(diag_message(d, 1), "task:2: warning: pid "));
  assert_non_null(strstr(diag_message(d, 2), "task:3: warning: pid "));
  assert_non_null(strstr(diag_message(d, 3), "task:4: warning: pid "));
  assert_string_equal(diag_message(d, 4), "task:4: error: fourth fails");
  assert_int_equal(diag_exit_code(d), DIAG_IO);
  /* They ran in other processes than this one. */
  char mine[64];
  snprintf(mine, sizeof mine, "pid %ld", (long)getpid());
  for (size_t i = 0; i < 5; i++) assert_null(strstr(diag_message(d, i), mine));
  diag_free(d);
}

static void test_one_job_runs_here(void **state) {
  (void)state;
  setenv("KAARTSET_JOBS", "1", 1);
  diag_list *d = diag_new();
  int results[2];
  assert_int_equal(jobs_run(2, say_task, NULL, results, d), 0);
  assert_int_equal(results[1], 1);
  char mine[64];
  snprintf(mine, sizeof mine, "task:2: warning: pid %ld", (long)getpid());
  assert_string_equal(diag_message(d, 1), mine);
  diag_free(d);
}

/* Every task fails of one cause, as on a full disk: one message. */
static int full_disk_task(size_t i, void *arg, diag_list *d) {
  (void)arg;
  diag_error_of(d, DIAG_IO, "file", (long)i + 1, "no space left");
  return -1;
}

static void test_one_cause_one_message(void **state) {
  (void)state;
  setenv("KAARTSET_JOBS", "2", 1);
  diag_list *d = diag_new();
  int results[5];
  assert_int_equal(jobs_run(5, full_disk_task, NULL, results, d), -1);
  assert_int_equal(diag_count(d), 1);
  assert_string_equal(diag_message(d, 0), "file:1: error: no space left");
  /* No task started after one had failed. */
  assert_int_equal(results[4], -1);
  diag_free(d);
}

/* A child that dies is an error, never a silent success. */
static int die_task(size_t i, void *arg, diag_list *d) {
  (void)arg, (void)d;
  if (i == 1) raise(SIGKILL);
  return 0;
}

static void test_a_killed_child_is_an_error(void **state) {
  (void)state;
  setenv("KAARTSET_JOBS", "2", 1);
  diag_list *d = diag_new();
  int results[2];
  assert_int_equal(jobs_run(2, die_task, NULL, results, d), -1);
  assert_int_equal(results[0], 0);
  assert_int_equal(results[1], -1);
  assert_int_equal(diag_error_count(d), 1);
  assert_non_null(strstr(diag_message(d, 0), "stopped unexpectedly"));
  diag_free(d);
}

/* Long messages pass whole, more than a pipe would hold. */
static int long_task(size_t i, void *arg, diag_list *d) {
  (void)arg;
  for (int k = 0; k < 200; k++) diag_warning(d, "long", k + 1, "%0*d", 3000, (int)i);
  return 0;
}

static void test_many_long_messages(void **state) {
  (void)state;
  setenv("KAARTSET_JOBS", "2", 1);
  diag_list *d = diag_new();
  int results[2];
  assert_int_equal(jobs_run(2, long_task, NULL, results, d), 0);
  assert_int_equal(diag_count(d), 400);
  assert_int_equal(strlen(diag_message(d, 399)), strlen("long:200: warning: ") + 3000);
  assert_int_equal(diag_message(d, 399)[strlen(diag_message(d, 399)) - 1], '1');
  diag_free(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_results_and_messages_in_task_order),
    cmocka_unit_test(test_one_job_runs_here),
    cmocka_unit_test(test_one_cause_one_message),
    cmocka_unit_test(test_a_killed_child_is_an_error),
    cmocka_unit_test(test_many_long_messages),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
