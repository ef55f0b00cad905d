#!/usr/bin/env python3
"""Translations end to end: an incomplete edition, card codes across editions,
out-of-date texts, and the PO round trip (msgfmt -c), with the real program.

usage: translation_test.py KAARTSET SOURCE_ROOT
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

KAARTSET, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
NL = os.path.join(SOURCE, "content", "nl")
EN = os.path.join(SOURCE, "content", "en")


def run(*args, **kw):
    return subprocess.run(args, capture_output=True, text=True, cwd=SOURCE, **kw)


def edit(path, fn):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    with open(path, "w", encoding="utf-8") as f:
        f.write(fn(text))


def drop_card(text, card_id):
    out, n = re.subn(r'\s*<card id="%s".*?</card>' % card_id, "", text, count=1, flags=re.S)
    assert n == 1, card_id
    return out


class Translation(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="kaartset-translation-")
        self.en = os.path.join(self.tmp, "en")
        shutil.copytree(EN, self.en)
        self.xml = os.path.join(self.en, "instrument.xml")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def guide_text(self, out):
        return run("pdftotext", os.path.join(out, "guide.pdf"), "-").stdout

    def test_incomplete_edition(self):
        """Three cards and a step left out: no build unless asked; then the
        Dutch texts fill in, each is listed, and the codes stay Dutch ones."""
        def cut(text):
            for card in ("prikkel-opleiden-realisatie", "spiegel-opleiden-2", "spiegel-onderzoeken-1"):
                text = drop_card(text, card)
            # The third step of the dilemma werkvorm (15 minutes).
            out, n = re.subn(r'(<werkvorm id="dilemma">.*?<steps>\s*(?:<step[^>]*>.*?</step>\s*){2})'
                             r'<step minutes="15">.*?</step>', r"\1", text, count=1, flags=re.S)
            assert n == 1
            return out
        edit(self.xml, cut)
        out = os.path.join(self.tmp, "out")
        r = run(KAARTSET, "build", "--content", self.en, "--out", out)
        self.assertEqual(r.returncode, 1, r.stderr)
        errors = [l for l in r.stderr.splitlines() if ": error: " in l]
        self.assertEqual(len(errors), 4, r.stderr)
        self.assertIn("card 'prikkel-opleiden-realisatie' (P2) is missing", r.stderr)
        self.assertIn("werkvorm 'dilemma' step 3 is missing", r.stderr)
        self.assertIn("--allow-incomplete", r.stderr)
        self.assertFalse(os.path.exists(out))

        r = run(KAARTSET, "build", "--content", self.en, "--out", out, "--allow-incomplete")
        self.assertEqual(r.returncode, 0, r.stderr)
        warnings = [l for l in r.stderr.splitlines() if "printed from the reference edition" in l]
        self.assertEqual(len(warnings), 4, r.stderr)
        self.assertIn("printed from the reference edition", r.stdout)
        text = self.guide_text(out)
        # English P3 is the Dutch P3; the Dutch P2 fills the gap.
        self.assertRegex(text, r"P3 Suppose that in 2030")
        self.assertRegex(text, r"P2 Stel dat het 2030 is")
        self.assertRegex(text, r"S6 Where do the research questions")
        # The werkvorm's steps add up again: the Dutch step 3 is in its place.
        self.assertIn("Eerste ronde", text)

        r = run(KAARTSET, "check", "--content", self.en)
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stdout, r": 4 missing,")

    def test_steps_that_do_not_add_up(self):
        edit(self.xml, lambda t: t.replace('<duration minutes="60"/>', '<duration minutes="50"/>', 1))
        r = run(KAARTSET, "check", "--content", self.en)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertRegex(r.stderr, r"werkvorm 'dilemma': its 6 steps add up to 60 minutes, its duration is 50")

    def test_out_of_date_and_reviewed(self):
        """A Dutch card changes after the translation: check shows the old
        and the new Dutch text, the PO file marks it fuzzy, and one command
        marks it reviewed."""
        nl = os.path.join(self.tmp, "nl")
        shutil.copytree(NL, nl)
        edit(os.path.join(nl, "instrument.xml"),
             lambda t: t.replace("Wat heeft onze samenwerking daaraan bijgedragen?",
                                 "Wat heeft onze <em>samenwerking</em> daaraan bijgedragen?", 1))
        r = run(KAARTSET, "check", "--content", self.en, "--reference", nl)
        self.assertEqual(r.returncode, 0, r.stderr)
        stale = [l for l in r.stderr.splitlines() if "out of date" in l]
        self.assertEqual(len(stale), 1, r.stderr)
        self.assertIn("card 'prikkel-opleiden-visie' question: out of date", stale[0])
        self.assertIn("was: \"Stel dat het 2030 is", stale[0])
        self.assertIn("<em>samenwerking</em>", stale[0])

        po = os.path.join(self.tmp, "en.po")
        r = run(KAARTSET, "po", "export", "--content", self.en, "--reference", nl, "--out", po)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(po, encoding="utf-8") as f:
            text = f.read()
        entry = text[text.index('msgctxt "card/prikkel-opleiden-visie/question"') - 400:]
        self.assertIn("#, fuzzy", entry[:600])
        self.assertIn("#| msgid \"Stel dat het 2030 is", entry[:800])
        self.assertEqual(text.count("#, fuzzy"), 1)

        r = run(KAARTSET, "check", "--content", self.en, "--reference", nl,
                "--mark-reviewed", "card/prikkel-opleiden-visie/question")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("out of date", r.stderr)

    def test_hyphenation_package_only_where_debian_has_one(self):
        for lang, says in (("ar", "Debian has none for it"), ("de", "install the hyphen-de package")):
            edit(self.xml, lambda t: re.sub(r'xml:lang="[^"]*"', 'xml:lang="%s"' % lang, t, count=1))
            r = run(KAARTSET, "check", "--content", self.en)
            self.assertIn(says, r.stderr)

    def test_po_round_trip(self):
        po = os.path.join(self.tmp, "po", "en.po")
        r = run(KAARTSET, "po", "export", "--content", self.en, "--out", po)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = run("msgfmt", "-c", "--statistics", "-o", os.path.join(self.tmp, "en.mo"), po)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("untranslated", r.stderr)  # every text is translated
        with open(self.xml, "rb") as f:
            before = f.read()
        listing = sorted(os.listdir(self.en))
        r = run(KAARTSET, "po", "import", po, "--content", self.en)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(self.xml, "rb") as f:
            self.assertEqual(f.read(), before)
        self.assertEqual(sorted(os.listdir(self.en)), listing)

    def test_po_new_edition(self):
        """A German edition made the PO way: copy, export, translate one
        text in the PO file, import; check counts it translated."""
        de = os.path.join(self.tmp, "de")
        shutil.copytree(NL, de)
        edit(os.path.join(de, "instrument.xml"), lambda t: t.replace('xml:lang="nl"', 'xml:lang="de"', 1))
        po = os.path.join(self.tmp, "de.po")
        self.assertEqual(run(KAARTSET, "po", "export", "--content", de, "--out", po).returncode, 0)
        before = run(KAARTSET, "check", "--content", de)
        edit(po, lambda t: t.replace('msgid "Opleiden"\nmsgstr ""', 'msgid "Opleiden"\nmsgstr "Ausbildung &amp; Schule"', 1))
        r = run(KAARTSET, "po", "import", po, "--content", de)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(os.path.join(de, "instrument.xml"), encoding="utf-8") as f:
            self.assertIn('<theme id="opleiden">Ausbildung &amp; Schule</theme>', f.read())
        after = run(KAARTSET, "check", "--content", de)
        self.assertNotIn("theme 'opleiden'", after.stderr)
        self.assertIn("theme 'opleiden'", before.stderr)

    def test_po_bad_translation(self):
        po = os.path.join(self.tmp, "en.po")
        self.assertEqual(run(KAARTSET, "po", "export", "--content", self.en, "--out", po).returncode, 0)
        edit(po, lambda t: t.replace('msgstr "Instrument for dialogue"', 'msgstr "Instrument <b>for</b> dialogue"', 1))
        with open(self.xml, "rb") as f:
            before = f.read()
        r = run(KAARTSET, "po", "import", po, "--content", self.en)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertRegex(r.stderr, r"en\.po:\d+: error: the translation of \"meta/title\" is not well-formed")
        with open(self.xml, "rb") as f:
            self.assertEqual(f.read(), before)



class AllEditions(unittest.TestCase):
    def test_build_all(self):
        tmp = tempfile.mkdtemp(prefix="kaartset-all-")
        try:
            r = run(KAARTSET, "build", "--all", "--out", tmp)
            self.assertEqual(r.returncode, 0, r.stderr)
            langs = sorted(d for d in os.listdir(os.path.join(SOURCE, "content"))
                           if os.path.isfile(os.path.join(SOURCE, "content", d, "instrument.xml")))
            lines = r.stdout.strip().splitlines()
            self.assertEqual(len(lines), len(langs), r.stdout)
            for lang, line in zip(langs, lines):
                self.assertTrue(line.startswith("kaartset: %s: wrote " % lang), line)
                self.assertTrue(os.path.isfile(os.path.join(tmp, lang, "cards.pdf")))
        finally:
            shutil.rmtree(tmp)

    def test_repeated_option_is_a_usage_error(self):
        r = run(KAARTSET, "build", "--content", EN, "--content", NL)
        self.assertEqual(r.returncode, 2)
        self.assertIn("'--content' is given twice", r.stderr)
        r = run(KAARTSET, "build", "--all", "--content", EN)
        self.assertEqual(r.returncode, 2)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
