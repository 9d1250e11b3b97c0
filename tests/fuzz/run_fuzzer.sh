#!/usr/bin/env bash
# Fuzzes one libFuzzer target for LEVIER_FUZZ_SECONDS (default 20), one
# process (2-core CI). New inputs go to WORK/corpus (kept between local runs),
# a crashing input to WORK/artifacts/. A finding fails the ctest test; the
# message says how to turn it into a regression input.
# Usage: run_fuzzer.sh BINARY SEED_DIR WORK_DIR [extra libFuzzer flags]
set -euo pipefail
bin=$1 seeds=$2 work=$3
shift 3
seconds=${LEVIER_FUZZ_SECONDS:-20}
mkdir -p "$work/corpus" "$work/artifacts"
name=$(basename "$bin")
status=0
"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" "$@" "$work/corpus" "$seeds" || status=$?
if [[ $status -ne 0 ]]; then
  cat >&2 <<TXT
$name: FINDING (exit $status). The input is in $work/artifacts/.
Reproduce: $bin $work/artifacts/<file>
Once fixed, keep it as a regression input named after what broke:
  cp $work/artifacts/<file> tests/fuzz/corpus/$name/regress-<what-broke>
TXT
fi
exit $status
