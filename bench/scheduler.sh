#!/usr/bin/env bash
# The job scheduler's cost when nothing is due (docs/PERFORMANCE.md, issue 4): `farol serve` on a
# database with about OPEN (default 100,000) open tickets whose alert thresholds have all passed,
# CPU used over IDLE_SECONDS (default 60) of idling, read from /proc/<pid>/stat. Also times the
# one-off backfill that computes the SLA state of those tickets on the first start.
# Results are printed and saved in bench/results/scheduler-<time>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
TICKETS=${TICKETS:-200000}  # half of a 3-day demo history is still open
IDLE=${IDLE_SECONDS:-60}
./scripts/install-deps.sh >/dev/null
./scripts/build.sh farol >/dev/null
mkdir -p bench/results
base="bench/results/scheduler-demo-$TICKETS.db"
if [[ ! -f "$base" ]]; then
  echo "== preparing $TICKETS demo tickets over 3 days up to 2026-01-01 (once; cached in $base)" >&2
  ./build/farol demo --database "sqlite:$base" --tickets "$TICKETS" --days 3 --until 2026-01-01T00:00:00Z --seed 7 >/dev/null
fi
work=$(mktemp -d)
trap 'kill "$(cat "$work/pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$work"' EXIT
cp "$base" "$work/farol.db"
out="bench/results/scheduler-$(date -u +%Y%m%dT%H%M%SZ).txt"
hz=$(getconf CLK_TCK)
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
{
  echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  open=$(sqlite3 "$work/farol.db" "SELECT COUNT(*) FROM tickets WHERE status NOT IN ('resolved','closed','cancelled')")
  echo "== $open open tickets of $TICKETS (every threshold in the past: nothing will come due)"
  start=$(date +%s%N)
  ./build/farol serve --database "sqlite:$work/farol.db" --listen 127.0.0.1:0 --attachments "$work/files" \
    --web-root "$work/none" --log-level info >"$work/serve.log" 2>&1 &
  pid=$!
  echo "$pid" > "$work/pid"
  until grep -q "brought in step (their past" "$work/serve.log"; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
    sleep 0.2
  done
  echo "first start, SLA state of the open tickets computed: $(( ($(date +%s%N) - start) / 1000000 )) ms" \
       "(CPU $(( $(cpu "$pid") * 1000 / hz )) ms)"
  armed=$(sqlite3 "$work/farol.db" "SELECT COUNT(*) FROM sla_timers WHERE fired_at IS NULL AND due_at IS NOT NULL")
  echo "timers still to fire: $armed"
  sleep 5
  before=$(cpu "$pid")
  sleep "$IDLE"
  after=$(cpu "$pid")
  awk -v t=$((after - before)) -v hz="$hz" -v s="$IDLE" \
    'BEGIN { printf "idle scheduler: %.0f ms of CPU in %d s = %.3f%% of one core\n", t * 1000 / hz, s, t * 100 / hz / s }'
} | tee "$out"
echo "saved in $out"
