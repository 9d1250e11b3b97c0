#!/usr/bin/env bash
# bench/run.sh: the benchmark of docs/performance.md in one command.
#
#   bench/run.sh [--no-build]
#
# Builds the release preset with the bench tools into build/bench, then, on
# loopback only and with every step bounded in time (about 7 minutes in all):
#   1. the pure dialog engine's throughput (no HTTP, no SQLite);
#   2. wrk with the same threads and connections against nginx serving a
#      static TwiML reply (the machine's ceiling) and against `levier serve`
#      (signature, dedupe, dialog step, commit with synchronous=FULL), both
#      replaying pre-signed requests from 2,000 residents on realistic paths;
#   3. p50/p99 latency at fixed rates (200, 500, 1,000, 2,000 messages/s);
#   4. 100,000 more residents through the server, then its RSS;
#   5. WhatsApp: new residents at a fixed rate, replies through the outbox to
#      a fake Cloud API (bench/whatsapp_latency.mjs): latency, CPU and bytes
#      written per message;
#   6. PostgreSQL, one and two instances (bench/postgres.sh).
# Prints a summary table and writes it to bench/results/<date>-<time>.md.
#
# Environment: BENCH_DURATION (seconds per load run, default 10),
# BENCH_THREADS (wrk threads, default 2), BENCH_CONNECTIONS (default 64),
# BENCH_FILL (residents for the RSS figure, default 100000; 0 skips it),
# BENCH_RATES (the fixed rates, default "200 500 1000 2000"),
# BENCH_WHATSAPP_RATE (default 200; 0 skips step 5), BENCH_POSTGRES (0 skips step 6),
# BENCH_STORE (the server's "store" settings as JSON, default {}),
# BENCH_PERF (seconds: record a perf profile of the server during its wrk run
# into $LEVIER_BENCH_BUILD_DIR/perf.data),
# LEVIER_BENCH_BUILD_DIR (default build/bench).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The load generator, the ceiling and the session counter come from Debian too.
"$root/deploy/install-deps.sh" wrk nginx-light sqlite3
build=${LEVIER_BENCH_BUILD_DIR:-$root/build/bench}
duration=${BENCH_DURATION:-10}
threads=${BENCH_THREADS:-2}
connections=${BENCH_CONNECTIONS:-64}
fill=${BENCH_FILL:-100000}
read -r -a rates <<<"${BENCH_RATES:-200 500 1000 2000}"
senders=2000
public_url=https://bench.levier.test  # only signed over, never contacted
do_build=1
[[ ${1:-} == --no-build ]] && do_build=0

say() { echo "bench: $*" >&2; }
die() { say "$*"; exit 1; }

for tool in wrk nginx; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is missing: deploy/install-deps.sh installs it"
done

if [[ $do_build -eq 1 ]]; then
  grep -q 'add_subdirectory(bench)' "$root/CMakeLists.txt" ||
    die "CMakeLists.txt does not add bench/ (LEVIER_BUILD_BENCH)"
  say "building (release preset, $build)"
  mkdir -p "$root/build"  # a fresh clone has none, and the logs go there
  (cd "$root" && cmake --preset release -B "$build" -DLEVIER_BUILD_BENCH=ON -DLEVIER_BUILD_TESTS=OFF \
    >"$root/build/bench-configure.log" 2>&1) || die "configure failed: see build/bench-configure.log"
  cmake --build "$build" --target levier levier_bench_gen levier_bench_load levier_bench_engine \
    >"$root/build/bench-build.log" 2>&1 || die "build failed: see build/bench-build.log"
fi
levier=$build/bot/app/levier
[[ -x $levier ]] || levier=$(find "$build" -type f -name levier -perm -u+x | head -n 1)
gen=$(find "$build" -type f -name levier_bench_gen -perm -u+x | head -n 1)
load=$(find "$build" -type f -name levier_bench_load -perm -u+x | head -n 1)
engine=$(find "$build" -type f -name levier_bench_engine -perm -u+x | head -n 1)
[[ -x $levier && -x $gen && -x $load && -x $engine ]] || die "bench tools not built in $build"

