// The generated values of the fuzz suite. Every arbitrary here yields an *input*: a label
// (for the failure report) and `make()`, which builds the value when the property runs.
// Building late matters: fast-check inspects the values it generates (it looks for a
// clone method with `in`), which a Proxy with throwing traps would break, and stateful
// values (a revoked Proxy, a signal that fires later, a toJSON that counts) must be fresh
// for every call.
import fc from "fast-check";

export const input = (label, make) => ({ label, make });
const constant = (label, value) => input(label, () => value);

// ---------------------------------------------------------------------------------------
// Building blocks

const VALID_BODY = JSON.stringify({
  status: "success",
  code: 200,
  object: { login_did: "7777777777", code: "2463", verification_call_uuid: "119214e015ed_117793", account_id: "117793" },
});
export const VALID_WEBHOOK = { verification_call_uuid: "119214e015ed_117793", q931_status: 16, final_status: "ANSWER" };

/** A Response the provider could send: the documented success example. */
export const okResponse = () => new Response(VALID_BODY, { status: 200, headers: { "content-type": "application/json" } });
/** A fetch that answers at once with the documented success. */
export const okFetch = async () => okResponse();

const trapError = () => new Error("trap");
const THROWN_VALUES = {
  error: () => trapError(),
  string: () => "thrown string",
  undefined: () => undefined,
  null: () => null,
  symbol: () => Symbol("thrown"),
  bigint: () => 1n,
  proxy: () => throwingProxy({}, trapError),
  "revoked-proxy": () => revokedProxy({}),
  "error-with-throwing-message": () => {
    const error = new Error("x");
    Object.defineProperty(error, "message", { get() { throw trapError(); } });
    return error;
  },
  "error-with-throwing-name-and-cause": () => {
    const error = new Error("x");
    Object.defineProperty(error, "name", { get() { throw trapError(); } });
    Object.defineProperty(error, "cause", { get() { throw trapError(); } });
    return error;
  },
  "error-proxy": () => new Proxy(new Error("x"), { get() { throw trapError(); }, getPrototypeOf() { throw trapError(); } }),
  "abort-error": () => new DOMException("aborted", "AbortError"),
};
const thrownArb = fc.constantFrom(...Object.keys(THROWN_VALUES));

/** A Proxy whose every trap throws what `thrown()` makes. */
export function throwingProxy(target, thrown = trapError) {
  const trap = () => {
    throw thrown();
  };
  return new Proxy(target, {
    get: trap, set: trap, has: trap, deleteProperty: trap, ownKeys: trap, getOwnPropertyDescriptor: trap,
    defineProperty: trap, getPrototypeOf: trap, setPrototypeOf: trap, isExtensible: trap,
    preventExtensions: trap, apply: trap, construct: trap,
  });
}

export function revokedProxy(target) {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}

/** Every key the package reads from an object it is given, or could. */
export const READ_KEYS = [
  "token", "phoneNumber", "baseUrl", "locale", "timeoutMs", "signal", "fetch", "then", "toJSON",
  "length", "buffer", "byteLength", "byteOffset", "status", "text", "verification_call_uuid",
  "q931_status", "final_status", "aborted", "reason", "addEventListener", "removeEventListener",
  "constructor", "name", "kind", "message", "stack", "cause", "code", "toString", "valueOf",
];

const cache = new Map();
/** A large value built once (strings are immutable; nested structures are only read). */
const cached = (key, build) => {
  if (!cache.has(key)) cache.set(key, build());
  return cache.get(key);
};

const deepArray = (depth) => cached(`array${depth}`, () => {
  let value = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
});
const deepObject = (depth) => cached(`object${depth}`, () => {
  let value = { verification_call_uuid: "119214e015ed_117793", q931_status: 16 };
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
});

/** `verification_call_uuid=…&q931_status=16&f0000=&f0001=&…`: the form body of class 3. */
export function manyFieldForm(bytes) {
  const parts = ["verification_call_uuid=119214e015ed_117793", "q931_status=16"];
  let length = parts[0].length + parts[1].length + 1;
  for (let i = 0; length + 8 <= bytes; i++) {
    const field = `f${String(i).padStart(5, "0")}=`;
    parts.push(field);
    length += field.length + 1;
  }
  return parts.join("&");
}

