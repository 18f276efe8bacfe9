#!/usr/bin/env bash
# Installs every dependency, builds farol, fills ./data/farol.db with demo data (once) and serves
# it on http://127.0.0.1:8080. Sign-in names and the demo password are printed by `farol demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh farol web
DB=${FAROL_DATABASE:-sqlite:./data/farol.db}
./build/farol demo --if-empty --database "$DB"
echo "Demo password for every demo user: farol-demo-2026 (e.g. ana.souza@farolnet.example)"
exec ./build/farol serve --database "$DB" "$@"
