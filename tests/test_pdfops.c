/* Tests for pdfops: operators with their operands, numbers read as strtod reads them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdfops.h"

typedef struct seen {
  char ops[64][8];
  double numbers[256];
  const char *texts[256];
  size_t lens[256];
  int n_ops, n_numbers;
} seen;

static int record(void *ctx, const char *op, size_t oplen, const pdfops_operand *args, int nargs,
                  size_t start, size_t end) {
  (void)start, (void)end;
  seen *s = ctx;
  snprintf(s->ops[s->n_ops++], sizeof s->ops[0], "%.*s", (int)oplen, op);
  for (int i = 0; i < nargs; i++) {
    if (args[i].kind != PDFOPS_NUMBER) continue;
    s->texts[s->n_numbers] = args[i].text;
    s->lens[s->n_numbers] = args[i].len;
    s->numbers[s->n_numbers++] = args[i].number;
  }
  return 0;
}

/* Every number operand has exactly the value strtod gives its bytes (the
 * print-shop pass writes colours converted from them). */
static void test_numbers_as_strtod_reads_them(void **state) {
  (void)state;
  const char *stream =
      "0.121569 0.121569 0.121569 rg 10.199219 0 0 -10.199219 32.597656 107.628906 Tm\n"
      "-0 +5 .5 5. -.25 0.1 0.7 1.0000000000000002 123456789012345 1234567890123456 "
      "0.000000000000001 99999999999999.9 -17.50 3 0 0 3 0 0 cm\n"
      "[(r)20(en)]TJ 1 1 1 RG 0.283465 w 21.262 38.27 178.582 249.449 re S";
  seen s = {0};
  assert_int_equal(pdfops_walk((const unsigned char *)stream, strlen(stream), record, &s), 0);
  assert_int_equal(s.n_ops, 8);
  assert_string_equal(s.ops[0], "rg");
  assert_string_equal(s.ops[2], "cm");
  assert_string_equal(s.ops[3], "TJ");
  assert_string_equal(s.ops[7], "S");
  assert_true(s.n_numbers > 30);
  for (int i = 0; i < s.n_numbers; i++) {
    char num[64];
    snprintf(num, sizeof num, "%.*s", (int)s.lens[i], s.texts[i]);
    double want = strtod(num, NULL);
    /* the same bits, the sign of zero included */
    assert_memory_equal(&s.numbers[i], &want, sizeof want);
  }
}

/* Nothing but numbers, each as strtod reads it: every decimal with up to
 * four digits either side of the point, of either sign. */
static void test_many_numbers(void **state) {
  (void)state;
  char buf[64];
  for (int whole = 0; whole < 10000; whole += 7)
    for (int frac = 0; frac < 10000; frac += 13) {
      snprintf(buf, sizeof buf, "%s%d.%04d cm", (whole + frac) % 2 ? "-" : "", whole, frac);
      seen s = {0};
      assert_int_equal(pdfops_walk((const unsigned char *)buf, strlen(buf), record, &s), 0);
      assert_int_equal(s.n_numbers, 1);
      double want = strtod(buf, NULL);
      assert_memory_equal(&s.numbers[0], &want, sizeof want);
    }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_numbers_as_strtod_reads_them),
      cmocka_unit_test(test_many_numbers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
