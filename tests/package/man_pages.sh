#!/usr/bin/env bash
# The man pages as installed: `cmake --install` puts netpol.1.gz and one
# netpol-COMMAND.1.gz per command (and kubectl-netpol.1.gz) in
# share/man/man1; each renders with `man -l` without a warning, and each
# command's page lists every option its --help lists (read from the real
# binary's help, not from the generator).
#   man_pages.sh BUILD_DIR
set -euo pipefail
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "man_pages: $*" >&2; exit 1; }
command -v man >/dev/null || { echo "man_pages: SKIPPED: man is not installed (apt-get install man-db)"; exit 77; }

cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
man1=$tmp/prefix/share/man/man1
netpol=$tmp/prefix/bin/netpol

render() {  # PAGE: the page as a terminal shows it; fails on roff or man warnings
  local text
  text=$(LC_ALL=C.UTF-8 MANWIDTH=200 man --warnings -E UTF-8 -l "$1" 2>"$tmp/warnings")
  [ ! -s "$tmp/warnings" ] || fail "$(basename "$1") renders with warnings: $(cat "$tmp/warnings")"
  printf '%s\n' "$text"
}
# The option names in --help: "  -o,--output,--format TEXT ..." -> -o --output --format
options_of() {
  "$netpol" "$@" --help | grep -E '^  -' | awk '{print $1}' | tr ',' '\n' | grep -E '^-'
}
has_word() {  # TEXT WORD: WORD appears delimited (--output does not match --output-file)
  grep -qE -- "(^|[^-[:alnum:]])$(sed 's/[.[\*^$]/\\&/g' <<<"$2")([^-[:alnum:]]|$)" <<<"$1"
}

[ -f "$man1/netpol.1.gz" ] || fail "no share/man/man1/netpol.1.gz"
gzip -t "$man1/netpol.1.gz" || fail "netpol.1.gz is not gzip"
[ "$(readlink "$man1/kubectl-netpol.1.gz")" = netpol.1.gz ] ||
  fail "kubectl-netpol.1.gz is not a link to netpol.1.gz"
top=$(render "$man1/netpol.1.gz")
for option in $(options_of); do
  has_word "$top" "$option" || fail "netpol.1 does not list $option"
done

commands=$("$netpol" --help | sed -n '/^Subcommands:/,/^$/p' | awk 'NR > 1 && NF {print $1}')
[ -n "$commands" ] || fail "no command in netpol --help"
pages=0
for command in $commands; do
  page=$man1/netpol-$command.1.gz
  [ -f "$page" ] || fail "no man page for netpol $command (netpol-$command.1.gz)"
  grep -qF "netpol-$command(1)" <<<"$top" || fail "netpol.1 does not name netpol-$command(1)"
  text=$(render "$page")
  grep -q "^NAME" <<<"$text" || fail "netpol-$command.1 has no NAME section"
  grep -qE "^ +netpol-$command - " <<<"$text" || fail "netpol-$command.1: bad NAME line"
  for option in $(options_of "$command"); do
    has_word "$text" "$option" || fail "netpol-$command.1 does not list $option"
  done
  pages=$((pages + 1))
done
# No page for a command that is not there.
for page in "$man1"/netpol-*.1.gz; do
  name=$(basename "$page" .1.gz)
  grep -qxF "${name#netpol-}" <<<"$commands" || fail "$name.1.gz names no command"
done
echo "man_pages: ok (netpol.1 and $pages command pages)"
