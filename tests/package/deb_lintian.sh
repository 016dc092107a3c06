#!/usr/bin/env bash
# Builds the .deb with `cpack -G DEB` and runs Debian's lintian on it: any
# error (an "E:" line) fails; warnings are printed. Exits 77 (ctest: skipped)
# when lintian is not installed (`./bootstrap.sh test` installs it).
#   deb_lintian.sh BUILD_DIR VERSION
set -euo pipefail
build=$1 version=$2
if ! command -v lintian >/dev/null; then
  echo "deb_lintian: SKIPPED: lintian is not installed (apt-get install lintian)"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "deb_lintian: $*" >&2; exit 1; }

cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp" >"$tmp/cpack.log" 2>&1 ||
  { cat "$tmp/cpack.log" >&2; fail "cpack failed"; }
deb=$(ls "$tmp"/netpol_"$version"_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "cpack produced no netpol_${version}_*.deb: $(ls "$tmp")"

# lintian's exit status also counts warnings; its E: lines are what fails.
lintian --tag-display-limit 0 "$deb" >"$tmp/lintian.txt" 2>&1 || true
cat "$tmp/lintian.txt"
if grep -q '^E: ' "$tmp/lintian.txt"; then
  fail "lintian reports errors on $(basename "$deb")"
fi
echo "deb_lintian: ok, no error ($(grep -c '^W: ' "$tmp/lintian.txt" || true) warnings)"
