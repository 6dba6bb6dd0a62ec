//! Plans made in partnerdesk that come back in Microsoft's exports: a GDAP relationship invited
//! here, emitted, and then imported as Graph returns it is linked (one relationship, Microsoft's
//! id and facts, a history entry naming the import), a reseller invitation accepted in Partner
//! Center is accepted here, and Microsoft's ids are kept and matched first. The Graph page is
//! made by the test from the create request `emit --json` prints, as Graph answers it.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::binary::{ok, partnerdesk};
use serde_json::{Value, json};

const NOW: &str = "2026-11-24T10:00:00Z";
const LATER: &str = "2026-11-26T10:00:00Z";
const NAME: &str = "Litware helpdesk";
const GRAPH_ID: &str = "5d2c8a1e-1111-4a4b-9c9c-aaaaaaaaaaaa-7aa1caa0-66de-4e96-8867-119277832f1d";
/// Directory Readers: not among the Helpdesk template's roles.
const GLOBAL_READER: &str = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";
const GLOBAL_ADMIN: &str = "62e90394-69f5-4237-9190-012177145e10";

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The demo, with a GDAP relationship named `NAME` invited by Relecloud for Litware.
fn planned(dir: &Path) -> PathBuf {
    let file = dir.join("ws.json");
    ok(&["demo", "-o", s(&file), "--now", NOW]);
    ok(&[
        "invite",
        s(&file),
        "--as",
        "partner:relecloud",
        "--customer",
        "litware",
        "--template",
        "Helpdesk",
        "--days",
        "365",
        "--name",
        NAME,
        "--now",
        NOW,
    ]);
    file
}

fn json_of(args: &[&str]) -> Value {
    serde_json::from_str(&ok(args)).unwrap()
}

fn named(file: &Path, kind: &str, name: &str) -> Vec<Value> {
    json_of(&["list", s(file), kind, "--json"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["name"] == name)
        .cloned()
        .collect()
}

/// The relationship object Graph returns for the create request `emit --json` printed for
/// `id`: Microsoft's id, `status`, dates; `change` edits it as Microsoft's record differs.
fn as_graph_returns(file: &Path, id: &str, status: &str, change: impl Fn(&mut Value)) -> Value {
    let emitted = json_of(&["emit", s(file), id, "--json"]);
    let create = &emitted["requests"][0];
    assert_eq!(create["method"], "POST", "{emitted}");
    let mut object = create["body"].clone();
    let fields = object.as_object_mut().unwrap();
    fields.insert("@odata.etag".into(), json!("W/\"JyIxIic=\""));
    fields.insert("id".into(), json!(GRAPH_ID));
    fields.insert("status".into(), json!(status));
    fields.insert("createdDateTime".into(), json!("2026-11-24T10:05:00Z"));
    fields.insert("lastModifiedDateTime".into(), json!("2026-11-25T08:00:00Z"));
    if status == "active" {
        fields.insert("activatedDateTime".into(), json!("2026-11-25T08:00:00Z"));
        fields.insert("endDateTime".into(), json!("2027-11-25T08:00:00Z"));
    }
    change(&mut object);
    object
}

fn page(dir: &Path, name: &str, items: Vec<Value>) -> PathBuf {
    let path = dir.join(name);
    let page = json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#tenantRelationships/delegatedAdminRelationships",
        "value": items,
    });
    std::fs::write(&path, serde_json::to_vec_pretty(&page).unwrap()).unwrap();
    path
}

fn import(file: &Path, pages: &[&Path], extra: &[&str]) -> String {
    let mut args = vec![
        "import",
        s(file),
        "--as",
        "partner:relecloud",
        "--now",
        LATER,
    ];
    args.extend_from_slice(extra);
    args.extend(pages.iter().map(|p| s(p)));
    ok(&args)
}

