//! The rule catalogue as a specification: for every rule in `CATALOGUE`, cases it allows and cases
//! it refuses. Every refusal names the rule, explains itself in a sentence that names the record,
//! and leaves the workspace exactly as it was (`World::refused` checks all three).
//!
//! MP1–MP5 promise what adding (or removing) a partner never does; no action can break them, so
//! they are tested by showing the promise holds across invite, accept, decline, revoke, GDAP
//! drafts (edit, delete, lock), a reseller's consent, removing Global Administrator, terminate
//! and the passage of time, across DAP's retirement (subscriptions compared byte for byte). The guards that would refuse
//! a breach are unit-tested in `src/workspace/guard_tests.rs`.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use partnerdesk::domain::duration::{AutoExtend, DurationDays};
use partnerdesk::domain::*;
use partnerdesk::store::{parse_workspace, to_json};
use partnerdesk::workspace::Workspace;
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// The catalogue itself

#[test]
fn every_catalogue_rule_has_tests_named_for_it_in_this_file() {
    let source = include_str!("rules.rs");
    for rule in CATALOGUE {
        let prefix = format!("fn {}_", rule.id.to_string().to_lowercase());
        assert!(
            source.contains(&prefix),
            "no test named `{prefix}…` for {}",
            rule.id
        );
        assert!(!rule.title.is_empty() && !rule.explanation.is_empty() && !rule.source.is_empty());
    }
    assert_eq!(
        CATALOGUE.len(),
        33,
        "MP1–MP7, IV1–IV6, RS1, GD1–GD7, DP1, WS1–WS4, SB1, OP1, ID1–ID3, TM1, OB1"
    );
}

// ---------------------------------------------------------------------------------------------
// MP1: several partners per customer; adding one never removes or weakens another

#[test]
fn mp1_allows_a_customer_to_accept_a_second_and_third_partner() {
    let mut world = World::cast();
    world.resell(CONTOSO, NORTHWIND);
    world.resell(WOODGROVE, NORTHWIND);
    let invitation = world.invite(
        LITWARE,
        &invite_action(NORTHWIND, InvitationKind::Reseller, Some(TAILSPIN), None),
    );
    world.accept(NORTHWIND, &invitation);
    assert_eq!(
        world.ws.partners_of_customer(&id(NORTHWIND)),
        vec![id(CONTOSO), id(LITWARE), id(TAILSPIN), id(WOODGROVE)]
    );
    world.assert_clean();
}

#[test]
fn mp1_accepting_a_second_partner_keeps_every_relationship_of_the_first_byte_for_byte() {
    let mut t = trading();
    let first: Vec<(Id, String)> = relationship_bytes(&t.world.ws)
        .into_iter()
        .filter(|(rid, _)| t.world.relationship(rid).partner_id == id(CONTOSO))
        .collect();
    assert!(first.len() >= 2);
    t.world.resell(ADVENTURE, NORTHWIND);
    let gdap = t
        .world
        .gdap(ADVENTURE, NORTHWIND, gdap(&[SECURITY_READER], 90, false));
    assert!(t.world.relationship(&gdap).status.is_in_force());
    let after = relationship_bytes(&t.world.ws);
    for (rid, bytes) in first {
        assert_eq!(
            after.get(&rid),
            Some(&bytes),
            "relationship {rid} of the first partner changed"
        );
    }
}

#[test]
fn mp1_a_second_partners_gdap_keeps_the_first_partners_roles_and_end_date() {
    let mut t = trading();
    let before = t.world.relationship(&t.contoso_gdap).clone();
    t.world
        .gdap(WOODGROVE, NORTHWIND, gdap(&[GLOBAL_ADMIN], 30, false));
    let after = t.world.relationship(&t.contoso_gdap);
    assert_eq!(after, &before);
    assert_eq!(
        t.world.ws.partners_of_customer(&id(NORTHWIND)),
        vec![id(CONTOSO), id(WOODGROVE)]
    );
}

// ---------------------------------------------------------------------------------------------
// MP2–MP5: adding (or removing) a partner changes no subscription

/// Runs every relationship action against Northwind, from before DAP was retired (DP1) to after
/// it, and checks after each one that every subscription is byte-identical to what it was before
/// the first.
fn assert_partner_actions_keep_subscriptions(check_each: impl Fn(&Workspace, &Workspace)) {
    let mut t = trading_at(dap_era());
    let w = &mut t.world;
    let original = w.ws.clone();
    let subscriptions = subscription_bytes(&w.ws);
    let after_each = |w: &World, what: &str| {
        assert_eq!(
            subscription_bytes(&w.ws),
            subscriptions,
            "{what} changed a subscription"
        );
        check_each(&original, &w.ws);
    };
    // a reseller invitation declined, another revoked, then reseller + DAP (still allowed)
    let inv = w.invite_reseller(ADVENTURE, NORTHWIND);
    w.ok(&customer(NORTHWIND), &decline(&inv));
    after_each(w, "decline");
    let inv = w.invite_reseller(ADVENTURE, NORTHWIND);
    w.ok(&partner(ADVENTURE), &revoke(&inv));
    after_each(w, "revoke");
    let inv = w.invite(ADVENTURE, &dap_invite(NORTHWIND));
    after_each(w, "invite");
    w.accept(NORTHWIND, &inv);
    after_each(w, "accept");
    // a DAP request the customer answers only after DAP was retired
    let late_dap = w.invite(CONTOSO, &dap_invite(NORTHWIND));
    // two-tier: reseller via provider
    let inv = w.invite(
        LITWARE,
        &invite_action(NORTHWIND, InvitationKind::Reseller, Some(TAILSPIN), None),
    );
    w.accept(NORTHWIND, &inv);
    after_each(w, "accept through a provider");
    // GDAP: a draft edited and deleted; another locked, approved, assigned and narrowed
    let draft = w.draft_gdap(
        WOODGROVE,
        NORTHWIND,
        named_gdap("Woodgrove draft", &[HELPDESK_ADMIN], 60, false),
    );
    after_each(w, "draft");
    w.ok(
        &partner(WOODGROVE),
        &rename_draft(&draft, "Woodgrove helpdesk"),
    );
    after_each(w, "edit draft");
    w.ok(&partner(WOODGROVE), &delete_draft(&draft));
    after_each(w, "delete draft");
    let rel = w.draft_gdap(
        WOODGROVE,
        NORTHWIND,
        gdap(&[GLOBAL_ADMIN, DIRECTORY_READERS], 60, false),
    );
    let inv = w.lock(WOODGROVE, &rel);
    after_each(w, "lock");
    w.accept(NORTHWIND, &inv);
    after_each(w, "approve");
    w.ok(
        &partner(WOODGROVE),
        &assign(&rel, WOODGROVE_AGENTS, &[DIRECTORY_READERS]),
    );
    after_each(w, "assign");
    w.ok(&partner(WOODGROVE), &remove_global_admin(&rel));
    after_each(w, "remove Global Administrator");
    // IV6: a provider's GDAP for its reseller, approved by both; another rejected
    let (inv, for_litware) = w.request_gdap_for_reseller(
        TAILSPIN,
        LITWARE,
        NORTHWIND,
        named_gdap("Litware helpdesk", &[HELPDESK_ADMIN], 90, false),
    );
    w.ok(&partner(LITWARE), &reseller_approve(&for_litware));
    after_each(w, "reseller approve");
    w.accept(NORTHWIND, &inv);
    after_each(w, "approve for a reseller");
    let (_, rejected) = w.request_gdap_for_reseller(
        TAILSPIN,
        LITWARE,
        NORTHWIND,
        named_gdap("Litware security", &[SECURITY_READER], 90, false),
    );
    w.ok(&partner(LITWARE), &reseller_reject(&rejected));
    after_each(w, "reseller reject");
    // terminate: GDAP by the customer, DAP by the partner, a reseller without subscriptions
    w.ok(&customer(NORTHWIND), &terminate(&rel));
    after_each(w, "terminate GDAP");
    let dap = w.relationship_in_force(ADVENTURE, NORTHWIND, RelationshipKind::DelegatedAdmin);
    w.ok(&partner(ADVENTURE), &terminate(&dap));
    after_each(w, "terminate DAP");
    let reseller = w.relationship_in_force(ADVENTURE, NORTHWIND, RelationshipKind::Reseller);
    w.ok(&customer(NORTHWIND), &terminate(&reseller));
    after_each(w, "terminate reseller");
    // time: DAP retired, then a DAP request accepted (reseller only), then GDAP ends: the
    // provider's for its reseller expires, Contoso IT's auto-extends
    w.pass_days(40);
    after_each(w, "time passing beyond DAP's retirement");
    w.accept(NORTHWIND, &late_dap);
    after_each(w, "accept after DAP's retirement");
    w.pass_days(300);
    after_each(w, "time passing past the ends");
    w.pass_days(400);
    after_each(w, "time passing past auto-extension");
    w.assert_clean();
}

#[test]
fn mp2_adding_a_partner_keeps_quantity_status_and_offer_of_every_subscription() {
    assert_partner_actions_keep_subscriptions(|before, after| {
        for s in before.subscriptions() {
            let now = after.subscription(&s.id).expect("still there");
            assert_eq!(
                (now.quantity, now.status, &now.offer_name),
                (s.quantity, s.status, &s.offer_name)
            );
        }
    });
}

#[test]
fn mp2_allows_the_partner_of_record_to_change_its_own_subscription() {
    let mut t = trading();
    let before = t.world.subscription(&t.contoso_active_sub).clone();
    t.world
        .ok(&partner(CONTOSO), &suspend(&t.contoso_active_sub));
    let after = t.world.subscription(&t.contoso_active_sub);
    assert_eq!(after.status, SubscriptionStatus::Suspended);
    assert_eq!(
        Subscription {
            status: before.status,
            ..after.clone()
        },
        before,
        "only the status moved"
    );
}

#[test]
fn mp3_adding_a_partner_transfers_no_subscription_or_ownership() {
    assert_partner_actions_keep_subscriptions(|before, after| {
        assert_eq!(
            before.subscriptions().len(),
            after.subscriptions().len(),
            "no subscription appears or vanishes"
        );
        for s in before.subscriptions() {
            assert_eq!(
                after.subscription(&s.id).map(|n| &n.customer_id),
                Some(&s.customer_id)
            );
        }
    });
}

#[test]
fn mp4_adding_a_partner_keeps_the_terms_of_every_subscription() {
    assert_partner_actions_keep_subscriptions(|before, after| {
        for s in before.subscriptions() {
            let now = after.subscription(&s.id).expect("still there");
            assert_eq!(
                (&now.term_duration, now.billing_cycle, now.created_date_time),
                (&s.term_duration, s.billing_cycle, s.created_date_time)
            );
        }
    });
}

#[test]
fn mp5_adding_a_partner_keeps_the_partner_of_record_of_every_subscription() {
    assert_partner_actions_keep_subscriptions(|before, after| {
        for s in before.subscriptions() {
            let now = after.subscription(&s.id).expect("still there");
            assert_eq!(
                (&now.partner_of_record, &now.billing_partner),
                (&s.partner_of_record, &s.billing_partner)
            );
        }
    });
}

#[test]
fn mp5_a_partner_added_later_sells_new_subscriptions_under_its_own_name() {
    let mut t = trading();
    t.world.resell(ADVENTURE, NORTHWIND);
    let sub = t.world.buy(ADVENTURE, NORTHWIND, "Dynamics 365 Sales", 5);
    assert_eq!(t.world.subscription(&sub).partner_of_record, id(ADVENTURE));
    assert_eq!(
        t.world
            .subscription(&t.contoso_active_sub)
            .partner_of_record,
        id(CONTOSO)
    );
}

// ---------------------------------------------------------------------------------------------
// MP6: no CSP-to-CSP reselling

#[test]
fn mp6_refuses_a_reseller_invitation_to_a_customer_that_is_a_csp_partner() {
    let world = World::cast();
    world.refused(
        &partner(CONTOSO),
        &reseller_invite(FABRIKAM),
        RuleId::MP6,
        &["Fabrikam Partner Services", "CSP partner"],
    );
}

#[test]
fn mp6_refuses_a_reseller_and_dap_invitation_to_a_csp_partner_customer_before_dap_was_retired() {
    let world = World::cast_at(dap_era());
    world.refused(
        &partner(WOODGROVE),
        &dap_invite(FABRIKAM),
        RuleId::MP6,
        &["Fabrikam Partner Services"],
    );
}

#[test]
fn mp6_refuses_an_indirect_reseller_invitation_to_a_csp_partner_customer() {
    let world = World::cast();
    let action = invite_action(FABRIKAM, InvitationKind::Reseller, Some(TAILSPIN), None);
    world.refused(
        &partner(LITWARE),
        &action,
        RuleId::MP6,
        &["Fabrikam Partner Services"],
    );
}

#[test]
fn mp6_refuses_a_reseller_invitation_to_the_partners_own_tenant() {
    let world = World::cast();
    world.refused(
        &partner(CONTOSO),
        &reseller_invite(CONTOSO_OWN),
        RuleId::MP6,
        &["Contoso IT Services (own tenant)", "itself"],
    );
}

#[test]
fn mp6_allows_another_partner_to_resell_to_that_tenant() {
    let mut world = World::cast();
    world.resell(WOODGROVE, CONTOSO_OWN);
    world.assert_clean();
}

#[test]
fn mp6_allows_a_gdap_invitation_to_a_csp_partner_customer() {
    let mut world = World::cast();
    let rel = world.gdap(CONTOSO, FABRIKAM, gdap(&[HELPDESK_ADMIN], 180, false));
    assert_eq!(world.relationship(&rel).status, RelationshipStatus::Active);
    world.assert_clean();
}

#[test]
fn mp6_allows_a_reseller_invitation_to_an_ordinary_customer() {
    let mut world = World::cast();
    let rel = world.resell(CONTOSO, ADATUM);
    assert_eq!(world.relationship(&rel).kind, RelationshipKind::Reseller);
}

#[test]
fn mp6_refuses_marking_a_customer_as_a_csp_partner_while_a_partner_resells_to_it() {
    let mut world = World::cast();
    world.resell(CONTOSO, ADATUM);
    let mut adatum = world.ws.customer(&id(ADATUM)).unwrap().clone();
    adatum.is_csp_partner = true;
    world.refused(
        &operator(),
        &Action::EditCustomer { customer: adatum },
        RuleId::MP6,
        &["Adatum Corporation"],
    );
}

#[test]
fn mp6_refuses_marking_a_customer_as_a_csp_partner_while_a_reseller_invitation_is_pending() {
    let mut world = World::cast();
    world.invite_reseller(CONTOSO, ADATUM);
    let mut adatum = world.ws.customer(&id(ADATUM)).unwrap().clone();
    adatum.is_csp_partner = true;
    world.refused(
        &operator(),
        &Action::EditCustomer { customer: adatum },
        RuleId::MP6,
        &["Adatum Corporation"],
    );
}

#[test]
fn mp6_refuses_giving_a_partner_the_tenant_of_a_customer_it_resells_to() {
    let mut world = World::cast();
    world.resell(WOODGROVE, ADATUM);
    let mut woodgrove = world.ws.partner(&id(WOODGROVE)).unwrap().clone();
    woodgrove.tenant_id = world.ws.customer(&id(ADATUM)).unwrap().tenant_id.clone();
    world.refused(
        &operator(),
        &Action::EditPartner { partner: woodgrove },
        RuleId::MP6,
        &["Adatum Corporation", "own tenant"],
    );
}

#[test]
fn mp6_allows_marking_a_customer_as_a_csp_partner_once_reselling_ended() {
    let mut world = World::cast();
    let rel = world.resell(CONTOSO, ADATUM);
    world.gdap(WOODGROVE, ADATUM, gdap(&[DIRECTORY_READERS], 30, false));
    world.ok(&partner(CONTOSO), &terminate(&rel));
    let mut adatum = world.ws.customer(&id(ADATUM)).unwrap().clone();
    adatum.is_csp_partner = true;
    world.ok(&operator(), &Action::EditCustomer { customer: adatum });
    world.assert_clean();
}

#[test]
fn mp6_flags_a_loaded_reseller_invitation_to_a_csp_partner_and_refuses_accepting_it() {
    let mut world = World::cast();
    let inv = world.invite_reseller(CONTOSO, ADATUM);
    let (loaded, diagnostics) = load_edited(&world, |file| {
        for c in file["customers"].as_array_mut().unwrap() {
            if c["id"] == ADATUM {
                c["isCspPartner"] = json!(true);
            }
        }
    });
    assert!(
        diagnostics
            .iter()
            .any(|d| d.rule == RuleId::MP6 && d.path.contains(inv.as_str())),
        "{diagnostics:?}"
    );
    let loaded = World {
        ws: loaded,
        now: world.now,
    };
    loaded.refused(
        &customer(ADATUM),
        &accept(&inv),
        RuleId::MP6,
        &["Adatum Corporation"],
    );
}

