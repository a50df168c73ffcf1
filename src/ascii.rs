//! Splitting text at an ASCII byte, trimming and reading small decimal numbers, without
//! core's substring searcher and integer parser (and the panic paths they bring into the
//! wasm: docs/decisions/size.md). Properties check each against what `str` does.

/// `text` before and after the first `byte` (ASCII).
pub(crate) fn split_first(text: &str, byte: u8) -> Option<(&str, &str)> {
    let at = text.bytes().position(|b| b == byte)?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

/// `text` before and after the last `byte` (ASCII).
pub(crate) fn split_last(text: &str, byte: u8) -> Option<(&str, &str)> {
    let at = text.bytes().rposition(|b| b == byte)?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

/// The pieces of `text` between the `byte`s (ASCII), as `str::split` gives them.
pub(crate) fn pieces(text: &str, byte: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    core::iter::from_fn(move || {
        let current = rest?;
        let (piece, after) = match split_first(current, byte) {
            Some((piece, after)) => (piece, Some(after)),
            None => (current, None),
        };
        rest = after;
        Some(piece)
    })
}

/// `text` without white space at either end (as `str::trim`), at once when both ends
/// are visible ASCII, as the provider's values and callers' arguments usually are.
pub(crate) fn trim(text: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
    if visible(text.as_bytes().first()) && visible(text.as_bytes().last()) {
        text
    } else {
        text.trim()
    }
}

/// The value of 1 to `max_digits` (at most 9) ASCII digits; `None` for anything else.
pub(crate) fn small_number(text: &str, max_digits: usize) -> Option<u32> {
    if text.is_empty() || text.len() > max_digits.min(9) {
        return None;
    }
    text.bytes().try_fold(0u32, |value, b| {
        b.is_ascii_digit().then(|| value * 10 + u32::from(b - b'0'))
    })
}

// proptest is a dev-dependency of the host build only.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    proptest::proptest! {
        #[test]
        fn splitting_is_what_str_does(text in "[a-c.,:_]{0,12}", byte in proptest::sample::select(b".,:_".to_vec())) {
            let c = char::from(byte);
            proptest::prop_assert_eq!(split_first(&text, byte), text.split_once(c));
            proptest::prop_assert_eq!(split_last(&text, byte), text.rsplit_once(c));
            proptest::prop_assert_eq!(pieces(&text, byte).collect::<Vec<_>>(), text.split(c).collect::<Vec<_>>());
        }

        #[test]
        fn trimming_is_what_str_does(text in "[ a\t\u{a0}\u{2003}b]{0,8}") {
            proptest::prop_assert_eq!(trim(&text), text.trim());
        }

        #[test]
        fn small_numbers_are_what_parse_reads(text in "[0-9a+ -]{0,6}", max in 1usize..6) {
            let parsed = text
                .parse::<u32>()
                .ok()
                .filter(|_| !text.is_empty() && text.len() <= max && text.bytes().all(|b| b.is_ascii_digit()));
            proptest::prop_assert_eq!(small_number(&text, max), parsed);
        }
    }
}
