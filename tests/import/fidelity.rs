//! What an import keeps from Microsoft: provenance, etags, assignment statuses, consent and providers, DAP flags, identity rules, the summary and --complete.

use super::*;

/// The pages of `fidelity/` (not part of world.json's import): more Graph shapes.
fn fidelity_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(format!("{EXPORTS}/fidelity"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
}

fn export(dir: &str, name: &str) -> PathBuf {
    PathBuf::from(format!("{EXPORTS}/{dir}/{name}"))
}

fn show_text(file: &Path, id: &str) -> String {
    ok(&partnerdesk(&["show", file.to_str().unwrap(), id]))
}

fn show_json(file: &Path, id: &str) -> Value {
    serde_json::from_str(&ok(&partnerdesk(&[
        "show",
        file.to_str().unwrap(),
        id,
        "--json",
    ])))
    .unwrap()
}

/// The workspace id of the importing partner.
fn importer_id(file: &Path) -> Value {
    let mpn = world()["importingPartner"]["mpn"].clone();
    list(file, "partners")
        .into_iter()
        .find(|p| p["partnerCenterId"] == mpn)
        .unwrap()["id"]
        .clone()
}

#[test]
fn show_of_an_imported_relationship_names_the_file_and_digest_it_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    ok(&import(&file, &export_files(), &[]));
    let page1 = export("graph", "delegatedAdminRelationships.page1.json");
    let digest = partnerdesk::interop::sha256_hex(&std::fs::read(&page1).unwrap());
    let id = world()["accessAssignmentsFor"]
        .as_str()
        .unwrap()
        .to_string();

    let text = show_text(&file, &id);
    let line = format!(
        "imported from {} (sha256 {}…) by Tidewater Cloud Services on 2026-11-24",
        page1.display(),
        &digest[..12]
    );
    assert!(text.contains(&line), "{text}");

    let source = &show_json(&file, &id)["source"];
    assert_eq!(source["file"], page1.display().to_string());
    assert_eq!(source["sha256"], digest, "--json carries the whole digest");
    assert_eq!(source["importedBy"], importer_id(&file));
    assert_eq!(source["importedAt"], NOW);

    // A customer names the Partner Center page it came from.
    let customers = list(&file, "customers");
    let harbor = customers
        .iter()
        .find(|c| c["name"] == "Harbor Light Bakery")
        .unwrap();
    let source = &show_json(&file, harbor["id"].as_str().unwrap())["source"];
    assert_eq!(
        source["file"],
        export("partner-center", "customers.page1.json")
            .display()
            .to_string()
    );
}

#[test]
fn an_imported_relationship_with_no_invitation_says_it_is_known_only_from_an_import() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    ok(&import(&file, &export_files(), &[]));
    let text = show_text(&file, CREATED_GDAP_ID);
    assert!(
        text.contains("known only from an import: no invitation in this workspace"),
        "{text}"
    );
    let shown = show_json(&file, CREATED_GDAP_ID);
    assert!(shown.get("invitationId").is_none());
    assert!(shown["source"].is_object());
}

#[test]
fn an_action_on_an_imported_relationship_keeps_where_it_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    ok(&import(&file, &export_files(), &[]));
    let id = world()["accessAssignmentsFor"]
        .as_str()
        .unwrap()
        .to_string();
    let before = show_json(&file, &id)["source"].clone();
    let me = importer_id(&file);
    ok(&partnerdesk(&[
        "terminate",
        file.to_str().unwrap(),
        &id,
        "--as",
        &format!("partner:{}", me.as_str().unwrap()),
        "--now",
        "2026-11-26T10:00:00Z",
    ]));
    let after = show_json(&file, &id);
    assert_eq!(after["status"], "terminated");
    assert_eq!(after["source"], before);
}

