//! An index of (owner, record) links (every record that names a given owner) that
//! costs four bytes per loaded record: the loaded links are the positions of the table's own
//! loaded records, ordered by (owner, id), and read through the records themselves. What actions
//! change afterwards is kept as persistent sets of links added and removed, as in `LayeredSet`,
//! so a clone stays O(1) and a change O(log n).

use std::cmp::Ordering;
use std::fmt;
use std::sync::Arc;

use imbl::OrdSet;

use super::chunked::Chunked;
use super::id::Id;
use super::layered_set::merge;
use super::table::Keyed;

/// (owner, record).
pub type Link = (Id, Id);

/// Which of a record's fields names its owner.
pub type OwnerOf<T> = fn(&T) -> &Id;

#[derive(Clone)]
pub struct OwnerIndex<T: Keyed> {
    /// The table's records as loaded (shared with the table, not copied).
    records: Arc<Chunked<T>>,
    /// Positions in `records`, in (owner, id) order.
    order: Arc<Vec<u32>>,
    owner: OwnerOf<T>,
    added: OrdSet<Link>,
    /// Loaded links removed since (never holds anything outside the loaded ones).
    removed: OrdSet<Link>,
}

impl<T: Keyed> fmt::Debug for OwnerIndex<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: Keyed> OwnerIndex<T> {
    /// The index over `records` (in id order, as the table holds them); `order` their positions
    /// by (owner, id), as `by_owner` gives them.
    pub fn new(records: Arc<Chunked<T>>, order: Vec<u32>, owner: OwnerOf<T>) -> Self {
        debug_assert_eq!(order.len(), records.len());
        OwnerIndex {
            records,
            order: Arc::new(order),
            owner,
            added: OrdSet::new(),
            removed: OrdSet::new(),
        }
    }

    /// An empty index (no loaded records).
    pub fn empty(owner: OwnerOf<T>) -> Self {
        OwnerIndex::new(Arc::new(Chunked::default()), Vec::new(), owner)
    }

    fn loaded_link(&self, at: u32) -> (&Id, &Id) {
        let record = &self.records[at as usize];
        ((self.owner)(record), record.key())
    }

    fn compare(&self, at: u32, link: (&Id, &Id)) -> Ordering {
        self.loaded_link(at).cmp(&link)
    }

    fn is_loaded(&self, link: &Link) -> bool {
        let link = (&link.0, &link.1);
        self.order
            .binary_search_by(|&at| self.compare(at, link))
            .is_ok()
    }

    pub fn insert(&mut self, link: Link) {
        if self.removed.remove(&link).is_some() || self.is_loaded(&link) {
            return;
        }
        self.added.insert(link);
    }

    pub fn remove(&mut self, link: &Link) {
        if self.added.remove(link).is_none() && self.is_loaded(link) {
            self.removed.insert(link.clone());
        }
    }

    /// The records of `owner`, in id order.
    pub fn owned_by<'a>(&'a self, owner: &Id) -> impl Iterator<Item = &'a Id> + 'a {
        let from = self
            .order
            .partition_point(|&at| (self.owner)(&self.records[at as usize]) < owner);
        let (of_loaded, of_added) = (owner.clone(), owner.clone());
        let loaded = self
            .loaded_from(from)
            .take_while(move |(first, _)| **first == of_loaded);
        let added = self
            .added
            .range((owner.clone(), Id::new(""))..)
            .take_while(move |(first, _)| *first == of_added)
            .map(|(owner, record)| (owner, record));
        merge(loaded, added).map(|(_, record)| record)
    }

    /// Loaded links from position `from` of `order` on, less the removed ones.
    fn loaded_from(&self, from: usize) -> impl Iterator<Item = (&Id, &Id)> + '_ {
        self.order[from..]
            .iter()
            .map(|&at| self.loaded_link(at))
            .filter(move |(owner, record)| {
                self.removed.is_empty()
                    || !self
                        .removed
                        .contains(&((*owner).clone(), (*record).clone()))
            })
    }

    /// Every link, in (owner, id) order.
    pub fn iter(&self) -> impl Iterator<Item = (&Id, &Id)> + '_ {
        merge(
            self.loaded_from(0),
            self.added.iter().map(|(owner, record)| (owner, record)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    struct Rec(Id, Id);
    impl Keyed for Rec {
        fn key(&self) -> &Id {
            &self.0
        }
    }

    fn id(n: u8) -> Id {
        Id::new(format!("k{n:02}"))
    }

    proptest! {
        /// Loaded records with owners, then links added and removed: the index answers every
        /// owner's records like a `BTreeSet` of (owner, record) given the same changes.
        #[test]
        fn an_owner_index_reads_like_a_btreeset_of_links_after_the_same_changes(
            loaded in proptest::collection::btree_map(0..40u8, 0..6u8, 0..30),
            changes in proptest::collection::vec((any::<bool>(), 0..8u8, 0..50u8), 0..60),
        ) {
            let records: Vec<Rec> = loaded.iter().map(|(&r, &o)| Rec(id(r), id(o))).collect();
            let mut order: Vec<u32> = (0..records.len() as u32).collect();
            order.sort_by(|&a, &b| {
                let (a, b) = (&records[a as usize], &records[b as usize]);
                (&a.1, &a.0).cmp(&(&b.1, &b.0))
            });
            let mut model: std::collections::BTreeSet<Link> =
                records.iter().map(|r| (r.1.clone(), r.0.clone())).collect();
            let mut index = OwnerIndex::new(Arc::new(records.into()), order, |r: &Rec| &r.1);
            for (add, owner, record) in changes {
                let link = (id(owner), id(record));
                if add {
                    index.insert(link.clone());
                    model.insert(link);
                } else {
                    index.remove(&link);
                    model.remove(&link);
                }
            }
            let all: Vec<Link> = index.iter().map(|(o, r)| (o.clone(), r.clone())).collect();
            prop_assert_eq!(&all, &model.iter().cloned().collect::<Vec<_>>());
            for owner in 0..8u8 {
                let owner = id(owner);
                let got: Vec<Id> = index.owned_by(&owner).cloned().collect();
                let want: Vec<Id> = model.iter().filter(|l| l.0 == owner).map(|l| l.1.clone()).collect();
                prop_assert_eq!(got, want);
            }
        }
    }
}
