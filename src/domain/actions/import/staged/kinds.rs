//! The import staging's storage: a kind's staged records with their lookup by id, lookups by
//! other keys (owner, a hash of a name), and how staged records read together with the
//! draft's (merged in id order, or changed since a state).

use std::hash::BuildHasher;

use foldhash::fast::RandomState;
use hashbrown::HashTable;

use smallvec::SmallVec;

use crate::domain::facts::Change;
use crate::domain::records::Relationship;
use crate::tables::id::Id;
use crate::tables::room::{NotedMap, Noting, Room, noted_map, room_of};
use crate::tables::table::Keyed;

/// Hash maps that say where their table is, to be mapped ahead (`Staged::room`).
pub(super) type Map<K, V> = NotedMap<K, V>;

/// Staged records of one kind, in the order first put, found by id (`S`: what the lookup
/// keeps of each record).
#[derive(Clone)]
pub(super) struct Kind<T, S = Place> {
    pub(super) records: Vec<T>,
    /// Each record's slot, filed under the hash of its id.
    at: HashTable<S, Noting>,
    hasher: RandomState,
    /// The place of the record put last, looked at before the table: a step puts a customer,
    /// then its reseller relationship, which asks for that customer at once.
    last_put: Option<usize>,
}

/// What a kind's lookup keeps of a record: its place, and how to tell it is the one with an id.
pub(super) trait Slot: Sized {
    fn new(id: &Id, at: usize) -> Self;
    fn at(&self) -> usize;
    /// The id of the record in this slot, looked at in `records` if the slot holds none.
    fn id<'s, T: Keyed>(&'s self, records: &'s [T]) -> Option<&'s Id>;
}

/// The place alone (one number a record, a quarter of a slot with the id): the id is read
/// from the record. For kinds mostly put, seldom looked up: putting copies no id.
#[derive(Clone, Copy)]
pub(super) struct Place(usize);

impl Slot for Place {
    fn new(_: &Id, at: usize) -> Self {
        Place(at)
    }
    fn at(&self) -> usize {
        self.0
    }
    fn id<'s, T: Keyed>(&'s self, records: &'s [T]) -> Option<&'s Id> {
        records.get(self.0).map(Keyed::key)
    }
}

/// The place with the id beside it: for a kind looked up by every record put after it (each
/// relationship and subscription asks for its customer), confirmed without reading the
/// record, which is far away in memory.
#[derive(Clone)]
pub(super) struct PlaceWithId(Id, usize);

impl Slot for PlaceWithId {
    fn new(id: &Id, at: usize) -> Self {
        PlaceWithId(id.clone(), at)
    }
    fn at(&self) -> usize {
        self.1
    }
    fn id<'s, T: Keyed>(&'s self, _: &'s [T]) -> Option<&'s Id> {
        Some(&self.0)
    }
}

impl<T, S> Kind<T, S> {
    /// Room for `incoming` records when the draft holds none of the kind (an import into an
    /// empty workspace adds them all), so the vector and its lookup never grow by copying.
    pub(super) fn sized(incoming: usize, held: (usize, Option<usize>)) -> Kind<T, S> {
        let room = if held.0 > 0 { 0 } else { incoming };
        Kind {
            records: Vec::with_capacity(room),
            at: HashTable::with_capacity_in(room, Noting::default()),
            hasher: RandomState::default(),
            last_put: None,
        }
    }
}

impl<T: Keyed, S: Slot> Kind<T, S> {
    /// The place of the record with `id`, with the hash of `id`.
    fn place(&self, id: &Id, hash: u64) -> Option<usize> {
        let records = &self.records;
        let is = |slot: &S| slot.id(records).is_some_and(|key| key == id);
        self.at.find(hash, is).map(Slot::at)
    }

    pub(super) fn get(&self, id: &Id) -> Option<&T> {
        if self.records.is_empty() {
            return None;
        }
        if let Some(last) = self.last_put.and_then(|at| self.records.get(at))
            && last.key() == id
        {
            return Some(last);
        }
        let at = self.place(id, self.hasher.hash_one(id))?;
        self.records.get(at)
    }

    pub(super) fn has(&self, id: &Id) -> bool {
        // Most of a re-import stages nothing: no hashing then.
        self.get(id).is_some()
    }

    /// Puts `record`, giving back where it stands and the staged version it replaces (a
    /// record keeps its place until `into_records`).
    pub(super) fn put(&mut self, record: T) -> (usize, Option<T>) {
        let hash = self.hasher.hash_one(record.key());
        // One look into the table: most puts of an import are of new records.
        if let Some(at) = self.place(record.key(), hash)
            && let Some(old) = self.records.get_mut(at)
        {
            self.last_put = Some(at);
            return (at, Some(std::mem::replace(old, record)));
        }
        let at = self.records.len();
        let (records, hasher) = (&self.records, &self.hasher);
        let rehash = |slot: &S| slot.id(records).map_or(0, |id| hasher.hash_one(id));
        self.at
            .insert_unique(hash, S::new(record.key(), at), rehash);
        self.records.push(record);
        self.last_put = Some(at);
        (at, None)
    }

