// The 22 argument positions of the eight exported functions, each with how to call the
// function with a generated value there (every other argument valid), what a normal
// return looks like, and the position's own near-valid values.
//
//  1 normalizePhoneNumber(input)
//  2 buildConfirmationCallRequest(options)      3–5 … options.token / .phoneNumber / .baseUrl
//  6 parseConfirmationCallResponse(body)         7 … (validBody, httpStatus)
//  8 splitVerificationCallUuid(uuid)
//  9 interpretCallStatus(q931Status)            10 … finalStatus   11 … options ({ locale })
// 12 parseCallWebhook(payload)                  13 … options ({ locale })
// 14 isConfirmationCallError(value)
// 15 confirmationCall(options)                  16–21 … options.token / .phoneNumber /
//    .baseUrl / .timeoutMs / .signal / .fetch   22 … what the fetch resolves to
//
// confirmationCall is always given a fake fetch (and the fuzz child replaces the global
// fetch too), and a baseUrl on 127.0.0.1 wherever the baseUrl is not the fuzzed value:
// nothing here touches the network.
import fc from "fast-check";
import {
  input, okFetch, VALID_WEBHOOK, manyFieldForm, stringOf, VISIBLE_ASCII, signalArb, fetchArb, settlingFetchArb,
  responseArb, anythingArb, hostileArb, stringArb,
} from "./arbitraries.mjs";
import { expect } from "./harness.mjs";

const PHONE = "+421 222 202 999";
const TOKEN = "fuzz-token";
const BASE_URL = "http://127.0.0.1:9";
const VALID_BODY = '{"status":"success","code":200,"object":{"login_did":"7777777777","code":"2463","verification_call_uuid":"119214e015ed_117793","account_id":"117793"}}';

const text = (label, arb) => arb.map((value) => input(label, () => value));
const DIGITS = "0123456789".split("");

// ---------------------------------------------------------------------------------------
// Near-valid values, per kind of argument

const phoneNear = fc.oneof(
  text("phone-chars", stringOf([...DIGITS, ...DIGITS, "+", " ", "-", ".", "/", "(", ")", "\u00a0", "\u2011", "\u2013", "\u200e", "\u200f", "a", "\u0663", "\uff11", "0"], { maxLength: 24 })),
  text("phone-plus-digits", fc.tuple(fc.constantFrom("+", "00", "", "+0", "++"), stringOf(DIGITS, { minLength: 0, maxLength: 20 })).map(([p, d]) => p + d)),
  text("phone-long", fc.integer({ min: 16, max: 4096 }).map((n) => `+${"4".repeat(n)}`)),
);

const tokenNear = fc.oneof(
  text("token-visible-ascii", stringOf(VISIBLE_ASCII, { minLength: 1, maxLength: 600 })),
  text("token-with-space-or-controls", stringOf([...VISIBLE_ASCII.slice(0, 20), " ", "\r", "\n", "\t", "\u0000", "\u007f", "é", "\u2028"], { minLength: 1, maxLength: 40 })),
  text("token-long", fc.integer({ min: 600, max: 100_000 }).map((n) => "t".repeat(n))),
);

const baseUrlNear = fc.oneof(
  text("url-web", fc.webUrl({ withQueryParameters: true, withFragments: true })),
  text("url-named", fc.constantFrom(
    "http://127.0.0.1:9", "http://127.0.0.1:9/", "http://localhost:9", "http://[::1]:9", "https://127.0.0.1:9",
    "http://127.1:9", "http://0x7f.0.0.1:9", "http://2130706433:9", "http://127.0.0.1.nip.io", "http://localhost.evil",
    "http://[::ffff:127.0.0.1]:9", "https://user:pass@127.0.0.1:9", "javascript:alert(1)", "file:///etc/passwd",
    "data:text/plain,x", "http://", "https://", "//127.0.0.1", "127.0.0.1:9", "http://127.0.0.1:99999",
    "http://127.0.0.1:9/path?query#fragment", "HTTP://127.0.0.1:9", " http://127.0.0.1:9 ", "http://127.0.0.1:9\r\nX: y",
    "http://xn--nxasmq6b.com", "https://é.example", "https://paidmethods.kompaas.tech", "https://paidmethods.kompaas.tech/..",
  )),
  text("url-long", fc.integer({ min: 100, max: 300_000 }).map((n) => `http://127.0.0.1:9/${"p".repeat(n)}`)),
);

const uuidNear = fc.oneof(
  text("uuid-chars", stringOf(["a", "f", "0", "9", "_", "_", "-", " ", "\u0000", "é", "Z"], { maxLength: 40 })),
  text("uuid-shaped", fc.tuple(stringOf(DIGITS.concat(["a", "b", "e", "f"]), { maxLength: 20 }), fc.constantFrom("_", "__", "___", "-", ""), stringOf(DIGITS, { maxLength: 12 })).map(([a, s, b]) => a + s + b)),
  text("uuid-long", fc.integer({ min: 100, max: 100_000 }).map((n) => `${"a".repeat(n)}_1`)),
);

const jsonFieldValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string({ unit: "binary" }), fc.integer(), fc.constant(null));

const bodyNear = fc.oneof(
  text("body-valid", fc.constant(VALID_BODY)),
  text("body-json", fc.json({ maxDepth: 3 })),
  text("body-shaped", fc.record({
    status: fc.oneof(fc.constantFrom("success", "error", "SUCCESS", "ok", true, false, null), jsonFieldValue),
    code: jsonFieldValue,
    message: jsonFieldValue,
    error: fc.oneof(jsonFieldValue, fc.record({ message: jsonFieldValue })),
    Ok: fc.oneof(fc.boolean(), jsonFieldValue),
    verification_call_uuid: fc.oneof(fc.constant("119214e015ed_117793"), jsonFieldValue),
    object: fc.record({ verification_call_uuid: fc.oneof(fc.constant("119214e015ed_117793"), jsonFieldValue), login_did: jsonFieldValue, code: jsonFieldValue, account_id: jsonFieldValue }, { requiredKeys: [] }),
  }, { requiredKeys: [] }).map((o) => JSON.stringify(o))),
  text("body-text-odd", fc.constantFrom("", " ", "\ufeff", "\ufeff\ufeff{}", "null", "[]", "1e400", "-0", "NaN", '{"a":1,}', '{"a":"\\ud800"}', '{"a":"\\u0000"}', '{"a":1}{"b":2}', '{"status":"success","object":{"verification_call_uuid":"a_1"},"status":"error"}', '"\\"', "{", "}".repeat(1000))),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => input("body-bytes", () => bytes)),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => input("body-arraybuffer", () => bytes.slice().buffer)),
  fc.json({ maxDepth: 3 }).map((json) => input("body-parsed-object", () => JSON.parse(json))),
);

const httpStatusNear = fc.oneof(
  text("status-integer", fc.integer({ min: -1000, max: 1000 })),
  text("status-double", fc.double()),
  text("status-named", fc.constantFrom(200, 201, 204, 299, 300, 302, 400, 401, 403, 404, 429, 499, 500, 503, 599, 600, 99, 100, 0, -0, NaN, Infinity, 2 ** 53, 200.5, "200", null, undefined, true)),
  fc.constantFrom(200n, new Number(200), new String("200")).map((value) => input("status-boxed-or-bigint", () => value)),
);

const q931Near = fc.oneof(
  text("q931-integer", fc.integer({ min: -10, max: 300 })),
  text("q931-double", fc.double()),
  text("q931-digits", stringOf([...DIGITS, " ", "+", "-", ".", "e", "x", "\u0000", "\u0661"], { maxLength: 12 })),
  text("q931-named", fc.constantFrom(16, 17, 31, 41, 0, 127, 128, -0, NaN, 16.0000001, "16", " 16 ", "016", "0x10", "1e1", "16n", "", "+16")),
  text("q931-long-digits", fc.integer({ min: 20, max: 300_000 }).map((n) => "1".repeat(n))),
);

const finalStatusNear = fc.oneof(
  text("final-named", fc.constantFrom("ANSWER", "answer", "CANCEL", "NO ANSWER", "BUSY", "", " ", "ANSWER\u0000", "ANSWER\n", "Answer ", "\u0130NSWER", null, undefined)),
  text("final-chars", stringOf(["A", "N", "S", "W", "E", "R", " ", "_", "\u0000", "é", "\u212a"], { maxLength: 40 })),
  text("final-long", fc.integer({ min: 50, max: 300_000 }).map((n) => "A".repeat(n))),
);

const localeValue = fc.oneof(
  text("locale-named", fc.constantFrom("sk", "en", "SK", "sk-SK", "sk_SK", "cs", "", " sk", "sk\u0000", null, undefined, "x".repeat(10_000))),
  anythingArb,
  hostileArb,
  stringArb,
);
const localeOptionsNear = fc.oneof(
  localeValue.map((locale) => input(`{locale:${locale.label}}`, () => ({ locale: locale.make() }))),
  localeValue.map((locale) => input(`getter-locale:${locale.label}`, () => ({ get locale() { return locale.make(); } }))),
);

