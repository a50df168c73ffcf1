//! The wasm side of the JavaScript face, tested inside the module in Node (`wasm-pack test
//! --node`) and in headless Chromium (`WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless
//! --chrome`): the same tests in both. They check the numeric boundary the way
//! `npm/api.js` uses it (records written into the scratch area, results read back), and
//! the transport with each platform's own `Request`, `Headers` and `AbortSignal`. The
//! JavaScript face itself is tested over the built package by `tests/js/`.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, Promise, Reflect};
use kompaas_confirmation_call::js;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

/// One input record, as `npm/api.js` writes it.
enum Record<'a> {
    Missing,
    Object,
    Number(f64),
    Text(&'a str),
    /// A text as UTF-16 code units, which need not be well-formed (a lone surrogate).
    Units(&'a [u16]),
    /// The number of a payload's place, before its value (a response body).
    Place(u16),
}

/// What an export wrote back.
struct Output {
    words: Vec<u32>,
    texts: Vec<String>,
    /// The constants table, read before the call as `npm/api.js` reads it once (reading a
    /// table overwrites a call's results).
    constants: Vec<String>,
}

impl Output {
    fn word(&self, index: usize) -> u32 {
        self.words[index]
    }

    /// The string at `index..index + 3`, as `string()` in `npm/api.js` reads it.
    fn string(&self, index: usize) -> Option<String> {
        let (source, start, length) = (
            self.words[index],
            self.words[index + 1] as usize,
            self.words[index + 2] as usize,
        );
        match source {
            0 => None,
            1 => {
                let base = self.words[31] as usize + start;
                // SAFETY: the export wrote `length` code units there, in this module's memory.
                let units = unsafe { std::slice::from_raw_parts((base * 2) as *const u16, length) };
                Some(String::from_utf16(units).unwrap())
            }
            2 => Some(self.constants[start].clone()),
            input => {
                let text: Vec<u16> = self.texts[input as usize - 3].encode_utf16().collect();
                Some(String::from_utf16(&text[start..start + length]).unwrap())
            }
        }
    }
}

/// Writes `records` into the scratch area and calls `export` with their length.
fn call(export: fn(u32) -> u32, records: &[Record<'_>]) -> Output {
    let mut constants = Vec::new();
    while js::abi_table(7, constants.len() as u32) == 0 {
        match Output::read(Vec::new(), Vec::new()).string(1) {
            Some(text) => constants.push(text),
            None => break,
        }
    }
    let mut units: Vec<u16> = Vec::new();
    let mut numbers = Vec::new();
    let mut texts = Vec::new();
    for record in records {
        match record {
            Record::Missing => units.push(0),
            Record::Object => units.push(6),
            Record::Place(place) => units.push(*place),
            Record::Number(n) => {
                units.push(4);
                numbers.push(*n);
            }
            Record::Text(text) => {
                let code_units: Vec<u16> = text.encode_utf16().collect();
                units.push(5);
                units.push((code_units.len() & 0xffff) as u16);
                units.push((code_units.len() >> 16) as u16);
                units.extend(code_units);
                texts.push((*text).to_owned());
            }
            Record::Units(code_units) => {
                units.push(5);
                units.push((code_units.len() & 0xffff) as u16);
                units.push((code_units.len() >> 16) as u16);
                units.extend(code_units.iter());
                // Only its place among the texts matters: no span may point into it.
                texts.push(String::from_utf16_lossy(code_units));
            }
        }
    }
    let base = js::abi_reserve(units.len() as u32) as usize;
    let numbers_base = js::abi_numbers() as usize;
    // SAFETY: abi_reserve made room for the units; the number slots hold 32 values.
    unsafe {
        std::ptr::copy_nonoverlapping(units.as_ptr(), (base * 2) as *mut u16, units.len());
        std::ptr::copy_nonoverlapping(
            numbers.as_ptr(),
            (numbers_base * 8) as *mut f64,
            numbers.len(),
        );
    }
    let status = export(units.len() as u32);
    let output = Output::read(texts, constants);
    assert_eq!(status, output.words[0]);
    output
}

impl Output {
    /// What the last export wrote, for a call whose input texts were `texts`.
    fn read(texts: Vec<String>, constants: Vec<String>) -> Output {
        let out = js::abi_out() as usize;
        // SAFETY: the output words are 32 u32 in this module's memory.
        let words = unsafe { std::slice::from_raw_parts((out * 4) as *const u32, 32) }.to_vec();
        Output {
            words,
            texts,
            constants,
        }
    }
}

#[wasm_bindgen_test]
fn texts_that_never_change_come_from_the_constants_table() {
    use Record::*;
    let request = |base_url| {
        let out = call(
            js::abi_build,
            &[
                Object,
                Text("tok"),
                Text("+421 222 202 999"),
                base_url,
                Missing,
            ],
        );
        assert_eq!(out.word(0), 0, "success");
        (
            out.word(1),
            (1..=16)
                .step_by(3)
                .map(|i| out.string(i))
                .collect::<Vec<_>>(),
        )
    };
    let (url_source, default) = request(Missing);
    assert_eq!(url_source, 2, "the default URL is a constant");
    let expected = [
        "https://paidmethods.kompaas.tech/api/protected/api/auth/confirmationCall",
        "POST",
        "application/json",
        "application/json",
        "Bearer tok",
        "{\"phone_number\":\"421222202999\"}",
    ];
    assert_eq!(default, expected.map(|s| Some(s.to_owned())));
    let (url_source, own) = request(Text("http://localhost:8787/"));
    assert_eq!(url_source, 1, "another URL is new text");
    assert_eq!(
        own[0].as_deref(),
        Some("http://localhost:8787/api/protected/api/auth/confirmationCall")
    );
}

#[wasm_bindgen_test]
fn interprets_a_status_through_the_numeric_boundary() {
    use Record::*;
    let out = call(
        js::abi_interpret,
        &[Number(16.0), Text("ANSWER"), Missing, Missing],
    );
    assert_eq!(out.word(0), 0, "success");
    assert_eq!(
        (out.word(1), out.word(2), out.word(3)),
        (0, 16, 0),
        "answered, 16, English"
    );
    assert_eq!(out.string(4).as_deref(), Some("ANSWER"));
    assert_eq!(
        out.word(4),
        3,
        "an unchanged final status is the caller's own string (the first input text)"
    );

    let out = call(
        js::abi_interpret,
        &[Text(" 17 "), Text("cancel"), Missing, Missing],
    );
    assert_eq!((out.word(1), out.word(2)), (2, 17), "busy");
    assert_eq!(out.string(4).as_deref(), Some("CANCEL"));
}

#[wasm_bindgen_test]
fn errors_come_back_with_kind_status_and_message() {
    use Record::*;
    let out = call(js::abi_normalize, &[Text("abc"), Missing, Missing]);
    assert_eq!(out.word(0), 1, "an error");
    assert_eq!(out.word(1), 0, "invalid_phone_number, the first kind");
    assert!(out.string(3).unwrap().contains("letters"));
    assert_eq!(out.string(6), None, "no provider code");

    let out = call(
        js::abi_response,
        &[
            Number(503.0),
            Missing,
            Number(0.0),
            Place(0),
            Text("error"),
            Place(4),
            Text("E42"),
        ],
    );
    assert_eq!(out.word(0), 1);
    assert_eq!(
        (out.word(1), out.word(2)),
        (8, 503),
        "server_error with its status"
    );
    assert_eq!(out.string(6).as_deref(), Some("E42"));
}

#[wasm_bindgen_test]
fn a_response_body_crosses_as_the_places_that_hold_a_value() {
    use Record::*;
    // The provider's example: status (place 0), code (4), object (10), and in `object`
    // verification_call_uuid (12), account_id (13), login_did (14), code (16), in any
    // order; a place past the table is read and left alone.
    let out = call(
        js::abi_response,
        &[
            Number(200.0),
            Missing,
            Number(0.0),
            Place(16),
            Text("2463"),
            Place(12),
            Text(" 119214e015ed_117793 "),
            Place(0),
            Text("success"),
            Place(4),
            Number(200.0),
            Place(10),
            Object,
            Place(999),
            Text("ignored"),
            Place(13),
            Number(117793.0),
            Place(14),
            Text("7777777777"),
        ],
    );
    assert_eq!(out.word(0), 0, "a success");
    assert_eq!(out.string(1).as_deref(), Some("119214e015ed_117793"));
    assert_eq!(
        (out.word(1), out.word(2)),
        (4, 1),
        "a piece of the uuid's text (the second input text), trimmed"
    );
    assert_eq!(out.string(4).as_deref(), Some("119214e015ed"));
    assert_eq!(
        out.string(7).as_deref(),
        Some("117793"),
        "account_id given as a number"
    );
    assert_eq!(
        out.word(7),
        1,
        "new text: a number has no text to point into"
    );
    assert_eq!(out.string(10).as_deref(), Some("7777777777"));
    assert_eq!(out.string(13).as_deref(), Some("2463"));

    // A text with a lone surrogate is changed by decoding, so it comes back as new text,
    // and the texts after it keep their own places among the texts.
    let out = call(
        js::abi_response,
        &[
            Number(200.0),
            Missing,
            Number(0.0),
            Place(12),
            Text("ab_1"),
            Place(16),
            Units(&[0x61, 0xd800, 0x62]),
            Place(14),
            Text("777"),
        ],
    );
    assert_eq!(out.word(0), 0, "a success");
    assert_eq!(out.word(13), 1, "the code is new text, not a span");
    assert_eq!(out.string(13).as_deref(), Some("a\u{fffd}b"));
    assert_eq!(
        (out.word(10), out.string(10).as_deref()),
        (5, Some("777")),
        "the login DID is a span of the third text"
    );

    // No places at all: the body has no verification_call_uuid.
    let out = call(js::abi_response, &[Number(200.0), Missing, Number(0.0)]);
    assert_eq!((out.word(0), out.word(1)), (1, 10), "malformed_response");
    assert!(out.string(3).unwrap().contains("no verification_call_uuid"));
}

#[wasm_bindgen_test]
fn webhook_parts_are_spans_of_the_callers_uuid() {
    use Record::*;
    let out = call(
        js::abi_webhook,
        &[
            Missing,
            Missing,
            Number(0.0),
            Place(0),
            Text(" fa278be48dc2__117793 "),
            Place(1),
            Number(16.0),
            Place(2),
            Text("answer"),
        ],
    );
    assert_eq!(out.word(0), 0, "{:?}", out.string(3));
    assert_eq!(out.string(7).as_deref(), Some("fa278be48dc2__117793"));
    assert_eq!(out.string(10).as_deref(), Some("fa278be48dc2"));
    assert_eq!(out.string(13).as_deref(), Some("117793"));
    assert_eq!(out.word(7), 3, "the uuid is a span of the first text");
    assert_eq!(out.string(4).as_deref(), Some("ANSWER"));
}

#[wasm_bindgen_test]
fn the_scratch_area_grows_for_long_input_and_stays_correct() {
    use Record::*;
    let long = format!("{}_1", "a".repeat(3000));
    let out = call(js::abi_split, &[Text(&long)]);
    assert_eq!(out.word(0), 1, "longer than a uuid may be");
    let out = call(js::abi_split, &[Text("x_7")]);
    assert_eq!(
        (out.string(4).as_deref(), out.string(7).as_deref()),
        (Some("x"), Some("7"))
    );
}

/// A JavaScript value made by JavaScript source, for inputs Rust cannot spell.
fn js_value(source: &str) -> JsValue {
    Function::new_no_args(&format!("return ({source});"))
        .call0(&JsValue::UNDEFINED)
        .expect("test source evaluates")
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).expect("readable property")
}

const URL: &str = "https://paidmethods.kompaas.tech/api/protected/api/auth/confirmationCall";

fn send(fetch: &JsValue, controller: &JsValue) -> Array {
    js::abi_send(
        URL,
        "Bearer secret-token",
        &JsValue::from_str(r#"{"phone_number":"421222202999"}"#),
        "secret-token",
        fetch.unchecked_ref(),
        &JsValue::UNDEFINED,
        get(controller, "signal").unchecked_ref(),
    )
}

#[wasm_bindgen_test]
async fn sends_one_standard_request_with_the_calls_signal() {
    let seen = js_value("[]");
    let fetch = Function::new_with_args(
        "request",
        "this.push(request); return Promise.resolve(new Response('{}', { status: 200 }));",
    )
    .bind0(&seen);
    let controller = js_value("new AbortController()");
    let answer = send(&fetch, &controller);
    assert_eq!(answer.get(0), JsValue::from(0));
    let response = JsFuture::from(answer.get(1).dyn_into::<Promise>().unwrap())
        .await
        .unwrap();
    assert_eq!(get(&response, "status"), JsValue::from(200));

    let seen: Array = seen.unchecked_into();
    assert_eq!(seen.length(), 1, "fetch is called once");
    let request = seen.get(0);
    assert!(
        request.is_instance_of::<web_sys::Request>(),
        "a standard Request"
    );
    assert_eq!(get(&request, "url").as_string().as_deref(), Some(URL));
    assert_eq!(get(&request, "method").as_string().as_deref(), Some("POST"));
    let headers = get(&request, "headers");
    let header = |name: &str| {
        let get_header: Function = get(&headers, "get").unchecked_into();
        get_header
            .call1(&headers, &JsValue::from_str(name))
            .unwrap()
            .as_string()
    };
    assert_eq!(
        header("authorization").as_deref(),
        Some("Bearer secret-token")
    );
    assert_eq!(header("content-type").as_deref(), Some("application/json"));
    assert_eq!(header("accept").as_deref(), Some("application/json"));
    let text: Function = get(&request, "text").unchecked_into();
    let body = JsFuture::from(text.call0(&request).unwrap().dyn_into::<Promise>().unwrap())
        .await
        .unwrap();
    assert_eq!(
        body.as_string().as_deref(),
        Some(r#"{"phone_number":"421222202999"}"#)
    );

    // The Request carries the call's own signal: aborting the controller aborts it.
    let signal = get(&request, "signal");
    assert_eq!(get(&signal, "aborted"), JsValue::FALSE);
    let abort: Function = get(&controller, "abort").unchecked_into();
    abort.call0(&controller).unwrap();
    assert_eq!(get(&signal, "aborted"), JsValue::TRUE);
}

#[wasm_bindgen_test]
fn a_fetch_that_throws_at_once_is_a_failure_without_the_token() {
    let fetch = js_value(
        "(request) => { throw new TypeError('refused ' + request.headers.get('authorization')); }",
    );
    let controller = js_value("new AbortController()");
    let answer = send(&fetch, &controller);
    assert_eq!(answer.get(0), JsValue::from(2));
    let message = answer.get(1).as_string().unwrap();
    assert!(
        message.starts_with("the request could not be sent"),
        "{message}"
    );
    assert!(
        message.contains("[token]") && !message.contains("secret-token"),
        "{message}"
    );
    assert!(
        answer.get(2).is_instance_of::<js_sys::TypeError>(),
        "what was thrown"
    );
}

#[wasm_bindgen_test]
fn transport_messages_never_run_a_hostile_value() {
    let hostile = [
        "new Proxy({}, { get() { throw new Error('trap'); }, getPrototypeOf() { throw new Error('trap'); } })",
        "(() => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; })()",
        "({ get message() { throw 1; } })",
        "'a string'",
        "undefined",
    ];
    for source in hostile {
        let message = js::abi_transport_message(0, &js_value(source), "secret-token");
        assert_eq!(message, "the request could not be sent", "{source}");
    }
    let detailed = js_value("new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })");
    assert_eq!(
        js::abi_transport_message(0, &detailed, "secret-token"),
        r#"the request could not be sent: "fetch failed (ECONNREFUSED)""#
    );
    assert!(
        js::abi_transport_message(1, &JsValue::UNDEFINED, "secret-token")
            .contains("not a Response")
    );
}
