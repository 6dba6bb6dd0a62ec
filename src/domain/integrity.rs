//! Rules about facts, checked record by record: references exist (WS1), partners of record resell
//! (WS2), dates are ordered (WS3), and the GDAP, MP6 and IV rules that a stored record can break.
//! `check` runs them over a whole workspace (on load); `apply` runs them on the records an
//! action touched, so one action costs what it touches, not the size of the workspace.

use super::catalogue::RuleId;
use super::diagnostics::Diagnostic;
use super::duration::MAX_GDAP_DAYS;
use super::facts::Facts;
use super::records::*;
use super::roles::GLOBAL_ADMINISTRATOR;
use crate::tables::id::Id;

pub const MAX_GDAP_NAME_CHARS: usize = 50;

/// Where a finding is, `kind/id`: spelled out only when there is a finding (a check of a
/// million records makes millions of these and reports almost none).
#[derive(Clone, Copy)]
struct At<'a> {
    kind: &'static str,
    id: &'a Id,
}

impl std::fmt::Display for At<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.kind, self.id)
    }
}

impl From<At<'_>> for String {
    fn from(at: At<'_>) -> String {
        at.to_string()
    }
}

fn path<'a>(kind: &'static str, id: &'a Id) -> At<'a> {
    At { kind, id }
}

fn require_partner<F: Facts + ?Sized>(
    ws: &F,
    at: At<'_>,
    id: &Id,
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    if ws.partner(id).is_none() {
        out.push(Diagnostic::new(
            RuleId::WS1,
            at,
            format!("{what} `{id}` is not a partner in this workspace"),
        ));
    }
}

fn require_customer<F: Facts + ?Sized>(ws: &F, at: At<'_>, id: &Id, out: &mut Vec<Diagnostic>) {
    if ws.customer(id).is_none() {
        out.push(Diagnostic::new(
            RuleId::WS1,
            at,
            format!("customer `{id}` is not a customer in this workspace"),
        ));
    }
}

fn require_text(at: At<'_>, field: &str, value: &str, out: &mut Vec<Diagnostic>) {
    if value.trim().is_empty() {
        out.push(Diagnostic::new(
            RuleId::WS1,
            at,
            format!("{at} has an empty {field}"),
        ));
    }
}

pub fn check_partner<F: Facts + ?Sized>(ws: &F, partner: &Partner, out: &mut Vec<Diagnostic>) {
    let at = path("partners", &partner.id);
    require_text(at, "id", partner.id.as_str(), out);
    require_text(at, "displayName", &partner.display_name, out);
    for provider in &partner.providers {
        match ws.partner(provider) {
            None => require_partner(ws, at, provider, "provider", out),
            Some(p) if p.billing_model != BillingModel::IndirectProvider => out.push(Diagnostic::new(
                RuleId::IV4,
                at,
                format!("{} lists {} as its provider, but {} is a {} partner, not an indirect provider", partner.display_name, p.display_name, p.display_name, p.billing_model.label()),
            )),
            Some(_) => {}
        }
    }
    if !partner.providers.is_empty() && partner.billing_model != BillingModel::IndirectReseller {
        out.push(Diagnostic::new(
            RuleId::IV4,
            at,
            format!(
                "{} lists providers but is a {} partner; only indirect resellers have providers",
                partner.display_name,
                partner.billing_model.label()
            ),
        ));
    }
}

pub fn check_customer<F: Facts + ?Sized>(_ws: &F, customer: &Customer, out: &mut Vec<Diagnostic>) {
    let at = path("customers", &customer.id);
    require_text(at, "id", customer.id.as_str(), out);
    require_text(at, "displayName", &customer.display_name, out);
    require_text(at, "tenantId", &customer.tenant_id, out);
}

fn mp6<F: Facts + ?Sized>(ws: &F, at: At<'_>, customer: &Customer, partner: &Id) -> Diagnostic {
    let partner = ws
        .partner(partner)
        .map_or(partner.as_str(), |p| &p.display_name);
    Diagnostic::new(
        RuleId::MP6,
        at,
        format!(
            "{} is itself a CSP partner; a CSP partner cannot resell to another CSP partner ({} resells to it)",
            customer.display_name, partner
        ),
    )
}

