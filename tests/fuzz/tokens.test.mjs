// Class 6: the token is hidden in every field of every error of confirmationCall, in every
// path. Random tokens of 1–512 visible ASCII characters (often with `"` and `\`, which
// JSON escapes), a fake fetch whose answer echoes the token in one place per test, and a
// leak check over error.message, status, providerCode, String(error),
// JSON.stringify(error), the stack's first line, every other own string property, and
// `cause` (allowed to hold the token only when it is not enumerable).
//
// How a leak is seen, even for a one-character token: the provider echoes the token
// between « and » (which no token can contain), so wherever the echo survives in an
// error, « must be followed by "[token]" (the documented replacement), not by the token
// or its JSON-escaped forms. Tokens of 16 characters or more must also appear nowhere,
// and are echoed bare as well (a whole `status` or `verification_call_uuid`).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { confirmationCall } from "kompaas-confirmation-call";
import { SEED, contractViolation, safeGet } from "./harness.mjs";
import { VISIBLE_ASCII } from "./arbitraries.mjs";

const RUNS = Number(process.env.FUZZ_TOKEN_RUNS ?? 500);
const OPEN = "\u00ab";
const CLOSE = "\u00bb";
const echo = (token) => `${OPEN}${token}${CLOSE}`;

/** Tokens of 1–512 visible ASCII characters; `"` and `\` come often. */
const tokenChar = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...VISIBLE_ASCII) }, { weight: 2, arbitrary: fc.constantFrom('"', "\\") });
const tokenOfLength = (min, max) => fc.integer({ min, max }).chain((n) => fc.array(tokenChar, { minLength: n, maxLength: n }).map((chars) => chars.join("")));
const anyToken = fc.oneof(tokenOfLength(1, 15), tokenOfLength(16, 512));
const longToken = tokenOfLength(16, 512);

/** The forms in which a token could show: as it is, JSON-escaped once, and twice. */
function tokenForms(token) {
  const once = JSON.stringify(token).slice(1, -1);
  const twice = JSON.stringify(once).slice(1, -1);
  return [...new Set([token, once, twice])];
}

/** Where `text` shows the token: after a « not followed by [token], or (long tokens) anywhere. */
function leaksIn(text, token) {
  if (typeof text !== "string") return [];
  const found = [];
  const forms = tokenForms(token);
  for (let at = text.indexOf(OPEN); at >= 0; at = text.indexOf(OPEN, at + 1)) {
    const rest = text.slice(at + 1);
    if (rest.startsWith("[token]")) continue;
    if (forms.some((form) => rest.startsWith(form.slice(0, Math.min(form.length, 3))))) {
      found.push(`«${rest.slice(0, 40)}…`);
    }
  }
  if (token.length >= 16) {
    for (const form of forms) {
      const at = text.indexOf(form);
      if (at >= 0) found.push(`…${text.slice(Math.max(0, at - 20), at + 40)}…`);
    }
  }
  return found;
}

