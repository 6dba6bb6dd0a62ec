//! GD7: a GDAP request is a draft, then locked for approval.

use super::*;

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