#[test]
fn graph_etags_are_kept_on_relationships_and_access_assignments() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    ok(&import(&file, &export_files(), &[]));
    let page = |dir: &str, name: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(export(dir, name)).unwrap()).unwrap()
    };
    let relationships = page("graph", "delegatedAdminRelationships.page1.json");
    let first = &relationships["value"][0];
    assert_eq!(
        show_json(&file, first["id"].as_str().unwrap())["etag"],
        first["@odata.etag"]
    );
    let assignments = page("graph", "accessAssignments.service-desk-2025.json");
    let first = &assignments["value"][0];
    assert_eq!(
        show_json(&file, first["id"].as_str().unwrap())["etag"],
        first["@odata.etag"]
    );
}

#[test]
fn pending_deleting_and_error_assignment_statuses_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    let mut files = export_files();
    files.extend(fidelity_files());
    ok(&import(&file, &files, &[]));
    let statuses: std::collections::BTreeMap<String, String> = list(&file, "assignments")
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_string(),
                a["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for (id, status) in [
        ("5b27bb56-7abb-41ea-b688-c1805e484bbe", "pending"),
        ("ce795688-70d7-4355-8300-4bfaeeb92580", "deleting"),
        ("a4e274ec-2ba0-4b04-bf44-a6e343d37f47", "error"),
        ("1d0709d3-382d-458b-895e-3014254d8ccd", "active"),
    ] {
        assert_eq!(statuses.get(id).map(String::as_str), Some(status), "{id}");
    }
    ok(&partnerdesk(&["check", file.to_str().unwrap()]));
}

#[test]
fn is_partner_consent_pending_and_the_indirect_provider_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    let mut files = export_files();
    files.extend(fidelity_files());
    ok(&import(&file, &files, &[]));
    let partners = list(&file, "partners");
    let by_name = |name: &str| partners.iter().find(|p| p["name"] == name).unwrap()["id"].clone();
    let pending = show_json(&file, CONSENT_PENDING_GDAP_ID);
    assert_eq!(pending["partnerConsentPending"], true);
    assert_eq!(
        pending["viaPartnerId"],
        by_name("Bramblecrest Distribution")
    );
    let consented = show_json(&file, CONSENTED_GDAP_ID);
    assert!(
        consented.get("partnerConsentPending").is_none(),
        "false is not written"
    );
    assert_eq!(consented["viaPartnerId"], by_name("Kestrel Supply"));
    assert_eq!(consented["status"], "active");
}

#[test]
fn a_relationship_for_any_customer_is_reported_as_not_imported_with_its_id_and_name() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    let mut files = export_files();
    files.extend(fidelity_files());
    let summary: Value = serde_json::from_str(&ok(&import(&file, &files, &["--json"]))).unwrap();
    let left = summary["leftOut"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["key"] == ANY_CUSTOMER_GDAP_ID)
        .expect("reported");
    let reason = left["reason"].as_str().unwrap();
    assert!(
        reason.contains(ANY_CUSTOMER_GDAP) && reason.contains("no customer until approval"),
        "{reason}"
    );
    assert!(
        !list(&file, "relationships")
            .iter()
            .any(|r| r["id"] == ANY_CUSTOMER_GDAP_ID)
    );
    let text = ok(&import(&file, &files, &[]));
    assert!(
        text.contains("not imported: no customer until approval"),
        "{text}"
    );
}

