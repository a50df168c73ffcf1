// Toll-fraud protection: which calls the Worker refuses to place. Every request to the
// provider is billed and rings a stranger's phone, and this Worker is a public endpoint,
// so these checks run before the provider is ever asked.

/**
 * The allow-list: true when the normalised number (country code first, no "+") starts
 * with one of the configured prefixes, or no prefixes are configured.
 */
export function isCountryAllowed(phoneNumber, allowedCountryPrefixes) {
  return allowedCountryPrefixes.length === 0 || allowedCountryPrefixes.some((prefix) => phoneNumber.startsWith(prefix));
}

/**
 * Reserve one call in every limit that applies, in order; stops at the first refusal.
 *
 * The order matters because a reservation is not given back:
 * 1. the client address first, so someone spraying many numbers (or one number many
 *    times) exhausts their own allowance and nothing else;
 * 2. the account-wide budget next;
 * 3. the phone number last, so refused clients cannot block a number for its owner.
 * A refused attempt therefore still counts against its client, deliberately.
 *
 * A reservation also stands when the provider then fails: a timeout may still have
 * placed the call, and "retry until it works" is exactly the loop these limits exist
 * to slow down.
 *
 * @returns {Promise<null | { scope: "client" | "account" | "phone_number", retryAfterSeconds: number }>}
 *   null when the call may be placed
 */
export async function reserveCall(env, config, { phoneNumber, clientAddress }) {
  const limits = [
    {
      scope: "client",
      key: `client:${clientKey(clientAddress)}`,
      rules: [{ max: config.clientIpCallsPerHour, windowSeconds: 3600 }],
    },
    {
      scope: "account",
      key: "account",
      rules: [{ max: config.callsPerHour, windowSeconds: 3600 }],
    },
    {
      scope: "phone_number",
      key: `phone_number:${phoneNumber}`,
      rules: [
        { max: 1, windowSeconds: config.phoneNumberIntervalSeconds },
        { max: config.phoneNumberCallsPerHour, windowSeconds: 3600 },
      ],
    },
  ];
  for (const { scope, key, rules } of limits) {
    const limiter = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(key));
    const verdict = await limiter.tryReserve(rules);
    if (!verdict.allowed) return { scope, retryAfterSeconds: verdict.retryAfterSeconds };
  }
  return null;
}

/**
 * What one client is. Cloudflare sets CF-Connecting-IP on every request and a client
 * cannot override it (under `wrangler dev` it is the loopback address). An IPv6 client
 * usually holds a whole /64, so IPv6 addresses are limited per /64, not per address.
 */
export function clientKey(address) {
  if (!address) return "unknown";
  const text = address.trim().toLowerCase();
  if (!text.includes(":")) return text;
  const mappedIpv4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (mappedIpv4) return mappedIpv4[1];
  const groups = expandIpv6(text);
  return groups ? `${groups.slice(0, 4).join(":")}::/64` : text;
}

function expandIpv6(text) {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...head, ...Array(missing).fill("0"), ...tail];
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return null;
  return groups.map((group) => group.replace(/^0+(?=.)/, ""));
}
