#!/usr/bin/env bash
# Calendars (SPEC.md, "Calendar"): events ical is RFC 5545 that Debian's
# python3-icalendar reads back whole (one VEVENT per event, UIDs stable
# across exports, SEQUENCE growing with each change, lines folded at 75
# octets, text escaped and read back unchanged); who sees which events; bad
# input; and, through a server, the private feed: calendar url / rotate,
# GET /ical/TOKEN.ics, a rotated or deactivated feed gone, no token in logs.
. "$(dirname "$0")/lib.sh" "$1"
py=/usr/bin/python3
checker="$(dirname "$0")/ical_check.py"

# $facts: what ical_check.py read from $out (empty when it refused it).
read_ical() { facts=$(printf '%s\n' "$out" | "$py" "$checker" 2>"$work/ical.err"); }
fact() { "$py" -c "import json,sys; d=json.loads(sys.argv[1]); print(eval(sys.argv[2]))" "$facts" "$1"; }
is() { [ "$1" = "$2" ] || { echo "#   got '$1', wanted '$2'"; false; }; }
not_contains() { [[ "$1" != *"$2"* ]]; }

init_demo

# ---- a valid calendar, the events a user may see ---------------------------------
use_as bill
run 0 ee events ical
check "python3-icalendar reads the export without a problem" read_ical
check "one VEVENT per event" is "$(fact 'len(d["events"])')" "$(db_query "SELECT count(*) FROM events")"
check "the demo event's summary" is "$(fact 'd["events"][0]["summary"]')" "Lou Bouzin General Assembly"
check "its location, non-ASCII intact" is "$(fact 'd["events"][0]["location"]')" "Salle des fêtes de Mufflins"
check "its description names the client" contains "$(fact 'd["events"][0]["description"]')" "Client: Kevin Casey"
check "times in UTC end in Z (an event in UTC)" is "$(fact 'd["events"][0]["start"]["iso"]')" "2023-05-05T15:00:00+00:00"
uid1=$(fact 'd["events"][0]["uid"]')
check "the UID names the event and the database" \
  "$py" -c 'import re,sys; sys.exit(0 if re.fullmatch(r"event-1-[0-9a-f]{16}@epicevents", sys.argv[1]) else 1)' "$uid1"

# An event whose text needs escaping and folding, by Bill on his own contract.
long_name="Gala, dîner; \"soirée\" \\ backslash — 晚会 🎉 $(printf 'x%.0s' $(seq 120))"
run 0 ee events create --contract 1 --name "$long_name" --start "2027-03-01 18:00" \
  --end "2027-03-02 01:30" --location "Hôtel de Ville; salle 2, Paris" --attendees 80 \
  --notes $'line one\nline two, with comma; and semicolon'
new=$(db_query "SELECT max(id) FROM events")
run 0 ee events ical
check "the calendar with escaped text is still valid" read_ical
check "no line longer than 75 octets (folded)" \
  "$py" -c 'import sys; sys.exit(0 if int(sys.argv[1]) <= 75 else 1)' "$(fact 'd["longest_line"]')"
pick="[e for e in d['events'] if e['uid'].startswith('event-$new-')][0]"
check "a name with commas, quotes, backslash, CJK and emoji reads back unchanged" \
  is "$(fact "$pick['summary']")" "$long_name"
check "a location with ';' and ',' reads back unchanged" \
  is "$(fact "$pick['location']")" "Hôtel de Ville; salle 2, Paris"
check "notes keep their line break" contains "$(fact "$pick['description']")" $'line one\nline two, with comma; and semicolon'
check "a new event has SEQUENCE 0" is "$(fact "$pick['sequence']")" 0
check "an event crossing midnight keeps its end" is "$(fact "$pick['end']['iso']")" "2027-03-02T01:30:00+00:00"

# ---- an event in its own zone: TZID and a VTIMEZONE ---------------------------------
run 0 ee events create --contract 1 --name "Paris gala" --start "2027-07-14 21:00" \
  --end "2027-07-14 23:30" --timezone Europe/Paris --location "Champ de Mars" --attendees 300
paris=$(db_query "SELECT max(id) FROM events")
run 0 ee events ical
check "a calendar with a zoned event is valid (a VTIMEZONE for each TZID)" read_ical
pp="[e for e in d['events'] if e['uid'].startswith('event-$paris-')][0]"
check "DTSTART carries TZID=Europe/Paris" is "$(fact "$pp['start']['tzid']")" "Europe/Paris"
check "... and the local time, read back as 21:00+02:00" is "$(fact "$pp['start']['iso']")" "2027-07-14T21:00:00+02:00"
check "one VTIMEZONE, named by its IANA name" is "$(fact 'd["zones"]')" "['Europe/Paris']"
check "the UTC event still ends in Z" \
  is "$(fact "[e for e in d['events'] if e['uid'] == '$uid1'][0]['start']['tzid']")" None

