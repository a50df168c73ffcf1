//! The JavaScript face, wasm side: one export per function of the API, over the numeric
//! boundary of [`abi`], plus the string tables the JavaScript side reads once, and
//! `confirmationCall`'s transport ([`fetch`]). Every decision (validation, the provider's
//! table, Q.850 names, texts, messages) is made here or in the core; `npm/api.js` only
//! moves values across and builds the result objects.

#[allow(unused_imports)]
use crate::prelude::*;

mod abi;
mod fetch;

pub use fetch::{abi_send, abi_transport_message};

use wasm_bindgen::prelude::*;

use crate::call_status::{q931_status_from_number, q931_status_from_text, Locale, Outcome};
use crate::error::{Error, ErrorKind};
use crate::field::decimal;
use crate::field::{Field, FieldRef};
use crate::request::{RequestOptions, ACCEPT, CONTENT_TYPE, METHOD};
use crate::response::{PayloadFields, PayloadProblem, RESPONSE_FIELDS};
use abi::{finish, Out, Reader, Records, Writer};

/// Every outcome, in the order of their codes.
const OUTCOMES: [Outcome; 6] = [
    Outcome::Answered,
    Outcome::NoAnswer,
    Outcome::Busy,
    Outcome::Rejected,
    Outcome::BillingProblem,
    Outcome::Unreachable,
];

/// The webhook fields the provider documents, in the order they are handed over.
const WEBHOOK_FIELDS: [&str; 3] = ["verification_call_uuid", "q931_status", "final_status"];
// Reader::places keeps as many places as a response body has.
const _: () = assert!(WEBHOOK_FIELDS.len() <= RESPONSE_FIELDS.len());

/// The longest string argument copied into wasm memory, in UTF-16 code units; longer ones
/// are refused unread. A phone number, a token, a uuid, a status or an option is far
/// shorter; the provider's texts inside a payload are read by the engine, not copied.
const MAX_TEXT_UNITS: u32 = 4096;

#[wasm_bindgen(skip_typescript)]
/// Makes room for `units` code units of input; returns where the scratch area starts.
pub fn abi_reserve(units: u32) -> u32 {
    abi::reserve(units)
}

#[wasm_bindgen(skip_typescript)]
/// Where the number slots start (in f64 units).
pub fn abi_numbers() -> u32 {
    abi::layout().0
}

#[wasm_bindgen(skip_typescript)]
/// Where the output words start (in u32 units).
pub fn abi_out() -> u32 {
    abi::layout().1
}

/// The tables the JavaScript side reads once, by number.
#[repr(u32)]
enum Table {
    ErrorKind = 0,
    Outcome = 1,
    Cause = 2,
    Description = 3,
    ResponseField = 4,
    WebhookField = 5,
    Limit = 6,
    Constant = 7,
}

/// Texts results are again and again: `Out::Constant(n)` hands one back by its number
/// here, and JavaScript reads each once. The request's URL with the default base URL is
/// the last one.
const CONSTANTS: [&str; 3] = [METHOD, ACCEPT, CONTENT_TYPE];
const METHOD_VALUE: u32 = 0;
const ACCEPT_VALUE: u32 = 1;
const CONTENT_TYPE_VALUE: u32 = 2;
const DEFAULT_URL: u32 = CONSTANTS.len() as u32;

/// A request's URL: the constant when it is the default one.
#[inline(never)]
fn url_out(url: &str) -> Out<'_> {
    let default = url
        .strip_prefix(crate::request::DEFAULT_BASE_URL)
        .is_some_and(|path| path == crate::request::CONFIRMATION_CALL_PATH);
    if default {
        Out::Constant(DEFAULT_URL)
    } else {
        Out::New(url)
    }
}

