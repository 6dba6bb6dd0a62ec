//! A JSON string's contents written as serde_json writes them, found eight bytes at a time.
//!
//! serde_json looks up every byte of every string in its escape table, one at a time: a third
//! of a large save. The workspace's strings are mostly clean ASCII (ids, GUIDs, sha256 digests,
//! names, times), so here each eight bytes are tested at once with a few word operations, and
//! a clean run is copied in one piece. A byte that needs escaping is written by serde_json's
//! own `write_char_escape`, with the escape serde_json's table gives it.

use serde_json::ser::{CharEscape, CompactFormatter, Formatter};

/// Appends `text` in quotes.
pub fn write_str(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    write_contents(out, text);
    out.push(b'"');
}

/// Appends `text`'s contents, escaped as serde_json escapes them (no quotes).
pub fn write_contents(out: &mut Vec<u8>, text: &str) {
    let mut rest = text.as_bytes();
    loop {
        let (clean, tail) = rest
            .split_at_checked(clean_prefix(rest))
            .unwrap_or((rest, &[]));
        out.extend_from_slice(clean);
        let Some((&byte, tail)) = tail.split_first() else {
            return;
        };
        // serde_json's own escape (its formatters share this one); a `Vec` takes any write.
        let _ = CompactFormatter.write_char_escape(out, escape_of(byte));
        rest = tail;
    }
}

/// The escape serde_json gives a byte its table marks: below 0x20, `"` or `\`.
fn escape_of(byte: u8) -> CharEscape {
    match byte {
        b'"' => CharEscape::Quote,
        b'\\' => CharEscape::ReverseSolidus,
        0x08 => CharEscape::Backspace,
        0x0C => CharEscape::FormFeed,
        b'\n' => CharEscape::LineFeed,
        b'\r' => CharEscape::CarriageReturn,
        b'\t' => CharEscape::Tab,
        _ => CharEscape::AsciiControl(byte),
    }
}

const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);

/// The high bit of each byte of `word` (read little-endian) that may need escaping. The lowest
/// set bit is always exact: a false mark only follows a true one, from a borrow it carries up.
fn marks(word: u64) -> u64 {
    let below = |n: u8| word.wrapping_sub(ONES * u64::from(n)) & !word;
    let zero = |x: u64| x.wrapping_sub(ONES) & !x;
    let quote = zero(word ^ (ONES * u64::from(b'"')));
    let backslash = zero(word ^ (ONES * u64::from(b'\\')));
    (below(0x20) | quote | backslash) & HIGHS
}

/// The index of the first byte of the word's marks.
fn first_marked(marks: u64) -> usize {
    (marks.trailing_zeros() / 8) as usize
}

/// How many bytes at the start of `bytes` need no escaping.
fn clean_prefix(bytes: &[u8]) -> usize {
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let found = marks(word_of(word));
        if found != 0 {
            return at + first_marked(found);
        }
        at += 8;
    }
    let tail = words.remainder();
    if tail.is_empty() {
        return at;
    }
    // The last bytes: the last eight of a longer text (those before `at` are clean, so the
    // first mark is at or after it), or the few of a short one.
    let (word, start) = match bytes.last_chunk::<8>() {
        Some(last) => (u64::from_le_bytes(*last), bytes.len() - 8),
        None => (short_word(tail), at),
    };
    let found = marks(word);
    if found != 0 {
        return start + first_marked(found);
    }
    bytes.len()
}

fn word_of(eight: &[u8]) -> u64 {
    let mut word = [0; 8];
    word.copy_from_slice(eight);
    u64::from_le_bytes(word)
}

const SPACES: u64 = u64::from_ne_bytes([b' '; 8]);

/// One to seven bytes as a word, the bytes past them spaces (which need no escaping). Read as
/// two overlapping loads rather than byte by byte into memory, which a word load would wait on.
fn short_word(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    let word = match (bytes.first_chunk::<4>(), bytes.first_chunk::<2>()) {
        (Some(head), _) => {
            let last = bytes
                .last_chunk::<4>()
                .map_or(0, |c| u32::from_le_bytes(*c));
            u64::from(u32::from_le_bytes(*head)) | u64::from(last) << (8 * (n - 4))
        }
        (None, Some(head)) => {
            let last = bytes
                .last_chunk::<2>()
                .map_or(0, |c| u16::from_le_bytes(*c));
            u64::from(u16::from_le_bytes(*head)) | u64::from(last) << (8 * (n - 2))
        }
        (None, None) => bytes.first().map_or(0, |&b| u64::from(b)),
    };
    word | SPACES.checked_shl(8 * n as u32).unwrap_or(0)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ours(text: &str) -> String {
        let mut out = Vec::new();
        write_str(&mut out, text);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_ascii_byte_alone_and_among_clean_ones_is_escaped_as_serde_escapes_it() {
        for byte in 0..0x80u8 {
            let c = char::from(byte);
            // At each position of a word, and past the last whole word.
            for before in 0..17 {
                let text = format!("{}{c}{}", "a".repeat(before), "b".repeat(before % 5));
                assert_eq!(
                    ours(&text),
                    serde_json::to_string(&text).unwrap(),
                    "byte {byte:#04x} after {before} clean bytes"
                );
            }
        }
    }

    #[test]
    fn the_clean_prefix_stops_at_the_first_byte_to_escape_whatever_follows_it() {
        // Bytes that borrow (controls) before quotes and backslashes: the first mark is exact.
        let text = b"abc\x01\x00\"\\\x1f";
        assert_eq!(clean_prefix(text), 3);
        assert_eq!(clean_prefix(b"0123456789abcdef\"x"), 16);
        assert_eq!(
            clean_prefix("é中\u{7f}\u{80}".as_bytes()),
            "é中\u{7f}\u{80}".len()
        );
        assert_eq!(clean_prefix(b""), 0);
        for n in 1..8 {
            // A short text's bytes past its end are not read as zeros (controls).
            assert_eq!(clean_prefix(&b"abcdefg"[..n]), n);
            assert_eq!(clean_prefix(&b"abcdef\\"[..n]), n.min(6));
        }
    }

    /// Strings built from pieces likely to meet a word's edges: clean runs of any length,
    /// controls, quotes, backslashes, DEL and multi-byte characters.
    pub(crate) fn texts() -> impl Strategy<Value = String> {
        let special = [
            "\"", "\\", "\n", "\t", "\r", "\u{8}", "\u{c}", "\u{0}", "\u{1f}", "\u{7f}", "é", "中",
            "😀", "\u{2028}", "/",
        ]
        .map(String::from);
        let piece = prop_oneof![
            "[a-zA-Z0-9 -]{0,40}",
            prop::sample::select(special.to_vec()),
            any::<String>(),
        ];
        prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn any_string_is_written_as_serde_writes_it(text in texts()) {
            prop_assert_eq!(ours(&text), serde_json::to_string(&text).unwrap());
        }

        #[test]
        fn any_char_string_is_written_as_serde_writes_it(text in any::<String>()) {
            prop_assert_eq!(ours(&text), serde_json::to_string(&text).unwrap());
        }
    }
}
