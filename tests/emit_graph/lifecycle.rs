//! A relationship's life in Graph: terminate, auto-extension, drafts edited, deleted and locked, Global Administrator removed.

use super::*;

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
