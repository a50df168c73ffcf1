// The tests' way to run `make demo`'s setup (www/demo-server.mjs) on free ports, with
// short webhook delays and a fresh state of their own, plus a small HTTP client for the
// Worker's API that keeps cookies like a browser.
//
// DEMO_TEST_VERBOSE=1 prints the Worker's and the stand-in's output (secrets replaced).

import assert from "node:assert/strict";
import http from "node:http";
import { after, before } from "node:test";

import { freePort, startDemo } from "../../www/demo-server.mjs";

const WEBHOOK_DELAY_MS = 200;

/** startDemo() as `make demo` does it, but on free ports, with short delays. */
export async function startTestDemo({ vars = {}, slowMs = 5000, webhookDelayMs = WEBHOOK_DELAY_MS, stateDir = null, webhookSecret } = {}) {
  const verbose = /^(1|true|yes)$/i.test(process.env.DEMO_TEST_VERBOSE ?? "");
  return startDemo({
    port: await freePort(),
    standInPort: 0,
    webhookDelayMs,
    slowMs,
    vars,
    stateDir,
    webhookSecret,
    onOutput: verbose ? (line) => console.log(`    | ${line}`) : undefined,
  });
}

/**
 * Starts a demo (startTestDemo(options)) before the tests of the file, or of the
 * describe() it is called in, and stops it after them:
 *
 *   const { demo, client } = useTestDemo({ vars: { CALLS_PER_HOUR: "5" } });
 *
 * `demo` stands for the started demo and `client` for an api() client of it (made when
 * first used), in tests and hooks; neither is usable while the file loads.
 */
export function useTestDemo(options) {
  let demo = null;
  let client = null;
  before(async () => {
    demo = await startTestDemo(options);
  });
  after(async () => {
    await demo?.stop();
  });
  const started = () => {
    if (!demo) throw new Error("the demo is not started yet: use it in a test or a hook");
    return demo;
  };
  return { demo: forwardingTo(started), client: forwardingTo(() => (client ??= api(started().url))) };
}

/** An object whose every property is read from `target()` (methods bound to it). */
function forwardingTo(target) {
  return new Proxy(
    {},
    {
      get(_, key) {
        const object = target();
        const value = Reflect.get(object, key);
        return typeof value === "function" ? value.bind(object) : value;
      },
    },
  );
}

let sequence = 0;
/**
 * A Slovak mobile number no other test in this process uses, ending in `digit`: the
 * stand-in picks the call's outcome by the last digit (stand-in/stand-in.mjs).
 * Formatted as a person types it; the Worker normalises it.
 */
export function numberEndingIn(digit) {
  sequence += 1;
  const middle = String((process.pid * 1000 + sequence) % 10_000_000).padStart(7, "0");
  return `+421 9${middle.slice(0, 2)} ${middle.slice(2, 5)} ${middle.slice(5)}${digit}`;
}

/** The digits the provider receives for a number from numberEndingIn(). */
export function digitsOf(phone) {
  return phone.replace(/\D/g, "");
}

/**
 * One client of the API, as a browser is one: it keeps the cookies the Worker sets and
 * sends them back, over connections of its own (a pool no other client shares, closed
 * by close(), so one test's idle connections never meet another's burst). `headers` go
 * with every request (CF-Connecting-IP plays the address).
 */
export function api(baseUrl, { headers: common = {} } = {}) {
  const cookies = new Map();
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const request = async (path, init = {}) => {
    const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const headers = { ...common, ...(cookie ? { Cookie: cookie } : {}), ...(init.headers ?? {}) };
    const response = await send(new URL(path, baseUrl), { method: init.method ?? "GET", headers, body: init.body }, agent);
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair.indexOf("=");
      cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    let body = null;
    try {
      body = response.text === "" ? null : JSON.parse(response.text);
    } catch {
      body = response.text;
    }
    return { status: response.status, headers: response.headers, body, text: response.text };
  };
  return {
    request,
    cookies,
    start: (phoneNumber, headers = {}) =>
      request("/api/verifications", {
        method: "POST",
        headers: { "Content-Type": "application/json", ...headers },
        body: JSON.stringify({ phoneNumber }),
      }),
    read: (id, headers = {}) => request(`/api/verifications/${encodeURIComponent(id)}`, { headers }),
    webhook: (secret, init) => request(`/webhooks/kompaas/${secret}`, init),
    close: () => agent.destroy(),
  };
}

/** A POST of the JSON `text`, as client.request() and client.webhook() take it. */
export function jsonPost(text) {
  return { method: "POST", headers: { "Content-Type": "application/json" }, body: text };
}

