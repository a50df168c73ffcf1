// The packed tarball in a Cloudflare Worker: imported by name, bundled and served by
// `wrangler dev` (real workerd), answering with interpretCallStatus and parseCallWebhook,
// calling every function, and running the confirmationCall scenarios against the provider
// stand-in on loopback. `wrangler deploy --dry-run` must bundle it too.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { makeConsumer, run, WRANGLER } from "./consumers.mjs";
import { startProvider, freePort } from "../runtimes/harness.mjs";

const WORKER = `import * as api from "kompaas-confirmation-call";
import { interpretCallStatus, parseCallWebhook, isConfirmationCallError } from "kompaas-confirmation-call";
import { exercise } from "../exercise.mjs";
import { runScenarios, checkScenarioResults } from "../scenarios.mjs";

export default {
  async fetch(request) {
    const url = new URL(request.url);
    try {
      switch (url.pathname) {
        case "/interpret":
          return Response.json(interpretCallStatus(url.searchParams.get("q931"), url.searchParams.get("final")));
        case "/webhook":
          return Response.json(parseCallWebhook(request.method === "GET" ? url.searchParams : await request.text()));
        case "/exercise":
          return Response.json({ problems: exercise({ ...api }) });
        case "/scenarios": {
          const where = JSON.parse(url.searchParams.get("where"));
          return Response.json({ scenarioProblems: checkScenarioResults(await runScenarios(api, where), where.token) });
        }
        default:
          return new Response("not found", { status: 404 });
      }
    } catch (error) {
      if (isConfirmationCallError(error)) return Response.json({ kind: error.kind, message: error.message }, { status: 400 });
      throw error;
    }
  },
};
`;

let provider;
let dir;
let wrangler;
let base;
let output = "";

before(async () => {
  provider = await startProvider();
  dir = makeConsumer("worker", {
    "src/worker.js": WORKER,
    "wrangler.toml": 'name = "consumer-worker"\nmain = "src/worker.js"\ncompatibility_date = "2026-04-01"\n',
  });
  const port = await freePort();
  const inspectorPort = await freePort();
  base = `http://127.0.0.1:${port}`;
  wrangler = spawn(WRANGLER, ["dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspectorPort), "--log-level", "warn"], {
    cwd: dir,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  wrangler.stdout.on("data", (d) => { output += d; });
  wrangler.stderr.on("data", (d) => { output += d; });
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (wrangler.exitCode !== null) throw new Error(`wrangler dev exited:\n${output}`);
    if (Date.now() > deadline) throw new Error(`wrangler dev did not answer:\n${output}`);
    try {
      if ((await fetch(`${base}/exercise`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
});

after(async () => {
  if (wrangler && wrangler.exitCode === null) {
    wrangler.kill("SIGINT");
    await Promise.race([once(wrangler, "exit"), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (wrangler.exitCode === null) wrangler.kill("SIGKILL");
  }
  await provider?.standIn.close();
});

test("the Worker answers with interpretCallStatus", async () => {
  const answer = await (await fetch(`${base}/interpret?q931=17&final=cancel`)).json();
  assert.deepEqual(answer, { outcome: "busy", confirmed: false, q931Status: 17, finalStatus: "CANCEL", cause: "user busy", description: "The line was busy." });
  const invalid = await fetch(`${base}/interpret?q931=999`);
  assert.equal(invalid.status, 400);
  assert.equal((await invalid.json()).kind, "invalid_status");
});

test("the Worker answers with parseCallWebhook, POST JSON and GET query", async () => {
  const posted = await fetch(`${base}/webhook`, { method: "POST", body: JSON.stringify({ verification_call_uuid: "fa278be48dc2_117793", q931_status: 16, final_status: "ANSWER" }) });
  const result = await posted.json();
  assert.equal(result.outcome, "answered");
  assert.equal(result.confirmed, true);
  assert.equal(result.accountId, "117793");
  const viaGet = await (await fetch(`${base}/webhook?verification_call_uuid=fa278be48dc2_117793&q931_status=31`)).json();
  assert.equal(viaGet.outcome, "rejected");
});

test("every function works in workerd", async () => {
  assert.deepEqual((await (await fetch(`${base}/exercise`)).json()).problems, []);
});

test("confirmationCall scenarios from workerd against the stand-in on loopback", async () => {
  const response = await fetch(`${base}/scenarios?where=${encodeURIComponent(JSON.stringify(provider.where))}`);
  assert.equal(response.status, 200, output);
  assert.deepEqual((await response.json()).scenarioProblems, []);
});

test("wrangler deploy --dry-run bundles the Worker and reports its size", async () => {
  const { code, stdout, stderr } = await run(WRANGLER, ["deploy", "--dry-run", "--outdir", "dist"], {
    cwd: dir,
    env: { WRANGLER_SEND_METRICS: "false", CI: "true" },
  });
  assert.equal(code, 0, `${stdout}\n${stderr}`);
  const size = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(stdout);
  assert.ok(size, stdout);
  console.log(`wrangler deploy --dry-run: ${size[0]}`);
  const bundled = readdirSync(join(dir, "dist"));
  assert.ok(bundled.some((f) => f.endsWith(".wasm")), `the .wasm is uploaded as its own module: ${bundled}`);
});
