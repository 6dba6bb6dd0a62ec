//! `workspace::review_workspace` cuts the review in two shares run side by side on a large
//! workspace: the findings must be exactly the one-thread review's, in the same order, whatever
//! the order the relationships of one customer come in.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use partnerdesk::domain::review::{Settings, Severity, renewal_name, review};
use partnerdesk::domain::templates::built_in;
use partnerdesk::domain::{
    Action, Actor, GdapRequest, InvitationKind, RelationshipStatus, Time, apply,
};
use partnerdesk::synth::{Spec, generate};
use partnerdesk::workspace::{Workspace, review_workspace};

fn now() -> Time {
    Time::parse("2026-11-24T09:00:00Z").unwrap()
}

fn generated(customers: usize) -> Workspace {
    let file = generate(&Spec {
        customers,
        partners: Spec::default_partners(customers),
        seed: 11,
        now: now(),
    });
    assert!(
        file.relationships.len() >= 20_000,
        "large enough for the two-thread path"
    );
    Workspace::from_file(file).0
}

#[test]
fn two_shares_find_what_one_pass_finds_in_the_same_order() {
    let ws = generated(6_000);
    let settings = Settings::default();
    let one = review(&ws, built_in(), &settings, now());
    let two = review_workspace(&ws, built_in(), &settings, now());
    assert!(
        Severity::ALL
            .iter()
            .all(|s| one.iter().any(|f| f.severity == *s)),
        "every severity is exercised"
    );
    assert_eq!(two.len(), one.len());
    assert!(two == one, "the same findings in the same order");
    // The order is most severe first, then by id, ids compared as the text they show.
    let key = |f: &partnerdesk::domain::review::Finding| (std::cmp::Reverse(f.severity), f.id());
    assert!(
        one.windows(2).all(|w| key(&w[0]) < key(&w[1])),
        "sorted by severity, then id"
    );
}

#[test]
fn a_review_kept_to_a_floor_finds_exactly_the_whole_reviews_findings_at_or_above_it() {
    let ws = generated(6_000);
    let whole = review_workspace(&ws, built_in(), &Settings::default(), now());
    for floor in [Severity::Low, Severity::Medium, Severity::High] {
        let settings = Settings {
            floor,
            ..Settings::default()
        };
        let kept: Vec<_> = whole
            .iter()
            .filter(|f| f.severity >= floor)
            .cloned()
            .collect();
        assert!(
            !kept.is_empty() && kept.len() < whole.len(),
            "{floor} filters"
        );
        assert!(
            review_workspace(&ws, built_in(), &settings, now()) == kept,
            "{floor} on two threads"
        );
        assert!(
            review(&ws, built_in(), &settings, now()) == kept,
            "{floor} on one"
        );
    }
}

#[test]
fn a_renewal_added_later_is_reviewed_with_its_customers_older_relationships() {
    // A relationship an action adds gets the largest id, far from its customer's others in id
    // order: the renewal requested for an ending relationship must still be seen beside it.
    let mut ws = generated(6_000);
    let settings = Settings::default();
    // Reviewed ten days before an active GDAP relationship without auto-extend ends.
    let r = ws
        .relationships()
        .find(|r| {
            r.status == RelationshipStatus::Active
                && r.gdap
                    .as_deref()
                    .is_some_and(|g| !g.auto_extend_duration.is_on())
                && r.end_date_time.is_some_and(|end| end > now().plus_days(11))
        })
        .expect("an active GDAP relationship without auto-extend")
        .clone();
    let at = r.end_date_time.unwrap().plus_days(-10);
    let ending = format!("gdap-ending:{}", r.id);
    let before = review_workspace(&ws, built_in(), &settings, at);
    assert!(before.iter().any(|f| f.id() == ending), "{ending} is found");
    let gdap = r.gdap.as_deref().unwrap();
    let renew = Action::Invite {
        customer_id: r.customer_id.clone(),
        kind: InvitationKind::Gdap,
        via_provider_id: None,
        gdap: Some(GdapRequest {
            display_name: Some(renewal_name(&ws, &r.partner_id, &gdap.display_name)),
            roles: gdap.roles.iter().map(|role| role.to_string()).collect(),
            duration: gdap.duration,
            auto_extend_duration: gdap.auto_extend_duration,
        }),
        draft: false,
        for_reseller: None,
    };
    ws = apply(&ws, &Actor::Partner(r.partner_id.clone()), &renew, now())
        .unwrap()
        .workspace;
    let after = review_workspace(&ws, built_in(), &settings, at);
    assert!(
        after.iter().all(|f| f.id() != ending),
        "{ending} has a renewal on its way"
    );
    assert!(after == review(&ws, built_in(), &settings, at));
}
