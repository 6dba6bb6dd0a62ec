//! Text fields, paste, the clipboard, status messages and the file on disk, driven by events:
//! a paste lands whole in the field (or filter) and runs nothing; the role search takes spaces
//! and Tab ticks; a pre-filled duration is replaced by typing; the script is copied through the
//! terminal (OSC 52); status messages fade on the app's clock and stay in the message log;
//! keys.toml's bad lines are skipped; save-as asks before overwriting; a read-only session
//! notices another session's save and reloads it.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use crossterm::event::Event;
use partnerdesk::domain::{RelationshipKind, Time};
use partnerdesk::store::lock::App as LockApp;
use partnerdesk::store::session::{Mode, Session};
use partnerdesk::store::{demo_workspace, fingerprint, to_json};
use partnerdesk::tui::popups::Modal;
use partnerdesk::tui::popups::invite_form::{FieldPicker, RolePick};
use partnerdesk::tui::testing::{keys, press, screen};
use partnerdesk::tui::{App, Effect, Keymap, Launch, Shell, Source};

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

fn paste(app: &mut App, text: &str) -> Vec<Effect> {
    app.handle_event(Event::Paste(text.to_string()))
}

fn status(app: &App) -> String {
    app.status().map(|s| s.text.clone()).unwrap_or_default()
}

// ---- paste ----

#[test]
fn a_tenant_id_pasted_into_the_filter_lands_in_it_and_runs_nothing() {
    let mut app = demo_app();
    let before = to_json(app.workspace());
    press(&mut app, "/");
    // Letters that are commands on the main screen (a accept, i invite, q quit…).
    let id = "aq1d4e2f-9b7c-4a3e-8f10-iq0123456789";
    let effects = paste(&mut app, id);
    assert!(effects.is_empty(), "{effects:?}");
    assert!(!app.has_modal(), "nothing opened");
    assert_eq!(app.list(app.pane()).query(), id);
    assert!(app.browse().filter_editing(), "still typing the filter");
    assert_eq!(to_json(app.workspace()), before);
    assert!(screen(&app, 120, 40).contains(&format!("/{id}")));
}

#[test]
fn a_paste_with_no_text_field_focused_does_nothing_and_says_so() {
    let mut app = demo_app();
    let before = to_json(app.workspace());
    let effects = paste(&mut app, "iq");
    assert!(effects.is_empty(), "{effects:?}");
    assert!(!app.has_modal());
    assert_eq!(to_json(app.workspace()), before);
    assert!(status(&app).contains("paste ignored"), "{}", status(&app));
}

#[test]
fn a_group_id_pasted_into_the_assign_form_lands_in_the_group_field() {
    let mut app = demo_app();
    // An active GDAP relationship, in the Relationships pane, then `+`.
    press(&mut app, "4/gdap<enter>");
    let group = "5f2d0c1e-8a7b-4c3d-9e1f-0a1b2c3d4e5f";
    press(&mut app, "+");
    if !app.has_modal() {
        panic!("no assign form: {}", status(&app));
    }
    paste(&mut app, group);
    match app.modal() {
        Some(Modal::Assign(form)) => assert_eq!(form.group.value(), group),
        _ => panic!("the assign form closed"),
    }
}

// ---- the text field in forms ----

#[test]
fn typing_90_over_the_prefilled_730_gives_90() {
    let mut app = demo_app();
    // Kind (third field) ← GDAP; then name, roles, duration.
    press(&mut app, "i<tab><tab><left><tab><tab><tab>90");
    match app.modal() {
        Some(Modal::Invite(form)) => assert_eq!(form.duration.value(), "90"),
        _ => panic!("the invite form closed"),
    }
    press(&mut app, "<enter>");
    let rel = app
        .workspace()
        .relationships()
        .find(|r| r.created_date_time == now() && r.kind == RelationshipKind::Gdap)
        .unwrap_or_else(|| panic!("no GDAP relationship: {}", status(&app)));
    assert_eq!(rel.gdap.as_ref().map(|g| g.duration.0), Some(90));
}

#[test]
fn moving_the_cursor_first_keeps_the_prefilled_duration_for_editing() {
    let mut app = demo_app();
    press(&mut app, "i<tab><tab><left><tab><tab><tab><left><bs>");
    match app.modal() {
        Some(Modal::Invite(form)) => assert_eq!(form.duration.value(), "70"),
        _ => panic!("the invite form closed"),
    }
}