#[test]
fn allow_delegated_access_true_creates_no_dap_and_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    let summary: Value =
        serde_json::from_str(&ok(&import(&file, &export_files(), &["--json"]))).unwrap();
    assert!(
        !list(&file, "relationships")
            .iter()
            .any(|r| r["kind"] == "delegatedAdmin"),
        "an import never creates DAP"
    );
    let findings: Vec<&str> = summary["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    let world = world();
    let with_dap: Vec<&str> = world["customers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["dap"] == true)
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(findings.len(), with_dap.len(), "{findings:?}");
    for name in with_dap {
        let expected = format!(
            "Partner Center still reports DAP for {name}; partnerdesk records DAP only as history — terminate it in Partner Center"
        );
        assert!(findings.contains(&expected.as_str()), "{findings:?}");
    }
    // A finding refuses nothing, even with --strict.
    let strict = import(&file, &export_files(), &["--strict"]);
    assert_eq!(strict.status.code(), Some(0));
}

#[test]
fn allow_delegated_access_false_ends_an_active_dap() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    ok(&import(&file, &export_files(), &[]));
    // A DAP relationship from before the import (DAP is history now): Oakmere's export says
    // allowDelegatedAccess is false.
    let oakmere = list(&file, "customers")
        .into_iter()
        .find(|c| c["name"] == "Oakmere Vineyards")
        .unwrap();
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    doc["relationships"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "id": "oakmere-dap",
            "kind": "delegatedAdmin",
            "partnerId": importer_id(&file),
            "customerId": oakmere["id"],
            "status": "active",
            "createdDateTime": "2019-05-01T00:00:00Z",
            "startDateTime": "2019-05-01T00:00:00Z"
        }));
    std::fs::write(&file, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    ok(&import(
        &file,
        &[export("partner-center", "customers.page1.json")],
        &[],
    ));
    let dap = show_json(&file, "oakmere-dap");
    assert_eq!(dap["status"], "terminated");
    assert_eq!(dap["endDateTime"], NOW);
    let history = dap["history"].as_array().unwrap();
    assert_eq!(
        history.last().unwrap()["note"],
        "DAP removed (Partner Center allowDelegatedAccess=false)"
    );
    ok(&partnerdesk(&["check", file.to_str().unwrap()]));
}

#[test]
fn customers_breaking_the_identity_rules_are_left_out_naming_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    // On the first customer page: the second customer takes the first one's domain (in
    // capitals, ID2), the third a tenant id that is no GUID (ID3).
    let files = variant(dir.path(), |name, doc| {
        if name != "partner-center-customers.page1.json" {
            return;
        }
        let items = doc["items"].as_array_mut().unwrap();
        let domain = items[0]["companyProfile"]["domain"]
            .as_str()
            .unwrap()
            .to_ascii_uppercase();
        items[1]["companyProfile"]["domain"] = domain.into();
        items[2]["id"] = "not-a-guid".into();
        items[2]["companyProfile"]["tenantId"] = "not-a-guid".into();
    });
    let summary: Value = serde_json::from_str(&ok(&import(&file, &files, &["--json"]))).unwrap();
    let left: Vec<&Value> = summary["leftOut"].as_array().unwrap().iter().collect();
    let customer_left = |rule: &str| {
        left.iter()
            .any(|l| l["kind"] == "customer" && l["rule"] == rule)
    };
    assert!(customer_left("ID2"), "{left:?}");
    assert!(customer_left("ID3"), "{left:?}");
    // What went in keeps every rule.
    ok(&partnerdesk(&["check", file.to_str().unwrap()]));
}

#[test]
fn the_summary_is_one_screen_and_verbose_adds_a_line_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ws.json");
    let files = export_files();
    let out = ok(&import(&file, &files, &[]));
    assert!(out.contains("RECORDS"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with(&format!("{} file(s): ", files.len()))),
        "{out}"
    );
    assert!(
        !out.contains("customers.page1.json"),
        "no line per file without --verbose: {out}"
    );
    let verbose = ok(&import(&file, &files, &["--verbose"]));
    for f in &files {
        let name = f.display().to_string();
        assert!(verbose.contains(&name), "{name} in {verbose}");
    }
    let summary: Value = serde_json::from_str(&ok(&import(&file, &files, &["--json"]))).unwrap();
    let kinds = summary["filesByKind"].as_array().unwrap();
    let counted: u64 = kinds.iter().map(|k| k["files"].as_u64().unwrap()).sum();
    assert_eq!(counted, files.len() as u64, "{summary}");
    assert!(summary["slowestPage"]["file"].is_string(), "{summary}");
}

