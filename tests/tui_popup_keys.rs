//! The pop-ups' keys come from the command table like every other key: by default the help, the
//! script (`y`) and the file-changed-on-disk choice answer the keys they always have, and a
//! keys.toml line moves one of them — in that pop-up only.

use partnerdesk::domain::Time;
use partnerdesk::store::demo_workspace;
use partnerdesk::tui::testing::{press, screen};
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

/// Whether the help is scrolled to its top (its first heading shows).
fn help_at_top(app: &App) -> bool {
    screen(app, 120, 40).contains("│Navigate")
}

#[test]
fn help_scrolls_with_its_default_keys_and_any_other_key_closes_it() {
    let mut app = app_with(Keymap::default());
    press(&mut app, "?");
    assert!(app.has_modal() && help_at_top(&app));
    assert!(screen(&app, 120, 40).contains(" j/k scroll · esc close"));
    press(&mut app, "j");
    assert!(app.has_modal() && !help_at_top(&app), "j scrolls down");
    press(&mut app, "k");
    assert!(app.has_modal() && help_at_top(&app), "k scrolls back up");
    press(&mut app, "<down><down><pgdn>g");
    assert!(
        app.has_modal() && help_at_top(&app),
        "g goes back to the top"
    );
    press(&mut app, "<space>");
    assert!(app.has_modal() && !help_at_top(&app), "space pages down");
    press(&mut app, "G");
    assert!(!app.has_modal(), "a key that is no help command closes it");
}

#[test]
fn a_keys_toml_line_moves_the_help_scroll_key_and_only_there() {
    let mut app = app_with(keys_toml("[keys]\nhelp-down = \"n\"\n"));
    let first = app.selected_id().cloned();
    press(&mut app, "?");
    let help = screen(&app, 120, 40);
    assert!(help.contains(" n/k scroll · esc close"), "{help}");
    press(&mut app, "n");
    assert!(
        app.has_modal() && !help_at_top(&app),
        "n scrolls the help now"
    );
    press(&mut app, "j");
    assert!(
        !app.has_modal(),
        "j is no help key any more: it closes the help"
    );
    // On the main screen j still moves down.
    press(&mut app, "j");
    assert_ne!(app.selected_id().cloned(), first);
}

#[test]
fn the_help_lists_the_pop_ups_commands_with_their_keys() {
    let mut app = app_with(keys_toml("[keys]\nscript-close = \"x\"\n"));
    // They come after the main screen's commands: three and four pages down.
    press(&mut app, "?<pgdn><pgdn><pgdn>");
    let mut help = screen(&app, 120, 60);
    press(&mut app, "<pgdn>");
    help.push_str(&screen(&app, 120, 60));
    for name in ["help-down", "script-format", "script-close", "disk-reload"] {
        assert!(help.contains(name), "{name}: {help}");
    }
    let rebound = format!("  {:<16}script-close", "x");
    assert!(help.contains(&rebound), "{help}");
}

#[test]
fn the_script_answers_its_default_keys() {
    let mut app = app_with(Keymap::default());
    press(&mut app, "4y");
    assert!(app.has_modal());
    let az = screen(&app, 120, 40);
    assert!(az.contains("az rest (bash)"), "{az}");
    assert!(
        az.contains(" j/k scroll · pgup/pgdn page · tab az ↔ pwsh · esc close"),
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
        choice.contains(" r reload (drops unsaved actions) · a save as · esc keep editing"),
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