# ---- UIDs stable, SEQUENCE grows with each change --------------------------------
run 0 ee events ical
read_ical
check "UIDs are the same in a second export" is "$(fact 'd["events"][0]["uid"]')" "$uid1"
use_as alice
run 0 ee events update "$new" --location "Hôtel de Ville, salle 3"
run 0 ee events assign "$new" --support 2
run 0 ee events ical
read_ical
check "two changes: SEQUENCE 2" is "$(fact "$pick['sequence']")" 2
check "a changed event has LAST-MODIFIED" is "$(fact "$pick['last_modified']")" True
check "the other event's SEQUENCE did not move" \
  is "$(fact "[e for e in d['events'] if e['uid'] == '$uid1'][0]['sequence']")" 0

# ---- who sees what ----------------------------------------------------------------
use_as kate
run 0 ee events ical --mine
read_ical
check "Support's --mine: the events assigned to them" is "$(fact 'len(d["events"])')" "$(db_query "SELECT count(*) FROM events WHERE support_contact_id = 2")"
use_as alice
run 0 ee events ical --support none
read_ical
check "--support none: the unassigned Paris gala only" is "$(fact '[e["summary"] for e in d["events"]]')" "['Paris gala']"
run 0 ee events ical --from 2027-01-01 --to 2027-06-01
read_ical
check "--from/--to keep the events of the window" is "$(fact '[e["summary"][:4] for e in d["events"]]')" "['Gala']"

# ---- bad input: one line, the SPEC exit code ----------------------------------------
run 2 ee events ical --from 2027-02-30
check "an impossible date: one error line" one_error_line
run 2 ee events ical --mine
check "--mine for Management: one error line" one_error_line
run 2 ee events ical --support abc
check "a malformed id: one error line" one_error_line
run 0 ee logout
run 3 ee events ical
check "not logged in: one error line" one_error_line

# ---- the private feed ----------------------------------------------------------------
if ! remote_only; then
  use_as kate
  run 2 ee calendar url
  check "without a server, calendar url says it needs one" contains "$err" "--server"
  check "... on one line" one_error_line
else
  use_as kate
  run 0 ee calendar url
  url=$out
  check "calendar url prints the server's /ical/ URL" \
    "$py" -c 'import re,sys; sys.exit(0 if re.fullmatch(re.escape(sys.argv[2]) + r"/ical/[A-Za-z0-9_-]{32}\.ics", sys.argv[1]) else 1)' "$url" "$server_url"
  run 0 ee calendar url
  check "asked again, the same URL" is "$out" "$url"
  token=${url##*/ical/}; token=${token%.ics}
  check "only a hash of the token is stored" \
    is "$(db_query "SELECT count(*) FROM calendar_feeds WHERE token_hash LIKE '%$token%'")" 0
  out=$(curl -s -D "$work/feed.h" "$url")
  check "the feed answers text/calendar" grep -qi '^content-type: text/calendar' "$work/feed.h"
  check "the feed is a valid calendar" read_ical
  check "Kate's feed: her events only" is "$(fact 'len(d["events"])')" 2
  run 0 ee calendar rotate
  new_url=$out
  check "rotate gives another URL" not_contains "$new_url" "$token"
  check "the old feed is gone (404)" is "$(curl -s -o /dev/null -w '%{http_code}' "$url")" 404
  check "the new feed works (200)" is "$(curl -s -o /dev/null -w '%{http_code}' "$new_url")" 200
  check "a made-up token: 404" \
    is "$(curl -s -o /dev/null -w '%{http_code}' "$server_url/ical/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics")" 404
  check "a token with a slash: 404" \
    is "$(curl -s --path-as-is -o /dev/null -w '%{http_code}' "$server_url/ical/../api/v1/me")" 404
  check "no feed token in the server's log" not_contains "$(cat "$server_log")" "${new_url##*/ical/}"
  check "the log shows the feed's requests redacted" contains "$(cat "$server_log")" "GET /ical/[token].ics"
  use_as alice
  run 0 ee calendar url
  check "Management's feed: every event" \
    is "$(out=$(curl -s "$out"); read_ical; fact 'len(d["events"])')" "$(db_query "SELECT count(*) FROM events")"
  stdin_text=$'sam-pass-123\n'
  run 0 ee users create --employee-id SUP9 --name "Sam Support" --email sam@epic.com \
    --department Support --password-stdin
  sam=$(db_query "SELECT id FROM users WHERE email = 'sam@epic.com'")
  run 0 ee users deactivate 2 --reassign-to "$sam"
  check "someone who left: their feed is gone (404)" \
    is "$(curl -s -o /dev/null -w '%{http_code}' "$new_url")" 404
fi

finish
