// A complete phone verification server: Express and kompaas-confirmation-call.
//
//   POST /verifications {"phoneNumber": "+421 900 123 450"}  202 {"id"}: the phone rings
//   GET  /verifications/<id>                  {"id", "status", "confirmed", "description"}
//   POST or GET /webhooks/kompaas/<WEBHOOK_SECRET>             the provider's call record
//
// status is "pending", then the outcome (answered, no_answer, busy, rejected,
// billing_problem, unreachable), or "expired" when no call record came in 10 minutes.
// confirmed is true only for "answered": the customer picked up.
//
//   KOMPAAS_TOKEN=… WEBHOOK_SECRET=… node server.mjs   (README.md: with the local stand-in)
//
// State is in memory here; a real service keeps the same two maps in its database. Before
// going live, limit POST /verifications per number and per client: every call is billed.
import { randomUUID, timingSafeEqual } from "node:crypto";
import express from "express";
import { confirmationCall, isConfirmationCallError, parseCallWebhook } from "kompaas-confirmation-call";

const { KOMPAAS_TOKEN, WEBHOOK_SECRET, KOMPAAS_BASE_URL, HOST = "127.0.0.1", PORT = "3000" } = process.env;
if (!KOMPAAS_TOKEN || !WEBHOOK_SECRET) {
  console.error("set KOMPAAS_TOKEN and WEBHOOK_SECRET");
  process.exit(1);
}
const EXPIRES_AFTER_MS = 10 * 60_000;

// Our own random id -> the provider's uuid; the provider's uuid -> its first call record.
// Two maps, so the webhook may come before the API's answer (it can) and nothing written
// for a pending verification can ever overwrite an outcome that is already there.
const verifications = new Map();
const outcomes = new Map();

const app = express();

const failure = (res, status, error) => res.status(status).json({ error: { kind: error.kind, message: error.message } });

app.post("/verifications", express.json(), async (req, res) => {
  try {
    const call = await confirmationCall({ token: KOMPAAS_TOKEN, phoneNumber: req.body?.phoneNumber, baseUrl: KOMPAAS_BASE_URL });
    const id = randomUUID();
    verifications.set(id, { uuid: call.verificationCallUuid, startedAt: Date.now() });
    res.status(202).json({ id });
  } catch (error) {
    if (!isConfirmationCallError(error)) throw error;
    // timeout: no answer in time, yet the phone may ring; never retry on your own.
    failure(res, error.kind === "invalid_phone_number" ? 400 : error.kind === "timeout" ? 504 : 502, error);
  }
});

app.get("/verifications/:id", (req, res) => {
  const verification = verifications.get(req.params.id);
  if (!verification) return res.status(404).json({ error: { kind: "not_found", message: "no such verification" } });
  const outcome = outcomes.get(verification.uuid);
  const status = outcome?.outcome ?? (Date.now() - verification.startedAt > EXPIRES_AFTER_MS ? "expired" : "pending");
  res.json({ id: req.params.id, status, confirmed: outcome?.confirmed ?? false, description: outcome?.description ?? null });
});

// The provider signs nothing: the secret in the URL is the only protection (never log the
// path). express.text({ type: "*/*" }) takes the body whatever its Content-Type: plain
// express.raw() leaves req.body empty for JSON, the provider retries, the outcome is lost.
const secret = Buffer.from(WEBHOOK_SECRET);
const isSecret = (given) => Buffer.byteLength(given) === secret.length && timingSafeEqual(Buffer.from(given), secret);

app.all("/webhooks/kompaas/:secret", express.text({ type: "*/*" }), (req, res) => {
  if (!["GET", "POST"].includes(req.method) || !isSecret(req.params.secret)) return res.sendStatus(404);
  let record;
  try {
    // A body (JSON or text, as templated in the dashboard), else the query (GET).
    record = parseCallWebhook(typeof req.body === "string" && req.body.trim() !== "" ? req.body : req.originalUrl);
  } catch (error) {
    if (!isConfirmationCallError(error)) throw error;
    return failure(res, 400, error);
  }
  // The first outcome stands: the provider repeats deliveries.
  if (!outcomes.has(record.verificationCallUuid)) outcomes.set(record.verificationCallUuid, { ...record, at: Date.now() });
  res.sendStatus(204);
});

// Forget what is a day old, including records of uuids this server never stored.
setInterval(() => {
  const before = Date.now() - 24 * 60 * 60_000;
  for (const [id, { startedAt }] of verifications) if (startedAt < before) verifications.delete(id);
  for (const [uuid, { at }] of outcomes) if (at < before) outcomes.delete(uuid);
}, 60 * 60_000).unref();

const server = app.listen(Number(PORT), HOST, (error) => {
  if (error) throw error;
  console.log(`listening on http://${HOST}:${server.address().port}`);
});
