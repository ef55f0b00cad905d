#!/usr/bin/python3
"""Print-shop test: is cards-printshop.pdf a PDF/X-1a:2003 file a shop's
preflight accepts?

Reads the file with pikepdf (Debian's python3-pikepdf, for /usr/bin/python3)
as a shop's preflight does, independently of the program's own code:

- PDF 1.4, no object or cross-reference streams, a file identifier;
- every content stream (pages and Form XObjects) parsed: no RGB colour
  operator (rg, RG, sc/scn in DeviceRGB, a DeviceRGB colour space), every
  text showing operator painted in K only (C = M = Y = 0), no colour over
  300 % total ink;
- no transparency group on any page;
- an OutputIntent /GTS_PDFX naming FOGRA39 (CGATS TR 006 for the Letter
  template), /GTS_PDFXVersion, /Trapped /False and XMP metadata with the
  PDF/X identification;
- TrimBox the bleed inside the BleedBox, the BleedBox the MediaBox;
- Ghostscript renders it without a word on its output;
- the office cards.pdf stays RGB;
- --icc embeds a CMYK profile and refuses an RGB one; a template colour
  without a CMYK value is refused at its line, or converted with --icc.
"""
import decimal
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import pikepdf

KAARTSET = os.path.abspath(sys.argv[1])
SOURCE = os.path.abspath(sys.argv[2])
GS_ICC = "/usr/share/color/icc/ghostscript"
MM = 72 / 25.4
TEXT_OPS = {"Tj", "TJ", "'", '"'}


def read(path, mode="r"):
    with open(path, mode) as f:
        return f.read()


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def build(out, *args):
    return subprocess.run([KAARTSET, "build", "--out", out, *args], cwd=SOURCE,
                          capture_output=True, text=True)


def walk_content(pdf):
    """(page number, operator, operands, fill CMYK or None, where) for every
    operator of every page and Form XObject, with the fill colour as set by
    k, g, sc in DeviceCMYK and restored by Q."""
    def run(stream, page, where, seen):
        fill, stack, cs = (0, 0, 0, 1), [], None
        for operands, op in pikepdf.parse_content_stream(stream):
            op = str(op)
            nums = [float(x) for x in operands if isinstance(x, (int, float, decimal.Decimal))]
            if op == "q":
                stack.append(fill)
            elif op == "Q" and stack:
                fill = stack.pop()
            elif op == "k" and len(nums) == 4:
                fill = tuple(nums)
            elif op == "g" and len(nums) == 1:
                fill = (0, 0, 0, 1 - nums[0])
            elif op == "cs":
                cs = str(operands[0])
            elif op in ("sc", "scn") and cs == "/DeviceCMYK" and len(nums) == 4:
                fill = tuple(nums)
            yield page, op, operands, fill, where
        res = (stream.obj if isinstance(stream, pikepdf.Page) else stream).get("/Resources")
        xobjects = res.get("/XObject", {}) if res is not None else {}
        for name, xo in dict(xobjects).items():
            if xo.get("/Subtype") == "/Form" and xo.objgen not in seen:
                seen.add(xo.objgen)
                yield from run(xo, page, where + " form " + name, seen)

    seen = set()
    for n, page in enumerate(pdf.pages, 1):
        yield from run(page, n, "page %d" % n, seen)


