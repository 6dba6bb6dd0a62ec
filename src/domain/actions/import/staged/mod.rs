//! The import's working state: the draft, with the records the import adds or changes
//! (customers, subscriptions, relationships, access assignments: the many) kept beside it in
//! vectors with hash lookups by id and by owner, so a record costs a few hash lookups instead
//! of inserts into persistent trees and indexes. `finish` puts them into the draft in one batch
//! (`Records::put_batch`), which a workspace merges into its tables in bulk. Partners and
//! invitations (the few) go to the draft directly. It answers every question as the draft with
//! the staged records put would.

use std::sync::Arc;

use smallvec::SmallVec;

use crate::domain::audit::AuditEntry;
use crate::domain::conflicts::Conflict;
use crate::domain::facts::{Batch, Change, Facts, Records, ever_resold_in, gdap_name_taken_in};
use crate::domain::imported::ImportRecords;
use crate::domain::lifecycle::deadline;
use crate::domain::records::*;
use crate::domain::rules::identity::same_identifier;
use crate::domain::side_by_side::{Room, SideBySide, WhenWorthIt};
use crate::domain::time::Time;
use crate::tables::id::Id;
use crate::tables::table::Keyed;

mod found;
mod kinds;

use found::*;
use kinds::*;

/// The import's working state over `base`, the draft as the import found it.
#[derive(Clone)]
pub struct Staged<'a, W> {
    base: &'a W,
    /// The draft itself: partners and invitations are put here.
    ws: W,
    found: Arc<Found<'a>>,
    customers: Kind<Customer, PlaceWithId>,
    subscriptions: Kind<Subscription>,
    relationships: Kind<Relationship>,
    assignments: Kind<AccessAssignment>,
    // A customer's subscriptions, a partner's relationships and a relationship's assignments
    // are found by reading the staged records: an import never asks for them record by record.
    customer_tenants: Lookup<u64>,
    customer_domains: Lookup<u64>,
    customer_relationships: Lookup<u64>,
    gdap_names: Lookup<u64>,
}

/// From this many relationships an import makes their tables on a second thread: fewer cost
/// less to make than a thread does.
const TABLES_ON_TWO_THREADS_FROM: usize = 16_384;

/// The room a staged draft keeps for the records an import adds (`Staged::room`).
#[derive(Debug, Default)]
pub struct StagedRoom {
    /// The lookup tables of the customers' and relationships' steps: each step may touch
    /// them anywhere, from the first.
    pub tables: Vec<Room>,
    /// Those steps' records, filled from the start of their vectors.
    pub records: Vec<Room>,
    /// The subscriptions' and access assignments' records and tables: their steps come last.
    pub later: Vec<Room>,
}

