//! The customer's phone number, in the form the provider expects: digits only, country
//! code first, no `+` (the provider's example: `421222202999`), checked against the
//! numbering plan (every country calling code, its regions and the lengths of its
//! numbers), so a number that cannot exist is refused before a call is paid for.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::{quote_input, Error, ErrorKind, Result};
use crate::field::decimal;
use alloc::borrow::Cow;
use core::sync::atomic::{AtomicBool, AtomicU16, AtomicU32, Ordering};

use crate::numbering_plan::{CODES, LENGTH_SETS, PLAN};

/// E.164 allows at most 15 digits, country code included.
const MAX_DIGITS: usize = 15;
/// Digits kept while reading: E.164's 15, and room for a `00` and a national prefix.
const KEPT_DIGITS: usize = MAX_DIGITS + 6;
/// The advice for digits that are neither international nor the provider's form.
const WRITE_IT_FULLY: &str = "if it is a national number, pass defaultCountry (e.g. \"SK\"), \
     or write it in international form with + and the country code, e.g. +421 222 202 999";

/// A phone number checked against the numbering plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneNumber {
    /// What the provider expects: the country calling code, then the national number
    /// (`"421905123456"`).
    pub digits: String,
    /// The country calling code (`421`).
    pub country_calling_code: u16,
    /// The region the number belongs to (ISO 3166-1 alpha-2, `"SK"`), from its calling
    /// code and, for a code several regions share, its leading digits; `None` exactly for
    /// a non-geographic code (`+800`, `+870`, `+881`, …).
    pub region: Option<&'static str>,
    /// The national (significant) number: the digits after the country code, without a
    /// national prefix (`"905123456"`).
    pub national_number: String,
    /// Whether the calling code belongs to no country (international freephone,
    /// satellite and network services).
    pub non_geographic: bool,
}

/// Returns the digits of a phone number as the provider expects them; see
/// [`describe_phone_number`] for what is accepted.
pub fn normalize_phone_number(input: &str, default_country: Option<&str>) -> Result<String> {
    parse(input, default_country).map(|(code, national)| code.with_national(national.as_str()))
}

/// Reads a phone number written the ways people write them, checks it against the
/// numbering plan and tells what it is.
///
/// A number with a leading `+` or `00` is international: spaces, `-`, `.`, `/` or
/// parentheses may stand between its digits, and a national prefix written `(0)` right
/// after the country code is dropped (`+44 (0)20 7946 0958`). Without `+` or `00`, a
/// number is national to `default_country` (a region code such as `"SK"`, in either
/// case), whose national prefix is dropped (`0905 123 456`); without a default country it
/// is read as the provider writes numbers, country code first. The country code must be
/// one a country or service uses, and the national number must have a length its leading
/// digits allow.
pub fn describe_phone_number(input: &str, default_country: Option<&str>) -> Result<PhoneNumber> {
    let (code, national) = parse(input, default_country)?;
    let national = national.as_str();
    let region = code.region(national);
    Ok(PhoneNumber {
        digits: code.with_national(national),
        country_calling_code: code.number,
        region,
        national_number: national.to_owned(),
        non_geographic: region.is_none(),
    })
}

/// Reads and checks a number: its calling code and its national number.
fn parse(input: &str, default_country: Option<&str>) -> Result<(Code, Digits)> {
    let region = match default_country {
        Some(region) => Some(find_region(region)?),
        None => None,
    };
    let written = read_digits(input);
    let parsed = written.and_then(|written| match region {
        Some(region) if !written.international => read_national(&written, region),
        _ => read_international(&written).map_err(|mut why| {
            if !written.international {
                why.push_str("; ");
                why.push_str(WRITE_IT_FULLY);
            }
            why
        }),
    });
    parsed.map_err(|why| {
        Error::new(
            ErrorKind::InvalidPhoneNumber,
            text!("phoneNumber ", quote_input(input), " ", why),
        )
    })
}

/// Up to [`KEPT_DIGITS`] ASCII digits, kept on the stack.
struct Digits {
    bytes: [u8; KEPT_DIGITS],
    len: usize,
}

impl Digits {
    const EMPTY: Digits = Digits {
        bytes: [0; KEPT_DIGITS],
        len: 0,
    };

    /// Appends an ASCII digit; nothing when there is no room left (or it is not one).
    fn push(&mut self, digit: u8) {
        if let Some(slot) = self
            .bytes
            .get_mut(self.len)
            .filter(|_| digit.is_ascii_digit())
        {
            *slot = digit;
            self.len += 1;
        }
    }

    fn of(text: &str) -> Digits {
        let mut digits = Digits::EMPTY;
        for digit in text.bytes() {
            digits.push(digit);
        }
        digits
    }

