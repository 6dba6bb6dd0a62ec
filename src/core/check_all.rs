//! `check`: every record rule over a whole workspace, in linear time. The rules are the ones
//! `apply` runs on touched records (`integrity`); here their lookups are answered from hash maps
//! built in one pass, and the work is shared between two threads on a large workspace.

use std::collections::{HashMap, HashSet};

use super::diagnostics::Diagnostic;
use smol_str::SmolStr;

use super::ids::Id;
use super::integrity::{self, Facts};
use super::model::*;
use super::workspace::{PARALLEL_FROM, Workspace};

type Hasher = foldhash::fast::RandomState;
type FastMap<K, V> = HashMap<K, V, Hasher>;

/// The first two records with one key: enough to name "another one" for any record.
#[derive(Default)]
struct FirstTwo<'a>([Option<&'a Id>; 2]);

impl<'a> FirstTwo<'a> {
    fn push(&mut self, id: &'a Id) {
        match &mut self.0 {
            [None, _] => self.0[0] = Some(id),
            [Some(_), second @ None] => *second = Some(id),
            _ => {}
        }
    }
    fn other_than(&self, id: &Id) -> Option<Id> {
        self.0
            .iter()
            .flatten()
            .find(|other| **other != id)
            .map(|other| (*other).clone())
    }
}

/// Lookups over a whole workspace, each answered in O(1).
struct Bulk<'a> {
    ws: &'a Workspace,
    partners: FastMap<&'a str, &'a Partner>,
    customers: FastMap<&'a str, &'a Customer>,
    /// (customer, partner) of every reseller relationship, whatever its status.
    resold: HashSet<(&'a str, &'a str), Hasher>,
    /// GD6: each GDAP relationship whose partner has another GDAP relationship of the same
    /// name (case aside), with that other one. Usually empty.
    gdap_twins: FastMap<&'a str, Id>,
    /// (partner, customer, kind) of pending invitations.
    pending: FastMap<(&'a str, &'a str, InvitationKind), FirstTwo<'a>>,
}

/// The tables built on one side of `Bulk::new`.
struct OneSide<'a> {
    customers: FastMap<&'a str, &'a Customer>,
    gdap_twins: FastMap<&'a str, Id>,
    pending: FastMap<(&'a str, &'a str, InvitationKind), FirstTwo<'a>>,
}

