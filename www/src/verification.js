// Verification: a Durable Object per verification, named by its private id (the 128
// random bits the browser holds, verification-id.js). It places the call, waits for the
// outcome, and makes sure every verification ends.
//
// The life of one, as the API shows it (`status`):
//
//   calling      the provider has been asked to call; no answer from it yet
//   unconfirmed  no answer within PROVIDER_TIMEOUT_MS: the call may have been placed,
//                and the request to the provider stays open for its late answer
//   pending      the provider placed the call (we have its verification_call_uuid) and
//                its webhook has not come yet
//   answered, no_answer, busy, rejected, billing_problem, unreachable
//                the webhook came: the package's outcome
//   expired      no outcome OUTCOME_TIMEOUT_SECONDS after the call was placed (or asked
//                for, while the provider did not answer)
//   failed       the provider refused or failed, so no call was placed; `reason` is the
//                package's error kind (server_error, unauthorized, network, ...)
//
// The call is placed from this object's alarm, not from the request that started the
// verification: the browser gets its id at once, whatever the provider does, and a slow
// provider holds no request of the browser's open. The alarm is also what ends a
// verification nobody reads any more, and deletes it after the retention period.
//
// The webhook names the call by the provider's uuid, so a ProviderCall object (named by
// that uuid, provider-call.js) maps it to this one. Both orders work: a webhook that
// comes before the provider's API answer is kept there and handed over when this object
// links itself to the uuid.
//
// Nothing personal is kept once the call is placed: the phone number is stored only
// until then (masked afterwards, for logs).

import { DurableObject } from "cloudflare:workers";
import { confirmationCall, interpretCallStatus, isConfirmationCallError } from "kompaas-confirmation-call";

import { readConfig } from "./config.js";
import { logEvent } from "./log.js";
import { isCompleteDelivery, providerCallObject } from "./provider-call.js";

const RECORD = "record";

/** The statuses that end a verification; the others are still waiting. */
export const FINAL_STATUSES = Object.freeze(["answered", "no_answer", "busy", "rejected", "billing_problem", "unreachable", "expired", "failed"]);

export class Verification extends DurableObject {
  /**
   * Stores a new verification and has the alarm place its call right away.
   * @returns {Promise<object>} the record, for publicView()
   */
  async create({ id, readerHash, phoneNumber, maskedNumber, providerTimeoutMs, outcomeTimeoutSeconds, retentionSeconds }) {
    if (this.load()) throw new Error("a verification with this id exists"); // 128 random bits: never
    const now = Date.now();
    const record = {
      id,
      readerHash,
      phoneNumber,
      maskedNumber,
      status: "queued",
      reason: null,
      createdAt: now,
      updatedAt: now,
      requestedAt: null,
      placedAt: null,
      providerTimeoutMs,
      outcomeTimeoutSeconds,
      expiresAt: now + outcomeTimeoutSeconds * 1000,
      deleteAt: now + retentionSeconds * 1000,
      uuid: null,
      linked: false,
      outcome: null,
      incompleteAt: null,
    };
    this.save(record);
    await this.ctx.storage.setAlarm(now);
    return withoutSecrets(record);
  }

  /** The record for the browser that started it, or null (unknown id, other reader). */
  async read(readerHash) {
    const record = this.load();
    // Both sides are SHA-256 digests of random keys: comparing them leaks nothing useful.
    if (!record || record.readerHash !== readerHash) return null;
    this.expireIfDue();
    return withoutSecrets(this.load());
  }

  /**
   * A webhook delivery for this verification's call, from the Worker's webhook handler.
   * The first complete outcome stands; see applyDelivery().
   * @returns {Promise<string | null>} the status afterwards; null when there is no such verification
   */
  async recordDelivery(delivery) {
    if (!this.load()) return null;
    this.applyDelivery(delivery);
    await this.scheduleAlarm();
    return this.load().status;
  }

  /** Places the call (once), links the provider's uuid, ends and deletes on time. */
  async alarm() {
    let record = this.load();
    if (!record) return;
    if (Date.now() >= record.deleteAt) {
      await this.ctx.storage.deleteAll();
      return;
    }
    if (record.status === "queued") await this.placeCall(record);
    record = this.load();
    // An exception here makes the runtime retry the alarm; the call is never placed
    // twice (the status is no longer "queued"), the link is tried again.
    if (record?.uuid && !record.linked) await this.link(record);
    this.expireIfDue();
    await this.scheduleAlarm();
  }

