//! `confirmationCall`: the only async code and the only code that touches the network.
//! It binds the runtime's global `fetch` (or the caller's) directly, so it works in
//! browsers, Node 18+, Deno and Workers alike. It never retries: every request is billed
//! and rings a real phone.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::convert::{describe, get_field, json_to_js, read_option, OwnedRequestOptions};
use crate::error::{hide_secret, quote_text, Error, ErrorKind};
use crate::request::ConfirmationCallRequest;

/// The default time to wait for the provider's answer.
const DEFAULT_TIMEOUT_MS: f64 = 15_000.0;
/// The longest delay `setTimeout` honours; larger values fire at once in some runtimes.
const MAX_TIMEOUT_MS: u32 = 2_147_483_647;

#[wasm_bindgen]
extern "C" {
    #[derive(Clone)]
    type AbortController;

    #[wasm_bindgen(constructor, catch)]
    fn new() -> Result<AbortController, JsValue>;

    #[wasm_bindgen(method, getter)]
    fn signal(this: &AbortController) -> JsValue;

    #[wasm_bindgen(method, catch)]
    fn abort(this: &AbortController) -> Result<(), JsValue>;

    #[wasm_bindgen(js_name = setTimeout, catch)]
    fn set_timeout(handler: &Function, ms: f64) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = clearTimeout, catch)]
    fn clear_timeout(id: &JsValue) -> Result<(), JsValue>;
}

#[wasm_bindgen(js_name = confirmationCall, unchecked_return_type = "ConfirmationCallResult")]
/// Asks the provider to ring the customer's phone and returns its parsed answer.
pub async fn confirmation_call(
    #[wasm_bindgen(unchecked_param_type = "ConfirmationCallOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let request_options = OwnedRequestOptions::read(&options)?;
    let request = crate::request::build_confirmation_call_request(&request_options.borrow())?;
    let call = CallOptions::read(&options)?;
    match send(&request, &call, request_options.token()).await {
        Ok(response) => Ok(json_to_js(&response.to_json_text())),
        Err(Failure { error, cause }) => {
            let error: JsValue = error.into();
            if let Some(cause) = cause {
                // The standard `cause` of an Error: the rejection or the signal's reason.
                let _ = Reflect::set(&error, &JsValue::from_str("cause"), &cause);
            }
            Err(error)
        }
    }
}

/// A failed call: the error, and the JavaScript value behind it where there is one (what
/// fetch rejected with, or the reason the caller's signal gave).
struct Failure {
    error: Error,
    cause: Option<JsValue>,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure { error, cause: None }
    }
}

/// What `confirmationCall` takes besides the request's parts.
struct CallOptions {
    timeout_ms: Option<f64>,
    signal: Option<JsValue>,
    fetch: Function,
    /// `this` for the fetch call: the global object for the global fetch, which some
    /// runtimes require, `undefined` for the caller's own.
    fetch_this: JsValue,
}

impl CallOptions {
    fn read(options: &JsValue) -> Result<CallOptions, Error> {
        let timeout = read_option(options, "timeoutMs", ErrorKind::Timeout)?;
        let timeout_ms = if timeout.is_undefined() || timeout.is_null() {
            Some(DEFAULT_TIMEOUT_MS)
        } else {
            match timeout.as_f64() {
                Some(0.0) => None,
                Some(ms) if ms > 0.0 && ms <= f64::from(MAX_TIMEOUT_MS) => Some(ms),
                _ => {
                    return Err(Error::new(
                        ErrorKind::Timeout,
                        format!(
                        "options.timeoutMs must be a number of milliseconds from 0 (no timeout) \
                             to {MAX_TIMEOUT_MS}, got {}; nothing was sent",
                        describe(&timeout)
                    ),
                    ))
                }
            }
        };

        let signal = read_option(options, "signal", ErrorKind::Aborted)?;
        let signal = if signal.is_undefined() || signal.is_null() {
            None
        } else if get_field(&signal, "addEventListener").is_ok_and(|f| f.is_function()) {
            Some(signal)
        } else {
            return Err(Error::new(
                ErrorKind::Aborted,
                format!(
                    "options.signal must be an AbortSignal, got {}; nothing was sent",
                    describe(&signal)
                ),
            ));
        };

        let fetch = read_option(options, "fetch", ErrorKind::Network)?;
        let (fetch, fetch_this) = if fetch.is_undefined() || fetch.is_null() {
            let global = js_sys::global();
            let fetch = get_field(&global, "fetch").unwrap_or(JsValue::UNDEFINED);
            if !fetch.is_function() {
                return Err(Error::new(
                    ErrorKind::Network,
                    "this runtime has no global fetch; pass options.fetch",
                ));
            }
            (fetch, global.into())
        } else if fetch.is_function() {
            (fetch, JsValue::UNDEFINED)
        } else {
            return Err(Error::new(
                ErrorKind::Network,
                format!(
                    "options.fetch must be a function, got {}; nothing was sent",
                    describe(&fetch)
                ),
            ));
        };
        Ok(CallOptions {
            timeout_ms,
            signal,
            fetch: fetch.unchecked_into(),
            fetch_this,
        })
    }
}

