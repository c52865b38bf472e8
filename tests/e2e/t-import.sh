#!/usr/bin/env bash
# `clients import FILE.csv [--dry-run] [--on-duplicate error|skip|update]
# [--rejects FILE]` (SPEC.md, "Import, history and people who leave"): who
# may import and whose the rows become, every bad input of issue 16 (exit 2,
# one `line N, column C: reason` per bad row, nothing written), the rejects
# file, duplicates, dry runs, French spreadsheets' `;` with a BOM, and the
# round trip of `clients list --csv` (formula escape included) through it.
. "$(dirname "$0")/lib.sh" "$1"

init_demo
bill_id=$(db_query "SELECT id FROM users WHERE email = 'bill.boquet@epic.com'")
kate_id=$(db_query "SELECT id FROM users WHERE email = 'kate.hastroff@epic.com'")
crlf() { sed 's/$/\r/'; }

f=$work/ok.csv
{
  echo 'full_name,email,phone,company_name'
  echo 'Zhang Wei 张伟,zhang@example.cn,+86 10 1234 5678,北京公司'
  echo '"محمد, الأمين",Mohamed@Example.eg,+20 2 1234 5678,"شركة ""القاهرة"""'
  echo 'יעל כהן 🎉,yael@example.il,+972 3 123 4567,"Tel; Aviv Ltd"'
  echo 'Chloé Dupré,chloe@example.fr,06 12 34 56 78,"=HYPERLINK(""http://x"")"'
} | crlf >"$f"

run 3 ee clients import "$f"
check "not logged in: one line" one_error_line

use_as kate
run 4 ee clients import "$f"
check "Support is refused" contains "$err" "permission denied"

# Through a server the file goes to POST /api/v1/clients/import; bad rows
# come back without their fields and warnings stay in the server's answer,
# so the rejects file's contents and the warning are checked locally only.
use_as bill
snap() { ee clients list --json >"$work/snap.$1"; }
same_as() { cmp -s "$work/snap.$1" <(ee clients list --json); }
journal_rows() { db_query "SELECT count(*) FROM audit_log WHERE entity = 'client'"; }

# ---- a good file: many scripts, quotes, separators and a newline inside --
snap before; j0=$(journal_rows)
run 0 ee clients import "$f" --dry-run
check "dry run says what would happen" contains "$out" "would import 4 clients (created 4, updated 0, skipped 0)"
check "dry run writes nothing" same_as before
check "dry run journals nothing" [ "$(journal_rows)" = "$j0" ]

run 0 ee clients import "$f"
check "success line" [ "$out" = "imported 4 clients (created 4, updated 0, skipped 0)" ]
check "Bill's rows became his" [ "$(db_query "SELECT count(*) FROM clients WHERE commercial_contact_id = $bill_id AND email IN ('zhang@example.cn','mohamed@example.eg','yael@example.il','chloe@example.fr')")" = 4 ]
check "one journal row per client" [ "$(journal_rows)" = $((j0 + 4)) ]
check "journal rows say create" [ "$(db_query "SELECT count(*) FROM audit_log WHERE entity = 'client' AND action = 'create' AND entity_id IN (SELECT id FROM clients WHERE email = 'yael@example.il')")" = 1 ]
check "a ';' inside a field is kept" [ "$(db_query "SELECT company_name FROM clients WHERE email = 'yael@example.il'")" = 'Tel; Aviv Ltd' ]
check "formula text stored as text" [ "$(db_query "SELECT company_name FROM clients WHERE email = 'chloe@example.fr'")" = '=HYPERLINK("http://x")' ]
check "quotes and commas kept" [ "$(db_query "SELECT full_name FROM clients WHERE email = 'mohamed@example.eg'")" = 'محمد, الأمين' ]

