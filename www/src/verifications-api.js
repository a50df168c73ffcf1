// The frontend's API:
//   POST /api/verifications        start a verification (the call is placed right after)
//   GET  /api/verifications/<id>   its status, for the browser that started it
//   GET  /api/countries            which numbers this service calls
// The provider token is used in verification.js and nowhere else; the page never sees it.
//
// Answers carry stable codes (`status`, `reason`, `error.kind`, `error.scope`) and, for
// errors, an English `message` for developers. Texts for people are the page's
// (public/texts.js): one table, in every language the page speaks.

import { buildConfirmationCallRequest, describePhoneNumber, isConfirmationCallError } from "kompaas-confirmation-call";

import { isNumberAllowed, publicAllowedCountries } from "./allowed-countries.js";
import { BUSY, reserveCall, reserveRead, unlessOverloaded } from "./call-limits.js";
import { ConfigurationError } from "./config.js";
import { logEvent, maskPhoneNumber } from "./log.js";
import { BodyNotTextError, BodyTooLargeError, MAX_BODY_BYTES, readBodyText } from "./request-body.js";
import { errorResponse, json, notFound } from "./responses.js";
import { TOKEN_PATTERN, newToken, readerCookie, readerHash, readerKeyOf } from "./verification-id.js";
import { publicView } from "./verification.js";

/** POST /api/verifications {"phoneNumber": "..."} */
export async function startVerification(request, env, config, url) {
  // JSON only: a cross-site <form> can post text/plain or form data without the page's
  // consent (no CORS preflight), but not application/json.
  const contentType = request.headers.get("Content-Type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    return errorResponse(415, "unsupported_media_type", 'Send Content-Type: application/json with {"phoneNumber": "..."}');
  }
  let body;
  try {
    body = JSON.parse(await readBodyText(request));
  } catch (error) {
    if (error instanceof BodyTooLargeError) return errorResponse(413, "payload_too_large", `Request bodies are limited to ${MAX_BODY_BYTES} bytes`);
    if (error instanceof BodyNotTextError || error instanceof SyntaxError) return invalidRequest();
    throw error;
  }
  if (body === null || typeof body !== "object" || Array.isArray(body) || typeof body.phoneNumber !== "string") {
    return invalidRequest();
  }

  // The package's own validation against the numbering plan, so the error carries its
  // kind (invalid_phone_number) and its precise reason (the message, which the page shows).
  let number;
  try {
    number = describePhoneNumber(body.phoneNumber);
  } catch (error) {
    if (isConfirmationCallError(error)) return errorResponse(400, error.kind, error.message);
    throw error;
  }
  if (!isNumberAllowed(number, config.allowedCountries)) {
    return json(400, {
      error: {
        kind: "country_not_allowed",
        message: `This service does not call ${number.region ?? `+${number.countryCallingCode}`} numbers`,
        region: number.region,
        countryCallingCode: number.countryCallingCode,
        nonGeographic: number.nonGeographic,
      },
    });
  }
  const phoneNumber = number.digits;

  // A misconfigured Worker must fail before it uses up anyone's limits.
  checkProviderSettings(config, phoneNumber);

  const refusal = await reserveCall(env, config, {
    phoneNumber,
    clientAddress: request.headers.get("CF-Connecting-IP"),
  });
  if (refusal) {
    logEvent("call_refused", { scope: refusal.scope, retryAfterSeconds: refusal.retryAfterSeconds, phoneNumber: maskPhoneNumber(phoneNumber) });
    return rateLimited(refusal);
  }

  const id = newToken();
  const readerKey = readerKeyOf(request) ?? newToken();
  const record = await verificationObject(env, id).create({
    id,
    readerHash: await readerHash(readerKey),
    phoneNumber,
    maskedNumber: maskPhoneNumber(phoneNumber),
    providerTimeoutMs: config.providerTimeoutMs,
    outcomeTimeoutSeconds: config.outcomeTimeoutSeconds,
    retentionSeconds: config.verificationRetentionSeconds,
  });
  logEvent("verification_started", { phoneNumber: maskPhoneNumber(phoneNumber) });
  return json(202, publicView(record), {
    Location: `/api/verifications/${id}`,
    "Set-Cookie": readerCookie(readerKey, { secure: url.protocol === "https:", maxAgeSeconds: config.verificationRetentionSeconds }),
  });
}

/** GET /api/verifications/<id> */
export async function readVerification(request, env, config, id) {
  const readerKey = readerKeyOf(request);
  // Neither can name a verification: answered without touching any storage.
  if (!TOKEN_PATTERN.test(id) || readerKey === null) return notFoundVerification();

  const refusal = await reserveRead(env, config, request.headers.get("CF-Connecting-IP"));
  if (refusal) return rateLimited(refusal);
  const hash = await readerHash(readerKey);
  const record = await unlessOverloaded(() => verificationObject(env, id).read(hash), BUSY);
  if (record === BUSY) return rateLimited(BUSY);
  // Unknown, and started by another browser, look the same.
  if (record === null) return notFoundVerification();
  return json(200, publicView(record));
}

/** GET /api/countries */
export function allowedCountries(config) {
  return json(200, publicAllowedCountries(config.allowedCountries));
}

/** The Durable Object of one verification, named by its private id. */
export function verificationObject(env, id) {
  return env.VERIFICATION.get(env.VERIFICATION.idFromName(id));
}

function checkProviderSettings(config, phoneNumber) {
  if (!config.token) throw new ConfigurationError("KOMPAAS_TOKEN is not set (wrangler secret put KOMPAAS_TOKEN)");
  try {
    buildConfirmationCallRequest({ token: config.token, phoneNumber, baseUrl: config.baseUrl });
  } catch (error) {
    if (!isConfirmationCallError(error)) throw error;
    const name = error.kind === "invalid_base_url" ? "KOMPAAS_BASE_URL" : "KOMPAAS_TOKEN";
    throw new ConfigurationError(`${name} is not usable: ${error.message}`);
  }
}

// For developers reading the API; the page has its own texts, by `scope`.
const RATE_LIMIT_MESSAGES = {
  client: "This client address has requested as many calls as it may for now",
  phone_number: "This number was called a moment ago",
  account: "This service has placed as many calls as it may for now",
  client_reads: "This client address has read as many statuses as it may for now",
  busy: "Too many requests at once; try again in a second",
};

/** 429 for a refusal of call-limits.js: { scope, retryAfterSeconds }. */
function rateLimited(refusal) {
  return json(
    429,
    { error: { kind: "rate_limited", scope: refusal.scope, message: RATE_LIMIT_MESSAGES[refusal.scope] } },
    { "Retry-After": String(refusal.retryAfterSeconds) },
  );
}

function invalidRequest() {
  return errorResponse(400, "invalid_request", 'Send a JSON object: {"phoneNumber": "+421 900 123 456"}');
}

function notFoundVerification() {
  return notFound("No verification with this id for this browser");
}
