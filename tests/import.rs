//! `partnerdesk import` over the fixture exports (tests/fixtures/exports: fictional data in the
//! shapes Partner Center and Microsoft Graph return) and variants derived from them: what
//! world.json says is recovered, re-imports change no byte, `check` accepts the result, and
//! malformed files are errors that name the file and the JSON path and write nothing.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::binary::partnerdesk;
use serde_json::Value;

/// The exports the tests import, inside the repository (a fresh clone carries them).
const EXPORTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/exports");
const NOW: &str = "2026-11-24T10:00:00Z";
/// Active, with auto-extend and no Global Administrator; the access assignments' relationship.
const ACTIVE_GDAP: &str = "Tidewater service desk 2025";
/// Approval pending on page 1; a later export shows it active.
const PENDING_GDAP: &str = "Tidewater security audit";
/// Active, Global Administrator only, no auto-extend; on page 1 (GD2 when auto-extend is added).
const GLOBAL_ADMIN_GDAP: &str = "Tidewater emergency access";
/// `created`, with a customer only Graph knows; on page 2.
const CREATED_GDAP: &str = "Tidewater onboarding";
const CREATED_GDAP_ID: &str =
    "02a813c6-7ad2-434e-a737-54a42deb58ef-36cf6aec-3deb-471e-b1a2-4eab79c1a842";

/// Copperkettle's GDAP relationship on page 2: a `resellerDelegatedAdminRelationship` Bramblecrest
/// made for Tidewater, whose consent is pending.
const CONSENT_PENDING_GDAP_ID: &str =
    "1a6e9be3-6a60-4695-ac52-9baa89b4e195-36cf6aec-3deb-471e-b1a2-4eab79c1a842";
/// In `fidelity/`: Lanternfish's, made by Kestrel Supply for Tidewater, consented and active.
const CONSENTED_GDAP_ID: &str =
    "c4a4a421-ec90-43d8-8e99-a3c021fdf736-36cf6aec-3deb-471e-b1a2-4eab79c1a842";
/// In `fidelity/`: made "for any customer", so it names none until a customer approves it.
const ANY_CUSTOMER_GDAP_ID: &str =
    "dac65def-efb7-4824-8f16-67c9a8475d0f-36cf6aec-3deb-471e-b1a2-4eab79c1a842";
const ANY_CUSTOMER_GDAP: &str = "Tidewater onboarding for a new customer";

fn world() -> Value {
    serde_json::from_str(&std::fs::read_to_string(format!("{EXPORTS}/world.json")).unwrap())
        .unwrap()
}

fn export_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["partner-center", "graph"] {
        for entry in std::fs::read_dir(format!("{EXPORTS}/{dir}")).unwrap() {
            files.push(entry.unwrap().path());
        }
    }
    files.sort();
    files
}

