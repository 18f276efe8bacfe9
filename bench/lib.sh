# Shared by the benchmark scripts (sourced, not run): the cached demo database and a farol
# server on a throwaway copy of it.

# Makes bench/results/demo-$1.db (once; later runs reuse it) and prints its path.
demo_db() {
  local tickets=$1 base="bench/results/demo-$1.db"
  mkdir -p bench/results
  if [[ ! -f "$base" ]]; then
    echo "== preparing $tickets demo tickets (once; cached in $base)" >&2
    rm -f "$base" "$base-wal" "$base-shm"
    ./build/farol demo --database "sqlite:$base" --tickets "$tickets" --seed 2026 --until 2026-11-22T12:00:00Z >&2
  fi
  echo "$base"
}

# Starts `farol serve` on $1/farol.db (a copy of the demo database: benchmarks write) on port
# $2 (extra arguments go to serve); writes its pid to $1/pid and waits until it answers.
start_farol() {
  local work=$1 port=$2
  shift 2
  ./build/farol serve --database "sqlite:$work/farol.db" --listen "127.0.0.1:$port" --attachments "$work/files" \
    --log-level warn "$@" >"$work/serve.log" 2>&1 &
  echo $! > "$work/pid"
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.01; done
}
