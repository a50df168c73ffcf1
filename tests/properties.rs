//! Property tests of the Rust core (proptest): for any input, every function returns a
//! result or an error of its kind, never panics, and what it returns holds its promises.
//! The JavaScript face has its own fuzz suite over the built package (tests/fuzz/).
#![cfg(not(target_arch = "wasm32"))]

use kompaas_confirmation_call::call_status::{final_status_from_text, q931_status_from_text};
use kompaas_confirmation_call::response::parse_confirmation_call_response_hiding_token;
use kompaas_confirmation_call::{
    describe_phone_number, interpret_call_status, normalize_phone_number, parse_call_webhook,
    split_verification_call_uuid, ErrorKind, Field, Locale, Outcome, ResponseBody, WebhookPayload,
};
use proptest::prelude::*;

/// Any field value a payload can carry.
fn field() -> impl Strategy<Value = Field> {
    prop_oneof![
        Just(Field::Missing),
        Just(Field::Null),
        any::<bool>().prop_map(Field::Bool),
        any::<f64>().prop_map(Field::Number),
        (0u32..200).prop_map(|n| Field::Number(f64::from(n))),
        ".{0,40}".prop_map(Field::Text),
        "[0-9a-f]{1,12}_{1,2}[0-9]{1,8}".prop_map(Field::Text),
        Just(Field::Object),
        Just(Field::Array),
        Just(Field::Unreadable),
        Just(Field::TooLong),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn phone_numbers_are_digits_or_refused(
        // Any text, and text shaped like numbers, so that the accepted branch runs too.
        input in prop_oneof![
            ".{0,40}",
            "\\+?[0-9][0-9 ()./-]{5,18}[0-9]",
            "(\\+|00)421 ?9[0-9]{2} ?[0-9]{3} ?[0-9]{3}",
            "\\+1 ?[2-9][0-9]{2} ?[2-9][0-9]{2} ?[0-9]{4}",
            "0 ?9[0-9]{2} ?[0-9]{3} ?[0-9]{3}",
        ],
        region in prop::option::of(prop_oneof!["[A-Za-z]{0,3}", Just("SK".to_owned()), Just("us".to_owned())]),
    ) {
        match normalize_phone_number(&input, region.as_deref()) {
            Ok(digits) => {
                prop_assert!(digits.bytes().all(|b| b.is_ascii_digit()), "{digits}");
                prop_assert!(!digits.is_empty() && digits.len() <= 15 && !digits.starts_with('0'), "{digits}");
                // The digits are a number in their own right: written with a +, the same.
                prop_assert_eq!(normalize_phone_number(&format!("+{digits}"), None).ok(), Some(digits.clone()));
                let described = describe_phone_number(&input, region.as_deref()).unwrap();
                prop_assert_eq!(format!("{}{}", described.country_calling_code, described.national_number), digits);
                prop_assert_eq!(described.region.is_none(), described.non_geographic);
            }
            Err(error) => prop_assert_eq!(error.kind, ErrorKind::InvalidPhoneNumber),
        }
    }

    #[test]
    fn written_forms_of_one_number_agree(
        // Slovak mobile and fixed-line shapes as well as any digits, so that both forms are
        // often accepted rather than both refused.
        groups in prop_oneof![
            prop::collection::vec("[0-9]{1,4}", 1..5),
            ("9[0-9]{2}", "[0-9]{3}", "[0-9]{3}").prop_map(|(a, b, c)| vec![a, b, c]),
            ("2", "[0-9]{4}", "[0-9]{4}").prop_map(|(a, b, c)| vec![a, b, c]),
        ],
        separator in "[ .\\-/]",
    ) {
        let national = groups.concat();
        let spaced = format!("+421 {}", groups.join(&separator));
        let plain = format!("00421{national}");
        prop_assert_eq!(normalize_phone_number(&spaced, None).ok(), normalize_phone_number(&plain, None).ok());
    }

    #[test]
    fn uuids_split_at_the_last_separator_or_are_refused(
        input in prop_oneof![".{0,60}", "\\s{0,2}[!-~]{0,20}_{1,3}[0-9]{0,8}\\s{0,2}"],
    ) {
        match split_verification_call_uuid(&input) {
            Ok(parts) => {
                prop_assert!(!parts.call_id.is_empty() && !parts.call_id.ends_with('_'));
                prop_assert!(!parts.account_id.is_empty() && parts.account_id.bytes().all(|b| b.is_ascii_digit()));
                let trimmed = input.trim();
                prop_assert!(trimmed.starts_with(&parts.call_id) && trimmed.ends_with(&parts.account_id));
            }
            Err(error) => prop_assert_eq!(error.kind, ErrorKind::InvalidUuid),
        }
    }

    #[test]
    fn generated_uuids_round_trip(call_id in "[!-^`-~]{1,40}", account_id in "[0-9]{1,12}", doubled in any::<bool>()) {
        let uuid = format!("{call_id}{}{account_id}", if doubled { "__" } else { "_" });
        let parts = split_verification_call_uuid(&uuid).unwrap();
        prop_assert_eq!(parts.call_id, call_id);
        prop_assert_eq!(parts.account_id, account_id);
    }

    #[test]
    fn every_cause_follows_the_providers_table(cause in 0u8..=127, final_status in prop::option::of("[A-Za-z ]{0,12}")) {
        let final_status = final_status.and_then(|s| final_status_from_text(&s, "finalStatus").unwrap());
        let status = interpret_call_status(cause, final_status.clone(), Locale::En);
        let expected = match cause {
            16 if final_status.as_deref() == Some("ANSWER") => Outcome::Answered,
            16 => Outcome::NoAnswer,
            17 => Outcome::Busy,
            31 => Outcome::Rejected,
            41 => Outcome::BillingProblem,
            _ => Outcome::Unreachable,
        };
        prop_assert_eq!(status.outcome, expected);
        prop_assert_eq!(status.confirmed(), expected == Outcome::Answered);
        prop_assert!(!status.cause.is_empty() && !status.description.is_empty());
    }

    #[test]
    fn status_text_is_a_cause_or_refused(text in ".{0,12}") {
        match q931_status_from_text(&text, "q931Status") {
            Ok(value) => prop_assert!(value <= 127),
            Err(error) => prop_assert_eq!(error.kind, ErrorKind::InvalidStatus),
        }
    }

    #[test]
    fn any_webhook_fields_give_an_outcome_or_invalid_webhook(uuid in field(), q931 in field(), final_status in field()) {
        let payload = WebhookPayload { verification_call_uuid: uuid, q931_status: q931, final_status };
        match parse_call_webhook(&payload, Locale::Sk) {
            Ok(webhook) => {
                prop_assert_eq!(webhook.verification_call_uuid.trim(), webhook.verification_call_uuid.as_str());
                prop_assert!(webhook.status.q931_status <= 127);
            }
            Err(error) => prop_assert_eq!(error.kind, ErrorKind::InvalidWebhook),
        }
    }

    #[test]
    fn a_token_echoed_anywhere_never_reaches_an_error(
        token in "[!-~]{12,80}",
        places in prop::collection::vec(0usize..21, 1..6),
        status in prop::option::of(prop_oneof![Just(200u16), Just(400), Just(401), Just(429), Just(500)]),
    ) {
        let mut body = ResponseBody::default();
        for place in places {
            body.fields[place] = Field::Text(format!("x {token} y"));
        }
        body.fields[0] = Field::Text(token.clone());
        if let Err(error) = parse_confirmation_call_response_hiding_token(Ok(&body), status, &token) {
            prop_assert!(!error.message.contains(&token), "{}", error.message);
            if let Some(code) = &error.provider_code {
                prop_assert!(!code.contains(&token), "{code}");
            }
        }
    }
}
