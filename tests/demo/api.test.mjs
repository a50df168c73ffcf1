// HTTP-level tests of the reference Worker (www/) in `make demo`'s setup, against the
// provider stand-in: starting a verification, reading it back, and who may read it.
// Webhooks are in webhook.test.mjs, the life of a verification (expiry, a slow
// provider) in lifecycle.test.mjs, limits in limits.test.mjs, bursts in burst.test.mjs.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { api, digitsOf, numberEndingIn, settledStats, started, useTestDemo, uuidOfCallTo, waitFor, waitForFinal, waitForStatus, withStandInConfig } from "./demo-setup.mjs";

const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
const ACCOUNT_ID = "117793"; // the stand-in's account, in every uuid it makes

const { demo, client } = useTestDemo();

describe("GET / and static files", () => {
  test("serves the demo page with its scripts, styles and the package's wasm", async () => {
    const page = await client.request("/");
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type"), /text\/html/);
    assert.match(page.text, /Call me/);
    assert.match(page.headers.get("content-security-policy") ?? "", /wasm-unsafe-eval/);
    for (const [path, type] of [
      ["/app.js", /javascript/],
      ["/texts.js", /javascript/],
      ["/verify.js", /javascript/],
      ["/playground.js", /javascript/],
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
    for (const path of ["/", "/app.js", "/texts.js", "/verify.js"]) assert.ok(!(await client.request(path)).text.includes(demo.token), path);
  });
});

describe("POST /api/verifications", () => {
  test("202 at once with a private id (128 random bits), never the provider's uuid or account id", async () => {
    const phone = numberEndingIn(0);
    const before = demo.standIn.stats().calls;
    const answer = await client.start(phone);
    assert.equal(answer.status, 202, answer.text);
    assert.match(answer.body.id, ID_PATTERN);
    assert.equal(answer.body.status, "calling");
    assert.equal(answer.body.final, false);
    assert.equal(answer.headers.get("location"), `/api/verifications/${answer.body.id}`);

    // The reader cookie: HttpOnly (no page script sees it), SameSite=Strict, API only.
    const cookie = answer.headers.getSetCookie().find((line) => line.startsWith("verification_reader="));
    assert.match(cookie, /^verification_reader=[A-Za-z0-9_-]{22}; Path=\/api\/verifications; Max-Age=\d+; HttpOnly; SameSite=Strict$/);

    // The call is placed right after the answer; what reached the provider.
    await waitFor(() => demo.standIn.stats().calls === before + 1, { what: "the provider call" });
    const sent = demo.standIn.stats().requests.at(-1);
    assert.deepEqual(JSON.parse(sent.body), { phone_number: digitsOf(phone) });
    assert.equal(sent.headers.authorization, `Bearer ${demo.token}`);

    // Neither the start answer nor any read ever carries the uuid or the account id.
    const done = await waitForFinal(client, answer.body.id);
    const uuid = uuidOfCallTo(demo, phone);
    assert.ok(uuid, "the stand-in placed the call");
    for (const text of [answer.text, done.text, JSON.stringify([...answer.headers]), JSON.stringify([...done.headers])]) {
      assert.ok(!text.includes(ACCOUNT_ID), text);
      assert.ok(!text.includes(uuid.split("_")[0]), text);
    }
  });

  test("ids are new random values each time", async () => {
    const ids = new Set();
    for (let i = 0; i < 5; i += 1) ids.add(await started(client, numberEndingIn(2)));
    assert.equal(ids.size, 5);
    for (const id of ids) await waitForFinal(client, id);
  });

  test("400 invalid_phone_number with the package's precise reason, and no provider call", async () => {
    const before = demo.standIn.stats().apiRequests;
    for (const phoneNumber of ["12ab", "", "+421", "0900 123 456", "+421 900 123 456 789 012"]) {
      const answer = await client.start(phoneNumber);
      assert.equal(answer.status, 400, phoneNumber);
      assert.equal(answer.body.error.kind, "invalid_phone_number", phoneNumber);
      assert.match(answer.body.error.message, /^phoneNumber /, phoneNumber);
    }
    assert.match((await client.start("0900 123 456")).body.error.message, /starts with 0/);
    assert.equal((await settledStats(demo)).apiRequests, before);
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
    });
    assert.equal(streamed.status, 413);
  });

  test("429 rate_limited (scope phone_number) with Retry-After for a second call to the same number within 60 s", async () => {
    const phone = numberEndingIn(0);
    await started(client, phone);
    await waitFor(() => uuidOfCallTo(demo, phone), { what: "the call" });
    const before = demo.standIn.stats().apiRequests;
    // Written differently, the same number: the limit is on the normalised number.
    const again = await client.start(`00${digitsOf(phone)}`);
    assert.equal(again.status, 429, again.text);
    assert.equal(again.body.error.kind, "rate_limited");
    assert.equal(again.body.error.scope, "phone_number");
    const retryAfter = Number(again.headers.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    assert.equal((await settledStats(demo)).apiRequests, before);
  });

  test("the provider's failure (digit 8): 202, then failed with reason server_error", async () => {
    const id = await started(client, numberEndingIn(8));
    const done = await waitForFinal(client, id);
    assert.equal(done.body.status, "failed");
    assert.equal(done.body.reason, "server_error");
    assert.equal(done.body.confirmed, false);
  });

  test("a token the provider refuses: failed with reason unauthorized; no answer carries the token", async () => {
    await withStandInConfig(demo, { token: "a-token-the-worker-does-not-have" }, async () => {
      const answer = await client.start(numberEndingIn(0));
      const done = await waitForFinal(client, answer.body.id);
      assert.equal(done.body.status, "failed");
      assert.equal(done.body.reason, "unauthorized");
      assert.ok(!answer.text.includes(demo.token) && !done.text.includes(demo.token));
    });
  });

  test("405 with Allow for other methods", async () => {
    const answer = await client.request("/api/verifications", { method: "PUT" });
    assert.equal(answer.status, 405);
    assert.equal(answer.headers.get("allow"), "POST");
  });
});

describe("GET /api/verifications/<id>", () => {
  test("pending until the webhook arrives, then the outcome with every field", async () => {
    const id = await withStandInConfig(demo, { webhookDelayMs: 1500 }, () => started(client, numberEndingIn(2)));
    const pending = await waitForStatus(client, id, "pending");
    assert.equal(pending.headers.get("cache-control"), "no-store");
    assert.deepEqual(
      { ...pending.body, startedAt: null, placedAt: null, updatedAt: null, expiresAt: null },
      { id, status: "pending", final: false, confirmed: false, reason: null, q931Status: null, finalStatus: null, cause: null, startedAt: null, placedAt: null, updatedAt: null, expiresAt: null },
    );
    assert.ok(Date.parse(pending.body.expiresAt) > Date.now(), "until when it may still change");
    assert.ok(Date.parse(pending.body.placedAt) >= Date.parse(pending.body.startedAt));

    const done = await waitForFinal(client, id);
    assert.equal(done.body.id, id);
    assert.equal(done.body.status, "no_answer");
    assert.equal(done.body.final, true);
    assert.equal(done.body.confirmed, false);
    assert.equal(done.body.cause, "normal call clearing");
    assert.equal(done.body.q931Status, 16);
    assert.equal(done.body.finalStatus, "CANCEL");
    assert.equal(done.body.expiresAt, null);
    assert.equal("description" in done.body, false, "texts for people are the page's");
    assert.ok(Date.parse(done.body.updatedAt) > Date.parse(pending.body.updatedAt));
  });

  test("each outcome of the provider's table, by the stand-in's last digit", async () => {
    const expected = { 0: "answered", 1: "busy", 3: "rejected", 4: "billing_problem", 5: "unreachable" };
    const ids = {};
    for (const digit of Object.keys(expected)) ids[digit] = await started(client, numberEndingIn(digit));
    for (const [digit, outcome] of Object.entries(expected)) {
      const done = await waitForFinal(client, ids[digit]);
      assert.equal(done.body.status, outcome, `digit ${digit}`);
      assert.equal(done.body.confirmed, outcome === "answered", `digit ${digit}`);
    }
  });

  test("another client cannot read it, even from the same address with the id; the same browser can from anywhere", async () => {
    const id = await started(client, numberEndingIn(0));
    await waitForFinal(client, id);
    const stranger = api(demo.url);
    assert.equal((await stranger.read(id)).status, 404, "no cookie");
    await started(stranger, numberEndingIn(2)); // now it has a reader cookie of its own
    const answer = await stranger.read(id);
    assert.equal(answer.status, 404, "another browser's cookie");
    assert.equal(answer.body.error.kind, "not_found");
    // The same browser after its address changed (Wi-Fi to mobile data, IPv4 to IPv6).
    assert.equal((await client.read(id, { "CF-Connecting-IP": "2001:db8:77::1" })).status, 200);
  });

  test("404 for an unknown, malformed or provider id", async () => {
    const phone = numberEndingIn(0);
    const id = await started(client, phone);
    await waitForFinal(client, id);
    const uuid = uuidOfCallTo(demo, phone);
    for (const unknown of ["AAAAAAAAAAAAAAAAAAAAAA", uuid, "no-separator", id.slice(1), `${id}x`]) {
      const answer = await client.read(unknown);
      assert.equal(answer.status, 404, unknown);
      assert.equal(answer.body.error.kind, "not_found");
    }
    assert.equal((await client.request("/api/verifications/%E0%A4%A")).status, 404);
  });

  test("405 with Allow for other methods", async () => {
    const answer = await client.request("/api/verifications/AAAAAAAAAAAAAAAAAAAAAA", { method: "DELETE" });
    assert.equal(answer.status, 405);
    assert.equal(answer.headers.get("allow"), "GET");
  });
});

describe("GET /api/countries", () => {
  test("says which numbers are called: make demo allows every country", async () => {
    const answer = await client.request("/api/countries");
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, { anyCountry: true, regions: [], callingCodes: [] });
  });
});
