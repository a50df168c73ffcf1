// A TypeScript consumer of every function and every result field, compiled with
// `tsc --strict --noEmit`. The @ts-expect-error lines prove that misuse does not compile:
// if any of them compiled, tsc would fail with "Unused '@ts-expect-error' directive".
import {
  buildConfirmationCallRequest,
  confirmationCall,
  interpretCallStatus,
  isConfirmationCallError,
  normalizePhoneNumber,
  parseCallWebhook,
  parseConfirmationCallResponse,
  splitVerificationCallUuid,
  type CallStatus,
  type CallWebhook,
  type ConfirmationCallError,
  type ConfirmationCallRequest,
  type ConfirmationCallResult,
  type ErrorKind,
  type Outcome,
  type VerificationCallUuidParts,
} from "kompaas-confirmation-call";

const request: ConfirmationCallRequest = buildConfirmationCallRequest({
  token: "token",
  phoneNumber: "+421 222 202 999",
  baseUrl: "https://paidmethods.kompaas.tech",
});
const url: string = request.url;
const method: "POST" = request.method;
const authorization: string = request.headers.Authorization;
const body: string = request.body;
// The request goes straight to fetch.
void fetch(request.url, request);

const digits: string = normalizePhoneNumber("00421 222 202 999");

const result: ConfirmationCallResult = parseConfirmationCallResponse("{}", 200);
const fromObject = parseConfirmationCallResponse({ status: "success" });
const uuid: string = result.verificationCallUuid;
const callId: string = result.callId;
const accountId: string = result.accountId;
const loginDid: string | null = result.loginDid;
const code: string | null = fromObject.code;

const parts: VerificationCallUuidParts = splitVerificationCallUuid("119214e015ed_117793");
const partIds: [string, string] = [parts.callId, parts.accountId];

const status: CallStatus = interpretCallStatus(16, "ANSWER", { locale: "sk" });
interpretCallStatus("17");
interpretCallStatus(16, null);
const outcome: Outcome = status.outcome;
const q931: number = status.q931Status;
const finalStatus: string | null = status.finalStatus;
const cause: string = status.cause;
const description: string = status.description;
if (status.outcome === "answered") {
  // Narrowed: an answered call is confirmed.
  const confirmed: true = status.confirmed;
  void confirmed;
} else {
  const confirmed: false = status.confirmed;
  void confirmed;
}

const webhook: CallWebhook = parseCallWebhook(new URLSearchParams("a=1"), { locale: "en" });
parseCallWebhook('{"verification_call_uuid":"a_1","q931_status":16}');
parseCallWebhook({ verification_call_uuid: "a_1", q931_status: 16 });
const data: Record<string, unknown> = webhook.data;
const webhookFields: [string, string, string, boolean] = [webhook.verificationCallUuid, webhook.callId, webhook.accountId, webhook.confirmed];

// A fetch wrapper typed the way the global fetch is (it is called as `fetch(request)`, with
// one standard Request), and optional options that may be undefined (the tsconfig sets
// exactOptionalPropertyTypes).
const loggingFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => fetch(input, init);
const requestFetch = async (request: Request): Promise<Response> => fetch(request);
void confirmationCall({ token: "t", phoneNumber: "1", fetch: requestFetch });
void confirmationCall({ token: "t", phoneNumber: "1", fetch: globalThis.fetch });
// @ts-expect-error a wrapper that expects a URL string is not what it gets
void confirmationCall({ token: "t", phoneNumber: "1", fetch: async (url: string) => fetch(url) });
const maybeSignal: AbortSignal | undefined = undefined;
const maybeBaseUrl: string | undefined = undefined;
void confirmationCall({ token: "t", phoneNumber: "1", fetch: loggingFetch, signal: maybeSignal, baseUrl: maybeBaseUrl });
void confirmationCall({ token: "t", phoneNumber: "1", signal: AbortSignal.timeout(5000) });
interpretCallStatus(16, "ANSWER", { locale: undefined });

// A typed CDR interface and a URL are accepted as webhook payloads.
interface Cdr { verification_call_uuid: string; q931_status: number; final_status?: string }
const cdr: Cdr = { verification_call_uuid: "a_1", q931_status: 16 };
parseCallWebhook(cdr);
parseCallWebhook(new URL("https://example.com/hook?verification_call_uuid=a_1&q931_status=16"));

async function verify(signal: AbortSignal): Promise<string> {
  try {
    const answer = await confirmationCall({
      token: "token",
      phoneNumber: "421222202999",
      timeoutMs: 5000,
      signal,
      fetch: globalThis.fetch,
    });
    return answer.verificationCallUuid;
  } catch (error: unknown) {
    if (isConfirmationCallError(error)) {
      const kind: ErrorKind = error.kind;
      const httpStatus: number | undefined = error.status;
      const providerCode: string | undefined = error.providerCode;
      const name: "ConfirmationCallError" = error.name;
      const asError: Error = error;
      const typed: ConfirmationCallError = error;
      void [kind, httpStatus, providerCode, name, asError, typed];
      if (error.kind === "timeout") return "the call may still have been placed";
      // @ts-expect-error: not an error kind of the contract
      if (error.kind === "timed_out") return "never";
    }
    throw error;
  }
}

// ---- Misuse that must not compile ----

// @ts-expect-error: phoneNumber is a string, not a number
buildConfirmationCallRequest({ token: "t", phoneNumber: 421222202999 });
// @ts-expect-error: token is required
buildConfirmationCallRequest({ phoneNumber: "421222202999" });
// @ts-expect-error: misspelt option
buildConfirmationCallRequest({ token: "t", phoneNumber: "421222202999", baseURL: "https://x" });
// @ts-expect-error: a number as phoneNumber in confirmationCall too
void confirmationCall({ token: "t", phoneNumber: 421222202999 });
// @ts-expect-error: timeoutMs is a number
void confirmationCall({ token: "t", phoneNumber: "1", timeoutMs: "5s" });
// @ts-expect-error: normalizePhoneNumber takes a string
normalizePhoneNumber(421222202999);
// @ts-expect-error: misspelt result field
void result.verificationCallUUID;
// @ts-expect-error: misspelt result field
void status.finalstatus;
// @ts-expect-error: misspelt webhook field
void webhook.callID;
// @ts-expect-error: an unknown outcome string
const unknownOutcome: Outcome = "picked_up";
// @ts-expect-error: an outcome is compared against the known ones only
if (status.outcome === "voicemail") void 0;
// @ts-expect-error: only "en" and "sk"
interpretCallStatus(16, "ANSWER", { locale: "de" });
// @ts-expect-error: q931Status is a number or a string
interpretCallStatus(true);
// @ts-expect-error: loginDid may be null
const notNull: string = result.loginDid;
// @ts-expect-error: fetch must return a Response promise
void confirmationCall({ token: "t", phoneNumber: "1", fetch: async () => "nope" });
// @ts-expect-error: a webhook payload is not a number
parseCallWebhook(42);
// @ts-expect-error: a result is not a promise, confirmationCall's is
void parseConfirmationCallResponse("{}").then;

void [url, method, authorization, body, digits, uuid, callId, accountId, loginDid, code, partIds, outcome, q931, finalStatus, cause, description, data, webhookFields, verify, unknownOutcome, notNull];
