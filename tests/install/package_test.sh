#!/usr/bin/env bash
# `make package` (CPack DEB) from the build tree as built, then the package's
# own files: its metadata (name, version, dependencies found by
# dpkg-shlibdeps) and contents, and, unpacked with `dpkg-deb -x` into a
# temporary root (never installed on this machine), `dossier --version`, a
# man page and the example organisation's demo run with the packaged tool.
#
# usage: tests/install/package_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$tmp" && cpack -G DEB -B "$tmp/out" --config "$build/CPackConfig.cmake") >"$tmp/cpack.log" 2>&1 ||
  { cat "$tmp/cpack.log"; fail "cpack -G DEB"; }
deb=$(ls "$tmp"/out/*.deb)
[ "$(basename "$deb")" = "dossier_${version}_$(dpkg --print-architecture).deb" ] ||
  fail "package file named $(basename "$deb")"

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = dossier ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$version" ] || fail "Version: $(field Version)"
depends=$(field Depends)
for dep in libgit2 libssl3 libarchive13 liburing2 libboost-filesystem1.81 libboost-json1.81 \
           libboost-program-options1.81 libstdc++6 git; do
  grep -q "$dep" <<<"$depends" || fail "Depends lacks $dep: $depends"
done

dpkg-deb -c "$deb" >"$tmp/contents"
libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:PATH=//p' "$build/CMakeCache.txt")
for f in ./usr/bin/dossier "./usr/$libdir/libdossier.so.$version" \
         ./usr/include/dossier/version.h "./usr/$libdir/pkgconfig/dossier.pc" \
         "./usr/$libdir/cmake/Dossier/DossierConfig.cmake" \
         ./usr/share/man/man1/dossier.1 ./usr/share/man/man1/dossier-readiness.1 \
         ./usr/share/bash-completion/completions/dossier ./usr/share/zsh/vendor-completions/_dossier \
         ./usr/share/dossier/checklists/iso9001-2015.json ./usr/share/doc/dossier/examples/demo.sh; do
  grep -q " $f\( \|$\)" "$tmp/contents" || fail "not in the package: $f"
done
! grep -q "/build\|_CPack_Packages" "$tmp/contents" || fail "build paths in the package"

root="$tmp/root"
dpkg-deb -x "$deb" "$root"
out=$(env -u LD_LIBRARY_PATH "$root/usr/bin/dossier" --version)
[ "$out" = "dossier $version" ] || fail "packaged dossier --version said '$out'"
loaded=$(ldd "$root/usr/bin/dossier" | awk '/libdossier/ {print $3}')
[ "$(realpath "$loaded")" = "$(realpath "$root/usr/$libdir/libdossier.so.$version")" ] ||
  fail "packaged dossier loads '$loaded', not the packaged libdossier"
man -l "$root/usr/share/man/man1/dossier-pack.1" 2>/dev/null | grep -q -- "--pubkey" ||
  fail "man dossier-pack does not show pack verify's --pubkey"

# The demo, as shipped in the package, with the packaged tool.
mkdir "$tmp/demo"
DOSSIER="$root/usr/bin/dossier" bash "$root/usr/share/doc/dossier/examples/demo.sh" "$tmp/demo" \
  >"$tmp/demo.log" 2>&1 || { tail -30 "$tmp/demo.log"; fail "the packaged demo"; }
grep -q "Stage 1: READY   Stage 2: NOT READY" "$tmp/demo.log" ||
  { tail -30 "$tmp/demo.log"; fail "the packaged demo's verdicts"; }
echo "package test: ok ($(basename "$deb"), $(du -k "$deb" | cut -f1) KiB)"
