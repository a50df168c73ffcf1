//! The JavaScript face, tested inside the wasm module in Node (`wasm-pack test --node`)
//! and in headless Chromium (`WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless
//! --chrome`): the same tests in both, as serde-wasm-bindgen does.
#![cfg(target_arch = "wasm32")]

use js_sys::{Function, Object, Reflect};
use kompaas_confirmation_call::js;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

/// A JavaScript value made by JavaScript source, for inputs Rust cannot spell.
fn js_value(source: &str) -> JsValue {
    Function::new_no_args(&format!("return ({source});"))
        .call0(&JsValue::UNDEFINED)
        .expect("test source evaluates")
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).expect("readable property")
}

fn text(value: &JsValue, key: &str) -> Option<String> {
    get(value, key).as_string()
}

/// The `kind` of a thrown ConfirmationCallError, after checking its name.
fn kind(error: JsValue) -> String {
    assert!(error.is_instance_of::<js_sys::Error>(), "an Error");
    assert_eq!(
        text(&error, "name").as_deref(),
        Some("ConfirmationCallError")
    );
    assert!(js::is_confirmation_call_error(error.clone()));
    text(&error, "kind").expect("a kind")
}

const EXAMPLE: &str = r#"{"status":"success","code":200,"object":{"login_did":"7777777777","code":"2463","account_id":"117793","verification_call_uuid":"119214e015ed_117793"}}"#;

