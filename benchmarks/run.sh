#!/usr/bin/env bash
# Benchmark harness: generates each tier's cluster (cached), then times
#   netpol graph --format summary DIR            (parse / compute, peak RSS)
#   netpol graph --format json --compact DIR     (output time, end to end)
# and prints a table plus, with --json, the same numbers as JSON.
# All times are wall-clock seconds; RSS is the peak resident set in MiB.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=${here}/../build-bench
netpol=""
gen=""
data=""
tiers="XS S M L XL ADV-ALLSELECT ADV-UNIQUE"
format=json
json_out=""
regen=0

usage() {
  echo "usage: $0 [--build-dir DIR | --netpol BIN --gen BIN] [--data-dir DIR]" >&2
  echo "          [--tiers 'XS S M L XL ADV-ALLSELECT ADV-UNIQUE'] [--format json|yaml]" >&2
  echo "          [--json FILE] [--regen]" >&2
  exit 2
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --build-dir) build=$2; shift 2 ;;
    --netpol) netpol=$2; shift 2 ;;
    --gen) gen=$2; shift 2 ;;
    --data-dir) data=$2; shift 2 ;;
    --tiers) tiers=$2; shift 2 ;;
    --format) format=$2; shift 2 ;;
    --json) json_out=$2; shift 2 ;;
    --regen) regen=1; shift ;;
    *) usage ;;
  esac
done
netpol=${netpol:-${build}/tools/netpol}
gen=${gen:-${build}/benchmarks/netpol_bench_gen}
data=${data:-${build}/bench-data}
[[ -x "$netpol" && -x "$gen" ]] || { echo "run.sh: build netpol and netpol_bench_gen first" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "run.sh: needs /usr/bin/time (package 'time')" >&2; exit 2; }

# run OUT ERR CMD...: runs CMD with stdout to OUT, stderr to ERR; sets
# wall (s) and rss (MiB).
run() {
  local out=$1 err=$2; shift 2
  local stats
  stats=$(mktemp)
  /usr/bin/time -f '%e %M' -o "$stats" "$@" >"$out" 2>"$err"
  read -r wall rss_kb <"$stats"
  rss=$((rss_kb / 1024))
  rm -f "$stats"
}

field() { sed -n "s/^$1: \([0-9.]*\).*/\1/p" "$2"; }

rows=()
printf '%-14s %7s %6s %6s %8s %9s %13s %7s %8s %8s %9s %9s %8s\n' \
  tier pods ns policies classes "class edg" "allowed pairs" "parse" "compute" "output" "e2e summ" "e2e json" "RSS MiB"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for tier in $tiers; do
  dir=${data}/${tier}-${format}
  if [[ $regen == 1 || ! -f ${dir}/.complete ]]; then
    mkdir -p "$dir"
    "$gen" --tier "$tier" --format "$format" --out "$dir" 2>"$tmp/gen.err"
    cp "$tmp/gen.err" "${dir}/.complete"  # "netpol_bench_gen: P pods, N namespaces, K policies ..."
  fi
  run "$tmp/summary" "$tmp/summary.err" "$netpol" graph --format summary "$dir"
  summary_wall=$wall
  summary_rss=$rss
  pods=$(sed -n 's/^endpoints: [0-9]* (\([0-9]*\) pods.*/\1/p' "$tmp/summary")
  classes=$(field "equivalence classes" "$tmp/summary")
  edges=$(field "class edges" "$tmp/summary")
  pairs=$(field "allowed ordered pairs" "$tmp/summary")
  parse=$(field "parse time" "$tmp/summary")
  compute=$(field "compute time" "$tmp/summary")
  run /dev/null "$tmp/compact.err" "$netpol" graph --format json --compact --timings "$dir"
  compact_wall=$wall
  output=$(sed -n 's/.*output \([0-9.]*\) s.*/\1/p' "$tmp/compact.err")
  peak=$(( summary_rss > rss ? summary_rss : rss ))
  nss=$(sed -n 's/.* \([0-9]*\) namespaces.*/\1/p' "${dir}/.complete")
  policies=$(sed -n 's/.* \([0-9]*\) policies.*/\1/p' "${dir}/.complete")
  printf '%-14s %7s %6s %6s %8s %9s %13s %7s %8s %8s %9s %9s %8s\n' \
    "$tier" "$pods" "${nss}" "${policies}" "$classes" "$edges" "$pairs" "$parse" "$compute" "$output" \
    "$summary_wall" "$compact_wall" "$peak"
  rows+=("$(printf '{"tier":"%s","format":"%s","pods":%s,"namespaces":%s,"policies":%s,"classes":%s,"class_edges":%s,"allowed_pairs":%s,"parse_s":%s,"compute_s":%s,"output_compact_s":%s,"e2e_summary_s":%s,"e2e_compact_json_s":%s,"peak_rss_mib":%s}' \
    "$tier" "$format" "$pods" "$nss" "$policies" "$classes" "$edges" "$pairs" "$parse" "$compute" "$output" "$summary_wall" "$compact_wall" "$peak")")
done
if [[ -n $json_out ]]; then
  {
    echo "["
    for i in "${!rows[@]}"; do
      sep=","; [[ $i -eq $((${#rows[@]} - 1)) ]] && sep=""
      echo "  ${rows[$i]}${sep}"
    done
    echo "]"
  } >"$json_out"
  echo "results: $json_out"
fi