const webhookField = fc.oneof(
  { weight: 3, arbitrary: jsonFieldValue },
  { weight: 1, arbitrary: fc.constantFrom("119214e015ed_117793", 16, "16", "ANSWER", 17, "CANCEL") },
);
const webhookRecord = fc.record({
  verification_call_uuid: fc.oneof(fc.constant("119214e015ed_117793"), webhookField),
  q931_status: fc.oneof(fc.constantFrom(16, 17, "31", 41), webhookField),
  final_status: fc.oneof(fc.constantFrom("ANSWER", "CANCEL"), webhookField),
  extra: webhookField,
}, { requiredKeys: [] });
/** A field's value as form text; JSON for what is not a string (String() of a
 * null-prototype object throws). */
const asText = (value) => (typeof value === "string" ? value : JSON.stringify(value) ?? "");
const asForm = (record) => new URLSearchParams(Object.entries(record).map(([key, value]) => [key, asText(value)]));
const formPart = fc.oneof(
  fc.constantFrom("verification_call_uuid=119214e015ed_117793", "q931_status=16", "final_status=ANSWER", "&", "=", "%", "%zz", "%ff", "%c3", "%00", "+", "a=b=c", "q931_status=", "verification_call_uuid"),
  stringOf(["a", "_", "=", "&", "%", "2", "f", "+", ";", "?", "#", "é", "\u0000"], { maxLength: 12 }),
);

const payloadNear = fc.oneof(
  webhookRecord.map((o) => input("webhook-json-text", () => JSON.stringify(o))),
  webhookRecord.map((o) => input("webhook-object", () => ({ ...o }))),
  webhookRecord.map((o) => input("webhook-form-text", () => asForm(o).toString())),
  webhookRecord.map((o) => input("webhook-urlsearchparams", () => asForm(o))),
  webhookRecord.map((o) => input("webhook-formdata", () => {
    const form = new FormData();
    for (const [k, v] of Object.entries(o)) form.append(k, asText(v));
    return form;
  })),
  webhookRecord.map((o) => input("webhook-url", () => new URL(`http://127.0.0.1:9/hook?${asForm(o)}`))),
  webhookRecord.map((o) => input("webhook-path", () => `/hook?${asForm(o)}`)),
  webhookRecord.map((o) => input("webhook-bytes", () => Buffer.from(JSON.stringify(o)))),
  fc.array(formPart, { maxLength: 20 }).map((parts) => input("webhook-form-fuzz", () => parts.join("&"))),
  // Class 3's shape at sizes that stay quick even when parsing is quadratic; the full
  // 255 KiB case is a named test of its own (hostile.test.mjs).
  fc.integer({ min: 1, max: 12 }).map((kib) => input("webhook-many-empty-fields", () => manyFieldForm(kib * 1024))),
);

// ---------------------------------------------------------------------------------------
// Options objects built from per-field values

/** An options object whose fields come from `fields` (each an arbitrary of inputs). */
function optionsRecord(fields) {
  return fc.record(fields, { requiredKeys: [] }).map((chosen) => {
    const label = Object.entries(chosen)
      .filter(([, value]) => !value.label.startsWith("valid"))
      .map(([key, value]) => `${key}:${value.label}`)
      .join(",");
    return input(`{${label}}`.slice(0, 80), () => Object.fromEntries(Object.entries(chosen).map(([key, value]) => [key, value.make()])));
  });
}
const validOr = (label, value, arb) => fc.oneof({ weight: 3, arbitrary: fc.constant(input(`valid-${label}`, () => value)) }, { weight: 1, arbitrary: arb });
const anyValue = fc.oneof(anythingArb, hostileArb, stringArb);

const requestOptionsNear = optionsRecord({
  token: validOr("token", TOKEN, fc.oneof(tokenNear, anyValue)),
  phoneNumber: validOr("phone", PHONE, fc.oneof(phoneNear, anyValue)),
  baseUrl: validOr("baseUrl", BASE_URL, fc.oneof(baseUrlNear, anyValue)),
});

const timeoutNear = fc.oneof(
  text("timeout-number", fc.oneof(fc.double(), fc.integer({ min: -10, max: 2 ** 31 + 10 }))),
  text("timeout-named", fc.constantFrom(0, -0, 1, 0.5, 1e-300, 15000, 2 ** 31 - 1, 2 ** 31, NaN, Infinity, -1, "1000", null, undefined, true)),
  fc.constantFrom(1000n, new Number(1000)).map((value) => input("timeout-boxed-or-bigint", () => value)),
);

const callOptionsNear = optionsRecord({
  token: validOr("token", TOKEN, fc.oneof(tokenNear, anyValue)),
  phoneNumber: validOr("phone", PHONE, fc.oneof(phoneNear, anyValue)),
  baseUrl: validOr("baseUrl", BASE_URL, fc.oneof(baseUrlNear, anyValue)),
  timeoutMs: validOr("timeout", 200, fc.oneof(timeoutNear, anyValue)),
  signal: validOr("signal", undefined, fc.oneof(signalArb, anyValue)),
  fetch: fc.oneof({ weight: 3, arbitrary: fc.constant(input("valid-fetch", () => okFetch)) }, { weight: 1, arbitrary: settlingFetchArb }),
});

