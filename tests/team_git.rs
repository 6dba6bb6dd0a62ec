//! A team on one workspace through git: `git-setup` installs the merge and diff drivers, and
//! `git merge` of two branches that changed the workspace goes by record — with the real git
//! binary, in temporary repositories.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::binary::{ok, partnerdesk};

const T0: &str = "2026-11-24T10:00:00Z";
const T1: &str = "2026-11-24T11:00:00Z";
const T2: &str = "2026-11-24T12:00:00Z";
const T3: &str = "2026-11-24T13:00:00Z";

fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Ops")
        .env("GIT_AUTHOR_EMAIL", "ops@example.com")
        .env("GIT_COMMITTER_NAME", "Ops")
        .env("GIT_COMMITTER_EMAIL", "ops@example.com")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("NO_COLOR", "1")
        .output()
        .expect("git runs")
}

fn git_ok(dir: &Path, args: &[&str]) -> String {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A repository holding the demo as `team.json`, set up by `git-setup`, committed on `main`.
fn team_repository() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git_ok(root, &["init", "-q"]);
    git_ok(root, &["checkout", "-q", "-b", "main"]);
    let file = root.join("team.json").display().to_string();
    ok(&["demo", "-o", &file, "--now", T0]);
    ok(&["git-setup", &file]);
    git_ok(root, &["add", "-A"]);
    git_ok(root, &["commit", "-q", "-m", "the team's workspace"]);
    (dir, file)
}

fn commit(root: &Path, message: &str) {
    git_ok(root, &["commit", "-q", "-a", "-m", message]);
}

#[test]
fn git_setup_writes_attributes_ignores_and_drivers_and_is_idempotent() {
    let (dir, file) = team_repository();
    let root = dir.path();
    let attributes = std::fs::read_to_string(root.join(".gitattributes")).unwrap();
    assert!(
        attributes.contains("/team.json merge=partnerdesk diff=partnerdesk"),
        "{attributes}"
    );
    let ignore = std::fs::read_to_string(root.join(".gitignore")).unwrap();
    for line in ["/team.json.lock", "/team.json.journal", "/team.json.bak"] {
        assert!(ignore.lines().any(|l| l == line), "{line}: {ignore}");
    }
    assert!(git_ok(root, &["config", "merge.partnerdesk.driver"]).contains("merge %O %A %B -o %A"));
    ok(&["git-setup", &file]);
    assert_eq!(
        std::fs::read_to_string(root.join(".gitattributes")).unwrap(),
        attributes
    );
    assert_eq!(
        std::fs::read_to_string(root.join(".gitignore")).unwrap(),
        ignore
    );
}

#[test]
fn disjoint_changes_on_two_branches_merge_cleanly_with_both_audit_trails() {
    let (dir, file) = team_repository();
    let root = dir.path();
    git_ok(root, &["checkout", "-q", "-b", "alice"]);
    ok(&[
        "auto-extend",
        &file,
        "rel-1072",
        "on",
        "--as",
        "partner:relecloud",
        "--now",
        T1,
    ]);
    commit(root, "auto-extend the Fabrikam helpdesk relationship");

    git_ok(root, &["checkout", "-q", "main"]);
    ok(&[
        "invite",
        &file,
        "--as",
        "partner:relecloud",
        "--customer",
        "litware",
        "--template",
        "Helpdesk",
        "--days",
        "365",
        "--now",
        T2,
    ]);
    commit(root, "invite Litware");

    git_ok(root, &["merge", "-q", "--no-edit", "alice"]);
    ok(&["check", &file]);
    let history = ok(&["history", &file, "--json"]);
    assert!(history.contains("setAutoExtend"), "{history}");
    assert!(history.contains("\"invite\""), "{history}");
    let shown = ok(&["show", &file, "rel-1072", "--json"]);
    assert!(shown.contains("P180D"), "{shown}");
}