# ---- the export escapes formulas, and imports back unchanged ------------
run 0 ee clients list --csv --mine
check "export: a formula gets an apostrophe" contains "$out" "\"'=HYPERLINK(\"\"http://x\"\")\""
check "export: a phone starting with + is escaped too" contains "$out" "\"'+86 10 1234 5678\""
printf '%s\n' "$out" >"$work/export.csv"
# The same rows under new emails (rt-...), imported, exported again: every
# other text must come back byte for byte.
python3 - "$work/export.csv" "$work/rt.csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
with open(sys.argv[2], 'w', newline='', encoding='utf-8') as out:
    w = csv.writer(out)
    w.writerow(rows[0])
    for r in rows[1:]:
        r[2] = 'rt-' + r[2]
        w.writerow(r)
EOF
run 0 ee clients import "$work/rt.csv"
run 0 ee clients list --csv --search rt-
python3 - "$work/export.csv" <(printf '%s\n' "$out") >"$work/rt.diff" <<'EOF'
import csv, sys
a = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
b = list(csv.reader(open(sys.argv[2], newline='', encoding='utf-8')))
key = lambda r: (r[1], r[3], r[4])
aa = sorted(key(r) for r in a[1:]); bb = sorted(key(r) for r in b[1:])
print('same' if aa == bb and len(aa) > 0 else 'differ\n%r\n%r' % (aa, bb))
EOF
check "round trip: names, phones, companies unchanged" grep -qx same "$work/rt.diff"

# ---- bad inputs: exit 2, one line per bad row, nothing written ----------
snap before; j0=$(journal_rows)
bad() { # DESCRIPTION EXPECTED-TEXT FILE [OPTIONS...]
  local d=$1 want=$2; shift 2
  desc="$d" run 2 ee clients import "$@"
  check "$d: says '$want'" contains "$err" "$want"
  check "$d: nothing written" same_as before
}
: >"$work/empty.csv"
bad "empty file" "the file is empty" "$work/empty.csv"
printf 'full_name,email,phone,company_name\r\n' >"$work/header.csv"
bad "header only" "no clients" "$work/header.csv"
printf 'full_name,email,phone\r\nA,a@x.io,010203\r\n' >"$work/missing.csv"
bad "missing required column" "line 1, column company_name: required column missing" "$work/missing.csv"
printf 'full_name,email,phone,company_name\r\nA,a@x.io,010203,Co,extra\r\nB,b@x.io,010203\r\n' >"$work/count.csv"
bad "too many and too few fields" "line 2, column 5: 5 fields where the header has 4" "$work/count.csv"
check "too few: its own line" contains "$err" "line 3, column company_name: 3 fields where the header has 4"
# A line break inside quotes is read as part of the field (which the
# product refuses in a company name) and the next row keeps its line number.
printf 'full_name,email,phone,company_name\r\nA,a@x.io,010203,"Co\r\nLtd"\r\nB,,010203,Co\r\n' >"$work/newline.csv"
bad "a line break inside a quoted field" "line 2, column company_name: company name 'Co" "$work/newline.csv"
check "the row after it: line 4" contains "$err" "line 4, column email:"
printf 'full_name,email,phone,company_name\r\nA,a@x.io,010203,"Co\r\n' >"$work/unterminated.csv"
bad "unterminated quote" "line 2, column company_name: unterminated quote" "$work/unterminated.csv"
printf 'full_name,email,phone,company_name\r\nA\xff\xfe,a@x.io,010203,Co\r\n' >"$work/utf8.csv"
bad "invalid UTF-8" "line 2, column full_name:" "$work/utf8.csv"
{ printf 'full_name,email,phone,company_name\r\nA,a@x.io,010203,"'; head -c 10485760 /dev/zero | tr '\0' x; printf '"\r\n'; } >"$work/big.csv"
bad "a 10 MB field" "line 2, column company_name: field is too long" "$work/big.csv"
printf 'full_name,email,phone,company_name\r\nA,Same@X.io,010203,Co\r\nB,same@x.IO,010203,Co\r\n' >"$work/twice.csv"
bad "the same email twice, case apart" "line 3, column email: duplicate: email 'same@x.io' is on an earlier line" "$work/twice.csv"
check "one line per bad row" [ "$(printf '%s\n' "$err" | grep -c '^line ')" = 1 ]
printf 'full_name,email,phone,company_name\r\nA,zhang@example.cn,010203,Co\r\n' >"$work/dup.csv"
bad "an email already stored" "line 2, column email: duplicate: a client with email 'zhang@example.cn' already exists" "$work/dup.csv"
check "journal untouched by failures" [ "$(journal_rows)" = "$j0" ]

