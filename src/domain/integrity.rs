//! Rules about facts, checked record by record: references exist (WS1), partners of record resell
//! (WS2), dates are ordered (WS3), identities are unique and well-formed (ID1–ID3), the audit
//! trail moves forward (TM1), and the GDAP, MP6 and IV rules that a stored record can break.
//! `check` runs them over a whole workspace (on load); `apply` runs them on the records an
//! action touched, so one action costs what it touches, not the size of the workspace. Where an
//! action's handler checks the same rule first, both call the rule's one home in `rules`.

use super::audit::AuditEntry;
use super::catalogue::{Refusal, RuleId};
use super::diagnostics::Diagnostic;
use super::facts::Facts;
use super::records::*;
use super::rules::{audit, gdap as gdap_rules, identity, invitations, multi_partner, references};
use super::time::Time;
use crate::tables::id::Id;

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

/// Reports a rule's refusal as a finding at `at`.
fn report(out: &mut Vec<Diagnostic>, at: At<'_>, verdict: Result<(), Refusal>) {
    if let Err(refusal) = verdict {
        out.push(Diagnostic::new(refusal.rule, at, refusal.reason));
    }
}

fn require_partner<F: Facts + ?Sized>(
    ws: &F,
    at: At<'_>,
    id: &Id,
    role: &str,
    out: &mut Vec<Diagnostic>,
) {
    if ws.partner(id).is_none() {
        report(out, at, Err(references::unknown(role, "partner", id)));
    }
}

fn require_customer<F: Facts + ?Sized>(ws: &F, at: At<'_>, id: &Id, out: &mut Vec<Diagnostic>) {
    if ws.customer(id).is_none() {
        report(
            out,
            at,
            Err(references::unknown("customer", "customer", id)),
        );
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
            Some(p) => report(out, at, invitations::provider_listed(partner, p)),
        }
    }
    report(out, at, invitations::may_list_providers(partner));
    report(out, at, invitations::reseller_names_a_provider(partner));
    let name = &partner.display_name;
    let tenant = &partner.tenant_id;
    report(
        out,
        at,
        identity::stored_guid("partner", name, "tenant id", tenant),
    );
    report(
        out,
        at,
        identity::partner_id_digits(name, &partner.partner_id),
    );
    if let Some(other) = ws.partner_tenant_twin(partner) {
        let taken = identity::tenant_taken("partner", name, tenant, &other);
        report(out, at, Err(taken));
    }
    if let Some(other) = ws.partner_id_twin(partner) {
        let taken = identity::partner_id_taken(name, &partner.partner_id, &other);
        report(out, at, Err(taken));
    }
}

pub fn check_customer<F: Facts + ?Sized>(ws: &F, customer: &Customer, out: &mut Vec<Diagnostic>) {
    let at = path("customers", &customer.id);
    require_text(at, "id", customer.id.as_str(), out);
    require_text(at, "displayName", &customer.display_name, out);
    let name = &customer.display_name;
    let tenant = &customer.tenant_id;
    if tenant.trim().is_empty() {
        require_text(at, "tenantId", tenant, out);
    } else {
        let well_formed = identity::stored_guid("customer", name, "tenant id", tenant);
        report(out, at, well_formed);
    }
    report(out, at, identity::stored_country(name, &customer.country));
    if let Some(other) = ws.customer_tenant_twin(customer) {
        let taken = identity::tenant_taken("customer", name, tenant, &other);
        report(out, at, Err(taken));
    }
    if let Some(other) = ws.customer_domain_twin(customer) {
        let taken = identity::domain_taken(name, &customer.domain, &other);
        report(out, at, Err(taken));
    }
}

