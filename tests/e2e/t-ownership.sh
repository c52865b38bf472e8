#!/usr/bin/env bash
# Who may own what across department changes and deletions ("Hardening II",
# findings 4 and 5): a department change cannot take records out of the
# department that owns them, a deletion's heir must be able to own what it
# inherits, and concurrent assignments, department changes and deletions
# never break these rules nor leave the company without a manager.
. "$(dirname "$0")/lib.sh" "$1"

init_demo
password_of[sam]=sampass12; email_of[sam]=sam@epic.com
password_of[mona]=monapass1; email_of[mona]=mona@epic.com

use_as alice
stdin_text=$'sampass12\n'
run 0 ee users create --employee-id SUP002 --name "Sam Support" --email sam@epic.com --department support --password-stdin
sam=$(db_query "SELECT id FROM users WHERE email = 'sam@epic.com'")
stdin_text=$'monapass1\n'
run 0 ee users create --employee-id MAN002 --name "Mona Manager" --email mona@epic.com --department management --password-stdin
mona=$(db_query "SELECT id FROM users WHERE email = 'mona@epic.com'")

# Bill's upcoming events on his signed contract 1 (the demo event, 1, is past).
use_as bill
for i in 1 2 3 4 5 6 7; do
  run 0 ee events create --contract 1 --name "Future $i" --start 2099-06-01T10:00:00Z \
    --end 2099-06-01T12:00:00Z --location Paris --attendees 10
done
up=$(db_query "SELECT min(id) FROM events WHERE name = 'Future 1'")
future_ids=$(db_query "SELECT id FROM events WHERE name LIKE 'Future %' AND name <> 'Future 1' ORDER BY id")

# expect CODE COMMAND...: as alice; a refused command must change nothing.
expect() {
  local want=$1; shift
  use_as alice
  local before
  before=$(db_snapshot)
  desc="alice: $*" run "$want" ee "$@"
  if [ "$want" -ne 0 ]; then
    check "refused '$*' changed nothing" [ "$before" = "$(db_snapshot)" ]
    check "refused '$*' says why on one line" one_error_line
  fi
}
dept_of() {
  db_query "SELECT d.name FROM users u JOIN departments d ON d.id = u.department_id WHERE u.id = $1"
}

# --- a Commercial who holds clients keeps their department --------------------------
expect 6 users update 1 --department Support
check "the refusal names the clients" contains "$err" "commercial contact of 1 client(s)"
check "the refusal names the command that moves them" contains "$err" "users delete 1 --reassign-to"
expect 6 users update 1 --department Management
# ... so that a deletion cannot hand his clients to Support through a detour,
# nor directly.
expect 6 users delete 1 --reassign-to 2
check "clients and contracts go to a Commercial user only" contains "$err" "not Commercial"

# --- a Support user with upcoming events keeps their department ---------------------
expect 0 events assign "$up" --support 2
expect 6 users update 2 --department Commercial
check "the refusal counts the upcoming events" contains "$err" "1 upcoming event(s) (event $up first)"
check "the refusal names the command that reassigns them" contains "$err" "events assign EVENT_ID --support"
expect 6 users update 2 --department Management
expect 0 users update 2 --name "Kate Hastroff"
check "a change that keeps the department is allowed" [ "$(dept_of 2)" = Support ]
# Reassigned first: the change is allowed, her past event stays hers as history.
expect 0 events assign "$up" --support "$sam"
expect 0 users update 2 --department Commercial
check "kate is Commercial" [ "$(dept_of 2)" = Commercial ]
check "her past event stays with her" [ "$(db_query "SELECT support_contact_id FROM events WHERE id = 1")" = 2 ]
expect 6 events assign "$up" --support 2
check "a Commercial user cannot be assigned" contains "$err" "not Support"
# Her past event needs a Support heir, even though she is Commercial now.
expect 6 users delete 2 --reassign-to 1
check "events go to a Support user only" contains "$err" "not Support"
# Events go to Support users only, whatever the deleted user's department.
expect 6 users delete "$sam" --reassign-to 1
check "events never go to a Commercial user" contains "$err" "not Support"

# --- a user who holds both kinds: the events move first -----------------------------
use_as kate
run 0 ee clients create --full-name "Kim Client" --email kim@client.io --phone 0601020304 --company "Kim SA"
kim=$(db_query "SELECT id FROM clients WHERE email = 'kim@client.io'")
expect 6 users update 2 --department Support
check "kate's client keeps her in Commercial" contains "$err" "commercial contact of 1 client(s)"
expect 6 users delete 2 --reassign-to 1
check "no single heir for clients and events" contains "$err" "events assign EVENT_ID --support USER_ID"
expect 6 users delete 2 --reassign-to "$sam"
expect 0 events assign 1 --support "$sam"
expect 0 users delete 2 --reassign-to 1
check "kate's client went to bill" [ "$(db_query "SELECT commercial_contact_id FROM clients WHERE id = $kim")" = 1 ]

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

# Finding 4: six assignments of different upcoming events to Sam while a
# manager moves Sam to Commercial, at the same moment (or the assignments a
# little later in later rounds, so that both orders happen: the move is the
# slower command): afterwards Sam is Support, or is assigned to no upcoming
# event; each command either commits or is refused as a conflict (6).
support_id=$(db_query "SELECT department_id FROM users WHERE id = $sam")
bad=0 log=""
for assign_lag in 0 0 0.01 0.02 0.04 0.08; do
  db_query "UPDATE users SET department_id = $support_id WHERE id = $sam;
            UPDATE events SET support_contact_id = NULL WHERE name LIKE 'Future %'" >/dev/null
  rm -f "$work"/code.*
  exec 3<>"$fifo"
  n=0
  for ev in $future_ids; do
    n=$((n + 1))
    lag=$assign_lag as "$tok_alice" "assign.$n" events assign "$ev" --support "$sam"
    if [ "$n" = 3 ]; then
      as "$tok_mona" move users update "$sam" --department commercial
    fi
  done
  go $((n + 1))
  wait
  exec 3>&-
  move=$(cat "$work/code.move")
  assigned=$(cat "$work"/code.assign.* | grep -c '^0$')
  dept=$(dept_of "$sam")
  held=$(db_query "SELECT count(*) FROM events WHERE support_contact_id = $sam AND name LIKE 'Future %'")
  log="$log move:$move,assigned:$assigned,$dept,$held;"
  [ "$dept" = Support ] || [ "$held" = 0 ] || bad=$((bad + 1))
  [ -z "$(cat "$work"/code.* | grep -v '^[06]$')" ] || bad=$((bad + 1))
done
check "assignments racing a department change never leave a Commercial with upcoming events ($log)" [ "$bad" = 0 ]
finish
