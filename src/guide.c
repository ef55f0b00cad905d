/* guide: the facilitator guide as blocks (contents, sections, werkvormen, overview, record sheet), its title page and guide.pdf. */
#include "guide.h"

#include <stdlib.h>
#include <string.h>

#include "werkvorm.h"

/* The headings the contents lists, by block index. */
typedef struct guide_heads {
  size_t *at;
  size_t n, cap;
} guide_heads;

static void guide_note(guide_heads *heads, size_t i) {
  if (heads->n == heads->cap) {
    heads->cap = heads->cap ? 2 * heads->cap : 32;
    heads->at = realloc(heads->at, heads->cap * sizeof *heads->at);
    if (!heads->at) abort();
  }
  heads->at[heads->n++] = i;
}

/* Adds b to d; a heading for the contents (heads not NULL) is noted. */
static size_t guide_push(doc *d, guide_heads *heads, const doc_block *b) {
  size_t i = doc_add(d, b);
  if (heads) guide_note(heads, i);
  return i;
}

static const char *guide_label(arena *a, const model_instrument *m, const char *key) {
  const model_label *l = model_label_find(m, key);
  return l ? l->text : arena_strdup(a, "");
}

static void guide_section(doc *d, guide_heads *g, const model_section *sec, int level,
                          int break_before, int *list) {
  arena *a = doc_arena(d);
  doc_block h = {.kind = level == 1 ? DOC_H1 : DOC_H2, .plain = sec->title,
                 .break_before = break_before, .dest = arena_printf(a, "section-%s", sec->id),
                 .loc = sec->loc};
  guide_push(d, g, &h);
  for (size_t i = 0; i < sec->n_blocks; i++) {
    const model_block *b = &sec->blocks[i];
    if (b->kind == BLOCK_SECTION) {
      guide_section(d, g, b->section, 2, 0, list);
      continue;
    }
    if (b->kind == BLOCK_PARAGRAPH) {
      doc_block p = {.kind = DOC_P, .text = &b->items[0], .loc = b->loc};
      guide_push(d, NULL, &p);
      continue;
    }
    int id = (*list)++;
    for (size_t k = 0; k < b->n_items; k++) {
      doc_block it = {.kind = DOC_ITEM, .text = &b->items[k], .list = id,
                      .marker = b->numbered ? arena_printf(a, "%zu.", k + 1) : "•",
                      .loc = b->items[k].loc};
      guide_push(d, NULL, &it);
    }
  }
}

/* Index of an aspect in the content's order, for sorting a theme's cards. */
static size_t guide_aspect_rank(const model_instrument *m, const model_aspect *a) {
  for (size_t i = 0; i < m->n_aspects; i++)
    if (&m->aspects[i] == a) return i;
  return m->n_aspects;
}

/* Every question of every set: the set (H2), its intro, then per theme (a
 * lead) its cards by aspect, each with its code, its aspect at the right,
 * and its follow-up prompts. */
static void guide_overview(doc *d, guide_heads *g, const style *st, const model_instrument *m,
                           int *list) {
  arena *a = doc_arena(d);
  doc_block h = {.kind = DOC_H1, .plain = guide_label(a, m, "guide.overview"),
                 .break_before = 1, .dest = "overview"};
  guide_push(d, g, &h);
  doc_block intro = {.kind = DOC_P, .plain = guide_label(a, m, "guide.overview.intro")};
  guide_push(d, NULL, &intro);
  for (size_t s = 0; s < m->n_cardsets; s++) {
    const model_cardset *set = &m->cardsets[s];
    doc_block sh = {.kind = DOC_H2, .plain = set->name,
                    .dest = arena_printf(a, "cardset-%s", set->id), .loc = set->loc};
    guide_push(d, g, &sh);
    if (set->intro.n_runs) {
      doc_block si = {.kind = DOC_P, .text = &set->intro, .loc = set->intro.loc};
      guide_push(d, NULL, &si);
    }
    for (size_t t = 0; t < m->n_themes; t++) {
      const model_theme *theme = &m->themes[t];
      int any = 0;
      for (size_t r = 0; r <= m->n_aspects; r++) {
        for (size_t c = 0; c < set->n_cards; c++) {
          const model_card *card = &set->cards[c];
          if (card->theme != theme || guide_aspect_rank(m, card->aspect) != r) continue;
          if (!any) {
            style_rgb *colour = arena_alloc(a, sizeof *colour);
            *colour = style_theme_colour(st, theme->id);
            doc_block lead = {.kind = DOC_LEAD, .plain = theme->name, .colour = colour,
                              .loc = theme->loc};
            guide_push(d, NULL, &lead);
            any = (*list)++;
          }
          char dest[256];
          doc_ref_dest(dest, sizeof dest, RUN_REF_CARD, card->id);
          doc_block q = {.kind = DOC_ITEM, .text = &card->question, .marker = card->code,
                         .aside = card->aspect->name, .list = any, .keep = card->n_prompts > 0,
                         .dest = arena_strdup(a, dest), .loc = card->loc};
          guide_push(d, NULL, &q);
          /* A question and its prompts stay together. */
          for (size_t p = 0; p < card->n_prompts; p++) {
            doc_block pr = {.kind = DOC_ITEM, .text = &card->prompts[p], .marker = "–",
                            .level = 1, .list = any, .keep = p + 1 < card->n_prompts,
                            .loc = card->prompts[p].loc};
            guide_push(d, NULL, &pr);
          }
        }
      }
    }
  }
}

