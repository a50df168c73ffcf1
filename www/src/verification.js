// Verification: a Durable Object per verification call, named by its
// verification_call_uuid (idFromName), holding when it was started and its outcome.
//
// Keyed by the uuid, not by anything of ours, because the uuid is the only thing the
// provider's API answer and its later webhook (the call-detail record) have in common.
// The two can arrive in either order (provider/README.md: the CDR is independent of the
// answer; stand-in digit 7), and from different Cloudflare locations; both land in this
// one object, which applies them in whichever order they come:
// - started, then outcome: the usual case;
// - outcome, then started: the outcome is kept "unclaimed" and stands;
// - outcome again: the provider retries deliveries; the first outcome stands.
//
// Each method is one read and one write of this object's storage with no other I/O in
// between, so the input gate keeps other calls to this object out until it is done.
//
// Nothing personal is stored: no phone number, only the uuid, times, and the two status
// fields of the CDR. Everything is deleted by an alarm after a retention period.

import { DurableObject } from "cloudflare:workers";

const RECORD = "record";

export class Verification extends DurableObject {
  /**
   * The provider accepted the call and named it `id`.
   * @returns {Promise<object>} the record after the change
   */
  async recordStarted({ id, startedAt, retentionSeconds }) {
    const record = (await this.ctx.storage.get(RECORD)) ?? {};
    if (record.startedAt !== undefined) return record; // uuids are unique; nothing to do
    const next = {
      ...record,
      id,
      startedAt,
      // An outcome that came first keeps its own time.
      updatedAt: record.outcome ? record.updatedAt : startedAt,
    };
    await this.ctx.storage.put(RECORD, next);
    await this.ctx.storage.setAlarm(Date.parse(startedAt) + retentionSeconds * 1000);
    return next;
  }

  /**
   * A webhook delivered the call's outcome.
   * @returns {Promise<{ recorded: boolean, started: boolean }>} recorded = false when an
   *   outcome was already there (a repeated delivery), which is then left as it was
   */
  async recordOutcome({ q931Status, finalStatus, receivedAt, unclaimedRetentionSeconds }) {
    const record = (await this.ctx.storage.get(RECORD)) ?? {};
    const started = record.startedAt !== undefined;
    if (record.outcome) return { recorded: false, started };
    await this.ctx.storage.put(RECORD, { ...record, outcome: { q931Status, finalStatus }, updatedAt: receivedAt });
    // Not started (yet) by this Worker: keep it a while for the API answer that may
    // still come, then forget it. A started record already has its retention alarm.
    if (!started) await this.ctx.storage.setAlarm(Date.parse(receivedAt) + unclaimedRetentionSeconds * 1000);
    return { recorded: true, started };
  }

  /** The record, or null when this Worker never started this verification. */
  async read() {
    const record = await this.ctx.storage.get(RECORD);
    return record?.startedAt !== undefined ? record : null;
  }

  async alarm() {
    await this.ctx.storage.deleteAll();
  }
}
