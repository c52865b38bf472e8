#!/usr/bin/env bash
# Who may own what across department changes and deletions ("Hardening II"):
# concurrent deletions and department changes never leave the company
# without a manager.
. "$(dirname "$0")/lib.sh" "$1"

init_demo
password_of[mona]=monapass1; email_of[mona]=mona@epic.com

use_as alice
stdin_text=$'monapass1\n'
run 0 ee users create --employee-id MAN002 --name "Mona Manager" --email mona@epic.com --department management --password-stdin
mona=$(db_query "SELECT id FROM users WHERE email = 'mona@epic.com'")

# --- concurrency ------------------------------------------------------------------
# Every process of a round blocks on reading a line from one FIFO; the
# parent holds it open for writing (so that opening never blocks), gives the
# processes a moment to reach the read, then writes one line per process:
# they start within microseconds of each other.
fifo="$work/start"
mkfifo "$fifo"
use_as mona
use_as alice
tok_alice="$work/token.alice" tok_mona="$work/token.mona"

# go N: releases N waiting processes.
go() {
  sleep 0.1
  for _ in $(seq "$1"); do echo go >&3; done
}
# as TOKEN NAME COMMAND...: in the background, waits for go (then for
# $lag seconds), runs COMMAND with that session and writes its exit code to
# $work/code.NAME.
lag=0
as() {
  local tok=$1 name=$2; shift 2
  ( read -r _ <"$fifo"; sleep "$lag"
    EPICEVENTS_TOKEN_FILE=$tok ee "$@" >/dev/null 2>"$work/err.$name"
    echo $? >"$work/code.$name" ) &
}
managers() {
  db_query "SELECT count(*) FROM users u JOIN departments d ON d.id = u.department_id WHERE d.name = 'Management'"
}

# Finding 5: with exactly two managers, each deletes (then demotes) the
# other at the same moment, ten times. The pair is put back by SQL with the
# same rows, so that their tokens stay valid (a login is 0.3 s of PBKDF2).
db_query "CREATE TABLE pair_backup AS SELECT * FROM users WHERE id IN (3, $mona)" >/dev/null
check "exactly two managers before the rounds" [ "$(managers)" = 2 ]
restore_pair() {
  db_query "INSERT INTO users SELECT * FROM pair_backup WHERE id NOT IN (SELECT id FROM users);
            UPDATE users SET department_id = (SELECT b.department_id FROM pair_backup b WHERE b.id = users.id)
              WHERE id IN (SELECT id FROM pair_backup)" >/dev/null
}
for kind in delete demote; do
  bad=0 log=""
  for round in $(seq 10); do
    restore_pair
    exec 3<>"$fifo"
    if [ "$kind" = delete ]; then
      as "$tok_alice" a users delete "$mona"
      as "$tok_mona" m users delete 3
    else
      as "$tok_alice" a users update "$mona" --department support
      as "$tok_mona" m users update 3 --department support
    fi
    go 2
    wait
    exec 3>&-
    codes=$(cat "$work/code.a" "$work/code.m" | sort | tr '\n' ' ')
    left=$(managers)
    log="$log $codes/$left"
    # One wins; the other is refused as the last manager (6), or finds its
    # own session gone (3) or no longer Management (4).
    case "$codes" in "0 3 "|"0 4 "|"0 6 ") ;; *) bad=$((bad + 1)) ;; esac
    [ "$left" = 1 ] || bad=$((bad + 1))
  done
  check "crossed ${kind}s of the last two managers: one wins each round, one manager left (exit codes/managers:$log)" [ "$bad" = 0 ]
done
restore_pair

finish
