// Tests for the provider stand-in (tests/provider/stand-in.mjs).
// Run: node --test tests/provider/
//
// One stand-in and one tiny webhook receiver are shared by most tests; every test
// starts from zeroed counters and the default test configuration (beforeEach). Delays
// are short (webhook 50 ms, slow answer 300 ms) so the whole file takes a few seconds.
// Every test waits for the webhooks it caused, so none leaks into the next one.

import { test, describe, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { setTimeout as delay } from "node:timers/promises";

import { startStandIn, OUTCOMES_BY_LAST_DIGIT, formatDigitTable, API_PATH } from "./stand-in.mjs";

const STAND_IN_FILE = fileURLToPath(new URL("./stand-in.mjs", import.meta.url));
const TOKEN = "test-token";
const UUID_RE = /^[0-9a-f]{12}_117793$/;
const ISO_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const WEBHOOK_DELAY_MS = 50;
const SLOW_MS = 300;

/** A 12-digit Slovak-looking number (the provider's example shape) ending in `digit`. */
const phoneEndingIn = (digit) => `42122220299${digit}`;

// --- helpers --------------------------------------------------------------------------

/** A webhook receiver: records every request; answers 200 unless told to fail. */
async function startReceiver() {
  const received = [];
  let nextStatuses = [];
  const server = http.createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    received.push({
      at: performance.now(),
      method: req.method,
      url: new URL(req.url, "http://receiver"),
      headers: req.headers,
      body,
    });
    const status = nextStatuses.length > 0 ? nextStatuses.shift() : 200;
    res.writeHead(status, { "Content-Type": "text/plain" });
    res.end(status === 200 ? "ok" : "failed");
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${server.address().port}/hooks/cdr`,
    received,
    /** The next requests get these statuses, in order. */
    failNext: (...statuses) => {
      nextStatuses = statuses;
    },
    clear() {
      received.length = 0;
      nextStatuses = [];
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The CDR a receiver entry carries: JSON body (POST) or query parameters (GET). */
function cdrOf(entry) {
  return entry.method === "GET" ? Object.fromEntries(entry.url.searchParams) : JSON.parse(entry.body);
}

async function waitFor(predicate, what, timeoutMs = 3000) {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(5);
  }
}

/** `promise`, or a failure if it has not settled within `ms` (a hang becomes a failure). */
async function within(ms, promise, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new assert.AssertionError({ message: `${what} did not settle within ${ms} ms` })), ms);
  });
  try {
    return await Promise.race([promise, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** POST to the API the way the provider's curl example does. */
async function callApi(baseUrl, { phone, body, token = TOKEN, headers = {}, signal } = {}) {
  const sentAt = performance.now();
  const res = await fetch(baseUrl + API_PATH, {
    method: "POST",
    headers: {
      accept: "application/json",
      "content-type": "application/json",
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...headers,
    },
    body: body ?? JSON.stringify({ phone_number: phone }),
    signal,
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json, sentAt, at: performance.now() };
}

function assertSuccessShape(answer) {
  assert.equal(answer.status, 200, answer.text);
  assert.equal(answer.headers.get("content-type"), "application/json");
  assert.equal(answer.headers.get("access-control-allow-origin"), "*");
  assert.deepEqual(Object.keys(answer.json), ["status", "code", "object"]);
  assert.equal(answer.json.status, "success");
  assert.equal(answer.json.code, 200);
  const object = answer.json.object;
  assert.deepEqual(Object.keys(object), ["login_did", "code", "account_id", "verification_call_uuid"]);
  assert.match(object.login_did, /^[0-9]{10}$/);
  assert.match(object.code, /^[0-9]{4}$/);
  assert.equal(object.account_id, "117793");
  assert.match(object.verification_call_uuid, UUID_RE);
  return object;
}

/** Run `fn(standIn, receiver)` against a stand-in and receiver of its own. */
async function isolated(fn, options = {}) {
  const receiver = await startReceiver();
  const standIn = await startStandIn({ webhookUrl: receiver.url, webhookDelayMs: WEBHOOK_DELAY_MS, slowMs: SLOW_MS, ...options });
  try {
    await fn(standIn, receiver);
  } finally {
    await within(2000, standIn.close(), "close()");
    await receiver.close();
  }
}

// --- shared fixture ----------------------------------------------------------------------

let standIn;
let receiver;

before(async () => {
  receiver = await startReceiver();
  standIn = await startStandIn({ webhookUrl: receiver.url, webhookDelayMs: WEBHOOK_DELAY_MS, slowMs: SLOW_MS });
});

after(async () => {
  await within(2000, standIn?.close(), "close()");
  await receiver?.close();
});

beforeEach(() => {
  standIn.reset();
  standIn.setConfig({ webhookUrl: receiver.url, webhookMethod: "POST", webhookDelayMs: WEBHOOK_DELAY_MS, slowMs: SLOW_MS, token: TOKEN });
  receiver.clear();
});

// --- the digit table ---------------------------------------------------------------------

test("OUTCOMES_BY_LAST_DIGIT lists digits 0-9 with the provider's statuses", () => {
  assert.deepEqual(OUTCOMES_BY_LAST_DIGIT.map((o) => o.digit), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(
    OUTCOMES_BY_LAST_DIGIT.map((o) => [o.httpStatus, o.q931Status, o.finalStatus, o.webhooks]),
    [
      [200, 16, "ANSWER", 1],
      [200, 17, "CANCEL", 1],
      [200, 16, "CANCEL", 1],
      [200, 31, "CANCEL", 1],
      [200, 41, "CANCEL", 1],
      [200, 1, "CHANUNAVAIL", 1],
      [200, 16, "ANSWER", 2],
      [200, 16, "ANSWER", 1],
      [500, null, null, 0],
      [200, null, null, 0],
    ],
  );
  assert.ok(Object.isFrozen(OUTCOMES_BY_LAST_DIGIT) && Object.isFrozen(OUTCOMES_BY_LAST_DIGIT[0]));
});

test("formatDigitTable() is an aligned plain-text table with one row per digit", () => {
  const lines = formatDigitTable().split("\n");
  assert.equal(lines.length, 12); // header, rule, 10 rows
  assert.match(lines[0], /^last digit\s+HTTP\s+q931_status\s+final_status\s+webhooks\s+behaviour$/);
  assert.match(lines[1], /^-+( +-+)+$/);
  // Every column starts at the same offset in every line.
  const columnStarts = [...lines[1].matchAll(/-+/g)].map((m) => m.index);
  for (const [i, line] of lines.entries()) {
    for (const start of columnStarts.slice(1)) {
      assert.equal(line[start - 1], " ", `line ${i}: no gap before column at ${start}: ${line}`);
      assert.notEqual(line[start], " ", `line ${i}: empty cell at ${start}: ${line}`);
    }
  }
  assert.match(lines[2], /^0 +200 +16 +ANSWER +1 +answered/);
  assert.match(lines[7], /^5 +200 +1 +CHANUNAVAIL +1 /);
  assert.match(lines[10], /^8 +500 +- +- +0 /);
  assert.doesNotMatch(formatDigitTable(), /\x1b/); // no terminal colour codes
});

// --- outcomes by last digit ----------------------------------------------------------------

test("digit 0: 200 in the provider's shape, then the CDR by POST after webhookDelayMs", async () => {
  const phone = phoneEndingIn(0);
  const answer = await callApi(standIn.url, { phone });
  const object = assertSuccessShape(answer);

  await waitFor(() => receiver.received.length >= 1, "the webhook");
  const [hook] = receiver.received;
  // The delay starts when the answer is sent, a moment before the client has read it.
  const afterAnswer = hook.at - answer.at;
  assert.ok(afterAnswer >= WEBHOOK_DELAY_MS - 20 && afterAnswer < WEBHOOK_DELAY_MS + 500, `webhook ${afterAnswer} ms after the answer`);
  assert.equal(hook.method, "POST");
  assert.equal(hook.url.pathname, "/hooks/cdr");
  assert.equal(hook.headers["content-type"], "application/json");
  const cdr = JSON.parse(hook.body);
  assert.equal(cdr.verification_call_uuid, object.verification_call_uuid);
  assert.equal(cdr.q931_status, 16); // a number, not "16"
  assert.equal(cdr.final_status, "ANSWER");
  assert.equal(cdr.caller_number, object.login_did);
  assert.equal(cdr.called_number, phone);
  assert.equal(typeof cdr.duration, "number");
  assert.ok(Number.isInteger(cdr.duration) && cdr.duration >= 0);
  for (const field of ["start_time", "answer_time", "end_time"]) assert.match(cdr[field], ISO_RE, field);
  assert.ok(cdr.start_time <= cdr.answer_time && cdr.answer_time <= cdr.end_time);

  await delay(100);
  assert.equal(receiver.received.length, 1, "exactly one delivery");
  const stats = standIn.stats();
  assert.equal(stats.apiRequests, 1);
  assert.equal(stats.calls, 1);
  assert.equal(stats.webhookDeliveries, 1);
});

test("each answer carries a fresh uuid", async () => {
  standIn.setConfig({ webhookUrl: null });
  const uuids = new Set();
  for (let i = 0; i < 5; i += 1) {
    const answer = await callApi(standIn.url, { phone: phoneEndingIn(1) });
    uuids.add(assertSuccessShape(answer).verification_call_uuid);
  }
  assert.equal(uuids.size, 5);
});

const NOT_ANSWERED = {
  1: { q931: 17, final: "CANCEL", what: "busy" },
  2: { q931: 16, final: "CANCEL", what: "not answered" },
  3: { q931: 31, final: "CANCEL", what: "rejected by another operator" },
  4: { q931: 41, final: "CANCEL", what: "billing problem" },
  5: { q931: 1, final: "CHANUNAVAIL", what: "unreachable" },
};
for (const [digit, expected] of Object.entries(NOT_ANSWERED)) {
  test(`digit ${digit}: ${expected.what} -> q931_status ${expected.q931}, final_status ${expected.final}`, async () => {
    const phone = phoneEndingIn(digit);
    const object = assertSuccessShape(await callApi(standIn.url, { phone }));
    await waitFor(() => receiver.received.length >= 1, "the webhook");
    const cdr = cdrOf(receiver.received[0]);
    assert.equal(cdr.verification_call_uuid, object.verification_call_uuid);
    assert.equal(cdr.q931_status, expected.q931);
    assert.equal(cdr.final_status, expected.final);
    assert.equal(cdr.answer_time, null, "an unanswered call has no answer_time");
    assert.equal(cdr.called_number, phone);
    assert.match(cdr.end_time, ISO_RE);
  });
}

test("webhookMethod GET: the CDR fields arrive as query parameters", async () => {
  standIn.setConfig({ webhookMethod: "GET", webhookUrl: `${receiver.url}?source=stand-in` });
  const phone = phoneEndingIn(1);
  const object = assertSuccessShape(await callApi(standIn.url, { phone }));
  await waitFor(() => receiver.received.length >= 1, "the webhook");
  const [hook] = receiver.received;
  assert.equal(hook.method, "GET");
  assert.equal(hook.body, "");
  assert.equal(hook.url.pathname, "/hooks/cdr");
  const query = Object.fromEntries(hook.url.searchParams);
  assert.equal(query.source, "stand-in", "the URL's own query is kept");
  assert.equal(query.verification_call_uuid, object.verification_call_uuid);
  assert.equal(query.q931_status, "17");
  assert.equal(query.final_status, "CANCEL");
  assert.equal(query.caller_number, object.login_did);
  assert.equal(query.called_number, phone);
  assert.match(query.duration, /^[0-9]+$/);
  assert.match(query.start_time, ISO_RE);
  assert.match(query.end_time, ISO_RE);
  assert.equal("answer_time" in query, false, "an absent answer_time is left out, not sent as 'null'");
});

test("digit 8: HTTP 500, no call placed, no webhook", async () => {
  const answer = await callApi(standIn.url, { phone: phoneEndingIn(8) });
  assert.equal(answer.status, 500);
  assert.equal(answer.headers.get("content-type"), "application/json");
  assert.equal(answer.headers.get("access-control-allow-origin"), "*");
  assert.deepEqual(answer.json, { status: "error", code: 500, message: "Internal server error" });
  await delay(WEBHOOK_DELAY_MS + 150);
  assert.equal(receiver.received.length, 0);
  const stats = standIn.stats();
  assert.equal(stats.apiRequests, 1, "the request is counted");
  assert.equal(stats.calls, 0, "but no call was placed");
  assert.equal(stats.webhookDeliveries, 0);
});

test("digit 9: the answer comes only after slowMs, and no webhook", async () => {
  const answer = await callApi(standIn.url, { phone: phoneEndingIn(9) });
  const elapsed = answer.at - answer.sentAt;
  assertSuccessShape(answer);
  assert.ok(elapsed >= SLOW_MS - 5 && elapsed < SLOW_MS + 700, `answered after ${elapsed} ms`);
  await delay(WEBHOOK_DELAY_MS + 100);
  assert.equal(receiver.received.length, 0);
  assert.equal(standIn.stats().calls, 1);
  assert.equal(standIn.stats().webhookDeliveries, 0);
});

test("digit 9: a client that gives up first does not crash the stand-in; the call still counts", async () => {
  const controller = new AbortController();
  const pending = callApi(standIn.url, { phone: phoneEndingIn(9), signal: controller.signal });
  await waitFor(() => standIn.stats().calls === 1, "the slow call to be accepted");
  controller.abort();
  await assert.rejects(pending, { name: "AbortError" });
  await delay(SLOW_MS + 100); // past the moment the stand-in would have answered
  assertSuccessShape(await callApi(standIn.url, { phone: phoneEndingIn(1) }));
  await waitFor(() => receiver.received.length === 1, "the digit-1 webhook");
  const stats = standIn.stats();
  assert.equal(stats.apiRequests, 2);
  assert.equal(stats.calls, 2, "the abandoned slow call was placed all the same (a retry would ring twice)");
  assert.equal(stats.webhookDeliveries, 1);
});

// --- rejected requests -------------------------------------------------------------------

test("401 for a missing, wrong or malformed bearer token; no call", async () => {
  const cases = [
    { token: null },
    { token: "wrong-token" },
    { token: null, headers: { authorization: `Basic ${TOKEN}` } },
    { token: null, headers: { authorization: "Bearer" } },
    { token: null, headers: { authorization: `Bearer ${TOKEN} extra` } },
  ];
  for (const options of cases) {
    const answer = await callApi(standIn.url, { phone: phoneEndingIn(0), ...options });
    assert.equal(answer.status, 401, JSON.stringify(options));
    assert.equal(answer.headers.get("access-control-allow-origin"), "*");
    assert.deepEqual(answer.json, { status: "error", code: 401, message: "Unauthorized" });
  }
  // The scheme name is case-insensitive (RFC 9110); the token is not.
  assert.equal((await callApi(standIn.url, { phone: phoneEndingIn(1), token: null, headers: { authorization: `bearer ${TOKEN}` } })).status, 200);
  assert.equal((await callApi(standIn.url, { phone: phoneEndingIn(1), token: TOKEN.toUpperCase() })).status, 401);
  await waitFor(() => receiver.received.length === 1, "the one webhook");
  await delay(WEBHOOK_DELAY_MS + 50);
  assert.equal(receiver.received.length, 1);
  const stats = standIn.stats();
  assert.equal(stats.apiRequests, cases.length + 2);
  assert.equal(stats.calls, 1);
});

test("400 for a body that is not JSON or has no valid phone_number; 8 and 15 digits pass", async () => {
  standIn.setConfig({ webhookUrl: null });
  const bad = [
    "not json",
    "",
    "[]",
    "null",
    "{}",
    JSON.stringify({ phone_number: 421222202990 }),
    JSON.stringify({ phone_number: "+421222202990" }),
    JSON.stringify({ phone_number: "421 222 202 990" }),
    JSON.stringify({ phone_number: "421222202990\n" }),
    JSON.stringify({ phone_number: "4212222" }), // 7 digits
    JSON.stringify({ phone_number: "4212222029901234" }), // 16 digits
    JSON.stringify({ phone: "421222202990" }),
  ];
  for (const body of bad) {
    const answer = await callApi(standIn.url, { body });
    assert.equal(answer.status, 400, body);
    assert.equal(answer.headers.get("content-type"), "application/json");
    assert.equal(answer.json.status, "error");
    assert.equal(answer.json.code, 400);
    assert.equal(typeof answer.json.message, "string");
    assert.ok(answer.json.message.length > 0);
  }
  assertSuccessShape(await callApi(standIn.url, { phone: "42122221" }));
  assertSuccessShape(await callApi(standIn.url, { phone: "421222202990001" }));
  const stats = standIn.stats();
  assert.equal(stats.apiRequests, bad.length + 2);
  assert.equal(stats.calls, 2);
});

test("401 is checked before the body: a bad body with a wrong token is 401", async () => {
  const answer = await callApi(standIn.url, { body: "not json", token: "wrong" });
  assert.equal(answer.status, 401);
});

test("other methods on the API path: 405, counted as API requests; unknown paths: 404 JSON, not counted", async () => {
  const get = await fetch(standIn.url + API_PATH, { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(get.status, 405);
  assert.equal(get.headers.get("allow"), "POST, OPTIONS");
  assert.deepEqual(await get.json(), { status: "error", code: 405, message: "Method not allowed" });

  const missing = await fetch(`${standIn.url}/api/protected/api/auth/passwordCall`, { method: "POST", body: "{}" });
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get("content-type"), "application/json");
  assert.equal(missing.headers.get("access-control-allow-origin"), "*");
  assert.deepEqual(await missing.json(), { status: "error", code: 404, message: "Not found" });

  const stats = standIn.stats();
  assert.equal(stats.apiRequests, 1);
  assert.equal(stats.requests[0].method, "GET");
  assert.equal(stats.calls, 0);
});

// --- CORS ------------------------------------------------------------------------------------

test("CORS: the preflight answers 204 with the allowed methods and headers, and is not counted", async () => {
  const preflight = await fetch(standIn.url + API_PATH, {
    method: "OPTIONS",
    headers: {
      origin: "http://localhost:5173",
      "access-control-request-method": "POST",
      "access-control-request-headers": "authorization, content-type",
    },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get("access-control-allow-origin"), "*");
  assert.equal(preflight.headers.get("access-control-allow-methods"), "POST, OPTIONS");
  assert.equal(preflight.headers.get("access-control-allow-headers"), "accept, content-type, authorization, sec-fetch-mode");
  assert.match(preflight.headers.get("access-control-max-age"), /^[1-9][0-9]*$/);
  assert.equal(await preflight.text(), "");

  const controlPreflight = await fetch(`${standIn.url}/__stand-in/config`, { method: "OPTIONS" });
  assert.equal(controlPreflight.status, 204);
  assert.equal(controlPreflight.headers.get("access-control-allow-origin"), "*");
  assert.match(controlPreflight.headers.get("access-control-allow-methods"), /POST/);

  const stats = await fetch(`${standIn.url}/__stand-in/stats`);
  assert.equal(stats.headers.get("access-control-allow-origin"), "*");
  assert.equal((await stats.json()).apiRequests, 0, "preflights are not API requests");
});

// --- control endpoints -------------------------------------------------------------------------

test("GET /__stand-in/stats reports counts and the raw requests in order, never the bearer token", async () => {
  standIn.setConfig({ webhookUrl: null });
  const rawBody = '{ "phone_number" : "421222202990" }';
  await callApi(standIn.url, { body: rawBody, token: "wrong" });
  await callApi(standIn.url, { body: rawBody, headers: { "Sec-Fetch-Mode": "cors", "X-Custom-Header": "Yes" } });
  await callApi(standIn.url, { phone: phoneEndingIn(8) });
  // The token where a careless client might put it: another header, the body.
  await callApi(standIn.url, { body: `{"note":"${TOKEN}"}`, headers: { "X-Echo": `k=${TOKEN}` } });

  const response = await fetch(`${standIn.url}/__stand-in/stats`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "application/json");
  const text = await response.text();
  assert.ok(!text.includes(TOKEN), "the token appears nowhere in the answer");
  const stats = JSON.parse(text);
  assert.deepEqual(Object.keys(stats), ["apiRequests", "calls", "webhookDeliveries", "requests"]);
  assert.equal(stats.apiRequests, 4);
  assert.equal(stats.calls, 1);
  assert.equal(stats.webhookDeliveries, 0);
  assert.equal(stats.requests.length, 4);
  const [first, second, third, fourth] = stats.requests;
  assert.deepEqual(Object.keys(first), ["method", "path", "headers", "body", "authorized"]);
  assert.equal(first.method, "POST");
  assert.equal(first.path, API_PATH);
  assert.equal(first.body, rawBody, "the body is kept as raw text");
  // Not even a wrong token: it may be someone's real one.
  assert.equal(first.headers.authorization, "[redacted]");
  assert.equal(first.authorized, false);
  assert.equal(second.headers.authorization, "[redacted]");
  assert.equal(second.authorized, true);
  assert.equal(second.headers["content-type"], "application/json");
  assert.equal(second.headers["x-custom-header"], "Yes", "header names are lower-cased");
  assert.equal(second.headers["sec-fetch-mode"], "cors");
  assert.equal(third.body, JSON.stringify({ phone_number: phoneEndingIn(8) }));
  assert.equal(fourth.headers["x-echo"], "k=[token]");
  assert.equal(fourth.body, '{"note":"[token]"}');

  // The in-process stats() is the raw record (the test's own process holds the token
  // anyway), and a copy.
  const local = standIn.stats();
  assert.equal(local.requests[1].headers.authorization, `Bearer ${TOKEN}`);
  local.requests.length = 0;
  local.calls = 99;
  assert.equal(standIn.stats().requests.length, 4);
  assert.equal(standIn.stats().calls, 1);
});

test("stats keeps only the last 200 requests, but counts them all", async () => {
  for (let i = 0; i < 205; i += 1) {
    await callApi(standIn.url, { body: `{"n":${i}}`, token: "wrong" });
  }
  const stats = standIn.stats();
  assert.equal(stats.apiRequests, 205);
  assert.equal(stats.requests.length, 200);
  assert.equal(stats.requests[0].body, '{"n":5}');
  assert.equal(stats.requests[199].body, '{"n":204}');
});

test("POST /__stand-in/reset and reset() zero the counters and the list", async () => {
  await callApi(standIn.url, { phone: phoneEndingIn(1) });
  await waitFor(() => receiver.received.length === 1, "the webhook");
  assert.equal(standIn.stats().webhookDeliveries, 1);

  const response = await fetch(`${standIn.url}/__stand-in/reset`, { method: "POST" });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("access-control-allow-origin"), "*");
  const zero = { apiRequests: 0, calls: 0, webhookDeliveries: 0, requests: [] };
  assert.deepEqual(await response.json(), zero);
  assert.deepEqual(standIn.stats(), zero);

  await callApi(standIn.url, { phone: phoneEndingIn(8) });
  assert.equal(standIn.stats().apiRequests, 1);
  standIn.reset();
  assert.deepEqual(standIn.stats(), zero);
});

test("POST /__stand-in/config merges a partial config and answers it without the token", async () => {
  const response = await fetch(`${standIn.url}/__stand-in/config`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token: "rotated-token", webhookDelayMs: 0, webhookMethod: "get" }),
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("access-control-allow-origin"), "*");
  const body = await response.json();
  assert.deepEqual(body, {
    accountId: "117793",
    webhookUrl: receiver.url,
    webhookMethod: "GET",
    webhookDelayMs: 0,
    slowMs: SLOW_MS,
  });
  assert.equal(JSON.stringify(body).includes("rotated-token"), false);
  assert.equal(standIn.config.token, "rotated-token");
  assert.equal(standIn.config.webhookDelayMs, 0);

  // The new token is in force, the old one is not.
  assert.equal((await callApi(standIn.url, { phone: phoneEndingIn(0) })).status, 401);
  const object = assertSuccessShape(await callApi(standIn.url, { phone: phoneEndingIn(0), token: "rotated-token" }));
  await waitFor(() => receiver.received.length === 1, "the webhook");
  assert.equal(receiver.received[0].method, "GET", "webhookMethod took effect");
  assert.equal(cdrOf(receiver.received[0]).verification_call_uuid, object.verification_call_uuid);

  // Bad partials are refused whole, with a 400 saying why.
  for (const bad of ['{"webhookMethod":"PUT"}', '{"slowMs":-1}', '{"webhookUrl":"ftp://x"}', '{"tokn":"x"}', "[1]", "nope"]) {
    const refused = await fetch(`${standIn.url}/__stand-in/config`, { method: "POST", body: bad });
    assert.equal(refused.status, 400, bad);
    assert.equal((await refused.json()).code, 400);
  }
  assert.equal(standIn.config.webhookMethod, "GET");
  assert.equal(standIn.config.slowMs, SLOW_MS);
  assert.throws(() => standIn.setConfig({ webhookDelayMs: "50" }), TypeError);
  assert.throws(() => standIn.setConfig({ accountid: "1" }), TypeError);

  // setConfig() returns the new config (in-process, so with the token).
  const config = standIn.setConfig({ webhookUrl: null });
  assert.equal(config.webhookUrl, null);
  assert.equal(config.token, "rotated-token");
  assert.equal(config.port, standIn.port);
});

// --- the slow scenarios ------------------------------------------------------------------------
// Each takes 0.5-2 s of real waiting, so they run concurrently, each on its own stand-in
// and receiver (their counts and timings stay their own).

describe("slow scenarios, each on its own stand-in", { concurrency: true }, () => {
  test("digit 6: the same CDR is delivered twice, ~300 ms apart", () =>
    isolated(async (standIn, receiver) => {
      const object = assertSuccessShape(await callApi(standIn.url, { phone: phoneEndingIn(6) }));
      await waitFor(() => receiver.received.length >= 2, "two deliveries");
      const [first, second] = receiver.received;
      assert.equal(first.body, second.body, "the duplicate is byte-identical");
      const cdr = JSON.parse(first.body);
      assert.equal(cdr.verification_call_uuid, object.verification_call_uuid);
      assert.equal(cdr.q931_status, 16);
      assert.equal(cdr.final_status, "ANSWER");
      const gap = second.at - first.at;
      assert.ok(gap >= 290 && gap < 800, `gap between deliveries: ${gap} ms`);
      await delay(150);
      assert.equal(receiver.received.length, 2, "no third delivery");
      const { apiRequests, calls, webhookDeliveries } = standIn.stats();
      assert.deepEqual({ apiRequests, calls, webhookDeliveries }, { apiRequests: 1, calls: 1, webhookDeliveries: 2 });
    }));

  test("digit 7: the webhook arrives before the API answer, which follows 1 s later", () =>
    isolated(async (standIn, receiver) => {
      const answer = await callApi(standIn.url, { phone: phoneEndingIn(7) });
      const object = assertSuccessShape(answer);
      assert.equal(receiver.received.length, 1, "the webhook was already delivered when the answer came");
      const [hook] = receiver.received;
      assert.ok(hook.at - answer.sentAt < 500, "the webhook went at once, not after a delay");
      const lead = answer.at - hook.at;
      assert.ok(lead >= 950 && lead < 1500, `answer came ${lead} ms after the webhook`);
      const cdr = JSON.parse(hook.body);
      assert.equal(cdr.verification_call_uuid, object.verification_call_uuid);
      assert.equal(cdr.q931_status, 16);
      assert.equal(cdr.final_status, "ANSWER");
      await delay(100);
      assert.equal(receiver.received.length, 1, "delivered once");
    }, { webhookDelayMs: 2000 })); // a delay that must NOT apply to digit 7

  test("retry on error: a 500 from the webhook target is retried 500 ms later", () =>
    isolated(async (standIn, receiver) => {
      receiver.failNext(500);
      const object = assertSuccessShape(await callApi(standIn.url, { phone: phoneEndingIn(2) }));
      await waitFor(() => receiver.received.length >= 2, "the retry");
      const [failed, retried] = receiver.received;
      assert.equal(failed.body, retried.body, "a retry resends the same record");
      assert.equal(JSON.parse(retried.body).verification_call_uuid, object.verification_call_uuid);
      const gap = retried.at - failed.at;
      assert.ok(gap >= 490 && gap < 1000, `retry after ${gap} ms`);
      await delay(550);
      assert.equal(receiver.received.length, 2, "no retry after a 2xx");
      assert.equal(standIn.stats().webhookDeliveries, 2);
      assert.equal(standIn.stats().calls, 1);
    }));

  test("retry on error: an unreachable target gets 3 retries, then the stand-in gives up quietly", async () => {
    // A port that was free a moment ago: connections to it are refused.
    const gone = http.createServer();
    gone.listen(0, "127.0.0.1");
    await once(gone, "listening");
    const deadUrl = `http://127.0.0.1:${gone.address().port}/hook`;
    await new Promise((resolve) => gone.close(resolve));

    await isolated(async (standIn) => {
      const started = performance.now();
      assertSuccessShape(await callApi(standIn.url, { phone: phoneEndingIn(3) }));
      await waitFor(() => standIn.stats().webhookDeliveries === 4, "four attempts");
      const took = performance.now() - started;
      assert.ok(took >= 3 * 490, `four attempts took only ${took} ms: retries are not 500 ms apart`);
      await delay(550);
      assert.equal(standIn.stats().webhookDeliveries, 4, "no fifth attempt");
      standIn.setConfig({ webhookUrl: null });
      assertSuccessShape(await callApi(standIn.url, { phone: phoneEndingIn(1) })); // still serving
    }, { webhookUrl: deadUrl, webhookDelayMs: 0 });
  });
});

