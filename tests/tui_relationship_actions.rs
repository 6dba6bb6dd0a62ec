//! The terminal app's relationship actions driven by key events, checked with the core: renewing
//! a GDAP relationship (the invite form pre-filled from it) and accepting the renewal, giving a
//! security group some of its roles and taking them away, auto-extension off and on, refusals
//! that name their rule, undo; and snapshots of the renew and assignment forms.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use partnerdesk::domain::review::renewal_name;
use partnerdesk::domain::{
    Actor, AssignmentStatus, Id, InvitationKind, InvitationStatus, RelationshipStatus, Time,
};
use partnerdesk::store::demo_workspace;
use partnerdesk::tui::app::Pane;
use partnerdesk::tui::testing::{press, screen};
use partnerdesk::tui::{App, Keymap, Source};

fn now() -> Time {
    Time::parse("2026-11-24T09:00:00Z").expect("a fixed time")
}

fn demo_app() -> App {
    App::new(
        demo_workspace(now()),
        Source::Demo,
        now(),
        Keymap::default(),
    )
}

/// The status line's text, for messages.
fn status(app: &App) -> String {
    app.status().map(|s| s.text.clone()).unwrap_or_default()
}

/// rel-1072 (Relecloud – Fabrikam helpdesk) is the demo's GDAP relationship that ends soonest:
/// the first row of pane 4.
const SOONEST: &str = "rel-1072";
/// Relecloud – Contoso M365 support: active, auto-extend on, three live assignments.
const WITH_ASSIGNMENTS: &str = "rel-1058";
const GROUP: &str = "5D3C2B1A-0000-4000-8000-00000000ABCD";

#[test]
fn renew_form_is_prefilled_from_the_relationship() {
    let mut app = demo_app();
    press(&mut app, "4r");
    insta::assert_snapshot!("renew_form_120x40", screen(&app, 120, 40));
    let text = screen(&app, 80, 24);
    assert!(text.contains("Renew rel-1072"), "{text}");
}

#[test]
fn assignment_form_offers_only_the_relationships_roles() {
    let mut app = demo_app();
    press(
        &mut app,
        &format!("4+{GROUP}<tab>Helpdesk tier 1<tab><space><down><space>"),
    );
    insta::assert_snapshot!("assign_form_120x40", screen(&app, 120, 40));
    let text = screen(&app, 80, 24);
    assert!(text.contains("Assign access on rel-1072"), "{text}");
}

#[test]
fn renewing_the_soonest_ending_relationship_sends_a_gdap_request_its_customer_accepts() {
    let mut app = demo_app();
    press(&mut app, "4");
    assert_eq!(app.selected_id(), Some(&Id::new(SOONEST)));
    let old = app
        .workspace()
        .relationship(&Id::new(SOONEST))
        .unwrap()
        .clone();
    let old_gdap = old.gdap.as_deref().unwrap().clone();

    // r: the form pre-filled · enter: send the renewal (Relecloud acts).
    press(&mut app, "r<enter>");
    assert!(!app.has_modal(), "{}", status(&app));
    assert_eq!(app.actor(), &Actor::Partner(old.partner_id.clone()));
    let ws = app.workspace();
    let invitation = ws
        .invitations_of_customer(&old.customer_id)
        .find(|i| i.created_date_time == now())
        .unwrap_or_else(|| panic!("no renewal invitation; status: {}", status(&app)))
        .clone();
    assert_eq!(invitation.kind, InvitationKind::Gdap);
    assert_eq!(invitation.partner_id, old.partner_id);
    let renewal = ws
        .relationships_of_customer(&old.customer_id)
        .find(|r| r.created_date_time == now())
        .expect("the renewal's GDAP relationship")
        .clone();
    let gdap = renewal.gdap.as_deref().unwrap();
    assert_eq!(
        gdap.display_name.to_string(),
        "Relecloud - Fabrikam helpdesk renewal"
    );
    assert_eq!(gdap.roles, old_gdap.roles);
    assert_eq!(gdap.duration, old_gdap.duration);
    assert_eq!(gdap.auto_extend_duration, old_gdap.auto_extend_duration);
    assert_eq!(renewal.status, RelationshipStatus::ApprovalPending);

    // A: act as the customer (suggested on the pending request) · a: accept.
    press(&mut app, "A<enter>a");
    assert_eq!(app.actor(), &Actor::Customer(old.customer_id.clone()));
    let ws = app.workspace();
    assert_eq!(
        ws.invitation(&invitation.id).unwrap().status,
        InvitationStatus::Accepted,
        "{}",
        status(&app)
    );
    assert_eq!(
        ws.relationship(&renewal.id).unwrap().status,
        RelationshipStatus::Active
    );
    // The renewed one is untouched: it ends when it ends.
    assert_eq!(ws.relationship(&old.id).unwrap(), &old);

    // u: the acceptance is undone, then the request.
    press(&mut app, "u");
    assert_eq!(
        app.workspace().invitation(&invitation.id).unwrap().status,
        InvitationStatus::Pending
    );
    press(&mut app, "u");
    assert!(app.workspace().invitation(&invitation.id).is_none());
    assert!(app.workspace().relationship(&renewal.id).is_none());
}

