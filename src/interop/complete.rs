//! Upstream changes: when the exports are the whole of what Microsoft holds for the importing
//! partner (`import --complete`), the records the workspace keeps Microsoft's ids for that no
//! page contains any more. Only kinds the exports cover are compared (a run without relationship
//! pages says nothing of relationships), and only records still in force; nothing is deleted.

use std::collections::HashSet;

use super::{Kind, Plan};
use crate::domain::Id;
use crate::domain::imported::ImportMissing;
use crate::domain::records::RelationshipKind;
use crate::workspace::Workspace;

fn key(text: &str) -> String {
    text.trim().to_ascii_lowercase()
}

/// What complete exports list, by Microsoft id (lower-cased), taken from the plan before the
/// core consumes its records.
pub struct Listed {
    kinds: Vec<Kind>,
    customers: HashSet<String>,
    subscriptions: HashSet<String>,
    relationships: HashSet<String>,
    /// The relationships whose access assignments a page lists, and those assignments.
    listings: HashSet<String>,
    assignments: HashSet<String>,
}

impl Listed {
    pub fn of(plan: &Plan) -> Listed {
        let records = &plan.records;
        Listed {
            kinds: plan.sources.iter().map(|s| s.kind).collect(),
            customers: records
                .customers
                .iter()
                .filter(|c| c.profile)
                .map(|c| key(&c.tenant_id))
                .collect(),
            subscriptions: records.subscriptions.iter().map(|s| key(&s.id)).collect(),
            relationships: records
                .relationships
                .iter()
                .map(|r| key(&r.id))
                .chain(
                    plan.left_out
                        .iter()
                        .filter(|l| l.kind == "relationship")
                        .map(|l| key(&l.key)),
                )
                .collect(),
            // Assignment listings are per relationship: only the relationships they list are
            // compared.
            listings: records
                .assignments
                .iter()
                .map(|a| key(&a.relationship_id))
                .collect(),
            assignments: records.assignments.iter().map(|a| key(&a.id)).collect(),
        }
    }
}

/// The importer's records in `ws` that keep a Microsoft id the complete exports (`listed`) no
/// longer contain, kind by kind, in id order.
pub fn missing(ws: &Workspace, importer: &Id, listed: &Listed) -> Vec<ImportMissing> {
    let covers = |kind: Kind| listed.kinds.contains(&kind);
    let mut out = Vec::new();
    let mut note = |kind: &'static str, id: &Id, external: &str| {
        out.push(ImportMissing {
            kind,
            id: id.clone(),
            external_id: external.to_string(),
        });
    };
    if covers(Kind::Customers) {
        for c in ws.customers_of_partner(importer) {
            let Some(c) = ws.customer(&c) else { continue };
            let resold = ws.relationships_of_customer(&c.id).any(|r| {
                r.partner_id == *importer
                    && r.kind == RelationshipKind::Reseller
                    && r.status.is_in_force()
            });
            if let Some(external) = &c.external_id
                && resold
                && !listed.customers.contains(&key(external))
            {
                note("customer", &c.id, external);
            }
        }
    }
    if covers(Kind::Subscriptions) {
        for s in ws.subscriptions() {
            let mine =
                s.partner_of_record == *importer || s.billing_partner.as_ref() == Some(importer);
            if let Some(external) = &s.external_id
                && mine
                && !listed.subscriptions.contains(&key(external))
            {
                note("subscription", &s.id, external);
            }
        }
    }
    if covers(Kind::DelegatedAdminRelationships) {
        for r in ws.relationships_of_partner(importer) {
            if let Some(external) = &r.external_id
                && r.kind == RelationshipKind::Gdap
                && !r.status.is_ended()
                && !listed.relationships.contains(&key(external))
            {
                note("relationship", &r.id, external);
            }
        }
    }
    if covers(Kind::AccessAssignments) {
        for r in ws.relationships_of_partner(importer) {
            let graph_id = key(r.external_id.as_deref().unwrap_or(r.id.as_str()));
            if !listed.listings.contains(&graph_id) {
                continue;
            }
            for a in ws.assignments_of_relationship(&r.id) {
                if let Some(external) = &a.external_id
                    && a.status.is_live()
                    && !listed.assignments.contains(&key(external))
                {
                    note("accessAssignment", &a.id, external);
                }
            }
        }
    }
    out
}