// ---------------------------------------------------------------------------------------------
// MP7: relationships start with an invitation the customer accepts

#[test]
fn mp7_refuses_an_invitation_sent_by_a_customer() {
    let world = World::cast();
    world.refused(
        &customer(NORTHWIND),
        &reseller_invite(NORTHWIND),
        RuleId::MP7,
        &["northwind", "only a partner"],
    );
}

#[test]
fn mp7_refuses_an_invitation_sent_by_the_operator() {
    let world = World::cast();
    world.refused(
        &operator(),
        &reseller_invite(NORTHWIND),
        RuleId::MP7,
        &["operator", "only a partner"],
    );
    world.refused(
        &operator(),
        &gdap_invite(NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false)),
        RuleId::MP7,
        &["operator"],
    );
}

#[test]
fn mp7_allows_a_partner_to_invite_and_grants_nothing_until_the_customer_accepts() {
    let mut world = World::cast();
    let inv = world.invite_reseller(CONTOSO, NORTHWIND);
    assert_eq!(world.invitation(&inv).status, InvitationStatus::Pending);
    assert!(
        world.ws.partners_of_customer(&id(NORTHWIND)).is_empty(),
        "an invitation alone grants nothing"
    );
    let (_, rel) = world.request_gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false));
    assert_eq!(
        world.relationship(&rel).status,
        RelationshipStatus::ApprovalPending
    );
    assert!(world.ws.partners_of_customer(&id(NORTHWIND)).is_empty());
    world.accept(NORTHWIND, &inv);
    assert_eq!(
        world.ws.partners_of_customer(&id(NORTHWIND)),
        vec![id(CONTOSO)]
    );
}

#[test]
fn mp7_refuses_a_partner_buying_for_a_customer_without_an_accepted_invitation_naming_ws2() {
    // A partner cannot give itself a reseller relationship by buying: the purchase needs one.
    let mut world = World::cast();
    world.invite_reseller(CONTOSO, NORTHWIND);
    world.refused(
        &partner(CONTOSO),
        &buy_action(NORTHWIND, "Microsoft 365 E3", 5),
        RuleId::WS2,
        &["Contoso IT Services", "Northwind Traders"],
    );
}

// ---------------------------------------------------------------------------------------------
// IV1: only the invited customer answers; only the inviting partner revokes

#[test]
fn iv1_refuses_acceptance_by_a_customer_that_was_not_invited() {
    let mut world = World::cast();
    let inv = world.invite_reseller(CONTOSO, NORTHWIND);
    world.refused(
        &customer(ADATUM),
        &accept(&inv),
        RuleId::IV1,
        &[inv.as_str(), "Northwind Traders"],
    );
}

#[test]
fn iv1_refuses_a_decline_by_a_customer_that_was_not_invited() {
    let mut world = World::cast();
    let inv = world.invite_reseller(CONTOSO, NORTHWIND);
    world.refused(
        &customer(ADATUM),
        &decline(&inv),
        RuleId::IV1,
        &[inv.as_str(), "Northwind Traders"],
    );
}

#[test]
fn iv1_refuses_a_partner_accepting_its_own_invitation() {
    let mut world = World::cast();
    let inv = world.invite_reseller(CONTOSO, NORTHWIND);
    world.refused(
        &partner(CONTOSO),
        &accept(&inv),
        RuleId::IV1,
        &[inv.as_str(), "partner:contoso-it"],
    );
    let (gdap_inv, _) = world.request_gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false));
    world.refused(
        &partner(CONTOSO),
        &accept(&gdap_inv),
        RuleId::IV1,
        &[gdap_inv.as_str()],
    );
}

#[test]
fn iv1_refuses_a_revoke_by_a_partner_that_did_not_invite() {
    let mut world = World::cast();
    let inv = world.invite_reseller(CONTOSO, NORTHWIND);
    world.refused(
        &partner(WOODGROVE),
        &revoke(&inv),
        RuleId::IV1,
        &[inv.as_str(), "Contoso IT Services"],
    );
}

#[test]
fn iv1_refuses_a_revoke_by_the_invited_customer() {
    let mut world = World::cast();
    let inv = world.invite_reseller(CONTOSO, NORTHWIND);
    world.refused(
        &customer(NORTHWIND),
        &revoke(&inv),
        RuleId::IV1,
        &[inv.as_str()],
    );
}

#[test]
fn iv1_allows_the_invited_customer_to_accept_or_decline_and_the_inviter_to_revoke() {
    let mut world = World::cast();
    let a = world.invite_reseller(CONTOSO, NORTHWIND);
    let b = world.invite_reseller(WOODGROVE, NORTHWIND);
    let c = world.invite_reseller(CONTOSO, ADATUM);
    world.ok(&customer(NORTHWIND), &accept(&a));
    world.ok(&customer(NORTHWIND), &decline(&b));
    world.ok(&partner(CONTOSO), &revoke(&c));
    let statuses: Vec<InvitationStatus> = [&a, &b, &c]
        .iter()
        .map(|i| world.invitation(i).status)
        .collect();
    assert_eq!(
        statuses,
        vec![
            InvitationStatus::Accepted,
            InvitationStatus::Declined,
            InvitationStatus::Revoked
        ]
    );
    world.assert_clean();
}

// Permissions of the operator: master data only.

#[test]
fn iv1_refuses_the_operator_accepting_on_a_customers_behalf() {
    let mut world = World::cast();
    let inv = world.invite_reseller(CONTOSO, NORTHWIND);
    world.refused(
        &operator(),
        &accept(&inv),
        RuleId::IV1,
        &["operator", inv.as_str()],
    );
}

#[test]
fn iv1_refuses_the_operator_declining_on_a_customers_behalf() {
    let mut world = World::cast();
    let inv = world.invite_reseller(CONTOSO, NORTHWIND);
    world.refused(
        &operator(),
        &decline(&inv),
        RuleId::IV1,
        &["operator", inv.as_str()],
    );
}

#[test]
fn iv1_refuses_the_operator_revoking_on_a_partners_behalf() {
    let mut world = World::cast();
    let inv = world.invite_reseller(CONTOSO, NORTHWIND);
    world.refused(
        &operator(),
        &revoke(&inv),
        RuleId::IV1,
        &["operator", inv.as_str()],
    );
}

// ---------------------------------------------------------------------------------------------
// IV2: only pending invitations move; an expired one cannot be accepted

#[test]
fn iv2_refuses_accepting_a_declined_invitation() {
    let mut world = World::cast();
    let inv = world.invite_reseller(CONTOSO, NORTHWIND);
    world.ok(&customer(NORTHWIND), &decline(&inv));
    world.refused(
        &customer(NORTHWIND),
        &accept(&inv),
        RuleId::IV2,
        &[inv.as_str(), "declined"],
    );
}

#[test]
fn iv2_refuses_revoking_or_declining_an_accepted_invitation() {
    let mut world = World::cast();
    let inv = world.invite_reseller(CONTOSO, NORTHWIND);
    world.accept(NORTHWIND, &inv);
    world.refused(
        &partner(CONTOSO),
        &revoke(&inv),
        RuleId::IV2,
        &[inv.as_str(), "accepted"],
    );
    world.refused(
        &customer(NORTHWIND),
        &decline(&inv),
        RuleId::IV2,
        &[inv.as_str(), "accepted"],
    );
    world.refused(
        &customer(NORTHWIND),
        &accept(&inv),
        RuleId::IV2,
        &[inv.as_str(), "accepted"],
    );
}

#[test]
fn iv2_refuses_accepting_a_revoked_invitation() {
    let mut world = World::cast();
    let inv = world.invite_reseller(CONTOSO, NORTHWIND);
    world.ok(&partner(CONTOSO), &revoke(&inv));
    world.refused(
        &customer(NORTHWIND),
        &accept(&inv),
        RuleId::IV2,
        &[inv.as_str(), "revoked"],
    );
}

#[test]
fn iv2_refuses_accepting_a_reseller_invitation_past_its_expiry_even_before_time_is_passed() {
    let mut world = World::cast();
    let inv = world.invite_reseller(CONTOSO, NORTHWIND);
    world.advance_days(90);
    world.refused(
        &customer(NORTHWIND),
        &accept(&inv),
        RuleId::IV2,
        &[inv.as_str(), "expired"],
    );
}

#[test]
fn iv2_passing_time_expires_a_pending_invitation_and_it_cannot_be_accepted() {
    let mut world = World::cast();
    let inv = world.invite_reseller(CONTOSO, NORTHWIND);
    let applied = world.pass_days(91);
    assert!(
        applied
            .events
            .iter()
            .any(|e| e.id == inv && e.change.contains("expired")),
        "{:?}",
        applied.events
    );
    assert_eq!(world.invitation(&inv).status, InvitationStatus::Expired);
    world.refused(
        &customer(NORTHWIND),
        &accept(&inv),
        RuleId::IV2,
        &[inv.as_str(), "expired"],
    );
    world.refused(
        &partner(CONTOSO),
        &revoke(&inv),
        RuleId::IV2,
        &[inv.as_str()],
    );
    world.assert_clean();
}

#[test]
fn iv2_passing_time_leaves_answered_invitations_alone() {
    let mut world = World::cast();
    let accepted = world.invite_reseller(CONTOSO, NORTHWIND);
    world.accept(NORTHWIND, &accepted);
    let declined = world.invite_reseller(WOODGROVE, NORTHWIND);
    world.ok(&customer(NORTHWIND), &decline(&declined));
    let before = to_json(&world.ws);
    let applied = world.pass_days(200);
    assert!(applied.is_noop(), "nothing was due: {:?}", applied.events);
    assert!(
        to_json(&world.ws) == before,
        "a no-op leaves the workspace as it was"
    );
    assert_eq!(
        world.invitation(&accepted).status,
        InvitationStatus::Accepted
    );
    assert_eq!(
        world.invitation(&declined).status,
        InvitationStatus::Declined
    );
}

#[test]
fn iv2_allows_accepting_a_pending_invitation_the_day_before_it_expires() {
    let mut world = World::cast();
    let inv = world.invite_reseller(CONTOSO, NORTHWIND);
    world.pass_days(89);
    assert_eq!(world.invitation(&inv).status, InvitationStatus::Pending);
    world.accept(NORTHWIND, &inv);
    assert_eq!(world.invitation(&inv).status, InvitationStatus::Accepted);
}

// ---------------------------------------------------------------------------------------------
// IV3: no duplicate reseller requests; several GDAP relationships per pair, each its own name

#[test]
fn iv3_refuses_a_second_pending_invitation_of_the_same_kind() {
    let mut world = World::cast();
    let first = world.invite_reseller(CONTOSO, NORTHWIND);
    world.refused(
        &partner(CONTOSO),
        &reseller_invite(NORTHWIND),
        RuleId::IV3,
        &[first.as_str(), "Contoso IT Services", "Northwind Traders"],
    );
}

#[test]
fn iv3_refuses_a_reseller_invitation_for_a_relationship_the_pair_already_has() {
    let mut world = World::cast();
    world.resell(CONTOSO, NORTHWIND);
    world.refused(
        &partner(CONTOSO),
        &reseller_invite(NORTHWIND),
        RuleId::IV3,
        &["already holds", "Northwind Traders"],
    );
}

#[test]
fn iv3_refuses_a_provider_inviting_a_customer_it_already_resells_to_through_its_reseller() {
    let mut world = World::cast();
    let inv = world.invite(
        LITWARE,
        &invite_action(NORTHWIND, InvitationKind::Reseller, Some(TAILSPIN), None),
    );
    world.accept(NORTHWIND, &inv);
    world.refused(
        &partner(TAILSPIN),
        &reseller_invite(NORTHWIND),
        RuleId::IV3,
        &["Tailspin Distribution"],
    );
}

#[test]
fn iv3_allows_a_new_invitation_after_the_previous_one_was_declined_or_ended() {
    let mut world = World::cast();
    let first = world.invite_reseller(CONTOSO, NORTHWIND);
    world.ok(&customer(NORTHWIND), &decline(&first));
    let rel = world.resell(CONTOSO, NORTHWIND);
    world.ok(&partner(CONTOSO), &terminate(&rel));
    world.resell(CONTOSO, NORTHWIND);
    world.assert_clean();
}

#[test]
fn iv3_allows_asking_for_dap_on_top_of_an_existing_reseller_relationship_before_dap_was_retired() {
    let mut world = World::cast_at(dap_era());
    let reseller = world.resell(CONTOSO, NORTHWIND);
    let inv = world.invite(CONTOSO, &dap_invite(NORTHWIND));
    world.accept(NORTHWIND, &inv);
    assert_eq!(
        world.relationship_in_force(CONTOSO, NORTHWIND, RelationshipKind::Reseller),
        reseller,
        "the reseller relationship is kept, not doubled"
    );
    world.relationship_in_force(CONTOSO, NORTHWIND, RelationshipKind::DelegatedAdmin);
    world.assert_clean();
}

#[test]
fn iv3_allows_several_gdap_relationships_with_different_names() {
    let mut world = World::cast();
    world.gdap(
        CONTOSO,
        NORTHWIND,
        named_gdap("Helpdesk", &[HELPDESK_ADMIN], 30, false),
    );
    world.request_gdap(
        CONTOSO,
        NORTHWIND,
        named_gdap("Security", &[SECURITY_READER], 30, false),
    );
    world.assert_clean();
}

#[test]
fn iv3_allows_a_second_active_gdap_relationship_with_the_same_customer_under_another_name() {
    let mut world = World::cast();
    let tier1 = world.gdap(
        CONTOSO,
        NORTHWIND,
        named_gdap("Tier 1 support", &[HELPDESK_ADMIN], 90, false),
    );
    let tier2 = world.gdap(
        CONTOSO,
        NORTHWIND,
        named_gdap("Tier 2 support", &[USER_ADMIN], 90, false),
    );
    let in_force: Vec<&Id> = world
        .ws
        .relationships_of_customer(&id(NORTHWIND))
        .filter(|r| r.partner_id == id(CONTOSO) && r.status.is_in_force())
        .map(|r| &r.id)
        .collect();
    assert_eq!(in_force.len(), 2, "{in_force:?}");
    assert!(in_force.contains(&&tier1) && in_force.contains(&&tier2));
    world.assert_clean();
}

#[test]
fn iv3_refuses_a_reseller_invitation_while_gdap_requests_do_not_count_against_it() {
    let mut world = World::cast();
    world.request_gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false));
    let first = world.invite_reseller(CONTOSO, NORTHWIND);
    world.refused(
        &partner(CONTOSO),
        &reseller_invite(NORTHWIND),
        RuleId::IV3,
        &[first.as_str()],
    );
}

// ---------------------------------------------------------------------------------------------
// IV4: indirect resellers invite through a provider that authorizes them

#[test]
fn iv4_refuses_an_indirect_reseller_inviting_without_naming_a_provider() {
    let world = World::cast();
    world.refused(
        &partner(LITWARE),
        &reseller_invite(NORTHWIND),
        RuleId::IV4,
        &["Litware Resellers", "Tailspin Distribution"],
    );
}

#[test]
fn iv4_refuses_an_indirect_reseller_inviting_through_a_provider_that_does_not_authorize_it() {
    let world = World::cast();
    let action = invite_action(NORTHWIND, InvitationKind::Reseller, Some(ADVENTURE), None);
    world.refused(
        &partner(LITWARE),
        &action,
        RuleId::IV4,
        &["Adventure Works Distribution", "Litware Resellers"],
    );
}

#[test]
fn iv4_refuses_a_direct_bill_partner_naming_a_provider() {
    let world = World::cast();
    let action = invite_action(NORTHWIND, InvitationKind::Reseller, Some(TAILSPIN), None);
    world.refused(
        &partner(CONTOSO),
        &action,
        RuleId::IV4,
        &["Contoso IT Services", "direct-bill"],
    );
}

#[test]
fn iv4_refuses_a_provider_named_on_a_gdap_invitation() {
    let world = World::cast();
    let action = invite_action(
        NORTHWIND,
        InvitationKind::Gdap,
        Some(TAILSPIN),
        Some(gdap(&[HELPDESK_ADMIN], 30, false)),
    );
    world.refused(
        &partner(LITWARE),
        &action,
        RuleId::IV4,
        &["provider", "reseller invitations"],
    );
}

#[test]
fn iv4_refuses_adding_a_reseller_whose_provider_is_not_an_indirect_provider() {
    let world = World::cast();
    let record = partner_record(
        "vanarsdel",
        "VanArsdel Ltd",
        "33333333-0000-4000-8000-000000000001",
        BillingModel::IndirectReseller,
        &[CONTOSO],
    );
    world.refused(
        &operator(),
        &Action::AddPartner { partner: record },
        RuleId::IV4,
        &["VanArsdel Ltd", "Contoso IT Services"],
    );
}

