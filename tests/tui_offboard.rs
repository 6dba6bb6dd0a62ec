//! The app's `X` (offboard): on a relationship it asks first, showing the core's plan — what
//! ends, what stays and the rule that keeps it — and yes applies it as one action that one `u`
//! undoes; when nothing can end it opens nothing and the status line names the rule.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use partnerdesk::domain::{Actor, Id, RelationshipStatus, Time};
use partnerdesk::store::demo_workspace;
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

fn status_of(app: &App, id: &str) -> RelationshipStatus {
    app.workspace().relationship(&Id::new(id)).unwrap().status
}

/// rel-1072, Relecloud's GDAP with Fabrikam, is the first row of pane 4; Relecloud's reseller
/// relationship with Fabrikam (rel-1022) is kept by RS1 (sub-1023 is active).
const GDAP: &str = "rel-1072";
const RESELLER: &str = "rel-1022";

#[test]
fn x_asks_first_showing_what_ends_and_what_stays_then_applies_one_undoable_action() {
    let mut app = demo_app();
    press(&mut app, "4A<enter>");
    assert_eq!(app.selected_id(), Some(&Id::new(GDAP)));
    assert_eq!(app.actor(), &Actor::Partner(Id::new("relecloud")));
    press(&mut app, "X");
    assert!(app.has_modal(), "{}", status(&app));
    let text = screen(&app, 120, 40);
    assert!(text.contains("is partial: 1 of 2"), "{text}");
    assert!(
        text.contains(&format!("ends: relationship {GDAP}")),
        "{text}"
    );
    assert!(
        text.contains(&format!("stays: relationship {RESELLER}")),
        "{text}"
    );
    assert!(text.contains("RS1") && text.contains("sub-1023"), "{text}");
    insta::assert_snapshot!("offboard_confirm_120x40", text);
    // Nothing changes until yes.
    assert_eq!(status_of(&app, GDAP), RelationshipStatus::Active);
    let entries = app.workspace().audit().len();
    press(&mut app, "y");
    assert!(!app.has_modal());
    assert_eq!(status_of(&app, GDAP), RelationshipStatus::Terminated);
    assert_eq!(status_of(&app, RESELLER), RelationshipStatus::Active);
    assert_eq!(app.workspace().audit().len(), entries + 1, "one action");
    press(&mut app, "u");
    assert_eq!(status_of(&app, GDAP), RelationshipStatus::Active);
    assert_eq!(app.workspace().audit().len(), entries, "one undo");
}

#[test]
fn cancelling_the_confirmation_changes_nothing() {
    let mut app = demo_app();
    press(&mut app, "4A<enter>X<esc>");
    assert!(!app.has_modal());
    assert_eq!(status_of(&app, GDAP), RelationshipStatus::Active);
}

#[test]
fn x_when_nothing_can_end_opens_nothing_and_names_the_rule() {
    // The operator may end no relationship (OP1) and RS1 keeps the reseller one.
    let mut app = demo_app();
    press(&mut app, "4X");
    assert!(!app.has_modal());
    let text = status(&app);
    assert!(text.contains("OP1"), "{text}");
    assert_eq!(status_of(&app, GDAP), RelationshipStatus::Active);
}