/// Imports `sources` into `file` as the exports' partner (world.json's `importingPartner`),
/// creating it; the access assignments belong to `accessAssignmentsFor`. Returns the output.
fn import(file: &Path, sources: &[PathBuf], extra: &[&str]) -> Output {
    let world = world();
    let me = &world["importingPartner"];
    let text = |v: &Value| v.as_str().unwrap().to_string();
    let mut args: Vec<String> = vec!["import".into(), file.display().to_string()];
    args.extend([
        "--as".into(),
        format!("partner:{}", text(&me["mpn"])),
        "--partner-name".into(),
        text(&me["name"]),
        "--partner-tenant".into(),
        text(&me["tenant"]),
        "--relationship".into(),
        text(&world["accessAssignmentsFor"]),
        "--now".into(),
        NOW.into(),
    ]);
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(sources.iter().map(|p| p.display().to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    partnerdesk(&refs)
}

fn ok(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}\nstdout: {}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn list(file: &Path, kind: &str) -> Vec<Value> {
    serde_json::from_str(&ok(&partnerdesk(&[
        "list",
        file.to_str().unwrap(),
        kind,
        "--json",
    ])))
    .unwrap()
}

/// Asserts everything world.json lists is in the workspace, with the right ids, statuses and roles.
fn assert_world(file: &Path) {
    let world = world();
    let customers = list(file, "customers");
    for c in world["customers"]
        .as_array()
        .unwrap()
        .iter()
        .chain([&world["graphOnly"]])
    {
        let tenant = c["tenant"].as_str().unwrap();
        let found = customers
            .iter()
            .find(|row| {
                row["tenantId"]
                    .as_str()
                    .unwrap()
                    .eq_ignore_ascii_case(tenant)
            })
            .unwrap_or_else(|| panic!("customer {tenant} missing"));
        assert_eq!(found["name"], c["name"]);
        if let Some(domain) = c["domain"].as_str() {
            assert_eq!(found["domain"].as_str(), Some(domain));
        }
    }
    let partners = list(file, "partners");
    for p in world["providers"]
        .as_array()
        .unwrap()
        .iter()
        .chain([&world["importingPartner"]])
    {
        let found = partners
            .iter()
            .find(|row| {
                row["tenantId"]
                    .as_str()
                    .unwrap()
                    .eq_ignore_ascii_case(p["tenant"].as_str().unwrap())
            })
            .expect("partner");
        assert_eq!(found["partnerCenterId"], p["mpn"]);
        assert_eq!(found["name"], p["name"]);
    }
    let relationships = list(file, "relationships");
    let names: std::collections::HashMap<String, String> = world["roleIds"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, id)| (id.as_str().unwrap().to_string(), name.clone()))
        .collect();
    for r in world["relationships"].as_array().unwrap() {
        let id = r["id"].as_str().unwrap();
        let found = relationships
            .iter()
            .find(|row| row["id"].as_str().unwrap().eq_ignore_ascii_case(id))
            .unwrap_or_else(|| panic!("relationship {id} missing"));
        assert_eq!(found["status"], r["status"], "{id}");
        assert_eq!(found["name"], r["displayName"]);
        let customer = customers
            .iter()
            .find(|c| c["id"] == found["customerId"])
            .unwrap();
        assert!(
            customer["tenantId"]
                .as_str()
                .unwrap()
                .eq_ignore_ascii_case(r["customerTenantId"].as_str().unwrap())
        );
        let roles: Vec<String> = r["roles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|id| names[id.as_str().unwrap()].clone())
            .collect();
        // Roles by name, in the export's order; a custom role a variant adds has no name.
        let shown: Vec<String> = found["roles"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v["name"].as_str().map(str::to_string))
            .collect();
        assert_eq!(shown, roles, "{id}");
    }
    let subscriptions = list(file, "subscriptions");
    for (name, count) in world["subscriptions"].as_object().unwrap() {
        let customer = customers
            .iter()
            .find(|c| c["name"].as_str() == Some(name))
            .unwrap();
        assert_eq!(
            subscriptions
                .iter()
                .filter(|s| s["customerId"] == customer["id"])
                .count() as u64,
            count.as_u64().unwrap(),
            "{name}"
        );
    }
    let assignments = list(file, "assignments");
    let rel = relationships
        .iter()
        .find(|r| {
            r["id"]
                .as_str()
                .unwrap()
                .eq_ignore_ascii_case(world["accessAssignmentsFor"].as_str().unwrap())
        })
        .unwrap();
    assert_eq!(
        assignments
            .iter()
            .filter(|a| a["relationshipId"] == rel["id"])
            .count() as u64,
        world["accessAssignments"].as_u64().unwrap()
    );
}

#[test]
fn samples_import_as_world_json_says_and_reimport_changes_no_byte() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    ok(&import(&file, &export_files(), &[]));
    assert_world(&file);
    ok(&partnerdesk(&["check", file.to_str().unwrap()]));
    let before = std::fs::read(&file).unwrap();
    let mut reversed = export_files();
    reversed.reverse();
    let out = ok(&import(&file, &reversed, &["--json"]));
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "a re-import changed the file"
    );
    let summary: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(summary["changed"], false);
    // Six from Partner Center and one only Graph knows.
    assert_eq!(summary["customers"]["unchanged"], 7);
    let audit = ok(&partnerdesk(&["history", file.to_str().unwrap(), "--json"]));
    assert!(
        !audit.contains("roleDefinitionId") && !audit.contains("companyProfile"),
        "the audit copies the records"
    );
}

