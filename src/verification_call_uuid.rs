//! The `verification_call_uuid`: the key that ties the webhook's call-detail record to
//! the API request. The provider's page: `fa278be48dc2_117793`, the part before `_`
//! identifies the call, the digits after it are the provider's customer (account) number.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::{quote_input, Error, ErrorKind, Result};

/// Longer than any uuid the provider documents by far; bounds what a message quotes.
const MAX_LENGTH: usize = 128;

/// The two parts of a `verification_call_uuid`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct VerificationCallUuid {
    /// Identifies the call (`119214e015ed`).
    pub call_id: String,
    /// The provider's customer number of the account (`117793`).
    pub account_id: String,
}

/// Splits a `verification_call_uuid` at its last `_`. The provider's English page once
/// writes the separator as `__`, so a doubled separator counts as one.
pub fn split_verification_call_uuid(uuid: &str) -> Result<VerificationCallUuid> {
    split_parts(uuid).map(|(call_id, account_id)| VerificationCallUuid {
        call_id: call_id.to_owned(),
        account_id: account_id.to_owned(),
    })
}

/// [`split_verification_call_uuid`]'s parts as pieces of the uuid (the call id, then the
/// account id), without copying them.
pub(crate) fn split_parts(uuid: &str) -> Result<(&str, &str)> {
    let invalid = |why: &str| {
        Error::new(
            ErrorKind::InvalidUuid,
            text!("verification_call_uuid ", quote_input(uuid), " ", why),
        )
    };
    let trimmed = crate::ascii::trim(uuid);
    if trimmed.is_empty() {
        return Err(invalid("is empty"));
    }
    if trimmed.len() > MAX_LENGTH {
        return Err(invalid(&text!(
            "is longer than ",
            crate::field::decimal(MAX_LENGTH as u64),
            " characters"
        )));
    }
    // Bytes, not chars: a byte of a multi-byte character is never visible ASCII either.
    if trimmed.bytes().any(|b| !b.is_ascii_graphic()) {
        return Err(invalid(
            "contains white space or characters other than visible ASCII",
        ));
    }
    let (call_id, account_id) = crate::ascii::split_last(trimmed, b'_')
        .ok_or_else(|| invalid("has no '_' between the call id and the account id"))?;
    let call_id = call_id.trim_end_matches('_');
    if call_id.is_empty() {
        return Err(invalid("has no call id before the '_'"));
    }
    if account_id.is_empty() {
        return Err(invalid("has no account id after the '_'"));
    }
    if !account_id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid("has an account id that is not all digits"));
    }
    Ok((call_id, account_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(uuid: &str) -> (String, String) {
        let parts = split_verification_call_uuid(uuid).unwrap();
        (parts.call_id, parts.account_id)
    }

    #[test]
    fn splits_the_providers_examples() {
        assert_eq!(
            split("119214e015ed_117793"),
            ("119214e015ed".into(), "117793".into())
        );
        assert_eq!(
            split("fa278be48dc2_117793"),
            ("fa278be48dc2".into(), "117793".into())
        );
    }

    #[test]
    fn doubled_separator_counts_as_one() {
        assert_eq!(
            split("fa278be48dc2__117793"),
            ("fa278be48dc2".into(), "117793".into())
        );
    }

    #[test]
    fn splits_at_the_last_separator_and_ignores_surrounding_space() {
        assert_eq!(split(" a_b_117793\n"), ("a_b".into(), "117793".into()));
    }

    #[test]
    fn rejects_uuids_that_do_not_split() {
        for uuid in [
            "",
            "  ",
            "119214e015ed",
            "_117793",
            "__117793",
            "119214e015ed_",
            "119214e015ed_abc",
            "119214e015ed_11 7793",
            "119214e015ed_-1",
            "1192 14e015ed_117793",
            "ab\u{0}_1",
            "café_117793",
        ] {
            let error = split_verification_call_uuid(uuid).unwrap_err();
            assert_eq!(error.kind, ErrorKind::InvalidUuid, "{uuid:?}");
            assert!(
                error.message.starts_with("verification_call_uuid"),
                "{}",
                error.message
            );
        }
        let long = format!("{}_1", "a".repeat(1_000_000));
        assert_eq!(
            split_verification_call_uuid(&long).unwrap_err().kind,
            ErrorKind::InvalidUuid
        );
    }
}