#[test]
fn typing_security_reader_in_the_role_search_finds_security_reader_and_tab_ticks_it() {
    let mut app = demo_app();
    // Kind ← GDAP, two tabs to Roles, space opens the picker; Space then types a space.
    press(
        &mut app,
        "i<tab><tab><left><tab><tab><space>security reader",
    );
    let (selected, query, before) = match app.modal() {
        Some(Modal::Invite(form)) => match &form.picker {
            Some(FieldPicker::Roles(p)) => (
                p.selected().cloned(),
                p.query().to_string(),
                p.selected_count(),
            ),
            _ => panic!("no role picker"),
        },
        _ => panic!("the invite form closed"),
    };
    assert_eq!(query, "security reader");
    let Some(RolePick::Role(id)) = selected else {
        panic!("the first match is not a role: {selected:?}");
    };
    assert_eq!(
        partnerdesk::domain::roles::role_name(&id),
        "Security Reader"
    );
    let shown = screen(&app, 120, 40);
    assert!(shown.contains(&format!("{before} selected")), "{shown}");
    press(&mut app, "<tab>");
    let shown = screen(&app, 120, 40);
    assert!(
        shown.contains(&format!("{} selected", before + 1)),
        "{shown}"
    );
    press(&mut app, "<enter>");
    match app.modal() {
        Some(Modal::Invite(form)) => assert!(form.roles.contains(&id), "{:?}", form.roles),
        _ => panic!("the invite form closed"),
    }
}

#[test]
fn a_template_row_shows_ticked_when_it_is_applied() {
    let mut app = demo_app();
    // The form starts with the first template's roles ticked: its row shows [x].
    press(&mut app, "i<tab><tab><left><tab><tab><space>");
    let shown = screen(&app, 120, 40);
    let template_row = shown
        .lines()
        .find(|l| l.contains("Template:"))
        .unwrap_or_else(|| panic!("no template row:\n{shown}"));
    assert!(template_row.contains("[x] Template:"), "{shown}");
}

#[test]
fn the_role_picker_snapshot_shows_the_search_count_and_ticks() {
    let mut app = demo_app();
    press(&mut app, "i<tab><tab><left><tab><tab><space>reader");
    insta::assert_snapshot!(screen(&app, 100, 30));
}

// ---- the status line and the message log ----

#[test]
fn a_status_message_fades_on_the_apps_clock_and_stays_in_the_message_log() {
    let mut app = demo_app();
    press(&mut app, "/zzz-no-such<enter><esc>");
    let said = status(&app);
    assert!(!said.is_empty());
    app.tick(now().plus_seconds(2));
    assert_eq!(status(&app), said, "still shown after two seconds");
    app.tick(now().plus_seconds(30));
    assert!(app.status().is_none(), "faded: {:?}", app.status());
    press(&mut app, "m");
    let log = screen(&app, 120, 40);
    assert!(log.contains("Messages"), "{log}");
    assert!(log.contains(&said), "{log}");
    press(&mut app, "<esc>");
    assert!(!app.has_modal());
}

#[test]
fn a_long_status_is_one_line_cut_after_a_word() {
    let mut app = demo_app();
    // A bulk invite with a refusal says a lot; the line shows its start, cut at a word.
    press(&mut app, "<space><space>/trey<enter><space><esc>i<enter>");
    let said = status(&app);
    assert!(said.starts_with("invited 2 of 3; 1 refused: MP6"), "{said}");
    let shown = screen(&app, 80, 24);
    let line = shown
        .lines()
        .find(|l| l.contains("invited 2 of 3"))
        .unwrap_or_else(|| panic!("no status line:\n{shown}"));
    assert!(line.ends_with('…'), "{line}");
    let kept = line.trim_start_matches("• ").trim_end_matches('…');
    assert!(said.starts_with(kept), "{line}");
    assert!(
        said[kept.len()..].starts_with(' '),
        "cut after a whole word: {line}"
    );
}

// ---- keys.toml ----

#[test]
fn a_keys_toml_with_one_bad_line_keeps_the_good_ones() {
    let (keymap, problems) =
        Keymap::from_toml_lenient("[keys]\nhelp = \"ctrl-h\"\nfly = \"z\"\nquit = \"ctrl-q\"\n");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("line 3:"), "{problems:?}");
    let mut app = App::new(demo_workspace(now()), Source::Demo, now(), keymap);
    press(&mut app, "<c-h>");
    assert!(
        matches!(app.modal(), Some(Modal::Help(_))),
        "ctrl-h opens the help"
    );
    press(&mut app, "<esc>");
    let effects = press(&mut app, "<c-q>");
    assert!(
        effects.iter().any(|e| matches!(e, Effect::Quit)),
        "{effects:?}"
    );
}

