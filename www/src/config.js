// The Worker's configuration, read from its environment: secrets set with
// `wrangler secret put`, plain vars from wrangler.toml's [vars] (or a .dev.vars /
// --env-file for `wrangler dev`). Read on every request: it is a handful of lookups,
// and a changed secret then takes effect without a redeploy.

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
  // The toll-fraud limits: one call per number per 60 s, 5 per hour.
  PHONE_NUMBER_INTERVAL_SECONDS: 60,
  PHONE_NUMBER_CALLS_PER_HOUR: 5,
  // Strict for a public deployment; `make demo` raises it (every request comes from
  // loopback there). Refused attempts count too, see call-limits.js.
  CLIENT_IP_CALLS_PER_HOUR: 10,
  // A budget cap over all numbers and all clients: rotating IP addresses and numbers
  // defeats the two limits above, this one still bounds the bill.
  CALLS_PER_HOUR: 100,
  // The package's own default timeout for the provider's answer.
  PROVIDER_TIMEOUT_MS: 15000,
  // How long a verification's outcome can be read back after the call was started.
  VERIFICATION_RETENTION_SECONDS: 24 * 60 * 60,
  // How long a webhook for a uuid this Worker did not start (yet) is kept, waiting for
  // the API answer that names it (the provider may deliver the CDR first).
  UNCLAIMED_WEBHOOK_RETENTION_SECONDS: 60 * 60,
});

/** Every var, validated; throws ConfigurationError naming the var that is wrong. */
export function readConfig(env) {
  const limit = (name) => positiveInteger(env, name, DEFAULT_LIMITS[name]);
  return {
    // Secrets: checked where they are used (startVerification, handleWebhook), so a
    // Worker without a webhook secret still serves the page and the other routes.
    token: text(env.KOMPAAS_TOKEN),
    webhookSecret: text(env.WEBHOOK_SECRET),
    // Empty = the package's default, the real provider.
    baseUrl: text(env.KOMPAAS_BASE_URL) || undefined,
    phoneNumberIntervalSeconds: limit("PHONE_NUMBER_INTERVAL_SECONDS"),
    phoneNumberCallsPerHour: limit("PHONE_NUMBER_CALLS_PER_HOUR"),
    clientIpCallsPerHour: limit("CLIENT_IP_CALLS_PER_HOUR"),
    callsPerHour: limit("CALLS_PER_HOUR"),
    allowedCountryPrefixes: countryPrefixes(env.ALLOWED_COUNTRY_PREFIXES),
    providerTimeoutMs: limit("PROVIDER_TIMEOUT_MS"),
    verificationRetentionSeconds: limit("VERIFICATION_RETENTION_SECONDS"),
    unclaimedWebhookRetentionSeconds: limit("UNCLAIMED_WEBHOOK_RETENTION_SECONDS"),
  };
}

function text(value) {
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

// "421, 420" -> ["421", "420"]; empty = every country. A prefix is the start of the
// normalised number (country code first, no "+", as the provider wants it).
function countryPrefixes(value) {
  const list = text(typeof value === "number" ? String(value) : value);
  if (list === "") return [];
  const prefixes = list.split(/[\s,]+/).filter(Boolean).map((prefix) => prefix.replace(/^\+|^00/, ""));
  for (const prefix of prefixes) {
    if (!/^[1-9][0-9]{0,5}$/.test(prefix)) {
      throw new ConfigurationError("ALLOWED_COUNTRY_PREFIXES must list country-code prefixes like 421,420");
    }
  }
  return prefixes;
}
