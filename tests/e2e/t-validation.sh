#!/usr/bin/env bash
# Bad input: every field of every command gets malformed values. Each refusal
# must give SPEC.md's exit code, exactly one "epicevents: " line on standard
# error, and leave every table exactly as it was. The command runs as the
# role that would be allowed to do it, so that what fails is the validation.
# Boundary values (100 characters, 99999999.99, 1000000 attendees, ...) must
# pass.
. "$(dirname "$0")/lib.sh" "$1"

py=/usr/bin/python3

# --- helpers ---------------------------------------------------------------

# Every table a command could write to (lib.sh), in one database call.
snapshot() { db_snapshot_all; }
snap=""
resnap() { snap=$(snapshot); }

# One "epicevents: " line on stderr, valid UTF-8, no control characters (an
# error message quoting user input must not drive the terminal either).
clean_error() {
  one_error_line || return 1
  if printf '%s' "$err" | LC_ALL=C grep -qP '[\x00-\x1f\x7f]|\xc2[\x80-\x9f]' ||
     ! printf '%s' "$err" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1; then
    printf '%s\n' "$err" | cat -v | sed 's/^/#   raw: /'
    return 1
  fi
}

unchanged() {
  [ "$now" = "$snap" ] && return 0
  diff <(printf '%s\n' "$snap") <(printf '%s\n' "$now") | head -8 | sed 's/^/#   diff: /'
  return 1
}

# refuse CODE DESCRIPTION ARGS...: `epicevents ARGS` fails with CODE, says
# so in one line, and changes nothing (3 tests).
refuse() {
  local want=$1 d=$2; shift 2
  desc="$d" run "$want" ee "$@"
  check "$d: one clean 'epicevents:' line on stderr" clean_error
  now=$(snapshot)
  check "$d: nothing changed" unchanged
  snap=$now
}

# accept DESCRIPTION ARGS...: `epicevents ARGS` succeeds (1 test).
accept() {
  local d=$1; shift
  desc="$d" run 0 ee "$@"
  resnap
}

as() { login_as "$1"; resnap; }

# run_in "CODES" DESCRIPTION ARGS...: like run, but any of CODES will do.
run_in() {
  local codes=$1 d=$2; shift 2
  out=$(printf '%s' "$stdin_text" | ee "$@" 2>"$work/stderr"); code=$?
  err=$(cat "$work/stderr"); stdin_text=""
  tests_run=$((tests_run + 1))
  if [[ " $codes " == *" $code "* ]]; then
    echo "ok $tests_run - [$backend] $d (exit $code)"
  else
    tests_failed=$((tests_failed + 1))
    echo "not ok $tests_run - [$backend] $d: exit $code, wanted one of $codes"
    printf '%s\n' "$err" | head -5 | sed 's/^/#   err: /'
  fi
}

# A printable label for a value in a test description.
label() {
  local LC_ALL=C.UTF-8
  if [ "${#1}" -gt 24 ]; then
    printf '<%s chars of %q>' "${#1}" "${1:0:1}"
  else
    printf '%q' "$1"
  fi
}

# The plain pass on PostgreSQL samples every 2nd value (VALIDATION_PG_SAMPLE,
# from tests/e2e/meson.build; for CI time): the checks are the program's own,
# the same whatever the database, and SQLite runs every grid whole. A
# VALIDATION_SAMPLE given (the sanitizer pass) wins.
if [ "$backend" = pg ] && [ -z "${VALIDATION_SAMPLE:-}" ] && [ -n "${VALIDATION_PG_SAMPLE:-}" ]; then
  VALIDATION_SAMPLE=$VALIDATION_PG_SAMPLE
fi

# VALIDATION_SAMPLE=N (the lighter run through a server, for CI time): of
# each grid of bad values, every Nth one and every one that is not ASCII
# (UTF-8 is what a transport may get wrong); one TAP skip says what is left out.
sample_grid() {
  local -n grid=$1
  local kept=() i v LC_ALL=C
  [ -n "${VALIDATION_SAMPLE:-}" ] || return 0
  for i in "${!grid[@]}"; do
    v=${grid[$i]}
    if (( i % VALIDATION_SAMPLE == 0 )) || [[ $v == *[$'\x80'-$'\xff']* ]]; then kept+=("$v"); fi
  done
  tests_run=$((tests_run + 1))
  echo "ok $tests_run - [$backend] $(( ${#grid[@]} - ${#kept[@]} )) of the ${#grid[@]} values of $1 # SKIP VALIDATION_SAMPLE=$VALIDATION_SAMPLE: a lighter run for CI time (the whole grid runs on sqlite in make test)"
  grid=("${kept[@]}")
}

