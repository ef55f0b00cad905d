/* po: an edition's texts as a gettext PO file (msgctxt = id path, msgid = reference, msgstr = translation), and back into instrument.xml. */
#include "po.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "build.h"
#include "check.h"
#include "content.h"
#include "model.h"
#include "xmldoc.h"

/* ---- writing ---------------------------------------------------------- */

/* keyword "text" with the escapes of the PO format. */
static void po_put(FILE *f, const char *keyword, const char *text) {
  fprintf(f, "%s \"", keyword);
  for (const char *p = text; *p; p++) {
    switch (*p) {
    case '"': fputs("\\\"", f); break;
    case '\\': fputs("\\\\", f); break;
    case '\n': fputs("\\n", f); break;
    case '\t': fputs("\\t", f); break;
    default: fputc(*p, f);
    }
  }
  fputs("\"\n", f);
}

/* Texts fitted into a fixed space: the card face, the bands, the labels. */
static int po_fitted(const model_item *it) {
  return strncmp(it->path, "card/", 5) == 0 || strncmp(it->path, "label/", 6) == 0 ||
         strncmp(it->path, "theme/", 6) == 0 || strncmp(it->path, "aspect/", 7) == 0 ||
         (strncmp(it->path, "cardset/", 8) == 0 && strstr(it->path, "/name")) ||
         (strncmp(it->path, "werkvorm/", 9) == 0 &&
          (strstr(it->path, "/summary/") || strcmp(strrchr(it->path, '/'), "/name") == 0));
}

