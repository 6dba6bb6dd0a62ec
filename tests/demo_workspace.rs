//! The embedded demo workspace (`assets/demo.json`) and the promises it makes: it loads without a
//! single finding, shows every status the product knows, stays put when opened, follows the day it
//! is opened, and leaves room for a live demo (a pending invitation to accept, a customer nobody has
//! invited yet, a CSP-partner customer that nobody may resell to).

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};

use partnerdesk::domain::duration::AutoExtend;
use partnerdesk::domain::lifecycle::{dap_retired, ending_soon, is_microsoft_led_transition};
use partnerdesk::domain::roles::{GLOBAL_ADMINISTRATOR, find_role};
use partnerdesk::domain::*;
use partnerdesk::store::{DEMO_JSON, demo_workspace, parse_workspace, to_json};
use partnerdesk::workspace::{Workspace, check};

fn demo() -> Workspace {
    let (ws, diagnostics) = parse_workspace(DEMO_JSON.as_bytes()).expect("the demo parses");
    assert!(
        diagnostics.is_empty(),
        "the demo has findings: {diagnostics:#?}"
    );
    ws
}

fn as_of(ws: &Workspace) -> Time {
    ws.meta()
        .as_of
        .expect("the demo names the moment it describes (asOf)")
}

fn id(text: &str) -> Id {
    Id::new(text)
}

fn partner_count(ws: &Workspace, customer: &Id) -> usize {
    ws.partners_of_customer(customer).len()
}

fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups.iter().all(|g| {
            g.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        })
}

fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !text.starts_with('-')
        && !text.ends_with('-')
}

#[test]
fn demo_passes_check_without_findings() {
    let (ws, diagnostics) = parse_workspace(DEMO_JSON.as_bytes()).expect("the demo parses");
    assert!(
        diagnostics.is_empty(),
        "the demo has findings: {diagnostics:#?}"
    );
    assert!(check(&ws).is_empty());
    assert_eq!(ws.meta().name, "Contoso CSP demo");
    assert_eq!(
        ws.meta().as_of,
        Some(Time::parse("2026-11-24T09:00:00Z").unwrap())
    );
}

#[test]
fn demo_file_is_exactly_what_partnerdesk_would_save() {
    // Records in id order, fields in the order partnerdesk writes them: saving the demo unchanged
    // gives the same file, so a diff after `demo --write` and an edit shows only the edit.
    let ws = demo();
    let saved = String::from_utf8(to_json(&ws)).expect("UTF-8");
    if saved != DEMO_JSON {
        if std::env::var_os("PARTNERDESK_BLESS_DEMO").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo.json");
            std::fs::write(path, &saved).expect("assets/demo.json is writable");
            return;
        }
        let line = saved
            .lines()
            .zip(DEMO_JSON.lines())
            .position(|(a, b)| a != b)
            .map_or(0, |n| n + 1);
        panic!(
            "assets/demo.json is not in the form partnerdesk saves; first difference at line {line}; \
             to rewrite it so: PARTNERDESK_BLESS_DEMO=1 cargo test --test demo_workspace"
        );
    }
}

#[test]
fn demo_resaves_byte_identically() {
    let ws = demo();
    let first = to_json(&ws);
    let (again, diagnostics) = parse_workspace(&first).expect("a saved demo parses");
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    assert_eq!(to_json(&again), first, "re-saving the demo changes bytes");

    let moved = demo_workspace(Time::parse("2027-06-01T09:00:00Z").unwrap());
    let bytes = to_json(&moved);
    let (again, diagnostics) = parse_workspace(&bytes).expect("a moved demo parses");
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    assert_eq!(
        to_json(&again),
        bytes,
        "re-saving a moved demo changes bytes"
    );
}

#[test]
fn demo_has_twelve_customers_in_four_countries() {
    let ws = demo();
    assert!(
        ws.customers().len() >= 12,
        "only {} customers",
        ws.customers().len()
    );
    let countries: BTreeSet<&str> = ws.customers().map(|c| c.country.as_str()).collect();
    assert!(countries.len() >= 4, "only countries {countries:?}");
    for c in ws.customers() {
        assert!(
            c.country.len() == 2 && c.country.chars().all(|ch| ch.is_ascii_uppercase()),
            "{}: country `{}` is not ISO 3166 alpha-2",
            c.id,
            c.country
        );
        assert!(
            c.domain.ends_with(".onmicrosoft.com"),
            "{}: domain {}",
            c.id,
            c.domain
        );
    }
}

