// The corpus's storable form of JavaScript values, shared by the generator
// (tests/corpus/generate.mjs) and the test (tests/js/corpus.test.mjs).
//
// A value is stored as JSON. Strings, booleans, null, finite numbers, arrays and plain
// objects stand for themselves (their members encoded the same way); anything else is a
// tagged object `{ "$": <tag>, ... }`. A plain object that has its own "$" key is stored as
// `{ "$": "object", "v": { ... } }` so that it is never read as a tag.
//
// Tags, each decoded into a fresh value on every call:
//   undefined                       {"$":"undefined"}
//   number                          {"$":"number","v":"NaN" | "Infinity" | "-Infinity" | "-0"}
//   bigint                          {"$":"bigint","v":"16"}
//   Symbol                          {"$":"Symbol","v":"description"}
//   function                        {"$":"function"}
//   object                          {"$":"object","v":{...}}        (a plain object with a "$" key)
//   String / Number objects         {"$":"StringObject","v":"..."}, {"$":"NumberObject","v":16}
//   repeated text                   {"$":"repeat","v":"x","n":262145}
//   joined text                     {"$":"concat","v":[<string>, ...]}
//   bytes                           {"$":"Uint8Array" | "ArrayBuffer" | "Buffer" | "DataView","v":"<base64>"}
//                                   or "text": <stored string> for its UTF-8 bytes
//                                   optional "offset": n and "slack": m place the bytes at byteOffset n
//                                   of a larger buffer with m spare bytes after them (the spare
//                                   bytes are 0x21, never part of the view)
//   URLSearchParams                 {"$":"URLSearchParams","v":"a=1&b=2"}
//   FormData                        {"$":"FormData","v":[["k","v"], ["file", {"$":"Blob","v":"text"}]]}
//   URL                             {"$":"URL","v":"https://example.com/hook?a=1"}
//   Date, Map, RegExp               {"$":"Date","v":"<ISO text>"}, {"$":"Map","v":[[k, v]]}, {"$":"RegExp","v":"x"}
//   Promise, thenable               {"$":"Promise","v":<value>}, {"$":"thenable"}
//   Response, Request               {"$":"Response","v":"<body>"}, {"$":"Request","v":"<url>"}
//   Error                           {"$":"Error","ctor":"Error" | "TypeError" | "RangeError" | "subclass",
//                                    "message":"...","props":{...}}
//   error look-alike                {"$":"ErrorPrototypeObject","props":{...}}   (Object.create(Error.prototype))
//   error of another realm          {"$":"foreignRealmError","props":{...}}      (node:vm)
//   error thrown by the package     {"$":"packageError","fn":"normalizePhoneNumber","args":[...],
//                                    "set":{...}, "delete":[...]}
//   object with accessors           {"$":"getters","v":{...}}         (each member behind a getter)
//   object with a throwing getter   {"$":"throwingGetter","key":"token","v":{...}}
//   inherited members               {"$":"inherited","v":{...}}       (members on the prototype)
//   null prototype                  {"$":"nullProto","v":{...}}
//   Proxy                           {"$":"Proxy","mode":"throwing" | "revoked" | "transparent","v":{...}}
//   cycle                           {"$":"cyclic","v":{...}}          (plus a member "self" pointing back)
//   deep nesting                    {"$":"deep","n":100000}           ({a:{a:{...}}})
//   toJSON                          {"$":"toJSON","mode":"throws" | "undefined" | "value","v":<value>}
//
// Results are stored with `encode`, which writes plain objects and arrays in their own key
// order, so comparing encoded text compares values, key order and prototypes together;
// a value that is not plain data is written as {"$":"unencodable", ...} so it shows as a
// difference instead of breaking the comparison.

import vm from "node:vm";

const NUMBER_TAGS = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity, "-0": -0 };

function defineMember(object, key, value) {
  // defineProperty, not assignment: a "__proto__" key stays an own data member.
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
}

function decodeMembers(members, api) {
  const out = {};
  for (const key of Object.keys(members)) defineMember(out, key, decode(members[key], api));
  return out;
}

function bytesOf(tagged, api) {
  if (Object.hasOwn(tagged, "text")) return Uint8Array.from(Buffer.from(decode(tagged.text, api), "utf8"));
  return Uint8Array.from(Buffer.from(tagged.v, "base64"));
}

/** The bytes of a tagged byte value, placed at `offset` in a buffer with `slack` spare bytes. */
function placedBytes(tagged, api) {
  const bytes = bytesOf(tagged, api);
  const offset = tagged.offset ?? 0;
  const slack = tagged.slack ?? 0;
  const buffer = new ArrayBuffer(offset + bytes.length + slack);
  const all = new Uint8Array(buffer);
  all.fill(0x21);
  all.set(bytes, offset);
  return { buffer, offset, length: bytes.length };
}

