// The fuzzing issue's hostile values, exactly, as named regression tests (classes 2, 3,
// 4, 5 and 7; class 1 is abort.test.mjs, class 6 tokens.test.mjs). Each case runs in its
// own process (hostile-cases.mjs): class 2 kills the module for the rest of a process,
// classes 4 and 7 are about memory that wasm never gives back, and class 5 ends the
// process, which is seen here as the child's exit code.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { MiB, childOutcome, mib, runChild } from "./harness.mjs";

const runs = new Map();
/** Runs a case once (memoized) and returns its summary, failing if the child did not finish. */
async function caseSummary(name, variant, { timeoutMs = 60_000, env = {} } = {}) {
  const key = `${name} ${variant ?? ""}`;
  if (!runs.has(key)) {
    runs.set(key, runChild(["tests/fuzz/hostile-cases.mjs", name, ...(variant ? [variant] : [])], { timeoutMs, env }));
  }
  const run = await runs.get(key);
  assert.ok(run.summary && run.code === 0, `the case's process did not finish: ${childOutcome(run)}`);
  return run.summary;
}

const healthy = (summary) => assert.deepEqual(summary.health, [], "module health check after the case");

describe("class 2: toJSON returning undefined, a function or a Symbol", () => {
  test("2,000 of them across parseCallWebhook and parseConfirmationCallResponse (status none, 500, 200) each throw a ConfirmationCallError, and the module still works", { timeout: 70_000 }, async (t) => {
    const summary = await caseSummary("class2-tojson");
    t.diagnostic(`${summary.violations} of ${summary.calls} calls broke the contract: ${JSON.stringify(summary.signatures)}`);
    assert.equal(summary.violations, 0, `first at call ${summary.firstViolationAt}: ${JSON.stringify(summary.signatures)}`);
    healthy(summary);
  });
});

describe("class 3: a form body of many empty fields (verification_call_uuid=…&q931_status=16&f00000=&…)", () => {
  // A complexity regression guard, not a benchmark: 1 s is ~100 times what a linear parser
  // needs for 255 KiB; the ratio of doubling the size is ~2 for linear parsing, ~4 for
  // quadratic (each measured as the best of three runs).
  test("at 255 KiB it parses in under 1 s", { timeout: 70_000 }, async (t) => {
    const { full, half } = await caseSummary("class3-form");
    t.diagnostic(`127.5 KiB: ${half.ms} ms, 255 KiB: ${full.ms} ms (${full.fields} fields; URLSearchParams: ${full.plainJsMs} ms)`);
    assert.equal(full.violation, null);
    assert.ok(full.parsed, `the body did not parse: ${full.error}`);
    assert.ok(full.ms < 1000, `255 KiB took ${full.ms} ms`);
  });
  test("doubling the size (127.5 → 255 KiB) roughly doubles the time (ratio < 3, quadratic gives ~4)", { timeout: 70_000 }, async (t) => {
    const { ratio, half, full } = await caseSummary("class3-form");
    t.diagnostic(`ratio ${ratio} (${half.ms} ms → ${full.ms} ms)`);
    // Below a few milliseconds the ratio is timer noise; linear enough then.
    if (full.ms < 5) return;
    assert.ok(ratio < 3, `time ratio ${ratio} for twice the size`);
  });
});

