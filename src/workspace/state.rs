//! The workspace: every record by id, plus the indexes that let rules find a customer's or a
//! partner's records without scanning. Collections are tables (a frozen base as loaded plus a
//! persistent overlay, see `table`), so a clone is O(1) and an applied action shares everything it did not touch with the state before it:
//! undo keeps old states, a refusal simply drops the new one.
//!
//! Only the core mutates a workspace (the `pub(super)` methods below); everything else reads.

use imbl::Vector;

use super::identities::Identities;
use super::indexes::{Index, Loaded, join, relationship_indexes_on_two_threads};
use super::lazy_index::LazyIndex;
use crate::domain::audit::AuditEntry;
use crate::domain::conflicts::Conflict;
use crate::domain::facts::Batch;
use crate::domain::records::*;
use crate::domain::time::Time;
use crate::tables::chunked::Chunked;
use crate::tables::id::Id;
use crate::tables::table::{Keyed, Table};

/// Workspace-wide settings that are not records.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    pub name: String,
    /// The moment the workspace describes, for demos shown as of their own date.
    pub as_of: Option<Time>,
    /// Feeds ids of records the core creates (`inv-12`), so replays create the same ids.
    pub next_serial: u64,
}

#[derive(Clone, Debug, Default)]
pub struct Workspace {
    pub(super) meta: Meta,
    pub(super) partners: Table<Partner>,
    pub(super) customers: Table<Customer>,
    pub(super) subscriptions: Table<Subscription>,
    pub(super) relationships: Table<Relationship>,
    pub(super) invitations: Table<Invitation>,
    pub(super) assignments: Table<AccessAssignment>,
    pub(super) audit: Vector<AuditEntry>,
    /// Merge conflicts recorded in the file, until each is answered (`ResolveConflict`).
    pub(super) conflicts: Vector<Conflict>,
    /// Built at the first question after a large batch (`LazyIndex`).
    index: LazyIndex,
    /// Customers by tenant id and domain (ID1, ID2), built when an action first asks.
    pub(super) identities: Identities,
}

/// The tables the index covers, borrowed one by one (beside a change to the index).
macro_rules! indexed_tables {
    ($ws:expr) => {
        Loaded {
            subscriptions: &$ws.subscriptions,
            relationships: &$ws.relationships,
            invitations: &$ws.invitations,
            assignments: &$ws.assignments,
        }
    };
}

impl Workspace {
    /// The index, built first if a large batch left it to be.
    fn index(&self) -> &Index {
        self.index.get(|| indexed_tables!(self))
    }

    #[cfg(test)]
    pub(crate) fn index_is_built(&self) -> bool {
        self.index.is_built()
    }

    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    pub fn partner(&self, id: &Id) -> Option<&Partner> {
        self.partners.get(id)
    }
    pub fn customer(&self, id: &Id) -> Option<&Customer> {
        self.customers.get(id)
    }
    pub fn subscription(&self, id: &Id) -> Option<&Subscription> {
        self.subscriptions.get(id)
    }
    pub fn relationship(&self, id: &Id) -> Option<&Relationship> {
        self.relationships.get(id)
    }
    pub fn invitation(&self, id: &Id) -> Option<&Invitation> {
        self.invitations.get(id)
    }
    pub fn assignment(&self, id: &Id) -> Option<&AccessAssignment> {
        self.assignments.get(id)
    }

    /// All records of a kind, in id order.
    pub fn partners(&self) -> impl DoubleEndedIterator<Item = &Partner> + ExactSizeIterator {
        self.partners.iter()
    }
    pub fn customers(&self) -> impl DoubleEndedIterator<Item = &Customer> + ExactSizeIterator {
        self.customers.iter()
    }
    pub fn subscriptions(
        &self,
    ) -> impl DoubleEndedIterator<Item = &Subscription> + ExactSizeIterator {
        self.subscriptions.iter()
    }
    pub fn relationships(
        &self,
    ) -> impl DoubleEndedIterator<Item = &Relationship> + ExactSizeIterator {
        self.relationships.iter()
    }
    pub fn invitations(&self) -> impl DoubleEndedIterator<Item = &Invitation> + ExactSizeIterator {
        self.invitations.iter()
    }
    pub fn assignments(
        &self,
    ) -> impl DoubleEndedIterator<Item = &AccessAssignment> + ExactSizeIterator {
        self.assignments.iter()
    }
    pub fn audit(&self) -> impl DoubleEndedIterator<Item = &AuditEntry> + ExactSizeIterator {
        self.audit.iter()
    }
    /// The merge conflicts recorded in the workspace, in the order the merge found them.
    pub fn conflicts(&self) -> impl DoubleEndedIterator<Item = &Conflict> + ExactSizeIterator {
        self.conflicts.iter()
    }
    pub fn conflict(&self, id: &str) -> Option<&Conflict> {
        self.conflicts.iter().find(|c| c.id == id)
    }
    /// The audit trail's `index`-th entry (oldest first), found without walking the trail.
    pub fn audit_entry(&self, index: usize) -> Option<&AuditEntry> {
        self.audit.get(index)
    }

