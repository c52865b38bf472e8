#!/usr/bin/env bash
# Payments and due dates (SPEC.md, "Beyond the original"): contracts pay,
# payments list/void, contracts overdue, --due; who may; bad input; and
# concurrent payments that must never overpay a contract.
. "$(dirname "$0")/lib.sh" "$1"

today=$(date -u +%F)
tomorrow=$(date -u -d tomorrow +%F)

remaining_of() { db_query "SELECT remaining_amount FROM contracts WHERE id = $1"; }
# Money as the database prints it: PostgreSQL NUMERIC text, SQLite cents.
not_contains() { [[ "$1" != *"$2"* ]]; }
money() { if [ "$db_kind" = pg ]; then echo "$1"; else echo "${1/./}" | sed 's/^0*\([0-9]\)/\1/'; fi; }
# The data plus the payments, to prove a refused command changed nothing.
pay_snapshot() { snapshot_tables users clients contracts events payments; }

init_demo

# ---- a second Commercial, with a client and a signed contract of their own
password_of[bob]=password456
email_of[bob]=bob.other@epic.com
use_as alice
stdin_text=$'password456\n'
run 0 ee users create --employee-id COM002 --name "Bob Other" --email bob.other@epic.com \
  --department Commercial --password-stdin
use_as bob
run 0 ee clients create --full-name "Zoe Client" --email zoe@client.io --phone "+33 1 23 45 67" \
  --company "Zoe SA"
zoe=$(db_query "SELECT id FROM clients WHERE email = 'zoe@client.io'")
use_as alice
run 0 ee contracts create --client "$zoe" --total 300.00
bobs=$(db_query "SELECT max(id) FROM contracts")
run 0 ee contracts sign "$bobs"
# An unsigned contract of Bill's client.
run 0 ee contracts create --client 1 --total 800 --due 2020-01-31
unsigned=$(db_query "SELECT max(id) FROM contracts")

# ---- pay: partial, then exactly what remains --------------------------------
use_as bill
run 0 ee contracts pay 1 --amount 1200.50 --method transfer --reference "VIR-001"
check "the payment is shown" contains "$out" "amount: 1200.50"
check "remaining went down in the same step" is "$(remaining_of 1)" "$(money 3799.50)"
run 0 ee contracts unpaid --json
check "contracts unpaid still lists it" contains "$out" '"remaining_amount": "3799.50"'
run 0 ee --json contracts pay 1 --amount 3799.50 --date 2024-02-29 --method card
check "paying exactly the remaining amount" contains "$out" '"paid_on": "2024-02-29"'
check "remaining is zero" is "$(remaining_of 1)" "$(money 0.00)"
run 0 ee contracts unpaid --json
check "a paid contract is not unpaid" not_contains "$out" '"id": 1,'
check "one journal row per payment" \
  is "$(db_query "SELECT count(*) FROM audit_log WHERE action = 'pay' AND entity = 'payment'")" 2

# ---- --json keys exactly as SPEC.md lists them --------------------------------
run 0 ee --json payments list --contract 1
keys=$(python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin)[0].keys()))' <<<"$out")
check "payment keys" is "$keys" \
  "id contract_id client_name amount paid_on method reference recorded_by_id recorded_by_name creation_date voided_at void_reason"
check "the default date is today" \
  is "$(python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["paid_on"])' <<<"$out")" "$today"
run 0 ee --json contracts show 1
check "contracts have payment_due_date (null)" contains "$out" '"payment_due_date": null'
run 0 ee --csv contracts list
check "CSV header has payment_due_date" contains "$(head -1 <<<"$out")" "payment_due_date"
run 0 ee --csv payments list
check "CSV header of payments" is "$(head -1 <<<"$out" | tr -d '\r')" \
  "id,contract_id,client_name,amount,paid_on,method,reference,recorded_by_id,recorded_by_name,creation_date,voided_at,void_reason"
run 0 ee payments list --since 2024-01-01 --until 2024-12-31 --json
check "--since/--until on paid_on" is "$(grep -c '"id"' <<<"$out")" 1

# ---- void restores ---------------------------------------------------------------
use_as alice
first=$(db_query "SELECT min(id) FROM payments")
run 0 ee payments void "$first" --reason "cheque bounced"
check "void shows the reason" contains "$out" "void_reason: cheque bounced"
check "void restores the remaining amount" is "$(remaining_of 1)" "$(money 1200.50)"
check "one journal row for the void" \
  is "$(db_query "SELECT count(*) FROM audit_log WHERE action = 'void' AND entity_id = $first")" 1
before=$(pay_snapshot)
run 6 ee payments void "$first" --reason "again"
check "voiding twice: conflict" contains "$err" "already voided"
check "voiding twice changed nothing" is "$(pay_snapshot)" "$before"

