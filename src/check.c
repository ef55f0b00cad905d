/* check: what a translation still lacks, compared item by item with the reference edition. */
#include "check.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "text.h"

/* Where messages point when the reference has something the translation lacks. */
typedef struct check_ctx {
  const model_instrument *t, *r;
  const check_record *rec;   /* NULL: out-of-date texts are not looked for */
  diag_list *d;
  size_t errors;
} check_ctx;

/* "card/ID/prompt/2" as a reader says it: "card 'ID' prompt 2". */
static void check_describe(const char *path, char *out, size_t n) {
  static const struct { const char *kind, *name; } kinds[] = {
    {"cardset", "card set"}, {"section", "guide section"}, {"card", "card"},
    {"werkvorm", "werkvorm"}, {"label", "label"}, {"theme", "theme"}, {"aspect", "aspect"},
  };
  const char *slash = strchr(path, '/');
  if (!slash || strncmp(path, "meta/", 5) == 0) {
    snprintf(out, n, "meta %s", slash ? slash + 1 : path);
    return;
  }
  const char *kind = NULL;
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (strlen(kinds[i].kind) == (size_t)(slash - path) &&
        strncmp(path, kinds[i].kind, (size_t)(slash - path)) == 0)
      kind = kinds[i].name;
  const char *id = slash + 1, *rest = strchr(id, '/');
  int id_len = rest ? (int)(rest - id) : (int)strlen(id);
  int len = snprintf(out, n, "%s '%.*s'", kind ? kind : "item", id_len, id);
  for (const char *p = rest; p && *p && len > 0 && (size_t)len < n; p++)
    out[len++] = *p == '/' ? ' ' : *p;
  if (len > 0 && (size_t)len < n) out[len] = '\0';
  else out[n - 1] = '\0';
}

static void check_extra(check_ctx *c, const char *kind, const char *id, model_loc in_t) {
  diag_warning(c->d, in_t.file, in_t.line,
               "%s '%s' is not in %s (keep the ids of the reference edition)", kind, id,
               c->r->file);
}

static void check_count(check_ctx *c, const char *kind, const char *id, const char *what,
                        size_t nt, size_t nr, model_loc in_t) {
  if (nt <= nr) return; /* fewer: each missing one is listed by content_complete */
  diag_warning(c->d, in_t.file, in_t.line, "%s '%s' has %zu %s, %s has %zu (translate each one, "
               "and no more)", kind, id, nt, what, c->r->file, nr);
}

/* The {placeholders} of a label, sorted, as one string: "{page}{pages}". */
static char *check_placeholders(const char *text) {
  size_t n = 0, cap = strlen(text) + 1;
  const char *names[64];
  size_t lens[64];
  for (const char *p = text; (p = strchr(p, '{')) != NULL && n < 64; p++) {
    const char *close = strchr(p, '}');
    if (!close) break;
    names[n] = p;
    lens[n++] = (size_t)(close - p + 1);
  }
  /* Insertion sort: a label has a handful at most. */
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0; j--) {
      size_t m = lens[j] < lens[j - 1] ? lens[j] : lens[j - 1];
      int cmp = strncmp(names[j], names[j - 1], m);
      if (cmp > 0 || (cmp == 0 && lens[j] >= lens[j - 1])) break;
      const char *tn = names[j]; names[j] = names[j - 1]; names[j - 1] = tn;
      size_t tl = lens[j]; lens[j] = lens[j - 1]; lens[j - 1] = tl;
    }
  char *out = calloc(1, cap);
  if (!out) abort();
  for (size_t i = 0; i < n; i++) strncat(out, names[i], lens[i]);
  return out;
}

/* A label that is placeholders, signs and short abbreviations only
 * ("{set} · {aspect}", "W{number}", "{minutes} min"): the same in most
 * languages, so being the same as the reference says nothing. */
