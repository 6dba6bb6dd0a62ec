//! The panes' indexes stay in step with the workspace: after actions, undo and redo (which move
//! only the changed records' rows), every pane lists what a fresh build lists, in the same
//! order, and a filter typed before still shows exactly the rows that match it.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use partnerdesk::domain::{Id, Time};
use partnerdesk::store::demo_workspace;
use partnerdesk::tui::app::Pane;
use partnerdesk::tui::testing::press;
use partnerdesk::tui::{App, Keymap, Source};

fn now() -> Time {
    Time::parse("2026-11-24T09:00:00Z").expect("a fixed time")
}

/// What each pane shows, in order, against what a fresh build would show for its filter.
fn assert_in_step(app: &App, after: &str) {
    for pane in Pane::ALL {
        let index = app.list(pane);
        assert!(!index.searching(), "small lists finish at once");
        let shown: Vec<Id> = index.window(index.total()).1.into_iter().cloned().collect();
        let query = index.query().to_lowercase();
        let expected: Vec<Id> = pane
            .entries(app.workspace())
            .iter()
            .filter(|(_, tag, haystack)| {
                haystack.contains(&query) && index.tag_filter().is_none_or(|t| t == *tag)
            })
            .map(|(id, _, _)| id.clone())
            .collect();
        assert_eq!(shown, expected, "{pane:?} after {after:?}");
    }
}

#[test]
fn actions_undo_and_redo_keep_every_pane_as_a_rebuild_would() {
    let mut app = App::new(
        demo_workspace(now()),
        Source::Demo,
        now(),
        Keymap::default(),
    );
    // A filter on relationships, typed before anything changes.
    press(&mut app, "4/a<enter>1");
    assert_in_step(&app, "start");
    for script in [
        "i<enter>",
        "A<enter>a",
        "1jji<enter>",
        "A<enter>dy",
        "1jjjjjji<enter>",
        "xy",
        "4jA<enter>ty",
        "4jjjjA<enter>ty",
        "u",
        "u",
        "<c-r>",
        "1gjjjjjjjj<space><space><space>i<enter>",
        "u",
        "<c-r>",
        "3f",
        "2jji<enter>",
        "uuu",
    ] {
        press(&mut app, script);
        // A refused form stays open: close it, as the user would.
        if app.has_modal() {
            press(&mut app, "<esc>");
        }
        assert_in_step(&app, script);
    }
}

#[test]
fn the_selected_record_stays_selected_when_its_row_moves() {
    let mut app = App::new(
        demo_workspace(now()),
        Source::Demo,
        now(),
        Keymap::default(),
    );
    press(&mut app, "1i<enter>3");
    let invitation = app
        .selected_id()
        .cloned()
        .expect("the new invitation is selected");
    press(&mut app, "A<enter>a");
    assert_eq!(app.selected_id(), Some(&invitation), "{:?}", app.status());
    assert_in_step(&app, "accept");
}