#[test]
fn demo_shows_a_customer_name_in_wide_characters() {
    let ws = demo();
    let wide = ws.customers().find(|c| {
        c.display_name
            .chars()
            .any(|ch| ('\u{3040}'..='\u{9fff}').contains(&ch))
    });
    assert!(wide.is_some(), "no customer name with CJK characters");
}

#[test]
fn demo_ids_are_readable_and_tenants_look_real() {
    let ws = demo();
    let mut tenants = BTreeSet::new();
    for p in ws.partners() {
        assert!(
            is_slug(p.id.as_str()),
            "partner id `{}` is not a readable slug",
            p.id
        );
        assert!(
            is_guid(&p.tenant_id),
            "{}: tenant id {} is not a GUID",
            p.id,
            p.tenant_id
        );
        assert!(
            (6..=7).contains(&p.partner_id.len())
                && p.partner_id.chars().all(|c| c.is_ascii_digit()),
            "{}: Partner ID {} is not a 6-7 digit number",
            p.id,
            p.partner_id
        );
        assert!(
            tenants.insert(p.tenant_id.clone()),
            "tenant {} is used twice",
            p.tenant_id
        );
    }
    for c in ws.customers() {
        assert!(
            is_slug(c.id.as_str()),
            "customer id `{}` is not a readable slug",
            c.id
        );
        assert!(
            is_guid(&c.tenant_id),
            "{}: tenant id {} is not a GUID",
            c.id,
            c.tenant_id
        );
        assert!(
            tenants.insert(c.tenant_id.clone()),
            "tenant {} is used twice",
            c.tenant_id
        );
    }
    for a in ws.assignments() {
        assert!(
            is_guid(&a.security_group_id),
            "{}: group {} is not a GUID",
            a.id,
            a.security_group_id
        );
    }
}

#[test]
fn demo_next_serial_is_above_every_numbered_id() {
    let ws = demo();
    let next = ws.meta().next_serial;
    let numbered = ws
        .subscriptions()
        .map(|r| &r.id)
        .chain(ws.relationships().map(|r| &r.id))
        .chain(ws.invitations().map(|r| &r.id))
        .chain(ws.assignments().map(|r| &r.id));
    for record in numbered {
        let serial = record
            .as_str()
            .rsplit('-')
            .next()
            .and_then(|n| n.parse::<u64>().ok());
        if let Some(serial) = serial {
            assert!(serial < next, "{record} is not below nextSerial {next}");
        }
    }
}

#[test]
fn demo_covers_all_three_billing_models() {
    let ws = demo();
    assert!(
        (6..=7).contains(&ws.partners().len()),
        "{} partners",
        ws.partners().len()
    );
    let models: BTreeSet<BillingModel> = ws.partners().map(|p| p.billing_model).collect();
    assert_eq!(
        models,
        BTreeSet::from([
            BillingModel::DirectBill,
            BillingModel::IndirectProvider,
            BillingModel::IndirectReseller
        ])
    );
    for p in ws.partners() {
        assert!(!p.specialties.is_empty(), "{} lists no specialty", p.id);
        if p.billing_model == BillingModel::IndirectReseller {
            assert!(
                !p.providers.is_empty(),
                "{} is an indirect reseller without providers",
                p.id
            );
            for provider in &p.providers {
                assert_eq!(
                    ws.partner(provider).map(|q| q.billing_model),
                    Some(BillingModel::IndirectProvider)
                );
            }
        }
    }
    assert!(
        ws.partners().any(|p| p.providers.len() >= 2),
        "no indirect reseller works with two providers"
    );
}

#[test]
fn demo_subscriptions_come_from_several_partners_of_record() {
    let ws = demo();
    let sellers: BTreeSet<&Id> = ws.subscriptions().map(|s| &s.partner_of_record).collect();
    assert!(
        sellers.len() >= 4,
        "only {} partners of record",
        sellers.len()
    );
    for s in ws.subscriptions() {
        let seller = ws
            .partner(&s.partner_of_record)
            .expect("partner of record exists");
        let resold = ws
            .relationships_of_customer(&s.customer_id)
            .any(|r| r.kind == RelationshipKind::Reseller && r.partner_id == seller.id);
        assert!(
            resold,
            "{}: {} never resold to {} (WS2)",
            s.id, seller.id, s.customer_id
        );
        if seller.billing_model == BillingModel::IndirectReseller {
            let billing = s
                .billing_partner
                .as_ref()
                .expect("an indirect reseller's subscription has a billing partner");
            assert!(
                seller.providers.contains(billing),
                "{}: billed by {billing}, not a provider of {}",
                s.id,
                seller.id
            );
        } else {
            assert_eq!(
                s.billing_partner, None,
                "{}: only the indirect model has a billing partner",
                s.id
            );
        }
    }
    let statuses: BTreeSet<SubscriptionStatus> = ws.subscriptions().map(|s| s.status).collect();
    assert!(statuses.contains(&SubscriptionStatus::Active));
    assert!(statuses.contains(&SubscriptionStatus::Suspended));
    // A partner that once resold and has let go: its suspended subscription stays (RS1, WS2 "held").
    let held_only = ws.subscriptions().any(|s| {
        !ws.relationships_of_customer(&s.customer_id).any(|r| {
            r.kind == RelationshipKind::Reseller
                && r.partner_id == s.partner_of_record
                && r.status.is_in_force()
        })
    });
    assert!(
        held_only,
        "no subscription of a partner whose reseller relationship has ended"
    );
}

