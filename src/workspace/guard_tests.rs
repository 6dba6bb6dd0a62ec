//! The guards behind MP1–MP5 and GD5. No action breaks these promises (tests/rules/ shows
//! they hold across every action), so the guards are exercised here on hand-made drafts.

use super::state::Workspace;
use crate::domain::apply::{verify_relationships_kept, verify_subscription_promises};
use crate::domain::*;

fn at() -> Time {
    Time::from_seconds(1_795_000_000)
}

fn subscription() -> Subscription {
    Subscription {
        external_id: None,
        id: Id::new("sub-1"),
        customer_id: Id::new("northwind"),
        partner_of_record: Id::new("contoso"),
        billing_partner: None,
        offer_name: "Microsoft 365 E3".into(),
        quantity: 25,
        status: SubscriptionStatus::Active,
        term_duration: "P1Y".into(),
        billing_cycle: BillingCycle::Monthly,
        created_date_time: at(),
        source: None,
    }
}

fn relationship() -> Relationship {
    Relationship {
        external_id: None,
        id: Id::new("rel-1"),
        kind: RelationshipKind::Reseller,
        partner_id: Id::new("contoso"),
        customer_id: Id::new("northwind"),
        status: RelationshipStatus::Active,
        created_date_time: at(),
        start_date_time: Some(at()),
        end_date_time: None,
        via_partner_id: None,
        invitation_id: None,
        gdap: None,
        history: History::new(),
        etag: None,
        partner_consent_pending: false,
        source: None,
    }
}

fn workspace() -> Workspace {
    let mut ws = Workspace::default();
    ws.put_subscription(subscription());
    ws.put_relationship(relationship());
    ws
}

fn accept() -> Action {
    Action::Accept {
        invitation_id: Id::new("inv-2"),
    }
}

fn refused_with(change: impl FnOnce(&mut Subscription)) -> RuleId {
    let old = workspace();
    let mut new = old.clone();
    let mut sub = subscription();
    change(&mut sub);
    new.put_subscription(sub);
    match verify_subscription_promises(&old, &new, &accept()) {
        Err(refusal) => {
            assert!(
                refusal.reason.contains("sub-1") && refusal.reason.contains("accept"),
                "{refusal}"
            );
            refusal.rule
        }
        Ok(()) => panic!("the change went unnoticed"),
    }
}

#[test]
fn mp2_guard_refuses_a_change_of_quantity_status_or_offer() {
    assert_eq!(refused_with(|s| s.quantity = 26), RuleId::MP2);
    assert_eq!(
        refused_with(|s| s.status = SubscriptionStatus::Suspended),
        RuleId::MP2
    );
    assert_eq!(
        refused_with(|s| s.offer_name = "Microsoft 365 E5".into()),
        RuleId::MP2
    );
}

#[test]
fn mp3_guard_refuses_a_transfer_or_removal_of_a_subscription() {
    assert_eq!(
        refused_with(|s| s.customer_id = Id::new("adatum")),
        RuleId::MP3
    );
    let old = workspace();
    let mut new = old.clone();
    new.subscriptions.remove("sub-1");
    assert_eq!(
        verify_subscription_promises(&old, &new, &accept()).map_err(|r| r.rule),
        Err(RuleId::MP3)
    );
}

#[test]
fn mp4_guard_refuses_a_change_of_terms() {
    assert_eq!(
        refused_with(|s| s.term_duration = "P3Y".into()),
        RuleId::MP4
    );
    assert_eq!(
        refused_with(|s| s.billing_cycle = BillingCycle::Annual),
        RuleId::MP4
    );
}

#[test]
fn mp5_guard_refuses_a_change_of_partner_of_record() {
    assert_eq!(
        refused_with(|s| s.partner_of_record = Id::new("woodgrove")),
        RuleId::MP5
    );
    assert_eq!(
        refused_with(|s| s.billing_partner = Some(Id::new("tailspin"))),
        RuleId::MP5
    );
}

#[test]
fn mp2_guard_allows_subscription_actions_and_new_subscriptions() {
    let old = workspace();
    let mut new = old.clone();
    new.put_subscription(Subscription {
        status: SubscriptionStatus::Suspended,
        ..subscription()
    });
    let suspend = Action::SuspendSubscription {
        subscription_id: Id::new("sub-1"),
    };
    assert_eq!(verify_subscription_promises(&old, &new, &suspend), Ok(()));
    let mut bought = old.clone();
    bought.put_subscription(Subscription {
        id: Id::new("sub-2"),
        ..subscription()
    });
    assert_eq!(
        verify_subscription_promises(&old, &bought, &accept()),
        Ok(())
    );
}

#[test]
fn mp1_guard_refuses_adding_a_partner_that_ends_another_relationship() {
    let old = workspace();
    let mut new = old.clone();
    new.put_relationship(Relationship {
        status: RelationshipStatus::Terminated,
        end_date_time: Some(at()),
        ..relationship()
    });
    let refusal =
        verify_relationships_kept(&old, &new, &accept()).expect_err("accepting must not end rel-1");
    assert_eq!(refusal.rule, RuleId::MP1);
    assert!(refusal.reason.contains("rel-1"), "{refusal}");
    let terminate = Action::Terminate {
        relationship_id: Id::new("rel-1"),
    };
    assert_eq!(
        verify_relationships_kept(&old, &new, &terminate),
        Ok(()),
        "ending is what terminate is for"
    );
}

#[test]
fn gd5_guard_refuses_deleting_a_relationship() {
    let old = workspace();
    let mut new = old.clone();
    new.relationships.remove("rel-1");
    let terminate = Action::Terminate {
        relationship_id: Id::new("rel-1"),
    };
    let refusal = verify_relationships_kept(&old, &new, &terminate)
        .expect_err("relationships are never deleted");
    assert_eq!(refusal.rule, RuleId::GD5);
    assert!(
        refusal.reason.contains("rel-1") && refusal.reason.contains("history"),
        "{refusal}"
    );
}