impl<'a, W: Records> Staged<'a, W> {
    /// The working state of an import of `records` into `base`. Its tables are made with
    /// room for every record; the relationships' on `side_by_side`'s second thread: making a
    /// table clears its control bytes, fresh memory for an import into an empty workspace.
    pub fn new(
        base: &'a W,
        records: &ImportRecords,
        side_by_side: &impl SideBySide,
    ) -> Staged<'a, W> {
        let relationships = records.relationships.len() + records.customers.len();
        let held_relationships = base.relationships().size_hint();
        let worth_it = WhenWorthIt {
            side_by_side,
            worth_it: relationships >= TABLES_ON_TWO_THREADS_FROM,
        };
        let mine = || {
            let customers = records.customers.len();
            (
                Arc::new(Found::of(base, records)),
                Kind::sized(customers, base.customers().size_hint()),
                Kind::sized(
                    records.subscriptions.len(),
                    base.subscriptions().size_hint(),
                ),
                Kind::sized(records.assignments.len(), base.assignments().size_hint()),
                Lookup::sized(customers),
                Lookup::sized(customers),
            )
        };
        let theirs = || {
            (
                Kind::sized(relationships, held_relationships),
                Lookup::sized(relationships),
                Lookup::sized(records.relationships.len()),
            )
        };
        let (mine, theirs) = worth_it.both(mine, theirs);
        let (found, customers, subscriptions, assignments, customer_tenants, customer_domains) =
            mine;
        let (relationships, customer_relationships, gdap_names) = theirs;
        Staged {
            base,
            ws: base.clone(),
            found,
            customers,
            subscriptions,
            relationships,
            assignments,
            customer_tenants,
            customer_domains,
            customer_relationships,
            gdap_names,
        }
    }

    /// The draft with every staged record put.
    pub fn finish(self) -> W {
        let mut ws = self.ws;
        ws.put_batch(Batch {
            customers: self.customers.into_records(),
            subscriptions: self.subscriptions.into_records(),
            relationships: self.relationships.into_records(),
            assignments: self.assignments.into_records(),
        });
        ws
    }

    /// The room kept for the records the import will add, as its steps touch it. Tables and
    /// vectors are sized for every record the import brings, which it adds only to a draft
    /// holding none of their kind (the room a kind's records keep then): else they are left
    /// out.
    pub fn room(&self) -> StagedRoom {
        let mut room = StagedRoom::default();
        let customers = [
            self.customers.table_room(),
            self.customer_tenants.room(),
            self.customer_domains.room(),
        ];
        let relationships = [
            self.relationships.table_room(),
            self.customer_relationships.room(),
            self.gdap_names.room(),
        ];
        for (records, tables) in [
            (self.customers.records_room(), customers.concat()),
            (self.relationships.records_room(), relationships.concat()),
        ] {
            if records.bytes > 0 {
                room.tables.extend(tables);
                room.records.push(records);
            }
        }
        for (records, table) in [
            (
                self.subscriptions.records_room(),
                self.subscriptions.table_room(),
            ),
            (
                self.assignments.records_room(),
                self.assignments.table_room(),
            ),
        ] {
            if records.bytes > 0 {
                room.later.push(records);
                room.later.extend(table);
            }
        }
        room
    }

    /// The draft without the staged records (partners and invitations are put there).
    pub fn draft(&self) -> &W {
        &self.ws
    }

    /// Staged customers, in the order first put.
    pub fn staged_customers(&self) -> impl Iterator<Item = &Customer> {
        self.customers.records.iter()
    }

    fn base_customer(&self, id: &Id) -> Option<&'a Customer> {
        match &self.found.customers {
            Some(found) => {
                let found = found.get_or_init(|| by_id(self.base.customers()));
                found.get(id).copied()
            }
            None => self.base.customer(id),
        }
    }

    fn base_subscription(&self, id: &Id) -> Option<&'a Subscription> {
        match &self.found.subscriptions {
            Some(found) => {
                let found = found.get_or_init(|| by_id(self.base.subscriptions()));
                found.get(id).copied()
            }
            None => self.base.subscription(id),
        }
    }

    /// The draft, to look for customers in, unless it holds none (an import into an empty
    /// workspace asks for each customer's twins).
    fn base_customers(&self) -> Option<&W> {
        (!self.found.no_customers).then_some(&self.ws)
    }

    /// The draft's relationships with `customer`, staged or not.
    fn base_relationships_of<'s>(&'s self, customer: &Id) -> SmallVec<[&'s Relationship; 4]> {
        match &self.found.customer_relationships {
            Some(found) => found
                .get_or_init(|| by_customer(self.base.relationships()))
                .get(customer)
                .into_iter()
                .flatten()
                .map(|r| &**r)
                .collect(),
            None if self.found.no_relationships => SmallVec::new(),
            None => self.base.relationships_of_customer(customer).collect(),
        }
    }

    fn base_relationship(&self, id: &Id) -> Option<&'a Relationship> {
        match &self.found.relationships {
            Some(found) => {
                let found = found.get_or_init(|| by_id(self.base.relationships()));
                found.get(id).copied()
            }
            None => self.base.relationship(id),
        }
    }
}