    pub fn relationships_of_customer<'a>(
        &'a self,
        customer: &Id,
    ) -> impl Iterator<Item = &'a Relationship> + 'a {
        self.index()
            .relationships_of_customer(customer)
            .filter_map(|id| self.relationships.get(id))
    }
    pub fn relationships_of_partner<'a>(
        &'a self,
        partner: &Id,
    ) -> impl Iterator<Item = &'a Relationship> + 'a {
        self.index()
            .relationships_of_partner(partner)
            .filter_map(|id| self.relationships.get(id))
    }
    pub fn subscriptions_of_customer<'a>(
        &'a self,
        customer: &Id,
    ) -> impl Iterator<Item = &'a Subscription> + 'a {
        self.index()
            .subscriptions_of_customer(customer)
            .filter_map(|id| self.subscriptions.get(id))
    }
    pub fn invitations_of_customer<'a>(
        &'a self,
        customer: &Id,
    ) -> impl Iterator<Item = &'a Invitation> + 'a {
        self.index()
            .invitations_of_customer(customer)
            .filter_map(|id| self.invitations.get(id))
    }
    pub fn invitations_of_partner<'a>(
        &'a self,
        partner: &Id,
    ) -> impl Iterator<Item = &'a Invitation> + 'a {
        self.index()
            .invitations_of_partner(partner)
            .filter_map(|id| self.invitations.get(id))
    }
    pub fn assignments_of_relationship<'a>(
        &'a self,
        relationship: &Id,
    ) -> impl Iterator<Item = &'a AccessAssignment> + 'a {
        self.index()
            .assignments_of_relationship(relationship)
            .filter_map(|id| self.assignments.get(id))
    }

    /// The partners a customer has a relationship in force with, each once, in id order.
    pub fn partners_of_customer(&self, customer: &Id) -> Vec<Id> {
        let mut partners: Vec<Id> = self
            .relationships_of_customer(customer)
            .filter(|r| r.status.is_in_force())
            .map(|r| r.partner_id.clone())
            .collect();
        partners.sort();
        partners.dedup();
        partners
    }

    /// The customers a partner has a relationship in force with, each once.
    pub fn customers_of_partner(&self, partner: &Id) -> Vec<Id> {
        let mut customers: Vec<Id> = self
            .relationships_of_partner(partner)
            .filter(|r| r.status.is_in_force())
            .map(|r| r.customer_id.clone())
            .collect();
        customers.sort();
        customers.dedup();
        customers
    }

    /// The indirect resellers a provider authorizes.
    pub fn resellers_of_provider(&self, provider: &Id) -> Vec<&Partner> {
        self.partners
            .iter()
            .filter(|p| p.providers.contains(provider))
            .collect()
    }

    /// The partner's relationships whose GDAP display name equals `name` (any case).
    pub fn gdap_relationships_named<'a>(
        &'a self,
        partner: &Id,
        name: &str,
    ) -> impl Iterator<Item = &'a Id> + 'a {
        self.index().gdap_relationships_named(partner, name)
    }

    /// Ids of pending invitations whose expiry is at or before `until`, soonest first.
    pub fn pending_invitations_due(&self, until: Time) -> Vec<Id> {
        self.index().pending_invitations_due(until)
    }

    /// Ids of GDAP relationships whose deadline is at or before `until`, soonest first.
    pub fn gdap_deadlines_due(&self, until: Time) -> Vec<Id> {
        self.index().gdap_deadlines_due(until)
    }

    pub fn counts(&self) -> Counts {
        Counts {
            partners: self.partners.len(),
            customers: self.customers.len(),
            subscriptions: self.subscriptions.len(),
            relationships: self.relationships.len(),
            invitations: self.invitations.len(),
            assignments: self.assignments.len(),
            audit: self.audit.len(),
        }
    }

    // ---- mutation, for the core only ----

    pub(super) fn put_partner(&mut self, partner: Partner) {
        self.partners.insert(partner);
    }

    pub(super) fn put_customer(&mut self, customer: Customer) {
        let old = self.customers.get(&customer.id);
        self.identities.put_customer(old, &customer);
        self.customers.insert(customer);
    }

    pub(super) fn put_subscription(&mut self, subscription: Subscription) {
        let old = self.subscriptions.get(&subscription.id);
        let index = self.index.get_mut(indexed_tables!(self));
        index.put_subscription(old, &subscription);
        self.subscriptions.insert(subscription);
    }

    pub(super) fn put_relationship(&mut self, relationship: Relationship) {
        let old = self.relationships.get(&relationship.id);
        let index = self.index.get_mut(indexed_tables!(self));
        index.put_relationship(old, &relationship);
        self.relationships.insert(relationship);
    }

    pub(super) fn put_invitation(&mut self, invitation: Invitation) {
        let old = self.invitations.get(&invitation.id);
        let index = self.index.get_mut(indexed_tables!(self));
        index.put_invitation(old, &invitation);
        self.invitations.insert(invitation);
    }

    pub(super) fn put_assignment(&mut self, assignment: AccessAssignment) {
        let old = self.assignments.get(&assignment.id);
        let index = self.index.get_mut(indexed_tables!(self));
        index.put_assignment(old, &assignment);
        self.assignments.insert(assignment);
    }

    /// Puts a batch (ids unique within each kind, in any order). A kind whose batch is large
    /// beside its table is sorted and merged into the table's base, in bulk; a small one is put
    /// record by record. A large batch of relationships is sorted and merged on a second thread
    /// while the other kinds are. The kinds merged in bulk are indexed again: at the first
    /// question when every indexed table is then as merged (`LazyIndex`), else at once.
    pub(super) fn put_batch(&mut self, batch: Batch) {
        let Batch {
            customers,
            subscriptions,
            relationships,
            assignments,
        } = batch;
        let sizes = self.counts();
        // Record by record first, while every table the index covers is whole.
        let customers = bulk_or_put(self, sizes.customers, customers, Self::put_customer);
        let subscriptions = bulk_or_put(
            self,
            sizes.subscriptions,
            subscriptions,
            Self::put_subscription,
        );
        let relationships = bulk_or_put(
            self,
            sizes.relationships,
            relationships,
            Self::put_relationship,
        );
        let assignments = bulk_or_put(self, sizes.assignments, assignments, Self::put_assignment);
        let merged = [
            !subscriptions.is_empty(),
            !relationships.is_empty(),
            !assignments.is_empty(),
        ];
        if relationships.is_empty() {
            self.merge_others(customers, subscriptions, assignments);
        } else {
            let table = std::mem::take(&mut self.relationships);
            let table = std::thread::scope(|scope| {
                let other = scope.spawn(move || table.merged(sorted(relationships)));
                self.merge_others(customers, subscriptions, assignments);
                join(other)
            });
            self.relationships = table;
        }
        let [subscriptions, relationships, assignments] = merged;
        if !(subscriptions || relationships || assignments) {
            return;
        }
        if self.subscriptions.is_as_loaded()
            && self.relationships.is_as_loaded()
            && self.invitations.is_as_loaded()
            && self.assignments.is_as_loaded()
        {
            self.index = LazyIndex::unbuilt();
            return;
        }
        // A table the index covers has records put one by one, so the index is built (see
        // `LazyIndex`): only the kinds merged in bulk are indexed again.
        let index = self.index.get_mut(indexed_tables!(self));
        if relationships {
            index.set_relationships(relationship_indexes_on_two_threads(&self.relationships));
        }
        if subscriptions {
            index.rebuild_subscriptions(&self.subscriptions);
        }
        if assignments {
            index.rebuild_assignments(&self.assignments);
        }
    }

    /// `put_batch`'s bulk merges of the customers, subscriptions and access assignments (each
    /// empty when there is nothing to merge in bulk).
    fn merge_others(
        &mut self,
        customers: Vec<Customer>,
        subscriptions: Vec<Subscription>,
        assignments: Vec<AccessAssignment>,
    ) {
        if !customers.is_empty() {
            self.customers = self.customers.merged(sorted(customers));
            self.identities = Identities::default();
        }
        if !subscriptions.is_empty() {
            self.subscriptions = self.subscriptions.merged(sorted(subscriptions));
        }
        if !assignments.is_empty() {
            self.assignments = self.assignments.merged(sorted(assignments));
        }
    }

    pub(super) fn push_audit(&mut self, entry: AuditEntry) {
        self.audit.push_back(entry);
    }

    pub(super) fn drop_conflict(&mut self, id: &str) {
        self.conflicts.retain(|c| c.id != id);
    }

    /// A merge records what it could not decide (`merge`).
    pub(super) fn record_conflicts(&mut self, conflicts: Vec<Conflict>) {
        self.conflicts = conflicts.into_iter().collect();
    }

    /// A fresh id `{prefix}-{n}` that no record of the kind uses yet.
    pub(super) fn fresh_id(&mut self, prefix: &str, taken: impl Fn(&Self, &Id) -> bool) -> Id {
        loop {
            self.meta.next_serial += 1;
            let id = Id::new(format!("{prefix}-{}", self.meta.next_serial));
            if !taken(self, &id) {
                return id;
            }
        }
    }
}