/// Writes a variant of every export (via `change`) into `dir`, keeping file names.
fn variant(dir: &Path, change: impl Fn(&str, &mut Value)) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in export_files() {
        let name = format!(
            "{}-{}",
            path.parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_str()
                .unwrap(),
            path.file_name().unwrap().to_str().unwrap()
        );
        let mut doc: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        change(&name, &mut doc);
        let target = dir.join(&name);
        std::fs::write(&target, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
        out.push(target);
    }
    out
}

fn upper_ids(value: &mut Value) {
    match value {
        Value::String(s)
            if s.len() >= 36 && s.chars().all(|c| c.is_ascii_hexdigit() || c == '-') =>
        {
            *s = s.to_ascii_uppercase()
        }
        Value::String(s) if s.starts_with("/customers/") => {
            *s = s
                .to_ascii_uppercase()
                .replace("/CUSTOMERS/", "/customers/")
                .replace("/SUBSCRIPTIONS/", "/subscriptions/")
        }
        Value::Array(items) => items.iter_mut().for_each(upper_ids),
        Value::Object(map) => map.values_mut().for_each(upper_ids),
        _ => {}
    }
}

#[test]
fn real_world_variations_import_calmly() {
    let dir = tempfile::tempdir().unwrap();
    let custom = world()["customRoleId"].as_str().unwrap().to_string();
    let mut files = variant(dir.path(), |name, doc| {
        upper_ids(doc);
        let field = if doc.get("items").is_some() {
            "items"
        } else {
            "value"
        };
        let items = doc[field].as_array_mut().unwrap();
        for item in items.iter_mut() {
            item["someFieldNobodyKnows"] = serde_json::json!({"nested": [1, 2]});
            if let Some(map) = item.as_object_mut() {
                map.remove("commitmentEndDate");
                map.remove("lastModifiedDateTime");
            }
            if item["duration"] == "P730D" {
                item["duration"] = "P2Y".into();
            }
            if item["displayName"] == CREATED_GDAP {
                item["accessDetails"]["unifiedRoles"]
                    .as_array_mut()
                    .unwrap()
                    .push(serde_json::json!({"roleDefinitionId": custom.to_ascii_uppercase()}));
            }
        }
        if name.contains("page1") {
            // A record repeated on the next page.
            let first = items[0].clone();
            items.push(first);
        }
    });
    files.reverse();
    let file = dir.path().join("w.json");
    let out: Value = serde_json::from_str(&ok(&import(&file, &files, &["--json"]))).unwrap();
    assert_world(&file);
    assert!(out["repeated"].as_u64().unwrap() >= 2);
    let unknown = out["unknownRoles"].as_array().unwrap();
    assert_eq!(unknown.len(), 1, "reported once: {unknown:?}");
    assert!(unknown[0].as_str().unwrap().eq_ignore_ascii_case(&custom));
    let show = ok(&partnerdesk(&[
        "show",
        file.to_str().unwrap(),
        CREATED_GDAP_ID,
        "--json",
    ]));
    assert!(
        show.contains(&custom.to_ascii_uppercase()),
        "the unknown role is kept as it came"
    );
    let rels = list(&file, "relationships");
    assert!(rels.iter().any(|r| {
        r["roles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|role| role["name"].is_null() && role["id"].is_string())
    }));
    ok(&partnerdesk(&["check", file.to_str().unwrap()]));
    let before = std::fs::read(&file).unwrap();
    ok(&import(&file, &files, &[]));
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn a_later_export_updates_status_and_keeps_history_and_missing_relationships() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    ok(&import(&file, &export_files(), &[]));
    let later = variant(dir.path(), |name, doc| {
        if !name.contains("delegatedAdminRelationships.page1") {
            return;
        }
        let items = doc["value"].as_array_mut().unwrap();
        items.retain(|r| r["status"] != "active" || r["displayName"] == ACTIVE_GDAP);
        for r in items
            .iter_mut()
            .filter(|r| r["status"] == "approvalPending")
        {
            r["status"] = "active".into();
            r["activatedDateTime"] = "2026-11-20T08:00:00.1234567Z".into();
            r["endDateTime"] = "2027-05-19T08:00:00.1234567Z".into();
            r["lastModifiedDateTime"] = "2026-11-20T08:00:00.1234567Z".into();
        }
    });
    let page1: Vec<PathBuf> = later
        .into_iter()
        .filter(|p| {
            p.to_str()
                .unwrap()
                .contains("delegatedAdminRelationships.page1")
        })
        .collect();
    ok(&import(&file, &page1, &[]));
    let rels = list(&file, "relationships");
    let security = rels.iter().find(|r| r["name"] == PENDING_GDAP).unwrap();
    assert_eq!(security["status"], "active");
    assert!(
        security["endDateTime"]
            .as_str()
            .unwrap()
            .starts_with("2027-05-19")
    );
    assert!(
        rels.iter().any(|r| r["name"] == GLOBAL_ADMIN_GDAP),
        "a relationship missing from a newer export stays"
    );
    let shown: Value = serde_json::from_str(&ok(&partnerdesk(&[
        "show",
        file.to_str().unwrap(),
        security["id"].as_str().unwrap(),
        "--json",
    ])))
    .unwrap();
    let history: Vec<&str> = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].as_str().unwrap())
        .collect();
    assert_eq!(history, ["approvalPending", "active"]);
    ok(&partnerdesk(&["check", file.to_str().unwrap()]));
}

