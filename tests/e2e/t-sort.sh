#!/usr/bin/env bash
# Lists in an order (issue 17): `--sort COLUMN` / `--sort -COLUMN` on clients,
# contracts, events, payments and users list, ties by id in the same
# direction, paging over the order, the CSV in that order; a bad column is
# exit 2, one line naming the allowed ones. Remote: the CLI passes sort= on.
. "$(dirname "$0")/lib.sh" "$1"

init_demo

# The ids of a JSON list, and the ids of a JSON list sorted by (COLUMN, id),
# descending with a leading '-' (money compared as numbers, null first).
ids_of() { python3 -c 'import json,sys; print(" ".join(str(r["id"]) for r in json.load(sys.stdin)))'; }
sorted_ids() {
  python3 -c '
import json, sys
from decimal import Decimal
col = sys.argv[1].lstrip("-")
def key(r):
    v = r[col]
    if v is None:
        return ((0, 0), r["id"])
    if col.endswith("amount"):
        v = Decimal(v)
    return ((1, v), r["id"])
rows = sorted(json.load(sys.stdin), key=key, reverse=sys.argv[1].startswith("-"))
print(" ".join(str(r["id"]) for r in rows))' "$1"
}
differs() { [ "$1" != "$2" ]; }

# ---- rows with ties ---------------------------------------------------------------
use_as bill
i=0
for name in "Zoe Adams" "anna Baker" "Ann Lee" "Zoe Adams" "Bob Stone" "Ann Lee"; do
  i=$((i + 1))
  run 0 ee clients create --full-name "$name" --email "sort$i@ex.com" --phone "0102030405" \
    --company "Co $((i % 3))"
done
use_as alice
for total in 900 50 900 1200.50; do
  run 0 ee contracts create --client 2 --total "$total" --due 2031-0$((${total%%.*} % 9 + 1))-01
done
for paid in 2024-01-10 2023-12-01 2024-01-10; do
  run 0 ee contracts pay 1 --amount 10 --date "$paid"
done
run 0 ee contracts pay 1 --amount 2.50 --date 2024-01-10
use_as bill
for ev in "2031-05-01T10:00:00Z 40" "2031-04-01T10:00:00Z 10" "2031-05-01T10:00:00Z 40" \
          "2031-06-01T09:00:00Z 250"; do
  set -- $ev
  run 0 ee events create --contract 1 --name "Sort event" --start "$1" \
    --end "${1/T??:/T18:}" --location Hall --attendees "$2"
done

# ---- each list, each column, both directions ------------------------------------------
check_sorted() { # WHO NOUN COLUMN...
  local who=$1 noun=$2; shift 2
  use_as "$who"
  run 0 ee --json "$noun" list
  local all=$out
  for col in "$@"; do
    for sort in "$col" "-$col"; do
      run 0 ee --json "$noun" list --sort "$sort"
      local want; want=$(sorted_ids "$sort" <<<"$all")
      check "$noun list --sort $sort: by $col, ties by id" is "$(ids_of <<<"$out")" "$want"
      run 0 ee --json "$noun" list --sort "$sort" --limit 2 --offset 2
      check "$noun list --sort $sort --limit 2 --offset 2: rows 3 and 4 of that order" \
        is "$(ids_of <<<"$out")" "$(cut -d' ' -f3-4 <<<"$want")"
    done
  done
}
check_sorted alice clients id full_name company_name
check_sorted alice contracts total_amount remaining_amount payment_due_date
check_sorted alice events start_date attendees_count
check_sorted alice users employee_id name
check_sorted alice payments paid_on amount
use_as alice
run 0 ee --json clients list
all=$(ids_of <<<"$out")
run 0 ee --json clients list --sort full_name
check "by name is not by id (the check can fail)" differs "$(ids_of <<<"$out")" "$all"

# A Commercial's --mine keeps to his clients in that order.
use_as bill
run 0 ee --json clients list --mine
mine=$out
run 0 ee --json clients list --mine --sort -company_name
check "clients list --mine --sort -company_name: his clients, by company descending" \
  is "$(ids_of <<<"$out")" "$(sorted_ids -company_name <<<"$mine")"

# The CSV comes in the same order.
run 0 ee --json clients list --sort -full_name
want=$(ids_of <<<"$out")
run 0 ee --csv clients list --sort -full_name
check "--csv in the order asked" is "$(tail -n +2 <<<"$out" | cut -d, -f1 | tr -d '\r' | tr '\n' ' ' | sed 's/ $//')" \
  "$want"

# ---- refused --------------------------------------------------------------------------
for bad in email FULL_NAME - --id "full_name,id"; do
  run 2 ee clients list --sort="$bad"
  check "--sort '$bad': one error line" one_error_line
  check "--sort '$bad': the allowed columns named" contains "$err" "id, full_name, company_name"
done
run 2 ee users list --sort department
check "users --sort department: its columns named" contains "$err" "id, employee_id, name"
run 2 ee clients list --sort
check "--sort without a column: one error line" one_error_line

finish
