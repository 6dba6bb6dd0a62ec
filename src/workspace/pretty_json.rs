//! A JSON serializer into a `Vec<u8>` that writes what `serde_json::to_writer_pretty` writes,
//! byte for byte, with less work per byte: strings go through `json_str` (eight bytes tested at
//! a time) instead of serde_json's byte-at-a-time escape loop (a third of a large save), and a
//! line's break and indentation are one fixed-size copy instead of a write per level.
//!
//! It follows serde_json's serializer (`serde_json::ser`, 1.0.154) call for call: the same
//! layout as its `PrettyFormatter` (two spaces a level, one `has_value` flag that an opening
//! bracket clears and a written value sets), and its own formatter writes the numbers, `true`,
//! `false`, `null` and escapes. Map keys go through `json_key`.

use std::fmt::{self, Display};

use serde::Serialize;
use serde::ser::{self, Error as _};
use serde_json::Error;
use serde_json::ser::{CompactFormatter, Formatter};

use super::json_key::{KeyOut, KeySerializer};
use super::json_str;
use super::shared_renders::SharedRenders;
use crate::domain::provenance::SHARED_VALUE;

type Result<T> = std::result::Result<T, Error>;

/// Appends `value` to `out` as `serde_json::to_writer_pretty` writes it, `depth` levels into
/// the document (the indentation of a value that many objects or arrays deep).
pub fn render<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T, depth: usize) -> Result<()> {
    render_with(out, value, depth, None)
}

/// `render`, copying the text of a value named as shared (`SHARED_VALUE`) from `shared` when
/// it was rendered there before, and keeping it there when not. Every value `shared` names
/// must stay borrowed while it is used: it knows them by their addresses.
pub fn render_sharing<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    value: &T,
    depth: usize,
    shared: &mut SharedRenders,
) -> Result<()> {
    render_with(out, value, depth, Some(shared))
}

fn render_with<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    value: &T,
    depth: usize,
    shared: Option<&mut SharedRenders>,
) -> Result<()> {
    value.serialize(&mut Serializer {
        out,
        depth,
        has_value: false,
        shared,
    })
}

/// A line break and 15 levels of indentation: a line is begun with one copy of a fixed size,
/// cut to the line's depth.
const LINE: [u8; 32] = {
    let mut line = [b' '; 32];
    line[0] = b'\n';
    line
};

/// The serializer: the text so far, and `PrettyFormatter`'s state.
pub struct Serializer<'o> {
    out: &'o mut Vec<u8>,
    /// Objects and arrays open around what is written next.
    depth: usize,
    /// Whether the innermost open object or array has a value (so its end goes on a new line).
    has_value: bool,
    /// Texts of shared values rendered before (`render_sharing`).
    shared: Option<&'o mut SharedRenders>,
}

impl KeyOut for Serializer<'_> {
    fn quote(&mut self) {
        Serializer::quote(self);
    }
    fn scalar(
        &mut self,
        write: impl FnOnce(&mut CompactFormatter, &mut Vec<u8>) -> std::io::Result<()>,
    ) -> Result<()> {
        Serializer::scalar(self, write)
    }
    fn str(&mut self, text: &str) -> Result<()> {
        Serializer::str(self, text)
    }
    fn display<T: Display + ?Sized>(&mut self, value: &T) -> Result<()> {
        Serializer::display(self, value)
    }
}

impl Serializer<'_> {
    /// A number, `true`, `false` or `null` as serde_json's formatter writes it (into a `Vec`,
    /// which takes every write).
    pub(super) fn scalar(
        &mut self,
        write: impl FnOnce(&mut CompactFormatter, &mut Vec<u8>) -> std::io::Result<()>,
    ) -> Result<()> {
        write(&mut CompactFormatter, self.out).map_err(Error::io)
    }

    pub(super) fn str(&mut self, text: &str) -> Result<()> {
        json_str::write_str(self.out, text);
        Ok(())
    }

    pub(super) fn display<T: Display + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.out.push(b'"');
        if fmt::write(&mut Adapter(self.out), format_args!("{value}")).is_err() {
            return Err(Error::custom("a Display implementation returned an error"));
        }
        self.out.push(b'"');
        Ok(())
    }

    /// A bare `"` around a quoted number key.
    pub(super) fn quote(&mut self) {
        self.out.push(b'"');
    }

    /// `[` or `{`.
    fn open(&mut self, bracket: u8) {
        self.depth += 1;
        self.has_value = false;
        self.out.push(bracket);
    }

    /// `]` or `}`, on a line of its own after values.
    fn close(&mut self, bracket: u8) {
        self.depth = self.depth.saturating_sub(1);
        if self.has_value {
            self.line();
        }
        self.out.push(bracket);
    }

    /// Before an element or key: a comma after the first, a line break, the indentation.
    fn next_line(&mut self, first: bool) {
        if !first {
            self.out.push(b',');
        }
        self.line();
    }

    fn line(&mut self) {
        let width = 1 + 2 * self.depth;
        let start = self.out.len();
        if width <= LINE.len() {
            // Copied whole (a constant size, no call), then cut to the width.
            self.out.extend_from_slice(&LINE);
            self.out.truncate(start + width);
            return;
        }
        self.out.push(b'\n');
        for _ in 0..self.depth {
            self.out.extend_from_slice(b"  ");
        }
    }

    /// `{"variant": ` before a variant's content, as serde_json writes it.
    fn open_variant(&mut self, variant: &str) -> Result<()> {
        self.open(b'{');
        self.next_line(true);
        self.str(variant)?;
        self.out.extend_from_slice(b": ");
        Ok(())
    }

    /// `}` after a variant's content.
    fn close_variant(&mut self) -> Result<()> {
        self.has_value = true;
        self.close(b'}');
        Ok(())
    }
}

