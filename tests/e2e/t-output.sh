#!/usr/bin/env bash
# Output: tables, records, JSON and CSV compared exactly with what SPEC.md
# (and format.h, the formatter's contract) says they are; display widths of
# accented, CJK and emoji text; stored control characters never reach the
# terminal; paging; colour; write errors.
. "$(dirname "$0")/lib.sh" "$1"

py=/usr/bin/python3
unset COLUMNS LINES

# --- helpers -----------------------------------------------------------------

# Creation and update times vary: mask them (and only them).
iso='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z'
mask() {
  case $1 in
    none) cat ;;
    json) sed -E "s/\"(creation_date|last_update)\": \"$iso\"/\"\\1\": \"T\"/g" ;;
    csv) sed -E "s/$iso/T/g" ;;
    human) sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}/YYYY-MM-DD HH:MM/g' ;;
  esac
}

same_file() {
  cmp -s "$work/want" "$work/got.masked" && return 0
  diff -u <(cat -A "$work/want") <(cat -A "$work/got.masked") | head -30 | sed 's/^/#   /'
  return 1
}

# exact DESCRIPTION MASK EXPECTED ARGS...: `epicevents ARGS` exits 0 and its
# standard output, masked, is byte for byte EXPECTED (2 tests). The raw
# output stays in $work/got and in $out.
exact() {
  local d=$1 m=$2 want=$3; shift 3
  "$bin" "$@" >"$work/got" 2>"$work/stderr"; code=$?
  err=$(cat "$work/stderr"); out=$(cat "$work/got")
  tests_run=$((tests_run + 1))
  if [ "$code" -eq 0 ]; then
    echo "ok $tests_run - [$backend] $d (exit 0)"
  else
    tests_failed=$((tests_failed + 1))
    echo "not ok $tests_run - [$backend] $d: exit $code, wanted 0"
    printf '%s\n' "$err" | head -5 | sed 's/^/#   err: /'
  fi
  mask "$m" <"$work/got" >"$work/got.masked"
  printf '%s' "$want" >"$work/want"
  check "$d: exact output" same_file
}

# Python on the last output ($work/got, or $out): a test that it prints "ok".
pycheck() {
  local d=$1 code=$2 res
  printf '%s' "$out" >"$work/py.in"
  res=$($py -c "
import csv, io, json, re, sys, unicodedata
raw = open(sys.argv[1], 'rb').read()
text = raw.decode('utf-8')
$code" "$work/py.in" 2>&1)
  check "$d" is_ok "$res"
}
is_ok() { [ "$1" = ok ] || { printf '%s\n' "$1" | head -8 | sed 's/^/#   py: /'; return 1; }; }

# Python helper code: display width of a line in terminal cells, and the
# check that every line of a table puts each column at the cell where its
# heading starts, after two blanks.
widths='
def cells(s):
    w = 0
    for ch in s:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w
def starts(header):
    pos, w, prev = [], 0, " "
    for ch in header:
        if ch != " " and prev == " " and w > 0:
            pos.append(w)
        prev = ch
        w += cells(ch)
    return pos
def aligned(lines):
    cols = starts(lines[1].replace("-", "x"))
    for n, line in enumerate(lines):
        w, where = 0, {}
        for i, ch in enumerate(line):
            where[w] = i
            w += cells(ch)
        where[w] = len(line)
        for p in cols:
            if p > w: continue
            i = where.get(p)
            if i is None or line[i-2:i] != "  ":
                return "line %d: column at cell %d misaligned: %r" % (n, p, line)
    return "ok"
'

no_esc() { ! grep -q $'\e' "$work/got"; }
no_raw_controls() {
  ! LC_ALL=C grep -qP '\x1b|\xc2[\x80-\x9f]|\xe2\x80[\xa8-\xae]|\xe2\x81[\xa6-\xa9]' "$work/got"
}

# Runs a command on a pseudo-terminal 300 columns wide; output in $out.
pty_run() {
  out=$($py - "$@" <<'PY'
import fcntl, os, pty, struct, sys, termios
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 300, 0, 0))
    os.execvp(sys.argv[1], sys.argv[1:])
data = b""
while True:
    try:
        b = os.read(fd, 65536)
    except OSError:
        break
    if not b:
        break
    data += b
_, st = os.waitpid(pid, 0)
sys.stdout.buffer.write(data)
sys.exit(os.waitstatus_to_exitcode(st))
PY
  ); code=$?
  printf '%s' "$out" >"$work/got"
}

