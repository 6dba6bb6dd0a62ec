//! Whole scripts: the demo round trip, invite then accept, refusals that leave the file, time passing, history.

use super::*;

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
fn history_lists_who_did_what() {
    let dir = tempfile::tempdir().unwrap();
    let file = with_subscription(dir.path());
    let out = run_ok(&["history", file.to_str().unwrap()]);
    assert!(
        out.contains("customer:fabrikam") && out.contains("accept"),
        "{out}"
    );
}
