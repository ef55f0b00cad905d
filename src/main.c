/* main: the kaartset command line: parses arguments, runs a build, prints diagnostics. */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "build.h"
#include "editions.h"
#include "jobs.h"
#include "po.h"
#include "pdfcheck.h"
#include "diag.h"
#include "style.h"

static const char usage[] =
  "usage: kaartset build [options]\n"
  "       kaartset export --format png|svg [--dpi N] [options]\n"
  "       kaartset session sessions/FILE.xml [--content DIR] [options]\n"
  "       kaartset calibrate [--paper NAME] [--out DIR] [--content DIR]\n"
  "       kaartset check --content DIR [--reference DIR] [--mark-reviewed all|ITEMS]\n"
  "       kaartset preflight FILE.pdf [--profile printshop|office]\n"
  "       kaartset po export --content DIR [--out FILE]\n"
  "       kaartset po import FILE --content DIR\n"
  "       kaartset --help | --version\n"
  "\n"
  "build: makes one edition of the card sets into print-ready PDFs.\n"
  "export: writes each card's front and back as an image into <out>/images/\n"
  "  (<code>-front.png, <code>-back.png), and overview-<set>.png per card set.\n"
  "session: writes <out>/sessions/<name>.pdf for each session of a plan:\n"
  "  agenda, the chosen cards, werkvorm pages, record sheet (docs/sessions.md);\n"
  "  the edition is content/<the plan's xml:lang> unless --content says.\n"
  "calibrate: makes calibration.pdf, a two-sided test sheet that tells which\n"
  "  --back-offset a printer needs so the backs land behind the fronts.\n"
  "check: for translators: lists what the edition in --content lacks compared\n"
  "  with the reference edition (default content/nl), and what is still the\n"
  "  same as there (not translated yet), and what changed there since it was\n"
  "  translated (out of date). --mark-reviewed all (or id paths, separated by\n"
  "  commas, as check names them) records the items as up to date first.\n"
  "preflight: checks any PDF against a print shop's rules (printshop, the\n"
  "  default: PDF/X-1a, CMYK, 3 mm bleed, text >= 6 pt and small text in K\n"
  "  only, lines >= 0.2 pt, ink <= 300 %, fonts embedded) or an office\n"
  "  printer's (office); a report per page, exit 1 when anything fails.\n"
  "po export: writes the edition's texts as a PO file for translation tools\n"
  "  (default po/<name of the content folder>.po); po import: writes a\n"
  "  translated PO file back into the edition's instrument.xml.\n"
  "\n"
  "options:\n"
  "  --content DIR      edition folder with instrument.xml (default: content/nl)\n"
  "  --template FILE    design template (default: templates/default.xml)\n"
  "  --out DIR          output folder (default: output/<name of the content folder>)\n"
  "  --fonts DIR        font folder (default: fonts)\n"
  "  --paper NAME       office paper from the template: a4 (default), a3, letter\n"
  "  --duplex MODE      long (default): backs for flipping on the long edge;\n"
  "                     short: for flipping on the short edge;\n"
  "                     none: all fronts, then all backs, for one-sided printers\n"
  "  --back-offset X,Y  shift every back by X,Y millimetres, each -20 to 20, to\n"
  "                     correct a printer (kaartset calibrate prints a page that\n"
  "                     tells X and Y)\n"
  "  --marks STYLE      edge (default): cut marks out to the paper edge;\n"
  "                     corner: short marks at the card corners\n"
  "  --cards LIST       only these cards, by code or id: P1,S4,W2\n"
  "  --set LIST         only these card sets: prikkel,spiegel (ids or codes P, S);\n"
  "                     werkvorm for the werkvorm cards\n"
  "  --theme LIST       only cards of these themes (ids)\n"
  "  --aspect LIST      only cards of these aspects (ids); the options narrow\n"
  "                     the choice together\n"
  "  --blank N          build: N blank question cards per card set, with lines to\n"
  "                     write a question of your own on\n"
  "  --format FORMAT    export: png or svg (card images), html (deck.html, the\n"
  "                     offline deck for a screen)\n"
  "  --dpi N            export: pixels per inch of the PNG images (default 300)\n"
  "  --icc FILE         the print shop's CMYK profile (ICC version 2), embedded in\n"
  "                     cards-printshop.pdf instead of naming the template's\n"
  "                     printing condition (FOGRA39 by default)\n"
  "  --only FILE        build: only this file (cards, printshop, guide, werkvormen,\n"
  "                     html); give it again for more; the others stay as they were\n"
  "  --all              build: every edition under content/, each into\n"
  "                     output/<its folder> (or <--out>/<its folder>), in parallel\n"
  "  --reference DIR    the reference edition translations are completed from and\n"
  "                     checked against (default: content/nl)\n"
  "  --allow-incomplete build a translation that lacks texts: each is printed from\n"
  "                     the reference edition and listed\n"
  "\n"
  "exit codes: 0 ok, 1 content or template errors, 2 usage, 3 input/output\n";

