//! `partnerdesk import` over the fixture exports (tests/fixtures/exports: fictional data in the
//! shapes Partner Center and Microsoft Graph return) and variants derived from them: what
//! world.json says is recovered, re-imports change no byte, `check` accepts the result, and
//! malformed files are errors that name the file and the JSON path and write nothing.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../common/mod.rs"]
mod common;

mod fidelity;
mod findings;
mod round_trip;

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
    import_by(common::binary::command(), file, sources, extra)
}

/// `import`, run by `command` (the binary, with whatever the test set on it).
fn import_by(
    mut command: std::process::Command,
    file: &Path,
    sources: &[PathBuf],
    extra: &[&str],
) -> Output {
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
    command.args(&args).output().unwrap()
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

/// The exports written into `dir` with Harbor Light Bakery renamed `renamed`.
fn harbor_renamed(dir: &Path, renamed: &str) -> Vec<PathBuf> {
    variant(dir, |name, doc| {
        if name == "partner-center-customers.page1.json" {
            let items = doc["items"].as_array_mut().unwrap();
            let harbor = items.iter_mut();
            let mut harbor =
                harbor.filter(|c| c["companyProfile"]["companyName"] == "Harbor Light Bakery");
            harbor.next().unwrap()["companyProfile"]["companyName"] = renamed.into();
        }
    })
}
