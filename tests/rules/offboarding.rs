//! OB1: offboarding a partner from a customer ends what the rules allow between them (each part
//! through its own action and rules) and names what stays; refused only when nothing can end.

use super::*;

// ---------------------------------------------------------------------------------------------
// OB1: offboarding ends what the rules allow between a partner and a customer, names what stays

fn offboard(partner_id: &str, customer_id: &str) -> Action {
    Action::Offboard {
        partner_id: id(partner_id),
        customer_id: id(customer_id),
    }
}

/// The plan the core makes for `actor`'s offboarding, without keeping its result.
fn offboard_plan(
    world: &World,
    actor: &Actor,
    action: &Action,
) -> partnerdesk::domain::offboarding::OffboardPlan {
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

#[test]
fn ob1_refused_to_someone_who_may_end_nothing_leads_with_who_may() {
    let mut world = World::cast();
    world.resell(WOODGROVE, ADATUM);
    let refusal = world.refused(
        &operator(),
        &offboard(WOODGROVE, ADATUM),
        RuleId::OP1,
        &["nothing between Woodgrove Cloud and Adatum Corporation"],
    );
    // A status line shows the start: it must say why, not only that nothing can end.
    assert!(
        refusal.reason.starts_with("operator cannot"),
        "{}",
        refusal.reason
    );
}
