#!/usr/bin/env bash
# The core: set-up, configuration, login, sessions, exit codes.
. "$(dirname "$0")/lib.sh" "$1"

# --- before any database -------------------------------------------------
run 0 ee --version
check "--version prints the version" contains "$out" "epicevents "
run 0 ee --help
check "--help lists commands" contains "$out" "clients list"
run 0 ee help contracts sign
check "help COMMAND shows its usage" contains "$out" "usage: epicevents contracts sign ID"
run 2 ee help contracts refund
check "help of an unknown command is a usage error" contains "$err" "unknown command 'contracts refund'"
check "help of an unknown command prints no help" [ -z "$out" ]
check "help of an unknown command is one line" one_error_line
run 2 ee help nosuch
check "help of an unknown noun is a usage error" contains "$err" "unknown command 'nosuch'"
stdin_text=$'help contracts refund\nclients list\n'
run 2 ee
check "a shell script stops at help of an unknown command" contains "$err" "unknown command 'contracts refund'"
run 2 ee --frobnicate
check "unknown global option: one error line" one_error_line
run 2 ee clients frobnicate
check "unknown verb suggests" contains "$err" "unknown command 'clients frobnicate'"
run 2 ee clinets list
check "misspelt noun suggests the nearest" contains "$err" "did you mean 'clients'"
run 1 ee whoami
check "uninitialised database says to run db init" contains "$err" "db init"
check "one error line" one_error_line

# --- db init ---------------------------------------------------------------
init_demo
check "db init --demo says so" contains "$out" "demo data"
check "3 demo users" [ "$(db_query 'SELECT count(*) FROM users')" = 3 ]
check "demo contract is 10000.00 / 5000.00 and signed" \
  [ "$(db_query "SELECT count(*) FROM contracts WHERE total_amount = $( [ "$db_kind" = pg ] && echo 10000.00 || echo 1000000 ) AND is_signed")" = 1 ]
check "demo event is assigned to Kate" \
  [ "$(db_query "SELECT u.employee_id FROM events e JOIN users u ON u.id = e.support_contact_id")" = SUP001 ]
before=$(db_snapshot)
run 0 admin db init --demo
check "db init twice changes nothing" [ "$(db_snapshot)" = "$before" ]
check "second --demo says it loaded nothing" contains "$out" "no demo data"
run 0 admin db migrate
check "db migrate on a current database is a no-op" contains "$out" "up to date"
if remote_only; then
  # SERVER.md: db init and db migrate are refused through a server.
  for c in "db init --demo" "db migrate"; do
    run 2 ee $c
    check "'$c' through the server says to run it on the server" contains "$err" "run it on the server"
    check "'$c' refused: one error line" one_error_line
  done
  check "refused db init and db migrate changed nothing" [ "$(db_snapshot)" = "$before" ]
fi

# --- login / whoami / logout ---------------------------------------------
for who in bill kate alice; do
  login_as "$who"
  run 0 ee whoami
  check "whoami shows $who's email" contains "$out" "email: ${email_of[$who]}"
done
check "token file is 0600" [ "$(stat -c %a "$EPICEVENTS_TOKEN_FILE")" = 600 ]
run 0 ee --json whoami
check "whoami --json has the department" contains "$out" '"department": "Management"'
check "old 29000-round hash was upgraded at login" \
  [ "$(db_query "SELECT count(*) FROM users WHERE password_hash LIKE '\$pbkdf2-sha256\$600000\$%'")" = 3 ]

stdin_text=$'wrongpassword\n'
run 3 ee login --email bill.boquet@epic.com --password-stdin
wrong_pw=$err
stdin_text=$'password123\n'
run 3 ee login --email nobody@epic.com --password-stdin
check "wrong email and wrong password: the same message" [ "$wrong_pw" = "$err" ]
check "failed logins are journalled" \
  [ "$(db_query "SELECT count(*) FROM audit_log WHERE action = 'login_failed'")" -ge 2 ]
run 2 ee login --password-stdin
check "login without email off a terminal is a usage error" contains "$err" "--email"

login_as bill
chmod 644 "$EPICEVENTS_TOKEN_FILE"
run 3 ee whoami
check "a token file readable by others is refused, with the fix" contains "$err" "chmod 600"
chmod 600 "$EPICEVENTS_TOKEN_FILE"
run 0 ee whoami

