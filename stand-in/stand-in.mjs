#!/usr/bin/env node
// A local stand-in for the KOMPaaS "confirmation call" API, for tests and demos, and for
// trying your own server's webhook without an account. Shipped in the npm package as the
// `kompaas-stand-in` command; documented in stand-in/README.md of the repository.
//
// It behaves like the provider as far as the provider documents it (docs/provider.md of
// the repository restates those facts):
//
//   POST /api/protected/api/auth/confirmationCall
//     Authorization: Bearer <token>      body: {"phone_number": "421222202999"}
//   -> 200 {"status":"success","code":200,"object":{"login_did","code","account_id",
//           "verification_call_uuid"}}
//   ...and later the call-detail record (CDR) arrives by webhook, carrying
//   verification_call_uuid, q931_status and final_status.
//
// What the provider does NOT document (error bodies, the CDR's other fields, the retry
// schedule) is filled in here with plain, conventional choices; they are marked
// "not documented" below so nobody mistakes them for provider facts.
//
// The outcome of a call is chosen by the LAST DIGIT of the phone number (see
// OUTCOMES_BY_LAST_DIGIT), so a test picks a scenario by picking a number.
//
// Node's built-in modules only, and nothing outside this file: it is copied into the
// package as it is. Usable as a module (startStandIn) or a CLI:
//   kompaas-stand-in --help              (installed package)
//   node stand-in/stand-in.mjs --help    (this repository)

import http from "node:http";
import https from "node:https";
import { randomBytes, randomInt } from "node:crypto";
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

// The provider's path (docs/provider.md, "The method").
export const API_PATH = "/api/protected/api/auth/confirmationCall";

// The API path behind this prefix answers 200 with an HTML page instead of JSON and
// places no call: a proxy or maintenance page in front of the provider, the realistic
// "malformed response". A prefix, not a digit, so any test can ask for it at any time.
export const MALFORMED_PREFIX = "/malformed";

// Control endpoints of the stand-in itself; the provider has nothing like them.
const CONTROL_PREFIX = "/__stand-in/";

// "retry on error" is on by default at the provider (docs/provider.md, "The webhook"); its
// schedule is not documented, so: 3 more attempts, 500 ms apart.
const WEBHOOK_RETRIES = 3;
const WEBHOOK_RETRY_INTERVAL_MS = 500;
// One webhook attempt that gets no answer for this long counts as failed.
const WEBHOOK_ATTEMPT_TIMEOUT_MS = 5000;
// Digit 6: the duplicate delivery follows the first one after this pause.
const DUPLICATE_DELIVERY_GAP_MS = 300;
// Digit 7: the API answer is held this long after the (early) webhook completed.
const EARLY_WEBHOOK_HOLD_MS = 1000;

// The request body is one small JSON object; refuse anything absurdly large.
const MAX_BODY_BYTES = 64 * 1024;
// stats().requests keeps only the most recent API requests.
const REQUEST_LOG_CAP = 200;
// setTimeout cannot wait longer than this (about 24.8 days).
const MAX_TIMER_MS = 2 ** 31 - 1;

// CORS: the provider's curl example sends accept, content-type, authorization and
// sec-fetch-mode, so a browser preflight asks for exactly those.
const CORS_ALLOW_HEADERS = "accept, content-type, authorization, sec-fetch-mode";
const CORS_MAX_AGE_SECONDS = "600";

const DEFAULT_CONFIG = Object.freeze({
  token: "test-token",
  accountId: "117793", // the account number in the provider's examples
  webhookUrl: null,
  webhookMethod: "POST",
  webhookDelayMs: 2000,
  slowMs: 30000,
});

// Keys that setConfig() and POST /__stand-in/config accept.
const SETTABLE_KEYS = ["webhookUrl", "webhookMethod", "webhookDelayMs", "slowMs", "token"];
// Keys that startStandIn() accepts.
const START_OPTION_KEYS = ["host", "port", "log", "accountId", ...SETTABLE_KEYS];

