//! The call-detail record (CDR) the provider delivers to the account owner's webhook. The
//! owner writes the body template in the provider's dashboard (JSON or plain text), and
//! the provider can also send it as GET query parameters, so every form is read here.

use crate::call_status::{
    final_status_from_text, interpret_call_status, q931_status_from_text, CallStatus, Locale,
};
use crate::error::{Error, ErrorKind, Result};
use crate::json::{self, Json, ObjectWriter};
use crate::verification_call_uuid::{split_verification_call_uuid, VerificationCallUuid};

/// A webhook delivery, read and interpreted.
#[derive(Debug, Clone, PartialEq)]
pub struct CallWebhook {
    /// The uuid as received, trimmed.
    pub verification_call_uuid: String,
    /// Its call id and account id.
    pub uuid_parts: VerificationCallUuid,
    /// `q931_status` and `final_status`, interpreted.
    pub status: CallStatus,
    /// Every field the payload carried, as received.
    pub data: Json,
}

impl CallWebhook {
    /// The result as the JSON object handed to JavaScript, as text.
    pub fn to_json_text(&self) -> String {
        let object = ObjectWriter::default()
            .text("verificationCallUuid", &self.verification_call_uuid)
            .text("callId", &self.uuid_parts.call_id)
            .text("accountId", &self.uuid_parts.account_id);
        self.status
            .write_fields(object)
            .value("data", &self.data)
            .finish()
    }
}

fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidWebhook, message)
}

/// Payloads longer than this are refused unread: a call-detail record is a few hundred
/// bytes, and wasm memory, once grown, is never given back.
pub const MAX_PAYLOAD_LENGTH: usize = 256 * 1024;

/// Reads a payload given as text: a JSON object, form or query text
/// (`verification_call_uuid=…&q931_status=16`, with or without a leading `?`, or the whole
/// request URL or path, as in Node's `req.url`), or `key=value` lines.
pub fn parse_call_webhook_text(text: &str, locale: Locale) -> Result<CallWebhook> {
    if text.len() > MAX_PAYLOAD_LENGTH {
        return Err(invalid(format!(
            "webhook payload is longer than {MAX_PAYLOAD_LENGTH} bytes"
        )));
    }
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.is_empty() {
        return Err(invalid("webhook payload is empty"));
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let data = json::parse(trimmed).map_err(|e| {
            invalid(format!(
                "webhook payload is not valid JSON ({} at byte {})",
                e.message, e.offset
            ))
        })?;
        return parse_call_webhook_json(data, locale);
    }
    let is_address = ["http://", "https://", "/"]
        .iter()
        .any(|p| trimmed.starts_with(p));
    let query = if is_address {
        trimmed.split_once('?').map_or("", |(_, query)| query)
    } else {
        trimmed.strip_prefix('?').unwrap_or(trimmed)
    };
    let query = query.split_once('#').map_or(query, |(query, _)| query);
    parse_call_webhook_json(form_fields(query), locale)
}

/// Reads a payload given as a JSON object.
pub fn parse_call_webhook_json(data: Json, locale: Locale) -> Result<CallWebhook> {
    if !matches!(data, Json::Object(_)) {
        return Err(invalid(format!(
            "webhook payload is {}, not an object with verification_call_uuid and q931_status",
            data.type_name()
        )));
    }
    let verification_call_uuid = match data.get("verification_call_uuid") {
        None | Some(Json::Null) => return Err(invalid("webhook has no verification_call_uuid")),
        Some(Json::String(uuid)) => uuid.trim().to_owned(),
        Some(other) => {
            return Err(invalid(format!(
                "webhook field verification_call_uuid is {}, not a string",
                other.type_name()
            )))
        }
    };
    let uuid_parts =
        split_verification_call_uuid(&verification_call_uuid).map_err(webhook_field_error)?;
    let q931_status = match data.get("q931_status") {
        None | Some(Json::Null) => {
            return Err(invalid(
                "webhook has no q931_status (it is missing or null)",
            ))
        }
        Some(Json::Number(n)) => json::whole_number_text(n)
            .ok_or_else(|| {
                invalid(format!(
                    "webhook field q931_status {n} is not a whole number from 0 to 127"
                ))
            })
            .and_then(|digits| {
                q931_status_from_text(&digits, "q931_status").map_err(webhook_field_error)
            }),
        Some(Json::String(s)) => {
            q931_status_from_text(s, "q931_status").map_err(webhook_field_error)
        }
        Some(other) => Err(invalid(format!(
            "webhook field q931_status is {}, not a number",
            other.type_name()
        ))),
    }?;
    let final_status = match data.get("final_status") {
        None | Some(Json::Null) => None,
        Some(Json::String(s)) => {
            final_status_from_text(s, "final_status").map_err(webhook_field_error)?
        }
        Some(other) => {
            return Err(invalid(format!(
                "webhook field final_status is {}, not a string",
                other.type_name()
            )))
        }
    };
    Ok(CallWebhook {
        verification_call_uuid,
        uuid_parts,
        status: interpret_call_status(q931_status, final_status, locale),
        data,
    })
}

