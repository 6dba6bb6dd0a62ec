//! Saving: deterministic pretty JSON, written atomically (temporary file in the same directory,
//! fsync, rename over the target, fsync the directory). The previous version is kept as
//! `FILE.bak`; a file changed on disk since it was loaded is never overwritten silently, nor a
//! file that appeared where a new workspace is being created. A save is made under the writer's
//! lock, which lets it clear the temporary files that killed saves left behind.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::fault;
use super::fingerprint::{Fingerprint, FingerprintHasher, fingerprint_of_file};
use super::journal::sync_dir;
use super::lock::{Lock, lock_path};
use super::own_file;
use super::temp;
use crate::workspace::Workspace;

/// What a save expects to find where it writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// The file as it was loaded: refused when it changed on disk since.
    Loaded(Fingerprint),
    /// No file (a new workspace): refused when one appeared since the caller looked.
    Nothing,
    /// Whatever is there is replaced (save as, `demo --write --force`).
    Anything,
}

#[derive(Debug)]
pub enum SaveError {
    /// The file on disk is no longer what was loaded: someone else wrote it.
    ChangedOnDisk { path: PathBuf },
    /// A new workspace was being created, and another process created the file meanwhile.
    Appeared { path: PathBuf },
    /// `message` is what the user reads; `source`, where there is one, the I/O error beneath.
    Io {
        path: PathBuf,
        message: String,
        source: Option<std::io::Error>,
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
            SaveError::Appeared { path } => write!(
                f,
                "{} appeared while this command was running (another process created it); not overwriting it",
                path.display()
            ),
            SaveError::Io { path, message, .. } => {
                write!(f, "cannot save {}: {message}", path.display())
            }
        }
    }
}

impl std::error::Error for SaveError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SaveError::Io { source, .. } => source.as_ref().map(|err| err as _),
            SaveError::ChangedOnDisk { .. } | SaveError::Appeared { .. } => None,
        }
    }
}

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

/// Saves `ws` to `path` under `lock` (the writer's lock of that file), refusing when what is on
/// disk is not what `expected` says. Returns the fingerprint of what was written. When `path` is
/// a symbolic link, the file it points to is replaced (and its `.bak` kept next to it); the link
/// stays a link.
pub fn save_file(
    lock: &Lock,
    path: &Path,
    ws: &Workspace,
    expected: Expect,
) -> Result<Fingerprint, SaveError> {
    write_atomically(lock, path, expected, &|out| write_json(ws, out))
}

/// Writes the workspace as `to_json` has it straight into `out`, hashing each block as it goes:
/// no copy of the whole text in memory, no second pass to fingerprint it. The buffer gathers
/// the small writes between arrays; a chunk of rendered records (hundreds of kilobytes) is
/// larger, so it goes to the file as it is, not copied into the buffer first.
/// A second thread syncs what is written every `SYNC_EVERY` bytes, so the final fsync waits only
/// for the last stretch instead of the whole file.
fn write_json(ws: &Workspace, out: &mut std::fs::File) -> std::io::Result<Fingerprint> {
    let syncing = out.try_clone()?;
    let (tell, written) = std::sync::mpsc::channel::<()>();
    std::thread::scope(|scope| {
        let syncer = scope.spawn(move || sync_behind(&syncing, &written));
        let hashing = Hashing {
            inner: out,
            hasher: FingerprintHasher::new(),
            unsynced: 0,
            tell,
        };
        let mut buffered = std::io::BufWriter::with_capacity(64 << 10, hashing);
        crate::workspace::pretty::write(&ws.to_file(), &mut buffered)?;
        buffered.write_all(b"\n")?;
        let hashing = buffered.into_inner().map_err(|err| err.into_error())?;
        let fingerprint = hashing.hasher.finish();
        drop(hashing.tell);
        syncer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        Ok(fingerprint)
    })
}

/// How much is written between two syncs behind the writer.
const SYNC_EVERY: u64 = 32 << 20;

/// Syncs `file` each time the writer says another stretch is written, until it is done. A
/// failure is returned: this descriptor shares its error state with the writer's, so the
/// final fsync might not see it again.
fn sync_behind(
    file: &std::fs::File,
    written: &std::sync::mpsc::Receiver<()>,
) -> std::io::Result<()> {
    while written.recv().is_ok() {
        // Several stretches written while the last sync ran: one sync covers them all.
        while written.try_recv().is_ok() {}
        fault::check("save-fsync").and_then(|()| file.sync_data())?;
    }
    Ok(())
}

