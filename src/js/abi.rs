//! The numeric boundary of the synchronous functions: JavaScript writes each argument into
//! a scratch area of wasm memory (UTF-16 code units, and numbers beside them), calls an
//! export that takes and returns only integers, and reads the result back as integer codes
//! and string references. No synchronous export calls JavaScript, so no JavaScript
//! exception can ever unwind through these wasm frames; the JavaScript side
//! (`npm/api.js`) reads every caller value inside `try`, checks every length before it
//! copies, and builds the result objects. Why this and not serde-wasm-bindgen or
//! `JsValue` getters: docs/decisions/boundary.md.
//!
//! Input records, one per value, in `units`:
//! `tag` (see [`Tag`]); a text adds its length as two units (low, high) and its code
//! units; a number takes the next slot of `numbers`. The places of a payload (a response
//! body) are written only where they hold a value, each as its number (one unit) and the
//! value's record ([`Reader::places`]).
//!
//! Output, in `out`: `out[0]` is 0 for success or 1 for an error; an error has its kind in
//! `out[1]`, its HTTP status (0 for none) in `out[2]`, its message at `out[3..6]` and its
//! provider code at `out[6..9]`. Each string is three words: source (0 none, 1 the output
//! text, 2 a constant, 3 + k the k-th text of the input), start and length in UTF-16 code
//! units; a constant's start is its number in the constants table (`abi_table`), which
//! JavaScript reads once, so a result that is always the same text is not decoded again.
//! `out[OUT_TEXT_BASE]` (the last word) holds where the output text starts (in u16 units).

#[allow(unused_imports)]
use crate::prelude::*;

use core::cell::Cell;
use core::ops::Range;

use crate::error::Error;
use crate::field::{Field, FieldRef};
use crate::response::PayloadFields;

/// The tags of input records.
#[repr(u16)]
#[derive(Clone, Copy)]
pub(crate) enum Tag {
    Missing = 0,
    Null = 1,
    False = 2,
    True = 3,
    Number = 4,
    Text = 5,
    Object = 6,
    Array = 7,
    Function = 8,
    Symbol = 9,
    BigInt = 10,
    Unreadable = 11,
    TooLong = 12,
}

/// Words in `out`.
pub(crate) const OUT_WORDS: usize = 32;
/// Slots in `numbers`.
pub(crate) const NUMBER_SLOTS: usize = 32;
/// Where the output text's start is reported.
pub(crate) const OUT_TEXT_BASE: usize = OUT_WORDS - 1;

/// The one scratch area, in cells: the wasm module is single-threaded (built without
/// atomics) and no export is re-entered (none calls JavaScript), so values are moved in
/// and out of it, never borrowed (no borrow flags to check, no panic path).
struct Io {
    /// The input records; taken by a [`Reader`] for one call and put back.
    units: Cell<Vec<u16>>,
    numbers: [Cell<f64>; NUMBER_SLOTS],
    out: [Cell<u32>; OUT_WORDS],
    /// The output text; taken by a [`Writer`] while it appends.
    text: Cell<Vec<u16>>,
    /// The texts [`Reader::places`] decodes, kept between calls; taken by a [`Reader`].
    decoded: Cell<String>,
}

// SAFETY: wasm32 without the atomics feature has exactly one thread.
unsafe impl Sync for Io {}

static IO: Io = Io {
    units: Cell::new(Vec::new()),
    numbers: [const { Cell::new(0.0) }; NUMBER_SLOTS],
    out: [const { Cell::new(0) }; OUT_WORDS],
    text: Cell::new(Vec::new()),
    decoded: Cell::new(String::new()),
};

/// Makes room for `units` input code units; returns where they start (in u16 units). The
/// caller has checked every length against the limits first, so this stays small.
pub(crate) fn reserve(units: u32) -> u32 {
    let mut scratch = IO.units.take();
    let wanted = units as usize;
    if scratch.len() < wanted {
        scratch.resize(wanted, 0);
    }
    let start = (scratch.as_ptr() as usize / 2) as u32;
    IO.units.set(scratch);
    start
}

/// Where `numbers` starts (in f64 units) and where `out` starts (in u32 units).
pub(crate) fn layout() -> (u32, u32) {
    (
        (IO.numbers.as_ptr() as usize / 8) as u32,
        (IO.out.as_ptr() as usize / 4) as u32,
    )
}

/// Reads the input records of one call.
pub(crate) struct Reader {
    units: Vec<u16>,
    /// The texts read by [`Reader::places`], decoded one after another.
    decoded: String,
    /// Where this call's input ends.
    end: usize,
    at: usize,
    next_number: usize,
    texts: u32,
}

impl Reader {
    /// The first `length` units of the scratch area, taken out of it for the call (and put
    /// back when the reader is dropped), so nothing is copied.
    pub(crate) fn new(length: u32) -> Reader {
        let units = IO.units.take();
        let end = (length as usize).min(units.len());
        let mut decoded = IO.decoded.take();
        decoded.clear();
        Reader {
            units,
            decoded,
            end,
            at: 0,
            next_number: 0,
            texts: 0,
        }
    }

