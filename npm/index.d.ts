// The types of kompaas-confirmation-call: every function, option, result and error kind.

/** What went wrong: the `kind` of a {@link ConfirmationCallError}. */
export type ErrorKind =
  | "invalid_phone_number"
  | "invalid_token"
  | "invalid_base_url"
  | "invalid_uuid"
  | "invalid_status"
  | "invalid_webhook"
  | "unauthorized"
  | "rate_limited"
  | "server_error"
  | "rejected"
  | "malformed_response"
  | "api_error"
  | "network"
  | "timeout"
  | "aborted";

/** Every error this package throws: an `Error` whose `name` is "ConfirmationCallError". */
export interface ConfirmationCallError extends Error {
  readonly name: "ConfirmationCallError";
  /** What went wrong. */
  readonly kind: ErrorKind;
  /** The HTTP status, where there was one. */
  readonly status?: number;
  /** The provider's `code` from the response body, where there was one. */
  readonly providerCode?: string;
}

/** How a phone number written without `+` or `00` is read. */
export interface PhoneNumberOptions {
  /**
   * The ISO 3166-1 alpha-2 region ("SK", "GB", …) whose national format the number may be
   * written in ("0905 123 456"). Without it, a number with no `+` or `00` is read as the
   * provider's own format: country calling code first, digits only.
   */
  defaultCountry?: string | undefined;
}

/** A phone number, checked against the calling-code plan. */
export interface PhoneNumberDescription {
  /** What the provider takes: "421905123456". */
  digits: string;
  /** "421" */
  countryCallingCode: string;
  /** "SK"; null for non-geographic codes (+800, +808, +870, +881–883, +979). */
  region: string | null;
  /** The number after the calling code: "905123456". */
  nationalNumber: string;
  /** True for international networks, freephone, shared cost and satellite codes. */
  nonGeographic: boolean;
}

/** The request's parts: the account's token and the customer's number. */
export interface ConfirmationCallRequestOptions {
  /** The account's API token (Integrations > For developers in the provider's dashboard). */
  token: string;
  /** The customer's number: "+421 222 202 999", "00421222202999", "421222202999", … */
  phoneNumber: string;
  /** Default "https://paidmethods.kompaas.tech"; plain http: only for loopback hosts. */
  baseUrl?: string | undefined;
  /** The region for a number written nationally, as in {@link PhoneNumberOptions}. */
  defaultCountry?: string | undefined;
}

/** A request ready for `fetch(req.url, req)`. */
export interface ConfirmationCallRequest {
  url: string;
  method: "POST";
  headers: {
    accept: "application/json";
    "Content-Type": "application/json";
    Authorization: `Bearer ${string}`;
  };
  /** JSON text: {"phone_number":"<digits>"}. */
  body: string;
}

/** The provider's answer when the call is being placed. */
export interface ConfirmationCallResult {
  /** The key that ties the webhook's call data to this request: "119214e015ed_117793". */
  verificationCallUuid: string;
  /** "119214e015ed" */
  callId: string;
  /** "117793" */
  accountId: string;
  /** The number the call comes from, when the provider says. */
  loginDid: string | null;
  /** The provider's `object.code`, when present. */
  code: string | null;
}

/** The two parts of a `verification_call_uuid`. */
export interface VerificationCallUuidParts {
  callId: string;
  accountId: string;
}

/** The outcome of a confirmation call. */
export type Outcome = "answered" | "no_answer" | "busy" | "rejected" | "billing_problem" | "unreachable";

/** The language of `description`. */
export type Locale = "en" | "sk";

export interface InterpretOptions {
  /** Default "en". */
  locale?: Locale | undefined;
}

interface CallStatusFields {
  /** The Q.850 cause value, 0–127. */
  q931Status: number;
  /** Upper-cased ("ANSWER", "CANCEL"), or null when absent. */
  finalStatus: string | null;
  /** The ITU-T Q.850 name of the cause, e.g. "user busy". */
  cause: string;
  /** The provider's meaning, for an end user, in the requested locale. */
  description: string;
}