/// A writer that fingerprints what it passes on (whole buffered blocks, not serde's tokens) and
/// tells the syncer after each `SYNC_EVERY` bytes.
struct Hashing<W> {
    inner: W,
    hasher: FingerprintHasher,
    unsynced: u64,
    tell: std::sync::mpsc::Sender<()>,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(buf)?;
        self.hasher.update(&buf[..written]);
        self.unsynced += written as u64;
        if self.unsynced >= SYNC_EVERY {
            self.unsynced = 0;
            // The syncer is gone only after a failure, which its join reports.
            let _ = self.tell.send(());
        }
        Ok(written)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The file a save replaces: `path` itself, or what a symbolic link at `path` points to.
pub fn save_target(path: &Path) -> Result<PathBuf, SaveError> {
    let io = |message: String, source| SaveError::Io {
        path: path.to_path_buf(),
        message,
        source,
    };
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => std::fs::canonicalize(path).map_err(|err| {
            io(
                format!("it is a symbolic link that cannot be followed: {err}"),
                Some(err),
            )
        }),
        _ => Ok(path.to_path_buf()),
    }
}

fn write_atomically(
    lock: &Lock,
    path: &Path,
    expected: Expect,
    write: &(dyn Fn(&mut std::fs::File) -> std::io::Result<Fingerprint> + Sync),
) -> Result<Fingerprint, SaveError> {
    let target = save_target(path)?;
    // `message` is shown; `source` is the I/O error beneath it, if any.
    let io = |message: String, source: Option<std::io::Error>| SaveError::Io {
        path: path.to_path_buf(),
        message,
        source,
    };
    if lock.path() != lock_path(&target) {
        return Err(io(
            "this process does not hold its lock; nothing was written".into(),
            None,
        ));
    }
    let existing = match std::fs::metadata(&target) {
        Ok(meta) => Some(meta),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
        Err(err) => return Err(io(err.to_string(), Some(err))),
    };
    if expected == Expect::Nothing && existing.is_some() {
        return Err(SaveError::Appeared {
            path: path.to_path_buf(),
        });
    }
    if let Some(meta) = &existing {
        if !meta.is_file() {
            return Err(io(
                "it is not a regular file; nothing was written".into(),
                None,
            ));
        }
        if let Some(mode) = super::read_file::mode_without(meta, 0o222) {
            return Err(io(
                format!("it is read-only (mode {mode:04o}); the file on disk was left as it was"),
                None,
            ));
        }
        // The rename would succeed on a file we may not write (only the directory matters to
        // it); honour the file's own permission instead of replacing it behind its owner's back.
        // Opening for writing without truncating changes nothing.
        if let Err(err) = std::fs::OpenOptions::new().write(true).open(&target) {
            return Err(io(
                format!("no permission to write it ({err}); the file on disk was left as it was"),
                Some(err),
            ));
        }
    }
    let dir = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let backup = backup_path(&target);
    if existing.is_some() && own_file::is_link(&backup) {
        return Err(io(
            format!(
                "{} is {}; remove it (the file on disk was left as it was)",
                backup.display(),
                own_file::LINK
            ),
            None,
        ));
    }
    // The lock proves no other save of this file is running: any temporary file of its saves
    // is a killed one's.
    temp::remove_leftovers(&target).map_err(|link| {
        io(
            format!(
                "{} is {}; remove it (the file on disk was left as it was)",
                link.display(),
                own_file::LINK
            ),
            None,
        )
    })?;
    // Keep an existing file's mode; a new workspace is readable by its owner only.
    let mode = existing.as_ref().map_or(0o600, permission_bits);
    let mut temp = temp::create_beside(&target, mode).map_err(|err| {
        io(
            format!(
                "cannot create a temporary file in {}: {err}; the file on disk was left as it was",
                dir.display()
            ),
            Some(err),
        )
    })?;
    // Any failure from here drops `temp`, which deletes it: the old file is untouched.
    // The file on disk is fingerprinted on another core while the new text is written: a
    // change since loading stops the save before anything is renamed.
    let (written, current) = std::thread::scope(|scope| {
        let current = match expected {
            Expect::Loaded(_) => Some(scope.spawn(|| fingerprint_of_file(&target))),
            Expect::Nothing | Expect::Anything => None,
        };
        let written = fault::check("save-write").and_then(|()| write(temp.as_file_mut()));
        let current = current.map(|hashing| hashing.join().ok().flatten());
        (written, current)
    });
    if let (Some(current), Expect::Loaded(loaded)) = (current, expected)
        && current != Some(loaded)
    {
        return Err(SaveError::ChangedOnDisk {
            path: path.to_path_buf(),
        });
    }
    let written = written.map_err(|err| {
        io(
            format!("write failed: {err}; the file on disk was left as it was"),
            Some(err),
        )
    })?;
    fault::check("save-fsync")
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|err| {
            io(
                format!("fsync failed: {err}; the file on disk was left as it was"),
                Some(err),
            )
        })?;
    // Created with `mode`, less what the umask took: exactly the old file's mode again.
    set_permissions(temp.as_file(), mode).map_err(|err| {
        io(
            format!("cannot set permissions: {err}; the file on disk was left as it was"),
            Some(err),
        )
    })?;
    if existing.is_some() {
        keep_backup(&target, &backup, mode);
    }
    fault::check("save-rename").map_err(|err| {
        io(
            format!("rename failed: {err}; the file on disk was left as it was"),
            Some(err),
        )
    })?;
    // A new workspace is created only where there is still none: another writer that created
    // the file meanwhile keeps it.
    let persisted = match expected {
        Expect::Nothing => temp.persist_noclobber(&target),
        Expect::Loaded(_) | Expect::Anything => temp.persist(&target),
    };
    persisted.map_err(|err| {
        if expected == Expect::Nothing && err.error.kind() == std::io::ErrorKind::AlreadyExists {
            return SaveError::Appeared {
                path: path.to_path_buf(),
            };
        }
        io(
            format!(
                "rename failed: {}; the file on disk was left as it was",
                err.error
            ),
            Some(err.error),
        )
    })?;
    fault::check("save-dir-fsync")
        .and_then(|()| sync_dir(&dir))
        .map_err(|err| io(format!("the new version was written but the directory could not be synced ({err}); it may not survive a power loss"), Some(err)))?;
    Ok(written)
}

