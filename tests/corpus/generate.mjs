// Writes tests/fixtures/corpus.json.gz: a deterministic corpus of inputs for every
// synchronous function of the package, valid and invalid, in every form the README
// documents, with what the package built in pkg/ does with each (its result, or its
// error's kind, status, providerCode and message). tests/js/corpus.test.mjs replays it.
//
//   node tests/corpus/generate.mjs            (or: make corpus)
//
// Same package, same corpus: the inputs come from a seeded PRNG (mulberry32), never from
// Math.random, the clock or the environment, and the file is byte-for-byte reproducible.
import { writeFileSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { isDeepStrictEqual } from "node:util";
import * as api from "kompaas-confirmation-call";
import { decode, encode, hasUnencodable, observe } from "./decode.mjs";

const SEED = 0x6b6f6d70; // "komp"
const CASES_PER_FUNCTION = 2200;
const OUTPUT = new URL("../fixtures/corpus.json.gz", import.meta.url);
const MAX_BYTES = 3 * 1024 * 1024;

// ---------------------------------------------------------------------------------------
// Randomness

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One PRNG per function, so adding cases to one function does not reshuffle the others. */
function randomness(name) {
  let h = SEED;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  const next = mulberry32(h);
  const r = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    /** `[[weight, value], ...]`; a function value is called. */
    weighted(entries) {
      const total = entries.reduce((sum, [w]) => sum + w, 0);
      let at = next() * total;
      for (const [w, value] of entries) {
        at -= w;
        if (at < 0) return typeof value === "function" ? value() : value;
      }
      const last = entries[entries.length - 1][1];
      return typeof last === "function" ? last() : last;
    },
    digits: (n) => Array.from({ length: n }, () => String(r.int(0, 9))).join(""),
    chars: (n, alphabet) => Array.from({ length: n }, () => r.pick(alphabet)).join(""),
    insertAt(text, piece) {
      const chars = [...text];
      chars.splice(r.int(0, chars.length), 0, piece);
      return chars.join("");
    },
    replaceAt(text, piece) {
      const chars = [...text];
      if (chars.length === 0) return piece;
      chars[r.int(0, chars.length - 1)] = piece;
      return chars.join("");
    },
  };
  return r;
}

// ---------------------------------------------------------------------------------------
// Shared pieces of input

const HEX = "0123456789abcdef".split("");
const ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".split("");
const VISIBLE_ASCII = Array.from({ length: 94 }, (_, i) => String.fromCharCode(0x21 + i));
const UNICODE_SPACES = ["\u00A0", "\u2002", "\u2007", "\u2009", "\u200A", "\u202F", "\u205F", "\u3000", "\u1680"];
const UNICODE_DASHES = ["\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212", "\uFE58", "\uFE63", "\uFF0D"];
const INVISIBLE_MARKS = ["\u200B", "\u200C", "\u200D", "\u200E", "\u200F", "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2060", "\u2066", "\u2067", "\u2068", "\u2069", "\uFEFF", "\u00AD"];
const LINE_BREAKS = ["\n", "\r", "\r\n", "\u2028", "\u2029", "\u0085"];
const ODD_CHARACTERS = ["#", "*", ",", ";", ":", "_", "'", "\"", "~", "|", "\\", "[", "]", "{", "}", "<", ">", "=", "!", "?", "@", "&", "%", "$", "^", "`", "\u0000", "\u0007", "\u007F", "\t", "\u00B7", "\u2022", "\uFFFD", "\uD800", "\uDC00", "\u{1F4DE}", "\u00BD", "\u00B2"];
const LOOKALIKE_DIGITS = ["\uFF11", "\uFF10", "\u0661", "\u06F5", "\u0967", "\u09E9", "\u{1D7CE}", "O", "o", "l", "I", "\u0417", "\u0431"];
const LETTERS = ["a", "x", "e", "E", "ext", "ext.", "x123", "phone", "tel:", "\u00E9", "\u0416", "\u03A9", "\u05D0", "\u0639", "\u4E2D"];

const COUNTRY_CODES = ["421", "420", "1", "44", "49", "33", "7", "380", "36", "48", "43", "358", "971", "86", "91", "353", "39", "34", "1242", "31", "41", "46", "47", "45", "55", "61", "81", "82", "90", "998"];

const LOCALE_OPTIONS = [
  [40, () => undefined],
  [6, { locale: "en" }],
  [8, { locale: "sk" }],
  [4, { locale: "sk-SK" }],
  [2, { locale: "SK" }],
  [2, { locale: "sk_SK" }],
  [2, { locale: " sk " }],
  [2, { locale: "Sk-sk" }],
  [2, { locale: "cs" }],
  [2, { locale: "cs-CZ" }],
  [2, { locale: "de-DE" }],
  [2, { locale: "en-US" }],
  [2, { locale: "" }],
  [1, { locale: "skk" }],
  [1, { locale: "-sk" }],
  [1, { locale: "s\u006B" }],
  [1, { locale: "\u0455k" }],
  [3, {}],
  [2, null],
  [1, { locale: null }],
  [1, { locale: { $: "undefined" } }],
  [1, { locale: 5 }],
  [1, { locale: true }],
  [1, { locale: ["sk"] }],
  [1, { locale: { $: "StringObject", v: "sk" } }],
  [1, { locale: "sk", extra: 1 }],
  [1, { $: "getters", v: { locale: "sk" } }],
  [1, { $: "inherited", v: { locale: "sk" } }],
  [1, { $: "throwingGetter", key: "locale" }],
  [1, { $: "Proxy", mode: "throwing" }],
  [1, "sk"],
  [1, 5],
  [1, true],
  [1, ["sk"]],
  [1, { $: "function" }],
  [1, { $: "Map", v: [["locale", "sk"]] }],
];

/** Values of every JavaScript type, for arguments that must be something else. */
const NON_STRINGS = [
  { $: "undefined" },
  null,
  0,
  421222202999,
  4.21222202999e11,
  -1,
  { $: "number", v: "NaN" },
  { $: "number", v: "Infinity" },
  { $: "number", v: "-0" },
  true,
  false,
  { $: "bigint", v: "421222202999" },
  { $: "Symbol", v: "421222202999" },
  { $: "function" },
  {},
  [],
  ["+421 222 202 999"],
  { value: "+421 222 202 999" },
  { $: "StringObject", v: "+421 222 202 999" },
  { $: "NumberObject", v: 421222202999 },
  { $: "Date", v: "2024-01-02T03:04:05.000Z" },
  { $: "RegExp", v: "421" },
  { $: "Map", v: [["a", "b"]] },
  { $: "URL", v: "https://example.com/" },
  { $: "URLSearchParams", v: "a=1" },
  { $: "Uint8Array", v: Buffer.from("+421222202999").toString("base64") },
  { $: "Promise", v: "+421 222 202 999" },
  { $: "Proxy", mode: "throwing" },
  { $: "Proxy", mode: "revoked" },
  { $: "toJSON", mode: "value", v: "+421222202999" },
];

function base64(text) {
  return Buffer.from(text, "utf8").toString("base64");
}

// ---------------------------------------------------------------------------------------
// Phone numbers

function phoneDigits(r) {
  const cc = r.chance(0.8) ? r.pick(COUNTRY_CODES) : String(r.int(1, 9)) + r.digits(r.int(0, 2));
  const total = r.weighted([
    [3, () => r.int(1, 7)],
    [20, () => r.int(8, 15)],
    [2, () => r.int(16, 22)],
    [10, () => 12],
  ]);
  const rest = Math.max(0, total - cc.length);
  return { cc, subscriber: r.digits(rest) };
}

function group(r, digits) {
  const groups = [];
  let i = 0;
  while (i < digits.length) {
    const size = r.weighted([[1, 1], [4, 2], [8, 3], [4, 4], [1, 5]]);
    groups.push(digits.slice(i, i + size));
    i += size;
  }
  return groups;
}

function separator(r) {
  return r.weighted([
    [30, " "],
    [15, "-"],
    [8, "."],
    [6, "/"],
    [3, "  "],
    [3, " - "],
    [2, " / "],
    [2, "- "],
    [6, () => r.pick(UNICODE_SPACES)],
    [6, () => r.pick(UNICODE_DASHES)],
    [2, "\t"],
    [12, ""],
  ]);
}

function writtenPhoneNumber(r) {
  const { cc, subscriber } = phoneDigits(r);
  const consistent = r.chance(0.6);
  const sep0 = separator(r);
  const sep = () => (consistent ? sep0 : separator(r));
  const groups = group(r, subscriber);
  if (groups.length > 0 && r.chance(0.12)) {
    const at = r.int(0, groups.length - 1);
    groups[at] = `(${groups[at]})`;
  }
  let body = groups.join("");
  if (groups.length > 0) body = groups.reduce((text, g, i) => (i === 0 ? g : text + sep() + g), "");
  const trunk = r.chance(0.07) ? r.pick(["(0)", " (0)", "(0) ", "0", "(00)"]) : "";
  const prefix = r.weighted([
    [40, () => `+${cc}`],
    [15, () => `00${cc}`],
    [12, () => cc],
    [4, () => `(+${cc})`],
    [3, () => `(${cc})`],
    [2, () => `+ ${cc}`],
    [2, () => `+(${cc})`],
    [2, () => `(00${cc})`],
    [4, () => `0${cc}`],
    [2, () => `011${cc}`],
    [1, () => `+0${cc}`],
    [1, () => `++${cc}`],
    [1, () => `+00${cc}`],
    [1, () => `000${cc}`],
    [1, () => `${cc}+`],
  ]);
  let text = prefix + trunk + (body ? sep() + body : "");
  if (r.chance(0.08)) text = r.insertAt(text, r.pick(INVISIBLE_MARKS));
  if (r.chance(0.05)) text = r.pick(INVISIBLE_MARKS) + text;
  if (r.chance(0.08)) {
    const space = () => r.pick([" ", "  ", "\t", "\n", " \n", "\r\n", ...UNICODE_SPACES, "\u200E"]);
    text = (r.chance(0.5) ? space() : "") + text + (r.chance(0.7) ? space() : "");
  }
  if (r.chance(0.22)) text = corruptPhoneNumber(r, text);
  return text;
}