# --- the demo data, exactly --------------------------------------------------
init_demo
login_as bill

exact "--json clients list" json '[
  {"id": 1, "full_name": "Kevin Casey", "email": "kevin@startup.io", "phone": "+678 123 456 78", "company_name": "Cool Startup LLC", "commercial_contact_id": 1, "commercial_name": "Bill Boquet", "creation_date": "T", "last_update": "T"}
]
' --json clients list
exact "--json contracts list" json '[
  {"id": 1, "client_id": 1, "client_name": "Kevin Casey", "commercial_contact_id": 1, "commercial_name": "Bill Boquet", "total_amount": "10000.00", "remaining_amount": "5000.00", "is_signed": true, "creation_date": "T", "payment_due_date": null}
]
' --json contracts list
exact "--json events list" none '[
  {"id": 1, "contract_id": 1, "client_name": "Kevin Casey", "name": "Lou Bouzin General Assembly", "start_date": "2023-05-05T15:00:00Z", "end_date": "2023-05-05T17:00:00Z", "support_contact_id": 2, "support_name": "Kate Hastroff", "location": "Salle des fêtes de Mufflins", "attendees_count": 200, "notes": "General assembly of shareholders (~200 people).", "timezone": "UTC"}
]
' --json events list
exact "--json contracts show 1" json '{"id": 1, "client_id": 1, "client_name": "Kevin Casey", "commercial_contact_id": 1, "commercial_name": "Bill Boquet", "total_amount": "10000.00", "remaining_amount": "5000.00", "is_signed": true, "creation_date": "T", "payment_due_date": null}
' --json contracts show 1
exact "--json clients show 1" json '{"id": 1, "full_name": "Kevin Casey", "email": "kevin@startup.io", "phone": "+678 123 456 78", "company_name": "Cool Startup LLC", "commercial_contact_id": 1, "commercial_name": "Bill Boquet", "creation_date": "T", "last_update": "T"}
' --json clients show 1
exact "--json events show 1" none '{"id": 1, "contract_id": 1, "client_name": "Kevin Casey", "name": "Lou Bouzin General Assembly", "start_date": "2023-05-05T15:00:00Z", "end_date": "2023-05-05T17:00:00Z", "support_contact_id": 2, "support_name": "Kate Hastroff", "location": "Salle des fêtes de Mufflins", "attendees_count": 200, "notes": "General assembly of shareholders (~200 people).", "timezone": "UTC"}
' --json events show 1
TZ=Europe/Paris exact "--json events show 1 with TZ=Europe/Paris: still UTC" none '{"id": 1, "contract_id": 1, "client_name": "Kevin Casey", "name": "Lou Bouzin General Assembly", "start_date": "2023-05-05T15:00:00Z", "end_date": "2023-05-05T17:00:00Z", "support_contact_id": 2, "support_name": "Kate Hastroff", "location": "Salle des fêtes de Mufflins", "attendees_count": 200, "notes": "General assembly of shareholders (~200 people).", "timezone": "UTC"}
' --json events show 1
exact "--csv events list" none $'id,contract_id,client_name,name,start_date,end_date,support_contact_id,support_name,location,attendees_count,notes,timezone\r
1,1,Kevin Casey,Lou Bouzin General Assembly,2023-05-05T15:00:00Z,2023-05-05T17:00:00Z,2,Kate Hastroff,Salle des fêtes de Mufflins,200,General assembly of shareholders (~200 people).,UTC\r
' --csv events list
# A text starting with + is a formula to a spreadsheet: quoted, apostrophe
# first (csv-read.h's formula escape; `clients import` takes it away).
exact "--csv clients list" csv $'id,full_name,email,phone,company_name,commercial_contact_id,commercial_name,creation_date,last_update\r
1,Kevin Casey,kevin@startup.io,"\'+678 123 456 78",Cool Startup LLC,1,Bill Boquet,T,T\r
' --csv clients list
exact "--csv contracts list" csv $'id,client_id,client_name,commercial_contact_id,commercial_name,total_amount,remaining_amount,is_signed,creation_date,payment_due_date\r
1,1,Kevin Casey,1,Bill Boquet,10000.00,5000.00,true,T,\r
' --csv contracts list
exact "--csv contracts show 1: header and one row" csv $'id,client_id,client_name,commercial_contact_id,commercial_name,total_amount,remaining_amount,is_signed,creation_date,payment_due_date\r
1,1,Kevin Casey,1,Bill Boquet,10000.00,5000.00,true,T,\r
' --csv contracts show 1

