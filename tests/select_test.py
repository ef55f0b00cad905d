#!/usr/bin/python3
"""Subset and image test: `kaartset build --cards/--set/--theme/--aspect`
puts exactly the chosen cards in both deck files, an unknown name is a usage
error with a suggestion; `kaartset export` writes one image per face, the
same pixels as cards.pdf rasterised by pdftoppm.

usage: select_test.py KAARTSET SOURCE_ROOT   (/usr/bin/python3: PyMuPDF reads the PNGs)
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

import fitz  # PyMuPDF, Debian's python3-fitz

KAARTSET, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
CONTENT = os.path.join(SOURCE, "content", "nl")


def run(*args, **kw):
    return subprocess.run(args, capture_output=True, text=True, cwd=SOURCE, **kw)


def squash(text):
    return re.sub(r"\s+", " ", re.sub("[\u00ad\u2010-]\\s*", "", text)).strip()


def instrument():
    """code -> (question text, set id, theme, aspect) for every question card,
    codes as the cards print them (set code + number within the set)."""
    doc = ET.parse(os.path.join(CONTENT, "instrument.xml")).getroot()
    cards = {}
    for cs in doc.findall("cardset"):
        code = cs.get("code") or cs.get("id")[0].upper()
        for n, card in enumerate(cs.findall("card")):
            q = card.find("question")
            cards["%s%d" % (code, n + 1)] = (
                squash("".join(q.itertext())), cs.get("id"), card.get("theme"),
                card.get("aspect"), card.get("id"), q.find("ref") is None)
    werkvormen = [w.find("name").text for w in doc.findall("werkvorm")]
    return cards, werkvormen


CARDS, WERKVORMEN = instrument()


class Subset(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kaartset-select-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def build(self, name, *opts):
        out = os.path.join(self.tmp, name)
        r = run(KAARTSET, "build", "--content", CONTENT, "--out", out, *opts)
        return r, out

    def shop_codes(self, out):
        """The code of the card on each front page of the print-shop PDF (its page label)."""
        doc = fitz.open(os.path.join(out, "cards-printshop.pdf"))
        codes = [doc[i].get_label().split()[0] for i in range(0, doc.page_count, 2)]
        self.assertEqual(doc.page_count, 2 * len(codes))
        return codes

    def assert_holds_exactly(self, out, codes, werkvormen=0):
        self.assertEqual(self.shop_codes(out), codes)
        text = squash(run("pdftotext", os.path.join(out, "cards.pdf"), "-").stdout)
        for code, (question, *_rest, plain) in CARDS.items():
            if not plain:
                continue
            if code in codes:
                self.assertIn(question, text, code)
            else:
                self.assertNotIn(question, text, code)
        pages = fitz.open(os.path.join(out, "cards.pdf")).page_count
        groups = {CARDS[c][1] for c in codes if c in CARDS} | ({"w"} if werkvormen else set())
        self.assertEqual(pages, 2 * len(groups))  # each group starts a sheet; all fit on one

    def test_cards_by_code_and_id(self):
        r, out = self.build("cards", "--cards", "P1,s4, spiegel-onderzoeken-1,W2")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assert_holds_exactly(out, ["P1", "S4", "S5", "W2"], werkvormen=1)
        text = squash(run("pdftotext", os.path.join(out, "cards.pdf"), "-").stdout)
        self.assertIn(squash(WERKVORMEN[1]), text)
        self.assertNotIn(squash(WERKVORMEN[0]), text)

    def test_set_theme_aspect_narrow_together(self):
        r, out = self.build("narrow", "--set", "spiegel", "--theme", "opleiden,onderzoeken",
                            "--aspect", "realisatie")
        self.assertEqual(r.returncode, 0, r.stderr)
        want = [c for c, v in CARDS.items()
                if v[1] == "spiegel" and v[2] in ("opleiden", "onderzoeken")
                and v[3] == "realisatie"]
        self.assertTrue(want)
        self.assert_holds_exactly(out, want)

    def test_set_by_code_and_werkvorm_cards(self):
        r, out = self.build("sets", "--set", "P,werkvorm")
        self.assertEqual(r.returncode, 0, r.stderr)
        want = [c for c in CARDS if c.startswith("P")] + [
            "W%d" % (i + 1) for i in range(len(WERKVORMEN))]
        self.assertEqual(self.shop_codes(out), want)

    def test_unknown_code_names_it_and_the_nearest(self):
        r, out = self.build("bad", "--cards", "P1,P99,S40")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("'P99'", r.stderr)
        self.assertIn("did you mean 'P9'", r.stderr)
        self.assertIn("'S40'", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(out, "cards.pdf")))
        r, _ = self.build("bad2", "--theme", "opleidn")
        self.assertEqual(r.returncode, 2)
        self.assertIn("did you mean 'opleiden'", r.stderr)

    def test_nothing_left_is_a_usage_error(self):
        r, _ = self.build("empty", "--cards", "P1", "--set", "spiegel")
        self.assertEqual(r.returncode, 2)
        self.assertIn("no card", r.stderr)


def pixels(path):
    pix = fitz.Pixmap(path)
    if pix.alpha or pix.n != 3:
        pix = fitz.Pixmap(fitz.csRGB, pix, 0)
    return pix.width, pix.height, pix.samples


def compare(a, b, w, h, k=10):
    """Mean difference per pixel and channel (0-255); the mean and the
    largest difference of k x k pixel squares, averaged in each."""
    pixel = sum(abs(x - y) for x, y in zip(a, b)) / len(a)
    diffs = []
    for by in range(0, h - k + 1, k):
        for bx in range(0, w - k + 1, k):
            for c in range(3):
                ta = tb = 0
                for y in range(by, by + k):
                    row = 3 * (y * w + bx) + c
                    ta += sum(a[row:row + 3 * k:3])
                    tb += sum(b[row:row + 3 * k:3])
                diffs.append(abs(ta - tb) / (k * k))
    return pixel, sum(diffs) / len(diffs), max(diffs)


class Images(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kaartset-export-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def test_png_names_size_and_overview(self):
        out = os.path.join(self.tmp, "png")
        r = run(KAARTSET, "export", "--format", "png", "--content", CONTENT, "--out", out,
                "--set", "prikkel")
        self.assertEqual(r.returncode, 0, r.stderr)
        files = sorted(os.listdir(os.path.join(out, "images")))
        codes = [c for c in CARDS if c.startswith("P")]
        want = sorted(["%s-%s.png" % (c, side) for c in codes for side in ("front", "back")]
                      + ["overview-prikkel.png"])
        self.assertEqual(files, want)
        w, h, _ = pixels(os.path.join(out, "images", "P1-front.png"))
        self.assertEqual((w, h), (round(63 / 25.4 * 300), round(88 / 25.4 * 300)))  # 300 dpi
        w, h, _ = pixels(os.path.join(out, "images", "overview-prikkel.png"))
        self.assertGreater(w, 3 * 744)
        self.assertGreater(h, 3 * 1039)

    def test_svg_in_millimetres(self):
        out = os.path.join(self.tmp, "svg")
        r = run(KAARTSET, "export", "--format", "svg", "--content", CONTENT, "--out", out,
                "--cards", "S2,W1")
        self.assertEqual(r.returncode, 0, r.stderr)
        files = sorted(os.listdir(os.path.join(out, "images")))
        self.assertEqual(files, ["S2-back.svg", "S2-front.svg", "W1-back.svg", "W1-front.svg",
                                 "overview-spiegel.svg", "overview-werkvorm.svg"])
        with open(os.path.join(out, "images", "S2-front.svg")) as f:
            head = f.read(600)
        self.assertRegex(head, r'width="63(\.0*)?mm" height="88(\.0*)?mm"')

    def test_usage_errors(self):
        r = run(KAARTSET, "export", "--content", CONTENT, "--out", self.tmp)
        self.assertEqual(r.returncode, 2)
        r = run(KAARTSET, "export", "--format", "gif", "--content", CONTENT)
        self.assertEqual(r.returncode, 2)
        r = run(KAARTSET, "export", "--format", "png", "--dpi", "3000", "--content", CONTENT)
        self.assertEqual(r.returncode, 2)
        r = run(KAARTSET, "export", "--format", "png", "--cards", "X1", "--content", CONTENT,
                "--out", os.path.join(self.tmp, "x"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("'X1'", r.stderr)

    def card_on_sheet(self, pdf, page):
        """Top-left corner (mm) of the one card on a sheet: its light grey
        hairline, a stroked rectangle of the card's size."""
        doc = fitz.open(pdf)
        for d in doc[page].get_drawings():
            r = d["rect"]
            if d.get("color") and abs(r.width - 63 * 72 / 25.4) < 0.5 \
                    and abs(r.height - 88 * 72 / 25.4) < 0.5:
                return r.x0 * 25.4 / 72, r.y0 * 25.4 / 72
        self.fail("no card on page %d of %s" % (page + 1, pdf))

    def test_png_matches_the_pdf(self):
        """The same card from cards.pdf (sRGB, as the images; the print-shop
        file is CMYK) rasterised by pdftoppm at 254 dpi, where a millimetre is
        10 pixels, cropped to the card, compared pixel by pixel with the
        exported image, front and back."""
        out = os.path.join(self.tmp, "cmp")
        for cmd, extra in (("export", ["--format", "png", "--dpi", "254"]), ("build", [])):
            r = run(KAARTSET, cmd, "--content", CONTENT, "--out", out, "--cards", "S3", *extra)
            self.assertEqual(r.returncode, 0, r.stderr)
        sheets = os.path.join(out, "cards.pdf")
        x, y = self.card_on_sheet(sheets, 0)
        refs, imgs = {}, {}
        for page, side in ((1, "front"), (2, "back")):
            if side == "back":
                # The back lies mirrored across the page (long-edge flip).
                x = 210 - x - 63
            prefix = os.path.join(self.tmp, "sheet-%s" % side)
            subprocess.run(["pdftoppm", "-r", "254", "-f", str(page), "-l", str(page),
                            "-x", str(round(x * 10)), "-y", str(round(y * 10)),
                            "-W", "630", "-H", "880", "-png", "-singlefile", sheets, prefix],
                           check=True)
            w, h, ref = pixels(prefix + ".png")
            w2, h2, img = pixels(os.path.join(out, "images", "S3-%s.png" % side))
            self.assertEqual((w, h), (w2, h2))
            refs[side], imgs[side] = ref, img
            pixel, block, worst = compare(ref, img, w, h)
            # Cairo's image surface puts each glyph on whole pixels, poppler
            # does not, and their anti-aliasing differs: glyph edges differ
            # by up to half a pixel (0.05 mm). Averaged over millimetre
            # squares that is noise; a missing or moved word, a wrong
            # colour or size is not.
            self.assertLess(pixel, 5, side)
            self.assertLess(block, 2.5, side)
            self.assertLess(worst, 60, side)
        # The measure tells cards apart: the front is not the back.
        pixel, block, worst = compare(refs["back"], imgs["front"], 630, 880)
        self.assertGreater(worst, 100)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