describe("class 4: a Uint8Array whose own `buffer` property is redefined", () => {
  const variants = {
    "huge-arraybuffer-1e9": "buffer → new ArrayBuffer(1e9) (the issue's value)",
    "huge-arraybuffer-2^31-1": "buffer → new ArrayBuffer(2^31 − 1) (the issue's value)",
    "arraylike-buffer": "buffer → an array-like { length: 3e7 }",
    "fake-arraybuffer": "an object posing as an ArrayBuffer (prototype ArrayBuffer.prototype, length 3e7)",
  };
  for (const [variant, what] of Object.entries(variants)) {
    test(`${what}: refused or read without wasm or process memory growing`, { timeout: 70_000 }, async (t) => {
      const summary = await caseSummary("class4-buffer", variant);
      const size = summary.bufferBytes ? `ArrayBuffer of ${summary.bufferBytes} bytes` : `length ${summary.arrayLikeLength}`;
      t.diagnostic(`${size}: wasm memory +${mib(summary.wasmGrowth)}, rss +${mib(summary.rssGrowth)}; ${JSON.stringify(summary.results)}`);
      assert.deepEqual(Object.keys(summary.results).sort(), ["parseCallWebhook", "parseConfirmationCallResponse"]);
      for (const [fn, result] of Object.entries(summary.results)) {
        assert.equal(result.violation, null, `${fn}: ${result.violation}`);
      }
      assert.ok(summary.wasmGrowth <= 1 * MiB, `wasm memory grew by ${mib(summary.wasmGrowth)}`);
      assert.ok(summary.rssGrowth <= 32 * MiB, `the process' resident memory grew by ${mib(summary.rssGrowth)}`);
      healthy(summary);
    });
  }
});

describe("class 5: a signal-like object that calls its listener after the call settled (removeEventListener does nothing)", () => {
  for (const variant of ["after-success", "after-network-error", "after-timeout", "after-http-error"]) {
    test(`${variant}: the late calls throw nothing and the process lives`, { timeout: 30_000 }, async () => {
      const run = await runChild(["tests/fuzz/hostile-cases.mjs", "class5-late-signal", variant], { timeoutMs: 20_000 });
      assert.ok(
        run.code === 0 && run.summary,
        `the process ended: ${childOutcome(run)}`,
      );
      assert.ok(run.summary.listenerRegistered, "the package registered no listener: the case tests nothing");
      assert.equal(run.summary.outcome.violation ?? null, null, JSON.stringify(run.summary.outcome));
      healthy(run.summary);
    });
  }
});

describe("class 7: a 3 MB string where a short one belongs", () => {
  const variants = [
    ["class7-long-string", "normalizePhoneNumber"],
    ["class7-long-string", "normalizePhoneNumber.unicode-dashes"],
    ["class7-long-string", "buildConfirmationCallRequest.phoneNumber"],
    ["class7-long-string", "buildConfirmationCallRequest.token"],
    ["class7-long-string", "buildConfirmationCallRequest.baseUrl"],
    ["class7-long-string", "splitVerificationCallUuid"],
    ["class7-long-string", "interpretCallStatus.q931Status"],
    ["class7-long-string", "interpretCallStatus.finalStatus"],
    ["class7-long-string", "interpretCallStatus.locale"],
    ["class7-long-string", "parseCallWebhook.locale"],
    ["class7-long-string", "parseCallWebhook.payload"],
    ["class7-long-string", "parseConfirmationCallResponse.body"],
    ["class7-long-string-call", "phoneNumber"],
    ["class7-long-string-call", "token"],
    ["class7-long-string-call", "baseUrl"],
  ];
  for (const [name, variant] of variants) {
    const label = name.endsWith("-call") ? `confirmationCall.${variant}` : variant;
    test(`${label}: answered in < 100 ms, wasm memory not grown`, { timeout: 70_000 }, async (t) => {
      const summary = await caseSummary(name, variant);
      t.diagnostic(`${summary.ms} ms, ${summary.returned ? "returned" : `threw ${summary.kind}`}, wasm memory +${mib(summary.wasmGrowth)}`);
      assert.equal(summary.violation, null, summary.violation);
      if (/phoneNumber|normalizePhoneNumber/.test(label)) {
        assert.equal(summary.kind, "invalid_phone_number", "a 3 MB phone number is not a phone number");
      }
      assert.ok(summary.ms < 100, `took ${summary.ms} ms`);
      assert.ok(summary.wasmGrowth <= 1 * MiB, `wasm memory grew by ${mib(summary.wasmGrowth)}`);
      healthy(summary);
    });
  }
});
