// POST or GET /webhooks/kompaas/<WEBHOOK_SECRET>: the provider delivers a call's
// call-detail record (CDR) here, by the webhook the account owner configures in the
// dashboard (Integrations > Webhooks). The body is whatever template the owner wrote
// (JSON or text), or, for GET, query parameters; parseCallWebhook reads all of them.
//
// Nothing about the request's path is ever logged: a wrong secret is often the right
// one mistyped.

import { isConfirmationCallError, parseCallWebhook } from "kompaas-confirmation-call";

import { logEvent } from "./log.js";
import { isCompleteDelivery, providerCallObject } from "./provider-call.js";
import { BodyNotTextError, BodyTooLargeError, MAX_BODY_BYTES, readBodyText } from "./request-body.js";
import { errorResponse, methodNotAllowed, noContent, notFound } from "./responses.js";
import { repeatedWebhookField, webhookFieldInQuery } from "./webhook-body.js";
import { isWebhookSecret } from "./webhook-secret.js";
import { verificationObject } from "./verifications-api.js";

/** @param {string} candidateSecret the path segment exactly as received, not decoded */
export async function handleWebhook(request, env, config, url, candidateSecret) {
  // A wrong secret looks exactly like a route that does not exist.
  if (!config.webhookSecret) {
    logEvent("webhook_refused", { reason: config.webhookSecretProblem });
    return notFound();
  }
  if (!(await isWebhookSecret(candidateSecret, config.webhookSecret))) {
    logEvent("webhook_refused", { reason: "wrong secret" });
    return notFound();
  }
  if (request.method !== "POST" && request.method !== "GET") return methodNotAllowed(["POST", "GET"]);

  let payload = url.searchParams;
  let payloadText = url.search;
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
    // record is in them. A record in both is ambiguous.
    if (text.trim() !== "") {
      const inQuery = webhookFieldInQuery(url.search);
      if (inQuery) return ambiguous(`${inQuery} is in the query and the body has a record too`);
      payload = text;
      payloadText = text;
    }
  }
  const repeated = repeatedWebhookField(payloadText);
  if (repeated) return ambiguous(`${repeated} appears more than once`);

  let cdr;
  try {
    cdr = parseCallWebhook(payload);
  } catch (error) {
    if (!isConfirmationCallError(error)) throw error;
    logEvent("webhook_rejected", { kind: error.kind, message: error.message });
    return errorResponse(400, error.kind, error.message);
  }

  const delivery = { q931Status: cdr.q931Status, finalStatus: cdr.finalStatus, receivedAt: Date.now() };
  const held = await providerCallObject(env, cdr).deliver({ delivery, unclaimedRetentionSeconds: config.unclaimedWebhookRetentionSeconds });
  // Handed over on every delivery, repeats included: if an earlier hand-over failed
  // (this answered 5xx), the provider's retry completes it. The verification keeps its
  // first outcome, so a repeat changes nothing.
  const status = held.verificationId ? await verificationObject(env, held.verificationId).recordDelivery(held.delivery) : null;
  logEvent("webhook_received", {
    uuid: cdr.verificationCallUuid,
    outcome: isCompleteDelivery(delivery) ? cdr.outcome : "incomplete",
    repeated: held.repeated,
    linked: held.verificationId !== null,
    status,
  });
  // 204 for a repeated or late delivery too: the provider retries on errors, and an
  // error here would only make it deliver the same record again.
  return noContent();
}

function ambiguous(why) {
  logEvent("webhook_rejected", { kind: "ambiguous_webhook", message: why });
  return errorResponse(400, "ambiguous_webhook", `The webhook is ambiguous: ${why}. Send each of verification_call_uuid, q931_status and final_status once.`);
}
