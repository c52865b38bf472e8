# lib.sh — helpers for the end-to-end tests: each test file sources this,
# runs the real binary against a fresh database of the backend named by its
# first argument (sqlite, pg, or remote: the client through `epicevents
# serve`, itself on a fresh PostgreSQL database), and prints TAP.
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
# remote: the server's process, port and log; db_kind is the database under
# it all (remote runs on PostgreSQL), for checks that read it directly.
server_pid=""
server_url=""
server_log="$work/serve.log"
server_env=()
db_kind=$backend
[ "$backend" = remote ] && db_kind=pg

export HOME="$work/home"
export XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state"
export EPICEVENTS_TOKEN_FILE="$work/home/.epic_events_token"
export TZ=UTC NO_COLOR=1
# The checks read English messages: whatever the caller's language, the
# program speaks English here (t-french.sh switches to French itself).
export LC_MESSAGES=C
unset LANGUAGE
unset DATABASE_URL DB_HOST DB_PORT DB_NAME DB_USERNAME DB_PASSWORD JWT_SECRET_KEY SENTRY_DSN
unset EPICEVENTS_SERVER EPICEVENTS_CA_FILE
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
  pg|remote)
    if [ -z "${EPICEVENTS_TEST_PG:-}" ]; then
      if [ -n "${EPICEVENTS_REQUIRE_PG:-}" ]; then
        echo "Bail out! EPICEVENTS_TEST_PG is not set"; exit 1
      fi
      echo "1..0 # SKIP no PostgreSQL test cluster (run 'make test')"; exit 0
    fi
    pg_db="e2e_$(basename "$0" .sh | tr -c 'a-z0-9\n' '_')_$$_$RANDOM"
    pg_admin -c "CREATE DATABASE $pg_db" >/dev/null || { echo "Bail out! cannot create $pg_db"; exit 1; }
    DATABASE_URL="${EPICEVENTS_TEST_PG/dbname=postgres/dbname=$pg_db}"
    # remote: the clients know only the server (EPICEVENTS_SERVER, below);
    # DATABASE_URL stays a shell variable for the server-side administration.
    [ "$backend" = pg ] && export DATABASE_URL
    ;;
  *) echo "Bail out! unknown backend '$backend'"; exit 1 ;;
esac

# remote: `epicevents serve` over $DATABASE_URL on a free loopback port,
# from a directory of its own (no .env of the tests), its log in
# $server_log; returns once it answers /healthz (/readyz with "ready").
# A restart keeps the port (a token names its server's URL) when it can.
server_port=""
start_server() {
  local port try i
  for try in 1 2 3 4; do
    port=$server_port
    [ -n "$port" ] && [ "$try" -le 2 ] ||
      port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    mkdir -p "$work/server"
    echo "# --- serve on 127.0.0.1:$port" >>"$server_log"
    # Not a child of this shell: the scripts' bare `wait`s must not wait for it.
    (cd "$work/server" || exit 1
     env XDG_STATE_HOME="$work/server/state" ${server_env[@]+"${server_env[@]}"} \
       "$bin" --db "$DATABASE_URL" serve --listen "127.0.0.1:$port" \
       --threads "${EPICEVENTS_SERVE_THREADS:-4}" </dev/null >/dev/null 2>>"$server_log" &
     echo $! >"$work/server.pid")
    server_pid=$(cat "$work/server.pid")
    for i in $(seq 200); do
      if curl -sf -o /dev/null "http://127.0.0.1:$port/${1:-healthz}"; then
        server_url="http://127.0.0.1:$port" server_port=$port
        export EPICEVENTS_SERVER=$server_url
        return 0
      fi
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.05
    done
    stop_server
  done
  echo "Bail out! epicevents serve did not start"
  sed 's/^/# serve: /' "$server_log"
  exit 1
}

stop_server() {
  if [ -n "$server_pid" ]; then
    local i
    kill "$server_pid" 2>/dev/null
    for i in $(seq 300); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.05; done
    kill -9 "$server_pid" 2>/dev/null
    server_pid=""
  fi
}

# restart_server [VAR=VALUE...]: a new server (same database), its
# environment changed by the assignments: server-side settings and hooks
# (JWT_SECRET_KEY, EPICEVENTS_TEST_AUTH_PAUSE, SENTRY_DSN) are the server's.
restart_server() {
  stop_server
  server_env=("$@")
  start_server readyz
}

cleanup() {
  cd / || true
  stop_server
  if [ "$tests_failed" -gt 0 ] && [ -s "$server_log" ]; then
    echo "# the server's log:"
    tail -n 200 "$server_log" | sed 's/^/# serve: /'
  fi
  if [ -n "$pg_db" ]; then
    pg_admin -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
[ "$backend" = remote ] && start_server

# SQL on the test database, one value per line, no headers.
db_query() {
  if [ "$db_kind" = pg ]; then
    "$(psql_bin)" -X -q -A -t -v ON_ERROR_STOP=1 "$DATABASE_URL" -c "$1"
  else
    sqlite3 -batch -cmd ".timeout 5000" "$work/crm.db" "$1"
  fi
}

ee() { "$bin" "$@"; }
# What the client is pointed at: the variable, its value and the option.
target_var=DATABASE_URL target_option=--db
[ "$backend" = remote ] && target_var=EPICEVENTS_SERVER target_option=--server
target() { if [ "$backend" = remote ]; then echo "$server_url"; else echo "$DATABASE_URL"; fi; }
# The program on the database itself, as an administrator on the server
# would run it (db init, db migrate): ee with --db when remote.
admin() {
  if [ "$backend" = remote ]; then "$bin" --db "$DATABASE_URL" "$@"; else "$bin" "$@"; fi
}

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

# remote: the database is initialised server-side, then the server is
# started afresh (each of its connections keeps what it read of the schema).
init_demo() {
  run 0 admin db init --demo
  if [ "$backend" = remote ]; then stop_server; start_server readyz; fi
}

# skip_remote DESCRIPTION REASON: when remote, a TAP skip of the check
# DESCRIPTION, saying why it cannot apply through a server, and success
# (so `skip_remote ... || { checks }`); else false, nothing printed.
skip_remote() {
  [ "$backend" = remote ] || return 1
  tests_run=$((tests_run + 1))
  echo "ok $tests_run - [$backend] ${1//$'\n'/\\n} # SKIP ${2:?skip_remote needs a reason}"
}
remote_only() { [ "$backend" = remote ]; }

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
  if [ "$db_kind" = pg ]; then
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
  if [ "$backend" = remote ] && [ -n "$server_pid" ] && ! kill -0 "$server_pid" 2>/dev/null; then
    tests_run=$((tests_run + 1)) tests_failed=$((tests_failed + 1))
    echo "not ok $tests_run - [$backend] the server is still running at the end"
  fi
  echo "1..$tests_run"
  [ "$tests_failed" -eq 0 ]
}
