// Contract tests of the built package (pkg/, imported by name) against docs/contract.md:
// every synchronous function, every error kind, and hostile inputs.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import * as api from "kompaas-confirmation-call";
import {
  buildConfirmationCallRequest,
  normalizePhoneNumber,
  parseConfirmationCallResponse,
  splitVerificationCallUuid,
  interpretCallStatus,
  parseCallWebhook,
  isConfirmationCallError,
} from "kompaas-confirmation-call";
import { ERROR_KINDS, PROSE_SHAPE, PROVIDER_CALLBACKS, PROVIDER_SUCCESS_TEXT, hostileValues, throwsKind } from "./fixtures.mjs";

describe("exports", () => {
  test("every function of the contract, and nothing else", () => {
    assert.deepEqual(Object.keys(api).sort(), [
      "buildConfirmationCallRequest",
      "confirmationCall",
      "describePhoneNumber",
      "interpretCallStatus",
      "isConfirmationCallError",
      "normalizePhoneNumber",
      "parseCallWebhook",
      "parseConfirmationCallResponse",
      "splitVerificationCallUuid",
    ]);
  });
});

describe("buildConfirmationCallRequest", () => {
  test("builds the provider's documented request", () => {
    const request = buildConfirmationCallRequest({ token: "tok.EN-123", phoneNumber: "+421 222 202 999" });
    assert.deepEqual(request, {
      url: "https://paidmethods.kompaas.tech/api/protected/api/auth/confirmationCall",
      method: "POST",
      headers: {
        accept: "application/json",
        "Content-Type": "application/json",
        Authorization: "Bearer tok.EN-123",
      },
      body: '{"phone_number":"421222202999"}',
    });
    assert.deepEqual(JSON.parse(request.body), { phone_number: "421222202999" });
    assert.equal(Object.getPrototypeOf(request), Object.prototype, "a plain object, not a wasm class");
  });

  test("the result can be handed to fetch as it is", () => {
    const request = buildConfirmationCallRequest({ token: "t", phoneNumber: "421222202999" });
    const built = new Request(request.url, request);
    assert.equal(built.method, "POST");
    assert.equal(built.headers.get("authorization"), "Bearer t");
    assert.equal(built.headers.get("content-type"), "application/json");
  });

  test("baseUrl with or without a trailing slash, https or loopback http", () => {
    for (const baseUrl of ["https://api.example.com", "https://api.example.com/", "http://127.0.0.1:8788", "http://localhost:8788/", "http://[::1]:8788"]) {
      const { url } = buildConfirmationCallRequest({ token: "t", phoneNumber: "421222202999", baseUrl });
      assert.equal(url, `${baseUrl.replace(/\/$/, "")}/api/protected/api/auth/confirmationCall`);
    }
  });

  test("invalid_base_url for plain http off loopback and for what is not a base URL", () => {
    for (const baseUrl of ["http://paidmethods.kompaas.tech", "http://192.168.1.10", "http://localhost.evil.com", "ftp://x.y", "not a url", "", "https://x.y?q=1", "https://user:pw@x.y", 5]) {
      throwsKind(() => buildConfirmationCallRequest({ token: "t", phoneNumber: "421222202999", baseUrl }), "invalid_base_url", /baseUrl/);
    }
  });

  test("invalid_token for empty tokens and tokens that could inject headers; never quoted", () => {
    for (const token of ["", "abc def", "abc\r\nX-Injected: 1", "abc\n", "tök", undefined, 42]) {
      const error = throwsKind(() => buildConfirmationCallRequest({ token, phoneNumber: "421222202999" }), "invalid_token", /token/);
      if (typeof token === "string" && token !== "") assert.ok(!error.message.includes(token.trim()), `message quotes the token: ${error.message}`);
    }
  });

  test("invalid_phone_number for a bad number", () => {
    throwsKind(() => buildConfirmationCallRequest({ token: "t", phoneNumber: "call me maybe" }), "invalid_phone_number", /phoneNumber/);
    throwsKind(() => buildConfirmationCallRequest({ token: "t", phoneNumber: 421222202999 }), "invalid_phone_number", /must be a string, got a number/);
  });
});