#[test]
fn both_branches_inviting_get_distinct_ids_and_the_same_gdap_name_conflicts_under_gd6() {
    let (dir, file) = team_repository();
    let root = dir.path();
    let invite = |customer: &str, name: &str, at: &str| {
        ok(&[
            "invite",
            &file,
            "--as",
            "partner:relecloud",
            "--customer",
            customer,
            "--template",
            "Helpdesk",
            "--days",
            "365",
            "--name",
            name,
            "--now",
            at,
        ]);
    };
    git_ok(root, &["checkout", "-q", "-b", "alice"]);
    invite("litware", "Litware helpdesk", T1);
    commit(root, "alice invites Litware");
    git_ok(root, &["checkout", "-q", "main"]);
    invite("fourth-coffee", "Fourth Coffee helpdesk", T2);
    commit(root, "main invites Fourth Coffee");
    git_ok(root, &["checkout", "-q", "-b", "bob", "main~1"]);
    invite("litware", "Litware helpdesk", T2);
    commit(root, "bob invites Litware too");

    // Different customers: both invitations come in, under different ids.
    git_ok(root, &["checkout", "-q", "main"]);
    git_ok(root, &["merge", "-q", "--no-edit", "alice"]);
    ok(&["check", &file]);
    let invitations = ok(&["list", &file, "invitations", "--json"]);
    assert!(invitations.contains("litware") && invitations.contains("fourth-coffee"));

    // The same name for the same customer from two branches: git reports a conflict named GD6,
    // and the file left is still a workspace partnerdesk reads.
    let merged = git(root, &["merge", "--no-edit", "bob"]);
    assert!(!merged.status.success());
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&merged.stdout),
        String::from_utf8_lossy(&merged.stderr)
    );
    assert!(said.contains("GD6"), "{said}");
    let check = partnerdesk(&["check", &file]);
    assert_eq!(
        check.status.code(),
        Some(1),
        "the file parses and the check names the rule"
    );
    assert!(String::from_utf8_lossy(&check.stdout).contains("GD6"));
}