static int check_placeholder_only(const char *text) {
  if (!strchr(text, '{')) return 0;
  size_t word = 0;
  for (const char *p = text; *p; p++) {
    if (*p == '{') {
      const char *close = strchr(p, '}');
      if (close) {
        p = close;
        word = 0;
        continue;
      }
    }
    unsigned char ch = (unsigned char)*p;
    int letter = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch >= 0xC0 ||
                 (ch >= 0x80 && word > 0);
    word = letter ? word + ((ch & 0xC0) != 0x80) : 0;
    if (word >= 4) return 0;
  }
  return 1;
}

int check_same_is_fine(const model_instrument *t, const model_item *it) {
  return model_same_on_purpose(t, it->loc.line) ||
         (it->str && strncmp(it->path, "label/", 6) == 0 && check_placeholder_only(it->str));
}

/* ---- the review record --------------------------------------------- */

struct check_record {
  char **paths, **prints, **texts; /* malloc'd, parallel */
  size_t n, cap;
  int exists;                      /* the file was there */
};

/* FNV-1a, 64 bits, as 16 hex digits: a fingerprint of a reference text. */
static void check_fingerprint(const char *s, char out[17]) {
  uint64_t h = 0xcbf29ce484222325u;
  for (; *s; s++) {
    h ^= (unsigned char)*s;
    h *= 0x100000001b3u;
  }
  snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static void record_put(check_record *rec, const char *path, const char *print, const char *text) {
  for (size_t i = 0; i < rec->n; i++)
    if (strcmp(rec->paths[i], path) == 0) {
      free(rec->prints[i]);
      free(rec->texts[i]);
      rec->prints[i] = strdup(print);
      rec->texts[i] = strdup(text);
      return;
    }
  if (rec->n == rec->cap) {
    rec->cap = rec->cap ? rec->cap * 2 : 64;
    rec->paths = realloc(rec->paths, rec->cap * sizeof *rec->paths);
    rec->prints = realloc(rec->prints, rec->cap * sizeof *rec->prints);
    rec->texts = realloc(rec->texts, rec->cap * sizeof *rec->texts);
    if (!rec->paths || !rec->prints || !rec->texts) abort();
  }
  rec->paths[rec->n] = strdup(path);
  rec->prints[rec->n] = strdup(print);
  rec->texts[rec->n] = strdup(text);
  rec->n++;
}

static int record_find(const check_record *rec, const char *path) {
  for (size_t i = 0; rec && i < rec->n; i++)
    if (strcmp(rec->paths[i], path) == 0) return (int)i;
  return -1;
}

check_record *check_record_load(const char *path, diag_list *d) {
  check_record *rec = calloc(1, sizeof *rec);
  if (!rec) abort();
  FILE *f = fopen(path, "r");
  if (!f) {
    if (errno != ENOENT) {
      diag_error_of(d, DIAG_IO, path, 0, "cannot read: %s", strerror(errno));
      check_record_free(rec);
      return NULL;
    }
    return rec;
  }
  rec->exists = 1;
  char *line = NULL;
  size_t cap = 0;
  long no = 0;
  ssize_t len;
  while ((len = getline(&line, &cap, f)) >= 0) {
    no++;
    if (len > 0 && line[len - 1] == '\n') line[--len] = '\0';
    if (!*line || *line == '#') continue;
    char *tab1 = strchr(line, '\t'), *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
    if (!tab2) {
      diag_warning(d, path, no, "not a line of a review record (kaartset writes this file: "
                   "run kaartset check --mark-reviewed all to write it again)");
      continue;
    }
    *tab1 = *tab2 = '\0';
    record_put(rec, line, tab1 + 1, tab2 + 1);
  }
  free(line);
  fclose(f);
  return rec;
}

void check_record_free(check_record *rec) {
  if (!rec) return;
  for (size_t i = 0; i < rec->n; i++) {
    free(rec->paths[i]);
    free(rec->prints[i]);
    free(rec->texts[i]);
  }
  free(rec->paths);
  free(rec->prints);
  free(rec->texts);
  free(rec);
}

/* Whether the reference text of an item changed since it was reviewed:
 * 1 changed (*old gets the text then), 0 not, -1 no record of it. */
static int record_changed(const check_record *rec, const char *path, const char *ref_xml,
                          const char **old) {
  int i = record_find(rec, path);
  if (i < 0) return -1;
  char print[17];
  check_fingerprint(ref_xml, print);
  *old = rec->texts[i];
  return strcmp(print, rec->prints[i]) != 0;
}

int check_record_changed(const check_record *rec, const char *path, const char *ref_xml,
                         const char **old) {
  return record_changed(rec, path, ref_xml, old);
}

/* ---- item by item --------------------------------------------------- */

static int check_is_fallback(const check_ctx *c, const model_item *it) {
  return it->loc.file != c->t->file; /* texts of the reference point at its file */
}

static void check_item(const model_item *it, void *ctx) {
  check_ctx *c = ctx;
  if (check_is_fallback(c, it)) return; /* listed as missing */
  model_item ri;
  if (model_item_find(c->r, it->path, &ri) != 0) return; /* extra: said per id */
  char what[256];
  check_describe(it->path, what, sizeof what);
  if (strncmp(it->path, "label/", 6) == 0) {
    char *tp = check_placeholders(it->str), *rp = check_placeholders(ri.str);
    if (strcmp(tp, rp) != 0) {
      diag_error(c->d, it->loc.file, it->loc.line, "%s has the placeholders %s, %s has %s (keep "
                 "the same names; their order may change)", what, *tp ? tp : "none", c->r->file,
                 *rp ? rp : "none");
      c->errors++;
    }
    free(tp);
    free(rp);
  }
  char *tx = model_item_xml(it), *rx = model_item_xml(&ri);
  const char *old = NULL;
  int changed = c->rec ? record_changed(c->rec, it->path, rx, &old) : -1;
  if (strcmp(tx, rx) == 0 && *tx) {
    if (!check_same_is_fine(c->t, it))
      diag_warning(c->d, it->loc.file, it->loc.line, "%s: the same as in %s (not translated "
                   "yet? if it is meant to stay so, add same=\"yes\" to the element)", what,
                   c->r->file);
  } else if (changed == 1) {
    diag_warning(c->d, it->loc.file, it->loc.line, "%s: out of date: %s changed it since it was "
                 "translated (was: \"%s\"; now: \"%s\"; update the translation, then run kaartset "
                 "check --mark-reviewed %s)", what, c->r->file, old, rx, it->path);
  } else if (changed < 0 && c->rec && c->rec->exists) {
    diag_warning(c->d, it->loc.file, it->loc.line, "%s: not marked reviewed yet (when it is "
                 "translated, run kaartset check --mark-reviewed %s)", what, it->path);
  }
  free(tx);
  free(rx);
}

/* Counts of lists the translation has more of, and extra ids. */
static void check_extras(check_ctx *c) {
  const model_instrument *t = c->t, *r = c->r;
  for (size_t i = 0; i < t->n_labels; i++)
    if (!model_label_find(r, t->labels[i].key))
      check_extra(c, "label", t->labels[i].key, t->labels[i].loc);
  for (size_t i = 0; i < t->n_themes; i++)
    if (!model_theme_find(r, t->themes[i].id)) check_extra(c, "theme", t->themes[i].id, t->themes[i].loc);
  for (size_t i = 0; i < t->n_aspects; i++)
    if (!model_aspect_find(r, t->aspects[i].id))
      check_extra(c, "aspect", t->aspects[i].id, t->aspects[i].loc);
  for (size_t s = 0; s < t->n_cardsets; s++) {
    const model_cardset *ts = &t->cardsets[s];
    if (!model_cardset_find(r, ts->id)) check_extra(c, "card set", ts->id, ts->loc);
    else if (strcmp(ts->code, model_cardset_find(r, ts->id)->code) != 0)
      diag_warning(c->d, ts->loc.file, ts->loc.line, "card set '%s' has code '%s', %s has '%s' "
                   "(the reference's code is printed, so that card codes are the same in every "
                   "edition; remove the code attribute)", ts->id, ts->code, r->file,
                   model_cardset_find(r, ts->id)->code);
    for (size_t k = 0; k < ts->n_cards; k++) {
      const model_card *tc = &ts->cards[k], *rc = model_card_find(r, tc->id);
      if (!rc) check_extra(c, "card", tc->id, tc->loc);
      else check_count(c, "card", tc->id, "prompts", tc->n_prompts, rc->n_prompts, tc->loc);
    }
  }
  for (size_t i = 0; i < t->n_werkvormen; i++) {
    const model_werkvorm *tw = &t->werkvormen[i], *rw = model_werkvorm_find(r, tw->id);
    if (!rw) {
      check_extra(c, "werkvorm", tw->id, tw->loc);
      continue;
    }
    check_count(c, "werkvorm", tw->id, "materials", tw->n_materials, rw->n_materials, tw->loc);
    check_count(c, "werkvorm", tw->id, "roles", tw->n_roles, rw->n_roles, tw->loc);
    check_count(c, "werkvorm", tw->id, "steps", tw->n_steps, rw->n_steps, tw->loc);
    check_count(c, "werkvorm", tw->id, "tips", tw->n_tips, rw->n_tips, tw->loc);
    check_count(c, "werkvorm", tw->id, "summary items", tw->n_summary, rw->n_summary, tw->loc);
    if (tw->minutes != rw->minutes)
      diag_warning(c->d, tw->loc.file, tw->loc.line, "werkvorm '%s' takes %d minutes, in %s %d "
                   "(keep the timing of the reference edition)", tw->id, tw->minutes, r->file,
                   rw->minutes);
    for (size_t s = 0; s < tw->n_steps && s < rw->n_steps; s++)
      if (tw->steps[s].minutes != rw->steps[s].minutes && tw->steps[s].text.loc.file == t->file)
        diag_warning(c->d, tw->steps[s].text.loc.file, tw->steps[s].text.loc.line,
                     "werkvorm '%s' step %zu has %d minutes, in %s %d (keep the timing of the "
                     "reference edition)", tw->id, s + 1, tw->steps[s].minutes, r->file,
                     rw->steps[s].minutes);
  }
}

size_t check_edition(model_instrument *t, const model_instrument *r, const check_record *rec,
                     diag_list *d) {
  check_ctx c = {t, r, rec, d, 0};
  if (t->lang && r->lang && strcmp(t->lang, r->lang) == 0)
    diag_warning(d, t->file, 0, "xml:lang is '%s', as in %s (set the language of the "
                 "translation: it chooses the hyphenation)", t->lang, r->file);
  /* What is missing is what a build would print from the reference. */
  c.errors += content_complete(t, r, d);
  for (size_t i = 0; i < t->n_fallbacks; i++) {
    diag_error(d, t->file, 0, "%s is missing (translate it from %s:%ld)", t->fallbacks[i].what,
               t->fallbacks[i].ref.file, t->fallbacks[i].ref.line);
    c.errors++;
  }
  check_extras(&c);
  model_each_item(t, check_item, &c);
  if (rec && !rec->exists)
    diag_warning(d, t->file, 0, "no review record yet, so changes to %s cannot be listed (when "
                 "the translation is up to date, run kaartset check --mark-reviewed all)",
                 r->file);
  return c.errors;
}

size_t check_translation(model_instrument *t, const model_instrument *r, diag_list *d) {
  return check_edition(t, r, NULL, d);
}

/* ---- glyphs --------------------------------------------------------- */

typedef struct glyph_check {
  const model_instrument *t;
  PangoLayout *layout;
  diag_list *d;
  size_t errors;
} glyph_check;

static void check_item_glyphs(const model_item *it, void *ctx) {
  glyph_check *g = ctx;
  char *plain = model_item_plain(g->t, it);
  pango_layout_set_text(g->layout, plain, -1);
  int count = 0;
  gunichar ch = text_missing_char(g->layout, &count);
  if (ch) {
    char what[256], utf8[8] = {0};
    check_describe(it->path, what, sizeof what);
    g_unichar_to_utf8(ch, utf8);
    diag_error(g->d, it->loc.file, it->loc.line, "%s: no font has the character '%s' (U+%04X)%s "
               "(add a font that has it to the edition's fonts/ folder)", what, utf8, (unsigned)ch,
               count > 1 ? ", nor some others in the text" : "");
    g->errors++;
  }
  free(plain);
}

size_t check_glyphs(const model_instrument *t, fonts *f, const char *family, diag_list *d) {
  PangoContext *ctx = fonts_context_new(f);
  PangoLayout *layout = pango_layout_new(ctx);
  PangoFontDescription *fd = pango_font_description_new();
  pango_font_description_set_family(fd, family);
  pango_font_description_set_absolute_size(fd, 10 * PANGO_SCALE);
  pango_layout_set_font_description(layout, fd);
  pango_font_description_free(fd);
  glyph_check g = {t, layout, d, 0};
  model_each_item(t, check_item_glyphs, &g);
  g_object_unref(layout);
  g_object_unref(ctx);
  return g.errors;
}

/* ---- marking reviewed ----------------------------------------------- */

typedef struct mark_ctx {
  const model_instrument *t, *r;
  check_record *rec;
  const char *which;    /* "all" or a comma list of id paths */
  size_t marked;
} mark_ctx;

static int mark_wanted(const char *which, const char *path) {
  if (strcmp(which, "all") == 0) return 1;
  size_t n = strlen(path);
  for (const char *p = which; p && *p;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    if (len == n && strncmp(p, path, n) == 0) return 1;
    p = comma ? comma + 1 : NULL;
  }
  return 0;
}

static void mark_item(const model_item *it, void *ctx) {
  mark_ctx *m = ctx;
  if (it->loc.file != m->t->file || !mark_wanted(m->which, it->path)) return;
  model_item ri;
  if (model_item_find(m->r, it->path, &ri) != 0) return;
  char *rx = model_item_xml(&ri), print[17];
  check_fingerprint(rx, print);
  record_put(m->rec, it->path, print, rx);
  free(rx);
  m->marked++;
}

void check_record_mark(check_record *rec, const char *path, const char *ref_xml) {
  char print[17];
  check_fingerprint(ref_xml, print);
  record_put(rec, path, print, ref_xml);
}

size_t check_mark_reviewed(check_record *rec, model_instrument *t, const model_instrument *r,
                           const char *which) {
  mark_ctx m = {t, r, rec, which, 0};
  rec->exists = 1; /* written from now on */
  model_each_item(t, mark_item, &m);
  return m.marked;
}

typedef struct write_ctx {
  const check_record *rec;
  FILE *f;
  char *done;           /* per record line: written already */
} write_ctx;

static void write_item(const model_item *it, void *ctx) {
  write_ctx *w = ctx;
  int i = record_find(w->rec, it->path);
  if (i < 0 || w->done[i]) return;
  fprintf(w->f, "%s\t%s\t%s\n", w->rec->paths[i], w->rec->prints[i], w->rec->texts[i]);
  w->done[i] = 1;
}

int check_record_save(const check_record *rec, const model_instrument *r, const char *path,
                      diag_list *d) {
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  FILE *f = fopen(tmp, "w");
  if (!f) {
    diag_error_of(d, DIAG_IO, tmp, 0, "cannot write: %s", strerror(errno));
    return -1;
  }
  fprintf(f, "# Written by kaartset check --mark-reviewed and kaartset po import: do not edit.\n"
             "# Each line: an item's id path, a fingerprint of the reference text it was\n"
             "# translated from, and that text. check lists an item whose reference text\n"
             "# has changed since.\n");
  /* In the reference's order, so that the file changes where the content does. */
  write_ctx w = {rec, f, calloc(rec->n + 1, 1)};
  if (!w.done) abort();
  model_each_item(r, write_item, &w);
  for (size_t i = 0; i < rec->n; i++)
    if (!w.done[i]) fprintf(f, "%s\t%s\t%s\n", rec->paths[i], rec->prints[i], rec->texts[i]);
  free(w.done);
  if (fclose(f) != 0 || rename(tmp, path) != 0) {
    diag_error_of(d, DIAG_IO, path, 0, "cannot write: %s", strerror(errno));
    remove(tmp);
    return -1;
  }
  return 0;
}
