# mig: database schema migrations that run inside the database.
#
#   make          build mig.so (SQLite) and the PostgreSQL extension
#   make demo     the example history on SQLite, step by step
#   make test     every test: core unit tests, SQLite suite, pg_regress
#                 against a throwaway PostgreSQL cluster, and the same
#                 examples/ history compared on both engines
#   make asan     the SQLite suite with AddressSanitizer
#   make valgrind the unit tests under valgrind
#   make fuzz     libFuzzer + ASan/UBSan on the script parser, splitter, ALTER
#                 TABLE parser and target resolution: SECONDS (600) per harness,
#                 make -j2 fuzz runs two at a time (tests/fuzz/README.md)
#   make bench          every benchmark below (bench/RESULTS.md)
#   make bench-scale    W1-W4: long histories, no-op, planning, registration
#   make bench-rebuild  the table-rebuild benchmark (bench/RESULTS.md)
#   make bench-many     1,000 SQLite databases with tools/mig-many (bench/RESULTS.md)
#
# Each target installs the Debian packages it needs when they are missing.

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN     = -Wall -Wextra -Werror -Wmissing-prototypes -Wdeclaration-after-statement \
           -Wmissing-format-attribute -Wpointer-arith -Werror=vla -Wendif-labels \
           -Wimplicit-fallthrough=3 -Wcast-function-type -Wformat-security
SHARED_SRC = $(wildcard shared/*.c)
SQLITE_SRC = $(wildcard sqlite_ext/*.c)
HEADERS    = $(wildcard shared/*.h sqlite_ext/*.h)

SQLITE_PKGS = sqlite3 libsqlite3-dev
TEST_PKGS   = check pkg-config valgrind
PG_PKGS     = postgresql-15 postgresql-server-dev-15 clang-14 llvm-14
FUZZ_PKGS   = clang-14 libclang-rt-14-dev

.PHONY: all sqlite pg demo test test-unit test-sqlite test-pg test-bench bench bench-scale bench-rebuild bench-many fuzz deps-fuzz \
        asan valgrind deps-sqlite deps-test deps-pg clean

all: sqlite pg

sqlite: deps-sqlite mig.so

mig.so: $(SHARED_SRC) $(SQLITE_SRC) $(HEADERS)
	$(CC) $(CFLAGS) $(WARN) -fPIC -shared -fvisibility=hidden \
	  -Ishared -Isqlite_ext $(SHARED_SRC) $(SQLITE_SRC) -o $@

build/asan/mig.so: $(SHARED_SRC) $(SQLITE_SRC) $(HEADERS)
	mkdir -p build/asan
	$(CC) -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer $(WARN) \
	  -fPIC -shared -Ishared -Isqlite_ext $(SHARED_SRC) $(SQLITE_SRC) -o $@

pg: deps-pg
	$(MAKE) -C pg_ext

demo: sqlite
	sh examples/demo.sh

test: test-unit test-sqlite test-pg test-bench
	@echo "make test: all suites passed"

test-unit: deps-test deps-fuzz
	$(MAKE) -C tests/unit test
	$(MAKE) -C tests/fuzz regress

# libFuzzer, SECONDS per harness (every seed and found crash also runs in
# make test, through make -C tests/fuzz regress)
fuzz: deps-fuzz
	$(MAKE) -C tests/fuzz fuzz

deps-fuzz:
	$(call ensure_pkgs,$(FUZZ_PKGS) make)

test-sqlite: sqlite
	sh tests/sqlite/run.sh ./mig.so
	bash tests/autogen/run_sqlite.sh ./mig.so
	bash tests/autogen/replay_sqlite.sh ./mig.so examples/catalog/versions tests/cross/rebuild/versions
	bash tests/malformed/run_sqlite.sh ./mig.so
	bash tests/crash/sqlite_kill.sh 50000 6

# pg_regress, then the cross-engine comparison (tests/cross) and the
# autogenerate round trips (tests/autogen) on the same
# throwaway cluster
test-pg: sqlite deps-pg
	bash tests/pg/run.sh

# a small run of the benchmark harness, so it cannot rot (not a benchmark)
test-bench: deps-sqlite deps-pg
	bash bench/run_rebuild.sh --smoke
	bash bench/many.sh --smoke
	bash bench/run_scale.sh --smoke

# every benchmark; each rewrites its section of bench/RESULTS.md (about
# three quarters of an hour in all)
bench: bench-scale bench-rebuild bench-many

# W1-W4: long histories, the no-op call, planning, registration, against
# raw SQL and Alembic; rewrites its section of bench/RESULTS.md and the PNG
# curves (about half an hour)
bench-scale: deps-sqlite deps-pg
	bash bench/run_scale.sh

# 1,000 SQLite databases migrated by tools/mig-many against a loop of
# hand-written SQL; rewrites its section of bench/RESULTS.md (about a minute)
bench-many: deps-sqlite sqlite
	bash bench/many.sh

# the W5 rebuild benchmark against the hand-written 12-step SQL and Alembic;
# rewrites its section of bench/RESULTS.md (about ten minutes)
bench-rebuild: deps-sqlite deps-pg
	bash bench/run_rebuild.sh

asan: deps-sqlite build/asan/mig.so
	MIG_PRELOAD="$$($(CC) -print-file-name=libasan.so)" \
	  ASAN_OPTIONS=detect_leaks=1 sh tests/sqlite/run.sh build/asan/mig.so
	MIG_PRELOAD="$$($(CC) -print-file-name=libasan.so)" \
	  ASAN_OPTIONS=detect_leaks=1 bash tests/autogen/run_sqlite.sh build/asan/mig.so
	MIG_PRELOAD="$$($(CC) -print-file-name=libasan.so)" ASAN_OPTIONS=detect_leaks=1 \
	  bash tests/autogen/replay_sqlite.sh build/asan/mig.so examples/catalog/versions tests/cross/rebuild/versions

valgrind: deps-test
	$(MAKE) -C tests/unit valgrind

# Install missing Debian packages (as root on a fresh Debian 12).
define ensure_pkgs
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

deps-sqlite:
	$(call ensure_pkgs,$(SQLITE_PKGS) gcc make)

deps-test: deps-sqlite
	$(call ensure_pkgs,$(TEST_PKGS))

deps-pg:
	$(call ensure_pkgs,$(PG_PKGS))

clean:
	rm -rf mig.so build
	-$(MAKE) -C tests/unit clean
	-$(MAKE) -C pg_ext clean
	-$(MAKE) -C tests/fuzz clean
