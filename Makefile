# Two commands do everything on a fresh Debian 12 machine: `make run` and `make test`.
# Each installs what is missing, builds and does its job; both are safe to repeat.
SHELL := /bin/bash
SWIFT ?= swift
CONFIG ?= Config/huibao.conf

.PHONY: run test build release deps clean eval

# System packages the build needs: libsystemd's headers (through pkg-config) and journald for the tests.
deps:
	@if ! pkg-config --exists libsystemd 2>/dev/null || ! command -v python3 >/dev/null; then \
	  echo "== installing libsystemd-dev, pkg-config, python3"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libsystemd-dev pkg-config python3 systemd >/dev/null; \
	fi

# What the dashboard's tests read it with: Debian's headless Chromium, the CJK fonts it renders
# Chinese with, and tidy for the HTML.
.PHONY: browser-deps
browser-deps:
	@if ! command -v chromium >/dev/null || ! command -v tidy >/dev/null || ! fc-list :lang=zh 2>/dev/null | grep -q .; then \
	  echo "== installing chromium, fonts-noto-cjk, tidy"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk tidy >/dev/null; \
	fi

# What the tests of deployment use: the journal's remote receiver and uploader and openssl for
# their keys (under a real systemd), and PostgreSQL 15 with psql for `huibao ship`. Debian's
# postgresql-15 creates no cluster here (no postgresql-common default cluster is started: the
# test makes a throw-away one).
.PHONY: system-deps
system-deps:
	@if [ ! -x /lib/systemd/systemd-journal-remote ] || ! command -v openssl >/dev/null || [ ! -x /usr/lib/postgresql/15/bin/initdb ] || ! command -v psql >/dev/null; then \
	  echo "== installing systemd-journal-remote, openssl, postgresql-15, postgresql-client-15"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq systemd-journal-remote openssl postgresql-15 postgresql-client-15 >/dev/null; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# The daemon in the foreground on the embedded default config, watching ./var/inbox.
run: release
	@mkdir -p var/inbox
	@echo "== huibaod is watching $(CURDIR)/var/inbox"
	@echo "   drop reports there (cp report.txt var/inbox/), records go to $(CURDIR)/var/lib/reports.jsonl;"
	@echo "   stop with Ctrl-C. Query with: .build/release/huibao parse FILE"
	exec .build/release/huibaod --config $(CONFIG) $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

# The package is built and checked first (files, modes, lintian, man pages), so that the
# test runner's summary is the last thing printed.
test: deps browser-deps system-deps
	$(MAKE) --no-print-directory deb-check
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest

clean:
	rm -rf .build var

# The Debian package .build-deb/huibao_$(VERSION)_amd64.deb: release binaries built with
# --static-swift-stdlib from a snapshot of the sources, in .build-deb/ (sources, scratch path,
# staging tree and the package). See Packaging/build-deb.sh.
.PHONY: deb deb-check
VERSION := $(shell cat VERSION 2>/dev/null)
DEB := .build-deb/huibao_$(VERSION)_$(shell dpkg --print-architecture 2>/dev/null || echo amd64).deb

deb: deps
	@command -v dpkg-shlibdeps >/dev/null || { echo "== installing dpkg-dev"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dpkg-dev >/dev/null; }
	SWIFT=$(SWIFT) Packaging/build-deb.sh .build-deb

# Builds the package, then checks its files and modes, its control data, lintian and the man pages.
deb-check: deb
	@if ! command -v lintian >/dev/null || ! command -v man >/dev/null || ! command -v groff >/dev/null; then \
	  echo "== installing lintian, man-db, groff-base"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq lintian man-db groff-base >/dev/null; \
	fi
	Packaging/check-deb.sh $(DEB)

# The benchmarks of issue 6: release build in its own scratch path, then bench/bench.py prints a
# table and writes bench/results.json. Measures only (no test asserts a timing); it installs JioNLP
# into bench/venv for the side-by-side figure. `make bench QUICK=1` is a short smoke run.
.PHONY: bench
bench: deps
	@ok=; for i in 1 2 3; do \
	  if $(SWIFT) build -c release --scratch-path .build-bench/swift; then ok=1; break; fi; \
	  echo "== release build failed (sources changed during the build?), trying again"; sleep 5; \
	done; [ -n "$$ok" ]
	python3 bench/bench.py $(if $(QUICK),--quick) --bin .build-bench/swift/release

# Fault injection (issue 7) at the issue's numbers: 5,000 reports from 4 writers under 50 SIGKILLs,
# a burst of 20,000 files into a tiny inotify queue, and the other torture cases. Prints the
# figures; the suite runs the same tests reduced. Needs root (sysctl, mounts, namespaces).
.PHONY: torture
torture: deps
	$(SWIFT) build --build-tests
	HUIBAO_TORTURE=full $(SWIFT) test --skip-build --disable-xctest --filter TortureTests

# Fuzzing (issue 7): a libFuzzer + AddressSanitizer build of HuibaoCore's decode + parse
# (Tests/Fuzz/FuzzReport.swift) in .build-fuzz/, apart from the package build, which needs no
# libFuzzer. Seeded with the sample reports; the corpus grows in .build-fuzz/corpus and findings
# land in .build-fuzz/crashes/. `make fuzz FUZZ_SECONDS=600`; the test suite runs a fixed number.
.PHONY: fuzz fuzz-build
FUZZ_SECONDS ?= 120
FUZZ_BIN := .build-fuzz/fuzz-report
FUZZ_SOURCES := $(shell find Sources/HuibaoCore -name '*.swift' | sort) Tests/Fuzz/FuzzReport.swift

# HuibaoCore's one C file (SHA-256 blocks with the x86 SHA extensions) built apart and linked in.
$(FUZZ_BIN): $(FUZZ_SOURCES) Sources/CSHA256/sha256.c Sources/CSHA256/include/CSHA256.h
	@mkdir -p .build-fuzz
	clang -O2 -fsanitize=address -ISources/CSHA256/include -c Sources/CSHA256/sha256.c -o .build-fuzz/sha256.o
	swiftc -sanitize=fuzzer,address -parse-as-library -O -use-ld=lld -module-name HuibaoFuzz \
	  -I Sources/CSHA256/include $(FUZZ_SOURCES) .build-fuzz/sha256.o -lm -o $@

fuzz-build: $(FUZZ_BIN)

fuzz: $(FUZZ_BIN)
	@mkdir -p .build-fuzz/corpus .build-fuzz/crashes
	@cp -n ../shared/corpus/* Tests/Fixtures/*/*.txt Tests/Fixtures/*/*.html .build-fuzz/corpus/ 2>/dev/null || true
	$(FUZZ_BIN) -max_total_time=$(FUZZ_SECONDS) -timeout=1 -rss_limit_mb=2048 -max_len=65536 -len_control=0 \
	  -dict=Tests/Fuzz/report.dict -artifact_prefix=.build-fuzz/crashes/ -print_final_stats=1 .build-fuzz/corpus

# What the meaning is worth (issue 13): the release daemon with the shipped rules and catalogue
# over the development sets and the test set, scored against the readers' gold (alert precision
# and recall, linking of one indicator over the years). See Tests/Eval/eval.py.
eval: release
	python3 Tests/Eval/eval.py --bin .build/release --check $(if $(SHOW),--show)
