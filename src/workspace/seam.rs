//! The workspace answers the rulebook's `Facts` and `Records` from its tables and indexes.

use super::identities::CustomerKey;
use super::state::Workspace;
use crate::domain::audit::AuditEntry;
use crate::domain::conflicts::Conflict;
use crate::domain::facts::{Batch, Change, Facts, Records, ever_resold_in, gdap_name_taken_in};
use crate::domain::records::*;
use crate::domain::rules::identity;
use crate::domain::time::Time;
use crate::tables::id::Id;
use crate::tables::table;

impl Facts for Workspace {
    fn partner(&self, id: &Id) -> Option<&Partner> {
        Workspace::partner(self, id)
    }
    fn customer(&self, id: &Id) -> Option<&Customer> {
        Workspace::customer(self, id)
    }
    fn relationship(&self, id: &Id) -> Option<&Relationship> {
        Workspace::relationship(self, id)
    }
    fn invitation(&self, id: &Id) -> Option<&Invitation> {
        Workspace::invitation(self, id)
    }
    fn ever_resold(&self, customer: &Id, partner: &Id) -> bool {
        ever_resold_in(self, customer, partner)
    }
    fn gdap_name_taken(&self, r: &Relationship) -> Option<Id> {
        gdap_name_taken_in(self, r)
    }
    fn pending_twin(&self, inv: &Invitation) -> Option<Id> {
        self.invitations_of_partner(&inv.partner_id)
            .find(|other| {
                other.id != inv.id
                    && other.status == InvitationStatus::Pending
                    && other.customer_id == inv.customer_id
                    && other.kind == inv.kind
            })
            .map(|other| other.id.clone())
    }
    fn customer_tenant_twin(&self, c: &Customer) -> Option<Id> {
        customer_twin(self, c, CustomerKey::Tenant)
    }
    fn customer_domain_twin(&self, c: &Customer) -> Option<Id> {
        customer_twin(self, c, CustomerKey::Domain)
    }
    fn partner_tenant_twin(&self, p: &Partner) -> Option<Id> {
        let partners = self.partners().map(|o| (&o.id, o.tenant_id.as_str()));
        identity::first_twin(partners, &p.id, &p.tenant_id).cloned()
    }
    fn partner_id_twin(&self, p: &Partner) -> Option<Id> {
        let partners = self.partners().map(|o| (&o.id, o.partner_id.as_str()));
        identity::first_twin(partners, &p.id, &p.partner_id).cloned()
    }
}

/// ID1, ID2: another customer whose `key` is `c`'s, from the customers' identities (those of
/// the loaded customers built on first use), each candidate confirmed on its record.
fn customer_twin(ws: &Workspace, c: &Customer, key: CustomerKey) -> Option<Id> {
    let text = key.of(c);
    if text.is_empty() {
        return None;
    }
    let loaded = ws.customers.loaded_shared();
    ws.identities
        .customers_with(&loaded, key, text)
        .filter(|id| **id != c.id)
        .find(|id| {
            ws.customer(id)
                .is_some_and(|other| identity::same_identifier(key.of(other), text))
        })
        .cloned()
}