# ---- due dates, overdue ------------------------------------------------------------
run 0 ee contracts update 1 --due 2021-06-30
check "--due set" contains "$out" "payment_due_date: 2021-06-30"
run 0 ee --json contracts overdue
check "overdue lists the unpaid contract due in the past" contains "$out" '"id": 1,'
check "an unpaid contract due in the past lists even unsigned ($unsigned)" contains "$out" "\"id\": $unsigned,"
run 0 ee --json contracts list --overdue
check "list --overdue is the same list" contains "$out" '"payment_due_date": "2021-06-30"'
run 0 ee contracts update "$bobs" --due "$tomorrow"
run 0 ee --json contracts overdue
check "not due yet: not overdue" not_contains "$out" "\"id\": $bobs,"
run 0 ee contracts update 1 --due ''
check "--due '' clears it" contains "$out" "payment_due_date: -"
run 0 ee --json contracts overdue
check "no due date: not overdue" not_contains "$out" '"id": 1,'
check "--due journalled" contains "$(db_query "SELECT details FROM audit_log WHERE action = 'update' AND entity_id = 1 ORDER BY id DESC LIMIT 1")" ',null]'
run 0 ee contracts update 1 --due 2021-06-30
use_as bill
run 0 ee contracts update 1 --due 2030-01-01
check "a Commercial sets the due date of own client's contract" contains "$out" "2030-01-01"
run 4 ee contracts update "$bobs" --due 2030-01-01
use_as kate
run 4 ee contracts update 1 --due 2030-01-01

# ---- refused: nothing changes ---------------------------------------------------------
use_as bill
before=$(pay_snapshot)
refuse() { local want=$1; shift; run "$want" ee "$@"; check "one error line: $*" one_error_line; }
refuse 2 contracts pay 1 --amount 0
refuse 2 contracts pay 1 --amount -5
refuse 2 contracts pay 1 --amount 1.005
refuse 2 contracts pay 1 --amount abc
refuse 2 contracts pay 1
refuse 6 contracts pay 1 --amount 1200.51
check "the refusal names the remaining amount" contains "$err" "1200.50"
refuse 6 contracts pay "$unsigned" --amount 10
check "unsigned contract named" contains "$err" "not signed"
refuse 2 contracts pay 1 --amount 10 --date "$tomorrow"
check "future date refused" contains "$err" "future"
refuse 2 contracts pay 1 --amount 10 --date 2026-02-30
refuse 2 contracts pay 1 --amount 10 --date 12/03/2024
refuse 2 contracts pay 1 --amount 10 --date "2024-03-01 10:00"
refuse 2 contracts pay 1 --amount 10 --method bitcoin
refuse 4 contracts pay "$bobs" --amount 10
refuse 5 contracts pay 99999 --amount 10
refuse 2 contracts pay abc --amount 10
refuse 2 contracts pay 0 --amount 10
refuse 4 payments void "$first" --reason "not mine to void"
refuse 2 contracts update 1 --due 2026-13-01
refuse 2 payments list --contract abc
refuse 2 payments list --since yesterday
use_as kate
refuse 4 contracts pay 1 --amount 10
use_as alice
refuse 2 payments void "$first"
refuse 2 payments void "$first" --reason ""
refuse 5 payments void 99999 --reason "x"
refuse 2 payments void abc --reason "x"
refuse 5 payments show 99999
check "refused commands changed nothing" is "$(pay_snapshot)" "$before"

# ---- everyone can list payments; Management pays any contract ------------------------
use_as kate
run 0 ee payments list
check "Support lists payments" contains "$out" "Kevin Casey"
use_as alice
run 0 ee contracts pay "$bobs" --amount 1.00 --method cash
use_as bob
run 0 ee contracts pay "$bobs" --amount 2.00
check "bob pays his own client's contract" is "$(remaining_of "$bobs")" "$(money 297.00)"

# ---- concurrency: 8 processes pay 30 % of the total each at once ---------------------
use_as alice
run 0 ee contracts create --client 1 --total 1000.00
race=$(db_query "SELECT max(id) FROM contracts")
run 0 ee contracts sign "$race"
for i in $(seq 8); do
  ( ee contracts pay "$race" --amount 300.00 >/dev/null 2>"$work/race.err.$i"; echo $? > "$work/race.$i" ) &
done
wait
codes=$(cat "$work"/race.[0-9]* | sort | uniq -c | awk '{print $2 "x" $1}' | tr '\n' ' ')
check "three payments pass, five are refused with 6 (got: $codes)" is "$codes" "0x3 6x5 "
paid=$(db_query "SELECT count(*) FROM payments WHERE contract_id = $race AND voided_at IS NULL")
check "three payments stored" is "$paid" 3
check "remaining is the total minus what was paid" is "$(remaining_of "$race")" "$(money 100.00)"
check "the sum of payments never exceeds the total" \
  is "$(db_query "SELECT count(*) FROM contracts k WHERE k.id = $race AND
        (SELECT sum(amount) FROM payments p WHERE p.contract_id = k.id) + k.remaining_amount
        = k.total_amount AND k.remaining_amount >= 0")" 1

finish