/** A plainly valid number in a common written form, for functions that take one. */
function plainPhoneNumber(r) {
  const cc = r.pick(COUNTRY_CODES);
  const digits = r.digits(Math.max(1, r.int(9, 13) - cc.length));
  const sep = r.pick([" ", " ", "-", "", "."]);
  return r.pick(["+", "+", "00", ""]) + cc + sep + group(r, digits).join(sep);
}

function corruptPhoneNumber(r, text) {
  return r.weighted([
    [4, () => r.insertAt(text, r.pick(LETTERS))],
    [4, () => r.insertAt(text, r.pick(ODD_CHARACTERS))],
    [3, () => r.replaceAt(text, r.pick(LOOKALIKE_DIGITS))],
    [2, () => r.insertAt(text, r.pick(LINE_BREAKS))],
    [2, () => r.insertAt(text, r.pick(["--", "..", "//", "-.", " -", "- -"]))],
    [2, () => text + r.pick(["-", ".", "/", " -", "/ "])],
    [2, () => r.pick(["-", ".", "/", "- "]) + text],
    [2, () => r.insertAt(text, "+")],
    [2, () => r.insertAt(text, r.pick(["(", ")"]))],
    [1, () => r.insertAt(text, "()")],
    [1, () => `((${text}))`],
    [1, () => `(${text}`],
    [1, () => r.insertAt(text, "(1(2)3)")],
    [2, () => `${text} ext. ${r.digits(r.int(1, 4))}`],
    [1, () => `${text}, ${writtenPhoneNumber(r)}`],
    [1, () => `${text}\n${writtenPhoneNumber(r)}`],
    [1, () => `tel:${text}`],
    [1, () => [...text].reverse().join("")],
    [1, () => text.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))],
    [1, () => text.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)))],
  ]);
}

function phoneNumberCases(r) {
  const fixed = [
    ["readme", "+421 222 202 999"],
    ["readme", "00421-222-202-999"],
    ["readme", "0905 123 456"],
    ["forms", "421222202999"],
    ["forms", "+421222202999"],
    ["forms", "00421222202999"],
    ["forms", "+421.222.202.999"],
    ["forms", "+421/222/202/999"],
    ["forms", "+421 (222) 202-999"],
    ["forms", "(+421) 222 202 999"],
    ["forms", "  +421 222 202 999 \n"],
    ["forms", "+421 (0) 222 202 999"],
    ["forms", "+44 (0)20 7946 0958"],
    ["forms", "+421\u00A0222\u00A0202\u00A0999"],
    ["forms", "+421\u2011222\u2011202\u2011999"],
    ["forms", "\u202A+421 222 202 999\u202C"],
    ["forms", "\u200E+421 222 202 999"],
    ["forms", "\u2066+421 222 202 999\u2069"],
    ["forms", "+421\u00AD222202999"],
    ["forms", "+421 222 202 999\u200F"],
    ["empty", ""],
    ["empty", "   "],
    ["empty", "\u200E"],
    ["empty", "\u00A0"],
    ["empty", "+"],
    ["empty", "00"],
    ["empty", "()"],
    ["empty", "-"],
    ["empty", "+()"],
    ["letters", "+421 222 abc"],
    ["letters", "phone"],
    ["letters", "+421 222 2O2 999"],
    ["leading-zero", "+0421222202999"],
    ["leading-zero", "0421222202999"],
    ["leading-zero", "000421222202999"],
    ["leading-zero", "0 0421 222 202 999"],
    ["length", "1234567"],
    ["length", "12345678"],
    ["length", "+4212345678"],
    ["length", "123456789012345"],
    ["length", "1234567890123456"],
    ["length", "001234567890123456"],
    ["length", "+1234567890123456"],
    ["length", "00" + "1".repeat(15)],
    ["length", "00" + "1".repeat(16)],
    ["length", "9".repeat(40)],
    ["length", { $: "repeat", v: "1", n: 100000 }],
    ["length", { $: "concat", v: ["+421 ", { $: "repeat", v: "2 ", n: 5000 }] }],
    ["separators", "421--222"],
    ["separators", "421 222 202 999 "],
    ["separators", "421 222 202 999-"],
    ["separators", "-421 222 202 999"],
    ["separators", "+ 421 222 202 999"],
    ["separators", "+-421 222 202 999"],
    ["separators", "421 222 202 999 /"],
    ["parentheses", "+421 ((222)) 202 999"],
    ["parentheses", "+421 (222 202 999"],
    ["parentheses", "+421 222) 202 999"],
    ["parentheses", "+421 () 222 202 999"],
    ["parentheses", "(+421 222 202 999)"],
    ["parentheses", "(+)421 222 202 999"],
    ["parentheses", "(00421) 222 202 999"],
    ["parentheses", "(0042)1 222 202 999"],
    ["plus", "+421 222 +202 999"],
    ["plus", "++421222202999"],
    ["plus", "+00421222202999"],
    ["plus", "421222202999+"],
    ["unicode", "\uFF0B421222202999"],
    ["unicode", "\uFF14\uFF12\uFF11222202999"],
    ["unicode", "+421 222 202 999\uD800"],
    ["unicode", "+421 222 202 999\u0000"],
    ["unicode", "+421\u2028222202999"],
    ["unicode", "+421\u0085222202999"],
    ["unicode", "+421\u180E222202999"],
    ["unicode", "+421\u3000222\u3000202\u3000999"],
    ["unicode", "+421\u2212222\u2212202\u2212999"],
  ];
  const cases = fixed.map(([note, input]) => ({ note: `phone:${note}`, args: [input] }));
  for (const value of NON_STRINGS) cases.push({ note: "phone:non-string", args: [value] });
  cases.push({ note: "phone:no-argument", args: [] });
  cases.push({ note: "phone:extra-argument", args: ["+421 222 202 999", "sk"] });
  return {
    fixed: cases,
    random: () => ({ note: "phone:random", args: [writtenPhoneNumber(r)] }),
  };
}

// ---------------------------------------------------------------------------------------
// Tokens and base URLs

function token(r) {
  return r.weighted([
    [60, () => r.chars(r.int(1, 64), VISIBLE_ASCII)],
    [10, () => r.chars(r.pick([32, 40, 64]), HEX)],
    [6, () => `eyJ${r.chars(r.int(10, 40), ALNUM)}.${r.chars(r.int(10, 60), ALNUM)}.${r.chars(43, [...ALNUM, "-", "_"])}`],
    [6, () => r.pick(["test-token", "my-token", "tok.EN-123", "x", "!", "~", "a".repeat(300)])],
    [3, ""],
    [3, () => r.insertAt(r.chars(r.int(4, 32), ALNUM), r.pick([" ", "  ", "\t"]))],
    [3, () => r.chars(r.int(4, 32), ALNUM) + r.pick(["\n", "\r\n", "\r", " ", "\t"])],
    [2, () => r.pick([" ", "\n", "\r\n"]) + r.chars(r.int(4, 32), ALNUM)],
    [2, () => `Bearer ${r.chars(r.int(4, 32), ALNUM)}`],
    [2, () => `${r.chars(8, ALNUM)}\r\nX-Injected: 1`],
    [4, () => r.insertAt(r.chars(r.int(4, 32), ALNUM), r.pick(["\u00E9", "\u00A0", "\u200B", "\u043E", "\u{1F511}", "\u0000", "\u007F", "\u0080", "\uFEFF", "\uD800", "\u2028"]))],
    [1, () => ({ $: "repeat", v: "t", n: 70000 })],
    [4, () => r.pick(NON_STRINGS)],
  ]);
}

function baseUrl(r) {
  const scheme = r.weighted([
    [40, "https://"],
    [18, "http://"],
    [3, "HTTPS://"],
    [2, "Http://"],
    [1, "https:/"],
    [1, "https:"],
    [1, "https:///"],
    [1, "ftp://"],
    [1, "ws://"],
    [1, "file://"],
    [1, "//"],
    [1, ""],
    [1, "javascript:"],
    [1, "https ://"],
  ]);
  const host = r.weighted([
    [14, "paidmethods.kompaas.tech"],
    [4, "PaidMethods.KOMPaaS.tech"],
    [4, "api.example.com"],
    [8, "localhost"],
    [1, "LOCALHOST"],
    [1, "localhost."],
    [8, "127.0.0.1"],
    [2, "127.8.9.10"],
    [1, "127.255.255.254"],
    [1, "127.0.0.01"],
    [1, "127.1"],
    [1, "127.000.000.001"],
    [3, "[::1]"],
    [1, "[0:0:0:0:0:0:0:1]"],
    [1, "[::ffff:127.0.0.1]"],
    [1, "[::1"],
    [1, "[]"],
    [1, "[fe80::1%25eth0]"],
    [2, "10.0.0.5"],
    [2, "192.168.1.10"],
    [1, "0.0.0.0"],
    [1, "128.0.0.1"],
    [1, "126.255.255.255"],
    [1, "localhost.example.com"],
    [1, "127.0.0.1.nip.io"],
    [1, "xn--bcher-kva.example"],
    [1, "b\u00FCcher.example"],
    [1, ""],
    [1, "example..com"],
    [1, ".example.com"],
    [1, "exa mple.com"],
    [1, "a_b.example"],
    [1, "-lead.example"],
    [1, "host\\evil.com"],
    [1, "a".repeat(254)],
  ]);
  const userinfo = r.chance(0.03) ? r.pick(["user@", "user:pass@", "@", "localhost@"]) : "";
  const port = r.weighted([
    [70, ""],
    [4, ":443"],
    [6, ":8788"],
    [2, ":80"],
    [1, ":0"],
    [1, ":65535"],
    [1, ":65536"],
    [1, ":"],
    [1, ":abc"],
    [1, ":123456"],
    [1, ":08788"],
    [1, ":+80"],
  ]);
  const path = r.weighted([
    [50, ""],
    [15, "/"],
    [2, "//"],
    [4, "/api"],
    [3, "/api/"],
    [2, "/api//x"],
    [2, "/v1/proxy/"],
    [1, "/a b"],
    [1, "?x=1"],
    [1, "/?x=1"],
    [1, "#frag"],
    [1, "/%2F"],
    [1, "\\path"],
    [1, "/p\u00E4th"],
    [1, "///"],
  ]);
  let text = scheme + userinfo + host + port + path;
  if (r.chance(0.05)) text = r.pick([" ", "\t", "\n", "\u00A0"]) + text + r.pick(["", " ", "\n"]);
  return text;
}

