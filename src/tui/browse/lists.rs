//! The five panes' lists, kept in step with the workspace. Opening or reloading builds them; an
//! action, undo or redo moves only the rows of the records it changed (found by binary search
//! in the sorted rows), so acting on a million customers costs what the action touched.
//! A large workspace's panes are ordered first (positions sorted by small keys, side by side)
//! and browsable at once; their search text follows on threads (`TextJob`), and a text filter
//! typed before it arrives says "searching…" until it can answer.

use std::time::Instant;

use super::renewals::Renewals;
use super::text_job::TextJob;
use crate::domain::{Event, Id, RecordKind, Time};
use crate::tui::index::{ListIndex, Rows};
use crate::tui::panes::{Pane, history};
use crate::workspace::Workspace;

/// Workspaces with at least this many customers and relationships build their panes' indexes
/// on several threads, the search text after the order; smaller ones are quicker built than
/// threads are started.
const PARALLEL_FROM: usize = 50_000;

/// The records a step changed, once each: what its indexes must move.
pub fn changed_records(events: &[Event]) -> Vec<(RecordKind, Id)> {
    // An import's events name hundreds of thousands of records: a fast hash, room made once.
    let mut seen = std::collections::HashSet::with_capacity_and_hasher(
        events.len(),
        foldhash::fast::RandomState::default(),
    );
    events
        .iter()
        .filter(|e| seen.insert((e.kind as u8, &e.id)))
        .map(|e| (e.kind, e.id.clone()))
        .collect()
}

/// One list per pane, in `Pane::ALL` order, the search text each may be waiting for, and the
/// Relationships pane's renewals.
#[derive(Default)]
pub struct Lists {
    lists: [ListIndex; 5],
    text_jobs: [Option<TextJob>; 5],
    renewals: Renewals,
}

impl Lists {
    pub fn get(&self, pane: Pane) -> &ListIndex {
        &self.lists[pane.number()]
    }

    pub fn get_mut(&mut self, pane: Pane) -> &mut ListIndex {
        &mut self.lists[pane.number()]
    }

    pub fn renewals(&self) -> &Renewals {
        &self.renewals
    }

    /// The chosen renewal tile's filter on the Relationships pane, set again (its rows moved).
    fn refilter_tile(&mut self, ws: &Workspace) {
        if self.renewals.tile().is_some() {
            self.renewals
                .filter(&mut self.lists[Pane::Relationships.number()], ws);
        }
    }

    /// `w`: the next renewal tile as the Relationships pane's filter (then none). Returns it.
    pub fn next_tile(&mut self, ws: &Workspace) -> Option<crate::domain::renewal_outlook::Tile> {
        let tile = self.renewals.next_tile();
        self.renewals
            .filter(&mut self.lists[Pane::Relationships.number()], ws);
        tile
    }

    /// A click on a tile: it as the Relationships pane's filter, or none when it was already.
    pub fn choose_tile(
        &mut self,
        ws: &Workspace,
        tile: crate::domain::renewal_outlook::Tile,
    ) -> Option<crate::domain::renewal_outlook::Tile> {
        let chosen = self.renewals.choose_tile(tile);
        self.renewals
            .filter(&mut self.lists[Pane::Relationships.number()], ws);
        chosen
    }

    /// Esc: no tile filter.
    pub fn clear_tile(&mut self) {
        self.renewals.clear_tile();
        self.get_mut(Pane::Relationships).set_subset(None);
    }

    /// `W`: the weekly chart shown or not. Returns whether it is.
    pub fn toggle_chart(&mut self) -> bool {
        self.renewals.toggle_chart()
    }

    /// The clock moved to `now`: the renewals are counted again when it moved an hour or more.
    pub fn follow_clock(&mut self, ws: &Workspace, now: Time) {
        if self.renewals.follow_clock(ws, now) {
            self.refilter_tile(ws);
        }
    }

    /// Whether a filter search is unfinished in any pane.
    pub fn searching(&self) -> bool {
        self.lists.iter().any(ListIndex::searching)
    }

    /// Whether an unfinished filter search can go on now (not waiting for search text).
    pub fn can_work(&self) -> bool {
        self.lists.iter().any(ListIndex::can_work)
    }

    /// Whether some pane's search text is still being written.
    pub fn preparing(&self) -> bool {
        self.text_jobs.iter().any(Option::is_some)
    }