static size_t po_chars(const char *s) {
  size_t n = 0;
  for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

typedef struct export_ctx {
  FILE *f;
  const model_instrument *t, *r;
  const check_record *rec;
  size_t entries, translated, fuzzy;
} export_ctx;

static void export_item(const model_item *ri, void *ctx) {
  export_ctx *e = ctx;
  model_item ti;
  int have = model_item_find(e->t, ri->path, &ti) == 0 && ti.loc.file == e->t->file;
  char *rx = model_item_xml(ri), *tx = have ? model_item_xml(&ti) : NULL;
  /* A text still the reference's is not translated yet, unless meant so. */
  const char *msgstr =
      have && (strcmp(tx, rx) != 0 || check_same_is_fine(e->t, &ti)) ? tx : "";
  const char *old = NULL;
  int changed = *msgstr && e->rec ? check_record_changed(e->rec, ri->path, rx, &old) : 0;
  char *plain = model_item_plain(e->r, ri);
  size_t n = po_chars(plain);
  free(plain);
  fputc('\n', e->f);
  fprintf(e->f, "#. Printed: %s.\n", ri->where);
  if (po_fitted(ri))
    fprintf(e->f, "#. Length: the reference has %zu characters; keep to about %zu, the space "
                  "is fixed.\n", n, n + n * 3 / 10 + 4);
  else
    fprintf(e->f, "#. Length: the reference has %zu characters; the page flows, so length is "
                  "free.\n", n);
  if (strchr(rx, '{') && strncmp(ri->path, "label/", 6) == 0)
    fprintf(e->f, "#. Keep every {placeholder}; their order may change.\n");
  if (strchr(rx, '<'))
    fprintf(e->f, "#. Keep the <em>, <strong> and <ref/> elements (move them as the sentence "
                  "needs).\n");
  fprintf(e->f, "#: %s:%ld\n", ri->loc.file, ri->loc.line);
  if (changed == 1) {
    fprintf(e->f, "#, fuzzy\n");
    po_put(e->f, "#| msgctxt", ri->path);
    po_put(e->f, "#| msgid", old);
    e->fuzzy++;
  }
  po_put(e->f, "msgctxt", ri->path);
  po_put(e->f, "msgid", rx);
  po_put(e->f, "msgstr", msgstr);
  e->entries++;
  e->translated += *msgstr != '\0';
  free(rx);
  free(tx);
}

/* Makes the folders of path (mkdir -p of its dirname). */
static int po_make_dirs(const char *path) {
  char buf[4096];
  snprintf(buf, sizeof buf, "%s", path);
  for (char *p = buf + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (mkdir(buf, 0777) != 0 && errno != EEXIST) return -1;
    *p = '/';
  }
  return 0;
}

/* The reference, and the translation loaded against it; NULL on errors. */
static int po_load(const char *content_dir, const char *reference_dir, model_instrument **t,
                   model_instrument **r, diag_list *d) {
  char tp[4096], rp[4096];
  snprintf(tp, sizeof tp, "%s/instrument.xml", content_dir);
  snprintf(rp, sizeof rp, "%s/instrument.xml", reference_dir);
  *r = content_load_file(rp, d);
  *t = *r ? content_load_translation_file(tp, *r, d) : NULL;
  if (*t && *r) return BUILD_OK;
  model_free(*t);
  model_free(*r);
  *t = *r = NULL;
  int kind = diag_exit_code(d);
  return kind ? kind : BUILD_CONTENT_ERROR;
}

int po_export(const char *content_dir, const char *reference_dir, const char *po_path,
              diag_list *d) {
  model_instrument *t, *r;
  int rc = po_load(content_dir, reference_dir, &t, &r, d);
  if (rc != BUILD_OK) return rc;
  char rec_path[4096], tmp[4096];
  snprintf(rec_path, sizeof rec_path, "%s/reviewed.txt", content_dir);
  check_record *rec = check_record_load(rec_path, d);
  snprintf(tmp, sizeof tmp, "%s.tmp", po_path);
  FILE *f = rec && po_make_dirs(po_path) == 0 ? fopen(tmp, "w") : NULL;
  if (!f) {
    if (rec) diag_error_of(d, DIAG_IO, po_path, 0, "cannot write: %s", strerror(errno));
    check_record_free(rec);
    model_free(t);
    model_free(r);
    return BUILD_IO_ERROR;
  }
  /* The dates come from the content, so the same edition gives the same file. */
  const char *date = r->meta.date ? r->meta.date : "2026-01-01";
  fprintf(f, "# %s: the texts of the %s edition, translated from %s.\n"
             "# Made by kaartset po export; read back with kaartset po import.\n"
             "# msgctxt names the text (its id path), msgid is the reference text.\n",
          r->meta.title, t->lang, r->file);
  po_put(f, "msgid", "");
  fprintf(f, "msgstr \"\"\n"
             "\"Project-Id-Version: kaartset %s %s\\n\"\n"
             "\"Report-Msgid-Bugs-To: \\n\"\n"
             "\"POT-Creation-Date: %s 00:00+0000\\n\"\n"
             "\"PO-Revision-Date: %s 00:00+0000\\n\"\n"
             "\"Last-Translator: \\n\"\n"
             "\"Language-Team: %s\\n\"\n"
             "\"Language: %s\\n\"\n"
             "\"MIME-Version: 1.0\\n\"\n"
             "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
             "\"Content-Transfer-Encoding: 8bit\\n\"\n",
          r->edition, t->lang, date, t->meta.date ? t->meta.date : date, t->lang, t->lang);
  /* Completed, so that a text the translation lacks is told from one it has. */
  content_complete(t, r, d);
  export_ctx e = {f, t, r, rec, 0, 0, 0};
  model_each_item(r, export_item, &e);
  if (fclose(f) != 0 || rename(tmp, po_path) != 0) {
    diag_error_of(d, DIAG_IO, po_path, 0, "cannot write: %s", strerror(errno));
    remove(tmp);
    rc = BUILD_IO_ERROR;
  }
  check_record_free(rec);
  model_free(t);
  model_free(r);
  return rc;
}

/* ---- reading ---------------------------------------------------------- */

typedef struct po_entry {
  char *ctxt, *id, *str;
  int fuzzy;
  long line;
} po_entry;

typedef struct po_file {
  po_entry *e;
  size_t n, cap;
} po_file;

/* Appends the C-escaped string starting at the quote in s to *out. */
static int po_append_string(const char *s, char **out) {
  const char *q = strchr(s, '"');
  if (!q) return -1;
  size_t len = *out ? strlen(*out) : 0;
  char *buf = realloc(*out, len + strlen(q) + 1);
  if (!buf) abort();
  char *w = buf + len;
  for (const char *p = q + 1; *p; p++) {
    if (*p == '"') {
      *w = '\0';
      *out = buf;
      return 0;
    }
    if (*p == '\\' && p[1]) {
      p++;
      *w++ = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p == 'r' ? '\r' : *p;
    } else {
      *w++ = *p;
    }
  }
  *w = '\0';
  *out = buf;
  return -1; /* no closing quote */
}

static void po_flush(po_file *pf, po_entry *cur) {
  if (cur->id || cur->str) {
    if (pf->n == pf->cap) {
      pf->cap = pf->cap ? pf->cap * 2 : 64;
      pf->e = realloc(pf->e, pf->cap * sizeof *pf->e);
      if (!pf->e) abort();
    }
    pf->e[pf->n++] = *cur;
  } else {
    free(cur->ctxt);
  }
  *cur = (po_entry){0};
}

static void po_file_free(po_file *pf) {
  for (size_t i = 0; i < pf->n; i++) {
    free(pf->e[i].ctxt);
    free(pf->e[i].id);
    free(pf->e[i].str);
  }
  free(pf->e);
}

static int po_read(const char *path, po_file *pf, diag_list *d) {
  FILE *f = fopen(path, "r");
  if (!f) {
    diag_error_of(d, DIAG_IO, path, 0, "cannot read: %s", strerror(errno));
    return -1;
  }
  char *line = NULL, **target = NULL;
  size_t cap = 0;
  long no = 0;
  int errors = 0;
  po_entry cur = {0};
  int in_str = 0;        /* the current entry has its msgstr */
  while (getline(&line, &cap, f) >= 0) {
    no++;
    line[strcspn(line, "\r\n")] = '\0';
    const char *s = line + strspn(line, " \t");
    if (!*s) {
      po_flush(pf, &cur);
      in_str = 0;
      target = NULL;
      continue;
    }
    if (*s == '#') {
      if (s[1] == '~') continue; /* obsolete */
      if (in_str) {              /* comments start the next entry */
        po_flush(pf, &cur);
        in_str = 0;
      }
      if (s[1] == ',' && strstr(s, "fuzzy")) cur.fuzzy = 1;
      target = NULL;
      continue;
    }
    const char *kw_end = s + strcspn(s, " \t\"");
    size_t kw = (size_t)(kw_end - s);
    if (*s == '"') {
      if (!target || po_append_string(s, target) != 0) goto bad;
      continue;
    }
    if ((kw == 7 && strncmp(s, "msgctxt", 7) == 0) || (kw == 5 && strncmp(s, "msgid", 5) == 0)) {
      if (in_str) {
        po_flush(pf, &cur);
        in_str = 0;
      }
      if (!cur.line) cur.line = no;
      target = kw == 7 ? &cur.ctxt : &cur.id;
    } else if (kw == 12 && strncmp(s, "msgid_plural", 12) == 0) {
      target = NULL; /* kaartset has no plurals; msgstr[0] is taken */
      continue;
    } else if ((kw == 6 && strncmp(s, "msgstr", 6) == 0) || strncmp(s, "msgstr[0]", 9) == 0) {
      target = &cur.str;
      in_str = 1;
    } else if (strncmp(s, "msgstr[", 7) == 0) {
      target = NULL;
      continue;
    } else {
      goto bad;
    }
    if (*target) {
      free(*target);
      *target = NULL;
    }
    if (po_append_string(kw_end, target) != 0) goto bad;
    continue;
  bad:
    diag_error(d, path, no, "not a line of a PO file (a keyword msgctxt, msgid or msgstr and a "
               "quoted string, a \"string\" that continues one, or a # comment)");
    errors++;
  }
  po_flush(pf, &cur);
  free(line);
  fclose(f);
  return errors ? -1 : 0;
}

/* ---- writing texts into the document ---------------------------------- */

static int po_is(const xmlNode *n, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNode *po_child(xmlNode *p, const char *name) {
  for (xmlNode *c = p ? p->children : NULL; c; c = c->next)
    if (po_is(c, name)) return c;
  return NULL;
}

static xmlNode *po_nth(xmlNode *p, const char *name, long n) {
  for (xmlNode *c = p ? p->children : NULL; c; c = c->next)
    if (po_is(c, name) && --n == 0) return c;
  return NULL;
}

/* The element named `name` whose attribute is val, anywhere under p. */
static xmlNode *po_with(xmlNode *p, const char *name, const char *attr, const char *val) {
  for (xmlNode *c = p ? p->children : NULL; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (po_is(c, name)) {
      xmlChar *v = xmlGetNoNsProp(c, (const xmlChar *)attr);
      int hit = v && strcmp((const char *)v, val) == 0;
      xmlFree(v);
      if (hit) return c;
    }
    xmlNode *deep = po_with(c, name, attr, val);
    if (deep) return deep;
  }
  return NULL;
}

/* The element an id path names; *attr gets an attribute name when the text
 * is an attribute of it (a role's name). NULL when the document has none. */
static xmlNode *po_resolve(xmlNode *root, const char *path, const char **attr) {
  char buf[256];
  snprintf(buf, sizeof buf, "%s", path);
  char *seg[6] = {0};
  size_t n = 0;
  for (char *p = buf; p && n < 6; n++) {
    seg[n] = p;
    p = strchr(p, '/');
    if (p) *p++ = '\0';
  }
  *attr = NULL;
  if (n < 2) return NULL;
  const char *kind = seg[0], *id = seg[1];
  if (strcmp(kind, "meta") == 0) return po_child(po_child(root, "meta"), id);
  if (strcmp(kind, "label") == 0) return po_with(root, "label", "key", id);
  if (strcmp(kind, "theme") == 0 || strcmp(kind, "aspect") == 0) return po_with(root, kind, "id", id);
  if (n < 3) return NULL;
  long num = n >= 4 ? strtol(seg[3], NULL, 10) : 0;
  if (strcmp(kind, "cardset") == 0) return po_child(po_with(root, "cardset", "id", id), seg[2]);
  if (strcmp(kind, "card") == 0) {
    xmlNode *c = po_with(root, "card", "id", id);
    return strcmp(seg[2], "question") == 0 ? po_child(c, "question") : po_nth(c, "prompt", num);
  }
  if (strcmp(kind, "werkvorm") == 0) {
    xmlNode *w = po_with(root, "werkvorm", "id", id);
    if (n == 3) return po_child(w, seg[2]);
    static const struct { const char *seg, *list, *item; } lists[] = {
      {"material", "materials", "item"}, {"role", "roles", "role"}, {"step", "steps", "step"},
      {"tip", "tips", "tip"}, {"summary", "summary", "item"},
    };
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
      if (strcmp(seg[2], lists[i].seg) == 0) {
        if (n == 5 && strcmp(seg[4], "name") == 0) *attr = "name";
        return po_nth(po_child(w, lists[i].list), lists[i].item, num);
      }
    return NULL;
  }
  if (strcmp(kind, "section") == 0) {
    xmlNode *s = po_with(root, "section", "id", id);
    if (strcmp(seg[2], "title") == 0) return po_child(s, "title");
    char *dot;
    long k = strtol(seg[2], &dot, 10), item = *dot == '.' ? strtol(dot + 1, NULL, 10) : 0;
    for (xmlNode *c = s ? s->children : NULL; c; c = c->next)
      if ((po_is(c, "p") || po_is(c, "list")) && --k == 0) return item ? po_nth(c, "item", item) : c;
  }
  return NULL;
}

/* Whether a parsed translation holds only what the element may: text, and
 * for inline text <em>, <strong> and <ref card|werkvorm/>. */
static int po_allowed(const xmlNode *list, int inline_ok) {
  for (const xmlNode *c = list; c; c = c->next) {
    if (c->type == XML_TEXT_NODE) continue;
    if (!inline_ok || c->type != XML_ELEMENT_NODE) return 0;
    if (po_is(c, "ref")) {
      if (c->children || !(xmlHasProp(c, (const xmlChar *)"card") ||
                           xmlHasProp(c, (const xmlChar *)"werkvorm")))
        return 0;
    } else if (!(po_is(c, "em") || po_is(c, "strong")) || !po_allowed(c->children, 1)) {
      return 0;
    }
  }
  return 1;
}

/* Sets the text of node (or of its attribute attr) to the PO translation;
 * -1 when it is not well-formed or holds what the element may not. */
static int po_set(xmlNode *node, const char *attr, const char *text, int inline_ok) {
  xmlNode *list = NULL;
  if (!*text) {
    list = NULL;
  } else if (xmlParseInNodeContext(node, text, (int)strlen(text), XML_PARSE_NONET, &list) !=
                 XML_ERR_OK ||
             !po_allowed(list, inline_ok && !attr)) {
    xmlFreeNodeList(list);
    return -1;
  }
  if (attr) {
    xmlChar *plain = xmlNodeListGetString(node->doc, list, 1);
    xmlFreeNodeList(list);
    /* xmlSetProp escapes what it is given; the text is unescaped already. */
    xmlAttr *a = xmlHasProp(node, (const xmlChar *)attr);
    if (a) xmlRemoveProp(a);
    xmlNewProp(node, (const xmlChar *)attr, plain ? plain : (const xmlChar *)"");
    xmlFree(plain);
    return 0;
  }
  for (xmlNode *c = node->children, *next; c; c = next) {
    next = c->next;
    xmlUnlinkNode(c);
    xmlFreeNode(c);
  }
  if (list) xmlAddChildList(node, list);
  return 0;
}

static int po_write_file(const char *path, const char *buf, size_t len, diag_list *d) {
  char tmp[4200];
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  FILE *f = fopen(tmp, "wb");
  if (!f || fwrite(buf, 1, len, f) != len || fclose(f) != 0 || rename(tmp, path) != 0) {
    diag_error_of(d, DIAG_IO, path, 0, "cannot write: %s", strerror(errno));
    remove(tmp);
    return -1;
  }
  return 0;
}

int po_import(const char *po_path, const char *content_dir, const char *reference_dir,
              diag_list *d) {
  po_file pf = {0};
  if (po_read(po_path, &pf, d) != 0) {
    po_file_free(&pf);
    int kind = diag_exit_code(d);
    return kind ? kind : BUILD_CONTENT_ERROR;
  }
  model_instrument *t, *r;
  int rc = po_load(content_dir, reference_dir, &t, &r, d);
  if (rc != BUILD_OK) {
    po_file_free(&pf);
    return rc;
  }
  char xml_path[4096], rec_path[4096];
  snprintf(xml_path, sizeof xml_path, "%s/instrument.xml", content_dir);
  snprintf(rec_path, sizeof rec_path, "%s/reviewed.txt", content_dir);
  /* Read by hand, as the loader does: xmlReadFile would decompress. */
  char *buf = NULL;
  size_t buf_len = 0;
  xmlDoc *doc = xmldoc_read_file(xml_path, 16 * 1024 * 1024, "check the --content folder",
                                 "instrument.xml", &buf, &buf_len, d) == 0
                    ? xmlReadMemory(buf, (int)buf_len, xml_path, NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOWARNING)
                    : NULL;
  free(buf);
  int had_record = access(rec_path, F_OK) == 0;
  check_record *rec = check_record_load(rec_path, d);
  if (!doc || !rec) {
    if (!doc) diag_error_of(d, DIAG_IO, xml_path, 0, "cannot read it again to write into it");
    rc = BUILD_IO_ERROR;
    goto done;
  }
  xmlNode *root = xmlDocGetRootElement(doc);
  size_t changed = 0, marked = 0, errors = 0;
  for (size_t i = 0; i < pf.n; i++) {
    const po_entry *e = &pf.e[i];
    if (!e->id || !*e->id || !e->ctxt) continue; /* the header */
    model_item ri, ti;
    if (model_item_find(r, e->ctxt, &ri) != 0) {
      diag_warning(d, po_path, e->line, "msgctxt \"%s\" names no text of %s (left out; is the "
                   "PO file from another edition?)", e->ctxt, r->file);
      continue;
    }
    if (!e->str || !*e->str) continue; /* not translated yet */
    const char *attr;
    xmlNode *node = po_resolve(root, e->ctxt, &attr);
    if (!node || model_item_find(t, e->ctxt, &ti) != 0) {
      diag_error(d, po_path, e->line, "%s has no place for \"%s\" (copy that element from %s "
                 "into it first, then import again)", xml_path, e->ctxt, r->file);
      errors++;
      continue;
    }
    char *current = model_item_xml(&ti);
    if (strcmp(current, e->str) != 0) {
      if (po_set(node, attr, e->str, ti.text != NULL) != 0) {
        diag_error(d, po_path, e->line, "the translation of \"%s\" is not well-formed %s (write "
                   "& as &amp; and < as &lt;%s)", e->ctxt, ti.text ? "inline text" : "text",
                   ti.text ? "; only <em>, <strong> and <ref .../> may be used" : "");
        errors++;
      } else {
        changed++;
      }
    }
    free(current);
    if (!e->fuzzy) {
      const char *old;
      if (check_record_changed(rec, e->ctxt, e->id, &old) != 0) marked++;
      check_record_mark(rec, e->ctxt, e->id);
    }
  }
  if (errors) {
    rc = BUILD_CONTENT_ERROR;
    goto done;
  }
  if (changed) {
    xmlChar *mem = NULL;
    int len = 0;
    xmlDocDumpMemoryEnc(doc, &mem, &len, "UTF-8");
    /* The new file must load before it replaces the old one. */
    model_instrument *check = content_load_translation((const char *)mem, (size_t)len, xml_path,
                                                       r, d);
    if (!check) rc = BUILD_CONTENT_ERROR;
    else if (po_write_file(xml_path, (const char *)mem, (size_t)len, d) != 0) rc = BUILD_IO_ERROR;
    model_free(check);
    xmlFree(mem);
  }
  /* The record is written when it changes, so an import of an unchanged
   * export leaves the edition as it was. */
  if (rc == BUILD_OK && marked && (had_record || changed) && check_record_save(rec, r, rec_path, d) != 0) rc = BUILD_IO_ERROR;
done:
  xmlFreeDoc(doc);
  check_record_free(rec);
  model_free(t);
  model_free(r);
  po_file_free(&pf);
  return rc;
}