#[test]
fn malformed_files_name_the_file_and_path_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"value\": [ {\"id\": 1,").unwrap();
    let out = import(&file, std::slice::from_ref(&broken), &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.json") && err.contains("line"), "{err}");
    assert!(!file.exists(), "nothing is written");

    let wrong = dir.path().join("wrong-type.json");
    let mut doc: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{EXPORTS}/partner-center/customers.page2.json")).unwrap(),
    )
    .unwrap();
    doc["items"][1]["companyProfile"]["domain"] = serde_json::json!({"oops": true});
    std::fs::write(&wrong, doc.to_string()).unwrap();
    let mut sources = export_files();
    sources.push(wrong);
    let out = import(&file, &sources, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("wrong-type.json") && err.contains("items[1].companyProfile.domain"),
        "{err}"
    );
    assert!(!file.exists());

    let alien = dir.path().join("alien.json");
    std::fs::write(&alien, r#"{"hello": "world"}"#).unwrap();
    let out = import(&file, &[alien], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("alien.json"));
}

#[test]
fn dry_run_writes_nothing_and_strict_refuses_when_a_record_is_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    let out = import(&file, &export_files(), &["--dry-run"]);
    assert!(out.status.success());
    // A status line: on standard error, beside the report on standard output.
    assert!(String::from_utf8_lossy(&out.stderr).contains("dry run: nothing written"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("RECORDS"));
    assert!(!file.exists());
    // Global Administrator with auto-extend breaks GD2: left out, or with --strict nothing goes in.
    let files = variant(dir.path(), |_, doc| {
        if let Some(items) = doc.get_mut("value").and_then(Value::as_array_mut) {
            for r in items
                .iter_mut()
                .filter(|r| r["displayName"] == GLOBAL_ADMIN_GDAP)
            {
                r["autoExtendDuration"] = "P180D".into();
            }
        }
    });
    let out = import(&file, &files, &["--strict"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("GD2"));
    let summary: Value = serde_json::from_str(&ok(&import(&file, &files, &["--json"]))).unwrap();
    let left: Vec<&Value> = summary["leftOut"].as_array().unwrap().iter().collect();
    assert!(left.iter().any(|l| l["rule"] == "GD2"), "{left:?}");
    ok(&partnerdesk(&["check", file.to_str().unwrap()]));
}

/// The pages of `fidelity/` (not part of world.json's import): more Graph shapes.
fn fidelity_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(format!("{EXPORTS}/fidelity"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
}

fn export(dir: &str, name: &str) -> PathBuf {
    PathBuf::from(format!("{EXPORTS}/{dir}/{name}"))
}

fn show_text(file: &Path, id: &str) -> String {
    ok(&partnerdesk(&["show", file.to_str().unwrap(), id]))
}

fn show_json(file: &Path, id: &str) -> Value {
    serde_json::from_str(&ok(&partnerdesk(&[
        "show",
        file.to_str().unwrap(),
        id,
        "--json",
    ])))
    .unwrap()
}

/// The workspace id of the importing partner.
fn importer_id(file: &Path) -> Value {
    let mpn = world()["importingPartner"]["mpn"].clone();
    list(file, "partners")
        .into_iter()
        .find(|p| p["partnerCenterId"] == mpn)
        .unwrap()["id"]
        .clone()
}

#[test]
fn show_of_an_imported_relationship_names_the_file_and_digest_it_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    ok(&import(&file, &export_files(), &[]));
    let page1 = export("graph", "delegatedAdminRelationships.page1.json");
    let digest = partnerdesk::interop::sha256_hex(&std::fs::read(&page1).unwrap());
    let id = world()["accessAssignmentsFor"]
        .as_str()
        .unwrap()
        .to_string();

    let text = show_text(&file, &id);
    let line = format!(
        "imported from {} (sha256 {}…) by Tidewater Cloud Services on 2026-11-24",
        page1.display(),
        &digest[..12]
    );
    assert!(text.contains(&line), "{text}");

    let source = &show_json(&file, &id)["source"];
    assert_eq!(source["file"], page1.display().to_string());
    assert_eq!(source["sha256"], digest, "--json carries the whole digest");
    assert_eq!(source["importedBy"], importer_id(&file));
    assert_eq!(source["importedAt"], NOW);

    // A customer names the Partner Center page it came from.
    let customers = list(&file, "customers");
    let harbor = customers
        .iter()
        .find(|c| c["name"] == "Harbor Light Bakery")
        .unwrap();
    let source = &show_json(&file, harbor["id"].as_str().unwrap())["source"];
    assert_eq!(
        source["file"],
        export("partner-center", "customers.page1.json")
            .display()
            .to_string()
    );
}

#[test]
fn an_imported_relationship_with_no_invitation_says_it_is_known_only_from_an_import() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    ok(&import(&file, &export_files(), &[]));
    let text = show_text(&file, CREATED_GDAP_ID);
    assert!(
        text.contains("known only from an import: no invitation in this workspace"),
        "{text}"
    );
    let shown = show_json(&file, CREATED_GDAP_ID);
    assert!(shown.get("invitationId").is_none());
    assert!(shown["source"].is_object());
}

