#!/usr/bin/env bash
# People who leave (SPEC.md, "Import, history and people who leave"):
# `users deactivate ID [--reassign-to ID]`, `users reactivate ID`,
# `users list --active|--inactive`. Someone deactivated cannot log in (the
# wrong-password answer), their token stops at once, they can be assigned
# nothing and inherit nothing, their name stays on their records; the last
# active manager stays, also when two managers deactivate each other at once.
. "$(dirname "$0")/lib.sh" "$1"

init_demo
password_of[carl]=carlpass1; email_of[carl]=carl@epic.com
password_of[sam]=sampass12; email_of[sam]=sam@epic.com
password_of[mona]=monapass1; email_of[mona]=mona@epic.com

use_as alice
new_user() { # EMPLOYEE_ID NAME WHO DEPARTMENT
  stdin_text="${password_of[$3]}"$'\n'
  run 0 ee users create --employee-id "$1" --name "$2" --email "${email_of[$3]}" --department "$4" --password-stdin
  db_query "SELECT id FROM users WHERE email = '${email_of[$3]}'"
}
carl=$(new_user COM002 "Carl Commercial" carl commercial | tail -1)
sam=$(new_user SUP002 "Sam Support" sam support | tail -1)
mona=$(new_user MAN002 "Mona Manager" mona management | tail -1)

# Bill's upcoming events, two of them Kate's (the demo event, 1, is past).
use_as bill
for i in 1 2 3; do
  run 0 ee events create --contract 1 --name "Future $i" --start "2099-06-0${i}T10:00:00Z" \
    --end "2099-06-0${i}T12:00:00Z" --location Paris --attendees 10
done
up1=$(db_query "SELECT id FROM events WHERE name = 'Future 1'")
up2=$(db_query "SELECT id FROM events WHERE name = 'Future 2'")
up3=$(db_query "SELECT id FROM events WHERE name = 'Future 3'")
use_as alice
run 0 ee events assign "$up1" --support 2
run 0 ee events assign "$up2" --support 2
# Everyone's session exists before anyone leaves.
use_as kate; use_as sam; use_as carl; use_as mona

# expect WHO CODE COMMAND...: a refused command changes nothing, and says
# why on one line.
expect() {
  local who=$1 want=$2; shift 2
  use_as "$who"
  local before
  before=$(db_snapshot)
  desc="$who: $*" run "$want" ee "$@"
  if [ "$want" -ne 0 ]; then
    check "refused '$*' changed nothing" [ "$before" = "$(db_snapshot)" ]
    check "refused '$*' says why on one line" one_error_line
  fi
}
active_of() { db_query "SELECT CASE WHEN is_active THEN 'yes' ELSE 'no' END FROM users WHERE id = $1"; }
journal_count() { db_query "SELECT count(*) FROM audit_log WHERE action = '$1' AND entity = 'user' AND entity_id = $2"; }

# --- every user starts active ---------------------------------------------------------
run 0 ee --json users list
pycheck() { # DESCRIPTION PYTHON (reads the last output as `text`)
  local d=$1 code=$2
  check "$d" [ "$(python3 -c "import json, sys
text = sys.stdin.read()
$code" <<<"$out")" = ok ]
}
pycheck "users JSON has is_active, true for everyone" "
rows = json.loads(text)
print('ok' if len(rows) == 6 and all(r['is_active'] is True for r in rows) else rows)"
run 0 ee --csv users list
check "users CSV has is_active" contains "$(head -1 <<<"$out")" ",is_active"
run 0 ee users list
check "the users table has an Active column" contains "$(head -1 <<<"$out")" "Active"

# --- who may, and bad input ---------------------------------------------------------
for who in bill kate; do
  expect "$who" 4 users deactivate "$carl"
  expect "$who" 4 users reactivate "$carl"
  expect "$who" 4 users list --inactive
done
expect alice 2 users deactivate x
expect alice 2 users deactivate 0
expect alice 2 users deactivate
expect alice 2 users deactivate 1 --reassign-to x
expect alice 2 users deactivate "$carl" --reassign-to "$carl"
expect alice 2 users reactivate -5
expect alice 2 users list --active --inactive
expect alice 5 users deactivate 999
expect alice 5 users reactivate 999
expect alice 5 users deactivate 1 --reassign-to 999

