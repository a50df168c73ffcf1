// Memory stays flat over 100,000 mixed calls of every function (memory-run.mjs, in its own
// process so that nothing else moves its figures).
//
// The measure: wasm memory, read as process.memoryUsage() `external − arrayBuffers` after
// two full collections (see memory() in harness.mjs). Node counts a WebAssembly.Memory in
// `external` and not in `arrayBuffers`; wasm memory grows in 64 KiB pages and is never
// given back, so after a warm-up (a tenth of the calls) any leak inside the module, or any
// input copied in whole, shows as growth, without noise. The JS heap (`heapUsed`, after
// collection) is held to a few MiB over the second half of the run (the platform's own
// finalizer backlog for Requests fills up first; memory-run.mjs yields to the event loop
// between batches, as a server does); `rss` only to a loose bound, as the allocator keeps
// freed pages and moves by megabytes on its own.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { MiB, childOutcome, mib, runChild } from "./harness.mjs";

const COUNT = Number(process.env.FUZZ_MEMORY_CALLS ?? 100_000);

async function memoryRun(t, hostile) {
  const run = await runChild(["tests/fuzz/memory-run.mjs"], {
    env: { COUNT: String(COUNT), HOSTILE: hostile ? "1" : "0" },
    timeoutMs: Math.max(120_000, COUNT * 2),
  });
  const s = run.summary;
  assert.ok(s && run.code === 0, `the memory run did not finish: ${childOutcome(run)}`);
  t.diagnostic(
    `${s.count} calls after ${s.warmup} warm-up calls in ${s.ms} ms; wasm ${mib(s.baseline.wasm)} → ${s.checkpoints.map((c) => mib(c.wasm)).join(" → ")}; ` +
    `heapUsed over the second half +${mib(s.growth.heapUsed)}; rss ${mib(s.baseline.rss)} → ${mib(s.checkpoints.at(-1).rss)}`,
  );
  assert.equal(s.violated, 0, `${s.violated} calls broke the contract: ${JSON.stringify(s.violations)}`);
  assert.deepEqual(s.health, [], "module health check after the run");
  assert.ok(s.growth.wasm <= 1 * MiB, `wasm memory grew by ${mib(s.growth.wasm)} after the warm-up`);
  assert.ok(s.growth.heapUsed <= 8 * MiB, `the JS heap grew by ${mib(s.growth.heapUsed)} over the second half of the run`);
  assert.ok(s.growth.rss <= 64 * MiB, `rss grew by ${mib(s.growth.rss)}`);
}

describe(`memory over ${COUNT} mixed calls`, () => {
  test("valid and invalid input to every function: memory flat", { timeout: Math.max(130_000, COUNT * 2 + 10_000) }, (t) => memoryRun(t, false));
  test("with hostile input mixed in (throwing Proxies and getters, cycles, BigInt, class 2's toJSON): memory flat, module alive", { timeout: Math.max(130_000, COUNT * 2 + 10_000) }, (t) => memoryRun(t, true));
});