/* A default data path: relative to the working folder when it is there
 * (shorter messages), else in the source tree the program was built from. */
static const char *main_data_path(const char *rel, char *buf, size_t n) {
  if (access(rel, F_OK) == 0) return rel;
  snprintf(buf, n, "%s/%s", KAARTSET_DATADIR, rel);
  return buf;
}

static int main_usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "kaartset: error: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, " (see kaartset --help)\n");
  return BUILD_USAGE;
}

/* The largest --back-offset, in mm: a duplex shift beyond it is no printer
 * offset but a mistake (the layout also refuses an offset that pushes a
 * back off the printable area). */
#define MAIN_MAX_OFFSET 20.0
#define MAIN_MAX_OFFSET_TEXT "20"

/* One number of --back-offset, a plain decimal like -0.5 (no exponent, hex,
 * nan or inf, which strtod would take); *end is where it stopped. */
static int main_parse_mm(const char *s, double *out, const char **end) {
  s += strspn(s, " "); /* "1.5, -0.5" as typed in quotes */
  const char *p = s + (*s == '+' || *s == '-');
  size_t digits = strspn(p, "0123456789");
  p += digits;
  if (*p == '.') {
    size_t frac = strspn(p + 1, "0123456789");
    digits += frac;
    p += 1 + frac;
  }
  if (digits == 0) return -1;
  /* The program never sets a locale, so the point is the separator. Too
   * many digits give HUGE_VAL, which the range refuses. */
  *out = strtod(s, NULL);
  *end = p;
  return 0;
}

/* "X,Y" into *dx, *dy: -1 when it is not two plain decimals with a comma
 * between them, 1 when one is beyond MAIN_MAX_OFFSET mm, else 0. */
static int main_parse_offset(const char *val, double *dx, double *dy) {
  const char *end;
  if (main_parse_mm(val, dx, &end) != 0 || *end != ',') return -1;
  if (main_parse_mm(end + 1, dy, &end) != 0 || *end) return -1;
  return !(fabs(*dx) <= MAIN_MAX_OFFSET && fabs(*dy) <= MAIN_MAX_OFFSET);
}

/* Blank cards per card set: two sheets of nine at most. */
#define MAIN_MAX_BLANK 18
#define MAIN_STR_(x) #x
#define MAIN_STR(x) MAIN_STR_(x)

static const char *main_basename(const char *path, char *buf, size_t n) {
  snprintf(buf, n, "%s", path);
  size_t len = strlen(buf);
  while (len > 1 && buf[len - 1] == '/') buf[--len] = '\0';
  const char *slash = strrchr(buf, '/');
  return slash ? slash + 1 : buf;
}

/* kaartset preflight FILE.pdf [--profile printshop|office] */
static int main_preflight(int argc, char **argv) {
  const char *file = NULL;
  pdfcheck_profile profile = PDFCHECK_PRINTSHOP;
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--profile") == 0 && i + 1 < argc) {
      const char *val = argv[++i];
      if (strcmp(val, "printshop") == 0) profile = PDFCHECK_PRINTSHOP;
      else if (strcmp(val, "office") == 0) profile = PDFCHECK_OFFICE;
      else return main_usage_error("--profile takes printshop or office, not '%s'", val);
    } else if (argv[i][0] == '-' || file) {
      return main_usage_error("preflight takes one PDF and --profile, not '%s'", argv[i]);
    } else {
      file = argv[i];
    }
  }
  if (!file) return main_usage_error("%s needs a PDF file", "preflight");
  diag_list *d = diag_new();
  diag_route_library_logs(d);
  /* libqpdf's objects for a large file come in huge pages (jobs.h): the
   * 5,400-card print-shop file (8.7 MB, five runs each, alternated) took
   * 1.26 to 1.32 s and 128 MB, now 0.72 to 0.94 s and 130 MB. */
  struct stat st;
  if (stat(file, &st) == 0 && S_ISREG(st.st_mode)) jobs_reserve_heap(16 * (size_t)st.st_size);
  int failures = pdfcheck_file(file, profile, stdout, d);
  diag_route_library_logs(NULL); /* the rest is printed as it comes */
  diag_print(d, stderr);
  diag_free(d);
  return failures < 0 ? BUILD_IO_ERROR : failures > 0 ? BUILD_CONTENT_ERROR : BUILD_OK;
}

