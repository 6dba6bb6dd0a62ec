//! `partnerdesk review` and `templates` on the command line: the table and JSON, exit codes of
//! --fail-on, and --fix applying proposed fixes through the core in one write.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Output;

mod common;
use common::binary::in_home as partnerdesk;

const NOW: &str = "2026-11-24T09:00:00Z";

fn demo(dir: &Path) -> String {
    let file = dir.join("demo.json").display().to_string();
    let out = partnerdesk(dir, &["demo", "-o", &file, "--now", NOW]);
    assert_eq!(out.status.code(), Some(0));
    file
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn high_ids(dir: &Path, file: &str) -> Vec<String> {
    let out = partnerdesk(
        dir,
        &["review", file, "--json", "--now", NOW, "--severity", "high"],
    );
    json(&out)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn fail_on_high_exits_1_until_the_high_fixes_are_applied_then_0() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let before = std::fs::read(&file).unwrap();
    let out = partnerdesk(
        dir.path(),
        &["review", &file, "--fail-on", "high", "--now", NOW],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "review alone writes nothing"
    );
    let high = high_ids(dir.path(), &file);
    assert!(!high.is_empty());
    let out = partnerdesk(
        dir.path(),
        &[
            "review",
            &file,
            "--fix-all",
            "--severity",
            "high",
            "--now",
            NOW,
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    for id in &high {
        assert!(said.contains(id.as_str()), "{id} is not reported: {said}");
    }
    let out = partnerdesk(
        dir.path(),
        &["review", &file, "--fail-on", "high", "--now", NOW],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let check = partnerdesk(dir.path(), &["check", &file]);
    assert_eq!(check.status.code(), Some(0), "check accepts the fixed file");
}

#[test]
fn review_json_lists_findings_with_stable_ids_counts_and_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let run = || {
        json(&partnerdesk(
            dir.path(),
            &["review", &file, "--json", "--now", NOW],
        ))
    };
    let (first, second) = (run(), run());
    assert_eq!(first, second);
    let findings = first["findings"].as_array().unwrap();
    let total: u64 = ["high", "medium", "low", "info"]
        .iter()
        .map(|s| first["counts"][s].as_u64().unwrap())
        .sum();
    assert_eq!(total as usize, findings.len());
    for f in findings {
        let id = f["id"].as_str().unwrap();
        assert_eq!(
            id,
            format!(
                "{}:{}",
                f["rule"].as_str().unwrap(),
                f["record"].as_str().unwrap()
            )
        );
    }
    assert!(findings.iter().any(|f| f["fix"]["actions"].is_array()));
}

#[test]
fn fail_on_info_exits_1_when_anything_is_found_and_severity_filters_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let out = partnerdesk(
        dir.path(),
        &["review", &file, "--fail-on", "info", "--now", NOW],
    );
    assert_eq!(out.status.code(), Some(1));
    let out = partnerdesk(
        dir.path(),
        &["review", &file, "--severity", "high", "--now", NOW],
    );
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(!table.contains("\ninfo "), "{table}");
    assert!(table.contains("high"), "{table}");
}

#[test]
fn fixing_an_unknown_finding_changes_nothing_and_a_refused_fix_names_its_rule() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let before = std::fs::read(&file).unwrap();
    let out = partnerdesk(
        dir.path(),
        &["review", &file, "--fix", "no-such:thing", "--now", NOW],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&file).unwrap(), before);
    let high = high_ids(dir.path(), &file);
    // As the operator, who may not end a partner's relationship: refused, nothing written.
    let out = partnerdesk(
        dir.path(),
        &[
            "review", &file, "--fix", &high[0], "--as", "operator", "--now", NOW,
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("refused"));
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn templates_lists_the_lighthouse_tiers_with_privileged_roles_marked_and_the_users_own() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config").join("partnerdesk");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("templates.toml"),
        "[[template]]\nname = \"Night shift\"\nroles = [\"Helpdesk Administrator\"]\n\n[[template]]\nname = \"Bad\"\nroles = [\"Chief Wizard\"]\n",
    )
    .unwrap();
    let out = partnerdesk(dir.path(), &["templates", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let list = json(&out);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    for name in [
        "Account manager",
        "Service desk agent",
        "Specialist",
        "Escalation engineer",
        "Administrator",
        "Helpdesk",
        "Night shift",
    ] {
        assert!(names.contains(&name), "{name} missing: {names:?}");
    }
    assert!(!names.contains(&"Bad"));
    let night = list
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Night shift")
        .unwrap();
    assert_eq!(night["roles"][0]["privileged"], true);
    let warning = String::from_utf8_lossy(&out.stderr);
    assert!(
        warning.contains("line 5") && warning.contains("Chief Wizard"),
        "{warning}"
    );
}

#[test]
fn review_reads_records_as_they_are_and_leaves_their_integrity_to_check() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    // Break the file as a hand edit might: a relationship and an assignment pointing nowhere.
    let mut ws: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    ws["relationships"][0]["customerId"] = "cust-gone".into();
    ws["accessAssignments"][0]["relationshipId"] = "rel-gone".into();
    std::fs::write(&file, serde_json::to_vec_pretty(&ws).unwrap()).unwrap();

    let check = partnerdesk(dir.path(), &["check", &file]);
    assert_eq!(check.status.code(), Some(1), "check finds the broken links");
    let review = partnerdesk(dir.path(), &["review", &file, "--json", "--now", NOW]);
    assert_eq!(
        review.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&review.stderr)
    );
    assert!(!json(&review)["findings"].as_array().unwrap().is_empty());
    // A fix changes the file, and no change is built on a broken one.
    let fix = partnerdesk(dir.path(), &["review", &file, "--fix-all", "--now", NOW]);
    assert_eq!(fix.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&fix.stderr).contains("integrity"));
}
