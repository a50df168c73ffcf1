// The provider's webhook at /webhooks/kompaas/<WEBHOOK_SECRET>, in `make demo`'s setup:
// how deliveries land (in either order, repeated, by POST or GET), which are refused
// (wrong or non-canonical secrets, ambiguous or malformed bodies), and that no log ever
// shows a webhook path segment, the secret or the token.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { cdr, jsonPost, numberEndingIn, started, startWithoutWebhook, useTestDemo, uuidOfCallTo, waitFor, waitForFinal, withStandInConfig } from "./demo-setup.mjs";

const { demo, client } = useTestDemo();

/** Every candidate path segment a test tried, to prove none is ever printed. */
const triedSegments = [];

describe("deliveries that land", () => {
  test("POST with JSON: 204, and the verification gets the outcome", async () => {
    const phone = numberEndingIn(0);
    const id = await started(client, phone);
    assert.equal((await waitForFinal(client, id)).body.status, "answered");
    const uuid = uuidOfCallTo(demo, phone);
    // The stand-in logs the attempt once it has the answer, which may be after the read.
    const deliveries = () => demo.output().split("\n").filter((line) => line.includes(`uuid=${uuid} attempt 1/4 -> 204`));
    await waitFor(() => deliveries().length >= 1, { what: "the stand-in's first attempt in its log" });
    const delivered = deliveries();
    assert.equal(delivered.length, 1, "the stand-in saw 204 on its first attempt");
  });

  test("GET with query parameters, a form body, or the record in the query of an empty POST: 204", async () => {
    await withStandInConfig(demo, { webhookMethod: "GET" }, async () => {
      const id = await started(client, numberEndingIn(3));
      assert.equal((await waitForFinal(client, id)).body.status, "rejected");
    });
    const byGet = await startWithoutWebhook(demo, client);
    assert.equal((await client.webhook(`${demo.webhookSecret}?verification_call_uuid=${byGet.uuid}&q931_status=17`)).status, 204);
    assert.equal((await waitForFinal(client, byGet.id)).body.status, "busy");

    const byForm = await startWithoutWebhook(demo, client);
    const form = await client.webhook(demo.webhookSecret, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `verification_call_uuid=${byForm.uuid}&q931_status=16&final_status=ANSWER`,
    });
    assert.equal(form.status, 204);
    assert.equal((await waitForFinal(client, byForm.id)).body.status, "answered");

    const byQuery = await startWithoutWebhook(demo, client);
    const query = await client.webhook(`${demo.webhookSecret}?verification_call_uuid=${byQuery.uuid}&q931_status=31`, { method: "POST" });
    assert.equal(query.status, 204);
    assert.equal((await waitForFinal(client, byQuery.id)).body.status, "rejected");
  });

  test("a repeated delivery (digit 6) changes nothing and still gets 204", async () => {
    const deliveriesBefore = demo.standIn.stats().webhookDeliveries;
    const phone = numberEndingIn(6);
    const id = await started(client, phone);
    const first = await waitForFinal(client, id);
    assert.equal(first.body.status, "answered");
    await waitFor(() => demo.standIn.stats().webhookDeliveries >= deliveriesBefore + 2, { what: "the second delivery" });
    const uuid = uuidOfCallTo(demo, phone);
    await waitFor(() => demo.output().split("\n").filter((line) => line.includes(`uuid=${uuid} attempt 1/4 -> 204`)).length === 2, {
      what: "both deliveries answered 204",
    });
    assert.deepEqual((await client.read(id)).body, first.body);
  });

  test("the first outcome stands when a later delivery says something else", async () => {
    const phone = numberEndingIn(2);
    const id = await started(client, phone);
    const first = await waitForFinal(client, id);
    assert.equal(first.body.status, "no_answer");
    const late = await client.webhook(demo.webhookSecret, cdr({ verification_call_uuid: uuidOfCallTo(demo, phone), q931_status: 16, final_status: "ANSWER" }));
    assert.equal(late.status, 204);
    assert.deepEqual((await client.read(id)).body, first.body);
  });

  test("a webhook that arrives before the provider's API answer (digit 7) is kept and applied", async () => {
    const phone = numberEndingIn(7);
    const id = await started(client, phone);
    const done = await waitForFinal(client, id);
    assert.equal(done.body.status, "answered");
    assert.equal(done.body.confirmed, true);
    const uuid = uuidOfCallTo(demo, phone);
    const isWebhook = (line) => line.includes('"event":"webhook_received"') && line.includes(uuid);
    const isPlaced = (line) => line.includes('"event":"call_placed"') && line.includes(uuid);
    // workerd writes its log on its own time: wait for both lines before comparing them.
    await waitFor(
      () => {
        const logged = demo.output().split("\n");
        return logged.findIndex(isPlaced) !== -1 && logged.findIndex(isWebhook) !== -1;
      },
      { what: "the webhook and the placed call in the Worker's log" },
    );
    const lines = demo.output().split("\n");
    const webhookAt = lines.findIndex(isWebhook);
    const placedAt = lines.findIndex(isPlaced);
    assert.ok(webhookAt !== -1 && placedAt !== -1 && webhookAt < placedAt, "the webhook was logged before the call was placed");
    assert.match(lines[webhookAt], /"linked":false/);
  });

  test("a webhook for an unknown uuid is accepted and kept, not lost; a repeat is recognised", async () => {
    const uuid = "0123456789ab_117793";
    const answer = await client.webhook(demo.webhookSecret, cdr({ verification_call_uuid: uuid, q931_status: "17", final_status: "cancel" }));
    assert.equal(answer.status, 204);
    await waitFor(() => demo.output().includes(`"uuid":"${uuid}","outcome":"busy","repeated":false,"linked":false`), { what: "the kept record in the log" });
    await client.webhook(demo.webhookSecret, cdr({ verification_call_uuid: uuid, q931_status: 16, final_status: "ANSWER" }));
    await waitFor(() => demo.output().includes(`"uuid":"${uuid}","outcome":"answered","repeated":true`), { what: "the repeat in the log" });
  });

  test("16 without final_status is not an outcome: the verification waits for a delivery that has it", async () => {
    const { id, uuid } = await startWithoutWebhook(demo, client);
    const incomplete = await client.webhook(demo.webhookSecret, cdr({ verification_call_uuid: uuid, q931_status: 16 }));
    assert.equal(incomplete.status, 204);
    await waitFor(() => demo.output().includes(`"uuid":"${uuid}","outcome":"incomplete"`), { what: "the incomplete delivery in the log" });
    assert.equal((await client.read(id)).body.status, "pending", "not no_answer: 16 alone does not say");
    const complete = await client.webhook(demo.webhookSecret, cdr({ verification_call_uuid: uuid, q931_status: 16, final_status: "ANSWER" }));
    assert.equal(complete.status, 204);
    assert.equal((await waitForFinal(client, id)).body.status, "answered");
  });
});

