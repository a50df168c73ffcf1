// `make bench`: the package beside a plain-JavaScript baseline of the same contract
// (benches/baseline.mjs), in one process: the size of what is shipped, the import time
// in fresh processes, and the time per call of every synchronous function, error path
// included, measured interleaved (package, baseline, package, …) so that both see the same
// machine. Figures, not pass/fail: the size budgets are asserted by tests/js/size.test.mjs,
// and timings are never asserted (the machine is shared and noisy). Run it when nothing
// else runs, and compare ratios rather than absolute times.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { execFileSync } from "node:child_process";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import * as api from "kompaas-confirmation-call";
import * as baseline from "./baseline.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = join(root, "pkg");
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

console.log("size of the shipped files (pkg/)");
for (const file of readdirSync(pkg).filter((f) => /\.(wasm|js|cjs|mjs)$/.test(f)).sort()) {
  const bytes = readFileSync(join(pkg, file));
  const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`  ${file.padEnd(36)} ${kb(bytes.length).padStart(9)} raw ${kb(gzip(bytes)).padStart(9)} gzip ${kb(brotli).padStart(9)} brotli`);
}
const download = gzip(readFileSync(join(pkg, "kompaas_confirmation_call_bg.wasm"))) + gzip(readFileSync(join(pkg, "index.js")));
console.log(`  a browser downloads (wasm + index.js, gzip): ${kb(download)} (budget 40 KB)`);
for (const file of (() => { try { return readdirSync(join(root, "target", "package")); } catch { return []; } })()) {
  console.log(`  tarball ${file}: ${kb(statSync(join(root, "target", "package", file)).size)}`);
}

// Times taken in fresh Node processes (the median of IMPORTS): each script reports how
// long its own step took, so process start-up, the same for all, is left out.
const IMPORTS = 15;
const fresh = (args) =>
  median(Array.from({ length: IMPORTS }, () => Number(execFileSync(process.execPath, args, { cwd: root, encoding: "utf8" }))));
const importScript = (specifier) =>
  `const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t);`;

// Import time: a fresh Node process imports the module.
const packageImport = fresh(["--input-type=module", "-e", importScript("kompaas-confirmation-call")]);
const baselineImport = fresh(["--input-type=module", "-e", importScript(new URL("./baseline.mjs", import.meta.url).href)]);
const requireTime = fresh(["-e", `const t = performance.now(); require("kompaas-confirmation-call"); console.log(performance.now() - t);`]);
// Compiling the .wasm: in Node on every start; in Workers the runtime compiles the module
// it was uploaded with, and can cache the compiled code across isolates.
const compileTime = fresh([
  "--input-type=module",
  "-e",
  `import { readFileSync } from "node:fs"; const b = readFileSync("pkg/kompaas_confirmation_call_bg.wasm"); const t = performance.now(); new WebAssembly.Module(b); console.log(performance.now() - t);`,
]);
// What a Workers isolate pays at start once the module is compiled and the script is
// loaded: instantiating the module and binding the JavaScript face to it (the glue and
// api.js, unbundled, from target/npm-staging).
const instantiateTime = fresh([
  "--input-type=module",
  "-e",
  `import { readFileSync } from "node:fs";
    const module = new WebAssembly.Module(readFileSync("pkg/kompaas_confirmation_call_bg.wasm"));
    const { initSync } = await import("./target/npm-staging/kompaas_confirmation_call.js");
    const { bind } = await import("./target/npm-staging/api.js");
    const t = performance.now();
    bind(initSync({ module }));
    console.log(performance.now() - t);`,
]);
// What start() defers from bind to the first call (the scratch area, the views, the
// limits): a fresh bind's first call, which also pays whatever runs for the first time.
const firstCallTime = fresh([
  "--input-type=module",
  "-e",
  `import { readFileSync } from "node:fs";
    const module = new WebAssembly.Module(readFileSync("pkg/kompaas_confirmation_call_bg.wasm"));
    const { initSync } = await import("./target/npm-staging/kompaas_confirmation_call.js");
    const { bind } = await import("./target/npm-staging/api.js");
    const api = bind(initSync({ module }));
    const t = performance.now();
    api.normalizePhoneNumber("+421 222 202 999");
    console.log(performance.now() - t);`,
]);
console.log(`\nimport in Node ${process.version} (fresh processes, median of ${IMPORTS})`);
console.log(`  package import  ${packageImport.toFixed(1).padStart(6)} ms   baseline import ${baselineImport.toFixed(1).padStart(6)} ms   added ${(packageImport - baselineImport).toFixed(1)} ms (budget 8 ms)`);
console.log(`  package require ${requireTime.toFixed(1).padStart(6)} ms`);
console.log(`  of which compiling the .wasm ${compileTime.toFixed(1)} ms`);
console.log(`  a Workers isolate's start, the module compiled: instantiate + bind ${instantiateTime.toFixed(2)} ms (budget 1 ms)`);
console.log(`    then the first call, normalizePhoneNumber (set-up deferred to it included) ${firstCallTime.toFixed(2)} ms`);

