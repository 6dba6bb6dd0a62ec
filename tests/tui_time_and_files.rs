//! Passing time by hand (`T`) with the core's preview, undone with the clock; export (`O`),
//! the script written to a file (`w` in `y`), and import (`I`) with the CLI's report — driven by
//! keys through the shell (which does the file work), checked with the core and on disk.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use partnerdesk::domain::{
    Action, Actor, BillingModel, Id, InvitationStatus, Partner, RelationshipStatus, Time, apply,
};
use partnerdesk::store::{demo_workspace, to_json};
use partnerdesk::tui::testing::{keys, screen};
use partnerdesk::tui::{Keymap, Launch, Shell, Source};
use partnerdesk::workspace::Workspace;

fn now() -> Time {
    Time::parse("2026-11-24T09:00:00Z").expect("a fixed time")
}

/// The demo in a shell with no file: effects that write or read files are performed for real,
/// journal writes have nowhere to go.
fn demo_shell() -> Shell {
    Shell::new(
        Launch {
            workspace: demo_workspace(now()),
            source: Source::Demo,
            read_only: false,
            diagnostics: Vec::new(),
            session: None,
        },
        now(),
    )
}

fn press(shell: &mut Shell, script: &str) {
    for event in keys(script) {
        assert!(!shell.handle_event(event), "the app quit on {script:?}");
    }
}

fn status(shell: &Shell) -> String {
    shell
        .app
        .status()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

fn relationship_status(shell: &Shell, id: &str) -> RelationshipStatus {
    shell
        .app
        .workspace()
        .relationship(&Id::new(id))
        .expect("the relationship")
        .status
}

fn json(ws: &Workspace) -> Vec<u8> {
    to_json(ws)
}

fn path_text(path: &Path) -> String {
    path.display().to_string()
}

// ---- pass time ----

#[test]
fn the_pass_time_form_previews_what_the_core_would_do_by_then() {
    let mut shell = demo_shell();
    // T opens the form at 30 days; ctrl-u clears it; 20 days from the demo's today.
    press(&mut shell, "T<c-u>20");
    insta::assert_snapshot!("pass_time_20_days_120x40", screen(&shell.app, 120, 40));
    insta::assert_snapshot!("pass_time_20_days_80x24", screen(&shell.app, 80, 24));
    assert_eq!(
        shell.app.now(),
        now(),
        "the preview changes nothing, not even the clock"
    );
    assert_eq!(
        json(shell.app.workspace()),
        json(&demo_workspace_after_opening())
    );
}

/// The demo as the app opened it (time passed to now at open).
fn demo_workspace_after_opening() -> Workspace {
    let ws = demo_workspace(now());
    match apply(&ws, &Actor::Operator, &Action::PassTime, now()) {
        Ok(applied) => applied.workspace,
        Err(_) => ws,
    }
}

#[test]
fn the_pass_time_form_refuses_a_moment_that_is_not_later() {
    let mut shell = demo_shell();
    press(&mut shell, "T<c-u>2026-11-01");
    let text = screen(&shell.app, 120, 40);
    assert!(text.contains("time only passes forward"), "{text}");
    // Enter does nothing while the moment is refused.
    press(&mut shell, "<enter>");
    assert!(shell.app.has_modal());
    assert_eq!(shell.app.now(), now());
}

#[test]
fn passing_200_days_expires_what_the_core_says_and_undo_brings_it_and_the_clock_back() {
    let mut shell = demo_shell();
    let before = shell.app.workspace().clone();
    let target = now().plus_days(200);
    // What the core says should happen: PassTime applied at the target moment.
    let expected = apply(&before, &Actor::Operator, &Action::PassTime, target)
        .expect("time passes")
        .workspace;
    assert_eq!(
        relationship_status(&shell, "rel-1072"),
        RelationshipStatus::Active
    );

    press(&mut shell, "T<c-u>200<enter>");

    assert!(!shell.app.has_modal());
    assert_eq!(
        shell.app.now(),
        target,
        "the clock moved to the moment chosen"
    );
    assert_eq!(
        json(shell.app.workspace()),
        json(&expected),
        "{}",
        status(&shell)
    );
    assert_eq!(
        relationship_status(&shell, "rel-1072"),
        RelationshipStatus::Expired
    );
    assert!(
        status(&shell).starts_with("passed 200 day(s)"),
        "{}",
        status(&shell)
    );
    assert!(status(&shell).contains("rel-1072"), "{}", status(&shell));
    assert!(shell.app.is_dirty());
    let journal = shell.app.journal();
    let last = journal.last().expect("passing time is journaled");
    assert_eq!(last.action, Action::PassTime);
    assert_eq!(last.now, target, "journaled at the moment it passed to");
    // Nothing pending expires later than this moment any more.
    assert!(
        shell
            .app
            .workspace()
            .invitations()
            .all(|i| i.status != InvitationStatus::Pending || i.expires_date_time > target)
    );

    press(&mut shell, "u");
    assert_eq!(
        json(shell.app.workspace()),
        json(&before),
        "undo restores every status"
    );
    assert_eq!(shell.app.now(), now(), "undo brings the clock back");
    assert_eq!(
        relationship_status(&shell, "rel-1072"),
        RelationshipStatus::Active
    );

    // Redo goes forward again, clock too; and the wall clock the shell sets before each event
    // keeps the lead time passed by hand gave it.
    press(&mut shell, "<c-r>");
    assert_eq!(shell.app.now(), target);
    shell.app.set_now(now().plus_seconds(60));
    assert_eq!(shell.app.now(), target.plus_seconds(60));
}

#[test]
fn passing_time_to_a_date_keeps_the_time_of_day() {
    let mut shell = demo_shell();
    press(&mut shell, "T<c-u>2026-12-14<enter>");
    assert_eq!(shell.app.now(), now().plus_days(20), "{}", status(&shell));
}

#[test]
fn tick_in_the_palette_opens_the_pass_time_form() {
    let mut shell = demo_shell();
    press(&mut shell, ":tick<enter>");
    let text = screen(&shell.app, 120, 40);
    assert!(text.contains("Pass time (as the operator)"), "{text}");
}

// ---- export and the script ----

#[test]
fn the_export_prompt_offers_the_three_tables_and_a_path() {
    let mut shell = demo_shell();
    press(&mut shell, "O");
    insta::assert_snapshot!("export_prompt_120x40", screen(&shell.app, 120, 40));
}

#[test]
fn export_writes_the_chosen_table_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relationships.json");
    let mut shell = demo_shell();
    // O · tab: relationships · ctrl-u, a path ending .json · enter.
    press(
        &mut shell,
        &format!("O<tab><c-u>{}<enter>", path_text(&path)),
    );
    let written = std::fs::read_to_string(&path).expect("the export was written");
    let rows: serde_json::Value = serde_json::from_str(&written).expect("JSON, by the extension");
    assert!(written.contains("rel-1072"), "{written}");
    assert!(rows.is_array() || rows.is_object());
    let text = status(&shell);
    assert!(text.starts_with("wrote "), "{text}");
    assert!(text.contains("of relationships to"), "{text}");
    assert!(text.contains("relationships.json"), "{text}");
    assert!(!shell.app.is_dirty(), "exporting changes nothing");
}