    fn as_str(&self) -> &str {
        let bytes = self.bytes.get(..self.len).unwrap_or_default();
        // SAFETY: `push` keeps ASCII digits only, and ASCII is UTF-8. (`from_utf8` would
        // check it again on every read, and bring its validator into the wasm.)
        unsafe { core::str::from_utf8_unchecked(bytes) }
    }
}

/// The digits of a number as written (from `start`, after a `00`), whether it was written
/// as international (with a `+` or `00`), and where a parenthesised lone `0` stood.
struct Written {
    digits: Digits,
    start: usize,
    international: bool,
    zero_at: Option<usize>,
}

impl Written {
    fn digits(&self) -> &str {
        self.digits.as_str().get(self.start..).unwrap_or_default()
    }
}

/// Reads the characters of a number; the error says why it was refused.
fn read_digits(input: &str) -> core::result::Result<Written, String> {
    // ASCII with no tab or form feed is already plain, as numbers usually are: no copy.
    let plain = input
        .bytes()
        .all(|b| b.is_ascii() && !matches!(b, b'\t' | 0x0B | 0x0C));
    let cleaned: Cow<'_, str> = if plain {
        Cow::Borrowed(input)
    } else {
        Cow::Owned(input.chars().filter_map(as_plain_character).collect())
    };
    let trimmed = crate::ascii::trim(&cleaned);
    if trimmed.is_empty() {
        return Err("is empty".to_owned());
    }
    // An international prefix, `+` or `00`, may open the number, once.
    // "(+421) 222 202 999" puts the prefix inside the parentheses.
    let mut open_parens = 0u32;
    let (rest, had_plus) = if let Some(rest) = trimmed.strip_prefix('+') {
        (rest, true)
    } else if let Some(rest) = trimmed.strip_prefix("(+") {
        open_parens = 1;
        (rest, true)
    } else {
        (trimmed, false)
    };
    let separator = || "has a separator that is not between digits".to_owned();
    let mut digits = Digits::EMPTY;
    let mut zero_at = None;
    let mut count = 0usize;
    let mut digits_in_parens = 0usize;
    let mut previous_was_digit = false;
    let mut ends_with_separator = false;
    for c in rest.chars() {
        ends_with_separator = matches!(c, '-' | '.' | '/');
        match c {
            '0'..='9' => {
                count += 1;
                digits_in_parens += 1;
                digits.push(c as u8);
                previous_was_digit = true;
            }
            ' ' | '-' | '.' | '/' => {
                // Separators stand between digits: "+421 222", not "421--222" or "421 ".
                if !previous_was_digit && c != ' ' {
                    return Err(separator());
                }
                previous_was_digit = false;
            }
            '(' => {
                open_parens += 1;
                if open_parens > 1 {
                    return Err("has nested parentheses".to_owned());
                }
                digits_in_parens = 0;
                previous_was_digit = false;
            }
            ')' => {
                if open_parens == 0 {
                    return Err("has unbalanced parentheses".to_owned());
                }
                if digits_in_parens == 0 {
                    return Err("has empty parentheses".to_owned());
                }
                // "(0)": a national prefix, when it follows the country code.
                if digits_in_parens == 1 && digits.as_str().ends_with('0') && zero_at.is_none() {
                    zero_at = Some(count - 1);
                }
                open_parens -= 1;
                previous_was_digit = false;
            }
            '+' => return Err("has a '+' that is not at the start".to_owned()),
            // ASCII letters only: Unicode's letter tables would cost 1.5 KB of download,
            // and any other character is named with its code point below.
            c if c.is_ascii_alphabetic() => return Err("contains letters".to_owned()),
            c => {
                return Err(text!(
                    "contains ",
                    describe_character(c),
                    ", which is not a digit or a separator"
                ))
            }
        }
    }
    if open_parens != 0 {
        return Err("has unbalanced parentheses".to_owned());
    }
    if ends_with_separator {
        return Err(separator());
    }
    // "00" is the international prefix where "+" is not written.
    let start = if !had_plus && digits.as_str().starts_with("00") {
        2
    } else {
        0
    };
    count -= start;
    if count == 0 {
        return Err("has no digits".to_owned());
    }
    if count > KEPT_DIGITS {
        return Err(too_long(count));
    }
    Ok(Written {
        digits,
        start,
        international: had_plus || start > 0,
        zero_at: zero_at.and_then(|at: usize| at.checked_sub(start)),
    })
}

/// The message for more digits than E.164 allows.
fn too_long(count: usize) -> String {
    text!(
        "has ",
        decimal(count as u64),
        " digits; an international (E.164) number has at most ",
        decimal(MAX_DIGITS as u64)
    )
}

