//! The search behind `/`: every row's lowercase haystack in one contiguous buffer, searched with
//! `memchr::memmem` a slice at a time. One buffer lets a single SIMD pass cover thousands of rows
//! where a per-row `contains` pays a call and a cache miss per row; slices let a search over a
//! million rows run between keys instead of blocking them.

use memchr::memmem::Finder;

use super::rows::Rows;

/// Ends every row in the buffer. Queries never contain it (see `clean`), so no match can start
/// in one row and end in the next.
const SEPARATOR: u8 = 0;

/// Haystacks, concatenated in the order they were added (slots), each followed by `SEPARATOR`.
#[derive(Default)]
pub struct Haystacks {
    text: Vec<u8>,
    /// `starts[s]` is where slot `s` begins; one more entry marks the end of the buffer.
    starts: Vec<usize>,
}

/// A query or haystack as the buffer holds it: the separator becomes a space, in both, so a
/// query still finds what it would find in the original text.
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    if text.as_bytes().contains(&SEPARATOR) {
        text.replace(SEPARATOR as char, " ").into()
    } else {
        text.into()
    }
}

impl Haystacks {
    pub fn with_capacity(rows: usize, bytes: usize) -> Haystacks {
        let mut starts = Vec::with_capacity(rows + 1);
        starts.push(0);
        Haystacks {
            text: Vec::with_capacity(bytes),
            starts,
        }
    }

    pub fn push(&mut self, haystack: &str) {
        self.push_clean(clean(haystack).as_bytes());
    }

    /// Appends a haystack already without separators (one taken from a `Haystacks`).
    pub fn push_clean(&mut self, haystack: &[u8]) {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        self.text.extend_from_slice(haystack);
        self.text.push(SEPARATOR);
        self.starts.push(self.text.len());
    }

    /// The bytes rows `first..first + count` take, separators included.
    pub fn span(&self, first: usize, count: usize) -> usize {
        self.starts[first + count] - self.starts[first]
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Slot `s`'s haystack, without its separator.
    pub fn row(&self, s: usize) -> &[u8] {
        &self.text[self.starts[s]..self.starts[s + 1] - 1]
    }

    /// The slot holding byte `pos`, looking forward from slot `from` (which starts at or before
    /// `pos`). Matches arrive in order, so galloping from the last one costs O(log distance):
    /// a step when matches are dense, a short binary search when they are sparse.
    fn slot_at(&self, pos: usize, from: usize) -> usize {
        let starts = &self.starts;
        let (mut lo, mut hi, mut step) = (from, from + 1, 1);
        while hi < starts.len() && starts[hi] <= pos {
            lo = hi;
            step *= 2;
            hi = lo + step;
        }
        let hi = hi.min(starts.len());
        lo + starts[lo + 1..hi].partition_point(|&s| s <= pos)
    }
}

/// The positions a search still has to look at.
enum Candidates {
    /// Every position from `next` on, scanned a stretch of the buffer at a time.
    All { next: usize },
    /// Listed positions (an earlier, wider result), checked one by one.
    Listed { rows: Vec<u32>, next: usize },
}

/// One search, resumable: `step` looks at a bounded number of rows and appends the positions
/// that pass to `found`, in display order, so the top of the list is right as soon as it is
/// found.
pub struct Search {
    query: String,
    /// `None` when every candidate is known to match the query (only the tag is checked).
    finder: Option<Finder<'static>>,
    tag: Option<u8>,
    from: Candidates,
    found: Vec<u32>,
}

impl Search {
    /// Searches all rows for `query` (empty: every row) with the status `tag`.
    pub fn all(query: &str, tag: Option<u8>) -> Search {
        Search::new(query, tag, Candidates::All { next: 0 }, true)
    }

    /// Searches only `rows`, a result that holds every row that can pass. `check_text` is false
    /// when those rows are already known to match `query`.
    pub fn within(query: &str, tag: Option<u8>, rows: Vec<u32>, check_text: bool) -> Search {
        Search::new(query, tag, Candidates::Listed { rows, next: 0 }, check_text)
    }

    fn new(query: &str, tag: Option<u8>, from: Candidates, check_text: bool) -> Search {
        let finder =
            (check_text && !query.is_empty()).then(|| Finder::new(query.as_bytes()).into_owned());
        Search {
            query: query.to_string(),
            finder,
            tag,
            from,
            found: Vec::new(),
        }
    }

    pub fn query(&self) -> &str {
        &self.query
    }

    /// The positions found so far, in display order.
    pub fn found(&self) -> &[u32] {
        &self.found
    }

    pub fn into_found(self) -> Vec<u32> {
        self.found
    }

    fn remaining(&self, rows: &Rows) -> (usize, usize) {
        match &self.from {
            Candidates::All { next } => (*next, rows.len()),
            Candidates::Listed { rows, next } => (*next, rows.len()),
        }
    }

    pub fn is_done(&self, rows: &Rows) -> bool {
        let (done, of) = self.remaining(rows);
        done >= of
    }

    /// How far the search has got, from 0 to 1.
    pub fn progress(&self, rows: &Rows) -> f64 {
        let (done, of) = self.remaining(rows);
        if of == 0 {
            1.0
        } else {
            done as f64 / of as f64
        }
    }

    /// Whether the row at `pos` will be found, without searching: for a selection that must
    /// survive the search.
    pub fn passes(&self, rows: &Rows, pos: usize) -> bool {
        let candidate = match &self.from {
            Candidates::All { .. } => true,
            Candidates::Listed { rows, .. } => rows.binary_search(&(pos as u32)).is_ok(),
        };
        let slot = rows.slot(pos);
        candidate
            && self.tag.is_none_or(|t| rows.tag_of_slot(slot) == t)
            && self
                .finder
                .as_ref()
                .is_none_or(|f| f.find(rows.hay().row(slot)).is_some())
    }

