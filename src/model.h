/* model: the loaded instrument as plain structs (no libxml2, Pango or Cairo here). */
#ifndef KAARTSET_MODEL_H
#define KAARTSET_MODEL_H

#include <stddef.h>

#include "arena.h"

/* Where a node came from, for diagnostics. file is borrowed from the instrument. */
typedef struct model_loc {
  const char *file;
  long line;
} model_loc;

/* Inline text is a sequence of runs. A run is plain text with style flags,
 * or a reference (its text is NULL; the layout prints the card's code or the
 * werkvorm's name, resolved by id). */
enum { RUN_EM = 1u << 0, RUN_STRONG = 1u << 1 };
typedef enum { RUN_TEXT, RUN_REF_CARD, RUN_REF_WERKVORM } model_run_kind;

typedef struct model_run {
  model_run_kind kind;
  unsigned flags;     /* RUN_EM | RUN_STRONG */
  const char *text;   /* RUN_TEXT: UTF-8, white space already collapsed */
  const char *ref;    /* RUN_REF_*: the id referred to */
} model_run;

typedef struct model_text {
  const model_run *runs;
  size_t n_runs;
  model_loc loc;
} model_text;

typedef struct model_label {
  const char *key;
  const char *text;   /* may hold {placeholders}; never a format string */
  model_loc loc;
} model_label;

/* A theme or an aspect: an id and the name printed for it. */
typedef struct model_named {
  const char *id;
  const char *name;
  model_loc loc;
} model_named;

typedef model_named model_theme;
typedef model_named model_aspect;

struct model_cardset;

typedef struct model_card {
  const char *id;
  const char *code;                  /* short code printed on the card: set code + number, "P1" */
  const struct model_cardset *set;   /* borrowed */
  const model_theme *theme;          /* borrowed */
  const model_aspect *aspect;        /* borrowed */
  model_text question;
  const model_text *prompts;
  size_t n_prompts;
  model_loc loc;
} model_card;

typedef struct model_cardset {
  const char *id;
  const char *code;                  /* the `code` attribute, default: first letter of id, upper case */
  const char *name;
  model_text intro;
  const model_card *cards;
  size_t n_cards;
  model_loc loc;
  model_loc name_loc;                /* of <name> */
} model_cardset;

typedef struct model_role {
  const char *name;
  model_text text;
} model_role;

typedef struct model_step {
  int minutes;                       /* 0 when not given */
  model_text text;
} model_step;

typedef struct model_werkvorm {
  const char *id;
  const char *name;
  model_text purpose;
  int minutes;                       /* <duration minutes> */
  int group_min, group_max;          /* <groupsize min max> */
  const model_text *materials;
  size_t n_materials;
  const model_role *roles;
  size_t n_roles;
  const model_step *steps;
  size_t n_steps;
  const model_text *tips;
  size_t n_tips;
  const model_text *summary;         /* the steps in brief, for the werkvorm card; may be none */
  size_t n_summary;
  model_loc loc;
  model_loc name_loc;                /* of <name> */
} model_werkvorm;

typedef enum { BLOCK_PARAGRAPH, BLOCK_LIST, BLOCK_SECTION } model_block_kind;

struct model_section;

typedef struct model_block {
  model_block_kind kind;
  int numbered;                      /* BLOCK_LIST: <list style="numbered"> */
  const model_text *items;           /* PARAGRAPH: one item; LIST: the items */
  size_t n_items;
  const struct model_section *section; /* BLOCK_SECTION: a subsection */
  model_loc loc;
} model_block;

typedef struct model_section {
  const char *id;
  const char *title;
  const model_block *blocks;
  size_t n_blocks;
  model_loc loc;
  model_loc title_loc;               /* of <title> */
} model_section;

typedef struct model_meta {
  const char *title, *subtitle, *publisher, *date, *license;
  model_loc title_loc, subtitle_loc, publisher_loc, license_loc; /* where each stands */
} model_meta;

/* A text of a translation that was missing and is printed from the
 * reference edition instead (content_complete). */
typedef struct model_fallback {
  const char *what;                  /* "card 'prikkel-opleiden-visie'", "label 'page'" */
  model_loc ref;                     /* where the reference edition has it */
} model_fallback;

