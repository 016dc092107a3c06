#!/usr/bin/env bash
# Compile-time contracts of the public API (#25): each program in compile/
# whose first line is "// expect: REGEX" must FAIL to compile with a
# diagnostic matching REGEX (a borrowing API rejects a temporary); every
# other program there must compile. Only the public headers are used.
#   compile_contract.sh CXX INCLUDE_DIR... 
set -uo pipefail
cxx=$1; shift
includes=()
for dir in "$@"; do includes+=("-I$dir"); done
here=$(cd "$(dirname "$0")" && pwd)
failed=0
for program in "$here"/compile/*.cc; do
  name=$(basename "$program")
  expect=$(sed -n '1s|^// expect: ||p' "$program")
  output=$("$cxx" -std=c++20 -fsyntax-only -Wall -Wextra "${includes[@]}" "$program" 2>&1)
  status=$?
  if [ -z "$expect" ]; then
    if [ $status -ne 0 ]; then
      echo "FAIL $name: should compile, but:"; echo "$output"; failed=1
    else
      echo "ok   $name compiles"
    fi
  elif [ $status -eq 0 ]; then
    echo "FAIL $name: compiled, but it misuses the API and must not"; failed=1
  elif ! grep -qE -- "$expect" <<<"$output"; then
    echo "FAIL $name: did not compile, but not for the expected reason /$expect/:"
    echo "$output" | head -20; failed=1
  else
    echo "ok   $name rejected: $(grep -m1 -oE -- "$expect" <<<"$output")"
  fi
done
# The public headers are standard C++20: the umbrella header (every public
# header) compiles with -pedantic-errors. (ip.h's unsigned __int128 passes
# only because it is marked __extension__: see docs/abi.md.)
umbrella=$(printf '#include <netpol/netpol.h>\nint main() { return 0; }\n' |
           "$cxx" -std=c++20 -fsyntax-only -pedantic-errors -Wall -Wextra "${includes[@]}" -x c++ - 2>&1)
if [ $? -ne 0 ]; then
  echo "FAIL <netpol/netpol.h> is not standard C++20 (-pedantic-errors):"; echo "$umbrella" | head -20
  failed=1
else
  echo "ok   <netpol/netpol.h> compiles with -pedantic-errors"
fi
exit $failed
