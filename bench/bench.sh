#!/usr/bin/env bash
# Dossier benchmarks against the peer tools, in the same run on the same files:
#   1. hashing one large file: dossier's streaming SHA-256 vs sha256sum and openssl dgst
#   2. verifying a corpus of many files: `dossier verify` vs `sha256sum -c` vs `git fsck`
#   3. filing the corpus: `dossier add` (hash + copy + git blobs + one commit) vs `git add && git commit`
#   4. reading a repository of 100k artifacts (lists, show, status, readiness, clauses, list --json,
#      verify) against git status / git ls-files / sha256sum -c, and the growth to 200k artifacts;
#      beside verify, its floor: the system calls it cannot do without, alone (bench_floor)
# Each timing is the best of $REPEAT runs, wall clock, and (section 4) CPU seconds (user+sys), the
# ratio taken on CPU; peak RSS from /usr/bin/time when present.
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
# No automatic `git gc` in the background: after committing 100,000 files git
# would start one, packing while the rows below are timed (and while the
# repository is removed).
export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=gc.auto GIT_CONFIG_VALUE_0=0

best() {  # best wall time in seconds of REPEAT runs of "$@" (output discarded)
  local best="" t0 t1 t
  for _ in $(seq "$REPEAT"); do
    t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s.%N)
    t=$(echo "$t1 - $t0" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
  done
  printf '%.3f' "$best"
}
cpu() {  # best CPU seconds (user+sys) of REPEAT runs of "$@": the machine is shared, so this is steadier than wall
  local best="" t
  for _ in $(seq "$REPEAT"); do
    /usr/bin/time -f '%U %S' -o "$work/cpu.txt" "$@" >/dev/null 2>&1 || true
    t=$(tail -n 1 "$work/cpu.txt" | awk '{printf "%.2f", $1 + $2}')
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
  done
  echo "$best"
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
  echo "## $(date -u +%Y-%m-%d) on $(uname -m), $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | sed -n 1p)"
  echo
  echo "dossier $("$dossier" --version | cut -d' ' -f2), $(sha256sum --version | sed -n 1p), $(openssl version), $(git --version)"
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
# Filing: each run into a fresh repository, prepared untimed. git commits the
# files where they lie; dossier also hashes them (SHA-256) and copies them
# under evidence/, and syncs the file system once before its commit is published.
best_prepared() {  # best wall seconds of REPEAT runs of "$2 ARGS...", each after an untimed "$1 ARGS..."
  local prep=$1 run=$2 best="" t0 t1 t; shift 2
  for _ in $(seq "$REPEAT"); do
    "$prep" "$@"; sync
    t0=$(date +%s.%N); "$run" "$@" >/dev/null 2>&1 || true; t1=$(date +%s.%N)
    t=$(echo "$t1 - $t0" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
  done
  printf '%.3f' "$best"
}
fresh_repo() { rm -rf "$work/repo"; "$dossier" init "$work/repo" --org Bench >/dev/null; }
dossier_add() { "$dossier" -C "$work/repo" --quiet add "$1" --kind record --clause 9.1.1; }
dossier_add_1core() { taskset -c 0 "$dossier" -C "$work/repo" --quiet add "$1" --kind record --clause 9.1.1; }
fresh_plain() { rm -rf "$work/plain"; mkdir -p "$work/plain"; cp -r "$1" "$work/plain/"; git -C "$work/plain" init -q; }
git_add() { git -C "$work/plain" add -A && git -C "$work/plain" commit -qm corpus; }
text="$work/text"  # the same count and size of text (CSV-like) files: what deflate does shrink
mkdir -p "$text"
for i in $(seq "$FILES"); do
  yes "2026-03-$((i % 28 + 1)),record $i,measured,ok" | head -c "$((FILE_KIB * 1024))" >"$text/t$i.csv" || true  # yes ends on SIGPIPE
done
t_git_text=$(best_prepared fresh_plain git_add "$text")
t_add_text=$(best_prepared fresh_repo dossier_add "$text")
t_git_add=$(best_prepared fresh_plain git_add "$corpus")
t_add_1=$(best_prepared fresh_repo dossier_add_1core "$corpus")
t_add=$(best_prepared fresh_repo dossier_add "$corpus")
rm -rf "$text" "$work/plain"
(cd "$work/repo/evidence/records" && sha256sum corpus/* >"$work/MANIFEST.sha256")
t_verify=$(best "$dossier" -C "$work/repo" --quiet verify)
t_sumc=$(best sh -c "cd '$work/repo/evidence/records' && sha256sum -c --quiet '$work/MANIFEST.sha256'")
t_fsck=$(best git -C "$work/repo" fsck --no-dangling)
mib=$((FILES * FILE_KIB / 1024))
{
  echo "| $FILES files, $mib MiB | seconds | vs peer | peak RSS MiB |"
  echo "|---|---|---|---|"
  echo "| git add -A && git commit (peer) | $t_git_add | 1.00 | |"
  echo "| dossier add (hash, copy, commit; $(nproc) threads) | $t_add | $(ratio "$t_add" "$t_git_add") | |"
  echo "| dossier add, one core (taskset -c 0) | $t_add_1 | $(ratio "$t_add_1" "$t_git_add") | |"
  echo "| text files: git add -A && git commit (peer) | $t_git_text | 1.00 | |"
  echo "| text files: dossier add | $t_add_text | $(ratio "$t_add_text" "$t_git_text") | |"
  echo "| sha256sum -c (peer) | $t_sumc | 1.00 | $(rss sh -c "cd '$work/repo/evidence/records' && sha256sum -c --quiet '$work/MANIFEST.sha256'") |"
  echo "| git fsck | $t_fsck | $(ratio "$t_fsck" "$t_sumc") | $(rss git -C "$work/repo" fsck --no-dangling) |"
  echo "| dossier verify ($(nproc) threads) | $t_verify | $(ratio "$t_verify" "$t_sumc") | $(rss "$dossier" -C "$work/repo" --quiet verify) |"
  echo
} >>"$out"

# large REPO N: an evidence repository of N synthetic artifacts, committed.
large() {
  "$dossier" init "$1" --org Large >/dev/null
  "$gen" repo "$1" "$2"
  git -C "$1" add -A && git -C "$1" commit -qm "synthetic: $2 artifacts"
}
echo "4. reading a repository of $ARTIFACTS artifacts, and of twice as many" >&2
large "$work/large" "$ARTIFACTS"
L=("$dossier" -C "$work/large")
"${L[@]}" --quiet status >/dev/null || true  # builds the derived index, as any first command does
a_id=$(ls "$work/large/dossier/artifacts" | sed -n 1p); a_id=${a_id%.json}
a_path=evidence/bulk/$(ls "$work/large/evidence/bulk" | sed -n 1p)
(cd "$work/large" && find evidence/bulk -type f -print0 | xargs -0 sha256sum >"$work/LARGE.sha256")
row() {  # row LABEL PEER_CPU_SECONDS CMD...: one table row: wall, CPU, ratio of CPU to the peer's, peak RSS
  local label=$1 peer=$2; shift 2
  local t c; t=$(best "$@"); c=$(cpu "$@")
  echo "| $label | $t | $c | $(ratio "$c" "$peer") | $(rss "$@") |"
}
peer() {  # peer LABEL CMD...: the peer's row; sets PEER_CPU
  local label=$1; shift
  local t; t=$(best "$@"); PEER_CPU=$(cpu "$@")
  echo "| $label | $t | $PEER_CPU | 1.00 | $(rss "$@") |"
}
{
  echo "| $ARTIFACTS artifacts, warm cache, index built | wall s | CPU s | vs peer (CPU) | peak RSS MiB |"
  echo "|---|---|---|---|---|"
  peer "git status (peer)" git -C "$work/large" status
  g=$PEER_CPU
  row "dossier finding list" "$g" "${L[@]}" finding list
  row "dossier audit list" "$g" "${L[@]}" audit list
  row "dossier objective list" "$g" "${L[@]}" objective list
  row "dossier show $a_id" "$g" "${L[@]}" show "$a_id"
  row "dossier show ${a_id,,} (in lower case: matched against the names)" "$g" "${L[@]}" show "${a_id,,}"
  row "dossier show $a_path" "$g" "${L[@]}" show "$a_path"
  row "dossier status" "$g" "${L[@]}" status
  row "dossier readiness --stage 2 --format json" "$g" "${L[@]}" readiness --stage 2 --as-of 2026-11-20 --format json
  row "dossier readiness --stage 2 --format text" "$g" "${L[@]}" readiness --stage 2 --as-of 2026-11-20
  row "dossier readiness --stage 2 --format html" "$g" "${L[@]}" readiness --stage 2 --as-of 2026-11-20 --format html
  # Today, the history's newest point is HEAD: 100,000 entity files read from git's loose objects.
  row "dossier readiness --stage 2 --format html, history with HEAD" "$g" "${L[@]}" readiness --stage 2 --format html
  row "dossier clauses" "$g" "${L[@]}" clauses
  peer "git ls-files (peer)" git -C "$work/large" ls-files
  row "dossier list --json" "$PEER_CPU" "${L[@]}" list --json
  peer "sha256sum -c (peer)" sh -c "cd '$work/large' && sha256sum -c --quiet '$work/LARGE.sha256'"
  s=$PEER_CPU
  row "git fsck" "$s" git -C "$work/large" fsck --no-dangling
  row "dossier verify (every byte hashed)" "$s" "${L[@]}" --quiet verify
  # The system calls verify cannot do without, and nothing else (bench/bench_floor.cc).
  row "floor: verify's system calls alone, 1 thread" "$s" "$build/bench/bench_floor" "$work/large" 1
  row "floor: verify's system calls alone, $(nproc) threads" "$s" "$build/bench/bench_floor" "$work/large" "$(nproc)"
  row "floor: the same, evidence read through io_uring, 1 thread" "$s" "$build/bench/bench_floor" "$work/large" 1 uring
  row "floor: the same, evidence read through io_uring, $(nproc) threads" "$s" "$build/bench/bench_floor" "$work/large" "$(nproc)" uring
  row "dossier verify, classic reads (DOSSIER_IO_URING=0)" "$s" env DOSSIER_IO_URING=0 "${L[@]}" --quiet verify
  row "dossier verify, no index (DOSSIER_INDEX=0)" "$s" env DOSSIER_INDEX=0 "${L[@]}" --quiet verify
  row "dossier readiness --stage 2 --format json, no index" "$g" env DOSSIER_INDEX=0 "${L[@]}" readiness --stage 2 --as-of 2026-11-20 --format json
  echo
} >>"$out"
t_ready=$(cpu "${L[@]}" readiness --stage 2 --as-of 2026-11-20 --format json)
t_status=$(cpu "${L[@]}" status)
rm -rf "$work/large"
large "$work/double" "$((2 * ARTIFACTS))"
D=("$dossier" -C "$work/double")
"${D[@]}" --quiet status >/dev/null || true
t_ready2=$(cpu "${D[@]}" readiness --stage 2 --as-of 2026-11-20 --format json)
t_status2=$(cpu "${D[@]}" status)
{
  echo "| growth: $ARTIFACTS -> $((2 * ARTIFACTS)) artifacts | CPU s at $ARTIFACTS | CPU s at $((2 * ARTIFACTS)) | ratio | peak RSS MiB at $((2 * ARTIFACTS)) |"
  echo "|---|---|---|---|---|"
  echo "| dossier readiness --stage 2 --format json | $t_ready | $t_ready2 | $(ratio "$t_ready2" "$t_ready") | $(rss "${D[@]}" readiness --stage 2 --as-of 2026-11-20 --format json) |"
  echo "| dossier status | $t_status | $t_status2 | $(ratio "$t_status2" "$t_status") | |"
  echo
} >>"$out"
rm -rf "$work/double"
cat "$out"
cat "$out" >>"$here/RESULTS.md"
