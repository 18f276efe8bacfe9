#!/usr/bin/env bash
# Installs every Debian package farol needs to build, run, test and benchmark.
# Idempotent and non-interactive: safe to run on every build; a no-op when all is present.
set -euo pipefail

PACKAGES=(
  # build
  build-essential cmake ninja-build ccache mold pkg-config git
  # libraries (shared/DESIGN.md lists why each one is here)
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libpq-dev
  libhowardhinnant-date-dev tzdata
  libsodium-dev libssl-dev libcurl4-openssl-dev libmagic-dev libmagic-mgc
  libcli11-dev libspdlog-dev libfmt-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  postgresql-15 postgresql-client-15
  curl wrk hyperfine procps util-linux
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The Debian postgresql package starts a cluster on port 5432; farol's tests start their own
# throwaway server instead and never touch it.
echo "install-deps: done"