describe("normalizePhoneNumber", () => {
  test("accepts the written forms of the provider's example", () => {
    for (const input of ["421222202999", "+421222202999", "+421 222 202 999", "00421-222-202-999", "00421 222 202 999", "+421.222.202.999", "+421/222/202/999", "+421 (222) 202-999"]) {
      assert.equal(normalizePhoneNumber(input), "421222202999", input);
    }
  });

  test("the numbering plan decides the length, up to E.164's 15 digits", () => {
    assert.equal(normalizePhoneNumber("+683 7012"), "6837012");
    assert.equal(normalizePhoneNumber("+49 30 1234567890 1"), "493012345678901");
    throwsKind(() => normalizePhoneNumber("12345678"), "invalid_phone_number", /\+1 numbers starting with 2 have 10 digits after the country code; this one has 7/);
    throwsKind(() => normalizePhoneNumber("+999 1234 5678"), "invalid_phone_number", /no country uses the calling code \+999/);
    throwsKind(() => normalizePhoneNumber("+1234567890123456"), "invalid_phone_number", /16 digits/);
  });

  test("rejects letters, empty input, a leading 0 and stray characters", () => {
    for (const input of ["", "   ", "+421 222 ABC", "0905123456", "+0421222202999", "421#222202999", "421222202999 ext 5", "+421--222202999"]) {
      throwsKind(() => normalizePhoneNumber(input), "invalid_phone_number", /^phoneNumber/);
    }
  });
});

describe("parseConfirmationCallResponse", () => {
  const expected = {
    verificationCallUuid: "119214e015ed_117793",
    callId: "119214e015ed",
    accountId: "117793",
    loginDid: "7777777777",
    code: "2463",
  };

  test("reads the provider's example as text and as a parsed object", () => {
    assert.deepEqual(parseConfirmationCallResponse(PROVIDER_SUCCESS_TEXT, 200), expected);
    assert.deepEqual(parseConfirmationCallResponse(JSON.parse(PROVIDER_SUCCESS_TEXT)), expected);
  });

  test("reads the prose's Ok/caller_number shape", () => {
    assert.deepEqual(parseConfirmationCallResponse(PROSE_SHAPE, 200), {
      verificationCallUuid: "fa278be48dc2_117793",
      callId: "fa278be48dc2",
      accountId: "117793",
      loginDid: "421900123456",
      code: null,
    });
  });

  test("numbers where strings are documented come back as strings", () => {
    const body = { status: "success", code: 200, object: { login_did: 7777777777, code: 2463, account_id: 117793, verification_call_uuid: "119214e015ed_117793" } };
    assert.deepEqual(parseConfirmationCallResponse(body), expected);
    assert.equal(parseConfirmationCallResponse('{"status":"success","object":{"account_id":117793,"verification_call_uuid":"x_117793"}}').accountId, "117793");
  });

  test("a doubled separator in the uuid", () => {
    const result = parseConfirmationCallResponse({ status: "success", object: { verification_call_uuid: "119214e015ed__117793" } });
    assert.equal(result.callId, "119214e015ed");
    assert.equal(result.accountId, "117793");
  });

  test("HTTP status decides first: unauthorized, rate_limited, server_error, rejected", () => {
    const cases = [[401, "unauthorized"], [403, "unauthorized"], [429, "rate_limited"], [500, "server_error"], [502, "server_error"], [503, "server_error"], [400, "rejected"], [404, "rejected"], [409, "rejected"], [301, "rejected"]];
    for (const [status, kind] of cases) {
      const error = throwsKind(() => parseConfirmationCallResponse(PROVIDER_SUCCESS_TEXT, status), kind);
      assert.equal(error.status, status);
    }
  });

  test("HTTP errors carry the provider's code and message", () => {
    const error = throwsKind(
      () => parseConfirmationCallResponse({ status: "error", code: 401, message: "Invalid token" }, 401),
      "unauthorized",
      /HTTP 401.*Invalid token/,
    );
    assert.equal(error.status, 401);
    assert.equal(error.providerCode, "401");
    const bare = throwsKind(() => parseConfirmationCallResponse("<html>Bad gateway</html>", 502), "server_error");
    assert.equal(bare.providerCode, undefined);
    throwsKind(() => parseConfirmationCallResponse(null, 500), "server_error");
  });

  test("malformed_response for bodies that are not a JSON object", () => {
    for (const body of ["", "not json", "[1,2]", '"success"', "42", "null", "{", [], null, undefined, 42, true]) {
      throwsKind(() => parseConfirmationCallResponse(body, 200), "malformed_response");
    }
  });

  test("api_error when the body says failure, with providerCode", () => {
    const error = throwsKind(() => parseConfirmationCallResponse('{"status":"error","code":1001,"message":"Insufficient balance"}'), "api_error", /Insufficient balance/);
    assert.equal(error.providerCode, "1001");
    throwsKind(() => parseConfirmationCallResponse({ Ok: false }), "api_error");
    throwsKind(() => parseConfirmationCallResponse({ ok: false, verification_call_uuid: "a_1" }), "api_error");
  });

  test("malformed_response names a missing or unusable verification_call_uuid", () => {
    throwsKind(() => parseConfirmationCallResponse({ status: "success", code: 200, object: {} }), "malformed_response", /verification_call_uuid/);
    throwsKind(() => parseConfirmationCallResponse({ status: "success", object: { verification_call_uuid: 119214 } }), "malformed_response", /not a string/);
    throwsKind(() => parseConfirmationCallResponse({ status: "success", object: { verification_call_uuid: "no-separator" } }), "malformed_response", /verification_call_uuid/);
  });

  test("an httpStatus that is not one is refused", () => {
    for (const status of [0, 99, 600, 200.5, "200", NaN]) {
      throwsKind(() => parseConfirmationCallResponse(PROVIDER_SUCCESS_TEXT, status), "malformed_response", /httpStatus/);
    }
  });
});

