//! Upstream changes: when the exports are the whole of what Microsoft holds for the importing
//! partner (`import --complete`), the records the workspace keeps Microsoft's ids for that no
//! page contains any more. Only kinds the exports cover are compared (a run without relationship
//! pages says nothing of relationships), and only records still in force; nothing is deleted.

use std::borrow::Cow;
use std::collections::HashSet;

use foldhash::fast::RandomState;

use super::{Kind, Plan};
use crate::domain::Id;
use crate::domain::import_keys::{key_of, shared_key};
use crate::domain::imported::ImportMissing;
use crate::domain::records::{AccessAssignment, Relationship, RelationshipKind};
use crate::tables::text::Text;
use crate::workspace::Workspace;

/// Keys, hashed fast: a complete export lists hundreds of thousands.
type Keys = HashSet<Text, RandomState>;

fn keys_of<'r>(texts: impl Iterator<Item = Cow<'r, Text>>) -> Keys {
    texts.map(|t| shared_key(&t)).collect()
}

/// What complete exports list, by Microsoft id (lower-cased), taken from the plan before the
/// core consumes its records.
pub struct Listed {
    kinds: Vec<Kind>,
    customers: Keys,
    subscriptions: Keys,
    relationships: Keys,
    /// The relationships whose access assignments a page lists, and those assignments.
    listings: Keys,
    assignments: Keys,
}

impl Listed {
    /// The subscriptions' keys (the most) are gathered on a second thread meanwhile.
    pub fn of(plan: &Plan) -> Listed {
        let records = &plan.records;
        let owned = |text: &str| Cow::Owned(Text::from(text));
        std::thread::scope(|scope| {
            let subscriptions =
                scope.spawn(|| keys_of(records.subscriptions.iter().map(|s| Cow::Borrowed(&s.id))));
            let customers = keys_of(
                records
                    .customers
                    .iter()
                    .filter(|c| c.profile)
                    .map(|c| owned(&c.tenant_id)),
            );
            let relationships = keys_of(
                records
                    .relationships
                    .iter()
                    .map(|r| Cow::Borrowed(&r.id))
                    .chain(
                        plan.left_out
                            .iter()
                            .filter(|l| l.kind == "relationship")
                            .map(|l| owned(&l.key)),
                    ),
            );
            // Assignment listings are per relationship: only the relationships they list
            // are compared.
            let listings = keys_of(
                records
                    .assignments
                    .iter()
                    .map(|a| owned(&a.relationship_id)),
            );
            let assignments = keys_of(records.assignments.iter().map(|a| owned(&a.id)));
            Listed {
                kinds: plan.sources.iter().map(|s| s.kind).collect(),
                customers,
                subscriptions: subscriptions
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                relationships,
                listings,
                assignments,
            }
        })
    }
}

/// The importer's records in `ws` that keep a Microsoft id the complete exports (`listed`) no
/// longer contain, kind by kind, in id order (access assignments by relationship, then id).
/// Each kind is one pass over its records (the subscriptions and relationships on a second
/// thread), asking for no index of the workspace: after an import, building them would cost
/// more than the comparison.
pub fn missing(ws: &Workspace, importer: &Id, listed: &Listed) -> Vec<ImportMissing> {
    let covers = |kind: Kind| listed.kinds.contains(&kind);
    let (mut out, mut theirs) = std::thread::scope(|scope| {
        let theirs = scope.spawn(|| {
            let mut out = Vec::new();
            if covers(Kind::Subscriptions) {
                out.extend(subscriptions_missing(ws, importer, &listed.subscriptions));
            }
            if covers(Kind::DelegatedAdminRelationships) {
                out.extend(relationships_missing(ws, importer, &listed.relationships));
            }
            out
        });
        let mut customers = Vec::new();
        if covers(Kind::Customers) {
            customers = customers_missing(ws, importer, &listed.customers);
        }
        let mut assignments = Vec::new();
        if covers(Kind::AccessAssignments) {
            assignments = assignments_missing(ws, importer, listed);
        }
        let mut theirs = theirs
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        theirs.append(&mut assignments);
        (customers, theirs)
    });
    out.append(&mut theirs);
    out
}

fn missing_one(kind: &'static str, id: &Id, external: &str) -> ImportMissing {
    ImportMissing {
        kind,
        id: id.clone(),
        external_id: external.to_string(),
    }
}

fn listed_in(keys: &Keys, external: &str) -> bool {
    keys.contains(&*key_of(external))
}

fn importers<'w>(ws: &'w Workspace, importer: &'w Id) -> impl Iterator<Item = &'w Relationship> {
    ws.relationships()
        .filter(move |r| r.partner_id == *importer)
}

/// The customers the importer resells to now that the customer exports no longer list.
fn customers_missing(ws: &Workspace, importer: &Id, listed: &Keys) -> Vec<ImportMissing> {
    let resold: HashSet<&str, RandomState> = importers(ws, importer)
        .filter(|r| r.kind == RelationshipKind::Reseller && r.status.is_in_force())
        .map(|r| r.customer_id.as_str())
        .collect();
    ws.customers()
        .filter(|c| resold.contains(c.id.as_str()))
        .filter_map(|c| {
            let external = c.external_id.as_deref()?;
            (!listed_in(listed, external)).then(|| missing_one("customer", &c.id, external))
        })
        .collect()
}

/// The subscriptions the importer is partner of record or billing partner for that the
/// subscription exports no longer list.
fn subscriptions_missing(ws: &Workspace, importer: &Id, listed: &Keys) -> Vec<ImportMissing> {
    ws.subscriptions()
        .filter(|s| {
            s.partner_of_record == *importer || s.billing_partner.as_ref() == Some(importer)
        })
        .filter_map(|s| {
            let external = s.external_id.as_deref()?;
            (!listed_in(listed, external)).then(|| missing_one("subscription", &s.id, external))
        })
        .collect()
}

/// The importer's GDAP relationships not ended that the Graph listing no longer holds.
fn relationships_missing(ws: &Workspace, importer: &Id, listed: &Keys) -> Vec<ImportMissing> {
    importers(ws, importer)
        .filter(|r| r.kind == RelationshipKind::Gdap && !r.status.is_ended())
        .filter_map(|r| {
            let external = r.external_id.as_deref()?;
            (!listed_in(listed, external)).then(|| missing_one("relationship", &r.id, external))
        })
        .collect()
}

/// The live access assignments of the importer's relationships whose listing a page holds
/// that the listing no longer contains, by relationship, then id.
fn assignments_missing(ws: &Workspace, importer: &Id, listed: &Listed) -> Vec<ImportMissing> {
    let listings: HashSet<&str, RandomState> = importers(ws, importer)
        .filter(|r| {
            let graph_id = r.external_id.as_deref().unwrap_or(r.id.as_str());
            listed_in(&listed.listings, graph_id)
        })
        .map(|r| r.id.as_str())
        .collect();
    let mut gone: Vec<(&AccessAssignment, &str)> = ws
        .assignments()
        .filter(|a| a.status.is_live() && listings.contains(a.relationship_id.as_str()))
        .filter_map(|a| {
            let external = a.external_id.as_deref()?;
            (!listed_in(&listed.assignments, external)).then_some((a, external))
        })
        .collect();
    gone.sort_by(|(a, _), (b, _)| (&a.relationship_id, &a.id).cmp(&(&b.relationship_id, &b.id)));
    gone.into_iter()
        .map(|(a, external)| missing_one("accessAssignment", &a.id, external))
        .collect()
}