rep() { local s="" i; for ((i = 0; i < $2; i++)); do s+=$1; done; printf '%s' "$s"; }

# JSON field of the object in $out ("null" for null).
jget() {
  $py -c '
import json, sys
v = json.loads(sys.stdin.read())[sys.argv[1]]
print("null" if v is None else v)' "$1" <<<"$out"
}
# Length in characters of a JSON text field of $out.
jlen() { $py -c 'import json,sys; print(len(json.loads(sys.stdin.read())[sys.argv[1]]))' "$1" <<<"$out"; }


a100=$(rep a 100); a101=$(rep a 101); a200=$(rep b 200); a201=$(rep b 201)
e100=$(rep é 100); e101=$(rep é 101); e200=$(rep é 200); e201=$(rep é 201)
esc=$'\e[31mRed'
badutf=$'\xff\xfe'
sqltext="'; DROP TABLE clients; --"

# Values no name, company or location may take (max+1 added per field).
bad_texts=("" "   " "$esc" "$badutf" $'two\nlines' $'tab\tinside' $'c1\xc2\x9bcsi' $'over\xc0\xaflong')
sample_grid bad_texts

# Option lists of a valid command, with FIELD=VALUE overrides; FIELD=<none>
# drops the option. The result is in A. Each call gets fresh unique values.
n=0
build() {
  local -n base=$1 order=$2; shift 2
  local kv k
  for kv; do base[${kv%%=*}]=${kv#*=}; done
  for k in "${order[@]}"; do
    [ "${base[$k]}" = "<none>" ] || A+=("--$k" "${base[$k]}")
  done
}
client_order=(full-name email phone company)
mk_client() {
  n=$((n + 1))
  declare -A f=([full-name]="Val Client $n" [email]="val$n@client.io"
                [phone]="+33 1 23 45 67 89" [company]="Val Co")
  A=(clients create); build f client_order "$@"
}
event_order=(contract name start end location attendees notes)
mk_event() {
  n=$((n + 1))
  declare -A f=([contract]=1 [name]="Val Event $n" [start]="2026-06-01 18:00"
                [end]="2026-06-01 20:00" [location]="Val Hall" [attendees]=10 [notes]="<none>")
  A=(events create); build f event_order "$@"
}
contract_order=(client total remaining)
mk_contract() {
  declare -A f=([client]=1 [total]=100.00 [remaining]="<none>")
  A=(contracts create); build f contract_order "$@"
}
user_order=(employee-id name email department)
mk_user() {
  n=$((n + 1))
  declare -A f=([employee-id]="VAL$n" [name]="Val User $n" [email]="user$n@epic.com"
                [department]=Support)
  A=(users create); build f user_order "$@"
  A+=(--password-stdin)
  stdin_text=${pw-goodpassword}$'\n'
}

# --- set-up ------------------------------------------------------------------
init_demo
as alice
# An unsigned contract of Bill's client (id 2), for the conflict tests.
accept "an unsigned contract for Kevin" contracts create --client 1 --total 500.00

# --- clients (as Bill, a Commercial) ------------------------------------------
as bill
for field in full-name company; do
  for v in "${bad_texts[@]}" "$a101" "$e101"; do
    mk_client "$field=$v"
    refuse 2 "clients create --$field $(label "$v")" "${A[@]}"
    refuse 2 "clients update 1 --$field $(label "$v")" clients update 1 "--$field" "$v"
  done
done
bad_emails=("" "   " bob bob@ @x.io bob@x "a b@x.io" "bob@@x.io" "bob@x..io" ".bob@x.io"
            "bob@-x.io" "$esc@x.io" "$badutf@x.io" $'bob\n@x.io'
            "bob@$(rep a 40).$(rep b 40).$(rep c 12).io")
sample_grid bad_emails
for v in "${bad_emails[@]}"; do
  mk_client "email=$v"
  refuse 2 "clients create --email $(label "$v")" "${A[@]}"
  refuse 2 "clients update 1 --email $(label "$v")" clients update 1 --email "$v"
done
bad_phones=("" "   " 12345 "123456789012345678901" "12345abc" "+33 1 23 45 67 8x" "33+123456"
            "------" "(.) (.)" "$esc" "$badutf" "+33 1 2345 6789 0123 4567")
sample_grid bad_phones
for v in "${bad_phones[@]}"; do
  mk_client "phone=$v"
  refuse 2 "clients create --phone $(label "$v")" "${A[@]}"
  refuse 2 "clients update 1 --phone $(label "$v")" clients update 1 --phone "$v"
done

# Duplicates: emails are unique among clients, after normalisation.
mk_client email=kevin@startup.io
refuse 6 "clients create with Kevin's email" "${A[@]}"
mk_client "email=  KEVIN@Startup.IO "
refuse 6 "clients create with Kevin's email in capitals and spaces" "${A[@]}"

# Missing and unknown options (standard input is not a terminal).
refuse 2 "clients create without --email" clients create --full-name "No Mail" --phone 123456 --company X
refuse 2 "clients create without --company" clients create --full-name "No Co" --email noco@x.io --phone 123456
refuse 2 "clients create with no options" clients create
mk_client; refuse 2 "clients create with an unknown option" "${A[@]}" --colour red
mk_client; refuse 2 "clients create with an option missing its value" "${A[@]}" --phone
refuse 2 "clients update with an unknown option" clients update 1 --fullname X
refuse 2 "clients update without an id" clients update --full-name X
refuse 2 "clients show without an id" clients show
refuse 2 "clients show with two ids" clients show 1 2
refuse 2 "clients list with an extra argument" clients list extra
refuse 2 "clients list --search without a value" clients list --search
refuse 2 "clients list with an unknown option" clients list --bogus

# Boundary values that must pass.
mk_client "full-name=$a100" "company=$e100" "phone=123456"
accept "clients create: 100-char name, 100 × é company, 6-char phone" --json "${A[@]}"
cid=$(jget id)
check "100 × é is stored as 100 characters" is "$(jlen company_name)" 100
check "100-char name stored whole" is "$(jlen full_name)" 100
mk_client "full-name=$e100" "phone=12345678901234567890"
accept "clients create: 100 × é name, 20-char phone" --json "${A[@]}"
check "20-char phone stored" is "$(jget phone)" 12345678901234567890
mk_client "full-name=  Padded Name  " "email=  Bob@Example.COM " "company=$sqltext" "phone= +33 (0)1.23-45 "
accept "clients create with padded values, a capitalised email and SQL text" --json "${A[@]}"
sql_cid=$(jget id)
check "names are trimmed" is "$(jget full_name)" "Padded Name"
check "phones are trimmed" is "$(jget phone)" "+33 (0)1.23-45"
check "email is stored trimmed and lowercased" \
  is "$(db_query "SELECT email FROM clients WHERE id = $sql_cid")" bob@example.com
check "SQL text is stored literally as the company name" \
  is "$(db_query "SELECT company_name FROM clients WHERE id = $sql_cid")" "$sqltext"
check "the clients table still exists" [ "$(db_query 'SELECT count(*) FROM clients')" -ge 4 ]
mk_client "full-name=Robert'); DROP TABLE users;--" "email=o'brien@example.com"
accept "clients create with SQL in the name and an apostrophe in the email" --json "${A[@]}"
check "SQL name stored literally" is "$(jget full_name)" "Robert'); DROP TABLE users;--"
check "the users table still exists" is "$(db_query 'SELECT count(*) FROM users')" 3
mk_client "full-name=山田太郎" "email=bill.boquet@epic.com"
accept "a client may share a user's email (unique among clients only)" "${A[@]}"
desc="search with SQL text" run 0 ee --json clients list --search "DROP TABLE"
check "search with SQL text finds the two rows holding it" \
  is "$($py -c 'import json,sys; print(len(json.loads(sys.stdin.read())))' <<<"$out")" 2
desc="search for a quote" run 0 ee --json clients list --search "'"
check "search for a quote finds the rows with one" \
  is "$($py -c 'import json,sys; print(len(json.loads(sys.stdin.read())))' <<<"$out")" 2
for v in "$badutf" "$esc" $'\xc0\xaf' "$(rep x 5000)"; do
  run_in "0 2" "search for $(label "$v"): no rows or a usage error, never an internal error" \
    --json clients list --search "$v"
  [ "$code" = 0 ] && check "search for $(label "$v") finds nothing" is "$out" "[]"
  [ "$code" = 0 ] || check "search for $(label "$v"): one clean 'epicevents:' line" clean_error
done
desc="search for %" run 0 ee --json clients list --search "%"
check "'%' in a search is literal, not a wildcard" is "$out" "[]"
desc="search for _" run 0 ee --json clients list --search "_"
check "'_' in a search is literal, not a wildcard" is "$out" "[]"
# Updates with the same rules: duplicates, normalisation.
refuse 6 "clients update to Kevin's email" clients update "$cid" --email kevin@startup.io
refuse 6 "clients update to Kevin's email, capitalised" clients update "$cid" --email " Kevin@STARTUP.io"
accept "clients update with a 100 × é name" --json clients update "$cid" --full-name "$e100" --email "  New.Mail@Example.ORG"
check "updated name is 100 characters" is "$(jlen full_name)" 100
check "updated email is normalised" is "$(jget email)" new.mail@example.org
refuse 2 "clients update 101 × é name" clients update "$cid" --full-name "$e101"

# --- ids ---------------------------------------------------------------------
bad_ids=(abc -1 0 1.5 99999999999999999999 "")
sample_grid bad_ids
as alice
for v in "${bad_ids[@]}"; do
  l=$(label "$v")
  refuse 2 "clients show $l" clients show "$v"
  refuse 2 "contracts show $l" contracts show "$v"
  refuse 2 "contracts update $l" contracts update "$v" --total 1.00
  refuse 2 "contracts sign $l" contracts sign "$v"
  refuse 2 "events show $l" events show "$v"
  refuse 2 "events update $l" events update "$v" --name X
  refuse 2 "events assign $l" events assign "$v" --support 2
  refuse 2 "events assign 1 --support $l" events assign 1 --support "$v"
  refuse 2 "users show $l" users show "$v"
  refuse 2 "users update $l" users update "$v" --name X
  refuse 2 "users delete $l" users delete "$v"
  refuse 2 "users delete 2 --reassign-to $l" users delete 2 --reassign-to "$v"
  refuse 2 "contracts create --client $l" contracts create --client "$v" --total 1.00
  refuse 2 "contracts list --client $l" contracts list --client "$v"
  refuse 2 "events list --contract $l" events list --contract "$v"
done
refuse 5 "clients show 999" clients show 999
refuse 5 "contracts show 999" contracts show 999
refuse 5 "contracts update 999" contracts update 999 --total 1.00
refuse 5 "contracts sign 999" contracts sign 999
refuse 5 "events show 999" events show 999
refuse 5 "events update 999" events update 999 --name X
refuse 5 "events assign 999" events assign 999 --support 2
refuse 5 "events assign 1 --support 999" events assign 1 --support 999
refuse 5 "users show 999" users show 999
refuse 5 "users update 999" users update 999 --name X
refuse 5 "users delete 999" users delete 999
refuse 5 "contracts create --client 999" contracts create --client 999 --total 1.00
refuse 6 "contracts sign 1 (already signed)" contracts sign 1
as bill
for v in "${bad_ids[@]}"; do
  l=$(label "$v")
  refuse 2 "clients update $l (as Bill)" clients update "$v" --full-name X
  mk_event "contract=$v"
  refuse 2 "events create --contract $l" "${A[@]}"
done
refuse 5 "clients update 999 (as Bill)" clients update 999 --full-name X
mk_event contract=999
refuse 5 "events create --contract 999" "${A[@]}"
mk_event contract=2
refuse 6 "events create on an unsigned contract" "${A[@]}"

# --- contracts (as Alice, Management) -----------------------------------------
as alice
bad_amounts=("" "   " -1 -0.01 NaN nan inf 1e3 10.123 0.001 100000000.00 100000000 99999999.991
             999999999999999999999999 abc 0x10 "1,000.00" "10 000" "12.3.4" "$esc" "$badutf")
sample_grid bad_amounts
for v in "${bad_amounts[@]}"; do
  l=$(label "$v")
  mk_contract "total=$v"
  refuse 2 "contracts create --total $l" "${A[@]}"
  mk_contract "remaining=$v"
  refuse 2 "contracts create --remaining $l" "${A[@]}"
  refuse 2 "contracts update 1 --total $l" contracts update 1 --total "$v"
  refuse 2 "contracts update 1 --remaining $l" contracts update 1 --remaining "$v"
done
mk_contract total=100.00 remaining=100.01
refuse 2 "contracts create: remaining > total" "${A[@]}"
refuse 2 "contracts update: remaining above the stored total" contracts update 1 --remaining 10000.01
refuse 2 "contracts update: total below the stored remaining" contracts update 1 --total 4999.99
refuse 2 "contracts update: both, remaining > total" contracts update 1 --total 10 --remaining 11
refuse 2 "contracts create without --total" contracts create --client 1
refuse 2 "contracts create without --client" contracts create --total 10
refuse 2 "contracts create with an unknown option" contracts create --client 1 --total 10 --signed
refuse 2 "contracts update with an unknown option" contracts update 1 --amount 10
refuse 2 "contracts sign with an unknown option" contracts sign 2 --force
refuse 2 "contracts list: --signed and --unsigned" contracts list --signed --unsigned
mk_contract total=99999999.99 remaining=0
accept "contracts create with the largest total and nothing remaining" --json "${A[@]}"
check "total 99999999.99 kept exactly" is "$(jget total_amount)" 99999999.99
check "remaining 0 shown as 0.00" is "$(jget remaining_amount)" 0.00
check "99999999.99 stored exactly" \
  is "$(db_query "SELECT count(*) FROM contracts WHERE total_amount = $( [ "$db_kind" = pg ] && echo 99999999.99 || echo 9999999999 )")" 1
big=$(jget id)
mk_contract total=10.5
accept "contracts create: remaining defaults to the total" --json "${A[@]}"
check "10.5 is 10.50" is "$(jget total_amount)" 10.50
check "remaining defaults to the total" is "$(jget remaining_amount)" 10.50
mk_contract total=0
accept "contracts create with total 0" --json "${A[@]}"
check "total 0 is 0.00" is "$(jget total_amount)" 0.00
accept "contracts update: remaining equal to the total" --json contracts update "$big" --remaining 99999999.99
check "remaining 99999999.99 kept exactly" is "$(jget remaining_amount)" 99999999.99
refuse 2 "contracts update: total above the maximum" contracts update "$big" --total 100000000.00

# --- events: create (as Bill, on his client's signed contract 1) --------------
as bill
for field in name location; do
  for v in "${bad_texts[@]}" "$a201" "$e201"; do
    mk_event "$field=$v"
    refuse 2 "events create --$field $(label "$v")" "${A[@]}"
  done
done
bad_dates=("" "   " 2023-02-30 2023-02-29 2023-13-01 2023-00-10 2023-04-31 "2023-05-05 25:00"
           "2023-05-05 12:60" "2023-05-05 12:00:61" yesterday now "05/05/2023" "2023-5-5"
           "2023-05-05T15:00:00+25:00" "2023-05-05 15:00 nonsense" "$esc" "$badutf")
sample_grid bad_dates
for field in start end; do
  for v in "${bad_dates[@]}"; do
    if [ "$field" = start ]; then mk_event "start=$v" "end=2030-01-01 00:00"
    else mk_event "start=2020-01-01 00:00" "end=$v"; fi
    refuse 2 "events create --$field $(label "$v")" "${A[@]}"
  done
done
mk_event "start=2026-06-01 18:00" "end=2026-06-01 17:59"
refuse 2 "events create: end before start" "${A[@]}"
mk_event "start=2026-06-01T18:00:00+02:00" "end=2026-06-01T15:59:00Z"
refuse 2 "events create: end before start across offsets" "${A[@]}"
bad_attendees=("" "   " -1 1000001 12abc NaN 1e3 1.5 abc 0x10 99999999999999999999 "$esc")
sample_grid bad_attendees
for v in "${bad_attendees[@]}"; do
  mk_event "attendees=$v"
  refuse 2 "events create --attendees $(label "$v")" "${A[@]}"
done
for v in "$esc" "$badutf" $'bell\a' $'c1\xc2\x9b'; do
  mk_event "notes=$v"
  refuse 2 "events create --notes $(label "$v") (control or invalid UTF-8)" "${A[@]}"
done
mk_event "attendees=<none>"
refuse 2 "events create without --attendees" "${A[@]}"
mk_event "start=<none>"
refuse 2 "events create without --start" "${A[@]}"
mk_event
refuse 2 "events create with an unknown option" "${A[@]}" --support 2

# Boundary values and time zones.
mk_event "name=$e200" "location=$a200" attendees=1000000 "start=2026-06-01T18:00:00+02:00" \
  "end=2026-06-01T20:30:00+02:00" $'notes=line1\nline2\ttab'
accept "events create: 200 × é name, 200-char location, 1000000 attendees, RFC 3339" --json "${A[@]}"
eid=$(jget id)
check "200 × é name stored as 200 characters" is "$(jlen name)" 200
check "200-char location stored" is "$(jlen location)" 200
check "1000000 attendees" is "$(jget attendees_count)" 1000000
check "RFC 3339 +02:00 stored as UTC" is "$(jget start_date)" 2026-06-01T16:00:00Z
check "RFC 3339 end stored as UTC" is "$(jget end_date)" 2026-06-01T18:30:00Z
check "notes keep newline and tab" is "$(jget notes)" $'line1\nline2\ttab'
check "a new event has no support" is "$(jget support_contact_id)" null
mk_event "start=2026-06-01 18:00" "end=2026-06-01 18:00" attendees=0
desc="events create, local time in Europe/Paris" run 0 env TZ=Europe/Paris "$bin" --json "${A[@]}"
resnap
check "local 18:00 in Paris (summer) is 16:00Z" is "$(jget start_date)" 2026-06-01T16:00:00Z
check "an event may end when it starts" is "$(jget end_date)" 2026-06-01T16:00:00Z
check "0 attendees" is "$(jget attendees_count)" 0
mk_event "start=2026-01-15 18:00" "end=2026-01-15 19:00"
desc="events create, winter local time in Europe/Paris" run 0 env TZ=Europe/Paris "$bin" --json "${A[@]}"
resnap
check "local 18:00 in Paris (winter) is 17:00Z" is "$(jget start_date)" 2026-01-15T17:00:00Z
mk_event start=2024-02-29 end=2024-03-01 "name=$sqltext"
accept "events create with a leap day, date-only values and SQL text" --json "${A[@]}"
check "date-only start is midnight" is "$(jget start_date)" 2024-02-29T00:00:00Z
check "SQL text stored literally as an event name" is "$(jget name)" "$sqltext"
check "the events table still exists" [ "$(db_query 'SELECT count(*) FROM events')" -ge 4 ]

# --- events: update (as Kate, on her event 1) ---------------------------------
as kate
for field in name location; do
  for v in "${bad_texts[@]}" "$a201" "$e201"; do
    refuse 2 "events update 1 --$field $(label "$v")" events update 1 "--$field" "$v"
  done
done
for field in start end; do
  for v in "${bad_dates[@]}"; do
    refuse 2 "events update 1 --$field $(label "$v")" events update 1 "--$field" "$v"
  done
done
for v in "${bad_attendees[@]}"; do
  refuse 2 "events update 1 --attendees $(label "$v")" events update 1 --attendees "$v"
done
for v in "$esc" "$badutf" $'bell\a'; do
  refuse 2 "events update 1 --notes $(label "$v")" events update 1 --notes "$v"
done
# Event 1 is 2023-05-05 15:00 to 17:00 UTC.
refuse 2 "events update: end before the stored start" events update 1 --end "2023-05-05 14:59"
refuse 2 "events update: start after the stored end" events update 1 --start "2023-05-05T19:30:00+02:00"
refuse 2 "events update: both, end before start" events update 1 --start "2023-06-01" --end "2023-05-31"
refuse 2 "events update with an unknown option" events update 1 --support 2
refuse 2 "events update without an id" events update --name X
accept "events update: 200-char name, 1000000 attendees" --json events update 1 --name "$a200" --attendees 1000000
check "updated name is 200 characters" is "$(jlen name)" 200
# Times without an offset are read in the event's zone (not TZ's).
desc="events update, local time in Europe/Paris" run 0 env TZ=America/New_York "$bin" --json events update 1 --timezone Europe/Paris --end "2023-05-05 19:30"
resnap
check "local 19:30 in Paris is 17:30Z" is "$(jget end_date)" 2023-05-05T17:30:00Z
desc="events update: back to UTC, instants kept" run 0 "$bin" --json events update 1 --timezone UTC
resnap
check "a zone change keeps the instant" is "$(jget end_date)" 2023-05-05T17:30:00Z

# --- events: assign, lists ------------------------------------------------------
as alice
refuse 2 "events assign without --support" events assign "$eid"

# --- users (as Alice, Management) ----------------------------------------------
for v in "${bad_texts[@]}" "$a101" "$e101"; do
  mk_user "name=$v"
  refuse 2 "users create --name $(label "$v")" "${A[@]}"
  refuse 2 "users update 2 --name $(label "$v")" users update 2 --name "$v"
done
for v in "${bad_emails[@]}"; do
  mk_user "email=$v"
  refuse 2 "users create --email $(label "$v")" "${A[@]}"
  refuse 2 "users update 2 --email $(label "$v")" users update 2 --email "$v"
done
for v in "" "   " "$(rep X 21)" "$esc" "$badutf" $'AB\nCD'; do
  mk_user "employee-id=$v"
  refuse 2 "users create --employee-id $(label "$v")" "${A[@]}"
  refuse 2 "users update 2 --employee-id $(label "$v")" users update 2 --employee-id "$v"
done
for v in sales "" "   " commerce "Support staff" "$esc"; do
  mk_user "department=$v"
  refuse 2 "users create --department $(label "$v")" "${A[@]}"
  refuse 2 "users update 2 --department $(label "$v")" users update 2 --department "$v"
  refuse 2 "users list --department $(label "$v")" users list --department "$v"
done
for p in short 1234567 éééé "" "       "; do
  pw=$p mk_user
  refuse 2 "users create with password $(label "$p")" "${A[@]}"
  stdin_text=$p$'\n'
  refuse 2 "users update 2 with password $(label "$p")" users update 2 --password-stdin
done
refuse 2 "users update --password-stdin with nothing on stdin" users update 2 --password-stdin
mk_user employee-id=COM001
refuse 6 "users create with an existing employee id" "${A[@]}"
mk_user email=bill.boquet@epic.com
refuse 6 "users create with an existing email" "${A[@]}"
mk_user "email=  BILL.Boquet@Epic.COM "
refuse 6 "users create with an existing email, capitalised and padded" "${A[@]}"
refuse 6 "users update to an existing employee id" users update 2 --employee-id COM001
refuse 6 "users update to an existing email" users update 2 --email " Bill.Boquet@epic.com"
mk_user "department=<none>"
refuse 2 "users create without --department" "${A[@]}"
mk_user
refuse 2 "users create with an unknown option" "${A[@]}" --role admin
refuse 2 "users create without --password-stdin off a terminal" \
  users create --employee-id NOPW1 --name "No Pw" --email nopw@epic.com --department Support
refuse 2 "users delete with an unknown option" users delete 2 --force
refuse 2 "users delete without an id" users delete
# Boundary values. Each new user then logs in and acts, which journals their
# name and email: the longest valid name and email must fit there too.
email100="bob@$(rep a 40).$(rep b 40).$(rep c 11).io"
pw=éééééééé mk_user "name=$e100" "employee-id=$(rep Z 20)" "email=e100@epic.com" department=SUPPORT
accept "users create: 100 × é name, 20-char employee id, SUPPORT, 8 × é password" --json "${A[@]}"
check "100 × é user name" is "$(jlen name)" 100
check "department in capitals is recognised" is "$(jget department)" Support
stdin_text=$'éééééééé\n'
desc="a user with a 100 × é name logs in with an 8 × é password" run 0 ee login --email e100@epic.com --password-stdin
desc="whoami for the 100 × é user" run 0 ee --json whoami
check "whoami shows the whole 100 × é name" is "$(jlen name)" 100
check "the login is journalled under the whole name" \
  is "$(db_query "SELECT actor_label FROM audit_log WHERE action = 'login' AND actor_label LIKE '%e100@epic.com%'")" "$e100 <e100@epic.com>"
as alice
pw=password99 mk_user "name=$a100" "email=$email100" department=Management
accept "users create: 100-char name, 100-char email" --json "${A[@]}"
check "100-char email kept" is "$(jget email)" "$email100"
stdin_text=$'password99\n'
desc="a user with a 100-char name and a 100-char email logs in" run 0 ee login --email "$email100" --password-stdin
desc="and, as Management, creates a contract (journalled under their name)" run 0 ee contracts create --client 1 --total 1.00
as alice
pw=Zq8-vL2m mk_user "email=  Carol@Epic.COM " department=management "employee-id=  CAR-01_x "
accept "users create: padded capitalised email, lower-case department, 8-char password" --json "${A[@]}"
uid=$(jget id)
check "user email normalised" is "$(db_query "SELECT email FROM users WHERE id = $uid")" carol@epic.com
check "employee id trimmed" is "$(jget employee_id)" CAR-01_x
check "department in lower case is recognised" is "$(jget department)" Management
stdin_text=$'Yt4-mN7p\n'
accept "users update: an 8-character password" users update "$uid" --password-stdin
desc="users list --department SUPPORT" run 0 ee --json users list --department SUPPORT
check "users list --department is case-insensitive" contains "$out" '"SUP001"'

# --- login and db init ----------------------------------------------------------
# A failed login is journalled (SPEC), so only the four data tables must stay.
# A malformed email at login is a usage error (2) or a failed login (3),
# never an internal error; failed logins are journalled (SPEC), so only
# the data tables must stay as they were.
refuse_login() {
  local d=$1; shift
  local before; before=$(db_snapshot)
  stdin_text=$'password123\n'
  run_in "2 3" "$d" login --password-stdin "$@"
  check "$d: one clean 'epicevents:' line on stderr" clean_error
  check "$d: no data changed" [ "$(db_snapshot)" = "$before" ]
  check "$d: no database error leaks out" bash -c '! grep -qi "database\|sqlstate" <<<"$0"' "$err"
}
for v in "" "   " bob "bob@" "$esc@epic.com" "$badutf@epic.com" "$(rep x 150)@epic.com" \
         "bill.boquet@epic.com$(rep x 150)"; do
  refuse_login "login --email $(label "$v")" --email "$v"
done
resnap
stdin_text=$'password123\n'
refuse 2 "login with an unknown option" login --email bill.boquet@epic.com --pasword-stdin
# db init's first manager, on a database of its own: a refused init creates
# neither the manager nor the schema (a failed command changes nothing).
if [ "$db_kind" = pg ]; then
  fresh_db="${pg_db}_fresh"
  pg_admin -c "CREATE DATABASE $fresh_db" >/dev/null
  trap 'pg_admin -c "DROP DATABASE IF EXISTS $fresh_db WITH (FORCE)" >/dev/null 2>&1; cleanup' EXIT
  fresh="${EPICEVENTS_TEST_PG/dbname=postgres/dbname=$fresh_db}"
  fresh_query() { "$(psql_bin)" -X -q -A -t "$fresh" -c "$1" 2>/dev/null; }
  fresh_tables="SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
else
  fresh="sqlite:$work/fresh.db"
  fresh_query() { sqlite3 -batch "$work/fresh.db" "$1" 2>/dev/null; }
  fresh_tables="SELECT count(*) FROM sqlite_master WHERE type = 'table'"
fi
fresh_users() { fresh_query "SELECT count(*) FROM users" || echo 0; }
admin_order=(admin-email admin-name admin-employee-id)
mk_admin() {
  declare -A f=([admin-email]=boss@epic.com [admin-name]="The Boss" [admin-employee-id]=BOSS1)
  A=(--db "$fresh" db init --password-stdin); build f admin_order "$@"
}
refuse_init() {
  local d=$1; shift
  desc="$d" run 2 ee "$@"
  check "$d: one clean 'epicevents:' line on stderr" clean_error
  check "$d: no user created" is "$(fresh_users)" 0
}
mk_admin admin-email=bob
stdin_text=$'password123\n'
refuse_init "db init --admin-email bob" "${A[@]}"
check "a refused db init creates no schema either" is "$(fresh_query "$fresh_tables")" 0
for v in "" "   " "$esc@x.io" "$badutf@x.io"; do
  mk_admin "admin-email=$v"; stdin_text=$'password123\n'
  refuse_init "db init --admin-email $(label "$v")" "${A[@]}"
done
for v in "" "   " "$a101" "$e101" "$esc"; do
  mk_admin "admin-name=$v"; stdin_text=$'password123\n'
  refuse_init "db init --admin-name $(label "$v")" "${A[@]}"
done
for v in "" "$(rep X 21)" "$esc"; do
  mk_admin "admin-employee-id=$v"; stdin_text=$'password123\n'
  refuse_init "db init --admin-employee-id $(label "$v")" "${A[@]}"
done
for p in short 1234567 éééé ""; do
  mk_admin; stdin_text=$p$'\n'
  refuse_init "db init with admin password $(label "$p")" "${A[@]}"
done
mk_admin "admin-employee-id=<none>"; stdin_text=$'password123\n'
refuse_init "db init without --admin-employee-id" "${A[@]}"
mk_admin "admin-name=$e100" "admin-email=  The.Boss@Epic.COM "
stdin_text=$'Zq8-vL2m\n'
desc="db init with a 100 × é admin name and an 8-char password" run 0 ee "${A[@]}"
stdin_text=$'Zq8-vL2m\n'
desc="the first manager logs in" run 0 ee --db "$fresh" --json login --email the.boss@epic.com --password-stdin
check "the first manager's name is whole" is "$(jlen name)" 100
as alice
refuse 2 "db init with an unknown option" db init --demo --force
refuse 2 "db migrate with an argument" db migrate now

# --- lists: --limit and --offset ------------------------------------------------
list_cmds=("clients list" "contracts list" "contracts unsigned" "contracts unpaid" "events list"
           "events no-support" "users list" "audit list")
for c in "${list_cmds[@]}"; do
  # shellcheck disable=SC2086
  set -- $c
  for opt in "--limit 0" "--limit -1" "--limit abc" "--limit 1.5" "--limit 99999999999999999999" \
             "--offset x" "--offset -1" "--limit" "--bogus"; do
    # shellcheck disable=SC2086
    refuse 2 "$c $opt" "$@" $opt
  done
done
as kate
for opt in "--limit 0" "--offset x" "--bogus"; do
  # shellcheck disable=SC2086
  refuse 2 "events my-events $opt" events my-events $opt
done
for v in "${bad_dates[@]}"; do
  refuse 2 "events list --from $(label "$v")" events list --from "$v"
  refuse 2 "events list --to $(label "$v")" events list --to "$v"
done
refuse 2 "unknown global option" --frobnicate clients list

finish
