//! The writer's lock: an exclusive advisory lock (`flock`) on a side file `FILE.lock`, because a
//! save renames a new file over `FILE` and a lock on the data file itself would be lost with it.
//!
//! The lock file holds who took it (pid, host, user, time, which face), so a refused writer can
//! say who is in the way. The kernel drops the lock when its process ends, however it ends, so a
//! lock file left behind by a crash is stale by construction: the next writer locks it and
//! takes it over, and says so. The lock file is removed on release; because another process may
//! have opened the old file in between, every acquisition checks that the file it locked is still
//! the one at `FILE.lock` and retries otherwise.
//!
//! This module never blocks: a held lock is reported at once.

use std::fmt;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{fault, own_file};

/// Which face holds a lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum App {
    Cli,
    Tui,
}

impl App {
    fn label(self) -> &'static str {
        match self {
            App::Cli => "a partnerdesk command",
            App::Tui => "the terminal app",
        }
    }
}

/// Who holds (or held) a lock, as written in the lock file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub pid: u32,
    pub host: String,
    pub user: String,
    /// RFC 3339.
    pub since: String,
    pub app: App,
}

impl Holder {
    /// This process, now.
    pub fn me(app: App) -> Holder {
        Holder {
            pid: std::process::id(),
            host: hostname(),
            user: username(),
            since: jiff::Timestamp::now()
                .round(jiff::Unit::Second)
                .map_or_else(|_| String::new(), |t| t.to_string()),
            app,
        }
    }

    fn parse(text: &str) -> Option<Holder> {
        serde_json::from_str(text.trim()).ok()
    }
}

impl fmt::Display for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (pid {} on {}", self.app.label(), self.pid, self.host)?;
        if !self.user.is_empty() {
            write!(f, ", user {}", self.user)?;
        }
        if !self.since.is_empty() {
            write!(f, ", since {}", self.since)?;
        }
        f.write_str(")")
    }
}

#[derive(Debug)]
pub enum LockError {
    /// Another live process holds the lock; `holder` is what its lock file says (if readable).
    Held {
        path: PathBuf,
        holder: Option<Holder>,
    },
    /// `message` is what the user reads; `source`, where there is one, the I/O error beneath.
    Io {
        path: PathBuf,
        message: String,
        source: Option<std::io::Error>,
    },
}

impl fmt::Display for LockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LockError::Held {
                path,
                holder: Some(holder),
            } => write!(f, "{} is locked by {holder}", path.display()),
            LockError::Held { path, holder: None } => {
                write!(
                    f,
                    "{} is locked by another partnerdesk process",
                    path.display()
                )
            }
            LockError::Io { path, message, .. } => {
                write!(f, "cannot lock {}: {message}", path.display())
            }
        }
    }
}

impl std::error::Error for LockError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LockError::Io { source, .. } => source.as_ref().map(|err| err as _),
            LockError::Held { .. } => None,
        }
    }
}

/// A held lock. Released (and its file removed) on drop.
#[derive(Debug)]
pub struct Lock {
    file: Option<File>,
    lock_path: PathBuf,
    /// The holder this lock replaced, when a crashed process had left its lock file behind.
    pub took_over: Option<Holder>,
}

/// `FILE.lock` for `FILE`.
pub fn lock_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// Who holds the lock on `path` right now, if anyone (without taking it, without writing).
pub fn holder(path: &Path) -> Option<Holder> {
    let lock_path = lock_path(path);
    let file = own_file::open_to_read(&lock_path).ok()?;
    match file.try_lock_shared() {
        Ok(()) => {
            // Nobody holds it: whatever the file says is stale.
            let _ = file.unlock();
            None
        }
        Err(_) => Some(read_holder(&file).unwrap_or_else(|| Holder {
            pid: 0,
            host: "?".into(),
            user: String::new(),
            since: String::new(),
            app: App::Cli,
        })),
    }
}

/// Removes `FILE.lock` when it names this process (pid and host): for a process about to exit
/// while one of its threads, still opening the file, holds the lock. The kernel drops the lock
/// at exit anyway; this spares the next session a takeover notice for one that never began.
pub fn remove_own(path: &Path) {
    let lock_path = lock_path(path);
    let Ok(file) = own_file::open_to_read(&lock_path) else {
        return;
    };
    let me = Holder::me(App::Tui);
    if read_holder(&file).is_some_and(|holder| holder.pid == me.pid && holder.host == me.host) {
        let _ = std::fs::remove_file(&lock_path);
    }
}

