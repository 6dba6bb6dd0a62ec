//! A workspace file's text to its records, or a `LoadError` that says where (line and column
//! for malformed JSON, a JSON path such as `customers[3].tenantId` for a wrong type) and why:
//! the checks before the parse (UTF-8, no BOM, an object, no overlong string) and the parse.
//! Never a panic.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::workspace::WorkspaceFile;
use crate::workspace::format::{FORMAT_NAME, FORMAT_VERSION, FileHeader};

/// Why a file could not be loaded. `message` is what the user reads; `source`, where there is
/// one, is the error beneath it (the I/O error, the JSON parser's), kept for `Error::source`.
#[derive(Debug)]
pub enum LoadError {
    Io {
        path: PathBuf,
        message: String,
        source: Option<std::io::Error>,
    },
    Syntax {
        line: usize,
        column: usize,
        message: String,
        source: Option<serde_json::Error>,
    },
    Shape {
        path: String,
        line: usize,
        column: usize,
        message: String,
        source: Option<serde_json::Error>,
    },
    NotAWorkspace {
        found: String,
    },
    NewerVersion {
        found: u64,
    },
    /// One string longer than any field partnerdesk writes (a hostile or broken file).
    StringTooLong {
        line: usize,
        column: usize,
        bytes: usize,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { path, message, .. } => {
                write!(f, "cannot read {}: {message}", path.display())
            }
            LoadError::Syntax {
                line,
                column,
                message,
                ..
            } => {
                let column = (*column).max(1);
                write!(
                    f,
                    "not valid JSON at line {line}, column {column}: {message}"
                )
            }
            LoadError::Shape {
                path,
                line,
                column,
                message,
                ..
            } => {
                write!(
                    f,
                    "wrong content at {path} (line {line}, column {column}): {message}"
                )
            }
            LoadError::NotAWorkspace { found } => write!(
                f,
                "not a partnerdesk workspace: `format` is {found}, expected \"{FORMAT_NAME}\""
            ),
            LoadError::NewerVersion { found } => write!(
                f,
                "this workspace uses format version {found}, newer than this partnerdesk reads ({FORMAT_VERSION}); upgrade partnerdesk to open it"
            ),
            LoadError::StringTooLong {
                line,
                column,
                bytes,
            } => write!(
                f,
                "a text value at line {line}, column {column} is {bytes} bytes long, more than the {MAX_STRING_BYTES} bytes partnerdesk accepts in one field"
            ),
        }
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LoadError::Io { source, .. } => source.as_ref().map(|err| err as _),
            LoadError::Syntax { source, .. } | LoadError::Shape { source, .. } => {
                source.as_ref().map(|err| err as _)
            }
            LoadError::NotAWorkspace { .. }
            | LoadError::NewerVersion { .. }
            | LoadError::StringTooLong { .. } => None,
        }
    }
}

impl LoadError {
    /// An I/O error on `path`: its text is the message, the error itself the source.
    pub(super) fn io(path: &Path, err: std::io::Error) -> LoadError {
        LoadError::Io {
            path: path.to_path_buf(),
            message: err.to_string(),
            source: Some(err),
        }
    }

    /// `path` is not one to read, for a reason partnerdesk sees itself (no error beneath).
    pub(super) fn unreadable(path: &Path, message: String) -> LoadError {
        LoadError::Io {
            path: path.to_path_buf(),
            message,
            source: None,
        }
    }
}

/// The longest text value accepted in one field. Names, ids and audit summaries are far shorter;
/// a longer one is a broken or hostile file, refused before it is copied into memory again.
pub const MAX_STRING_BYTES: usize = crate::domain::rules::limits::MAX_TEXT_BYTES;

