#!/usr/bin/env bash
# The test suite under valgrind memcheck (make test-valgrind): the unit
# programs wrapped by meson, then every end-to-end script on both backends
# and the shell's pty tests with epicevents run through
# scripts/valgrind-bin.sh. A memcheck error or leak makes a command exit 99,
# which fails its test. Slow: about an hour on 2 cores.
set -uo pipefail

build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
command -v valgrind >/dev/null 2>&1 || { echo "valgrind is not installed (make deps)"; exit 1; }

# Not the 'python' tests: meson would wrap the interpreter, not our code.
MESON_TEST_ARGS="--suite unit --no-suite python --timeout-multiplier 10 --wrap=$top/scripts/valgrind-bin.sh" \
  scripts/run-tests.sh "$build"
unit=$?

# Fewer load operations: the totals are checked the same way.
EPICEVENTS_WRAPPER=$top/scripts/valgrind-bin.sh LOAD_OPS=${LOAD_OPS:-20} \
MESON_TEST_ARGS="--suite e2e --suite shell --timeout-multiplier 4" \
  scripts/run-tests.sh "$build"
e2e=$?

[ "$unit" -eq 0 ] && [ "$e2e" -eq 0 ]
