//! One kind's records in id order, each found by id from where the last one was found, or else
//! from a hash table (for passes that read every record of a file). Files list records grouped by
//! the owner they name, in the owners' own order, so the owner a record names is usually the one
//! the previous record named, or one of the next few: a comparison or two in memory read a moment
//! ago, instead of a probe into a table of a million entries.

use std::cell::Cell;
use std::collections::HashMap;

use super::id::Id;
use super::table::Keyed;

type Positions<'a> = HashMap<&'a str, u32, foldhash::fast::RandomState>;

/// How many records after the last one found are compared before the table is asked.
const LOOK_AHEAD: usize = 4;

pub struct ById<'a, T> {
    records: Vec<&'a T>,
    positions: Positions<'a>,
}

impl<'a, T: Keyed> ById<'a, T> {
    /// `records` must come in id order (a table's iteration order).
    pub fn new(records: impl ExactSizeIterator<Item = &'a T>) -> Self {
        let records: Vec<&'a T> = records.collect();
        let mut positions = Positions::with_capacity_and_hasher(records.len(), Default::default());
        for (at, record) in records.iter().enumerate() {
            positions.insert(record.key().as_str(), at as u32);
        }
        ById { records, positions }
    }

    /// The position of the record with `id`, looking first at `hint` (the position after the
    /// last one found) and the few after it; `hint` moves on to after the one found.
    pub fn position(&self, id: &Id, hint: &Cell<usize>) -> Option<usize> {
        let from = hint.get();
        let near = self
            .records
            .get(from.saturating_sub(1)..)
            .unwrap_or_default();
        let found = near
            .iter()
            .take(LOOK_AHEAD + 1)
            .position(|record| record.key() == id)
            .map(|offset| from.saturating_sub(1) + offset)
            .or_else(|| self.positions.get(id.as_str()).map(|&at| at as usize));
        if let Some(at) = found {
            hint.set(at + 1);
        }
        found
    }

    pub fn get(&self, id: &Id, hint: &Cell<usize>) -> Option<&'a T> {
        self.position(id, hint).map(|at| self.records[at])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug, PartialEq)]
    struct Rec(Id);
    impl Keyed for Rec {
        fn key(&self) -> &Id {
            &self.0
        }
    }

    proptest::proptest! {
        /// Whatever the order of the questions, the answers are those of a plain search.
        #[test]
        fn finds_every_record_and_nothing_else_in_any_order(
            count in 0usize..60,
            asked in proptest::collection::vec(0usize..80, 0..120),
        ) {
            let records: Vec<Rec> = (0..count).map(|n| Rec(Id::new(format!("r{n:03}")))).collect();
            let by_id = ById::new(records.iter());
            let hint = Cell::new(0);
            for n in asked {
                let id = Id::new(format!("r{n:03}"));
                let expected = records.iter().position(|r| r.0 == id);
                proptest::prop_assert_eq!(by_id.position(&id, &hint), expected);
            }
        }
    }
}
