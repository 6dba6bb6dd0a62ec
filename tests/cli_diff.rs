//! `partnerdesk diff`: what changed between two workspaces, in words and as JSON, as a person and
//! as git's diff driver see it.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::binary::{ok, partnerdesk};
use serde_json::Value;

const NOW: &str = "2026-11-24T10:00:00Z";

/// A demo workspace in `dir`, and a copy of it as it was.
fn demo_and_copy(dir: &Path) -> (String, String) {
    let demo = dir.join("demo.json").display().to_string();
    let before = dir.join("before.json").display().to_string();
    ok(&["demo", "-o", &demo, "--now", NOW]);
    std::fs::copy(&demo, &before).unwrap();
    (before, demo)
}

#[test]
fn auto_extension_and_a_new_invitation_are_said_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let (before, after) = demo_and_copy(dir.path());
    ok(&[
        "auto-extend",
        &after,
        "rel-1072",
        "on",
        "--as",
        "partner:relecloud",
        "--now",
        NOW,
    ]);
    ok(&[
        "invite",
        &after,
        "--as",
        "partner:relecloud",
        "--customer",
        "litware",
        "--template",
        "Helpdesk",
        "--days",
        "365",
        "--now",
        NOW,
    ]);
    let words = ok(&["diff", &before, &after]);
    assert!(
        words.contains(
            "Fabrikam, Inc.: GDAP 'Relecloud - Fabrikam helpdesk' (Relecloud): auto-extend off → on"
        ),
        "{words}"
    );
    assert!(
        words.contains("Litware, Inc.: GDAP invitation from Relecloud: new, pending"),
        "{words}"
    );
    assert!(words.contains("audit: 2 new entries"), "{words}");
}

#[test]
fn exit_code_says_whether_they_differ_and_json_lists_fields_by_path() {
    let dir = tempfile::tempdir().unwrap();
    let (before, after) = demo_and_copy(dir.path());
    assert_eq!(ok(&["diff", &before, &after]).trim(), "no difference");
    let same = partnerdesk(&["diff", "--exit-code", &before, &after]);
    assert_eq!(same.status.code(), Some(0));

    ok(&[
        "auto-extend",
        &after,
        "rel-1072",
        "on",
        "--as",
        "partner:relecloud",
        "--now",
        NOW,
    ]);
    let differ = partnerdesk(&["diff", "--exit-code", &before, &after]);
    assert_eq!(differ.status.code(), Some(1));
    assert!(
        differ.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&differ.stderr)
    );

    let json: Value = serde_json::from_str(&ok(&["diff", "--json", &before, &after])).unwrap();
    let record = &json["records"][0];
    assert_eq!(record["kind"], "relationship");
    assert_eq!(record["id"], "rel-1072");
    assert_eq!(record["change"], "changed");
    assert_eq!(record["fields"][0]["path"], "gdap.autoExtendDuration");
    assert_eq!(record["fields"][0]["old"], "PT0S");
    assert_eq!(record["fields"][0]["new"], "P180D");
    assert_eq!(json["newAudit"].as_array().unwrap().len(), 1);
}

#[test]
fn as_git_diff_driver_it_takes_seven_arguments_and_dev_null_for_a_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let (before, _) = demo_and_copy(dir.path());
    let out = ok(&[
        "diff",
        "--git",
        "ws.json",
        "/dev/null",
        ".",
        ".",
        &before,
        "abc123",
        "100644",
    ]);
    assert!(
        out.starts_with("diff --partnerdesk a/ws.json b/ws.json"),
        "{out}"
    );
    assert!(out.contains("customer Contoso Ltd: new"), "{out}");

    let wrong = partnerdesk(&["diff", "--git", &before, &before]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("seven arguments"));
}

#[test]
fn a_file_that_is_not_a_workspace_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let (before, _) = demo_and_copy(dir.path());
    let junk = dir.path().join("junk.json");
    std::fs::write(&junk, "{not json").unwrap();
    let out = partnerdesk(&["diff", &before, junk.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("junk.json"));
}
