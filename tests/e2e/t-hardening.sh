#!/usr/bin/env bash
# Attacks on logins and sessions: throttling, revocation, password policy.
. "$(dirname "$0")/lib.sh" "$1"
init_demo

# --- login throttling --------------------------------------------------------
for i in 1 2 3 4 5; do
  stdin_text=$'wrong-guess\n'
  desc="failed login $i" run 3 ee login --email bill.boquet@epic.com --password-stdin
done
stdin_text=$'password123\n'
run 3 ee login --email bill.boquet@epic.com --password-stdin
check "after 5 failures even the right password is refused" contains "$err" "too many failed logins"
check "the refusal says when to try again" contains "$err" "minute"
stdin_text=$'password123\n'
run 0 ee login --email KATE.hastroff@epic.com --password-stdin
check "other emails are unaffected" contains "$out" "Kate"
check "refusals are journalled" [ "$(db_query "SELECT count(*) FROM audit_log WHERE action = 'login_refused'")" = 1 ]
check "failures are journalled" [ "$(db_query "SELECT count(*) FROM audit_log WHERE action = 'login_failed'")" = 5 ]
login_as alice
run 0 ee --json users locked
check "management sees the locked account" contains "$out" '"email": "bill.boquet@epic.com", "failed_logins": 5'
use_as kate
run 4 ee users unlock 1
login_as alice
run 0 ee users unlock 1
run 0 ee --json users locked
check "unlocked: nobody is locked" [ "$out" = "[]" ]
login_as bill
check "bill logs in again after the unlock" [ "$code" = 0 ]

# --- token revocation ----------------------------------------------------------
login_as bill
cp "$EPICEVENTS_TOKEN_FILE" "$work/bill-1.tok"
sleep 1
login_as bill
run 0 ee logout --all
check "logout --all removes the token file" [ ! -e "$EPICEVENTS_TOKEN_FILE" ]
cp "$work/bill-1.tok" "$EPICEVENTS_TOKEN_FILE"
run 3 ee whoami
check "logout --all revokes the other sessions too" contains "$err" "revoked"
sleep 1

# --- passwd and the password policy ------------------------------------------------
login_as bill
cp "$EPICEVENTS_TOKEN_FILE" "$work/bill-2.tok"
stdin_text=$'not-my-password\nbrand-new-pass-1\n'
run 3 ee passwd --password-stdin
check "passwd checks the current password" contains "$err" "current password is wrong"
for bad in short1 password123 12345678 bill.boquet@epic.com bill.boquet COM001; do
  stdin_text=$'password123\n'"$bad"$'\n'
  desc="passwd refuses '$bad'" run 2 ee passwd --password-stdin
  check "the refusal of '$bad' does not echo it" bash -c '! grep -qF -- "$1" <<<"$0"' "$err" "$bad"
done
stdin_text=$'password123\nbrand-new-pass-1\n'
run 0 ee passwd --password-stdin
run 0 ee whoami
check "passwd keeps this session going" contains "$out" "bill.boquet@epic.com"
cp "$work/bill-2.tok" "$EPICEVENTS_TOKEN_FILE"
run 3 ee whoami
check "passwd revokes the older sessions" contains "$err" "revoked"
sleep 1
stdin_text=$'brand-new-pass-1\n'
run 0 ee login --email bill.boquet@epic.com --password-stdin
login_as alice
stdin_text=$'admin123\n'
run 2 ee users create --employee-id SUP003 --name "Weak" --email weak@epic.com --department support --password-stdin
check "management cannot set a common password" contains "$err" "common"
stdin_text=$'SUPPORT03\n'
run 2 ee users create --employee-id SUPPORT03 --name "Weak" --email weak@epic.com --department support --password-stdin
check "nor the employee id" contains "$err" "employee id"

# --- secrets stay secret -------------------------------------------------------------
check "no password in the journal" \
  [ "$(db_query "SELECT count(*) FROM audit_log WHERE details LIKE '%brand-new%' OR details LIKE '%password123%' OR details LIKE '%wrong-guess%'")" = 0 ]
tok=$(cat "$EPICEVENTS_TOKEN_FILE")
check "no token in the journal" [ "$(db_query "SELECT count(*) FROM audit_log WHERE details LIKE '%${tok:0:20}%'")" = 0 ]
finish