// --- close() -----------------------------------------------------------------------------------

test("close() resolves promptly with a slow answer and webhooks pending, and cancels them", async (t) => {
  const timersBefore = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
  const own = await startStandIn({ webhookUrl: receiver.url, webhookDelayMs: 30000, slowMs: 30000 });
  const client = new AbortController();
  // If an assertion fails, still end everything (abort our side too), but never hang.
  t.after(async () => {
    client.abort();
    await within(2000, own.close(), "close() in cleanup").catch(() => {});
  });
  const slow = callApi(own.url, { phone: phoneEndingIn(9), signal: client.signal });
  slow.catch(() => {}); // observed below
  assertSuccessShape(await callApi(own.url, { phone: phoneEndingIn(0) })); // its webhook is 30 s away
  await waitFor(() => own.stats().calls === 2, "both calls");

  const started = performance.now();
  await within(2000, own.close(), "close()");
  const took = performance.now() - started;
  assert.ok(took < 500, `close() took ${took} ms`);
  await assert.rejects(slow, "the held request is cut off");
  assert.equal(await own.close(), undefined, "a second close() is harmless");
  await assert.rejects(fetch(own.url + API_PATH, { method: "POST" }), "no longer listening");
  await delay(100);
  assert.equal(receiver.received.length, 0, "the pending webhook was cancelled");
  const timersAfter = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
  assert.ok(timersAfter <= timersBefore, `timers left behind: ${timersAfter - timersBefore}`);
});