// ---- the shell: clipboard, mouse, save-as, reload ----

fn demo_copy(dir: &Path, name: &str) -> PathBuf {
    let file = dir.join(name);
    std::fs::write(&file, to_json(&demo_workspace(now()))).unwrap();
    file
}

fn open(path: &Path, mode: Mode) -> Shell {
    let session = Session::open(path, mode, LockApp::Tui).unwrap();
    let bytes = std::fs::read(path).unwrap();
    Shell::new(
        Launch {
            workspace: session.workspace().clone(),
            source: Source::File {
                path: path.to_path_buf(),
                fingerprint: fingerprint(&bytes),
            },
            read_only: mode == Mode::ReadOnly,
            diagnostics: Vec::new(),
            session: Some(session),
        },
        now(),
    )
}

fn shell_press(shell: &mut Shell, script: &str) {
    for event in keys(script) {
        shell.handle_event(event);
    }
}

fn shell_status(shell: &Shell) -> String {
    status(&shell.app)
}

#[test]
fn the_copy_key_in_the_script_writes_osc_52_with_the_script_and_says_how_many_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let mut shell = open(&demo_copy(dir.path(), "demo.json"), Mode::ReadOnly);
    shell_press(&mut shell, "4y");
    let script = match shell.app.modal() {
        Some(Modal::Script(popup)) => popup.text().to_string(),
        _ => panic!("no script: {}", shell_status(&shell)),
    };
    shell_press(&mut shell, "c");
    let out = String::from_utf8(shell.take_terminal_output()).unwrap();
    let body = out
        .strip_prefix("\u{1b}]52;c;")
        .and_then(|rest| rest.strip_suffix('\u{7}'))
        .unwrap_or_else(|| panic!("not an OSC 52 sequence: {out:?}"));
    assert_eq!(
        body.len(),
        script.len().div_ceil(3) * 4,
        "base64 of the script"
    );
    assert!(
        shell_status(&shell).contains("copied the az rest script of rel-")
            && shell_status(&shell).contains(&format!("({} bytes", script.len())),
        "{}",
        shell_status(&shell)
    );
    assert!(shell.app.has_modal(), "the script stays open");
}

#[test]
fn m_switches_mouse_capture_off_and_on_through_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut shell = open(&demo_copy(dir.path(), "demo.json"), Mode::ReadOnly);
    shell_press(&mut shell, "M");
    let off = String::from_utf8(shell.take_terminal_output()).unwrap();
    assert!(off.contains("\u{1b}[?1000l"), "{off:?}");
    assert!(!shell.app.mouse_captured());
    assert!(shell_status(&shell).contains("selection works"));
    shell_press(&mut shell, "M");
    let on = String::from_utf8(shell.take_terminal_output()).unwrap();
    assert!(on.contains("\u{1b}[?1000h"), "{on:?}");
}

#[test]
fn save_as_over_an_existing_file_asks_first_and_writes_only_on_yes() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo_copy(dir.path(), "demo.json");
    let other = dir.path().join("other.json");
    std::fs::write(&other, "someone's file").unwrap();
    let mut shell = open(&file, Mode::ReadWrite);
    shell_press(&mut shell, &format!("S<c-u>{}<enter>", other.display()));
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "someone's file");
    match shell.app.modal() {
        Some(Modal::SaveAs(popup)) => assert!(popup.is_asking_overwrite()),
        _ => panic!("no question: {}", shell_status(&shell)),
    }
    let asked = screen(&shell.app, 100, 30);
    assert!(
        asked.contains("already exists there: overwrite it?"),
        "{asked}"
    );
    insta::assert_snapshot!(asked.replace(dir.path().to_str().unwrap(), "<dir>"));
    // n goes back to the path; Enter asks again; y writes.
    shell_press(&mut shell, "n");
    assert!(shell.app.has_modal());
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "someone's file");
    shell_press(&mut shell, "<enter>y");
    assert!(!shell.app.has_modal(), "{}", shell_status(&shell));
    assert!(
        std::fs::read_to_string(&other)
            .unwrap()
            .contains("\"customers\"")
    );
}

