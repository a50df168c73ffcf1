//! The provider's answer to a confirmation-call request. The provider's page documents two
//! shapes: the example (`status`/`code`/`object`) and the prose (`Ok` with the fields at
//! the top level, `caller_number` standing for `login_did`); both are accepted.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::{escape_text, hide_secret, quote_input, quote_text, Error, ErrorKind, Result};
use crate::field::decimal;
use crate::field::{Field, FieldRef};
use crate::verification_call_uuid::split_parts;
use alloc::borrow::Cow;

/// How much of the provider's own message an error quotes.
const MAX_PROVIDER_MESSAGE_CHARS: usize = 200;

/// A successful answer: the call is being placed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct ConfirmationCallResponse {
    /// The key of the call's webhook (`119214e015ed_117793`).
    pub verification_call_uuid: String,
    /// The call part of the uuid (`119214e015ed`).
    pub call_id: String,
    /// The account (`117793`): `object.account_id`, else from the uuid.
    pub account_id: String,
    /// The number the call comes from: `login_did`, else `caller_number`.
    pub login_did: Option<String>,
    /// `object.code` (`"2463"`); the provider's page does not say what it means.
    pub code: Option<String>,
}

/// Checks that an HTTP status passed in by the caller is one: a whole number 100–599.
pub fn http_status_from_number(status: f64) -> Result<u16> {
    if (100.0..=599.0).contains(&status) && f64::from(status as u16) == status {
        // In range and whole, so the conversion is exact.
        Ok(status as u16)
    } else {
        Err(Error::new(
            ErrorKind::MalformedResponse,
            "httpStatus must be a whole number from 100 to 599",
        ))
    }
}

/// Bodies longer than this are refused unread: the provider's answer is a few hundred
/// bytes, and wasm memory, once grown, is never given back.
pub const MAX_BODY_LENGTH: usize = 256 * 1024;

/// The places in the provider's answer that the core reads, as paths of member names: the
/// example's `status`/`code`/`object`, the prose's `Ok` and `caller_number`, and the usual
/// names of an error message. A reader of the body (the JavaScript layer, serde) fills a
/// [`ResponseBody`] with the values found there, in this order.
pub const RESPONSE_FIELDS: [&[&str]; 21] = [
    &["status"],
    &["ok"],
    &["Ok"],
    &["OK"],
    &["code"],
    &["message"],
    &["error"],
    &["error", "message"],
    &["detail"],
    &["description"],
    &["object"],
    &["object", "message"],
    &["object", "verification_call_uuid"],
    &["object", "account_id"],
    &["object", "login_did"],
    &["object", "caller_number"],
    &["object", "code"],
    &["verification_call_uuid"],
    &["account_id"],
    &["login_did"],
    &["caller_number"],
];

// Indexes into RESPONSE_FIELDS.
const STATUS: usize = 0;
/// The places of a success field: in `object` (the example), then at the top level (the
/// prose), as indexes into [`RESPONSE_FIELDS`].
pub(crate) const UUID: (usize, usize) = (12, 17);
pub(crate) const ACCOUNT_ID: (usize, usize) = (13, 18);
pub(crate) const LOGIN_DID: (usize, usize) = (14, 19);
pub(crate) const CALLER_NUMBER: (usize, usize) = (15, 20);
const OK_FLAGS: [(usize, &str); 3] = [(1, "ok"), (2, "Ok"), (3, "OK")];
const CODE: usize = 4;
const MESSAGES: [usize; 6] = [5, 6, 7, 8, 9, 11];
pub(crate) const OBJECT_CODE: usize = 16;

/// The fields of a response body that is a JSON object, at the places of
/// [`RESPONSE_FIELDS`]; fields not found are [`Field::Missing`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResponseBody {
    /// The values, in the order of [`RESPONSE_FIELDS`].
    pub fields: [Field; RESPONSE_FIELDS.len()],
}

