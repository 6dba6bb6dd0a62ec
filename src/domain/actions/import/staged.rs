//! The import's working state: the draft, with the records the import adds or changes
//! (customers, subscriptions, relationships, access assignments: the many) kept beside it in
//! vectors with hash lookups by id and by owner, so a record costs a few hash lookups instead
//! of inserts into persistent trees and indexes. `finish` puts them into the draft in one batch
//! (`Records::put_batch`), which a workspace merges into its tables in bulk. Partners and
//! invitations (the few) go to the draft directly. It answers every question as the draft with
//! the staged records put would.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::rc::Rc;

use smallvec::SmallVec;

use crate::domain::audit::AuditEntry;
use crate::domain::conflicts::Conflict;
use crate::domain::facts::{Batch, Change, Facts, Records, ever_resold_in, gdap_name_taken_in};
use crate::domain::imported::ImportRecords;
use crate::domain::lifecycle::deadline;
use crate::domain::records::*;
use crate::domain::rules::identity::same_identifier;
use crate::domain::time::Time;
use crate::tables::id::Id;
use crate::tables::table::Keyed;

type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Staged records of one kind, in the order first put, found by id.
#[derive(Clone)]
struct Kind<T> {
    records: Vec<T>,
    at: Map<Id, usize>,
}

impl<T> Kind<T> {
    /// Room for `incoming` records when the draft holds none of the kind (an import into an
    /// empty workspace adds them all), so the vector and its lookup never grow by copying.
    fn sized(incoming: usize, held: (usize, Option<usize>)) -> Kind<T> {
        let room = if held.0 > 0 { 0 } else { incoming };
        Kind {
            records: Vec::with_capacity(room),
            at: Map::with_capacity_and_hasher(room, Default::default()),
        }
    }
}

impl<T: Keyed> Kind<T> {
    fn get(&self, id: &Id) -> Option<&T> {
        self.at.get(id).and_then(|&at| self.records.get(at))
    }

    fn has(&self, id: &Id) -> bool {
        self.at.contains_key(id)
    }

    /// Puts `record`, giving back where it stands and the staged version it replaces (a
    /// record keeps its place until `into_sorted`).
    fn put(&mut self, record: T) -> (usize, Option<T>) {
        match self.at.get(record.key()) {
            Some(&at) => (
                at,
                self.records
                    .get_mut(at)
                    .map(|old| std::mem::replace(old, record)),
            ),
            None => {
                let at = self.records.len();
                self.at.insert(record.key().clone(), at);
                self.records.push(record);
                (at, None)
            }
        }
    }

    /// The records in id order, for the batch.
    fn into_sorted(self) -> Vec<T> {
        drop(self.at);
        let mut records = self.records;
        records.sort_unstable_by(|a, b| a.key().cmp(b.key()));
        records
    }
}

/// Staged records by a key (their owner, a hash of a name), as their places among the staged
/// records of their kind: candidates, confirmed on the record. Most keys have one or two
/// records, kept inline.
#[derive(Clone)]
struct Lookup<K>(Map<K, SmallVec<[usize; 2]>>);

impl<K: std::hash::Hash + Eq> Default for Lookup<K> {
    fn default() -> Self {
        Lookup(Map::default())
    }
}

impl<K: std::hash::Hash + Eq> Lookup<K> {
    /// Notes that the record at `at` is now under `new` (it was under `old` when staged
    /// before).
    fn put(&mut self, old: Option<K>, new: Option<K>, at: usize) {
        if old == new {
            return;
        }
        if let Some(list) = old.and_then(|old| self.0.get_mut(&old)) {
            list.retain(|other| *other != at);
        }
        if let Some(new) = new {
            self.0.entry(new).or_default().push(at);
        }
    }

    fn of<Q>(&self, key: &Q) -> &[usize]
    where
        K: std::borrow::Borrow<Q>,
        Q: std::hash::Hash + Eq + ?Sized,
    {
        self.0.get(key).map_or(&[], SmallVec::as_slice)
    }
}

/// A hash of `text` with ASCII letters lowered (no allocation): an identifier's key in a
/// lookup, whatever its case.
fn folded(text: &str) -> Option<u64> {
    use std::hash::{BuildHasher, Hasher};
    if text.is_empty() {
        return None;
    }
    let mut hasher = foldhash::fast::FixedState::with_seed(0x51a9).build_hasher();
    let mut lowered = [0u8; 64];
    for block in text.as_bytes().chunks(lowered.len()) {
        let lowered = &mut lowered[..block.len()];
        lowered.copy_from_slice(block);
        lowered.make_ascii_lowercase();
        hasher.write(lowered);
    }
    hasher.write_usize(text.len());
    Some(hasher.finish())
}

