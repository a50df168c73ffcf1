// POST or GET /webhooks/kompaas/<WEBHOOK_SECRET>: the provider delivers a call's
// call-detail record (CDR) here, by the webhook the account owner configures in the
// dashboard (Integrations > Webhooks). The body is whatever template the owner wrote
// (JSON or text), or, for GET, query parameters; parseCallWebhook reads all of them.

import { isConfirmationCallError, parseCallWebhook } from "kompaas-confirmation-call";

import { logEvent } from "./log.js";
import { BodyNotTextError, BodyTooLargeError, MAX_BODY_BYTES, readBodyText } from "./request-body.js";
import { verificationObject } from "./verifications-api.js";
import { errorResponse, methodNotAllowed, noContent, notFound } from "./responses.js";
import { isWebhookSecret } from "./webhook-secret.js";

export async function handleWebhook(request, env, config, url, candidateSecret) {
  // A wrong secret looks exactly like a route that does not exist. The log says why,
  // without the candidate (it may be the real secret, mistyped by one character).
  if (!config.webhookSecret) {
    logEvent("webhook_refused", { reason: "WEBHOOK_SECRET is not set" });
    return notFound();
  }
  if (!(await isWebhookSecret(candidateSecret, config.webhookSecret))) {
    logEvent("webhook_refused", { reason: "wrong secret" });
    return notFound();
  }
  if (request.method !== "POST" && request.method !== "GET") return methodNotAllowed(["POST", "GET"]);

  let payload = url.searchParams;
  if (request.method === "POST") {
    let text;
    try {
      text = await readBodyText(request);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return errorResponse(413, "payload_too_large", `Request bodies are limited to ${MAX_BODY_BYTES} bytes`);
      if (error instanceof BodyNotTextError) return errorResponse(400, "invalid_webhook", error.message);
      throw error;
    }
    // The dashboard allows query parameters on a POST too; an empty body means the
    // record is in them.
    if (text.trim() !== "") payload = text;
  }

  let cdr;
  try {
    cdr = parseCallWebhook(payload);
  } catch (error) {
    if (!isConfirmationCallError(error)) throw error;
    logEvent("webhook_rejected", { kind: error.kind, message: error.message });
    return errorResponse(400, error.kind, error.message);
  }

  const result = await verificationObject(env, cdr).recordOutcome({
    q931Status: cdr.q931Status,
    finalStatus: cdr.finalStatus,
    receivedAt: new Date().toISOString(),
    unclaimedRetentionSeconds: config.unclaimedWebhookRetentionSeconds,
  });
  // 204 for a repeated delivery too: the provider retries on errors, and an error
  // here would only make it deliver the same record again.
  logEvent("webhook_received", {
    id: `${cdr.callId}_${cdr.accountId}`,
    outcome: cdr.outcome,
    repeated: !result.recorded,
    startedHere: result.started,
  });
  return noContent();
}
