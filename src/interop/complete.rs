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

/// The importer's records in `ws` that keep a Microsoft id the complete exports in `plan` no
/// longer contain, kind by kind, in id order.
pub fn missing(ws: &Workspace, importer: &Id, plan: &Plan) -> Vec<ImportMissing> {
    let covers = |kind: Kind| plan.sources.iter().any(|s| s.kind == kind);
    let mut out = Vec::new();
    let mut note = |kind: &'static str, id: &Id, external: &str| {
        out.push(ImportMissing {
            kind,
            id: id.clone(),
            external_id: external.to_string(),
        });
    };
    if covers(Kind::Customers) {
        let listed: HashSet<String> = plan
            .records
            .customers
            .iter()
            .filter(|c| c.profile)
            .map(|c| key(&c.tenant_id))
            .collect();
        for c in ws.customers_of_partner(importer) {
            let Some(c) = ws.customer(&c) else { continue };
            let resold = ws.relationships_of_customer(&c.id).any(|r| {
                r.partner_id == *importer
                    && r.kind == RelationshipKind::Reseller
                    && r.status.is_in_force()
            });
            if let Some(external) = &c.external_id
                && resold
                && !listed.contains(&key(external))
            {
                note("customer", &c.id, external);
            }
        }
    }
    if covers(Kind::Subscriptions) {
        let listed: HashSet<String> = plan
            .records
            .subscriptions
            .iter()
            .map(|s| key(&s.id))
            .collect();
        for s in ws.subscriptions() {
            let mine =
                s.partner_of_record == *importer || s.billing_partner.as_ref() == Some(importer);
            if let Some(external) = &s.external_id
                && mine
                && !listed.contains(&key(external))
            {
                note("subscription", &s.id, external);
            }
        }
    }
    if covers(Kind::DelegatedAdminRelationships) {
        let listed: HashSet<String> = plan
            .records
            .relationships
            .iter()
            .map(|r| key(&r.id))
            .chain(
                plan.left_out
                    .iter()
                    .filter(|l| l.kind == "relationship")
                    .map(|l| key(&l.key)),
            )
            .collect();
        for r in ws.relationships_of_partner(importer) {
            if let Some(external) = &r.external_id
                && r.kind == RelationshipKind::Gdap
                && !r.status.is_ended()
                && !listed.contains(&key(external))
            {
                note("relationship", &r.id, external);
            }
        }
    }
    if covers(Kind::AccessAssignments) {
        // Assignment listings are per relationship: only the relationships they list are compared.
        let listings: HashSet<String> = plan
            .records
            .assignments
            .iter()
            .map(|a| key(&a.relationship_id))
            .collect();
        let listed: HashSet<String> = plan
            .records
            .assignments
            .iter()
            .map(|a| key(&a.id))
            .collect();
        for r in ws.relationships_of_partner(importer) {
            let graph_id = key(r.external_id.as_deref().unwrap_or(r.id.as_str()));
            if !listings.contains(&graph_id) {
                continue;
            }
            for a in ws.assignments_of_relationship(&r.id) {
                if let Some(external) = &a.external_id
                    && a.status.is_live()
                    && !listed.contains(&key(external))
                {
                    note("accessAssignment", &a.id, external);
                }
            }
        }
    }
    out
}
