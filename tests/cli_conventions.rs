//! The command line's one output convention (README "Output"): `export --json` and typed export
//! JSON, JSON keys that mean one thing everywhere (`partnerId` a workspace partner,
//! `partnerCenterId` the Partner ID, kinds spelled as `list` spells them, roles with their template
//! ids), `emit --shell`, `demo -o`, `-` for standard input, `--now` for reproducible output, and
//! tenant ids normalised or refused wherever they come in.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const NOW: &str = "2026-11-24T10:00:00Z";
const LATER: &str = "2027-01-10T10:00:00Z";
const TENANT: &str = "9d2e6c41-7b0a-4c55-9e1f-3a8b2c4d5e6f";

/// Runs the binary with `stdin` as its standard input (empty when `None`).
fn run_with(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_partnerdesk"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut pipe = child.stdin.take().unwrap();
    let bytes = stdin.unwrap_or_default().to_vec();
    // Written from a thread: a command that does not read its input must not block the test.
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&bytes);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn run(args: &[&str]) -> Output {
    run_with(args, None)
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ok_with(args: &[&str], stdin: Option<&[u8]>) -> String {
    let out = run_with(args, stdin);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

fn ok(args: &[&str]) -> String {
    ok_with(args, None)
}

fn json(args: &[&str]) -> Value {
    let text = ok(args);
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("{args:?}: {err}: {text}"))
}

/// The demo workspace with its dates moved to `NOW`, so every test sees the same records.
fn demo(dir: &Path) -> PathBuf {
    let file = dir.join("demo.json");
    ok(&["demo", "-o", file.to_str().unwrap(), "--now", NOW]);
    file
}

fn array(value: &Value) -> &Vec<Value> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
}

#[test]
fn export_json_is_format_json() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let f = file.to_str().unwrap();
    for view in ["mapping", "relationships", "expiring"] {
        let alias = ok(&["export", f, view, "--json", "--now", NOW]);
        let format = ok(&["export", f, view, "--format", "json", "--now", NOW]);
        assert_eq!(alias, format, "{view}");
        assert!(alias.trim_start().starts_with('['), "{view}: {alias}");
    }
    let both = run(&["export", f, "mapping", "--json", "--format", "csv"]);
    assert_eq!(both.status.code(), Some(2), "two formats at once");
    assert!(stderr(&both).contains("--json"), "{}", stderr(&both));
}

#[test]
fn export_mapping_json_has_numbers_lists_and_roles_with_ids() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let rows = json(&[
        "export",
        file.to_str().unwrap(),
        "mapping",
        "--json",
        "--now",
        NOW,
    ]);
    let rows = array(&rows);
    assert!(!rows.is_empty());
    let mut numbers = 0;
    for row in rows {
        match &row["daysLeft"] {
            Value::Number(n) => {
                assert!(n.is_i64(), "{row}");
                numbers += 1;
            }
            Value::Null => assert!(row["soonestEnd"].is_null(), "{row}"),
            other => panic!("daysLeft is {other}, not a number or null"),
        }
        let kinds = array(&row["kinds"]);
        assert!(!kinds.is_empty());
        for kind in kinds {
            assert!(
                ["reseller", "delegatedAdmin", "gdap"].contains(&kind.as_str().unwrap()),
                "{row}"
            );
        }
        for role in array(&row["gdapRoles"]) {
            assert!(role["id"].as_str().unwrap().len() == 36, "{role}");
            assert!(role["name"].is_string(), "{role}");
        }
        assert!(row["ended"].is_boolean(), "{row}");
        assert!(row.get("partnerId").is_none(), "{row}");
        assert!(row["partnerCenterId"].is_string(), "{row}");
    }
    assert!(numbers > 0, "some pair has a GDAP end date");
}

