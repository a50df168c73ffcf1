//! A small strict JSON reader and writer: provider bodies and webhook payloads are JSON,
//! and our own reader keeps numbers as their exact digits (a 15-digit phone number sent as
//! a JSON number must not lose precision) and bounds nesting, so no input can exhaust the
//! wasm stack.

/// The deepest nesting accepted; provider bodies are two levels deep.
pub const MAX_DEPTH: usize = 64;

/// A JSON value. Objects keep their members in order; lookups take the last of duplicate
/// keys, as `JSON.parse` does.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as its JSON text (`117793`, `-1.5e3`).
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, members in order.
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The member `key` of an object, or `None` for a missing key or a non-object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value as a string slice, when it is a JSON string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// A string, or a whole number written in decimal digits, as text: the provider
    /// documents strings but some fields arrive as numbers (`"account_id": 117793`).
    pub fn to_text(&self) -> Option<String> {
        match self {
            Json::String(s) => Some(s.clone()),
            Json::Number(n) => whole_number_text(n),
            _ => None,
        }
    }

    /// The member `key` of an object through [`Json::to_text`], ignoring empty text.
    pub fn text_field(&self, key: &str) -> Option<String> {
        self.get(key)
            .and_then(Json::to_text)
            .filter(|s| !s.trim().is_empty())
    }

    /// A short name of the value's type, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }

    /// The value as compact JSON text.
    pub fn to_json_text(&self) -> String {
        let mut out = String::new();
        write_value(self, &mut out);
        out
    }
}

/// The digits of a whole-number JSON number (`117793`, and the forms JavaScript writes for
/// it, `117793.0` or `1.17793e5`), or `None` for a fraction, a negative number or one of
/// more than 15 digits. Done on the digits, without floats, so the result is exact.
pub fn whole_number_text(number: &str) -> Option<String> {
    const MAX_DIGITS: usize = 15;
    let (mantissa, exponent) = match number.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, exponent.parse::<i32>().ok()?),
        None => (number, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty()
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut digits = format!("{whole}{fraction}");
    let fraction_len = i32::try_from(fraction.len()).ok()?;
    let shift = exponent.checked_sub(fraction_len)?;
    if shift >= 0 {
        let zeros = usize::try_from(shift).ok().filter(|z| *z <= MAX_DIGITS)?;
        digits.extend(std::iter::repeat_n('0', zeros));
    } else {
        let cut = usize::try_from(shift.unsigned_abs()).ok()?;
        let keep = digits.len().checked_sub(cut)?;
        if !digits.get(keep..)?.bytes().all(|b| b == b'0') {
            return None;
        }
        digits.truncate(keep);
    }
    let significant = digits.trim_start_matches('0');
    let digits = if significant.is_empty() {
        "0"
    } else {
        significant
    };
    (digits.len() <= MAX_DIGITS).then(|| digits.to_owned())
}

/// Why a text is not JSON, with the byte offset where reading stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What was wrong.
    pub message: &'static str,
    /// Where, in bytes from the start.
    pub offset: usize,
}

/// Reads `text` as one JSON value, with white space around it allowed.
pub fn parse(text: &str) -> Result<Json, ParseError> {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        text,
        pos: 0,
    };
    reader.skip_white_space();
    let value = reader.value(0)?;
    reader.skip_white_space();
    if reader.pos < reader.bytes.len() {
        return Err(reader.error("unexpected text after the JSON value"));
    }
    Ok(value)
}

struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl Reader<'_> {
    fn error(&self, message: &'static str) -> ParseError {
        ParseError {
            message,
            offset: self.pos,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_white_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn expect_literal(&mut self, literal: &str, value: Json) -> Result<Json, ParseError> {
        let end = self.pos.saturating_add(literal.len());
        if self.bytes.get(self.pos..end) == Some(literal.as_bytes()) {
            self.pos = end;
            Ok(value)
        } else {
            Err(self.error("unexpected character"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, ParseError> {
        match self.peek() {
            None => Err(self.error("unexpected end of text")),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Json::String),
            Some(b't') => self.expect_literal("true", Json::Bool(true)),
            Some(b'f') => self.expect_literal("false", Json::Bool(false)),
            Some(b'n') => self.expect_literal("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("unexpected character")),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.pos += 1; // the `{`
        let mut members = Vec::new();
        self.skip_white_space();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Json::Object(members));
        }
        loop {
            self.skip_white_space();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a member name in double quotes"));
            }
            let key = self.string()?;
            self.skip_white_space();
            if self.peek() != Some(b':') {
                return Err(self.error("expected ':' after a member name"));
            }
            self.pos += 1;
            self.skip_white_space();
            let value = self.value(depth)?;
            members.push((key, value));
            self.skip_white_space();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Json::Object(members));
                }
                _ => return Err(self.error("expected ',' or '}' in an object")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.pos += 1; // the `[`
        let mut items = Vec::new();
        self.skip_white_space();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Json::Array(items));
        }
        loop {
            self.skip_white_space();
            items.push(self.value(depth)?);
            self.skip_white_space();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Json::Array(items));
                }
                _ => return Err(self.error("expected ',' or ']' in an array")),
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Json, ParseError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.error("expected a digit")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.error("expected a digit after '.'"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.error("expected a digit in the exponent"));
            }
        }
        let text = self.text.get(start..self.pos).unwrap_or_default();
        Ok(Json::Number(text.to_owned()))
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let mut value = 0u32;
        for _ in 0..4 {
            let digit = self
                .peek()
                .and_then(|b| (b as char).to_digit(16))
                .ok_or_else(|| self.error("expected four hex digits after \\u"))?;
            value = value * 16 + digit;
            self.pos += 1;
        }
        Ok(value)
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.pos += 1; // the opening quote
        let mut out = String::new();
        loop {
            // Copy the run of plain characters at once; the text is valid UTF-8 and the
            // run ends at an ASCII byte, so the slice is on character boundaries.
            let run_start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(self.text.get(run_start..self.pos).unwrap_or_default());
            match self.peek() {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escape = self
                        .peek()
                        .ok_or_else(|| self.error("unterminated string"))?;
                    self.pos += 1;
                    match escape {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => out.push(self.unicode_escape()?),
                        _ => return Err(self.error("unknown escape in a string")),
                    }
                }
                Some(_) => return Err(self.error("control character in a string")),
            }
        }
    }

    /// The character of a `\uXXXX` escape (the `\u` already read), joining surrogate
    /// pairs; a lone surrogate becomes U+FFFD, as in JavaScript's `toWellFormed`.
    fn unicode_escape(&mut self) -> Result<char, ParseError> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first)
            && self.bytes.get(self.pos..self.pos + 2) == Some(b"\\u")
        {
            let saved = self.pos;
            self.pos += 2;
            let second = self.hex4()?;
            if (0xDC00..0xE000).contains(&second) {
                let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                return Ok(char::from_u32(code).unwrap_or('\u{FFFD}'));
            }
            self.pos = saved;
        }
        Ok(char::from_u32(first).unwrap_or('\u{FFFD}'))
    }
}

fn write_value(value: &Json, out: &mut String) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(true) => out.push_str("true"),
        Json::Bool(false) => out.push_str("false"),
        Json::Number(n) => out.push_str(n),
        Json::String(s) => write_string(s, out),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Json::Object(members) => {
            out.push('{');
            for (i, (key, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                write_value(item, out);
            }
            out.push('}');
        }
    }
}

/// Writes `s` as a JSON string literal. Runs of characters that need no escape are
/// copied whole: the escaped ones are ASCII, so every cut is on a character boundary.
pub fn write_string(s: &str, out: &mut String) {
    out.reserve(s.len() + 2);
    out.push('"');
    let mut run_start = 0;
    for (i, byte) in s.bytes().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(s.get(run_start..i).unwrap_or_default());
        if escape.is_empty() {
            out.push_str(&format!("\\u{byte:04x}"));
        } else {
            out.push_str(escape);
        }
        run_start = i + 1;
    }
    out.push_str(s.get(run_start..).unwrap_or_default());
    out.push('"');
}

/// Writes a JSON object member by member straight into text, for results handed to
/// JavaScript (no tree of owned values is built first).
pub struct ObjectWriter {
    text: String,
}

impl Default for ObjectWriter {
    fn default() -> Self {
        ObjectWriter {
            text: String::from("{"),
        }
    }
}

impl ObjectWriter {
    fn key(&mut self, key: &str) {
        if self.text.len() > 1 {
            self.text.push(',');
        }
        write_string(key, &mut self.text);
        self.text.push(':');
    }

    /// A member whose value is text.
    pub fn text(mut self, key: &str, value: &str) -> Self {
        self.key(key);
        write_string(value, &mut self.text);
        self
    }

    /// A member whose value is text or `null`.
    pub fn optional_text(self, key: &str, value: Option<&str>) -> Self {
        match value {
            Some(value) => self.text(key, value),
            None => self.json(key, "null"),
        }
    }

    /// A member whose value is `true` or `false`.
    pub fn boolean(self, key: &str, value: bool) -> Self {
        self.json(key, if value { "true" } else { "false" })
    }

    /// A member whose value is a whole number.
    pub fn integer(self, key: &str, value: u64) -> Self {
        self.json(key, &value.to_string())
    }

    /// A member whose value is any JSON value.
    pub fn value(mut self, key: &str, value: &Json) -> Self {
        self.key(key);
        write_value(value, &mut self.text);
        self
    }