pub fn check_subscription<F: Facts + ?Sized>(
    ws: &F,
    sub: &Subscription,
    out: &mut Vec<Diagnostic>,
) {
    let at = path("subscriptions", &sub.id);
    require_customer(ws, at, &sub.customer_id, out);
    require_partner(ws, at, &sub.partner_of_record, "partner of record", out);
    if let Some(billing) = &sub.billing_partner {
        require_partner(ws, at, billing, "billing partner", out);
    }
    if !ws.ever_resold(&sub.customer_id, &sub.partner_of_record)
        && ws.partner(&sub.partner_of_record).is_some()
    {
        out.push(Diagnostic::new(
            RuleId::WS2,
            at,
            format!(
                "partner of record `{}` has never held a reseller relationship with customer `{}`",
                sub.partner_of_record, sub.customer_id
            ),
        ));
    }
}

pub fn check_relationship<F: Facts + ?Sized>(ws: &F, r: &Relationship, out: &mut Vec<Diagnostic>) {
    let at = path("relationships", &r.id);
    require_partner(ws, at, &r.partner_id, "partner", out);
    require_customer(ws, at, &r.customer_id, out);
    if let Some(via) = &r.via_partner_id {
        require_partner(ws, at, via, "partner", out);
    }
    if let Some(invitation) = &r.invitation_id
        && ws.invitation(invitation).is_none()
    {
        out.push(Diagnostic::new(
            RuleId::WS1,
            at,
            format!("invitation `{invitation}` does not exist"),
        ));
    }
    if let (Some(start), Some(end)) = (r.start_date_time, r.end_date_time)
        && end < start
    {
        out.push(Diagnostic::new(
            RuleId::WS3,
            at,
            format!(
                "relationship {} ends ({end}) before it starts ({start})",
                r.id
            ),
        ));
    }
    if let Some(end) = r.end_date_time
        && end < r.created_date_time
    {
        out.push(Diagnostic::new(
            RuleId::WS3,
            at,
            format!(
                "relationship {} ends ({end}) before it was created ({})",
                r.id, r.created_date_time
            ),
        ));
    }
    if r.kind == RelationshipKind::Reseller
        && r.status.is_in_force()
        && let Some(customer) = ws.customer(&r.customer_id)
    {
        if customer.is_csp_partner {
            out.push(mp6(ws, at, customer, &r.partner_id));
        } else if ws
            .partner(&r.partner_id)
            .is_some_and(|p| p.tenant_id.eq_ignore_ascii_case(&customer.tenant_id))
        {
            out.push(Diagnostic::new(
                RuleId::MP6,
                at,
                format!(
                    "{} is the partner's own tenant; a partner cannot resell to itself",
                    customer.display_name
                ),
            ));
        }
    }
    match (&r.kind, &r.gdap) {
        (RelationshipKind::Gdap, None) => out.push(Diagnostic::new(
            RuleId::GD3,
            at,
            "a GDAP relationship needs its roles, duration and display name",
        )),
        (RelationshipKind::Gdap, Some(gdap)) => check_gdap(ws, r, gdap, at, out),
        (_, Some(_)) => out.push(Diagnostic::new(
            RuleId::GD3,
            at,
            format!("a {} relationship carries no GDAP roles", r.kind.label()),
        )),
        (_, None) => {}
    }
}

fn check_gdap<F: Facts + ?Sized>(
    ws: &F,
    r: &Relationship,
    gdap: &GdapDetails,
    at: At<'_>,
    out: &mut Vec<Diagnostic>,
) {
    if gdap.duration.0 == 0 || gdap.duration.0 > MAX_GDAP_DAYS {
        out.push(Diagnostic::new(
            RuleId::GD1,
            at,
            format!("duration {} is outside P1D..P730D", gdap.duration),
        ));
    }
    if gdap.auto_extend_duration.is_on()
        && gdap
            .roles
            .iter()
            .any(|role| role.eq_ignore_ascii_case(GLOBAL_ADMINISTRATOR))
    {
        out.push(Diagnostic::new(
            RuleId::GD2,
            at,
            "auto-extend is not allowed when the roles include Global Administrator",
        ));
    }
    if gdap.roles.is_empty() {
        out.push(Diagnostic::new(
            RuleId::GD3,
            at,
            "a GDAP relationship grants at least one role",
        ));
    }
    let name_chars = gdap.display_name.chars().count();
    if gdap.display_name.trim().is_empty() || name_chars > MAX_GDAP_NAME_CHARS {
        out.push(Diagnostic::new(
            RuleId::GD6,
            at,
            format!("display name must be 1-50 characters, not {name_chars}"),
        ));
    }
    if let Some(other) = ws.gdap_name_taken(r) {
        out.push(Diagnostic::new(
            RuleId::GD6,
            at,
            format!(
                "display name \"{}\" is already used by the partner's relationship {}",
                gdap.display_name, other
            ),
        ));
    }
}

