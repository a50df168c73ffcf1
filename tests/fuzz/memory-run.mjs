// Memory over many mixed calls, in its own process (run by memory.test.mjs and run.mjs):
//   COUNT=<calls, default 100,000>  HOSTILE=1 to mix in the hostile values
// Every function, with valid and invalid input (and, with HOSTILE=1, throwing Proxies and
// getters, cycles, BigInt, the toJSON values of class 2), in a fixed rotation; a tenth of
// the count first as a warm-up; memory (see harness.mjs: `wasm` is external −
// arrayBuffers after a full collection) at the start, at four checkpoints and at the end.
// Prints one summary line (JSON).
import * as api from "kompaas-confirmation-call";
import { checkAsync, checkSync, describeThrown, expect, healthProblems, memory, printSummary, settledMemory, signature } from "./harness.mjs";
import { throwingProxy, revokedProxy } from "./arbitraries.mjs";

const COUNT = Number(process.env.COUNT ?? 100_000);
const HOSTILE = process.env.HOSTILE === "1";
const WARMUP = Math.max(5_000, Math.round(COUNT / 10));

const VALID_BODY = '{"status":"success","code":200,"object":{"login_did":"7777777777","code":"2463","verification_call_uuid":"119214e015ed_117793"}}';
const WEBHOOK = '{"verification_call_uuid":"119214e015ed_117793","q931_status":16,"final_status":"ANSWER"}';
const respond = (status, body) => async () => new Response(body, { status });
const call = (extra) => ({ token: "memory-token", phoneNumber: "+421 222 202 999", baseUrl: "http://127.0.0.1:9", timeoutMs: 1000, fetch: respond(200, VALID_BODY), ...extra });
const cyclic = () => {
  const value = { verification_call_uuid: "119214e015ed_117793" };
  value.self = value;
  return value;
};

const SYNC = [
  [() => api.normalizePhoneNumber("+421 222 202 999"), expect.string],
  [() => api.normalizePhoneNumber("0905 123 456"), expect.string],
  [() => api.normalizePhoneNumber("+421 abc"), expect.string],
  [() => api.buildConfirmationCallRequest({ token: "t", phoneNumber: "+421 222 202 999" }), expect.object],
  [() => api.buildConfirmationCallRequest({ token: "bad token", phoneNumber: "+421 222 202 999" }), expect.object],
  [() => api.buildConfirmationCallRequest({ token: "t", phoneNumber: "+421 222 202 999", baseUrl: "http://example.com" }), expect.object],
  [() => api.parseConfirmationCallResponse(VALID_BODY, 200), expect.object],
  [() => api.parseConfirmationCallResponse(JSON.parse(VALID_BODY)), expect.object],
  [() => api.parseConfirmationCallResponse('{"message":"no"}', 500), expect.object],
  [() => api.parseConfirmationCallResponse("not json", 200), expect.object],
  [() => api.splitVerificationCallUuid("119214e015ed_117793"), expect.object],
  [() => api.splitVerificationCallUuid("no-separator"), expect.object],
  [() => api.interpretCallStatus(16, "ANSWER"), expect.object],
  [() => api.interpretCallStatus("17", "cancel", { locale: "sk" }), expect.object],
  [() => api.interpretCallStatus(300), expect.object],
  [() => api.parseCallWebhook(WEBHOOK), expect.object],
  [() => api.parseCallWebhook("verification_call_uuid=119214e015ed_117793&q931_status=17"), expect.object],
  [() => api.parseCallWebhook(new URLSearchParams({ verification_call_uuid: "119214e015ed_117793", q931_status: "31" })), expect.object],
  [() => api.parseCallWebhook(Buffer.from(WEBHOOK)), expect.object],
  [() => api.parseCallWebhook({ q931_status: 16 }), expect.object],
  [() => api.isConfirmationCallError(new Error("x")), expect.boolean],
];
const HOSTILE_SYNC = [
  [() => api.parseCallWebhook(throwingProxy({})), expect.object],
  [() => api.parseCallWebhook(revokedProxy({})), expect.object],
  [() => api.parseCallWebhook(cyclic()), expect.object],
  [() => api.parseCallWebhook({ verification_call_uuid: "119214e015ed_117793", q931_status: 16n }), expect.object],
  [() => api.parseCallWebhook({ toJSON: () => undefined }), expect.object],
  [() => api.parseConfirmationCallResponse({ toJSON: () => Symbol("x") }, 500), expect.object],
  [() => api.buildConfirmationCallRequest({ get token() { throw new Error("getter"); }, phoneNumber: "1" }), expect.object],
  [() => api.interpretCallStatus(16, "ANSWER", throwingProxy({})), expect.object],
  [() => api.isConfirmationCallError(throwingProxy({})), expect.boolean],
];
const ASYNC = [
  () => api.confirmationCall(call({})),
  () => api.confirmationCall(call({ fetch: respond(401, '{"message":"bad token"}') })),
  () => api.confirmationCall(call({ fetch: () => Promise.reject(new TypeError("fetch failed")) })),
  () => api.confirmationCall(call({ signal: AbortSignal.abort() })),
  () => api.confirmationCall(call({ phoneNumber: "x" })),
];
const HOSTILE_ASYNC = [
  () => api.confirmationCall(throwingProxy({})),
  () => api.confirmationCall(call({ fetch: throwingProxy(() => {}) })),
];

