#!/usr/bin/env bash
# Dependencies run one way, bottom to top (docs/architecture.md):
#   util <- net, kb <- dialogs <- store <- bot <- outbox, webhook (HTTP) <- channels, workspace <- app
# Fails, naming each offence, when a component includes a header of a
# component that is not below it ("levier/<component>/..." includes) or its
# CMake target links one (levier::<component>). Components on the same rank
# (net and kb, outbox and webhook, two channels, a channel and the
# workspace) may not use each other, with
# one exception: two channels of one platform, named <platform>_<channel>
# (twilio_sms, twilio_voice on the same Twilio number), may share its parts.
# Usage: check_dependencies.sh SOURCE_DIR
set -uo pipefail
root=${1:?usage: check_dependencies.sh SOURCE_DIR}
cd "$root" || exit 2

# Each helper below sets REPLY instead of printing: a subshell per include
# line made this check take 35 s; it now takes well under one.

# The rank of a component; empty when unknown.
rank() {
  case $1 in
    util) REPLY=0 ;;
    net | kb) REPLY=1 ;;
    dialogs) REPLY=2 ;;
    store) REPLY=3 ;;
    bot) REPLY=4 ;;
    outbox | webhook) REPLY=5 ;;
    channel:* | workspace) REPLY=6 ;;
    app) REPLY=7 ;;
    *) REPLY= ;;
  esac
}

# The component a source file belongs to, from its path.
component_of_file() {
  case $1 in
    util/*) REPLY=util ;;
    net/*) REPLY=net ;;
    knowledge-base/*) REPLY=kb ;;
    dialogs/*) REPLY=dialogs ;;
    store/*) REPLY=store ;;
    bot/app/*) REPLY=app ;;
    bot/*) REPLY=bot ;;
    outbox/*) REPLY=outbox ;;
    webhook/http/*) REPLY=webhook ;;
    webhook/workspace/*) REPLY=workspace ;;
    webhook/channels/*) local rest=${1#webhook/channels/}; REPLY="channel:${rest%%/*}" ;;
    *) REPLY= ;;
  esac
}

# The component a header path "levier/<x>/..." or a target "levier::<x>" names.
component_of_name() {
  REPLY=
  case $1 in
    channels/*) local rest=${1#channels/}; REPLY="channel:${rest%%/*}" ;;
    util | net | kb | dialogs | store | bot | outbox | webhook | workspace | app) REPLY=$1 ;;
    *) [[ -d webhook/channels/$1 ]] && REPLY="channel:$1" ;;
  esac
}

failures=0
offence() {
  echo "dependency points up: $1" >&2
  failures=$((failures + 1))
}

# Allowed when `used` is the same component or ranks below `user`.
check() {
  local where=$1 user=$2 used=$3
  [[ -z $used || $used == "$user" ]] && return
  if [[ $user == channel:*_* && $used == channel:*_* ]]; then
    local up=${user#channel:} dp=${used#channel:}
    [[ ${up%%_*} == "${dp%%_*}" ]] && return
  fi
  local ru rd
  rank "$user"; ru=$REPLY
  rank "$used"; rd=$REPLY
  if [[ -z $rd ]]; then
    offence "$where: unknown component '$used'"
  elif ((rd >= ru)); then
    offence "$where: $user (rank $ru) uses $used (rank $rd)"
  fi
}

# The sources, from git when this is a checkout, else from the file system.
sources() {
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -co --exclude-standard -- util net knowledge-base dialogs store bot outbox webhook
  else
    find util net knowledge-base dialogs store bot outbox webhook -type f
  fi
}

mapfile -t files < <(sources | grep -E '\.(h|cc|cc\.in)$')
((${#files[@]} > 0)) || { echo "no sources found under $root" >&2; exit 2; }
# One grep over every source: "file:line:#include "levier/<header>"".
include_re='^([^:]+):([0-9]+):[[:space:]]*#[[:space:]]*include[[:space:]]+"levier/([^"]+)"'
while IFS= read -r line; do
  [[ $line =~ $include_re ]] || continue
  file=${BASH_REMATCH[1]} number=${BASH_REMATCH[2]} header=${BASH_REMATCH[3]}
  component_of_file "$file"; user=$REPLY
  [[ -z $user ]] && continue
  # levier/<component>/... ; levier/channels/<name>/...
  if [[ $header == channels/* ]]; then
    name=${header%/*}
  else
    name=${header%%/*}
  fi
  component_of_name "$name"
  check "$file:$number" "$user" "$REPLY"
done < <(grep -HnE '^[[:space:]]*#[[:space:]]*include[[:space:]]+"levier/' "${files[@]}")

mapfile -t cmake_files < <(sources | grep -E '(^|/)CMakeLists\.txt$')
for file in "${cmake_files[@]}"; do
  component_of_file "$file"; user=$REPLY
  [[ -z $user ]] && continue
  # Every levier::<name> a target_link_libraries call of this file names.
  while IFS= read -r name; do
    component_of_name "$name"
    check "$file" "$user" "$REPLY"
  done < <(tr '\n' ' ' <"$file" | grep -oE 'target_link_libraries\([^)]*\)' |
           grep -oE 'levier::[a-z_]+' | sed 's/^levier:://' | sort -u)
done

if ((failures > 0)); then
  echo "$failures dependencies point up; see docs/architecture.md" >&2
  exit 1
fi
echo "dependencies point down: ok"
