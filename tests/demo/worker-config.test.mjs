// The reference Worker's pure parts, without workerd: configuration, the country rules,
// what counts as one client, ambiguous webhook bodies, ids, the demo's settings and
// output filter, and the deployed defaults in wrangler.toml.

import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { isNumberAllowed, parseAllowedCountries } from "../../www/src/allowed-countries.js";
import { clientKey } from "../../www/src/call-limits.js";
import { ConfigurationError, DEFAULT_ALLOWED_COUNTRIES, DEFAULT_LIMITS, readConfig } from "../../www/src/config.js";
import { TOKEN_PATTERN, newToken, readerCookie, readerKeyOf } from "../../www/src/verification-id.js";
import { repeatedWebhookField, topLevelKeys, webhookFieldInQuery } from "../../www/src/webhook-body.js";
import { DEMO_STATE_DIR, DEMO_VARS, RedactedOutput, varsFromEnvironment, wranglerVars } from "../../www/demo-server.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SECRET = "0123456789abcdef-_XY";

test("readConfig: defaults for every limit, secrets trimmed, base URL optional", () => {
  const config = readConfig({ KOMPAAS_TOKEN: " t0k \n", WEBHOOK_SECRET: ` ${SECRET} ` });
  assert.equal(config.token, "t0k");
  assert.equal(config.webhookSecret, SECRET);
  assert.equal(config.baseUrl, undefined);
  assert.equal(config.phoneNumberIntervalSeconds, 60);
  assert.equal(config.phoneNumberCallsPerHour, 5);
  assert.equal(config.clientIpCallsPerHour, 10);
  assert.equal(config.callsPerHour, 100);
  assert.equal(config.readsPerClientPerMinute, 120);
  assert.equal(config.providerTimeoutMs, 15000);
  assert.equal(config.outcomeTimeoutSeconds, 300);
  assert.deepEqual(config.allowedCountries, { anyRegion: false, regions: ["SK", "CZ"], callingCodes: [] });
});

