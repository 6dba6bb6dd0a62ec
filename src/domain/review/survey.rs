//! What the families need to know about a customer's other relationships (a reseller
//! relationship, active GDAP beside DAP, a renewal on its way, a twin with the same roles…),
//! gathered from that customer's relationships alone: small maps, refilled customer by customer,
//! so that no family scans the workspace again and no map grows to the workspace's size.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;

use foldhash::fast::{FixedState, RandomState};

use crate::domain::facts::Records;
use crate::domain::records::*;
use crate::domain::roles::{GLOBAL_ADMINISTRATOR, all_roles};
use crate::tables::id::Id;
use crate::tables::text::Text;

/// What one partner has with one customer.
#[derive(Default)]
pub(super) struct Pair<'a> {
    /// Its active reseller relationship.
    pub reseller: Option<&'a Relationship>,
    pub active_gdap: bool,
    pub active_dap: bool,
}

/// A key that does not depend on the roles' order (a sum of per-role hashes), Global
/// Administrator left out: a renewal drops it (GD2).
pub(super) type RoleKey = u64;

// The review looks up every relationship: a fast hasher (the keys are ids, not attacker-chosen
// in a way that matters for a one-shot report).
type Map<K, V> = HashMap<K, V, RandomState>;
type Set<K> = HashSet<K, RandomState>;

/// Relationships with a live (pending or active) access assignment.
pub type Assigned<'a> = Set<&'a Id>;

/// One customer's relationships, surveyed.
#[derive(Default)]
pub(super) struct Survey<'a> {
    pub pairs: Map<(&'a Id, &'a Id), Pair<'a>>,
    /// Per customer, the partners holding privileged roles through active GDAP.
    pub privileged_partners: Map<&'a Id, Vec<&'a Id>>,
    /// GDAP requests on their way (created … activating), by partner, customer and roles.
    pub renewals: Map<(&'a Id, &'a Id, RoleKey), Vec<&'a Relationship>>,
    /// Active GDAP relationships that duplicate another (the one ending sooner), with the one
    /// they duplicate.
    pub overlaps: Vec<(&'a Relationship, &'a Relationship)>,
    /// The active GDAP relationship that last had each partner, customer and roles.
    active_by_roles: Map<(&'a Id, &'a Id, RoleKey), &'a Relationship>,
}

/// Which relationships have a live access assignment: one pass over the assignments.
pub fn assigned<W: Records>(ws: &W) -> Assigned<'_> {
    let mut assigned =
        Set::with_capacity_and_hasher(ws.assignments().size_hint().0, RandomState::default());
    for assignment in ws.assignments() {
        if assignment.status.is_live() {
            assigned.insert(&assignment.relationship_id);
        }
    }
    assigned
}

