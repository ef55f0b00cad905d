/* session: loads session plans and lays out each session's pack (agenda, cards, werkvorm pages, record sheet) as frames. */
#include "session.h"

#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blank.h"
#include "doc.h"
#include "output.h"
#include "paint.h"
#include "preflight.h"
#include "select.h"
#include "werkvorm.h"
#include "xmldoc.h"

/* schema/sessions.rng, compiled in by tools/embed.py. */
extern const char embedded_sessions[];
extern const unsigned long embedded_sessions_len;

/* A plan is a few pages of text at most. */
#define SESSION_MAX_BYTES (4u << 20)

const char *const session_label_keys[] = {
  "doc.session",        /* subject of a session's PDF */
  "session.date",       /* {day} {month} {year}: the date on the agenda */
  "month.1", "month.2", "month.3", "month.4", "month.5", "month.6", "month.7", "month.8",
  "month.9", "month.10", "month.11", "month.12",
  "session.time",       /* {start} {end}: the clock times of a werkvorm */
  "session.questions",  /* heading above the chosen questions on the agenda */
  "session.notes",      /* heading above the plan's notes */
  "session.blank",      /* {count}: blank cards in the pack */
  "record.questions",   /* heading above the chosen questions on the record sheet */
  "card.blank",         /* the line on a blank card */
};
const size_t session_n_label_keys = sizeof session_label_keys / sizeof session_label_keys[0];

/* Loading. */

static const char *session_prop(arena *a, xmlNode *n, const char *name) {
  xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
  const char *s = arena_strdup(a, (const char *)v);
  xmlFree(v);
  return s;
}

/* An element's text with white space collapsed. */
static const char *session_text(arena *a, xmlNode *n) {
  xmlChar *v = xmlNodeGetContent(n);
  const char *in = v ? (const char *)v : "";
  char *out = arena_alloc(a, strlen(in) + 1), *o = out;
  int space = 0;
  for (const char *p = in; *p; p++) {
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
      space = o != out;
      continue;
    }
    if (space) *o++ = ' ';
    space = 0;
    *o++ = *p;
  }
  *o = '\0';
  xmlFree(v);
  return out;
}

