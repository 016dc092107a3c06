#!/usr/bin/env bash
# Sets up netpol on Debian 12 and runs it.
#   ./bootstrap.sh        install missing packages, build, analyse examples/netpol-demo/
#   ./bootstrap.sh test   install missing packages, build, run the whole test suite
# Packages are installed with apt-get only when missing (needs root then).
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(cmake ninja-build g++ pkg-config libyaml-cpp-dev nlohmann-json3-dev
          libboost-graph-dev libfmt-dev catch2 libcli11-dev)

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

BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
cmake --build "$BUILD_DIR" >&2

case "${1:-demo}" in
  demo)
    exec "$BUILD_DIR/tools/netpol" graph examples/netpol-demo/
    ;;
  test)
    exec ctest --test-dir "$BUILD_DIR" --output-on-failure -j2
    ;;
  *)
    echo "usage: $0 [demo|test]" >&2
    exit 2
    ;;
esac
