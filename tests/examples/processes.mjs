// What the example tests share: the examples' folders, and a command started the way a
// user starts it, kept until its "listening" line and stopped with a signal.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "examples");

/**
 * Starts `command` and resolves once a line of its output matches `ready` (the match is
 * returned); rejects when it exits first or after `timeoutMs`. `output()` is everything it
 * printed; `stop()` sends `signal` and waits for the exit (SIGKILL after 10 s).
 */
export async function start(command, args, { cwd, env = {}, ready, timeoutMs = 30_000, signal = "SIGTERM" }) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const lines = [];
  let resolveMatch;
  const matched = new Promise((resolve) => { resolveMatch = resolve; });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => {
      lines.push(line);
      const match = ready.exec(line);
      if (match) resolveMatch(match);
    });
  }
  const exited = once(child, "exit");
  const output = () => lines.join("\n");
  let timer;
  try {
    const match = await Promise.race([
      matched,
      exited.then(([code]) => { throw new Error(`${command} exited (${code}) before it was ready:\n${output()}`); }),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${command} not ready after ${timeoutMs} ms:\n${output()}`)), timeoutMs); }),
    ]);
    return {
      match,
      output,
      async stop() {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill(signal);
        const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(kill);
      },
    };
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Reads `read()` until `done(value)`; resolves that value. Rejects after `timeoutMs`,
 * naming `what` and the last value read.
 */
export async function readUntil(read, done, { timeoutMs = 10_000, what = "a value" } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} not as awaited after ${timeoutMs} ms; the last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Polls `GET url` until `done(json)`; resolves that answer, rejects after `timeoutMs`. */
export function pollUntil(url, done, { timeoutMs = 10_000 } = {}) {
  return readUntil(async () => (await fetch(url)).json(), done, { timeoutMs, what: `GET ${url}` });
}

/** POST JSON; resolves { status, json, ms }. */
export async function postJson(url, value) {
  const at = performance.now();
  const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(value) });
  return { status: response.status, json: await response.json(), ms: performance.now() - at };
}
