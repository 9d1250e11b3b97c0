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

# The rank of a component; empty when unknown.
rank() {
  case $1 in
    util) echo 0 ;;
    net | kb) echo 1 ;;
    dialogs) echo 2 ;;
    store) echo 3 ;;
    bot) echo 4 ;;
    outbox | webhook) echo 5 ;;
    channel:* | workspace) echo 6 ;;
    app) echo 7 ;;
  esac
}

# The component a source file belongs to, from its path.
component_of_file() {
  case $1 in
    util/*) echo util ;;
    net/*) echo net ;;
    knowledge-base/*) echo kb ;;
    dialogs/*) echo dialogs ;;
    store/*) echo store ;;
    bot/app/*) echo app ;;
    bot/*) echo bot ;;
    outbox/*) echo outbox ;;
    webhook/http/*) echo webhook ;;
    webhook/workspace/*) echo workspace ;;
    webhook/channels/*) local rest=${1#webhook/channels/}; echo "channel:${rest%%/*}" ;;
  esac
}

# The component a header path "levier/<x>/..." or a target "levier::<x>" names.
component_of_name() {
  case $1 in
    channels/*) local rest=${1#channels/}; echo "channel:${rest%%/*}" ;;
    util | net | kb | dialogs | store | bot | outbox | webhook | workspace | app) echo "$1" ;;
    *) [[ -d webhook/channels/$1 ]] && echo "channel:$1" ;;
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
  ru=$(rank "$user")
  rd=$(rank "$used")
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

files=$(sources | grep -E '\.(h|cc|cc\.in)$')
[[ -n $files ]] || { echo "no sources found under $root" >&2; exit 2; }
for file in $files; do
  user=$(component_of_file "$file")
  [[ -z $user ]] && continue
  while IFS= read -r line; do
    number=${line%%:*}
    header=$(sed -E 's/^[0-9]+:[[:space:]]*#[[:space:]]*include[[:space:]]+"levier\/([^"]+)".*/\1/' <<<"$line")
    # levier/<component>/... ; levier/channels/<name>/...
    if [[ $header == channels/* ]]; then
      name=${header%/*}
    else
      name=${header%%/*}
    fi
    check "$file:$number" "$user" "$(component_of_name "$name")"
  done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]+"levier/' "$file")
done

cmake_files=$(sources | grep -E '(^|/)CMakeLists\.txt$')
for file in $cmake_files; do
  user=$(component_of_file "$file")
  [[ -z $user ]] && continue
  # Every levier::<name> a target_link_libraries call of this file names.
  while IFS= read -r name; do
    check "$file" "$user" "$(component_of_name "$name")"
  done < <(tr '\n' ' ' <"$file" | grep -oE 'target_link_libraries\([^)]*\)' |
           grep -oE 'levier::[a-z_]+' | sed 's/^levier:://' | sort -u)
done

if ((failures > 0)); then
  echo "$failures dependencies point up; see docs/architecture.md" >&2
  exit 1
fi
echo "dependencies point down: ok"
