//! `confirmationCall`'s transport, wasm side: the only code that touches the network. The
//! request is built with web-sys (a standard `Request`, with the call's abort signal on
//! it; gloo-net's builder costs 2.6 KB of download for nothing we use, see
//! docs/decisions/gloo-net.md) and handed once to the runtime's global `fetch` or to the caller's own; what the
//! network answers is read by `npm/api.js` and parsed by the same synchronous code as
//! `parseConfirmationCallResponse`. It never retries: every request is billed and rings a
//! real phone.
//!
//! Nothing here is async and no Rust closure is handed to JavaScript: the waiting, the
//! timer and the caller's signal live in JavaScript, and they abort the call's own
//! `AbortController`, whose signal the `Request` carries, so the platform itself cancels
//! the fetch and the reading of the body (docs/decisions/gloo-net.md). Every JavaScript
//! call made from here is `catch`, and values are inspected with `typeof` and
//! `Reflect.get` only, so nothing can throw through wasm frames.

#[allow(unused_imports)]
use crate::prelude::*;

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::prelude::*;

use crate::error::{hide_secret, quote_text};
use crate::request::{ACCEPT, CONTENT_TYPE, HEADER_NAMES, METHOD};

#[wasm_bindgen(skip_typescript)]
/// Builds the request with the call's `signal` and calls `fetch(request)` once (with
/// `this` as its receiver): `[0, what fetch returned]`, or `[2, message, what was thrown]`
/// when the request could not be built or fetch threw at once.
pub fn abi_send(
    url: &str,
    authorization: &str,
    body: &JsValue,
    token: &str,
    fetch: &Function,
    this: &JsValue,
    signal: &web_sys::AbortSignal,
) -> Array {
    let request = (|| {
        let init = web_sys::RequestInit::new();
        init.set_method(METHOD);
        let headers = web_sys::Headers::new()?;
        let [accept, content_type, authorization_name] = HEADER_NAMES;
        headers.set(accept, ACCEPT)?;
        headers.set(content_type, CONTENT_TYPE)?;
        headers.set(authorization_name, authorization)?;
        init.set_headers(&headers);
        init.set_body(body);
        init.set_signal(Some(signal));
        web_sys::Request::new_with_str_and_init(url, &init)
    })();
    let request = match request {
        Ok(request) => request,
        Err(error) => {
            let message = failure(Failure::NotSent, &error, token);
            return Array::of2(&JsValue::from(2), &JsValue::from_str(&message));
        }
    };
    match fetch.call1(this, &request) {
        Ok(pending) => Array::of2(&JsValue::from(0), &pending),
        Err(thrown) => {
            let message = failure(Failure::NotSent, &thrown, token);
            Array::of3(&JsValue::from(2), &JsValue::from_str(&message), &thrown)
        }
    }
}

/// What went wrong after the request was handed to fetch, by its code.
#[derive(Clone, Copy)]
enum Failure {
    NotSent = 0,
    NotAResponse = 1,
    BodyUnreadable = 2,
}

#[wasm_bindgen(skip_typescript)]
/// The message of a transport failure: `code` 0 fetch rejected, 1 it resolved to
/// something that is not a Response, 2 reading the body failed; `thrown` is what was
/// thrown or rejected with, quoted with the token hidden.
pub fn abi_transport_message(code: u32, thrown: &JsValue, token: &str) -> String {
    let failure = match code {
        0 => Failure::NotSent,
        1 => Failure::NotAResponse,
        _ => Failure::BodyUnreadable,
    };
    self::failure(failure, thrown, token)
}

/// What went wrong, with the rejection's own words (token hidden) when it is an object:
/// its message and its cause's code or message (Node's "fetch failed" hides ECONNREFUSED
/// there). Anything else adds nothing.
fn failure(failure: Failure, thrown: &JsValue, token: &str) -> String {
    let what = match failure {
        Failure::NotSent => "the request could not be sent",
        Failure::NotAResponse => {
            return "fetch resolved to something that is not a Response with an HTTP status"
                .to_owned()
        }
        Failure::BodyUnreadable => "reading the provider's answer failed",
    };
    // `typeof` only: `instanceof` could run a hostile Proxy's trap.
    if !thrown.is_object() {
        return what.to_owned();
    }
    let text_of = |value: &JsValue, key: &str| {
        Reflect::get(value, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_string())
    };
    let mut detail = text_of(thrown, "message").unwrap_or_default();
    if let Ok(cause) = Reflect::get(thrown, &JsValue::from_str("cause")) {
        if cause.is_object() {
            if let Some(reason) = text_of(&cause, "code").or_else(|| text_of(&cause, "message")) {
                detail = text!(detail, " (", reason, ")");
            }
        }
    }
    let detail = crate::ascii::trim(&detail);
    if detail.is_empty() {
        what.to_owned()
    } else {
        text!(
            what,
            ": ",
            quote_text(&hide_secret(detail, Some(token)), 160)
        )
    }
}
