//! Reading one export's items: `Reader` turns JSON values into typed items, with a
//! `FormatError` that names the file and the JSON path of what is wrong.

use std::fmt;
use std::ops::Deref;

use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_json::value::RawValue;

use crate::domain::Time;
use crate::tables::text::Text;

/// A malformed export: which file, where in it (a JSON path), and why. Nothing is imported.
#[derive(Debug)]
pub struct FormatError {
    pub file: String,
    pub path: String,
    pub message: String,
    /// The JSON error beneath `message`, when the parser found what is wrong.
    pub source: Option<serde_json::Error>,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: at {}: {}", self.file, self.path, self.message)
        }
    }
}

impl std::error::Error for FormatError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|err| err as _)
    }
}

/// One item of an export: its text, a slice of the page read straight into its typed shape,
/// or a value already parsed (a page read as a tree).
#[derive(Clone, Copy)]
pub enum Item<'a> {
    Text(&'a RawValue),
    Parsed(&'a Value),
}

impl<'a> From<&'a Value> for Item<'a> {
    fn from(value: &'a Value) -> Self {
        Item::Parsed(value)
    }
}

/// Reads the items of one file, with errors that name the file and the JSON path.
pub struct Reader<'a> {
    pub file: &'a str,
}

fn join(at: &str, inner: &str) -> String {
    match (at.is_empty(), inner == "." || inner.is_empty()) {
        (_, true) => {
            if at.is_empty() {
                "$".into()
            } else {
                at.to_string()
            }
        }
        (true, false) => inner.to_string(),
        (false, false) if inner.starts_with('[') => format!("{at}{inner}"),
        (false, false) => format!("{at}.{inner}"),
    }
}

impl Reader<'_> {
    pub fn error(&self, at: &str, message: &str) -> FormatError {
        FormatError {
            file: self.file.to_string(),
            path: join(at, ""),
            message: message.to_string(),
            source: None,
        }
    }

    pub fn typed<T: DeserializeOwned>(&self, at: &str, item: Item<'_>) -> Result<T, FormatError> {
        let value = match item {
            Item::Parsed(value) => value,
            Item::Text(text) => {
                // Read without tracking the path, which costs on every field: the path is
                // only wanted for an error, and the tree's reading below finds it then.
                if let Ok(typed) = serde_json::from_str(text.get()) {
                    return Ok(typed);
                }
                // The error as a tree gives it (no line and column inside the item; a repeated
                // field's last copy wins): read the item again that way, which is rare.
                let value: Value = serde_json::from_str(text.get())
                    .map_err(|err| self.error(at, &err.to_string()))?;
                return self.typed(at, Item::Parsed(&value));
            }
        };
        serde_path_to_error::deserialize(value).map_err(|err| {
            let path = join(at, &err.path().to_string());
            let inner = err.into_inner();
            FormatError {
                file: self.file.to_string(),
                path,
                message: inner.to_string(),
                source: Some(inner),
            }
        })
    }

    /// An optional timestamp field; `null`, empty and Graph's `0001-01-01T00:00:00Z` mean none.
    pub fn time<S: Deref<Target = str>>(
        &self,
        at: &str,
        field: &str,
        value: &Option<S>,
    ) -> Result<Option<Time>, FormatError> {
        let Some(text) = value.as_deref().map(trim).filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        if text.starts_with("0001-01-01") {
            return Ok(None);
        }
        parse_time(text)
            .map(Some)
            .map_err(|why| self.error(&join(at, field), &why))
    }
}

/// `Time::parse`, with the fast path for the shape exports write (`YYYY-MM-DDTHH:MM:SS[.f…]Z`)
/// that `Time`'s own reading takes (a workspace's load): the general parser is most of the
/// cost of a timestamp, and a page of relationships has four per item. Anything else is left
/// to the general parser, whose message is the error.
fn parse_time(text: &str) -> Result<Time, String> {
    use serde::Deserialize;
    use serde::de::value::{Error, StrDeserializer};
    Time::deserialize(StrDeserializer::<Error>::new(text)).map_err(|err| err.to_string())
}

/// `str::trim`, without looking into the text when its ends are not white space, as nearly
/// every text of an export is (the general trim decodes characters from both ends).
pub fn trim(text: &str) -> &str {
    // Every white space character but `\t`..`\r` and the space starts with a byte of 0x80 or
    // more.
    let plain = |b: &u8| *b < 0x80 && !matches!(b, b'\t'..=b'\r' | b' ');
    let bytes = text.as_bytes();
    if bytes.first().is_some_and(plain) && bytes.last().is_some_and(plain) {
        text
    } else {
        text.trim()
    }
}