/// GD6's key of a relationship: its partner and lower-case GDAP name, hashed.
fn gdap_hash(partner: &Id, lowered_name: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x6d6).hash_one((partner, lowered_name))
}

fn gdap_key(r: &Relationship) -> Option<(Id, String)> {
    r.gdap_name()
        .map(|name| (r.partner_id.clone(), name.to_lowercase()))
}

fn gdap_hash_of(r: &Relationship) -> Option<u64> {
    gdap_key(r).map(|(partner, name)| gdap_hash(&partner, &name))
}

/// The draft's records of the kinds an import stages, by id, and its relationships by
/// customer: hash lookups built in one pass over the draft when the import is large beside it
/// (a re-import asks for every record it holds), so each costs a hash lookup rather than a
/// search through the tables and their indexes. Shared by clones. The subscriptions' is built
/// when first asked (their step comes after the others' records are gone).
#[derive(Default)]
struct Found<'a> {
    customers: Option<Map<&'a Id, &'a Customer>>,
    subscriptions: Option<OnceCell<Map<&'a Id, &'a Subscription>>>,
    relationships: Option<Map<&'a Id, &'a Relationship>>,
    customer_relationships: Option<Map<&'a Id, SmallVec<[&'a Relationship; 2]>>>,
}

/// An import of `incoming` records of a kind is large beside `held` ones: an eighth of them.
fn large(incoming: usize, held: usize) -> bool {
    held > 0 && incoming * 8 >= held
}

fn by_id<'a, T: Keyed>(records: impl Iterator<Item = &'a T>) -> Map<&'a Id, &'a T> {
    records.map(|r| (r.key(), r)).collect()
}

impl<'a> Found<'a> {
    fn of<W: Records>(base: &'a W, records: &ImportRecords) -> Found<'a> {
        // The tables say how many records they hold.
        let held = |count: (usize, Option<usize>)| count.0;
        let relationships = records.relationships.len() + records.customers.len();
        let mut found = Found::default();
        if large(records.customers.len(), held(base.customers().size_hint())) {
            found.customers = Some(by_id(base.customers()));
        }
        if large(
            records.subscriptions.len(),
            held(base.subscriptions().size_hint()),
        ) {
            found.subscriptions = Some(OnceCell::new());
        }
        if large(relationships, held(base.relationships().size_hint())) {
            found.relationships = Some(by_id(base.relationships()));
            let mut of: Map<&Id, SmallVec<[&Relationship; 2]>> = Map::default();
            for r in base.relationships() {
                of.entry(&r.customer_id).or_default().push(r);
            }
            found.customer_relationships = Some(of);
        }
        found
    }
}

/// The import's working state over `base`, the draft as the import found it.
#[derive(Clone)]
pub struct Staged<'a, W> {
    base: &'a W,
    /// The draft itself: partners and invitations are put here.
    ws: W,
    found: Rc<Found<'a>>,
    customers: Kind<Customer>,
    subscriptions: Kind<Subscription>,
    relationships: Kind<Relationship>,
    assignments: Kind<AccessAssignment>,
    // A customer's subscriptions, a partner's relationships and a relationship's assignments
    // are found by reading the staged records: an import never asks for them record by record.
    customer_tenants: Lookup<u64>,
    customer_domains: Lookup<u64>,
    customer_relationships: Lookup<Id>,
    gdap_names: Lookup<u64>,
}

impl<'a, W: Records> Staged<'a, W> {
    /// The working state of an import of `records` into `base`.
    pub fn new(base: &'a W, records: &ImportRecords) -> Staged<'a, W> {
        Staged {
            base,
            ws: base.clone(),
            found: Rc::new(Found::of(base, records)),
            customers: Kind::sized(records.customers.len(), base.customers().size_hint()),
            subscriptions: Kind::sized(
                records.subscriptions.len(),
                base.subscriptions().size_hint(),
            ),
            relationships: Kind::sized(
                records.relationships.len() + records.customers.len(),
                base.relationships().size_hint(),
            ),
            assignments: Kind::sized(records.assignments.len(), base.assignments().size_hint()),
            customer_tenants: Lookup::default(),
            customer_domains: Lookup::default(),
            customer_relationships: Lookup::default(),
            gdap_names: Lookup::default(),
        }
    }

    /// The draft with every staged record put.
    pub fn finish(self) -> W {
        let mut ws = self.ws;
        ws.put_batch(Batch {
            customers: self.customers.into_sorted(),
            subscriptions: self.subscriptions.into_sorted(),
            relationships: self.relationships.into_sorted(),
            assignments: self.assignments.into_sorted(),
        });
        ws
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
            Some(found) => found.get(id).copied(),
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

    fn base_relationship(&self, id: &Id) -> Option<&'a Relationship> {
        match &self.found.relationships {
            Some(found) => found.get(id).copied(),
            None => self.base.relationship(id),
        }
    }
}

/// `base`'s records not staged since, and the staged ones `matching`, in id order.
fn merged<'a, T: Keyed + 'a>(
    base: impl Iterator<Item = &'a T>,
    staged: &'a Kind<T>,
    matching: impl Iterator<Item = &'a T>,
) -> smallvec::IntoIter<[&'a T; 4]> {
    let mut out: SmallVec<[&T; 4]> = if staged.records.is_empty() {
        base.collect()
    } else {
        base.filter(|r| !staged.has(r.key())).collect()
    };
    let before = out.len();
    out.extend(matching);
    if out.len() > before {
        out.sort_unstable_by(|a, b| a.key().cmp(b.key()));
    }
    out.into_iter()
}

/// The staged records `candidates` names that `keep` accepts.
fn candidates<'a, T: Keyed>(
    staged: &'a Kind<T>,
    candidates: &'a [usize],
    keep: impl Fn(&T) -> bool + 'a,
) -> impl Iterator<Item = &'a T> + 'a {
    candidates
        .iter()
        .filter_map(|&at| staged.records.get(at))
        .filter(move |r| keep(r))
}

