/* pdfops: a PDF content stream as operators with their operands, for the print-shop pass and the preflight. */
#ifndef KAARTSET_PDFOPS_H
#define KAARTSET_PDFOPS_H

#include <stddef.h>

typedef enum { PDFOPS_NUMBER, PDFOPS_NAME, PDFOPS_OTHER } pdfops_kind;

/* One operand: a number, a name (without its slash), or anything else
 * (string, array, dictionary, boolean), which only its bytes describe. */
typedef struct pdfops_operand {
  pdfops_kind kind;
  double number;      /* PDFOPS_NUMBER */
  const char *text;   /* borrowed: its bytes in the stream (a name without '/') */
  size_t len;
} pdfops_operand;

enum { PDFOPS_MAX_OPERANDS = 32 };

/* One operator as the stream has it: its name (op, oplen, e.g. "rg"), its
 * operands, and where it starts (its first operand) and ends (after the
 * operator) in the stream, so a caller can copy or replace those bytes.
 * An inline image (BI … ID … EI) comes as one operator "BI" spanning all of
 * it. Returns 0 to go on, anything else to stop the walk with that value. */
typedef int (*pdfops_fn)(void *ctx, const char *op, size_t oplen, const pdfops_operand *args,
                         int nargs, size_t start, size_t end);

/* Walks buf (a decoded content stream) operator by operator. Returns 0,
 * the callback's value when it stopped the walk, or -1 when the stream is
 * malformed (an unclosed string or array, more than PDFOPS_MAX_OPERANDS
 * operands). */
int pdfops_walk(const unsigned char *buf, size_t len, pdfops_fn fn, void *ctx);

/* Whether op (of oplen bytes) is the operator name. */
int pdfops_is(const char *op, size_t oplen, const char *name);

#endif
