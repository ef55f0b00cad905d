#!/usr/bin/env python3
"""Output you can trust, and hostile files: parallel builds, kills, symlinks,
a full disk, templates with a DOCTYPE, FIFOs, damaged fonts, messages.

usage: safety_test.py KAARTSET SOURCE_ROOT
"""
import os
import random
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import unittest

EXE = os.path.abspath(sys.argv[1])
ROOT = os.path.abspath(sys.argv[2])
FILES = ["cards-printshop.pdf", "cards.pdf", "guide.pdf", "werkvormen.pdf"]
# Builds must not depend on the clock; a second, different edition of the
# same files comes from another date.
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")
ENV_OTHER = dict(os.environ, SOURCE_DATE_EPOCH="1798761600")


def build(out, *args, env=ENV, timeout=60, **kw):
    return subprocess.run([EXE, "build", "--out", out, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout, **kw)


def start(out, *args, env=ENV):
    return subprocess.Popen([EXE, "build", "--out", out, *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def contents(out):
    return {n: open(os.path.join(out, n), "rb").read() for n in FILES}


def qpdf_ok(path):
    if not path.endswith(".pdf"):
        return os.path.getsize(path) > 0
    r = subprocess.run(["qpdf", "--check", path], capture_output=True, text=True)
    return r.returncode == 0


def store(out):
    """The folder kaartset keeps its generations in, beside the output folder."""
    real = os.path.realpath(out)
    return os.path.join(os.path.dirname(real), "." + os.path.basename(real) + ".kaartset")


class Base(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="kaartset-safety-")
        self.out = os.path.join(self.tmp, "nl")

    def tearDown(self):
        subprocess.run(["umount", "-q", os.path.join(self.tmp, "small")],
                       capture_output=True)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def assert_clean(self, out):
        """Only the files in the output folder, one generation in the store."""
        self.assertEqual(sorted(os.listdir(out)), FILES)
        for n in FILES:
            path = os.path.join(out, n)
            self.assertTrue(os.path.isfile(path), n)  # a symlink to a regular file
        entries = sorted(os.listdir(store(out)))
        self.assertEqual(len(entries), 2, entries)
        self.assertEqual(entries[0], "current")
        self.assertTrue(entries[1].startswith("g-"), entries)
        self.assertEqual(os.readlink(os.path.join(store(out), "current")), entries[1])


class Output(Base):
    def test_files_are_links_into_one_generation(self):
        r = build(self.out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assert_clean(self.out)
        for n in FILES:
            self.assertEqual(os.readlink(os.path.join(self.out, n)),
                             "../.nl.kaartset/current/" + n)
            self.assertTrue(qpdf_ok(os.path.join(self.out, n)), n)

    def test_calibrate_and_build_keep_each_others_files(self):
        self.assertEqual(build(self.out).returncode, 0)
        r = subprocess.run([EXE, "calibrate", "--out", self.out], cwd=ROOT, env=ENV,
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(build(self.out).returncode, 0)
        self.assertEqual(sorted(os.listdir(self.out)), sorted(FILES + ["calibration.pdf"]))
        self.assertTrue(qpdf_ok(os.path.join(self.out, "calibration.pdf")))

    def test_users_own_files_stay(self):
        os.makedirs(self.out)
        with open(os.path.join(self.out, "notes.txt"), "w") as f:
            f.write("mine\n")
        os.mkdir(os.path.join(self.out, "photos"))
        self.assertEqual(build(self.out).returncode, 0)
        self.assertEqual(build(self.out, env=ENV_OTHER).returncode, 0)
        self.assertEqual(open(os.path.join(self.out, "notes.txt")).read(), "mine\n")
        self.assertTrue(os.path.isdir(os.path.join(self.out, "photos")))

    def test_folder_at_a_name_leaves_all_untouched(self):
        self.assertEqual(build(self.out).returncode, 0)
        before = contents(self.out)
        os.unlink(os.path.join(self.out, "guide.pdf"))
        os.makedirs(os.path.join(self.out, "guide.pdf", "x"))
        r = build(self.out, env=ENV_OTHER)
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn("guide.pdf", r.stderr)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
        for n in FILES:
            if n != "guide.pdf":
                self.assertEqual(open(os.path.join(self.out, n), "rb").read(), before[n], n)

    def test_old_tmp_files_are_removed(self):
        self.assertEqual(build(self.out).returncode, 0)
        for n in [".cards.pdf.tmp", ".guide.pdf.tmp.cairo", ".kaartset-link-abc-0"]:
            with open(os.path.join(self.out, n), "w") as f:
                f.write("left over")
        os.mkdir(os.path.join(store(self.out), "g-Killed"))
        self.assertEqual(build(self.out).returncode, 0)
        self.assert_clean(self.out)

    def test_symlink_at_every_name(self):
        """Planted links are replaced or refused, their targets never written."""
        os.makedirs(self.out)
        victim = os.path.join(self.tmp, "victim")
        victim_dir = os.path.join(self.tmp, "victim-dir")
        os.mkdir(victim_dir)
        with open(victim, "w") as f:
            f.write("precious\n")
        names = FILES + [".cards.pdf.tmp", ".cards.pdf.tmp.cairo", ".guide.pdf.tmp",
                         ".kaartset-link-x-0", ".kaartset"]
        for n in names:
            os.symlink(victim, os.path.join(self.out, n))
        r = build(self.out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(open(victim).read(), "precious\n")
        for n in FILES:
            self.assertTrue(qpdf_ok(os.path.join(self.out, n)), n)
        # A link where the store goes is refused, never followed.
        shutil.rmtree(self.out)
        shutil.rmtree(store(self.out))
        os.symlink(victim_dir, store(self.out))
        r = build(self.out)
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn(".nl.kaartset: error: not the folder kaartset keeps its files in", r.stderr)
        self.assertEqual(os.listdir(victim_dir), [])
        # Once kaartset has its store, links planted inside it are refused too.
        shutil.rmtree(self.out)
        os.unlink(store(self.out))
        self.assertEqual(build(self.out).returncode, 0)
        cur = os.path.join(store(self.out), "current")
        os.unlink(cur)
        os.symlink(victim_dir, cur)
        r = build(self.out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(os.listdir(victim_dir), [])
        self.assertEqual(open(victim).read(), "precious\n")
        self.assert_clean(self.out)


class Parallel(Base):
    def test_concurrent_builds(self):
        """20 pairs at once: exit 0 only with whole files, and every file whole."""
        rng = random.Random(8)
        for i in range(20):
            a = start(self.out, env=ENV if i % 2 else ENV_OTHER)
            time.sleep(rng.uniform(0, 0.3))
            b = start(self.out, env=ENV_OTHER if i % 2 else ENV)
            ra, rb = a.wait(60), b.wait(60)
            for p, rc in ((a, ra), (b, rb)):
                err = p.stderr.read()
                p.stdout.close()
                p.stderr.close()
                self.assertEqual(rc, 0, err)
            for n in FILES:
                self.assertTrue(qpdf_ok(os.path.join(self.out, n)), (i, n))
        self.assert_clean(self.out)


class Kill(Base):
    def test_sigkill_anywhere(self):
        """Killed at random moments, 20 times: the files are all the earlier
        build's or all the new one's, and the next run leaves no stray file."""
        self.assertEqual(build(self.out).returncode, 0)
        old = contents(self.out)
        other = os.path.join(self.tmp, "other")
        self.assertEqual(build(other, env=ENV_OTHER).returncode, 0)
        new = contents(other)
        self.assertNotEqual(old["cards.pdf"], new["cards.pdf"])
        t0 = time.monotonic()
        self.assertEqual(build(os.path.join(self.tmp, "timing")).returncode, 0)
        took = time.monotonic() - t0
        rng = random.Random(80)
        for i in range(20):
            p = start(self.out, env=ENV_OTHER if i % 2 == 0 else ENV)
            time.sleep(rng.uniform(0.2 * took, 1.05 * took))
            p.send_signal(signal.SIGKILL)
            p.wait()
            p.stdout.close()
            p.stderr.close()
            now = contents(self.out)
            # A file the same in both builds tells nothing; the rest must agree.
            which = {"old", "new"}
            for n in FILES:
                which &= {w for w, v in (("old", old), ("new", new)) if now[n] == v[n]}
            self.assertTrue(which, (i, "files of two builds, or a file of neither"))
        r = build(self.out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assert_clean(self.out)


class FullDisk(Base):
    def test_file_size_limit(self):
        self.assertEqual(build(self.out).returncode, 0)
        before = contents(self.out)

        def limit():
            resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000))
        r = build(self.out, env=ENV_OTHER, preexec_fn=limit)
        self.assertEqual(r.returncode, 3, r.stderr)
        lines = r.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertRegex(lines[0], r"nl/[a-z-]+\.pdf: error: the file grew beyond the size this "
                                   r"system allows while writing")
        self.assertNotIn(".kaartset", r.stderr)
        self.assertEqual(contents(self.out), before)
        self.assertEqual(build(self.out).returncode, 0)
        self.assert_clean(self.out)

    def test_small_tmpfs(self):
        small = os.path.join(self.tmp, "small")
        os.mkdir(small)
        m = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=150k", "tmpfs", small],
                           capture_output=True)
        if m.returncode != 0:
            self.skipTest("cannot mount a tmpfs here (the file size limit test covers it)")
        out = os.path.join(small, "nl")
        r = build(out)
        self.assertEqual(r.returncode, 3, r.stderr)
        lines = r.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertIn("error: no space left on the device while writing " + out + "/", lines[0])
        self.assertNotIn("WARNING", r.stderr)
        self.assertEqual(os.listdir(out), [])
        self.assertEqual(os.listdir(store(out)), [])


class NoSymlinks(Base):
    """An output folder on a file system without symlinks (FAT, exFAT: a USB
    stick). A container cannot mount one, so the program is told to find
    symlinks refused (EPERM, as vfat says). The files are then moved in one
    by one: regular files, whole, and nothing left in the store."""
    NO = dict(ENV, KAARTSET_TEST_NO_SYMLINKS="1")
    NO_OTHER = dict(ENV_OTHER, KAARTSET_TEST_NO_SYMLINKS="1")

    def assert_plain_files(self, names):
        self.assertEqual(sorted(os.listdir(self.out)), sorted(names))
        for n in names:
            path = os.path.join(self.out, n)
            self.assertFalse(os.path.islink(path), n)
            self.assertTrue(qpdf_ok(path), n)
        # The store keeps no generation, and no `current` that points nowhere.
        self.assertEqual(os.listdir(store(self.out)), [])

    def test_files_moved_in(self):
        r = build(self.out, env=self.NO)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")
        self.assert_plain_files(FILES)
        first = contents(self.out)
        # A second build replaces every file.
        r = build(self.out, env=self.NO_OTHER)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assert_plain_files(FILES)
        self.assertNotEqual(contents(self.out)["cards.pdf"], first["cards.pdf"])
        # calibrate and build keep each other's files there too.
        r = subprocess.run([EXE, "calibrate", "--out", self.out], cwd=ROOT, env=self.NO,
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(build(self.out, env=self.NO).returncode, 0)
        self.assert_plain_files(FILES + ["calibration.pdf"])

    def test_failed_build_leaves_the_files(self):
        self.assertEqual(build(self.out, env=self.NO).returncode, 0)
        before = contents(self.out)

        def limit():
            resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000))
        r = build(self.out, env=self.NO_OTHER, preexec_fn=limit)
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
        self.assertEqual(contents(self.out), before)
        self.assert_plain_files(FILES)

    def test_images_moved_in(self):
        r = subprocess.run([EXE, "export", "--format", "svg", "--cards", "P1", "--out",
                            self.out], cwd=ROOT, env=self.NO, capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        images = os.path.join(self.out, "images")
        names = sorted(os.listdir(images))
        self.assertIn("P1-front.svg", names)
        for n in names:
            self.assertFalse(os.path.islink(os.path.join(images, n)), n)
            self.assertTrue(open(os.path.join(images, n)).read().rstrip().endswith("</svg>"), n)


class ExportOutput(Base):
    """kaartset export writes images and deck.html through the same checked
    writes and generations as the PDFs."""

    def export(self, fmt, *args, **kw):
        return subprocess.run([EXE, "export", "--format", fmt, "--out", self.out, *args],
                              cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=120,
                              **kw)

    def files(self, folder):
        return {n: open(os.path.join(folder, n), "rb").read() for n in os.listdir(folder)}

    def test_images_at_the_file_size_limit(self):
        """A limit met in the middle of an image: one message naming that
        image in plain words, the earlier images untouched."""
        images = os.path.join(self.out, "images")
        for fmt, other in (("png", ["--dpi", "150"]), ("svg", ["--cards", "P1,P2"])):
            r = self.export(fmt)
            self.assertEqual(r.returncode, 0, r.stderr)
            before = self.files(images)

            def limit():
                resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000))
            r = self.export(fmt, *other, preexec_fn=limit)
            self.assertEqual(r.returncode, 3, (fmt, r.stderr))
            lines = r.stderr.strip().splitlines()
            self.assertEqual(len(lines), 1, r.stderr)
            self.assertRegex(lines[0], r"^%s/[A-Za-z0-9-]+\.%s: error: the file grew beyond the "
                                       r"size this system allows while writing " % (images, fmt))
            self.assertNotIn(".kaartset", r.stderr)
            self.assertEqual(self.files(images), before, fmt)
            shutil.rmtree(self.out)

    def test_deck_html_at_the_file_size_limit(self):
        def limit():
            resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000))
        r = self.export("html", preexec_fn=limit)
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertEqual(r.stderr.strip().splitlines(),
                         ["%s/deck.html: error: the file grew beyond the size this system "
                          "allows while writing %s/deck.html (raise the file size limit, "
                          "ulimit -f, or choose another --out)" % (self.out, self.out)])
        self.assertEqual(os.listdir(self.out), [])

    def test_images_on_a_full_disk(self):
        small = os.path.join(self.tmp, "small")
        os.mkdir(small)
        m = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", small],
                           capture_output=True)
        if m.returncode != 0:
            self.skipTest("cannot mount a tmpfs here (the file size limit test covers it)")
        self.out = os.path.join(small, "nl")
        for fmt in ("png", "svg"):
            r = self.export(fmt)
            self.assertEqual(r.returncode, 3, r.stderr)
            lines = r.stderr.strip().splitlines()
            self.assertEqual(len(lines), 1, r.stderr)
            self.assertRegex(lines[0], r"^%s/images/[A-Za-z0-9-]+\.%s: error: no space left on "
                                       r"the device while writing " % (self.out, fmt))
            self.assertEqual(os.listdir(os.path.join(self.out, "images")), [])
            self.assertEqual(os.listdir(store(os.path.join(self.out, "images"))), [])

    def test_symlink_at_an_image_name(self):
        victim = os.path.join(self.tmp, "victim")
        with open(victim, "w") as f:
            f.write("precious\n")
        images = os.path.join(self.out, "images")
        os.makedirs(images)
        os.symlink(victim, os.path.join(images, "P1-front.png"))
        r = self.export("png", "--cards", "P1")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(open(victim).read(), "precious\n")
        self.assertEqual(open(os.path.join(images, "P1-front.png"), "rb").read(8),
                         b"\x89PNG\r\n\x1a\n")


