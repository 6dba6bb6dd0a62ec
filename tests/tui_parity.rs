//! Parity between the CLI and the terminal app, read from the clap definition rather than a
//! hand-kept list: every subcommand that changes a workspace (it takes `--as`, the actor every
//! change needs) has a route in the app's command table — a main-screen command of the same
//! name, which the `:` palette runs — and every command in the table says what it does.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use partnerdesk::domain::Time;
use partnerdesk::store::demo_workspace;
use partnerdesk::tui::app::Pane;
use partnerdesk::tui::commands::{COMMANDS, route};
use partnerdesk::tui::testing::press;
use partnerdesk::tui::{App, Keymap, Source};

/// Subcommands that change a workspace and have no app command yet: removed as the other parts
/// of issue 19 land. The list can only shrink: a name here that the app routes fails the test.
const NOT_YET_ROUTED: &[&str] = &[];

/// The visible subcommands that change a workspace, by the definition: they take `--as`.
fn changing_subcommands() -> Vec<String> {
    partnerdesk::cli::command()
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .filter(|sub| sub.get_arguments().any(|arg| arg.get_long() == Some("as")))
        .map(|sub| sub.get_name().to_string())
        .collect()
}

#[test]
fn the_definition_finds_the_changing_subcommands() {
    let changing = changing_subcommands();
    // A few known ones, so a change of the criterion cannot silently find none.
    for name in ["invite", "accept", "terminate", "import", "tick"] {
        assert!(changing.iter().any(|c| c == name), "{name} in {changing:?}");
    }
    // Reading commands and the hidden crash-test session are not changes to route.
    for name in ["list", "show", "history", "check", "__session"] {
        assert!(
            !changing.iter().any(|c| c == name),
            "{name} in {changing:?}"
        );
    }
}

#[test]
fn every_cli_subcommand_that_changes_a_workspace_has_an_app_route() {
    let changing = changing_subcommands();
    let missing: Vec<&String> = changing
        .iter()
        .filter(|name| route(name).is_none() && !NOT_YET_ROUTED.contains(&name.as_str()))
        .collect();
    assert!(missing.is_empty(), "no app command for {missing:?}");
    let routed_but_listed: Vec<&&str> = NOT_YET_ROUTED
        .iter()
        .filter(|name| route(name).is_some())
        .collect();
    assert!(
        routed_but_listed.is_empty(),
        "routed now: remove {routed_but_listed:?} from NOT_YET_ROUTED"
    );
    let stale: Vec<&&str> = NOT_YET_ROUTED
        .iter()
        .filter(|name| !changing.iter().any(|c| c == *name))
        .collect();
    assert!(stale.is_empty(), "not CLI changes: {stale:?}");
}

#[test]
fn every_command_in_the_table_says_what_it_does() {
    for row in COMMANDS.iter() {
        assert!(
            !row.description.trim().is_empty(),
            "{} has no description",
            row.name
        );
    }
}

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

#[test]
fn the_palette_runs_a_command_by_its_cli_name() {
    // `history` also matches history-of-record: the name typed in full wins.
    let mut app = demo_app();
    press(&mut app, ":history<enter>");
    assert_eq!(app.pane(), Pane::History);
    let mut app = demo_app();
    press(&mut app, "4:emit<enter>");
    assert!(
        app.has_modal(),
        "emit opens the script: {:?}",
        app.status().map(|s| s.text.clone())
    );
}
