#!/usr/bin/env bash
# Configures (once) and builds farol with Ninja into ./build; arguments are targets. Safe to run concurrently: builds are
# serialised with a lock, because two builds on a 2-core machine only slow each other down.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${FAROL_BUILD_DIR:-build}
JOBS=${FAROL_JOBS:-2}
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
# Not include_file_mtime/ctime: with headers edited while a build runs they let ccache serve stale objects.
export CCACHE_SLOPPINESS=pch_defines,time_macros
exec 9>/tmp/farol-build.lock
flock 9
if [[ ! -f "$BUILD_DIR/build.ninja" ]]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=${FAROL_BUILD_TYPE:-RelWithDebInfo} ${FAROL_CMAKE_ARGS:-}
fi
# Arguments name targets to build (default: everything).
if (($# > 0)); then
  cmake --build "$BUILD_DIR" -j "$JOBS" --target "$@"
else
  cmake --build "$BUILD_DIR" -j "$JOBS"
fi
