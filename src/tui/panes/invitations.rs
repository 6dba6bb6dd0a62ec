//! The Invitations pane: kind, partner, customer, status, created and expires, newest first,
//! filterable by status (`f`). The detail shows both parties, the provider for an indirect
//! reseller's invitation, and the GDAP relationship awaiting approval.

use super::columns::{Cells, Column, fixed, name};
use super::detail::Detail;
use super::names::{customer_name, partner_name};
use super::target::Target;
use crate::domain::Id;
use crate::workspace::Workspace;

pub const COLUMNS: &[Column] = &[
    fixed("Kind", 14),
    name("Partner", 60),
    name("Customer", 60),
    fixed("Status", 10),
    fixed("Created", 10),
    fixed("Expires", 10),
];

pub fn cells(ws: &Workspace, id: &Id) -> Cells {
    let Some(i) = ws.invitation(id) else {
        return Cells::new(vec![id.to_string()]);
    };
    Cells::new(vec![
        i.kind.label().to_string(),
        partner_name(ws, &i.partner_id),
        customer_name(ws, &i.customer_id),
        i.status.label().to_string(),
        i.created_date_time.date().to_string(),
        i.expires_date_time.date().to_string(),
    ])
}

pub fn detail(ws: &Workspace, id: &Id, d: &mut Detail) {
    let Some(i) = ws.invitation(id) else {
        d.dim(format!("invitation {id} is not in the workspace"));
        return;
    };
    d.heading(&format!("Invitation {}", i.id));
    d.field("Kind", i.kind.label());
    d.field("Status", i.status.label());
    d.field("Created", &i.created_date_time.date());
    d.field("Expires", &i.expires_date_time.date());
    if let Some(at) = i.resolved_date_time {
        d.field("Resolved", &at.date());
    }
    d.heading("Parties");
    d.link(
        &partner_name(ws, &i.partner_id),
        "invites (only it can revoke)".into(),
        Target::Partner(i.partner_id.clone()),
    );
    d.link(
        &customer_name(ws, &i.customer_id),
        "is invited (only it can accept or decline)".into(),
        Target::Customer(i.customer_id.clone()),
    );
    if let Some(provider) = &i.via_provider_id {
        d.link(
            &partner_name(ws, provider),
            "indirect provider (IV4)".into(),
            Target::Partner(provider.clone()),
        );
    }
    if let Some(rel) = &i.relationship_id {
        d.heading("GDAP relationship");
        let status = ws.relationship(rel).map_or("missing", |r| r.status.label());
        d.link(
            rel.as_str(),
            status.to_string(),
            Target::Relationship(rel.clone()),
        );
    }
    d.heading("Grants on acceptance");
    let kinds: Vec<&str> = i.kind.grants().iter().map(|k| k.label()).collect();
    d.text(kinds.join(", "));
}
