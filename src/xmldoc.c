/* xmldoc: safe parsing and RELAX NG validation shared by the content and template loaders. */
#include "xmldoc.h"

#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Reads f up to limit + 1 bytes, growing the buffer as it goes (a large
 * limit costs nothing for a small file). *err is an errno value or 0. */
static char *xmldoc_read_limited(FILE *f, size_t limit, size_t *len, int *err) {
  size_t cap = 64 * 1024, n = 0;
  char *buf = malloc(cap + 1);
  if (!buf) abort();
  while (n <= limit) {
    if (n == cap) {
      cap = cap * 2 > limit + 1 ? limit + 1 : cap * 2;
      buf = realloc(buf, cap + 1);
      if (!buf) abort();
    }
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0) break;
  }
  *err = ferror(f) ? (errno ? errno : EIO) : 0;
  *len = n;
  buf[n] = '\0';
  return buf;
}

int xmldoc_read_file(const char *path, size_t max, const char *read_hint, const char *what,
                     char **buf, size_t *len, diag_list *d) {
  *buf = NULL;
  *len = 0;
  /* Non-blocking, so that a FIFO at the path cannot hang the open; only a
   * regular file is read. */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    diag_error_of(d, DIAG_IO, path, 0, "cannot read: %s (%s)", strerror(errno), read_hint);
    if (fd >= 0) close(fd);
    return -1;
  }
  if (!S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode))
      diag_error_of(d, DIAG_IO, path, 0, "cannot read: %s (%s)", strerror(EISDIR), read_hint);
    else
      diag_error_of(d, DIAG_IO, path, 0, "cannot read: this is a %s, not a file (%s)",
                    S_ISFIFO(st.st_mode) ? "pipe (FIFO)" : S_ISSOCK(st.st_mode) ? "socket"
                                                                           : "device",
                    read_hint);
    close(fd);
    return -1;
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  FILE *f = fdopen(fd, "rb");
  if (!f) {
    diag_error_of(d, DIAG_IO, path, 0, "cannot read: %s (%s)", strerror(errno), read_hint);
    close(fd);
    return -1;
  }
  int err;
  char *data = xmldoc_read_limited(f, max, len, &err);
  fclose(f);
  if (err)
    diag_error_of(d, DIAG_IO, path, 0, "cannot read: %s (%s)", strerror(err), read_hint);
  else if (*len > max)
    diag_error(d, path, 0, "file is larger than %zu MiB (is this really %s?)",
               max / (1024 * 1024), what);
  if (err || *len > max) {
    free(data);
    *len = 0;
    return -1;
  }
  *buf = data;
  return 0;
}

/* Where libxml2 reports to while one document is parsed or validated. */
typedef struct xmldoc_sink {
  diag_list *d;
  const char *filename;
  xmlParserCtxtPtr ctxt; /* while parsing */
  xmlDoc *doc;           /* while validating */
  char pending[1024];    /* a validity error held back (xmldoc_flush), or "" */
  char pending_element[128];
  long pending_line;
  long doctype_line;     /* where a <!DOCTYPE> stopped the parser, 0 if none */
  const char *root;      /* the name of the format's root element */
  int parse_errors;      /* well-formedness errors so far */
} xmldoc_sink;

