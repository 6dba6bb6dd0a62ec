//! The lookups `check` asks of a whole workspace, built in one pass over it: customers and
//! partners by id, reseller pairs, GD6 name twins, IV3 pending twins, ID1/ID2 identity twins. `Nearby` is one thread's
//! view of them, remembering where its last lookups landed.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};

use super::twins;
use crate::domain::facts::Facts;
use crate::domain::records::*;
use crate::tables::by_id::ById;
use crate::tables::id::Id;
use crate::workspace::indexes::PARALLEL_FROM;
use crate::workspace::state::Workspace;

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

/// Lookups over a whole workspace. Asked in file order, each costs a comparison or two near the
/// last answer; out of order, a hash probe.
pub struct Bulk<'a> {
    ws: &'a Workspace,
    partners: ById<'a, Partner>,
    customers: ById<'a, Customer>,
    /// (customer, partner) of every reseller relationship, whatever its status, as their
    /// positions: compared without reading either id.
    resold: ResoldBy,
    /// The same for the rare reseller relationships that name a customer or partner that does
    /// not exist (WS1 reports them; WS2 must still see them).
    resold_dangling: HashSet<(&'a str, &'a str), Hasher>,
    /// GD6: each GDAP relationship whose partner has another GDAP relationship of the same
    /// name (case aside), with that other one. Usually empty.
    gdap_twins: FastMap<&'a str, Id>,
    /// (partner, customer, kind) of pending invitations.
    pending: FastMap<(&'a str, &'a str, InvitationKind), FirstTwo<'a>>,
    /// ID1, ID2: each record with another of its kind that has its tenant, Partner ID or
    /// domain. Usually all empty.
    identities: Identities<'a>,
}

/// ID1 and ID2 twins, by record id (see `twins::identity_twins`).
struct Identities<'a> {
    customer_tenants: FastMap<&'a str, Id>,
    customer_domains: FastMap<&'a str, Id>,
    partner_tenants: FastMap<&'a str, Id>,
    partner_ids: FastMap<&'a str, Id>,
}

/// The customers' tenant twins, and the partners': one share of the identity twins.
fn tenant_twins(ws: &Workspace) -> [FastMap<&str, Id>; 3] {
    [
        twins::identity_twins(ws.customers(), |c| &c.id, |c| &c.tenant_id),
        twins::identity_twins(ws.partners(), |p| &p.id, |p| &p.tenant_id),
        twins::identity_twins(ws.partners(), |p| &p.id, |p| &p.partner_id),
    ]
}

/// The customers' domain twins: the other share.
fn domain_twins(ws: &Workspace) -> FastMap<&str, Id> {
    twins::identity_twins(ws.customers(), |c| &c.id, |c| &c.domain)
}

/// The partners each customer was ever resold by, by position: customer `c`'s are
/// `partners[starts[c]..starts[c + 1]]` (usually one or two). One lookup reads two numbers and
/// a short run wherever the customer is, as a file listing subscriptions in an order of their
/// own asks (a binary search over every pair was 13% of `check`).
struct ResoldBy {
    starts: Vec<u32>,
    partners: Vec<u32>,
}

impl ResoldBy {
    /// From (customer, partner) position pairs, each customer below `customers`.
    fn new(customers: usize, pairs: &[(u32, u32)]) -> ResoldBy {
        let mut starts = vec![0u32; customers + 1];
        for &(customer, _) in pairs {
            starts[customer as usize + 1] += 1;
        }
        for at in 1..starts.len() {
            starts[at] += starts[at - 1];
        }
        let mut next = starts.clone();
        let mut partners = vec![0u32; pairs.len()];
        for &(customer, partner) in pairs {
            let slot = &mut next[customer as usize];
            partners[*slot as usize] = partner;
            *slot += 1;
        }
        ResoldBy { starts, partners }
    }

    fn contains(&self, customer: usize, partner: usize) -> bool {
        let run = match (self.starts.get(customer), self.starts.get(customer + 1)) {
            (Some(&from), Some(&to)) => &self.partners[from as usize..to as usize],
            _ => &[],
        };
        run.contains(&(partner as u32))
    }
}

/// The reseller pairs, found from the relationships.
struct Resold<'a> {
    known: ResoldBy,
    dangling: HashSet<(&'a str, &'a str), Hasher>,
}

