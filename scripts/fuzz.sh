#!/usr/bin/env bash
# Fuzzes the e-mail path from raw bytes to a ticket's parts (fuzz/mime_fuzzer.cc: MIME parsing,
# classification, threading, quote trimming, HTML sanitising) with libFuzzer, AddressSanitizer
# and UBSan, for SECONDS (default 600), then says how it went. Not part of scripts/test.sh or
# CTest: see docs/TESTING.md, "Fuzzing".
#
#   scripts/fuzz.sh [SECONDS]
#
# Builds only the few sources the harness needs, with clang, into build-fuzz/ (never ./build).
# Seeds are tests/fixtures/mail/*.eml and the inputs fuzzing found before
# (tests/fixtures/mail/fuzz/); what it learns stays in build-fuzz/corpus/ for the next run, and
# an input that crashes lands in build-fuzz/artifacts/. One core by default (FUZZ_JOBS=N for N
# processes); FUZZ_ARGS adds libFuzzer flags (e.g. FUZZ_ARGS=-seed=1).
# Exit status: 0 when nothing was found, 1 when something was (the input is named).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-600}
JOBS=${FUZZ_JOBS:-1}
BUILD=build-fuzz
if ! [[ $SECONDS_TO_RUN =~ ^[0-9]+$ && $JOBS =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/fuzz.sh [SECONDS]   (FUZZ_JOBS=N for N processes)" >&2
  exit 2
fi

# clang and libFuzzer's runtime are installed here, when missing, rather than by
# scripts/install-deps.sh: they weigh about 260 MB (LLVM, libclang, the sanitizer runtimes), only
# fuzzing needs them, and install-deps.sh runs before every build, test run and demo. The other
# packages are farol's own (install-deps.sh has them); listed so that this script works alone.
PACKAGES=(clang-14 libclang-rt-14-dev cmake ninja-build pkg-config libgmime-3.0-dev libgumbo-dev libsodium-dev)
missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then missing+=("$p"); fi
done
if ((${#missing[@]} > 0)); then
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  echo "fuzz: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Build (serialised with scripts/build.sh's builds: two builds on two cores only slow each other).
exec 9>/tmp/farol-build.lock
if ! flock -n 9; then
  echo "fuzz: waiting for another build to finish"
  flock 9
fi
if [[ ! -f $BUILD/build.ninja ]]; then
  cmake -S fuzz -B "$BUILD" -G Ninja -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 >/dev/null
fi
cmake --build "$BUILD" -j "${FAROL_JOBS:-2}"
flock -u 9

# Seeds: copied afresh (the fixtures themselves are never written to); the corpus is kept.
rm -rf "$BUILD/seeds"
mkdir -p "$BUILD/seeds" "$BUILD/corpus" "$BUILD/artifacts"
cp tests/fixtures/mail/*.eml "$BUILD/seeds/"
if [[ -d tests/fixtures/mail/fuzz ]]; then cp tests/fixtures/mail/fuzz/* "$BUILD/seeds/"; fi
before=$(find "$BUILD/artifacts" -type f | wc -l)

# GLib's slice allocator would hide GMime's blocks from ASan; plain malloc lets it see them.
export G_SLICE=always-malloc
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
if [[ -f fuzz/lsan.supp ]]; then export LSAN_OPTIONS=suppressions=$PWD/fuzz/lsan.supp; fi

FLAGS=(
  -max_total_time="$SECONDS_TO_RUN"
  -timeout=10           # seconds for one message; a slower one is reported as a hang
  -rss_limit_mb=2048    # ASan's shadow and quarantine included; more is a memory blow-up
  -max_len=65536        # long enough for HTML past sanitize.cc's 20,000-tag limit
  -dict=fuzz/mime.dict
  -artifact_prefix="$BUILD/artifacts/"
  -print_final_stats=1
)
# With one process libFuzzer runs in the foreground (one core, as -jobs=1 -workers=1 would, but
# with its output here); with more, each writes fuzz-N.log.
if ((JOBS > 1)); then FLAGS+=(-jobs="$JOBS" -workers="$JOBS"); fi
# shellcheck disable=SC2206
FLAGS+=(${FUZZ_ARGS:-})

LOG=$BUILD/fuzz.log
echo "fuzz: ${SECONDS_TO_RUN} s on $JOBS core(s); full log in $LOG"
rm -f "$BUILD"/fuzz-*.log
set +e
"$BUILD/mime_fuzzer" "${FLAGS[@]}" "$BUILD/corpus" "$BUILD/seeds" 2>&1 | tee "$LOG" |
  grep --line-buffered -E 'INITED|pulse|DONE|ERROR|SUMMARY|broken promise|Test unit written|^fuzz'
rc=${PIPESTATUS[0]}
set -e
if ((JOBS > 1)); then cat fuzz-*.log >>"$LOG" 2>/dev/null && rm -f fuzz-*.log; fi

# The figures: executions and speed from the final stats, coverage from the last status line.
execs=$(awk '/stat::number_of_executed_units/ {n += $2} END {print n + 0}' "$LOG")
rate=$(awk '/stat::average_exec_per_sec/ {n += $2} END {print n + 0}' "$LOG")
rss=$(awk '/stat::peak_rss_mb/ {if ($2 > n) n = $2} END {print n + 0}' "$LOG")
last=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$LOG" | tail -1 || true)
cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
corpus_files=$(find "$BUILD/corpus" -type f | wc -l)
corpus_kb=$(du -sk --apparent-size "$BUILD/corpus" | cut -f1)
found=$(find "$BUILD/artifacts" -type f | wc -l)

echo
echo "fuzz: ${SECONDS_TO_RUN} s, $execs executions ($rate/s), coverage: ${cov:-?} edges, ${ft:-?} features;" \
  "corpus: $corpus_files inputs ($corpus_kb KB); peak RSS ${rss} MB"
if ((rc == 0 && found == before)); then
  echo "fuzz: no crash, no sanitizer report, no hang, no broken promise"
  exit 0
fi
echo "fuzz: FOUND A PROBLEM (libFuzzer exit status $rc); the inputs that show it:"
find "$BUILD/artifacts" -type f -newer "$BUILD/seeds" | sed 's/^/  /'
echo "  reproduce with: G_SLICE=always-malloc $BUILD/mime_fuzzer INPUT   (docs/TESTING.md, Fuzzing)"
exit 1