/// Bytes to parsed records, with every format problem said precisely.
pub(super) fn parse_text_of(bytes: &[u8]) -> Result<WorkspaceFile, LoadError> {
    if bytes.len() > MAX_STRING_BYTES {
        check_string_lengths_in_halves(bytes)?;
    }
    let text = std::str::from_utf8(bytes).map_err(|err| {
        let (line, column) = position_of(bytes, err.valid_up_to());
        LoadError::Syntax {
            line,
            column,
            message: "the file is not UTF-8 text (invalid byte sequence here)".into(),
            source: None,
        }
    })?;
    if text.starts_with('\u{feff}') {
        return Err(LoadError::Syntax {
            line: 1,
            column: 1,
            message: "the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM"
                .into(),
            source: None,
        });
    }
    if text.trim().is_empty() {
        return Err(LoadError::Syntax {
            line: 1,
            column: 1,
            message: "the file is empty".into(),
            source: None,
        });
    }
    if let Some(found) = not_an_object(text) {
        return Err(LoadError::Shape {
            path: "the top level".into(),
            line: 1,
            column: 1,
            message: format!("the file holds {found}, not a workspace object `{{…}}`"),
            source: None,
        });
    }
    parse_text(text)
}

/// The file's records as parsed; only a file that fails pays for tracking the JSON path.
fn parse_text(text: &str) -> Result<WorkspaceFile, LoadError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let file = match <WorkspaceFile as serde::Deserialize>::deserialize(&mut deserializer) {
        Ok(file) => file,
        Err(first) => {
            check_header(text)?;
            // Parse again with the path tracked, to say where (`customers[3].tenantId`).
            let mut again = serde_json::Deserializer::from_str(text);
            return Err(
                match serde_path_to_error::deserialize::<_, WorkspaceFile>(&mut again) {
                    Err(err) => describe(err),
                    Ok(_) => LoadError::Syntax {
                        line: first.line(),
                        column: first.column(),
                        message: strip_position(&first.to_string()),
                        source: Some(first),
                    },
                },
            );
        }
    };
    if let Err(err) = deserializer.end() {
        return Err(LoadError::Syntax {
            line: err.line(),
            column: err.column(),
            message: "unexpected content after the workspace's closing brace".into(),
            source: Some(err),
        });
    }
    // The header was parsed with the rest: no second pass over the text to read it.
    if file.format != FORMAT_NAME || file.version > FORMAT_VERSION {
        check_header(text)?;
    }
    Ok(file)
}

/// What a JSON text that is not an object starts with ("an array"…), or `None` for an object or
/// for text that is not JSON at all (the parser says where).
fn not_an_object(text: &str) -> Option<&'static str> {
    match text.trim_start().as_bytes().first()? {
        b'{' => None,
        b'[' => Some("an array"),
        b'"' => Some("a string"),
        b'-' | b'0'..=b'9' => Some("a number"),
        b't' | b'f'
            if text.trim_start().starts_with("true") || text.trim_start().starts_with("false") =>
        {
            Some("a boolean")
        }
        b'n' if text.trim_start().starts_with("null") => Some("null"),
        _ => None,
    }
}

/// The same scan on two threads, the file cut at a line break: JSON strings hold no raw line
/// break, so each half starts outside any string.
fn check_string_lengths_in_halves(bytes: &[u8]) -> Result<(), LoadError> {
    let cut = memchr::memchr(b'\n', &bytes[bytes.len() / 2..]).map(|at| bytes.len() / 2 + at);
    let Some(cut) = cut.filter(|_| bytes.len() >= 8 << 20) else {
        return check_string_lengths(bytes, 0);
    };
    let (first, second) = std::thread::scope(|scope| {
        let second = scope.spawn(|| check_string_lengths(bytes, cut));
        let first = check_string_lengths(&bytes[..cut], 0);
        let second = second
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (first, second)
    });
    first.and(second)
}

/// True when `bytes` holds no string longer than `MAX_STRING_BYTES`, known without looking at
/// every string: JSON strings hold no raw line break, and every stretch of text that long
/// covers a whole aligned window of half its length, so a line break in every such window
/// rules it out. A window costs one `memchr` that stops at the first break (lines are short).
/// False means "look closer" (`check_string_lengths`), not "too long".
pub(super) fn lines_are_short(bytes: &[u8]) -> bool {
    const WINDOW: usize = MAX_STRING_BYTES / 2;
    bytes
        .chunks(WINDOW)
        .all(|window| window.len() < WINDOW || memchr::memchr(b'\n', window).is_some())
}

