#!/usr/bin/env bash
# Benchmark harness: generates each tier's cluster (cached), then times
#   netpol graph --format summary DIR            (parse / compute, peak RSS)
#   netpol graph --format json --compact DIR     (output time, end to end)
# and prints a table plus, with --json, the same numbers as JSON.
# With --commands it instead times every command on each tier (graph
# summary, what-if diff, lint, matrix by workload, report --html, svg,
# exposure -o json), each
# under --timeout, and prints one row per tier and command with the command
# line that produced it; --cluster-policies also runs each tier with the
# generator's AdminNetworkPolicy/Baseline tiers ("M+tiers").
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
commands=0
cluster_policies=0
timeout_s=120

usage() {
  echo "usage: $0 [--build-dir DIR | --netpol BIN --gen BIN] [--data-dir DIR]" >&2
  echo "          [--tiers 'XS S M L XL ADV-ALLSELECT ADV-UNIQUE'] [--format json|yaml]" >&2
  echo "          [--json FILE] [--regen]" >&2
  echo "          [--commands [--cluster-policies] [--timeout SECONDS]]" >&2
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
    --commands) commands=1; shift ;;
    --cluster-policies) cluster_policies=1; shift ;;
    --timeout) timeout_s=$2; shift 2 ;;
    *) usage ;;
  esac
done
netpol=${netpol:-${build}/tools/netpol}
gen=${gen:-${build}/benchmarks/netpol_bench_gen}
data=${data:-${build}/bench-data}
[[ -x "$netpol" && -x "$gen" ]] || { echo "run.sh: build netpol and netpol_bench_gen first" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "run.sh: needs /usr/bin/time (package 'time')" >&2; exit 2; }

# run OUT ERR CMD...: runs CMD with stdout to OUT, stderr to ERR; sets
# wall (s), rss (MiB) and status (CMD's exit status).
run() {
  local out=$1 err=$2; shift 2
  local stats
  stats=$(mktemp)
  /usr/bin/time -f '%e %M %x' -o "$stats" "$@" >"$out" 2>"$err" || true
  # A failing command adds a "Command exited with non-zero status" line first.
  read -r wall rss_kb status < <(tail -n 1 "$stats")
  rss=$((rss_kb / 1024))
  rm -f "$stats"
}

field() { sed -n "s/^$1: \([0-9.]*\).*/\1/p" "$2"; }

# generate TIER EXTRA_ARGS...: the tier's cluster directory (cached).
generate() {
  local tier=$1 suffix=$2; shift 2
  local dir=${data}/${tier}${suffix}-${format}
  if [[ $regen == 1 || ! -f ${dir}/.complete ]]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    "$gen" --tier "$tier" --format "$format" --out "$dir" "$@" 2>"${dir}.gen.err"
    mv "${dir}.gen.err" "${dir}/.complete"  # "netpol_bench_gen: P pods, N namespaces, K policies ..."
  fi
  echo "$dir"
}

if [[ $commands == 1 ]]; then
  # The what-if change: the first application namespace (team0-svc0 at
  # every tier) loses the policy that lets monitoring scrape it, which
  # denies some connections (its default-deny alone is redundant there).
  change="NetworkPolicy/team0-svc0/allow-monitoring"
  printf '%-14s %-9s %8s %8s %6s  %s\n' tier command "wall s" "RSS MiB" exit "command line"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  variants=("")
  [[ $cluster_policies == 1 ]] && variants+=("+tiers")
  for tier in $tiers; do
    for variant in "${variants[@]}"; do
      if [[ -z $variant ]]; then
        dir=$(generate "$tier" "")
      else
        dir=$(generate "$tier" "-tiers" --cluster-policies yes)
      fi
      declare -A lines=(
        [summary]="graph --format summary $dir"
        [diff]="diff --remove $change $dir"
        [lint]="lint $dir"
        [matrix]="graph --format matrix --by workload $dir"
        [report]="report --html $tmp/report.html $dir"
        [svg]="graph --format svg $dir"
        [exposure]="exposure -o json $dir"
      )
      names=(summary diff lint matrix report svg exposure)
      # With the tiers, the table of the issue asks for the summary only.
      [[ -n $variant ]] && names=(summary diff lint exposure)
      for name in "${names[@]}"; do
        # shellcheck disable=SC2086  # the command line is split on purpose
        run /dev/null "$tmp/err" timeout "$timeout_s" "$netpol" ${lines[$name]}
        shown_wall=$wall
        [[ $status == 124 ]] && shown_wall=">${timeout_s}"
        printf '%-14s %-9s %8s %8s %6s  %s\n' "${tier}${variant}" "$name" "$shown_wall" "$rss" "$status" \
          "netpol ${lines[$name]}"
        rows+=("$(printf '{"tier":"%s","command":"%s","wall_s":%s,"peak_rss_mib":%s,"exit":%s,"timed_out":%s,"command_line":"netpol %s"}' \
          "${tier}${variant}" "$name" "$wall" "$rss" "$status" "$([[ $status == 124 ]] && echo true || echo false)" "${lines[$name]}")")
      done
      unset lines
    done
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
  exit 0
fi

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
