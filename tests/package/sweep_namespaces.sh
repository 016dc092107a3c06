#!/usr/bin/env bash
# Opens netpol's namespace through the netpol/api.h macros in every file
# under lib/ (public headers: exported; private headers and sources: hidden).
# Idempotent: run from the repository root; re-run it on files added later.
set -euo pipefail
ns_sed() {  # $1: the BEGIN macro, $2: file
  sed -i -E \
    -e "s|^namespace netpol \\{\$|$1|" \
    -e "s|^namespace netpol::([a-z_]+) \\{\$|$1\\nnamespace \\1 {|" \
    -e 's|^\}  // namespace netpol$|NETPOL_NAMESPACE_END|' \
    -e 's|^\}  // namespace netpol::([a-z_]+)$|}  // namespace \1\nNETPOL_NAMESPACE_END|' "$2"
}
add_api_include() {  # $1: a header that includes no netpol/ header yet
  grep -q '^#include "netpol/' "$1" && return 0
  if grep -q '^#include <' "$1"; then      # a block of its own after the system includes
    line=$(grep -n '^#include <' "$1" | tail -1 | cut -d: -f1)
    sed -i "${line}a\\\\n#include \"netpol/api.h\"" "$1"
  else                                     # right after the include guard
    sed -i -E '0,/^#define NETPOL_[A-Z0-9_]*_H_$/s||&\n\n#include "netpol/api.h"|' "$1"
  fi
}
for f in $(grep -lE '^namespace netpol(::[a-z_]+)? \{$' lib/include/netpol/*.h lib/include/netpol/*.h.in || true); do
  ns_sed NETPOL_NAMESPACE_BEGIN "$f"
  # netpol/api.h first in the file's block of netpol includes.
  grep -q '^#include "netpol/api.h"' "$f" ||
    sed -i '0,/^#include "netpol\//s||#include "netpol/api.h"\n&|' "$f"
  add_api_include "$f"
done
for f in $(grep -rlE '^namespace netpol(::[a-z_]+)? \{$' lib/src || true); do
  ns_sed NETPOL_INTERNAL_NAMESPACE_BEGIN "$f"
  case "$f" in *.h) add_api_include "$f" ;; esac
done