/* The record sheet's fields: label key and how much a field wants of the
 * lines that fill the page (the first count is the least it gets). */
static const struct {
  const char *key;
  int lines, weight;
} guide_fields[] = {
  {"record.date", 1, 0},    {"record.question", 2, 1}, {"record.present", 3, 3},
  {"record.where", 3, 4},   {"record.next", 2, 3},     {"record.back", 2, 3},
};
enum { GUIDE_FIELDS = sizeof guide_fields / sizeof guide_fields[0] };

static size_t guide_record(doc *d, guide_heads *g, const model_instrument *m) {
  arena *a = doc_arena(d);
  doc_block h = {.kind = DOC_H1, .plain = guide_label(a, m, "guide.record"),
                 .break_before = 1, .dest = "record"};
  size_t first = guide_push(d, g, &h);
  doc_block intro = {.kind = DOC_P, .plain = guide_label(a, m, "record.intro")};
  guide_push(d, NULL, &intro);
  for (size_t i = 0; i < GUIDE_FIELDS; i++) {
    doc_block f = {.kind = DOC_FIELD, .plain = guide_label(a, m, guide_fields[i].key),
                   .lines = guide_fields[i].lines};
    guide_push(d, NULL, &f);
  }
  return first;
}

/* Writes the page number where each listed heading starts into its
 * contents entry and flows again, until the numbers hold (a longer number
 * can narrow an entry and move what follows). */
static int guide_settle_contents(doc *d, const size_t *entries, const size_t *heads, size_t n,
                                 diag_list *dg) {
  arena *a = doc_arena(d);
  for (int round = 0; round < 5; round++) {
    if (doc_flow(d, dg) != 0) return -1;
    int changed = 0;
    for (size_t k = 0; k < n; k++) {
      /* doc_block_at forgets the block's measure: only for a change. */
      const doc_block *e = doc_block_get(d, entries[k]);
      char page[16];
      snprintf(page, sizeof page, "%d", doc_page_of(d, heads[k]) + 2);
      if (e->aside && strcmp(e->aside, page) == 0) continue;
      doc_block_at(d, entries[k])->aside = arena_strdup(a, page);
      changed = 1;
    }
    if (!changed) return 0;
  }
  diag_error(dg, NULL, 0, "the guide's contents page numbers do not settle (a layout fault)");
  return -1;
}

/* Gives the record sheet's fields the writing lines that fill its page. */
static int guide_fill_record(doc *d, size_t record, diag_list *dg) {
  if (doc_page_of(d, record) != doc_pages(d) - 1) return 0; /* it runs over a page already */
  size_t fields[GUIDE_FIELDS];
  int weights[GUIDE_FIELDS];
  for (size_t i = 0; i < GUIDE_FIELDS; i++)
    fields[i] = record + 2 + i, weights[i] = guide_fields[i].weight;
  return doc_fill_fields(d, fields, weights, GUIDE_FIELDS, dg);
}

