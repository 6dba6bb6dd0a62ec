//! `partnerdesk emit` on workspaces built with the command line: each change recorded on a GDAP
//! relationship comes out as the Microsoft Graph v1.0 request Microsoft documents for it. The
//! expected requests are written here as data, copied from the examples of the Graph reference
//! (learn.microsoft.com/graph/api/…, v1.0) with their ids substituted, and compared field by
//! field: method, URL, body and `If-Match`. The reseller links are compared with the form the
//! Partner Center API documents.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../common/mod.rs"]
mod common;

mod access;
mod entries_and_links;
mod indirect;
mod lifecycle;
mod offboarding;

use std::path::{Path, PathBuf};

use common::binary::{ok, partnerdesk};
use serde_json::{Value, json};

const GRAPH: &str =
    "https://graph.microsoft.com/v1.0/tenantRelationships/delegatedAdminRelationships";

/// The ids of Graph's own examples: the draft of "Update delegatedAdminRelationship" and
/// "Create requests"…
const DRAFT: &str = "5d027261-d21f-4aa9-b7db-7fa1f56fb163-8777b240-c6f0-4469-9e98-a3205431b836";
/// … and the active relationship of "Create accessAssignments" and "Delete
/// delegatedAdminAccessAssignment", with that page's access assignment.
const ACTIVE: &str = "72a7ae7e-4887-4e34-9755-2e1e9b26b943-63f017cb-9e0d-4f14-94bd-4871902b3409";
const ASSIGNMENT: &str = "a9d6cf90-083a-47dc-ace2-1da98be3f344";
/// A second draft, to delete, and an active relationship without Global Administrator.
const DRAFT_TO_DELETE: &str =
    "1d0709d3-382d-458b-895e-3014254d8ccd-8777b240-c6f0-4469-9e98-a3205431b836";
const SERVICE_DESK: &str =
    "8cf7a6ae-4d97-45ba-a8a7-192fe2c5b9c1-36cf6aec-3deb-471e-b1a2-4eab79c1a842";

/// … and the relationship of "Update delegatedAdminAccessAssignment".
const WITH_GLOBAL_ADMIN: &str =
    "5e5594d3-6f82-458b-b567-77db4811f0cd-00000000-0000-0000-0000-000000001234";

/// The ETag of Graph's examples, which the export below carries.
const DOC_ETAG: &str = r#"W/"JyI0NzAwNjg0NS0wMDAwLTE5MDAtMDAwMC02MGY0Yjg4MzAwMDAiJw==""#;
/// What `emit` sends as `If-Match` while it does not know the ETag (the scripts read it first).
const ETAG_UNKNOWN: &str = "{etag}";

const GLOBAL_ADMIN: &str = "62e90394-69f5-4237-9190-012177145e10";
const EXCHANGE_ADMIN: &str = "29232cdf-9323-42fd-ade2-1d097af3e4de";
const GLOBAL_READER: &str = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";
const HELPDESK_ADMIN: &str = "729827e3-9c14-49f7-bb1b-9608f156bbb8";
const INTUNE_ADMIN: &str = "3a2c62db-5318-420d-8d74-23affee5d9d5";
const DIRECTORY_READERS: &str = "88d8e3e3-8f55-4a1e-953a-9b9898b8876b";
const DYNAMICS_ADMIN: &str = "44367163-eba1-44c3-98af-f5787879f96a";

const ME: &str = "partner:contoso-partner";

/// "Update delegatedAdminRelationship", the request body of its example (ids as published),
/// without `customer`, which a draft edit in partnerdesk never changes.
fn doc_update_body() -> Value {
    json!({
      "displayName": "Updated Contoso admin relationship",
      "duration": "P31D",
      "accessDetails": {
        "unifiedRoles": [
          { "roleDefinitionId": "44367163-eba1-44c3-98af-f5787879f96a" },
          { "roleDefinitionId": "29232cdf-9323-42fd-ade2-1d097af3e4de" },
          { "roleDefinitionId": "69091246-20e8-4a56-aa4d-066075b2a7a8" },
          { "roleDefinitionId": "3a2c62db-5318-420d-8d74-23affee5d9d5" }
        ]
      },
      "autoExtendDuration": "P180D"
    })
}

/// "Create accessAssignments", the request body of its example.
fn doc_create_assignment_body() -> Value {
    json!({
      "accessContainer": {
        "accessContainerId": "869713c9-0b28-4d08-8949-ae07ae1bf528",
        "accessContainerType": "securityGroup"
      },
      "accessDetails": {
        "unifiedRoles": [
          { "roleDefinitionId": "29232cdf-9323-42fd-ade2-1d097af3e4de" },
          { "roleDefinitionId": "f2ef992c-3afb-46b9-b7cf-a126ee74c451" },
          { "roleDefinitionId": "729827e3-9c14-49f7-bb1b-9608f156bbb8" },
          { "roleDefinitionId": "3a2c62db-5318-420d-8d74-23affee5d9d5" }
        ]
      }
    })
}

/// Only `keys` of a documented body.
fn doc_fields(body: &Value, keys: &[&str]) -> Value {
    Value::Object(
        keys.iter()
            .map(|k| ((*k).to_string(), body[*k].clone()))
            .collect(),
    )
}

/// A changing command as `actor` at minute `minute` past 11:00 (times only ever increase).
fn change(file: &Path, verb: &str, rest: &[&str], actor: &str, minute: u32) {
    let now = format!("2026-11-24T11:{minute:02}:00Z");
    let mut args = vec![verb, file.to_str().unwrap()];
    args.extend_from_slice(rest);
    args.extend_from_slice(&["--as", actor, "--now", &now]);
    ok(&args);
}

