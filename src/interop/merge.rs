//! Merging what every page and file brought into one set of import records: a record met twice
//! (repeated across pages, or in two exports) is kept once, the most recently modified copy
//! winning and ties broken by content, then by the file's name and digest (the copy's
//! provenance), so the order of pages and files never matters. Customers only Graph knows are
//! added from the relationships' `customer`; an indirect reseller's customers get their provider
//! when the exports make it unambiguous.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::SourceSummary;
use super::gathered::Gathered;
use crate::domain::Id;
use crate::domain::imported::{
    ImportRecords, ImportedAssignment, ImportedCustomer, ImportedGdap, ImportedPartner,
    ImportedSubscription, LeftOut, PartnerLink,
};
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
/// by sorting the keys, not by a tree of them.
fn dedup<T: Sourced>(
    items: Vec<T>,
    key: impl Fn(&T) -> String,
    newer: impl Fn(&T, &T) -> Ordering,
    ranks: &[usize],
    repeated: &mut usize,
) -> Vec<T> {
    let rank = |t: &T| t.source().and_then(|i| ranks.get(i).copied());
    // (key, place): unique, so an unstable sort keeps the copies of a key in their order.
    let mut order: Vec<(String, usize)> = items.iter().map(&key).zip(0..).collect();
    order.sort_unstable();
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

fn same(_: &impl Sized, _: &impl Sized) -> Ordering {
    Ordering::Equal
}

pub fn merge(
    g: Gathered,
    sources: &[SourceSummary],
    ws: &Workspace,
    importer: Option<&Id>,
) -> (ImportRecords, Vec<LeftOut>, usize) {
    let ranks = source_ranks(sources);
    let ranks = ranks.as_slice();
    let mut repeated = 0;
    let partners = dedup(
        g.partners,
        |p| p.tenant_id.to_ascii_lowercase(),
        same,
        ranks,
        &mut repeated,
    );
    let relationships = dedup(
        g.relationships,
        |r| r.id.to_ascii_lowercase(),
        |a, b| a.last_modified_date_time.cmp(&b.last_modified_date_time),
        ranks,
        &mut repeated,
    );
    let subscriptions = dedup(
        g.subscriptions,
        |s| s.id.to_ascii_lowercase(),
        same,
        ranks,
        &mut repeated,
    );
    let assignments = dedup(
        g.assignments,
        |a| a.id.to_ascii_lowercase(),
        same,
        ranks,
        &mut repeated,
    );
    let mut customers = dedup(
        g.customers,
        |c| c.tenant_id.to_ascii_lowercase(),
        same,
        ranks,
        &mut repeated,
    );

    // Customers only Graph knows: created from the relationship's customer, never renamed.
    let known: BTreeSet<String> = customers.iter().map(|c| c.tenant_id.clone()).collect();
    // Its name (and provenance) from the relationship naming it first by name, then by source.
    let mut graph_only: BTreeMap<String, (String, Option<usize>)> = BTreeMap::new();
    let rank = |source: Option<usize>| source.and_then(|i| ranks.get(i).copied());
    for r in &relationships {
        if known.contains(&r.customer_tenant_id) {
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

    // The provider of an indirect reseller's customers: the one its reseller GDAP relationships
    // with that customer name, else its only provider.
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
    for r in &relationships {
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

    let records = ImportRecords {
        partners,
        customers,
        subscriptions,
        relationships,
        assignments,
    };
    let mut left_out = g.left_out;
    left_out.sort_by(|a, b| (a.kind, &a.key).cmp(&(b.kind, &b.key)));
    left_out.dedup();
    (records, left_out, repeated)
}
