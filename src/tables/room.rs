//! Room made up front for records to come, as a place in memory: a vector's spare capacity,
//! or the table of a hash map sized for what it will hold. Filling either writes each of its
//! pages for the first time, a page fault each; a caller with a second core can map them
//! ahead (`side_by_side::SideBySide::map_ahead`) once it knows where they are.

use std::alloc::Layout;
use std::ptr::NonNull;
use std::sync::{Arc, Mutex};

use allocator_api2::alloc::{AllocError, Allocator, Global};

/// Room for records to come: where it starts and how many bytes. A place, never read nor
/// written through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Room {
    pub start: usize,
    pub bytes: usize,
}

impl Room {
    /// The room `records` has left for more without growing.
    pub fn left_in<T>(records: &Vec<T>) -> Room {
        Room {
            start: records.as_ptr_range().end as usize,
            bytes: (records.capacity() - records.len()) * size_of::<T>(),
        }
    }
}

/// Blocks from this size are noted: a table, not the few bytes of an empty map.
const NOTED_FROM: usize = 64 << 10;

/// The global allocator, noting each large block it gives until asked for them (`take`).
/// Clones share their notes.
#[derive(Clone, Debug, Default)]
pub struct Noting(Arc<Mutex<Vec<Room>>>);

impl Noting {
    /// The blocks given since the last time, forgotten here.
    pub fn take(&self) -> Vec<Room> {
        self.0
            .lock()
            .map(|mut noted| std::mem::take(&mut *noted))
            .unwrap_or_default()
    }
}

// SAFETY: every block comes from and goes back to `Global`, untouched; noting its place
// changes nothing of it.
unsafe impl Allocator for Noting {
    fn allocate(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
        let block = Global.allocate(layout)?;
        if layout.size() >= NOTED_FROM
            && let Ok(mut noted) = self.0.lock()
        {
            noted.push(Room {
                start: block.cast::<u8>().as_ptr() as usize,
                bytes: layout.size(),
            });
        }
        Ok(block)
    }

    unsafe fn deallocate(&self, block: NonNull<u8>, layout: Layout) {
        // SAFETY: `block` was given by `allocate` with `layout`, that is by `Global`.
        unsafe { Global.deallocate(block, layout) }
    }
}

/// A hash map (foldhash) whose table's place can be asked for (`room_of`).
pub type NotedMap<K, V> = hashbrown::HashMap<K, V, foldhash::fast::RandomState, Noting>;

/// An empty `NotedMap` with room for `capacity` entries.
pub fn noted_map<K, V>(capacity: usize) -> NotedMap<K, V> {
    NotedMap::with_capacity_and_hasher_in(capacity, Default::default(), Noting::default())
}

/// The tables `map` was given since the last time it was asked: its table when it was made
/// with room (or grew) since.
pub fn room_of<K, V>(map: &NotedMap<K, V>) -> Vec<Room> {
    map.allocator().take()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_room_left_in_records_starts_after_the_last_and_spans_the_spare_capacity() {
        let mut records: Vec<u64> = Vec::with_capacity(10);
        records.extend([1, 2, 3]);
        let room = Room::left_in(&records);
        assert_eq!(room.start, records.as_ptr() as usize + 3 * 8);
        assert_eq!(room.bytes, (records.capacity() - 3) * 8);
        records.resize(records.capacity(), 0);
        assert_eq!(Room::left_in(&records).bytes, 0);
    }

    #[test]
    fn a_map_made_with_room_names_its_table_once_and_a_small_one_names_none() {
        let mut map: NotedMap<u64, u64> = noted_map(100_000);
        let room = room_of(&map);
        assert_eq!(room.len(), 1);
        assert!(room[0].bytes >= 100_000 * 16);
        assert!(room_of(&map).is_empty(), "asked once");
        for n in 0..100_000 {
            map.insert(n, n * 2);
        }
        assert!(room_of(&map).is_empty(), "it did not grow");
        assert_eq!(map.get(&99_999), Some(&199_998));
        assert!(room_of(&noted_map::<u64, u64>(10)).is_empty());
        // A clone's table is noted where the original's are.
        let copy = map.clone();
        assert_eq!(room_of(&map).len(), 1);
        assert_eq!(copy.len(), 100_000);
    }
}
