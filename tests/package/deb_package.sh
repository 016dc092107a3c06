#!/usr/bin/env bash
# Builds the .deb with `cpack -G DEB` from the build tree and inspects it.
#   deb_package.sh BUILD_DIR VERSION
set -euo pipefail
build=$1 version=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "deb_package: $*" >&2; exit 1; }

cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp" >"$tmp/cpack.log" 2>&1 ||
  { cat "$tmp/cpack.log" >&2; fail "cpack failed"; }
deb=$(ls "$tmp"/netpol_"$version"_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "cpack produced no netpol_${version}_*.deb: $(ls "$tmp")"

info=$(dpkg-deb --info "$deb")
field() { dpkg-deb --field "$deb" "$1"; }
[ "$(field Package)" = netpol ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$version" ] || fail "Version: $(field Version)"
depends=$(field Depends)
dep_names=$(tr ',' '\n' <<<"$depends" | awk '{print $1}')
# Runtime libraries of the CLI (dpkg-shlibdeps) and the -dev packages the
# installed headers and CMake package need.
for dep in libc6 libstdc++6 libfyaml0 libfmt9 libfyaml-dev libfmt-dev nlohmann-json3-dev libsimdjson-dev; do
  grep -qxF "$dep" <<<"$dep_names" || fail "Depends lacks $dep: $depends"
done
# No public header includes Boost, so the package does not pull it in.
if grep -q '^libboost' <<<"$dep_names"; then fail "Depends names Boost: $depends"; fi

contents=$(dpkg-deb --contents "$deb" | awk '{print $NF}')
for f in ./usr/bin/netpol ./usr/include/netpol/netpol.h ./usr/include/netpol/version.h \
         ./usr/lib/cmake/netpol/netpolConfig.cmake ./usr/lib/cmake/netpol/netpolConfigVersion.cmake \
         ./usr/lib/cmake/netpol/netpolTargets.cmake ./usr/lib/pkgconfig/netpol.pc \
         ./usr/lib/cmake/netpol/netpolRenderTargets.cmake ./usr/lib/pkgconfig/netpol-render.pc \
         ./usr/share/man/man1/netpol.1.gz ./usr/share/man/man1/netpol-graph.1.gz; do
  grep -qxF "$f" <<<"$contents" || fail "missing $f in $(basename "$deb")"
done
grep -qE '^\./usr/lib/(.*/)?libnetpol\.(a|so)' <<<"$contents" || fail "no libnetpol in the package"
grep -qE '^\./usr/lib/(.*/)?libnetpol-render\.(a|so)' <<<"$contents" ||
  fail "no libnetpol-render (the render component) in the package"
if grep -E '^\./usr/include/' <<<"$contents" | grep -vE '^\./usr/include/(netpol/([a-z0-9_]+\.h)?)?$'; then
  fail "files outside include/netpol/ or not headers"
fi
# The kubectl plugin: a symlink to netpol that runs from the unpacked package.
grep -qE '^l.* \./usr/bin/kubectl-netpol -> netpol$' <<<"$(dpkg-deb --contents "$deb")" ||
  fail "./usr/bin/kubectl-netpol is not a symlink to netpol"
grep -qE '^l.* \./usr/share/man/man1/kubectl-netpol\.1\.gz -> netpol\.1\.gz$' <<<"$(dpkg-deb --contents "$deb")" ||
  fail "./usr/share/man/man1/kubectl-netpol.1.gz is not a symlink to netpol.1.gz"
dpkg-deb --extract "$deb" "$tmp/root"
plugin_version=$("$tmp/root/usr/bin/kubectl-netpol" --version)
[ "$plugin_version" = "netpol $version" ] || fail "kubectl-netpol --version printed '$plugin_version'"
echo "$info"
echo "deb_package: ok ($(basename "$deb"))"