/// Why a body (or a webhook payload) could not be read as a JSON object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayloadProblem {
    /// Nothing but white space.
    Empty,
    /// Longer than the limit; not read.
    TooLong,
    /// Not JSON: the reader's own words.
    NotJson(String),
    /// JSON, but not an object: the type it is.
    NotObject(&'static str),
    /// A value that cannot be data (a number, a function, …): its type.
    NotData(&'static str),
    /// A Promise, passed where its value was meant.
    Promise,
    /// A `Response` or `Request`, passed where its body was meant.
    ResponseObject,
    /// Reading it threw: a getter, a Proxy trap or `toJSON`.
    Unreadable,
}

impl PayloadProblem {
    /// The problem, for a message that starts with what the payload is (`response body`).
    pub fn describe(&self, what: &str, max_length: usize) -> String {
        match self {
            PayloadProblem::Empty => text!(what, " is empty"),
            PayloadProblem::TooLong => text!(
                what,
                " is longer than ",
                decimal(max_length as u64),
                " bytes"
            ),
            PayloadProblem::NotJson(why) if why.is_empty() => text!(what, " is not valid JSON"),
            PayloadProblem::NotJson(why) => text!(what, " is not valid JSON (", why, ")"),
            PayloadProblem::NotObject(type_name) => {
                text!(what, " is JSON ", type_name, ", not an object")
            }
            PayloadProblem::NotData(type_name) => text!(
                what,
                " must be text, an object, URLSearchParams, FormData or bytes, got ",
                type_name
            ),
            PayloadProblem::Promise => text!(what, " is a Promise: `await` it first"),
            PayloadProblem::ResponseObject => text!(
                what,
                " is a Response or Request: pass its body, `await response.text()`"
            ),
            PayloadProblem::Unreadable => text!(
                what,
                " could not be read as plain data (a getter, Proxy or toJSON threw)"
            ),
        }
    }
}

/// A payload's fields by their places (a response body's in [`RESPONSE_FIELDS`]), with
/// borrowed texts, as the checks read them: a [`ResponseBody`], or the JavaScript
/// boundary's records of a call (read where they are, nothing copied).
pub(crate) trait PayloadFields<'a> {
    /// The field at `place`; missing past the end.
    fn field(&self, place: usize) -> FieldRef<'a>;

    /// The field `name` in `object` (the example) when it has a value there, else at the
    /// top level (the prose).
    fn success_field(&self, (nested, top): (usize, usize)) -> FieldRef<'a> {
        let nested = self.field(nested);
        if nested.is_absent() {
            self.field(top)
        } else {
            nested
        }
    }

    fn success_text(&self, places: (usize, usize)) -> Option<Cow<'a, str>> {
        self.success_field(places).trimmed_text()
    }
}

impl<'a> PayloadFields<'a> for &'a ResponseBody {
    fn field(&self, place: usize) -> FieldRef<'a> {
        self.fields
            .get(place)
            .map_or(FieldRef::Missing, Field::view)
    }
}

/// Reads the provider's answer: the HTTP status first (when known), then the body. `body`
/// is the body's fields, or why it is not a JSON object.
pub fn parse_confirmation_call_response(
    body: core::result::Result<&ResponseBody, &PayloadProblem>,
    http_status: Option<u16>,
) -> Result<ConfirmationCallResponse> {
    check_response(body.as_ref().map_err(|p| *p), http_status, None)
        .map(CheckedResponse::into_owned)
}

/// Reads the answer to a request made with `token`: as
/// [`parse_confirmation_call_response`], and no error quotes the token, even where the
/// provider's message, status, code or uuid echoes it.
pub fn parse_confirmation_call_response_hiding_token(
    body: core::result::Result<&ResponseBody, &PayloadProblem>,
    http_status: Option<u16>,
    token: &str,
) -> Result<ConfirmationCallResponse> {
    check_response(body.as_ref().map_err(|p| *p), http_status, Some(token))
        .map(CheckedResponse::into_owned)
}