describe("splitVerificationCallUuid", () => {
  test("splits the provider's examples", () => {
    assert.deepEqual(splitVerificationCallUuid("119214e015ed_117793"), { callId: "119214e015ed", accountId: "117793" });
    assert.deepEqual(splitVerificationCallUuid("fa278be48dc2_117793"), { callId: "fa278be48dc2", accountId: "117793" });
  });

  test("the last separator, a doubled one, surrounding white space", () => {
    assert.deepEqual(splitVerificationCallUuid("fa278be48dc2__117793"), { callId: "fa278be48dc2", accountId: "117793" });
    assert.deepEqual(splitVerificationCallUuid(" a_b_42\n"), { callId: "a_b", accountId: "42" });
  });

  test("invalid_uuid otherwise", () => {
    for (const uuid of ["", "abc", "_117793", "abc_", "abc_12x", "abc_-1", 42, null, undefined]) {
      throwsKind(() => splitVerificationCallUuid(uuid), "invalid_uuid");
    }
  });
});

describe("interpretCallStatus", () => {
  test("the provider's table", () => {
    for (const { q931_status, final_status, outcome } of PROVIDER_CALLBACKS) {
      const status = interpretCallStatus(q931_status, final_status);
      assert.equal(status.outcome, outcome, `${q931_status} ${final_status}`);
      assert.equal(status.confirmed, outcome === "answered");
    }
    assert.equal(interpretCallStatus(16).outcome, "no_answer");
    assert.equal(interpretCallStatus(16, null).outcome, "no_answer");
    assert.equal(interpretCallStatus(17, "ANSWER").outcome, "busy");
  });

  test("every other cause value is unreachable", () => {
    for (let cause = 0; cause <= 127; cause += 1) {
      if ([16, 17, 31, 41].includes(cause)) continue;
      assert.equal(interpretCallStatus(cause, "ANSWER").outcome, "unreachable", String(cause));
    }
  });

  test("the full result, with the Q.850 name and both locales", () => {
    assert.deepEqual(interpretCallStatus(17, "cancel"), {
      outcome: "busy",
      confirmed: false,
      q931Status: 17,
      finalStatus: "CANCEL",
      cause: "user busy",
      description: "The line was busy.",
    });
    assert.deepEqual(interpretCallStatus("16", "Answer", { locale: "sk" }), {
      outcome: "answered",
      confirmed: true,
      q931Status: 16,
      finalStatus: "ANSWER",
      cause: "normal call clearing",
      description: "Hovor bol prijatý.",
    });
    assert.equal(interpretCallStatus(31).cause, "normal, unspecified");
    assert.equal(interpretCallStatus(41).cause, "temporary failure");
    assert.equal(interpretCallStatus(0).cause, "unknown cause 0");
    assert.equal(interpretCallStatus(126).cause, "unknown cause 126");
    const outcomes = new Set();
    for (const cause of [16, 17, 31, 41, 1]) {
      for (const locale of ["en", "sk"]) {
        const { description } = interpretCallStatus(cause, "CANCEL", { locale });
        assert.ok(description.length > 5);
        outcomes.add(description);
      }
    }
    assert.equal(outcomes.size, 10, "each outcome has its own text in each language");
  });

  test("answers kept for inputs seen before are the same answers, as copies, past the 512 kept", () => {
    const causes = Array.from({ length: 128 }, (_, i) => i);
    const inputs = [];
    for (const cause of causes) {
      for (const q931 of [cause, String(cause)]) {
        for (const final of ["ANSWER", "answer", "CANCEL", null, undefined]) {
          for (const options of [undefined, { locale: "sk" }, { locale: "en-GB" }]) inputs.push([q931, final, options]);
        }
      }
    }
    assert.ok(inputs.length > 512 * 3, "more distinct inputs than are kept");
    const first = inputs.map((args) => interpretCallStatus(...args));
    first.forEach((answer, i) => {
      const [q931, final] = inputs[i];
      assert.equal(answer.q931Status, Number(q931));
      assert.equal(answer.finalStatus, final == null ? null : final.toUpperCase());
      assert.equal(answer.confirmed, Number(q931) === 16 && final?.toUpperCase() === "ANSWER");
    });
    const again = inputs.map((args) => interpretCallStatus(...args));
    assert.deepEqual(again, first);
    // A caller may change what it got: the next answer is untouched.
    const answer = interpretCallStatus(16, "ANSWER");
    answer.outcome = "changed";
    assert.equal(interpretCallStatus(16, "ANSWER").outcome, "answered");
    assert.equal(interpretCallStatus("16", "ANSWER", { locale: "sk" }).description, "Hovor bol prijatý.");
  });

  test("invalid_status for what is not a cause value 0-127", () => {
    for (const value of [128, -1, 16.5, NaN, Infinity, "16.0", "0x10", "", "sixteen", null, undefined, true, {}, 16n]) {
      throwsKind(() => interpretCallStatus(value), "invalid_status", /q931Status/);
    }
    throwsKind(() => interpretCallStatus(16, 5), "invalid_status", /finalStatus/);
    throwsKind(() => interpretCallStatus(16, "AN\nSWER"), "invalid_status", /finalStatus/);
    assert.equal(interpretCallStatus(41, "no answer").finalStatus, "NO ANSWER", "an undocumented status is kept, not refused");
    throwsKind(() => interpretCallStatus(16, "ANSWER", "sk"), "invalid_status", /options/);
    throwsKind(() => interpretCallStatus(16, "ANSWER", { locale: 7 }), "invalid_status", /locale/);
  });
});