const EXAMPLE = '{"status":"success","code":200,"object":{"login_did":"7777777777","code":"2463","account_id":"117793","verification_call_uuid":"119214e015ed_117793"}}';
const exampleObject = JSON.parse(EXAMPLE);
const WEBHOOK = '{"verification_call_uuid":"fa278be48dc2_117793","q931_status":16,"final_status":"ANSWER","duration":7,"caller_number":"7777777777","called_number":"421222202999"}';
const webhookObject = JSON.parse(WEBHOOK);
const QUERY = "verification_call_uuid=fa278be48dc2_117793&q931_status=16&final_status=ANSWER";
const attempt = (fn) => () => {
  try {
    fn();
  } catch {
    // the error path is what is measured
  }
};
const cases = {
  "normalizePhoneNumber": (m) => () => m.normalizePhoneNumber("+421 222 202 999"),
  "normalizePhoneNumber (national, defaultCountry)": (m) => () => m.normalizePhoneNumber("0905 123 456", { defaultCountry: "SK" }),
  "buildConfirmationCallRequest": (m) => () => m.buildConfirmationCallRequest({ token: "token-0123456789", phoneNumber: "+421 222 202 999" }),
  "parseConfirmationCallResponse (text)": (m) => () => m.parseConfirmationCallResponse(EXAMPLE, 200),
  "parseConfirmationCallResponse (object)": (m) => () => m.parseConfirmationCallResponse(exampleObject, 200),
  "splitVerificationCallUuid": (m) => () => m.splitVerificationCallUuid("119214e015ed_117793"),
  "interpretCallStatus(16, \"ANSWER\")": (m) => () => m.interpretCallStatus(16, "ANSWER"),
  "parseCallWebhook (JSON text)": (m) => () => m.parseCallWebhook(WEBHOOK),
  "parseCallWebhook (object)": (m) => () => m.parseCallWebhook(webhookObject),
  "parseCallWebhook (query text)": (m) => () => m.parseCallWebhook(QUERY),
  "error path: normalizePhoneNumber(\"abc\")": (m) => attempt(() => m.normalizePhoneNumber("abc")),
  "error path: parseConfirmationCallResponse 500": (m) => attempt(() => m.parseConfirmationCallResponse("{}", 500)),
};

const CALLS = 20_000;
const ROUNDS = 7;
function perCall(fn) {
  const start = performance.now();
  for (let i = 0; i < CALLS; i++) fn();
  return ((performance.now() - start) / CALLS) * 1000;
}
console.log(`\ntime per call in Node ${process.version} (median of ${ROUNDS} interleaved rounds of ${CALLS.toLocaleString("en")} calls)`);
console.log(`  ${"function".padEnd(46)} ${"package".padStart(10)} ${"baseline".padStart(10)} ${"ratio".padStart(7)}`);
for (const [name, make] of Object.entries(cases)) {
  const ours = make(api);
  const theirs = make(baseline);
  for (let i = 0; i < 5_000; i++) {
    ours();
    theirs();
  }
  const a = [];
  const b = [];
  for (let round = 0; round < ROUNDS; round++) {
    a.push(perCall(ours));
    b.push(perCall(theirs));
  }
  const [pa, pb] = [median(a), median(b)];
  console.log(`  ${name.padEnd(46)} ${`${pa.toFixed(2)} µs`.padStart(10)} ${`${pb.toFixed(2)} µs`.padStart(10)} ${`${(pa / pb).toFixed(2)}x`.padStart(7)}`);
}
console.log("  (budget: every synchronous function ≤ 3x the baseline, aim ≤ 1.5x)");
