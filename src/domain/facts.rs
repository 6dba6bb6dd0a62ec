//! The seam between the rulebook and storage: what the rules read (`Facts`) and what actions
//! read and write (`Records`). The workspace implements both from its tables and indexes; the
//! whole-file check implements `Facts` from lookups built in one pass. The rules never see how.

use super::audit::AuditEntry;
use super::conflicts::Conflict;
use super::records::*;
use super::time::Time;
use crate::tables::id::Id;

/// How one record differs between two states of the workspace.
pub enum Change<'a, T> {
    Added(&'a T),
    Removed(&'a T),
    Updated { before: &'a T, after: &'a T },
}

/// Records to put together (`Records::put_batch`), ids unique within each kind.
#[derive(Default)]
pub struct Batch {
    pub customers: Vec<Customer>,
    pub subscriptions: Vec<Subscription>,
    pub relationships: Vec<Relationship>,
    pub assignments: Vec<AccessAssignment>,
}

/// `Facts::ever_resold` for a `Records` store: a look at the customer's relationships.
pub fn ever_resold_in<W: Records>(ws: &W, customer: &Id, partner: &Id) -> bool {
    ws.relationships_of_customer_in_any_order(customer)
        .any(|r| r.kind == RelationshipKind::Reseller && r.partner_id == *partner)
}

/// `Facts::gdap_name_taken` for a `Records` store: its name index for the partner.
pub fn gdap_name_taken_in<W: Records>(ws: &W, r: &Relationship) -> Option<Id> {
    let name = r.gdap_name()?;
    ws.gdap_relationships_named(&r.partner_id, name)
        .find(|other| **other != r.id)
        .cloned()
}

/// What the record rules look up. A workspace answers from its indexes (for the records an
/// action touched); `check` answers from hash maps built in one pass over everything.
pub trait Facts {
    fn partner(&self, id: &Id) -> Option<&Partner>;
    fn customer(&self, id: &Id) -> Option<&Customer>;
    fn relationship(&self, id: &Id) -> Option<&Relationship>;
    fn invitation(&self, id: &Id) -> Option<&Invitation>;
    /// WS2: `partner` holds or held a reseller relationship with `customer`.
    fn ever_resold(&self, customer: &Id, partner: &Id) -> bool;
    /// GD6: another GDAP relationship of `r`'s partner with `r`'s display name (in any case).
    fn gdap_name_taken(&self, r: &Relationship) -> Option<Id>;
    /// IV3: another pending invitation from the same partner asking the same customer for the
    /// same thing.
    fn pending_twin(&self, inv: &Invitation) -> Option<Id>;
    /// ID1: another customer with `c`'s tenant id (in any case).
    fn customer_tenant_twin(&self, c: &Customer) -> Option<Id>;
    /// ID2: another customer with `c`'s primary domain (in any case); none when it has none.
    fn customer_domain_twin(&self, c: &Customer) -> Option<Id>;
    /// ID1: another partner with `p`'s tenant id (in any case).
    fn partner_tenant_twin(&self, p: &Partner) -> Option<Id>;
    /// ID2: another partner with `p`'s Partner ID; none when it has none.
    fn partner_id_twin(&self, p: &Partner) -> Option<Id>;
}

/// Everything an action reads and writes. A state is a value: `apply` clones it (cheaply: the
/// workspace shares what did not change), lets the action change the clone, then compares the
/// two through the `*_changes` diffs before it keeps the new one.
pub trait Records: Facts + Clone + Sync {
    fn subscription(&self, id: &Id) -> Option<&Subscription>;
    fn assignment(&self, id: &Id) -> Option<&AccessAssignment>;

    /// Every record of a kind, in id order.
    fn partners(&self) -> impl Iterator<Item = &Partner>;
    fn customers(&self) -> impl Iterator<Item = &Customer>;
    fn subscriptions(&self) -> impl Iterator<Item = &Subscription>;
    fn relationships(&self) -> impl Iterator<Item = &Relationship>;
    fn invitations(&self) -> impl Iterator<Item = &Invitation>;
    fn assignments(&self) -> impl Iterator<Item = &AccessAssignment>;

    fn subscriptions_of_customer<'a>(
        &'a self,
        customer: &Id,
    ) -> impl Iterator<Item = &'a Subscription> + 'a;
    fn assignments_of_relationship<'a>(
        &'a self,
        relationship: &Id,
    ) -> impl Iterator<Item = &'a AccessAssignment> + 'a;
    /// Ids of the partner's relationships whose GDAP display name is `name` (in any case).
    fn gdap_relationships_named<'a>(
        &'a self,
        partner: &Id,
        name: &str,
    ) -> impl Iterator<Item = &'a Id> + 'a;
    fn relationships_of_customer<'a>(
        &'a self,
        customer: &Id,
    ) -> impl Iterator<Item = &'a Relationship> + 'a;
    /// The customer `id` as it stands, `before` being the record as it stood when a batch of
    /// changes began (found by the caller): a store that keeps the batch's records beside its
    /// own (the import's staging) then looks only among those; others look it up.
    fn customer_since<'s>(&'s self, id: &Id, before: Option<&'s Customer>) -> Option<&'s Customer> {
        let _ = before;
        self.customer(id)
    }
    /// `customer_since` for a relationship.
    fn relationship_since<'s>(
        &'s self,
        id: &Id,
        before: Option<&'s Relationship>,
    ) -> Option<&'s Relationship> {
        let _ = before;
        self.relationship(id)
    }
    /// `customer_since` for a subscription.
    fn subscription_since<'s>(
        &'s self,
        id: &Id,
        before: Option<&'s Subscription>,
    ) -> Option<&'s Subscription> {
        let _ = before;
        self.subscription(id)
    }
    /// `relationships_of_customer` in no particular order: for questions order does not change
    /// (any, the least by id), where a store keeping them in two places saves a sort.
    fn relationships_of_customer_in_any_order<'a>(
        &'a self,
        customer: &Id,
    ) -> impl Iterator<Item = &'a Relationship> + 'a {
        self.relationships_of_customer(customer)
    }
    fn relationships_of_partner<'a>(
        &'a self,
        partner: &Id,
    ) -> impl Iterator<Item = &'a Relationship> + 'a;
    fn invitations_of_customer<'a>(
        &'a self,
        customer: &Id,
    ) -> impl Iterator<Item = &'a Invitation> + 'a;
    fn invitations_of_partner<'a>(
        &'a self,
        partner: &Id,
    ) -> impl Iterator<Item = &'a Invitation> + 'a;
    /// The indirect resellers a provider authorizes.
    fn resellers_of_provider(&self, provider: &Id) -> Vec<&Partner>;
    /// Ids of pending invitations whose expiry is at or before `until`, soonest first.
    fn pending_invitations_due(&self, until: Time) -> Vec<Id>;
    /// Ids of GDAP relationships whose next deadline is at or before `until`, soonest first.
    fn gdap_deadlines_due(&self, until: Time) -> Vec<Id>;
    /// The sequence number of the last audit entry, if any.
    fn last_audit_seq(&self) -> Option<u64>;
    /// When the last audit entry happened, if any (TM1).
    fn last_audit_time(&self) -> Option<Time>;

    fn put_partner(&mut self, partner: Partner);
    fn put_customer(&mut self, customer: Customer);
    fn put_subscription(&mut self, subscription: Subscription);
    fn put_relationship(&mut self, relationship: Relationship);
    fn put_invitation(&mut self, invitation: Invitation);
    fn put_assignment(&mut self, assignment: AccessAssignment);
    /// Puts many records at once, ids unique within each kind: the same as putting them one
    /// by one (which is what this does unless a store can do better in bulk).
    fn put_batch(&mut self, batch: Batch) {
        batch
            .customers
            .into_iter()
            .for_each(|c| self.put_customer(c));
        batch
            .relationships
            .into_iter()
            .for_each(|r| self.put_relationship(r));
        batch
            .subscriptions
            .into_iter()
            .for_each(|s| self.put_subscription(s));
        batch
            .assignments
            .into_iter()
            .for_each(|a| self.put_assignment(a));
    }
    fn push_audit(&mut self, entry: AuditEntry);
    /// The merge conflict recorded under `id`, if any.
    fn conflict(&self, id: &str) -> Option<&Conflict>;
    /// Removes the record of an answered conflict.
    fn drop_conflict(&mut self, id: &str);
    /// A fresh id `{prefix}-{n}` that `taken` says no record uses yet.
    fn fresh_id(&mut self, prefix: &str, taken: impl Fn(&Self, &Id) -> bool) -> Id;

    /// What changed since `before`, kind by kind (records are never removed by the workspace,
    /// but a forged draft could, so `Removed` is reported too).
    fn partner_changes<'a>(&'a self, before: &'a Self) -> Vec<Change<'a, Partner>>;
    fn customer_changes<'a>(&'a self, before: &'a Self) -> Vec<Change<'a, Customer>>;
    fn subscription_changes<'a>(&'a self, before: &'a Self) -> Vec<Change<'a, Subscription>>;
    fn relationship_changes<'a>(&'a self, before: &'a Self) -> Vec<Change<'a, Relationship>>;
    fn invitation_changes<'a>(&'a self, before: &'a Self) -> Vec<Change<'a, Invitation>>;
    fn assignment_changes<'a>(&'a self, before: &'a Self) -> Vec<Change<'a, AccessAssignment>>;
}