#[test]
fn a_failed_export_says_why_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-folder").join("mapping.csv");
    let mut shell = demo_shell();
    press(&mut shell, &format!("O<c-u>{}<enter>", path_text(&path)));
    assert!(
        status(&shell).starts_with("not written: cannot write"),
        "{}",
        status(&shell)
    );
    assert!(!path.exists());
}

#[test]
fn w_in_the_script_writes_it_to_the_prefilled_path() {
    let mut shell = demo_shell();
    // The relationships pane, soonest ending first; y shows its script; w asks where.
    press(&mut shell, "4y");
    assert!(shell.app.has_modal(), "{}", status(&shell));
    press(&mut shell, "w");
    let text = screen(&shell.app, 120, 40);
    let id = shell.app.selected_id().expect("a relationship").to_string();
    assert!(text.contains(&format!("> {id}.sh")), "{text}");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{id}.ps1"));
    press(
        &mut shell,
        &format!("<esc>4y<tab>w<c-u>{}<enter>", path_text(&path)),
    );
    let script = std::fs::read_to_string(&path).expect("the script was written");
    assert!(script.contains(&id) || !script.is_empty(), "{script}");
    assert!(
        status(&shell).starts_with("wrote the PowerShell script of"),
        "{}",
        status(&shell)
    );
    assert!(status(&shell).contains(&path_text(&path)));
}

// ---- import ----

/// A fixture's path as typed: relative to the repository, where the tests run.
fn fixture(name: &str) -> String {
    format!("{EXPORTS}/partner-center/{name}")
}

#[test]
fn importing_customers_as_a_partner_adds_them_shows_the_report_and_undoes_whole() {
    let mut shell = demo_shell();
    // A: act as Relecloud, so the form is for it; I, the path, enter.
    press(&mut shell, "ARelecloud<enter>");
    assert_eq!(
        shell.app.actor(),
        &Actor::Partner(Id::new("relecloud")),
        "{}",
        status(&shell)
    );
    let before = shell.app.workspace().clone();
    press(&mut shell, "I");
    let text = screen(&shell.app, 120, 40);
    assert!(text.contains("partner  > relecloud"), "{text}");
    press(
        &mut shell,
        &format!("{}<enter>", fixture("customers.page1.json")),
    );
    let ws = shell.app.workspace();
    let added: Vec<_> = ws
        .customers()
        .filter(|c| before_has_not(&before, &c.id))
        .map(|c| c.display_name.to_string())
        .collect();
    assert!(!added.is_empty(), "{}", status(&shell));
    assert!(
        added.iter().any(|n| n == "Harbor Light Bakery"),
        "{added:?}"
    );
    assert!(shell.app.is_dirty(), "the import is a change to save");
    insta::assert_snapshot!("import_report_120x40", screen(&shell.app, 120, 40));
    // Any key closes the report; u takes the whole import back.
    press(&mut shell, "<esc>u");
    assert_eq!(json(shell.app.workspace()), json(&before));
}

