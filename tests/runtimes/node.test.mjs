// confirmationCall in Node against the provider stand-in: every scenario, exactly one
// request per call (also on failures), and the wire request the provider documents.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as delay } from "node:timers/promises";
import * as api from "kompaas-confirmation-call";
import { runScenarios, checkScenarioResults } from "./scenarios.mjs";
import { startProvider, TOKEN } from "./harness.mjs";
import { API_PATH } from "../../stand-in/stand-in.mjs";

let provider;
before(async () => { provider = await startProvider(); });
after(async () => { await provider.standIn.close(); });

test("every scenario ends as the contract says", async () => {
  const results = await runScenarios(api, provider.where);
  assert.deepEqual(checkScenarioResults(results, TOKEN), []);
});

test("the wire request is the provider's documented request", async () => {
  provider.standIn.reset();
  await api.confirmationCall({ token: TOKEN, phoneNumber: "+421 (222) 202-990", baseUrl: provider.standIn.url });
  const [request] = provider.standIn.stats().requests;
  assert.equal(request.method, "POST");
  assert.equal(request.path, API_PATH);
  assert.equal(request.headers.accept, "application/json");
  assert.equal(request.headers["content-type"], "application/json");
  assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
  assert.equal(request.body, '{"phone_number":"421222202990"}');
  assert.deepEqual(JSON.parse(request.body), { phone_number: "421222202990" });
});

test("exactly one request reaches the provider per call, also when the call fails", async () => {
  const cases = [
    ["success", { phoneNumber: "421222202990" }, 1],
    ["unauthorized", { phoneNumber: "421222202990", token: "wrong-token-123" }, 1],
    ["server error", { phoneNumber: "421222202998" }, 1],
    ["malformed", { phoneNumber: "421222202990", baseUrl: `${provider.standIn.url}/malformed` }, 1],
    ["timeout", { phoneNumber: "421222202999", timeoutMs: 200 }, 1],
    ["invalid number: nothing sent", { phoneNumber: "12" }, 0],
    ["pre-aborted: nothing sent", { phoneNumber: "421222202990", signal: AbortSignal.abort() }, 0],
  ];
  for (const [name, options, expected] of cases) {
    provider.standIn.reset();
    await api.confirmationCall({ token: TOKEN, baseUrl: provider.standIn.url, ...options }).catch(() => {});
    // Long enough for a retry, were there one (the slow answer comes after 3 s).
    await delay(name === "timeout" ? 3300 : 300);
    assert.equal(provider.standIn.stats().apiRequests, expected, name);
  }
});

test("an abort with a string, undefined or an object reason ends as aborted", async () => {
  for (const reason of ["a string", undefined, { why: "object" }, 42]) {
    const controller = new AbortController();
    const pending = api.confirmationCall({ token: TOKEN, phoneNumber: "421222202999", baseUrl: provider.standIn.url, signal: controller.signal });
    setTimeout(() => controller.abort(reason), 50);
    await assert.rejects(pending, (error) => api.isConfirmationCallError(error) && error.kind === "aborted");
  }
  // The module still works afterwards.
  assert.equal((await api.confirmationCall({ token: TOKEN, phoneNumber: "421222202990", baseUrl: provider.standIn.url })).accountId, "117793");
});

test("a custom fetch is used instead of the global one, called once with one standard Request", async () => {
  const seen = [];
  const result = await api.confirmationCall({
    token: TOKEN,
    phoneNumber: "421222202990",
    baseUrl: provider.standIn.url,
    fetch: (...args) => {
      const [request] = args;
      seen.push({ count: args.length, isRequest: request instanceof Request, url: request.url, method: request.method });
      return fetch(request);
    },
  });
  assert.deepEqual(seen, [{ count: 1, isRequest: true, url: `${provider.standIn.url}${API_PATH}`, method: "POST" }]);
  assert.match(result.verificationCallUuid, /^[0-9a-f]{12}_117793$/);
});
