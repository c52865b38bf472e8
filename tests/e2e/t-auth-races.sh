#!/usr/bin/env bash
# Logins and password changes under attack: timing, parallel guesses, races
# with a manager's reset, guesses through passwd, what a mistyped email
# leaves behind, the session key, and non-ASCII emails.
. "$(dirname "$0")/lib.sh" "$1"
init_demo

# Seconds a login takes (output thrown away).
login_time() {
  local t0 t1
  t0=$EPOCHREALTIME
  printf 'wrong-guess\n' | "$bin" login --email "$1" --password-stdin >/dev/null 2>&1
  t1=$EPOCHREALTIME
  awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# --- an unknown email costs what a wrong password costs --------------------------
# The demo users' hashes have 29000 rounds (as adopted from the Python
# project) until they log in: a wrong password must still cost 600000.
# Pairs of attempts, one of each kind back to back, three guesses per user
# so that no lock interferes; the median of the pairs' ratios, so that a
# busy machine's outliers and drifts do not decide. A round spoilt by load
# is run again (at most 3): without the padding the ratio was 0.1 to 0.4.
if [ -z "${EPICEVENTS_REAL_BIN:-}" ]; then
  for round in 1 2 3; do
    : > "$work/ratios"
    for i in 1 2 3; do
      for who in bill kate; do
        u=$(login_time "nobody.$who.$i@epic.com")
        k=$(login_time "${email_of[$who]}")
        awk -v k="$k" -v u="$u" 'BEGIN { print k / u }' >> "$work/ratios"
      done
    done
    db_query "DELETE FROM login_attempts" >/dev/null
    ratio=$(median < "$work/ratios")
    awk -v r="$ratio" 'BEGIN { exit !(r >= 0.75 && r <= 1.25) }' && break
  done
  out="round $round: wrong password / unknown email, median of 6: $ratio" err=""
  check "a wrong password (29000-round hash) takes as long as an unknown email, within 25% ($out)" \
    awk -v r="$ratio" 'BEGIN { exit !(r >= 0.75 && r <= 1.25) }'
fi
db_query "DELETE FROM login_attempts" >/dev/null

# --- parallel guesses stop at the limit ---------------------------------------------
base=$(db_query "SELECT COALESCE(max(id), 0) FROM audit_log")
pids=()
for i in $(seq 30); do
  printf 'wrong-guess-%s\n' "$i" | "$bin" login --email bill.boquet@epic.com --password-stdin \
    >/dev/null 2>"$work/par.$i" &
  pids+=($!)
done
codes=""
for p in "${pids[@]}"; do wait "$p"; codes+="$? "; done
out=$codes err=""
check "30 parallel wrong logins all fail with exit 3" [ "$(tr ' ' '\n' <<<"$codes" | grep -cx 3)" = 30 ]
failed=$(db_query "SELECT count(*) FROM audit_log WHERE id > $base AND action = 'login_failed'")
refused=$(db_query "SELECT count(*) FROM audit_log WHERE id > $base AND action = 'login_refused'")
out="login_failed: $failed, login_refused: $refused"
check "only 5 of 30 parallel guesses are verified ($out)" [ "$failed" = 5 ]
check "the other 25 are refused unverified" [ "$refused" = 25 ]
check "the refused ones say so" [ "$(cat "$work"/par.* | grep -c "too many failed logins")" = 25 ]
stdin_text=$'password123\n'
run 3 ee login --email bill.boquet@epic.com --password-stdin
check "then the right password is refused too" contains "$err" "too many failed logins"

# --- a manager's reset during a login's rehash is not undone -------------------------
use_as alice
run 0 ee users unlock 1
# The login stops after verifying bill's 29000-round hash, before writing
# its 600000-round upgrade, until the test removes the pause file.
wait_for_file() {
  local i
  for i in $(seq 200); do [ -e "$1" ] && return 0; sleep 0.05; done
  return 1
}
# remote: the pause is in the process that verifies the password, the
# server's, for this race alone.
remote_only && restart_server EPICEVENTS_TEST_AUTH_PAUSE="$work/pause"
printf 'password123\n' | EPICEVENTS_TEST_AUTH_PAUSE="$work/pause" \
  EPICEVENTS_TOKEN_FILE="$work/bill-race.tok" "$bin" login --email bill.boquet@epic.com \
  --password-stdin >/dev/null 2>"$work/race.err" &
pid=$!
check "the login pauses between verifying and upgrading the hash" wait_for_file "$work/pause"
stdin_text=$'Reset-by-manager-7\n'
run 0 ee users update 1 --password-stdin
rm -f "$work/pause"
wait "$pid"; code=$?
remote_only && restart_server
out="" err=$(cat "$work/race.err")
check "the paused login succeeds (it verified the old password)" [ "$code" = 0 ]
check "the login did not upgrade the replaced hash" \
  [ "$(db_query "SELECT count(*) FROM audit_log WHERE actor_id = 1 AND details LIKE '%hash_upgraded%'")" = 0 ]
stdin_text=$'password123\n'
desc="the old password no longer works" run 3 ee login --email bill.boquet@epic.com --password-stdin
sleep 1 # a token of the reset's second is revoked by it
stdin_text=$'Reset-by-manager-7\n'
desc="the manager's new password works" run 0 ee login --email bill.boquet@epic.com --password-stdin

# --- the same race through passwd: a conflict, nothing changed -------------------------
remote_only && restart_server EPICEVENTS_TEST_AUTH_PAUSE="$work/pause"
printf 'Reset-by-manager-7\nBills-own-choice-8\n' | EPICEVENTS_TEST_AUTH_PAUSE="$work/pause" \
  "$bin" passwd --password-stdin >/dev/null 2>"$work/race.err" &
pid=$!
check "passwd pauses between verifying and writing" wait_for_file "$work/pause"
use_as alice
stdin_text=$'Second-reset-9\n'
run 0 ee users update 1 --password-stdin
rm -f "$work/pause"
wait "$pid"; code=$?
remote_only && restart_server
out="" err=$(cat "$work/race.err")
check "passwd then exits 6" [ "$code" = 6 ]
check "saying the password was changed meanwhile" contains "$err" "changed meanwhile"
stdin_text=$'Bills-own-choice-8\n'
desc="passwd's new password was not written" run 3 ee login --email bill.boquet@epic.com --password-stdin
stdin_text=$'Second-reset-9\n'
desc="the manager's reset stands" run 0 ee login --email bill.boquet@epic.com --password-stdin

# --- guesses through passwd count with the login's ------------------------------------
login_as kate
for i in 1 2 3 4 5; do
  stdin_text="guess-$i"$'\nKates-new-pass-1\n'
  desc="passwd with a wrong current password ($i)" run 3 ee passwd --password-stdin
done
check "the fifth says the current password is wrong" contains "$err" "current password is wrong"
stdin_text=$'password123\nKates-new-pass-1\n'
desc="then passwd is refused, even with the right current password" run 3 ee passwd --password-stdin
check "as too many failed attempts" contains "$err" "too many failed"
stdin_text=$'password123\n'
desc="and so is login for that email" run 3 ee login --email kate.hastroff@epic.com --password-stdin
check "as too many failed logins" contains "$err" "too many failed logins"

# --- what is typed as an email is stored only if it is one -------------------------------
stdin_text=$'whatever\n'
run 3 ee login --email 'Sup3rSecret!' --password-stdin
check "a malformed email gets the usual message" contains "$err" "wrong email or password"
if [ "$db_kind" = pg ]; then
  tables=$(db_query "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
else
  tables=$(db_query "SELECT name FROM sqlite_master WHERE type = 'table'")
fi
: > "$work/dump"
for t in $tables; do db_query "SELECT * FROM $t" >> "$work/dump"; done
out=$(grep -ci "sup3rsecret" "$work/dump") err=""
check "the mistyped text is in no table" [ "$out" = 0 ]
check "the attempt is recorded as a malformed email" \
  [ "$(db_query "SELECT count(*) FROM login_attempts WHERE email = 'malformed email'")" = 1 ]
check "and journalled as one" \
  [ "$(db_query "SELECT count(*) FROM audit_log WHERE action = 'login_failed' AND actor_label = 'malformed email'")" = 1 ]

# --- JWT_SECRET_KEY: long enough, and used whole -------------------------------------------
JWT_SECRET_KEY=short-secret run 2 ee whoami
check "a short JWT_SECRET_KEY is refused in one line naming it" eval 'one_error_line && contains "$err" JWT_SECRET_KEY'
check "without showing it" eval '! contains "$err" short-secret'
JWT_SECRET_KEY=short-secret run 2 ee --db "postgresql://nobody@127.0.0.1:9/none" whoami
check "before any database work" contains "$err" JWT_SECRET_KEY
key_a=$(printf 'k%.0s' $(seq 299))a
key_b=$(printf 'k%.0s' $(seq 299))b
# remote: the key is the server's (a client's JWT_SECRET_KEY is only checked).
with_key() { # KEY COMMAND...: COMMAND with JWT_SECRET_KEY=KEY where tokens are made
  local key=$1; shift
  if remote_only; then restart_server JWT_SECRET_KEY="$key"; "$@"; else JWT_SECRET_KEY=$key "$@"; fi
}
stdin_text=$'Second-reset-9\n'
with_key "$key_a" run 0 ee login --email bill.boquet@epic.com --password-stdin
desc="a token signed with a 300-byte key verifies with it" with_key "$key_a" run 0 ee whoami
desc="but not with a key differing only in byte 300" with_key "$key_b" run 3 ee whoami
desc="a 32-byte key is accepted" with_key "$(printf 'k%.0s' $(seq 32))" run 3 ee whoami
remote_only && restart_server

# --- non-ASCII emails fold the same way at creation and at login -------------------------
use_as alice
stdin_text=$'Elodie-pass-42\n'
run 0 ee users create --employee-id SUP042 --name "Élodie Test" --email "Élodie.Test@epic.com" \
  --department support --password-stdin
stdin_text=$'Elodie-pass-42\n'
run 0 ee login --email "ÉLODIE.test@epic.com" --password-stdin
stdin_text=$'Elodie-pass-42\n'
run 0 ee login --email "élodie.test@epic.com" --password-stdin
finish
