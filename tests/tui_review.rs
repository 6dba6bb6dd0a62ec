//! The Review in the app (`6`): findings grouped by severity with counts, the selected fix
//! previewed by the core, `f` applying it (undoable), marked findings fixed as one undo step,
//! and Enter going to the record.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use partnerdesk::domain::review::{Settings, review};
use partnerdesk::domain::templates::built_in;
use partnerdesk::domain::{Id, RelationshipStatus, Time};
use partnerdesk::store::demo_workspace;
use partnerdesk::tui::app::Pane;
use partnerdesk::tui::testing::{press, screen};
use partnerdesk::tui::{App, Keymap, Source};

fn now() -> Time {
    Time::parse("2026-11-24T09:00:00Z").unwrap()
}

fn demo_app() -> App {
    App::new(
        demo_workspace(now()),
        Source::Demo,
        now(),
        Keymap::default(),
    )
}

fn finding_ids(app: &App) -> Vec<String> {
    review(app.workspace(), built_in(), &Settings::default(), now())
        .into_iter()
        .map(|f| f.id())
        .collect()
}

#[test]
fn the_review_groups_findings_by_severity_with_counts() {
    let mut app = demo_app();
    press(&mut app, "6");
    insta::assert_snapshot!("review_120x40", screen(&app, 120, 40));
    insta::assert_snapshot!("review_80x24", screen(&app, 80, 24));
}

#[test]
fn f_applies_the_selected_fix_and_u_undoes_it() {
    let mut app = demo_app();
    let before = finding_ids(&app);
    // The first finding is the most severe: the demo's active DAP.
    let first = before[0].clone();
    assert!(first.starts_with("dap-active:"), "{first}");
    press(&mut app, "6");
    assert!(screen(&app, 120, 40).contains("the core accepts it"));
    press(&mut app, "f");
    assert!(app.has_modal(), "the review stays open after a fix");
    let after = finding_ids(&app);
    assert!(!after.contains(&first), "{first} is fixed");
    let rel = Id::new(first.split_once(':').unwrap().1);
    assert_eq!(
        app.workspace().relationship(&rel).unwrap().status,
        RelationshipStatus::Terminated
    );
    press(&mut app, "<esc>u");
    assert_eq!(finding_ids(&app), before, "one u takes the fix back");
}

#[test]
fn marked_findings_are_fixed_as_one_undo_step_and_refusals_are_listed() {
    let mut app = demo_app();
    let before = finding_ids(&app);
    press(&mut app, "6");
    // The first three: the DAP and the ending relationship have fixes, the third has none.
    press(&mut app, "<space><space><space>f");
    let after = finding_ids(&app);
    for fixed in &before[..2] {
        assert!(!after.contains(fixed), "{fixed} is still found");
    }
    assert!(after.contains(&before[2]));
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("applied: 2 change(s)"), "{shown}");
    assert!(
        shown.contains(&format!("{}: no fix the core can make", before[2])),
        "{shown}"
    );
    press(&mut app, "<esc>u");
    assert_eq!(finding_ids(&app), before, "the batch is one undo step");
}

#[test]
fn a_keys_toml_line_moves_the_fix_key_in_the_review_only() {
    let keymap = Keymap::from_toml("[keys]\nreview-fix = \"F\"\n").unwrap();
    let mut app = App::new(demo_workspace(now()), Source::Demo, now(), keymap);
    let before = finding_ids(&app);
    press(&mut app, "6");
    assert!(
        screen(&app, 120, 40).contains("F fix (one undo)"),
        "the footer names the new key"
    );
    press(&mut app, "f");
    assert_eq!(finding_ids(&app), before, "f does nothing now");
    press(&mut app, "F");
    assert_ne!(finding_ids(&app), before);
}

#[test]
fn after_a_fix_the_review_stays_where_it_was() {
    let mut app = demo_app();
    press(&mut app, "6jjjf");
    let shown = screen(&app, 120, 40);
    let selected = shown
        .lines()
        .find(|l| l.contains("▶[ ]"))
        .unwrap_or_else(|| panic!("no selected row: {shown}"));
    let fourth = finding_ids(&app)[3].clone();
    assert!(selected.contains(&fourth), "{selected} is not {fourth}");
}

#[test]
fn enter_goes_to_the_findings_record() {
    let mut app = demo_app();
    let first = finding_ids(&app)[0].clone();
    press(&mut app, "6<enter>");
    assert!(!app.has_modal());
    assert_eq!(app.pane(), Pane::Relationships);
    assert_eq!(
        app.selected_id().map(|id| id.to_string()),
        first.split_once(':').map(|(_, id)| id.to_string())
    );
}

#[test]
fn the_review_has_its_tab_after_the_panes_at_any_width_and_a_click_there_opens_it() {
    use crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mut app = demo_app();
    for (width, height) in [(80, 24), (120, 40), (200, 50)] {
        let tabs = screen(&app, width, height)
            .lines()
            .nth(1)
            .unwrap()
            .to_string();
        assert!(
            tabs.contains("5 History") && tabs.contains("6 Review"),
            "{width} columns: {tabs}"
        );
    }
    let shown = screen(&app, 120, 40);
    let tabs = shown.lines().nth(1).unwrap();
    let at = tabs.find("6 Review").unwrap();
    let column = tabs[..at].chars().count() as u16 + 2;
    app.handle_event(Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row: 1,
        modifiers: KeyModifiers::NONE,
    }));
    assert!(
        screen(&app, 120, 40).contains("Review · "),
        "the click opened the review"
    );
}
