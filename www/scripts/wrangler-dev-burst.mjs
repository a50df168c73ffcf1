// Why `make demo` runs the Worker through Miniflare rather than `wrangler dev`: the
// same burst against a six-line Worker (no Durable Objects, no package, nothing of
// ours) under both. Under `wrangler dev` some POSTs of a burst are answered 503 "Your
// worker restarted mid-request" (or 500) by wrangler's own reload proxy: the connection
// from the proxy to the Worker is lost, and a POST is never retried; in some runs
// wrangler itself exits. Under Miniflare, the same workerd without that proxy, none are.
// It does not happen in every run: run it twice or three times.
//
//   node www/scripts/wrangler-dev-burst.mjs [--rounds 6] [--requests 1000]
//
// Loopback only; about a minute. Prints the answers of each round for both.

import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { WWW_DIR, freePort } from "../demo-server.mjs";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "6" }, requests: { type: "string", default: "1000" } } });
const rounds = Number(values.rounds);
const requests = Number(values.requests);
for (const [name, value] of [["rounds", rounds], ["requests", requests]]) {
  if (!Number.isSafeInteger(value) || value < 1) {
    console.error(`--${name} must be a whole number of at least 1`);
    process.exit(2);
  }
}

// One log line per request, as any Worker writes.
const WORKER = `export default {
  async fetch(request) {
    console.log(JSON.stringify({ event: "request", method: request.method }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    return new Response("ok");
  },
};
`;

const dir = await mkdtemp(path.join(os.tmpdir(), "wrangler-dev-burst-"));
try {
  await writeFile(path.join(dir, "worker.js"), WORKER);
  await writeFile(path.join(dir, "wrangler.toml"), 'name = "burst"\nmain = "worker.js"\ncompatibility_date = "2026-04-01"\n');

  console.log(`${rounds} rounds of ${requests} parallel POSTs against a Worker that logs a line, waits 50 ms and answers 200.\n`);
  const wrangler = await underWranglerDev(dir);
  try {
    await rounds_("wrangler dev", wrangler.url);
  } finally {
    await wrangler.stop();
  }
  const miniflare = await underMiniflare(dir);
  try {
    await rounds_("Miniflare   ", miniflare.url);
  } finally {
    await miniflare.stop();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

async function rounds_(name, url) {
  let failed = 0;
  let sample = null;
  for (let round = 1; round <= rounds; round += 1) {
    const counts = {};
    const startedAt = performance.now();
    await Promise.all(
      Array.from({ length: requests }, async () => {
        let status;
        try {
          const response = await fetch(url, { method: "POST", body: "{}" });
          const text = await response.text();
          status = response.status;
          if (status !== 200) sample ??= `${status} ${text.slice(0, 120)}`;
        } catch (error) {
          status = `network error (${error.cause?.code ?? error.message})`;
        }
        counts[status] = (counts[status] ?? 0) + 1;
      }),
    );
    failed += requests - (counts[200] ?? 0);
    console.log(`${name} round ${round}: ${JSON.stringify(counts)} in ${Math.round(performance.now() - startedAt)} ms`);
  }
  console.log(`${name} answers other than 200: ${failed} of ${rounds * requests}${sample ? `; e.g. ${sample}` : ""}\n`);
}

async function underWranglerDev(cwd) {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [path.join(WWW_DIR, "node_modules/wrangler/bin/wrangler.js"), "dev", "--ip", "127.0.0.1", "--port", String(port), "--show-interactive-dev-session=false"],
    { cwd, env: { ...process.env, WRANGLER_SEND_METRICS: "false", WRANGLER_LOG_PATH: path.join(cwd, "logs") }, detached: true, stdio: "ignore" },
  );
  const url = `http://127.0.0.1:${port}/`;
  const stop = async () => {
    child.kill("SIGINT");
    await new Promise((resolve) => setTimeout(resolve, 2000));
    try {
      process.kill(-child.pid, "SIGKILL"); // whatever of its own group is left
    } catch {
      // already gone
    }
  };
  for (let i = 0; i < 120; i += 1) {
    try {
      if ((await fetch(url)).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await stop();
  throw new Error("wrangler dev did not answer 200 within a minute");
}

async function underMiniflare(dir) {
  const { Miniflare } = createRequire(path.join(WWW_DIR, "package.json"))("miniflare");
  const miniflare = new Miniflare({
    modules: true,
    scriptPath: path.join(dir, "worker.js"),
    modulesRoot: dir,
    compatibilityDate: "2026-04-01",
    handleStructuredLogs: () => {}, // the log lines, dropped as wrangler's are (stdio ignored)
    host: "127.0.0.1",
    port: await freePort(),
    cf: false,
  });
  return { url: (await miniflare.ready).href, stop: () => miniflare.dispose() };
}
