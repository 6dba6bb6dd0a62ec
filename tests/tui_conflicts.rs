//! Merge conflicts in the terminal app: the pop-up (`c`) lists the conflicts a workspace records
//! with both values, and `o` / `t` take ours or theirs through the core (one undo each); and a
//! file changed on disk under unsaved actions (a `git pull`) is merged with them — the same
//! three-way merge as git's driver — instead of losing either side, its conflicts listed.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use partnerdesk::domain::{Action, Actor, Id, RelationshipStatus, Time, apply};
use partnerdesk::store::lock::App as LockApp;
use partnerdesk::store::session::{Mode, Session};
use partnerdesk::store::{demo_workspace, fingerprint, load_bytes, load_file, to_json};
use partnerdesk::tui::app::Pane;
use partnerdesk::tui::testing::{keys, press, screen};
use partnerdesk::tui::{App, Keymap, Launch, Shell, Source};
use partnerdesk::workspace::Workspace;
use partnerdesk::workspace::merge::merge;

fn at(minute: u32) -> Time {
    Time::parse(&format!("2026-11-24T09:{minute:02}:00Z")).unwrap()
}

fn act(ws: &Workspace, actor: Actor, action: Action, minute: u32) -> Workspace {
    apply(ws, &actor, &action, at(minute)).unwrap().workspace
}

fn renamed(ws: &Workspace, id: &Id, name: &str) -> Action {
    let mut customer = ws.customer(id).unwrap().clone();
    customer.display_name = name.into();
    Action::EditCustomer { customer }
}

/// The demo after a merge of two renames of its first customer: one conflict recorded, ours
/// ("Ours Ltd") held. Read back as a file opens it.
fn merged_with_a_conflict() -> (Workspace, Id) {
    let base = demo_workspace(at(0));
    let id = base.customers().next().unwrap().id.clone();
    let ours = act(&base, Actor::Operator, renamed(&base, &id, "Ours Ltd"), 1);
    let theirs = act(&base, Actor::Operator, renamed(&base, &id, "Theirs Ltd"), 2);
    let merged = merge(&base, &ours, &theirs, &[]);
    let ws = load_bytes(&to_json(&merged.workspace)).unwrap().workspace;
    (ws, id)
}

fn app_on(ws: Workspace) -> App {
    App::new(ws, Source::Demo, at(5), Keymap::default())
}

#[test]
fn the_conflicts_pop_up_lists_each_conflict_with_both_values() {
    let (ws, _) = merged_with_a_conflict();
    let mut app = app_on(ws);
    press(&mut app, "c");
    insta::assert_snapshot!("conflicts_120x40", screen(&app, 120, 40));
}

#[test]
fn take_theirs_applies_their_value_through_the_core_and_undo_brings_the_conflict_back() {
    let (ws, id) = merged_with_a_conflict();
    let mut app = app_on(ws);
    press(&mut app, "ct");
    assert_eq!(
        app.workspace().customer(&id).unwrap().display_name,
        "Theirs Ltd"
    );
    assert_eq!(app.workspace().conflicts().len(), 0);
    assert!(app.is_dirty(), "a normal save writes the answer");
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("theirs taken"), "{shown}");
    let last = app.workspace().audit().last().unwrap();
    assert!(matches!(last.action, Action::ResolveConflict { .. }));

    press(&mut app, "<esc>u");
    assert_eq!(app.workspace().conflicts().len(), 1);
    assert_eq!(
        app.workspace().customer(&id).unwrap().display_name,
        "Ours Ltd"
    );
}

#[test]
fn the_history_entry_of_an_answered_conflict_leads_to_its_record() {
    let (ws, id) = merged_with_a_conflict();
    let mut app = app_on(ws);
    press(&mut app, "ct<esc>5");
    assert_eq!(app.pane(), Pane::History);
    press(&mut app, "<enter>");
    assert_eq!(app.pane(), Pane::Customers, "{}", screen(&app, 120, 40));
    assert_eq!(app.selected_id(), Some(&id));
}

#[test]
fn take_ours_keeps_the_record_and_clears_the_conflict() {
    let (ws, id) = merged_with_a_conflict();
    let mut app = app_on(ws);
    press(&mut app, "co");
    assert_eq!(
        app.workspace().customer(&id).unwrap().display_name,
        "Ours Ltd"
    );
    assert_eq!(app.workspace().conflicts().len(), 0);
}

#[test]
fn without_recorded_conflicts_c_says_why_it_cannot_act() {
    let mut app = app_on(demo_workspace(at(0)));
    press(&mut app, "c");
    assert!(!app.has_modal());
    let status = app.status().map(|s| s.text.clone()).unwrap_or_default();
    assert!(status.contains("no merge conflicts"), "{status}");
}

// ---- a file changed on disk under unsaved actions ----

fn open(path: &Path) -> Shell {
    let session = Session::open(path, Mode::ReadWrite, LockApp::Tui).unwrap();
    let bytes = std::fs::read(path).unwrap();
    Shell::new(
        Launch {
            workspace: session.workspace().clone(),
            source: Source::File {
                path: path.to_path_buf(),
                fingerprint: fingerprint(&bytes),
            },
            read_only: false,
            diagnostics: Vec::new(),
            session: Some(session),
        },
        at(10),
    )
}

