//! The app and the session it works on, and the I/O between them: the shell performs the app's
//! effects — journal writes, saves, reloads — against the session, and reports each outcome
//! back to the app.

use std::collections::VecDeque;
use std::path::Path;

use super::app::{App, Effect};
use super::launch::Launch;
use crate::domain::{Id, Time};
use crate::interop::{FormatError, NoClock, Plan, Source};
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
    /// Bytes for the terminal itself (the clipboard's OSC 52, mouse reporting on or off): the
    /// event loop writes them out; tests read them.
    terminal_out: Vec<u8>,
    /// What the file looked like (modified time, length) when last looked at: a read-only
    /// session reads it again only when that changes.
    seen: Option<DiskStamp>,
    /// The fingerprint of the other writer's save already offered for reloading.
    offered: Option<Fingerprint>,
    /// When the file was last looked at: at most once a second (the tick comes faster while a
    /// filter search runs).
    watched_at: Option<Time>,
}

type DiskStamp = (Option<std::time::SystemTime>, u64);

fn disk_stamp(path: &Path) -> Option<DiskStamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok(), meta.len()))
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
        let seen = session.as_ref().and_then(|s| disk_stamp(s.path()));
        Shell {
            app,
            session,
            terminal_out: Vec::new(),
            seen,
            offered: None,
            watched_at: None,
        }
    }

    /// The bytes the app asked to send to the terminal since the last call.
    pub fn take_terminal_output(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.terminal_out)
    }

    /// The event loop's tick (a few times a second, and between events): the app's clock moves
    /// (old status messages fade), and the session looks whether the file changed on disk (a
    /// writer's too: a `git pull` under it) — its modified time and length first, the bytes
    /// only when those changed.
    pub fn tick(&mut self, now: Time) {
        self.app.tick(now);
        if self
            .watched_at
            .is_some_and(|at| now.0.as_second() - at.0.as_second() < 1)
        {
            return;
        }
        self.watched_at = Some(now);
        self.watch_file();
    }

    fn watch_file(&mut self) {
        let Some(session) = self.session.as_ref() else {
            return;
        };
        let stamp = disk_stamp(session.path());
        if stamp.is_none() || stamp == self.seen {
            return;
        }
        self.seen = stamp;
        let Ok(bytes) = std::fs::read(session.path()) else {
            return;
        };
        let now = crate::store::fingerprint(&bytes);
        if now != session.fingerprint() && self.offered != Some(now) {
            self.offered = Some(now);
            let path = session.path().to_path_buf();
            self.app.noticed_change_on_disk(path);
        }
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
                            .map(|()| (session.workspace().clone(), session.fingerprint()))
                            .map_err(|err| err.to_string()),
                        None => Err("the demo has no file to reload".into()),
                    };
                    self.app.reloaded(result);
                    self.seen = self.session.as_ref().and_then(|s| disk_stamp(s.path()));
                    self.offered = None;
                    queue.extend(self.app.take_pending());
                }
                Effect::MergeWithDisk => {
                    let result = match self.session.as_mut() {
                        Some(session) => session
                            .merge_from_disk()
                            .map(|conflicts| {
                                (
                                    session.workspace().clone(),
                                    session.fingerprint(),
                                    conflicts.len(),
                                )
                            })
                            .map_err(|err| err.to_string()),
                        None => Err("the demo has no file to merge with".into()),
                    };
                    self.app.merged_with_disk(result);
                    self.seen = self.session.as_ref().and_then(|s| disk_stamp(s.path()));
                    self.offered = None;
                    queue.extend(self.app.take_pending());
                }
                Effect::WriteFile { path, bytes, what } => {
                    let result = crate::store::replace_file(&path, &bytes)
                        .map_err(|err| format!("cannot write {}: {err}", path.display()));
                    self.app.file_written(path, what, result);
                }
                Effect::Clipboard { text, what } => {
                    let bytes = super::clipboard::osc52(&text);
                    self.terminal_out.extend_from_slice(&bytes);
                    self.app.copied(&what, text.len());
                }
                Effect::MouseCapture(on) => {
                    let _ = if on {
                        crossterm::queue!(self.terminal_out, crossterm::event::EnableMouseCapture)
                    } else {
                        crossterm::queue!(self.terminal_out, crossterm::event::DisableMouseCapture)
                    };
                }
                Effect::ReadImport {
                    path,
                    partner,
                    relationship,
                    complete,
                } => {
                    // The pages and records the import frees make room for the ones it makes
                    // (as the command line's import does).
                    let _keep_freed = crate::allocator::keep_freed_memory();
                    let ws = self.app.workspace();
                    let planned = plan_pages(&path, ws, &partner, relationship.as_ref());
                    self.app.import_planned(partner, planned, complete);
                }
                Effect::Save {
                    path,
                    workspace,
                    expected,
                    then_quit,
                    typed_path,
                } => match self.save(&path, &workspace, expected, typed_path) {
                    Ok(fingerprint) => {
                        self.app.saved(path, Ok(fingerprint));
                        if then_quit {
                            return true;
                        }
                    }
                    Err(SaveFailure::ChangedOnDisk) => self.app.changed_on_disk(path, then_quit),
                    Err(SaveFailure::Exists) => self.app.save_target_exists(path, then_quit),
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
        typed_path: bool,
    ) -> Result<Fingerprint, SaveFailure> {
        if typed_path {
            check_typed_path(path, self.session.as_ref().map(|s| s.path()))?;
        }
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
    /// Another file is already at a path typed in save-as.
    Exists,
    Other(String),
}

/// A path typed in save-as: its folder must exist (a typo must not create folders), and a file
/// already there (other than the session's own) is overwritten only when asked.
fn check_typed_path(path: &Path, own: Option<&Path>) -> Result<(), SaveFailure> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        return Err(SaveFailure::Other(format!(
            "the folder {} does not exist; create it first or choose another path",
            crate::display::inert(&dir.display().to_string())
        )));
    }
    let own = own.is_some_and(|own| {
        own == path || crate::store::save_target(path).is_ok_and(|target| target == own)
    });
    if !own && path.exists() {
        return Err(SaveFailure::Exists);
    }
    Ok(())
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

/// The export pages at `path` (a file, or a folder of them) planned for an import by `partner`
/// into `ws`, or why not. Each page is read as the plan reaches it and dropped once its records
/// are gathered, as the command line's import reads them: the pages never sit in memory
/// together.
fn plan_pages(
    path: &str,
    ws: &Workspace,
    partner: &Id,
    relationship: Option<&Id>,
) -> Result<Plan, String> {
    let names =
        crate::store::inputs::source_names(&[path.to_string()]).map_err(|e| e.to_string())?;
    if names.is_empty() {
        return Err("no .json export found there".into());
    }
    let mut unreadable = None;
    let pages = names.iter().map(|name| {
        let read = name.read().map(|bytes| Source {
            bytes,
            name: name.shown.clone(),
        });
        read.map_err(|err| {
            let error = FormatError {
                file: name.shown.clone(),
                path: String::new(),
                message: err.to_string(),
                source: None,
            };
            unreadable = Some(err.to_string());
            error
        })
    });
    let relationship = relationship.map(Id::as_str);
    let plan = crate::interop::plan_streaming(
        ws,
        Some(partner),
        pages,
        relationship,
        &NoClock,
        |_, _, ()| {},
    );
    match unreadable {
        Some(why) => Err(why),
        None => plan.map_err(|err| err.to_string()),
    }
}
