// Class 1 of the fuzzing issue, run as its own process (by abort.test.mjs and run.mjs) so that a V8 crash is seen as this
// process' exit (133 / SIGTRAP) by the test that spawns it:
//   COUNT concurrent confirmationCall calls (default 10,000), each with its own
//   AbortController aborted after a random 1–300 ms, and a fetch that never answers
//   (FETCH=never, the case) or one that honours the signal it is given
//   (FETCH=honours). Every promise must settle with a ConfirmationCallError of kind
//   "aborted". Prints one JSON line with the figures; exits 0 only when all settled so.
import { confirmationCall } from "kompaas-confirmation-call";

const count = Number(process.env.COUNT ?? 10_000);
const mode = process.env.FETCH ?? "never";
const seed = Number(process.env.SEED ?? 1);
const deadlineMs = Number(process.env.DEADLINE_MS ?? 30_000);

// A small deterministic generator (mulberry32), so a run can be repeated by its seed.
let state = seed >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const never = () => new Promise(() => {});
const honours = (_url, init) =>
  new Promise((_resolve, reject) => {
    const signal = init?.signal;
    if (!signal) return; // nothing to honour: never answers
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
const fetch = mode === "honours" ? honours : never;

const started = performance.now();
const summary = { node: process.version, mode, count, seed, settled: 0, aborted: 0, other: {} };
const timer = setTimeout(() => {
  summary.error = `not every call settled within ${deadlineMs} ms`;
  finish(1);
}, deadlineMs);

function finish(code) {
  clearTimeout(timer);
  summary.ms = Math.round(performance.now() - started);
  process.stdout.write(`ABORT-SUMMARY ${JSON.stringify(summary)}\n`);
  process.exitCode = code;
  // Pending never-answering fetches keep nothing alive, but be explicit.
  setImmediate(() => process.exit(code));
}

const calls = [];
for (let i = 0; i < count; i++) {
  const controller = new AbortController();
  const delay = 1 + Math.floor(random() * 300);
  setTimeout(() => controller.abort(), delay);
  calls.push(
    confirmationCall({
      token: "fuzz-token",
      phoneNumber: "+421 222 202 999",
      baseUrl: "http://127.0.0.1:9",
      timeoutMs: 0,
      signal: controller.signal,
      fetch,
    }).then(
      (value) => ({ ok: true, value }),
      (error) => ({ ok: false, error }),
    ),
  );
}

const results = await Promise.all(calls);
for (const result of results) {
  summary.settled++;
  const error = result.error;
  if (!result.ok && error?.name === "ConfirmationCallError" && error.kind === "aborted") {
    summary.aborted++;
  } else {
    const key = result.ok ? "resolved" : `${error?.name}:${error?.kind ?? String(error?.message).slice(0, 80)}`;
    summary.other[key] = (summary.other[key] ?? 0) + 1;
  }
}
finish(summary.aborted === count ? 0 : 1);
