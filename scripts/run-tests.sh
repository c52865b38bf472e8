#!/usr/bin/env bash
# Builds into BUILD (default build/), starts a throwaway PostgreSQL cluster,
# runs every meson test against it, stops the cluster, and ends with the
# line "N passed, N failed".
set -uo pipefail

build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

if [ ! -f "$build/build.ninja" ]; then
  # shellcheck disable=SC2086
  meson setup "$build" ${MESON_FLAGS:-} >/dev/null || exit 1
fi
ninja -C "$build" || exit 1

pgdir=$(mktemp -d /tmp/epicevents-pg.XXXXXX)
cleanup() { scripts/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1 || true; }
trap cleanup EXIT
scripts/pg-cluster.sh start "$pgdir" >/dev/null || { echo "cannot start the test PostgreSQL cluster"; exit 1; }
# shellcheck disable=SC1091
. "$pgdir/env"
export EPICEVENTS_TEST_PG EPICEVENTS_REQUIRE_PG=1

log=$(mktemp)
meson test -C "$build" --print-errorlogs --num-processes "${TEST_JOBS:-2}" ${MESON_TEST_ARGS:-} 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

ok=$(sed -n 's/^Ok: *\([0-9]*\).*/\1/p' "$log" | tail -1)
expfail=$(sed -n 's/^Expected Fail: *\([0-9]*\).*/\1/p' "$log" | tail -1)
fail=$(sed -n 's/^Fail: *\([0-9]*\).*/\1/p' "$log" | tail -1)
unexp=$(sed -n 's/^Unexpected Pass: *\([0-9]*\).*/\1/p' "$log" | tail -1)
timeout=$(sed -n 's/^Timeout: *\([0-9]*\).*/\1/p' "$log" | tail -1)
skipped=$(sed -n 's/^Skipped: *\([0-9]*\).*/\1/p' "$log" | tail -1)
rm -f "$log"
passed=$(( ${ok:-0} + ${expfail:-0} ))
failed=$(( ${fail:-0} + ${unexp:-0} + ${timeout:-0} ))
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
echo "${passed} passed, ${failed} failed, ${skipped:-0} skipped"
exit "$status"
