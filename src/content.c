/* content: instrument.xml (format 1) to the model: parse, validate against the embedded schema, build, cross-check. */
#define _DEFAULT_SOURCE /* realpath */
#include "content.h"
#include "xmldoc.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

/* schema/instrument.rng, compiled in by tools/embed.py. */
extern const char embedded_instrument[];
extern const unsigned long embedded_instrument_len;

enum { CONTENT_MAX_BYTES = 16 * 1024 * 1024 };

#define FORMAT_DOC "see docs/content-format.md"

/* A reference seen while building, checked once every card and werkvorm exists. */
typedef struct pending_ref {
  model_run_kind kind;
  const char *id;
  long line;
  struct pending_ref *next;
} pending_ref;

/* One RELAX NG error as libxml2 reported it. They are kept until validation
 * ends because libxml2 reports one problem several times (on the element,
 * then as "failed to validate content" on each ancestor); only then can the
 * cause be told from its echoes. */
typedef struct rng_error {
  int code;
  const xmlNode *node;     /* borrowed from the document */
  long line;
  const char *s1, *s2, *message; /* in the arena */
} rng_error;

/* An error waiting to be reported: they go to the diag list in line order,
 * whichever check found them. */
typedef struct pending_error {
  long line;
  size_t seq;              /* order found, to keep it within a line */
  char *message;           /* malloc'd */
} pending_error;

/* State of one load. */
typedef struct loader {
  diag_list *d;
  const char *file;        /* as given by the caller, for diagnostics */
  pending_error *errs;     /* malloc'd */
  size_t errors, cap_errors;
  int parse_errors;        /* well-formedness errors so far: only the first is said */
  arena *a;                /* becomes the instrument's arena */
  model_instrument *m;     /* in the arena */
  pending_ref *refs;       /* in the arena, in file order */
  pending_ref **refs_end;  /* where the next one goes */
  rng_error *rng;          /* malloc'd */
  size_t n_rng, cap_rng;
  char *generic;           /* malloc'd: text libxml2 sent to its generic handler */
  size_t generic_len;
  const model_instrument *ref; /* borrowed: the reference edition of a translation, or NULL */
} loader;

