//! Snapshots of the terminal app on the demo workspace at a fixed time: every pane, the help
//! overlay, the invite form, a refusal and the too-small screen, at 120×40 and 80×24; and the
//! loading screen a large file opens behind, at given moments of its load.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use partnerdesk::domain::Time;
use partnerdesk::store::{Phase, demo_workspace};
use partnerdesk::tui::loading::{Loading, Stage};
use partnerdesk::tui::testing::{keys, loading_screen, press, press_drawn, screen};
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

fn snap(name: &str, script: &str, width: u16, height: u16) {
    let mut app = demo_app();
    press(&mut app, script);
    insta::assert_snapshot!(name, screen(&app, width, height));
}

/// Like `snap`, with the app drawn before each key (as the terminal does), for keys that page
/// or scroll by what was drawn.
fn snap_drawn(name: &str, script: &str, width: u16, height: u16) {
    let mut app = demo_app();
    insta::assert_snapshot!(name, press_drawn(&mut app, script, width, height));
}

#[test]
fn customers_pane() {
    snap("customers_120x40", "", 120, 40);
    snap("customers_80x24", "", 80, 24);
    snap("customers_200x50", "", 200, 50);
}

#[test]
fn partners_pane() {
    snap("partners_120x40", "2", 120, 40);
    snap("partners_80x24", "2", 80, 24);
    snap("partners_200x50", "2", 200, 50);
}

#[test]
fn invitations_pane() {
    snap("invitations_120x40", "3", 120, 40);
    snap("invitations_80x24", "3", 80, 24);
    snap("invitations_200x50", "3", 200, 50);
}

#[test]
fn relationships_pane() {
    snap("relationships_120x40", "4", 120, 40);
    snap("relationships_80x24", "4", 80, 24);
    snap("relationships_200x50", "4", 200, 50);
}

#[test]
fn history_pane() {
    // The 80×24 and 120×40 ones are in tui_history.rs.
    snap("history_200x50", "5", 200, 50);
}

/// The GDAP relationship with the most roles in the demo.
fn most_roles() -> String {
    demo_app()
        .workspace()
        .relationships()
        .filter_map(|r| r.gdap.as_ref().map(|g| (g.roles.len(), r.id.to_string())))
        .max()
        .expect("a GDAP relationship")
        .1
}

#[test]
fn relationship_detail_scrolled() {
    let pick = format!("4/{}<enter>", most_roles());
    snap_drawn(
        "relationship_detail_paged_80x24",
        &format!("{pick}l<pgdn>"),
        80,
        24,
    );
    snap_drawn(
        "relationship_detail_end_80x24",
        &format!("{pick}lG"),
        80,
        24,
    );
    snap_drawn(
        "relationship_detail_paged_200x50",
        &format!("{pick}l<pgdn>"),
        200,
        50,
    );
}

#[test]
fn customer_detail_walked_to_a_subscription() {
    // j walks the links in view, then scrolls: the selected subscription stays in view.
    snap_drawn(
        "customer_detail_walked_80x24",
        "/contoso l<enter><enter>jjjjjjj",
        80,
        24,
    );
}

#[test]
fn customer_detail_focused() {
    snap("customer_detail_focused_120x40", "<enter>j", 120, 40);
}

#[test]
fn filtered_customers() {
    snap("customers_filtered_120x40", "/fab", 120, 40);
}

#[test]
fn help_overlay() {
    snap("help_120x40", "?", 120, 40);
    snap("help_80x24", "?", 80, 24);
    snap("help_200x50", "?", 200, 50);
    snap_drawn("help_end_80x24", "?G", 80, 24);
    snap_drawn("help_paged_80x24", "?<c-d>", 80, 24);
    snap_drawn("help_searched_80x24", "?/script-", 80, 24);
    snap_drawn("help_search_kept_200x50", "?/assign<enter>", 200, 50);
    // On a pending invitation, greyed keys carry the core's reason (IV1 for accept as operator).
    snap("help_on_invitation_120x40", "3jj?", 120, 40);
}

#[test]
fn invite_form() {
    snap("invite_form_120x40", "i", 120, 40);
    snap("invite_form_gdap_120x40", "i<tab><tab><left>", 120, 40);
    snap("invite_form_80x24", "i", 80, 24);
}

#[test]
fn refusal_in_the_status_line() {
    // As the operator, accepting an invitation is refused by IV1 and changes nothing.
    snap("refusal_accept_as_operator_120x40", "3jja", 120, 40);
    snap(
        "refusal_invite_csp_partner_120x40",
        "/trey<enter>i<enter>",
        120,
        40,
    );
}

#[test]
fn palette_and_act_as() {
    snap("palette_120x40", ":inv", 120, 40);
    snap("act_as_120x40", "3A", 120, 40);
}

#[test]
fn too_small() {
    snap("too_small_40x10", "", 40, 10);
    // Tiny sizes must not panic.
    let app = demo_app();
    for (w, h) in [(20, 5), (1, 1), (0, 0), (59, 15), (60, 16)] {
        let _ = screen(&app, w, h);
    }
}

#[test]
fn emit_script_popup() {
    // `y` on a GDAP invitation just made in the form (Helpdesk roles): the create, lock and
    // approval-link calls.
    snap("emit_script_120x40", "i<tab><tab><left><enter>y", 120, 40);
}

/// A 294 MB file, `elapsed_ms` into its load, at `stage`.
fn loading(stage: Stage, elapsed_ms: u64) -> Loading {
    let mut loading = Loading::new("/data/g100k.json", 294_007_289);
    loading.advance(stage);
    loading.set_elapsed(Duration::from_millis(elapsed_ms));
    loading
}

#[test]
fn loading_screen_shows_bytes_read_and_a_gauge() {
    let reading = loading(
        Stage::Store(Phase::Reading {
            read: 117_440_512,
            total: 294_007_289,
        }),
        250,
    );
    insta::assert_snapshot!("loading_reading_80x24", loading_screen(&reading, 80, 24));
}

#[test]
fn loading_screen_ticks_off_phases_and_shows_help_on_question_mark() {
    let mut indexing = loading(Stage::Store(Phase::Indexing), 4_340);
    for event in keys("?") {
        indexing.handle_event(&event);
    }
    insta::assert_snapshot!(
        "loading_indexing_help_120x40",
        loading_screen(&indexing, 120, 40)
    );
}

#[test]
fn loading_screen_lists_a_crash_journal_replay_only_when_there_is_one() {
    let mut preparing = loading(Stage::Store(Phase::Recovering), 5_000);
    preparing.advance(Stage::Preparing);
    insta::assert_snapshot!(
        "loading_preparing_after_recovery_80x24",
        loading_screen(&preparing, 80, 24)
    );
}

#[test]
fn loading_screen_at_tiny_sizes_does_not_panic() {
    let parsing = loading(Stage::Store(Phase::Parsing), 1_000);
    for (w, h) in [(20, 5), (1, 1), (0, 0), (8, 3)] {
        let _ = loading_screen(&parsing, w, h);
    }
}