function baseUrlValue(r) {
  return r.weighted([
    [30, () => ({ absent: true })],
    [60, () => baseUrl(r)],
    [2, { $: "undefined" }],
    [2, null],
    [1, ""],
    [1, " "],
    [1, "paidmethods.kompaas.tech"],
    [1, { $: "URL", v: "https://paidmethods.kompaas.tech/" }],
    [1, 443],
    [1, true],
    [1, {}],
    [1, ["https://paidmethods.kompaas.tech"]],
    [1, { $: "StringObject", v: "https://paidmethods.kompaas.tech" }],
  ]);
}

function requestOptions(r) {
  const options = {};
  const order = r.chance(0.8) ? ["token", "phoneNumber", "baseUrl"] : ["baseUrl", "phoneNumber", "token"];
  const values = {
    token: r.chance(0.03) ? { absent: true } : token(r),
    phoneNumber: r.weighted([
      [3, () => ({ absent: true })],
      [45, () => plainPhoneNumber(r)],
      [40, () => writtenPhoneNumber(r)],
      [5, () => r.pick(["+421 222 202 999", "421222202999", "+421 900 123 450"])],
      [5, () => r.pick(NON_STRINGS)],
    ]),
    baseUrl: baseUrlValue(r),
  };
  for (const key of order) {
    const value = values[key];
    if (value && typeof value === "object" && value.absent === true) continue;
    options[key] = value;
  }
  if (r.chance(0.05)) options[r.pick(["timeoutMs", "fetch", "signal", "extra", "Token", "phone_number"])] = r.pick([1000, "x", null, true]);
  return r.weighted([
    [94, options],
    [1, () => ({ $: "getters", v: options })],
    [1, () => ({ $: "inherited", v: options })],
    [1, () => ({ $: "nullProto", v: options })],
    [1, () => ({ $: "Proxy", mode: "transparent", v: options })],
    [1, () => ({ $: "throwingGetter", key: r.pick(["token", "phoneNumber", "baseUrl"]), v: options })],
    [1, () => ({ $: "Map", v: Object.entries(options) })],
  ]);
}

function requestCases(r) {
  const fixed = [
    ["readme", { token: "my-token", phoneNumber: "+421 222 202 999" }],
    ["readme", { token: "test-token", phoneNumber: "+421 900 123 450", baseUrl: "http://127.0.0.1:8788" }],
    ["readme", { token: "my-token", phoneNumber: "+421 222 202 999", baseUrl: "https://paidmethods.kompaas.tech" }],
    ["base-url", { token: "t", phoneNumber: "+421 222 202 999", baseUrl: "https://paidmethods.kompaas.tech/" }],
    ["base-url", { token: "t", phoneNumber: "+421 222 202 999", baseUrl: "http://localhost:8788/" }],
    ["base-url", { token: "t", phoneNumber: "+421 222 202 999", baseUrl: "http://[::1]:8788" }],
    ["base-url", { token: "t", phoneNumber: "+421 222 202 999", baseUrl: "http://paidmethods.kompaas.tech" }],
    ["base-url", { token: "t", phoneNumber: "+421 222 202 999", baseUrl: "http://127.0.0.1.example.com" }],
    ["base-url", { token: "t", phoneNumber: "+421 222 202 999", baseUrl: "https://user:pass@paidmethods.kompaas.tech" }],
    ["base-url", { token: "t", phoneNumber: "+421 222 202 999", baseUrl: "https://paidmethods.kompaas.tech?x" }],
    ["base-url", { token: "t", phoneNumber: "+421 222 202 999", baseUrl: "https://paidmethods.kompaas.tech#x" }],
    ["base-url", { token: "t", phoneNumber: "+421 222 202 999", baseUrl: "junk" }],
    ["base-url", { token: "t", phoneNumber: "+421 222 202 999", baseUrl: "" }],
    ["base-url", { token: "t", phoneNumber: "+421 222 202 999", baseUrl: null }],
    ["base-url", { token: "t", phoneNumber: "+421 222 202 999", baseUrl: { $: "undefined" } }],
    ["token", { token: "", phoneNumber: "+421 222 202 999" }],
    ["token", { token: "a b", phoneNumber: "+421 222 202 999" }],
    ["token", { token: "abc\r\nX-Evil: 1", phoneNumber: "+421 222 202 999" }],
    ["token", { token: "t\u00F6ken", phoneNumber: "+421 222 202 999" }],
    ["token", { token: 12345, phoneNumber: "+421 222 202 999" }],
    ["order", { token: "", phoneNumber: "0905", baseUrl: "ftp://x" }],
    ["order", { token: "ok", phoneNumber: "0905", baseUrl: "ftp://x" }],
    ["order", { token: "ok", phoneNumber: 5, baseUrl: 5 }],
    ["order", { token: 5, phoneNumber: 5, baseUrl: 5 }],
    ["order", { token: "a b", phoneNumber: "+421 222 202 999", baseUrl: 5 }],
    ["shape", {}],
    ["shape", { phoneNumber: "+421 222 202 999" }],
    ["shape", { token: "t" }],
    ["shape", { $: "object", v: { token: "t", phoneNumber: "+421 222 202 999", $: "tag-like key" } }],
    ["shape", { token: "t", phoneNumber: "+421 222 202 999", __proto__x: 1 }],
    ["shape", { $: "Proxy", mode: "throwing" }],
    ["shape", { $: "Proxy", mode: "revoked" }],
    ["shape", { $: "throwingGetter", key: "token", v: { phoneNumber: "+421 222 202 999" } }],
    ["shape", { $: "throwingGetter", key: "phoneNumber", v: { token: "t" } }],
    ["shape", { $: "throwingGetter", key: "baseUrl", v: { token: "t", phoneNumber: "+421 222 202 999" } }],
    ["shape", { $: "inherited", v: { token: "t", phoneNumber: "+421 222 202 999" } }],
    ["shape", { $: "nullProto", v: { token: "t", phoneNumber: "+421 222 202 999" } }],
    ["shape", { $: "getters", v: { token: "t", phoneNumber: "+421 222 202 999", baseUrl: "http://localhost" } }],
    ["shape", { $: "URLSearchParams", v: "token=t&phoneNumber=421222202999" }],
    ["shape", { $: "Error", ctor: "Error", message: "x", props: { token: "t", phoneNumber: "+421 222 202 999" } }],
  ];
  const cases = fixed.map(([note, options]) => ({ note: `request:${note}`, args: [options] }));
  for (const value of NON_STRINGS) cases.push({ note: "request:non-object", args: [value] });
  cases.push({ note: "request:non-object", args: ["my-token"] });
  cases.push({ note: "request:no-argument", args: [] });
  cases.push({ note: "request:extra-argument", args: [{ token: "t", phoneNumber: "+421 222 202 999" }, { baseUrl: "http://localhost" }] });
  cases.push({ note: "request:token-as-second-argument", args: ["+421 222 202 999", "t"] });
  return {
    fixed: cases,
    random: () => ({ note: "request:random", args: [requestOptions(r)] }),
  };
}

// ---------------------------------------------------------------------------------------
// verification_call_uuid

function callId(r) {
  return r.weighted([
    [30, () => r.chars(12, HEX)],
    [5, () => r.chars(r.int(1, 40), HEX)],
    [5, () => r.chars(r.int(1, 20), ALNUM)],
    [2, () => `${r.chars(6, HEX)}-${r.chars(6, HEX)}`],
    [1, () => `${r.chars(6, HEX)}.${r.chars(6, HEX)}`],
    [1, () => `${r.chars(4, HEX)}_${r.chars(4, HEX)}`],
    [1, () => r.chars(r.int(100, 130), HEX)],
    [1, ""],
    [1, () => r.insertAt(r.chars(12, HEX), r.pick([" ", "\t", "\u00E9", "\u00A0", "\u200B", "\n"]))],
    [1, () => r.chars(12, VISIBLE_ASCII)],
  ]);
}

function accountId(r) {
  return r.weighted([
    [30, () => String(r.int(1, 9)) + r.digits(r.int(0, 8))],
    [3, "117793"],
    [2, () => r.digits(r.int(1, 3))],
    [1, () => r.digits(40)],
    [1, "0"],
    [1, "007"],
    [1, ""],
    [2, () => r.replaceAt(r.digits(6), r.pick(["a", "x", "-", "+", " ", ".", "\u0661", "\uFF11", "_"]))],
    [1, "-1"],
    [1, "1e5"],
    [1, "117793 "],
    [1, "abc"],
  ]);
}

