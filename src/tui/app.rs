//! The UI state and its update. `App::new` does no I/O; `handle_event` (in `input.rs`) turns a
//! terminal event into state changes and returns `Effect`s (save, quit) for the shell to perform,
//! so tests drive the app without a disk or a terminal. Data changes only through `core::apply`:
//! what the screen shows after an action is the workspace the core returned.

use std::cell::RefCell;
use std::path::PathBuf;

use ratatui::layout::Rect;

use super::commands::Cmd;
use super::index::ListIndex;
use super::keymap::Keymap;
pub use super::panes::Pane;
use super::panes::{DetailLine, Target};
use super::source::Source;
use super::theme::Theme;
use super::widgets::confirm::Confirm;
use super::widgets::invite_form::InviteForm;
use super::widgets::picker::Picker;
use super::widgets::prompt::Prompt;
use crate::domain::{Action, Actor, Event, Id, RecordKind, Time, apply};
use crate::interop::emit::ScriptFormat;
use crate::store::Fingerprint;
use crate::store::journal::{Entry, last_audit_seq};
use crate::workspace::{Applied, Workspace};

/// Work for the shell: the app never touches the disk or the terminal itself.
#[derive(Debug)]
pub enum Effect {
    Save {
        path: PathBuf,
        workspace: Box<Workspace>,
        expected: Option<Fingerprint>,
        then_quit: bool,
    },
    /// Append an applied action to the crash journal before the next frame is drawn; the shell
    /// reports the outcome with `App::journaled` (a failure takes the action back).
    Journal { entry: Entry, applied: Box<Applied> },
    /// After undo or redo: the journal must hold exactly `entries` (the actions from the saved
    /// file to what the screen shows) and the session `workspace`. Reported with `journaled`.
    RewriteJournal {
        entries: Vec<Entry>,
        workspace: Box<Workspace>,
    },
    /// Read the file again, dropping the unsaved actions (the file changed on disk); the shell
    /// answers with `App::reloaded`.
    Reload,
    /// Quit; a writer's session empties its journal (nothing unsaved is wanted any more).
    Quit,
}

/// A journal write the shell has not confirmed yet, and how to take it back if it fails.
pub(super) enum InFlight {
    Action,
    PassTime(Box<Workspace>),
    Undo,
    Redo,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Table,
    Detail,
}

