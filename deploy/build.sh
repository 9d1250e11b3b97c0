#!/usr/bin/env bash
# Configures and builds one CMake preset (default: release) with Ninja.
# Usage: deploy/build.sh [PRESET] [extra cmake --build args...]
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
shift || true
if [[ ! -f "build/$preset/build.ninja" ]]; then
  cmake --preset "$preset" >/dev/null
fi
# The fuzz preset builds only the fuzz targets (and the libraries they use).
if [[ $preset == fuzz && " $* " != *" --target "* ]]; then
  set -- --target levier_fuzzers "$@"
fi
cmake --build "build/$preset" -j "$(nproc)" "$@"