/// Finds a string longer than `MAX_STRING_BYTES` without decoding anything: a scan for quotes and
/// backslashes, so it costs a fraction of the parse it may save.
pub(super) fn check_string_lengths(bytes: &[u8], from: usize) -> Result<(), LoadError> {
    let end = bytes.len();
    let mut at = from;
    while let Some(open) = bytes
        .get(at..)
        .and_then(|rest| memchr::memchr(b'"', rest))
        .map(|i| at + i)
    {
        let mut cursor = open + 1;
        let close = loop {
            match bytes
                .get(cursor..)
                .and_then(|rest| memchr::memchr2(b'"', b'\\', rest))
            {
                Some(i) if bytes[cursor + i] == b'\\' => cursor += i + 2,
                Some(i) => break cursor + i,
                None => break end,
            }
        };
        let length = close.saturating_sub(open + 1);
        if length > MAX_STRING_BYTES {
            let (line, column) = position_of(bytes, open);
            return Err(LoadError::StringTooLong {
                line,
                column,
                bytes: length,
            });
        }
        at = close + 1;
    }
    Ok(())
}

/// Tells a file of another format or a newer version apart before blaming its fields.
fn check_header(text: &str) -> Result<(), LoadError> {
    let Ok(header) = serde_json::from_str::<FileHeader>(text) else {
        return Ok(());
    };
    match header.format.as_deref() {
        Some(FORMAT_NAME) => {}
        Some(other) => {
            return Err(LoadError::NotAWorkspace {
                found: format!("\"{other}\""),
            });
        }
        None => {
            return Err(LoadError::NotAWorkspace {
                found: "missing".into(),
            });
        }
    }
    if let Some(found) = header.version.as_ref().and_then(|v| v.as_u64())
        && found > u64::from(FORMAT_VERSION)
    {
        return Err(LoadError::NewerVersion { found });
    }
    Ok(())
}

fn describe(err: serde_path_to_error::Error<serde_json::Error>) -> LoadError {
    let path = err.path().to_string();
    let inner = err.into_inner();
    let (line, column) = (inner.line(), inner.column());
    let message = strip_position(&inner.to_string());
    let category = inner.classify();
    let source = Some(inner);
    match category {
        serde_json::error::Category::Data => {
            let path = if path == "." {
                "the top level".to_string()
            } else {
                path
            };
            LoadError::Shape {
                path,
                line,
                column,
                message,
                source,
            }
        }
        serde_json::error::Category::Eof => LoadError::Syntax {
            line,
            column,
            message: "the file ends too early (truncated?)".into(),
            source,
        },
        _ if message.contains("recursion limit") => LoadError::Syntax {
            line,
            column,
            message:
                "nested more than 128 levels deep (no workspace is; the file is broken or hostile)"
                    .into(),
            source,
        },
        _ => LoadError::Syntax {
            line,
            column,
            message,
            source,
        },
    }
}

/// serde_json appends " at line L column C"; we report the position separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(cut) => message[..cut].to_string(),
        None => message.to_string(),
    }
}

fn position_of(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_rule_out_an_overlong_string_and_a_long_line_asks_for_a_closer_look() {
        let lines = "    \"displayName\": \"Contoso\",\n".repeat(120_000);
        assert!(lines.len() > 3 * MAX_STRING_BYTES);
        assert!(lines_are_short(lines.as_bytes()));
        // A string just over the limit, anywhere: no window of half the limit may lack a break.
        for before in [
            0,
            1,
            1000,
            MAX_STRING_BYTES / 2 - 1,
            MAX_STRING_BYTES / 2 + 7,
        ] {
            let text = format!(
                "{}\"{}\"\n{}",
                " ".repeat(before),
                "x".repeat(MAX_STRING_BYTES + 1),
                lines
            );
            assert!(!lines_are_short(text.as_bytes()), "offset {before}");
            assert!(check_string_lengths(text.as_bytes(), 0).is_err());
        }
    }
}
