//! Work the rulebook can split into two independent halves (an import's many subscriptions
//! checked against one state that nothing changes meanwhile). The rulebook starts no thread:
//! it hands both halves to a `SideBySide`, which runs them one after the other (`InTurn`, the
//! rulebook's own) or, given by a caller that has threads, at the same time. Either way the
//! answer is the same: each half only reads what both share.

/// Runs two independent pieces of work and gives back both answers, the first's first. The
/// first runs on the caller's thread (it may hold the draft being changed); only the second
/// may be sent to another.
pub trait SideBySide: Sync {
    fn both<A, B: Send>(
        &self,
        first: impl FnOnce() -> A,
        second: impl FnOnce() -> B + Send,
    ) -> (A, B);

    /// Whether the rulebook first tries a shortcut that may come to nothing (an import that
    /// changes nothing, found by comparing every record first): yes, but for tests that want
    /// the long way to compare with.
    fn look_ahead(&self) -> bool {
        true
    }

    /// Takes what the rulebook no longer needs: freed here, or elsewhere by a caller that
    /// has threads (freeing half a million records one by one takes a tenth of a second).
    fn let_go<T: Send + 'static>(&self, unneeded: T) {
        drop(unneeded);
    }

    /// Memory the rulebook is about to fill, in that order: a caller with threads may have
    /// it mapped on another core first, so that filling it costs no page fault here (a
    /// first write to memory costs one per page). It changes nothing the rulebook can see.
    fn map_ahead(&self, room: &[Room]) {
        let _ = room;
    }
}

pub use crate::tables::room::Room;

/// One after the other, on the caller's thread.
pub struct InTurn;

impl SideBySide for InTurn {
    fn both<A, B: Send>(
        &self,
        first: impl FnOnce() -> A,
        second: impl FnOnce() -> B + Send,
    ) -> (A, B) {
        let first = first();
        (first, second())
    }
}

/// `side_by_side` when the work is large enough to pay for handing half of it over, else
/// `InTurn`.
pub struct WhenWorthIt<'s, S> {
    pub side_by_side: &'s S,
    pub worth_it: bool,
}

impl<S: SideBySide> SideBySide for WhenWorthIt<'_, S> {
    fn both<A, B: Send>(
        &self,
        first: impl FnOnce() -> A,
        second: impl FnOnce() -> B + Send,
    ) -> (A, B) {
        if self.worth_it {
            self.side_by_side.both(first, second)
        } else {
            InTurn.both(first, second)
        }
    }

    fn look_ahead(&self) -> bool {
        self.side_by_side.look_ahead()
    }

    fn let_go<T: Send + 'static>(&self, unneeded: T) {
        self.side_by_side.let_go(unneeded);
    }

    fn map_ahead(&self, room: &[Room]) {
        self.side_by_side.map_ahead(room);
    }
}

/// Each of `items` mapped by `each`, in two halves on `side_by_side`, the answers in the
/// items' order. Each half starts from its own `start()` state, which `each` may move on (a
/// place in a sorted list). A short list is not split: its halves would cost more to hand
/// over than to run.
pub fn map_halves<T: Sync, S, R: Send>(
    side_by_side: &impl SideBySide,
    items: &[T],
    split_from: usize,
    start: impl Fn() -> S + Sync,
    each: impl Fn(&mut S, &T) -> R + Sync,
) -> Vec<R> {
    let map = |part: &[T]| {
        let mut state = start();
        part.iter()
            .map(|item| each(&mut state, item))
            .collect::<Vec<R>>()
    };
    if items.len() < split_from {
        return map(items);
    }
    let (first, second) = items.split_at(items.len() / 2);
    let (mut first, second) = side_by_side.both(|| map(first), || map(second));
    first.extend(second);
    first
}