static int xmldoc_starts(const char *s, const char *prefix) {
  return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

static const char *xmldoc_or(const char *s, const char *fallback) {
  return s && *s ? s : fallback;
}

void xmldoc_error_words(const xmlError *e, const char *root, char *buf, size_t n) {
  const char *msg = e->message ? e->message : "unknown XML error";
  const char *s1 = xmldoc_or(e->str1, "?"), *s2 = xmldoc_or(e->str2, "?");
  /* libxml2's limits speak of its own options ("use XML_PARSE_HUGE option"). */
  if (strstr(msg, "XML_PARSE_HUGE") || strstr(msg, "Huge input lookup") ||
      strstr(msg, "huge text node") || strstr(msg, "too long")) {
    if (strstr(msg, "depth"))
      snprintf(buf, n, "elements nested more than 256 deep (no file of this format needs that "
               "many levels)");
    else if (e->code == XML_ERR_NAME_TOO_LONG)
      snprintf(buf, n, "a name longer than the XML reader takes (50,000 characters; is a quote "
               "or a '>' missing before it?)");
    else
      snprintf(buf, n, "a text, name or attribute value longer than the XML reader takes "
               "(10,000,000 characters; shorten it)");
    return;
  }
  switch (e->code) {
  case XML_ERR_DOCUMENT_END:
    snprintf(buf, n, "text or an element after </%s> (everything must be inside the one <%s> "
             "element; remove what follows it)", root, root);
    return;
  case XML_ERR_DOCUMENT_EMPTY:
    if (xmldoc_starts(msg, "Document is empty"))
      snprintf(buf, n, "the file is empty (it must hold one <%s> element)", root);
    else
      snprintf(buf, n, "the file does not start with an element (it must hold one <%s> element; "
               "is this the right file?)", root);
    return;
  case XML_ERR_TAG_NAME_MISMATCH:
    snprintf(buf, n, "</%s> does not close <%s> from line %d (close every element with its own "
             "end tag, innermost first)", s2, s1, e->int1);
    return;
  case XML_ERR_TAG_NOT_FINISHED:
    snprintf(buf, n, "the file ends inside <%s> from line %d (close it with </%s>; is the file "
             "cut short?)", s1, e->int1, s1);
    return;
  case XML_ERR_GT_REQUIRED:
    snprintf(buf, n, "the tag <%s> is not finished with '>' (write <%s name=\"value\" ...>)",
             s1, s1);
    return;
  case XML_ERR_ATTRIBUTE_NOT_STARTED:
    snprintf(buf, n, "an attribute value without quotes (write name=\"value\")");
    return;
  case XML_ERR_ATTRIBUTE_NOT_FINISHED:
    snprintf(buf, n, "an attribute value whose closing quote is missing (end it with the quote "
             "it starts with)");
    return;
  case XML_ERR_LT_IN_ATTRIBUTE:
    snprintf(buf, n, "'<' inside an attribute value (write it as &lt;; or is the closing "
             "quote of a value before it missing?)");
    return;
  case XML_ERR_ATTRIBUTE_WITHOUT_VALUE:
    snprintf(buf, n, "the attribute '%s' has no value (write %s=\"value\")", s1, s1);
    return;
  case XML_ERR_ATTRIBUTE_REDEFINED:
    snprintf(buf, n, "the attribute '%s' is given twice in one tag (keep one)", s1);
    return;
  case XML_ERR_UNDECLARED_ENTITY:
  case XML_WAR_UNDECLARED_ENTITY:
    snprintf(buf, n, "unknown entity &%s; (write the character itself, or a numeric reference "
             "such as &#160;)", s1);
    return;
  case XML_ERR_ENTITYREF_SEMICOL_MISSING:
    snprintf(buf, n, "'&' that does not start an entity such as &amp; (write a literal & as "
             "&amp;)");
    return;
  case XML_ERR_ENTITY_LOOP:
    snprintf(buf, n, "entities expand in a loop or too far (remove the <!DOCTYPE>: this format "
             "declares no entities)");
    return;
  case XML_ERR_COMMENT_NOT_FINISHED:
    snprintf(buf, n, "a comment <!-- that is never closed (end it with -->)");
    return;
  case XML_ERR_CDATA_NOT_FINISHED:
    snprintf(buf, n, "a <![CDATA[ section that is never closed (end it with ]]>)");
    return;
  case XML_ERR_RESERVED_XML_NAME:
    snprintf(buf, n, "an XML declaration <?xml ...?> that is not at the very start of the file "
             "(remove it, or move it to the first line)");
    return;
  case XML_ERR_UNSUPPORTED_ENCODING:
    snprintf(buf, n, "the encoding '%s' is not supported (save the file as UTF-8, with "
             "encoding=\"UTF-8\")", s1);
    return;
  case XML_NS_ERR_UNDEFINED_NAMESPACE:
    snprintf(buf, n, "the prefix '%s:' on <%s> is not declared (this format uses no namespaces: "
             "remove the prefix)", s1, s2);
    return;
  default:
    break;
  }
  const char *bytes = strstr(msg, "Bytes: ");
  if (xmldoc_starts(msg, "Input is not proper UTF-8") && bytes) {
    int len = (int)strcspn(bytes + 7, "\r\n");
    snprintf(buf, n, "bytes that are not valid UTF-8, starting %.*s (save the file as UTF-8)",
             len, bytes + 7);
  } else if (xmldoc_starts(msg, "StartTag: invalid element name")) {
    snprintf(buf, n, "'<' that does not start an element (write a literal < as &lt;)");
  } else if (xmldoc_starts(msg, "xmlParseEntityRef: no name")) {
    snprintf(buf, n, "'&' that does not start an entity such as &amp; (write a literal & as "
             "&amp;)");
  } else if (e->code == XML_ERR_INVALID_CHAR && e->int1 > 0 && strstr(msg, "Char value")) {
    snprintf(buf, n, "the control character U+%04X, which XML does not allow (remove it)",
             (unsigned)e->int1);
  } else if (e->domain == XML_FROM_IO || e->code == XML_ERR_INVALID_CHAR ||
             e->code == XML_ERR_INVALID_ENCODING) {
    int len = (int)strcspn(msg, "\r\n");
    snprintf(buf, n, "%.*s (save the file as UTF-8)", len, msg);
  } else {
    /* libxml2's own words, on one line. */
    size_t len = strlen(msg);
    while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == ' ')) len--;
    snprintf(buf, n, "%.*s (the file is not well-formed XML; fix it near this line)", (int)len,
             msg);
    for (char *p = buf; *p; p++)
      if (*p == '\n' || *p == '\r') *p = ' ';
  }
}