# Records for people: "key: value" lines, times in the local zone (TZ).
exact "clients show 1" human 'id: 1
full_name: Kevin Casey
email: kevin@startup.io
phone: +678 123 456 78
company_name: Cool Startup LLC
commercial_contact_id: 1
commercial_name: Bill Boquet
creation_date: YYYY-MM-DD HH:MM
last_update: YYYY-MM-DD HH:MM
' clients show 1
exact "contracts show 1" human 'id: 1
client_id: 1
client_name: Kevin Casey
commercial_contact_id: 1
commercial_name: Bill Boquet
total_amount: 10000.00
remaining_amount: 5000.00
is_signed: yes
creation_date: YYYY-MM-DD HH:MM
payment_due_date: -
' contracts show 1
event1_show='id: 1
contract_id: 1
client_name: Kevin Casey
name: Lou Bouzin General Assembly
start_date: 2023-05-05 15:00 UTC
end_date: 2023-05-05 17:00 UTC
support_contact_id: 2
support_name: Kate Hastroff
location: Salle des fêtes de Mufflins
attendees_count: 200
notes: General assembly of shareholders (~200 people).
timezone: UTC
'
exact "events show 1" none "$event1_show" events show 1
# An event's times are shown in its own zone (UTC here), whatever TZ says.
TZ=Europe/Paris exact "events show 1 with TZ=Europe/Paris: the event's zone" none "$event1_show" events show 1

# Keys: exactly the schema's column names plus readable names.
keys_clients='["id", "full_name", "email", "phone", "company_name", "commercial_contact_id", "commercial_name", "creation_date", "last_update"]'
keys_contracts='["id", "client_id", "client_name", "commercial_contact_id", "commercial_name", "total_amount", "remaining_amount", "is_signed", "creation_date", "payment_due_date"]'
keys_events='["id", "contract_id", "client_name", "name", "start_date", "end_date", "support_contact_id", "support_name", "location", "attendees_count", "notes", "timezone"]'
for e in clients contracts events; do
  keys_var=keys_$e
  desc="--json $e list" run 0 ee --json "$e" list
  pycheck "$e JSON keys are the schema's" "
want = ${!keys_var}
rows = json.loads(text)
print('ok' if rows and all(list(r) == want for r in rows) else [list(r) for r in rows])"
  desc="--csv $e list" run 0 ee --csv "$e" list
  pycheck "$e CSV header is the same keys" "
want = ${!keys_var}
print('ok' if text.split('\r\n')[0].split(',') == want else text.split('\r\n')[0])"
done

# Users and the journal (Management): keys are their tables' columns too.
login_as alice
desc="--json users list" run 0 ee --json users list
pycheck "users JSON: id, employee_id, name, email, creation_date" "
rows = json.loads(text)
need = ['id', 'employee_id', 'name', 'email', 'creation_date']
print('ok' if len(rows) == 3 and all(all(k in r for k in need) for r in rows) else rows)"
pycheck "users JSON has the schema's department_id column" "
rows = json.loads(text)
print('ok' if all(isinstance(r.get('department_id'), int) for r in rows) else list(rows[0]))"
pycheck "users JSON never shows a password hash" "
print('ok' if 'password' not in text and 'pbkdf2' not in text else text)"
desc="--json audit list" run 0 ee --json audit list
pycheck "audit JSON keys are audit_log's columns" "
rows = json.loads(text)
want = ['id', 'created_at', 'actor_id', 'actor_label', 'action', 'entity', 'entity_id', 'details']
print('ok' if rows and all(sorted(r) == sorted(want) for r in rows) else list(rows[0]))"

