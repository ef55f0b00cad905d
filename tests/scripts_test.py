#!/usr/bin/env python3
"""Editions in other scripts, judged by what the paper shows (PyMuPDF reads
the PDFs; nothing here asks the layout code): Arabic and Hebrew mirrored
right to left, with card codes, dates and ranges in the order TRANSLATING.md
gives; Japanese broken between characters without a line starting with a
closing bracket or 。、 (kinsoku), and fitted on its cards.

The fixtures are tests/data/editions/{ar,he,ja}; Japanese takes Noto Sans
CJK from Debian's fonts-noto-cjk (too big for the repository) and is
skipped without it.

usage: scripts_test.py KAARTSET SOURCE_ROOT
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import unittest

import fitz

KAARTSET, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
EDITIONS = os.path.join(SOURCE, "tests", "data", "editions")
CJK = "/usr/share/fonts/opentype/noto"
HEADING = 0x344F89  # the default template's heading colour (markers, headings)

TMP = tempfile.mkdtemp(prefix="kaartset-scripts-")
BUILT = {}
DOCS = []  # open documents: a page needs its document alive


def open_page(path, n):
    DOCS.append(fitz.open(path))
    return DOCS[-1][n]


def build(lang, fonts=()):
    """Builds a fixture (a copy, so fonts can be added) into TMP/out-lang, once."""
    if lang in BUILT:
        return BUILT[lang]
    content = os.path.join(TMP, lang)
    if not os.path.isdir(content):
        shutil.copytree(os.path.join(EDITIONS, lang), content)
        for f in fonts:
            os.makedirs(os.path.join(content, "fonts"), exist_ok=True)
            os.symlink(f, os.path.join(content, "fonts", os.path.basename(f)))
    out = os.path.join(TMP, "out-" + lang)
    env = dict(os.environ)
    if fonts and "ASAN_OPTIONS" in env:
        # Full stacks, so that tests/lsan.supp can tell Cairo's own leak
        # (its CFF subsetter, with the CJK font) from any other.
        env["ASAN_OPTIONS"] += ":fast_unwind_on_malloc=0"
    r = subprocess.run([KAARTSET, "build", "--content", content, "--out", out,
                        "--allow-incomplete"], capture_output=True, text=True, cwd=SOURCE,
                       env=env)
    BUILT[lang] = r, out
    return r, out


def chars(page):
    """Every character on the page: (c, x0, y0, x1, y1, baseline, span)."""
    out = []
    for b in page.get_text("rawdict")["blocks"]:
        for l in b.get("lines", []):
            for s in l["spans"]:
                for c in s["chars"]:
                    x0, y0, x1, y1 = c["bbox"]
                    out.append((c["c"], x0, y0, x1, y1, round(c["origin"][1], 1), s))
    return out


def lines(cs, key=lambda c: 0):
    """Characters grouped by region (key) and baseline, each line left to right."""
    groups = {}
    for c in cs:
        if c[0].strip() or c[0] == " ":
            groups.setdefault((key(c), c[5]), []).append(c)
    return [sorted(g, key=lambda c: c[1]) for g in groups.values()]


def visual(line):
    """A line's characters as they stand on paper, left to right."""
    return "".join(c[0] for c in line)


def trims(page):
    """The card trims on an office sheet: the hairline rectangles of card size
    (one rectangle each; the cut marks are one stroke of many lines)."""
    rs = []
    for d in page.get_drawings():
        r = d["rect"]
        one_rect = len(d["items"]) == 1 and d["items"][0][0] == "re"
        if one_rect and r.width > 100 and r.height > 100 and d.get("color") and not d.get("fill"):
            if all(abs(r.x0 - q.x0) > 1 or abs(r.y0 - q.y0) > 1 for q in rs):
                rs.append(r)
    return rs


def inside(r, c):
    cx, cy = (c[1] + c[3]) / 2, c[5]
    return r.x0 <= cx <= r.x1 and r.y0 <= cy <= r.y1