/** A Uint8Array whose own `buffer` is something else (class 4). */
export function redefinedBuffer(buffer, view = new Uint8Array(16)) {
  Object.defineProperty(view, "buffer", { value: buffer });
  return view;
}

/** A detached ArrayBuffer (transferred away). */
export function detachedBuffer() {
  const buffer = new ArrayBuffer(8);
  structuredClone(buffer, { transfer: [buffer] });
  return buffer;
}

/** A rejected promise whose rejection is handled, so only the package can leave one unhandled. */
const handledRejection = (reason) => {
  const promise = Promise.reject(reason);
  promise.catch(() => {});
  return promise;
};

// ---------------------------------------------------------------------------------------
// Signal-like objects (class 5 and the signal position)

/** Listeners called by fake signals after their call has settled; errors they threw. */
export const late = { calls: 0, threw: 0 };

function signalLike({ fire = "never", delayMs = 0, addThrows = false, removeThrows = false, aborted = false } = {}) {
  const listeners = [];
  return {
    get aborted() {
      if (aborted === "throws") throw trapError();
      return aborted;
    },
    reason: "fake reason",
    addEventListener(type, listener) {
      if (addThrows) throw trapError();
      listeners.push(listener);
      const call = () => {
        late.calls++;
        // Not caught: a listener that throws is the package's bug (class 5), and the fuzz
        // child records it as an uncaught exception.
        if (typeof listener === "function") listener.call(this, { type: "abort" });
        else listener?.handleEvent?.({ type: "abort" });
      };
      if (fire === "sync") call();
      if (fire === "late" || fire === "twice") setTimeout(call, delayMs);
      if (fire === "twice") setTimeout(call, delayMs + 5);
    },
    removeEventListener() {
      if (removeThrows) throw trapError();
      // does nothing: the listener stays registered, as in the class 5
    },
  };
}

const SIGNALS = {
  "signal-never-fires": () => signalLike(),
  "signal-fires-late": () => signalLike({ fire: "late", delayMs: 1 }),
  "signal-fires-late-20ms": () => signalLike({ fire: "late", delayMs: 20 }),
  "signal-fires-twice": () => signalLike({ fire: "twice" }),
  "signal-fires-while-registering": () => signalLike({ fire: "sync" }),
  "signal-add-throws": () => signalLike({ addThrows: true }),
  "signal-remove-throws": () => signalLike({ removeThrows: true, fire: "late" }),
  "signal-aborted-getter-throws": () => signalLike({ aborted: "throws" }),
  "signal-aborted-true": () => signalLike({ aborted: true }),
  "signal-aborted-reason-throws": () => {
    const signal = signalLike({ aborted: true });
    Object.defineProperty(signal, "reason", { get() { throw trapError(); } });
    return signal;
  },
  "abortsignal-abort": () => AbortSignal.abort(),
  "abortsignal-abort-proxy-reason": () => AbortSignal.abort(throwingProxy({})),
  "abortsignal-timeout-1ms": () => AbortSignal.timeout(1),
  "abortsignal-from-controller": () => new AbortController().signal,
  "abortsignal-aborted-later": () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(Symbol("reason")), 1);
    return controller.signal;
  },
  "abortsignal-proxy": () => new Proxy(new AbortController().signal, {}),
  "abortsignal-fake-prototype": () => Object.create(AbortSignal.prototype),
  "eventtarget-dispatching-abort": () => {
    const target = new EventTarget();
    setTimeout(() => target.dispatchEvent(new Event("abort")), 1);
    return target;
  },
  "signal-add-is-throwing-proxy": () => ({ addEventListener: throwingProxy(() => {}), removeEventListener() {} }),
  "signal-add-is-revoked-proxy": () => ({ addEventListener: revokedProxy(() => {}), removeEventListener() {} }),
};
export const signalArb = fc.constantFrom(...Object.keys(SIGNALS)).map((name) => input(name, SIGNALS[name]));