static int session_is(xmlNode *n, const char *name) {
  return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static size_t session_count(xmlNode *parent, const char *name) {
  size_t n = 0;
  for (xmlNode *c = parent->children; c; c = c->next) n += session_is(c, name);
  return n;
}

static void session_read(session_plan *p, xmlNode *sn, session *s) {
  arena *a = p->arena;
  *s = (session){.name = session_prop(a, sn, "name"), .date = session_prop(a, sn, "date"),
                 .start = session_prop(a, sn, "start"), .place = session_prop(a, sn, "place"),
                 .line = xmlGetLineNo(sn)};
  session_ref *cards = arena_alloc(a, (session_count(sn, "card") + 1) * sizeof *cards);
  session_ref *forms = arena_alloc(a, (session_count(sn, "werkvorm") + 1) * sizeof *forms);
  const char **notes = arena_alloc(a, (session_count(sn, "note") + 1) * sizeof *notes);
  for (xmlNode *c = sn->children; c; c = c->next) {
    if (session_is(c, "title")) s->title = session_text(a, c);
    else if (session_is(c, "card"))
      cards[s->n_cards++] = (session_ref){session_prop(a, c, "code"), xmlGetLineNo(c)};
    else if (session_is(c, "werkvorm"))
      forms[s->n_werkvormen++] = (session_ref){session_prop(a, c, "id"), xmlGetLineNo(c)};
    else if (session_is(c, "note")) notes[s->n_notes++] = session_text(a, c);
    else if (session_is(c, "blank")) s->blank = atoi(session_prop(a, c, "count"));
  }
  s->cards = cards, s->werkvormen = forms, s->notes = notes;
}

session_plan *session_plan_load_file(const char *path, diag_list *d) {
  char *buf;
  size_t len;
  if (xmldoc_read_file(path, SESSION_MAX_BYTES, "check the path of the session plan",
                       "a session plan", &buf, &len, d) != 0)
    return NULL;
  xmlDoc *doc = xmldoc_parse_valid(buf, len, path, "sessions", embedded_sessions, embedded_sessions_len, d);
  free(buf);
  if (!doc) return NULL;
  arena *a = arena_new();
  session_plan *p = arena_alloc(a, sizeof *p);
  p->arena = a;
  p->file = arena_strdup(a, path);
  xmlNode *root = xmlDocGetRootElement(doc);
  xmlChar *lang = xmlNodeGetLang(root);
  p->lang = arena_strdup(a, (const char *)lang);
  xmlFree(lang);
  session *list = arena_alloc(a, (session_count(root, "session") + 1) * sizeof *list);
  int status = 0;
  for (xmlNode *c = root->children; c; c = c->next) {
    if (session_is(c, "title")) p->title = session_text(a, c);
    if (!session_is(c, "session")) continue;
    session *s = &list[p->n_sessions];
    session_read(p, c, s);
    for (size_t i = 0; i < p->n_sessions; i++)
      if (strcmp(list[i].name, s->name) == 0) {
        diag_error(d, path, s->line, "two sessions are named '%s' (line %ld has it too): each "
                   "name is the file name of its PDF (give this one another name)", s->name,
                   list[i].line);
        status = -1;
      }
    p->n_sessions++;
  }
  p->sessions = list;
  xmlFreeDoc(doc);
  if (status != 0) {
    session_plan_free(p);
    return NULL;
  }
  return p;
}

void session_plan_free(session_plan *p) {
  if (p) arena_free(p->arena);
}

/* Laying out. */

/* What one session resolves to in the edition. */
typedef struct session_pick {
  deck view;                        /* the chosen faces (copies: frames borrowed), plan order,
                                       then the blank cards (owned, from blank_faces) */
  size_t n_chosen;                  /* faces before the blank ones */
  frame **blank_backs;              /* owned */
  size_t n_blank_backs;
  const model_werkvorm **werkvormen;
  size_t *werkvorm_index;           /* index of each in m->werkvormen */
  size_t n_werkvormen;
} session_pick;

static void session_pick_free(session_pick *k) {
  for (size_t i = k->n_chosen; i < k->view.n_faces; i++) card_face_free(&k->view.faces[i]);
  for (size_t i = 0; i < k->n_blank_backs; i++) frame_free(k->blank_backs[i]);
  free(k->blank_backs);
  free(k->view.faces);
  free(k->werkvormen);
  free(k->werkvorm_index);
}

/* Resolves the session's cards and werkvormen; an error at its line for
 * each name the edition lacks. */
static int session_resolve(const session_plan *p, const session *ss, const model_instrument *m,
                           const deck *full, session_pick *out, diag_list *d) {
  int status = 0;
  *out = (session_pick){0};
  out->view.faces = calloc(ss->n_cards + 1, sizeof *out->view.faces);
  out->werkvormen = calloc(ss->n_werkvormen + 1, sizeof *out->werkvormen);
  out->werkvorm_index = calloc(ss->n_werkvormen + 1, sizeof *out->werkvorm_index);
  if (!out->view.faces || !out->werkvormen || !out->werkvorm_index) abort();
  for (size_t i = 0; i < ss->n_cards; i++) {
    const session_ref *r = &ss->cards[i];
    long at = select_face_find(full, m, r->name);
    if (at < 0) {
      char near[128];
      select_face_nearest(full, m, r->name, near, sizeof near);
      diag_error(d, p->file, r->line, "session '%s': there is no card '%s' in %s (did you mean "
                 "'%s'? use a code printed on a card, like P1, or a card id)", ss->name, r->name,
                 m->file, near);
      status = -1;
      continue;
    }
    int twice = 0;
    for (size_t k = 0; k < out->view.n_faces; k++)
      twice |= out->view.faces[k].front == full->faces[at].front;
    if (twice) {
      diag_error(d, p->file, r->line, "session '%s': card '%s' is chosen twice (leave one out)",
                 ss->name, r->name);
      status = -1;
      continue;
    }
    out->view.faces[out->view.n_faces++] = full->faces[at];
  }
  out->n_chosen = out->view.n_faces;
  for (size_t i = 0; i < ss->n_werkvormen; i++) {
    const session_ref *r = &ss->werkvormen[i];
    const model_werkvorm *w = model_werkvorm_find(m, r->name);
    if (!w) {
      char names[512] = "";
      for (size_t k = 0; k < m->n_werkvormen; k++)
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", k ? ", " : "",
                 m->werkvormen[k].id);
      diag_error(d, p->file, r->line, "session '%s': there is no werkvorm '%s' in %s (use one "
                 "of: %s)", ss->name, r->name, m->file, names);
      status = -1;
      continue;
    }
    out->werkvorm_index[out->n_werkvormen] = (size_t)(w - m->werkvormen);
    out->werkvormen[out->n_werkvormen++] = w;
  }
  return status;
}

