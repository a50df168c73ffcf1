import * as k from "kompaas-confirmation-call";
for (const [n, f] of [["interpret", () => k.interpretCallStatus(16, "ANSWER")], ["split", () => k.splitVerificationCallUuid("119214e015ed_117793")], ["normalize", () => k.normalizePhoneNumber("+421 222 202 999")], ["respObj", () => k.parseConfirmationCallResponse({status:"success",object:{verification_call_uuid:"119214e015ed_117793"}}, 200)]]) {
  for (let i = 0; i < 50000; i++) f();
  const t = performance.now(); for (let i = 0; i < 200000; i++) f(); console.log(n, ((performance.now() - t) / 200).toFixed(3), "µs");
}
