#!/usr/bin/env bash
# SPEC.md's permission table, line by line: every action x department x
# own/other record, with the exit code; refusals change nothing.
. "$(dirname "$0")/lib.sh" "$1"

init_demo
password_of[carl]=carlpass1; email_of[carl]=carl@epic.com
password_of[sam]=sampass12; email_of[sam]=sam@epic.com

# A second commercial (Carl) with his own client, contract and event, and a
# second support (Sam).
login_as alice
stdin_text=$'carlpass1\n'
run 0 ee users create --employee-id COM002 --name "Carl Seller" --email carl@epic.com --department Commercial --password-stdin
stdin_text=$'sampass12\n'
run 0 ee users create --employee-id SUP002 --name "Sam Support" --email sam@epic.com --department support --password-stdin
carl=$(db_query "SELECT id FROM users WHERE email = 'carl@epic.com'")
sam=$(db_query "SELECT id FROM users WHERE email = 'sam@epic.com'")
login_as carl
run 0 ee clients create --full-name "Carla Client" --email carla@client.io --phone "0601020304" --company "Carla SA"
carla=$(db_query "SELECT id FROM clients WHERE email = 'carla@client.io'")
login_as alice
run 0 ee contracts create --client "$carla" --total 2000 --remaining 2000
carl_contract=$(db_query "SELECT max(id) FROM contracts")
run 0 ee contracts sign "$carl_contract"
run 0 ee contracts create --client 1 --total 300.50
bill_unsigned=$(db_query "SELECT max(id) FROM contracts")
login_as carl
run 0 ee events create --contract "$carl_contract" --name "Carla Party" --start "2026-06-01 18:00" --end "2026-06-01 23:00" --location "Lyon" --attendees 50
carl_event=$(db_query "SELECT max(id) FROM events")

# expect WHO CODE COMMAND...: logs in as WHO and runs COMMAND; a refused
# command must leave every table as it was.
expect() {
  local who=$1 want=$2; shift 2
  use_as "$who"
  local before
  before=$(db_snapshot)
  desc="$who: $*" run "$want" ee "$@"
  if [ "$want" -ne 0 ]; then
    check "$who: $* changed nothing" [ "$(db_snapshot)" = "$before" ]
    check "$who: $* said why in one line" one_error_line
  fi
}

ev="--start 2026-07-01T10:00:00Z --end 2026-07-01T12:00:00Z --location Paris --attendees 10"

# --- reads: everyone ---------------------------------------------------------
for who in bill kate alice carl sam; do
  expect "$who" 0 clients list
  expect "$who" 0 clients show 1
  expect "$who" 0 contracts list
  expect "$who" 0 contracts show 1
  expect "$who" 0 contracts unsigned
  expect "$who" 0 contracts unpaid
  expect "$who" 0 events list
  expect "$who" 0 events show 1
  expect "$who" 0 events no-support
done

# --- clients ----------------------------------------------------------------
expect bill 0 clients create --full-name "New Client" --email new@client.io --phone "0102030405" --company "New Co"
check "the creating commercial becomes the contact" \
  [ "$(db_query "SELECT commercial_contact_id FROM clients WHERE email = 'new@client.io'")" = 1 ]
expect kate 4 clients create --full-name "K Client" --email k@client.io --phone "0102030405" --company "K"
expect alice 4 clients create --full-name "A Client" --email a@client.io --phone "0102030405" --company "A"
expect bill 0 clients update 1 --phone "+678 000 000 00"
expect bill 4 clients update "$carla" --phone "0000000000"
expect carl 0 clients update "$carla" --company "Carla SARL"
expect kate 4 clients update 1 --phone "0000000000"
expect alice 4 clients update 1 --phone "0000000000"
expect bill 5 clients update 999 --phone "0000000000"

# --- contracts ----------------------------------------------------------------
expect bill 4 contracts create --client 1 --total 100
expect kate 4 contracts create --client 1 --total 100
expect alice 0 contracts create --client 1 --total 100
check "a contract's commercial is its client's" \
  [ "$(db_query "SELECT commercial_contact_id FROM contracts WHERE id = (SELECT max(id) FROM contracts)")" = 1 ]
expect alice 5 contracts create --client 999 --total 100
expect bill 0 contracts update 1 --remaining 4000
expect bill 4 contracts update "$carl_contract" --remaining 1000
expect kate 4 contracts update 1 --remaining 3000
expect alice 0 contracts update "$carl_contract" --remaining 1500
expect alice 5 contracts update 999 --remaining 1
expect kate 4 contracts sign "$bill_unsigned"
expect carl 4 contracts sign "$bill_unsigned"
expect bill 0 contracts sign "$bill_unsigned"
expect bill 6 contracts sign "$bill_unsigned"
check "signing twice says it is signed" contains "$err" "already signed"
login_as alice
run 0 ee contracts create --client "$carla" --total 10
carl_unsigned=$(db_query "SELECT max(id) FROM contracts")
expect alice 0 contracts sign "$carl_unsigned"
expect alice 5 contracts sign 999