class RightToLeft(unittest.TestCase):
    """The same checks for Arabic and Hebrew."""

    def edition(self, lang):
        r, out = build(lang)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn(": error:", r.stderr)
        return out

    def each(self, fn):
        for lang in ("ar", "he"):
            with self.subTest(lang=lang):
                fn(lang, self.edition(lang))

    def test_deck_html_reads_from_the_right(self):
        def check(lang, out):
            path = os.path.join(out, "deck.html")
            self.assertTrue(os.path.exists(path), "no deck.html")
            with open(path, encoding="utf-8") as f:
                text = f.read()
            self.assertIn('<html lang="%s" dir="rtl">' % lang, text)
            # each caption's question in its own direction (a Dutch fallback reads left to right)
            captions = re.findall(r"<figcaption>(.*?)</figcaption>", text)
            self.assertGreater(len(captions), 3)
            for c in captions:
                self.assertRegex(c, r'^<b>[^<]+</b> <span dir="auto">[^<]+</span>$')
        self.each(check)

    def test_codes_and_dates_read_as_written(self):
        """Card codes are Latin identifiers and the edition an ISO date: they
        read as written (P3, 2026-01), never 3P or 01-2026."""
        def check(lang, out):
            page = open_page(os.path.join(out, "cards.pdf"), 0)
            text = [visual(l) for l in lines(chars(page))]
            codes = [m for t in text for m in re.findall(r"P[1-9]", t)]
            self.assertEqual(sorted(codes), ["P%d" % i for i in range(1, 10)], text)
            self.assertFalse([t for t in text if re.search(r"(?<![A-Z])[1-9]P", t)], text)
            self.assertEqual(sum(t.count("2026-01") for t in text), 9, text)
            self.assertFalse([t for t in text if "01-2026" in t], text)
            DOCS.append(fitz.open(os.path.join(out, "guide.pdf")))
            # The reference to card P3 inside a right-to-left sentence.
            self.assertTrue(any("P3" in visual(l) for p in DOCS[-1] for l in lines(chars(p))))
        self.each(check)

    def test_cards_read_from_the_top_right(self):
        def check(lang, out):
            page = open_page(os.path.join(out, "cards.pdf"), 0)
            words = {w[4]: w for w in page.get_text("words") if re.fullmatch(r"P[1-9]", w[4])}
            self.assertGreater(words["P1"][0], words["P2"][0])
            self.assertGreater(words["P2"][0], words["P3"][0])
            self.assertAlmostEqual(words["P1"][1], words["P3"][1], delta=0.5)
        self.each(check)

    def test_card_face_mirrored(self):
        """On every card: the footer and the meta line start at the right,
        where the question starts; the prompts' bullets are right of their
        text."""
        def check(lang, out):
            page = open_page(os.path.join(out, "cards.pdf"), 0)
            cs = chars(page)
            words = [w for w in page.get_text("words") if re.fullmatch(r"P[1-9]", w[4])]
            bullets = [d["rect"] for d in page.get_drawings()
                       if d.get("fill") and d["rect"].width < 3 and d["rect"].height < 3]
            cards = trims(page)
            self.assertEqual(len(cards), 9)
            for card in cards:
                mine = [c for c in cs if inside(card, c)]
                code = [w for w in words if card.x0 < w[0] < card.x1 and card.y0 < w[1] < card.y1]
                self.assertEqual(len(code), 1)
                text_right = max(c[3] for c in mine)
                # The footer's code is its first word: at the right edge.
                self.assertAlmostEqual(code[0][2], text_right, delta=1.0)
                self.assertGreater(code[0][0], (card.x0 + card.x1) / 2)
                # The meta line: its first line ends at the right edge too.
                for line in lines(mine):
                    if "·" in visual(line) and not re.search(r"P[1-9]", visual(line)):
                        self.assertAlmostEqual(line[-1][3], text_right, delta=1.0)
                        break
                else:
                    self.fail("no meta line on a card")
                own = [b for b in bullets if card.contains(b)]
                self.assertGreaterEqual(len(own), 1)
                for b in own:
                    cy = (b.y0 + b.y1) / 2
                    beside = [c for c in mine if c[0].strip() and c[2] <= cy <= c[4]]
                    self.assertTrue(beside)
                    self.assertTrue(all(c[3] <= b.x0 + 0.01 for c in beside),
                                    (visual(beside), b))
                    self.assertAlmostEqual(b.x1, text_right, delta=1.5)
        self.each(check)

    def test_werkvorm_page_mirrored(self):
        """The werkvorm page: its columns are read from the right, step
        numbers and bullets stand right of their text, the minutes on the
        left; the running head's title on the right; the range 3–20 reads
        right to left like the words (CLDR's {0}–{1} in a right-to-left line)."""
        def check(lang, out):
            page = open_page(os.path.join(out, "werkvormen.pdf"), 0)
            w = page.rect.width
            cs = chars(page)
            ls = lines(cs, key=lambda c: c[1] > w / 2)
            markers = [l for l in ls if re.fullmatch(r"\.?[1-5]\.?", visual(l).strip())
                       or visual(l).strip() == "•"]
            marks = [c for c in cs if c[6]["color"] == HEADING and re.fullmatch(r"[1-5•.]", c[0])]
            self.assertGreaterEqual(len(marks), 10)
            body = [c for c in cs if c[6]["color"] != HEADING and c[0].strip()]
            steps = 0
            for m in marks:
                if m[0] == ".":
                    continue
                same = [c for c in body if abs(c[5] - m[5]) < 2 and abs(c[1] - m[1]) < w / 2 - 20]
                # Everything else on the marker's line lies left of it.
                self.assertTrue(same, m)
                self.assertTrue(all(c[3] <= m[1] + 0.01 for c in same), (m[0], visual(same)))
                if m[0].isdigit():
                    steps += 1
                    # The minutes (an aside) are the leftmost thing on the line.
                    left = min(same, key=lambda c: c[1])
                    self.assertTrue(re.search(r"\d", "".join(c[0] for c in same
                                                             if c[1] < left[1] + 25)))
            self.assertEqual(steps, 5)
            # Step 1 in the right column, step 5 in the left one.
            digits = {m[0]: m for m in marks if m[0].isdigit()}
            self.assertGreater(digits["1"][1], w / 2)
            self.assertLess(digits["5"][1], w / 2)
            # The running head: the title at the right, the subject at the left.
            title = {"ar": "أداة للحوار", "he": "כלי לדיאלוג"}[lang]
            head = [c for c in cs if c[4] < 40 and c[0].strip()]
            right = unicodedata.normalize("NFKC", "".join(c[0] for c in head if c[1] > w / 2))
            left = unicodedata.normalize("NFKC", "".join(c[0] for c in head if c[1] < w / 2))
            self.assertEqual(set(right), set(title.replace(" ", "")), right)
            self.assertFalse(set(left) >= set(title.replace(" ", "")), left)
            # 3–20 participants: 3 read first, from the right.
            facts = [visual(l) for l in ls if "–" in visual(l)]
            self.assertTrue(any("20–3" in f for f in facts), facts)
        self.each(check)

    def test_guide_contents_mirrored(self):
        """Contents: the entries start at the right, the page numbers stand at
        the left, the dot leaders between them."""
        def check(lang, out):
            page = open_page(os.path.join(out, "guide.pdf"), 1)
            w = page.rect.width
            numbers = [x for x in page.get_text("words") if x[4].isdigit() and x[1] > 60
                       and x[3] < page.rect.height - 60]
            self.assertGreater(len(numbers), 5)
            self.assertTrue(all(n[2] < w / 3 for n in numbers), numbers)
            dots = [d["rect"] for d in page.get_drawings()
                    if d.get("fill") and d["rect"].width < 1.5]
            self.assertGreater(len(dots), 20)
            self.assertTrue(all(min(n[2] for n in numbers) < d.x0 for d in dots))
        self.each(check)