    /// A member whose value is JSON text already written (a nested object).
    pub fn json(mut self, key: &str, json_text: &str) -> Self {
        self.key(key);
        self.text.push_str(json_text);
        self
    }

    /// The finished object, as JSON text.
    pub fn finish(mut self) -> String {
        self.text.push('}');
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_providers_success_example() {
        // The provider's page, character for character.
        let body = include_str!("../tests/fixtures/confirmation-call-success.json");
        let value = parse(body).unwrap();
        assert_eq!(value.get("status"), Some(&Json::String("success".into())));
        assert_eq!(value.get("code"), Some(&Json::Number("200".into())));
        let object = value.get("object").unwrap();
        assert_eq!(object.text_field("account_id").as_deref(), Some("117793"));
    }

    #[test]
    fn keeps_the_exact_digits_of_large_numbers() {
        let value = parse(r#"{"n": 421222202999123}"#).unwrap();
        assert_eq!(value.text_field("n").as_deref(), Some("421222202999123"));
        let value = parse(r#"{"n": 4212222029991234}"#).unwrap();
        assert_eq!(
            value.text_field("n"),
            None,
            "more digits than a phone number or id has"
        );
    }

    #[test]
    fn whole_numbers_in_float_forms_become_digits() {
        assert_eq!(whole_number_text("117793.0").as_deref(), Some("117793"));
        assert_eq!(whole_number_text("1.17793e5").as_deref(), Some("117793"));
        assert_eq!(whole_number_text("1.5"), None);
        assert_eq!(whole_number_text("-3"), None);
        assert_eq!(whole_number_text("1e300"), None);
        assert_eq!(whole_number_text("0"), Some("0".into()));
        assert_eq!(whole_number_text("1.6e1"), Some("16".into()));
        assert_eq!(whole_number_text("1600e-2"), Some("16".into()));
        assert_eq!(whole_number_text("16.50e-1"), None);
        assert_eq!(whole_number_text("1e-5"), None);
        assert_eq!(whole_number_text("1e99999999999"), None);
        assert_eq!(whole_number_text("1234567890123456"), None);
    }

    #[test]
    fn last_duplicate_key_wins_like_json_parse() {
        let value = parse(r#"{"a": 1, "a": 2}"#).unwrap();
        assert_eq!(value.get("a"), Some(&Json::Number("2".into())));
    }

    #[test]
    fn rejects_what_json_parse_rejects() {
        for text in [
            "",
            " ",
            "{",
            "}",
            "[1,]",
            "{\"a\":1,}",
            "{'a':1}",
            "01",
            "1.",
            "-",
            "+1",
            ".5",
            "1e",
            "tru",
            "nul",
            "\"abc",
            "\"\\x\"",
            "\"\u{1}\"",
            "{\"a\" 1}",
            "[1 2]",
            "NaN",
            "Infinity",
            "1 2",
            "{\"a\":1}x",
            "\"\\u12\"",
        ] {
            assert!(parse(text).is_err(), "{text:?} should not parse");
        }
    }

    #[test]
    fn bounds_nesting_depth() {
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(parse(&deep).unwrap_err().message, "nested too deeply");
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
        let very_deep = "{\"a\":".repeat(100_000);
        assert!(parse(&very_deep).is_err());
    }

    #[test]
    fn decodes_escapes_and_surrogate_pairs() {
        let value = parse(r#""a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00\ud800x""#).unwrap();
        assert_eq!(
            value,
            Json::String("a\"\\/\u{8}\u{c}\n\r\t\u{e9}\u{1F600}\u{FFFD}x".into())
        );
    }

    #[test]
    fn multibyte_text_round_trips() {
        let text = r#"{"mesto":"Bratislava – Staré Mesto","x":[1,true,null,-2.5e3]}"#;
        let value = parse(text).unwrap();
        assert_eq!(value.to_json_text(), text);
    }

    #[test]
    fn object_writer_writes_json_text() {
        let text = ObjectWriter::default()
            .text("a", "x\"y")
            .optional_text("b", None)
            .boolean("c", true)
            .integer("d", 16)
            .value("e", &Json::Array(vec![Json::Null]))
            .json("f", "{}")
            .finish();
        assert_eq!(
            text,
            r#"{"a":"x\"y","b":null,"c":true,"d":16,"e":[null],"f":{}}"#
        );
        assert_eq!(ObjectWriter::default().finish(), "{}");
    }

    #[test]
    fn writer_escapes_control_characters() {
        let value = Json::String("a\u{1}\"\n".into());
        assert_eq!(value.to_json_text(), r#""a\u0001\"\n""#);
        assert_eq!(parse(&value.to_json_text()).unwrap(), value);
    }
}