#[test]
fn demo_has_invitations_in_every_status() {
    let ws = demo();
    let statuses: BTreeSet<InvitationStatus> = ws.invitations().map(|i| i.status).collect();
    assert_eq!(statuses, BTreeSet::from(InvitationStatus::ALL));
    let kinds: BTreeSet<InvitationKind> = ws.invitations().map(|i| i.kind).collect();
    assert_eq!(
        kinds,
        BTreeSet::from([
            InvitationKind::Reseller,
            InvitationKind::ResellerAndDelegatedAdmin,
            InvitationKind::Gdap
        ])
    );
    let pending = ws
        .invitations()
        .filter(|i| i.status == InvitationStatus::Pending)
        .count();
    assert!(pending >= 3, "only {pending} pending invitations");
    assert!(
        ws.invitations()
            .any(|i| i.status == InvitationStatus::Pending && i.via_provider_id.is_some()),
        "no pending invitation from an indirect reseller on behalf of its provider (IV4)"
    );
}

#[test]
fn demo_pending_invitations_are_still_open_and_answered_ones_are_resolved() {
    let ws = demo();
    let now = as_of(&ws);
    for i in ws.invitations() {
        assert!(i.created_date_time <= now, "{} is created after asOf", i.id);
        assert_eq!(
            i.expires_date_time,
            i.created_date_time.plus_days(90),
            "{}: invitations stay open 90 days",
            i.id
        );
        match i.status {
            InvitationStatus::Pending => {
                assert!(
                    i.expires_date_time > now,
                    "{} is pending but already past its expiry",
                    i.id
                );
                assert_eq!(
                    i.resolved_date_time, None,
                    "{} is pending but resolved",
                    i.id
                );
            }
            InvitationStatus::Expired => {
                assert!(
                    i.expires_date_time <= now,
                    "{} expired before its expiry",
                    i.id
                );
                assert_eq!(i.resolved_date_time, Some(i.expires_date_time), "{}", i.id);
            }
            _ => {
                let resolved = i
                    .resolved_date_time
                    .expect("an answered invitation says when");
                assert!(
                    i.created_date_time <= resolved && resolved <= now,
                    "{}: answered at {resolved}",
                    i.id
                );
                assert!(
                    resolved < i.expires_date_time,
                    "{} was answered after it expired",
                    i.id
                );
            }
        }
    }
}