function uuidText(r) {
  const sep = r.weighted([[40, "_"], [6, "__"], [2, "___"], [2, ""], [1, "-"], [1, " _ "], [1, "_ "], [1, "\uFF3F"]]);
  let text = callId(r) + sep + accountId(r);
  if (r.chance(0.04)) text = `_${text}`;
  if (r.chance(0.04)) text = `${text}_`;
  if (r.chance(0.08)) {
    const ws = () => r.pick([" ", "  ", "\t", "\n", "\r\n", "\u00A0", "\u3000", "\u200B", "\uFEFF", "\u2028"]);
    text = (r.chance(0.6) ? ws() : "") + text + (r.chance(0.6) ? ws() : "");
  }
  return text;
}

function uuidCases(r) {
  const fixed = [
    "119214e015ed_117793",
    "fa278be48dc2_117793",
    "fa278be48dc2__117793",
    "fa278be48dc2___117793",
    " fa278be48dc2_117793 ",
    "\tfa278be48dc2_117793\n",
    "\u00A0fa278be48dc2_117793\u00A0",
    "\u200Bfa278be48dc2_117793",
    "fa278be48dc2 _117793",
    "fa278be48dc2_ 117793",
    "fa278be48dc2_117 793",
    "_117793",
    "__117793",
    "fa278be48dc2_",
    "fa278be48dc2__",
    "_",
    "__",
    "",
    " ",
    "fa278be48dc2",
    "fa278be48dc2-117793",
    "fa278be48dc2_11779a",
    "fa278be48dc2_-117793",
    "fa278be48dc2_\uFF11\uFF11",
    "fa278be48dc2_\u0661\u0662",
    "a_b_1",
    "a_1_b",
    "a__b__1",
    "\u00E9_1",
    "a_1",
    "A_0",
    `${"a".repeat(126)}_1`,
    `${"a".repeat(127)}_1`,
    `${"a".repeat(128)}_1`,
    `  ${"a".repeat(126)}_1  `,
    "{{verification_call_uuid}}",
    "119214e015ed_117793\u0000",
    "119214e015ed_117793\uD800",
  ];
  const cases = fixed.map((uuid) => ({ note: "uuid:fixed", args: [uuid] }));
  for (const value of NON_STRINGS) cases.push({ note: "uuid:non-string", args: [value] });
  cases.push({ note: "uuid:non-string", args: [{ $: "StringObject", v: "fa278be48dc2_117793" }] });
  cases.push({ note: "uuid:non-string", args: [117793] });
  cases.push({ note: "uuid:no-argument", args: [] });
  cases.push({ note: "uuid:long", args: [{ $: "repeat", v: "a_1", n: 100000 }] });
  return {
    fixed: cases,
    random: () => ({ note: "uuid:random", args: [uuidText(r)] }),
  };
}

// ---------------------------------------------------------------------------------------
// Call status

const FINAL_STATUSES = ["ANSWER", "CANCEL", "BUSY", "NOANSWER", "NO ANSWER", "CONGESTION", "CHANUNAVAIL", "FAILED", "DONTCALL", "TORTURE", "INVALIDARGS"];

function casing(r, text) {
  return r.weighted([
    [5, text],
    [3, () => text.toLowerCase()],
    [2, () => text.charAt(0) + text.slice(1).toLowerCase()],
    [1, () => [...text].map((c) => (r.chance(0.5) ? c.toLowerCase() : c)).join("")],
  ]);
}

function finalStatusValue(r) {
  return r.weighted([
    [12, () => ({ absent: true })],
    [6, { $: "undefined" }],
    [6, null],
    [25, () => casing(r, "ANSWER")],
    [15, () => casing(r, "CANCEL")],
    [10, () => casing(r, r.pick(FINAL_STATUSES))],
    [6, () => {
      const ws = () => r.pick([" ", "  ", "\t", "\n", "\r\n", "\u00A0", "\u3000", "\u200B"]);
      return ws() + casing(r, r.pick(["ANSWER", "CANCEL"])) + (r.chance(0.7) ? ws() : "");
    }],
    [3, ""],
    [2, () => r.pick([" ", "\t", "\n", "\u00A0"])],
    [3, () => r.pick(["AN\nSWER", "ANSWER\u0000", "ANS\tWER", "ANSWER\u007F", "ANSWER\u0085", "\u0007"])],
    [2, () => "A".repeat(r.pick([63, 64, 65, 100]))],
    [1, () => `${" ".repeat(10)}${"A".repeat(64)}${" ".repeat(10)}`],
    [2, () => r.pick(["\u00E1nswer", "answ\u00E9r", "\u0410NSWER", "ANSWER\u200B", "\uFF21NSWER", "\u{1F4DE}", "\u00DF", "\u0131", "ANSWER\uD800"])],
    [2, () => r.pick(["ANSWERED", "ANSWER.", "'ANSWER'", "\"ANSWER\"", "{{final_status}}", "16", "null", "undefined"])],
    [4, () => r.pick([16, 0, true, false, {}, [], ["ANSWER"], { $: "StringObject", v: "ANSWER" }, { $: "number", v: "NaN" }, { $: "bigint", v: "1" }, { $: "Symbol", v: "ANSWER" }, { $: "function" }, { $: "Proxy", mode: "throwing" }])],
  ]);
}

function q931Value(r) {
  return r.weighted([
    [20, () => r.int(0, 127)],
    [10, () => r.pick([16, 17, 31, 41])],
    [6, () => String(r.int(0, 127))],
    [4, () => r.pick(["16", "17", "31", "41"])],
    [3, () => r.pick([-1, 128, 129, 255, 256, 1000, -128, 65536, 2 ** 31, 2 ** 53, -(2 ** 53)])],
    [3, () => r.pick([16.5, 0.5, 127.5, 16.000001, 15.999999999999998, 1e-300, -0.5, 126.99999999999999])],
    [2, () => r.pick([{ $: "number", v: "NaN" }, { $: "number", v: "Infinity" }, { $: "number", v: "-Infinity" }, { $: "number", v: "-0" }, 1e21, 1.6e1])],
    [6, () => {
      const n = r.chance(0.8) ? r.int(0, 127) : r.int(128, 999);
      const zeros = "0".repeat(r.pick([0, 1, 2, 3, 5]));
      const ws = () => r.pick(["", " ", "  ", "\t", "\n", "\r\n", "\u00A0", "\u3000"]);
      return ws() + zeros + n + ws();
    }],
    [4, () => r.pick(["", " ", "0", "00", "0000", "000000000000016", "0128", "0127", "127", "128", "1000", "+16", "-16", "-0", "16.0", "16.", ".5", "1e1", "0x10", "0b1", "0o20", "16n", "1_6", "1 6", "16,0", "\u0661\u0666", "\uFF11\uFF16", "16\u0000", "16\u200B", "\u200B16", "{{q931_status}}", "NaN", "Infinity", "null", "sixteen", "16a", "a16"])],
    [4, () => r.pick([{ $: "undefined" }, null, true, false, {}, [], [16], ["16"], { $: "bigint", v: "16" }, { $: "NumberObject", v: 16 }, { $: "StringObject", v: "16" }, { $: "Symbol", v: "16" }, { $: "function" }, { $: "Date", v: "1970-01-01T00:00:00.016Z" }, { $: "toJSON", mode: "value", v: 16 }, { $: "Proxy", mode: "throwing" }])],
  ]);
}

function statusCases(r) {
  const cases = [];
  const add = (note, args) => cases.push({ note: `status:${note}`, args });
  add("readme", [16, "ANSWER"]);
  add("readme", ["17", "cancel", { locale: "sk" }]);
  add("readme", [16]);
  for (let q = 0; q <= 127; q += 1) add("every-cause", [q]);
  for (let q = 0; q <= 127; q += 1) add("every-cause-sk", [q, "CANCEL", { locale: "sk" }]);
  for (const q of [16, 17, 31, 41, 1]) {
    for (const fs of ["ANSWER", "CANCEL", "answer", " Answer ", "NO ANSWER", "", null, { $: "undefined" }]) {
      for (const locale of [undefined, { locale: "en" }, { locale: "sk" }, { locale: "sk-SK" }, { locale: "fr" }, { locale: 5 }, "sk"]) {
        add("table", locale === undefined ? [q, fs] : [q, fs, locale]);
      }
    }
  }
  add("no-argument", []);
  add("extra-argument", [16, "ANSWER", { locale: "sk" }, "extra"]);
  add("options-without-final-status", [16, { locale: "sk" }]);
  add("undefined-final-status-with-options", [16, { $: "undefined" }, { locale: "sk" }]);
  add("null-final-status-with-options", [17, null, { locale: "sk-SK" }]);
  return {
    fixed: cases,
    random: () => {
      const args = [q931Value(r)];
      const fs = finalStatusValue(r);
      const options = r.weighted(LOCALE_OPTIONS);
      const hasFs = !(fs && typeof fs === "object" && fs.absent === true);
      if (options !== undefined) args.push(hasFs ? fs : { $: "undefined" }, options);
      else if (hasFs) args.push(fs);
      return { note: "status:random", args };
    },
  };
}

// ---------------------------------------------------------------------------------------
// The provider's response

const PROVIDER_SUCCESS_TEXT = readFileSync(new URL("../fixtures/confirmation-call-success.json", import.meta.url), "utf8");

function stringOrNumber(r, digits) {
  return r.weighted([
    [6, digits],
    [3, () => Number(digits)],
    [1, () => ` ${digits} `],
    [1, () => `${Number(digits)}.0`],
    [1, ""],
    [1, null],
    [1, () => ({ $: "absent" })],
    [1, true],
    [1, () => [digits]],
    [1, () => ({ v: digits })],
    [1, () => Number(digits) + 0.5],
    [1, () => -Number(digits)],
  ]);
}

