//! An item's typed shape and how it becomes records (`Shape`), what a listing says of all its
//! items (`Listed`), and where an item is (`item_path`).

use serde::de::DeserializeOwned;

use super::gathered::Gathered;
use super::links::Listed;
use super::reader::{FormatError, Reader};
use super::recognise::Kind;

/// The typed shape of one kind of item.
pub(super) trait Shape: DeserializeOwned {
    const KIND: Kind;

    /// Turns the item at `at` into records (or what was left out) in `out`.
    fn gather(
        self,
        r: &Reader<'_>,
        at: &str,
        listed: &Listed,
        out: &mut Gathered,
    ) -> Result<(), FormatError>;
}

/// `Shape` for the items whose records do not depend on what their listing says:
/// `$read(reader, at, item, out)` gathers one. With `listed.$named`, for the items whose
/// records also take one thing their listing names (a subscription its customer, an access
/// assignment its relationship): `$read(reader, at, item, named, out)`.
macro_rules! reads_alone {
    ($item:ty, $kind:expr, $read:ident, listed.$named:ident) => {
        impl super::shape::Shape for $item {
            const KIND: super::recognise::Kind = $kind;

            fn gather(
                self,
                r: &super::reader::Reader<'_>,
                at: &str,
                listed: &super::links::Listed,
                out: &mut super::gathered::Gathered,
            ) -> Result<(), super::reader::FormatError> {
                $read(r, at, self, listed.$named.as_deref(), out)
            }
        }
    };
    ($item:ty, $kind:expr, $read:ident) => {
        impl super::shape::Shape for $item {
            const KIND: super::recognise::Kind = $kind;

            fn gather(
                self,
                r: &super::reader::Reader<'_>,
                at: &str,
                _: &super::links::Listed,
                out: &mut super::gathered::Gathered,
            ) -> Result<(), super::reader::FormatError> {
                $read(r, at, self, out)
            }
        }
    };
}
pub(super) use reads_alone;

/// Writes the path of a listing's item `index` (`items[12]`) into `at`: an error names it.
pub(super) fn item_path(at: &mut String, prefix: &str, index: usize) {
    at.clear();
    at.push_str(prefix);
    at.push('[');
    push_number(at, index);
    at.push(']');
}

/// Appends `n` in decimal without the formatting machinery (once per item of every page).
pub(super) fn push_number(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &digit in &digits[at..] {
        out.push(char::from(digit));
    }
}
