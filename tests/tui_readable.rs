//! Everything readable at 80×24: every record's detail can be scrolled to its last line by keys,
//! a table's names are shown whole or end in "…" (never silently cut), and the tables and the
//! detail say where their window is.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use partnerdesk::domain::Time;
use partnerdesk::store::demo_workspace;
use partnerdesk::tui::panes::Pane;
use partnerdesk::tui::testing::{press_drawn, screen};
use partnerdesk::tui::{App, Keymap, Source};

const W: u16 = 80;
const H: u16 = 24;

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

/// The last word of the selected record's detail.
fn last_word_of_detail(app: &App) -> String {
    let lines = app.detail_lines();
    let last = lines
        .iter()
        .rev()
        .map(|l| l.line.to_string())
        .find(|t| !t.trim().is_empty())
        .expect("a detail with text");
    last.split_whitespace().last().unwrap().to_string()
}

/// The rows of the detail's frame on `screen`: from its title to the footer.
fn detail_part(screen: &str) -> String {
    let start = screen.find("┌ Detail").expect("a detail frame");
    screen[start..].to_string()
}

/// The GDAP relationship with the most roles in the demo.
fn most_roles(app: &App) -> String {
    app.workspace()
        .relationships()
        .filter_map(|r| r.gdap.as_ref().map(|g| (g.roles.len(), r.id.to_string())))
        .max()
        .expect("a GDAP relationship")
        .1
}

#[test]
fn the_gdap_relationship_with_the_most_roles_shows_everything_by_scrolling() {
    let mut app = demo_app();
    let id = most_roles(&app);
    let first = press_drawn(&mut app, &format!("4/{id}<enter>"), W, H);
    assert_eq!(app.selected_id().map(|i| i.to_string()), Some(id.clone()));
    assert!(
        detail_part(&first).contains(" of "),
        "a long detail says where its window is: {first}"
    );
    let lines: Vec<String> = app
        .detail_lines()
        .iter()
        .map(|l| l.line.to_string())
        .collect();
    // Into the detail, then j a row (or a link) at a time: every row passes through the window.
    let mut seen = detail_part(&press_drawn(&mut app, "<enter>", W, H));
    for _ in 0..lines.len() * 2 {
        seen.push_str(&detail_part(&press_drawn(&mut app, "j", W, H)));
    }
    let roles = lines
        .iter()
        .position(|l| l.starts_with("GDAP roles"))
        .expect("a roles heading");
    let last_role = lines[roles + 1..]
        .iter()
        .take_while(|l| l.starts_with("  "))
        .last()
        .unwrap();
    assert!(
        seen.contains(last_role.trim()),
        "the last role shows: {last_role}\n{seen}"
    );
    for heading in ["Duration", "History", "Access assignments"] {
        if lines.iter().any(|l| l.starts_with(heading)) {
            assert!(seen.contains(heading), "{heading} shows\n{seen}");
        }
    }
}

#[test]
fn every_record_s_last_detail_line_is_reachable_by_keys_at_80x24() {
    for (key, pane) in [
        ('1', Pane::Customers),
        ('2', Pane::Partners),
        ('3', Pane::Invitations),
        ('4', Pane::Relationships),
        ('5', Pane::History),
    ] {
        let mut app = demo_app();
        press_drawn(&mut app, &key.to_string(), W, H);
        let rows = app.list(pane).len();
        for row in 0..rows {
            let mut app = demo_app();
            let mut script = key.to_string();
            script.push_str(&"j".repeat(row));
            press_drawn(&mut app, &script, W, H);
            let word = last_word_of_detail(&app);
            // Into the detail (`l`: Enter jumps from an audit entry), then to its end.
            let end = press_drawn(&mut app, "lG", W, H);
            assert!(
                detail_part(&end).contains(&word),
                "{pane:?} row {row}: the detail's last word {word:?} shows after G\n{end}"
            );
            // The same end is reached a row (or a link) at a time.
            let mut app = demo_app();
            press_drawn(&mut app, &script, W, H);
            let mut walked = press_drawn(&mut app, "l", W, H);
            for _ in 0..app.detail_lines().len() * 3 {
                let next = press_drawn(&mut app, "j", W, H);
                if next == walked {
                    break;
                }
                walked = next;
            }
            assert!(
                detail_part(&walked).contains(&word),
                "{pane:?} row {row}: j reaches {word:?}\n{walked}"
            );
        }
    }
}

#[test]
fn paging_the_detail_keeps_the_selected_link_in_view() {
    let mut app = demo_app();
    // Contoso has the most partners and subscriptions: a detail of many links.
    let screen_now = press_drawn(&mut app, "/contoso l<enter><enter>", W, H);
    assert!(detail_part(&screen_now).contains('▶'), "{screen_now}");
    for key in ["<pgdn>", "<c-d>", "<pgdn>", "<pgup>", "<c-u>", "G", "g"] {
        let shown = press_drawn(&mut app, key, W, H);
        let detail = detail_part(&shown);
        if app.detail_target().is_some() {
            assert!(
                detail.contains('▶'),
                "{key}: the selection is in view\n{shown}"
            );
        } else {
            assert!(!detail.contains('▶'), "{key}: no hidden selection\n{shown}");
        }
    }
}

