//! A large pane's search text, written on a thread of its own once the pane's order is shown:
//! at a million customers the relationships' text takes seconds, and the panes are browsable
//! (and the status filter works) meanwhile. The thread reads its own clone of the workspace
//! (clones share the records). Dropping the job tells the thread to stop: rows rebuilt before
//! it finished no longer want its text.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

use crate::tui::index::Haystacks;
use crate::tui::panes::Pane;
use crate::workspace::Workspace;

pub struct TextJob {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<Option<Haystacks>>>,
}

impl TextJob {
    /// Starts writing `pane`'s search text for rows built from `ws` in `order` (their build
    /// order); `None` when no thread can be started (the caller then writes it itself).
    pub fn start(pane: Pane, ws: &Workspace, order: Vec<u32>) -> Option<TextJob> {
        let stop = Arc::new(AtomicBool::new(false));
        let ws = ws.clone();
        let stopped = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name(format!("search text: {}", pane.title()))
            .spawn(move || {
                yield_to_the_ui();
                pane.search_text(&ws, &order, &stopped)
            })
            .ok()?;
        Some(TextJob {
            stop,
            thread: Some(thread),
        })
    }

    pub fn is_finished(&self) -> bool {
        self.thread.as_ref().is_none_or(JoinHandle::is_finished)
    }

    /// The text, waiting for it if need be; `None` if the thread failed.
    pub fn wait(mut self) -> Option<Haystacks> {
        self.thread.take()?.join().ok().flatten()
    }
}

/// Lowers the calling thread's priority (Linux: nice 10, this thread only), so that on a machine
/// with few cores keys and frames keep theirs while the text is written.
fn yield_to_the_ui() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority reads only its integer arguments; on Linux a thread id names one
    // thread, the calling one here. A failure just leaves the priority as it was.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t, 10);
    }
}

impl Drop for TextJob {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