fn relationship(id: &str, name: &str, status: &str, roles: &[&str], tenant: &str) -> Value {
    let roles: Vec<Value> = roles
        .iter()
        .map(|r| json!({ "roleDefinitionId": r }))
        .collect();
    let active = status == "active";
    json!({
        "@odata.type": "#microsoft.graph.delegatedAdminRelationship",
        "@odata.etag": DOC_ETAG,
        "id": id,
        "displayName": name,
        "duration": "P730D",
        "customer": { "tenantId": tenant, "displayName": format!("{name} customer") },
        "accessDetails": { "unifiedRoles": roles },
        "status": status,
        "autoExtendDuration": "PT0S",
        "createdDateTime": "2026-01-20T10:00:00Z",
        "lastModifiedDateTime": "2026-01-21T10:00:00Z",
        "activatedDateTime": if active { json!("2026-01-21T10:00:00Z") } else { Value::Null },
        "endDateTime": if active { json!("2028-01-21T10:00:00Z") } else { Value::Null }
    })
}

/// A workspace made by importing a Graph export of five relationships (two drafts, three active)
/// and the access assignment of the active one Graph's examples use.
fn graph_workspace(dir: &Path) -> PathBuf {
    let export = dir.join("relationships.json");
    let value = json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/tenantRelationships/$metadata#delegatedAdminRelationships",
        "value": [
            relationship(DRAFT, "Contoso admin relationship", "created",
                &[EXCHANGE_ADMIN, INTUNE_ADMIN], "52eaad04-13a2-4a2f-9ce8-93a294fadf36"),
            relationship(DRAFT_TO_DELETE, "Contoso onboarding", "created",
                &[HELPDESK_ADMIN], "c1d2e3f4-0000-4000-8000-000000000001"),
            relationship(ACTIVE, "Contoso subsidiary admin", "active",
                &[GLOBAL_ADMIN, EXCHANGE_ADMIN, GLOBAL_READER, HELPDESK_ADMIN, INTUNE_ADMIN],
                "4b827261-d21f-4aa9-b7db-7fa1f56fb163"),
            relationship(SERVICE_DESK, "Fabrikam service desk", "active",
                &[HELPDESK_ADMIN], "b4b69289-71df-4706-b27f-7e8b5d52b408"),
            relationship(WITH_GLOBAL_ADMIN, "Litware emergency access", "active",
                &[GLOBAL_ADMIN, DIRECTORY_READERS, DYNAMICS_ADMIN, HELPDESK_ADMIN],
                "d245d615-be33-4026-ba80-81ed173e3e9e"),
        ]
    });
    std::fs::write(&export, value.to_string()).unwrap();
    let assignments = dir.join("assignments.json");
    let value = json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/tenantRelationships/$metadata#accessAssignments",
        "value": [{
            "@odata.type": "#microsoft.graph.delegatedAdminAccessAssignment",
            "@odata.etag": DOC_ETAG,
            "id": ASSIGNMENT,
            "status": "active",
            "createdDateTime": "2026-01-22T10:00:00Z",
            "lastModifiedDateTime": "2026-01-22T10:00:00Z",
            "accessContainer": {
                "accessContainerId": "05c9ca26-53e2-4b82-8a95-5a4c9304a165",
                "accessContainerType": "securityGroup"
            },
            "accessDetails": { "unifiedRoles": [{ "roleDefinitionId": HELPDESK_ADMIN }] }
        }]
    });
    std::fs::write(&assignments, value.to_string()).unwrap();
    let file = dir.join("w.json");
    import(&file, &[&export]);
    ok(&[
        "import",
        file.to_str().unwrap(),
        "--as",
        ME,
        "--relationship",
        ACTIVE,
        "--now",
        "2026-11-24T10:01:00Z",
        assignments.to_str().unwrap(),
    ]);
    file
}

fn import(file: &Path, exports: &[&Path]) {
    let mut args = vec![
        "import".to_string(),
        file.display().to_string(),
        "--as".into(),
        "partner:1234567".into(),
        "--partner-name".into(),
        "Contoso Partner".into(),
        "--partner-tenant".into(),
        "11111111-1111-1111-1111-111111111111".into(),
        "--now".into(),
        "2026-11-24T10:00:00Z".into(),
    ];
    args.extend(exports.iter().map(|p| p.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ok(&args);
}

fn emitted(file: &Path, id: &str) -> Value {
    serde_json::from_str(&ok(&["emit", file.to_str().unwrap(), id, "--json"])).unwrap()
}

fn requests(emitted: &Value) -> &Vec<Value> {
    emitted["requests"].as_array().unwrap()
}

/// What `If-Match` a request must carry.
#[derive(Clone, Copy, Debug)]
enum IfMatch {
    /// Graph takes none (creating a relationship request or an access assignment).
    Absent,
    /// The first change to a resource after the import: the ETag the export carried.
    Imported,
    /// A later change: the resource has a new ETag, read just before.
    ReadFirst,
}

fn assert_request(actual: &Value, method: &str, url: &str, body: Option<Value>, if_match: IfMatch) {
    assert_eq!(actual["method"], method, "{actual:#}");
    assert_eq!(actual["url"], url, "{actual:#}");
    assert_eq!(actual.get("body").cloned(), body, "{actual:#}");
    let header = actual["headers"]["If-Match"].as_str();
    match if_match {
        IfMatch::Absent => assert_eq!(actual.get("headers"), None, "{actual:#}"),
        IfMatch::Imported => assert_eq!(header, Some(DOC_ETAG), "{actual:#}"),
        IfMatch::ReadFirst => assert_eq!(header, Some(ETAG_UNKNOWN), "{actual:#}"),
    }
}

fn history(file: &Path) -> Vec<Value> {
    serde_json::from_str(&ok(&["history", file.to_str().unwrap(), "--json"])).unwrap()
}
