// The provider's own examples (restated in docs/provider.md) and the
// documented variants, shared by the JavaScript tests.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { isConfirmationCallError } from "kompaas-confirmation-call";

/** The success response, exactly as the provider's page prints it. */
export const PROVIDER_SUCCESS_TEXT = readFileSync(new URL("../fixtures/confirmation-call-success.json", import.meta.url), "utf8");

/** The prose's shape: `Ok` and `caller_number` at the top level. */
export const PROSE_SHAPE = {
  Ok: true,
  caller_number: "421900123456",
  verification_call_uuid: "fa278be48dc2_117793",
};

/** The webhook rows of the provider's "Callback" table. */
export const PROVIDER_CALLBACKS = [
  { q931_status: 16, final_status: "ANSWER", outcome: "answered" },
  { q931_status: 17, final_status: "CANCEL", outcome: "busy" },
  { q931_status: 16, final_status: "CANCEL", outcome: "no_answer" },
  { q931_status: 31, final_status: undefined, outcome: "rejected" },
  { q931_status: 41, final_status: undefined, outcome: "billing_problem" },
  { q931_status: 1, final_status: "CANCEL", outcome: "unreachable" },
];

export const ERROR_KINDS = [
  "invalid_phone_number", "invalid_token", "invalid_base_url", "invalid_uuid", "invalid_status",
  "invalid_webhook", "unauthorized", "rate_limited", "server_error", "rejected",
  "malformed_response", "api_error", "network", "timeout", "aborted",
];

/** Values no JavaScript caller should be able to break the module with. */
export function hostileValues() {
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  const cyclic = {};
  cyclic.self = cyclic;
  let deep = {};
  const deepRoot = deep;
  for (let i = 0; i < 200_000; i += 1) deep = deep.a = {};
  const throwingEverything = new Proxy({}, {
    get() { throw new Error("get trap"); },
    has() { throw new Error("has trap"); },
    ownKeys() { throw new Error("ownKeys trap"); },
    getPrototypeOf() { throw new Error("getPrototypeOf trap"); },
    getOwnPropertyDescriptor() { throw new Error("descriptor trap"); },
  });
  return {
    undefined: undefined,
    null: null,
    zero: 0,
    nan: NaN,
    infinity: Infinity,
    true: true,
    symbol: Symbol("x"),
    bigint: 10n,
    emptyArray: [],
    array: ["421222202999"],
    function: () => "421222202999",
    emptyObject: {},
    date: new Date(0),
    regexp: /x/,
    map: new Map([["token", "t"]]),
    throwingGetters: { get token() { throw new Error("getter"); }, get phoneNumber() { throw new Error("getter"); }, get verification_call_uuid() { throw new Error("getter"); } },
    throwingToString: { toString() { throw new Error("toString"); }, valueOf() { throw new Error("valueOf"); } },
    throwingToJSON: { toJSON() { throw new Error("toJSON"); } },
    throwingProxy: throwingEverything,
    revokedProxy: revocable.proxy,
    cyclic,
    deeplyNested: deepRoot,
    bigintInside: { verification_call_uuid: "a_1", q931_status: 16n },
    megabyteString: "4".repeat(1 << 20),
    megabyteJson: `{"verification_call_uuid":"${"a".repeat(1 << 20)}_1","q931_status":16}`,
    loneSurrogates: "\ud800\udc00\ud800",
    nulString: "\u0000",
    objectWithNullPrototype: Object.assign(Object.create(null), { token: "t", phoneNumber: "421222202999" }),
  };
}

/** Asserts that `fn` throws a ConfirmationCallError of `kind` and returns it. */
export function throwsKind(fn, kind, messagePattern) {
  let thrown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown !== undefined, `expected a ${kind} error, nothing was thrown`);
  assert.ok(thrown instanceof Error, "the thrown value is an Error");
  assert.equal(thrown.name, "ConfirmationCallError");
  assert.equal(thrown.kind, kind, `kind (message: ${thrown.message})`);
  assert.ok(isConfirmationCallError(thrown));
  if (messagePattern) assert.match(thrown.message, messagePattern);
  return thrown;
}
