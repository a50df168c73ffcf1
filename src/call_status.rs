//! What a call's `q931_status` and `final_status` mean, by the provider's table
//! ("Callback — stav autorizačného hovoru" on the provider's page).

#[allow(unused_imports)]
use crate::prelude::*;
use alloc::borrow::Cow;

use crate::error::{quote_input, Error, ErrorKind, Result};

/// The outcome of a confirmation call, as the application acts on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Outcome {
    /// 16 + ANSWER: the customer picked up.
    Answered,
    /// 16 without ANSWER: not picked up.
    NoAnswer,
    /// 17: the line was busy.
    Busy,
    /// 31: another operator rejected the call.
    Rejected,
    /// 41: not made, a billing problem on the account.
    BillingProblem,
    /// Any other cause: the number is not reachable.
    Unreachable,
}

/// The language of a description.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Locale {
    /// English.
    #[default]
    En,
    /// Slovak.
    Sk,
}

/// The provider's meaning of each outcome, for an end user: (outcome, English, Slovak).
/// The Slovak texts follow the provider's own page.
const DESCRIPTIONS: [(Outcome, &str, &str); 6] = [
    (
        Outcome::Answered,
        "The call was answered.",
        "Hovor bol prijatý.",
    ),
    (
        Outcome::NoAnswer,
        "The call was not answered.",
        "Hovor nebol prijatý.",
    ),
    (Outcome::Busy, "The line was busy.", "Obsadené."),
    (
        Outcome::Rejected,
        "The call did not go through: another operator rejected it.",
        "Hovor neprešiel v systéme, odmietol ho iný operátor.",
    ),
    (
        Outcome::BillingProblem,
        "The call was not made because of a billing problem on the account.",
        "Hovor sa neuskutočnil z dôvodu problémov s fakturáciou.",
    ),
    (
        Outcome::Unreachable,
        "The number is not reachable.",
        "Číslo nie je dostupné.",
    ),
];

impl Outcome {
    /// The outcome's name in the JavaScript API.
    pub const fn as_str(self) -> &'static str {
        match self {
            Outcome::Answered => "answered",
            Outcome::NoAnswer => "no_answer",
            Outcome::Busy => "busy",
            Outcome::Rejected => "rejected",
            Outcome::BillingProblem => "billing_problem",
            Outcome::Unreachable => "unreachable",
        }
    }

    /// The provider's table: 16 + ANSWER answered, 16 otherwise not answered, 17 busy,
    /// 31 rejected by another operator, 41 billing problem, every other cause unreachable.
    pub fn from_status(q931_status: u8, final_status: Option<&str>) -> Outcome {
        match q931_status {
            16 if final_status == Some("ANSWER") => Outcome::Answered,
            16 => Outcome::NoAnswer,
            17 => Outcome::Busy,
            31 => Outcome::Rejected,
            41 => Outcome::BillingProblem,
            _ => Outcome::Unreachable,
        }
    }

    /// The provider's meaning of the outcome in `locale`.
    pub fn description(self, locale: Locale) -> &'static str {
        DESCRIPTIONS
            .iter()
            .find(|(outcome, _, _)| *outcome == self)
            .map_or("", |&(_, en, sk)| match locale {
                Locale::En => en,
                Locale::Sk => sk,
            })
    }
}

impl Locale {
    /// The locale for a language tag: `sk`, `sk-SK` and `SK` are Slovak; any other tag
    /// falls back to English, as `Intl` falls back to its default.
    pub fn from_tag(tag: &str) -> Locale {
        let tag = tag.trim();
        let end = tag.bytes().position(|b| b == b'-' || b == b'_');
        let language = tag.get(..end.unwrap_or(tag.len())).unwrap_or_default();
        if language.eq_ignore_ascii_case("sk") {
            Locale::Sk
        } else {
            Locale::En
        }
    }
}

/// A call's status, interpreted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallStatus {
    /// What the application acts on.
    pub outcome: Outcome,
    /// The Q.850 cause value, 0–127.
    pub q931_status: u8,
    /// Upper-cased; `None` when absent.
    pub final_status: Option<String>,
    /// The ITU-T Q.850 name of the cause.
    pub cause: String,
    /// The provider's meaning, in the requested locale.
    pub description: &'static str,
}

impl CallStatus {
    /// True only when the customer answered.
    pub fn confirmed(&self) -> bool {
        self.outcome == Outcome::Answered
    }
}