describe("parseCallWebhook", () => {
  const uuid = "fa278be48dc2_117793";

  test("JSON text, an object, form text, a query string, URLSearchParams and a URL", () => {
    const payloads = [
      `{"verification_call_uuid":"${uuid}","q931_status":16,"final_status":"ANSWER"}`,
      { verification_call_uuid: uuid, q931_status: 16, final_status: "ANSWER" },
      { verification_call_uuid: uuid, q931_status: "16", final_status: "answer" },
      `verification_call_uuid=${uuid}&q931_status=16&final_status=ANSWER`,
      `?verification_call_uuid=${uuid}&q931_status=16&final_status=ANSWER`,
      new URLSearchParams({ verification_call_uuid: uuid, q931_status: "16", final_status: "ANSWER" }),
      new URL(`https://example.com/webhooks/kompaas/s3cret?verification_call_uuid=${uuid}&q931_status=16&final_status=ANSWER`),
    ];
    for (const payload of payloads) {
      const result = parseCallWebhook(payload);
      assert.equal(result.verificationCallUuid, uuid);
      assert.equal(result.callId, "fa278be48dc2");
      assert.equal(result.accountId, "117793");
      assert.equal(result.outcome, "answered");
      assert.equal(result.confirmed, true);
      assert.equal(result.finalStatus, "ANSWER");
    }
  });

  test("the full result, with every field as received in data", () => {
    const payload = { verification_call_uuid: uuid, q931_status: 17, final_status: "CANCEL", duration: 0, called_number: "421222202999", nested: { a: [1, "b"] }, __proto__field: 1 };
    assert.deepEqual(parseCallWebhook(payload, { locale: "sk" }), {
      verificationCallUuid: uuid,
      callId: "fa278be48dc2",
      accountId: "117793",
      outcome: "busy",
      confirmed: false,
      q931Status: 17,
      finalStatus: "CANCEL",
      cause: "user busy",
      description: "Obsadené.",
      data: payload,
    });
  });

  test("a __proto__ key stays an own property of data", () => {
    const result = parseCallWebhook(`{"verification_call_uuid":"${uuid}","q931_status":16,"__proto__":{"polluted":true}}`);
    assert.equal(Object.getPrototypeOf(result.data), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(result.data, "__proto__").value, { polluted: true });
    assert.equal({}.polluted, undefined);
  });

  test("every row of the provider's table", () => {
    for (const { q931_status, final_status, outcome } of PROVIDER_CALLBACKS) {
      const result = parseCallWebhook({ verification_call_uuid: uuid, q931_status, ...(final_status && { final_status }) });
      assert.equal(result.outcome, outcome);
      assert.equal(result.finalStatus, final_status ?? null);
    }
  });

  test("invalid_webhook names the missing or invalid field", () => {
    const cases = [
      ["", /empty/],
      ["{not json", /not valid JSON/],
      ["[]", /array/],
      [[{ verification_call_uuid: uuid, q931_status: 16 }], /JSON an array, not an object/],
      [{ q931_status: 16 }, /verification_call_uuid/],
      [{ verification_call_uuid: uuid }, /q931_status/],
      [{ verification_call_uuid: "nope", q931_status: 16 }, /verification_call_uuid/],
      [{ verification_call_uuid: uuid, q931_status: "{{q931_status}}" }, /q931_status/],
      [{ verification_call_uuid: uuid, q931_status: 999 }, /q931_status/],
      [{ verification_call_uuid: uuid, q931_status: 16, final_status: 3 }, /final_status/],
      [`verification_call_uuid=${uuid}`, /q931_status/],
      [42, /got a number/],
    ];
    for (const [payload, pattern] of cases) {
      throwsKind(() => parseCallWebhook(payload), "invalid_webhook", pattern);
    }
  });
});

