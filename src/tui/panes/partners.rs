//! The Partners pane: name, Partner ID, billing model, specialties and number of customers. The
//! detail lists its customers and relationships, pending invitations, and its providers (for an
//! indirect reseller) or resellers (for an indirect provider).

use super::columns::{Cells, Column, fixed, name, number, text};
use super::customers::relationship_summary;
use super::detail::Detail;
use super::names::{customer_name, partner_name};
use super::target::Target;
use crate::display::inert;
use crate::domain::{Id, InvitationStatus, Time};
use crate::workspace::Workspace;

pub const COLUMNS: &[Column] = &[
    name("Name", 60),
    fixed("Partner ID", 12),
    fixed("Billing", 18),
    text("Specialties", 60),
    number("Customers", 9),
];

fn specialties(ws: &Workspace, id: &Id) -> String {
    ws.partner(id)
        .map(|p| {
            p.specialties
                .iter()
                .map(|s| s.label())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

pub fn cells(ws: &Workspace, id: &Id) -> Cells {
    let Some(p) = ws.partner(id) else {
        return Cells::new(vec![id.to_string()]);
    };
    Cells::new(vec![
        inert(&p.display_name).into_owned(),
        inert(&p.partner_id).into_owned(),
        p.billing_model.label().to_string(),
        specialties(ws, id),
        ws.customers_of_partner(id).len().to_string(),
    ])
}

pub fn detail(ws: &Workspace, now: Time, id: &Id, d: &mut Detail) {
    let Some(p) = ws.partner(id) else {
        d.dim(format!("partner {id} is not in the workspace"));
        return;
    };
    d.heading(&inert(&p.display_name));
    d.field("Partner ID", &p.partner_id);
    d.field("Billing", p.billing_model.label());
    d.field("Specialties", &specialties(ws, id));
    d.field("Tenant", &p.tenant_id);
    d.field("Id", p.id.as_str());
    if let Some(source) = &p.source {
        super::names::provenance_fields(ws, source, d);
    }

    if !p.providers.is_empty() {
        d.heading("Indirect providers");
        for provider in &p.providers {
            d.link(
                &partner_name(ws, provider),
                "authorizes this reseller".into(),
                Target::Partner(provider.clone()),
            );
        }
    }
    let resellers = ws.resellers_of_provider(id);
    if !resellers.is_empty() {
        d.heading(&format!("Indirect resellers ({})", resellers.len()));
        for r in resellers {
            d.link(
                &inert(&r.display_name),
                String::new(),
                Target::Partner(r.id.clone()),
            );
        }
    }

    let customers = ws.customers_of_partner(id);
    d.heading(&format!("Customers ({})", customers.len()));
    if customers.is_empty() {
        d.dim("no relationship in force".into());
    }
    for customer in &customers {
        d.link(
            &customer_name(ws, customer),
            String::new(),
            Target::Customer(customer.clone()),
        );
        for r in ws
            .relationships_of_partner(id)
            .filter(|r| r.customer_id == *customer)
        {
            d.sublink(
                r.kind.label(),
                relationship_summary(ws, r, now),
                Target::Relationship(r.id.clone()),
            );
        }
    }

    let ended: Vec<_> = ws
        .relationships_of_partner(id)
        .filter(|r| !customers.contains(&r.customer_id))
        .collect();
    if !ended.is_empty() {
        d.heading(&format!("Other relationships ({})", ended.len()));
        for r in ended {
            let rest = format!("{} · {}", r.kind.label(), relationship_summary(ws, r, now));
            d.link(
                &customer_name(ws, &r.customer_id),
                rest,
                Target::Relationship(r.id.clone()),
            );
        }
    }

    let pending: Vec<_> = ws
        .invitations_of_partner(id)
        .filter(|i| i.status == InvitationStatus::Pending)
        .collect();
    d.heading(&format!("Pending invitations ({})", pending.len()));
    if pending.is_empty() {
        d.dim("none".into());
    }
    for i in pending {
        d.link(
            &format!(
                "{} to {}",
                i.kind.label(),
                customer_name(ws, &i.customer_id)
            ),
            format!("{} · expires {}", i.id, i.expires_date_time.date()),
            Target::Invitation(i.id.clone()),
        );
    }
}
