//! `check`: every record rule over a whole workspace, in linear time. The rules are the ones
//! `apply` runs on touched records (`integrity`); here their lookups are answered from hash maps
//! built in one pass, and the work is shared between two threads on a large workspace.

use std::collections::{HashMap, HashSet};

use super::diagnostics::Diagnostic;
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
    /// (partner, lower-case display name) of GDAP relationships.
    gdap_names: FastMap<(&'a str, String), FirstTwo<'a>>,
    /// (partner, customer, kind) of pending invitations.
    pending: FastMap<(&'a str, &'a str, InvitationKind), FirstTwo<'a>>,
}

impl<'a> Bulk<'a> {
    fn new(ws: &'a Workspace) -> Bulk<'a> {
        let parallel = ws.relationships().len() >= PARALLEL_FROM;
        let customers = || ws.customers().map(|c| (c.id.as_str(), c)).collect();
        let relationship_facts = || {
            // Sized up front: growing a table of millions rehashes it several times over.
            let relationships = ws.relationships().len();
            let mut resold = HashSet::with_capacity_and_hasher(relationships, Hasher::default());
            let mut names: FastMap<(&str, String), FirstTwo> =
                FastMap::with_capacity_and_hasher(relationships / 4, Hasher::default());
            for r in ws.relationships() {
                if r.kind == RelationshipKind::Reseller {
                    resold.insert((r.customer_id.as_str(), r.partner_id.as_str()));
                }
                if let Some(gdap) = &r.gdap {
                    let key = (r.partner_id.as_str(), gdap.display_name.to_lowercase());
                    names.entry(key).or_default().push(&r.id);
                }
            }
            (resold, names)
        };
        let (customers, (resold, gdap_names)) = if parallel {
            std::thread::scope(|scope| {
                let other = scope.spawn(relationship_facts);
                let customers = customers();
                let facts = other
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (customers, facts)
            })
        } else {
            (customers(), relationship_facts())
        };
        let mut pending: FastMap<_, FirstTwo> = FastMap::default();
        for inv in ws.invitations() {
            if inv.status == InvitationStatus::Pending {
                let key = (inv.partner_id.as_str(), inv.customer_id.as_str(), inv.kind);
                pending.entry(key).or_default().push(&inv.id);
            }
        }
        Bulk {
            ws,
            partners: ws.partners().map(|p| (p.id.as_str(), p)).collect(),
            customers,
            resold,
            gdap_names,
            pending,
        }
    }
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
    fn gdap_name_taken(&self, r: &Relationship, name: &str) -> Option<Id> {
        let key = (r.partner_id.as_str(), name.to_lowercase());
        self.gdap_names.get(&key)?.other_than(&r.id)
    }
    fn pending_twin(&self, inv: &Invitation) -> Option<Id> {
        let key = (inv.partner_id.as_str(), inv.customer_id.as_str(), inv.kind);
        self.pending.get(&key)?.other_than(&inv.id)
    }
}

/// Every finding about a whole workspace, in record-kind order (partners, customers,
/// subscriptions, relationships, invitations, access assignments). One linear pass; on a large
/// workspace the relationships are checked on a second thread.
pub fn check(ws: &Workspace) -> Vec<Diagnostic> {
    let facts = Bulk::new(ws);
    let facts = &facts;
    let relationships = move || {
        let mut found = Vec::new();
        for r in ws.relationships() {
            integrity::check_relationship(facts, r, &mut found);
        }
        found
    };
    let rest = move || {
        let (mut before, mut after) = (Vec::new(), Vec::new());
        ws.partners()
            .for_each(|p| integrity::check_partner(facts, p, &mut before));
        ws.customers()
            .for_each(|c| integrity::check_customer(facts, c, &mut before));
        ws.subscriptions()
            .for_each(|s| integrity::check_subscription(facts, s, &mut before));
        ws.invitations()
            .for_each(|i| integrity::check_invitation(facts, i, &mut after));
        ws.assignments()
            .for_each(|a| integrity::check_assignment(facts, a, &mut after));
        (before, after)
    };
    let ((mut out, after), middle) = if ws.relationships().len() >= PARALLEL_FROM {
        std::thread::scope(|scope| {
            let other = scope.spawn(relationships);
            let rest = rest();
            let middle = other
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (rest, middle)
        })
    } else {
        (rest(), relationships())
    };
    out.extend(middle);
    out.extend(after);
    out
}