const tryString = (fn) => {
  try {
    const value = fn();
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
};

/** Every place of the error where the token shows, as "field: excerpt". */
function tokenLeaks(error, token) {
  const fields = {
    message: safeGet(error, "message"),
    status: String(safeGet(error, "status")),
    providerCode: safeGet(error, "providerCode"),
    "String(error)": tryString(() => String(error)),
    "JSON.stringify(error)": tryString(() => JSON.stringify(error)),
    "stack, first line": tryString(() => error.stack.split("\n")[0]),
  };
  for (const key of Object.getOwnPropertyNames(error)) {
    if (!["stack", "cause", "message"].includes(key) && typeof error[key] === "string") fields[`error.${key}`] = error[key];
  }
  if (Object.hasOwn(error, "cause")) {
    const descriptor = Object.getOwnPropertyDescriptor(error, "cause");
    if (descriptor.enumerable) {
      const cause = error.cause;
      fields["cause (enumerable): JSON"] = tryString(() => JSON.stringify(cause));
      fields["cause (enumerable): String"] = tryString(() => String(cause));
      fields["cause (enumerable): message"] = tryString(() => cause.message);
      fields["cause (enumerable): cause.message"] = tryString(() => cause.cause.message);
      fields["cause (enumerable): cause.code"] = tryString(() => cause.cause.code);
    }
  }
  return Object.entries(fields).flatMap(([field, text]) => leaksIn(text, token).map((excerpt) => `${field}: ${excerpt}`));
}

const json = (status, body) => async () => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** Each path of confirmationCall where foreign text can repeat the token. */
const SCENARIOS = {
  "status echoes the token (HTTP 200)": (t) => ({ fetch: json(200, { status: echo(t) }) }),
  "status echoes the token (HTTP 500)": (t) => ({ fetch: json(500, { status: echo(t), message: echo(t) }) }),
  "message echoes the token (HTTP 401)": (t) => ({ fetch: json(401, { message: `Invalid token Bearer ${echo(t)}` }) }),
  "message echoes the token (status error)": (t) => ({ fetch: json(200, { status: "error", message: echo(t) }) }),
  "code echoes the token (status error)": (t) => ({ fetch: json(200, { status: "error", code: echo(t) }) }),
  "code echoes the token (HTTP 403)": (t) => ({ fetch: json(403, { code: echo(t) }) }),
  "verification_call_uuid echoes the token (example shape)": (t) => ({ fetch: json(200, { status: "success", object: { verification_call_uuid: echo(t) } }) }),
  "verification_call_uuid echoes the token (prose shape)": (t) => ({ fetch: json(200, { Ok: true, verification_call_uuid: echo(t) }) }),
  "error.message echoes the token (HTTP 400)": (t) => ({ fetch: json(400, { error: { message: echo(t) } }) }),
  "error, detail and description echo the token (HTTP 429)": (t) => ({ fetch: json(429, { error: echo(t), detail: echo(t), description: echo(t) }) }),
  "a body that is not JSON echoes the token": (t) => ({ fetch: async () => new Response(`bad token ${echo(t)}`, { status: 200 }) }),
  "fetch rejects with an Error whose message and cause hold the token": (t) => ({
    fetch: async () => {
      throw new TypeError(`fetch failed for ${echo(t)}`, { cause: new Error(`connect ${echo(t)}`) });
    },
  }),
  "fetch rejects with an Error whose cause.code holds the token": (t) => ({
    fetch: async () => {
      throw new TypeError("fetch failed", { cause: { code: echo(t) } });
    },
  }),
  "fetch rejects with a string holding the token": (t) => ({ fetch: () => Promise.reject(`rejected ${echo(t)}`) }),
  "fetch rejects with a plain object holding the token": (t) => ({ fetch: () => Promise.reject({ message: echo(t), token: echo(t) }) }),
  "fetch throws synchronously with the token": (t) => ({
    fetch: () => {
      throw new Error(echo(t));
    },
  }),
  "response.text() rejects with the token": (t) => ({ fetch: async () => ({ status: 200, text: () => Promise.reject(new Error(echo(t))) }) }),
  "the signal's abort reason holds the token (already aborted)": (t) => ({ fetch: json(200, {}), signal: AbortSignal.abort(echo(t)) }),
  "the signal's abort reason holds the token (aborted while waiting)": (t) => {
    const controller = new AbortController();
    return {
      signal: controller.signal,
      fetch: () => {
        queueMicrotask(() => controller.abort({ reason: echo(t) }));
        return new Promise(() => {});
      },
    };
  },
};

/** The same echoes, with the bare token as the whole field (tokens of 16+ characters). */
const BARE_SCENARIOS = {
  "status is the bare token": (t) => ({ fetch: json(200, { status: t }) }),
  "verification_call_uuid is the bare token": (t) => ({ fetch: json(200, { status: "success", object: { verification_call_uuid: t } }) }),
  "message is the bare token (HTTP 401)": (t) => ({ fetch: json(401, { message: t }) }),
  "code is the bare token (status error)": (t) => ({ fetch: json(200, { status: "error", code: t }) }),
  "fetch rejects with the bare token": (t) => ({ fetch: () => Promise.reject(t) }),
};

async function errorOf(token, scenario) {
  const options = { token, phoneNumber: "+421 222 202 999", baseUrl: "http://127.0.0.1:9", timeoutMs: 2000, ...scenario(token) };
  try {
    await confirmationCall(options);
  } catch (error) {
    return error;
  }
  return null;
}

function property(scenario, tokens) {
  return fc.asyncProperty(tokens, async (token) => {
    const error = await errorOf(token, scenario);
    assert.ok(error !== null, "the call succeeded: the scenario tests nothing");
    assert.equal(contractViolation(error), null, contractViolation(error));
    const leaks = tokenLeaks(error, token);
    assert.deepEqual(leaks, [], `the token shows in the error:\n  ${leaks.join("\n  ")}`);
  });
}

describe(`class 6: the token never shows in an error (${RUNS} random tokens per path, seed ${SEED})`, () => {
  test("the leak check sees an unhidden token (check of the check)", () => {
    for (const token of ['a', '"', "\\", 'ab"c\\d', "x".repeat(40)]) {
      const error = new Error(`status "${echo(JSON.stringify(token).slice(1, -1))}"`);
      assert.notDeepEqual(tokenLeaks(error, token), [], token);
      const plain = Object.assign(new Error(`bad ${echo(token)}`), { cause: "c" });
      assert.notDeepEqual(tokenLeaks(plain, token), [], token);
      assert.deepEqual(tokenLeaks(new Error(`bad ${echo("[token]")}`), token), [], token);
    }
  });

  let index = 0;
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    const seed = SEED + 101 * index++;
    test(name, { timeout: 120_000 }, async () => {
      await fc.assert(property(scenario, anyToken), { seed, numRuns: RUNS });
    });
  }
  for (const [name, scenario] of Object.entries(BARE_SCENARIOS)) {
    const seed = SEED + 101 * index++;
    test(name, { timeout: 120_000 }, async () => {
      await fc.assert(property(scenario, longToken), { seed, numRuns: RUNS });
    });
  }
});