#[test]
fn an_action_on_an_imported_relationship_keeps_where_it_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    ok(&import(&file, &export_files(), &[]));
    let id = world()["accessAssignmentsFor"]
        .as_str()
        .unwrap()
        .to_string();
    let before = show_json(&file, &id)["source"].clone();
    let me = importer_id(&file);
    ok(&partnerdesk(&[
        "terminate",
        file.to_str().unwrap(),
        &id,
        "--as",
        &format!("partner:{}", me.as_str().unwrap()),
        "--now",
        "2026-11-26T10:00:00Z",
    ]));
    let after = show_json(&file, &id);
    assert_eq!(after["status"], "terminated");
    assert_eq!(after["source"], before);
}

#[test]
fn graph_etags_are_kept_on_relationships_and_access_assignments() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    ok(&import(&file, &export_files(), &[]));
    let page = |dir: &str, name: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(export(dir, name)).unwrap()).unwrap()
    };
    let relationships = page("graph", "delegatedAdminRelationships.page1.json");
    let first = &relationships["value"][0];
    assert_eq!(
        show_json(&file, first["id"].as_str().unwrap())["etag"],
        first["@odata.etag"]
    );
    let assignments = page("graph", "accessAssignments.service-desk-2025.json");
    let first = &assignments["value"][0];
    assert_eq!(
        show_json(&file, first["id"].as_str().unwrap())["etag"],
        first["@odata.etag"]
    );
}

