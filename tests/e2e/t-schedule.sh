#!/usr/bin/env bash
# Support scheduling and time zones (SPEC.md, "Beyond the original"): a
# Support user cannot hold two overlapping events unless --allow-overlap;
# events list --support/--from/--to; events have an IANA zone their times
# are typed and shown in. Every refusal changes nothing.
. "$(dirname "$0")/lib.sh" "$1"

not_contains() { [[ "$1" != *"$2"* ]]; }
# The events as the program lists them, to prove a refusal changed nothing.
events_json() { ee --json events list --limit all; }
json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)[\"$1\"])"; }
ids_of() { python3 -c 'import json,sys; print(" ".join(str(e["id"]) for e in json.load(sys.stdin)))'; }

init_demo
kate=$(db_query "SELECT id FROM users WHERE email = 'kate.hastroff@epic.com'")

# A second Support user, for --support ID and the journal.
use_as alice
stdin_text=$'password789\n'
run 0 ee users create --employee-id SUP002 --name "Sam Support" --email sam.support@epic.com \
  --department Support --password-stdin
sam=$(db_query "SELECT id FROM users WHERE email = 'sam.support@epic.com'")
password_of[sam]=password789
email_of[sam]=sam.support@epic.com

# Events of contract 1 (signed, Bill's client), in UTC unless said.
use_as bill
mk() { # NAME START END [more options]: the new event's id in $ev
  local name=$1 start=$2 end=$3; shift 3
  run 0 ee --json events create --contract 1 --name "$name" --start "$start" --end "$end" \
    --location "Hall" --attendees 10 "$@"
  ev=$(json_field id <<<"$out")
}
mk "Morning" "2026-06-01T09:00:00Z" "2026-06-01T12:00:00Z"; morning=$ev
mk "Lunch" "2026-06-01T11:00:00Z" "2026-06-01T13:00:00Z"; lunch=$ev
mk "Afternoon" "2026-06-01T12:00:00Z" "2026-06-01T15:00:00Z"; afternoon=$ev
mk "Night" "2026-06-01T22:00:00Z" "2026-06-02T03:00:00Z"; night=$ev
mk "Early" "2026-06-02T02:00:00Z" "2026-06-02T04:00:00Z"; early=$ev
mk "Dawn" "2026-06-02T03:00:00Z" "2026-06-02T05:00:00Z"; dawn=$ev
mk "Toast" "2026-06-01T10:30:00Z" "2026-06-01T10:30:00Z"; toast=$ev
mk "Bell" "2026-06-01T12:00:00Z" "2026-06-01T12:00:00Z"; bell=$ev
mk "Later" "2026-06-03T09:00:00Z" "2026-06-03T10:00:00Z"; later=$ev

# ---- assign: overlap refused, naming the other event and its times -------------
use_as alice
run 0 ee events assign "$morning" --support "$kate"
before=$(events_json)
run 6 ee events assign "$lunch" --support "$kate"
check "overlap refused: one line" one_error_line
check "it names the other event" contains "$err" "event $morning 'Morning'"
check "and its times" contains "$err" "from 2026-06-01 09:00 UTC to 2026-06-01 12:00 UTC"
check "and how to book anyway" contains "$err" "--allow-overlap"
check "nothing changed" is "$(events_json)" "$before"

# Adjacent (end == start) is no overlap.
run 0 ee events assign "$afternoon" --support "$kate"
check "adjacent events: both assigned" \
  is "$(db_query "SELECT count(*) FROM events WHERE support_contact_id = $kate AND id IN ($morning, $afternoon)")" 2

# Zero-length events: inside a span conflicts, at its end does not.
run 6 ee events assign "$toast" --support "$kate"
check "a zero-length event inside another's span conflicts" contains "$err" "event $morning"
# Bell at 12:00: Morning ends then (no overlap) but Afternoon starts then.
run 6 ee events assign "$bell" --support "$kate"
check "a zero-length event at another's start conflicts" contains "$err" "event $afternoon"
run 0 ee events assign "$bell" --support "$sam"
run 0 ee events assign "$toast" --support "$sam"
check "zero-length events at different times, same person: fine" \
  is "$(db_query "SELECT count(*) FROM events WHERE support_contact_id = $sam")" 2

# Crossing midnight: Night (22:00-03:00) against Early (02:00-04:00) and Dawn (03:00-05:00).
run 0 ee events assign "$night" --support "$kate"
run 6 ee events assign "$early" --support "$kate"
check "an event crossing midnight conflicts after midnight" contains "$err" "event $night 'Night'"
run 0 ee events assign "$dawn" --support "$kate"

