// The reference Worker's pure parts, without wrangler: configuration, the allow-list,
// what counts as one client, and the deployed defaults in wrangler.toml.

import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";

import { clientKey, isCountryAllowed } from "../../www/src/call-limits.js";
import { ConfigurationError, DEFAULT_LIMITS, readConfig } from "../../www/src/config.js";
import { formatEnvFile } from "../../www/demo-server.mjs";

test("readConfig: defaults for every limit, secrets trimmed, base URL optional", () => {
  const config = readConfig({ KOMPAAS_TOKEN: " t0k \n", WEBHOOK_SECRET: "s3cret" });
  assert.equal(config.token, "t0k");
  assert.equal(config.webhookSecret, "s3cret");
  assert.equal(config.baseUrl, undefined);
  assert.equal(config.phoneNumberIntervalSeconds, 60);
  assert.equal(config.phoneNumberCallsPerHour, 5);
  assert.equal(config.clientIpCallsPerHour, 10);
  assert.equal(config.callsPerHour, 100);
  assert.deepEqual(config.allowedCountryPrefixes, []);
});

test("readConfig: numbers from wrangler.toml or strings from .dev.vars", () => {
  assert.equal(readConfig({ CLIENT_IP_CALLS_PER_HOUR: 1000 }).clientIpCallsPerHour, 1000);
  assert.equal(readConfig({ CLIENT_IP_CALLS_PER_HOUR: " 1000 " }).clientIpCallsPerHour, 1000);
});

test("readConfig: a limit that is not a whole number of at least 1 is a configuration error", () => {
  for (const value of ["0", "-1", "1.5", "ten", 0]) {
    assert.throws(() => readConfig({ PHONE_NUMBER_CALLS_PER_HOUR: value }), (error) => {
      assert.ok(error instanceof ConfigurationError);
      assert.match(error.message, /PHONE_NUMBER_CALLS_PER_HOUR/);
      return true;
    });
  }
});

test("readConfig: the allow-list takes prefixes with or without + / 00", () => {
  assert.deepEqual(readConfig({ ALLOWED_COUNTRY_PREFIXES: "421, +420 0044" }).allowedCountryPrefixes, ["421", "420", "44"]);
  assert.throws(() => readConfig({ ALLOWED_COUNTRY_PREFIXES: "SK" }), ConfigurationError);
});

test("isCountryAllowed: by prefix of the normalised number; empty list allows all", () => {
  assert.equal(isCountryAllowed("421900123450", ["421", "420"]), true);
  assert.equal(isCountryAllowed("442079460010", ["421", "420"]), false);
  assert.equal(isCountryAllowed("442079460010", []), true);
});

test("clientKey: IPv4 as is, IPv6 per /64, IPv4-mapped IPv6 as IPv4", () => {
  assert.equal(clientKey("203.0.113.7"), "203.0.113.7");
  assert.equal(clientKey("2001:db8:1:2::1"), "2001:db8:1:2::/64");
  assert.equal(clientKey("2001:0DB8:0001:0002:ffff:ffff:ffff:ffff"), "2001:db8:1:2::/64");
  assert.equal(clientKey("::1"), "0:0:0:0::/64");
  assert.equal(clientKey("::ffff:203.0.113.7"), "203.0.113.7");
  assert.equal(clientKey(null), "unknown");
});

test("wrangler.toml: deployed defaults are the strict ones, and it holds no secrets", async () => {
  const toml = await readFile(new URL("../../www/wrangler.toml", import.meta.url), "utf8");
  const vars = toml.slice(toml.indexOf("[vars]"), toml.indexOf("[[durable_objects.bindings]]"));
  const value = (name) => new RegExp(`^${name}\\s*=\\s*"?([^"\\s#]*)`, "m").exec(vars)?.[1];
  for (const [name, expected] of Object.entries(DEFAULT_LIMITS)) assert.equal(Number(value(name)), expected, name);
  assert.equal(value("KOMPAAS_BASE_URL"), "https://paidmethods.kompaas.tech");
  assert.doesNotMatch(toml, /^\s*(KOMPAAS_TOKEN|WEBHOOK_SECRET)\s*=/m);
});

test("formatEnvFile: values stay literal for wrangler's .env parser", () => {
  assert.equal(formatEnvFile({ A: "x#y z", B: "it's" }), "A='x#y z'\nB=\"it's\"\n");
  assert.throws(() => formatEnvFile({ A: "a\nb" }));
});
