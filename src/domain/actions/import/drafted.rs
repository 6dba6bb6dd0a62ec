//! Records by an export's key (`KnownLookup`), with the draft answering for the ones the
//! import put under their own id.
//!
//! Into a workspace that held none of a kind, every record of that kind the draft holds is
//! one the import's steps put, and nearly each under its own id (a GDAP relationship's id is
//! the key of Microsoft's; a reseller relationship's is its own key unless it has capitals).
//! Those are found in the draft, and only the others are noted in the lookup: at 100,000
//! customers, 200,000 inserts fewer into a table of 200,000 relationships (each a cache miss)
//! and the table's memory; as many for the subscriptions (a new one's id is its key).

use super::key_text::{id_of_key, is_key, key_of};
use super::known::{Known, KnownLookup};
use crate::tables::id::Id;
use crate::tables::room::Room;
use crate::tables::table::Keyed;
use crate::tables::text::Text;

pub struct Drafted<'b, T> {
    lookup: KnownLookup<'b, T>,
    /// The workspace held none of the kind: a record the steps put under its own id is
    /// found in the draft, not in `lookup`.
    in_draft: bool,
}

impl<'b, T: Keyed + 'b> Drafted<'b, T> {
    /// Every record found in `lookup` (until `find_in_draft`).
    pub fn new(lookup: KnownLookup<'b, T>) -> Self {
        Drafted {
            lookup,
            in_draft: false,
        }
    }

    /// The lookup of what the workspace held, for the comparisons before any step.
    pub fn held(&self) -> &KnownLookup<'b, T> {
        &self.lookup
    }

    /// Before any step puts a record: when the workspace held none of the kind, the records
    /// the steps put under their own ids are found in the draft from now on.
    pub fn find_in_draft_if_none_held(&mut self) {
        self.in_draft = self.lookup.is_empty();
    }

    /// Whether the draft answers for the records the steps put under their own ids.
    pub fn in_draft(&self) -> bool {
        self.in_draft
    }

    /// The record the export's id `text` names; `drafted` says whether the draft holds a
    /// record with an id.
    pub fn get(&self, text: &Text, drafted: impl FnOnce(&Id) -> bool) -> Option<Known<'b, T>> {
        let key = key_of(text);
        if let Some(known) = self.lookup.get(&key) {
            return Some(known);
        }
        if !self.in_draft {
            return None;
        }
        // Nothing was held before: a record found is one the steps put.
        let id = id_of_key(text);
        drafted(&id).then(|| Known::put(id))
    }

    /// Whether a step put (or linked) a record under the key of the export's id `text`;
    /// `drafted` as for `get`.
    pub fn put_by_import(&self, text: &Text, drafted: impl FnOnce(&Id) -> bool) -> bool {
        self.lookup.put_by_import(&key_of(text)) || (self.in_draft && drafted(&id_of_key(text)))
    }

    /// Room for `more` records put under a key (none needed when found in the draft).
    pub fn reserve(&mut self, more: usize) {
        if !self.in_draft {
            self.lookup.reserve(more);
        }
    }

    /// Notes that a step put (or linked) the record `id` under `key`. Under another key
    /// than its id, a record's id is never a key itself (a reseller relationship's id with
    /// capitals), else the draft would answer for it under that id too: only a link puts
    /// one so, and it links a plan the workspace held, which then held a relationship.
    pub fn put(&mut self, key: &Id, id: &Id) {
        if self.in_draft && key == id {
            // Found in the draft from now on, unless a record with another id was put under
            // that key before: the later one is found, as the lookup finds it.
            if !self.lookup.is_empty() {
                self.lookup.remove(key.as_str());
            }
            return;
        }
        self.lookup.insert(key.clone(), Known::put(id.clone()));
    }

    /// `put` under the key of the record's own id: the id itself when it already is one.
    pub fn put_own(&mut self, id: &Id) {
        if is_key(id.as_str()) {
            self.put(id, id);
        } else {
            self.put(&Id::new(key_of(id.as_str())), id);
        }
    }

    /// The table made for the records the import will put (`reserve`).
    pub fn room(&self) -> Vec<Room> {
        self.lookup.room()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone)]
    struct Record(Id);

    impl Keyed for Record {
        fn key(&self) -> &Id {
            &self.0
        }
    }

    fn empty<'b>() -> Drafted<'b, Record> {
        Drafted::new(KnownLookup::of(std::iter::empty()))
    }

    /// What `lookup` finds under each of `keys`, the draft holding `drafted`.
    fn found(lookup: &Drafted<'_, Record>, drafted: &[&str], keys: &[&str]) -> Vec<Option<Id>> {
        let holds = |id: &Id| drafted.contains(&id.as_str());
        let find = |key: &&str| lookup.get(&Text::from(*key), holds).map(|known| known.id);
        keys.iter().map(find).collect()
    }

    #[test]
    fn into_a_workspace_that_held_none_what_is_put_under_its_own_id_is_found_in_the_draft() {
        let mut lookup = empty();
        lookup.find_in_draft_if_none_held();
        assert!(lookup.in_draft());
        lookup.put(&Id::new("a"), &Id::new("a"));
        lookup.put(&Id::new("b"), &Id::new("B"));
        assert!(lookup.held().keys_before().next().is_none());
        // Found under any spelling of its key; "B" is found only as the lookup notes it.
        assert_eq!(
            found(&lookup, &["a", "B"], &[" A ", "a", "b", "c"]),
            vec![
                Some(Id::new("a")),
                Some(Id::new("a")),
                Some(Id::new("B")),
                None
            ]
        );
        // The draft alone says what it holds: a record never put is never found.
        assert_eq!(found(&lookup, &[], &["a"]), vec![None]);
        let put = |key: &str, drafted: &[&str]| {
            lookup.put_by_import(&Text::from(key), |id| drafted.contains(&id.as_str()))
        };
        assert_eq!(
            [put(" A", &["a"]), put("b", &["B"]), put("c", &["a", "B"])],
            [true, true, false]
        );
    }

    #[test]
    fn a_later_record_under_a_key_is_found_whichever_of_the_two_keeps_it() {
        let mut lookup = empty();
        lookup.find_in_draft_if_none_held();
        // "B" under "b", then "b" itself: the later, as a lookup of every put finds.
        lookup.put(&Id::new("b"), &Id::new("B"));
        lookup.put(&Id::new("b"), &Id::new("b"));
        assert_eq!(
            found(&lookup, &["b", "B"], &["b"]),
            vec![Some(Id::new("b"))]
        );
        // And the other way round.
        lookup.put(&Id::new("b"), &Id::new("B"));
        assert_eq!(
            found(&lookup, &["b", "B"], &["b"]),
            vec![Some(Id::new("B"))]
        );
    }

    #[test]
    fn a_workspace_that_held_records_finds_every_put_in_its_lookup() {
        let held = [Record(Id::new("h"))];
        let mut lookup = Drafted::new(KnownLookup::of(held.iter().map(|r| (None, r))));
        lookup.find_in_draft_if_none_held();
        assert!(!lookup.in_draft());
        lookup.put(&Id::new("a"), &Id::new("a"));
        // The draft is not asked: only what the lookup notes is found.
        assert_eq!(
            found(&lookup, &["z"], &["a", "h", "z"]),
            vec![Some(Id::new("a")), Some(Id::new("h")), None]
        );
        // Put by the import: "a", not the held "h".
        let put = |key: &str| lookup.put_by_import(&Text::from(key), |_| true);
        assert_eq!([put("a"), put("h"), put("z")], [true, false, false]);
    }
}
