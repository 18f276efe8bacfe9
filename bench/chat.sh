#!/usr/bin/env bash
# Chat latency (docs/PERFORMANCE.md, issue 5): a chat line, sent by one side, seen by the other
# through the live stream, CHATS (default 20) conversations of LINES (default 25) lines on a
# durable SQLite file over loopback; then 50 conversations, 10 at a time (PARALLEL). Prints
# p50/p95/p99; saved in bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh >/dev/null
./scripts/build.sh farol >/dev/null
mkdir -p bench/results
out="bench/results/chat-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  python3 bench/chat.py
  PARALLEL=${PARALLEL:-10} CHATS=${BUSY_CHATS:-50} python3 bench/chat.py
} | tee "$out"
echo "saved in $out"