impl<W: Records> Facts for Staged<'_, W> {
    fn partner(&self, id: &Id) -> Option<&Partner> {
        self.ws.partner(id)
    }
    fn customer(&self, id: &Id) -> Option<&Customer> {
        self.customers.get(id).or_else(|| self.base_customer(id))
    }
    fn relationship(&self, id: &Id) -> Option<&Relationship> {
        self.relationships
            .get(id)
            .or_else(|| self.base_relationship(id))
    }
    fn invitation(&self, id: &Id) -> Option<&Invitation> {
        self.ws.invitation(id)
    }
    fn ever_resold(&self, customer: &Id, partner: &Id) -> bool {
        ever_resold_in(self, customer, partner)
    }
    fn gdap_name_taken(&self, r: &Relationship) -> Option<Id> {
        gdap_name_taken_in(self, r)
    }
    fn pending_twin(&self, inv: &Invitation) -> Option<Id> {
        self.ws.pending_twin(inv)
    }
    fn customer_tenant_twin(&self, c: &Customer) -> Option<Id> {
        let base = self
            .base_customers()
            .and_then(|ws| ws.customer_tenant_twin(c));
        self.customer_twin(c, base, &self.customer_tenants, |o| &o.tenant_id)
    }
    fn customer_domain_twin(&self, c: &Customer) -> Option<Id> {
        let base = self
            .base_customers()
            .and_then(|ws| ws.customer_domain_twin(c));
        self.customer_twin(c, base, &self.customer_domains, |o| &o.domain)
    }
    fn partner_tenant_twin(&self, p: &Partner) -> Option<Id> {
        self.ws.partner_tenant_twin(p)
    }
    fn partner_id_twin(&self, p: &Partner) -> Option<Id> {
        self.ws.partner_id_twin(p)
    }
}

impl<W: Records> Staged<'_, W> {
    /// ID1, ID2: the draft's twin unless a staged version of it no longer shares the
    /// identifier, else a staged customer that shares it.
    fn customer_twin(
        &self,
        c: &Customer,
        base: Option<Id>,
        staged: &Lookup<u64>,
        key: impl Fn(&Customer) -> &str,
    ) -> Option<Id> {
        let text = key(c);
        if text.is_empty() {
            return None;
        }
        let holds = |id: &Id| {
            *id != c.id
                && self
                    .customer(id)
                    .is_some_and(|other| same_identifier(key(other), text))
        };
        base.filter(|id| holds(id)).or_else(|| {
            let candidates = folded(text).map_or(&[][..], |hash| staged.of(&hash));
            candidates
                .iter()
                .filter_map(|&at| self.customers.records.get(at))
                .map(|other| &other.id)
                .find(|id| holds(id))
                .cloned()
        })
    }
}

