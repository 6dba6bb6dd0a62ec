//! RS1, WS2, SB1: reseller relationships and the subscriptions they carry.

use super::*;

// ---------------------------------------------------------------------------------------------
// RS1: ending a reseller relationship needs its active subscriptions suspended first

#[test]
fn rs1_refuses_a_partner_ending_its_reseller_relationship_while_a_subscription_is_active() {
    let t = trading();
    let sub = t.contoso_active_sub.to_string();
    t.world.refused(
        &partner(CONTOSO),
        &terminate(&t.contoso_reseller),
        RuleId::RS1,
        &["Contoso IT Services", "Northwind Traders", &sub, "suspend"],
    );
}

#[test]
fn rs1_refuses_the_customer_ending_it_while_a_subscription_is_active() {
    let t = trading();
    t.world.refused(
        &customer(NORTHWIND),
        &terminate(&t.contoso_reseller),
        RuleId::RS1,
        &["Contoso IT Services"],
    );
}

#[test]
fn rs1_allows_ending_it_once_the_subscriptions_are_suspended_and_changes_none_of_them() {
    let mut t = trading();
    t.world
        .ok(&partner(CONTOSO), &suspend(&t.contoso_active_sub));
    let subscriptions = subscription_bytes(&t.world.ws);
    t.world
        .ok(&partner(CONTOSO), &terminate(&t.contoso_reseller));
    assert_eq!(
        t.world.relationship(&t.contoso_reseller).status,
        RelationshipStatus::Terminated
    );
    assert_eq!(subscription_bytes(&t.world.ws), subscriptions);
    t.world.assert_clean();
}

#[test]
fn rs1_allows_ending_it_while_another_partners_subscriptions_are_active() {
    let mut world = World::cast();
    world.resell(WOODGROVE, NORTHWIND);
    world.buy(WOODGROVE, NORTHWIND, "Azure plan", 1);
    let rel = world.resell(CONTOSO, NORTHWIND);
    world.ok(&partner(CONTOSO), &terminate(&rel));
    world.assert_clean();
}

#[test]
fn rs1_allows_ending_dap_while_subscriptions_are_active() {
    let mut t = trading_at(dap_era());
    let inv = t.world.invite(CONTOSO, &dap_invite(NORTHWIND));
    t.world.accept(NORTHWIND, &inv);
    let dap = t
        .world
        .relationship_in_force(CONTOSO, NORTHWIND, RelationshipKind::DelegatedAdmin);
    t.world.ok(&customer(NORTHWIND), &terminate(&dap));
    assert_eq!(
        t.world.relationship(&dap).status,
        RelationshipStatus::Terminated
    );
    assert!(
        t.world
            .relationship(&t.contoso_reseller)
            .status
            .is_in_force()
    );
}

// ---------------------------------------------------------------------------------------------
// WS2: a subscription's partner of record holds (or held) a reseller relationship

#[test]
fn ws2_refuses_buying_for_a_customer_the_partner_does_not_resell_to() {
    let t = trading();
    t.world.refused(
        &partner(ADVENTURE),
        &buy_action(NORTHWIND, "Azure plan", 1),
        RuleId::WS2,
        &["Adventure Works Distribution", "Northwind Traders"],
    );
}

#[test]
fn ws2_refuses_buying_with_only_a_gdap_relationship() {
    let mut world = World::cast();
    world.gdap(CONTOSO, FABRIKAM, gdap(&[HELPDESK_ADMIN], 30, false));
    world.refused(
        &partner(CONTOSO),
        &buy_action(FABRIKAM, "Microsoft 365 E5", 3),
        RuleId::WS2,
        &["Fabrikam Partner Services"],
    );
}

#[test]
fn ws2_allows_subscriptions_whose_partner_of_record_once_held_the_relationship() {
    let mut t = trading();
    t.world
        .ok(&partner(CONTOSO), &suspend(&t.contoso_active_sub));
    t.world
        .ok(&partner(CONTOSO), &terminate(&t.contoso_reseller));
    t.world.assert_clean();
    let (_, diagnostics) = parse_workspace(&to_json(&t.world.ws)).unwrap();
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
}

