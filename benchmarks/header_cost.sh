#!/usr/bin/env bash
# Header cost: how long a translation unit that includes a public header takes
# to compile (`CXX -std=c++20 -fsyntax-only`), beside a file of only the
# standard headers the public headers include, so the ratio shows netpol's own
# share. The translation units are compiled in turn, run after run, so the
# ratios hold while the machine's speed drifts; the table gives the median
# wall and CPU (user + system) seconds and the preprocessed lines of each.
#
#   benchmarks/header_cost.sh [--build-dir DIR] [--runs N] [--cxx CXX] [HEADER...]
#
# HEADER defaults to netpol.h and analysis.h; the build directory provides the
# generated netpol/version.h (default: build).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "${here}/.." && pwd)
build=${root}/build
runs=5
cxx=${CXX:-g++}
headers=()

usage() {
  echo "usage: $0 [--build-dir DIR] [--runs N] [--cxx CXX] [HEADER...]" >&2
  exit 2
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --build-dir) build=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --cxx) cxx=$2; shift 2 ;;
    -h|--help) usage ;;
    -*) usage ;;
    *) headers+=("$1"); shift ;;
  esac
done
[[ ${#headers[@]} -gt 0 ]] || headers=(netpol.h analysis.h)
[[ -f ${build}/lib/include/netpol/version.h ]] || {
  echo "$0: ${build}/lib/include/netpol/version.h not found: configure a build first (--build-dir)" >&2
  exit 2
}

work=$(mktemp -d)
trap 'rm -rf "${work}"' EXIT

# One translation unit per header, and one of the standard headers the public
# headers include (every `#include <...>` line of lib/include/netpol).
names=()
for header in "${headers[@]}"; do
  name=${header%.h}
  printf '#include <netpol/%s>\n' "${header}" > "${work}/${name}.cc"
  names+=("${name}")
done
grep -h '^#include <' "${root}"/lib/include/netpol/*.h | sort -u > "${work}/std.cc"
names+=(std)
flags=(-std=c++20 -fsyntax-only -I"${root}/lib/include" -I"${build}/lib/include")

for run in $(seq "${runs}"); do
  for name in "${names[@]}"; do
    /usr/bin/time -f "${name} %e %U %S" -a -o "${work}/times" "${cxx}" "${flags[@]}" "${work}/${name}.cc"
  done
done

median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

echo "# ${cxx} $("${cxx}" -dumpfullversion 2>/dev/null || true), ${runs} runs each, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
printf '| translation unit | wall s (median) | CPU s (median) | preprocessed lines |\n|---|---|---|---|\n'
for name in "${names[@]}"; do
  wall=$(awk -v n="${name}" '$1==n {print $2}' "${work}/times" | median)
  cpu=$(awk -v n="${name}" '$1==n {print $3+$4}' "${work}/times" | median)
  lines=$("${cxx}" -std=c++20 -E -I"${root}/lib/include" -I"${build}/lib/include" "${work}/${name}.cc" | wc -l)
  if [[ ${name} == std ]]; then
    label="the $(wc -l < "${work}/std.cc") standard headers the public headers include"
  else
    label="#include <netpol/${name}.h>"
  fi
  printf '| `%s` | %s | %s | %s |\n' "${label}" "${wall}" "${cpu}" "${lines}"
done
echo
echo "commands: for each translation unit, ${cxx} ${flags[*]} TU.cc (TU.cc holds the one #include line)"
