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

pub mod call_status;
pub mod error;
pub mod field;
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
pub use phone_number::normalize_phone_number;
pub use request::{build_confirmation_call_request, ConfirmationCallRequest, RequestOptions};
pub use response::{
    parse_confirmation_call_response, ConfirmationCallResponse, PayloadProblem, ResponseBody,
};
pub use verification_call_uuid::{split_verification_call_uuid, VerificationCallUuid};
pub use webhook::{parse_call_webhook, CallWebhook, WebhookPayload};
