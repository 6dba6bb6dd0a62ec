//! Files of an older format version load, mean what they meant, and are written back in the
//! current version. The fixture is the demo as format 1 wrote it: `expiring` then meant "active,
//! within 30 days of its end", and it holds a reseller + DAP request made after DAP's retirement.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::binary::ok;
use partnerdesk::workspace::format::FORMAT_VERSION;
use serde_json::Value;

const AFTER_ITS_DATE: &str = "2026-11-24T10:00:00Z";

fn format_1_copy(dir: &Path) -> PathBuf {
    let file = dir.join("old.json");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/format-1-demo.json"),
        &file,
    )
    .unwrap();
    file
}

fn version(file: &Path) -> u64 {
    let text = std::fs::read_to_string(file).unwrap();
    serde_json::from_str::<Value>(&text).unwrap()["version"]
        .as_u64()
        .unwrap()
}

fn relationship(file: &Path, id: &str) -> Value {
    let list: Value = serde_json::from_str(&ok(&[
        "list",
        file.to_str().unwrap(),
        "relationships",
        "--json",
    ]))
    .unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("{id} is listed"))
}

#[test]
fn a_format_1_file_loads_clean_and_its_expiring_relationship_is_active_and_ending_soon() {
    let dir = tempfile::tempdir().unwrap();
    let file = format_1_copy(dir.path());
    assert_eq!(version(&file), 1);
    ok(&["check", file.to_str().unwrap()]);
    let r = relationship(&file, "rel-1072");
    assert_eq!(r["status"], "active", "{r}");
    assert_eq!(r["endingSoon"], true, "{r}");
    let show = ok(&["show", file.to_str().unwrap(), "rel-1072"]);
    assert!(
        show.contains("format 1 called this expiring"),
        "the history says what format 1 meant: {show}"
    );
}

#[test]
fn a_change_to_a_format_1_file_writes_the_current_version() {
    let dir = tempfile::tempdir().unwrap();
    let file = format_1_copy(dir.path());
    let f = file.to_str().unwrap();
    // What the issue found refused on the demo: auto-extension with 11 days left.
    ok(&[
        "auto-extend",
        f,
        "rel-1072",
        "on",
        "--as",
        "partner:relecloud",
        "--now",
        AFTER_ITS_DATE,
    ]);
    assert_eq!(version(&file), u64::from(FORMAT_VERSION));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        !text.contains("\"status\": \"expiring\""),
        "nothing is expiring before its end"
    );
    assert_eq!(
        relationship(&file, "rel-1072")["autoExtendDuration"],
        "P180D"
    );
}

#[test]
fn a_reseller_and_dap_request_made_after_the_retirement_can_still_be_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let file = format_1_copy(dir.path());
    ok(&[
        "revoke",
        file.to_str().unwrap(),
        "inv-1116",
        "--as",
        "partner:vanarsdel",
        "--now",
        AFTER_ITS_DATE,
    ]);
}

/// Every `externalId` key in `value` and below, removed: what a format 2 file held.
fn without_external_ids(value: &mut Value) {
    match value {
        Value::Object(fields) => {
            fields.remove("externalId");
            fields.values_mut().for_each(without_external_ids);
        }
        Value::Array(items) => items.iter_mut().for_each(without_external_ids),
        _ => {}
    }
}

fn listed(file: &Path, kind: &str) -> Vec<Value> {
    let list: Value =
        serde_json::from_str(&ok(&["list", file.to_str().unwrap(), kind, "--json"])).unwrap();
    list.as_array().unwrap().clone()
}

#[test]
fn a_format_2_files_imported_records_keep_microsofts_id_as_their_external_id() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("imported.json");
    let exports = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/exports");
    let world: Value =
        serde_json::from_str(&std::fs::read_to_string(exports.join("world.json")).unwrap())
            .unwrap();
    let me = &world["importingPartner"];
    ok(&[
        "import",
        file.to_str().unwrap(),
        "--as",
        &format!("partner:{}", me["mpn"].as_str().unwrap()),
        "--partner-name",
        me["name"].as_str().unwrap(),
        "--partner-tenant",
        me["tenant"].as_str().unwrap(),
        "--relationship",
        world["accessAssignmentsFor"].as_str().unwrap(),
        "--now",
        AFTER_ITS_DATE,
        exports.join("partner-center").to_str().unwrap(),
        exports.join("graph").to_str().unwrap(),
    ]);
    assert_eq!(version(&file), u64::from(FORMAT_VERSION));
    let current: Vec<Vec<Value>> = ["customers", "relationships", "subscriptions", "assignments"]
        .iter()
        .map(|kind| listed(&file, kind))
        .collect();
    // The same file as format 2 wrote it: no external ids.
    let mut old: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    without_external_ids(&mut old);
    old["version"] = 2.into();
    std::fs::write(&file, serde_json::to_vec_pretty(&old).unwrap()).unwrap();

    ok(&["check", file.to_str().unwrap()]);
    for (kind, before) in ["customers", "relationships", "subscriptions", "assignments"]
        .iter()
        .zip(current)
    {
        let migrated = listed(&file, kind);
        assert_eq!(
            migrated, before,
            "{kind}: migration gives back what import kept"
        );
        let kept = migrated
            .iter()
            .filter(|r| r["externalId"].is_string())
            .count();
        assert!(kept > 0, "{kind}: imported records keep Microsoft's id");
    }
}