/* The session's blank cards after the chosen ones: for each card set it
 * has cards of (every set when it has none). */
static int session_add_blanks(text_ctx *t, const style *s, const model_instrument *m,
                              const session *ss, session_pick *k, diag_list *d) {
  if (ss->blank <= 0) return 0;
  size_t sets = m->n_cardsets, extra = sets * (size_t)ss->blank;
  k->view.faces = realloc(k->view.faces, (k->view.n_faces + extra + 1) * sizeof *k->view.faces);
  k->blank_backs = calloc(sets + 1, sizeof *k->blank_backs);
  if (!k->view.faces || !k->blank_backs) abort();
  int any = 0;
  for (size_t i = 0; i < k->n_chosen; i++) any |= k->view.faces[i].card != NULL;
  for (size_t c = 0; c < sets; c++) {
    const model_cardset *cs = &m->cardsets[c];
    int has = 0;
    for (size_t i = 0; i < k->n_chosen; i++)
      has |= k->view.faces[i].card && k->view.faces[i].card->set == cs;
    if (any && !has) continue;
    if (blank_faces(t, s, m, cs, ss->blank, &k->view.faces[k->view.n_faces],
                    &k->blank_backs[k->n_blank_backs], d) != 0)
      return -1;
    k->n_blank_backs++;
    k->view.n_faces += (size_t)ss->blank;
  }
  return 0;
}

/* A filled label in a ("" when missing: the labels are checked first). */
static const char *session_label(arena *a, const model_instrument *m, const char *key, size_t n,
                                 const char *const names[], const char *const values[]) {
  char *s = model_label_fill(m, key, n, names, values);
  const char *copy = arena_strdup(a, s ? s : "");
  free(s);
  return copy;
}

static const char *session_date(arena *a, const model_instrument *m, const char *iso) {
  int y = 0, mo = 0, dd = 0;
  if (sscanf(iso, "%d-%d-%d", &y, &mo, &dd) != 3 || mo < 1 || mo > 12) return iso;
  char day[8], month_key[16], year[8];
  snprintf(day, sizeof day, "%d", dd);
  snprintf(year, sizeof year, "%d", y);
  snprintf(month_key, sizeof month_key, "month.%d", mo);
  const char *month = session_label(a, m, month_key, 0, NULL, NULL);
  const char *names[] = {"day", "month", "year"}, *values[] = {day, month, year};
  return session_label(a, m, "session.date", 3, names, values);
}

/* A text of the code in bold, an en space, then the runs of t. */
static const model_text *session_coded(arena *a, const char *code, const model_text *t) {
  model_run *r = arena_alloc(a, (t->n_runs + 2) * sizeof *r);
  r[0] = (model_run){.kind = RUN_TEXT, .flags = RUN_STRONG, .text = code};
  r[1] = (model_run){.kind = RUN_TEXT, .text = "\u2002"};
  for (size_t i = 0; i < t->n_runs; i++) r[i + 2] = t->runs[i];
  model_text *out = arena_alloc(a, sizeof *out);
  *out = (model_text){.runs = r, .n_runs = t->n_runs + 2, .loc = t->loc};
  return out;
}

