//! The workspace's indexes: a customer's or partner's records, pending invitations by expiry,
//! GDAP relationships by deadline and by name. Built in bulk from loaded tables (the
//! relationships' on a second thread when there are many), then kept up to date record by record.

use crate::domain::lifecycle::deadline;
use crate::domain::records::*;
use crate::domain::time::Time;
use crate::tables::id::Id;
use crate::tables::layered_set::LayeredSet;
use crate::tables::owner_index::{OwnerIndex, OwnerOf};
use crate::tables::table::{Keyed, Table};

#[derive(Clone, Debug)]
pub struct Index {
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
    r.gdap_name()
        .map(|name| (r.partner_id.clone(), name.to_lowercase(), r.id.clone()))
}

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
pub(super) struct RelationshipIndexes {
    customer_relationships: OwnerIndex<Relationship>,
    partner_relationships: OwnerIndex<Relationship>,
    gdap_by_deadline: LayeredSet<(Time, Id)>,
    gdap_names: LayeredSet<(Id, String, Id)>,
}

fn relationship_indexes(table: &Table<Relationship>) -> RelationshipIndexes {
    let (gdap_by_deadline, gdap_names) = gdap_indexes(table);
    RelationshipIndexes {
        customer_relationships: links(table, relationship_customer),
        partner_relationships: links(table, relationship_partner),
        gdap_by_deadline,
        gdap_names,
    }
}

/// `relationship_indexes` on two threads: the GDAP deadlines and names on one, the owner
/// links on the other (a large batch of relationships put in bulk).
pub(super) fn relationship_indexes_on_two_threads(
    table: &Table<Relationship>,
) -> RelationshipIndexes {
    std::thread::scope(|scope| {
        let gdap = scope.spawn(|| gdap_indexes(table));
        let customer_relationships = links(table, relationship_customer);
        let partner_relationships = links(table, relationship_partner);
        let (gdap_by_deadline, gdap_names) = join(gdap);
        RelationshipIndexes {
            customer_relationships,
            partner_relationships,
            gdap_by_deadline,
            gdap_names,
        }
    })
}

type GdapIndexes = (LayeredSet<(Time, Id)>, LayeredSet<(Id, String, Id)>);

/// GDAP relationships by their next deadline, and their names by partner (GD6).
fn gdap_indexes(table: &Table<Relationship>) -> GdapIndexes {
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
    (
        LayeredSet::from_entries(deadlines),
        LayeredSet::from_sorted(names),
    )
}

/// The loaded tables the indexes are built from.
#[derive(Clone, Copy)]
pub struct Loaded<'a> {
    pub subscriptions: &'a Table<Subscription>,
    pub relationships: &'a Table<Relationship>,
    pub invitations: &'a Table<Invitation>,
    pub assignments: &'a Table<AccessAssignment>,
}

/// The indexes over everything but the relationships.
fn other_indexes(tables: Loaded<'_>, index: &mut Index) {
    let invitations = tables.invitations.as_loaded();
    index.customer_subscriptions = links(tables.subscriptions, subscription_customer);
    index.customer_invitations = links(tables.invitations, invitation_customer);
    index.partner_invitations = links(tables.invitations, invitation_partner);
    index.pending_by_expiry = LayeredSet::from_entries(
        invitations
            .iter()
            .filter(|i| i.status == InvitationStatus::Pending)
            .map(|i| (i.expires_date_time, i.id.clone()))
            .collect(),
    );
    index.relationship_assignments = links(tables.assignments, assignment_relationship);
}