/// Reads the answer (with `secret` hidden from every error) without copying its fields:
/// the JavaScript face hands them back as pieces of the caller's own strings.
pub(crate) fn check_response<'a>(
    body: core::result::Result<&impl PayloadFields<'a>, &PayloadProblem>,
    http_status: Option<u16>,
    secret: Option<&str>,
) -> Result<CheckedResponse<'a>> {
    let malformed = |message: String| {
        Error::new(ErrorKind::MalformedResponse, message).with_status_if(http_status)
    };
    if let Some(status) = http_status.filter(|s| !(200..300).contains(s)) {
        return Err(http_status_error(status, body.ok(), secret));
    }
    let body = body.map_err(|problem| {
        let problem = match problem {
            // The reader's words may quote a cut piece of the body, and so of an echoed
            // token, which no replacement can find: with a token, they are left out.
            PayloadProblem::NotJson(_) if secret.is_some() => {
                PayloadProblem::NotJson(String::new())
            }
            other => other.clone(),
        };
        malformed(problem.describe("response body", MAX_BODY_LENGTH))
    })?;
    if let Some(failure) = stated_failure(body, secret) {
        let message = match provider_message(body, secret) {
            Some(text) => text!(
                "the provider says the request failed (",
                failure,
                "): ",
                text
            ),
            None => text!("the provider says the request failed (", failure, ")"),
        };
        return Err(Error::new(ErrorKind::ApiError, message)
            .with_provider_code(provider_code(body, secret))
            .with_status_if(http_status));
    }
    let uuid =
        match body.success_field(UUID) {
            FieldRef::Text(uuid) => crate::ascii::trim(uuid),
            absent if absent.is_absent() => return Err(malformed(
                "response has no verification_call_uuid (looked in `object` and at the top level)"
                    .to_owned(),
            )),
            other => {
                return Err(malformed(text!(
                    "response's verification_call_uuid is ",
                    other.type_name(),
                    ", not a string"
                )))
            }
        };
    let (call_id, uuid_account_id) = split_parts(uuid).map_err(|_| {
        // The message quotes the uuid cut to length: it is made from the uuid with the
        // token already hidden, so no cut piece of an echoed token survives.
        let why = split_parts(&hide_secret(uuid, secret))
            .err()
            .map_or_else(|| "it does not split".to_owned(), |e| e.message);
        malformed(text!(
            "response's verification_call_uuid is not usable: ",
            why
        ))
    })?;
    let account_id = body
        .success_text(ACCOUNT_ID)
        .filter(|id| id.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or(Cow::Borrowed(uuid_account_id));
    Ok(CheckedResponse {
        verification_call_uuid: uuid,
        call_id,
        account_id,
        login_did: body
            .success_text(LOGIN_DID)
            .or_else(|| body.success_text(CALLER_NUMBER)),
        // Only `object.code`: at the top level `code` is the HTTP-like 200 of the example.
        code: body.field(OBJECT_CODE).trimmed_text(),
    })
}

/// A successful answer's fields, as pieces of the body's own texts where they can be.
pub(crate) struct CheckedResponse<'a> {
    pub(crate) verification_call_uuid: &'a str,
    pub(crate) call_id: &'a str,
    pub(crate) account_id: Cow<'a, str>,
    pub(crate) login_did: Option<Cow<'a, str>>,
    pub(crate) code: Option<Cow<'a, str>>,
}

impl CheckedResponse<'_> {
    fn into_owned(self) -> ConfirmationCallResponse {
        ConfirmationCallResponse {
            verification_call_uuid: self.verification_call_uuid.to_owned(),
            call_id: self.call_id.to_owned(),
            account_id: self.account_id.into_owned(),
            login_did: self.login_did.map(Cow::into_owned),
            code: self.code.map(Cow::into_owned),
        }
    }
}

/// The error for a non-2xx answer, with what the body says when it is a JSON object.
fn http_status_error<'a>(
    status: u16,
    body: Option<&impl PayloadFields<'a>>,
    secret: Option<&str>,
) -> Error {
    let (kind, what) = match status {
        401 | 403 => (ErrorKind::Unauthorized, "refused the token"),
        429 => (ErrorKind::RateLimited, "is limiting the request rate"),
        500..=599 => (ErrorKind::ServerError, "failed"),
        _ => (ErrorKind::Rejected, "rejected the request"),
    };
    let mut message = text!(
        "the provider ",
        what,
        " (HTTP ",
        decimal(status.into()),
        ")"
    );
    if let Some(text) = body.and_then(|b| provider_message(b, secret)) {
        message.push_str(": ");
        message.push_str(&text);
    }
    Error::new(kind, message)
        .with_status(status)
        .with_provider_code(body.and_then(|b| provider_code(b, secret)))
}

