//! Buffers for the bytes of export pages, kept from a page read for the pages read after it.
//! The allocator gives freed memory back to the system at once, so a fresh buffer for every
//! page costs a page fault (and the zeroing of a page) per 4 KiB of every page, a tenth of the
//! time an import spends reading its pages; a kept buffer costs none.

use std::sync::Mutex;

/// How many buffers are kept: a page read here, those waiting for the other reading thread
/// (`streaming::AHEAD`) and the one it reads, and the next one being read from its file.
const KEPT: usize = 8;

/// A buffer larger than this is not kept (a page of tens of MB is rare: its memory goes).
const KEPT_BYTES: usize = 32 << 20;

static SPARE: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());

/// An empty buffer with room for at least `capacity` bytes: one a page read before left, else
/// a new one.
pub fn page_buffer(capacity: usize) -> Vec<u8> {
    let kept = SPARE.lock().ok().and_then(|mut spare| {
        // The smallest that is large enough: the larger ones stay for larger pages.
        let (at, _) = spare
            .iter()
            .enumerate()
            .filter(|(_, b)| b.capacity() >= capacity)
            .min_by_key(|(_, b)| b.capacity())?;
        Some(spare.swap_remove(at))
    });
    kept.unwrap_or_else(|| Vec::with_capacity(capacity))
}

/// Keeps the buffer of a page that was read, for a page read later (instead of the smallest
/// buffer kept, when there are enough).
pub(super) fn give(mut bytes: Vec<u8>) {
    if bytes.capacity() > KEPT_BYTES || bytes.capacity() == 0 {
        return;
    }
    bytes.clear();
    let Ok(mut spare) = SPARE.lock() else {
        return;
    };
    if spare.len() < KEPT {
        spare.push(bytes);
    } else if let Some(smallest) = spare.iter_mut().min_by_key(|b| b.capacity())
        && smallest.capacity() < bytes.capacity()
    {
        *smallest = bytes;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_buffer_is_empty_with_the_room_asked_for() {
        let mut bytes = page_buffer(1000);
        bytes.extend_from_slice(b"{\"items\": []}");
        give(bytes);
        for capacity in [10, 1000, 5000] {
            let bytes = page_buffer(capacity);
            assert!(bytes.is_empty());
            assert!(bytes.capacity() >= capacity);
        }
    }
}