/// Serialized as the JavaScript API's result: `outcome`, `confirmed`, `q931Status`,
/// `finalStatus`, `cause`, `description`.
#[cfg(feature = "serde")]
impl serde::Serialize for CallStatus {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> core::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut status = serializer.serialize_struct("CallStatus", 6)?;
        status.serialize_field("outcome", &self.outcome)?;
        status.serialize_field("confirmed", &self.confirmed())?;
        status.serialize_field("q931Status", &self.q931_status)?;
        status.serialize_field("finalStatus", &self.final_status)?;
        status.serialize_field("cause", &self.cause)?;
        status.serialize_field("description", self.description)?;
        status.end()
    }
}

/// Interprets a cause value and final status (already checked) in `locale`.
pub fn interpret_call_status(
    q931_status: u8,
    final_status: Option<String>,
    locale: Locale,
) -> CallStatus {
    let outcome = Outcome::from_status(q931_status, final_status.as_deref());
    CallStatus {
        outcome,
        q931_status,
        cause: crate::q850::cause_text(q931_status),
        final_status,
        description: outcome.description(locale),
    }
}

fn invalid_q931_status(field: &str, shown: Option<&str>) -> Error {
    let shown = shown.map(|s| text!(" ", s)).unwrap_or_default();
    Error::new(
        ErrorKind::InvalidStatus,
        text!(
            field,
            shown,
            " is not a whole number from 0 to 127 (a Q.850 cause value)"
        ),
    )
}

/// A cause value given as a number; `field` names it in the error (`q931Status`).
pub fn q931_status_from_number(value: f64, field: &str) -> Result<u8> {
    if (0.0..=127.0).contains(&value) && f64::from(value as u8) == value {
        // Whole and in range, so the conversion is exact.
        Ok(value as u8)
    } else {
        Err(invalid_q931_status(field, None))
    }
}

/// A cause value given as decimal digits, white space around them allowed; `field` names
/// it in the error.
pub fn q931_status_from_text(text: &str, field: &str) -> Result<u8> {
    let digits = crate::ascii::trim(text);
    let significant = digits.trim_start_matches('0');
    // Only zeros is 0; else 1 to 3 significant digits.
    let value = if significant.is_empty() && !digits.is_empty() {
        Some(0)
    } else {
        crate::ascii::small_number(significant, 3)
    };
    match value {
        Some(value) if value <= 127 => Ok(value as u8),
        _ => Err(invalid_q931_status(field, Some(&quote_input(text)))),
    }
}

/// The longest final status taken; Asterisk's are at most 11 characters.
const MAX_FINAL_STATUS_CHARS: usize = 64;

/// A final status (`ANSWER`, `cancel`, `NO ANSWER`, …): upper-cased; empty means absent.
/// Only ANSWER is read (for cause 16), and the provider documents just ANSWER and CANCEL,
/// so any other short text is taken as it is rather than losing the call's outcome over
/// it; control characters and long text are refused. `field` names it in the error.
pub fn final_status_from_text(text: &str, field: &str) -> Result<Option<String>> {
    final_status_borrowed(text, field).map(|status| status.map(Cow::into_owned))
}

