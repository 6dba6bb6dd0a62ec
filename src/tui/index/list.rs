//! A table's prepared index as the app uses it: what is shown (every row, or those a filter
//! lets through), the selection, and the visible window. Built only when the workspace changes.
//! Filtering never blocks keys: a keystroke searches until the screen is filled or a few
//! milliseconds pass, and the rest runs in slices between keys (`work`). Typing narrows the last
//! complete result; erasing goes back to the result kept for that prefix.

use std::cell::Cell;
use std::time::{Duration, Instant};

use super::haystacks::{Haystacks, clean};
use super::rows::{Entry, Rows};
use super::search::Search;
use crate::domain::Id;

/// How long a keystroke may search before the screen is drawn (the rest runs between keys).
pub const KEY_SLICE: Duration = Duration::from_millis(8);
/// Rows looked at between two clock reads: about a tenth of a millisecond of scanning. Tests
/// use tiny chunks so that small lists exercise unfinished searches.
#[cfg(not(test))]
const CHUNK: usize = 4096;
#[cfg(test)]
const CHUNK: usize = 7;
/// A narrower result is searched row by row only when it holds at most this share of the rows;
/// a wider one is cheaper to rescan as one stretch of the buffer.
const LISTED_SHARE: usize = 4;
/// Complete results kept for the prefixes of the query, for instant erasing.
const KEPT_LEVELS: usize = 32;
/// A screenful before the first frame tells the real height.
const DEFAULT_HEIGHT: usize = 60;

/// A complete result: the rows (positions, in display order) that match `query` and the tag
/// filter; `None` for every row, which needs no list (an action then costs no pass over it).
struct Level {
    query: String,
    rows: Option<Vec<u32>>,
}

/// What is shown: every row, or the listed positions (ascending).
#[derive(Clone, Copy)]
enum Shown<'a> {
    All(usize),
    Listed(&'a [u32]),
}

impl Shown<'_> {
    fn len(self) -> usize {
        match self {
            Shown::All(n) => n,
            Shown::Listed(rows) => rows.len(),
        }
    }

    fn get(self, i: usize) -> Option<u32> {
        match self {
            Shown::All(n) => (i < n).then_some(i as u32),
            Shown::Listed(rows) => rows.get(i).copied(),
        }
    }

    /// Where position `pos` is shown, if it is.
    fn index_of(self, pos: u32) -> Option<usize> {
        match self {
            Shown::All(n) => ((pos as usize) < n).then_some(pos as usize),
            Shown::Listed(rows) => rows.binary_search(&pos).ok(),
        }
    }
}

#[derive(Default)]
pub struct ListIndex {
    rows: Rows,
    query: String,
    tag_filter: Option<u8>,
    /// Complete results for prefixes of `query`, shortest first; the last one is shown unless a
    /// search is under way.
    levels: Vec<Level>,
    /// The search for `query` while it is unfinished; what it found so far is shown.
    search: Option<Search>,
    selected: usize,
    /// A row that passes the filters and gets selected as soon as the search reaches it.
    pending_select: Option<u32>,
    /// The first visible row; the renderer keeps the selection in view and stores it back.
    offset: Cell<usize>,
    /// The height of the last window drawn: how many rows make a screenful.
    height: Cell<usize>,
}

impl ListIndex {
    /// Replaces the rows, keeping the selected record selected when it still exists.
    pub fn rebuild(&mut self, rows: Rows) {
        let keep = self.wanted_row().map(|p| self.rows.id(p as usize).clone());
        self.rows = rows;
        self.levels.clear();
        self.search = None;
        self.pending_select = keep.and_then(|id| self.rows.find(&id)).map(|p| p as u32);
        self.refilter(None);
    }

    /// Changes a few rows in place (the records an action changed), then filters again; the
    /// selected record stays selected, wherever it moved.
    pub fn edit<R>(&mut self, change: impl FnOnce(&mut Edit<'_>) -> R) -> R {
        let keep = self.wanted_row();
        let mut edit = Edit {
            keep: keep.map(|p| (self.rows.id(p as usize).clone(), Some(p as usize))),
            rows: &mut self.rows,
        };
        let result = change(&mut edit);
        let keep = edit.keep.and_then(|(_, pos)| pos);
        self.levels.clear();
        self.search = None;
        self.pending_select = keep.map(|p| p as u32);
        self.refilter(None);
        result
    }

    /// The rows that pass the filters, or have so far while a search runs.
    fn shown(&self) -> Shown<'_> {
        match (&self.search, self.levels.last()) {
            (Some(search), _) => Shown::Listed(search.found()),
            (
                None,
                Some(Level {
                    rows: Some(rows), ..
                }),
            ) => Shown::Listed(rows),
            (None, Some(Level { rows: None, .. })) => Shown::All(self.total()),
            (None, None) => Shown::Listed(&[]),
        }
    }

