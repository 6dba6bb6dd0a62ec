//! The app and the session it works on, and the I/O between them: the shell performs the app's
//! effects — journal writes, saves, reloads — against the session, and reports each outcome
//! back to the app.

use std::collections::VecDeque;
use std::path::Path;

use super::app::{App, Effect};
use super::launch::Launch;
use crate::domain::Time;
use crate::store::Fingerprint;
use crate::store::lock::App as LockApp;
use crate::store::session::{Mode, Session, SessionError};
use crate::workspace::Workspace;

/// The app and the session it works on, and the I/O between them: the shell performs the app's
/// effects (journal writes, saves, reloads) and reports back. `run` wraps it in a terminal; tests
/// drive it with events and temp files.
pub struct Shell {
    pub app: App,
    session: Option<Session>,
}

impl Shell {
    /// Builds the app the way `run` does (user keymap, NO_COLOR, demo save path) and journals
    /// what opening applied (time passing), before anything is drawn.
    pub fn new(launch: Launch, now: Time) -> Shell {
        let mut shell = Shell::prepare(launch, now);
        shell.begin();
        shell
    }

    /// `new` without its I/O: builds the app and its indexes (the slow part on a large file), so
    /// a loader thread can do it while nothing is written yet.
    pub(super) fn prepare(launch: Launch, now: Time) -> Shell {
        let (app, session) = launch.open(now);
        Shell { app, session }
    }

    /// Performs what opening asked for (journaling time passing): the first writes of a session.
    pub(super) fn begin(&mut self) {
        let pending = self.app.take_pending();
        self.perform(pending);
    }

    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// One terminal event; true when the app quits.
    pub fn handle_event(&mut self, event: crossterm::event::Event) -> bool {
        let effects = self.app.handle_event(event);
        self.perform(effects)
    }

    /// Performs effects in order (journal writes first, as the app returns them); true on quit.
    pub fn perform(&mut self, effects: Vec<Effect>) -> bool {
        let mut queue: VecDeque<Effect> = effects.into();
        while let Some(effect) = queue.pop_front() {
            match effect {
                Effect::Quit => {
                    // Quitting is not saving: what the journal holds is unwanted (time passing
                    // only, or changes the user chose to drop).
                    if let Some(session) = self.session.as_mut().filter(|s| !s.is_read_only()) {
                        let _ = session.discard_journal();
                    }
                    return true;
                }
                Effect::Journal { entry, applied } => {
                    let result = match self.session.as_mut().filter(|s| !s.is_read_only()) {
                        Some(session) => session
                            .record(&entry.actor, &entry.action, entry.now, &applied)
                            .map_err(|err| err.to_string()),
                        None => Ok(()),
                    };
                    self.app.journaled(result);
                }
                Effect::RewriteJournal { entries, workspace } => {
                    let result = match self.session.as_mut().filter(|s| !s.is_read_only()) {
                        Some(session) => session
                            .rewrite_journal(&entries, &workspace)
                            .map_err(|err| err.to_string()),
                        None => Ok(()),
                    };
                    self.app.journaled(result);
                }
                Effect::Reload => {
                    let result = match self.session.as_mut() {
                        Some(session) => session
                            .reload()
                            .map(|()| session.workspace().clone())
                            .map_err(|err| err.to_string()),
                        None => Err("the demo has no file to reload".into()),
                    };
                    self.app.reloaded(result);
                    queue.extend(self.app.take_pending());
                }
                Effect::WriteFile { path, bytes, what } => {
                    let result = crate::cli::files::write_atomically(&path, &bytes)
                        .map_err(|failure| failure.headline);
                    self.app.file_written(path, what, result);
                }
                Effect::ReadImport { path, partner } => {
                    let result = crate::cli::interop::read_sources(std::slice::from_ref(&path))
                        .map_err(|failure| failure.headline);
                    self.app.import_read(partner, result);
                }
                Effect::Save {
                    path,
                    workspace,
                    expected,
                    then_quit,
                } => match self.save(&path, &workspace, expected) {
                    Ok(fingerprint) => {
                        self.app.saved(path, Ok(fingerprint));
                        if then_quit {
                            return true;
                        }
                    }
                    Err(SaveFailure::ChangedOnDisk) => self.app.changed_on_disk(path, then_quit),
                    Err(SaveFailure::Other(message)) => self.app.saved(path, Err(message)),
                },
            }
        }
        false
    }

