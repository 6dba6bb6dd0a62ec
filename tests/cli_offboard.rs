//! `partnerdesk offboard` on the command line: the core's plan printed part by part, --dry-run
//! writing nothing, exit 0 when every part ended, 1 when a part stays (the rest written) or
//! nothing can end (file byte-identical) or a name is no record (WS1); --json's shape.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Output;

mod common;
use common::binary::in_home as partnerdesk;

const NOW: &str = "2026-11-24T09:00:00Z";
const LATER: &str = "2026-11-24T10:00:00Z";

fn demo(dir: &Path) -> String {
    let file = dir.join("demo.json").display().to_string();
    let out = partnerdesk(dir, &["demo", "-o", &file, "--now", NOW]);
    assert_eq!(out.status.code(), Some(0));
    file
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out.stdout)))
}

fn status_of(dir: &Path, file: &str, relationship: &str) -> String {
    let out = partnerdesk(dir, &["show", file, relationship, "--json", "--now", LATER]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    json(&out)["status"].as_str().unwrap().to_string()
}

#[test]
fn a_dry_run_prints_what_ends_and_what_stays_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let before = std::fs::read(&file).unwrap();
    let out = partnerdesk(
        dir.path(),
        &[
            "offboard",
            &file,
            "--partner",
            "relecloud",
            "--customer",
            "fabrikam",
            "--dry-run",
            "--now",
            LATER,
        ],
    );
    assert_eq!(out.status.code(), Some(1), "partial: {}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("is partial: 1 of 2"), "{stdout}");
    assert!(stdout.contains("ends: relationship rel-1072"), "{stdout}");
    assert!(
        stdout.contains("stays: relationship rel-1022")
            && stdout.contains("RS1")
            && stdout.contains("sub-1023"),
        "{stdout}"
    );
    assert!(text(&out.stderr).contains("dry run: nothing written"));
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn a_partial_offboarding_writes_the_parts_that_end_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let out = partnerdesk(
        dir.path(),
        &[
            "offboard",
            &file,
            "--partner",
            "relecloud",
            "--customer",
            "fabrikam",
            "--json",
            "--now",
            LATER,
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let v = json(&out);
    assert_eq!(v["written"], true);
    assert_eq!(v["partial"], true);
    let parts = v["plan"]["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[0]["outcome"], "ends");
    assert_eq!(parts[1]["outcome"], "stays");
    assert_eq!(parts[1]["rule"], "RS1");
    assert!(v["emit"].as_str().unwrap().starts_with("audit:"));
    assert_eq!(status_of(dir.path(), &file, "rel-1072"), "terminated");
    assert_eq!(status_of(dir.path(), &file, "rel-1022"), "active");
}

#[test]
fn once_the_subscriptions_are_suspended_every_part_ends_and_it_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let out = partnerdesk(
        dir.path(),
        &[
            "suspend",
            &file,
            "sub-1023",
            "--as",
            "partner:relecloud",
            "--now",
            LATER,
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = partnerdesk(
        dir.path(),
        &[
            "offboard",
            &file,
            "--partner",
            "relecloud",
            "--customer",
            "fabrikam",
            "--now",
            LATER,
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("all 2 part(s) end"));
    assert!(text(&out.stderr).contains("partnerdesk emit"));
    assert_eq!(status_of(dir.path(), &file, "rel-1072"), "terminated");
    assert_eq!(status_of(dir.path(), &file, "rel-1022"), "terminated");
}

#[test]
fn nothing_to_offboard_is_refused_under_ob1_and_leaves_the_file_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let before = std::fs::read(&file).unwrap();
    let out = partnerdesk(
        dir.path(),
        &[
            "offboard",
            &file,
            "--partner",
            "margies-cloud",
            "--customer",
            "contoso",
            "--now",
            LATER,
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("refused: OB1") && stderr.contains("nothing to offboard"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn the_customer_may_offboard_a_partner_and_an_unknown_partner_is_refused_under_ws1() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let out = partnerdesk(
        dir.path(),
        &[
            "offboard",
            &file,
            "--partner",
            "southridge-security",
            "--customer",
            "woodgrove",
            "--as",
            "customer:woodgrove",
            "--now",
            LATER,
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(status_of(dir.path(), &file, "rel-1108"), "terminated");
    let out = partnerdesk(
        dir.path(),
        &[
            "offboard",
            &file,
            "--partner",
            "nobody",
            "--customer",
            "woodgrove",
        ],
    );
    // As every command names an unknown record: WS1, exit 1.
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("WS1"));
}