test("startStandIn() rejects unknown options and a port in use", async () => {
  await assert.rejects(startStandIn({ webhookURL: "http://x" }), TypeError);
  await assert.rejects(startStandIn({ webhookMethod: "PUT" }), TypeError);
  await assert.rejects(startStandIn({ port: standIn.port }), { code: "EADDRINUSE" });
});

// --- CLI ------------------------------------------------------------------------------------------

/** Spawn the CLI; resolves once it printed its listening line. */
async function spawnCli(t, args, env = {}) {
  const child = spawn(process.execPath, [STAND_IN_FILE, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Whatever happens in the test, the child must not outlive it.
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  const lines = [];
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  createInterface({ input: child.stdout }).on("line", (line) => lines.push(line));
  const exited = once(child, "exit");
  await waitFor(() => lines.length > 0 || child.exitCode !== null, "the listening line", 5000);
  assert.equal(child.exitCode, null, `the CLI exited early: ${stderr}`);
  const match = /^stand-in listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(lines[0]);
  assert.ok(match, `first line: ${JSON.stringify(lines[0])}`);
  return { child, lines, exited, url: match[1], stderr: () => stderr };
}

test("CLI: listening line, log lines without the token, clean exit on SIGTERM with work pending", async (t) => {
  const secret = "cli-secret-token-4711";
  const cli = await spawnCli(
    t,
    ["--port", "0", "--webhook-url", receiver.url, "--webhook-delay-ms", "20", "--slow-ms", "60000"],
    { STAND_IN_TOKEN: secret }, // the environment fallback
  );
  assert.equal(cli.lines.length, 1, "exactly one line when ready");

  const object = assertSuccessShape(await callApi(cli.url, { phone: phoneEndingIn(0), token: secret }));
  await waitFor(() => receiver.received.length === 1, "the CLI's webhook");
  await waitFor(() => cli.lines.some((l) => l.startsWith("webhook ")), "the webhook log line");
  assert.ok(cli.lines.some((l) => l.startsWith("api POST ") && l.includes(object.verification_call_uuid)), cli.lines.join("\n"));
  assert.equal((await callApi(cli.url, { phone: phoneEndingIn(0), token: "wrong" })).status, 401);

  // Leave work pending: a 60 s slow answer, a webhook retry 500 ms away, and (after a
  // config change through the control endpoint) a webhook 60 s away.
  const slow = callApi(cli.url, { phone: phoneEndingIn(9), token: secret });
  slow.catch(() => {});
  receiver.failNext(500, 500, 500, 500);
  await callApi(cli.url, { phone: phoneEndingIn(1), token: secret });
  await waitFor(() => receiver.received.length === 2, "the failing delivery");
  const configured = await fetch(`${cli.url}/__stand-in/config`, { method: "POST", body: '{"webhookDelayMs":60000}' });
  assert.equal(configured.status, 200);
  assertSuccessShape(await callApi(cli.url, { phone: phoneEndingIn(2), token: secret }));

  const started = performance.now();
  cli.child.kill("SIGTERM");
  const [code, signal] = await within(5000, cli.exited, "the CLI's exit");
  const took = performance.now() - started;
  assert.equal(signal, null, "it handled SIGTERM itself");
  assert.equal(code, 0, cli.stderr());
  assert.ok(took < 3000, `exit took ${took} ms: something kept the process alive`);
  await assert.rejects(slow);
  assert.equal(receiver.received.length, 2, "no retry after the stop");
  assert.equal(cli.lines.filter((l) => l.startsWith("api ")).length, 5, cli.lines.join("\n"));
  for (const line of cli.lines) assert.equal(line.includes(secret), false, `token printed: ${line}`);
  for (const line of cli.lines) assert.equal(line.includes("/hooks/cdr"), false, `webhook path printed: ${line}`);
});

test("log lines name a webhook target by its origin only: its path and query may hold a secret", async () => {
  const lines = [];
  const ownReceiver = await startReceiver();
  const target = new URL(ownReceiver.url);
  target.pathname = "/webhooks/kompaas/0123456789abcdef-secret";
  target.search = "?key=query-secret";
  const own = await startStandIn({ webhookUrl: target.href, webhookDelayMs: WEBHOOK_DELAY_MS, log: (line) => lines.push(line) });
  try {
    await callApi(own.url, { phone: phoneEndingIn(0) });
    await waitFor(() => ownReceiver.received.length === 1, "the webhook");
    assert.equal(ownReceiver.received[0].url.pathname, target.pathname, "delivered to the full URL");
    await waitFor(() => lines.some((line) => line.startsWith("webhook ")), "the webhook log line");
    const line = lines.find((each) => each.startsWith("webhook "));
    assert.match(line, new RegExp(`^webhook POST ${target.origin.replace(/\./g, "\\.")}/… uuid=`));
    for (const each of lines) {
      assert.ok(!each.includes("0123456789abcdef") && !each.includes("query-secret") && !each.includes("/webhooks/"), each);
    }
  } finally {
    await within(2000, own.close(), "close()");
    await ownReceiver.close();
  }
});

test("CLI: --quiet prints only the listening line; SIGINT stops it", async (t) => {
  const cli = await spawnCli(t, ["--port", "0", "--quiet", "--token", "quiet-token", "--account-id", "42"]);
  const answer = await callApi(cli.url, { phone: phoneEndingIn(1), token: "quiet-token" });
  assert.equal(answer.status, 200);
  assert.match(answer.json.object.verification_call_uuid, /^[0-9a-f]{12}_42$/);
  assert.equal(answer.json.object.account_id, "42");
  cli.child.kill("SIGINT");
  const [code] = await within(5000, cli.exited, "the CLI's exit");
  assert.equal(code, 0, cli.stderr());
  assert.deepEqual(cli.lines, [`stand-in listening on ${cli.url}`]);
});

test("CLI: a bad option exits 2 with the usage on stderr", async () => {
  const child = spawn(process.execPath, [STAND_IN_FILE, "--webhook-metod", "GET"], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const [code] = await within(5000, once(child, "exit"), "the CLI's exit");
  assert.equal(code, 2);
  assert.equal(stdout, "");
  assert.match(stderr, /usage: node tests\/provider\/stand-in\.mjs/);
});

test("the /malformed prefix answers an HTML page with 200 and places no call", async () => {
  const { startStandIn, MALFORMED_PREFIX, API_PATH } = await import("./stand-in.mjs");
  const standIn = await startStandIn({ webhookDelayMs: 50 });
  try {
    const response = await fetch(`${standIn.url}${MALFORMED_PREFIX}${API_PATH}`, {
      method: "POST",
      headers: { Authorization: "Bearer test-token", "Content-Type": "application/json" },
      body: JSON.stringify({ phone_number: "421222202990" }),
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type"), /text\/html/);
    assert.match(await response.text(), /^<html>/);
    const stats = standIn.stats();
    assert.equal(stats.apiRequests, 1);
    assert.equal(stats.calls, 0);
    const unauthorized = await fetch(`${standIn.url}${MALFORMED_PREFIX}${API_PATH}`, { method: "POST", body: "{}" });
    assert.equal(unauthorized.status, 401, "the token is still checked first");
  } finally {
    await standIn.close();
  }
});
