//! Record storage that loads in O(n) and changes in O(log n): a frozen base of records in id order
//! (the file's own arrays, kept as they were parsed) plus a persistent overlay of the records put
//! since. A clone shares both halves, so applying an action, keeping undo states and dropping a
//! refused draft stay as cheap as with a persistent map, while loading a million records costs no
//! tree building at all.
//!
//! Records are never deleted (their owners keep them as history), so the overlay only adds or
//! replaces.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::sync::Arc;

use imbl::OrdMap;
use imbl::ordmap::DiffItem;

use super::chunked::{Chunked, Cursor};
use super::id::Id;

/// A record with an id that is unique within its kind.
pub trait Keyed: Clone {
    fn key(&self) -> &Id;
}

#[derive(Clone)]
pub struct Table<T: Keyed> {
    /// Records in strictly increasing id order, as loaded (in the pieces they were parsed in).
    base: Arc<Chunked<T>>,
    /// Records put since the base was built: new ones, and new versions of base records.
    changed: OrdMap<Id, T>,
    /// How many keys of `changed` are not in `base`.
    added: usize,
}

impl<T: Keyed> Default for Table<T> {
    fn default() -> Self {
        Table {
            base: Arc::new(Chunked::default()),
            changed: OrdMap::new(),
            added: 0,
        }
    }
}

impl<T: Keyed + fmt::Debug> fmt::Debug for Table<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.iter().map(|r| (r.key(), r)))
            .finish()
    }
}

/// How one record differs between two versions of a table.
pub enum Change<'a, T> {
    Added(&'a T),
    Removed(&'a T),
    Updated { before: &'a T, after: &'a T },
}

impl<T: Keyed> Table<T> {
    /// A table over records already in strictly increasing id order (the caller checked).
    pub fn from_sorted(records: impl Into<Chunked<T>>) -> Self {
        let records = records.into();
        debug_assert!(
            records
                .iter()
                .zip(records.iter().skip(1))
                .all(|(a, b)| a.key() < b.key())
        );
        Table {
            base: Arc::new(records),
            changed: OrdMap::new(),
            added: 0,
        }
    }

    /// The records as loaded, before any action changed the table (building indexes).
    pub fn as_loaded(&self) -> &Chunked<T> {
        debug_assert!(self.changed.is_empty());
        &self.base
    }

    /// The loaded records themselves, shared (an index over them reads through them).
    pub fn loaded_shared(&self) -> Arc<Chunked<T>> {
        Arc::clone(&self.base)
    }

    fn base_record<K: Borrow<str> + ?Sized>(&self, id: &K) -> Option<&T> {
        let id = id.borrow();
        self.base.find_by(|record| record.key().as_str().cmp(id))
    }

    pub fn get<K: Borrow<str> + ?Sized>(&self, id: &K) -> Option<&T> {
        match self.changed.get(id.borrow()) {
            Some(record) => Some(record),
            None => self.base_record(id),
        }
    }

    /// Adds a record, or replaces the one with the same id.
    pub fn insert(&mut self, record: T) {
        let id = record.key().clone();
        let in_base = self.base_record(&id).is_some();
        if self.changed.insert(id, record).is_none() && !in_base {
            self.added += 1;
        }
    }

    pub fn len(&self) -> usize {
        self.base.len() + self.added
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when no record was put since the base was built (loaded or merged in bulk).
    pub fn is_as_loaded(&self) -> bool {
        self.changed.is_empty()
    }

    /// Every record in id order.
    pub fn iter(&self) -> Iter<'_, T> {
        Iter {
            base: self.base.iter(),
            changed: self.changed.values(),
            front: None,
            back: None,
            remaining: self.len(),
        }
    }

    /// What changed from `old` to `self`. When both share their base (one was derived from the
    /// other by actions), only the overlays are compared: the cost is what the actions touched.
    pub fn changes_since<'a>(&'a self, old: &'a Table<T>) -> Vec<Change<'a, T>>
    where
        T: PartialEq,
    {
        if !Arc::ptr_eq(&self.base, &old.base) {
            return full_diff(old, self);
        }
        let mut out = Vec::new();
        for item in old.changed.diff(&self.changed) {
            match item {
                DiffItem::Add(id, after) => match old.base_record(id) {
                    Some(before) if before == after => {}
                    Some(before) => out.push(Change::Updated { before, after }),
                    None => out.push(Change::Added(after)),
                },
                DiffItem::Remove(id, before) => match self.base_record(id) {
                    Some(after) if before == after => {}
                    Some(after) => out.push(Change::Updated { before, after }),
                    None => out.push(Change::Removed(before)),
                },
                DiffItem::Update {
                    old: (_, before),
                    new: (_, after),
                } => out.push(Change::Updated { before, after }),
            }
        }
        out
    }

    /// This table with `records` (in strictly increasing id order) put, as one new base: a
    /// sorted merge of the two, for a batch too large to put one by one (an empty table takes
    /// the records as they are).
    pub fn merged(&self, records: Vec<T>) -> Table<T> {
        if self.is_empty() {
            return Table::from_sorted(records);
        }
        let mut out = Vec::with_capacity(self.len() + records.len());
        let mut old = self.iter().peekable();
        for record in records {
            while let Some(o) = old.next_if(|o| o.key() < record.key()) {
                out.push(o.clone());
            }
            old.next_if(|o| o.key() == record.key());
            out.push(record);
        }
        out.extend(old.cloned());
        Table::from_sorted(out)
    }

    /// Removes a record: only tests forge this, to prove that `apply` would notice.
    #[cfg(test)]
    pub fn remove(&mut self, id: &str) {
        let kept: Vec<T> = self
            .iter()
            .filter(|r| r.key().as_str() != id)
            .cloned()
            .collect();
        *self = Table::from_sorted(kept);
    }
}

/// Two tables with unrelated bases, compared record by record (a linear merge).
fn full_diff<'a, T: Keyed + PartialEq>(old: &'a Table<T>, new: &'a Table<T>) -> Vec<Change<'a, T>> {
    let mut out = Vec::new();
    let (mut before, mut after) = (old.iter().peekable(), new.iter().peekable());
    loop {
        let (b, a) = match (before.peek().copied(), after.peek().copied()) {
            (None, None) => return out,
            (Some(_), None) => {
                out.extend(before.by_ref().map(Change::Removed));
                continue;
            }
            (None, Some(_)) => {
                out.extend(after.by_ref().map(Change::Added));
                continue;
            }
            (Some(b), Some(a)) => (b, a),
        };
        match b.key().cmp(a.key()) {
            Ordering::Less => {
                before.next();
                out.push(Change::Removed(b));
            }
            Ordering::Greater => {
                after.next();
                out.push(Change::Added(a));
            }
            Ordering::Equal => {
                before.next();
                after.next();
                if b != a {
                    out.push(Change::Updated {
                        before: b,
                        after: a,
                    });
                }
            }
        }
    }
}

/// The records of a table in id order: the base and the overlay merged, an overlay record hiding
/// the base record it replaces.
pub struct Iter<'a, T> {
    base: Cursor<'a, T>,
    changed: imbl::ordmap::Values<'a, Id, T, imbl::shared_ptr::DefaultSharedPtr>,
    /// Overlay records taken from `changed` but not yielded yet, at each end.
    front: Option<&'a T>,
    back: Option<&'a T>,
    remaining: usize,
}

