#!/bin/sh
# kaartset set-up: installs what is missing (Debian 12), builds, then
#   ./setup.sh [build options]      renders the Dutch edition into output/nl
#   ./setup.sh test                 runs every test
#   ./setup.sh calibrate [options]  writes output/nl/calibration.pdf
set -eu
cd "$(dirname "$0")"

PACKAGES="meson ninja-build pkg-config gcc libc6-dev libglib2.0-dev libcairo2-dev
  libpango1.0-dev libfontconfig-dev libxml2-dev libcmocka-dev libhyphen-dev hyphen-nl hyphen-en-us
  libqpdf-dev qpdf poppler-utils python3 python3-fitz
  python3-pikepdf ghostscript liblcms2-dev chromium fonts-noto-cjk"

# The hyphenation dictionary of each edition under content/ (its xml:lang),
# where Debian has one: hyphen-de, hyphen-fr, hyphen-en-us, hyphen-pt-br ...
for f in content/*/instrument.xml; do
  lang=$(sed -n 's/.*xml:lang="\([^"]*\)".*/\1/p' "$f" | head -n 1 | tr 'A-Z_' 'a-z-')
  [ -n "$lang" ] || continue
  for p in "hyphen-$lang" "hyphen-${lang%%-*}" "hyphen-${lang%%-*}-us" "hyphen-${lang%%-*}-pt"; do
    if apt-cache show "$p" 2>/dev/null | grep -q "^Package:"; then
      case " $PACKAGES " in *" $p "*) ;; *) PACKAGES="$PACKAGES $p" ;; esac
      break
    fi
  done
done

missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "kaartset: installing:$missing"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

[ -f build/build.ninja ] || meson setup build
ninja -C build

case "${1:-}" in
  test)
    status=0
    meson test -C build --print-errorlogs || status=$?
    # One closing line a person (and CI) can read at a glance.
    python3 -c 'import json, sys
r = [json.loads(l)["result"] for l in open("build/meson-logs/testlog.json")]
print("tests: %d passed, %d failed" % (r.count("OK"), len(r) - r.count("OK") - r.count("SKIP")))'
    exit $status ;;
  calibrate) shift; ./build/kaartset calibrate "$@" ;;
  test*) echo "usage: ./setup.sh [test | build options such as --paper letter]" >&2; exit 2 ;;
  *) ./build/kaartset build "$@" ;;
esac
