/* style: a template (templates/<name>.xml): design, never words. All lengths in mm. */
#ifndef KAARTSET_STYLE_H
#define KAARTSET_STYLE_H

#include <stddef.h>

#include "diag.h"

typedef struct style_rgb {
  double r, g, b;   /* sRGB, 0..1 */
} style_rgb;

/* A colour as printed by a print shop: cyan, magenta, yellow, black, 0..1. */
typedef struct style_cmyk {
  double c, m, y, k;
} style_cmyk;

/* Every colour of <colours> with its CMYK value, for the print-shop file. */
typedef struct style_ink {
  style_rgb rgb;
  style_cmyk cmyk;
  int has_cmyk;     /* 0: the template gives none (converted with --icc, or refused) */
  long line;        /* of its element, for messages */
  const char *what; /* borrowed: "text", "theme 'opleiden'" … (static or the id) */
} style_ink;

/* The printing condition the print-shop file is made for (its OutputIntent). */
typedef enum { STYLE_FOGRA39, STYLE_FOGRA47, STYLE_GRACOL } style_condition;

typedef struct style_colour_of {
  char *id;         /* owned: theme id or card set id */
  style_rgb colour;
} style_colour_of;

typedef enum { MARKS_EDGE, MARKS_CORNER } style_marks;

typedef struct style_paper {
  char *name;       /* owned: "a4", "letter" … */
  double w, h;      /* portrait */
} style_paper;

typedef struct style {
  char *file;                   /* owned: where it came from */
  char *name;                   /* owned */
  long card_line, paper_line;   /* lines of <card> and of the first <paper>, for messages */

  /* <card> */
  double card_w, card_h;        /* trim size */
  double radius;                /* corner radius drawn on office sheets */
  double bleed;                 /* print-shop bleed on every side */
  double safe;                  /* text stays this far inside the trim */
  double band_h;                /* height of the theme colour band at the top */

  /* <paper> formats; the first is the default office sheet */
  style_paper *papers;          /* owned */
  size_t n_papers;
  double paper_w, paper_h;      /* the first paper */

  /* <sheet> */
  double scale_strip;           /* room kept under the cards for the scale bar */
  double paper_margin;          /* the printer's unprintable margin */
  double gap;                   /* space between cards; 0 = shared cut lines */

  /* <marks> */
  style_marks marks;
  double mark_len, mark_offset, mark_width_pt;

  /* <fonts> family names of files in fonts/ */
  char *font_family;            /* owned */

  /* <text> sizes in points */
  double question_max_pt, question_min_pt;
  double prompt_pt, band_pt, meta_pt, footer_pt, back_title_pt, back_sub_pt;
  double line_spacing;          /* factor, 1.0 = the font's own */
  double min_text_pt;           /* no printed text is smaller (checked by preflight) */

  /* <colours> */
  style_rgb text, muted, paper, back_text;
  style_colour_of *themes;      /* owned */
  size_t n_themes;
  style_colour_of *cardsets;    /* owned */
  size_t n_cardsets;
  style_ink *inks;              /* owned: text, muted, paper, on-colour, themes, card sets */
  size_t n_inks;
  style_condition condition;    /* <colours condition>, FOGRA39 when left out */
  style_cmyk rich_black;        /* <colours rich-black>: solid black areas of the print-shop
                                   file at least rich_black_min mm both ways print in it
                                   (text and thinner shapes stay 0/0/0/100) */
  int has_rich_black;
  double rich_black_min;        /* mm, default 20 */

  /* <document>: the guide and the werkvorm pages (A4 documents) */
  double doc_w, doc_h;
  double doc_margin_top, doc_margin_bottom, doc_margin_left, doc_margin_right;
  double doc_body_pt, doc_small_pt, doc_h1_pt, doc_h2_pt, doc_title_pt, doc_subtitle_pt;
  double doc_line_spacing;      /* factor, 1.0 = the font's own */
  double doc_para_space;        /* between paragraphs, and around lists */
  double doc_item_space;        /* between the items of a list */
  double doc_h1_space, doc_h2_space; /* above a heading of level 1, 2 */
  double doc_heading_after;     /* below a heading */
  double doc_indent;            /* of list text from the marker */
  double doc_rule_space;        /* between the writing lines of a form */
  int doc_justify;              /* paragraphs justified (1) or ragged right (0) */
  style_rgb doc_heading;        /* colour of headings, markers and rules */
  double table_margin;          /* page margin of a werkvorm page */
  double table_max_pt, table_min_pt; /* body size range of a werkvorm page, fitted to one page */
  double table_columns, table_gap;   /* columns of a werkvorm page (under its name) and their gap */
  int table_justify;                 /* werkvorm pages justified (1) or ragged right (0) */
} style;

/* Parses and validates a template held in buf. Errors go to d as
 * "file:line: error: …"; returns NULL then. Free with style_free. */
style *style_load(const char *buf, size_t len, const char *filename, diag_list *d);
style *style_load_file(const char *path, diag_list *d);
void style_free(style *s); /* accepts NULL */

/* The colour of a theme or card set by id; fallback when the template has none. */
style_rgb style_theme_colour(const style *s, const char *theme_id);
style_rgb style_cardset_colour(const style *s, const char *cardset_id);

/* The paper of that name, or NULL. */
const style_paper *style_paper_find(const style *s, const char *name);

#endif
