// HTTP-level tests of the reference Worker (www/) under `wrangler dev`, against the
// provider stand-in, in `make demo`'s setup: every row of the API table in
// www/README.md, the provider's real behaviour (repeated and early webhooks, errors,
// slowness), and what the logs may not contain.

import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { api, digitsOf, numberEndingIn, startTestDemo, waitFor, waitForOutcome } from "./demo-setup.mjs";

const PROVIDER_TIMEOUT_MS = 2000;
const SLOW_MS = 4000; // digit 9: the stand-in answers after this, well past the timeout

let demo;
let client;

before(async () => {
  demo = await startTestDemo({
    slowMs: SLOW_MS,
    vars: { PROVIDER_TIMEOUT_MS: String(PROVIDER_TIMEOUT_MS), ALLOWED_COUNTRY_PREFIXES: "421,420" },
  });
  client = api(demo.url);
});

after(async () => {
  await demo?.stop();
});

/** POSTs a number and returns the 202 answer's id. */
async function started(phone) {
  const answer = await client.start(phone);
  assert.equal(answer.status, 202, answer.text);
  return answer.body.id;
}

describe("GET / and static files", () => {
  test("serves the demo page with its script, styles and the package's wasm", async () => {
    const page = await client.request("/");
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type"), /text\/html/);
    assert.match(page.text, /Call me/);
    assert.match(page.headers.get("content-security-policy") ?? "", /wasm-unsafe-eval/);
    for (const [path, type] of [
      ["/app.js", /javascript/],
      ["/style.css", /text\/css/],
      ["/vendor/kompaas-confirmation-call/index.js", /javascript/],
      ["/vendor/kompaas-confirmation-call/kompaas_confirmation_call_bg.wasm", /application\/wasm/],
    ]) {
      const file = await client.request(path);
      assert.equal(file.status, 200, path);
      assert.match(file.headers.get("content-type"), type, path);
    }
  });

  test("404: a page for unknown files (not the _headers file), JSON under /api/ and /webhooks/", async () => {
    for (const path of ["/no-such-page", "/_headers"]) {
      const answer = await client.request(path);
      assert.equal(answer.status, 404, path);
      assert.match(answer.text, /Page not found/, path);
    }
    for (const path of ["/api/no-such-route", "/webhooks/other-provider"]) {
      const answer = await client.request(path);
      assert.equal(answer.status, 404, path);
      assert.equal(answer.body.error.kind, "not_found", path);
    }
  });

  test("never serves the token", async () => {
    for (const path of ["/", "/app.js"]) assert.ok(!(await client.request(path)).text.includes(demo.token), path);
  });
});

