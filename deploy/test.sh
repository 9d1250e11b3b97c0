#!/usr/bin/env bash
# Runs the whole test suite (what CI runs, through .ci/run), in stages:
#   release  optimised build, every test (unit, integration, Node.js SDK, fuzz corpus replays)
#   asan     AddressSanitizer + UndefinedBehaviorSanitizer build, every test but the two
#            Chromium ones (label `browser`: a minute and a half of the stage, spent
#            mostly in Chromium; the server routes they use have C++ integration tests)
#   tsan     ThreadSanitizer build of the server and the integration tests, the suites
#            labelled `threads` (integration scenarios that cross the server's threads, and
#            the senders' shared connection pool)
#   tsan-all (opt-in) the same build, every integration suite
#   fuzz     libFuzzer build (clang), corpus replays, then each fuzz target fuzzed for
#            LEVIER_FUZZ_SECONDS (default 20) seconds
# Stage times on 2 cores are in docs/testing.md.
#
# Usage: deploy/test.sh [--quick | --stages LIST] [ctest arguments...]
#   --quick         the release stage only (a developer's check before pushing)
#   --stages LIST   comma-separated stages to run, e.g. --stages asan,tsan-all
#   ctest arguments go to every stage's ctest (e.g. -L unit, -R Form)
# Environment: LEVIER_FUZZ_SECONDS (per fuzz target; long mode: e.g. 3600 with --stages fuzz);
#   LEVIER_TEST_POSTGRES (a libpq conninfo: use that PostgreSQL server instead of
#   starting one; "none" leaves the PostgreSQL tests out).
#
# Every selected stage runs even when an earlier one failed. A sanitizer report
# written by any process (test binaries and the `levier` servers they start)
# fails its stage. The output ends with the totals over all stages in ctest's
# summary format, and the exit status is non-zero when any stage failed.
set -euo pipefail
cd "$(dirname "$0")/.."

stages=(release asan tsan fuzz)
ctest_args=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --quick) stages=(release); shift ;;
    --stages) IFS=, read -r -a stages <<<"$2"; shift 2 ;;
    --stages=*) IFS=, read -r -a stages <<<"${1#--stages=}"; shift ;;
    *) ctest_args+=("$1"); shift ;;
  esac
done
for s in "${stages[@]}"; do
  case $s in
    release | asan | tsan | tsan-all | fuzz) ;;
    *) echo "test.sh: unknown stage '$s' (release, asan, tsan, tsan-all, fuzz)" >&2; exit 2 ;;
  esac
done