#[test]
fn iv4_refuses_adding_or_making_an_indirect_reseller_that_names_no_provider() {
    let world = World::cast();
    let record = partner_record(
        "vanarsdel",
        "VanArsdel Ltd",
        "33333333-0000-4000-8000-000000000001",
        BillingModel::IndirectReseller,
        &[],
    );
    world.refused(
        &operator(),
        &Action::AddPartner { partner: record },
        RuleId::IV4,
        &["VanArsdel Ltd", "names no indirect provider"],
    );
    let mut litware = world.ws.partner(&id(LITWARE)).unwrap().clone();
    litware.providers.clear();
    world.refused(
        &operator(),
        &Action::EditPartner { partner: litware },
        RuleId::IV4,
        &["Litware Resellers", "names no indirect provider"],
    );
}

#[test]
fn iv4_load_reports_an_indirect_reseller_without_a_provider() {
    let world = World::cast();
    let (ws, diagnostics) = load_edited(&world, |file| {
        partner_mut(file, LITWARE)["providers"] = json!([]);
    });
    assert!(ws.partner(&id(LITWARE)).is_some(), "the file still loads");
    assert!(
        diagnostics.iter().any(|d| d.rule == RuleId::IV4
            && d.path == format!("partners/{LITWARE}")
            && d.message.contains("names no indirect provider")),
        "{diagnostics:?}"
    );
}

#[test]
fn iv4_refuses_a_direct_bill_partner_listing_providers() {
    let world = World::cast();
    let record = partner_record(
        "vanarsdel",
        "VanArsdel Ltd",
        "33333333-0000-4000-8000-000000000001",
        BillingModel::DirectBill,
        &[TAILSPIN],
    );
    world.refused(
        &operator(),
        &Action::AddPartner { partner: record },
        RuleId::IV4,
        &["VanArsdel Ltd", "direct-bill"],
    );
}

#[test]
fn iv4_refuses_turning_a_provider_into_direct_bill_while_it_authorizes_resellers() {
    let world = World::cast();
    let mut tailspin = world.ws.partner(&id(TAILSPIN)).unwrap().clone();
    tailspin.billing_model = BillingModel::DirectBill;
    world.refused(
        &operator(),
        &Action::EditPartner { partner: tailspin },
        RuleId::IV4,
        &["Tailspin Distribution", "Litware Resellers"],
    );
}

#[test]
fn iv4_refuses_withdrawing_a_providers_authorization_while_an_invitation_through_it_is_pending() {
    let mut world = World::cast();
    let inv = world.invite(
        LITWARE,
        &invite_action(NORTHWIND, InvitationKind::Reseller, Some(TAILSPIN), None),
    );
    let mut litware = world.ws.partner(&id(LITWARE)).unwrap().clone();
    litware.providers = vec![id(ADVENTURE)];
    world.refused(
        &operator(),
        &Action::EditPartner {
            partner: litware.clone(),
        },
        RuleId::IV4,
        &["Litware Resellers", "Tailspin Distribution"],
    );
    // Once the invitation is answered it is history, and the authorization can change.
    world.accept(NORTHWIND, &inv);
    world.ok(&operator(), &Action::EditPartner { partner: litware });
    world.assert_clean();
}

#[test]
fn iv4_allows_an_indirect_reseller_to_invite_through_its_provider_and_accepting_creates_both_relationships()
 {
    let mut world = World::cast();
    let inv = world.invite(
        LITWARE,
        &invite_action(NORTHWIND, InvitationKind::Reseller, Some(TAILSPIN), None),
    );
    assert_eq!(world.invitation(&inv).via_provider_id, Some(id(TAILSPIN)));
    world.accept(NORTHWIND, &inv);
    let reseller = world.relationship_in_force(LITWARE, NORTHWIND, RelationshipKind::Reseller);
    let provider = world.relationship_in_force(TAILSPIN, NORTHWIND, RelationshipKind::Reseller);
    assert_eq!(
        world.relationship(&reseller).via_partner_id,
        Some(id(TAILSPIN))
    );
    assert_eq!(
        world.relationship(&provider).via_partner_id,
        Some(id(LITWARE))
    );
    assert_eq!(
        world.relationship(&provider).invitation_id,
        Some(inv.clone())
    );
    world.assert_clean();
}

#[test]
fn iv4_a_subscription_sold_by_an_indirect_reseller_is_billed_by_its_provider() {
    let mut world = World::cast();
    let inv = world.invite(
        LITWARE,
        &invite_action(NORTHWIND, InvitationKind::Reseller, Some(TAILSPIN), None),
    );
    world.accept(NORTHWIND, &inv);
    let sub = world.buy(LITWARE, NORTHWIND, "Microsoft 365 Business Premium", 12);
    assert_eq!(world.subscription(&sub).partner_of_record, id(LITWARE));
    assert_eq!(world.subscription(&sub).billing_partner, Some(id(TAILSPIN)));
}

#[test]
fn iv4_a_provider_buying_on_its_own_relationship_is_not_billed_by_its_reseller() {
    let mut world = World::cast();
    let inv = world.invite(
        LITWARE,
        &invite_action(NORTHWIND, InvitationKind::Reseller, Some(TAILSPIN), None),
    );
    world.accept(NORTHWIND, &inv);
    let sub = world.buy(TAILSPIN, NORTHWIND, "Azure plan", 1);
    assert_eq!(world.subscription(&sub).partner_of_record, id(TAILSPIN));
    assert_ne!(
        world.subscription(&sub).billing_partner,
        Some(id(LITWARE)),
        "the reseller never bills its provider"
    );
}

// ---------------------------------------------------------------------------------------------
// IV5: a locked GDAP request not approved within 90 days of its lock expires

#[test]
fn iv5_allows_approving_a_gdap_request_on_its_89th_day() {
    let mut world = World::cast();
    let (inv, rel) = world.request_gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false));
    world.pass_days(89);
    assert_eq!(
        world.relationship(&rel).status,
        RelationshipStatus::ApprovalPending
    );
    world.accept(NORTHWIND, &inv);
    let r = world.relationship(&rel);
    assert_eq!(r.status, RelationshipStatus::Active);
    assert_eq!(r.start_date_time, Some(world.now));
    assert_eq!(r.end_date_time, Some(world.now.plus_days(30)));
}

#[test]
fn iv5_refuses_approving_a_gdap_request_after_90_days_even_before_time_is_passed() {
    let mut world = World::cast();
    let (inv, _) = world.request_gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false));
    world.advance_days(90);
    world.refused(
        &customer(NORTHWIND),
        &accept(&inv),
        RuleId::IV5,
        &[inv.as_str(), "90 days"],
    );
}

#[test]
fn iv5_passing_time_expires_a_gdap_request_after_90_days_and_keeps_it_as_history() {
    let mut world = World::cast();
    let (inv, rel) = world.request_gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false));
    world.pass_days(90);
    assert_eq!(world.invitation(&inv).status, InvitationStatus::Expired);
    let r = world.relationship(&rel);
    assert_eq!(r.status, RelationshipStatus::Expired);
    assert_eq!(
        r.history.last().map(|h| h.status),
        Some(RelationshipStatus::Expired)
    );
    assert!(
        r.history
            .last()
            .and_then(|h| h.note.as_deref())
            .is_some_and(|n| n.contains("90 days"))
    );
    world.refused(
        &customer(NORTHWIND),
        &accept(&inv),
        RuleId::IV5,
        &[inv.as_str(), "90 days"],
    );
    world.assert_clean();
}

#[test]
fn iv5_a_draft_never_expires_and_once_locked_expires_90_days_after_its_lock() {
    let mut world = World::cast();
    let rel = world.draft_gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false));
    world.pass_days(200);
    assert_eq!(world.relationship(&rel).status, RelationshipStatus::Created);
    let inv = world.lock(CONTOSO, &rel);
    let locked = world.now;
    assert_eq!(
        world.invitation(&inv).expires_date_time,
        locked.plus_days(90)
    );
    world.pass_days(89);
    assert_eq!(
        world.relationship(&rel).status,
        RelationshipStatus::ApprovalPending
    );
    world.pass_days(1);
    assert_eq!(world.invitation(&inv).status, InvitationStatus::Expired);
    let r = world.relationship(&rel);
    assert_eq!(r.status, RelationshipStatus::Expired);
    assert_eq!(r.end_date_time, Some(locked.plus_days(90)));
    world.assert_clean();
}

// ---------------------------------------------------------------------------------------------
// IV6: an indirect provider's GDAP for its reseller waits for the reseller's consent

/// Tailspin asks Northwind for GDAP for Litware; returns (invitation, relationship).
fn tailspin_for_litware(world: &mut World, name: &str) -> (Id, Id) {
    world.request_gdap_for_reseller(
        TAILSPIN,
        LITWARE,
        NORTHWIND,
        named_gdap(name, &[HELPDESK_ADMIN], 90, false),
    )
}

#[test]
fn iv6_provider_creates_gdap_for_its_reseller_which_approves_before_the_customer_accepts() {
    let mut world = World::cast();
    let (inv, rel) = tailspin_for_litware(&mut world, "Litware helpdesk");
    let r = world.relationship(&rel);
    assert_eq!(
        r.partner_id,
        id(LITWARE),
        "the relationship is the reseller's"
    );
    assert_eq!(r.via_partner_id, Some(id(TAILSPIN)), "made by its provider");
    assert!(r.partner_consent_pending);
    assert_eq!(r.status, RelationshipStatus::ApprovalPending);
    let i = world.invitation(&inv);
    assert_eq!(
        (&i.partner_id, &i.via_provider_id, i.status),
        (&id(LITWARE), &Some(id(TAILSPIN)), InvitationStatus::Pending)
    );
    world.ok(&partner(LITWARE), &reseller_approve(&rel));
    let r = world.relationship(&rel);
    assert!(!r.partner_consent_pending);
    assert_eq!(
        r.status,
        RelationshipStatus::ApprovalPending,
        "the customer still has to approve"
    );
    world.accept(NORTHWIND, &inv);
    let r = world.relationship(&rel);
    assert_eq!(r.status, RelationshipStatus::Active);
    assert_eq!(r.end_date_time, Some(world.now.plus_days(90)));
    assert_eq!(world.invitation(&inv).status, InvitationStatus::Accepted);
    assert_eq!(
        world.relationship_in_force(LITWARE, NORTHWIND, RelationshipKind::Gdap),
        rel
    );
    world.assert_clean();
}

#[test]
fn iv6_a_provider_may_draft_for_its_reseller_and_lock_it_later() {
    let mut world = World::cast();
    let applied = world.ok(
        &partner(TAILSPIN),
        &Action::Invite {
            customer_id: id(NORTHWIND),
            kind: InvitationKind::Gdap,
            via_provider_id: None,
            gdap: Some(named_gdap("Litware draft", &[HELPDESK_ADMIN], 90, false)),
            draft: true,
            for_reseller: Some(id(LITWARE)),
        },
    );
    let rel = World::event_id(&applied, RecordKind::Relationship);
    assert_eq!(world.relationship(&rel).status, RelationshipStatus::Created);
    world.refused(
        &partner(LITWARE),
        &lock(&rel),
        RuleId::OP1,
        &["Tailspin Distribution"],
    );
    let inv = world.lock(TAILSPIN, &rel);
    world.ok(&partner(LITWARE), &reseller_approve(&rel));
    world.accept(NORTHWIND, &inv);
    assert_eq!(world.relationship(&rel).status, RelationshipStatus::Active);
    world.assert_clean();
}

#[test]
fn iv6_refuses_the_customer_accepting_before_the_reseller_approved() {
    let mut world = World::cast();
    let (inv, rel) = tailspin_for_litware(&mut world, "Litware helpdesk");
    world.refused(
        &customer(NORTHWIND),
        &accept(&inv),
        RuleId::IV6,
        &["Litware Resellers", rel.as_str(), "Tailspin Distribution"],
    );
}

#[test]
fn iv6_a_reseller_rejecting_terminates_the_relationship_and_declines_its_invitation() {
    let mut world = World::cast();
    let (inv, rel) = tailspin_for_litware(&mut world, "Litware helpdesk");
    world.ok(&partner(LITWARE), &reseller_reject(&rel));
    let r = world.relationship(&rel);
    assert_eq!(r.status, RelationshipStatus::Terminated);
    assert!(!r.partner_consent_pending);
    assert_eq!(
        r.history.last().and_then(|h| h.by.as_deref()),
        Some(&partner(LITWARE))
    );
    assert_eq!(world.invitation(&inv).status, InvitationStatus::Declined);
    world.refused(
        &customer(NORTHWIND),
        &accept(&inv),
        RuleId::IV2,
        &[inv.as_str(), "declined"],
    );
    world.refused(
        &partner(LITWARE),
        &reseller_approve(&rel),
        RuleId::IV6,
        &["already answered"],
    );
    world.assert_clean();
}

#[test]
fn iv6_refuses_anyone_but_the_reseller_approving_or_rejecting() {
    let mut world = World::cast();
    let (_, rel) = tailspin_for_litware(&mut world, "Litware helpdesk");
    for actor in [
        partner(WOODGROVE),
        partner(TAILSPIN),
        customer(NORTHWIND),
        operator(),
    ] {
        world.refused(
            &actor,
            &reseller_approve(&rel),
            RuleId::IV6,
            &["Litware Resellers", rel.as_str()],
        );
        world.refused(
            &actor,
            &reseller_reject(&rel),
            RuleId::IV6,
            &["Litware Resellers"],
        );
    }
}

#[test]
fn iv6_refuses_a_reseller_answering_twice_or_a_partners_own_request() {
    let mut world = World::cast();
    let (_, rel) = tailspin_for_litware(&mut world, "Litware helpdesk");
    world.ok(&partner(LITWARE), &reseller_approve(&rel));
    world.refused(
        &partner(LITWARE),
        &reseller_reject(&rel),
        RuleId::IV6,
        &["already answered", rel.as_str()],
    );
    let (_, own) = world.request_gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false));
    world.refused(
        &partner(CONTOSO),
        &reseller_approve(&own),
        RuleId::IV6,
        &[own.as_str()],
    );
}

#[test]
fn iv6_refuses_a_reseller_answering_a_request_that_expired_or_a_deleted_draft() {
    let mut world = World::cast();
    let (_, expired) = tailspin_for_litware(&mut world, "Litware helpdesk");
    world.pass_days(90);
    assert_eq!(
        world.relationship(&expired).status,
        RelationshipStatus::Expired
    );
    for answer in [reseller_approve(&expired), reseller_reject(&expired)] {
        world.refused(
            &partner(LITWARE),
            &answer,
            RuleId::IV6,
            &[expired.as_str(), "expired", "still open"],
        );
    }
    let applied = world.ok(
        &partner(TAILSPIN),
        &Action::Invite {
            customer_id: id(NORTHWIND),
            kind: InvitationKind::Gdap,
            via_provider_id: None,
            gdap: Some(named_gdap("Litware draft", &[HELPDESK_ADMIN], 90, false)),
            draft: true,
            for_reseller: Some(id(LITWARE)),
        },
    );
    let draft = World::event_id(&applied, RecordKind::Relationship);
    world.ok(&partner(TAILSPIN), &delete_draft(&draft));
    world.refused(
        &partner(LITWARE),
        &reseller_reject(&draft),
        RuleId::IV6,
        &[draft.as_str(), "deleted"],
    );
    assert_eq!(
        world.relationship(&draft).status,
        RelationshipStatus::Deleted,
        "a deleted draft stays deleted"
    );
}

#[test]
fn iv6_refuses_a_provider_asking_for_a_reseller_it_does_not_authorize() {
    let world = World::cast();
    let request = || named_gdap("For a reseller", &[HELPDESK_ADMIN], 90, false);
    world.refused(
        &partner(ADVENTURE),
        &gdap_for_reseller(NORTHWIND, LITWARE, request()),
        RuleId::IV6,
        &["Litware Resellers", "Adventure Works Distribution"],
    );
    world.refused(
        &partner(CONTOSO),
        &gdap_for_reseller(NORTHWIND, LITWARE, request()),
        RuleId::IV6,
        &["Contoso IT Services", "only an indirect provider"],
    );
    world.refused(
        &partner(TAILSPIN),
        &gdap_for_reseller(NORTHWIND, WOODGROVE, request()),
        RuleId::IV6,
        &["Woodgrove Cloud"],
    );
    world.refused(
        &partner(LITWARE),
        &gdap_for_reseller(NORTHWIND, LITWARE, request()),
        RuleId::IV6,
        &["Litware Resellers", "only an indirect provider"],
    );
}

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
// GD1: duration between P1D and P2Y

