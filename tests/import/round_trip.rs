//! The fixture exports import as world.json says, re-import changes no byte, real-world variations and later exports, malformed files, --dry-run and --strict.

use super::*;

#[test]
fn samples_import_as_world_json_says_and_reimport_changes_no_byte() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    ok(&import(&file, &export_files(), &[]));
    assert_world(&file);
    ok(&partnerdesk(&["check", file.to_str().unwrap()]));
    let before = std::fs::read(&file).unwrap();
    let mut reversed = export_files();
    reversed.reverse();
    let out = ok(&import(&file, &reversed, &["--json"]));
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "a re-import changed the file"
    );
    let summary: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(summary["changed"], false);
    // Six from Partner Center and one only Graph knows.
    assert_eq!(summary["customers"]["unchanged"], 7);
    let audit = ok(&partnerdesk(&["history", file.to_str().unwrap(), "--json"]));
    assert!(
        !audit.contains("roleDefinitionId") && !audit.contains("companyProfile"),
        "the audit copies the records"
    );
}

fn upper_ids(value: &mut Value) {
    match value {
        Value::String(s)
            if s.len() >= 36 && s.chars().all(|c| c.is_ascii_hexdigit() || c == '-') =>
        {
            *s = s.to_ascii_uppercase()
        }
        Value::String(s) if s.starts_with("/customers/") => {
            *s = s
                .to_ascii_uppercase()
                .replace("/CUSTOMERS/", "/customers/")
                .replace("/SUBSCRIPTIONS/", "/subscriptions/")
        }
        Value::Array(items) => items.iter_mut().for_each(upper_ids),
        Value::Object(map) => map.values_mut().for_each(upper_ids),
        _ => {}
    }
}

#[test]
fn real_world_variations_import_calmly() {
    let dir = tempfile::tempdir().unwrap();
    let custom = world()["customRoleId"].as_str().unwrap().to_string();
    let mut files = variant(dir.path(), |name, doc| {
        upper_ids(doc);
        let field = if doc.get("items").is_some() {
            "items"
        } else {
            "value"
        };
        let items = doc[field].as_array_mut().unwrap();
        for item in items.iter_mut() {
            item["someFieldNobodyKnows"] = serde_json::json!({"nested": [1, 2]});
            if let Some(map) = item.as_object_mut() {
                map.remove("commitmentEndDate");
                map.remove("lastModifiedDateTime");
            }
            if item["duration"] == "P730D" {
                item["duration"] = "P2Y".into();
            }
            if item["displayName"] == CREATED_GDAP {
                item["accessDetails"]["unifiedRoles"]
                    .as_array_mut()
                    .unwrap()
                    .push(serde_json::json!({"roleDefinitionId": custom.to_ascii_uppercase()}));
            }
        }
        if name.contains("page1") {
            // A record repeated on the next page.
            let first = items[0].clone();
            items.push(first);
        }
    });
    files.reverse();
    let file = dir.path().join("w.json");
    let out: Value = serde_json::from_str(&ok(&import(&file, &files, &["--json"]))).unwrap();
    assert_world(&file);
    assert!(out["repeated"].as_u64().unwrap() >= 2);
    let unknown = out["unknownRoles"].as_array().unwrap();
    assert_eq!(unknown.len(), 1, "reported once: {unknown:?}");
    assert!(unknown[0].as_str().unwrap().eq_ignore_ascii_case(&custom));
    let show = ok(&partnerdesk(&[
        "show",
        file.to_str().unwrap(),
        CREATED_GDAP_ID,
        "--json",
    ]));
    assert!(
        show.contains(&custom.to_ascii_uppercase()),
        "the unknown role is kept as it came"
    );
    let rels = list(&file, "relationships");
    assert!(rels.iter().any(|r| {
        r["roles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|role| role["name"].is_null() && role["id"].is_string())
    }));
    ok(&partnerdesk(&["check", file.to_str().unwrap()]));
    let before = std::fs::read(&file).unwrap();
    ok(&import(&file, &files, &[]));
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn a_later_export_updates_status_and_keeps_history_and_missing_relationships() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    ok(&import(&file, &export_files(), &[]));
    let later = variant(dir.path(), |name, doc| {
        if !name.contains("delegatedAdminRelationships.page1") {
            return;
        }
        let items = doc["value"].as_array_mut().unwrap();
        items.retain(|r| r["status"] != "active" || r["displayName"] == ACTIVE_GDAP);
        for r in items
            .iter_mut()
            .filter(|r| r["status"] == "approvalPending")
        {
            r["status"] = "active".into();
            r["activatedDateTime"] = "2026-11-20T08:00:00.1234567Z".into();
            r["endDateTime"] = "2027-05-19T08:00:00.1234567Z".into();
            r["lastModifiedDateTime"] = "2026-11-20T08:00:00.1234567Z".into();
        }
    });
    let page1: Vec<PathBuf> = later
        .into_iter()
        .filter(|p| {
            p.to_str()
                .unwrap()
                .contains("delegatedAdminRelationships.page1")
        })
        .collect();
    ok(&import(&file, &page1, &[]));
    let rels = list(&file, "relationships");
    let security = rels.iter().find(|r| r["name"] == PENDING_GDAP).unwrap();
    assert_eq!(security["status"], "active");
    assert!(
        security["endDateTime"]
            .as_str()
            .unwrap()
            .starts_with("2027-05-19")
    );
    assert!(
        rels.iter().any(|r| r["name"] == GLOBAL_ADMIN_GDAP),
        "a relationship missing from a newer export stays"
    );
    let shown: Value = serde_json::from_str(&ok(&partnerdesk(&[
        "show",
        file.to_str().unwrap(),
        security["id"].as_str().unwrap(),
        "--json",
    ])))
    .unwrap();
    let history: Vec<&str> = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].as_str().unwrap())
        .collect();
    assert_eq!(history, ["approvalPending", "active"]);
    ok(&partnerdesk(&["check", file.to_str().unwrap()]));
}