const sync = HOSTILE ? [...SYNC, ...HOSTILE_SYNC] : SYNC;
const async = HOSTILE ? [...ASYNC, ...HOSTILE_ASYNC] : ASYNC;
const violations = {};
let violated = 0;
const record = (problem) => {
  violated++;
  const key = signature(problem);
  violations[key] = (violations[key] ?? 0) + 1;
};
process.on("uncaughtException", (error) => record(`uncaught exception: ${describeThrown(error)}`));
process.on("unhandledRejection", (reason) => record(`unhandled rejection: ${describeThrown(reason)}`));

/**
 * Waits for a group of calls; one that does not settle within 5 s is a violation. It first
 * gives the event loop a turn, as a server does between requests: Node's Request hangs a
 * listener and a finalizer on every signal, and finalizers only run in their own tasks, so
 * a loop that never yields keeps every Request of the run alive.
 */
async function settle(pending) {
  await new Promise((resolve) => setImmediate(resolve));
  const outcome = await Promise.race([
    Promise.all(pending).then(() => "settled"),
    new Promise((resolve) => setTimeout(resolve, 5_000, "stuck")),
  ]);
  if (outcome === "stuck") {
    record("confirmationCall calls did not settle within 5 s");
    stuck = true;
  }
}
let stuck = false;

/** `n` calls: nineteen synchronous to one confirmationCall, the async ones awaited 200 at a time. */
async function calls(n, offset) {
  let pending = [];
  for (let i = offset; i < offset + n && !stuck; i++) {
    if (i % 20 === 19) {
      pending.push(checkAsync(async[i % async.length], expect.call).then((problem) => problem && record(problem)));
      if (pending.length >= 200) {
        await settle(pending);
        pending = [];
      }
    } else {
      const [fn, expected] = sync[i % sync.length];
      const problem = checkSync(fn, expected);
      if (problem) record(problem);
    }
  }
  if (pending.length) await settle(pending);
}

const started = performance.now();
const initial = memory();
await calls(WARMUP, 0);
const baseline = await settledMemory();
const checkpoints = [];
const step = Math.ceil(COUNT / 4);
for (let done = 0; done < COUNT; done += step) {
  await calls(Math.min(step, COUNT - done), WARMUP + done);
  checkpoints.push({ calls: Math.min(done + step, COUNT), ...(await settledMemory()) });
}
const final = checkpoints.at(-1);
// Flat means no trend: what the JS heap holds in steady state (the platform's finalizer
// backlog fills up over the first part of the run) is measured from the halfway checkpoint.
const half = checkpoints[Math.floor(checkpoints.length / 2) - 1] ?? baseline;
printSummary({
  count: COUNT,
  warmup: WARMUP,
  hostile: HOSTILE,
  violated,
  violations,
  stuck,
  health: healthProblems(api),
  initial,
  baseline,
  checkpoints,
  growth: { wasm: final.wasm - baseline.wasm, heapUsed: final.heapUsed - half.heapUsed, rss: final.rss - baseline.rss },
  ms: Math.round(performance.now() - started),
});
process.exit(0);
