//! One field of a payload as it came in (from a JSON body, form text, a JavaScript object or
//! serde), seen only as far as the provider logic needs it: its type, and its text or number.
//! The core never parses JSON itself: the JavaScript engine's `JSON.parse` or the Rust
//! program's own deserializer (serde) does, and hands over the fields the core reads.

#[allow(unused_imports)]
use crate::prelude::*;
use alloc::borrow::Cow;

/// A field's value, as far as the provider logic looks at it.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Field {
    /// Not there (or `undefined` in JavaScript).
    #[default]
    Missing,
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(f64),
    /// Text.
    Text(String),
    /// An object; its members are not read.
    Object,
    /// An array; its items are not read.
    Array,
    /// Something JSON has no word for (a JavaScript function, symbol or bigint), by its type.
    Other(&'static str),
    /// Reading it failed (a throwing getter or Proxy trap).
    Unreadable,
    /// Text longer than a caller may hand over; not read.
    TooLong,
}

/// Numbers above this are not whole numbers a JSON reader keeps exactly (2^53).
const MAX_EXACT_WHOLE: f64 = 9_007_199_254_740_992.0;

impl Field {
    /// The field seen through a borrow, the form the provider logic reads.
    pub(crate) fn view(&self) -> FieldRef<'_> {
        match self {
            Field::Missing => FieldRef::Missing,
            Field::Null => FieldRef::Null,
            Field::Bool(value) => FieldRef::Bool(*value),
            Field::Number(number) => FieldRef::Number(*number),
            Field::Text(text) => FieldRef::Text(text),
            Field::Object => FieldRef::Object,
            Field::Array => FieldRef::Array,
            Field::Other(what) => FieldRef::Other(what),
            Field::Unreadable => FieldRef::Unreadable,
            Field::TooLong => FieldRef::TooLong,
        }
    }

    /// Missing or `null`: both mean "not given".
    pub fn is_absent(&self) -> bool {
        self.view().is_absent()
    }

    /// The text, when the field is text.
    pub fn as_str(&self) -> Option<&str> {
        self.view().as_str()
    }

    /// Text, or a whole non-negative number written in digits (`117793` reads as
    /// `"117793"`): where the provider documents text, numbers are accepted too.
    pub fn to_text(&self) -> Option<String> {
        self.view().to_text()
    }

    /// [`Field::to_text`], trimmed, ignoring empty text.
    pub fn to_trimmed_text(&self) -> Option<String> {
        self.view().trimmed_text().map(Cow::into_owned)
    }

    /// A short name of the value's type, for error messages.
    pub fn type_name(&self) -> &'static str {
        self.view().type_name()
    }
}

impl From<FieldRef<'_>> for Field {
    fn from(view: FieldRef<'_>) -> Field {
        match view {
            FieldRef::Missing => Field::Missing,
            FieldRef::Null => Field::Null,
            FieldRef::Bool(value) => Field::Bool(value),
            FieldRef::Number(number) => Field::Number(number),
            FieldRef::Text(text) => Field::Text(text.to_owned()),
            FieldRef::Object => Field::Object,
            FieldRef::Array => Field::Array,
            FieldRef::Other(what) => Field::Other(what),
            FieldRef::Unreadable => Field::Unreadable,
            FieldRef::TooLong => Field::TooLong,
        }
    }
}

/// A [`Field`] whose text is borrowed: from a `Field`, or from the buffer the JavaScript
/// boundary decodes a call's texts into, so reading a payload allocates nothing.
#[derive(Clone, Copy)]
pub(crate) enum FieldRef<'a> {
    Missing,
    Null,
    Bool(bool),
    Number(f64),
    Text(&'a str),
    Object,
    Array,
    Other(&'static str),
    Unreadable,
    TooLong,
}

impl<'a> FieldRef<'a> {
    /// Missing or `null`: both mean "not given".
    pub(crate) fn is_absent(self) -> bool {
        matches!(self, FieldRef::Missing | FieldRef::Null)
    }

    /// The text, when the field is text.
    pub(crate) fn as_str(self) -> Option<&'a str> {
        match self {
            FieldRef::Text(text) => Some(text),
            _ => None,
        }
    }

    /// See [`Field::to_text`].
    pub(crate) fn to_text(self) -> Option<String> {
        match self {
            FieldRef::Text(text) => Some(text.to_owned()),
            FieldRef::Number(number) => whole_number_digits(number),
            _ => None,
        }
    }

    /// [`Field::to_trimmed_text`], borrowing the text when the field is text.
    pub(crate) fn trimmed_text(self) -> Option<Cow<'a, str>> {
        match self {
            FieldRef::Text(text) => {
                Some(Cow::Borrowed(crate::ascii::trim(text))).filter(|text| !text.is_empty())
            }
            other => other.to_text().map(Cow::Owned),
        }
    }

    /// See [`Field::type_name`].
    pub(crate) fn type_name(self) -> &'static str {
        match self {
            FieldRef::Missing => "missing",
            FieldRef::Null => "null",
            FieldRef::Bool(_) => "a boolean",
            FieldRef::Number(_) => "a number",
            FieldRef::Text(_) => "a string",
            FieldRef::Object => "an object",
            FieldRef::Array => "an array",
            FieldRef::Other(what) => what,
            FieldRef::Unreadable => "unreadable (a getter or Proxy threw)",
            FieldRef::TooLong => "a string too long to read",
        }
    }
}