typedef struct model_instrument {
  arena *arena;                      /* owned: every node and string below */
  const char *file;                  /* the file it was loaded from */
  const char *lang;                  /* xml:lang */
  const char *edition;
  model_meta meta;
  const model_label *labels;
  size_t n_labels;
  const model_theme *themes;
  size_t n_themes;
  const model_aspect *aspects;
  size_t n_aspects;
  const model_cardset *cardsets;
  size_t n_cardsets;
  const model_werkvorm *werkvormen;
  size_t n_werkvormen;
  const model_section *sections;     /* the guide's top-level sections */
  size_t n_sections;
  /* Lines of elements marked same="yes": text meant to stay as in the
   * reference edition (names, "Tips"); sorted. */
  const long *same_lines;
  size_t n_same_lines;
  /* The reference edition whose texts fill the gaps (owned, freed with
   * this one; set by content_load_edition), and each text taken from it
   * (content_complete). */
  struct model_instrument *reference;
  const model_fallback *fallbacks;
  size_t n_fallbacks;
} model_instrument;

/* Frees the instrument and its arena. Accepts NULL. */
void model_free(model_instrument *m);

/* Look-ups by id or key; NULL when absent. Results are borrowed. */
const model_named *model_named_find(const model_named *list, size_t n, const char *id);
const model_theme *model_theme_find(const model_instrument *m, const char *id);
const model_aspect *model_aspect_find(const model_instrument *m, const char *id);
const model_card *model_card_find(const model_instrument *m, const char *id);
const model_cardset *model_cardset_find(const model_instrument *m, const char *id);
const model_werkvorm *model_werkvorm_find(const model_instrument *m, const char *id);
const model_label *model_label_find(const model_instrument *m, const char *key);

/* Every label key the layout prints. The loader checks each is present. */
extern const char *const model_label_keys[];
extern const size_t model_n_label_keys;

/* The label `key` with {name} placeholders replaced by values[i] where
 * names[i] matches; unknown placeholders stay as they are. Returns a
 * malloc'd string (free it), or NULL when the label is missing. In a
 * right-to-left edition (model_rtl) each value is wrapped in U+2068 FIRST
 * STRONG ISOLATE ... U+2069 POP DIRECTIONAL ISOLATE, so a code, number or
 * date keeps its order among right-to-left words: for text that is laid
 * out. */
char *model_label_fill(const model_instrument *m, const char *key, size_t n,
                       const char *const names[], const char *const values[]);
/* The same without isolates, for words no layout sets (PDF page labels). */
char *model_label_fill_bare(const model_instrument *m, const char *key, size_t n,
                            const char *const names[], const char *const values[]);

/* True when a language tag (xml:lang: ar, he, fa-IR, ks-Arab) is written
 * right to left; model_rtl: the instrument's language is. */
int model_lang_rtl(const char *lang);
int model_rtl(const model_instrument *m);

/* The text of a model_text with all runs concatenated (refs as their id's
 * card code or werkvorm name). malloc'd; free it. */
char *model_text_plain(const model_instrument *m, const model_text *t);

/* How much text n texts hold, in bytes of their runs (a reference counts
 * as 8): a measure for choosing what to lay out first. */
size_t model_text_bytes(const model_text *t, size_t n);

/* order[0..n) := the indices 0..n-1 by bytes[i], the most first, in their
 * own order among equals: what to lay out first when the first sets a
 * size the others share. */
void model_order_most_text(const size_t *bytes, size_t n, size_t *order);

/* Whether the element at `line` is marked same="yes". */
int model_same_on_purpose(const model_instrument *m, long line);

/* The inline text as it is written in instrument.xml: <em>, <strong>,
 * <ref card="…"/>, <ref werkvorm="…"/>, with &, < and > escaped. malloc'd. */
char *model_text_xml(const model_text *t);

/* One translatable text of an instrument, named by its id path, the same in
 * every edition: "meta/subtitle", "label/page", "theme/opleiden",
 * "cardset/prikkel/name", "card/ID/question", "card/ID/prompt/2",
 * "werkvorm/ID/step/3", "werkvorm/ID/role/1/name", "section/ID/title",
 * "section/ID/2" (the second paragraph or list, not counting subsections),
 * "section/ID/3.1" (its first item). Borrowed from the instrument. */
typedef struct model_item {
  char path[192];
  const char *str;          /* a plain text (names, labels, meta), or NULL */
  const model_text *text;   /* an inline text, or NULL */
  model_loc loc;
  const char *where;        /* where it is printed, for translators */
} model_item;

/* Calls fn for every item of m, in file order. */
typedef void (*model_item_fn)(const model_item *it, void *ctx);
void model_each_item(const model_instrument *m, model_item_fn fn, void *ctx);

/* The item of m at path into *out; 0 when found, -1 when m has none. */
int model_item_find(const model_instrument *m, const char *path, model_item *out);

/* The item's text: plain (refs resolved in m) or as written (model_text_xml).
 * malloc'd. */
char *model_item_plain(const model_instrument *m, const model_item *it);
char *model_item_xml(const model_item *it);

#endif
