//! The app: the workspace it shows and who acts on it, and the parts that own the rest of its
//! state — the main screen (`Browse`), the open pop-up (`Modal`), the undo/journal bookkeeping
//! (`History`), write access and the status line. `App::new` does no I/O; events come in
//! through `input.rs` and go to the part they concern, and effects (journal writes, saves) go
//! out to the shell. Data changes only through `domain::apply` (`changes.rs`): what the screen
//! shows after an action is the workspace the core returned.

use std::path::PathBuf;

use super::access::Access;
use super::browse::Browse;
pub use super::browse::{Focus, ScreenLayout};
pub use super::effect::Effect;
use super::history::{Clock, History};
use super::index::ListIndex;
use super::keymap::Keymap;
pub use super::panes::Pane;
use super::panes::{DetailLine, Target, customer_name, partner_name};
use super::popups::Modal;
use super::source::Source;
use super::theme::Theme;
use super::time_passing::pass_time;
pub use super::widgets::status::Status;
use super::widgets::status::StatusLine;
use crate::domain::{Actor, Id, Time};
use crate::store::journal::Entry;
use crate::workspace::Workspace;

pub struct App {
    pub(super) ws: Workspace,
    pub(super) source: Source,
    pub(super) now: Time,
    /// How far passing time by hand (`T`) put the clock ahead of the wall clock.
    pub(super) ahead_seconds: i64,
    pub(super) actor: Actor,
    pub(super) keymap: Keymap,
    pub(super) theme: Theme,
    /// Whether the app may write, why not, and where the demo is saved.
    pub(super) access: Access,
    /// The main screen: the panes' lists, which is shown, the focus, jumps and marks.
    pub(super) browse: Browse,
    /// The pop-up that takes every key while it is open.
    pub(super) modal: Option<Modal>,
    /// Undo, redo, the saved version and what the crash journal holds.
    pub(super) history: History,
    pub(super) status: StatusLine,
    /// Whether the terminal reports the mouse to the app (off: its own selection works).
    pub(super) mouse: bool,
}

impl App {
    /// A new app on `workspace` as of `now`. Time passes first (as the operator), so statuses are
    /// current; what that changed is shown in the status line but is not an unsaved edit.
    pub fn new(workspace: Workspace, source: Source, now: Time, keymap: Keymap) -> App {
        App::recovering(workspace, source, now, keymap, Vec::new())
    }

    /// Moves the app's clock: the shell calls this before each event, so every action carries
    /// the moment it was made (tests keep their fixed time by not calling it). Time passed by
    /// hand stays passed: the clock keeps its lead on the wall clock.
    pub fn set_now(&mut self, now: Time) {
        self.now = now.plus_seconds(self.ahead_seconds);
        self.status.tick(self.now);
        self.browse.lists_mut().follow_clock(&self.ws, self.now);
    }

    /// The event loop's tick, between events: the clock moves (as `set_now`), so a status
    /// message shown long enough fades. Tests pass the time they want.
    pub fn tick(&mut self, now: Time) {
        self.set_now(now);
    }

    pub(super) fn clock(&self) -> Clock {
        Clock {
            now: self.now,
            ahead_seconds: self.ahead_seconds,
        }
    }

    pub(super) fn set_clock(&mut self, clock: Clock) {
        self.now = clock.now;
        self.status.tick(clock.now);
        self.ahead_seconds = clock.ahead_seconds;
        self.browse.lists_mut().follow_clock(&self.ws, clock.now);
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
        let mut app = App {
            ws: workspace,
            source,
            now,
            ahead_seconds: 0,
            actor: Actor::Operator,
            keymap,
            theme: Theme::default(),
            access: Access::default(),
            browse: Browse::default(),
            modal: None,
            history: History::new(journal),
            status: StatusLine::default(),
            mouse: true,
        };
        app.status.tick(now);
        if let Some(status) = pass_time(&mut app.ws, &mut app.history, now) {
            app.status.show(status);
        }
        app.browse.lists_mut().rebuild(&app.ws, now);
        app
    }