describe("POST /api/verifications", () => {
  test("202 with the provider's verification_call_uuid and status pending", async () => {
    const phone = numberEndingIn(0);
    const before = demo.standIn.stats().calls;
    const answer = await client.start(phone);
    assert.equal(answer.status, 202, answer.text);
    assert.match(answer.body.id, /^[0-9a-f]{12}_117793$/);
    assert.deepEqual(answer.body, { id: answer.body.id, status: "pending" });
    assert.equal(answer.headers.get("location"), `/api/verifications/${answer.body.id}`);

    // What reached the provider: the normalised number and the Worker's token.
    assert.equal(demo.standIn.stats().calls, before + 1);
    const sent = demo.standIn.stats().requests.at(-1);
    assert.deepEqual(JSON.parse(sent.body), { phone_number: digitsOf(phone) });
    assert.equal(sent.headers.authorization, `Bearer ${demo.token}`);
  });

  test("400 with the package's kind for a bad number, and no provider call", async () => {
    const before = demo.standIn.stats().apiRequests;
    for (const phoneNumber of ["12ab", "", "+421", "0900 123 456", "+421 900 123 456 789 012"]) {
      const answer = await client.start(phoneNumber);
      assert.equal(answer.status, 400, phoneNumber);
      assert.equal(answer.body.error.kind, "invalid_phone_number", phoneNumber);
      assert.equal(typeof answer.body.error.message, "string");
    }
    assert.equal(demo.standIn.stats().apiRequests, before);
  });

  test("400 invalid_request for a body that is not {phoneNumber: string}", async () => {
    for (const body of ["{}", '{"phoneNumber": 421900123450}', "[]", "null", "not json", '{"phone_number": "421900123450"}']) {
      const answer = await client.request("/api/verifications", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body,
      });
      assert.equal(answer.status, 400, body);
      assert.equal(answer.body.error.kind, "invalid_request", body);
    }
  });

  test("415 for a body that is not declared as JSON (a cross-site form cannot start calls)", async () => {
    const answer = await client.request("/api/verifications", {
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: JSON.stringify({ phoneNumber: numberEndingIn(0) }),
    });
    assert.equal(answer.status, 415);
    assert.equal(answer.body.error.kind, "unsupported_media_type");
  });

  test("413 for a body over 16 KiB, declared or streamed", async () => {
    const big = JSON.stringify({ phoneNumber: numberEndingIn(0), padding: "x".repeat(16 * 1024) });
    const declared = await client.request("/api/verifications", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: big,
    });
    assert.equal(declared.status, 413);
    assert.equal(declared.body.error.kind, "payload_too_large");

    const streamed = await client.request("/api/verifications", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: new Blob([big]).stream(), // no Content-Length: chunked
      duplex: "half",
    });
    assert.equal(streamed.status, 413);
  });

  test("400 country_not_allowed outside the allow-list, and no provider call", async () => {
    const before = demo.standIn.stats().apiRequests;
    const answer = await client.start("+44 20 7946 0010");
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error.kind, "country_not_allowed");
    assert.equal(demo.standIn.stats().apiRequests, before);
    assert.equal((await client.start("+420 601 000 010")).status, 202);
  });

  test("429 with Retry-After for a second call to the same number within 60 s", async () => {
    const phone = numberEndingIn(0);
    await started(phone);
    const before = demo.standIn.stats().apiRequests;
    // Written differently, the same number: the limit is on the normalised number.
    const again = await client.start(`00${digitsOf(phone)}`);
    assert.equal(again.status, 429, again.text);
    assert.equal(again.body.error.kind, "rate_limited");
    assert.equal(typeof again.body.error.message, "string");
    const retryAfter = Number(again.headers.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    assert.equal(demo.standIn.stats().apiRequests, before);
  });

  test("50 parallel requests for one number place exactly one provider call", async () => {
    const phone = numberEndingIn(0);
    const before = demo.standIn.stats().apiRequests;
    const answers = await Promise.all(Array.from({ length: 50 }, () => client.start(phone)));
    const statuses = answers.map((answer) => answer.status);
    assert.equal(statuses.filter((status) => status === 202).length, 1, statuses.join(" "));
    assert.equal(statuses.filter((status) => status === 429).length, 49, statuses.join(" "));
    for (const answer of answers.filter((each) => each.status === 429)) assert.ok(answer.headers.get("retry-after"));
    assert.equal(demo.standIn.stats().apiRequests, before + 1);
  });

  test("502 server_error when the provider answers 500 (digit 8)", async () => {
    const answer = await client.start(numberEndingIn(8));
    assert.equal(answer.status, 502);
    assert.equal(answer.body.error.kind, "server_error");
    assert.equal(typeof answer.body.error.message, "string");
  });

  test("502 timeout when the provider does not answer in time (digit 9)", async () => {
    const startedAt = Date.now();
    const answer = await client.start(numberEndingIn(9));
    const took = Date.now() - startedAt;
    assert.equal(answer.status, 502);
    assert.equal(answer.body.error.kind, "timeout");
    assert.ok(took >= PROVIDER_TIMEOUT_MS - 100 && took < SLOW_MS, `answered after ${took} ms`);
  });

  test("502 unauthorized when the provider refuses the token", async () => {
    demo.standIn.setConfig({ token: "a-token-the-worker-does-not-have" });
    try {
      const answer = await client.start(numberEndingIn(0));
      assert.equal(answer.status, 502);
      assert.equal(answer.body.error.kind, "unauthorized");
      assert.ok(!answer.text.includes(demo.token));
    } finally {
      demo.standIn.setConfig({ token: demo.token });
    }
  });

  test("405 with Allow for other methods", async () => {
    const answer = await client.request("/api/verifications", { method: "PUT" });
    assert.equal(answer.status, 405);
    assert.equal(answer.headers.get("allow"), "POST");
  });
});

