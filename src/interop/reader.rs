//! Reading one export's items: `Reader` turns JSON values into typed items, with a
//! `FormatError` that names the file and the JSON path of what is wrong.

use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::domain::Time;

/// A malformed export: which file, where in it (a JSON path), and why. Nothing is imported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FormatError {
    pub file: String,
    pub path: String,
    pub message: String,
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

impl std::error::Error for FormatError {}

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
        }
    }

    pub fn typed<T: DeserializeOwned>(&self, at: &str, item: &Value) -> Result<T, FormatError> {
        serde_path_to_error::deserialize(item).map_err(|err| FormatError {
            file: self.file.to_string(),
            path: join(at, &err.path().to_string()),
            message: err.inner().to_string(),
        })
    }

    /// An optional timestamp field; `null`, empty and Graph's `0001-01-01T00:00:00Z` mean none.
    pub fn time(
        &self,
        at: &str,
        field: &str,
        value: &Option<String>,
    ) -> Result<Option<Time>, FormatError> {
        let Some(text) = value.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        if text.starts_with("0001-01-01") {
            return Ok(None);
        }
        Time::parse(text)
            .map(Some)
            .map_err(|why| self.error(&join(at, field), &why))
    }
}

/// An optional text field as exports give it: `None` when missing, `null` or blank, else the
/// text trimmed.
pub fn text(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}
