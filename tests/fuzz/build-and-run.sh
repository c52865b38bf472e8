#!/usr/bin/env bash
# Builds every libFuzzer target in tests/fuzz/ with ASan + UBSan and runs
# each for SECONDS (default 10) on a copy of its seed corpus.
#
#   tests/fuzz/build-and-run.sh [SECONDS]      from anywhere; works in the repo root
#   FUZZ_TARGETS="money-parse jwt-verify" ...   only some targets
#
# Output goes to build-fuzz/ (binaries, corpora grown by this run, logs, and
# crash-* artifacts). The committed seeds in tests/fuzz/corpus/ are never
# modified. Exits non-zero when a target fails to build or finds a crash,
# leak, timeout or undefined behaviour.
set -uo pipefail

seconds=${1:-10}
case $seconds in
''|*[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
out=$root/build-fuzz
fuzz_dir=tests/fuzz

cc=${CC_FUZZ:-clang}
if ! command -v "$cc" >/dev/null 2>&1; then
	echo "fuzz: $cc not found (apt-get install clang libclang-rt-14-dev)" >&2
	exit 1
fi

# Every target links the same few modules; they are compiled once with
# fuzzer coverage, then each harness adds its LLVMFuzzerTestOneInput.
lib_sources=(
	src/util/error.c src/util/xalloc.c src/util/strbuf.c
	src/util/money.c src/util/datetime.c src/util/validate.c
	src/util/dotenv.c src/util/base64.c src/util/tz.c src/util/url.c
	src/util/i18n.c
	src/sec/password.c src/sec/jwt.c src/sec/tokenfile.c
)
pkgs="libcrypto jansson libutf8proc"
sanitize="-fsanitize=address,undefined -fno-sanitize-recover=all"
cflags="-std=gnu11 -g -O1 -fno-omit-frame-pointer $sanitize -Isrc $(pkg-config --cflags $pkgs)"
# version.h (generated): the build tree make uses, else a meson build-dev/.
for b in build build-dev; do
	if [ -f "$b/version.h" ]; then cflags="$cflags -I$b"; break; fi
done
libs=$(pkg-config --libs $pkgs)

mkdir -p "$out/obj" "$out/logs" "$out/corpus" "$out/artifacts"

objs=()
for src in "${lib_sources[@]}"; do
	obj=$out/obj/$(echo "$src" | tr / _).o
	if ! $cc $cflags -fsanitize=fuzzer-no-link -c "$src" -o "$obj"; then
		echo "fuzz: cannot compile $src" >&2
		exit 1
	fi
	objs+=("$obj")
done

# Harnesses outside util/ and sec/ name the modules they need here.
extra_sources() {
	case $1 in
	dsn) echo src/report/dsn.c ;;
	error-class) echo src/report/scrub.c ;;
	db-url) echo src/store/db-url.c ;;
	shell-split) echo src/cli/shell-split.c ;;
	output-escape) echo src/format/out.c src/format/table.c src/format/text.c src/format/details.c src/format/csv-read.c ;;
	api-body) echo src/api/body.c src/api/bodies.c ;;
	api-route) echo src/api/route.c src/api/bodies.c src/api/body.c ;;
	csv-read) echo src/format/csv-read.c src/format/out.c src/format/table.c src/format/text.c src/format/details.c ;;
	accept-language) echo src/api/lang.c ;;
	remote-split) echo src/remote/split.c src/remote/record.c src/remote/decode.c src/model/department.c ;;
	esac
}

# fuzz-NAME.c or fuzz_NAME.c; the seeds are in corpus/NAME/.
harness() {
	if [ -f "$fuzz_dir/fuzz-$1.c" ]; then echo "$fuzz_dir/fuzz-$1.c"; else echo "$fuzz_dir/fuzz_$1.c"; fi
}

targets=${FUZZ_TARGETS:-$(cd "$fuzz_dir" && ls fuzz[-_]*.c | sed 's/^fuzz[-_]//; s/\.c$//')}
failed=()
passed=0
for t in $targets; do
	bin=$out/fuzz-$t
	# shellcheck disable=SC2046 # word splitting of the source list is wanted
	if ! $cc $cflags -fsanitize=fuzzer "$(harness "$t")" $(extra_sources "$t") "${objs[@]}" \
		$libs -o "$bin"; then
		echo "fuzz: cannot build $t" >&2
		failed+=("$t (build)")
		continue
	fi
	corpus=$out/corpus/$t
	mkdir -p "$corpus"
	[ -d "$fuzz_dir/corpus/$t" ] && cp -f "$fuzz_dir/corpus/$t"/* "$corpus/" 2>/dev/null
	log=$out/logs/$t.log
	printf 'fuzz: %-22s %ss ... ' "$t" "$seconds"
	# -timeout: one input taking over 10 s is a hang worth reporting.
	if ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	   UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	   "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$out/artifacts/$t-" \
		"$corpus" >"$log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
		echo "ok (${runs:-?} runs)"
		passed=$((passed + 1))
	else
		echo "FAILED"
		tail -n 40 "$log" | sed 's/^/    /'
		failed+=("$t")
	fi
done

echo "fuzz: ${passed} passed, ${#failed[@]} failed"
if [ ${#failed[@]} -gt 0 ]; then
	printf 'fuzz: failed: %s\n' "${failed[@]}" >&2
	echo "fuzz: logs and crash inputs in $out/logs and $out/artifacts" >&2
	exit 1
fi
exit 0