describe("isConfirmationCallError", () => {
  test("true only for this package's errors", () => {
    let caught;
    try { normalizePhoneNumber("x"); } catch (error) { caught = error; }
    assert.equal(isConfirmationCallError(caught), true);
    const lookalike = Object.assign(new Error("x"), { name: "ConfirmationCallError", kind: "made_up" });
    for (const value of [new Error("x"), new TypeError("x"), lookalike, { name: "ConfirmationCallError", kind: "network" }, null, undefined, "ConfirmationCallError", 0]) {
      assert.equal(isConfirmationCallError(value), false);
    }
  });

  test("errors are Errors with name, kind and a stack", () => {
    const error = throwsKind(() => splitVerificationCallUuid("x"), "invalid_uuid");
    assert.equal(typeof error.stack, "string");
    assert.equal(error.status, undefined);
    assert.equal(error.providerCode, undefined);
    assert.match(String(error), /^ConfirmationCallError: verification_call_uuid/);
  });

  test("each error kind of the contract is reachable from the synchronous functions or documented as fetch-only", () => {
    const seen = new Set();
    const record = (fn) => { try { fn(); } catch (error) { seen.add(error.kind); } };
    record(() => normalizePhoneNumber("x"));
    record(() => buildConfirmationCallRequest({ token: "", phoneNumber: "1" }));
    record(() => buildConfirmationCallRequest({ token: "t", phoneNumber: "421222202999", baseUrl: "http://x.y" }));
    record(() => splitVerificationCallUuid("x"));
    record(() => interpretCallStatus(999));
    record(() => parseCallWebhook("{}"));
    for (const status of [401, 429, 500, 400]) record(() => parseConfirmationCallResponse("{}", status));
    record(() => parseConfirmationCallResponse("x"));
    record(() => parseConfirmationCallResponse({ status: "error" }));
    const fetchOnly = ["network", "timeout", "aborted"];
    assert.deepEqual([...seen, ...fetchOnly].sort(), [...ERROR_KINDS].sort());
  });
});

