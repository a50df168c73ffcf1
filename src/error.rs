//! The one error type of the library, and its kinds.

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;

/// What went wrong, as the `kind` string of a JavaScript `ConfirmationCallError`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The phone number is not an international number.
    InvalidPhoneNumber,
    /// The token is empty or not visible ASCII.
    InvalidToken,
    /// The base URL is not an https base URL (http only for loopback).
    InvalidBaseUrl,
    /// A `verification_call_uuid` does not split.
    InvalidUuid,
    /// A cause value is not 0–127, or a final status not a status.
    InvalidStatus,
    /// A webhook payload lacks or mangles a field.
    InvalidWebhook,
    /// HTTP 401 or 403.
    Unauthorized,
    /// HTTP 429.
    RateLimited,
    /// HTTP 5xx.
    ServerError,
    /// Any other non-2xx HTTP status.
    Rejected,
    /// The body is not a JSON object, or has no usable uuid.
    MalformedResponse,
    /// The body says the request failed.
    ApiError,
    /// `fetch` rejected.
    Network,
    /// No answer in time; the call may still have been placed.
    Timeout,
    /// The caller's signal fired.
    Aborted,
}

impl ErrorKind {
    /// Every kind, in the order of docs/contract.md ("Errors").
    pub const ALL: [ErrorKind; 15] = [
        ErrorKind::InvalidPhoneNumber,
        ErrorKind::InvalidToken,
        ErrorKind::InvalidBaseUrl,
        ErrorKind::InvalidUuid,
        ErrorKind::InvalidStatus,
        ErrorKind::InvalidWebhook,
        ErrorKind::Unauthorized,
        ErrorKind::RateLimited,
        ErrorKind::ServerError,
        ErrorKind::Rejected,
        ErrorKind::MalformedResponse,
        ErrorKind::ApiError,
        ErrorKind::Network,
        ErrorKind::Timeout,
        ErrorKind::Aborted,
    ];

    /// The stable snake_case name JavaScript code matches on.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidPhoneNumber => "invalid_phone_number",
            ErrorKind::InvalidToken => "invalid_token",
            ErrorKind::InvalidBaseUrl => "invalid_base_url",
            ErrorKind::InvalidUuid => "invalid_uuid",
            ErrorKind::InvalidStatus => "invalid_status",
            ErrorKind::InvalidWebhook => "invalid_webhook",
            ErrorKind::Unauthorized => "unauthorized",
            ErrorKind::RateLimited => "rate_limited",
            ErrorKind::ServerError => "server_error",
            ErrorKind::Rejected => "rejected",
            ErrorKind::MalformedResponse => "malformed_response",
            ErrorKind::ApiError => "api_error",
            ErrorKind::Network => "network",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Aborted => "aborted",
        }
    }
}

/// A failure with its kind, a message for people, and what the provider said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Says what was wrong and with which field; never contains the token.
    pub message: String,
    /// The HTTP status, where there was one.
    pub status: Option<u16>,
    /// The provider's `code` from the body, where there was one.
    pub provider_code: Option<String>,
}

impl Error {
    /// An error of `kind` with `message` and nothing from the provider.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            status: None,
            provider_code: None,
        }
    }

    /// The same error carrying the HTTP status.
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// The same error carrying the HTTP status, when there was one.
    pub fn with_status_if(self, status: Option<u16>) -> Self {
        match status {
            Some(status) => self.with_status(status),
            None => self,
        }
    }

    /// The same error carrying the provider's `code`, when it had one.
    pub fn with_provider_code(mut self, code: Option<String>) -> Self {
        self.provider_code = code;
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.as_str(), self.message)
    }
}

impl core::error::Error for Error {}

/// The library's result type.
pub type Result<T> = core::result::Result<T, Error>;

/// Quotes a piece of user input for an error message: at most 40 characters, control
/// characters escaped, so a megabyte string or a CR/LF never lands in a log line whole.
pub(crate) fn quote_input(input: &str) -> String {
    quote_text(input, 40)
}

/// Quotes text for an error message, cut after `max_chars` characters, control
/// characters escaped as JavaScript writes them (`\n`, `\u0000`).
pub(crate) fn quote_text(input: &str, max_chars: usize) -> String {
    text!("\"", escape_text(input, max_chars), "\"")
}