#[test]
fn malformed_files_name_the_file_and_path_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"value\": [ {\"id\": 1,").unwrap();
    let out = import(&file, std::slice::from_ref(&broken), &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.json") && err.contains("line"), "{err}");
    assert!(!file.exists(), "nothing is written");

    let wrong = dir.path().join("wrong-type.json");
    let mut doc: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{EXPORTS}/partner-center/customers.page2.json")).unwrap(),
    )
    .unwrap();
    doc["items"][1]["companyProfile"]["domain"] = serde_json::json!({"oops": true});
    std::fs::write(&wrong, doc.to_string()).unwrap();
    let mut sources = export_files();
    sources.push(wrong);
    let out = import(&file, &sources, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("wrong-type.json") && err.contains("items[1].companyProfile.domain"),
        "{err}"
    );
    assert!(!file.exists());

    let alien = dir.path().join("alien.json");
    std::fs::write(&alien, r#"{"hello": "world"}"#).unwrap();
    let out = import(&file, &[alien], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("alien.json"));
}

#[test]
fn dry_run_writes_nothing_and_strict_refuses_when_a_record_is_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    let out = import(&file, &export_files(), &["--dry-run"]);
    assert!(out.status.success());
    // A status line: on standard error, beside the report on standard output.
    assert!(String::from_utf8_lossy(&out.stderr).contains("dry run: nothing written"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("RECORDS"));
    assert!(!file.exists());
    // Global Administrator with auto-extend breaks GD2: left out, or with --strict nothing goes in.
    let files = variant(dir.path(), |_, doc| {
        if let Some(items) = doc.get_mut("value").and_then(Value::as_array_mut) {
            for r in items
                .iter_mut()
                .filter(|r| r["displayName"] == GLOBAL_ADMIN_GDAP)
            {
                r["autoExtendDuration"] = "P180D".into();
            }
        }
    });
    let out = import(&file, &files, &["--strict"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("GD2"));
    let summary: Value = serde_json::from_str(&ok(&import(&file, &files, &["--json"]))).unwrap();
    let left: Vec<&Value> = summary["leftOut"].as_array().unwrap().iter().collect();
    assert!(left.iter().any(|l| l["rule"] == "GD2"), "{left:?}");
    ok(&partnerdesk(&["check", file.to_str().unwrap()]));
}

#[test]
fn listings_and_the_review_show_graph_ids_whole_so_the_next_command_can_take_them() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    ok(&import(&file, &export_files(), &[]));
    let f = file.to_str().unwrap();
    let long = list(&file, "relationships")
        .into_iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .max_by_key(String::len)
        .unwrap();
    assert!(
        long.len() > 48,
        "the fixtures hold Graph's long ids: {long}"
    );
    let listed = ok(&partnerdesk(&["list", f, "relationships"]));
    let row = listed
        .lines()
        .find(|l| l.starts_with(&format!("{long} ")))
        .unwrap_or_else(|| panic!("no row starts with the whole id {long}:\n{listed}"));
    // The id taken from the listing works in the next command.
    let first = row.split_whitespace().next().unwrap();
    ok(&partnerdesk(&["show", f, first]));
    let review = ok(&partnerdesk(&["review", f]));
    assert!(
        review
            .lines()
            .skip(1)
            .all(|l| !l.split_whitespace().nth(1).unwrap_or("").contains('…')),
        "a finding id is cut:\n{review}"
    );
}