    /// The room kept in the vector for the records to come.
    pub(super) fn records_room(&self) -> Room {
        Room::left_in(&self.records)
    }

    /// Its lookup table's, when it was made with room since the last time asked.
    pub(super) fn table_room(&self) -> Vec<Room> {
        self.at.allocator().take()
    }

    /// The records, for the batch (which puts them in order).
    pub(super) fn into_records(self) -> Vec<T> {
        drop(self.at);
        self.records
    }
}

/// Staged records by a key (their owner, a hash of a name), as their places among the staged
/// records of their kind: candidates, confirmed on the record. Most keys have one or two
/// records, kept inline.
#[derive(Clone)]
pub(super) struct Lookup<K>(Map<K, SmallVec<[usize; 2]>>);

impl<K: std::hash::Hash + Eq> Default for Lookup<K> {
    fn default() -> Self {
        Lookup(Map::default())
    }
}

impl<K: std::hash::Hash + Eq> Lookup<K> {
    /// Room for `keys` keys, so a lookup filled by an import never grows by rehashing.
    pub(super) fn sized(keys: usize) -> Lookup<K> {
        Lookup(noted_map(keys))
    }

    /// Notes that the record at `at` is now under `new` (it was under `old` when staged
    /// before).
    pub(super) fn put(&mut self, old: Option<K>, new: Option<K>, at: usize) {
        if old == new {
            return;
        }
        if let Some(list) = old.and_then(|old| self.0.get_mut(&old)) {
            list.retain(|other| *other != at);
        }
        if let Some(new) = new {
            self.0.entry(new).or_default().push(at);
        }
    }

    /// Its table, when it was made with room since the last time asked.
    pub(super) fn room(&self) -> Vec<Room> {
        room_of(&self.0)
    }

    pub(super) fn of<Q>(&self, key: &Q) -> &[usize]
    where
        K: std::borrow::Borrow<Q>,
        Q: std::hash::Hash + Eq + ?Sized,
    {
        self.0.get(key).map_or(&[], SmallVec::as_slice)
    }
}

/// A hash of `text` with ASCII letters lowered (no allocation): an identifier's key in a
/// lookup, whatever its case.
pub(super) fn folded(text: &str) -> Option<u64> {
    use std::hash::{BuildHasher, Hasher};
    if text.is_empty() {
        return None;
    }
    let mut hasher = foldhash::fast::FixedState::with_seed(0x51a9).build_hasher();
    let mut lowered = [0u8; 64];
    for block in text.as_bytes().chunks(lowered.len()) {
        let lowered = &mut lowered[..block.len()];
        lowered.copy_from_slice(block);
        lowered.make_ascii_lowercase();
        hasher.write(lowered);
    }
    hasher.write_usize(text.len());
    Some(hasher.finish())
}

/// A customer's key in the lookup of its relationships: its id hashed, so an entry holds no
/// copy of the id (candidates are confirmed on the record).
pub(super) fn customer_hash(customer: &Id) -> u64 {
    foldhash::fast::FixedState::with_seed(0xc0).hash_one(customer.as_str())
}

/// GD6's key of a relationship, its partner and GDAP name in lower case, hashed (a name in
/// ASCII without a copy).
pub(super) fn gdap_hash(partner: &Id, name: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = foldhash::fast::FixedState::with_seed(0x6d6).build_hasher();
    hasher.write(partner.as_str().as_bytes());
    hasher.write_u8(0xff);
    let lowered;
    let name = if name.is_ascii() {
        name
    } else {
        lowered = name.to_lowercase();
        &lowered
    };
    let mut chunk = [0u8; 64];
    for block in name.as_bytes().chunks(chunk.len()) {
        let chunk = &mut chunk[..block.len()];
        chunk.copy_from_slice(block);
        chunk.make_ascii_lowercase();
        hasher.write(chunk);
    }
    hasher.write_usize(name.len());
    hasher.finish()
}

/// Two GDAP names GD6 takes for the same: equal in lower case (`str::to_lowercase`).
pub(super) fn same_gdap_name(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

pub(super) fn gdap_hash_of(r: &Relationship) -> Option<u64> {
    r.gdap_name().map(|name| gdap_hash(&r.partner_id, name))
}

/// `base`'s records not staged since, and the staged ones `matching`, in id order.
pub(super) fn merged<'a, T: Keyed + 'a, S: Slot>(
    base: impl Iterator<Item = &'a T>,
    staged: &'a Kind<T, S>,
    matching: impl Iterator<Item = &'a T>,
) -> smallvec::IntoIter<[&'a T; 4]> {
    let mut out: SmallVec<[&T; 4]> = if staged.records.is_empty() {
        base.collect()
    } else {
        base.filter(|r| !staged.has(r.key())).collect()
    };
    let before = out.len();
    out.extend(matching);
    if out.len() > before {
        out.sort_unstable_by(|a, b| a.key().cmp(b.key()));
    }
    out.into_iter()
}

/// `Records::customer_since` and kin for one kind: `before` itself unless the import staged
/// the record since (then `lookup`, which finds the staged one), `lookup` when no `before`.
pub(super) fn since<'s, T: Keyed, S: Slot>(
    staged: &Kind<T, S>,
    id: &Id,
    before: Option<&'s T>,
    lookup: impl FnOnce() -> Option<&'s T>,
) -> Option<&'s T> {
    match before {
        Some(before) if !staged.has(id) => Some(before),
        _ => lookup(),
    }
}

