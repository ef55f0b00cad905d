/* session: session plans (sessions/<file>.xml) and the PDF pack of each session: agenda, cards, werkvormen, record sheet. */
#ifndef KAARTSET_SESSION_H
#define KAARTSET_SESSION_H

#include <stddef.h>

#include "arena.h"
#include "deck.h"
#include "diag.h"
#include "model.h"
#include "style.h"
#include "text.h"

/* A name in a plan (a card code, a werkvorm id) and the line it stands on. */
typedef struct session_ref {
  const char *name;
  long line;
} session_ref;

typedef struct session {
  const char *name;           /* the PDF's file name without .pdf */
  const char *date;           /* YYYY-MM-DD */
  const char *start;          /* HH:MM, or NULL */
  const char *place;          /* or NULL */
  const char *title;
  const session_ref *cards;   /* in the plan's order */
  size_t n_cards;
  const session_ref *werkvormen;
  size_t n_werkvormen;
  int blank;                  /* blank question cards per card set */
  const char *const *notes;
  size_t n_notes;
  long line;
} session;

typedef struct session_plan {
  arena *arena;               /* owned: everything below */
  const char *file;
  const char *lang;           /* xml:lang */
  const char *title;          /* the series' title, or NULL */
  const session *sessions;
  size_t n_sessions;
} session_plan;

/* Reads and validates (schema/sessions.rng) a plan; two sessions with one
 * name is an error at the second. NULL with errors in d. */
session_plan *session_plan_load_file(const char *path, diag_list *d);
void session_plan_free(session_plan *p); /* accepts NULL */

/* Every label key a session pack prints besides the ones of model.h;
 * session_write checks that the content has them. */
extern const char *const session_label_keys[];
extern const size_t session_n_label_keys;

/* Writes <out_dir>/<name>.pdf for every session of p: the agenda (title,
 * date, each werkvorm with its time and steps, the chosen questions with
 * their codes, notes), the chosen cards duplex on as few sheets as they
 * fit (the plan's order, sets sharing sheets) as o says, the chosen
 * werkvorm pages and the record sheet with the chosen questions; each part
 * starts on the front of a sheet. full is the whole deck laid out (borrowed).
 * A code or werkvorm the edition lacks is an error at its line in the plan
 * (all of them at once); nothing is written then. The files replace the
 * old ones together. Returns 0, or -1 with errors in d. */
int session_write(const session_plan *p, text_ctx *t, const style *s, const model_instrument *m,
                  const deck *full, const deck_sheet_options *o, const char *out_dir,
                  diag_list *d);

#endif
