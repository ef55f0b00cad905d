/* po: an edition's texts as a gettext PO file for translation tools (Poedit, Weblate, OmegaT), and back. */
#ifndef KAARTSET_PO_H
#define KAARTSET_PO_H

#include "diag.h"

/* Writes po_path (its folder is made): one entry per item of the reference
 * edition in reference_dir (model_each_item order), with msgctxt the item's
 * id path, msgid the reference text as written in instrument.xml (inline
 * <em>, <strong>, <ref/> kept), msgstr the translation in content_dir ("" when
 * it lacks the item, or its text is still the reference's and not marked
 * same="yes"), and translator comments saying where the text is printed and
 * its length budget. An item whose reference text changed since it was
 * reviewed (content_dir/reviewed.txt) is fuzzy, with the old text as
 * "#| msgid". The file passes msgfmt -c. Returns a BUILD_* code. */
int po_export(const char *content_dir, const char *reference_dir, const char *po_path,
              diag_list *d);

/* Reads po_path and writes each translated text (msgstr not empty) into
 * content_dir/instrument.xml, in the element its msgctxt names; texts that
 * are already so are left alone, so the file is only rewritten when
 * something changed, and a PO file made by po_export gives the same bytes
 * back. The new file must load (checked before it replaces the old one).
 * Entries not fuzzy are recorded as reviewed against their msgid
 * (content_dir/reviewed.txt). Returns a BUILD_* code. */
int po_import(const char *po_path, const char *content_dir, const char *reference_dir,
              diag_list *d);

#endif