impl<'a> Bulk<'a> {
    pub fn new(ws: &'a Workspace) -> Bulk<'a> {
        let parallel = ws.relationships().len() >= PARALLEL_FROM;
        // The lookups by id and the reseller pairs found through them are the biggest
        // tables; the twins are built beside them, the customers' two identity twins one on
        // each side to keep the sides even.
        let resold = || {
            let customers = ById::new(ws.customers());
            let partners = ById::new(ws.partners());
            let resold = resold_pairs(ws, &customers, &partners);
            ((customers, partners, resold), domain_twins(ws))
        };
        let twins = || {
            let tenants = tenant_twins(ws);
            (twins::gdap_twins(ws), pending_invitations(ws), tenants)
        };
        let (((customers, partners, resold), customer_domains), (gdap_twins, pending, tenants)) =
            if parallel {
                std::thread::scope(|scope| {
                    let other = scope.spawn(resold);
                    let twins = twins();
                    let resold = other
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                    (resold, twins)
                })
            } else {
                (resold(), twins())
            };
        let [customer_tenants, partner_tenants, partner_ids] = tenants;
        Bulk {
            partners,
            customers,
            ws,
            resold: resold.known,
            resold_dangling: resold.dangling,
            gdap_twins,
            pending,
            identities: Identities {
                customer_tenants,
                customer_domains,
                partner_tenants,
                partner_ids,
            },
        }
    }
}

fn resold_pairs<'a>(
    ws: &'a Workspace,
    customers: &ById<'a, Customer>,
    partners: &ById<'a, Partner>,
) -> Resold<'a> {
    let mut known = Vec::with_capacity(ws.relationships().len());
    let mut dangling = HashSet::default();
    let (customer_hint, partner_hint) = (Cell::new(0), Cell::new(0));
    for r in ws.relationships() {
        if r.kind != RelationshipKind::Reseller {
            continue;
        }
        let customer = customers.position(&r.customer_id, &customer_hint);
        let partner = partners.position(&r.partner_id, &partner_hint);
        match (customer, partner) {
            (Some(customer), Some(partner)) => {
                known.push((customer as u32, partner as u32));
            }
            _ => {
                dangling.insert((r.customer_id.as_str(), r.partner_id.as_str()));
            }
        }
    }
    Resold {
        known: ResoldBy::new(ws.customers().len(), &known),
        dangling,
    }
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

/// One thread's view of `Bulk`: each lookup by id starts where the thread's last one landed.
pub struct Nearby<'b, 'a> {
    bulk: &'b Bulk<'a>,
    customer_hint: Cell<usize>,
    partner_hint: Cell<usize>,
}

impl<'b, 'a> Nearby<'b, 'a> {
    pub fn new(bulk: &'b Bulk<'a>) -> Self {
        Nearby {
            bulk,
            customer_hint: Cell::new(0),
            partner_hint: Cell::new(0),
        }
    }
}

impl Facts for Nearby<'_, '_> {
    fn partner(&self, id: &Id) -> Option<&Partner> {
        self.bulk.partners.get(id, &self.partner_hint)
    }
    fn customer(&self, id: &Id) -> Option<&Customer> {
        self.bulk.customers.get(id, &self.customer_hint)
    }
    fn relationship(&self, id: &Id) -> Option<&Relationship> {
        self.bulk.ws.relationship(id)
    }
    fn invitation(&self, id: &Id) -> Option<&Invitation> {
        self.bulk.ws.invitation(id)
    }
    fn ever_resold(&self, customer: &Id, partner: &Id) -> bool {
        let bulk = self.bulk;
        match (
            bulk.customers.position(customer, &self.customer_hint),
            bulk.partners.position(partner, &self.partner_hint),
        ) {
            (Some(customer), Some(partner)) => bulk.resold.contains(customer, partner),
            _ => bulk
                .resold_dangling
                .contains(&(customer.as_str(), partner.as_str())),
        }
    }
    fn gdap_name_taken(&self, r: &Relationship) -> Option<Id> {
        self.bulk.gdap_twins.get(r.id.as_str()).cloned()
    }
    fn pending_twin(&self, inv: &Invitation) -> Option<Id> {
        let key = (inv.partner_id.as_str(), inv.customer_id.as_str(), inv.kind);
        self.bulk.pending.get(&key)?.other_than(&inv.id)
    }
    fn customer_tenant_twin(&self, c: &Customer) -> Option<Id> {
        self.bulk
            .identities
            .customer_tenants
            .get(c.id.as_str())
            .cloned()
    }
    fn customer_domain_twin(&self, c: &Customer) -> Option<Id> {
        self.bulk
            .identities
            .customer_domains
            .get(c.id.as_str())
            .cloned()
    }
    fn partner_tenant_twin(&self, p: &Partner) -> Option<Id> {
        self.bulk
            .identities
            .partner_tenants
            .get(p.id.as_str())
            .cloned()
    }
    fn partner_id_twin(&self, p: &Partner) -> Option<Id> {
        self.bulk.identities.partner_ids.get(p.id.as_str()).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::ResoldBy;

    proptest::proptest! {
        /// Whatever the pairs and their order, the answers are those of a plain set.
        #[test]
        fn resold_by_answers_like_a_set_of_pairs(
            pairs in proptest::collection::vec((0u32..30, 0u32..5), 0..80),
            asked in proptest::collection::vec((0usize..32, 0usize..6), 0..120),
        ) {
            let set: std::collections::HashSet<(u32, u32)> = pairs.iter().copied().collect();
            let resold = ResoldBy::new(30, &pairs);
            for (customer, partner) in asked {
                let expected = set.contains(&(customer as u32, partner as u32));
                proptest::prop_assert_eq!(resold.contains(customer, partner), expected);
            }
        }
    }
}
