//! The UI state and its update. `App::new` does no I/O; `handle_event` (in `input.rs`) turns a
//! terminal event into state changes and returns `Effect`s (save, quit) for the shell to perform,
//! so tests drive the app without a disk or a terminal. Data changes only through `core::apply`:
//! what the screen shows after an action is the workspace the core returned.

use std::cell::RefCell;
use std::path::PathBuf;

use ratatui::layout::Rect;

use super::Source;
use super::commands::Cmd;
use super::index::ListIndex;
use super::keymap::Keymap;
pub use super::panes::Pane;
use super::panes::{DetailLine, Target};
use super::theme::Theme;
use super::widgets::confirm::Confirm;
use super::widgets::invite_form::InviteForm;
use super::widgets::picker::Picker;
use super::widgets::prompt::Prompt;
use crate::core::{Action, Actor, Applied, Event, Id, RecordKind, Time, Workspace, apply};
use crate::store::Fingerprint;

/// Work for the shell: the app never touches the disk or the terminal itself.
#[derive(Debug)]
pub enum Effect {
    Save {
        path: PathBuf,
        workspace: Box<Workspace>,
        expected: Option<Fingerprint>,
        then_quit: bool,
    },
    Quit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Table,
    Detail,
}

pub enum Modal {
    Help { scroll: usize },
    Palette(Picker<Cmd>),
    ActAs(Picker<Actor>),
    Invite(Box<InviteForm>),
    Confirm(Confirm),
    SaveAs { prompt: Prompt, then_quit: bool },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// One undoable step: the state before it and who was acting.
struct Step {
    workspace: Workspace,
    actor: Actor,
    label: String,
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
    undo: Vec<Step>,
    redo: Vec<Step>,
    version: u64,
    saved_version: u64,
    pub(super) modal: Option<Modal>,
    pub(super) status: Option<Status>,
    pub(super) demo_save_path: Option<PathBuf>,
    pub(super) layout: RefCell<ScreenLayout>,
}

impl App {
    /// A new app on `workspace` as of `now`. Time passes first (as the operator), so statuses are
    /// current; what that changed is shown in the status line but is not an unsaved edit.
    pub fn new(workspace: Workspace, source: Source, now: Time, keymap: Keymap) -> App {
        let mut app = App {
            ws: workspace,
            source,
            read_only: false,
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
            undo: Vec::new(),
            redo: Vec::new(),
            version: 0,
            saved_version: 0,
            modal: None,
            status: None,
            demo_save_path: None,
            layout: RefCell::new(ScreenLayout::default()),
        };
        match apply(&app.ws, &Actor::Operator, &Action::PassTime, now) {
            Ok(applied) if !applied.is_noop() => {
                app.status = Some(Status {
                    text: time_passed(&applied.events),
                    error: false,
                });
                app.ws = applied.workspace;
            }
            Ok(_) => {}
            Err(refusal) => {
                app.status = Some(Status {
                    text: format!("time could not pass: {refusal}"),
                    error: true,
                })
            }
        }
        app.rebuild_indexes();
        app
    }

    pub fn with_read_only(mut self, read_only: bool) -> App {
        self.read_only = read_only;
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

    /// Rebuilds the indexes of records an action can change. The app's actions never touch
    /// master data (partners, customers), so those indexes are rebuilt only when their counts
    /// change; this keeps an action on 100,000 customers fast.
    pub(super) fn refresh_indexes(&mut self) {
        let stale = |pane: Pane, count: usize, app: &App| app.list(pane).total() != count;
        let counts = self.ws.counts();
        for pane in Pane::ALL {
            let rebuild = match pane {
                Pane::Customers => stale(pane, counts.customers, self),
                Pane::Partners => stale(pane, counts.partners, self),
                Pane::Invitations | Pane::Relationships => true,
            };
            if rebuild {
                let entries = pane.entries(&self.ws, self.now);
                self.panes[pane.number()].rebuild(entries);
            }
        }
    }

    pub(super) fn rebuild_indexes(&mut self) {
        for pane in Pane::ALL {
            let entries = pane.entries(&self.ws, self.now);
            self.panes[pane.number()].rebuild(entries);
        }
    }

    /// Applies `action` as `actor` through the core. On success the new workspace replaces the old
    /// one (kept for undo) and the events go to the status line; a refusal changes nothing and
    /// shows the rule and its explanation.
    pub(super) fn apply_action(&mut self, actor: &Actor, action: &Action) -> Option<Applied> {
        if self.read_only {
            self.set_status(
                "read-only: the workspace was opened with --read-only; nothing was changed",
                true,
            );
            return None;
        }
        match apply(&self.ws, actor, action, self.now) {
            Ok(applied) => {
                let label = format!("{} as {actor}", action.name());
                let previous = std::mem::replace(&mut self.ws, applied.workspace.clone());
                self.undo.push(Step {
                    workspace: previous,
                    actor: self.actor.clone(),
                    label: label.clone(),
                });
                self.redo.clear();
                self.version += 1;
                self.refresh_indexes();
                let detail: Vec<String> = applied
                    .events
                    .iter()
                    .map(|e| crate::display::inert(&e.to_string()).into_owned())
                    .collect();
                self.set_status(format!("{label}: {}", detail.join("; ")), false);
                Some(applied)
            }
            Err(refusal) => {
                let rule = refusal.rule.rule();
                let text = format!(
                    "refused — {} ({}: {})",
                    crate::display::inert(&refusal.to_string()),
                    rule.title,
                    rule.explanation
                );
                self.set_status(text, true);
                None
            }
        }
    }

    pub(super) fn undo(&mut self) {
        let Some(step) = self.undo.pop() else {
            self.set_status("nothing to undo", true);
            return;
        };
        let current = std::mem::replace(&mut self.ws, step.workspace);
        let actor = std::mem::replace(&mut self.actor, step.actor);
        self.redo.push(Step {
            workspace: current,
            actor,
            label: step.label.clone(),
        });
        self.version += 1;
        self.refresh_indexes();
        self.set_status(format!("undone: {}", step.label), false);
    }

    pub(super) fn redo(&mut self) {
        let Some(step) = self.redo.pop() else {
            self.set_status("nothing to redo", true);
            return;
        };
        let current = std::mem::replace(&mut self.ws, step.workspace);
        let actor = std::mem::replace(&mut self.actor, step.actor);
        self.undo.push(Step {
            workspace: current,
            actor,
            label: step.label.clone(),
        });
        self.version += 1;
        self.refresh_indexes();
        self.set_status(format!("redone: {}", step.label), false);
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
