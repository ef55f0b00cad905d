#!/usr/bin/env python3
"""Integration test: builds the Dutch edition with the real program and checks the PDFs with poppler's tools.

usage: integration.py KAARTSET SOURCE_ROOT
"""
import html as html_text
import json
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


def slot(row, col):
    """Top-left corner of a card on an A4 sheet of the default template, in mm:
    63 x 88 mm cards 3 mm apart, the grid centred (7.5 mm from the sides, 13.5
    mm from the top)."""
    return 7.5 + 66 * col, 13.5 + 91 * row


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
    # The layout sets an apostrophe after a letter as ’ and keeps compound
    # parts apart with a zero-width non-joiner (no ligature across them).
    text = re.sub(r"(?<=\w)'", "\u2019", text).replace("\u200c", "")
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
        sheets += -(-len(self.doc.findall("werkvorm")) // 9)  # the werkvorm cards
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
                text = area_text(self.cards, page, *slot(row, col), 63, 88)
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


def render_mm(pdf, page):
    """Page `page` rendered at one pixel per millimetre: (width, height, rgb bytes)."""
    ppm = subprocess.run(["pdftoppm", "-r", "25.4", "-f", str(page), "-l", str(page), pdf],
                         capture_output=True, check=True).stdout
    magic, w, h, maxval, data = ppm.split(maxsplit=4)
    assert magic == b"P6" and maxval == b"255"
    return int(w), int(h), data


def pixel(image, x, y):
    w, _, data = image
    i = 3 * (int(y) * w + int(x))
    return tuple(data[i:i + 3])


def close(a, b, tol=40):
    return all(abs(p - q) <= tol for p, q in zip(a, b))


class PrintReady(unittest.TestCase):
    """The print-shop file, page boxes, papers, calibration sheet, and backs behind fronts."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kaartset-print-")
        cls.out = os.path.join(cls.tmp, "nl")
        r = build(CONTENT, cls.out)
        assert r.returncode == 0, r.stderr
        r = run(KAARTSET, "calibrate", "--content", CONTENT, "--out", cls.out, cwd=SOURCE)
        assert r.returncode == 0, r.stderr

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def path(self, name):
        return os.path.join(self.out, name)

    def test_every_pdf_passes_qpdf_check(self):
        for name in sorted(n for n in os.listdir(self.out) if n.endswith(".pdf")):
            r = run("qpdf", "--check", self.path(name))
            self.assertEqual(r.returncode, 0, name + r.stdout + r.stderr)
            self.assertNotIn("WARNING", r.stdout + r.stderr, name)

    def test_printshop_page_boxes(self):
        """Trim 63 x 88 mm plus 3 mm bleed on every side, read back from the file."""
        pdf = self.path("cards-printshop.pdf")
        info = run("pdfinfo", "-box", "-f", "1", "-l", "3", pdf).stdout
        boxes = re.findall(r"Page\s+\d+ (\w+):\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", info)
        found = {}
        for name, *nums in boxes:
            found.setdefault(name, []).append([float(n) / MM for n in nums])
        self.assertEqual(len(found["TrimBox"]), 3)
        for trim, bleed, media in zip(found["TrimBox"], found["BleedBox"], found["MediaBox"]):
            self.assertAlmostEqual(media[2], 63 + 6, delta=0.01)
            self.assertAlmostEqual(media[3], 88 + 6, delta=0.01)
            self.assertEqual([round(v, 2) for v in bleed], [round(v, 2) for v in media])
            for got, want in zip(trim, [3, 3, 66, 91]):
                self.assertAlmostEqual(got, want, delta=0.01)
        pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", pdf).stdout).group(1))
        doc = ET.parse(os.path.join(CONTENT, "instrument.xml")).getroot()
        self.assertEqual(pages, 2 * (len(doc.findall("cardset/card")) + len(doc.findall("werkvorm"))))

    def test_printshop_band_runs_into_bleed(self):
        image = render_mm(self.path("cards-printshop.pdf"), 1)
        self.assertLessEqual(abs(image[0] - 69) + abs(image[1] - 94), 2)  # pdftoppm rounds up
        self.assertFalse(close(pixel(image, 0, 0), (255, 255, 255)))  # the corner of the bleed

    def assert_backs_behind(self, pdf, front_page, back_page, flip):
        """Front and back page at 1 px/mm: for each card on the front, the back
        page, flipped as the printer flips the sheet ("long": left to right,
        "short": top to bottom), has that card's theme colour (the foot band
        of its back) behind the front's theme band."""
        front, back = render_mm(pdf, front_page), render_mm(pdf, back_page)
        width, height = front[0], front[1]
        for row in range(3):
            for col in range(3):
                x, y = slot(row, col)
                band = pixel(front, x + 2, y + 2)  # the band, left of its words
                if close(band, (255, 255, 255)):
                    continue  # an empty slot
                if flip == "short":
                    foot = pixel(back, x + 2, height - 1 - (y + 2))
                else:
                    foot = pixel(back, width - 1 - (x + 2), y + 88 - 2)
                self.assertTrue(close(band, foot), "pages %d/%d slot %d,%d: %s vs %s"
                                % (front_page, back_page, row, col, band, foot))

    def test_backs_land_behind_fronts(self):
        """Long-edge duplex, each front page followed by its back. The second
        Spiegel sheet mixes themes within rows, so a wrong mirror shows."""
        for front_page in (1, 3, 5):
            self.assert_backs_behind(self.path("cards.pdf"), front_page, front_page + 1, "long")

    def test_backs_for_short_edge_and_one_sided(self):
        """--duplex short: the back page flipped top to bottom; --duplex none:
        all fronts, then all backs, each turned over on its long edge."""
        for mode in ("short", "none"):
            out = os.path.join(self.tmp, "duplex-" + mode)
            r = build(CONTENT, out, "--duplex", mode)
            self.assertEqual(r.returncode, 0, r.stderr)
            pdf = os.path.join(out, "cards.pdf")
            sheets = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", pdf).stdout).group(1)) // 2
            for sheet in range(sheets):
                if mode == "short":
                    self.assert_backs_behind(pdf, 2 * sheet + 1, 2 * sheet + 2, "short")
                else:
                    self.assert_backs_behind(pdf, sheet + 1, sheets + sheet + 1, "long")

    def test_letter_and_a3(self):
        # Letter is printed landscape: 3 x 3 portrait with 3 mm gaps is 270 mm high, the
        # printable area 269.4 mm (templates/letter.xml has 2.5 mm gaps and 9 on a portrait Letter).
        for paper, size in (("letter", (279.4, 215.9)), ("a3", (420, 297))):
            out = os.path.join(self.tmp, paper)
            r = build(CONTENT, out, "--paper", paper)
            self.assertEqual(r.returncode, 0, r.stderr)
            info = run("pdfinfo", os.path.join(out, "cards.pdf")).stdout
            w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
            self.assertAlmostEqual(w / MM, size[0], delta=0.1)
            self.assertAlmostEqual(h / MM, size[1], delta=0.1)

    def test_scale_bar_and_calibration_words(self):
        text = run("pdftotext", "-f", "1", "-l", "1", self.path("cards.pdf"), "-").stdout
        self.assertIn("Deze balk is 50 mm lang", text)
        cal = self.path("calibration.pdf")
        self.assertIn("Pages:           2", run("pdfinfo", cal).stdout)
        back = re.sub(r"\s+", " ", run("pdftotext", "-f", "2", "-l", "2", cal, "-").stdout)
        self.assertIn("--back-offset X,Y", back)
        self.assertEqual(run("pdftotext", cal, "-").stdout.count("Deze balk is 50 mm lang"), 2)

    def test_document_info_and_bookmarks(self):
        doc = ET.parse(os.path.join(CONTENT, "instrument.xml")).getroot()
        themes = [t.text for t in doc.findall("themes/theme")]
        for name in ("cards.pdf", "cards-printshop.pdf"):
            info = run("pdfinfo", self.path(name)).stdout
            for theme in themes:
                self.assertIn(theme, re.search(r"Keywords:(.*)", info).group(1))
            outline = json.loads(run("qpdf", "--json", "--json-key=outlines", self.path(name)).stdout)["outlines"]
            werkvorm_set = doc.find("labels/label[@key='werkvorm.set']").text
            self.assertEqual([o["title"] for o in outline],
                             [c.find("name").text for c in doc.findall("cardset")] + [werkvorm_set])
            for o in outline[:-1]:
                self.assertEqual([k["title"] for k in o["kids"]], themes)
            self.assertEqual([k["title"] for k in outline[-1]["kids"]],
                             [w.find("name").text for w in doc.findall("werkvorm")])

    def test_werkvorm_cards(self):
        """The deck ends with a card per werkvorm: its name, code and summary."""
        doc = ET.parse(os.path.join(CONTENT, "instrument.xml")).getroot()
        sheets = sum(-(-len(cs.findall("card")) // 9) for cs in doc.findall("cardset"))
        page = 2 * sheets + 1
        for n, w in enumerate(doc.findall("werkvorm")):
            row, col = n // 3, n % 3
            text = area_text(self.path("cards.pdf"), page, *slot(row, col), 63, 88)
            self.assertIn(w.find("name").text, text)
            self.assertIn("W%d " % (n + 1), text)
            for item in w.findall("summary/item"):
                self.assertIn(plain(item), text)

    def test_every_pdf_has_document_information(self):
        doc = ET.parse(os.path.join(CONTENT, "instrument.xml")).getroot()
        names = sorted(n for n in os.listdir(self.out) if n.endswith(".pdf"))
        self.assertEqual(names, ["calibration.pdf", "cards-printshop.pdf", "cards.pdf", "guide.pdf", "werkvormen.pdf"])
        for name in names:
            info = run("pdfinfo", self.path(name)).stdout
            self.assertIn("Title:           " + doc.find("meta/title").text, info, name)
            self.assertIn("Author:          " + doc.find("meta/publisher").text, info, name)
            self.assertRegex(info, r"Subject:\s+\S", name)
            self.assertIn(doc.find("themes/theme").text, re.search(r"Keywords:(.*)", info).group(1), name)
            root = re.search(r"/Root (\d+) 0 R", run("qpdf", "--show-object=trailer", self.path(name)).stdout).group(1)
            self.assertIn("/Lang (nl)", run("qpdf", "--show-object=" + root, self.path(name)).stdout, name)

    def test_page_labels(self):
        doc = ET.parse(os.path.join(CONTENT, "instrument.xml")).getroot()
        front = doc.find("labels/label[@key='page.front']").text
        back = doc.find("labels/label[@key='page.back']").text
        for name, first in (("cards.pdf", "1"), ("cards-printshop.pdf", "P1")):
            labels = json.loads(run("qpdf", "--json", "--json-key=pagelabels", self.path(name)).stdout)["pagelabels"]
            got = [entry["label"]["/P"] for entry in labels[:2]]
            self.assertEqual(got, ["u:" + front.replace("{n}", first), "u:" + back.replace("{n}", first)])

    def test_source_date_epoch(self):
        out = os.path.join(self.tmp, "epoch")
        env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
        r = run(KAARTSET, "build", "--content", CONTENT, "--out", out, cwd=SOURCE, env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(run("pdfinfo", os.path.join(out, "cards.pdf")).stdout, r"CreationDate:.*Nov 14 .*2023")

def squash(text):
    """Text as pdftotext gives it, compared loosely: the hyphen at a line
    end where a word was broken (a soft hyphen) removed, white space collapsed."""
    text = re.sub("[\u00ad\u2010]\\s*", "", text)
    # The layout sets an apostrophe after a letter as ’ and keeps compound
    # parts apart with a zero-width non-joiner (no ligature across them).
    text = re.sub(r"(?<=\w)'", "\u2019", text).replace("\u200c", "")
    # A line may also break after a hyphen ("flip-" / "over"); on both sides
    # of a comparison, a hyphen joins what follows it.
    text = re.sub(r"-\s+", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def run_json_kids(outlines, title):
    """The children of the top-level bookmark with this title."""
    return next(o["kids"] for o in outlines if o["title"] == title)


class Documents(unittest.TestCase):
    """guide.pdf and werkvormen.pdf: what a facilitator reads, checked against the content."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kaartset-doc-")
        cls.out = os.path.join(cls.tmp, "nl")
        r = build(CONTENT, cls.out)
        assert r.returncode == 0, r.stderr
        cls.guide = os.path.join(cls.out, "guide.pdf")
        cls.werkvormen = os.path.join(cls.out, "werkvormen.pdf")
        cls.doc = ET.parse(os.path.join(CONTENT, "instrument.xml")).getroot()
        cls.labels = {l.get("key"): l.text for l in cls.doc.find("labels")}
        # What a <ref> prints: a card's code, a werkvorm's name.
        cls.refs = {}
        for cs in cls.doc.findall("cardset"):
            code = cs.get("code") or cs.get("id")[0].upper()
            for n, card in enumerate(cs.findall("card")):
                cls.refs["card", card.get("id")] = "%s%d" % (code, n + 1)
        for w in cls.doc.findall("werkvorm"):
            cls.refs["werkvorm", w.get("id")] = w.find("name").text

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def printed(self, elem):
        """The text of an inline element as printed, refs resolved."""
        parts = [elem.text or ""]
        for child in elem:
            if child.tag == "ref":
                kind = "card" if child.get("card") else "werkvorm"
                parts.append(self.refs[kind, child.get(kind)])
            else:
                parts.append(self.printed(child))
            parts.append(child.tail or "")
        return squash("".join(parts))

    def pages(self, pdf):
        return int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", pdf).stdout).group(1))

    def page_text(self, pdf, page, *opts):
        r = run("pdftotext", *opts, "-f", str(page), "-l", str(page), pdf, "-")
        self.assertEqual(r.stderr, "")
        return r.stdout

    def test_qpdf_check_tagged_and_titled(self):
        for pdf in (self.guide, self.werkvormen):
            r = run("qpdf", "--check", pdf)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertNotIn("WARNING", r.stdout + r.stderr)
            info = run("pdfinfo", pdf).stdout
            self.assertRegex(info, r"Tagged:\s+yes")
            self.assertIn(self.doc.find("meta/title").text, info)
            struct = run("pdfinfo", "-struct", pdf)
            self.assertEqual(struct.stderr, "", pdf)
            for tag in ("Document", "H1", "H2", "P", "L", "LI"):
                self.assertRegex(struct.stdout, r"(?m)^\s*%s\b" % tag, pdf)
        self.assertRegex(run("pdfinfo", "-struct", self.guide).stdout, r"(?m)^\s*TOC\b")

    def contents(self):
        """(title, page) of each contents entry, from page 2 of the guide."""
        text = self.page_text(self.guide, 2, "-layout")
        entries = re.findall(r"(?m)^\s*(\S.*?\S)\s{2,}(\d+)\s*$", text)
        return [(squash(t), int(p)) for t, p in entries]

    def heading_words(self, page):
        """The words of one guide page set larger than the body text (headings), in order."""
        html = self.page_text(self.guide, page, "-bbox")
        words = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', html)
        return squash(" ".join(html_text.unescape(w) for y0, y1, w in words if float(y1) - float(y0) > 15))

    def test_contents_lists_every_section_with_its_page(self):
        want = []
        for sec in self.doc.findall("guide/section"):
            want.append(squash(sec.find("title").text))
            want += [squash(sub.find("title").text) for sub in sec.findall("section")]
        want += [squash(w.find("name").text) for w in self.doc.findall("werkvorm")]
        want.append(self.labels["guide.overview"])
        want += [cs.find("name").text for cs in self.doc.findall("cardset")]
        want.append(self.labels["guide.record"])
        entries = self.contents()
        self.assertEqual([t for t, p in entries], want)
        pages = self.pages(self.guide)
        for title, page in entries:
            self.assertTrue(2 < page <= pages, title)
            self.assertIn(title, self.heading_words(page), "%s is not a heading on page %d" % (title, page))

    def test_bookmarks_follow_the_contents(self):
        outlines = json.loads(run("qpdf", "--json", "--json-key=outlines", self.guide).stdout)["outlines"]
        flat = []
        for o in outlines:
            flat.append((o["title"], o["destpageposfrom1"]))
            flat += [(k["title"], k["destpageposfrom1"]) for k in o["kids"]]
        self.assertEqual(flat, [(self.labels["guide.contents"], 2)] + self.contents())
        self.assertEqual([o["title"] for o in run_json_kids(outlines, self.labels["guide.overview"])],
                         [cs.find("name").text for cs in self.doc.findall("cardset")])

    def test_page_x_of_y_in_every_foot(self):
        pages = self.pages(self.guide)
        for page in range(2, pages + 1):
            foot = self.labels["page"].replace("{page}", str(page)).replace("{pages}", str(pages))
            self.assertIn(foot, self.page_text(self.guide, page), page)

    def test_guide_has_every_section_text(self):
        text = squash(run("pdftotext", "-raw", self.guide, "-").stdout)
        for sec in self.doc.iter("section"):
            for elem in list(sec.findall("p")) + list(sec.findall("list/item")):
                self.assertIn(self.printed(elem), text)

    def test_guide_has_every_card_with_its_code(self):
        text = squash(run("pdftotext", "-raw", self.guide, "-").stdout)
        for cs in self.doc.findall("cardset"):
            for card in cs.findall("card"):
                code = self.refs["card", card.get("id")]
                self.assertIn("%s %s" % (code, self.printed(card.find("question"))), text, code)
                for prompt in card.findall("prompt"):
                    self.assertIn(self.printed(prompt), text, code)

    def without_margins(self, text):
        """Squashed guide text without the running heads and feet, which
        pdftotext -raw gives after each page's body: a step that runs on
        to the next page is whole again."""
        title = re.escape(squash(self.doc.find("meta/title").text))
        foot = re.escape(self.labels["page"]).replace(r"\{page\}", r"\d+").replace(r"\{pages\}", r"\d+")
        return re.sub(title + r" .{0,200}?" + foot + " ?", "", text)

    def test_guide_has_every_werkvorm_in_full(self):
        # minutes beside the steps, before squash joins a hyphenated word across them
        raw = re.sub(r"\b\d+ min\b ?", "", run("pdftotext", "-raw", self.guide, "-").stdout)
        text = self.without_margins(squash(raw))
        for w in self.doc.findall("werkvorm"):
            for elem in [w.find("purpose")] + w.findall("steps/step") + w.findall("tips/tip") + w.findall("materials/item"):
                self.assertIn(self.printed(elem), text, w.get("id"))

    def test_werkvorm_pages(self):
        """One page per werkvorm, in order, with its name, duration, group
        size, every material, role, step (and its minutes) and tip."""
        ws = self.doc.findall("werkvorm")
        self.assertEqual(self.pages(self.werkvormen), len(ws))
        for n, w in enumerate(ws):
            # The minutes beside the steps, found and taken out before squash
            # joins a word hyphenated at the end of a step's first line across them.
            raw = self.page_text(self.werkvormen, n + 1, "-raw")
            text = squash(re.sub(r"\b\d+ min\b ?", "", raw))
            self.assertIn(squash(w.find("name").text), text)
            minutes = w.find("duration").get("minutes")
            self.assertIn(self.labels["werkvorm.duration"].replace("{minutes}", minutes), text)
            g = w.find("groupsize")
            self.assertIn(self.labels["werkvorm.groupsize"].replace("{min}", g.get("min")).replace("{max}", g.get("max")), text)
            for elem in [w.find("purpose")] + w.findall("materials/item") + w.findall("steps/step") + w.findall("tips/tip"):
                self.assertIn(self.printed(elem), text, w.get("id"))
            for role in w.findall("roles/role"):
                self.assertIn(squash(role.get("name") + " " + self.printed(role)), text)
            steps = [s.get("minutes") for s in w.findall("steps/step") if s.get("minutes")]
            found = re.findall(r"\b(\d+) min\b", raw)
            self.assertEqual(found, steps, w.get("id"))

    def test_same_bytes_twice(self):
        again = os.path.join(self.tmp, "again")
        self.assertEqual(build(CONTENT, again).returncode, 0)
        for name in ("guide.pdf", "werkvormen.pdf"):
            with open(os.path.join(self.out, name), "rb") as a, open(os.path.join(again, name), "rb") as b:
                self.assertEqual(a.read(), b.read(), name)


class Editions(unittest.TestCase):
    """Every edition under content/ builds cleanly, and each translation has
    everything the Dutch reference has."""

    def test_every_edition(self):
        root = os.path.join(SOURCE, "content")
        langs = sorted(os.listdir(root))
        self.assertIn("en", langs)
        for lang in langs:
            tmp = tempfile.mkdtemp(prefix="kaartset-%s-" % lang)
            try:
                r = build(os.path.join(root, lang), tmp)
                self.assertEqual(r.returncode, 0, lang + r.stderr)
                self.assertEqual(r.stderr, "", lang)
                if lang == "nl":
                    continue
                r = run(KAARTSET, "check", "--content", os.path.join(root, lang), "--reference", CONTENT)
                self.assertEqual(r.returncode, 0, lang + r.stderr)
                self.assertRegex(r.stdout, r": 0 missing,")
                self.assertNotIn("no hyphenation dictionary", r.stderr.lower())
            finally:
                shutil.rmtree(tmp)


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
            self.assertEqual(sorted(os.listdir(out)), ["cards-printshop.pdf", "cards.pdf", "deck.html", "guide.pdf", "werkvormen.pdf"])
        finally:
            shutil.rmtree(tmp)

    def test_missing_content_is_io_error(self):
        tmp = tempfile.mkdtemp(prefix="kaartset-none-")
        try:
            r = build(os.path.join(tmp, "xx"), os.path.join(tmp, "out"))
            self.assertEqual(r.returncode, 3, r.stderr)
            self.assertRegex(r.stderr, r"xx/instrument\.xml: error: cannot read: No such file")
            self.assertFalse(os.path.exists(os.path.join(tmp, "out")))
        finally:
            shutil.rmtree(tmp)

    def test_translator_check(self):
        """A copied edition with one card left out: check names it and exits 1."""
        tmp = tempfile.mkdtemp(prefix="kaartset-check-")
        try:
            en = os.path.join(tmp, "en")
            shutil.copytree(CONTENT, en)
            path = os.path.join(en, "instrument.xml")
            with open(path, encoding="utf-8") as f:
                text = f.read()
            text = re.sub(r'\s*<card id="spiegel-opleiden-2".*?</card>', "", text, count=1, flags=re.S)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text.replace('xml:lang="nl"', 'xml:lang="en"'))
            r = run(KAARTSET, "check", "--content", en, "--reference", CONTENT)
            self.assertEqual(r.returncode, 1, r.stderr)
            errors = [line for line in r.stderr.splitlines() if ": error: " in line]
            self.assertEqual(len(errors), 1, r.stderr)
            self.assertRegex(errors[0], r"en/instrument\.xml: error: card 'spiegel-opleiden-2' \(S2\) is missing \(translate it from .*nl/instrument\.xml:\d+\)")
            self.assertIn("not translated yet", r.stderr)
            self.assertRegex(r.stdout, r"1 missing, \d+ to look at")
        finally:
            shutil.rmtree(tmp)

    def test_usage_error(self):
        r = run(KAARTSET, "build", "--duplex", "sideways")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--duplex", r.stderr)

    def test_help_describes_each_command_once(self):
        r = run(KAARTSET, "--help")
        self.assertEqual(r.returncode, 0, r.stderr)
        usage = re.findall(r"^\s*(?:usage:)?\s*kaartset (\w+(?: (?:export|import))?)", r.stdout, re.M)
        commands = sorted({u for u in usage if not u.startswith("-")})
        self.assertIn("po export", commands)
        for cmd in commands:
            # "po export: ..." describes both po commands
            name = "po export" if cmd.startswith("po") else cmd
            described = re.findall(r"^" + re.escape(name) + r":", r.stdout, re.M)
            self.assertEqual(len(described), 1, f"{name!r} described {len(described)} times in --help")



def edit_copy(tmp, path, edit):
    """A copy of path in tmp (an edition folder: the whole folder) with edit(text) applied; returns the copy's path."""
    src_dir = os.path.dirname(path)
    dst_dir = os.path.join(tmp, os.path.basename(src_dir))
    if not os.path.exists(dst_dir):
        shutil.copytree(src_dir, dst_dir)
    copy = os.path.join(dst_dir, os.path.basename(path))
    with open(copy, encoding="utf-8") as f:
        text = f.read()
    changed = edit(text)
    assert changed != text, "the edit changed nothing"
    with open(copy, "w", encoding="utf-8") as f:
        f.write(changed)
    return copy


def line_of(path, needle):
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if needle in line:
                return n
    raise AssertionError(needle + " not in " + path)


class ExitZeroMeansRight(unittest.TestCase):
    """The cases of "exit 0 means the print is right": each is refused with one
    located message and the right exit code, or printed right."""

    TEMPLATE = os.path.join(SOURCE, "templates", "default.xml")

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="kaartset-right-")
        self.out = os.path.join(self.tmp, "out")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def refused(self, r, code, pattern):
        self.assertEqual(r.returncode, code, r.stderr)
        self.assertRegex(r.stderr, pattern)
        self.assertFalse(os.path.exists(os.path.join(self.out, "cards.pdf")))

    def content_with(self, edit):
        return os.path.dirname(edit_copy(self.tmp, os.path.join(CONTENT, "instrument.xml"), edit))

    def test_label_glyph_no_font_has(self):
        """A CJK character in the card.meta label: one error at the label's line."""
        content = self.content_with(lambda t: re.sub(
            r'(<label key="card.meta">)', "\\1\u6f22 ", t, count=1))
        line = line_of(os.path.join(content, "instrument.xml"), 'key="card.meta"')
        r = build(content, self.out)
        self.refused(r, 1, r"instrument\.xml:%d: error: the meta line of the question cards \(label 'card\.meta'\) has the character "
                           "'\u6f22' \\(U\\+6F22\\)" % line)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)

    def test_subtitle_glyph_no_font_has(self):
        content = self.content_with(lambda t: t.replace("<subtitle>", "<subtitle>\u6f22 ", 1))
        line = line_of(os.path.join(content, "instrument.xml"), "<subtitle>")
        r = build(content, self.out)
        self.refused(r, 1, r"instrument\.xml:%d: error: the subtitle has the character" % line)

    def test_long_meta_label_pushes_the_question_down(self):
        """A meta label of two lines: the question starts below its second line."""
        content = self.content_with(lambda t: re.sub(
            r'<label key="card.meta">[^<]*</label>',
            '<label key="card.meta">{set} · {aspect} · {theme} · een lang label dat over twee '
            'regels loopt</label>', t, count=1))
        r = build(content, self.out)
        self.assertEqual(r.returncode, 0, r.stderr)
        bbox = run("pdftotext", "-f", "1", "-l", "1", "-bbox",
                   os.path.join(self.out, "cards.pdf"), "-").stdout
        words = [(float(m.group(2)), float(m.group(4)), html_text.unescape(m.group(5)))
                 for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                      r'yMax="([\d.]+)">([^<]*)</word>', bbox)]
        # The first card: its label's last word, then the first word of its question.
        label_end = next(w for w in words if w[2] == "loopt")
        question = next(w for w in words if w[2] == "Stel")
        self.assertGreater(question[0], label_end[1] + 1, (label_end, question))

    def test_theme_name_too_long_for_the_band(self):
        """Two lines of a theme's name fit on the band; three would run off it: one error."""
        two = self.content_with(lambda t: t.replace(
            '<theme id="opleiden">Opleiden</theme>',
            '<theme id="opleiden">Opleiden van studenten tot startbekwame leraren in de school</theme>'))
        self.assertEqual(build(two, self.out).returncode, 0)
        shutil.rmtree(os.path.join(self.tmp, "nl"))
        shutil.rmtree(self.out)
        three = self.content_with(lambda t: t.replace(
            '<theme id="opleiden">Opleiden</theme>',
            '<theme id="opleiden">Opleiden van studenten tot startbekwame leraren in de school en '
            'daarna nog heel lang verder in de beroepspraktijk</theme>'))
        line = line_of(os.path.join(three, "instrument.xml"), '<theme id="opleiden">')
        r = build(three, self.out)
        self.refused(r, 1, r"instrument\.xml:%d: error: the name of theme .* takes 3 lines on the "
                           r"cards' band" % line)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)

    def template_with(self, edit):
        return edit_copy(self.tmp, self.TEMPLATE, edit)

    def test_card_larger_than_every_paper(self):
        tmpl = self.template_with(lambda t: t.replace('<card width="63"', '<card width="450"'))
        line = line_of(tmpl, '<paper name="a4"')
        r = build(CONTENT, self.out, "--template", tmpl)
        self.refused(r, 1, r"default\.xml:%d: error: paper 'a4' \(210 x 297 mm\) cannot hold a "
                           r"450 x 88 mm card" % line)

    def test_cards_with_no_room_for_marks(self):
        """Cards that fit a paper but leave no cut mark showing 3 mm: refused at the card's line."""
        tmpl = self.template_with(lambda t: t.replace('<card width="63" height="88"',
                                                      '<card width="198" height="269"'))
        line = line_of(tmpl, "<card ")
        r = build(CONTENT, self.out, "--template", tmpl)
        self.refused(r, 1, r"default\.xml:%d: error: a 198 x 269 mm card does not fit on 210 x "
                           r"297 mm paper .* cut marks that show 3 mm" % line)

    def test_template_numbers_out_of_range(self):
        cases = [
            ('line-spacing="1.0"', 'line-spacing="0.0000001"'),
            ('indent="6.5"', 'indent="100000"'),
            ('table-columns="2"', 'table-columns="2147483647"'),
            ('table-columns="2"', 'table-columns="99999999999"'),
            ('bleed="3"', 'bleed="100000"'),
        ]
        for old, new in cases:
            with self.subTest(new):
                shutil.rmtree(os.path.join(self.tmp, "templates"), ignore_errors=True)
                tmpl = self.template_with(lambda t: t.replace(old, new, 1))
                line = line_of(tmpl, new)
                r = build(CONTENT, self.out, "--template", tmpl)
                self.refused(r, 1, r"default\.xml:\d+: error: .*%s.*range" %
                             re.escape(new.split("=")[1].strip('"')))
                # libxml2 gives an element the line where its start tag ends.
                at = int(re.search(r"default\.xml:(\d+):", r.stderr).group(1))
                self.assertIn(at, range(line, line + 3), r.stderr)

    def test_guide_refused_after_some_pages_were_painted(self):
        """The guide is checked and painted a page at a time. A printer's margin of 20 mm
        passes its title page and pushes its running heads over the text from page 2 on:
        refused, the last guide.pdf left as it was and no half-painted file behind, whether
        it is made alone or beside the others."""
        self.assertEqual(build(CONTENT, self.out).returncode, 0)
        def files():
            found = {}
            for root, _, names in os.walk(self.tmp):
                for n in names:
                    with open(os.path.join(root, n), "rb") as f:
                        found[os.path.relpath(os.path.join(root, n), self.tmp)] = f.read()
            return found
        tmpl = self.template_with(lambda t: t.replace('<sheet margin="5"', '<sheet margin="20"', 1))
        before = files()
        # Beside the others, the werkvorm pages fail too, and theirs are the messages.
        for extra, where in ((["--only", "guide"], "guide.pdf page 2"), ([], "werkvormen.pdf page 1")):
            with self.subTest(extra):
                r = build(CONTENT, self.out, "--template", tmpl, *extra)
                self.assertEqual(r.returncode, 1, r.stderr)
                self.assertRegex(r.stderr.splitlines()[0],
                                 r"instrument\.xml:\d+: error: on %s, a running head or foot of "
                                 r"the .* is printed over " % re.escape(where))
                self.assertNotIn("guide.pdf page 1,", r.stderr)
                self.assertEqual(files(), before)

    def test_back_offset_not_a_number(self):
        for value in ("nan,0", "inf,0", "1e308,0", "0,-inf"):
            with self.subTest(value):
                self.refused(build(CONTENT, self.out, "--back-offset", value), 2,
                             r"--back-offset")

    def test_back_offset_off_the_printable_area(self):
        """Poker cards on A4 sit 7.5 mm from the sides: 2.5 mm is the most a back may move."""
        r = build(CONTENT, self.out, "--back-offset", "4,0")
        self.refused(r, 2, r"--back-offset 4,0 .* X may be from -2\.5 to 2\.5 mm")
        r = build(CONTENT, self.out, "--back-offset", "2.5,-1")
        self.assertEqual(r.returncode, 0, r.stderr)