impl<'a, T: Keyed> Iterator for Iter<'a, T> {
    type Item = &'a T;

    fn next(&mut self) -> Option<&'a T> {
        if self.remaining == 0 {
            return None;
        }
        if self.front.is_none() {
            self.front = self.changed.next().or_else(|| self.back.take());
        }
        let item = match (self.base.peek_front(), self.front) {
            (Some(b), Some(c)) => match b.key().cmp(c.key()) {
                Ordering::Less => {
                    self.base.next();
                    b
                }
                Ordering::Equal => {
                    self.base.next();
                    self.front = None;
                    c
                }
                Ordering::Greater => {
                    self.front = None;
                    c
                }
            },
            (Some(b), None) => {
                self.base.next();
                b
            }
            (None, Some(c)) => {
                self.front = None;
                c
            }
            (None, None) => return None,
        };
        self.remaining -= 1;
        Some(item)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<T: Keyed> DoubleEndedIterator for Iter<'_, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.remaining == 0 {
            return None;
        }
        if self.back.is_none() {
            self.back = self.changed.next_back().or_else(|| self.front.take());
        }
        let item = match (self.base.peek_back(), self.back) {
            (Some(b), Some(c)) => match b.key().cmp(c.key()) {
                Ordering::Greater => {
                    self.base.next_back();
                    b
                }
                Ordering::Equal => {
                    self.base.next_back();
                    self.back = None;
                    c
                }
                Ordering::Less => {
                    self.back = None;
                    c
                }
            },
            (Some(b), None) => {
                self.base.next_back();
                b
            }
            (None, Some(c)) => {
                self.back = None;
                c
            }
            (None, None) => return None,
        };
        self.remaining -= 1;
        Some(item)
    }
}

