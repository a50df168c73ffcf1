//! The call-detail record (CDR) the provider delivers to the account owner's webhook. The
//! owner writes the body template in the provider's dashboard (JSON or plain text), and
//! the provider can also send it as GET query parameters. Reading those forms is the
//! caller's part (the JavaScript layer uses the engine's `JSON.parse` and `URLSearchParams`;
//! a Rust server uses serde); the core checks the three fields and interprets them.

#[allow(unused_imports)]
use crate::prelude::*;

use alloc::borrow::Cow;

use crate::call_status::{
    final_status_borrowed, interpret_call_status, q931_status_from_number, q931_status_from_text,
    CallStatus, Locale,
};
use crate::error::{Error, ErrorKind, Result};
use crate::field::{Field, FieldRef};
use crate::verification_call_uuid::{split_parts, VerificationCallUuid};

/// The fields of a webhook delivery the provider documents; any others are not read.
///
/// With the `serde` feature it deserializes from any self-describing format, so a Rust
/// server reads the body with serde_json (or serde_urlencoded) and gets the same outcome
/// as the JavaScript package:
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use kompaas_confirmation_call::{parse_call_webhook, Locale, Outcome, WebhookPayload};
///
/// let body = r#"{"verification_call_uuid":"fa278be48dc2_117793","q931_status":16,"final_status":"ANSWER"}"#;
/// let payload: WebhookPayload = serde_json::from_str(body).unwrap();
/// let webhook = parse_call_webhook(&payload, Locale::En).unwrap();
/// assert_eq!(webhook.status.outcome, Outcome::Answered);
/// assert_eq!(webhook.uuid_parts.account_id, "117793");
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Deserialize))]
pub struct WebhookPayload {
    /// The key of the call, as the API's answer named it.
    #[cfg_attr(feature = "serde", serde(default))]
    pub verification_call_uuid: Field,
    /// The Q.850 cause value, as a number or digits.
    #[cfg_attr(feature = "serde", serde(default))]
    pub q931_status: Field,
    /// `ANSWER`, `CANCEL`, …; optional.
    #[cfg_attr(feature = "serde", serde(default))]
    pub final_status: Field,
}

/// A webhook delivery, read and interpreted.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct CallWebhook {
    /// The uuid as received, trimmed.
    pub verification_call_uuid: String,
    /// Its call id and account id.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub uuid_parts: VerificationCallUuid,
    /// `q931_status` and `final_status`, interpreted.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub status: CallStatus,
}

fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidWebhook, message)
}

/// Payloads longer than this are refused unread: a call-detail record is a few hundred
/// bytes, and wasm memory, once grown, is never given back.
pub const MAX_PAYLOAD_LENGTH: usize = 256 * 1024;

/// Checks the payload's fields and interprets the call's status.
pub fn parse_call_webhook(payload: &WebhookPayload, locale: Locale) -> Result<CallWebhook> {
    let checked = check_webhook_fields(
        payload.verification_call_uuid.view(),
        payload.q931_status.view(),
        payload.final_status.view(),
    )?;
    Ok(CallWebhook {
        verification_call_uuid: checked.verification_call_uuid.to_owned(),
        uuid_parts: VerificationCallUuid {
            call_id: checked.call_id.to_owned(),
            account_id: checked.account_id.to_owned(),
        },
        status: interpret_call_status(
            checked.q931_status,
            checked.final_status.map(Cow::into_owned),
            locale,
        ),
    })
}

/// A webhook's fields, checked, as pieces of the payload's own text where they can be.
pub(crate) struct CheckedWebhook<'a> {
    /// The uuid, trimmed.
    pub(crate) verification_call_uuid: &'a str,
    pub(crate) call_id: &'a str,
    pub(crate) account_id: &'a str,
    pub(crate) q931_status: u8,
    /// Upper-cased; borrowed when it already was.
    pub(crate) final_status: Option<Cow<'a, str>>,
}

/// Checks the payload's three fields, seen through borrows, copying nothing:
/// [`parse_call_webhook`] without the result's own strings (the JavaScript
/// boundary reads them where they are).
pub(crate) fn check_webhook_fields<'a>(
    verification_call_uuid: FieldRef<'a>,
    q931_status: FieldRef<'a>,
    final_status: FieldRef<'a>,
) -> Result<CheckedWebhook<'a>> {
    let verification_call_uuid = match verification_call_uuid {
        FieldRef::Text(uuid) => crate::ascii::trim(uuid),
        absent if absent.is_absent() => {
            return Err(invalid("webhook has no verification_call_uuid"))
        }
        other => {
            return Err(invalid(text!(
                "webhook field verification_call_uuid is ",
                other.type_name(),
                ", not a string"
            )))
        }
    };
    let (call_id, account_id) = split_parts(verification_call_uuid).map_err(webhook_field_error)?;
    let q931_status = match q931_status {
        FieldRef::Number(number) => {
            q931_status_from_number(number, "q931_status").map_err(webhook_field_error)
        }
        FieldRef::Text(text) => {
            q931_status_from_text(text, "q931_status").map_err(webhook_field_error)
        }
        absent if absent.is_absent() => Err(invalid(
            "webhook has no q931_status (it is missing or null)",
        )),
        other => Err(invalid(text!(
            "webhook field q931_status is ",
            other.type_name(),
            ", not a number"
        ))),
    }?;
    let final_status = match final_status {
        FieldRef::Text(text) => {
            final_status_borrowed(text, "final_status").map_err(webhook_field_error)?
        }
        absent if absent.is_absent() => None,
        other => {
            return Err(invalid(text!(
                "webhook field final_status is ",
                other.type_name(),
                ", not a string"
            )))
        }
    };
    Ok(CheckedWebhook {
        verification_call_uuid,
        call_id,
        account_id,
        q931_status,
        final_status,
    })
}