/// A number that starts with its country code: written with `+` or `00`, or with digits
/// only, as the provider writes numbers.
fn read_international(written: &Written) -> core::result::Result<(Code, Digits), String> {
    let digits = written.digits();
    if digits.starts_with('0') {
        return Err(if written.international {
            "has a 0 where the country code starts: write the country code right after \
             the international prefix, e.g. +421 222 202 999"
        } else {
            "starts with 0, as national numbers do"
        }
        .to_owned());
    }
    let Some(code) = find_code(digits) else {
        return Err(match digits.get(..3) {
            Some(unknown) => text!("cannot exist: no country uses the calling code +", unknown),
            None => "is too short to be a phone number".to_owned(),
        });
    };
    let mut national = digits.get(code.len..).unwrap_or_default();
    // "+44 (0)20 …": the national prefix callers inside the country dial.
    if written.zero_at == Some(code.len) && code.prefix().0 == "0" {
        national = national.get(1..).unwrap_or_default();
    }
    check(code, national, None)
}

/// A national number of `region` (and its code), written without `+`
/// or `00`.
fn read_national(
    written: &Written,
    (code, region): (Code, &str),
) -> core::result::Result<(Code, Digits), String> {
    let digits = written.digits();
    let prefix = code.prefix().0;
    let mut national = digits;
    if let Some(rest) = digits.strip_prefix(prefix).filter(|_| !prefix.is_empty()) {
        // RU's 800 numbers start with its national prefix 8: the lengths decide.
        if code.possible(rest) || !code.possible(digits) {
            national = rest;
        }
    } else if let Some(rest) = digits.strip_prefix(code.digits().as_str()) {
        // The country code written without `+` ("421 905 123 456" with SK).
        if code.possible(rest) && !code.possible(digits) {
            national = rest;
        }
    }
    check(code, national, Some(region))
}

/// Checks a national number against its code's plan; a message about its length names
/// the region of `defaultCountry` it was read for.
fn check(
    code: Code,
    national: &str,
    region: Option<&str>,
) -> core::result::Result<(Code, Digits), String> {
    let total = code.len + national.len();
    if total > MAX_DIGITS {
        return Err(too_long(total));
    }
    if national.is_empty() {
        return Err(text!("ends after the country code +", code.digits()));
    }
    let (lengths, decided_by) = code.lengths(national);
    if lengths & length_bit(national.len()) == 0 {
        return Err(wrong_length(code, national, lengths, decided_by, region));
    }
    Ok((code, Digits::of(national)))
}

/// Why a national number has no length its leading digits allow.
fn wrong_length(
    code: Code,
    national: &str,
    lengths: u32,
    decided_by: usize,
    region: Option<&str>,
) -> String {
    let context = region.map_or_else(String::new, |region| {
        text!(
            " (read as a national number of ",
            region,
            ", from defaultCountry)"
        )
    });
    let start = national.get(..decided_by).unwrap_or_default();
    let mut why = if lengths == 0 {
        text!(
            "cannot exist: no +",
            code.digits(),
            " number starts with ",
            start,
            context
        )
    } else {
        text!(
            "cannot exist: +",
            code.digits(),
            " numbers",
            if start.is_empty() {
                ""
            } else {
                " starting with "
            },
            start,
            " have ",
            describe_lengths(lengths),
            " digits after the country code; this one has ",
            decimal(national.len() as u64),
            context
        )
    };
    if national.starts_with('0')
        && code.prefix().0 == "0"
        && code.possible(national.get(1..).unwrap_or_default())
    {
        why.push_str("; leave out the national prefix 0 after +");
        why.push_str(&code.digits());
    }
    why
}

/// A calling code, its length and its line of the plan.
#[derive(Clone, Copy)]
struct Code {
    number: u16,
    len: usize,
    line: &'static str,
}

fn is_code(number: u16) -> bool {
    CODES
        .get(usize::from(number / 8))
        .is_some_and(|byte| byte >> (number % 8) & 1 != 0)
}

/// Every calling code, ascending, with its line.
fn codes() -> impl Iterator<Item = Code> {
    (1..1000)
        .filter(|&number| is_code(number))
        .zip(crate::ascii::pieces(PLAN, b'\n'))
        .map(|(number, line)| Code {
            number,
            len: code_length(number),
            line,
        })
}

/// For each number below 1000: 0 when no country or service uses it as a calling code,
/// else where its line of `PLAN` starts (plus one) in the high 16 bits and the line's
/// length in the low 16. Filled once, on first use, with [`REGION_CODES`], so that a
/// lookup neither counts nor scans; threads racing to fill them write the same values.
static LINES: [AtomicU32; 1000] = [const { AtomicU32::new(0) }; 1000];
/// For each pair of letters (`(first - 'A') * 26 + second - 'A'`): the calling code of the
/// region so named, or 0, and where its name is in `PLAN`. No region has two codes (a test
/// checks it).
static REGION_CODES: [AtomicU16; 26 * 26] = [const { AtomicU16::new(0) }; 26 * 26];
static REGION_NAMES: [AtomicU16; 26 * 26] = [const { AtomicU16::new(0) }; 26 * 26];
static LINES_READY: AtomicBool = AtomicBool::new(false);