#[test]
fn save_as_into_a_missing_folder_is_refused_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo_copy(dir.path(), "demo.json");
    let mut shell = open(&file, Mode::ReadWrite);
    let target = dir.path().join("no-such-folder").join("copy.json");
    shell_press(&mut shell, &format!("S<c-u>{}<enter>", target.display()));
    let said = shell_status(&shell);
    assert!(
        said.contains("does not exist") && said.contains("no-such-folder"),
        "{said}"
    );
    assert!(!dir.path().join("no-such-folder").exists());
}

#[test]
fn a_read_only_session_notices_another_sessions_save_and_reloads_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo_copy(dir.path(), "demo.json");
    let mut writer = open(&file, Mode::ReadWrite);
    let mut reader = open(&file, Mode::ReadWrite);
    assert!(reader.app.read_only(), "the second session reads only");
    reader.tick(now().plus_seconds(1));
    assert!(!reader.app.has_modal(), "nothing changed yet");

    // The writer invites and saves.
    shell_press(&mut writer, "i<enter>s");
    assert!(
        shell_status(&writer).contains("saved"),
        "{}",
        shell_status(&writer)
    );
    let theirs = writer.app.workspace().counts().invitations;
    assert_ne!(reader.app.workspace().counts().invitations, theirs);

    reader.tick(now().plus_seconds(2));
    match reader.app.modal() {
        Some(Modal::ChangedOnDisk(popup)) => assert!(popup.noticed_save()),
        _ => panic!("not noticed: {}", shell_status(&reader)),
    }
    // Below the header (it names the lock holder's pid, which varies).
    let shown = screen(&reader.app, 100, 30).replace(dir.path().to_str().unwrap(), "<dir>");
    insta::assert_snapshot!(shown.lines().skip(1).collect::<Vec<_>>().join("\n"));
    shell_press(&mut reader, "r");
    assert!(!reader.app.has_modal());
    assert_eq!(reader.app.workspace().counts().invitations, theirs);
    // Offered once: another tick with no new save offers nothing.
    reader.tick(now().plus_seconds(3));
    assert!(!reader.app.has_modal());
}

#[test]
fn reload_is_refused_with_unsaved_changes_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo_copy(dir.path(), "demo.json");
    let mut shell = open(&file, Mode::ReadWrite);
    shell_press(&mut shell, "i<enter>R");
    let said = shell_status(&shell);
    assert!(
        said.contains("reload refused") && said.contains("unsaved"),
        "{said}"
    );
    assert!(shell.app.is_dirty(), "nothing was dropped");
    shell_press(&mut shell, "sR");
    assert!(
        shell_status(&shell).contains("reloaded"),
        "{}",
        shell_status(&shell)
    );
}

// ---- reasons ----

#[test]
fn accepting_an_invitation_already_accepted_names_the_pending_rule_not_who_acts() {
    let mut app = demo_app();
    let accepted = app
        .workspace()
        .invitations()
        .find(|i| i.status == partnerdesk::domain::InvitationStatus::Accepted)
        .map(|i| i.id.clone())
        .expect("the demo has an accepted invitation");
    press(&mut app, &format!("3/{accepted}<enter>"));
    assert_eq!(app.selected_id(), Some(&accepted));
    press(&mut app, "a");
    let said = status(&app);
    assert!(said.contains("IV2") && !said.contains("IV1"), "{said}");
    press(&mut app, "?");
    let mut help = String::new();
    for _ in 0..6 {
        help.push_str(&screen(&app, 120, 60));
        press(&mut app, "<pgdn>");
    }
    let accept_row = help
        .lines()
        .find(|l| l.contains(" accept ") && l.contains("IV"))
        .unwrap_or_else(|| panic!("no accept row with a reason:\n{help}"));
    assert!(accept_row.contains("IV2"), "{accept_row}");
}

// ---- the too-small screen ----

#[test]
fn keys_do_nothing_behind_the_too_small_screen_except_quit() {
    let mut app = demo_app();
    let tiny = screen(&app, 40, 10);
    assert!(tiny.contains("too small"), "{tiny}");
    press(&mut app, "i");
    assert!(!app.has_modal(), "the invite form did not open unseen");
    assert!(status(&app).contains("too small"), "{}", status(&app));
    let effects = press(&mut app, "q");
    assert!(
        effects.iter().any(|e| matches!(e, Effect::Quit)),
        "{effects:?}"
    );
    // At a usable size keys act again.
    let mut app = demo_app();
    screen(&app, 40, 10);
    screen(&app, 120, 40);
    press(&mut app, "i");
    assert!(app.has_modal());
}
