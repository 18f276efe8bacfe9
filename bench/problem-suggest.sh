#!/usr/bin/env bash
# Recurrence suggestion speed (docs/PERFORMANCE.md, issue 7): COUNT (default 100,000) problem
# records, then QUERIES (default 50) reworded texts each suggested RUNS (default 5) times, on SQLite
# and on a throwaway PostgreSQL. Results are printed and saved in
# bench/results/problem-suggest-<time>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh >/dev/null
./scripts/build.sh farol_problem_suggest_bench >/dev/null
mkdir -p bench/results
out="bench/results/problem-suggest-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "== sqlite"
  BACKEND=sqlite ./build/bench/farol_problem_suggest_bench
  echo "== postgres"
  BACKEND=postgres FAROL_REQUIRE_POSTGRES=1 ./scripts/with-postgres.sh ./build/bench/farol_problem_suggest_bench
} | tee "$out"
echo "saved in $out"