impl<T: Keyed> ExactSizeIterator for Iter<'_, T> {}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(Clone, Debug, PartialEq)]
    struct Rec(Id, u32);
    impl Keyed for Rec {
        fn key(&self) -> &Id {
            &self.0
        }
    }

    fn rec(key: u8, value: u32) -> Rec {
        Rec(Id::new(format!("k{key:03}")), value)
    }

    /// The same operations on a `BTreeMap`, the obvious model.
    fn model(base: &[u8], puts: &[(u8, u32)]) -> std::collections::BTreeMap<Id, Rec> {
        let mut map = std::collections::BTreeMap::new();
        for &k in base {
            map.insert(rec(k, 0).0, rec(k, 0));
        }
        for &(k, v) in puts {
            map.insert(rec(k, v).0, rec(k, v));
        }
        map
    }

    fn table(base: &[u8], puts: &[(u8, u32)]) -> Table<Rec> {
        let mut keys: Vec<u8> = base.to_vec();
        keys.sort_unstable();
        keys.dedup();
        // Loaded in pieces, as a large file is: every few keys start a new one.
        let records: Vec<Rec> = keys.iter().map(|&k| rec(k, 0)).collect();
        let pieces: Vec<Vec<Rec>> = records.chunks(3).map(<[Rec]>::to_vec).collect();
        let mut table = Table::from_sorted(Chunked::new(pieces));
        for &(k, v) in puts {
            table.insert(rec(k, v));
        }
        table
    }

    proptest! {
        #[test]
        fn a_table_reads_like_a_map_with_the_same_puts(
            base in proptest::collection::vec(any::<u8>(), 0..40),
            puts in proptest::collection::vec((any::<u8>(), 1..5u32), 0..40),
            takes in proptest::collection::vec(any::<bool>(), 0..90),
        ) {
            let table = table(&base, &puts);
            let model = model(&base, &puts);
            prop_assert_eq!(table.len(), model.len());
            let forward: Vec<&Rec> = table.iter().collect();
            let expected: Vec<&Rec> = model.values().collect();
            prop_assert_eq!(&forward, &expected);
            let backward: Vec<&Rec> = table.iter().rev().collect();
            prop_assert_eq!(backward, expected.iter().rev().copied().collect::<Vec<_>>());
            // Taking from both ends meets in the middle without losing or repeating a record.
            let mut iter = table.iter();
            let (mut front, mut back) = (Vec::new(), Vec::new());
            for take_front in takes {
                prop_assert_eq!(iter.len(), expected.len() - front.len() - back.len());
                let next = if take_front { iter.next() } else { iter.next_back() };
                match next {
                    Some(r) if take_front => front.push(r),
                    Some(r) => back.push(r),
                    None => break,
                }
            }
            front.extend(iter.by_ref());
            front.extend(back.into_iter().rev());
            prop_assert_eq!(front, expected);
            for key in 0..=255u8 {
                let id = rec(key, 0).0;
                prop_assert_eq!(table.get(id.as_str()), model.get(&id));
            }
        }

        #[test]
        fn changes_since_lists_exactly_the_records_that_differ(
            base in proptest::collection::vec(any::<u8>(), 0..30),
            first in proptest::collection::vec((any::<u8>(), 0..3u32), 0..20),
            second in proptest::collection::vec((any::<u8>(), 0..3u32), 0..20),
        ) {
            let old = table(&base, &first);
            let mut new = old.clone();
            for &(k, v) in &second {
                new.insert(rec(k, v));
            }
            let before = model(&base, &first);
            let after = model(&base, &[first.clone(), second.clone()].concat());
            let mut expected = Vec::new();
            for (id, a) in &after {
                match before.get(id) {
                    None => expected.push(format!("+{}", a.0)),
                    Some(b) if b != a => expected.push(format!("~{}", a.0)),
                    Some(_) => {}
                }
            }
            expected.sort();
            let describe = |changes: Vec<Change<'_, Rec>>| -> Vec<String> {
                let mut out: Vec<String> = changes.into_iter().map(|c| match c {
                    Change::Added(a) => format!("+{}", a.0),
                    Change::Removed(b) => format!("-{}", b.0),
                    Change::Updated { after, .. } => format!("~{}", after.0),
                }).collect();
                out.sort();
                out
            };
            prop_assert_eq!(describe(new.changes_since(&old)), expected.clone());
            // Unrelated bases (a forged table) are compared in full, with the same answer.
            let rebuilt = Table::from_sorted(new.iter().cloned().collect::<Vec<_>>());
            prop_assert_eq!(describe(rebuilt.changes_since(&old)), expected);
        }
    }

    proptest! {
        #[test]
        fn a_batch_merged_into_the_base_reads_like_the_same_records_put_one_by_one(
            base in proptest::collection::vec(any::<u8>(), 0..40),
            puts in proptest::collection::vec((any::<u8>(), 1..5u32), 0..20),
            batch in proptest::collection::btree_map(any::<u8>(), 5..9u32, 0..40),
        ) {
            let before = table(&base, &puts);
            let records: Vec<Rec> = batch.iter().map(|(&k, &v)| rec(k, v)).collect();
            let merged = before.merged(records.clone());
            let mut one_by_one = before.clone();
            records.into_iter().for_each(|r| one_by_one.insert(r));
            prop_assert_eq!(merged.len(), one_by_one.len());
            prop_assert!(merged.iter().eq(one_by_one.iter()));
            for key in 0..=255u8 {
                let id = rec(key, 0).0;
                prop_assert_eq!(merged.get(id.as_str()), one_by_one.get(id.as_str()));
            }
        }
    }

    #[test]
    fn a_forged_removal_shows_as_removed() {
        let old = table(&[1, 2, 3], &[]);
        let mut new = old.clone();
        new.remove(rec(2, 0).0.as_str());
        let changes = new.changes_since(&old);
        assert!(matches!(changes.as_slice(), [Change::Removed(r)] if r.0.as_str() == "k002"));
    }
}
