// The frontend's API: POST /api/verifications starts a confirmation call,
// GET /api/verifications/<id> tells its status. The provider token is used here and
// nowhere else; the page never sees it.

import {
  buildConfirmationCallRequest,
  confirmationCall,
  interpretCallStatus,
  isConfirmationCallError,
  normalizePhoneNumber,
  splitVerificationCallUuid,
} from "kompaas-confirmation-call";

import { isCountryAllowed, reserveCall } from "./call-limits.js";
import { ConfigurationError } from "./config.js";
import { logEvent, maskPhoneNumber } from "./log.js";
import { BodyNotTextError, BodyTooLargeError, MAX_BODY_BYTES, readBodyText } from "./request-body.js";
import { errorResponse, json, notFound } from "./responses.js";

/** POST /api/verifications {"phoneNumber": "..."} */
export async function startVerification(request, env, config) {
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

  // The package's own validation, so the error carries its kind (invalid_phone_number).
  let phoneNumber;
  try {
    phoneNumber = normalizePhoneNumber(body.phoneNumber);
  } catch (error) {
    if (isConfirmationCallError(error)) return errorResponse(400, error.kind, error.message);
    throw error;
  }
  if (!isCountryAllowed(phoneNumber, config.allowedCountryPrefixes)) {
    return errorResponse(400, "country_not_allowed", "This service does not call numbers with this country code");
  }

  // A misconfigured Worker must fail before it uses up anyone's limits.
  checkProviderSettings(config, phoneNumber);

  const refusal = await reserveCall(env, config, {
    phoneNumber,
    clientAddress: request.headers.get("CF-Connecting-IP"),
  });
  if (refusal) {
    logEvent("call_refused", { scope: refusal.scope, retryAfterSeconds: refusal.retryAfterSeconds, phoneNumber: maskPhoneNumber(phoneNumber) });
    return errorResponse(429, "rate_limited", RATE_LIMIT_MESSAGES[refusal.scope], {
      "Retry-After": String(refusal.retryAfterSeconds),
    });
  }

  // One request, never retried (the package does not retry either): a retry is a
  // second billed call to someone's phone.
  let answer;
  try {
    answer = await confirmationCall({
      token: config.token,
      phoneNumber,
      baseUrl: config.baseUrl,
      timeoutMs: config.providerTimeoutMs,
    });
  } catch (error) {
    if (!isConfirmationCallError(error)) throw error;
    // The package's messages never contain the token (SPEC.md, "Errors").
    logEvent("provider_failed", {
      kind: error.kind,
      status: error.status ?? null,
      providerCode: error.providerCode ?? null,
      message: error.message,
      phoneNumber: maskPhoneNumber(phoneNumber),
    });
    return errorResponse(502, error.kind, providerFailureMessage(error, config));
  }

  const id = answer.verificationCallUuid;
  const startedAt = new Date().toISOString();
  await verificationObject(env, answer).recordStarted({
    id,
    startedAt,
    retentionSeconds: config.verificationRetentionSeconds,
  });
  logEvent("call_started", { id, phoneNumber: maskPhoneNumber(phoneNumber) });
  return json(202, { id, status: "pending" }, { Location: `/api/verifications/${encodeURIComponent(id)}` });
}

/** GET /api/verifications/<id>[?locale=sk] */
export async function readVerification(env, url, encodedId) {
  let parts;
  try {
    parts = splitVerificationCallUuid(decodeURIComponent(encodedId));
  } catch (error) {
    // URIError from a broken %-escape, or the package's invalid_uuid: no such id either way.
    if (error instanceof URIError || isConfirmationCallError(error)) return notFoundVerification();
    throw error;
  }
  const record = await verificationObject(env, parts).read();
  if (record === null) return notFoundVerification();
  const locale = url.searchParams.get("locale") === "sk" ? "sk" : "en";
  return json(200, publicView(record, locale));
}

/**
 * The Durable Object of one verification call. Named by callId and accountId rather
 * than the uuid text, so the API answer and the webhook meet in the same object even if
 * one writes the separator as "__" (the provider's English page does once).
 */
export function verificationObject(env, { callId, accountId }) {
  return env.VERIFICATION.get(env.VERIFICATION.idFromName(`${callId}_${accountId}`));
}

function publicView(record, locale) {
  if (!record.outcome) {
    return {
      id: record.id,
      status: "pending",
      confirmed: false,
      description: null,
      cause: null,
      q931Status: null,
      finalStatus: null,
      startedAt: record.startedAt,
      updatedAt: record.updatedAt,
    };
  }
  // Interpreted on every read, not stored: the locale is the reader's, and the
  // package's tables stay the one place the meanings live.
  const status = interpretCallStatus(record.outcome.q931Status, record.outcome.finalStatus, { locale });
  return {
    id: record.id,
    status: status.outcome,
    confirmed: status.confirmed,
    description: status.description,
    cause: status.cause,
    q931Status: status.q931Status,
    finalStatus: status.finalStatus,
    startedAt: record.startedAt,
    updatedAt: record.updatedAt,
  };
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

const RATE_LIMIT_MESSAGES = {
  client: "Too many calls requested from your network; try again later",
  account: "This service has placed as many calls as it may for now; try again later",
  phone_number: "This number was called a moment ago; try again later",
};

// Written for the page's user, not the operator: the provider's own message goes to
// the log (provider_failed), not to the public.
function providerFailureMessage(error, config) {
  switch (error.kind) {
    case "timeout":
      return `The phone provider did not answer within ${config.providerTimeoutMs / 1000} s; the call may still be placed`;
    case "network":
      return "The phone provider could not be reached";
    case "unauthorized":
      return "The phone provider refused this service's credentials";
    case "rate_limited":
      return "The phone provider is limiting requests; try again later";
    case "server_error":
      return `The phone provider failed (HTTP ${error.status})`;
    default:
      return `The phone provider did not accept the request (${error.kind})`;
  }
}

function invalidRequest() {
  return errorResponse(400, "invalid_request", 'Send a JSON object: {"phoneNumber": "+421 900 123 456"}');
}

function notFoundVerification() {
  return notFound("No verification with this id");
}
