// Replays the recorded corpus (tests/fixtures/corpus.json.gz, written by
// tests/corpus/generate.mjs) against the package built in pkg/: every result must be the
// same (values, key order and prototypes), and every error the same kind, status and
// providerCode (messages may change). Regenerate the corpus only when a change of
// behaviour is intended: `make corpus`.
//
// The corpus was recorded before the JavaScript boundary was rebuilt and before phone
// numbers were checked against the calling-code plan. A difference passes only when one
// of the intended changes below explains it, each checked on its own terms (the plan's
// refusals against libphonenumber itself); every other difference fails, and the counts
// of each explanation are printed.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import * as api from "kompaas-confirmation-call";
import { isValidPhoneNumber, parsePhoneNumberFromString } from "libphonenumber-js/max";
import { decode, encode, observe, comparable } from "../corpus/decode.mjs";

/** Functions added after the corpus was recorded. */
const ADDED_SINCE = ["describePhoneNumber"];

/** The digits a result or request carries, for the phone-number explanations. */
function digitsOf(name, outcome) {
  if (!outcome.ok) return undefined;
  if (name === "normalizePhoneNumber") return outcome.ok;
  return JSON.parse(outcome.ok.body).phone_number;
}

const refused = (outcome) => outcome.error?.kind === "invalid_phone_number";
const possible = (digits) => isValidPhoneNumber(`+${digits}`);
/** libphonenumber reads these digits as another number (it drops a trunk 0 after the code). */
const readAsAnother = (digits) => {
  const parsed = parsePhoneNumberFromString(`+${digits}`);
  return parsed !== undefined && `${parsed.countryCallingCode}${parsed.nationalNumber}` !== digits;
};

/** Why a difference is intended, or undefined when nothing explains it. */
function explain(name, args, recorded, actual) {
  const old = recorded.outcome;
  if (old.thrown && actual.error) return "fixed: a plain TypeError is now a ConfirmationCallError";
  if (actual.error && / is longer than 4096 characters$/.test(actual.error.message)) {
    return "string arguments are refused past 4096 characters, before they are copied";
  }
  if (name === "interpretCallStatus" || name === "parseCallWebhook") {
    if (actual.ok?.q931Status === 24 && old.ok?.cause === "unknown cause 24") {
      const before = JSON.stringify({ ...actual.ok, cause: old.ok.cause });
      if (before === JSON.stringify(old.ok)) return "Q.850 cause 24 (Amendment 1) is named";
    }
  }
  if (name === "parseCallWebhook" && old.ok && actual.ok) {
    // Payloads are read once, not serialised and copied: `data` holds the caller's values,
    // which JSON would have normalised (undefined dropped, a Date as its text, -0 as 0).
    const result = api.parseCallWebhook(...args);
    // The old path also carried every string through UTF-8, so a lone surrogate became U+FFFD.
    result.data = JSON.parse(JSON.stringify(result.data), (_, v) => (typeof v === "string" ? v.toWellFormed() : v));
    if (comparable({ ok: encode(result) }) === comparable(old)) return "data holds the payload's own values";
  }
  if (name === "normalizePhoneNumber" || name === "buildConfirmationCallRequest") {
    const before = digitsOf(name, old);
    const after = digitsOf(name, actual);
    if (before !== undefined && refused(actual) && !possible(before)) {
      return "the plan refuses a number libphonenumber calls invalid";
    }
    if (before !== undefined && refused(actual) && readAsAnother(before)) {
      return "a trunk 0 after the country code is refused (these digits would ring another number)";
    }
    const written = typeof args[0] === "string" ? args[0] : args[0]?.phoneNumber;
    if (before !== undefined && after !== undefined && typeof written === "string" && /\(\s*0\s*\)/.test(written)) {
      const dropped = [...before].some((_, i) => before.slice(0, i) + before.slice(i + 1) === after && before[i] === "0");
      if (dropped) return "a (0) trunk prefix after the country code is dropped";
    }
    if (after !== undefined && refused(old) && typeof written === "string" && /\(\s*0\s*\)/.test(written) && /has 16 digits/.test(old.error.message)) {
      return "a (0) trunk prefix is not counted as a digit of the number";
    }
    if (after !== undefined && refused(old) && /at least 8/.test(old.error.message)) {
      return "the 8-digit minimum went: the plan's lengths decide";
    }
    if (name === "normalizePhoneNumber" && args.length > 1 && refused(actual)) {
      return "the second argument is now the options object";
    }
    if (name === "buildConfirmationCallRequest" && refused(actual) && old.error) {
      const phone = args[0]?.phoneNumber;
      let digits;
      try {
        digits = typeof phone === "string" ? phone.replace(/\D/g, "").replace(/^00/, "") : undefined;
      } catch {
        digits = undefined;
      }
      if (digits !== undefined && (!possible(digits) || readAsAnother(digits))) {
        return "the phone number is checked, and refused, first";
      }
    }
  }
  return undefined;
}

const explanations = {};

const FIXTURE = new URL("../fixtures/corpus.json.gz", import.meta.url);
const corpus = JSON.parse(gunzipSync(readFileSync(FIXTURE)).toString("utf8"));
const SHOWN = 10;
const differencesPerFunction = {};

function clip(text, max = 400) {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

function describeOutcome(outcome) {
  return clip(JSON.stringify(outcome));
}

test("the corpus covers every synchronous function of the package", () => {
  const exported = Object.keys(api).filter((name) => name !== "confirmationCall" && !ADDED_SINCE.includes(name)).sort();
  assert.deepEqual(Object.keys(corpus.functions).sort(), exported);
});

for (const [name, cases] of Object.entries(corpus.functions)) {
  test(`${name}: ${cases.length} recorded cases give the same results and error kinds`, () => {
    assert.equal(typeof api[name], "function", `the package exports ${name}`);
    const differences = [];
    cases.forEach((recorded, index) => {
      let args;
      try {
        args = decode(recorded.args, api);
      } catch (error) {
        differences.push({ index, recorded, actual: { thrown: { type: "decode", name: error.name, message: error.message } } });
        return;
      }
      const actual = observe(api[name], args);
      if (comparable(actual) === comparable(recorded.outcome)) return;
      const why = explain(name, args, recorded, actual);
      if (why === undefined) differences.push({ index, recorded, actual });
      else explanations[`${name}: ${why}`] = (explanations[`${name}: ${why}`] ?? 0) + 1;
    });
    differencesPerFunction[name] = { cases: cases.length, differences: differences.length };
    if (differences.length === 0) return;
    const lines = [`${name}: ${differences.length} of ${cases.length} cases differ from the recorded corpus; the first ${Math.min(SHOWN, differences.length)}:`];
    for (const { index, recorded, actual } of differences.slice(0, SHOWN)) {
      lines.push(
        `  #${index} (${recorded.note})`,
        `    args: ${clip(JSON.stringify(recorded.args))}`,
        `    old:  ${describeOutcome(recorded.outcome)}`,
        `    new:  ${describeOutcome(actual)}`,
      );
    }
    assert.fail(lines.join("\n"));
  });
}

after(() => {
  console.log(["intended differences, each explained:", ...Object.entries(explanations).map(([why, n]) => `  ${n} × ${why}`)].join("\n"));
  const failing = Object.entries(differencesPerFunction).filter(([, d]) => d.differences > 0);
  if (failing.length === 0) return;
  const rows = Object.entries(differencesPerFunction).map(([name, d]) => `  ${name}: ${d.differences} of ${d.cases} differ`);
  console.log(["corpus differences per function:", ...rows].join("\n"));
});
