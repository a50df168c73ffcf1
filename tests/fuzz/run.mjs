// `make fuzz`: the longer run of the fuzz suite, and its figures.
//   1. every argument position with FUZZ_NUM_RUNS values (default 50,000), FUZZ_JOBS at a time
//   2. the concurrent-abort run (10,000 calls) FUZZ_ABORT_RUNS times (default 10) in Node 20
//      and in Node 22, with a fetch that never answers and with one that honours the signal
//   3. FUZZ_MEMORY_CALLS mixed calls (default 1,000,000), without and with hostile values
// Prints a table of figures: values tried and failures per position and in total, memory
// before and after, crash counts per Node version. Exits 1 when anything failed.
import { NODE22, NUM_RUNS, SEED, SYSTEM_NODE, childOutcome, crashed, failureReport, hasNode22, mib, runChild } from "./harness.mjs";
import { POSITIONS } from "./positions.mjs";

const NUM = Number(process.env.FUZZ_NUM_RUNS ?? 50_000);
const JOBS = Number(process.env.FUZZ_JOBS ?? 2);
const ABORT_RUNS = Number(process.env.FUZZ_ABORT_RUNS ?? 10);
const MEMORY_CALLS = Number(process.env.FUZZ_MEMORY_CALLS ?? 1_000_000);
const WASM_GROWTH_BOUND = 8 * 1024 * 1024; // as in arguments.test.mjs

const progress = (line) => process.stderr.write(`${line}\n`);
const started = performance.now();
let failed = false;
void NUM_RUNS; // the tests' default; this run passes its own count to every child

// 1. Argument positions ------------------------------------------------------------------
progress(`fuzz: ${POSITIONS.length} positions × ${NUM} values, seed ${SEED}, ${JOBS} at a time`);
const positionResults = new Array(POSITIONS.length);
let next = 0;
async function worker() {
  while (next < POSITIONS.length) {
    const index = next++;
    const run = await runChild(["tests/fuzz/fuzz-position.mjs"], {
      env: { POSITION: String(index), FUZZ_NUM_RUNS: String(NUM), FUZZ_SEED: String(SEED) },
      timeoutMs: Math.max(600_000, NUM * 40),
    });
    positionResults[index] = run;
    const s = run.summary;
    progress(`  ${POSITIONS[index].name}: ${s ? `${s.tried} values, ${s.failed} failures, ${s.ms} ms` : childOutcome(run)}`);
  }
}
await Promise.all(Array.from({ length: JOBS }, worker));

// 2. Concurrent aborts -------------------------------------------------------------------
const nodes = [["Node 20", SYSTEM_NODE], ...(hasNode22() ? [["Node 22", NODE22]] : [])];
const abortResults = [];
for (const [label, node] of nodes) {
  for (const mode of ["never", "honours"]) {
    const tally = { label, mode, runs: 0, crashes: 0, passed: 0, other: 0, version: "", ms: [] };
    for (let i = 0; i < ABORT_RUNS; i++) {
      const run = await runChild(["tests/fuzz/concurrent-abort.mjs"], {
        node,
        env: { COUNT: "10000", FETCH: mode, SEED: String(SEED + i), DEADLINE_MS: "45000" },
        timeoutMs: 60_000,
        prefix: "ABORT-SUMMARY ",
      });
      tally.runs++;
      if (run.summary) {
        tally.version = run.summary.node;
        tally.ms.push(run.summary.ms);
      }
      if (crashed(run)) tally.crashes++;
      else if (run.code === 0 && run.summary?.aborted === run.summary?.count) tally.passed++;
      else tally.other++;
      progress(`  concurrent abort, ${label}, fetch ${mode}, run ${i + 1}: ${crashed(run) ? `CRASH (${childOutcome(run).split(";")[0]})` : run.code === 0 ? "ok" : childOutcome(run)}`);
    }
    abortResults.push(tally);
  }
}

// 3. Memory ------------------------------------------------------------------------------
const memoryResults = [];
for (const hostile of [false, true]) {
  progress(`  memory: ${MEMORY_CALLS} mixed calls${hostile ? " with hostile values" : ""}…`);
  const run = await runChild(["tests/fuzz/memory-run.mjs"], {
    env: { COUNT: String(MEMORY_CALLS), HOSTILE: hostile ? "1" : "0" },
    timeoutMs: Math.max(300_000, MEMORY_CALLS),
  });
  memoryResults.push({ hostile, run });
}

// The figures ----------------------------------------------------------------------------
const pad = (value, width) => String(value).padStart(width);
const padEnd = (value, width) => String(value).padEnd(width);
const lines = [];
const out = (line = "") => lines.push(line);