function withProps(target, props, api) {
  for (const key of Object.keys(props ?? {})) defineMember(target, key, decode(props[key], api));
  return target;
}

class CorpusError extends Error {}

function thrownBy(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("corpus: the package call was expected to throw and did not");
}

/**
 * Decodes a stored value into a fresh JavaScript value. `api` (the package's exports) is
 * needed only for {"$":"packageError"}.
 */
export function decode(value, api) {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => decode(item, api));
  if (!Object.hasOwn(value, "$")) return decodeMembers(value, api);
  switch (value.$) {
    case "undefined":
      return undefined;
    case "number":
      if (!Object.hasOwn(NUMBER_TAGS, value.v)) throw new Error(`corpus: unknown number ${value.v}`);
      return NUMBER_TAGS[value.v];
    case "bigint":
      return BigInt(value.v);
    case "Symbol":
      return Symbol(value.v);
    case "function":
      return function corpusFunction() {};
    case "object":
      return decodeMembers(value.v, api);
    case "StringObject":
      return new String(decode(value.v, api));
    case "NumberObject":
      return new Number(value.v);
    case "repeat":
      return value.v.repeat(value.n);
    case "concat":
      return value.v.map((part) => decode(part, api)).join("");
    case "Uint8Array": {
      const { buffer, offset, length } = placedBytes(value, api);
      return new Uint8Array(buffer, offset, length);
    }
    case "ArrayBuffer":
      return bytesOf(value, api).buffer;
    case "Buffer": {
      if (value.offset === undefined && value.slack === undefined) return Buffer.from(bytesOf(value, api));
      const { buffer, offset, length } = placedBytes(value, api);
      return Buffer.from(buffer, offset, length);
    }
    case "DataView": {
      const { buffer, offset, length } = placedBytes(value, api);
      return new DataView(buffer, offset, length);
    }
    case "Blob":
      return new Blob([decode(value.v, api)]);
    case "URLSearchParams":
      return new URLSearchParams(decode(value.v, api));
    case "FormData": {
      const form = new FormData();
      for (const [key, item] of value.v) form.append(key, decode(item, api));
      return form;
    }
    case "URL":
      return new URL(decode(value.v, api));
    case "Date":
      return new Date(value.v);
    case "Map":
      return new Map(value.v.map(([k, v]) => [decode(k, api), decode(v, api)]));
    case "RegExp":
      return new RegExp(value.v);
    case "Promise":
      return Promise.resolve(decode(value.v, api));
    case "thenable":
      return { then(resolve) { resolve("{}"); } };
    case "Response":
      return new Response(decode(value.v, api));
    case "Request":
      return new Request(decode(value.v, api));
    case "Error": {
      const ctor = { Error, TypeError, RangeError, subclass: CorpusError }[value.ctor ?? "Error"];
      return withProps(new ctor(value.message ?? ""), value.props, api);
    }
    case "ErrorPrototypeObject":
      return withProps(Object.create(Error.prototype), value.props, api);
    case "foreignRealmError":
      return withProps(vm.runInNewContext("new Error('from another realm')"), value.props, api);
    case "packageError": {
      if (!api) throw new Error("corpus: decoding a packageError needs the package");
      const error = thrownBy(() => api[value.fn](...decode(value.args, api)));
      withProps(error, value.set, api);
      for (const key of value.delete ?? []) delete error[key];
      return error;
    }
    case "getters": {
      const out = {};
      for (const key of Object.keys(value.v)) {
        const item = value.v[key];
        Object.defineProperty(out, key, { get: () => decode(item, api), enumerable: true, configurable: true });
      }
      return out;
    }
    case "throwingGetter": {
      const out = decodeMembers(value.v ?? {}, api);
      Object.defineProperty(out, value.key, {
        get() {
          throw new Error(`corpus: getter ${value.key} throws`);
        },
        enumerable: true,
        configurable: true,
      });
      return out;
    }
    case "inherited":
      return Object.create(decodeMembers(value.v, api));
    case "nullProto":
      return Object.assign(Object.create(null), decodeMembers(value.v, api));
    case "Proxy": {
      const target = decodeMembers(value.v ?? {}, api);
      if (value.mode === "transparent") return new Proxy(target, {});
      if (value.mode === "revoked") {
        const revocable = Proxy.revocable(target, {});
        revocable.revoke();
        return revocable.proxy;
      }
      const fail = () => {
        throw new Error("corpus: proxy trap throws");
      };
      return new Proxy(target, {
        get: fail, has: fail, ownKeys: fail, getOwnPropertyDescriptor: fail, getPrototypeOf: fail,
        defineProperty: fail, set: fail, deleteProperty: fail, apply: fail, construct: fail,
      });
    }
    case "cyclic": {
      const out = decodeMembers(value.v ?? {}, api);
      out.self = out;
      return out;
    }
    case "deep": {
      const root = {};
      let node = root;
      for (let i = 0; i < value.n; i += 1) node = node.a = {};
      return root;
    }
    case "toJSON": {
      const inner = decode(value.v, api);
      if (value.mode === "throws") {
        return { toJSON() { throw new Error("corpus: toJSON throws"); } };
      }
      if (value.mode === "undefined") return { toJSON: () => undefined };
      return { toJSON: () => inner };
    }
    default:
      throw new Error(`corpus: unknown tag ${JSON.stringify(value.$)}`);
  }
}