#[test]
fn list_relationships_json_gives_roles_with_template_ids_and_names() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let rows = json(&[
        "list",
        file.to_str().unwrap(),
        "relationships",
        "--json",
        "--now",
        NOW,
    ]);
    let roles: Vec<&Value> = array(&rows)
        .iter()
        .flat_map(|r| array(&r["roles"]))
        .collect();
    assert!(!roles.is_empty());
    for role in &roles {
        assert!(role["id"].is_string() && role["name"].is_string(), "{role}");
    }
    assert!(roles.iter().any(|r| {
        r["id"] == "729827e3-9c14-49f7-bb1b-9608f156bbb8" && r["name"] == "Helpdesk Administrator"
    }));
    // The table still shows the names.
    let table = ok(&[
        "list",
        file.to_str().unwrap(),
        "relationships",
        "--now",
        NOW,
    ]);
    assert!(table.contains("Helpdesk Administrator"), "{table}");
    assert!(!table.contains("729827e3"), "{table}");
}

#[test]
fn roles_carry_id_and_name_in_show_roles_and_export_alike() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let f = file.to_str().unwrap();
    let rels = json(&["list", f, "relationships", "--json", "--now", NOW]);
    let gdap = array(&rels)
        .iter()
        .find(|r| r["kind"] == "gdap" && !array(&r["roles"]).is_empty())
        .unwrap();
    let id = gdap["id"].as_str().unwrap();
    let shown = json(&["show", f, id, "--json", "--now", NOW]);
    assert_eq!(shown["gdap"]["roles"], gdap["roles"]);
    let exported = json(&["export", f, "relationships", "--json", "--now", NOW]);
    let row = array(&exported)
        .iter()
        .find(|r| r["relationshipId"] == id)
        .unwrap();
    assert_eq!(row["roles"], gdap["roles"]);
    let catalogue = json(&["roles", "--filter", "helpdesk", "--json"]);
    assert_eq!(
        catalogue[0]["id"], "729827e3-9c14-49f7-bb1b-9608f156bbb8",
        "{catalogue}"
    );
    assert_eq!(catalogue[0]["name"], "Helpdesk Administrator");
}

#[test]
fn partner_id_is_always_a_workspace_partner_and_the_partner_center_id_has_its_own_key() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let f = file.to_str().unwrap();
    let partners = json(&["list", f, "partners", "--json"]);
    let ids: Vec<&str> = array(&partners)
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    for p in array(&partners) {
        assert!(p.get("partnerId").is_none(), "{p}");
        assert!(
            p["partnerCenterId"]
                .as_str()
                .unwrap()
                .bytes()
                .all(|b| b.is_ascii_digit()),
            "{p}"
        );
    }
    let relecloud = json(&["show", f, "relecloud", "--json"]);
    assert!(relecloud.get("partnerId").is_none(), "{relecloud}");
    let listed = array(&partners)
        .iter()
        .find(|p| p["id"] == "relecloud")
        .unwrap();
    assert_eq!(relecloud["partnerCenterId"], listed["partnerCenterId"]);
    // Filtering by the Partner ID still finds the partner.
    let mpn = listed["partnerCenterId"].as_str().unwrap();
    let found = json(&["list", f, "partners", "--filter", mpn, "--json"]);
    assert_eq!(found[0]["id"], "relecloud");
    for kind in ["invitations", "relationships"] {
        let rows = json(&["list", f, kind, "--json", "--now", NOW]);
        for row in array(&rows) {
            let partner = row["partnerId"].as_str().unwrap();
            assert!(ids.contains(&partner), "{kind}: {partner} is no partner id");
        }
    }
    let rels = json(&["export", f, "relationships", "--json", "--now", NOW]);
    for row in array(&rels) {
        assert!(row.get("partnerId").is_none(), "{row}");
    }
}

#[test]
fn a_relationship_kind_is_spelled_in_exports_as_list_spells_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let f = file.to_str().unwrap();
    let listed = json(&["list", f, "relationships", "--json", "--now", NOW]);
    let exported = json(&["export", f, "relationships", "--json", "--now", NOW]);
    assert_eq!(array(&listed).len(), array(&exported).len());
    for row in array(&exported) {
        let same = array(&listed)
            .iter()
            .find(|r| r["id"] == row["relationshipId"])
            .unwrap();
        assert_eq!(row["kind"], same["kind"], "{row}");
        assert_eq!(row["daysLeft"], same["daysLeft"], "{row}");
    }
    let csv = ok(&["export", f, "relationships", "--now", NOW]);
    assert!(csv.contains(",gdap,"), "{csv}");
    assert!(!csv.contains(",GDAP,"), "{csv}");
}