    fn save(
        &mut self,
        path: &Path,
        workspace: &Workspace,
        expected: Option<Fingerprint>,
    ) -> Result<Fingerprint, SaveFailure> {
        let Some(session) = self.session.as_mut() else {
            // The demo's first save: write the file, then work on it like any file (lock, journal).
            let fingerprint = save_new(path, workspace, expected)?;
            match Session::open(path, Mode::ReadWrite, LockApp::Tui) {
                Ok(session) => {
                    if let Some(reason) = session.read_only_reason() {
                        let text = crate::display::inert(&reason.to_string()).into_owned();
                        self.app.set_read_only_reason(text);
                    }
                    self.session = Some(session);
                }
                Err(err) => {
                    return Err(SaveFailure::Other(format!(
                        "saved, but cannot keep working on the file: {err}"
                    )));
                }
            }
            return Ok(fingerprint);
        };
        if let Some(reason) = session.read_only_reason() {
            return Err(SaveFailure::Other(reason.to_string()));
        }
        let same = session.path() == path
            || crate::store::save_target(path).is_ok_and(|target| target == session.path());
        let result = if same {
            session.save()
        } else {
            create_parent(path)?;
            session.save_as(path, LockApp::Tui)
        };
        match result {
            Ok(()) => Ok(std::fs::read(session.path())
                .map(|bytes| crate::store::fingerprint(&bytes))
                .unwrap_or(Fingerprint(0))),
            Err(SessionError::ChangedOnDisk { .. }) => Err(SaveFailure::ChangedOnDisk),
            Err(err) => Err(SaveFailure::Other(err.to_string())),
        }
    }
}

enum SaveFailure {
    ChangedOnDisk,
    Other(String),
}

fn create_parent(path: &Path) -> Result<(), SaveFailure> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|err| SaveFailure::Other(format!("cannot create {}: {err}", dir.display())))?;
    }
    Ok(())
}

/// Writes a workspace that has no session yet (the demo) to `path` under its lock, unless another
/// session writes that file or a crash journal waits there.
fn save_new(
    path: &Path,
    workspace: &Workspace,
    expected: Option<Fingerprint>,
) -> Result<Fingerprint, SaveFailure> {
    use crate::store::lock::{Lock, LockError};
    create_parent(path)?;
    let target =
        crate::store::save_target(path).map_err(|err| SaveFailure::Other(err.to_string()))?;
    let lock = match Lock::acquire(&target, LockApp::Tui) {
        Ok(lock) => lock,
        Err(LockError::Held {
            holder: Some(holder),
            ..
        }) => {
            return Err(SaveFailure::Other(format!(
                "{} is being written by {holder}; save elsewhere",
                path.display()
            )));
        }
        Err(err) => return Err(SaveFailure::Other(err.to_string())),
    };
    if crate::store::journal::journal_path(&target).exists() {
        return Err(SaveFailure::Other(format!(
            "{} has a crash journal waiting (open it, or run `partnerdesk recover`); save elsewhere",
            path.display()
        )));
    }
    let expected = expected.map_or(crate::store::Expect::Anything, crate::store::Expect::Loaded);
    crate::store::save_file(&lock, path, workspace, expected).map_err(|err| match err {
        crate::store::SaveError::ChangedOnDisk { .. } => SaveFailure::ChangedOnDisk,
        other => SaveFailure::Other(other.to_string()),
    })
}