/// How a body says it failed: `status` other than "success", or `ok`/`Ok` false.
fn stated_failure<'a>(body: &impl PayloadFields<'a>, secret: Option<&str>) -> Option<String> {
    match body.field(STATUS) {
        FieldRef::Text(s) if s.eq_ignore_ascii_case("success") || s.eq_ignore_ascii_case("ok") => {}
        FieldRef::Bool(true) | FieldRef::Missing | FieldRef::Null => {}
        FieldRef::Text(s) => {
            // The token is hidden before the text is quoted, so no escape can split it.
            let shown = quote_input(&hide_secret(s, secret));
            return Some(text!("status ", shown));
        }
        FieldRef::Bool(false) => return Some("status false".to_owned()),
        FieldRef::Number(n) => {
            let shown = crate::field::whole_number_digits(n).unwrap_or_else(|| "a number".into());
            return Some(text!(
                "status ",
                escape_text(&hide_secret(&shown, secret), 40)
            ));
        }
        other => return Some(text!("status ", other.type_name())),
    }
    for (index, name) in OK_FLAGS {
        let failed = match body.field(index) {
            FieldRef::Bool(false) => true,
            FieldRef::Text(s) => s.eq_ignore_ascii_case("false"),
            FieldRef::Number(n) => n == 0.0,
            _ => false,
        };
        if failed {
            return Some(text!(name, " false"));
        }
    }
    None
}

/// The provider's human-readable message in an error body, under the usual names; the
/// secret is hidden before the message is cut to length.
fn provider_message<'a>(body: &impl PayloadFields<'a>, secret: Option<&str>) -> Option<String> {
    MESSAGES
        .iter()
        .filter_map(|&index| body.field(index).as_str())
        .map(crate::ascii::trim)
        .find(|s| !s.is_empty())
        .map(|s| quote_text(&hide_secret(s, secret), MAX_PROVIDER_MESSAGE_CHARS))
}

/// The body's `code`, as text, with the secret hidden.
fn provider_code<'a>(body: &impl PayloadFields<'a>, secret: Option<&str>) -> Option<String> {
    body.field(CODE)
        .trimmed_text()
        .map(|code| hide_secret(&code, secret))
}

