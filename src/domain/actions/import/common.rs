//! What every import step shares: the notes it writes into history, the outcome of one record,
//! the lookups by export keys, and the checked put of a relationship.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

pub use super::drafted::Drafted;
pub use super::key_text::*;
pub use super::known::{Known, KnownLookup};
use super::roles::CanonicalRoles;
use crate::domain::actions::ctx::Ctx;
use crate::domain::catalogue::{Refusal, RuleId};
use crate::domain::diagnostics::Diagnostic;
use crate::domain::facts::Records;
use crate::domain::imported::{ImportLinked, ImportRecords};
use crate::domain::integrity;
use crate::domain::provenance::Provenance;
use crate::domain::records::{AccessAssignment, Customer, Relationship, Subscription};
use crate::domain::rules::limits;
use crate::domain::side_by_side::SideBySide;
use crate::tables::id::Id;
use crate::tables::room::{NotedMap, Room, room_of};

pub const NOTE_PC: &str = "imported from Partner Center";
pub const NOTE_GRAPH: &str = "imported from Microsoft Graph";

/// The note on a plan made here that an import found done: "confirmed by import of FILE".
pub fn note_confirmed(file: &str) -> String {
    format!("confirmed by import of {file}")
}

pub enum Outcome {
    Added,
    Updated,
    /// A plan made here, found done in the export and linked to it (counted as updated).
    Linked(ImportLinked),
    Unchanged,
    /// The record asked for nothing of this kind (not counted).
    Nothing,
}

/// Workspace ids by a key of the exports (`key`, `tenant_key`). A key is kept as an `Id`, so
/// one made of a record's own text shares it, and looked up as the `&str` it is: a lookup
/// allocates nothing when the export writes the key as it is kept (`key_of`, `tenant_key_of`).
pub type KeyMap = HashMap<Id, Id, foldhash::fast::RandomState>;

/// A tenant as a lookup key: a GUID (in any of the forms `tenant_key` reads) as its 128 bits,
/// compared without a look at any text; a tenant that is no GUID as its lower-case text.
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum TenantKey {
    Guid(u128),
    Other(Id),
}

impl TenantKey {
    /// The key of `text`: equal for two texts exactly when their `tenant_key`s are.
    pub fn of(text: &str) -> TenantKey {
        let text = text.trimmed();
        match uuid::Uuid::try_parse(text) {
            Ok(guid) => TenantKey::Guid(guid.as_u128()),
            Err(_) => TenantKey::Other(Id::new(text.to_ascii_lowercase())),
        }
    }
}

/// Customers by their tenant.
pub type TenantMap<'b> = NotedMap<TenantKey, Known<'b, Customer>>;

/// Lookups by the keys exports use, lower-cased, over the workspace `base` as the import found
/// it, and the provenance of each source.
pub struct Keys<'b, B> {
    base: &'b B,
    pub customers: TenantMap<'b>,
    pub partners_by_tenant: KeyMap,
    pub partners_by_mpn: KeyMap,
    pub relationships: Drafted<'b, Relationship>,
    /// Built with the others when the import has subscriptions (the search for an import
    /// that changes nothing compares them before any step), else when first asked for.
    subscriptions: Option<Drafted<'b, Subscription>>,
    pub assignments: KnownLookup<'b, AccessAssignment>,
    /// Plans found done that a step linked without saying so in its outcome (invitations).
    pub linked: Vec<ImportLinked>,
    /// Role ids as the workspace keeps them, and those the catalogue does not know.
    pub roles: CanonicalRoles,
    /// By source index: what a record read from that source keeps as its provenance (none for a
    /// source without a digest, as in imports journaled before provenance existed).
    pub files: Vec<Option<Arc<Provenance>>>,
}

