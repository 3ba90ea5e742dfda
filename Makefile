# Two commands do everything on a fresh Debian 12 machine: `make run` and `make test`.
# Each installs what is missing, builds and does its job; both are safe to repeat.
SHELL := /bin/bash
SWIFT ?= swift
CONFIG ?= Config/huibao.conf

.PHONY: run test build release deps clean

# System packages the build needs: libsystemd's headers (through pkg-config) and journald for the tests.
deps:
	@if ! pkg-config --exists libsystemd 2>/dev/null || ! command -v python3 >/dev/null; then \
	  echo "== installing libsystemd-dev, pkg-config, python3"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libsystemd-dev pkg-config python3 systemd >/dev/null; \
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

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest

clean:
	rm -rf .build var
