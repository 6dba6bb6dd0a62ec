//! Saving: deterministic pretty JSON, written atomically (temporary file in the same directory,
//! fsync, rename over the target, fsync the directory). The previous version is kept as
//! `FILE.bak`; a file changed on disk since it was loaded is never overwritten silently.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::fault;
use super::journal::sync_dir;
use super::load::{Fingerprint, fingerprint};
use crate::core::Workspace;

#[derive(Debug)]
pub enum SaveError {
    /// The file on disk is no longer what was loaded: someone else wrote it.
    ChangedOnDisk {
        path: PathBuf,
    },
    Io {
        path: PathBuf,
        message: String,
    },
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::ChangedOnDisk { path } => write!(
                f,
                "{} changed on disk since it was loaded; not overwriting it (reload it, or save elsewhere)",
                path.display()
            ),
            SaveError::Io { path, message } => {
                write!(f, "cannot save {}: {message}", path.display())
            }
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
/// Returns the fingerprint of what was written. When `path` is a symbolic link, the file it points
/// to is replaced (and its `.bak` kept next to it); the link stays a link.
pub fn save_file(
    path: &Path,
    ws: &Workspace,
    expected: Option<Fingerprint>,
) -> Result<Fingerprint, SaveError> {
    let bytes = to_json(ws);
    write_atomically(path, &bytes, expected)?;
    Ok(fingerprint(&bytes))
}

/// The file a save replaces: `path` itself, or what a symbolic link at `path` points to.
pub fn save_target(path: &Path) -> Result<PathBuf, SaveError> {
    let io = |message: String| SaveError::Io {
        path: path.to_path_buf(),
        message,
    };
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => std::fs::canonicalize(path).map_err(|err| {
            io(format!(
                "it is a symbolic link that cannot be followed: {err}"
            ))
        }),
        _ => Ok(path.to_path_buf()),
    }
}

fn write_atomically(
    path: &Path,
    bytes: &[u8],
    expected: Option<Fingerprint>,
) -> Result<(), SaveError> {
    let target = save_target(path)?;
    let io = |message: String| SaveError::Io {
        path: path.to_path_buf(),
        message,
    };
    let existing = match std::fs::metadata(&target) {
        Ok(meta) => Some(meta),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
        Err(err) => return Err(io(err.to_string())),
    };
    if let Some(meta) = &existing {
        if !meta.is_file() {
            return Err(io("it is not a regular file; nothing was written".into()));
        }
        if let Some(mode) = super::load::mode_without(meta, 0o222) {
            return Err(io(format!(
                "it is read-only (mode {mode:04o}); the file on disk was left as it was"
            )));
        }
        // The rename would succeed on a file we may not write (only the directory matters to
        // it); honour the file's own permission instead of replacing it behind its owner's back.
        // Opening for writing without truncating changes nothing.
        if let Err(err) = std::fs::OpenOptions::new().write(true).open(&target) {
            return Err(io(format!(
                "no permission to write it ({err}); the file on disk was left as it was"
            )));
        }
    }
    if let Some(expected) = expected {
        let current = std::fs::read(&target).map(|b| fingerprint(&b)).ok();
        if current != Some(expected) {
            return Err(SaveError::ChangedOnDisk {
                path: path.to_path_buf(),
            });
        }
    }
    let dir = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(&dir)
        .map_err(|err| {
            io(format!(
                "cannot create a temporary file in {}: {err}; the file on disk was left as it was",
                dir.display()
            ))
        })?;
    // Any failure from here drops `temp`, which deletes it: the old file is untouched.
    fault::check("save-write")
        .and_then(|()| temp.write_all(bytes))
        .map_err(|err| {
            io(format!(
                "write failed: {err}; the file on disk was left as it was"
            ))
        })?;
    fault::check("save-fsync")
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|err| {
            io(format!(
                "fsync failed: {err}; the file on disk was left as it was"
            ))
        })?;
    set_permissions(temp.as_file(), existing.as_ref()).map_err(|err| {
        io(format!(
            "cannot set permissions: {err}; the file on disk was left as it was"
        ))
    })?;
    if existing.is_some() {
        keep_backup(&target);
    }
    fault::check("save-rename").map_err(|err| {
        io(format!(
            "rename failed: {err}; the file on disk was left as it was"
        ))
    })?;
    temp.persist(&target).map_err(|err| {
        io(format!(
            "rename failed: {}; the file on disk was left as it was",
            err.error
        ))
    })?;
    fault::check("save-dir-fsync")
        .and_then(|()| sync_dir(&dir))
        .map_err(|err| io(format!("the new version was written but the directory could not be synced ({err}); it may not survive a power loss")))?;
    Ok(())
}

/// Temporary files a save leaves behind when killed end in this.
pub const TEMP_SUFFIX: &str = ".partnerdesk-tmp";

/// Keeps the old version as `FILE.bak` by hard link (no copy); the rename then replaces only the
/// name `FILE`, so the link keeps the old content. The link is made fresh each time (the old
/// `.bak` removed first), and the new version always arrives as a fresh inode (the temporary
/// file): `rename(2)` between two names of one inode succeeds without doing anything, so a save
/// that renamed a backup or any other link of `FILE` over it would silently keep the old content.
/// Best effort: a failed backup never stops a save.
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
fn set_permissions(
    file: &std::fs::File,
    existing: Option<&std::fs::Metadata>,
) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    // Keep an existing file's mode; a new workspace is readable by its owner only.
    let mode = existing.map_or(0o600, |meta| meta.permissions().mode() & 0o7777);
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_permissions(_: &std::fs::File, _: Option<&std::fs::Metadata>) -> std::io::Result<()> {
    Ok(())
}
