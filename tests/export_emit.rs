//! `export` (CSV read back with a CSV reader, JSON with serde), `emit --json` for a GDAP
//! invitation made with `invite --roles` by name, and bulk `invite --customers-from`.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::binary::{ok, partnerdesk};
use serde_json::Value;

const NOW: &str = "2026-11-24T10:00:00Z";
/// DAP was retired on 9 October 2023 (DP1): DAP exists only in history from before.
const BEFORE_DAP_RETIRED: &str = "2023-06-01T10:00:00Z";
const MASTER_DATA_ADDED: &str = "2023-01-02T10:00:00Z";

/// Two partners, three customers (one itself a CSP partner), built through the CLI.
fn workspace(dir: &Path) -> PathBuf {
    let file = dir.join("w.json");
    let f = file.to_str().unwrap();
    std::fs::write(
        &file,
        r#"{"format":"partnerdesk-workspace","version":1,"name":"t"}"#,
    )
    .unwrap();
    // Master data from before DAP's retirement, so a test may record DAP history (TM1: time
    // only moves forward).
    let op = ["--as", "operator", "--now", MASTER_DATA_ADDED];
    ok(&[
        &["add-partner", f],
        &op[..],
        &[
            "--id",
            "contoso",
            "--name",
            "Contoso, \"Cloud\"",
            "--partner-id",
            "1234567",
            "--tenant",
            "11111111-1111-1111-1111-111111111111",
            "--billing",
            "direct-bill",
        ],
    ]
    .concat());
    ok(&[
        &["add-partner", f],
        &op[..],
        &[
            "--id",
            "adatum",
            "--name",
            "Adatum",
            "--partner-id",
            "7654321",
            "--tenant",
            "44444444-1111-1111-1111-111111111111",
            "--billing",
            "direct-bill",
        ],
    ]
    .concat());
    for (id, tenant, extra) in [
        ("fabrikam", "22222222-2222-2222-2222-222222222222", None),
        ("northwind", "55555555-2222-2222-2222-222222222222", None),
        (
            "litware",
            "33333333-2222-2222-2222-222222222222",
            Some("--csp-partner"),
        ),
    ] {
        let domain = format!("{id}.onmicrosoft.com");
        let mut args = vec![
            "add-customer",
            f,
            "--as",
            "operator",
            "--now",
            MASTER_DATA_ADDED,
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
        ];
        args.extend(extra);
        ok(&args);
    }
    file
}

/// The pending invitation to `customer` (ids come from one serial shared by every kind).
fn pending(f: &str, customer: &str) -> String {
    let all: Vec<Value> = serde_json::from_str(&ok(&["list", f, "invitations", "--json"])).unwrap();
    let found = all
        .iter()
        .find(|i| i["customerId"] == customer && i["status"] == "pending")
        .expect("a pending invitation");
    found["id"].as_str().unwrap().to_string()
}

#[test]
fn export_mapping_csv_has_one_row_per_customer_and_partner() {
    let dir = tempfile::tempdir().unwrap();
    let file = workspace(dir.path());
    let f = file.to_str().unwrap();
    // The seed's reseller + DAP workflow, as history from before DAP's retirement (DP1).
    ok(&[
        "invite",
        f,
        "--as",
        "partner:contoso",
        "--now",
        BEFORE_DAP_RETIRED,
        "--customer",
        "fabrikam",
        "--dap",
    ]);
    ok(&[
        "accept",
        f,
        &pending(f, "fabrikam"),
        "--as",
        "customer:fabrikam",
        "--now",
        BEFORE_DAP_RETIRED,
    ]);
    ok(&[
        "invite",
        f,
        "--as",
        "partner:contoso",
        "--now",
        NOW,
        "--customer",
        "fabrikam",
        "--template",
        "Helpdesk",
        "--days",
        "20",
    ]);
    ok(&[
        "accept",
        f,
        &pending(f, "fabrikam"),
        "--as",
        "customer:fabrikam",
        "--now",
        NOW,
    ]);
    ok(&[
        "invite",
        f,
        "--as",
        "partner:adatum",
        "--now",
        NOW,
        "--customer",
        "fabrikam",
    ]);
    ok(&[
        "accept",
        f,
        &pending(f, "fabrikam"),
        "--as",
        "customer:fabrikam",
        "--now",
        NOW,
    ]);
    let csv_text = ok(&["export", f, "mapping", "--format", "csv", "--now", NOW]);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "customer");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "{csv_text}");
    let contoso = rows.iter().find(|r| &r[3] == "1234567").unwrap();
    assert_eq!(&contoso[2], "Contoso, \"Cloud\"", "quoted per RFC 4180");
    assert_eq!(&contoso[1], "22222222-2222-2222-2222-222222222222");
    assert_eq!(&contoso[4], "reseller, delegatedAdmin, gdap");
    assert!(contoso[5].contains("Service Support Administrator"));
    assert_eq!(&contoso[7], "20");

    let out = dir.path().join("rels.json");
    ok(&[
        "export",
        f,
        "relationships",
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
        "--now",
        NOW,
    ]);
    let rels: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(rels.len(), 4);
    let expiring: Vec<Value> = serde_json::from_str(&ok(&[
        "export", f, "expiring", "--days", "30", "--format", "json", "--now", NOW,
    ]))
    .unwrap();
    assert_eq!(expiring.len(), 1);
    assert_eq!(expiring[0]["kind"], "gdap");
    let md = ok(&["export", f, "mapping", "--format", "md", "--now", NOW]);
    assert!(md.starts_with("| customer | customerTenantId |"));
}