#[test]
fn emit_takes_shell_az_or_pwsh_and_still_reads_the_hidden_format() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let f = file.to_str().unwrap();
    let az = ok(&["emit", f, "rel-1072", "--shell", "az"]);
    assert!(az.starts_with("#!/usr/bin/env bash"), "{az}");
    assert_eq!(ok(&["emit", f, "rel-1072"]), az, "az is the default");
    let pwsh = ok(&["emit", f, "rel-1072", "--shell", "pwsh"]);
    assert!(pwsh.contains("Invoke-MgGraphRequest") || pwsh.contains("Connect-MgGraph"));
    assert_eq!(ok(&["emit", f, "rel-1072", "--format", "pwsh"]), pwsh);
    let help = ok(&["emit", "--help"]);
    assert!(
        help.contains("--shell") && !help.contains("--format"),
        "{help}"
    );
}

#[test]
fn demo_o_writes_the_file_and_output_and_write_name_the_same_option() {
    let dir = tempfile::tempdir().unwrap();
    let short = dir.path().join("short.json");
    let long = dir.path().join("long.json");
    let old = dir.path().join("old.json");
    ok(&["demo", "-o", short.to_str().unwrap(), "--now", NOW]);
    ok(&["demo", "--output", long.to_str().unwrap(), "--now", NOW]);
    ok(&["demo", "--write", old.to_str().unwrap(), "--now", NOW]);
    let bytes = std::fs::read(&short).unwrap();
    assert_eq!(std::fs::read(&long).unwrap(), bytes);
    assert_eq!(std::fs::read(&old).unwrap(), bytes);
    ok(&["check", short.to_str().unwrap()]);
    let help = ok(&["demo", "--help"]);
    assert!(
        help.contains("-o, --output") && !help.contains("--write"),
        "{help}"
    );
}

#[test]
fn check_dash_reads_the_workspace_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let bytes = std::fs::read(&file).unwrap();
    let out = ok_with(&["check", "-"], Some(&bytes));
    assert!(out.starts_with("standard input: clean"), "{out}");
    let report: Value =
        serde_json::from_str(&ok_with(&["check", "-", "--json"], Some(&bytes))).unwrap();
    assert_eq!(report["clean"], true);
    // Errors name standard input where they would name the file; the limits are the file's.
    let broken = run_with(&["check", "-"], Some(b"{\"format\": "));
    assert_eq!(broken.status.code(), Some(2));
    assert!(
        stderr(&broken).contains("cannot load standard input: "),
        "{}",
        stderr(&broken)
    );
    let long = format!(
        r#"{{"format":"partnerdesk-workspace","version":1,"name":"{}"}}"#,
        "x".repeat(1024 * 1024 + 1)
    );
    let too_long = run_with(&["check", "-"], Some(long.as_bytes()));
    assert_eq!(too_long.status.code(), Some(2));
    assert!(
        stderr(&too_long).contains("bytes long"),
        "{}",
        stderr(&too_long)
    );
}

#[test]
fn every_command_that_only_reads_a_workspace_reads_dash_as_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let f = file.to_str().unwrap();
    let bytes = std::fs::read(&file).unwrap();
    let runs: [&[&str]; 7] = [
        &["list", "@", "relationships", "--json", "--now", NOW],
        &["list", "@", "customers"],
        &["show", "@", "rel-1072", "--json", "--now", NOW],
        &["history", "@", "--json"],
        &["export", "@", "mapping", "--now", NOW],
        &["emit", "@", "rel-1072", "--json"],
        &["check", "@", "--json"],
    ];
    for args in runs {
        let with = |name: &'static str| -> Vec<&str> {
            args.iter()
                .map(|a| if *a == "@" { name } else { *a })
                .collect()
        };
        let named: Vec<&str> = args
            .iter()
            .map(|a| if *a == "@" { f } else { *a })
            .collect();
        let from_file = ok(&named);
        let from_stdin = ok_with(&with("-"), Some(&bytes));
        // `check --json` names its file; everything else is the same data.
        if args[0] == "check" {
            let a: Value = serde_json::from_str(&from_file).unwrap();
            let b: Value = serde_json::from_str(&from_stdin).unwrap();
            assert_eq!(a["counts"], b["counts"]);
            assert_eq!(a["findings"], b["findings"]);
        } else {
            assert_eq!(from_stdin, from_file, "{args:?}");
        }
    }
}

