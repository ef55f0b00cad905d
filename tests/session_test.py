#!/usr/bin/python3
"""Session packs: `kaartset session PLAN` writes one PDF per session with the
agenda, exactly the chosen cards (duplex, as few sheets as they fit), the
chosen werkvorm pages and the record sheet with the chosen questions; an
unknown code or werkvorm is an error at its line in the plan.

usage: session_test.py KAARTSET SOURCE_ROOT   (/usr/bin/python3: PyMuPDF reads the PDFs)
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
EXAMPLE = os.path.join(SOURCE, "sessions", "opleiden-2027.xml")


def run(*args):
    return subprocess.run(args, capture_output=True, text=True, cwd=SOURCE)


def squash(text):
    return re.sub(r"\s+", " ", re.sub("[\u00ad\u2010]\\s*|(?<=[a-z])-\\s+(?=[a-z])", "", text)).strip()


def edition(lang):
    """code -> question as printed, and werkvorm id -> name."""
    doc = ET.parse(os.path.join(SOURCE, "content", lang, "instrument.xml")).getroot()
    cards = {}
    for cs in doc.findall("cardset"):
        for n, card in enumerate(cs.findall("card")):
            cards["%s%d" % (cs.get("code"), n + 1)] = squash("".join(card.find("question").itertext()))
    forms = {w.get("id"): w.find("name").text for w in doc.findall("werkvorm")}
    return cards, forms


RECORD = ET.parse(os.path.join(SOURCE, "content", "nl", "instrument.xml")).getroot().find(
    "labels/label[@key='guide.record']").text


def label(page):
    """The page's label; PyMuPDF 1.21 fails on pages before the first labelled one."""
    try:
        return page.get_label()
    except IndexError:
        return ""


def pages_text(pdf):
    doc = fitz.open(pdf)
    return [squash(p.get_text()) for p in doc], [label(p) for p in doc]


class Example(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kaartset-session-")
        cls.result = run(KAARTSET, "session", EXAMPLE, "--out", cls.tmp)
        cls.plan = ET.parse(EXAMPLE).getroot()
        cls.cards, cls.forms = edition("nl")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def test_runs(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr)

    def test_each_session_holds_exactly_its_cards(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr)
        for s in self.plan.findall("session"):
            pdf = os.path.join(self.tmp, "sessions", s.get("name") + ".pdf")
            texts, labels = pages_text(pdf)
            chosen = [c.get("code") for c in s.findall("card")]
            forms = [w.get("id") for w in s.findall("werkvorm")]
            whole = " ".join(texts)
            for code, question in self.cards.items():
                if code in chosen:
                    self.assertIn(question, whole, (s.get("name"), code))
                else:
                    self.assertNotIn(question, whole, (s.get("name"), code))
            # The agenda: title, date, werkvormen, questions with their codes.
            agenda = texts[0]
            self.assertIn(squash(s.find("title").text), agenda)
            year, month, day = s.get("date").split("-")
            self.assertIn("%d " % int(day), agenda)
            self.assertIn(year, agenda)
            for w in forms:
                self.assertIn(squash(self.forms[w]), agenda)
            for code in chosen:
                self.assertIn(code + " " + self.cards[code], agenda)
            # The cards: one sheet, a front page on an odd page and its back after it.
            fronts = [i for i, l in enumerate(labels) if l and l.endswith("voorkant")]
            backs = [i for i, l in enumerate(labels) if l and l.endswith("achterkant")]
            self.assertEqual(len(fronts), 1, labels)
            self.assertEqual(fronts[0] % 2, 0)
            self.assertEqual(backs, [fronts[0] + 1])
            for code in chosen:
                self.assertIn(self.cards[code], texts[fronts[0]])
            # The werkvorm pages, then the record sheet with the chosen questions.
            for w in forms:
                self.assertTrue(any(squash(self.forms[w]) in t for t in texts[backs[0] + 1:-1]), w)
            first = [i for i, t in enumerate(texts) if i > backs[0] and RECORD in t][0]
            self.assertEqual(first % 2, 0, "the record sheet starts a sheet")
            record = " ".join(texts[first:])
            for code in chosen:
                self.assertIn(code + " " + self.cards[code], record)

    def test_english_edition(self):
        out = os.path.join(self.tmp, "en")
        r = run(KAARTSET, "session", EXAMPLE, "--content", "content/en", "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        texts, _ = pages_text(os.path.join(out, "sessions", "mei.pdf"))
        self.assertIn("May 2027", texts[0])


class Errors(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="kaartset-session-err-")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def plan(self, body):
        path = os.path.join(self.tmp, "plan.xml")
        with open(path, "w") as f:
            f.write('<?xml version="1.0"?>\n<sessions xml:lang="nl">\n' + body + "</sessions>\n")
        return path

    def test_unknown_code_and_werkvorm_at_their_lines(self):
        path = self.plan('<session name="a" date="2027-01-10">\n<title>A</title>\n'
                         '<card code="P1"/>\n<card code="P99"/>\n<werkvorm id="placemet"/>\n'
                         '</session>\n<session name="b" date="2027-02-10">\n<title>B</title>\n'
                         '<card code="spiegel-opleiden-9"/>\n</session>\n')
        r = run(KAARTSET, "session", path, "--out", os.path.join(self.tmp, "out"))
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn(path + ":6: error:", r.stderr)
        self.assertIn("'P99'", r.stderr)
        self.assertIn("did you mean 'P9'", r.stderr)
        self.assertIn(path + ":7: error:", r.stderr)
        self.assertIn("'placemet'", r.stderr)
        self.assertIn(path + ":11: error:", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "out", "sessions", "a.pdf")))

    def test_schema_errors_are_located(self):
        path = self.plan('<session name="a" date="10-01-2027">\n<card code="P1"/>\n</session>\n')
        r = run(KAARTSET, "session", path, "--out", os.path.join(self.tmp, "out"))
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertRegex(r.stderr, re.escape(path) + r":\d+: error:")

    def test_same_name_twice(self):
        path = self.plan('<session name="a" date="2027-01-10"><title>A</title></session>\n'
                         '<session name="a" date="2027-01-11"><title>B</title></session>\n')
        r = run(KAARTSET, "session", path, "--out", os.path.join(self.tmp, "out"))
        self.assertEqual(r.returncode, 1)
        self.assertIn(path + ":4: error: two sessions are named 'a'", r.stderr)

    def test_missing_plan(self):
        r = run(KAARTSET, "session", os.path.join(self.tmp, "none.xml"))
        self.assertEqual(r.returncode, 3, r.stderr)
        r = run(KAARTSET, "session")
        self.assertEqual(r.returncode, 2)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
