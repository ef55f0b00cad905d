/* para: whole-paragraph line breaking (Knuth-Plass style) over measured break points; no Pango here. */
#ifndef KAARTSET_PARA_H
#define KAARTSET_PARA_H

/* A place where a line may end. The paragraph's start is break 0 (only its
 * next_x counts) and its end is the last, of kind PARA_END. Positions are
 * in any one unit (text.c uses Pango units), measured along the paragraph
 * set on one line. */
typedef enum {
  PARA_GLUE,   /* at a space: the space disappears */
  PARA_HYPHEN, /* at a soft hyphen: a hyphen is drawn */
  PARA_AFTER,  /* after a hyphen in the text ("flip-|over"): nothing is added */
  PARA_END,    /* the end of the paragraph */
} para_kind;

typedef struct para_break {
  para_kind kind;
  double end_x;  /* where a line ending here ends (a drawn hyphen included) */
  double next_x; /* where the line after it starts */
  int compound;  /* a hyphen at a boundary between the parts of a compound */
} para_break;

/* How a paragraph is set: the penalties, in TeX's units (demerits are
 * squares of badness plus penalty). */
typedef struct para_rules {
  int justify;             /* spaces stretch to fill every line but the last */
  double space;            /* a normal word space (stretch of justified lines: space x stretch) */
  double stretch;          /* justified: how much a space may grow (0.5: up to 1.5 x) */
  double shrink;           /* justified: how much a space may shrink (0.2: down to 0.8 x) */
  double ragged;           /* ragged right: the width, as a fraction of the line, where badness is 100 */
  double line_penalty;     /* added to every line's badness (TeX \linepenalty: 10) */
  double hyphen_penalty;   /* a line that ends in a hyphen (TeX \hyphenpenalty: 50) */
  double compound_penalty; /* the same at a compound boundary (lower: breaks there first) */
  double double_hyphen;    /* demerits for two hyphenated lines in a row (TeX: 10000) */
  int max_ladder;          /* most hyphenated lines in a row (0: no limit) */
  double short_last;       /* a last line narrower than this fraction of the width ... */
  double short_last_demerits; /* ... costs this much */
} para_rules;

/* Chooses where the lines of a paragraph end: the path through breaks
 * b[0..n) (b[0] the start, b[n-1] the end) with the least demerits, no line
 * wider than width (justified: than its spaces can shrink to) where any
 * other choice exists, and, unless only that avoids a line too wide, no
 * hyphen in the last word (so no tail of a word alone on the last line)
 * and no more than max_ladder hyphens in a row. Writes the chosen break
 * indices (ascending, the last is n - 1) to out (room for n) and returns
 * how many. */
int para_break_lines(const para_break *b, int n, double width, const para_rules *r, int *out);

#endif