# Scratch space on the repository's disk: the database's fsyncs cost what they cost there.
mkdir -p "$build"
work=$(mktemp -d "$build/run.XXXXXX")
nginx_pid=""
levier_pid=""
cleanup() {
  [[ -n $levier_pid ]] && kill "$levier_pid" 2>/dev/null && wait "$levier_pid" 2>/dev/null || true
  [[ -n $nginx_pid ]] && kill -QUIT "$nginx_pid" 2>/dev/null || true
  sleep 0.2
  rm -rf "$work"
}
trap cleanup EXIT

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {  # PORT: up to 10 s
  for _ in $(seq 1 100); do port_busy "$1" && return 0; sleep 0.1; done
  return 1
}
field() {  # KEY LINE: the value of KEY=value in LINE
  sed -n "s/.*[ ]$1=\([^ ]*\).*/\1/p" <<<" $2"
}
common=(--dialogs "$root/dialogs/default" --kb "$root/knowledge-base/data"
        --answers "$root/bench/answers.json")

load_before=$(cut -d' ' -f1 /proc/loadavg)
# 1. Engine alone, on a quiet machine.
say "dialog engine throughput"
engine_line=$(cd "$root" && timeout 120 "$engine" "${common[@]}" --senders 10000 --steps 20 | grep '^RESULT')

# 2a. nginx: static TwiML, logging off, as many workers as cores.
nginx_port=0
for p in $(seq 18080 18180); do port_busy "$p" || { nginx_port=$p; break; }; done
[[ $nginx_port -ne 0 ]] || die "no free port for nginx"
mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      default_type "text/xml; charset=utf-8";
      return 200 '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Static reply of about the size of a Levier answer, served by nginx as the ceiling of bench/run.sh. 1 one 2 two 3 three 4 four 5 five 6 six 7 seven 8 eight 9 nine.</Message></Response>';
    }
  }
}
EOF
nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
wait_port "$nginx_port" || die "nginx did not start (see $work/nginx/error.log)"

