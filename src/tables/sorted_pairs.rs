//! A set of numbers kept sorted, asked about in about the order it was made in. Pairs of
//! positions packed in one `u64` arrive almost sorted when a file lists records grouped by their
//! first member in its own order, and later records ask about them in that order too: each question is answered from the few numbers around the
//! last answer, and a binary search is the exception. Sorting a few million numbers that are
//! nearly in order is cheaper than hashing them into a table far bigger than the caches.

use std::cell::Cell;

/// How far around the last answer a question is answered without a binary search.
const NEAR: usize = 8;

pub struct SortedPairs(Vec<u64>);

impl SortedPairs {
    pub fn new(mut pairs: Vec<u64>) -> Self {
        pairs.sort_unstable();
        pairs.dedup();
        SortedPairs(pairs)
    }

    /// Whether `pair` is in the set; `hint` is where the last question was answered.
    pub fn contains(&self, pair: u64, hint: &Cell<usize>) -> bool {
        let all = &self.0;
        let from = hint.get().saturating_sub(NEAR / 2).min(all.len());
        let near = &all[from..(from + NEAR).min(all.len())];
        // Within the numbers near the hint when it lies between them, else anywhere.
        let found = match (near.first(), near.last()) {
            (Some(&low), Some(&high)) if low <= pair && pair <= high => {
                near.binary_search(&pair).map(|at| from + at)
            }
            _ => all.binary_search(&pair),
        };
        match found {
            Ok(at) => {
                hint.set(at);
                true
            }
            Err(at) => {
                hint.set(at);
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the order of the questions, the answers are those of a plain set.
        #[test]
        fn answers_like_a_set_in_any_order(
            pairs in proptest::collection::vec(0u64..200, 0..80),
            asked in proptest::collection::vec(0u64..220, 0..120),
        ) {
            let set: std::collections::BTreeSet<u64> = pairs.iter().copied().collect();
            let sorted = SortedPairs::new(pairs);
            let hint = Cell::new(0);
            for pair in asked {
                prop_assert_eq!(sorted.contains(pair, &hint), set.contains(&pair));
            }
        }
    }
}