describe("GET /api/verifications/<id>", () => {
  test("pending until the webhook arrives, then the outcome with every field", async () => {
    demo.standIn.setConfig({ webhookDelayMs: 1500 });
    let id;
    try {
      id = await started(numberEndingIn(2));
    } finally {
      demo.standIn.setConfig({ webhookDelayMs: 200 });
    }
    const pending = await client.read(id);
    assert.equal(pending.status, 200);
    assert.equal(pending.headers.get("cache-control"), "no-store");
    assert.deepEqual(
      { ...pending.body, startedAt: null, updatedAt: null },
      { id, status: "pending", confirmed: false, description: null, cause: null, q931Status: null, finalStatus: null, startedAt: null, updatedAt: null },
    );
    assert.ok(!Number.isNaN(Date.parse(pending.body.updatedAt)));

    const done = await waitForOutcome(client, id);
    assert.equal(done.body.id, id);
    assert.equal(done.body.status, "no_answer");
    assert.equal(done.body.confirmed, false);
    assert.equal(done.body.cause, "normal call clearing");
    assert.equal(done.body.q931Status, 16);
    assert.equal(done.body.finalStatus, "CANCEL");
    assert.equal(typeof done.body.description, "string");
    assert.ok(Date.parse(done.body.updatedAt) > Date.parse(pending.body.updatedAt));
  });

  test("each outcome of the provider's table, by the stand-in's last digit", async () => {
    const expected = { 0: "answered", 1: "busy", 3: "rejected", 4: "billing_problem", 5: "unreachable" };
    const ids = {};
    for (const digit of Object.keys(expected)) ids[digit] = await started(numberEndingIn(digit));
    for (const [digit, outcome] of Object.entries(expected)) {
      const done = await waitForOutcome(client, ids[digit]);
      assert.equal(done.body.status, outcome, `digit ${digit}`);
      assert.equal(done.body.confirmed, outcome === "answered", `digit ${digit}`);
    }
  });

  test("?locale=sk describes the outcome in Slovak", async () => {
    const id = await started(numberEndingIn(1));
    const english = await waitForOutcome(client, id);
    const slovak = await client.read(id, "?locale=sk");
    assert.equal(slovak.body.status, "busy");
    assert.notEqual(slovak.body.description, english.body.description);
  });

  test("404 for an unknown or malformed id", async () => {
    for (const id of ["ffffffffffff_117793", "no-separator", "abc_def"]) {
      const answer = await client.read(id);
      assert.equal(answer.status, 404, id);
      assert.equal(answer.body.error.kind, "not_found");
    }
    assert.equal((await client.request("/api/verifications/%E0%A4%A")).status, 404);
  });

  test("405 with Allow for other methods", async () => {
    const answer = await client.request("/api/verifications/ffffffffffff_117793", { method: "DELETE" });
    assert.equal(answer.status, 405);
    assert.equal(answer.headers.get("allow"), "GET");
  });
});

