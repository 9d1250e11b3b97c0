#!/usr/bin/env bash
# Quick start: installs what is missing, builds, and starts Levier on
# 127.0.0.1:8080 with the shipped dialogs and providers and var/levier.db.
# Extra arguments go to `levier serve` (e.g. --listen 127.0.0.1:9090).
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/install-deps.sh
deploy/build.sh release --target levier
mkdir -p var
bin=build/release/bot/app/levier
"$bin" check >/dev/null
cat <<TXT
Levier is starting on http://127.0.0.1:8080 (Ctrl-C to stop).
Talk to it from another terminal, as Twilio would:
  $bin send "Bonjour"
  $bin send "1"
Or in a browser, as a resident would on the web chat:  http://127.0.0.1:8080/chat
Or without the server:  $bin simulate
Coordinators' workspace: http://127.0.0.1:8080/workspace/ after creating the first admin with
  $bin user create --email you@example.org --role admin --org "Your organisation"
TXT
exec "$bin" serve "$@"
