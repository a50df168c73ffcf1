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
WASM := target/wasm32-unknown-unknown/release/kompaas_confirmation_call.wasm
CHROMIUM_FLAGS := --no-sandbox --disable-background-networking --disable-component-update --disable-sync --no-first-run

.PHONY: help setup build package test demo load bench clean \
	test-rust test-wasm test-js test-types test-provider test-runtimes test-package test-demo

help:
	@echo "make demo   install what is needed, build, and start the demo (Worker + page + provider stand-in)"
	@echo "make test   install what is needed, build, and run every test"
	@echo "make bench  size and speed figures"
	@echo "make load   load figures of the demo's Worker (loopback, about a minute)"

## setup: install every tool the build and the tests need; skips what is there already.
setup: node_modules/.setup-stamp www/node_modules/.setup-stamp
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

# The reference Worker's project (wrangler); it links the package from ../pkg.
www/node_modules/.setup-stamp: www/package.json www/package-lock.json
	cd www && npm ci --no-audit --no-fund
	@touch $@

## build: the npm package in pkg/ (wasm-pack, then the CommonJS glue and the entries).
build: setup
	wasm-pack build --release --target web --out-dir pkg --out-name kompaas_confirmation_call --no-pack
	wasm-bindgen --target nodejs --out-dir target/glue/nodejs --out-name kompaas_confirmation_call $(WASM)
	wasm-bindgen --target web --out-dir target/glue/web --out-name kompaas_confirmation_call $(WASM)
	node npm/assemble.mjs

## package: the npm tarball, as `npm publish` would upload it, in target/package/.
package: build
	rm -rf target/package && mkdir -p target/package
	cd pkg && npm pack --pack-destination ../target/package

test: package test-rust test-wasm test-js test-types test-provider test-runtimes test-package test-demo
	@echo "make test: all passed"

test-rust:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings
	cargo test

# The same wasm-bindgen tests in Node and in headless Chromium; a browser pass that ran
# no test (the runner skips browser tests it thinks are Node-only) fails.
test-wasm:
	wasm-pack test --node --release
	WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver --release \
		2>&1 | tee target/wasm-browser-test.log
	@grep -Eq 'test result: ok\. [1-9][0-9]* passed' target/wasm-browser-test.log \
		|| { echo "the browser pass ran no wasm test"; exit 1; }

test-js:
	node --test --test-reporter=spec tests/js/

test-types:
	tsc -p tests/types/tsconfig.json

test-provider:
	node --test --test-reporter=spec 'tests/provider/*.test.mjs'

# confirmationCall against the provider stand-in, in Node (the other runtimes run the
# same scenarios from the tarball in test-package).
test-runtimes:
	node --test --test-reporter=spec tests/runtimes/

# The tarball in fresh consumer projects: Node ESM and CommonJS, TypeScript, Deno,
# Workers (wrangler dev, deploy --dry-run), Vite and a plain page in Chromium.
test-package:
	node --test --test-reporter=spec tests/package/

test-demo:
	node --test --test-reporter=spec 'tests/demo/*.test.mjs'

## demo: the reference Worker and its page on http://127.0.0.1:8787, with the provider
## stand-in (or the real provider when KOMPAAS_TOKEN is set); Ctrl-C stops both. State
## is kept in .demo-state/; wrangler.toml's [vars] set in the environment reach the Worker.
demo: build
	node www/dev.mjs

## load: bursts and steady load against the demo's Worker on loopback (req/s, p99, 5xx).
load: build
	node www/scripts/load.mjs

## bench: size (raw, gzip, brotli) of the shipped files and the speed of each function.
bench: package
	node benches/bench.mjs

clean:
	rm -rf pkg target/glue node_modules/.setup-stamp .demo-state