describe("/webhooks/kompaas/<WEBHOOK_SECRET>", () => {
  const cdr = (fields) => ({
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(fields),
  });

  test("POST: 204 once recorded (the stand-in delivers every call's record here)", async () => {
    const id = await started(numberEndingIn(0));
    await waitForOutcome(client, id);
    const delivered = demo.output().split("\n").filter((line) => line.includes(`uuid=${id} attempt 1/4 -> 204`));
    assert.equal(delivered.length, 1, "the stand-in saw 204 on its first attempt");
  });

  test("GET with query parameters: 204 once recorded", async () => {
    demo.standIn.setConfig({ webhookMethod: "GET" });
    let id;
    try {
      id = await started(numberEndingIn(3));
    } finally {
      demo.standIn.setConfig({ webhookMethod: "POST" });
    }
    assert.equal((await waitForOutcome(client, id)).body.status, "rejected");

    const manual = await client.webhook(`${demo.webhookSecret}?verification_call_uuid=0000000000aa_117793&q931_status=17`);
    assert.equal(manual.status, 204);
  });

  test("POST with a form body, or with the record in the query and no body: 204", async () => {
    const form = await client.webhook(demo.webhookSecret, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "verification_call_uuid=0000000000ab_117793&q931_status=16&final_status=ANSWER",
    });
    assert.equal(form.status, 204);
    const query = await client.webhook(`${demo.webhookSecret}?verification_call_uuid=0000000000ac_117793&q931_status=16`, { method: "POST" });
    assert.equal(query.status, 204);
  });

  test("a repeated delivery (digit 6) changes nothing and still gets 204", async () => {
    const deliveriesBefore = demo.standIn.stats().webhookDeliveries;
    const id = await started(numberEndingIn(6));
    const first = await waitForOutcome(client, id);
    assert.equal(first.body.status, "answered");
    await waitFor(() => demo.standIn.stats().webhookDeliveries >= deliveriesBefore + 2, { what: "the second delivery" });
    await waitFor(() => demo.output().split("\n").filter((line) => line.includes(`uuid=${id} attempt 1/4 -> 204`)).length === 2, {
      what: "both deliveries answered 204",
    });
    const after = await client.read(id);
    assert.deepEqual(after.body, first.body);
  });

  test("the first outcome stands when a later delivery says something else", async () => {
    const id = await started(numberEndingIn(2));
    const first = await waitForOutcome(client, id);
    assert.equal(first.body.status, "no_answer");
    const late = await client.webhook(demo.webhookSecret, cdr({ verification_call_uuid: id, q931_status: 16, final_status: "ANSWER" }));
    assert.equal(late.status, 204);
    assert.deepEqual((await client.read(id)).body, first.body);
  });

  test("a webhook that arrives before the API answer (digit 7) is kept and applied", async () => {
    const id = await started(numberEndingIn(7));
    // No waiting: the outcome was recorded before the 202 was sent.
    const now = await client.read(id);
    assert.equal(now.body.status, "answered");
    assert.equal(now.body.confirmed, true);
    const lines = demo.output().split("\n");
    const webhookAt = lines.findIndex((line) => line.includes('"event":"webhook_received"') && line.includes(id));
    const startedAt = lines.findIndex((line) => line.includes('"event":"call_started"') && line.includes(id));
    assert.ok(webhookAt !== -1 && startedAt !== -1 && webhookAt < startedAt, "the webhook was logged before the call start");
    assert.match(lines[webhookAt], /"startedHere":false/);
  });

  test("a webhook for an unknown uuid is accepted and kept, not lost", async () => {
    const id = "0123456789ab_117793";
    const answer = await client.webhook(demo.webhookSecret, cdr({ verification_call_uuid: id, q931_status: "17", final_status: "cancel" }));
    assert.equal(answer.status, 204);
    await waitFor(() => demo.output().includes(`"id":"${id}","outcome":"busy","repeated":false,"startedHere":false`), {
      what: "the kept record in the log",
    });
    // Kept: a repeat is recognised as one.
    await client.webhook(demo.webhookSecret, cdr({ verification_call_uuid: id, q931_status: 16, final_status: "ANSWER" }));
    await waitFor(() => demo.output().includes(`"id":"${id}","outcome":"answered","repeated":true`), { what: "the repeat in the log" });
    // Not started through this API, so not readable through it.
    assert.equal((await client.read(id)).status, 404);
  });

  test("404 for a wrong secret, with nothing recorded", async () => {
    demo.standIn.setConfig({ webhookUrl: null }); // no record from the stand-in: only what this test sends
    try {
      const id = await started(numberEndingIn(2));
      const secret = demo.webhookSecret;
      const wrong = [
        `${secret.slice(0, -1)}${secret.endsWith("a") ? "b" : "a"}`,
        secret.slice(0, -1),
        `${secret}x`,
        secret.toUpperCase() === secret ? secret.toLowerCase() : secret.toUpperCase(),
        "",
        "%E0%A4%A",
      ];
      for (const candidate of wrong) {
        const post = await client.webhook(candidate, cdr({ verification_call_uuid: id, q931_status: 17 }));
        assert.equal(post.status, 404, `POST ${candidate}`);
        const get = await client.webhook(`${candidate}?verification_call_uuid=${id}&q931_status=17`);
        assert.equal(get.status, 404, `GET ${candidate}`);
      }
      assert.equal((await client.read(id)).body.status, "pending");
    } finally {
      demo.standIn.setConfig({ webhookUrl: demo.webhookUrl });
    }
  });

  test("400 for a body parseCallWebhook rejects", async () => {
    for (const body of [
      "{}",
      "not json {",
      JSON.stringify({ verification_call_uuid: "0123456789ab_117793" }),
      JSON.stringify({ verification_call_uuid: "0123456789ab_117793", q931_status: "sixteen" }),
      JSON.stringify({ verification_call_uuid: "no-account", q931_status: 16 }),
    ]) {
      const answer = await client.webhook(demo.webhookSecret, { method: "POST", headers: { "Content-Type": "application/json" }, body });
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
  test("never contain the token or the webhook secret", async () => {
    // Everything above has run by now: calls, errors, webhooks right and wrong.
    const raw = demo.rawOutput();
    assert.ok(raw.includes('"event":"call_started"'), "the Worker's log was captured");
    assert.ok(!raw.includes(demo.token), "the token appears nowhere, not even unfiltered");

    // The Worker's own lines (JSON events) never carry the secret.
    const workerLines = raw.split("\n").filter((line) => line.startsWith("{"));
    assert.ok(workerLines.length > 10);
    for (const line of workerLines) assert.ok(!line.includes(demo.webhookSecret), line);

    // wrangler dev's access log and the stand-in print the webhook URL's path, which
    // carries the secret (README: so do Cloudflare's request logs). Those are the only
    // places it occurs, and what the demo prints has it replaced.
    const withSecret = raw.split("\n").filter((line) => line.includes(demo.webhookSecret));
    assert.ok(withSecret.length > 0);
    for (const line of withSecret) {
      assert.match(line, /^(\[wrangler:info\] (GET|POST) \/webhooks\/kompaas\/|\[stand-in\] webhook (GET|POST) http)/, line);
    }
    const shown = demo.output();
    assert.ok(!shown.includes(demo.webhookSecret));
    assert.ok(!shown.includes(demo.token));
    assert.match(shown, /\/webhooks\/kompaas\/\[secret\]/);
  });

  test("wrangler's debug log files contain neither", async () => {
    const files = await readdir(demo.wranglerLogDir);
    assert.ok(files.length > 0);
    for (const file of files) {
      const text = await readFile(path.join(demo.wranglerLogDir, file), "utf8");
      assert.ok(text.includes('"event":"call_started"'), `${file} holds the Worker's log`);
      assert.ok(!text.includes(demo.token), file);
      assert.ok(!text.includes(demo.webhookSecret), file);
    }
  });
});
