//! Asks the processor for the memory a text starts in, ahead of its use: records visited in
//! one order whose texts were made in another (a workspace's records in id order, an
//! export's records in key order) find each text out of cache. Only a hint: nothing is
//! read, nothing changes.

/// Asks for the memory each of `texts` starts in (`None` among them: nothing).
pub fn ask<'t>(texts: impl IntoIterator<Item = Option<&'t str>>) {
    for text in texts.into_iter().flatten() {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            // SAFETY: a prefetch is a hint: it reads nothing and never faults, whatever the
            // address.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(text.as_ptr().cast()) };
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = text;
    }
}