/// MP6 for a reseller link between `customer` and the partner `partner` (named by its id when
/// it is missing, which WS1 reports on its own).
fn may_resell<F: Facts + ?Sized>(ws: &F, customer: &Customer, partner: &Id) -> Result<(), Refusal> {
    match ws.partner(partner) {
        Some(p) => multi_partner::may_resell(customer, &p.display_name, Some(&p.tenant_id)),
        None => multi_partner::may_resell(customer, partner.as_str(), None),
    }
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
        report(
            out,
            at,
            Err(references::unknown("invitation", "invitation", invitation)),
        );
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
        report(out, at, may_resell(ws, customer, &r.partner_id));
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
    report(out, at, gdap_rules::duration_in_range(gdap.duration));
    report(
        out,
        at,
        gdap_rules::auto_extend_allowed(gdap.auto_extend_duration, &gdap.roles),
    );
    report(out, at, gdap_rules::grants_a_role(&gdap.roles));
    report(out, at, gdap_rules::name_length(&gdap.display_name));
    if let Some(other) = ws.gdap_name_taken(r) {
        let partner = ws
            .partner(&r.partner_id)
            .map_or(r.partner_id.as_str(), |p| &p.display_name);
        let taken = gdap_rules::name_taken(partner, &gdap.display_name, &other);
        report(out, at, Err(taken));
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
            (Some(provider), Some(reseller)) if inv.status == InvitationStatus::Pending => report(
                out,
                at,
                invitations::provider_authorizes(provider, reseller),
            ),
            _ => {}
        }
    }
    match (&inv.kind, &inv.relationship_id) {
        (InvitationKind::Gdap, Some(rel)) => match ws.relationship(rel) {
            None => report(
                out,
                at,
                Err(references::unknown("relationship", "relationship", rel)),
            ),
            Some(r) if r.kind != RelationshipKind::Gdap => {
                report(out, at, Err(gdap_rules::not_gdap(RuleId::WS1, r)))
            }
            Some(_) => {}
        },
        (InvitationKind::Gdap, None) => {
            report(out, at, Err(invitations::names_no_request(&inv.id)))
        }
        _ => {}
    }
    if inv.status == InvitationStatus::Pending {
        if inv.kind != InvitationKind::Gdap
            && let Some(customer) = ws.customer(&inv.customer_id)
        {
            report(out, at, may_resell(ws, customer, &inv.partner_id));
        }
        // IV3 concerns reseller requests: several GDAP requests differ by name (GD6).
        if inv.kind != InvitationKind::Gdap
            && let Some(twin) = ws.pending_twin(inv)
        {
            let partner = ws
                .partner(&inv.partner_id)
                .map_or(inv.partner_id.as_str(), |p| &p.display_name);
            let customer = ws
                .customer(&inv.customer_id)
                .map_or(inv.customer_id.as_str(), |c| &c.display_name);
            let twin = invitations::pending_twin(partner, inv.kind, &twin, customer);
            report(out, at, Err(twin));
        }
    }
}

pub fn check_assignment<F: Facts + ?Sized>(
    ws: &F,
    a: &AccessAssignment,
    out: &mut Vec<Diagnostic>,
) {
    let at = path("accessAssignments", &a.id);
    let group = &a.security_group_id;
    let well_formed = identity::stored_guid(
        "access assignment",
        a.id.as_str(),
        "security group id",
        group,
    );
    report(out, at, well_formed);
    let Some(r) = ws.relationship(&a.relationship_id) else {
        let unknown = references::unknown("relationship", "relationship", &a.relationship_id);
        return report(out, at, Err(unknown));
    };
    let Some(gdap) = &r.gdap else {
        return report(out, at, Err(gdap_rules::not_gdap(RuleId::GD4, r)));
    };
    if a.status.is_live() {
        for role in &a.roles {
            report(out, at, gdap_rules::assignable(role, &r.id, &gdap.roles));
        }
        report(out, at, gdap_rules::assignment_gives_a_role(&a.roles));
    }
}

/// TM1 over a stored audit trail: no entry is dated before an entry before it.
pub fn check_audit<'a>(entries: impl Iterator<Item = &'a AuditEntry>, out: &mut Vec<Diagnostic>) {
    let mut latest: Option<Time> = None;
    for entry in entries {
        if let Some(previous) = latest
            && let Err(refusal) = audit::entry_in_order(entry.seq, previous, entry.at)
        {
            let at = format!("audit/{}", entry.seq);
            out.push(Diagnostic::new(refusal.rule, at, refusal.reason));
        }
        latest = Some(latest.map_or(entry.at, |previous| previous.max(entry.at)));
    }
}