    #[inline(always)]
    fn unit(&mut self) -> u16 {
        let unit = self
            .units
            .get(..self.end)
            .and_then(|units| units.get(self.at))
            .copied()
            .unwrap_or(0);
        self.at += 1;
        unit
    }

    /// The next value.
    pub(crate) fn field(&mut self) -> Field {
        self.value().0
    }

    /// The next value, and where its text came from when it is text.
    pub(crate) fn value(&mut self) -> (Field, Option<u32>) {
        match self.record() {
            Record::Plain(value) => (Field::from(value), None),
            Record::Text(range) => {
                let mut value = String::new();
                let index = self.decode(range, &mut value);
                (Field::Text(value), index)
            }
        }
    }

    /// A payload's places, from the rest of the input: for each place that has a value,
    /// its number (one unit) and the value; the others are missing. Texts are
    /// decoded into the reader's own buffer (one for every call: once it has grown,
    /// reading them allocates nothing) and read there.
    pub(crate) fn places(&mut self) -> Records<'_> {
        let mut records = [const { Kept::Plain(FieldRef::Missing) }; MAX_PLACES];
        let mut decoded = core::mem::take(&mut self.decoded);
        while self.at < self.end {
            let place = usize::from(self.unit());
            let kept = match self.record() {
                Record::Plain(value) => Kept::Plain(value),
                Record::Text(units) => {
                    let start = decoded.len();
                    let origin = self.decode(units, &mut decoded);
                    Kept::Text(start..decoded.len(), origin)
                }
            };
            if let Some(slot) = records.get_mut(place) {
                *slot = kept;
            }
        }
        self.decoded = decoded;
        Records {
            records,
            decoded: &self.decoded,
        }
    }

    /// The next record: a value without text, or where its text's units are.
    fn record(&mut self) -> Record {
        let value = match self.unit() {
            t if t == Tag::Missing as u16 => FieldRef::Missing,
            t if t == Tag::Null as u16 => FieldRef::Null,
            t if t == Tag::False as u16 => FieldRef::Bool(false),
            t if t == Tag::True as u16 => FieldRef::Bool(true),
            t if t == Tag::Number as u16 => {
                let number = IO.numbers.get(self.next_number).map_or(f64::NAN, Cell::get);
                self.next_number += 1;
                FieldRef::Number(number)
            }
            t if t == Tag::Text as u16 => {
                let low = usize::from(self.unit());
                let high = usize::from(self.unit());
                let end = self.at.saturating_add(low | (high << 16)).min(self.end);
                let start = self.at;
                self.at = end;
                return Record::Text(start..end);
            }
            t if t == Tag::Object as u16 => FieldRef::Object,
            t if t == Tag::Array as u16 => FieldRef::Array,
            t if t == Tag::Function as u16 => FieldRef::Other("a function"),
            t if t == Tag::Symbol as u16 => FieldRef::Other("a symbol"),
            t if t == Tag::BigInt as u16 => FieldRef::Other("a bigint"),
            t if t == Tag::Unreadable as u16 => FieldRef::Unreadable,
            t if t == Tag::TooLong as u16 => FieldRef::TooLong,
            _ => FieldRef::Missing,
        };
        Record::Plain(value)
    }

    /// Appends the input text at `range` (UTF-16 units) to `out`, and gives it the next
    /// index among the call's texts: the index, unless a lone surrogate was replaced (a
    /// text changed by decoding is never handed back as a span of itself).
    fn decode(&mut self, range: Range<usize>, out: &mut String) -> Option<u32> {
        let units = self.units.get(range).unwrap_or_default();
        let mut lossless = true;
        if units.iter().all(|&unit| unit < 0x80) {
            // The common case, ASCII: one byte per unit.
            // SAFETY: every unit is below 0x80, so the bytes appended are ASCII, which is
            // UTF-8. (`from_utf8` would check them again, and bring its validator into the
            // wasm.)
            unsafe { out.as_mut_vec() }.extend(units.iter().map(|&unit| unit as u8));
        } else {
            out.extend(char::decode_utf16(units.iter().copied()).map(|c| {
                c.unwrap_or_else(|_| {
                    lossless = false;
                    char::REPLACEMENT_CHARACTER
                })
            }));
        }
        let index = self.texts;
        self.texts += 1;
        lossless.then_some(index)
    }
}

