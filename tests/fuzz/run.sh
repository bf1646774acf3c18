#!/usr/bin/env bash
# Runs every libFuzzer target for a bounded time over its seed corpus
# (tests/fuzz/corpus/<target>/, read only: new inputs go to a scratch folder).
# Any crash, sanitizer report, leak, timeout (10 s per input) or out-of-memory
# (2 GB) fails the run; the input that did it is kept in BUILD/fuzz-artifacts/.
# usage: tests/fuzz/run.sh BUILD [SECONDS_PER_TARGET]
# With FUZZ_RUNS set, each target instead runs exactly that many inputs from
# the random seed FUZZ_SEED (default 1): the same inputs on every machine, so
# CI is repeatable; a time-bounded run explores further but differently each
# time, and is for people hunting bugs.
set -euo pipefail
build=${1:?usage: run.sh BUILD [SECONDS]}
seconds=${2:-60}
here=$(cd "$(dirname "$0")" && pwd)
artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
for target in fuzz_entity fuzz_config fuzz_checklist fuzz_pack; do
  mkdir -p "$scratch/$target"
  dict=()
  [ -f "$here/$target.dict" ] && dict=(-dict="$here/$target.dict")
  if [ -n "${FUZZ_RUNS:-}" ]; then
    echo "fuzz: $target, $FUZZ_RUNS runs from seed ${FUZZ_SEED:-1}"
  else
    echo "fuzz: $target for ${seconds}s"
  fi
  bound=(-max_total_time="$seconds")
  [ -n "${FUZZ_RUNS:-}" ] && bound=(-runs="$FUZZ_RUNS" -seed="${FUZZ_SEED:-1}")
  TMPDIR="$scratch" "$build/tests/fuzz/$target" "${bound[@]}" -timeout=10 \
    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts/$target-" \
    "${dict[@]}" "$scratch/$target" "$here/corpus/$target" 2>"$scratch/$target.log" || {
      tail -n 60 "$scratch/$target.log" >&2
      echo "fuzz: $target failed; the input is in $artifacts/" >&2
      exit 1
    }
  grep -E '^stat::number_of_executed_units|^Done' "$scratch/$target.log" || true
done
