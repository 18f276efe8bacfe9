#!/usr/bin/env bash
# The queue page in a real browser with many tickets stored: how long until an agent sees the
# first 50 rows (a new tab, switching queues, re-sorting). One command:
#
#   bench/web-queue.sh                     # 1,000,000 demo tickets (cached in bench/results/)
#   TICKETS=100000 RUNS=10 bench/web-queue.sh
#
# Writes bench/results/web-queue-<date>.txt. Not a test: nothing fails on a slow number.
set -euo pipefail
cd "$(dirname "$0")/.."
TICKETS=${TICKETS:-1000000}
RUNS=${RUNS:-15}
PORT=${PORT:-18182}
./scripts/install-deps.sh >/dev/null
./scripts/build.sh farol web >/dev/null
source bench/lib.sh
base=$(demo_db "$TICKETS")
work=$(mktemp -d /tmp/farol-bench-XXXXXX)
trap 'kill $(cat "$work/pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT
cp "$base" "$work/farol.db"
start_farol "$work" "$PORT" --web-root web/dist
out="bench/results/web-queue-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "# farol queue page in Chromium $(chromium --version 2>/dev/null | awk '{print $2}'), $(date -u +%FT%TZ)"
  echo "# machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
  echo "# database: SQLite, $TICKETS demo tickets; agent ana.souza (N1); first 50 rows of each queue"
  node web/bench/queue-page.mjs "http://127.0.0.1:$PORT" ana.souza@farolnet.example farol-demo-2026 "$RUNS"
} 2>&1 | tee "$out"
echo "results: $out"
