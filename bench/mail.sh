#!/usr/bin/env bash
# E-mail intake throughput (docs/PERFORMANCE.md, issue 5), two ways, COUNT (default 2,000) messages
# from a known organisation's domain with 4 KB bodies each time:
#  1. from a real IMAP mailbox: bench/mail_in.cc delivers them to Debian's Dovecot on loopback (not
#     timed, about a minute) and takes them in as `farol serve`'s mailbox threads do, into a fresh
#     SQLite file with durable commits, once with THREADS (default "8,1": eight intake threads,
#     then one for comparison);
#  2. from .eml files: `farol mail import` into a fresh SQLite database; the time is the whole
#     command's.
# Results are printed and saved in bench/results/mail-<time>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-2000}
./scripts/install-deps.sh >/dev/null
./scripts/build.sh farol farol_mail_in_bench >/dev/null
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
  echo "== IMAP mailbox to tickets: $COUNT messages (every tenth an answer to an earlier thread)"
  COUNT=$COUNT THREADS=${THREADS:-8,1} ./build/bench/farol_mail_in_bench
  echo "== farol mail import: $COUNT new threads from 500 senders of one organisation (under the loop limit of 30 an hour each)"
  start=$(date +%s%N)
  ./build/farol mail import --database "$db" --attachments "$work/files" "$work"/mail/*.eml 2>/dev/null | tail -3
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  echo "wall ${ms} ms: $(( COUNT * 1000 / (ms > 0 ? ms : 1) )) messages/s"
} | tee "$out"
echo "saved in $out"
