#!/usr/bin/env python3
"""Turns the reference deck (shared/perf/workload.sh: id, theme, type, question) into an
instrument.xml: themes become themes, card types aspects, every row a Spiegel card; labels,
werkvormen and guide are taken from an existing edition so the whole build runs.

usage: tsv2xml.py DECK.tsv EDITION/instrument.xml OUT/instrument.xml
"""
import re
import sys
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

tsv, edition, out = sys.argv[1:4]
rows = [line.rstrip("\n").split("\t") for line in open(tsv, encoding="utf-8") if line.strip()]
text = open(edition, encoding="utf-8").read()


def block(tag):
    """The first <tag>…</tag> of the edition, verbatim."""
    return re.search(r"<%s[ >].*?</%s>" % (tag, tag), text, re.S).group(0)


def ident(name):
    return "t-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


themes = sorted({r[1] for r in rows})
types = sorted({r[2] for r in rows})
werkvormen = re.findall(r"<werkvorm .*?</werkvorm>", text, re.S)
# A guide without card references, since the reference deck has other cards.
guide = re.sub(r'<ref card="[^"]*"/>', "", block("guide"))
werkvormen = [re.sub(r'<ref card="[^"]*"/>', "", w) for w in werkvormen]
with open(out, "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    f.write('<instrument format="1" xml:lang="nl" edition="bench">\n')
    f.write(block("meta") + "\n" + block("labels") + "\n<themes>\n")
    for t in themes:
        f.write("  <theme id=%s>%s</theme>\n" % (quoteattr(ident(t)), escape(t)))
    f.write("</themes>\n<aspects>\n")
    for t in types:
        f.write("  <aspect id=%s>%s</aspect>\n" % (quoteattr(ident(t)), escape(t)))
    f.write('</aspects>\n<cardset id="bench" code="B">\n<name>Referentiekaarten</name>\n<intro>Kaarten voor de benchmark.</intro>\n')
    for r in rows:
        f.write('<card id="b%s" theme=%s aspect=%s><question>%s</question></card>\n'
                % (r[0], quoteattr(ident(r[1])), quoteattr(ident(r[2])), escape(r[3])))
    f.write("</cardset>\n" + "\n".join(werkvormen) + "\n" + guide + "\n</instrument>\n")
ET.parse(out)  # well-formed, or fail here