#[test]
fn apply_dash_reads_the_action_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let f = file.to_str().unwrap();
    let copy = dir.path().join("copy.json");
    std::fs::copy(&file, &copy).unwrap();
    let invitations = json(&["list", f, "invitations", "--json"]);
    let pending = array(&invitations)
        .iter()
        .find(|i| i["status"] == "pending" && i["kind"] == "reseller")
        .unwrap();
    let action = format!(
        r#"{{"type":"accept","invitationId":"{}"}}"#,
        pending["id"].as_str().unwrap()
    );
    let actor = format!("customer:{}", pending["customerId"].as_str().unwrap());
    let by_argument = ok(&["apply", f, "--as", &actor, "--now", NOW, &action]);
    let by_stdin = ok_with(
        &[
            "apply",
            copy.to_str().unwrap(),
            "--as",
            &actor,
            "--now",
            NOW,
            "-",
        ],
        Some(action.as_bytes()),
    );
    assert_eq!(by_stdin, by_argument);
    assert_eq!(std::fs::read(&copy).unwrap(), std::fs::read(&file).unwrap());
    let bad = run_with(&["apply", f, "--as", &actor, "-"], Some(b"not json"));
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn a_changing_command_given_dash_as_its_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let bytes = std::fs::read(&file).unwrap();
    let out = run_with(
        &["tick", "-", "--as", "operator", "--now", NOW],
        Some(&bytes),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("standard input"), "{}", stderr(&out));
    assert!(
        !dir.path().join("-").exists(),
        "nothing written under the name `-`"
    );
}

#[test]
fn the_same_now_gives_the_same_output_and_another_moves_days_left() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let f = file.to_str().unwrap();
    for args in [
        vec!["list", f, "relationships", "--json"],
        vec!["list", f, "relationships"],
        vec!["show", f, "rel-1072", "--json"],
        vec!["export", f, "mapping", "--json"],
    ] {
        let at = |now: &'static str| {
            let mut with = args.clone();
            with.extend(["--now", now]);
            ok(&with)
        };
        assert_eq!(at(NOW), at(NOW), "{args:?}");
        assert_ne!(at(NOW), at(LATER), "{args:?} depends on --now");
    }
    let shown = json(&["show", f, "rel-1072", "--json", "--now", NOW]);
    let listed = json(&["list", f, "relationships", "--json", "--now", NOW]);
    let same = array(&listed)
        .iter()
        .find(|r| r["id"] == "rel-1072")
        .unwrap();
    assert!(shown["daysLeft"].is_i64());
    assert_eq!(shown["daysLeft"], same["daysLeft"]);
    assert_eq!(shown["endingSoon"], same["endingSoon"]);
    let again = dir.path().join("again.json");
    ok(&["demo", "-o", again.to_str().unwrap(), "--now", NOW]);
    assert_eq!(
        std::fs::read(&again).unwrap(),
        std::fs::read(&file).unwrap()
    );
    let bad = run(&["list", f, "customers", "--now", "yesterday"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("--now"), "{}", stderr(&bad));
}

fn add_customer(f: &str, id: &str, tenant: &str) -> Output {
    let domain = format!("{id}.onmicrosoft.com");
    run(&[
        "add-customer",
        f,
        "--as",
        "operator",
        "--now",
        NOW,
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
    ])
}