/// The demo with Tidewater Cloud Services (whose exports the fixtures are) in a shell.
fn shell_with_tidewater() -> Shell {
    let tidewater = Partner {
        id: Id::new("tidewater"),
        display_name: "Tidewater Cloud Services".into(),
        partner_id: "7104418".into(),
        tenant_id: "36cf6aec-3deb-471e-b1a2-4eab79c1a842".into(),
        billing_model: BillingModel::DirectBill,
        specialties: Vec::new(),
        providers: Vec::new(),
        source: None,
    };
    let add = Action::AddPartner { partner: tidewater };
    let workspace = apply(&demo_workspace(now()), &Actor::Operator, &add, now())
        .unwrap()
        .workspace;
    Shell::new(
        Launch {
            workspace,
            source: Source::Demo,
            read_only: false,
            diagnostics: Vec::new(),
            session: None,
        },
        now(),
    )
}

/// The fixture exports, relative to the repository (where the tests run).
const EXPORTS: &str = "tests/fixtures/exports";

/// `shell_with_tidewater` after importing Tidewater's Partner Center folder by keys (the
/// report closed).
fn tidewater_with_customers() -> Shell {
    let mut shell = shell_with_tidewater();
    press(
        &mut shell,
        &format!("I{EXPORTS}/partner-center<tab>tidewater<enter><esc>"),
    );
    shell
}

#[test]
fn an_access_assignment_listing_is_imported_for_the_relationship_the_form_names() {
    // Its customers, then its relationships; each report closed.
    let mut shell = tidewater_with_customers();
    let relationships = format!("{EXPORTS}/graph/delegatedAdminRelationships.page1.json");
    press(
        &mut shell,
        &format!("I{relationships}<tab>tidewater<enter><esc>"),
    );
    let ws = shell.app.workspace();
    let service_desk = ws.relationships().find(|r| {
        r.gdap
            .as_ref()
            .is_some_and(|g| g.display_name == "Tidewater service desk 2025")
    });
    let service_desk = service_desk.expect("imported").clone();
    let graph_id = service_desk
        .external_id
        .clone()
        .expect("Graph's id")
        .to_string();
    let listing = format!("{EXPORTS}/graph/accessAssignments.service-desk-2025.json");
    let held = ws.assignments().count();
    // The listing does not say whose assignments it holds: refused, saying where to say it.
    press(&mut shell, &format!("I{listing}<tab>tidewater<enter>"));
    assert!(
        status(&shell).contains("the import form's relationship"),
        "{}",
        status(&shell)
    );
    assert_eq!(shell.app.workspace().assignments().count(), held);
    // Named by the id Graph gave it (in capitals): the form says whose, and they come in.
    press(
        &mut shell,
        &format!("I{listing}<tab>tidewater<tab>{}", graph_id.to_uppercase()),
    );
    let text = screen(&shell.app, 120, 40);
    assert!(
        text.contains("the assignments of Tidewater service desk 2025"),
        "{text}"
    );
    press(&mut shell, "<enter>");
    let ws = shell.app.workspace();
    let of_it = ws
        .assignments()
        .filter(|a| a.relationship_id == service_desk.id);
    assert!(of_it.count() > 0, "{}", status(&shell));
}

#[test]
fn a_folder_of_relationships_and_their_assignments_is_imported_in_one_go_from_the_app() {
    // The relationship named is not in the workspace yet: it comes with the same import.
    let mut shell = tidewater_with_customers();
    let graph_id = "c13b21c3-fd07-4fa2-9254-971fbc34e801-36cf6aec-3deb-471e-b1a2-4eab79c1a842";
    press(
        &mut shell,
        &format!("I{EXPORTS}/graph<tab>tidewater<tab>{graph_id}"),
    );
    let text = screen(&shell.app, 120, 40);
    assert!(
        text.contains("the relationships this import brings"),
        "{text}"
    );
    press(&mut shell, "<enter>");
    let ws = shell.app.workspace();
    let service_desk = ws.relationships().find(|r| {
        r.external_id
            .as_ref()
            .is_some_and(|e| e.as_str() == graph_id)
    });
    let service_desk = service_desk.expect("imported").id.clone();
    let of_it = ws
        .assignments()
        .filter(|a| a.relationship_id == service_desk);
    assert!(of_it.count() > 0, "{}", status(&shell));
}

