// A minimal Cloudflare Worker for phone verification with kompaas-confirmation-call.
//
//   POST /verifications {"phoneNumber": "+421 900 123 450"}  202 {"id"}: the phone rings
//   GET  /verifications/<id>                  {"id", "status", "confirmed", "description"}
//   POST or GET /webhooks/kompaas/<WEBHOOK_SECRET>             the provider's call record
//
// State is in Workers KV, one key per verification and one per call record, so the webhook
// may come before the API's answer and nothing written for a pending verification can
// overwrite an outcome. KV is eventually consistent (a read elsewhere may lag for up to a
// minute); the reference Worker in www/ uses Durable Objects, and limits calls per number
// and per client, as a live service must: every call is billed.
import { confirmationCall, isConfirmationCallError, parseCallWebhook } from "kompaas-confirmation-call";

const TTL_SECONDS = 24 * 60 * 60;
const EXPIRES_AFTER_MS = 10 * 60_000;

const failure = (status, kind, message) => Response.json({ error: { kind, message } }, { status });

async function start(request, env) {
  const body = await request.json().catch(() => ({}));
  try {
    const call = await confirmationCall({ token: env.KOMPAAS_TOKEN, phoneNumber: body?.phoneNumber, baseUrl: env.KOMPAAS_BASE_URL });
    const id = crypto.randomUUID();
    const verification = { uuid: call.verificationCallUuid, startedAt: Date.now() };
    await env.VERIFICATIONS.put(`verification:${id}`, JSON.stringify(verification), { expirationTtl: TTL_SECONDS });
    return Response.json({ id }, { status: 202 });
  } catch (error) {
    if (!isConfirmationCallError(error)) throw error;
    // timeout: no answer in time, yet the phone may ring; never retry on your own.
    const status = error.kind === "invalid_phone_number" ? 400 : error.kind === "timeout" ? 504 : 502;
    return failure(status, error.kind, error.message);
  }
}

async function read(id, env) {
  const verification = await env.VERIFICATIONS.get(`verification:${id}`, "json");
  if (!verification) return failure(404, "not_found", "no such verification");
  const outcome = await env.VERIFICATIONS.get(`outcome:${verification.uuid}`, "json");
  const status = outcome?.outcome ?? (Date.now() - verification.startedAt > EXPIRES_AFTER_MS ? "expired" : "pending");
  return Response.json({ id, status, confirmed: outcome?.confirmed ?? false, description: outcome?.description ?? null });
}

async function webhook(request, env) {
  const text = request.method === "POST" ? await request.text() : "";
  let record;
  try {
    // A body (JSON or text, as templated in the dashboard), else the query (GET).
    record = parseCallWebhook(text.trim() !== "" ? text : request.url);
  } catch (error) {
    if (!isConfirmationCallError(error)) throw error;
    return failure(400, error.kind, error.message);
  }
  // The first outcome stands: the provider repeats deliveries (with the same record).
  const key = `outcome:${record.verificationCallUuid}`;
  if ((await env.VERIFICATIONS.get(key)) === null) {
    await env.VERIFICATIONS.put(key, JSON.stringify(record), { expirationTtl: TTL_SECONDS });
  }
  return new Response(null, { status: 204 });
}

/** The provider signs nothing: the secret in the URL is the only protection. */
function isSecret(given, env) {
  const encoder = new TextEncoder();
  const a = encoder.encode(given);
  const b = encoder.encode(env.WEBHOOK_SECRET ?? "");
  return b.length > 0 && a.length === b.length && crypto.subtle.timingSafeEqual(a, b);
}

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    const status = /^\/verifications\/([0-9a-f-]{36})$/.exec(pathname);
    const hook = /^\/webhooks\/kompaas\/([^/]+)$/.exec(pathname);
    if (pathname === "/verifications" && request.method === "POST") return start(request, env);
    if (status && request.method === "GET") return read(status[1], env);
    if (hook && ["GET", "POST"].includes(request.method) && isSecret(hook[1], env)) {
      return webhook(request, env);
    }
    return failure(404, "not_found", "no such route");
  },
};