static void session_clock(char *buf, size_t n, int minutes) {
  snprintf(buf, n, "%02d:%02d", (minutes / 60) % 24, minutes % 60);
}

/* The agenda: title, date and place, werkvormen with their times and
 * steps, the chosen questions, blank cards, notes. */
static doc *session_agenda(text_ctx *t, const style *s, const model_instrument *m,
                           const session_plan *p, const session *ss, const session_pick *k,
                           diag_list *dg) {
  doc_design g = doc_design_from_style(s);
  doc *d = doc_new(t, &g);
  arena *a = doc_arena(d);
  model_loc at = {p->file, ss->line};
  if (p->title) {
    doc_block series = {.kind = DOC_LEAD, .plain = p->title, .loc = at};
    doc_add(d, &series);
  }
  doc_block h = {.kind = DOC_H1, .plain = ss->title, .loc = at};
  doc_add(d, &h);
  doc_block date = {.kind = DOC_P, .plain = session_date(a, m, ss->date), .loc = at};
  doc_add(d, &date);
  if (ss->place) {
    doc_block place = {.kind = DOC_P, .plain = ss->place, .loc = at};
    doc_add(d, &place);
  }
  int list = 1;
  int clock = -1, hh, mm;
  if (ss->start && sscanf(ss->start, "%d:%d", &hh, &mm) == 2) clock = hh * 60 + mm;
  if (k->n_werkvormen) {
    doc_block wh = {.kind = DOC_H2, .plain = session_label(a, m, "werkvorm.set", 0, NULL, NULL),
                    .loc = at};
    doc_add(d, &wh);
    for (size_t i = 0; i < k->n_werkvormen; i++) {
      const model_werkvorm *w = k->werkvormen[i];
      char minutes[16], from[8], to[8];
      snprintf(minutes, sizeof minutes, "%d", w->minutes);
      const char *aside;
      if (clock >= 0) {
        session_clock(from, sizeof from, clock);
        session_clock(to, sizeof to, clock + w->minutes);
        const char *names[] = {"start", "end"}, *values[] = {from, to};
        aside = session_label(a, m, "session.time", 2, names, values);
        clock += w->minutes;
      } else {
        const char *names[] = {"minutes"}, *values[] = {minutes};
        aside = session_label(a, m, "werkvorm.duration", 1, names, values);
      }
      int one = list++;
      doc_block wb = {.kind = DOC_ITEM, .plain = w->name, .marker = "•", .aside = aside,
                      .list = one, .keep = 1, .loc = w->loc};
      doc_add(d, &wb);
      /* The steps in brief when the werkvorm card has them, else in full. */
      int brief = w->n_summary == w->n_steps;
      for (size_t st = 0; st < w->n_steps; st++) {
        char n[16];
        snprintf(n, sizeof n, "%d", w->steps[st].minutes);
        const char *names[] = {"minutes"}, *values[] = {n};
        doc_block sb = {.kind = DOC_ITEM, .text = brief ? &w->summary[st] : &w->steps[st].text,
                        .marker = arena_printf(a, "%zu.", st + 1), .level = 1, .list = one,
                        .aside = w->steps[st].minutes > 0
                                     ? session_label(a, m, "step.minutes", 1, names, values)
                                     : NULL,
                        .keep = st + 1 < w->n_steps, .loc = w->steps[st].text.loc};
        doc_add(d, &sb);
      }
    }
  }
  size_t questions = 0;
  for (size_t i = 0; i < k->n_chosen; i++) questions += k->view.faces[i].card != NULL;
  if (questions) {
    doc_block qh = {.kind = DOC_H2, .plain = session_label(a, m, "session.questions", 0, NULL,
                                                           NULL), .loc = at};
    doc_add(d, &qh);
    int one = list++;
    for (size_t i = 0; i < k->n_chosen; i++) {
      const model_card *c = k->view.faces[i].card;
      if (!c) continue;
      doc_block q = {.kind = DOC_ITEM, .text = &c->question, .marker = c->code,
                     .aside = c->theme->name, .list = one, .loc = c->loc};
      doc_add(d, &q);
    }
  }
  if (ss->blank > 0) {
    char count[16];
    snprintf(count, sizeof count, "%d", ss->blank);
    const char *names[] = {"count"}, *values[] = {count};
    doc_block b = {.kind = DOC_P, .plain = session_label(a, m, "session.blank", 1, names, values),
                   .loc = at};
    doc_add(d, &b);
  }
  if (ss->n_notes) {
    doc_block nh = {.kind = DOC_H2, .plain = session_label(a, m, "session.notes", 0, NULL, NULL),
                    .loc = at};
    doc_add(d, &nh);
    int one = list++;
    for (size_t i = 0; i < ss->n_notes; i++) {
      doc_block n = {.kind = DOC_ITEM, .plain = ss->notes[i], .marker = "•", .list = one,
                     .loc = at};
      doc_add(d, &n);
    }
  }
  if (doc_flow(d, dg) != 0) {
    doc_free(d);
    return NULL;
  }
  return d;
}

