//! Identifiers: tenants, Partner IDs, domains and their spelling (ID1–ID3), audit dates (TM1).

use super::*;

#[test]
fn add_customer_with_a_tenant_another_customer_has_is_refused_naming_id1() {
    let dir = tempfile::tempdir().unwrap();
    let file = scripted_workspace(dir.path());
    let f = file.to_str().unwrap();
    let err = refused_leaving_the_file(
        &file,
        &[
            "add-customer",
            f,
            "--as",
            "operator",
            "--now",
            NOW,
            "--id",
            "tailwind",
            "--name",
            "Tailwind Traders",
            "--domain",
            "tailwind.onmicrosoft.com",
            "--country",
            "nl",
            "--tenant",
            // Fabrikam's tenant.
            "22222222-2222-2222-2222-222222222222",
        ],
        "ID1",
    );
    assert!(err.contains("`fabrikam`"), "{err}");
}

#[test]
fn add_partner_with_a_taken_partner_id_is_refused_naming_id2() {
    let dir = tempfile::tempdir().unwrap();
    let file = scripted_workspace(dir.path());
    let f = file.to_str().unwrap();
    let err = refused_leaving_the_file(
        &file,
        &[
            "add-partner",
            f,
            "--as",
            "operator",
            "--now",
            NOW,
            "--id",
            "northwind",
            "--name",
            "Northwind IT",
            "--partner-id",
            "1234567",
            "--tenant",
            "66666666-1111-1111-1111-111111111111",
            "--billing",
            "direct-bill",
        ],
        "ID2",
    );
    assert!(
        err.contains("1234567") && err.contains("`contoso`"),
        "{err}"
    );
}

#[test]
fn add_customer_and_partner_store_identifiers_in_one_spelling_and_refuse_malformed_ones_naming_id3()
{
    let dir = tempfile::tempdir().unwrap();
    let file = scripted_workspace(dir.path());
    let f = file.to_str().unwrap();
    let customer = |tenant: &'static str, country: &'static str| {
        [
            "add-customer",
            f,
            "--as",
            "operator",
            "--now",
            NOW,
            "--id",
            "tailwind",
            "--name",
            "Tailwind Traders",
            "--domain",
            "tailwind.onmicrosoft.com",
            "--country",
            country,
            "--tenant",
            tenant,
        ]
    };
    refused_leaving_the_file(&file, &customer("not-a-guid", "NL"), "ID3");
    refused_leaving_the_file(
        &file,
        &customer("00000000-0000-0000-0000-000000000000", "NL"),
        "ID3",
    );
    refused_leaving_the_file(
        &file,
        &customer("66666666-2222-2222-2222-222222222222", "USA"),
        "ID3",
    );
    run_ok(&customer("66666666-2222-2222-2222-ABCDEF222222", "nl"));
    let rows: serde_json::Value =
        serde_json::from_str(&run_ok(&["show", f, "tailwind", "--json"])).unwrap();
    let text = rows.to_string();
    assert!(
        text.contains("66666666-2222-2222-2222-abcdef222222") && text.contains("\"NL\""),
        "{text}"
    );
}

#[test]
fn a_changing_command_dated_before_the_audit_trail_is_refused_naming_tm1() {
    let dir = tempfile::tempdir().unwrap();
    let file = scripted_workspace(dir.path());
    let f = file.to_str().unwrap();
    let err = refused_leaving_the_file(
        &file,
        &[
            "invite",
            f,
            "--as",
            "partner:contoso",
            "--now",
            "1900-01-01T00:00:00Z",
            "--customer",
            "fabrikam",
        ],
        "TM1",
    );
    assert!(
        err.contains(&format!(
            "the audit trail's last entry is at {NOW}; an action cannot be dated 1900-01-01T00:00:00Z"
        )),
        "{err}"
    );
    refused_leaving_the_file(
        &file,
        &[
            "tick",
            f,
            "--as",
            "operator",
            "--now",
            "1900-01-01T00:00:00Z",
        ],
        "TM1",
    );
}

#[test]
fn check_lists_two_customers_sharing_a_tenant_as_id1_and_the_file_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    let file = scripted_workspace(dir.path());
    let f = file.to_str().unwrap();
    // An older file: Litware was given Fabrikam's tenant before ID1 existed.
    let text = std::fs::read_to_string(&file).unwrap().replace(
        "33333333-2222-2222-2222-222222222222",
        "22222222-2222-2222-2222-222222222222",
    );
    std::fs::write(&file, text).unwrap();
    let out = partnerdesk(&["check", f]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("ID1"), "{}", stdout(&out));
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&partnerdesk(&["check", f, "--json"]))).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let id1: Vec<&serde_json::Value> = findings.iter().filter(|d| d["rule"] == "ID1").collect();
    assert_eq!(id1.len(), 2, "each twin names the other: {json}");
    assert!(
        id1.iter().any(|d| d["path"] == "customers/litware"),
        "{json}"
    );
    // The file loads whole, every record kept, the findings beside it (as the terminal app
    // opens it, with a notice naming the first).
    let loaded = partnerdesk::store::load_file(&file).unwrap();
    assert_eq!(loaded.workspace.customers().count(), 2);
    assert!(
        loaded
            .diagnostics
            .iter()
            .any(|d| d.rule.to_string() == "ID1")
    );
}
