//! Printing for people and for scripts: aligned plain-text tables (every cell made inert, so a
//! hostile name cannot drive the terminal, and cut to a bounded width) and JSON.

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::sink;
use crate::display::inert;

/// How a table treats long cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Each cell at most `CELL_WIDTH` columns, a longer one cut and ending in "…": a listing's
    /// size is bounded by its rows, whatever the records hold.
    Capped,
    /// Cells whole (`--wide`, one record's fields, partnerdesk's own texts). Padding still stops
    /// at `CELL_WIDTH`, so one huge cell does not widen every other row.
    Whole,
}

/// The widest a cell is shown in a capped table, and the widest a column is padded to.
pub const CELL_WIDTH: usize = 48;

/// Prints rows under a header, columns padded to their widest cell (by display width, at most
/// `CELL_WIDTH`).
pub fn table(header: &[&str], rows: &[Vec<String>], fit: Fit) {
    table_keeping(header, rows, fit, &[]);
}

/// The widest an id is shown whole: Graph's relationship ids are 73 characters; a longer one is
/// no id Microsoft or partnerdesk makes, and is cut like any other cell.
pub const ID_WIDTH: usize = 128;

/// `table`, with the columns headed by one of `ids` cut only past `ID_WIDTH` and padded to their
/// widest cell: an id is what the next command is given (`show ID`, `review --fix ID`), so "…"
/// in a real one would make it useless.
pub fn table_keeping(header: &[&str], rows: &[Vec<String>], fit: Fit, ids: &[&str]) {
    for line in table_lines(header, rows, fit, ids) {
        if sink::stdout_gone() {
            break;
        }
        sink::line(&line);
    }
}

/// The lines `table_keeping` prints, header first.
pub fn table_lines(header: &[&str], rows: &[Vec<String>], fit: Fit, ids: &[&str]) -> Vec<String> {
    let caps: Vec<usize> = header
        .iter()
        .map(|h| {
            if ids.contains(h) {
                ID_WIDTH
            } else {
                CELL_WIDTH
            }
        })
        .collect();
    let cap = |column: usize| caps.get(column).copied().unwrap_or(CELL_WIDTH);
    let shown = |column: usize, cell: &str| -> String {
        let cell = inert(cell);
        match fit {
            Fit::Capped => cut(&cell, cap(column)).into_owned(),
            Fit::Whole => cell.into_owned(),
        }
    };
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .enumerate()
                .map(|(column, cell)| shown(column, cell))
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in &cells {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.width().min(cap(i)));
            }
        }
    }
    let line = |row: Vec<&str>| {
        let mut text = String::new();
        for (i, cell) in row.iter().enumerate() {
            text.push_str(cell);
            if i + 1 < row.len() {
                let pad = widths[i].saturating_sub(cell.width()) + 2;
                text.push_str(&" ".repeat(pad));
            }
        }
        text.truncate(text.trim_end().len());
        text
    };
    let mut lines = vec![line(header.to_vec())];
    lines.extend(
        cells
            .iter()
            .map(|row| line(row.iter().map(String::as_str).collect())),
    );
    lines
}

/// `text` cut to at most `width` display columns, ending in "…" when something was cut.
pub fn cut(text: &str, width: usize) -> Cow<'_, str> {
    if text.width() <= width {
        return Cow::Borrowed(text);
    }
    let mut kept = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let w = ch.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        kept.push(ch);
        used += w;
    }
    kept.push('…');
    Cow::Owned(kept)
}

/// Prints a value as pretty JSON. serde_json escapes C0 control characters inside strings; the
/// ones it leaves as they are (DEL, the C1 controls such as U+009B CSI, bidi overrides) are escaped
/// here too, so JSON output is inert and still the same JSON.
pub fn json<T: serde::Serialize + ?Sized>(value: &T) {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, ToStdout);
    match super::json_stream::write_pretty(&mut out, value) {
        Ok(()) => {
            let _ = std::io::Write::flush(&mut out);
            sink::data("\n");
        }
        Err(err) => sink::error(&format!("error: cannot print JSON: {err}")),
    }
}

/// Standard output as a writer for the JSON stream (`sink` remembers a failure).
struct ToStdout;

impl std::io::Write for ToStdout {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        sink::data_bytes(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// JSON text with every remaining control or bidi character written as a `\uXXXX` escape. Such
/// characters can only occur inside strings (JSON's own syntax is ASCII), where the escape means
/// the same character.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let needs = |ch: char| {
        ch != '\n'
            && (ch.is_control() || matches!(ch, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
    };
    if !text.chars().any(needs) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for ch in text.chars() {
        if needs(ch) {
            out.push_str(&format!("\\u{:04x}", ch as u32));
        } else {
            out.push(ch);
        }
    }
    std::borrow::Cow::Owned(out)
}
