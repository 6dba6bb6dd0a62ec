//! A workspace opened for work: the file, its writer's lock, its crash journal and what was
//! recovered from it, behind a few calls a face can make. The TUI opens one per file; the CLI
//! opens one per changing command.
//!
//! ```text
//! let mut session = Session::open(&path, Mode::ReadWrite, App::Tui)?;   // locks, recovers
//! session.recovered()        // Some(r) after a crash: r.summary() says what; offer session.save()
//! session.read_only_reason() // Some(ReadOnly::LockedBy(holder)) when another session writes
//! session.apply(&actor, &action, now)?   // core apply + journal append (fsync'd) = done
//! session.save()?            // atomic write, then the journal is emptied
//! ```
//!
//! What it never does: write anything in read-only mode (no lock file, no journal, no save);
//! overwrite a file that changed on disk since it was loaded (`SessionError::ChangedOnDisk`: the
//! face offers `reload`, `save_as`, or keeping on editing); show an action as applied before it
//! is in the journal on disk.

use std::fmt;
use std::path::{Path, PathBuf};

use super::fingerprint::{Fingerprint, fingerprint};
use super::journal::{self, Journal, JournalError, Recovered};
use super::load::{load_file, load_file_with_progress};
use super::lock::{App, Holder, Lock, LockError};
use super::parse_text::LoadError;
use super::progress::Phase;
use super::save::{Expect, SaveError, save_file, save_target};
use crate::domain::{Action, Actor, Conflict, Diagnostic, Refusal, Time, apply};
use crate::workspace::merge::merge;
use crate::workspace::{Applied, Workspace};

/// How a face wants to open a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Look only: no lock, no journal, no save. A crash journal is replayed in memory (nothing
    /// is written) so what is shown is what the crashed session had shown.
    ReadOnly,
    /// Write when possible: take the lock and recover a crash journal; when another session holds
    /// the lock, open read-only and say who holds it.
    ReadWrite,
    /// Write or fail (a command): fail when the lock is held or a crash journal waits for
    /// `recover`.
    MustWrite,
    /// `partnerdesk recover`: take the lock (or fail) and replay the journal.
    Recover,
}

/// Why a session is read-only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadOnly {
    /// Asked for (`--read-only`).
    Requested,
    /// Another session writes this file.
    LockedBy(Option<Holder>),
}

impl fmt::Display for ReadOnly {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadOnly::Requested => f.write_str("read-only (as asked): nothing is written"),
            ReadOnly::LockedBy(Some(holder)) => {
                write!(f, "read-only: {holder} is writing this file")
            }
            ReadOnly::LockedBy(None) => {
                f.write_str("read-only: another partnerdesk session is writing this file")
            }
        }
    }
}

#[derive(Debug)]
pub enum SessionError {
    Load(LoadError),
    Locked(LockError),
    Journal(JournalError),
    /// `Mode::MustWrite` found a crash journal: `partnerdesk recover FILE` first.
    JournalPending {
        path: PathBuf,
        entries: usize,
    },
    /// The core refused the action; nothing changed.
    Refused(Refusal),
    ReadOnly(ReadOnly),
    /// The file on disk is not the one loaded: reload, save elsewhere, or keep editing.
    ChangedOnDisk {
        path: PathBuf,
    },
    Save(SaveError),
}

impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SessionError::Load(err) => err.fmt(f),
            SessionError::Locked(err) => err.fmt(f),
            SessionError::Journal(err) => err.fmt(f),
            SessionError::JournalPending { path, entries } => write!(
                f,
                "{} has {entries} unsaved action{} in {} from a session that ended without saving; run `partnerdesk recover {}` first",
                path.display(),
                if *entries == 1 { "" } else { "s" },
                journal::journal_path(path).display(),
                path.display()
            ),
            SessionError::Refused(refusal) => write!(f, "refused: {refusal}"),
            SessionError::ReadOnly(reason) => write!(f, "{reason}"),
            SessionError::ChangedOnDisk { path } => write!(
                f,
                "{} changed on disk since it was loaded; not overwriting it (reload it, or save elsewhere)",
                path.display()
            ),
            SessionError::Save(err) => err.fmt(f),
        }
    }
}

impl std::error::Error for SessionError {
    /// A wrapped store error is shown as it is (see `Display`), so its own cause is this one's;
    /// a refusal is shown after "refused: ", so it is the cause itself.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SessionError::Load(err) => err.source(),
            SessionError::Locked(err) => err.source(),
            SessionError::Journal(err) => err.source(),
            SessionError::Save(err) => err.source(),
            SessionError::Refused(refusal) => Some(refusal),
            SessionError::JournalPending { .. }
            | SessionError::ReadOnly(_)
            | SessionError::ChangedOnDisk { .. } => None,
        }
    }
}