#[test]
fn complete_names_what_the_exports_no_longer_contain_and_deletes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ws.json");
    ok(&import(&file, &export_files(), &[]));
    let relationships = list(&file, "relationships");
    // Page 1 alone, said to be the whole export: what only page 2 had is missing upstream.
    let page1 = PathBuf::from(format!(
        "{EXPORTS}/graph/delegatedAdminRelationships.page1.json"
    ));
    let summary: Value = serde_json::from_str(&ok(&import(
        &file,
        std::slice::from_ref(&page1),
        &["--json", "--complete"],
    )))
    .unwrap();
    let missing = summary["missing"].as_array().unwrap();
    assert!(
        missing
            .iter()
            .any(|m| m["kind"] == "relationship" && m["externalId"] == CREATED_GDAP_ID),
        "{summary}"
    );
    assert!(
        missing.iter().all(|m| m["kind"] == "relationship"),
        "only the kinds the exports cover are compared: {summary}"
    );
    assert_eq!(
        list(&file, "relationships"),
        relationships,
        "nothing deleted"
    );
    let without: Value = serde_json::from_str(&ok(&import(&file, &[page1], &["--json"]))).unwrap();
    assert_eq!(without["missing"], serde_json::json!([]), "{without}");
}

#[test]
fn complete_names_every_kind_the_exports_no_longer_contain_kind_by_kind_in_id_order() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ws.json");
    ok(&import(&file, &export_files(), &[]));
    // Each listing shortened: page 1 of the customers and of the relationships, one
    // customer's subscriptions, and the access assignments without their second one.
    let mut assignments: Value = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{EXPORTS}/graph/accessAssignments.service-desk-2025.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let dropped = assignments["value"].as_array_mut().unwrap().remove(1);
    let listing = dir.path().join("accessAssignments.json");
    std::fs::write(&listing, assignments.to_string()).unwrap();
    let pages = [
        PathBuf::from(format!("{EXPORTS}/partner-center/customers.page1.json")),
        PathBuf::from(format!(
            "{EXPORTS}/partner-center/subscriptions.harborlightbakery.json"
        )),
        PathBuf::from(format!(
            "{EXPORTS}/graph/delegatedAdminRelationships.page1.json"
        )),
        listing,
    ];
    let summary: Value =
        serde_json::from_str(&ok(&import(&file, &pages, &["--json", "--complete"]))).unwrap();
    let missing = summary["missing"].as_array().unwrap();
    let of = |kind: &str| -> Vec<(String, String)> {
        missing
            .iter()
            .filter(|m| m["kind"] == kind)
            .map(|m| {
                let text = |v: &Value| v.as_str().unwrap().to_string();
                (text(&m["id"]), text(&m["externalId"]))
            })
            .collect()
    };
    let externals = |kind: &str| -> Vec<String> {
        let mut ids: Vec<String> = of(kind).into_iter().map(|(_, e)| e).collect();
        ids.sort();
        ids
    };
    let json = |name: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(format!("{EXPORTS}/{name}")).unwrap())
            .unwrap()
    };
    let ids_in = |doc: &Value, list: &str, field: &str| -> Vec<String> {
        let mut ids: Vec<String> = doc[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item[field].as_str().unwrap().to_ascii_lowercase())
            .collect();
        ids.sort();
        ids
    };
    // Every customer only page 2 lists is resold by the importer: all of them are missing.
    let page2 = json("partner-center/customers.page2.json");
    assert_eq!(
        externals("customer"),
        ids_in(&page2, "items", "id"),
        "{summary}"
    );
    let quill = json("partner-center/subscriptions.quillfeatherclinics.json");
    assert_eq!(
        externals("subscription"),
        ids_in(&quill, "items", "id"),
        "{summary}"
    );
    // Of page 2's relationships, those not ended.
    let graph2 = json("graph/delegatedAdminRelationships.page2.json");
    let mut live: Vec<String> = graph2["value"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| !["terminated", "expired"].contains(&r["status"].as_str().unwrap()))
        .map(|r| r["id"].as_str().unwrap().to_ascii_lowercase())
        .collect();
    live.sort();
    assert_eq!(externals("relationship"), live, "{summary}");
    assert_eq!(
        externals("accessAssignment"),
        [dropped["id"].as_str().unwrap().to_ascii_lowercase()],
        "{summary}"
    );
    // Kind by kind, each in the workspace's id order.
    let kinds: Vec<&str> = missing
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    let mut grouped = kinds.clone();
    grouped.dedup();
    assert_eq!(
        grouped,
        [
            "customer",
            "subscription",
            "relationship",
            "accessAssignment"
        ],
        "{summary}"
    );
    for kind in ["customer", "subscription", "relationship"] {
        let ids: Vec<String> = of(kind).into_iter().map(|(id, _)| id).collect();
        assert!(ids.is_sorted(), "{kind}: {ids:?}");
    }
}