impl<'b, B: Records + Sync> Keys<'b, B> {
    /// The lookups over `base`; the subscriptions' too when `subscriptions` says they will be
    /// asked for. The customers' are built beside the others (each a few hundred thousand
    /// records in a large workspace).
    pub fn new(
        base: &'b B,
        files: Vec<Option<Arc<Provenance>>>,
        subscriptions: bool,
        side_by_side: &impl SideBySide,
    ) -> Keys<'b, B> {
        let customers = || -> TenantMap<'b> {
            base.customers()
                .map(|c| {
                    let known = Known {
                        id: c.id.clone(),
                        before: Some(c),
                    };
                    (TenantKey::of(&c.tenant_id), known)
                })
                .collect()
        };
        let others = || {
            let relationships = Drafted::new(KnownLookup::of(
                base.relationships().map(|r| (r.external_id.as_ref(), r)),
            ));
            let assignments =
                KnownLookup::of(base.assignments().map(|a| (a.external_id.as_ref(), a)));
            let subscriptions = subscriptions.then(|| subscriptions_of(base));
            (relationships, assignments, subscriptions)
        };
        let (customers, (relationships, assignments, subscriptions)) =
            side_by_side.both(customers, others);
        let keys = Keys {
            base,
            files,
            linked: Vec::new(),
            roles: CanonicalRoles::default(),
            customers,
            partners_by_tenant: base
                .partners()
                .map(|p| (Id::new(tenant_key_of(&p.tenant_id)), p.id.clone()))
                .collect(),
            partners_by_mpn: base
                .partners()
                .map(|p| (Id::new(key_of(&p.partner_id)), p.id.clone()))
                .collect(),
            relationships,
            subscriptions,
            assignments,
        };
        // Only the room made for the import's records is to be mapped ahead (`room`), not
        // the tables built here, filled already (or let go as they grew).
        keys.room();
        if let Some(subscriptions) = &keys.subscriptions {
            subscriptions.room();
        }
        keys
    }

    /// Room in the lookups for the records of `records` that the import will put under a
    /// key: made for a kind the workspace holds none of (an import into an empty workspace puts
    /// them all), where each growth by rehashing would copy the table into fresh memory. For
    /// relationships and subscriptions the draft answers instead (`Drafted`).
    pub fn make_room(&mut self, records: &ImportRecords) {
        // As the staged kinds do (`Kind::sized`).
        let none_held = |held: (usize, Option<usize>)| held.0 == 0;
        if none_held(self.base.customers().size_hint()) {
            self.customers.reserve(records.customers.len());
        }
        // Into a workspace that held none of a kind, the steps' records of it are found in
        // the draft: no table of them is filled (`Drafted`).
        self.relationships.find_in_draft_if_none_held();
        if !records.subscriptions.is_empty() {
            self.subscriptions().find_in_draft_if_none_held();
        }
        if none_held(self.base.assignments().size_hint()) {
            self.assignments.reserve(records.assignments.len());
        }
    }

    /// The tables `make_room` made, to be filled by the steps.
    pub fn room(&self) -> Vec<Room> {
        let mut room = room_of(&self.customers);
        room.extend(self.relationships.room());
        room.extend(self.assignments.room());
        room
    }

    /// `subscriptions`, when it has been asked for: for looks that share it.
    pub fn built_subscriptions(&self) -> Option<&KnownLookup<'b, Subscription>> {
        self.subscriptions.as_ref().map(Drafted::held)
    }

    /// Workspace subscriptions by Microsoft's id (then their own), from `base` the first time.
    pub fn subscriptions(&mut self) -> &mut Drafted<'b, Subscription> {
        let base = self.base;
        self.subscriptions
            .get_or_insert_with(|| subscriptions_of(base))
    }
}

/// `base`'s subscriptions by Microsoft's id (then their own).
fn subscriptions_of<'b, B: Records>(base: &'b B) -> Drafted<'b, Subscription> {
    Drafted::new(KnownLookup::of(
        base.subscriptions().map(|s| (s.external_id.as_ref(), s)),
    ))
}

impl<B> Keys<'_, B> {
    /// The file a record read from source `index` came from, as the user named it.
    pub fn file_name(&self, index: Option<usize>) -> String {
        index
            .and_then(|i| self.files.get(i))
            .and_then(Option::as_ref)
            .map_or_else(|| "the exports".to_string(), |p| p.file.to_string())
    }

    /// The provenance of a record read from source `index`: one per file, shared by every
    /// record read from it.
    pub fn source(&self, index: Option<usize>) -> Option<Arc<Provenance>> {
        source_in(&self.files, index)
    }
}

/// What a look ahead may read while a step changes the draft and the keys: what no step of
/// an import changes (the partners it names by tenant, the files' provenance), copied.
pub struct Ahead {
    pub partners_by_tenant: KeyMap,
    files: Vec<Option<Arc<Provenance>>>,
    /// The customers' tenants and the relationships' keys the workspace held before: a look
    /// at one of them makes no new record, since its step finds the one held.
    held_tenants: HashSet<TenantKey, foldhash::fast::RandomState>,
    held_relationships: HashSet<Id, foldhash::fast::RandomState>,
}

