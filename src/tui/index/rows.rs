//! A table's rows in display order, stored so that an action's few changed records are moved
//! without touching the others: rows live in slots in the order they were added (haystacks in
//! one buffer), and runs map display positions to stretches of consecutive slots, the way an
//! editor's piece table maps a document to its buffers. A fresh build is one run; each changed
//! record splits a run or two, and a compaction rewrites the slots in order when runs pile up.
//!
//! A slot names its record by a `u32` position into `ids`, which a build fills in the
//! workspace's order (one sequential pass): ordering a pane sorts positions, never copies rows.
//! The haystacks may come later than the order (`attach_hay`: a large pane's search text is
//! written off the UI thread); until then only the tag filter can search.

use super::haystacks::Haystacks;
use crate::domain::Id;

/// One prepared row: its id, what `/` searches, and a tag for the status filter. (A whole
/// pane is built straight into `Rows`; a single changed record comes as an `Entry`.)
pub struct Entry {
    pub id: Id,
    pub haystack: String,
    pub tag: u8,
}

/// Rewrite the slots in display order past this many runs (searching walks them in order)…
const MAX_RUNS: usize = 1024;

/// Positions `pos..pos + len` are slots `slot..slot + len`.
#[derive(Clone, Copy, Debug)]
struct Run {
    pos: usize,
    slot: usize,
    len: usize,
}

pub struct Rows {
    /// The slots' haystacks; `None` while a large pane's search text is being written.
    hay: Option<Haystacks>,
    /// Every record id the rows name, in the order they were built or added (may hold ids of
    /// removed rows: slots name the live ones).
    ids: Vec<Id>,
    /// Per slot: its record's position in `ids`.
    names: Vec<u32>,
    tags: Vec<u8>,
    runs: Vec<Run>,
    len: usize,
    /// No row moved since the build: the slots are still the build's display order, so the
    /// haystacks written for that order fit.
    pristine: bool,
}

impl Default for Rows {
    /// No rows, with (empty) haystacks: rows pushed one by one bring their text.
    fn default() -> Rows {
        Rows::with_capacity(0, 0)
    }
}

impl FromIterator<Entry> for Rows {
    fn from_iter<I: IntoIterator<Item = Entry>>(entries: I) -> Rows {
        let mut rows = Rows::default();
        for entry in entries {
            rows.push(entry.id, entry.tag, &entry.haystack);
        }
        rows
    }
}

impl Rows {
    /// Empty rows with room for `rows` rows of `bytes` haystack bytes, filled with `push`.
    pub fn with_capacity(rows: usize, bytes: usize) -> Rows {
        Rows {
            hay: Some(Haystacks::with_capacity(rows, bytes)),
            ids: Vec::with_capacity(rows),
            names: Vec::with_capacity(rows),
            tags: Vec::with_capacity(rows),
            runs: Vec::new(),
            len: 0,
            pristine: true,
        }
    }

    /// Rows without haystacks yet: `ids` and `tags` in the workspace's order, `order[p]` the
    /// position in `ids` of the row shown at `p`. Only the small tags are moved.
    pub fn ordered(ids: Vec<Id>, tags: &[u8], order: Vec<u32>) -> Rows {
        debug_assert!(ids.len() == tags.len() && order.len() == ids.len());
        let tags = order.iter().map(|&at| tags[at as usize]).collect();
        let len = order.len();
        Rows {
            hay: None,
            ids,
            names: order,
            tags,
            runs: (len > 0)
                .then_some(Run {
                    pos: 0,
                    slot: 0,
                    len,
                })
                .into_iter()
                .collect(),
            len,
            pristine: true,
        }
    }

    /// For each slot of a pristine build, the position in `ids` of its record: the order the
    /// haystacks must be written in; `None` once rows moved.
    pub fn build_order(&self) -> Option<&[u32]> {
        self.pristine.then_some(self.names.as_slice())
    }

    /// Gives the rows their haystacks, written for `build_order`. Refused (false) when rows
    /// moved since or the count differs: the text no longer fits the slots.
    pub fn attach_hay(&mut self, hay: Haystacks) -> bool {
        if !self.pristine || hay.len() != self.names.len() {
            return false;
        }
        self.hay = Some(hay);
        true
    }

    /// Whether the haystacks are there (the text filter can search).
    pub fn has_hay(&self) -> bool {
        self.hay.is_some()
    }

    /// Appends a row after the last: how a pane's rows are built, in display order.
    pub fn push(&mut self, id: Id, tag: u8, haystack: &str) {
        let slot = self.push_slot(Entry {
            id,
            haystack: haystack.to_string(),
            tag,
        });
        self.extend_last_run(slot);
    }

