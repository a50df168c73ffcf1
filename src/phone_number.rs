//! The customer's phone number, in the form the provider expects: digits only, country
//! code first, no `+` (the provider's example: `421222202999`).

#[allow(unused_imports)]
use alloc::{
    borrow::ToOwned,
    boxed::Box,
    format,
    string::{String, ToString},
    vec,
    vec::Vec,
};

use crate::error::{quote_input, Error, ErrorKind, Result};

/// E.164 allows at most 15 digits; fewer than 8 cannot hold a country code and a number.
const MIN_DIGITS: usize = 8;
const MAX_DIGITS: usize = 15;

/// Returns the digits of an international phone number written the ways people write
/// them: a leading `+` or `00`, and spaces, `-`, `.`, `/` or parentheses between digits.
pub fn normalize_phone_number(input: &str) -> Result<String> {
    let invalid = |why: &str| {
        Error::new(
            ErrorKind::InvalidPhoneNumber,
            format!("phoneNumber {} {why}", quote_input(input)),
        )
    };
    let cleaned: String = input.chars().filter_map(as_plain_character).collect();
    let trimmed = cleaned.trim();
    if trimmed.is_empty() {
        return Err(invalid("is empty"));
    }
    // An international prefix, `+` or `00`, may open the number, once.
    // "(+421) 222 202 999" puts the prefix inside the parentheses.
    let (rest, had_plus) = if let Some(rest) = trimmed.strip_prefix('+') {
        (rest.to_owned(), true)
    } else if let Some(rest) = trimmed.strip_prefix("(+") {
        (format!("({rest}"), true)
    } else {
        (trimmed.to_owned(), false)
    };
    let mut digits = String::with_capacity(MAX_DIGITS);
    let mut count = 0usize;
    let mut open_parens = 0u32;
    let mut digits_in_parens = 0usize;
    let mut previous_was_digit = false;
    let mut ends_with_separator = false;
    for c in rest.chars() {
        ends_with_separator = matches!(c, '-' | '.' | '/');
        match c {
            '0'..='9' => {
                count += 1;
                digits_in_parens += 1;
                if count <= MAX_DIGITS + 2 {
                    digits.push(c);
                }
                previous_was_digit = true;
            }
            ' ' | '-' | '.' | '/' => {
                // Separators stand between digits: "+421 222", not "421--222" or "421 ".
                if !previous_was_digit && c != ' ' {
                    return Err(invalid("has a separator that is not between digits"));
                }
                previous_was_digit = false;
            }
            '(' => {
                open_parens += 1;
                if open_parens > 1 {
                    return Err(invalid("has nested parentheses"));
                }
                digits_in_parens = 0;
                previous_was_digit = false;
            }
            ')' => {
                if open_parens == 0 {
                    return Err(invalid("has unbalanced parentheses"));
                }
                if digits_in_parens == 0 {
                    return Err(invalid("has empty parentheses"));
                }
                open_parens -= 1;
                previous_was_digit = false;
            }
            '+' => return Err(invalid("has a '+' that is not at the start")),
            c if c.is_alphabetic() => return Err(invalid("contains letters")),
            c => {
                return Err(invalid(&format!(
                    "contains {}, which is not a digit or a separator",
                    describe_character(c)
                )))
            }
        }
    }
    if open_parens != 0 {
        return Err(invalid("has unbalanced parentheses"));
    }
    if ends_with_separator {
        return Err(invalid("has a separator that is not between digits"));
    }
    let digits = match digits.strip_prefix("00") {
        Some(rest) if !had_plus => {
            count = count.saturating_sub(2);
            rest.to_owned()
        }
        _ => digits,
    };
    if count == 0 {
        return Err(invalid("has no digits"));
    }
    if digits.starts_with('0') {
        return Err(invalid(
            "starts with 0: write it in international form with the country code, e.g. +421 222 202 999",
        ));
    }
    if count < MIN_DIGITS {
        return Err(invalid(&format!(
            "has {count} digits; an international number has at least {MIN_DIGITS}"
        )));
    }
    if count > MAX_DIGITS {
        return Err(invalid(&format!(
            "has {count} digits; an international (E.164) number has at most {MAX_DIGITS}"
        )));
    }
    Ok(digits)
}

