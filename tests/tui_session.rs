//! The terminal app on a real file through the shell (`tui::Shell`): the writer's lock, the crash
//! journal written before an action is shown, undo/redo rewriting it, recovery on reopen, a
//! second session read-only, `--read-only` writing nothing, and a save refused when the file
//! changed on disk. Temp files only; no terminal.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use partnerdesk::domain::{InvitationStatus, Time};
use partnerdesk::store::journal::{journal_path, read as read_journal};
use partnerdesk::store::lock::{App as LockApp, lock_path};
use partnerdesk::store::session::{Mode, Session};
use partnerdesk::store::{demo_workspace, fingerprint, load_file, to_json};
use partnerdesk::tui::testing::{keys, screen};
use partnerdesk::tui::{Launch, Shell, Source};

fn now() -> Time {
    Time(jiff::Timestamp::now())
}

fn demo_copy(dir: &Path) -> PathBuf {
    let file = dir.join("demo.json");
    std::fs::write(&file, to_json(&demo_workspace(now()))).expect("the demo copy is written");
    file
}

fn open(path: &Path, mode: Mode) -> Shell {
    let session = Session::open(path, mode, LockApp::Tui).expect("the file opens");
    let bytes = std::fs::read(path).expect("the file reads");
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

/// Sends keys; true when the app quit.
fn press(shell: &mut Shell, script: &str) -> bool {
    keys(script).into_iter().any(|e| shell.handle_event(e))
}

fn journaled(path: &Path) -> usize {
    read_journal(path).expect("the journal reads").entries.len()
}

fn status(shell: &Shell) -> String {
    shell
        .app
        .status()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

#[test]
fn every_action_is_journaled_before_it_is_shown_and_recovered_after_a_crash() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = demo_copy(dir.path());
    let before = std::fs::read(&file).expect("bytes");
    let mut shell = open(&file, Mode::ReadWrite);
    assert!(lock_path(&file).exists(), "the writer holds the lock");
    let base = journaled(&file);
    assert_eq!(base, shell.app.journal().len());

    press(&mut shell, "i<enter>");
    assert_eq!(journaled(&file), base + 1, "{}", status(&shell));
    press(&mut shell, "A<enter>a");
    assert_eq!(journaled(&file), base + 2, "{}", status(&shell));
    let accepted = shell
        .app
        .workspace()
        .invitations()
        .find(|i| i.status == InvitationStatus::Accepted && i.created_date_time == shell.app.now())
        .map(|i| i.id.clone())
        .expect("the accepted invitation");
    assert_eq!(
        std::fs::read(&file).expect("bytes"),
        before,
        "nothing saved yet"
    );

    // A crash: no quit, no save. The lock goes with the process; the journal stays.
    drop(shell);
    let mut shell = open(&file, Mode::ReadWrite);
    assert!(status(&shell).contains("recovered"), "{}", status(&shell));
    assert!(shell.app.is_dirty());
    assert_eq!(
        shell
            .app
            .workspace()
            .invitation(&accepted)
            .map(|i| i.status),
        Some(InvitationStatus::Accepted)
    );
    press(&mut shell, "s");
    assert!(status(&shell).contains("saved"), "{}", status(&shell));
    assert!(!journal_path(&file).exists(), "saving empties the journal");
    assert!(press(&mut shell, "q"));
    drop(shell);
    assert!(!lock_path(&file).exists(), "the lock goes with the session");
    let saved = load_file(&file).expect("the saved file loads");
    assert_eq!(
        saved.workspace.invitation(&accepted).map(|i| i.status),
        Some(InvitationStatus::Accepted)
    );
}

#[test]
fn undo_and_redo_rewrite_the_journal_so_an_undone_action_is_not_recovered() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = demo_copy(dir.path());
    let mut shell = open(&file, Mode::ReadWrite);
    let base = journaled(&file);
    let invitations = shell.app.workspace().counts().invitations;
    press(&mut shell, "i<enter>");
    assert_eq!(journaled(&file), base + 1);
    press(&mut shell, "u");
    assert_eq!(journaled(&file), base);
    press(&mut shell, "<c-r>");
    assert_eq!(journaled(&file), base + 1);
    press(&mut shell, "u");
    assert_eq!(journaled(&file), base);
    drop(shell);

    let shell = open(&file, Mode::ReadWrite);
    assert_eq!(shell.app.workspace().counts().invitations, invitations);
}

