//! A workspace with integrity problems (what `check` finds): an import reads it without a
//! check and checks it only when it would change it, or when it fails; then its findings are
//! what it reports, before anything else, and nothing is written. An import that changes
//! nothing leaves the file as it is, as it found it.

use super::*;

/// `import FILE` of `sources` as the importing partner, without `--relationship` (so the
/// workspace loads beside the pages).
fn import_beside(file: &Path, sources: &[PathBuf]) -> Output {
    let world = world();
    let mpn = world["importingPartner"]["mpn"]
        .as_str()
        .unwrap()
        .to_string();
    let mut args = vec![
        "import".to_string(),
        file.display().to_string(),
        "--as".into(),
        format!("partner:{mpn}"),
        "--now".into(),
        NOW.into(),
    ];
    args.extend(sources.iter().map(|p| p.display().to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    partnerdesk(&refs)
}

#[test]
fn an_import_that_would_change_a_workspace_with_findings_or_fails_reports_them_first() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    let mut pages = variant(dir.path(), |_, _| {});
    ok(&import(&file, &pages, &[]));
    // Without `--relationship`, an access-assignment listing cannot be read: left aside.
    pages.retain(|p| !p.display().to_string().contains("accessAssignments"));
    ok(&import_beside(&file, &pages));
    let clean = std::fs::read_to_string(&file).unwrap();
    // A subscription that names a customer the workspace does not hold: a finding (WS1).
    let mut doc: Value = serde_json::from_str(&clean).unwrap();
    doc["subscriptions"][0]["customerId"] = "nobody-here".into();
    let broken = serde_json::to_string_pretty(&doc).unwrap();
    std::fs::write(&file, &broken).unwrap();
    let malformed = dir.path().join("zz-malformed.json");
    std::fs::write(&malformed, "{\"items\": [").unwrap();
    let with_malformed = [pages.clone(), vec![malformed]].concat();
    for sources in [&pages, &with_malformed] {
        let out = import_beside(&file, sources);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("integrity problems"), "{stderr}");
        assert!(
            !stderr.contains("zz-malformed"),
            "the findings come first: {stderr}"
        );
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            broken,
            "nothing written"
        );
    }
    // Mended, the malformed page is what stops it.
    std::fs::write(&file, &clean).unwrap();
    let out = import_beside(&file, &with_malformed);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("zz-malformed"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        clean,
        "nothing written"
    );
}

/// The fixture exports imported into `file`, then the file given an audit entry dated before
/// the one it has (an AU rule's finding, in a part of the file no import compares).
fn imported_with_an_audit_finding(dir: &Path, file: &Path) -> (Vec<PathBuf>, String) {
    let mut pages = variant(dir, |_, _| {});
    ok(&import(file, &pages, &[]));
    pages.retain(|p| !p.display().to_string().contains("accessAssignments"));
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let audit = doc["audit"].as_array_mut().unwrap();
    let mut earlier = audit[audit.len() - 1].clone();
    earlier["seq"] = (earlier["seq"].as_u64().unwrap() + 1).into();
    earlier["at"] = "2001-01-01T00:00:00Z".into();
    audit.push(earlier);
    let broken = serde_json::to_string_pretty(&doc).unwrap();
    std::fs::write(file, &broken).unwrap();
    let check = partnerdesk(&["check", &file.display().to_string()]);
    assert_ne!(check.status.code(), Some(0), "the file has a finding");
    (pages, broken)
}

#[test]
fn a_re_import_that_changes_nothing_leaves_a_workspace_with_findings_as_it_found_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    let (pages, broken) = imported_with_an_audit_finding(dir.path(), &file);
    for extra in [&[][..], &["--dry-run"], &["--json"]] {
        let mut sources: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        sources.extend(pages.iter().map(|p| p.display().to_string()));
        let mut args = vec!["import", file.to_str().unwrap(), "--as"];
        let me = format!(
            "partner:{}",
            world()["importingPartner"]["mpn"].as_str().unwrap()
        );
        args.extend([me.as_str(), "--now", NOW]);
        args.extend(sources.iter().map(String::as_str));
        let out = ok(&partnerdesk(&args));
        assert!(!out.contains("integrity problems"), "{extra:?}: {out}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), broken, "{extra:?}");
    }
}

#[test]
fn an_import_that_would_change_a_workspace_with_findings_is_refused_dry_run_or_not() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.json");
    let (_, broken) = imported_with_an_audit_finding(dir.path(), &file);
    let renamed = harbor_renamed(dir.path(), "Harbor Light Bakery & Café");
    for extra in [&[][..], &["--dry-run"]] {
        let out = import(&file, &renamed, extra);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {stderr}");
        assert!(stderr.contains("integrity problems"), "{stderr}");
        assert!(stderr.contains("audit/"), "names where: {stderr}");
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            broken,
            "nothing written"
        );
    }
}
