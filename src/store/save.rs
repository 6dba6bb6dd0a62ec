//! Saving: deterministic pretty JSON, written atomically (temporary file in the same directory,
//! fsync, rename over the target, fsync the directory). The previous version is kept as
//! `FILE.bak`; a file changed on disk since it was loaded is never overwritten silently.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::load::{Fingerprint, fingerprint};
use crate::core::Workspace;

#[derive(Debug)]
pub enum SaveError {
    /// The file on disk is no longer what was loaded: someone else wrote it.
    ChangedOnDisk { path: PathBuf },
    Io { path: PathBuf, message: String },
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::ChangedOnDisk { path } => write!(
                f,
                "{} changed on disk since it was loaded; not overwriting it (reload it, or save elsewhere)",
                path.display()
            ),
            SaveError::Io { path, message } => write!(f, "cannot save {}: {message}", path.display()),
        }
    }
}

impl std::error::Error for SaveError {}

/// The workspace as the file holds it: pretty-printed, records in id order, newline at the end.
pub fn to_json(ws: &Workspace) -> Vec<u8> {
    let mut out = Vec::with_capacity(4096);
    // Serializing in-memory records to a Vec cannot fail: every key is a string.
    if serde_json::to_writer_pretty(&mut out, &ws.to_file()).is_err() {
        out.clear();
    }
    out.push(b'\n');
    out
}

/// Saves `ws` to `path`. With `expected`, refuses when the file on disk is not the one loaded.
/// Returns the fingerprint of what was written.
pub fn save_file(path: &Path, ws: &Workspace, expected: Option<Fingerprint>) -> Result<Fingerprint, SaveError> {
    let bytes = to_json(ws);
    write_atomically(path, &bytes, expected)?;
    Ok(fingerprint(&bytes))
}

fn write_atomically(path: &Path, bytes: &[u8], expected: Option<Fingerprint>) -> Result<(), SaveError> {
    let io = |message: String| SaveError::Io { path: path.to_path_buf(), message };
    let existing = std::fs::metadata(path).ok();
    if let Some(meta) = &existing
        && !meta.is_file()
    {
        return Err(io("it is not a regular file".into()));
    }
    if let Some(expected) = expected {
        let current = std::fs::read(path).map(|b| fingerprint(&b)).ok();
        if current != Some(expected) {
            return Err(SaveError::ChangedOnDisk { path: path.to_path_buf() });
        }
    }
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".partnerdesk-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|err| io(format!("cannot create a temporary file in {}: {err}", dir.display())))?;
    temp.write_all(bytes).map_err(|err| io(format!("write failed: {err}")))?;
    temp.as_file().sync_all().map_err(|err| io(format!("fsync failed: {err}")))?;
    set_permissions(temp.as_file(), existing.as_ref()).map_err(|err| io(format!("cannot set permissions: {err}")))?;
    if existing.is_some() {
        keep_backup(path);
    }
    temp.persist(path).map_err(|err| io(format!("rename failed: {}", err.error)))?;
    sync_dir(&dir);
    Ok(())
}

/// Keeps the old version as `FILE.bak` by hard link (no copy); the rename then replaces only the
/// name `FILE`, so the link keeps the old content. Best effort: a failed backup never stops a save.
fn keep_backup(path: &Path) {
    let mut backup = path.as_os_str().to_owned();
    backup.push(".bak");
    let backup = PathBuf::from(backup);
    let _ = std::fs::remove_file(&backup);
    if std::fs::hard_link(path, &backup).is_err() {
        let _ = std::fs::copy(path, &backup);
    }
}

#[cfg(unix)]
fn set_permissions(file: &std::fs::File, existing: Option<&std::fs::Metadata>) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    // Keep an existing file's mode; a new workspace is readable by its owner only.
    let mode = existing.map_or(0o600, |meta| meta.permissions().mode() & 0o7777);
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_permissions(_: &std::fs::File, _: Option<&std::fs::Metadata>) -> std::io::Result<()> {
    Ok(())
}

fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = std::fs::File::open(dir) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}
