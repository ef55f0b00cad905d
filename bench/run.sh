#!/bin/sh
# Benchmark: kaartset against the floor (the simplest direct Cairo/Pango
# program, shared/perf/limit.c, run as it is) on the same synthetic decks.
#
#   bench/run.sh [N ...]        default: 54 540 5400
#
# One table, measured in one sitting (wall time best of three, peak memory
# of that run; the card PDFs and the floor run in turns):
#   cards       the deck size (synthetic decks from shared/perf/workload.sh;
#               "nl" is the real Dutch edition, content/nl; "P1" its card P1
#               alone, --cards P1; "1" a synthetic deck of one card)
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

# Runs a command once: its "seconds peak-KiB" in $last.
run_once() {
  /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  last=$(cat "$work/t")
}
# Keeps $last in the variable named $1 when it is faster than what is there.
keep_best() {
  eval "cur=\${$1}"
  if [ -z "$cur" ] || [ "$(echo "$last $cur" | awk '{print ($1 < $3)}')" = 1 ]; then eval "$1=\$last"; fi
}
# "seconds peak-KiB" of one command, best of three runs
measure() {
  best=""
  for _ in 1 2 3; do run_once "$@"; keep_best best; done
  echo "$best"
}

printf '%6s %8s %8s %7s %8s %8s %9s %9s\n' cards pdfs_s floor_s ratio full_s full_MB guide_MB floor_MB
for n in ${@:-54 540 5400}; do
  tsv=$(sh "$PERF/workload.sh" "$n" "$work")
  mkdir -p "$work/c$n/nl"
  python3 bench/tsv2xml.py "$tsv" content/nl/instrument.xml "$work/c$n/nl/instrument.xml"
  # The card PDFs and the floor in turns, best of three each: the machine's
  # speed drifts within minutes, and so would a ratio of two times taken
  # minutes apart.
  p="" f=""
  for _ in 1 2 3; do
    run_once "$K" build --content "$work/c$n/nl" --out "$work/p$n" --only cards --only printshop
    keep_best p
    run_once env SHOP="$work/shop$n.pdf" "$work/limit" "$tsv" "$work/floor$n.pdf"
    keep_best f
  done
  k=$(measure "$K" build --content "$work/c$n/nl" --out "$work/out$n")
  g=$(measure "$K" build --content "$work/c$n/nl" --out "$work/g$n" --only guide)
  echo "$n $p $f $k $g" | awk '{printf "%6d %8.2f %8.2f %6.1fx %8.2f %8.1f %9.1f %9.1f\n",
    $1, $2, $4, ($4 > 0 ? $2 / $4 : 0), $6, $7 / 1024, $9 / 1024, $5 / 1024}'
done
# The real Dutch edition: every output; and one card of it (--cards P1).
k=$(measure "$K" build --out "$work/nl")
echo "$k" | awk '{printf "%6s %8s %8s %7s %8.2f %8.1f %9s %9s\n", "nl", "", "", "", $1, $2 / 1024, "", ""}'
k=$(measure "$K" build --cards P1 --out "$work/one")
echo "$k" | awk '{printf "%6s %8s %8s %7s %8.2f %8.1f %9s %9s\n", "P1", "", "", "", $1, $2 / 1024, "", ""}'
# A synthetic deck of one card (the reference generator's), every output.
tsv=$(sh "$PERF/workload.sh" 1 "$work")
mkdir -p "$work/c1/nl"
python3 bench/tsv2xml.py "$tsv" content/nl/instrument.xml "$work/c1/nl/instrument.xml"
k=$(measure "$K" build --content "$work/c1/nl" --out "$work/out1")
echo "$k" | awk '{printf "%6s %8s %8s %7s %8.2f %8.1f %9s %9s\n", "1", "", "", "", $1, $2 / 1024, "", ""}'