#[wasm_bindgen(skip_typescript)]
/// One entry of a table as a string (`out[1..4]`), or a number (`out[1]`) for limits.
pub fn abi_table(table: u32, index: u32) -> u32 {
    let text: Option<String> = match table {
        t if t == Table::ErrorKind as u32 => ErrorKind::ALL
            .get(index as usize)
            .map(|k| k.as_str().to_owned()),
        t if t == Table::Outcome as u32 => {
            OUTCOMES.get(index as usize).map(|o| o.as_str().to_owned())
        }
        t if t == Table::Cause as u32 => u8::try_from(index).ok().map(crate::q850::cause_text),
        t if t == Table::Description as u32 => OUTCOMES.get(index as usize / 2).map(|outcome| {
            let locale = if index % 2 == 1 {
                Locale::Sk
            } else {
                Locale::En
            };
            outcome.description(locale).to_owned()
        }),
        t if t == Table::ResponseField as u32 => RESPONSE_FIELDS.get(index as usize).map(|path| {
            let mut name = String::new();
            for key in path.iter() {
                if !name.is_empty() {
                    name.push('.');
                }
                name.push_str(key);
            }
            name
        }),
        t if t == Table::WebhookField as u32 => WEBHOOK_FIELDS
            .get(index as usize)
            .map(|name| (*name).to_owned()),
        t if t == Table::Constant as u32 => match CONSTANTS.get(index as usize) {
            Some(constant) => Some((*constant).to_owned()),
            None => (index == DEFAULT_URL).then(|| {
                text!(
                    crate::request::DEFAULT_BASE_URL,
                    crate::request::CONFIRMATION_CALL_PATH
                )
            }),
        },
        t if t == Table::Limit as u32 => {
            let limit = match index {
                0 => MAX_TEXT_UNITS as usize,
                1 => crate::response::MAX_BODY_LENGTH,
                _ => crate::webhook::MAX_PAYLOAD_LENGTH,
            };
            return Writer::new().word(limit as u32).done();
        }
        _ => None,
    };
    Writer::new().string(Out::optional(text.as_deref())).done()
}

/// A JavaScript value's type for a message.
fn describe(field: &Field) -> &'static str {
    match field {
        Field::Missing => "undefined",
        other => other.type_name(),
    }
}

/// A required string argument, or an error of `kind` naming `name`.
fn required_text(field: Field, name: &str, kind: ErrorKind) -> Result<String, Error> {
    match field {
        Field::Text(text) => Ok(text),
        Field::Unreadable => Err(Error::new(kind, text!(name, " could not be read"))),
        Field::TooLong => Err(too_long(name, kind)),
        other => Err(Error::new(
            kind,
            text!(name, " must be a string, got ", describe(&other)),
        )),
    }
}

/// An option of an options object as it was read; one whose getter threw is named as an
/// option (`options.token could not be read`).
fn readable_option(field: Field, name: &str, kind: ErrorKind) -> Result<Field, Error> {
    match field {
        Field::Unreadable => Err(Error::new(
            kind,
            text!("options.", name, " could not be read"),
        )),
        field => Ok(field),
    }
}

/// An optional string option: absent, or a string.
fn optional_text(field: Field, name: &str, kind: ErrorKind) -> Result<Option<String>, Error> {
    if field.is_absent() {
        Ok(None)
    } else {
        required_text(field, name, kind).map(Some)
    }
}

/// An options argument: absent or an object; `example` shows what it should look like.
fn options_object(field: &Field, example: &str, kind: ErrorKind) -> Result<bool, Error> {
    match field {
        Field::Object | Field::Array => Ok(true),
        absent if absent.is_absent() => Ok(false),
        other => Err(Error::new(
            kind,
            text!(
                "options must be an object like ",
                example,
                ", got ",
                describe(other)
            ),
        )),
    }
}

/// A string too long to copy in: refused with the kind of its argument.
fn too_long(name: &str, kind: ErrorKind) -> Error {
    Error::new(
        kind,
        text!(
            name,
            " is longer than ",
            decimal(MAX_TEXT_UNITS.into()),
            " characters"
        ),
    )
}

/// `{ defaultCountry? }` after a phone number.
fn phone_number_options(reader: &mut Reader) -> Result<Option<String>, Error> {
    let options = reader.field();
    let default_country = reader.field();
    options_object(
        &options,
        "{ defaultCountry: \"SK\" }",
        ErrorKind::InvalidPhoneNumber,
    )?;
    optional_text(
        default_country,
        "options.defaultCountry",
        ErrorKind::InvalidPhoneNumber,
    )
}

