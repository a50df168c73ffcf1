// Every function of the package, called the way a user would with the provider's own
// examples; returns what did not hold. Runtime-neutral: Node, Deno, Workers and
// browsers run this same file and report its list, which must be empty.

const EXAMPLE = '{"status":"success","code":200,"object":{"login_did":"7777777777","code":"2463","account_id":"117793","verification_call_uuid":"119214e015ed_117793"}}';

/** @param {typeof import("kompaas-confirmation-call")} api */
export function exercise(api) {
  const problems = [];
  const check = (what, actual, expected) => {
    const a = JSON.stringify(actual);
    const e = JSON.stringify(expected);
    if (a !== e) problems.push(`${what}: got ${a}, expected ${e}`);
  };
  const kindOf = (fn) => {
    try {
      fn();
      return "no error";
    } catch (error) {
      return api.isConfirmationCallError(error) ? error.kind : `foreign ${error?.name}`;
    }
  };

  check("exports", Object.keys(api).sort(), [
    "buildConfirmationCallRequest", "confirmationCall", "describePhoneNumber", "interpretCallStatus", "isConfirmationCallError",
    "normalizePhoneNumber", "parseCallWebhook", "parseConfirmationCallResponse", "splitVerificationCallUuid",
  ]);
  check("exports that are not functions", Object.keys(api).filter((name) => typeof api[name] !== "function"), []);
  check("buildConfirmationCallRequest", api.buildConfirmationCallRequest({ token: "tok", phoneNumber: "+421 222 202 999" }), {
    url: "https://paidmethods.kompaas.tech/api/protected/api/auth/confirmationCall",
    method: "POST",
    headers: { accept: "application/json", "Content-Type": "application/json", Authorization: "Bearer tok" },
    body: '{"phone_number":"421222202999"}',
  });
  check("normalizePhoneNumber", api.normalizePhoneNumber("00421-222-202-999"), "421222202999");
  check("normalizePhoneNumber with a default country", api.normalizePhoneNumber("0905 123 456", { defaultCountry: "SK" }), "421905123456");
  check("describePhoneNumber", api.describePhoneNumber("+44 (0)20 7946 0958"), {
    digits: "442079460958", countryCallingCode: "44", region: "GB", nationalNumber: "2079460958", nonGeographic: false,
  });
  check("describePhoneNumber, non-geographic", api.describePhoneNumber("+800 1234 5678").region, null);
  check("parseConfirmationCallResponse", api.parseConfirmationCallResponse(EXAMPLE, 200), {
    verificationCallUuid: "119214e015ed_117793", callId: "119214e015ed", accountId: "117793", loginDid: "7777777777", code: "2463",
  });
  check("splitVerificationCallUuid", api.splitVerificationCallUuid("fa278be48dc2__117793"), { callId: "fa278be48dc2", accountId: "117793" });
  check("interpretCallStatus", api.interpretCallStatus(17, "cancel", { locale: "sk" }), {
    outcome: "busy", confirmed: false, q931Status: 17, finalStatus: "CANCEL", cause: "user busy", description: "Obsadené.",
  });
  const webhook = api.parseCallWebhook(new URLSearchParams("verification_call_uuid=fa278be48dc2_117793&q931_status=16&final_status=ANSWER"));
  check("parseCallWebhook", [webhook.outcome, webhook.confirmed, webhook.accountId, webhook.data.q931_status], ["answered", true, "117793", "16"]);
  check("error kinds", [
    kindOf(() => api.normalizePhoneNumber("abc")),
    kindOf(() => api.describePhoneNumber("+999 123 456 789")),
    kindOf(() => api.buildConfirmationCallRequest({ token: "a b", phoneNumber: "421222202999" })),
    kindOf(() => api.parseConfirmationCallResponse("{}", 500)),
    kindOf(() => api.interpretCallStatus(128)),
    kindOf(() => api.parseCallWebhook(new Proxy({}, { get() { throw new Error("trap"); } }))),
  ], ["invalid_phone_number", "invalid_phone_number", "invalid_token", "server_error", "invalid_status", "invalid_webhook"]);
  return problems;
}