/* The record sheet's fields after the questions: label key, the lines it
 * gets at least, and how much it wants of the lines that fill the page. */
static const struct {
  const char *key;
  int lines, weight;
} session_fields[] = {
  {"record.present", 2, 2}, {"record.where", 3, 4}, {"record.next", 2, 3}, {"record.back", 2, 3},
};
enum { SESSION_FIELDS = sizeof session_fields / sizeof session_fields[0] };
enum { SESSION_QUESTION_LINES = 2, SESSION_QUESTION_WEIGHT = 2 };

static doc *session_record(text_ctx *t, const style *s, const model_instrument *m,
                           const session_plan *p, const session *ss, const session_pick *k,
                           diag_list *dg) {
  doc_design g = doc_design_from_style(s);
  doc *d = doc_new(t, &g);
  arena *a = doc_arena(d);
  model_loc at = {p->file, ss->line};
  doc_block h = {.kind = DOC_H1, .plain = session_label(a, m, "guide.record", 0, NULL, NULL),
                 .loc = at};
  doc_add(d, &h);
  doc_block lead = {.kind = DOC_LEAD, .plain = arena_printf(a, "%s", ss->title), .loc = at};
  doc_add(d, &lead);
  doc_block date = {.kind = DOC_P, .plain = session_date(a, m, ss->date), .loc = at};
  doc_add(d, &date);
  doc_block intro = {.kind = DOC_P, .plain = session_label(a, m, "record.intro", 0, NULL, NULL),
                     .loc = at};
  doc_add(d, &intro);
  size_t n_fields = 0;
  size_t *fields = calloc(k->view.n_faces + SESSION_FIELDS + 1, sizeof *fields);
  int *weights = calloc(k->view.n_faces + SESSION_FIELDS + 1, sizeof *weights);
  if (!fields || !weights) abort();
  int any = 0;
  for (size_t i = 0; i < k->n_chosen; i++) {
    const model_card *c = k->view.faces[i].card;
    if (!c) continue;
    if (!any++) {
      doc_block qh = {.kind = DOC_H2, .plain = session_label(a, m, "record.questions", 0, NULL,
                                                             NULL), .loc = at};
      doc_add(d, &qh);
    }
    doc_block f = {.kind = DOC_FIELD, .text = session_coded(a, c->code, &c->question),
                   .lines = SESSION_QUESTION_LINES, .loc = c->loc};
    weights[n_fields] = SESSION_QUESTION_WEIGHT;
    fields[n_fields++] = doc_add(d, &f);
  }
  if (!any) {
    doc_block f = {.kind = DOC_FIELD, .plain = session_label(a, m, "record.question", 0, NULL,
                                                             NULL), .lines = 2, .loc = at};
    weights[n_fields] = SESSION_QUESTION_WEIGHT;
    fields[n_fields++] = doc_add(d, &f);
  }
  for (size_t i = 0; i < SESSION_FIELDS; i++) {
    doc_block f = {.kind = DOC_FIELD, .plain = session_label(a, m, session_fields[i].key, 0, NULL,
                                                             NULL),
                   .lines = session_fields[i].lines, .loc = at};
    weights[n_fields] = session_fields[i].weight;
    fields[n_fields++] = doc_add(d, &f);
  }
  int rc = doc_flow(d, dg);
  /* Writing lines fill the rest of the last page, shared by what each field wants. */
  if (rc == 0) rc = doc_fill_fields(d, fields, weights, n_fields, dg);
  free(fields);
  free(weights);
  if (rc != 0) {
    doc_free(d);
    return NULL;
  }
  return d;
}

