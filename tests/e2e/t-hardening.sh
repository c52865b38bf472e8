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
# --- .env modes: a file others may change, or read while it holds a secret -----------
mkdir -p "$work/envdir" && cd "$work/envdir" || exit 1
printf 'DATABASE_URL=%s\n' "$DATABASE_URL" > .env
chmod 644 .env
run 0 admin db init
printf 'DATABASE_URL=%s\nJWT_SECRET_KEY=env-file-key-0123456789abcdef0123456789\n' "$DATABASE_URL" > .env
chmod 644 .env
run 2 ee db init
check "a readable .env with JWT_SECRET_KEY is refused, with the fix" contains "$err" "run 'chmod 600 .env'"
check "the refusal does not show the key" eval '! contains "$err" "env-file-key"'
printf 'DB_NAME=crm\nDB_USERNAME=crm\nDB_PASSWORD=env-file-db-secret\n' > .env
chmod 640 .env
run 2 ee db init
check "a group-readable .env with DB_PASSWORD is refused" contains "$err" "chmod 600"
check "the refusal does not show the password" eval '! contains "$err" "env-file-db-secret"'
printf 'DATABASE_URL=postgresql://crm:env-url-secret@127.0.0.1:9/crm\n' > .env
chmod 604 .env
run 2 ee db init
check "a readable .env with a password in DATABASE_URL is refused" contains "$err" "chmod 600"
printf 'DATABASE_URL=%s\nJWT_SECRET_KEY=env-file-key-0123456789abcdef0123456789\n' "$DATABASE_URL" > .env
chmod 600 .env
run 0 admin db init
chmod 666 .env
run 2 ee db init
check "a .env others can write is refused, with the fix" contains "$err" "run 'chmod go-w .env'"
chmod 600 .env
mv .env real.env && ln -s real.env .env
run 2 ee db init
check "a .env that is a symbolic link is refused" contains "$err" "'.env' is a symbolic link"
check "the symlink refusal is one line" one_error_line
rm .env && mv real.env .env
if [ "$(id -u)" = 0 ]; then
  # Root may read a file of any owner: only its own or root's are trusted.
  chown nobody .env
  run 2 ee db init
  check "a .env owned by another user is refused" contains "$err" "belongs to another user"
  check "the owner refusal is one line" one_error_line
  chown 0 .env
  run 0 admin db init
fi
cd "$work" || exit 1

# --- process title and core files -------------------------------------------------------
# Under valgrind the guest's argv and limits are not the process's own.
if [ -z "${EPICEVENTS_REAL_BIN:-}" ]; then
  # A login that waits for its password on a FIFO held open here meanwhile.
  # On PostgreSQL its --db carries a password (ignored: the test cluster
  # trusts local connections).
  db_arg=$DATABASE_URL
  [ "$db_kind" = pg ] && db_arg="$DATABASE_URL password=argv-db-secret"
  mkfifo "$work/stdin.fifo"
  "$bin" --db "$db_arg" login --email nobody@epic.com --password-stdin \
      <"$work/stdin.fifo" >/dev/null 2>&1 &
  pid=$!
  exec 7>"$work/stdin.fifo"
  cmdline="" limits=""
  for _ in $(seq 100); do
    cmdline=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null)
    limits=$(cat "/proc/$pid/limits" 2>/dev/null)
    if grep -Eq "^Max core file size +0 +0 " <<<"$limits" &&
       { [ "$db_kind" != pg ] || contains "$cmdline" "xxxx"; }; then
      break
    fi
    sleep 0.05
  done
  out="$cmdline"$'\n'"$limits" err=""
  check "the login is still waiting for its password" [ -d "/proc/$pid" ]
  check "no core file can be written (RLIMIT_CORE 0)" eval 'grep -Eq "^Max core file size +0 +0 " <<<"$limits"'
  if [ "$db_kind" = pg ]; then
    check "the --db password is not in the process's arguments (ps)" eval '! contains "$cmdline" "argv-db-secret"'
    check "the rest of the command line stays readable" contains "$cmdline" "login --email nobody@epic.com"
  fi
  exec 7>&-
  wait "$pid" 2>/dev/null
fi
finish