/* The first element named name under n (n included), and in *count how
 * many there are. */
static xmlNode *xmldoc_find(xmlNode *n, const char *name, int *count) {
  xmlNode *first = NULL;
  for (; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (strcmp((const char *)n->name, name) == 0 && (*count)++ == 0) first = n;
    xmlNode *in = xmldoc_find(n->children, name, count);
    if (!first) first = in;
  }
  return first;
}

/* The RELAX NG validator's error e in plain words, without "(see ...)". */
static void xmldoc_validity_words(const xmlError *e, char *buf, size_t n) {
  const char *s1 = xmldoc_or(e->str1, "?"), *s2 = xmldoc_or(e->str2, "?");
  switch (e->code) {
  case XML_RELAXNG_ERR_ATTRVALID:
    snprintf(buf, n, "<%s> lacks an attribute it needs, or one of its values is not one this "
             "format takes", s1);
    return;
  case XML_RELAXNG_ERR_INVALIDATTR:
    snprintf(buf, n, "<%s> does not take the attribute '%s'", s2, s1);
    return;
  case XML_RELAXNG_ERR_ELEMWRONG:
    snprintf(buf, n, "<%s> does not belong here", s1);
    return;
  case XML_RELAXNG_ERR_TEXTWRONG:
    snprintf(buf, n, "text directly inside <%s>, which holds only elements", s1);
    return;
  case XML_RELAXNG_ERR_ELEMNAME:
    snprintf(buf, n, "<%s> here, where <%s> belongs", s2, s1);
    return;
  case XML_RELAXNG_ERR_NOELEM:
    snprintf(buf, n, "<%s> is missing here", s1);
    return;
  case XML_RELAXNG_ERR_CONTENTVALID:
    snprintf(buf, n, "<%s> does not hold what it should", s1);
    return;
  case XML_RELAXNG_ERR_DATATYPE:
    snprintf(buf, n, "'%s' is not a value of the type %s", s2, s1);
    return;
  default:
    break;
  }
  snprintf(buf, n, "%s", e->message ? e->message : "unknown XML error");
  size_t len = strlen(buf);
  while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' ')) buf[--len] = '\0';
  for (char *p = buf; *p; p++)
    if (*p == '\n' || *p == '\r') *p = ' ';
}

/* Says the validity error held back to see what follows it, if any. */
static void xmldoc_flush(xmldoc_sink *sink) {
  if (!sink->pending[0]) return;
  diag_error(sink->d, sink->filename, sink->pending_line, "%s (see the format in docs/)",
             sink->pending);
  sink->pending[0] = '\0';
}

