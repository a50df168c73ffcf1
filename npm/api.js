// The JavaScript face of kompaas-confirmation-call. Every decision (validation, the
// provider's table, Q.850 names, texts, error messages) is made in Rust; this file moves
// values across the boundary and builds the result objects, because that is the cheapest
// way there is (docs/decisions/boundary.md has the measurements):
//
// - Arguments are read here, each property access inside `try`, so no caller value can
//   throw through wasm frames: the synchronous exports never call JavaScript at all.
// - Strings are written as UTF-16 code units straight into a scratch area of wasm memory,
//   numbers into slots beside it; every string's real length is checked against the
//   limit before it is copied. JSON text is parsed by the engine (`JSON.parse`), form text
//   by `URLSearchParams`, bytes decoded by `TextDecoder`: only the few fields the provider
//   logic reads are handed over.
// - Results come back as integer codes and string references; outcome names, Q.850 names,
//   descriptions and error kinds are read from Rust once, when first needed.
import {
  abi_build,
  abi_call_error,
  abi_describe,
  abi_interpret,
  abi_normalize,
  abi_numbers,
  abi_out,
  abi_prepare_call,
  abi_reserve,
  abi_response,
  abi_send,
  abi_transport_message,
  abi_split,
  abi_table,
  abi_webhook,
} from "./kompaas_confirmation_call.js";

// Input record tags (src/js/abi.rs).
const MISSING = 0, NULL = 1, FALSE = 2, TRUE = 3, NUMBER = 4, TEXT = 5, OBJECT = 6, ARRAY = 7;
const FUNCTION = 8, SYMBOL = 9, BIGINT = 10, UNREADABLE = 11, TOO_LONG = 12;
// Payload problems (src/js/mod.rs, `payload_problem`).
const READABLE = 0, EMPTY = 1, LONG = 2, NOT_JSON = 3, NOT_OBJECT = 4, NOT_DATA = 5;
const PROMISE = 6, RESPONSE_OBJECT = 7, UNREADABLE_PAYLOAD = 8;
// Tables (src/js/mod.rs, `Table`).
const KIND_TABLE = 0, OUTCOME_TABLE = 1, CAUSE_TABLE = 2, DESCRIPTION_TABLE = 3;
const RESPONSE_FIELD_TABLE = 4, WEBHOOK_FIELD_TABLE = 5, LIMIT_TABLE = 6, CONSTANT_TABLE = 7;
const OUT_TEXT_BASE = 31;
const ERROR_NAME = "ConfirmationCallError";

/** A property access that threw. */
const THREW = Symbol("threw");

/** `object[key]`, or THREW when a getter or a Proxy trap throws. */
function get(object, key) {
  try {
    return object[key];
  } catch {
    return THREW;
  }
}

/** A value read from a caller's object, as Rust is handed it: a boxed primitive
 * (`new String("x")`) as its primitive; THREW when looking at it throws (a Proxy). */
function plain(value) {
  if (typeof value !== "object" || value === null) return value;
  try {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) return value.valueOf();
  } catch {
    return THREW;
  }
  return value;
}

/** Whether a value is an object whose properties can be read (`typeof` never throws). */
function isObject(value) {
  return typeof value === "object" && value !== null;
}

/** `value instanceof type`, false where the type is missing or a Proxy trap throws. */
function isInstance(value, type) {
  try {
    return typeof type === "function" && value instanceof type;
  } catch {
    return false;
  }
}

// Brand-checked getters and methods, taken once: a caller's object cannot spoof them.
const typedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const getter = (prototype, name) => Object.getOwnPropertyDescriptor(prototype, name).get;
const arrayBufferLength = getter(ArrayBuffer.prototype, "byteLength");
const typedArrayBuffer = getter(typedArrayPrototype, "buffer");
const typedArrayOffset = getter(typedArrayPrototype, "byteOffset");
const typedArrayLength = getter(typedArrayPrototype, "byteLength");
const dataViewBuffer = getter(DataView.prototype, "buffer");
const dataViewOffset = getter(DataView.prototype, "byteOffset");
const dataViewLength = getter(DataView.prototype, "byteLength");
const searchParamsText = typeof URLSearchParams === "function" ? URLSearchParams.prototype.toString : undefined;
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** Every error this package throws. */
class ConfirmationCallError extends Error {
  static {
    // Its own name in stack traces and consoles, also once minified.
    Object.defineProperty(this, "name", { value: ERROR_NAME });
  }