/// What a character of a copied number stands for: Unicode spaces (a no-break space from
/// a web page) are spaces, Unicode dashes are `-`, and invisible formatting marks (the
/// direction marks phones add when a number is copied) are dropped.
fn as_plain_character(c: char) -> Option<char> {
    match c {
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{00AD}' => None,
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => Some('-'),
        // A line break inside a number is more likely two numbers pasted together.
        '\n' | '\r' | '\u{2028}' | '\u{2029}' => Some(c),
        c if c.is_whitespace() => Some(' '),
        c => Some(c),
    }
}

/// A character for a message: visible ones quoted, every one with its code point, so an
/// invisible or look-alike character can be found.
fn describe_character(c: char) -> String {
    let code = format!("U+{:04X}", u32::from(c));
    if c.is_control() {
        code
    } else {
        format!("'{c}' ({code})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(input: &str) -> ErrorKind {
        normalize_phone_number(input).unwrap_err().kind
    }

    #[test]
    fn accepts_the_providers_example_in_every_written_form() {
        for input in [
            "421222202999",
            "+421222202999",
            "00421222202999",
            "+421 222 202 999",
            "00421-222-202-999",
            "+421.222.202.999",
            "+421/222/202/999",
            "+421 (222) 202-999",
            "(+421) 222 202 999",
            "  +421 222 202 999 \n",
        ] {
            assert_eq!(
                normalize_phone_number(input).unwrap(),
                "421222202999",
                "{input}"
            );
        }
    }

    #[test]
    fn rejects_letters_empty_and_leading_zero() {
        for input in [
            "",
            "   ",
            "+",
            "00",
            "+421 222 abc",
            "0905 123 456",
            "+0421222202999",
            "phone",
        ] {
            assert_eq!(kind_of(input), ErrorKind::InvalidPhoneNumber, "{input:?}");
        }
    }

    #[test]
    fn enforces_the_e164_length() {
        assert_eq!(normalize_phone_number("+4212345678").unwrap(), "4212345678");
        assert_eq!(normalize_phone_number("12345678").unwrap(), "12345678");
        assert_eq!(kind_of("1234567"), ErrorKind::InvalidPhoneNumber);
        assert_eq!(normalize_phone_number("123456789012345").unwrap().len(), 15);
        assert_eq!(kind_of("1234567890123456"), ErrorKind::InvalidPhoneNumber);
        assert!(normalize_phone_number(&"9".repeat(1_000_000))
            .unwrap_err()
            .message
            .contains("1000000 digits"));
    }

    #[test]
    fn rejects_misplaced_punctuation() {
        for input in [
            "+421--222202999",
            "-421222202999",
            "421222202999-",
            "+421 (222 202999",
            "+421 222) 202999",
            "+421 ((222)) 202999",
            "+421+222202999",
            "++421222202999",
            "421222202999\n1",
            "421_222_202_999",
            "４２１２２２２０２９９９",
        ] {
            assert_eq!(kind_of(input), ErrorKind::InvalidPhoneNumber, "{input:?}");
        }
    }

    #[test]
    fn unicode_spaces_dashes_and_direction_marks_from_copied_numbers() {
        for input in [
            "+421\u{a0}222\u{a0}202\u{a0}999",
            "+421\u{202f}222\u{202f}202\u{202f}999",
            "+421\u{2011}222\u{2011}202\u{2011}999",
            "\u{202a}+421 222 202 999\u{202c}",
            "\u{200e}+421 222 202 999",
            "\u{a0}+421 222 202 999\u{a0}",
        ] {
            assert_eq!(
                normalize_phone_number(input).unwrap(),
                "421222202999",
                "{input:?}"
            );
        }
    }

    #[test]
    fn empty_parentheses_are_refused() {
        assert_eq!(kind_of("()421222202999"), ErrorKind::InvalidPhoneNumber);
        assert_eq!(kind_of("+421 () 222202999"), ErrorKind::InvalidPhoneNumber);
    }

    #[test]
    fn names_the_character_it_refuses() {
        let error = normalize_phone_number("421#222202999").unwrap_err();
        assert!(
            error
                .message
                .ends_with("contains '#' (U+0023), which is not a digit or a separator"),
            "{}",
            error.message
        );
        let error = normalize_phone_number("421\u{7}222202999").unwrap_err();
        assert!(error.message.contains("U+0007"), "{}", error.message);
    }

    #[test]
    fn message_names_the_field_and_quotes_the_input() {
        let error = normalize_phone_number("+421 abc").unwrap_err();
        assert_eq!(error.message, "phoneNumber \"+421 abc\" contains letters");
    }
}