#[wasm_bindgen(skip_typescript)]
/// `normalizePhoneNumber(input, options?)`: `[input, options, defaultCountry]` → digits.
pub fn abi_normalize(length: u32) -> u32 {
    let mut reader = Reader::new(length);
    finish((|| {
        let input = required_text(reader.field(), "phoneNumber", ErrorKind::InvalidPhoneNumber)?;
        let default_country = phone_number_options(&mut reader)?;
        let digits =
            crate::phone_number::normalize_phone_number(&input, default_country.as_deref())?;
        Ok(Writer::new().string(Out::New(&digits)).done())
    })())
}

#[wasm_bindgen(skip_typescript)]
/// `describePhoneNumber(input, options?)`: `[input, options, defaultCountry]` → digits,
/// country calling code (a number), region, national number, non-geographic (0 or 1).
pub fn abi_describe(length: u32) -> u32 {
    let mut reader = Reader::new(length);
    finish((|| {
        let input = required_text(reader.field(), "phoneNumber", ErrorKind::InvalidPhoneNumber)?;
        let default_country = phone_number_options(&mut reader)?;
        let number =
            crate::phone_number::describe_phone_number(&input, default_country.as_deref())?;
        Ok(Writer::new()
            .string(Out::New(&number.digits))
            .word(number.country_calling_code.into())
            .string(Out::optional(number.region))
            .string(Out::New(&number.national_number))
            .word(number.non_geographic.into())
            .done())
    })())
}

/// Reads `[options, token, phoneNumber, baseUrl, defaultCountry]` as the request options.
struct RequestArguments {
    token: String,
    phone_number: String,
    base_url: Option<String>,
    default_country: Option<String>,
}

impl RequestArguments {
    fn read(reader: &mut Reader) -> Result<RequestArguments, Error> {
        let options = reader.field();
        let fields = [
            reader.field(),
            reader.field(),
            reader.field(),
            reader.field(),
        ];
        if !matches!(options, Field::Object | Field::Array) {
            return Err(Error::new(
                ErrorKind::InvalidToken,
                text!(
                    "options must be an object with token and phoneNumber, got ",
                    describe(&options)
                ),
            ));
        }
        let [token, phone_number, base_url, default_country] = fields;
        Ok(RequestArguments {
            token: required_text(
                readable_option(token, "token", ErrorKind::InvalidToken)?,
                "token",
                ErrorKind::InvalidToken,
            )?,
            phone_number: required_text(
                readable_option(phone_number, "phoneNumber", ErrorKind::InvalidPhoneNumber)?,
                "phoneNumber",
                ErrorKind::InvalidPhoneNumber,
            )?,
            base_url: optional_text(
                readable_option(base_url, "baseUrl", ErrorKind::InvalidBaseUrl)?,
                "baseUrl",
                ErrorKind::InvalidBaseUrl,
            )?,
            default_country: optional_text(
                default_country,
                "options.defaultCountry",
                ErrorKind::InvalidPhoneNumber,
            )?,
        })
    }

    fn request(&self) -> Result<crate::request::ConfirmationCallRequest, Error> {
        crate::request::build_confirmation_call_request(&RequestOptions {
            token: &self.token,
            phone_number: &self.phone_number,
            base_url: self.base_url.as_deref(),
            default_country: self.default_country.as_deref(),
        })
    }
}

/// The value of a header of the request.
fn header<'a>(request: &'a crate::request::ConfirmationCallRequest, name: &str) -> &'a str {
    request
        .headers
        .iter()
        .find(|(n, _)| *n == name)
        .map_or("", |(_, value)| value.as_str())
}

#[wasm_bindgen(skip_typescript)]
/// `buildConfirmationCallRequest(options)` → url, method, accept, content type,
/// authorization, body.
pub fn abi_build(length: u32) -> u32 {
    let mut reader = Reader::new(length);
    finish((|| {
        let request = RequestArguments::read(&mut reader)?.request()?;
        Ok(Writer::new()
            .string(url_out(&request.url))
            .string(Out::Constant(METHOD_VALUE))
            .string(Out::Constant(ACCEPT_VALUE))
            .string(Out::Constant(CONTENT_TYPE_VALUE))
            .string(Out::New(header(&request, "Authorization")))
            .string(Out::New(&request.body))
            .done())
    })())
}

/// The default time to wait for the provider's answer.
const DEFAULT_TIMEOUT_MS: u32 = 15_000;
/// The longest delay `setTimeout` honours; larger values fire at once in some runtimes.
const MAX_TIMEOUT_MS: u32 = 2_147_483_647;