#[cfg(feature = "serde")]
mod serde_impl {
    //! A response body read by serde (serde_json in a Rust server): the fields at the
    //! places of `RESPONSE_FIELDS`, every other member skipped.
    use super::{ResponseBody, RESPONSE_FIELDS};
    use crate::field::serde_impl::FieldVisitor;
    use crate::field::Field;
    use alloc::string::String;
    use core::fmt;
    use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
    impl<'de> serde::Deserialize<'de> for ResponseBody {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let mut body = ResponseBody::default();
            deserializer.deserialize_map(Members {
                prefix: &[],
                body: &mut body,
            })?;
            Ok(body)
        }
    }

    /// The members of the object at `prefix`.
    struct Members<'a> {
        prefix: &'a [&'a str],
        body: &'a mut ResponseBody,
    }

    impl<'de> Visitor<'de> for Members<'_> {
        type Value = ();

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<String>()? {
                let depth = self.prefix.len();
                let place = RESPONSE_FIELDS.iter().position(|path| {
                    path.len() == depth + 1
                        && path.get(..depth) == Some(self.prefix)
                        && path.get(depth) == Some(&key.as_str())
                });
                let nested = RESPONSE_FIELDS
                    .iter()
                    .find(|path| path.len() > depth + 1 && path.get(depth) == Some(&key.as_str()));
                match (place, nested) {
                    (Some(index), Some(path)) => {
                        let prefix = path.get(..=depth).unwrap_or_default();
                        let field = map.next_value_seed(Nested {
                            prefix,
                            body: self.body,
                        })?;
                        set(self.body, index, field);
                    }
                    (Some(index), None) => set(self.body, index, map.next_value::<Field>()?),
                    _ => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
            Ok(())
        }
    }

    fn set(body: &mut ResponseBody, index: usize, field: Field) {
        if let Some(slot) = body.fields.get_mut(index) {
            *slot = field;
        }
    }

    /// A member that is itself read further (`object`, `error`) when it is an object.
    struct Nested<'a> {
        prefix: &'a [&'a str],
        body: &'a mut ResponseBody,
    }

    impl<'de> DeserializeSeed<'de> for Nested<'_> {
        type Value = Field;

        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Field, D::Error> {
            deserializer.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Nested<'_> {
        type Value = Field;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any value")
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Field, A::Error> {
            Members {
                prefix: self.prefix,
                body: self.body,
            }
            .visit_map(map)?;
            Ok(Field::Object)
        }
        // Anything else is a field like any other.
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Field, E> {
            FieldVisitor.visit_bool(v)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Field, E> {
            FieldVisitor.visit_i64(v)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Field, E> {
            FieldVisitor.visit_u64(v)
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Field, E> {
            FieldVisitor.visit_f64(v)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Field, E> {
            FieldVisitor.visit_str(v)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Field, E> {
            FieldVisitor.visit_unit()
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Field, A::Error> {
            FieldVisitor.visit_seq(seq)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The provider's success example, character for character.
    const EXAMPLE: &str = include_str!("../tests/fixtures/confirmation-call-success.json");

    /// A body as the JavaScript layer or a Rust server hands it over: read by serde_json.
    fn read(text: &str) -> core::result::Result<ResponseBody, PayloadProblem> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.len() > MAX_BODY_LENGTH {
            return Err(PayloadProblem::TooLong);
        }
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| PayloadProblem::NotJson(e.to_string()))?;
        match value {
            serde_json::Value::Object(_) => {
                serde_json::from_value(value).map_err(|e| PayloadProblem::NotJson(e.to_string()))
            }
            serde_json::Value::Array(_) => Err(PayloadProblem::NotObject("an array")),
            _ => Err(PayloadProblem::NotObject("a value")),
        }
    }

    fn parse_confirmation_call_response(
        text: &str,
        status: Option<u16>,
    ) -> Result<ConfirmationCallResponse> {
        super::parse_confirmation_call_response(read(text).as_ref(), status)
    }

    fn parse_confirmation_call_response_hiding_token(
        text: &str,
        status: Option<u16>,
        token: &str,
    ) -> Result<ConfirmationCallResponse> {
        super::parse_confirmation_call_response_hiding_token(read(text).as_ref(), status, token)
    }

    fn kind(body: &str, status: Option<u16>) -> ErrorKind {
        parse_confirmation_call_response(body, status)
            .unwrap_err()
            .kind
    }

    #[test]
    fn reads_the_providers_example() {
        let response = parse_confirmation_call_response(EXAMPLE, Some(200)).unwrap();
        assert_eq!(
            response,
            ConfirmationCallResponse {
                verification_call_uuid: "119214e015ed_117793".into(),
                call_id: "119214e015ed".into(),
                account_id: "117793".into(),
                login_did: Some("7777777777".into()),
                code: Some("2463".into()),
            }
        );
    }

    #[test]
    fn reads_the_prose_shape_with_caller_number() {
        let body = r#"{"Ok": true, "caller_number": "421900000000", "verification_call_uuid": "fa278be48dc2_117793"}"#;
        let response = parse_confirmation_call_response(body, None).unwrap();
        assert_eq!(response.call_id, "fa278be48dc2");
        assert_eq!(response.account_id, "117793");
        assert_eq!(response.login_did.as_deref(), Some("421900000000"));
        assert_eq!(response.code, None);
    }

    #[test]
    fn numbers_where_strings_are_documented_become_strings() {
        let body = r#"{"status":"success","code":200,"object":{"login_did":7777777777,"code":2463,"account_id":117793,"verification_call_uuid":"119214e015ed_117793"}}"#;
        let response = parse_confirmation_call_response(body, None).unwrap();
        assert_eq!(response.account_id, "117793");
        assert_eq!(response.login_did.as_deref(), Some("7777777777"));
        assert_eq!(response.code.as_deref(), Some("2463"));
    }

    #[test]
    fn account_id_comes_from_the_uuid_when_absent() {
        let body = r#"{"status":"success","object":{"verification_call_uuid":"abc__42"}}"#;
        let response = parse_confirmation_call_response(body, None).unwrap();
        assert_eq!(
            (response.call_id.as_str(), response.account_id.as_str()),
            ("abc", "42")
        );
        assert_eq!(response.login_did, None);
    }

    #[test]
    fn http_status_decides_first() {
        assert_eq!(kind(EXAMPLE, Some(401)), ErrorKind::Unauthorized);
        assert_eq!(kind(EXAMPLE, Some(403)), ErrorKind::Unauthorized);
        assert_eq!(kind("not json", Some(429)), ErrorKind::RateLimited);
        assert_eq!(kind("", Some(500)), ErrorKind::ServerError);
        assert_eq!(kind("", Some(503)), ErrorKind::ServerError);
        assert_eq!(kind("", Some(400)), ErrorKind::Rejected);
        assert_eq!(kind("", Some(302)), ErrorKind::Rejected);
        assert_eq!(kind("", Some(404)), ErrorKind::Rejected);
    }

    #[test]
    fn http_errors_carry_status_code_and_the_providers_message() {
        let body =
            r#"{"status":"error","code":"INVALID_PHONE","message":"Phone number is invalid"}"#;
        let error = parse_confirmation_call_response(body, Some(400)).unwrap_err();
        assert_eq!(error.status, Some(400));
        assert_eq!(error.provider_code.as_deref(), Some("INVALID_PHONE"));
        assert_eq!(
            error.message,
            "the provider rejected the request (HTTP 400): \"Phone number is invalid\""
        );
        let error = parse_confirmation_call_response("<html>502</html>", Some(502)).unwrap_err();
        assert_eq!((error.status, error.provider_code), (Some(502), None));
    }

    #[test]
    fn body_that_is_not_a_json_object_is_malformed() {
        for body in [
            "",
            "<html></html>",
            "[]",
            "\"success\"",
            "null",
            "42",
            "{\"a\":",
        ] {
            assert_eq!(
                kind(body, Some(200)),
                ErrorKind::MalformedResponse,
                "{body:?}"
            );
        }
    }

    #[test]
    fn body_that_says_failure_is_an_api_error() {
        let error = parse_confirmation_call_response(
            r#"{"status":"error","code":1002,"message":"Insufficient funds"}"#,
            Some(200),
        )
        .unwrap_err();
        assert_eq!(error.kind, ErrorKind::ApiError);
        assert_eq!(error.provider_code.as_deref(), Some("1002"));
        assert_eq!(error.status, Some(200));
        assert!(
            error.message.contains("Insufficient funds"),
            "{}",
            error.message
        );
        for body in [
            r#"{"ok": false}"#,
            r#"{"Ok": false, "verification_call_uuid": "a_1"}"#,
            r#"{"status": "fail"}"#,
            r#"{"status": false}"#,
        ] {
            assert_eq!(kind(body, None), ErrorKind::ApiError, "{body}");
        }
    }

    #[test]
    fn missing_or_unusable_uuid_is_malformed_and_named() {
        for (body, needle) in [
            (
                r#"{"status":"success","code":200,"object":{}}"#,
                "no verification_call_uuid",
            ),
            (r#"{"Ok":true}"#, "no verification_call_uuid"),
            (
                r#"{"status":"success","object":{"verification_call_uuid":42}}"#,
                "a number, not a string",
            ),
            (
                r#"{"status":"success","object":{"verification_call_uuid":"nounderscore"}}"#,
                "not usable",
            ),
            (
                r#"{"status":"success","object":{"verification_call_uuid":"abc_x1"}}"#,
                "not usable",
            ),
        ] {
            let error = parse_confirmation_call_response(body, Some(200)).unwrap_err();
            assert_eq!(error.kind, ErrorKind::MalformedResponse, "{body}");
            assert!(error.message.contains(needle), "{}", error.message);
        }
    }

    #[test]
    fn malformed_bodies_keep_the_http_status() {
        for body in ["<html>", "{}", "[]"] {
            let error = parse_confirmation_call_response(body, Some(201)).unwrap_err();
            assert_eq!(
                (error.kind, error.status),
                (ErrorKind::MalformedResponse, Some(201)),
                "{body}"
            );
        }
        assert_eq!(
            parse_confirmation_call_response("<html>", None)
                .unwrap_err()
                .status,
            None
        );
    }

    #[test]
    fn the_token_never_survives_in_a_message_or_code_even_when_cut() {
        let token = "tok_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        let long = format!(
            r#"{{"status":"error","code":"{token}","message":"{} got {token}"}}"#,
            "x".repeat(170)
        );
        for status in [Some(401), Some(200)] {
            let error =
                parse_confirmation_call_response_hiding_token(&long, status, token).unwrap_err();
            assert!(!error.message.contains("tok_ABC"), "{}", error.message);
            assert_eq!(error.provider_code.as_deref(), Some("[token]"));
        }
        let short = r#"{"message":"Invalid token Bearer short7x"}"#;
        let error =
            parse_confirmation_call_response_hiding_token(short, Some(401), "short7x").unwrap_err();
        assert!(
            error.message.ends_with("Bearer [token]\""),
            "{}",
            error.message
        );
    }

    #[test]
    fn failure_status_is_quoted_once() {
        let error = parse_confirmation_call_response(r#"{"status":"error"}"#, None).unwrap_err();
        assert_eq!(
            error.message,
            r#"the provider says the request failed (status "error")"#
        );
    }

    #[test]
    fn byte_order_mark_and_padding_are_tolerated() {
        let body = format!("\u{feff}{EXAMPLE}");
        assert_eq!(
            parse_confirmation_call_response(&body, Some(200))
                .unwrap()
                .account_id,
            "117793"
        );
        let padded =
            r#"{"Ok":true,"caller_number":" 421900000000 ","verification_call_uuid":"a_1"}"#;
        assert_eq!(
            parse_confirmation_call_response(padded, None)
                .unwrap()
                .login_did
                .as_deref(),
            Some("421900000000")
        );
    }

    #[test]
    fn oversized_bodies_are_refused_unread() {
        let body = format!(r#"{{"pad":"{}"}}"#, "x".repeat(MAX_BODY_LENGTH));
        let error = parse_confirmation_call_response(&body, Some(200)).unwrap_err();
        assert_eq!(error.kind, ErrorKind::MalformedResponse);
        assert!(error.message.contains("longer than"), "{}", error.message);
        assert_eq!(
            parse_confirmation_call_response(&body, Some(500))
                .unwrap_err()
                .kind,
            ErrorKind::ServerError
        );
    }

    #[test]
    fn a_token_echoed_with_quotes_or_backslashes_or_as_the_uuid_stays_hidden() {
        let token = r#"to"k\en"#;
        let echoed =
            serde_json::json!({ "status": token, "message": token, "code": token }).to_string();
        let error =
            parse_confirmation_call_response_hiding_token(&echoed, Some(200), token).unwrap_err();
        assert!(
            !error.message.contains("to\"k") && !error.message.contains(r#"to\"k"#),
            "{}",
            error.message
        );
        assert!(error.message.contains("[token]"), "{}", error.message);
        let as_uuid =
            serde_json::json!({ "status": "success", "verification_call_uuid": token }).to_string();
        let error =
            parse_confirmation_call_response_hiding_token(&as_uuid, Some(200), token).unwrap_err();
        assert!(
            !error.message.contains("k\\en") && !error.message.contains("to\""),
            "{}",
            error.message
        );
    }

    #[test]
    fn success_places_name_their_fields() {
        for ((nested, top), name) in [
            (UUID, "verification_call_uuid"),
            (ACCOUNT_ID, "account_id"),
            (LOGIN_DID, "login_did"),
            (CALLER_NUMBER, "caller_number"),
        ] {
            assert_eq!(RESPONSE_FIELDS[nested], &["object", name][..]);
            assert_eq!(RESPONSE_FIELDS[top], &[name][..]);
        }
        assert_eq!(RESPONSE_FIELDS[OBJECT_CODE], &["object", "code"][..]);
    }

    #[test]
    fn http_status_must_be_a_status() {
        assert_eq!(http_status_from_number(200.0), Ok(200));
        for bad in [99.0, 600.0, 200.5, f64::NAN, f64::INFINITY, -200.0] {
            assert_eq!(
                http_status_from_number(bad).unwrap_err().kind,
                ErrorKind::MalformedResponse
            );
        }
    }
}
