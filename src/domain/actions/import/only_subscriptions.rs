//! A re-import whose only changes are some of its subscriptions' (a quantity, a status, a new
//! one: most daily re-imports), found by comparing every record (`nothing_changes::find`).
//! Then every customer, relationship and access assignment would be found as the workspace
//! holds it, and so would every other subscription: their steps would change nothing, and
//! the changed subscriptions' steps read only what those leave as it is (customers,
//! relationships, partners) and the record their own key finds. So the changed
//! subscriptions' steps alone, in the import's order, come to what every step comes to, and
//! the other records cost their comparison only. Unless a subscription's key is given twice:
//! then a later step may undo what an earlier one did, and every step is taken.

use super::common::{Keys, Outcome};
use super::subscriptions::{self, InStepOrder};
use super::tally;
use crate::domain::actions::ctx::Ctx;
use crate::domain::catalogue::Refusal;
use crate::domain::facts::Records;
use crate::domain::imported::{ImportRecords, ImportReport, ImportedSubscription};
use crate::domain::side_by_side::SideBySide;
use crate::tables::id::Id;

/// The subscriptions whose steps were passed, as they are let go (a caller's `let_go` may
/// tell them by their type: tests count them).
pub struct Passed(pub Vec<ImportedSubscription>);

/// Whether `records` may be run as their changed subscriptions' steps alone: no subscription's
/// key is given twice.
pub(super) fn apply_to(records: &ImportRecords) -> bool {
    !subscriptions::repeats_a_key(&records.subscriptions)
}

/// The steps of the subscriptions at the places `changed` (in increasing order) among
/// `records`' subscriptions, each counted into the report; every other record is let go.
pub(super) fn steps<W: Records + Sync, B: Records + Sync>(
    ctx: &mut Ctx<'_, W>,
    (keys, importer, report): (&mut Keys<'_, B>, &Id, &mut ImportReport),
    records: ImportRecords,
    changed: &[usize],
    side_by_side: &impl SideBySide,
) {
    if changed.is_empty() {
        side_by_side.let_go(records);
        return;
    }
    let ImportRecords {
        customers,
        relationships,
        subscriptions,
        assignments,
        partners,
    } = records;
    side_by_side.let_go((customers, relationships, assignments, partners));
    let (changed, rest) = taken(subscriptions, changed);
    side_by_side.let_go(Passed(rest));
    let count = |s: &ImportedSubscription, result: Result<Outcome, Refusal>| {
        tally(report, "subscription", &s.id, result, |r| {
            &mut r.subscriptions
        });
    };
    subscriptions::steps(
        ctx,
        keys,
        importer,
        InStepOrder::new(changed, false),
        side_by_side,
        count,
    );
}

/// The items of `all` at the places `at` (in increasing order), in order, and the others.
fn taken<T>(all: Vec<T>, at: &[usize]) -> (Vec<T>, Vec<T>) {
    let mut wanted = at.iter().copied().peekable();
    let (mut taken, mut rest) = (Vec::with_capacity(at.len()), Vec::new());
    for (place, item) in all.into_iter().enumerate() {
        if wanted.next_if_eq(&place).is_some() {
            taken.push(item);
        } else {
            rest.push(item);
        }
    }
    (taken, rest)
}

#[cfg(test)]
mod tests {
    use super::taken;

    #[test]
    fn the_items_at_the_places_asked_are_taken_in_order_and_the_others_kept() {
        let (chosen, rest) = taken(vec!['a', 'b', 'c', 'd', 'e'], &[1, 3, 4]);
        assert_eq!(chosen, ['b', 'd', 'e']);
        assert_eq!(rest, ['a', 'c']);
        let (none, all) = taken(vec![1, 2], &[]);
        assert!(none.is_empty());
        assert_eq!(all, [1, 2]);
    }
}