/// Why the request was given up before it finished.
#[derive(Clone, Copy, PartialEq, Eq)]
enum GiveUp {
    Aborted,
    TimedOut,
}

/// The guard of one request: the caller's signal and the timer both end it, whichever
/// comes first, and so does nothing else. Dropping it removes the listener and the timer.
struct Cancellation {
    reason: Rc<Cell<Option<GiveUp>>>,
    /// Settles when the request is given up; raced against every step.
    settled: Promise,
    controller: Option<AbortController>,
    signal: Option<JsValue>,
    on_abort: Option<Closure<dyn FnMut()>>,
    timer: Option<(JsValue, Closure<dyn FnMut()>)>,
}

impl Cancellation {
    fn new(call: &CallOptions) -> Cancellation {
        let reason = Rc::new(Cell::new(None));
        let controller = AbortController::new().ok();
        let resolve: Rc<RefCell<Option<Function>>> = Rc::new(RefCell::new(None));
        let settled = Promise::new(&mut |resolve_fn, _reject| {
            *resolve.borrow_mut() = Some(resolve_fn);
        });
        // The first cause wins; the controller aborts the fetch itself where it can.
        let give_up = {
            let reason = Rc::clone(&reason);
            let controller = controller.clone();
            move |why: GiveUp| {
                if reason.get().is_some() {
                    return;
                }
                reason.set(Some(why));
                if let Some(controller) = &controller {
                    let _ = controller.abort();
                }
                if let Some(resolve) = resolve.borrow_mut().take() {
                    let _ = resolve.call0(&JsValue::UNDEFINED);
                }
            }
        };
        let mut cancellation = Cancellation {
            reason,
            settled,
            controller,
            signal: None,
            on_abort: None,
            timer: None,
        };
        if let Some(signal) = &call.signal {
            let on_abort = Closure::<dyn FnMut()>::new({
                let give_up = give_up.clone();
                move || give_up(GiveUp::Aborted)
            });
            if add_listener(signal, "addEventListener", on_abort.as_ref()).is_ok() {
                cancellation.signal = Some(signal.clone());
                cancellation.on_abort = Some(on_abort);
            }
        }
        if let Some(ms) = call.timeout_ms {
            let on_timeout = Closure::<dyn FnMut()>::new({
                let give_up = give_up.clone();
                move || give_up(GiveUp::TimedOut)
            });
            if let Ok(id) = set_timeout(on_timeout.as_ref().unchecked_ref(), ms) {
                cancellation.timer = Some((id, on_timeout));
            }
        }
        cancellation
    }

    /// The signal to hand to fetch, so that giving up also cancels the request.
    fn fetch_signal(&self) -> Option<JsValue> {
        self.controller.as_ref().map(AbortController::signal)
    }

    /// Waits for `step` unless the request is given up first.
    async fn race(&self, step: JsValue) -> Result<JsValue, JsValue> {
        let contenders = Array::of2(&step, &self.settled);
        JsFuture::from(Promise::race(&contenders)).await
    }

    fn given_up(&self) -> Option<GiveUp> {
        self.reason.get()
    }
}

impl Drop for Cancellation {
    fn drop(&mut self) {
        if let (Some(signal), Some(on_abort)) = (&self.signal, &self.on_abort) {
            let _ = add_listener(signal, "removeEventListener", on_abort.as_ref());
        }
        if let Some((id, _)) = &self.timer {
            let _ = clear_timeout(id);
        }
    }
}

/// `signal.addEventListener("abort", listener)` or its remove twin, exceptions caught.
fn add_listener(signal: &JsValue, method: &str, listener: &JsValue) -> Result<(), JsValue> {
    let method: Function = get_field(signal, method)
        .map_err(|()| JsValue::UNDEFINED)?
        .dyn_into()?;
    method
        .call2(signal, &JsValue::from_str("abort"), listener)
        .map(|_| ())
}