deploy/install-deps.sh
(cd tests/node && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

# A throwaway PostgreSQL server for the store's conformance suite on that
# backend (tests/store/store_fixture.h), stopped and removed on exit. Its
# directory sits in /tmp, where the `postgres` user can reach it when this
# runs as root. LEVIER_TEST_POSTGRES=none skips the PostgreSQL tests.
if [[ ${LEVIER_TEST_POSTGRES:-} == none ]]; then
  unset LEVIER_TEST_POSTGRES
elif [[ -z ${LEVIER_TEST_POSTGRES:-} ]]; then
  pg_dir=$(mktemp -u -d /tmp/levier-test-pg.XXXXXX)
  trap 'tests/postgres/pg-server.sh stop "$pg_dir"' EXIT
  LEVIER_TEST_POSTGRES=$(tests/postgres/pg-server.sh start "$pg_dir")
  export LEVIER_TEST_POSTGRES
  echo "==== test.sh: PostgreSQL for the tests: $LEVIER_TEST_POSTGRES"
fi

jobs=$(nproc)
export LEVIER_FUZZ_SECONDS=${LEVIER_FUZZ_SECONDS:-20}
total_tests=0
total_failed=0
total_seconds=0
failed_lines=()  # "<stage>: <ctest's failed-test line>"
failure_excerpts=()  # the failed assertions of each stage, repeated in the summary
stage_lines=()

# Runs one stage: build (preset + build.sh args), then ctest (its args after --).
# The stage's name is its preset's, or NAME:PRESET (tsan-all:tsan).
# REQUIRES: the preset's build directory is build/<preset>.
run_stage() {
  local name=${1%%:*} preset=${1#*:}
  shift
  local build_args=() test_args=()
  while [[ $# -gt 0 && $1 != -- ]]; do build_args+=("$1"); shift; done
  [[ $# -gt 0 ]] && shift
  test_args=("$@")
  local dir=build/$preset reports=build/$preset/sanitizer-reports log
  local start=$SECONDS status=ok
  echo
  echo "==== test.sh: stage $name: build"
  if ! deploy/build.sh "$preset" "${build_args[@]}"; then
    failed_lines+=("$name: build failed")
    stage_lines+=("stage $name: BUILD FAILED after $((SECONDS - start)) s")
    total_failed=$((total_failed + 1))
    total_tests=$((total_tests + 1))
    return
  fi
  local built=$((SECONDS - start))
  rm -rf "$reports"
  mkdir -p "$reports"
  log=$(mktemp)
  echo "==== test.sh: stage $name: test"
  # Sanitizer reports go to files so those of the `levier` servers the tests
  # start (whose stderr the tests keep in temporary logs) are not lost.
  ASAN_OPTIONS="log_path=$PWD/$reports/asan:detect_leaks=1:check_initialization_order=1:${ASAN_OPTIONS:-}" \
  UBSAN_OPTIONS="log_path=$PWD/$reports/ubsan:print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}" \
  TSAN_OPTIONS="log_path=$PWD/$reports/tsan:second_deadlock_stack=1:${TSAN_OPTIONS:-}" \
    ctest --test-dir "$dir" --output-on-failure --no-tests=error -j "$jobs" \
      "${test_args[@]}" "${ctest_args[@]}" 2>&1 | tee "$log" || status=failed
  local summary ran=0 failed=0
  summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1 || true)
  if [[ $summary =~ ([0-9]+)\ tests?\ failed\ out\ of\ ([0-9]+) ]]; then
    failed=${BASH_REMATCH[1]}
    ran=${BASH_REMATCH[2]}
  fi
  # ctest's exit status decides, whatever its summary line counts (no
  # summary, or "0 tests failed" while a test was not run or errored).
  if [[ $status != ok && $failed -eq 0 ]]; then
    failed=1
    [[ $ran -eq 0 ]] && ran=1
    failed_lines+=("$name: ctest exited with an error although its summary counts no failed test (see above)")
  fi
  while IFS= read -r line; do
    failed_lines+=("$name: ${line#"${line%%[![:space:]]*}"}")
  done < <(sed -n '/^The following tests FAILED:/,/^Errors while running CTest/p' "$log" |
           grep -E '^\s+[0-9]+ - ' || true)
  # CI keeps only the end of the output: the failed assertions (GoogleTest's
  # "file:line: Failure" and the lines after it) are repeated in the summary.
  if [[ $status != ok ]]; then
    local excerpt
    # A test binary that aborts prints no "[  FAILED  ]": name the case it
    # was running (the last "[ RUN" before the abort in ctest's output).
    excerpt=$({
      grep -E -A8 ': Failure$|^\[  FAILED  \]|terminate called|what\(\):|thrown in the test body' "$log"
      awk '/^\[ RUN / { run = $0 } /terminate called|AddressSanitizer|ThreadSanitizer/ && run != "" {
             print "(it was running: " run ")"; run = "" }' "$log"
    } | head -120 || true)
    if [[ -n $excerpt ]]; then
      failure_excerpts+=("---- stage $name: failed assertions"$'\n'"$excerpt")
    fi
  fi
  rm -f "$log"
  if compgen -G "$reports/*" >/dev/null; then
    echo "==== test.sh: stage $name: sanitizer reports:"
    for f in "$reports"/*; do
      echo "--- $f"
      cat "$f"
    done
    failed_lines+=("$name: sanitizer reports in $reports (printed above)")
    failed=$((failed + 1))
    ran=$((ran + 1))
    status=failed
  fi
  [[ $failed -gt 0 ]] && status=failed
  total_tests=$((total_tests + ran))
  total_failed=$((total_failed + failed))
  total_seconds=$((total_seconds + SECONDS - start - built))
  stage_lines+=("stage $name: $ran tests, $failed failed, build ${built} s, tests $((SECONDS - start - built)) s: $status")
}

for s in "${stages[@]}"; do
  case $s in
    release) run_stage release ;;
    asan) run_stage asan -- -LE browser ;;
    # The server is what has threads; the other tests add build time, not
    # coverage. By default the suites that cross its threads (label
    # `threads`, tests/integration/CMakeLists.txt), and the connection pool
    # the outbox's parallel senders share (net_test); tsan-all runs every
    # integration suite.
    tsan) run_stage tsan --target levier integration_test net_test -- -L threads ;;
    tsan-all) run_stage tsan-all:tsan --target levier integration_test -- -L integration ;;
    fuzz) run_stage fuzz --target levier_fuzzers -- -L fuzz ;;
  esac
done

echo
echo "==== test.sh: summary (LEVIER_FUZZ_SECONDS=$LEVIER_FUZZ_SECONDS)"
if [[ ${#failure_excerpts[@]} -gt 0 ]]; then printf '%s\n\n' "${failure_excerpts[@]}"; fi
printf '%s\n' "${stage_lines[@]}"
echo
# The totals, in ctest's own format (CI reads these lines).
percent=100
if [[ $total_tests -gt 0 ]]; then
  percent=$(( (100 * (total_tests - total_failed) + total_tests / 2) / total_tests ))
  [[ $total_failed -gt 0 && $percent -gt 99 ]] && percent=99
fi
echo "${percent}% tests passed, ${total_failed} tests failed out of ${total_tests}"
echo
echo "Total Test time (real) = ${total_seconds}.00 sec"
if [[ ${#failed_lines[@]} -gt 0 || $total_failed -gt 0 ]]; then
  echo
  echo "The following tests FAILED:"
  printf '\t%s\n' "${failed_lines[@]}"
  echo "Errors while running CTest"
  exit 1
fi
