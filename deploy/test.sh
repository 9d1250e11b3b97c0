#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing, builds the release
# preset with tests, installs the test-only npm packages (official Twilio SDK),
# then runs ctest. Extra arguments go to ctest (e.g. -L unit).
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/install-deps.sh
(cd tests/node && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
deploy/build.sh release
ctest --test-dir build/release --output-on-failure -j "$(nproc)" "$@"
