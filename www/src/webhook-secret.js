// The webhook's only protection: the provider signs nothing (provider/README.md, "No
// signature on webhooks is documented"), so the URL the account owner pastes in the
// dashboard carries a secret, and a request without it is treated as if the route did
// not exist.

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
