# The project's front door: `make demo` and `make test` each work alone on a fresh machine.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# npm's binaryen must be the first wasm-opt on PATH (Debian's corrupts wasm-bindgen output).
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export WRANGLER_SEND_METRICS := false

WASM_PACK_VERSION := 0.15.1
# The wasm-bindgen CLI must match the library version in Cargo.lock exactly.
WASM_BINDGEN_VERSION = $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/version = "\(.*\)"/\1/p}' Cargo.lock)
# No path of the build machine in the shipped .wasm (panic locations name source files).
REMAP_PATHS := --remap-path-prefix=$(HOME)/.cargo/registry/src/=/cargo/ --remap-path-prefix=$(CURDIR)/=/
CHROMIUM_FLAGS := --no-sandbox --disable-background-networking --disable-component-update --disable-sync --no-first-run

.PHONY: help setup check-tools build package test demo load bench clean metadata fuzz corpus \
	test-rust test-wasm test-js test-types test-provider test-runtimes test-package test-demo test-fuzz \
	test-examples

help:
	@echo "make demo   install what is needed, build, and start the demo (Worker + page + provider stand-in)"
	@echo "make test   install what is needed, build, and run every test"
	@echo "make bench  size and speed figures"
	@echo "make fuzz   the longer fuzz run of the built package, with its figures"
	@echo "make load   load figures of the demo's Worker (loopback, about a minute)"
	@echo "make metadata  regenerate the numbering plan from the pinned libphonenumber packages"
	@echo "make corpus record the package's results for the generated input corpus"

## setup: install every tool the build and the tests need; skips what is there already.
## Needs rustup and npm on PATH; installs Rust components and two cargo tools (wasm-pack,
## wasm-bindgen-cli: a few minutes the first time), and Chromium with apt-get (Debian, as root).
setup: node_modules/.setup-stamp www/node_modules/.setup-stamp tests/node22/node_modules/.setup-stamp
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@rustup component list --installed | grep -q '^clippy' || rustup component add clippy
	@rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
	@wasm-pack --version 2>/dev/null | grep -qx 'wasm-pack $(WASM_PACK_VERSION)' \
		|| cargo install wasm-pack --version $(WASM_PACK_VERSION) --locked
	@wasm-bindgen --version 2>/dev/null | grep -qx 'wasm-bindgen $(WASM_BINDGEN_VERSION)' \
		|| cargo install wasm-bindgen-cli --version =$(WASM_BINDGEN_VERSION)
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver; \
	fi

node_modules/.setup-stamp: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# Node 22 beside the workspace's Node, for the tests that run in both.
tests/node22/node_modules/.setup-stamp: tests/node22/package.json tests/node22/package-lock.json
	cd tests/node22 && npm ci --no-audit --no-fund
	@touch $@

# The reference Worker's project (wrangler); it links the package from ../pkg.
www/node_modules/.setup-stamp: www/package.json www/package-lock.json
	cd www && npm ci --no-audit --no-fund
	@touch $@

## check-tools: what the build needs and `make setup` installs; says what is missing, installs nothing.
check-tools:
	@rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
		|| { echo "the Rust target wasm32-unknown-unknown is missing: run make setup"; exit 1; }
	@wasm-pack --version 2>/dev/null | grep -qx 'wasm-pack $(WASM_PACK_VERSION)' \
		|| { echo "wasm-pack $(WASM_PACK_VERSION) is missing: run make setup"; exit 1; }
	@wasm-bindgen --version 2>/dev/null | grep -qx 'wasm-bindgen $(WASM_BINDGEN_VERSION)' \
		|| { echo "wasm-bindgen $(WASM_BINDGEN_VERSION) is missing: run make setup"; exit 1; }

## build: the npm package in pkg/ (wasm-pack, then the CommonJS glue and the entries).
## Installs nothing but the workspace's npm packages (npm ci); `make setup` installs the rest.
build: node_modules/.setup-stamp check-tools
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$(REMAP_PATHS)" \
		wasm-pack build --release --target web --out-dir target/wasm-pack --out-name kompaas_confirmation_call --no-pack
	node npm/assemble.mjs

## package: the npm tarball, as `npm publish` would upload it, in target/package/.
package: build
	rm -rf target/package && mkdir -p target/package
	cd pkg && npm pack --pack-destination ../target/package

test: setup package test-rust test-wasm test-js test-types test-provider test-runtimes test-package test-demo test-fuzz \
	test-examples
	@echo "make test: all passed"

test-rust:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --all-targets --features std -- -D warnings
	cargo test