#[test]
fn an_invited_gdap_relationship_imported_as_graph_returns_it_is_linked_once_and_reimport_changes_no_byte()
 {
    let dir = tempfile::tempdir().unwrap();
    let file = planned(dir.path());
    let before = named(&file, "relationships", NAME);
    assert_eq!(before.len(), 1, "{before:?}");
    let planned_id = before[0]["id"].as_str().unwrap().to_string();
    let object = as_graph_returns(&file, &planned_id, "active", |_| {});
    let page = page(dir.path(), "relationships.json", vec![object]);

    import(&file, &[&page], &[]);

    let after = named(&file, "relationships", NAME);
    assert_eq!(
        after.len(),
        1,
        "exactly one relationship named {NAME}: {after:?}"
    );
    let r = &after[0];
    assert_eq!(
        r["id"],
        planned_id.as_str(),
        "the plan keeps its workspace id"
    );
    assert_eq!(r["externalId"], GRAPH_ID);
    assert_eq!(r["status"], "active");
    assert_eq!(r["startDateTime"], "2026-11-25T08:00:00Z");
    let shown = json_of(&["show", s(&file), &planned_id, "--json"]);
    let last = shown["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["status"], "active", "{shown}");
    assert_eq!(
        last["note"],
        format!("confirmed by import of {}", page.display()),
        "{shown}"
    );
    let invitation = shown["invitationId"].as_str().unwrap();
    let inv = json_of(&["show", s(&file), invitation, "--json"]);
    assert_eq!(inv["status"], "accepted", "the customer approved it: {inv}");
    ok(&["check", s(&file)]);

    let bytes = std::fs::read(&file).unwrap();
    import(&file, &[&page], &[]);
    assert_eq!(
        std::fs::read(&file).unwrap(),
        bytes,
        "importing it again changes no byte"
    );
}

#[test]
fn where_the_plan_and_microsoft_differ_microsofts_roles_and_duration_win_and_the_difference_is_kept()
 {
    let dir = tempfile::tempdir().unwrap();
    let file = planned(dir.path());
    let planned_id = named(&file, "relationships", NAME)[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let object = as_graph_returns(&file, &planned_id, "active", |o| {
        o["duration"] = json!("P180D");
        o["accessDetails"]["unifiedRoles"] = json!([{ "roleDefinitionId": GLOBAL_READER }]);
    });
    let page = page(dir.path(), "relationships.json", vec![object]);

    let summary: Value = serde_json::from_str(&import(&file, &[&page], &["--json"])).unwrap();

    let r = json_of(&["show", s(&file), &planned_id, "--json"]);
    assert_eq!(r["gdap"]["duration"], "P180D", "{r}");
    let roles: Vec<&str> = r["gdap"]["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|role| role["id"].as_str().unwrap())
        .collect();
    assert_eq!(roles, [GLOBAL_READER]);
    let note = r["history"].as_array().unwrap().last().unwrap()["note"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(note.contains("roles: planned"), "{note}");
    assert!(
        note.contains("duration: planned P365D, Microsoft has P180D"),
        "{note}"
    );
    let linked = summary["linked"].as_array().unwrap();
    assert_eq!(linked.len(), 1, "{summary}");
    assert_eq!(linked[0]["id"], planned_id.as_str());
    assert_eq!(linked[0]["externalId"], GRAPH_ID);
    assert_eq!(linked[0]["differences"].as_array().unwrap().len(), 2);
    ok(&["check", s(&file)]);
}

#[test]
fn a_confirmed_relationship_that_breaks_a_rule_is_left_out_with_its_rule_and_the_plan_stays() {
    let dir = tempfile::tempdir().unwrap();
    let file = planned(dir.path());
    let planned_id = named(&file, "relationships", NAME)[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    // GD2: Global Administrator cannot be auto-extended.
    let object = as_graph_returns(&file, &planned_id, "active", |o| {
        o["autoExtendDuration"] = json!("P180D");
        o["accessDetails"]["unifiedRoles"] = json!([{ "roleDefinitionId": GLOBAL_ADMIN }]);
    });
    let page = page(dir.path(), "relationships.json", vec![object]);

    let summary: Value = serde_json::from_str(&import(&file, &[&page], &["--json"])).unwrap();

    let left_out = summary["leftOut"].as_array().unwrap();
    assert_eq!(left_out.len(), 1, "{summary}");
    assert_eq!(left_out[0]["rule"], "GD2", "{summary}");
    let r = &named(&file, "relationships", NAME)[0];
    assert_eq!(
        r["status"], "approvalPending",
        "the plan stays as it was: {r}"
    );
    assert_eq!(r["externalId"], Value::Null);
}

#[test]
fn a_reseller_invitation_accepted_in_partner_center_is_accepted_by_the_import() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ws.json");
    ok(&["demo", "-o", s(&file), "--now", NOW]);
    ok(&[
        "invite",
        s(&file),
        "--as",
        "partner:relecloud",
        "--customer",
        "alpine-ski",
        "--reseller",
        "--now",
        NOW,
    ]);
    let pending: Vec<Value> = json_of(&["list", s(&file), "invitations", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| {
            i["customerId"] == "alpine-ski"
                && i["partnerId"] == "relecloud"
                && i["status"] == "pending"
        })
        .cloned()
        .collect();
    assert_eq!(pending.len(), 1, "{pending:?}");
    let invitation = pending[0]["id"].as_str().unwrap();
    let customers = dir.path().join("customers.json");
    let tenant = "44e767f7-43bb-4898-ac59-157196f119be";
    std::fs::write(
        &customers,
        json!({
            "totalCount": 1,
            "items": [{
                "id": tenant,
                "companyProfile": {"tenantId": tenant, "domain": "alpineskihouse.onmicrosoft.com", "companyName": "Alpine Ski House"},
                "relationshipToPartner": "reseller",
                "attributes": {"objectType": "Customer"}
            }],
            "attributes": {"objectType": "Collection"}
        })
        .to_string(),
    )
    .unwrap();

    let summary: Value = serde_json::from_str(&import(&file, &[&customers], &["--json"])).unwrap();

    let inv = json_of(&["show", s(&file), invitation, "--json"]);
    assert_eq!(inv["status"], "accepted", "{inv}");
    let resold: Vec<Value> = json_of(&["list", s(&file), "relationships", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            r["customerId"] == "alpine-ski"
                && r["partnerId"] == "relecloud"
                && r["kind"] == "reseller"
        })
        .cloned()
        .collect();
    assert_eq!(resold.len(), 1, "{resold:?}");
    let r = json_of(&[
        "show",
        s(&file),
        resold[0]["id"].as_str().unwrap(),
        "--json",
    ]);
    assert_eq!(r["invitationId"], invitation, "{r}");
    let linked = summary["linked"].as_array().unwrap();
    assert!(
        linked
            .iter()
            .any(|l| l["kind"] == "invitation" && l["id"] == invitation),
        "{summary}"
    );
    ok(&["check", s(&file)]);
}

#[test]
fn a_reimport_matches_by_microsofts_id_before_the_workspace_id() {
    let dir = tempfile::tempdir().unwrap();
    let file = planned(dir.path());
    let planned_id = named(&file, "relationships", NAME)[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let object = as_graph_returns(&file, &planned_id, "active", |_| {});
    let first = page(dir.path(), "first.json", vec![object.clone()]);
    import(&file, &[&first], &[]);
    // Renamed in Graph: the name no longer says which plan it is; Microsoft's id still does.
    let mut renamed = object;
    renamed["displayName"] = json!("Litware helpdesk (renamed)");
    renamed["lastModifiedDateTime"] = json!("2026-11-25T09:00:00Z");
    let second = page(dir.path(), "second.json", vec![renamed]);
    import(&file, &[&second], &[]);

    let r = json_of(&["show", s(&file), &planned_id, "--json"]);
    assert_eq!(
        r["gdap"]["displayName"], "Litware helpdesk (renamed)",
        "{r}"
    );
    assert!(
        named(&file, "relationships", "Litware helpdesk (renamed)").len() == 1,
        "no second relationship was added"
    );
    let out = partnerdesk(&["show", s(&file), GRAPH_ID]);
    assert!(
        !out.status.success(),
        "no record has Microsoft's id as its workspace id"
    );
}

#[test]
fn a_linked_relationship_is_emitted_by_microsofts_id_and_never_created_again() {
    let dir = tempfile::tempdir().unwrap();
    let file = planned(dir.path());
    let planned_id = named(&file, "relationships", NAME)[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let object = as_graph_returns(&file, &planned_id, "active", |_| {});
    let page = page(dir.path(), "relationships.json", vec![object]);
    import(&file, &[&page], &[]);
    ok(&[
        "auto-extend",
        s(&file),
        &planned_id,
        "on",
        "--as",
        "partner:relecloud",
        "--now",
        LATER,
    ]);

    let emitted = json_of(&["emit", s(&file), &planned_id, "--json"]);
    let requests = emitted["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 1, "{emitted}");
    assert_eq!(requests[0]["method"], "PATCH", "{emitted}");
    assert!(
        requests[0]["url"].as_str().unwrap().ends_with(GRAPH_ID),
        "{emitted}"
    );
}