#[test]
fn ws2_load_reports_a_partner_of_record_without_a_reseller_relationship() {
    let t = trading();
    let sub = t.woodgrove_sub.clone();
    let (_, diagnostics) = load_edited(&t.world, |file| {
        for s in file["subscriptions"].as_array_mut().unwrap() {
            if s["id"] == sub.as_str() {
                s["partnerOfRecord"] = json!(ADVENTURE);
            }
        }
    });
    let found: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.rule == RuleId::WS2)
        .collect();
    assert_eq!(found.len(), 1, "{diagnostics:?}");
    assert!(
        found[0].path.contains(sub.as_str()) && found[0].message.contains(ADVENTURE),
        "{found:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// SB1: only a reseller buys; only the partner of record suspends or reactivates

#[test]
fn sb1_refuses_a_customer_or_the_operator_buying() {
    let t = trading();
    t.world.refused(
        &customer(NORTHWIND),
        &buy_action(NORTHWIND, "Azure plan", 1),
        RuleId::SB1,
        &["northwind", "only a partner"],
    );
    t.world.refused(
        &operator(),
        &buy_action(NORTHWIND, "Azure plan", 1),
        RuleId::SB1,
        &["operator", "only a partner"],
    );
}

#[test]
fn sb1_refuses_a_purchase_without_quantity_offer_or_with_an_unknown_term() {
    let t = trading();
    t.world.refused(
        &partner(CONTOSO),
        &buy_action(NORTHWIND, "Azure plan", 0),
        RuleId::SB1,
        &["quantity of at least 1"],
    );
    t.world.refused(
        &partner(CONTOSO),
        &buy_action(NORTHWIND, "  ", 3),
        RuleId::SB1,
        &["offer name"],
    );
    let mut action = buy_action(NORTHWIND, "Azure plan", 3);
    if let Action::BuySubscription { term_duration, .. } = &mut action {
        *term_duration = "P2Y".into();
    }
    t.world
        .refused(&partner(CONTOSO), &action, RuleId::SB1, &["P2Y"]);
}

#[test]
fn sb1_refuses_suspending_or_reactivating_another_partners_subscription() {
    let t = trading();
    t.world.refused(
        &partner(WOODGROVE),
        &suspend(&t.contoso_active_sub),
        RuleId::SB1,
        &[t.contoso_active_sub.as_str(), "Contoso IT Services"],
    );
    t.world.refused(
        &customer(NORTHWIND),
        &reactivate(&t.contoso_suspended_sub),
        RuleId::SB1,
        &[t.contoso_suspended_sub.as_str(), "Contoso IT Services"],
    );
    t.world.refused(
        &operator(),
        &suspend(&t.woodgrove_sub),
        RuleId::SB1,
        &["operator", "Woodgrove Cloud"],
    );
}

#[test]
fn sb1_refuses_suspending_a_suspended_or_reactivating_an_active_subscription() {
    let t = trading();
    t.world.refused(
        &partner(CONTOSO),
        &suspend(&t.contoso_suspended_sub),
        RuleId::SB1,
        &[t.contoso_suspended_sub.as_str(), "suspended"],
    );
    t.world.refused(
        &partner(CONTOSO),
        &reactivate(&t.contoso_active_sub),
        RuleId::SB1,
        &[t.contoso_active_sub.as_str(), "active"],
    );
}

#[test]
fn sb1_allows_a_reseller_to_buy_and_the_partner_of_record_to_suspend_and_reactivate() {
    let mut t = trading();
    let sub = t.world.buy(WOODGROVE, NORTHWIND, "Microsoft 365 E5", 40);
    let s = t.world.subscription(&sub);
    assert_eq!(
        (s.quantity, s.status, s.billing_partner.clone()),
        (40, SubscriptionStatus::Active, None)
    );
    t.world.ok(&partner(WOODGROVE), &suspend(&sub));
    t.world.ok(&partner(WOODGROVE), &reactivate(&sub));
    t.world
        .ok(&partner(CONTOSO), &reactivate(&t.contoso_suspended_sub));
    assert_eq!(
        t.world.subscription(&t.contoso_suspended_sub).status,
        SubscriptionStatus::Active
    );
    t.world.assert_clean();
}
