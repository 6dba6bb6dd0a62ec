//! `Browse`, the main screen's state, and how keys move about in it: switching panes, moving the
//! selection or the detail's link, Enter into the detail and along its links (remembering where
//! each jump came from), Esc back out, typing a filter, cycling the status filter and marking
//! customers. What needs the records (a detail's links) is given the workspace, clock and theme.

use std::cell::RefCell;
use std::collections::BTreeSet;

use crossterm::event::{KeyCode, KeyEvent};

use crate::tui::widgets::text_input::{Edit, TextInput};

use super::detail_view::{DetailLayout, DetailView};
use super::focus::Focus;
use super::layout::ScreenLayout;
use super::lists::Lists;
use crate::domain::{Id, Time};
use crate::tui::commands::Cmd;
use crate::tui::index::ListIndex;
use crate::tui::panes::{DetailLine, Pane, Target, history};
use crate::tui::theme::Theme;
use crate::workspace::Workspace;

/// Where a jump came from, for Esc to return to.
struct Place {
    pane: Pane,
    id: Option<Id>,
    focus: Focus,
    view: DetailView,
}

/// A move of the selection (the table's) or of the detail's window and link (the detail's).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Go {
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
}

pub struct Browse {
    lists: Lists,
    pane: Pane,
    focus: Focus,
    /// The detail's window (first row, selected link) and the record it was scrolled on: another
    /// record's detail starts at its top.
    detail_view: DetailView,
    detail_of: Option<(Pane, Id)>,
    /// Keys type into the shown pane's filter (after `/`, until Enter or Esc).
    filter_editing: bool,
    /// The filter being typed, with its cursor; the shown pane's query follows it.
    filter_input: TextInput,
    back: Vec<Place>,
    /// Customers marked with Space, for a bulk invite.
    marks: BTreeSet<Id>,
    layout: RefCell<ScreenLayout>,
}

impl Default for Browse {
    fn default() -> Self {
        Browse {
            lists: Lists::default(),
            pane: Pane::Customers,
            focus: Focus::Table,
            detail_view: DetailView::default(),
            detail_of: None,
            filter_editing: false,
            filter_input: TextInput::default(),
            back: Vec::new(),
            marks: BTreeSet::new(),
            layout: RefCell::new(ScreenLayout::default()),
        }
    }
}

impl Browse {
    // ---- what is shown ----

    pub fn lists(&self) -> &Lists {
        &self.lists
    }
    pub fn lists_mut(&mut self) -> &mut Lists {
        &mut self.lists
    }
    pub fn list(&self, pane: Pane) -> &ListIndex {
        self.lists.get(pane)
    }
    pub fn pane(&self) -> Pane {
        self.pane
    }
    pub fn focus(&self) -> Focus {
        self.focus
    }
    /// The selected link of the detail (by its number among the links), when the detail has
    /// the focus and a link is in view.
    pub fn detail_link(&self) -> Option<usize> {
        (self.focus == Focus::Detail)
            .then(|| self.detail_view().link)
            .flatten()
    }
    /// The detail's window: where it was scrolled, when it is still the same record's.
    pub fn detail_view(&self) -> DetailView {
        let same = self
            .detail_of
            .as_ref()
            .is_some_and(|(pane, id)| *pane == self.pane && Some(id) == self.selected_id());
        if same {
            self.detail_view
        } else {
            DetailView::default()
        }
    }
    fn set_detail_view(&mut self, view: DetailView) {
        self.detail_view = view;
        self.detail_of = self.selected_id().map(|id| (self.pane, id.clone()));
    }
    pub fn filter_editing(&self) -> bool {
        self.filter_editing
    }
    pub fn marks(&self) -> &BTreeSet<Id> {
        &self.marks
    }
    pub fn selected_id(&self) -> Option<&Id> {
        self.list(self.pane).selected_id()
    }

    /// Where the last frame put things: the renderer writes it, clicks and paging read it.
    pub fn layout(&self) -> &RefCell<ScreenLayout> {
        &self.layout
    }

