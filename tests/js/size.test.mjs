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

// What a browser downloads, the .wasm and the JavaScript of the browser entry, gzip: the
// budget is 40 KB (docs/decisions/size.md), so a change that grows the download past it
// fails here.
const BROWSER_DOWNLOAD_BUDGET = 40_000;

test("a browser downloads at most 40 KB gzip: the .wasm and the browser entry", () => {
  const wasm = gzipSize(join(pkg, "kompaas_confirmation_call_bg.wasm"));
  const entry = gzipSize(join(pkg, "index.js"));
  assert.ok(wasm + entry <= BROWSER_DOWNLOAD_BUDGET, `wasm ${wasm} + entry ${entry} bytes gzip`);
});

test("the .wasm stays within 80 KiB raw", () => {
  const bytes = readFileSync(join(pkg, "kompaas_confirmation_call_bg.wasm")).length;
  assert.ok(bytes <= 80 * KiB, `raw ${bytes} bytes`);
});

test("the shipped .wasm holds no path of the build machine", () => {
  const text = readFileSync(join(pkg, "kompaas_confirmation_call_bg.wasm")).toString("latin1");
  assert.doesNotMatch(text, /\/(root|home)\/[^\0]*\.cargo\//);
  assert.doesNotMatch(text, new RegExp(root.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
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
