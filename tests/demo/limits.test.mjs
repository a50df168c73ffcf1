// Toll-fraud limits of the reference Worker, end to end under `wrangler dev`: per
// client, per number per hour, and the account-wide budget. (Per number per 60 s and
// 50 parallel requests are in api.test.mjs, in the demo's own configuration.)
//
// Several clients are played by setting CF-Connecting-IP. In production Cloudflare sets
// that header itself and a client cannot; `wrangler dev` passes a client's header
// through, which is what lets one test machine be many clients.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { api, numberEndingIn, startTestDemo } from "./demo-setup.mjs";

const from = (address) => ({ "CF-Connecting-IP": address });

describe("per-client and per-number limits", () => {
  let demo;
  let client;

  before(async () => {
    demo = await startTestDemo({
      vars: { CLIENT_IP_CALLS_PER_HOUR: "3", PHONE_NUMBER_INTERVAL_SECONDS: "1", PHONE_NUMBER_CALLS_PER_HOUR: "2" },
    });
    client = api(demo.url);
  });

  after(async () => {
    await demo?.stop();
  });

  test("a client gets CLIENT_IP_CALLS_PER_HOUR calls an hour, then 429 with Retry-After", async () => {
    for (let i = 0; i < 3; i += 1) assert.equal((await client.start(numberEndingIn(0), from("203.0.113.7"))).status, 202);
    const apiRequests = demo.standIn.stats().apiRequests;
    const refused = await client.start(numberEndingIn(0), from("203.0.113.7"));
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error.kind, "rate_limited");
    const retryAfter = Number(refused.headers.get("retry-after"));
    assert.ok(retryAfter > 3500 && retryAfter <= 3600, `Retry-After ${retryAfter}`);
    assert.equal(demo.standIn.stats().apiRequests, apiRequests, "no provider call");
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
  let demo;
  let client;

  before(async () => {
    demo = await startTestDemo({ vars: { CALLS_PER_HOUR: "2" } });
    client = api(demo.url);
  });

  after(async () => {
    await demo?.stop();
  });

  test("CALLS_PER_HOUR bounds all numbers and clients together", async () => {
    assert.equal((await client.start(numberEndingIn(0), from("203.0.113.20"))).status, 202);
    assert.equal((await client.start(numberEndingIn(0), from("203.0.113.21"))).status, 202);
    const refused = await client.start(numberEndingIn(0), from("203.0.113.22"));
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error.kind, "rate_limited");
    assert.ok(refused.headers.get("retry-after"));
    assert.equal(demo.standIn.stats().calls, 2);
  });
});
