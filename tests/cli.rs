//! The CLI as scripts use it: exit codes, messages, and files left untouched on refusal.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const NOW: &str = "2026-11-24T10:00:00Z";

fn partnerdesk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_partnerdesk"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn run_ok(args: &[&str]) -> String {
    let out = partnerdesk(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?} failed: {}",
        stderr(&out)
    );
    stdout(&out)
}

/// A workspace with one direct-bill partner, one indirect provider and its reseller, a regular
/// customer and a customer that is itself a CSP partner; built through the CLI itself.
fn scripted_workspace(dir: &Path) -> PathBuf {
    let file = dir.join("w.json");
    let f = file.to_str().unwrap();
    std::fs::write(
        &file,
        r#"{"format":"partnerdesk-workspace","version":1,"name":"test"}"#,
    )
    .unwrap();
    let op = ["--as", "operator", "--now", NOW];
    run_ok(
        &[
            &["add-partner", f],
            &op[..],
            &[
                "--id",
                "contoso",
                "--name",
                "Contoso Cloud",
                "--partner-id",
                "1234567",
                "--tenant",
                "11111111-1111-1111-1111-111111111111",
                "--billing",
                "direct-bill",
            ],
        ]
        .concat(),
    );
    run_ok(
        &[
            &["add-partner", f],
            &op[..],
            &[
                "--id",
                "dist",
                "--name",
                "Tailspin Distribution",
                "--partner-id",
                "7654321",
                "--tenant",
                "44444444-1111-1111-1111-111111111111",
                "--billing",
                "indirect-provider",
            ],
        ]
        .concat(),
    );
    run_ok(
        &[
            &["add-partner", f],
            &op[..],
            &[
                "--id",
                "vanarsdel",
                "--name",
                "VanArsdel",
                "--partner-id",
                "5550001",
                "--tenant",
                "55555555-1111-1111-1111-111111111111",
                "--billing",
                "indirect-reseller",
                "--providers",
                "dist",
            ],
        ]
        .concat(),
    );
    run_ok(
        &[
            &["add-customer", f],
            &op[..],
            &[
                "--id",
                "fabrikam",
                "--name",
                "Fabrikam",
                "--domain",
                "fabrikam.onmicrosoft.com",
                "--country",
                "US",
                "--tenant",
                "22222222-2222-2222-2222-222222222222",
            ],
        ]
        .concat(),
    );
    run_ok(
        &[
            &["add-customer", f],
            &op[..],
            &[
                "--id",
                "litware",
                "--name",
                "Litware",
                "--domain",
                "litware.onmicrosoft.com",
                "--country",
                "DE",
                "--tenant",
                "33333333-2222-2222-2222-222222222222",
                "--csp-partner",
            ],
        ]
        .concat(),
    );
    file
}

fn with_subscription(dir: &Path) -> PathBuf {
    let file = scripted_workspace(dir);
    let f = file.to_str().unwrap();
    run_ok(&[
        "invite",
        f,
        "--as",
        "partner:contoso",
        "--now",
        NOW,
        "--customer",
        "fabrikam",
    ]);
    run_ok(&[
        "accept",
        f,
        "inv-1",
        "--as",
        "customer:fabrikam",
        "--now",
        NOW,
    ]);
    run_ok(&[
        "buy",
        f,
        "--as",
        "partner:contoso",
        "--now",
        NOW,
        "--customer",
        "fabrikam",
        "--offer",
        "Microsoft 365 E3",
        "--quantity",
        "25",
    ]);
    file
}

fn subscriptions_json(file: &Path) -> String {
    run_ok(&["list", file.to_str().unwrap(), "subscriptions", "--json"])
}

#[test]
fn demo_round_trips_through_write_check_and_resave() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.json");
    let f = file.to_str().unwrap();
    run_ok(&["demo", "--write", f]);
    run_ok(&["check", f]);
    let bytes = std::fs::read(&file).unwrap();
    let (ws, findings) = partnerdesk::store::parse_workspace(&bytes).unwrap();
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(
        partnerdesk::store::to_json(&ws),
        bytes,
        "re-saving the demo changes bytes"
    );
}

#[test]
fn demo_write_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.json");
    std::fs::write(&file, "keep me").unwrap();
    let out = partnerdesk(&["demo", "--write", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
}

#[test]
fn scripted_invite_then_accept_leaves_every_subscription_identical() {
    let dir = tempfile::tempdir().unwrap();
    let file = with_subscription(dir.path());
    let f = file.to_str().unwrap();
    let before = subscriptions_json(&file);
    run_ok(&[
        "invite",
        f,
        "--as",
        "partner:vanarsdel",
        "--now",
        NOW,
        "--customer",
        "fabrikam",
        "--via",
        "dist",
    ]);
    run_ok(&[
        "invite",
        f,
        "--as",
        "partner:vanarsdel",
        "--now",
        NOW,
        "--customer",
        "fabrikam",
        "--roles",
        "Helpdesk Administrator,directory readers",
        "--days",
        "365",
    ]);
    let invitations: serde_json::Value =
        serde_json::from_str(&run_ok(&["list", f, "invitations", "--json"])).unwrap();
    for inv in invitations
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["status"] == "pending")
    {
        run_ok(&[
            "accept",
            f,
            inv["id"].as_str().unwrap(),
            "--as",
            "customer:fabrikam",
            "--now",
            NOW,
        ]);
    }
    assert_eq!(subscriptions_json(&file), before);
    let relationships: serde_json::Value =
        serde_json::from_str(&run_ok(&["list", f, "relationships", "--json"])).unwrap();
    let partners: Vec<&str> = relationships
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "active")
        .map(|r| r["partnerId"].as_str().unwrap())
        .collect();
    for expected in ["contoso", "vanarsdel", "dist"] {
        assert!(
            partners.contains(&expected),
            "{expected} missing from {partners:?}"
        );
    }
    run_ok(&["check", f]);
}