pub fn check_invitation<F: Facts + ?Sized>(ws: &F, inv: &Invitation, out: &mut Vec<Diagnostic>) {
    let at = path("invitations", &inv.id);
    require_partner(ws, at, &inv.partner_id, "partner", out);
    require_customer(ws, at, &inv.customer_id, out);
    if inv.expires_date_time < inv.created_date_time {
        out.push(Diagnostic::new(
            RuleId::WS3,
            at,
            format!(
                "invitation {} expires ({}) before it was created ({})",
                inv.id, inv.expires_date_time, inv.created_date_time
            ),
        ));
    }
    if let Some(via) = &inv.via_provider_id {
        match (ws.partner(via), ws.partner(&inv.partner_id)) {
            (None, _) => require_partner(ws, at, via, "provider", out),
            // IV4 holds when the invitation is sent and while it is open; an answered one is
            // history, and the reseller's authorizations may change after it.
            (Some(provider), Some(reseller))
                if inv.status == InvitationStatus::Pending && !reseller.providers.contains(via) =>
            {
                out.push(Diagnostic::new(
                    RuleId::IV4,
                    at,
                    format!(
                        "{} is not authorized by {} to invite on its behalf",
                        reseller.display_name, provider.display_name
                    ),
                ))
            }
            _ => {}
        }
    }
    match (&inv.kind, &inv.relationship_id) {
        (InvitationKind::Gdap, Some(rel)) => match ws.relationship(rel) {
            None => out.push(Diagnostic::new(
                RuleId::WS1,
                at,
                format!("relationship `{rel}` does not exist"),
            )),
            Some(r) if r.kind != RelationshipKind::Gdap => out.push(Diagnostic::new(
                RuleId::WS1,
                at,
                format!("relationship `{rel}` is not a GDAP relationship"),
            )),
            Some(_) => {}
        },
        (InvitationKind::Gdap, None) => out.push(Diagnostic::new(
            RuleId::WS1,
            at,
            "a GDAP invitation names the relationship awaiting approval",
        )),
        _ => {}
    }
    if inv.status == InvitationStatus::Pending {
        if inv.kind != InvitationKind::Gdap
            && let Some(customer) = ws.customer(&inv.customer_id)
            && customer.is_csp_partner
        {
            out.push(mp6(ws, at, customer, &inv.partner_id));
        }
        if let Some(twin) = ws.pending_twin(inv) {
            out.push(Diagnostic::new(
                RuleId::IV3,
                at,
                format!("invitation {twin} already asks the same customer for the same thing"),
            ));
        }
    }
}

pub fn check_assignment<F: Facts + ?Sized>(
    ws: &F,
    a: &AccessAssignment,
    out: &mut Vec<Diagnostic>,
) {
    let at = path("accessAssignments", &a.id);
    let Some(r) = ws.relationship(&a.relationship_id) else {
        out.push(Diagnostic::new(
            RuleId::WS1,
            at,
            format!("relationship `{}` does not exist", a.relationship_id),
        ));
        return;
    };
    let Some(gdap) = &r.gdap else {
        out.push(Diagnostic::new(
            RuleId::GD4,
            at,
            format!("relationship `{}` is not a GDAP relationship", r.id),
        ));
        return;
    };
    if a.status == AssignmentStatus::Active {
        for role in &a.roles {
            if !gdap
                .roles
                .iter()
                .any(|granted| granted.eq_ignore_ascii_case(role))
            {
                out.push(Diagnostic::new(
                    RuleId::GD4,
                    at,
                    format!(
                        "role {} is not granted by relationship {}",
                        super::roles::role_name(role),
                        r.id
                    ),
                ));
            }
        }
        if a.roles.is_empty() {
            out.push(Diagnostic::new(
                RuleId::GD4,
                at,
                "an access assignment gives at least one role",
            ));
        }
    }
}