describe("hostile inputs", () => {
  const calls = {
    buildConfirmationCallRequest: (v) => buildConfirmationCallRequest(v),
    buildWithHostileFields: (v) => buildConfirmationCallRequest({ token: v, phoneNumber: v, baseUrl: v }),
    normalizePhoneNumber: (v) => normalizePhoneNumber(v),
    parseConfirmationCallResponse: (v) => parseConfirmationCallResponse(v),
    parseConfirmationCallResponseStatus: (v) => parseConfirmationCallResponse(PROVIDER_SUCCESS_TEXT, v),
    splitVerificationCallUuid: (v) => splitVerificationCallUuid(v),
    interpretCallStatus: (v) => interpretCallStatus(v),
    interpretCallStatusFinal: (v) => interpretCallStatus(16, v),
    interpretCallStatusOptions: (v) => interpretCallStatus(16, "ANSWER", v),
    parseCallWebhook: (v) => parseCallWebhook(v),
    parseCallWebhookOptions: (v) => parseCallWebhook({ verification_call_uuid: "a_1", q931_status: 16 }, v),
    isConfirmationCallError: (v) => isConfirmationCallError(v),
  };

  for (const [name, value] of Object.entries(hostileValues())) {
    test(`${name}: a result or a ConfirmationCallError from every function, and the module still works`, () => {
      for (const [fn, call] of Object.entries(calls)) {
        try {
          call(value);
        } catch (error) {
          assert.ok(isConfirmationCallError(error), `${fn}(${name}) threw ${error?.name}: ${error?.message}`);
          assert.ok(error.message.length < 400, `${fn}(${name}) message is bounded`);
        }
      }
      assert.equal(normalizePhoneNumber("+421 222 202 999"), "421222202999");
      assert.equal(parseCallWebhook({ verification_call_uuid: "a_1", q931_status: 16, final_status: "ANSWER" }).confirmed, true);
    });
  }

  test("confirmationCall with hostile options rejects with a ConfirmationCallError", async () => {
    const neverFetch = () => { throw new Error("fetch must not be called"); };
    for (const [name, value] of Object.entries(hostileValues())) {
      for (const options of [value, { token: "t", phoneNumber: "421222202999", fetch: neverFetch, timeoutMs: value }, { token: "t", phoneNumber: "421222202999", fetch: value === undefined ? neverFetch : value, signal: value }]) {
        await assert.rejects(api.confirmationCall(options), (error) => {
          assert.ok(isConfirmationCallError(error), `${name}: ${error?.name} ${error?.message}`);
          return true;
        });
      }
    }
  });
});