#[test]
fn the_same_field_changed_differently_conflicts_and_leaves_valid_json() {
    let (dir, file) = team_repository();
    let root = dir.path();
    let rename = |name: &str, at: &str| {
        let shown = ok(&["show", &file, "litware", "--json"]);
        let mut customer: serde_json::Value = serde_json::from_str(&shown).unwrap();
        customer["displayName"] = serde_json::Value::from(name);
        let action = serde_json::json!({"type": "editCustomer", "customer": customer});
        ok(&[
            "apply",
            &file,
            "--as",
            "operator",
            "--now",
            at,
            &action.to_string(),
        ]);
    };
    git_ok(root, &["checkout", "-q", "-b", "alice"]);
    rename("Litware (Alice)", T1);
    commit(root, "alice renames");
    git_ok(root, &["checkout", "-q", "main"]);
    rename("Litware (Main)", T2);
    commit(root, "main renames");
    let merged = git(root, &["merge", "--no-edit", "alice"]);
    assert!(!merged.status.success());
    let said = String::from_utf8_lossy(&merged.stderr).into_owned()
        + &String::from_utf8_lossy(&merged.stdout);
    assert!(said.contains("displayName"), "{said}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(!text.contains("<<<<<<<"), "no conflict markers in JSON");
    let parsed: serde_json::Value = serde_json::from_str(&text).expect("the file parses");
    assert_eq!(
        parsed["conflicts"][0]["id"], "customers/litware/displayName",
        "the conflict is recorded in the file"
    );

    // `check` lists it and fails until it is answered, saying how.
    let check = partnerdesk(&["check", &file]);
    assert_eq!(check.status.code(), Some(1));
    let checked = String::from_utf8_lossy(&check.stdout);
    assert!(
        checked.contains("customers/litware/displayName"),
        "{checked}"
    );
    assert!(String::from_utf8_lossy(&check.stderr).contains("resolve"));

    // One command lists it, one answers it; the merge then commits clean.
    let listed = ok(&["conflicts", &file]);
    assert!(listed.contains("customers/litware/displayName"), "{listed}");
    assert!(listed.contains("Litware (Alice)") && listed.contains("Litware (Main)"));
    // An id the file does not record is refused by the core, and nothing is written.
    let before = std::fs::read(&file).unwrap();
    let wrong = partnerdesk(&[
        "resolve",
        &file,
        "--theirs",
        "customers/nobody/displayName",
        "--now",
        T3,
    ]);
    assert_eq!(wrong.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("WS1"));
    assert_eq!(std::fs::read(&file).unwrap(), before);
    ok(&[
        "resolve",
        &file,
        "--theirs",
        "customers/litware/displayName",
        "--now",
        T3,
    ]);
    let shown = ok(&["show", &file, "litware", "--json"]);
    assert!(shown.contains("Litware (Alice)"), "{shown}");
    ok(&["check", &file]);
    let history = ok(&["history", &file]);
    assert!(history.contains("resolve conflict"), "{history}");
    git_ok(root, &["commit", "-q", "--no-edit"]);
    assert!(git_ok(root, &["status", "--porcelain"]).trim().is_empty());
}

#[test]
fn recorded_conflicts_travel_with_a_commit_and_are_answered_in_a_clone_without_a_merge() {
    let (dir, file) = team_repository();
    let root = dir.path();
    let auto_extend = |on: &str, at: &str| {
        ok(&[
            "auto-extend",
            &file,
            "rel-1072",
            on,
            "--as",
            "partner:relecloud",
            "--now",
            at,
        ]);
    };
    let rename = |name: &str, at: &str| {
        let shown = ok(&["show", &file, "litware", "--json"]);
        let mut customer: serde_json::Value = serde_json::from_str(&shown).unwrap();
        customer["displayName"] = serde_json::Value::from(name);
        let action = serde_json::json!({"type": "editCustomer", "customer": customer});
        ok(&[
            "apply",
            &file,
            "--as",
            "operator",
            "--now",
            at,
            &action.to_string(),
        ]);
    };
    git_ok(root, &["checkout", "-q", "-b", "alice"]);
    auto_extend("on", T1);
    rename("Litware (Alice)", T1);
    commit(root, "alice");
    git_ok(root, &["checkout", "-q", "main"]);
    rename("Litware (Main)", T2);
    commit(root, "main");
    assert!(!git(root, &["merge", "--no-edit", "alice"]).status.success());
    // Committed with the conflict still open (git add by hand): the file carries it.
    git_ok(root, &["add", "team.json"]);
    git_ok(root, &["commit", "-q", "--no-edit"]);

    let clone = tempfile::tempdir().unwrap();
    let cloned = clone.path().join("work");
    git_ok(
        clone.path(),
        &["clone", "-q", &root.display().to_string(), "work"],
    );
    let there = cloned.join("team.json").display().to_string();
    let listed = ok(&["conflicts", &there, "--json"]);
    let listed: serde_json::Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(
        listed["conflicts"][0]["id"],
        "customers/litware/displayName"
    );
    assert_eq!(listed["conflicts"][0]["theirs"], "Litware (Alice)");
    ok(&["resolve", &there, "--ours", "--now", T3]);
    ok(&["check", &there]);
    let shown = ok(&["show", &there, "litware", "--json"]);
    assert!(shown.contains("Litware (Main)"), "{shown}");
    // Alice's other change came in cleanly beside the conflict.
    let rel = ok(&["show", &there, "rel-1072", "--json"]);
    assert!(rel.contains("P180D"), "{rel}");
}

#[test]
fn resolve_on_a_file_without_conflicts_says_so_and_changes_nothing() {
    let (dir, file) = team_repository();
    let before = std::fs::read(&file).unwrap();
    let out = partnerdesk(&["resolve", &file, "--ours"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("records no merge conflicts"));
    assert_eq!(std::fs::read(&file).unwrap(), before);
    drop(dir);
}

#[test]
fn git_diff_speaks_in_records() {
    let (dir, file) = team_repository();
    let root = dir.path();
    ok(&[
        "auto-extend",
        &file,
        "rel-1072",
        "on",
        "--as",
        "partner:relecloud",
        "--now",
        T1,
    ]);
    let diff = git_ok(root, &["diff"]);
    assert!(diff.contains("auto-extend off → on"), "{diff}");
}

#[test]
fn git_log_shows_a_commit_as_the_field_lines_that_changed_under_their_record() {
    let (dir, file) = team_repository();
    let root = dir.path();
    ok(&[
        "auto-extend",
        &file,
        "rel-1072",
        "on",
        "--as",
        "partner:relecloud",
        "--now",
        T1,
    ]);
    commit(root, "auto-extend");
    let log = git_ok(root, &["log", "-p", "-1"]);
    assert!(log.contains("-  auto-extend: off"), "{log}");
    assert!(log.contains("+  auto-extend: on"), "{log}");
    assert!(
        log.contains("GDAP 'Relecloud - Fabrikam helpdesk' (Relecloud) [rel-1072]"),
        "{log}"
    );
}
