#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and fuzzes each one for SECONDS.
#   fuzz/run.sh [SECONDS] [TARGET...]      (default: 60 s, every target)
# Environment: BUILD_DIR (default build-fuzz), JOBS (default 2), CXX (default clang++),
#   FUZZ_ARGS (extra libFuzzer flags), KEEP_WORK=1 (keep the temporary work corpora),
#   SKIP_BUILD=1 (use the executables already built), S3V4_FUZZ_SKIP (see README.md).
# Each target starts from a temporary copy of fuzz/corpus/TARGET and fuzz/regressions/TARGET
# (the repository corpus is never written), with its dictionary from fuzz/dict/. Exits
# non-zero when any target crashes, leaks, times out or violates a property; the input is
# saved under BUILD_DIR/fuzz-artifacts/TARGET/ (copy it to fuzz/regressions/TARGET/).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
seconds=${1:-60}
shift || true
build=${BUILD_DIR:-$root/build-fuzz}
jobs=${JOBS:-2}
cxx=${CXX:-clang++}

all_targets=(uri_encoding canonical_query canonical_headers s3_uri presign_verify list_result
             error_body config_files amz_time)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")

case $seconds in
  ''|*[!0-9]*) echo "usage: fuzz/run.sh [SECONDS] [TARGET...]" >&2; exit 2 ;;
esac
if ! command -v "$cxx" >/dev/null; then
  echo "fuzz/run.sh: $cxx not found (Debian: apt-get install clang libclang-rt-14-dev)" >&2
  exit 2
fi

dict_for() {
  case $1 in
    list_result|error_body) echo "$here/dict/xml.dict" ;;
    uri_encoding|canonical_query|presign_verify|s3_uri) echo "$here/dict/url.dict" ;;
    canonical_headers) echo "$here/dict/headers.dict" ;;
    config_files) echo "$here/dict/config.dict" ;;
    amz_time) echo "$here/dict/time.dict" ;;
  esac
}

if [ "${SKIP_BUILD:-0}" != 1 ]; then
echo "== configure and build ($build, $cxx, -j$jobs)"
cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DS3V4_BUILD_FUZZ=ON -DS3V4_BUILD_TESTS=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
  >/dev/null
build_targets=()
for t in "${targets[@]}"; do build_targets+=(--target "fuzz_$t"); done
cmake --build "$build" -j"$jobs" "${build_targets[@]}"
fi

work_root=$(mktemp -d "${TMPDIR:-/tmp}/s3v4-fuzz.XXXXXX")
[ "${KEEP_WORK:-0}" = 1 ] || trap 'rm -rf "$work_root"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=()
summary=()
for t in "${targets[@]}"; do
  exe="$build/fuzz/fuzz_$t"
  work="$work_root/$t"
  artifacts="$build/fuzz-artifacts/$t/"
  mkdir -p "$work" "$artifacts"
  for d in "$here/corpus/$t" "$here/regressions/$t"; do
    [ -d "$d" ] && find "$d" -maxdepth 1 -type f ! -name '.*' -exec cp {} "$work/" \;
  done
  dict=$(dict_for "$t")
  args=(-max_total_time="$seconds" -rss_limit_mb=2048 -timeout=25 -print_final_stats=1
        -artifact_prefix="$artifacts")
  [ -n "$dict" ] && [ -f "$dict" ] && args+=(-dict="$dict")
  # shellcheck disable=SC2206
  args+=(${FUZZ_ARGS:-})
  log="$work_root/$t.log"
  echo "== fuzz $t for ${seconds}s ($(ls "$work" | wc -l) seed inputs)"
  set +e
  "$exe" "${args[@]}" "$work" >"$log" 2>&1
  rc=$?
  set -e
  stats=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$stats")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$stats")
  corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p' <<<"$stats")
  status=ok
  if [ $rc -ne 0 ]; then
    status="FAILED (exit $rc)"
    failed+=("$t")
    echo "---- $t: last 60 lines of the libFuzzer log"
    tail -n 60 "$log"
    echo "---- inputs saved in $artifacts:"
    ls -1 "$artifacts"
  fi
  line=$(printf '%-18s execs %-10s cov %-6s ft %-7s corpus %-12s %s' "$t" "${execs:-?}" \
    "${cov:-?}" "${ft:-?}" "${corp:-?}" "$status")
  echo "$line"
  summary+=("$line")
done

echo
echo "== summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]}" >&2
  exit 1
fi
