// examples/node (Express) end to end: the server as a user runs it (`node server.mjs`
// with its environment), the provider stand-in as a user runs it (the kompaas-stand-in
// command of the installed package) with its webhook pointed at the server. A number is
// verified, webhook included, and each of the provider's awkward habits is met: the call
// record before the API's answer, the record twice, failures, a wrong secret.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { freePort } from "../runtimes/harness.mjs";
import { EXAMPLES, pollUntil, postJson, readUntil, start } from "./processes.mjs";

const DIR = join(EXAMPLES, "node");
const SECRET = randomBytes(16).toString("hex");
const WEBHOOK_DELAY_MS = 1000;
const number = (digit) => `+421 900 123 45${digit}`;

let standIn, server, standInUrl, base;

before(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  standIn = await start(join(DIR, "node_modules", ".bin", "kompaas-stand-in"), [
    "--port", "0", "--webhook-url", `${base}/webhooks/kompaas/${SECRET}`, "--webhook-delay-ms", String(WEBHOOK_DELAY_MS),
  ], { cwd: DIR, ready: /^stand-in listening on (\S+)$/ });
  standInUrl = standIn.match[1];
  server = await start("node", ["server.mjs"], {
    cwd: DIR,
    env: { KOMPAAS_TOKEN: "test-token", WEBHOOK_SECRET: SECRET, KOMPAAS_BASE_URL: standInUrl, PORT: String(port) },
    ready: /^listening on /,
  });
});

after(async () => {
  await server?.stop();
  await standIn?.stop();
});

const stats = async () => (await fetch(`${standInUrl}/__stand-in/stats`)).json();
const status = (id) => fetch(`${base}/verifications/${id}`).then((response) => response.json());
const settled = (id) => pollUntil(`${base}/verifications/${id}`, (json) => json.status !== "pending");

/** The stand-in's log lines of webhook attempts for its latest call to `phoneNumber`. */
function webhookAttempts(phoneNumber) {
  const lines = standIn.output().split("\n");
  const answered = new RegExp(`phone=${phoneNumber.replace(/\D/g, "")} -> 200 \\S+ uuid=(\\S+)`);
  const uuid = lines.map((line) => answered.exec(line)?.[1]).filter(Boolean).at(-1);
  return uuid ? lines.filter((line) => line.includes(`uuid=${uuid} attempt `)) : [];
}

test("a number verified end to end: pending, then the webhook's outcome", async (t) => {
  const startedAt = performance.now();
  const started = await postJson(`${base}/verifications`, { phoneNumber: number(0) });
  assert.equal(started.status, 202, JSON.stringify(started.json));
  assert.match(started.json.id, /^[0-9a-f-]{36}$/);
  assert.deepEqual(await status(started.json.id), { id: started.json.id, status: "pending", confirmed: false, description: null });
  const done = await settled(started.json.id);
  const elapsed = performance.now() - startedAt;
  assert.deepEqual(done, { id: started.json.id, status: "answered", confirmed: true, description: "The call was answered." });
  assert.ok(elapsed >= WEBHOOK_DELAY_MS, `${elapsed} ms`);
  t.diagnostic(`POST to answered: ${Math.round(elapsed)} ms (the stand-in's webhook delay ${WEBHOOK_DELAY_MS} ms; its API answer ${Math.round(started.ms)} ms)`);
});

test("the webhook before the API's answer: the outcome is there at once, never overwritten by pending", async () => {
  const started = await postJson(`${base}/verifications`, { phoneNumber: number(7) });
  assert.equal(started.status, 202);
  assert.ok(started.ms >= 900, "the stand-in holds its answer 1 s after the webhook");
  const first = await status(started.json.id);
  assert.equal(first.status, "answered");
  assert.equal(first.confirmed, true);
});

test("the webhook twice: the first outcome stands, both deliveries succeed", async () => {
  await fetch(`${standInUrl}/__stand-in/reset`, { method: "POST" });
  const started = await postJson(`${base}/verifications`, { phoneNumber: number(6) });
  assert.equal((await settled(started.json.id)).status, "answered");
  await pollUntil(`${standInUrl}/__stand-in/stats`, (json) => json.webhookDeliveries === 2);
  const attempts = await readUntil(() => webhookAttempts(number(6)), (lines) => lines.filter((line) => line.includes(" attempt 1/")).length === 2, {
    what: "the stand-in's log of both deliveries",
  });
  assert.equal(attempts.filter((line) => line.includes(" attempt 2/")).length, 0, `no retry: each delivery got a 2xx at once\n${attempts.join("\n")}`);
  assert.equal((await stats()).webhookDeliveries, 2, "no retry: each delivery got a 2xx");
  assert.equal((await status(started.json.id)).status, "answered");
});

test("a busy line: outcome busy, not confirmed", async () => {
  const started = await postJson(`${base}/verifications`, { phoneNumber: number(1) });
  assert.deepEqual(await settled(started.json.id), { id: started.json.id, status: "busy", confirmed: false, description: "The line was busy." });
});

test("the provider fails: 502 with the package's kind, and no verification", async () => {
  const failed = await postJson(`${base}/verifications`, { phoneNumber: number(8) });
  assert.equal(failed.status, 502);
  assert.equal(failed.json.error.kind, "server_error");
  assert.ok(!JSON.stringify(failed.json).includes("test-token"));
});

test("a number that cannot be called, or no JSON: 400 and nothing sent", async () => {
  await fetch(`${standInUrl}/__stand-in/reset`, { method: "POST" });
  const invalid = await postJson(`${base}/verifications`, { phoneNumber: "0905 123 456" });
  assert.equal(invalid.status, 400);
  assert.equal(invalid.json.error.kind, "invalid_phone_number");
  const form = await fetch(`${base}/verifications`, { method: "POST", body: "phoneNumber=%2B421900123450" });
  assert.equal(form.status, 400);
  assert.equal((await stats()).apiRequests, 0);
});

test("the webhook in every form the dashboard can send: JSON, text, form, GET query", async () => {
  const hook = `${base}/webhooks/kompaas/${SECRET}`;
  const record = { verification_call_uuid: "fa278be48dc2_117793", q931_status: "16", final_status: "ANSWER" };
  for (const [type, body] of [
    ["application/json", JSON.stringify(record)],
    ["text/plain", JSON.stringify(record)],
    ["application/x-www-form-urlencoded", new URLSearchParams(record).toString()],
    [undefined, `verification_call_uuid=${record.verification_call_uuid}\nq931_status=16`],
  ]) {
    const response = await fetch(hook, { method: "POST", headers: type ? { "Content-Type": type } : {}, body });
    assert.equal(response.status, 204, `${type}: ${await response.text()}`);
  }
  assert.equal((await fetch(`${hook}?${new URLSearchParams(record)}`)).status, 204);
  const broken = await fetch(hook, { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"q931_status":16}' });
  assert.equal(broken.status, 400);
  assert.equal((await broken.json()).error.kind, "invalid_webhook");
});

test("a wrong webhook secret or an unknown id: 404", async () => {
  const wrong = await fetch(`${base}/webhooks/kompaas/${SECRET.slice(0, -1)}x`, { method: "POST", body: "{}" });
  assert.equal(wrong.status, 404);
  assert.equal((await fetch(`${base}/verifications/00000000-0000-0000-0000-000000000000`)).status, 404);
});
