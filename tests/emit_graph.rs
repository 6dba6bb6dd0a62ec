//! `partnerdesk emit` on workspaces built with the command line: each change recorded on a GDAP
//! relationship comes out as the Microsoft Graph v1.0 request Microsoft documents for it. The
//! expected requests are written here as data, copied from the examples of the Graph reference
//! (learn.microsoft.com/graph/api/…, v1.0) with their ids substituted, and compared field by
//! field: method, URL, body and `If-Match`. The reseller links are compared with the form the
//! Partner Center API documents.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

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

#[test]
fn terminating_a_relationship_is_a_terminate_request_without_if_match() {
    let dir = tempfile::tempdir().unwrap();
    let file = graph_workspace(dir.path());
    change(&file, "terminate", &[SERVICE_DESK], ME, 1);
    let emitted = emitted(&file, SERVICE_DESK);
    let requests = requests(&emitted);
    assert_eq!(requests.len(), 1, "{emitted:#}");
    // "Create requests": POST …/{id}/requests; its headers are Authorization and Content-Type.
    assert_request(
        &requests[0],
        "POST",
        &format!("{GRAPH}/{SERVICE_DESK}/requests"),
        Some(json!({ "action": "terminate" })),
        IfMatch::Absent,
    );
    assert_eq!(emitted["approvalLink"], Value::Null);
}

#[test]
fn auto_extension_on_and_off_are_patches_with_if_match() {
    let dir = tempfile::tempdir().unwrap();
    let file = graph_workspace(dir.path());
    change(&file, "auto-extend", &[SERVICE_DESK, "on"], ME, 1);
    change(&file, "auto-extend", &[SERVICE_DESK, "off"], ME, 2);
    let emitted = emitted(&file, SERVICE_DESK);
    let requests = requests(&emitted);
    assert_eq!(requests.len(), 2, "{emitted:#}");
    let url = format!("{GRAPH}/{SERVICE_DESK}");
    assert_request(
        &requests[0],
        "PATCH",
        &url,
        Some(json!({ "autoExtendDuration": "P180D" })),
        IfMatch::Imported,
    );
    assert_request(
        &requests[1],
        "PATCH",
        &url,
        Some(json!({ "autoExtendDuration": "PT0S" })),
        IfMatch::ReadFirst,
    );
    let notes = emitted["notes"].to_string();
    assert!(
        notes.contains("@odata.etag") && notes.contains(&url),
        "{notes}"
    );

    let az = ok(&["emit", file.to_str().unwrap(), SERVICE_DESK]);
    // The first change sends the ETag the import kept; the second reads the new one first.
    assert!(
        az.contains(&format!(
            "az rest --method patch --url \"{url}\" --headers 'Content-Type=application/json' 'If-Match={DOC_ETAG}' --body '{{\"autoExtendDuration\":\"P180D\"}}'"
        )),
        "{az}"
    );
    assert!(
        az.contains(&format!(
            "ETAG=$(az rest --method get --url \"{url}\" --query '\"@odata.etag\"' --output tsv)"
        )),
        "{az}"
    );
    assert!(
        az.contains(&format!(
            "az rest --method patch --url \"{url}\" --headers 'Content-Type=application/json' \"If-Match=$ETAG\" --body '{{\"autoExtendDuration\":\"PT0S\"}}'"
        )),
        "{az}"
    );
    let pwsh = ok(&[
        "emit",
        file.to_str().unwrap(),
        SERVICE_DESK,
        "--format",
        "pwsh",
    ]);
    assert!(
        pwsh.contains(&format!(
            "Invoke-MgGraphRequest -Method PATCH -Uri \"{url}\" -Body $body -ContentType 'application/json' -Headers @{{ 'If-Match' = $etag }}"
        )),
        "{pwsh}"
    );
}

#[test]
fn deleting_a_draft_in_graph_is_a_delete_with_if_match_and_no_body() {
    let dir = tempfile::tempdir().unwrap();
    let file = graph_workspace(dir.path());
    change(&file, "revoke", &[DRAFT_TO_DELETE], ME, 1);
    let emitted = emitted(&file, DRAFT_TO_DELETE);
    let requests = requests(&emitted);
    assert_eq!(requests.len(), 1, "{emitted:#}");
    // "Delete delegatedAdminRelationship": DELETE …/{id} with If-Match and no request body.
    assert_request(
        &requests[0],
        "DELETE",
        &format!("{GRAPH}/{DRAFT_TO_DELETE}"),
        None,
        IfMatch::Imported,
    );
}