/// `records` when they are to be merged in bulk into a table of `table` records; else each is
/// put now, and none is left.
fn bulk_or_put<T>(
    ws: &mut Workspace,
    table: usize,
    records: Vec<T>,
    put: fn(&mut Workspace, T),
) -> Vec<T> {
    if in_bulk(table, records.len()) {
        return records;
    }
    records.into_iter().for_each(|r| put(ws, r));
    Vec::new()
}

/// A batch of `batch` records is merged in bulk into a table of `table` records when it is
/// at least an eighth of it: rebuilding costs the table's size, putting one by one the batch's
/// size times a tree's depth.
fn in_bulk(table: usize, batch: usize) -> bool {
    batch > 0 && batch * 8 >= table
}

/// `records` in id order, as a table's merge takes them (`sort::by_key`: each record moved
/// along its cycle, in place).
fn sorted<T: Keyed>(mut records: Vec<T>) -> Vec<T> {
    crate::tables::sort::by_key(&mut records);
    records
}

/// Every record of a file, each kind in strictly increasing id order (so without duplicates).
pub(super) struct SortedRecords {
    pub meta: Meta,
    pub partners: Chunked<Partner>,
    pub customers: Chunked<Customer>,
    pub subscriptions: Chunked<Subscription>,
    pub relationships: Chunked<Relationship>,
    pub invitations: Chunked<Invitation>,
    pub assignments: Chunked<AccessAssignment>,
    pub audit: Vec<AuditEntry>,
    pub conflicts: Vec<Conflict>,
}

