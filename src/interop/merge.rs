//! Merging what every page and file brought into one set of import records: a record met twice
//! (repeated across pages, or in two exports) is kept once, the most recently modified copy
//! winning and ties broken by content, so the order of pages and files never matters. Customers
//! only Graph knows are added from the relationships' `customer`; an indirect reseller's
//! customers get their provider when the exports make it unambiguous.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::gathered::Gathered;
use crate::domain::Id;
use crate::domain::imported::{ImportRecords, ImportedCustomer, LeftOut, PartnerLink};
use crate::workspace::Workspace;

/// Keeps one record per key, sorted by key; `newer` says which of two copies wins.
fn dedup<T: Serialize>(
    items: Vec<T>,
    key: impl Fn(&T) -> String,
    newer: impl Fn(&T, &T) -> Ordering,
    repeated: &mut usize,
) -> Vec<T> {
    let mut kept: BTreeMap<String, T> = BTreeMap::new();
    for item in items {
        let k = key(&item);
        match kept.get(&k) {
            None => {
                kept.insert(k, item);
            }
            Some(old) => {
                *repeated += 1;
                let content = |t: &T| serde_json::to_string(t).unwrap_or_default();
                if newer(&item, old).then_with(|| content(&item).cmp(&content(old)))
                    == Ordering::Greater
                {
                    kept.insert(k, item);
                }
            }
        }
    }
    kept.into_values().collect()
}

fn same(_: &impl Sized, _: &impl Sized) -> Ordering {
    Ordering::Equal
}

pub fn merge(
    g: Gathered,
    ws: &Workspace,
    importer: Option<&Id>,
) -> (ImportRecords, Vec<LeftOut>, usize) {
    let mut repeated = 0;
    let partners = dedup(
        g.partners,
        |p| p.tenant_id.to_ascii_lowercase(),
        same,
        &mut repeated,
    );
    let relationships = dedup(
        g.relationships,
        |r| r.id.to_ascii_lowercase(),
        |a, b| a.last_modified_date_time.cmp(&b.last_modified_date_time),
        &mut repeated,
    );
    let subscriptions = dedup(
        g.subscriptions,
        |s| s.id.to_ascii_lowercase(),
        same,
        &mut repeated,
    );
    let assignments = dedup(
        g.assignments,
        |a| a.id.to_ascii_lowercase(),
        same,
        &mut repeated,
    );
    let mut customers = dedup(
        g.customers,
        |c| c.tenant_id.to_ascii_lowercase(),
        same,
        &mut repeated,
    );

    // Customers only Graph knows: created from the relationship's customer, never renamed.
    let known: BTreeSet<String> = customers.iter().map(|c| c.tenant_id.clone()).collect();
    let mut graph_only: BTreeMap<String, String> = BTreeMap::new();
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
            .or_insert_with(|| name.clone());
        if name < *slot {
            *slot = name;
        }
    }
    customers.extend(
        graph_only
            .into_iter()
            .map(|(tenant_id, display_name)| ImportedCustomer {
                tenant_id,
                display_name,
                domain: None,
                country: None,
                profile: false,
                reseller: false,
                delegated_admin: None,
                via_provider_tenant_id: None,
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