#[test]
fn a_renewal_name_is_cut_to_fifty_characters_and_numbered_when_taken() {
    let ws = demo_workspace(now());
    let relecloud = Id::new("relecloud");
    assert_eq!(
        renewal_name(&ws, &relecloud, "Relecloud - Fabrikam helpdesk"),
        "Relecloud - Fabrikam helpdesk renewal"
    );
    let long = "x".repeat(60);
    let name = renewal_name(&ws, &relecloud, &long);
    assert_eq!(name.chars().count(), 50);
    assert!(name.ends_with(" renewal"), "{name}");

    // Renew twice: the second renewal is numbered, and the core accepts it.
    let mut app = demo_app();
    press(&mut app, "4r<enter>4r");
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("Relecloud - Fabrikam helpdesk renewal 2"),
        "{text}"
    );
    assert!(text.contains("✓ allowed"), "{text}");
}

#[test]
fn a_security_group_gets_two_of_the_relationships_roles_and_loses_them_again() {
    let mut app = demo_app();
    let rel = Id::new(SOONEST);
    let roles = app
        .workspace()
        .relationship(&rel)
        .unwrap()
        .gdap
        .as_deref()
        .unwrap()
        .roles
        .clone();
    assert_eq!(roles.len(), 2);
    let before = app.workspace().assignments_of_relationship(&rel).count();

    press(
        &mut app,
        &format!("4+{GROUP}<tab>Helpdesk tier 1<tab><space><down><space><enter>"),
    );
    assert!(!app.has_modal(), "{}", status(&app));
    let ws = app.workspace();
    let added: Vec<_> = ws.assignments_of_relationship(&rel).collect();
    assert_eq!(added.len(), before + 1, "{}", status(&app));
    let assignment = added
        .iter()
        .find(|a| a.created_date_time == now())
        .expect("the new assignment");
    assert_eq!(
        assignment.security_group_id,
        GROUP.to_ascii_lowercase(),
        "the core stores a group id lower-case (ID3)"
    );
    assert_eq!(
        assignment.security_group_name.as_deref(),
        Some("Helpdesk tier 1")
    );
    assert_eq!(assignment.roles, roles);
    assert_eq!(assignment.status, AssignmentStatus::Active);
    let id = assignment.id.clone();
    // The detail lists it: the group, its id and its status.
    // Tall enough for the detail below the renewal tiles and the table.
    let text = screen(&app, 120, 66);
    assert!(text.contains("Access assignments (1)"), "{text}");
    assert!(
        text.contains("Helpdesk tier 1  5d3c2b1a-0000-4000-8000-00000000abcd · active"),
        "{text}"
    );

    // -: the relationship's only live assignment, after a confirmation (focus on Cancel).
    press(&mut app, "-<enter>");
    assert_eq!(
        app.workspace().assignment(&id).unwrap().status,
        AssignmentStatus::Active,
        "enter alone cancels"
    );
    press(&mut app, "-y");
    assert_eq!(
        app.workspace().assignment(&id).unwrap().status,
        AssignmentStatus::Deleted,
        "{}",
        status(&app)
    );

    // u, u: the removal, then the assignment, undone.
    press(&mut app, "u");
    assert_eq!(
        app.workspace().assignment(&id).unwrap().status,
        AssignmentStatus::Active
    );
    press(&mut app, "u");
    assert!(app.workspace().assignment(&id).is_none());
}