    /// Read-only: nothing is changed, journaled or saved (and nothing is pending for the shell).
    pub fn with_read_only(mut self, read_only: bool) -> App {
        self.access.set_read_only(read_only);
        if read_only {
            self.history.stop_journaling();
        }
        self
    }
    /// The session became read-only (the demo's first save found its file locked).
    pub fn set_read_only_reason(&mut self, reason: String) {
        self.access.set_reason(reason);
        self.history.stop_journaling();
    }
    /// Read-only for a reason the status line and disabled keys give (`holder`: who holds the
    /// lock, for the header).
    pub fn with_read_only_reason(mut self, reason: String, holder: Option<String>) -> App {
        self = self.with_read_only(true);
        self.access.set_reason(reason);
        self.access.set_holder(holder);
        self
    }
    /// Starts with mouse capture on or off (the config's `mouse`).
    pub fn with_mouse(mut self, on: bool) -> App {
        self.mouse = on;
        self
    }
    pub fn mouse_captured(&self) -> bool {
        self.mouse
    }
    pub fn with_theme(mut self, theme: Theme) -> App {
        self.theme = theme;
        self
    }
    /// Where saving the embedded demo writes (the user's data directory); without it, saving the
    /// demo asks for a path.
    pub fn with_demo_save_path(mut self, path: Option<PathBuf>) -> App {
        self.access.set_demo_save_path(path);
        self
    }
    /// Adds a message to the status line (a keys.toml problem, load diagnostics).
    pub fn with_notice(mut self, text: String, error: bool) -> App {
        self.status.prepend(text, error);
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
    pub fn source(&self) -> &Source {
        &self.source
    }
    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }
    pub fn theme(&self) -> Theme {
        self.theme
    }
    pub fn read_only(&self) -> bool {
        self.access.read_only()
    }
    /// Why nothing can be changed here.
    pub fn read_only_reason(&self) -> &str {
        self.access.reason()
    }
    /// Who holds the lock when that is why the workspace is read-only.
    pub fn read_only_holder(&self) -> Option<&str> {
        self.access.holder()
    }
    pub fn browse(&self) -> &Browse {
        &self.browse
    }
    pub fn pane(&self) -> Pane {
        self.browse.pane()
    }
    pub fn focus(&self) -> Focus {
        self.browse.focus()
    }
    pub fn list(&self, pane: Pane) -> &ListIndex {
        self.browse.list(pane)
    }
    pub fn selected_id(&self) -> Option<&Id> {
        self.browse.selected_id()
    }
    /// The customers marked for a bulk invite.
    pub fn marked(&self) -> &std::collections::BTreeSet<Id> {
        self.browse.marks()
    }
    pub fn modal(&self) -> Option<&Modal> {
        self.modal.as_ref()
    }
    pub fn has_modal(&self) -> bool {
        self.modal.is_some()
    }
    pub fn status(&self) -> Option<&Status> {
        self.status.get()
    }
    pub fn status_line(&self) -> &StatusLine {
        &self.status
    }
    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }
    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }
    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }
    pub fn version(&self) -> u64 {
        self.history.version()
    }
    /// What the crash journal holds (once the pending effects are performed).
    pub fn journal(&self) -> &[Entry] {
        self.history.journal()
    }
    /// How many actions a reload would drop.
    pub fn unsaved_actions(&self) -> usize {
        self.history.journal().len()
    }
    /// Effects produced outside an event (time passing on open): the shell performs them before
    /// the first frame. `handle_event` returns them too.
    pub fn take_pending(&mut self) -> Vec<Effect> {
        self.history.take_pending()
    }

    /// The detail of the selected record.
    pub fn detail_lines(&self) -> Vec<DetailLine> {
        self.browse.detail_lines(&self.ws, self.now, self.theme)
    }

    /// The record the selected detail line points at, when the detail has the focus.
    pub fn detail_target(&self) -> Option<Target> {
        self.browse.detail_target(&self.ws, self.now, self.theme)
    }

    /// The invitation or relationship a command acts on: the selected row of its pane, or the
    /// selected line of a detail.
    pub fn target_of(&self, pane: Pane) -> Option<Id> {
        self.browse.target_of(pane, &self.ws, self.now, self.theme)
    }

    /// "partner Contoso Partners (partner:p1)" for the header and messages.
    pub fn actor_label(&self, actor: &Actor) -> String {
        match actor {
            Actor::Operator => "operator".into(),
            Actor::Partner(id) => format!("partner {}", partner_name(&self.ws, id)),
            Actor::Customer(id) => format!("customer {}", customer_name(&self.ws, id)),
        }
    }

    // ---- small changes every part makes ----

    pub(super) fn set_status(&mut self, text: impl Into<String>, error: bool) {
        self.status.set(text, error);
    }

    /// Rewrites the message just shown (adding who acts now): one entry in the message log.
    pub(super) fn amend_status(&mut self, text: String, error: bool) {
        self.status.amend(text, error);
    }

    pub(super) fn set_actor(&mut self, actor: Actor) {
        let name = self.actor_label(&actor);
        self.actor = actor;
        self.set_status(format!("acting as {name}"), false);
    }
}