#[test]
fn gd1_refuses_a_zero_day_duration() {
    let world = World::cast();
    world.refused(
        &partner(CONTOSO),
        &gdap_invite(NORTHWIND, gdap(&[HELPDESK_ADMIN], 0, false)),
        RuleId::GD1,
        &["0 days", "730"],
    );
}

#[test]
fn gd1_refuses_a_duration_longer_than_two_years() {
    let world = World::cast();
    world.refused(
        &partner(CONTOSO),
        &gdap_invite(NORTHWIND, gdap(&[HELPDESK_ADMIN], 731, false)),
        RuleId::GD1,
        &["731 days"],
    );
}

#[test]
fn gd1_allows_one_day_and_exactly_two_years() {
    let mut world = World::cast();
    let two_years = DurationDays::parse("P2Y").unwrap();
    assert_eq!(two_years, DurationDays(730));
    let short = world.gdap(
        CONTOSO,
        NORTHWIND,
        named_gdap("One day", &[HELPDESK_ADMIN], 1, false),
    );
    let long = world.gdap(
        CONTOSO,
        NORTHWIND,
        GdapRequest {
            duration: two_years,
            ..named_gdap("Two years", &[HELPDESK_ADMIN], 1, false)
        },
    );
    assert_eq!(
        world.relationship(&short).end_date_time,
        Some(world.now.plus_days(1))
    );
    assert_eq!(
        world.relationship(&long).end_date_time,
        Some(world.now.plus_days(730))
    );
    world.assert_clean();
}

#[test]
fn gd1_load_reports_a_stored_duration_beyond_two_years() {
    let mut world = World::cast();
    let rel = world.gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false));
    let (_, diagnostics) = load_edited(&world, |file| {
        relationship_mut(file, &rel)["gdap"]["duration"] = json!("P800D");
    });
    assert!(
        diagnostics
            .iter()
            .any(|d| d.rule == RuleId::GD1 && d.path.contains(rel.as_str())),
        "{diagnostics:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// GD2: auto-extend is P180D or off, never with Global Administrator, changed only while created
// or active (the last 30 days included); at the end date auto-extended by 180 days, or expiring
// and a day later expired

#[test]
fn gd2_refuses_auto_extend_on_a_request_with_global_administrator() {
    let world = World::cast();
    let action = gdap_invite(NORTHWIND, gdap(&[HELPDESK_ADMIN, GLOBAL_ADMIN], 90, true));
    world.refused(
        &partner(CONTOSO),
        &action,
        RuleId::GD2,
        &["auto-extend", "Global Administrator"],
    );
}

#[test]
fn gd2_refuses_turning_auto_extend_on_for_a_relationship_with_global_administrator() {
    let mut world = World::cast();
    let rel = world.gdap(CONTOSO, NORTHWIND, gdap(&[GLOBAL_ADMIN], 90, false));
    world.refused(
        &partner(CONTOSO),
        &set_auto_extend(&rel, true),
        RuleId::GD2,
        &["Global Administrator"],
    );
}

#[test]
fn gd2_refuses_changing_auto_extend_on_an_ended_relationship() {
    let mut world = World::cast();
    let rel = world.gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 90, false));
    world.ok(&partner(CONTOSO), &terminate(&rel));
    world.refused(
        &partner(CONTOSO),
        &set_auto_extend(&rel, true),
        RuleId::GD2,
        &[rel.as_str(), "terminated"],
    );
}

#[test]
fn gd2_refuses_changing_auto_extend_while_awaiting_approval_expiring_or_expired() {
    let mut world = World::cast();
    let (_, pending) = world.request_gdap(
        CONTOSO,
        NORTHWIND,
        named_gdap("Pending", &[HELPDESK_ADMIN], 90, false),
    );
    world.refused(
        &partner(CONTOSO),
        &set_auto_extend(&pending, true),
        RuleId::GD2,
        &[pending.as_str(), "approvalPending"],
    );
    let rel = world.gdap(CONTOSO, ADATUM, gdap(&[HELPDESK_ADMIN], 40, false));
    world.pass_days(40);
    assert_eq!(
        world.relationship(&rel).status,
        RelationshipStatus::Expiring,
        "past its end date"
    );
    world.refused(
        &partner(CONTOSO),
        &set_auto_extend(&rel, true),
        RuleId::GD2,
        &[rel.as_str(), "expiring"],
    );
    world.pass_days(lifecycle::DEPROVISIONING_DAYS);
    assert_eq!(world.relationship(&rel).status, RelationshipStatus::Expired);
    world.refused(
        &partner(CONTOSO),
        &set_auto_extend(&rel, true),
        RuleId::GD2,
        &[rel.as_str(), "expired"],
    );
}

#[test]
fn gd2_refuses_changing_auto_extend_on_a_reseller_relationship() {
    let mut world = World::cast();
    let rel = world.resell(CONTOSO, NORTHWIND);
    world.refused(
        &partner(CONTOSO),
        &set_auto_extend(&rel, true),
        RuleId::GD2,
        &[rel.as_str(), "not GDAP"],
    );
}

#[test]
fn gd2_allows_auto_extend_without_global_administrator_and_turning_it_off_and_on_while_active() {
    let mut world = World::cast();
    let rel = world.gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 90, true));
    assert_eq!(
        world
            .relationship(&rel)
            .gdap
            .as_ref()
            .unwrap()
            .auto_extend_duration,
        AutoExtend::P180D
    );
    world.ok(&partner(CONTOSO), &set_auto_extend(&rel, false));
    assert_eq!(
        world
            .relationship(&rel)
            .gdap
            .as_ref()
            .unwrap()
            .auto_extend_duration,
        AutoExtend::Off
    );
    world.ok(&partner(CONTOSO), &set_auto_extend(&rel, true));
    assert!(
        world
            .ok(&partner(CONTOSO), &set_auto_extend(&rel, true))
            .is_noop(),
        "setting the same value changes nothing"
    );
    world.assert_clean();
}

#[test]
fn gd2_allows_changing_auto_extend_31_30_and_29_days_before_the_end_and_nothing_moves_before_it() {
    let mut world = World::cast();
    let rel = world.gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 60, false));
    let end = world.relationship(&rel).end_date_time.unwrap();
    for days_before in [31, 30, 29] {
        world.now = end.plus_days(-days_before);
        let applied = world.ok(&operator(), &Action::PassTime);
        assert!(
            applied.is_noop(),
            "nothing is due {days_before} days before the end: {:?}",
            applied.events
        );
        let r = world.relationship(&rel);
        assert_eq!(
            r.status,
            RelationshipStatus::Active,
            "{days_before} days before the end"
        );
        assert_eq!(
            lifecycle::ending_soon(r, world.now),
            (days_before <= 30).then_some(days_before),
            "ending soon is derived from the end date, never a status"
        );
        world.ok(&partner(CONTOSO), &set_auto_extend(&rel, true));
        world.ok(&partner(CONTOSO), &set_auto_extend(&rel, false));
    }
    world.now = end.plus_seconds(-1);
    assert!(world.ok(&operator(), &Action::PassTime).is_noop());
    let r = world.relationship(&rel);
    assert_eq!(
        (r.status, r.end_date_time),
        (RelationshipStatus::Active, Some(end))
    );
    world.assert_clean();
}

#[test]
fn gd2_at_its_end_date_an_auto_extended_relationship_gets_180_more_days_and_stays_active() {
    let mut world = World::cast();
    let rel = world.gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 60, true));
    let end = world.relationship(&rel).end_date_time.unwrap();
    world.now = end;
    let applied = world.ok(&operator(), &Action::PassTime);
    assert!(!applied.is_noop());
    let r = world.relationship(&rel);
    assert_eq!(r.status, RelationshipStatus::Active);
    assert_eq!(r.end_date_time, Some(end.plus_days(180)));
    let last = r.history.last().unwrap();
    assert_eq!((last.status, last.at), (RelationshipStatus::Active, end));
    assert!(last.note.as_deref().is_some_and(|n| n.contains("P180D")));
    assert!(
        !r.history
            .iter()
            .any(|h| h.status == RelationshipStatus::Expiring),
        "an auto-extended relationship never becomes expiring"
    );
    world.now = end.plus_days(1);
    assert!(world.ok(&operator(), &Action::PassTime).is_noop());
    // At its new end it is extended again.
    world.now = end.plus_days(180);
    world.ok(&operator(), &Action::PassTime);
    let r = world.relationship(&rel);
    assert_eq!(
        (r.status, r.end_date_time),
        (RelationshipStatus::Active, Some(end.plus_days(360)))
    );
    world.assert_clean();
}

#[test]
fn gd2_auto_extend_turned_on_the_day_before_the_end_extends_the_relationship_at_its_end() {
    let mut world = World::cast();
    let rel = world.gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 60, false));
    let end = world.relationship(&rel).end_date_time.unwrap();
    world.now = end.plus_days(-1);
    world.ok(&partner(CONTOSO), &set_auto_extend(&rel, true));
    world.now = end;
    world.ok(&operator(), &Action::PassTime);
    let r = world.relationship(&rel);
    assert_eq!(
        (r.status, r.end_date_time),
        (RelationshipStatus::Active, Some(end.plus_days(180)))
    );
}

#[test]
fn gd2_at_its_end_date_a_relationship_without_auto_extend_becomes_expiring_and_after_deprovisioning_expired()
 {
    let mut world = World::cast();
    let rel = world.gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 60, false));
    let end = world.relationship(&rel).end_date_time.unwrap();
    world.now = end;
    world.ok(&operator(), &Action::PassTime);
    let r = world.relationship(&rel);
    assert_eq!(r.status, RelationshipStatus::Expiring);
    assert_eq!(r.end_date_time, Some(end), "the end date stays");
    let last = r.history.last().unwrap();
    assert_eq!((last.status, last.at), (RelationshipStatus::Expiring, end));
    assert_eq!(last.by, None, "time, not a person, moved it");
    world.now = end
        .plus_days(lifecycle::DEPROVISIONING_DAYS)
        .plus_seconds(-1);
    assert!(world.ok(&operator(), &Action::PassTime).is_noop());
    assert_eq!(
        world.relationship(&rel).status,
        RelationshipStatus::Expiring
    );
    world.now = end.plus_days(lifecycle::DEPROVISIONING_DAYS);
    world.ok(&operator(), &Action::PassTime);
    let r = world.relationship(&rel);
    assert_eq!(r.status, RelationshipStatus::Expired);
    let statuses: Vec<RelationshipStatus> = r.history.iter().map(|h| h.status).collect();
    assert!(
        statuses.ends_with(&[
            RelationshipStatus::Active,
            RelationshipStatus::Expiring,
            RelationshipStatus::Expired
        ]),
        "{statuses:?}"
    );
    assert_eq!(
        r.history.last().unwrap().at,
        end.plus_days(lifecycle::DEPROVISIONING_DAYS)
    );
    world.assert_clean();
}

#[test]
fn gd2_time_passed_long_after_the_end_dates_expiring_and_expired_when_each_fell_due() {
    let mut world = World::cast();
    let rel = world.gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 60, false));
    let end = world.relationship(&rel).end_date_time.unwrap();
    world.now = end.plus_days(10);
    world.ok(&operator(), &Action::PassTime);
    let r = world.relationship(&rel);
    assert_eq!(r.status, RelationshipStatus::Expired);
    let tail: Vec<(RelationshipStatus, Time)> = r.history[r.history.len() - 2..]
        .iter()
        .map(|h| (h.status, h.at))
        .collect();
    assert_eq!(
        tail,
        vec![
            (RelationshipStatus::Expiring, end),
            (
                RelationshipStatus::Expired,
                end.plus_days(lifecycle::DEPROVISIONING_DAYS)
            )
        ]
    );
    world.assert_clean();
}

#[test]
fn gd2_load_refuses_an_auto_extension_other_than_180_days() {
    let mut world = World::cast();
    let rel = world.gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false));
    let mut file: Value = serde_json::from_slice(&to_json(&world.ws)).unwrap();
    relationship_mut(&mut file, &rel)["gdap"]["autoExtendDuration"] = json!("P90D");
    let error = parse_workspace(serde_json::to_string(&file).unwrap().as_bytes())
        .expect_err("P90D is not an auto-extension");
    let text = error.to_string();
    assert!(
        text.contains("GD2") && text.contains("autoExtendDuration"),
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------------
// GD3: at least one role, each a known Microsoft Entra built-in role

#[test]
fn gd3_refuses_a_gdap_request_without_roles() {
    let world = World::cast();
    world.refused(
        &partner(CONTOSO),
        &gdap_invite(NORTHWIND, gdap(&[], 30, false)),
        RuleId::GD3,
        &["at least one role"],
    );
    world.refused(
        &partner(CONTOSO),
        &gdap_invite(NORTHWIND, gdap(&["  "], 30, false)),
        RuleId::GD3,
        &["at least one role"],
    );
}

#[test]
fn gd3_refuses_a_role_that_is_not_a_built_in_role_and_names_it() {
    let world = World::cast();
    let action = gdap_invite(
        NORTHWIND,
        gdap(&[HELPDESK_ADMIN, "Chief Wizard"], 30, false),
    );
    world.refused(&partner(CONTOSO), &action, RuleId::GD3, &["Chief Wizard"]);
}

#[test]
fn gd3_refuses_a_gdap_invitation_without_its_details() {
    let world = World::cast();
    let action = invite_action(NORTHWIND, InvitationKind::Gdap, None, None);
    world.refused(
        &partner(CONTOSO),
        &action,
        RuleId::GD3,
        &["GDAP invitation"],
    );
}

#[test]
fn gd3_refuses_gdap_roles_on_a_reseller_invitation() {
    let world = World::cast();
    let action = invite_action(
        NORTHWIND,
        InvitationKind::Reseller,
        None,
        Some(gdap(&[HELPDESK_ADMIN], 30, false)),
    );
    world.refused(
        &partner(CONTOSO),
        &action,
        RuleId::GD3,
        &["reseller invitation"],
    );
}

#[test]
fn gd3_allows_roles_by_name_in_any_case_or_template_id_and_stores_template_ids_once() {
    let mut world = World::cast();
    let rel = world.gdap(
        CONTOSO,
        NORTHWIND,
        gdap(
            &[
                "helpdesk administrator",
                "729827e3-9c14-49f7-bb1b-9608f156bbb8",
                DIRECTORY_READERS,
            ],
            30,
            false,
        ),
    );
    let roles = &world.relationship(&rel).gdap.as_ref().unwrap().roles;
    let expected: Vec<String> = [HELPDESK_ADMIN, DIRECTORY_READERS]
        .iter()
        .map(|r| roles::find_role(r).unwrap().template_id.clone())
        .collect();
    assert_eq!(roles, &expected);
}

#[test]
fn gd3_load_reports_a_gdap_relationship_without_roles() {
    let mut world = World::cast();
    let rel = world.gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false));
    let (_, diagnostics) = load_edited(&world, |file| {
        relationship_mut(file, &rel)["gdap"]["roles"] = json!([]);
    });
    assert!(
        diagnostics.iter().any(|d| d.rule == RuleId::GD3),
        "{diagnostics:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// GD4: access assignments take a subset of an active relationship's roles

#[test]
fn gd4_refuses_an_assignment_with_a_role_the_relationship_does_not_grant() {
    let t = trading();
    let action = assign(
        &t.contoso_gdap,
        HELPDESK_AGENTS,
        &[HELPDESK_ADMIN, GLOBAL_ADMIN],
    );
    t.world.refused(
        &partner(CONTOSO),
        &action,
        RuleId::GD4,
        &["Global Administrator", t.contoso_gdap.as_str()],
    );
}

#[test]
fn gd4_refuses_an_assignment_on_a_relationship_awaiting_approval() {
    let mut world = World::cast();
    let (_, rel) = world.request_gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false));
    world.refused(
        &partner(CONTOSO),
        &assign(&rel, AGENTS, &[HELPDESK_ADMIN]),
        RuleId::GD4,
        &[rel.as_str(), "approvalPending"],
    );
}

#[test]
fn gd4_refuses_an_assignment_on_an_ended_relationship() {
    let mut t = trading();
    t.world
        .ok(&customer(NORTHWIND), &terminate(&t.contoso_gdap));
    t.world.refused(
        &partner(CONTOSO),
        &assign(&t.contoso_gdap, AGENTS, &[HELPDESK_ADMIN]),
        RuleId::GD4,
        &[t.contoso_gdap.as_str(), "terminated"],
    );
}

#[test]
fn gd4_refuses_an_assignment_on_a_reseller_relationship() {
    let t = trading();
    t.world.refused(
        &partner(CONTOSO),
        &assign(&t.contoso_reseller, AGENTS, &[HELPDESK_ADMIN]),
        RuleId::GD4,
        &[t.contoso_reseller.as_str(), "not GDAP"],
    );
}