describe("deliveries that are refused", () => {
  test("404 for a wrong secret, a near miss, or any non-canonical spelling of the right one; nothing recorded", async () => {
    const { id, uuid } = await startWithoutWebhook(demo, client);
    const secret = demo.webhookSecret;
    const percent = (char) => `%${char.charCodeAt(0).toString(16).padStart(2, "0")}`;
    const wrong = [
      `${secret.slice(0, -1)}${secret.endsWith("a") ? "b" : "a"}`,
      secret.slice(0, -1),
      `${secret}x`,
      secret.toUpperCase() === secret ? secret.toLowerCase() : secret.toUpperCase(),
      "",
      "%E0%A4%A",
      // The right secret, percent-encoded: one character, upper- or lower-case hex, all of it.
      `${percent(secret[0])}${secret.slice(1)}`,
      `${percent(secret[0]).toUpperCase()}${secret.slice(1)}`,
      [...secret].map(percent).join(""),
      `${secret.slice(0, 5)}${percent(secret[5])}${secret.slice(6)}`,
    ];
    triedSegments.push(...wrong.filter((candidate) => candidate.length >= 8));
    for (const candidate of wrong) {
      const post = await client.webhook(candidate, cdr({ verification_call_uuid: uuid, q931_status: 17 }));
      assert.equal(post.status, 404, `POST ${candidate}`);
      const get = await client.webhook(`${candidate}?verification_call_uuid=${uuid}&q931_status=17`);
      assert.equal(get.status, 404, `GET ${candidate}`);
    }
    assert.equal((await client.read(id)).body.status, "pending");
  });

  test("400 ambiguous_webhook for a body that repeats a field, in any encoding; nothing recorded", async () => {
    const { id, uuid } = await startWithoutWebhook(demo, client);
    const other = "0123456789cd_117793";
    const form = (text) => ({ method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: text });
    const cases = [
      jsonPost(`{"verification_call_uuid":"${other}","q931_status":17,"verification_call_uuid":"${uuid}"}`),
      jsonPost(`{"verification_call_uuid":"${uuid}","q931_status":17,"q931_status":16,"final_status":"ANSWER"}`),
      jsonPost(`{"verification_call_uuid":"${uuid}","q931_status":16,"final_status":"CANCEL","final_status":"ANSWER"}`),
      // The same key, escaped: JSON.parse would see one field twice.
      jsonPost(`{"verification_call_uuid":"${uuid}","q931_status":17,"q931\\u005fstatus":16}`),
      form(`verification_call_uuid=${uuid}&q931_status=17&q931_status=16`),
      form(`verification_call_uuid=${uuid}&q931_status=16&final%5Fstatus=CANCEL&final_status=ANSWER`),
      form(`verification_call_uuid=${uuid}\nq931_status=17\nq931_status=16`),
    ];
    for (const init of cases) {
      const answer = await client.webhook(demo.webhookSecret, init);
      assert.equal(answer.status, 400, init.body);
      assert.equal(answer.body.error.kind, "ambiguous_webhook", init.body);
    }
    const query = await client.webhook(`${demo.webhookSecret}?verification_call_uuid=${uuid}&q931_status=17&q931_status=16`);
    assert.equal(query.status, 400);
    assert.equal(query.body.error.kind, "ambiguous_webhook");
    // A record in the query and another in the body.
    const both = await client.webhook(`${demo.webhookSecret}?q931_status=16`, jsonPost(`{"verification_call_uuid":"${uuid}","q931_status":17}`));
    assert.equal(both.status, 400);
    assert.equal(both.body.error.kind, "ambiguous_webhook");
    assert.equal((await client.read(id)).body.status, "pending");

    // Repeats that decide nothing are fine: nested objects, other fields.
    const nested = await client.webhook(
      demo.webhookSecret,
      jsonPost(`{"verification_call_uuid":"${uuid}","q931_status":17,"extra":{"q931_status":1,"q931_status":2},"note":1,"note":2}`),
    );
    assert.equal(nested.status, 204, nested.text);
    assert.equal((await waitForFinal(client, id)).body.status, "busy");
  });

  test("400 invalid_webhook for a body parseCallWebhook rejects", async () => {
    for (const body of [
      "{}",
      "not json {",
      JSON.stringify({ verification_call_uuid: "0123456789ab_117793" }),
      JSON.stringify({ verification_call_uuid: "0123456789ab_117793", q931_status: "sixteen" }),
      JSON.stringify({ verification_call_uuid: "no-account", q931_status: 16 }),
    ]) {
      const answer = await client.webhook(demo.webhookSecret, jsonPost(body));
      assert.equal(answer.status, 400, body);
      assert.equal(answer.body.error.kind, "invalid_webhook", body);
    }
  });

  test("413 for a body over 16 KiB", async () => {
    const answer = await client.webhook(
      demo.webhookSecret,
      cdr({ verification_call_uuid: "0123456789ab_117793", q931_status: 16, padding: "x".repeat(16 * 1024) }),
    );
    assert.equal(answer.status, 413);
  });
});

describe("logs", () => {
  test("never contain a webhook path segment (right, wrong or near miss), the secret or the token", async () => {
    // Everything above has run by now: calls, errors, webhooks right and wrong.
    const raw = demo.rawOutput();
    assert.ok(raw.includes('"event":"call_placed"'), "the Worker's log was captured");
    assert.ok(raw.includes('"event":"webhook_refused"'), "the refusals were logged");
    // Unfiltered: nothing prints them in the first place (no access log).
    assert.ok(!raw.includes(demo.token), "the token");
    assert.ok(!raw.includes(demo.webhookSecret), "the secret");
    assert.ok(!raw.includes("/webhooks/kompaas/"), "a webhook path");
    for (const segment of triedSegments) assert.ok(!raw.includes(segment), `a tried segment: ${segment}`);
    assert.ok(triedSegments.length > 5);
  });
});