/// An error about one of the payload's fields, whose message starts with the field's
/// name, as an `invalid_webhook` error.
fn webhook_field_error(error: Error) -> Error {
    invalid(text!("webhook field ", error.message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call_status::Outcome;

    fn text(s: &str) -> Field {
        Field::Text(s.to_owned())
    }

    fn payload(uuid: Field, q931: Field, final_status: Field) -> WebhookPayload {
        WebhookPayload {
            verification_call_uuid: uuid,
            q931_status: q931,
            final_status,
        }
    }

    fn parse(p: WebhookPayload) -> Result<CallWebhook> {
        parse_call_webhook(&p, Locale::En)
    }

    #[test]
    fn reads_the_providers_fields() {
        let webhook = parse(payload(
            text(" fa278be48dc2_117793 "),
            Field::Number(16.0),
            text("ANSWER"),
        ))
        .unwrap();
        assert_eq!(webhook.verification_call_uuid, "fa278be48dc2_117793");
        assert_eq!(webhook.uuid_parts.call_id, "fa278be48dc2");
        assert_eq!(webhook.uuid_parts.account_id, "117793");
        assert_eq!(webhook.status.outcome, Outcome::Answered);
    }

    #[test]
    fn values_may_be_strings_or_numbers() {
        let webhook = parse(payload(text("a_1"), text("17"), text("cancel"))).unwrap();
        assert_eq!(webhook.status.outcome, Outcome::Busy);
        assert_eq!(webhook.status.final_status.as_deref(), Some("CANCEL"));
    }

    #[test]
    fn final_status_is_optional() {
        let webhook = parse(payload(text("a_1"), Field::Number(41.0), Field::Missing)).unwrap();
        assert_eq!(webhook.status.final_status, None);
        assert_eq!(webhook.status.outcome, Outcome::BillingProblem);
        let webhook = parse(payload(text("a_1"), Field::Number(16.0), Field::Null)).unwrap();
        assert_eq!(webhook.status.outcome, Outcome::NoAnswer);
    }

    #[test]
    fn missing_or_invalid_fields_are_named() {
        for (p, needle) in [
            (
                payload(Field::Missing, Field::Number(16.0), Field::Missing),
                "no verification_call_uuid",
            ),
            (
                payload(text("a_1"), Field::Missing, Field::Missing),
                "no q931_status",
            ),
            (
                payload(Field::Number(5.0), Field::Number(16.0), Field::Missing),
                "verification_call_uuid is a number",
            ),
            (
                payload(text("nope"), Field::Number(16.0), Field::Missing),
                "verification_call_uuid \"nope\"",
            ),
            (
                payload(text("a_1"), text("{{q931_status}}"), Field::Missing),
                "field q931_status",
            ),
            (
                payload(text("a_1"), Field::Number(200.0), Field::Missing),
                "field q931_status",
            ),
            (
                payload(text("a_1"), Field::Bool(true), Field::Missing),
                "q931_status is a boolean",
            ),
            (
                payload(text("a_1"), Field::Number(16.0), Field::Number(1.0)),
                "final_status is a number",
            ),
            (
                payload(text("a_1"), Field::Number(16.0), text("AN\nSWER")),
                "field final_status",
            ),
        ] {
            let error = parse(p.clone()).unwrap_err();
            assert_eq!(error.kind, ErrorKind::InvalidWebhook, "{p:?}");
            assert!(error.message.contains(needle), "{p:?}: {}", error.message);
        }
    }

    #[test]
    fn descriptions_follow_the_locale() {
        let webhook = parse_call_webhook(
            &payload(text("a_1"), Field::Number(17.0), Field::Missing),
            Locale::Sk,
        )
        .unwrap();
        assert_eq!(webhook.status.description, "Obsadené.");
    }

    #[cfg(feature = "serde")]
    #[test]
    fn a_rust_server_reads_json_and_form_bodies_with_serde() {
        let json: WebhookPayload = serde_json::from_str(
            r#"{"verification_call_uuid":"a_1","q931_status":"16","final_status":"ANSWER","extra":{"x":[1]}}"#,
        )
        .unwrap();
        let webhook = parse_call_webhook(&json, Locale::En).unwrap();
        assert_eq!(webhook.status.outcome, Outcome::Answered);
        let value = serde_json::to_value(&webhook).unwrap();
        assert_eq!(value["outcome"], "answered");
        assert_eq!(value["confirmed"], true);
        assert_eq!(value["callId"], "a");
        assert_eq!(value["q931Status"], 16);
        let missing: WebhookPayload = serde_json::from_str(r#"{"q931_status":16}"#).unwrap();
        assert_eq!(
            parse_call_webhook(&missing, Locale::En).unwrap_err().kind,
            ErrorKind::InvalidWebhook
        );
    }
}