/// Every index over the loaded records, the relationships' on a second thread when `parallel`.
fn indexes_of(tables: Loaded<'_>, parallel: bool) -> Index {
    let mut index = Index::default();
    let relationships = tables.relationships;
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

impl Index {
    /// Builds every index over `tables` while `beside` runs on this thread (on other threads
    /// when the tables are large enough for that to pay).
    pub fn build_beside<R>(tables: Loaded<'_>, beside: impl FnOnce() -> R) -> (Index, R) {
        let parallel = tables.relationships.len() >= PARALLEL_FROM;
        if parallel {
            std::thread::scope(|scope| {
                let index = scope.spawn(move || indexes_of(tables, parallel));
                let result = beside();
                (join(index), result)
            })
        } else {
            (indexes_of(tables, parallel), beside())
        }
    }

    /// The relationships' indexes, built on their own (`relationship_indexes`).
    pub(super) fn set_relationships(&mut self, part: RelationshipIndexes) {
        self.customer_relationships = part.customer_relationships;
        self.partner_relationships = part.partner_relationships;
        self.gdap_by_deadline = part.gdap_by_deadline;
        self.gdap_names = part.gdap_names;
    }

    /// The subscriptions' index built again over `table` (all loaded).
    pub fn rebuild_subscriptions(&mut self, table: &Table<Subscription>) {
        self.customer_subscriptions = links(table, subscription_customer);
    }

    /// The access assignments' index built again over `table` (all loaded).
    pub fn rebuild_assignments(&mut self, table: &Table<AccessAssignment>) {
        self.relationship_assignments = links(table, assignment_relationship);
    }

    pub fn relationships_of_customer<'a>(
        &'a self,
        customer: &Id,
    ) -> impl Iterator<Item = &'a Id> + 'a {
        self.customer_relationships.owned_by(customer)
    }
    pub fn relationships_of_partner<'a>(
        &'a self,
        partner: &Id,
    ) -> impl Iterator<Item = &'a Id> + 'a {
        self.partner_relationships.owned_by(partner)
    }
    pub fn subscriptions_of_customer<'a>(
        &'a self,
        customer: &Id,
    ) -> impl Iterator<Item = &'a Id> + 'a {
        self.customer_subscriptions.owned_by(customer)
    }
    pub fn invitations_of_customer<'a>(
        &'a self,
        customer: &Id,
    ) -> impl Iterator<Item = &'a Id> + 'a {
        self.customer_invitations.owned_by(customer)
    }
    pub fn invitations_of_partner<'a>(&'a self, partner: &Id) -> impl Iterator<Item = &'a Id> + 'a {
        self.partner_invitations.owned_by(partner)
    }
    pub fn assignments_of_relationship<'a>(
        &'a self,
        relationship: &Id,
    ) -> impl Iterator<Item = &'a Id> + 'a {
        self.relationship_assignments.owned_by(relationship)
    }

    /// The partner's relationships whose GDAP display name equals `name` (any case).
    pub fn gdap_relationships_named<'a>(
        &'a self,
        partner: &Id,
        name: &str,
    ) -> impl Iterator<Item = &'a Id> + 'a {
        let (partner, name) = (partner.clone(), name.to_lowercase());
        let start = (partner.clone(), name.clone(), Id::new(""));
        self.gdap_names
            .range_from(&start)
            .take_while(move |(p, n, _)| *p == partner && *n == name)
            .map(|(_, _, id)| id)
    }

    pub fn pending_invitations_due(&self, until: Time) -> Vec<Id> {
        self.pending_by_expiry
            .iter()
            .take_while(|(due, _)| *due <= until)
            .map(|(_, id)| id.clone())
            .collect()
    }

    pub fn gdap_deadlines_due(&self, until: Time) -> Vec<Id> {
        self.gdap_by_deadline
            .iter()
            .take_while(|(due, _)| *due <= until)
            .map(|(_, id)| id.clone())
            .collect()
    }

    // ---- kept up to date as records are put: `old` is the record the new one replaces ----

    pub fn put_subscription(&mut self, old: Option<&Subscription>, new: &Subscription) {
        if let Some(old) = old {
            let link = (old.customer_id.clone(), old.id.clone());
            self.customer_subscriptions.remove(&link);
        }
        self.customer_subscriptions
            .insert((new.customer_id.clone(), new.id.clone()));
    }

    pub fn put_relationship(&mut self, old: Option<&Relationship>, new: &Relationship) {
        if let Some(old) = old {
            let (customer, partner) = (old.customer_id.clone(), old.partner_id.clone());
            self.customer_relationships
                .remove(&(customer, old.id.clone()));
            self.partner_relationships
                .remove(&(partner, old.id.clone()));
            if let Some(due) = deadline(old) {
                self.gdap_by_deadline.remove(&(due, old.id.clone()));
            }
            if let Some(key) = gdap_name_key(old) {
                self.gdap_names.remove(&key);
            }
        }
        if let Some(key) = gdap_name_key(new) {
            self.gdap_names.insert(key);
        }
        let id = new.id.clone();
        if new.kind == RelationshipKind::Gdap
            && let Some(due) = deadline(new)
        {
            self.gdap_by_deadline.insert((due, id.clone()));
        }
        self.customer_relationships
            .insert((new.customer_id.clone(), id.clone()));
        self.partner_relationships
            .insert((new.partner_id.clone(), id));
    }

    pub fn put_invitation(&mut self, old: Option<&Invitation>, new: &Invitation) {
        if let Some(old) = old {
            let (customer, partner) = (old.customer_id.clone(), old.partner_id.clone());
            self.customer_invitations
                .remove(&(customer, old.id.clone()));
            self.partner_invitations.remove(&(partner, old.id.clone()));
            let due = (old.expires_date_time, old.id.clone());
            self.pending_by_expiry.remove(&due);
        }
        let id = new.id.clone();
        if new.status == InvitationStatus::Pending {
            self.pending_by_expiry
                .insert((new.expires_date_time, id.clone()));
        }
        self.customer_invitations
            .insert((new.customer_id.clone(), id.clone()));
        self.partner_invitations
            .insert((new.partner_id.clone(), id));
    }

    pub fn put_assignment(&mut self, old: Option<&AccessAssignment>, new: &AccessAssignment) {
        if let Some(old) = old {
            let link = (old.relationship_id.clone(), old.id.clone());
            self.relationship_assignments.remove(&link);
        }
        self.relationship_assignments
            .insert((new.relationship_id.clone(), new.id.clone()));
    }
}

/// A scoped thread's result, its panic carried on.
pub(super) fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Below this many records a second thread costs more than it saves.
pub const PARALLEL_FROM: usize = 20_000;
