//! The JavaScript face: converts JavaScript values in and out of the core and maps the
//! one error type to a JavaScript `Error`. Every argument is read defensively (typeof
//! checks, `Reflect.get` and `JSON.stringify` with their exceptions caught), so no value
//! a caller can pass makes a call throw anything but a `ConfirmationCallError`.

mod convert;
mod fetch;
mod types;

pub use fetch::confirmation_call;

use wasm_bindgen::prelude::*;

use crate::call_status::{final_status_from_text, q931_status_from_number, q931_status_from_text};
use crate::error::{Error, ErrorKind};
use crate::response::http_status_from_number;
use convert::{describe, json_to_js, locale_option, read_payload, OwnedRequestOptions, Payload};

#[wasm_bindgen(js_name = buildConfirmationCallRequest, unchecked_return_type = "ConfirmationCallRequest")]
/// Builds the provider's request, ready for `fetch(req.url, req)`.
pub fn build_confirmation_call_request(
    #[wasm_bindgen(unchecked_param_type = "ConfirmationCallRequestOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let options = OwnedRequestOptions::read(&options)?;
    let request = crate::request::build_confirmation_call_request(&options.borrow())?;
    Ok(json_to_js(&request.to_json_text()))
}

#[wasm_bindgen(js_name = normalizePhoneNumber, unchecked_return_type = "string")]
/// Returns the digits of a phone number as the provider expects them (`"421222202999"`).
pub fn normalize_phone_number(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input = convert::required_string(&input, "phoneNumber", ErrorKind::InvalidPhoneNumber)?;
    Ok(JsValue::from_str(
        &crate::phone_number::normalize_phone_number(&input, None)?,
    ))
}

#[wasm_bindgen(js_name = parseConfirmationCallResponse, unchecked_return_type = "ConfirmationCallResult")]
/// Reads the provider's answer (JSON text or a parsed object) and its HTTP status.
pub fn parse_confirmation_call_response(
    #[wasm_bindgen(unchecked_param_type = "string | object")] body: JsValue,
    #[wasm_bindgen(js_name = httpStatus, unchecked_optional_param_type = "number")]
    http_status: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let status = read_http_status(http_status.unwrap_or(JsValue::UNDEFINED))?;
    Ok(json_to_js(&parse_response(&body, status)?.to_json_text()))
}

#[wasm_bindgen(js_name = splitVerificationCallUuid, unchecked_return_type = "VerificationCallUuidParts")]
/// Splits a `verification_call_uuid` into its call id and account id.
pub fn split_verification_call_uuid(
    #[wasm_bindgen(unchecked_param_type = "string")] uuid: JsValue,
) -> Result<JsValue, JsValue> {
    let uuid = convert::required_string(&uuid, "verification_call_uuid", ErrorKind::InvalidUuid)?;
    let parts = crate::verification_call_uuid::split_verification_call_uuid(&uuid)?;
    let json = crate::json::ObjectWriter::default()
        .text("callId", &parts.call_id)
        .text("accountId", &parts.account_id)
        .finish();
    Ok(json_to_js(&json))
}

#[wasm_bindgen(js_name = interpretCallStatus, unchecked_return_type = "CallStatus")]
/// Interprets a call's `q931_status` and `final_status` by the provider's table.
pub fn interpret_call_status(
    #[wasm_bindgen(js_name = q931Status, unchecked_param_type = "number | string")]
    q931_status: JsValue,
    #[wasm_bindgen(js_name = finalStatus, unchecked_optional_param_type = "string | null")]
    final_status: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "InterpretOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let q931_status = if let Some(number) = q931_status.as_f64() {
        q931_status_from_number(number, "q931Status")?
    } else if let Some(text) = q931_status.as_string() {
        q931_status_from_text(&text, "q931Status")?
    } else {
        return Err(Error::new(
            ErrorKind::InvalidStatus,
            format!(
                "q931Status must be a number or a string of digits, got {}",
                describe(&q931_status)
            ),
        )
        .into());
    };
    let final_status = final_status.unwrap_or(JsValue::UNDEFINED);
    let final_status = if final_status.is_undefined() || final_status.is_null() {
        None
    } else if let Some(text) = final_status.as_string() {
        final_status_from_text(&text, "finalStatus")?
    } else {
        return Err(Error::new(
            ErrorKind::InvalidStatus,
            format!(
                "finalStatus must be a string or null, got {}",
                describe(&final_status)
            ),
        )
        .into());
    };
    let locale = locale_option(
        options.unwrap_or(JsValue::UNDEFINED),
        ErrorKind::InvalidStatus,
    )?;
    let status = crate::call_status::interpret_call_status(q931_status, final_status, locale);
    Ok(json_to_js(&status.to_json_text()))
}

#[wasm_bindgen(js_name = parseCallWebhook, unchecked_return_type = "CallWebhook")]
/// Reads the webhook's call-detail record (JSON text, form/query text, an object or
/// `URLSearchParams`) and interprets its status.
pub fn parse_call_webhook(
    #[wasm_bindgen(unchecked_param_type = "string | URLSearchParams | URL | object")]
    payload: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "InterpretOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let locale = locale_option(
        options.unwrap_or(JsValue::UNDEFINED),
        ErrorKind::InvalidWebhook,
    )?;
    let text = convert::webhook_payload_text(&payload)?;
    let webhook = crate::webhook::parse_call_webhook_text(&text, locale)?;
    Ok(json_to_js(&webhook.to_json_text()))
}

#[wasm_bindgen(js_name = isConfirmationCallError, unchecked_return_type = "error is ConfirmationCallError")]
/// Whether a caught value is an error thrown by this package.
pub fn is_confirmation_call_error(
    #[wasm_bindgen(unchecked_param_type = "unknown")] error: JsValue,
) -> bool {
    convert::is_confirmation_call_error(&error)
}

/// `httpStatus`: absent, or a whole number 100–599.
fn read_http_status(status: JsValue) -> Result<Option<u16>, Error> {
    if status.is_undefined() || status.is_null() {
        return Ok(None);
    }
    match status.as_f64() {
        Some(number) => http_status_from_number(number).map(Some),
        None => Err(Error::new(
            ErrorKind::MalformedResponse,
            format!("httpStatus must be a number, got {}", describe(&status)),
        )),
    }
}

/// The response body as text, then the core's reading of it. A body that cannot be read
/// still lets a non-2xx status decide first, as the contract orders the errors.
fn parse_response(
    body: &JsValue,
    status: Option<u16>,
) -> Result<crate::response::ConfirmationCallResponse, Error> {
    let max = crate::response::MAX_BODY_LENGTH;
    match read_payload(body, max) {
        Payload::Text(text) => crate::response::parse_confirmation_call_response(&text, status),
        _ if status.is_some_and(|s| !(200..300).contains(&s)) => {
            crate::response::parse_confirmation_call_response("", status)
        }
        other => Err(Error::new(
            ErrorKind::MalformedResponse,
            format!("response body {}", other.problem(max)),
        )
        .with_status_if(status)),
    }
}
