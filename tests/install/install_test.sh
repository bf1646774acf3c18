#!/usr/bin/env bash
# `cmake --install` into a temporary prefix, then what a user and a C++
# developer do with the installed tree alone: run `dossier --version` and
# read a man page; build a program with find_package(Dossier) and with
# pkg-config against the installed headers and library, and run it.
# Uses the build tree as built; nothing outside a temporary folder changes.
#
# usage: tests/install/install_test.sh BUILD_DIR CXX_COMPILER
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
cxx=$2
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"

fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" || { cat "$tmp/install.log"; fail "cmake --install"; }
libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:PATH=//p' "$build/CMakeCache.txt")

# The tool runs from the installed tree (it finds libdossier by its RPATH).
out=$(env -u LD_LIBRARY_PATH "$prefix/bin/dossier" --version)
[ "$out" = "dossier $version" ] || fail "installed dossier --version said '$out', expected 'dossier $version'"
loaded=$(ldd "$prefix/bin/dossier" | awk '/libdossier/ {print $3}')
[ "$(realpath "$loaded")" = "$(realpath "$prefix/$libdir/libdossier.so.$version")" ] ||
  fail "installed dossier loads '$loaded', not the installed libdossier"

# Everything in its place (GNUInstallDirs).
for f in "include/dossier/version.h" "include/dossier/repository.h" "include/dossier/result.h" \
         "$libdir/cmake/Dossier/DossierConfig.cmake" "$libdir/cmake/Dossier/DossierConfigVersion.cmake" \
         "$libdir/cmake/Dossier/DossierTargets.cmake" "$libdir/pkgconfig/dossier.pc" \
         "share/dossier/checklists/iso9001-2015.json" "share/man/man1/dossier.1" \
         "share/man/man1/dossier-add.1" "share/man/man1/dossier-finding.1" \
         "share/bash-completion/completions/dossier" "share/zsh/vendor-completions/_dossier" \
         "share/doc/dossier/README.md" "share/doc/dossier/examples/demo.sh"; do
  [ -e "$prefix/$f" ] || fail "not installed: $f"
done
soname=$(objdump -p "$prefix/$libdir/libdossier.so" | sed -n 's/^ *SONAME *//p')
[ "$soname" = "libdossier.so.${version%.*}" ] || fail "soname '$soname', expected libdossier.so.${version%.*}"
[ -L "$prefix/$libdir/libdossier.so" ] && [ -f "$prefix/$libdir/libdossier.so.$version" ] ||
  fail "libdossier.so -> libdossier.so.$version not installed"
! ls "$prefix/include" | grep -qv '^dossier$' || fail "headers outside include/dossier: $(ls "$prefix/include")"
[ "$(ls "$prefix/include/dossier" | wc -l)" = "$(($(ls "$here/../../include/dossier" | grep -c '\.h$') + 1))" ] ||
  fail "include/dossier: not every public header (plus version.h) installed"
# The man page renders (groff is part of man-db's dependencies).
if command -v groff >/dev/null; then
  groff -man -Tutf8 -ww -z "$prefix/share/man/man1/dossier-finding.1" 2>"$tmp/groff.err"
  [ ! -s "$tmp/groff.err" ] || fail "dossier-finding.1 has roff warnings: $(cat "$tmp/groff.err")"
fi

expected="headers $version library $version iso9001-2015"

# A consumer with CMake: find_package(Dossier) -> Dossier::dossier.
cmake -S "$here/consumer" -B "$tmp/cmake-consumer" -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release >"$tmp/consumer.log" 2>&1 ||
  { cat "$tmp/consumer.log"; fail "configuring the CMake consumer"; }
cmake --build "$tmp/cmake-consumer" >>"$tmp/consumer.log" 2>&1 ||
  { cat "$tmp/consumer.log"; fail "building the CMake consumer"; }
out=$("$tmp/cmake-consumer/consumer")
case "$out" in "$expected "*) ;; *) fail "CMake consumer said '$out', expected '$expected ...'" ;; esac
grep -q "$prefix/include" "$tmp/cmake-consumer/CMakeFiles/consumer.dir/flags.make" ||
  fail "the CMake consumer did not use the installed headers"

# A consumer with pkg-config.
export PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig"
[ "$(pkg-config --modversion dossier)" = "$version" ] || fail "pkg-config --modversion dossier"
# shellcheck disable=SC2046
"$cxx" -std=c++17 -o "$tmp/pc-consumer" "$here/consumer/consumer.cc" $(pkg-config --cflags --libs dossier) \
  -Wl,-rpath,"$(pkg-config --variable=libdir dossier)" || fail "building the pkg-config consumer"
out=$("$tmp/pc-consumer")
case "$out" in "$expected "*) ;; *) fail "pkg-config consumer said '$out', expected '$expected ...'" ;; esac

echo "install test: ok ($out)"