    fn push_slot(&mut self, entry: Entry) -> usize {
        if let Some(hay) = &mut self.hay {
            hay.push(&entry.haystack);
        }
        self.names.push(self.ids.len() as u32);
        self.ids.push(entry.id);
        self.tags.push(entry.tag);
        self.names.len() - 1
    }

    /// Puts `slot` at the end of the display order.
    fn extend_last_run(&mut self, slot: usize) {
        match self.runs.last_mut() {
            Some(last) if last.slot + last.len == slot => last.len += 1,
            _ => self.runs.push(Run {
                pos: self.len,
                slot,
                len: 1,
            }),
        }
        self.len += 1;
    }

    /// Every row in display order: id, tag and haystack.
    /// (Without haystacks yet, each text is empty.)
    pub fn iter(&self) -> impl Iterator<Item = (&Id, u8, &str)> + '_ {
        self.runs.iter().flat_map(move |run| {
            (run.slot..run.slot + run.len).map(move |slot| {
                let text = self
                    .hay
                    .as_ref()
                    .and_then(|hay| std::str::from_utf8(hay.row(slot)).ok())
                    .unwrap_or_default();
                (self.slot_id(slot), self.tags[slot], text)
            })
        })
    }

    fn slot_id(&self, slot: usize) -> &Id {
        &self.ids[self.names[slot] as usize]
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn hay(&self) -> Option<&Haystacks> {
        self.hay.as_ref()
    }

    /// The run holding position `pos` (< len).
    fn run_of(&self, pos: usize) -> usize {
        self.runs.partition_point(|r| r.pos <= pos) - 1
    }

    pub fn slot(&self, pos: usize) -> usize {
        let run = self.runs[self.run_of(pos)];
        run.slot + (pos - run.pos)
    }

    pub fn id(&self, pos: usize) -> &Id {
        self.slot_id(self.slot(pos))
    }

    pub fn tag_of_slot(&self, slot: usize) -> u8 {
        self.tags[slot]
    }

    /// From position `pos` on, the first slot and how many positions follow it slot by slot.
    pub fn stretch(&self, pos: usize) -> (usize, usize) {
        let run = self.runs[self.run_of(pos)];
        let skip = pos - run.pos;
        (run.slot + skip, run.len - skip)
    }

    /// The first position whose row is not `less` than what is looked for (rows are sorted).
    pub fn lower_bound(&self, mut less: impl FnMut(&Id) -> bool) -> usize {
        let (mut lo, mut hi) = (0, self.len);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if less(self.id(mid)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// The position of `id`, or `None`; by linear scans (`lower_bound` finds sorted rows
    /// fast): the id among the ids (in memory order), then which shown slot names it.
    pub fn find(&self, id: &Id) -> Option<usize> {
        // `ids` may also hold the id of a removed row: each occurrence is tried.
        let mut named = self
            .ids
            .iter()
            .enumerate()
            .filter(|(_, i)| *i == id)
            .map(|(at, _)| at as u32);
        named.find_map(|at| {
            self.runs.iter().find_map(|run| {
                self.names[run.slot..run.slot + run.len]
                    .iter()
                    .position(|&n| n == at)
                    .map(|k| run.pos + k)
            })
        })
    }

    pub fn remove(&mut self, pos: usize) {
        self.pristine = false;
        let i = self.run_of(pos);
        let run = self.runs[i];
        let k = pos - run.pos;
        let left = Run { len: k, ..run };
        let right = Run {
            pos,
            slot: run.slot + k + 1,
            len: run.len - k - 1,
        };
        let parts = [left, right].into_iter().filter(|r| r.len > 0);
        self.runs.splice(i..=i, parts.collect::<Vec<_>>());
        let after = i + usize::from(left.len > 0) + usize::from(right.len > 0);
        for run in &mut self.runs[after..] {
            run.pos -= 1;
        }
        self.len -= 1;
        self.compact_if_scattered();
    }

    /// Puts `entry` at position `pos` (<= len), the rows from there on moving down one.
    pub fn insert(&mut self, pos: usize, entry: Entry) {
        self.pristine = false;
        let slot = self.push_slot(entry);
        let new = Run { pos, slot, len: 1 };
        if pos == self.len {
            self.extend_last_run(slot);
        } else {
            let i = self.run_of(pos);
            let run = self.runs[i];
            let k = pos - run.pos;
            let left = Run { len: k, ..run };
            let right = Run {
                pos: pos + 1,
                slot: run.slot + k,
                len: run.len - k,
            };
            let parts = [left, new, right].into_iter().filter(|r| r.len > 0);
            self.runs.splice(i..=i, parts.collect::<Vec<_>>());
            let after = i + usize::from(left.len > 0) + 2;
            for run in &mut self.runs[after..] {
                run.pos += 1;
            }
            self.len += 1;
        }
        self.compact_if_scattered();
    }

    /// Rewrites the slots in display order when runs pile up or dead slots outnumber a quarter
    /// of the live ones: rare, and a linear copy, cheaper than a build.
    fn compact_if_scattered(&mut self) {
        let dead = self.names.len() - self.len;
        if self.runs.len() <= MAX_RUNS && dead <= self.len / 4 + 64 {
            return;
        }
        let hay = self.hay.as_ref().map(|old| {
            let bytes = self.runs.iter().map(|r| old.span(r.slot, r.len)).sum();
            let mut hay = Haystacks::with_capacity(self.len, bytes);
            for run in &self.runs {
                for slot in run.slot..run.slot + run.len {
                    hay.push_clean(old.row(slot));
                }
            }
            hay
        });
        let mut ids = Vec::with_capacity(self.len);
        let mut tags = Vec::with_capacity(self.len);
        for run in &self.runs {
            for slot in run.slot..run.slot + run.len {
                ids.push(self.slot_id(slot).clone());
            }
            tags.extend_from_slice(&self.tags[run.slot..run.slot + run.len]);
        }
        self.hay = hay;
        self.names = (0..ids.len() as u32).collect();
        self.ids = ids;
        self.tags = tags;
        self.runs = vec![Run {
            pos: 0,
            slot: 0,
            len: self.len,
        }];
        self.runs.retain(|r| r.len > 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str) -> Entry {
        Entry {
            id: Id::new(name),
            haystack: name.to_string(),
            tag: 0,
        }
    }

    fn names(rows: &Rows) -> Vec<String> {
        (0..rows.len())
            .map(|p| {
                let slot = rows.slot(p);
                let hay = rows.hay.as_ref().expect("haystacks");
                assert_eq!(hay.row(slot), rows.id(p).as_str().as_bytes());
                rows.id(p).to_string()
            })
            .collect()
    }

    #[test]
    fn rows_move_like_a_vector() {
        let mut rows = ["a", "b", "c", "d"]
            .map(entry)
            .into_iter()
            .collect::<Rows>();
        let mut model: Vec<String> = names(&rows);
        let ops: &[(bool, usize, &str)] = &[
            (false, 1, ""),
            (true, 0, "x"),
            (true, 4, "y"),
            (true, 2, "z"),
            (false, 0, ""),
            (false, 4, ""),
            (true, 1, "w"),
        ];
        for &(insert, pos, name) in ops {
            if insert {
                rows.insert(pos, entry(name));
                model.insert(pos, name.to_string());
            } else {
                rows.remove(pos);
                model.remove(pos);
            }
            assert_eq!(names(&rows), model);
            let mut covered = 0;
            let mut pos = 0;
            while pos < rows.len() {
                let (slot, count) = rows.stretch(pos);
                assert_eq!(rows.slot(pos), slot);
                covered += count;
                pos += count;
            }
            assert_eq!(covered, rows.len());
        }
        assert_eq!(rows.find(&Id::new("z")), Some(2));
        assert_eq!(rows.find(&Id::new("b")), None);
    }

    #[test]
    fn many_changes_compact_the_slots() {
        let mut rows = (0..100)
            .map(|i| entry(&format!("{i:03}")))
            .collect::<Rows>();
        for i in 0..2000 {
            let pos = (i * 37) % rows.len();
            let name = rows.id(pos).to_string();
            rows.remove(pos);
            rows.insert((i * 11) % (rows.len() + 1), entry(&name));
            assert!(rows.runs.len() <= MAX_RUNS + 3);
        }
        assert_eq!(rows.len(), 100);
        let mut sorted = names(&rows);
        sorted.sort();
        assert_eq!(
            sorted,
            (0..100).map(|i| format!("{i:03}")).collect::<Vec<_>>()
        );
        assert!(rows.names.len() <= 100 + 100 / 4 + 64);
        assert!(rows.ids.len() <= 100 + 100 / 4 + 64);
    }

    #[test]
    fn ordered_rows_name_records_by_position_and_find_moved_ones() {
        let ids = ["r0", "r1", "r2", "r3"].map(Id::new).to_vec();
        let mut rows = Rows::ordered(ids, &[0, 1, 2, 3], vec![2, 0, 3, 1]);
        let shown: Vec<(&str, u8)> = rows.iter().map(|(id, tag, _)| (id.as_str(), tag)).collect();
        assert_eq!(shown, [("r2", 2), ("r0", 0), ("r3", 3), ("r1", 1)]);
        assert!(!rows.has_hay());
        assert_eq!(rows.find(&Id::new("r3")), Some(2));
        // A moved record leaves its old id behind among the ids; only the shown one is found.
        rows.remove(0);
        rows.insert(3, entry("r2"));
        assert_eq!(rows.find(&Id::new("r2")), Some(3));
        assert_eq!(rows.find(&Id::new("r1")), Some(2));
        assert_eq!(rows.build_order(), None);
    }
}