/// Fills [`LINES`] and [`REGION_CODES`], the first time only.
fn index_plan() {
    if LINES_READY.load(Ordering::Acquire) {
        return;
    }
    let mut start = 0;
    for code in codes() {
        if let Some(slot) = LINES.get(usize::from(code.number)) {
            slot.store(
                (start as u32 + 1) << 16 | code.line.len() as u32,
                Ordering::Relaxed,
            );
        }
        for region in code.regions() {
            if let Some(index) = region_index(region) {
                let name = (region.as_ptr() as usize).wrapping_sub(PLAN.as_ptr() as usize);
                if let (Some(code_slot), Some(name_slot)) =
                    (REGION_CODES.get(index), REGION_NAMES.get(index))
                {
                    code_slot.store(code.number, Ordering::Relaxed);
                    name_slot.store(name as u16, Ordering::Relaxed);
                }
            }
        }
        start += code.line.len() + 1;
    }
    LINES_READY.store(true, Ordering::Release);
}

/// Where a region's letters (the first two of `name`, in either case) sit in
/// [`REGION_CODES`].
fn region_index(name: &str) -> Option<usize> {
    let letter = |at: usize| {
        let byte = name.as_bytes().get(at)?.to_ascii_uppercase();
        byte.is_ascii_uppercase().then(|| usize::from(byte - b'A'))
    };
    Some(letter(0)? * 26 + letter(1)?)
}

/// The calling code with this number, if it is one.
fn code_numbered(number: u16) -> Option<Code> {
    index_plan();
    let entry = LINES.get(usize::from(number))?.load(Ordering::Relaxed);
    let start = (entry >> 16).checked_sub(1)? as usize;
    Some(Code {
        number,
        len: code_length(number),
        line: PLAN.get(start..start + (entry & 0xffff) as usize)?,
    })
}

/// The calling code `digits` start with. Calling codes are prefix-free, so at most one
/// matches.
fn find_code(digits: &str) -> Option<Code> {
    let mut number = 0u16;
    for digit in digits.bytes().take(3) {
        number = number * 10 + u16::from(digit.wrapping_sub(b'0'));
        if usize::from(number) >= LINES.len() {
            return None;
        }
        if let Some(code) = code_numbered(number) {
            return Some(code);
        }
    }
    None
}

/// How many digits a calling code has.
fn code_length(number: u16) -> usize {
    1 + usize::from(number >= 10) + usize::from(number >= 100)
}

impl Code {
    /// The code's digits (`"421"`).
    fn digits(self) -> String {
        self.with_national("")
    }

    /// The code's digits followed by `national` (`"421"` and `"905123456"`).
    fn with_national(self, national: &str) -> String {
        let mut digits = String::with_capacity(self.len + national.len());
        crate::field::push_decimal(&mut digits, self.number.into());
        digits.push_str(national);
        digits
    }

    /// The national prefix of the code's regions (`"0"`, or `""` for none), and where its
    /// regions start in the line.
    fn prefix(self) -> (&'static str, usize) {
        let start = end_of_nodes(self.line.as_bytes(), 0, 1);
        let end = start + digits_at(self.line.as_bytes(), start);
        (self.line.get(start..end).unwrap_or_default(), end)
    }

    /// The code's regions, each with the leading digits of the national numbers that
    /// belong to it (`"AG268"`); the first is the main country. None for a non-geographic
    /// code.
    fn regions(self) -> impl Iterator<Item = &'static str> {
        let (line, mut at) = (self.line, self.prefix().1);
        core::iter::from_fn(move || {
            let start = at;
            at += 2 + line
                .as_bytes()
                .get(start + 2..)?
                .iter()
                .take_while(|b| !b.is_ascii_uppercase())
                .count();
            line.get(start..at)
        })
    }

    /// The lengths (bit n for n digits) national numbers starting like `national` may
    /// have, and how many of its digits decided them.
    fn lengths(self, national: &str) -> (u32, usize) {
        let tree = self.line.as_bytes();
        let mut at = 0;
        for (depth, digit) in national.bytes().enumerate() {
            if tree.get(at) != Some(&b'*') {
                return (lengths_of_symbol(tree.get(at)), depth);
            }
            at += 1;
            for _ in b'0'..digit {
                at = end_of_nodes(tree, at, 1);
            }
        }
        (lengths_of_node(tree, at), national.len())
    }

    /// Whether a national number of the code may have the length of `national`.
    fn possible(self, national: &str) -> bool {
        !national.is_empty() && self.lengths(national).0 & length_bit(national.len()) != 0
    }

    /// The region a national number belongs to: the code's only region, or for a code
    /// several regions share, the one whose leading digits match longest (the main
    /// country when none does); `None` for a non-geographic code.
    fn region(self, national: &str) -> Option<&'static str> {
        let (mut region, mut longest) = (None, 0);
        for entry in self.regions() {
            let (name, leading) = entry.split_at_checked(2)?;
            region = region.or(Some(name));
            for leading in crate::ascii::pieces(leading, b',') {
                if leading.len() > longest && national.starts_with(leading) {
                    (region, longest) = (Some(name), leading.len());
                }
            }
        }
        region
    }
}

