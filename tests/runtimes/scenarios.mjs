// The confirmationCall scenarios every runtime runs against the provider stand-in: the
// same module is imported by Node, bundled into a Worker, served to Chromium and run by
// Deno, and each reports the same JSON, which the Node tests then check. Plain ES2022,
// no runtime APIs beyond fetch and AbortController.

/**
 * @param {typeof import("kompaas-confirmation-call")} api the package, as this runtime loads it
 * @param {{ standInUrl: string, refusedUrl: string, token: string }} where
 */
export async function runScenarios(api, { standInUrl, refusedUrl, token }) {
  const results = {};
  const attempt = async (name, options) => {
    const started = Date.now();
    try {
      const value = await api.confirmationCall({ token, baseUrl: standInUrl, ...options });
      results[name] = { ok: true, value };
    } catch (error) {
      results[name] = {
        ok: false,
        isConfirmationCallError: api.isConfirmationCallError(error),
        name: error?.name,
        kind: error?.kind,
        status: error?.status,
        message: error?.message,
      };
    }
    results[name].ms = Date.now() - started;
  };

  await attempt("success", { phoneNumber: "+421 222 202 990" });
  await attempt("unauthorized", { phoneNumber: "421222202990", token: "wrong-token" });
  await attempt("serverError", { phoneNumber: "421222202998" });
  await attempt("malformedBody", { phoneNumber: "421222202990", baseUrl: `${standInUrl}/malformed` });
  await attempt("timeout", { phoneNumber: "421222202999", timeoutMs: 300 });

  const controller = new AbortController();
  setTimeout(() => controller.abort("the customer closed the page"), 100);
  await attempt("abortedWithStringReason", { phoneNumber: "421222202999", signal: controller.signal });

  const preAborted = new AbortController();
  preAborted.abort();
  await attempt("preAborted", { phoneNumber: "421222202990", signal: preAborted.signal });

  await attempt("connectionRefused", { phoneNumber: "421222202990", baseUrl: refusedUrl });
  await attempt("invalidNumber", { phoneNumber: "not a number" });
  return results;
}

/** What every runtime must report; returns the list of mismatches (empty when all hold). */
export function checkScenarioResults(results, token) {
  const problems = [];
  const expectError = (name, kind, status) => {
    const r = results[name];
    if (!r) return problems.push(`${name}: missing`);
    if (r.ok) return problems.push(`${name}: resolved, expected ${kind}`);
    if (!r.isConfirmationCallError || r.name !== "ConfirmationCallError") problems.push(`${name}: not a ConfirmationCallError (${r.name}: ${r.message})`);
    if (r.kind !== kind) problems.push(`${name}: kind ${r.kind}, expected ${kind} (${r.message})`);
    if (status !== undefined && r.status !== status) problems.push(`${name}: status ${r.status}, expected ${status}`);
    if (typeof r.message === "string" && r.message.includes(token)) problems.push(`${name}: message contains the token`);
  };
  const success = results.success;
  if (!success?.ok) problems.push(`success: ${success?.kind}: ${success?.message}`);
  else {
    const v = success.value;
    if (!/^[0-9a-f]{12}_117793$/.test(v.verificationCallUuid)) problems.push(`success: uuid ${v.verificationCallUuid}`);
    if (v.verificationCallUuid !== `${v.callId}_${v.accountId}`) problems.push("success: uuid parts");
    if (v.accountId !== "117793") problems.push(`success: accountId ${v.accountId}`);
    if (!/^\d{10}$/.test(v.loginDid ?? "")) problems.push(`success: loginDid ${v.loginDid}`);
    if (!/^\d{4}$/.test(v.code ?? "")) problems.push(`success: code ${v.code}`);
  }
  expectError("unauthorized", "unauthorized", 401);
  expectError("serverError", "server_error", 500);
  expectError("malformedBody", "malformed_response", undefined);
  expectError("timeout", "timeout", undefined);
  if (results.timeout && !/may still have been placed/.test(results.timeout.message ?? "")) problems.push("timeout: message does not say the call may have been placed");
  if (results.timeout && results.timeout.ms > 5000) problems.push(`timeout: took ${results.timeout.ms} ms`);
  expectError("abortedWithStringReason", "aborted", undefined);
  expectError("preAborted", "aborted", undefined);
  expectError("connectionRefused", "network", undefined);
  expectError("invalidNumber", "invalid_phone_number", undefined);
  return problems;
}