impl From<SaveError> for SessionError {
    fn from(err: SaveError) -> Self {
        match err {
            SaveError::ChangedOnDisk { path } => SessionError::ChangedOnDisk { path },
            other => SessionError::Save(other),
        }
    }
}

#[derive(Debug)]
pub struct Session {
    path: PathBuf,
    workspace: Workspace,
    /// The file as loaded or last saved: the base a merge with the file changed on disk starts
    /// from (`merge_from_disk`).
    base: Workspace,
    /// Of the file as on disk now (loaded or last saved).
    fingerprint: Fingerprint,
    diagnostics: Vec<Diagnostic>,
    left_out: Vec<Diagnostic>,
    lock: Option<Lock>,
    journal: Option<Journal>,
    recovered: Option<Recovered>,
    read_only: Option<ReadOnly>,
}

impl Session {
    /// Opens `path` (see `Mode`). `app` says who the lock file names as holder.
    pub fn open(path: &Path, mode: Mode, app: App) -> Result<Session, SessionError> {
        Session::open_with_progress(path, mode, app, &|_| {})
    }

    /// `open`, telling `progress` each phase of loading as it starts. The process may end at any
    /// point before it returns and nothing is lost: the lock is the kernel's, and the journal is
    /// only removed when it held nothing, or replaced whole (atomically) by what was recovered.
    pub fn open_with_progress(
        path: &Path,
        mode: Mode,
        app: App,
        progress: &dyn Fn(Phase),
    ) -> Result<Session, SessionError> {
        // Lock, journal and backup belong to the real file, whatever symbolic link names it.
        let path = match save_target(path) {
            Ok(real) => real,
            Err(_) => path.to_path_buf(),
        };
        let (lock, read_only) = match mode {
            Mode::ReadOnly => (None, Some(ReadOnly::Requested)),
            Mode::ReadWrite => match Lock::acquire(&path, app) {
                Ok(lock) => (Some(lock), None),
                Err(LockError::Held { holder, .. }) => (None, Some(ReadOnly::LockedBy(holder))),
                Err(err) => return Err(SessionError::Locked(err)),
            },
            Mode::MustWrite | Mode::Recover => (
                Some(Lock::acquire(&path, app).map_err(SessionError::Locked)?),
                None,
            ),
        };
        let loaded = load_file_with_progress(&path, progress).map_err(SessionError::Load)?;
        let mut session = Session {
            base: loaded.workspace.clone(),
            workspace: loaded.workspace,
            fingerprint: loaded.fingerprint,
            diagnostics: loaded.diagnostics,
            left_out: loaded.left_out,
            journal: lock.as_ref().map(|_| Journal::new(&path)),
            lock,
            recovered: None,
            read_only,
            path,
        };
        // A journal is a crash's only when nobody holds the lock: a live writer's journal is
        // its business, not ours.
        let crashed = match &session.read_only {
            Some(ReadOnly::LockedBy(_)) => false,
            Some(ReadOnly::Requested) => super::lock::holder(&session.path).is_none(),
            None => true,
        };
        if crashed {
            let contents = journal::read(&session.path).map_err(SessionError::Journal)?;
            if contents.is_empty() && contents.torn_tail.is_none() {
                // An empty leftover (killed right after creating it) holds nothing: let it go.
                if let Some(journal) = session.journal.as_mut() {
                    journal.clear().map_err(SessionError::Journal)?;
                }
            } else {
                if mode == Mode::MustWrite {
                    return Err(SessionError::JournalPending {
                        path: session.path.clone(),
                        entries: contents.entries.len(),
                    });
                }
                progress(Phase::Recovering);
                let recovered = journal::replay(&session.workspace, &contents);
                if let Some(journal) = session.journal.as_mut() {
                    // From now on the journal holds exactly what was recovered and applied.
                    journal
                        .rewrite(&recovered.entries)
                        .map_err(SessionError::Journal)?;
                }
                session.workspace = recovered.workspace.clone();
                session.recovered = Some(recovered);
            }
        }
        Ok(session)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Of the file as on disk now (as loaded, or as last saved).
    pub fn fingerprint(&self) -> Fingerprint {
        self.fingerprint
    }

    /// The workspace as the session sees it: the file, plus recovered and applied actions.
    pub fn workspace(&self) -> &Workspace {
        &self.workspace
    }

    /// Findings on load (`check`): integrity problems in the file as it was.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Records the loader left out because their id was taken (WS1). Saving would drop them for
    /// good, so a face should not offer to save such a file without saying so.
    pub fn left_out(&self) -> &[Diagnostic] {
        &self.left_out
    }

    /// What opening replayed from a crash journal, if there was one.
    pub fn recovered(&self) -> Option<&Recovered> {
        self.recovered.as_ref()
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only.is_some()
    }

    pub fn read_only_reason(&self) -> Option<&ReadOnly> {
        self.read_only.as_ref()
    }

    /// Who holds the lock when this session is read-only because of it.
    pub fn holder(&self) -> Option<&Holder> {
        match &self.read_only {
            Some(ReadOnly::LockedBy(holder)) => holder.as_ref(),
            _ => None,
        }
    }

    /// A crashed session's lock this session took over, if any.
    pub fn took_over(&self) -> Option<&Holder> {
        self.lock.as_ref().and_then(|lock| lock.took_over.as_ref())
    }

    /// Actions applied since the last save (recovered ones included).
    pub fn unsaved(&self) -> u64 {
        self.journal.as_ref().map_or(0, Journal::len)
    }

    /// Applies an action through the core and journals it; `Ok` means it is on disk in the
    /// journal and may be shown as done. A refusal or a failed journal write changes nothing.
    pub fn apply(
        &mut self,
        actor: &Actor,
        action: &Action,
        now: Time,
    ) -> Result<Applied, SessionError> {
        if let Some(reason) = &self.read_only {
            return Err(SessionError::ReadOnly(reason.clone()));
        }
        let applied = apply(&self.workspace, actor, action, now).map_err(SessionError::Refused)?;
        self.record(actor, action, now, &applied)?;
        Ok(applied)
    }

    /// For a face that runs `domain::apply` itself: journals an action it applied to this
    /// session's workspace and adopts the result. Call before showing the action as done.
    pub fn record(
        &mut self,
        actor: &Actor,
        action: &Action,
        now: Time,
        applied: &Applied,
    ) -> Result<(), SessionError> {
        if let Some(reason) = &self.read_only {
            return Err(SessionError::ReadOnly(reason.clone()));
        }
        if applied.is_noop() {
            return Ok(());
        }
        let audit_seq = journal::last_audit_seq(&applied.workspace);
        if let Some(journal) = self.journal.as_mut() {
            journal
                .append(audit_seq, actor, action, now)
                .map_err(SessionError::Journal)?;
        }
        self.workspace = applied.workspace.clone();
        Ok(())
    }

    /// For a face's undo and redo: the journal becomes exactly `entries` (the actions that lead
    /// from the file to `workspace`, numbered from 1) and the session holds `workspace`. On an
    /// error nothing was adopted; the face keeps showing what it showed before.
    pub fn rewrite_journal(
        &mut self,
        entries: &[journal::Entry],
        workspace: &Workspace,
    ) -> Result<(), SessionError> {
        if let Some(reason) = &self.read_only {
            return Err(SessionError::ReadOnly(reason.clone()));
        }
        if let Some(journal) = self.journal.as_mut() {
            journal.rewrite(entries).map_err(SessionError::Journal)?;
        }
        self.workspace = workspace.clone();
        Ok(())
    }

    /// Takes an applied action's workspace without journaling it: for a command that saves at
    /// once (until its save succeeds, nothing was done). A face that shows actions as done before
    /// saving uses `apply` or `record` instead.
    pub fn adopt(&mut self, applied: &Applied) {
        if self.read_only.is_none() {
            self.workspace = applied.workspace.clone();
        }
    }

    /// Saves the session's workspace over the file (atomically, keeping `FILE.bak`), then empties
    /// the journal. Refuses when the file changed on disk since it was loaded.
    pub fn save(&mut self) -> Result<(), SessionError> {
        if let Some(reason) = &self.read_only {
            return Err(SessionError::ReadOnly(reason.clone()));
        }
        let Some(lock) = self.lock.as_ref() else {
            return Err(SessionError::Save(SaveError::Io {
                path: self.path.clone(),
                message: "this session does not hold its lock; nothing was written".into(),
                source: None,
            }));
        };
        let expected = Expect::Loaded(self.fingerprint);
        self.fingerprint = save_file(lock, &self.path, &self.workspace, expected)?;
        self.base = self.workspace.clone();
        if let Some(journal) = self.journal.as_mut() {
            // The file holds every journaled action now. A journal that cannot be removed is
            // harmless: replay recognises actions the file already holds.
            journal.clear().map_err(SessionError::Journal)?;
        }
        self.recovered = None;
        Ok(())
    }

    /// Empties the journal without saving: what it held is either in the file already or was
    /// refused (after a recovery that changed nothing).
    pub fn discard_journal(&mut self) -> Result<(), SessionError> {
        if let Some(reason) = &self.read_only {
            return Err(SessionError::ReadOnly(reason.clone()));
        }
        if let Some(journal) = self.journal.as_mut() {
            journal.clear().map_err(SessionError::Journal)?;
        }
        self.recovered = None;
        Ok(())
    }

    /// Saves to another file (after `ChangedOnDisk`, or "save as"), which this session then
    /// writes: it takes that file's lock, and the old file's journal goes (its actions are saved).
    pub fn save_as(&mut self, path: &Path, app: App) -> Result<(), SessionError> {
        if let Some(reason) = &self.read_only {
            return Err(SessionError::ReadOnly(reason.clone()));
        }
        let target = save_target(path).map_err(SessionError::Save)?;
        let lock = Lock::acquire(&target, app).map_err(SessionError::Locked)?;
        let fingerprint = save_file(&lock, &target, &self.workspace, Expect::Anything)?;
        if let Some(journal) = self.journal.as_mut() {
            journal.clear().map_err(SessionError::Journal)?;
        }
        self.journal = Some(Journal::new(&target));
        self.lock = Some(lock);
        self.path = target;
        self.fingerprint = fingerprint;
        self.base = self.workspace.clone();
        self.recovered = None;
        Ok(())
    }

    /// Reads the file again, dropping every unsaved action (the face asks first).
    pub fn reload(&mut self) -> Result<(), SessionError> {
        let loaded = load_file(&self.path).map_err(SessionError::Load)?;
        if let Some(journal) = self.journal.as_mut() {
            journal.clear().map_err(SessionError::Journal)?;
        }
        self.base = loaded.workspace.clone();
        self.workspace = loaded.workspace;
        self.fingerprint = loaded.fingerprint;
        self.diagnostics = loaded.diagnostics;
        self.left_out = loaded.left_out;
        self.recovered = None;
        Ok(())
    }

    /// The file changed on disk under unsaved actions (a `git pull`): the same three-way merge
    /// as git's merge driver, with the file as loaded or last saved as base, the session's
    /// workspace as ours and the disk's as theirs. The merged workspace (conflicts recorded in
    /// it, ours kept where the sides disagree) is written over the file at once — expecting
    /// the disk's version, so a change meanwhile is refused, not overwritten — and becomes the
    /// session's. Nothing is lost: both sides are in it, or in its conflicts.
    pub fn merge_from_disk(&mut self) -> Result<Vec<Conflict>, SessionError> {
        if let Some(reason) = &self.read_only {
            return Err(SessionError::ReadOnly(reason.clone()));
        }
        let Some(lock) = self.lock.as_ref() else {
            return Err(SessionError::ReadOnly(ReadOnly::Requested));
        };
        let theirs = load_file(&self.path).map_err(SessionError::Load)?;
        // Findings either side had alone are not the merge's.
        let known: Vec<Diagnostic> = theirs
            .diagnostics
            .iter()
            .chain(&self.diagnostics)
            .cloned()
            .collect();
        let merged = merge(&self.base, &self.workspace, &theirs.workspace, &known);
        let workspace = merged.workspace.indexed();
        let fingerprint = save_file(
            lock,
            &self.path,
            &workspace,
            Expect::Loaded(theirs.fingerprint),
        )?;
        if let Some(journal) = self.journal.as_mut() {
            journal.clear().map_err(SessionError::Journal)?;
        }
        self.base = workspace.clone();
        self.workspace = workspace;
        self.fingerprint = fingerprint;
        self.diagnostics = theirs.diagnostics;
        self.left_out = theirs.left_out;
        self.recovered = None;
        Ok(merged.conflicts)
    }

    /// True when the file on disk is no longer the one loaded or last saved.
    pub fn changed_on_disk(&self) -> bool {
        std::fs::read(&self.path)
            .map(|bytes| fingerprint(&bytes))
            .ok()
            != Some(self.fingerprint)
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error;

    use super::*;

    #[test]
    fn a_session_that_cannot_open_keeps_the_io_error_beneath_it() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.json");
        let Err(err) = Session::open(&missing, Mode::ReadWrite, App::Cli) else {
            panic!("a missing file opened");
        };
        assert!(matches!(err, SessionError::Load(LoadError::Io { .. })));
        let io = err
            .source()
            .and_then(|s| s.downcast_ref::<std::io::Error>());
        assert_eq!(
            io.map(std::io::Error::kind),
            Some(std::io::ErrorKind::NotFound)
        );
    }
}