#[test]
fn quitting_without_saving_leaves_no_journal() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = demo_copy(dir.path());
    let mut shell = open(&file, Mode::ReadWrite);
    press(&mut shell, "i<enter>");
    assert!(journal_path(&file).exists());
    assert!(!press(&mut shell, "q"), "asks first");
    assert!(press(&mut shell, "y"));
    assert!(!journal_path(&file).exists());
}

#[test]
fn a_second_session_is_read_only_and_says_who_holds_the_lock() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = demo_copy(dir.path());
    let first = open(&file, Mode::ReadWrite);
    let before = std::fs::read(&file).expect("bytes");
    let journal_before = std::fs::read(journal_path(&file)).ok();

    let mut second = open(&file, Mode::ReadWrite);
    assert!(second.app.read_only());
    let pid = std::process::id().to_string();
    assert!(status(&second).contains(&pid), "{}", status(&second));
    let header = screen(&second.app, 140, 40);
    let header = header.lines().next().unwrap_or_default();
    assert!(
        header.contains("read-only") && header.contains(&pid),
        "{header}"
    );
    press(&mut second, "i<enter>s");
    assert!(status(&second).contains("read-only"), "{}", status(&second));
    assert_eq!(std::fs::read(&file).expect("bytes"), before);
    assert_eq!(std::fs::read(journal_path(&file)).ok(), journal_before);
    drop(second);
    assert!(
        lock_path(&file).exists(),
        "the first session still holds it"
    );
    drop(first);
}

#[test]
fn read_only_writes_nothing_at_all() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = demo_copy(dir.path());
    let before = std::fs::read(&file).expect("bytes");
    let mut shell = open(&file, Mode::ReadOnly);
    assert!(shell.app.read_only());
    press(&mut shell, "i<enter>a<c-s>s");
    assert!(status(&shell).contains("read-only"), "{}", status(&shell));
    assert!(!lock_path(&file).exists());
    assert!(!journal_path(&file).exists());
    assert!(press(&mut shell, "q"));
    drop(shell);
    assert_eq!(std::fs::read(&file).expect("bytes"), before);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("the dir")
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn a_file_changed_on_disk_is_never_overwritten_and_reload_drops_the_unsaved_actions() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = demo_copy(dir.path());
    let mut shell = open(&file, Mode::ReadWrite);
    let invitations = shell.app.workspace().counts().invitations;
    press(&mut shell, "i<enter>");
    // Someone else writes the file (ignoring the lock).
    let text = std::fs::read_to_string(&file).expect("the file");
    let text = text.replacen("\"Contoso CSP demo\"", "\"changed elsewhere\"", 1);
    std::fs::write(&file, &text).expect("the other write");
    let theirs = std::fs::read(&file).expect("bytes");

    press(&mut shell, "s");
    assert!(shell.app.has_modal());
    assert!(
        screen(&shell.app, 120, 40).contains("changed on disk"),
        "{}",
        screen(&shell.app, 120, 40)
    );
    assert_eq!(
        std::fs::read(&file).expect("bytes"),
        theirs,
        "not overwritten"
    );

    // Keep editing: nothing happens; saving asks again.
    press(&mut shell, "<esc>");
    assert!(!shell.app.has_modal());
    assert!(shell.app.is_dirty());
    press(&mut shell, "s");
    assert!(shell.app.has_modal());

    // Reload: their file, our unsaved invitation dropped, journal matching.
    press(&mut shell, "r");
    assert!(!shell.app.has_modal());
    assert!(!shell.app.is_dirty());
    assert_eq!(shell.app.workspace().meta().name, "changed elsewhere");
    assert_eq!(shell.app.workspace().counts().invitations, invitations);
    assert_eq!(journaled(&file), shell.app.journal().len());
    assert_eq!(std::fs::read(&file).expect("bytes"), theirs);
}

