//! The pop-ups' keys come from the command table like every other key: by default the help, the
//! script (`y`), the file-changed-on-disk choice and the confirmation answer the keys they always
//! have, and a keys.toml line moves one of them — in that pop-up only.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use partnerdesk::domain::{Id, InvitationStatus, Time};
use partnerdesk::store::demo_workspace;
use partnerdesk::tui::testing::{press, press_drawn, screen};
use partnerdesk::tui::{App, Effect, Keymap, Source};

fn now() -> Time {
    Time::parse("2026-11-24T09:00:00Z").expect("a fixed time")
}

fn app_with(keymap: Keymap) -> App {
    App::new(demo_workspace(now()), Source::Demo, now(), keymap)
        .with_demo_save_path(Some("/tmp/partnerdesk-test/workspace.json".into()))
}

fn keys_toml(text: &str) -> Keymap {
    Keymap::from_toml(text).expect("a valid keys.toml")
}

/// Whether a line of the help lists `key` (alone) for the command `name`.
fn lists_key_for(help: &str, key: &str, name: &str) -> bool {
    help.lines().any(|line| {
        line.trim_matches(|c: char| c == '│' || c == ' ')
            .split_whitespace()
            .take(2)
            .eq([key, name])
    })
}

/// Whether the help is scrolled to its top (its first heading shows).
fn help_at_top(app: &App) -> bool {
    screen(app, 120, 40).contains("│Navigate")
}

#[test]
fn help_scrolls_with_its_default_keys_and_closes_only_with_its_close_keys() {
    let mut app = app_with(Keymap::default());
    press_drawn(&mut app, "?", 120, 40);
    assert!(app.has_modal() && help_at_top(&app));
    assert!(screen(&app, 120, 40).contains(" j/k scroll · / search · esc close"));
    press_drawn(&mut app, "j", 120, 40);
    assert!(app.has_modal() && !help_at_top(&app), "j scrolls down");
    press_drawn(&mut app, "k", 120, 40);
    assert!(app.has_modal() && help_at_top(&app), "k scrolls back up");
    press_drawn(&mut app, "<down><down><pgdn>g", 120, 40);
    assert!(
        app.has_modal() && help_at_top(&app),
        "g goes back to the top"
    );
    press_drawn(&mut app, "<space>", 120, 40);
    assert!(app.has_modal() && !help_at_top(&app), "space pages down");
    press_drawn(&mut app, "g<c-d>", 120, 40);
    assert!(app.has_modal() && !help_at_top(&app), "ctrl-d pages down");
    press_drawn(&mut app, "<c-u>", 120, 40);
    assert!(app.has_modal() && help_at_top(&app), "ctrl-u pages up");
    press_drawn(&mut app, "xAi1<enter>", 120, 40);
    assert!(
        app.has_modal() && help_at_top(&app),
        "a stray key does nothing"
    );
    for close in ["<esc>", "q", "?"] {
        let mut app = app_with(Keymap::default());
        press_drawn(&mut app, &format!("?j{close}"), 120, 40);
        assert!(!app.has_modal(), "{close} closes the help");
    }
}