# ---- the rejects file: fix it and import again ---------------------------
{
  echo 'full_name,email,phone,company_name'
  echo 'Good One,good1@x.io,0102030405,Co'
  echo 'Bad Mail,not-an-email,0102030405,Co'
  echo 'Good Two,good2@x.io,0102030405,Co'
  echo ',empty@x.io,0102030405,"Co, Ltd"'
} | crlf >"$work/mixed.csv"
bad "two bad rows among good ones" "2 bad rows: nothing imported" "$work/mixed.csv" --rejects "$work/rejects.csv"
check "stderr: one line per bad row" [ "$(printf '%s\n' "$err" | grep -c '^line ')" = 2 ]
check "stderr names line 3, email" contains "$err" "line 3, column email:"
check "stderr names line 5, full_name" contains "$err" "line 5, column full_name:"
skip_remote "rejects file holds the rows" "the API answers reasons, not rows" || {
check "rejects: header plus reason" [ "$(head -1 "$work/rejects.csv")" = $'full_name,email,phone,company_name,reason\r' ]
check "rejects: the two rows, as read" [ "$(grep -c 'not-an-email\|empty@x.io' "$work/rejects.csv")" = 2 ]
check "rejects: fields quoted as needed" grep -q '"Co, Ltd"' "$work/rejects.csv"
python3 - "$work/rejects.csv" "$work/fixed.csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
with open(sys.argv[2], 'w', newline='', encoding='utf-8') as out:
    w = csv.writer(out)
    w.writerow(rows[0][:-1])
    for r in rows[1:]:
        r = r[:-1]
        if r[1] == 'not-an-email': r[1] = 'fixed@x.io'
        if r[0] == '': r[0] = 'Now Named'
        w.writerow(r)
EOF
run 0 ee clients import "$work/fixed.csv"
check "fixed rejects import" [ "$out" = "imported 2 clients (created 2, updated 0, skipped 0)" ]
}

# ---- duplicates: skip and update ------------------------------------------
{
  echo 'full_name,email,phone,company_name'
  echo 'Zhang Wei 张伟,ZHANG@example.cn,+86 10 0000 0000,New Co'
  echo 'Brand New,brand.new@x.io,0102030405,Co'
} | crlf >"$work/again.csv"
run 0 ee clients import "$work/again.csv" --on-duplicate skip
check "skip counts" [ "$out" = "imported 2 clients (created 1, updated 0, skipped 1)" ]
check "skip leaves the stored client" [ "$(db_query "SELECT company_name FROM clients WHERE email = 'zhang@example.cn'")" = 北京公司 ]
sed -i 's/brand.new/brand.newer/' "$work/again.csv"
j0=$(journal_rows)
run 0 ee clients import "$work/again.csv" --on-duplicate update
check "update counts" [ "$out" = "imported 2 clients (created 1, updated 1, skipped 0)" ]
check "update replaced the company" [ "$(db_query "SELECT company_name FROM clients WHERE email = 'zhang@example.cn'")" = "New Co" ]
check "update and create: one journal row each" [ "$(journal_rows)" = $((j0 + 2)) ]
check "the update's row says update" [ "$(db_query "SELECT count(*) FROM audit_log WHERE entity = 'client' AND action = 'update' AND entity_id = (SELECT id FROM clients WHERE email = 'zhang@example.cn')")" = 1 ]
zid=$(db_query "SELECT id FROM clients WHERE email = 'zhang@example.cn'")
run 0 ee clients history "$zid"
check "its history shows the company's old and new value" contains "$out" "company_name: 北京公司 → New Co"
run 2 ee clients import "$work/again.csv" --on-duplicate sometimes
check "a bad --on-duplicate: one line" one_error_line