#[test]
fn demo_invitations_and_relationships_point_at_each_other() {
    let ws = demo();
    for i in ws.invitations() {
        let origin_of: Vec<&Relationship> = ws
            .relationships()
            .filter(|r| r.invitation_id.as_ref() == Some(&i.id))
            .collect();
        if i.kind == InvitationKind::Gdap {
            let rel = ws
                .relationship(
                    i.relationship_id
                        .as_ref()
                        .expect("a GDAP invitation names its relationship"),
                )
                .unwrap();
            assert_eq!(
                rel.invitation_id.as_ref(),
                Some(&i.id),
                "{} does not point back at {}",
                rel.id,
                i.id
            );
            assert_eq!(
                (&rel.partner_id, &rel.customer_id),
                (&i.partner_id, &i.customer_id),
                "{}",
                i.id
            );
            let expected: &[RelationshipStatus] = match i.status {
                InvitationStatus::Pending => &[RelationshipStatus::ApprovalPending],
                InvitationStatus::Declined | InvitationStatus::Revoked => {
                    &[RelationshipStatus::Terminated]
                }
                InvitationStatus::Expired => &[RelationshipStatus::Expired],
                InvitationStatus::Accepted => &[
                    RelationshipStatus::Approved,
                    RelationshipStatus::Activating,
                    RelationshipStatus::Active,
                    RelationshipStatus::Expiring,
                    RelationshipStatus::Expired,
                    RelationshipStatus::TerminationRequested,
                    RelationshipStatus::Terminating,
                    RelationshipStatus::Terminated,
                ],
            };
            assert!(
                expected.contains(&rel.status),
                "{} is {:?} but its relationship is {:?}",
                i.id,
                i.status,
                rel.status
            );
        } else if i.status == InvitationStatus::Accepted {
            let kinds: BTreeSet<RelationshipKind> = origin_of.iter().map(|r| r.kind).collect();
            for granted in i.kind.grants() {
                assert!(
                    kinds.contains(granted),
                    "accepted {} created no {granted:?} relationship",
                    i.id
                );
            }
            if let Some(provider) = &i.via_provider_id {
                assert!(
                    origin_of
                        .iter()
                        .any(|r| r.partner_id == *provider && r.kind == RelationshipKind::Reseller),
                    "accepted {} gave its provider no relationship (IV4)",
                    i.id
                );
            }
        } else {
            assert!(
                origin_of.is_empty(),
                "{} is {:?} yet created relationships",
                i.id,
                i.status
            );
        }
    }
}

#[test]
fn demo_has_gdap_relationships_in_every_status() {
    let ws = demo();
    let statuses: BTreeSet<RelationshipStatus> = ws
        .relationships()
        .filter(|r| r.kind == RelationshipKind::Gdap)
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses, BTreeSet::from(RelationshipStatus::ALL));
}

#[test]
fn demo_gdap_relationships_follow_the_graph_rules() {
    let ws = demo();
    let mut names: BTreeMap<(&Id, String), &Id> = BTreeMap::new();
    for r in ws
        .relationships()
        .filter(|r| r.kind == RelationshipKind::Gdap)
    {
        let g = r.gdap.as_ref().expect("GDAP details");
        assert!(
            (1..=50).contains(&g.display_name.chars().count()),
            "{}: name too long",
            r.id
        );
        if let Some(other) = names.insert((&r.partner_id, g.display_name.to_lowercase()), &r.id) {
            panic!(
                "{} and {other} share the name {:?} (GD6)",
                r.id, g.display_name
            );
        }
        assert!(
            (1..=730).contains(&g.duration.0),
            "{}: duration {}",
            r.id,
            g.duration
        );
        assert!(!g.roles.is_empty(), "{}: no roles", r.id);
        for role in &g.roles {
            let known = find_role(role)
                .unwrap_or_else(|| panic!("{}: {role} is not a built-in role", r.id));
            assert_eq!(
                &known.template_id, role,
                "{}: roles are stored as template ids",
                r.id
            );
        }
        if g.roles.iter().any(|role| role == GLOBAL_ADMINISTRATOR) {
            assert!(
                !g.auto_extend_duration.is_on(),
                "{}: Global Administrator with auto-extend (GD2)",
                r.id
            );
        }
        let first = r.history.first().expect("a GDAP relationship has history");
        assert_eq!(
            first.status,
            RelationshipStatus::Created,
            "{}: history starts when created",
            r.id
        );
        assert_eq!(first.at, r.created_date_time, "{}", r.id);
        assert_eq!(
            r.history.last().unwrap().status,
            r.status,
            "{}: history ends in its status",
            r.id
        );
        assert!(
            r.history.windows(2).all(|w| w[0].at <= w[1].at),
            "{}: history out of order",
            r.id
        );
    }
    assert!(
        ws.relationships().any(|r| r
            .gdap
            .as_ref()
            .is_some_and(|g| g.roles.iter().any(|role| role == GLOBAL_ADMINISTRATOR))),
        "no GDAP relationship asks for Global Administrator"
    );
}

#[test]
fn demo_has_an_active_relationship_ending_within_thirty_days_and_it_can_be_auto_extended() {
    let ws = demo();
    let now = as_of(&ws);
    let ending: Vec<&Relationship> = ws
        .relationships()
        .filter(|r| ending_soon(r, now).is_some())
        .collect();
    assert!(!ending.is_empty(), "no relationship ends within 30 days");
    for r in &ending {
        assert_eq!(r.status, RelationshipStatus::Active, "{}", r.id);
        let left = r.days_left(now).expect("an end date");
        assert!((1..=30).contains(&left), "{} ends in {left} days", r.id);
    }
    // What Microsoft asks partners to do for a relationship ending soon is allowed.
    let r = ending
        .iter()
        .find(|r| {
            r.gdap
                .as_ref()
                .is_some_and(|g| !g.auto_extend_duration.is_on())
        })
        .expect("one ending soon without auto-extend");
    let on = Action::SetAutoExtend {
        relationship_id: r.id.clone(),
        auto_extend_duration: AutoExtend::P180D,
    };
    apply(&ws, &Actor::Partner(r.partner_id.clone()), &on, now)
        .expect("auto-extension can be turned on in the last 30 days");
}

