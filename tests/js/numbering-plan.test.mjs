// The numbering plan and its fixture are generated from the libphonenumber packages pinned
// in package.json (`make metadata`): regenerated here in memory, they must equal the
// committed files, so a bumped pin without `make metadata`, or a hand edit, fails.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { generateNumberingPlan, numberingPlanPath } from "../../scripts/numbering-plan.mjs";
import { generatePhoneFixture, phoneFixturePath } from "../../scripts/phone-fixture.mjs";

test("src/numbering_plan.rs is what its pinned source generates", () => {
  const { text } = generateNumberingPlan();
  assert.ok(readFileSync(numberingPlanPath, "utf8") === text, "src/numbering_plan.rs differs from libphonenumber-js's metadata: run `make metadata`");
});

test("tests/fixtures/phone-numbers.tsv is what its pinned sources generate", () => {
  const { text } = generatePhoneFixture();
  assert.ok(readFileSync(phoneFixturePath, "utf8") === text, "the phone-number fixture differs from libphonenumber's examples: run `make metadata`");
});
