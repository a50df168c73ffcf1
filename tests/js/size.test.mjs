// Size budgets, checked on the built files (deterministic, unlike timings: speed is
// measured by `make bench`). A change that grows the package past a budget fails here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const pkg = join(root, "pkg");
const KiB = 1024;

const gzipSize = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

// The numbering plan (src/numbering_plan.rs and the checks in src/phone_number.rs) took
// the .wasm from about 107 to 118 KiB raw and from 48.5 to 54.5 KiB gzip.
test("the .wasm stays within 120 KiB raw and 56 KiB gzip", () => {
  const wasm = join(pkg, "kompaas_confirmation_call_bg.wasm");
  assert.ok(readFileSync(wasm).length <= 120 * KiB, `raw ${readFileSync(wasm).length} bytes`);
  assert.ok(gzipSize(wasm) <= 56 * KiB, `gzip ${gzipSize(wasm)} bytes`);
});

test("the JavaScript a browser loads (entry + glue) stays within 6 KiB gzip", () => {
  const total = gzipSize(join(pkg, "index.js")) + gzipSize(join(pkg, "kompaas_confirmation_call.js"));
  assert.ok(total <= 6 * KiB, `gzip ${total} bytes`);
});

test("the package ships the .wasm once and nothing a user does not need", () => {
  const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
  assert.equal(manifest.files.filter((f) => f.endsWith(".wasm")).length, 1);
  assert.deepEqual(readdirSync(pkg).sort(), [...manifest.files, "package.json"].sort());
});

test("the published types have no `any`", () => {
  for (const file of ["index.d.ts", "index.d.cts"]) {
    const text = readFileSync(join(pkg, file), "utf8");
    assert.doesNotMatch(text, /\bany\b/, file);
  }
});