    /// How many rows a page key moves: the table's height when last drawn.
    pub fn page(&self) -> isize {
        self.layout.borrow().table_rows.height.max(1) as isize
    }

    /// The detail of the selected record.
    pub fn detail_lines(&self, ws: &Workspace, now: Time, theme: Theme) -> Vec<DetailLine> {
        match self.selected_id() {
            Some(id) => self.pane.detail(ws, now, id, theme),
            None => Vec::new(),
        }
    }

    /// The detail laid out as last drawn (its width), and the window's height; before the first
    /// frame, one row a line and a window as tall as the detail.
    pub fn detail_layout(&self, ws: &Workspace, now: Time, theme: Theme) -> (DetailLayout, usize) {
        let area = self.layout.borrow().detail;
        let layout = DetailLayout::new(&self.detail_lines(ws, now, theme), area.width);
        let height = if area.height == 0 {
            layout.rows().max(1)
        } else {
            usize::from(area.height)
        };
        (layout, height)
    }

    /// The record the selected detail line points at, when the detail has the focus.
    pub fn detail_target(&self, ws: &Workspace, now: Time, theme: Theme) -> Option<Target> {
        let link = self.detail_link()?;
        self.detail_lines(ws, now, theme)
            .into_iter()
            .filter_map(|l| l.target)
            .nth(link)
    }

    /// The record of `pane` a command acts on: the selected row of that pane, or the selected
    /// line of a detail.
    pub fn target_of(&self, pane: Pane, ws: &Workspace, now: Time, theme: Theme) -> Option<Id> {
        if let Some(target) = self.detail_target(ws, now, theme) {
            return (target.pane() == pane).then(|| target.id().clone());
        }
        (self.pane == pane)
            .then(|| self.selected_id().cloned())
            .flatten()
    }

    // ---- moving about ----

    pub fn focus_table(&mut self) {
        self.focus = Focus::Table;
    }

    /// The detail gets the focus, on its `link`-th link (one in view: a click).
    pub fn focus_link(&mut self, link: usize) {
        self.focus = Focus::Detail;
        let top = self.detail_view().top;
        self.set_detail_view(DetailView {
            top,
            link: Some(link),
        });
    }

    pub fn show_pane(&mut self, pane: Pane) {
        if pane != self.pane {
            self.pane = pane;
            self.focus = Focus::Table;
        }
    }

    /// Moves the table's selection by `delta` rows, or, with the focus in the detail, the
    /// detail's window and link (rows, a page, its top or bottom).
    pub fn go(&mut self, go: Go, ws: &Workspace, now: Time, theme: Theme) {
        if self.focus == Focus::Detail {
            let (layout, height) = self.detail_layout(ws, now, theme);
            let view = self.detail_view();
            let page = height.saturating_sub(1).max(1) as isize;
            let view = match go {
                Go::Down => layout.down(view, height),
                Go::Up => layout.up(view, height),
                Go::PageDown => layout.scroll(view, page, height),
                Go::PageUp => layout.scroll(view, -page, height),
                Go::Top => layout.top(height),
                Go::Bottom => layout.bottom(height),
            };
            self.set_detail_view(view);
            return;
        }
        let page = self.page();
        let list = self.lists.get_mut(self.pane);
        match go {
            Go::Down => list.move_by(1),
            Go::Up => list.move_by(-1),
            Go::PageDown => list.move_by(page),
            Go::PageUp => list.move_by(-page),
            Go::Top => list.move_by(isize::MIN / 2),
            Go::Bottom => list.move_by(isize::MAX / 2),
        }
    }

    /// The wheel over the detail: its window scrolls by `delta` rows, whichever half has the
    /// focus (a selected link leaving the window gives way to one in it).
    pub fn scroll_detail(&mut self, delta: isize, ws: &Workspace, now: Time, theme: Theme) {
        let (layout, height) = self.detail_layout(ws, now, theme);
        let view = layout.scroll(self.detail_view(), delta, height);
        self.set_detail_view(view);
    }