// The scenarios, by the last digit of the called number. q931Status / finalStatus are
// what the CDR carries (docs/provider.md, the q931_status table); null = no CDR at all.
// `webhooks` is how many deliveries the CDR gets (retries on failure not counted).
export const OUTCOMES_BY_LAST_DIGIT = deepFreeze([
  { digit: 0, name: "answered", httpStatus: 200, q931Status: 16, finalStatus: "ANSWER", webhooks: 1,
    description: "answered: the customer picked up" },
  { digit: 1, name: "busy", httpStatus: 200, q931Status: 17, finalStatus: "CANCEL", webhooks: 1,
    description: "busy" },
  { digit: 2, name: "not-answered", httpStatus: 200, q931Status: 16, finalStatus: "CANCEL", webhooks: 1,
    description: "not answered" },
  { digit: 3, name: "rejected", httpStatus: 200, q931Status: 31, finalStatus: "CANCEL", webhooks: 1,
    description: "rejected by another operator" },
  { digit: 4, name: "billing-problem", httpStatus: 200, q931Status: 41, finalStatus: "CANCEL", webhooks: 1,
    description: "not made: billing problem on the account" },
  { digit: 5, name: "unreachable", httpStatus: 200, q931Status: 1, finalStatus: "CHANUNAVAIL", webhooks: 1,
    description: "number not reachable (Q.850 cause 1, unallocated number)" },
  { digit: 6, name: "answered-webhook-twice", httpStatus: 200, q931Status: 16, finalStatus: "ANSWER", webhooks: 2,
    description: "answered; the webhook is delivered twice, ~300 ms apart (provider retry)" },
  { digit: 7, name: "answered-webhook-first", httpStatus: 200, q931Status: 16, finalStatus: "ANSWER", webhooks: 1,
    description: "answered; the webhook comes at once, the API answer 1 s after it" },
  { digit: 8, name: "server-error", httpStatus: 500, q931Status: null, finalStatus: null, webhooks: 0,
    description: "the API answers HTTP 500; no call, no webhook" },
  { digit: 9, name: "slow-answer", httpStatus: 200, q931Status: null, finalStatus: null, webhooks: 0,
    description: "the API answers 200 only after slowMs (default 30 s); no webhook" },
]);

