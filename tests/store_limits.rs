//! WS4: nothing partnerdesk writes can be refused when read. The loader refuses a text value over
//! 1 MiB (as written in the file, escapes included); every action and every import refuses to
//! make one, and whatever they accept saves into a file that loads.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::Command;

use common::*;
use partnerdesk::domain::*;
use partnerdesk::store::{MAX_STRING_BYTES, parse_workspace, to_json};
use proptest::prelude::*;

const NEW_TENANT: &str = "33333333-0000-4000-8000-000000000009";

fn add_customer_named(name: &str) -> Action {
    Action::AddCustomer {
        customer: customer_record("long", name, NEW_TENANT, "US", false),
    }
}

/// The workspace written as a file and read back: what a save then a load would do.
fn reloads(ws: &partnerdesk::workspace::Workspace) -> Result<(), String> {
    parse_workspace(&to_json(ws))
        .map(|_| ())
        .map_err(|err| err.to_string())
}

// The refusals themselves are pinned in tests/rules/integrity.rs (`ws4_…`).

#[test]
fn a_name_at_the_limit_is_accepted_and_its_audit_summary_is_cut_so_the_file_reloads() {
    let mut world = World::cast();
    world.ok(
        &operator(),
        &add_customer_named(&"M".repeat(MAX_STRING_BYTES)),
    );
    let last = world.ws.audit().last().expect("an audit entry");
    assert!(last.summary.len() <= 4096, "{} bytes", last.summary.len());
    reloads(&world.ws).expect("the saved file loads");
}

/// Text made of one character repeated: plain, quote (escaped as two bytes), control (six),
/// multi-byte.
fn text_near_the_limit() -> impl Strategy<Value = String> {
    let unit = prop_oneof![
        Just(("x", 1usize)),
        Just(("\"", 2)),
        Just(("\u{1}", 6)),
        Just(("é", 2)),
        Just(("日", 3)),
    ];
    (unit, -3i64..=3).prop_map(|((ch, written), offset)| {
        let count = (MAX_STRING_BYTES / written) as i64 + offset;
        ch.repeat(count.max(0) as usize)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever an action accepts, the saved file loads.
    #[test]
    fn whatever_an_action_accepts_the_saved_file_loads(text in text_near_the_limit(), which in 0..4u8) {
        let mut world = World::cast();
        let action = match which {
            0 => add_customer_named(&text),
            1 => Action::AddPartner {
                partner: partner_record("long-p", &text, NEW_TENANT, BillingModel::DirectBill, &[]),
            },
            2 => gdap_invite(NORTHWIND, named_gdap(&text, &[HELPDESK_ADMIN], 90, false)),
            _ => add_customer_named(&format!("{text}{text}")),
        };
        let actor = if which == 2 { partner(CONTOSO) } else { operator() };
        if let Ok(applied) = apply(&world.ws, &actor, &action, world.now) {
            world.ws = applied.workspace;
            prop_assert!(reloads(&world.ws).is_ok(), "{:?}", reloads(&world.ws));
        }
    }
}

#[test]
fn importing_a_company_name_over_the_limit_leaves_the_customer_out_and_the_file_readable() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let export = dir.path().join("customers.json");
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/exports/partner-center/customers.page1.json");
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture).expect("reads")).expect("JSON");
    doc["items"][0]["companyProfile"]["companyName"] = "C".repeat(2_000_000).into();
    std::fs::write(&export, doc.to_string()).expect("writes");
    let file = dir.path().join("ws.json");
    let bin = env!("CARGO_BIN_EXE_partnerdesk");
    let import = Command::new(bin)
        .args([
            "import",
            "--as",
            "partner:7104418",
            "--partner-name",
            "Tidewater",
        ])
        .args(["--partner-tenant", "44444444-0000-4000-8000-000000000001"])
        .arg(&file)
        .arg(&export)
        .output()
        .expect("runs");
    let report = String::from_utf8_lossy(&import.stdout);
    assert!(
        import.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&import.stderr)
    );
    assert!(
        report.contains("WS4"),
        "the left-out customer names WS4: {report}"
    );
    let check = Command::new(bin)
        .arg("check")
        .arg(&file)
        .output()
        .expect("runs");
    assert!(
        check.status.success(),
        "the written file reads back: {}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[cfg(unix)]
#[test]
fn an_endless_source_or_csv_ends_with_a_message_and_exit_2_writing_nothing() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = dir.path().join("ws.json");
    let bin = env!("CARGO_BIN_EXE_partnerdesk");
    let import = Command::new(bin)
        .args(["import", "--as", "partner:7104418"])
        .arg(&file)
        .arg("/dev/zero")
        .output()
        .expect("runs");
    assert_eq!(import.status.code(), Some(2));
    let said = String::from_utf8_lossy(&import.stderr);
    assert!(said.contains("/dev/zero is not JSON"), "{said}");
    assert!(!file.exists());
    // A workspace on standard input, too.
    let check = Command::new(bin)
        .args(["check", "-"])
        .stdin(std::fs::File::open("/dev/zero").expect("/dev/zero"))
        .output()
        .expect("runs");
    assert_eq!(check.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&check.stderr).contains("standard input is not JSON"));
    let demo = Command::new(bin)
        .args(["demo", "--write"])
        .arg(&file)
        .output()
        .expect("runs");
    assert!(demo.status.success());
    let before = std::fs::read(&file).expect("reads");
    let invite = Command::new(bin)
        .args(["invite", "--as", "partner:relecloud", "--reseller"])
        .args(["--customers-from", "/dev/zero"])
        .arg(&file)
        .output()
        .expect("runs");
    assert_eq!(invite.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&invite.stderr).contains("larger than"));
    assert_eq!(std::fs::read(&file).expect("reads"), before);
}

