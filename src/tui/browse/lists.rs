//! The five panes' lists, kept in step with the workspace. Opening or reloading builds them; an
//! action, undo or redo moves only the rows of the records it changed (found by binary search
//! in the sorted rows), so acting on a million customers costs what the action touched.

use std::time::Instant;

use super::renewals::Renewals;
use crate::domain::{Event, Id, RecordKind, Time};
use crate::tui::index::{ListIndex, Rows};
use crate::tui::panes::{Pane, history};
use crate::workspace::Workspace;

/// Workspaces with at least this many customers and relationships build their panes' indexes
/// on several threads; smaller ones are quicker built than threads are started.
const PARALLEL_FROM: usize = 50_000;

/// The records a step changed, once each: what its indexes must move.
pub fn changed_records(events: &[Event]) -> Vec<(RecordKind, Id)> {
    let mut seen = std::collections::HashSet::new();
    events
        .iter()
        .filter(|e| seen.insert((e.kind as u8, &e.id)))
        .map(|e| (e.kind, e.id.clone()))
        .collect()
}

/// One list per pane, in `Pane::ALL` order, and the Relationships pane's renewals.
#[derive(Default)]
pub struct Lists([ListIndex; 5], Renewals);

impl Lists {
    pub fn get(&self, pane: Pane) -> &ListIndex {
        &self.0[pane.number()]
    }

    pub fn get_mut(&mut self, pane: Pane) -> &mut ListIndex {
        &mut self.0[pane.number()]
    }

    pub fn renewals(&self) -> &Renewals {
        &self.1
    }

    /// The chosen renewal tile's filter on the Relationships pane, set again (its rows moved).
    fn refilter_tile(&mut self, ws: &Workspace) {
        if self.1.tile().is_some() {
            let Lists(lists, renewals) = self;
            renewals.filter(&mut lists[Pane::Relationships.number()], ws);
        }
    }

    /// `w`: the next renewal tile as the Relationships pane's filter (then none). Returns it.
    pub fn next_tile(&mut self, ws: &Workspace) -> Option<crate::domain::renewal_outlook::Tile> {
        let tile = self.1.next_tile();
        let Lists(lists, renewals) = self;
        renewals.filter(&mut lists[Pane::Relationships.number()], ws);
        tile
    }

    /// Esc: no tile filter.
    pub fn clear_tile(&mut self) {
        self.1.clear_tile();
        self.get_mut(Pane::Relationships).set_subset(None);
    }

    /// `W`: the weekly chart shown or not. Returns whether it is.
    pub fn toggle_chart(&mut self) -> bool {
        self.1.toggle_chart()
    }

    /// The clock moved to `now`: the renewals are counted again when it moved an hour or more.
    pub fn follow_clock(&mut self, ws: &Workspace, now: Time) {
        if self.1.follow_clock(ws, now) {
            self.refilter_tile(ws);
        }
    }

    /// Whether a filter search is unfinished in any pane.
    pub fn searching(&self) -> bool {
        self.0.iter().any(ListIndex::searching)
    }

    /// Goes on with unfinished filter searches until `deadline`, `first` pane first.
    pub fn work(&mut self, first: Pane, deadline: Instant) {
        self.get_mut(first).work(deadline, false);
        for list in &mut self.0 {
            list.work(deadline, false);
        }
    }

