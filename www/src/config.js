// The Worker's configuration, read from its environment: secrets set with
// `wrangler secret put`, plain vars from wrangler.toml's [vars] (`make demo` passes its
// own on top). Read once per env object (an isolate's, a Durable Object's): a changed
// var or secret (`wrangler secret put`) is a new version, with a new env.

import { parseAllowedCountries } from "./allowed-countries.js";

/** A configuration problem the operator has to fix; the client only sees a 500. */
export class ConfigurationError extends Error {
  constructor(message) {
    super(message);
    this.name = "ConfigurationError";
  }
}

// Deployed defaults. wrangler.toml's [vars] states the same values so they are visible
// where the operator looks; these apply when a var is deleted from there.
export const DEFAULT_LIMITS = Object.freeze({
  // One call per number per 60 s, 5 per hour.
  PHONE_NUMBER_INTERVAL_SECONDS: 60,
  PHONE_NUMBER_CALLS_PER_HOUR: 5,
  // Strict for a public deployment; `make demo` raises it (every request comes from
  // loopback there). Refused attempts count too, see call-limits.js.
  CLIENT_IP_CALLS_PER_HOUR: 10,
  // A budget cap over all numbers and all clients: rotating IP addresses and numbers
  // defeats the two limits above, this one still bounds the bill.
  CALLS_PER_HOUR: 100,
  // Status reads per client address: the page reads once a second while it waits.
  READS_PER_CLIENT_PER_MINUTE: 120,
  // After this long without an answer from the provider, a verification says the call
  // may have been placed (status "unconfirmed"); it keeps waiting for the answer.
  PROVIDER_TIMEOUT_MS: 15000,
  // A verification with no outcome this long after the call was placed (or asked for)
  // ends as "expired": a phone rings for about a minute, the webhook follows its end.
  OUTCOME_TIMEOUT_SECONDS: 300,
  // How long a verification can be read back after it was started.
  VERIFICATION_RETENTION_SECONDS: 24 * 60 * 60,
  // How long a webhook for a uuid this Worker did not start (yet) is kept, waiting for
  // the API answer that names it (the provider may deliver the CDR first).
  UNCLAIMED_WEBHOOK_RETENTION_SECONDS: 60 * 60,
});

/** Slovak and Czech numbers only, unless the operator says otherwise. */
export const DEFAULT_ALLOWED_COUNTRIES = "SK,CZ";

// The webhook secret is a path segment compared byte for byte: only characters a URL
// carries as they are, so there is exactly one spelling of it.
export const WEBHOOK_SECRET_PATTERN = /^[A-Za-z0-9_-]{16,}$/;

const configs = new WeakMap();

/** Every var, validated; throws ConfigurationError naming the var that is wrong (not kept). */
export function readConfig(env) {
  let config = configs.get(env);
  if (!config) configs.set(env, (config = buildConfig(env)));
  return config;
}

function buildConfig(env) {
  const limit = (name) => positiveInteger(env, name, DEFAULT_LIMITS[name]);
  if (text(env.ALLOWED_COUNTRY_PREFIXES) !== "") {
    // The old allow-list by number prefix: ignoring it would silently widen the list.
    throw new ConfigurationError("ALLOWED_COUNTRY_PREFIXES is no longer read: use ALLOWED_COUNTRIES with region codes, e.g. SK,CZ");
  }
  let allowedCountries;
  try {
    allowedCountries = parseAllowedCountries(env.ALLOWED_COUNTRIES ?? DEFAULT_ALLOWED_COUNTRIES);
  } catch (error) {
    throw new ConfigurationError(`ALLOWED_COUNTRIES: ${error.message}`);
  }
  const webhookSecret = text(env.WEBHOOK_SECRET);
  const webhookSecretProblem =
    webhookSecret === "" ? "WEBHOOK_SECRET is not set" : WEBHOOK_SECRET_PATTERN.test(webhookSecret) ? null : "WEBHOOK_SECRET must be at least 16 characters of A-Z a-z 0-9 _ -";
  return {
    // Secrets: checked where they are used (the call, the webhook), so a Worker without
    // a webhook secret still serves the page and the other routes.
    token: text(env.KOMPAAS_TOKEN),
    webhookSecret: webhookSecretProblem === null ? webhookSecret : "",
    webhookSecretProblem,
    // Empty = the package's default, the real provider.
    baseUrl: text(env.KOMPAAS_BASE_URL) || undefined,
    phoneNumberIntervalSeconds: limit("PHONE_NUMBER_INTERVAL_SECONDS"),
    phoneNumberCallsPerHour: limit("PHONE_NUMBER_CALLS_PER_HOUR"),
    clientIpCallsPerHour: limit("CLIENT_IP_CALLS_PER_HOUR"),
    callsPerHour: limit("CALLS_PER_HOUR"),
    readsPerClientPerMinute: limit("READS_PER_CLIENT_PER_MINUTE"),
    allowedCountries,
    providerTimeoutMs: limit("PROVIDER_TIMEOUT_MS"),
    outcomeTimeoutSeconds: limit("OUTCOME_TIMEOUT_SECONDS"),
    verificationRetentionSeconds: limit("VERIFICATION_RETENTION_SECONDS"),
    unclaimedWebhookRetentionSeconds: limit("UNCLAIMED_WEBHOOK_RETENTION_SECONDS"),
  };
}

function text(value) {
  if (typeof value === "number") return String(value);
  return typeof value === "string" ? value.trim() : "";
}

// [vars] in wrangler.toml may hold numbers; .dev.vars and --var hold strings.
function positiveInteger(env, name, fallback) {
  const value = env[name];
  if (value === undefined || value === null || value === "") return fallback;
  const number = typeof value === "number" ? value : Number(String(value).trim());
  if (!Number.isSafeInteger(number) || number < 1) {
    // No "0 = unlimited": a limit that silently vanishes is the wrong failure for a
    // public endpoint that spends money. Set a large number to loosen one.
    throw new ConfigurationError(`${name} must be a whole number of at least 1`);
  }
  return number;
}
