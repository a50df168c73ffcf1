// The tests' way to run `make demo`'s setup (www/demo-server.mjs) on free ports, with
// short webhook delays, plus small HTTP clients for the Worker's API.
//
// DEMO_TEST_VERBOSE=1 prints wrangler's and the stand-in's output (secrets replaced).

import { startDemo, freePort } from "../../www/demo-server.mjs";

export const WEBHOOK_DELAY_MS = 200;

/** startDemo() as `make demo` does it, but on free ports and with short delays. */
export async function startTestDemo({ vars = {}, slowMs = 5000, webhookDelayMs = WEBHOOK_DELAY_MS } = {}) {
  const verbose = /^(1|true|yes)$/i.test(process.env.DEMO_TEST_VERBOSE ?? "");
  return startDemo({
    port: await freePort(),
    standInPort: 0,
    webhookDelayMs,
    slowMs,
    vars,
    onOutput: verbose ? (line) => console.log(`    | ${line}`) : undefined,
  });
}

let sequence = 0;
/**
 * A Slovak-looking number no other test in this process uses, ending in `digit`: the
 * stand-in picks the call's outcome by the last digit (tests/provider/stand-in.mjs).
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

export function api(baseUrl) {
  const request = async (path, init = {}) => {
    const response = await fetch(`${baseUrl}${path}`, { redirect: "manual", ...init });
    const text = await response.text();
    let body = null;
    try {
      body = text === "" ? null : JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: response.status, headers: response.headers, body, text };
  };
  return {
    request,
    start: (phoneNumber, headers = {}) =>
      request("/api/verifications", {
        method: "POST",
        headers: { "Content-Type": "application/json", ...headers },
        body: JSON.stringify({ phoneNumber }),
      }),
    read: (id, query = "") => request(`/api/verifications/${encodeURIComponent(id)}${query}`),
    webhook: (secret, init) => request(`/webhooks/kompaas/${secret}`, init),
  };
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

/** Reads a verification until it is no longer pending. */
export function waitForOutcome(client, id, query = "") {
  return waitFor(
    async () => {
      const answer = await client.read(id, query);
      return answer.status === 200 && answer.body.status !== "pending" ? answer : null;
    },
    { what: `the outcome of ${id}` },
  );
}