function responseUuid(r) {
  return r.weighted([
    [60, () => `${r.chars(12, HEX)}_${String(r.int(1, 9)) + r.digits(r.int(0, 6))}`],
    [4, () => uuidText(r)],
    [3, () => ({ $: "absent" })],
    [2, null],
    [2, ""],
    [2, "   "],
    [2, () => r.int(1, 999999)],
    [1, true],
    [1, () => ["a_1"]],
    [1, () => ({ id: "a_1" })],
    [1, "nounderscore"],
    [1, "abc_x1"],
    [1, "{{verification_call_uuid}}"],
  ]);
}

/** Members as [key, value] pairs, so duplicates survive into JSON text; {$:"absent"} drops one. */
function members(pairs) {
  return pairs.filter(([, v]) => !(v && typeof v === "object" && v.$ === "absent" && Object.keys(v).length === 1));
}

function providerMessage(r) {
  return r.pick(["Insufficient funds", "Phone number is invalid", "Invalid token", "Too many requests", "", "   ", "x".repeat(300), "Neplatn\u00E9 \u010D\u00EDslo", "line1\nline2", "quote \" inside", "\u0000"]);
}

function errorMembers(r) {
  const out = [];
  if (r.chance(0.6)) out.push(["status", r.pick(["error", "fail", "failed", "ERROR", false, 0, 1, "", "success", "ok", true, null, 500, { $: "absent" }])]);
  if (r.chance(0.5)) out.push(["code", r.pick(["INVALID_PHONE", 1002, 401, "1002", " 42 ", "", true, null, 12.5, -3, { x: 1 }, "RATE_LIMIT", "test-token"])]);
  const where = r.int(0, 6);
  const message = providerMessage(r);
  if (where === 0) out.push(["message", message]);
  if (where === 1) out.push(["error", message]);
  if (where === 2) out.push(["error", { message, code: "E1" }]);
  if (where === 3) out.push(["detail", message]);
  if (where === 4) out.push(["description", message]);
  if (where === 5) out.push(["object", nested([["message", message]])]);
  if (r.chance(0.3)) out.push([r.pick(["ok", "Ok", "OK"]), r.pick([false, "false", "FALSE", 0, "0", true, "true", 1, null])]);
  return out;
}

function successMembers(r) {
  const shape = r.weighted([[5, "example"], [4, "prose"], [1, "mixed"]]);
  const uuid = responseUuid(r);
  if (shape === "example") {
    const object = members([
      ["login_did", stringOrNumber(r, "7777777777")],
      ["code", stringOrNumber(r, String(r.int(0, 9999)).padStart(4, "0"))],
      ["account_id", r.chance(0.1) ? r.pick(["abc", "11a", " 117793 ", "", null, 117793.5]) : stringOrNumber(r, String(r.int(1, 999999)))],
      ["verification_call_uuid", uuid],
    ]);
    if (r.chance(0.15)) object.push([r.pick(["extra", "note", "caller_number", "message", "__proto__"]), r.pick(["x", 1, null, { a: 1 }])]);
    if (r.chance(0.1)) object.reverse();
    const top = members([
      ["status", r.weighted([[10, "success"], [1, "SUCCESS"], [1, "Success"], [1, "ok"], [1, "OK"], [1, true], [1, null], [1, { $: "absent" }], [2, "error"], [1, "fail"], [1, false], [1, 0], [1, ""], [1, " success "]])],
      ["code", r.pick([200, 200, "200", 0, 500, "OK", { $: "absent" }])],
      ["object", r.weighted([[20, nested(object)], [1, null], [1, []], [1, "x"], [1, {}]])],
    ]);
    if (r.chance(0.1)) top.push(["verification_call_uuid", responseUuid(r)]);
    if (r.chance(0.1)) top.push([r.pick(["ok", "Ok", "OK"]), r.pick([false, true, "false", 0])]);
    return top;
  }
  const top = members([
    [r.weighted([[6, "Ok"], [2, "ok"], [1, "OK"]]), r.weighted([[10, true], [1, false], [1, "true"], [1, "false"], [1, 1], [1, 0], [1, null], [1, "yes"]])],
    ["caller_number", stringOrNumber(r, "421900" + r.digits(6))],
    ["verification_call_uuid", uuid],
  ]);
  if (shape === "mixed") top.push(["object", { verification_call_uuid: responseUuid(r), login_did: "123" }]);
  if (r.chance(0.1)) top.push(["account_id", stringOrNumber(r, "42")]);
  if (r.chance(0.1)) top.reverse();
  return top;
}

/** A nested object written as [key, value] pairs (duplicates and odd keys kept). */
function nested(pairs) {
  return { __pairs: pairs };
}

const isNested = (v) => v !== null && typeof v === "object" && Array.isArray(v.__pairs);

/** JSON text of [key, value] pairs, keeping duplicates, in one of a few layouts. */
function jsonText(r, pairs, layout = r.weighted([[6, "compact"], [2, "spaced"], [1, "pretty"]])) {
  const body = pairs.map(([k, v]) => {
    const text = isNested(v) ? jsonText(r, v.__pairs, layout) : JSON.stringify(v);
    if (layout === "compact") return `${JSON.stringify(k)}:${text}`;
    if (layout === "spaced") return `${JSON.stringify(k)}: ${text}`;
    return `\n  ${JSON.stringify(k)}: ${text}`;
  });
  if (layout === "compact") return `{${body.join(",")}}`;
  if (layout === "spaced") return `{${body.join(", ")}}`;
  return `{${body.join(",")}\n}`;
}

/** The object JSON.parse would make of the pairs (the last duplicate wins). */
function pairsValue(pairs) {
  const out = {};
  for (const [k, v] of pairs) {
    Object.defineProperty(out, k, { value: isNested(v) ? pairsValue(v.__pairs) : v, writable: true, enumerable: true, configurable: true });
  }
  return out;
}

/** That object in stored form. */
function pairsObject(pairs) {
  return encode(pairsValue(pairs));
}

function withDuplicate(r, pairs) {
  if (pairs.length === 0 || !r.chance(0.06)) return pairs;
  const [k] = r.pick(pairs);
  const copy = [...pairs];
  copy.splice(r.int(0, copy.length), 0, [k, r.pick(["a_1", "error", 16, null, "success", false])]);
  return copy;
}

function asBytes(r, text) {
  const tag = r.pick(["Uint8Array", "ArrayBuffer", "Buffer", "Uint8Array", "Buffer"]);
  const out = { $: tag, v: base64(text) };
  if (tag !== "ArrayBuffer" && r.chance(0.3)) {
    out.offset = r.int(1, 16);
    out.slack = r.int(0, 16);
  }
  return out;
}

function responseBody(r) {
  const pairs = withDuplicate(r, r.chance(0.8) ? successMembers(r) : errorMembers(r));
  const text = jsonText(r, pairs);
  return r.weighted([
    [30, text],
    [3, () => `\uFEFF${text}`],
    [3, () => r.pick([" ", "\n", "\r\n\t"]) + text + r.pick(["", "\n", " "])],
    [20, () => pairsObject(pairs)],
    [12, () => asBytes(r, text)],
    [1, () => ({ $: "DataView", v: base64(text) })],
    [1, () => ({ $: "Uint8Array", v: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text)]).toString("base64") })],
    [1, () => ({ $: "Uint8Array", v: Buffer.from(text, "utf16le").toString("base64") })],
    [1, () => ({ $: "Uint8Array", v: Buffer.from(text, "latin1").toString("base64") })],
    [2, () => `[${text}]`],
    [1, () => [pairsObject(pairs)]],
    [1, () => text.slice(0, r.int(0, text.length - 1))],
    [1, () => `${text}x`],
    [1, () => `${text}${text}`],
    [1, () => text.replace(/:/, ":/*c*/")],
    [1, () => text.replace(/"/g, "'")],
    [1, () => ({ $: "toJSON", mode: "value", v: pairsObject(pairs) })],
    [1, () => ({ $: "getters", v: pairsObject(pairs) })],
  ]);
}

const NON_JSON_BODIES = [
  "", " ", "\n", "<html><body>502 Bad Gateway</body></html>", "OK", "success", "null", "true", "false", "42", "-1", "1e400",
  "\"success\"", "[]", "[1,2]", "[{\"status\":\"success\"}]", "{", "}", "{\"a\":", "{\"a\":1,}", "{'a':1}", "{a:1}",
  "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":1} {\"b\":2}", "{\"a\":\"\\x41\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\u0000\"}",
  "{\"a\":\"\ud800\"}", "\uFEFF", "\uFEFF\uFEFF{}", "{}", "{\"\":\"\"}", "{\"a\":01}", "{\"a\":.5}", "{\"a\":1.}",
  "{\"a\":-}", "{\"a\":1e}", "{\"a\":tru}", "{\"__proto__\":{\"verification_call_uuid\":\"a_1\"}}",
  "{\"object\":{\"__proto__\":{\"verification_call_uuid\":\"a_1\"}}}", "{\"constructor\":{\"prototype\":{}}}",
  `${"[".repeat(10000)}${"]".repeat(10000)}`, `${"{\"a\":".repeat(5000)}1${"}".repeat(5000)}`,
];

const HTTP_STATUSES = [200, 200, 200, 201, 204, 299, 300, 302, 304, 400, 401, 403, 404, 409, 418, 422, 429, 500, 502, 503, 504, 599];
const INVALID_HTTP_STATUSES = [0, 99, 100, 600, 1000, 200.5, -200, { $: "number", v: "NaN" }, { $: "number", v: "Infinity" }, { $: "number", v: "-0" }, "200", "", "abc", true, false, {}, [200], { $: "bigint", v: "200" }, { $: "NumberObject", v: 200 }, { $: "Symbol", v: "200" }, { $: "function" }];

function httpStatus(r) {
  return r.weighted([
    [10, () => ({ absent: true })],
    [3, { $: "undefined" }],
    [2, null],
    [45, () => r.pick([200, 200, 200, 201])],
    [30, () => r.pick(HTTP_STATUSES)],
    [8, () => r.pick(INVALID_HTTP_STATUSES)],
  ]);
}

