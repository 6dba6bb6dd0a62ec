//! The workspace: every record by id, plus the indexes that let rules find a customer's or a
//! partner's records without scanning. Collections are tables (a frozen base as loaded plus a
//! persistent overlay, see `table`), so a clone is O(1) and an applied action shares everything it did not touch with the state before it:
//! undo keeps old states, a refusal simply drops the new one.
//!
//! Only the core mutates a workspace (the `pub(super)` methods below); everything else reads.

use imbl::Vector;

use super::chunked::Chunked;
use super::ids::{Id, Time};
use super::layered_set::LayeredSet;
use super::model::*;
use super::owner_index::{OwnerIndex, OwnerOf};
use super::table::{Keyed, Table};

#[derive(Clone, Debug)]
struct Index {
    customer_relationships: OwnerIndex<Relationship>,
    partner_relationships: OwnerIndex<Relationship>,
    customer_subscriptions: OwnerIndex<Subscription>,
    customer_invitations: OwnerIndex<Invitation>,
    partner_invitations: OwnerIndex<Invitation>,
    relationship_assignments: OwnerIndex<AccessAssignment>,
    /// Pending invitations by expiry, so passing time visits only what is due.
    pending_by_expiry: LayeredSet<(Time, Id)>,
    /// GDAP relationships by their next deadline (see `deadline`).
    gdap_by_deadline: LayeredSet<(Time, Id)>,
    /// (partner, lower-case GDAP display name, relationship): GD6 without scanning a partner.
    gdap_names: LayeredSet<(Id, String, Id)>,
}

fn gdap_name_key(r: &Relationship) -> Option<(Id, String, Id)> {
    r.gdap.as_ref().map(|g| {
        (
            r.partner_id.clone(),
            g.display_name.to_lowercase(),
            r.id.clone(),
        )
    })
}

/// When a GDAP relationship next needs the clock's attention: an approval request expires 90 days
/// after creation (IV5); an active one ends at its end date (and turns `expiring` 30 days before).
pub fn deadline(r: &Relationship) -> Option<Time> {
    match r.status {
        RelationshipStatus::ApprovalPending => {
            Some(r.created_date_time.plus_days(GDAP_REQUEST_DAYS))
        }
        RelationshipStatus::Active | RelationshipStatus::Expiring => r.end_date_time,
        _ => None,
    }
}

/// IV5: a GDAP approval request expires after 90 days.
pub const GDAP_REQUEST_DAYS: i64 = 90;

fn relationship_customer(r: &Relationship) -> &Id {
    &r.customer_id
}
fn relationship_partner(r: &Relationship) -> &Id {
    &r.partner_id
}
fn subscription_customer(s: &Subscription) -> &Id {
    &s.customer_id
}
fn invitation_customer(i: &Invitation) -> &Id {
    &i.customer_id
}
fn invitation_partner(i: &Invitation) -> &Id {
    &i.partner_id
}
fn assignment_relationship(a: &AccessAssignment) -> &Id {
    &a.relationship_id
}

impl Default for Index {
    fn default() -> Self {
        Index {
            customer_relationships: OwnerIndex::empty(relationship_customer),
            partner_relationships: OwnerIndex::empty(relationship_partner),
            customer_subscriptions: OwnerIndex::empty(subscription_customer),
            customer_invitations: OwnerIndex::empty(invitation_customer),
            partner_invitations: OwnerIndex::empty(invitation_partner),
            relationship_assignments: OwnerIndex::empty(assignment_relationship),
            pending_by_expiry: LayeredSet::default(),
            gdap_by_deadline: LayeredSet::default(),
            gdap_names: LayeredSet::default(),
        }
    }
}

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
    index: Index,
}

impl Workspace {
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

