//! Work taken in order and done either here or on one other thread, given back in the order it
//! was taken. The other thread does what it is handed in the order it was handed, so its next
//! answer always belongs to the first piece still waiting for it. Used where a caller keeps a
//! second thread a few pieces ahead and does the rest itself (pages read, chunks rendered).

use std::collections::VecDeque;
use std::sync::mpsc::Receiver;

/// The other thread is gone (it panicked, or dropped its end).
#[derive(Debug)]
pub struct Gone;

/// Pieces in the order taken: done (here, or back from there) or still there.
pub struct InOrder<T> {
    slots: VecDeque<Option<T>>,
    /// How many slots wait for the other thread.
    theirs: usize,
}

impl<T> Default for InOrder<T> {
    fn default() -> Self {
        InOrder {
            slots: VecDeque::new(),
            theirs: 0,
        }
    }
}

impl<T> InOrder<T> {
    /// How many pieces the other thread has and has not given back.
    pub fn theirs(&self) -> usize {
        self.theirs
    }

    /// How many pieces are taken and not yet given back by `pop_ready`.
    pub fn held(&self) -> usize {
        self.slots.len()
    }

    /// The next piece was handed to the other thread.
    pub fn handed_over(&mut self) {
        self.slots.push_back(None);
        self.theirs += 1;
    }

    /// The next piece was done here.
    pub fn done_here(&mut self, done: T) {
        self.slots.push_back(Some(done));
    }

    /// Takes in what the other thread gave back, each shown to `seen`; `wait` for one at least
    /// when it has any.
    pub fn receive(
        &mut self,
        results: &Receiver<T>,
        wait: bool,
        mut seen: impl FnMut(&T),
    ) -> Result<(), Gone> {
        if wait && self.theirs > 0 {
            let done = results.recv().map_err(|_| Gone)?;
            seen(&done);
            self.done_there(done);
        }
        while let Ok(done) = results.try_recv() {
            seen(&done);
            self.done_there(done);
        }
        Ok(())
    }

    /// The first piece, when it is done.
    pub fn pop_ready(&mut self) -> Option<T> {
        if !matches!(self.slots.front(), Some(Some(_))) {
            return None;
        }
        self.slots.pop_front().flatten()
    }

    /// The other thread's next answer, into the first slot that waits for it.
    fn done_there(&mut self, done: T) {
        if let Some(slot) = self.slots.iter_mut().find(|slot| slot.is_none()) {
            *slot = Some(done);
            self.theirs -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;

    #[test]
    fn pieces_come_back_in_the_order_taken_wherever_they_were_done() {
        let (tell, results) = channel();
        let mut order = InOrder::default();
        order.handed_over(); // 0, there
        order.done_here(1);
        order.handed_over(); // 2, there
        order.done_here(3);
        assert_eq!(order.pop_ready(), None, "0 is not back yet");
        tell.send(0).unwrap();
        let mut seen = Vec::new();
        order.receive(&results, false, |n| seen.push(*n)).unwrap();
        assert_eq!(
            (order.pop_ready(), order.pop_ready(), order.pop_ready()),
            (Some(0), Some(1), None)
        );
        tell.send(2).unwrap();
        order.receive(&results, true, |n| seen.push(*n)).unwrap();
        assert_eq!((order.pop_ready(), order.pop_ready()), (Some(2), Some(3)));
        assert_eq!((seen, order.theirs(), order.held()), (vec![0, 2], 0, 0));
    }

    #[test]
    fn waiting_on_a_thread_that_is_gone_says_so() {
        let (tell, results) = channel::<u8>();
        let mut order = InOrder::default();
        order.handed_over();
        drop(tell);
        assert!(order.receive(&results, true, |_| {}).is_err());
        // Nothing handed over: nothing to wait for.
        let mut idle = InOrder::<u8>::default();
        assert!(idle.receive(&results, true, |_| {}).is_ok());
    }
}
