//! The workspace's records of a kind by the key an export names them with: Microsoft's id
//! first, then their own id for records that keep none (an `import` action given as JSON may
//! name them so), so a re-import matches what it brought before and a plan linked to
//! Microsoft's record is found under Microsoft's id.
//!
//! Usually every record a workspace holds is named by its own id (an import makes a record's
//! id of Microsoft's): then the records are found in the workspace's own id order, from where
//! the last one was found, since merged exports come in key order too. Only a workspace where
//! some Microsoft id differs from its record's id gets a hash table of them all.

use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::key_text::{is_key, key_of, key_sharing};
use crate::tables::id::Id;
use crate::tables::room::{NotedMap, Room, noted_map, room_of};
use crate::tables::table::Keyed;
use crate::tables::text::Text;

/// A record found by an export's key: its id and, when the workspace held it before the
/// import, the record as it stood then (most of a re-import compares with that, with no
/// second lookup by id).
pub struct Known<'b, T> {
    pub id: Id,
    pub before: Option<&'b T>,
}

impl<T> Clone for Known<'_, T> {
    fn clone(&self) -> Self {
        Known {
            id: self.id.clone(),
            before: self.before,
        }
    }
}

impl<T> Known<'_, T> {
    /// A record the import itself put.
    pub fn put(id: Id) -> Self {
        Known { id, before: None }
    }
}

/// Records by an export's key.
pub type KnownMap<'b, T> = NotedMap<Id, Known<'b, T>>;

/// How many records after the last one found are compared before a search.
const LOOK_AHEAD: usize = 4;

pub struct KnownLookup<'b, T> {
    /// The workspace's records in id order, when each is named by its own id alone.
    sorted: Option<Vec<&'b T>>,
    /// Where the next key in order is looked for first (by `get`; looks side by side keep
    /// their own: `get_from`). Atomic only so that the lookup can be shared; one thread
    /// moves it.
    cursor: AtomicUsize,
    /// The records the import put, by key; every record by key when `sorted` is `None`.
    map: KnownMap<'b, T>,
    /// How many records the import put (or linked) under a key.
    puts: usize,
}

impl<'b, T: Keyed + 'b> KnownLookup<'b, T> {
    /// Over `records` (in id order), each with its Microsoft id.
    pub fn of(records: impl Iterator<Item = (Option<&'b Text>, &'b T)>) -> Self {
        let records: Vec<(Option<&'b Text>, &'b T)> = records.collect();
        let mut last: Option<&str> = None;
        let named_by_own_ids = records.iter().all(|&(external, record)| {
            let id = record.key().as_str();
            let in_order = last.is_none_or(|last| last < id);
            last = Some(id);
            in_order && is_key(id) && external.is_none_or(|e| key_of(e) == id)
        });
        if named_by_own_ids {
            return KnownLookup {
                sorted: Some(records.into_iter().map(|(_, record)| record).collect()),
                cursor: AtomicUsize::new(0),
                map: KnownMap::default(),
                puts: 0,
            };
        }
        KnownLookup {
            sorted: None,
            cursor: AtomicUsize::new(0),
            map: by_microsoft_id(records),
            puts: 0,
        }
    }

    /// The record the export's `key` names.
    pub fn get(&self, key: &str) -> Option<Known<'b, T>> {
        let cursor = Cell::new(self.cursor.load(Ordering::Relaxed));
        let found = self.get_from(key, &cursor);
        self.cursor.store(cursor.get(), Ordering::Relaxed);
        found
    }

    /// `get`, looked for from `cursor`'s place in the draft's records, which it moves.
    pub fn get_from(&self, key: &str, cursor: &Cell<usize>) -> Option<Known<'b, T>> {
        if let Some(known) = self.map.get(key) {
            return Some(known.clone());
        }
        let records = self.sorted.as_deref()?;
        let record = records.get(position(records, key, cursor)?)?;
        Some(Known {
            id: record.key().clone(),
            before: Some(record),
        })
    }

    /// Room for `more` records put under a key, so that the lookup does not grow by rehashing.
    pub fn reserve(&mut self, more: usize) {
        self.map.reserve(more);
    }

    /// Whether it finds no record at all (a workspace holding none of the kind, nothing put).
    pub fn is_empty(&self) -> bool {
        self.sorted.as_ref().is_none_or(Vec::is_empty) && self.map.is_empty()
    }

    /// The table made for the records the import will put (`reserve`), when made since the
    /// last time asked.
    pub fn room(&self) -> Vec<Room> {
        room_of(&self.map)
    }

    /// Notes a record the import put (or linked) under `key`.
    pub fn insert(&mut self, key: Id, known: Known<'b, T>) {
        self.puts += 1;
        self.map.insert(key, known);
    }

    /// Forgets what was noted under `key`.
    pub fn remove(&mut self, key: &str) {
        self.map.remove(key);
    }

    /// The keys of the records the workspace held before the import put any.
    pub fn keys_before(&self) -> impl Iterator<Item = &Id> {
        let held = self.map.iter().filter(|(_, known)| known.before.is_some());
        let sorted = self.sorted.iter().flatten().map(|record| record.key());
        held.map(|(key, _)| key).chain(sorted)
    }

    /// Whether the import put (or linked) a record under `key`.
    pub fn put_by_import(&self, key: &str) -> bool {
        self.puts > 0 && self.map.get(key).is_some_and(|k| k.before.is_none())
    }
}

