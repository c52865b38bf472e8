# lib.sh — helpers for the end-to-end tests: each test file sources this,
# runs the real binary against a fresh database of the backend named by its
# first argument (sqlite or pg), and prints TAP.
#
#   . "$(dirname "$0")/lib.sh" "$1"
#   init_demo
#   login_as bill
#   run 0 ee clients list          # expect exit code 0; $out, $err hold output
#   check "bill sees Kevin" grep -q "Kevin Casey" <<<"$out"
#   finish
set -u

backend=${1:-sqlite}
bin=${EPICEVENTS_BIN:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/build/epicevents}
# EPICEVENTS_WRAPPER (e.g. scripts/valgrind-bin.sh) runs every command
# through a wrapper that finds the program in EPICEVENTS_REAL_BIN.
if [ -n "${EPICEVENTS_WRAPPER:-}" ]; then
  export EPICEVENTS_REAL_BIN=$bin
  bin=$EPICEVENTS_WRAPPER
fi
work=$(mktemp -d /tmp/epicevents-e2e.XXXXXX)
chmod 755 "$work"
tests_run=0
tests_failed=0
pg_db=""

export HOME="$work/home"
export XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state"
export EPICEVENTS_TOKEN_FILE="$work/home/.epic_events_token"
export TZ=UTC NO_COLOR=1
unset DATABASE_URL DB_HOST DB_PORT DB_NAME DB_USERNAME DB_PASSWORD JWT_SECRET_KEY SENTRY_DSN
mkdir -p "$HOME"
cd "$work" || exit 1

psql_bin() {
  if command -v psql >/dev/null 2>&1; then echo psql; else echo /usr/lib/postgresql/15/bin/psql; fi
}

# Runs SQL on the admin database of the test cluster.
pg_admin() {
  "$(psql_bin)" -X -q -v ON_ERROR_STOP=1 "$EPICEVENTS_TEST_PG" "$@"
}

case "$backend" in
  sqlite)
    export DATABASE_URL="sqlite:$work/crm.db"
    ;;
  pg)
    if [ -z "${EPICEVENTS_TEST_PG:-}" ]; then
      if [ -n "${EPICEVENTS_REQUIRE_PG:-}" ]; then
        echo "Bail out! EPICEVENTS_TEST_PG is not set"; exit 1
      fi
      echo "1..0 # SKIP no PostgreSQL test cluster (run 'make test')"; exit 0
    fi
    pg_db="e2e_$(basename "$0" .sh | tr -c 'a-z0-9\n' '_')_$$_$RANDOM"
    pg_admin -c "CREATE DATABASE $pg_db" >/dev/null || { echo "Bail out! cannot create $pg_db"; exit 1; }
    export DATABASE_URL="${EPICEVENTS_TEST_PG/dbname=postgres/dbname=$pg_db}"
    ;;
  *) echo "Bail out! unknown backend '$backend'"; exit 1 ;;
esac

