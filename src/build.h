/* build: one edition from content and template to the files in its output folder. */
#ifndef KAARTSET_BUILD_H
#define KAARTSET_BUILD_H

#include "diag.h"
#include "export.h"
#include "select.h"
#include "sheet.h"

/* Exit codes, as DESIGN.md has them. */
enum { BUILD_OK = 0, BUILD_CONTENT_ERROR = 1, BUILD_USAGE = 2, BUILD_IO_ERROR = 3 };

/* What `build --only` may name; 0 (none named) builds everything. */
enum {
  BUILD_ONLY_CARDS = 1, BUILD_ONLY_PRINTSHOP = 2, BUILD_ONLY_GUIDE = 4,
  BUILD_ONLY_WERKVORMEN = 8, BUILD_ONLY_HTML = 16,
};

typedef struct build_options {
  const char *content_dir;   /* holds instrument.xml */
  const char *template_path;
  const char *fonts_dir;
  const char *hyphen_dir;    /* NULL: /usr/share/hyphen */
  const char *out_dir;       /* the edition's output folder */
  const char *paper;         /* a <paper> name of the template; NULL: its first */
  sheet_duplex duplex;
  double back_dx, back_dy;
  int marks;                 /* -1: the template's; else a style_marks */
  const char *date;          /* NULL: the content's <date>; else YYYY-MM-DDTHH:MM:SS */
  const char *icc_path;      /* --icc: the print shop's CMYK profile to embed; NULL: none */
  /* Translations (issue 9). */
  const char *reference_dir; /* the reference edition a translation is completed from; NULL: none */
  int allow_incomplete;      /* texts missing from the translation print the reference's */
  size_t *fallbacks;         /* when set, receives how many texts came from the reference */
  const char *mark_reviewed; /* check: "all" or id paths to mark reviewed first; NULL: none */
  select_options select;     /* the cards of the deck outputs; all when empty */
  int blank;                 /* blank question cards per card set in the deck outputs */
  unsigned only;             /* BUILD_ONLY_* bits of the files to make; 0: all of them */
} build_options;

/* Loads, lays out and renders every output of the edition. Nothing is
 * renamed into out_dir unless all of it was made, so a failed run leaves
 * earlier output as it was. Returns one of the BUILD_* codes; messages are
 * in d. */
int build_edition(const build_options *o, diag_list *d);

/* Checks the edition in o->content_dir against the one in reference_dir
 * (see check.h), and that a hyphenation dictionary exists for its
 * language. BUILD_OK when nothing is missing (warnings may remain). */
int build_check(const build_options *o, const char *reference_dir, diag_list *d);

/* Writes the chosen cards (o->select) as images into out_dir/images (see
 * export.h). */
int build_export(const build_options *o, export_format fmt, double dpi, diag_list *d);

/* Writes the session packs of the plan at plan_path (see session.h) into
 * out_dir/sessions. When o->content_dir is NULL the edition is
 * content/<the plan's xml:lang>; when o->out_dir is NULL, output/<that
 * folder's name>. */
int build_session(const build_options *o, const char *plan_path, diag_list *d);

/* Writes calibration.pdf (see calibrate.h) into out_dir, on the paper of
 * o->paper, with the words of the content's labels. */
int build_calibration(const build_options *o, diag_list *d);

#endif