impl<W: Records> Records for Staged<'_, W> {
    fn customer_since<'s>(&'s self, id: &Id, before: Option<&'s Customer>) -> Option<&'s Customer> {
        since(&self.customers, id, before, || self.customer(id))
    }
    fn relationship_since<'s>(
        &'s self,
        id: &Id,
        before: Option<&'s Relationship>,
    ) -> Option<&'s Relationship> {
        since(&self.relationships, id, before, || self.relationship(id))
    }
    fn subscription_since<'s>(
        &'s self,
        id: &Id,
        before: Option<&'s Subscription>,
    ) -> Option<&'s Subscription> {
        since(&self.subscriptions, id, before, || self.subscription(id))
    }
    fn subscription(&self, id: &Id) -> Option<&Subscription> {
        self.subscriptions
            .get(id)
            .or_else(|| self.base_subscription(id))
    }
    fn assignment(&self, id: &Id) -> Option<&AccessAssignment> {
        self.assignments.get(id).or_else(|| self.ws.assignment(id))
    }
    fn partners(&self) -> impl Iterator<Item = &Partner> {
        self.ws.partners()
    }
    fn customers(&self) -> impl Iterator<Item = &Customer> {
        all(self.ws.customers(), &self.customers)
    }
    fn subscriptions(&self) -> impl Iterator<Item = &Subscription> {
        all(self.ws.subscriptions(), &self.subscriptions)
    }
    fn relationships(&self) -> impl Iterator<Item = &Relationship> {
        all(self.ws.relationships(), &self.relationships)
    }
    fn invitations(&self) -> impl Iterator<Item = &Invitation> {
        self.ws.invitations()
    }
    fn assignments(&self) -> impl Iterator<Item = &AccessAssignment> {
        all(self.ws.assignments(), &self.assignments)
    }
    fn subscriptions_of_customer<'a>(
        &'a self,
        customer: &Id,
    ) -> impl Iterator<Item = &'a Subscription> + 'a {
        let (base, staged) = (
            self.ws.subscriptions_of_customer(customer),
            &self.subscriptions,
        );
        let matching = staged.records.iter().filter(|s| s.customer_id == *customer);
        merged(base, staged, matching)
    }
    fn assignments_of_relationship<'a>(
        &'a self,
        relationship: &Id,
    ) -> impl Iterator<Item = &'a AccessAssignment> + 'a {
        let base = self.ws.assignments_of_relationship(relationship);
        let staged = &self.assignments;
        let matching = staged
            .records
            .iter()
            .filter(|a| a.relationship_id == *relationship);
        merged(base, staged, matching)
    }
    fn gdap_relationships_named<'a>(
        &'a self,
        partner: &Id,
        name: &str,
    ) -> impl Iterator<Item = &'a Id> + 'a {
        let base: SmallVec<[&Relationship; 2]> = if self.found.no_relationships {
            SmallVec::new()
        } else {
            let ids = self.ws.gdap_relationships_named(partner, name);
            ids.filter_map(|id| self.ws.relationship(id)).collect()
        };
        let of = self.gdap_names.of(&gdap_hash(partner, name));
        let staged: SmallVec<[&Relationship; 2]> = of
            .iter()
            .filter_map(|&at| self.relationships.records.get(at))
            .filter(|r| {
                r.partner_id == *partner && r.gdap_name().is_some_and(|n| same_gdap_name(n, name))
            })
            .collect();
        merged(base.into_iter(), &self.relationships, staged.into_iter()).map(|r| &r.id)
    }
    fn relationships_of_customer<'a>(
        &'a self,
        customer: &Id,
    ) -> impl Iterator<Item = &'a Relationship> + 'a {
        let staged = &self.relationships;
        let owner = customer.clone();
        let of = self.customer_relationships.of(&customer_hash(customer));
        let matching = candidates(staged, of, move |r| r.customer_id == owner);
        merged(
            self.base_relationships_of(customer).into_iter(),
            staged,
            matching,
        )
    }
    fn relationships_of_customer_in_any_order<'a>(
        &'a self,
        customer: &Id,
    ) -> impl Iterator<Item = &'a Relationship> + 'a {
        let staged = &self.relationships;
        let owner = customer.clone();
        let of = self.customer_relationships.of(&customer_hash(customer));
        let base = self.base_relationships_of(customer).into_iter();
        base.filter(move |r| !staged.has(r.key()))
            .chain(candidates(staged, of, move |r| r.customer_id == owner))
    }
    fn relationships_of_partner<'a>(
        &'a self,
        partner: &Id,
    ) -> impl Iterator<Item = &'a Relationship> + 'a {
        let (base, staged) = (
            self.ws.relationships_of_partner(partner),
            &self.relationships,
        );
        let matching = staged.records.iter().filter(|r| r.partner_id == *partner);
        merged(base, staged, matching)
    }
    fn invitations_of_customer<'a>(
        &'a self,
        customer: &Id,
    ) -> impl Iterator<Item = &'a Invitation> + 'a {
        self.ws.invitations_of_customer(customer)
    }
    fn invitations_of_partner<'a>(
        &'a self,
        partner: &Id,
    ) -> impl Iterator<Item = &'a Invitation> + 'a {
        self.ws.invitations_of_partner(partner)
    }
    fn resellers_of_provider(&self, provider: &Id) -> Vec<&Partner> {
        self.ws.resellers_of_provider(provider)
    }
    fn pending_invitations_due(&self, until: Time) -> Vec<Id> {
        self.ws.pending_invitations_due(until)
    }
    fn gdap_deadlines_due(&self, until: Time) -> Vec<Id> {
        let base = self
            .ws
            .gdap_deadlines_due(until)
            .into_iter()
            .filter(|id| !self.relationships.has(id))
            .filter_map(|id| {
                self.ws
                    .relationship(&id)
                    .and_then(deadline)
                    .map(|at| (at, id))
            });
        let staged = self
            .relationships
            .records
            .iter()
            .filter(|r| r.kind == RelationshipKind::Gdap)
            .filter_map(|r| deadline(r).map(|at| (at, r.id.clone())));
        let mut due: Vec<(Time, Id)> = base.chain(staged).filter(|(at, _)| *at <= until).collect();
        due.sort_unstable();
        due.into_iter().map(|(_, id)| id).collect()
    }
    fn last_audit_seq(&self) -> Option<u64> {
        self.ws.last_audit_seq()
    }
    fn last_audit_time(&self) -> Option<Time> {
        self.ws.last_audit_time()
    }

    fn put_partner(&mut self, partner: Partner) {
        self.ws.put_partner(partner);
    }
    fn put_customer(&mut self, customer: Customer) {
        let (tenant, domain) = (folded(&customer.tenant_id), folded(&customer.domain));
        let (at, old) = self.customers.put(customer);
        let old_tenant = old.as_ref().and_then(|o| folded(&o.tenant_id));
        let old_domain = old.as_ref().and_then(|o| folded(&o.domain));
        self.customer_tenants.put(old_tenant, tenant, at);
        self.customer_domains.put(old_domain, domain, at);
    }
    fn put_subscription(&mut self, subscription: Subscription) {
        self.subscriptions.put(subscription);
    }
    fn put_relationship(&mut self, relationship: Relationship) {
        let customer = customer_hash(&relationship.customer_id);
        let name = gdap_hash_of(&relationship);
        let (at, old) = self.relationships.put(relationship);
        let old_customer = old.as_ref().map(|o| customer_hash(&o.customer_id));
        let old_name = old.as_ref().and_then(gdap_hash_of);
        self.customer_relationships
            .put(old_customer, Some(customer), at);
        self.gdap_names.put(old_name, name, at);
    }
    fn put_invitation(&mut self, invitation: Invitation) {
        self.ws.put_invitation(invitation);
    }
    fn put_assignment(&mut self, assignment: AccessAssignment) {
        self.assignments.put(assignment);
    }
    fn push_audit(&mut self, entry: AuditEntry) {
        self.ws.push_audit(entry);
    }
    fn conflict(&self, id: &str) -> Option<&Conflict> {
        self.ws.conflict(id)
    }
    fn drop_conflict(&mut self, id: &str) {
        self.ws.drop_conflict(id);
    }
    fn fresh_id(&mut self, prefix: &str, taken: impl Fn(&Self, &Id) -> bool) -> Id {
        loop {
            let id = self.ws.fresh_id(prefix, |_, _| false);
            if !taken(self, &id) {
                return id;
            }
        }
    }

    fn partner_changes<'a>(&'a self, before: &'a Self) -> Vec<Change<'a, Partner>> {
        self.ws.partner_changes(&before.ws)
    }
    fn customer_changes<'a>(&'a self, before: &'a Self) -> Vec<Change<'a, Customer>> {
        let draft = self.ws.customer_changes(&before.ws);
        let (now_get, before_get) = (|id: &Id| self.customer(id), |id: &Id| before.customer(id));
        staged_changes(
            &self.customers,
            &before.customers,
            now_get,
            before_get,
            draft,
        )
    }
    fn subscription_changes<'a>(&'a self, before: &'a Self) -> Vec<Change<'a, Subscription>> {
        let draft = self.ws.subscription_changes(&before.ws);
        let now_get = |id: &Id| self.subscription(id);
        let before_get = |id: &Id| before.subscription(id);
        staged_changes(
            &self.subscriptions,
            &before.subscriptions,
            now_get,
            before_get,
            draft,
        )
    }
    fn relationship_changes<'a>(&'a self, before: &'a Self) -> Vec<Change<'a, Relationship>> {
        let draft = self.ws.relationship_changes(&before.ws);
        let now_get = |id: &Id| self.relationship(id);
        let before_get = |id: &Id| before.relationship(id);
        staged_changes(
            &self.relationships,
            &before.relationships,
            now_get,
            before_get,
            draft,
        )
    }
    fn invitation_changes<'a>(&'a self, before: &'a Self) -> Vec<Change<'a, Invitation>> {
        self.ws.invitation_changes(&before.ws)
    }
    fn assignment_changes<'a>(&'a self, before: &'a Self) -> Vec<Change<'a, AccessAssignment>> {
        let draft = self.ws.assignment_changes(&before.ws);
        let now_get = |id: &Id| self.assignment(id);
        let before_get = |id: &Id| before.assignment(id);
        staged_changes(
            &self.assignments,
            &before.assignments,
            now_get,
            before_get,
            draft,
        )
    }
}