    /// Looks at up to `budget` more candidate rows.
    pub fn step(&mut self, rows: &Rows, budget: usize) {
        let tag_ok = |slot: usize| self.tag.is_none_or(|t| rows.tag_of_slot(slot) == t);
        match &mut self.from {
            Candidates::All { next } => {
                let end = (*next + budget).min(rows.len());
                while *next < end {
                    let (first, count) = rows.stretch(*next);
                    let count = count.min(end - *next);
                    let at = |slot: usize| (*next + (slot - first)) as u32;
                    match &self.finder {
                        None => self
                            .found
                            .extend((first..first + count).filter(|&s| tag_ok(s)).map(at)),
                        Some(finder) => scan(rows.hay(), finder, first, first + count, |s| {
                            if tag_ok(s) {
                                self.found.push(at(s));
                            }
                        }),
                    }
                    *next += count;
                }
            }
            Candidates::Listed { rows: listed, next } => {
                let end = (*next + budget).min(listed.len());
                for &pos in &listed[*next..end] {
                    let slot = rows.slot(pos as usize);
                    let text_ok = self
                        .finder
                        .as_ref()
                        .is_none_or(|f| f.find(rows.hay().row(slot)).is_some());
                    if tag_ok(slot) && text_ok {
                        self.found.push(pos);
                    }
                }
                *next = end;
            }
        }
    }
}

/// Calls `hit` for each slot in `first..end` whose haystack contains the finder's needle, once
/// per slot, in order: one memmem pass over the slots' stretch of the buffer, skipping to the
/// next slot after each hit.
fn scan(hay: &Haystacks, finder: &Finder, first: usize, end: usize, mut hit: impl FnMut(usize)) {
    if first >= end {
        return;
    }
    let stop = hay.starts[end];
    let mut at = hay.starts[first];
    let mut slot = first;
    while let Some(found) = finder.find(&hay.text[at..stop]) {
        slot = hay.slot_at(at + found, slot);
        hit(slot);
        slot += 1;
        if slot >= end {
            break;
        }
        at = hay.starts[slot];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Id;
    use crate::tui::index::Entry;

    fn hay(rows: &[&str]) -> Haystacks {
        let mut hay = Haystacks::default();
        for r in rows {
            hay.push(r);
        }
        hay
    }

    fn rows(texts: &[String], tag: impl Fn(usize) -> u8) -> Rows {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Entry {
                id: Id::new(format!("{i}")),
                haystack: t.clone(),
                tag: tag(i),
            })
            .collect()
    }

    #[test]
    fn slot_at_finds_the_slot_of_any_byte() {
        let hay = hay(&["ab", "", "cde", "f"]);
        let mut expected = Vec::new();
        for r in 0..hay.len() {
            expected.extend(std::iter::repeat_n(r, hay.row(r).len() + 1));
        }
        for (pos, &row) in expected.iter().enumerate() {
            for from in 0..=row {
                assert_eq!(hay.slot_at(pos, from), row, "byte {pos} from slot {from}");
            }
        }
    }

    #[test]
    fn small_steps_find_what_one_step_finds() {
        let texts: Vec<String> = (0..500).map(|i| format!("r{i} {}", i % 7)).collect();
        let mut rows = rows(&texts, |i| (i % 2) as u8);
        // Scatter the slots: searching must follow display order across runs.
        for (from, to) in [(10, 400), (3, 0), (250, 251), (499, 7)] {
            let id = rows.id(from).clone();
            let slot = rows.slot(from);
            let entry = Entry {
                id,
                haystack: String::from_utf8_lossy(rows.hay().row(slot)).into_owned(),
                tag: rows.tag_of_slot(slot),
            };
            rows.remove(from);
            rows.insert(to, entry);
        }
        let naive = |query: &str, tag: Option<u8>| -> Vec<u32> {
            (0..rows.len())
                .filter(|&p| {
                    let slot = rows.slot(p);
                    tag.is_none_or(|t| rows.tag_of_slot(slot) == t)
                        && String::from_utf8_lossy(rows.hay().row(slot)).contains(query)
                })
                .map(|p| p as u32)
                .collect()
        };
        for (query, tag) in [("3", None), ("r1", Some(1)), ("", Some(0)), ("x", None)] {
            let mut whole = Search::all(query, tag);
            whole.step(&rows, usize::MAX / 2);
            assert!(whole.is_done(&rows));
            assert_eq!(whole.found(), naive(query, tag), "{query}");
            let mut steps = Search::all(query, tag);
            while !steps.is_done(&rows) {
                steps.step(&rows, 3);
            }
            assert_eq!(steps.found(), whole.found(), "{query}");
            let mut listed = Search::within(query, tag, (0..500).step_by(2).collect(), true);
            while !listed.is_done(&rows) {
                listed.step(&rows, 5);
            }
            let even: Vec<u32> = whole
                .found()
                .iter()
                .copied()
                .filter(|r| r % 2 == 0)
                .collect();
            assert_eq!(listed.found(), even, "{query}");
        }
    }

    #[test]
    fn a_separator_in_the_text_cannot_join_rows() {
        let rows = rows(&["ab\0".into(), "cd".into()], |_| 0);
        let mut search = Search::all(&clean("b\0c"), None);
        search.step(&rows, 10);
        assert!(search.found().is_empty());
        let mut search = Search::all(&clean("b\0"), None);
        search.step(&rows, 10);
        assert_eq!(search.found(), &[0]);
    }
}
