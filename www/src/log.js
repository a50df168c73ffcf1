// The Worker's own log lines: one JSON object per event, so `wrangler tail` and Workers
// Logs can filter on fields. Callers pass only what is listed per event; the token and
// the webhook secret are never among them, and phone numbers are masked.

export function logEvent(event, fields = {}) {
  console.log(JSON.stringify({ event, ...fields }));
}

/** "421900123450" -> "4219******50": enough to tell numbers apart in an incident, no more. */
export function maskPhoneNumber(phoneNumber) {
  if (phoneNumber.length <= 6) return "*".repeat(phoneNumber.length);
  return phoneNumber.slice(0, 4) + "*".repeat(phoneNumber.length - 6) + phoneNumber.slice(-2);
}
