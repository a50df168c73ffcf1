// The contract over every argument position: for each of the 22 positions of the eight
// exported functions, FUZZ_NUM_RUNS (default 10,000) values from fast-check (anything(),
// strings of every unit, the hostile catalog of arbitraries.mjs and the position's own
// near-valid values), each call returning or throwing a ConfirmationCallError of a
// documented kind; a module health check after every batch of 1,000; wasm memory within
// a small fixed bound. Each position runs in its own process (fuzz-position.mjs), two at a
// time, so one that kills the module or the process fails alone.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { POSITIONS } from "./positions.mjs";
import { MiB, NUM_RUNS, SEED, childOutcome, failureReport, mib, runChild } from "./harness.mjs";

/** No position may leave wasm memory grown by more than this (the largest accepted
 * inputs, 256 KiB payloads, need far less; a 3 MB string copied in needs more). */
const WASM_GROWTH_BOUND = 8 * MiB;
const JOBS = Number(process.env.FUZZ_JOBS ?? 2);
// Generous: a position takes 1–5 s at 10,000 values here.
const CHILD_TIMEOUT_MS = Math.max(120_000, NUM_RUNS * 30);

describe(`every argument position: ${NUM_RUNS} values each, seed ${SEED}`, { concurrency: JOBS }, () => {
  POSITIONS.forEach((position, index) => {
    test(position.name, { timeout: CHILD_TIMEOUT_MS + 10_000 }, async (t) => {
      const run = await runChild(["tests/fuzz/fuzz-position.mjs"], {
        env: { POSITION: String(index), FUZZ_NUM_RUNS: String(NUM_RUNS), FUZZ_SEED: String(SEED) },
        timeoutMs: CHILD_TIMEOUT_MS,
      });
      const summary = run.summary;
      assert.ok(summary && run.code === 0, `the fuzz child did not finish: ${childOutcome(run)}`);
      const { before, after } = summary.memory;
      t.diagnostic(
        `seed ${summary.seed}: ${summary.tried} values, ${summary.failed} failures, ${summary.ms} ms; ` +
        `wasm memory ${mib(before.wasm)} → ${mib(after.wasm)}; slowest call ${summary.slowest.ms} ms (${summary.slowest.label || "-"})`,
      );
      assert.deepEqual(summary.buildErrors, {}, "the test could not build some of its own values (a bug of the test)");
      assert.equal(summary.dead, null, `the module died after ${summary.dead?.afterValues} values: ${summary.dead?.problems.join("; ")}\n${failureReport(summary)}`);
      assert.equal(summary.failed, 0, `${summary.failed} of ${summary.tried} values broke the contract:\n${failureReport(summary)}`);
      assert.ok(summary.tried >= NUM_RUNS, `only ${summary.tried} values were tried`);
      assert.ok(
        after.wasm - before.wasm <= WASM_GROWTH_BOUND,
        `wasm memory grew by ${mib(after.wasm - before.wasm)} (${mib(before.wasm)} → ${mib(after.wasm)}), more than ${mib(WASM_GROWTH_BOUND)}`,
      );
      assert.ok(summary.slowest.ms < 1000, `one call took ${summary.slowest.ms} ms (${summary.slowest.label})`);
    });
  });
});
