//! One kind's records in id order, each found by id from where the last one was found, or else
//! from a hash table (for passes that read every record of a file). Files list records grouped by
//! the owner they name, in the owners' own order, so the owner a record names is usually the one
//! the previous record named, or one of the next few: a comparison or two in memory read a moment
//! ago, instead of a probe into a table of a million entries.

use std::cell::Cell;
use std::collections::HashMap;

use super::id::Id;
use super::table::Keyed;

/// Keyed by copies of the ids (an id is inline, a long one shared), so a lookup reads the
/// table alone, not a record somewhere in memory.
type Positions = HashMap<Id, u32, foldhash::fast::RandomState>;

/// How many records after the last one found are compared before the table is asked, while
/// lookups land near the one before.
const LOOK_AHEAD: usize = 4;
/// The bit of a hint that says its last lookup landed far from the one before. Then the table
/// is asked at once: a file that lists records in an order of their own (an import's
/// subscriptions, by their GUIDs) names owners at random, and comparing records near the last
/// one, each a cache miss (the table keeps its own copies of the ids, so a lookup through it
/// reads no record), was 40% of `check`. The same id asked again finds the table's entry in
/// the cache.
const JUMPED: usize = 1 << (usize::BITS - 1);

pub struct ById<'a, T> {
    records: Vec<&'a T>,
    positions: Positions,
}

impl<'a, T: Keyed> ById<'a, T> {
    /// `records` must come in id order (a table's iteration order).
    pub fn new(records: impl ExactSizeIterator<Item = &'a T>) -> Self {
        let records: Vec<&'a T> = records.collect();
        let mut positions = Positions::with_capacity_and_hasher(records.len(), Default::default());
        for (at, record) in records.iter().enumerate() {
            positions.insert(record.key().clone(), at as u32);
        }
        ById { records, positions }
    }

    /// The position of the record with `id`, looking first at the last one found through
    /// `hint` and the few after it (unless the last lookup jumped). A hint starts as `Cell::new(0)` and is otherwise only
    /// passed back here: it holds where the last lookup landed and whether that was far.
    pub fn position(&self, id: &Id, hint: &Cell<usize>) -> Option<usize> {
        let (from, jumped) = (hint.get() & !JUMPED, hint.get() & JUMPED != 0);
        let last = from.saturating_sub(1);
        let near = self.records.get(last..).unwrap_or_default();
        let look = if jumped { 0 } else { LOOK_AHEAD + 1 };
        let found = near
            .iter()
            .take(look)
            .position(|record| record.key() == id)
            .map(|offset| (last + offset, false));
        let found = found.or_else(|| {
            let at = *self.positions.get(id.as_str())? as usize;
            Some((at, true))
        });
        let (at, by_table) = found?;
        // Near again once the table's answers follow the last one; the same one asked again
        // leaves the hint as it was.
        let far = match (by_table, at == last) {
            (false, _) => false,
            (true, true) => jumped,
            (true, false) => at < last || at > last + LOOK_AHEAD,
        };
        hint.set((at + 1) | if far { JUMPED } else { 0 });
        Some(at)
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
                proptest::prop_assert_eq!(by_id.get(&id, &hint).map(|r| &r.0), expected.map(|_| &id));
            }
        }
    }

    #[test]
    fn after_a_jump_the_next_ones_in_order_count_as_near_again() {
        let records: Vec<Rec> = (0..100).map(|n| Rec(Id::new(format!("r{n:03}")))).collect();
        let by_id = ById::new(records.iter());
        let hint = Cell::new(0);
        let id = |n: usize| Id::new(format!("r{n:03}"));
        assert_eq!(by_id.position(&id(70), &hint), Some(70));
        assert_eq!(hint.get(), 71 | JUMPED, "far from the start");
        assert_eq!(by_id.position(&id(70), &hint), Some(70), "asked again");
        assert_eq!(
            hint.get(),
            71 | JUMPED,
            "the same one again leaves the hint"
        );
        assert_eq!(by_id.position(&id(74), &hint), Some(74));
        assert_eq!(
            hint.get(),
            75,
            "the table's answer follows the last: near again"
        );
        assert_eq!(by_id.position(&id(76), &hint), Some(76));
        assert_eq!(hint.get(), 77, "found near");
        assert_eq!(by_id.position(&id(3), &hint), Some(3));
        assert_eq!(hint.get(), 4 | JUMPED);
        assert_eq!(by_id.position(&id(3), &hint), Some(3));
        assert_eq!(hint.get(), 4 | JUMPED);
        assert_eq!(by_id.position(&id(5), &hint), Some(5));
        assert_eq!(hint.get(), 6, "near the last");
        assert_eq!(by_id.position(&Id::new("nope"), &hint), None);
        assert_eq!(hint.get(), 6, "a miss leaves the hint");
    }
}