#[test]
fn reseller_invitation_to_a_csp_partner_exits_1_naming_mp6_and_leaves_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = scripted_workspace(dir.path());
    let before = std::fs::read(&file).unwrap();
    let out = partnerdesk(&[
        "invite",
        file.to_str().unwrap(),
        "--as",
        "partner:contoso",
        "--now",
        NOW,
        "--customer",
        "litware",
        "--reseller",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("MP6"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Litware is itself a CSP partner"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn accepting_as_the_wrong_customer_exits_1_naming_iv1() {
    let dir = tempfile::tempdir().unwrap();
    let file = scripted_workspace(dir.path());
    let f = file.to_str().unwrap();
    run_ok(&[
        "invite",
        f,
        "--as",
        "partner:contoso",
        "--now",
        NOW,
        "--customer",
        "fabrikam",
    ]);
    let before = std::fs::read(&file).unwrap();
    let out = partnerdesk(&[
        "accept",
        f,
        "inv-1",
        "--as",
        "customer:litware",
        "--now",
        NOW,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("IV1"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&file).unwrap(), before);
    let out = partnerdesk(&["accept", f, "inv-1", "--as", "operator", "--now", NOW]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("IV1"));
}

#[test]
fn a_truncated_file_exits_2_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let file = scripted_workspace(dir.path());
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    let out = partnerdesk(&["check", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    assert!(
        message.contains("line ") && message.contains("column "),
        "{message}"
    );
    let out = partnerdesk(&[
        "accept",
        file.to_str().unwrap(),
        "inv-1",
        "--as",
        "customer:fabrikam",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&file).unwrap(), &bytes[..bytes.len() / 2]);
}

#[test]
fn a_wrong_type_is_reported_with_its_json_path() {
    let dir = tempfile::tempdir().unwrap();
    let file = scripted_workspace(dir.path());
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("\"country\": \"DE\"", "\"country\": 49");
    std::fs::write(&file, text).unwrap();
    let out = partnerdesk(&["check", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("customers[1].country"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_newer_format_version_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("future.json");
    std::fs::write(
        &file,
        r#"{"format":"partnerdesk-workspace","version":9,"name":"x","hologram":true}"#,
    )
    .unwrap();
    let out = partnerdesk(&["check", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("version 9"), "{}", stderr(&out));
}

#[test]
fn integrity_findings_exit_1_and_name_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    let file = with_subscription(dir.path());
    let text = std::fs::read_to_string(&file).unwrap().replace(
        "\"partnerOfRecord\": \"contoso\"",
        "\"partnerOfRecord\": \"nobody\"",
    );
    std::fs::write(&file, text).unwrap();
    let out = partnerdesk(&["check", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("WS1"), "{}", stdout(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&partnerdesk(&[
        "check",
        file.to_str().unwrap(),
        "--json",
    ])))
    .unwrap();
    assert_eq!(json["clean"], false);
    assert_eq!(json["findings"][0]["rule"], "WS1");
}

#[test]
fn list_json_gives_ids_names_and_for_invitations_the_parties() {
    let dir = tempfile::tempdir().unwrap();
    let file = with_subscription(dir.path());
    let f = file.to_str().unwrap();
    for kind in [
        "customers",
        "partners",
        "invitations",
        "relationships",
        "subscriptions",
    ] {
        let rows: serde_json::Value =
            serde_json::from_str(&run_ok(&["list", f, kind, "--json"])).unwrap();
        for row in rows.as_array().unwrap() {
            assert!(
                row["id"].is_string() && row["name"].is_string(),
                "{kind}: {row}"
            );
            if kind == "invitations" || kind == "relationships" {
                for field in ["customerId", "partnerId", "kind", "status"] {
                    assert!(row[field].is_string(), "{kind} lacks {field}: {row}");
                }
            }
        }
    }
    let filtered: serde_json::Value = serde_json::from_str(&run_ok(&[
        "list",
        f,
        "customers",
        "--filter",
        "LIT",
        "--json",
    ]))
    .unwrap();
    assert_eq!(filtered.as_array().unwrap().len(), 1);
    assert_eq!(filtered[0]["id"], "litware");
}

#[test]
fn actors_resolve_by_partner_id_tenant_and_domain() {
    let dir = tempfile::tempdir().unwrap();
    let file = scripted_workspace(dir.path());
    let f = file.to_str().unwrap();
    run_ok(&[
        "invite",
        f,
        "--as",
        "partner:1234567",
        "--now",
        NOW,
        "--customer",
        "FABRIKAM.onmicrosoft.com",
    ]);
    run_ok(&[
        "accept",
        f,
        "INV-1",
        "--as",
        "customer:22222222-2222-2222-2222-222222222222",
        "--now",
        NOW,
    ]);
}

#[test]
fn an_unknown_actor_is_refused_naming_ws1() {
    let dir = tempfile::tempdir().unwrap();
    let file = scripted_workspace(dir.path());
    let out = partnerdesk(&[
        "invite",
        file.to_str().unwrap(),
        "--as",
        "partner:nobody",
        "--customer",
        "fabrikam",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("WS1"));
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = scripted_workspace(dir.path());
    let f = file.to_str().unwrap();
    assert_eq!(
        partnerdesk(&["invite", f, "--customer", "fabrikam"])
            .status
            .code(),
        Some(2),
        "missing --as"
    );
    assert_eq!(
        partnerdesk(&["invite", f, "--as", "wizard", "--customer", "fabrikam"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        partnerdesk(&["tick", f, "--as", "operator", "--now", "yesterday"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        partnerdesk(&["check", dir.path().join("missing.json").to_str().unwrap()])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        partnerdesk(&["check", dir.path().to_str().unwrap()])
            .status
            .code(),
        Some(2),
        "a directory"
    );
}

#[test]
fn unknown_gdap_roles_are_refused_naming_gd3() {
    let dir = tempfile::tempdir().unwrap();
    let file = scripted_workspace(dir.path());
    let out = partnerdesk(&[
        "invite",
        file.to_str().unwrap(),
        "--as",
        "partner:contoso",
        "--customer",
        "fabrikam",
        "--roles",
        "Chief Wizard",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("GD3") && stderr(&out).contains("Chief Wizard"));
}

#[test]
fn time_passing_expires_a_pending_invitation() {
    let dir = tempfile::tempdir().unwrap();
    let file = scripted_workspace(dir.path());
    let f = file.to_str().unwrap();
    run_ok(&[
        "invite",
        f,
        "--as",
        "partner:contoso",
        "--now",
        NOW,
        "--customer",
        "fabrikam",
    ]);
    let out = partnerdesk(&[
        "accept",
        f,
        "inv-1",
        "--as",
        "customer:fabrikam",
        "--now",
        "2027-03-01T00:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("IV2"));
    run_ok(&[
        "tick",
        f,
        "--as",
        "operator",
        "--now",
        "2027-03-01T00:00:00Z",
    ]);
    let rows: serde_json::Value =
        serde_json::from_str(&run_ok(&["list", f, "invitations", "--json"])).unwrap();
    assert_eq!(rows[0]["status"], "expired");
}

#[test]
fn hostile_names_are_printed_inert() {
    let dir = tempfile::tempdir().unwrap();
    let file = scripted_workspace(dir.path());
    let f = file.to_str().unwrap();
    run_ok(&[
        "add-customer",
        f,
        "--as",
        "operator",
        "--id",
        "evil",
        "--name",
        "Evil\u{1b}]52;c;aGk=\u{7}\u{1b}[2J",
        "--domain",
        "evil.example",
        "--country",
        "US",
        "--tenant",
        "99999999-2222-2222-2222-222222222222",
    ]);
    let out = run_ok(&["list", f, "customers"]);
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    assert!(out.contains("Evil␛"));
}

#[test]
fn history_lists_who_did_what() {
    let dir = tempfile::tempdir().unwrap();
    let file = with_subscription(dir.path());
    let out = run_ok(&["history", file.to_str().unwrap()]);
    assert!(
        out.contains("customer:fabrikam") && out.contains("accept"),
        "{out}"
    );
}

/// Runs a changing command expected to be refused: exit 1, the rule named on stderr, the file
/// left byte for byte as it was. Returns stderr.
fn refused_leaving_the_file(file: &Path, args: &[&str], rule: &str) -> String {
    let before = std::fs::read(file).unwrap();
    let out = partnerdesk(args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
    assert!(
        err.contains(&format!("refused: {rule}: ")),
        "{args:?}: {err}"
    );
    assert_eq!(
        std::fs::read(file).unwrap(),
        before,
        "{args:?} changed the file"
    );
    err
}

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
fn tick_as_a_partner_or_customer_is_refused_naming_op1() {
    let dir = tempfile::tempdir().unwrap();
    let file = scripted_workspace(dir.path());
    let f = file.to_str().unwrap();
    let later = "2027-03-01T00:00:00Z";
    for actor in ["partner:1234567", "partner:contoso", "customer:fabrikam"] {
        let err =
            refused_leaving_the_file(&file, &["tick", f, "--as", actor, "--now", later], "OP1");
        assert!(err.contains("cannot let time pass"), "{err}");
    }
    run_ok(&["tick", f, "--as", "operator", "--now", later]);
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