#[test]
fn pending_deleting_and_error_assignment_statuses_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    let mut files = export_files();
    files.extend(fidelity_files());
    ok(&import(&file, &files, &[]));
    let statuses: std::collections::BTreeMap<String, String> = list(&file, "assignments")
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_string(),
                a["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for (id, status) in [
        ("5b27bb56-7abb-41ea-b688-c1805e484bbe", "pending"),
        ("ce795688-70d7-4355-8300-4bfaeeb92580", "deleting"),
        ("a4e274ec-2ba0-4b04-bf44-a6e343d37f47", "error"),
        ("1d0709d3-382d-458b-895e-3014254d8ccd", "active"),
    ] {
        assert_eq!(statuses.get(id).map(String::as_str), Some(status), "{id}");
    }
    ok(&partnerdesk(&["check", file.to_str().unwrap()]));
}

#[test]
fn is_partner_consent_pending_and_the_indirect_provider_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    let mut files = export_files();
    files.extend(fidelity_files());
    ok(&import(&file, &files, &[]));
    let partners = list(&file, "partners");
    let by_name = |name: &str| partners.iter().find(|p| p["name"] == name).unwrap()["id"].clone();
    let pending = show_json(&file, CONSENT_PENDING_GDAP_ID);
    assert_eq!(pending["partnerConsentPending"], true);
    assert_eq!(
        pending["viaPartnerId"],
        by_name("Bramblecrest Distribution")
    );
    let consented = show_json(&file, CONSENTED_GDAP_ID);
    assert!(
        consented.get("partnerConsentPending").is_none(),
        "false is not written"
    );
    assert_eq!(consented["viaPartnerId"], by_name("Kestrel Supply"));
    assert_eq!(consented["status"], "active");
}

#[test]
fn a_relationship_for_any_customer_is_reported_as_not_imported_with_its_id_and_name() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    let mut files = export_files();
    files.extend(fidelity_files());
    let summary: Value = serde_json::from_str(&ok(&import(&file, &files, &["--json"]))).unwrap();
    let left = summary["leftOut"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["key"] == ANY_CUSTOMER_GDAP_ID)
        .expect("reported");
    let reason = left["reason"].as_str().unwrap();
    assert!(
        reason.contains(ANY_CUSTOMER_GDAP) && reason.contains("no customer until approval"),
        "{reason}"
    );
    assert!(
        !list(&file, "relationships")
            .iter()
            .any(|r| r["id"] == ANY_CUSTOMER_GDAP_ID)
    );
    let text = ok(&import(&file, &files, &[]));
    assert!(
        text.contains("not imported: no customer until approval"),
        "{text}"
    );
}

#[test]
fn allow_delegated_access_true_creates_no_dap_and_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    let summary: Value =
        serde_json::from_str(&ok(&import(&file, &export_files(), &["--json"]))).unwrap();
    assert!(
        !list(&file, "relationships")
            .iter()
            .any(|r| r["kind"] == "delegatedAdmin"),
        "an import never creates DAP"
    );
    let findings: Vec<&str> = summary["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    let world = world();
    let with_dap: Vec<&str> = world["customers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["dap"] == true)
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(findings.len(), with_dap.len(), "{findings:?}");
    for name in with_dap {
        let expected = format!(
            "Partner Center still reports DAP for {name}; partnerdesk records DAP only as history — terminate it in Partner Center"
        );
        assert!(findings.contains(&expected.as_str()), "{findings:?}");
    }
    // A finding refuses nothing, even with --strict.
    let strict = import(&file, &export_files(), &["--strict"]);
    assert_eq!(strict.status.code(), Some(0));
}

#[test]
fn allow_delegated_access_false_ends_an_active_dap() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    ok(&import(&file, &export_files(), &[]));
    // A DAP relationship from before the import (DAP is history now): Oakmere's export says
    // allowDelegatedAccess is false.
    let oakmere = list(&file, "customers")
        .into_iter()
        .find(|c| c["name"] == "Oakmere Vineyards")
        .unwrap();
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    doc["relationships"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "id": "oakmere-dap",
            "kind": "delegatedAdmin",
            "partnerId": importer_id(&file),
            "customerId": oakmere["id"],
            "status": "active",
            "createdDateTime": "2019-05-01T00:00:00Z",
            "startDateTime": "2019-05-01T00:00:00Z"
        }));
    std::fs::write(&file, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    ok(&import(
        &file,
        &[export("partner-center", "customers.page1.json")],
        &[],
    ));
    let dap = show_json(&file, "oakmere-dap");
    assert_eq!(dap["status"], "terminated");
    assert_eq!(dap["endDateTime"], NOW);
    let history = dap["history"].as_array().unwrap();
    assert_eq!(
        history.last().unwrap()["note"],
        "DAP removed (Partner Center allowDelegatedAccess=false)"
    );
    ok(&partnerdesk(&["check", file.to_str().unwrap()]));
}

