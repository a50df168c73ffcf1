// The numbering plan through the package's public API: normalizePhoneNumber(input,
// { defaultCountry }), describePhoneNumber(input, { defaultCountry }) and
// buildConfirmationCallRequest({ token, phoneNumber, defaultCountry }), against the same
// fixture the Rust tests read (tests/fixtures/phone-numbers.tsv, `make metadata`).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as api from "kompaas-confirmation-call";
import { throwsKind } from "./fixtures.mjs";

const fixtureText = readFileSync(new URL("../fixtures/phone-numbers.tsv", import.meta.url), "utf8");
const fixture = { valid: [], national: [], invalid: [] };
for (const line of fixtureText.split("\n")) {
  if (!line || line.startsWith("#")) continue;
  const [tag, ...fields] = line.split("\t");
  if (tag === "V") fixture.valid.push({ digits: fields[0], region: fields[1] === "-" ? null : fields[1], forms: fields.slice(2) });
  else if (tag === "N") fixture.national.push({ region: fields[0], digits: fields[1], forms: fields.slice(2) });
  else if (tag === "I") fixture.invalid.push(fields[0]);
}

describe("the public API of the numbering plan", () => {
  test("exports describePhoneNumber", () => {
    assert.equal(typeof api.describePhoneNumber, "function");
    assert.equal(typeof api.normalizePhoneNumber, "function");
  });

  test("describePhoneNumber tells the parts of a number", () => {
    assert.deepEqual(api.describePhoneNumber("+421 905 123 456"), {
      digits: "421905123456",
      countryCallingCode: "421",
      region: "SK",
      nationalNumber: "905123456",
      nonGeographic: false,
    });
    assert.deepEqual(api.describePhoneNumber("0905 123 456", { defaultCountry: "SK" }), {
      digits: "421905123456",
      countryCallingCode: "421",
      region: "SK",
      nationalNumber: "905123456",
      nonGeographic: false,
    });
    assert.deepEqual(api.describePhoneNumber("+800 1234 5678"), {
      digits: "80012345678",
      countryCallingCode: "800",
      region: null,
      nationalNumber: "12345678",
      nonGeographic: true,
    });
    assert.equal(api.describePhoneNumber("+1 876 523 0123").region, "JM");
    assert.equal(api.describePhoneNumber("+1 212 555 0123").region, "US");
  });

  test("the issue's numbers", () => {
    assert.equal(api.normalizePhoneNumber("+44 (0)20 7946 0958"), "442079460958");
    assert.equal(api.normalizePhoneNumber("+421 (0)905 123 456"), "421905123456");
    assert.equal(api.normalizePhoneNumber("905 123 456", { defaultCountry: "SK" }), "421905123456");
    assert.equal(api.normalizePhoneNumber("0905 123 456", { defaultCountry: "sk" }), "421905123456");
    assert.equal(api.normalizePhoneNumber("+44 20 7946 0958", { defaultCountry: "SK" }), "442079460958");
    for (const [input, digits] of [["+683 7012", "6837012"], ["+690 3101", "6903101"], ["+290 8999", "2908999"]]) {
      assert.equal(api.normalizePhoneNumber(input), digits, input);
    }
    throwsKind(() => api.normalizePhoneNumber("905 123 456"), "invalid_phone_number", /defaultCountry/);
    throwsKind(() => api.normalizePhoneNumber("+999 1234 5678"), "invalid_phone_number", /no country uses the calling code \+999/);
    throwsKind(() => api.normalizePhoneNumber("+421 9051 2345"), "invalid_phone_number", /\+421 numbers starting with 9 have 7 or 9 digits after the country code; this one has 8/);
  });

  test("an unknown or invalid defaultCountry is an invalid_phone_number error naming the option", () => {
    for (const defaultCountry of ["XX", "Slovakia", "", "S1"]) {
      throwsKind(() => api.normalizePhoneNumber("905 123 456", { defaultCountry }), "invalid_phone_number", /defaultCountry/);
      throwsKind(() => api.describePhoneNumber("905 123 456", { defaultCountry }), "invalid_phone_number", /defaultCountry/);
    }
  });

  test("buildConfirmationCallRequest takes defaultCountry", () => {
    const request = api.buildConfirmationCallRequest({ token: "t", phoneNumber: "0905 123 456", defaultCountry: "SK" });
    assert.equal(request.body, '{"phone_number":"421905123456"}');
    throwsKind(() => api.buildConfirmationCallRequest({ token: "t", phoneNumber: "905 123 456" }), "invalid_phone_number", /defaultCountry/);
    throwsKind(() => api.buildConfirmationCallRequest({ token: "t", phoneNumber: "905 123 456", defaultCountry: "XX" }), "invalid_phone_number", /defaultCountry/);
  });
});

describe("libphonenumber's example numbers through the package", () => {
  test("the fixture holds what its header counts, so no loop below runs over nothing", () => {
    const [, valid, forms, national, invalid] = fixtureText.match(/# (\d+) valid example numbers in (\d+) forms, (\d+) national forms, (\d+) invalid numbers\./);
    assert.ok(Number(valid) > 900, "valid examples");
    assert.equal(fixture.valid.length, Number(valid));
    assert.equal(fixture.valid.reduce((n, example) => n + example.forms.length, 0), Number(forms));
    assert.equal(fixture.national.reduce((n, example) => n + example.forms.length, 0), Number(national));
    assert.equal(fixture.invalid.length, Number(invalid));
    assert.ok(Number(national) > 0 && Number(invalid) > 0);
  });

  test("every written form of every example gives its digits and region", () => {
    const failures = [];
    for (const { digits, region, forms } of fixture.valid) {
      for (const form of forms) {
        try {
          const got = api.normalizePhoneNumber(form);
          if (got !== digits) failures.push(`${form} -> ${got}, expected ${digits}`);
        } catch (error) {
          failures.push(`${form} -> ${error.message}`);
        }
      }
      const described = api.describePhoneNumber(`+${digits}`);
      if (described.region !== region) failures.push(`+${digits}: region ${described.region}, expected ${region}`);
      assert.equal(described.nonGeographic, region === null);
      assert.equal(described.countryCallingCode + described.nationalNumber, digits);
    }
    assert.deepEqual(failures, []);
  });

  test("national forms with defaultCountry give the digits", () => {
    const failures = [];
    for (const { region, digits, forms } of fixture.national) {
      for (const form of forms) {
        try {
          const got = api.normalizePhoneNumber(form, { defaultCountry: region });
          if (got !== digits) failures.push(`${form} in ${region} -> ${got}, expected ${digits}`);
        } catch (error) {
          failures.push(`${form} in ${region} -> ${error.message}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });

  test("at least 95% of the invalid numbers are refused", () => {
    let refused = 0;
    for (const form of fixture.invalid) {
      try {
        api.normalizePhoneNumber(form);
      } catch (error) {
        assert.equal(error.kind, "invalid_phone_number");
        refused += 1;
      }
    }
    const rate = refused / fixture.invalid.length;
    assert.ok(rate >= 0.95, `${(100 * rate).toFixed(1)}% refused`);
  });
});