    /// Takes the search text of the panes whose text has been written, then goes on with
    /// unfinished filter searches until `deadline`, `first` pane first.
    pub fn work(&mut self, first: Pane, deadline: Instant) {
        self.take_text(false);
        self.get_mut(first).work(deadline, false);
        for list in &mut self.lists {
            list.work(deadline, false);
        }
    }

    /// Waits for every pane's search text (tests and tools; the app takes it as it comes).
    pub fn finish_text(&mut self) {
        self.take_text(true);
    }

    fn take_text(&mut self, wait: bool) {
        for pane in Pane::ALL {
            let slot = &mut self.text_jobs[pane.number()];
            if !slot.as_ref().is_some_and(|job| wait || job.is_finished()) {
                continue;
            }
            // A thread that panicked leaves the pane without text: its text filter then keeps
            // saying "searching…" rather than give a wrong answer.
            let job = slot.take();
            let list = &mut self.lists[pane.number()];
            if let Some(text) = job.and_then(TextJob::wait) {
                list.attach_text(text);
            }
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
            let now = self.renewals.outlook().now;
            return self.rebuild(ws, now);
        }
        self.renewals.follow(before, ws, changed);
        for pane in [Pane::Invitations, Pane::Relationships] {
            let ids: Vec<&Id> = changed
                .iter()
                .filter(|(kind, _)| Some(*kind) == pane.record_kind())
                .map(|(_, id)| id)
                .collect();
            // Many at once (time passing over a large workspace): one build is cheaper. Rows
            // still waiting for their search text are rebuilt too: the text coming is written
            // for the rows as they were.
            let waiting = !self.get(pane).has_text();
            if ids.len() > 64 + self.get(pane).total() / 16 || (waiting && !ids.is_empty()) {
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
        if old == new {
            return;
        }
        let waiting = !self.get(pane).has_text();
        if !same_prefix || waiting || old.abs_diff(new) > 64 + self.get(pane).total() / 16 {
            return self.rebuild_one(pane, ws);
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
        self.renewals.recount(ws, now);
        self.rebuild_panes(ws);
        self.refilter_tile(ws);
    }

    fn rebuild_panes(&mut self, ws: &Workspace) {
        let counts = ws.counts();
        self.rebuild_with(ws, counts.customers + counts.relationships >= PARALLEL_FROM);
    }

    /// Every pane built afresh; with `large`, ordered side by side and browsable at once, the
    /// search text written afterwards on threads.
    pub fn rebuild_with(&mut self, ws: &Workspace, large: bool) {
        if !large {
            return Pane::ALL
                .into_iter()
                .for_each(|pane| self.rebuild_one_with(pane, ws, false));
        }
        let ordered: Vec<Rows> = std::thread::scope(|scope| {
            let builders: Vec<_> = Pane::ALL
                .map(|pane| scope.spawn(move || pane.ordered(ws)))
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
        for (pane, rows) in Pane::ALL.into_iter().zip(ordered) {
            self.install(pane, ws, rows);
        }
    }

    fn rebuild_one(&mut self, pane: Pane, ws: &Workspace) {
        let large =
            self.text_jobs[pane.number()].is_some() || self.get(pane).total() >= PARALLEL_FROM;
        self.rebuild_one_with(pane, ws, large);
    }

    fn rebuild_one_with(&mut self, pane: Pane, ws: &Workspace, large: bool) {
        if large {
            self.install(pane, ws, pane.ordered(ws));
        } else {
            self.text_jobs[pane.number()] = None;
            self.get_mut(pane).rebuild(pane.entries(ws));
        }
    }

    /// Shows ordered `rows` (without text) at once and starts writing their search text.
    fn install(&mut self, pane: Pane, ws: &Workspace, rows: Rows) {
        let order = rows.build_order().map(<[u32]>::to_vec).unwrap_or_default();
        // The previous job (rows now replaced) stops as it is dropped.
        self.text_jobs[pane.number()] = None;
        self.get_mut(pane).rebuild(rows);
        match TextJob::start(pane, ws, order) {
            Some(job) => self.text_jobs[pane.number()] = Some(job),
            None => {
                if let Some(text) = self.get(pane).build_order().and_then(|order| {
                    pane.search_text(ws, order, &std::sync::atomic::AtomicBool::new(false))
                }) {
                    self.get_mut(pane).attach_text(text);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