class HostileInput(Base):
    def content_copy(self):
        c = os.path.join(self.tmp, "content", "nl")
        shutil.copytree(os.path.join(ROOT, "content", "nl"), c)
        return c

    def quick(self, args, env=ENV):
        """Runs kaartset; a run that hangs (a FIFO, an entity loop) fails the test
        by its timeout. How fast it fails is the benchmark's business, not a
        test's: a loaded machine would make a time limit flaky."""
        return subprocess.run([EXE, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=60)

    def test_template_doctype_with_entities(self):
        src = open(os.path.join(ROOT, "templates", "default.xml")).read()
        laughs = ('<!DOCTYPE template [\n<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaa">\n' +
                  "".join('<!ENTITY %s "&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;">\n'
                          % (chr(98 + i), chr(97 + i), chr(97 + i), chr(97 + i), chr(97 + i),
                             chr(97 + i), chr(97 + i), chr(97 + i), chr(97 + i), chr(97 + i),
                             chr(97 + i)) for i in range(9)) + "]>\n")
        root = src.index("<template")
        body = src[root:]
        at = body.index('="') + 2
        body = body[:at] + "&j;" + body[at:]
        t = os.path.join(self.tmp, "evil.xml")
        with open(t, "w") as f:
            f.write(src[:root] + laughs + body)
        line = src[:root].count("\n") + 1
        r = self.quick(["build", "--template", t, "--out", self.out])
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("%s:%d: error: a <!DOCTYPE> is not allowed" % (t, line), r.stderr)
        self.assertFalse(os.path.exists(self.out))

    def test_fifo_as_content_and_template(self):
        c = self.content_copy()
        os.unlink(os.path.join(c, "instrument.xml"))
        os.mkfifo(os.path.join(c, "instrument.xml"))
        r = self.quick(["build", "--content", c, "--out", self.out])
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn("instrument.xml: error: cannot read: this is a pipe (FIFO), not a file",
                      r.stderr)
        fifo = os.path.join(self.tmp, "t.xml")
        os.mkfifo(fifo)
        r = self.quick(["build", "--template", fifo, "--out", self.out])
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn("t.xml: error: cannot read: this is a pipe (FIFO), not a file", r.stderr)

    def test_truncated_font(self):
        fonts = os.path.join(self.tmp, "fonts")
        shutil.copytree(os.path.join(ROOT, "fonts"), fonts)
        path = os.path.join(fonts, "NotoSans-Regular.ttf")
        data = open(path, "rb").read()
        for size in (len(data) // 2, 100, 5, 0):
            with open(path, "wb") as f:
                f.write(data[:size])
            r = self.quick(["build", "--fonts", fonts, "--out", self.out])
            self.assertEqual(r.returncode, 3, (size, r.stderr))
            self.assertRegex(r.stderr, r"^%s: error: this font file is damaged: " % path)
            self.assertNotIn("CRITICAL", r.stderr)
            self.assertFalse(os.path.exists(self.out))

    def test_damaged_font_tables_say_nothing_raw(self):
        """Bytes changed inside a font's tables (its length still whole): the
        build goes on or stops, but stderr holds only the program's own
        lines, never a raw Pango-CRITICAL or GLib warning."""
        import struct
        fonts = os.path.join(self.tmp, "fonts")
        shutil.copytree(os.path.join(ROOT, "fonts"), fonts)
        path = os.path.join(fonts, "NotoSans-Regular.ttf")
        data = open(path, "rb").read()
        tables = {}
        for i in range(struct.unpack(">H", data[4:6])[0]):
            tag, _, off, length = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
            tables[tag.decode("latin-1")] = (off, length)
        rng = random.Random(3)
        for tag in ("cmap", "GSUB", "hmtx", "loca"):
            off, length = tables[tag]
            damaged = bytearray(data)
            for _ in range(40):
                damaged[off + rng.randrange(length)] = rng.randrange(256)
            with open(path, "wb") as f:
                f.write(damaged)
            r = self.quick(["build", "--only", "cards", "--fonts", fonts, "--out", self.out])
            self.assertIn(r.returncode, (0, 1, 3), (tag, r.stderr))
            for line in r.stderr.splitlines():
                self.assertRegex(line, r"^\S.*: (error|warning): ", (tag, line))
                self.assertNotRegex(line, r"CRITICAL|GLib|Pango-|\*\*", (tag, line))

    def test_source_date_epoch_out_of_range(self):
        for bad in ("99999999999999", "-1", "253402300800", "12abc"):
            r = self.quick(["build", "--out", self.out], env=dict(ENV, SOURCE_DATE_EPOCH=bad))
            self.assertEqual(r.returncode, 2, bad)
            self.assertIn("error: SOURCE_DATE_EPOCH", r.stderr)
        r = self.quick(["build", "--out", self.out],
                       env=dict(ENV, SOURCE_DATE_EPOCH="253402300799"))
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_long_path_keeps_the_error_tag(self):
        deep = os.path.join(self.tmp, *(["d" * 200] * 6), "instrument-missing")
        r = self.quick(["build", "--content", deep, "--out", self.out])
        self.assertEqual(r.returncode, 3)
        self.assertIn(": error: cannot read:", r.stderr)

    def test_label_of_200000_braces(self):
        c = self.content_copy()
        path = os.path.join(c, "instrument.xml")
        src = open(path, encoding="utf-8").read()
        start = src.index('<label key="record.intro">')
        end = src.index("</label>", start)
        src = src[:start] + '<label key="record.intro">' + "{" * 200000 + src[end:]
        with open(path, "w", encoding="utf-8") as f:
            f.write(src)
        r = self.quick(["build", "--content", c, "--out", self.out])
        self.assertIn(r.returncode, (0, 1), r.stderr)
        self.assertNotIn("CRITICAL", r.stderr)

    def test_many_cards_unique_ids_fast(self):
        c = self.content_copy()
        path = os.path.join(c, "instrument.xml")
        src = open(path, encoding="utf-8").read()
        start = src.index("<card ", src.index('<cardset id="spiegel"'))
        end = src.index("</card>", start) + len("</card>")
        card = src[start:end]
        cid = card.split('id="')[1].split('"')[0]
        extra = "".join(card.replace('id="%s"' % cid, 'id="%s-x%d"' % (cid, i), 1)
                        for i in range(20000))
        extra += card  # one id twice
        src = src[:end] + extra + src[end:]
        with open(path, "w", encoding="utf-8") as f:
            f.write(src)
        r = subprocess.run([EXE, "check", "--content", c, "--reference", c], cwd=ROOT, env=ENV,
                           capture_output=True, text=True, timeout=60)
        self.assertIn("card '%s' is defined twice" % cid, r.stderr)


if __name__ == "__main__":
    _probe = tempfile.mkdtemp(prefix="kaartset-safety-probe-")
    _r = build(os.path.join(_probe, "nl"))
    assert _r.returncode == 0, _r.stderr
    FILES[:] = sorted(os.listdir(os.path.join(_probe, "nl")))
    assert "cards.pdf" in FILES, FILES
    shutil.rmtree(_probe)
    unittest.main(argv=[sys.argv[0], "-v"])
