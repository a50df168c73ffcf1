// Toll-fraud protection: which calls the Worker refuses to place, and how often one
// client may read statuses. Every request to the provider is billed and rings a
// stranger's phone, and this Worker is a public endpoint, so these checks run before
// the provider is ever asked.

/**
 * The refusal when an object was flooded past what it can take (Cloudflare answers
 * "overloaded", isOverloaded()): the request is refused, never let through unchecked.
 */
export const BUSY = Object.freeze({ scope: "busy", retryAfterSeconds: 1 });

// A limiter's verdict when it could not be asked; refusal() makes it BUSY.
const OVERLOADED = Object.freeze({ allowed: false, busy: true });

/**
 * Reserve one call in every limit that applies, in order; stops at the first refusal.
 *
 * The order decides who pays for a refused attempt:
 * 1. the client address first, so someone spraying many numbers (or one number many
 *    times) exhausts their own allowance and nothing else: a refused attempt still
 *    counts against its client, deliberately;
 * 2. the phone number next, so a request for a number called a moment ago stops here,
 *    before it touches anything shared;
 * 3. the account-wide budget last: only a call that will really be placed spends it.
 *    When the budget refuses, the number's reservation is given back (no call was
 *    placed, so the number's owner must not be kept waiting for nothing).
 *
 * A reservation that led to a provider request stands whatever the provider then does:
 * a timeout may still have placed the call, and "retry until it works" is exactly the
 * loop these limits exist to slow down.
 *
 * @returns {Promise<null | { scope: "client" | "phone_number" | "account" | "busy", retryAfterSeconds: number }>}
 *   null when the call may be placed; "busy" when a limiter could not keep up (the
 *   request is refused rather than let through unchecked)
 */
export async function reserveCall(env, config, { phoneNumber, clientAddress }) {
  const client = await reserve(env, `client:${clientKey(clientAddress)}`, [{ max: config.clientIpCallsPerHour, windowSeconds: 3600 }]);
  if (!client.allowed) return refusal("client", client);

  const numberKey = `phone_number:${phoneNumber}`;
  const number = await reserve(env, numberKey, [
    { max: 1, windowSeconds: config.phoneNumberIntervalSeconds },
    { max: config.phoneNumberCallsPerHour, windowSeconds: 3600 },
  ]);
  if (!number.allowed) return refusal("phone_number", number);

  const account = await reserve(env, "account", [{ max: config.callsPerHour, windowSeconds: 3600 }]);
  if (!account.allowed) {
    await limiter(env, numberKey).release(number.reservation);
    return refusal("account", account);
  }
  return null;
}

/** One token of the client's status-read allowance; null when the read may go ahead. */
export async function reserveRead(env, config, clientAddress) {
  const key = `reads:${clientKey(clientAddress)}`;
  const verdict = await unlessOverloaded(() => limiter(env, key).tryTake({ perMinute: config.readsPerClientPerMinute }), OVERLOADED);
  return verdict.allowed ? null : refusal("client_reads", verdict);
}

function reserve(env, key, rules) {
  return unlessOverloaded(() => limiter(env, key).tryReserve(rules), OVERLOADED);
}

function refusal(scope, verdict) {
  return verdict.busy ? BUSY : { scope, retryAfterSeconds: verdict.retryAfterSeconds };
}

function limiter(env, key) {
  return env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(key));
}

/** What `ask()` resolves to, or `fallback` when the Durable Object it asks is overloaded. */
export async function unlessOverloaded(ask, fallback) {
  try {
    return await ask();
  } catch (error) {
    if (isOverloaded(error)) return fallback;
    throw error;
  }
}

// Cloudflare marks the error of a Durable Object that has too many requests queued.
function isOverloaded(error) {
  return error?.overloaded === true || /overloaded/i.test(String(error?.message ?? ""));
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