/* kaartset po export --content DIR [--out FILE] | po import FILE --content DIR */
static int main_po(int argc, char **argv) {
  int import = argc >= 3 && strcmp(argv[2], "import") == 0;
  if (argc < 3 || (!import && strcmp(argv[2], "export") != 0))
    return main_usage_error("po takes export or import, not '%s'", argc >= 3 ? argv[2] : "");
  const char *file = NULL, *content = NULL, *out = NULL;
  char reference_buf[4096], base_buf[4096], out_buf[4096];
  const char *reference = main_data_path("content/nl", reference_buf, sizeof reference_buf);
  for (int i = 3; i < argc; i++) {
    const char *opt = argv[i];
    const char **slot = strcmp(opt, "--content") == 0 ? &content
                        : strcmp(opt, "--reference") == 0 ? &reference
                        : strcmp(opt, "--out") == 0 && !import ? &out : NULL;
    if (slot && i + 1 >= argc) return main_usage_error("'%s' needs a value", opt);
    if (slot) {
      *slot = argv[++i];
      continue;
    }
    if (!import || opt[0] == '-' || file) return main_usage_error("unknown option '%s'", opt);
    file = opt;
  }
  if (!content) return main_usage_error("po %s needs --content DIR", argv[2]);
  if (import && !file) return main_usage_error("%s needs the PO file to read", "po import");
  if (!out) {
    snprintf(out_buf, sizeof out_buf, "po/%s.po", main_basename(content, base_buf, sizeof base_buf));
    out = out_buf;
  }
  diag_list *d = diag_new();
  diag_route_library_logs(d);
  int rc = import ? po_import(file, content, reference, d) : po_export(content, reference, out, d);
  diag_route_library_logs(NULL); /* the rest is printed as it comes */
  diag_print(d, stderr);
  if (rc == BUILD_OK && import) printf("kaartset: read %s into %s/instrument.xml\n", file, content);
  else if (rc == BUILD_OK) printf("kaartset: wrote %s\n", out);
  diag_free(d);
  return rc;
}