    pub fn relationships_of_customer<'a>(
        &'a self,
        customer: &Id,
    ) -> impl Iterator<Item = &'a Relationship> + 'a {
        self.index
            .customer_relationships
            .owned_by(customer)
            .filter_map(|id| self.relationships.get(id))
    }
    pub fn relationships_of_partner<'a>(
        &'a self,
        partner: &Id,
    ) -> impl Iterator<Item = &'a Relationship> + 'a {
        self.index
            .partner_relationships
            .owned_by(partner)
            .filter_map(|id| self.relationships.get(id))
    }
    pub fn subscriptions_of_customer<'a>(
        &'a self,
        customer: &Id,
    ) -> impl Iterator<Item = &'a Subscription> + 'a {
        self.index
            .customer_subscriptions
            .owned_by(customer)
            .filter_map(|id| self.subscriptions.get(id))
    }
    pub fn invitations_of_customer<'a>(
        &'a self,
        customer: &Id,
    ) -> impl Iterator<Item = &'a Invitation> + 'a {
        self.index
            .customer_invitations
            .owned_by(customer)
            .filter_map(|id| self.invitations.get(id))
    }
    pub fn invitations_of_partner<'a>(
        &'a self,
        partner: &Id,
    ) -> impl Iterator<Item = &'a Invitation> + 'a {
        self.index
            .partner_invitations
            .owned_by(partner)
            .filter_map(|id| self.invitations.get(id))
    }
    pub fn assignments_of_relationship<'a>(
        &'a self,
        relationship: &Id,
    ) -> impl Iterator<Item = &'a AccessAssignment> + 'a {
        self.index
            .relationship_assignments
            .owned_by(relationship)
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
        let (partner, name) = (partner.clone(), name.to_lowercase());
        let start = (partner.clone(), name.clone(), Id::new(""));
        self.index
            .gdap_names
            .range_from(&start)
            .take_while(move |(p, n, _)| *p == partner && *n == name)
            .map(|(_, _, id)| id)
    }

    /// Ids of pending invitations whose expiry is at or before `until`, soonest first.
    pub fn pending_invitations_due(&self, until: Time) -> Vec<Id> {
        self.index
            .pending_by_expiry
            .iter()
            .take_while(|(due, _)| *due <= until)
            .map(|(_, id)| id.clone())
            .collect()
    }

    /// Ids of GDAP relationships whose deadline is at or before `until`, soonest first.
    pub fn gdap_deadlines_due(&self, until: Time) -> Vec<Id> {
        self.index
            .gdap_by_deadline
            .iter()
            .take_while(|(due, _)| *due <= until)
            .map(|(_, id)| id.clone())
            .collect()
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
        self.customers.insert(customer);
    }

    pub(super) fn put_subscription(&mut self, subscription: Subscription) {
        if let Some(old) = self.subscriptions.get(&subscription.id) {
            let link = (old.customer_id.clone(), old.id.clone());
            self.index.customer_subscriptions.remove(&link);
        }
        self.index
            .customer_subscriptions
            .insert((subscription.customer_id.clone(), subscription.id.clone()));
        self.subscriptions.insert(subscription);
    }

    pub(super) fn put_relationship(&mut self, relationship: Relationship) {
        if let Some(old) = self.relationships.get(&relationship.id) {
            let (customer, partner) = (old.customer_id.clone(), old.partner_id.clone());
            self.index
                .customer_relationships
                .remove(&(customer, old.id.clone()));
            self.index
                .partner_relationships
                .remove(&(partner, old.id.clone()));
            if let Some(due) = deadline(old) {
                self.index.gdap_by_deadline.remove(&(due, old.id.clone()));
            }
            if let Some(key) = gdap_name_key(old) {
                self.index.gdap_names.remove(&key);
            }
        }
        if let Some(key) = gdap_name_key(&relationship) {
            self.index.gdap_names.insert(key);
        }
        let id = relationship.id.clone();
        if relationship.kind == RelationshipKind::Gdap
            && let Some(due) = deadline(&relationship)
        {
            self.index.gdap_by_deadline.insert((due, id.clone()));
        }
        self.index
            .customer_relationships
            .insert((relationship.customer_id.clone(), id.clone()));
        self.index
            .partner_relationships
            .insert((relationship.partner_id.clone(), id.clone()));
        self.relationships.insert(relationship);
    }

    pub(super) fn put_invitation(&mut self, invitation: Invitation) {
        if let Some(old) = self.invitations.get(&invitation.id) {
            let (customer, partner) = (old.customer_id.clone(), old.partner_id.clone());
            self.index
                .customer_invitations
                .remove(&(customer, old.id.clone()));
            self.index
                .partner_invitations
                .remove(&(partner, old.id.clone()));
            let due = (old.expires_date_time, old.id.clone());
            self.index.pending_by_expiry.remove(&due);
        }
        let id = invitation.id.clone();
        if invitation.status == InvitationStatus::Pending {
            let due = (invitation.expires_date_time, id.clone());
            self.index.pending_by_expiry.insert(due);
        }
        self.index
            .customer_invitations
            .insert((invitation.customer_id.clone(), id.clone()));
        self.index
            .partner_invitations
            .insert((invitation.partner_id.clone(), id.clone()));
        self.invitations.insert(invitation);
    }

    pub(super) fn put_assignment(&mut self, assignment: AccessAssignment) {
        if let Some(old) = self.assignments.get(&assignment.id) {
            let link = (old.relationship_id.clone(), old.id.clone());
            self.index.relationship_assignments.remove(&link);
        }
        self.index
            .relationship_assignments
            .insert((assignment.relationship_id.clone(), assignment.id.clone()));
        self.assignments.insert(assignment);
    }

    pub(super) fn push_audit(&mut self, entry: AuditEntry) {
        self.audit.push_back(entry);
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

macro_rules! keyed {
    ($($record:ty),*) => {$(
        impl super::table::Keyed for $record {
            fn key(&self) -> &Id {
                &self.id
            }
        }
    )*};
}
keyed!(
    Partner,
    Customer,
    Subscription,
    Relationship,
    Invitation,
    AccessAssignment
);

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
}