impl<'o> Serializer<'o> {
    /// A shared value: its text copied from `shared` when it was rendered there at this
    /// depth, else rendered and kept there. `shared` is given back after.
    fn shared_value<T: Serialize + ?Sized>(
        &mut self,
        shared: &'o mut SharedRenders,
        value: &T,
    ) -> Result<()> {
        let address = std::ptr::from_ref(value).cast::<u8>().addr();
        let result = match shared.get(address, self.depth) {
            Some((text, rendered)) => {
                self.out.extend_from_slice(text);
                self.has_value = rendered.has_value;
                Ok(())
            }
            None => {
                let start = self.out.len();
                let result = value.serialize(&mut *self);
                if result.is_ok()
                    && let Some(text) = self.out.get(start..)
                {
                    shared.keep(address, self.depth, text, self.has_value);
                }
                result
            }
        };
        self.shared = Some(shared);
        result
    }
}

/// `collect_str`'s text, escaped piece by piece as `Display` writes it.
struct Adapter<'a>(&'a mut Vec<u8>);

impl fmt::Write for Adapter<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        json_str::write_contents(self.0, text);
        Ok(())
    }
}

/// serde_json's token for `RawValue`, whose one field is text written as it is.
const RAW_VALUE: &str = "$serde_json::private::RawValue";

