//! Loading a large workspace builds its indexes and checks it side by side (`from_file_checked`):
//! the result must be exactly what building it and then checking it gives, findings included.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use partnerdesk::domain::{Id, Time};
use partnerdesk::synth::{Spec, generate};
use partnerdesk::workspace::format::CheckedFile;
use partnerdesk::workspace::{Workspace, check};

fn spec(customers: usize) -> Spec {
    Spec {
        customers,
        partners: Spec::default_partners(customers),
        seed: 7,
        now: Time::parse("2026-11-24T09:00:00Z").unwrap(),
    }
}

/// Indexes answer the same questions (relationships, subscriptions, invitations and partners of
/// a customer; customers of a partner) for every customer and partner.
fn assert_same_indexes(a: &Workspace, b: &Workspace) {
    assert_eq!(a.counts(), b.counts());
    for c in a.customers() {
        let id = &c.id;
        let rels = |ws: &Workspace| {
            ws.relationships_of_customer(id)
                .map(|r| r.id.clone())
                .collect::<Vec<_>>()
        };
        let subs = |ws: &Workspace| {
            ws.subscriptions_of_customer(id)
                .map(|s| s.id.clone())
                .collect::<Vec<_>>()
        };
        let invs = |ws: &Workspace| {
            ws.invitations_of_customer(id)
                .map(|i| i.id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(rels(a), rels(b));
        assert_eq!(subs(a), subs(b));
        assert_eq!(invs(a), invs(b));
        assert_eq!(a.partners_of_customer(id), b.partners_of_customer(id));
    }
    for p in a.partners() {
        let id = &p.id;
        let rels = |ws: &Workspace| {
            ws.relationships_of_partner(id)
                .map(|r| r.id.clone())
                .collect::<Vec<_>>()
        };
        let invs = |ws: &Workspace| {
            ws.invitations_of_partner(id)
                .map(|i| i.id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(rels(a), rels(b));
        assert_eq!(invs(a), invs(b));
        assert_eq!(a.customers_of_partner(id), b.customers_of_partner(id));
    }
    let far = Time::parse("2030-01-01T00:00:00Z").unwrap();
    assert_eq!(
        a.pending_invitations_due(far),
        b.pending_invitations_due(far)
    );
    assert_eq!(a.gdap_deadlines_due(far), b.gdap_deadlines_due(far));
}

#[test]
fn building_and_checking_side_by_side_equals_building_then_checking() {
    // Large enough that the indexes are built on other threads than the check.
    let file = generate(&spec(8_000));
    assert!(
        file.relationships.len() >= 20_000,
        "exercise the threaded path"
    );
    let (one_by_one, left_out) = Workspace::from_file(file.clone());
    let expected = check(&one_by_one);
    let (together, left_out_too, found) = Workspace::from_file_checked(file);
    assert_eq!(left_out_too, left_out);
    assert_eq!(found, expected);
    assert!(
        found.is_empty(),
        "a generated workspace is clean: {found:?}"
    );
    assert_same_indexes(&together, &one_by_one);
}

#[test]
fn findings_and_left_out_twins_are_the_same_side_by_side() {
    let mut file = generate(&spec(8_000));
    // A dangling customer, a dangling partner of record, and a twin id.
    file.subscriptions[3].customer_id = Id::new("no-such-customer");
    file.subscriptions[10].partner_of_record = Id::new("no-such-partner");
    let twin = file.relationships[5].clone();
    file.relationships.push(twin);
    let (one_by_one, left_out) = Workspace::from_file(file.clone());
    let expected = check(&one_by_one);
    let (together, left_out_too, found) = Workspace::from_file_checked(file);
    assert_eq!(left_out_too, left_out);
    assert_eq!(left_out.len(), 1, "{left_out:?}");
    assert_eq!(found, expected);
    assert!(found.len() >= 2, "{found:?}");
    assert_same_indexes(&together, &one_by_one);
}

#[test]
fn checking_a_file_without_its_indexes_finds_what_checking_the_workspace_finds() {
    for damaged in [false, true] {
        let mut file = generate(&spec(8_000));
        if damaged {
            file.relationships[7].customer_id = Id::new("gone");
            file.invitations[2].partner_id = Id::new("gone-too");
            let twin = file.customers[4].clone();
            file.customers.push(twin);
        }
        let (ws, left_out) = Workspace::from_file(file.clone());
        let checked = CheckedFile::of(file);
        assert_eq!(checked.counts, ws.counts());
        assert_eq!(checked.left_out, left_out);
        assert_eq!(checked.findings, check(&ws));
        assert_eq!(checked.findings.is_empty(), !damaged);
    }
}

/// Every finding `integrity` makes record by record over the workspace's own lookups, in
/// record-kind order: what `check` must report, however it shares the work.
fn record_by_record(ws: &Workspace) -> Vec<partnerdesk::domain::Diagnostic> {
    use partnerdesk::domain::integrity::*;
    let mut out = Vec::new();
    ws.partners().for_each(|p| check_partner(ws, p, &mut out));
    ws.customers().for_each(|c| check_customer(ws, c, &mut out));
    ws.subscriptions()
        .for_each(|s| check_subscription(ws, s, &mut out));
    ws.relationships()
        .for_each(|r| check_relationship(ws, r, &mut out));
    ws.invitations()
        .for_each(|i| check_invitation(ws, i, &mut out));
    ws.assignments()
        .for_each(|a| check_assignment(ws, a, &mut out));
    out
}

#[test]
fn checking_on_two_threads_reports_what_checking_record_by_record_reports_in_order() {
    let mut file = generate(&spec(8_000));
    assert!(
        file.relationships.len() >= 20_000,
        "exercise the threaded path"
    );
    // Problems in both halves of several kinds, so each thread has findings to contribute.
    for at in [1, file.subscriptions.len() - 2] {
        file.subscriptions[at].customer_id = Id::new(format!("gone-{at}"));
    }
    for at in [
        3,
        file.relationships.len() / 2 + 1,
        file.relationships.len() - 1,
    ] {
        file.relationships[at].partner_id = Id::new(format!("gone-{at}"));
    }
    let last_invitation = file.invitations.len() - 1;
    file.invitations[last_invitation].customer_id = Id::new("gone-invitation");
    file.customers[0].display_name = " ".into();
    // GD6: three GDAP relationships of one partner named alike (case aside), far apart.
    let gdap: Vec<usize> = (0..file.relationships.len())
        .filter(|&at| file.relationships[at].gdap.is_some())
        .collect();
    let (first, middle, last) = (gdap[2], gdap[gdap.len() / 2], gdap[gdap.len() - 3]);
    let partner = file.relationships[first].partner_id.clone();
    for (at, name) in [
        (first, "Shared Name"),
        (middle, "SHARED name"),
        (last, "shared NAME"),
    ] {
        file.relationships[at].partner_id = partner.clone();
        if let Some(details) = file.relationships[at].gdap.as_mut() {
            details.display_name = name.into();
        }
    }
    // WS2 through a reseller relationship that names a missing customer: a subscription of
    // that same missing customer with that partner was resold, one with another was not.
    let reseller = (0..file.relationships.len())
        .find(|&at| file.relationships[at].kind == partnerdesk::domain::RelationshipKind::Reseller)
        .unwrap();
    file.relationships[reseller].customer_id = Id::new("gone-reseller-customer");
    let reseller_partner = file.relationships[reseller].partner_id.clone();
    file.subscriptions[5].customer_id = Id::new("gone-reseller-customer");
    file.subscriptions[5].partner_of_record = reseller_partner;
    file.subscriptions[6].customer_id = Id::new("gone-reseller-customer");
    let (ws, _) = Workspace::from_file(file);
    let expected = record_by_record(&ws);
    let gd6 = expected
        .iter()
        .filter(|d| d.rule == partnerdesk::domain::RuleId::GD6);
    assert_eq!(gd6.count(), 3, "{expected:?}");
    assert!(expected.len() >= 12, "{expected:?}");
    assert_eq!(check(&ws), expected);
}