pub enum Modal {
    Help {
        scroll: usize,
    },
    Palette(Picker<Cmd>),
    ActAs(Picker<Actor>),
    Invite(Box<InviteForm>),
    Confirm(Confirm),
    /// The Graph calls behind a relationship or invitation, as a script (`y`).
    Script {
        id: Id,
        format: ScriptFormat,
        text: String,
        scroll: usize,
    },
    SaveAs {
        prompt: Prompt,
        then_quit: bool,
    },
    /// Saving found the file changed on disk: reload, save as, or keep editing.
    ChangedOnDisk {
        path: PathBuf,
        then_quit: bool,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// One undoable step: the state before it and who was acting.
pub(super) struct Step {
    pub(super) workspace: Workspace,
    pub(super) actor: Actor,
    pub(super) label: String,
    /// The journal entries of the actions this step undoes (or redoes): one for an action,
    /// several for a bulk invite, none for a no-op.
    pub(super) entries: Vec<Entry>,
    /// The records the step changed, whose rows move when it is undone or redone.
    pub(super) changed: Vec<(RecordKind, Id)>,
}

/// Where the last frame put things, for mouse clicks. Written by the renderer.
#[derive(Clone, Debug, Default)]
pub struct ScreenLayout {
    pub tabs: Vec<(Rect, Pane)>,
    pub table_rows: Rect,
    pub detail: Rect,
    pub detail_offset: usize,
}

pub struct App {
    pub(super) ws: Workspace,
    pub(super) source: Source,
    pub(super) read_only: bool,
    /// Why the workspace is read-only, for the status line and disabled keys.
    pub(super) read_only_reason: Option<String>,
    /// Who holds the lock, short, for the header.
    pub(super) read_only_holder: Option<String>,
    pub(super) now: Time,
    pub(super) keymap: Keymap,
    pub(super) theme: Theme,
    pub(super) actor: Actor,
    pub(super) panes: [ListIndex; 4],
    pub(super) pane: Pane,
    pub(super) focus: Focus,
    /// Which of the detail's linked lines is selected (counting links only).
    pub(super) detail_link: usize,
    pub(super) filter_editing: bool,
    pub(super) back: Vec<(Pane, Option<Id>, Focus, usize)>,
    /// Customers marked with Space, for a bulk invite.
    pub(super) marks: std::collections::BTreeSet<Id>,
    pub(super) undo: Vec<Step>,
    pub(super) redo: Vec<Step>,
    pub(super) version: u64,
    pub(super) saved_version: u64,
    pub(super) modal: Option<Modal>,
    pub(super) status: Option<Status>,
    pub(super) demo_save_path: Option<PathBuf>,
    pub(super) layout: RefCell<ScreenLayout>,
    /// What the crash journal holds (or will, once the shell performs the pending effects):
    /// exactly the actions between the saved file and the workspace on screen.
    pub(super) journal: Vec<Entry>,
    pub(super) in_flight: Option<InFlight>,
    /// Effects produced outside `handle_event` (time passing on open, on reload), and those of
    /// actions; `handle_event` returns them first.
    pub(super) pending: Vec<Effect>,
}

impl App {
    /// A new app on `workspace` as of `now`. Time passes first (as the operator), so statuses are
    /// current; what that changed is shown in the status line but is not an unsaved edit.
    pub fn new(workspace: Workspace, source: Source, now: Time, keymap: Keymap) -> App {
        App::recovering(workspace, source, now, keymap, Vec::new())
    }

    /// Moves the app's clock: the shell calls this before each event, so every action carries
    /// the moment it was made (tests keep their fixed time by not calling it).
    pub fn set_now(&mut self, now: Time) {
        self.now = now;
    }

    /// Like `new`, on a workspace a session recovered from a crash journal: `journal` is what the
    /// journal holds now (the recovered actions). They are unsaved changes; time passing is
    /// journaled after them.
    pub fn recovering(
        workspace: Workspace,
        source: Source,
        now: Time,
        keymap: Keymap,
        journal: Vec<Entry>,
    ) -> App {
        let recovered = !journal.is_empty();
        let mut app = App {
            ws: workspace,
            source,
            read_only: false,
            read_only_reason: None,
            read_only_holder: None,
            now,
            keymap,
            theme: Theme::default(),
            actor: Actor::Operator,
            panes: Default::default(),
            pane: Pane::Customers,
            focus: Focus::Table,
            detail_link: 0,
            filter_editing: false,
            back: Vec::new(),
            marks: std::collections::BTreeSet::new(),
            undo: Vec::new(),
            redo: Vec::new(),
            version: 0,
            saved_version: 0,
            modal: None,
            status: None,
            demo_save_path: None,
            layout: RefCell::new(ScreenLayout::default()),
            journal,
            in_flight: None,
            pending: Vec::new(),
        };
        if recovered {
            app.version = 1;
        }
        app.pass_time();
        app.rebuild_indexes();
        app
    }

    /// Time passes (as the operator) so statuses are current: journaled like any action, but not
    /// an unsaved edit of its own.
    fn pass_time(&mut self) {
        match apply(&self.ws, &Actor::Operator, &Action::PassTime, self.now) {
            Ok(applied) if !applied.is_noop() => {
                self.status = Some(Status {
                    text: time_passed(&applied.events),
                    error: false,
                });
                let entry = self.next_entry(&Actor::Operator, &Action::PassTime, &applied);
                let previous = std::mem::replace(&mut self.ws, applied.workspace.clone());
                self.journal.push(entry.clone());
                self.in_flight = Some(InFlight::PassTime(Box::new(previous)));
                self.pending.push(Effect::Journal {
                    entry,
                    applied: Box::new(applied),
                });
            }
            Ok(_) => {}
            Err(refusal) => {
                self.status = Some(Status {
                    text: format!("time could not pass: {refusal}"),
                    error: true,
                })
            }
        }
    }

    pub(super) fn next_entry(&self, actor: &Actor, action: &Action, applied: &Applied) -> Entry {
        Entry {
            seq: self.journal.len() as u64 + 1,
            audit_seq: last_audit_seq(&applied.workspace),
            actor: actor.clone(),
            now: self.now,
            action: action.clone(),
        }
    }

    /// Read-only: nothing is changed, journaled or saved (and nothing is pending for the shell).
    pub fn with_read_only(mut self, read_only: bool) -> App {
        self.read_only = read_only;
        if read_only {
            self.pending.clear();
            self.journal.clear();
            self.in_flight = None;
        }
        self
    }
    /// The session became read-only (the demo's first save found its file locked).
    pub fn set_read_only_reason(&mut self, reason: String) {
        self.read_only = true;
        self.pending.clear();
        self.journal.clear();
        self.in_flight = None;
        self.read_only_reason = Some(reason);
    }
    /// Read-only for a reason the status line and disabled keys give (`holder`: who holds the
    /// lock, for the header).
    pub fn with_read_only_reason(mut self, reason: String, holder: Option<String>) -> App {
        self = self.with_read_only(true);
        self.read_only_reason = Some(reason);
        self.read_only_holder = holder;
        self
    }
    pub fn with_theme(mut self, theme: Theme) -> App {
        self.theme = theme;
        self
    }
    /// Where saving the embedded demo writes (the user's data directory); without it, saving the
    /// demo asks for a path.
    pub fn with_demo_save_path(mut self, path: Option<PathBuf>) -> App {
        self.demo_save_path = path;
        self
    }
    /// Adds a message to the status line (a keys.toml problem, load diagnostics).
    pub fn with_notice(mut self, text: String, error: bool) -> App {
        self.status = Some(match self.status.take() {
            Some(old) => Status {
                text: format!("{} · {}", text, old.text),
                error: error || old.error,
            },
            None => Status { text, error },
        });
        self
    }

    // ---- read access for the view, the commands and tests ----

    pub fn workspace(&self) -> &Workspace {
        &self.ws
    }
    pub fn actor(&self) -> &Actor {
        &self.actor
    }
    pub fn now(&self) -> Time {
        self.now
    }
    pub fn read_only(&self) -> bool {
        self.read_only
    }
    /// Why nothing can be changed here.
    pub fn read_only_reason(&self) -> &str {
        self.read_only_reason
            .as_deref()
            .unwrap_or("the workspace is open read-only (--read-only); nothing is written")
    }
    /// Who holds the lock when that is why the workspace is read-only.
    pub fn read_only_holder(&self) -> Option<&str> {
        self.read_only_holder.as_deref()
    }
    /// What the crash journal holds (once the pending effects are performed).
    pub fn journal(&self) -> &[Entry] {
        &self.journal
    }
    /// Effects produced outside an event (time passing on open): the shell performs them before
    /// the first frame. `handle_event` returns them too.
    pub fn take_pending(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.pending)
    }
    pub fn pane(&self) -> Pane {
        self.pane
    }
    pub fn focus(&self) -> Focus {
        self.focus
    }
    pub fn source(&self) -> &Source {
        &self.source
    }
    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref()
    }
    pub fn is_dirty(&self) -> bool {
        self.version != self.saved_version
    }
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }
    pub fn theme(&self) -> Theme {
        self.theme
    }
    pub fn list(&self, pane: Pane) -> &ListIndex {
        &self.panes[pane.number()]
    }
    pub(super) fn list_mut(&mut self, pane: Pane) -> &mut ListIndex {
        &mut self.panes[pane.number()]
    }
    pub fn selected_id(&self) -> Option<&Id> {
        self.list(self.pane).selected_id()
    }
    /// The customers marked for a bulk invite.
    pub fn marked(&self) -> &std::collections::BTreeSet<Id> {
        &self.marks
    }
    pub fn has_modal(&self) -> bool {
        self.modal.is_some()
    }

    /// The detail of the selected record.
    pub fn detail_lines(&self) -> Vec<DetailLine> {
        match self.selected_id() {
            Some(id) => self.pane.detail(&self.ws, self.now, id, self.theme),
            None => Vec::new(),
        }
    }

    /// The record the selected detail line points at, when the detail has the focus.
    pub fn detail_target(&self) -> Option<Target> {
        if self.focus != Focus::Detail {
            return None;
        }
        self.detail_lines()
            .into_iter()
            .filter_map(|l| l.target)
            .nth(self.detail_link)
    }

    /// The invitation or relationship a command acts on: the selected row of its pane, or the
    /// selected line of a detail.
    pub fn target_of(&self, pane: Pane) -> Option<Id> {
        if let Some(target) = self.detail_target() {
            return (target.pane() == pane).then(|| target.id().clone());
        }
        (self.pane == pane)
            .then(|| self.selected_id().cloned())
            .flatten()
    }

    /// The relationship or invitation `y` shows the script of, or why there is none.
    pub fn emit_target(&self) -> Result<Id, &'static str> {
        self.target_of(Pane::Relationships)
            .or_else(|| self.target_of(Pane::Invitations))
            .ok_or("select a relationship or an invitation (pane 3, 4 or a detail)")
    }

    /// The core action behind accept / decline / revoke / terminate on the current selection.
    pub fn target_action(&self, cmd: Cmd) -> Result<Action, &'static str> {
        let invitation = || {
            self.target_of(Pane::Invitations)
                .ok_or("select an invitation first (pane 3, or one in a detail)")
        };
        match cmd {
            Cmd::Accept => Ok(Action::Accept {
                invitation_id: invitation()?,
            }),
            Cmd::Decline => Ok(Action::Decline {
                invitation_id: invitation()?,
            }),
            Cmd::Revoke => Ok(Action::Revoke {
                invitation_id: invitation()?,
            }),
            Cmd::Terminate => Ok(Action::Terminate {
                relationship_id: self
                    .target_of(Pane::Relationships)
                    .ok_or("select a relationship first (pane 4, or one in a detail)")?,
            }),
            _ => Err("not an action on a record"),
        }
    }

    // ---- changing state ----

    pub(super) fn set_status(&mut self, text: impl Into<String>, error: bool) {
        self.status = Some(Status {
            text: text.into(),
            error,
        });
    }

    pub(super) fn set_actor(&mut self, actor: Actor) {
        let name = self.actor_label(&actor);
        self.actor = actor;
        self.set_status(format!("acting as {name}"), false);
    }

    /// "partner Contoso Partners (partner:p1)" for the header and messages.
    pub fn actor_label(&self, actor: &Actor) -> String {
        match actor {
            Actor::Operator => "operator".into(),
            Actor::Partner(id) => format!("partner {}", super::panes::partner_name(&self.ws, id)),
            Actor::Customer(id) => {
                format!("customer {}", super::panes::customer_name(&self.ws, id))
            }
        }
    }

    /// Shows `target` in its pane (clearing a filter that hides it), remembering where we were.
    pub(super) fn jump_to(&mut self, target: &Target) {
        self.back.push((
            self.pane,
            self.selected_id().cloned(),
            self.focus,
            self.detail_link,
        ));
        self.select_record(target.pane(), target.id());
    }

    pub(super) fn select_record(&mut self, pane: Pane, id: &Id) {
        self.pane = pane;
        self.focus = Focus::Table;
        self.detail_link = 0;
        self.filter_editing = false;
        let index = self.list_mut(pane);
        if !index.select_id(id) {
            index.set_query("");
            index.set_tag_filter(None);
            index.select_id(id);
        }
    }

    pub(super) fn go_back(&mut self) -> bool {
        let Some((pane, id, focus, link)) = self.back.pop() else {
            return false;
        };
        self.pane = pane;
        if let Some(id) = id {
            self.list_mut(pane).select_id(&id);
        }
        self.focus = focus;
        self.detail_link = link;
        true
    }

    /// Save to the file the workspace came from (or the demo's save path).
    pub(super) fn save(&mut self, then_quit: bool) -> Vec<Effect> {
        match &self.source {
            Source::File { path, fingerprint } => vec![Effect::Save {
                path: path.clone(),
                workspace: Box::new(self.ws.clone()),
                expected: Some(*fingerprint),
                then_quit,
            }],
            Source::Demo => match &self.demo_save_path {
                Some(path) => vec![Effect::Save {
                    path: path.clone(),
                    workspace: Box::new(self.ws.clone()),
                    expected: None,
                    then_quit,
                }],
                None => {
                    self.open_save_as(then_quit);
                    Vec::new()
                }
            },
        }
    }

    pub(super) fn open_save_as(&mut self, then_quit: bool) {
        let text = match &self.source {
            Source::File { path, .. } => path.display().to_string(),
            Source::Demo => self
                .demo_save_path
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "workspace.json".into()),
        };
        self.modal = Some(Modal::SaveAs {
            prompt: Prompt {
                title: "Save as (file path)".into(),
                text,
            },
            then_quit,
        });
    }

    /// The shell reports a save: on success the file becomes the workspace's source.
    pub fn saved(&mut self, path: PathBuf, result: Result<Fingerprint, String>) {
        match result {
            Ok(fingerprint) => {
                let was_demo = matches!(self.source, Source::Demo);
                self.saved_version = self.version;
                // The file holds everything now: the journal is empty, and undo stops here (the
                // journal could not say how to get from the file to an older state).
                self.journal.clear();
                self.undo.clear();
                self.redo.clear();
                self.set_status(
                    if was_demo {
                        format!(
                            "saved the demo to {} (now editing that file)",
                            path.display()
                        )
                    } else {
                        format!("saved {}", path.display())
                    },
                    false,
                );
                self.source = Source::File { path, fingerprint };
            }
            Err(message) => self.set_status(format!("not saved: {message}"), true),
        }
    }

    /// The shell found the file changed on disk when saving: nothing was written. Offers reload
    /// (dropping the unsaved actions), save as, or keeping on editing.
    pub fn changed_on_disk(&mut self, path: PathBuf, then_quit: bool) {
        self.set_status(
            format!(
                "not saved: {} changed on disk since it was loaded; nothing was overwritten",
                crate::display::inert(&path.display().to_string())
            ),
            true,
        );
        self.modal = Some(Modal::ChangedOnDisk { path, then_quit });
    }

    /// How many actions a reload would drop.
    pub fn unsaved_actions(&self) -> usize {
        self.journal.len()
    }

    /// The shell reloaded the file (after `Effect::Reload`): the app starts over on it, time
    /// passes again (journaled), undo starts afresh.
    pub fn reloaded(&mut self, result: Result<Workspace, String>) {
        match result {
            Ok(workspace) => {
                self.ws = workspace;
                self.journal.clear();
                self.undo.clear();
                self.redo.clear();
                self.in_flight = None;
                self.version += 1;
                self.saved_version = self.version;
                self.status = None;
                self.pass_time();
                self.rebuild_indexes();
                let text = match self.status.take() {
                    Some(status) => format!(
                        "reloaded from disk; unsaved actions dropped · {}",
                        status.text
                    ),
                    None => "reloaded from disk; unsaved actions dropped".to_string(),
                };
                self.set_status(text, false);
            }
            Err(message) => self.set_status(
                format!("not reloaded: {}", crate::display::inert(&message)),
                true,
            ),
        }
    }

    pub fn version(&self) -> u64 {
        self.version
    }

    /// The id of the record of `kind` an applied action created or changed first.
    pub(super) fn first_event(events: &[Event], kind: RecordKind) -> Option<Id> {
        events.iter().find(|e| e.kind == kind).map(|e| e.id.clone())
    }
}

fn time_passed(events: &[Event]) -> String {
    let count = |kind: RecordKind| events.iter().filter(|e| e.kind == kind).count();
    let mut parts = Vec::new();
    let invitations = count(RecordKind::Invitation);
    if invitations > 0 {
        parts.push(format!(
            "{invitations} invitation{} expired",
            if invitations == 1 { "" } else { "s" }
        ));
    }
    let relationships = count(RecordKind::Relationship);
    if relationships > 0 {
        parts.push(format!(
            "{relationships} relationship{} changed status",
            if relationships == 1 { "" } else { "s" }
        ));
    }
    format!("time passed: {}", parts.join(", "))
}