    /// Rows shown (found so far, while searching).
    pub fn len(&self) -> usize {
        self.shown().len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn total(&self) -> usize {
        self.rows.len()
    }
    pub fn query(&self) -> &str {
        &self.query
    }
    pub fn tag_filter(&self) -> Option<u8> {
        self.tag_filter
    }

    /// Whether a search is unfinished (`len` is then a lower bound).
    pub fn searching(&self) -> bool {
        self.search.is_some()
    }

    /// Whether an unfinished search can go on now (it is not waiting for the search text).
    pub fn can_work(&self) -> bool {
        self.search.as_ref().is_some_and(|s| s.can_step(&self.rows))
    }

    /// Whether an unfinished search waits for the rows' search text to arrive.
    pub fn waiting_for_text(&self) -> bool {
        self.search
            .as_ref()
            .is_some_and(|s| !s.can_step(&self.rows))
    }

    /// Whether the rows have their search text (a large pane's comes after its order).
    pub fn has_text(&self) -> bool {
        self.rows.has_hay()
    }

    /// For rows as built (nothing moved since), each row's position in the build's record
    /// order: what `attach_text`'s text must be written for.
    pub fn build_order(&self) -> Option<&[u32]> {
        self.rows.build_order()
    }

    /// Gives the rows the search text written for `build_order`; false (and nothing changes)
    /// when the rows moved since. A search waiting for it goes on at the next `work`.
    pub fn attach_text(&mut self, text: Haystacks) -> bool {
        self.rows.attach_hay(text)
    }

    /// How far the unfinished search has got, from 0 to 1.
    pub fn progress(&self) -> Option<f64> {
        self.search.as_ref().map(|s| s.progress(&self.rows))
    }

    /// Whether the visible rows are final: the search is over or has filled the window (and
    /// found the row to keep selected).
    pub fn screen_ready(&self) -> bool {
        self.search.is_none()
            || (self.pending_select.is_none() && self.len() >= self.offset.get() + self.screenful())
    }

    fn screenful(&self) -> usize {
        match self.height.get() {
            0 => DEFAULT_HEIGHT,
            h => h,
        }
    }

    pub fn set_query(&mut self, query: &str) {
        let query = clean(&query.to_lowercase()).into_owned();
        if query == self.query {
            return;
        }
        self.query = query;
        self.refilter(None);
    }

    pub fn set_tag_filter(&mut self, tag: Option<u8>) {
        if tag == self.tag_filter {
            return;
        }
        // From no tag to one, the complete result only loses rows: keep those with the tag.
        let narrowing = (self.tag_filter.is_none() && self.search.is_none())
            .then(|| self.levels.pop())
            .flatten();
        self.tag_filter = tag;
        self.levels.clear();
        self.search = None;
        self.refilter(narrowing.and_then(|level| level.rows));
    }

    /// Recomputes what is shown for the query and tag: from a kept result when one answers
    /// them, else by a search from the narrowest kept result (or from `within`, rows known to
    /// match the query), searched until the screen is filled or the key's time is up.
    fn refilter(&mut self, within: Option<Vec<u32>>) {
        let keep = self.wanted_row();
        self.selected = 0;
        self.offset.set(0);
        self.pending_select = None;
        self.search = None;
        while self
            .levels
            .last()
            .is_some_and(|level| !self.query.starts_with(level.query.as_str()))
        {
            self.levels.pop();
        }
        let kept = self.levels.last().is_some_and(|l| l.query == self.query);
        if let Some(rows) = within {
            self.search = Some(Search::within(&self.query, self.tag_filter, rows, false));
        } else if kept {
            // Erased back to a prefix whose result was kept: shown as it is.
        } else if self.query.is_empty() && self.tag_filter.is_none() {
            // Every row, in order: nothing to search.
            self.levels = vec![Level {
                query: String::new(),
                rows: None,
            }];
        } else {
            let narrow = self.levels.last().and_then(|level| level.rows.as_ref());
            let search = match narrow {
                Some(rows) if rows.len() * LISTED_SHARE <= self.total() => {
                    Search::within(&self.query, self.tag_filter, rows.clone(), true)
                }
                _ => Search::all(&self.query, self.tag_filter),
            };
            self.search = Some(search);
        }
        if let Some(row) = keep {
            self.select_row(row);
        }
        self.work(Instant::now() + KEY_SLICE, true);
    }

    /// Goes on with an unfinished search until it ends or `deadline` passes (at least one
    /// chunk either way); with `screenful`, also stops once the visible rows are final.
    /// Returns whether the search is still unfinished.
    pub fn work(&mut self, deadline: Instant, screenful: bool) -> bool {
        loop {
            if screenful && self.search.is_some() && self.screen_ready() {
                return true;
            }
            let Some(search) = self.search.as_mut() else {
                return false;
            };
            if !search.can_step(&self.rows) {
                // Waiting for the search text: nothing to do until it arrives.
                return true;
            }
            search.step(&self.rows, CHUNK);
            let done = search.is_done(&self.rows);
            if let Some(row) = self.pending_select
                && let Ok(pos) = search.found().binary_search(&row)
            {
                self.selected = pos;
                self.pending_select = None;
            }
            if done && let Some(search) = self.search.take() {
                let query = search.query().to_string();
                self.levels.push(Level {
                    query,
                    rows: Some(search.into_found()),
                });
                if self.levels.len() > KEPT_LEVELS {
                    self.levels.remove(0);
                }
                self.pending_select = None;
                return false;
            }
            if Instant::now() >= deadline {
                return true;
            }
        }
    }

    /// Runs the unfinished search to its end (tests and tools; the app works in slices). A
    /// search waiting for the search text stays unfinished.
    pub fn finish(&mut self) {
        while self.can_work() && self.work(Instant::now() + Duration::from_secs(3600), false) {}
    }

    pub fn selected(&self) -> usize {
        self.selected
    }

    fn selected_row(&self) -> Option<u32> {
        self.shown().get(self.selected)
    }

    /// The row to keep selected through a change: the one a search is on its way to, if any.
    fn wanted_row(&self) -> Option<u32> {
        self.pending_select.or_else(|| self.selected_row())
    }

    pub fn selected_id(&self) -> Option<&Id> {
        self.selected_row().map(|p| self.rows.id(p as usize))
    }

    /// Selects the record when a filter does not hide it; returns whether it did. While a
    /// search runs, a record it has not reached yet is selected when it gets there.
    pub fn select_id(&mut self, id: &Id) -> bool {
        match self.rows.find(id) {
            Some(pos) => self.select_row(pos as u32),
            None => false,
        }
    }

    fn select_row(&mut self, row: u32) -> bool {
        self.pending_select = None;
        if let Some(pos) = self.shown().index_of(row) {
            self.selected = pos;
            return true;
        }
        let later = self
            .search
            .as_ref()
            .is_some_and(|s| s.passes(&self.rows, row as usize));
        if later {
            self.pending_select = Some(row);
        }
        later
    }

    pub fn select(&mut self, row: usize) {
        self.pending_select = None;
        self.selected = row.min(self.len().saturating_sub(1));
    }

    pub fn move_by(&mut self, delta: isize) {
        self.pending_select = None;
        let last = self.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last.max(0)) as usize;
    }