impl<'a, 'o> ser::Serializer for &'a mut Serializer<'o> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, 'o>;
    type SerializeTuple = Compound<'a, 'o>;
    type SerializeTupleStruct = Compound<'a, 'o>;
    type SerializeTupleVariant = Compound<'a, 'o>;
    type SerializeMap = Compound<'a, 'o>;
    type SerializeStruct = Compound<'a, 'o>;
    type SerializeStructVariant = Compound<'a, 'o>;

    fn serialize_bool(self, value: bool) -> Result<()> {
        self.scalar(|fmt, out| fmt.write_bool(out, value))
    }
    fn serialize_i8(self, value: i8) -> Result<()> {
        self.scalar(|fmt, out| fmt.write_i8(out, value))
    }
    fn serialize_i16(self, value: i16) -> Result<()> {
        self.scalar(|fmt, out| fmt.write_i16(out, value))
    }
    fn serialize_i32(self, value: i32) -> Result<()> {
        self.scalar(|fmt, out| fmt.write_i32(out, value))
    }
    fn serialize_i64(self, value: i64) -> Result<()> {
        self.scalar(|fmt, out| fmt.write_i64(out, value))
    }
    fn serialize_i128(self, value: i128) -> Result<()> {
        self.scalar(|fmt, out| fmt.write_i128(out, value))
    }
    fn serialize_u8(self, value: u8) -> Result<()> {
        self.scalar(|fmt, out| fmt.write_u8(out, value))
    }
    fn serialize_u16(self, value: u16) -> Result<()> {
        self.scalar(|fmt, out| fmt.write_u16(out, value))
    }
    fn serialize_u32(self, value: u32) -> Result<()> {
        self.scalar(|fmt, out| fmt.write_u32(out, value))
    }
    fn serialize_u64(self, value: u64) -> Result<()> {
        self.scalar(|fmt, out| fmt.write_u64(out, value))
    }
    fn serialize_u128(self, value: u128) -> Result<()> {
        self.scalar(|fmt, out| fmt.write_u128(out, value))
    }

    /// NaN and the infinities are written as `null`, as serde_json writes them.
    fn serialize_f32(self, value: f32) -> Result<()> {
        if !value.is_finite() {
            return self.serialize_unit();
        }
        self.scalar(|fmt, out| fmt.write_f32(out, value))
    }
    fn serialize_f64(self, value: f64) -> Result<()> {
        if !value.is_finite() {
            return self.serialize_unit();
        }
        self.scalar(|fmt, out| fmt.write_f64(out, value))
    }

    fn serialize_char(self, value: char) -> Result<()> {
        self.str(value.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, value: &str) -> Result<()> {
        self.str(value)
    }
    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<()> {
        self.display(value)
    }

    /// Bytes as an array of numbers, as serde_json's `write_byte_array` writes them.
    fn serialize_bytes(self, value: &[u8]) -> Result<()> {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(value.len()))?;
        for byte in value {
            seq.serialize_element(byte)?;
        }
        seq.end()
    }

    fn serialize_unit(self) -> Result<()> {
        self.scalar(|fmt, out| fmt.write_null(out))
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<()> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<()> {
        self.str(variant)
    }
    fn serialize_none(self) -> Result<()> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        if name == SHARED_VALUE
            && let Some(shared) = self.shared.take()
        {
            return self.shared_value(shared, value);
        }
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        self.open_variant(variant)?;
        value.serialize(&mut *self)?;
        self.close_variant()
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a, 'o>> {
        self.open(b'[');
        if len == Some(0) {
            self.close(b']');
            return Ok(Compound::new(self, State::Empty));
        }
        Ok(Compound::new(self, State::First))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, 'o>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound<'a, 'o>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a, 'o>> {
        self.open_variant(variant)?;
        self.serialize_seq(Some(len))
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'a, 'o>> {
        self.open(b'{');
        if len == Some(0) {
            self.close(b'}');
            return Ok(Compound::new(self, State::Empty));
        }
        Ok(Compound::new(self, State::First))
    }
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Compound<'a, 'o>> {
        if name == RAW_VALUE {
            return Ok(Compound::new(self, State::Raw));
        }
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a, 'o>> {
        self.open_variant(variant)?;
        self.serialize_map(Some(len))
    }
}

/// Where a compound stands: opened and closed at once (length 0), before its first element,
/// after one; or a `RawValue`, whose text is written as it is.
#[derive(PartialEq, Eq, Clone, Copy)]
pub enum State {
    Empty,
    First,
    Rest,
    Raw,
}

/// An array or object being written.
pub struct Compound<'a, 'o> {
    ser: &'a mut Serializer<'o>,
    state: State,
}

impl<'a, 'o> Compound<'a, 'o> {
    fn new(ser: &'a mut Serializer<'o>, state: State) -> Self {
        Compound { ser, state }
    }

    /// Takes the first place, telling whether it was first.
    fn take_first(&mut self) -> bool {
        let first = self.state == State::First;
        self.state = State::Rest;
        first
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let first = self.take_first();
        self.ser.next_line(first);
        value.serialize(&mut *self.ser)?;
        self.ser.has_value = true;
        Ok(())
    }

    fn end_array(self) -> Result<&'a mut Serializer<'o>> {
        if self.state != State::Empty {
            self.ser.close(b']');
        }
        Ok(self.ser)
    }

    fn end_object(self) -> Result<&'a mut Serializer<'o>> {
        if self.state != State::Empty {
            self.ser.close(b'}');
        }
        Ok(self.ser)
    }

    fn raw_field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<()> {
        match serde_json::to_value(value)? {
            serde_json::Value::String(text) if key == RAW_VALUE => {
                self.ser.out.extend_from_slice(text.as_bytes());
                Ok(())
            }
            _ => Err(Error::custom("a RawValue holds one text field")),
        }
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }
    fn end(self) -> Result<()> {
        self.end_array().map(drop)
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }
    fn end(self) -> Result<()> {
        self.end_array().map(drop)
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }
    fn end(self) -> Result<()> {
        self.end_array().map(drop)
    }
}

impl ser::SerializeTupleVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }
    fn end(self) -> Result<()> {
        self.end_array()?.close_variant()
    }
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        let first = self.take_first();
        self.ser.next_line(first);
        key.serialize(KeySerializer(&mut *self.ser))
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.ser.out.extend_from_slice(b": ");
        value.serialize(&mut *self.ser)?;
        self.ser.has_value = true;
        Ok(())
    }
    fn end(self) -> Result<()> {
        self.end_object().map(drop)
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        if self.state == State::Raw {
            return self.raw_field(key, value);
        }
        ser::SerializeMap::serialize_entry(self, key, value)
    }
    fn end(self) -> Result<()> {
        if self.state == State::Raw {
            return Ok(());
        }
        self.end_object().map(drop)
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        ser::SerializeMap::serialize_entry(self, key, value)
    }
    fn end(self) -> Result<()> {
        self.end_object()?.close_variant()
    }
}