impl<'a> Survey<'a> {
    /// Surveys `group`, one customer's relationships (in id order), forgetting the last one's.
    pub fn take(&mut self, group: &[&'a Relationship]) {
        // A map that once held a customer with very many relationships is not cleared slot by
        // slot for every small one after it.
        const KEPT: usize = 256;
        for map_len in [self.pairs.capacity(), self.active_by_roles.capacity()] {
            if map_len > KEPT {
                *self = Survey::default();
                break;
            }
        }
        self.pairs.clear();
        self.privileged_partners.clear();
        self.renewals.clear();
        self.overlaps.clear();
        self.active_by_roles.clear();
        for r in group {
            self.note(r);
        }
    }

    fn note(&mut self, r: &'a Relationship) {
        let active_by_roles = &mut self.active_by_roles;
        let pair_key = (&r.customer_id, &r.partner_id);
        match (r.kind, r.status) {
            (RelationshipKind::Reseller, RelationshipStatus::Active) => {
                self.pairs.entry(pair_key).or_default().reseller = Some(r);
            }
            (RelationshipKind::DelegatedAdmin, RelationshipStatus::Active) => {
                self.pairs.entry(pair_key).or_default().active_dap = true;
            }
            (RelationshipKind::Gdap, RelationshipStatus::Active) => {
                self.pairs.entry(pair_key).or_default().active_gdap = true;
                let Some(gdap) = r.gdap.as_deref() else {
                    return;
                };
                if holds_privileged(&gdap.roles) {
                    let partners = self.privileged_partners.entry(&r.customer_id).or_default();
                    if !partners.contains(&&r.partner_id) {
                        partners.push(&r.partner_id);
                    }
                }
                let key = (&r.partner_id, &r.customer_id, role_key(&gdap.roles));
                match active_by_roles.get(&key).copied() {
                    Some(other) if same_roles(other, r) => {
                        let (sooner, later) = if ends_before(r, other) {
                            (r, other)
                        } else {
                            (other, r)
                        };
                        self.overlaps.push((sooner, later));
                        active_by_roles.insert(key, later);
                    }
                    _ => {
                        active_by_roles.insert(key, r);
                    }
                }
            }
            (
                RelationshipKind::Gdap,
                RelationshipStatus::Created
                | RelationshipStatus::ApprovalPending
                | RelationshipStatus::Approved
                | RelationshipStatus::Activating,
            ) => {
                let Some(gdap) = r.gdap.as_deref() else {
                    return;
                };
                let key = (&r.partner_id, &r.customer_id, role_key(&gdap.roles));
                self.renewals.entry(key).or_default().push(r);
            }
            _ => {}
        }
    }

    /// A GDAP request from `r`'s partner to `r`'s customer with `r`'s roles (Global
    /// Administrator aside) is on its way: `r` is being renewed.
    pub fn renewal_of(&self, r: &'a Relationship) -> Option<&'a Relationship> {
        let gdap = r.gdap.as_deref()?;
        let key = (&r.partner_id, &r.customer_id, role_key(&gdap.roles));
        self.renewals
            .get(&key)?
            .iter()
            .copied()
            .find(|other| same_roles(other, r))
    }

    pub fn pair(&self, customer: &'a Id, partner: &'a Id) -> Option<&Pair<'a>> {
        self.pairs.get(&(customer, partner))
    }
}

/// The roles include one with a path to Global Administrator's control of the tenant (the
/// catalogue's `tenantControl` mark). Not Microsoft's wider PRIVILEGED label, which also covers
/// read-only roles (Global Reader) and a helpdesk's day-to-day ones (Helpdesk Administrator):
/// a clean helpdesk relationship that auto-extends is no finding.
pub(super) fn holds_privileged(roles: &[Text]) -> bool {
    // Asked for every relationship: a set of the privileged ids, made once, instead of the
    // catalogue's lookup by name or id (which lowercases each role first).
    static PRIVILEGED: OnceLock<HashSet<String, RandomState>> = OnceLock::new();
    let privileged = PRIVILEGED.get_or_init(|| {
        all_roles()
            .iter()
            .filter(|r| r.tenant_control)
            .map(|r| r.template_id.to_ascii_lowercase())
            .collect()
    });
    roles.iter().any(|role| {
        privileged.contains(role.as_ref() as &str)
            || (role.bytes().any(|b| b.is_ascii_uppercase())
                && privileged.contains(&role.to_ascii_lowercase()))
    })
}

pub(super) fn is_global_admin(role: &str) -> bool {
    // Asked of every role of every relationship, nearly all other GUIDs: the first byte tells
    // most of them apart before a whole comparison.
    let (role, ga) = (role.as_bytes(), GLOBAL_ADMINISTRATOR.as_bytes());
    role.len() == ga.len() && role[0].eq_ignore_ascii_case(&ga[0]) && role.eq_ignore_ascii_case(ga)
}

fn role_key(roles: &[Text]) -> RoleKey {
    let state = FixedState::with_seed(0x7265_7669_6577);
    roles
        .iter()
        .filter(|role| !is_global_admin(role))
        .map(|role| {
            let mut hasher = state.build_hasher();
            // Role ids are written in lower case: hashed whole; another is lowered first.
            if role.bytes().any(|b| b.is_ascii_uppercase()) {
                hasher.write(role.to_ascii_lowercase().as_bytes());
            } else {
                hasher.write(role.as_bytes());
            }
            hasher.finish()
        })
        .fold(0u64, u64::wrapping_add)
}

/// The two hold the same roles, Global Administrator aside (the key could collide).
fn same_roles(a: &Relationship, b: &Relationship) -> bool {
    let roles = |r: &Relationship| -> Vec<String> {
        let mut roles: Vec<String> = r
            .gdap
            .as_deref()
            .map(|g| {
                g.roles
                    .iter()
                    .filter(|role| !is_global_admin(role))
                    .map(|role| role.to_ascii_lowercase())
                    .collect()
            })
            .unwrap_or_default();
        roles.sort();
        roles.dedup();
        roles
    };
    roles(a) == roles(b)
}

/// `a` ends before `b` (no end is never); equal ends: the larger id counts as sooner.
fn ends_before(a: &Relationship, b: &Relationship) -> bool {
    match (a.end_date_time, b.end_date_time) {
        (Some(x), Some(y)) if x != y => x < y,
        (Some(_), None) => true,
        (None, Some(_)) => false,
        _ => a.id > b.id,
    }
}