impl Workspace {
    /// A workspace from records already in id order: the same workspace as putting them one by
    /// one, built in bulk (the records become the tables' bases as they are; index entries are
    /// grouped, rarely sorted), the relationships' indexes on a second thread when there are many.
    pub(super) fn from_sorted(records: SortedRecords) -> Workspace {
        Workspace::with_indexes_beside(records, |_| ()).0
    }

    /// Like `from_sorted`, running `beside` on the workspace's records (indexes not built yet:
    /// it may read records, not indexes) while the indexes are built on other threads (it runs on this one).
    pub(super) fn with_indexes_beside<R>(
        records: SortedRecords,
        beside: impl FnOnce(&Workspace) -> R,
    ) -> (Workspace, R) {
        let mut ws = Workspace::without_indexes(records);
        let loaded = indexed_tables!(ws);
        let (index, result) = Index::build_beside(loaded, || beside(&ws));
        ws.index = LazyIndex::built(index);
        (ws, result)
    }

    /// A workspace made without indexes (a merge's result: `CheckedFile::records`) with its
    /// indexes built, to be used rather than only written: the app carries on with it.
    pub fn indexed(mut self) -> Workspace {
        let loaded = indexed_tables!(self);
        let (index, ()) = Index::build_beside(loaded, || ());
        self.index = LazyIndex::built(index);
        self.identities = Identities::default();
        self
    }

    /// The records as tables, with no index yet: for reading records only (`check`); the
    /// first query or action builds it.
    pub(super) fn without_indexes(records: SortedRecords) -> Workspace {
        Workspace {
            meta: records.meta,
            partners: Table::from_sorted(records.partners),
            customers: Table::from_sorted(records.customers),
            subscriptions: Table::from_sorted(records.subscriptions),
            relationships: Table::from_sorted(records.relationships),
            invitations: Table::from_sorted(records.invitations),
            assignments: Table::from_sorted(records.assignments),
            audit: records.audit.into_iter().collect(),
            conflicts: records.conflicts.into_iter().collect(),
            index: LazyIndex::unbuilt(),
            identities: Identities::default(),
        }
    }
}

/// How many records of each kind a workspace holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub partners: usize,
    pub customers: usize,
    pub subscriptions: usize,
    pub relationships: usize,
    pub invitations: usize,
    pub assignments: usize,
    pub audit: usize,
}