function responseCases(r) {
  const cases = [];
  const add = (note, args) => cases.push({ note: `response:${note}`, args });
  add("readme-example", [PROVIDER_SUCCESS_TEXT, 200]);
  add("readme-example", [PROVIDER_SUCCESS_TEXT]);
  add("readme-example-object", [JSON.parse(PROVIDER_SUCCESS_TEXT), 200]);
  add("readme-example-bytes", [{ $: "Uint8Array", v: base64(PROVIDER_SUCCESS_TEXT) }, 200]);
  add("readme-example-bytes", [{ $: "ArrayBuffer", v: base64(PROVIDER_SUCCESS_TEXT) }, 201]);
  add("readme-example-bytes", [{ $: "Buffer", v: base64(PROVIDER_SUCCESS_TEXT) }, 200]);
  add("prose", ['{"Ok": true, "caller_number": "421900000000", "verification_call_uuid": "fa278be48dc2_117793"}', 200]);
  add("prose-object", [{ Ok: true, caller_number: "421900123456", verification_call_uuid: "fa278be48dc2_117793" }]);
  for (const status of [...HTTP_STATUSES, ...INVALID_HTTP_STATUSES, { $: "undefined" }, null]) {
    add("example-by-status", [PROVIDER_SUCCESS_TEXT, status]);
    add("failure-by-status", ['{"status":"error","code":"INVALID_PHONE","message":"Phone number is invalid"}', status]);
    add("html-by-status", ["<html>502</html>", status]);
    add("empty-by-status", ["", status]);
  }
  for (const body of NON_JSON_BODIES) {
    add("not-json", [body, 200]);
    add("not-json-500", [body, 500]);
    add("not-json-no-status", [body]);
  }
  for (const value of NON_STRINGS) {
    add("non-data-body", [value, 200]);
    add("non-data-body-401", [value, 401]);
  }
  for (const body of [
    { $: "Response", v: PROVIDER_SUCCESS_TEXT },
    { $: "Request", v: "https://example.com/" },
    { $: "Promise", v: PROVIDER_SUCCESS_TEXT },
    { $: "thenable" },
    { $: "FormData", v: [["verification_call_uuid", "a_1"]] },
    { $: "URLSearchParams", v: "verification_call_uuid=a_1" },
    { $: "throwingGetter", key: "status", v: { verification_call_uuid: "a_1" } },
    { $: "Proxy", mode: "throwing" },
    { $: "Proxy", mode: "transparent", v: { Ok: true, verification_call_uuid: "a_1" } },
    { $: "cyclic", v: { Ok: true, verification_call_uuid: "a_1" } },
    { $: "deep", n: 200000 },
    { $: "toJSON", mode: "throws" },
    { $: "toJSON", mode: "undefined" },
    { $: "toJSON", mode: "value", v: PROVIDER_SUCCESS_TEXT },
    { $: "nullProto", v: { Ok: true, verification_call_uuid: "a_1" } },
    { $: "inherited", v: { Ok: true, verification_call_uuid: "a_1" } },
    { Ok: true, verification_call_uuid: "a_1", big: { $: "bigint", v: "1" } },
    { Ok: true, verification_call_uuid: "a_1", f: { $: "function" } },
    { Ok: true, verification_call_uuid: "a_1", u: { $: "undefined" } },
    { Ok: true, verification_call_uuid: "a_1", n: { $: "number", v: "NaN" } },
    { Ok: true, verification_call_uuid: { $: "StringObject", v: "a_1" } },
    { Ok: true, verification_call_uuid: "a_1", d: { $: "Date", v: "2024-01-02T03:04:05.000Z" } },
  ]) {
    add("object-body", [body, 200]);
    add("object-body-503", [body, 503]);
  }
  const big = (status) => [{ $: "concat", v: ['{"Ok":true,"verification_call_uuid":"a_1","pad":"', { $: "repeat", v: "x", n: 262144 }, '"}'] }, status];
  add("oversized", big(200));
  add("oversized", big(500));
  add("oversized", big(undefined));
  add("oversized-just-under", [{ $: "concat", v: ['{"Ok":true,"verification_call_uuid":"a_1","pad":"', { $: "repeat", v: "x", n: 262144 - 47 }, '"}'] }, 200]);
  add("oversized-bytes", [{ $: "Uint8Array", text: { $: "concat", v: ['{"Ok":true,"verification_call_uuid":"a_1","pad":"', { $: "repeat", v: "x", n: 262144 }, '"}'] } }, 200]);
  add("oversized-bytes", [{ $: "ArrayBuffer", text: { $: "repeat", v: " ", n: 262145 } }, 500]);
  add("token-like-provider-code", ['{"status":"error","code":"test-token","message":"bad test-token"}', 401]);
  add("no-argument", []);
  add("extra-argument", [PROVIDER_SUCCESS_TEXT, 200, "extra"]);
  for (const c of cases) c.args = c.args.filter((a, i) => !(a === undefined && i === c.args.length - 1));
  return {
    fixed: cases,
    random: () => {
      const args = [r.chance(0.05) ? r.pick(NON_JSON_BODIES) : responseBody(r)];
      const status = httpStatus(r);
      if (!(status && typeof status === "object" && status.absent === true)) args.push(status);
      return { note: "response:random", args };
    },
  };
}

// ---------------------------------------------------------------------------------------
// The webhook

function q931Field(r) {
  return r.weighted([
    [30, () => r.pick([16, 16, 17, 31, 41, 1, 0, 18, 19, 21, 127, r.int(0, 127)])],
    [20, () => String(r.pick([16, 16, 17, 31, 41, 1, 0, 18, 19, 21, 127, r.int(0, 127)]))],
    [3, () => ({ $: "absent" })],
    [2, null],
    [3, () => r.pick([128, 200, -1, 16.5, 1e3, 1.6e1, 160e-1, 16.0, 1e308])],
    [3, () => r.pick(["", " ", " 16 ", "016", "+16", "-1", "16.0", "16.5", "1e1", "{{q931_status}}", "sixteen", "\u0661\u0666", "0x10", "128", "0000000016", "16\n"])],
    [2, () => r.pick([true, false, [16], { v: 16 }])],
  ]);
}

function finalStatusField(r) {
  return r.weighted([
    [30, () => casing(r, r.pick(["ANSWER", "ANSWER", "CANCEL", "CANCEL", "BUSY", "NO ANSWER", "NOANSWER", "CONGESTION"]))],
    [8, () => ({ $: "absent" })],
    [3, null],
    [3, ""],
    [2, () => r.pick([" ANSWER ", "\tcancel\n", "\u00A0ANSWER"])],
    [2, () => r.pick(["AN\nSWER", "ANSWER\u0000", "A".repeat(65), "A".repeat(64), "{{final_status}}", "\u00E1nswer"])],
    [2, () => r.pick([1, 0, true, false, ["ANSWER"], { s: "ANSWER" }])],
  ]);
}

function webhookUuid(r) {
  return r.weighted([
    [50, () => `${r.chars(12, HEX)}_${String(r.int(1, 9)) + r.digits(r.int(0, 6))}`],
    [6, () => uuidText(r)],
    [3, () => ({ $: "absent" })],
    [2, null],
    [2, ""],
    [2, () => r.int(1, 999999)],
    [1, true],
    [1, () => ["a_1"]],
    [1, "nope"],
    [1, "{{verification_call_uuid}}"],
  ]);
}

function webhookPairs(r) {
  const pairs = members([
    ["verification_call_uuid", webhookUuid(r)],
    ["q931_status", q931Field(r)],
    ["final_status", finalStatusField(r)],
  ]);
  const extras = [
    ["duration", () => r.pick([7, "7", 0, 12.5])],
    ["billsec", () => r.int(0, 60)],
    ["caller_id", () => "421900" + r.digits(6)],
    ["called_number", () => "+421 900 " + r.digits(3) + " " + r.digits(3)],
    ["start_time", () => "2024-05-0" + r.int(1, 9) + " 12:34:56"],
    ["hangup_cause", () => r.pick(["NORMAL_CLEARING", "USER_BUSY", "NO_ANSWER"])],
    ["note", () => r.pick(["a b", "a&b=c", "100%", "\u00E9\u00E8", "line\nbreak", "+plus+", "x=y", "#hash", "?q", "\u{1F4DE}", "\uD800"])],
    ["Verification_Call_Uuid", () => "b_2"],
    ["Q931_STATUS", () => "17"],
    ["final status", () => "CANCEL"],
    ["__proto__", () => "p"],
    ["constructor", () => "c"],
    ["", () => "empty-key"],
    ["data", () => ({ nested: [1, 2, { a: null }] })],
  ];
  const n = r.weighted([[10, 0], [6, 1], [3, 2], [2, 4]]);
  for (let i = 0; i < n; i += 1) {
    const [key, make] = r.pick(extras);
    pairs.splice(r.int(0, pairs.length), 0, [key, make()]);
  }
  if (r.chance(0.08)) {
    const [k] = r.pick(pairs.length ? pairs : [["verification_call_uuid"]]);
    pairs.splice(r.int(0, pairs.length), 0, [k, r.pick(["a_1", "17", 16, "CANCEL", "ANSWER", null, ""])]);
  }
  return pairs;
}