  async placeCall(queued) {
    let config;
    try {
      config = readConfig(this.env);
    } catch (error) {
      logEvent("configuration_error", { message: error.message });
      this.finish(queued, "failed", "server_misconfigured");
      return;
    }
    const requestedAt = Date.now();
    const { phoneNumber, ...record } = queued;
    record.status = "calling";
    record.requestedAt = requestedAt;
    record.updatedAt = requestedAt;
    record.expiresAt = requestedAt + record.outcomeTimeoutSeconds * 1000;
    this.save(record);
    // Set before the provider is asked: if this object is reset while the request is
    // open, the verification still ends.
    await this.ctx.storage.setAlarm(record.expiresAt);

    let answer;
    try {
      // One request, never retried (a retry is a second billed call to someone's
      // phone), open until the verification would expire: a late answer still tells us
      // the uuid its webhook will carry.
      answer = await confirmationCall({
        token: config.token,
        phoneNumber,
        baseUrl: config.baseUrl,
        timeoutMs: Math.max(1, record.expiresAt - Date.now()),
      });
    } catch (error) {
      const current = this.load();
      if (!current) return;
      if (!isConfirmationCallError(error)) {
        // A bug of ours: the call may or may not have been placed; let it expire.
        logEvent("internal_error", { message: String(error?.stack ?? error) });
        return;
      }
      logEvent("provider_failed", {
        kind: error.kind,
        status: error.status ?? null,
        providerCode: error.providerCode ?? null,
        // The package's messages never contain the token.
        message: error.message,
        phoneNumber: current.maskedNumber,
      });
      // No answer until the end: the call may have rung, but its webhook cannot be matched.
      if (error.kind === "timeout" || error.kind === "aborted") this.finish(current, "expired");
      else this.finish(current, "failed", error.kind);
      return;
    }

    const current = this.load();
    if (!current) return;
    const placedAt = Date.now();
    const next = { ...current, uuid: `${answer.callId}_${answer.accountId}`, placedAt, updatedAt: placedAt };
    if (!FINAL_STATUSES.includes(current.status)) {
      next.status = "pending";
      next.expiresAt = placedAt + current.outcomeTimeoutSeconds * 1000;
    }
    this.save(next);
    logEvent("call_placed", { uuid: answer.verificationCallUuid, phoneNumber: current.maskedNumber, afterMs: placedAt - requestedAt });
  }

  async link(record) {
    const { delivery } = await providerCallObject(this.env, record.uuid).link({
      verificationId: record.id,
      retentionSeconds: Math.max(1, Math.ceil((record.deleteAt - Date.now()) / 1000)),
    });
    this.save({ ...this.load(), linked: true });
    // A webhook that came before the provider's API answer.
    if (delivery) this.applyDelivery(delivery);
  }

  /**
   * The first complete outcome stands; later deliveries (the provider retries) change
   * nothing. A delivery with q931_status 16 and no final_status is not an outcome: 16
   * is "normal call clearing" whether or not the call was answered, and only
   * final_status tells. It is noted, and the verification keeps waiting for a delivery
   * that carries final_status, until it expires.
   */
  applyDelivery({ q931Status, finalStatus }) {
    this.expireIfDue();
    const record = this.load();
    if (FINAL_STATUSES.includes(record.status)) return;
    const now = Date.now();
    if (!isCompleteDelivery({ q931Status, finalStatus })) {
      if (record.incompleteAt === null) this.save({ ...record, incompleteAt: now, updatedAt: now });
      return;
    }
    const { outcome } = interpretCallStatus(q931Status, finalStatus);
    this.save({ ...record, status: outcome, outcome: { q931Status, finalStatus }, updatedAt: now });
  }

  expireIfDue() {
    const record = this.load();
    if (!record || FINAL_STATUSES.includes(record.status) || Date.now() < record.expiresAt) return;
    this.finish(record, "expired");
    logEvent("verification_expired", {
      uuid: record.uuid,
      phoneNumber: record.maskedNumber,
      providerAnswered: record.placedAt !== null,
      incompleteWebhook: record.incompleteAt !== null,
    });
  }

  finish(record, status, reason = null) {
    const { phoneNumber, ...rest } = record;
    this.save({ ...rest, status, reason, updatedAt: Date.now() });
  }

  /** The next thing due: the end of the wait, or the deletion. */
  async scheduleAlarm() {
    const record = this.load();
    if (!record) return;
    const waiting = !FINAL_STATUSES.includes(record.status);
    await this.ctx.storage.setAlarm(waiting ? Math.min(record.expiresAt, record.deleteAt) : record.deleteAt);
  }

  load() {
    return this.ctx.storage.kv.get(RECORD) ?? null;
  }

  save(record) {
    this.ctx.storage.kv.put(RECORD, record);
  }
}

function withoutSecrets(record) {
  const { readerHash, phoneNumber, ...rest } = record;
  return rest;
}

/**
 * What GET /api/verifications/<id> answers. No provider uuid and no account id: the
 * browser needs neither. `cause` is the Q.850 name (English); end-user texts for every
 * status are the page's (public/texts.js).
 */
export function publicView(record, now = Date.now()) {
  let status = record.status === "queued" ? "calling" : record.status;
  if (status === "calling" && now - (record.requestedAt ?? record.createdAt) >= record.providerTimeoutMs) status = "unconfirmed";
  const final = FINAL_STATUSES.includes(status);
  const call = record.outcome ? interpretCallStatus(record.outcome.q931Status, record.outcome.finalStatus) : null;
  const iso = (ms) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
  return {
    id: record.id,
    status,
    final,
    confirmed: status === "answered",
    reason: record.reason ?? null,
    q931Status: call?.q931Status ?? null,
    finalStatus: call?.finalStatus ?? null,
    cause: call?.cause ?? null,
    startedAt: iso(record.createdAt),
    placedAt: iso(record.placedAt),
    updatedAt: iso(record.updatedAt),
    // Until when a waiting verification may still change; null once it has ended.
    expiresAt: final ? null : iso(record.expiresAt),
  };
}
