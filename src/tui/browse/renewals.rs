//! The Relationships pane's renewals: the tiles' counts and the weekly chart (the domain's
//! `Outlook`), kept in step with the workspace as the lists are — counted afresh when the
//! workspace is built or the clock moves by an hour or more, and otherwise moved by the
//! relationships an action changed (one out, one in), so nothing is counted in a frame — and the
//! tile chosen as the pane's filter.

use std::collections::HashSet;

use crate::domain::renewal_outlook::{Outlook, Tile};
use crate::domain::{Id, RecordKind, Time};
use crate::tui::index::ListIndex;
use crate::workspace::Workspace;

/// The clock may move this far before the counts are made again (they are in whole days).
const RECOUNT_AFTER_SECONDS: i64 = 3600;

pub struct Renewals {
    outlook: Outlook,
    tile: Option<Tile>,
    chart: bool,
}

impl Default for Renewals {
    fn default() -> Self {
        Renewals {
            outlook: Outlook::of([], Time::from_seconds(0)),
            tile: None,
            chart: false,
        }
    }
}

impl Renewals {
    pub fn outlook(&self) -> &Outlook {
        &self.outlook
    }

    pub fn tile(&self) -> Option<Tile> {
        self.tile
    }

    pub fn chart(&self) -> bool {
        self.chart
    }

    pub fn toggle_chart(&mut self) -> bool {
        self.chart = !self.chart;
        self.chart
    }

    /// Counted afresh from every relationship.
    pub fn recount(&mut self, ws: &Workspace, now: Time) {
        self.outlook = Outlook::of(ws.relationships(), now);
    }

    /// The counts after `changed` took the workspace from `before` to `ws`.
    pub fn follow(&mut self, before: &Workspace, ws: &Workspace, changed: &[(RecordKind, Id)]) {
        for (kind, id) in changed {
            if *kind != RecordKind::Relationship {
                continue;
            }
            if let Some(r) = before.relationship(id) {
                self.outlook.remove(r);
            }
            if let Some(r) = ws.relationship(id) {
                self.outlook.add(r);
            }
        }
    }

    /// Counted afresh when the clock moved an hour or more from the counts' moment. Returns
    /// whether it was.
    pub fn follow_clock(&mut self, ws: &Workspace, now: Time) -> bool {
        let moved = (now.seconds() - self.outlook.now.seconds()).abs();
        if moved < RECOUNT_AFTER_SECONDS {
            return false;
        }
        self.recount(ws, now);
        true
    }

    /// The next tile as the filter (then none again).
    pub fn next_tile(&mut self) -> Option<Tile> {
        self.tile = match self.tile {
            None => Some(Tile::ALL[0]),
            Some(tile) => Tile::ALL
                .iter()
                .position(|t| *t == tile)
                .and_then(|at| Tile::ALL.get(at + 1))
                .copied(),
        };
        self.tile
    }

    /// A click on `tile`: it becomes the filter, or, when it already is, no tile is.
    pub fn choose_tile(&mut self, tile: Tile) -> Option<Tile> {
        self.tile = (self.tile != Some(tile)).then_some(tile);
        self.tile
    }

    pub fn clear_tile(&mut self) {
        self.tile = None;
    }

    /// Narrows `list` (the Relationships pane's) to the chosen tile's relationships, or widens
    /// it again: one pass over the relationships for their ids, then a look at each row.
    pub fn filter(&self, list: &mut ListIndex, ws: &Workspace) {
        let Some(tile) = self.tile else {
            return list.set_subset(None);
        };
        let now = self.outlook.now;
        let ids: HashSet<&Id, foldhash::fast::RandomState> = ws
            .relationships()
            .filter(|r| tile.holds(r, now))
            .map(|r| &r.id)
            .collect();
        let rows = list.rows_where(|id| ids.contains(id));
        list.set_subset(Some(rows));
    }
}
