/* check: compares a translated edition with its reference and lists what is missing, untranslated or out of date. */
#ifndef KAARTSET_CHECK_H
#define KAARTSET_CHECK_H

#include "diag.h"
#include "fonts.h"
#include "model.h"

/* The review record of an edition (content/<lang>/reviewed.txt): for each
 * item, a fingerprint of the reference text it was translated or last
 * reviewed from, and that text. kaartset writes it; nobody types it. */
typedef struct check_record check_record;

/* Reads the record at path; a file that is not there is an empty record
 * (check then says so once). NULL, with an error, when it cannot be read. */
check_record *check_record_load(const char *path, diag_list *d);
void check_record_free(check_record *rec); /* accepts NULL */

/* Writes rec to path (atomically), in r's item order. */
int check_record_save(const check_record *rec, const model_instrument *r, const char *path,
                      diag_list *d);

/* Marks the items of t named in which ("all", or id paths separated by
 * commas) reviewed against r's current text; items t lacks are skipped.
 * Returns how many were marked. */
size_t check_mark_reviewed(check_record *rec, model_instrument *t, const model_instrument *r,
                           const char *which);

/* Records one item as translated from ref_xml (the reference text as
 * model_item_xml gives it). */
void check_record_mark(check_record *rec, const char *path, const char *ref_xml);

/* 1 when the reference text of path changed since rec recorded it (*old is
 * then the recorded text, borrowed), 0 when not, -1 when rec has no record
 * of it. */
int check_record_changed(const check_record *rec, const char *path, const char *ref_xml,
                         const char **old);

/* Compares translation t (loaded with content_load_translation against r)
 * with reference r, after completing t from r (content_complete):
 * - an error for each text a build would take from r (one per missing
 *   card, werkvorm, section, label, prompt, step by number and so on), for
 *   a label whose {placeholders} differ from r's, and for a werkvorm whose
 *   steps no longer add up to its duration;
 * - a warning for every id t has and r has not, for lists t has more items
 *   of, for timings that differ, for every text that is the same as in r
 *   (not translated yet) unless marked same="yes" or a label of
 *   placeholders and abbreviations only, and when both have the same
 *   xml:lang;
 * - with a record (may be NULL): a warning for every item whose text in r
 *   changed since it was reviewed, with the old and the new text, and for
 *   items not reviewed yet.
 * Messages point at t's file and line and name r's. Returns the number of
 * errors added. */
size_t check_edition(model_instrument *t, const model_instrument *r, const check_record *rec,
                     diag_list *d);

/* Whether item it of t may rightly be the same as in the reference: marked
 * same="yes", or a label of placeholders and short abbreviations only
 * ("{set} · {aspect}", "W{number}", "{minutes} min"). */
int check_same_is_fine(const model_instrument *t, const model_item *it);

/* check_edition without a record. */
size_t check_translation(model_instrument *t, const model_instrument *r, diag_list *d);

/* An error for every item of t with a character that no font of f has,
 * laid out in family. Returns the number of errors. */
size_t check_glyphs(const model_instrument *t, fonts *f, const char *family, diag_list *d);

#endif