describe("payloads as users actually have them", () => {
  const uuid = "fa278be48dc2_117793";
  const query = `verification_call_uuid=${uuid}&q931_status=17&final_status=CANCEL`;

  test("parseCallWebhook reads FormData, a Buffer, a Uint8Array, an ArrayBuffer and a request path", () => {
    const form = new FormData();
    form.append("verification_call_uuid", uuid);
    form.append("q931_status", "17");
    const json = JSON.stringify({ verification_call_uuid: uuid, q931_status: 17 });
    const payloads = [form, Buffer.from(json), new TextEncoder().encode(query), new TextEncoder().encode(json).buffer, `/webhooks/kompaas/secret?${query}`, `\ufeff${json}`];
    for (const payload of payloads) {
      const result = parseCallWebhook(payload);
      assert.equal(result.outcome, "busy");
      assert.equal(result.verificationCallUuid, uuid);
    }
  });

  test("parseConfirmationCallResponse reads bytes", () => {
    assert.equal(parseConfirmationCallResponse(Buffer.from(PROVIDER_SUCCESS_TEXT), 200).accountId, "117793");
  });

  test("a Promise or a Response says what to pass instead", async () => {
    const response = new Response(PROVIDER_SUCCESS_TEXT);
    throwsKind(() => parseConfirmationCallResponse(response, 200), "malformed_response", /Response.*await response\.text\(\)/);
    throwsKind(() => parseConfirmationCallResponse(response.text(), 200), "malformed_response", /Promise: `await` it/);
    throwsKind(() => parseCallWebhook(new Request("https://example.com", { method: "POST", body: query })), "invalid_webhook", /Response or Request/);
    throwsKind(() => parseCallWebhook(Promise.resolve(query)), "invalid_webhook", /Promise/);
  });

  test("oversized payloads are refused without being read, keeping the status", () => {
    const big = "x".repeat(300 * 1024);
    const error = throwsKind(() => parseConfirmationCallResponse(big, 200), "malformed_response", /longer than/);
    assert.equal(error.status, 200);
    throwsKind(() => parseConfirmationCallResponse(big, 503), "server_error");
    throwsKind(() => parseCallWebhook(big), "invalid_webhook", /longer than/);
    throwsKind(() => parseCallWebhook({ pad: big }), "invalid_webhook", /longer than/);
    throwsKind(() => parseCallWebhook(Buffer.alloc(300 * 1024)), "invalid_webhook", /longer than/);
  });

  // A member behind a getter: its reads are counted, and each read gives a value of its
  // own, so a second read would show in the result.
  function counted(reads, values) {
    const object = {};
    for (const [name, value] of Object.entries(values)) {
      let n = 0;
      Object.defineProperty(object, name, {
        enumerable: true,
        get() {
          reads[name] = (reads[name] ?? 0) + 1;
          n += 1;
          return n === 1 ? value : `read ${n} times`;
        },
      });
    }
    return object;
  }

  test("an object body is read once: each member's getter runs once, and its value is the one used", () => {
    const reads = {}, innerReads = {};
    const inner = counted(innerReads, { verification_call_uuid: uuid, account_id: "117793", login_did: "7777777777", code: "2463" });
    const body = counted(reads, { status: "success", code: 200, object: inner });
    assert.deepEqual(parseConfirmationCallResponse(body, 200), {
      verificationCallUuid: uuid,
      callId: "fa278be48dc2",
      accountId: "117793",
      loginDid: "7777777777",
      code: "2463",
    });
    assert.deepEqual(reads, { status: 1, code: 1, object: 1 });
    assert.deepEqual(innerReads, { verification_call_uuid: 1, account_id: 1, login_did: 1, code: 1 });
  });

  test("an object payload is read as JSON.stringify sees it: own enumerable members only", () => {
    const hidden = (object, name, value) => Object.defineProperty(object, name, { value, enumerable: false });
    throwsKind(() => parseConfirmationCallResponse(hidden({}, "verification_call_uuid", uuid), 200), "malformed_response", /no verification_call_uuid/);
    throwsKind(() => parseConfirmationCallResponse({ object: hidden({}, "verification_call_uuid", uuid) }, 200), "malformed_response", /no verification_call_uuid/);
    throwsKind(() => parseCallWebhook(hidden({ q931_status: 16 }, "verification_call_uuid", uuid)), "invalid_webhook", /no verification_call_uuid/);
    // A boxed string crosses as its string: members of the box are not places.
    const boxed = Object.assign(new String("x"), { verification_call_uuid: uuid });
    throwsKind(() => parseConfirmationCallResponse({ object: boxed }, 200), "malformed_response", /no verification_call_uuid/);
  });

  test("a webhook object is measured before it is copied, and a cycle back to it is a cycle", () => {
    let reads = 0;
    const wide = {};
    for (let i = 0; i < 30000; i++) Object.defineProperty(wide, `member_${i}`, { enumerable: true, get: () => ++reads });
    throwsKind(() => parseCallWebhook(wide), "invalid_webhook", /longer than/);
    assert.equal(reads, 0, "no getter ran");
    const payload = { verification_call_uuid: uuid, q931_status: 16, pad: "x".repeat(150000) };
    payload.nested = { back: payload };
    throwsKind(() => parseCallWebhook(payload), "invalid_webhook", /could not be read as plain data/);
  });

  test("a text with a lone surrogate comes back with U+FFFD in its place", () => {
    const body = { object: { verification_call_uuid: uuid, code: "a\ud800b", login_did: "777" } };
    const result = parseConfirmationCallResponse(body, 200);
    assert.equal(result.code, "a\ufffdb");
    assert.equal(result.loginDid, "777");
  });

  test("an object webhook payload is read once, and data holds what was read", () => {
    const reads = {};
    const payload = counted(reads, { verification_call_uuid: uuid, q931_status: 16, final_status: "ANSWER", duration: 7 });
    const result = parseCallWebhook(payload);
    assert.equal(result.outcome, "answered");
    assert.equal(result.verificationCallUuid, uuid);
    assert.deepEqual(result.data, { verification_call_uuid: uuid, q931_status: 16, final_status: "ANSWER", duration: 7 });
    assert.deepEqual(reads, { verification_call_uuid: 1, q931_status: 1, final_status: 1, duration: 1 });
  });

  test("malformed_response carries the HTTP status it came with", () => {
    for (const body of ["<html>", "{}", "[]"]) {
      assert.equal(throwsKind(() => parseConfirmationCallResponse(body, 201), "malformed_response").status, 201);
    }
  });
});