doc *guide_layout(text_ctx *t, const style *s, const model_instrument *m, diag_list *dg) {
  doc_design design = doc_design_from_style(s);
  doc *d = doc_new(t, &design);
  arena *a = doc_arena(d);
  guide_heads g = {0};
  int list = 1;
  for (size_t i = 0; i < m->n_sections; i++)
    guide_section(d, &g, &m->sections[i], 1, i == 0, &list);
  for (size_t i = 0; i < m->n_werkvormen; i++) {
    /* The first on a new page; the others follow on, as sections do. */
    guide_note(&g, doc_count(d)); /* its name, the first block it adds */
    werkvorm_add_blocks(d, m, &m->werkvormen[i], &list, i == 0);
  }
  guide_overview(d, &g, s, m, &list);
  size_t record = guide_record(d, &g, m);

  /* In front: the contents heading and an entry per noted heading. */
  size_t front = 1 + g.n;
  doc_block ch = {.kind = DOC_H1, .plain = guide_label(a, m, "guide.contents"),
                  .dest = "contents"};
  doc_insert(d, 0, &ch);
  size_t *entries = calloc(g.n + 1, sizeof *entries);
  if (!entries) abort();
  for (size_t k = 0; k < g.n; k++) {
    /* The contents heading and entries 0 .. k-1 are in front of the heading now. */
    const doc_block *h = doc_block_get(d, g.at[k] + 1 + k);
    doc_block e = {.kind = DOC_TOC, .plain = h->plain, .level = h->kind == DOC_H1 ? 1 : 2,
                   .link = h->dest, .aside = "0", .loc = h->loc};
    entries[k] = doc_insert(d, 1 + k, &e);
  }
  for (size_t k = 0; k < g.n; k++) g.at[k] += front;
  int rc = guide_settle_contents(d, entries, g.at, g.n, dg);
  if (rc == 0) rc = guide_fill_record(d, front + record, dg);
  free(entries);
  free(g.at);
  if (rc != 0) {
    doc_free(d);
    return NULL;
  }
  return d;
}

/* The title page. */

/* A text of the title page: laid out once, measured, then placed. */
typedef struct guide_piece {
  PangoLayout *l;
  frame_source src;
  style_rgb colour;
} guide_piece;

static guide_piece guide_piece_of(text_ctx *t, const char *s, const text_style *st, double w,
                                  style_rgb colour, model_loc loc, const char *what) {
  return (guide_piece){text_layout_plain(t, s ? s : "", st, w),
                       (frame_source){loc.file, loc.line, what}, colour};
}

/* Adds the piece at (x, y) in a tagged paragraph and frees its layout; returns its height. */
static double guide_place(frame *f, guide_piece *p, double x, double y) {
  double h = text_layout_height_mm(p->l);
  frame_tag(f, "P");
  text_frame(f, p->l, 0, -1, x, y, 0, p->colour, &p->src);
  frame_tag_end(f, "P");
  g_object_unref(p->l);
  return h;
}