static void xmldoc_on_error(void *ctx, xmlErrorPtr e) {
  xmldoc_sink *sink = ctx;
  if (sink->doctype_line) return; /* the parser was stopped there on purpose */
  char msg[1024];
  if (e->domain == XML_FROM_RELAXNGV) {
    /* Attribute errors come without a line; their element has one. */
    long line = e->line > 0 ? e->line : e->node ? xmlGetLineNo((xmlNode *)e->node) : 0;
    if (line <= 0 && e->str1 && sink->doc) {
      int count = 0;
      xmlNode *only = xmldoc_find(xmlDocGetRootElement(sink->doc), e->str1, &count);
      if (count == 1) line = xmlGetLineNo(only);
    }
    /* A value the attribute's type refuses comes as "Element X failed to
     * validate attributes" and then "Invalid attribute A for element X":
     * one message names both. */
    if (e->code == XML_RELAXNG_ERR_INVALIDATTR && sink->pending[0] && e->str2 &&
        strcmp(sink->pending_element, e->str2) == 0) {
      diag_error(sink->d, sink->filename, sink->pending_line > 0 ? sink->pending_line : line,
                 "<%s> attribute '%s': its value is not one this format takes, or <%s> does "
                 "not take it (see the format in docs/)", e->str2, xmldoc_or(e->str1, "?"),
                 e->str2);
      sink->pending[0] = '\0';
      return;
    }
    xmldoc_flush(sink);
    xmldoc_validity_words(e, msg, sizeof msg);
    if (e->code == XML_RELAXNG_ERR_ATTRVALID) {
      snprintf(sink->pending, sizeof sink->pending, "%s", msg);
      snprintf(sink->pending_element, sizeof sink->pending_element, "%s",
               xmldoc_or(e->str1, "?"));
      sink->pending_line = line;
      return;
    }
    diag_error(sink->d, sink->filename, line, "%s (see the format in docs/)", msg);
    return;
  }
  if (e->level == XML_ERR_WARNING) return; /* validation says what matters */
  /* After the first error the parser gives up; what it says next
   * ("attributes construct error", "Couldn't find end of Start Tag")
   * only follows from it. */
  if (sink->parse_errors++) return;
  xmldoc_error_words(e, sink->root, msg, sizeof msg);
  diag_error(sink->d, sink->filename, e->line, "%s", msg);
}

static void xmldoc_quiet(void *ctx, const char *msg, ...) {
  (void)ctx;
  (void)msg;
}

static int xmldoc_validate(xmlDoc *doc, const char *schema, size_t schema_len,
                           xmldoc_sink *sink) {
  xmlRelaxNGParserCtxtPtr pctx = xmlRelaxNGNewMemParserCtxt(schema, (int)schema_len);
  xmlRelaxNGPtr rng = xmlRelaxNGParse(pctx);
  xmlRelaxNGFreeParserCtxt(pctx);
  if (!rng) {
    diag_error(sink->d, sink->filename, 0, "internal error: the built-in schema does not compile");
    return -1;
  }
  xmlRelaxNGValidCtxtPtr vctx = xmlRelaxNGNewValidCtxt(rng);
  sink->doc = doc;
  xmlRelaxNGSetValidStructuredErrors(vctx, xmldoc_on_error, sink);
  int rc = xmlRelaxNGValidateDoc(vctx, doc);
  xmldoc_flush(sink);
  xmlRelaxNGFreeValidCtxt(vctx);
  xmlRelaxNGFree(rng);
  return rc == 0 ? 0 : -1;
}

/* A DOCTYPE stops the parser where it starts, before any entity in it is
 * declared: entities are how an XML file explodes (billion laughs) or
 * reads other files, and no file of this program needs one. */
static void xmldoc_on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext_id,
                              const xmlChar *sys_id) {
  (void)name, (void)ext_id, (void)sys_id;
  xmlParserCtxtPtr ctxt = ctx;
  xmldoc_sink *sink = ctxt->_private;
  if (sink->doctype_line) return;
  sink->doctype_line = ctxt->input ? ctxt->input->line : 1;
  if (sink->doctype_line <= 0) sink->doctype_line = 1;
  diag_error(sink->d, sink->filename, sink->doctype_line,
             "a <!DOCTYPE> is not allowed here (remove it; write special characters "
             "themselves or as &#…; references)");
  xmlStopParser(ctxt);
}

xmlDoc *xmldoc_parse_valid(const char *buf, size_t len, const char *filename, const char *root,
                           const char *schema, size_t schema_len, diag_list *d) {
  xmldoc_sink sink = {.d = d, .filename = filename, .root = root};
  size_t before = diag_error_count(d);
  if (len > INT_MAX) {
    diag_error(d, filename, 0, "too large for the XML reader (at most %d bytes)", INT_MAX);
    return NULL;
  }
  /* libxml2 2.9 reports parser errors only through the global handlers. */
  xmlSetGenericErrorFunc(NULL, xmldoc_quiet);
  xmlSetStructuredErrorFunc(&sink, xmldoc_on_error);
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (!ctxt) abort();
  ctxt->_private = &sink;
  ctxt->sax->internalSubset = xmldoc_on_doctype;
  xmlDoc *doc = xmlCtxtReadMemory(ctxt, buf, (int)len, filename, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOWARNING);
  xmlFreeParserCtxt(ctxt);
  if (doc && (doc->intSubset || doc->extSubset) && !sink.doctype_line) {
    sink.doctype_line = 1; /* never reached: the callback stops the parser */
    diag_error(d, filename, 1, "a <!DOCTYPE> is not allowed here (remove it)");
  }
  if (doc && diag_error_count(d) == before &&
      xmldoc_validate(doc, schema, schema_len, &sink) == 0 && diag_error_count(d) == before) {
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlSetGenericErrorFunc(NULL, NULL);
    return doc;
  }
  if (diag_error_count(d) == before)
    diag_error(d, filename, 0, "the file could not be read as XML");
  xmlFreeDoc(doc);
  xmlSetStructuredErrorFunc(NULL, NULL);
  xmlSetGenericErrorFunc(NULL, NULL);
  return NULL;
}