/** Encodes a value (a result, or an argument the generator made) into its stored form. */
export function encode(value) {
  switch (typeof value) {
    case "undefined":
      return { $: "undefined" };
    case "string":
    case "boolean":
      return value;
    case "number":
      if (Number.isNaN(value)) return { $: "number", v: "NaN" };
      if (value === Infinity) return { $: "number", v: "Infinity" };
      if (value === -Infinity) return { $: "number", v: "-Infinity" };
      if (Object.is(value, -0)) return { $: "number", v: "-0" };
      return value;
    case "bigint":
      return { $: "bigint", v: String(value) };
    case "symbol":
      return { $: "Symbol", v: value.description ?? "" };
    case "function":
      return { $: "function" };
    default:
      break;
  }
  if (value === null) return null;
  if (Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype) return value.map(encode);
  if (Object.getPrototypeOf(value) === Object.prototype) {
    const members = {};
    for (const key of Object.keys(value)) defineMember(members, key, encode(value[key]));
    return Object.hasOwn(members, "$") ? { $: "object", v: members } : members;
  }
  let ctor;
  try {
    ctor = Object.getPrototypeOf(value)?.constructor?.name ?? "null prototype";
  } catch {
    ctor = "unreadable";
  }
  let members;
  try {
    members = {};
    for (const key of Object.keys(value)) defineMember(members, key, encode(value[key]));
  } catch {
    members = null;
  }
  return { $: "unencodable", ctor, v: members };
}

/** True when an encoded value holds an {"$":"unencodable"} anywhere. */
export function hasUnencodable(encoded) {
  if (encoded === null || typeof encoded !== "object") return false;
  if (Array.isArray(encoded)) return encoded.some(hasUnencodable);
  if (encoded.$ === "unencodable") return true;
  return Object.values(encoded).some(hasUnencodable);
}

/**
 * What calling `fn(...args)` did, in stored form: `{ ok: <encoded result> }`,
 * `{ error: { kind, status?, providerCode?, message } }` for a thrown ConfirmationCallError,
 * or `{ thrown: { type, name?, message? } }` for anything else thrown.
 */
export function observe(fn, args) {
  let result;
  try {
    result = fn(...args);
  } catch (error) {
    return outcomeOfThrow(error);
  }
  return { ok: encode(result) };
}

function outcomeOfThrow(error) {
  if (error instanceof Error && error.name === "ConfirmationCallError") {
    const record = { kind: error.kind };
    if (Object.hasOwn(error, "status")) record.status = encode(error.status);
    if (Object.hasOwn(error, "providerCode")) record.providerCode = encode(error.providerCode);
    record.message = String(error.message);
    return { error: record };
  }
  const thrown = { type: typeof error };
  if (error instanceof Error) {
    thrown.name = String(error.name);
    thrown.message = String(error.message);
  } else {
    thrown.value = String(error);
  }
  return { thrown };
}

/**
 * The part of an outcome that must stay the same: the result (values, key order and
 * prototypes, through its encoding), or the error's kind, status and providerCode (not its
 * message), or the name of anything else thrown.
 */
export function comparable(outcome) {
  if (Object.hasOwn(outcome, "ok")) return JSON.stringify({ ok: outcome.ok });
  if (Object.hasOwn(outcome, "error")) {
    const { kind, status, providerCode } = outcome.error;
    const record = { kind };
    if (Object.hasOwn(outcome.error, "status")) record.status = status;
    if (Object.hasOwn(outcome.error, "providerCode")) record.providerCode = providerCode;
    return JSON.stringify({ error: record });
  }
  return JSON.stringify({ thrown: { type: outcome.thrown.type, name: outcome.thrown.name } });
}
