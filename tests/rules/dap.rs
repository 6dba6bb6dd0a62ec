//! DP1: DAP is retired.

use super::*;

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