#[test]
fn demo_expiring_relationships_have_passed_their_end_date() {
    let ws = demo();
    let now = as_of(&ws);
    let expiring: Vec<&Relationship> = ws
        .relationships()
        .filter(|r| r.status == RelationshipStatus::Expiring)
        .collect();
    assert!(!expiring.is_empty(), "no expiring relationship");
    for r in expiring {
        let end = r.end_date_time.expect("an end date");
        assert!(end <= now, "{} is expiring before its end ({end})", r.id);
    }
}

#[test]
fn demo_active_gdap_relationships_have_not_reached_their_end() {
    let ws = demo();
    let now = as_of(&ws);
    for r in ws
        .relationships()
        .filter(|r| r.kind == RelationshipKind::Gdap && r.status == RelationshipStatus::Active)
    {
        let left = r
            .days_left(now)
            .expect("an active GDAP relationship has an end");
        assert!(left >= 1, "{} is active with {left} days left", r.id);
        assert!(
            r.start_date_time.is_some_and(|start| start <= now),
            "{}: starts in the future",
            r.id
        );
    }
    let extended = ws.relationships().any(|r| {
        r.history.iter().any(|h| {
            h.note
                .as_deref()
                .is_some_and(|n| n.starts_with("auto-extended"))
        })
    });
    assert!(
        extended,
        "no relationship shows an auto-extension in its history"
    );
}

#[test]
fn demo_keeps_dap_as_history_from_before_its_retirement() {
    let ws = demo();
    let retired = dap_retired();
    for r in ws
        .relationships()
        .filter(|r| r.kind == RelationshipKind::DelegatedAdmin)
    {
        assert!(
            r.created_date_time < retired,
            "{}: DAP made after retirement",
            r.id
        );
    }
    for i in ws
        .invitations()
        .filter(|i| i.kind == InvitationKind::ResellerAndDelegatedAdmin)
    {
        assert!(
            i.created_date_time < retired,
            "{}: DAP asked after retirement",
            i.id
        );
        assert_ne!(i.status, InvitationStatus::Pending, "{}", i.id);
    }
    assert!(
        ws.relationships().any(|r| r
            .gdap
            .as_ref()
            .is_some_and(|g| is_microsoft_led_transition(&g.display_name))),
        "no relationship of the Microsoft-led transition (MLT_...)"
    );
}

#[test]
fn demo_has_reseller_and_dap_relationships_in_force_and_ended() {
    let ws = demo();
    for kind in [RelationshipKind::Reseller, RelationshipKind::DelegatedAdmin] {
        let statuses: BTreeSet<RelationshipStatus> = ws
            .relationships()
            .filter(|r| r.kind == kind)
            .map(|r| r.status)
            .collect();
        assert!(
            statuses.contains(&RelationshipStatus::Active),
            "no active {kind:?} relationship"
        );
        assert!(
            statuses.contains(&RelationshipStatus::Terminated),
            "no terminated {kind:?} relationship"
        );
        assert!(
            statuses.iter().all(|s| matches!(
                s,
                RelationshipStatus::Active | RelationshipStatus::Terminated
            )),
            "{kind:?} relationships use only active and terminated: {statuses:?}"
        );
    }
}

#[test]
fn demo_has_access_assignments_within_their_relationships_roles() {
    let ws = demo();
    let mut deleted = 0;
    let mut active = 0;
    for a in ws.assignments() {
        let r = ws
            .relationship(&a.relationship_id)
            .expect("its relationship");
        let roles = &r.gdap.as_ref().expect("a GDAP relationship").roles;
        assert!(
            a.roles.iter().all(|role| roles.contains(role)),
            "{}: roles beyond {} (GD4)",
            a.id,
            r.id
        );
        match a.status {
            AssignmentStatus::Active => {
                active += 1;
                assert!(
                    r.status.is_in_force(),
                    "{} is active on {} which is {:?}",
                    a.id,
                    r.id,
                    r.status
                );
            }
            AssignmentStatus::Deleted => deleted += 1,
            other => panic!("{}: the demo has no {} assignment", a.id, other.label()),
        }
        assert!(
            a.security_group_name.is_some(),
            "{} names its security group",
            a.id
        );
    }
    assert!(active >= 2, "{active} active access assignments");
    assert!(deleted >= 1, "no deleted access assignment");
}