/// Where `key` is among `records` (in id order): looked for just after the last one found
/// (`cursor`) when it comes after it, else searched for.
fn position<T: Keyed>(records: &[&T], key: &str, cursor: &Cell<usize>) -> Option<usize> {
    let at = cursor.get().min(records.len());
    let after_last = at == 0 || records[at - 1].key().as_str() < key;
    let from = if after_last {
        let near = &records[at..records.len().min(at + LOOK_AHEAD)];
        let passed = near.iter().take_while(|r| r.key().as_str() < key).count();
        if passed < near.len() || at + passed == records.len() {
            at + passed
        } else {
            let rest = &records[at + passed..];
            at + passed + rest.partition_point(|r| r.key().as_str() < key)
        }
    } else {
        records[..at].partition_point(|r| r.key().as_str() < key)
    };
    let found = records.get(from).is_some_and(|r| r.key().as_str() == key);
    cursor.set(from + usize::from(found));
    found.then_some(from)
}

/// Every record by Microsoft's id (a later one in id order wins), then by its own id for
/// records that keep none, unless a Microsoft id took that key.
fn by_microsoft_id<'b, T: Keyed + 'b>(records: Vec<(Option<&'b Text>, &'b T)>) -> KnownMap<'b, T> {
    let mut own = Vec::new();
    // Room made once: a re-import fills it with every record of the kind.
    let mut map = noted_map(records.len());
    for (external, record) in records {
        match external {
            Some(external) => {
                let known = Known {
                    id: record.key().clone(),
                    before: Some(record),
                };
                map.insert(key_sharing(external, || Id::from(external)), known);
            }
            None => own.push(record),
        }
    }
    for record in own {
        let id = record.key();
        map.entry(key_sharing(id.as_str(), || id.clone()))
            .or_insert_with(|| Known {
                id: id.clone(),
                before: Some(record),
            });
    }
    map
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[derive(Clone, Debug)]
    struct Record {
        id: Id,
        external: Option<Text>,
    }

    impl Keyed for Record {
        fn key(&self) -> &Id {
            &self.id
        }
    }

    /// Records in id order: some named by Microsoft ids equal to their own (in any case),
    /// some by none, and, when `foreign`, one by another record's id.
    fn records() -> impl Strategy<Value = Vec<Record>> {
        (
            prop::collection::btree_map("[a-e]{1,3}", 0..4u8, 0..12),
            any::<bool>(),
        )
            .prop_map(|(ids, foreign)| {
                let mut out: Vec<Record> = ids
                    .into_iter()
                    .map(|(id, how)| Record {
                        external: match how {
                            0 => None,
                            1 => Some(id.to_uppercase().into()),
                            _ => Some(id.as_str().into()),
                        },
                        id: Id::new(id),
                    })
                    .collect();
                if foreign && out.len() > 1 {
                    out[0].external = Some(out[1].id.as_str().into());
                }
                out
            })
    }

    proptest! {
        #[test]
        fn a_key_finds_the_record_the_table_of_microsoft_ids_finds(
            records in records(),
            asked in prop::collection::vec("[a-eA-E]{1,3}", 0..30),
            in_order in any::<bool>(),
        ) {
            let pairs = || records.iter().map(|r| (r.external.as_ref(), r));
            let lookup = KnownLookup::of(pairs());
            let table = by_microsoft_id(pairs().collect());
            let mut asked: Vec<String> = asked.iter().map(|k| key_of(k).into_owned()).collect();
            if in_order {
                asked.sort();
            }
            for key in &asked {
                let found = lookup.get(key).map(|k| k.id);
                let expected = table.get(key.as_str()).map(|k| k.id.clone());
                prop_assert_eq!(found, expected, "{}", key);
            }
        }
    }

    #[test]
    fn records_named_by_their_own_ids_are_found_without_a_table() {
        let records: Vec<Record> = ["a", "b", "c"]
            .iter()
            .map(|id| Record {
                id: Id::new(id),
                external: Some(id.to_uppercase().into()),
            })
            .collect();
        let lookup = KnownLookup::of(records.iter().map(|r| (r.external.as_ref(), r)));
        assert!(lookup.sorted.is_some());
        assert_eq!(lookup.get("b").map(|k| k.id), Some(Id::new("b")));
        assert!(lookup.get("bb").is_none());
        let mut foreign = records.clone();
        foreign[0].external = Some("c".into());
        let lookup = KnownLookup::of(foreign.iter().map(|r| (r.external.as_ref(), r)));
        assert!(lookup.sorted.is_none());
        assert_eq!(lookup.get("c").map(|k| k.id), Some(Id::new("c")));
    }
}
