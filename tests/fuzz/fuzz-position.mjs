// One argument position, fuzzed in its own process (run by arguments.test.mjs and run.mjs):
//   POSITION=<index 0–21>  FUZZ_NUM_RUNS=<values>  FUZZ_SEED=<seed>  FUZZ_BATCH=<values a batch>
// Generates the values with fast-check from a fixed seed, calls the function with each,
// and counts every value whose call broke the contract (did not return, and did not
// throw a ConfirmationCallError of a documented kind). A module health check runs after
// each batch; a dead module ends the run. Uncaught exceptions and unhandled rejections
// are counted, not fatal, so a run always reports. Prints one summary line (JSON).
import fc from "fast-check";
import * as api from "kompaas-confirmation-call";
import { POSITIONS } from "./positions.mjs";
import { positionArb, late } from "./arbitraries.mjs";
import {
  NUM_RUNS, SEED, checkAsync, checkSync, describeThrown, healthProblems, memory, printSummary, signature,
} from "./harness.mjs";

const index = Number(process.env.POSITION);
const position = POSITIONS[index];
if (!position) throw new Error(`POSITION must be 0–${POSITIONS.length - 1}`);
const batchSize = Number(process.env.FUZZ_BATCH ?? 1000);
const seed = SEED + index * 7919;

const failures = new Map();
let failed = 0;
const buildErrors = {};
function record(problem, label) {
  failed++;
  const key = signature(problem);
  const entry = failures.get(key) ?? { count: 0, labels: {} };
  entry.count++;
  entry.labels[label] = (entry.labels[label] ?? 0) + 1;
  failures.set(key, entry);
}

// Nothing may reach the network: a global fetch that answers 503 at once, and counts.
let globalFetchCalls = 0;
globalThis.fetch = async () => {
  globalFetchCalls++;
  return new Response('{"message":"global fetch of the fuzz child"}', { status: 503 });
};
const escaped = { uncaught: 0, unhandled: 0 };
process.on("uncaughtException", (error) => {
  escaped.uncaught++;
  record(`uncaught exception: ${describeThrown(error)}`, "(asynchronous)");
});
process.on("unhandledRejection", (reason) => {
  escaped.unhandled++;
  record(`unhandled rejection: ${describeThrown(reason)}`, "(asynchronous)");
});

const arbitrary = positionArb(position.near);
const before = memory();
const started = performance.now();
let tried = 0;
let slowest = { ms: 0, label: "" };
let dead = null;
let unsettled = 0;
const batches = Math.ceil(NUM_RUNS / batchSize);

for (let batch = 0; batch < batches && !dead; batch++) {
  const runs = Math.min(batchSize, NUM_RUNS - batch * batchSize);
  const pending = [];
  fc.assert(
    fc.property(arbitrary, (generated) => {
      tried++;
      let value;
      try {
        value = generated.make();
      } catch (error) {
        // The test's own mistake, not the package's: counted apart, and still a failure.
        const key = signature(`${generated.label}: ${describeThrown(error)}`);
        buildErrors[key] = (buildErrors[key] ?? 0) + 1;
        return true;
      }
      // An async position is timed up to its first await: where arguments are read and
      // copied, so where a huge one would cost.
      const t0 = performance.now();
      let problem;
      if (position.async) {
        pending.push(checkAsync(() => position.call(api, value), position.expect).then((found) => {
          if (found) record(found, generated.label);
        }));
      } else {
        problem = checkSync(() => position.call(api, value), position.expect);
      }
      const ms = performance.now() - t0;
      if (ms > slowest.ms) slowest = { ms: Math.round(ms), label: generated.label };
      if (problem) record(problem, generated.label);
      return true;
    }),
    { seed: seed + batch, numRuns: runs },
  );
  if (pending.length) {
    const settled = await Promise.race([
      Promise.all(pending).then(() => true),
      new Promise((resolve) => setTimeout(resolve, 20_000, false)),
    ]);
    if (!settled) {
      unsettled++;
      record("calls of the batch did not settle within 20 s", "(batch)");
    }
    // Let fake signals that fire late (after their call settled) fire.
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  const problems = healthProblems(api);
  if (problems.length) {
    dead = { afterBatch: batch + 1, afterValues: tried, problems };
    record(`module unhealthy after a batch: ${problems[0]}`, "(health check)");
  }
}

const after = memory();
printSummary({
  position: position.name,
  index,
  seed,
  numRuns: NUM_RUNS,
  tried,
  failed,
  failures: [...failures.entries()].sort((a, b) => b[1].count - a[1].count).slice(0, 25)
    .map(([problem, { count, labels }]) => ({ problem, count, labels: Object.entries(labels).sort((a, b) => b[1] - a[1]).slice(0, 8) })),
  dead,
  buildErrors,
  unsettledBatches: unsettled,
  escaped,
  lateListenerCalls: late.calls,
  globalFetchCalls,
  slowest,
  memory: { before, after },
  ms: Math.round(performance.now() - started),
});
// Pending timers of fake signals or never-answering fetches must not keep the child alive.
process.exit(0);
