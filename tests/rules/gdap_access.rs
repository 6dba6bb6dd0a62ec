//! GD4–GD6: access assignments, ending, display names.

use super::*;

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