// ---------------------------------------------------------------------------------------
// Response-like values (what a fetch resolves to) and fetch functions

const responseWith = (fields) => ({ status: 200, text: async () => VALID_BODY, ...fields });
const RESPONSES = {
  "response-ok": okResponse,
  "response-500": () => new Response('{"message":"oops"}', { status: 500 }),
  "response-204-null-body": () => new Response(null, { status: 204 }),
  "response-error": () => Response.error(),
  "response-3MB-body": () => new Response(cached("3MB", () => "x".repeat(3e6)), { status: 200 }),
  "response-256KiB+1-body": () => new Response(`{"a":"${"x".repeat(256 * 1024)}"}`, { status: 200 }),
  "response-invalid-utf8": () => new Response(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), { status: 200 }),
  "response-deep-json": () => new Response(cached("deepjson", () => "[".repeat(1e5) + "]".repeat(1e5)), { status: 200 }),
  "response-used-body": () => {
    const response = okResponse();
    response.text();
    return response;
  },
  "response-proxy": () => new Proxy(okResponse(), {}),
  "response-throwing-proxy": () => throwingProxy({}),
  "response-revoked-proxy": () => revokedProxy({}),
  "responselike-text-sync-string": () => responseWith({ text: () => VALID_BODY }),
  "responselike-text-number": () => responseWith({ text: async () => 42 }),
  "responselike-text-object": () => responseWith({ text: async () => ({ toString() { throw trapError(); } }) }),
  "responselike-text-throws": () => responseWith({ text() { throw trapError(); } }),
  "responselike-text-rejects-proxy": () => responseWith({ text: () => handledRejection(throwingProxy({})) }),
  "responselike-text-getter-throws": () => {
    const response = { status: 200 };
    Object.defineProperty(response, "text", { get() { throw trapError(); } });
    return response;
  },
  "responselike-text-never-settles": () => responseWith({ text: () => new Promise(() => {}) }),
  "responselike-text-thenable-throws": () => responseWith({ text: () => ({ then() { throw trapError(); } }) }),
  "responselike-status-getter-throws": () => {
    const response = { text: async () => VALID_BODY };
    Object.defineProperty(response, "status", { get() { throw trapError(); } });
    return response;
  },
  "responselike-status-string": () => responseWith({ status: "200" }),
  "responselike-status-nan": () => responseWith({ status: NaN }),
  "responselike-status-1e3": () => responseWith({ status: 1000 }),
  "responselike-status-bigint": () => responseWith({ status: 200n }),
  "responselike-status-object": () => responseWith({ status: { valueOf() { throw trapError(); } } }),
  "responselike-no-text": () => ({ status: 200 }),
  "thenable-resolving-to-response": () => ({ then(resolve) { resolve(okResponse()); } }),
  "thenable-then-throws": () => ({ then() { throw trapError(); } }),
  "thenable-then-getter-throws": () => {
    const thenable = {};
    Object.defineProperty(thenable, "then", { get() { throw trapError(); } });
    return thenable;
  },
  "thenable-settles-twice": () => ({ then(resolve, reject) { resolve(okResponse()); reject(trapError()); resolve(42); } }),
};
export const responseArb = fc.constantFrom(...Object.keys(RESPONSES)).map((name) => input(name, RESPONSES[name]));

