//! The one pass the review makes: what the families need to know about other records (is there
//! an access assignment, a reseller relationship, a renewal on its way…), gathered into hash
//! maps so that no family scans the workspace again.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};

use foldhash::fast::FixedState;

use crate::domain::facts::Records;
use crate::domain::records::*;
use crate::domain::roles::{GLOBAL_ADMINISTRATOR, find_role};
use crate::domain::templates::Catalogue;
use crate::domain::time::Time;
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

pub(super) struct Survey<'a> {
    /// Relationships with a live (pending or active) access assignment.
    pub assigned: HashSet<&'a Id>,
    pub pairs: HashMap<(&'a Id, &'a Id), Pair<'a>>,
    /// Per customer, the partners holding privileged roles through active GDAP.
    pub privileged_partners: HashMap<&'a Id, Vec<&'a Id>>,
    /// GDAP requests on their way (created … activating), by partner, customer and roles.
    pub renewals: HashMap<(&'a Id, &'a Id, RoleKey), Vec<&'a Relationship>>,
    /// Active GDAP relationships that duplicate another (the one ending sooner), with the one
    /// they duplicate.
    pub overlaps: Vec<(&'a Relationship, &'a Relationship)>,
    /// Pending reseller invitations.
    pub pending_invitations: Vec<&'a Invitation>,
}

impl<'a> Survey<'a> {
    pub fn of<W: Records>(ws: &'a W, _catalogue: &Catalogue, _now: Time) -> Survey<'a> {
        let mut survey = Survey {
            assigned: HashSet::new(),
            pairs: HashMap::new(),
            privileged_partners: HashMap::new(),
            renewals: HashMap::new(),
            overlaps: Vec::new(),
            pending_invitations: Vec::new(),
        };
        for assignment in ws.assignments() {
            if assignment.status.is_live() {
                survey.assigned.insert(&assignment.relationship_id);
            }
        }
        let mut active_by_roles: HashMap<(&'a Id, &'a Id, RoleKey), &'a Relationship> =
            HashMap::new();
        for r in ws.relationships() {
            survey.note(r, &mut active_by_roles);
        }
        survey.pending_invitations = ws
            .invitations()
            .filter(|i| i.status == InvitationStatus::Pending && i.kind != InvitationKind::Gdap)
            .collect();
        survey
    }

    fn note(
        &mut self,
        r: &'a Relationship,
        active_by_roles: &mut HashMap<(&'a Id, &'a Id, RoleKey), &'a Relationship>,
    ) {
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

/// The roles include one Microsoft labels privileged.
pub(super) fn holds_privileged(roles: &[Text]) -> bool {
    roles
        .iter()
        .any(|role| find_role(role).is_some_and(|r| r.privileged))
}

pub(super) fn is_global_admin(role: &str) -> bool {
    role.eq_ignore_ascii_case(GLOBAL_ADMINISTRATOR)
}

fn role_key(roles: &[Text]) -> RoleKey {
    let state = FixedState::with_seed(0x7265_7669_6577);
    roles
        .iter()
        .filter(|role| !is_global_admin(role))
        .map(|role| {
            let mut hasher = state.build_hasher();
            for byte in role.bytes() {
                hasher.write_u8(byte.to_ascii_lowercase());
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
