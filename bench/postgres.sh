#!/usr/bin/env bash
# bench/postgres.sh: Levier on PostgreSQL, one and two instances on this
# machine (docs/deployment.md, "Capacity"). Same tools and content as
# bench/run.sh; PostgreSQL 15 from Debian in a throwaway cluster
# (tests/postgres/pg-server.sh: fsync on, a Unix socket).
#
#   bench/postgres.sh [--no-build]
#
# For 1 and then 2 instances on one fresh database:
#   1. closed loop: as many messages per second as the instances answer
#      (levier_bench_load, fresh residents on realistic paths), the CPU
#      spent per message by the instances and by PostgreSQL, and the WAL
#      PostgreSQL wrote per message;
#   2. 1,000 messages/s at a fixed rate (split between the instances): p50/p99.
# Prints a summary and writes it to bench/results/<date>-<time>-postgres.md.
#
# Environment: BENCH_DURATION (seconds per run, default 10), BENCH_CONNECTIONS
# (per load process, default 32), LEVIER_BENCH_BUILD_DIR (default build/bench).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/deploy/install-deps.sh"
build=${LEVIER_BENCH_BUILD_DIR:-$root/build/bench}
duration=${BENCH_DURATION:-10}
connections=${BENCH_CONNECTIONS:-32}
# Closed loop: 2,000 residents per load process, enough steps each to keep
# it busy for about BENCH_DURATION at this machine's rate.
closed_steps=$(( duration * 3 / 2 ))
public_url=https://bench.levier.test
say() { echo "bench: $*" >&2; }
die() { say "$*"; exit 1; }

if [[ ${1:-} != --no-build ]]; then
  say "building (release preset, $build)"
  (cd "$root" && cmake --preset release -B "$build" -DLEVIER_BUILD_BENCH=ON -DLEVIER_BUILD_TESTS=OFF \
    >"$root/build/bench-configure.log" 2>&1) || die "configure failed: see build/bench-configure.log"
  cmake --build "$build" --target levier levier_bench_load >"$root/build/bench-build.log" 2>&1 ||
    die "build failed: see build/bench-build.log"
fi
levier=$(find "$build" -type f -name levier -perm -u+x | head -n 1)
load=$(find "$build" -type f -name levier_bench_load -perm -u+x | head -n 1)
[[ -x $levier && -x $load ]] || die "levier and levier_bench_load are not built in $build"

pg_dir=$(mktemp -u -d /tmp/levier-bench-pg.XXXXXX)
work=$(mktemp -d "$build/pgrun.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  "$root/tests/postgres/pg-server.sh" stop "$pg_dir"
  rm -rf "$work"
}
trap cleanup EXIT
server=$("$root/tests/postgres/pg-server.sh" start "$pg_dir")
pg_version=$(psql "$server" -Atc 'SHOW server_version')
postmaster=$(head -n 1 "$pg_dir/data/postmaster.pid")

