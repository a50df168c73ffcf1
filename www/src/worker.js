// The reference Worker for kompaas-confirmation-call: starts a confirmation call,
// receives the provider's webhook, and tells the frontend the outcome. The demo page is
// served from ./public by Workers static assets; wrangler.toml sends only /api/* and
// /webhooks/* here (run_worker_first).
//
//   POST /api/verifications                  start a call          verifications-api.js
//   GET  /api/verifications/<id>             its status            verifications-api.js
//   POST|GET /webhooks/kompaas/<secret>      the provider's CDR    webhook.js
//
// State lives in two Durable Object classes: RateLimiter (toll-fraud limits, one object
// per number / client / the account) and Verification (one object per call).

import { ConfigurationError, readConfig } from "./config.js";
import { logEvent } from "./log.js";
import { errorResponse, methodNotAllowed, notFound } from "./responses.js";
import { readVerification, startVerification } from "./verifications-api.js";
import { handleWebhook } from "./webhook.js";

export { RateLimiter } from "./rate-limiter.js";
export { Verification } from "./verification.js";

const VERIFICATION_PATH = /^\/api\/verifications\/([^/]+)$/;
const WEBHOOK_PATH = /^\/webhooks\/kompaas\/([^/]*)$/;

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    try {
      return await route(request, env, url);
    } catch (error) {
      if (error instanceof ConfigurationError) {
        logEvent("configuration_error", { message: error.message });
        return errorResponse(500, "server_misconfigured", "This service is not configured correctly");
      }
      // Our own errors carry no secrets; the request URL (which may) is not logged.
      logEvent("internal_error", { message: String(error?.stack ?? error) });
      return errorResponse(500, "internal_error", "Something went wrong on our side");
    }
  },
};

async function route(request, env, url) {
  const path = url.pathname;
  if (path === "/api/verifications") {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    return startVerification(request, env, readConfig(env));
  }
  const verification = VERIFICATION_PATH.exec(path);
  if (verification) {
    if (request.method !== "GET") return methodNotAllowed(["GET"]);
    return readVerification(env, url, verification[1]);
  }
  const webhook = WEBHOOK_PATH.exec(path);
  if (webhook) {
    let candidate;
    try {
      candidate = decodeURIComponent(webhook[1]);
    } catch {
      return notFound();
    }
    return handleWebhook(request, env, readConfig(env), url, candidate);
  }
  if (path.startsWith("/api/") || path.startsWith("/webhooks/")) return notFound();
  // Only reached if wrangler.toml's run_worker_first is widened: the page and its files.
  return env.ASSETS.fetch(request);
}
