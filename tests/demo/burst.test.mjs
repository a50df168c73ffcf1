// Bursts against `make demo`'s setup: no 5xx, every answer a deliberate one (202, 204,
// 404 or 429), and in bounded time, on loopback only. (`wrangler dev` gave 503s for
// the same bursts from its reload proxy, with any Worker: www/scripts/wrangler-dev-burst.mjs.)

import assert from "node:assert/strict";
import { test } from "node:test";

import { api, cdr, numberEndingIn, settledStats, statusCounts, useTestDemo, waitFor } from "./demo-setup.mjs";

// Generous for two shared cores; the figures in www/README.md are far lower.
const BURST_DEADLINE_MS = 30_000;

const { demo } = useTestDemo({ slowMs: 3000 });

/** `count` requests made by `make(i)`, at most `concurrency` at a time; answers and time. */
async function burst(count, make, concurrency = count) {
  const answers = new Array(count);
  let next = 0;
  const startedAt = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next;
        next += 1;
        answers[i] = await make(i).catch((error) => ({ status: `network error: ${error.cause?.code ?? error.message}` }));
      }
    }),
  );
  return { answers, counts: statusCounts(answers), tookMs: Date.now() - startedAt };
}

test("1,000 parallel starts for one number: one 202, 999 x 429, no 5xx, one provider call", async () => {
  const client = api(demo.url, { headers: { "CF-Connecting-IP": "198.51.100.77" } });
  const phone = numberEndingIn(2);
  const callsBefore = demo.standIn.stats().calls;
  const { answers, counts, tookMs } = await burst(1000, () => client.start(phone));
  assert.deepEqual(counts, { 202: 1, 429: 999 }, JSON.stringify(counts));
  assert.ok(tookMs < BURST_DEADLINE_MS, `took ${tookMs} ms`);
  for (const answer of answers.filter((each) => each.status === 429)) assert.ok(answer.headers.get("retry-after"));
  await waitFor(() => demo.standIn.stats().calls === callsBefore + 1, { what: "the one call" });
  assert.equal((await settledStats(demo)).calls, callsBefore + 1, "exactly one");
  client.close();
});

test("the one start a slow provider holds (digit 9) still learns its id at once: no 502, no timeout", async () => {
  const client = api(demo.url, { headers: { "CF-Connecting-IP": "198.51.100.78" } });
  const phone = numberEndingIn(9);
  const { answers, counts, tookMs } = await burst(100, () => client.start(phone));
  assert.deepEqual(counts, { 202: 1, 429: 99 });
  assert.ok(tookMs < 3000, `took ${tookMs} ms (the provider holds its answer 3 s)`);
  const { id } = answers.find((answer) => answer.status === 202).body;
  assert.equal((await client.read(id)).status, 200);
  client.close();
});

test("200 parallel reads of unknown ids: 404 (or 429), no 5xx, no stall", async () => {
  const reader = api(demo.url, { headers: { "CF-Connecting-IP": "198.51.100.79" } });
  await reader.start(numberEndingIn(2)); // a reader cookie
  const { counts, tookMs } = await burst(200, (i) => reader.read(`unknown${String(i).padStart(15, "0")}`));
  assert.deepEqual(Object.keys(counts).filter((status) => status !== "404" && status !== "429"), [], JSON.stringify(counts));
  assert.ok(tookMs < 15_000, `took ${tookMs} ms`);
  reader.close();
});

test("200 webhooks for new uuids over 50 connections: all 204", async () => {
  const client = api(demo.url);
  const { counts, tookMs } = await burst(
    200,
    (i) =>
      client.webhook(demo.webhookSecret, cdr({ verification_call_uuid: `${i.toString(16).padStart(12, "0")}_117793`, q931_status: 16, final_status: "ANSWER" })),
    50,
  );
  assert.deepEqual(counts, { 204: 200 });
  assert.ok(tookMs < BURST_DEADLINE_MS, `took ${tookMs} ms`);
  client.close();
});
