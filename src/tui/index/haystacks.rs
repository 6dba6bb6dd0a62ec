//! Every row's lowercase haystack in one contiguous buffer, each ended by a separator, and the
//! scan that finds a needle in a stretch of it with `memchr::memmem`. One buffer lets a single
//! SIMD pass cover thousands of rows where a per-row `contains` pays a call and a cache miss per
//! row. `rows.rs` keeps one such buffer per table; `search.rs` scans it a slice at a time.

use memchr::memmem::Finder;

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

    /// How many haystacks (slots) the buffer holds.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The same haystacks in the order `order` gives: slot `s` of the result is slot
    /// `order[s]` of these.
    pub fn in_order(&self, order: &[u32]) -> Haystacks {
        let mut out = Haystacks::with_capacity(order.len(), self.text.len());
        for &slot in order {
            out.push_clean(self.row(slot as usize));
        }
        out
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

    /// Calls `hit` for each slot in `first..end` whose haystack contains the finder's needle,
    /// once per slot, in order: one memmem pass over the slots' stretch of the buffer, skipping
    /// to the next slot after each hit.
    pub fn scan(&self, finder: &Finder, first: usize, end: usize, mut hit: impl FnMut(usize)) {
        if first >= end {
            return;
        }
        let stop = self.starts[end];
        let mut at = self.starts[first];
        let mut slot = first;
        while let Some(found) = finder.find(&self.text[at..stop]) {
            slot = self.slot_at(at + found, slot);
            hit(slot);
            slot += 1;
            if slot >= end {
                break;
            }
            at = self.starts[slot];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hay(rows: &[&str]) -> Haystacks {
        let mut hay = Haystacks::default();
        for r in rows {
            hay.push(r);
        }
        hay
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
}