impl Records for Workspace {
    fn subscription(&self, id: &Id) -> Option<&Subscription> {
        Workspace::subscription(self, id)
    }
    fn assignment(&self, id: &Id) -> Option<&AccessAssignment> {
        Workspace::assignment(self, id)
    }
    fn partners(&self) -> impl Iterator<Item = &Partner> {
        Workspace::partners(self)
    }
    fn customers(&self) -> impl Iterator<Item = &Customer> {
        Workspace::customers(self)
    }
    fn subscriptions(&self) -> impl Iterator<Item = &Subscription> {
        Workspace::subscriptions(self)
    }
    fn relationships(&self) -> impl Iterator<Item = &Relationship> {
        Workspace::relationships(self)
    }
    fn invitations(&self) -> impl Iterator<Item = &Invitation> {
        Workspace::invitations(self)
    }
    fn assignments(&self) -> impl Iterator<Item = &AccessAssignment> {
        Workspace::assignments(self)
    }
    fn subscriptions_of_customer<'a>(
        &'a self,
        customer: &Id,
    ) -> impl Iterator<Item = &'a Subscription> + 'a {
        Workspace::subscriptions_of_customer(self, customer)
    }
    fn assignments_of_relationship<'a>(
        &'a self,
        relationship: &Id,
    ) -> impl Iterator<Item = &'a AccessAssignment> + 'a {
        Workspace::assignments_of_relationship(self, relationship)
    }
    fn gdap_relationships_named<'a>(
        &'a self,
        partner: &Id,
        name: &str,
    ) -> impl Iterator<Item = &'a Id> + 'a {
        Workspace::gdap_relationships_named(self, partner, name)
    }
    fn relationships_of_customer<'a>(
        &'a self,
        customer: &Id,
    ) -> impl Iterator<Item = &'a Relationship> + 'a {
        Workspace::relationships_of_customer(self, customer)
    }
    fn relationships_of_partner<'a>(
        &'a self,
        partner: &Id,
    ) -> impl Iterator<Item = &'a Relationship> + 'a {
        Workspace::relationships_of_partner(self, partner)
    }
    fn invitations_of_customer<'a>(
        &'a self,
        customer: &Id,
    ) -> impl Iterator<Item = &'a Invitation> + 'a {
        Workspace::invitations_of_customer(self, customer)
    }
    fn invitations_of_partner<'a>(
        &'a self,
        partner: &Id,
    ) -> impl Iterator<Item = &'a Invitation> + 'a {
        Workspace::invitations_of_partner(self, partner)
    }
    fn resellers_of_provider(&self, provider: &Id) -> Vec<&Partner> {
        Workspace::resellers_of_provider(self, provider)
    }
    fn pending_invitations_due(&self, until: Time) -> Vec<Id> {
        Workspace::pending_invitations_due(self, until)
    }
    fn gdap_deadlines_due(&self, until: Time) -> Vec<Id> {
        Workspace::gdap_deadlines_due(self, until)
    }
    fn last_audit_seq(&self) -> Option<u64> {
        self.audit().next_back().map(|last| last.seq)
    }
    fn last_audit_time(&self) -> Option<Time> {
        self.audit().next_back().map(|last| last.at)
    }

    fn put_partner(&mut self, partner: Partner) {
        Workspace::put_partner(self, partner)
    }
    fn put_customer(&mut self, customer: Customer) {
        Workspace::put_customer(self, customer)
    }
    fn put_subscription(&mut self, subscription: Subscription) {
        Workspace::put_subscription(self, subscription)
    }
    fn put_relationship(&mut self, relationship: Relationship) {
        Workspace::put_relationship(self, relationship)
    }
    fn put_invitation(&mut self, invitation: Invitation) {
        Workspace::put_invitation(self, invitation)
    }
    fn put_assignment(&mut self, assignment: AccessAssignment) {
        Workspace::put_assignment(self, assignment)
    }
    fn put_batch(&mut self, batch: Batch) {
        Workspace::put_batch(self, batch)
    }
    fn push_audit(&mut self, entry: AuditEntry) {
        Workspace::push_audit(self, entry)
    }
    fn fresh_id(&mut self, prefix: &str, taken: impl Fn(&Self, &Id) -> bool) -> Id {
        Workspace::fresh_id(self, prefix, taken)
    }
    fn conflict(&self, id: &str) -> Option<&Conflict> {
        Workspace::conflict(self, id)
    }
    fn drop_conflict(&mut self, id: &str) {
        Workspace::drop_conflict(self, id)
    }

    fn partner_changes<'a>(&'a self, before: &'a Self) -> Vec<Change<'a, Partner>> {
        changes(self.partners.changes_since(&before.partners))
    }
    fn customer_changes<'a>(&'a self, before: &'a Self) -> Vec<Change<'a, Customer>> {
        changes(self.customers.changes_since(&before.customers))
    }
    fn subscription_changes<'a>(&'a self, before: &'a Self) -> Vec<Change<'a, Subscription>> {
        changes(self.subscriptions.changes_since(&before.subscriptions))
    }
    fn relationship_changes<'a>(&'a self, before: &'a Self) -> Vec<Change<'a, Relationship>> {
        changes(self.relationships.changes_since(&before.relationships))
    }
    fn invitation_changes<'a>(&'a self, before: &'a Self) -> Vec<Change<'a, Invitation>> {
        changes(self.invitations.changes_since(&before.invitations))
    }
    fn assignment_changes<'a>(&'a self, before: &'a Self) -> Vec<Change<'a, AccessAssignment>> {
        changes(self.assignments.changes_since(&before.assignments))
    }
}

/// The tables' diff in the rulebook's words.
fn changes<T>(diff: Vec<table::Change<'_, T>>) -> Vec<Change<'_, T>> {
    diff.into_iter()
        .map(|change| match change {
            table::Change::Added(record) => Change::Added(record),
            table::Change::Removed(record) => Change::Removed(record),
            table::Change::Updated { before, after } => Change::Updated { before, after },
        })
        .collect()
}