    /// Enter: into the detail's links, or along the selected one. A note for the status line
    /// when there is nowhere to go.
    pub fn open(&mut self, ws: &Workspace, now: Time, theme: Theme) -> Option<&'static str> {
        // An audit entry is read in its row: Enter goes straight to the record it concerns.
        if self.pane == Pane::History && self.focus == Focus::Table {
            let target = history::jump_target(ws, self.selected_id()?);
            return match target {
                Some(target) => {
                    self.jump_to(&target);
                    None
                }
                None => Some("this entry names no record that is still in the workspace"),
            };
        }
        match self.focus {
            Focus::Table => {
                // Into the detail when it has links to choose or more rows than its window.
                let (layout, height) = self.detail_layout(ws, now, theme);
                if layout.links() == 0 && layout.rows() <= height {
                    return Some("this record references no other record");
                }
                self.enter_detail(ws, now, theme);
            }
            Focus::Detail => match self.detail_target(ws, now, theme) {
                // An assignment has no pane of its own: it is already shown where it lives.
                Some(Target::Assignment { .. }) => {
                    return Some("an access assignment of this relationship: - removes it");
                }
                Some(target) => self.jump_to(&target),
                None => {}
            },
        }
        None
    }

    /// `l`: the focus into the detail, on the first link in its window, to scroll it.
    pub fn enter_detail(
        &mut self,
        ws: &Workspace,
        now: Time,
        theme: Theme,
    ) -> Option<&'static str> {
        self.selected_id()?;
        let (layout, height) = self.detail_layout(ws, now, theme);
        self.focus = Focus::Detail;
        let view = layout.enter(self.detail_view().top, height);
        self.set_detail_view(view);
        (layout.links() == 0 && layout.rows() <= height)
            .then_some("the whole detail is in view; esc goes back to the table")
    }

    /// Esc: out of the detail, back from a jump, else clears the filter, else the marks. A note
    /// for the status line when it cleared something.
    pub fn back(&mut self) -> Option<&'static str> {
        // A record's history (`H`) is a filter: Esc clears it before going back from a jump.
        let history_filtered =
            self.pane == Pane::History && !self.list(Pane::History).query().is_empty();
        if self.focus == Focus::Detail {
            self.focus = Focus::Table;
        } else if !history_filtered && self.go_back() {
        } else if !self.list(self.pane).query().is_empty()
            || self.list(self.pane).tag_filter().is_some()
            || self.list(self.pane).has_subset()
        {
            if self.pane == Pane::Relationships {
                self.lists.clear_tile();
            }
            let list = self.lists.get_mut(self.pane);
            list.set_query("");
            list.set_tag_filter(None);
            return Some("filter cleared");
        } else if !self.marks.is_empty() {
            self.marks.clear();
            return Some("marks cleared");
        }
        None
    }

    /// Shows `target` in its pane (clearing a filter that hides it), remembering where we were.
    pub fn jump_to(&mut self, target: &Target) {
        self.back.push(Place {
            pane: self.pane,
            id: self.selected_id().cloned(),
            focus: self.focus,
            view: self.detail_view(),
        });
        self.select_record(target.pane(), target.id());
    }

    /// Shows the record `id` selected in `pane`, clearing a filter that hides it.
    pub fn select_record(&mut self, pane: Pane, id: &Id) {
        self.pane = pane;
        self.focus = Focus::Table;
        self.filter_editing = false;
        if !self.lists.get_mut(pane).select_id(id) {
            if pane == Pane::Relationships {
                self.lists.clear_tile();
            }
            let list = self.lists.get_mut(pane);
            list.set_query("");
            list.set_tag_filter(None);
            list.select_id(id);
        }
    }

    fn go_back(&mut self) -> bool {
        let Some(place) = self.back.pop() else {
            return false;
        };
        self.pane = place.pane;
        if let Some(id) = place.id {
            self.lists.get_mut(place.pane).select_id(&id);
        }
        self.focus = place.focus;
        self.set_detail_view(place.view);
        true
    }

    /// `H`: the History pane, filtered to the entries that name the record `id`.
    pub fn show_history_of(&mut self, id: &Id) {
        self.show_pane(Pane::History);
        self.focus = Focus::Table;
        self.filter_editing = false;
        let list = self.lists.get_mut(Pane::History);
        list.set_tag_filter(None);
        list.set_query(id.as_str());
    }

    /// Forgets the jumps (a new record was selected for the user).
    pub fn clear_back(&mut self) {
        self.back.clear();
    }

    // ---- filters ----

    /// `/`: keys type into the shown pane's filter.
    pub fn start_filter(&mut self) {
        self.focus = Focus::Table;
        self.filter_editing = true;
        self.filter_input = TextInput::new(self.list(self.pane).query());
    }

    /// The filter being typed (its text and cursor), for the pane's title.
    pub fn filter_input(&self) -> &TextInput {
        &self.filter_input
    }

    /// A key while typing a filter. The arrows and page keys still move the selection: they come
    /// back as the command to run.
    pub fn filter_key(&mut self, key: KeyEvent) -> Option<Cmd> {
        let list = self.lists.get_mut(self.pane);
        match key.code {
            KeyCode::Esc => {
                self.filter_editing = false;
                list.set_query("");
                return None;
            }
            KeyCode::Enter => {
                self.filter_editing = false;
                return None;
            }
            KeyCode::Down => return Some(Cmd::Down),
            KeyCode::Up => return Some(Cmd::Up),
            KeyCode::PageDown => return Some(Cmd::PageDown),
            KeyCode::PageUp => return Some(Cmd::PageUp),
            _ => {
                if self.filter_input.handle_key(&key) == Edit::Changed {
                    list.set_query(self.filter_input.value());
                }
            }
        }
        None
    }

    /// Text pasted while typing a filter: one search for the whole text, not one per character.
    pub fn paste_into_filter(&mut self, text: &str) {
        if self.filter_input.paste(text) {
            let query = self.filter_input.value().to_string();
            self.lists.get_mut(self.pane).set_query(&query);
        }
    }

    /// `f`: the shown pane's next status filter (then all again). Says what is shown.
    pub fn cycle_status_filter(&mut self) -> String {
        let pane = self.pane;
        let labels = pane.status_labels();
        let list = self.lists.get_mut(pane);
        let next = match list.tag_filter() {
            None => Some(0),
            Some(t) if (t as usize) + 1 < labels.len() => Some(t + 1),
            Some(_) => None,
        };
        list.set_tag_filter(next);
        let label = next.map_or("all", |t| labels[t as usize]);
        format!("{}: showing {label}", pane.title())
    }

    /// `w`: the next renewal tile as the Relationships pane's filter (then all again). Says
    /// what is shown.
    pub fn cycle_tile(&mut self, ws: &Workspace) -> String {
        self.show_pane(Pane::Relationships);
        match self.lists.next_tile(ws) {
            Some(tile) => format!(
                "Relationships: showing {} ({})",
                tile.label(),
                self.lists.renewals().outlook().tile(tile)
            ),
            None => "Relationships: showing all".to_string(),
        }
    }

    // ---- marks ----

    /// Space in the Customers pane: marks or unmarks the selected customer, then moves down.
    /// Says how many are marked.
    pub fn toggle_mark(&mut self) -> Option<String> {
        let id = self.selected_id()?.clone();
        if !self.marks.remove(&id) {
            self.marks.insert(id);
        }
        self.lists.get_mut(Pane::Customers).move_by(1);
        let n = self.marks.len();
        Some(format!(
            "{n} marked · i invites every marked customer · esc clears the marks"
        ))
    }

    pub fn clear_marks(&mut self) {
        self.marks.clear();
    }
}
