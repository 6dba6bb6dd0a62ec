//! Merging what every page and file brought into one set of import records: a record met twice
//! (repeated across pages, or in two exports) is kept once, the most recently modified copy
//! winning and ties broken by content, then by the file's name and digest (the copy's
//! provenance), so the order of pages and files never matters. Customers only Graph knows are
//! added from the relationships' `customer`; an indirect reseller's customers get their provider
//! when the exports make it unambiguous.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::Serialize;

use super::SourceSummary;
use super::gathered::Gathered;
use crate::domain::Id;
use crate::domain::imported::{
    ImportRecords, ImportedAssignment, ImportedCustomer, ImportedGdap, ImportedPartner,
    ImportedSubscription, LeftOut, PartnerLink,
};
use crate::tables::sort::prefix;
use crate::workspace::Workspace;

/// A record read from one of the import's sources.
trait Sourced: Serialize {
    fn source(&self) -> Option<usize>;
}

macro_rules! sourced {
    ($($t:ty),*) => {$(
        impl Sourced for $t {
            fn source(&self) -> Option<usize> {
                self.source
            }
        }
    )*};
}
sourced!(
    ImportedPartner,
    ImportedCustomer,
    ImportedSubscription,
    ImportedGdap,
    ImportedAssignment
);

/// Each source's place among all of them ordered by name, then digest: what breaks a tie between
/// two equal copies of a record, whatever order the files came in.
fn source_ranks(sources: &[SourceSummary]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..sources.len()).collect();
    order.sort_by(|&a, &b| {
        (&sources[a].file, &sources[a].sha256, a).cmp(&(&sources[b].file, &sources[b].sha256, b))
    });
    let mut ranks = vec![0; sources.len()];
    for (rank, index) in order.into_iter().enumerate() {
        ranks[index] = rank;
    }
    ranks
}

/// A record's content without the source it was read from.
fn content<T: Serialize>(t: &T) -> String {
    let mut value = serde_json::to_value(t).unwrap_or_default();
    if let Some(map) = value.as_object_mut() {
        map.remove("source");
    }
    value.to_string()
}

/// Keeps one record per key, sorted by key; `newer` says which of two copies wins, then their
/// content, then their sources' `ranks` (on a tie the copy met first stays). Copies are found
/// by sorting the keys, not by a tree of them: each key's first 16 bytes as one number first,
/// so most comparisons are of two integers, not two strings.
fn dedup<T: Sourced>(
    items: Vec<T>,
    key: impl Fn(&T) -> &str,
    newer: impl Fn(&T, &T) -> Ordering,
    ranks: &[usize],
    repeated: &mut usize,
) -> Vec<T> {
    let rank = |t: &T| t.source().and_then(|i| ranks.get(i).copied());
    // Keys are compared as ASCII lower case; most already are, and are borrowed.
    let keys: Vec<Cow<'_, str>> = items.iter().map(|t| lower_case(key(t))).collect();
    // (prefix, place): the prefix orders as its key does when they differ, else the keys say.
    // The place makes every entry unique, so an unstable sort keeps the copies of a key in
    // their order.
    let mut order: Vec<(u128, usize)> = keys.iter().map(|k| prefix(k)).zip(0..).collect();
    order.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| keys[a.1].cmp(&keys[b.1]))
            .then(a.1.cmp(&b.1))
    });
    // Each entry's first field becomes the number of its key's group, so the keys (borrowed
    // from the items) can go before the items are moved. Two keys whose prefixes differ differ:
    // only keys with equal prefixes are compared (no look at the key, far away in memory).
    let mut group = 0;
    let mut previous = None;
    for entry in &mut order {
        let (prefix, at) = *entry;
        if let Some((before, was)) = previous
            && (before != prefix || keys[was] != keys[at])
        {
            group += 1;
        }
        previous = Some((prefix, at));
        entry.0 = group;
    }
    drop(keys);
    if group + 1 == order.len() as u128 {
        // No key twice (the usual case): the records are put in their keys' order in place.
        let mut items = items;
        let mut places: Vec<usize> = order.into_iter().map(|(_, at)| at).collect();
        crate::tables::sort::permute(&mut items, &mut places);
        return items;
    }
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    let mut kept = Vec::with_capacity(order.len());
    for group in order.chunk_by(|a, b| a.0 == b.0) {
        let mut best = group[0].1;
        for &(_, at) in &group[1..] {
            *repeated += 1;
            let (Some(item), Some(old)) = (&slots[at], &slots[best]) else {
                continue;
            };
            let order = newer(item, old)
                .then_with(|| content(item).cmp(&content(old)))
                .then_with(|| rank(item).cmp(&rank(old)));
            if order == Ordering::Greater {
                best = at;
            }
        }
        kept.extend(slots[best].take());
    }
    kept
}