#[wasm_bindgen(skip_typescript)]
/// `confirmationCall(options)` before anything is sent: the request options as for
/// `abi_build`, then `[timeoutMs, signal, signal is an AbortSignal, fetch, global fetch
/// exists]` → url, authorization, body, timeout in ms (0 for none).
pub fn abi_prepare_call(length: u32) -> u32 {
    let mut reader = Reader::new(length);
    finish((|| {
        let request = RequestArguments::read(&mut reader)?.request()?;
        let timeout = reader.field();
        let timeout_ms = match timeout {
            absent if absent.is_absent() => DEFAULT_TIMEOUT_MS,
            Field::Number(0.0) => 0,
            Field::Number(ms) if ms > 0.0 && ms <= f64::from(MAX_TIMEOUT_MS) => {
                // At most MAX_TIMEOUT_MS, so it fits.
                let whole = ms as u32;
                whole + u32::from(f64::from(whole) < ms)
            }
            Field::Unreadable | Field::TooLong => {
                return Err(Error::new(
                    ErrorKind::Timeout,
                    "options.timeoutMs could not be read",
                ))
            }
            other => {
                return Err(Error::new(
                    ErrorKind::Timeout,
                    text!(
                        "options.timeoutMs must be a number of milliseconds from 0 (no timeout) \
                         to ",
                        decimal(MAX_TIMEOUT_MS.into()),
                        ", got ",
                        describe(&other),
                        "; nothing was sent"
                    ),
                ))
            }
        };
        let signal = readable_option(reader.field(), "signal", ErrorKind::Aborted)?;
        let is_signal = reader.field() == Field::Bool(true);
        match signal {
            absent if absent.is_absent() => {}
            _ if is_signal => {}
            other => {
                return Err(Error::new(
                    ErrorKind::Aborted,
                    text!(
                        "options.signal must be an AbortSignal, got ",
                        describe(&other),
                        "; nothing was sent"
                    ),
                ))
            }
        }
        let fetch = readable_option(reader.field(), "fetch", ErrorKind::Network)?;
        let global_fetch = reader.field() == Field::Bool(true);
        match fetch {
            absent if absent.is_absent() && !global_fetch => {
                return Err(Error::new(
                    ErrorKind::Network,
                    "this runtime has no global fetch; pass options.fetch",
                ))
            }
            absent if absent.is_absent() => {}
            Field::Other("a function") => {}
            other => {
                return Err(Error::new(
                    ErrorKind::Network,
                    text!(
                        "options.fetch must be a function, got ",
                        describe(&other),
                        "; nothing was sent"
                    ),
                ))
            }
        }
        Ok(Writer::new()
            .string(url_out(&request.url))
            .string(Out::New(header(&request, "Authorization")))
            .string(Out::New(&request.body))
            .word(timeout_ms)
            .done())
    })())
}

#[wasm_bindgen(skip_typescript)]
/// The error of a call given up: `kind` 0 aborted, 1 timed out; `sent` whether the request
/// had gone out; `timeout_ms` for the message.
pub fn abi_call_error(kind: u32, sent: u32, timeout_ms: u32) -> u32 {
    let error = if kind == 1 {
        Error::new(
            ErrorKind::Timeout,
            text!(
                "no answer from the provider within ",
                crate::field::decimal(timeout_ms.into()),
                " ms; the call may still have been placed \
                 (and billed), so check before trying again"
            ),
        )
    } else if sent == 1 {
        Error::new(
            ErrorKind::Aborted,
            "the request was aborted by the caller's signal; the call may still have been \
             placed if the request had reached the provider",
        )
    } else {
        Error::new(
            ErrorKind::Aborted,
            "the caller's signal was already aborted; nothing was sent",
        )
    };
    abi::fail(&error)
}

/// A payload that is not a readable object: the problem code the JavaScript side writes
/// (a number), with the type of the value where it matters.
fn payload_problem(reader: &mut Reader) -> Option<PayloadProblem> {
    let code = match reader.field() {
        // Whole and small: the JavaScript side writes 0–8.
        Field::Number(code) => code as u32,
        _ => 8,
    };
    let type_name = |reader: &mut Reader| describe(&reader.field());
    Some(match code {
        0 => return None,
        1 => PayloadProblem::Empty,
        2 => PayloadProblem::TooLong,
        3 => PayloadProblem::NotJson(match reader.field() {
            Field::Text(why) => why,
            _ => String::new(),
        }),
        4 => PayloadProblem::NotObject(type_name(reader)),
        5 => PayloadProblem::NotData(type_name(reader)),
        6 => PayloadProblem::Promise,
        7 => PayloadProblem::ResponseObject,
        _ => PayloadProblem::Unreadable,
    })
}

