#!/usr/bin/env bash
# Record history (SPEC.md, "Import, history and people who leave"): the
# journal keeps [old, new] of every changed field; `NOUN history ID` shows
# them oldest first with who and when; `audit list` takes criteria; who may
# read what; bad input; and no secret ever reaches the journal.
. "$(dirname "$0")/lib.sh" "$1"

not_contains() { [[ "$1" != *"$2"* ]]; }
# py EXPR: EXPR over the JSON in $out (bound to `d`), printed.
py() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)" <<<"$out"; }
today=$(date -u +%F)
tomorrow=$(date -u -d tomorrow +%F)
yesterday=$(date -u -d yesterday +%F)

init_demo
bill_id=$(db_query "SELECT id FROM users WHERE employee_id = 'COM001'")
kate_id=$(db_query "SELECT id FROM users WHERE employee_id = 'SUP001'")
alice_id=$(db_query "SELECT id FROM users WHERE employee_id = 'MAN001'")

# ---- a client's phone, changed twice ---------------------------------------------
use_as bill
run 0 ee clients update 1 --phone "01 02 03 04"
run 0 ee clients update 1 --phone "06 11 22 33"
run 0 ee clients update 1 --phone "06 11 22 33"
run 0 ee clients history 1
check "history: the first change, old → new" contains "$out" "phone: +678 123 456 78 → 01 02 03 04"
check "history: the second change, old → new" contains "$out" "phone: 01 02 03 04 → 06 11 22 33"
check "history: who changed it" contains "$out" "Bill Boquet <bill.boquet@epic.com>"
check "history: oldest first" [ "$(grep -n '→ 01 02' <<<"$out" | cut -d: -f1)" -lt \
  "$(grep -n '→ 06 11' <<<"$out" | cut -d: -f1)" ]
run 0 ee --json clients history 1
check "--json: details is an object of [old, new]" \
  is "$(py 'd[0]["details"]["phone"]')" "['+678 123 456 78', '01 02 03 04']"
check "--json: the actor's id and the action" \
  is "$(py '(d[0]["actor_id"], d[0]["action"])')" "($bill_id, 'update')"
check "--json: ids ascending" is "$(py 'all(a["id"] < b["id"] for a, b in zip(d, d[1:]))')" True
check "--json: the keys of a history entry" \
  is "$(py '" ".join(d[0])')" "id created_at actor_id actor_label action details"
check "an update that changes nothing records no field" \
  is "$(db_query "SELECT count(*) FROM audit_log WHERE entity = 'client' AND entity_id = 1 AND details LIKE '%phone%'")" 2

# ---- a creation keeps its initial values as [null, value] --------------------------
run 0 ee clients create --full-name "Zed Nouveau" --email zed@new.io --phone "+33 1 00 00 00" \
  --company "Zed SA"
zed=$(db_query "SELECT id FROM clients WHERE email = 'zed@new.io'")
run 0 ee --json clients history "$zed"
check "a creation's values are [null, value]" is "$(py 'd[0]["details"]["full_name"]')" "[None, 'Zed Nouveau']"
run 0 ee clients history "$zed"
check "a creation's values shown from nothing" contains "$out" "full_name: - → Zed Nouveau"

# ---- a contract's amount, an event's update and assignment ------------------------
use_as alice
run 0 ee contracts update 1 --total 12000
run 0 ee contracts history 1
check "contract amount: old → new" contains "$out" "total_amount: 10000.00 → 12000.00"
check "contract history: by Alice" contains "$out" "Alice Manager"
use_as kate
run 0 ee events update 1 --attendees 250 --location "Salle B"
use_as alice
stdin_text=$'support-pass-22\n'
run 0 ee users create --employee-id SUP002 --name "Sam Support" --email sam@epic.com \
  --department support --password-stdin
sam_id=$(db_query "SELECT id FROM users WHERE employee_id = 'SUP002'")
run 0 ee events assign 1 --support "$sam_id"
run 0 ee events history 1
check "event update: attendees old → new" contains "$out" "attendees_count: 200 → 250"
check "event update: location old → new" contains "$out" "location: Salle des fêtes de Mufflins → Salle B"
check "event update: by Kate" contains "$out" "Kate Hastroff"
check "event assign: support old → new" contains "$out" "support_contact_id: $kate_id → $sam_id"

# ---- a user, by Management --------------------------------------------------------
run 0 ee users update "$sam_id" --name "Sam Renamed" --department commercial
run 0 ee users history "$sam_id"
check "user update: name old → new" contains "$out" "name: Sam Support → Sam Renamed"
check "user update: department old → new" contains "$out" "department: Support → Commercial"
check "user creation in the history" contains "$out" "employee_id: - → SUP002"

# A user deleted since: the record is gone, its journal stays readable.
stdin_text=$'temp-pass-55\n'
run 0 ee users create --employee-id TMP001 --name "Temp Person" --email temp@epic.com \
  --department support --password-stdin
