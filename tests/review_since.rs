//! `partnerdesk review FILE --since OLD`: only what is new compared with an earlier copy — the
//! findings OLD did not have (by id) and each partner that appeared on a customer — with --json,
//! --severity and --fail-on as `review` has them. The alert case: a re-import of a Graph page
//! that adds a partner to a customer.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const EXPORTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/exports");
const NOW: &str = "2026-11-24T10:00:00Z";
/// The new partner the second import brings, and the customer its relationship is with.
const NEW_PARTNER: &str = "Northwind Cloud";
const NEW_PARTNER_TENANT: &str = "9b1f3c2e-7d4a-4e6b-8c5d-2a1b0c9d8e7f";
const CUSTOMER: &str = "Harbor Light Bakery";

/// The binary with a private home: no user templates or config from the machine.
fn partnerdesk(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_partnerdesk"))
        .env("NO_COLOR", "1")
        .env_remove("PARTNERDESK_FILE")
        .env_remove("PARTNERDESK_FAULT")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .args(args)
        .output()
        .unwrap()
}

fn code(out: &Output) -> Option<i32> {
    out.status.code()
}

fn ok(home: &Path, args: &[&str]) -> String {
    let out = partnerdesk(home, args);
    assert_eq!(
        code(&out),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn exports(dir: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(format!("{EXPORTS}/{dir}"))
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    files.sort();
    files
}

/// The fixtures' partner (Tidewater) imported into `old.json`; then a copy, `new.json`, into
/// which a second partner's Graph page is imported: one active GDAP relationship with a
/// customer Tidewater already serves. Returns (old, new).
fn reimport_adding_a_partner(dir: &Path) -> (String, String) {
    let world: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{EXPORTS}/world.json")).unwrap())
            .unwrap();
    let me = &world["importingPartner"];
    let old = dir.join("old.json").display().to_string();
    let new = dir.join("new.json").display().to_string();
    let mut args: Vec<String> = [
        "import",
        &old,
        "--as",
        &format!("partner:{}", me["mpn"].as_str().unwrap()),
        "--partner-name",
        me["name"].as_str().unwrap(),
        "--partner-tenant",
        me["tenant"].as_str().unwrap(),
        "--relationship",
        world["accessAssignmentsFor"].as_str().unwrap(),
        "--now",
        NOW,
    ]
    .map(String::from)
    .to_vec();
    args.extend(exports("partner-center"));
    args.extend(exports("graph"));
    ok(dir, &args.iter().map(String::as_str).collect::<Vec<_>>());
    std::fs::copy(&old, &new).unwrap();

    // The new partner's export: the fixtures' first relationship (Harbor Light Bakery), as its own.
    let page1 = format!("{EXPORTS}/graph/delegatedAdminRelationships.page1.json");
    let mut page: Value = serde_json::from_str(&std::fs::read_to_string(page1).unwrap()).unwrap();
    let mut first = page["value"][0].clone();
    assert_eq!(first["customer"]["displayName"], CUSTOMER);
    first["id"] = format!("5e0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b-{NEW_PARTNER_TENANT}").into();
    first["displayName"] = "Northwind service desk".into();
    page["value"] = Value::Array(vec![first]);
    let page_file: PathBuf = dir.join("northwind.page1.json");
    std::fs::write(&page_file, page.to_string()).unwrap();
    ok(
        dir,
        &[
            "import",
            &new,
            "--as",
            "partner:7200001",
            "--partner-name",
            NEW_PARTNER,
            "--partner-tenant",
            NEW_PARTNER_TENANT,
            "--now",
            NOW,
            page_file.to_str().unwrap(),
        ],
    );
    (old, new)
}

fn review_json(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["review"];
    all.extend(args);
    all.extend(["--json", "--now", NOW]);
    serde_json::from_str(&ok(dir, &all)).unwrap()
}

fn ids(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_reimport_adding_a_partner_to_a_customer_lists_a_new_partner_entry_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = reimport_adding_a_partner(dir.path());
    let report = review_json(dir.path(), &[&new, "--since", &old]);
    let findings = report["findings"].as_array().unwrap();
    let entry = findings
        .iter()
        .find(|f| f["rule"] == "new-partner")
        .unwrap_or_else(|| panic!("no new-partner entry in {report:#}"));
    assert_eq!(entry["id"], "new-partner:harborlightbakery:northwind-cloud");
    assert_eq!(entry["customer"], "harborlightbakery");
    assert_eq!(entry["partner"], "northwind-cloud");
    let why = entry["why"].as_str().unwrap();
    assert!(
        why.contains(NEW_PARTNER) && why.contains(CUSTOMER),
        "the entry names the partner and the customer: {why}"
    );
    // The review rules that fire for the new relationship name the same pair.
    assert!(
        findings.iter().any(|f| f["rule"] == "gdap-without-reseller"
            && f["partner"] == "northwind-cloud"
            && f["customer"] == "harborlightbakery"),
        "{report:#}"
    );
    assert_eq!(report["since"], old.as_str());

    let text = ok(dir.path(), &["review", &new, "--since", &old, "--now", NOW]);
    assert!(
        text.contains("new-partner:harborlightbakery:northwind-cloud"),
        "{text}"
    );
}

#[test]
fn since_lists_exactly_the_findings_whose_ids_old_did_not_have() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = reimport_adding_a_partner(dir.path());
    let before: HashSet<String> = ids(&review_json(dir.path(), &[&old])).into_iter().collect();
    let after = ids(&review_json(dir.path(), &[&new]));
    assert!(!before.is_empty(), "the fixtures' own findings are there");
    let expected: HashSet<&String> = after.iter().filter(|id| !before.contains(*id)).collect();
    let listed = ids(&review_json(dir.path(), &[&new, "--since", &old]));
    let listed_findings: HashSet<&String> = listed
        .iter()
        .filter(|id| !id.starts_with("new-partner:"))
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(listed_findings, expected);
}

#[test]
fn nothing_new_since_itself_exits_0_even_with_fail_on_info() {
    let dir = tempfile::tempdir().unwrap();
    let (old, _) = reimport_adding_a_partner(dir.path());
    let out = partnerdesk(
        dir.path(),
        &[
            "review",
            &old,
            "--since",
            &old,
            "--fail-on",
            "info",
            "--now",
            NOW,
        ],
    );
    assert_eq!(code(&out), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("nothing new since"), "{text}");
    let report = review_json(dir.path(), &[&old, "--since", &old]);
    assert_eq!(report["findings"].as_array().unwrap().len(), 0);
}

#[test]
fn fail_on_counts_only_the_new_findings_and_severity_filters_them() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = reimport_adding_a_partner(dir.path());
    // The new partner's entry and its unassigned GDAP are medium; nothing new is high.
    let medium = partnerdesk(
        dir.path(),
        &[
            "review",
            &new,
            "--since",
            &old,
            "--fail-on",
            "medium",
            "--now",
            NOW,
        ],
    );
    assert_eq!(code(&medium), Some(1));
    let high = partnerdesk(
        dir.path(),
        &[
            "review",
            &new,
            "--since",
            &old,
            "--fail-on",
            "high",
            "--now",
            NOW,
        ],
    );
    assert_eq!(code(&high), Some(0));
    let report = review_json(dir.path(), &[&new, "--since", &old, "--severity", "medium"]);
    let severities: HashSet<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["severity"].as_str().unwrap())
        .collect();
    assert_eq!(severities, HashSet::from(["medium"]));
}

#[test]
fn an_unreadable_old_file_is_an_error_naming_it_and_since_cannot_fix() {
    let dir = tempfile::tempdir().unwrap();
    let (_, new) = reimport_adding_a_partner(dir.path());
    let junk = dir.path().join("junk.json");
    std::fs::write(&junk, "{ not json").unwrap();
    let out = partnerdesk(
        dir.path(),
        &["review", &new, "--since", junk.to_str().unwrap()],
    );
    assert_eq!(code(&out), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("junk.json"));

    let before = std::fs::read(&new).unwrap();
    let out = partnerdesk(dir.path(), &["review", &new, "--since", &new, "--fix-all"]);
    assert_eq!(code(&out), Some(2), "--since and --fix conflict");
    assert_eq!(std::fs::read(&new).unwrap(), before, "nothing was written");
}
