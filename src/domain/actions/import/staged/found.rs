//! The draft's records as an import looks them up: hash maps by id (and relationships by
//! customer) built in one pass the first time they are asked for, when the import is large
//! beside the draft.

use std::sync::OnceLock;

use smallvec::SmallVec;

use super::kinds::Map;
use crate::domain::facts::Records;
use crate::domain::imported::ImportRecords;
use crate::domain::records::*;
use crate::tables::id::Id;
use crate::tables::table::Keyed;

/// The draft's records of the kinds an import stages, by id, and its relationships by
/// customer: hash lookups built in one pass over the draft, the first time one is asked for,
/// when the import is large beside the draft (a re-import may ask for every record it
/// holds), so each costs a hash lookup rather than a search through the tables and their
/// indexes. Shared by clones. A re-import that changes nothing asks for none of them: its
/// steps compare with the records its keys found (`Records::customer_since`).
#[derive(Default)]
pub(super) struct Found<'a> {
    pub(super) customers: Option<OnceLock<Map<&'a Id, &'a Customer>>>,
    pub(super) subscriptions: Option<OnceLock<Map<&'a Id, &'a Subscription>>>,
    pub(super) relationships: Option<OnceLock<Map<&'a Id, &'a Relationship>>>,
    pub(super) customer_relationships: Option<OnceLock<ByCustomer<'a>>>,
    /// The draft holds no relationship: none is looked up there (an import into an empty
    /// workspace asks for a customer's relationships several times per record).
    pub(super) no_relationships: bool,
    /// The draft holds no customer (customers, like relationships, are staged, never put into
    /// the draft during an import).
    pub(super) no_customers: bool,
}

/// An import of `incoming` records of a kind is large beside `held` ones: an eighth of them.
pub(super) fn large(incoming: usize, held: usize) -> bool {
    held > 0 && incoming * 8 >= held
}

/// A lookup built the first time it is asked for, when it will pay.
pub(super) fn lazily<T>(pays: bool) -> Option<OnceLock<T>> {
    pays.then(OnceLock::new)
}

pub(super) fn by_id<'a, T: Keyed>(records: impl Iterator<Item = &'a T>) -> Map<&'a Id, &'a T> {
    records.map(|r| (r.key(), r)).collect()
}

/// Relationships by their customer.
pub(super) type ByCustomer<'a> = Map<&'a Id, SmallVec<[&'a Relationship; 2]>>;

pub(super) fn by_customer<'a>(
    relationships: impl Iterator<Item = &'a Relationship>,
) -> ByCustomer<'a> {
    let mut of: Map<&Id, SmallVec<[&Relationship; 2]>> = Map::default();
    for r in relationships {
        of.entry(&r.customer_id).or_default().push(r);
    }
    of
}

impl<'a> Found<'a> {
    pub(super) fn of<W: Records>(base: &'a W, records: &ImportRecords) -> Found<'a> {
        // The tables say how many records they hold.
        let held = |count: (usize, Option<usize>)| count.0;
        let relationships = records.relationships.len() + records.customers.len();
        let relationships_large = large(relationships, held(base.relationships().size_hint()));
        Found {
            customers: lazily(large(
                records.customers.len(),
                held(base.customers().size_hint()),
            )),
            subscriptions: lazily(large(
                records.subscriptions.len(),
                held(base.subscriptions().size_hint()),
            )),
            relationships: lazily(relationships_large),
            customer_relationships: lazily(relationships_large),
            no_relationships: base.relationships().next().is_none(),
            no_customers: base.customers().next().is_none(),
        }
    }
}
