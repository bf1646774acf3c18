#!/usr/bin/env bash
# Dossier benchmarks against the peer tools, in the same run on the same files:
#   1. hashing one large file: dossier's streaming SHA-256 vs sha256sum and openssl dgst
#   2. verifying a corpus of many files: `dossier verify` vs `sha256sum -c` vs `git fsck`
#   3. filing the corpus: `dossier add` (hash + copy + git blobs + one commit) vs `git add && git commit`
#   4. readiness over a repository of 100k artifacts (interactive?)
# Each timing is the best of $REPEAT runs, wall clock; peak RSS from /usr/bin/time when present.
# Results are appended to bench/RESULTS.md with the machine they ran on.
#
# usage: bench/bench.sh [BUILD_DIR]   env: BIG_MIB (1024) FILES (2000) FILE_KIB (256) ARTIFACTS (100000) REPEAT (3)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
dossier="$build/cli/dossier"
gen="$build/bench/bench_corpus"
BIG_MIB=${BIG_MIB:-1024}
FILES=${FILES:-2000}
FILE_KIB=${FILE_KIB:-256}
ARTIFACTS=${ARTIFACTS:-100000}
REPEAT=${REPEAT:-3}
work=$(mktemp -d /tmp/dossier-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.org GIT_COMMITTER_NAME=Bench \
  GIT_COMMITTER_EMAIL=bench@example.org LC_ALL=C

best() {  # best wall time in seconds of REPEAT runs of "$@" (output discarded)
  local best="" t0 t1 t
  for _ in $(seq "$REPEAT"); do
    t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s.%N)
    t=$(echo "$t1 - $t0" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
  done
  printf '%.3f' "$best"
}
rss() {  # peak RSS in MiB of one run of "$@"
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1 | awk '{printf "%.1f", $1/1024}'
  else
    echo "n/a"
  fi
}
ratio() { echo "scale=2; $1 / $2" | bc -l; }

out="$work/results.md"
{
  echo "## $(date -u +%Y-%m-%d) on $(uname -m), $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -n 1)"
  echo
  echo "dossier $("$dossier" --version | cut -d' ' -f2), $(sha256sum --version | head -n 1), $(openssl version), $(git --version)"
  echo
} >"$out"

echo "1. one ${BIG_MIB} MiB file" >&2
big="$work/big.bin"
head -c "$((BIG_MIB * 1024 * 1024))" /dev/urandom >"$big"
t_sum=$(best sha256sum "$big")
t_ossl=$(best openssl dgst -sha256 "$big")
t_dos=$(best "$build/bench/bench_hash" "$big")
{
  echo "| hashing one ${BIG_MIB} MiB file | seconds | MiB/s | vs sha256sum | peak RSS MiB |"
  echo "|---|---|---|---|---|"
  echo "| sha256sum | $t_sum | $(echo "$BIG_MIB / $t_sum" | bc) | 1.00 | $(rss sha256sum "$big") |"
  echo "| openssl dgst -sha256 | $t_ossl | $(echo "$BIG_MIB / $t_ossl" | bc) | $(ratio "$t_ossl" "$t_sum") | $(rss openssl dgst -sha256 "$big") |"
  echo "| dossier (lib HashFile) | $t_dos | $(echo "$BIG_MIB / $t_dos" | bc) | $(ratio "$t_dos" "$t_sum") | $(rss "$build/bench/bench_hash" "$big") |"
  echo
} >>"$out"
rm -f "$big"

echo "2-3. a corpus of $FILES files of $FILE_KIB KiB" >&2
corpus="$work/corpus"
"$gen" files "$corpus" "$FILES" "$FILE_KIB"
"$dossier" init "$work/repo" --org Bench >/dev/null
t_add=$( { t0=$(date +%s.%N); "$dossier" -C "$work/repo" --quiet add "$corpus" --kind record --clause 9.1.1 >/dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; } )
mkdir -p "$work/plain" && cp -r "$corpus" "$work/plain/" && git -C "$work/plain" init -q
t_git_add=$( { t0=$(date +%s.%N); git -C "$work/plain" add -A && git -C "$work/plain" commit -qm corpus; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; } )
(cd "$work/repo/evidence/records" && sha256sum corpus/* >"$work/MANIFEST.sha256")
t_verify=$(best "$dossier" -C "$work/repo" --quiet verify)
t_sumc=$(best sh -c "cd '$work/repo/evidence/records' && sha256sum -c --quiet '$work/MANIFEST.sha256'")
t_fsck=$(best git -C "$work/repo" fsck --no-dangling)
mib=$((FILES * FILE_KIB / 1024))
{
  echo "| $FILES files, $mib MiB | seconds | vs peer | peak RSS MiB |"
  echo "|---|---|---|---|"
  echo "| git add -A && git commit (peer) | $(printf '%.3f' "$t_git_add") | 1.00 | |"
  echo "| dossier add (hash, copy, commit) | $(printf '%.3f' "$t_add") | $(ratio "$t_add" "$t_git_add") | |"
  echo "| sha256sum -c (peer) | $t_sumc | 1.00 | $(rss sh -c "cd '$work/repo/evidence/records' && sha256sum -c --quiet '$work/MANIFEST.sha256'") |"
  echo "| git fsck | $t_fsck | $(ratio "$t_fsck" "$t_sumc") | $(rss git -C "$work/repo" fsck --no-dangling) |"
  echo "| dossier verify ($(nproc) threads) | $t_verify | $(ratio "$t_verify" "$t_sumc") | $(rss "$dossier" -C "$work/repo" --quiet verify) |"
  echo
} >>"$out"

echo "4. readiness over $ARTIFACTS artifacts" >&2
"$dossier" init "$work/large" --org Large >/dev/null
"$gen" repo "$work/large" "$ARTIFACTS"
git -C "$work/large" add -A && git -C "$work/large" commit -qm "synthetic: $ARTIFACTS artifacts"
t_list=$(best "$dossier" -C "$work/large" list --json)
if "$dossier" help readiness >/dev/null 2>&1; then
  t_ready1=$(best "$dossier" -C "$work/large" readiness --stage 1 --as-of 2026-11-20)
  t_ready2=$(best "$dossier" -C "$work/large" readiness --stage 2 --as-of 2026-11-20 --format json)
  t_git_ls=$(best git -C "$work/large" ls-files)
  {
    echo "| $ARTIFACTS artifacts | seconds | peak RSS MiB |"
    echo "|---|---|---|"
    echo "| git ls-files (peer: reading the index) | $t_git_ls | |"
    echo "| dossier list --json | $t_list | $(rss "$dossier" -C "$work/large" list --json) |"
    echo "| dossier readiness --stage 1 (incl. hashing every file) | $t_ready1 | $(rss "$dossier" -C "$work/large" readiness --stage 1 --as-of 2026-11-20) |"
    echo "| dossier readiness --stage 2 --format json | $t_ready2 | |"
    echo
  } >>"$out"
fi
cat "$out"
cat "$out" >>"$here/RESULTS.md"