#[test]
fn save_as_after_a_conflict_writes_the_other_file_and_works_on_it() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = demo_copy(dir.path());
    let mut shell = open(&file, Mode::ReadWrite);
    press(&mut shell, "i<enter>");
    let invitations = shell.app.workspace().counts().invitations;
    let text = std::fs::read_to_string(&file).expect("the file");
    std::fs::write(&file, text.replacen("Contoso CSP demo", "elsewhere", 1)).expect("a write");
    press(&mut shell, "s");
    press(&mut shell, "a");
    let copy = dir.path().join("mine.json");
    // Replace the prompt's text with the new path.
    let erase = "<bs>".repeat(file.display().to_string().chars().count());
    press(&mut shell, &format!("{erase}{}<enter>", copy.display()));
    assert!(status(&shell).contains("saved"), "{}", status(&shell));
    assert_eq!(
        load_file(&copy)
            .expect("the copy loads")
            .workspace
            .counts()
            .invitations,
        invitations
    );
    assert!(lock_path(&copy).exists(), "the session now writes the copy");
    assert!(!journal_path(&file).exists());
}

#[test]
fn a_bulk_invite_journals_each_invitation_and_one_undo_rewrites_them_all_away() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = demo_copy(dir.path());
    let mut shell = open(&file, Mode::ReadWrite);
    let base = journaled(&file);
    let invitations = shell.app.workspace().counts().invitations;
    // Adatum, Alpine Ski House and Trey Research (refused by MP6) marked; i, enter.
    press(&mut shell, "<space><space>/trey<enter><space><esc>i<enter>");
    assert_eq!(journaled(&file), base + 2, "{}", status(&shell));
    press(&mut shell, "u");
    assert_eq!(journaled(&file), base, "{}", status(&shell));
    press(&mut shell, "<c-r>");
    assert_eq!(journaled(&file), base + 2, "{}", status(&shell));

    // A crash: both invitations are recovered.
    drop(shell);
    let shell = open(&file, Mode::ReadWrite);
    assert!(status(&shell).contains("recovered"), "{}", status(&shell));
    assert_eq!(shell.app.workspace().counts().invitations, invitations + 2);
}

#[test]
fn a_save_after_a_reload_expects_the_file_as_reloaded_not_as_first_opened() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = demo_copy(dir.path());
    let mut shell = open(&file, Mode::ReadWrite);
    // Someone else writes the file; with nothing unsaved here, R takes their version.
    let text = std::fs::read_to_string(&file).expect("the file");
    std::fs::write(
        &file,
        text.replacen("Contoso CSP demo", "changed elsewhere", 1),
    )
    .expect("the other write");
    let theirs = std::fs::read(&file).expect("bytes");
    press(&mut shell, "R");
    assert_eq!(shell.app.workspace().meta().name, "changed elsewhere");
    // What a save expects (`Effect::Save`'s fingerprint) is the file as reloaded.
    assert_eq!(
        shell.app.source(),
        &Source::File {
            path: file.clone(),
            fingerprint: fingerprint(&theirs),
        }
    );
    let invitations = shell.app.workspace().counts().invitations;
    press(&mut shell, "i<enter>");
    assert_eq!(shell.app.workspace().counts().invitations, invitations + 1);
    // The file is as reloaded: the save writes it, with no "changed on disk" question.
    press(&mut shell, "s");
    assert!(!shell.app.has_modal(), "{}", screen(&shell.app, 120, 40));
    assert!(!shell.app.is_dirty(), "{}", status(&shell));
    let saved = load_file(&file).expect("the file loads").workspace;
    assert_eq!(saved.meta().name, "changed elsewhere");
    assert_eq!(saved.counts().invitations, invitations + 1);
}
