//! Two-tier workspaces: an indirect reseller answers its provider's relationship; a new relationship made, locked and given access.

use super::*;

/// An indirect provider, its reseller and a customer, added by the operator.
pub(crate) fn two_tier_workspace(dir: &Path) -> PathBuf {
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
