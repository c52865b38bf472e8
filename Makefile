# The README's words. Meson and Ninja do the real work in build/.
BUILD ?= build
MESON_FLAGS ?=

.PHONY: all deps run serve test test-asan test-valgrind bench bench-data check-indexes fuzz coverage install uninstall deb clean

all: $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(BUILD)/build.ninja:
	@command -v meson >/dev/null 2>&1 || scripts/deps.sh
	meson setup $(BUILD) $(MESON_FLAGS)

deps:
	scripts/deps.sh

# Installs what is missing, builds, makes a demo database if there is none,
# and opens the interactive shell on it.
run: deps all
	scripts/run-demo.sh $(BUILD)/epicevents

# The same demo database served over HTTP: the web page at
# http://127.0.0.1:8080/ (EPICEVENTS_LISTEN=ADDR:PORT for another), the API
# under /api/v1. Prints the URL and the demo users; Ctrl-C stops it.
serve: deps all
	scripts/serve-demo.sh $(BUILD)/epicevents

# Builds and runs every test (unit, end-to-end on SQLite and PostgreSQL,
# interop, Sentry) against a throwaway PostgreSQL cluster.
test: deps
	scripts/run-tests.sh $(BUILD)

# The same suite built with AddressSanitizer and UndefinedBehaviorSanitizer
# (not the package build: it compiles the program anew, without sanitizers;
# not the end-to-end scripts' third run through serve; every 4th bad value of
# t-validation's grids, with every non-ASCII one: CI's time; the plain pass
# runs the whole grids).
test-asan: deps
	LOAD_OPS=$${LOAD_OPS:-100} VALIDATION_SAMPLE=$${VALIDATION_SAMPLE:-8} MESON_TEST_ARGS="--no-suite package --no-suite remote-e2e --no-suite browser $${MESON_TEST_ARGS:-}" MESON_FLAGS="-Db_sanitize=address,undefined -Db_lundef=false -Dc_args=-Wno-format-truncation" scripts/run-tests.sh build-asan

# The unit tests, every end-to-end script on both backends and the shell's
# pty tests under valgrind memcheck (slow; see scripts/valgrind-suite.sh).
test-valgrind: deps all
	scripts/valgrind-suite.sh $(BUILD)

# Times every listing end to end against the database's own floor at 10k,
# 100k and 1M rows (BENCH_SIZES), on SQLite and PostgreSQL, and `serve`'s API
# against wrk/pgbench floors (BENCH_ONLY=api: those alone); see bench/README.md.
bench: deps all
	scripts/bench.sh $(BUILD)

# Generates the bench data and SQLite databases into build-bench/ (cached).
bench-data: deps all
	BENCH_PREPARE_ONLY=1 BENCH_BACKENDS=sqlite scripts/bench.sh $(BUILD)

# EXPLAIN checks of every filtered listing (PostgreSQL too when EPICEVENTS_TEST_PG is set).
check-indexes: all
	bench/check-indexes.sh $(BUILD)/epicevents

fuzz: deps
	tests/fuzz/build-and-run.sh $${FUZZ_SECONDS:-60}

coverage: deps
	MESON_FLAGS="-Db_coverage=true" scripts/run-tests.sh build-coverage
	ninja -C build-coverage coverage-text && cat build-coverage/meson-logs/coverage.txt

# make install [PREFIX=/usr/local] [DESTDIR=/staging]: the program, its manual
# page, the bash/zsh/fish completions and an example systemd unit
# (share/doc/epicevents/examples); make uninstall removes what it installed.
PREFIX ?= /usr/local
install: all
	meson configure $(BUILD) -Dprefix=$(PREFIX)
	ninja -C $(BUILD)
	meson install -C $(BUILD) --no-rebuild $(if $(DESTDIR),--destdir $(DESTDIR))

uninstall:
	ninja -C $(BUILD) uninstall

# The Debian package (debian/: dh with meson), checked by lintian:
# epicevents_VERSION_ARCH.deb here; apt install ./epicevents_*.deb installs it.
deb: deps
	scripts/make-deb.sh

clean:
	rm -rf $(BUILD) build-asan build-coverage build-fuzz