impl Ahead {
    /// What the looks may read, copied from `keys` before any step puts a customer or a
    /// relationship.
    pub fn of<B>(keys: &Keys<'_, B>) -> Ahead {
        Ahead {
            partners_by_tenant: keys.partners_by_tenant.clone(),
            files: keys.files.clone(),
            held_tenants: keys.customers.keys().cloned().collect(),
            held_relationships: keys.relationships.held().keys_before().cloned().collect(),
        }
    }

    /// The workspace held a customer with this tenant.
    pub fn holds_tenant(&self, key: &TenantKey) -> bool {
        !self.held_tenants.is_empty() && self.held_tenants.contains(key)
    }

    /// The workspace held a relationship under this key.
    pub fn holds_relationship(&self, key: &str) -> bool {
        !self.held_relationships.is_empty() && self.held_relationships.contains(key)
    }

    /// As `Keys::source`.
    pub fn source(&self, index: Option<usize>) -> Option<Arc<Provenance>> {
        source_in(&self.files, index)
    }
}

/// The provenance a record read from source `index` keeps.
fn source_in(files: &[Option<Arc<Provenance>>], index: Option<usize>) -> Option<Arc<Provenance>> {
    index
        .and_then(|i| files.get(i))
        .and_then(Option::as_ref)
        .cloned()
}

pub fn first_finding(found: Vec<Diagnostic>) -> Result<(), Refusal> {
    match found.into_iter().next() {
        Some(first) => Err(first.into_refusal()),
        None => Ok(()),
    }
}

/// The id of the customer with `tenant`, in the workspace or put by the import; or WS1.
/// Borrowed: most records of a re-import are only compared, and copying a long id writes to
/// the count it shares, far away in memory.
pub fn customer_ref<'k, B>(keys: &'k Keys<'_, B>, tenant: &str) -> Result<&'k Id, Refusal> {
    customer_ref_by_key(keys, &TenantKey::of(tenant), tenant)
}

/// `customer_ref` of `tenant`, whose key is `key`, copied.
pub fn customer_id_by_key<B>(
    keys: &Keys<'_, B>,
    key: &TenantKey,
    tenant: &str,
) -> Result<Id, Refusal> {
    customer_ref_by_key(keys, key, tenant).cloned()
}

/// `customer_ref` of `tenant`, whose key is `key`.
fn customer_ref_by_key<'k, B>(
    keys: &'k Keys<'_, B>,
    key: &TenantKey,
    tenant: &str,
) -> Result<&'k Id, Refusal> {
    let known = keys.customers.get(key);
    known.map(|k| &k.id).ok_or_else(|| {
        Refusal::new(
            RuleId::WS1,
            format!(
                "customer tenant {tenant} is neither in this workspace nor in the customer exports"
            ),
        )
    })
}

pub fn put_relationship_checked<W: Records>(
    ctx: &mut Ctx<'_, W>,
    r: Relationship,
) -> Result<(), Refusal> {
    put_relationship_checked_unless_short(ctx, r, false)
}

/// `put_relationship_checked`, where `short` says WS4 was found to hold already: no text of
/// `r` can be too long (`limits::too_short_to_break`).
pub fn put_relationship_checked_unless_short<W: Records>(
    ctx: &mut Ctx<'_, W>,
    r: Relationship,
    short: bool,
) -> Result<(), Refusal> {
    check_relationship_unless_short(ctx.ws, &r, short)?;
    ctx.ws.put_relationship(r);
    Ok(())
}

/// The checks `put_relationship_checked_unless_short` makes before it puts `r` in `ws`.
pub fn check_relationship_unless_short<W: Records>(
    ws: &W,
    r: &Relationship,
    short: bool,
) -> Result<(), Refusal> {
    let mut found = Vec::new();
    if !short {
        limits::check_record("relationship", r.id.as_str(), r, &mut found);
    }
    integrity::check_relationship(ws, r, &mut found);
    first_finding(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenant_keys_are_equal_exactly_when_the_tenants_stored_spellings_are() {
        let texts = [
            "36cf6aec-3deb-471e-b1a2-4eab79c1a842",
            " 36CF6AEC-3DEB-471E-B1A2-4EAB79C1A842 ",
            "{36cf6aec-3deb-471e-b1a2-4eab79c1a842}",
            "36cf6aec3deb471eb1a24eab79c1a842",
            "0a1d3e50-0000-4000-8000-00000000a1de",
            "contoso",
            " Contoso",
            "fabrikam",
        ];
        for a in texts {
            for b in texts {
                assert_eq!(
                    TenantKey::of(a) == TenantKey::of(b),
                    tenant_key(a) == tenant_key(b),
                    "{a:?} vs {b:?}"
                );
            }
        }
    }
}
