#!/usr/bin/env bash
# Transactional surveys dispatched (docs/PERFORMANCE.md, issue 6): COUNT (default 10,000) tickets
# of as many customers resolved, each survey e-mailed through Debian's aiosmtpd on loopback, from
# a SQLite file with durable commits. Prints resolutions/s, messages/s and the total; saved in
# bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh >/dev/null
./scripts/build.sh farol_survey_dispatch_bench >/dev/null
mkdir -p bench/results
out="bench/results/survey-dispatch-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  COUNT=${COUNT:-10000} ./build/bench/farol_survey_dispatch_bench
} | tee "$out"
echo "saved in $out"