out(`make fuzz: seed ${SEED}, ${NUM} values per argument position, ${Math.round((performance.now() - started) / 1000)} s in all`);
out();
out(`${padEnd("argument position", 56)}${pad("values", 9)}${pad("failures", 10)}  ${padEnd("wasm memory before → after", 28)}${pad("ms", 8)}`);
let totalTried = 0;
let totalFailed = 0;
const details = [];
POSITIONS.forEach((position, index) => {
  const run = positionResults[index];
  const s = run.summary;
  if (!s || run.code !== 0) {
    failed = true;
    out(`${padEnd(position.name, 56)}${pad("-", 9)}${pad("-", 10)}  ${childOutcome(run).split("\n")[0]}`);
    return;
  }
  totalTried += s.tried;
  totalFailed += s.failed;
  const growth = s.memory.after.wasm - s.memory.before.wasm;
  const memoryFlag = growth > WASM_GROWTH_BOUND ? " !" : "";
  const buildErrors = Object.keys(s.buildErrors).length ? `\n  the test could not build some values: ${JSON.stringify(s.buildErrors)}` : "";
  if (s.failed || s.dead || memoryFlag || buildErrors) {
    failed = true;
    details.push(`${position.name}${s.dead ? ` (module dead after ${s.dead.afterValues} values)` : ""}${memoryFlag ? ` (wasm memory +${mib(growth)}, more than ${mib(WASM_GROWTH_BOUND)})` : ""}:${s.failed ? `\n${failureReport(s)}` : ""}${buildErrors}`);
  }
  out(`${padEnd(position.name, 56)}${pad(s.tried, 9)}${pad(s.failed, 10)}  ${padEnd(`${mib(s.memory.before.wasm)} → ${mib(s.memory.after.wasm)}${memoryFlag}`, 28)}${pad(s.ms, 8)}`);
});
out(`${padEnd("total", 56)}${pad(totalTried, 9)}${pad(totalFailed, 10)}`);
out();
out(`concurrent abort: 10,000 calls, each aborted 1–300 ms after it starts (a crash is V8's SIGTRAP / exit 133)`);
out(`${padEnd("node", 12)}${padEnd("fetch", 10)}${pad("runs", 6)}${pad("crashes", 9)}${pad("passed", 8)}${pad("other", 7)}  ${"ms per run"}`);
for (const tally of abortResults) {
  if (tally.crashes || tally.other) failed = true;
  const ms = tally.ms.length ? `${Math.min(...tally.ms)}–${Math.max(...tally.ms)}` : "-";
  out(`${padEnd(tally.version || tally.label, 12)}${padEnd(tally.mode, 10)}${pad(tally.runs, 6)}${pad(tally.crashes, 9)}${pad(tally.passed, 8)}${pad(tally.other, 7)}  ${ms}`);
}
if (!hasNode22()) out("(Node 22 not installed: run make setup, it installs tests/node22)");
out();
out(`memory: ${MEMORY_CALLS} mixed calls after a warm-up (wasm = external − arrayBuffers after GC)`);
for (const { hostile, run } of memoryResults) {
  const s = run.summary;
  const what = hostile ? "with hostile values" : "valid and invalid";
  if (!s || run.code !== 0) {
    failed = true;
    out(`  ${padEnd(what, 22)}${childOutcome(run).split("\n")[0]}`);
    continue;
  }
  const last = s.checkpoints.at(-1);
  const flat = s.growth.wasm <= 1024 * 1024 && s.growth.heapUsed <= 8 * 1024 * 1024;
  if (!flat || s.violated || s.health.length) failed = true;
  out(
    `  ${padEnd(what, 22)}wasm ${mib(s.baseline.wasm)} → ${mib(last.wasm)}, heapUsed ${mib(s.baseline.heapUsed)} → ${mib(last.heapUsed)}, ` +
    `rss ${mib(s.baseline.rss)} → ${mib(last.rss)}; ${s.violated} contract failures${s.stuck ? ", calls stuck" : ""}${s.health.length ? ", module dead" : ""}; ${s.ms} ms`,
  );
  if (s.violated) details.push(`memory run ${what}: ${JSON.stringify(s.violations)}`);
}
if (details.length) {
  out();
  out("failures:");
  for (const detail of details) out(detail);
}
out();
out(failed ? "make fuzz: FAILED" : "make fuzz: all passed");
process.stdout.write(`${lines.join("\n")}\n`);
process.exit(failed ? 1 : 0);
