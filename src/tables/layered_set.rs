//! An ordered set built in one go from a file's records and changed one entry at a time
//! afterwards: a frozen sorted base plus persistent sets of what was added and removed since.
//! Building one costs a sort (usually skipped: entries mostly arrive in
//! order) instead of a tree insertion per entry, and a clone stays O(1).

use std::sync::Arc;

use imbl::OrdSet;

#[derive(Clone, Debug)]
pub struct LayeredSet<T: Ord + Clone> {
    /// Strictly increasing.
    base: Arc<Vec<T>>,
    added: OrdSet<T>,
    /// Base entries removed since (never holds anything outside `base`).
    removed: OrdSet<T>,
}

impl<T: Ord + Clone> Default for LayeredSet<T> {
    fn default() -> Self {
        LayeredSet {
            base: Arc::new(Vec::new()),
            added: OrdSet::new(),
            removed: OrdSet::new(),
        }
    }
}

impl<T: Ord + Clone> LayeredSet<T> {
    /// A set of `entries`, in any order, repeats ignored.
    pub fn from_entries(mut entries: Vec<T>) -> Self {
        if !entries.is_sorted() {
            entries.sort_unstable();
        }
        entries.dedup();
        LayeredSet {
            base: Arc::new(entries),
            added: OrdSet::new(),
            removed: OrdSet::new(),
        }
    }

    /// A set of entries already strictly increasing (the caller built them so).
    pub fn from_sorted(entries: Vec<T>) -> Self {
        debug_assert!(entries.windows(2).all(|w| w[0] < w[1]));
        LayeredSet {
            base: Arc::new(entries),
            added: OrdSet::new(),
            removed: OrdSet::new(),
        }
    }

    fn in_base(&self, entry: &T) -> bool {
        self.base.binary_search(entry).is_ok()
    }

    pub fn insert(&mut self, entry: T) {
        if self.removed.remove(&entry).is_some() || self.in_base(&entry) {
            return;
        }
        self.added.insert(entry);
    }

    pub fn remove(&mut self, entry: &T) {
        if self.added.remove(entry).is_none() && self.in_base(entry) {
            self.removed.insert(entry.clone());
        }
    }

    /// Entries from `start` on, in order.
    pub fn range_from<'a>(&'a self, start: &T) -> impl Iterator<Item = &'a T> + use<'a, T> {
        let from = self.base.partition_point(|entry| entry < start);
        let removed = &self.removed;
        let base = self.base[from..]
            .iter()
            .filter(move |entry| removed.is_empty() || !removed.contains(*entry));
        merge(base, self.added.range(start.clone()..))
    }

    /// Every entry, in order.
    pub fn iter(&self) -> impl Iterator<Item = &T> + '_ {
        let removed = &self.removed;
        let base = self
            .base
            .iter()
            .filter(move |entry| removed.is_empty() || !removed.contains(*entry));
        merge(base, self.added.iter())
    }
}

/// Two increasing sequences with no common entry, merged (also used by `owner_index`).
pub fn merge<T: Ord>(
    left: impl Iterator<Item = T>,
    right: impl Iterator<Item = T>,
) -> impl Iterator<Item = T> {
    let (mut left, mut right) = (left.peekable(), right.peekable());
    std::iter::from_fn(move || match (left.peek(), right.peek()) {
        (Some(l), Some(r)) if l <= r => left.next(),
        (Some(_), Some(_)) => right.next(),
        (Some(_), None) => left.next(),
        (None, _) => right.next(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_layered_set_reads_like_a_btreeset_after_the_same_changes(
            base in proptest::collection::vec(0..60u8, 0..40),
            changes in proptest::collection::vec((any::<bool>(), 0..60u8), 0..60),
            start in 0..60u8,
        ) {
            let mut set = LayeredSet::from_entries(base.clone());
            let mut model: std::collections::BTreeSet<u8> = base.into_iter().collect();
            for (add, entry) in changes {
                if add {
                    set.insert(entry);
                    model.insert(entry);
                } else {
                    set.remove(&entry);
                    model.remove(&entry);
                }
            }
            prop_assert_eq!(set.iter().copied().collect::<Vec<_>>(), model.iter().copied().collect::<Vec<_>>());
            prop_assert_eq!(
                set.range_from(&start).copied().collect::<Vec<_>>(),
                model.range(start..).copied().collect::<Vec<_>>()
            );
        }
    }
}
