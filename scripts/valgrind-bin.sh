#!/usr/bin/env bash
# Runs epicevents under valgrind memcheck: any invalid access or definite
# or indirect leak makes the command exit 99, which the tests report as a
# wrong exit code. Used by scripts/valgrind-suite.sh as EPICEVENTS_WRAPPER
# (the program is EPICEVENTS_REAL_BIN) and as meson's --wrap (the program is
# the first argument).
#
# Commands that derive a PBKDF2 key at 600000 rounds (login, passwd, a new
# password from --password-stdin) take about 20 s each under memcheck, so
# in the whole-suite run they run natively unless VALGRIND_ALL=1; the unit
# tests and `VALGRIND_ALL=1 bash tests/e2e/t-core.sh sqlite` cover them.
if [ -n "${EPICEVENTS_REAL_BIN:-}" ]; then
  real=$EPICEVENTS_REAL_BIN
else
  real=${1:?usage: valgrind-bin.sh PROGRAM [ARGS]}
  shift
fi
if [ -z "${VALGRIND_ALL:-}" ]; then
  for a in "$@"; do
    case $a in login|passwd|--password-stdin) exec "$real" "$@" ;; esac
  done
fi
exec valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
  --show-leak-kinds=definite,indirect --error-exitcode=99 \
  --suppressions="$(dirname "$0")/valgrind.supp" \
  "$real" "$@"