fn keys_to(shell: &mut Shell, script: &str) {
    for event in keys(script) {
        shell.handle_event(event);
    }
}

fn demo_file(dir: &Path) -> PathBuf {
    let file = dir.join("team.json");
    std::fs::write(&file, to_json(&demo_workspace(at(0)))).unwrap();
    file
}

/// What a `git pull` does to the file: another clone's action, written over it.
fn pulled(file: &Path, actor: Actor, action: Action, minute: u32) {
    let theirs = load_file(file).unwrap().workspace;
    let theirs = act(&theirs, actor, action, minute);
    std::fs::write(file, to_json(&theirs)).unwrap();
}

fn status(shell: &Shell) -> String {
    shell
        .app
        .status()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

#[test]
fn a_pull_under_unsaved_actions_is_noticed_and_merged_keeping_both_sides() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo_file(dir.path());
    let mut shell = open(&file);
    // Ours, unsaved: an invitation.
    let invitations = shell.app.workspace().counts().invitations;
    keys_to(&mut shell, "i<enter>");
    assert_eq!(shell.app.unsaved_actions(), 1, "{}", status(&shell));
    // Theirs, pulled: auto-extension on for a relationship.
    let auto_extend = Action::SetAutoExtend {
        relationship_id: Id::new("rel-1072"),
        auto_extend_duration: partnerdesk::domain::duration::AutoExtend::P180D,
    };
    pulled(&file, Actor::Partner(Id::new("relecloud")), auto_extend, 20);

    // The session notices, and offers to merge.
    shell.tick(at(21));
    assert!(shell.app.has_modal(), "{}", status(&shell));
    let offered = screen(&shell.app, 120, 40);
    assert!(offered.contains("merge 1 unsaved action"), "{offered}");
    keys_to(&mut shell, "m");
    assert!(status(&shell).contains("merged"), "{}", status(&shell));
    assert!(!shell.app.is_dirty());

    // Both sides, on screen and in the file.
    for ws in [
        shell.app.workspace().clone(),
        load_file(&file).unwrap().workspace,
    ] {
        assert_eq!(ws.counts().invitations, invitations + 1);
        let rel = ws.relationship(&Id::new("rel-1072")).unwrap();
        assert!(rel.gdap.as_ref().unwrap().auto_extend_duration.is_on());
        assert_eq!(ws.conflicts().len(), 0);
    }
}

#[test]
fn a_save_refused_by_a_pull_merges_and_its_conflicts_open_to_take_theirs_then_save() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo_file(dir.path());
    let mut shell = open(&file);
    // Ours, unsaved: terminate the first relationship in force of the Relationships pane, as
    // its partner.
    keys_to(&mut shell, "4");
    let in_force = |shell: &Shell| {
        let id = shell.app.selected_id()?.clone();
        let r = shell.app.workspace().relationship(&id)?;
        r.status.is_in_force().then(|| (id, r.partner_id.clone()))
    };
    let mut found = in_force(&shell);
    for _ in 0..20 {
        if found.is_some() {
            break;
        }
        keys_to(&mut shell, "j");
        found = in_force(&shell);
    }
    let (id, partner) = found.expect("the demo has a relationship in force");
    let name = shell
        .app
        .workspace()
        .partner(&partner)
        .unwrap()
        .display_name
        .clone();
    keys_to(&mut shell, &format!("A{name}<enter>ty"));
    let ours = shell.app.workspace().relationship(&id).unwrap().clone();
    assert_eq!(
        ours.status,
        RelationshipStatus::Terminated,
        "{}",
        status(&shell)
    );
    // Theirs, pulled: the same relationship terminated at another moment (before ours: the
    // merged audit trail is in time order, and the app's clock stays after it).
    pulled(
        &file,
        Actor::Partner(partner),
        Action::Terminate {
            relationship_id: id.clone(),
        },
        5,
    );

    keys_to(&mut shell, "s");
    assert!(
        shell.app.has_modal(),
        "the save is refused: changed on disk"
    );
    keys_to(&mut shell, "m");
    let conflicts: Vec<String> = shell
        .app
        .workspace()
        .conflicts()
        .map(|c| c.id.clone())
        .collect();
    assert!(!conflicts.is_empty(), "{}", status(&shell));
    assert!(
        conflicts
            .iter()
            .all(|c| c.starts_with(&format!("relationships/{id}"))),
        "{conflicts:?}"
    );
    // The file already holds the merge, its conflicts recorded.
    assert_eq!(
        load_file(&file).unwrap().workspace.conflicts().len(),
        conflicts.len()
    );
    let listed = screen(&shell.app, 120, 40);
    assert!(listed.contains("Merge conflicts"), "{listed}");

    // Theirs for each, then a normal save: the file is clean and holds their moment.
    keys_to(&mut shell, &"t".repeat(conflicts.len()));
    assert_eq!(
        shell.app.workspace().conflicts().len(),
        0,
        "{}",
        status(&shell)
    );
    keys_to(&mut shell, "<esc>s");
    assert!(status(&shell).contains("saved"), "{}", status(&shell));
    let saved = load_file(&file).unwrap().workspace;
    assert_eq!(saved.conflicts().len(), 0);
    let theirs_end = saved.relationship(&id).unwrap().end_date_time;
    assert_ne!(theirs_end, ours.end_date_time, "their moment was taken");
}
