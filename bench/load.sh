#!/usr/bin/env bash
# One-command load benchmark on loopback: builds farol, prepares a SQLite database with demo
# data (cached in bench/results/ between runs), starts `farol serve`, and drives it with wrk.
#
#   bench/load.sh                       # 1,000,000 tickets, 20 s per scenario
#   TICKETS=100000 DURATION=10 bench/load.sh
#
# Prints, and writes to bench/results/load-<date>.txt: start-up time, idle resident memory,
# GET /api/v1/tickets/{id} req/s, POST /api/v1/tickets durable creates/s, and the latency
# distribution of a filtered queue page of 50 rows. Benchmarks are not tests: nothing here
# fails on a slow number.
set -euo pipefail
cd "$(dirname "$0")/.."
TICKETS=${TICKETS:-1000000}
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-2}
PORT=${PORT:-18181}
./scripts/install-deps.sh >/dev/null
./scripts/build.sh farol >/dev/null
source bench/lib.sh
base=$(demo_db "$TICKETS")
work=$(mktemp -d /tmp/farol-bench-XXXXXX)
trap 'kill $(cat "$work/pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT
cp "$base" "$work/farol.db"
db="sqlite:$work/farol.db"
# A cached database may predate this build's schema: bring the copy up to date (and its open
# tickets' SLA state computed) first, so that the server starts as it would in production.
./build/farol migrate --database "$db" >/dev/null
./build/farol sla backfill --database "$db" >/dev/null 2>&1
TOKEN=$(./build/farol api POST /api/v1/auth/tokens --database "$db" --as admin@farolnet.example -d '{"name":"bench"}' |
        sed -n 's/.*"token": "\(farol_[^"]*\)".*/\1/p')
export FAROL_TOKEN=$TOKEN FAROL_FIRST_ID=1001 FAROL_LAST_ID=$((1000 + TICKETS))
out="bench/results/load-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "# farol load benchmark, $(date -u +%FT%TZ)"
  echo "# machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
  echo "# database: SQLite, $TICKETS demo tickets; wrk $WRK_THREADS threads, $CONNECTIONS connections, ${DURATION}s per scenario"
} | tee "$out"

start=$(date +%s%N)
start_farol "$work" "$PORT"
ready=$(( ($(date +%s%N) - start) / 1000000 ))
sleep 1
rss=$(awk '/VmRSS/ {print $2}' "/proc/$(cat "$work/pid")/status")
echo "start-up to first answered /healthz: ${ready} ms  (server's own figure: $(grep -o 'ready in [0-9]* ms' "$work/serve.log"))" | tee -a "$out"
echo "idle resident memory: $((rss / 1024)) MiB" | tee -a "$out"

run() {
  local name=$1 script=$2 conns=$3 threads=$WRK_THREADS
  (( conns < threads )) && threads=$conns
  echo "== $name" | tee -a "$out"
  wrk -t"$threads" -c"$conns" -d"${DURATION}s" --latency -s "bench/wrk/$script" "http://127.0.0.1:$PORT" 2>&1 |
    grep -E 'Requests/sec|Latency|50%|75%|90%|99%|Non-2xx|Socket errors|requests in' | tee -a "$out"
}
run "GET /api/v1/tickets/{id}" get_ticket.lua "$CONNECTIONS"
run "POST /api/v1/tickets (durable creates)" create_ticket.lua "$CONNECTIONS"
# Agents refreshing their queues: latency with 1, 2 and 8 of them refreshing without pause.
for c in 1 2 8; do run "filtered queue page, 50 rows, $c client(s) refreshing non-stop" queue_page.lua "$c"; done
rss=$(awk '/VmRSS/ {print $2}' "/proc/$(cat "$work/pid")/status")
echo "resident memory after the load: $((rss / 1024)) MiB" | tee -a "$out"
curl -s "http://127.0.0.1:$PORT/metrics" | grep -E '^farol_store_commit_batch_size_(sum|count)' | tee -a "$out"
echo "results: $out"
