//! Reading JavaScript values without letting a hostile one escape as an exception, and
//! turning results and errors back into JavaScript values.

use js_sys::{Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::OwnedRequestOptions;
use crate::call_status::Locale;
use crate::error::{Error, ErrorKind};
use crate::json::{self, Json};

/// The `name` of every error this package throws.
pub(crate) const ERROR_NAME: &str = "ConfirmationCallError";

#[wasm_bindgen]
extern "C" {
    /// `URLSearchParams`, bound here so that `toString` on a fake one is caught.
    #[wasm_bindgen(js_name = URLSearchParams)]
    type UrlSearchParams;

    #[wasm_bindgen(method, catch, js_name = toString)]
    fn to_string(this: &UrlSearchParams) -> Result<JsValue, JsValue>;
}

impl From<Error> for JsValue {
    /// A JavaScript `Error` named `ConfirmationCallError` with `kind`, and `status` and
    /// `providerCode` where there were some.
    fn from(error: Error) -> JsValue {
        let js_error = js_sys::Error::new(&error.message);
        js_error.set_name(ERROR_NAME);
        let set = |key: &str, value: JsValue| {
            // Setting a property on a fresh Error cannot fail.
            let _ = Reflect::set(&js_error, &JsValue::from_str(key), &value);
        };
        set("kind", JsValue::from_str(error.kind.as_str()));
        if let Some(status) = error.status {
            set("status", JsValue::from(status));
        }
        if let Some(code) = &error.provider_code {
            set("providerCode", JsValue::from_str(code));
        }
        js_error.into()
    }
}

/// A short description of a value's type for messages; it never reads the value itself,
/// so a Proxy or a throwing `toString` is never touched.
pub(crate) fn describe(value: &JsValue) -> String {
    if value.is_null() {
        return "null".to_owned();
    }
    match value.js_typeof().as_string().as_deref() {
        Some("undefined") => "undefined".to_owned(),
        Some("string") => "a string".to_owned(),
        Some("object") => "an object".to_owned(),
        Some("bigint") => "a bigint".to_owned(),
        Some(other @ ("number" | "boolean" | "symbol" | "function")) => format!("a {other}"),
        _ => "a value of unknown type".to_owned(),
    }
}

/// `value` as a string, or an error of `kind` naming `field`.
pub(crate) fn required_string(
    value: &JsValue,
    field: &str,
    kind: ErrorKind,
) -> Result<String, Error> {
    value.as_string().ok_or_else(|| {
        Error::new(
            kind,
            format!("{field} must be a string, got {}", describe(value)),
        )
    })
}

/// `object[key]`, with a throwing getter or Proxy trap reported as `Err`.
pub(crate) fn get_field(object: &JsValue, key: &str) -> Result<JsValue, ()> {
    if !object.is_object() && !object.is_function() {
        return Err(());
    }
    Reflect::get(object, &JsValue::from_str(key)).map_err(|_| ())
}

/// Reads an options object's field, reporting failures as `kind` errors naming the field.
pub(crate) fn read_option(options: &JsValue, key: &str, kind: ErrorKind) -> Result<JsValue, Error> {
    get_field(options, key)
        .map_err(|()| Error::new(kind, format!("options.{key} could not be read")))
}

/// Reading the request options shared by `buildConfirmationCallRequest` and
/// `confirmationCall`.
pub(crate) struct JsObject;

impl JsObject {
    /// `{ token, phoneNumber, baseUrl? }`, each checked for its type.
    pub(crate) fn read_request_options(options: &JsValue) -> Result<OwnedRequestOptions, Error> {
        if !options.is_object() {
            return Err(Error::new(
                ErrorKind::InvalidToken,
                format!(
                    "options must be an object with token and phoneNumber, got {}",
                    describe(options)
                ),
            ));
        }
        let token = read_option(options, "token", ErrorKind::InvalidToken)?;
        let token = required_string(&token, "token", ErrorKind::InvalidToken)?;
        let phone_number = read_option(options, "phoneNumber", ErrorKind::InvalidPhoneNumber)?;
        let phone_number =
            required_string(&phone_number, "phoneNumber", ErrorKind::InvalidPhoneNumber)?;
        let base_url = read_option(options, "baseUrl", ErrorKind::InvalidBaseUrl)?;
        let base_url = if base_url.is_undefined() || base_url.is_null() {
            None
        } else {
            Some(required_string(
                &base_url,
                "baseUrl",
                ErrorKind::InvalidBaseUrl,
            )?)
        };
        Ok(OwnedRequestOptions {
            token,
            phone_number,
            base_url,
        })
    }
}

/// `{ locale? }`: absent means English; errors are of `kind`, the calling function's own.
pub(crate) fn locale_option(options: JsValue, kind: ErrorKind) -> Result<Locale, Error> {
    if options.is_undefined() || options.is_null() {
        return Ok(Locale::En);
    }
    if !options.is_object() {
        return Err(Error::new(
            kind,
            format!(
                "options must be an object like {{ locale: \"sk\" }}, got {}",
                describe(&options)
            ),
        ));
    }
    let locale = read_option(&options, "locale", kind)?;
    if locale.is_undefined() || locale.is_null() {
        return Ok(Locale::En);
    }
    let tag = required_string(&locale, "options.locale", kind)?;
    Ok(Locale::from_tag(&tag))
}

/// What `JSON.stringify` made of a value.
pub(crate) enum Snapshot {
    /// JSON text.
    Text(String),
    /// The value has no JSON form (a function, a symbol, `undefined`).
    NotJson,
    /// Reading it threw: a throwing getter or `toJSON`, a Proxy trap, a cycle, a BigInt,
    /// nesting deeper than the engine's stack.
    Unreadable,
}

/// A plain copy of an object as JSON text, read once by the engine itself.
pub(crate) fn snapshot(value: &JsValue) -> Snapshot {
    match JSON::stringify(value) {
        Ok(text) => text.as_string().map_or(Snapshot::NotJson, Snapshot::Text),
        Err(_) => Snapshot::Unreadable,
    }
}

/// A response body given as JSON text or as an object.
pub(crate) fn read_json_text(body: &JsValue) -> Snapshot {
    if let Some(text) = body.as_string() {
        return Snapshot::Text(text);
    }
    if !body.is_object() {
        return Snapshot::NotJson;
    }
    snapshot(body)
}

/// A webhook payload as text for the core: strings as they are, `URLSearchParams` as
/// query text, objects as JSON (a `URL` object as its address, which carries the query).
pub(crate) fn webhook_payload_text(payload: &JsValue) -> Result<String, Error> {
    let invalid = |why: String| Error::new(ErrorKind::InvalidWebhook, why);
    if let Some(text) = payload.as_string() {
        return Ok(text);
    }
    if !payload.is_object() {
        return Err(invalid(format!(
            "webhook payload must be JSON text, form text, an object or URLSearchParams, got {}",
            describe(payload)
        )));
    }
    if let Some(params) = payload.dyn_ref::<UrlSearchParams>() {
        return params
            .to_string()
            .ok()
            .and_then(|text| text.as_string())
            .ok_or_else(|| {
                invalid("webhook payload URLSearchParams could not be read".to_owned())
            });
    }
    match snapshot(payload) {
        Snapshot::Text(text) => match json::parse(&text) {
            // `toJSON` made it a string, as a `URL` does: read that string.
            Ok(Json::String(inner)) => Ok(inner),
            _ => Ok(text),
        },
        Snapshot::NotJson => Err(invalid("webhook payload has no JSON form".to_owned())),
        Snapshot::Unreadable => Err(invalid(
            "webhook payload could not be read as plain data (a getter, Proxy or toJSON threw, \
             or it has a cycle or a BigInt)"
                .to_owned(),
        )),
    }
}

/// A result of the core as a plain JavaScript object, made by the engine's own
/// `JSON.parse` so that every key (even `__proto__`) becomes an own data property.
pub(crate) fn json_to_js(json_text: &str) -> JsValue {
    JSON::parse(json_text).unwrap_or(JsValue::NULL)
}

/// An `Error` named `ConfirmationCallError` with a known `kind`.
pub(crate) fn is_confirmation_call_error(value: &JsValue) -> bool {
    if !value.is_instance_of::<js_sys::Error>() {
        return false;
    }
    let name = get_field(value, "name").ok().and_then(|n| n.as_string());
    let kind = get_field(value, "kind").ok().and_then(|k| k.as_string());
    name.as_deref() == Some(ERROR_NAME)
        && kind.is_some_and(|kind| ErrorKind::ALL.iter().any(|k| k.as_str() == kind))
}