/// An optional text field as exports give it: `None` when missing, `null` or blank, else the
/// text trimmed.
pub fn text<S: Deref<Target = str>>(value: &Option<S>) -> Option<String> {
    value
        .as_deref()
        .map(trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// `text`, owned: the same text trimmed in place (no copy of it), `None` when missing, `null`
/// or blank.
pub fn owned_text(value: Option<String>) -> Option<String> {
    let mut text = value?;
    if trim(&text).len() == text.len() {
        return (!text.is_empty()).then_some(text);
    }
    text.truncate(text.trim_end().len());
    let start = text.len() - text.trim_start().len();
    text.drain(..start);
    (!text.is_empty()).then_some(text)
}

/// `owned_text` for a text read as a `Text` (equal texts read lately share one allocation):
/// trimmed, `None` when missing, `null` or blank.
pub fn shared_text(value: Option<Text>) -> Option<Text> {
    Some(value?.trimmed_shared()).filter(|text| !text.is_empty())
}

/// `text`, borrowed: for a field only looked at, never kept.
pub fn trimmed<S: Deref<Target = str>>(value: &Option<S>) -> Option<&str> {
    value.as_deref().map(trim).filter(|t| !t.is_empty())
}

/// A tenant id in the stored spelling (`normalised_guid`): `text` itself when it already is.
pub fn guid(text: String) -> String {
    match crate::domain::rules::identity::normalised_guid_of(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(stored) => stored,
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error;

    use super::*;

    #[test]
    fn an_owned_text_is_the_text_a_borrowed_one_gives() {
        for given in [
            None,
            Some(""),
            Some("  "),
            Some(" a "),
            Some("a"),
            Some("\ta b\n"),
            Some("é "),
            Some("\u{b}a\u{c}"),
            Some("\u{a0}a b\u{3000}"),
            Some("a\u{2029}"),
            Some("\u{85}"),
            Some("\u{1f}a\u{1c}"),
        ] {
            assert_eq!(given.map(trim), given.map(str::trim));
            let given = given.map(str::to_string);
            assert_eq!(owned_text(given.clone()), text(&given), "{given:?}");
            assert_eq!(
                trimmed(&given).map(str::to_string),
                text(&given),
                "{given:?}"
            );
        }
        for tenant in [
            "{D2B7F1E4-0C2A-4F6B-9E31-1A2B3C4D5E6F}",
            "d2b7f1e4-0c2a-4f6b-9e31-1a2b3c4d5e6f",
            "T-9 ",
        ] {
            let expected = crate::domain::rules::identity::normalised_guid(tenant);
            assert_eq!(guid(tenant.to_string()), expected, "{tenant}");
        }
    }

    #[test]
    fn a_timestamp_reads_as_the_general_parser_reads_it_and_fails_with_its_message() {
        for text in [
            "2026-11-24T09:30:00Z",
            "2026-11-24T09:30:00.1234567Z",
            "2026-11-24T10:30:00+01:00",
            "2026-11-24t09:30:00z",
            "2016-12-31T23:59:60Z",
            "2026-02-29T00:00:00Z",
            "2026-11-24",
            "yesterday",
        ] {
            assert_eq!(parse_time(text), Time::parse(text), "{text}");
        }
        let reader = Reader { file: "r.json" };
        let err = reader
            .time(
                "value[3]",
                "createdDateTime",
                &Some(" 2026-13-01T00:00:00Z "),
            )
            .unwrap_err();
        assert_eq!(err.path, "value[3].createdDateTime");
        assert_eq!(
            err.message,
            Time::parse("2026-13-01T00:00:00Z").unwrap_err()
        );
        for none in [None, Some(" "), Some("0001-01-01T00:00:00Z")] {
            assert_eq!(
                reader.time("value[3]", "x", &none).unwrap(),
                None,
                "{none:?}"
            );
        }
    }

    #[test]
    fn a_format_error_keeps_the_json_error_beneath_it() {
        let reader = Reader {
            file: "customers.json",
        };
        let item = serde_json::json!({ "n": "three" });
        let err = reader
            .typed::<std::collections::BTreeMap<String, u32>>("items[0]", (&item).into())
            .unwrap_err();
        assert_eq!(err.path, "items[0].n");
        assert!(err.source().is_some_and(|s| s.is::<serde_json::Error>()));
        assert!(reader.error("items[0]", "no id").source().is_none());
    }
}
