/* pdfops: a small tokenizer for PDF content streams (ISO 32000-1, 7.2 and 8.9.7). */
#include "pdfops.h"

#include <stdlib.h>
#include <string.h>

static int pdfops_space(unsigned char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static int pdfops_delim(unsigned char c) {
  switch (c) {
  case '(': case ')': case '<': case '>': case '[': case ']': case '{': case '}': case '/':
  case '%':
    return 1;
  default:
    return 0;
  }
}

/* A number token as strtod reads it: the digits as one integer divided by
 * a power of ten, which is exact and so rounds as strtod does, while both
 * are exact (at most 15 digits); otherwise strtod itself. */
static double pdfops_number(const char *t, size_t n) {
  size_t i = 0;
  int negative = 0;
  if (i < n && (t[i] == '-' || t[i] == '+')) negative = t[i++] == '-';
  long long digits = 0;
  int count = 0, frac = -1;
  for (; i < n; i++) {
    if (t[i] == '.' && frac < 0) {
      frac = 0;
      continue;
    }
    if (t[i] < '0' || t[i] > '9' || ++count > 15) break;
    digits = digits * 10 + (t[i] - '0');
    if (frac >= 0) frac++;
  }
  if (i == n && count > 0) {
    static const double ten[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
                                 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    double v = (double)digits / ten[frac > 0 ? frac : 0];
    return negative ? -v : v;
  }
  char num[64];
  size_t k = n < sizeof num - 1 ? n : sizeof num - 1;
  memcpy(num, t, k);
  num[k] = '\0';
  return strtod(num, NULL);
}

int pdfops_is(const char *op, size_t oplen, const char *name) {
  return strlen(name) == oplen && memcmp(op, name, oplen) == 0;
}

/* The end of a literal string starting at its '(' (nested parentheses and
 * escapes), or 0 when it is not closed. */
static size_t pdfops_string_end(const unsigned char *b, size_t len, size_t i) {
  int depth = 0;
  for (; i < len; i++) {
    if (b[i] == '\\') i++;
    else if (b[i] == '(') depth++;
    else if (b[i] == ')' && --depth == 0) return i + 1;
  }
  return 0;
}

/* The end of one token starting at i (not at a space), or 0 when it is not
 * closed; arrays and dictionaries are one token, with all they hold. */
static size_t pdfops_token_end(const unsigned char *b, size_t len, size_t i) {
  if (b[i] == '(') return pdfops_string_end(b, len, i);
  if (b[i] == '<' && i + 1 < len && b[i + 1] != '<') {
    const unsigned char *e = memchr(b + i, '>', len - i);
    return e ? (size_t)(e - b) + 1 : 0;
  }
  if (b[i] == '[' || (b[i] == '<' && i + 1 < len)) {
    int depth = 0;
    while (i < len) {
      if (b[i] == '(') {
        i = pdfops_string_end(b, len, i);
        if (!i) return 0;
        continue;
      }
      if (b[i] == '[' || (b[i] == '<' && i + 1 < len && b[i + 1] == '<')) {
        depth++;
        i += b[i] == '<' ? 2 : 1;
      } else if (b[i] == ']' || (b[i] == '>' && i + 1 < len && b[i + 1] == '>')) {
        i += b[i] == '>' ? 2 : 1;
        if (--depth == 0) return i;
      } else if (b[i] == '<') {
        const unsigned char *e = memchr(b + i, '>', len - i);
        if (!e) return 0;
        i = (size_t)(e - b) + 1;
      } else {
        i++;
      }
    }
    return 0;
  }
  if (b[i] == '/') i++;
  else if (pdfops_delim(b[i])) return i + 1; /* a stray ')' or '>' is its own token */
  while (i < len && !pdfops_space(b[i]) && !pdfops_delim(b[i])) i++;
  return i;
}

/* Past an inline image's data: the "EI" that follows a space and is
 * followed by a space or the end. */
static size_t pdfops_inline_image_end(const unsigned char *b, size_t len, size_t i) {
  for (; i + 1 < len; i++)
    if (pdfops_space(b[i - 1]) && b[i] == 'E' && b[i + 1] == 'I' &&
        (i + 2 == len || pdfops_space(b[i + 2])))
      return i + 2;
  return 0;
}

int pdfops_walk(const unsigned char *b, size_t len, pdfops_fn fn, void *ctx) {
  pdfops_operand args[PDFOPS_MAX_OPERANDS];
  int nargs = 0;
  size_t start = 0, i = 0;
  while (i < len) {
    if (pdfops_space(b[i])) { i++; continue; }
    if (b[i] == '%') {
      while (i < len && b[i] != '\n' && b[i] != '\r') i++;
      continue;
    }
    size_t end = pdfops_token_end(b, len, i);
    if (!end) return -1;
    if (nargs == 0) start = i;
    const char *t = (const char *)b + i;
    size_t tlen = end - i;
    unsigned char c = b[i];
    int is_number = (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.';
    if (c == '/') {
      if (nargs == PDFOPS_MAX_OPERANDS) return -1;
      args[nargs++] = (pdfops_operand){PDFOPS_NAME, 0, t + 1, tlen - 1};
    } else if (is_number) {
      if (nargs == PDFOPS_MAX_OPERANDS) return -1;
      args[nargs++] = (pdfops_operand){PDFOPS_NUMBER, pdfops_number(t, tlen), t, tlen};
    } else if (pdfops_delim(c) || pdfops_is(t, tlen, "true") || pdfops_is(t, tlen, "false") ||
               pdfops_is(t, tlen, "null")) {
      if (nargs == PDFOPS_MAX_OPERANDS) return -1;
      args[nargs++] = (pdfops_operand){PDFOPS_OTHER, 0, t, tlen};
    } else {
      if (pdfops_is(t, tlen, "BI")) {
        /* The image dictionary's pairs, then ID, one space, the data, EI. */
        const unsigned char *id = NULL;
        for (size_t j = end; j + 2 < len; j++)
          if (pdfops_space(b[j - 1]) && b[j] == 'I' && b[j + 1] == 'D' && pdfops_space(b[j + 2])) {
            id = b + j;
            break;
          }
        if (!id) return -1;
        end = pdfops_inline_image_end(b, len, (size_t)(id - b) + 3);
        if (!end) return -1;
      }
      int rc = fn(ctx, t, tlen, args, nargs, start, end);
      if (rc) return rc;
      nargs = 0;
    }
    i = end;
  }
  return nargs ? -1 : 0;
}
