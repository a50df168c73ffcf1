// Every verification ends, in `make demo`'s setup with short timeouts: no webhook gives
// "expired"; a provider that answers late gives "unconfirmed" (the call may have been
// placed) and is still followed; one that never answers ends as expired too.

import assert from "node:assert/strict";
import { test } from "node:test";

import { cdr, numberEndingIn, started, startWithoutWebhook, useTestDemo, waitFor, waitForFinal, waitForStatus, withStandInConfig } from "./demo-setup.mjs";

const PROVIDER_TIMEOUT_MS = 800;
const OUTCOME_TIMEOUT_SECONDS = 3;
const SLOW_MS = 2000; // digit 9: the stand-in answers after this
const UNTIL_EXPIRED = { timeoutMs: OUTCOME_TIMEOUT_SECONDS * 1000 + 3000 }; // waitForFinal() of one that expires

const { demo, client } = useTestDemo({
  slowMs: SLOW_MS,
  vars: { PROVIDER_TIMEOUT_MS: String(PROVIDER_TIMEOUT_MS), OUTCOME_TIMEOUT_SECONDS: String(OUTCOME_TIMEOUT_SECONDS) },
});

test("no webhook: pending, then expired OUTCOME_TIMEOUT_SECONDS after the call was placed", async () => {
  const { id, pending } = await startWithoutWebhook(demo, client);
  const placedAt = Date.parse(pending.body.placedAt);
  const expiresAt = Date.parse((await client.read(id)).body.expiresAt);
  assert.ok(Math.abs(expiresAt - (placedAt + OUTCOME_TIMEOUT_SECONDS * 1000)) < 50, "expiresAt says when");
  const done = await waitForFinal(client, id, UNTIL_EXPIRED);
  assert.equal(done.body.status, "expired");
  assert.equal(done.body.final, true);
  assert.equal(done.body.expiresAt, null);
  assert.ok(Date.now() >= expiresAt);
  await waitFor(() => demo.output().includes('"event":"verification_expired"'), { what: "the expiry in the log" });
});

test("a webhook after the expiry is acknowledged and changes nothing", async () => {
  const { id, uuid } = await startWithoutWebhook(demo, client);
  await waitForFinal(client, id, UNTIL_EXPIRED);
  const late = await client.webhook(demo.webhookSecret, cdr({ verification_call_uuid: uuid, q931_status: 16, final_status: "ANSWER" }));
  assert.equal(late.status, 204);
  assert.equal((await client.read(id)).body.status, "expired");
});

test("a slow provider (digit 9): 202 at once, unconfirmed after PROVIDER_TIMEOUT_MS, pending when it answers, then expired", async () => {
  const startedAt = Date.now();
  const answer = await client.start(numberEndingIn(9));
  assert.equal(answer.status, 202, "the client learns its id whatever the provider does");
  assert.ok(Date.now() - startedAt < PROVIDER_TIMEOUT_MS, "at once");
  const { id } = answer.body;
  assert.equal(answer.body.status, "calling");

  const unconfirmed = await waitForStatus(client, id, "unconfirmed", { timeoutMs: PROVIDER_TIMEOUT_MS + 2000 });
  assert.equal(unconfirmed.body.final, false, "the call may have been placed: still followed");
  assert.ok(Date.now() - startedAt >= PROVIDER_TIMEOUT_MS);

  // The provider's late answer still arrives, names the call, and the wait goes on.
  const pending = await waitForStatus(client, id, "pending", { timeoutMs: SLOW_MS + 2000 });
  assert.ok(Date.parse(pending.body.placedAt) - Date.parse(pending.body.startedAt) >= SLOW_MS - 100);
  const done = await waitForFinal(client, id, UNTIL_EXPIRED);
  assert.equal(done.body.status, "expired", "digit 9 has no webhook");
});

test("a provider that never answers: unconfirmed until the verification expires, and the request is abandoned", async () => {
  const id = await withStandInConfig(demo, { slowMs: 60_000 }, async () => {
    const id = await started(client, numberEndingIn(9));
    await waitForStatus(client, id, "unconfirmed", { timeoutMs: PROVIDER_TIMEOUT_MS + 2000 });
    return id;
  });
  const done = await waitForFinal(client, id, UNTIL_EXPIRED);
  assert.equal(done.body.status, "expired");
  await waitFor(() => demo.output().includes('"event":"provider_failed","kind":"timeout"'), { what: "the abandoned request in the log" });
});

test("16 without final_status, and nothing after it: expired, not no_answer", async () => {
  const { id, uuid } = await startWithoutWebhook(demo, client);
  const incomplete = await client.webhook(demo.webhookSecret, cdr({ verification_call_uuid: uuid, q931_status: 16 }));
  assert.equal(incomplete.status, 204);
  assert.equal((await client.read(id)).body.status, "pending");
  const done = await waitForFinal(client, id, UNTIL_EXPIRED);
  assert.equal(done.body.status, "expired");
  await waitFor(() => demo.output().includes('"incompleteWebhook":true'), { what: "the expiry noting the incomplete webhook" });
});
