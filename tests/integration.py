#!/usr/bin/env python3
"""Integration test: builds the Dutch edition with the real program and checks the PDFs with poppler's tools.

usage: integration.py KAARTSET SOURCE_ROOT
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

KAARTSET, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
CONTENT = os.path.join(SOURCE, "content", "nl")
XML = "{http://www.w3.org/XML/1998/namespace}"
MM = 72 / 25.4


def run(*args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def build(content, out, *extra):
    return run(KAARTSET, "build", "--content", content, "--out", out, *extra, cwd=SOURCE)


def plain(elem):
    """The text of an inline element as the card prints it (refs aside), white space collapsed."""
    return re.sub(r"\s+", " ", "".join(elem.itertext())).strip()


def area_text(pdf, page, x_mm, y_mm, w_mm, h_mm):
    """The text pdftotext finds in one rectangle of one page, with the soft
    hyphens at line ends (printed as a hyphen) joined and space collapsed."""
    text = run("pdftotext", "-f", str(page), "-l", str(page), "-r", "72",
               "-x", str(int(x_mm * MM)), "-y", str(int(y_mm * MM)),
               "-W", str(int(w_mm * MM)), "-H", str(int(h_mm * MM)), pdf, "-").stdout
    text = re.sub("[\u00ad\u2010]\\s*", "", text)
    return re.sub(r"\s+", " ", text).strip()


class Edition(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kaartset-it-")
        cls.out = os.path.join(cls.tmp, "nl")
        cls.result = build(CONTENT, cls.out)
        cls.cards = os.path.join(cls.out, "cards.pdf")
        cls.doc = ET.parse(os.path.join(CONTENT, "instrument.xml")).getroot()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def test_build_succeeds(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr)
        self.assertEqual(self.result.stderr, "")

    def test_page_count_and_size(self):
        info = run("pdfinfo", self.cards).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        # Each card set starts on a new sheet of 9; every sheet is a front and a back page.
        sheets = sum(-(-len(cs.findall("card")) // 9) for cs in self.doc.findall("cardset"))
        self.assertEqual(pages, 2 * sheets)
        w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
        self.assertAlmostEqual(w / MM, 210, delta=0.05)
        self.assertAlmostEqual(h / MM, 297, delta=0.05)

    def test_metadata(self):
        info = run("pdfinfo", self.cards).stdout
        self.assertIn(self.doc.find("meta/title").text, info)
        self.assertRegex(info, r"CreationDate:.*2026")

    def test_fonts_embedded_from_fonts_folder(self):
        rows = run("pdffonts", self.cards).stdout.splitlines()[2:]
        self.assertTrue(rows)
        for row in rows:
            name, emb = row.split()[0], row.split()[-5]
            self.assertEqual(emb, "yes", row)
            self.assertRegex(name, r"^[A-Z]{6}\+NotoSans-", row)

    def test_every_card_in_its_slot(self):
        """Each card's question, prompts and code are inside its own 63 x 88 mm
        slot: set after set, 9 to a sheet, row by row, fronts on odd pages."""
        page = 1
        for cs in self.doc.findall("cardset"):
            code = cs.get("code") or cs.get("id")[0].upper()
            for n, card in enumerate(cs.findall("card")):
                if n and n % 9 == 0:
                    page += 2
                row, col = (n % 9) // 3, n % 3
                text = area_text(self.cards, page, 10.5 + 63 * col, 16.5 + 88 * row, 63, 88)
                for elem in [card.find("question")] + card.findall("prompt"):
                    if elem.find("ref") is None:
                        self.assertIn(plain(elem), text, card.get("id"))
                self.assertIn("%s%d " % (code, n + 1), text + " ", card.get("id"))
            page += 2

    def test_same_bytes_twice(self):
        again = os.path.join(self.tmp, "again")
        self.assertEqual(build(CONTENT, again).returncode, 0)
        with open(self.cards, "rb") as a, open(os.path.join(again, "cards.pdf"), "rb") as b:
            self.assertEqual(a.read(), b.read())

    def test_qpdf_check_clean(self):
        r = run("qpdf", "--check", self.cards)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertNotIn("WARNING", r.stdout + r.stderr)

    def test_prints_at_100_percent(self):
        r = run("qpdf", "--show-object=trailer", self.cards)
        root = re.search(r"/Root (\d+) 0 R", r.stdout).group(1)
        r = run("qpdf", "--show-object=" + root, self.cards)
        self.assertIn("/PrintScaling /None", r.stdout)


class BrokenContent(unittest.TestCase):
    def test_errors_leave_output_untouched(self):
        tmp = tempfile.mkdtemp(prefix="kaartset-bad-")
        try:
            out = os.path.join(tmp, "out")
            self.assertEqual(build(CONTENT, out).returncode, 0)
            with open(os.path.join(out, "cards.pdf"), "rb") as f:
                before = f.read()
            bad = os.path.join(tmp, "nl")
            shutil.copytree(CONTENT, bad)
            path = os.path.join(bad, "instrument.xml")
            with open(path, encoding="utf-8") as f:
                text = f.read()
            text = text.replace('theme="opleiden" aspect="visie"', 'theme="opleidn" aspect="visie"', 1)
            text = text.replace('aspect="evaluatie"', 'aspect="evalutie"', 1)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            r = build(bad, out)
            self.assertEqual(r.returncode, 1)
            lines = r.stderr.strip().splitlines()
            self.assertEqual(len(lines), 2, r.stderr)
            self.assertRegex(lines[0], r"instrument\.xml:\d+: error: .*'opleidn'")
            self.assertRegex(lines[1], r"instrument\.xml:\d+: error: .*'evalutie'")
            with open(os.path.join(out, "cards.pdf"), "rb") as f:
                self.assertEqual(f.read(), before)
            self.assertEqual(sorted(os.listdir(out)), ["cards-printshop.pdf", "cards.pdf"])
        finally:
            shutil.rmtree(tmp)

    def test_usage_error(self):
        r = run(KAARTSET, "build", "--duplex", "sideways")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--duplex", r.stderr)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
