#!/usr/bin/env bash
# A PostgreSQL database made by the original Python project is adopted by
# `db migrate`: every row kept, every password still working.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh" "$1"
fixture="$here/../fixtures/original-demo.sql"

if [ "$db_kind" != pg ]; then
  echo "1..0 # SKIP the original project ran on PostgreSQL only"
  exit 0
fi
"$(psql_bin)" -X -q -v ON_ERROR_STOP=1 "$DATABASE_URL" -f "$fixture" >/dev/null 2>&1
check "the original project's dump loads" [ "$(db_query 'SELECT count(*) FROM users')" = 3 ]
# The original project's columns, as they were (migration adds columns).
original_rows() {
  db_query "SELECT id, employee_id, name, email, password_hash, department_id, creation_date FROM users ORDER BY id"
  db_query "SELECT * FROM departments ORDER BY id"
  db_query "SELECT id, full_name, email, phone, company_name, creation_date, last_update, commercial_contact_id FROM clients ORDER BY id"
  db_query "SELECT id, client_id, commercial_contact_id, total_amount, remaining_amount, creation_date, is_signed FROM contracts ORDER BY id"
  db_query "SELECT id, contract_id, name, start_date, end_date, support_contact_id, location, attendees_count, notes FROM events ORDER BY id"
}
before=$(original_rows)

run 1 ee whoami
check "an unadopted database says to migrate" contains "$err" "db migrate"
run 0 admin db migrate
check "migrate says it adopted the database" contains "$out" "adopted"
check "every row is kept, unchanged" [ "$(original_rows)" = "$before" ]
check "adopted events are in UTC" \
  [ "$(db_query "SELECT count(*) FROM events WHERE timezone <> 'UTC'")" = 0 ]
run 0 admin db migrate
check "a second migrate is a no-op" contains "$out" "up to date"

for who in bill kate alice; do
  login_as "$who"
done
run 0 ee --json contracts show 1
check "the original contract reads 10000.00 / 5000.00" \
  contains "$out" '"total_amount": "10000.00", "remaining_amount": "5000.00", "is_signed": true'
run 0 ee --json events show 1
check "the original event's times are UTC" contains "$out" '"start_date": "2023-05-05T15:00:00Z"'
run 0 ee contracts create --client 1 --total 42.42
check "new rows get fresh ids after the original's" \
  [ "$(db_query 'SELECT max(id) FROM contracts')" = 2 ]
check "the old hashes were upgraded at login" \
  [ "$(db_query "SELECT count(*) FROM users WHERE password_hash LIKE '\$pbkdf2-sha256\$600000\$%'")" = 3 ]
finish