static void guide_title_page(frame *f, text_ctx *t, const style *s, const model_instrument *m) {
  double w = s->doc_w - s->doc_margin_left - s->doc_margin_right;
  /* The page is mirrored in a right-to-left edition, as the guide's pages are. */
  double x = text_start_x(t, s->doc_margin_left, w, s->doc_w);
  double em = s->doc_body_pt * 25.4 / 72;
  /* A bar in each theme's colour, as on the cards, the first where lines start. */
  double gap = em, bar_w = m->n_themes ? (w - gap * (double)(m->n_themes - 1)) / (double)m->n_themes : w;
  for (size_t i = 0; i < m->n_themes; i++)
    frame_rect(f, text_start_x(t, s->doc_margin_left + (double)i * (bar_w + gap), bar_w, s->doc_w),
               s->doc_margin_top, bar_w, em * 0.6, style_theme_colour(s, m->themes[i].id), 0);
  text_style kicker = {.family = s->font_family, .size_pt = s->doc_h2_pt, .bold = 1};
  text_style title = {.family = s->font_family, .size_pt = s->doc_title_pt, .bold = 1,
                      .line_spacing = 1.0};
  text_style sub = {.family = s->font_family, .size_pt = s->doc_subtitle_pt};
  text_style body = {.family = s->font_family, .size_pt = s->doc_body_pt};
  text_style small = {.family = s->font_family, .size_pt = s->doc_small_pt,
                      .line_spacing = s->doc_line_spacing,
                      .align = s->doc_justify ? TEXT_JUSTIFY : TEXT_LEFT};
  text_style pub = body;
  pub.bold = 1;
  const model_label *what = model_label_find(m, "doc.guide");
  const model_label *ed = model_label_find(m, "guide.edition");
  const model_meta *mm = &m->meta;
  const model_loc nowhere = {m->file, 0};
  const char *names[] = {"edition"}, *values[] = {m->edition ? m->edition : ""};
  char *edition = model_label_fill(m, "guide.edition", 1, names, values);
  guide_piece kind = guide_piece_of(t, what ? what->text : "", &kicker, w, s->doc_heading,
                                    what ? what->loc : nowhere,
                                    "the guide's kind (label 'doc.guide')");
  guide_piece name = guide_piece_of(t, mm->title, &title, w, s->text, mm->title_loc, "the title");
  guide_piece subtitle = guide_piece_of(t, mm->subtitle, &sub, w, s->muted, mm->subtitle_loc,
                                        "the subtitle");
  guide_piece publisher = guide_piece_of(t, mm->publisher, &pub, w, s->text, mm->publisher_loc,
                                         "the publisher");
  guide_piece issue = guide_piece_of(t, edition, &body, w, s->text, ed ? ed->loc : nowhere,
                                     "the edition (label 'guide.edition')");
  guide_piece licence = guide_piece_of(t, mm->license, &small, w, s->muted, mm->license_loc,
                                       "the licence");
  free(edition);
  double y = s->doc_h * 0.3;
  y += guide_place(f, &kind, x, y) + em;
  y += guide_place(f, &name, x, y) + em;
  guide_place(f, &subtitle, x, y);
  /* From the foot up: the licence, the edition, the publisher. */
  double bottom = s->doc_h - s->doc_margin_bottom;
  double lic_h = text_layout_height_mm(licence.l);
  double top = bottom - lic_h - 2 * em - text_layout_height_mm(issue.l) -
               text_layout_height_mm(publisher.l);
  top += guide_place(f, &publisher, x, top);
  guide_place(f, &issue, x, top);
  guide_place(f, &licence, x, bottom - lic_h);
}

/* The running head: the level-1 heading in effect at the top of the page
 * (the one the page's first piece belongs to). */
static const char *guide_running_head(const doc *d, int page) {
  size_t n;
  const doc_piece *p = doc_pieces(d, &n);
  const char *head = NULL;
  for (size_t i = 0; i < n && p[i].page <= page; i++) {
    const doc_block *b = doc_block_get(d, p[i].block);
    if (b->kind == DOC_H1) head = b->plain;
    if (p[i].page == page) break;
  }
  return head;
}

void guide_frames(frame_doc *out, doc *d, text_ctx *t, const style *s,
                  const model_instrument *m) {
  out->tagged = 1;
  frame *title = frame_doc_page(out, s->doc_w, s->doc_h);
  title->printable = s->paper_margin;
  guide_title_page(title, t, s, m);
  int pages = doc_pages(d) + 1;
  char total[16];
  snprintf(total, sizeof total, "%d", pages);
  const model_label *page_label = model_label_find(m, "page");
  frame_source src = {page_label ? page_label->loc.file : m->file,
                      page_label ? page_label->loc.line : 0,
                      "a running head or foot of the guide"};
  for (int p = 0; p < doc_pages(d); p++) {
    char page[16];
    snprintf(page, sizeof page, "%d", p + 2);
    const char *names[] = {"page", "pages"}, *values[] = {page, total};
    char *foot = model_label_fill(m, "page", 2, names, values);
    frame *f = frame_doc_page(out, s->doc_w, s->doc_h);
    f->printable = s->paper_margin;
    doc_page_frame(d, f, p);
    doc_margins_frame(d, f, m->meta.title, guide_running_head(d, p), foot, &src);
    free(foot);
    doc_forget_framed(d, p + 1);
  }
  /* Bookmarks: the contents and every heading it lists, subsections under theirs. */
  int parent = 0;
  for (size_t i = 0; i < doc_count(d); i++) {
    const doc_block *b = doc_block_get(d, i);
    int page = doc_page_of(d, i) + 1;
    char *title = text_typographic(b->plain); /* as the heading is printed */
    if (b->kind == DOC_TOC && b->level > 1)
      frame_doc_bookmark(out, parent, title, atoi(b->aside) - 1);
    else if (b->kind == DOC_TOC)
      parent = frame_doc_bookmark(out, 0, title, atoi(b->aside) - 1);
    else if (i == 0)
      frame_doc_bookmark(out, 0, title, page);
    g_free(title);
  }
  frame_doc_flush(out);
}
