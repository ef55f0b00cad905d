#!/usr/bin/python3
"""Print test: does every back land behind its front when the sheet is
really turned over?

An independent check of what the paper shows, written from the physical
model and not from the program's placement code. For every template in
templates/, every <paper> it lists and every --duplex mode, it builds the
Dutch edition, then for each sheet (a front page and its back page):

- finds the cards on the front from the page's drawings (page.get_drawings()):
  the light grey hairline at each card's trim, a stroked rectangle of the
  template's card size, and the coloured band across its top;
- finds the backs on the back page: coloured filled rectangles of card size,
  or larger by at most the template's bleed (the card set's colour), and the
  band across each (the theme);
- turns the back page over as the sheet really turns:
    portrait page  (width < height): long edge vertical,   long-edge flip
                                      mirrors left-right, short-edge top-bottom;
    landscape page (width > height): long edge horizontal, long-edge flip
                                      mirrors top-bottom, short-edge left-right;
    --duplex none: all fronts first, then all backs, in the same order; the
                   printed fronts are turned over on their long edge;
- asserts that every front card has a back on it (centres within 0.5 mm,
  the back at least as large as the card, at most by its bleed larger),
  that the back's band (if it has one) has the colour of the front's band
  (both are the theme's colour, so a back of another row or card cannot pass
  for it), and that no back lies where there is no front;
- renders the turned back page (4 px/mm, grey) and checks what the paper
  shows: the back's colour reaches from 0.75 mm (0.5 mm plus one pixel for
  anti-aliasing) to 2 mm inside every front card's trim, and no ink of the
  back lies more than the bleed plus 0.75 mm outside the fronts.

A failing sheet whose backs would line up with the other mirror says so in
a hint. CheckerSelfTest runs the checker on sheets drawn here, right and
deliberately wrong (other mirror, shifted, a back missing or extra, pages
paired the wrong way), so a checker that passes everything fails.

It also checks that calibration.pdf has the same page size and orientation
as cards.pdf for each template and paper.

Needs PyMuPDF (Debian: python3-fitz, for /usr/bin/python3).

usage: /usr/bin/python3 print_test.py KAARTSET SOURCE_ROOT
"""
import concurrent.futures
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

try:
    import fitz
except ImportError:
    sys.exit("print_test.py: PyMuPDF is missing: install Debian's python3-fitz "
             "(./setup.sh does) and run this with /usr/bin/python3")

if len(sys.argv) != 3:
    sys.exit("usage: print_test.py KAARTSET SOURCE_ROOT")
KAARTSET, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
CONTENT = os.path.join(SOURCE, "content", "nl")
DUPLEX = ("long", "short", "none")

MM = 72 / 25.4           # PDF points per millimetre
TOL = 0.5                # mm: how far a back may lie from its front
PX = 4                   # pixels per millimetre in the rendered checks
SLACK = TOL + 1.0 / PX   # mm: TOL plus one pixel of anti-aliasing
RING = 2.0               # mm: depth inside the trim that must be covered
INK = 240                # grey level below which a pixel has ink on it
MAX_LINES = 40           # problems listed per case


def templates():
    """(file name, (card width, height, bleed) in mm, [paper names]) per template."""
    found = []
    for path in sorted(glob.glob(os.path.join(SOURCE, "templates", "*.xml"))):
        root = ET.parse(path).getroot()
        card = root.find("card")
        papers = [p.get("name") for p in root.findall("paper")]
        size = tuple(float(card.get(k) or 0) for k in ("width", "height", "bleed"))
        found.append((os.path.basename(path), size, papers))
    return found


TEMPLATES = templates()
CARD = {name: size for name, size, _ in TEMPLATES}
CASES = [(t, p, d) for t, _, papers in TEMPLATES for p in papers for d in DUPLEX]
PAPERS = [(t, p) for t, _, papers in TEMPLATES for p in papers]