#[test]
fn demo_has_a_customer_that_is_a_csp_partner() {
    let ws = demo();
    let csp: Vec<&Customer> = ws.customers().filter(|c| c.is_csp_partner).collect();
    assert!(!csp.is_empty(), "no customer tenant is a CSP partner");
    let now = as_of(&ws);
    for c in csp {
        assert!(
            !ws.relationships_of_customer(&c.id)
                .any(|r| r.kind == RelationshipKind::Reseller),
            "{} is a CSP partner yet has a reseller relationship (MP6)",
            c.id
        );
        assert!(
            !ws.invitations_of_customer(&c.id)
                .any(|i| i.kind != InvitationKind::Gdap),
            "{} is a CSP partner yet was invited to a reseller relationship",
            c.id
        );
        // Trying it in a demo shows the rule.
        let invite = Action::Invite {
            customer_id: c.id.clone(),
            kind: InvitationKind::Reseller,
            via_provider_id: None,
            gdap: None,
            draft: false,
            for_reseller: None,
        };
        let refusal =
            apply(&ws, &Actor::Partner(id("relecloud")), &invite, now).expect_err("MP6 refuses");
        assert_eq!(refusal.rule, RuleId::MP6, "{refusal:?}");
    }
}

#[test]
fn demo_has_customers_with_one_two_and_three_partners() {
    let ws = demo();
    let counts: BTreeSet<usize> = ws.customers().map(|c| partner_count(&ws, &c.id)).collect();
    for wanted in [1, 2, 3] {
        assert!(
            counts.contains(&wanted),
            "no customer with exactly {wanted} partner(s): {counts:?}"
        );
    }
    assert!(
        counts.iter().any(|&n| n >= 4),
        "no customer with four or more partners: {counts:?}"
    );
}

#[test]
fn demo_every_pending_invitation_can_be_accepted_by_its_customer() {
    let ws = demo();
    let now = as_of(&ws);
    let pending: Vec<&Invitation> = ws
        .invitations()
        .filter(|i| i.status == InvitationStatus::Pending)
        .collect();
    for i in pending {
        let before = partner_count(&ws, &i.customer_id);
        let accept = Action::Accept {
            invitation_id: i.id.clone(),
        };
        // A provider's GDAP request for its reseller waits for the reseller's consent (IV6).
        let mut ws = ws.clone();
        if let Some(r) = i.relationship_id.as_ref().and_then(|r| ws.relationship(r))
            && r.partner_consent_pending
        {
            let approve = Action::ResellerApprove {
                relationship_id: r.id.clone(),
            };
            let before_consent = apply(&ws, &Actor::Customer(i.customer_id.clone()), &accept, now)
                .expect_err("the customer answers after the reseller");
            assert_eq!(before_consent.rule, RuleId::IV6);
            ws = apply(&ws, &Actor::Partner(r.partner_id.clone()), &approve, now)
                .expect("the reseller approves")
                .workspace;
        }
        let applied = apply(&ws, &Actor::Customer(i.customer_id.clone()), &accept, now)
            .unwrap_or_else(|refusal| panic!("{} cannot be accepted: {refusal:?}", i.id));
        let after = applied.workspace.partners_of_customer(&i.customer_id);
        assert!(
            after.contains(&i.partner_id),
            "accepting {} did not add {}",
            i.id,
            i.partner_id
        );
        assert!(
            after.len() >= before,
            "accepting {} removed a partner (MP1)",
            i.id
        );
        assert!(
            check(&applied.workspace).is_empty(),
            "accepting {} leaves findings",
            i.id
        );
    }
}

