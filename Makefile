# mmspec: run `make help` for the targets.
GO      ?= go
ARGS    ?=
N       ?= 30

.PHONY: help setup check run test unit vet bench soak lint clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

setup: ## install Chromium, the Playwright driver and the Go modules when missing
	@bash tools/setup.sh

check: ## check the features without a browser or a server
	@$(GO) run ./cmd/mmspec check

run: setup check ## run the features against the embedded target (pass flags with ARGS="...")
	$(GO) run ./cmd/mmspec $(ARGS)

test: setup vet check ## run every test: unit tests, the full spec against mmlite, the fault self-test
	@mkdir -p reports
	@status=0; \
	MMSPEC_FAULT_TABLE=$(CURDIR)/reports/faults.txt $(GO) test -count=1 -parallel 4 -timeout 30m ./... || status=$$?; \
	if [ -f reports/faults.txt ]; then echo; echo "What caught each mmlite fault:"; cat reports/faults.txt; fi; \
	exit $$status

soak: setup ## run the whole suite N times (N=30) and once under CPU load; print results per scenario
	$(GO) run ./cmd/mmsoak -n $(N)

unit: ## run the tests that need no browser
	$(GO) test -count=1 -short ./...

vet: ## go vet and a gofmt check
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed on:"; gofmt -l .; exit 1; }

bench: setup ## measure run time, start-up and memory, and write docs/benchmarks.md (several minutes)
	$(GO) run ./cmd/mmbench $(ARGS)

lint: vet ## static checks

clean: ## remove reports and build output
	rm -rf reports bin
