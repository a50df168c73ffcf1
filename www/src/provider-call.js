// ProviderCall: a Durable Object per call the provider placed, named by its
// verification_call_uuid: the one thing the provider's API answer and its webhook (the
// call-detail record) have in common. It maps the uuid to our private verification id
// and keeps the webhook's outcome, in whichever order the two arrive:
// - answer, then webhook: deliver() returns the verification to hand the outcome to;
// - webhook, then answer (the provider's webhook is independent of its API answer):
//   the outcome waits here, and link() hands it over;
// - the webhook again (the provider retries deliveries): the first complete outcome
//   stands, and is handed over again, harmlessly (the verification keeps its first).
//
// A webhook for a uuid no verification ever links is kept for
// UNCLAIMED_WEBHOOK_RETENTION_SECONDS, then deleted by the alarm.

import { DurableObject } from "cloudflare:workers";
import { splitVerificationCallUuid } from "kompaas-confirmation-call";

const RECORD = "record";

/** The object for a uuid. Named by call id and account id, so "a__b" and "a_b" meet. */
export function providerCallObject(env, uuid) {
  const { callId, accountId } = typeof uuid === "string" ? splitVerificationCallUuid(uuid) : uuid;
  return env.PROVIDER_CALL.get(env.PROVIDER_CALL.idFromName(`${callId}_${accountId}`));
}

/** q931_status 16 without final_status does not say whether the call was answered. */
export function isCompleteDelivery(delivery) {
  return !(delivery.q931Status === 16 && !delivery.finalStatus);
}

export class ProviderCall extends DurableObject {
  /**
   * A webhook delivery.
   * @returns {Promise<{ verificationId: string | null, delivery: object, repeated: boolean }>}
   *   the delivery that stands (this one, or an earlier one), and where it belongs
   */
  async deliver({ delivery, unclaimedRetentionSeconds }) {
    const record = this.load() ?? { verificationId: null, delivery: null };
    const replaces = record.delivery === null || (!isCompleteDelivery(record.delivery) && isCompleteDelivery(delivery));
    if (replaces) {
      record.delivery = delivery;
      this.save(record);
    }
    if (record.verificationId === null && (await this.ctx.storage.getAlarm()) === null) {
      await this.ctx.storage.setAlarm(Date.now() + unclaimedRetentionSeconds * 1000);
    }
    return { verificationId: record.verificationId, delivery: record.delivery, repeated: !replaces };
  }

  /**
   * The verification that placed this call; returns a delivery that came first, if any.
   * Kept as long as the verification is.
   */
  async link({ verificationId, retentionSeconds }) {
    const record = this.load() ?? { verificationId: null, delivery: null };
    record.verificationId = verificationId;
    this.save(record);
    await this.ctx.storage.setAlarm(Date.now() + retentionSeconds * 1000);
    return { delivery: record.delivery };
  }

  async alarm() {
    await this.ctx.storage.deleteAll();
  }

  load() {
    return this.ctx.storage.kv.get(RECORD) ?? null;
  }

  save(record) {
    this.ctx.storage.kv.put(RECORD, record);
  }
}