impl<'a> Bulk<'a> {
    fn new(ws: &'a Workspace) -> Bulk<'a> {
        let parallel = ws.relationships().len() >= PARALLEL_FROM;
        // The reseller pairs are the biggest table; everything else is built beside them.
        let resold = || {
            // Sized up front: growing a table of millions rehashes it several times over.
            let mut resold =
                HashSet::with_capacity_and_hasher(ws.relationships().len(), Hasher::default());
            for r in ws.relationships() {
                if r.kind == RelationshipKind::Reseller {
                    resold.insert((r.customer_id.as_str(), r.partner_id.as_str()));
                }
            }
            resold
        };
        let one_side = || OneSide {
            customers: ws.customers().map(|c| (c.id.as_str(), c)).collect(),
            gdap_twins: gdap_twins(ws),
            pending: pending_invitations(ws),
        };
        let (resold, side) = if parallel {
            std::thread::scope(|scope| {
                let other = scope.spawn(resold);
                let side = one_side();
                let resold = other
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (resold, side)
            })
        } else {
            (resold(), one_side())
        };
        Bulk {
            ws,
            partners: ws.partners().map(|p| (p.id.as_str(), p)).collect(),
            customers: side.customers,
            resold,
            gdap_twins: side.gdap_twins,
            pending: side.pending,
        }
    }
}

/// GD6 over the whole workspace: the GDAP relationships that share a partner and a name (case
/// aside) with another, each with the one `FirstTwo` names (the second for the first, the
/// first for every other).
fn gdap_twins(ws: &Workspace) -> FastMap<&str, Id> {
    // Each distinct (partner, lower-case name) gets a slot; each relationship remembers its own.
    let mut slots: FastMap<(&str, SmolStr), usize> = FastMap::default();
    let mut first_twos: Vec<FirstTwo> = Vec::new();
    let mut slot_of = Vec::new();
    for r in ws.relationships() {
        let Some(details) = &r.gdap else { continue };
        let key = (r.partner_id.as_str(), lowercase(&details.display_name));
        let slot = *slots.entry(key).or_insert_with(|| {
            first_twos.push(FirstTwo::default());
            first_twos.len() - 1
        });
        first_twos[slot].push(&r.id);
        slot_of.push((&r.id, slot));
    }
    slot_of
        .into_iter()
        .filter_map(|(id, slot)| Some((id.as_str(), first_twos[slot].other_than(id)?)))
        .collect()
}

/// `name.to_lowercase()` as a small string: a short ASCII name (the usual kind) is lowered
/// inline, with no allocation for each of a million names.
fn lowercase(name: &str) -> SmolStr {
    const INLINE: usize = 23;
    if name.is_ascii() && name.len() <= INLINE {
        let mut lowered = [0u8; INLINE];
        lowered[..name.len()].copy_from_slice(name.as_bytes());
        lowered.make_ascii_lowercase();
        // ASCII lowered stays ASCII, so it is still text.
        if let Ok(lowered) = std::str::from_utf8(&lowered[..name.len()]) {
            return SmolStr::new(lowered);
        }
    }
    SmolStr::from(name.to_lowercase())
}

fn pending_invitations(ws: &Workspace) -> FastMap<(&str, &str, InvitationKind), FirstTwo<'_>> {
    let mut pending: FastMap<_, FirstTwo> = FastMap::default();
    for inv in ws.invitations() {
        if inv.status == InvitationStatus::Pending {
            let key = (inv.partner_id.as_str(), inv.customer_id.as_str(), inv.kind);
            pending.entry(key).or_default().push(&inv.id);
        }
    }
    pending
}

impl Facts for Bulk<'_> {
    fn partner(&self, id: &Id) -> Option<&Partner> {
        self.partners.get(id.as_str()).copied()
    }
    fn customer(&self, id: &Id) -> Option<&Customer> {
        self.customers.get(id.as_str()).copied()
    }
    fn relationship(&self, id: &Id) -> Option<&Relationship> {
        self.ws.relationship(id)
    }
    fn invitation(&self, id: &Id) -> Option<&Invitation> {
        self.ws.invitation(id)
    }
    fn ever_resold(&self, customer: &Id, partner: &Id) -> bool {
        self.resold.contains(&(customer.as_str(), partner.as_str()))
    }
    fn gdap_name_taken(&self, r: &Relationship) -> Option<Id> {
        self.gdap_twins.get(r.id.as_str()).cloned()
    }
    fn pending_twin(&self, inv: &Invitation) -> Option<Id> {
        let key = (inv.partner_id.as_str(), inv.customer_id.as_str(), inv.kind);
        self.pending.get(&key)?.other_than(&inv.id)
    }
}

/// Every finding about a whole workspace, in record-kind order (partners, customers,
/// subscriptions, relationships, invitations, access assignments). One linear pass; on a large
/// workspace two threads each check half of every kind, so their shares stay even whatever
/// the mix of kinds.
pub fn check(ws: &Workspace) -> Vec<Diagnostic> {
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
    fn of(ws: &Workspace, facts: &Bulk<'_>, half: Half) -> Findings {
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

#[cfg(test)]
mod tests {
    use super::lowercase;

    proptest::proptest! {
        #[test]
        fn lowercase_agrees_with_the_standard_library(name in "\\PC{0,40}") {
            let lowered = lowercase(&name);
            proptest::prop_assert_eq!(lowered.as_str(), name.to_lowercase());
        }
    }

    #[test]
    fn lowercase_handles_ascii_and_beyond() {
        assert_eq!(lowercase("GDAP Contoso 01"), "gdap contoso 01");
        assert_eq!(lowercase("ΣΟΦΙΑ Ltd"), "ΣΟΦΙΑ Ltd".to_lowercase());
        let long = "A GDAP relationship name longer than inline";
        assert_eq!(lowercase(long), long.to_lowercase());
    }
}
