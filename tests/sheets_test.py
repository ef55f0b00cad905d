#!/usr/bin/python3
"""Sheets test: office sheets with room for error, measured on the PDF.

An independent check of cards.pdf as the paper shows it, written from the
print trade's rules and not from the program's placement code. For every
template in templates/ and every <paper> it lists it builds the Dutch
edition's cards.pdf (long-edge duplex, and the default template also with
--marks corner) and reads each sheet back with PyMuPDF:

- the cards on a front page are its light grey hairlines of the template's
  card size; the printer's unprintable margin is the template's
  <sheet margin>;
- the cut marks are the thin black lines (under 0.4 pt: the scale bar's
  lines are 0.57 pt). Each one shows at least 3 mm inside the printable
  area (the paper less the margin), or lies in a gap between cards (within
  the grid they make, crossing no card's trim). Every cut line, that
  is every edge of every card (both edges of every gap), has a mark on it;
- the cards stand apart: between neighbours there is a gap of at least
  2 mm, and it is the same everywhere on the sheet;
- rendered at 400 dpi, the colour 0.5 mm outside each card's trim, in the
  gap (or past the grid, where that is printable), is the card's own
  colour 1 mm inside its trim at the same place along the edge: a
  background bleeds into the gap, so a duplex shift of up to half the gap
  shows no neighbour's colour and no paper. The same holds on the back
  page, at the places where the fronts lie once the sheet is turned over
  (long edge: a portrait sheet mirrors left to right, a landscape sheet
  top to bottom); print_test.py checks more closely that each back lies
  behind its front.

Needs PyMuPDF (Debian: python3-fitz, for /usr/bin/python3).

usage: /usr/bin/python3 sheets_test.py KAARTSET SOURCE_ROOT
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
    sys.exit("sheets_test.py: PyMuPDF is missing: install Debian's python3-fitz "
             "(./setup.sh does) and run this with /usr/bin/python3")

if len(sys.argv) != 3:
    sys.exit("usage: sheets_test.py KAARTSET SOURCE_ROOT")
KAARTSET, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
CONTENT = os.path.join(SOURCE, "content", "nl")

MM = 72 / 25.4      # PDF points per millimetre
VISIBLE = 3.0       # mm of a mark that must show inside the printable area
MIN_GAP = 2.0       # mm between neighbouring cards at least
OUTSIDE = 0.5       # mm outside the trim where the card's own colour must be
INSIDE = 1.0        # mm inside the trim where that colour is read
DPI = 400
COLOUR_TOL = 10     # of 255, per channel
EPS = 0.05          # mm


def templates():
    """(file name, (card w, h), margin, [paper names]) per template, read from its XML."""
    found = []
    for path in sorted(glob.glob(os.path.join(SOURCE, "templates", "*.xml"))):
        root = ET.parse(path).getroot()
        card = root.find("card")
        sheet = root.find("sheet")
        found.append((os.path.basename(path), (float(card.get("width")), float(card.get("height"))),
                      float(sheet.get("margin")), [p.get("name") for p in root.findall("paper")]))
    return found


TEMPLATES = templates()
CASES = [(t, p, "edge") for t, _, _, papers in TEMPLATES for p in papers]
CASES += [("default.xml", p, "corner") for t, _, _, papers in TEMPLATES if t == "default.xml"
          for p in papers]
TMP = None
BUILDS = {}


def build(case):
    template, paper, marks = case
    out = os.path.join(TMP, "%s-%s-%s" % (template[:-4], paper, marks))
    r = subprocess.run([os.path.join(TMP, "kaartset"), "build", "--content", CONTENT, "--out", out,
                        "--only", "cards", "--template", os.path.join("templates", template),
                        "--paper", paper, "--marks", marks],
                       capture_output=True, text=True, cwd=SOURCE)
    return case, r, os.path.join(out, "cards.pdf")


def setUpModule():
    global TMP
    TMP = tempfile.mkdtemp(prefix="kaartset-sheets-")
    shutil.copy2(KAARTSET, os.path.join(TMP, "kaartset"))
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for case, r, pdf in pool.map(build, CASES):
            BUILDS[case] = (r, pdf)


def tearDownModule():
    if TMP:
        shutil.rmtree(TMP, ignore_errors=True)


def rgb(c):
    return tuple(round(v, 3) for v in c) if c is not None else None


def light_grey(c):
    return c is not None and max(c) - min(c) < 0.03 and 0.5 <= min(c) <= 0.95


def card_rects(page, size):
    """The cards' trims on a front page: light grey stroked rectangles of card size, in mm."""
    w, h = size
    found = []
    for d in page.get_drawings():
        if d.get("color") is None or "s" not in d["type"] or not light_grey(rgb(d["color"])):
            continue
        r = d["rect"]
        r = fitz.Rect(r.x0 / MM, r.y0 / MM, r.x1 / MM, r.y1 / MM)
        if ((abs(r.width - w) < 0.3 and abs(r.height - h) < 0.3)
                or (abs(r.width - h) < 0.3 and abs(r.height - w) < 0.3)):
            found.append(r)
    return found


