// The reference Worker for kompaas-confirmation-call: starts a confirmation call,
// receives the provider's webhook, and tells the frontend the outcome. The demo page is
// served from ./public by Workers static assets; wrangler.toml sends only /api/* and
// /webhooks/* here (run_worker_first).
//
//   POST /api/verifications                  start a verification  verifications-api.js
//   GET  /api/verifications/<id>             its status            verifications-api.js
//   GET  /api/countries                      what it calls         verifications-api.js
//   POST|GET /webhooks/kompaas/<secret>      the provider's CDR    webhook.js
//
// State lives in three Durable Object classes: RateLimiter (toll-fraud and read limits,
// one object per number / client / the account), Verification (one per verification,
// named by its private id; it places the call) and ProviderCall (one per placed call,
// named by the provider's uuid; it takes the webhook).

import { ConfigurationError, readConfig } from "./config.js";
import { logEvent } from "./log.js";
import { discardBody } from "./request-body.js";
import { errorResponse, methodNotAllowed, notFound } from "./responses.js";
import { allowedCountries, readVerification, startVerification } from "./verifications-api.js";
import { handleWebhook } from "./webhook.js";

export { RateLimiter } from "./rate-limiter.js";
export { Verification } from "./verification.js";
export { ProviderCall } from "./provider-call.js";

const VERIFICATION_PATH = /^\/api\/verifications\/([^/]+)$/;
const WEBHOOK_PATH = /^\/webhooks\/kompaas\/([^/]*)$/;

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    try {
      const response = await route(request, env, url);
      // A request answered without reading its body (a wrong webhook secret, a 415, a
      // declared 413) would leave the body on the connection, and the runtime closes
      // it: the client sees "other side closed" or a reset instead of the answer.
      await discardBody(request);
      return response;
    } catch (error) {
      if (error instanceof ConfigurationError) {
        logEvent("configuration_error", { message: error.message });
        return errorResponse(500, "server_misconfigured", "This service is not configured correctly");
      }
      // Our own errors carry no secrets; the request URL (which may) is never logged.
      logEvent("internal_error", { message: String(error?.stack ?? error) });
      return errorResponse(500, "internal_error", "Something went wrong on our side");
    }
  },
};

async function route(request, env, url) {
  const path = url.pathname;
  if (path === "/api/verifications") {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    return startVerification(request, env, readConfig(env), url);
  }
  const verification = VERIFICATION_PATH.exec(path);
  if (verification) {
    if (request.method !== "GET") return methodNotAllowed(["GET"]);
    return readVerification(request, env, readConfig(env), verification[1]);
  }
  if (path === "/api/countries") {
    if (request.method !== "GET") return methodNotAllowed(["GET"]);
    return allowedCountries(readConfig(env));
  }
  const webhook = WEBHOOK_PATH.exec(path);
  // The segment as it arrived: never decoded, so the secret has one spelling only.
  if (webhook) return handleWebhook(request, env, readConfig(env), url, webhook[1]);
  if (path.startsWith("/api/") || path.startsWith("/webhooks/")) return notFound();
  // Only reached if wrangler.toml's run_worker_first is widened: the page and its files.
  return env.ASSETS.fetch(request);
}