#[wasm_bindgen(skip_typescript)]
/// `parseConfirmationCallResponse(body, httpStatus?)`: `[httpStatus, token, problem, when
/// there is none the places of RESPONSE_FIELDS that hold a value (Reader::places)]` →
/// uuid, call id, account id, login DID, code.
pub fn abi_response(length: u32) -> u32 {
    let mut reader = Reader::new(length);
    finish((|| {
        let status = match reader.field() {
            absent if absent.is_absent() => None,
            Field::Number(number) => Some(crate::response::http_status_from_number(number)?),
            other => {
                return Err(Error::new(
                    ErrorKind::MalformedResponse,
                    text!("httpStatus must be a number, got ", describe(&other)),
                ))
            }
        };
        let token = match reader.field() {
            Field::Text(token) => Some(token),
            _ => None,
        };
        let problem = payload_problem(&mut reader);
        // The fields, with where each text came from, so that results can be handed back
        // as pieces of it (after a problem nothing follows: every place is missing).
        let fields = reader.places();
        let body = problem.as_ref().map_or(Ok(&fields), Err);
        let response = crate::response::check_response(body, status, token.as_deref())?;
        // Each result is a piece of the text at one of its places, or new text (a number's
        // digits): span_in finds which.
        use crate::response::{ACCOUNT_ID, CALLER_NUMBER, LOGIN_DID, OBJECT_CODE, UUID};
        let uuid = [UUID.0, UUID.1];
        let out = |piece, places: &[usize]| span_in(&fields, places, piece);
        Ok(Writer::new()
            .string(out(Some(response.verification_call_uuid), &uuid))
            .string(out(Some(response.call_id), &uuid))
            .string(out(
                Some(&response.account_id),
                &[ACCOUNT_ID.0, ACCOUNT_ID.1, UUID.0, UUID.1],
            ))
            .string(out(
                response.login_did.as_deref(),
                &[LOGIN_DID.0, LOGIN_DID.1, CALLER_NUMBER.0, CALLER_NUMBER.1],
            ))
            .string(out(response.code.as_deref(), &[OBJECT_CODE]))
            .done())
    })())
}

/// `piece` as a span of the text at one of `places` of a response body when it is a piece
/// of it, else as new text; nothing for no piece.
fn span_in<'a>(fields: &Records<'_>, places: &[usize], piece: Option<&'a str>) -> Out<'a> {
    let Some(piece) = piece else {
        return Out::None;
    };
    for &place in places {
        if let FieldRef::Text(text) = fields.field(place) {
            let index = fields.origin(place);
            if let span @ Out::Input { .. } = Out::span(text, index, piece) {
                return span;
            }
        }
    }
    Out::New(piece)
}

/// A uuid, trimmed, and its parts (pieces of it) as spans of the input text.
fn uuid_spans(writer: Writer, input: &str, index: Option<u32>, parts: (&str, &str)) -> Writer {
    let (call_id, account_id) = parts;
    writer
        .string(Out::span(input, index, crate::ascii::trim(input)))
        .string(Out::span(input, index, call_id))
        .string(Out::span(input, index, account_id))
}

#[wasm_bindgen(skip_typescript)]
/// `splitVerificationCallUuid(uuid)` → trimmed uuid, call id, account id.
pub fn abi_split(length: u32) -> u32 {
    let mut reader = Reader::new(length);
    finish((|| {
        let (field, index) = reader.value();
        let uuid = required_text(field, "verification_call_uuid", ErrorKind::InvalidUuid)?;
        let parts = crate::verification_call_uuid::split_parts(&uuid)?;
        Ok(uuid_spans(Writer::new(), &uuid, index, parts).done())
    })())
}

