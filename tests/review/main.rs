//! Review: each finding rule fires where it should and not where it should not (boundaries
//! included: 30 vs 31 days, N vs N+1 partners), and a finding's proposed fix, applied through
//! the core, removes that finding and brings none more severe.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod findings;
mod fix_property;

use partnerdesk::domain::duration::{AutoExtend, DurationDays};
use partnerdesk::domain::review::{Finding, Settings, Severity, review};
use partnerdesk::domain::roles::find_role;
use partnerdesk::domain::templates::built_in;
use partnerdesk::domain::*;
use partnerdesk::workspace::Workspace;
use proptest::prelude::*;

const NOW: &str = "2026-11-24T09:00:00Z";
const GLOBAL_ADMIN: &str = "Global Administrator";
const HELPDESK_ADMIN: &str = "Helpdesk Administrator";
const DIRECTORY_READERS: &str = "Directory Readers";
const EXCHANGE_ADMIN: &str = "Exchange Administrator";
const USER_ADMIN: &str = "User Administrator";
/// A role with a path to Global Administrator's control (the catalogue's `tenantControl`).
const PRIVILEGED_ROLE_ADMIN: &str = "Privileged Role Administrator";

fn now() -> Time {
    Time::parse(NOW).unwrap()
}

fn partners() -> [&'static str; 4] {
    ["p1", "p2", "p3", "p4"]
}

/// Four direct-bill partners and two customers, nothing between them.
fn world() -> Workspace {
    let mut ws = Workspace::default();
    for (n, id) in partners().iter().enumerate() {
        ws.put_partner(Partner {
            id: Id::new(id),
            display_name: format!("Partner {id}").as_str().into(),
            partner_id: format!("{}", 4_800_000 + n),
            tenant_id: format!("11111111-0000-4000-8000-00000000000{n}"),
            billing_model: BillingModel::DirectBill,
            specialties: Vec::new(),
            providers: Vec::new(),
            source: None,
        });
    }
    for (n, id) in ["c1", "c2"].iter().enumerate() {
        ws.put_customer(Customer {
            id: Id::new(id),
            tenant_id: format!("22222222-0000-4000-8000-00000000000{n}"),
            display_name: format!("Customer {id}").as_str().into(),
            domain: format!("{id}.onmicrosoft.com"),
            country: "US".into(),
            is_csp_partner: false,
            source: None,
            external_id: None,
        });
    }
    ws
}

fn role_ids(names: &[&str]) -> Vec<Text> {
    names
        .iter()
        .map(|n| find_role(n).unwrap().template_id.as_str().into())
        .collect()
}

fn relationship(
    id: &str,
    kind: RelationshipKind,
    partner: &str,
    customer: &str,
    status: RelationshipStatus,
) -> Relationship {
    Relationship {
        id: Id::new(id),
        kind,
        partner_id: Id::new(partner),
        customer_id: Id::new(customer),
        status,
        created_date_time: now().plus_days(-400),
        start_date_time: Some(now().plus_days(-400)),
        end_date_time: None,
        via_partner_id: None,
        invitation_id: None,
        gdap: None,
        partner_consent_pending: false,
        history: Default::default(),
        source: None,
        etag: None,
        external_id: None,
    }
}

/// A GDAP relationship ending `end_in_days` from now.
fn gdap(
    id: &str,
    partner: &str,
    customer: &str,
    roles: &[&str],
    status: RelationshipStatus,
    end_in_days: i64,
    auto_extend: bool,
) -> Relationship {
    let mut r = relationship(id, RelationshipKind::Gdap, partner, customer, status);
    r.end_date_time = Some(now().plus_days(end_in_days));
    r.start_date_time = Some(now().plus_days(end_in_days - 730));
    r.created_date_time = now().plus_days(end_in_days - 730);
    r.gdap = Some(Box::new(GdapDetails {
        display_name: format!("{id} name").as_str().into(),
        roles: role_ids(roles),
        duration: DurationDays(730),
        auto_extend_duration: AutoExtend::from_flag(auto_extend),
    }));
    r
}

fn reseller(id: &str, partner: &str, customer: &str) -> Relationship {
    relationship(
        id,
        RelationshipKind::Reseller,
        partner,
        customer,
        RelationshipStatus::Active,
    )
}

fn assignment(id: &str, relationship: &str, roles: &[&str]) -> AccessAssignment {
    AccessAssignment {
        id: Id::new(id),
        relationship_id: Id::new(relationship),
        security_group_id: "a6e17000-0000-4000-8000-000000000001".into(),
        security_group_name: None,
        roles: role_ids(roles),
        status: AssignmentStatus::Active,
        created_date_time: now().plus_days(-100),
        source: None,
        etag: None,
        external_id: None,
    }
}

fn findings_at(ws: &Workspace, at: Time) -> Vec<Finding> {
    review(ws, built_in(), &Settings::default(), at)
}

fn findings(ws: &Workspace) -> Vec<Finding> {
    findings_at(ws, now())
}

/// The finding `rule:record`, if the review gives it.
fn finding(ws: &Workspace, rule: &str, record: &str) -> Option<Finding> {
    findings(ws)
        .into_iter()
        .find(|f| f.id() == format!("{rule}:{record}"))
}

/// `r` with a reseller relationship and an access assignment beside it: only what `r` itself
/// brings can be found.
fn with_basics(r: Relationship) -> Workspace {
    let mut ws = world();
    ws.put_assignment(assignment("asg-1", r.id.as_str(), &[DIRECTORY_READERS]));
    ws.put_relationship(reseller(
        "res-1",
        r.partner_id.as_str(),
        r.customer_id.as_str(),
    ));
    ws.put_relationship(r);
    ws
}

fn active(id: &str, roles: &[&str], end_in_days: i64, auto_extend: bool) -> Relationship {
    gdap(
        id,
        "p1",
        "c1",
        roles,
        RelationshipStatus::Active,
        end_in_days,
        auto_extend,
    )
}