#[test]
fn demo_adding_a_second_partner_by_invitation_works() {
    // The showcase: a customer with one partner accepts a direct-bill partner's reseller invitation.
    let ws = demo();
    let now = as_of(&ws);
    let showcase = ws
        .invitations()
        .find(|i| {
            i.status == InvitationStatus::Pending
                && i.kind == InvitationKind::Reseller
                && ws.partner(&i.partner_id).is_some_and(|p| p.billing_model == BillingModel::DirectBill)
                && partner_count(&ws, &i.customer_id) == 1
        })
        .expect("a pending reseller invitation from a direct-bill partner to a customer with one partner");
    let subscriptions_before: Vec<Subscription> = ws
        .subscriptions_of_customer(&showcase.customer_id)
        .cloned()
        .collect();
    let accept = Action::Accept {
        invitation_id: showcase.id.clone(),
    };
    let applied = apply(
        &ws,
        &Actor::Customer(showcase.customer_id.clone()),
        &accept,
        now,
    )
    .expect("accepted");
    assert_eq!(partner_count(&applied.workspace, &showcase.customer_id), 2);
    let subscriptions_after: Vec<Subscription> = applied
        .workspace
        .subscriptions_of_customer(&showcase.customer_id)
        .cloned()
        .collect();
    assert_eq!(
        subscriptions_before, subscriptions_after,
        "MP2-MP5: existing subscriptions untouched"
    );
}

#[test]
fn demo_has_a_customer_a_direct_bill_partner_can_invite_from_scratch() {
    let ws = demo();
    let now = as_of(&ws);
    let direct: Vec<&Partner> = ws
        .partners()
        .filter(|p| p.billing_model == BillingModel::DirectBill)
        .collect();
    let (partner, customer) = direct
        .iter()
        .flat_map(|p| ws.customers().map(move |c| (*p, c)))
        .find(|(p, c)| {
            !c.is_csp_partner
                && !ws
                    .invitations_of_customer(&c.id)
                    .any(|i| i.partner_id == p.id)
                && !ws
                    .relationships_of_customer(&c.id)
                    .any(|r| r.partner_id == p.id)
                && ws.relationships_of_customer(&c.id).next().is_none()
        })
        .expect(
            "a customer with no relationship at all that a direct-bill partner has never invited",
        );
    let invite = Action::Invite {
        customer_id: customer.id.clone(),
        kind: InvitationKind::Reseller,
        via_provider_id: None,
        gdap: None,
        draft: false,
        for_reseller: None,
    };
    let invited = apply(&ws, &Actor::Partner(partner.id.clone()), &invite, now)
        .expect("the invitation is allowed");
    let new = invited
        .workspace
        .invitations_of_customer(&customer.id)
        .find(|i| i.partner_id == partner.id && i.status == InvitationStatus::Pending)
        .expect("a pending invitation")
        .id
        .clone();
    assert!(
        ws.invitation(&new).is_none(),
        "the new invitation's id {new} was already in the demo"
    );
    let accept = Action::Accept { invitation_id: new };
    let accepted = apply(
        &invited.workspace,
        &Actor::Customer(customer.id.clone()),
        &accept,
        now,
    )
    .expect("accepted");
    assert_eq!(
        accepted.workspace.partners_of_customer(&customer.id),
        vec![partner.id.clone()]
    );
}

#[test]
fn demo_dates_never_run_ahead_of_its_date() {
    let ws = demo();
    let now = as_of(&ws);
    for s in ws.subscriptions() {
        assert!(s.created_date_time <= now, "{}", s.id);
    }
    for a in ws.assignments() {
        assert!(a.created_date_time <= now, "{}", a.id);
        let r = ws.relationship(&a.relationship_id).unwrap();
        assert!(
            r.start_date_time
                .is_some_and(|start| start <= a.created_date_time),
            "{} predates {}",
            a.id,
            r.id
        );
    }
    for r in ws.relationships() {
        assert!(r.created_date_time <= now, "{}", r.id);
        assert!(
            r.start_date_time
                .is_none_or(|start| r.created_date_time <= start && start <= now),
            "{}",
            r.id
        );
        assert!(
            r.history
                .iter()
                .all(|h| h.at <= now && h.at >= r.created_date_time),
            "{}",
            r.id
        );
        if r.status.is_ended() {
            assert!(
                r.end_date_time.is_some_and(|end| end <= now),
                "{} ended without a past end",
                r.id
            );
        }
    }
    let audit: Vec<&AuditEntry> = ws.audit().collect();
    assert!(!audit.is_empty(), "the demo shows an audit trail");
    for (n, entry) in audit.iter().enumerate() {
        assert_eq!(entry.seq, n as u64 + 1);
        assert!(entry.at <= now);
    }
    assert!(
        audit.windows(2).all(|w| w[0].at <= w[1].at),
        "audit out of order"
    );
}

#[test]
fn demo_is_stable_when_time_passes_at_its_own_date() {
    let ws = demo();
    let now = as_of(&ws);
    // Opened at any moment of the day: the demo is moved by whole days, so up to a day later.
    for later in [now, now.plus_seconds(12 * 3600), now.plus_seconds(86_399)] {
        let applied = apply(&ws, &Actor::Operator, &Action::PassTime, later).expect("time passes");
        assert!(
            applied.is_noop(),
            "passing time at {later} changes the demo: {:#?}",
            applied.events
        );
    }
}