# --- records that need a heir ----------------------------------------------------------
expect alice 6 users deactivate 1
check "a Commercial with clients: the line says how" contains "$err" "users deactivate 1 --reassign-to USER_ID"
check "... and names the clients" contains "$err" "1 client(s)"
expect alice 6 users deactivate 2
check "a Support user with upcoming events: the line says how" contains "$err" "users deactivate 2 --reassign-to USER_ID"
check "... and counts the upcoming events" contains "$err" "2 upcoming event(s) (event $up1 first)"
expect alice 6 users deactivate 1 --reassign-to 2
check "clients go to a Commercial user only" contains "$err" "not Commercial"
expect alice 6 users deactivate 2 --reassign-to "$carl"
check "events go to a Support user only" contains "$err" "not Support"

# --- the last active manager, and oneself ------------------------------------------
expect alice 6 users deactivate 3
check "alice cannot deactivate herself" contains "$err" "your own account"
expect alice 0 users deactivate "$mona"
check "mona is deactivated" [ "$(active_of "$mona")" = no ]
expect alice 6 users deactivate 3
check "the last active manager stays" contains "$err" "last active Management user"
expect alice 6 users update 3 --department support
check "a deactivated manager does not count as one" contains "$err" "last active Management user"
expect alice 0 users reactivate "$mona"

# --- a Commercial leaves: clients and contracts move in the same step ------------------
before_clients=$(db_query "SELECT count(*) FROM clients WHERE commercial_contact_id = 1")
expect alice 0 users deactivate 1 --reassign-to "$carl"
check "bill is deactivated" [ "$(active_of 1)" = no ]
check "his clients went to carl" [ "$(db_query "SELECT count(*) FROM clients WHERE commercial_contact_id = $carl")" = "$before_clients" ]
check "his contracts went to carl" [ "$(db_query "SELECT count(*) FROM contracts WHERE commercial_contact_id = 1")" = 0 ]
check "one journal row for the deactivation, naming the heir" \
  [ "$(db_query "SELECT count(*) FROM audit_log WHERE action = 'deactivate' AND entity_id = 1 AND details LIKE '%\"reassigned_to\":$carl%'")" = 1 ]
check "the command shows the user, deactivated" contains "$out" "is_active: no"
expect alice 6 users deactivate 1
check "deactivating twice is a conflict" contains "$err" "already deactivated"
expect alice 6 users reactivate 2
check "reactivating an active user is a conflict" contains "$err" "already active"

# His session stops at once; his password no longer lets him in, with the
# answer and exit code of a wrong password.
use_as bill
run 3 ee clients list
check "bill's token is refused at once" contains "$err" "deactivated"
run 3 ee whoami
stdin_text=$'not-his-password\n'
run 3 ee login --email bill.boquet@epic.com --password-stdin
wrong=$err
stdin_text=$'password123\n'
run 3 ee login --email bill.boquet@epic.com --password-stdin
check "his right password gets the wrong-password answer" [ "$err" = "$wrong" ]
check "... which is 'wrong email or password'" contains "$err" "wrong email or password"

# --- lists ----------------------------------------------------------------------------
use_as alice
run 0 ee --json users list --inactive
pycheck "--inactive lists bill only" "
rows = json.loads(text)
print('ok' if [r['id'] for r in rows] == [1] and rows[0]['is_active'] is False else rows)"
run 0 ee --json users list --active
pycheck "--active lists everyone else" "
rows = json.loads(text)
print('ok' if len(rows) == 5 and 1 not in [r['id'] for r in rows] else rows)"
run 0 ee --json users list --department commercial --active
pycheck "--active with --department" "
rows = json.loads(text)
print('ok' if [r['id'] for r in rows] == [$carl] else rows)"
run 0 ee --json users show 1
check "users show still shows bill" contains "$out" '"is_active": false'

# --- someone who left is assigned nothing and inherits nothing --------------------------
expect alice 0 users deactivate "$sam"
expect alice 6 events assign "$up3" --support "$sam"
check "a deactivated user cannot be assigned" contains "$err" "deactivated"
expect alice 6 users deactivate 2 --reassign-to "$sam"
check "a deactivated user cannot inherit on deactivate" contains "$err" "deactivated"
expect alice 6 users delete 2 --reassign-to "$sam"
check "a deactivated user cannot inherit on delete" contains "$err" "deactivated"
expect alice 6 users delete "$carl" --reassign-to 1
check "bill, deactivated, cannot take carl's clients back" contains "$err" "deactivated"

# --- a Support user leaves: upcoming events move, past ones keep her name ---------------
expect alice 0 users reactivate "$sam"
check "one journal row per deactivation and reactivation" \
  [ "$(journal_count deactivate "$sam")/$(journal_count reactivate "$sam")" = 1/1 ]
