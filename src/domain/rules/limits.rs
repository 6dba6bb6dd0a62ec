//! WS4: the one limit on text that both writing and reading enforce. The loader refuses a file
//! holding a text value longer than `MAX_TEXT_BYTES` (a broken or hostile file); so every action
//! refuses to make a record holding one, or partnerdesk could write a file it then refuses to
//! read. A value is measured as the file will hold it: its JSON text between the quotes, escapes
//! included, exactly what the loader measures.

use serde::Serialize;

use crate::domain::catalogue::{Refusal, RuleId};
use crate::domain::diagnostics::Diagnostic;
use crate::domain::rules::longest_string::longest_string;

/// The most bytes JSON writes for one byte of text: a control character as `\u001f`.
const MAX_ESCAPED_WIDTH: usize = 6;

/// The longest text value accepted in one field, in bytes as written in the file.
pub const MAX_TEXT_BYTES: usize = 1024 * 1024;

/// An audit entry's summary is cut to this many bytes: it names records, and a record's long
/// name must not make the entry longer than the limit.
pub const MAX_SUMMARY_BYTES: usize = 4096;

/// No text value in `value` (a record, a part of one, one text) can be longer than
/// `MAX_TEXT_BYTES` as JSON text, however it is escaped: then `too_long_text` finds nothing.
/// A record made in parts is short when each part is.
pub fn too_short_to_break<T: Serialize + ?Sized>(value: &T) -> bool {
    longest_string(value) <= MAX_TEXT_BYTES / MAX_ESCAPED_WIDTH
}

/// The longest text value in `value` as JSON text, and the field (key) holding it, when one is
/// longer than `MAX_TEXT_BYTES`.
pub fn too_long_text<T: Serialize + ?Sized>(value: &T) -> Option<(String, usize)> {
    // Escaping writes a byte in at most six: shorter strings cannot break the limit, and
    // measuring them is a walk over the record rather than writing its JSON.
    if too_short_to_break(value) {
        return None;
    }
    let mut scan = Scan::default();
    // Writing into `Scan` cannot fail, and a record always serializes.
    let _ = serde_json::to_writer(&mut scan, value);
    scan.worst
}

/// WS4 for one record, `kind/id`: a finding when one of its text values is too long.
pub fn check_record<T: Serialize + ?Sized>(
    kind: &str,
    id: &str,
    record: &T,
    out: &mut Vec<Diagnostic>,
) {
    if let Some(refusal) = refusal_for(kind, id, record) {
        out.push(Diagnostic::new(
            refusal.rule,
            format!("{kind}/{id}"),
            refusal.reason,
        ));
    }
}

/// WS4 as a refusal, for `what` (e.g. `customer fourth-coffee`).
pub fn refusal_for<T: Serialize + ?Sized>(kind: &str, id: &str, record: &T) -> Option<Refusal> {
    let (field, len) = too_long_text(record)?;
    let field = if field.is_empty() {
        String::new()
    } else {
        format!(" `{field}`")
    };
    Some(Refusal::new(
        RuleId::WS4,
        format!(
            "the text value{field} of {kind} {id} is {len} bytes long, more than the {MAX_TEXT_BYTES} bytes partnerdesk accepts in one field"
        ),
    ))
}

/// `text` cut to at most `max` bytes at a character boundary, ending in "…" when cut.
pub fn cut_text(text: &mut String, max: usize) {
    if text.len() <= max {
        return;
    }
    let mut end = max.saturating_sub('…'.len_utf8());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text.push('…');
}

/// Reads JSON text as it is written, tracking each string's length and the last key seen.
#[derive(Default)]
struct Scan {
    in_string: bool,
    escaped: bool,
    length: usize,
    /// The start of the current string (enough to name a key).
    head: Vec<u8>,
    /// The last string, until we know whether it was a key (a `:` follows).
    last: Vec<u8>,
    key: String,
    worst: Option<(String, usize)>,
}

/// How much of a string is kept to name it as a key.
const KEY_BYTES: usize = 64;

impl std::io::Write for Scan {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for &byte in buf {
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if byte == b'\\' {
                    self.escaped = true;
                } else if byte == b'"' {
                    self.in_string = false;
                    self.last = std::mem::take(&mut self.head);
                    if self.length > MAX_TEXT_BYTES
                        && self
                            .worst
                            .as_ref()
                            .is_none_or(|(_, len)| self.length > *len)
                    {
                        self.worst = Some((self.key.clone(), self.length));
                    }
                    continue;
                }
                self.length += 1;
                if self.head.len() < KEY_BYTES {
                    self.head.push(byte);
                }
            } else if byte == b'"' {
                self.in_string = true;
                self.length = 0;
                self.head.clear();
            } else if byte == b':' {
                self.key = String::from_utf8_lossy(&self.last).into_owned();
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_over_the_limit_is_found_with_its_field_and_its_written_length() {
        let long = "x".repeat(MAX_TEXT_BYTES + 1);
        let record = serde_json::json!({ "id": "c1", "displayName": long, "domain": "a.b" });
        assert_eq!(
            too_long_text(&record),
            Some(("displayName".to_string(), MAX_TEXT_BYTES + 1))
        );
    }

    #[test]
    fn escapes_count_as_the_file_writes_them() {
        // Each control character is written as six bytes (\u0001): short as text, long in JSON.
        let record = serde_json::json!({ "name": "\u{1}".repeat(MAX_TEXT_BYTES / 6 + 1) });
        assert!(too_long_text(&record).is_some());
        let quotes = serde_json::json!({ "name": "\"".repeat(MAX_TEXT_BYTES / 2) });
        assert!(too_long_text(&quotes).is_none(), "exactly the limit fits");
    }

    #[test]
    fn a_string_just_over_a_sixth_of_the_limit_is_measured_as_written() {
        // The shortest string the quick walk cannot clear: written whole, it is over the limit.
        let count = MAX_TEXT_BYTES / MAX_ESCAPED_WIDTH + 1;
        let controls = "\u{1}".repeat(count);
        assert_eq!(
            too_long_text(&serde_json::json!({ "note": controls })),
            Some(("note".to_string(), count * MAX_ESCAPED_WIDTH))
        );
        let plain = "p".repeat(MAX_TEXT_BYTES / MAX_ESCAPED_WIDTH + 1);
        assert_eq!(too_long_text(&serde_json::json!({ "note": plain })), None);
    }

    #[test]
    fn a_value_at_the_limit_fits() {
        let record = serde_json::json!({ "name": "y".repeat(MAX_TEXT_BYTES) });
        assert_eq!(too_long_text(&record), None);
    }

    #[test]
    fn cut_text_keeps_whole_characters() {
        let mut text = "日本".repeat(10);
        cut_text(&mut text, 10);
        assert!(text.len() <= 10 && text.ends_with('…'), "{text}");
        let mut short = "abc".to_string();
        cut_text(&mut short, 10);
        assert_eq!(short, "abc");
    }
}