#[test]
fn an_import_said_to_be_the_whole_export_reports_what_it_no_longer_lists_and_keeps_it() {
    let mut shell = tidewater_with_customers();
    let pc = format!("{EXPORTS}/partner-center");
    let customers = shell.app.workspace().customers().count();
    let page1 = format!("{pc}/customers.page1.json");
    // Not said to be whole: nothing named.
    press(&mut shell, &format!("I{page1}<tab>tidewater<enter>"));
    let text = screen(&shell.app, 120, 40);
    assert!(!text.contains("no longer in the complete export"), "{text}");
    // Said to be whole (space on the switch): page 2's customers are named, and kept.
    press(
        &mut shell,
        &format!("<esc>I{page1}<tab>tidewater<tab><tab> "),
    );
    let text = screen(&shell.app, 120, 40);
    assert!(text.contains("complete > [x]"), "{text}");
    // The whole form at 80×24 too.
    let small = screen(&shell.app, 80, 24);
    for line in [
        "gdap     >",
        "complete > [x]",
        "one undo step takes the whole import back",
    ] {
        assert!(small.contains(line), "{line}: {small}");
    }
    press(&mut shell, "<enter>");
    let text = screen(&shell.app, 120, 40);
    assert!(
        text.contains("no longer in the complete export, kept here"),
        "{text}"
    );
    assert!(text.contains("customer copperkettleroasters"), "{text}");
    assert_eq!(shell.app.workspace().customers().count(), customers);
}

fn before_has_not(before: &Workspace, id: &Id) -> bool {
    before.customer(id).is_none()
}

#[test]
fn an_import_for_a_partner_not_in_the_workspace_is_refused_in_the_form() {
    let mut shell = demo_shell();
    press(
        &mut shell,
        &format!("I{}<tab>nobody<enter>", fixture("customers.page1.json")),
    );
    let text = screen(&shell.app, 120, 40);
    assert!(text.contains("no partner `nobody`"), "{text}");
    assert!(!shell.app.is_dirty());
}

#[test]
fn import_of_a_missing_file_says_why_and_changes_nothing() {
    let mut shell = demo_shell();
    press(&mut shell, "I/no/such/export.json<tab>relecloud<enter>");
    assert!(
        status(&shell).starts_with("not imported: cannot read"),
        "{}",
        status(&shell)
    );
    assert!(!shell.app.is_dirty());
}

#[test]
fn importing_a_folder_reads_every_page_and_a_malformed_page_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for page in ["customers.page1.json", "customers.page2.json"] {
        std::fs::copy(fixture(page), dir.path().join(page)).unwrap();
    }
    let folder = dir.path().display().to_string();
    // A malformed page after the good ones: nothing is imported, and the status names it.
    std::fs::write(dir.path().join("z-broken.json"), "{\"items\": [").unwrap();
    let mut shell = demo_shell();
    press(&mut shell, &format!("I{folder}<tab>relecloud<enter>"));
    let said = status(&shell);
    assert!(
        said.starts_with("not imported:") && said.contains("z-broken.json"),
        "{said}"
    );
    assert!(!shell.app.is_dirty());
    // Without it, both pages' customers come in, in one step.
    std::fs::remove_file(dir.path().join("z-broken.json")).unwrap();
    let before = shell.app.workspace().clone();
    press(&mut shell, &format!("I{folder}<tab>relecloud<enter>"));
    let ws = shell.app.workspace();
    let added = ws
        .customers()
        .filter(|c| before_has_not(&before, &c.id))
        .count();
    assert!(added >= 2, "{added} added: {}", status(&shell));
    press(&mut shell, "<esc>u");
    assert_eq!(json(shell.app.workspace()), json(&before));
}

#[test]
fn importing_a_folder_without_exports_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not an export").unwrap();
    let mut shell = demo_shell();
    let folder = dir.path().display().to_string();
    press(&mut shell, &format!("I{folder}<tab>relecloud<enter>"));
    assert_eq!(
        status(&shell),
        "not imported: no .json export found there",
        "{}",
        status(&shell)
    );
    assert!(!shell.app.is_dirty());
}

#[test]
fn the_new_commands_have_their_keys_and_palette_names() {
    let keymap = Keymap::default();
    for (name, key) in [
        ("tick", "T"),
        ("import", "I"),
        ("export", "O"),
        ("script-write", "w"),
    ] {
        let row = partnerdesk::tui::commands::by_name(name).expect(name);
        assert!(row.keys.contains(&key), "{name}");
        assert_eq!(keymap.key_label(row.cmd), key, "{name}");
    }
}
