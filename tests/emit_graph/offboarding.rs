//! Offboarding, and the ends of reseller and DAP relationships (Partner Center).

use super::*;

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
    // The demo's DAP and its relationship ending without auto-extend (its helpdesk
    // relationships hold no role with a path to the tenant's control: nothing to turn off).
    assert!(applied.len() >= 2, "{fixes:#}");
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