/// How many digits stand at `at`.
fn digits_at(bytes: &[u8], at: usize) -> usize {
    bytes.get(at..).map_or(0, |rest| {
        rest.iter().take_while(|b| b.is_ascii_digit()).count()
    })
}

/// Where `count` nodes of a tree from `at` end.
fn end_of_nodes(tree: &[u8], mut at: usize, mut count: usize) -> usize {
    while count > 0 {
        count -= 1;
        if tree.get(at) == Some(&b'*') {
            count += 10;
        }
        at += 1;
    }
    at
}

/// The lengths the node of a tree at `at` names, all its branches together.
fn lengths_of_node(tree: &[u8], mut at: usize) -> u32 {
    let (mut lengths, mut count) = (0, 1);
    while count > 0 {
        count -= 1;
        match tree.get(at) {
            Some(b'*') => count += 10,
            symbol => lengths |= lengths_of_symbol(symbol),
        }
        at += 1;
    }
    lengths
}

fn lengths_of_symbol(symbol: Option<&u8>) -> u32 {
    symbol
        .and_then(|symbol| LENGTH_SETS.get(usize::from(symbol.wrapping_sub(b'0'))))
        .map_or(0, |&lengths| u32::from(lengths))
}

fn length_bit(length: usize) -> u32 {
    1 << length.min(31)
}

