#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets of fuzz/ with clang, ASan and UBSan in their own build
# directory and runs each for FUZZ_SECONDS on a temporary copy of its committed seed corpus
# (fuzz/corpus/<target>/), so the repository's corpus stays small and reviewed. Exits 1 when any
# target crashes, leaks, times out or breaks an invariant; the input that did it is kept in
# <build dir>/fuzz-artifacts/<target>/ (add it to the corpus once the bug is fixed).
#
# Settings (environment): FUZZ_SECONDS (60 per target), FUZZ_TARGETS (space-separated subset;
# default all), FUZZ_BUILD_DIR (build-fuzz), FUZZ_JOBS (build jobs, 2), FUZZ_KEEP_CORPUS=1 (keep
# the grown corpora in <build dir>/fuzz-corpus/ instead of deleting them).
set -euo pipefail

cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
build_dir="${FUZZ_BUILD_DIR:-build-fuzz}"
jobs="${FUZZ_JOBS:-2}"
all_targets=(text_fuzzer cleaning_fuzzer article_file_fuzzer html_fuzzer query_parser_fuzzer
             store_keys_fuzzer postings_fuzzer records_fuzzer)
read -r -a targets <<< "${FUZZ_TARGETS:-${all_targets[*]}}"

for tool in clang clang++; do
  if ! command -v "$tool" > /dev/null; then
    echo "fuzz: $tool not found; install Debian's clang and libclang-rt-14-dev" \
         "(scripts/install-deps.sh lists them)" >&2
    exit 1
  fi
done

if [ ! -f "$build_dir/build.ninja" ]; then
  launcher=()
  if command -v ccache > /dev/null; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  fi
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++ -DNG_FUZZ=ON "${launcher[@]}"
fi
cmake --build "$build_dir" -j "$jobs" --target "${targets[@]}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
summary="$work/summary"
failed=0
for target in "${targets[@]}"; do
  corpus="$work/corpus/$target"
  artifacts="$build_dir/fuzz-artifacts/$target"
  mkdir -p "$corpus" "$artifacts"
  cp fuzz/corpus/"$target"/* "$corpus"/
  dict=()
  if [ "$target" = query_parser_fuzzer ]; then dict=(-dict=fuzz/query.dict); fi
  log="$build_dir/fuzz-artifacts/$target.log"
  echo "fuzz: $target for ${seconds}s (log: $log)"
  set +e
  # -timeout: one input running this long is a hang, reported like a crash.
  # -rss_limit_mb: ICU data plus ASan's shadow stay far below this on sane inputs.
  ASAN_OPTIONS="detect_leaks=1:detect_odr_violation=0" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    "$build_dir/fuzz/$target" "${dict[@]}" -max_total_time="$seconds" -timeout=30 \
      -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" \
      > "$log" 2>&1
  status=$?
  set -e
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  units="$(ls "$corpus" | wc -l)"
  if [ "$status" -eq 0 ]; then
    verdict=ok
  else
    verdict="FAILED (exit $status)"
    failed=1
    grep -E "ERROR: |runtime error|fuzz invariant failed|Test unit written" "$log" | head -5 >&2 || true
  fi
  printf '%-22s %12s runs  %6s corpus  %s\n' "$target" "${runs:-?}" "$units" "$verdict" \
    | tee -a "$summary"
  if [ "${FUZZ_KEEP_CORPUS:-0}" = 1 ]; then
    rm -rf "$build_dir/fuzz-corpus/$target"
    mkdir -p "$build_dir/fuzz-corpus"
    cp -r "$corpus" "$build_dir/fuzz-corpus/$target"
  fi
done

echo
echo "fuzz: summary (${seconds}s per target)"
cat "$summary"
if [ "$failed" -ne 0 ]; then
  echo "fuzz: FAILED; crashing inputs are in $build_dir/fuzz-artifacts/" >&2
  exit 1
fi
