#!/bin/sh
# Benchmark: kaartset against the floor (the simplest direct Cairo/Pango
# program, shared/perf/limit.c, run as it is) on the same synthetic decks.
#
#   bench/run.sh [N ...]        default: 54 540 5400
#
# One table, measured in one sitting (wall time best of three, peak memory
# of that run):
#   cards       the deck size (synthetic decks from shared/perf/workload.sh;
#               "nl" is the real Dutch edition, content/nl)
#   pdfs_s      both card PDFs only: build --only cards --only printshop
#   floor_s     the floor writing both card PDFs (SHOP=file ./limit)
#   ratio       pdfs_s / floor_s
#   full_s      every output (cards, print-shop file, guide, werkvorm pages,
#               deck.html)
#   full_MB     peak memory of the full build (the largest process)
#   guide_MB    peak memory of the guide made alone (--only guide: one
#               process lays it out, checks and paints it a page at a time)
#   floor_MB    peak memory of the floor
# Targets: bench/README.md. Needs a built ./build/kaartset (./setup.sh).
set -eu
cd "$(dirname "$0")/.."
PERF=${KAARTSET_PERF:-../shared/perf}
K=${KAARTSET_BIN:-build/kaartset}
[ -x "$K" ] || { echo "build first: ./setup.sh" >&2; exit 2; }
[ -f "$PERF/workload.sh" ] || { echo "no $PERF/workload.sh (set KAARTSET_PERF)" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/limit" "$PERF/limit.c" $(pkg-config --cflags --libs pangocairo)

# "seconds peak-KiB" of one command, best of three runs
measure() {
  best=""
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
    t=$(cat "$work/t")
    if [ -z "$best" ] || [ "$(echo "$t $best" | awk '{print ($1 < $3)}')" = 1 ]; then best=$t; fi
  done
  echo "$best"
}

printf '%6s %8s %8s %7s %8s %8s %9s %9s\n' cards pdfs_s floor_s ratio full_s full_MB guide_MB floor_MB
for n in ${@:-54 540 5400}; do
  tsv=$(sh "$PERF/workload.sh" "$n" "$work")
  mkdir -p "$work/c$n/nl"
  python3 bench/tsv2xml.py "$tsv" content/nl/instrument.xml "$work/c$n/nl/instrument.xml"
  p=$(measure "$K" build --content "$work/c$n/nl" --out "$work/p$n" --only cards --only printshop)
  k=$(measure "$K" build --content "$work/c$n/nl" --out "$work/out$n")
  g=$(measure "$K" build --content "$work/c$n/nl" --out "$work/g$n" --only guide)
  f=$(measure env SHOP="$work/shop$n.pdf" "$work/limit" "$tsv" "$work/floor$n.pdf")
  echo "$n $p $f $k $g" | awk '{printf "%6d %8.2f %8.2f %6.1fx %8.2f %8.1f %9.1f %9.1f\n",
    $1, $2, $4, ($4 > 0 ? $2 / $4 : 0), $6, $7 / 1024, $9 / 1024, $5 / 1024}'
done
# The real Dutch edition: every output; and a deck of one card (--cards P1).
k=$(measure "$K" build --out "$work/nl")
echo "$k" | awk '{printf "%6s %8s %8s %7s %8.2f %8.1f %9s %9s\n", "nl", "", "", "", $1, $2 / 1024, "", ""}'
k=$(measure "$K" build --cards P1 --out "$work/one")
echo "$k" | awk '{printf "%6s %8s %8s %7s %8.2f %8.1f %9s %9s\n", "1", "", "", "", $1, $2 / 1024, "", ""}'
