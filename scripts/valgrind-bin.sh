#!/usr/bin/env bash
# Runs epicevents under valgrind memcheck: any invalid access or definite
# leak makes the command exit 99, which the end-to-end tests report as a
# wrong exit code. Used by `make test-valgrind` through EPICEVENTS_BIN.
exec valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
  --show-leak-kinds=definite,indirect --error-exitcode=99 \
  --suppressions="$(dirname "$0")/valgrind.supp" \
  "${EPICEVENTS_REAL_BIN:?}" "$@"