/// An error about one of the payload's fields, whose message starts with the field's
/// name, as an `invalid_webhook` error.
fn webhook_field_error(error: Error) -> Error {
    invalid(format!("webhook field {}", error.message))
}

/// The fields of form text (`a=1&b=2`) or `key=value` lines, percent-decoded; the first
/// of repeated names wins, as `URLSearchParams.get` does.
fn form_fields(text: &str) -> Json {
    let mut members: Vec<(String, Json)> = Vec::new();
    for pair in text.split(['&', '\n']) {
        let pair = pair.trim_end_matches('\r');
        if pair.is_empty() {
            continue;
        }
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = percent_decode(name);
        if !members.iter().any(|(existing, _)| *existing == name) {
            members.push((name, Json::String(percent_decode(value))));
        }
    }
    Json::Object(members)
}

/// Decodes `application/x-www-form-urlencoded` text: `+` is a space, `%XX` a byte; a `%`
/// not followed by two hex digits stays as it is, as in `URLSearchParams`.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |at: usize| bytes.get(at).and_then(|&h| (h as char).to_digit(16));
        match (b, hex(i + 1), hex(i + 2)) {
            (b'%', Some(high), Some(low)) => {
                // Two hex digits make at most 255.
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call_status::Outcome;

    fn parse(text: &str) -> Result<CallWebhook> {
        parse_call_webhook_text(text, Locale::En)
    }

    #[test]
    fn reads_the_providers_fields_from_json() {
        let webhook = parse(r#"{"verification_call_uuid":"fa278be48dc2_117793","q931_status":16,"final_status":"ANSWER","duration":7}"#).unwrap();
        assert_eq!(webhook.verification_call_uuid, "fa278be48dc2_117793");
        assert_eq!(webhook.uuid_parts.call_id, "fa278be48dc2");
        assert_eq!(webhook.uuid_parts.account_id, "117793");
        assert_eq!(webhook.status.outcome, Outcome::Answered);
        assert_eq!(
            webhook.data.get("duration"),
            Some(&Json::Number("7".into()))
        );
        let text = webhook.to_json_text();
        assert!(text.starts_with(r#"{"verificationCallUuid":"fa278be48dc2_117793","callId":"fa278be48dc2","accountId":"117793","outcome":"answered","confirmed":true,"q931Status":16,"finalStatus":"ANSWER","cause":"normal call clearing","description":"The call was answered.","data":{"#), "{text}");
    }

    #[test]
    fn values_may_be_strings_or_numbers() {
        let webhook =
            parse(r#"{"verification_call_uuid":"a_1","q931_status":"17","final_status":"cancel"}"#)
                .unwrap();
        assert_eq!(webhook.status.outcome, Outcome::Busy);
        assert_eq!(webhook.status.final_status.as_deref(), Some("CANCEL"));
    }

    #[test]
    fn reads_form_and_query_text() {
        for text in [
            "verification_call_uuid=fa278be48dc2_117793&q931_status=16&final_status=ANSWER",
            "?verification_call_uuid=fa278be48dc2_117793&q931_status=16&final_status=ANSWER",
            "https://example.com/hook?verification_call_uuid=fa278be48dc2%5F117793&q931_status=16&final_status=ANSWER#x",
            "/webhooks/kompaas/s3cret?verification_call_uuid=fa278be48dc2_117793&q931_status=16&final_status=ANSWER",
            "\u{feff}{\"verification_call_uuid\":\"fa278be48dc2_117793\",\"q931_status\":16,\"final_status\":\"ANSWER\"}",
            "verification_call_uuid=fa278be48dc2_117793\r\nq931_status=16\r\nfinal_status=ANSWER\r\n",
        ] {
            let webhook = parse(text).unwrap();
            assert_eq!(webhook.verification_call_uuid, "fa278be48dc2_117793", "{text}");
            assert_eq!(webhook.status.outcome, Outcome::Answered, "{text}");
        }
    }

    #[test]
    fn form_values_are_percent_decoded_and_first_wins() {
        let webhook =
            parse("verification_call_uuid=a_1&q931_status=16&q931_status=17&note=a+b%20c%zz%C3%A9")
                .unwrap();
        assert_eq!(webhook.status.q931_status, 16);
        assert_eq!(
            webhook.data.get("note"),
            Some(&Json::String("a b c%zzé".into()))
        );
        assert_eq!(
            webhook.data.get("q931_status"),
            Some(&Json::String("16".into()))
        );
    }

    #[test]
    fn final_status_is_optional() {
        let webhook = parse(r#"{"verification_call_uuid":"a_1","q931_status":41}"#).unwrap();
        assert_eq!(webhook.status.final_status, None);
        assert_eq!(webhook.status.outcome, Outcome::BillingProblem);
        let webhook =
            parse(r#"{"verification_call_uuid":"a_1","q931_status":16,"final_status":null}"#)
                .unwrap();
        assert_eq!(webhook.status.outcome, Outcome::NoAnswer);
    }

    #[test]
    fn missing_or_invalid_fields_are_named() {
        for (text, needle) in [
            ("", "empty"),
            ("{", "not valid JSON"),
            ("[1]", "an array"),
            (r#"{"q931_status":16}"#, "no verification_call_uuid"),
            (r#"{"verification_call_uuid":"a_1"}"#, "no q931_status"),
            (
                r#"{"verification_call_uuid":5,"q931_status":16}"#,
                "verification_call_uuid is a number",
            ),
            (
                r#"{"verification_call_uuid":"nope","q931_status":16}"#,
                "verification_call_uuid \"nope\"",
            ),
            (
                r#"{"verification_call_uuid":"a_1","q931_status":"{{q931_status}}"}"#,
                "field q931_status",
            ),
            (
                r#"{"verification_call_uuid":"a_1","q931_status":200}"#,
                "field q931_status",
            ),
            (
                r#"{"verification_call_uuid":"a_1","q931_status":true}"#,
                "q931_status is a boolean",
            ),
            (
                r#"{"verification_call_uuid":"a_1","q931_status":16,"final_status":1}"#,
                "final_status is a number",
            ),
            (
                r#"{"verification_call_uuid":"a_1","q931_status":16,"final_status":"AN\nSWER"}"#,
                "field final_status",
            ),
            ("q931_status=16", "no verification_call_uuid"),
            ("just some text", "no verification_call_uuid"),
        ] {
            let error = parse(text).unwrap_err();
            assert_eq!(error.kind, ErrorKind::InvalidWebhook, "{text:?}");
            assert!(
                error.message.contains(needle),
                "{text:?}: {}",
                error.message
            );
        }
    }

    #[test]
    fn oversized_payloads_are_refused_unread() {
        let text = format!(
            r#"{{"verification_call_uuid":"a_1","q931_status":16,"pad":"{}"}}"#,
            "x".repeat(MAX_PAYLOAD_LENGTH)
        );
        let error = parse(&text).unwrap_err();
        assert_eq!(error.kind, ErrorKind::InvalidWebhook);
        assert!(error.message.contains("longer than"), "{}", error.message);
    }

    #[test]
    fn descriptions_follow_the_locale() {
        let webhook = parse_call_webhook_text(
            r#"{"verification_call_uuid":"a_1","q931_status":17}"#,
            Locale::Sk,
        )
        .unwrap();
        assert_eq!(webhook.status.description, "Obsadené.");
    }
}
