//! Any action as JSON from the keyboard (`!`, `:apply`): the CLI's `apply` in the app. The form
//! opens on an action for the selection, shows the core's verdict as it is typed, applies
//! through the core (journaled, undoable) and keeps itself open with the rule's name when the
//! core refuses.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use partnerdesk::domain::{Action, Actor, Id, InvitationStatus, Time, check_action};
use partnerdesk::store::{demo_workspace, to_json};
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

fn status(app: &App) -> String {
    app.status().map(|s| s.text.clone()).unwrap_or_default()
}

/// Replaces the form's text with `json`, typed key by key.
fn retype(app: &mut App, json: &str) {
    assert!(!json.contains('<'), "the key script reads < as a named key");
    press(app, "<c-u>");
    press(app, json);
}

#[test]
fn on_a_customer_the_form_opens_on_its_master_data_and_an_edit_renames_it_then_undo() {
    let mut app = demo_app();
    press(&mut app, "1/contoso 日本<esc>");
    let id = app.selected_id().cloned().expect("a customer selected");
    let before = to_json(app.workspace());
    press(&mut app, "!");
    assert!(app.has_modal());
    let shown = screen(&app, 120, 40);
    assert!(
        shown.contains("Apply an action (JSON) as operator"),
        "{shown}"
    );
    assert!(shown.contains("editCustomer"), "{shown}");
    assert!(shown.contains("✓ allowed"), "{shown}");

    let mut customer = app.workspace().customer(&id).unwrap().clone();
    customer.display_name = "Contoso Japan KK".into();
    let edit = serde_json::to_string(&Action::EditCustomer { customer }).unwrap();
    retype(&mut app, &edit);
    press(&mut app, "<enter>");
    assert!(!app.has_modal(), "{}", status(&app));
    assert_eq!(
        app.workspace().customer(&id).unwrap().display_name,
        "Contoso Japan KK"
    );
    assert!(status(&app).contains("u undoes it"), "{}", status(&app));

    press(&mut app, "u");
    assert_eq!(to_json(app.workspace()), before);
}

#[test]
fn a_refused_action_names_its_rule_keeps_the_form_and_changes_nothing() {
    let mut app = demo_app();
    let pending = app
        .workspace()
        .invitations()
        .find(|i| i.status == InvitationStatus::Pending)
        .map(|i| i.id.clone())
        .expect("the demo has a pending invitation");
    let accept = Action::Accept {
        invitation_id: pending.clone(),
    };
    // The operator is not the invited customer: the core's own verdict names the rule.
    let refusal = check_action(app.workspace(), &Actor::Operator, &accept, now())
        .expect_err("only the customer accepts");
    let before = to_json(app.workspace());

    press(&mut app, "!");
    retype(&mut app, &serde_json::to_string(&accept).unwrap());
    let shown = screen(&app, 120, 40);
    assert!(
        shown.contains(&format!("refused by {}", refusal.rule)),
        "{shown}"
    );
    press(&mut app, "<enter>");
    assert!(app.has_modal(), "a refusal keeps the form open");
    assert!(
        status(&app).contains(&refusal.rule.to_string()),
        "{}",
        status(&app)
    );
    assert_eq!(to_json(app.workspace()), before);
}

#[test]
fn text_that_is_not_an_action_says_why_and_enter_applies_nothing() {
    let mut app = demo_app();
    let before = to_json(app.workspace());
    press(&mut app, "!");
    retype(&mut app, r#"{"type":"accept""#);
    assert!(screen(&app, 120, 40).contains("not JSON yet"));
    retype(&mut app, r#"{"type":"teleport","to":"moon"}"#);
    assert!(screen(&app, 120, 40).contains("not an action"));
    press(&mut app, "<enter>");
    assert!(app.has_modal());
    assert_eq!(to_json(app.workspace()), before);
    press(&mut app, "<esc>");
    assert!(!app.has_modal());
}

#[test]
fn the_palette_reaches_the_form_by_the_cli_name_apply() {
    let mut app = demo_app();
    press(&mut app, ":apply<enter>");
    assert!(app.has_modal());
    assert!(screen(&app, 120, 40).contains("Apply an action (JSON)"));
}

#[test]
fn on_a_pending_invitation_the_form_starts_on_accepting_it_and_the_customer_can() {
    let mut app = demo_app();
    let invitation = app
        .workspace()
        .invitations()
        .find(|i| i.status == InvitationStatus::Pending)
        .cloned()
        .expect("a pending invitation");
    press(&mut app, "3");
    // Select it by filtering on its id, then act as its customer.
    press(&mut app, &format!("/{}<esc>", invitation.id));
    assert_eq!(app.selected_id(), Some(&invitation.id));
    press(&mut app, "A<enter>");
    assert_eq!(
        app.actor(),
        &Actor::Customer(invitation.customer_id.clone())
    );
    press(&mut app, "!<enter>");
    assert!(!app.has_modal(), "{}", status(&app));
    assert_eq!(
        app.workspace()
            .invitation(&Id::new(invitation.id.as_str()))
            .unwrap()
            .status,
        InvitationStatus::Accepted
    );
}