// ---------------------------------------------------------------------------------------
// The positions

const requestOptions = (field, value) => ({ token: TOKEN, phoneNumber: PHONE, baseUrl: BASE_URL, [field]: value });
const callOptions = (field, value, extra = {}) => ({ token: TOKEN, phoneNumber: PHONE, baseUrl: BASE_URL, timeoutMs: 200, fetch: okFetch, ...extra, [field]: value });

/**
 * Each position: `call(value)` calls the function with the value in that place; `async`
 * marks confirmationCall; `expect` says what a normal return is; `near` its own values.
 */
export const POSITIONS = [
  { name: "normalizePhoneNumber(input)", call: (api, v) => api.normalizePhoneNumber(v), expect: expect.string, near: phoneNear },
  { name: "buildConfirmationCallRequest(options)", call: (api, v) => api.buildConfirmationCallRequest(v), expect: expect.object, near: requestOptionsNear },
  { name: "buildConfirmationCallRequest(options.token)", call: (api, v) => api.buildConfirmationCallRequest(requestOptions("token", v)), expect: expect.object, near: tokenNear },
  { name: "buildConfirmationCallRequest(options.phoneNumber)", call: (api, v) => api.buildConfirmationCallRequest(requestOptions("phoneNumber", v)), expect: expect.object, near: phoneNear },
  { name: "buildConfirmationCallRequest(options.baseUrl)", call: (api, v) => api.buildConfirmationCallRequest(requestOptions("baseUrl", v)), expect: expect.object, near: baseUrlNear },
  { name: "parseConfirmationCallResponse(body)", call: (api, v) => api.parseConfirmationCallResponse(v), expect: expect.object, near: bodyNear },
  { name: "parseConfirmationCallResponse(body, httpStatus)", call: (api, v) => api.parseConfirmationCallResponse(VALID_BODY, v), expect: expect.object, near: httpStatusNear },
  { name: "splitVerificationCallUuid(uuid)", call: (api, v) => api.splitVerificationCallUuid(v), expect: expect.object, near: uuidNear },
  { name: "interpretCallStatus(q931Status)", call: (api, v) => api.interpretCallStatus(v, "ANSWER"), expect: expect.object, near: q931Near },
  { name: "interpretCallStatus(q931Status, finalStatus)", call: (api, v) => api.interpretCallStatus(16, v), expect: expect.object, near: finalStatusNear },
  { name: "interpretCallStatus(q931Status, finalStatus, options)", call: (api, v) => api.interpretCallStatus(16, "ANSWER", v), expect: expect.object, near: localeOptionsNear },
  { name: "parseCallWebhook(payload)", call: (api, v) => api.parseCallWebhook(v), expect: expect.object, near: payloadNear },
  { name: "parseCallWebhook(payload, options)", call: (api, v) => api.parseCallWebhook(VALID_WEBHOOK, v), expect: expect.object, near: localeOptionsNear },
  { name: "isConfirmationCallError(value)", call: (api, v) => api.isConfirmationCallError(v), expect: expect.boolean, near: hostileArb },
  { name: "confirmationCall(options)", async: true, call: (api, v) => api.confirmationCall(v), expect: expect.call, near: callOptionsNear },
  { name: "confirmationCall(options.token)", async: true, call: (api, v) => api.confirmationCall(callOptions("token", v)), expect: expect.call, near: tokenNear },
  { name: "confirmationCall(options.phoneNumber)", async: true, call: (api, v) => api.confirmationCall(callOptions("phoneNumber", v)), expect: expect.call, near: phoneNear },
  { name: "confirmationCall(options.baseUrl)", async: true, call: (api, v) => api.confirmationCall(callOptions("baseUrl", v)), expect: expect.call, near: baseUrlNear },
  { name: "confirmationCall(options.timeoutMs)", async: true, call: (api, v) => api.confirmationCall(callOptions("timeoutMs", v)), expect: expect.call, near: timeoutNear },
  { name: "confirmationCall(options.signal)", async: true, call: (api, v) => api.confirmationCall(callOptions("signal", v)), expect: expect.call, near: signalArb },
  { name: "confirmationCall(options.fetch)", async: true, call: (api, v) => api.confirmationCall(callOptions("fetch", v, { timeoutMs: 50 })), expect: expect.call, near: fetchArb },
  { name: "confirmationCall(what fetch resolves to)", async: true, call: (api, v) => api.confirmationCall(callOptions("fetch", async () => v, { timeoutMs: 50 })), expect: expect.call, near: responseArb },
];
