//! A table's rows in display order, stored so that an action's few changed records are moved
//! without touching the others: rows live in slots in the order they were added (haystacks in
//! one buffer), and runs map display positions to stretches of consecutive slots, the way an
//! editor's piece table maps a document to its buffers. A fresh build is one run; each changed
//! record splits a run or two, and a compaction rewrites the slots in order when runs pile up.

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

#[derive(Default)]
pub struct Rows {
    hay: Haystacks,
    ids: Vec<Id>,
    tags: Vec<u8>,
    runs: Vec<Run>,
    len: usize,
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
            hay: Haystacks::with_capacity(rows, bytes),
            ids: Vec::with_capacity(rows),
            tags: Vec::with_capacity(rows),
            runs: Vec::new(),
            len: 0,
        }
    }

    /// Appends a row after the last: how a pane's rows are built, in display order.
    pub fn push(&mut self, id: Id, tag: u8, haystack: &str) {
        self.hay.push(haystack);
        self.ids.push(id);
        self.tags.push(tag);
        self.extend_last_run(self.ids.len() - 1);
    }

    fn push_slot(&mut self, entry: Entry) -> usize {
        self.hay.push(&entry.haystack);
        self.ids.push(entry.id);
        self.tags.push(entry.tag);
        self.ids.len() - 1
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

    /// The same rows (as just built, one run) in the order `order` gives: `order[p]` is the
    /// position now of the row that goes to position `p`.
    pub fn into_order(self, order: &[u32]) -> Rows {
        debug_assert!(self.runs.len() <= 1 && order.len() == self.len);
        let bytes = self.hay.span(0, self.ids.len());
        let mut rows = Rows::with_capacity(self.len, bytes);
        let mut ids: Vec<Option<Id>> = self.ids.into_iter().map(Some).collect();
        for &slot in order {
            let slot = slot as usize;
            rows.hay.push_clean(self.hay.row(slot));
            rows.ids.extend(ids[slot].take());
            rows.tags.push(self.tags[slot]);
        }
        rows.len = rows.ids.len();
        if rows.len > 0 {
            rows.runs.push(Run {
                pos: 0,
                slot: 0,
                len: rows.len,
            });
        }
        rows
    }

    /// Every row in display order: id, tag and haystack.
    pub fn iter(&self) -> impl Iterator<Item = (&Id, u8, &str)> + '_ {
        self.runs.iter().flat_map(move |run| {
            (run.slot..run.slot + run.len).map(move |slot| {
                let text = std::str::from_utf8(self.hay.row(slot)).unwrap_or_default();
                (&self.ids[slot], self.tags[slot], text)
            })
        })
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn hay(&self) -> &Haystacks {
        &self.hay
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
        &self.ids[self.slot(pos)]
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

    /// The position of `id`, or `None`; by a linear scan (`lower_bound` finds sorted rows fast).
    pub fn find(&self, id: &Id) -> Option<usize> {
        self.runs.iter().find_map(|run| {
            self.ids[run.slot..run.slot + run.len]
                .iter()
                .position(|i| i == id)
                .map(|k| run.pos + k)
        })
    }

    pub fn remove(&mut self, pos: usize) {
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
        let dead = self.ids.len() - self.len;
        if self.runs.len() <= MAX_RUNS && dead <= self.len / 4 + 64 {
            return;
        }
        let bytes = self.runs.iter().map(|r| self.hay.span(r.slot, r.len)).sum();
        let mut hay = Haystacks::with_capacity(self.len, bytes);
        let mut ids = Vec::with_capacity(self.len);
        let mut tags = Vec::with_capacity(self.len);
        for run in &self.runs {
            for slot in run.slot..run.slot + run.len {
                hay.push_clean(self.hay.row(slot));
            }
            ids.extend_from_slice(&self.ids[run.slot..run.slot + run.len]);
            tags.extend_from_slice(&self.tags[run.slot..run.slot + run.len]);
        }
        self.hay = hay;
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
                assert_eq!(rows.hay.row(slot), rows.id(p).as_str().as_bytes());
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
        assert!(rows.ids.len() <= 100 + 100 / 4 + 64);
    }
}