/* XML whitespace, which the XML Schema types allow around a value. */
static int xmldoc_is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* The value without the whitespace around it, as *start and *len. */
static void xmldoc_trim(const char *v, const char **start, size_t *len) {
  while (xmldoc_is_space(*v)) v++;
  size_t n = strlen(v);
  while (n > 0 && xmldoc_is_space(v[n - 1])) n--;
  *start = v;
  *len = n;
}

/* Whether t (len bytes) is an XML Schema decimal: an optional sign, digits
 * with at most one point, at least one digit. strtod would also take
 * exponents, hexadecimal, "nan" and "infinity", which a template has no
 * use for. */
static int xmldoc_is_decimal(const char *t, size_t len) {
  size_t i = 0, digits = 0, points = 0;
  if (i < len && (t[i] == '+' || t[i] == '-')) i++;
  for (; i < len; i++) {
    if (t[i] >= '0' && t[i] <= '9') digits++;
    else if (t[i] == '.' && points++ == 0) continue;
    else return 0;
  }
  return digits > 0;
}

/* "a to b unit" of a range, for messages. */
static void xmldoc_range_text(const xmldoc_range *r, char *buf, size_t n) {
  snprintf(buf, n, "%g to %g%s%s", r->min, r->max, *r->unit ? " " : "", r->unit);
}

/* The value as written, shortened to a length a message can hold (never
 * in the middle of a UTF-8 sequence). */
static void xmldoc_echo(const char *t, size_t len, char *buf, size_t n) {
  enum { ECHO_MAX = 32 };
  if (len <= ECHO_MAX) {
    snprintf(buf, n, "%.*s", (int)len, t);
    return;
  }
  size_t cut = ECHO_MAX;
  while (cut > 0 && ((unsigned char)t[cut] & 0xC0) == 0x80) cut--;
  snprintf(buf, n, "%.*s...", (int)cut, t);
}

int xmldoc_number(xmlNode *n, const char *attr, const xmldoc_range *r, const char *filename,
                  diag_list *d, double *out) {
  char range[96], echo[64];
  xmldoc_range_text(r, range, sizeof range);
  long line = xmlGetLineNo(n);
  xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
  if (!v) {
    diag_error(d, filename, line, "<%s> needs attribute '%s' (a number from %s)", n->name,
               attr, range);
    return -1;
  }
  const char *t;
  size_t len;
  xmldoc_trim((const char *)v, &t, &len);
  xmldoc_echo(t, len, echo, sizeof echo);
  int rc = -1;
  if (!xmldoc_is_decimal(t, len)) {
    diag_error(d, filename, line, "<%s> attribute '%s' is '%s', which is not a number (write %s "
               "from %s, with a point for decimals)", n->name, attr, echo,
               r->whole ? "a whole number" : "a plain decimal number", range);
  } else {
    /* The syntax is checked, so strtod reads all of it (the program never
     * sets a locale, so the point is the decimal separator). Too many
     * digits give HUGE_VAL, which the range refuses. */
    double x = strtod(t, NULL);
    if (!(x >= r->min && x <= r->max))
      diag_error(d, filename, line, "<%s> attribute '%s' is %s, outside the allowed range %s "
                 "(use a %s in that range)", n->name, attr, echo, range,
                 r->whole ? "whole number" : "value");
    else if (r->whole && x != floor(x))
      diag_error(d, filename, line, "<%s> attribute '%s' is %s, which is not a whole number "
                 "(use a whole number from %s)", n->name, attr, echo, range);
    else {
      *out = x;
      rc = 0;
    }
  }
  xmlFree(v);
  return rc;
}