#[test]
fn g_shows_the_help_s_last_line_at_80x24() {
    let mut app = app_with(Keymap::default());
    let end = press_drawn(&mut app, "?G", 80, 24);
    assert!(end.contains("keys.toml"), "the last line shows: {end}");
    let last = end
        .lines()
        .find(|l| l.contains(" of "))
        .unwrap()
        .to_string();
    let total = last
        .split(" of ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap();
    assert!(last.contains(&format!("–{total} of {total}")), "{last}");
    // Up from the end moves at once (no scrolling past the end to undo).
    let up = press_drawn(&mut app, "k", 80, 24);
    assert_ne!(up, end);
    press_drawn(&mut app, "?", 80, 24);
    assert!(!app.has_modal(), "? closes it");
}

#[test]
fn slash_searches_the_help_and_esc_clears_the_search_before_closing() {
    let mut app = app_with(Keymap::default());
    let found = press_drawn(&mut app, "?/script-", 80, 24);
    assert!(found.contains("script-write"), "{found}");
    assert!(!found.contains("customers"), "only matching lines: {found}");
    assert!(found.contains("/script-"), "the search shows: {found}");
    // Typing q or ? goes into the search; Enter keeps it, then j scrolls again.
    let kept = press_drawn(&mut app, "<bs><bs><bs><bs><bs><bs><bs>q<enter>", 80, 24);
    assert!(app.has_modal(), "q typed into the search: {kept}");
    assert!(kept.contains("quit"), "{kept}");
    press_drawn(&mut app, "<esc>", 80, 24);
    assert!(app.has_modal(), "esc first clears a kept search");
    assert!(help_at_top(&app));
    press_drawn(&mut app, "<esc>", 80, 24);
    assert!(!app.has_modal(), "then esc closes the help");
    let none = press_drawn(&mut app, "?/zzzz", 80, 24);
    assert!(none.contains("no key matches"), "{none}");
}

#[test]
fn the_help_clears_the_screen_behind_it() {
    let mut app = app_with(Keymap::default());
    // The Customers pane's rows start with "│ " then a name: none shows beside the help.
    let help = press_drawn(&mut app, "?", 120, 40);
    for line in help.lines().skip(2).take(36) {
        assert!(
            !line.starts_with("│A") && !line.starts_with("│C") && !line.starts_with("│T"),
            "{line}\n{help}"
        );
    }
}

#[test]
fn a_keys_toml_line_moves_the_help_scroll_key_and_only_there() {
    let mut app = app_with(keys_toml("[keys]\nhelp-down = \"n\"\n"));
    let first = app.selected_id().cloned();
    press(&mut app, "?");
    let help = screen(&app, 120, 40);
    assert!(
        help.contains(" n/k scroll · / search · esc close"),
        "{help}"
    );
    press(&mut app, "n");
    assert!(
        app.has_modal() && !help_at_top(&app),
        "n scrolls the help now"
    );
    press(&mut app, "gj");
    assert!(
        app.has_modal() && help_at_top(&app),
        "j is no help key any more: it does nothing there"
    );
    // On the main screen j still moves down.
    press(&mut app, "<esc>j");
    assert_ne!(app.selected_id().cloned(), first);
}

#[test]
fn the_help_lists_the_pop_ups_commands_with_their_keys() {
    let mut app = app_with(keys_toml("[keys]\nscript-close = \"x\"\n"));
    // They come after the main screen's commands: read every page of the help.
    press(&mut app, "?");
    let mut help = screen(&app, 120, 60);
    for _ in 0..12 {
        press(&mut app, "<pgdn>");
        help.push_str(&screen(&app, 120, 60));
    }
    for name in ["help-down", "script-format", "script-close", "disk-reload"] {
        assert!(help.contains(name), "{name}: {help}");
    }
    assert!(lists_key_for(&help, "x", "script-close"), "{help}");
}

#[test]
fn the_script_answers_its_default_keys() {
    let mut app = app_with(Keymap::default());
    press(&mut app, "4y");
    assert!(app.has_modal());
    let az = screen(&app, 120, 40);
    assert!(az.contains("az rest (bash)"), "{az}");
    assert!(
        az.contains(
            " j/k scroll · pgup/pgdn page · tab az ↔ pwsh · c copy · w write to a file · esc close"
        ),
        "{az}"
    );
    press(&mut app, "<tab>");
    assert!(screen(&app, 120, 40).contains("Microsoft Graph PowerShell"));
    press(&mut app, "jjkGgz");
    assert!(app.has_modal(), "scrolling and other keys leave it open");
    press(&mut app, "q");
    assert!(!app.has_modal(), "q closes it");
}

#[test]
fn a_keys_toml_line_moves_the_script_close_key() {
    let mut app = app_with(keys_toml("[keys]\nscript-close = \"x\"\n"));
    press(&mut app, "4y");
    assert!(screen(&app, 120, 40).contains("· x close"));
    press(&mut app, "q");
    assert!(app.has_modal(), "q no longer closes the script");
    press(&mut app, "x");
    assert!(!app.has_modal(), "x does");
}

#[test]
fn the_changed_on_disk_choice_answers_its_default_keys() {
    let mut app = app_with(Keymap::default());
    app.changed_on_disk("/tmp/partnerdesk-test/theirs.json".into(), false);
    assert!(app.has_modal());
    let choice = screen(&app, 120, 40);
    assert!(
        choice.contains(
            " r reload (drops unsaved actions) · m merge with it · a save as · esc keep editing"
        ),
        "{choice}"
    );
    assert!(
        press(&mut app, "z").is_empty() && app.has_modal(),
        "z waits"
    );
    let effects = press(&mut app, "r");
    assert!(
        matches!(effects.as_slice(), [Effect::Reload]),
        "{effects:?}"
    );

    app.changed_on_disk("/tmp/partnerdesk-test/theirs.json".into(), false);
    let effects = press(&mut app, "m");
    assert!(
        matches!(effects.as_slice(), [Effect::MergeWithDisk]),
        "{effects:?}"
    );

    app.changed_on_disk("/tmp/partnerdesk-test/theirs.json".into(), false);
    press(&mut app, "a");
    assert!(screen(&app, 120, 40).contains("Save as (file path)"));
    press(&mut app, "<esc>");

    app.changed_on_disk("/tmp/partnerdesk-test/theirs.json".into(), false);
    press(&mut app, "K");
    assert!(!app.has_modal());
    let status = app.status().expect("a status line");
    assert!(status.text.contains("kept editing"), "{status:?}");
}

#[test]
fn a_keys_toml_line_moves_the_reload_key() {
    let mut app = app_with(keys_toml("[keys]\ndisk-reload = \"l\"\n"));
    app.changed_on_disk("/tmp/partnerdesk-test/theirs.json".into(), false);
    assert!(screen(&app, 120, 40).contains(" l reload (drops unsaved actions)"));
    assert!(
        press(&mut app, "r").is_empty() && app.has_modal(),
        "r waits now"
    );
    let effects = press(&mut app, "l");
    assert!(
        matches!(effects.as_slice(), [Effect::Reload]),
        "{effects:?}"
    );
}

/// Invites a customer, so an invitation is selected that `d` can decline; returns its id.
fn with_new_invitation(app: &mut App) -> Id {
    press(app, "i<enter>A<enter>");
    app.selected_id().cloned().expect("the new invitation")
}

fn invitation_status(app: &App, id: &Id) -> Option<InvitationStatus> {
    app.workspace().invitation(id).map(|i| i.status)
}

#[test]
fn the_confirmation_answers_its_default_keys() {
    let mut app = app_with(Keymap::default());
    let inv = with_new_invitation(&mut app);
    press(&mut app, "d");
    let dialog = screen(&app, 120, 40);
    assert!(
        dialog.contains(" y yes · n/esc cancel · ←/→ switch · enter choose"),
        "{dialog}"
    );
    assert!(
        dialog.contains("[▶ Cancel (n) ◀]   [  Decline (y)  ]"),
        "{dialog}"
    );
    assert!(dialog.contains("←/→ switch · enter choose · y yes · n/esc cancel"));
    // Keys that are no confirm command wait; `s` too, as this dialog offers no saving.
    press(&mut app, "zjs");
    assert!(app.has_modal(), "other keys wait");
    press(&mut app, "<enter>");
    assert!(!app.has_modal(), "enter chooses the focused Cancel");
    // Every no key cancels, and switching twice comes back to Cancel.
    for no in [
        "n",
        "N",
        "<esc>",
        "q",
        "<right><left><enter>",
        "<tab><s-tab><enter>",
    ] {
        press(&mut app, &format!("d{no}"));
        assert!(!app.has_modal(), "{no}");
        assert_eq!(
            invitation_status(&app, &inv),
            Some(InvitationStatus::Pending),
            "{no}"
        );
    }
    // Every yes key declines (undone each time).
    for yes in [
        "y",
        "Y",
        "<right><enter>",
        "l<enter>",
        "h<enter>",
        "<tab><enter>",
    ] {
        press(&mut app, &format!("d{yes}"));
        assert!(!app.has_modal(), "{yes}");
        assert_eq!(
            invitation_status(&app, &inv),
            Some(InvitationStatus::Declined),
            "{yes}"
        );
        press(&mut app, "u");
        assert_eq!(
            invitation_status(&app, &inv),
            Some(InvitationStatus::Pending)
        );
    }
    // Quitting with unsaved changes offers saving on `s`.
    press(&mut app, "q");
    assert!(screen(&app, 120, 40).contains("s: save and quit"));
    let saved = press(&mut app, "s");
    assert!(
        matches!(
            saved.as_slice(),
            [Effect::Save {
                then_quit: true,
                ..
            }]
        ),
        "{saved:?}"
    );
}

#[test]
fn a_keys_toml_line_moves_the_confirm_yes_key() {
    let mut app = app_with(keys_toml("[keys]\nconfirm-yes = \"o\"\n"));
    let inv = with_new_invitation(&mut app);
    press(&mut app, "d");
    let dialog = screen(&app, 120, 40);
    assert!(dialog.contains(" o yes · n/esc cancel"), "{dialog}");
    assert!(dialog.contains("[  Decline (o)  ]"), "{dialog}");
    press(&mut app, "yY");
    assert!(app.has_modal(), "y no longer confirms: it waits");
    assert_eq!(
        invitation_status(&app, &inv),
        Some(InvitationStatus::Pending)
    );
    press(&mut app, "o");
    assert!(!app.has_modal());
    assert_eq!(
        invitation_status(&app, &inv),
        Some(InvitationStatus::Declined),
        "o declines"
    );
    // On the main screen `y` still shows a script.
    press(&mut app, "3y");
    assert!(screen(&app, 120, 40).contains("Script for"));
}

#[test]
fn the_help_lists_the_confirmation_commands() {
    let mut app = app_with(keys_toml("[keys]\nconfirm-yes = \"o\"\n"));
    // Read every page of the help: they come after the main screen's commands.
    press(&mut app, "?");
    let mut help = String::new();
    for _ in 0..16 {
        help.push_str(&screen(&app, 120, 60));
        press(&mut app, "<pgdn>");
    }
    assert!(help.contains("When asked to confirm"), "{help}");
    for name in [
        "confirm-no",
        "confirm-save",
        "confirm-switch",
        "confirm-choose",
    ] {
        assert!(help.contains(name), "{name}: {help}");
    }
    assert!(lists_key_for(&help, "o", "confirm-yes"), "{help}");
}