describe("confirmationCall never lets the token into an error", () => {
  const token = "tok_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  const call = (fetch, t = token) => api.confirmationCall({ token: t, phoneNumber: "+421 222 202 999", fetch });

  test("not even when the provider's long message echoes it across the cut, nor in providerCode", async () => {
    const body = JSON.stringify({ status: "error", code: token, message: `${"x".repeat(170)} got ${token}` });
    for (const status of [401, 200]) {
      await assert.rejects(call(async () => new Response(body, { status })), (error) => {
        assert.ok(!error.message.includes("tok_ABC"), error.message);
        assert.equal(error.providerCode, "[token]");
        return true;
      });
    }
  });

  test("not in a network error, and not for a short token", async () => {
    await assert.rejects(call(async () => { throw new Error(`${"y".repeat(130)} ${token}`); }), (error) => {
      assert.equal(error.kind, "network");
      assert.ok(!error.message.includes("tok_ABC"), error.message);
      return true;
    });
    await assert.rejects(call(async () => new Response('{"message":"Invalid token Bearer short7x"}', { status: 401 }), "short7x"), (error) => {
      assert.ok(!error.message.includes("short7x"), error.message);
      return true;
    });
  });

  test("the cause: what fetch rejected with, or the signal's reason", async () => {
    const thrown = new TypeError("fetch failed");
    await assert.rejects(call(async () => { throw thrown; }), (error) => error.kind === "network" && error.cause === thrown);
    const reason = AbortSignal.timeout(10);
    await assert.rejects(
      api.confirmationCall({ token, phoneNumber: "421222202999", signal: reason, fetch: () => new Promise(() => {}) }),
      (error) => error.kind === "aborted" && error.cause?.name === "TimeoutError",
    );
    const controller = new AbortController();
    controller.abort("the customer left");
    await assert.rejects(
      api.confirmationCall({ token, phoneNumber: "421222202999", signal: controller.signal }),
      (error) => error.kind === "aborted" && error.cause === "the customer left",
    );
  });
});