#[test]
fn gd4_refuses_an_assignment_without_roles() {
    let t = trading();
    t.world.refused(
        &partner(CONTOSO),
        &assign(&t.contoso_gdap, AGENTS, &[]),
        RuleId::GD4,
        &["at least one role"],
    );
}

#[test]
fn gd4_refuses_removing_an_assignment_twice() {
    let mut t = trading();
    let applied = t.world.ok(
        &partner(CONTOSO),
        &assign(&t.contoso_gdap, AGENTS, &[HELPDESK_ADMIN]),
    );
    let asg = World::event_id(&applied, RecordKind::AccessAssignment);
    let remove = Action::RemoveAccessAssignment {
        assignment_id: asg.clone(),
    };
    t.world.ok(&partner(CONTOSO), &remove);
    t.world.refused(
        &partner(CONTOSO),
        &remove,
        RuleId::GD4,
        &[asg.as_str(), "already deleted"],
    );
}

#[test]
fn gd4_allows_a_subset_of_the_roles_on_an_active_relationship_and_its_removal() {
    let mut t = trading();
    let applied = t.world.ok(
        &partner(CONTOSO),
        &assign(&t.contoso_gdap, HELPDESK_AGENTS, &[HELPDESK_ADMIN]),
    );
    let asg = World::event_id(&applied, RecordKind::AccessAssignment);
    let a = t.world.ws.assignment(&asg).unwrap();
    assert_eq!((a.status, a.roles.len()), (AssignmentStatus::Active, 1));
    t.world.ok(
        &partner(CONTOSO),
        &assign(&t.contoso_gdap, USER_AGENTS, &[HELPDESK_ADMIN, USER_ADMIN]),
    );
    t.world.ok(
        &partner(CONTOSO),
        &Action::RemoveAccessAssignment {
            assignment_id: asg.clone(),
        },
    );
    assert_eq!(
        t.world.ws.assignment(&asg).unwrap().status,
        AssignmentStatus::Deleted,
        "removed assignments stay as history"
    );
    t.world.assert_clean();
}

#[test]
fn gd4_ending_a_relationship_ends_its_access_assignments() {
    let mut t = trading();
    let applied = t.world.ok(
        &partner(CONTOSO),
        &assign(&t.contoso_gdap, AGENTS, &[HELPDESK_ADMIN]),
    );
    let asg = World::event_id(&applied, RecordKind::AccessAssignment);
    t.world
        .ok(&customer(NORTHWIND), &terminate(&t.contoso_gdap));
    assert_eq!(
        t.world.ws.assignment(&asg).unwrap().status,
        AssignmentStatus::Deleted
    );
    t.world.assert_clean();
}

#[test]
fn gd4_a_relationship_past_its_end_loses_its_access_assignments() {
    let mut world = World::cast();
    let rel = world.gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 10, false));
    let applied = world.ok(&partner(CONTOSO), &assign(&rel, AGENTS, &[HELPDESK_ADMIN]));
    let asg = World::event_id(&applied, RecordKind::AccessAssignment);
    world.pass_days(9);
    assert_eq!(
        world.ws.assignment(&asg).unwrap().status,
        AssignmentStatus::Active,
        "access stays until the end date"
    );
    world.pass_days(1);
    assert_eq!(
        world.relationship(&rel).status,
        RelationshipStatus::Expiring
    );
    assert_eq!(
        world.ws.assignment(&asg).unwrap().status,
        AssignmentStatus::Deleted,
        "past its end date, the relationship's access is removed"
    );
    world.refused(
        &partner(CONTOSO),
        &assign(&rel, "other-agents", &[HELPDESK_ADMIN]),
        RuleId::GD4,
        &[rel.as_str(), "expiring"],
    );
    world.pass_days(lifecycle::DEPROVISIONING_DAYS);
    assert_eq!(world.relationship(&rel).status, RelationshipStatus::Expired);
    world.assert_clean();
}

#[test]
fn gd4_load_reports_an_assignment_role_outside_its_relationship() {
    let mut t = trading();
    let applied = t.world.ok(
        &partner(CONTOSO),
        &assign(&t.contoso_gdap, AGENTS, &[HELPDESK_ADMIN]),
    );
    let asg = World::event_id(&applied, RecordKind::AccessAssignment);
    let global = roles::GLOBAL_ADMINISTRATOR;
    let (_, diagnostics) = load_edited(&t.world, |file| {
        for a in file["accessAssignments"].as_array_mut().unwrap() {
            if a["id"] == asg.as_str() {
                a["roles"] = json!([global]);
            }
        }
    });
    assert!(
        diagnostics
            .iter()
            .any(|d| d.rule == RuleId::GD4 && d.message.contains("Global Administrator")),
        "{diagnostics:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// GD5: ending keeps the relationship as terminated history; subscriptions stay as they are

#[test]
fn gd5_terminating_keeps_the_relationship_as_terminated_history_with_who_and_when() {
    let mut t = trading();
    t.world.advance_days(3);
    let before = t.world.relationship(&t.contoso_gdap).clone();
    t.world
        .ok(&customer(NORTHWIND), &terminate(&t.contoso_gdap));
    let r = t.world.relationship(&t.contoso_gdap);
    assert_eq!(r.status, RelationshipStatus::Terminated);
    assert_eq!(r.end_date_time, Some(t.world.now));
    assert_eq!(r.gdap, before.gdap, "what it granted stays on record");
    assert_eq!(
        r.history[..before.history.len()],
        before.history[..],
        "earlier history is kept"
    );
    let added: Vec<RelationshipStatus> = r.history[before.history.len()..]
        .iter()
        .map(|h| h.status)
        .collect();
    assert_eq!(
        added,
        vec![
            RelationshipStatus::TerminationRequested,
            RelationshipStatus::Terminating,
            RelationshipStatus::Terminated
        ]
    );
    assert_eq!(
        r.history[before.history.len()].by.as_deref(),
        Some(&customer(NORTHWIND))
    );
    t.world.assert_clean();
}

#[test]
fn gd5_terminating_changes_no_subscription() {
    let mut t = trading();
    let subscriptions = subscription_bytes(&t.world.ws);
    t.world.ok(&partner(CONTOSO), &terminate(&t.contoso_gdap));
    t.world.ok(&partner(WOODGROVE), &suspend(&t.woodgrove_sub));
    let subscriptions_after_suspend = subscription_bytes(&t.world.ws);
    t.world
        .ok(&customer(NORTHWIND), &terminate(&t.woodgrove_reseller));
    assert_eq!(subscription_bytes(&t.world.ws), subscriptions_after_suspend);
    assert_eq!(
        subscriptions[&t.contoso_active_sub],
        subscriptions_after_suspend[&t.contoso_active_sub]
    );
    assert_eq!(
        t.world.ws.relationships().len(),
        3,
        "no relationship is deleted"
    );
}

#[test]
fn gd5_refuses_ending_a_relationship_that_already_ended() {
    let mut t = trading();
    t.world.ok(&partner(CONTOSO), &terminate(&t.contoso_gdap));
    t.world.refused(
        &customer(NORTHWIND),
        &terminate(&t.contoso_gdap),
        RuleId::GD5,
        &[t.contoso_gdap.as_str(), "terminated"],
    );
}

#[test]
fn gd5_refuses_ending_a_gdap_request_that_is_still_awaiting_approval() {
    let mut world = World::cast();
    let (_, rel) = world.request_gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false));
    world.refused(
        &partner(CONTOSO),
        &terminate(&rel),
        RuleId::GD5,
        &[rel.as_str(), "approvalPending"],
    );
}

#[test]
fn gd5_refuses_ending_a_draft_or_a_relationship_past_its_end() {
    let mut world = World::cast();
    let draft = world.draft_gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false));
    world.refused(
        &partner(CONTOSO),
        &terminate(&draft),
        RuleId::GD5,
        &[draft.as_str(), "created"],
    );
    let rel = world.gdap(CONTOSO, ADATUM, gdap(&[HELPDESK_ADMIN], 30, false));
    world.pass_days(30);
    world.refused(
        &customer(ADATUM),
        &terminate(&rel),
        RuleId::GD5,
        &[rel.as_str(), "expiring"],
    );
}

#[test]
fn gd5_an_expired_relationship_stays_as_history_with_what_it_granted() {
    let mut world = World::cast();
    let rel = world.gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false));
    let before = world.relationship(&rel).clone();
    world.pass_days(30 + lifecycle::DEPROVISIONING_DAYS);
    let r = world.relationship(&rel);
    assert!(r.status.is_ended());
    assert_eq!(r.gdap, before.gdap, "what it granted stays on record");
    assert_eq!(r.history[..before.history.len()], before.history[..]);
    assert_eq!(world.ws.relationships().len(), 1);
    world.refused(
        &partner(CONTOSO),
        &terminate(&rel),
        RuleId::GD5,
        &[rel.as_str(), "expired"],
    );
}

// ---------------------------------------------------------------------------------------------
// GD6: display name 1–50 characters, unique among the partner's relationships

#[test]
fn gd6_refuses_a_display_name_longer_than_50_characters() {
    let world = World::cast();
    let name = "N".repeat(51);
    let action = gdap_invite(NORTHWIND, named_gdap(&name, &[HELPDESK_ADMIN], 30, false));
    world.refused(
        &partner(CONTOSO),
        &action,
        RuleId::GD6,
        &["1-50 characters", "51"],
    );
}

#[test]
fn gd6_refuses_a_blank_display_name() {
    let world = World::cast();
    let action = gdap_invite(NORTHWIND, named_gdap("   ", &[HELPDESK_ADMIN], 30, false));
    world.refused(
        &partner(CONTOSO),
        &action,
        RuleId::GD6,
        &["1-50 characters"],
    );
}

#[test]
fn gd6_refuses_a_display_name_the_partner_already_uses_in_any_case_even_on_ended_history() {
    let mut world = World::cast();
    let rel = world.gdap(
        CONTOSO,
        NORTHWIND,
        named_gdap("Northwind helpdesk", &[HELPDESK_ADMIN], 30, false),
    );
    world.ok(&partner(CONTOSO), &terminate(&rel));
    let action = gdap_invite(
        ADATUM,
        named_gdap("NORTHWIND HELPDESK", &[HELPDESK_ADMIN], 30, false),
    );
    world.refused(
        &partner(CONTOSO),
        &action,
        RuleId::GD6,
        &["Contoso IT Services", "NORTHWIND HELPDESK"],
    );
}

#[test]
fn gd6_allows_50_characters_and_the_same_name_for_another_partner() {
    let mut world = World::cast();
    let name = "x".repeat(50);
    world.gdap(
        CONTOSO,
        NORTHWIND,
        named_gdap(&name, &[HELPDESK_ADMIN], 30, false),
    );
    world.gdap(
        WOODGROVE,
        NORTHWIND,
        named_gdap(&name, &[HELPDESK_ADMIN], 30, false),
    );
    world.assert_clean();
}

#[test]
fn gd6_allows_unnamed_requests_and_numbers_the_default_names() {
    let mut world = World::cast();
    let a = world.gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false));
    let b = world.gdap(CONTOSO, NORTHWIND, gdap(&[DIRECTORY_READERS], 30, false));
    let name = |rel: &Id| {
        world
            .relationship(rel)
            .gdap
            .as_ref()
            .unwrap()
            .display_name
            .clone()
    };
    assert_eq!(name(&a), "Contoso IT Services - Northwind Traders");
    assert_eq!(name(&b), "Contoso IT Services - Northwind Traders #2");
    world.assert_clean();
}

#[test]
fn gd6_load_reports_two_relationships_of_a_partner_with_the_same_name() {
    let mut world = World::cast();
    let a = world.gdap(
        CONTOSO,
        NORTHWIND,
        named_gdap("First", &[HELPDESK_ADMIN], 30, false),
    );
    let b = world.gdap(
        CONTOSO,
        ADATUM,
        named_gdap("Second", &[HELPDESK_ADMIN], 30, false),
    );
    let (_, diagnostics) = load_edited(&world, |file| {
        relationship_mut(file, &b)["gdap"]["displayName"] = json!("first");
    });
    assert!(
        diagnostics
            .iter()
            .any(|d| d.rule == RuleId::GD6 && d.message.contains(a.as_str())),
        "{diagnostics:?}"
    );
}

#[test]
fn gd6_refuses_a_second_gdap_relationship_with_the_same_customer_under_the_same_name() {
    let mut world = World::cast();
    let first = world.gdap(
        CONTOSO,
        NORTHWIND,
        named_gdap("Tier 1 support", &[HELPDESK_ADMIN], 90, false),
    );
    world.refused(
        &partner(CONTOSO),
        &gdap_invite(
            NORTHWIND,
            named_gdap("Tier 1 support", &[USER_ADMIN], 90, false),
        ),
        RuleId::GD6,
        &["Tier 1 support", first.as_str()],
    );
    world.refused(
        &partner(CONTOSO),
        &draft_gdap_invite(
            NORTHWIND,
            named_gdap("TIER 1 SUPPORT", &[USER_ADMIN], 90, false),
        ),
        RuleId::GD6,
        &[first.as_str()],
    );
}

// ---------------------------------------------------------------------------------------------
// GD7: a GDAP request is a draft the partner edits or deletes, then locks; a locked request is
// approved or expires; after approval only Global Administrator may be removed

#[test]
fn gd7_a_draft_has_no_invitation_and_grants_nothing_until_locked_and_approved() {
    let mut world = World::cast();
    let rel = world.draft_gdap(
        CONTOSO,
        NORTHWIND,
        named_gdap("Helpdesk", &[HELPDESK_ADMIN], 30, false),
    );
    let r = world.relationship(&rel);
    assert_eq!(r.status, RelationshipStatus::Created);
    assert_eq!((r.invitation_id.clone(), r.start_date_time), (None, None));
    assert_eq!(world.ws.invitations().len(), 0, "a draft asks nobody yet");
    assert!(world.ws.partners_of_customer(&id(NORTHWIND)).is_empty());
    world.advance_days(2);
    let inv = world.lock(CONTOSO, &rel);
    let r = world.relationship(&rel);
    assert_eq!(r.status, RelationshipStatus::ApprovalPending);
    assert_eq!(r.invitation_id, Some(inv.clone()));
    let i = world.invitation(&inv);
    assert_eq!(
        (i.kind, i.status, i.relationship_id.clone()),
        (
            InvitationKind::Gdap,
            InvitationStatus::Pending,
            Some(rel.clone())
        )
    );
    assert_eq!(i.expires_date_time, world.now.plus_days(90));
    world.accept(NORTHWIND, &inv);
    assert_eq!(world.relationship(&rel).status, RelationshipStatus::Active);
    world.assert_clean();
}

#[test]
fn gd7_a_plain_gdap_invitation_is_created_and_locked_at_once() {
    let mut world = World::cast();
    let (inv, rel) = world.request_gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false));
    let statuses: Vec<RelationshipStatus> = world
        .relationship(&rel)
        .history
        .iter()
        .map(|h| h.status)
        .collect();
    assert_eq!(
        statuses,
        vec![
            RelationshipStatus::Created,
            RelationshipStatus::ApprovalPending
        ]
    );
    assert_eq!(world.invitation(&inv).status, InvitationStatus::Pending);
}

#[test]
fn gd7_allows_editing_a_draft_and_checks_the_edit_as_a_new_request() {
    let mut world = World::cast();
    world.gdap(
        CONTOSO,
        ADATUM,
        named_gdap("Taken", &[HELPDESK_ADMIN], 30, false),
    );
    let rel = world.draft_gdap(
        CONTOSO,
        NORTHWIND,
        named_gdap("Draft", &[HELPDESK_ADMIN], 30, false),
    );
    let edit = Action::EditDraft {
        relationship_id: rel.clone(),
        display_name: Some("Northwind support".into()),
        roles: Some(vec![USER_ADMIN.into(), DIRECTORY_READERS.into()]),
        duration: Some(DurationDays(120)),
        auto_extend_duration: Some(AutoExtend::P180D),
    };
    world.ok(&partner(CONTOSO), &edit);
    let g = world.relationship(&rel).gdap.clone().unwrap();
    assert_eq!(g.display_name, "Northwind support");
    assert_eq!(g.roles.len(), 2);
    assert_eq!(
        (g.duration, g.auto_extend_duration),
        (DurationDays(120), AutoExtend::P180D)
    );
    assert!(
        world
            .ok(&partner(CONTOSO), &rename_draft(&rel, "Northwind support"))
            .is_noop(),
        "an edit that changes nothing is a no-op"
    );
    world.refused(
        &partner(CONTOSO),
        &rename_draft(&rel, "taken"),
        RuleId::GD6,
        &["taken"],
    );
    let with_global_admin = Action::EditDraft {
        relationship_id: rel.clone(),
        display_name: None,
        roles: Some(vec![GLOBAL_ADMIN.into()]),
        duration: None,
        auto_extend_duration: None,
    };
    world.refused(
        &partner(CONTOSO),
        &with_global_admin,
        RuleId::GD2,
        &["Global Administrator"],
    );
    let too_long = Action::EditDraft {
        relationship_id: rel.clone(),
        display_name: None,
        roles: None,
        duration: Some(DurationDays(731)),
        auto_extend_duration: None,
    };
    world.refused(&partner(CONTOSO), &too_long, RuleId::GD1, &["731 days"]);
    world.assert_clean();
}