# ---- French Excel: ';' and a BOM -------------------------------------------
printf '\xef\xbb\xbfid;full_name;email;phone;company_name;notes\r\n;Élodie Martin;elodie@x.fr;01 23 45 67 89;Société Générale, SA;vip\r\n' >"$work/fr.csv"
run 0 ee clients import "$work/fr.csv"
check "';' with a BOM imports" [ "$out" = "imported 1 client (created 1, updated 0, skipped 0)" ]
skip_remote "unknown column: one warning line" "the server's warnings are not relayed" ||
  check "unknown column: one warning line" [ "$err" = "warning: unknown column 'notes' ignored" ]
check "the name has no BOM and the comma stays" [ "$(db_query "SELECT full_name || '|' || company_name FROM clients WHERE email = 'elodie@x.fr'")" = "Élodie Martin|Société Générale, SA" ]

# ---- Management names the Commercial ---------------------------------------
use_as alice
printf 'full_name,email,phone,company_name,commercial_contact_id\r\nM One,m1@x.io,010203,Co,%s\r\n' "$bill_id" >"$work/mgmt.csv"
run 0 ee clients import "$work/mgmt.csv"
check "Management: the row is the Commercial's" [ "$(db_query "SELECT commercial_contact_id FROM clients WHERE email = 'm1@x.io'")" = "$bill_id" ]
snap before
printf 'full_name,email,phone,company_name,commercial_contact_id\r\nM Two,m2@x.io,010203,Co,%s\r\n' "$kate_id" >"$work/mgmt2.csv"
bad "Management: a Support user as contact" "line 2, column commercial_contact_id: user $kate_id is not an active Commercial user" "$work/mgmt2.csv"
printf 'full_name,email,phone,company_name\r\nM Three,m3@x.io,010203,Co\r\n' >"$work/mgmt3.csv"
bad "Management: no commercial_contact_id column" "column commercial_contact_id: required column missing" "$work/mgmt3.csv"


# ---- across the import's batches (1000 rows each) ------------------------------
# Row 1000 (line 1001, the last of the first batch) has a bad email; row 1001
# (line 1002, the first of the second) repeats row 999's email in other case;
# row 2000 (line 2001) repeats row 1999's, in the same batch.
use_as bill
big=$work/big.csv
{
  echo 'full_name,email,phone,company_name'
  for i in $(seq 2500); do
    case $i in
      1000) echo "Batch Bad,not-an-email,0102030405,Co" ;;
      1001) echo "Batch Edge $i,BATCH.999@Edge.io,0102030405,Co" ;;
      2000) echo "Batch Edge $i,batch.1999@edge.io,0102030405,Co" ;;
      *) echo "Batch Edge $i,batch.$i@edge.io,0102030405,Co" ;;
    esac
  done
} >"$big"
snap before
run 2 ee clients import "$big"
check "across batches: exactly the three bad rows, in file order" \
  [ "$(grep -o 'line [0-9]*, column [a-z_]*' <<<"$err" | tr '\n' ' ')" = "line 1001, column email line 1002, column email line 2001, column email " ]
check "across batches: nothing written" same_as before
sed -i '1001d' "$big"
run 0 ee clients import "$big" --on-duplicate skip
check "across batches, skipping: 2497 created, 2 skipped" \
  [ "$out" = "imported 2499 clients (created 2497, updated 0, skipped 2)" ]
check "every created row is stored once" \
  [ "$(db_query "SELECT count(*) FROM clients WHERE email LIKE 'batch.%@edge.io'")" = 2497 ]

finish
