# Vigie: the two commands a new user needs are `make run` and `make test`.
SWIFT ?= swift
BUILD_DIR := $(shell $(SWIFT) build --show-bin-path 2>/dev/null)
STATE ?= .vigie

.PHONY: all deps build release run test lint format clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# Runs vigied on the sample dispatches with the embedded defaults (state and socket under ./.vigie).
run: build
	@echo "vigied: watching seeds/ (state in $(STATE)/state); subscribe with: $(BUILD_DIR)/vigie tail --since 0 --socket $(STATE)/events.sock; stop with Ctrl-C"
	$(BUILD_DIR)/vigied --drop seeds --state $(STATE)/state --socket $(STATE)/events.sock

lint:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift

format:
	$(SWIFT) format -i -r Sources Tests Package.swift

# The test command: lint, build (warnings are errors in our targets), every test.
test: deps lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	rm -rf .build $(STATE)
