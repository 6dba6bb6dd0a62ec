//! The search behind `/`: resumable, it looks at a bounded number of rows per `step` and
//! appends those that pass, in display order, so a search over a million rows runs between
//! keys instead of blocking them. Whole stretches of rows are scanned in the haystack buffer in
//! one pass (`Haystacks::scan`); a narrower, listed result is checked row by row.

use memchr::memmem::Finder;

use super::rows::Rows;

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
        // Without haystacks yet the text cannot be checked: the row may pass.
        let text_ok = match (&self.finder, rows.hay()) {
            (Some(f), Some(hay)) => f.find(hay.row(slot)).is_some(),
            _ => true,
        };
        candidate && self.tag.is_none_or(|t| rows.tag_of_slot(slot) == t) && text_ok
    }

    /// Whether `step` can make progress: a text query needs the rows' haystacks.
    pub fn can_step(&self, rows: &Rows) -> bool {
        self.finder.is_none() || rows.hay().is_some()
    }

    /// Looks at up to `budget` more candidate rows (none while the haystacks it needs are
    /// not there yet).
    pub fn step(&mut self, rows: &Rows, budget: usize) {
        if !self.can_step(rows) {
            return;
        }
        let hay = rows.hay();
        let tag_ok = |slot: usize| self.tag.is_none_or(|t| rows.tag_of_slot(slot) == t);
        match &mut self.from {
            Candidates::All { next } => {
                let end = (*next + budget).min(rows.len());
                while *next < end {
                    let (first, count) = rows.stretch(*next);
                    let count = count.min(end - *next);
                    let at = |slot: usize| (*next + (slot - first)) as u32;
                    match (&self.finder, hay) {
                        (Some(finder), Some(hay)) => hay.scan(finder, first, first + count, |s| {
                            if tag_ok(s) {
                                self.found.push(at(s));
                            }
                        }),
                        _ => self
                            .found
                            .extend((first..first + count).filter(|&s| tag_ok(s)).map(at)),
                    }
                    *next += count;
                }
            }
            Candidates::Listed { rows: listed, next } => {
                let end = (*next + budget).min(listed.len());
                for &pos in &listed[*next..end] {
                    let slot = rows.slot(pos as usize);
                    let text_ok = match (&self.finder, hay) {
                        (Some(f), Some(hay)) => f.find(hay.row(slot)).is_some(),
                        _ => true,
                    };
                    if tag_ok(slot) && text_ok {
                        self.found.push(pos);
                    }
                }
                *next = end;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Id;
    use crate::tui::index::haystacks::clean;
    use crate::tui::index::rows::Entry;

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
    fn small_steps_find_what_one_step_finds() {
        let texts: Vec<String> = (0..500).map(|i| format!("r{i} {}", i % 7)).collect();
        let mut rows = rows(&texts, |i| (i % 2) as u8);
        // Scatter the slots: searching must follow display order across runs.
        for (from, to) in [(10, 400), (3, 0), (250, 251), (499, 7)] {
            let id = rows.id(from).clone();
            let slot = rows.slot(from);
            let entry = Entry {
                id,
                haystack: String::from_utf8_lossy(rows.hay().expect("text").row(slot)).into_owned(),
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
                        && String::from_utf8_lossy(rows.hay().expect("text").row(slot))
                            .contains(query)
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