/// Keeps the old version as `FILE.bak` by hard link (no copy); the rename then replaces only the
/// name `FILE`, so the link keeps the old content. The link is made fresh each time (the old
/// `.bak` removed first), and the new version always arrives as a fresh inode (the temporary
/// file): `rename(2)` between two names of one inode succeeds without doing anything, so a save
/// that renamed a backup or any other link of `FILE` over it would silently keep the old content.
/// Best effort: a failed backup never stops a save. Nothing is written through a name already
/// at `FILE.bak` (removing a link removes the link; the copy is made into a new file only).
fn keep_backup(path: &Path, backup: &Path, mode: u32) {
    let _ = std::fs::remove_file(backup);
    if std::fs::hard_link(path, backup).is_err() {
        let _ = copy_to_new(path, backup, mode);
    }
}

/// Copies `from` into a new file `to` with `mode`; `to` must not exist (not even as a link).
fn copy_to_new(from: &Path, to: &Path, mode: u32) -> std::io::Result<()> {
    let mut source = std::fs::File::open(from)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    let mut copy = own_file::with_mode(own_file::no_follow(&mut options), mode).open(to)?;
    own_file::set_mode(&copy, mode);
    std::io::copy(&mut source, &mut copy).map(|_| ())
}

/// `FILE.bak` for `FILE`.
fn backup_path(path: &Path) -> PathBuf {
    let mut backup = path.as_os_str().to_owned();
    backup.push(".bak");
    PathBuf::from(backup)
}

/// The permission bits of an existing file (what its replacement and backup get).
fn permission_bits(meta: &std::fs::Metadata) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o7777
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        0o600
    }
}

#[cfg(unix)]
fn set_permissions(file: &std::fs::File, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_permissions(_: &std::fs::File, _: u32) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Time;
    use crate::store::fingerprint::fingerprint;
    use crate::store::load::load_file;
    use crate::synth::{Spec, generate};

    #[test]
    fn a_streamed_save_writes_to_json_and_returns_the_fingerprint_of_what_it_wrote() {
        // Large enough (≈ 90 MB) for the syncer to sync behind the writer several times.
        let spec = Spec {
            customers: 30_000,
            partners: Spec::default_partners(30_000),
            seed: 5,
            now: Time::parse("2026-11-24T09:00:00Z").unwrap(),
        };
        let (ws, _) = Workspace::from_file(generate(&spec));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.json");
        let lock = Lock::acquire(&path, crate::store::lock::App::Cli).unwrap();
        let returned = save_file(&lock, &path, &ws, Expect::Nothing).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.len() as u64 > 2 * SYNC_EVERY);
        assert_eq!(bytes, to_json(&ws));
        assert_eq!(returned, fingerprint(&bytes));
        // Saving again over it with the right fingerprint works; with a stale one it is refused
        // and the file stays as it was.
        let again = save_file(&lock, &path, &ws, Expect::Loaded(returned)).unwrap();
        assert_eq!(again, returned);
        let stale = fingerprint(b"something else");
        assert!(matches!(
            save_file(&lock, &path, &ws, Expect::Loaded(stale)),
            Err(SaveError::ChangedOnDisk { .. })
        ));
        assert_eq!(load_file(&path).unwrap().fingerprint, returned);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|entry| entry.ok())
            .filter(|entry| {
                let name = entry.file_name();
                temp::is_temp_of(&name, std::ffi::OsStr::new("big.json"))
            })
            .collect();
        assert!(
            leftovers.is_empty(),
            "a refused save leaves no temporary file"
        );
    }
}
