#!/usr/bin/env bash
# Install smoke test: installs the build tree into a temporary prefix, then
# builds and runs examples/embed against the *installed* CMake package and
# again through pkg-config, and checks what was installed.
#   install_smoke.sh SOURCE_DIR BUILD_DIR VERSION [EXTRA_CXX_FLAGS]
set -euo pipefail
src=$1 build=$2 version=$3 flags=${4:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

fail() { echo "install_smoke: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >/dev/null

# What is installed: the CLI, the public headers only, the library, the
# CMake package and the pkg-config file.
for f in bin/netpol bin/kubectl-netpol include/netpol/netpol.h include/netpol/loader.h include/netpol/version.h \
         lib/cmake/netpol/netpolConfig.cmake lib/cmake/netpol/netpolConfigVersion.cmake \
         lib/cmake/netpol/netpolTargets.cmake lib/cmake/netpol/netpolRenderTargets.cmake \
         lib/pkgconfig/netpol.pc lib/pkgconfig/netpol-render.pc; do
  [ -e "$prefix/$f" ] || fail "missing $f"
done
ls "$prefix"/lib/libnetpol.* >/dev/null 2>&1 || fail "missing lib/libnetpol"
ls "$prefix"/lib/libnetpol-render.* >/dev/null 2>&1 || fail "missing lib/libnetpol-render"
headers=$(cd "$prefix/include" && find . -type f | sort)
expected=$( (cd "$src/lib/include" && find netpol -name '*.h' | sed 's|^|./|'; echo ./netpol/version.h) | sort -u)
[ "$headers" = "$expected" ] || fail "installed headers differ from lib/include/netpol/:
$(diff <(echo "$expected") <(echo "$headers") || true)"
if grep -rlE '#include [<"](yaml-cpp|nlohmann|boost)/' "$prefix/include" >/dev/null; then
  fail "a public header includes yaml-cpp, nlohmann or Boost: $(grep -rlE '#include [<"](yaml-cpp|nlohmann|boost)/' "$prefix/include")"
fi
# The installed CMake package asks for no Boost either.
if grep -rqi boost "$prefix/lib/cmake/netpol" "$prefix/lib/pkgconfig/netpol.pc"; then
  fail "the installed package still mentions Boost: $(grep -rli boost "$prefix/lib/cmake/netpol" "$prefix/lib/pkgconfig")"
fi

# netpol --version and the version macros agree.
cli_version=$("$prefix/bin/netpol" --version)
[ "$cli_version" = "netpol $version" ] || fail "netpol --version printed '$cli_version', expected 'netpol $version'"
# The kubectl plugin is the same program under kubectl's plugin name.
[ -L "$prefix/bin/kubectl-netpol" ] || fail "bin/kubectl-netpol is not a symlink"
plugin_version=$(PATH="$prefix/bin:$PATH" kubectl-netpol --version)
[ "$plugin_version" = "netpol $version" ] || fail "kubectl-netpol --version printed '$plugin_version'"
grep -q "^Usage: kubectl netpol " <<<"$(PATH="$prefix/bin:$PATH" kubectl-netpol --help)" ||
  fail "kubectl-netpol --help does not say 'kubectl netpol'"
grep -q "#define NETPOL_VERSION_STRING \"$version\"" "$prefix/include/netpol/version.h" ||
  fail "version.h does not define NETPOL_VERSION_STRING \"$version\""

check_output() {  # $1: the program's output
  [ "$(head -1 <<<"$1")" = "netpol $version" ] || fail "embed printed version '$(head -1 <<<"$1")'"
  diff -u "$src/examples/embed/expected_output.txt" <(tail -n +2 <<<"$1") ||
    fail "embed output differs from examples/embed/expected_output.txt"
}

# find_package(netpol CONFIG REQUIRED) from the prefix.
cmake -S "$src/examples/embed" -B "$tmp/embed" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
      -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" >/dev/null
cmake --build "$tmp/embed" >/dev/null
check_output "$("$tmp/embed/embed")"

# The three embedding programs of examples/embed (CI gate, admission check,
# query service), run from the source root on the repository's examples; each
# prints what examples/embed/expected/PROGRAM.txt holds, then its exit status.
run_example() {  # $1: program; the rest: its arguments (stdin passed through)
  local program=$1; shift
  local out status=0
  out=$(cd "$src" && "$tmp/embed/$program" "$@" 2>&1) || status=$?
  diff -u "$src/examples/embed/expected/$program.txt" <(printf '%s\nexit %d\n' "$out" "$status") ||
    fail "$program output differs from examples/embed/expected/$program.txt"
}
run_example ci_gate examples/netpol-demo/intent.yaml examples/netpol-demo
run_example admission_check examples/netpol-demo-fixed examples/embed/data/database-port-5432.yaml
run_example query_service examples/netpol-demo-fixed <"$src/examples/embed/data/queries.txt"

# The render component is optional: the core (netpol::netpol, netpol.pc)
# neither links nor asks for Graphviz; only draw, which links netpol::render,
# does. The embed programs are static-linked against libnetpol.a, so what
# they need at run time is their ELF NEEDED list.
needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
for program in embed ci_gate admission_check query_service; do
  if needed "$tmp/embed/$program" | grep -E '^lib(gvc|cgraph|cdt)\.'; then
    fail "$program links Graphviz although it uses the core only"
  fi
done
needed "$tmp/embed/draw" | grep -q '^libgvc\.' || fail "draw (netpol::render) does not link libgvc"
svg=$(cd "$src" && "$tmp/embed/draw" examples/netpol-demo-fixed) || fail "draw failed"
grep -q '^<svg' <<<"$svg" || fail "draw printed no SVG"
grep -qi -E 'gvc|graphviz' "$prefix/lib/cmake/netpol/netpolTargets.cmake" "$prefix/lib/pkgconfig/netpol.pc" &&
  fail "the core package (netpolTargets.cmake, netpol.pc) still asks for Graphviz"

# pkg-config. netpol.pc does not choose the language standard for the
# program (it may use C++23); the public headers need C++20 or later.
grep -q -- '-std=' "$prefix/lib/pkgconfig/netpol.pc" && fail "netpol.pc forces a -std= flag"
pc_flags=$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs netpol)
# shellcheck disable=SC2086
${CXX:-c++} -std=c++20 $flags -o "$tmp/embed-pc" "$src/examples/embed/main.cc" $pc_flags
check_output "$("$tmp/embed-pc")"
core_libs=$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --libs netpol)
grep -q -- '-lgvc' <<<"$core_libs" && fail "pkg-config --libs netpol names Graphviz: $core_libs"
render_libs=$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs netpol-render)
grep -q -- '-lgvc' <<<"$render_libs" || fail "pkg-config --libs netpol-render lacks -lgvc: $render_libs"
# shellcheck disable=SC2086
${CXX:-c++} -std=c++20 $flags -o "$tmp/draw-pc" "$src/examples/embed/draw.cc" $render_libs
svg=$(cd "$src" && "$tmp/draw-pc" examples/netpol-demo-fixed) || fail "draw (pkg-config) failed"
grep -q '^<svg' <<<"$svg" || fail "draw built through netpol-render.pc printed no SVG"

echo "install_smoke: ok (CMake package and pkg-config, core and render, the embed examples, netpol $version)"