/// Sends the request once and reads the answer; every wait is raced against the caller's
/// signal and the timeout. Foreign text (the provider's, the runtime's) has the token
/// hidden before it is quoted in a message.
async fn send(
    request: &ConfirmationCallRequest,
    call: &CallOptions,
    token: &str,
) -> Result<crate::response::ConfirmationCallResponse, Failure> {
    if call
        .signal
        .as_ref()
        .is_some_and(|s| get_field(s, "aborted").is_ok_and(|a| a.is_truthy()))
    {
        return Err(give_up(GiveUp::Aborted, call, false));
    }
    let cancellation = Cancellation::new(call);
    let init = json_to_js(&request.to_json_text());
    if let Some(signal) = cancellation.fetch_signal() {
        let _ = Reflect::set(&init, &JsValue::from_str("signal"), &signal);
    }
    let pending = call
        .fetch
        .call2(&call.fetch_this, &JsValue::from_str(&request.url), &init);
    let outcome = match pending {
        Ok(promise) => cancellation.race(promise).await,
        Err(thrown) => Err(thrown),
    };
    let response = match (cancellation.given_up(), outcome) {
        (Some(why), _) => return Err(give_up(why, call, true)),
        (None, Err(thrown)) => {
            return Err(network_failure(
                "the request could not be sent",
                thrown,
                token,
            ))
        }
        (None, Ok(response)) => response,
    };
    let status = get_field(&response, "status")
        .ok()
        .and_then(|s| s.as_f64())
        .and_then(|s| crate::response::http_status_from_number(s).ok())
        .ok_or_else(|| {
            Error::new(
                ErrorKind::MalformedResponse,
                "fetch resolved to something that is not a Response with an HTTP status",
            )
        })?;
    let text = get_field(&response, "text")
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .map(|text| text.call0(&response));
    let body = match text {
        Some(Ok(promise)) => cancellation.race(promise).await,
        Some(Err(thrown)) => Err(thrown),
        None => Err(JsValue::UNDEFINED),
    };
    let body = match (cancellation.given_up(), body) {
        (Some(why), _) => {
            let mut failure = give_up(why, call, true);
            failure.error = failure.error.with_status(status);
            return Err(failure);
        }
        (None, Err(thrown)) => {
            let mut failure =
                network_failure("reading the provider's answer failed", thrown, token);
            failure.error = failure.error.with_status(status);
            return Err(failure);
        }
        (None, Ok(body)) => body.as_string().unwrap_or_default(),
    };
    Ok(crate::response::parse_confirmation_call_response_hiding_token(&body, Some(status), token)?)
}

/// A `network` failure: `what` went wrong, the rejection's own words (token hidden), and
/// the rejection as the cause.
fn network_failure(what: &str, thrown: JsValue, token: &str) -> Failure {
    Failure {
        error: Error::new(
            ErrorKind::Network,
            format!("{what}{}", thrown_detail(&thrown, token)),
        ),
        cause: Some(thrown),
    }
}

/// The failure for a request given up: aborted (with the signal's reason as the cause)
/// or timed out.
fn give_up(why: GiveUp, call: &CallOptions, sent: bool) -> Failure {
    match why {
        GiveUp::Aborted => Failure {
            error: aborted_error(sent),
            cause: call
                .signal
                .as_ref()
                .and_then(|s| get_field(s, "reason").ok()),
        },
        GiveUp::TimedOut => Failure::from(timeout_error(call)),
    }
}

fn aborted_error(sent: bool) -> Error {
    let message = if sent {
        "the request was aborted by the caller's signal; the call may still have been placed \
         if the request had reached the provider"
    } else {
        "the caller's signal was already aborted; nothing was sent"
    };
    Error::new(ErrorKind::Aborted, message)
}

fn timeout_error(call: &CallOptions) -> Error {
    Error::new(
        ErrorKind::Timeout,
        format!(
            "no answer from the provider within {} ms; the call may still have been placed \
             (and billed), so check before trying again",
            // Whole milliseconds, without pulling float formatting into the wasm.
            call.timeout_ms.map_or(0, |ms| ms.ceil() as u32)
        ),
    )
}

/// What a rejection says, when it is an `Error`: its message and its cause's code or
/// message (Node's "fetch failed" hides ECONNREFUSED there). Anything else says nothing.
fn thrown_detail(thrown: &JsValue, token: &str) -> String {
    if !thrown.is_instance_of::<js_sys::Error>() {
        return String::new();
    }
    let text_of =
        |value: &JsValue, key: &str| get_field(value, key).ok().and_then(|v| v.as_string());
    let mut detail = text_of(thrown, "message").unwrap_or_default();
    if let Ok(cause) = get_field(thrown, "cause") {
        if let Some(reason) = text_of(&cause, "code").or_else(|| text_of(&cause, "message")) {
            detail = format!("{detail} ({reason})");
        }
    }
    if detail.trim().is_empty() {
        String::new()
    } else {
        format!(
            ": {}",
            quote_text(&hide_secret(detail.trim(), Some(token)), 160)
        )
    }
}