#[test]
fn emit_json_names_the_exact_template_ids_of_roles_given_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let file = workspace(dir.path());
    let f = file.to_str().unwrap();
    ok(&[
        "invite",
        f,
        "--as",
        "partner:contoso",
        "--now",
        NOW,
        "--customer",
        "northwind",
        "--roles",
        "Helpdesk Administrator,user administrator,Directory Readers",
        "--days",
        "365",
    ]);
    let gdap = pending(f, "northwind");
    let emitted: Value = serde_json::from_str(&ok(&["emit", f, &gdap, "--json"])).unwrap();
    let requests = emitted["requests"].as_array().unwrap();
    assert_eq!(requests[0]["method"], "POST");
    assert_eq!(
        requests[0]["url"],
        "https://graph.microsoft.com/v1.0/tenantRelationships/delegatedAdminRelationships"
    );
    let body = &requests[0]["body"];
    let ids: Vec<&str> = body["accessDetails"]["unifiedRoles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["roleDefinitionId"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "729827e3-9c14-49f7-bb1b-9608f156bbb8",
            "fe930be7-5e62-47db-91af-98c3a49a38b1",
            "88d8e3e3-8f55-4a1e-953a-9b9898b8876b"
        ]
    );
    assert_eq!(body["duration"], "P365D");
    assert_eq!(
        body["customer"]["tenantId"],
        "55555555-2222-2222-2222-222222222222"
    );
    assert_eq!(body["autoExtendDuration"], "PT0S");
    assert_eq!(requests[1]["body"]["action"], "lockForApproval");
    assert!(requests[1]["url"].as_str().unwrap().ends_with("/requests"));
    assert!(emitted["approvalLink"].as_str().unwrap().starts_with("https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/"));
    let script = ok(&["emit", f, &gdap]);
    assert!(script.contains("az rest --method post") && script.contains("lockForApproval"));
    let pwsh = ok(&["emit", f, &gdap, "--format", "pwsh"]);
    assert!(pwsh.contains("Invoke-MgGraphRequest"));

    ok(&[
        "invite",
        f,
        "--as",
        "partner:contoso",
        "--now",
        NOW,
        "--customer",
        "fabrikam",
    ]);
    let link: Value =
        serde_json::from_str(&ok(&["emit", f, &pending(f, "fabrikam"), "--json"])).unwrap();
    assert!(link["requests"].as_array().unwrap().is_empty());
    let link = link["approvalLink"].as_str().unwrap();
    assert!(
        link.contains("invType=ResellerRelationship")
            && link.contains("partnerId=11111111-1111-1111-1111-111111111111")
            && link.contains("DAP=false")
            && !link.contains("DAP=true"),
        "{link}"
    );
}

#[test]
fn bulk_invite_invites_the_others_and_names_the_rule_of_the_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = workspace(dir.path());
    let f = file.to_str().unwrap();
    let list = dir.path().join("customers.csv");
    std::fs::write(&list, "note,tenantId\nfirst,22222222-2222-2222-2222-222222222222\nCSP,33333333-2222-2222-2222-222222222222\nby domain,NORTHWIND.onmicrosoft.com\n").unwrap();
    let before = std::fs::read(&file).unwrap();
    let out = partnerdesk(&[
        "invite",
        f,
        "--as",
        "partner:contoso",
        "--now",
        NOW,
        "--customers-from",
        list.to_str().unwrap(),
        "--all-or-nothing",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "--all-or-nothing applies none"
    );
    let out = partnerdesk(&[
        "invite",
        f,
        "--as",
        "partner:contoso",
        "--now",
        NOW,
        "--customers-from",
        list.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let summary: Value = serde_json::from_str(&String::from_utf8_lossy(&out.stdout)).unwrap();
    assert_eq!(summary["invited"].as_array().unwrap().len(), 2);
    let refused = summary["refused"].as_array().unwrap();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0]["rule"], "MP6");
    assert_eq!(refused[0]["customerId"], "litware");
    let invitations: Vec<Value> =
        serde_json::from_str(&ok(&["list", f, "invitations", "--json"])).unwrap();
    assert_eq!(invitations.len(), 2);
}
