//! Loading: bytes → `Workspace`, with errors that say where (line and column for malformed JSON,
//! a JSON path such as `customers[3].tenantId` for a wrong type) and why. Never a panic.

use std::fmt;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use crate::core::format::{FORMAT_NAME, FORMAT_VERSION, FileHeader};
use crate::core::{Diagnostic, Workspace, WorkspaceFile, check};

/// A content hash of a file as loaded, to notice a change on disk before overwriting it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fingerprint(pub u64);

pub fn fingerprint(bytes: &[u8]) -> Fingerprint {
    // SipHash with fixed keys: stable within a build, which is all a same-session comparison needs.
    #[allow(deprecated)]
    let mut hasher = std::hash::SipHasher::new();
    hasher.write(bytes);
    Fingerprint(hasher.finish())
}

/// A workspace read from a file, with its integrity findings (WS1–WS3 and broken rules).
#[derive(Debug)]
pub struct Loaded {
    pub workspace: Workspace,
    pub diagnostics: Vec<Diagnostic>,
    pub fingerprint: Fingerprint,
}

#[derive(Debug)]
pub enum LoadError {
    Io { path: PathBuf, message: String },
    Syntax { line: usize, column: usize, message: String },
    Shape { path: String, line: usize, column: usize, message: String },
    NotAWorkspace { found: String },
    NewerVersion { found: u64 },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { path, message } => write!(f, "cannot read {}: {message}", path.display()),
            LoadError::Syntax { line, column, message } => {
                let column = (*column).max(1);
                write!(f, "not valid JSON at line {line}, column {column}: {message}")
            }
            LoadError::Shape { path, line, column, message } => {
                write!(f, "wrong content at {path} (line {line}, column {column}): {message}")
            }
            LoadError::NotAWorkspace { found } => write!(
                f,
                "not a partnerdesk workspace: `format` is {found}, expected \"{FORMAT_NAME}\""
            ),
            LoadError::NewerVersion { found } => write!(
                f,
                "this workspace uses format version {found}, newer than this partnerdesk reads ({FORMAT_VERSION}); upgrade partnerdesk to open it"
            ),
        }
    }
}

impl std::error::Error for LoadError {}

/// Parses a workspace from bytes. Format problems are errors; integrity problems are diagnostics.
pub fn parse_workspace(bytes: &[u8]) -> Result<(Workspace, Vec<Diagnostic>), LoadError> {
    let text = std::str::from_utf8(bytes).map_err(|err| {
        let (line, column) = position_of(bytes, err.valid_up_to());
        LoadError::Syntax { line, column, message: "the file is not UTF-8 text".into() }
    })?;
    if text.starts_with('\u{feff}') {
        return Err(LoadError::Syntax {
            line: 1,
            column: 1,
            message: "the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM".into(),
        });
    }
    if text.trim().is_empty() {
        return Err(LoadError::Syntax { line: 1, column: 1, message: "the file is empty".into() });
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let file: WorkspaceFile = match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(file) => file,
        Err(err) => {
            check_header(text)?;
            return Err(describe(err));
        }
    };
    if let Err(err) = deserializer.end() {
        return Err(LoadError::Syntax {
            line: err.line(),
            column: err.column(),
            message: "unexpected content after the workspace's closing brace".into(),
        });
    }
    check_header(text)?;
    let (workspace, mut diagnostics) = Workspace::from_file(file);
    diagnostics.extend(check(&workspace));
    Ok((workspace, diagnostics))
}

/// Tells a file of another format or a newer version apart before blaming its fields.
fn check_header(text: &str) -> Result<(), LoadError> {
    let Ok(header) = serde_json::from_str::<FileHeader>(text) else {
        return Ok(());
    };
    match header.format.as_deref() {
        Some(FORMAT_NAME) => {}
        Some(other) => return Err(LoadError::NotAWorkspace { found: format!("\"{other}\"") }),
        None => return Err(LoadError::NotAWorkspace { found: "missing".into() }),
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
    let inner = err.inner();
    let (line, column) = (inner.line(), inner.column());
    let message = strip_position(&inner.to_string());
    match inner.classify() {
        serde_json::error::Category::Data if path != "." => LoadError::Shape { path, line, column, message },
        serde_json::error::Category::Eof => LoadError::Syntax {
            line,
            column,
            message: "the file ends too early (truncated?)".into(),
        },
        _ => LoadError::Syntax { line, column, message },
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

/// Reads and parses a workspace file.
pub fn load_file(path: &Path) -> Result<Loaded, LoadError> {
    let io = |message: String| LoadError::Io { path: path.to_path_buf(), message };
    let meta = std::fs::metadata(path).map_err(|err| io(err.to_string()))?;
    if !meta.is_file() {
        return Err(io("it is not a regular file".into()));
    }
    let bytes = std::fs::read(path).map_err(|err| io(err.to_string()))?;
    let (workspace, diagnostics) = parse_workspace(&bytes)?;
    Ok(Loaded { workspace, diagnostics, fingerprint: fingerprint(&bytes) })
}