/// The digest a provenance names, as `show --json` prints it, of the record named `name`.
fn customer_source(file: &Path, name: &str) -> Value {
    let customers = list(file, "customers");
    let customer = customers.iter().find(|c| c["name"] == name).unwrap();
    show_json(file, customer["id"].as_str().unwrap())["source"].clone()
}

#[test]
fn a_re_import_that_changes_a_record_names_the_digest_of_the_file_as_it_is_now() {
    // Into a workspace that exists, the digests are made only once something changes: from
    // the files read again, which must give the digest of what was read.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    let first = variant(dir.path(), |_, _| {});
    ok(&import(&file, &first, &[]));
    let quill_before = customer_source(&file, "Quillfeather Clinics");
    let renamed = "Harbor Light Bakery & Café";
    let again = harbor_renamed(dir.path(), renamed);
    let page = dir.path().join("partner-center-customers.page1.json");
    assert!(again.contains(&page));
    ok(&import(&file, &again, &[]));
    let source = customer_source(&file, renamed);
    assert_eq!(source["file"], page.display().to_string());
    let digest = partnerdesk::interop::sha256_hex(&std::fs::read(&page).unwrap());
    assert_eq!(source["sha256"], digest);
    assert_eq!(
        customer_source(&file, "Quillfeather Clinics"),
        quill_before,
        "a record the re-import left as it was keeps its provenance"
    );
    ok(&partnerdesk(&["check", file.to_str().unwrap()]));
}

#[test]
fn a_re_import_reads_its_pages_again_only_when_it_changes_something() {
    // The digests left for later are made, from the pages read again, only by an import that
    // changes something; one that cannot read them again writes nothing.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    let first = variant(dir.path(), |_, _| {});
    ok(&import(&file, &first, &[]));
    let before = std::fs::read(&file).unwrap();
    let reading_once = || {
        let mut command = common::binary::command();
        command.env("PARTNERDESK_FAULT", "import-read-again");
        command
    };
    ok(&import_by(reading_once(), &file, &first, &[]));
    assert_eq!(std::fs::read(&file).unwrap(), before, "nothing changed");
    let again = harbor_renamed(dir.path(), "Harbor Light Bakery & Café");
    let out = import_by(reading_once(), &file, &again, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("cannot read"), "{stderr}");
    assert!(
        stderr.contains(&dir.path().display().to_string()) && stderr.contains(".json again"),
        "names the page: {stderr}"
    );
    assert!(stderr.contains("nothing was written to"), "{stderr}");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the workspace as it was"
    );
    ok(&import(&file, &again, &[]));
    assert!(
        list(&file, "customers")
            .iter()
            .any(|c| c["name"] == "Harbor Light Bakery & Café")
    );
}