/** A call's status, interpreted by the provider's table; `confirmed` only when answered. */
export type CallStatus = CallStatusFields &
  (
    | { outcome: "answered"; confirmed: true }
    | { outcome: Exclude<Outcome, "answered">; confirmed: false }
  );

/** The webhook's call data: the uuid's parts, the interpreted status, and every field. */
export type CallWebhook = CallStatus & {
  verificationCallUuid: string;
  callId: string;
  accountId: string;
  /** Every field the payload carried, as received. */
  data: Record<string, unknown>;
};

export interface ConfirmationCallOptions extends ConfirmationCallRequestOptions {
  /** Default 15000; 0 means no timeout. */
  timeoutMs?: number | undefined;
  /** The caller's own cancellation; `AbortSignal.timeout(ms)` works too. */
  signal?: AbortSignal | undefined;
  /**
   * Default: the runtime's global fetch. Called once, as `fetch(request)`, with one
   * standard `Request` (method, headers, body and the call's abort signal on it): the same
   * object the global fetch gets.
   */
  fetch?: ((request: Request) => Promise<Response>) | undefined;
}

/**
 * Builds the provider's request, ready for `fetch(req.url, req)`.
 * @throws {ConfirmationCallError} `invalid_token`, `invalid_phone_number`, `invalid_base_url`
 */
export function buildConfirmationCallRequest(options: ConfirmationCallRequestOptions): ConfirmationCallRequest;

/**
 * Asks the provider to ring the customer's phone and returns its parsed answer. Sends one
 * request, never retries: every request is billed and rings a real phone.
 * @throws {ConfirmationCallError} every kind of the other functions, and `network`,
 * `timeout` (the call may still have been placed) and `aborted`
 */
export function confirmationCall(options: ConfirmationCallOptions): Promise<ConfirmationCallResult>;

/**
 * Interprets a call's `q931_status` and `final_status` by the provider's table.
 * @throws {ConfirmationCallError} `invalid_status`
 */
export function interpretCallStatus(
  q931Status: number | string,
  finalStatus?: string | null,
  options?: InterpretOptions,
): CallStatus;

/**
 * Checks a phone number against the calling-code plan and says what it is.
 * @throws {ConfirmationCallError} `invalid_phone_number`
 */
export function describePhoneNumber(input: string, options?: PhoneNumberOptions): PhoneNumberDescription;

/** Whether a caught value is an error thrown by this package. */
export function isConfirmationCallError(error: unknown): error is ConfirmationCallError;

/**
 * Returns the digits of a phone number as the provider expects them (`"421222202999"`).
 * @throws {ConfirmationCallError} `invalid_phone_number`
 */
export function normalizePhoneNumber(input: string, options?: PhoneNumberOptions): string;

/**
 * Reads the webhook's call-detail record (JSON text, form or query text, a request URL,
 * an object, `URLSearchParams`, `FormData` or bytes) and interprets its status.
 * @throws {ConfirmationCallError} `invalid_webhook`
 */
export function parseCallWebhook(
  payload: string | URLSearchParams | URL | FormData | ArrayBuffer | ArrayBufferView | object,
  options?: InterpretOptions,
): CallWebhook;

/**
 * Reads the provider's answer (JSON text, bytes or a parsed object) and its HTTP status.
 * @throws {ConfirmationCallError} `unauthorized`, `rate_limited`, `server_error`,
 * `rejected`, `malformed_response`, `api_error`
 */
export function parseConfirmationCallResponse(
  body: string | ArrayBuffer | ArrayBufferView | object,
  httpStatus?: number,
): ConfirmationCallResult;

/**
 * Splits a `verification_call_uuid` into its call id and account id.
 * @throws {ConfirmationCallError} `invalid_uuid`
 */
export function splitVerificationCallUuid(uuid: string): VerificationCallUuidParts;
