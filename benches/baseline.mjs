// The baseline of `make bench`: the same contract written in plain JavaScript, the choice
// a user has instead of the package. Straightforward, not pessimised: the engine's
// JSON.parse and URLSearchParams, regular expressions, object literals, and the same
// checks the package makes where they cost something (the calling-code plan's possible
// lengths, from the libphonenumber metadata the package's plan is generated from). It
// covers the happy paths and the common errors, not every message of the package.
import { createRequire } from "node:module";

const metadata = createRequire(import.meta.url)("libphonenumber-js/metadata.min.json");

class BaselineError extends Error {
  constructor(kind, message, status) {
    super(message);
    this.name = "ConfirmationCallError";
    this.kind = kind;
    if (status) this.status = status;
  }
}

// Calling code → every possible national length of its regions.
const LENGTHS = new Map();
for (const [code, regions] of Object.entries(metadata.country_calling_codes)) {
  const lengths = new Set();
  for (const region of regions) for (const n of metadata.countries[region]?.[3] ?? []) lengths.add(n);
  LENGTHS.set(code, lengths);
}
for (const [code, entry] of Object.entries(metadata.nonGeographic ?? {})) {
  LENGTHS.set(code, new Set(entry[3] ?? []));
}

const SEPARATORS = /[\s\-./()\u00a0\u2010-\u2015\u2212]/g;

export function normalizePhoneNumber(input, options) {
  if (typeof input !== "string") throw new BaselineError("invalid_phone_number", "phoneNumber must be a string");
  let text = input.trim().replace(SEPARATORS, "");
  if (text.startsWith("+")) text = text.slice(1);
  else if (text.startsWith("00")) text = text.slice(2);
  else if (options?.defaultCountry != null) {
    // A national number: the region's calling code first, its trunk prefix dropped.
    const region = metadata.countries[String(options.defaultCountry).toUpperCase()];
    if (region === undefined) throw new BaselineError("invalid_phone_number", "defaultCountry is not a region");
    const [code, , , , , trunk] = region;
    text = code + (trunk && text.startsWith(trunk) ? text.slice(trunk.length) : text);
  }
  if (!/^[1-9]\d{0,14}$/.test(text)) {
    throw new BaselineError("invalid_phone_number", `phoneNumber ${JSON.stringify(input.slice(0, 40))} is not an international number`);
  }
  for (let size = 1; size <= 3; size++) {
    const lengths = LENGTHS.get(text.slice(0, size));
    if (lengths === undefined) continue;
    if (lengths.has(text.length - size)) return text;
    throw new BaselineError("invalid_phone_number", `+${text.slice(0, size)} numbers cannot have ${text.length - size} digits`);
  }
  throw new BaselineError("invalid_phone_number", "no country uses this calling code");
}

export function buildConfirmationCallRequest({ token, phoneNumber, baseUrl = "https://paidmethods.kompaas.tech" }) {
  if (typeof token !== "string" || !/^[\x21-\x7e]+$/.test(token)) throw new BaselineError("invalid_token", "token is not visible ASCII");
  const digits = normalizePhoneNumber(phoneNumber);
  let url;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new BaselineError("invalid_base_url", "baseUrl is not a URL");
  }
  const loopback = url.hostname === "localhost" || url.hostname === "[::1]" || url.hostname.startsWith("127.");
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) throw new BaselineError("invalid_base_url", "baseUrl must use https:");
  return {
    url: `${url.origin}${url.pathname.replace(/\/+$/, "")}/api/protected/api/auth/confirmationCall`,
    method: "POST",
    headers: { accept: "application/json", "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify({ phone_number: digits }),
  };
}

export function splitVerificationCallUuid(uuid) {
  if (typeof uuid !== "string") throw new BaselineError("invalid_uuid", "verification_call_uuid must be a string");
  const trimmed = uuid.trim();
  const at = trimmed.lastIndexOf("_");
  const callId = trimmed.slice(0, at).replace(/_+$/, "");
  const accountId = trimmed.slice(at + 1);
  if (at < 0 || callId === "" || !/^\d+$/.test(accountId) || !/^[\x21-\x7e]{1,128}$/.test(trimmed)) {
    throw new BaselineError("invalid_uuid", `verification_call_uuid ${JSON.stringify(trimmed.slice(0, 40))} does not split`);
  }
  return { callId, accountId };
}

const text = (value) => (typeof value === "number" && Number.isInteger(value) ? String(value) : typeof value === "string" ? value.trim() || null : null);