/// The texts the table shows for the selected row in its name columns.
fn names_of_selected_row(app: &App) -> Vec<String> {
    let pane = app.pane();
    let id = app.selected_id().unwrap();
    let cells = pane.cells(app.workspace(), app.now(), id);
    pane.columns()
        .iter()
        .zip(cells.texts)
        .filter(|(c, _)| c.name)
        .map(|(_, text)| text)
        .collect()
}

/// Whether `line` shows `name` whole, or a beginning of it (3 characters or more) ending in "…".
fn shown_whole_or_ellipsized(line: &str, name: &str) -> bool {
    if line.contains(name) {
        return true;
    }
    let chars: Vec<char> = name.chars().collect();
    (3..chars.len()).any(|n| {
        let prefix: String = chars[..n].iter().collect();
        line.contains(&format!("{}…", prefix.trim_end()))
    })
}

#[test]
fn no_name_in_any_pane_is_cut_without_an_ellipsis_at_80x24() {
    for key in ['1', '2', '3', '4', '5'] {
        let mut app = demo_app();
        press_drawn(&mut app, &key.to_string(), W, H);
        let rows = app.list(app.pane()).len();
        for _ in 0..rows {
            let shown = screen(&app, W, H);
            let line = shown
                .lines()
                .find(|l| l.starts_with("│▶"))
                .unwrap_or_else(|| panic!("a selected row\n{shown}"));
            for name in names_of_selected_row(&app) {
                assert!(
                    shown_whole_or_ellipsized(line, &name),
                    "pane {key}: {name:?} is cut without …\n{line}\n{shown}"
                );
            }
            press_drawn(&mut app, "j", W, H);
        }
    }
}

#[test]
fn the_longest_names_are_readable_or_end_in_an_ellipsis_at_80x24() {
    let app = demo_app();
    let ws = app.workspace();
    let longest = |names: Vec<String>| names.into_iter().max_by_key(|n| n.chars().count());
    let customer = longest(ws.customers().map(|c| c.display_name.to_string()).collect()).unwrap();
    let partner = longest(ws.partners().map(|p| p.display_name.to_string()).collect()).unwrap();
    for key in ['1', '2', '3', '4'] {
        for name in [&customer, &partner] {
            let mut app = demo_app();
            let shown = press_drawn(&mut app, &format!("{key}/{name}<enter>"), W, H);
            for line in shown
                .lines()
                .filter(|l| l.starts_with("│▶") || l.starts_with("│ "))
            {
                if line.contains(&name[..3]) {
                    assert!(
                        shown_whole_or_ellipsized(line, name),
                        "pane {key}: {name:?} cut without …\n{shown}"
                    );
                }
            }
        }
    }
}

#[test]
fn a_table_longer_than_its_window_says_which_rows_are_shown() {
    let mut app = demo_app();
    let shown = press_drawn(&mut app, "4", W, H);
    let total = app.list(Pane::Relationships).len();
    assert!(shown.contains(&format!("of {total} ")), "{shown}");
    let bottom = press_drawn(&mut app, "G", W, H);
    assert!(
        bottom.contains(&format!("–{total} of {total} ")),
        "{bottom}"
    );
}

#[test]
fn a_wider_terminal_widens_the_table_s_columns_to_the_whole_width() {
    let mut app = demo_app();
    press_drawn(&mut app, "4", 100, 40);
    let header = |s: &str| {
        s.lines()
            .find(|l| l.starts_with("│ Partner"))
            .unwrap()
            .to_string()
    };
    let (narrow, wide) = (
        header(&screen(&app, 100, 40)),
        header(&screen(&app, 150, 40)),
    );
    // The names and roles before the status take the extra columns…
    assert!(
        wide.find("Status") > narrow.find("Status"),
        "{narrow}\n{wide}"
    );
    // …and the last column ends at the frame's right edge in both.
    for h in [&narrow, &wide] {
        assert!(h.ends_with("Auto-ext│"), "{h}");
    }
}

/// A wheel notch at (`column`, `row`).
fn wheel(app: &mut App, down: bool, column: u16, row: u16) {
    use crossterm::event::{Event, KeyModifiers, MouseEvent, MouseEventKind};
    let kind = if down {
        MouseEventKind::ScrollDown
    } else {
        MouseEventKind::ScrollUp
    };
    app.handle_event(Event::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }));
}

#[test]
fn the_wheel_scrolls_the_detail_it_is_over_and_the_help() {
    let mut app = demo_app();
    let id = most_roles(&app);
    let before = press_drawn(&mut app, &format!("4/{id}<enter>"), W, H);
    let selected = app.selected_id().cloned();
    let detail_row = before
        .lines()
        .position(|l| l.starts_with("┌ Detail"))
        .unwrap() as u16
        + 2;
    wheel(&mut app, true, 10, detail_row);
    let after = screen(&app, W, H);
    assert_ne!(
        detail_part(&before),
        detail_part(&after),
        "the detail scrolled"
    );
    assert!(
        detail_part(&after).contains(" 4–"),
        "three rows down: {after}"
    );
    assert_eq!(app.selected_id().cloned(), selected, "the table stays");
    wheel(&mut app, false, 10, detail_row);
    assert_eq!(detail_part(&screen(&app, W, H)), detail_part(&before));

    let top = press_drawn(&mut app, "?", W, H);
    wheel(&mut app, true, 10, 5);
    let scrolled = screen(&app, W, H);
    assert_ne!(top, scrolled, "the wheel scrolls the help");
    assert!(app.has_modal());
}