expect alice 0 users deactivate 2 --reassign-to "$sam"
check "kate's upcoming events went to sam" \
  [ "$(db_query "SELECT count(*) FROM events WHERE support_contact_id = $sam")" = 2 ]
run 0 ee --json events show 1
check "her past event still shows her name" contains "$out" '"support_contact_id": 2, "support_name": "Kate Hastroff"'
run 0 ee --json clients show 1
check "bill's former client shows carl" contains "$out" '"commercial_name": "Carl Commercial"'
use_as kate
run 3 ee events my-events

# --- reactivation: back in, but old sessions stay ended ----------------------------------
expect alice 0 users reactivate 1
check "bill is active again" [ "$(active_of 1)" = yes ]
use_as bill
run 3 ee clients list
check "his old token stays revoked" contains "$err" "revoked"
login_as bill
run 0 ee clients list

# --- two managers deactivating each other at once: one stays --------------------------
# The pair is put back by SQL between rounds so that their tokens stay valid.
fifo="$work/start"
mkfifo "$fifo"
tok_alice="$work/token.alice" tok_mona="$work/token.mona"
as() { # TOKEN NAME COMMAND...: waits for a line on the FIFO, then runs
  local tok=$1 name=$2; shift 2
  ( read -r _ <"$fifo"
    EPICEVENTS_TOKEN_FILE=$tok ee "$@" >/dev/null 2>"$work/err.$name"
    echo $? >"$work/code.$name" ) &
}
active_managers() {
  db_query "SELECT count(*) FROM users u JOIN departments d ON d.id = u.department_id
            WHERE d.name = 'Management' AND u.is_active"
}
bad=0 log=""
for round in $(seq 8); do
  db_query "UPDATE users SET is_active = TRUE, tokens_valid_after = 0 WHERE id IN (3, $mona)" >/dev/null
  exec 3<>"$fifo"
  as "$tok_alice" a users deactivate "$mona"
  as "$tok_mona" m users deactivate 3
  sleep 0.1
  echo go >&3; echo go >&3
  wait
  exec 3>&-
  codes=$(cat "$work/code.a" "$work/code.m" | sort | tr '\n' ' ')
  left=$(active_managers)
  log="$log $codes/$left"
  # One wins; the other is the last active manager (6) or finds its own
  # session ended (3).
  case "$codes" in "0 3 "|"0 6 ") ;; *) bad=$((bad + 1)) ;; esac
  [ "$left" = 1 ] || bad=$((bad + 1))
done
check "crossed deactivations of the last two managers: one wins, one active manager left (codes/left:$log)" [ "$bad" = 0 ]
db_query "UPDATE users SET is_active = TRUE, tokens_valid_after = 0 WHERE id IN (3, $mona)" >/dev/null

# An assignment racing a deactivation never leaves a deactivated user with
# an upcoming event: it commits first and the deactivation hands it to the
# heir (kate, back for the purpose), or it comes second and is refused (6).
db_query "UPDATE users SET is_active = TRUE WHERE id = 2" >/dev/null
bad=0 log=""
for lag in 0 0.02 0.05 0.1; do
  db_query "UPDATE users SET is_active = TRUE WHERE id = $sam;
            UPDATE events SET support_contact_id = NULL WHERE id = $up3" >/dev/null
  exec 3<>"$fifo"
  ( read -r _ <"$fifo"; sleep "$lag"
    EPICEVENTS_TOKEN_FILE=$tok_alice ee events assign "$up3" --support "$sam" >/dev/null 2>&1
    echo $? >"$work/code.assign" ) &
  as "$tok_mona" deact users deactivate "$sam" --reassign-to 2
  sleep 0.1
  echo go >&3; echo go >&3
  wait
  exec 3>&-
  held=$(db_query "SELECT count(*) FROM events e JOIN users u ON u.id = e.support_contact_id
                   WHERE NOT u.is_active AND e.name LIKE 'Future %'")
  log="$log $(cat "$work/code.assign")/$(cat "$work/code.deact")/$held"
  [ "$held" = 0 ] || bad=$((bad + 1))
  [ -z "$(cat "$work/code.assign" "$work/code.deact" | grep -v '^[06]$')" ] || bad=$((bad + 1))
done
check "an assignment racing a deactivation leaves no deactivated user with upcoming events (assign/deactivate/held:$log)" [ "$bad" = 0 ]
finish
