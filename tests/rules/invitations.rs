//! IV1–IV4: who answers an invitation, which ones move, duplicates, indirect resellers.

use super::*;

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