const FETCHES = {
  "fetch-ok": () => okFetch,
  "fetch-returns-response-not-promise": () => () => okResponse(),
  "fetch-returns-undefined": () => () => undefined,
  "fetch-never-settles": () => () => new Promise(() => {}),
  "fetch-honours-signal": () => (_url, init) => new Promise((_resolve, reject) => {
    init?.signal?.addEventListener?.("abort", () => reject(init.signal.reason));
  }),
  "fetch-aborts-its-own-signal": () => (_url, init) => {
    try {
      init.signal.dispatchEvent(new Event("abort"));
    } catch {
      // not the package's concern
    }
    return okResponse();
  },
  "fetch-mutates-init": () => (_url, init) => {
    for (const key of Object.keys(init ?? {})) init[key] = throwingProxy({});
    return okResponse();
  },
  "fetch-is-throwing-proxy": () => throwingProxy(() => {}),
  "fetch-is-revoked-proxy": () => revokedProxy(() => {}),
  "fetch-is-class": () => class Fetch {},
  "fetch-is-async-generator": () => async function* fetch() {},
  "fetch-is-bound": () => okFetch.bind(null),
};
const fetchArb = fc.oneof(
  fc.constantFrom(...Object.keys(FETCHES)).map((name) => input(name, FETCHES[name])),
  thrownArb.map((kind) => input(`fetch-throws-${kind}`, () => () => {
    throw THROWN_VALUES[kind]();
  })),
  thrownArb.map((kind) => input(`fetch-rejects-${kind}`, () => () => handledRejection(THROWN_VALUES[kind]()))),
  responseArb.map((response) => input(`fetch-resolves-${response.label}`, () => async () => response.make())),
);
export { fetchArb };

/** Fetches that settle by themselves, for options objects whose timeout may be long or off
 * (`timeoutMs: 0` with a fetch that never answers rightly never settles). */
const SETTLING_FETCHES = Object.keys(FETCHES).filter((name) => !["fetch-never-settles", "fetch-honours-signal"].includes(name));
const SETTLING_RESPONSES = Object.keys(RESPONSES).filter((name) => name !== "responselike-text-never-settles");
export const settlingFetchArb = fc.oneof(
  fc.constantFrom(...SETTLING_FETCHES).map((name) => input(name, FETCHES[name])),
  thrownArb.map((kind) => input(`fetch-rejects-${kind}`, () => () => handledRejection(THROWN_VALUES[kind]()))),
  fc.constantFrom(...SETTLING_RESPONSES).map((name) => input(`fetch-resolves-${name}`, () => async () => RESPONSES[name]())),
);

// ---------------------------------------------------------------------------------------
// The catalog of hostile values, by name

const toJsonReturning = {
  undefined: () => undefined,
  function: () => () => {},
  symbol: () => Symbol("x"),
  bigint: () => 1n,
  itself() {
    return this;
  },
  "throwing-proxy": () => throwingProxy({}),
  "nested-undefined": () => ({ a: { toJSON: () => undefined } }),
  "huge-string": () => cached("300KiB", () => "x".repeat(300 * 1024)),
  "valid-webhook-json": () => JSON.stringify(VALID_WEBHOOK),
  number: () => 16,
  "deep-array": () => deepArray(1e5),
};