#[test]
fn gd7_refuses_editing_deleting_or_locking_again_once_locked() {
    let mut world = World::cast();
    let rel = world.draft_gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false));
    world.lock(CONTOSO, &rel);
    for action in [
        rename_draft(&rel, "Renamed"),
        delete_draft(&rel),
        lock(&rel),
    ] {
        world.refused(
            &partner(CONTOSO),
            &action,
            RuleId::GD7,
            &[rel.as_str(), "approvalPending", "draft"],
        );
    }
}

#[test]
fn gd7_refuses_editing_an_active_relationship() {
    let t = trading();
    t.world.refused(
        &partner(CONTOSO),
        &rename_draft(&t.contoso_gdap, "Renamed"),
        RuleId::GD7,
        &[t.contoso_gdap.as_str(), "active"],
    );
}

#[test]
fn gd7_allows_deleting_a_draft_which_stays_as_deleted_history() {
    let mut world = World::cast();
    let rel = world.draft_gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false));
    world.advance_days(1);
    world.ok(&partner(CONTOSO), &delete_draft(&rel));
    let r = world.relationship(&rel);
    assert_eq!(r.status, RelationshipStatus::Deleted);
    assert!(r.status.is_ended());
    assert_eq!(r.end_date_time, Some(world.now));
    assert_eq!(world.ws.invitations().len(), 0);
    for action in [rename_draft(&rel, "Again"), delete_draft(&rel), lock(&rel)] {
        world.refused(
            &partner(CONTOSO),
            &action,
            RuleId::GD7,
            &[rel.as_str(), "deleted"],
        );
    }
    world.assert_clean();
}

#[test]
fn gd7_a_deleted_draft_frees_its_name() {
    let mut world = World::cast();
    let draft = world.draft_gdap(
        CONTOSO,
        NORTHWIND,
        named_gdap("Helpdesk", &[HELPDESK_ADMIN], 30, false),
    );
    world.refused(
        &partner(CONTOSO),
        &gdap_invite(
            NORTHWIND,
            named_gdap("Helpdesk", &[HELPDESK_ADMIN], 30, false),
        ),
        RuleId::GD6,
        &["Helpdesk", draft.as_str()],
    );
    world.ok(&partner(CONTOSO), &delete_draft(&draft));
    let rel = world.gdap(
        CONTOSO,
        NORTHWIND,
        named_gdap("Helpdesk", &[HELPDESK_ADMIN], 30, false),
    );
    assert_eq!(world.relationship(&rel).status, RelationshipStatus::Active);
    world.assert_clean();
}

#[test]
fn gd7_refuses_revoking_a_locked_gdap_request() {
    let mut world = World::cast();
    let (inv, rel) = world.request_gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false));
    world.refused(
        &partner(CONTOSO),
        &revoke(&inv),
        RuleId::GD7,
        &[inv.as_str(), "cannot be withdrawn"],
    );
    assert_eq!(
        world.relationship(&rel).status,
        RelationshipStatus::ApprovalPending
    );
}

#[test]
fn gd7_refuses_declining_a_gdap_request() {
    let mut world = World::cast();
    let (inv, _) = world.request_gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false));
    world.refused(
        &customer(NORTHWIND),
        &decline(&inv),
        RuleId::GD7,
        &[inv.as_str(), "no decline"],
    );
}

#[test]
fn gd7_refuses_a_draft_or_a_reseller_for_a_reseller_invitation() {
    let world = World::cast();
    let draft = Action::Invite {
        customer_id: id(NORTHWIND),
        kind: InvitationKind::Reseller,
        via_provider_id: None,
        gdap: None,
        draft: true,
        for_reseller: None,
    };
    world.refused(
        &partner(CONTOSO),
        &draft,
        RuleId::GD7,
        &["reseller invitation"],
    );
    let for_reseller = Action::Invite {
        customer_id: id(NORTHWIND),
        kind: InvitationKind::Reseller,
        via_provider_id: None,
        gdap: None,
        draft: false,
        for_reseller: Some(id(LITWARE)),
    };
    world.refused(
        &partner(TAILSPIN),
        &for_reseller,
        RuleId::GD7,
        &["reseller invitation"],
    );
}

#[test]
fn gd7_refuses_draft_moves_on_a_reseller_relationship() {
    let mut world = World::cast();
    let rel = world.resell(CONTOSO, NORTHWIND);
    for action in [lock(&rel), rename_draft(&rel, "X"), delete_draft(&rel)] {
        world.refused(
            &partner(CONTOSO),
            &action,
            RuleId::GD7,
            &[rel.as_str(), "not GDAP"],
        );
    }
}

#[test]
fn op1_refuses_anyone_but_the_partner_that_made_a_draft_locking_editing_or_deleting_it() {
    let mut world = World::cast();
    let rel = world.draft_gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false));
    for actor in [partner(WOODGROVE), customer(NORTHWIND), operator()] {
        for action in [lock(&rel), rename_draft(&rel, "Mine"), delete_draft(&rel)] {
            world.refused(
                &actor,
                &action,
                RuleId::OP1,
                &[rel.as_str(), "Contoso IT Services"],
            );
        }
    }
}

/// Contoso IT's active relationship with Northwind granting Global Administrator and Helpdesk
/// Administrator, with three access assignments: Global Administrator only, both, Helpdesk only.
fn global_admin_world() -> (World, Id, [Id; 3]) {
    let mut world = World::cast();
    let rel = world.gdap(
        CONTOSO,
        NORTHWIND,
        named_gdap("Admin", &[GLOBAL_ADMIN, HELPDESK_ADMIN], 90, false),
    );
    let mut assignment = |group: &str, roles: &[&str]| {
        let applied = world.ok(&partner(CONTOSO), &assign(&rel, group, roles));
        World::event_id(&applied, RecordKind::AccessAssignment)
    };
    let ids = [
        assignment("5a7e0c2d-1b3f-4e6a-9c8d-7f6e5d4c3b2a", &[GLOBAL_ADMIN]),
        assignment(
            "6b8f1d3e-2c4a-4f7b-8d9e-8a7f6e5d4c3b",
            &[GLOBAL_ADMIN, HELPDESK_ADMIN],
        ),
        assignment("7c9a2e4f-3d5b-4a8c-9eaf-9b8a7f6e5d4c", &[HELPDESK_ADMIN]),
    ];
    (world, rel, ids)
}

#[test]
fn gd7_allows_removing_global_administrator_from_an_active_relationship_and_its_assignments() {
    let (mut world, rel, [admins, both, helpdesk]) = global_admin_world();
    let helpdesk_id = roles::find_role(HELPDESK_ADMIN)
        .unwrap()
        .template_id
        .clone();
    let helpdesk_before = world.ws.assignment(&helpdesk).unwrap().clone();
    world.ok(&partner(CONTOSO), &remove_global_admin(&rel));
    let r = world.relationship(&rel);
    assert_eq!(r.status, RelationshipStatus::Active);
    assert_eq!(r.gdap.as_ref().unwrap().roles, vec![helpdesk_id.clone()]);
    let admins = world.ws.assignment(&admins).unwrap();
    assert_eq!(
        admins.status,
        AssignmentStatus::Deleted,
        "an assignment left with no role ends"
    );
    let both = world.ws.assignment(&both).unwrap();
    assert_eq!(
        (both.status, both.roles.clone()),
        (AssignmentStatus::Active, vec![helpdesk_id.into()])
    );
    assert_eq!(world.ws.assignment(&helpdesk).unwrap(), &helpdesk_before);
    // Without Global Administrator, auto-extension is allowed (GD2).
    world.ok(&partner(CONTOSO), &set_auto_extend(&rel, true));
    world.refused(
        &partner(CONTOSO),
        &remove_global_admin(&rel),
        RuleId::GD7,
        &[rel.as_str(), "does not grant Global Administrator"],
    );
    world.assert_clean();
}

#[test]
fn gd7_refuses_removing_global_administrator_before_approval_or_after_the_end() {
    let mut world = World::cast();
    let (_, pending) = world.request_gdap(
        CONTOSO,
        NORTHWIND,
        named_gdap("Pending admin", &[GLOBAL_ADMIN, HELPDESK_ADMIN], 90, false),
    );
    world.refused(
        &partner(CONTOSO),
        &remove_global_admin(&pending),
        RuleId::GD7,
        &[
            pending.as_str(),
            "approvalPending",
            "only from an active relationship",
        ],
    );
    let draft = world.draft_gdap(
        CONTOSO,
        NORTHWIND,
        named_gdap("Draft admin", &[GLOBAL_ADMIN, HELPDESK_ADMIN], 90, false),
    );
    world.refused(
        &partner(CONTOSO),
        &remove_global_admin(&draft),
        RuleId::GD7,
        &[draft.as_str(), "created"],
    );
    let ended = world.gdap(
        CONTOSO,
        ADATUM,
        named_gdap("Ended admin", &[GLOBAL_ADMIN, HELPDESK_ADMIN], 30, false),
    );
    world.pass_days(30);
    world.refused(
        &partner(CONTOSO),
        &remove_global_admin(&ended),
        RuleId::GD7,
        &[ended.as_str(), "expiring"],
    );
}

#[test]
fn gd3_refuses_removing_global_administrator_when_it_is_the_only_role() {
    let mut world = World::cast();
    let rel = world.gdap(CONTOSO, NORTHWIND, gdap(&[GLOBAL_ADMIN], 30, false));
    world.refused(
        &partner(CONTOSO),
        &remove_global_admin(&rel),
        RuleId::GD3,
        &[rel.as_str(), "only role"],
    );
}

#[test]
fn op1_refuses_anyone_but_the_relationships_partner_removing_global_administrator() {
    let (world, rel, _) = global_admin_world();
    for actor in [partner(WOODGROVE), customer(NORTHWIND), operator()] {
        world.refused(
            &actor,
            &remove_global_admin(&rel),
            RuleId::OP1,
            &["Contoso IT Services"],
        );
    }
}

// ---------------------------------------------------------------------------------------------
// DP1: DAP is retired from 9 October 2023

#[test]
fn dp1_allows_a_reseller_and_dap_invitation_the_second_before_retirement_and_grants_dap() {
    let mut world = World::cast_at(dap_era());
    world.now = at("2023-10-08T23:59:59Z");
    let inv = world.invite(CONTOSO, &dap_invite(NORTHWIND));
    world.accept(NORTHWIND, &inv);
    world.relationship_in_force(CONTOSO, NORTHWIND, RelationshipKind::Reseller);
    world.relationship_in_force(CONTOSO, NORTHWIND, RelationshipKind::DelegatedAdmin);
    world.assert_clean();
}

#[test]
fn dp1_refuses_a_reseller_and_dap_invitation_from_9_october_2023() {
    let mut world = World::cast_at(dap_era());
    world.now = at("2023-10-09T00:00:00Z");
    world.refused(
        &partner(CONTOSO),
        &dap_invite(NORTHWIND),
        RuleId::DP1,
        &["2023-10-09", "GDAP"],
    );
    let today = World::cast();
    today.refused(
        &partner(CONTOSO),
        &dap_invite(NORTHWIND),
        RuleId::DP1,
        &["retired"],
    );
    // Reseller and GDAP requests are not DAP.
    world.resell(CONTOSO, NORTHWIND);
    world.gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false));
}

#[test]
fn dp1_accepting_a_dap_invitation_after_retirement_grants_the_reseller_relationship_only() {
    let mut world = World::cast_at(dap_era());
    world.now = at("2023-10-08T23:59:59Z");
    let inv = world.invite(CONTOSO, &dap_invite(NORTHWIND));
    world.now = at("2023-10-09T00:00:00Z");
    let applied = world.accept(NORTHWIND, &inv);
    assert!(
        applied
            .events
            .iter()
            .any(|e| e.id == inv && e.change.contains("DAP not granted")),
        "{:?}",
        applied.events
    );
    assert_eq!(world.invitation(&inv).status, InvitationStatus::Accepted);
    let kinds: Vec<RelationshipKind> = world
        .ws
        .relationships_of_customer(&id(NORTHWIND))
        .map(|r| r.kind)
        .collect();
    assert_eq!(kinds, vec![RelationshipKind::Reseller]);
    world.assert_clean();
}

#[test]
fn dp1_allows_terminating_a_dap_relationship_after_retirement() {
    let mut world = World::cast_at(dap_era());
    let inv = world.invite(CONTOSO, &dap_invite(NORTHWIND));
    world.accept(NORTHWIND, &inv);
    let dap = world.relationship_in_force(CONTOSO, NORTHWIND, RelationshipKind::DelegatedAdmin);
    world.now = t0();
    world.assert_clean();
    world.ok(&customer(NORTHWIND), &terminate(&dap));
    assert_eq!(
        world.relationship(&dap).status,
        RelationshipStatus::Terminated
    );
    world.assert_clean();
}

#[test]
fn dp1_an_older_file_with_dap_made_after_retirement_still_opens_and_the_dap_can_be_terminated() {
    let mut world = World::cast_at(dap_era());
    let inv = world.invite(CONTOSO, &dap_invite(NORTHWIND));
    world.accept(NORTHWIND, &inv);
    let dap = world.relationship_in_force(CONTOSO, NORTHWIND, RelationshipKind::DelegatedAdmin);
    let (ws, diagnostics) = load_edited(&world, |file| {
        relationship_mut(file, &dap)["createdDateTime"] = json!("2024-01-01T00:00:00Z");
        relationship_mut(file, &dap)["startDateTime"] = json!("2024-01-01T00:00:00Z");
    });
    assert!(
        diagnostics.iter().all(|d| d.rule != RuleId::DP1),
        "DP1 refuses new DAP; it never locks an operator out of an older file: {diagnostics:?}"
    );
    let later = Time::parse("2026-11-24T10:00:00Z").unwrap();
    let ended = apply(&ws, &partner(CONTOSO), &terminate(&dap), later).expect("DAP can be ended");
    assert_eq!(
        ended.workspace.relationship(&dap).unwrap().status,
        RelationshipStatus::Terminated
    );
}

// ---------------------------------------------------------------------------------------------
// WS1: unique ids, existing references

#[test]
fn ws1_refuses_an_actor_that_is_not_in_the_workspace() {
    let mut world = World::cast();
    let inv = world.invite_reseller(CONTOSO, NORTHWIND);
    world.refused(
        &partner("ghost"),
        &reseller_invite(NORTHWIND),
        RuleId::WS1,
        &["`ghost`", "not a partner"],
    );
    world.refused(
        &customer("ghost"),
        &accept(&inv),
        RuleId::WS1,
        &["`ghost`", "not a customer"],
    );
}

#[test]
fn ws1_refuses_adding_a_partner_or_customer_with_a_taken_id() {
    let world = World::cast();
    let record = partner_record(
        CONTOSO,
        "Another Contoso",
        "33333333-0000-4000-8000-000000000009",
        BillingModel::DirectBill,
        &[],
    );
    world.refused(
        &operator(),
        &Action::AddPartner { partner: record },
        RuleId::WS1,
        &["`contoso-it`", "already taken"],
    );
    let record = customer_record(
        NORTHWIND,
        "Northwind again",
        "33333333-0000-4000-8000-000000000010",
        "US",
        false,
    );
    world.refused(
        &operator(),
        &Action::AddCustomer { customer: record },
        RuleId::WS1,
        &["`northwind`", "already taken"],
    );
}

#[test]
fn ws1_refuses_references_to_records_that_do_not_exist() {
    let world = World::cast();
    world.refused(
        &partner(CONTOSO),
        &reseller_invite("nobody"),
        RuleId::WS1,
        &["`nobody`", "not a customer"],
    );
    world.refused(
        &customer(NORTHWIND),
        &accept(&id("inv-404")),
        RuleId::WS1,
        &["`inv-404`", "not an invitation"],
    );
    world.refused(
        &partner(CONTOSO),
        &terminate(&id("rel-404")),
        RuleId::WS1,
        &["`rel-404`", "not a relationship"],
    );
    world.refused(
        &partner(CONTOSO),
        &suspend(&id("sub-404")),
        RuleId::WS1,
        &["`sub-404`", "not a subscription"],
    );
    let remove = Action::RemoveAccessAssignment {
        assignment_id: id("asg-404"),
    };
    world.refused(
        &partner(CONTOSO),
        &remove,
        RuleId::WS1,
        &["`asg-404`", "not an access assignment"],
    );
    let record = partner_record(
        "vanarsdel",
        "VanArsdel Ltd",
        "33333333-0000-4000-8000-000000000001",
        BillingModel::IndirectReseller,
        &["nowhere"],
    );
    world.refused(
        &operator(),
        &Action::AddPartner { partner: record },
        RuleId::WS1,
        &["`nowhere`"],
    );
    let edit = partner_record(
        "nobody",
        "Nobody",
        "33333333-0000-4000-8000-000000000002",
        BillingModel::DirectBill,
        &[],
    );
    world.refused(
        &operator(),
        &Action::EditPartner { partner: edit },
        RuleId::WS1,
        &["`nobody`"],
    );
}

