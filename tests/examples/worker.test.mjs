// examples/worker end to end in `wrangler dev` (workerd, local KV), against the
// kompaas-stand-in command of the installed package, whose webhook reaches the Worker.
// The secrets go through a private --env-file, as .dev.vars would hold them.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../runtimes/harness.mjs";
import { EXAMPLES, pollUntil, postJson, start } from "./processes.mjs";

const DIR = join(EXAMPLES, "worker");
const SECRET = randomBytes(16).toString("hex");
const WEBHOOK_DELAY_MS = 1000;
const number = (digit) => `+421 900 123 45${digit}`;

let standIn, wrangler, standInUrl, base, work;

before(async () => {
  work = mkdtempSync(join(tmpdir(), "kcc-example-worker-"));
  const port = await freePort();
  const inspectorPort = await freePort();
  base = `http://127.0.0.1:${port}`;
  standIn = await start(join(DIR, "node_modules", ".bin", "kompaas-stand-in"), [
    "--port", "0", "--webhook-url", `${base}/webhooks/kompaas/${SECRET}`, "--webhook-delay-ms", String(WEBHOOK_DELAY_MS), "--quiet",
  ], { cwd: DIR, ready: /^stand-in listening on (\S+)$/ });
  standInUrl = standIn.match[1];
  const envFile = join(work, "dev.vars");
  writeFileSync(envFile, `KOMPAAS_TOKEN=test-token\nWEBHOOK_SECRET=${SECRET}\nKOMPAAS_BASE_URL=${standInUrl}\n`, { mode: 0o600 });
  wrangler = await start(join(DIR, "node_modules", ".bin", "wrangler"), [
    "dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspectorPort),
    "--env-file", envFile, "--persist-to", join(work, "state"),
  ], {
    cwd: DIR,
    env: { WRANGLER_SEND_METRICS: "false", CI: "true" },
    ready: /Ready on http/,
    timeoutMs: 90_000,
    signal: "SIGINT",
  });
});

after(async () => {
  await wrangler?.stop();
  await standIn?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const status = (id) => fetch(`${base}/verifications/${id}`).then((response) => response.json());
const settled = (id) => pollUntil(`${base}/verifications/${id}`, (json) => json.status !== "pending");

test("a number verified end to end in the Worker: pending, then the webhook's outcome", async (t) => {
  const startedAt = performance.now();
  const started = await postJson(`${base}/verifications`, { phoneNumber: number(0) });
  assert.equal(started.status, 202, `${JSON.stringify(started.json)}\n${wrangler.output()}`);
  assert.equal((await status(started.json.id)).status, "pending");
  const done = await settled(started.json.id);
  assert.deepEqual(done, { id: started.json.id, status: "answered", confirmed: true, description: "The call was answered." });
  t.diagnostic(`POST to answered: ${Math.round(performance.now() - startedAt)} ms (the stand-in's webhook delay ${WEBHOOK_DELAY_MS} ms)`);
});

test("the webhook before the API's answer: answered at once", async () => {
  const started = await postJson(`${base}/verifications`, { phoneNumber: number(7) });
  assert.equal(started.status, 202);
  assert.equal((await status(started.json.id)).status, "answered");
});

test("the webhook twice, a busy line, a provider failure, a bad number", async () => {
  await fetch(`${standInUrl}/__stand-in/reset`, { method: "POST" });
  const twice = await postJson(`${base}/verifications`, { phoneNumber: number(6) });
  const busy = await postJson(`${base}/verifications`, { phoneNumber: number(1) });
  assert.equal((await settled(twice.json.id)).status, "answered");
  assert.equal((await settled(busy.json.id)).status, "busy");
  await pollUntil(`${standInUrl}/__stand-in/stats`, (json) => json.webhookDeliveries === 3);
  assert.equal((await status(twice.json.id)).status, "answered");
  const failed = await postJson(`${base}/verifications`, { phoneNumber: number(8) });
  assert.equal(failed.status, 502);
  assert.equal(failed.json.error.kind, "server_error");
  const invalid = await postJson(`${base}/verifications`, { phoneNumber: "12" });
  assert.equal(invalid.status, 400);
  assert.equal(invalid.json.error.kind, "invalid_phone_number");
});

test("a wrong webhook secret: 404; a broken record: 400 invalid_webhook", async () => {
  assert.equal((await fetch(`${base}/webhooks/kompaas/not-${SECRET}`, { method: "POST", body: "{}" })).status, 404);
  const broken = await fetch(`${base}/webhooks/kompaas/${SECRET}`, { method: "POST", body: '{"q931_status":16}' });
  assert.equal(broken.status, 400);
  assert.equal((await broken.json()).error.kind, "invalid_webhook");
});
