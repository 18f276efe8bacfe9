#!/usr/bin/env bash
# E-mail intake throughput (docs/PERFORMANCE.md, issue 5): COUNT (default 2,000) distinct
# messages from a known organisation's domain, each a new thread with a 4 KB body, taken in by
# `farol mail import` into a fresh SQLite database (durable: one transaction per message, with its
# gzip'd original in the file store). The time is the whole command's.
# Results are printed and saved in bench/results/mail-<time>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-2000}
./scripts/install-deps.sh >/dev/null
./scripts/build.sh farol >/dev/null
mkdir -p bench/results
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="sqlite:$work/farol.db"
./build/farol migrate --database "$db" >/dev/null
./build/farol user add --database "$db" --attachments "$work/files" --email admin@farol.local --name Admin --role admin >/dev/null
./build/farol api POST /api/v1/organisations --database "$db" --attachments "$work/files" \
  -d '{"name":"Banco Horizonte","email_domains":["bancohorizonte.com.br"]}' >/dev/null
mkdir -p "$work/mail"
body=$(head -c 3000 /dev/urandom | base64 -w 76)
for i in $(seq "$COUNT"); do
  printf 'From: Cliente %d <cliente%d@bancohorizonte.com.br>\r\nTo: suporte@farol.test\r\nSubject: Chamado %d: impressora parada\r\nMessage-ID: <bench-%d@bancohorizonte.com.br>\r\nDate: Mon, 02 Nov 2026 09:00:00 -0300\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBom dia,\r\n%s\r\n' \
    "$((i % 500))" "$((i % 500))" "$i" "$i" "$body" > "$work/mail/$i.eml"
done
out="bench/results/mail-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "== farol mail import: $COUNT new threads from 500 senders of one organisation (under the loop limit of 30 an hour each)"
  start=$(date +%s%N)
  ./build/farol mail import --database "$db" --attachments "$work/files" "$work"/mail/*.eml 2>/dev/null | tail -3
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  echo "wall ${ms} ms: $(( COUNT * 1000 / (ms > 0 ? ms : 1) )) messages/s"
} | tee "$out"
echo "saved in $out"
