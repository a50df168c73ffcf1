// The hostile values, exactly, one case per process (run by hostile.test.mjs and
// run.mjs): `node tests/fuzz/hostile-cases.mjs <case> [variant]`. Each case prints one
// summary line (JSON) with what it measured; the test decides. A case that ends the
// process (class 5) is seen by the parent as the exit code.
import * as api from "kompaas-confirmation-call";
import {
  contractViolation, describeThrown, healthProblems, memory, printSummary, signature,
} from "./harness.mjs";
import { manyFieldForm, redefinedBuffer } from "./arbitraries.mjs";

const [caseName, variant] = process.argv.slice(2);

/** Calls fn; the contract's verdict (null: kept), what it returned or threw, and the time. */
function attempt(fn) {
  const t0 = performance.now();
  try {
    const value = fn();
    return { violation: null, returned: true, value, ms: performance.now() - t0 };
  } catch (error) {
    return { violation: contractViolation(error), returned: false, kind: error?.kind, message: describeThrown(error), ms: performance.now() - t0 };
  }
}

const CASES = {
  /** Class 2: 2,000 throws of the toJSON cases across both parsers, then the health check. */
  "class2-tojson"() {
    const returns = [() => undefined, () => function f() {}, () => Symbol("x")];
    const parsers = [
      (v) => api.parseCallWebhook(v),
      (v) => api.parseConfirmationCallResponse(v),
      (v) => api.parseConfirmationCallResponse(v, 500),
      (v) => api.parseConfirmationCallResponse(v, 200),
    ];
    const violations = {};
    let count = 0;
    let firstViolationAt = null;
    for (let i = 0; i < 2000; i++) {
      const value = { toJSON: returns[i % returns.length] };
      const result = attempt(() => parsers[i % parsers.length](value));
      if (result.violation) {
        count++;
        firstViolationAt ??= i;
        const key = signature(result.violation);
        violations[key] = (violations[key] ?? 0) + 1;
      }
    }
    return { calls: 2000, violations: count, firstViolationAt, signatures: violations, health: healthProblems(api) };
  },

  /** Class 3: the form body with many empty fields, at 127.5 and 255 KiB (best of up to 3 runs). */
  "class3-form"() {
    const time = (bytes) => {
      const body = manyFieldForm(bytes);
      let best = Infinity;
      let result;
      let spent = 0;
      for (let i = 0; i < 3 && spent < 1500; i++) {
        result = attempt(() => api.parseCallWebhook(body));
        best = Math.min(best, result.ms);
        spent += result.ms; // a slow parse needs no second measurement to be seen
      }
      const plain = performance.now();
      const fields = new URLSearchParams(body);
      const plainMs = performance.now() - plain;
      return {
        bytes: body.length,
        fields: [...fields.keys()].length,
        ms: Math.round(best * 10) / 10,
        plainJsMs: Math.round(plainMs * 10) / 10,
        violation: result.violation,
        parsed: result.returned && result.value?.verificationCallUuid === "119214e015ed_117793",
        error: result.returned ? null : result.message,
      };
    };
    attempt(() => api.parseCallWebhook(manyFieldForm(4096))); // warm-up
    const half = time(255 * 512);
    const full = time(255 * 1024);
    return { half, full, ratio: Math.round((full.ms / Math.max(half.ms, 0.01)) * 100) / 100, health: healthProblems(api) };
  },

  /**
   * Class 4: a Uint8Array whose own `buffer` is redefined. Variants: the value (a
   * huge real ArrayBuffer, 1e9 and 2^31−1 bytes where the machine allows, else 300 MB),
   * an array-like `{ length }` in its place, and an object posing as an ArrayBuffer.
   */
  "class4-buffer"() {
    const size = Number(process.env.CLASS4_ARRAYLIKE_LENGTH ?? 3e7);
    let bufferBytes = null;
    const huge = (bytes) => {
      try {
        const buffer = new ArrayBuffer(bytes);
        bufferBytes = bytes;
        return buffer;
      } catch {
        bufferBytes = 3e8; // the machine does not allow it: a few hundred MB instead
        return new ArrayBuffer(3e8);
      }
    };
    const values = {
      "huge-arraybuffer-1e9": () => redefinedBuffer(huge(1e9)),
      "huge-arraybuffer-2^31-1": () => redefinedBuffer(huge(2 ** 31 - 1)),
      "arraylike-buffer": () => redefinedBuffer({ length: size }),
      "fake-arraybuffer": () => Object.create(ArrayBuffer.prototype, { byteLength: { value: 16 }, length: { value: size } }),
    };
    const make = values[variant];
    const parsers = {
      parseCallWebhook: (v) => api.parseCallWebhook(v),
      parseConfirmationCallResponse: (v) => api.parseConfirmationCallResponse(v, 200),
    };
    const value = make(); // allocated before the baseline: the test's own buffer is not the package's growth
    const before = memory();
    const results = {};
    for (const [name, parse] of Object.entries(parsers)) {
      const result = attempt(() => parse(value));
      results[name] = { violation: result.violation, kind: result.kind ?? null, error: result.returned ? null : result.message, ms: Math.round(result.ms) };
    }
    const after = memory();
    return { variant, bufferBytes, arrayLikeLength: size, results, before, after, wasmGrowth: after.wasm - before.wasm, rssGrowth: after.rss - before.rss, health: healthProblems(api) };
  },

  /**
   * Class 5: a signal-like object whose removeEventListener does nothing and which calls
   * the listener after the call settled. No handler is installed: an exception from the
   * listener ends this process, which the parent sees as the exit code.
   */
  async "class5-late-signal"() {
    let listener = null;
    const signal = {
      aborted: false,
      reason: "late",
      addEventListener(_type, l) {
        listener = l;
      },
      removeEventListener() {},
    };
    const okBody = '{"status":"success","object":{"verification_call_uuid":"119214e015ed_117793"}}';
    const fetches = {
      "after-success": async () => new Response(okBody, { status: 200 }),
      "after-network-error": async () => {
        throw new TypeError("fetch failed");
      },
      "after-timeout": () => new Promise(() => {}),
      "after-http-error": async () => new Response("{}", { status: 500 }),
    };
    const outcome = await api
      .confirmationCall({ token: "t0k3n", phoneNumber: "+421 222 202 999", baseUrl: "http://127.0.0.1:9", timeoutMs: 20, signal, fetch: fetches[variant] })
      .then((value) => ({ resolved: typeof value?.verificationCallUuid === "string" }), (error) => ({ kind: error?.kind, violation: contractViolation(error) }));
    // The late call: from a timer, as an event source would, uncaught if it throws.
    await new Promise((resolve) => setTimeout(resolve, 10));
    let lateCalls = 0;
    for (let i = 0; i < 2; i++) {
      lateCalls++;
      setTimeout(() => listener?.({ type: "abort" }), 0);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { variant, outcome, listenerRegistered: typeof listener === "function", lateCalls, health: healthProblems(api) };
  },

  /** Class 7: a 3 MB string where a short one belongs: an answer in < 100 ms, no growth. */
  "class7-long-string"() {
    const long = (c) => c.repeat(3e6);
    const base = { token: "t0k3n", phoneNumber: "+421 222 202 999", baseUrl: "http://127.0.0.1:9" };
    const calls = {
      normalizePhoneNumber: () => api.normalizePhoneNumber(`+${long("1")}`),
      "normalizePhoneNumber.unicode-dashes": () => api.normalizePhoneNumber(`+${"1\u2011".repeat(1.5e6)}`),
      "buildConfirmationCallRequest.phoneNumber": () => api.buildConfirmationCallRequest({ ...base, phoneNumber: `+${long("1")}` }),
      "buildConfirmationCallRequest.token": () => api.buildConfirmationCallRequest({ ...base, token: long("t") }),
      "buildConfirmationCallRequest.baseUrl": () => api.buildConfirmationCallRequest({ ...base, baseUrl: `http://127.0.0.1:9/${long("p")}` }),
      splitVerificationCallUuid: () => api.splitVerificationCallUuid(`${long("a")}_1`),
      "interpretCallStatus.q931Status": () => api.interpretCallStatus(long("1")),
      "interpretCallStatus.finalStatus": () => api.interpretCallStatus(16, long("A")),
      "interpretCallStatus.locale": () => api.interpretCallStatus(16, "ANSWER", { locale: long("s") }),
      "parseCallWebhook.locale": () => api.parseCallWebhook('{"verification_call_uuid":"119214e015ed_117793","q931_status":16}', { locale: long("s") }),
      "parseCallWebhook.payload": () => api.parseCallWebhook(`verification_call_uuid=${long("a")}_1&q931_status=16`),
      "parseConfirmationCallResponse.body": () => api.parseConfirmationCallResponse(`{"a":"${long("x")}"}`, 200),
    };
    const call = calls[variant];
    // Warm-up with a short input, so the first call's own costs are not measured.
    attempt(() => api.normalizePhoneNumber("+421 222 202 999"));
    attempt(() => api.parseCallWebhook('{"verification_call_uuid":"119214e015ed_117793","q931_status":16}'));
    const before = memory();
    const result = attempt(call);
    const after = memory();
    return {
      variant,
      ms: Math.round(result.ms * 10) / 10,
      violation: result.violation,
      returned: result.returned,
      kind: result.kind ?? null,
      error: result.returned ? null : result.message,
      before,
      after,
      wasmGrowth: after.wasm - before.wasm,
      health: healthProblems(api),
    };
  },

  /** class 7 for confirmationCall: the same 3 MB strings as its options. */
  async "class7-long-string-call"() {
    const long = (c) => c.repeat(3e6);
    const fetch = async () => new Response('{"status":"success","object":{"verification_call_uuid":"119214e015ed_117793"}}', { status: 200 });
    const base = { token: "t0k3n", phoneNumber: "+421 222 202 999", baseUrl: "http://127.0.0.1:9", fetch };
    const options = {
      phoneNumber: { ...base, phoneNumber: `+${long("1")}` },
      token: { ...base, token: long("t") },
      baseUrl: { ...base, baseUrl: `http://127.0.0.1:9/${long("p")}` },
    }[variant];
    await api.confirmationCall(base); // warm-up
    const before = memory();
    const t0 = performance.now();
    const outcome = await api.confirmationCall(options).then(
      () => ({ returned: true, violation: null }),
      (error) => ({ returned: false, kind: error?.kind, violation: contractViolation(error), error: describeThrown(error) }),
    );
    const ms = performance.now() - t0;
    const after = memory();
    return { variant: `confirmationCall.${variant}`, ms: Math.round(ms * 10) / 10, ...outcome, before, after, wasmGrowth: after.wasm - before.wasm, health: healthProblems(api) };
  },
};

const run = CASES[caseName];
if (!run) {
  console.error(`unknown case ${caseName}; cases: ${Object.keys(CASES).join(", ")}`);
  process.exit(2);
}
const summary = await run();
printSummary({ case: caseName, ...summary });
process.exit(0);