class PrintShop(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kaartset-printshop-")
        cls.out = os.path.join(cls.tmp, "nl")
        r = build(cls.out)
        assert r.returncode == 0, r.stderr
        cls.path = os.path.join(cls.out, "cards-printshop.pdf")
        cls.raw = read(cls.path, "rb")
        cls.pdf = pikepdf.open(cls.path)

    @classmethod
    def tearDownClass(cls):
        cls.pdf.close()
        shutil.rmtree(cls.tmp)

    def test_pdf_14_without_object_streams(self):
        self.assertTrue(self.raw.startswith(b"%PDF-1.4"))
        self.assertEqual(self.pdf.pdf_version, "1.4")
        self.assertNotIn(b"/ObjStm", self.raw)
        self.assertNotIn(b"/XRef", self.raw)
        self.assertIn(b"\nxref", self.raw)
        self.assertEqual(len(self.pdf.trailer.ID), 2)

    def test_each_back_written_once(self):
        """The file is one card side a page, front then back. A back repeats
        on every back page of its card set and theme: it is written once,
        as a form each back page paints, and a back page holds nothing else
        but that."""
        backs = {}
        for n, page in enumerate(self.pdf.pages, 1):
            xobjects = page.obj.Resources.get("/XObject", {})
            forms = [xo.objgen for xo in dict(xobjects).values() if xo.get("/Subtype") == "/Form"]
            if n % 2:
                self.assertEqual(forms, [], "page %d, a front" % n)
                continue
            self.assertEqual(len(forms), 1, "page %d, a back" % n)
            backs[forms[0]] = backs.get(forms[0], 0) + 1
            ops = [str(op) for _, op in pikepdf.parse_content_stream(page)]
            self.assertEqual(ops.count("Do"), 1, "page %d" % n)
            self.assertNotIn("Tj", ops)
            self.assertNotIn("TJ", ops)
        # two card sets times three themes, and the werkvorm cards' back
        self.assertEqual(len(backs), 7, backs)
        self.assertEqual(sum(backs.values()), len(self.pdf.pages) // 2)

    def test_no_rgb_colour_operator(self):
        ops = 0
        for page, op, operands, fill, where in walk_content(self.pdf):
            ops += 1
            self.assertNotIn(op, ("rg", "RG"), where)
            if op in ("cs", "CS"):
                self.assertIn(str(operands[0]), ("/DeviceCMYK", "/DeviceGray"), where)
            if op in ("k", "K"):
                ink = sum(float(x) for x in operands) * 100
                self.assertLessEqual(ink, 300.01, "%s: %s %s" % (where, operands, op))
        self.assertGreater(ops, 1000)

    def test_text_in_k_only(self):
        shows = 0
        for page, op, operands, fill, where in walk_content(self.pdf):
            if op in TEXT_OPS:
                shows += 1
                self.assertEqual(fill[:3], (0, 0, 0), "%s: text in %s" % (where, fill))
        self.assertGreater(shows, 100)
        # All text is solid black (or white on a colour, no ink): never rich
        # black, never a tint of K that frays small type.
        fills = {fill for _, op, _, fill, _ in walk_content(self.pdf) if op in TEXT_OPS}
        self.assertEqual(fills, {(0, 0, 0, 1), (0, 0, 0, 0)})

    def test_colours_from_the_template(self):
        fills = {fill for _, op, _, fill, _ in walk_content(self.pdf) if op in ("f", "f*")}
        # The theme opleiden as the template gives it (87,50,33,9).
        self.assertIn((0.87, 0.5, 0.33, 0.09), fills)

    def test_no_transparency(self):
        for n, page in enumerate(self.pdf.pages, 1):
            self.assertNotIn("/Group", page.obj, "page %d" % n)
            for name, gs in dict(page.obj.Resources.get("/ExtGState", {})).items():
                self.assertNotIn("/SMask", gs)
                self.assertEqual(float(gs.get("/ca", 1)), 1)
                self.assertEqual(float(gs.get("/CA", 1)), 1)

    def test_output_intent_and_identification(self):
        intents = self.pdf.Root.OutputIntents
        self.assertEqual(len(intents), 1)
        oi = intents[0]
        self.assertEqual(oi.S, "/GTS_PDFX")
        self.assertEqual(str(oi.OutputConditionIdentifier), "FOGRA39")
        self.assertEqual(str(oi.RegistryName), "http://www.color.org")
        info = self.pdf.docinfo
        self.assertEqual(str(info.GTS_PDFXVersion), "PDF/X-1a:2003")
        self.assertEqual(info.Trapped, "/False")
        self.assertTrue(str(info.Title))
        self.assertRegex(str(info.CreationDate), r"^D:\d{14}")
        meta = self.pdf.open_metadata()
        self.assertEqual(meta["pdfxid:GTS_PDFXVersion"], "PDF/X-1a:2003")
        self.assertEqual(meta["pdf:Trapped"], "False")
        self.assertEqual(meta["dc:title"], str(info.Title))

    def test_boxes_written_once(self):
        """Every page of the deck has the same size: its TrimBox and its
        BleedBox are one object each, which every page refers to, not an
        array written again on each of them."""
        trims = {page.obj.get("/TrimBox").objgen for page in self.pdf.pages}
        bleeds = {page.obj.get("/BleedBox").objgen for page in self.pdf.pages}
        self.assertGreater(len(self.pdf.pages), 3)
        self.assertEqual(len(trims), 1, trims)
        self.assertEqual(len(bleeds), 1, bleeds)
        self.assertNotEqual(trims, {(0, 0)})  # (0, 0): a direct object, on the page itself
        self.assertNotEqual(trims, bleeds)

    def test_trim_and_bleed_boxes(self):
        for n, page in enumerate(self.pdf.pages, 1):
            media = [float(x) for x in page.obj.MediaBox]
            bleed = [float(x) for x in page.obj.BleedBox]
            trim = [float(x) for x in page.obj.TrimBox]
            for a, b in zip(media, bleed):
                self.assertAlmostEqual(a, b, delta=0.01)
            self.assertAlmostEqual(trim[0] - bleed[0], 3 * MM, delta=0.01)
            self.assertAlmostEqual(bleed[3] - trim[3], 3 * MM, delta=0.01)
            self.assertAlmostEqual((trim[2] - trim[0]) / MM, 63, delta=0.01)

    def test_ghostscript_renders_it_without_a_word(self):
        r = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=nullpage",
                            self.path], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual((r.stdout + r.stderr).strip(), "")

    def test_office_sheets_stay_rgb(self):
        with pikepdf.open(os.path.join(self.out, "cards.pdf")) as pdf:
            ops = {op for _, op, _, _, _ in walk_content(pdf)}
        self.assertIn("rg", ops)


def preflight(path, *args):
    return subprocess.run([KAARTSET, "preflight", path, *args], capture_output=True, text=True)


class Preflight(unittest.TestCase):
    """kaartset preflight passes our file and fails each broken copy for its reason."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kaartset-preflight-")
        r = build(os.path.join(cls.tmp, "nl"))
        assert r.returncode == 0, r.stderr
        cls.good = os.path.join(cls.tmp, "nl", "cards-printshop.pdf")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def broken(self, name, change):
        path = os.path.join(self.tmp, name + ".pdf")
        with pikepdf.open(self.good) as pdf:
            change(pdf)
            pdf.save(path, object_stream_mode=pikepdf.ObjectStreamMode.disable,
                     force_version="1.4")
        return path

    def assert_fails(self, path, reason, page="page 1"):
        r = preflight(path)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertRegex(r.stdout, r"%s: FAIL\n(  - .*\n)*  - %s" % (page, reason))
        return r.stdout

    def test_our_file_passes(self):
        r = preflight(self.good)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("document: ok", r.stdout)
        self.assertRegex(r.stdout, r"page 1: ok \(trim 63.0 x 88.0 mm; text from 6.0 pt; ink up to")
        self.assertIn("ok: 48 pages pass", r.stdout)

    def test_rgb_colour(self):
        def change(pdf):
            page = pdf.pages[0]
            page.contents_add(pikepdf.Stream(pdf, b"1 0 0 rg 0 0 10 10 re f"), prepend=False)
        self.assert_fails(self.broken("rgb", change), r"colour in RGB")

    def test_small_text(self):
        def change(pdf):
            page = pdf.pages[2]  # a card's face: its text is on the page itself
            data = page.obj.Contents.read_bytes()
            page.obj.Contents = pikepdf.Stream(pdf, data.replace(b"BT", b"BT 0.5 0 0 0.5 0 0 cm", 1))
        self.assert_fails(self.broken("small", change), r"text at \d\.\d\d pt \(at least 6 pt\)",
                          "page 3")

    def test_rich_black_small_text_and_ink(self):
        def change(pdf):
            page = pdf.pages[0]
            data = page.obj.Contents.read_bytes()
            page.obj.Contents = pikepdf.Stream(pdf, data.replace(b"0 0 0 1 k", b"0.8 0.8 0.8 1 k"))
        out = self.assert_fails(self.broken("rich", change), r"a colour of 340 % total ink")
        self.assertIn("text under 12 pt in more than black ink", out)

    def test_thin_line(self):
        def change(pdf):
            pdf.pages[0].contents_add(pikepdf.Stream(pdf, b"0 0 0 1 K 0.1 w 0 0 m 10 10 l S"))
        self.assert_fails(self.broken("thin", change), r"a line of 0.10 pt \(at least 0.2 pt\)")

    def test_no_bleed(self):
        def change(pdf):
            pdf.pages[0].obj.BleedBox = pdf.pages[0].obj.TrimBox
            pdf.pages[0].obj.MediaBox = pdf.pages[0].obj.TrimBox
        self.assert_fails(self.broken("bleed", change), r"bleed of 0.00 mm")

    def test_transparency_group(self):
        def change(pdf):
            pdf.pages[0].obj.Group = pikepdf.Dictionary(S=pikepdf.Name.Transparency)
        self.assert_fails(self.broken("group", change), r"a transparency group on the page")

    def test_object_streams(self):
        path = os.path.join(self.tmp, "objstm.pdf")
        with pikepdf.open(self.good) as pdf:
            # Object streams need PDF 1.5: pikepdf leaves them out of a 1.4 file.
            pdf.save(path, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        with open(path, "rb") as f:
            self.assertIn(b"/ObjStm", f.read())
        out = self.assert_fails(path, r"object or cross-reference streams "
                                r"\(PDF/X-1a has neither\)", "document")
        self.assertIn("PDF 1.5 (PDF/X-1a:2003 is PDF 1.4 at most)", out)

    def test_no_pdfx_keys(self):
        def change(pdf):
            del pdf.Root.OutputIntents
            del pdf.docinfo.GTS_PDFXVersion
        out = self.assert_fails(self.broken("keys", change), r"no PDF/X OutputIntent", "document")
        self.assertIn("no /GTS_PDFXVersion", out)

    def test_font_not_embedded(self):
        def change(pdf):
            for font in dict(pdf.pages[0].obj.Resources.Font).values():
                f = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                    if key in f.FontDescriptor:
                        del f.FontDescriptor[key]
        self.assert_fails(self.broken("font", change), r"font /\w+\+\S+ is not embedded")

    def test_font_not_embedded_on_every_page_that_uses_it(self):
        # The pages of a deck share their fonts: the check looks at a font
        # once, but each page that uses it must still say so.
        changed = set()

        def change(pdf):
            for font in dict(pdf.pages[0].obj.Resources.Font).values():
                f = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                if "/FontFile2" in f.FontDescriptor:
                    del f.FontDescriptor["/FontFile2"]
                    changed.add(font.objgen)
        path = self.broken("font-all", change)
        self.assertTrue(changed)

        def uses(resources, depth=0):
            fonts = resources.get("/Font", {})
            if any(font.objgen in changed for font in dict(fonts).values()):
                return True
            xobjects = resources.get("/XObject", {})
            return depth < 8 and any(
                uses(xo.get("/Resources", resources), depth + 1)
                for xo in dict(xobjects).values() if xo.get("/Subtype") == "/Form")
        with pikepdf.open(path) as pdf:
            using = [i + 1 for i, page in enumerate(pdf.pages) if uses(page.obj.Resources)]
        self.assertGreater(len(using), 1)
        out = preflight(path).stdout
        fails = r"page (\d+): FAIL\n(?:  - .*\n)*?  - font /\S+ is not embedded"
        reported = [int(n) for n in re.findall(fails, out)]
        self.assertEqual(reported, using)

    def test_office_sheets(self):
        office = os.path.join(self.tmp, "nl", "cards.pdf")
        r = preflight(office, "--profile", "office")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(preflight(office).returncode, 1)

    def test_not_a_pdf(self):
        path = os.path.join(self.tmp, "x.pdf")
        write(path, "hello")
        r = preflight(path)
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn("cannot read as a PDF", r.stderr)
        self.assertEqual(preflight(self.good, "--profile", "glossy").returncode, 2)


class Options(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="kaartset-printshop-")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def test_letter_template_names_gracol(self):
        out = os.path.join(self.tmp, "letter")
        r = build(out, "--template", "templates/letter.xml")
        self.assertEqual(r.returncode, 0, r.stderr)
        with pikepdf.open(os.path.join(out, "cards-printshop.pdf")) as pdf:
            self.assertEqual(str(pdf.Root.OutputIntents[0].OutputConditionIdentifier),
                             "CGATS TR 006")

    @unittest.skipUnless(os.path.exists(GS_ICC + "/default_cmyk.icc"), "no CMYK profile")
    def test_icc_profile_embedded(self):
        out = os.path.join(self.tmp, "icc")
        r = build(out, "--icc", GS_ICC + "/default_cmyk.icc")
        self.assertEqual(r.returncode, 0, r.stderr)
        with pikepdf.open(os.path.join(out, "cards-printshop.pdf")) as pdf:
            oi = pdf.Root.OutputIntents[0]
            self.assertEqual(int(oi.DestOutputProfile.N), 4)
            self.assertEqual(oi.DestOutputProfile.read_bytes()[36:40], b"acsp")

    @unittest.skipUnless(os.path.exists(GS_ICC + "/default_rgb.icc"), "no RGB profile")
    def test_icc_rgb_profile_refused(self):
        r = build(os.path.join(self.tmp, "rgb"), "--icc", GS_ICC + "/default_rgb.icc")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("not a CMYK profile", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "rgb", "cards-printshop.pdf")))

    def test_colour_without_cmyk(self):
        src = read(os.path.join(SOURCE, "templates/default.xml"))
        broken = src.replace(' cmyk="61,90,10,1"', "")
        self.assertNotEqual(src, broken)
        path = os.path.join(self.tmp, "t.xml")
        write(path, broken)
        line = broken[:broken.index('id="onderzoeken"')].count("\n") + 1
        r = build(os.path.join(self.tmp, "out"), "--template", path)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertRegex(r.stderr, r"t\.xml:%d: error: colour 'onderzoeken' \(#7b3f8c\) has no "
                         r"CMYK value" % line)
        if os.path.exists(GS_ICC + "/default_cmyk.icc"):
            r = build(os.path.join(self.tmp, "out"), "--template", path,
                      "--icc", GS_ICC + "/default_cmyk.icc")
            self.assertEqual(r.returncode, 0, r.stderr)

    def test_cmyk_over_300_percent_refused(self):
        src = read(os.path.join(SOURCE, "templates/default.xml"))
        path = os.path.join(self.tmp, "t.xml")
        write(path, src.replace('cmyk="71,54,51,26"', 'cmyk="90,80,80,80"'))
        r = build(os.path.join(self.tmp, "out"), "--template", path)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("adds up to 330 % ink", r.stderr)

    def test_rich_black_for_large_areas_only(self):
        """A template naming a rich black: the Prikkelvragen backs (solid black, 69 x 94 mm
        with the bleed) print in it; the theme bands in black (15 mm high), the prompt
        markers and all text keep black ink alone."""
        src = read(os.path.join(SOURCE, "templates/default.xml"))
        changed = (src.replace('condition="fogra39">', 'condition="fogra39" rich-black="60,40,40,100">')
                   .replace('colour="#b8562d" cmyk="20,77,96,9"', 'colour="#000000" cmyk="0,0,0,100"')
                   .replace('colour="#1b6b87" cmyk="87,50,33,9"', 'colour="#000000" cmyk="0,0,0,100"'))
        self.assertEqual(changed.count("#000000"), 2)
        path = os.path.join(self.tmp, "t.xml")
        write(path, changed)
        out = os.path.join(self.tmp, "rich")
        r = build(out, "--template", path, "--only", "printshop")
        self.assertEqual(r.returncode, 0, r.stderr)
        pdf_path = os.path.join(out, "cards-printshop.pdf")
        rich, black = (0.6, 0.4, 0.4, 1.0), (0.0, 0.0, 0.0, 1.0)
        large, small, text = [], [], set()
        with pikepdf.open(pdf_path) as pdf:
            for page, w, h, fill in fills(pdf):
                if fill == rich:
                    large.append((page, w / MM, h / MM))
                elif fill == black:
                    small.append((page, w / MM, h / MM))
            for page, op, operands, fill, where in walk_content(pdf):
                if op in TEXT_OPS:
                    text.add(fill)
        self.assertTrue(large and small, (large[:3], small[:3]))
        for page, w, h in large:
            self.assertTrue(w >= 20 - 0.01 and h >= 20 - 0.01, (page, w, h))
        for page, w, h in small:
            self.assertTrue(min(w, h) < 20, (page, w, h))
        self.assertTrue(any(abs(w - 69) < 0.1 and abs(h - 94) < 0.1 for _, w, h in large))
        self.assertTrue(any(abs(w - 69) < 0.1 and abs(h - 15) < 0.1 for _, w, h in small))
        self.assertTrue(all(c[:3] == (0, 0, 0) for c in text), text)
        r = preflight(pdf_path)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_rich_black_without_black_refused(self):
        src = read(os.path.join(SOURCE, "templates/default.xml"))
        path = os.path.join(self.tmp, "t.xml")
        write(path, src.replace('condition="fogra39">', 'condition="fogra39" rich-black="60,40,40,90">'))
        r = build(os.path.join(self.tmp, "out"), "--template", path)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("rich-black has 90 % black", r.stderr)


def fills(pdf):
    """(page number, width, height in points, fill CMYK) of every filled path of
    every page and of the Form XObjects it paints (Do), its size its bounding
    box on the page (CTM followed through cm, q and Q, and a form's /Matrix)."""
    def times(m, c):
        return (m[0] * c[0] + m[1] * c[2], m[0] * c[1] + m[1] * c[3],
                m[2] * c[0] + m[3] * c[2], m[2] * c[1] + m[3] * c[3],
                m[4] * c[0] + m[5] * c[2] + c[4], m[4] * c[1] + m[5] * c[3] + c[5])

    def run(n, stream, resources, ctm, fill, depth):
        stack, pts = [], []
        xobjects = resources.get("/XObject", {}) if resources is not None else {}
        for operands, op in pikepdf.parse_content_stream(stream):
            op = str(op)
            nums = [float(x) for x in operands if isinstance(x, (int, float, decimal.Decimal))]
            if op == "q":
                stack.append((ctm, fill))
            elif op == "Q" and stack:
                ctm, fill = stack.pop()
            elif op == "cm":
                ctm = times(nums, ctm)
            elif op == "k":
                fill = tuple(nums)
            elif op == "Do" and depth < 8:
                xo = xobjects.get(str(operands[0]))
                if xo is not None and xo.get("/Subtype") == "/Form":
                    m = [float(x) for x in xo.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                    yield from run(n, xo, xo.get("/Resources"), times(m, ctm), fill, depth + 1)
            elif op in ("m", "l", "c", "v", "y"):
                pts += [(nums[i], nums[i + 1]) for i in range(0, len(nums), 2)]
            elif op == "re":
                x, y, w, h = nums
                pts += [(x, y), (x + w, y + h)]
            elif op in ("f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "n"):
                if op not in ("S", "s", "n") and pts:
                    on = [(ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5])
                          for x, y in pts]
                    xs, ys = [p[0] for p in on], [p[1] for p in on]
                    yield n, max(xs) - min(xs), max(ys) - min(ys), fill
                pts = []

    for n, page in enumerate(pdf.pages, 1):
        yield from run(n, page, page.obj.get("/Resources"), (1, 0, 0, 1, 0, 0), (0, 0, 0, 1), 0)

if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
