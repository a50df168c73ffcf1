// `make bench`: the package's size (raw, gzip, brotli) and the speed of every synchronous
// function in Node, measured on the built pkg/ and the packed tarball. Figures, not
// pass/fail: the size budgets that must hold are checked by tests/js/size.test.mjs.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import * as api from "kompaas-confirmation-call";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = join(root, "pkg");

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
console.log("size of the shipped files (pkg/)");
for (const file of readdirSync(pkg).filter((f) => /\.(wasm|js|cjs|mjs)$/.test(f)).sort()) {
  const bytes = readFileSync(join(pkg, file));
  const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  console.log(`  ${file.padEnd(38)} ${kb(bytes.length).padStart(10)} raw ${kb(gzipSync(bytes, { level: 9 }).length).padStart(10)} gzip ${kb(brotli.length).padStart(10)} brotli`);
}
const tarballs = join(root, "target", "package");
for (const file of (() => { try { return readdirSync(tarballs); } catch { return []; } })()) {
  console.log(`  tarball ${file}: ${kb(statSync(join(tarballs, file)).size)}`);
}

const EXAMPLE = '{"status":"success","code":200,"object":{"login_did":"7777777777","code":"2463","account_id":"117793","verification_call_uuid":"119214e015ed_117793"}}';
const WEBHOOK = '{"verification_call_uuid":"fa278be48dc2_117793","q931_status":16,"final_status":"ANSWER","duration":7,"caller_number":"7777777777","called_number":"421222202999"}';
const webhookObject = JSON.parse(WEBHOOK);
const cases = {
  "normalizePhoneNumber": () => api.normalizePhoneNumber("+421 222 202 999"),
  "buildConfirmationCallRequest": () => api.buildConfirmationCallRequest({ token: "token-0123456789", phoneNumber: "+421 222 202 999" }),
  "parseConfirmationCallResponse (text)": () => api.parseConfirmationCallResponse(EXAMPLE, 200),
  "splitVerificationCallUuid": () => api.splitVerificationCallUuid("119214e015ed_117793"),
  "interpretCallStatus": () => api.interpretCallStatus(16, "ANSWER"),
  "parseCallWebhook (JSON text)": () => api.parseCallWebhook(WEBHOOK),
  "parseCallWebhook (object)": () => api.parseCallWebhook(webhookObject),
  "parseCallWebhook (query text)": () => api.parseCallWebhook("verification_call_uuid=fa278be48dc2_117793&q931_status=16&final_status=ANSWER"),
  "error path (invalid_phone_number)": () => { try { api.normalizePhoneNumber("abc"); } catch { /* measured */ } },
};

console.log("\nspeed in Node " + process.version + " (median of 5 runs of 20,000 calls)");
for (const [name, fn] of Object.entries(cases)) {
  for (let i = 0; i < 2000; i += 1) fn();
  const runs = [];
  for (let run = 0; run < 5; run += 1) {
    const start = performance.now();
    for (let i = 0; i < 20000; i += 1) fn();
    runs.push((performance.now() - start) / 20000);
  }
  runs.sort((a, b) => a - b);
  const perCall = runs[2];
  console.log(`  ${name.padEnd(38)} ${(perCall * 1000).toFixed(2).padStart(8)} µs/call ${Math.round(1000 / perCall).toLocaleString("en").padStart(12)} calls/s`);
}