/// `{ locale? }`: absent means English; errors are of `kind`, the calling function's own.
fn locale_option(reader: &mut Reader, kind: ErrorKind) -> Result<Locale, Error> {
    let options = reader.field();
    let locale = reader.field();
    if !options_object(&options, "{ locale: \"sk\" }", kind)? {
        return Ok(Locale::En);
    }
    Ok(optional_text(locale, "options.locale", kind)?
        .map_or(Locale::En, |tag| Locale::from_tag(&tag)))
}

/// The words of a call status: outcome, cause value, locale, then the final status.
fn status_words(
    writer: Writer,
    (q931_status, final_status): (u8, Option<&str>),
    locale: Locale,
    final_input: Option<(&str, Option<u32>)>,
) -> Writer {
    // The outcome alone: the cause's name and the texts come from the tables.
    let outcome = Outcome::from_status(q931_status, final_status);
    let outcome = OUTCOMES.iter().position(|o| *o == outcome).unwrap_or(0) as u32;
    let final_status = match (final_status, final_input) {
        (None, _) => Out::None,
        // Already trimmed upper case, it is a piece of the caller's own string (span() tells).
        (Some(upper), Some((input, index))) => Out::span(input, index, upper),
        (Some(upper), None) => Out::New(upper),
    };
    writer
        .word(outcome)
        .word(q931_status.into())
        .word(u32::from(locale == Locale::Sk))
        .string(final_status)
}

#[wasm_bindgen(skip_typescript)]
/// `interpretCallStatus(q931Status, finalStatus?, options?)`: `[q931Status, finalStatus,
/// options, locale]` → outcome, cause value, locale, final status.
pub fn abi_interpret(length: u32) -> u32 {
    let mut reader = Reader::new(length);
    finish((|| {
        let q931 = reader.field();
        let (final_field, final_index) = reader.value();
        let q931_status = match q931 {
            Field::Number(number) => q931_status_from_number(number, "q931Status")?,
            Field::Text(text) => q931_status_from_text(&text, "q931Status")?,
            other => {
                return Err(Error::new(
                    ErrorKind::InvalidStatus,
                    text!(
                        "q931Status must be a number or a string of digits, got ",
                        describe(&other)
                    ),
                ))
            }
        };
        let final_text = match final_field {
            absent if absent.is_absent() => None,
            Field::Text(text) => Some(text),
            other => {
                return Err(Error::new(
                    ErrorKind::InvalidStatus,
                    text!(
                        "finalStatus must be a string or null, got ",
                        describe(&other)
                    ),
                ))
            }
        };
        let final_status = match &final_text {
            Some(text) => crate::call_status::final_status_borrowed(text, "finalStatus")?,
            None => None,
        };
        let locale = locale_option(&mut reader, ErrorKind::InvalidStatus)?;
        let status = (q931_status, final_status.as_deref());
        let final_input = final_text.as_deref().map(|text| (text, final_index));
        Ok(status_words(Writer::new(), status, locale, final_input).done())
    })())
}

#[wasm_bindgen(skip_typescript)]
/// `parseCallWebhook(payload, options?)`: `[options, locale, problem, when there is none
/// the places of WEBHOOK_FIELDS that hold a value (Reader::places)]` → the status words,
/// then uuid, call id, account id.
pub fn abi_webhook(length: u32) -> u32 {
    let mut reader = Reader::new(length);
    finish((|| {
        let locale = locale_option(&mut reader, ErrorKind::InvalidWebhook)?;
        if let Some(problem) = payload_problem(&mut reader) {
            return Err(Error::new(
                ErrorKind::InvalidWebhook,
                problem.describe("webhook payload", crate::webhook::MAX_PAYLOAD_LENGTH),
            ));
        }
        let fields = reader.places();
        let (uuid, q931_status, final_status) = (fields.field(0), fields.field(1), fields.field(2));
        // The checked fields are pieces of the payload's texts: handed back as spans.
        let checked = crate::webhook::check_webhook_fields(uuid, q931_status, final_status)?;
        let status = (checked.q931_status, checked.final_status.as_deref());
        let final_input = final_status.as_str().map(|text| (text, fields.origin(2)));
        let writer = status_words(Writer::new(), status, locale, final_input);
        let uuid_text = uuid.as_str().unwrap_or_default();
        let parts = (checked.call_id, checked.account_id);
        Ok(uuid_spans(writer, uuid_text, fields.origin(0), parts).done())
    })())
}