/* Pages of a doc as a frame document: running head (the instrument's and
 * the session's title), "page X of Y" at the foot. */
static frame_doc *session_doc_frames(const doc *d, const model_instrument *m, const session *ss,
                                     const style *s) {
  frame_doc *out = frame_doc_new();
  out->tagged = 1;
  char total[16];
  snprintf(total, sizeof total, "%d", doc_pages(d));
  const model_label *page_label = model_label_find(m, "page");
  frame_source src = {page_label ? page_label->loc.file : m->file,
                      page_label ? page_label->loc.line : 0, "a running head or foot"};
  for (int p = 0; p < doc_pages(d); p++) {
    char page[16];
    snprintf(page, sizeof page, "%d", p + 1);
    const char *names[] = {"page", "pages"}, *values[] = {page, total};
    char *foot = doc_pages(d) > 1 ? model_label_fill(m, "page", 2, names, values) : NULL;
    frame *f = frame_doc_page(out, s->doc_w, s->doc_h);
    f->printable = s->paper_margin;
    doc_page_frame(d, f, p);
    doc_margins_frame(d, f, m->meta.title, ss->title, foot, &src);
    free(foot);
  }
  return out;
}

/* The pack: the parts' pages placed in one document, each part starting
 * on an odd page (the front of a sheet printed two-sided). */
typedef struct session_pack {
  frame_doc *out;
  int bookmark_next;
} session_pack;

static void session_pack_part(session_pack *k, const frame_doc *part, size_t from, size_t to,
                              const char *title) {
  if (k->out->n_pages % 2 == 1 && k->out->n_pages) {
    const frame *last = k->out->pages[k->out->n_pages - 1];
    frame_doc_page(k->out, last->w, last->h); /* blank: the back of the last sheet */
  }
  if (title) frame_doc_bookmark(k->out, 0, title, (int)k->out->n_pages);
  for (size_t i = from; i < to; i++) {
    const frame *src = part->pages[i];
    frame *page = frame_doc_page(k->out, src->w, src->h);
    page->printable = src->printable;
    if (src->label) page->label = frame_strdup(page, src->label);
    frame_group(page, src, 0, 0, 0);
  }
}

/* Every frame document one session's pack is made of. */
typedef struct session_parts {
  doc *agenda, *record;
  frame_doc *agenda_f, *sheets, *shop, *record_f;
} session_parts;

static void session_parts_free(session_parts *p) {
  doc_free(p->agenda);
  doc_free(p->record);
  frame_doc_free(p->agenda_f);
  frame_doc_free(p->sheets);
  frame_doc_free(p->shop);
  frame_doc_free(p->record_f);
}

static int session_check_labels(const model_instrument *m, diag_list *d) {
  int status = 0;
  for (size_t i = 0; i < session_n_label_keys; i++)
    if (!model_label_find(m, session_label_keys[i])) {
      diag_error(d, m->file, 0, "label '%s' is missing: session packs print it (add <label "
                 "key=\"%s\"> to <labels>, see docs/sessions.md)", session_label_keys[i],
                 session_label_keys[i]);
      status = -1;
    }
  return status;
}

