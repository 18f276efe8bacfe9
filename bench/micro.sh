#!/usr/bin/env bash
# Builds and runs the micro-benchmarks (Google Benchmark). Extra arguments go to the benchmark,
# e.g. bench/micro.sh --benchmark_filter=Sqlite
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh >/dev/null
./scripts/build.sh farol_micro_bench >/dev/null
exec ./build/bench/farol_micro_bench --benchmark_min_time=1 "$@"
