//! The app and the session it works on, and the I/O between them: the shell builds the app
//! from what the CLI launched (keys, theme, read-only, what opening found) and performs the
//! app's effects — journal writes, saves, reloads — reporting each outcome back to the app.

use std::collections::VecDeque;
use std::path::Path;

use super::app::{App, Effect};
use super::keymap::Keymap;
use super::launch::{Launch, demo_save_path};
use super::theme;
use crate::domain::Time;
use crate::store::Fingerprint;
use crate::store::lock::App as LockApp;
use crate::store::session::{Mode, ReadOnly, Session, SessionError};
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
        let (keymap, keymap_problem) = Keymap::load_user();
        let session = launch.session;
        let journal = session
            .as_ref()
            .and_then(Session::recovered)
            .map(|r| r.entries.clone())
            .unwrap_or_default();
        let mut app = App::recovering(launch.workspace, launch.source, now, keymap, journal)
            .with_theme(theme::Theme::from_env())
            .with_demo_save_path(demo_save_path());
        match session.as_ref().and_then(Session::read_only_reason) {
            Some(reason) => {
                let holder = match reason {
                    ReadOnly::LockedBy(Some(holder)) => Some(format!(
                        "pid {} on {}{}",
                        holder.pid,
                        crate::display::inert(&holder.host),
                        if holder.since.is_empty() {
                            String::new()
                        } else {
                            format!(" since {}", crate::display::inert(&holder.since))
                        }
                    )),
                    ReadOnly::LockedBy(None) => Some("another session".into()),
                    ReadOnly::Requested => None,
                };
                let text = crate::display::inert(&reason.to_string()).into_owned();
                app = app
                    .with_read_only_reason(text.clone(), holder)
                    .with_notice(text, false);
            }
            None if launch.read_only => app = app.with_read_only(true),
            None => {}
        }
        if !launch.diagnostics.is_empty() {
            let first = crate::display::inert(&launch.diagnostics[0].to_string()).into_owned();
            app = app.with_notice(
                format!(
                    "{} integrity finding(s) in the file, first: {first} (run `partnerdesk check`)",
                    launch.diagnostics.len()
                ),
                true,
            );
        }
        if let Some(session) = &session {
            if !session.left_out().is_empty() {
                app = app.with_notice(
                    format!(
                        "{} record(s) with a duplicate id were left out on load; saving drops them",
                        session.left_out().len()
                    ),
                    true,
                );
            }
            if let Some(holder) = session.took_over() {
                let text = format!("took over the lock left by {holder}, which has ended");
                app = app.with_notice(crate::display::inert(&text).into_owned(), false);
            }
            if let Some(recovered) = session.recovered() {
                let mut text = recovered.summary();
                if recovered.changed() && !app.read_only() {
                    text.push_str(" from a session that ended without saving; s saves them");
                }
                let warn = recovered.torn_tail_warning.is_some() || !recovered.refused.is_empty();
                app = app.with_notice(crate::display::inert(&text).into_owned(), warn);
            }
        }
        if let Some(problem) = keymap_problem {
            app = app.with_notice(problem, true);
        }
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

/// Writes a workspace that has no session yet (the demo) to `path`, unless another session
/// writes that file or a crash journal waits there.
fn save_new(
    path: &Path,
    workspace: &Workspace,
    expected: Option<Fingerprint>,
) -> Result<Fingerprint, SaveFailure> {
    if let Some(holder) = crate::store::lock::holder(path) {
        return Err(SaveFailure::Other(format!(
            "{} is being written by {holder}; save elsewhere",
            path.display()
        )));
    }
    if crate::store::journal::journal_path(path).exists() {
        return Err(SaveFailure::Other(format!(
            "{} has a crash journal waiting (open it, or run `partnerdesk recover`); save elsewhere",
            path.display()
        )));
    }
    create_parent(path)?;
    crate::store::save_file(path, workspace, expected).map_err(|err| match err {
        crate::store::SaveError::ChangedOnDisk { .. } => SaveFailure::ChangedOnDisk,
        other => SaveFailure::Other(other.to_string()),
    })
}