class OwnEdition(unittest.TestCase):
    def test_same_language_edition_stands_on_its_own(self):
        """A deck of its own in Dutch (other cards, a folder beside content/) builds: it is
        not a translation of content/nl, so nothing is missing from it."""
        tmp = tempfile.mkdtemp(prefix="kaartset-own-")
        try:
            path = edit_copy(tmp, os.path.join(CONTENT, "instrument.xml"), lambda t: re.sub(
                r'\s*<card id="spiegel-opleiden-2".*?</card>', "", t, count=1, flags=re.S))
            r = build(os.path.dirname(path), os.path.join(tmp, "out"))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stderr, "")
        finally:
            shutil.rmtree(tmp)


class Only(unittest.TestCase):
    def test_only_the_files_asked_for(self):
        """--only makes just those files; the others stay as the last build left them."""
        tmp = tempfile.mkdtemp(prefix="kaartset-only-")
        try:
            out = os.path.join(tmp, "nl")
            r = build(CONTENT, out, "--only", "guide")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(sorted(os.listdir(out)), ["guide.pdf"])
            self.assertEqual(build(CONTENT, out).returncode, 0)
            def read(name):
                with open(os.path.join(out, name), "rb") as f:
                    return f.read()
            before = {n: read(n) for n in os.listdir(out)}
            r = build(CONTENT, out, "--only", "cards", "--only", "werkvormen", "--back-offset", "1,0")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertNotEqual(read("cards.pdf"), before["cards.pdf"])
            for n in ("cards-printshop.pdf", "guide.pdf", "deck.html", "werkvormen.pdf"):
                self.assertEqual(read(n), before[n], n)
            r = build(CONTENT, out, "--only", "everything")
            self.assertEqual(r.returncode, 2)
            self.assertIn("--only takes cards, printshop, guide, werkvormen or html", r.stderr)
        finally:
            shutil.rmtree(tmp)