/** A POST of the provider's call record `fields` as JSON, for client.webhook(). */
export function cdr(fields) {
  return jsonPost(JSON.stringify(fields));
}

/**
 * One HTTP request over `agent`: the body a string, or a web ReadableStream (sent
 * chunked). Resolves { status, headers: Headers, text }; rejects on a network error
 * with `cause.code` (ECONNRESET, ...), as fetch does.
 */
export function send(url, { method = "GET", headers = {}, body }, agent) {
  return new Promise((resolve, reject) => {
    const fail = (error) => reject(Object.assign(new Error(`${method} ${url.pathname}: ${error.message}`), { cause: error }));
    const outgoing = typeof body === "string" ? { ...headers, "Content-Length": Buffer.byteLength(body) } : headers;
    const req = http.request(url, { method, headers: outgoing, agent }, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("error", fail);
      res.on("end", () => {
        const answerHeaders = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) answerHeaders.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
        resolve({ status: res.statusCode, headers: answerHeaders, text: Buffer.concat(chunks).toString("utf8") });
      });
    });
    req.on("error", fail);
    if (body === undefined || body === null || typeof body === "string") {
      req.end(body ?? undefined);
      return;
    }
    (async () => {
      for await (const chunk of body) req.write(chunk);
      req.end();
    })().catch(fail);
  });
}

/** POSTs `phone` from `client` and returns the 202 answer's id. */
export async function started(client, phone) {
  const answer = await client.start(phone);
  assert.equal(answer.status, 202, answer.text);
  return answer.body.id;
}

/** Polls `check` until it returns something truthy; fails after `timeoutMs`. */
export async function waitFor(check, { timeoutMs = 8000, intervalMs = 50, what = "condition" } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Reads a verification until it has ended (final: true). */
export function waitForFinal(client, id, { timeoutMs = 8000 } = {}) {
  return waitFor(
    async () => {
      const answer = await client.read(id);
      return answer.status === 200 && answer.body.final ? answer : null;
    },
    { what: `the end of ${id}`, timeoutMs },
  );
}

/** Reads a verification until its status is `status`. */
export function waitForStatus(client, id, status, { timeoutMs = 8000 } = {}) {
  return waitFor(
    async () => {
      const answer = await client.read(id);
      return answer.status === 200 && answer.body.status === status ? answer : null;
    },
    { what: `${id} to be ${status}`, timeoutMs },
  );
}

/**
 * The provider's uuid of a call to `phone`, from the stand-in's log line: the API never
 * tells it (only the operator's logs and the provider know it).
 */
export function uuidOfCallTo(demo, phone) {
  const line = demo
    .output()
    .split("\n")
    .find((each) => each.includes(`phone=${digitsOf(phone)} -> 200`) && each.includes("uuid="));
  return line ? /uuid=([0-9a-f]+_\d+)/.exec(line)[1] : null;
}

/**
 * Runs `fn` with the stand-in's settings `patch` (setConfig), then gives back the values
 * they replaced, whatever `fn` did; resolves what `fn` resolves.
 */
export async function withStandInConfig(demo, patch, fn) {
  const saved = Object.fromEntries(Object.keys(patch).map((key) => [key, demo.standIn.config[key]]));
  demo.standIn.setConfig(patch);
  try {
    return await fn();
  } finally {
    demo.standIn.setConfig(saved);
  }
}

/**
 * Starts a verification of `phone` whose call gets no webhook from the stand-in, and
 * waits until it is pending: the test delivers (or withholds) the webhook itself.
 * Resolves { id, uuid, pending }: the verification's id, the provider's uuid of the
 * call, and the pending read.
 */
export function startWithoutWebhook(demo, client, phone = numberEndingIn(0)) {
  return withStandInConfig(demo, { webhookUrl: null }, async () => {
    const answer = await client.start(phone);
    assert.equal(answer.status, 202, answer.text);
    const pending = await waitForStatus(client, answer.body.id, "pending");
    return { id: answer.body.id, uuid: uuidOfCallTo(demo, phone), pending };
  });
}

/**
 * The stand-in's stats() after `ms` more: for a "no provider call" check, time for a
 * call queued by mistake to arrive (the Worker places calls from a Durable Object's
 * alarm, after its answer).
 */
export async function settledStats(demo, ms = 300) {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return demo.standIn.stats();
}

/** Counts the answers' statuses: { 202: 1, 429: 999 }. */
export function statusCounts(answers) {
  const counts = {};
  for (const answer of answers) counts[answer.status] = (counts[answer.status] ?? 0) + 1;
  return counts;
}
