#!/usr/bin/env bash
# The shared library exports the public API only (netpol/api.h): every
# exported netpol symbol is in the versioned namespace netpol::v0 and none
# names an internal type or namespace (a class or struct of a private header
# under lib/src/, lint::, report::, cli::, detail::, an anonymous namespace);
# no third-party symbol (yaml-cpp, fmt, nlohmann, simdjson, libfyaml,
# Graphviz) is exported. libstdc++ template instantiations stay (libstdc++
# declares namespace std visible; only a linker script could hide them) as
# long as they involve no internal type.
#   exported_symbols.sh LIBNETPOL_SO SOURCE_DIR
set -euo pipefail
so=$1 src=$2
fail() { echo "exported_symbols: $*" >&2; exit 1; }

# Every file of the library opens its namespace through netpol/api.h's
# macros (a bare `namespace netpol {` would put its definitions outside v0).
bare=$(grep -rnE '^ *namespace netpol(::[a-z_:]+)? *\{' "$src/lib" || true)
[ -z "$bare" ] || fail "files under lib/ open namespace netpol without netpol/api.h's macros (run tests/package/sweep_namespaces.sh from the repository root):
$bare"

symbols=$(nm -D --defined-only -C "$so" | cut -d' ' -f3-)
[ -n "$symbols" ] || fail "nm -D found no symbol in $so"
# The public API is there (so hiding everything would fail too).
for api in 'netpol::v0::Version()' 'netpol::v0::LabelSelector::Matches('; do
  grep -qF "$api" <<<"$symbols" || fail "the public $api is not exported"
done

bad=""
add() { bad+="$1:"$'\n'"$2"$'\n'; }
# Every netpol symbol is versioned.
hits=$(grep -E 'netpol::' <<<"$symbols" | grep -vE 'netpol::v0::' || true)
[ -z "$hits" ] || add "netpol symbols outside netpol::v0" "$hits"
# No internal namespace.
hits=$(grep -E 'netpol::v0::(lint|report|cli|testing|[a-z_]*detail)::|\(anonymous namespace\)' <<<"$symbols" || true)
[ -z "$hits" ] || add "internal namespaces" "$hits"
# No class or struct of a private header.
internal=$(grep -rhoE '^ *(class|struct) [A-Z][A-Za-z0-9_]*' "$src/lib/src" --include='*.h' |
           awk '{print $2}' | sort -u)
[ -n "$internal" ] || fail "found no class in the private headers under $src/lib/src"
hits=$(grep -E "netpol::v0::($(paste -sd'|' <<<"$internal"))([^A-Za-z0-9_]|$)" <<<"$symbols" || true)
[ -z "$hits" ] || add "internal types" "$hits"
# No third-party code.
hits=$(grep -E '(^|[^A-Za-z0-9_])(YAML|fmt|nlohmann|simdjson|c4|ryml)::|^(fy_|gv|ag)[A-Za-z_]' \
       <<<"$symbols" || true)
[ -z "$hits" ] || add "third-party symbols" "$hits"
# Anything else must be a libstdc++ instantiation.
hits=$(grep -vE 'netpol::v0::|std::|__gnu_cxx::' <<<"$symbols" || true)
[ -z "$hits" ] || add "symbols that are neither netpol::v0 nor libstdc++" "$hits"

[ -z "$bad" ] || fail "$so exports symbols that are not public API
$bad"
echo "exported_symbols: ok ($(wc -l <<<"$symbols") symbols, $(grep -c 'netpol::v0::' <<<"$symbols") of them netpol::v0)"
