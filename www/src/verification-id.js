// What the browser holds for a verification, and nothing else:
// - its id: 128 random bits (crypto.getRandomValues), never the provider's
//   verification_call_uuid, which carries the account id and is not secret enough;
// - a reader key in an HttpOnly cookie, the same for every verification of that
//   browser: reading a verification needs both. A leaked id (a screenshot, a support
//   chat, a log) is then useless to anyone else, and the binding is to the browser, not
//   to its address, which changes when a phone moves between Wi-Fi and mobile data or a
//   dual-stack browser switches between IPv4 and IPv6 mid-call.

const encoder = new TextEncoder();

/** 16 random bytes as base64url: 22 characters. */
export function newToken() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Anything else is refused before any storage is touched. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

const READER_COOKIE = "verification_reader";

/** The reader key the request carries in its cookie, if it has a well-formed one. */
export function readerKeyOf(request) {
  const header = request.headers.get("Cookie") ?? "";
  for (const part of header.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === READER_COOKIE && TOKEN_PATTERN.test(value.join("="))) return value.join("=");
  }
  return null;
}

/**
 * The Set-Cookie value. HttpOnly: page scripts never see it. SameSite=Strict: another
 * site's page cannot make the browser send it. Path: only the API gets it.
 */
export function readerCookie(readerKey, { secure, maxAgeSeconds }) {
  return [
    `${READER_COOKIE}=${readerKey}`,
    "Path=/api/verifications",
    `Max-Age=${maxAgeSeconds}`,
    "HttpOnly",
    "SameSite=Strict",
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

/** What a verification stores of the reader key: its SHA-256, hex. */
export async function readerHash(readerKey) {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(readerKey));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}
