#!/bin/sh
# Benchmarks `epicevents` against the database's own client, on SQLite and
# PostgreSQL, at 10k / 100k / 1M rows per table (bench/README.md).
#
#   scripts/bench.sh [BUILD_DIR]      (make bench: BUILD_DIR = build)
#
# Environment:
#   BENCH_SIZES     rows per table, default "10000 100000 1000000"
#   BENCH_RUNS      timed runs per command, default 5 (after one warm-up)
#   BENCH_BACKENDS  default "sqlite pg" (pg is skipped when no cluster starts)
#   BENCH_DIR       cache of generated data and databases, results;
#                   default build-bench/ at the top of the tree
#   BENCH_ONLY      only commands whose name contains this text ('show|whoami': either)
#                   (api: only the server's rows, bench/api.py)
#   BENCH_PREPARE_ONLY=1  only generate the data and SQLite databases (make bench-data)
#
# Builds BUILD_DIR if needed (a new one as a release build), starts a
# throwaway PostgreSQL cluster with scripts/pg-cluster.sh and stops it at
# the end, generates the data it lacks (cached: reruns reuse it), then
# prints one table (and the server's, bench/api.py, for sizes >= 100k) and
# the path of the commands to reproduce them.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build=$PWD/$build ;; esac
work=${BENCH_DIR:-$top/build-bench}
sizes=${BENCH_SIZES:-10000 100000 1000000}
runs=${BENCH_RUNS:-5}
backends=${BENCH_BACKENDS:-sqlite pg}

# Debian's interpreter (gen-data needs only the standard library)
py=${PYTHON:-/usr/bin/python3}
[ -x "$py" ] || py=python3
for tool in "$py" sqlite3 psql; do
	command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is missing (make deps)" >&2; exit 1; }
done

if [ ! -f "$build/build.ninja" ]; then
	(cd "$top" && meson setup "$build" -Dbuildtype=release -Dtests=false -Dtest_hooks=false) >/dev/null
fi
ninja -C "$build" >/dev/null
bin=$build/epicevents
buildtype=$(meson introspect --buildoptions "$build" 2>/dev/null |
	"$py" -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "buildtype"))' 2>/dev/null || echo unknown)
case $buildtype in
release|debugoptimized|minsize) ;;
*) echo "bench: warning: $build is a '$buildtype' build: numbers will be pessimistic" >&2 ;;
esac
mkdir -p "$work"

pgdir=
cleanup() {
	if [ -n "$pgdir" ]; then
		"$top/scripts/pg-cluster.sh" stop "$pgdir" >/dev/null 2>&1 || true
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

BENCH_PG_CONNINFO=
prepare=
[ -n "${BENCH_PREPARE_ONLY:-}" ] && prepare=--prepare-only
case " $backends${prepare:+ prepare} " in
*" prepare "*) ;;
*" pg "*)
	pgdir=$(mktemp -d /tmp/epicevents-bench-pg.XXXXXX)
	if "$top/scripts/pg-cluster.sh" start "$pgdir" >/dev/null 2>"$work/pg-cluster.log"; then
		# shellcheck disable=SC1091
		. "$pgdir/env"
		BENCH_PG_CONNINFO=$EPICEVENTS_TEST_PG; export BENCH_PG_CONNINFO
	else
		echo "bench: cannot start a PostgreSQL cluster (see $work/pg-cluster.log): SQLite only" >&2
		rm -rf "$pgdir"; pgdir=
	fi
	;;
esac

start=$(date +%s)
echo "bench: $bin ($buildtype), sizes: $sizes, runs: $runs, backends: $backends" >&2
set +e
"$py" "$top/bench/bench.py" --bin "$bin" --work "$work" --sizes "$sizes" --runs "$runs" \
	--backends "$backends" ${BENCH_ONLY:+--only="$BENCH_ONLY"} $prepare
status=$?
echo "bench: wall time $(( $(date +%s) - start )) s" >&2
exit $status
