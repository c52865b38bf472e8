#!/bin/sh
# A throwaway PostgreSQL cluster for the tests, reachable only through a
# Unix socket inside its own directory.
#
#   scripts/pg-cluster.sh start [DIR]     create (if needed) and start; DIR
#                                         defaults to a new /tmp/epicevents-pg.XXXXXX
#                                         (printed); writes DIR/env
#   scripts/pg-cluster.sh stop DIR        stop it and remove DIR
#   scripts/pg-cluster.sh restart DIR     fast restart (connections are cut), keeping the data
#   scripts/pg-cluster.sh createdb DIR NAME   create database NAME, print its conninfo
#   scripts/pg-cluster.sh status DIR      exit 0 when running
#
# DIR/env holds one line for the shell:
#   EPICEVENTS_TEST_PG='host=DIR port=54329 user=postgres dbname=postgres'
#
# PostgreSQL refuses to run as root: when run as root, the cluster and DIR
# belong to the `postgres` system user and its commands run as that user.
# The port is only the socket's name (listen_addresses is empty), so any
# number of clusters can run side by side. Keep DIR short: a Unix socket
# path is limited to 107 bytes.
set -eu

PORT=${EPICEVENTS_PG_PORT:-54329}

die() { echo "pg-cluster: $*" >&2; exit 1; }

find_bindir() {
	if [ -n "${PG_BINDIR:-}" ] && [ -x "$PG_BINDIR/initdb" ]; then
		echo "$PG_BINDIR"; return
	fi
	if command -v pg_config >/dev/null 2>&1; then
		d=$(pg_config --bindir 2>/dev/null || true)
		if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
	fi
	# Debian keeps the server's programs out of PATH; newest version first.
	best=""
	for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] || continue
		v=${d#/usr/lib/postgresql/}; v=${v%/bin}
		if [ -z "$best" ] || [ "$v" -gt "${best_v:-0}" ] 2>/dev/null; then best=$d; best_v=$v; fi
	done
	[ -n "$best" ] && { echo "$best"; return; }
	d=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")
	[ -x "$d/initdb" ] && { echo "$d"; return; }
	die "cannot find initdb: install the postgresql package (or set PG_BINDIR)"
}

# Runs a command as the cluster's owner. From DIR, because the server's
# tools complain when they cannot read the current directory (/root).
as_owner() {
	if [ "$(id -u)" = 0 ]; then
		if command -v runuser >/dev/null 2>&1; then
			(cd "$DIR" && runuser -u postgres -- "$@")
		else
			# su wants one command string: quote each argument.
			cmd=""
			for a in "$@"; do
				cmd="$cmd '$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'"
			done
			(cd "$DIR" && su postgres -s /bin/sh -c "$cmd")
		fi
	else
		(cd "$DIR" && "$@")
	fi
}

is_running() {
	[ -f "$DIR/data/PG_VERSION" ] && as_owner "$BINDIR/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1
}

conninfo() { # DBNAME
	echo "host=$DIR port=$PORT user=postgres dbname=$1"
}

cmd_start() {
	if [ -z "${DIR:-}" ]; then
		DIR=$(mktemp -d /tmp/epicevents-pg.XXXXXX)
		echo "$DIR"
	fi
	mkdir -p "$DIR"
	DIR=$(cd "$DIR" && pwd -P)
	sock="$DIR/.s.PGSQL.$PORT"
	[ ${#sock} -le 107 ] || die "'$DIR' is too long for a Unix socket path: use a shorter directory"

	if [ "$(id -u)" = 0 ]; then
		id postgres >/dev/null 2>&1 || die "no 'postgres' system user to run the cluster as (install postgresql)"
		chown postgres: "$DIR"
		chmod 700 "$DIR"
		runuser -u postgres -- test -w "$DIR" 2>/dev/null ||
			die "user postgres cannot reach '$DIR' (a parent directory is private): use a directory under /tmp"
	fi

	if is_running; then
		write_env
		return 0
	fi
	if [ ! -f "$DIR/data/PG_VERSION" ]; then
		# C.UTF-8 keeps sorting byte-wise yet lets lower() work on UTF-8.
		locale=C
		if locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then locale=C.UTF-8; fi
		as_owner "$BINDIR/initdb" -D "$DIR/data" --auth=trust -U postgres \
			--encoding=UTF8 --locale="$locale" --no-sync >"$DIR/initdb.log" 2>&1 ||
			{ cat "$DIR/initdb.log" >&2; die "initdb failed"; }
		as_owner sh -c "cat >>'$DIR/data/postgresql.conf'" <<EOF
# pg-cluster.sh: a throwaway test cluster
listen_addresses = ''
unix_socket_directories = '$DIR'
port = $PORT
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
log_min_messages = warning
EOF
	fi
	as_owner "$BINDIR/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 start >/dev/null ||
		{ cat "$DIR/server.log" >&2 2>/dev/null || true; die "the server did not start"; }
	write_env
}

write_env() {
	printf "EPICEVENTS_TEST_PG='%s'\n" "$(conninfo postgres)" >"$DIR/env.tmp"
	chmod 644 "$DIR/env.tmp"
	mv -f "$DIR/env.tmp" "$DIR/env"
}

cmd_stop() {
	[ -n "${DIR:-}" ] || die "usage: pg-cluster.sh stop DIR"
	[ -d "$DIR" ] || return 0
	DIR=$(cd "$DIR" && pwd -P)
	# Only ever remove what this script made.
	if [ ! -f "$DIR/data/PG_VERSION" ] && [ ! -f "$DIR/env" ] &&
	   [ ! -f "$DIR/initdb.log" ] && [ -n "$(ls -A "$DIR" 2>/dev/null)" ]; then
		die "'$DIR' does not look like a pg-cluster.sh directory: not removing it"
	fi
	if is_running; then
		as_owner "$BINDIR/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null
	fi
	rm -rf "$DIR"
}

cmd_restart() {
	[ -n "${DIR:-}" ] && [ -f "$DIR/data/PG_VERSION" ] || die "usage: pg-cluster.sh restart DIR"
	DIR=$(cd "$DIR" && pwd -P)
	as_owner "$BINDIR/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -m fast -w -t 60 restart >/dev/null
}

cmd_createdb() {
	if [ -z "${DIR:-}" ] || [ -z "${1:-}" ]; then
		die "usage: pg-cluster.sh createdb DIR NAME"
	fi
	DIR=$(cd "$DIR" && pwd -P)
	case $1 in
	*[!a-z0-9_]*) die "database name '$1': use lowercase letters, digits and _" ;;
	esac
	"$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -d "$(conninfo postgres)" \
		-c "CREATE DATABASE \"$1\"" >/dev/null
	conninfo "$1"
}

BINDIR=$(find_bindir)
action=${1:-}
DIR=${2:-}
case $action in
start) cmd_start ;;
stop) cmd_stop ;;
restart) cmd_restart ;;
createdb) shift 2 2>/dev/null || true; cmd_createdb "${1:-}" ;;
status) [ -n "$DIR" ] || die "usage: pg-cluster.sh status DIR"; is_running ;;
*) die "usage: pg-cluster.sh start [DIR] | stop DIR | restart DIR | createdb DIR NAME | status DIR" ;;
esac