# --allow-overlap passes, and the journal says so.
run 0 ee events assign "$lunch" --support "$kate" --allow-overlap
check "assigned with --allow-overlap" \
  is "$(db_query "SELECT support_contact_id FROM events WHERE id = $lunch")" "$kate"
details=$(db_query "SELECT details FROM audit_log WHERE action = 'assign' AND entity_id = $lunch ORDER BY id DESC LIMIT 1")
check "journalled as allowed" contains "$details" '"allow_overlap":true'
check "journal names the overlapped event" contains "$details" "\"overlaps_event_id\":$morning"

# ---- changing times of an assigned event -----------------------------------------
run 0 ee events update "$later" --start "2026-06-01T14:00:00Z" --end "2026-06-01T16:00:00Z"
check "an unassigned event's times change freely" contains "$out" "start_date: 2026-06-01 14:00 UTC"
run 0 ee events update "$later" --start "2026-06-03T09:00:00Z" --end "2026-06-03T10:00:00Z"
run 0 ee events assign "$later" --support "$kate"
before=$(events_json)
run 6 ee events update "$later" --start "2026-06-01T14:00:00Z" --end "2026-06-01T16:00:00Z"
check "moving onto another event of the same person: refused" contains "$err" "event $afternoon 'Afternoon'"
check "time change refused: one line" one_error_line
check "nothing changed" is "$(events_json)" "$before"
run 0 ee events update "$later" --start "2026-06-01T15:00:00Z" --end "2026-06-01T16:00:00Z"
check "moving next to it: fine" contains "$out" "start_date: 2026-06-01 15:00 UTC"
run 0 ee events update "$later" --start "2026-06-01T14:00:00Z" --allow-overlap
details=$(db_query "SELECT details FROM audit_log WHERE action = 'update' AND entity_id = $later ORDER BY id DESC LIMIT 1")
check "update journalled as allowed" contains "$details" '"allow_overlap":true'
run 0 ee events update "$later" --name "Later still"
check "other fields change without a time check" contains "$out" "name: Later still"

# ---- events list --support, --from/--to ------------------------------------------
run 0 ee --json events list --support "$sam"
check "--support ID" is "$(ids_of <<<"$out")" "$toast $bell"
run 0 ee --json events list --support none
check "--support none: no assigned event" not_contains "$out" "\"support_contact_id\": $kate"
check "--support none lists Early" contains " $(ids_of <<<"$out") " " $early "
use_as kate
run 0 ee --json events list --support me
check "--support me (Kate)" is "$(ids_of <<<"$out")" "1 $morning $lunch $afternoon $night $dawn $later"
use_as alice
run 0 ee --json events list --from "2026-06-02T00:00:00Z" --to "2026-06-02T03:00:00Z"
check "window: the night (crossing midnight) and Early, not Dawn (starts at its end)" \
  is "$(ids_of <<<"$out")" "$night $early"
run 0 ee --json events list --from "2026-06-01T12:00:00Z" --to "2026-06-01T12:00:01Z"
check "window at noon: Lunch, Afternoon and Bell (zero-length), not Morning (ends then)" \
  is "$(ids_of <<<"$out")" "$lunch $afternoon $bell"
run 2 ee events list --from "2026-06-02" --to "2026-06-01"
check "--to before --from: 2" one_error_line

# ---- time zones ------------------------------------------------------------------
use_as bill
mk "Gala" "2023-05-05 17:00" "2023-05-05 23:30" --timezone Europe/Paris; gala=$ev
check "local time read in the event's zone (JSON is UTC)" contains "$out" '"start_date": "2023-05-05T15:00:00Z"'
check "JSON carries timezone" contains "$out" '"timezone": "Europe/Paris"'
run 0 ee events show "$gala"
check "shown in its zone with CEST" contains "$out" "start_date: 2023-05-05 17:00 CEST"
mk "Winter" "2023-01-15 10:00" "2023-01-15 12:00" --timezone Europe/Paris; winter=$ev
run 0 ee events show "$winter"
check "CET in winter" contains "$out" "start_date: 2023-01-15 10:00 CET"
run 0 ee --csv events show "$gala"
check "CSV: UTC and a timezone column" contains "$out" "2023-05-05T15:00:00Z"
check "CSV header ends with timezone" contains "$(head -1 <<<"$out" | tr -d '\r')" ",notes,timezone"
run 0 ee events list
check "the table shows each event in its zone" contains "$out" "2023-05-05 17:00 CEST"

