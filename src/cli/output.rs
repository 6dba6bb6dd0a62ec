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

/// Prints a value as pretty JSON. serde_json escapes control characters inside strings, so JSON
/// output is inert too.
pub fn json<T: serde::Serialize + ?Sized>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(err) => eprintln!("error: cannot print JSON: {err}"),
    }
}
