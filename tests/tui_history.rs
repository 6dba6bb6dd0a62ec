//! The History pane (`5`): the audit trail newest first, filtered with `/` or by record (`H`),
//! Enter jumping to the record an entry concerns; kept in step with actions and undo.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use partnerdesk::domain::{Action, Actor, Id, RelationshipStatus, Time, apply};
use partnerdesk::store::demo_workspace;
use partnerdesk::tui::app::{Focus, Pane};
use partnerdesk::tui::panes::history::{entry_of, record_ids};
use partnerdesk::tui::testing::{press, screen};
use partnerdesk::tui::{App, Keymap, Source};
use partnerdesk::workspace::Workspace;

fn now() -> Time {
    Time::parse("2026-11-24T09:00:00Z").expect("a fixed time")
}

fn app_on(ws: Workspace) -> App {
    App::new(ws, Source::Demo, now(), Keymap::default())
}

fn demo_app() -> App {
    app_on(demo_workspace(now()))
}

fn status(app: &App) -> String {
    app.status().map(|s| s.text.clone()).unwrap_or_default()
}

/// The seqs of the rows the History pane shows, top first.
fn shown_seqs(app: &App) -> Vec<u64> {
    let list = app.list(Pane::History);
    let (_, ids) = list.window(list.len());
    ids.iter()
        .map(|id| entry_of(app.workspace(), id).expect("an entry").seq)
        .collect()
}

#[test]
fn history_pane_snapshots() {
    for (name, width, height) in [("history_120x40", 120, 40), ("history_80x24", 80, 24)] {
        let mut app = demo_app();
        press(&mut app, "5");
        insta::assert_snapshot!(name, screen(&app, width, height));
    }
}

#[test]
fn key_5_and_tab_after_relationships_show_the_trail_newest_first() {
    let mut app = demo_app();
    press(&mut app, "4<tab>");
    assert_eq!(app.pane(), Pane::History);
    press(&mut app, "<tab>");
    assert_eq!(app.pane(), Pane::Customers, "tab wraps around");
    press(&mut app, "<s-tab>");
    assert_eq!(app.pane(), Pane::History);
    press(&mut app, "1");
    press(&mut app, "5");
    assert_eq!(app.pane(), Pane::History);
    let seqs = shown_seqs(&app);
    assert_eq!(seqs.len(), app.workspace().audit().len());
    assert!(seqs.windows(2).all(|w| w[0] > w[1]), "{seqs:?}");
}

#[test]
fn slash_filters_the_trail() {
    let mut app = demo_app();
    press(&mut app, "5/decline<enter>");
    let seqs = shown_seqs(&app);
    assert!(!seqs.is_empty() && seqs.len() < app.workspace().audit().len());
    for seq in seqs {
        let e = app.workspace().audit().find(|e| e.seq == seq).unwrap();
        assert_eq!(e.action.name(), "decline");
    }
}

#[test]
fn acting_then_finding_the_action_in_history_and_jumping_to_its_record() {
    let mut app = demo_app();
    // Terminate the relationship that ends soonest (first in pane 4) as its partner, confirmed.
    press(&mut app, "4");
    let rel = app.selected_id().cloned().unwrap();
    press(&mut app, "A<enter>");
    assert!(matches!(app.actor(), Actor::Partner(_)), "{}", status(&app));
    press(&mut app, "ty");
    assert_eq!(
        app.workspace().relationship(&rel).map(|r| r.status),
        Some(RelationshipStatus::Terminated),
        "{}",
        status(&app)
    );
    let before = app.workspace().audit().len();
    press(&mut app, "5");
    assert_eq!(app.list(Pane::History).total(), before);
    // Its entry is the newest, at the top and selected.
    let top = entry_of(app.workspace(), app.selected_id().unwrap())
        .unwrap()
        .clone();
    assert_eq!(
        top.action,
        Action::Terminate {
            relationship_id: rel.clone()
        }
    );
    press(&mut app, "<enter>");
    assert_eq!(app.pane(), Pane::Relationships);
    assert_eq!(app.selected_id(), Some(&rel));
    // Esc returns to the entry.
    press(&mut app, "<esc>");
    assert_eq!(app.pane(), Pane::History);
    // Undo takes the entry back off the trail; redo puts it back.
    press(&mut app, "u");
    assert_eq!(app.list(Pane::History).total(), before - 1);
    assert_eq!(shown_seqs(&app).len(), before - 1);
    press(&mut app, "<c-r>");
    assert_eq!(app.list(Pane::History).total(), before);
    assert_eq!(shown_seqs(&app)[0], top.seq);
}

#[test]
fn h_shows_the_history_of_the_selected_record_and_esc_clears_it() {
    let mut app = demo_app();
    press(&mut app, "4");
    let rel = app.selected_id().cloned().unwrap();
    press(&mut app, "A<enter>ty4H");
    assert_eq!(app.pane(), Pane::History);
    assert_eq!(app.list(Pane::History).query(), rel.as_str());
    let seqs = shown_seqs(&app);
    assert!(!seqs.is_empty());
    for seq in &seqs {
        let e = app.workspace().audit().find(|e| e.seq == *seq).unwrap();
        let named = record_ids(&e.action).contains(&&rel) || e.summary.contains(rel.as_str());
        assert!(named, "entry {seq} does not concern {rel}");
    }
    let screen = screen(&app, 120, 40);
    assert!(screen.contains(&format!("/{rel}")), "the filter is shown");
    press(&mut app, "<esc>");
    assert_eq!(app.list(Pane::History).query(), "");
    assert_eq!(app.list(Pane::History).len(), app.workspace().audit().len());
}

#[test]
fn h_from_a_detail_line_takes_the_record_it_points_at() {
    let mut app = demo_app();
    // The first customer's detail links to its partner first.
    press(&mut app, "1<enter>");
    assert_eq!(app.focus(), Focus::Detail);
    let target = app.detail_target().unwrap().id().clone();
    press(&mut app, "H");
    assert_eq!(app.pane(), Pane::History);
    assert_eq!(app.list(Pane::History).query(), target.as_str());
}

#[test]
fn enter_on_an_entry_naming_no_record_says_so() {
    let demo = demo_workspace(now());
    let later = Time::parse("2027-06-01T09:00:00Z").unwrap();
    let passed = apply(&demo, &Actor::Operator, &Action::PassTime, later)
        .unwrap()
        .workspace;
    assert!(
        passed.audit().len() > demo.audit().len(),
        "time passed did something"
    );
    let mut app = App::new(passed, Source::Demo, later, Keymap::default());
    press(&mut app, "5<enter>");
    assert_eq!(app.pane(), Pane::History);
    assert!(status(&app).contains("names no record"), "{}", status(&app));
}

#[test]
fn the_history_of_a_record_never_lists_another_records_entry() {
    let mut app = demo_app();
    let id = Id::new("rel-1114");
    press(&mut app, "4");
    app.workspace()
        .relationship(&id)
        .expect("the demo has rel-1114");
    press(&mut app, "/rel-1114<enter>H");
    let seqs = shown_seqs(&app);
    assert!(seqs.len() >= 2, "its invite and its accept: {seqs:?}");
}