function formValue(v) {
  if (v === null) return "";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

function formText(r, pairs) {
  const style = r.weighted([[6, "urlsearchparams"], [3, "component"], [2, "raw"]]);
  const encodeText = (text) => {
    if (style === "urlsearchparams") return new URLSearchParams([["k", text]]).toString().slice(2);
    if (style === "component") return text.isWellFormed() ? encodeURIComponent(text) : text.toWellFormed();
    return text;
  };
  const parts = pairs.map(([k, v]) => `${encodeText(k)}=${encodeText(formValue(v))}`);
  if (r.chance(0.03)) parts.push(r.pick(["flag", "=", "==", "a==b", "%zz=1", "%C3%28=x"]));
  if (r.chance(0.03)) parts.splice(r.int(0, parts.length), 0, "");
  return parts.join("&");
}

function webhookPayload(r) {
  const pairs = webhookPairs(r);
  const form = () => formText(r, pairs);
  return r.weighted([
    [22, () => jsonText(r, pairs)],
    [2, () => `\uFEFF${jsonText(r, pairs)}`],
    [2, () => r.pick([" ", "\n", "\r\n"]) + jsonText(r, pairs) + r.pick(["", "\n"])],
    [14, () => pairsObject(pairs)],
    [10, form],
    [5, () => `?${form()}`],
    [6, () => `${r.pick(["https://example.com/hook", "http://127.0.0.1:8787/webhooks/kompaas", "https://h.example/a/b/", "HTTPS://EXAMPLE.COM"])}?${form()}${r.chance(0.2) ? "#frag" : ""}`],
    [5, () => `${r.pick(["/webhooks/kompaas/s3cret", "/", "/hook", "//double"])}?${form()}`],
    [1, () => `${r.pick(["https://example.com/hook", "/hook"])}`],
    [1, () => `https://example.com/hook#${form()}`],
    [1, () => `/hook?${form()}#x&verification_call_uuid=zz_9`],
    [5, () => pairs.map(([k, v]) => `${k}=${formValue(v)}`).join(r.pick(["\n", "\r\n"])) + r.pick(["", "\n", "\r\n"])],
    [1, () => pairs.map(([k, v]) => `${k}: ${formValue(v)}`).join("\n")],
    [6, () => ({ $: "URLSearchParams", v: form() })],
    [5, () => ({ $: "FormData", v: pairs.map(([k, v]) => [k, formValue(v)]) })],
    [4, () => ({ $: "URL", v: `https://example.com/hook?${form()}` })],
    [8, () => asBytes(r, r.chance(0.6) ? jsonText(r, pairs) : form())],
    [1, () => ({ $: "DataView", v: base64(jsonText(r, pairs)) })],
    [1, () => [pairsObject(pairs)]],
    [1, () => `[${jsonText(r, pairs)}]`],
    [1, () => jsonText(r, pairs).slice(0, -1)],
    [1, () => ({ $: "toJSON", mode: "value", v: form() })],
    [1, () => ({ $: "getters", v: pairsObject(pairs) })],
  ]);
}

function webhookCases(r) {
  const cases = [];
  const add = (note, args) => cases.push({ note: `webhook:${note}`, args });
  const q = "verification_call_uuid=fa278be48dc2_117793&q931_status=16&final_status=ANSWER";
  const json = '{"verification_call_uuid":"fa278be48dc2_117793","q931_status":16,"final_status":"ANSWER"}';
  add("json", [json]);
  add("json-sk", [json, { locale: "sk" }]);
  add("object", [{ verification_call_uuid: "fa278be48dc2_117793", q931_status: 16, final_status: "ANSWER" }]);
  add("form", [q]);
  add("query", [`?${q}`]);
  add("url", [`https://example.com/hook?${q.replace("_117793", "%5F117793")}#x`]);
  add("path", [`/webhooks/kompaas/s3cret?${q}`]);
  add("lines", ["verification_call_uuid=fa278be48dc2_117793\r\nq931_status=16\r\nfinal_status=ANSWER\r\n"]);
  add("URLSearchParams", [{ $: "URLSearchParams", v: q }]);
  add("FormData", [{ $: "FormData", v: [["verification_call_uuid", "fa278be48dc2_117793"], ["q931_status", "16"], ["final_status", "ANSWER"]] }]);
  add("FormData-blob", [{ $: "FormData", v: [["verification_call_uuid", "fa278be48dc2_117793"], ["q931_status", { $: "Blob", v: "16" }]] }]);
  add("URL", [{ $: "URL", v: `https://example.com/hook?${q}` }]);
  add("Uint8Array", [{ $: "Uint8Array", v: base64(json) }]);
  add("ArrayBuffer", [{ $: "ArrayBuffer", v: base64(json) }]);
  add("Buffer", [{ $: "Buffer", v: base64(q) }]);
  add("bytes-with-offset", [{ $: "Uint8Array", v: base64(json), offset: 7, slack: 5 }]);
  add("Buffer-with-offset", [{ $: "Buffer", v: base64(q), offset: 3, slack: 9 }]);
  add("DataView", [{ $: "DataView", v: base64(json), offset: 2, slack: 2 }]);
  add("duplicates-form", ["verification_call_uuid=a_1&q931_status=16&q931_status=17&note=a+b%20c%zz%C3%A9"]);
  add("duplicates-json", ['{"verification_call_uuid":"a_1","q931_status":16,"q931_status":17}']);
  add("duplicates-URLSearchParams", [{ $: "URLSearchParams", v: "verification_call_uuid=a_1&q931_status=17&q931_status=16" }]);
  add("template-unfilled", ['{"verification_call_uuid":"{{verification_call_uuid}}","q931_status":"{{q931_status}}","final_status":"{{final_status}}"}']);
  add("final-status-optional", ['{"verification_call_uuid":"a_1","q931_status":41}']);
  add("final-status-null", ['{"verification_call_uuid":"a_1","q931_status":16,"final_status":null}']);
  add("no-answer-undocumented", ['{"verification_call_uuid":"a_1","q931_status":16,"final_status":"NO ANSWER"}']);
  for (const text of ["", " ", "\uFEFF", "{", "[1]", "[]", "null", "42", "\"a_1\"", "just some text", "q931_status=16", "?", "&", "=", "/", "https://", "https://example.com/", "#verification_call_uuid=a_1&q931_status=16", "verification_call_uuid=a_1&q931_status=16", "verification_call_uuid = a_1 \n q931_status = 16", "VERIFICATION_CALL_UUID=a_1&Q931_STATUS=16", "verification_call_uuid=a%5F1&q931%5Fstatus=16", "verification_call_uuid=a_1&q931_status=%31%36", "verification_call_uuid=a_1&q931_status=1%206", "verification_call_uuid=a_1;q931_status=16", "verification_call_uuid=a_1&&q931_status=16&", "verification_call_uuid=a_1\rq931_status=16", "verification_call_uuid=a_1\n\nq931_status=16\n\nfinal_status=ANSWER", "ftp://x/?verification_call_uuid=a_1&q931_status=16", "http://x?verification_call_uuid=a_1&q931_status=16", "HTTP://x/?verification_call_uuid=a_1&q931_status=16", " /hook?verification_call_uuid=a_1&q931_status=16 ", "hook?verification_call_uuid=a_1&q931_status=16", "??verification_call_uuid=a_1&q931_status=16", "?verification_call_uuid=a_1&q931_status=16?final_status=ANSWER", "verification_call_uuid=a_1&q931_status=16#final_status=ANSWER", "verification_call_uuid=a_1&q931_status=16&final_status=ANSWER%00", "verification_call_uuid=a_1&q931_status=16&final_status=%E2%80%8BANSWER", "verification_call_uuid=a_1&q931_status=16&final_status=%FF"]) {
    add("text", [text]);
  }
  for (const value of NON_STRINGS) add("non-data", [value]);
  for (const payload of [
    { $: "Response", v: json },
    { $: "Request", v: "https://example.com/hook?" + q },
    { $: "Promise", v: json },
    { $: "thenable" },
    { $: "throwingGetter", key: "q931_status", v: { verification_call_uuid: "a_1" } },
    { $: "Proxy", mode: "throwing" },
    { $: "Proxy", mode: "revoked" },
    { $: "Proxy", mode: "transparent", v: { verification_call_uuid: "a_1", q931_status: 16 } },
    { $: "cyclic", v: { verification_call_uuid: "a_1", q931_status: 16 } },
    { $: "deep", n: 200000 },
    { $: "toJSON", mode: "throws" },
    { $: "toJSON", mode: "undefined" },
    { $: "nullProto", v: { verification_call_uuid: "a_1", q931_status: 16 } },
    { $: "inherited", v: { verification_call_uuid: "a_1", q931_status: 16 } },
    { $: "Map", v: [["verification_call_uuid", "a_1"], ["q931_status", 16]] },
    { verification_call_uuid: "a_1", q931_status: { $: "bigint", v: "16" } },
    { verification_call_uuid: "a_1", q931_status: { $: "number", v: "NaN" } },
    { verification_call_uuid: "a_1", q931_status: { $: "number", v: "Infinity" } },
    { verification_call_uuid: "a_1", q931_status: { $: "number", v: "-0" } },
    { verification_call_uuid: "a_1", q931_status: 16, final_status: { $: "undefined" } },
    { verification_call_uuid: "a_1", q931_status: 16, f: { $: "function" } },
    { verification_call_uuid: "a_1", q931_status: { $: "NumberObject", v: 16 } },
    { verification_call_uuid: { $: "StringObject", v: "a_1" }, q931_status: 16 },
    { verification_call_uuid: "a_1", q931_status: 16, d: { $: "Date", v: "2024-01-02T03:04:05.000Z" } },
    { $: "object", v: { verification_call_uuid: "a_1", q931_status: 16, $: "dollar" } },
    { verification_call_uuid: "a_1", q931_status: 16, u: { $: "URL", v: "https://example.com/" } },
  ]) {
    add("object-payload", [payload]);
  }
  const big = (extra) => [{ $: "concat", v: ['{"verification_call_uuid":"a_1","q931_status":16,"pad":"', { $: "repeat", v: "x", n: 262144 + extra }, '"}'] }];
  add("oversized", big(0));
  add("oversized-just-under", [{ $: "concat", v: ['{"verification_call_uuid":"a_1","q931_status":16,"pad":"', { $: "repeat", v: "x", n: 262144 - 60 }, '"}'] }]);
  add("oversized-URLSearchParams", [{ $: "URLSearchParams", v: { $: "concat", v: ["verification_call_uuid=a_1&q931_status=16&pad=", { $: "repeat", v: "x", n: 262144 }] } }]);
  add("oversized-bytes", [{ $: "Buffer", text: { $: "concat", v: ["verification_call_uuid=a_1&q931_status=16&pad=", { $: "repeat", v: "x", n: 262144 }] } }]);
  add("no-argument", []);
  add("extra-argument", [json, { locale: "sk" }, "extra"]);
  return {
    fixed: cases,
    random: () => {
      const args = [webhookPayload(r)];
      const options = r.weighted(LOCALE_OPTIONS);
      if (options !== undefined) args.push(options);
      return { note: "webhook:random", args };
    },
  };
}

// ---------------------------------------------------------------------------------------
// isConfirmationCallError

function guardCases() {
  const real = [
    ["normalizePhoneNumber", ["0905 123 456"]],
    ["buildConfirmationCallRequest", [{ token: "", phoneNumber: "+421 222 202 999" }]],
    ["buildConfirmationCallRequest", [{ token: "t", phoneNumber: "+421 222 202 999", baseUrl: "http://example.com" }]],
    ["splitVerificationCallUuid", ["nope"]],
    ["interpretCallStatus", [200]],
    ["parseCallWebhook", [""]],
    ["parseConfirmationCallResponse", ["{}", 401]],
    ["parseConfirmationCallResponse", ["{}", 429]],
    ["parseConfirmationCallResponse", ["{}", 503]],
    ["parseConfirmationCallResponse", ['{"code":"E1"}', 404]],
    ["parseConfirmationCallResponse", ["<html>", 200]],
    ["parseConfirmationCallResponse", ['{"status":"error"}', 200]],
  ];
  const values = [];
  const add = (note, value) => values.push({ note: `guard:${note}`, args: [value] });
  for (const [fn, args] of real) add(`real:${fn}`, { $: "packageError", fn, args });
  const sample = { $: "packageError", fn: "normalizePhoneNumber", args: [""] };
  add("real-kind-changed", { ...sample, set: { kind: "bogus" } });
  add("real-kind-upper", { ...sample, set: { kind: "INVALID_PHONE_NUMBER" } });
  add("real-kind-deleted", { ...sample, delete: ["kind"] });
  add("real-name-changed", { ...sample, set: { name: "Error" } });
  add("real-name-deleted", { ...sample, delete: ["name"] });
  add("real-kind-number", { ...sample, set: { kind: 1 } });
  add("real-kind-network", { ...sample, set: { kind: "network" } });
  for (const kind of ["invalid_phone_number", "network", "timeout", "aborted", "api_error", "nope", ""]) {
    add(`Error-look-alike:${kind}`, { $: "Error", ctor: "Error", message: "x", props: { name: "ConfirmationCallError", kind } });
  }
  add("TypeError-look-alike", { $: "Error", ctor: "TypeError", message: "x", props: { name: "ConfirmationCallError", kind: "timeout" } });
  add("RangeError-look-alike", { $: "Error", ctor: "RangeError", message: "x", props: { name: "ConfirmationCallError", kind: "invalid_token" } });
  add("subclass-look-alike", { $: "Error", ctor: "subclass", message: "x", props: { name: "ConfirmationCallError", kind: "aborted" } });
  add("Error-without-kind", { $: "Error", ctor: "Error", message: "x", props: { name: "ConfirmationCallError" } });
  add("Error-without-name", { $: "Error", ctor: "Error", message: "x", props: { kind: "timeout" } });
  add("Error-name-lower", { $: "Error", ctor: "Error", message: "x", props: { name: "confirmationcallerror", kind: "timeout" } });
  add("Error-kind-StringObject", { $: "Error", ctor: "Error", message: "x", props: { name: "ConfirmationCallError", kind: { $: "StringObject", v: "timeout" } } });
  add("plain-Error", { $: "Error", ctor: "Error", message: "boom" });
  add("plain-TypeError", { $: "Error", ctor: "TypeError", message: "boom" });
  add("Error.prototype-object", { $: "ErrorPrototypeObject", props: { name: "ConfirmationCallError", kind: "timeout" } });
  add("other-realm-Error", { $: "foreignRealmError", props: { name: "ConfirmationCallError", kind: "timeout" } });
  add("plain-object", { name: "ConfirmationCallError", kind: "timeout", message: "x" });
  add("plain-object-null-proto", { $: "nullProto", v: { name: "ConfirmationCallError", kind: "timeout" } });
  add("getters", { $: "getters", v: { name: "ConfirmationCallError", kind: "timeout" } });
  add("Error-throwing-getter", { $: "throwingGetter", key: "kind", v: { name: "ConfirmationCallError" } });
  add("Proxy-throwing", { $: "Proxy", mode: "throwing" });
  add("Proxy-revoked", { $: "Proxy", mode: "revoked" });
  add("Promise", { $: "Promise", v: null });
  add("Response", { $: "Response", v: "" });
  for (const value of [{ $: "undefined" }, null, "ConfirmationCallError", "timeout", 0, 1, true, false, { $: "number", v: "NaN" }, { $: "bigint", v: "1" }, { $: "Symbol", v: "ConfirmationCallError" }, { $: "function" }, {}, [], ["ConfirmationCallError"]]) {
    add("primitive-or-plain", value);
  }
  values.push({ note: "guard:no-argument", args: [] });
  return { fixed: values, random: null };
}

// ---------------------------------------------------------------------------------------
// Running the package on every case

const FUNCTIONS = [
  ["normalizePhoneNumber", phoneNumberCases],
  ["buildConfirmationCallRequest", requestCases],
  ["parseConfirmationCallResponse", responseCases],
  ["splitVerificationCallUuid", uuidCases],
  ["interpretCallStatus", statusCases],
  ["parseCallWebhook", webhookCases],
  ["isConfirmationCallError", guardCases],
];

function collect(name, makeCases) {
  const r = randomness(name);
  const { fixed, random } = makeCases(r);
  const seen = new Set();
  const cases = [];
  const take = (c) => {
    const args = c.args.map(normalizeArg);
    const key = JSON.stringify(args);
    if (seen.has(key)) return;
    seen.add(key);
    cases.push({ note: c.note, args });
  };
  fixed.forEach(take);
  if (random) {
    let attempts = 0;
    while (cases.length < CASES_PER_FUNCTION) {
      attempts += 1;
      if (attempts > CASES_PER_FUNCTION * 50) throw new Error(`${name}: too few distinct cases (${cases.length})`);
      take(random());
    }
  }
  return cases;
}

/** Arguments as the generator writes them are already in stored form, except `undefined`. */
function normalizeArg(arg) {
  if (arg === undefined) return { $: "undefined" };
  return arg;
}

const pkg = JSON.parse(readFileSync(new URL(import.meta.resolve("kompaas-confirmation-call/package.json")), "utf8"));
const fixture = {
  description: "Inputs for every synchronous function of kompaas-confirmation-call and what the package did with them; written by tests/corpus/generate.mjs, replayed by tests/js/corpus.test.mjs.",
  package: `${pkg.name}@${pkg.version}`,
  seed: SEED,
  functions: {},
};
const summary = [];
let foreign = 0;
for (const [name, makeCases] of FUNCTIONS) {
  const cases = collect(name, makeCases);
  for (const c of cases) {
    c.outcome = observe(api[name], decode(c.args, api));
    if (Object.hasOwn(c.outcome, "ok")) {
      // What is stored must decode to the very value the package returned.
      if (hasUnencodable(c.outcome.ok)) throw new Error(`${name}: a result is not plain data: ${JSON.stringify(c.outcome.ok)}`);
      const again = observe(api[name], decode(c.args, api));
      if (!isDeepStrictEqual(decode(c.outcome.ok), decode(again.ok))) throw new Error(`${name}: results differ between two calls`);
    }
    if (Object.hasOwn(c.outcome, "thrown")) foreign += 1;
  }
  const ok = cases.filter((c) => Object.hasOwn(c.outcome, "ok")).length;
  const kinds = {};
  for (const c of cases) {
    if (Object.hasOwn(c.outcome, "error")) kinds[c.outcome.error.kind] = (kinds[c.outcome.error.kind] ?? 0) + 1;
    if (Object.hasOwn(c.outcome, "thrown")) kinds[`thrown ${c.outcome.thrown.name ?? c.outcome.thrown.type}`] = (kinds[`thrown ${c.outcome.thrown.name ?? c.outcome.thrown.type}`] ?? 0) + 1;
  }
  fixture.functions[name] = cases;
  summary.push({ name, cases: cases.length, ok, errors: cases.length - ok, kinds });
}

const text = `${JSON.stringify(fixture)}\n`;
const gz = gzipSync(Buffer.from(text, "utf8"), { level: 9 });
if (gz.length > MAX_BYTES) throw new Error(`corpus is ${gz.length} bytes gzipped, over ${MAX_BYTES}`);
writeFileSync(OUTPUT, gz);

for (const { name, cases, ok, errors, kinds } of summary) {
  const detail = Object.entries(kinds).sort().map(([k, n]) => `${k} ${n}`).join(", ");
  console.log(`${name}: ${cases} cases, ${ok} ok, ${errors} errors${detail ? ` (${detail})` : ""}`);
}
console.log(`wrote tests/fixtures/corpus.json.gz: ${gz.length} bytes (${text.length} bytes of JSON)`);
if (foreign > 0) console.log(`note: ${foreign} cases threw something other than a ConfirmationCallError`);
