//! `check`: every record rule over a whole workspace, in linear time. The rules are the ones
//! `apply` runs on touched records (`integrity`); here their lookups are answered from tables
//! built in one pass (`bulk`), and the work is shared between two threads on a large workspace.

mod bulk;
mod twins;

use bulk::{Bulk, Nearby};

use super::indexes::PARALLEL_FROM;
use super::state::Workspace;
use crate::domain::diagnostics::Diagnostic;
use crate::domain::integrity;

/// Every finding about a whole workspace, in record-kind order (partners, customers,
/// subscriptions, relationships, invitations, access assignments), then the audit trail's
/// (TM1). One linear pass; on a large workspace two threads each check half of every kind, so
/// their shares stay even whatever the mix of kinds.
pub fn check(ws: &Workspace) -> Vec<Diagnostic> {
    let mut found = records(ws);
    integrity::check_audit(ws.audit(), &mut found);
    found
}

/// Every finding about the records, in record-kind order.
fn records(ws: &Workspace) -> Vec<Diagnostic> {
    let facts = Bulk::new(ws);
    if ws.relationships().len() < PARALLEL_FROM {
        return Findings::of(ws, &facts, Half::All).in_kind_order(Findings::default());
    }
    let (first, second) = std::thread::scope(|scope| {
        let other = scope.spawn(|| Findings::of(ws, &facts, Half::Second));
        let first = Findings::of(ws, &facts, Half::First);
        let second = other
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (first, second)
    });
    first.in_kind_order(second)
}

/// Which records of each kind one thread checks.
#[derive(Clone, Copy)]
enum Half {
    All,
    First,
    Second,
}

impl Half {
    /// This half of `records`, in order.
    fn of<'a, T: 'a>(
        self,
        records: impl ExactSizeIterator<Item = &'a T>,
    ) -> impl Iterator<Item = &'a T> {
        let len = records.len();
        let (skip, take) = match self {
            Half::All => (0, len),
            Half::First => (0, len / 2),
            Half::Second => (len / 2, len - len / 2),
        };
        records.skip(skip).take(take)
    }
}

/// The findings about one half of the records, by kind.
#[derive(Default)]
struct Findings([Vec<Diagnostic>; 6]);

impl Findings {
    fn of(ws: &Workspace, bulk: &Bulk<'_>, half: Half) -> Findings {
        let facts = &Nearby::new(bulk);
        let mut found = Findings::default();
        let [
            partners,
            customers,
            subscriptions,
            relationships,
            invitations,
            assignments,
        ] = &mut found.0;
        half.of(ws.partners())
            .for_each(|p| integrity::check_partner(facts, p, partners));
        half.of(ws.customers())
            .for_each(|c| integrity::check_customer(facts, c, customers));
        half.of(ws.subscriptions())
            .for_each(|s| integrity::check_subscription(facts, s, subscriptions));
        half.of(ws.relationships())
            .for_each(|r| integrity::check_relationship(facts, r, relationships));
        half.of(ws.invitations())
            .for_each(|i| integrity::check_invitation(facts, i, invitations));
        half.of(ws.assignments())
            .for_each(|a| integrity::check_assignment(facts, a, assignments));
        found
    }

    /// These findings, then `later`'s (the second half's), kind by kind.
    fn in_kind_order(self, later: Findings) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (mut first, second) in self.0.into_iter().zip(later.0) {
            out.append(&mut first);
            out.extend(second);
        }
        out
    }
}