impl Lock {
    /// Takes the lock on `path` (the workspace file) for `app`, or says who holds it. The lock
    /// file is never followed through a symbolic link nor written when it has other names, and
    /// a failed start leaves no lock file of its own behind.
    pub fn acquire(path: &Path, app: App) -> Result<Lock, LockError> {
        let lock_path = lock_path(path);
        // `message` is shown; `source` is the I/O error beneath it, if any.
        let io = |message: String, source: Option<std::io::Error>| LockError::Io {
            path: lock_path.clone(),
            message,
            source,
        };
        let mode = own_file::workspace_mode(path);
        // A few rounds at most: each retry means another process removed the file we had opened.
        for _ in 0..16 {
            let (file, created) = match open_lock_file(&lock_path, mode) {
                Ok(opened) => opened,
                // Released (and removed) between our two tries to open it: try again.
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => continue,
                Err(_) if own_file::is_link(&lock_path) => {
                    return Err(io(format!("it is {}; remove it", own_file::LINK), None));
                }
                Err(err) => return Err(io(err.to_string(), Some(err))),
            };
            if !file.metadata().is_ok_and(|meta| meta.is_file()) {
                return Err(io("it is not a regular file".into(), None));
            }
            if own_file::has_other_names(&file) {
                let why = "it is a hard link to another file, which partnerdesk will not overwrite; remove it";
                return Err(io(why.into(), None));
            }
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    return Err(LockError::Held {
                        path: path.to_path_buf(),
                        holder: holder_when_held(&file),
                    });
                }
                Err(TryLockError::Error(err)) => {
                    // Nobody can lock it here either: the file we made would only be in the way.
                    if created {
                        let _ = std::fs::remove_file(&lock_path);
                    }
                    let why = format!("the file system refused a lock: {err}");
                    return Err(io(why, Some(err)));
                }
            }
            if !still_linked(&file, &lock_path) {
                continue;
            }
            own_file::set_mode(&file, mode);
            let took_over = read_holder(&file);
            // Held from here: any failure drops it, which removes the file and unlocks.
            let mut lock = Lock {
                file: Some(file),
                lock_path: lock_path.clone(),
                took_over,
            };
            lock.write_holder(&Holder::me(app))
                .map_err(|err| io(err.to_string(), Some(err)))?;
            return Ok(lock);
        }
        Err(io(
            "the lock file keeps being replaced by another process".into(),
            None,
        ))
    }

    /// Replaces what the lock file says with `holder`. The lock itself lives in the kernel; the
    /// holder text is informative, so no fsync.
    fn write_holder(&mut self, holder: &Holder) -> std::io::Result<()> {
        let Some(file) = self.file.as_mut() else {
            return Err(std::io::Error::other("the lock is not held"));
        };
        let text = serde_json::to_string(holder).unwrap_or_default();
        fault::check("lock-write")?;
        file.set_len(0)?;
        file.seek(SeekFrom::Start(0))?;
        file.write_all(format!("{text}\n").as_bytes())
    }

    pub fn path(&self) -> &Path {
        &self.lock_path
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        if let Some(file) = self.file.take() {
            // Remove the name while still holding the lock, so that a process that opens the
            // path afterwards creates a fresh file; one that opened ours sees it unlinked.
            let _ = std::fs::remove_file(&self.lock_path);
            let _ = file.unlock();
        }
    }
}

fn read_holder(mut file: &File) -> Option<Holder> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    file.take(4096).read_to_string(&mut text).ok()?;
    Holder::parse(&text)
}

/// The holder of a lock someone else just took may not have written its name yet: look twice.
fn holder_when_held(file: &File) -> Option<Holder> {
    for _ in 0..5 {
        if let Some(holder) = read_holder(file) {
            return Some(holder);
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    None
}

/// Opens `FILE.lock`, creating it with `mode` when there is none; says whether it created it.
/// A symbolic link there is never followed (`create_new` does not follow one either).
fn open_lock_file(lock_path: &Path, mode: u32) -> std::io::Result<(File, bool)> {
    let mut new = OpenOptions::new();
    new.read(true).write(true).create_new(true);
    match own_file::with_mode(own_file::no_follow(&mut new), mode).open(lock_path) {
        Ok(file) => Ok((file, true)),
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
            let file =
                own_file::no_follow(OpenOptions::new().read(true).write(true)).open(lock_path)?;
            Ok((file, false))
        }
        Err(err) => Err(err),
    }
}

#[cfg(unix)]
fn still_linked(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::symlink_metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_linked(_: &File, path: &Path) -> bool {
    path.exists()
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|s| s.trim().to_string())
        .ok()
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "this host".into())
}

fn username() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_and_names_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("w.json");
        let first = Lock::acquire(&file, App::Tui).unwrap();
        assert!(first.took_over.is_none());
        match Lock::acquire(&file, App::Cli) {
            Err(LockError::Held {
                holder: Some(holder),
                ..
            }) => {
                assert_eq!(holder.pid, std::process::id());
                assert_eq!(holder.app, App::Tui);
            }
            other => panic!("expected Held, got {other:?}"),
        }
        assert!(holder(&file).is_some());
        drop(first);
        assert!(!lock_path(&file).exists());
        assert!(holder(&file).is_none());
        let again = Lock::acquire(&file, App::Cli).unwrap();
        drop(again);
    }

    #[test]
    fn a_stale_lock_file_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("w.json");
        let stale = Holder {
            pid: 999_999,
            host: "elsewhere".into(),
            user: "x".into(),
            since: "2020-01-01T00:00:00Z".into(),
            app: App::Tui,
        };
        std::fs::write(lock_path(&file), serde_json::to_string(&stale).unwrap()).unwrap();
        assert!(
            holder(&file).is_none(),
            "an unlocked lock file holds nobody"
        );
        let lock = Lock::acquire(&file, App::Cli).unwrap();
        assert_eq!(lock.took_over.as_ref(), Some(&stale));
        let text = std::fs::read_to_string(lock_path(&file)).unwrap();
        assert!(text.contains(&std::process::id().to_string()));
    }
}
