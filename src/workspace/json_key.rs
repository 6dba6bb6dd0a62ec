//! A map's key as serde_json writes it: a string as a string (through `json_str`), a number or
//! a boolean quoted, a unit variant as its name; anything else refused, as serde_json refuses it.

use std::fmt::Display;

use serde::Serialize;
use serde::ser::{self, Error as _, Impossible};
use serde_json::Error;
use serde_json::ser::{CompactFormatter, Formatter};

type Result<T> = std::result::Result<T, Error>;

/// What a key is written into: the serializer of the map it is a key of.
pub trait KeyOut {
    /// A bare `"` around a quoted number or boolean key.
    fn quote(&mut self);
    /// A number or boolean as serde_json's formatter writes it.
    fn scalar(
        &mut self,
        write: impl FnOnce(&mut CompactFormatter, &mut Vec<u8>) -> std::io::Result<()>,
    ) -> Result<()>;
    /// A string, quoted and escaped.
    fn str(&mut self, text: &str) -> Result<()>;
    /// What `value` displays, quoted and escaped.
    fn display<T: Display + ?Sized>(&mut self, value: &T) -> Result<()>;
}

pub struct KeySerializer<'a, O>(pub &'a mut O);

fn key_must_be_a_string() -> Error {
    Error::custom("key must be a string")
}

impl<O: KeyOut> KeySerializer<'_, O> {
    /// A number or boolean key, quoted.
    fn quoted(
        self,
        write: impl FnOnce(&mut CompactFormatter, &mut Vec<u8>) -> std::io::Result<()>,
    ) -> Result<()> {
        self.0.quote();
        self.0.scalar(write)?;
        self.0.quote();
        Ok(())
    }
}

impl<O: KeyOut> ser::Serializer for KeySerializer<'_, O> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_str(self, value: &str) -> Result<()> {
        self.0.str(value)
    }
    fn serialize_char(self, value: char) -> Result<()> {
        self.0.str(value.encode_utf8(&mut [0; 4]))
    }
    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<()> {
        self.0.display(value)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<()> {
        self.0.str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_bool(self, value: bool) -> Result<()> {
        self.quoted(|fmt, out| fmt.write_bool(out, value))
    }
    fn serialize_i8(self, value: i8) -> Result<()> {
        self.quoted(|fmt, out| fmt.write_i8(out, value))
    }
    fn serialize_i16(self, value: i16) -> Result<()> {
        self.quoted(|fmt, out| fmt.write_i16(out, value))
    }
    fn serialize_i32(self, value: i32) -> Result<()> {
        self.quoted(|fmt, out| fmt.write_i32(out, value))
    }
    fn serialize_i64(self, value: i64) -> Result<()> {
        self.quoted(|fmt, out| fmt.write_i64(out, value))
    }
    fn serialize_i128(self, value: i128) -> Result<()> {
        self.quoted(|fmt, out| fmt.write_i128(out, value))
    }
    fn serialize_u8(self, value: u8) -> Result<()> {
        self.quoted(|fmt, out| fmt.write_u8(out, value))
    }
    fn serialize_u16(self, value: u16) -> Result<()> {
        self.quoted(|fmt, out| fmt.write_u16(out, value))
    }
    fn serialize_u32(self, value: u32) -> Result<()> {
        self.quoted(|fmt, out| fmt.write_u32(out, value))
    }
    fn serialize_u64(self, value: u64) -> Result<()> {
        self.quoted(|fmt, out| fmt.write_u64(out, value))
    }
    fn serialize_u128(self, value: u128) -> Result<()> {
        self.quoted(|fmt, out| fmt.write_u128(out, value))
    }
    fn serialize_f32(self, value: f32) -> Result<()> {
        if !value.is_finite() {
            return Err(Error::custom(
                "float key must be finite (got NaN or +/-inf)",
            ));
        }
        self.quoted(|fmt, out| fmt.write_f32(out, value))
    }
    fn serialize_f64(self, value: f64) -> Result<()> {
        if !value.is_finite() {
            return Err(Error::custom(
                "float key must be finite (got NaN or +/-inf)",
            ));
        }
        self.quoted(|fmt, out| fmt.write_f64(out, value))
    }

    fn serialize_bytes(self, _: &[u8]) -> Result<()> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit(self) -> Result<()> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<()> {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result<()> {
        Err(key_must_be_a_string())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<()> {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(key_must_be_a_string())
    }
}
