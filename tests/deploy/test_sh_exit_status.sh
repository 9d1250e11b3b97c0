#!/usr/bin/env bash
# deploy/test.sh's exit status follows ctest's: run against a stub ctest
# (and stub install/build steps) that fails while its summary line says
# "0 tests failed", then, as the positive control, one that passes.
# Usage: test_sh_exit_status.sh SOURCE_DIR
set -euo pipefail
src=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/deploy" "$work/tests/node" "$work/bin"
cp "$src/deploy/test.sh" "$work/deploy/"
for stub in deploy/install-deps.sh deploy/build.sh bin/npm; do
  printf '#!/bin/sh\nexit 0\n' >"$work/$stub"
done
cat >"$work/bin/ctest" <<'STUB'
#!/bin/sh
echo "100% tests passed, 0 tests failed out of 3"
echo
echo "Total Test time (real) =   1.00 sec"
[ "$STUB_CTEST_STATUS" = 0 ] || echo "Errors while running CTest"
exit "$STUB_CTEST_STATUS"
STUB
chmod +x "$work"/deploy/*.sh "$work"/bin/*

run() {
  # No PostgreSQL for the stub run (the real one is started by deploy/test.sh itself).
  LEVIER_TEST_POSTGRES=none STUB_CTEST_STATUS=$1 PATH="$work/bin:$PATH" bash "$work/deploy/test.sh" --quick >"$work/out" 2>&1
}
if run 8; then
  echo "FAIL: deploy/test.sh exited 0 although ctest exited 8:" >&2
  cat "$work/out" >&2
  exit 1
fi
if ! run 0; then
  echo "FAIL: deploy/test.sh failed although ctest passed:" >&2
  cat "$work/out" >&2
  exit 1
fi
echo "ok: deploy/test.sh fails when ctest does, passes when it passes"