#[test]
fn unassign_removes_the_assignment_selected_in_the_detail() {
    let mut app = demo_app();
    press(&mut app, "4/contoso m365<enter>");
    assert_eq!(app.selected_id(), Some(&Id::new(WITH_ASSIGNMENTS)));
    // Enter: into the detail's links (partner, customer, invitation, then the assignments).
    press(&mut app, "<enter>");
    let links: Vec<_> = app
        .detail_lines()
        .into_iter()
        .filter_map(|l| l.target)
        .collect();
    let second = links
        .iter()
        .filter(|t| matches!(t, partnerdesk::tui::panes::Target::Assignment { .. }))
        .nth(1)
        .cloned()
        .expect("a second assignment line");
    let position = links.iter().position(|t| *t == second).unwrap();
    press(&mut app, &"j".repeat(position));
    let partnerdesk::tui::panes::Target::Assignment { assignment, .. } = second else {
        unreachable!()
    };
    assert_eq!(
        app.detail_target().map(|t| t.pane()),
        Some(Pane::Relationships)
    );
    press(&mut app, "-y");
    let ws = app.workspace();
    assert_eq!(
        ws.assignment(&assignment).unwrap().status,
        AssignmentStatus::Deleted,
        "{}",
        status(&app)
    );
    let live = ws
        .assignments_of_relationship(&Id::new(WITH_ASSIGNMENTS))
        .filter(|a| a.status == AssignmentStatus::Active)
        .count();
    assert_eq!(live, 2, "only the selected one is removed");
}

#[test]
fn the_assignment_form_refuses_a_role_less_or_malformed_assignment_and_stays_open() {
    let mut app = demo_app();
    press(&mut app, &format!("4+{GROUP}<enter>"));
    assert!(app.has_modal());
    assert!(status(&app).contains("GD4"), "{}", status(&app));
    press(&mut app, "<esc>+not-a-guid<tab><tab><space><enter>");
    assert!(app.has_modal());
    assert!(status(&app).contains("ID3"), "{}", status(&app));
    assert_eq!(
        app.workspace()
            .assignments_of_relationship(&Id::new(SOONEST))
            .count(),
        0
    );
}

#[test]
fn auto_extension_goes_off_then_on_as_the_partner_and_undoes() {
    let mut app = demo_app();
    let rel = Id::new(WITH_ASSIGNMENTS);
    let is_on = |app: &App| {
        app.workspace()
            .relationship(&rel)
            .unwrap()
            .gdap
            .as_deref()
            .unwrap()
            .auto_extend_duration
            .is_on()
    };
    press(&mut app, "4/contoso m365<enter>");
    assert!(is_on(&app));
    press(&mut app, "E");
    assert!(!is_on(&app), "{}", status(&app));
    assert_eq!(app.actor(), &Actor::Partner(Id::new("relecloud")));
    press(&mut app, "E");
    assert!(is_on(&app), "{}", status(&app));
    press(&mut app, "u");
    assert!(!is_on(&app));
    press(&mut app, "u");
    assert!(is_on(&app));
    assert!(!app.can_undo());
}

#[test]
fn auto_extension_of_an_ended_relationship_is_refused_naming_the_rule() {
    let mut app = demo_app();
    // rel-1056: terminated, with Global Administrator.
    press(&mut app, "4/contoso ga<enter>E");
    assert_eq!(app.selected_id(), Some(&Id::new("rel-1056")));
    let text = status(&app);
    assert!(text.starts_with("auto-extend: "), "{text}");
    assert!(text.contains("GD2"), "{text}");
    assert!(!app.can_undo() && !app.is_dirty(), "nothing changed");
}

#[test]
fn a_renewal_with_global_administrator_cannot_auto_extend() {
    let mut app = demo_app();
    // Renewing rel-1056 (with Global Administrator), then turning auto-extend on.
    press(&mut app, "4/contoso ga<enter>r<down><down><down><right>");
    let text = screen(&app, 120, 40);
    assert!(text.contains("refused by GD2"), "{text}");
    assert!(text.contains("Global Administrator"), "{text}");
}

#[test]
fn relationship_actions_on_a_reseller_relationship_say_why_not() {
    let mut app = demo_app();
    // The seventh row of pane 4: Relecloud – Contoso Ltd, reseller.
    press(&mut app, "4jjjjjj");
    let rel = app.selected_id().cloned().unwrap();
    assert!(app.workspace().relationship(&rel).unwrap().gdap.is_none());
    for key in ["E", "r", "+", "-"] {
        press(&mut app, key);
        assert!(!app.has_modal(), "{key}");
        assert!(
            status(&app).contains("only a GDAP relationship"),
            "{key}: {}",
            status(&app)
        );
    }
}

#[test]
fn the_palette_reaches_the_assignment_form_by_the_cli_name() {
    let mut app = demo_app();
    press(&mut app, "4:assign<enter>");
    let text = screen(&app, 120, 40);
    assert!(text.contains("Assign access on rel-1072"), "{text}");
}