# --- events -----------------------------------------------------------------
login_as alice
run 0 ee contracts create --client 1 --total 50
bill_unsigned2=$(db_query "SELECT max(id) FROM contracts")
# shellcheck disable=SC2086
expect bill 0 events create --contract 1 --name "Bill Event" $ev
bill_event=$(db_query "SELECT max(id) FROM events")
# shellcheck disable=SC2086
expect bill 6 events create --contract "$bill_unsigned2" --name "Too Early" $ev
check "an event needs a signed contract" contains "$err" "not signed"
# shellcheck disable=SC2086
expect bill 4 events create --contract "$carl_contract" --name "Not Mine" $ev
# shellcheck disable=SC2086
expect kate 4 events create --contract 1 --name "K Event" $ev
# shellcheck disable=SC2086
expect alice 4 events create --contract 1 --name "A Event" $ev
# shellcheck disable=SC2086
expect bill 5 events create --contract 999 --name "Nowhere" $ev

expect bill 4 events update 1 --attendees 210
expect kate 0 events update 1 --attendees 220
expect kate 4 events update "$carl_event" --attendees 1
expect sam 4 events update 1 --attendees 1
expect alice 0 events update "$carl_event" --notes "checked by management"
expect alice 5 events update 999 --attendees 1

expect bill 4 events assign "$bill_event" --support "$sam"
expect kate 4 events assign "$bill_event" --support "$sam"
expect alice 0 events assign "$bill_event" --support "$sam"
expect sam 0 events update "$bill_event" --location "Marseille"
expect alice 6 events assign "$bill_event" --support 1
check "only Support staff can be assigned" contains "$err" "Support"
expect alice 5 events assign "$bill_event" --support 999
expect alice 5 events assign 999 --support "$sam"

expect bill 4 events my-events
expect alice 4 events my-events
expect kate 0 events my-events
check "kate's events are hers" [ "$(ee --json events my-events | grep -c '"id"')" = 1 ]
expect sam 0 events my-events
check "my-events lists only the assigned events" contains "$out" "Bill Event"

# --- users and the journal ---------------------------------------------------------
for who in bill kate; do
  expect "$who" 4 users list
  expect "$who" 4 users show 1
  expect "$who" 4 users create --employee-id X1 --name X --email x@epic.com --department support
  expect "$who" 4 users update 1 --name "Hacked"
  expect "$who" 4 users delete "$sam"
  expect "$who" 4 audit list
done
expect alice 0 users list
expect alice 0 users list --department support
check "users list --department filters" bash -c '! grep -q "Carl Seller" <<<"$0"' "$out"
expect alice 0 users show "$carl"
expect alice 5 users show 999
expect alice 0 audit list
check "the journal shows the signature" contains "$out" "sign"

# Deletion rules.
expect alice 6 users delete 3
check "nobody deletes themselves" contains "$err" "own account"
expect alice 6 users update 3 --department support
check "the last manager stays a manager" contains "$err" "last active Management"
expect alice 6 users delete "$carl"
check "a user with records needs --reassign-to" contains "$err" "--reassign-to"
expect alice 6 users delete "$carl" --reassign-to "$sam"
check "clients and contracts go to a Commercial user only" contains "$err" "not Commercial"
expect alice 5 users delete "$carl" --reassign-to 999
expect alice 0 users delete "$carl" --reassign-to 1
check "carl's client went to bill" \
  [ "$(db_query "SELECT commercial_contact_id FROM clients WHERE id = $carla")" = 1 ]
check "carl's contracts went to bill" \
  [ "$(db_query "SELECT count(*) FROM contracts WHERE commercial_contact_id = $carl")" = 0 ]
check "carl is gone" [ "$(db_query "SELECT count(*) FROM users WHERE id = $carl")" = 0 ]
expect alice 5 users delete "$carl"
expect alice 0 users delete "$sam" --reassign-to 2
check "sam's event went to kate" \
  [ "$(db_query "SELECT support_contact_id FROM events WHERE id = $bill_event")" = 2 ]
check "every change is journalled" \
  [ "$(db_query "SELECT count(*) FROM audit_log WHERE action IN ('create','update','delete','sign','assign')")" -ge 20 ]
check "no password in the journal" \
  [ "$(db_query "SELECT count(*) FROM audit_log WHERE details LIKE '%pass%' AND details NOT LIKE '%\"password\":\"changed\"%'")" = 0 ]

finish
