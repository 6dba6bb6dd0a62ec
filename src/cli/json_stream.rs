//! Pretty JSON written as it is made, every control or bidi character left in a string written
//! as a `\\uXXXX` escape (as `output::escape_controls` does to finished text): a `review --json`
//! of a million customers goes out without its whole text, or a tree of it, in memory.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

/// Writes `value` as pretty JSON to `out`.
pub fn write_pretty<W: Write, T: Serialize + ?Sized>(
    out: &mut W,
    value: &T,
) -> serde_json::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(out, Inert(PrettyFormatter::new()));
    value.serialize(&mut serializer)
}

/// serde_json escapes C0 controls itself; this escapes what it leaves (DEL, the C1 controls such
/// as U+009B CSI, bidi overrides) in every string it writes.
struct Inert(PrettyFormatter<'static>);

fn needs_escape(ch: char) -> bool {
    ch.is_control() || matches!(ch, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

impl Formatter for Inert {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // Below DEL every character is plain (serde_json escapes the C0 controls itself): most
        // strings are, and this test runs on whole words of bytes, not char by char.
        if fragment.bytes().all(|b| b < 0x7f) {
            return w.write_all(fragment.as_bytes());
        }
        let mut plain = 0;
        for (at, ch) in fragment.char_indices() {
            if needs_escape(ch) {
                w.write_all(&fragment.as_bytes()[plain..at])?;
                write!(w, "\\u{:04x}", ch as u32)?;
                plain = at + ch.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[plain..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::output::escape_controls;

    #[test]
    fn writes_what_pretty_printing_then_escaping_writes() {
        let value = serde_json::json!({
            "plain": "Contoso",
            "hostile": "a\u{7f}b\u{9b}31m\u{202e}evil\u{2066}\u{1b}[2J\n\t\"q\"",
            "nested": [{"k\u{85}ey": [1, 2.5, null, true]}, [], {}],
            "wide": "漢字 é",
            "only DEL": "x\u{7f}y",
        });
        let mut streamed = Vec::new();
        write_pretty(&mut streamed, &value).unwrap();
        let expected = escape_controls(&serde_json::to_string_pretty(&value).unwrap()).into_owned();
        assert_eq!(String::from_utf8(streamed).unwrap(), expected);
    }
}