/// Every record of a kind in id order: `base`'s, staged ones in their place.
fn all<'a, T: Keyed>(
    base: impl Iterator<Item = &'a T>,
    staged: &'a Kind<T>,
) -> std::vec::IntoIter<&'a T> {
    let mut out: Vec<&T> = base.filter(|r| !staged.has(r.key())).collect();
    out.extend(staged.records.iter());
    out.sort_unstable_by(|a, b| a.key().cmp(b.key()));
    out.into_iter()
}

/// How the staged records of one kind differ from `before`'s (a state this one came from),
/// beside the changes of the draft itself.
fn staged_changes<'a, T: Keyed + PartialEq>(
    now: &'a Kind<T>,
    before: &'a Kind<T>,
    now_get: impl Fn(&Id) -> Option<&'a T>,
    before_get: impl Fn(&Id) -> Option<&'a T>,
    draft: Vec<Change<'a, T>>,
) -> Vec<Change<'a, T>> {
    let key = |change: &Change<'_, T>| match change {
        Change::Added(r) | Change::Removed(r) | Change::Updated { after: r, .. } => r.key().clone(),
    };
    let mut out: Vec<Change<'a, T>> = draft
        .into_iter()
        .filter(|c| {
            let id = key(c);
            !now.has(&id) && !before.has(&id)
        })
        .collect();
    for after in &now.records {
        match before_get(after.key()) {
            None => out.push(Change::Added(after)),
            Some(b) if b != after => out.push(Change::Updated { before: b, after }),
            Some(_) => {}
        }
    }
    for b in before.records.iter().filter(|b| !now.has(b.key())) {
        match now_get(b.key()) {
            None => out.push(Change::Removed(b)),
            Some(after) if after != b => out.push(Change::Updated { before: b, after }),
            Some(_) => {}
        }
    }
    out
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
        let base = self.ws.customer_tenant_twin(c);
        self.customer_twin(c, base, &self.customer_tenants, |o| &o.tenant_id)
    }
    fn customer_domain_twin(&self, c: &Customer) -> Option<Id> {
        let base = self.ws.customer_domain_twin(c);
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
        let key = (partner.clone(), name.to_lowercase());
        let base = self
            .ws
            .gdap_relationships_named(partner, &key.1)
            .filter_map(|id| self.ws.relationship(id));
        let hash = gdap_hash(&key.0, &key.1);
        let staged = candidates(&self.relationships, self.gdap_names.of(&hash), move |r| {
            gdap_key(r).as_ref() == Some(&key)
        });
        merged(base, &self.relationships, staged).map(|r| &r.id)
    }
    fn relationships_of_customer<'a>(
        &'a self,
        customer: &Id,
    ) -> impl Iterator<Item = &'a Relationship> + 'a {
        let base: SmallVec<[&Relationship; 4]> = match &self.found.customer_relationships {
            Some(found) => found
                .get(customer)
                .into_iter()
                .flatten()
                .map(|r| &**r)
                .collect(),
            None => self.base.relationships_of_customer(customer).collect(),
        };
        let staged = &self.relationships;
        let owner = customer.clone();
        let of = self.customer_relationships.of(customer);
        let matching = candidates(staged, of, move |r| r.customer_id == owner);
        merged(base.into_iter(), staged, matching)
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
        let customer = relationship.customer_id.clone();
        let name = gdap_hash_of(&relationship);
        let (at, old) = self.relationships.put(relationship);
        let old_customer = old.as_ref().map(|o| o.customer_id.clone());
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
