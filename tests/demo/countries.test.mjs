// ALLOWED_COUNTRIES end to end: numbers are checked with the package's
// describePhoneNumber() (region and country calling code from the numbering plan);
// non-geographic calling codes are refused unless listed, even with "*".

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { settledStats, useTestDemo, waitFor } from "./demo-setup.mjs";

describe("ALLOWED_COUNTRIES = SK,CZ,+800", () => {
  const { demo, client } = useTestDemo({ vars: { ALLOWED_COUNTRIES: "SK,CZ,+800" } });

  test("Slovak and Czech numbers are called", async () => {
    assert.equal((await client.start("+421 900 123 450")).status, 202);
    assert.equal((await client.start("+420 601 000 010")).status, 202);
  });

  test("400 country_not_allowed, naming the number's region, for other countries; no provider call", async () => {
    await waitFor(() => demo.standIn.stats().calls === 2, { what: "the previous test's calls" });
    const before = demo.standIn.stats().apiRequests;
    const answer = await client.start("+44 20 7946 0010");
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error.kind, "country_not_allowed");
    assert.equal(answer.body.error.region, "GB");
    assert.equal(answer.body.error.countryCallingCode, "44");
    assert.equal(answer.body.error.nonGeographic, false);
    assert.equal((await settledStats(demo)).apiRequests, before);
  });

  test("a listed non-geographic code is called; an unlisted one is refused", async () => {
    assert.equal((await client.start("+800 1234 5670")).status, 202);
    const network = await client.start("+882 34 21230");
    assert.equal(network.status, 400);
    assert.equal(network.body.error.kind, "country_not_allowed");
    assert.equal(network.body.error.region, null);
    assert.equal(network.body.error.nonGeographic, true);
  });

  test("a calling code the plan does not have is not a number at all", async () => {
    const answer = await client.start("+999 123 456 789");
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error.kind, "invalid_phone_number");
  });

  test("GET /api/countries tells the page", async () => {
    assert.deepEqual((await client.request("/api/countries")).body, { anyCountry: false, regions: ["SK", "CZ"], callingCodes: ["800"] });
  });
});

describe("ALLOWED_COUNTRIES = * (make demo)", () => {
  const { client } = useTestDemo();

  test("every country, but no international network, satellite, shared-cost or premium code", async () => {
    assert.equal((await client.start("+44 20 7946 0010")).status, 202);
    for (const number of ["+882 34 21230", "+881 6 1234 5670", "+808 1234 5670", "+979 1 2345 6780"]) {
      const answer = await client.start(number);
      assert.equal(answer.status, 400, number);
      assert.equal(answer.body.error.kind, "country_not_allowed", number);
      assert.equal(answer.body.error.nonGeographic, true, number);
    }
  });
});