# --- people's names in many scripts ------------------------------------------
login_as bill
noel=$'Noe\xcc\x88l Comb' # 'e' + U+0308 COMBINING DIAERESIS: 4 cells for 5 code points
run 0 ee clients create --full-name "Zoë Légère" --email zoe@example.fr --phone "+33 6 12 34 56 78" --company "Café Crème SARL"
run 0 ee clients create --full-name "山田太郎" --email yamada@example.jp --phone "+81 3-1234-5678" --company "株式会社テスト"
run 0 ee clients create --full-name "🎉 Fête" --email fete@example.com --phone "+1 (555) 010-9999" --company 'Party, "Inc"'
run 0 ee clients create --full-name "$noel" --email noel@example.com --phone "0102030405" --company "Evil"
# Stored text with control characters (not through the CLI, which refuses
# them): ESC, CSI (U+009B), RIGHT-TO-LEFT OVERRIDE (U+202E), a backslash.
if [ "$db_kind" = pg ]; then chr=chr; else chr=char; fi
db_query "UPDATE clients SET company_name = 'Evil' || $chr(27) || '[31mRed' WHERE id = 5"

exact "clients list: a table aligned in terminal cells" human "ID  Full name    Email              Phone              Company           Commercial id  Commercial   Created           Updated
--  -----------  -----------------  -----------------  ----------------  -------------  -----------  ----------------  ----------------
 1  Kevin Casey  kevin@startup.io   +678 123 456 78    Cool Startup LLC              1  Bill Boquet  YYYY-MM-DD HH:MM  YYYY-MM-DD HH:MM
 2  Zoë Légère   zoe@example.fr     +33 6 12 34 56 78  Café Crème SARL               1  Bill Boquet  YYYY-MM-DD HH:MM  YYYY-MM-DD HH:MM
 3  山田太郎     yamada@example.jp  +81 3-1234-5678    株式会社テスト                1  Bill Boquet  YYYY-MM-DD HH:MM  YYYY-MM-DD HH:MM
 4  🎉 Fête      fete@example.com   +1 (555) 010-9999  Party, \"Inc\"                  1  Bill Boquet  YYYY-MM-DD HH:MM  YYYY-MM-DD HH:MM
 5  $noel    noel@example.com   0102030405         Evil\\x1b[31mRed               1  Bill Boquet  YYYY-MM-DD HH:MM  YYYY-MM-DD HH:MM
" clients list
check "clients table: no raw control character on stdout" no_raw_controls
pycheck "clients table: separator and rows have the same width in cells" "$widths
ws = {cells(l) for l in text.rstrip('\n').split('\n')[1:]}
print('ok' if len(ws) == 1 else ws)"
pycheck "clients table: every column starts at its heading's cell" "$widths
print(aligned(text.rstrip('\n').split('\n')))"
pycheck "clients table: no trailing blanks" "
print('ok' if all(l == l.rstrip(' ') for l in text.split('\n')) else 'trailing blanks')"

login_as alice
run 0 ee contracts create --client 3 --total 1234.5 --due 2027-01-31
run 0 ee contracts create --client 4 --total 99999999.99 --remaining 0 --due 2026-12-31
run 0 ee contracts sign 3
run 0 ee contracts update 1 --due 2027-06-30
exact "contracts list: amounts right-aligned, CJK and emoji clients" human "ID  Client id  Client       Commercial id  Commercial         Total  Remaining  Signed  Created           Due
--  ---------  -----------  -------------  -----------  -----------  ---------  ------  ----------------  ----------
 1          1  Kevin Casey              1  Bill Boquet     10000.00    5000.00  yes     YYYY-MM-DD HH:MM  2027-06-30
 2          3  山田太郎                 1  Bill Boquet      1234.50    1234.50  no      YYYY-MM-DD HH:MM  2027-01-31
 3          4  🎉 Fête                  1  Bill Boquet  99999999.99       0.00  yes     YYYY-MM-DD HH:MM  2026-12-31
" contracts list
pycheck "contracts table: separator and rows have the same width in cells" "$widths
ws = {cells(l) for l in text.rstrip('\n').split('\n')[1:]}
print('ok' if len(ws) == 1 else ws)"
desc="--json contracts list" run 0 ee --json contracts list
pycheck "contracts JSON: amounts are strings with two decimals, is_signed a boolean" "
rows = json.loads(text)
ok = all(isinstance(r[k], str) and re.fullmatch(r'\d+\.\d\d', r[k]) for r in rows for k in ('total_amount', 'remaining_amount'))
ok = ok and [r['is_signed'] for r in rows] == [True, False, True]
ok = ok and [r['total_amount'] for r in rows] == ['10000.00', '1234.50', '99999999.99']
ok = ok and [r['client_name'] for r in rows] == ['Kevin Casey', '山田太郎', '🎉 Fête']
print('ok' if ok else rows)"

# --- events: nulls, notes with control characters -----------------------------
login_as bill
run 0 ee events create --contract 1 --name "Réunion 🎉" --start "2027-01-01 10:00" --end "2027-01-01 12:00" --location Paris --attendees 5
run 0 ee events create --contract 1 --name Notes --start "2020-01-01 10:00" --end "2020-01-01 12:00" --location Lyon --attendees 5 --notes $'line1\nline2\ttab, "q"'
run 0 ee events create --contract 1 --name Injected --start "2025-01-01 09:00" --end "2025-01-01 10:00" --location Nice --attendees 1
db_query "UPDATE events SET notes = 'esc' || $chr(27) || '[31mred' || $chr(155) || 'csi' || $chr(8238) || 'rlo\\back' WHERE id = 4"

exact "--json events show 2: null where there is no support and no notes" none '{"id": 2, "contract_id": 1, "client_name": "Kevin Casey", "name": "Réunion 🎉", "start_date": "2027-01-01T10:00:00Z", "end_date": "2027-01-01T12:00:00Z", "support_contact_id": null, "support_name": null, "location": "Paris", "attendees_count": 5, "notes": null, "timezone": "UTC"}
' --json events show 2
exact "--json events show 3: newline and tab escaped in JSON" none '{"id": 3, "contract_id": 1, "client_name": "Kevin Casey", "name": "Notes", "start_date": "2020-01-01T10:00:00Z", "end_date": "2020-01-01T12:00:00Z", "support_contact_id": null, "support_name": null, "location": "Lyon", "attendees_count": 5, "notes": "line1\nline2\ttab, \"q\"", "timezone": "UTC"}
' --json events show 3
exact "events show 3: newline and tab shown escaped" none 'id: 3
contract_id: 1
client_name: Kevin Casey
name: Notes
start_date: 2020-01-01 10:00 UTC
end_date: 2020-01-01 12:00 UTC
support_contact_id: -
support_name: -
location: Lyon
attendees_count: 5
notes: line1\nline2\ttab, "q"
timezone: UTC
' events show 3
exact "events show 4: ESC, C1 and bidi controls shown escaped" none 'id: 4
contract_id: 1
client_name: Kevin Casey
name: Injected
start_date: 2025-01-01 09:00 UTC
end_date: 2025-01-01 10:00 UTC
support_contact_id: -
support_name: -
location: Nice
attendees_count: 1
notes: esc\x1b[31mred\u009bcsi\u202erlo\back
timezone: UTC
' events show 4
check "events show 4: no raw control character on stdout" no_raw_controls
exact "events list: escaped notes, nulls as '-', aligned" none 'ID  Contract  Client       Name                         Start                 End                   Support id  Support        Location                     Attendees  Notes                                            Time zone
--  --------  -----------  ---------------------------  --------------------  --------------------  ----------  -------------  ---------------------------  ---------  -----------------------------------------------  ---------
 1         1  Kevin Casey  Lou Bouzin General Assembly  2023-05-05 15:00 UTC  2023-05-05 17:00 UTC           2  Kate Hastroff  Salle des fêtes de Mufflins        200  General assembly of shareholders (~200 people).  UTC
 2         1  Kevin Casey  Réunion 🎉                   2027-01-01 10:00 UTC  2027-01-01 12:00 UTC           -  -              Paris                                5  -                                                UTC
 3         1  Kevin Casey  Notes                        2020-01-01 10:00 UTC  2020-01-01 12:00 UTC           -  -              Lyon                                 5  line1\nline2\ttab, "q"                           UTC
 4         1  Kevin Casey  Injected                     2025-01-01 09:00 UTC  2025-01-01 10:00 UTC           -  -              Nice                                 1  esc\x1b[31mred\u009bcsi\u202erlo\back            UTC
' events list
check "events table: no raw control character on stdout" no_raw_controls
pycheck "events table: every column starts at its heading's cell" "$widths
print(aligned(text.rstrip('\n').split('\n')))"
desc="--json events list" run 0 ee --json events list
pycheck "events JSON parses (strictly) and keeps every stored character" "
rows = json.loads(text, strict=True)
ok = [r['id'] for r in rows] == [1, 2, 3, 4]
ok = ok and rows[1]['support_contact_id'] is None and rows[1]['support_name'] is None and rows[1]['notes'] is None
ok = ok and rows[2]['notes'] == 'line1\nline2\ttab, \"q\"'
ok = ok and rows[3]['notes'] == 'esc\x1b[31mred\x9bcsi\u202erlo\\\\back'
print('ok' if ok else rows)"
pycheck "events JSON: ESC written as \\u001b, newline as \\n" "
print('ok' if re.search(r'\\\\u001[bB]\[31mred', text) and 'line1\\\\nline2\\\\t' in text and '\x1b' not in text else text[-300:])"
exact "--csv events list --limit 2 --offset 1: RFC 4180 quoting" none $'id,contract_id,client_name,name,start_date,end_date,support_contact_id,support_name,location,attendees_count,notes,timezone\r
2,1,Kevin Casey,Réunion 🎉,2027-01-01T10:00:00Z,2027-01-01T12:00:00Z,,,Paris,5,,UTC\r
3,1,Kevin Casey,Notes,2020-01-01T10:00:00Z,2020-01-01T12:00:00Z,,,Lyon,5,"line1\nline2\ttab, ""q""",UTC\r
' --csv events list --limit 2 --offset 1
"$bin" --csv clients list >"$work/got"; out=$(cat "$work/got"; echo .); out=${out%.}
pycheck "clients CSV parses back to the stored values" "
rows = list(csv.reader(io.StringIO(text, newline='')))
ok = rows[0] == ['id', 'full_name', 'email', 'phone', 'company_name', 'commercial_contact_id', 'commercial_name', 'creation_date', 'last_update']
ok = ok and [r[1] for r in rows[1:]] == ['Kevin Casey', 'Zoë Légère', '山田太郎', '🎉 Fête', 'Noe\u0308l Comb']
ok = ok and rows[4][4] == 'Party, \"Inc\"' and rows[5][4] == 'Evil\x1b[31mRed'
ok = ok and text.count('\r\n') == 6 and text.endswith('\r\n')
print('ok' if ok else rows)"
exact "--json clients show 4: quotes escaped" json '{"id": 4, "full_name": "🎉 Fête", "email": "fete@example.com", "phone": "+1 (555) 010-9999", "company_name": "Party, \"Inc\"", "commercial_contact_id": 1, "commercial_name": "Bill Boquet", "creation_date": "T", "last_update": "T"}
' --json clients show 4
desc="--json clients list" run 0 ee --json clients list
pycheck "clients JSON keeps the combining mark and the ESC" "
rows = json.loads(text, strict=True)
print('ok' if rows[4]['full_name'] == 'Noe\u0308l Comb' and rows[4]['company_name'] == 'Evil\x1b[31mRed' else rows)"

# SQLite can hold invalid UTF-8 (PostgreSQL cannot): JSON must still parse,
# and the table must still be valid UTF-8, showing the bytes escaped.
if [ "$backend" = sqlite ]; then
  db_query "UPDATE events SET location = 'Caf' || CAST(X'E9FF' AS TEXT) WHERE id = 4"
  "$bin" --json events show 4 >"$work/got"; out=$(cat "$work/got")
  pycheck "invalid UTF-8 in storage: JSON still parses" "
print('ok' if json.loads(text, strict=True)['location'].startswith('Caf') else text)"
  "$bin" events list >"$work/got"
  check "invalid UTF-8 in storage: the table is valid UTF-8" iconv -f UTF-8 -t UTF-8 -o /dev/null "$work/got"
  check "invalid UTF-8 in storage: the bytes are shown escaped" grep -q 'Caf\\xe9\\xff' "$work/got"
  db_query "UPDATE events SET location = 'Nice' WHERE id = 4"
fi

# --- paging --------------------------------------------------------------------
ids() { $py -c 'import json,sys; print(" ".join(str(r["id"]) for r in json.loads(sys.stdin.read())))' <<<"$out"; }
desc="clients --limit 1 --offset 1" run 0 ee --json clients list --limit 1 --offset 1
check "--limit 1 --offset 1 is the second client" is "$(ids)" 2
desc="clients --limit 2 --offset 3" run 0 ee --json clients list --limit 2 --offset 3
check "--limit 2 --offset 3 is clients 4 and 5" is "$(ids)" "4 5"
desc="clients --limit 1" run 0 ee --json clients list --limit 1
check "--limit 1 is the first client" is "$(ids)" 1
desc="clients --offset 5" run 0 ee --json clients list --offset 5
check "an offset past the end is an empty list" is "$out" "[]"
desc="events list" run 0 ee --json events list
check "events list in ascending id order, whatever the dates" is "$(ids)" "1 2 3 4"
desc="events --limit 1 --offset 2" run 0 ee --json events list --limit 1 --offset 2
check "events --limit 1 --offset 2 is event 3" is "$(ids)" 3
desc="contracts --limit 1 --offset 1" run 0 ee --json contracts list --limit 1 --offset 1
check "contracts --limit 1 --offset 1 is contract 2" is "$(ids)" 2
exact "a page of the table is sized to its own rows" human 'ID  Full name  Email              Phone            Company         Commercial id  Commercial   Created           Updated
--  ---------  -----------------  ---------------  --------------  -------------  -----------  ----------------  ----------------
 3  山田太郎   yamada@example.jp  +81 3-1234-5678  株式会社テスト              1  Bill Boquet  YYYY-MM-DD HH:MM  YYYY-MM-DD HH:MM
' clients list --limit 1 --offset 2

# --- empty lists -------------------------------------------------------------------
exact "an empty list in JSON is []" none $'[]\n' --json clients list --search nobody-matches
exact "an empty list in CSV is the header alone" none $'id,full_name,email,phone,company_name,commercial_contact_id,commercial_name,creation_date,last_update\r\n' \
  --csv clients list --search nobody-matches
exact "an empty table says (no rows)" none $'(no rows)\n' clients list --search nobody-matches
exact "an empty events list in JSON" none $'[]\n' --json events list --from 2100-01-01

# --- colour -------------------------------------------------------------------------
pty_run env -u NO_COLOR TERM=xterm-256color "$bin" clients list
check "on a terminal: exit 0" [ "$code" -eq 0 ]
check "on a terminal, without NO_COLOR: colour (ANSI codes)" grep -q $'\e\\[' "$work/got"
pty_run env -u NO_COLOR TERM=xterm-256color "$bin" --no-color clients list
check "--no-color on a terminal: exit 0" [ "$code" -eq 0 ]
check "--no-color on a terminal: no ANSI code" no_raw_controls
check "--no-color on a terminal: the table is there" grep -q "山田太郎" "$work/got"
pty_run env NO_COLOR=1 TERM=xterm-256color "$bin" clients list
check "NO_COLOR on a terminal: exit 0" [ "$code" -eq 0 ]
check "NO_COLOR on a terminal: no ANSI code" no_raw_controls
pty_run env -u NO_COLOR TERM=xterm-256color "$bin" --no-color events show 4
check "--no-color show on a terminal: stored ESC still escaped" no_raw_controls
pty_run env -u NO_COLOR TERM=xterm-256color "$bin" events list
check "coloured table on a terminal: the stored ESC is escaped" grep -q 'esc\\x1b\[31mred' "$work/got"
check "coloured table on a terminal: no raw C1 or bidi control" \
  bash -c '! LC_ALL=C grep -qP "\xc2[\x80-\x9f]|\xe2\x80[\xa8-\xae]" "$0"' "$work/got"
pty_run env -u NO_COLOR TERM=xterm-256color "$bin" --json clients list
check "--json on a terminal: no ANSI code" no_esc
env -u NO_COLOR "$bin" clients list >"$work/got" 2>&1
check "not a terminal: no colour even without NO_COLOR" no_esc

# --- write errors -------------------------------------------------------------------
for args in "clients list" "--json clients list" "--csv events list" "clients show 1" \
            "--json contracts show 1" "events list --limit 1"; do
  # shellcheck disable=SC2086
  desc="$args > /dev/full" run 1 bash -c '"$0" "$@" > /dev/full' "$bin" $args
  check "$args > /dev/full: one line 'cannot write output'" \
    bash -c '[ "$(printf "%s\n" "$0" | wc -l)" -eq 1 ] && [[ "$0" == "epicevents: cannot write output"* ]]' "$err"
done

finish