int session_write(const session_plan *p, text_ctx *t, const style *s, const model_instrument *m,
                  const deck *full, const deck_sheet_options *o, const char *out_dir,
                  diag_list *d) {
  if (session_check_labels(m, d) != 0) return -1;
  size_t n = p->n_sessions;
  session_pick *picks = calloc(n + 1, sizeof *picks);
  session_parts *parts = calloc(n + 1, sizeof *parts);
  frame_doc **packs = calloc(n + 1, sizeof *packs);
  doc **pages = calloc(m->n_werkvormen + 1, sizeof *pages);
  if (!picks || !parts || !packs || !pages) abort();
  int status = 0;
  for (size_t i = 0; i < n; i++)
    if (session_resolve(p, &p->sessions[i], m, full, &picks[i], d) != 0) status = -1;
  if (status == 0 && werkvorm_layout_all(t, s, m, pages, d) != 0) status = -1;
  for (size_t i = 0; status == 0 && i < n; i++)
    if (session_add_blanks(t, s, m, &p->sessions[i], &picks[i], d) != 0) status = -1;
  frame_doc *werkvorm_pages = status == 0 ? werkvorm_frames(pages, s, m) : NULL;
  deck_sheet_options so = *o;
  so.shared_sheets = 1;
  for (size_t i = 0; status == 0 && i < n; i++) {
    const session *ss = &p->sessions[i];
    session_parts *pt = &parts[i];
    if (!(pt->agenda = session_agenda(t, s, m, p, ss, &picks[i], d)) ||
        !(pt->record = session_record(t, s, m, p, ss, &picks[i], d))) {
      status = -1;
      break;
    }
    pt->agenda_f = session_doc_frames(pt->agenda, m, ss, s);
    pt->record_f = session_doc_frames(pt->record, m, ss, s);
    if (picks[i].view.n_faces &&
        deck_frames(&picks[i].view, t, s, m, &so, &pt->sheets, &pt->shop, d) != 0) {
      status = -1;
      break;
    }
    const frame_doc *check[] = {pt->agenda_f, pt->record_f, pt->sheets};
    const char *names[] = {ss->name, ss->name, ss->name};
    if (preflight_docs(check, names, pt->sheets ? 3 : 2, s, d) != 0) {
      status = -1;
      break;
    }
    session_pack k = {.out = frame_doc_new()};
    k.out->tagged = 1;
    session_pack_part(&k, pt->agenda_f, 0, pt->agenda_f->n_pages, ss->title);
    if (pt->sheets)
      session_pack_part(&k, pt->sheets, 0, pt->sheets->n_pages,
                        model_label_find(m, "doc.cards")->text);
    for (size_t w = 0; w < picks[i].n_werkvormen; w++) {
      size_t at = picks[i].werkvorm_index[w];
      /* One page each, in the order of m->werkvormen; they follow on. */
      if (w == 0)
        session_pack_part(&k, werkvorm_pages, at, at + 1, picks[i].werkvormen[w]->name);
      else {
        frame_doc_bookmark(k.out, 0, picks[i].werkvormen[w]->name, (int)k.out->n_pages);
        const frame *src = werkvorm_pages->pages[at];
        frame *page = frame_doc_page(k.out, src->w, src->h);
        page->printable = src->printable;
        frame_group(page, src, 0, 0, 0);
      }
    }
    session_pack_part(&k, pt->record_f, 0, pt->record_f->n_pages,
                      model_label_find(m, "guide.record")->text);
    packs[i] = k.out;
  }
  if (status == 0) {
    output_stage *st = output_stage_new(out_dir, d);
    if (!st) status = -1;
    for (size_t i = 0; status == 0 && i < n; i++) {
      char name[128];
      snprintf(name, sizeof name, "%s.pdf", p->sessions[i].name);
      output_meta meta = output_meta_of(m, "doc.session");
      if (paint_pdf(packs[i], output_stage_path(st, name), &meta, d) != 0) status = -1;
    }
    if (status == 0) status = output_stage_commit(st, d);
    output_stage_free(st);
  }
  for (size_t i = 0; i < n; i++) {
    frame_doc_free(packs[i]);
    session_parts_free(&parts[i]);
    session_pick_free(&picks[i]);
  }
  frame_doc_free(werkvorm_pages);
  for (size_t i = 0; i < m->n_werkvormen; i++) doc_free(pages[i]);
  free(pages);
  free(packs);
  free(parts);
  free(picks);
  return status;
}