#[test]
fn an_export_to_a_file_replaces_it_whole_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = dir.path().join("ws.json");
    let bin = env!("CARGO_BIN_EXE_partnerdesk");
    let demo = Command::new(bin)
        .args(["demo", "--write"])
        .arg(&file)
        .output()
        .expect("runs");
    assert!(demo.status.success());
    let out = dir.path().join("mapping.csv");
    std::fs::write(&out, "an older export, longer than nothing").expect("writes");
    let export = Command::new(bin)
        .arg("export")
        .arg(&file)
        .args(["mapping", "-o"])
        .arg(&out)
        .output()
        .expect("runs");
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let written = std::fs::read_to_string(&out).expect("reads");
    assert!(!written.contains("older export") && written.lines().count() > 1);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("lists")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert!(
        names.iter().all(|n| !n.ends_with(".partnerdesk-tmp")),
        "{names:?}"
    );
}

/// A Partner Center customers page whose one customer is named `name`.
fn customers_page(name: &str) -> Vec<u8> {
    serde_json::json!({
        "totalCount": 1,
        "items": [{
            "id": "5d3c1e2f-0000-4000-8000-00000000c0de",
            "companyProfile": {
                "tenantId": "5d3c1e2f-0000-4000-8000-00000000c0de",
                "domain": "longname.onmicrosoft.com",
                "companyName": name
            },
            "relationshipToPartner": "reseller",
            "allowDelegatedAccess": false
        }],
        "attributes": { "objectType": "Collection" }
    })
    .to_string()
    .into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Whatever an import accepts, the saved file loads: a record over the limit is left out.
    #[test]
    fn whatever_an_import_accepts_the_saved_file_loads(text in text_near_the_limit()) {
        use partnerdesk::interop::{Source, plan};
        let world = World::cast();
        let importer = id(CONTOSO);
        let sources = [Source { name: "customers.json".into(), bytes: customers_page(&text) }];
        let Ok(planned) = plan(&world.ws, Some(&importer), &sources, None) else {
            return Ok(());
        };
        let action = Action::Import {
            sources: vec!["customers.json".into()],
            digests: planned.sources.iter().map(|s| s.sha256.clone()).collect(),
            strict: false,
            records: Box::new(planned.records.clone()),
            tally: None,
        };
        if let Ok(applied) = apply(&world.ws, &partner(CONTOSO), &action, world.now) {
            prop_assert!(reloads(&applied.workspace).is_ok(), "{:?}", reloads(&applied.workspace));
        }
    }
}

#[test]
fn the_import_property_imports_a_customer_when_its_name_fits() {
    use partnerdesk::interop::{Source, plan};
    let world = World::cast();
    let importer = id(CONTOSO);
    for (name, imported) in [
        ("Long Name Ltd".to_string(), true),
        ("L".repeat(MAX_STRING_BYTES + 1), false),
    ] {
        let sources = [Source {
            name: "customers.json".into(),
            bytes: customers_page(&name),
        }];
        let planned = plan(&world.ws, Some(&importer), &sources, None).expect("a customers page");
        let action = Action::Import {
            sources: vec!["customers.json".into()],
            digests: planned.sources.iter().map(|s| s.sha256.clone()).collect(),
            strict: false,
            records: Box::new(planned.records.clone()),
            tally: None,
        };
        let applied = apply(&world.ws, &partner(CONTOSO), &action, world.now).expect("applies");
        let found = applied
            .workspace
            .customers()
            .any(|c| c.domain.as_str() == "longname.onmicrosoft.com");
        assert_eq!(found, imported, "{} bytes", name.len());
        reloads(&applied.workspace).expect("the saved file loads");
    }
}