/// `text` in ASCII lower case, borrowed when it already is.
fn lower_case(text: &str) -> Cow<'_, str> {
    // Every byte looked at (no early exit), which the compiler does many at a time.
    let upper = text
        .bytes()
        .fold(false, |upper, b| upper | b.is_ascii_uppercase());
    if upper {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

fn same(_: &impl Sized, _: &impl Sized) -> Ordering {
    Ordering::Equal
}

/// The records of every page merged, repeated ones into one, before the workspace is asked
/// which providers the importer has (`Merged::with_providers`): all of a merge that needs no
/// workspace, so it can run while the workspace still loads.
pub struct Merged {
    records: ImportRecords,
    left_out: Vec<LeftOut>,
    repeated: usize,
}

/// The records of every page merged, but for the importer's providers: see `Merged`.
pub fn merge_records(g: Gathered, sources: &[SourceSummary]) -> Merged {
    let ranks = source_ranks(sources);
    let ranks = ranks.as_slice();
    // The subscriptions (the most records) are kept once on a second thread meanwhile.
    let ((partners, relationships, assignments, mut customers, mut repeated), subscriptions) =
        std::thread::scope(|scope| {
            let subscriptions = scope.spawn(move || {
                let mut repeated = 0;
                let kept = dedup(g.subscriptions, |s| &s.id, same, ranks, &mut repeated);
                (kept, repeated)
            });
            let mut repeated = 0;
            let partners = dedup(g.partners, |p| &p.tenant_id, same, ranks, &mut repeated);
            let relationships = dedup(
                g.relationships,
                |r| &r.id,
                |a, b| a.last_modified_date_time.cmp(&b.last_modified_date_time),
                ranks,
                &mut repeated,
            );
            let assignments = dedup(g.assignments, |a| &a.id, same, ranks, &mut repeated);
            let customers = dedup(g.customers, |c| &c.tenant_id, same, ranks, &mut repeated);
            let kept = (partners, relationships, assignments, customers, repeated);
            let subscriptions = subscriptions
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (kept, subscriptions)
        });
    let (subscriptions, repeated_subscriptions) = subscriptions;
    repeated += repeated_subscriptions;

    // Customers only Graph knows: created from the relationship's customer, never renamed.
    // The customers' own tenant ids, borrowed: no copy of each in a tree.
    let known: HashSet<&str, foldhash::fast::RandomState> =
        customers.iter().map(|c| c.tenant_id.as_str()).collect();
    // Its name (and provenance) from the relationship naming it first by name, then by source.
    let mut graph_only: BTreeMap<String, (String, Option<usize>)> = BTreeMap::new();
    let rank = |source: Option<usize>| source.and_then(|i| ranks.get(i).copied());
    for r in &relationships {
        if known.contains(r.customer_tenant_id.as_str()) {
            continue;
        }
        let name = r
            .customer_name
            .clone()
            .unwrap_or_else(|| r.customer_tenant_id.clone());
        let slot = graph_only
            .entry(r.customer_tenant_id.clone())
            .or_insert_with(|| (name.clone(), r.source));
        if (&name, rank(r.source)) < (&slot.0, rank(slot.1)) {
            *slot = (name, r.source);
        }
    }
    customers.extend(
        graph_only
            .into_iter()
            .map(|(tenant_id, (display_name, source))| ImportedCustomer {
                tenant_id,
                display_name,
                domain: None,
                country: None,
                profile: false,
                reseller: false,
                delegated_admin: None,
                via_provider_tenant_id: None,
                source,
            }),
    );
    customers.sort_by(|a, b| a.tenant_id.cmp(&b.tenant_id));
    let mut left_out = g.left_out;
    left_out.sort_by(|a, b| (a.kind, &a.key).cmp(&(b.kind, &b.key)));
    left_out.dedup();
    Merged {
        records: ImportRecords {
            partners,
            customers,
            subscriptions,
            relationships,
            assignments,
        },
        left_out,
        repeated,
    }
}

impl Merged {
    /// The merge finished with `importer`'s providers in `ws` (it may not be there yet): the
    /// records, those left out, and how many were repeated.
    pub fn with_providers(
        self,
        ws: &Workspace,
        importer: Option<&Id>,
    ) -> (ImportRecords, Vec<LeftOut>, usize) {
        let Merged {
            mut records,
            left_out,
            repeated,
        } = self;
        let ImportRecords {
            partners,
            customers,
            relationships,
            ..
        } = &mut records;
        set_providers(partners, customers, relationships, ws, importer);
        (records, left_out, repeated)
    }
}

/// The provider of an indirect reseller's customers: the one its reseller GDAP relationships
/// with that customer name, else its only provider.
fn set_providers(
    partners: &[ImportedPartner],
    customers: &mut [ImportedCustomer],
    relationships: &[ImportedGdap],
    ws: &Workspace,
    importer: Option<&Id>,
) {
    let mut providers: BTreeSet<String> = partners
        .iter()
        .filter(|p| p.link == PartnerLink::ProviderOfImporter)
        .map(|p| p.tenant_id.clone())
        .collect();
    if let Some(me) = importer.and_then(|id| ws.partner(id)) {
        providers.extend(
            me.providers
                .iter()
                .filter_map(|p| ws.partner(p))
                .map(|p| p.tenant_id.to_ascii_lowercase()),
        );
    }
    let sole = (providers.len() == 1)
        .then(|| providers.iter().next().cloned())
        .flatten();
    let mut named: BTreeMap<&str, BTreeSet<&String>> = BTreeMap::new();
    for r in relationships {
        if let Some(provider) = &r.indirect_provider_tenant_id {
            named
                .entry(r.customer_tenant_id.as_str())
                .or_default()
                .insert(provider);
        }
    }
    for c in customers.iter_mut().filter(|c| c.reseller) {
        let providers = named.get(c.tenant_id.as_str());
        c.via_provider_tenant_id = match providers.map_or(0, BTreeSet::len) {
            1 => providers
                .and_then(|p| p.iter().next())
                .map(|p| (*p).clone()),
            0 => sole.clone(),
            _ => None,
        };
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// How `dedup` kept records before its keys were sorted by their prefixes: lower-cased
    /// copies of every key, sorted with their places.
    fn dedup_by_copies(items: Vec<ImportedPartner>) -> (Vec<ImportedPartner>, usize) {
        let mut order: Vec<(String, usize)> = items
            .iter()
            .map(|p| p.tenant_id.to_ascii_lowercase())
            .zip(0..)
            .collect();
        order.sort_unstable();
        let mut repeated = 0;
        let mut kept: Vec<ImportedPartner> = Vec::new();
        for group in order.chunk_by(|a, b| a.0 == b.0) {
            let mut best = group[0].1;
            for &(_, at) in &group[1..] {
                repeated += 1;
                if content(&items[at]) > content(&items[best]) {
                    best = at;
                }
            }
            kept.push(items[best].clone());
        }
        (kept, repeated)
    }

    fn partner(tenant_id: String, display_name: String) -> ImportedPartner {
        ImportedPartner {
            tenant_id,
            partner_id: String::new(),
            display_name,
            link: PartnerLink::ProviderOfImporter,
            source: None,
        }
    }

    proptest! {
        #[test]
        fn keys_sorted_by_prefix_keep_what_sorted_copies_kept(
            keys in prop::collection::vec(("[aA]{14,18}[ab\u{e9}B]{0,2}", "[xy]"), 0..40)
        ) {
            let items: Vec<ImportedPartner> =
                keys.into_iter().map(|(k, name)| partner(k, name)).collect();
            let mut repeated = 0;
            let kept = dedup(items.clone(), |p| &p.tenant_id, same, &[], &mut repeated);
            prop_assert_eq!((kept, repeated), dedup_by_copies(items));
        }

        #[test]
        fn distinct_keys_are_put_in_order_as_sorted_copies_were(
            keys in prop::collection::vec("[a-cA-C]{15,17}", 0..40)
        ) {
            let items: Vec<ImportedPartner> =
                keys.into_iter().map(|k| partner(k, String::new())).collect();
            let mut repeated = 0;
            let kept = dedup(items.clone(), |p| &p.tenant_id, same, &[], &mut repeated);
            prop_assert_eq!((kept, repeated), dedup_by_copies(items));
        }
    }
}
