// Toll-fraud and read limits of the reference Worker, end to end in `make demo`'s setup:
// per client, per number, the account-wide budget (and that refused attempts never
// spend it), and status reads per client. (1,000 parallel starts are in burst.test.mjs.)
//
// Several clients are played by setting CF-Connecting-IP. In production Cloudflare sets
// that header itself and a client cannot; the demo passes a client's header through,
// which is what lets one test machine be many clients.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { api, numberEndingIn, settledStats, started, statusCounts, useTestDemo, waitFor } from "./demo-setup.mjs";

const from = (address) => ({ "CF-Connecting-IP": address });

describe("per-client and per-number limits", () => {
  const { demo, client } = useTestDemo({
    vars: { CLIENT_IP_CALLS_PER_HOUR: "3", PHONE_NUMBER_INTERVAL_SECONDS: "1", PHONE_NUMBER_CALLS_PER_HOUR: "2" },
  });

  test("a client gets CLIENT_IP_CALLS_PER_HOUR calls an hour, then 429 (scope client) with Retry-After", async () => {
    for (let i = 0; i < 3; i += 1) assert.equal((await client.start(numberEndingIn(0), from("203.0.113.7"))).status, 202);
    await waitFor(() => demo.standIn.stats().calls === 3, { what: "the three calls" });
    const refused = await client.start(numberEndingIn(0), from("203.0.113.7"));
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error.kind, "rate_limited");
    assert.equal(refused.body.error.scope, "client");
    const retryAfter = Number(refused.headers.get("retry-after"));
    assert.ok(retryAfter > 3500 && retryAfter <= 3600, `Retry-After ${retryAfter}`);
    assert.equal((await settledStats(demo)).apiRequests, 3, "no provider call");
    // Another client is not affected.
    assert.equal((await client.start(numberEndingIn(0), from("198.51.100.9"))).status, 202);
  });

  test("a refused client does not use up the number it asked for", async () => {
    for (let i = 0; i < 3; i += 1) await client.start(numberEndingIn(0), from("203.0.113.8"));
    const victim = numberEndingIn(0);
    assert.equal((await client.start(victim, from("203.0.113.8"))).status, 429);
    assert.equal((await client.start(victim, from("198.51.100.10"))).status, 202);
  });

  test("IPv6 clients are limited per /64", async () => {
    for (const address of ["2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:aaaa::3"]) {
      assert.equal((await client.start(numberEndingIn(0), from(address))).status, 202, address);
    }
    assert.equal((await client.start(numberEndingIn(0), from("2001:db8:1:2:ffff:ffff:ffff:ffff"))).status, 429);
    assert.equal((await client.start(numberEndingIn(0), from("2001:db8:1:3::1"))).status, 202);
  });

  test("a number gets PHONE_NUMBER_CALLS_PER_HOUR calls an hour, one per interval", async () => {
    const phone = numberEndingIn(0);
    // A new client each time, so only the number's limits are in play.
    assert.equal((await client.start(phone, from("192.0.2.1"))).status, 202);
    const tooSoon = await client.start(phone, from("192.0.2.2"));
    assert.equal(tooSoon.status, 429);
    assert.equal(tooSoon.body.error.scope, "phone_number");
    assert.equal(tooSoon.headers.get("retry-after"), "1");
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.equal((await client.start(phone, from("192.0.2.3"))).status, 202);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const hourly = await client.start(phone, from("192.0.2.4"));
    assert.equal(hourly.status, 429);
    assert.ok(Number(hourly.headers.get("retry-after")) > 3500, hourly.headers.get("retry-after"));
  });
});

describe("account-wide budget", () => {
  const BUDGET = 5;
  const { demo, client } = useTestDemo({ vars: { CALLS_PER_HOUR: String(BUDGET), CLIENT_IP_CALLS_PER_HOUR: "10" } });

  test("10 addresses x 10 starts for one number spend ONE call of the budget; the next new users get 202", async () => {
    // The attack: every address at once, each as many times as its own limit allows.
    const victim = numberEndingIn(0);
    const attempts = [];
    for (let address = 1; address <= 10; address += 1) {
      for (let i = 0; i < 10; i += 1) attempts.push(client.start(victim, from(`198.18.0.${address}`)));
    }
    const counts = statusCounts(await Promise.all(attempts));
    assert.deepEqual(counts, { 202: 1, 429: 99 });
    await waitFor(() => demo.standIn.stats().calls === 1, { what: "the one call" });

    // The budget is its size minus one: BUDGET - 1 new users, each from a new address
    // with a new number, still get their call ...
    for (let user = 1; user < BUDGET; user += 1) {
      const answer = await client.start(numberEndingIn(0), from(`203.0.113.${100 + user}`));
      assert.equal(answer.status, 202, `new user ${user}: ${answer.text}`);
    }
    // ... and then the budget is spent, for everyone.
    const refused = await client.start(numberEndingIn(0), from("203.0.113.200"));
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error.scope, "account");
    assert.ok(Number(refused.headers.get("retry-after")) > 3000);
    await waitFor(() => demo.standIn.stats().calls === BUDGET, { what: "the budget's calls" });
  });

  test("a number refused by the spent budget is not blocked for its owner", async () => {
    // The budget is spent (previous test): the number's reservation is given back, so
    // it is the budget, not the number, that refuses the next attempt too.
    const phone = numberEndingIn(0);
    assert.equal((await client.start(phone, from("203.0.113.201"))).body.error.scope, "account");
    assert.equal((await client.start(phone, from("203.0.113.202"))).body.error.scope, "account");
  });
});

describe("status reads", () => {
  const READS = 5;
  const { demo } = useTestDemo({ vars: { READS_PER_CLIENT_PER_MINUTE: String(READS) } });

  test("a client gets READS_PER_CLIENT_PER_MINUTE reads a minute, then 429 (scope client_reads); other clients are not affected", async () => {
    const reader = api(demo.url, { headers: from("203.0.113.50") });
    const id = await started(reader, numberEndingIn(2));
    const answers = [];
    for (let i = 0; i < READS + 2; i += 1) answers.push(await reader.read(id));
    assert.deepEqual(
      answers.map((answer) => answer.status),
      [...Array(READS).fill(200), 429, 429],
    );
    const refused = answers.at(-1);
    assert.equal(refused.body.error.kind, "rate_limited");
    assert.equal(refused.body.error.scope, "client_reads");
    const retryAfter = Number(refused.headers.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= 60 / READS + 1, `Retry-After ${retryAfter}`);

    // The same browser from another address reads again; so does anyone else.
    assert.equal((await reader.read(id, from("203.0.113.51"))).status, 200);
    const other = api(demo.url, { headers: from("203.0.113.52") });
    assert.equal((await other.read(id)).status, 404);
  });

  test("unknown ids count too: guessing costs the guesser's own allowance", async () => {
    const guesser = api(demo.url, { headers: from("203.0.113.60") });
    await guesser.start(numberEndingIn(2)); // a reader cookie, as a browser would have
    const answers = [];
    for (let i = 0; i < READS + 1; i += 1) answers.push((await guesser.read(`guess${String(i).padStart(17, "0")}`)).status);
    assert.deepEqual(answers, [...Array(READS).fill(404), 429]);
  });
});
