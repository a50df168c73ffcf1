//! The pieces [`text!`](crate::text) joins into messages.

#[allow(unused_imports)]
use crate::prelude::*;
use alloc::borrow::Cow;

/// A piece of a message: text as it is, numbers in decimal.
pub(crate) trait Piece {
    fn piece(&self) -> Cow<'_, str>;
}

impl Piece for str {
    fn piece(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl Piece for String {
    fn piece(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl Piece for char {
    fn piece(&self) -> Cow<'_, str> {
        let mut text = String::new();
        text.push(*self);
        Cow::Owned(text)
    }
}

impl<T: Piece + ?Sized> Piece for &T {
    fn piece(&self) -> Cow<'_, str> {
        (**self).piece()
    }
}

impl<T: Piece + ?Sized> Piece for Cow<'_, T>
where
    T: ToOwned,
{
    fn piece(&self) -> Cow<'_, str> {
        self.as_ref().piece()
    }
}

macro_rules! decimal_pieces {
    ($($number:ty),+) => {$(
        impl Piece for $number {
            fn piece(&self) -> Cow<'_, str> {
                Cow::Owned(crate::field::decimal(*self as u64))
            }
        }
    )+};
}
decimal_pieces!(u8, u16, u32, u64, usize);

/// The pieces as one string.
pub(crate) fn concat(pieces: &[Cow<'_, str>]) -> String {
    let mut text = String::with_capacity(pieces.iter().map(|piece| piece.len()).sum());
    for piece in pieces {
        text.push_str(piece);
    }
    text
}
