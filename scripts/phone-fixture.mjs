#!/usr/bin/env node
// Writes tests/fixtures/phone-numbers.tsv, the data-driven test of the numbering plan
// (tests/phone_plan.rs reads it), from the example numbers libphonenumber ships: every
// region's example of every number type, and the non-geographic codes' examples, taken
// from the pinned google-libphonenumber devDependency. Run by `make metadata`;
// tests/js/numbering-plan.test.mjs regenerates it in memory and fails when the committed
// file differs.
//
// Lines, tab-separated:
//   V  digits  region  form…     valid: every form must give these E.164 digits, and
//                                 region is what libphonenumber's getRegionCodeForNumber
//                                 says ("-" for a non-geographic code)
//   N  region  digits  form…     national forms, read with defaultCountry = region
//   I  form                       invalid: libphonenumber calls it impossible or invalid
//
// An example that libphonenumber-js (whose newer metadata the plan is generated from)
// does not call valid is left out, and so is a national form that only libphonenumber's
// national-prefix transforms read (Argentina's "15", Mexico's "044"); the header counts them.

import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");

const TYPES = [
  "FIXED_LINE",
  "MOBILE",
  "TOLL_FREE",
  "PREMIUM_RATE",
  "SHARED_COST",
  "VOIP",
  "PERSONAL_NUMBER",
  "PAGER",
  "UAN",
  "VOICEMAIL",
];
/** The PhoneMetadata getters of the number types, for the non-geographic codes. */
const DESCRIPTIONS = [
  "getFixedLine",
  "getMobile",
  "getTollFree",
  "getPremiumRate",
  "getSharedCost",
  "getVoip",
  "getPersonalNumber",
  "getPager",
  "getUan",
  "getVoicemail",
];

/** A small deterministic generator, so the fixture is the same on every run. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function generatePhoneFixture() {
  const google = require("google-libphonenumber");
  const js = require("libphonenumber-js/max");
  const util = google.PhoneNumberUtil.getInstance();
  const { INTERNATIONAL, NATIONAL, E164 } = google.PhoneNumberFormat;
  const versions = ["google-libphonenumber", "libphonenumber-js"].map((name) => `${name} ${require(`${name}/package.json`).version}`);

  const examples = new Map();
  const add = (number, region) => {
    const e164 = util.format(number, E164);
    if (!examples.has(e164)) examples.set(e164, { number, region });
  };
  for (const region of [...util.getSupportedRegions()].sort()) {
    for (const type of TYPES) {
      const number = util.getExampleNumberForType(region, google.PhoneNumberType[type]);
      if (number) add(number, region);
    }
  }
  for (const code of [...util.getSupportedGlobalNetworkCallingCodes()].sort((a, b) => a - b)) {
    const metadata = util.getMetadataForNonGeographicalRegion(code);
    for (const getter of DESCRIPTIONS) {
      const example = metadata[getter]()?.getExampleNumber();
      if (example) add(util.parse(`+${code}${example}`, "ZZ"), null);
    }
  }

  const lines = [];
  const counts = { valid: 0, forms: 0, national: 0, invalid: 0, notValidInSource: [], transformed: [] };
  const validDigits = new Set();
  for (const [e164, { number }] of examples) {
    const digits = e164.slice(1);
    if (!util.isValidNumber(number) || !js.isValidPhoneNumber(e164)) {
      counts.notValidInSource.push(e164);
      continue;
    }
    validDigits.add(digits);
    const code = String(number.getCountryCode());
    // libphonenumber names a non-geographic code's numbers "001".
    const found = util.getRegionCodeForNumber(number);
    const region = found === "001" ? null : found;
    const international = util.format(number, INTERNATIONAL);
    const groups = international.slice(code.length + 2).split(" ");
    const forms = [
      e164,
      digits,
      international,
      `00${international.slice(1)}`,
      international.replaceAll(" ", "-"),
      international.replaceAll(" ", "."),
    ];
    if (groups.length > 1) forms.push(`+${code} (${groups[0]}) ${groups.slice(1).join(" ")}`);
    const metadata = region ? util.getMetadataForRegion(region) : null;
    if (metadata?.getNationalPrefix() === "0") forms.push(`+${code} (0)${groups.join(" ")}`);
    lines.push(["V", digits, region ?? "-", ...forms].join("\t"));
    counts.valid += 1;
    counts.forms += forms.length;

    if (region) {
      const nsn = util.getNationalSignificantNumber(number);
      const national = util.format(number, NATIONAL);
      const nationalDigits = national.replace(/\D/g, "");
      const prefix = metadata.getNationalPrefix() ?? "";
      const nationalForms = [nsn];
      if (nationalDigits === nsn || nationalDigits === prefix + nsn) {
        nationalForms.push(national);
      } else {
        counts.transformed.push(`${region} ${national}`);
      }
      lines.push(["N", region, digits, ...nationalForms].join("\t"));
      counts.national += nationalForms.length;
    }
  }

  // Invalid: codes no country uses, and the examples with digits added or dropped.
  const invalid = new Set();
  const next = random(421);
  const digit = () => String(Math.floor(next() * 10));
  const codes = new Set([...util.getSupportedRegions()].map((r) => String(util.getCountryCodeForRegion(r))));
  for (const code of util.getSupportedGlobalNetworkCallingCodes()) codes.add(String(code));
  for (let n = 100; n <= 999; n += 1) {
    const text = String(n);
    if ([1, 2, 3].some((len) => codes.has(text.slice(0, len)))) continue;
    invalid.add(`+${text}${Array.from({ length: 6 + Math.floor(next() * 6) }, digit).join("")}`);
  }
  for (const digits of validDigits) {
    for (let k = 1; k <= 3; k += 1) {
      const added = digits + Array.from({ length: k }, digit).join("");
      const dropped = digits.slice(0, -k);
      for (const candidate of [added, dropped]) {
        if (validDigits.has(candidate)) continue;
        let valid = false;
        try {
          valid = util.isValidNumber(util.parse(`+${candidate}`, "ZZ"));
        } catch {
          valid = false;
        }
        if (!valid && !js.isValidPhoneNumber(`+${candidate}`)) invalid.add(`+${candidate}`);
      }
    }
  }
  for (const form of invalid) lines.push(`I\t${form}`);
  counts.invalid = invalid.size;

  const header = [
    `# GENERATED by scripts/phone-fixture.mjs (make metadata) from ${versions.join(" and ")}; do not edit.`,
    `# ${counts.valid} valid example numbers in ${counts.forms} forms, ${counts.national} national forms, ${counts.invalid} invalid numbers.`,
    `# Left out: ${counts.notValidInSource.length} examples libphonenumber-js does not call valid (${counts.notValidInSource.join(" ") || "none"});`,
    `# ${counts.transformed.length} national forms only libphonenumber's national-prefix transforms read (${counts.transformed.join(", ") || "none"}).`,
    "# V digits region form… | N region digits form… | I form",
  ];
  return { text: `${[...header, ...lines].join("\n")}\n`, counts };
}

export const phoneFixturePath = join(root, "tests", "fixtures", "phone-numbers.tsv");

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { text, counts } = generatePhoneFixture();
  writeFileSync(phoneFixturePath, text);
  console.log(
    `phone fixture: ${counts.valid} valid numbers in ${counts.forms} forms, ${counts.national} national forms, ` +
      `${counts.invalid} invalid numbers (left out: ${counts.notValidInSource.length} not valid in libphonenumber-js, ` +
      `${counts.transformed.length} transformed national forms) -> ${phoneFixturePath}`,
  );
}
