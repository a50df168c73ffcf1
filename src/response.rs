//! The provider's answer to a confirmation-call request. The provider's page documents two
//! shapes: the example (`status`/`code`/`object`) and the prose (`Ok` with the fields at
//! the top level, `caller_number` standing for `login_did`); both are accepted.

use crate::error::{escape_text, hide_secret, quote_text, Error, ErrorKind, Result};
use crate::json::{self, Json, ObjectWriter};
use crate::verification_call_uuid::split_verification_call_uuid;

/// How much of the provider's own message an error quotes.
const MAX_PROVIDER_MESSAGE_CHARS: usize = 200;

/// A successful answer: the call is being placed.
#[derive(Debug, Clone, PartialEq, Eq)]
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

impl ConfirmationCallResponse {
    /// The result as the JSON object handed to JavaScript, as text.
    pub fn to_json_text(&self) -> String {
        ObjectWriter::default()
            .text("verificationCallUuid", &self.verification_call_uuid)
            .text("callId", &self.call_id)
            .text("accountId", &self.account_id)
            .optional_text("loginDid", self.login_did.as_deref())
            .optional_text("code", self.code.as_deref())
            .finish()
    }
}

/// Checks that an HTTP status passed in by the caller is one: a whole number 100–599.
pub fn http_status_from_number(status: f64) -> Result<u16> {
    if status.fract() == 0.0 && (100.0..=599.0).contains(&status) {
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

/// Reads the provider's answer: the HTTP status first (when known), then the body.
pub fn parse_confirmation_call_response(
    body: &str,
    http_status: Option<u16>,
) -> Result<ConfirmationCallResponse> {
    parse_response(body, http_status, None)
}

/// Reads the answer to a request made with `token`: as
/// [`parse_confirmation_call_response`], and no error quotes the token, even where the
/// provider's message or code echoes it.
pub fn parse_confirmation_call_response_hiding_token(
    body: &str,
    http_status: Option<u16>,
    token: &str,
) -> Result<ConfirmationCallResponse> {
    parse_response(body, http_status, Some(token))
}

fn parse_response(
    body: &str,
    http_status: Option<u16>,
    secret: Option<&str>,
) -> Result<ConfirmationCallResponse> {
    let malformed = |message: String| {
        Error::new(ErrorKind::MalformedResponse, message).with_status_if(http_status)
    };
    let body = body.strip_prefix('\u{feff}').unwrap_or(body);
    let parsed = if body.len() > MAX_BODY_LENGTH {
        None
    } else {
        Some(json::parse(body))
    };
    if let Some(status) = http_status.filter(|s| !(200..300).contains(s)) {
        let readable = parsed.as_ref().and_then(|p| p.as_ref().ok());
        return Err(http_status_error(status, readable, secret));
    }
    let body = match parsed {
        None => {
            return Err(malformed(format!(
                "response body is longer than {MAX_BODY_LENGTH} bytes"
            )))
        }
        Some(Err(e)) => {
            return Err(malformed(format!(
                "response body is not JSON ({} at byte {})",
                e.message, e.offset
            )))
        }
        Some(Ok(body)) => body,
    };
    if !matches!(body, Json::Object(_)) {
        return Err(malformed(format!(
            "response body is JSON {}, not an object",
            body.type_name()
        )));
    }
    if let Some(failure) = stated_failure(&body, secret) {
        let message = match provider_message(&body, secret) {
            Some(text) => format!("the provider says the request failed ({failure}): {text}"),
            None => format!("the provider says the request failed ({failure})"),
        };
        return Err(Error::new(ErrorKind::ApiError, message)
            .with_provider_code(provider_code(&body, secret))
            .with_status_if(http_status));
    }
    let fields = Fields { body: &body };
    let uuid =
        match fields.get("verification_call_uuid") {
            None | Some(Json::Null) => return Err(malformed(
                "response has no verification_call_uuid (looked in `object` and at the top level)"
                    .to_owned(),
            )),
            Some(Json::String(uuid)) => uuid.trim().to_owned(),
            Some(other) => {
                return Err(malformed(format!(
                    "response's verification_call_uuid is {}, not a string",
                    other.type_name()
                )))
            }
        };
    let parts = split_verification_call_uuid(&uuid).map_err(|e| {
        malformed(format!(
            "response's verification_call_uuid is not usable: {}",
            e.message
        ))
    })?;
    let account_id = fields
        .text("account_id")
        .filter(|id| id.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or(parts.account_id);
    Ok(ConfirmationCallResponse {
        verification_call_uuid: uuid,
        call_id: parts.call_id,
        account_id,
        login_did: fields
            .text("login_did")
            .or_else(|| fields.text("caller_number")),
        // Only `object.code`: at the top level `code` is the HTTP-like 200 of the example.
        code: body
            .get("object")
            .and_then(|o| o.text_field("code"))
            .map(|code| code.trim().to_owned()),
    })
}

/// The fields of a success body: in `object` (the example) or at the top level (the prose).
struct Fields<'a> {
    body: &'a Json,
}

impl Fields<'_> {
    fn get(&self, key: &str) -> Option<&Json> {
        self.body
            .get("object")
            .and_then(|object| object.get(key))
            .filter(|value| **value != Json::Null)
            .or_else(|| self.body.get(key))
    }

    fn text(&self, key: &str) -> Option<String> {
        self.get(key)
            .and_then(Json::to_text)
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
    }
}

/// The error for a non-2xx answer, with what the body says when it is a JSON object.
fn http_status_error(status: u16, body: Option<&Json>, secret: Option<&str>) -> Error {
    let (kind, what) = match status {
        401 | 403 => (ErrorKind::Unauthorized, "refused the token"),
        429 => (ErrorKind::RateLimited, "is limiting the request rate"),
        500..=599 => (ErrorKind::ServerError, "failed"),
        _ => (ErrorKind::Rejected, "rejected the request"),
    };
    let mut message = format!("the provider {what} (HTTP {status})");
    if let Some(text) = body.and_then(|b| provider_message(b, secret)) {
        message.push_str(": ");
        message.push_str(&text);
    }
    Error::new(kind, message)
        .with_status(status)
        .with_provider_code(body.and_then(|b| provider_code(b, secret)))
}

/// How a body says it failed: `status` other than "success", or `ok`/`Ok` false.
fn stated_failure(body: &Json, secret: Option<&str>) -> Option<String> {
    match body.get("status") {
        None | Some(Json::Null) => {}
        Some(Json::String(s))
            if s.eq_ignore_ascii_case("success") || s.eq_ignore_ascii_case("ok") => {}
        Some(Json::Bool(true)) => {}
        Some(other) => {
            let shown = hide_secret(&other.to_json_text(), secret);
            return Some(format!("status {}", escape_text(&shown, 40)));
        }
    }
    for key in ["ok", "Ok", "OK"] {
        let failed = match body.get(key) {
            Some(Json::Bool(false)) => true,
            Some(Json::String(s)) => s.eq_ignore_ascii_case("false"),
            Some(Json::Number(n)) => n == "0",
            _ => false,
        };
        if failed {
            return Some(format!("{key} false"));
        }
    }
    None
}

/// The provider's human-readable message in an error body, under the usual names; the
/// secret is hidden before the message is cut to length.
fn provider_message(body: &Json, secret: Option<&str>) -> Option<String> {
    let candidates = [
        body.get("message"),
        body.get("error"),
        body.get("error").and_then(|e| e.get("message")),
        body.get("detail"),
        body.get("description"),
        body.get("object").and_then(|o| o.get("message")),
    ];
    candidates
        .into_iter()
        .flatten()
        .filter_map(Json::as_str)
        .find(|s| !s.trim().is_empty())
        .map(|s| quote_text(&hide_secret(s.trim(), secret), MAX_PROVIDER_MESSAGE_CHARS))
}

/// The body's `code`, as text, with the secret hidden.
fn provider_code(body: &Json, secret: Option<&str>) -> Option<String> {
    body.text_field("code")
        .map(|code| hide_secret(code.trim(), secret))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The provider's success example, character for character.
    const EXAMPLE: &str = include_str!("../tests/fixtures/confirmation-call-success.json");

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
        assert_eq!(
            response.to_json_text(),
            r#"{"verificationCallUuid":"119214e015ed_117793","callId":"119214e015ed","accountId":"117793","loginDid":"7777777777","code":"2463"}"#
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