#[test]
fn a_draft_deleted_before_it_reached_graph_emits_only_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let file = graph_workspace(dir.path());
    let f = file.to_str().unwrap();
    change(
        &file,
        "invite",
        &[
            "--customer",
            "fabrikam-service-desk-customer",
            "--roles",
            "Helpdesk Administrator",
            "--days",
            "90",
            "--draft",
        ],
        ME,
        1,
    );
    let drafted: Vec<Value> =
        serde_json::from_str(&ok(&["list", f, "relationships", "--json"])).unwrap();
    let draft = drafted
        .iter()
        .find(|r| r["status"] == "created" && r["id"].as_str().unwrap().starts_with("rel-"))
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    change(&file, "revoke", &[&draft], ME, 2);
    let emitted = emitted(&file, &draft);
    assert!(requests(&emitted).is_empty(), "{emitted:#}");
    assert_eq!(emitted["approvalLink"], Value::Null);
    let notes = emitted["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 1, "{emitted:#}");
    assert!(
        notes[0]
            .as_str()
            .unwrap()
            .contains("deleted before it reached Microsoft Graph")
    );
}

#[test]
fn editing_a_draft_in_graph_patches_only_the_fields_that_changed() {
    let dir = tempfile::tempdir().unwrap();
    let file = graph_workspace(dir.path());
    let doc = doc_update_body();
    change(
        &file,
        "edit-draft",
        &[
            DRAFT,
            "--name",
            "Updated Contoso admin relationship",
            "--days",
            "31",
        ],
        ME,
        1,
    );
    // The same name again, with the roles and auto-extension of the documented body.
    let roles: Vec<&str> = doc["accessDetails"]["unifiedRoles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["roleDefinitionId"].as_str().unwrap())
        .collect();
    let roles = roles.join(",");
    change(
        &file,
        "edit-draft",
        &[
            DRAFT,
            "--name",
            "Updated Contoso admin relationship",
            "--roles",
            &roles,
            "--auto-extend",
            "on",
        ],
        ME,
        2,
    );
    let emitted = emitted(&file, DRAFT);
    let requests = requests(&emitted);
    assert_eq!(requests.len(), 2, "{emitted:#}");
    let url = format!("{GRAPH}/{DRAFT}");
    assert_request(
        &requests[0],
        "PATCH",
        &url,
        Some(doc_fields(&doc, &["displayName", "duration"])),
        IfMatch::Imported,
    );
    assert_request(
        &requests[1],
        "PATCH",
        &url,
        Some(doc_fields(&doc, &["accessDetails", "autoExtendDuration"])),
        IfMatch::ReadFirst,
    );
}

#[test]
fn locking_a_draft_in_graph_posts_lock_for_approval_then_gives_the_approval_link() {
    let dir = tempfile::tempdir().unwrap();
    let file = graph_workspace(dir.path());
    change(&file, "lock", &[DRAFT], ME, 1);
    let emitted = emitted(&file, DRAFT);
    let requests = requests(&emitted);
    assert_eq!(requests.len(), 1, "{emitted:#}");
    // "Create requests", its example: {"action": "lockForApproval"} on the same relationship.
    assert_request(
        &requests[0],
        "POST",
        &format!("{GRAPH}/{DRAFT}/requests"),
        Some(json!({ "action": "lockForApproval" })),
        IfMatch::Absent,
    );
    assert_eq!(
        emitted["approvalLink"],
        format!(
            "https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/{DRAFT}"
        )
    );
}

#[test]
fn removing_global_administrator_patches_the_remaining_roles_with_if_match() {
    let dir = tempfile::tempdir().unwrap();
    let file = graph_workspace(dir.path());
    change(&file, "remove-global-admin", &[ACTIVE], ME, 1);
    let emitted = emitted(&file, ACTIVE);
    let requests = requests(&emitted);
    assert_eq!(requests.len(), 1, "{emitted:#}");
    // The relationship keeps the four roles of the accessAssignments example.
    let remaining = doc_create_assignment_body()["accessDetails"].clone();
    assert_request(
        &requests[0],
        "PATCH",
        &format!("{GRAPH}/{ACTIVE}"),
        Some(json!({ "accessDetails": remaining })),
        IfMatch::Imported,
    );
}

/// "Update delegatedAdminAccessAssignment", the request body of its example.
fn doc_update_assignment_body() -> Value {
    json!({
      "accessDetails": {
        "unifiedRoles": [
          { "roleDefinitionId": "88d8e3e3-8f55-4a1e-953a-9b9898b8876b" },
          { "roleDefinitionId": "44367163-eba1-44c3-98af-f5787879f96a" },
          { "roleDefinitionId": "729827e3-9c14-49f7-bb1b-9608f156bbb8" }
        ]
      }
    })
}

#[test]
fn removing_global_administrator_first_takes_it_from_the_access_assignments_that_gave_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = graph_workspace(dir.path());
    let group = "869713c9-0b28-4d08-8949-ae07ae1bf528";
    let roles = [
        GLOBAL_ADMIN,
        DIRECTORY_READERS,
        DYNAMICS_ADMIN,
        HELPDESK_ADMIN,
    ]
    .join(",");
    change(
        &file,
        "assign",
        &[WITH_GLOBAL_ADMIN, "--group", group, "--roles", &roles],
        ME,
        1,
    );
    change(&file, "remove-global-admin", &[WITH_GLOBAL_ADMIN], ME, 2);
    let emitted = emitted(&file, WITH_GLOBAL_ADMIN);
    let requests = requests(&emitted);
    assert_eq!(requests.len(), 3, "{emitted:#}");
    assert_eq!(requests[0]["method"], "POST");
    // The assignment Graph gives an id to when the first request creates it.
    let assignment = requests[1]["url"].as_str().unwrap();
    assert!(
        assignment.starts_with(&format!(
            "{GRAPH}/{WITH_GLOBAL_ADMIN}/accessAssignments/{{accessAssignmentId:"
        )),
        "{assignment}"
    );
    assert_request(
        &requests[1],
        "PATCH",
        assignment,
        Some(doc_update_assignment_body()),
        IfMatch::ReadFirst,
    );
    assert_request(
        &requests[2],
        "PATCH",
        &format!("{GRAPH}/{WITH_GLOBAL_ADMIN}"),
        Some(doc_update_assignment_body()),
        IfMatch::Imported,
    );
}

#[test]
fn access_assignments_are_created_and_deleted_as_graph_documents() {
    let dir = tempfile::tempdir().unwrap();
    let file = graph_workspace(dir.path());
    change(&file, "unassign", &[ASSIGNMENT], ME, 1);
    let doc = doc_create_assignment_body();
    let roles: Vec<&str> = doc["accessDetails"]["unifiedRoles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["roleDefinitionId"].as_str().unwrap())
        .collect();
    let roles = roles.join(",");
    change(
        &file,
        "assign",
        &[
            ACTIVE,
            "--group",
            doc["accessContainer"]["accessContainerId"]
                .as_str()
                .unwrap(),
            "--roles",
            &roles,
        ],
        ME,
        2,
    );
    let emitted = emitted(&file, ACTIVE);
    let requests = requests(&emitted);
    assert_eq!(requests.len(), 2, "{emitted:#}");
    // "Delete delegatedAdminAccessAssignment": DELETE with If-Match, no body.
    assert_request(
        &requests[0],
        "DELETE",
        &format!("{GRAPH}/{ACTIVE}/accessAssignments/{ASSIGNMENT}"),
        None,
        IfMatch::Imported,
    );
    // "Create accessAssignments": POST with the example's body, no If-Match.
    assert_request(
        &requests[1],
        "POST",
        &format!("{GRAPH}/{ACTIVE}/accessAssignments"),
        Some(doc),
        IfMatch::Absent,
    );
}

/// An indirect provider, its reseller and a customer, added by the operator.
fn two_tier_workspace(dir: &Path) -> PathBuf {
    let file = dir.join("two-tier.json");
    std::fs::write(
        &file,
        r#"{"format":"partnerdesk-workspace","version":2,"name":"two tier"}"#,
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let op = ["--as", "operator", "--now", "2026-11-24T09:00:00Z"];
    ok(&[
        &["add-partner", f][..],
        &op,
        &[
            "--id",
            "tailspin",
            "--name",
            "Tailspin Distribution",
            "--partner-id",
            "4800001",
            "--tenant",
            "aaaaaaaa-0000-4000-8000-000000000001",
            "--billing",
            "indirect-provider",
        ],
    ]
    .concat());
    ok(&[
        &["add-partner", f][..],
        &op,
        &[
            "--id",
            "litware",
            "--name",
            "Litware Resellers",
            "--partner-id",
            "4800002",
            "--tenant",
            "aaaaaaaa-0000-4000-8000-000000000002",
            "--billing",
            "indirect-reseller",
            "--providers",
            "tailspin",
        ],
    ]
    .concat());
    ok(&[
        &["add-partner", f][..],
        &op,
        &[
            "--id",
            "contoso",
            "--name",
            "Contoso IT",
            "--partner-id",
            "4800003",
            "--tenant",
            "aaaaaaaa-0000-4000-8000-000000000003",
            "--billing",
            "direct-bill",
        ],
    ]
    .concat());
    for (id, tenant) in [
        ("northwind", "bbbbbbbb-0000-4000-8000-000000000001"),
        ("adatum", "bbbbbbbb-0000-4000-8000-000000000002"),
    ] {
        let domain = format!("{id}.onmicrosoft.com");
        ok(&[
            &["add-customer", f][..],
            &op,
            &[
                "--id",
                id,
                "--name",
                id,
                "--domain",
                &domain,
                "--country",
                "US",
                "--tenant",
                tenant,
            ],
        ]
        .concat());
    }
    file
}

/// The GDAP relationship Tailspin makes for Litware with `customer`.
fn for_reseller(file: &Path, customer: &str, minute: u32) -> String {
    change(
        file,
        "invite",
        &[
            "--customer",
            customer,
            "--roles",
            "Helpdesk Administrator",
            "--days",
            "90",
            "--for-reseller",
            "litware",
        ],
        "partner:tailspin",
        minute,
    );
    let all: Vec<Value> = serde_json::from_str(&ok(&[
        "list",
        file.to_str().unwrap(),
        "relationships",
        "--json",
    ]))
    .unwrap();
    all.iter().find(|r| r["customerId"] == customer).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn the_indirect_reseller_approves_or_rejects_its_providers_relationship_itself() {
    let dir = tempfile::tempdir().unwrap();
    let file = two_tier_workspace(dir.path());
    let approved = for_reseller(&file, "northwind", 1);
    let rejected = for_reseller(&file, "adatum", 2);
    change(
        &file,
        "reseller-approve",
        &[&approved],
        "partner:litware",
        3,
    );
    change(&file, "reseller-reject", &[&rejected], "partner:litware", 4);
    // Partner Center creates the provider's relationship for the reseller; Graph names it by the
    // id it gives, which the requests stand in for.
    let id = "{delegatedAdminRelationshipId}";
    for (relationship, action) in [(&approved, "approve"), (&rejected, "reject")] {
        let emitted = emitted(&file, relationship);
        let requests = requests(&emitted);
        assert_eq!(requests.len(), 1, "{emitted:#}");
        // "Create requests": an indirect reseller approves or rejects with action approve/reject.
        assert_request(
            &requests[0],
            "POST",
            &format!("{GRAPH}/{id}/requests"),
            Some(json!({ "action": action })),
            IfMatch::Absent,
        );
    }
    // The customer approves after the reseller; a rejected request has no approval link.
    assert!(
        emitted(&file, &approved)["approvalLink"]
            .as_str()
            .unwrap()
            .ends_with(&format!("granularAdminRelationships/{id}"))
    );
    assert_eq!(emitted(&file, &rejected)["approvalLink"], Value::Null);
    let script = ok(&["emit", file.to_str().unwrap(), &approved]);
    assert!(script.contains("Litware Resellers"), "{script}");
    assert!(script.contains(": \"${REL_ID:?"), "{script}");
}

#[test]
fn a_new_relationship_is_created_with_its_edited_fields_then_locked_then_given_access() {
    let dir = tempfile::tempdir().unwrap();
    let file = two_tier_workspace(dir.path());
    let f = file.to_str().unwrap();
    change(
        &file,
        "invite",
        &[
            "--customer",
            "northwind",
            "--roles",
            "Helpdesk Administrator",
            "--days",
            "90",
            "--draft",
        ],
        "partner:contoso",
        1,
    );
    let rel = "rel-1";
    change(
        &file,
        "edit-draft",
        &[rel, "--name", "Contoso admin relationship", "--days", "730"],
        "partner:contoso",
        2,
    );
    change(&file, "auto-extend", &[rel, "on"], "partner:contoso", 3);
    change(&file, "lock", &[rel], "partner:contoso", 4);
    let invitations: Vec<Value> =
        serde_json::from_str(&ok(&["list", f, "invitations", "--json"])).unwrap();
    let invitation = invitations[0]["id"].as_str().unwrap().to_string();
    change(&file, "accept", &[&invitation], "customer:northwind", 5);
    change(
        &file,
        "assign",
        &[
            rel,
            "--group",
            "869713c9-0b28-4d08-8949-ae07ae1bf528",
            "--roles",
            HELPDESK_ADMIN,
        ],
        "partner:contoso",
        6,
    );
    let emitted = emitted(&file, rel);
    let requests = requests(&emitted);
    assert_eq!(requests.len(), 3, "{emitted:#}");
    // "Create delegatedAdminRelationship", its example's body with this draft's values.
    assert_request(
        &requests[0],
        "POST",
        GRAPH,
        Some(json!({
          "displayName": "Contoso admin relationship",
          "duration": "P730D",
          "customer": {
            "tenantId": "bbbbbbbb-0000-4000-8000-000000000001",
            "displayName": "northwind"
          },
          "accessDetails": {
            "unifiedRoles": [{ "roleDefinitionId": HELPDESK_ADMIN }]
          },
          "autoExtendDuration": "P180D"
        })),
        IfMatch::Absent,
    );
    let id = "{delegatedAdminRelationshipId}";
    assert_request(
        &requests[1],
        "POST",
        &format!("{GRAPH}/{id}/requests"),
        Some(json!({ "action": "lockForApproval" })),
        IfMatch::Absent,
    );
    assert_request(
        &requests[2],
        "POST",
        &format!("{GRAPH}/{id}/accessAssignments"),
        Some(json!({
          "accessContainer": {
            "accessContainerId": "869713c9-0b28-4d08-8949-ae07ae1bf528",
            "accessContainerType": "securityGroup"
          },
          "accessDetails": { "unifiedRoles": [{ "roleDefinitionId": HELPDESK_ADMIN }] }
        })),
        IfMatch::Absent,
    );
    // The script gives the customer the link after the lock and waits for the approval.
    let script = ok(&["emit", f, rel]);
    let link = script.find("granularAdminRelationships/$REL_ID").unwrap();
    let wait = script.find("once the customer has approved").unwrap();
    let assign = script.find("/accessAssignments").unwrap();
    assert!(link < wait && wait < assign, "{script}");
}

#[test]
fn an_audit_entry_emits_only_its_own_requests() {
    let dir = tempfile::tempdir().unwrap();
    let file = graph_workspace(dir.path());
    change(&file, "auto-extend", &[SERVICE_DESK, "on"], ME, 1);
    change(&file, "terminate", &[SERVICE_DESK], ME, 2);
    let seq = history(&file)
        .iter()
        .find(|e| e["action"]["type"] == "terminate")
        .unwrap()["seq"]
        .as_u64()
        .unwrap();
    let emitted = emitted(&file, &format!("audit:{seq}"));
    let requests = requests(&emitted);
    assert_eq!(requests.len(), 1, "{emitted:#}");
    assert_request(
        &requests[0],
        "POST",
        &format!("{GRAPH}/{SERVICE_DESK}/requests"),
        Some(json!({ "action": "terminate" })),
        IfMatch::Absent,
    );
    let out = partnerdesk(&["emit", file.to_str().unwrap(), "audit:999"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn changes_recorded_before_the_last_import_are_not_emitted_again() {
    let dir = tempfile::tempdir().unwrap();
    let file = graph_workspace(dir.path());
    change(&file, "auto-extend", &[SERVICE_DESK, "on"], ME, 1);
    assert_eq!(requests(&emitted(&file, SERVICE_DESK)).len(), 1);
    // Graph's state, read again, is what partnerdesk holds now.
    ok(&[
        "import",
        file.to_str().unwrap(),
        "--as",
        ME,
        "--now",
        "2026-11-24T12:00:00Z",
        dir.path().join("relationships.json").to_str().unwrap(),
    ]);
    let emitted = emitted(&file, SERVICE_DESK);
    assert!(requests(&emitted).is_empty(), "{emitted:#}");
}

#[test]
fn reseller_links_never_ask_for_dap_and_name_the_resellers_partner_id() {
    let dir = tempfile::tempdir().unwrap();
    let file = two_tier_workspace(dir.path());
    let f = file.to_str().unwrap();
    change(
        &file,
        "invite",
        &["--customer", "northwind", "--reseller"],
        "partner:contoso",
        1,
    );
    change(
        &file,
        "invite",
        &["--customer", "adatum", "--via", "tailspin"],
        "partner:litware",
        2,
    );
    let invitations: Vec<Value> =
        serde_json::from_str(&ok(&["list", f, "invitations", "--json"])).unwrap();
    let link = |partner: &str| {
        let id = invitations
            .iter()
            .find(|i| i["partnerId"] == partner)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        emitted(&file, &id)["approvalLink"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // The Partner Center API's example link ("Get relationship request link"), with
    // Contoso IT's tenant.
    assert_eq!(
        link("contoso"),
        "https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship&partnerId=aaaaaaaa-0000-4000-8000-000000000003&msppId=0&DAP=false#/BillingAccounts/partner-invitation"
    );
    let indirect = link("litware");
    assert!(
        indirect.starts_with("https://admin.microsoft.com/Adminportal/Home?invType=IndirectResellerRelationship&partnerId=aaaaaaaa-0000-4000-8000-000000000002&"),
        "{indirect}"
    );
    assert!(indirect.contains("&msppId=4800002&"), "{indirect}");
    assert!(
        indirect.contains("&indirectCSPId=aaaaaaaa-0000-4000-8000-000000000001"),
        "{indirect}"
    );
    for link in [link("contoso"), indirect] {
        assert!(!link.contains("DAP=true"), "{link}");
    }
}

#[test]
fn an_invitation_for_retired_dap_gets_the_plain_reseller_link_and_a_dp1_note() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("old.json");
    std::fs::write(
        &file,
        r#"{"format":"partnerdesk-workspace","version":2,"name":"old"}"#,
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let op = ["--as", "operator", "--now", "2023-10-01T09:00:00Z"];
    ok(&[
        &["add-partner", f][..],
        &op,
        &[
            "--id",
            "contoso",
            "--name",
            "Contoso IT",
            "--partner-id",
            "4800003",
            "--tenant",
            "aaaaaaaa-0000-4000-8000-000000000003",
            "--billing",
            "direct-bill",
        ],
    ]
    .concat());
    ok(&[
        &["add-customer", f][..],
        &op,
        &[
            "--id",
            "northwind",
            "--name",
            "Northwind",
            "--domain",
            "northwind.onmicrosoft.com",
            "--country",
            "US",
            "--tenant",
            "bbbbbbbb-0000-4000-8000-000000000001",
        ],
    ]
    .concat());
    // Asked for the day before DAP was retired (9 October 2023).
    ok(&[
        "invite",
        f,
        "--as",
        "partner:contoso",
        "--now",
        "2023-10-08T09:00:00Z",
        "--customer",
        "northwind",
        "--dap",
    ]);
    let invitations: Vec<Value> =
        serde_json::from_str(&ok(&["list", f, "invitations", "--json"])).unwrap();
    let emitted = emitted(&file, invitations[0]["id"].as_str().unwrap());
    assert_eq!(
        emitted["approvalLink"],
        "https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship&partnerId=aaaaaaaa-0000-4000-8000-000000000003&msppId=0&DAP=false#/BillingAccounts/partner-invitation"
    );
    assert!(emitted["notes"].to_string().contains("DP1"), "{emitted:#}");
}

// ---------------------------------------------------------------------------------------------
// Offboarding, and the ends of reseller and DAP relationships (Partner Center)

const PARTNER_CENTER: &str = "https://api.partnercenter.microsoft.com/v1";

/// The number of the last audit entry, as `emit audit:N` takes it.
fn last_entry(file: &Path) -> String {
    let entries = history(file);
    let seq = entries
        .iter()
        .map(|e| e["seq"].as_u64().unwrap())
        .max()
        .unwrap();
    format!("audit:{seq}")
}

fn offboard(file: &Path, partner: &str, customer: &str, minute: u32) {
    let now = format!("2026-11-24T11:{minute:02}:00Z");
    ok(&[
        "offboard",
        file.to_str().unwrap(),
        "--partner",
        partner,
        "--customer",
        customer,
        "--now",
        &now,
    ]);
}

#[test]
fn offboarding_deletes_the_access_assignments_first_then_terminates() {
    let dir = tempfile::tempdir().unwrap();
    let file = graph_workspace(dir.path());
    // ACTIVE's customer, named by its tenant id.
    offboard(
        &file,
        "contoso-partner",
        "4b827261-d21f-4aa9-b7db-7fa1f56fb163",
        1,
    );
    let entry = emitted(&file, &last_entry(&file));
    let requests = requests(&entry);
    assert_eq!(requests.len(), 2, "{entry:#}");
    // "Delete delegatedAdminAccessAssignment" with the ETag the export carried, then "Create
    // requests" with the terminate action.
    assert_request(
        &requests[0],
        "DELETE",
        &format!("{GRAPH}/{ACTIVE}/accessAssignments/{ASSIGNMENT}"),
        None,
        IfMatch::Imported,
    );
    // partnerdesk cannot tell whether Graph still had it: the scripts go on if it is gone.
    assert_eq!(requests[0]["ifStillThere"], true, "{entry:#}");
    assert_request(
        &requests[1],
        "POST",
        &format!("{GRAPH}/{ACTIVE}/requests"),
        Some(json!({ "action": "terminate" })),
        IfMatch::Absent,
    );
    let script = ok(&["emit", file.to_str().unwrap(), &last_entry(&file)]);
    assert!(
        script.contains("if ! {\naz rest --method delete")
            && script.contains("then echo 'request 1 failed: it was already gone; going on'; fi"),
        "{script}"
    );
    let pwsh = ok(&[
        "emit",
        file.to_str().unwrap(),
        &last_entry(&file),
        "--shell",
        "pwsh",
    ]);
    assert!(
        pwsh.contains("try {\nInvoke-MgGraphRequest -Method DELETE"),
        "{pwsh}"
    );
    // The relationship's own requests are the same: the offboarding is among its changes.
    let whole = emitted(&file, ACTIVE);
    assert_eq!(crate::requests(&whole), requests);
}

#[test]
fn offboarding_a_draft_deletes_it_with_if_match() {
    let dir = tempfile::tempdir().unwrap();
    let file = graph_workspace(dir.path());
    offboard(
        &file,
        "contoso-partner",
        "c1d2e3f4-0000-4000-8000-000000000001",
        1,
    );
    let entry = emitted(&file, &last_entry(&file));
    let requests = requests(&entry);
    assert_eq!(requests.len(), 1, "{entry:#}");
    assert_request(
        &requests[0],
        "DELETE",
        &format!("{GRAPH}/{DRAFT_TO_DELETE}"),
        None,
        IfMatch::Imported,
    );
}

fn demo_file(dir: &Path) -> PathBuf {
    let file = dir.join("demo.json");
    ok(&[
        "demo",
        "-o",
        file.to_str().unwrap(),
        "--now",
        "2026-11-24T10:00:00Z",
    ]);
    file
}

fn tenant_of(file: &Path, customer: &str) -> String {
    let shown: Value =
        serde_json::from_str(&ok(&["show", file.to_str().unwrap(), customer, "--json"])).unwrap();
    shown["tenantId"].as_str().unwrap().to_string()
}

#[test]
fn offboarding_ends_gdap_in_graph_and_the_reseller_relationship_in_partner_center() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo_file(dir.path());
    change(&file, "suspend", &["sub-1023"], "partner:relecloud", 1);
    offboard(&file, "relecloud", "fabrikam", 2);
    let entry = emitted(&file, &last_entry(&file));
    let requests = requests(&entry);
    assert_eq!(requests.len(), 2, "{entry:#}");
    assert_eq!(requests[0]["method"], "POST");
    assert_eq!(requests[0]["body"], json!({ "action": "terminate" }));
    // Partner Center, "Remove a reseller relationship with a customer": PATCH of the customer
    // with relationshipToPartner none; access (GDAP) goes first.
    assert_request(
        &requests[1],
        "PATCH",
        &format!(
            "{PARTNER_CENTER}/customers/{}",
            tenant_of(&file, "fabrikam")
        ),
        Some(
            json!({ "relationshipToPartner": "none", "attributes": { "objectType": "Customer" } }),
        ),
        IfMatch::Absent,
    );
    let script = ok(&["emit", file.to_str().unwrap(), &last_entry(&file)]);
    assert!(script.contains("--skip-authorization-header"), "{script}");
    assert!(
        script.contains("Authorization=Bearer $PARTNER_CENTER_TOKEN"),
        "{script}"
    );
    assert!(script.contains("${PARTNER_CENTER_TOKEN:?"), "{script}");
    let pwsh = ok(&[
        "emit",
        file.to_str().unwrap(),
        &last_entry(&file),
        "--shell",
        "pwsh",
    ]);
    assert!(
        pwsh.contains("Invoke-RestMethod -Method PATCH -Uri \"https://api.partnercenter.microsoft.com/v1/customers/"),
        "{pwsh}"
    );
}

#[test]
fn the_review_fix_that_ends_dap_emits_partner_centers_remove_dap_request() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo_file(dir.path());
    ok(&[
        "review",
        file.to_str().unwrap(),
        "--fix",
        "dap-active:rel-1018",
        "--now",
        "2026-11-24T11:00:00Z",
    ]);
    let entry = emitted(&file, &last_entry(&file));
    let requests = requests(&entry);
    assert_eq!(requests.len(), 1, "{entry:#}");
    // "Remove a delegated admin relationship": PATCH of the customer, AllowDelegatedAccess false.
    assert_request(
        &requests[0],
        "PATCH",
        &format!(
            "{PARTNER_CENTER}/customers/{}",
            tenant_of(&file, "northwind")
        ),
        Some(json!({ "allowDelegatedAccess": false, "attributes": { "objectType": "Customer" } })),
        IfMatch::Absent,
    );
    let whole = emitted(&file, "rel-1018");
    assert_eq!(crate::requests(&whole), requests);
}

#[test]
fn a_dap_relationship_the_customer_ended_emits_a_note_and_no_request() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo_file(dir.path());
    change(&file, "terminate", &["rel-1018"], "customer:northwind", 1);
    let entry = emitted(&file, "rel-1018");
    assert!(requests(&entry).is_empty(), "{entry:#}");
    assert!(
        entry["notes"][0]
            .as_str()
            .unwrap()
            .contains("nothing for the partner to send"),
        "{entry:#}"
    );
}

#[test]
fn every_fix_review_applies_to_the_demo_has_its_requests_or_says_why_not() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo_file(dir.path());
    let out = common::binary::partnerdesk(&[
        "review",
        file.to_str().unwrap(),
        "--fix-all",
        "--json",
        "--now",
        "2026-11-24T11:00:00Z",
    ]);
    let fixes: Value = serde_json::from_slice(&out.stdout).unwrap();
    let applied: Vec<&Value> = fixes["fixes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f.get("applied").is_some())
        .collect();
    assert!(applied.len() >= 3, "{fixes:#}");
    for fix in applied {
        let entries = fix["emit"].as_array().unwrap();
        assert!(!entries.is_empty(), "{fix:#}");
        for entry in entries {
            let emitted = emitted(&file, entry.as_str().unwrap());
            let said = !requests(&emitted).is_empty()
                || emitted["approvalLink"].is_string()
                || emitted
                    .get("notes")
                    .and_then(Value::as_array)
                    .is_some_and(|n| !n.is_empty());
            assert!(said, "{} emits nothing for {fix:#}", entry);
        }
    }
}