    pub fn offset(&self) -> usize {
        self.offset.get()
    }

    pub fn scroll_by(&self, delta: isize) {
        let last = self.len().saturating_sub(1) as isize;
        self.offset
            .set((self.offset.get() as isize + delta).clamp(0, last.max(0)) as usize);
    }

    /// The rows a window of `height` shows: the offset is moved just enough to keep the
    /// selection in view, stored for the next frame, and only those ids are returned.
    pub fn window(&self, height: usize) -> (usize, Vec<&Id>) {
        self.height.set(height);
        let shown = self.shown();
        let mut offset = self
            .offset
            .get()
            .min(shown.len().saturating_sub(height.max(1)));
        if height > 0 {
            if self.selected < offset {
                offset = self.selected;
            } else if self.selected >= offset + height {
                offset = self.selected + 1 - height;
            }
        }
        self.offset.set(offset);
        let end = (offset + height).min(shown.len());
        let ids = (offset.min(end)..end)
            .filter_map(|i| shown.get(i))
            .map(|p| self.rows.id(p as usize))
            .collect();
        (offset, ids)
    }
}

/// Changes to an index's rows, for `ListIndex::edit`. Rows are sorted, so each change finds its
/// place by binary search with `less`: whether a row's record sorts before the changed one.
pub struct Edit<'a> {
    rows: &'a mut Rows,
    /// The selected record and its position, followed through the changes.
    keep: Option<(Id, Option<usize>)>,
}

impl Edit<'_> {
    /// Removes the row of `id`; false when there is none.
    pub fn remove(&mut self, id: &Id, less: impl FnMut(&Id) -> bool) -> bool {
        let pos = self.rows.lower_bound(less);
        let pos = if pos < self.rows.len() && self.rows.id(pos) == id {
            pos
        } else {
            // Not where its order says: look everywhere rather than leave a stale row.
            match self.rows.find(id) {
                Some(pos) => pos,
                None => return false,
            }
        };
        self.rows.remove(pos);
        // The kept record moves up one, or (its own row removed) waits for its new row.
        if let Some((_, kept)) = &mut self.keep {
            match *kept {
                Some(k) if pos < k => *kept = Some(k - 1),
                Some(k) if pos == k => *kept = None,
                _ => {}
            }
        }
        true
    }

    /// Inserts `entry` where it sorts.
    pub fn insert(&mut self, entry: Entry, less: impl FnMut(&Id) -> bool) {
        let pos = self.rows.lower_bound(less);
        if let Some((id, kept)) = &mut self.keep {
            if *id == entry.id {
                *kept = Some(pos);
            } else if let Some(kept) = kept
                && pos <= *kept
            {
                *kept += 1;
            }
        }
        self.rows.insert(pos, entry);
    }
}

#[cfg(test)]
mod tests;
