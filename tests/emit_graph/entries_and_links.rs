//! What an audit entry emits, what an import already covered, and the reseller links Partner Center documents.

use super::*;
use crate::indirect::two_tier_workspace;

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