/// The staged records `candidates` names that `keep` accepts.
pub(super) fn candidates<'a, T: Keyed, S>(
    staged: &'a Kind<T, S>,
    candidates: &'a [usize],
    keep: impl Fn(&T) -> bool + 'a,
) -> impl Iterator<Item = &'a T> + 'a {
    candidates
        .iter()
        .filter_map(|&at| staged.records.get(at))
        .filter(move |r| keep(r))
}

/// Every record of a kind in id order: `base`'s, staged ones in their place.
pub(super) fn all<'a, T: Keyed, S: Slot>(
    base: impl Iterator<Item = &'a T>,
    staged: &'a Kind<T, S>,
) -> std::vec::IntoIter<&'a T> {
    let mut out: Vec<&T> = base.filter(|r| !staged.has(r.key())).collect();
    out.extend(staged.records.iter());
    out.sort_unstable_by(|a, b| a.key().cmp(b.key()));
    out.into_iter()
}

/// How the staged records of one kind differ from `before`'s (a state this one came from),
/// beside the changes of the draft itself.
pub(super) fn staged_changes<'a, T: Keyed + PartialEq, S: Slot>(
    now: &'a Kind<T, S>,
    before: &'a Kind<T, S>,
    now_get: impl Fn(&Id) -> Option<&'a T>,
    before_get: impl Fn(&Id) -> Option<&'a T>,
    draft: Vec<Change<'a, T>>,
) -> Vec<Change<'a, T>> {
    let key = |change: &Change<'_, T>| match change {
        Change::Added(r) | Change::Removed(r) | Change::Updated { after: r, .. } => r.key().clone(),
    };
    let mut out: Vec<Change<'a, T>> = draft
        .into_iter()
        .filter(|c| {
            let id = key(c);
            !now.has(&id) && !before.has(&id)
        })
        .collect();
    for after in &now.records {
        match before_get(after.key()) {
            None => out.push(Change::Added(after)),
            Some(b) if b != after => out.push(Change::Updated { before: b, after }),
            Some(_) => {}
        }
    }
    for b in before.records.iter().filter(|b| !now.has(b.key())) {
        match now_get(b.key()) {
            None => out.push(Change::Removed(b)),
            Some(after) if after != b => out.push(Change::Updated { before: b, after }),
            Some(_) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug, PartialEq)]
    struct Record(Id, u32);

    impl Keyed for Record {
        fn key(&self) -> &Id {
            &self.0
        }
    }

    /// Puts records under ids long enough to live apart from their slot, one id twice.
    fn filled<S: Slot>() -> Kind<Record, S> {
        let mut kind: Kind<Record, S> = Kind::sized(3, (0, None));
        let id = |n: u32| Id::new(format!("a-record-id-long-enough-to-be-shared-{n}"));
        assert_eq!(kind.put(Record(id(1), 1)), (0, None));
        assert_eq!(kind.put(Record(id(2), 2)), (1, None));
        assert_eq!(
            kind.put(Record(id(1), 3)),
            (0, Some(Record(id(1), 1))),
            "the same id again replaces the record in its place"
        );
        for n in 0..2_000 {
            kind.put(Record(id(100 + n), n));
        }
        assert_eq!(kind.get(&id(1)), Some(&Record(id(1), 3)));
        assert_eq!(kind.get(&id(2099)), Some(&Record(id(2099), 1999)));
        assert!(kind.has(&id(2)) && !kind.has(&id(3)) && !kind.has(&Id::new("")));
        kind
    }

    #[test]
    fn a_kind_finds_each_record_by_id_whether_its_slots_keep_the_ids_or_only_places() {
        let places: Kind<Record, Place> = filled();
        let with_ids: Kind<Record, PlaceWithId> = filled();
        assert_eq!(places.into_records(), with_ids.into_records());
    }

    #[test]
    fn gdap_names_are_the_same_exactly_when_their_lower_case_is_and_hash_alike_then() {
        let partner = Id::new("tidewater");
        let names = [
            "Service desk",
            "SERVICE DESK",
            "service desk ",
            "ΟΔΥΣΣΕΥΣ",
            "οδυσσευς",
            "Straße",
            "STRASSE",
            "\u{212A}elvin",
            "kelvin",
        ];
        for a in names {
            for b in names {
                let same = a.to_lowercase() == b.to_lowercase();
                assert_eq!(same_gdap_name(a, b), same, "{a:?} vs {b:?}");
                if same {
                    assert_eq!(
                        gdap_hash(&partner, a),
                        gdap_hash(&partner, b),
                        "{a:?} vs {b:?}"
                    );
                }
            }
        }
        assert_ne!(
            gdap_hash(&partner, "desk"),
            gdap_hash(&Id::new("other"), "desk"),
            "the partner is part of the key"
        );
    }
}
