#!/usr/bin/env bash
# E-mail out throughput (docs/PERFORMANCE.md, issue 5): COUNT (default 1,000) staff replies
# e-mailed to their requesters through Debian's aiosmtpd on loopback, from a SQLite file with
# durable commits. Prints replies saved/s and messages/s out, then replies saved/s with mail out
# off (what queuing costs a reply); saved in bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh >/dev/null
./scripts/build.sh farol_mail_out_bench >/dev/null
mkdir -p bench/results
out="bench/results/mail-out-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  COUNT=${COUNT:-1000} ./build/bench/farol_mail_out_bench
  COUNT=${COUNT:-1000} MAIL_OUT=0 ./build/bench/farol_mail_out_bench
} | tee "$out"
echo "saved in $out"