static void error_at(loader *l, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void error_at(loader *l, long line, const char *fmt, ...) {
  char msg[1536];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (l->errors == l->cap_errors) {
    l->cap_errors = l->cap_errors ? l->cap_errors * 2 : 16;
    l->errs = realloc(l->errs, l->cap_errors * sizeof *l->errs);
    if (!l->errs) abort();
  }
  char *copy = strdup(msg);
  if (!copy) abort();
  l->errs[l->errors] = (pending_error){line, l->errors, copy};
  l->errors++;
}

static int by_line(const void *a, const void *b) {
  const pending_error *x = a, *y = b;
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Every error of the load, in line order (found order within a line). */
static void errors_flush(loader *l) {
  if (l->errors > 0) qsort(l->errs, l->errors, sizeof *l->errs, by_line); /* errs may be NULL */
  for (size_t i = 0; i < l->errors; i++) {
    diag_error(l->d, l->file, l->errs[i].line, "%s", l->errs[i].message);
    free(l->errs[i].message);
  }
  free(l->errs);
}

/* libxml2's messages end in a newline; diagnostics are one line each. */
static const char *one_line(loader *l, const char *s) {
  char *out = arena_strdup(l->a, s ? s : "");
  size_t n = strlen(out);
  while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r' || out[n - 1] == ' ')) out[--n] = '\0';
  for (char *p = out; *p; p++)
    if (*p == '\n' || *p == '\r') *p = ' ';
  return out;
}

static const char *str_or(const char *s, const char *fallback) {
  return s && *s ? s : fallback;
}

/* ---- well-formedness errors ----------------------------------------- */

/* libxml2's errors in plain words (xmldoc_error_words). */
static void report_parse_error(loader *l, const xmlError *e) {
  char msg[1024];
  xmldoc_error_words(e, "instrument", msg, sizeof msg);
  if (e->level == XML_ERR_WARNING) {
    diag_warning(l->d, l->file, e->line, "%s", msg);
    return;
  }
  /* After the first error the parser gives up; what it says next
   * ("attributes construct error", "Couldn't find end of Start Tag")
   * only follows from it. */
  if (l->parse_errors++) return;
  error_at(l, e->line, "%s", msg);
}

/* ---- validity errors ------------------------------------------------- */

/* What each element takes and holds, in the words of docs/content-format.md,
 * so a validity error can say what is expected: libxml2 mostly says only
 * what went wrong. Mirrors schema/instrument.rng. */
typedef struct element_info {
  const char *name;
  const char *required;    /* required attributes, space-separated; a|b: one of them */
  const char *optional;    /* optional attributes, space-separated */
  const char *attributes;  /* what it takes, for hints */
  const char *holds;       /* what it holds, for hints */
} element_info;

#define INLINE "text with <em>, <strong> and <ref/>"
#define TEXT_ONLY "only text"
#define NOTHING "nothing (it is empty)"

static const element_info elements[] = {
  {"instrument", "format xml:lang edition", "", "format=\"1\", xml:lang (such as \"nl\") and edition",
   "<meta>, <labels>, <themes>, <aspects>, one or more <cardset>, one or more <werkvorm> and "
   "<guide>, in this order"},
  {"meta", "", "", "no attributes", "<title>, <subtitle>, <publisher>, <date> and <license>, in this order"},
  {"date", "", "", "no attributes", "only a date written YYYY-MM-DD"},
  {"labels", "", "", "no attributes", "one or more <label key=\"…\">"},
  {"label", "key", "", "key", "only text, with {placeholders}"},
  {"themes", "", "", "no attributes", "one or more <theme id=\"…\">"},
  {"theme", "id", "", "id", TEXT_ONLY},
  {"aspects", "", "", "no attributes", "one or more <aspect id=\"…\">"},
  {"aspect", "id", "", "id", TEXT_ONLY},
  {"cardset", "id", "code", "id and optionally code", "<name>, <intro> and one or more <card>, in this order"},
  {"card", "id theme aspect", "", "id, theme and aspect", "one <question>, then zero or more <prompt>"},
  {"ref", "card|werkvorm", "", "either card=\"ID\" or werkvorm=\"ID\", not both", NOTHING},
  {"werkvorm", "id", "", "id",
   "<name>, <purpose>, <duration/>, <groupsize/>, <materials>, <roles>, <steps>, <tips> and "
   "optionally <summary>, in this order"},
  {"duration", "minutes", "", "minutes, a whole number above 0", NOTHING},
  {"groupsize", "min max", "", "min and max, whole numbers above 0", NOTHING},
  {"materials", "", "", "no attributes", "one or more <item>"},
  {"roles", "", "", "no attributes", "one or more <role name=\"…\">"},
  {"role", "name", "", "name", INLINE},
  {"steps", "", "", "no attributes", "one or more <step>"},
  {"step", "", "minutes", "optionally minutes, a whole number above 0", INLINE},
  {"tips", "", "", "no attributes", "one or more <tip>"},
  {"summary", "", "", "no attributes", "one or more <item>"},
  {"guide", "", "", "no attributes", "one or more <section id=\"…\">"},
  {"section", "id", "", "id", "<title>, then <p>, <list> and (in a top-level section) <section>"},
  {"list", "", "style", "optionally style=\"numbered\"", "one or more <item>"},
};

/* Whether `name` is in the space-separated `list` (a|b counts as a and b). */
static int in_list(const char *list, const char *name) {
  size_t len = strlen(name);
  for (const char *p = list; (p = strstr(p, name)) != NULL; p += len) {
    int starts = p == list || p[-1] == ' ' || p[-1] == '|';
    int ends = p[len] == '\0' || p[len] == ' ' || p[len] == '|';
    if (starts && ends) return 1;
  }
  return 0;
}

static element_info element_lookup(const char *name) {
  static const char *const inline_elements[] = {"question", "prompt", "intro", "purpose", "item",
                                                "tip", "p", "em", "strong"};
  for (size_t i = 0; i < sizeof elements / sizeof elements[0]; i++)
    if (strcmp(elements[i].name, name) == 0) return elements[i];
  for (size_t i = 0; i < sizeof inline_elements / sizeof inline_elements[0]; i++)
    if (strcmp(inline_elements[i], name) == 0) return (element_info){name, "", "", "no attributes", INLINE};
  if (in_list("title subtitle publisher license name", name))
    return (element_info){name, "", "", "no attributes", TEXT_ONLY};
  return (element_info){name, "", "", FORMAT_DOC, FORMAT_DOC};
}

static const char *node_name(const xmlNode *n) {
  return n && n->name ? (const char *)n->name : "?";
}

static int has_attribute(const xmlNode *n, const char *name) {
  if (strcmp(name, "xml:lang") == 0) return xmlHasNsProp(n, BAD_CAST "lang", XML_XML_NAMESPACE) != NULL;
  return xmlHasNsProp(n, BAD_CAST name, NULL) != NULL;
}

/* Whether n has the attribute, or for "a|b" one of them. */
static int has_one_of(loader *l, const xmlNode *n, const char *names) {
  for (const char *p = names; *p;) {
    size_t len = strcspn(p, "|");
    if (has_attribute(n, arena_strndup(l->a, p, len))) return 1;
    p += len + (p[len] == '|');
  }
  return 0;
}

/* The first required attribute n lacks ("a or b" for a choice), or NULL. */
static const char *missing_attribute(loader *l, const xmlNode *n, const element_info *info) {
  for (const char *p = info->required; *p;) {
    size_t len = strcspn(p, " ");
    char *names = arena_strndup(l->a, p, len);
    if (!has_one_of(l, n, names)) {
      char *bar = strchr(names, '|');
      return bar ? arena_printf(l->a, "%.*s or %s", (int)(bar - names), names, bar + 1) : names;
    }
    p += len + (p[len] == ' ');
  }
  return NULL;
}

/* The name of n's attribute whose value is `value`, or NULL. */
static const char *attribute_with_value(const xmlNode *n, const char *value) {
  for (const xmlAttr *a = n->properties; a; a = a->next)
    if (a->children && a->children->content && strcmp((const char *)a->children->content, value) == 0)
      return (const char *)a->name;
  return NULL;
}

/* The schema's datatypes in words: what a value must be, and how to write it. */
static void describe_type(const char *type, const char **what, const char **how) {
  static const char *const types[][3] = {
    {"positiveInteger", "a whole number above 0", "write a number such as 10"},
    {"date", "a date written YYYY-MM-DD", "write it like 2026-01-15"},
    {"NCName", "an id", "use letters, digits, '-', '_' and '.', starting with a letter"},
    {"language", "a language tag", "write it like nl or en-GB"},
    {"token", "a text", "it must not be empty"},
  };
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
    if (strcmp(types[i][0], type) == 0) {
      *what = types[i][1];
      *how = types[i][2];
      return;
    }
  *what = type;
  *how = FORMAT_DOC;
}

static void report_bad_value(loader *l, const rng_error *e) {
  const char *el = node_name(e->node), *value = str_or(e->s2, "");
  const char *what, *how;
  describe_type(str_or(e->s1, "?"), &what, &how);
  const char *attribute = attribute_with_value(e->node, value);
  if (attribute)
    error_at(l, e->line, "<%s> %s=\"%s\" is not %s (%s)", el, attribute, value, what, how);
  else if (!*value)
    error_at(l, e->line, "<%s> is empty, but must hold %s (%s)", el, what, how);
  else
    error_at(l, e->line, "<%s> holds '%s', which is not %s (%s)", el, value, what, how);
}

static void report_attributes(loader *l, const rng_error *e) {
  const char *el = node_name(e->node);
  element_info info = element_lookup(el);
  const char *missing = missing_attribute(l, e->node, &info);
  if (missing)
    error_at(l, e->line, "<%s> lacks the attribute %s (add it; <%s> takes %s)", el, missing, el,
             info.attributes);
  else
    error_at(l, e->line, "<%s> has a wrong attribute value (<%s> takes %s)", el, el, info.attributes);
}

/* libxml2 says "invalid attribute" both for an unknown one and for a known
 * one whose value is not allowed here (style="bullets"); the two need
 * different fixes. */
static void report_invalid_attribute(loader *l, const rng_error *e) {
  const char *el = str_or(e->s2, node_name(e->node)), *name = str_or(e->s1, "?");
  element_info info = element_lookup(el);
  if (!in_list(info.required, name) && !in_list(info.optional, name)) {
    error_at(l, e->line, "<%s> does not take the attribute %s (remove it; <%s> takes %s)", el, name,
             el, info.attributes);
    return;
  }
  xmlChar *value = xmlGetNoNsProp(e->node, BAD_CAST name);
  error_at(l, e->line, "<%s> %s=\"%s\" is not allowed (<%s> takes %s)", el, name,
           value ? (const char *)value : "", el, info.attributes);
  xmlFree(value);
}

/* "<x> is not expected here": a wrong element, or one missing before it. */
static void report_unexpected(loader *l, long line, const char *el, const char *parent) {
  element_info info = element_lookup(parent);
  error_at(l, line, "<%s> is not expected here (<%s> holds %s)", el, parent, info.holds);
}

static void report_validity_error(loader *l, const rng_error *e) {
  const xmlNode *n = e->node;
  const char *el = node_name(n);
  const char *parent = n && n->parent ? node_name(n->parent) : "?";
  switch (e->code) {
  case XML_RELAXNG_ERR_ELEMNAME:
    error_at(l, e->line, "<%s> is not expected here; <%s> is (%s)", str_or(e->s2, el),
             str_or(e->s1, "?"), FORMAT_DOC);
    return;
  case XML_RELAXNG_ERR_NOELEM:
    if (e->s1 && *e->s1)
      error_at(l, e->line, "<%s> lacks <%s> (<%s> holds %s)", el, e->s1, el, element_lookup(el).holds);
    else
      error_at(l, e->line, "<%s> is incomplete (<%s> holds %s)", el, el, element_lookup(el).holds);
    return;
  case XML_RELAXNG_ERR_ELEMWRONG:
  case XML_RELAXNG_ERR_INTEREXTRA:
    report_unexpected(l, e->line, el, parent);
    return;
  case XML_RELAXNG_ERR_EXTRACONTENT:
    report_unexpected(l, e->line, str_or(e->s2, el), str_or(e->s1, parent));
    return;
  case XML_RELAXNG_ERR_TEXTWRONG:
  case XML_RELAXNG_ERR_NOTELEM:
    if (n && n->type != XML_ELEMENT_NODE) el = parent;
    error_at(l, e->line, "text is not allowed in <%s> (<%s> holds %s)", el, el, element_lookup(el).holds);
    return;
  case XML_RELAXNG_ERR_ATTRVALID:
  case XML_RELAXNG_ERR_TYPECMP:
  case XML_RELAXNG_ERR_VALUE:
    report_attributes(l, e);
    return;
  case XML_RELAXNG_ERR_INVALIDATTR:
    report_invalid_attribute(l, e);
    return;
  case XML_RELAXNG_ERR_TYPEVAL:
    report_bad_value(l, e);
    return;
  case XML_RELAXNG_ERR_LACKDATA:
    error_at(l, e->line, "<%s> is empty (<%s> holds %s)", el, el, element_lookup(el).holds);
    return;
  case XML_RELAXNG_ERR_CONTENTVALID:
    error_at(l, e->line, "the content of <%s> does not follow the format (<%s> holds %s)", el, el,
             element_lookup(el).holds);
    return;
  default:
    error_at(l, e->line, "%s (%s)", e->message, FORMAT_DOC);
  }
}

/* How telling an error is: a group of errors on one node speaks with its
 * most telling ones; summaries speak only when nothing else did. */
static int rng_rank(int code) {
  switch (code) {
  case XML_RELAXNG_ERR_INVALIDATTR:
  case XML_RELAXNG_ERR_TYPEVAL:
  case XML_RELAXNG_ERR_LACKDATA:
    return 4;
  case XML_RELAXNG_ERR_ATTRVALID:
  case XML_RELAXNG_ERR_TYPECMP:
  case XML_RELAXNG_ERR_VALUE:
    return 3;
  case XML_RELAXNG_ERR_ELEMWRONG:
  case XML_RELAXNG_ERR_ELEMNAME:
  case XML_RELAXNG_ERR_TEXTWRONG:
  case XML_RELAXNG_ERR_NOTELEM:
  case XML_RELAXNG_ERR_INTEREXTRA:
    return 2;
  case XML_RELAXNG_ERR_CONTENTVALID:
  case XML_RELAXNG_ERR_EXTRACONTENT:
  case XML_RELAXNG_ERR_DATATYPE:
    return 0;
  default:
    return 1;
  }
}

static void report_validity_errors(loader *l) {
  size_t said = 0;
  for (size_t i = 0, j; i < l->n_rng; i = j) {
    int best = 0;
    for (j = i; j < l->n_rng && l->rng[j].node == l->rng[i].node; j++)
      if (rng_rank(l->rng[j].code) > best) best = rng_rank(l->rng[j].code);
    if (best == 0 && said > 0) continue;
    for (size_t k = i; k < j; k++)
      if (rng_rank(l->rng[k].code) == best) {
        report_validity_error(l, &l->rng[k]);
        said++;
      }
  }
}

static void keep_validity_error(loader *l, const xmlError *e) {
  if (l->n_rng == l->cap_rng) {
    l->cap_rng = l->cap_rng ? l->cap_rng * 2 : 16;
    l->rng = realloc(l->rng, l->cap_rng * sizeof *l->rng);
    if (!l->rng) abort();
  }
  l->rng[l->n_rng++] = (rng_error){e->code, e->node, e->line, arena_strdup(l->a, e->str1),
                                   arena_strdup(l->a, e->str2), one_line(l, e->message)};
}

/* ---- capturing libxml2's output -------------------------------------- */

static void on_xml_error(void *ctx, xmlErrorPtr e) {
  loader *l = ctx;
  if (!e) return;
  if (e->domain == XML_FROM_RELAXNGV) {
    keep_validity_error(l, e);
    return;
  }
  if (e->domain == XML_FROM_RELAXNGP) {
    error_at(l, 0, "built-in schema instrument.rng: %s (a bug in kaartset)", one_line(l, e->message));
    return;
  }
  report_parse_error(l, e);
}

/* libxml2 sends a few messages, in pieces, straight to the generic handler;
 * they are kept and reported as one error so that nothing reaches stderr. */
static void on_generic_error(void *ctx, const char *fmt, ...) {
  loader *l = ctx;
  char piece[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(piece, sizeof piece, fmt, ap);
  va_end(ap);
  if (n <= 0) return;
  size_t len = strlen(piece);
  char *g = realloc(l->generic, l->generic_len + len + 1);
  if (!g) abort();
  memcpy(g + l->generic_len, piece, len + 1);
  l->generic = g;
  l->generic_len += len;
}

typedef struct saved_handlers {
  xmlStructuredErrorFunc structured;
  void *structured_ctx;
  xmlGenericErrorFunc generic;
  void *generic_ctx;
} saved_handlers;

static saved_handlers handlers_take(loader *l) {
  saved_handlers s = {xmlStructuredError, xmlStructuredErrorContext, xmlGenericError,
                      xmlGenericErrorContext};
  xmlSetStructuredErrorFunc(l, on_xml_error);
  xmlSetGenericErrorFunc(l, on_generic_error);
  return s;
}

static void handlers_restore(loader *l, const saved_handlers *s) {
  xmlSetStructuredErrorFunc(s->structured_ctx, s->structured);
  xmlSetGenericErrorFunc(s->generic_ctx, s->generic);
  if (!l->generic) return;
  error_at(l, 0, "libxml2: %s", one_line(l, l->generic));
  free(l->generic);
  l->generic = NULL;
}

/* ---- parse and validate ---------------------------------------------- */

/* The line of the first "<!DOCTYPE" in buf, 0 when not found. */
static long doctype_line(const char *buf, size_t len) {
  static const char tag[] = "<!DOCTYPE";
  long line = 1;
  for (size_t i = 0; i + sizeof tag - 1 <= len; i++) {
    if (buf[i] == '\n') line++;
    if (memcmp(buf + i, tag, sizeof tag - 1) == 0) return line;
  }
  return 0;
}

static xmlDoc *parse(loader *l, const char *buf, size_t len) {
  if (len > INT_MAX) {
    error_at(l, 0, "too large for the XML parser (at most %d bytes)", INT_MAX);
    return NULL;
  }
  xmlParserCtxt *ctxt = xmlNewParserCtxt();
  if (!ctxt) abort();
  /* NONET and nothing else: no entity substitution, no DTD loading, no
   * XInclude, default size limits. External entities stay unexpanded. */
  xmlDoc *doc = xmlCtxtReadMemory(ctxt, buf ? buf : "", (int)len, l->file, NULL, XML_PARSE_NONET);
  int well_formed = ctxt->wellFormed;
  xmlFreeParserCtxt(ctxt);
  if (doc && well_formed && l->errors == 0) return doc;
  if (l->errors == 0) error_at(l, 0, "not an XML document (it must hold one <instrument> element)");
  xmlFreeDoc(doc);
  return NULL;
}

/* The format has no DTD; refusing one keeps entities (and their expansion
 * tricks) out of the content entirely. */
static int refuse_doctype(loader *l, const xmlDoc *doc, const char *buf, size_t len) {
  if (!doc->intSubset && !doc->extSubset) return 0;
  error_at(l, doctype_line(buf, len),
           "a <!DOCTYPE> is not allowed in an instrument file (remove it; write special "
           "characters themselves or as &#…; references)");
  return -1;
}

/* A file of another kind, or of another format version, would drown in
 * validity errors; one message says what it is instead. */
static int check_root(loader *l, xmlNode *root) {
  long line = xmlGetLineNo(root);
  if (strcmp(node_name(root), "instrument") != 0) {
    error_at(l, line, "the root element is <%s>, not <instrument> (is this an instrument.xml? %s)",
             node_name(root), FORMAT_DOC);
    return -1;
  }
  if (root->ns) {
    error_at(l, line, "<instrument> is in the namespace '%s' (remove xmlns: instrument files use none)",
             root->ns->href ? (const char *)root->ns->href : "");
    return -1;
  }
  xmlChar *format = xmlGetNoNsProp(root, BAD_CAST "format");
  int ok = format && strcmp((const char *)format, "1") == 0;
  if (!format)
    error_at(l, line, "<instrument> lacks the attribute format (add format=\"1\": the file follows content format 1)");
  else if (!ok)
    error_at(l, line, "content format \"%s\" is not supported (this kaartset reads format \"1\"; %s)",
             (const char *)format, FORMAT_DOC);
  xmlFree(format);
  return ok ? 0 : -1;
}

static int validate(loader *l, xmlDoc *doc) {
  xmlRelaxNGParserCtxt *pc = xmlRelaxNGNewMemParserCtxt(embedded_instrument, (int)embedded_instrument_len);
  if (!pc) abort();
  xmlRelaxNGSetParserStructuredErrors(pc, on_xml_error, l);
  xmlRelaxNG *schema = xmlRelaxNGParse(pc);
  xmlRelaxNGFreeParserCtxt(pc);
  if (!schema) {
    if (l->errors == 0) error_at(l, 0, "built-in schema instrument.rng does not compile (a bug in kaartset)");
    return -1;
  }
  xmlRelaxNGValidCtxt *vc = xmlRelaxNGNewValidCtxt(schema);
  if (!vc) abort();
  xmlRelaxNGSetValidStructuredErrors(vc, on_xml_error, l);
  int rc = xmlRelaxNGValidateDoc(vc, doc);
  xmlRelaxNGFreeValidCtxt(vc);
  xmlRelaxNGFree(schema);
  report_validity_errors(l);
  if (rc != 0 && l->errors == 0) error_at(l, 0, "the file does not follow content format 1 (%s)", FORMAT_DOC);
  return rc == 0 && l->errors == 0 ? 0 : -1;
}

/* ---- tree helpers ---------------------------------------------------- */

static int is(const xmlNode *n, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNode *next_element(xmlNode *n) {
  while (n && n->type != XML_ELEMENT_NODE) n = n->next;
  return n;
}

#define EACH_ELEMENT(var, parent) \
  for (xmlNode *var = next_element((parent)->children); var; var = next_element(var->next))

static xmlNode *child(xmlNode *parent, const char *name) {
  EACH_ELEMENT(c, parent)
    if (is(c, name)) return c;
  return NULL;
}

static size_t count_children(xmlNode *parent, const char *name) {
  size_t n = 0;
  EACH_ELEMENT(c, parent) n += is(c, name);
  return n;
}

static long line_of(const xmlNode *n) {
  return n ? xmlGetLineNo(n) : 0;
}

static model_loc loc_of(loader *l, const xmlNode *n) {
  return (model_loc){l->m->file, line_of(n)};
}

static int is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Appends s to out (room for strlen(s) more), white space runs as one space,
 * none after a space already written; *after_space carries that state. */
static size_t collapse_into(char *out, size_t len, const char *s, int *after_space) {
  for (; *s; s++) {
    if (is_space(*s)) {
      if (*after_space) continue;
      out[len++] = ' ';
      *after_space = 1;
      continue;
    }
    out[len++] = *s;
    *after_space = 0;
  }
  out[len] = '\0';
  return len;
}

/* s with white space collapsed and trimmed, in the arena. */
static const char *collapse(loader *l, const char *s) {
  char *out = arena_alloc(l->a, strlen(s) + 1);
  int after_space = 1;
  size_t len = collapse_into(out, 0, s, &after_space);
  if (len > 0 && out[len - 1] == ' ') out[len - 1] = '\0';
  return out;
}

/* The element's text content, collapsed, in the arena ("" when empty). */
static const char *plain_text(loader *l, const xmlNode *n) {
  xmlChar *s = xmlNodeGetContent(n);
  const char *out = collapse(l, s ? (const char *)s : "");
  xmlFree(s);
  return out;
}

static const char *attr(loader *l, const xmlNode *n, const char *name) {
  xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
  const char *out = v ? arena_strdup(l->a, (const char *)v) : NULL;
  xmlFree(v);
  return out;
}

/* A positive integer attribute the schema has checked; 0 when absent. */
static int attr_count(loader *l, const xmlNode *n, const char *name) {
  xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
  if (!v) return 0;
  errno = 0;
  long x = strtol((const char *)v, NULL, 10);
  if (errno == 0 && x > 0 && x <= INT_MAX) {
    xmlFree(v);
    return (int)x;
  }
  error_at(l, line_of(n), "<%s> %s=\"%s\" is too large (write a number up to %d)", node_name(n), name,
           (const char *)v, INT_MAX);
  xmlFree(v);
  return 0;
}

/* ---- inline text ----------------------------------------------------- */

/* Runs under construction: the text lives in one malloc'd buffer, each run
 * knows its slice; the result is copied into the arena at the end. */
typedef struct run_slice {
  model_run_kind kind;
  unsigned flags;
  size_t start, end;
  const char *ref;
} run_slice;

typedef struct run_builder {
  loader *l;
  run_slice *runs;
  size_t n, cap;
  char *buf;
  size_t len, buf_cap;
  int after_space;   /* the text so far ends in white space (or is empty) */
} run_builder;

static run_slice *builder_push(run_builder *b, model_run_kind kind, unsigned flags) {
  if (b->n == b->cap) {
    b->cap = b->cap ? b->cap * 2 : 8;
    b->runs = realloc(b->runs, b->cap * sizeof *b->runs);
    if (!b->runs) abort();
  }
  run_slice *r = &b->runs[b->n++];
  *r = (run_slice){kind, flags, b->len, b->len, NULL};
  return r;
}

static void builder_text(run_builder *b, const char *s, unsigned flags) {
  size_t need = b->len + strlen(s) + 1;
  if (need > b->buf_cap) {
    b->buf_cap = need * 2;
    b->buf = realloc(b->buf, b->buf_cap);
    if (!b->buf) abort();
  }
  size_t before = b->len;
  b->len = collapse_into(b->buf, b->len, s, &b->after_space);
  if (b->len == before) return;
  /* The same style continues the last run (text split by a comment, say). */
  run_slice *last = b->n ? &b->runs[b->n - 1] : NULL;
  if (!last || last->kind != RUN_TEXT || last->flags != flags) {
    last = builder_push(b, RUN_TEXT, flags);
    last->start = before;
  }
  last->end = b->len;
}

static void builder_ref(run_builder *b, const xmlNode *n, unsigned flags) {
  loader *l = b->l;
  const char *card = attr(l, n, "card");
  model_run_kind kind = card ? RUN_REF_CARD : RUN_REF_WERKVORM;
  run_slice *r = builder_push(b, kind, flags);
  r->ref = card ? card : attr(l, n, "werkvorm");
  b->after_space = 0;
  pending_ref *p = arena_alloc(l->a, sizeof *p);
  *p = (pending_ref){kind, r->ref, line_of(n), NULL};
  *l->refs_end = p;
  l->refs_end = &p->next;
}

static void builder_walk(run_builder *b, const xmlNode *parent, unsigned flags) {
  for (const xmlNode *n = parent->children; n; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
      builder_text(b, (const char *)n->content, flags);
    else if (is(n, "em"))
      builder_walk(b, n, flags | RUN_EM);
    else if (is(n, "strong"))
      builder_walk(b, n, flags | RUN_STRONG);
    else if (is(n, "ref"))
      builder_ref(b, n, flags);
  }
}

/* Inline text of n: runs with collapsed white space, trimmed at both ends. */
static model_text inline_text(loader *l, const xmlNode *n) {
  run_builder b = {.l = l, .after_space = 1};
  builder_walk(&b, n, 0);
  if (b.n > 0 && b.runs[b.n - 1].kind == RUN_TEXT && b.after_space) {
    run_slice *last = &b.runs[b.n - 1];
    last->end--;
    if (last->end == last->start) b.n--;
  }
  model_run *runs = arena_alloc(l->a, (b.n ? b.n : 1) * sizeof *runs);
  for (size_t i = 0; i < b.n; i++) {
    const run_slice *s = &b.runs[i];
    runs[i] = (model_run){s->kind, s->flags, NULL, s->ref};
    if (s->kind == RUN_TEXT) runs[i].text = arena_strndup(l->a, b.buf + s->start, s->end - s->start);
  }
  model_text t = {runs, b.n, loc_of(l, n)};
  free(b.runs);
  free(b.buf);
  return t;
}

/* Inline text of every child named `name`, in order. */
static const model_text *inline_list(loader *l, xmlNode *parent, const char *name, size_t *count) {
  *count = count_children(parent, name);
  model_text *out = arena_alloc(l->a, (*count ? *count : 1) * sizeof *out);
  size_t i = 0;
  EACH_ELEMENT(c, parent)
    if (is(c, name)) out[i++] = inline_text(l, c);
  return out;
}

/* ---- building the model ---------------------------------------------- */

static void build_meta(loader *l, xmlNode *meta) {
  model_meta *mm = &l->m->meta;
  mm->title = plain_text(l, child(meta, "title"));
  mm->subtitle = plain_text(l, child(meta, "subtitle"));
  mm->publisher = plain_text(l, child(meta, "publisher"));
  mm->date = plain_text(l, child(meta, "date"));
  mm->license = plain_text(l, child(meta, "license"));
  /* Elements left out were reported by the schema; their place is the <meta>. */
  xmlNode *at[4] = {child(meta, "title"), child(meta, "subtitle"), child(meta, "publisher"),
                    child(meta, "license")};
  model_loc *locs[4] = {&mm->title_loc, &mm->subtitle_loc, &mm->publisher_loc, &mm->license_loc};
  for (int i = 0; i < 4; i++) *locs[i] = loc_of(l, at[i] ? at[i] : meta);
}

static void build_labels(loader *l, xmlNode *labels) {
  size_t n = count_children(labels, "label");
  model_label *out = arena_alloc(l->a, n * sizeof *out);
  size_t i = 0;
  EACH_ELEMENT(c, labels)
    out[i++] = (model_label){attr(l, c, "key"), plain_text(l, c), loc_of(l, c)};
  l->m->labels = out;
  l->m->n_labels = n;
}

/* <themes> or <aspects>: each child an id and a name. */
static const model_named *build_named(loader *l, xmlNode *parent, const char *name,
                                      size_t *count) {
  *count = count_children(parent, name);
  model_named *out = arena_alloc(l->a, (*count ? *count : 1) * sizeof *out);
  size_t i = 0;
  EACH_ELEMENT(c, parent)
    out[i++] = (model_named){attr(l, c, "id"), plain_text(l, c), loc_of(l, c)};
  return out;
}

/* The id of element i of an array of model structs that start with `const char *id`
 * (themes, aspects, werkvormen): lets one helper list any of them. */
static const char *id_at(const void *array, size_t size, size_t i) {
  const char *id;
  memcpy(&id, (const char *)array + i * size, sizeof id);
  return id;
}

/* "a, b, c" for use in hints. */
static const char *id_list(loader *l, const void *array, size_t count, size_t size) {
  size_t len = 1;
  for (size_t i = 0; i < count; i++) len += strlen(id_at(array, size, i)) + 2;
  char *out = arena_alloc(l->a, len);
  for (size_t i = 0; i < count; i++) {
    if (i) strcat(out, ", ");
    strcat(out, id_at(array, size, i));
  }
  return out;
}

static void build_card(loader *l, model_card *card, const model_cardset *set, size_t number,
                       xmlNode *n) {
  model_instrument *m = l->m;
  card->id = attr(l, n, "id");
  card->code = arena_printf(l->a, "%s%zu", set->code, number);
  card->set = set;
  card->loc = loc_of(l, n);
  const char *theme = attr(l, n, "theme"), *aspect = attr(l, n, "aspect");
  card->theme = model_theme_find(m, theme);
  card->aspect = model_aspect_find(m, aspect);
  /* A theme or aspect only the reference has: content_complete points the
   * card at the completed edition's. */
  if (!card->theme && l->ref) card->theme = model_theme_find(l->ref, theme);
  if (!card->aspect && l->ref) card->aspect = model_aspect_find(l->ref, aspect);
  if (!card->theme)
    error_at(l, card->loc.line, "card '%s' has theme '%s', which is not defined (use one of: %s)",
             card->id, theme, id_list(l, m->themes, m->n_themes, sizeof *m->themes));
  if (!card->aspect)
    error_at(l, card->loc.line, "card '%s' has aspect '%s', which is not defined (use one of: %s)",
             card->id, aspect, id_list(l, m->aspects, m->n_aspects, sizeof *m->aspects));
  xmlNode *q = child(n, "question");
  card->question = inline_text(l, q);
  if (card->question.n_runs == 0)
    error_at(l, line_of(q), "card '%s' has an empty question (write the question)", card->id);
  card->prompts = inline_list(l, n, "prompt", &card->n_prompts);
}

/* The set's code: its attribute, else the id's first letter in upper case. */
static const char *cardset_code(loader *l, const xmlNode *n, const char *id) {
  const char *code = attr(l, n, "code");
  if (code) return collapse(l, code);
  char first = id[0] >= 'a' && id[0] <= 'z' ? (char)(id[0] - 'a' + 'A') : id[0];
  return arena_printf(l->a, "%c", first);
}

/* A translation prints the codes of the reference edition: a card's code is
 * the one its id has there, whatever its place in the translation, so "take
 * card P3" means one question in every edition. Cards the reference lacks
 * are numbered after its last. */
static void reference_codes(loader *l, model_cardset *set) {
  const model_cardset *rs = model_cardset_find(l->ref, set->id);
  if (rs) set->code = rs->code;
  size_t next = rs ? rs->n_cards : 0;
  for (size_t i = 0; i < set->n_cards; i++) {
    model_card *c = (model_card *)&set->cards[i];
    const model_card *rc = model_card_find(l->ref, c->id);
    c->code = rc ? rc->code : arena_printf(l->a, "%s%zu", set->code, ++next);
  }
}

static void build_cardset(loader *l, model_cardset *set, xmlNode *n) {
  set->id = attr(l, n, "id");
  set->code = cardset_code(l, n, set->id);
  set->name = plain_text(l, child(n, "name"));
  set->intro = inline_text(l, child(n, "intro"));
  set->loc = loc_of(l, n);
  set->name_loc = loc_of(l, child(n, "name"));
  size_t count = count_children(n, "card");
  model_card *cards = arena_alloc(l->a, count * sizeof *cards);
  size_t i = 0;
  EACH_ELEMENT(c, n)
    if (is(c, "card")) {
      build_card(l, &cards[i], set, i + 1, c);
      i++;
    }
  set->cards = cards;
  set->n_cards = count;
  if (l->ref) reference_codes(l, set);
}

static const model_role *build_roles(loader *l, xmlNode *roles, size_t *count) {
  *count = count_children(roles, "role");
  model_role *out = arena_alloc(l->a, *count * sizeof *out);
  size_t i = 0;
  EACH_ELEMENT(c, roles)
    out[i++] = (model_role){collapse(l, attr(l, c, "name")), inline_text(l, c)};
  return out;
}

static const model_step *build_steps(loader *l, xmlNode *steps, size_t *count) {
  *count = count_children(steps, "step");
  model_step *out = arena_alloc(l->a, *count * sizeof *out);
  size_t i = 0;
  EACH_ELEMENT(c, steps)
    out[i++] = (model_step){attr_count(l, c, "minutes"), inline_text(l, c)};
  return out;
}

static void build_werkvorm(loader *l, model_werkvorm *w, xmlNode *n) {
  w->id = attr(l, n, "id");
  w->name = plain_text(l, child(n, "name"));
  w->purpose = inline_text(l, child(n, "purpose"));
  w->minutes = attr_count(l, child(n, "duration"), "minutes");
  xmlNode *group = child(n, "groupsize");
  w->group_min = attr_count(l, group, "min");
  w->group_max = attr_count(l, group, "max");
  if (w->group_min > w->group_max)
    error_at(l, line_of(group),
             "werkvorm '%s' has groupsize min %d above max %d (make min at most max)", w->id,
             w->group_min, w->group_max);
  w->materials = inline_list(l, child(n, "materials"), "item", &w->n_materials);
  w->roles = build_roles(l, child(n, "roles"), &w->n_roles);
  w->steps = build_steps(l, child(n, "steps"), &w->n_steps);
  w->tips = inline_list(l, child(n, "tips"), "tip", &w->n_tips);
  xmlNode *summary = child(n, "summary");
  if (summary) w->summary = inline_list(l, summary, "item", &w->n_summary);
  w->loc = loc_of(l, n);
  w->name_loc = loc_of(l, child(n, "name"));
}

static const model_section *build_section(loader *l, xmlNode *n);

static model_block build_block(loader *l, xmlNode *n) {
  model_block b = {.loc = loc_of(l, n)};
  if (is(n, "p")) {
    model_text *t = arena_alloc(l->a, sizeof *t);
    *t = inline_text(l, n);
    b.kind = BLOCK_PARAGRAPH;
    b.items = t;
    b.n_items = 1;
  } else if (is(n, "list")) {
    const char *style = attr(l, n, "style");
    b.kind = BLOCK_LIST;
    b.numbered = style && strcmp(style, "numbered") == 0;
    b.items = inline_list(l, n, "item", &b.n_items);
  } else {
    b.kind = BLOCK_SECTION;
    b.section = build_section(l, n);
  }
  return b;
}

static const model_section *build_section(loader *l, xmlNode *n) {
  model_section *s = arena_alloc(l->a, sizeof *s);
  s->id = attr(l, n, "id");
  s->title = plain_text(l, child(n, "title"));
  s->loc = loc_of(l, n);
  s->title_loc = loc_of(l, child(n, "title"));
  size_t count = 0;
  EACH_ELEMENT(c, n) count += !is(c, "title");
  model_block *blocks = arena_alloc(l->a, (count ? count : 1) * sizeof *blocks);
  size_t i = 0;
  EACH_ELEMENT(c, n)
    if (!is(c, "title")) blocks[i++] = build_block(l, c);
  s->blocks = blocks;
  s->n_blocks = count;
  return s;
}

static void build_guide(loader *l, xmlNode *guide) {
  size_t n = count_children(guide, "section");
  model_section *out = arena_alloc(l->a, n * sizeof *out);
  size_t i = 0;
  EACH_ELEMENT(c, guide)
    out[i++] = *build_section(l, c);
  l->m->sections = out;
  l->m->n_sections = n;
}

/* Cardsets and werkvormen, which the schema keeps in that order. */
static void build_body(loader *l, xmlNode *root) {
  model_instrument *m = l->m;
  size_t n_sets = count_children(root, "cardset"), n_werk = count_children(root, "werkvorm");
  model_cardset *sets = arena_alloc(l->a, n_sets * sizeof *sets);
  model_werkvorm *werk = arena_alloc(l->a, n_werk * sizeof *werk);
  m->cardsets = sets;
  m->werkvormen = werk;
  size_t s = 0, w = 0;
  EACH_ELEMENT(c, root) {
    if (is(c, "cardset")) build_cardset(l, &sets[s++], c);
    if (is(c, "werkvorm")) build_werkvorm(l, &werk[w++], c);
  }
  m->n_cardsets = n_sets;
  m->n_werkvormen = n_werk;
}

/* Lines of elements marked same="yes", in document order (so sorted). */
static void collect_same(loader *l, xmlNode *n, long **lines, size_t *count, size_t *cap) {
  for (xmlNode *c = next_element(n->children); c; c = next_element(c->next)) {
    if (has_attribute(c, "same")) {
      if (*count == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *lines = realloc(*lines, *cap * sizeof **lines);
        if (!*lines) abort();
      }
      (*lines)[(*count)++] = line_of(c);
    }
    collect_same(l, c, lines, count, cap);
  }
}

static void build_same(loader *l, xmlNode *root) {
  long *lines = NULL;
  size_t count = 0, cap = 0;
  collect_same(l, root, &lines, &count, &cap);
  long *out = arena_alloc(l->a, (count ? count : 1) * sizeof *out);
  if (count) memcpy(out, lines, count * sizeof *out);
  free(lines);
  l->m->same_lines = out;
  l->m->n_same_lines = count;
}

static void build(loader *l, xmlNode *root) {
  model_instrument *m = l->m;
  build_same(l, root);
  xmlChar *lang = xmlNodeGetLang(root);
  m->lang = arena_strdup(l->a, lang ? (const char *)lang : "");
  xmlFree(lang);
  m->edition = collapse(l, attr(l, root, "edition"));
  build_meta(l, child(root, "meta"));
  build_labels(l, child(root, "labels"));
  l->m->themes = build_named(l, child(root, "themes"), "theme", &l->m->n_themes);
  l->m->aspects = build_named(l, child(root, "aspects"), "aspect", &l->m->n_aspects);
  build_body(l, root);
  build_guide(l, child(root, "guide"));
}

/* ---- checks a grammar cannot make ------------------------------------ */

/* An id (or key) and where it was defined. */
typedef struct named {
  const char *id;
  long line;
} named;

/* Orders item indices by id, then by place in the file. */
static const named *unique_items;
static int unique_cmp(const void *a, const void *b) {
  size_t i = *(const size_t *)a, j = *(const size_t *)b;
  int c = strcmp(unique_items[i].id, unique_items[j].id);
  return c ? c : (i > j) - (i < j);
}

/* Sorted, not compared pair by pair: 54,000 cards took 10 s that way. The
 * errors still come in the order of the file. */
static void check_unique(loader *l, const char *kind, const named *items, size_t n) {
  if (n < 2) return;
  size_t *order = arena_alloc(l->a, n * sizeof *order);
  size_t *first = arena_alloc(l->a, n * sizeof *first);
  for (size_t i = 0; i < n; i++) order[i] = i, first[i] = i;
  unique_items = items;
  qsort(order, n, sizeof *order, unique_cmp);
  for (size_t k = 1; k < n; k++)
    if (strcmp(items[order[k]].id, items[order[k - 1]].id) == 0) first[order[k]] = first[order[k - 1]];
  for (size_t i = 0; i < n; i++)
    if (first[i] != i)
      error_at(l, items[i].line, "%s '%s' is defined twice, first at line %ld (ids must be unique; rename one)",
               kind, items[i].id, items[first[i]].line);
}

/* The ids and lines of an array of model structs that start with their id. */
static named *named_array(loader *l, const void *array, size_t count, size_t size, size_t loc_offset) {
  named *out = arena_alloc(l->a, (count ? count : 1) * sizeof *out);
  for (size_t i = 0; i < count; i++) {
    model_loc loc;
    memcpy(&loc, (const char *)array + i * size + loc_offset, sizeof loc);
    out[i] = (named){id_at(array, size, i), loc.line};
  }
  return out;
}

#define NAMED(l, array, count, type) named_array(l, array, count, sizeof(type), offsetof(type, loc))

static size_t count_sections(const model_section *s, size_t n) {
  size_t total = n;
  for (size_t i = 0; i < n; i++)
    for (size_t b = 0; b < s[i].n_blocks; b++)
      total += s[i].blocks[b].kind == BLOCK_SECTION;
  return total;
}

static void check_ids(loader *l) {
  const model_instrument *m = l->m;
  check_unique(l, "theme", NAMED(l, m->themes, m->n_themes, model_theme), m->n_themes);
  check_unique(l, "aspect", NAMED(l, m->aspects, m->n_aspects, model_aspect), m->n_aspects);
  check_unique(l, "card set", NAMED(l, m->cardsets, m->n_cardsets, model_cardset), m->n_cardsets);
  check_unique(l, "werkvorm", NAMED(l, m->werkvormen, m->n_werkvormen, model_werkvorm), m->n_werkvormen);
  size_t n_cards = 0;
  for (size_t s = 0; s < m->n_cardsets; s++) n_cards += m->cardsets[s].n_cards;
  named *cards = arena_alloc(l->a, (n_cards ? n_cards : 1) * sizeof *cards);
  size_t k = 0;
  for (size_t s = 0; s < m->n_cardsets; s++)
    for (size_t c = 0; c < m->cardsets[s].n_cards; c++)
      cards[k++] = (named){m->cardsets[s].cards[c].id, m->cardsets[s].cards[c].loc.line};
  check_unique(l, "card", cards, n_cards);
  size_t n_sections = count_sections(m->sections, m->n_sections);
  named *sections = arena_alloc(l->a, (n_sections ? n_sections : 1) * sizeof *sections);
  k = 0;
  for (size_t i = 0; i < m->n_sections; i++) {
    const model_section *s = &m->sections[i];
    sections[k++] = (named){s->id, s->loc.line};
    for (size_t b = 0; b < s->n_blocks; b++)
      if (s->blocks[b].kind == BLOCK_SECTION)
        sections[k++] = (named){s->blocks[b].section->id, s->blocks[b].section->loc.line};
  }
  check_unique(l, "section", sections, n_sections);
}

/* Two sets with one code would print the same code on different cards. */
static void check_codes(loader *l) {
  const model_instrument *m = l->m;
  for (size_t i = 0; i < m->n_cardsets; i++)
    for (size_t j = 0; j < i; j++)
      if (strcmp(m->cardsets[i].code, m->cardsets[j].code) == 0) {
        error_at(l, m->cardsets[i].loc.line,
                 "card set '%s' has code '%s', as card set '%s' at line %ld does (give one a "
                 "different code=\"…\" attribute)",
                 m->cardsets[i].id, m->cardsets[i].code, m->cardsets[j].id, m->cardsets[j].loc.line);
        break;
      }
}

static void check_labels(loader *l, xmlNode *labels) {
  const model_instrument *m = l->m;
  for (size_t i = 0; i < m->n_labels; i++)
    for (size_t j = 0; j < i; j++)
      if (strcmp(m->labels[i].key, m->labels[j].key) == 0) {
        error_at(l, m->labels[i].loc.line, "label '%s' is defined twice, first at line %ld (keep one)",
                 m->labels[i].key, m->labels[j].loc.line);
        break;
      }
  for (size_t k = 0; k < model_n_label_keys; k++)
    /* A translation's missing label comes from the reference (content_complete). */
    if (!model_label_find(m, model_label_keys[k]) &&
        !(l->ref && model_label_find(l->ref, model_label_keys[k])))
      error_at(l, line_of(labels), "label '%s' is missing (add <label key=\"%s\">…</label> to <labels>)",
               model_label_keys[k], model_label_keys[k]);
}

/* Levenshtein distance, to suggest the card id a typo meant. */
static size_t edit_distance(const char *a, const char *b) {
  size_t n = strlen(b);
  size_t *row = malloc((n + 1) * sizeof *row);
  if (!row) abort();
  for (size_t j = 0; j <= n; j++) row[j] = j;
  for (size_t i = 1; a[i - 1]; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= n; j++) {
      size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best) best = up + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  size_t d = row[n];
  free(row);
  return d;
}

/* The id of the card nearest to `id`, when near enough to be a typo; else NULL. */
static const char *nearest_card(const model_instrument *m, const char *id) {
  const char *best = NULL;
  size_t best_d = (size_t)-1;
  for (size_t s = 0; s < m->n_cardsets; s++)
    for (size_t c = 0; c < m->cardsets[s].n_cards; c++) {
      size_t d = edit_distance(id, m->cardsets[s].cards[c].id);
      if (d < best_d) {
        best_d = d;
        best = m->cardsets[s].cards[c].id;
      }
    }
  return best && best_d <= 3 && best_d * 3 <= strlen(id) ? best : NULL;
}

static void report_unknown_card(loader *l, const pending_ref *p) {
  const char *near = nearest_card(l->m, p->id);
  if (near)
    error_at(l, p->line, "<ref card=\"%s\"/> names no card (did you mean '%s'?)", p->id, near);
  else
    error_at(l, p->line, "<ref card=\"%s\"/> names no card (use the id of a card in a <cardset>)", p->id);
}

static void check_refs(loader *l) {
  const model_instrument *m = l->m;
  for (const pending_ref *p = l->refs; p; p = p->next) {
    /* In a translation, a card or werkvorm left out comes from the reference. */
    if (p->kind == RUN_REF_CARD && !model_card_find(m, p->id) &&
        !(l->ref && model_card_find(l->ref, p->id)))
      report_unknown_card(l, p);
    if (p->kind == RUN_REF_WERKVORM && !model_werkvorm_find(m, p->id) &&
        !(l->ref && model_werkvorm_find(l->ref, p->id)))
      error_at(l, p->line, "<ref werkvorm=\"%s\"/> names no werkvorm (use one of: %s)", p->id,
               id_list(l, m->werkvormen, m->n_werkvormen, sizeof *m->werkvormen));
  }
}

/* Steps with minutes that no longer add up to the werkvorm's duration: a
 * step left out of a translation, or one added. When every step has its
 * minutes they make the duration; when some have, they stay within it. */
static int steps_disagree(const model_werkvorm *w, long *sum) {
  size_t timed = 0;
  *sum = 0;
  for (size_t s = 0; s < w->n_steps; s++) {
    *sum += w->steps[s].minutes;
    timed += w->steps[s].minutes > 0;
  }
  return timed > 0 && (timed < w->n_steps ? *sum > w->minutes : *sum != w->minutes);
}

#define STEPS_MESSAGE "werkvorm '%s': its %zu steps add up to %ld minutes, its duration is %d " \
  "(make the steps' minutes and <duration minutes> agree)"

static void check_steps(loader *l) {
  for (size_t i = 0; i < l->m->n_werkvormen; i++) {
    const model_werkvorm *w = &l->m->werkvormen[i];
    long sum;
    if (steps_disagree(w, &sum))
      error_at(l, w->loc.line, STEPS_MESSAGE, w->id, w->n_steps, sum, w->minutes);
  }
}

/* ---- entry points ---------------------------------------------------- */

/* The model from a valid document, or NULL after reporting what a grammar cannot check. */
static model_instrument *build_checked(loader *l, xmlNode *root) {
  l->m = arena_alloc(l->a, sizeof *l->m);
  l->m->arena = l->a;
  l->m->file = arena_strdup(l->a, l->file);
  build(l, root);
  check_ids(l);
  check_codes(l);
  check_labels(l, child(root, "labels"));
  check_refs(l);
  /* A translation's steps are summed once its gaps are filled (content_complete). */
  if (!l->ref) check_steps(l);
  return l->errors == 0 ? l->m : NULL;
}

/* Parses and validates with libxml2's errors captured; the document when valid. */
static xmlDoc *read_valid(loader *l, const char *buf, size_t len) {
  saved_handlers saved = handlers_take(l);
  xmlDoc *doc = parse(l, buf, len);
  int ok = doc && refuse_doctype(l, doc, buf, len) == 0 &&
           check_root(l, xmlDocGetRootElement(doc)) == 0 && validate(l, doc) == 0;
  handlers_restore(l, &saved);
  if (ok && l->errors == 0) return doc;
  xmlFreeDoc(doc);
  return NULL;
}

model_instrument *content_load(const char *buf, size_t len, const char *filename, diag_list *d) {
  return content_load_translation(buf, len, filename, NULL, d);
}

model_instrument *content_load_translation(const char *buf, size_t len, const char *filename,
                                           const model_instrument *ref, diag_list *d) {
  loader l = {.d = d, .file = filename ? filename : "instrument.xml", .a = arena_new(), .ref = ref};
  l.refs_end = &l.refs;
  xmlDoc *doc = read_valid(&l, buf, len);
  model_instrument *m = doc ? build_checked(&l, xmlDocGetRootElement(doc)) : NULL;
  xmlFreeDoc(doc);
  free(l.rng);
  errors_flush(&l);
  if (!m) arena_free(l.a);
  return m;
}

/* Up to limit + 1 bytes of f in a malloc'd buffer: one byte more than allowed
 * tells a file that is too large without reading all of it. */
model_instrument *content_load_file(const char *path, diag_list *d) {
  return content_load_translation_file(path, NULL, d);
}

model_instrument *content_load_translation_file(const char *path, const model_instrument *ref,
                                                diag_list *d) {
  char *buf;
  size_t len;
  if (xmldoc_read_file(path, CONTENT_MAX_BYTES, "check the --content folder",
                       "instrument.xml", &buf, &len, d) != 0)
    return NULL;
  model_instrument *m = content_load_translation(buf, len, path, ref, d);
  free(buf);
  return m;
}

/* ---- completing a translation from its reference ---------------------- */

typedef struct completer {
  model_instrument *t;     /* being completed; its arena holds the new arrays */
  const model_instrument *r;
  model_fallback *fb;      /* malloc'd while growing */
  size_t n_fb, cap_fb;
} completer;

static void fallback(completer *c, model_loc ref, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fallback(completer *c, model_loc ref, const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (c->n_fb == c->cap_fb) {
    c->cap_fb = c->cap_fb ? c->cap_fb * 2 : 16;
    c->fb = realloc(c->fb, c->cap_fb * sizeof *c->fb);
    if (!c->fb) abort();
  }
  c->fb[c->n_fb++] = (model_fallback){arena_strdup(c->t->arena, buf), ref};
}

/* A list of texts padded with the reference's from where the translation's ends. */
static const model_text *complete_list(completer *c, const model_text *t, size_t nt,
                                       const model_text *r, size_t nr, size_t *n,
                                       const char *kind, const char *id, const char *what) {
  if (nt >= nr) {
    *n = nt;
    return t;
  }
  model_text *out = arena_alloc(c->t->arena, nr * sizeof *out);
  if (nt) memcpy(out, t, nt * sizeof *out);
  for (size_t i = nt; i < nr; i++) {
    out[i] = r[i];
    fallback(c, r[i].loc, "%s '%s' %s %zu", kind, id, what, i + 1);
  }
  *n = nr;
  return out;
}

static const model_named *complete_named(completer *c, const model_named *t, size_t nt,
                                         const model_named *r, size_t nr, size_t *n,
                                         const char *kind) {
  model_named *out = arena_alloc(c->t->arena, (nt + nr + 1) * sizeof *out);
  size_t k = 0;
  for (size_t i = 0; i < nr; i++) {
    const model_named *x = model_named_find(t, nt, r[i].id);
    if (!x) fallback(c, r[i].loc, "%s '%s'", kind, r[i].id);
    out[k++] = x ? *x : r[i];
  }
  for (size_t i = 0; i < nt; i++)
    if (!model_named_find(r, nr, t[i].id)) out[k++] = t[i];
  *n = k;
  return out;
}

static void complete_labels(completer *c) {
  const model_instrument *t = c->t, *r = c->r;
  model_label *out = arena_alloc(t->arena, (t->n_labels + r->n_labels + 1) * sizeof *out);
  size_t k = 0;
  for (size_t i = 0; i < t->n_labels; i++) out[k++] = t->labels[i];
  for (size_t i = 0; i < r->n_labels; i++)
    if (!model_label_find(t, r->labels[i].key)) {
      fallback(c, r->labels[i].loc, "label '%s'", r->labels[i].key);
      out[k++] = r->labels[i];
    }
  c->t->labels = out;
  c->t->n_labels = k;
}

static model_card complete_card(completer *c, const model_card *tc, const model_card *rc) {
  model_card out = *tc;
  if (rc)
    out.prompts = complete_list(c, tc->prompts, tc->n_prompts, rc->prompts, rc->n_prompts,
                                &out.n_prompts, "card", tc->id, "prompt");
  return out;
}

/* Cards in the reference's order (the translation's own after them). */
static void complete_cardset(completer *c, model_cardset *out, const model_cardset *ts,
                             const model_cardset *rs) {
  *out = ts ? *ts : *rs;
  if (!ts) fallback(c, rs->loc, "card set '%s' (all its %zu cards)", rs->id, rs->n_cards);
  size_t cap = (ts ? ts->n_cards : 0) + (rs ? rs->n_cards : 0) + 1, k = 0;
  model_card *cards = arena_alloc(c->t->arena, cap * sizeof *cards);
  for (size_t i = 0; rs && i < rs->n_cards; i++) {
    const model_card *rc = &rs->cards[i];
    const model_card *tc = ts ? model_card_find(c->t, rc->id) : NULL;
    /* A set left out is one message, not one per card. */
    if (!tc && ts) fallback(c, rc->loc, "card '%s' (%s)", rc->id, rc->code);
    cards[k++] = tc ? complete_card(c, tc, rc) : *rc;
  }
  for (size_t i = 0; ts && i < ts->n_cards; i++)
    if (!rs || !model_card_find(c->r, ts->cards[i].id)) cards[k++] = ts->cards[i];
  for (size_t i = 0; i < k; i++) cards[i].set = out;
  out->cards = cards;
  out->n_cards = k;
}

static void complete_werkvorm(completer *c, model_werkvorm *w, const model_werkvorm *rw) {
  const char *id = w->id;
  w->materials = complete_list(c, w->materials, w->n_materials, rw->materials, rw->n_materials,
                               &w->n_materials, "werkvorm", id, "material");
  w->tips = complete_list(c, w->tips, w->n_tips, rw->tips, rw->n_tips, &w->n_tips, "werkvorm",
                          id, "tip");
  w->summary = complete_list(c, w->summary, w->n_summary, rw->summary, rw->n_summary,
                             &w->n_summary, "werkvorm", id, "summary item");
  if (w->n_roles < rw->n_roles) {
    model_role *roles = arena_alloc(c->t->arena, rw->n_roles * sizeof *roles);
    if (w->n_roles) memcpy(roles, w->roles, w->n_roles * sizeof *roles);
    for (size_t i = w->n_roles; i < rw->n_roles; i++) {
      roles[i] = rw->roles[i];
      fallback(c, rw->roles[i].text.loc, "werkvorm '%s' role %zu", id, i + 1);
    }
    w->roles = roles;
    w->n_roles = rw->n_roles;
  }
  if (w->n_steps < rw->n_steps) {
    /* Which steps are missing: each of the translation's is placed on one
     * of the reference's, in order, so that the most minutes match; a step
     * left out in the middle is then found in the middle, not at the end.
     * best[i][j]: the most matches placing steps i.. on reference steps j.. */
    size_t nt = w->n_steps, nr = rw->n_steps;
    size_t *best = calloc((nt + 1) * (nr + 1), sizeof *best);
    if (!best) abort();
#define BEST(i, j) best[(i) * (nr + 1) + (j)]
#define SAME(i, j) ((size_t)(w->steps[i].minutes == rw->steps[j].minutes))
    for (size_t i = nt; i-- > 0;)
      for (size_t j = nr - (nt - i) + 1; j-- > 0;) {
        size_t place = SAME(i, j) + BEST(i + 1, j + 1);
        size_t skip = nr - j - 1 >= nt - i ? BEST(i, j + 1) : 0;
        BEST(i, j) = place > skip ? place : skip;
      }
    model_step *steps = arena_alloc(c->t->arena, nr * sizeof *steps);
    for (size_t i = 0, j = 0; j < nr; j++) {
      int skip = i == nt || (nr - j - 1 >= nt - i &&
                             BEST(i, j + 1) > SAME(i, j) + BEST(i + 1, j + 1));
      if (!skip) {
        steps[j] = w->steps[i++];
        continue;
      }
      steps[j] = rw->steps[j];
      fallback(c, rw->steps[j].text.loc, "werkvorm '%s' step %zu", id, j + 1);
    }
#undef SAME
#undef BEST
    free(best);
    w->steps = steps;
    w->n_steps = nr;
  }
}

static const model_section *section_find(const model_section *list, size_t n, const char *id) {
  for (size_t i = 0; i < n; i++) {
    if (strcmp(list[i].id, id) == 0) return &list[i];
    for (size_t b = 0; b < list[i].n_blocks; b++)
      if (list[i].blocks[b].kind == BLOCK_SECTION && strcmp(list[i].blocks[b].section->id, id) == 0)
        return list[i].blocks[b].section;
  }
  return NULL;
}

/* A section of the translation with the paragraphs, lists and subsections
 * it lacks taken from the reference's, in the reference's place. */
static model_section complete_section(completer *c, const model_section *ts,
                                      const model_section *rs) {
  model_section out = *ts;
  size_t cap = ts->n_blocks + rs->n_blocks + 1, k = 0, tk = 0;
  model_block *blocks = arena_alloc(c->t->arena, cap * sizeof *blocks);
  size_t t_text = 0, r_text = 0;
  for (size_t b = 0; b < ts->n_blocks; b++) t_text += ts->blocks[b].kind != BLOCK_SECTION;
  for (size_t b = 0; b < rs->n_blocks; b++) {
    const model_block *rb = &rs->blocks[b];
    if (rb->kind == BLOCK_SECTION) {
      const model_section *sub = section_find(c->t->sections, c->t->n_sections, rb->section->id);
      if (sub) continue; /* placed where the translation has it */
      fallback(c, rb->section->loc, "guide section '%s'", rb->section->id);
      blocks[k++] = *rb;
      continue;
    }
    r_text++;
    /* The translation's blocks up to its r_text-th paragraph or list. */
    while (tk < ts->n_blocks && r_text <= t_text) {
      blocks[k++] = ts->blocks[tk];
      if (ts->blocks[tk++].kind != BLOCK_SECTION) break;
    }
    if (r_text > t_text) {
      fallback(c, rb->loc, "guide section '%s' paragraph or list %zu", rs->id, r_text);
      blocks[k++] = *rb;
    }
  }
  while (tk < ts->n_blocks) blocks[k++] = ts->blocks[tk++];
  out.blocks = blocks;
  out.n_blocks = k;
  return out;
}

static void complete_guide(completer *c) {
  const model_instrument *t = c->t, *r = c->r;
  model_section *out = arena_alloc(t->arena, (t->n_sections + r->n_sections + 1) * sizeof *out);
  size_t k = 0;
  for (size_t i = 0; i < r->n_sections; i++) {
    const model_section *ts = section_find(t->sections, t->n_sections, r->sections[i].id);
    if (!ts) fallback(c, r->sections[i].loc, "guide section '%s'", r->sections[i].id);
    out[k++] = ts ? complete_section(c, ts, &r->sections[i]) : r->sections[i];
  }
  for (size_t i = 0; i < t->n_sections; i++)
    if (!section_find(r->sections, r->n_sections, t->sections[i].id)) out[k++] = t->sections[i];
  c->t->sections = out;
  c->t->n_sections = k;
}

static void complete_body(completer *c) {
  model_instrument *t = c->t;
  const model_instrument *r = c->r;
  model_cardset *sets = arena_alloc(t->arena, (t->n_cardsets + r->n_cardsets + 1) * sizeof *sets);
  size_t k = 0;
  for (size_t i = 0; i < r->n_cardsets; i++)
    complete_cardset(c, &sets[k++], model_cardset_find(t, r->cardsets[i].id), &r->cardsets[i]);
  for (size_t i = 0; i < t->n_cardsets; i++)
    if (!model_cardset_find(r, t->cardsets[i].id)) complete_cardset(c, &sets[k++], &t->cardsets[i], NULL);
  model_werkvorm *werk = arena_alloc(t->arena, (t->n_werkvormen + r->n_werkvormen + 1) * sizeof *werk);
  size_t w = 0;
  for (size_t i = 0; i < r->n_werkvormen; i++) {
    const model_werkvorm *tw = model_werkvorm_find(t, r->werkvormen[i].id);
    if (!tw) fallback(c, r->werkvormen[i].loc, "werkvorm '%s'", r->werkvormen[i].id);
    werk[w] = tw ? *tw : r->werkvormen[i];
    if (tw) complete_werkvorm(c, &werk[w], &r->werkvormen[i]);
    w++;
  }
  for (size_t i = 0; i < t->n_werkvormen; i++)
    if (!model_werkvorm_find(r, t->werkvormen[i].id)) werk[w++] = t->werkvormen[i];
  /* Cards point at the themes and aspects of the completed edition. */
  t->cardsets = sets;
  t->n_cardsets = k;
  t->werkvormen = werk;
  t->n_werkvormen = w;
  for (size_t s = 0; s < k; s++)
    for (size_t i = 0; i < sets[s].n_cards; i++) {
      model_card *card = (model_card *)&sets[s].cards[i];
      card->theme = model_theme_find(t, card->theme->id);
      card->aspect = model_aspect_find(t, card->aspect->id);
    }
}

size_t content_complete(model_instrument *t, const model_instrument *r, diag_list *d) {
  if (t->fallbacks) return 0; /* completed already */
  completer c = {.t = t, .r = r};
  complete_labels(&c);
  t->themes = complete_named(&c, t->themes, t->n_themes, r->themes, r->n_themes, &t->n_themes, "theme");
  t->aspects = complete_named(&c, t->aspects, t->n_aspects, r->aspects, r->n_aspects, &t->n_aspects,
                              "aspect");
  complete_body(&c);
  complete_guide(&c);
  model_fallback *fb = arena_alloc(t->arena, (c.n_fb ? c.n_fb : 1) * sizeof *fb);
  if (c.n_fb) memcpy(fb, c.fb, c.n_fb * sizeof *fb);
  free(c.fb);
  t->fallbacks = fb;
  t->n_fallbacks = c.n_fb;
  size_t errors = 0;
  for (size_t i = 0; i < t->n_werkvormen; i++) {
    const model_werkvorm *w = &t->werkvormen[i];
    long sum;
    if (steps_disagree(w, &sum)) {
      diag_error(d, w->loc.file, w->loc.line, STEPS_MESSAGE, w->id, w->n_steps, sum, w->minutes);
      errors++;
    }
  }
  return errors;
}

/* Whether a and b name one file (a translation built as its own reference). */
static int same_file(const char *a, const char *b) {
  char *ra = realpath(a, NULL), *rb = realpath(b, NULL);
  int same = ra && rb && strcmp(ra, rb) == 0;
  free(ra);
  free(rb);
  return same;
}

/* The xml:lang of the file's root element (malloc'd), or NULL when the file
 * cannot be read or parsed (its own load then says why). */
static char *edition_lang(const char *path) {
  char *buf = NULL;
  size_t len = 0;
  diag_list *quiet = diag_new();
  char *lang = NULL;
  if (xmldoc_read_file(path, 64u << 20, "", "an instrument", &buf, &len, quiet) == 0) {
    xmlDoc *doc = xmlReadMemory(buf, (int)len, path, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    xmlChar *l = root ? xmlNodeGetLang(root) : NULL;
    if (l) lang = strdup((const char *)l);
    xmlFree(l);
    xmlFreeDoc(doc);
  }
  free(buf);
  diag_free(quiet);
  return lang;
}

model_instrument *content_load_edition(const char *path, const char *ref_path,
                                       int allow_incomplete, diag_list *d) {
  if (!ref_path || same_file(path, ref_path)) return content_load_file(path, d);
  model_instrument *r = content_load_file(ref_path, d);
  if (!r) return NULL;
  /* An edition in the reference's own language is not a translation of it
   * (a publisher's other deck, a test deck): it stands on its own. */
  char *lang = edition_lang(path);
  int own = lang && r->lang && strcmp(lang, r->lang) == 0;
  free(lang);
  if (own) {
    model_free(r);
    return content_load_file(path, d);
  }
  model_instrument *t = content_load_translation_file(path, r, d);
  if (!t) {
    model_free(r);
    return NULL;
  }
  t->reference = r;
  size_t errors = content_complete(t, r, d);
  for (size_t i = 0; i < t->n_fallbacks; i++) {
    const model_fallback *f = &t->fallbacks[i];
    if (allow_incomplete)
      diag_warning(d, t->file, 0, "%s is not translated: printed from the reference edition "
                   "(%s:%ld)", f->what, f->ref.file, f->ref.line);
    else
      diag_error(d, t->file, 0, "%s is missing (translate it from %s:%ld, or build with "
                 "--allow-incomplete to print the reference text in its place)", f->what,
                 f->ref.file, f->ref.line);
  }
  if (errors || (t->n_fallbacks && !allow_incomplete)) {
    model_free(t);
    return NULL;
  }
  return t;
}