/// Text for an error message without quotes: cut after `max_chars` characters (marked
/// with `…`), control characters escaped.
pub(crate) fn escape_text(input: &str, max_chars: usize) -> String {
    let mut escaped = String::new();
    for (count, c) in input.chars().enumerate() {
        if count == max_chars {
            escaped.push('…');
            break;
        }
        match c {
            '\n' => escaped.push_str("\\n"),
            '\r' => escaped.push_str("\\r"),
            '\t' => escaped.push_str("\\t"),
            c if c.is_control() => {
                escaped.push_str("\\u");
                escaped.push_str(&hex(u32::from(c), b"0123456789abcdef"));
            }
            c => escaped.push(c),
        }
    }
    escaped
}

/// `value` in hexadecimal with at least four digits (`000a`), written with `digits`
/// (lower or upper case).
pub(crate) fn hex(value: u32, digits: &[u8; 16]) -> String {
    let mut text = String::new();
    let mut shift = 28;
    while shift > 12 && value >> shift == 0 {
        shift -= 4;
    }
    loop {
        let digit = digits
            .get((value >> shift & 15) as usize)
            .copied()
            .unwrap_or(b'0');
        text.push(char::from(digit));
        if shift == 0 {
            return text;
        }
        shift -= 4;
    }
}

/// `text` with every occurrence of `secret` replaced by `[token]`: foreign text (the
/// provider's message, a runtime's error) may echo the token, and it is hidden before
/// the text is cut to length, so no part of it survives the cut.
pub(crate) fn hide_secret(text: &str, secret: Option<&str>) -> String {
    match secret {
        Some(secret) if !secret.is_empty() => replace_all(text, secret, "[token]"),
        _ => text.to_owned(),
    }
}

/// `text` with every occurrence of `needle` replaced, left to right. Both are bounded by
/// the caller's length limits (4096 code units), so the simple scan stays cheap; it keeps
/// core's substring searcher, and the panic paths it drags in, out of the wasm
/// (docs/decisions/size.md).
fn replace_all(text: &str, needle: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if rest.as_bytes().starts_with(needle.as_bytes()) {
            out.push_str(with);
            rest = rest.get(needle.len()..).unwrap_or_default();
        } else {
            let next = rest.chars().next().map_or(1, char::len_utf8);
            out.push_str(rest.get(..next).unwrap_or_default());
            rest = rest.get(next..).unwrap_or_default();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_are_the_contract_names() {
        let names: Vec<&str> = ErrorKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "invalid_phone_number",
                "invalid_token",
                "invalid_base_url",
                "invalid_uuid",
                "invalid_status",
                "invalid_webhook",
                "unauthorized",
                "rate_limited",
                "server_error",
                "rejected",
                "malformed_response",
                "api_error",
                "network",
                "timeout",
                "aborted",
            ]
        );
    }

    #[test]
    fn hex_has_at_least_four_digits_as_format_writes_them() {
        for value in [0, 0x1f, 0x7f, 0xfeff, 0x1_0000, 0x10_ffff] {
            assert_eq!(hex(value, b"0123456789abcdef"), format!("{value:04x}"));
            assert_eq!(hex(value, b"0123456789ABCDEF"), format!("{value:04X}"));
        }
    }

    #[test]
    fn quoted_input_is_short_and_escaped() {
        assert_eq!(quote_input("a\r\nb\u{0}"), "\"a\\r\\nb\\u0000\"");
        let long = "x".repeat(1000);
        assert_eq!(quote_input(&long).chars().count(), 43);
    }

    // proptest is a dev-dependency of the host build only.
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn replacing_is_std_replace(text in ".{0,60}", needle in ".{1,4}") {
            proptest::prop_assert_eq!(replace_all(&text, &needle, "[token]"), text.replace(&needle, "[token]"));
        }

        #[test]
        fn replacing_a_piece_of_the_text_is_std_replace(text in "[ab]{0,40}", start in 0usize..40, len in 1usize..6) {
            let needle: String = text.chars().skip(start).take(len).collect();
            if !needle.is_empty() {
                proptest::prop_assert_eq!(replace_all(&text, &needle, "[token]"), text.replace(&needle, "[token]"));
            }
        }
    }

    #[test]
    fn secrets_are_hidden_in_foreign_text() {
        assert_eq!(
            hide_secret("bad Bearer s3cr3t!", Some("s3cr3t!")),
            "bad Bearer [token]"
        );
        assert_eq!(hide_secret("text", Some("")), "text");
        assert_eq!(hide_secret("text", None), "text");
    }
}
