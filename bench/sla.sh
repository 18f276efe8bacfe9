#!/usr/bin/env bash
# The SLA engine's figures (docs/PERFORMANCE.md, issue 4):
#   1. clocks of TICKETS (default 1,000,000) tickets with 10 events each, one core;
#   2. `farol sla simulate` on one scenario, the whole process, RUNS times (default 50).
# Results are printed and saved in bench/results/sla-<time>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
TICKETS=${TICKETS:-1000000}
RUNS=${RUNS:-50}
./scripts/install-deps.sh >/dev/null
./scripts/build.sh farol farol_sla_bench >/dev/null
mkdir -p bench/results
out="bench/results/sla-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "== 1. clock evaluation (one thread)"
  taskset -c 0 ./build/bench/farol_sla_bench "$TICKETS" 2>/dev/null
  echo "== 2. farol sla simulate docs/examples/sla-scenario.json, whole process, $RUNS runs"
  ./build/farol sla simulate docs/examples/sla-scenario.json >/dev/null  # warm the page cache
  for _ in $(seq "$RUNS"); do
    s=$(date +%s%N)
    ./build/farol sla simulate docs/examples/sla-scenario.json >/dev/null
    echo $(( ($(date +%s%N) - s) / 1000 ))
  done | sort -n | awk '{ v[NR] = $1 } END {
    printf "median %.1f ms, p95 %.1f ms, min %.1f ms, max %.1f ms\n",
      v[int((NR + 1) / 2)] / 1000, v[int(NR * 0.95 + 0.5)] / 1000, v[1] / 1000, v[NR] / 1000 }'
} | tee "$out"
echo "saved in $out"
