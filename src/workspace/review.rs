//! `review` over a whole workspace: the domain's review (`domain::review`), its work cut in two
//! shares run side by side on a large workspace, as `check` does. Gathering is shared out too:
//! one thread groups the relationships by customer while the other notes which relationships
//! have an access assignment.

use super::format::Kept;
use super::indexes::PARALLEL_FROM;
use super::state::Workspace;
use crate::domain::review::{
    Finding, Gathered, Ordered, Settings, assigned, by_customer, conclude, review_ordered,
};
use crate::domain::templates::Catalogue;
use crate::domain::time::Time;

/// The record arrays the review's rules read: a file read for a review need not build the
/// others (`tests/review_reads.rs` pins that the findings are the same when every record is
/// read).
pub const REVIEWED: Kept = Kept::WITHOUT_SUBSCRIPTIONS_OR_AUDIT;

/// Every finding of `ws` at `now`, most severe first, then by id: the same list as
/// `domain::review::review`, found on two threads from `PARALLEL_FROM` relationships up.
pub fn review_workspace(
    ws: &Workspace,
    catalogue: &Catalogue,
    settings: &Settings,
    now: Time,
) -> Vec<Finding> {
    review_workspace_ordered(ws, catalogue, settings, now).into_vec()
}

/// `review_workspace`'s findings in their order, left where each thread found them.
pub fn review_workspace_ordered(
    ws: &Workspace,
    catalogue: &Catalogue,
    settings: &Settings,
    now: Time,
) -> Ordered {
    if ws.relationships().len() < PARALLEL_FROM {
        return review_ordered(ws, catalogue, settings, now);
    }
    let gathered = std::thread::scope(|scope| {
        let other = scope.spawn(|| assigned(ws));
        let grouped = by_customer(ws);
        Gathered::new(
            grouped,
            other
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        )
    });
    let mut shares = gathered.shares(ws, 2).into_iter();
    let (Some(first), Some(second)) = (shares.next(), shares.next()) else {
        return review_ordered(ws, catalogue, settings, now);
    };
    let (first, second) = std::thread::scope(|scope| {
        let other = scope.spawn(|| gathered.findings(ws, &second, catalogue, settings, now));
        let first = gathered.findings(ws, &first, catalogue, settings, now);
        (
            first,
            other
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        )
    });
    conclude(ws, vec![first, second])
}