/// A `defaultCountry` option: two letters naming a region of the plan, in either case.
/// Gives the region's code and the region as the plan writes it.
fn find_region(region: &str) -> Result<(Code, &'static str)> {
    let invalid = |why: &str| {
        Error::new(
            ErrorKind::InvalidPhoneNumber,
            text!("defaultCountry ", quote_input(region), " ", why),
        )
    };
    if region.len() != 2 || !region.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(invalid(
            "is not a region code: write two letters (ISO 3166-1 alpha-2), e.g. \"SK\"",
        ));
    }
    index_plan();
    let found = region_index(region).and_then(|index| {
        let code = code_numbered(REGION_CODES.get(index)?.load(Ordering::Relaxed))?;
        let name = usize::from(REGION_NAMES.get(index)?.load(Ordering::Relaxed));
        Some((code, PLAN.get(name..name + 2)?))
    });
    if let Some(found) = found {
        return Ok(found);
    }
    Err(invalid(
        "is not a region of the numbering plan (ISO 3166-1 alpha-2, e.g. \"SK\")",
    ))
}
/// "9", "6, 7 or 9", "4 to 13", "5 to 10 or 12": the lengths of a bitmask, runs of three
/// or more written as a range.
fn describe_lengths(lengths: u32) -> String {
    let mut text = String::new();
    let mut length = 0u32;
    while length < 32 {
        if lengths >> length & 1 == 0 {
            length += 1;
            continue;
        }
        let mut end = length;
        while end < 31 && lengths >> (end + 1) & 1 != 0 {
            end += 1;
        }
        // A run of two is two lengths.
        if end == length + 1 {
            end = length;
        }
        if !text.is_empty() {
            let last = lengths.checked_shr(end + 1).unwrap_or(0) == 0;
            text.push_str(if last { " or " } else { ", " });
        }
        crate::field::push_decimal(&mut text, length.into());
        if end > length {
            text.push_str(" to ");
            crate::field::push_decimal(&mut text, end.into());
        }
        length = end + 1;
    }
    text
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
    let code = text!("U+", crate::error::hex(u32::from(c), b"0123456789ABCDEF"));
    if c.is_control() {
        code
    } else {
        text!("'", c.encode_utf8(&mut [0; 4]), "' (", code, ")")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized(input: &str) -> String {
        normalize_phone_number(input, None).unwrap_or_else(|e| panic!("{input:?}: {e}"))
    }

    fn national(input: &str, region: &str) -> String {
        normalize_phone_number(input, Some(region))
            .unwrap_or_else(|e| panic!("{input:?} in {region}: {e}"))
    }

    fn message(input: &str, default_country: Option<&str>) -> String {
        let error = normalize_phone_number(input, default_country).unwrap_err();
        assert_eq!(error.kind, ErrorKind::InvalidPhoneNumber, "{input:?}");
        error.message
    }

    fn kind_of(input: &str) -> ErrorKind {
        normalize_phone_number(input, None).unwrap_err().kind
    }

    fn region_of(input: &str) -> Option<&'static str> {
        describe_phone_number(input, None)
            .unwrap_or_else(|e| panic!("{input:?}: {e}"))
            .region
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
            assert_eq!(normalized(input), "421222202999", "{input}");
        }
    }

    #[test]
    fn describes_the_number() {
        assert_eq!(
            describe_phone_number("+421 905 123 456", None).unwrap(),
            PhoneNumber {
                digits: "421905123456".to_owned(),
                country_calling_code: 421,
                region: Some("SK"),
                national_number: "905123456".to_owned(),
                non_geographic: false,
            }
        );
        let freephone = describe_phone_number("+800 1234 5678", None).unwrap();
        assert_eq!(freephone.digits, "80012345678");
        assert_eq!(freephone.country_calling_code, 800);
        assert_eq!(freephone.region, None);
        assert!(freephone.non_geographic);
        for input in [
            "+808 1234 5678",
            "+870 773 111 632",
            "+881 6 1234 5678",
            "+979 123 456 789",
        ] {
            let number = describe_phone_number(input, None).unwrap();
            assert_eq!(
                (number.region, number.non_geographic),
                (None, true),
                "{input}"
            );
        }
    }

    #[test]
    fn drops_a_national_prefix_written_0_in_parentheses_after_the_code() {
        assert_eq!(normalized("+44 (0)20 7946 0958"), "442079460958");
        assert_eq!(normalized("+44(0)2079460958"), "442079460958");
        assert_eq!(normalized("0044 (0) 20 7946 0958"), "442079460958");
        assert_eq!(normalized("(+44) (0)20 7946 0958"), "442079460958");
        assert_eq!(normalized("+421 (0)905 123 456"), "421905123456");
        assert_eq!(normalized("+49 (0)30 901820"), "4930901820");
        // Italy has no national prefix: its numbers keep their 0.
        assert_eq!(normalized("+39 06 6988 4000"), "390669884000");
        // Elsewhere than right after the code, parentheses only group digits.
        assert_eq!(normalized("+421 (905) 123 456"), "421905123456");
        // A trunk 0 without parentheses is refused, with the way out.
        let why = message("+44 020 7946 0958", None);
        assert!(
            why.ends_with("; leave out the national prefix 0 after +44"),
            "{why}"
        );
    }

    #[test]
    fn national_numbers_take_the_default_country() {
        for input in [
            "0905 123 456",
            "905 123 456",
            "0905/123 456",
            "(0905) 123-456",
            "421 905 123 456",
        ] {
            assert_eq!(national(input, "SK"), "421905123456", "{input}");
        }
        assert_eq!(national("0905 123 456", "sk"), "421905123456");
        assert_eq!(national("(212) 555-0123", "US"), "12125550123");
        assert_eq!(national("1 212 555 0123", "US"), "12125550123");
        assert_eq!(national("8 912 345-67-89", "RU"), "79123456789");
        // RU's 800 numbers start with its national prefix 8: it goes only when it is one.
        assert_eq!(national("8 800 555-35-35", "RU"), "78005553535");
        assert_eq!(national("800 555-35-35", "RU"), "78005553535");
        assert_eq!(national("06 1 234 5678", "HU"), "3612345678");
        assert_eq!(national("020 7946 0958", "GB"), "442079460958");
        assert_eq!(national("06 6988 4000", "IT"), "390669884000");
        // A GB default still gives a Jersey number its own region.
        let jersey = describe_phone_number("01534 456789", Some("GB")).unwrap();
        assert_eq!(
            (jersey.digits.as_str(), jersey.region),
            ("441534456789", Some("JE"))
        );
    }

    #[test]
    fn an_international_number_ignores_the_default_country() {
        for input in [
            "+44 20 7946 0958",
            "0044 20 7946 0958",
            "+44 (0)20 7946 0958",
        ] {
            assert_eq!(national(input, "SK"), "442079460958", "{input}");
        }
    }

    #[test]
    fn without_a_default_country_digits_start_with_the_country_code() {
        // "905 123 456" reads as +90 5123456, too short for Turkey.
        let why = message("905 123 456", None);
        assert!(
            why.starts_with(
                "phoneNumber \"905 123 456\" cannot exist: +90 numbers starting with 5 have 10 \
                 digits after the country code; this one has 7; if it is a national number, \
                 pass defaultCountry (e.g. \"SK\"), or write it in international form with + \
                 and the country code"
            ),
            "{why}"
        );
        assert!(why.contains("pass defaultCountry"), "{why}");
        assert!(why.contains("with + and the country code"), "{why}");
        let why = message("0905 123 456", None);
        assert!(why.contains("starts with 0, as national numbers do; if it is a national number, pass defaultCountry"), "{why}");
        // A number with + gets no advice about national numbers.
        assert!(!message("+90 5123 456", None).contains("defaultCountry"));
    }

    #[test]
    fn an_unknown_or_invalid_default_country_is_refused() {
        for region in ["XX", "Slovakia", "", "S", "S1", "001", "00", "ŠK"] {
            let why = message("905 123 456", Some(region));
            assert!(why.starts_with("defaultCountry "), "{region:?}: {why}");
        }
        assert_eq!(
            message("+421 905 123 456", Some("XX")),
            "defaultCountry \"XX\" is not a region of the numbering plan (ISO 3166-1 alpha-2, e.g. \"SK\")"
        );
        assert_eq!(
            message("905 123 456", Some("Slovakia")),
            "defaultCountry \"Slovakia\" is not a region code: write two letters (ISO 3166-1 alpha-2), e.g. \"SK\""
        );
    }

    #[test]
    fn refuses_calling_codes_no_country_uses() {
        for (input, code) in [
            ("+999 1234 5678", "999"),
            ("00999 1234 5678", "999"),
            ("+28 1234 5678", "281"),
            ("+969 123 4567", "969"),
        ] {
            let why = message(input, None);
            assert!(
                why.ends_with(&format!(
                    "cannot exist: no country uses the calling code +{code}"
                )),
                "{why}"
            );
        }
        assert!(message("99912345678", None)
            .contains("no country uses the calling code +999; if it is a national number"));
        assert!(
            message("+0421 222 202 999", None).contains("has a 0 where the country code starts")
        );
        assert!(message("+42", None).ends_with("is too short to be a phone number"));
    }

    #[test]
    fn refuses_numbers_of_the_wrong_length_naming_the_lengths() {
        assert_eq!(
            message("+421 9051 2345", None),
            "phoneNumber \"+421 9051 2345\" cannot exist: +421 numbers starting with 9 have 7 or 9 digits after the country code; this one has 8"
        );
        assert_eq!(
            message("+420 601 123 45", None),
            "phoneNumber \"+420 601 123 45\" cannot exist: +420 numbers starting with 6 have 9 digits after the country code; this one has 8"
        );
        assert!(
            message("+421 1234 5678", None).ends_with("cannot exist: no +421 number starts with 1")
        );
        assert!(message("+49 30 1", None)
            .ends_with("+49 numbers starting with 3 have 5 to 13 digits after the country code; this one has 3"));
        assert!(message("+421 9051 2345", Some("SK")).ends_with("this one has 8"));
        assert!(message("0905 123 45", Some("SK"))
            .ends_with("this one has 8 (read as a national number of SK, from defaultCountry)"));
        assert!(message("+1 212 555 012", None).ends_with(
            "+1 numbers starting with 2 have 10 digits after the country code; this one has 9"
        ));
        assert!(message("+421", None).ends_with("ends after the country code +421"));
        // Where the first digits do not narrow the lengths, the message does not name them.
        assert!(message("+33 6 12 34 56 7", None).ends_with(
            "cannot exist: +33 numbers have 9 digits after the country code; this one has 8"
        ));
    }

    #[test]
    fn accepts_short_numbers_that_exist() {
        assert_eq!(normalized("+683 7012"), "6837012"); // Niue
        assert_eq!(normalized("+690 3101"), "6903101"); // Tokelau
        assert_eq!(normalized("+290 8999"), "2908999"); // Tristan da Cunha
        assert_eq!(region_of("+683 7012"), Some("NU"));
        assert_eq!(region_of("+690 3101"), Some("TK"));
        assert_eq!(region_of("+290 8999"), Some("TA"));
        assert_eq!(region_of("+290 22158"), Some("SH"));
    }

    #[test]
    fn shared_codes_resolve_the_region_from_leading_digits() {
        for (input, region) in [
            ("+1 212 555 0123", "US"),
            ("+1 800 555 0123", "US"),
            ("+1 416 555 0123", "CA"),
            ("+1 876 555 0123", "JM"),
            ("+1 658 555 0123", "JM"),
            ("+1 268 460 1234", "AG"),
            ("+1 787 555 0123", "PR"),
            ("+1 809 555 0123", "DO"),
            ("+7 912 345 67 89", "RU"),
            ("+7 701 234 56 78", "KZ"),
            ("+44 20 7946 0958", "GB"),
            ("+44 1481 256789", "GG"),
            ("+44 1534 456789", "JE"),
            ("+44 7624 123456", "IM"),
            ("+47 22 12 34 56", "NO"),
            ("+47 79 12 34 56", "SJ"),
            ("+358 9 123 4567", "FI"),
            ("+358 18 12345", "AX"),
            ("+262 262 16 12 34", "RE"),
            ("+262 269 60 12 34", "YT"),
            ("+39 06 4567 8901", "IT"),
            ("+39 06 698 12345", "VA"),
            ("+599 9 518 1234", "CW"),
            ("+599 7 15 1234", "BQ"),
            ("+212 5 2012 3456", "MA"),
            ("+61 2 1234 5678", "AU"),
            ("+590 590 27 1234", "BL"),
        ] {
            assert_eq!(region_of(input), Some(region), "{input}");
        }
    }

    #[test]
    fn enforces_the_e164_length() {
        assert_eq!(normalized("+4219090123"), "4219090123");
        assert_eq!(kind_of("1234567"), ErrorKind::InvalidPhoneNumber);
        assert!(message("1234567890123456", None).contains("has 16 digits"));
        assert!(message("+1234567890123456", None).contains("has 16 digits"));
        assert!(message(&"9".repeat(1_000_000), None).contains("1000000 digits"));
        assert_eq!(
            message("+49 1234 5678 9012 34", None),
            "phoneNumber \"+49 1234 5678 9012 34\" has 16 digits; an international (E.164) number has at most 15"
        );
        // A national prefix does not count.
        assert_eq!(national("030 1234567890 1", "DE"), "493012345678901");
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
            assert_eq!(normalized(input), "421222202999", "{input:?}");
        }
        assert_eq!(national("0905\u{a0}123\u{2011}456", "SK"), "421905123456");
    }

    #[test]
    fn empty_parentheses_are_refused() {
        assert_eq!(kind_of("()421222202999"), ErrorKind::InvalidPhoneNumber);
        assert_eq!(kind_of("+421 () 222202999"), ErrorKind::InvalidPhoneNumber);
    }

    #[test]
    fn names_the_character_it_refuses() {
        let why = message("421#222202999", None);
        assert!(
            why.ends_with("contains '#' (U+0023), which is not a digit or a separator"),
            "{why}"
        );
        assert!(message("421\u{7}222202999", None).contains("U+0007"));
        // Letters beyond ASCII are named like any other character (no Unicode tables).
        assert!(message("+421 222 Š02 999", None)
            .ends_with("contains 'Š' (U+0160), which is not a digit or a separator"));
    }

    #[test]
    fn message_names_the_field_and_quotes_the_input() {
        assert_eq!(
            message("+421 abc", None),
            "phoneNumber \"+421 abc\" contains letters"
        );
    }

    #[test]
    fn lengths_read_as_people_write_them() {
        let bits = |lengths: &[u32]| lengths.iter().fold(0u32, |b, n| b | 1 << n);
        assert_eq!(describe_lengths(bits(&[9])), "9");
        assert_eq!(describe_lengths(bits(&[9, 10])), "9 or 10");
        assert_eq!(describe_lengths(bits(&[6, 7, 9])), "6, 7 or 9");
        assert_eq!(describe_lengths(bits(&[4, 5, 6, 7, 8])), "4 to 8");
        assert_eq!(
            describe_lengths(bits(&[5, 6, 7, 8, 9, 10, 12])),
            "5 to 10 or 12"
        );
    }

    #[test]
    fn the_generated_plan_is_consistent() {
        let codes: Vec<Code> = codes().collect();
        assert_eq!(codes.len(), PLAN.lines().count());
        assert!(PLAN.len() < usize::from(u16::MAX));
        for code in &codes {
            assert_eq!(
                find_code(&code.digits()).map(|found| found.line),
                Some(code.line)
            );
        }
        let non_geographic: Vec<u16> = codes
            .iter()
            .filter(|code| code.regions().next().is_none())
            .map(|code| code.number)
            .collect();
        assert_eq!(
            non_geographic,
            [800, 808, 870, 878, 881, 882, 883, 888, 979]
        );
        let mut regions = Vec::new();
        for code in &codes {
            // Ten nodes, the national prefix, then the regions, which read the rest of the
            // line.
            let line = code.line;
            let (prefix, start) = code.prefix();
            assert!(start <= line.len() && prefix.len() <= 2, "{line}");
            let entries: Vec<&str> = code.regions().collect();
            assert_eq!(start + entries.concat().len(), line.len(), "{line}");
            assert!(prefix.is_empty() || !entries.is_empty(), "{line}");
            for entry in &entries {
                let (name, leading) = entry.split_at(2);
                assert!(name.bytes().all(|b| b.is_ascii_uppercase()), "{line}");
                // Leading digits only where regions share the code, never empty.
                assert!(leading.is_empty() || entries.len() > 1, "{line}");
                assert!(
                    leading.is_empty()
                        || leading.split(',').all(|digits| !digits.is_empty()
                            && digits.bytes().all(|b| b.is_ascii_digit())),
                    "{line}"
                );
                regions.push(name);
            }
            assert_eq!(find_code(&code.number.to_string()).unwrap().line, line);
        }
        let count = regions.len();
        regions.sort_unstable();
        regions.dedup();
        assert_eq!(regions.len(), count, "a region under two codes");
        assert!(count > 240);
    }
}