export function parseConfirmationCallResponse(body, httpStatus) {
  if (httpStatus !== undefined && (httpStatus < 200 || httpStatus > 299)) {
    const kind = httpStatus === 401 || httpStatus === 403 ? "unauthorized" : httpStatus === 429 ? "rate_limited" : httpStatus >= 500 ? "server_error" : "rejected";
    throw new BaselineError(kind, `the provider answered HTTP ${httpStatus}`, httpStatus);
  }
  let parsed = body;
  if (typeof body === "string") {
    try {
      parsed = JSON.parse(body);
    } catch (error) {
      throw new BaselineError("malformed_response", `response body is not JSON (${error.message})`, httpStatus);
    }
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new BaselineError("malformed_response", "not an object", httpStatus);
  const status = parsed.status;
  const failed = (flag) => flag === false || flag === 0 || (typeof flag === "string" && flag.toLowerCase() === "false");
  if (
    (status != null && status !== true && !(typeof status === "string" && /^(success|ok)$/i.test(status))) ||
    failed(parsed.ok) || failed(parsed.Ok) || failed(parsed.OK)
  ) {
    const message = [parsed.message, parsed.error, parsed.error?.message, parsed.detail, parsed.description, parsed.object?.message]
      .find((m) => typeof m === "string" && m.trim() !== "");
    throw new BaselineError("api_error", `the provider says the request failed${message ? `: ${message.trim().slice(0, 200)}` : ""}`, httpStatus);
  }
  const object = typeof parsed.object === "object" && parsed.object !== null ? parsed.object : {};
  const field = (name) => (object[name] != null ? object[name] : parsed[name]);
  const uuid = field("verification_call_uuid");
  if (typeof uuid !== "string") throw new BaselineError("malformed_response", "no verification_call_uuid", httpStatus);
  const trimmed = uuid.trim();
  const { callId, accountId } = splitVerificationCallUuid(trimmed);
  const account = text(field("account_id"));
  return {
    verificationCallUuid: trimmed,
    callId,
    accountId: account !== null && /^\d+$/.test(account) ? account : accountId,
    loginDid: text(field("login_did")) ?? text(field("caller_number")),
    code: text(object.code),
  };
}

const OUTCOMES = { 16: "no_answer", 17: "busy", 31: "rejected", 41: "billing_problem" };
const CAUSES = { 1: "unallocated (unassigned) number", 16: "normal call clearing", 17: "user busy", 31: "normal, unspecified", 41: "temporary failure" };
const TEXTS = {
  en: { answered: "The call was answered.", no_answer: "The call was not answered.", busy: "The line was busy.", rejected: "The call did not go through: another operator rejected it.", billing_problem: "The call was not made because of a billing problem on the account.", unreachable: "The number is not reachable." },
  sk: { answered: "Hovor bol prijatý.", no_answer: "Hovor nebol prijatý.", busy: "Obsadené.", rejected: "Hovor neprešiel v systéme, odmietol ho iný operátor.", billing_problem: "Hovor sa neuskutočnil z dôvodu problémov s fakturáciou.", unreachable: "Číslo nie je dostupné." },
};

export function interpretCallStatus(q931Status, finalStatus, options) {
  const cause = typeof q931Status === "string" && /^\s*\d+\s*$/.test(q931Status) ? Number(q931Status) : q931Status;
  if (!Number.isInteger(cause) || cause < 0 || cause > 127) throw new BaselineError("invalid_status", "q931Status is not a whole number from 0 to 127");
  let upper = null;
  if (finalStatus != null) {
    if (typeof finalStatus !== "string") throw new BaselineError("invalid_status", "finalStatus must be a string");
    upper = finalStatus.trim().toUpperCase() || null;
    if (upper !== null && (upper.length > 64 || /[\x00-\x1f\x7f]/.test(upper))) throw new BaselineError("invalid_status", "finalStatus is not a call status");
  }
  const outcome = cause === 16 && upper === "ANSWER" ? "answered" : OUTCOMES[cause] ?? "unreachable";
  if (options != null && typeof options !== "object") throw new BaselineError("invalid_status", "options must be an object");
  const tag = options?.locale;
  if (tag != null && typeof tag !== "string") throw new BaselineError("invalid_status", "options.locale must be a string");
  const locale = tag != null && tag.trim().split(/[-_]/)[0].toLowerCase() === "sk" ? "sk" : "en";
  return { outcome, confirmed: outcome === "answered", q931Status: cause, finalStatus: upper, cause: CAUSES[cause] ?? `unknown cause ${cause}`, description: TEXTS[locale][outcome] };
}

/** Form or query text as an object, the first of repeated names winning. */
function formFields(query) {
  const data = {};
  for (const [name, value] of new URLSearchParams(query)) if (!Object.hasOwn(data, name)) data[name] = value;
  return data;
}

export function parseCallWebhook(payload, options) {
  let data;
  if (typeof payload === "string") {
    if (payload.length > 256 * 1024) throw new BaselineError("invalid_webhook", "webhook payload is too long");
    const trimmed = payload.replace(/^\uFEFF/, "").trim();
    if (trimmed === "") throw new BaselineError("invalid_webhook", "webhook payload is empty");
    if (trimmed.startsWith("{")) {
      try {
        data = JSON.parse(trimmed);
      } catch {
        throw new BaselineError("invalid_webhook", "webhook payload is not valid JSON");
      }
    } else if (/^(https?:\/\/|\/)/.test(trimmed)) {
      data = formFields(trimmed.includes("?") ? trimmed.slice(trimmed.indexOf("?") + 1).split("#")[0] : "");
    } else {
      data = formFields(trimmed.split("#")[0]);
    }
  } else if (payload instanceof URLSearchParams) {
    data = formFields(payload.toString());
  } else if (typeof payload === "object" && payload !== null) {
    data = { ...payload };
  } else {
    throw new BaselineError("invalid_webhook", "webhook payload must be text or an object");
  }
  if (typeof data.verification_call_uuid !== "string") throw new BaselineError("invalid_webhook", "webhook has no verification_call_uuid");
  const uuid = data.verification_call_uuid.trim();
  const { callId, accountId } = splitVerificationCallUuid(uuid);
  if (data.q931_status == null) throw new BaselineError("invalid_webhook", "webhook has no q931_status");
  return { verificationCallUuid: uuid, callId, accountId, ...interpretCallStatus(data.q931_status, data.final_status, options), data };
}

export function isConfirmationCallError(error) {
  return error instanceof Error && error.name === "ConfirmationCallError" && typeof error.kind === "string";
}
