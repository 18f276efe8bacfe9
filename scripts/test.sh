#!/usr/bin/env bash
# Installs every dependency, builds farol and runs every test: unit, store contract (on SQLite
# and on a throwaway PostgreSQL server started here), API, and the real server over loopback.
# Slow suites (benchmarks, fuzzing) are separate: see docs/TESTING.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
export FAROL_REQUIRE_POSTGRES=1  # the store contract must run on PostgreSQL too, never skip it
exec ./scripts/with-postgres.sh ctest --test-dir build --output-on-failure --timeout 600 -j "${FAROL_JOBS:-2}"
