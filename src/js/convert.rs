//! Reading JavaScript values without letting a hostile one escape as an exception, and
//! turning results and errors back into JavaScript values.

use js_sys::{Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::call_status::Locale;
use crate::error::{Error, ErrorKind};
use crate::json::{self, Json};
use crate::request::RequestOptions;

/// The `name` of every error this package throws.
pub(crate) const ERROR_NAME: &str = "ConfirmationCallError";

#[wasm_bindgen]
extern "C" {
    /// `URLSearchParams`, bound here so that `toString` on a fake one is caught.
    #[wasm_bindgen(js_name = URLSearchParams)]
    type UrlSearchParams;

    /// `new URLSearchParams(formData)`: form fields as query text.
    #[wasm_bindgen(constructor, catch, js_class = "URLSearchParams")]
    fn from_form(form: &JsValue) -> Result<UrlSearchParams, JsValue>;

    #[wasm_bindgen(method, catch, js_name = toString)]
    fn to_string(this: &UrlSearchParams) -> Result<JsValue, JsValue>;

    /// `FormData`, for `await request.formData()`.
    type FormData;

    /// `Response` and `Request`, which people pass where their body was meant.
    type Response;
    type Request;

    /// `new Uint8Array(buffer, byteOffset, byteLength)`, caught (a detached buffer throws).
    #[wasm_bindgen(js_name = Uint8Array)]
    type ByteView;

    #[wasm_bindgen(constructor, catch, js_class = "Uint8Array")]
    fn view(
        buffer: &JsValue,
        byte_offset: &JsValue,
        byte_length: &JsValue,
    ) -> Result<ByteView, JsValue>;
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

/// The request options shared by `buildConfirmationCallRequest` and `confirmationCall`,
/// read from a JavaScript object, owning their strings.
pub(crate) struct OwnedRequestOptions {
    token: String,
    phone_number: String,
    base_url: Option<String>,
}

impl OwnedRequestOptions {
    /// `{ token, phoneNumber, baseUrl? }`, each checked for its type.
    pub(crate) fn read(options: &JsValue) -> Result<OwnedRequestOptions, Error> {
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

    pub(crate) fn token(&self) -> &str {
        &self.token
    }

    /// The options as the core takes them.
    pub(crate) fn borrow(&self) -> RequestOptions<'_> {
        RequestOptions {
            token: &self.token,
            phone_number: &self.phone_number,
            default_country: None,
            base_url: self.base_url.as_deref(),
        }
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

/// What a payload argument (a response body, a webhook payload) holds.
pub(crate) enum Payload {
    /// Text for the core to read.
    Text(String),
    /// More than the core takes; not copied into wasm memory.
    TooLong,
    /// A value that cannot be data: its description for the message.
    NotData(String),
    /// A value passed by a common mistake, with what to pass instead.
    Mistake(&'static str),
    /// Reading it threw: a throwing getter or `toJSON`, a Proxy trap, a cycle, a BigInt,
    /// nesting deeper than the engine's stack.
    Unreadable,
}

impl Payload {
    /// Why the payload cannot be read, for a message that starts with what it is.
    pub(crate) fn problem(&self, max_length: usize) -> String {
        match self {
            Payload::Text(_) => String::new(),
            Payload::TooLong => format!("is longer than {max_length} bytes"),
            Payload::NotData(what) => {
                format!("must be text, an object, URLSearchParams, FormData or bytes, got {what}")
            }
            Payload::Mistake(hint) => (*hint).to_owned(),
            Payload::Unreadable => {
                "could not be read as plain data (a getter, Proxy or toJSON threw, or it \
                                    has a cycle or a BigInt)"
                    .to_owned()
            }
        }
    }
}

/// Reads a payload argument: a string as it is; bytes (an ArrayBuffer, a Uint8Array, a
/// Node Buffer) as UTF-8; `URLSearchParams` and `FormData` as query text; any other object
/// as its JSON, read once by the engine itself (a `URL` becomes its address). Nothing
/// longer than `max_length` is copied into wasm memory.
pub(crate) fn read_payload(value: &JsValue, max_length: usize) -> Payload {
    let within = |length: f64| length <= max_length as f64;
    if let Some(text) = value.dyn_ref::<js_sys::JsString>() {
        if !within(f64::from(text.length())) {
            return Payload::TooLong;
        }
        return Payload::Text(value.as_string().unwrap_or_default());
    }
    if !value.is_object() {
        return Payload::NotData(describe(value));
    }
    if let Some(bytes) = read_bytes(value, max_length) {
        return bytes;
    }
    if value.is_instance_of::<FormData>() {
        return match UrlSearchParams::from_form(value) {
            Ok(params) => query_text(&params, max_length),
            Err(_) => Payload::Unreadable,
        };
    }
    if let Some(params) = value.dyn_ref::<UrlSearchParams>() {
        return query_text(params, max_length);
    }
    if value.is_instance_of::<Response>() || value.is_instance_of::<Request>() {
        return Payload::Mistake(
            "is a Response or Request: pass its body, `await response.text()`",
        );
    }
    if get_field(value, "then").is_ok_and(|then| then.is_function()) {
        return Payload::Mistake("is a Promise: `await` it first");
    }
    match JSON::stringify(value) {
        Ok(text) if !within(f64::from(text.length())) => Payload::TooLong,
        Ok(text) => match text.as_string() {
            Some(text) => match json::parse(&text) {
                // `toJSON` made it a string, as a `URL` does: read that string.
                Ok(Json::String(inner)) => Payload::Text(inner),
                _ => Payload::Text(text),
            },
            None => Payload::NotData(describe(value)),
        },
        Err(_) => Payload::Unreadable,
    }
}

fn query_text(params: &UrlSearchParams, max_length: usize) -> Payload {
    match params
        .to_string()
        .ok()
        .and_then(|text| text.dyn_into::<js_sys::JsString>().ok())
    {
        Some(text) if f64::from(text.length()) > max_length as f64 => Payload::TooLong,
        Some(text) => Payload::Text(String::from(text)),
        None => Payload::Unreadable,
    }
}

/// An ArrayBuffer or a view of one (Uint8Array, Buffer, DataView) as UTF-8 text; `None`
/// for anything else.
fn read_bytes(value: &JsValue, max_length: usize) -> Option<Payload> {
    let (buffer, offset, length) = if value.is_instance_of::<js_sys::ArrayBuffer>() {
        let length = get_field(value, "byteLength").ok()?;
        (value.clone(), JsValue::from(0), length)
    } else if js_sys::ArrayBuffer::is_view(value) {
        (
            get_field(value, "buffer").ok()?,
            get_field(value, "byteOffset").ok()?,
            get_field(value, "byteLength").ok()?,
        )
    } else {
        return None;
    };
    if !length.as_f64().is_some_and(|l| l <= max_length as f64) {
        return Some(Payload::TooLong);
    }
    Some(match ByteView::view(&buffer, &offset, &length) {
        Ok(view) => {
            let bytes = view.unchecked_into::<js_sys::Uint8Array>().to_vec();
            Payload::Text(String::from_utf8_lossy(&bytes).into_owned())
        }
        Err(_) => Payload::Unreadable,
    })
}

/// A webhook payload as text for the core.
pub(crate) fn webhook_payload_text(payload: &JsValue) -> Result<String, Error> {
    let max = crate::webhook::MAX_PAYLOAD_LENGTH;
    match read_payload(payload, max) {
        Payload::Text(text) => Ok(text),
        other => Err(Error::new(
            ErrorKind::InvalidWebhook,
            format!("webhook payload {}", other.problem(max)),
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
