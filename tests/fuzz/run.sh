#!/bin/sh
# Builds the libFuzzer targets (clang-14, ASan+UBSan) and runs each for a
# bounded time, seeded from the repository's fixtures.
#   tests/fuzz/run.sh [SECONDS_EACH]      (default 60)
# A crash stops the run with the reproducer in build-fuzz/crashes/; make it a
# fixture in tests/fuzz/fixtures/<target>/, which every run replays first.
set -eu
cd "$(dirname "$0")/../.."
secs=${1:-60}
B=build-fuzz
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g -O1"
[ -f $B/build.ninja ] || CC=clang-14 CFLAGS="-fsanitize=fuzzer-no-link $SAN" \
  LDFLAGS="-fsanitize=address,undefined" meson setup $B -Dbuildtype=plain -Db_lundef=false >/dev/null
ninja -C $B src/libkaartset.a >/dev/null
DEPS=$(pkg-config --cflags --libs glib-2.0 gobject-2.0 cairo cairo-pdf pango pangocairo pangoft2 \
  fontconfig libxml-2.0 libqpdf lcms2 2>/dev/null || pkg-config --cflags --libs glib-2.0 gobject-2.0 \
  cairo cairo-pdf pango pangocairo pangoft2 fontconfig libxml-2.0 libqpdf)
for t in content template label; do
  clang-14 -fsanitize=fuzzer $SAN -Isrc -I$B/src tests/fuzz/fuzz_$t.c $B/src/libkaartset.a \
    $DEPS -lhyphen -lm -o $B/fuzz_$t
done
mkdir -p $B/crashes
seed() { # corpus folder for target $1 from the fixtures
  c=$B/corpus-$1
  mkdir -p $c
  case $1 in
    content) cp content/*/instrument.xml $c/ 2>/dev/null || true
             find tests/data -name '*.xml' -path '*content*' -exec cp {} $c/ \; ;;
    template) for f in templates/*.xml; do cp "$f" $c/; done
              find tests/data -name '*.xml' -path '*templ*' -exec cp {} $c/ \; ;;
    label) grep -ho '<label key="[^"]*"[^>]*>[^<]*' content/*/instrument.xml | sed 's/^<label[^>]*>//' |
             split -l 1 - $c/label- ;;
  esac
  [ -d tests/fuzz/fixtures/$1 ] && cp tests/fuzz/fixtures/$1/* $c/ 2>/dev/null || true
  echo $c
}
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1
for t in content template label; do
  c=$(seed $t)
  # Replay the fixtures (crashes found earlier) first, then explore.
  if [ -d tests/fuzz/fixtures/$t ]; then $B/fuzz_$t tests/fuzz/fixtures/$t/* >/dev/null 2>&1 || {
    echo "fuzz: $t: a fixture fails again:"; $B/fuzz_$t tests/fuzz/fixtures/$t/*; exit 1; }; fi
  echo "fuzz: $t for ${secs}s"
  $B/fuzz_$t -max_total_time=$secs -timeout=5 -max_len=65536 -rss_limit_mb=2048 \
    -artifact_prefix=$B/crashes/$t- -print_final_stats=1 $c 2>$B/fuzz_$t.log || {
    tail -40 $B/fuzz_$t.log; echo "fuzz: $t found a crash: $B/crashes/"; exit 1; }
  grep -E "stat::number_executed_units|stat::peak_rss_mb" $B/fuzz_$t.log | tr '\n' ' '; echo
done