type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// Positions of `records` (in id order) ordered by owner, then by id: the order of an index of
/// (owner, record) links. Records usually arrive grouped by owner already; otherwise they are
/// bucketed by owner with a hash map, so only the distinct owners are sorted by text.
fn by_owner<'a, T: 'a>(
    records: impl ExactSizeIterator<Item = &'a T> + Clone,
    owner: impl Fn(&T) -> &Id,
) -> Vec<u32> {
    let count = records.len() as u32;
    if records
        .clone()
        .zip(records.clone().skip(1))
        .all(|(a, b)| owner(a) <= owner(b))
    {
        return (0..count).collect();
    }
    let mut groups: FastMap<&str, Vec<u32>> = FastMap::default();
    for (at, record) in records.enumerate() {
        groups
            .entry(owner(record).as_str())
            .or_default()
            .push(at as u32);
    }
    let mut groups: Vec<(&str, Vec<u32>)> = groups.into_iter().collect();
    groups.sort_unstable_by(|a, b| a.0.cmp(b.0));
    groups.into_iter().flat_map(|(_, at)| at).collect()
}

/// The (owner, record) index of a table's loaded records.
fn links<T: Keyed>(table: &Table<T>, owner: OwnerOf<T>) -> OwnerIndex<T> {
    let order = by_owner(table.as_loaded().iter(), owner);
    OwnerIndex::new(table.loaded_shared(), order, owner)
}

/// The indexes over the relationships, built on their own (a second core's share).
struct RelationshipIndexes {
    customer_relationships: OwnerIndex<Relationship>,
    partner_relationships: OwnerIndex<Relationship>,
    gdap_by_deadline: LayeredSet<(Time, Id)>,
    gdap_names: LayeredSet<(Id, String, Id)>,
}

fn relationship_indexes(table: &Table<Relationship>) -> RelationshipIndexes {
    let records = table.as_loaded();
    let deadlines = records
        .iter()
        .filter(|r| r.kind == RelationshipKind::Gdap)
        .filter_map(|r| deadline(r).map(|due| (due, r.id.clone())))
        .collect();
    // Grouped by partner first, so only each partner's own names are compared.
    let gdap: Vec<&Relationship> = records.iter().filter(|r| r.gdap.is_some()).collect();
    let mut names: Vec<(Id, String, Id)> = Vec::with_capacity(gdap.len());
    let mut group_start = 0;
    for at in by_owner(gdap.iter().copied(), |r| &r.partner_id) {
        if let Some(key) = gdap_name_key(gdap[at as usize]) {
            if names.get(group_start).is_some_and(|first| first.0 != key.0) {
                names[group_start..].sort_unstable();
                group_start = names.len();
            }
            names.push(key);
        }
    }
    names[group_start..].sort_unstable();
    RelationshipIndexes {
        customer_relationships: links(table, relationship_customer),
        partner_relationships: links(table, relationship_partner),
        gdap_by_deadline: LayeredSet::from_entries(deadlines),
        gdap_names: LayeredSet::from_sorted(names),
    }
}

/// The indexes over everything but the relationships.
fn other_indexes(ws: &Workspace, index: &mut Index) {
    let invitations = ws.invitations.as_loaded();
    index.customer_subscriptions = links(&ws.subscriptions, subscription_customer);
    index.customer_invitations = links(&ws.invitations, invitation_customer);
    index.partner_invitations = links(&ws.invitations, invitation_partner);
    index.pending_by_expiry = LayeredSet::from_entries(
        invitations
            .iter()
            .filter(|i| i.status == InvitationStatus::Pending)
            .map(|i| (i.expires_date_time, i.id.clone()))
            .collect(),
    );
    index.relationship_assignments = links(&ws.assignments, assignment_relationship);
}

/// Every index over a workspace's loaded records, the relationships' on a second thread when
/// `parallel`.
fn indexes_of(tables: &Workspace, parallel: bool) -> Index {
    let mut index = Index::default();
    let relationships = &tables.relationships;
    let part = if parallel {
        std::thread::scope(|scope| {
            let other = scope.spawn(move || relationship_indexes(relationships));
            other_indexes(tables, &mut index);
            join(other)
        })
    } else {
        other_indexes(tables, &mut index);
        relationship_indexes(relationships)
    };
    index.customer_relationships = part.customer_relationships;
    index.partner_relationships = part.partner_relationships;
    index.gdap_by_deadline = part.gdap_by_deadline;
    index.gdap_names = part.gdap_names;
    index
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
        let parallel = ws.relationships.len() >= PARALLEL_FROM;
        let tables = &ws;
        let (index, result) = if parallel {
            std::thread::scope(|scope| {
                let index = scope.spawn(move || indexes_of(tables, parallel));
                let result = beside(tables);
                (join(index), result)
            })
        } else {
            (indexes_of(tables, parallel), beside(tables))
        };
        ws.index = index;
        (ws, result)
    }

    /// The records as tables, with no index yet: for reading records only (`check`), never
    /// for queries or actions, which the indexes answer.
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
            index: Index::default(),
        }
    }
}

/// A scoped thread's result, its panic carried on.
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Below this many records a second thread costs more than it saves.
pub(super) const PARALLEL_FROM: usize = 20_000;

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
