//! The Relationships pane's renewals: the tiles above the table (counts as the domain's
//! `Outlook` gives them, each a filter when chosen with `w`), and `W`'s weekly chart in the
//! detail's place — readable at 80×24 and 200×50 — kept in step with actions without a recount.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use partnerdesk::domain::Time;
use partnerdesk::domain::renewal_outlook::{Outlook, Tile};
use partnerdesk::store::demo_workspace;
use partnerdesk::tui::panes::Pane;
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

fn snap(name: &str, script: &str, width: u16, height: u16) {
    let mut app = demo_app();
    press(&mut app, script);
    insta::assert_snapshot!(name, screen(&app, width, height));
}

#[test]
fn tiles_at_the_top_of_the_relationships_pane() {
    snap("tiles_80x24", "4", 80, 24);
    snap("tiles_200x50", "4", 200, 50);
}

#[test]
fn the_weekly_chart_in_place_of_the_detail() {
    snap("chart_80x24", "4W", 80, 24);
    snap("chart_200x50", "4W", 200, 50);
}

#[test]
fn a_chosen_tile_filters_the_table() {
    snap("tile_filter_30_days_80x24", "4w", 80, 24);
}

/// What the app's tiles show, as a fresh count over the app's workspace would give.
fn fresh(app: &App) -> Outlook {
    Outlook::of(app.workspace().relationships(), now())
}

#[test]
fn the_tiles_count_what_the_domain_counts_and_each_filters_to_exactly_its_relationships() {
    let mut app = demo_app();
    let counts = app.browse().lists().renewals().outlook().clone();
    assert_eq!(counts, fresh(&app));
    assert!(counts.tile(Tile::Within30) > 0, "the demo has renewals due");
    for tile in Tile::ALL {
        press(&mut app, "w");
        assert_eq!(app.pane(), Pane::Relationships);
        assert_eq!(app.browse().lists().renewals().tile(), Some(tile));
        let list = app.list(Pane::Relationships);
        assert_eq!(list.len(), counts.tile(tile), "{tile:?}");
        let expected = app
            .workspace()
            .relationships()
            .filter(|r| tile.holds(r, now()))
            .count();
        assert_eq!(list.len(), expected);
    }
    press(&mut app, "w");
    assert_eq!(app.browse().lists().renewals().tile(), None);
    assert_eq!(
        app.list(Pane::Relationships).len(),
        app.workspace().relationships().count()
    );
}

#[test]
fn esc_clears_the_tile_filter() {
    let mut app = demo_app();
    press(&mut app, "4w");
    assert!(app.list(Pane::Relationships).len() < app.workspace().relationships().count());
    press(&mut app, "<esc>");
    assert_eq!(app.browse().lists().renewals().tile(), None);
    assert_eq!(
        app.list(Pane::Relationships).len(),
        app.workspace().relationships().count()
    );
}

#[test]
fn an_action_moves_the_counts_as_a_fresh_count_would_and_the_filter_follows() {
    let mut app = demo_app();
    // The first row of the ≤ 30 days tile, turned to auto-extend: it no longer ends.
    press(&mut app, "4w");
    let before = app
        .browse()
        .lists()
        .renewals()
        .outlook()
        .tile(Tile::Within30);
    let id = app.selected_id().unwrap().clone();
    // E acts as the relationship's partner.
    press(&mut app, "E");
    assert!(
        app.workspace()
            .relationship(&id)
            .unwrap()
            .gdap
            .as_ref()
            .unwrap()
            .auto_extend_duration
            .is_on(),
        "auto-extend is on"
    );
    let after = app.browse().lists().renewals().outlook().clone();
    assert_eq!(after, fresh(&app));
    assert_eq!(after.tile(Tile::Within30), before - 1);
    assert_eq!(app.list(Pane::Relationships).len(), before - 1);
    press(&mut app, "u");
    assert_eq!(app.browse().lists().renewals().outlook(), &fresh(&app));
    assert_eq!(app.list(Pane::Relationships).len(), before);
}

fn click(app: &mut App, column: u16, row: u16) {
    use crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    app.handle_event(Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }));
}

/// Where `text` is on the screen: its column (in characters) and row.
fn place_of(shown: &str, text: &str) -> (u16, u16) {
    shown
        .lines()
        .enumerate()
        .find_map(|(row, line)| {
            line.find(text)
                .map(|at| (line[..at].chars().count() as u16, row as u16))
        })
        .unwrap_or_else(|| panic!("{text:?} not on screen:\n{shown}"))
}

#[test]
fn a_click_on_a_tile_filters_the_table_to_it_and_a_second_click_shows_all() {
    let all = demo_app().workspace().relationships().count();
    // One line of tiles at 80×24, boxes at 200×50.
    for (width, height, label) in [(80, 24, "expired 1y"), (200, 50, "expired, last year")] {
        let mut app = demo_app();
        press(&mut app, "4");
        let (column, row) = place_of(&screen(&app, width, height), label);
        click(&mut app, column + 1, row);
        let expected = fresh(&app).tile(Tile::ExpiredLastYear);
        assert!(expected > 0 && expected < all, "the demo has some expired");
        assert_eq!(
            app.browse().lists().renewals().tile(),
            Some(Tile::ExpiredLastYear),
            "{width}×{height}"
        );
        assert_eq!(app.list(Pane::Relationships).len(), expected);
        // The tiles are where the last frame drew them; a second click on the same one.
        let (column, row) = place_of(&screen(&app, width, height), label);
        click(&mut app, column + 1, row);
        assert_eq!(app.browse().lists().renewals().tile(), None);
        assert_eq!(app.list(Pane::Relationships).len(), all);
    }
}
