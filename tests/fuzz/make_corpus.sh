#!/usr/bin/env bash
# Writes the seed corpus to OUT_DIR: every manifest under examples/ and
# tests/golden/, and the conformance data (../shared/conformance).
#   make_corpus.sh OUT_DIR
set -euo pipefail
out=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out"
n=0
while IFS= read -r -d '' f; do
  cp "$f" "$out/seed-$(printf '%04d' "$n")-$(basename "$f")"
  n=$((n + 1))
done < <( (find "$root/examples" "$root/tests/golden" "$root/../shared/conformance" \
               -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -size -64k -print0
             find "$root/tests/fuzz/regressions" -type f ! -name README.md -print0) |
           sort -z)
echo "make_corpus: $n seeds in $out" >&2
[ "$n" -gt 0 ]
