#!/usr/bin/env bash
# Installs the Debian packages Levier needs to build, run and test.
# Idempotent and silent when everything is already present; works as root or
# through sudo. Debian 12 (bookworm). Arguments name extra packages to install too.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  libboost1.81-dev libssl-dev libsqlite3-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libicu-dev libcli11-dev ca-certificates
  libfasttext-dev fasttext  # the barrier classifier (dialogs/) and `levier dialogs train`
  libbenchmark-dev  # bench/ (Google Benchmark), built with -DLEVIER_BUILD_BENCH=ON
  clang-14 libclang-rt-14-dev  # the fuzz stage of deploy/test.sh: clang and libFuzzer
  libsodium-dev  # workspace passwords (Argon2id, util/password.h)
  chromium  # the web chat's browser test (tests/node/webchat_browser.mjs, driven by playwright-core)
  nginx-light openssl  # the shipped proxy configuration, tested in front of Levier (tests/node/nginx_proxy.mjs)
  libqrencode-dev libpng-dev  # QR codes of invitations (webhook/workspace/qr/), as SVG and PNG
  zbar-tools  # an independent QR decoder (zbarimg) for the invitation tests
  libjemalloc-dev  # the levier executable's memory allocator (CMakeLists.txt, LEVIER_JEMALLOC)
  libpq-dev  # the PostgreSQL backend of the store (store/postgres/), for several instances
  postgresql-15  # a throwaway server for its tests (tests/postgres/pg-server.sh), never a service
)
# Extra packages a caller needs (bench/run.sh: wrk, sqlite3).
packages+=("$@")
# Node.js runs the official Twilio SDK in the cross-check tests; any install
# that provides node and npm will do, so only ask apt when they are missing.
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-deps: missing packages (${missing[*]}) and neither root nor sudo available" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
