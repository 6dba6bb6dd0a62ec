//! The process's allocator: mimalloc, set by each binary as the global allocator. Loading a
//! large workspace makes tens of millions of small allocations on several threads, which it
//! serves faster than the system allocator.

/// `mi_option_purge_delay` in mimalloc.h (the same index in its v2 and v3).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Hands freed memory back to the system at once rather than after a delay. A load frees the
/// parsed pieces of each record array while it fills the joined array: with the delay, both
/// stay resident for a moment and the peak grows by the records' size (5.3 GB instead of 4.2 GB
/// for a million customers), for no measurable gain in time.
pub fn release_freed_memory_promptly() {
    // SAFETY: sets a plain integer option; mimalloc allows this at any time, from any thread.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) }
}

/// mimalloc's own purge delay (v3), in milliseconds.
const KEEP_FREED_MS: std::ffi::c_long = 1_000;

/// While held, freed memory stays with the process for a second before it goes back to the
/// system, so the allocations that follow reuse it. An import frees each page's bytes and
/// parsed records while it makes the workspace's: handed back at once, that memory comes back
/// as fresh pages, each zeroed by the kernel, and the huge pages it was part of split into
/// small ones (70,000 page faults and a third of the time for 100,000 customers). Dropped, it
/// hands freed memory back at once again.
#[must_use = "freed memory is kept only while this is held"]
pub struct KeepFreedMemory(());

/// Keeps freed memory for reuse until the guard is dropped (see `KeepFreedMemory`).
pub fn keep_freed_memory() -> KeepFreedMemory {
    // SAFETY: as in `release_freed_memory_promptly`.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, KEEP_FREED_MS) }
    KeepFreedMemory(())
}

impl Drop for KeepFreedMemory {
    fn drop(&mut self) {
        release_freed_memory_promptly();
    }
}

/// From this size a workspace file is worth transparent huge pages.
#[cfg(target_os = "linux")]
const HUGE_PAGES_FROM_BYTES: u64 = 128 << 20;

/// Fits the process's pages to the file it is about to load. mimalloc asks the kernel for
/// transparent huge pages (2 MiB): for a file of gigabytes that is a few thousand page faults
/// instead of a million; for a file of megabytes, each thread's and each size class's partly
/// used 2 MiB pages make up most of the peak (97 MB for a 30 MB file, 54 MB without). So a
/// small file turns them off for this process, a large one back on (Linux; elsewhere nothing
/// happens). The policy holds for the memory touched from then on.
pub fn fit_pages_to_file(file_bytes: u64) {
    #[cfg(target_os = "linux")]
    {
        let disable = libc::c_ulong::from(file_bytes < HUGE_PAGES_FROM_BYTES);
        // SAFETY: PR_SET_THP_DISABLE takes plain integers and changes only this process's
        // page policy; failure (an old kernel) leaves it as it was, which is merely larger.
        unsafe {
            libc::prctl(libc::PR_SET_THP_DISABLE, disable, 0, 0, 0);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = file_bytes;
}

/// How much `map_ahead` maps at a time (a huge page).
#[cfg(target_os = "linux")]
const MAP_AHEAD_STEP: usize = 2 << 20;

/// Maps the pages of `bytes` bytes of this process's memory from `start` now, as a first write
/// to each would, without writing: on another core, ahead of the thread that will fill them,
/// so that thread spends no time on page faults (a kernel's zeroing of each fresh page). Its
/// contents never change, so any range is safe: one not mapped, or not writable, fails in
/// the kernel, which is ignored (as on kernels before Linux 5.14, and elsewhere than Linux).
pub fn map_ahead(start: usize, bytes: usize) {
    #[cfg(target_os = "linux")]
    {
        if bytes == 0 {
            return;
        }
        // SAFETY: sysconf reads a constant of the system.
        let page = usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(4096);
        let first = start - start % page.max(1);
        let len = start.saturating_add(bytes) - first;
        // A few megabytes at a time: the kernel holds the process's memory map while it
        // populates, and another thread asking it for memory meanwhile would wait.
        for at in (first..first + len).step_by(MAP_AHEAD_STEP) {
            let step = MAP_AHEAD_STEP.min(first + len - at);
            // SAFETY: MADV_POPULATE_WRITE only makes pages present (zeroed ones where
            // none were) and never changes what a present page holds, so no memory this
            // process reads can change; on a range it cannot populate it returns an error.
            unsafe {
                libc::madvise(at as *mut libc::c_void, step, libc::MADV_POPULATE_WRITE);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (start, bytes);
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    fn huge_pages_disabled() -> bool {
        // SAFETY: PR_GET_THP_DISABLE takes no pointer and only reads this process's policy.
        unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) == 1 }
    }

    fn purge_delay() -> std::ffi::c_long {
        // SAFETY: reads a plain integer option.
        unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }
    }

    /// Pages of this process's memory that are present.
    fn resident_pages(start: usize, bytes: usize) -> usize {
        let page = 4096;
        let mut present = vec![0u8; bytes.div_ceil(page)];
        // SAFETY: mincore writes one byte per page of the range into `present`, which has one.
        let done = unsafe {
            libc::mincore(
                start as *mut libc::c_void,
                bytes,
                present.as_mut_ptr().cast(),
            )
        };
        assert_eq!(done, 0);
        present.iter().filter(|p| **p & 1 == 1).count()
    }

    #[test]
    fn mapping_ahead_makes_room_present_without_changing_what_it_holds() {
        const BYTES: usize = 64 << 20;
        // SAFETY: a fresh private anonymous mapping of BYTES, unmapped below.
        let start = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                BYTES,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        assert_ne!(start, libc::MAP_FAILED);
        let bytes = start.cast::<u8>();
        // SAFETY: within the mapping.
        unsafe { bytes.add(5).write(42) };
        let before = resident_pages(start as usize, BYTES);
        assert!(before < BYTES / 4096);
        map_ahead(start as usize + 5, BYTES - 5);
        // Kernels before 5.14 populate nothing: the call must then merely do no harm.
        let populated = resident_pages(start as usize, BYTES);
        // SAFETY: within the mapping.
        assert_eq!(unsafe { bytes.add(5).read() }, 42);
        assert_eq!(unsafe { bytes.add(BYTES - 1).read() }, 0);
        // SAFETY: the mapping made above, unmapped once.
        unsafe { libc::munmap(start, BYTES) };
        assert!(
            populated == before || populated == BYTES / 4096,
            "{populated} pages"
        );
        // A range that is not mapped is refused by the kernel, quietly.
        map_ahead(start as usize, BYTES);
    }

    #[test]
    fn freed_memory_is_kept_while_the_guard_is_held_and_released_promptly_after() {
        release_freed_memory_promptly();
        let kept = keep_freed_memory();
        assert_eq!(purge_delay(), KEEP_FREED_MS);
        drop(kept);
        assert_eq!(purge_delay(), 0);
    }

    #[test]
    fn a_small_file_turns_huge_pages_off_and_a_large_one_back_on() {
        fit_pages_to_file(30 << 20);
        assert!(huge_pages_disabled());
        fit_pages_to_file(3 << 30);
        assert!(!huge_pages_disabled());
        fit_pages_to_file(HUGE_PAGES_FROM_BYTES - 1);
        assert!(huge_pages_disabled());
        fit_pages_to_file(HUGE_PAGES_FROM_BYTES);
        assert!(!huge_pages_disabled());
    }
}
