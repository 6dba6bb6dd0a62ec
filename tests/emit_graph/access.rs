//! Access assignments: created and deleted as Graph documents, and Global Administrator taken from them first.

use super::*;

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
