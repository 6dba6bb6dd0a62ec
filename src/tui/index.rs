//! A table's prepared index: the record ids in display order, a lowercase haystack per row (name,
//! domain, id…) and a small tag (the status) per row. Built only when the workspace changes;
//! filtering is a substring search over the haystacks, narrowing the previous result when the
//! query grows, so a keystroke costs one pass over the rows still shown, never a rebuild.

use std::cell::Cell;

use crate::core::Id;

/// One prepared row: its id, what `/` searches, and a tag for the status filter.
pub struct Entry {
    pub id: Id,
    pub haystack: String,
    pub tag: u8,
}

#[derive(Default)]
pub struct ListIndex {
    ids: Vec<Id>,
    haystacks: Vec<Box<str>>,
    tags: Vec<u8>,
    /// Positions (into `ids`) of the rows that pass the filters, in display order.
    shown: Vec<u32>,
    query: String,
    tag_filter: Option<u8>,
    selected: usize,
    /// The first visible row; the renderer keeps the selection in view and stores it back.
    offset: Cell<usize>,
}

impl ListIndex {
    /// Replaces the rows, keeping the selected record selected when it still exists.
    pub fn rebuild(&mut self, entries: Vec<Entry>) {
        let keep = self.selected_id().cloned();
        self.ids = Vec::with_capacity(entries.len());
        self.haystacks = Vec::with_capacity(entries.len());
        self.tags = Vec::with_capacity(entries.len());
        for entry in entries {
            self.ids.push(entry.id);
            self.haystacks.push(entry.haystack.into_boxed_str());
            self.tags.push(entry.tag);
        }
        self.refilter(false);
        if let Some(id) = keep {
            self.select_id(&id);
        }
    }

    pub fn len(&self) -> usize {
        self.shown.len()
    }
    pub fn is_empty(&self) -> bool {
        self.shown.is_empty()
    }
    pub fn total(&self) -> usize {
        self.ids.len()
    }
    pub fn query(&self) -> &str {
        &self.query
    }
    pub fn tag_filter(&self) -> Option<u8> {
        self.tag_filter
    }

    pub fn set_query(&mut self, query: &str) {
        let query = query.to_lowercase();
        let narrowing = query.starts_with(self.query.as_str());
        self.query = query;
        self.refilter(narrowing);
    }

    pub fn set_tag_filter(&mut self, tag: Option<u8>) {
        let narrowing = self.tag_filter.is_none();
        self.tag_filter = tag;
        self.refilter(narrowing);
    }

    /// Recomputes `shown`; when `narrowing`, only the rows shown now can pass.
    fn refilter(&mut self, narrowing: bool) {
        let keep = self.selected_id().cloned();
        let passes = |i: u32| {
            let i = i as usize;
            self.tag_filter.is_none_or(|t| self.tags[i] == t)
                && (self.query.is_empty() || self.haystacks[i].contains(self.query.as_str()))
        };
        self.shown = if narrowing {
            self.shown.iter().copied().filter(|&i| passes(i)).collect()
        } else {
            (0..self.ids.len() as u32).filter(|&i| passes(i)).collect()
        };
        self.selected = 0;
        self.offset.set(0);
        if let Some(id) = keep {
            self.select_id(&id);
        }
    }

    pub fn selected(&self) -> usize {
        self.selected
    }

    pub fn selected_id(&self) -> Option<&Id> {
        self.shown
            .get(self.selected)
            .map(|&i| &self.ids[i as usize])
    }

    /// Selects the record when a filter does not hide it; returns whether it did.
    pub fn select_id(&mut self, id: &Id) -> bool {
        match self.shown.iter().position(|&i| self.ids[i as usize] == *id) {
            Some(pos) => {
                self.selected = pos;
                true
            }
            None => false,
        }
    }

    /// Whether the record exists in the index at all (ignoring filters).
    pub fn contains(&self, id: &Id) -> bool {
        self.ids.iter().any(|i| i == id)
    }

    pub fn select(&mut self, row: usize) {
        self.selected = row.min(self.shown.len().saturating_sub(1));
    }

    pub fn move_by(&mut self, delta: isize) {
        let last = self.shown.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last.max(0)) as usize;
    }

    pub fn offset(&self) -> usize {
        self.offset.get()
    }

    pub fn scroll_by(&self, delta: isize) {
        let last = self.shown.len().saturating_sub(1) as isize;
        self.offset
            .set((self.offset.get() as isize + delta).clamp(0, last.max(0)) as usize);
    }

    /// The rows a window of `height` shows: the offset is moved just enough to keep the
    /// selection in view, stored for the next frame, and only those ids are returned.
    pub fn window(&self, height: usize) -> (usize, Vec<&Id>) {
        let mut offset = self
            .offset
            .get()
            .min(self.shown.len().saturating_sub(height.max(1)));
        if height > 0 {
            if self.selected < offset {
                offset = self.selected;
            } else if self.selected >= offset + height {
                offset = self.selected + 1 - height;
            }
        }
        self.offset.set(offset);
        let end = (offset + height).min(self.shown.len());
        let ids = self.shown[offset.min(end)..end]
            .iter()
            .map(|&i| &self.ids[i as usize])
            .collect();
        (offset, ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(names: &[&str]) -> ListIndex {
        let mut index = ListIndex::default();
        index.rebuild(
            names
                .iter()
                .map(|n| Entry {
                    id: Id::new(*n),
                    haystack: n.to_lowercase(),
                    tag: 0,
                })
                .collect(),
        );
        index
    }

    #[test]
    fn filtering_narrows_and_widens() {
        let mut index = index(&["Contoso", "Fabrikam", "Coho"]);
        index.set_query("co");
        assert_eq!(index.len(), 2);
        index.set_query("con");
        assert_eq!(index.len(), 1);
        index.set_query("");
        assert_eq!(index.len(), 3);
    }

    #[test]
    fn the_window_follows_the_selection() {
        let mut index = index(&["a", "b", "c", "d", "e"]);
        index.select(4);
        let (offset, ids) = index.window(2);
        assert_eq!(offset, 3);
        assert_eq!(ids.len(), 2);
    }
}