#[test]
fn demo_dates_follow_the_day_it_is_opened() {
    let today = Time::parse("2027-06-01T09:00:00Z").unwrap();
    let ws = demo_workspace(today);
    assert_eq!(ws.meta().as_of, Some(today));
    assert!(check(&ws).is_empty(), "{:#?}", check(&ws));
    let open = ws
        .invitations()
        .filter(|i| i.status == InvitationStatus::Pending && i.expires_date_time > today)
        .count();
    assert!(open >= 3, "only {open} pending invitations still open");
    let soon = ws
        .relationships()
        .filter(|r| r.kind == RelationshipKind::Gdap)
        .filter_map(|r| r.days_left(today))
        .any(|left| (0..=30).contains(&left));
    assert!(
        soon,
        "no GDAP relationship ending within 30 days of the day it is opened"
    );
    let applied = apply(&ws, &Actor::Operator, &Action::PassTime, today).expect("time passes");
    assert!(
        applied.is_noop(),
        "the moved demo is not stable: {:#?}",
        applied.events
    );

    // The same records, every date moved by the same whole number of days.
    let original = demo();
    let shift = as_of(&original).days_until(today);
    // History from before DAP's retirement stays before it (DP1).
    let moved = |t: Time| {
        if t >= dap_retired() {
            t.plus_days(shift)
        } else {
            t
        }
    };
    for (a, b) in original.invitations().zip(ws.invitations()) {
        assert_eq!(a.id, b.id);
        assert_eq!(moved(a.created_date_time), b.created_date_time);
        assert_eq!(moved(a.expires_date_time), b.expires_date_time);
    }
    for (a, b) in original.relationships().zip(ws.relationships()) {
        assert_eq!(a.end_date_time.map(moved), b.end_date_time, "{}", a.id);
    }
    assert!(
        ws.invitations()
            .any(|i| i.kind == InvitationKind::ResellerAndDelegatedAdmin
                && i.created_date_time < dap_retired()),
        "the seed's reseller + DAP invitations stay before DAP's retirement"
    );
}

/// Every `YYYY-MM-DD` in a text, as dates.
fn dates_in(text: &str) -> Vec<jiff::civil::Date> {
    text.char_indices()
        .filter_map(|(i, _)| text.get(i..i + 10)?.parse::<jiff::civil::Date>().ok())
        .collect()
}

#[test]
fn dates_written_in_the_demo_history_move_with_the_day_it_is_opened() {
    let seed = demo();
    let day = as_of(&seed);
    let later = day.plus_days(100);
    let texts = |ws: &Workspace| -> Vec<String> {
        let notes = ws.relationships().flat_map(|r| {
            r.history
                .iter()
                .filter_map(|c| c.note.as_deref().map(str::to_string))
        });
        notes.chain(ws.audit().map(|e| e.summary.clone())).collect()
    };
    let (on_day, on_later) = (texts(&demo_workspace(day)), texts(&demo_workspace(later)));
    assert_eq!(on_day.len(), on_later.len());
    let mut moved = 0;
    for (a, b) in on_day.iter().zip(&on_later) {
        let (a_dates, b_dates) = (dates_in(a), dates_in(b));
        assert_eq!(a_dates.len(), b_dates.len(), "{a} / {b}");
        for (x, y) in a_dates.iter().zip(&b_dates) {
            if *x >= jiff::tz::Offset::UTC.to_datetime(dap_retired().0).date() {
                assert_eq!(
                    x.checked_add(jiff::Span::new().days(100)).unwrap(),
                    *y,
                    "{a} / {b}"
                );
                moved += 1;
            }
        }
    }
    assert!(moved > 0, "the demo history writes some dates in its texts");
    // An auto-extension's note names the end it extended the relationship to.
    let ws = demo_workspace(later);
    let extended = ws
        .relationships()
        .find_map(|r| {
            let note = r.history.iter().rev().find_map(|c| {
                c.note
                    .as_deref()
                    .filter(|n| n.starts_with("auto-extended by P180D to"))
            })?;
            Some((r, note.to_string()))
        })
        .expect("the demo has an auto-extended relationship");
    let end = extended.0.end_date_time.expect("an end date").date();
    assert!(extended.1.ends_with(&end), "{} ends {end}", extended.1);
}