/// One input record: a value without text, or a text by the range of its units.
enum Record {
    Plain(FieldRef<'static>),
    Text(Range<usize>),
}

/// A record kept in [`Records`]: a value without text, or a text by the range of its
/// decoded bytes, and where it came from (see [`Reader::decode`]).
enum Kept {
    Plain(FieldRef<'static>),
    Text(Range<usize>, Option<u32>),
}

/// The most places a payload has: a response body's.
const MAX_PLACES: usize = crate::response::RESPONSE_FIELDS.len();

/// The records of a payload's places, read where they are.
pub(crate) struct Records<'a> {
    records: [Kept; MAX_PLACES],
    decoded: &'a str,
}

impl Records<'_> {
    /// Where the text at `place` came from, when it is a text of the input unchanged.
    pub(crate) fn origin(&self, place: usize) -> Option<u32> {
        match self.records.get(place) {
            Some(Kept::Text(_, origin)) => *origin,
            _ => None,
        }
    }
}

impl<'a> PayloadFields<'a> for Records<'a> {
    fn field(&self, place: usize) -> FieldRef<'a> {
        match self.records.get(place) {
            Some(Kept::Plain(value)) => *value,
            Some(Kept::Text(bytes, _)) => {
                FieldRef::Text(self.decoded.get(bytes.clone()).unwrap_or_default())
            }
            _ => FieldRef::Missing,
        }
    }
}

impl Drop for Reader {
    fn drop(&mut self) {
        IO.units.set(core::mem::take(&mut self.units));
        IO.decoded.set(core::mem::take(&mut self.decoded));
    }
}

/// A string of a result: nothing, a piece of an input text, or new text.
pub(crate) enum Out<'a> {
    None,
    /// `start..start + length` (UTF-16 units) of the input text with this index.
    Input {
        index: u32,
        start: u32,
        length: u32,
    },
    New(&'a str),
    /// The constant with this number (see `js::CONSTANTS`).
    Constant(u32),
}

impl<'a> Out<'a> {
    /// `piece` as a span of `whole` (an input text with `index`) when it lies inside it,
    /// else as new text. Two texts never overlap, so the addresses tell: the texts of
    /// [`Reader::places`] sit side by side in one buffer, where only an empty piece could
    /// lie at the end of one and the start of the next, and it is empty either way.
    pub(crate) fn span(whole: &str, index: Option<u32>, piece: &'a str) -> Out<'a> {
        let offset = (piece.as_ptr() as usize).wrapping_sub(whole.as_ptr() as usize);
        match (index, whole.get(..offset)) {
            (Some(index), Some(before)) if offset + piece.len() <= whole.len() => Out::Input {
                index,
                start: utf16_length(before),
                length: utf16_length(piece),
            },
            _ => Out::New(piece),
        }
    }

    pub(crate) fn optional(text: Option<&'a str>) -> Out<'a> {
        text.map_or(Out::None, Out::New)
    }
}

#[inline(always)]
fn utf16_length(text: &str) -> u32 {
    if text.is_ascii() {
        text.len() as u32
    } else {
        text.encode_utf16().count() as u32
    }
}

/// Writes the result of one call straight into the output words and text; it is only a
/// position, so passing it along moves nothing.
pub(crate) struct Writer {
    next: usize,
}

impl Writer {
    pub(crate) fn new() -> Writer {
        let mut text = IO.text.take();
        text.clear();
        IO.text.set(text);
        Writer { next: 1 }
    }

    /// Appends a word.
    #[inline(always)]
    pub(crate) fn word(mut self, value: u32) -> Self {
        if let Some(slot) = IO.out.get(self.next) {
            slot.set(value);
        }
        self.next += 1;
        self
    }

    /// Appends a string as three words.
    pub(crate) fn string(self, value: Out<'_>) -> Self {
        let (source, start, length) = match value {
            Out::None => (0, 0, 0),
            Out::Input {
                index,
                start,
                length,
            } => (3 + index, start, length),
            Out::Constant(index) => (2, index, 0),
            Out::New(text) => {
                let mut output = IO.text.take();
                let start = output.len() as u32;
                if text.is_ascii() {
                    output.extend(text.bytes().map(u16::from));
                } else {
                    output.extend(text.encode_utf16());
                }
                let end = output.len() as u32;
                IO.text.set(output);
                (1, start, end - start)
            }
        };
        self.word(source).word(start).word(length)
    }

    /// Ends a successful call.
    pub(crate) fn done(self) -> u32 {
        self.finish(0)
    }

    fn finish(self, status: u32) -> u32 {
        let text = IO.text.take();
        let text_start = (text.as_ptr() as usize / 2) as u32;
        IO.text.set(text);
        IO.out[0].set(status);
        IO.out[OUT_TEXT_BASE].set(text_start);
        status
    }
}

/// Ends a call with `error`.
pub(crate) fn fail(error: &Error) -> u32 {
    let kind = crate::error::ErrorKind::ALL
        .iter()
        .position(|k| *k == error.kind)
        .unwrap_or(0) as u32;
    Writer::new()
        .word(kind)
        .word(error.status.map_or(0, u32::from))
        .string(Out::New(&error.message))
        .string(Out::optional(error.provider_code.as_deref()))
        .finish(1)
}

/// Ends a call with its result, or its error.
pub(crate) fn finish(result: Result<u32, Error>) -> u32 {
    result.unwrap_or_else(|error| fail(&error))
}