before=$(events_json)
run 2 ee events create --contract 1 --name Gap --start "2026-03-29 02:30" --end "2026-03-29 04:00" \
  --location X --attendees 1 --timezone Europe/Paris
check "DST gap: 2, says it does not exist" contains "$err" "does not exist"
run 2 ee events create --contract 1 --name Twice --start "2026-10-25 02:30" --end "2026-10-25 04:00" \
  --location X --attendees 1 --timezone Europe/Paris
check "DST overlap: 2, says it happens twice" contains "$err" "happens twice"
for z in Mars/Olympus ../../etc/passwd ""; do
  run 2 ee events create --contract 1 --name Z --start "2026-06-01 10:00" --end "2026-06-01 11:00" \
    --location X --attendees 1 --timezone "$z"
  check "bad zone '$z': one line" one_error_line
done
use_as alice
run 2 ee events update "$gala" --timezone Mars/Olympus
run 2 ee events update "$gala" --start "2026-03-29 02:30"
check "update: a gap in the event's own zone (Europe/Paris) is refused" contains "$err" "Europe/Paris"
check "every refusal: nothing changed" is "$(events_json)" "$before"
use_as bill
mk "Twice" "2026-10-25T02:30:00+01:00" "2026-10-25 04:00" --timezone Europe/Paris
check "with an offset the repeated hour is accepted (the later one)" \
  contains "$out" '"start_date": "2026-10-25T01:30:00Z"'

# update: times without offset in the event's zone; --timezone keeps instants.
use_as alice
run 0 ee --json events update "$gala" --start "2023-05-05 18:00"
check "update reads the time in the event's zone" contains "$out" '"start_date": "2023-05-05T16:00:00Z"'
run 0 ee --json events update "$gala" --timezone America/New_York
check "a new zone keeps the instants" contains "$out" '"start_date": "2023-05-05T16:00:00Z"'
run 0 ee events show "$gala"
check "and shows them in it" contains "$out" "start_date: 2023-05-05 12:00 EDT"

# EPICEVENTS_TIMEZONE is the default zone; adopted and demo events are UTC.
use_as bill
EPICEVENTS_TIMEZONE=Asia/Kolkata run 0 ee --json events create --contract 1 --name Default \
  --start "2023-05-05 20:30" --end "2023-05-05 21:30" --location X --attendees 1
check "EPICEVENTS_TIMEZONE is the default zone" contains "$out" '"timezone": "Asia/Kolkata"'
check "and times are read in it" contains "$out" '"start_date": "2023-05-05T15:00:00Z"'
before=$(events_json)
EPICEVENTS_TIMEZONE=Mars/Olympus run 2 ee events create --contract 1 --name Default \
  --start "2023-05-05 20:30" --end "2023-05-05 21:30" --location X --attendees 1
check "a bad EPICEVENTS_TIMEZONE: 2, naming it" contains "$err" "EPICEVENTS_TIMEZONE"
check "nothing changed" is "$(events_json)" "$before"
run 0 ee --json events show 1
check "the demo event is UTC" contains "$out" '"timezone": "UTC"'

# ---- two concurrent overlapping assignments of one person: exactly one wins --------
use_as bill
mk "RaceA" "2027-01-01T09:00:00Z" "2027-01-01T12:00:00Z"; ra=$ev
mk "RaceB" "2027-01-01T10:00:00Z" "2027-01-01T13:00:00Z"; rb=$ev
use_as alice
for round in 1 2 3; do
  db_query "UPDATE events SET support_contact_id = NULL WHERE id IN ($ra, $rb)" >/dev/null
  ( ee events assign "$ra" --support "$sam" >/dev/null 2>&1; echo $? >"$work/race.a" ) &
  ( ee events assign "$rb" --support "$sam" >/dev/null 2>&1; echo $? >"$work/race.b" ) &
  wait
  codes="$(cat "$work/race.a") $(cat "$work/race.b")"
  check "round $round: exactly one of two concurrent assignments wins ($codes)" \
    eval '[ "$codes" = "0 6" ] || [ "$codes" = "6 0" ]'
  check "round $round: one of them is Sam's" \
    is "$(db_query "SELECT count(*) FROM events WHERE support_contact_id = $sam AND id IN ($ra, $rb)")" 1
done

finish