    /// After the workspace went from `before` to `ws` by changing `changed`.
    pub fn refresh(&mut self, before: &Workspace, ws: &Workspace, changed: &[(RecordKind, Id)]) {
        // Partner and customer names show in other panes' rows; the app's actions never edit
        // them, so when they do change (an import), everything is rebuilt.
        let names = changed
            .iter()
            .any(|(kind, _)| matches!(kind, RecordKind::Partner | RecordKind::Customer));
        if names {
            let now = self.1.outlook().now;
            return self.rebuild(ws, now);
        }
        self.1.follow(before, ws, changed);
        for pane in [Pane::Invitations, Pane::Relationships] {
            let ids: Vec<&Id> = changed
                .iter()
                .filter(|(kind, _)| Some(*kind) == pane.record_kind())
                .map(|(_, id)| id)
                .collect();
            // Many at once (time passing over a large workspace): one build is cheaper.
            if ids.len() > 64 + self.get(pane).total() / 16 {
                self.rebuild_one(pane, ws);
            } else if !ids.is_empty() {
                self.get_mut(pane).edit(|edit| {
                    for &id in &ids {
                        if let Some(key) = pane.sort_key(before, id) {
                            edit.remove(id, |row| {
                                pane.sort_key(before, row).is_some_and(|k| k < key)
                            });
                        }
                    }
                    for &id in &ids {
                        if let (Some(entry), Some(key)) =
                            (pane.entry(ws, id), pane.sort_key(ws, id))
                        {
                            edit.insert(entry, |row| {
                                pane.sort_key(ws, row).is_some_and(|k| k < key)
                            });
                        }
                    }
                });
            }
        }
        self.refresh_history(before, ws);
        // A change the events did not name would leave a count wrong: rebuild rather than
        // show stale rows.
        let counts = ws.counts();
        for (pane, count) in [
            (Pane::Customers, counts.customers),
            (Pane::Partners, counts.partners),
            (Pane::Invitations, counts.invitations),
            (Pane::Relationships, counts.relationships),
            (Pane::History, counts.audit),
        ] {
            if self.get(pane).total() != count {
                self.rebuild_one(pane, ws);
            }
        }
        if changed
            .iter()
            .any(|(kind, _)| *kind == RecordKind::Relationship)
        {
            self.refilter_tile(ws);
        }
    }

    /// The trail only grows at its end (an action) or shrinks there (undo): the rows of the
    /// entries added or taken back move, at the top; any other change is a rebuild.
    fn refresh_history(&mut self, before: &Workspace, ws: &Workspace) {
        let pane = Pane::History;
        let (old, new) = (before.audit().len(), ws.audit().len());
        let common = old.min(new);
        let same_prefix = common == 0
            || before.audit_entry(common - 1).map(|e| e.seq)
                == ws.audit_entry(common - 1).map(|e| e.seq);
        if !same_prefix || old.abs_diff(new) > 64 + self.get(pane).total() / 16 {
            return self.rebuild_one(pane, ws);
        }
        if old == new {
            return;
        }
        let position = |row: &Id| history::index_of(row).unwrap_or(0);
        // On the newest entry, the selection follows the top as entries arrive, as a log's tail.
        let on_top = self.get(pane).selected() == 0;
        self.get_mut(pane).edit(|edit| {
            for index in new..old {
                // Rows before it (newer) have larger positions.
                edit.remove(&history::row_id(index), |row| position(row) > index);
            }
            for index in old..new {
                if let Some(entry) = pane.entry(ws, &history::row_id(index)) {
                    edit.insert(entry, |row| position(row) > index);
                }
            }
        });
        if on_top {
            self.get_mut(pane).select(0);
        }
    }

    /// Every pane built afresh from `ws` (opening, reloading), the renewals counted as of `now`.
    pub fn rebuild(&mut self, ws: &Workspace, now: Time) {
        self.1.recount(ws, now);
        self.rebuild_panes(ws);
        self.refilter_tile(ws);
    }

    fn rebuild_panes(&mut self, ws: &Workspace) {
        let counts = ws.counts();
        if counts.customers + counts.relationships < PARALLEL_FROM {
            return Pane::ALL
                .into_iter()
                .for_each(|pane| self.rebuild_one(pane, ws));
        }
        // Large: the panes are built side by side (the customers' and the relationships' are
        // the big ones), each from the same shared workspace.
        let built: Vec<Rows> = std::thread::scope(|scope| {
            let builders: Vec<_> = Pane::ALL
                .map(|pane| scope.spawn(move || pane.entries(ws)))
                .into_iter()
                .collect();
            builders
                .into_iter()
                .map(|b| {
                    b.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        });
        for (pane, rows) in Pane::ALL.into_iter().zip(built) {
            self.get_mut(pane).rebuild(rows);
        }
    }

    fn rebuild_one(&mut self, pane: Pane, ws: &Workspace) {
        self.get_mut(pane).rebuild(pane.entries(ws));
    }
}