test("readConfig: numbers from wrangler.toml or strings from the environment", () => {
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

test("readConfig: the webhook secret must be 16+ URL-safe characters, so it has one spelling", () => {
  assert.equal(readConfig({ WEBHOOK_SECRET: SECRET }).webhookSecretProblem, null);
  for (const bad of ["short", "0123456789abcdef%41", "0123456789abcdef/x", "0123456789abcdef x", "0123456789abcdéf0"]) {
    const config = readConfig({ WEBHOOK_SECRET: bad });
    assert.equal(config.webhookSecret, "", bad);
    assert.match(config.webhookSecretProblem, /at least 16 characters/, bad);
  }
  assert.match(readConfig({}).webhookSecretProblem, /not set/);
});

test("readConfig: the old ALLOWED_COUNTRY_PREFIXES is refused, not silently ignored", () => {
  assert.throws(() => readConfig({ ALLOWED_COUNTRY_PREFIXES: "421" }), /ALLOWED_COUNTRIES/);
  assert.doesNotThrow(() => readConfig({ ALLOWED_COUNTRY_PREFIXES: "" }));
});

test("ALLOWED_COUNTRIES: region codes, * and +calling codes; anything else is a configuration error", () => {
  assert.deepEqual(parseAllowedCountries("SK, cz,+882 +882"), { anyRegion: false, regions: ["SK", "CZ"], callingCodes: ["882"] });
  assert.deepEqual(parseAllowedCountries("*"), { anyRegion: true, regions: [], callingCodes: [] });
  assert.equal(DEFAULT_ALLOWED_COUNTRIES, "SK,CZ");
  for (const bad of ["", " , ", "SVK", "421", "+0", "+1234", "S1", "**"]) {
    assert.throws(() => readConfig({ ALLOWED_COUNTRIES: bad }), ConfigurationError, JSON.stringify(bad));
  }
});

test("isNumberAllowed: by describePhoneNumber's region; non-geographic codes only when listed", () => {
  const sk = { countryCallingCode: "421", region: "SK", nonGeographic: false };
  const gb = { countryCallingCode: "44", region: "GB", nonGeographic: false };
  const network = { countryCallingCode: "882", region: null, nonGeographic: true };
  const premium = { countryCallingCode: "979", region: null, nonGeographic: true };
  const placeless = { countryCallingCode: "1", region: null, nonGeographic: false };
  const list = parseAllowedCountries("SK,CZ");
  assert.equal(isNumberAllowed(sk, list), true);
  assert.equal(isNumberAllowed(gb, list), false);
  const any = parseAllowedCountries("*");
  assert.equal(isNumberAllowed(gb, any), true);
  assert.equal(isNumberAllowed(network, any), false, "* is every country, not every network");
  assert.equal(isNumberAllowed(premium, any), false);
  assert.equal(isNumberAllowed(placeless, any), false, "a number the plan cannot place");
  const withNetwork = parseAllowedCountries("SK,+882");
  assert.equal(isNumberAllowed(network, withNetwork), true);
  assert.equal(isNumberAllowed(premium, withNetwork), false);
  assert.equal(isNumberAllowed(gb, parseAllowedCountries("+44")), true, "a calling code as a whole");
});

test("clientKey: IPv4 as is, IPv6 per /64, IPv4-mapped IPv6 as IPv4", () => {
  assert.equal(clientKey("203.0.113.7"), "203.0.113.7");
  assert.equal(clientKey("2001:db8:1:2::1"), "2001:db8:1:2::/64");
  assert.equal(clientKey("2001:0DB8:0001:0002:ffff:ffff:ffff:ffff"), "2001:db8:1:2::/64");
  assert.equal(clientKey("::1"), "0:0:0:0::/64");
  assert.equal(clientKey("::ffff:203.0.113.7"), "203.0.113.7");
  assert.equal(clientKey(null), "unknown");
});

test("topLevelKeys: every top-level key of a JSON object, unescaped, repeats kept, nothing nested", () => {
  assert.deepEqual(topLevelKeys('{"a":1,"b":{"a":2,"c":[{"a":3}]},"a":"x,\\"y\\":1","d\\u005fe":[1,"a"]}'), ["a", "b", "a", "d_e"]);
  assert.deepEqual(topLevelKeys('[{"a":1},{"a":2}]'), []);
  assert.deepEqual(topLevelKeys(' { "a" : 1 , "a" : 2 } '), ["a", "a"]);
});

test("repeatedWebhookField: a field named twice in JSON, form text, lines or a URL's query", () => {
  assert.equal(repeatedWebhookField('{"q931_status":16,"q931_status":17}'), "q931_status");
  assert.equal(repeatedWebhookField('{"final_status":"A","final\\u005Fstatus":"B"}'), "final_status");
  assert.equal(repeatedWebhookField("verification_call_uuid=a_1&verification%5Fcall_uuid=b_1"), "verification_call_uuid");
  assert.equal(repeatedWebhookField("q931_status=1\r\nq931_status=2"), "q931_status");
  assert.equal(repeatedWebhookField("q931_status\r\r\nq931_status=2"), "q931_status");
  assert.equal(repeatedWebhookField("/hook?q931_status=1&q931_status=2"), "q931_status");
  assert.equal(repeatedWebhookField("?final_status=A&final_status=B"), "final_status");
  assert.equal(repeatedWebhookField('{"q931_status":16,"x":{"q931_status":1},"note":1,"note":2}'), null);
  assert.equal(repeatedWebhookField("q931_status=16&note=1&note=2"), null);
  assert.equal(repeatedWebhookField("/hook/q931_status=1?q931_status=2"), null, "a path is not a field");
  assert.equal(repeatedWebhookField("%EF%BB%BFq931_status=1&q931_status=2"), null, "a BOM is part of the name");
  assert.equal(webhookFieldInQuery("?foo=1&q931%5Fstatus=2"), "q931_status");
  assert.equal(webhookFieldInQuery(""), null);
});

test("verification ids and reader keys: 128 random bits, base64url; the cookie is HttpOnly and Strict", () => {
  const tokens = new Set(Array.from({ length: 1000 }, () => newToken()));
  assert.equal(tokens.size, 1000);
  for (const token of tokens) assert.match(token, TOKEN_PATTERN);
  const key = newToken();
  assert.equal(readerCookie(key, { secure: true, maxAgeSeconds: 60 }), `verification_reader=${key}; Path=/api/verifications; Max-Age=60; HttpOnly; SameSite=Strict; Secure`);
  const request = (cookie) => new Request("http://x/", { headers: { Cookie: cookie } });
  assert.equal(readerKeyOf(request(`a=1; verification_reader=${key}; b=2`)), key);
  assert.equal(readerKeyOf(request("verification_reader=short")), null);
});

test("wrangler.toml: deployed defaults are the strict ones, and it holds no secrets", async () => {
  const toml = await readFile(path.join(ROOT, "www/wrangler.toml"), "utf8");
  const vars = wranglerVars();
  for (const [name, expected] of Object.entries(DEFAULT_LIMITS)) assert.equal(Number(vars[name]), expected, name);
  assert.equal(vars.KOMPAAS_BASE_URL, "https://paidmethods.kompaas.tech");
  assert.equal(vars.ALLOWED_COUNTRIES, DEFAULT_ALLOWED_COUNTRIES);
  assert.equal("ALLOWED_COUNTRY_PREFIXES" in vars, false, "the old prefix variable is gone");
  assert.doesNotMatch(toml, /^\s*(KOMPAAS_TOKEN|WEBHOOK_SECRET)\s*=/m);
});

test("make demo: every [vars] name set in the environment reaches the Worker; nothing else does", () => {
  const environment = { CALLS_PER_HOUR: "100", CLIENT_IP_CALLS_PER_HOUR: "10", ALLOWED_COUNTRIES: "SK", PATH: "/bin", KOMPAAS_TOKEN: "t" };
  assert.deepEqual(varsFromEnvironment(environment), { CALLS_PER_HOUR: "100", CLIENT_IP_CALLS_PER_HOUR: "10", ALLOWED_COUNTRIES: "SK" });
  // Every var of wrangler.toml is passed, whichever it is.
  const everything = Object.fromEntries(Object.keys(wranglerVars()).map((name) => [name, "1"]));
  assert.deepEqual(Object.keys(varsFromEnvironment({ ...everything, OTHER: "x" })).sort(), Object.keys(wranglerVars()).sort());
  // Its own settings keep every country, for the stand-in's table.
  assert.equal(DEMO_VARS.ALLOWED_COUNTRIES, "*");
});

test("make demo: state in .demo-state/ at the root, git-ignored, removed by make clean", async () => {
  assert.equal(DEMO_STATE_DIR, path.join(ROOT, ".demo-state"));
  assert.match(await readFile(path.join(ROOT, ".gitignore"), "utf8"), /^\/\.demo-state\/$/m);
  assert.match(await readFile(path.join(ROOT, "Makefile"), "utf8"), /^clean:\n(\t.*\n)*\trm -rf .*\.demo-state/m);
});

test("the demo's output filter: any webhook path segment, and the secrets, are replaced", () => {
  const lines = [];
  const output = new RedactedOutput(["the-token-12345", SECRET], (line) => lines.push(line));
  output.line(`POST /webhooks/kompaas/${SECRET} 204`);
  output.line("POST /webhooks/kompaas/0123456789abcdeX-_XY 404"); // a near miss
  output.line('GET http://127.0.0.1:1/webhooks/kompaas/%30123?x=1 "q"');
  output.line("Bearer the-token-12345");
  assert.deepEqual(lines, [
    "POST /webhooks/kompaas/[redacted] 204",
    "POST /webhooks/kompaas/[redacted] 404",
    'GET http://127.0.0.1:1/webhooks/kompaas/[redacted]?x=1 "q"',
    "Bearer [secret]",
  ]);
});