# An altered token: flip one character of the payload.
tok=$(cat "$EPICEVENTS_TOKEN_FILE")
payload=${tok#*.}; payload=${payload%%.*}
alt=$(printf '%s' "$payload" | tr 'A-Za-z' 'B-ZAb-za')
printf '%s' "${tok%%.*}.$alt.${tok##*.}" > "$EPICEVENTS_TOKEN_FILE"
run 3 ee whoami
check "an altered token is refused" contains "$err" "log in again"
printf 'garbage' > "$EPICEVENTS_TOKEN_FILE"
run 3 ee whoami
check "a garbage token file is refused cleanly" one_error_line
# A token signed with alg none.
none_tok="$(printf '{"alg":"none","typ":"JWT"}' | base64 -w0 | tr '+/' '-_' | tr -d '=').$(printf '{"sub":"1","dept":"Management","iat":%s,"exp":%s}' "$(date +%s)" "$(( $(date +%s) + 3600 ))" | base64 -w0 | tr '+/' '-_' | tr -d '=')."
printf '%s' "$none_tok" > "$EPICEVENTS_TOKEN_FILE"
run 3 ee whoami
check "alg none is refused" one_error_line

login_as bill
run 0 ee logout
check "logout removes the token file" [ ! -e "$EPICEVENTS_TOKEN_FILE" ]
run 3 ee whoami
check "after logout: not logged in" contains "$err" "not logged in"
run 3 ee clients list
check "commands need a login" one_error_line

# A deleted user's token stops working at once; a department change applies at once.
login_as alice
stdin_text=$'s3cret-pass\n'
run 0 ee users create --employee-id COM009 --name "Temp Seller" --email temp@epic.com --department commercial --password-stdin
temp_id=$(db_query "SELECT id FROM users WHERE email = 'temp@epic.com'")
cp "$EPICEVENTS_TOKEN_FILE" "$work/alice.tok"
stdin_text=$'s3cret-pass\n'
run 0 ee login --email temp@epic.com --password-stdin
cp "$EPICEVENTS_TOKEN_FILE" "$work/temp.tok"
# (Moved while holding no client: a Commercial with clients keeps the department.)
cp "$work/alice.tok" "$EPICEVENTS_TOKEN_FILE"
run 0 ee users update "$temp_id" --department support
cp "$work/temp.tok" "$EPICEVENTS_TOKEN_FILE"
run 4 ee clients create --full-name "Other" --email other@client.io --phone "+33 1 23 45 67 80" --company "X"
check "a department change applies to existing tokens at once" contains "$err" "permission denied"
cp "$work/alice.tok" "$EPICEVENTS_TOKEN_FILE"
run 0 ee users update "$temp_id" --department commercial
cp "$work/temp.tok" "$EPICEVENTS_TOKEN_FILE"
run 0 ee clients create --full-name "Tmp Client" --email tmp@client.io --phone "+33 1 23 45 67 89" --company "Tmp"
cp "$work/alice.tok" "$EPICEVENTS_TOKEN_FILE"
run 0 ee users delete "$temp_id" --reassign-to 1
cp "$work/temp.tok" "$EPICEVENTS_TOKEN_FILE"
run 3 ee whoami
check "a deleted user's token stops working" contains "$err" "no longer exists"

# A password change invalidates tokens issued before it.
login_as bill
cp "$EPICEVENTS_TOKEN_FILE" "$work/bill.tok"
login_as alice
sleep 1
stdin_text=$'newpassword1\n'
run 0 ee users update 1 --password-stdin
cp "$work/bill.tok" "$EPICEVENTS_TOKEN_FILE"
run 3 ee whoami
check "a password change revokes older tokens" contains "$err" "revoked"
sleep 1
stdin_text=$'newpassword1\n'
run 0 ee login --email bill.boquet@epic.com --password-stdin

# --- configuration ---------------------------------------------------------
why="DATABASE_URL is not read with EPICEVENTS_SERVER set: the server has the database"
skip_remote "unknown URL scheme names it" "$why" || {
  run 2 env DATABASE_URL=mysql://x/y "$bin" whoami
  check "unknown URL scheme names it" contains "$err" "mysql"
}
skip_remote "unreachable database: one line, no password" "$why" || {
  run 1 env DATABASE_URL='postgresql://u:secretpw@127.0.0.1:1/none' "$bin" whoami
  check "unreachable database: one line" one_error_line
  check "the database password is never printed" bash -c '! grep -q secretpw <<<"$0"' "$err"
}
# The .env names what the client talks to: the database, or the server.
mkdir -p "$work/envdir"
printf '%s=%s\nTHIS IS NOT VALID\n' "$target_var" "$(target)" > "$work/envdir/.env"
run 2 bash -c "cd '$work/envdir' && env -u $target_var '$bin' whoami"
check "malformed .env names the line" contains "$err" "line 2"
printf '%s=%s\n' "$target_var" "$(target)" > "$work/envdir/.env"
chmod 600 "$work/envdir/.env"
run 0 bash -c "cd '$work/envdir' && env -u $target_var '$bin' whoami"
check ".env supplies $target_var" contains "$out" "bill.boquet@epic.com"
run 0 bash -c "cd '$work/envdir' && $target_var='$(target)' '$bin' $target_option '$(target)' whoami"

finish
