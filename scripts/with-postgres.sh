#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL 15 server: initdb into a temporary folder, a free
# loopback port, a non-root user, trust authentication on loopback only. The command sees the
# server as FAROL_TEST_POSTGRES_URL; the server and its data are gone when the command ends.
#   scripts/with-postgres.sh ctest --test-dir build
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [[ ! -x "$PG_BIN/initdb" ]]; then
  echo "with-postgres: $PG_BIN/initdb not found; run scripts/install-deps.sh" >&2
  exit 1
fi

dir=$(mktemp -d /tmp/farol-pg-XXXXXX)
chmod 755 "$dir"
as_pg=()
if [[ $(id -u) -eq 0 ]]; then
  # PostgreSQL refuses to run as root: use the postgres account the Debian package created.
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
  chown postgres "$dir"
  as_pg=(runuser -u postgres --)
fi

port=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 40000))
  if ! (exec 3<>/dev/tcp/127.0.0.1/$candidate) 2>/dev/null; then port=$candidate; break; fi
done
[[ -n "$port" ]] || { echo "with-postgres: no free port" >&2; exit 1; }

cleanup() {
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${as_pg[@]}" "$PG_BIN/initdb" -D "$dir/data" -U farol --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
"${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=128MB" >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }

export FAROL_TEST_POSTGRES_URL="postgresql://farol@127.0.0.1:$port/postgres"
echo "with-postgres: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
set +e
"$@"
status=$?
set -e
exit $status
