//! Files and arguments that are wrong: truncated JSON, wrong types, newer formats, findings, usage errors, unknown roles, hostile names.

use super::*;

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