def cut_marks(page):
    """The thin black lines of a page, as ((x1, y1), (x2, y2)) in mm."""
    lines = []
    for d in page.get_drawings():
        c = rgb(d.get("color"))
        if c != (0, 0, 0) or (d.get("width") or 0) >= 0.4:
            continue
        for item in d["items"]:
            if item[0] == "l":
                lines.append(((item[1].x / MM, item[1].y / MM), (item[2].x / MM, item[2].y / MM)))
    return lines


def shown(line, W, H, m):
    """How much of an axis-parallel line lies inside the printable area, in mm."""
    (x1, y1), (x2, y2) = line
    x0, x1 = sorted((x1, x2))
    y0, y1 = sorted((y1, y2))
    vx0, vx1, vy0, vy1 = max(x0, m), min(x1, W - m), max(y0, m), min(y1, H - m)
    if vx1 < vx0 - EPS or vy1 < vy0 - EPS:
        return 0.0
    return max(vx1 - vx0, vy1 - vy0)


def crosses_a_card(line, cards):
    """Does the line run through the inside of any card's trim?"""
    (x1, y1), (x2, y2) = line
    a = fitz.Rect(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
    for r in cards:
        if (a.x0 < r.x1 - EPS and r.x0 < a.x1 - EPS and a.y0 < r.y1 - EPS and r.y0 < a.y1 - EPS):
            return True
    return False


def in_gap(line, cards):
    """Does the line lie between the cards: within the grid they make, on no card?"""
    (x1, y1), (x2, y2) = line
    grid = fitz.Rect(min(r.x0 for r in cards), min(r.y0 for r in cards),
                     max(r.x1 for r in cards), max(r.y1 for r in cards))
    return (grid.x0 - EPS <= min(x1, x2) and max(x1, x2) <= grid.x1 + EPS
            and grid.y0 - EPS <= min(y1, y2) and max(y1, y2) <= grid.y1 + EPS
            and not crosses_a_card(line, cards))


def mark_problems(page, cards, m):
    """Problems with the cut marks of one front page."""
    W, H = page.rect.width / MM, page.rect.height / MM
    problems, marks = [], []
    for line in cut_marks(page):
        (x1, y1), (x2, y2) = line
        if crosses_a_card(line, cards):
            problems.append("mark %.1f,%.1f -> %.1f,%.1f runs over a card" % (x1, y1, x2, y2))
            continue
        s = shown(line, W, H, m)
        if s >= VISIBLE - EPS or in_gap(line, cards):
            marks.append(line)
            continue
        problems.append("mark %.1f,%.1f -> %.1f,%.1f shows %.1f mm beyond the %.1f mm margin and is "
                        "not in a gap" % (x1, y1, x2, y2, s, m))
    # Every edge of every card is a cut line with a mark on it that shows.
    xs = sorted({round(v, 2) for r in cards for v in (r.x0, r.x1)})
    ys = sorted({round(v, 2) for r in cards for v in (r.y0, r.y1)})
    for x in xs:
        if not any(abs(a[0] - x) < EPS and abs(b[0] - x) < EPS for a, b in marks):
            problems.append("the cut line x=%.2f mm has no mark" % x)
    for y in ys:
        if not any(abs(a[1] - y) < EPS and abs(b[1] - y) < EPS for a, b in marks):
            problems.append("the cut line y=%.2f mm has no mark" % y)
    return problems


def gaps(cards):
    """The distances between neighbouring cards, across and down."""
    found = []
    for a in cards:
        for b in cards:
            if abs(a.y0 - b.y0) < EPS and b.x0 > a.x1 - EPS and \
                    not any(abs(c.y0 - a.y0) < EPS and a.x1 - EPS < c.x0 < b.x0 - EPS for c in cards):
                found.append(b.x0 - a.x1)
            if abs(a.x0 - b.x0) < EPS and b.y0 > a.y1 - EPS and \
                    not any(abs(c.x0 - a.x0) < EPS and a.y1 - EPS < c.y0 < b.y0 - EPS for c in cards):
                found.append(b.y0 - a.y1)
    return found


class Pixels:
    """A page rendered at DPI; colours read at points in mm."""

    def __init__(self, page):
        self.pix = page.get_pixmap(dpi=DPI, colorspace=fitz.csRGB, alpha=False)
        self.s = DPI / 25.4

    def at(self, x, y):
        return self.pix.pixel(int(x * self.s), int(y * self.s))


def edge_points(r):
    """Points along each edge of r away from the corners: (outside, inside, free space
    direction) with outside OUTSIDE mm past the trim and inside INSIDE mm within it."""
    for f in (0.2, 0.35, 0.5, 0.65, 0.8):
        x = r.x0 + f * r.width
        y = r.y0 + f * r.height
        yield (x, r.y0 - OUTSIDE), (x, r.y0 + INSIDE), "top"
        yield (x, r.y1 + OUTSIDE), (x, r.y1 - INSIDE), "bottom"
        yield (r.x0 - OUTSIDE, y), (r.x0 + INSIDE, y), "left"
        yield (r.x1 + OUTSIDE, y), (r.x1 - INSIDE, y), "right"


def colour_problems(page, cards, m, what):
    """The colour just outside each card's trim is its own colour just inside."""
    W, H = page.rect.width / MM, page.rect.height / MM
    px = Pixels(page)
    problems = []
    for r in cards:
        for out, inn, side in edge_points(r):
            x, y = out
            if not (m + EPS <= x <= W - m - EPS and m + EPS <= y <= H - m - EPS):
                continue  # the printer cannot print there
            if any(c.contains(fitz.Point(x, y)) for c in cards):
                continue  # no gap there (a template without one)
            a, b = px.at(*out), px.at(*inn)
            if max(abs(p - q) for p, q in zip(a, b)) > COLOUR_TOL:
                problems.append("%s: card at %.1f,%.1f: %.1f mm past its %s edge the colour is "
                                "#%02x%02x%02x, inside it #%02x%02x%02x"
                                % (what, r.x0, r.y0, OUTSIDE, side, *a, *b))
    return problems[:12]


def turned(r, W, H):
    """Where a front card lies on the back page of a sheet turned over on its long edge."""
    if W > H:
        return fitz.Rect(r.x0, H - r.y1, r.x1, H - r.y0)
    return fitz.Rect(W - r.x1, r.y0, W - r.x0, r.y1)


def white(c):
    return min(c) > 245


class Sheets(unittest.TestCase):
    """One test per template, paper and mark style (added below)."""


def make_test(case):
    template, paper, marks = case
    size = next(s for t, s, _, _ in TEMPLATES if t == template)
    margin = next(m for t, _, m, _ in TEMPLATES if t == template)

    def test(self):
        r, pdf = BUILDS[case]
        self.assertEqual(r.returncode, 0, r.stderr)
        doc = fitz.open(pdf)
        self.assertTrue(len(doc) >= 2 and len(doc) % 2 == 0, "%d pages" % len(doc))
        problems = []
        for i in range(0, len(doc), 2):
            front, back = doc[i], doc[i + 1]
            W, H = front.rect.width / MM, front.rect.height / MM
            cards = card_rects(front, size)
            where = "sheet %d" % (i // 2 + 1)
            if not cards:
                problems.append("%s: no cards on the front page" % where)
                continue
            problems += ["%s: %s" % (where, p) for p in mark_problems(front, cards, margin)]
            g = gaps(cards)
            if g and (min(g) < MIN_GAP - EPS or max(g) - min(g) > EPS):
                problems.append("%s: gaps between cards from %.2f to %.2f mm (at least %.1f, "
                                "all alike)" % (where, min(g), max(g), MIN_GAP))
            # Colours on the first and the last sheet (every card set has its own).
            if i not in (0, len(doc) - 2):
                continue
            problems += colour_problems(front, cards, margin, "%s front" % where)
            backs = [turned(c, W, H) for c in cards]
            px = Pixels(back)
            for b in backs:
                centre = px.at(b.x0 + INSIDE, (b.y0 + b.y1) / 2)
                if white(centre):
                    problems.append("%s back: no back where the card at %.1f,%.1f lands"
                                    % (where, b.x0, b.y0))
            problems += colour_problems(back, backs, margin, "%s back" % where)
        self.assertFalse(problems, "\n".join(["%s on %s, --marks %s:" % (template, paper, marks)]
                                             + problems[:40]))
    return test


for _case in CASES:
    setattr(Sheets, "test_%s_%s_%s" % (_case[0][:-4], _case[1], _case[2]), make_test(_case))


class CheckerSelfTest(unittest.TestCase):
    """The checks themselves, on lines and cards drawn here."""

    def test_marks(self):
        doc = fitz.open()
        page = doc.new_page(width=210 * MM, height=297 * MM)
        cards = [fitz.Rect(10, 20, 73, 108), fitz.Rect(76, 20, 139, 108)]
        for r in cards:
            page.draw_rect(fitz.Rect(r.x0 * MM, r.y0 * MM, r.x1 * MM, r.y1 * MM),
                           color=(0.75, 0.75, 0.75), width=0.28)

        def line(x1, y1, x2, y2):
            page.draw_line(fitz.Point(x1 * MM, y1 * MM), fitz.Point(x2 * MM, y2 * MM),
                           color=(0, 0, 0), width=0.25)
        for x in (10, 73, 76, 139):
            line(x, 18, x, 0)          # shows 13 mm: fine
        line(10, 110, 10, 113)         # 3 mm below the cards: fine
        line(73, 20, 76, 20)           # in the gap: fine
        line(7, 108, 4, 108)           # 2 mm beyond a 5 mm margin: too little
        line(40, 60, 50, 60)           # over a card
        found = card_rects(page, (63, 88))
        self.assertEqual(len(found), 2)
        p = mark_problems(page, found, 5)
        self.assertTrue(any("mark 7.0,108.0 -> 4.0,108.0 shows 2.0 mm" in s for s in p), p)
        self.assertTrue(any("mark 40.0,60.0 -> 50.0,60.0 runs over a card" in s for s in p), p)
        self.assertIn("the cut line y=108.00 mm has no mark", p)
        self.assertFalse(any("x=" in s or "y=20.00" in s for s in p), p)
        self.assertEqual(len(p), 3, p)
        self.assertEqual([round(g, 2) for g in gaps(found)], [3.0])

    def test_colours(self):
        doc = fitz.open()
        page = doc.new_page(width=210 * MM, height=297 * MM)
        cards = [fitz.Rect(10, 20, 73, 108), fitz.Rect(76, 20, 139, 108)]
        # The left card bleeds 1.5 mm; the right one not at all.
        page.draw_rect(fitz.Rect(8.5 * MM, 18.5 * MM, 74.5 * MM, 109.5 * MM), fill=(0.8, 0.3, 0.1),
                       width=0)
        page.draw_rect(fitz.Rect(76 * MM, 20 * MM, 139 * MM, 108 * MM), fill=(0.1, 0.3, 0.8),
                       width=0)
        p = colour_problems(page, cards, 5, "test")
        self.assertTrue(p)
        self.assertTrue(all("card at 76.0,20.0" in s for s in p), p)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