/// Each of `jobs` looked at (`look`: what a job's step makes of it alone, on `side_by_side`'s
/// second thread) and then done (`act`, on the caller's thread, in the jobs' order): the look
/// at one job runs while the job before it is done. A look reads nothing the acts change, so
/// the answer is the one of looking and doing each job in turn.
pub fn look_ahead<J: Sync, L: Send>(
    side_by_side: &impl SideBySide,
    jobs: impl IntoIterator<Item = J>,
    mut look: impl FnMut(&J) -> L + Send,
    mut act: impl FnMut(J, L),
) {
    let mut jobs = jobs.into_iter();
    let Some(mut job) = jobs.next() else {
        return;
    };
    let mut looked = look(&job);
    loop {
        let next = jobs.next();
        let ((), next_looked) =
            side_by_side.both(|| act(job, looked), || next.as_ref().map(&mut look));
        match (next, next_looked) {
            (Some(next), Some(next_looked)) => (job, looked) = (next, next_looked),
            _ => return,
        }
    }
}

/// Runs the second half first: an order no caller should be able to tell from `InTurn`'s.
#[cfg(test)]
pub struct SecondFirst;

#[cfg(test)]
impl SideBySide for SecondFirst {
    fn both<A, B: Send>(
        &self,
        first: impl FnOnce() -> A,
        second: impl FnOnce() -> B + Send,
    ) -> (A, B) {
        let second = second();
        (first(), second)
    }
}

/// In turn, and never by a shortcut: the long way, for tests to compare the shortcuts with.
#[cfg(test)]
pub struct StepsOnly;

#[cfg(test)]
impl SideBySide for StepsOnly {
    fn both<A, B: Send>(
        &self,
        first: impl FnOnce() -> A,
        second: impl FnOnce() -> B + Send,
    ) -> (A, B) {
        InTurn.both(first, second)
    }

    fn look_ahead(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_come_back_in_the_items_order_whichever_runs_first() {
        let items: Vec<u32> = (0..1001).collect();
        let squares: Vec<u64> = items.iter().map(|&n| u64::from(n) * u64::from(n)).collect();
        let square = |_: &mut (), n: &u32| u64::from(*n) * u64::from(*n);
        for split_from in [0, 1, 1000, 5000] {
            assert_eq!(
                map_halves(&InTurn, &items, split_from, || (), square),
                squares
            );
            assert_eq!(
                map_halves(&SecondFirst, &items, split_from, || (), square),
                squares
            );
        }
        assert!(map_halves(&SecondFirst, &[] as &[u32], 0, || (), square).is_empty());
    }

    #[test]
    fn jobs_looked_at_ahead_are_done_in_order_with_their_own_looks() {
        let run = |jobs: Vec<u32>, second_first: bool| {
            let mut done = Vec::new();
            let mut looked_at = Vec::new();
            let look = |job: &u32| {
                looked_at.push(*job);
                job * 10
            };
            let act = |job: u32, looked: u32| done.push((job, looked));
            if second_first {
                look_ahead(&SecondFirst, jobs, look, act);
            } else {
                look_ahead(&InTurn, jobs, look, act);
            }
            (done, looked_at)
        };
        for jobs in [vec![], vec![7], vec![1, 2, 3, 4, 5]] {
            let expected: Vec<(u32, u32)> = jobs.iter().map(|&j| (j, j * 10)).collect();
            for second_first in [false, true] {
                let (done, looked_at) = run(jobs.clone(), second_first);
                assert_eq!(done, expected);
                assert_eq!(looked_at, jobs, "each job looked at once, in order");
            }
        }
    }

    #[test]
    fn each_half_moves_its_own_state_on_from_the_start() {
        let items = vec![1u32; 10];
        let counted = |seen: &mut u32, n: &u32| {
            *seen += n;
            *seen
        };
        let halves = map_halves(&SecondFirst, &items, 2, || 0, counted);
        assert_eq!(halves, [1, 2, 3, 4, 5, 1, 2, 3, 4, 5]);
        let whole = map_halves(&InTurn, &items, 11, || 0, counted);
        assert_eq!(whole, (1..=10).collect::<Vec<u32>>());
    }
}