# 2b. Levier: release build, per-sender limit off, database in the scratch directory.
token=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
cat >"$work/levier.json" <<EOF
{
  "listen": "127.0.0.1:0",
  "db": "$work/db/levier.db",
  "public_url": "$public_url",
  "twilio_auth_token": "$token",
  "secret": "$secret",
  "log_level": "warn",
  "rate_limits": {"per_sender_per_minute": 0},
  "store": ${BENCH_STORE:-{\}}
}
EOF
chmod 600 "$work/levier.json"  # it holds the secrets: levier serve refuses it otherwise
(cd "$root" && exec "$levier" serve --config "$work/levier.json") >"$work/levier.out" 2>"$work/levier.err" &
levier_pid=$!
levier_port=""
for _ in $(seq 1 100); do
  levier_port=$(sed -n 's|^levier listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$work/levier.out")
  [[ -n $levier_port ]] && break
  kill -0 "$levier_pid" 2>/dev/null || die "levier did not start: $(cat "$work/levier.err")"
  sleep 0.1
done
[[ -n $levier_port ]] || die "levier did not print its port"
say "nginx on 127.0.0.1:$nginx_port, levier on 127.0.0.1:$levier_port (pid $levier_pid)"

# 2c. wrk, same threads and connections against both, replaying the same files.
# Size the files for 30,000 messages/s over the run (twice the best Levier
# figure so far), so none is replayed: a replayed request is a redelivery,
# answered from the dedupe table, and would flatter the figure.
steps=$(( (30000 * duration + senders - 1) / senders ))
(cd "$root" && timeout 120 "$gen" "${common[@]}" --out "$work/requests" --shards "$threads" \
   --senders "$senders" --steps "$steps" --token "$token" --public-url "$public_url" \
   --host "127.0.0.1:$levier_port") >&2
run_wrk() {  # PORT OUTFILE
  timeout $((duration + 60)) wrk -t "$threads" -c "$connections" -d "${duration}s" --timeout 10s \
    --latency -s "$root/bench/replay.lua" "http://127.0.0.1:$1/webhooks/twilio" -- "$work/requests" \
    >"$2" 2>&1 || die "wrk failed: $(cat "$2")"
}
rps() { sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$1"; }
requests() { sed -n 's/^ *\([0-9]*\) requests in .*/\1/p' "$1"; }
# CPU time (clock ticks) per thread name of process PID: "name ticks" lines.
# The server names its threads (http-io, store-writer, store-ckpt...).
thread_ticks() {
  local t
  for t in /proc/"$1"/task/*; do
    printf '%s %s\n' "$(cat "$t/comm" 2>/dev/null)" \
      "$(sed 's/^.*) //' "$t/stat" 2>/dev/null | awk '{print $12 + $13}')"
  done | awk '{s[$1] += $2} END {for (n in s) print n, s[n]}' | sort
}
# CPU time (clock ticks) of PID and its children (nginx's workers).
tree_ticks() {
  local p total=0
  for p in "$1" $(pgrep -P "$1" 2>/dev/null); do
    total=$((total + $(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12 + $13}')))
  done
  echo "$total"
}
clk_tck=$(getconf CLK_TCK)
# Bytes PID's threads sent towards the disk (WAL frames, checkpoints); wchar
# would count every write() including the sockets' replies.
written_bytes() { awk '/^write_bytes:/ {print $2}' "/proc/$1/io"; }
# AMOUNT / UNIT per message: AMOUNT UNIT MESSAGES FORMAT (0 when no message).
per_message() {
  awk -v a="$1" -v u="$2" -v n="$3" -v f="$4" 'BEGIN { printf f, (n > 0 ? a / u / n : 0) }'
}
non2xx() { local n; n=$(sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$1"); echo "${n:-0}"; }
socket_errors() { local n; n=$(sed -n 's/.*Socket errors: \(.*\)/\1/p' "$1"); echo "${n:-none}"; }
replayed() { sed -n 's/.*replayed=\([0-9]*\).*/\1/p' "$1"; }
wrk_p() { awk -v q="$2" '$1 == q { print $2 }' "$1"; }

say "wrk against nginx (${duration}s, $threads threads, $connections connections)"
nginx_ticks_before=$(tree_ticks "$nginx_pid")
run_wrk "$nginx_port" "$work/wrk-nginx.txt"
nginx_ticks=$(( $(tree_ticks "$nginx_pid") - nginx_ticks_before ))
say "wrk against levier (${duration}s, $threads threads, $connections connections)"
thread_ticks "$levier_pid" >"$work/levier-ticks-before"
written_before=$(written_bytes "$levier_pid")
perf_pid=""
if [[ -n ${BENCH_PERF:-} ]]; then  # a CPU profile of the server during the wrk run
  perf record -F 999 -g --call-graph dwarf,16384 -o "$build/perf.data" -p "$levier_pid" \
    -- sleep "$BENCH_PERF" >/dev/null 2>&1 &
  perf_pid=$!
fi
run_wrk "$levier_port" "$work/wrk-levier.txt"
[[ -n $perf_pid ]] && { wait "$perf_pid" || true; say "profile in ${build#"$root"/}/perf.data"; }
written_wrk=$(( $(written_bytes "$levier_pid") - written_before ))
thread_ticks "$levier_pid" >"$work/levier-ticks-after"
# CPU per message by thread name, in microseconds: "name us" lines, total last.
levier_requests=$(requests "$work/wrk-levier.txt")
join -a 2 "$work/levier-ticks-before" "$work/levier-ticks-after" |
  awk -v n="${levier_requests:-0}" -v hz="$clk_tck" '
    { d = (NF == 3 ? $3 - $2 : $2); if (d > 0 && n > 0) { us = d * 1e6 / hz / n; printf "%s %.1f\n", $1, us; t += us } }
    END { printf "total %.1f\n", t }' >"$work/levier-cpu"
hwm_after_wrk=$(awk '/^VmHWM/ {print $2}' "/proc/$levier_pid/status")
metrics=$(exec 3<>"/dev/tcp/127.0.0.1/$levier_port" &&
          printf 'GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' >&3 && timeout 5 cat <&3)
messages=$(awk '/^levier_messages_total/ {s += $2} END {print s + 0}' <<<"$metrics")
duplicates=$(awk '/^levier_duplicate_messages_total/ {s += $2} END {print s + 0}' <<<"$metrics")
referrals=$(awk '/^levier_referrals_total/ {s += $2} END {print s + 0}' <<<"$metrics")

# 3. Fixed rates (open loop), fresh residents each time. The wrk run left
# hundreds of megabytes for the kernel to write back: flushed first, or the
# first rate's commits queue behind that writeback (p99.9 of 50-60 ms at 500
# messages/s, whatever the server does) and the figure measures the disk's
# backlog, not Levier at that rate.
sync
sleep 2
rate_lines=()
offset=100000
for rate in "${rates[@]}"; do
  say "fixed rate $rate messages/s (${duration}s)"
  rate_ticks=$(tree_ticks "$levier_pid")
  rate_written=$(written_bytes "$levier_pid")
  line=$(cd "$root" && timeout $((duration + 90)) "$load" "${common[@]}" --target "127.0.0.1:$levier_port" \
           --token "$token" --public-url "$public_url" --rate "$rate" --duration "$duration" \
           --connections "$connections" --senders "$senders" --sender-offset "$offset" \
           --label "rate$rate" | grep '^RESULT' || true)
  # CPU and disk per message at this rate: below saturation each commit
  # carries few messages, so its fixed cost (WAL frames, fdatasync) is shared
  # by fewer of them than under wrk.
  rate_requests=$(field requests "$line")
  line+=" cpu_us=$(per_message $(( ($(tree_ticks "$levier_pid") - rate_ticks) * 1000000 )) \
    "$clk_tck" "${rate_requests:-0}" %.0f)"
  line+=" written_kb=$(per_message $(( $(written_bytes "$levier_pid") - rate_written )) 1024 \
    "${rate_requests:-0}" %.1f)"
  rate_lines+=("$line")
  offset=$((offset + 100000))
done

# 4. Many residents: each sends a greeting and an answer (a stored session per resident).
say "$fill residents, 2 messages each, as fast as the server answers"
fill_line=""
[[ $fill -gt 0 ]] && fill_line=$(cd "$root" && timeout 600 "$load" "${common[@]}" --target "127.0.0.1:$levier_port" \
              --token "$token" --public-url "$public_url" --rate 0 --connections "$connections" \
              --senders "$fill" --steps 2 --sender-offset 1000000 --label fill | grep '^RESULT' || true)
rss_after_fill=$(awk '/^VmRSS/ {print $2}' "/proc/$levier_pid/status")
hwm_after_fill=$(awk '/^VmHWM/ {print $2}' "/proc/$levier_pid/status")
sessions="(sqlite3 missing)"
if command -v sqlite3 >/dev/null 2>&1; then
  sessions=$(sqlite3 -readonly "$work/db/levier.db" 'SELECT count(*) FROM sessions' 2>/dev/null || echo "?")
fi
db_mb=$(du -sm "$work/db" | awk '{print $1}')

kill "$levier_pid"; wait "$levier_pid" 2>/dev/null || true; levier_pid=""
kill -QUIT "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; nginx_pid=""

# 5. WhatsApp: every reply goes through the outbox to a fake Cloud API on
# loopback (bench/whatsapp_latency.mjs starts its own server and fake).
wa_rate=${BENCH_WHATSAPP_RATE:-200}
wa_line=""
if [[ $wa_rate != 0 ]] && command -v node >/dev/null 2>&1; then
  say "WhatsApp: $wa_rate new residents per second (${duration}s), replies through the outbox"
  wa_line=$(cd "$root" && timeout $((duration + 120)) node bench/whatsapp_latency.mjs "$levier" \
              "$wa_rate" "$duration" 2>/dev/null | grep '^RESULT' || true)
fi

# 6. PostgreSQL: one and two instances (bench/postgres.sh, its own result file).
pg_rows=()
if [[ ${BENCH_POSTGRES:-1} != 0 ]]; then
  say "PostgreSQL: one and two instances (bench/postgres.sh)"
  if LEVIER_BENCH_BUILD_DIR=$build "$root/bench/postgres.sh" --no-build >"$work/postgres.out" 2>&1; then
    mapfile -t pg_rows < <(grep -E '^\| [12] \|' "$work/postgres.out")
  else
    say "bench/postgres.sh failed: $(tail -n 3 "$work/postgres.out")"
  fi
fi

# Summary.
nginx_rps=$(rps "$work/wrk-nginx.txt")
levier_rps=$(rps "$work/wrk-levier.txt")
ratio=$(awk -v a="$levier_rps" -v b="$nginx_rps" 'BEGIN { printf "%.1f", (b > 0 ? 100 * a / b : 0) }')
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
verdict() { awk -v v="$1" -v t="$2" -v dir="$3" 'BEGIN { ok = (dir == "min") ? (v >= t) : (v <= t); print (ok ? "met" : "MISSED") }'; }
disk=$(df -P "$root" | awk 'NR == 2 {print $1}')
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
ram=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
{
  echo "# Levier benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) cores ($cpu), $ram RAM, disk $disk ($(stat -f -c %T "$root") file system), kernel $(uname -r)."
  echo "Commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')."
  echo "Load average (1 min) before the run: $load_before$(awk -v l="$load_before" 'BEGIN { if (l > 0.5) print ": the machine was not idle, figures are pessimistic" }')."
  echo "wrk: $threads threads, $connections connections, ${duration} s per server; $senders residents; database on the repository's disk, synchronous=FULL; store settings ${BENCH_STORE:-{\} (defaults)}."
  echo
  echo "| Figure | Value | Target | |"
  echo "|---|---|---|---|"
  echo "| nginx static TwiML (wrk) | $nginx_rps req/s (p50 $(wrk_p "$work/wrk-nginx.txt" 50%), p99 $(wrk_p "$work/wrk-nginx.txt" 99%)) | ceiling | |"
  echo "| Levier full processing (wrk) | $levier_rps msg/s (p50 $(wrk_p "$work/wrk-levier.txt" 50%), p99 $(wrk_p "$work/wrk-levier.txt" 99%)) | | |"
  levier_replayed=$(replayed "$work/wrk-levier.txt")
  if [[ ${levier_replayed:-0} -gt 0 ]]; then
    echo "| Levier / nginx | $ratio % | ≥ 25 % | INVALID: $levier_replayed requests were redeliveries (request files too short) |"
  else
    echo "| Levier / nginx | $ratio % | ≥ 25 % | $(verdict "$ratio" 25 min) |"
  fi
  nginx_requests=$(requests "$work/wrk-nginx.txt")
  echo "| CPU per request, nginx (workers) | $(per_message $((nginx_ticks * 1000000)) "$clk_tck" "${nginx_requests:-0}" %.1f) µs | | |"
  cpu_total=$(awk '$1 == "total" {print $2}' "$work/levier-cpu")
  echo "| CPU per message, Levier (by thread) | $(awk '$1 == "total" {t = $2; next} {printf "%s%s %s µs", sep, $1, $2; sep = ", "} END {printf "; total %s µs", t}' "$work/levier-cpu") | ≤ 45 µs | $(verdict "$cpu_total" 45 max) |"
  written_kb=$(per_message "$written_wrk" 1024 "${levier_requests:-0}" %.1f)
  echo "| Written to disk per message, Levier | $written_kb KB | ≤ 8 KB | $(verdict "$written_kb" 8 max) |"
  for i in "${!rates[@]}"; do
    l=${rate_lines[$i]:-}
    target="" ok=""
    if [[ ${rates[$i]} -eq 2000 ]]; then target="p99 ≤ 10 ms"; ok=$(verdict "$(field p99_ms "$l")" 10 max); fi
    echo "| ${rates[$i]} msg/s fixed rate, latency | p50 $(field p50_ms "$l") ms, p99 $(field p99_ms "$l") ms, p99.9 $(field p999_ms "$l") ms, max $(field max_ms "$l") ms ($(field ok "$l")/$(field requests "$l") answered 200); CPU $(field cpu_us "$l") µs, $(field written_kb "$l") KB written per message | $target | $ok |"
  done
  echo "| Peak RSS after the wrk run | $(mb "$hwm_after_wrk") MB | | |"
  echo "| RSS with $sessions stored sessions | $(mb "$rss_after_fill") MB (peak $(mb "$hwm_after_fill") MB; database $db_mb MB) | ≤ 200 MB | $(verdict "$(mb "$hwm_after_fill")" 200 max) |"
  echo "| Filling: $fill residents x 2 messages, closed loop | $(field throughput "$fill_line") msg/s ($(field ok "$fill_line")/$(field requests "$fill_line") answered 200) | | |"
  echo "| Dialog engine alone, Step() | $(field step_per_s "$engine_line") msg/s (one thread) | | |"
  echo "| Dialog engine + session JSON round trip | $(field step_json_per_s "$engine_line") msg/s (one thread) | | |"
  if [[ -n $wa_line ]]; then
    echo "| WhatsApp, $wa_rate new residents/s, webhook to the reply's Cloud API request | p50 $(field p50_ms "$wa_line") ms, p99 $(field p99_ms "$wa_line") ms, max $(field max_ms "$wa_line") ms ($(field replies "$wa_line")/$(field requests "$wa_line") replies, $(field errors "$wa_line") errors) | p99 ≤ 1 s | $(verdict "$(field p99_ms "$wa_line")" 1000 max) |"
    echo "| WhatsApp, CPU per message (reply sent included) | $(field cpu_us "$wa_line") µs | ≤ 45 µs | $(verdict "$(field cpu_us "$wa_line")" 45 max) |"
    echo "| WhatsApp, written to disk per message | $(field written_kb "$wa_line") KB | ≤ 8 KB | $(verdict "$(field written_kb "$wa_line")" 8 max) |"
  fi
  if [[ ${#pg_rows[@]} -gt 0 ]]; then
    echo
    echo "PostgreSQL 15 on this machine (bench/postgres.sh: closed loop, then 1,000 messages/s split between the instances):"
    echo
    echo "| Instances | Closed loop | CPU per message, instances | CPU per message, PostgreSQL | WAL per message (database) | 1,000 msg/s fixed rate |"
    echo "|---|---|---|---|---|---|"
    printf '%s\n' "${pg_rows[@]}"
  fi
  echo
  echo "Levier during the wrk run: $messages messages processed, $duplicates redeliveries, $referrals referrals;"
  echo "non-2xx: nginx $(non2xx "$work/wrk-nginx.txt"), levier $(non2xx "$work/wrk-levier.txt");"
  echo "socket errors: nginx $(socket_errors "$work/wrk-nginx.txt"), levier $(socket_errors "$work/wrk-levier.txt");"
  echo "requests replayed from the files (redeliveries): nginx $(replayed "$work/wrk-nginx.txt"), levier $(replayed "$work/wrk-levier.txt")."
} >"$work/summary.md"
mkdir -p "$root/bench/results"
out="$root/bench/results/$(date +%Y-%m-%d-%H%M).md"
cp "$work/summary.md" "$out"
cat "$work/summary.md"
say "written to ${out#"$root"/}"
