//! IV5–IV6: a locked GDAP request expires unapproved; an indirect reseller's consent.

use super::*;

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