token=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
export LEVIER_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
export LEVIER_OUTBOX_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
export LEVIER_TWILIO_AUTH_TOKEN=$token LEVIER_PUBLIC_URL=$public_url LEVIER_LOG_LEVEL=warn
common=(--dialogs "$root/dialogs/default" --kb "$root/knowledge-base/data" --answers "$root/bench/answers.json")
field() { sed -n "s/.*[ ]$1=\([^ ]*\).*/\1/p" <<<" $2"; }
micros_per_message() {  # TICKS MESSAGES: µs of CPU per message (0 without messages)
  awk -v t="$1" -v n="$2" -v hz="$hz" 'BEGIN {printf "%.0f", (n > 0 ? t * 1e6 / hz / n : 0)}'
}
ticks() {  # CPU ticks of PIDS... and their children
  local p total=0
  for p in "$@" $(for q in "$@"; do pgrep -P "$q" 2>/dev/null; done); do
    total=$((total + $(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12 + $13}' || echo 0)))
  done
  echo "$total"
}
hz=$(getconf CLK_TCK)

# Starts N instances on database DB; their ports in ${ports[@]}, pids in ${levier_pids[@]}.
start_instances() {
  local n=$1 db=$2 i port
  ports=() levier_pids=()
  for i in $(seq 1 "$n"); do
    (cd "$root" && exec "$levier" serve --listen 127.0.0.1:0 --db "$db" \
       --dialogs "$root/dialogs/default" --kb "$root/knowledge-base/data") \
      >"$work/levier$i.out" 2>"$work/levier$i.err" &
    levier_pids+=($!)
    pids+=($!)
    port=""
    for _ in $(seq 1 100); do
      port=$(sed -n 's|^levier listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$work/levier$i.out")
      [[ -n $port ]] && break
      sleep 0.1
    done
    [[ -n $port ]] || die "instance $i did not start: $(cat "$work/levier$i.err")"
    ports+=("$port")
  done
}

# Runs one load process per instance at once; RATE per process (0 = closed
# loop). Prints "throughput p50 p99 ok requests" over all processes.
run_load() {
  local rate=$1 offset=$2 label=$3 i
  local outs=() loaders=()
  for i in "${!ports[@]}"; do
    (cd "$root" && timeout $((duration + 120)) "$load" "${common[@]}" --target "127.0.0.1:${ports[$i]}" \
       --token "$token" --public-url "$public_url" --rate "$rate" --duration "$duration" \
       --connections "$connections" --senders 2000 --sender-offset $((offset + i * 1000000)) \
       $([[ $rate == 0 ]] && echo --steps "$closed_steps") --label "$label$i" | grep '^RESULT') >"$work/$label$i" &
    loaders+=($!)
    outs+=("$work/$label$i")
  done
  wait "${loaders[@]}" || true
  local line throughput=0 p50=0 p99=0 ok=0 requests=0
  for f in "${outs[@]}"; do
    line=$(cat "$f")
    throughput=$(awk -v a="$throughput" -v b="$(field throughput "$line")" 'BEGIN {print a + b}')
    p50=$(awk -v a="$p50" -v b="$(field p50_ms "$line")" 'BEGIN {print (b > a ? b : a)}')
    p99=$(awk -v a="$p99" -v b="$(field p99_ms "$line")" 'BEGIN {print (b > a ? b : a)}')
    ok=$((ok + $(field ok "$line")))
    requests=$((requests + $(field requests "$line")))
  done
  echo "$throughput $p50 $p99 $ok $requests"
}

rows=()
for n in 1 2; do
  db=levier_bench_$n
  psql "$server" -qc "CREATE DATABASE $db"
  uri=$(sed "s|:///postgres?|:///$db?|" <<<"$server")
  start_instances "$n" "$uri"
  say "$n instance(s): closed loop, ${duration}s"
  before_levier=$(ticks "${levier_pids[@]}")
  before_pg=$(ticks "$postmaster")
  wal_before=$(psql "$server" -Atc 'SELECT pg_current_wal_lsn()')
  read -r rps _ p99c ok requests < <(run_load 0 0 closed)
  wal_kb=$(psql "$server" -Atc "SELECT round(pg_wal_lsn_diff(pg_current_wal_lsn(), '$wal_before') / 1024.0 / $ok, 1)")
  cpu_levier=$(( $(ticks "${levier_pids[@]}") - before_levier ))
  cpu_pg=$(( $(ticks "$postmaster") - before_pg ))
  us_levier=$(micros_per_message "$cpu_levier" "$ok")
  us_pg=$(micros_per_message "$cpu_pg" "$ok")
  say "$n instance(s): 1,000 messages/s, ${duration}s"
  read -r _ p50 p99 ok_rate requests_rate < <(run_load $((1000 / n)) 10000000 rate)
  rows+=("| $n | $rps msg/s ($ok/$requests answered 200, p99 $p99c ms) | $us_levier µs | $us_pg µs | $wal_kb KB | p50 $p50 ms, p99 $p99 ms ($ok_rate/$requests_rate answered 200) |")
  for p in "${levier_pids[@]}"; do kill "$p"; wait "$p" 2>/dev/null || true; done
  psql "$uri" -qc "VACUUM ANALYZE"
  db_kb=$(psql "$uri" -Atc "SELECT round(pg_database_size(current_database()) / 1024.0 / $((ok + ok_rate)), 1)")
  rows[-1]=${rows[-1]/ KB | p50/ KB (database: $db_kb KB) | p50}
done

out="$root/bench/results/$(date +%Y-%m-%d-%H%M)-postgres.md"
mkdir -p "$root/bench/results"
{
  echo "# Levier on PostgreSQL, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), shared by the load generator, the instances and PostgreSQL $pg_version (fsync on, a Unix socket, data in /tmp)."
  echo "Commit: $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)'). Load: levier_bench_load, $connections connections per instance, fresh residents on realistic paths, ${duration} s per run."
  echo
  echo "| Instances | Closed loop | CPU per message, instances | CPU per message, PostgreSQL | WAL per message (database) | 1,000 msg/s fixed rate |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} | tee "$out"
say "written to ${out#"$root"/}"
