// Replays the recorded corpus (tests/fixtures/corpus.json.gz, written by
// tests/corpus/generate.mjs) against the package built in pkg/: every result must be the
// same (values, key order and prototypes), and every error the same kind, status and
// providerCode (messages may change). Regenerate the corpus only when a change of
// behaviour is intended: `make corpus`.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import * as api from "kompaas-confirmation-call";
import { decode, observe, comparable } from "../corpus/decode.mjs";

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
  const exported = Object.keys(api).filter((name) => name !== "confirmationCall").sort();
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
      if (comparable(actual) !== comparable(recorded.outcome)) differences.push({ index, recorded, actual });
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
  const failing = Object.entries(differencesPerFunction).filter(([, d]) => d.differences > 0);
  if (failing.length === 0) return;
  const rows = Object.entries(differencesPerFunction).map(([name, d]) => `  ${name}: ${d.differences} of ${d.cases} differ`);
  console.log(["corpus differences per function:", ...rows].join("\n"));
});