def tenfold_cards(text):
    """Each card ten times, the copies with ids of their own: 210 question cards."""
    def tenfold(m):
        card = m.group(0)
        return "".join((card.replace('id="', 'id="x%d-' % k, 1) if k else card) + "\n"
                       for k in range(10))
    return re.sub(r"<card id=.*?</card>", tenfold, text, flags=re.S)


class Parallel(unittest.TestCase):
    def test_same_bytes_on_one_core_and_on_two(self):
        """A deck of 210 question cards, its files painted side by side, gives
        the same bytes as one process doing it all."""
        tmp = tempfile.mkdtemp(prefix="kaartset-parallel-")
        try:
            edition = os.path.dirname(edit_copy(tmp, os.path.join(CONTENT, "instrument.xml"),
                                                tenfold_cards))
            outs = {}
            for jobs in ("1", "2"):
                out = os.path.join(tmp, "out" + jobs)
                r = run(KAARTSET, "build", "--content", edition, "--out", out, cwd=SOURCE,
                        env=dict(os.environ, KAARTSET_JOBS=jobs))
                self.assertEqual(r.returncode, 0, r.stderr)
                outs[jobs] = {n: open(os.path.join(out, n), "rb").read() for n in sorted(os.listdir(out))}
            self.assertEqual(sorted(outs["1"]), ["cards-printshop.pdf", "cards.pdf", "deck.html",
                                                 "guide.pdf", "werkvormen.pdf"])
            for n in outs["1"]:
                self.assertEqual(outs["1"][n], outs["2"][n], n)
            # what Cairo drew for the finisher (cards.pdf.cairo ...) is gone
            for jobs in ("1", "2"):
                store = os.path.join(tmp, ".out%s.kaartset" % jobs, "current")
                self.assertEqual(sorted(os.listdir(store)), sorted(outs["1"]))
            # and the deck really is that large
            self.assertEqual(outs["1"]["deck.html"].count(b'<svg role="img"'), 213)
        finally:
            shutil.rmtree(tmp)

    def fails_alike_on_one_core_and_two(self, tmp, path, *args, code=1):
        """Builds the edition of path (with args) with one process and with
        two: each run fails (exit code) with the same messages, and makes no
        file. Returns the messages."""
        msgs = {}
        out = os.path.join(tmp, "out")
        for jobs in ("1", "2"):
            r = run(KAARTSET, "build", "--content", os.path.dirname(path), "--out", out, *args,
                    cwd=SOURCE, env=dict(os.environ, KAARTSET_JOBS=jobs))
            self.assertEqual(r.returncode, code, r.stderr)
            msgs[jobs] = r.stderr
        self.assertEqual(msgs["1"], msgs["2"])
        self.assertEqual(os.listdir(out) if os.path.exists(out) else [], [])
        return msgs["2"]

    def test_an_error_while_finishing_fails_alike_on_one_core_and_two(self):
        """On two cores a large edition's PDFs are finished (libqpdf, PDF/X,
        the print shop's check) in a process of their own: an error found
        there (an RGB profile given as the print shop's) fails the build as
        on one core: the same exit code and message, no file made."""
        rgb = "/usr/share/color/icc/ghostscript/default_rgb.icc"
        self.assertTrue(os.path.exists(rgb), "setup.sh installs ghostscript, which has " + rgb)
        tmp = tempfile.mkdtemp(prefix="kaartset-parallel-")
        try:
            path = edit_copy(tmp, os.path.join(CONTENT, "instrument.xml"), tenfold_cards)
            msgs = self.fails_alike_on_one_core_and_two(tmp, path, "--icc", rgb, code=2)
            self.assertEqual(msgs.count("error:"), 1, msgs)
            self.assertIn("not a CMYK profile", msgs)
        finally:
            shutil.rmtree(tmp)

    def test_a_card_that_does_not_fit_is_named_once(self):
        """A card that does not fit is one located message, on two cores as on one."""
        tmp = tempfile.mkdtemp(prefix="kaartset-parallel-")
        try:
            def grow(text):
                text = tenfold_cards(text)
                # the last card's question far too long for any size
                i = text.rindex("<question>") + len("<question>")
                return text[:i] + "lange vraag " * 300 + text[i:]
            path = edit_copy(tmp, os.path.join(CONTENT, "instrument.xml"), grow)
            msgs = self.fails_alike_on_one_core_and_two(tmp, path)
            self.assertEqual(msgs.count("error:"), 1, msgs)
            self.assertIn(path + ":", msgs)
        finally:
            shutil.rmtree(tmp)

    def test_cards_laid_out_on_two_cores_are_named_in_deck_order(self):
        """A card set this large is laid out half here, half in a second
        process: ten copies of a card with a number too wide for the card
        fall in both halves, and are named once each, in deck order, the same
        as one process names them."""
        tmp = tempfile.mkdtemp(prefix="kaartset-parallel-")
        try:
            def grow(text):
                i = text.index("<question>") + len("<question>")
                return tenfold_cards(text[:i] + "1234567890" * 6 + " " + text[i:])
            path = edit_copy(tmp, os.path.join(CONTENT, "instrument.xml"), grow)
            msgs = self.fails_alike_on_one_core_and_two(tmp, path)
            lines = [int(m.group(1)) for m in re.finditer(
                re.escape(path) + r":(\d+): error: .*'1234567890.*' in the question is wider", msgs)]
            self.assertEqual(len(lines), 10, msgs)
            self.assertEqual(lines, sorted(set(lines)), msgs)
        finally:
            shutil.rmtree(tmp)

    def test_cards_that_do_not_fit_are_named_in_deck_order(self):
        """The cards with the most text are fitted first, but two cards that
        do not fit are named in the order they stand in the content."""
        tmp = tempfile.mkdtemp(prefix="kaartset-parallel-")
        try:
            def grow(text):
                starts = [m.end() for m in re.finditer("<question>", text)]
                # the first and the ninth card of the first set (P1, P9),
                # the later one with the longer question
                first, last = starts[0], starts[8]
                text = text[:last] + "nog veel langere vraag " * 400 + text[last:]
                return text[:first] + "lange vraag " * 300 + text[first:]
            path = edit_copy(tmp, os.path.join(CONTENT, "instrument.xml"), grow)
            r = run(KAARTSET, "build", "--content", os.path.dirname(path), "--out",
                    os.path.join(tmp, "out"), cwd=SOURCE, env=dict(os.environ, KAARTSET_JOBS="1"))
            self.assertEqual(r.returncode, 1, r.stderr)
            lines = [int(m.group(1)) for m in
                     re.finditer(re.escape(path) + r":(\d+): error: .*do not fit", r.stderr)]
            self.assertEqual(len(lines), 2, r.stderr)
            self.assertLess(lines[0], lines[1], r.stderr)
        finally:
            shutil.rmtree(tmp)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