const HOSTILE = {
  "proxy-throwing-object": () => throwingProxy({}),
  "proxy-throwing-array": () => throwingProxy([]),
  "proxy-throwing-function": () => throwingProxy(() => {}),
  "proxy-throws-proxy": () => throwingProxy({}, () => throwingProxy({})),
  "proxy-throws-symbol": () => throwingProxy({}, () => Symbol("trap")),
  "proxy-throws-undefined": () => throwingProxy({}, () => undefined),
  "revoked-proxy": () => revokedProxy({}),
  "revoked-proxy-function": () => revokedProxy(() => {}),
  "proxy-transparent-over-options": () => new Proxy({ token: "fuzz-token", phoneNumber: "+421 222 202 999", baseUrl: "http://127.0.0.1:9", fetch: okFetch }, {}),
  "all-getters-throw": () => {
    const value = {};
    for (const key of READ_KEYS) Object.defineProperty(value, key, { get() { throw trapError(); }, enumerable: true });
    return value;
  },
  "getters-return-proxies": () => {
    const value = {};
    for (const key of READ_KEYS) Object.defineProperty(value, key, { get: () => throwingProxy({}), enumerable: true });
    return value;
  },
  "getter-changes-between-reads": () => {
    let reads = 0;
    const flip = () => (reads++ % 2 === 0 ? "+421 222 202 999" : throwingProxy({}));
    const value = {};
    for (const key of READ_KEYS) Object.defineProperty(value, key, { get: flip, enumerable: true });
    return value;
  },
  "tostring-throws": () => ({ toString() { throw trapError(); }, valueOf() { throw trapError(); }, [Symbol.toPrimitive]() { throw trapError(); } }),
  "tostring-returns-object": () => ({ toString: () => ({}), valueOf: () => ({}) }),
  "toprimitive-returns-symbol": () => ({ [Symbol.toPrimitive]: () => Symbol("p") }),
  "boxed-string-throwing-tostring": () => {
    const boxed = new String("+421 222 202 999");
    boxed.toString = () => {
      throw trapError();
    };
    boxed.valueOf = boxed.toString;
    return boxed;
  },
  "tojson-getter-throws": () => {
    const value = {};
    Object.defineProperty(value, "toJSON", { get() { throw trapError(); } });
    return value;
  },
  "tojson-throws": () => ({ toJSON() { throw trapError(); } }),
  "tojson-throws-proxy": () => ({ toJSON() { throw throwingProxy({}); } }),
  "tojson-not-a-function": () => ({ toJSON: 42, verification_call_uuid: "119214e015ed_117793", q931_status: 16 }),
  ...Object.fromEntries(Object.entries(toJsonReturning).map(([what, fn]) => [`tojson-returns-${what}`, () => ({ toJSON: fn })])),
  "cycle-object": () => {
    const value = { verification_call_uuid: "119214e015ed_117793" };
    value.self = value;
    return value;
  },
  "cycle-array": () => {
    const value = [];
    value.push(value);
    return value;
  },
  "cycle-through-tojson": () => {
    const value = {};
    value.toJSON = () => ({ inner: value });
    return value;
  },
  "map-containing-itself": () => {
    const map = new Map();
    map.set("self", map);
    return map;
  },
  "deep-array-1e4": () => deepArray(1e4),
  "deep-array-1e5": () => deepArray(1e5),
  "deep-object-1e4": () => deepObject(1e4),
  "deep-json-text-1e5": () => cached("deeptext", () => "[".repeat(1e5) + "]".repeat(1e5)),
  "deep-json-object-text": () => cached("deepobjtext", () => '{"a":'.repeat(5e4) + "1" + "}".repeat(5e4)),
  "bigint-small": () => 1n,
  "bigint-huge": () => 2n ** 200n,
  "bigint-negative": () => -16n,
  "object-with-bigint": () => ({ verification_call_uuid: "119214e015ed_117793", q931_status: 16n }),
  "boxed-bigint": () => Object(16n),
  symbol: () => Symbol("x"),
  "symbol-iterator": () => Symbol.iterator,
  "boxed-symbol": () => Object(Symbol("x")),
  "function-plain": () => function plain() {},
  "function-async": () => async () => {},
  "function-generator": () => function* generator() {},
  "function-class": () => class Thing {},
  "function-with-fields": () => Object.assign(() => {}, { token: "fuzz-token", phoneNumber: "+421 222 202 999", baseUrl: "http://127.0.0.1:9", verification_call_uuid: "119214e015ed_117793", q931_status: 16 }),
  nan: () => NaN,
  "negative-zero": () => -0,
  infinity: () => Infinity,
  "negative-infinity": () => -Infinity,
  "max-value": () => Number.MAX_VALUE,
  "min-value": () => Number.MIN_VALUE,
  "2^53": () => 2 ** 53,
  "2^31": () => 2 ** 31,
  "2^31-1": () => 2 ** 31 - 1,
  "16.5": () => 16.5,
  "boxed-number": () => new Number(16),
  "boxed-string": () => new String("+421 222 202 999"),
  "boxed-boolean": () => new Boolean(false),
  "empty-string": () => "",
  "string-256KiB+1": () => cached("256K+1", () => "4".repeat(256 * 1024 + 1)),
  "string-1MiB": () => cached("1MiB", () => "4".repeat(1024 * 1024)),
  "string-lone-surrogates": () => "\ud800+421 222\udfff 202 999\ud800",
  "string-nul": () => "\u0000",
  "string-bom": () => "\ufeff+421 222 202 999",
  "string-rtl-override": () => "\u202e+421 222 202 999",
  "string-proto-json": () => '{"__proto__":{"verification_call_uuid":"119214e015ed_117793"},"constructor":{"prototype":{}}}',
  "date-invalid": () => new Date(NaN),
  regexp: () => /x/g,
  error: () => new Error("x"),
  "aggregate-error": () => new AggregateError([new Error("a")], "x"),
  "promise-resolved": () => Promise.resolve(VALID_WEBHOOK),
  "promise-rejected": () => handledRejection(trapError()),
  "thenable-throwing": () => ({ then() { throw trapError(); } }),
  response: okResponse,
  request: () => new Request("http://127.0.0.1:9/?verification_call_uuid=119214e015ed_117793&q931_status=16"),
  url: () => new URL("http://127.0.0.1:9/hook?verification_call_uuid=119214e015ed_117793&q931_status=16&final_status=ANSWER"),
  "urlsearchparams-valid": () => new URLSearchParams(VALID_WEBHOOK),
  "urlsearchparams-tostring-throws": () => {
    const params = new URLSearchParams(VALID_WEBHOOK);
    params.toString = () => {
      throw trapError();
    };
    return params;
  },
  "urlsearchparams-fake": () => Object.create(URLSearchParams.prototype),
  "formdata-valid": () => {
    const form = new FormData();
    for (const [key, value] of Object.entries(VALID_WEBHOOK)) form.append(key, String(value));
    return form;
  },
  "formdata-with-blob": () => {
    const form = new FormData();
    form.append("verification_call_uuid", new Blob(["119214e015ed_117793"]));
    return form;
  },
  "formdata-fake": () => Object.create(FormData.prototype),
  blob: () => new Blob([JSON.stringify(VALID_WEBHOOK)]),
  "arraybuffer-empty": () => new ArrayBuffer(0),
  "arraybuffer-valid": () => new TextEncoder().encode(JSON.stringify(VALID_WEBHOOK)).buffer,
  "arraybuffer-300KiB": () => new ArrayBuffer(300 * 1024),
  "arraybuffer-detached": detachedBuffer,
  "arraybuffer-resizable": () => new ArrayBuffer(16, { maxByteLength: 1 << 20 }),
  sharedarraybuffer: () => new SharedArrayBuffer(16),
  dataview: () => new DataView(new TextEncoder().encode(JSON.stringify(VALID_WEBHOOK)).buffer),
  uint16array: () => new Uint16Array([0xd800, 0x41]),
  float64array: () => new Float64Array([NaN, 1e308]),
  bigint64array: () => new BigInt64Array([1n]),
  buffer: () => Buffer.from(JSON.stringify(VALID_WEBHOOK)),
  "uint8array-invalid-utf8": () => new Uint8Array([0xff, 0xfe, 0xc0, 0x80]),
  "uint8array-on-detached": () => {
    const buffer = new ArrayBuffer(16);
    const view = new Uint8Array(buffer);
    structuredClone(buffer, { transfer: [buffer] });
    return view;
  },
  "uint8array-buffer-is-arraylike-3e5": () => redefinedBuffer({ length: 3e5 }),
  "uint8array-buffer-is-huge-arraybuffer": () => redefinedBuffer(cached("ab64M", () => new ArrayBuffer(64 * 1024 * 1024))),
  "uint8array-buffer-getter-throws": () => {
    const view = new Uint8Array(4);
    Object.defineProperty(view, "buffer", { get() { throw trapError(); } });
    return view;
  },
  "uint8array-bytelength-lies": () => {
    const view = new Uint8Array(300 * 1024);
    Object.defineProperty(view, "byteLength", { value: 16 });
    return view;
  },
  "uint8array-byteoffset-nan": () => {
    const view = new Uint8Array(16);
    Object.defineProperty(view, "byteOffset", { value: NaN });
    return view;
  },
  "uint8array-byteoffset-huge": () => {
    const view = new Uint8Array(16);
    Object.defineProperty(view, "byteOffset", { value: 1e10 });
    return view;
  },
  "fake-arraybuffer": () => Object.create(ArrayBuffer.prototype, { byteLength: { value: 16 }, length: { value: 3e5 } }),
  "fake-uint8array": () => Object.create(Uint8Array.prototype),
  "fake-error": () => Object.create(Error.prototype),
  "fake-response": () => Object.create(Response.prototype),
  "tostringtag-spoof": () => ({ [Symbol.toStringTag]: "Uint8Array", length: 3e5 }),
  "error-lookalike": () => ({ name: "ConfirmationCallError", kind: "network", message: "x" }),
  "error-named-unknown-kind": () => Object.assign(new Error("x"), { name: "ConfirmationCallError", kind: "nope" }),
  "error-kind-getter-throws": () => {
    const error = new Error("x");
    error.name = "ConfirmationCallError";
    Object.defineProperty(error, "kind", { get() { throw trapError(); } });
    return error;
  },
  "error-proxy": () => new Proxy(Object.assign(new Error("x"), { name: "ConfirmationCallError", kind: "network" }), { get() { throw trapError(); } }),
  weakmap: () => new WeakMap(),
  weakref: () => new WeakRef({}),
  "map-valid-entries": () => new Map(Object.entries(VALID_WEBHOOK)),
  "set-of-strings": () => new Set(["+421 222 202 999"]),
  arguments: function () {
    return arguments; // eslint-disable-line prefer-rest-params
  },
  globalthis: () => globalThis,
  "null-prototype-valid": () => Object.assign(Object.create(null), VALID_WEBHOOK, { token: "fuzz-token", phoneNumber: "+421 222 202 999", baseUrl: "http://127.0.0.1:9" }),
  "frozen-valid": () => Object.freeze({ ...VALID_WEBHOOK, token: "fuzz-token", phoneNumber: "+421 222 202 999", baseUrl: "http://127.0.0.1:9" }),
  "array-of-valid": () => [VALID_WEBHOOK],
  "sparse-array": () => [, , VALID_WEBHOOK], // eslint-disable-line no-sparse-arrays
  "array-length-huge": () => {
    const array = [];
    array.length = 2 ** 32 - 1;
    return array;
  },
  ...SIGNALS,
};
export const HOSTILE_NAMES = Object.keys(HOSTILE);
export const hostile = (name) => input(name, HOSTILE[name]);

