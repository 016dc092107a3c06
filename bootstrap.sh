#!/usr/bin/env bash
# Sets up netpol on Debian 12 and runs it.
#   ./bootstrap.sh        the quick first run: install the missing packages the
#                         CLI needs, build only the CLI, run `netpol graph` on
#                         examples/netpol-demo/
#   ./bootstrap.sh test   install every missing package (test-only ones too),
#                         build everything, run the whole test suite
#   ./bootstrap.sh test-sanitize
#                         the same under AddressSanitizer + UBSan (build-asan/)
#   ./bootstrap.sh test-tsan
#                         the library and tests/tsan/analysis_threads.cc (one
#                         Analysis queried from 8 threads) under
#                         ThreadSanitizer (build-tsan/)
#   ./bootstrap.sh fuzz [SECONDS]
#                         build the libFuzzer target with clang (build-fuzz/) and
#                         fuzz for SECONDS (default 60); fails on any finding
# Packages are installed with apt-get only when missing (needs root then).
set -euo pipefail
cd "$(dirname "$0")"

# What building the CLI needs (the quick first run installs only these) ...
BUILD_PACKAGES=(cmake ninja-build g++ pkg-config libfyaml-dev nlohmann-json3-dev
                libsimdjson-dev              # the fast JSON reader
                libmimalloc-dev              # the CLI's allocator (parsing a fifth faster)
                libfmt-dev libcli11-dev
                libgraphviz-dev              # SVG rendering (gvc)
                libboost-dev)                # netpol serve: Boost.Beast/Asio (header-only)
# ... and what the test suite, fuzzing and packaging need on top.
TEST_PACKAGES=(catch2
               dpkg-dev                     # dpkg-shlibdeps, for cpack -G DEB
               lintian                      # checks the .deb (package.deb_lintian)
               man-db                       # renders the man pages (package.man_pages)
               clang libclang-rt-14-dev     # libFuzzer and clang's sanitizer runtimes
               python3-jsonschema           # validates lint's SARIF output in a test
               jq                           # the docs' examples pipe JSON through it (doc test)
               chromium)                    # the HTML report's browser test

mode=${1:-demo}
usage() { echo "usage: $0 [demo|test|test-sanitize|test-tsan|fuzz [SECONDS]]" >&2; exit 2; }
case "$mode" in demo|test|test-sanitize|test-tsan|fuzz) ;; *) usage ;; esac
PACKAGES=("${BUILD_PACKAGES[@]}")
[ "$mode" = demo ] || PACKAGES+=("${TEST_PACKAGES[@]}")

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "bootstrap: run as root (or install these packages yourself): ${missing[*]}" >&2
    exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

configure() {  # extra CMake arguments
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >&2
}
configure_and_build() {  # extra CMake arguments
  configure "$@"
  cmake --build "$BUILD_DIR" >&2
}

case "$mode" in
  demo)
    BUILD_DIR=${BUILD_DIR:-build}
    # Only the CLI: a fresh build tree is configured without the tests (no
    # Catch2 needed); an existing one keeps its settings.
    if [ -f "$BUILD_DIR/CMakeCache.txt" ]; then configure; else configure -DNETPOL_BUILD_TESTS=OFF; fi
    cmake --build "$BUILD_DIR" --target netpol_cli >&2
    exec "$BUILD_DIR/tools/netpol" graph examples/netpol-demo/
    ;;
  test)
    BUILD_DIR=${BUILD_DIR:-build}
    configure_and_build -DNETPOL_BUILD_TESTS=ON
    exec ctest --test-dir "$BUILD_DIR" --output-on-failure -j2
    ;;
  test-sanitize)
    BUILD_DIR=${BUILD_DIR:-build-asan}
    configure_and_build -DNETPOL_SANITIZE=ON -DNETPOL_BUILD_TESTS=ON
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
    # Graphviz and fontconfig keep caches they never free (tests/lsan.supp).
    export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    exec ctest --test-dir "$BUILD_DIR" --output-on-failure -j2
    ;;
  test-tsan)
    BUILD_DIR=${BUILD_DIR:-build-tsan}
    # A small build: the library and one program, not the whole suite.
    cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNETPOL_TSAN=ON \
      -DNETPOL_BUILD_TESTS=OFF -DNETPOL_INSTALL=OFF >&2
    cmake --build "$BUILD_DIR" --target netpol_analysis_threads >&2
    export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}
    exec ctest --test-dir "$BUILD_DIR" --output-on-failure -R '^api\.threads$'
    ;;
  fuzz)
    seconds=${2:-60}
    BUILD_DIR=${BUILD_DIR:-build-fuzz}
    # Only what the fuzzer links (the core library), not the CLI, the render
    # and serve libraries or the benchmarks, which nothing here runs.
    configure -DCMAKE_CXX_COMPILER=clang++ -DNETPOL_FUZZ=ON \
      -DNETPOL_BUILD_TESTS=OFF -DNETPOL_INSTALL=OFF
    cmake --build "$BUILD_DIR" --target netpol_fuzzer >&2
    rm -rf "$BUILD_DIR/seeds"
    tests/fuzz/make_corpus.sh "$BUILD_DIR/seeds"
    mkdir -p "$BUILD_DIR/corpus" "$BUILD_DIR/artifacts"
    # New inputs go to corpus/ (kept between runs); findings to artifacts/.
    # libfyaml's collected-error leak is theirs (tests/lsan.supp), here as in test-sanitize.
    export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
    exec "$BUILD_DIR/tests/fuzz/netpol_fuzzer" -max_total_time="$seconds" -timeout=10 \
      -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
      -dict=tests/fuzz/netpol.dict -artifact_prefix="$BUILD_DIR/artifacts/" \
      "$BUILD_DIR/corpus" "$BUILD_DIR/seeds"
    ;;
esac  # every other mode was refused before any package was installed