  constructor(kind, message, status, providerCode, cause) {
    // A cause given through the standard option is not enumerable, so JSON.stringify of
    // the error never carries what fetch rejected with.
    super(message, cause === undefined ? undefined : { cause });
    this.name = ERROR_NAME;
    this.kind = kind;
    if (status) this.status = status;
    if (providerCode != null) this.providerCode = providerCode;
  }
}

/**
 * Binds the API to an instantiated module (what wasm-bindgen's `init` or `initSync`
 * returns) and returns the exported functions.
 */
export function bind(wasm) {
  const memory = wasm.memory;
  let units, numbers, words;
  let base = 0, capacity = 0, numbersBase = 0, outBase = 0;
  let at = 0, nextNumber = 0, textCount = 0;
  // The texts written for the current call, in order (results can be pieces of them).
  const texts = [];

  function views() {
    units = new Uint16Array(memory.buffer);
    numbers = new Float64Array(memory.buffer);
    words = new Uint32Array(memory.buffer);
  }
  // Everything else is set up by the first call, not at start-up (a Workers isolate pays
  // start-up on every cold start): the scratch area (its capacity is 0 until then), the
  // views, the limits.
  let maxTextUnits, maxBodyLength, maxPayloadLength;
  const limit = (index) => (abi_table(LIMIT_TABLE, index), word(1));
  function start() {
    capacity = 1024;
    base = abi_reserve(capacity);
    numbersBase = abi_numbers();
    outBase = abi_out();
    views();
    maxTextUnits = limit(0);
    maxBodyLength = limit(1);
    maxPayloadLength = limit(2);
  }

  // --- writing arguments -------------------------------------------------------------

  function begin() {
    if (capacity === 0) start();
    at = 0;
    nextNumber = 0;
    textCount = 0;
    // Grown memory detaches the old buffer: its views read as empty.
    if (units.length === 0) views();
  }

  function room(count) {
    if (at + count > capacity) {
      capacity = Math.max(capacity * 2, at + count);
      base = abi_reserve(capacity);
      views();
    }
  }

  function tag(value) {
    room(1);
    units[base + at++] = value;
  }

  function text(value) {
    const length = value.length;
    if (length > maxTextUnits) return tag(TOO_LONG);
    room(length + 3);
    let i = base + at;
    units[i++] = TEXT;
    units[i++] = length & 0xffff;
    units[i++] = length >>> 16;
    for (let j = 0; j < length; j++) units[i++] = value.charCodeAt(j);
    at = i - base;
    texts[textCount++] = value;
  }

  function put(value) {
    switch (typeof value) {
      case "string":
        return text(value);
      case "number":
        numbers[numbersBase + nextNumber++] = value;
        return tag(NUMBER);
      case "boolean":
        return tag(value ? TRUE : FALSE);
      case "undefined":
        return tag(MISSING);
      case "function":
        return tag(FUNCTION);
      case "symbol":
        return tag(value === THREW ? UNREADABLE : SYMBOL);
      case "bigint":
        return tag(BIGINT);
      default:
        if (value === null) return tag(NULL);
        try {
          return tag(Array.isArray(value) ? ARRAY : OBJECT);
        } catch {
          return tag(UNREADABLE); // a revoked Proxy
        }
    }
  }

  /** `options[key]` (guarded), or undefined when options is not an object. */
  const option = (options, key) => (isObject(options) ? get(options, key) : undefined);

  /** An options argument and the one option of it that a function reads. */
  function putOptions(options, key) {
    put(options);
    put(option(options, key));
  }

  // --- reading results ---------------------------------------------------------------

  function word(index) {
    if (words.length === 0) views();
    return words[outBase + index];
  }

  const shortText = [];
  function decode(start, length) {
    if (units.length === 0) views();
    // Short texts (digits, a name) are made from a plain array: faster than `apply` on a
    // view of the memory.
    if (length <= 32) {
      for (let i = 0; i < length; i++) shortText[i] = units[start + i];
      shortText.length = length;
      return String.fromCharCode(...shortText);
    }
    let result = "";
    for (let i = start; i < start + length; i += 8192) {
      result += String.fromCharCode.apply(null, units.subarray(i, Math.min(i + 8192, start + length)));
    }
    return result;
  }

  /** The string at `out[index..index + 3]`. */
  function string(index) {
    const source = word(index);
    if (source === 0) return null;
    const start = word(index + 1);
    const length = word(index + 2);
    if (source === 1) return decode(word(OUT_TEXT_BASE) + start, length);
    if (source === 2) return constants[start];
    const input = texts[source - 3];
    return start === 0 && length === input.length ? input : input.slice(start, start + length);
  }

  /** The error a call wrote (status: the one it wrote, or the caller's). Results are read
   * whole before any table is consulted: a table entry is read through the same words. */
  function error(status = word(2), cause) {
    const kind = word(1), message = string(3), providerCode = string(6);
    return new ConfirmationCallError(kinds()[kind], message, status, providerCode, cause);
  }

  // --- tables, read from Rust once -----------------------------------------------------

  function entry(table, index) {
    if (capacity === 0) start();
    abi_table(table, index);
    return string(1);
  }
  // The texts a request's results often are (the method, the header values, the default
  // URL), read by the first call that builds one before it writes anything, as reading a
  // table overwrites results.
  let constants;
  function beginRequest() {
    constants ??= entries(CONSTANT_TABLE);
    begin();
  }
  /** Every entry of a table, up to the first index Rust has none for. */
  function entries(table) {
    const all = [];
    for (let text; (text = entry(table, all.length)) !== null; ) all.push(text);
    return all;
  }
  let kindNames, outcomeNames, responsePlaceTable, webhookPlaceTable;
  const causeNames = [];
  const descriptions = [];
  const kinds = () => (kindNames ??= entries(KIND_TABLE));
  function outcome(index) {
    outcomeNames ??= entries(OUTCOME_TABLE);
    return outcomeNames[index];
  }
  function cause(value) {
    return (causeNames[value] ??= entry(CAUSE_TABLE, value));
  }
  function description(outcomeIndex, locale) {
    const index = outcomeIndex * 2 + locale;
    return (descriptions[index] ??= entry(DESCRIPTION_TABLE, index));
  }
  /** The places of a payload Rust reads (names such as `object.code`), as `sized` and
   * `placeValues` keep them: `count`, `top` (a top-level key → its place), `nested` (by
   * place, the keys of the value there → their places: `object` → `object.code`) and
   * `copy` (the payload's top level is copied, for a webhook's `data`). */
  function placesOf(names, copy) {
    const top = new Map();
    const nested = [];
    names.forEach((name, place) => {
      const dot = name.lastIndexOf(".");
      const keys = dot < 0 ? top : (nested[names.indexOf(name.slice(0, dot))] ??= new Map());
      keys.set(name.slice(dot + 1), place);
    });
    return { count: names.length, top, nested, copy };
  }
  const responsePlaces = () => (responsePlaceTable ??= placesOf(entries(RESPONSE_FIELD_TABLE), false));
  const webhookPlaces = () => (webhookPlaceTable ??= placesOf(entries(WEBHOOK_FIELD_TABLE), true));

  // --- payloads: text, bytes, forms, objects ---------------------------------------------

  /**
   * What a payload argument holds: `{ text }`, `{ object, values }` or `{ problem,
   * detail }`; an object is read by `sized`, keeping the values at `places`. Nothing
   * longer than `max` is read; bytes are measured by the engine's own getters.
   */
  function readPayload(value, max, places) {
    if (typeof value === "string") {
      return value.length > max ? { problem: LONG } : { text: value };
    }
    if (!isObject(value)) return { problem: NOT_DATA, detail: value };
    // The tag first: in Node, touching the FormData, Response or Request globals loads
    // the fetch implementation, which a plain object payload must not cost; and only
    // what is tagged or viewed as bytes goes through the (brand-checked) byte getters.
    let tag;
    try {
      tag = Object.prototype.toString.call(value);
    } catch {
      return { problem: UNREADABLE_PAYLOAD };
    }
    const bytes = readBytes(value, tag, max);
    if (bytes !== undefined) return bytes;
    if (tag === "[object FormData]" && isInstance(value, globalThis.FormData)) {
      try {
        return readPayload(searchParamsText.call(new URLSearchParams(value)), max);
      } catch {
        return { problem: UNREADABLE_PAYLOAD };
      }
    }
    if (tag === "[object URLSearchParams]" && isInstance(value, globalThis.URLSearchParams)) {
      try {
        return readPayload(searchParamsText.call(value), max);
      } catch {
        return { problem: UNREADABLE_PAYLOAD };
      }
    }
    if (
      (tag === "[object Response]" && isInstance(value, globalThis.Response)) ||
      (tag === "[object Request]" && isInstance(value, globalThis.Request))
    ) {
      return { problem: RESPONSE_OBJECT };
    }
    const then = get(value, "then");
    if (then === THREW) return { problem: UNREADABLE_PAYLOAD };
    if (typeof then === "function") return { problem: PROMISE };
    // What JSON.stringify would read: the value `toJSON` gives (a URL gives its address).
    const toJSON = get(value, "toJSON");
    if (toJSON === THREW) return { problem: UNREADABLE_PAYLOAD };
    if (typeof toJSON !== "function") return sized(value, max, places);
    let json;
    try {
      json = toJSON.call(value, "");
    } catch {
      return { problem: UNREADABLE_PAYLOAD };
    }
    if (typeof json === "string") return readPayload(json, max);
    if (isObject(json)) return sized(json, max, places);
    if (json === undefined || typeof json === "function" || typeof json === "symbol") {
      return { problem: NOT_DATA, detail: value };
    }
    return { problem: NOT_OBJECT, detail: json };
  }

  /**
   * An object payload, unless its text would be longer than `max`: its keys and strings
   * are counted (a walk that stops at the limit, so linear and bounded); a cycle or a
   * getter that throws makes it unreadable, as for JSON.stringify, which also decides
   * what is read: own enumerable members. Each member is read once, and the values at
   * `places` (placesOf) are kept (`values`) as the walk reads them. When the places ask
   * for a copy, the top level of an object that is not an array is copied first, in one
   * read by the engine (`{ ...object }`), and the copy is what is walked and returned.
   */
  function sized(object, max, places) {
    let budget = max;
    let seen;
    const original = object;
    const values = new Array(places.count);
    try {
      // An array is left as it is: the caller refuses it by its type.
      if (places.copy && !Array.isArray(object)) {
        // The top level's own names are counted first, which runs no getter: an object
        // whose names alone pass the limit is refused before the engine copies it.
        for (const key in object) {
          if (Object.hasOwn(object, key) && (budget -= key.length + 4) < 0) return { problem: LONG };
        }
        budget = max;
        object = { ...object };
      }
    } catch {
      return { problem: UNREADABLE_PAYLOAD };
    }
    // Objects to walk, each followed by the places of its keys (or undefined).
    const pending = [object, places.top];
    try {
      while (pending.length > 0) {
        const keys = pending.pop();
        const current = pending.pop();
        for (const key in current) {
          if (!Object.hasOwn(current, key)) continue;
          const value = current[key];
          budget -= key.length + 4;
          const place = keys?.get(key);
          let inner;
          if (place !== undefined) {
            const kept = plain(value);
            values[place] = kept;
            // A boxed primitive crosses as its primitive: nothing inside it is a place.
            if (kept === value) inner = places.nested[place];
          }
          if (typeof value === "string") budget -= value.length;
          else if (typeof value === "bigint") return { problem: UNREADABLE_PAYLOAD };
          else if (isObject(value)) {
            if (seen === undefined) {
              // With the caller's object when the walk is over its copy: a cycle back to it
              // is a cycle.
              seen = new Set();
              seen.add(object).add(original);
            }
            if (seen.has(value)) return { problem: UNREADABLE_PAYLOAD };
            seen.add(value);
            pending.push(value, inner);
          }
          if (budget < 0) return { problem: LONG };
        }
      }
    } catch {
      return { problem: UNREADABLE_PAYLOAD };
    }
    return { object, values };
  }

  /** The values at `places` of an object the package made itself (JSON.parse, form text):
   * plain data, nothing to guard or measure. */
  function placeValues(object, places) {
    const values = new Array(places.count);
    const pending = [object, places.top];
    while (pending.length > 0) {
      const keys = pending.pop(), current = pending.pop();
      for (const key in current) {
        const place = Object.hasOwn(current, key) ? keys.get(key) : undefined;
        if (place === undefined) continue;
        const value = (values[place] = current[key]);
        const inner = places.nested[place];
        if (inner !== undefined && isObject(value)) pending.push(value, inner);
      }
    }
    return values;
  }

  /** Bytes (an ArrayBuffer, a typed array, a DataView, a Buffer) as UTF-8 text; undefined
   * for anything else. The lengths come from the engine's own getters, never the object's. */
  function readBytes(value, tag, max) {
    let buffer, offset, length;
    try {
      if (tag === "[object ArrayBuffer]") {
        length = arrayBufferLength.call(value);
        buffer = value;
        offset = 0;
      } else if (!ArrayBuffer.isView(value)) {
        return undefined;
      } else if (tag === "[object DataView]") {
        buffer = dataViewBuffer.call(value);
        offset = dataViewOffset.call(value);
        length = dataViewLength.call(value);
      } else {
        buffer = typedArrayBuffer.call(value);
        offset = typedArrayOffset.call(value);
        length = typedArrayLength.call(value);
      }
    } catch {
      // Tagged as bytes but not bytes (a toStringTag of its own): an ordinary object.
      return undefined;
    }
    if (length > max) return { problem: LONG };
    try {
      return { text: utf8.decode(new Uint8Array(buffer, offset, length)) };
    } catch {
      return { problem: UNREADABLE_PAYLOAD };
    }
  }

  /** Writes a payload's problem: its code, and what the message needs to say. */
  function putProblem(payload) {
    put(payload.problem);
    // The engine's words for JSON that does not parse; the value, for its type's name.
    if (payload.problem === NOT_JSON || payload.problem === NOT_OBJECT || payload.problem === NOT_DATA) {
      put(payload.detail);
    }
  }

  /** JSON text as an object, or a problem. */
  function parseJson(text) {
    let value;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { problem: NOT_JSON, detail: String(get(error, "message")) };
    }
    if (!isObject(value) || Array.isArray(value)) return { problem: NOT_OBJECT, detail: value };
    return { object: value };
  }

  // --- the response -------------------------------------------------------------------

  function putResponseBody(body) {
    const places = responsePlaces();
    let payload = readPayload(body, maxBodyLength, places);
    if (payload.text !== undefined) {
      const text = payload.text.charCodeAt(0) === 0xfeff ? payload.text.slice(1) : payload.text;
      payload = parseJson(text);
      // The text's length is checked already: only the places are read.
      if (payload.object !== undefined) payload = { values: placeValues(payload.object, places) };
    } else if (payload.object !== undefined && Array.isArray(payload.object)) {
      payload = { problem: NOT_OBJECT, detail: payload.object };
    }
    if (payload.problem !== undefined) return putProblem(payload);
    put(READABLE);
    putPlaces(payload.values);
  }

  /** The places that hold a value, each as its number (one unit) and the value. */
  function putPlaces(values) {
    for (let place = 0; place < values.length; place++) {
      if (values[place] === undefined) continue;
      tag(place);
      put(values[place]);
    }
  }

  function readResponse(body, httpStatus, token) {
    begin();
    put(httpStatus);
    put(token);
    putResponseBody(body);
    if (abi_response(at)) throw error();
    return {
      verificationCallUuid: string(1),
      callId: string(4),
      accountId: string(7),
      loginDid: string(10),
      code: string(13),
    };
  }

  // --- the webhook --------------------------------------------------------------------

  /** Form or query text (`a=1&b=2`, `key=value` lines) as an object; the first of
   * repeated names wins, as `URLSearchParams.get` does. */
  function formObject(text) {
    if (text.includes("\n")) text = text.split("\n").map((line) => line.replace(/\r+$/, "")).join("&");
    const data = {};
    // A leading "&" keeps URLSearchParams from dropping a "?" that belongs to a name.
    for (const [name, value] of new URLSearchParams("&" + text)) {
      if (!Object.hasOwn(data, name)) {
        Object.defineProperty(data, name, { value, enumerable: true, writable: true, configurable: true });
      }
    }
    return data;
  }

  /** A webhook payload as `{ data, values }` (data: an object of the package's own, a
   * copy of an object payload's top level or what text was read into; values: at the
   * places of WEBHOOK_FIELD_TABLE), or a problem. */
  function webhookPayload(payload) {
    const places = webhookPlaces();
    const read = readPayload(payload, maxPayloadLength, places);
    if (read.text === undefined) {
      if (read.object === undefined) return read;
      if (Array.isArray(read.object)) return { problem: NOT_OBJECT, detail: read.object };
      return { data: read.object, values: read.values };
    }
    let text = read.text;
    while (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    text = text.trim();
    if (text === "") return { problem: EMPTY };
    if (text[0] === "{" || text[0] === "[") {
      const parsed = parseJson(text);
      if (parsed.object === undefined) return parsed;
      return { data: parsed.object, values: placeValues(parsed.object, places) };
    }
    // Form or query text, or a whole request URL or path (`req.url` in Node).
    let query = text;
    if (text.startsWith("http://") || text.startsWith("https://") || text[0] === "/") {
      const mark = text.indexOf("?");
      query = mark < 0 ? "" : text.slice(mark + 1);
    } else if (text[0] === "?") {
      query = text.slice(1);
    }
    const hash = query.indexOf("#");
    if (hash >= 0) query = query.slice(0, hash);
    const data = formObject(query);
    return { data, values: placeValues(data, places) };
  }

  // --- the API ------------------------------------------------------------------------

  function normalizePhoneNumber(input, options) {
    begin();
    put(input);
    putOptions(options, "defaultCountry");
    if (abi_normalize(at)) throw error();
    return string(1);
  }

  function describePhoneNumber(input, options) {
    begin();
    put(input);
    putOptions(options, "defaultCountry");
    if (abi_describe(at)) throw error();
    return {
      digits: string(1),
      countryCallingCode: String(word(4)),
      region: string(5),
      nationalNumber: string(8),
      nonGeographic: word(11) === 1,
    };
  }

  /** `{ token, phoneNumber, baseUrl, defaultCountry }`, each read once; returns the token
   * as read, so that what is hidden is what was sent. */
  function putRequestOptions(options) {
    put(options);
    const token = option(options, "token");
    put(token);
    put(option(options, "phoneNumber"));
    put(option(options, "baseUrl"));
    put(option(options, "defaultCountry"));
    return token;
  }

  function buildConfirmationCallRequest(options) {
    beginRequest();
    putRequestOptions(options);
    if (abi_build(at)) throw error();
    return {
      url: string(1),
      method: string(4),
      headers: { accept: string(7), "Content-Type": string(10), Authorization: string(13) },
      body: string(16),
    };
  }

  function parseConfirmationCallResponse(body, httpStatus) {
    return readResponse(body, httpStatus, undefined);
  }

  function splitVerificationCallUuid(uuid) {
    begin();
    put(uuid);
    if (abi_split(at)) throw error();
    return { callId: string(4), accountId: string(7) };
  }

  // interpretCallStatus is pure and its real inputs are few (a handful of causes and
  // final statuses per application), so Rust's answer for each distinct input is kept:
  // an input seen before costs a lookup and a copy. Only primitive inputs are keys (an
  // options object is read once, for a string locale), and the cache is bounded.
  // Keyed by q931Status, then finalStatus, then locale (Maps tell 16 from "16" and
  // undefined from null, with no key text to build).
  let statusAnswers = new Map();
  let statusAnswerCount = 0;
  const STATUS_ANSWERS = 512;

  /** A copy of a kept answer (callers may change what they get). */
  const copyStatus = (answer) => ({ ...answer });

  function interpretCallStatus(q931Status, finalStatus, options) {
    let cacheable = false;
    // No options (or null) is no locale; options that are not an object are never kept.
    const locale = options == null ? undefined : isObject(options) ? get(options, "locale") : THREW;
    if (
      (typeof q931Status === "number" || (typeof q931Status === "string" && q931Status.length <= 8)) &&
      (finalStatus == null || (typeof finalStatus === "string" && finalStatus.length <= 64)) &&
      (locale === undefined || (typeof locale === "string" && locale.length <= 16))
    ) {
      cacheable = true;
      const known = statusAnswers.get(q931Status)?.get(finalStatus)?.get(locale);
      if (known !== undefined) return copyStatus(known);
    }
    begin();
    put(q931Status);
    put(finalStatus);
    put(options);
    put(locale);
    if (abi_interpret(at)) throw error();
    const code = word(1), q931 = word(2), localeCode = word(3), upper = string(4);
    const answer = {
      outcome: outcome(code),
      confirmed: code === 0,
      q931Status: q931,
      finalStatus: upper,
      cause: cause(q931),
      description: description(code, localeCode),
    };
    if (cacheable) {
      if (statusAnswerCount >= STATUS_ANSWERS) {
        statusAnswers = new Map();
        statusAnswerCount = 0;
      }
      let byStatus = statusAnswers.get(q931Status);
      if (byStatus === undefined) statusAnswers.set(q931Status, (byStatus = new Map()));
      let byLocale = byStatus.get(finalStatus);
      if (byLocale === undefined) byStatus.set(finalStatus, (byLocale = new Map()));
      byLocale.set(locale, answer);
      statusAnswerCount += 1;
      return copyStatus(answer);
    }
    return answer;
  }

  function parseCallWebhook(payload, options) {
    begin();
    putOptions(options, "locale");
    const read = webhookPayload(payload);
    if (read.problem !== undefined) {
      putProblem(read);
    } else {
      put(READABLE);
      putPlaces(read.values);
    }
    if (abi_webhook(at)) throw error();
    const code = word(1), q931 = word(2), locale = word(3), finalStatus = string(4);
    const verificationCallUuid = string(7), callId = string(10), accountId = string(13);
    return {
      verificationCallUuid,
      callId,
      accountId,
      outcome: outcome(code),
      confirmed: code === 0,
      q931Status: q931,
      finalStatus,
      cause: cause(q931),
      description: description(code, locale),
      data: read.data,
    };
  }

  function isConfirmationCallError(error) {
    try {
      if (!(error instanceof Error) || error.name !== ERROR_NAME) return false;
      return kinds().includes(error.kind);
    } catch {
      return false;
    }
  }

  /** The error of a call given up: aborted (0) or timed out (1). */
  function gaveUpError(kind, sent, timeoutMs, status, cause) {
    abi_call_error(kind, sent ? 1 : 0, timeoutMs);
    return error(status, cause);
  }

  async function confirmationCall(options) {
    beginRequest();
    const token = putRequestOptions(options);
    const signal = option(options, "signal");
    const fetch = option(options, "fetch");
    const globalFetch = globalThis.fetch;
    // Read once: what is checked is what is called.
    const listen = option(signal, "addEventListener");
    put(option(options, "timeoutMs"));
    put(signal);
    put(typeof listen === "function");
    put(fetch);
    put(typeof globalFetch === "function");
    if (abi_prepare_call(at)) throw error();
    const url = string(1);
    const authorization = string(4);
    const body = string(7);
    const timeoutMs = word(10);
    const hasSignal = isObject(signal);
    const aborted = hasSignal ? get(signal, "aborted") : false;
    if (aborted !== THREW && aborted) {
      throw gaveUpError(0, false, 0, undefined, get(signal, "reason"));
    }

    // The call's own controller: the caller's signal and the timer abort it, and the
    // Request carries its signal, so the platform cancels the fetch and the body. Only
    // JavaScript functions listen: no wasm closure is ever called by an abort or a timer.
    const controller = new AbortController();
    let timedOut = false;
    const onAbort = () => controller.abort();
    if (hasSignal) {
      try {
        Reflect.apply(listen, signal, ["abort", onAbort]);
      } catch {
        // A signal that cannot be listened to cannot cancel the call; the timer still can.
      }
    }
    const timer = timeoutMs > 0 ? setTimeout(() => ((timedOut = true), controller.abort()), timeoutMs) : undefined;
    const gaveUp = new Promise((resolve) => controller.signal.addEventListener("abort", resolve));
    // Every wait ends when the call is given up, even if the caller's fetch ignores the signal.
    const settled = (pending) => Promise.race([pending, gaveUp]);
    const givenUp = (status) =>
      timedOut
        ? gaveUpError(1, true, timeoutMs, status)
        : gaveUpError(0, true, 0, status, hasSignal ? get(signal, "reason") : undefined);
    const transportError = (code, thrown, status) =>
      new ConfirmationCallError("network", abi_transport_message(code, thrown, token), status, null, thrown);
    try {
      const own = typeof fetch === "function";
      const [sent, pending, thrown] = abi_send(
        url, authorization, body, token, own ? fetch : globalFetch, own ? undefined : globalThis, controller.signal,
      );
      if (sent !== 0) throw new ConfirmationCallError("network", pending, undefined, null, thrown);
      let response;
      try {
        response = await settled(pending);
      } catch (rejection) {
        if (controller.signal.aborted) throw givenUp();
        throw transportError(0, rejection);
      }
      if (controller.signal.aborted) throw givenUp();
      const status = isObject(response) ? get(response, "status") : undefined;
      const read = isObject(response) ? get(response, "text") : undefined;
      if (typeof status !== "number" || typeof read !== "function") {
        throw new ConfirmationCallError("malformed_response", abi_transport_message(1, undefined, token));
      }
      let text;
      try {
        text = await settled(read.call(response));
      } catch (rejection) {
        if (controller.signal.aborted) throw givenUp(status);
        throw transportError(2, rejection, status);
      }
      if (controller.signal.aborted) throw givenUp(status);
      return readResponse(typeof text === "string" ? text : "", status, token);
    } finally {
      clearTimeout(timer);
      if (hasSignal) {
        try {
          signal.removeEventListener("abort", onAbort);
        } catch {
          // The listener only aborts this call's own controller: harmless if it stays.
        }
      }
    }
  }

  return {
    buildConfirmationCallRequest,
    confirmationCall,
    describePhoneNumber,
    interpretCallStatus,
    isConfirmationCallError,
    normalizePhoneNumber,
    parseCallWebhook,
    parseConfirmationCallResponse,
    splitVerificationCallUuid,
  };
}