/** The digit table as aligned plain text (no trailing newline), for terminals. */
export function formatDigitTable() {
  const header = ["last digit", "HTTP", "q931_status", "final_status", "webhooks", "behaviour"];
  const rows = OUTCOMES_BY_LAST_DIGIT.map((o) => [
    String(o.digit),
    String(o.httpStatus),
    o.q931Status === null ? "-" : String(o.q931Status),
    o.finalStatus ?? "-",
    String(o.webhooks),
    o.description,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/**
 * Start the stand-in. Resolves once it is listening.
 *
 * @param {object} [options]
 * @param {string} [options.host="127.0.0.1"] loopback by default: never exposed to the network by accident
 * @param {number} [options.port=0] 0 = any free port
 * @param {string} [options.token="test-token"] the bearer token the API accepts
 * @param {string} [options.accountId="117793"] the account number after "_" in the uuid
 * @param {string|null} [options.webhookUrl=null] where CDRs go; null = no webhook
 * @param {"POST"|"GET"} [options.webhookMethod="POST"] POST = JSON body, GET = query parameters
 * @param {number} [options.webhookDelayMs=2000] pause between the API answer and the CDR
 * @param {number} [options.slowMs=30000] how long digit 9 holds the API answer
 * @param {boolean|((line: string) => void)} [options.log=false] true = console.log
 */
export async function startStandIn(options = {}) {
  for (const key of Object.keys(options)) {
    if (!START_OPTION_KEYS.includes(key)) {
      throw new TypeError(`startStandIn: unknown option "${key}" (known: ${START_OPTION_KEYS.join(", ")})`);
    }
  }
  const { host = "127.0.0.1", port = 0, log = false } = options;
  const say = typeof log === "function" ? log : log ? (line) => console.log(line) : () => {};

  const config = { ...DEFAULT_CONFIG };
  if (options.accountId !== undefined) config.accountId = normalizeAccountId(options.accountId);
  const startPatch = {};
  for (const key of SETTABLE_KEYS) if (options[key] !== undefined) startPatch[key] = options[key];
  Object.assign(config, normalizeConfigPatch(startPatch));

  // What the stand-in received, for tests that prove "no retry, no duplicate".
  let counters = { apiRequests: 0, calls: 0, webhookDeliveries: 0 };
  let requests = [];

  // Everything that could keep the process alive, so close() can end it all.
  let closing = null; // close()'s promise, from the moment it is called
  const waits = new Set(); // pending sleeps: { timer, finish }
  const sockets = new Set(); // incoming connections
  const outgoing = new Set(); // webhook requests in flight

  /**
   * Wait `ms`. Resolves true when the time is up, false when the wait was cut short:
   * by close(), or (if `res` is given) by the client going away first.
   */
  function sleep(ms, res) {
    if (closing) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wait = {
        finish(completed) {
          clearTimeout(wait.timer);
          waits.delete(wait);
          res?.off("close", onClientGone);
          resolve(completed);
        },
      };
      const onClientGone = () => wait.finish(false);
      wait.timer = setTimeout(() => wait.finish(true), ms);
      waits.add(wait);
      res?.once("close", onClientGone);
    });
  }

  // --- answering ---------------------------------------------------------------

  function sendJson(res, status, payload, extraHeaders = {}) {
    if (res.headersSent || res.destroyed) return; // the client is gone, or closed
    const body = JSON.stringify(payload);
    res.writeHead(status, {
      "Access-Control-Allow-Origin": "*",
      "Content-Type": "application/json",
      "Content-Length": Buffer.byteLength(body),
      ...extraHeaders,
    });
    res.end(body);
  }

  // The provider documents no error bodies; these mimic the success body's
  // status/code pair, which is what a client most plausibly meets.
  const sendError = (res, status, message, extraHeaders) =>
    sendJson(res, status, { status: "error", code: status, message }, extraHeaders);

  function sendPreflight(res, methods) {
    res.writeHead(204, {
      "Access-Control-Allow-Origin": "*",
      "Access-Control-Allow-Methods": methods,
      "Access-Control-Allow-Headers": CORS_ALLOW_HEADERS,
      "Access-Control-Max-Age": CORS_MAX_AGE_SECONDS,
    });
    res.end();
  }

  /** The request body as text; null if the client vanished while sending it. */
  async function readBody(req) {
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    try {
      for await (const chunk of req) {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) tooLarge = true; // keep draining, stop keeping
        else chunks.push(chunk);
      }
    } catch {
      return null;
    }
    return { text: Buffer.concat(chunks).toString("utf8"), tooLarge };
  }

  // --- the provider's API --------------------------------------------------------

  async function handleApi(req, res, { malformed = false } = {}) {
    const startedAt = Date.now();
    counters.apiRequests += 1;
    // Recorded on arrival (so the order is the arrival order); the body follows.
    const record = { method: req.method, path: req.url, headers: { ...req.headers }, body: "" };
    requests.push(record);
    if (requests.length > REQUEST_LOG_CAP) requests.splice(0, requests.length - REQUEST_LOG_CAP);

    const logLine = (what) => say(`api ${req.method} ${req.url} ${what} (${Date.now() - startedAt} ms)`);

    const body = await readBody(req);
    if (body === null) return logLine("-> client went away while sending");
    record.body = body.text;

    if (req.method !== "POST") {
      sendError(res, 405, "Method not allowed", { Allow: "POST, OPTIONS" });
      return logLine("-> 405");
    }
    if (!isAuthorized(req.headers.authorization)) {
      sendError(res, 401, "Unauthorized");
      return logLine("-> 401 (missing or wrong bearer token)");
    }
    if (body.tooLarge) {
      sendError(res, 413, "Payload too large");
      return logLine("-> 413");
    }
    const parsed = parsePhoneNumber(body.text);
    if (parsed.error) {
      sendError(res, 400, parsed.error);
      return logLine(`-> 400 ${parsed.error}`);
    }

    if (malformed) {
      res.writeHead(200, { "Access-Control-Allow-Origin": "*", "Content-Type": "text/html; charset=utf-8" });
      res.end("<html><body><h1>Service temporarily unavailable</h1></body></html>");
      return logLine("-> 200 HTML page (malformed), no call");
    }

    const phone = parsed.phoneNumber;
    const outcome = OUTCOMES_BY_LAST_DIGIT[Number(phone.at(-1))];
    if (outcome.httpStatus === 500) {
      sendError(res, 500, "Internal server error");
      return logLine(`phone=${phone} -> 500 ${outcome.name}, no call`);
    }

    // From here on a call is placed: at the provider a phone would ring and the
    // account be billed, whether or not the client stays to read the answer (that is
    // why digit 9 counts as a call even if its client times out).
    counters.calls += 1;
    const call = {
      phone,
      outcome,
      loginDid: randomDigits(10, { leadingZero: false }),
      code: randomDigits(4), // "code" is not explained by the provider; 4 digits like its example
      uuid: `${randomBytes(6).toString("hex")}_${config.accountId}`,
      startedAt: new Date(),
      cdr: null,
    };
    const answer = {
      status: "success",
      code: 200,
      object: {
        login_did: call.loginDid,
        code: call.code,
        account_id: config.accountId,
        verification_call_uuid: call.uuid,
      },
    };
    // Where this call's CDR goes is fixed when the call is placed, so a later
    // setConfig() (e.g. by the next test) does not redirect it.
    const target = { url: config.webhookUrl, method: config.webhookMethod };

    const webhookFirst = outcome.digit === 7;
    if (outcome.digit === 9) {
      // For client timeouts: hold the answer; no webhook (the table says so).
      if (!(await sleep(config.slowMs, res))) return logLine(`phone=${phone} -> client gave up or stand-in closed before the slow answer`);
    } else if (webhookFirst && target.url) {
      // The CDR overtakes the API answer: deliver it now, answer 1 s after it completed.
      const delivered = await deliverCdr(call, target);
      if (closing) return;
      if (!delivered) say(`webhook uuid=${call.uuid} gave up; answering anyway`);
      if (!(await sleep(EARLY_WEBHOOK_HOLD_MS, res))) return logLine(`phone=${phone} -> client gave up or stand-in closed before the held answer`);
    }

    sendJson(res, 200, answer);
    logLine(`phone=${phone} -> 200 ${outcome.name} uuid=${call.uuid}`);
    // Digit 7's CDR went before the answer; digit 9 has none.
    if (!webhookFirst) scheduleWebhooks(call, target);
  }

  function isAuthorized(header) {
    // The auth scheme name is case-insensitive (RFC 9110 section 11.1); the token is not.
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
    return match !== null && match[1] === config.token;
  }

  // --- the webhook (CDR) ------------------------------------------------------------

  function scheduleWebhooks(call, target) {
    if (!target.url || call.outcome.webhooks === 0) return;
    const delayMs = config.webhookDelayMs;
    (async () => {
      if (!(await sleep(delayMs))) return;
      await deliverCdr(call, target);
      for (let extra = 1; extra < call.outcome.webhooks; extra += 1) {
        // Digit 6: the same CDR once more, as the provider's "retry on error" may do.
        if (!(await sleep(DUPLICATE_DELIVERY_GAP_MS))) return;
        await deliverCdr(call, target);
      }
    })().catch((error) => say(`webhook uuid=${call.uuid} internal error: ${error.message}`));
  }

  /**
   * One delivery of the call's CDR, with the retries of "retry on error".
   * Resolves true once the target answered 2xx; never rejects.
   */
  async function deliverCdr(call, target) {
    // Built once: retries and the duplicate carry the very same record.
    call.cdr ??= buildCdr(call);
    const attempts = 1 + WEBHOOK_RETRIES;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      if (closing) return false;
      counters.webhookDeliveries += 1;
      const result = await sendWebhook(target, call.cdr);
      if (closing) return false;
      const shownUrl = redactUrl(target.url);
      say(`webhook ${target.method} ${shownUrl} uuid=${call.uuid} attempt ${attempt}/${attempts} -> ${result.status ?? `error: ${result.error}`}`);
      if (result.ok) return true;
      if (attempt < attempts && !(await sleep(WEBHOOK_RETRY_INTERVAL_MS))) return false;
    }
    return false;
  }

  /** One HTTP attempt. Resolves { ok, status } or { ok: false, error }; never rejects. */
  function sendWebhook(target, cdr) {
    const url = new URL(target.url);
    const headers = { "User-Agent": "kompaas-stand-in" };
    let body;
    if (target.method === "GET") {
      // GET: the fields as query parameters; absent fields (answer_time of an
      // unanswered call) are left out rather than sent as "null".
      for (const [key, value] of Object.entries(cdr)) {
        if (value !== null && value !== undefined) url.searchParams.set(key, String(value));
      }
    } else {
      body = JSON.stringify(cdr);
      headers["Content-Type"] = "application/json";
      headers["Content-Length"] = Buffer.byteLength(body);
    }
    const transport = url.protocol === "https:" ? https : http;
    return new Promise((resolve) => {
      let request;
      const settle = (result) => {
        if (!outgoing.has(request)) return; // already settled
        outgoing.delete(request);
        resolve(result);
      };
      // agent: false = a fresh connection per attempt, closed afterwards (as a
      // webhook sender typically does), so nothing stays pooled after close().
      request = transport.request(url, { method: target.method, headers, agent: false }, (response) => {
        const result = { ok: response.statusCode >= 200 && response.statusCode < 300, status: response.statusCode };
        response.resume(); // the target's answer body does not matter
        response.once("end", () => settle(result));
        response.once("close", () => settle(result));
      });
      outgoing.add(request);
      request.setTimeout(WEBHOOK_ATTEMPT_TIMEOUT_MS, () => request.destroy(new Error("timed out")));
      request.once("error", (error) => settle({ ok: false, error: error.code ?? error.message }));
      request.end(body);
    });
  }

  // The CDR. The provider documents only verification_call_uuid, q931_status and
  // final_status; the other fields are not documented and follow common CDR practice.
  // The times follow the stand-in's real clock: the call starts when the API accepted
  // the request and ends when the CDR is first sent; an answered call is picked up
  // halfway through. duration = whole seconds from start to end, ringing included
  // (like Asterisk's CDR "duration"), so with the short delays of tests it is often 0.
  function buildCdr(call) {
    const start = call.startedAt;
    const end = new Date();
    const answered = call.outcome.finalStatus === "ANSWER";
    const answer = answered ? new Date(start.getTime() + Math.floor((end - start) / 2)) : null;
    return {
      verification_call_uuid: call.uuid,
      q931_status: call.outcome.q931Status,
      final_status: call.outcome.finalStatus,
      duration: Math.floor((end - start) / 1000),
      caller_number: call.loginDid,
      called_number: call.phone,
      start_time: start.toISOString(),
      answer_time: answer ? answer.toISOString() : null,
      end_time: end.toISOString(),
    };
  }

  // --- control endpoints ------------------------------------------------------------

  function stats() {
    // A deep copy: callers may keep or mutate it without touching the live state.
    return structuredClone({ ...counters, requests });
  }

  /**
   * stats() for HTTP: no bearer token, ever. Each request's Authorization header is
   * replaced by whether it carried the accepted token (a wrong one may be someone's
   * real token), and the token is replaced wherever else it appears.
   */
  function publicStats() {
    const hide = (text) => (config.token ? String(text).split(config.token).join("[token]") : String(text));
    const { requests: kept, ...rest } = stats();
    return {
      ...rest,
      requests: kept.map((request) => {
        const headers = {};
        for (const [name, value] of Object.entries(request.headers)) {
          headers[name] = name === "authorization" ? "[redacted]" : hide(value);
        }
        return { ...request, path: hide(request.path), headers, body: hide(request.body), authorized: isAuthorized(request.headers.authorization) };
      }),
    };
  }

  function reset() {
    counters = { apiRequests: 0, calls: 0, webhookDeliveries: 0 };
    requests = [];
  }

  function publicConfig() {
    const { token, ...rest } = config; // the token never leaves over HTTP
    return rest;
  }

  function setConfig(partial) {
    Object.assign(config, normalizeConfigPatch(partial));
    return handle.config;
  }

  async function handleControl(req, res, path) {
    const body = await readBody(req);
    if (body === null) return;
    const route = `${req.method} ${path}`;
    if (route === `GET ${CONTROL_PREFIX}stats`) return sendJson(res, 200, publicStats());
    if (route === `POST ${CONTROL_PREFIX}reset`) {
      reset();
      say("control: reset");
      return sendJson(res, 200, publicStats());
    }
    if (route === `GET ${CONTROL_PREFIX}config`) return sendJson(res, 200, publicConfig());
    if (route === `POST ${CONTROL_PREFIX}config`) {
      let partial;
      try {
        partial = JSON.parse(body.text);
      } catch {
        return sendError(res, 400, "Request body must be JSON");
      }
      try {
        setConfig(partial);
      } catch (error) {
        return sendError(res, 400, error.message);
      }
      const shown = publicConfig();
      say(`control: config ${JSON.stringify({ ...shown, webhookUrl: shown.webhookUrl && redactUrl(shown.webhookUrl) })}`);
      return sendJson(res, 200, shown);
    }
    const known = ["stats", "reset", "config"].map((name) => CONTROL_PREFIX + name);
    if (known.includes(path)) return sendError(res, 405, "Method not allowed");
    return sendError(res, 404, "Not found");
  }

  // --- the server ----------------------------------------------------------------------

  async function route(req, res) {
    const path = req.url.split("?")[0];
    const isMalformed = path === MALFORMED_PREFIX + API_PATH;
    const isApi = path === API_PATH || isMalformed;
    const isControl = path.startsWith(CONTROL_PREFIX);
    if (req.method === "OPTIONS" && (isApi || isControl)) {
      // The preflight is not an API request: not counted, like the browser's own.
      req.resume();
      return sendPreflight(res, isApi ? "POST, OPTIONS" : "GET, POST, OPTIONS");
    }
    if (isApi) return handleApi(req, res, { malformed: isMalformed });
    if (isControl) return handleControl(req, res, path);
    req.resume();
    return sendError(res, 404, "Not found");
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((error) => {
      // A bug in the stand-in must not take down the test run.
      say(`stand-in internal error: ${error.stack ?? error}`);
      if (!res.headersSent) sendError(res, 500, "Internal server error");
      else res.destroy();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  // A client that resets its connection must not crash anything.
  server.on("clientError", (_error, socket) => socket.destroy());

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const boundPort = server.address().port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${boundPort}`;

  function close() {
    if (closing) return closing;
    closing = new Promise((resolve) => server.close(() => resolve()));
    // Cancel every pending wait (webhook delays, retries, held answers) ...
    for (const wait of [...waits]) wait.finish(false);
    // ... every webhook in flight ...
    for (const request of [...outgoing]) request.destroy(new Error("stand-in closed"));
    // ... and every incoming connection, including a digit-9 request still waiting.
    for (const socket of sockets) socket.destroy();
    return closing;
  }

  const handle = {
    url,
    port: boundPort,
    /** The current configuration, token included (in-process only; HTTP hides it). */
    get config() {
      return { host, port: boundPort, ...config };
    },
    stats,
    reset,
    setConfig,
    close,
  };
  return handle;
}

// --- validation helpers ---------------------------------------------------------------

/** Parse and check the API body. Returns { phoneNumber } or { error }. */
function parsePhoneNumber(text) {
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return { error: "Request body must be JSON" };
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return { error: "Request body must be a JSON object" };
  }
  const phone = body.phone_number;
  // docs/provider.md: digits only, country code first, no "+". 8–15 digits: E.164 allows at
  // most 15; shorter than 8 is no callable international number.
  if (typeof phone !== "string" || !/^[0-9]{8,15}$/.test(phone)) {
    return { error: "phone_number must be a string of 8 to 15 digits, country code first, no +" };
  }
  return { phoneNumber: phone };
}

/** Check a partial config; returns a clean copy or throws a TypeError saying what is wrong. */
function normalizeConfigPatch(partial) {
  if (partial === null || typeof partial !== "object" || Array.isArray(partial)) {
    throw new TypeError("config must be an object");
  }
  const clean = {};
  for (const [key, value] of Object.entries(partial)) {
    switch (key) {
      case "webhookUrl":
        if (value === null || value === "") {
          clean.webhookUrl = null;
        } else {
          if (!isHttpUrl(value)) throw new TypeError(`webhookUrl must be an http(s) URL or null, got ${JSON.stringify(value)}`);
          clean.webhookUrl = String(value);
        }
        break;
      case "webhookMethod": {
        const method = typeof value === "string" ? value.toUpperCase() : value;
        if (method !== "POST" && method !== "GET") {
          throw new TypeError(`webhookMethod must be "POST" or "GET", got ${JSON.stringify(value)}`);
        }
        clean.webhookMethod = method;
        break;
      }
      case "webhookDelayMs":
      case "slowMs":
        if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > MAX_TIMER_MS) {
          throw new TypeError(`${key} must be a number of milliseconds from 0 to ${MAX_TIMER_MS}, got ${JSON.stringify(value)}`);
        }
        clean[key] = value;
        break;
      case "token":
        if (typeof value !== "string" || !/^\S+$/.test(value)) {
          throw new TypeError("token must be a non-empty string without spaces");
        }
        clean.token = value;
        break;
      default:
        throw new TypeError(`unknown config key "${key}" (known: ${SETTABLE_KEYS.join(", ")})`);
    }
  }
  return clean;
}

function isHttpUrl(value) {
  try {
    const { protocol } = new URL(value);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

function normalizeAccountId(value) {
  const text = String(value);
  if (!/^[0-9]+$/.test(text)) throw new TypeError(`accountId must be digits, got ${JSON.stringify(value)}`);
  return text;
}

function randomDigits(count, { leadingZero = true } = {}) {
  let text = leadingZero ? "" : String(randomInt(1, 10));
  while (text.length < count) text += String(randomInt(0, 10));
  return text;
}

/**
 * A webhook URL for logs: its origin only. Its path and query may hold a secret (the
 * reference Worker's path does), or a near miss of one; neither is ever printed.
 */
function redactUrl(text) {
  const url = new URL(text);
  return url.pathname === "/" && url.search === "" ? url.origin : `${url.origin}/…`;
}

function deepFreeze(value) {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

// --- CLI --------------------------------------------------------------------------------

const USAGE = `usage: kompaas-stand-in [options]     (in the repository: node stand-in/stand-in.mjs)

  --host HOST              address to bind (default 127.0.0.1)        env STAND_IN_HOST
  --port PORT              port, 0 = any free one (default 8788)      env STAND_IN_PORT
  --token TOKEN            accepted bearer token (default test-token) env STAND_IN_TOKEN
  --account-id ID          account number in uuids (default 117793)   env STAND_IN_ACCOUNT_ID
  --webhook-url URL        where CDRs go (default: no webhook)        env STAND_IN_WEBHOOK_URL
  --webhook-method M       POST (JSON body) or GET (query params)     env STAND_IN_WEBHOOK_METHOD
  --webhook-delay-ms MS    pause before the webhook (default 2000)    env STAND_IN_WEBHOOK_DELAY_MS
  --slow-ms MS             digit-9 answer delay (default 30000)       env STAND_IN_SLOW_MS
  --quiet                  no log lines, only the "listening" line    env STAND_IN_QUIET=1
  --help                   this text and the digit table

The outcome of a call is chosen by the last digit of phone_number:`;

async function main(argv, env) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: "string" },
        port: { type: "string" },
        token: { type: "string" },
        "account-id": { type: "string" },
        "webhook-url": { type: "string" },
        "webhook-method": { type: "string" },
        "webhook-delay-ms": { type: "string" },
        "slow-ms": { type: "string" },
        quiet: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    console.error(`stand-in: ${error.message}\n\n${USAGE}\n\n${formatDigitTable()}`);
    return 2;
  }
  if (values.help) {
    console.log(`${USAGE}\n\n${formatDigitTable()}`);
    return 0;
  }

  // A flag wins over its environment variable; undefined means "use the default".
  const setting = (flag, envName) => values[flag] ?? (env[envName] || undefined);
  const number = (flag, envName) => {
    const text = setting(flag, envName);
    if (text === undefined) return undefined;
    if (!/^[0-9]+$/.test(text)) throw new TypeError(`--${flag} must be a whole number, got ${JSON.stringify(text)}`);
    return Number(text);
  };

  const quiet = values.quiet || /^(1|true|yes)$/i.test(env.STAND_IN_QUIET ?? "");
  let standIn;
  try {
    const options = {
      host: setting("host", "STAND_IN_HOST"),
      port: number("port", "STAND_IN_PORT") ?? 8788,
      token: setting("token", "STAND_IN_TOKEN"),
      accountId: setting("account-id", "STAND_IN_ACCOUNT_ID"),
      webhookUrl: setting("webhook-url", "STAND_IN_WEBHOOK_URL"),
      webhookMethod: setting("webhook-method", "STAND_IN_WEBHOOK_METHOD"),
      webhookDelayMs: number("webhook-delay-ms", "STAND_IN_WEBHOOK_DELAY_MS"),
      slowMs: number("slow-ms", "STAND_IN_SLOW_MS"),
      log: !quiet,
    };
    standIn = await startStandIn(options);
  } catch (error) {
    console.error(`stand-in: ${error.message}`);
    return 1;
  }
  // Tests and scripts wait for exactly this line.
  console.log(`stand-in listening on ${standIn.url}`);

  // On a signal: cancel everything and let the event loop run dry, so the process
  // exits by itself (a second signal kills it the default way).
  const stop = (signal) => {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    standIn.close().then(() => {
      if (!quiet) console.log(`stand-in stopped (${signal})`);
    });
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  return 0;
}

function isExecutedDirectly() {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isExecutedDirectly()) {
  process.exitCode = await main(process.argv.slice(2), process.env);
}