#[test]
fn ws1_refuses_a_partner_without_a_display_name() {
    let world = World::cast();
    let record = partner_record(
        "blank",
        " ",
        "33333333-0000-4000-8000-000000000003",
        BillingModel::DirectBill,
        &[],
    );
    world.refused(
        &operator(),
        &Action::AddPartner { partner: record },
        RuleId::WS1,
        &["displayName"],
    );
}

#[test]
fn ws1_refuses_a_second_assignment_for_the_same_security_group() {
    let mut t = trading();
    t.world.ok(
        &partner(CONTOSO),
        &assign(&t.contoso_gdap, AGENTS, &[HELPDESK_ADMIN]),
    );
    t.world.refused(
        &partner(CONTOSO),
        &assign(&t.contoso_gdap, &AGENTS.to_ascii_uppercase(), &[USER_ADMIN]),
        RuleId::WS1,
        &[AGENTS, t.contoso_gdap.as_str()],
    );
}

#[test]
fn ws1_allows_new_records_with_fresh_ids_and_creates_unique_ids_itself() {
    let mut t = trading();
    t.world.ok(
        &operator(),
        &Action::AddPartner {
            partner: partner_record(
                "vanarsdel",
                "VanArsdel Ltd",
                "33333333-0000-4000-8000-000000000001",
                BillingModel::IndirectReseller,
                &[TAILSPIN, ADVENTURE],
            ),
        },
    );
    let ids: Vec<String> = t
        .world
        .ws
        .relationships()
        .map(|r| r.id.to_string())
        .chain(t.world.ws.invitations().map(|i| i.id.to_string()))
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len());
    t.world.assert_clean();
}

#[test]
fn ws1_load_reports_a_duplicate_id_and_keeps_the_first_record() {
    let t = trading();
    let (ws, diagnostics) = load_edited(&t.world, |file| {
        let customers = file["customers"].as_array_mut().unwrap();
        let mut twin = customers[0].clone();
        twin["displayName"] = json!("Impostor");
        customers.push(twin);
    });
    let duplicate: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.rule == RuleId::WS1)
        .collect();
    assert_eq!(duplicate.len(), 1, "{diagnostics:?}");
    assert!(
        duplicate[0].path.starts_with("customers[")
            && duplicate[0].message.contains("used by an earlier record"),
        "{duplicate:?}"
    );
    assert!(ws.customers().all(|c| c.display_name != "Impostor"));
}

#[test]
fn ws1_load_reports_a_dangling_reference() {
    let t = trading();
    let sub = t.contoso_active_sub.clone();
    let (_, diagnostics) = load_edited(&t.world, |file| {
        for s in file["subscriptions"].as_array_mut().unwrap() {
            if s["id"] == sub.as_str() {
                s["customerId"] = json!("ghost-customer");
            }
        }
    });
    assert!(
        diagnostics.iter().any(|d| d.rule == RuleId::WS1
            && d.path.contains(sub.as_str())
            && d.message.contains("ghost-customer")),
        "{diagnostics:?}"
    );
}

#[test]
fn ws1_load_reports_an_invitation_naming_a_missing_relationship() {
    let mut world = World::cast();
    let (inv, _) = world.request_gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false));
    let (_, diagnostics) = load_edited(&world, |file| {
        file["invitations"][0]["relationshipId"] = json!("rel-404");
    });
    assert!(
        diagnostics.iter().any(|d| d.rule == RuleId::WS1
            && d.path.contains(inv.as_str())
            && d.message.contains("rel-404")),
        "{diagnostics:?}"
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
// WS3: real RFC 3339 dates, no end before its start

#[test]
fn ws4_refuses_a_customer_whose_name_is_longer_than_a_field_holds() {
    let world = World::cast();
    let long = "N".repeat(partnerdesk::store::MAX_STRING_BYTES + 1);
    let customer = customer_record(
        "long",
        &long,
        "33333333-0000-4000-8000-000000000009",
        "US",
        false,
    );
    world.refused(
        &operator(),
        &Action::AddCustomer { customer },
        RuleId::WS4,
        &["customer long", "displayName", "1048576 bytes"],
    );
}

#[test]
fn ws4_measures_text_as_the_file_writes_it_escapes_included() {
    // 200,000 control characters are 200 KB of text but 1.2 MB in the file (`\u0001` each).
    let world = World::cast();
    let name = "\u{1}".repeat(200_000);
    let customer = customer_record(
        "ctl",
        &name,
        "33333333-0000-4000-8000-000000000009",
        "US",
        false,
    );
    world.refused(
        &operator(),
        &Action::AddCustomer { customer },
        RuleId::WS4,
        &["customer ctl", "displayName"],
    );
}

#[test]
fn ws3_refuses_ending_a_relationship_before_it_started() {
    let mut world = World::cast();
    world.advance_days(10);
    let rel = world.resell(CONTOSO, NORTHWIND);
    let earlier = world.now.plus_days(-5);
    // With its audit trail, TM1 refuses any action dated before the acceptance first
    // (tm1_refuses_an_action_dated_before_the_audit_trails_last_entry); a file without one
    // still meets WS3.
    let (ws, diagnostics) = load_edited(&world, |file| file["audit"] = json!([]));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    world.ws = ws;
    world.refused_at(
        &partner(CONTOSO),
        &terminate(&rel),
        earlier,
        RuleId::WS3,
        &[&format!("relationship {rel} ends"), "before it starts"],
    );
}

#[test]
fn ws3_allows_ending_a_relationship_the_moment_it_started() {
    let mut world = World::cast();
    let rel = world.resell(CONTOSO, NORTHWIND);
    world.ok(&partner(CONTOSO), &terminate(&rel));
    let r = world.relationship(&rel);
    assert_eq!(r.start_date_time, r.end_date_time);
    world.assert_clean();
}

#[test]
fn ws3_load_reports_a_relationship_ending_before_it_starts() {
    let mut world = World::cast();
    let rel = world.gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false));
    let (_, diagnostics) = load_edited(&world, |file| {
        relationship_mut(file, &rel)["endDateTime"] = json!("2026-01-01T00:00:00Z");
    });
    assert!(
        diagnostics.iter().any(|d| d.rule == RuleId::WS3
            && d.path.contains(rel.as_str())
            && d.message.contains("before it starts")),
        "{diagnostics:?}"
    );
}

#[test]
fn ws3_load_reports_an_invitation_expiring_before_it_was_created() {
    let mut world = World::cast();
    let inv = world.invite_reseller(CONTOSO, NORTHWIND);
    let (_, diagnostics) = load_edited(&world, |file| {
        file["invitations"][0]["expiresDateTime"] = json!("2025-01-01T00:00:00Z");
    });
    assert!(
        diagnostics
            .iter()
            .any(|d| d.rule == RuleId::WS3 && d.path.contains(inv.as_str())),
        "{diagnostics:?}"
    );
}

#[test]
fn ws3_load_refuses_a_date_that_does_not_exist_naming_the_field() {
    let mut world = World::cast();
    world.invite_reseller(CONTOSO, NORTHWIND);
    let mut file: Value = serde_json::from_slice(&to_json(&world.ws)).unwrap();
    file["invitations"][0]["createdDateTime"] = json!("2026-02-30T09:00:00Z");
    let error = parse_workspace(serde_json::to_string_pretty(&file).unwrap().as_bytes())
        .expect_err("February 30th");
    let text = error.to_string();
    assert!(
        text.contains("invitations[0].createdDateTime") && text.contains("RFC 3339"),
        "{text}"
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

// ---------------------------------------------------------------------------------------------
// OP1: who may act

#[test]
fn op1_refuses_a_partner_or_customer_maintaining_master_data() {
    let world = World::cast();
    let newcomer = customer_record(
        "tailwind",
        "Tailwind Traders",
        "44444444-0000-4000-8000-000000000001",
        "NL",
        false,
    );
    world.refused(
        &partner(CONTOSO),
        &Action::AddCustomer {
            customer: newcomer.clone(),
        },
        RuleId::OP1,
        &["partner:contoso-it", "operator"],
    );
    let mut northwind = world.ws.customer(&id(NORTHWIND)).unwrap().clone();
    northwind.display_name = "Northwind (renamed)".into();
    world.refused(
        &customer(NORTHWIND),
        &Action::EditCustomer {
            customer: northwind,
        },
        RuleId::OP1,
        &["customer:northwind", "operator"],
    );
    let mut contoso = world.ws.partner(&id(CONTOSO)).unwrap().clone();
    contoso.specialties.push(Specialty::Azure);
    world.refused(
        &partner(CONTOSO),
        &Action::EditPartner {
            partner: contoso.clone(),
        },
        RuleId::OP1,
        &["partner:contoso-it"],
    );
    world.refused(
        &customer(NORTHWIND),
        &Action::AddPartner {
            partner: partner_record("x", "X", "x", BillingModel::DirectBill, &[]),
        },
        RuleId::OP1,
        &["customer:northwind"],
    );
}

#[test]
fn op1_refuses_the_operator_ending_a_relationship() {
    let t = trading();
    t.world.refused(
        &operator(),
        &terminate(&t.contoso_gdap),
        RuleId::OP1,
        &[
            "operator",
            t.contoso_gdap.as_str(),
            "Contoso IT Services",
            "Northwind Traders",
        ],
    );
}

#[test]
fn op1_refuses_a_partner_ending_another_partners_relationship() {
    let t = trading();
    t.world.refused(
        &partner(WOODGROVE),
        &terminate(&t.contoso_gdap),
        RuleId::OP1,
        &["partner:woodgrove", t.contoso_gdap.as_str()],
    );
    t.world.refused(
        &customer(ADATUM),
        &terminate(&t.contoso_gdap),
        RuleId::OP1,
        &["customer:adatum"],
    );
}

#[test]
fn op1_refuses_anyone_but_the_relationships_partner_managing_its_gdap() {
    let mut t = trading();
    let rel = t.contoso_gdap.clone();
    t.world.refused(
        &customer(NORTHWIND),
        &set_auto_extend(&rel, false),
        RuleId::OP1,
        &["customer:northwind", "Contoso IT Services"],
    );
    t.world.refused(
        &partner(WOODGROVE),
        &assign(&rel, AGENTS, &[HELPDESK_ADMIN]),
        RuleId::OP1,
        &["partner:woodgrove", "Contoso IT Services"],
    );
    let applied = t
        .world
        .ok(&partner(CONTOSO), &assign(&rel, AGENTS, &[HELPDESK_ADMIN]));
    let asg = World::event_id(&applied, RecordKind::AccessAssignment);
    let remove = Action::RemoveAccessAssignment { assignment_id: asg };
    t.world.refused(
        &operator(),
        &remove,
        RuleId::OP1,
        &["operator", "Contoso IT Services"],
    );
}

#[test]
fn op1_allows_the_operator_to_add_and_edit_master_data_and_records_who_did_it() {
    let mut world = World::cast();
    let mut northwind = world.ws.customer(&id(NORTHWIND)).unwrap().clone();
    northwind.display_name = "Northwind Traders Ltd".into();
    world.ok(
        &operator(),
        &Action::EditCustomer {
            customer: northwind,
        },
    );
    let mut contoso = world.ws.partner(&id(CONTOSO)).unwrap().clone();
    contoso.specialties.push(Specialty::Azure);
    world.ok(&operator(), &Action::EditPartner { partner: contoso });
    assert_eq!(
        world.ws.customer(&id(NORTHWIND)).unwrap().display_name,
        "Northwind Traders Ltd"
    );
    let last = world.ws.audit().next_back().unwrap();
    assert_eq!(
        (last.actor.clone(), last.action.name()),
        (operator(), "edit partner")
    );
    assert_eq!(
        world.ws.audit().len(),
        11,
        "9 records added and 2 edits, one entry each"
    );
}

#[test]
fn op1_lets_only_the_operator_pass_time() {
    let mut world = World::cast();
    let inv = world.invite_reseller(CONTOSO, NORTHWIND);
    world.advance_days(100);
    world.refused(
        &customer(ADATUM),
        &Action::PassTime,
        RuleId::OP1,
        &["customer:adatum", "let time pass"],
    );
    world.refused(
        &partner(CONTOSO),
        &Action::PassTime,
        RuleId::OP1,
        &["partner:contoso-it", "only the operator"],
    );
    assert_eq!(world.invitation(&inv).status, InvitationStatus::Pending);
    world.ok(&operator(), &Action::PassTime);
    assert_eq!(world.invitation(&inv).status, InvitationStatus::Expired);
}

// ---------------------------------------------------------------------------------------------
// ID1: one tenant, one record (per kind)

const TAILWIND_TENANT: &str = "44444444-0000-4000-8000-000000000001";

fn tailwind() -> Customer {
    customer_record("tailwind", "Tailwind Traders", TAILWIND_TENANT, "NL", false)
}

#[test]
fn id1_refuses_adding_a_customer_with_another_customers_tenant_in_any_case() {
    let world = World::cast();
    let northwind_tenant = world.ws.customer(&id(NORTHWIND)).unwrap().tenant_id.clone();
    let twin = Customer {
        tenant_id: northwind_tenant.to_ascii_uppercase(),
        ..tailwind()
    };
    world.refused(
        &operator(),
        &Action::AddCustomer { customer: twin },
        RuleId::ID1,
        &["Tailwind Traders", &northwind_tenant, "`northwind`"],
    );
}

#[test]
fn id1_refuses_adding_or_editing_a_partner_onto_another_partners_tenant() {
    let world = World::cast();
    let record = partner_record(
        "vanarsdel",
        "VanArsdel Ltd",
        CONTOSO_TENANT,
        BillingModel::DirectBill,
        &[],
    );
    world.refused(
        &operator(),
        &Action::AddPartner { partner: record },
        RuleId::ID1,
        &["VanArsdel Ltd", CONTOSO_TENANT, "`contoso-it`"],
    );
    let mut woodgrove = world.ws.partner(&id(WOODGROVE)).unwrap().clone();
    woodgrove.tenant_id = CONTOSO_TENANT.to_string();
    world.refused(
        &operator(),
        &Action::EditPartner { partner: woodgrove },
        RuleId::ID1,
        &["Woodgrove Cloud", "`contoso-it`"],
    );
}

#[test]
fn id1_allows_a_partners_tenant_to_be_a_customers_tenant_too() {
    let world = World::cast();
    // The cast holds Contoso IT's own tenant as a customer record (the CSP-partner case of MP6).
    let own = world.ws.customer(&id(CONTOSO_OWN)).unwrap();
    assert_eq!(own.tenant_id, CONTOSO_TENANT);
    assert_eq!(
        world.ws.partner(&id(CONTOSO)).unwrap().tenant_id,
        CONTOSO_TENANT
    );
    world.assert_clean();
}

#[test]
fn id1_load_reports_two_customers_sharing_a_tenant_and_still_loads() {
    let world = World::cast();
    let (ws, diagnostics) = load_edited(&world, |file| {
        customer_mut(file, ADATUM)["tenantId"] = json!("22222222-0000-4000-8000-000000000001");
    });
    assert_eq!(ws.customers().count(), 4, "both records load");
    let id1: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.rule == RuleId::ID1)
        .collect();
    assert_eq!(id1.len(), 2, "each twin names the other: {diagnostics:?}");
    assert!(
        id1.iter()
            .any(|d| d.path == "customers/adatum" && d.message.contains("`northwind`"))
    );
    assert!(
        id1.iter()
            .any(|d| d.path == "customers/northwind" && d.message.contains("`adatum`"))
    );
}

// ---------------------------------------------------------------------------------------------
// ID2: a Partner ID names one partner, a primary domain one customer

#[test]
fn id2_refuses_adding_a_partner_with_a_taken_partner_id() {
    let world = World::cast();
    let taken = world.ws.partner(&id(WOODGROVE)).unwrap().partner_id.clone();
    let record = Partner {
        partner_id: taken.clone(),
        ..partner_record(
            "vanarsdel",
            "VanArsdel Ltd",
            "33333333-0000-4000-8000-000000000001",
            BillingModel::DirectBill,
            &[],
        )
    };
    world.refused(
        &operator(),
        &Action::AddPartner { partner: record },
        RuleId::ID2,
        &["VanArsdel Ltd", &taken, "`woodgrove`"],
    );
}

#[test]
fn id2_refuses_a_customer_with_another_customers_domain_in_any_case() {
    let world = World::cast();
    let twin = Customer {
        domain: "NORTHWIND.onmicrosoft.com".into(),
        ..tailwind()
    };
    world.refused(
        &operator(),
        &Action::AddCustomer { customer: twin },
        RuleId::ID2,
        &[
            "Tailwind Traders",
            "NORTHWIND.onmicrosoft.com",
            "`northwind`",
        ],
    );
}

#[test]
fn id2_allows_customers_whose_domain_is_not_known() {
    let mut world = World::cast();
    for (n, name) in ["Tailwind Traders", "Lucerne Publishing"]
        .iter()
        .enumerate()
    {
        let record = Customer {
            id: id(&format!("unknown-{n}")),
            display_name: (*name).into(),
            tenant_id: format!("44444444-0000-4000-8000-00000000000{n}"),
            domain: String::new(),
            ..tailwind()
        };
        world.ok(&operator(), &Action::AddCustomer { customer: record });
    }
    world.assert_clean();
}

#[test]
fn id2_load_reports_two_partners_with_one_partner_id() {
    let world = World::cast();
    let contoso_mpn = world.ws.partner(&id(CONTOSO)).unwrap().partner_id.clone();
    let (ws, diagnostics) = load_edited(&world, |file| {
        partner_mut(file, WOODGROVE)["partnerId"] = json!(contoso_mpn);
    });
    assert!(ws.partner(&id(WOODGROVE)).is_some(), "the file still loads");
    assert!(
        diagnostics.iter().any(|d| d.rule == RuleId::ID2
            && d.path == "partners/woodgrove"
            && d.message.contains("`contoso-it`")),
        "{diagnostics:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// ID3: well-formed identifiers

#[test]
fn id3_refuses_a_tenant_that_is_not_a_guid_or_is_the_nil_guid() {
    let world = World::cast();
    for (tenant, says) in [
        ("not-a-guid", "not a GUID"),
        ("00000000-0000-0000-0000-000000000000", "nil GUID"),
        ("", "not a GUID"),
    ] {
        let record = partner_record(
            "vanarsdel",
            "VanArsdel Ltd",
            tenant,
            BillingModel::DirectBill,
            &[],
        );
        world.refused(
            &operator(),
            &Action::AddPartner { partner: record },
            RuleId::ID3,
            &["tenant id of partner VanArsdel Ltd", says],
        );
    }
    let record = Customer {
        tenant_id: "not-a-guid".into(),
        ..tailwind()
    };
    world.refused(
        &operator(),
        &Action::AddCustomer { customer: record },
        RuleId::ID3,
        &["tenant id of customer Tailwind Traders", "`not-a-guid`"],
    );
}

#[test]
fn id3_stores_an_upper_case_tenant_lower_case_and_a_lower_case_country_upper_case() {
    let mut world = World::cast();
    let record = Customer {
        tenant_id: format!("  {}  ", TAILWIND_TENANT.to_ascii_uppercase()),
        country: "nl".into(),
        ..tailwind()
    };
    world.ok(&operator(), &Action::AddCustomer { customer: record });
    let stored = world.ws.customer(&id("tailwind")).unwrap();
    assert_eq!(
        (stored.tenant_id.as_str(), stored.country.as_str()),
        (TAILWIND_TENANT, "NL")
    );
    world.assert_clean();
}

#[test]
fn id3_refuses_a_country_that_is_not_an_iso_3166_alpha_2_code() {
    let world = World::cast();
    for country in ["ZZ", "USA", "UK"] {
        let record = Customer {
            country: country.into(),
            ..tailwind()
        };
        world.refused(
            &operator(),
            &Action::AddCustomer { customer: record },
            RuleId::ID3,
            &[
                "country of customer Tailwind Traders",
                country,
                "ISO 3166-1",
            ],
        );
    }
}

#[test]
fn id3_refuses_a_partner_id_that_is_not_digits() {
    let world = World::cast();
    let record = Partner {
        partner_id: "MPN-12345".into(),
        ..partner_record(
            "vanarsdel",
            "VanArsdel Ltd",
            "33333333-0000-4000-8000-000000000001",
            BillingModel::DirectBill,
            &[],
        )
    };
    world.refused(
        &operator(),
        &Action::AddPartner { partner: record },
        RuleId::ID3,
        &["Partner ID of partner VanArsdel Ltd", "MPN-12345", "digits"],
    );
}

#[test]
fn id3_refuses_a_security_group_that_is_not_a_guid_and_stores_one_lower_case() {
    let mut t = trading();
    t.world.refused(
        &partner(CONTOSO),
        &assign(&t.contoso_gdap, "helpdesk agents", &[HELPDESK_ADMIN]),
        RuleId::ID3,
        &["security group id", "`helpdesk agents`", "not a GUID"],
    );
    let applied = t.world.ok(
        &partner(CONTOSO),
        &assign(
            &t.contoso_gdap,
            &AGENTS.to_ascii_uppercase(),
            &[HELPDESK_ADMIN],
        ),
    );
    let asg = World::event_id(&applied, RecordKind::AccessAssignment);
    assert_eq!(
        t.world.ws.assignment(&asg).unwrap().security_group_id,
        AGENTS
    );
    t.world.assert_clean();
}

#[test]
fn id3_load_reports_an_upper_case_tenant_and_an_unknown_country() {
    let world = World::cast();
    let (_, diagnostics) = load_edited(&world, |file| {
        let adatum = customer_mut(file, ADATUM);
        adatum["tenantId"] = json!("22222222-0000-4000-8000-00000000000A");
        adatum["country"] = json!("ZZ");
    });
    let id3: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.rule == RuleId::ID3 && d.path == "customers/adatum")
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(id3.len(), 2, "{diagnostics:?}");
    assert!(id3[0].contains("stored lower-case"), "{id3:?}");
    assert!(id3[1].contains("`ZZ`"), "{id3:?}");
}

// ---------------------------------------------------------------------------------------------
// TM1: time moves forward

#[test]
fn tm1_refuses_an_action_dated_before_the_audit_trails_last_entry() {
    let mut world = World::cast();
    world.advance_days(10);
    let rel = world.resell(CONTOSO, NORTHWIND);
    let last = world.ws.audit().next_back().unwrap().at;
    let long_ago = Time::parse("1900-01-01T00:00:00Z").unwrap();
    for when in [world.now.plus_days(-5), long_ago] {
        world.refused_at(
            &partner(CONTOSO),
            &terminate(&rel),
            when,
            RuleId::TM1,
            &[
                &format!("the audit trail's last entry is at {last}"),
                &format!("cannot be dated {when}"),
            ],
        );
    }
    world.refused_at(
        &operator(),
        &Action::PassTime,
        long_ago,
        RuleId::TM1,
        &["1900-01-01T00:00:00Z"],
    );
}

#[test]
fn tm1_allows_an_action_at_the_moment_of_the_last_entry_or_later() {
    let mut world = World::cast();
    let rel = world.resell(CONTOSO, NORTHWIND);
    let last = world.ws.audit().next_back().unwrap().at;
    world.ok_at(&partner(WOODGROVE), &reseller_invite(NORTHWIND), last);
    world.ok_at(&partner(CONTOSO), &terminate(&rel), last.plus_seconds(1));
    world.assert_clean();
}

#[test]
fn tm1_load_reports_an_audit_entry_dated_before_an_earlier_one_and_still_loads() {
    let mut world = World::cast();
    world.resell(CONTOSO, NORTHWIND);
    let (ws, diagnostics) = load_edited(&world, |file| {
        let audit = file["audit"].as_array_mut().unwrap();
        audit[3]["at"] = json!("1900-01-01T00:00:00Z");
    });
    assert_eq!(
        ws.audit().count(),
        world.ws.audit().count(),
        "the trail loads whole"
    );
    let tm1: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.rule == RuleId::TM1)
        .collect();
    assert_eq!(tm1.len(), 1, "{diagnostics:?}");
    assert_eq!(tm1[0].path, "audit/4");
    assert!(
        tm1[0].message.contains("1900-01-01T00:00:00Z"),
        "{:?}",
        tm1[0]
    );
}

// ---------------------------------------------------------------------------------------------
// Helpers for load tests

/// The world's workspace written to JSON, edited, and parsed back: the workspace and diagnostics.
fn load_edited(world: &World, edit: impl FnOnce(&mut Value)) -> (Workspace, Vec<Diagnostic>) {
    let mut file: Value =
        serde_json::from_slice(&to_json(&world.ws)).expect("our own output is JSON");
    edit(&mut file);
    parse_workspace(serde_json::to_string_pretty(&file).unwrap().as_bytes())
        .expect("the edited file still has the right shape")
}

fn partner_mut<'a>(file: &'a mut Value, partner: &str) -> &'a mut Value {
    file["partners"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|p| p["id"] == partner)
        .expect("the partner is in the file")
}

