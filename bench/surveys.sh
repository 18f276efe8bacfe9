#!/usr/bin/env bash
# Survey report speed (docs/PERFORMANCE.md, issue 6): COUNT (default 1,000,000) answers in a
# SQLite file, then the year's report (every figure, month by month) timed RUNS (default 5) times.
# Results are printed and saved in bench/results/surveys-<time>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh >/dev/null
./scripts/build.sh farol_survey_bench >/dev/null
mkdir -p bench/results
out="bench/results/surveys-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  COUNT=${COUNT:-1000000} RUNS=${RUNS:-5} ./build/bench/farol_survey_bench
} | tee "$out"
echo "saved in $out"