/// The decimal digits of a whole, non-negative number that is exactly representable;
/// `None` for fractions, negative numbers, NaN and infinities.
pub(crate) fn whole_number_digits(number: f64) -> Option<String> {
    // In range first, so the conversion is exact exactly when the number is whole.
    if !(0.0..=MAX_EXACT_WHOLE).contains(&number) || number as u64 as f64 != number {
        return None;
    }
    // Whole and within 2^53, so the conversion is exact.
    Some(decimal(number as u64))
}

/// `n` in decimal, without pulling the formatting machinery into the wasm.
pub(crate) fn decimal(n: u64) -> String {
    let mut digits = String::new();
    push_decimal(&mut digits, n);
    digits
}

/// Appends `n` in decimal.
pub(crate) fn push_decimal(text: &mut String, n: u64) {
    if n >= 10 {
        push_decimal(text, n / 10);
    }
    // `n % 10` is a single digit.
    text.push(char::from(b'0' + (n % 10) as u8));
}

#[cfg(feature = "serde")]
pub(crate) mod serde_impl {
    use super::Field;
    use alloc::borrow::ToOwned;
    use alloc::string::String;
    use core::fmt;
    use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
    /// Any self-describing value (serde_json, serde_urlencoded, …) becomes a `Field`; the
    /// members of objects and arrays are skipped.
    impl<'de> Deserialize<'de> for Field {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_any(FieldVisitor)
        }
    }

    /// Reads any value as a `Field`; the response reader uses it for what is not an object.
    pub(crate) struct FieldVisitor;

    impl<'de> Visitor<'de> for FieldVisitor {
        type Value = Field;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any value")
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Field, E> {
            Ok(Field::Bool(v))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Field, E> {
            Ok(Field::Number(v as f64))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Field, E> {
            Ok(Field::Number(v as f64))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Field, E> {
            Ok(Field::Number(v))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Field, E> {
            Ok(Field::Text(v.to_owned()))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Field, E> {
            Ok(Field::Text(v))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Field, E> {
            Ok(Field::Null)
        }
        fn visit_none<E: de::Error>(self) -> Result<Field, E> {
            Ok(Field::Null)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Field, D::Error> {
            d.deserialize_any(FieldVisitor)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Field, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(Field::Array)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Field, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(Field::Object)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_read_as_their_digits() {
        assert_eq!(Field::Number(117793.0).to_text().as_deref(), Some("117793"));
        assert_eq!(Field::Number(0.0).to_text().as_deref(), Some("0"));
        assert_eq!(Field::Number(1.5).to_text(), None);
        assert_eq!(Field::Number(-3.0).to_text(), None);
        assert_eq!(Field::Number(f64::NAN).to_text(), None);
        assert_eq!(Field::Number(1e300).to_text(), None);
        assert_eq!(decimal(u64::MAX), u64::MAX.to_string());
    }

    #[test]
    fn only_text_and_numbers_have_text() {
        assert_eq!(
            Field::Text(" a ".into()).to_trimmed_text().as_deref(),
            Some("a")
        );
        assert_eq!(Field::Text("  ".into()).to_trimmed_text(), None);
        assert_eq!(Field::Bool(true).to_text(), None);
        assert_eq!(Field::Object.to_text(), None);
        assert!(Field::Null.is_absent() && Field::Missing.is_absent());
    }
}
