// The webhook's only protection: the provider signs nothing, so the URL the account
// owner pastes in the dashboard carries a secret, and a request without it is treated as
// if the route did not exist.
//
// Only the exact, canonical spelling is accepted: the path segment as it arrived, never
// percent-decoded, so "%74…" for "t…" is a wrong secret like any other. (The secret is
// restricted to characters a URL carries as they are, config.js, so it has exactly one
// spelling.)

const encoder = new TextEncoder();

/**
 * Compares a candidate with the secret in constant time. Both are hashed first, so the
 * comparison always runs over 32 bytes and leaks neither where they differ nor the
 * secret's length.
 */
export async function isWebhookSecret(candidate, secret) {
  const [a, b] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(candidate)),
    crypto.subtle.digest("SHA-256", encoder.encode(secret)),
  ]);
  return crypto.subtle.timingSafeEqual(a, b);
}
