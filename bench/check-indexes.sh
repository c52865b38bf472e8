#!/bin/sh
# Checks, with EXPLAIN, that each filtered listing of epicevents can use and
# does use its index, on SQLite and PostgreSQL (details: check_indexes.py).
#
#   bench/check-indexes.sh --sqlite PATH [--pg CONNINFO] ...   existing databases
#   bench/check-indexes.sh [EPICEVENTS_BINARY]                 makes its own:
#       a SQLite database, and a PostgreSQL one when EPICEVENTS_TEST_PG is set
#       (e.g. from scripts/pg-cluster.sh), each `db init --demo` + bench/gen-data
#       with CHECK_ROWS rows per table (default 20000) + bench/gen-journal with
#       CHECK_JOURNAL_ROWS journal rows (default 10 x CHECK_ROWS), removed at the end.
#
# Prints each check (PASS / FAIL / INFO) and exits 1 when one fails.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)

py=${PYTHON:-/usr/bin/python3}
[ -x "$py" ] || py=python3

case ${1:-} in
--sqlite|--pg|--sqlite=*|--pg=*)
	exec "$py" "$here/check_indexes.py" "$@"
	;;
esac

bin=${1:-${EPICEVENTS:-$top/build/epicevents}}
[ -x "$bin" ] || { echo "check-indexes: no epicevents binary at '$bin' (give its path)" >&2; exit 2; }
rows=${CHECK_ROWS:-20000}
journal_rows=${CHECK_JOURNAL_ROWS:-$((rows * 10))}
tmp=$(mktemp -d /tmp/epicevents-checkidx.XXXXXX)
pgdb=
cleanup() {
	if [ -n "$pgdb" ]; then
		psql -X -q -d "$EPICEVENTS_TEST_PG" -c "DROP DATABASE IF EXISTS $pgdb" >/dev/null 2>&1 || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# the program reads .env from its current directory: run it from $tmp
cd "$tmp"
HOME=$tmp
export HOME
DATABASE_URL="sqlite:$tmp/check.db" "$bin" db init --demo >/dev/null
"$py" "$here/gen-data" --rows "$rows" --sqlite "$tmp/check.db" --cache "$tmp/cache" 2>/dev/null
"$py" "$here/gen-journal" --rows "$journal_rows" --sqlite "$tmp/check.db" 2>/dev/null
set -- --sqlite "$tmp/check.db"

if [ -n "${EPICEVENTS_TEST_PG:-}" ]; then
	pgdb=check_indexes_$$
	psql -X -q -v ON_ERROR_STOP=1 -d "$EPICEVENTS_TEST_PG" -c "CREATE DATABASE $pgdb" >/dev/null
	conninfo=$(printf '%s\n' "$EPICEVENTS_TEST_PG" | sed "s/dbname=[^ ]*//") 
	conninfo="$conninfo dbname=$pgdb"
	DATABASE_URL="$conninfo" "$bin" db init --demo >/dev/null
	"$py" "$here/gen-data" --rows "$rows" --pg "$conninfo" --cache "$tmp/cache" 2>/dev/null
	"$py" "$here/gen-journal" --rows "$journal_rows" --pg "$conninfo" 2>/dev/null
	set -- "$@" --pg "$conninfo"
else
	echo "check-indexes: EPICEVENTS_TEST_PG is not set: SQLite only"
fi

"$py" "$here/check_indexes.py" "$@"
