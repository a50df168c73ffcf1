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

test("the .wasm stays within 112 KiB raw and 52 KiB gzip", () => {
  const wasm = join(pkg, "kompaas_confirmation_call_bg.wasm");
  assert.ok(readFileSync(wasm).length <= 112 * KiB, `raw ${readFileSync(wasm).length} bytes`);
  assert.ok(gzipSize(wasm) <= 52 * KiB, `gzip ${gzipSize(wasm)} bytes`);
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