/** Every named hostile value, and getters that throw for one key at a time. */
export const hostileArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_NAMES).map(hostile) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom(...READ_KEYS), thrownArb).map(([key, kind]) =>
      input(`getter-${key}-throws-${kind}`, () => {
        const value = { ...VALID_WEBHOOK, token: "fuzz-token", phoneNumber: "+421 222 202 999", baseUrl: "http://127.0.0.1:9", fetch: okFetch };
        Object.defineProperty(value, key, { get() { throw THROWN_VALUES[kind](); }, enumerable: true });
        return value;
      })),
  },
);

// ---------------------------------------------------------------------------------------
// fast-check's own generators

const ANYTHING = {
  withBoxedValues: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true,
  withNullPrototype: true, withBigInt: true, withDate: true, withObjectString: true, maxDepth: 3,
};
export const anythingArb = fc.oneof(
  fc.anything(ANYTHING),
  fc.anything({ ...ANYTHING, stringUnit: "binary" }),
).map((value) => input("anything", () => value));

/** Strings of every unit fast-check has: grapheme, full Unicode (binary), Latin-1. */
export const stringArb = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary-ascii" }),
  fc.string({ unit: "binary", size: "large" }),
).map((value) => input("string", () => value));

/** A string of the given characters. */
export const stringOf = (chars, constraints = {}) => fc.string({ unit: fc.constantFrom(...chars), ...constraints });

/** Visible ASCII, the alphabet of tokens. */
export const VISIBLE_ASCII = Array.from({ length: 0x7e - 0x20 }, (_, i) => String.fromCharCode(0x21 + i));

/**
 * One argument position's values: fast-check's `anything()` and strings, the hostile
 * catalog, and the position's own near-valid values, weighted so that each part gets a
 * fair share of the runs.
 */
export function positionArb(near) {
  return fc.oneof(
    { weight: 4, arbitrary: anythingArb },
    { weight: 2, arbitrary: stringArb },
    { weight: 3, arbitrary: hostileArb },
    { weight: 4, arbitrary: near },
  );
}