TMP = None
BUILDS = {}       # (template, paper, duplex) -> (CompletedProcess, out dir)
CALIBRATIONS = {}  # (template, paper) -> (CompletedProcess, out dir)


def run(*args):
    return subprocess.run(args, capture_output=True, text=True, cwd=SOURCE)


def program():
    """The copy of KAARTSET that every build here runs: one program for all
    cases, even when the build folder is relinked meanwhile."""
    return os.path.join(TMP, "kaartset")


def build(case):
    template, paper, duplex = case
    out = os.path.join(TMP, "%s-%s-%s" % (template[:-4], paper, duplex))
    r = run(program(), "build", "--content", CONTENT, "--out", out,
            "--template", os.path.join("templates", template), "--paper", paper, "--duplex", duplex)
    return case, r, out


def calibrate(pair):
    template, paper = pair
    out = os.path.join(TMP, "calibration-%s-%s" % (template[:-4], paper))
    r = run(program(), "calibrate", "--out", out,
            "--template", os.path.join("templates", template), "--paper", paper)
    return pair, r, out


def setUpModule():
    global TMP
    TMP = tempfile.mkdtemp(prefix="kaartset-printtest-")
    try:
        shutil.copy2(KAARTSET, program())
        with concurrent.futures.ThreadPoolExecutor(max_workers=min(8, (os.cpu_count() or 2) + 1)) as pool:
            for case, r, out in pool.map(build, CASES):
                BUILDS[case] = (r, out)
            for pair, r, out in pool.map(calibrate, PAPERS):
                CALIBRATIONS[pair] = (r, out)
    except BaseException:
        shutil.rmtree(TMP)  # tearDownModule does not run when this fails
        raise


def tearDownModule():
    shutil.rmtree(TMP)


# --- reading the pages -------------------------------------------------------

def rgb(colour):
    """A drawing's colour as an (r, g, b) tuple of 0..1, or None."""
    if not colour:
        return None
    if len(colour) == 1:
        return (colour[0],) * 3
    if len(colour) == 4:  # CMYK
        c, m, y, k = colour
        return tuple((1 - v) * (1 - k) for v in (c, m, y))
    return tuple(colour)


def hexcolour(c):
    return "#%02x%02x%02x" % tuple(int(round(v * 255)) for v in c)


def mm_rect(r):
    return fitz.Rect(r.x0 / MM, r.y0 / MM, r.x1 / MM, r.y1 / MM)


def trim_sized(r, size):
    """Is r as large as a card (either way up)?"""
    w, h, _ = size
    return ((abs(r.width - w) <= 0.3 and abs(r.height - h) <= 0.3)
            or (abs(r.width - h) <= 0.3 and abs(r.height - w) <= 0.3))


def fits(r, card, bleed):
    """Is r as large as `card`, or larger by at most its bleed on every side?"""
    return (card.width - 0.3 <= r.width <= card.width + 2 * bleed + 0.3
            and card.height - 0.3 <= r.height <= card.height + 2 * bleed + 0.3)


def light_grey(c):
    return c is not None and max(c) - min(c) < 0.03 and 0.5 <= min(c) <= 0.95


def white(c):
    return c is not None and min(c) > 0.97


