//! `confirmationCall`'s transport: the only async code and the only code that touches the
//! network. The request is built with gloo-net (a standard `Request`, with the abort signal
//! of the call on it) and handed once to the runtime's global `fetch` or to the caller's
//! own; the answer's status and text come back to `npm/api.js`, which reads them with the
//! same synchronous parser as `parseConfirmationCallResponse`. It never retries: every
//! request is billed and rings a real phone.
//!
//! The timer and the caller's signal live in JavaScript: they abort the call's own
//! `AbortController`, whose signal the `Request` carries, so the platform cancels the
//! fetch and the reading of the body. No Rust closure is ever called by an abort or a
//! timer (see docs/decisions/gloo-net.md). Every JavaScript call made from here is
//! `catch`, so nothing can throw through wasm frames.

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::error::{hide_secret, quote_text};
use crate::request::{ACCEPT, CONTENT_TYPE};

/// What the transport ended with, the first item of its answer.
#[repr(u32)]
enum Ending {
    /// `[0, status, text]`: the provider answered.
    Answered = 0,
    /// `[1, status?]`: the call's signal fired (the caller's, or the timer's).
    GaveUp = 1,
    /// `[2, status?, message, cause]`: fetch rejected, or reading the body failed.
    Failed = 2,
    /// `[3, status?, message]`: fetch resolved to something that is not a Response.
    NotAResponse = 3,
}

fn answer(ending: Ending, status: Option<u16>, text: &str, cause: &JsValue) -> JsValue {
    let status = status.map_or(JsValue::UNDEFINED, JsValue::from);
    Array::of4(
        &JsValue::from(ending as u32),
        &status,
        &JsValue::from_str(text),
        cause,
    )
    .into()
}

#[wasm_bindgen(js_name = abi_send, skip_typescript)]
/// Sends the request once with `fetch` (`undefined` for the global one) and reads the
/// answer, unless `signal` fires first (`gave_up` settles when it does).
pub async fn send_confirmation_call(
    url: String,
    authorization: String,
    body: String,
    token: String,
    fetch: JsValue,
    signal: web_sys::AbortSignal,
    gave_up: Promise,
) -> JsValue {
    let request = gloo_net::http::Request::post(&url)
        .header("accept", ACCEPT)
        .header("Content-Type", CONTENT_TYPE)
        .header("Authorization", &authorization)
        .abort_signal(Some(&signal))
        .body(body);
    let request: web_sys::Request = match request {
        Ok(request) => request.into(),
        Err(error) => {
            let message = format!(
                "the request could not be built: {}",
                quote_text(&hide_secret(&error.to_string(), Some(&token)), 160)
            );
            return answer(Ending::Failed, None, &message, &JsValue::UNDEFINED);
        }
    };
    let global = js_sys::global();
    let (fetch, this): (JsValue, JsValue) = if fetch.is_undefined() {
        (
            Reflect::get(&global, &JsValue::from_str("fetch")).unwrap_or(JsValue::UNDEFINED),
            global.into(),
        )
    } else {
        (fetch, JsValue::UNDEFINED)
    };
    // `typeof` checks only: `instanceof` could run a hostile Proxy's trap.
    let sent = if fetch.is_function() {
        fetch.unchecked_ref::<Function>().call1(&this, &request)
    } else {
        Err(JsValue::UNDEFINED)
    };
    let response = match sent {
        Ok(pending) => until_given_up(pending, &gave_up).await,
        Err(thrown) => Err(thrown),
    };
    if signal.aborted() {
        return answer(Ending::GaveUp, None, "", &JsValue::UNDEFINED);
    }
    let response = match response {
        Ok(response) => response,
        Err(thrown) => {
            let message = failure("the request could not be sent", &thrown, &token);
            return answer(Ending::Failed, None, &message, &thrown);
        }
    };
    let status = Reflect::get(&response, &JsValue::from_str("status"))
        .ok()
        .and_then(|s| s.as_f64())
        .and_then(|s| crate::response::http_status_from_number(s).ok());
    let text = Reflect::get(&response, &JsValue::from_str("text"))
        .ok()
        .filter(JsValue::is_function)
        .map(|f| f.unchecked_into::<Function>());
    let (Some(status), Some(text)) = (status, text) else {
        return answer(
            Ending::NotAResponse,
            None,
            "fetch resolved to something that is not a Response with an HTTP status",
            &JsValue::UNDEFINED,
        );
    };
    let body = match text.call0(&response) {
        Ok(pending) => until_given_up(pending, &gave_up).await,
        Err(thrown) => Err(thrown),
    };
    if signal.aborted() {
        return answer(Ending::GaveUp, Some(status), "", &JsValue::UNDEFINED);
    }
    match body {
        Ok(body) => match body.as_string() {
            Some(body) => answer(Ending::Answered, Some(status), &body, &JsValue::UNDEFINED),
            None => answer(
                Ending::Failed,
                Some(status),
                "reading the provider's answer failed: it is not text",
                &JsValue::UNDEFINED,
            ),
        },
        Err(thrown) => {
            let message = failure("reading the provider's answer failed", &thrown, &token);
            answer(Ending::Failed, Some(status), &message, &thrown)
        }
    }
}

/// Waits for `pending` (a promise or any value), or until the call is given up.
/// `Promise.race` turns a value whose `then` or `constructor` throws into a rejection.
async fn until_given_up(pending: JsValue, gave_up: &Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(Promise::race(&Array::of2(&pending, gave_up))).await
}

/// `what` went wrong, with the rejection's own words (token hidden), when it is an `Error`:
/// its message and its cause's code or message (Node's "fetch failed" hides ECONNREFUSED
/// there). Anything else adds nothing.
fn failure(what: &str, thrown: &JsValue, token: &str) -> String {
    // Only objects have words to quote; a `typeof` check, as `instanceof` could run a trap.
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
                detail = format!("{detail} ({reason})");
            }
        }
    }
    if detail.trim().is_empty() {
        what.to_owned()
    } else {
        format!(
            "{what}: {}",
            quote_text(&hide_secret(detail.trim(), Some(token)), 160)
        )
    }
}
