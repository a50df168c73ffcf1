//! Client for KOMPaaS "confirmation call" phone verification: builds the request that asks
//! the provider to ring a customer's phone, reads every documented answer, splits the
//! `verification_call_uuid`, and turns the webhook's call-detail record into an outcome.
//!
//! The provider logic is plain Rust, tested on the host. The `js` module is the thin layer
//! that exports it to JavaScript when compiled to WebAssembly.

#![warn(missing_docs)]
// The wasm build links no std: its panic machinery and formatting tables would cost
// several KB of download (docs/decisions/size.md). Host builds keep std.
#![cfg_attr(all(target_arch = "wasm32", not(feature = "std")), no_std)]

extern crate alloc;

/// What std's prelude gives every module, for the wasm build, which has no std.
mod prelude {
    pub(crate) use alloc::{
        borrow::ToOwned,
        string::{String, ToString},
        vec,
        vec::Vec,
    };
}

/// Text made of pieces, each anything that is `AsRef<str>` (numbers go in as
/// `field::decimal(n)`): what `format!` does for the crate's messages, without
/// core::fmt's machinery, which costs about 1.6 KB of the download
/// (docs/decisions/size.md).
macro_rules! text {
    ($($piece:expr),+ $(,)?) => {
        $crate::concat(&[$(::core::convert::AsRef::<str>::as_ref(&$piece)),+])
    };
}

/// The pieces of [`text!`] as one string.
pub(crate) fn concat(pieces: &[&str]) -> prelude::String {
    let mut text = prelude::String::with_capacity(pieces.iter().map(|piece| piece.len()).sum());
    for piece in pieces {
        text.push_str(piece);
    }
    text
}

/// Splitting text at an ASCII byte and reading small decimal numbers, without core's
/// substring searcher and integer parser (and the panic paths they bring into the wasm).
mod ascii {
    /// `text` before and after the first `byte` (ASCII).
    pub(crate) fn split_first(text: &str, byte: u8) -> Option<(&str, &str)> {
        let at = text.bytes().position(|b| b == byte)?;
        Some((text.get(..at)?, text.get(at + 1..)?))
    }

    /// `text` before and after the last `byte` (ASCII).
    pub(crate) fn split_last(text: &str, byte: u8) -> Option<(&str, &str)> {
        let at = text.bytes().rposition(|b| b == byte)?;
        Some((text.get(..at)?, text.get(at + 1..)?))
    }

    /// The pieces of `text` between the `byte`s (ASCII), as `str::split` gives them.
    pub(crate) fn pieces(text: &str, byte: u8) -> impl Iterator<Item = &str> {
        let mut rest = Some(text);
        core::iter::from_fn(move || {
            let current = rest?;
            let (piece, after) = match split_first(current, byte) {
                Some((piece, after)) => (piece, Some(after)),
                None => (current, None),
            };
            rest = after;
            Some(piece)
        })
    }

    /// `text` without white space at either end (as `str::trim`), at once when both ends
    /// are visible ASCII, as the provider's values and callers' arguments usually are.
    pub(crate) fn trim(text: &str) -> &str {
        let visible = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
        if visible(text.as_bytes().first()) && visible(text.as_bytes().last()) {
            text
        } else {
            text.trim()
        }
    }

    /// The value of 1 to `max_digits` (at most 9) ASCII digits; `None` for anything else.
    pub(crate) fn small_number(text: &str, max_digits: usize) -> Option<u32> {
        if text.is_empty() || text.len() > max_digits.min(9) {
            return None;
        }
        text.bytes().try_fold(0u32, |value, b| {
            b.is_ascii_digit().then(|| value * 10 + u32::from(b - b'0'))
        })
    }
    // proptest is a dev-dependency of the host build only.
    #[cfg(all(test, not(target_arch = "wasm32")))]
    mod tests {
        use super::*;
        use alloc::vec::Vec;

        proptest::proptest! {
            #[test]
            fn splitting_is_what_str_does(text in "[a-c.,:_]{0,12}", byte in proptest::sample::select(b".,:_".to_vec())) {
                let c = char::from(byte);
                proptest::prop_assert_eq!(split_first(&text, byte), text.split_once(c));
                proptest::prop_assert_eq!(split_last(&text, byte), text.rsplit_once(c));
                proptest::prop_assert_eq!(pieces(&text, byte).collect::<Vec<_>>(), text.split(c).collect::<Vec<_>>());
            }

            #[test]
            fn trimming_is_what_str_does(text in "[ a\t\u{a0}\u{2003}b]{0,8}") {
                proptest::prop_assert_eq!(trim(&text), text.trim());
            }

            #[test]
            fn small_numbers_are_what_parse_reads(text in "[0-9a+ -]{0,6}", max in 1usize..6) {
                let parsed = text
                    .parse::<u32>()
                    .ok()
                    .filter(|_| !text.is_empty() && text.len() <= max && text.bytes().all(|b| b.is_ascii_digit()));
                proptest::prop_assert_eq!(small_number(&text, max), parsed);
            }
        }
    }
}

pub mod call_status;
pub mod error;
pub mod field;
// Generated by `make metadata` (scripts/numbering-plan.mjs); kept as the generator writes it.
#[rustfmt::skip]
mod numbering_plan;
pub mod phone_number;
pub mod q850;
pub mod request;
pub mod response;
pub mod verification_call_uuid;
pub mod webhook;

/// The allocator of the wasm build: talc, smaller than the standard dlmalloc by about
/// 5 KB of wasm (docs/decisions/size.md).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// A panic in the wasm build (none is reachable from any input; this is the floor) traps
/// without formatting its message.
#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

/// The JavaScript face (wasm32 only): what the npm package exports.
#[cfg(target_arch = "wasm32")]
pub mod js;

pub use call_status::{interpret_call_status, CallStatus, Locale, Outcome};
pub use error::{Error, ErrorKind, Result};
pub use field::Field;
pub use phone_number::{describe_phone_number, normalize_phone_number, PhoneNumber};
pub use request::{build_confirmation_call_request, ConfirmationCallRequest, RequestOptions};
pub use response::{
    parse_confirmation_call_response, ConfirmationCallResponse, PayloadProblem, ResponseBody,
};
pub use verification_call_uuid::{split_verification_call_uuid, VerificationCallUuid};
pub use webhook::{parse_call_webhook, CallWebhook, WebhookPayload};
