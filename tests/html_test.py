#!/usr/bin/python3
"""deck.html in a real browser: Debian's chromium, headless, driven over the
DevTools protocol (--remote-debugging-pipe, no other dependency). It loads
the Dutch edition's deck.html from a file, records every network request,
filters by card set and theme, draws cards until the pile is empty, starts
a werkvorm's timer, works the keyboard, and saves screenshots
(KAARTSET_SCREENSHOTS=DIR keeps them, to look at).

usage: html_test.py KAARTSET SOURCE_ROOT
Skips when chromium is not installed.
"""
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

KAARTSET, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    """One headless chromium and one page, spoken to over a pipe."""

    def __init__(self, profile):
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def fds():
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)

        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless=new", "--remote-debugging-pipe", "--no-sandbox",
             "--disable-gpu", "--no-first-run", "--no-default-browser-check",
             "--user-data-dir=" + profile, "--window-size=1280,900", "about:blank"],
            pass_fds=(3, 4), preexec_fn=fds, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buf, self.next_id, self.events, self.session = b"", 0, [], None
        target = [t for t in self.call("Target.getTargets")["targetInfos"] if t["type"] == "page"][0]
        self.session = self.call("Target.attachToTarget", targetId=target["targetId"],
                                 flatten=True)["sessionId"]

    def _read(self):
        while b"\0" not in self.buf:
            chunk = os.read(self.from_chrome, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, **params):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if self.session and not method.startswith("Target."):
            msg["sessionId"] = self.session
        os.write(self.to_chrome, json.dumps(msg).encode() + b"\0")
        while True:
            m = self._read()
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            self.events.append(m)

    def js(self, expr):
        r = self.call("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError(json.dumps(r["exceptionDetails"]))
        return r["result"].get("value")

    def key(self, key, code=None, text=None):
        base = {"key": key, "code": code or key}
        if text:
            base["text"] = text
        self.call("Input.dispatchKeyEvent", type="keyDown", **base)
        self.call("Input.dispatchKeyEvent", type="keyUp", **base)

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        self.proc.wait(timeout=20)


@unittest.skipUnless(CHROMIUM, "chromium is not installed (apt-get install chromium)")
class DeckHtml(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kaartset-html-")
        cls.shots = os.environ.get("KAARTSET_SCREENSHOTS") or cls.tmp
        r = subprocess.run([KAARTSET, "export", "--format", "html", "--out",
                            os.path.join(cls.tmp, "nl")],
                           capture_output=True, text=True, cwd=SOURCE)
        assert r.returncode == 0, r.stderr
        cls.html = os.path.realpath(os.path.join(cls.tmp, "nl", "deck.html"))
        cls.doc = ET.parse(os.path.join(SOURCE, "content", "nl", "instrument.xml")).getroot()
        cls.labels = {l.get("key"): l.text for l in cls.doc.find("labels")}
        cls.b = Browser(os.path.join(cls.tmp, "profile"))
        cls.b.call("Network.enable")
        cls.b.call("Page.enable")
        cls.b.call("Page.navigate", url="file://" + cls.html)
        for _ in range(100):
            if cls.b.js("document.readyState") == "complete":
                break
            time.sleep(0.1)

    @classmethod
    def tearDownClass(cls):
        cls.b.close()
        shutil.rmtree(cls.tmp)

    def visible(self):
        return self.b.js("[].filter.call(document.querySelectorAll('main figure'),"
                         "f=>!f.hidden).map(f=>f.dataset.code)")

    def click(self, selector):
        self.b.js("document.querySelector(%s).click()" % json.dumps(selector))

    def test_1_self_contained_and_small(self):
        self.assertLess(os.path.getsize(self.html), 5 * 1024 * 1024)
        requests = [e["params"]["request"]["url"] for e in self.b.events
                    if e.get("method") == "Network.requestWillBeSent"]
        self.assertEqual(requests, ["file://" + self.html])
        with open(self.html, encoding="utf-8") as f:
            text = f.read()
        self.assertNotRegex(text, r"(src|href)=\"(https?:)?//")
        self.assertNotIn("http://www.w3.org/1999/xhtml", text)

    def test_1_faces_keep_their_shapes(self):
        # Every face is an <svg> sized by CSS through its viewBox, with its
        # shapes whole (a background rectangle without width and height
        # draws nothing), and its glyphs drawn from outlines defined once.
        with open(self.html, encoding="utf-8") as f:
            text = f.read()
        faces = re.findall(r"<svg role=\"img\"[^>]*>", text)
        self.assertEqual(len(faces), 24)  # 21 cards, 3 werkvorm cards
        for svg in faces:
            self.assertNotIn(" width=", svg)
            self.assertIn('viewBox="0 0 63 88"', svg)
        rects = re.findall(r"<rect [^>]*>", text)
        self.assertGreaterEqual(len(rects), 24)
        for r in rects:
            self.assertRegex(r, r' width="[0-9.]+" height="[0-9.]+"', r)
        uses = re.findall(r'<use href="#(g[0-9]+)"', text)
        defined = set(re.findall(r'<path id="(g[0-9]+)"', text))
        self.assertGreater(len(uses), 24 * 50)
        self.assertEqual(set(uses) - defined, set())
        # each outline once: far fewer outlines than glyphs drawn
        self.assertLess(len(defined), len(uses) / 10)
        self.assertEqual(len(defined), len(re.findall(r"<path id=", text)))

    def test_2_questions_as_text_labels_in_dutch(self):
        body = self.b.js("document.body.innerText")
        for cs in self.doc.findall("cardset"):
            for card in cs.findall("card"):
                q = re.sub(r"\s+", " ", "".join(card.find("question").itertext())).strip()
                self.assertIn(q, body)
        self.assertEqual(self.b.js("document.documentElement.lang"), "nl")
        for key in ("html.draw", "html.sets", "html.themes", "html.keys"):
            self.assertIn(self.labels[key], body)

    def test_3_filter_by_set_and_theme(self):
        self.click("button[data-set=spiegel]")
        self.click("button[data-theme=opleiden]")
        want = ["S%d" % (i + 1) for i, c in enumerate(
            self.doc.find("cardset[@id='spiegel']").findall("card"))
            if c.get("theme") == "opleiden"]
        self.assertEqual(self.visible(), want)
        self.click("button[data-set='']")
        self.click("button[data-theme='']")
        total = sum(len(cs.findall("card")) for cs in self.doc.findall("cardset"))
        self.assertEqual(len(self.visible()), total + len(self.doc.findall("werkvorm")))

    def test_4_draw_without_repeats_then_again(self):
        self.click("button[data-set=prikkel]")
        n = len(self.visible())
        seen = []
        for _ in range(n):
            self.b.key(" ", "Space", " ")
            seen.append(self.b.js("document.getElementById('vq').textContent"))
        self.assertEqual(len(set(seen)), n, "no card twice")
        self.b.key(" ", "Space", " ")
        self.assertEqual(self.b.js("document.getElementById('status').textContent"),
                         self.labels["html.drawn"])
        self.b.screenshot(os.path.join(self.shots, "deck-card.png"))
        # The card fills the screen's height and stays sharp: it is SVG.
        h = self.b.js("document.querySelector('#stage svg').getBoundingClientRect().height")
        self.assertGreater(h, 0.6 * self.b.js("innerHeight"))
        self.assertEqual(self.b.js("document.querySelector('#stage svg').getAttribute('viewBox')"),
                         "0 0 63 88")
        self.click("#vrestart")
        self.b.key(" ", "Space", " ")
        self.assertEqual(self.b.js("kaartset.drawn()"), 1)
        self.b.key("ArrowRight", "ArrowRight")
        self.b.key("Escape", "Escape")
        self.assertTrue(self.b.js("document.getElementById('view').hidden"))
        self.click("button[data-set='']")

    def test_5_werkvorm_timer(self):
        w = self.doc.findall("werkvorm")[0]
        steps = w.find("steps").findall("step")
        self.click("button[data-werkvorm='0']")
        self.assertEqual(self.b.js("document.getElementById('wvname').textContent"),
                         w.find("name").text)
        first = "%02d:00" % int(steps[0].get("minutes"))
        self.assertEqual(self.b.js("document.getElementById('clock').textContent"), first)
        self.b.key(" ", "Space", " ")  # start
        time.sleep(2.3)
        after = self.b.js("document.getElementById('clock').textContent")
        self.assertNotEqual(after, first)
        self.assertEqual(self.b.js("document.getElementById('wvgo').textContent"),
                         self.labels["html.pause"])
        self.b.key(" ", "Space", " ")  # pause
        time.sleep(1.2)
        self.assertEqual(self.b.js("document.getElementById('clock').textContent"),
                         self.b.js("document.getElementById('clock').textContent"))
        self.b.key("ArrowRight", "ArrowRight")
        self.assertEqual(self.b.js("document.getElementById('clock').textContent"),
                         "%02d:00" % int(steps[1].get("minutes")))
        self.assertIn(re.sub(r"\s+", " ", "".join(steps[1].itertext())).strip()[:40],
                      self.b.js("document.getElementById('wvtext').textContent"))
        self.b.screenshot(os.path.join(self.shots, "deck-werkvorm.png"))
        self.b.key("Escape", "Escape")

    def test_6_overview_screenshot(self):
        self.b.screenshot(os.path.join(self.shots, "deck-overview.png"))
        self.assertTrue(os.path.getsize(os.path.join(self.shots, "deck-overview.png")) > 10000)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