fn customer_mut<'a>(file: &'a mut Value, customer: &str) -> &'a mut Value {
    file["customers"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|c| c["id"] == customer)
        .expect("the customer is in the file")
}

fn relationship_mut<'a>(file: &'a mut Value, rel: &Id) -> &'a mut Value {
    file["relationships"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["id"] == rel.as_str())
        .expect("the relationship is in the file")
}

// ---------------------------------------------------------------------------------------------
// OB1: offboarding ends what the rules allow between a partner and a customer, names what stays

fn offboard(partner_id: &str, customer_id: &str) -> Action {
    Action::Offboard {
        partner_id: id(partner_id),
        customer_id: id(customer_id),
    }
}

/// The plan the core makes for `actor`'s offboarding, without keeping its result.
fn offboard_plan(world: &World, actor: &Actor, action: &Action) -> offboarding::OffboardPlan {
    let (_, plan) = apply_offboard(&world.ws, actor, action, world.now)
        .unwrap_or_else(|refusal| panic!("offboarding was refused: {refusal}"));
    plan
}

#[test]
fn ob1_ends_gdap_dap_a_draft_and_the_reseller_relationship_when_every_part_is_allowed() {
    let mut t = trading_at(dap_era());
    let inv = t.world.invite(CONTOSO, &dap_invite(ADATUM));
    t.world.accept(ADATUM, &inv);
    let dap = t
        .world
        .relationship_in_force(CONTOSO, ADATUM, RelationshipKind::DelegatedAdmin);
    let reseller = t
        .world
        .relationship_in_force(CONTOSO, ADATUM, RelationshipKind::Reseller);
    let active = t.world.gdap(
        CONTOSO,
        ADATUM,
        named_gdap("Adatum helpdesk", &[HELPDESK_ADMIN], 365, false),
    );
    t.world.ok(
        &partner(CONTOSO),
        &assign(&active, AGENTS, &[HELPDESK_ADMIN]),
    );
    let draft = t.world.draft_gdap(
        CONTOSO,
        ADATUM,
        named_gdap("Adatum tier 2", &[USER_ADMIN], 90, false),
    );
    let subscriptions = subscription_bytes(&t.world.ws);
    let audit_before = t.world.ws.audit().len();

    let plan = offboard_plan(&t.world, &partner(CONTOSO), &offboard(CONTOSO, ADATUM));
    assert_eq!(plan.parts.len(), 4, "{:#?}", plan.lines());
    assert!(plan.parts.iter().all(|p| p.ends()), "{:#?}", plan.lines());
    assert!(!plan.is_partial());
    assert!(
        plan.headline().contains("all 4 part(s) end"),
        "{}",
        plan.headline()
    );
    // Access goes first, the reseller relationship last.
    assert_eq!(plan.parts.last().map(|p| &p.id), Some(&reseller));

    t.world.ok(&partner(CONTOSO), &offboard(CONTOSO, ADATUM));
    for (rel, status) in [
        (&active, RelationshipStatus::Terminated),
        (&dap, RelationshipStatus::Terminated),
        (&reseller, RelationshipStatus::Terminated),
        (&draft, RelationshipStatus::Deleted),
    ] {
        assert_eq!(t.world.relationship(rel).status, status, "{rel}");
    }
    let live = t
        .world
        .ws
        .assignments_of_relationship(&active)
        .filter(|a| a.status.is_live())
        .count();
    assert_eq!(
        live, 0,
        "the terminated relationship's access assignment ends with it"
    );
    assert_eq!(subscription_bytes(&t.world.ws), subscriptions);
    assert_eq!(
        t.world.ws.audit().len(),
        audit_before + 1,
        "one action, one entry, one undo"
    );
    t.world.assert_clean();
}

#[test]
fn ob1_is_partial_when_rs1_keeps_the_reseller_relationship_and_still_ends_gdap() {
    let mut t = trading();
    let plan = offboard_plan(&t.world, &partner(CONTOSO), &offboard(CONTOSO, NORTHWIND));
    assert!(plan.is_partial(), "{:#?}", plan.lines());
    assert!(
        plan.headline().contains("partial: 1 of 2"),
        "{}",
        plan.headline()
    );
    let stays: Vec<_> = plan.staying().collect();
    assert_eq!(stays.len(), 1);
    assert_eq!(stays[0].id, t.contoso_reseller);
    let line = stays[0].to_string();
    assert!(
        line.contains("RS1") && line.contains(t.contoso_active_sub.as_str()),
        "{line}"
    );

    t.world.ok(&partner(CONTOSO), &offboard(CONTOSO, NORTHWIND));
    assert_eq!(
        t.world.relationship(&t.contoso_gdap).status,
        RelationshipStatus::Terminated
    );
    assert_eq!(
        t.world.relationship(&t.contoso_reseller).status,
        RelationshipStatus::Active
    );
    // Another partner's relationships with the customer are not touched (MP1).
    assert_eq!(
        t.world.relationship(&t.woodgrove_reseller).status,
        RelationshipStatus::Active
    );
    t.world.assert_clean();
}

#[test]
fn ob1_refuses_offboarding_a_partner_with_nothing_at_the_customer() {
    let world = World::cast();
    world.refused(
        &partner(WOODGROVE),
        &offboard(WOODGROVE, ADATUM),
        RuleId::OB1,
        &[
            "Woodgrove Cloud",
            "Adatum Corporation",
            "nothing to offboard",
        ],
    );
}

#[test]
fn ob1_refuses_naming_the_blocking_rule_when_every_part_stays() {
    let mut world = World::cast();
    world.resell(WOODGROVE, ADATUM);
    let sub = world.buy(WOODGROVE, ADATUM, "Azure plan", 1);
    world.refused(
        &partner(WOODGROVE),
        &offboard(WOODGROVE, ADATUM),
        RuleId::RS1,
        &[
            "nothing between Woodgrove Cloud and Adatum Corporation",
            sub.as_str(),
            "suspend",
        ],
    );
}

#[test]
fn ob1_revokes_a_pending_reseller_invitation_and_keeps_a_locked_gdap_request_under_gd7() {
    let mut world = World::cast();
    let reseller_inv = world.invite_reseller(CONTOSO, ADATUM);
    let (gdap_inv, gdap_rel) =
        world.request_gdap(CONTOSO, ADATUM, gdap(&[HELPDESK_ADMIN], 30, false));
    let plan = offboard_plan(&world, &partner(CONTOSO), &offboard(CONTOSO, ADATUM));
    assert_eq!(
        plan.parts.len(),
        2,
        "the locked request is one part: {:#?}",
        plan.lines()
    );
    let stays: Vec<_> = plan.staying().collect();
    assert_eq!(stays.len(), 1);
    assert_eq!(stays[0].id, gdap_inv);
    assert!(stays[0].to_string().contains("GD7"), "{}", stays[0]);

    world.ok(&partner(CONTOSO), &offboard(CONTOSO, ADATUM));
    assert_eq!(
        world.invitation(&reseller_inv).status,
        InvitationStatus::Revoked
    );
    assert_eq!(
        world.invitation(&gdap_inv).status,
        InvitationStatus::Pending
    );
    assert_eq!(
        world.relationship(&gdap_rel).status,
        RelationshipStatus::ApprovalPending
    );
}

#[test]
fn ob1_as_the_customer_ends_the_relationships_and_names_the_invitations_only_the_partner_revokes() {
    let mut world = World::cast();
    let rel = world.gdap(CONTOSO, ADATUM, gdap(&[HELPDESK_ADMIN], 30, false));
    let inv = world.invite_reseller(CONTOSO, ADATUM);
    let plan = offboard_plan(&world, &customer(ADATUM), &offboard(CONTOSO, ADATUM));
    let stays: Vec<_> = plan.staying().collect();
    assert_eq!(stays.len(), 1);
    assert_eq!(stays[0].id, inv);
    assert!(stays[0].to_string().contains("IV1"), "{}", stays[0]);
    world.ok(&customer(ADATUM), &offboard(CONTOSO, ADATUM));
    assert_eq!(
        world.relationship(&rel).status,
        RelationshipStatus::Terminated
    );
}
