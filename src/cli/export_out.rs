//! Standard output for `export`, written as the rows come: CSV cells made inert (their line
//! breaks kept: a cell may hold one, and CSV quotes it), JSON's remaining control characters
//! escaped, Markdown as it is (its cells are made inert as they are written). Text is passed on
//! in pieces of whole characters, so each piece comes out as the whole text would.

use std::io::{self, Write};

use super::{output, sink};
use crate::display::inert;
use crate::interop::export::Format;

/// How much is gathered before it is passed on.
const PIECE: usize = 1 << 16;

pub struct ExportOut<'a> {
    format: Format,
    pending: Vec<u8>,
    /// Where the text goes: standard output (`sink::data`), or a test's string.
    to: Box<dyn FnMut(&str) + 'a>,
}

impl<'a> ExportOut<'a> {
    pub fn new(format: Format) -> Self {
        Self::to(format, sink::data)
    }

    fn to(format: Format, to: impl FnMut(&str) + 'a) -> Self {
        ExportOut {
            format,
            pending: Vec::with_capacity(PIECE),
            to: Box::new(to),
        }
    }

    /// `text` as it goes out in `format`.
    fn shown(format: Format, text: &str) -> std::borrow::Cow<'_, str> {
        match format {
            Format::Csv => inert(text)
                .replace('\u{240a}', "\n")
                .replace('\u{240d}', "\r")
                .into(),
            Format::Json => output::escape_controls(text),
            Format::Markdown => text.into(),
        }
    }

    /// Passes on the pending text up to its last whole character.
    fn pass_on(&mut self) -> io::Result<()> {
        let whole = match std::str::from_utf8(&self.pending) {
            Ok(text) => text.len(),
            Err(cut) if cut.error_len().is_none() => cut.valid_up_to(),
            // The writers write text: bytes that are none can only be a fault of theirs.
            Err(err) => return Err(io::Error::new(io::ErrorKind::InvalidData, err)),
        };
        let text = std::str::from_utf8(&self.pending[..whole])
            .map_err(|err| io::Error::new(io::ErrorKind::InvalidData, err))?;
        (self.to)(&Self::shown(self.format, text));
        self.pending.drain(..whole);
        if sink::stdout_gone() {
            // Its reader went away: nothing more is worth making.
            return Err(io::ErrorKind::BrokenPipe.into());
        }
        Ok(())
    }
}

impl Write for ExportOut<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        if self.pending.len() >= PIECE {
            self.pass_on()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.pass_on()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_written_in_any_pieces_comes_out_as_the_whole_text_would() {
        let row = "Évil\u{1b}[2J\u{202e}name\n漢字\r\u{9b}31m\u{7f},\"q\"\n";
        let text = row.repeat(PIECE / row.len() * 3);
        for format in [Format::Csv, Format::Json, Format::Markdown] {
            // Pieces of every size from 1 to 13 bytes, cut anywhere in a character.
            let mut written = String::new();
            let mut out = ExportOut::to(format, |piece: &str| written.push_str(piece));
            let (mut at, mut size) = (0, 1);
            while at < text.len() {
                let end = (at + size).min(text.len());
                out.write_all(&text.as_bytes()[at..end]).unwrap();
                (at, size) = (end, size % 13 + 1);
            }
            out.flush().unwrap();
            drop(out);
            assert_eq!(written, ExportOut::shown(format, &text));
        }
        assert!(!ExportOut::shown(Format::Csv, row).contains('\u{1b}'));
        assert!(
            ExportOut::shown(Format::Csv, row).contains('\n'),
            "line breaks kept"
        );
    }
}