#[wasm_bindgen_test]
fn builds_the_documented_request_as_a_plain_object() {
    let options = js_value(r#"{ token: "tok", phoneNumber: "+421 222 202 999" }"#);
    let request = js::build_confirmation_call_request(options).unwrap();
    assert_eq!(
        text(&request, "url").as_deref(),
        Some("https://paidmethods.kompaas.tech/api/protected/api/auth/confirmationCall")
    );
    assert_eq!(text(&request, "method").as_deref(), Some("POST"));
    assert_eq!(
        text(&get(&request, "headers"), "Authorization").as_deref(),
        Some("Bearer tok")
    );
    assert_eq!(
        text(&request, "body").as_deref(),
        Some(r#"{"phone_number":"421222202999"}"#)
    );
    let prototype: JsValue = Object::get_prototype_of(&request).into();
    assert_eq!(prototype, js_value("Object.prototype"), "a plain object");
}

#[wasm_bindgen_test]
fn parses_the_providers_example_from_text_and_object() {
    for body in [JsValue::from_str(EXAMPLE), js_value(EXAMPLE)] {
        let result = js::parse_confirmation_call_response(body, Some(JsValue::from(200))).unwrap();
        assert_eq!(text(&result, "callId").as_deref(), Some("119214e015ed"));
        assert_eq!(text(&result, "accountId").as_deref(), Some("117793"));
        assert_eq!(text(&result, "loginDid").as_deref(), Some("7777777777"));
        assert_eq!(text(&result, "code").as_deref(), Some("2463"));
    }
    let prose =
        js_value(r#"{ Ok: true, caller_number: "421900000000", verification_call_uuid: "a_1" }"#);
    let result = js::parse_confirmation_call_response(prose, None).unwrap();
    assert!(get(&result, "code").is_null());
}

#[wasm_bindgen_test]
fn http_errors_carry_status_and_provider_code() {
    let body = JsValue::from_str(r#"{"status":"error","code":"E42","message":"nope"}"#);
    let error = js::parse_confirmation_call_response(body, Some(JsValue::from(429))).unwrap_err();
    assert_eq!(get(&error, "status").as_f64(), Some(429.0));
    assert_eq!(text(&error, "providerCode").as_deref(), Some("E42"));
    assert_eq!(kind(error), "rate_limited");
}

#[wasm_bindgen_test]
fn interprets_call_status_in_both_locales() {
    let status =
        js::interpret_call_status(JsValue::from(17), Some(JsValue::from_str("cancel")), None)
            .unwrap();
    assert_eq!(text(&status, "outcome").as_deref(), Some("busy"));
    assert_eq!(get(&status, "confirmed").as_bool(), Some(false));
    assert_eq!(text(&status, "cause").as_deref(), Some("user busy"));
    let status = js::interpret_call_status(
        JsValue::from_str("16"),
        Some(JsValue::from_str("ANSWER")),
        Some(js_value(r#"{ locale: "sk" }"#)),
    )
    .unwrap();
    assert_eq!(get(&status, "confirmed").as_bool(), Some(true));
    assert_eq!(
        text(&status, "description").as_deref(),
        Some("Hovor bol prijatý.")
    );
    let error = js::interpret_call_status(JsValue::from(128), None, None).unwrap_err();
    assert_eq!(kind(error), "invalid_status");
}

#[wasm_bindgen_test]
fn parses_webhooks_from_every_form() {
    for payload in [
        js_value(
            r#"{ verification_call_uuid: "fa278be48dc2_117793", q931_status: 16, final_status: "ANSWER" }"#,
        ),
        JsValue::from_str(
            "verification_call_uuid=fa278be48dc2_117793&q931_status=16&final_status=ANSWER",
        ),
        js_value(
            r#"new URLSearchParams("verification_call_uuid=fa278be48dc2_117793&q931_status=16&final_status=ANSWER")"#,
        ),
    ] {
        let webhook = js::parse_call_webhook(payload, None).unwrap();
        assert_eq!(text(&webhook, "outcome").as_deref(), Some("answered"));
        assert_eq!(text(&webhook, "accountId").as_deref(), Some("117793"));
        assert!(get(&webhook, "data").is_object());
    }
    let error = js::parse_call_webhook(js_value("{ q931_status: 16 }"), None).unwrap_err();
    assert_eq!(kind(error), "invalid_webhook");
}

#[wasm_bindgen_test]
fn splits_uuids_and_normalizes_numbers() {
    let parts =
        js::split_verification_call_uuid(JsValue::from_str("fa278be48dc2__117793")).unwrap();
    assert_eq!(text(&parts, "callId").as_deref(), Some("fa278be48dc2"));
    assert_eq!(
        js::normalize_phone_number(JsValue::from_str("00421-222-202-999"))
            .unwrap()
            .as_string()
            .as_deref(),
        Some("421222202999")
    );
    assert_eq!(
        kind(js::normalize_phone_number(JsValue::from(421222202999_f64)).unwrap_err()),
        "invalid_phone_number"
    );
    assert_eq!(
        kind(js::split_verification_call_uuid(JsValue::from_str("x")).unwrap_err()),
        "invalid_uuid"
    );
}

#[wasm_bindgen_test]
fn hostile_values_become_errors_and_the_module_keeps_working() {
    let hostile = [
        "new Proxy({}, { get() { throw new Error('trap'); }, getPrototypeOf() { throw new Error('trap'); } })",
        "(() => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; })()",
        "(() => { const o = {}; o.o = o; return o; })()",
        "({ get token() { throw 1; }, toJSON() { throw 2; } })",
        "10n",
        "Symbol('s')",
        "(() => { let o = {}; const root = o; for (let i = 0; i < 100000; i++) o = o.a = {}; return root; })()",
    ];
    for source in hostile {
        let value = js_value(source);
        for result in [
            js::build_confirmation_call_request(value.clone()),
            js::parse_confirmation_call_response(value.clone(), None),
            js::parse_call_webhook(value.clone(), None),
            js::interpret_call_status(value.clone(), None, None),
            js::interpret_call_status(JsValue::from(16), None, Some(value.clone())),
        ] {
            if let Err(error) = result {
                kind(error);
            }
        }
        assert!(!js::is_confirmation_call_error(value));
    }
    assert!(js::normalize_phone_number(JsValue::from_str("+421 222 202 999")).is_ok());
}

/// Runs `confirmationCall` with a fetch written in JavaScript and returns what it settles to.
async fn call_with(fetch_source: &str, extra: &str) -> Result<JsValue, JsValue> {
    let options = js_value(&format!(
        r#"{{ token: "secret-token", phoneNumber: "421222202999", fetch: {fetch_source}, {extra} }}"#
    ));
    js::confirmation_call(options).await
}

#[wasm_bindgen_test]
async fn confirmation_call_success_through_the_given_fetch() {
    let fetch = format!(
        r#"async (url, init) => {{
            if (url !== "https://paidmethods.kompaas.tech/api/protected/api/auth/confirmationCall") throw new Error("url " + url);
            if (init.method !== "POST" || init.headers.Authorization !== "Bearer secret-token") throw new Error("init");
            if (!(init.signal instanceof AbortSignal)) throw new Error("no signal");
            return new Response({EXAMPLE:?}, {{ status: 200 }});
        }}"#
    );
    let result = call_with(&fetch, "").await.unwrap();
    assert_eq!(
        text(&result, "verificationCallUuid").as_deref(),
        Some("119214e015ed_117793")
    );
}

#[wasm_bindgen_test]
async fn confirmation_call_error_kinds() {
    let cases = [
        ("async () => new Response('{}', { status: 401 })", "", "unauthorized"),
        ("async () => new Response('oops', { status: 500 })", "", "server_error"),
        ("async () => new Response('<html>', { status: 200 })", "", "malformed_response"),
        ("async () => { throw new TypeError('fetch failed'); }", "", "network"),
        ("() => { throw 'not even an Error'; }", "", "network"),
        (
            "async (url, init) => { throw new Error('refused ' + init.headers.Authorization); }",
            "",
            "network",
        ),
        (
            "async () => new Response('{\"message\":\"bad token secret-token\"}', { status: 403 })",
            "",
            "unauthorized",
        ),
        ("() => new Promise(() => {})", "timeoutMs: 20", "timeout"),
        ("() => new Promise(() => {})", "signal: AbortSignal.abort('a string reason')", "aborted"),
        ("() => new Promise(() => {})", "signal: (() => { const c = new AbortController(); setTimeout(() => c.abort('late string'), 10); return c.signal; })()", "aborted"),
        ("() => new Promise(() => {})", "signal: (() => { const c = new AbortController(); setTimeout(() => c.abort(), 10); return c.signal; })()", "aborted"),
        ("() => new Promise(() => {})", "signal: (() => { const c = new AbortController(); setTimeout(() => c.abort({ weird: true }), 10); return c.signal; })()", "aborted"),
        ("(url, init) => new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason)))", "timeoutMs: 20", "timeout"),
    ];
    for (fetch, extra, expected) in cases {
        let error = call_with(fetch, extra).await.unwrap_err();
        let message = text(&error, "message").unwrap_or_default();
        assert!(!message.contains("secret-token"), "{message}");
        assert_eq!(kind(error), expected, "{fetch} {extra}");
    }
}

#[wasm_bindgen_test]
async fn confirmation_call_timeout_says_the_call_may_have_been_placed() {
    let error = call_with("() => new Promise(() => {})", "timeoutMs: 10")
        .await
        .unwrap_err();
    assert!(text(&error, "message")
        .unwrap_or_default()
        .contains("may still have been placed"));
}