@unittest.skipUnless(os.path.exists(os.path.join(CJK, "NotoSansCJK-Regular.ttc")),
                     "no fonts-noto-cjk")
class Japanese(unittest.TestCase):
    CLOSING = set("」』）〕】〉》。、，．・：；！？")

    @classmethod
    def setUpClass(cls):
        cls.result, cls.out = build("ja", [os.path.join(CJK, f) for f in
                                           ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc")])

    def test_builds(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr)
        self.assertNotIn(": error:", self.result.stderr)

    def test_cards_break_between_characters_and_fit(self):
        page = open_page(os.path.join(self.out, "cards.pdf"), 0)
        cards = trims(page)
        self.assertEqual(len(cards), 9)
        safe = 3 * 72 / 25.4
        cs = [c for c in chars(page) if c[0].strip()]
        wrapped = 0
        for card in cards:
            mine = [c for c in cs if inside(card, c)]
            self.assertTrue(mine)
            # Fits: no glyph past the safe zone at either side or the foot.
            for c in mine:
                self.assertGreaterEqual(c[1], card.x0 + safe - 0.5, c[0])
                self.assertLessEqual(c[3], card.x1 - safe + 0.5, c[0])
                self.assertLessEqual(c[5], card.y1 - safe, c[0])
            for line in lines(mine):
                self.assertNotIn(line[0][0], self.CLOSING, visual(line))
            # The question (bold, several lines) is broken between characters.
            bold = lines([c for c in mine if "Bold" in c[6]["font"] and c[6]["size"] > 9])
            wrapped += len(bold) > 2
        self.assertGreaterEqual(wrapped, 3)

    def test_werkvorm_page_kinsoku(self):
        page = open_page(os.path.join(self.out, "werkvormen.pdf"), 0)
        w = page.rect.width
        ls = lines([c for c in chars(page) if c[0].strip()], key=lambda c: c[1] > w / 2)
        self.assertGreater(len(ls), 40)
        for line in ls:
            self.assertNotIn(line[0][0], self.CLOSING, visual(line))


if __name__ == "__main__":
    try:
        unittest.main(argv=[sys.argv[0]], verbosity=2)
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