#[test]
fn customers_breaking_the_identity_rules_are_left_out_naming_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    // On the first customer page: the second customer takes the first one's domain (in
    // capitals, ID2), the third a tenant id that is no GUID (ID3).
    let files = variant(dir.path(), |name, doc| {
        if name != "partner-center-customers.page1.json" {
            return;
        }
        let items = doc["items"].as_array_mut().unwrap();
        let domain = items[0]["companyProfile"]["domain"]
            .as_str()
            .unwrap()
            .to_ascii_uppercase();
        items[1]["companyProfile"]["domain"] = domain.into();
        items[2]["id"] = "not-a-guid".into();
        items[2]["companyProfile"]["tenantId"] = "not-a-guid".into();
    });
    let summary: Value = serde_json::from_str(&ok(&import(&file, &files, &["--json"]))).unwrap();
    let left: Vec<&Value> = summary["leftOut"].as_array().unwrap().iter().collect();
    let customer_left = |rule: &str| {
        left.iter()
            .any(|l| l["kind"] == "customer" && l["rule"] == rule)
    };
    assert!(customer_left("ID2"), "{left:?}");
    assert!(customer_left("ID3"), "{left:?}");
    // What went in keeps every rule.
    ok(&partnerdesk(&["check", file.to_str().unwrap()]));
}

#[test]
fn the_summary_is_one_screen_and_verbose_adds_a_line_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ws.json");
    let files = export_files();
    let out = ok(&import(&file, &files, &[]));
    assert!(out.contains("RECORDS"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with(&format!("{} file(s): ", files.len()))),
        "{out}"
    );
    assert!(
        !out.contains("customers.page1.json"),
        "no line per file without --verbose: {out}"
    );
    let verbose = ok(&import(&file, &files, &["--verbose"]));
    for f in &files {
        let name = f.display().to_string();
        assert!(verbose.contains(&name), "{name} in {verbose}");
    }
    let summary: Value = serde_json::from_str(&ok(&import(&file, &files, &["--json"]))).unwrap();
    let kinds = summary["filesByKind"].as_array().unwrap();
    let counted: u64 = kinds.iter().map(|k| k["files"].as_u64().unwrap()).sum();
    assert_eq!(counted, files.len() as u64, "{summary}");
    assert!(summary["slowestPage"]["file"].is_string(), "{summary}");
}

#[test]
fn complete_names_what_the_exports_no_longer_contain_and_deletes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ws.json");
    ok(&import(&file, &export_files(), &[]));
    let relationships = list(&file, "relationships");
    // Page 1 alone, said to be the whole export: what only page 2 had is missing upstream.
    let page1 = PathBuf::from(format!(
        "{EXPORTS}/graph/delegatedAdminRelationships.page1.json"
    ));
    let summary: Value = serde_json::from_str(&ok(&import(
        &file,
        std::slice::from_ref(&page1),
        &["--json", "--complete"],
    )))
    .unwrap();
    let missing = summary["missing"].as_array().unwrap();
    assert!(
        missing
            .iter()
            .any(|m| m["kind"] == "relationship" && m["externalId"] == CREATED_GDAP_ID),
        "{summary}"
    );
    assert!(
        missing.iter().all(|m| m["kind"] == "relationship"),
        "only the kinds the exports cover are compared: {summary}"
    );
    assert_eq!(
        list(&file, "relationships"),
        relationships,
        "nothing deleted"
    );
    let without: Value = serde_json::from_str(&ok(&import(&file, &[page1], &["--json"]))).unwrap();
    assert_eq!(without["missing"], serde_json::json!([]), "{without}");
}