tmp_id=$(db_query "SELECT id FROM users WHERE employee_id = 'TMP001'")
run 0 ee users delete "$tmp_id"
run 0 ee --json users history "$tmp_id"
check "a deleted user's history: created then deleted" \
  is "$(py '[r["action"] for r in d]')" "['create', 'delete']"

# ---- secrets: a password change shows as changed, never a value ------------------
stdin_text=$'another-pass-33\n'
run 0 ee users update "$sam_id" --password-stdin
run 0 ee --json users history "$sam_id"
check "password change: \"changed\", no values" is "$(py 'd[-1]["details"]')" "{'password': 'changed'}"
run 0 ee users history "$sam_id"
check "password change shown as changed" contains "$out" "password: changed"
stdin_text=$'admin123\nfresh-admin-pass-44\n'
run 0 ee passwd --password-stdin
password_of[alice]=fresh-admin-pass-44
token_of[alice]=""
use_as alice
journal=$(db_query "SELECT coalesce(details, '') || ' ' || coalesce(actor_label, '') FROM audit_log")
for secret in support-pass-22 temp-pass-55 another-pass-33 admin123 fresh-admin-pass-44 pbkdf2 password_hash; do
  check "no '$secret' in any journal row" not_contains "$journal" "$secret"
done
tok=$(cat "$EPICEVENTS_TOKEN_FILE")
check "no token in any journal row" not_contains "$journal" "${tok:0:24}"
check "passwd journalled as changed" \
  is "$(db_query "SELECT details FROM audit_log WHERE entity = 'user' AND entity_id = $alice_id AND action = 'update' ORDER BY id DESC LIMIT 1")" '{"password":"changed"}'

# ---- who may read ---------------------------------------------------------------
for who in bill kate alice; do
  use_as "$who"
  for noun in clients contracts events; do
    desc="$who: $noun history 1" run 0 ee "$noun" history 1
  done
done
for who in bill kate; do
  use_as "$who"
  desc="$who: users history (Management only)" run 4 ee users history "$sam_id"
  check "$who: one error line" one_error_line
done
rm -f "$EPICEVENTS_TOKEN_FILE"
for noun in clients users; do
  desc="not logged in: $noun history" run 3 ee "$noun" history 1
done

# ---- unknown and bad ids ---------------------------------------------------------
use_as alice
for noun in clients contracts events users; do
  desc="$noun history 999999: not found" run 5 ee "$noun" history 999999
  check "$noun: one error line" one_error_line
  desc="$noun history abc: usage" run 2 ee "$noun" history abc
done

# ---- audit list's criteria --------------------------------------------------------
run 0 ee --json audit list --entity client --id 1 --action update --actor "$bill_id"
check "--entity --id --action --actor: the three updates" is "$(py 'len(d)')" 3
check "audit list --json: details is an object" is "$(py 'type(d[0]["details"]).__name__')" dict
run 0 ee --json audit list --entity clients --id 1 --newest-first
check "--newest-first: ids descending" \
  is "$(py 'len(d) > 1 and all(a["id"] > b["id"] for a, b in zip(d, d[1:]))')" True
run 0 ee --json audit list --action login --entity session
check "--action login: only logins" is "$(py 'sorted({r["action"] for r in d})')" "['login']"
check "a login row's details stay what they were" \
  is "$(py 'all(r["details"] is None or isinstance(r["details"], dict) for r in d)')" True
run 0 ee --json audit list --since "$today" --until "$today"
check "--since/--until today: today's rows" [ "$(py 'len(d)')" -gt 5 ]
run 0 ee --json audit list --since "$tomorrow"
check "--since tomorrow: none" is "$out" "[]"
run 0 ee --json audit list --until "$yesterday"
check "--until yesterday: none" is "$out" "[]"
run 0 ee --json audit list --actor "$kate_id" --entity event
check "--actor: Kate's event update only" is "$(py '[(r["action"], r["entity_id"]) for r in d]')" "[('update', 1)]"
# Older rows whose details are plain text keep a string.
db_query "INSERT INTO audit_log (actor_id, actor_label, action, entity, entity_id, details) VALUES (NULL, 'old program', 'update', 'client', 1, 'phone changed by hand')" >/dev/null
run 0 ee --json clients history 1
check "plain-text details stay a string" is "$(py 'd[-1]["details"]')" "phone changed by hand"
run 0 ee clients history 1
check "plain-text details shown as they are" contains "$out" "phone changed by hand"

for bad in "--entity planets" "--action updat" "--id 1" "--id x --entity client" \
  "--actor bob" "--since yesterday" "--until 2026-02-30" "--since $tomorrow --until $yesterday"; do
  # shellcheck disable=SC2086 # the words of $bad are options
  desc="audit list $bad: usage" run 2 ee audit list $bad
  check "audit list $bad: one error line" one_error_line
done
use_as kate
desc="Support: audit list with criteria" run 4 ee audit list --entity client

finish
