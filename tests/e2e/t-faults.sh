#!/usr/bin/env bash
# Faults: a full disk, a read-only database, kill -9 in the middle of writes,
# concurrent migrations, the database server going away. Each gives exit
# code 1 (or succeeds) with one clear line, and the data stays consistent.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh" "$1"
top="$here/../.."

# Foreign keys and CHECK rules hold, and every stored client, contract and
# event has the journal row of its creation (no half-written change).
consistent() {
  if [ "$backend" = sqlite ]; then
    [ "$(db_query 'PRAGMA integrity_check')" = ok ] || return 1
    [ -z "$(db_query 'PRAGMA foreign_key_check')" ] || return 1
  fi
  [ "$(db_query "SELECT count(*) FROM contracts WHERE remaining_amount < 0 OR remaining_amount > total_amount")" = 0 ] || return 1
  [ "$(db_query "SELECT count(*) FROM events WHERE end_date < start_date")" = 0 ] || return 1
  local t
  for t in client contract event; do
    [ "$(db_query "SELECT count(*) FROM ${t}s x WHERE x.id > 1 AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = '$t' AND a.entity_id = x.id AND a.action = 'create')")" = 0 ] || return 1
  done
}

# --- two processes initialising at once ----------------------------------------
for i in 1 2 3 4; do ( ee db init --demo >/dev/null 2>&1; echo $? > "$work/init.$i" ) & done
wait
check "4 concurrent db init --demo all succeed" [ "$(cat "$work"/init.* | sort -u)" = 0 ]
check "the demo data is loaded once" [ "$(db_query 'SELECT count(*) FROM users')" = 3 ]
check "each schema version applied once" \
  [ "$(db_query 'SELECT count(*) FROM schema_version')" = "$(db_query 'SELECT max(version) FROM schema_version')" ]
check "three departments, not twelve" [ "$(db_query 'SELECT count(*) FROM departments')" = 3 ]
init_demo
login_as alice
use_as bill

# --- kill -9 in the middle of writes ------------------------------------------------
for round in $(seq 6); do
  ee clients create --full-name "Victim $round" --email "victim$round@x.io" --phone 0102030405 --company V >/dev/null 2>&1 &
  pid=$!
  sleep "0.0$(( RANDOM % 9 ))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
done
check "after kill -9 during writes the database is consistent" consistent
run 0 ee clients list
check "and still serves" contains "$out" "Kevin Casey"

# --- full disk and read-only file (needs root to mount a small tmpfs) ---------------------------
if [ "$backend" = sqlite ] && [ "$(id -u)" = 0 ] && mkdir -p "$work/small" &&
   mount -t tmpfs -o size=1m tmpfs "$work/small" 2>/dev/null; then
  cp "$work/crm.db" "$work/small/crm.db"
  db="sqlite:$work/small/crm.db"
  before=$(sqlite3 "$work/small/crm.db" "SELECT count(*) FROM clients")
  dd if=/dev/zero of="$work/small/filler" bs=4k 2>/dev/null
  run 1 ee --db "$db" clients create --full-name "Full Disk" --email full@x.io --phone 0102030405 --company F
  check "a full disk: one clear line" one_error_line
  check "the message says the disk is full" bash -c 'grep -qiE "full|space" <<<"$0"' "$err"
  rm -f "$work/small/filler"
  check "nothing half-written after a full disk" \
    [ "$(sqlite3 "$work/small/crm.db" "SELECT count(*) FROM clients")" = "$before" ]
  check "integrity after a full disk" [ "$(sqlite3 "$work/small/crm.db" 'PRAGMA integrity_check')" = ok ]

  # The token file on a full disk: login fails cleanly, leaves no debris.
  dd if=/dev/zero of="$work/small/filler" bs=4k 2>/dev/null
  stdin_text=$'password123\n'
  run 1 env EPICEVENTS_TOKEN_FILE="$work/small/token" "$bin" login --email kate.hastroff@epic.com --password-stdin
  check "token file on a full disk: one clear line" one_error_line
  check "no partial token file is left" [ -z "$(ls "$work/small" | grep -v -e '^filler$' -e '^crm.db')" ]
  rm -f "$work/small/filler"

  mount -o remount,ro "$work/small"
  run 1 ee --db "$db" clients create --full-name "Read Only" --email ro@x.io --phone 0102030405 --company R
  check "a read-only database: one clear line" one_error_line
  umount "$work/small"
else
  echo "# skipping full-disk and read-only checks (needs root and tmpfs; sqlite only)"
fi