cleanup() {
  cd / || true
  if [ -n "$pg_db" ]; then
    pg_admin -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# SQL on the test database, one value per line, no headers.
db_query() {
  if [ "$backend" = pg ]; then
    "$(psql_bin)" -X -q -A -t -v ON_ERROR_STOP=1 "$DATABASE_URL" -c "$1"
  else
    sqlite3 -batch -cmd ".timeout 5000" "$work/crm.db" "$1"
  fi
}

ee() { "$bin" "$@"; }

# run CODE COMMAND...: runs it with stdin from $stdin_text (empty by default),
# keeps stdout in $out and stderr in $err, and records a test that the exit
# code is CODE and that nothing crashed.
stdin_text=""
out=""
err=""
code=0
run() {
  local want=$1; shift
  local desc="${desc:-$*}"
  desc=${desc//$'\n'/\\n} # one TAP line, whatever the arguments hold
  out=$(printf '%s' "$stdin_text" | "$@" 2>"$work/stderr"); code=$?
  err=$(cat "$work/stderr")
  stdin_text=""
  tests_run=$((tests_run + 1))
  if [ "$code" -eq "$want" ] && [ "$code" -lt 128 ]; then
    echo "ok $tests_run - [$backend] $desc (exit $code)"
  else
    tests_failed=$((tests_failed + 1))
    echo "not ok $tests_run - [$backend] $desc: exit $code, wanted $want"
    printf '%s\n' "$out" | head -20 | sed 's/^/#   out: /'
    printf '%s\n' "$err" | head -20 | sed 's/^/#   err: /'
  fi
  desc=""
}

# check DESCRIPTION COMMAND...: a test that COMMAND succeeds.
check() {
  local d=${1//$'\n'/\\n}; shift
  tests_run=$((tests_run + 1))
  if "$@"; then
    echo "ok $tests_run - [$backend] $d"
  else
    tests_failed=$((tests_failed + 1))
    echo "not ok $tests_run - [$backend] $d"
    printf '%s\n' "$out" | head -20 | sed 's/^/#   out: /'
    printf '%s\n' "$err" | head -10 | sed 's/^/#   err: /'
  fi
}

# Exactly one line on stderr, starting "epicevents: ".
one_error_line() {
  [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && [[ "$err" == "epicevents: "* ]]
}

contains() { [[ "$1" == *"$2"* ]]; }

declare -A password_of=(
  [bill]=password123 [kate]=password123 [alice]=admin123
)
declare -A email_of=(
  [bill]=bill.boquet@epic.com [kate]=kate.hastroff@epic.com [alice]=alice.manager@epic.com
)

init_demo() {
  run 0 ee db init --demo
}

login_as() {
  local who=$1
  stdin_text="${password_of[$who]}"$'\n'
  desc="login as $who" run 0 ee login --email "${email_of[$who]}" --password-stdin
}

# Switches to WHO's session, logging in only the first time (PBKDF2 at
# 600000 rounds makes each login cost about 0.2 s).
declare -A token_of=()
use_as() {
  local who=$1
  if [ -z "${token_of[$who]:-}" ]; then
    login_as "$who"
    token_of[$who]="$work/token.$who"
    cp "$EPICEVENTS_TOKEN_FILE" "${token_of[$who]}"
  else
    cp "${token_of[$who]}" "$EPICEVENTS_TOKEN_FILE"
  fi
}

# The rows of the tables named, in one database call (psql costs 0.1 s a
# call), each under a "== TABLE" line; settings are ordered by key.
snapshot_tables() {
  local t sql=()
  for t in "$@"; do
    if [ "$t" = settings ]; then
      sql+=("SELECT '== settings'" "SELECT * FROM settings ORDER BY key")
    else
      sql+=("SELECT '== $t'" "SELECT * FROM $t ORDER BY id")
    fi
  done
  if [ "$backend" = pg ]; then
    local args=() s
    for s in "${sql[@]}"; do args+=(-c "$s"); done
    "$(psql_bin)" -X -q -A -t -v ON_ERROR_STOP=1 "$DATABASE_URL" "${args[@]}"
  else
    local IFS=';'
    sqlite3 -batch -cmd ".timeout 5000" "$work/crm.db" "${sql[*]}"
  fi
}

# The data, to prove a refused command changed nothing (failed logins are
# journalled, so the journal and the throttle are not in it).
db_snapshot() { snapshot_tables departments users clients contracts events; }
# Every table, journal, throttle and settings included.
db_snapshot_all() {
  snapshot_tables departments users clients contracts events audit_log login_attempts settings
}

# is GOT WANTED: equal, else says both (for check).
is() { [ "$1" = "$2" ] || { echo "#   got '$1', wanted '$2'"; return 1; }; }

finish() {
  echo "1..$tests_run"
  [ "$tests_failed" -eq 0 ]
}