/// [`final_status_from_text`], borrowing the text when it is already trimmed upper case
/// (as the provider sends it), so the common case allocates nothing.
pub(crate) fn final_status_borrowed<'a>(
    text: &'a str,
    field: &str,
) -> Result<Option<Cow<'a, str>>> {
    let trimmed = crate::ascii::trim(text);
    if trimmed.is_empty() {
        return Ok(None);
    }
    if trimmed.chars().count() > MAX_FINAL_STATUS_CHARS || trimmed.chars().any(char::is_control) {
        return Err(Error::new(
            ErrorKind::InvalidStatus,
            text!(
                field,
                " ",
                quote_input(text),
                " is not a call status like ANSWER or CANCEL"
            ),
        ));
    }
    if trimmed.bytes().any(|b| b.is_ascii_lowercase()) {
        Ok(Some(Cow::Owned(trimmed.to_ascii_uppercase())))
    } else {
        Ok(Some(Cow::Borrowed(trimmed)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(q931: u8, final_status: Option<&str>) -> Outcome {
        let final_status =
            final_status.map(|s| final_status_from_text(s, "finalStatus").unwrap().unwrap());
        interpret_call_status(q931, final_status, Locale::En).outcome
    }

    #[test]
    fn answered_when_cause_16_and_answer() {
        let status = interpret_call_status(16, Some("ANSWER".into()), Locale::En);
        assert_eq!(status.outcome, Outcome::Answered);
        assert!(status.confirmed());
        assert_eq!(status.cause, "normal call clearing");
        assert_eq!(status.description, "The call was answered.");
        assert_eq!(outcome(16, Some("answer")), Outcome::Answered);
    }

    #[test]
    fn no_answer_when_cause_16_without_answer() {
        assert_eq!(outcome(16, Some("CANCEL")), Outcome::NoAnswer);
        assert_eq!(outcome(16, Some("NOANSWER")), Outcome::NoAnswer);
        assert_eq!(outcome(16, None), Outcome::NoAnswer);
    }

    #[test]
    fn busy_when_cause_17() {
        assert_eq!(outcome(17, Some("CANCEL")), Outcome::Busy);
        assert_eq!(outcome(17, None), Outcome::Busy);
        assert_eq!(
            interpret_call_status(17, None, Locale::En).cause,
            "user busy"
        );
    }

    #[test]
    fn rejected_when_cause_31_and_billing_problem_when_41() {
        assert_eq!(outcome(31, None), Outcome::Rejected);
        assert_eq!(outcome(31, Some("ANSWER")), Outcome::Rejected);
        assert_eq!(outcome(41, None), Outcome::BillingProblem);
        assert_eq!(
            interpret_call_status(31, None, Locale::En).cause,
            "normal, unspecified"
        );
        assert_eq!(
            interpret_call_status(41, None, Locale::En).cause,
            "temporary failure"
        );
    }

    #[test]
    fn unreachable_for_every_other_cause() {
        for cause in (0..=127u8).filter(|c| ![16, 17, 31, 41].contains(c)) {
            assert_eq!(
                outcome(cause, Some("ANSWER")),
                Outcome::Unreachable,
                "{cause}"
            );
            assert!(!interpret_call_status(cause, None, Locale::En).confirmed());
        }
        assert_eq!(
            interpret_call_status(0, None, Locale::En).cause,
            "unknown cause 0"
        );
        assert_eq!(
            interpret_call_status(126, None, Locale::En).cause,
            "unknown cause 126"
        );
    }

    #[test]
    fn descriptions_in_both_locales_for_every_outcome() {
        for (outcome, en, sk) in DESCRIPTIONS {
            assert!(!en.is_empty() && !sk.is_empty());
            assert_eq!(outcome.description(Locale::En), en);
            assert_eq!(outcome.description(Locale::Sk), sk);
        }
        assert_eq!(
            interpret_call_status(17, None, Locale::Sk).description,
            "Obsadené."
        );
    }

    #[test]
    fn locale_tags() {
        assert_eq!(Locale::from_tag("sk"), Locale::Sk);
        assert_eq!(Locale::from_tag("sk-SK"), Locale::Sk);
        assert_eq!(Locale::from_tag("SK"), Locale::Sk);
        assert_eq!(Locale::from_tag("en"), Locale::En);
        assert_eq!(Locale::from_tag("de"), Locale::En);
        assert_eq!(Locale::from_tag(""), Locale::En);
    }

    #[test]
    fn q931_status_must_be_a_cause_value() {
        assert_eq!(q931_status_from_number(16.0, "q931Status"), Ok(16));
        assert_eq!(q931_status_from_number(0.0, "q931Status"), Ok(0));
        assert_eq!(q931_status_from_number(-0.0, "q931Status"), Ok(0));
        assert_eq!(q931_status_from_number(127.0, "q931Status"), Ok(127));
        for bad in [128.0, -1.0, 16.5, f64::NAN, f64::INFINITY, 1e300] {
            assert_eq!(
                q931_status_from_number(bad, "q931Status").unwrap_err().kind,
                ErrorKind::InvalidStatus
            );
        }
        assert_eq!(q931_status_from_text("16", "q931Status"), Ok(16));
        assert_eq!(q931_status_from_text(" 017 ", "q931Status"), Ok(17));
        assert_eq!(q931_status_from_text("0", "q931Status"), Ok(0));
        assert_eq!(q931_status_from_text("000", "q931Status"), Ok(0));
        assert_eq!(
            q931_status_from_text(&format!("{}16", "0".repeat(1000)), "q931Status"),
            Ok(16)
        );
        for bad in [
            "",
            " ",
            "128",
            "-1",
            "16.0",
            "1e1",
            "0x10",
            "sixteen",
            "{{q931_status}}",
            "99999999999999999999",
        ] {
            assert_eq!(
                q931_status_from_text(bad, "q931Status").unwrap_err().kind,
                ErrorKind::InvalidStatus,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn final_status_is_upper_cased_and_checked() {
        assert_eq!(
            final_status_from_text(" cancel ", "finalStatus"),
            Ok(Some("CANCEL".into()))
        );
        assert_eq!(final_status_from_text("", "finalStatus"), Ok(None));
        assert_eq!(
            final_status_from_text("no answer", "finalStatus"),
            Ok(Some("NO ANSWER".into()))
        );
        for bad in ["ANSWER\n1", "ANSWER\u{0}", &"A".repeat(65)] {
            assert_eq!(
                final_status_from_text(bad, "finalStatus").unwrap_err().kind,
                ErrorKind::InvalidStatus,
                "{bad:?}"
            );
        }
    }
}
