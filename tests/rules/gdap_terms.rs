//! GD1–GD3: a GDAP relationship's duration, auto-extension and roles.

use super::*;

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