# --- the PostgreSQL server going away ---------------------------------------------------
if [ "$backend" = pg ]; then
  own=$(mktemp -d /tmp/epicevents-fault-pg.XXXXXX)
  if "$top/scripts/pg-cluster.sh" start "$own" >/dev/null 2>&1; then
    own_url=$(sed -n "s/^EPICEVENTS_TEST_PG='\(.*\)'$/\1/p" "$own/env")
    "$(psql_bin)" -X -q "$own_url" -c "CREATE DATABASE faults" >/dev/null
    own_url=${own_url/dbname=postgres/dbname=faults}
    run 0 ee --db "$own_url" db init --demo
    stdin_text=$'admin123\n'
    run 0 env EPICEVENTS_TOKEN_FILE="$work/own.tok" "$bin" --db "$own_url" login --email alice.manager@epic.com --password-stdin
    # Many rows, so that the listing is still streaming when the server stops.
    "$(psql_bin)" -X -q "$own_url" -c "INSERT INTO clients (full_name, email, phone, company_name, creation_date, commercial_contact_id) SELECT 'Bulk ' || g, 'bulk' || g || '@x.io', '0102030405', 'Bulk', now(), 1 FROM generate_series(1, 200000) g" >/dev/null
    # A restart (fast: every connection is cut) in the middle of a listing,
    # then of a batch of writes: exit 1 and one line each; the next command
    # works again and nothing is half-written.
    ( EPICEVENTS_TOKEN_FILE="$work/own.tok" "$bin" --db "$own_url" --json clients list 2>"$work/mid.err" | (sleep 1; cat >/dev/null); echo "${PIPESTATUS[0]}" > "$work/mid.code" ) &
    sleep 0.5
    "$top/scripts/pg-cluster.sh" restart "$own" >/dev/null 2>&1
    wait
    mid_code=$(cat "$work/mid.code"); mid_err=$(cat "$work/mid.err")
    check "server restarted mid-listing: exit 1 (got $mid_code)" [ "$mid_code" = 1 ]
    check "server restarted mid-listing: one line" [ "$(wc -l <<<"$mid_err")" = 1 ]
    ( for i in $(seq 200); do
        EPICEVENTS_TOKEN_FILE="$work/own.tok" "$bin" --db "$own_url" contracts create --client 1 \
          --total 777.77 >/dev/null 2>>"$work/restart.err"
        echo $? >> "$work/restart.codes"
      done ) &
    sleep 0.3
    "$top/scripts/pg-cluster.sh" restart "$own" >/dev/null 2>&1
    wait
    check "writes across a restart: only exit 0 or 1" [ -z "$(grep -v -e '^0$' -e '^1$' "$work/restart.codes")" ]
    out=$(sort "$work/restart.codes" | uniq -c) err=$(cat "$work/restart.err")
    check "writes across a restart: every failure is one clear line" \
      [ "$(grep -c '^epicevents: ' "$work/restart.err")" = "$(grep -c '^1$' "$work/restart.codes")" ]
    written=$("$(psql_bin)" -X -At "$own_url" -c "SELECT count(*) FROM contracts WHERE total_amount = 777.77")
    journalled=$("$(psql_bin)" -X -At "$own_url" -c "SELECT count(*) FROM audit_log a JOIN contracts c ON c.id = a.entity_id AND a.entity = 'contract' WHERE c.total_amount = 777.77 AND a.action = 'create'")
    # A commit cut before its acknowledgement may have landed: at least every
    # success is written, and every written client has its journal row.
    check "writes across a restart: every success is written ($written)" \
      [ "$written" -ge "$(grep -c '^0$' "$work/restart.codes")" ]
    check "writes across a restart: each contract written is journalled, none half-written" \
      [ "$written" = "$journalled" ]
    run 0 env EPICEVENTS_TOKEN_FILE="$work/own.tok" "$bin" --db "$own_url" clients list --limit 1
    check "after a restart the next command works" contains "$out" "Kevin Casey"
    ( EPICEVENTS_TOKEN_FILE="$work/own.tok" "$bin" --db "$own_url" --json clients list 2>"$work/mid.err" | (sleep 1; cat >/dev/null); echo "${PIPESTATUS[0]}" > "$work/mid.code" ) &
    sleep 0.5
    "$top/scripts/pg-cluster.sh" stop "$own" >/dev/null 2>&1
    wait
    mid_code=$(cat "$work/mid.code"); mid_err=$(cat "$work/mid.err")
    check "server stopped mid-listing: exit 1 (got $mid_code)" [ "$mid_code" = 1 ]
    check "server stopped mid-listing: one line" [ "$(wc -l <<<"$mid_err")" = 1 ]
    run 1 env EPICEVENTS_TOKEN_FILE="$work/own.tok" "$bin" --db "$own_url" clients list
    check "server gone: says it cannot connect" contains "$err" "cannot connect"
  else
    echo "# could not start a private cluster; skipping the server-stop checks"
  fi
fi
check "the database is consistent at the end" consistent
finish