#[test]
fn add_customer_with_a_tenant_that_is_no_guid_is_refused_naming_the_tenant_id() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let before = std::fs::read(&file).unwrap();
    for bad in ["foo", "{5a3c1fbd}", "5a3c1fbd-f9da-4bf3-a816-96a68afe231"] {
        let out = add_customer(file.to_str().unwrap(), "tailwind", bad);
        assert_eq!(out.status.code(), Some(1), "{bad}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("ID3") && err.contains("tenant id"), "{err}");
        assert_eq!(
            std::fs::read(&file).unwrap(),
            before,
            "{bad} changed the file"
        );
    }
}

#[test]
fn braced_upper_case_and_bare_tenant_ids_are_stored_lower_case_hyphenated() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let f = file.to_str().unwrap();
    let upper = TENANT.to_ascii_uppercase();
    let braced = format!("{{{upper}}}");
    let out = add_customer(f, "tailwind", &braced);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&["show", f, "tailwind", "--json"])["tenantId"], TENANT);
    let bare = "6b3c1fbdf9da4bf3a81696a68afe2312";
    ok(&[
        "add-partner",
        f,
        "--as",
        "operator",
        "--now",
        NOW,
        "--id",
        "kestrel-it",
        "--name",
        "Kestrel IT",
        "--partner-id",
        "7777777",
        "--tenant",
        bare,
        "--billing",
        "direct-bill",
    ]);
    assert_eq!(
        json(&["show", f, "kestrel-it", "--json"])["tenantId"],
        "6b3c1fbd-f9da-4bf3-a816-96a68afe2312"
    );
    // The customer is found by its tenant in any of its forms.
    let invited = run(&[
        "invite",
        f,
        "--as",
        "partner:kestrel-it",
        "--now",
        NOW,
        "--customer",
        TENANT,
    ]);
    assert_eq!(invited.status.code(), Some(0), "{}", stderr(&invited));
}

/// A Partner Center customer listing naming one customer by `tenant`, written as given.
fn customer_listing(dir: &Path, tenant: &str) -> PathBuf {
    let path = dir.join("customers.json");
    std::fs::write(
        &path,
        format!(
            r#"{{"items": [{{"id": "{tenant}", "companyProfile": {{"tenantId": "{tenant}",
            "domain": "alderbakery.onmicrosoft.com", "companyName": "Alder Bakery"}},
            "relationshipToPartner": "reseller", "attributes": {{"objectType": "Customer"}}}}]}}"#
        ),
    )
    .unwrap();
    path
}

#[test]
fn import_normalises_tenant_ids_of_records_and_of_partner_tenant() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    let f = file.to_str().unwrap();
    let listing = customer_listing(dir.path(), &format!("{{{}}}", TENANT.to_ascii_uppercase()));
    let import = |partner_tenant: &str| {
        run(&[
            "import",
            f,
            "--as",
            "partner:4851207",
            "--partner-name",
            "Relecloud",
            "--partner-tenant",
            partner_tenant,
            "--now",
            NOW,
            "--json",
            listing.to_str().unwrap(),
        ])
    };
    let refused = import("relecloud-tenant");
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("ID3") && stderr(&refused).contains("tenant id"),
        "{}",
        stderr(&refused)
    );
    assert!(!file.exists(), "nothing written");
    let out = import("F3C95789ACE14954AC5D6BAED2EAC902");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let summary: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let partners = json(&["list", f, "partners", "--json"]);
    assert_eq!(
        partners[0]["tenantId"],
        "f3c95789-ace1-4954-ac5d-6baed2eac902"
    );
    assert_eq!(summary["partnerId"], partners[0]["id"], "{summary}");
    let customers = json(&["list", f, "customers", "--json"]);
    assert_eq!(customers[0]["tenantId"], TENANT);
    ok(&["check", f]);
    // The same customer written another way is the same customer: nothing changes.
    let before = std::fs::read(&file).unwrap();
    customer_listing(dir.path(), TENANT);
    ok(&[
        "import",
        f,
        "--as",
        "partner:4851207",
        "--now",
        NOW,
        listing.to_str().unwrap(),
    ]);
    assert_eq!(std::fs::read(&file).unwrap(), before);
}