int main(int argc, char **argv) {
  if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
    fputs(usage, stdout);
    return BUILD_OK;
  }
  if (argc >= 2 && strcmp(argv[1], "po") == 0) return main_po(argc, argv);
  if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
    printf("kaartset %s\n", KAARTSET_VERSION);
    return BUILD_OK;
  }
  if (argc >= 2 && strcmp(argv[1], "preflight") == 0) return main_preflight(argc, argv);
  int calibrate = argc >= 2 && strcmp(argv[1], "calibrate") == 0;
  int check = argc >= 2 && strcmp(argv[1], "check") == 0;
  int export = argc >= 2 && strcmp(argv[1], "export") == 0;
  int session = argc >= 2 && strcmp(argv[1], "session") == 0;
  if (argc < 2 ||
      (strcmp(argv[1], "build") != 0 && !calibrate && !check && !export && !session)) {
    fputs(usage, stderr);
    return BUILD_USAGE;
  }

  char content_buf[4096], template_buf[4096], fonts_buf[4096], out_buf[4096], base_buf[4096];
  char reference_buf[4096];
  const char *reference = main_data_path("content/nl", reference_buf, sizeof reference_buf);
  int all = 0;
  build_options o = {
    .content_dir = main_data_path("content/nl", content_buf, sizeof content_buf),
    .template_path = main_data_path("templates/default.xml", template_buf, sizeof template_buf),
    .fonts_dir = main_data_path("fonts", fonts_buf, sizeof fonts_buf),
    .duplex = DUPLEX_LONG,
    .marks = -1,
  };
  int format = -1;
  double dpi = EXPORT_DPI_DEFAULT;
  const char *plan = NULL;
  int first = 2, content_given = 0;
  if (session) {
    if (argc < 3 || argv[2][0] == '-') {
      if (argc >= 3 && strcmp(argv[2], "--help") == 0) {
        fputs(usage, stdout);
        return BUILD_OK;
      }
      return main_usage_error("%s needs a session plan: kaartset session sessions/FILE.xml",
                              "session");
    }
    plan = argv[2];
    first = 3;
  }
  for (int i = first; i < argc; i++) {
    const char *opt = argv[i];
    if (strcmp(opt, "--help") == 0) {
      fputs(usage, stdout);
      return BUILD_OK;
    }
    if (strcmp(opt, "--allow-incomplete") == 0) {
      o.allow_incomplete = 1;
      continue;
    }
    if (strcmp(opt, "--all") == 0 && !check && !calibrate) {
      all = 1;
      continue;
    }
    if (i + 1 >= argc) return main_usage_error("'%s' needs a value", opt);
    if (strcmp(opt, "--only") == 0 && !check && !calibrate) {
      /* The one option that may be given more than once. */
      static const char *const only[] = {"cards", "printshop", "guide", "werkvormen", "html"};
      const char *val = argv[++i];
      size_t k = 0;
      while (k < sizeof only / sizeof only[0] && strcmp(val, only[k]) != 0) k++;
      if (k == sizeof only / sizeof only[0])
        return main_usage_error("--only takes cards, printshop, guide, werkvormen or html, "
                                "not '%s'", val);
      o.only |= 1u << k;
      continue;
    }
    const char *val = argv[++i];
    /* Every option takes one value: a second one would silently win. */
    for (int j = 2; j < i - 1; j++)
      if (strcmp(argv[j], opt) == 0)
        return main_usage_error("'%s' is given twice (give it once; to build every edition "
                                "under content/, use build --all)", opt);
    if (strcmp(opt, "--content") == 0) o.content_dir = val, content_given = 1;
    else if (strcmp(opt, "--template") == 0) o.template_path = val;
    else if (strcmp(opt, "--out") == 0) o.out_dir = val;
    else if (strcmp(opt, "--fonts") == 0) o.fonts_dir = val;
    else if (strcmp(opt, "--paper") == 0) o.paper = val;
    else if (strcmp(opt, "--reference") == 0) reference = val;
    else if (strcmp(opt, "--cards") == 0) o.select.cards = val;
    else if (strcmp(opt, "--set") == 0) o.select.sets = val;
    else if (strcmp(opt, "--theme") == 0) o.select.themes = val;
    else if (strcmp(opt, "--aspect") == 0) o.select.aspects = val;
    else if (strcmp(opt, "--blank") == 0) {
      char *end;
      long n = strtol(val, &end, 10);
      if (*end || end == val || n < 0 || n > MAIN_MAX_BLANK)
        return main_usage_error("--blank takes a number of blank cards per card set from 0 to "
                                MAIN_STR(MAIN_MAX_BLANK) ", not '%s'", val);
      o.blank = (int)n;
    }
    else if (export && strcmp(opt, "--format") == 0) {
      if (strcmp(val, "png") == 0) format = EXPORT_PNG;
      else if (strcmp(val, "svg") == 0) format = EXPORT_SVG;
      else if (strcmp(val, "html") == 0) format = EXPORT_HTML;
      else return main_usage_error("--format takes png, svg or html, not '%s'", val);
    } else if (export && strcmp(opt, "--dpi") == 0) {
      char *end;
      long n = strtol(val, &end, 10);
      if (*end || end == val || n < EXPORT_DPI_MIN || n > EXPORT_DPI_MAX)
        return main_usage_error("--dpi takes a whole number of pixels per inch from "
                                MAIN_STR(EXPORT_DPI_MIN) " to " MAIN_STR(EXPORT_DPI_MAX)
                                ", like 300, not '%s'", val);
      dpi = (double)n;
    }
    else if (strcmp(opt, "--icc") == 0) o.icc_path = val;
    else if (check && strcmp(opt, "--mark-reviewed") == 0) o.mark_reviewed = val;
    else if (strcmp(opt, "--duplex") == 0) {
      if (strcmp(val, "long") == 0) o.duplex = DUPLEX_LONG;
      else if (strcmp(val, "short") == 0) o.duplex = DUPLEX_SHORT;
      else if (strcmp(val, "none") == 0) o.duplex = DUPLEX_NONE;
      else return main_usage_error("--duplex takes long, short or none, not '%s'", val);
    } else if (strcmp(opt, "--marks") == 0) {
      if (strcmp(val, "edge") == 0) o.marks = MARKS_EDGE;
      else if (strcmp(val, "corner") == 0) o.marks = MARKS_CORNER;
      else return main_usage_error("--marks takes edge or corner, not '%s'", val);
    } else if (strcmp(opt, "--back-offset") == 0) {
      int rc = main_parse_offset(val, &o.back_dx, &o.back_dy);
      if (rc < 0)
        return main_usage_error("--back-offset takes X,Y in millimetres, each a number between "
                                "-" MAIN_MAX_OFFSET_TEXT " and " MAIN_MAX_OFFSET_TEXT ", like "
                                "1.5,-0.5, not '%s'", val);
      if (rc > 0)
        return main_usage_error("--back-offset %s is outside the allowed range: X and Y must "
                                "each be between -" MAIN_MAX_OFFSET_TEXT " and "
                                MAIN_MAX_OFFSET_TEXT " mm, as a printer shifts its backs by a "
                                "few millimetres at most", val);
    } else {
      return main_usage_error("unknown option '%s'", opt);
    }
  }
  /* Reproducible builds: SOURCE_DATE_EPOCH, when set, is the creation date. */
  char date_buf[32];
  const char *epoch = getenv("SOURCE_DATE_EPOCH");
  if (epoch && *epoch) {
    char *end;
    long long secs = strtoll(epoch, &end, 10);
    time_t t = (time_t)secs;
    struct tm tm;
    /* The PDF date holds years 1970 to 9999 only (253402300799 is the
     * last second of 9999). */
    if (*end || end == epoch || secs < 0 || secs > 253402300799LL || !gmtime_r(&t, &tm))
      return main_usage_error("SOURCE_DATE_EPOCH must be seconds since 1970, at most "
                              "253402300799 (the end of the year 9999), not '%s'", epoch);
    strftime(date_buf, sizeof date_buf, "%Y-%m-%dT%H:%M:%S", &tm);
    o.date = date_buf;
  }
  o.reference_dir = reference;
  size_t fallbacks = 0;
  o.fallbacks = &fallbacks;
  if (all) {
    for (int j = 2; j < argc; j++)
      if (strcmp(argv[j], "--content") == 0)
        return main_usage_error("%s builds every edition under content/; leave out --content",
                                "--all");
    char root_buf[4096];
    return editions_build_all(&o, main_data_path("content", root_buf, sizeof root_buf),
                              o.out_dir ? o.out_dir : "output", stdout, stderr);
  }
  if (session && !content_given) o.content_dir = NULL; /* from the plan's language */
  if (!o.out_dir && !session) {
    snprintf(out_buf, sizeof out_buf, "output/%s",
             main_basename(o.content_dir, base_buf, sizeof base_buf));
    o.out_dir = out_buf;
  }

  if (export && format < 0)
    return main_usage_error("%s needs --format png or --format svg", "export");
  /* Past a file size limit, a write fails with EFBIG, which the output
   * reports, instead of the signal killing the program mid-file. */
  signal(SIGXFSZ, SIG_IGN);
  diag_list *d = diag_new();
  diag_route_library_logs(d);
  if (session && !o.out_dir && content_given) {
    snprintf(out_buf, sizeof out_buf, "output/%s",
             main_basename(o.content_dir, base_buf, sizeof base_buf));
    o.out_dir = out_buf;
  }
  int rc = session     ? build_session(&o, plan, d)
           : export    ? build_export(&o, (export_format)format, dpi, d)
           : check     ? build_check(&o, reference, d)
           : calibrate ? build_calibration(&o, d)
                       : build_edition(&o, d);
  diag_route_library_logs(NULL); /* the rest is printed as it comes */
  diag_print(d, stderr);
  if (check)
    printf("kaartset: %s: %zu missing, %zu to look at\n", o.content_dir, diag_error_count(d),
           diag_count(d) - diag_error_count(d));
  else if (session)
    ; /* build_session says where it wrote */
  else if (rc == BUILD_OK && export && format == EXPORT_HTML)
    printf("kaartset: wrote %s/deck.html\n", o.out_dir);
  else if (rc == BUILD_OK && export)
    printf("kaartset: wrote the card images into %s/images/\n", o.out_dir);
  else if (rc == BUILD_OK && calibrate)
    printf("kaartset: wrote %s/calibration.pdf\n", o.out_dir);
  else if (rc == BUILD_OK && o.only)
    printf("kaartset: wrote what --only asked for into %s/ (the other files stay as they "
           "were)\n", o.out_dir);
  else if (rc == BUILD_OK)
    printf("kaartset: wrote cards.pdf, cards-printshop.pdf, guide.pdf, werkvormen.pdf and deck.html "
           "into %s/%s\n", o.out_dir, fallbacks ? " (texts not translated yet are printed "
           "from the reference edition: see the warnings)" : "");
  diag_free(d);
  return rc;
}