def centre(r):
    return ((r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2)


def band_in(r, own, fills, bleed):
    """The colour of the band across card r: a fill as wide as the card (plus
    bleed), centred on it, lower than half of it, within it (plus bleed), of
    another colour than the card's own."""
    for f, c in fills:
        if (r.width - 0.3 <= f.width <= r.width + 2 * bleed + 0.3 and 1 < f.height < r.height / 2
                and abs(centre(f)[0] - centre(r)[0]) <= 0.3
                and f.y0 >= r.y0 - bleed - 0.3 and f.y1 <= r.y1 + bleed + 0.3
                and not white(c) and c != own):
            return c
    return None


def read_page(page, size):
    """(fronts, backs) on one page, in mm. A front is a card's trim: a light
    grey hairline as large as a card; [(rect, band colour)]. A back is a
    coloured fill as large as a card, or larger by at most the bleed;
    [(rect, fill colour, band colour)]."""
    w, h, bleed = size
    strokes, fills = [], []
    for d in page.get_drawings():
        r = mm_rect(d["rect"])
        if d.get("color") is not None and "s" in d["type"]:
            strokes.append((r, rgb(d["color"])))
        if d.get("fill") is not None and "f" in d["type"]:
            fills.append((r, rgb(d["fill"])))
    fronts = [(r, band_in(r, None, fills, bleed)) for r, c in strokes if trim_sized(r, size) and light_grey(c)]
    cards = (fitz.Rect(0, 0, w, h), fitz.Rect(0, 0, h, w))
    backs = [(r, c, band_in(r, c, fills, 0)) for r, c in fills
             if not white(c) and any(fits(r, card, bleed) for card in cards)]
    return fronts, backs


def flip_of(page_w, page_h, duplex):
    """How the sheet turns over: 'lr' (mirror left-right) or 'tb' (top-bottom)."""
    landscape = page_w > page_h
    if duplex in ("long", "none"):
        return "tb" if landscape else "lr"
    return "lr" if landscape else "tb"


def turned(r, flip, page_w, page_h):
    """A rectangle on the back page, where it lies in the front page's coordinates."""
    if flip == "lr":
        return fitz.Rect(page_w - r.x1, r.y0, page_w - r.x0, r.y1)
    return fitz.Rect(r.x0, page_h - r.y1, r.x1, page_h - r.y0)


def turned_pixels(page, flip):
    """The back page rendered at PX px/mm, grey, turned over into the front's
    coordinates: (width, height, rows of bytes)."""
    s = PX / MM
    w, h = page.rect.width, page.rect.height
    if flip == "lr":
        m = fitz.Matrix(-s, 0, 0, s, w * s, 0)
    else:
        m = fitz.Matrix(s, 0, 0, -s, 0, h * s)
    pix = page.get_pixmap(matrix=m, colorspace=fitz.csGRAY, alpha=False)
    assert (pix.x, pix.y, pix.n) == (0, 0, 1), (pix.x, pix.y, pix.n)
    data = pix.samples
    rows = [data[y * pix.stride:y * pix.stride + pix.width] for y in range(pix.height)]
    return pix.width, pix.height, rows


PAPER_WHITE = bytes(range(INK, 256))
INKED = bytes(range(0, INK))


def slots(fronts):
    """Names for the front cards, in reading order: 'slot N (row R, col C)'."""
    def levels(values):
        out = []
        for v in sorted(values):
            if not out or v - out[-1] > 1:
                out.append(v)
        return out
    ys = levels(r.y0 for r, _ in fronts)
    xs = levels(r.x0 for r, _ in fronts)

    def level(v, ls):
        return min(range(len(ls)), key=lambda i: abs(ls[i] - v))
    named = []
    for r, band in fronts:
        named.append(((level(r.y0, ys), level(r.x0, xs)), r, band))
    named.sort(key=lambda t: t[0])
    return [("slot %d (row %d, col %d)" % (n + 1, rc[0] + 1, rc[1] + 1), r, band)
            for n, (rc, r, band) in enumerate(named)]


def behind(f, b, bleed):
    """Does back b lie behind front f: centres within TOL, and b as large as f
    (plus at most the bleed), the same way up?"""
    (fx, fy), (bx, by) = centre(f), centre(b)
    return abs(fx - bx) <= TOL and abs(fy - by) <= TOL and fits(b, f, bleed)


def distance(a, b):
    """Distance between the centres of two rectangles, in mm."""
    return abs(complex(a.x0 + a.x1 - b.x0 - b.x1, a.y0 + a.y1 - b.y0 - b.y1)) / 2


def offset(a, b):
    """Offset of b from a (centre to centre), as text."""
    dx, dy = (b.x0 + b.x1 - a.x0 - a.x1) / 2, (b.y0 + b.y1 - a.y0 - a.y1) / 2
    return "dx=%+.1f dy=%+.1f mm" % (round(dx, 1) + 0.0, round(dy, 1) + 0.0)  # + 0.0: no "-0.0"


def vector_problems(fronts, backs, flip, W, H, bleed):
    """From the drawings: every front has a back on it, with the front's theme
    band colour, and every back has a front; the back page turned over by `flip`."""
    problems = []
    backs = [(turned(r, flip, W, H), c, band) for r, c, band in backs]
    for name, f, band in fronts:
        if not backs:
            break
        b, c, bband = min(backs, key=lambda t: distance(f, t[0]))
        if not behind(f, b, bleed) and distance(f, b) <= TOL:
            problems.append("%s: the back on it is %.1f x %.1f mm, the card %.1f x %.1f mm (bleed %.1f)"
                            % (name, b.width, b.height, f.width, f.height, bleed))
        elif not behind(f, b, bleed):
            problems.append("%s: no back within %.1f mm; nearest back is off by %s" % (name, TOL, offset(f, b)))
        elif band and bband and hexcolour(band) != hexcolour(bband):
            problems.append("%s: the back behind it has theme band %s, the front has %s"
                            % (name, hexcolour(bband), hexcolour(band)))
    for b, c, bband in backs:
        if not fronts:
            break
        name, f, _ = min(fronts, key=lambda t: distance(t[1], b))
        if not behind(f, b, bleed):
            problems.append("back (%s) at x=%.1f y=%.1f mm has no front behind it; nearest front %s is off by %s"
                            % (hexcolour(c), b.x0, b.y0, name, offset(f, b)))
    return problems


def check_sheet(front_page, back_page, size, duplex):
    """Problems (strings) with one sheet: front_page and the back_page turned over onto it."""
    problems = []
    W, H = front_page.rect.width / MM, front_page.rect.height / MM
    bw, bh = back_page.rect.width / MM, back_page.rect.height / MM
    if abs(W - bw) > 0.1 or abs(H - bh) > 0.1:
        return ["front page is %.1f x %.1f mm but back page is %.1f x %.1f mm" % (W, H, bw, bh)]
    flip = flip_of(W, H, duplex)
    fronts = slots(read_page(front_page, size)[0])
    backs = read_page(back_page, size)[1]
    if not fronts:
        problems.append("no front cards (grey hairline at the trim) on the front page")
    if not backs:
        problems.append("no backs (filled cards) on the back page")
    problems += vector_problems(fronts, backs, flip, W, H, size[2])
    if problems and fronts and backs:
        other = "tb" if flip == "lr" else "lr"
        if not vector_problems(fronts, backs, other, W, H, size[2]):
            problems.insert(0, "hint: these backs would line up if the sheet were mirrored %s instead"
                            % ("left-right" if other == "lr" else "top-bottom"))

    # Pixel check on the back page as rendered and turned over.
    pw, ph, rows = turned_pixels(back_page, flip)

    def px(v):
        return int(round(v * PX))
    bare_slots = []
    for name, f, _ in fronts:
        # The ring from SLACK to RING inside the trim must all have ink on it.
        a, b = SLACK, RING
        x0, x1, y0, y1 = px(f.x0 + a), px(f.x1 - a), px(f.y0 + a), px(f.y1 - a)
        xi0, xi1, yi0, yi1 = px(f.x0 + b), px(f.x1 - b), px(f.y0 + b), px(f.y1 - b)
        bare = 0
        for y in range(max(y0, 0), min(y1, ph)):
            row = rows[y]
            segs = [(x0, x1)] if (y < yi0 or y >= yi1) else [(x0, xi0), (xi1, x1)]
            for s0, s1 in segs:
                seg = row[max(s0, 0):min(s1, pw)]
                bare += len(seg) - len(seg.translate(None, PAPER_WHITE))
        if bare:
            bare_slots.append("%s: %d px" % (name.split(" (")[0], bare))
    if bare_slots:
        problems.append("pixels: paper shows through the back %.2f..%.1f mm inside the trim of %d of %d cards (%s)"
                        % (SLACK, RING, len(bare_slots), len(fronts), ", ".join(bare_slots)))
    # No ink of the back outside the fronts grown by their bleed and SLACK.
    grow = size[2] + SLACK
    stray, box = 0, None
    for y in range(ph):
        yc = (y + 0.5) / PX
        cover = sorted((px(f.x0 - grow), px(f.x1 + grow)) for _, f, _ in fronts
                       if f.y0 - grow <= yc <= f.y1 + grow)
        row, x = rows[y], 0
        for c0, c1 in cover + [(pw, pw)]:
            seg = row[x:max(c0, x)]
            n = len(seg) - len(seg.translate(None, INKED))
            if n:
                stray += n
                left = x + len(seg) - len(seg.lstrip(PAPER_WHITE))
                right = x + len(seg.rstrip(PAPER_WHITE))
                box = [min(box[0], left), min(box[1], y), max(box[2], right), y + 1] if box else [left, y, right, y + 1]
            x = max(x, c1)
    if stray:
        problems.append("pixels: ink of the back more than %.2f mm outside every front card: %d px within x=%.1f..%.1f y=%.1f..%.1f mm"
                        % (grow, stray, box[0] / PX, box[2] / PX, box[1] / PX, box[3] / PX))
    return [("%s, %s flip: " % ("landscape" if W > H else "portrait",
                                 "left-right" if flip == "lr" else "top-bottom")) + p for p in problems]


def check_cards(pdf, size, duplex):
    """Problems with every sheet of one cards.pdf."""
    doc = fitz.open(pdf)
    n = len(doc)
    if n == 0 or n % 2:
        return ["%d pages: expected fronts and backs in pairs" % n]
    if duplex == "none":
        pairs = [(i, n // 2 + i) for i in range(n // 2)]
    else:
        pairs = [(i, i + 1) for i in range(0, n, 2)]
    problems = []
    for fi, bi in pairs:
        kinds = []
        for i in (fi, bi):
            fronts, backs = read_page(doc[i], size)
            kinds.append("front" if fronts and not backs else "back" if backs and not fronts else "unknown")
        where = "pages %d/%d" % (fi + 1, bi + 1)
        if kinds != ["front", "back"]:
            problems.append("%s: expected a front page and its back page, found %s and %s" % (where, *kinds))
            continue
        problems += ["%s: %s" % (where, p) for p in check_sheet(doc[fi], doc[bi], size, duplex)]
    return problems


# --- the tests ---------------------------------------------------------------

class BacksBehindFronts(unittest.TestCase):
    """One test per template, paper and duplex mode (added below)."""

    def check(self, template, paper, duplex):
        r, out = BUILDS[template, paper, duplex]
        case = "%s --paper %s --duplex %s" % (template, paper, duplex)
        self.assertEqual(r.returncode, 0, "%s: build failed: %s" % (case, r.stderr))
        problems = check_cards(os.path.join(out, "cards.pdf"), CARD[template], duplex)
        if problems:
            more = len(problems) - MAX_LINES
            self.fail("%s: backs not behind their fronts (%d problems):\n  %s%s" % (
                case, len(problems), "\n  ".join("%s %s %s: %s" % (template, paper, duplex, p)
                                                 for p in problems[:MAX_LINES]),
                "\n  ... and %d more" % more if more > 0 else ""))


class CalibrationSheet(unittest.TestCase):
    """calibration.pdf lies on the paper as cards.pdf does (tests added below)."""

    def check(self, template, paper):
        r, out = CALIBRATIONS[template, paper]
        case = "%s --paper %s" % (template, paper)
        self.assertEqual(r.returncode, 0, "%s: calibrate failed: %s" % (case, r.stderr))
        cards_r, cards_out = BUILDS[template, paper, "long"]
        self.assertEqual(cards_r.returncode, 0, "%s: build failed: %s" % (case, cards_r.stderr))
        cards_pdf = fitz.open(os.path.join(cards_out, "cards.pdf"))
        cards = cards_pdf[0].rect
        want = (round(cards.width / MM, 1), round(cards.height / MM, 1))
        for n, page in enumerate(fitz.open(os.path.join(out, "calibration.pdf"))):
            got = (round(page.rect.width / MM, 1), round(page.rect.height / MM, 1))
            if got != want:
                self.fail("%s: calibration.pdf page %d is %s %.1f x %.1f mm, cards.pdf is %s %.1f x %.1f mm"
                          % (case, n + 1, "landscape" if got[0] > got[1] else "portrait", got[0], got[1],
                             "landscape" if want[0] > want[1] else "portrait", want[0], want[1]))


class CheckerSelfTest(unittest.TestCase):
    """The checker itself, on sheets drawn here by the physical model (not by
    kaartset), and on deliberately wrong ones: a checker that passes
    everything would fail these."""

    THEMES = [(0.106, 0.42, 0.529), (0.482, 0.247, 0.549), (0.18, 0.49, 0.31)]
    SET = (0.722, 0.337, 0.176)

    def synthetic(self, paper, duplex, sheets, flip=None, shift=(0, 0), drop=(), extra=False, read_as=None, bleed=3):
        """A cards.pdf with 63 x 88 mm cards in a grid centred on the page
        (symmetric, so only the themes and partly filled sheets tell a wrong
        flip); `sheets` lists the cards per sheet; the backs are placed by
        `flip` (default: the physical one), moved by `shift` mm on the back page, the backs of
        the slots in `drop` (0-based, first sheet) left out, and with `extra`
        one back where the first sheet has no front; the backs are drawn with
        `bleed` mm more on every side. Checked as `read_as` (default: `duplex`)."""
        W, H = paper
        cw, ch = 63, 88
        cols, rows = int((W - 10) // cw), int((H - 10) // ch)
        x0, y0 = (W - cols * cw) / 2, (H - rows * ch) / 2
        doc = fitz.open()
        physical = flip or flip_of(W, H, duplex)
        for sheet, n in enumerate(sheets):
            cells = [(r, c) for r in range(rows) for c in range(cols)][:n + (1 if extra and not sheet else 0)]
            cards = [(i, fitz.Rect(x0 + c * cw, y0 + r * ch, x0 + (c + 1) * cw, y0 + (r + 1) * ch), self.THEMES[r % 3])
                     for i, (r, c) in enumerate(cells)]
            page = doc.new_page(width=W * MM, height=H * MM)  # the front
            for i, f, theme in cards[:n]:
                page.draw_rect(fitz.Rect(f.x0, f.y0, f.x1, f.y0 + 12) * MM, color=None, fill=theme, width=0)
                page.draw_rect(f * MM, color=(0.75, 0.75, 0.75), width=0.28)
            page = doc.new_page(width=W * MM, height=H * MM)  # its back
            for i, f, theme in cards:
                if sheet == 0 and i in drop:
                    continue
                b = turned(f, physical, W, H) + (shift[0] - bleed, shift[1] - bleed, shift[0] + bleed, shift[1] + bleed)
                page.draw_rect(b * MM, color=None, fill=self.SET, width=0)
                page.draw_rect(fitz.Rect(b.x0, b.y1 - 12, b.x1, b.y1) * MM, color=None, fill=theme, width=0)
        if duplex == "none":  # all fronts, then all backs
            order = [2 * i for i in range(len(sheets))] + [2 * i + 1 for i in range(len(sheets))]
            doc.select(order)
        path = os.path.join(TMP, "synthetic-%d.pdf" % id(doc))
        doc.save(path)
        return check_cards(path, (cw, ch, 3), read_as or duplex)

    A4, A3 = (210, 297), (420, 297)

    def test_right_sheets_pass(self):
        for paper in (self.A4, self.A3):
            for duplex in DUPLEX:
                for bleed in (0, 3):
                    self.assertEqual(self.synthetic(paper, duplex, [9, 3], bleed=bleed), [], (paper, duplex, bleed))

    def test_wrong_flip_fails(self):
        for paper in (self.A4, self.A3):
            for duplex in DUPLEX:
                wrong = "tb" if flip_of(*paper, duplex) == "lr" else "lr"
                full = self.synthetic(paper, duplex, [18 if paper == self.A3 else 9], flip=wrong)
                self.assertTrue(any("theme band" in p for p in full), (paper, duplex, full))
                part = self.synthetic(paper, duplex, [4], flip=wrong)
                self.assertTrue(any("no back within" in p for p in part), (paper, duplex, part))
                self.assertTrue(any("pixels: ink of the back more than" in p for p in part), (paper, duplex, part))
                self.assertTrue(any("hint: " in p for p in part), (paper, duplex, part))

    def test_shift_tolerance(self):
        self.assertEqual(self.synthetic(self.A3, "long", [5], shift=(0.4, -0.4)), [])
        self.assertEqual(self.synthetic(self.A3, "long", [5], shift=(0.4, -0.4), bleed=0), [])
        problems = self.synthetic(self.A3, "long", [5], shift=(0.7, 0))
        self.assertTrue(any("slot 1 (row 1, col 1): no back within 0.5 mm; nearest back is off by dx=+0.7 dy=+0.0 mm" in p
                            for p in problems), problems)
        # The pixels see 0.5 mm plus a pixel: 1 mm, not 0.7 mm. Up on the back
        # page is down on the front when the sheet turns top-bottom.
        problems = self.synthetic(self.A4, "short", [9], shift=(0, -1.0), bleed=0)
        self.assertTrue(any("dx=+0.0 dy=+1.0 mm" in p for p in problems), problems)
        self.assertTrue(any("pixels: paper shows through" in p for p in problems), problems)
        # Ink outside the fronts counts from their bleed (3 mm here) on.
        problems = self.synthetic(self.A4, "long", [9], shift=(-4.0, 0))
        self.assertTrue(any("pixels: ink of the back more than 3.75 mm outside every front card" in p
                            for p in problems), problems)

    def test_missing_and_extra_backs(self):
        problems = self.synthetic(self.A4, "long", [9], drop=[4], bleed=0)
        self.assertTrue(any(p.startswith("pages 1/2: ") and "slot 5 (row 2, col 2): no back within" in p
                            for p in problems), problems)
        self.assertTrue(any("slot 5: " in p for p in problems if "paper shows through" in p), problems)
        problems = self.synthetic(self.A4, "long", [4], extra=True)
        self.assertTrue(any("has no front behind it" in p for p in problems), problems)
        self.assertTrue(any("pixels: ink of the back more than" in p for p in problems), problems)

    def test_duplex_none_pairs_in_order(self):
        """Two sheets, fronts 1-2 then backs 1-2; each way read as the other fails."""
        self.assertEqual(self.synthetic(self.A4, "none", [9, 3]), [])
        problems = self.synthetic(self.A4, "none", [9, 3], read_as="long")
        self.assertIn("pages 1/2: expected a front page and its back page, found front and front", problems)
        problems = self.synthetic(self.A4, "long", [9, 3], read_as="none")
        self.assertIn("pages 1/3: expected a front page and its back page, found front and front", problems)


def _backs_test(template, paper, duplex):
    return lambda self: self.check(template, paper, duplex)


def _calibration_test(template, paper):
    return lambda self: self.check(template, paper)


for _t, _p, _d in CASES:
    setattr(BacksBehindFronts, "test_%s_%s_%s" % (_t[:-4], _p, _d), _backs_test(_t, _p, _d))
for _t, _p in PAPERS:
    setattr(CalibrationSheet, "test_%s_%s" % (_t[:-4], _p), _calibration_test(_t, _p))


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