# The same wasm-bindgen tests (tests/wasm.rs, the only wasm test target) in Node and in
# headless Chromium; the browser pass must run as many as Node, and more than none (the
# runner skips browser tests it thinks are Node-only). The test runner needs std, which
# the shipped wasm leaves out (feature `std`).
test-wasm:
	mkdir -p target
	wasm-pack test --node --release -- --features std --test wasm 2>&1 | tee target/wasm-node-test.log
	WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver --release -- --features std --test wasm \
		2>&1 | tee target/wasm-browser-test.log
	@node=$$(grep -Eo 'test result: ok\. [0-9]+ passed' target/wasm-node-test.log || true); \
	browser=$$(grep -Eo 'test result: ok\. [0-9]+ passed' target/wasm-browser-test.log || true); \
	if [ -z "$$browser" ] || [ "$$browser" != "$$node" ] || [ "$$browser" = "test result: ok. 0 passed" ]; then \
		echo "the browser pass ran '$$browser', Node '$$node': not the same wasm tests"; exit 1; fi

test-js:
	node --test --test-reporter=spec tests/js/

test-types:
	tsc -p tests/types/tsconfig.json

test-provider:
	node --test --test-reporter=spec stand-in/

# confirmationCall against the provider stand-in, in Node (the other runtimes run the
# same scenarios from the tarball in test-package).
test-runtimes:
	node --test --test-reporter=spec tests/runtimes/

# The tarball in fresh consumer projects: Node ESM and CommonJS, TypeScript, Deno,
# Workers (wrangler dev, deploy --dry-run), Vite and a plain page in Chromium.
test-package:
	node --test --test-reporter=spec tests/package/

test-demo:
	node --test --test-reporter=spec tests/demo/

# The examples (examples/node: Express; examples/worker: wrangler dev) end to end against
# the kompaas-stand-in command of the package they installed, its webhook pointed at them.
test-examples: package examples/node/node_modules/.setup-stamp examples/worker/node_modules/.setup-stamp
	node --test --test-reporter=spec tests/examples/

# Each example is its own project; it links the package from ../../pkg, so it is installed
# once pkg/ exists (npm links the package's kompaas-stand-in command only then).
examples/%/node_modules/.setup-stamp: examples/%/package.json examples/%/package-lock.json | package
	cd examples/$* && npm ci --no-audit --no-fund
	@touch $@

# The fuzz suite over the built package: 10,000 fast-check values per argument position,
# the fuzzing issue's hostile values as named cases, the token never shown, 10,000
# concurrent aborts in Node 20 and 22, memory flat over 100,000 calls (tests/fuzz/).
# It runs in the system's Node (20; the issue's runtime), not node_modules/.bin's Node 22,
# and names its files, as Node 22's --test takes no directory.
test-fuzz:
	node --test --test-reporter=spec tests/fuzz/*.test.mjs

## fuzz: the longer run: 50,000 values per position, 10 concurrent-abort runs per Node
## version, 1,000,000 mixed calls for memory; prints the figures (FUZZ_SEED, FUZZ_NUM_RUNS,
## FUZZ_ABORT_RUNS, FUZZ_MEMORY_CALLS, FUZZ_JOBS change them).
fuzz: setup package
	node tests/fuzz/run.mjs

## demo: the reference Worker and its page on http://127.0.0.1:8787, with the provider
## stand-in (or the real provider when KOMPAAS_TOKEN is set); Ctrl-C stops both. State
## is kept in .demo-state/; wrangler.toml's [vars] set in the environment reach the Worker.
demo: setup build
	node www/dev.mjs

## load: bursts and steady load against the demo's Worker on loopback (req/s, p99, 5xx).
load: setup build
	node www/scripts/load.mjs

## metadata: regenerate the numbering plan (src/numbering_plan.rs) and the phone-number
## fixture (tests/fixtures/phone-numbers.tsv) from the libphonenumber packages pinned in
## package.json; bump those pins first to refresh the data.
metadata: node_modules/.setup-stamp
	node scripts/numbering-plan.mjs
	node scripts/phone-fixture.mjs

## bench: size (raw, gzip, brotli) of the shipped files and the speed of each function.
bench: package
	node benches/bench.mjs

## corpus: record what today's build does with a generated corpus of inputs for every
## synchronous function (tests/fixtures/corpus.json.gz, replayed by tests/js/corpus.test.mjs).
## Regenerate only when a change of behaviour is intended.
corpus: build
	node tests/corpus/generate.mjs

clean:
	rm -rf pkg target/wasm-pack target/npm-staging node_modules/.setup-stamp .demo-state
