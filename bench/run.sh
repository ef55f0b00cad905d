#!/bin/sh
# Benchmark: kaartset against the floor (the simplest direct Cairo/Pango program,
# shared/perf/limit.c) on the same synthetic deck of N cards.
#
#   bench/run.sh [N ...]        default: 54 540 5400
#
# Prints, per N: wall time and peak memory of `kaartset build` (every output:
# office sheets, print-shop file, guide, werkvorm pages) and of the floor, and
# their ratio. Targets: see bench/README.md. Needs a built ./build/kaartset.
set -eu
cd "$(dirname "$0")/.."
PERF=${KAARTSET_PERF:-../shared/perf}
[ -x build/kaartset ] || { echo "build first: ./setup.sh" >&2; exit 2; }
[ -f "$PERF/workload.sh" ] || { echo "no $PERF/workload.sh (set KAARTSET_PERF)" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/limit" "$PERF/limit.c" $(pkg-config --cflags --libs pangocairo)

# seconds and peak KiB of one command, best of three runs
measure() {
  best=""
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
    t=$(cat "$work/t")
    if [ -z "$best" ] || [ "$(echo "$t $best" | awk '{print ($1 < $3)}')" = 1 ]; then best=$t; fi
  done
  echo "$best"
}

printf '%8s %12s %12s %12s %12s %8s\n' cards kaartset_s kaartset_MB floor_s floor_MB ratio
for n in ${@:-54 540 5400}; do
  tsv=$(sh "$PERF/workload.sh" "$n" "$work")
  mkdir -p "$work/c$n/nl"
  python3 bench/tsv2xml.py "$tsv" content/nl/instrument.xml "$work/c$n/nl/instrument.xml"
  k=$(measure ./build/kaartset build --content "$work/c$n/nl" --out "$work/out$n")
  f=$(measure "$work/limit" "$tsv" "$work/floor$n.pdf")
  echo "$n $k $f" | awk '{printf "%8d %12.2f %12.1f %12.2f %12.1f %7.1fx\n", $1, $2, $3/1024, $4, $5/1024, ($4 > 0 ? $2/$4 : 0)}'
done
