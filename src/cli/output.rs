//! Printing for people and for scripts: aligned plain-text tables (every cell made inert, so a
//! hostile name cannot drive the terminal) and JSON.

use unicode_width::UnicodeWidthStr;

use crate::display::inert;

/// Prints rows under a header with columns padded to their widest cell (by display width).
pub fn table(header: &[&str], rows: &[Vec<String>]) {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|cell| inert(cell).into_owned()).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in &cells {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.width());
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
        println!("{}", text.trim_end());
    };
    line(header.to_vec());
    for row in &cells {
        line(row.iter().map(String::as_str).collect());
    }
}

/// Prints a value as pretty JSON. serde_json escapes C0 control characters inside strings; the
/// ones it leaves as they are (DEL, the C1 controls such as U+009B CSI, bidi overrides) are escaped
/// here too, so JSON output is inert and still the same JSON.
pub fn json<T: serde::Serialize + ?Sized>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{}", escape_controls(&text)),
        Err(err) => eprintln!("error: cannot print JSON: {err}"),
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
