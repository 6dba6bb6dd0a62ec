//! Who may do what, as a full matrix through the CLI: every kind of actor (the operator, the
//! inviting partner, another partner, the invited customer, another customer, an indirect
//! provider and its indirect reseller) against every kind of action, on a fresh copy of one
//! workspace each time. Allowed ones exit 0; refused ones exit 1,
//! name the rule, and leave the file byte-identical.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::binary::{ok, partnerdesk};

const NOW: &str = "2026-11-24T10:00:00Z";

/// contoso (direct bill) resells to fabrikam (reseller relationship, two subscriptions, one
/// suspended), holds an active GDAP relationship with an access assignment and another granting
/// Global Administrator, has a GDAP request locked and pending at fabrikam and a draft for it.
/// northwind (direct bill) has a reseller invitation pending at fabrikam. tailspin (an indirect
/// provider) has asked adatum for GDAP for litware (its indirect reseller), which litware has
/// not yet approved.
fn world(dir: &Path) -> (PathBuf, Ids) {
    let file = dir.join("w.json");
    std::fs::write(
        &file,
        r#"{"format":"partnerdesk-workspace","version":1,"name":"matrix"}"#,
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let op = ["--as", "operator", "--now", NOW];
    let partners = [
        (
            "contoso",
            "Contoso",
            "1234567",
            "11111111",
            "direct-bill",
            "",
        ),
        (
            "northwind",
            "Northwind",
            "2345678",
            "66666666",
            "direct-bill",
            "",
        ),
        (
            "tailspin",
            "Tailspin",
            "3456789",
            "88888888",
            "indirect-provider",
            "",
        ),
        (
            "litware",
            "Litware",
            "4567890",
            "99999999",
            "indirect-reseller",
            "tailspin",
        ),
    ];
    for (id, name, partner_id, tenant, billing, providers) in partners {
        let tenant = format!("{tenant}-1111-1111-1111-111111111111");
        let mut args = vec![
            "add-partner",
            f,
            "--id",
            id,
            "--name",
            name,
            "--partner-id",
            partner_id,
            "--tenant",
            &tenant,
            "--billing",
            billing,
        ];
        if !providers.is_empty() {
            args.extend(["--providers", providers]);
        }
        ok(&[&args[..], &op].concat());
    }
    ok(&[
        &["add-customer", f][..],
        &op,
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
    .concat());
    ok(&[
        &["add-customer", f][..],
        &op,
        &[
            "--id",
            "adatum",
            "--name",
            "Adatum",
            "--domain",
            "adatum.onmicrosoft.com",
            "--country",
            "DE",
            "--tenant",
            "33333333-2222-2222-2222-222222222222",
        ],
    ]
    .concat());
    let contoso = ["--as", "partner:contoso", "--now", NOW];
    let fabrikam = ["--as", "customer:fabrikam", "--now", NOW];
    ok(&[&["invite", f][..], &contoso, &["--customer", "fabrikam"]].concat());
    let reseller_invitation = newest(f, "invitations");
    ok(&[&["accept", f, &reseller_invitation][..], &fabrikam].concat());
    ok(&[
        &["buy", f][..],
        &contoso,
        &[
            "--customer",
            "fabrikam",
            "--offer",
            "Microsoft 365 E3",
            "--quantity",
            "10",
        ],
    ]
    .concat());
    let active = newest(f, "subscriptions");
    ok(&[
        &["buy", f][..],
        &contoso,
        &[
            "--customer",
            "fabrikam",
            "--offer",
            "Visio Plan 2",
            "--quantity",
            "2",
        ],
    ]
    .concat());
    let suspended = newest(f, "subscriptions");
    ok(&[&["suspend", f, &suspended][..], &contoso].concat());
    // Approving a GDAP request makes the relationship active at once.
    let approved_gdap = |name: &str, roles: &[&str]| {
        ok(&[
            &["invite", f][..],
            &contoso,
            &["--customer", "fabrikam", "--days", "365", "--name", name],
            &["--roles", &roles.join(",")],
        ]
        .concat());
        let invitation = newest(f, "invitations");
        ok(&[&["accept", f, &invitation][..], &fabrikam].concat());
        let gdap = newest(f, "relationships");
        let status = relationships(f)
            .into_iter()
            .find(|r| r["id"] == gdap.as_str())
            .unwrap()["status"]
            .clone();
        assert_eq!(status, "active", "{gdap}");
        gdap
    };
    let gdap = approved_gdap(
        "Contoso helpdesk",
        &["Helpdesk Administrator", "User Administrator"],
    );
    let global_admin = approved_gdap(
        "Contoso admin",
        &["Global Administrator", "Helpdesk Administrator"],
    );
    ok(&[
        &[
            "assign",
            f,
            &gdap,
            "--group",
            "aaaaaaaa-0000-0000-0000-000000000001",
            "--roles",
            "Helpdesk Administrator",
        ][..],
        &contoso,
    ]
    .concat());
    let assignment = newest(f, "assignments");
    ok(&[
        &["invite", f][..],
        &contoso,
        &[
            "--customer",
            "fabrikam",
            "--template",
            "Security reader",
            "--days",
            "90",
            "--name",
            "Contoso security",
        ],
    ]
    .concat());
    let pending = newest(f, "invitations");
    ok(&[
        &["invite", f][..],
        &contoso,
        &[
            "--customer",
            "fabrikam",
            "--roles",
            "Directory Readers",
            "--days",
            "30",
            "--name",
            "Contoso draft",
            "--draft",
        ],
    ]
    .concat());
    let draft = newest(f, "relationships");
    ok(&[
        "invite",
        f,
        "--as",
        "partner:northwind",
        "--now",
        NOW,
        "--customer",
        "fabrikam",
    ]);
    let reseller_pending = newest(f, "invitations");
    ok(&[
        "invite",
        f,
        "--as",
        "partner:tailspin",
        "--now",
        NOW,
        "--customer",
        "adatum",
        "--roles",
        "User Administrator",
        "--days",
        "90",
        "--name",
        "Litware for Adatum",
        "--for-reseller",
        "litware",
    ]);
    let awaiting_consent = newest(f, "invitations");
    let for_reseller = newest(f, "relationships");
    assert_eq!(partnerdesk(&["check", f]).status.code(), Some(0));
    (
        file,
        Ids {
            pending,
            reseller_pending,
            awaiting_consent,
            active,
            suspended,
            gdap,
            global_admin,
            draft,
            for_reseller,
            assignment,
        },
    )
}

struct Ids {
    /// contoso's GDAP request to fabrikam, locked for approval.
    pending: String,
    /// northwind's reseller invitation to fabrikam.
    reseller_pending: String,
    /// tailspin's GDAP request to adatum for litware, before litware's consent.
    awaiting_consent: String,
    active: String,
    suspended: String,
    gdap: String,
    /// contoso's active relationship granting Global Administrator and Helpdesk Administrator.
    global_admin: String,
    /// contoso's draft GDAP relationship with fabrikam.
    draft: String,
    /// The relationship of `awaiting_consent`.
    for_reseller: String,
    assignment: String,
}

fn list(f: &str, kind: &str) -> Vec<serde_json::Value> {
    serde_json::from_str::<serde_json::Value>(&ok(&["list", f, kind, "--json"]))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn relationships(f: &str) -> Vec<serde_json::Value> {
    list(f, "relationships")
}

/// The id with the highest serial of a kind (ids are `prefix-N`).
fn newest(f: &str, kind: &str) -> String {
    let serial = |v: &serde_json::Value| -> u64 {
        v["id"]
            .as_str()
            .unwrap()
            .rsplit('-')
            .next()
            .unwrap()
            .parse()
            .unwrap_or(0)
    };
    list(f, kind).into_iter().max_by_key(serial).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

const ACTORS: [&str; 7] = [
    "operator",
    "partner:contoso",
    "partner:northwind",
    "customer:fabrikam",
    "customer:adatum",
    "partner:tailspin",
    "partner:litware",
];

/// Every action, as JSON, with the actors allowed to do it (indexes into ACTORS) and the rules a
/// refusal may name for everyone else.
fn actions(ids: &Ids) -> Vec<(&'static str, String, Vec<usize>, Vec<&'static str>)> {
    let customer = r#"{"id":"tailwind","tenantId":"44444444-2222-2222-2222-222222222222","displayName":"Tailwind","domain":"tailwind.onmicrosoft.com","country":"FR"}"#;
    let partner = r#"{"id":"vanarsdel","displayName":"VanArsdel","partnerId":"7777777","tenantId":"77777777-1111-1111-1111-111111111111","billingModel":"directBill"}"#;
    let edited_customer = r#"{"id":"adatum","tenantId":"33333333-2222-2222-2222-222222222222","displayName":"Adatum GmbH","domain":"adatum.onmicrosoft.com","country":"DE"}"#;
    let edited_partner = r#"{"id":"northwind","displayName":"Northwind Traders","partnerId":"2345678","tenantId":"66666666-1111-1111-1111-111111111111","billingModel":"directBill"}"#;
    let on_relationship =
        |kind: &str, id: &str| format!(r#"{{"type":"{kind}","relationshipId":"{id}"}}"#);
    let on_invitation =
        |kind: &str, id: &str| format!(r#"{{"type":"{kind}","invitationId":"{id}"}}"#);
    vec![
        ("add partner", format!(r#"{{"type":"addPartner","partner":{partner}}}"#), vec![0], vec!["OP1"]),
        ("edit partner", format!(r#"{{"type":"editPartner","partner":{edited_partner}}}"#), vec![0], vec!["OP1"]),
        ("add customer", format!(r#"{{"type":"addCustomer","customer":{customer}}}"#), vec![0], vec!["OP1"]),
        ("edit customer", format!(r#"{{"type":"editCustomer","customer":{edited_customer}}}"#), vec![0], vec!["OP1"]),
        // An indirect reseller invites only on behalf of a provider (IV4).
        ("invite", r#"{"type":"invite","customerId":"adatum","kind":"reseller"}"#.to_string(), vec![1, 2, 5], vec!["OP1", "MP7", "IV4"]),
        (
            "invite a GDAP draft",
            r#"{"type":"invite","customerId":"adatum","kind":"gdap","draft":true,"gdap":{"displayName":"Adatum draft","roles":["Helpdesk Administrator"],"duration":"P30D"}}"#.to_string(),
            vec![1, 2, 5, 6],
            vec!["OP1", "MP7"],
        ),
        ("lock", on_relationship("lock", &ids.draft), vec![1], vec!["OP1"]),
        (
            "edit draft",
            format!(r#"{{"type":"editDraft","relationshipId":"{}","displayName":"Contoso readers"}}"#, ids.draft),
            vec![1],
            vec!["OP1"],
        ),
        ("delete draft", on_relationship("deleteDraft", &ids.draft), vec![1], vec!["OP1"]),
        ("reseller approve", on_relationship("resellerApprove", &ids.for_reseller), vec![6], vec!["IV6"]),
        ("reseller reject", on_relationship("resellerReject", &ids.for_reseller), vec![6], vec!["IV6"]),
        ("accept", on_invitation("accept", &ids.pending), vec![3], vec!["OP1", "IV1", "MP7"]),
        // The customer approves only after the reseller has (IV6).
        ("accept before consent", on_invitation("accept", &ids.awaiting_consent), vec![], vec!["IV1", "IV6"]),
        ("decline", on_invitation("decline", &ids.reseller_pending), vec![3], vec!["OP1", "IV1", "MP7"]),
        // A GDAP request has no decline and cannot be withdrawn once locked (GD7).
        ("decline GDAP", on_invitation("decline", &ids.pending), vec![], vec!["IV1", "GD7"]),
        ("revoke", on_invitation("revoke", &ids.reseller_pending), vec![2], vec!["OP1", "IV1"]),
        ("revoke GDAP", on_invitation("revoke", &ids.pending), vec![], vec!["IV1", "GD7"]),
        ("terminate", on_relationship("terminate", &ids.gdap), vec![1, 3], vec!["OP1", "IV1", "MP7", "GD5"]),
        // Partial for both sides (RS1 keeps the reseller relationship, the locked request stays,
        // GD7), so allowed; anyone else can end nothing (OB1 refuses naming the first rule, OP1).
        (
            "offboard",
            r#"{"type":"offboard","partnerId":"contoso","customerId":"fabrikam"}"#.to_string(),
            vec![1, 3],
            vec!["OP1", "IV1", "GD7", "RS1"],
        ),
        (
            "buy",
            r#"{"type":"buySubscription","customerId":"fabrikam","offerName":"Teams Essentials","quantity":5}"#.to_string(),
            vec![1],
            vec!["OP1", "SB1", "WS2", "MP7"],
        ),
        ("suspend", format!(r#"{{"type":"suspendSubscription","subscriptionId":"{}"}}"#, ids.active), vec![1], vec!["OP1", "SB1"]),
        ("reactivate", format!(r#"{{"type":"reactivateSubscription","subscriptionId":"{}"}}"#, ids.suspended), vec![1], vec!["OP1", "SB1"]),
        (
            "set auto-extend",
            format!(r#"{{"type":"setAutoExtend","relationshipId":"{}","autoExtendDuration":"P180D"}}"#, ids.gdap),
            vec![1],
            vec!["OP1", "GD2", "IV1", "MP7"],
        ),
        ("remove Global Administrator", on_relationship("removeGlobalAdmin", &ids.global_admin), vec![1], vec!["OP1"]),
        (
            "add access assignment",
            format!(
                r#"{{"type":"addAccessAssignment","relationshipId":"{}","securityGroupId":"bbbbbbbb-0000-0000-0000-000000000002","roles":["Helpdesk Administrator"]}}"#,
                ids.gdap
            ),
            vec![1],
            vec!["OP1", "GD4", "IV1", "MP7"],
        ),
        ("remove access assignment", format!(r#"{{"type":"removeAccessAssignment","assignmentId":"{}"}}"#, ids.assignment), vec![1], vec!["OP1", "GD4", "IV1", "MP7"]),
        // Any actor may answer a recorded merge conflict; this workspace records none (WS1).
        // Answering recorded ones: src/workspace/merge/tests/resolve.rs, tests/team_git.rs.
        (
            "resolve conflict",
            r#"{"type":"resolveConflict","conflictId":"customers/adatum/displayName","side":"theirs"}"#.to_string(),
            vec![],
            vec!["WS1"],
        ),
    ]
}

/// Every kind of action the schema knows is in the matrix, but time passing (tried below it, by
/// everyone) and import (a partner's own files, tests/import.rs).
#[test]
fn the_matrix_has_every_kind_of_action() {
    let ids = Ids {
        pending: "inv-1".into(),
        reseller_pending: "inv-2".into(),
        awaiting_consent: "inv-3".into(),
        active: "sub-1".into(),
        suspended: "sub-2".into(),
        gdap: "rel-1".into(),
        global_admin: "rel-2".into(),
        draft: "rel-3".into(),
        for_reseller: "rel-4".into(),
        assignment: "asg-1".into(),
    };
    let mut in_matrix: Vec<String> = actions(&ids)
        .iter()
        .map(|(name, json, _, _)| {
            let action: partnerdesk::domain::Action =
                serde_json::from_str(json).unwrap_or_else(|e| panic!("{name}: {json}: {e}"));
            serde_json::to_value(&action).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    in_matrix.extend(["passTime".to_string(), "import".to_string()]);
    in_matrix.sort();
    in_matrix.dedup();
    let schema = serde_json::to_value(schemars::schema_for!(partnerdesk::domain::Action)).unwrap();
    let mut kinds: Vec<String> = schema["oneOf"]
        .as_array()
        .unwrap_or_else(|| panic!("the Action schema lists its kinds under oneOf: {schema}"))
        .iter()
        .map(|kind| {
            let tag = &kind["properties"]["type"];
            tag["const"]
                .as_str()
                .or_else(|| tag["enum"][0].as_str())
                .unwrap_or_else(|| panic!("no type tag in {kind}"))
                .to_string()
        })
        .collect();
    kinds.sort();
    assert_eq!(in_matrix, kinds);
}

#[test]
fn every_actor_against_every_action() {
    let dir = tempfile::tempdir().unwrap();
    let (file, ids) = world(dir.path());
    let original = std::fs::read(&file).unwrap();
    let mut table = String::new();
    let mut wrong = Vec::new();
    for (name, action, allowed, rules) in actions(&ids) {
        for (index, actor) in ACTORS.iter().enumerate() {
            let copy = dir.path().join("copy.json");
            std::fs::write(&copy, &original).unwrap();
            let out = partnerdesk(&[
                "apply",
                copy.to_str().unwrap(),
                "--as",
                actor,
                "--now",
                "2026-11-26T10:00:00Z",
                &action,
            ]);
            let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
            let code = out.status.code();
            let rule = stderr
                .strip_prefix("error: refused: ")
                .and_then(|r| r.split(':').next())
                .unwrap_or("")
                .to_string();
            table.push_str(&format!("{name:26} {actor:20} {code:?} {rule}\n"));
            if allowed.contains(&index) {
                if code != Some(0) {
                    wrong.push(format!("{name} by {actor} should be allowed: {stderr}"));
                } else if std::fs::read(&copy).unwrap() == original {
                    wrong.push(format!("{name} by {actor} was allowed but changed nothing"));
                }
            } else {
                if code != Some(1) || !rules.contains(&rule.as_str()) {
                    wrong.push(format!("{name} by {actor} should be refused by one of {rules:?}: exit {code:?}: {stderr}"));
                }
                if std::fs::read(&copy).unwrap() != original {
                    wrong.push(format!(
                        "{name} by {actor} was refused but the file changed"
                    ));
                }
            }
        }
    }
    eprintln!("{table}");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // Passing time moves every clock-driven status at once: the operator's alone (OP1).
    for actor in ACTORS {
        let copy = dir.path().join("copy.json");
        std::fs::write(&copy, &original).unwrap();
        let out = partnerdesk(&[
            "tick",
            copy.to_str().unwrap(),
            "--as",
            actor,
            "--now",
            "2027-06-01T10:00:00Z",
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if actor == "operator" {
            assert_eq!(out.status.code(), Some(0), "tick by the operator: {stderr}");
        } else {
            assert_eq!(out.status.code(), Some(1), "tick by {actor}: {stderr}");
            assert!(
                stderr.contains("refused: OP1: "),
                "tick by {actor}: {stderr}"
            );
            assert_eq!(std::fs::read(&copy).unwrap(), original);
        }
    }
}

#[test]
fn read_only_never_writes_anything() {
    use partnerdesk::domain::{Action, Actor, Id, Time};
    use partnerdesk::store::lock::App;
    use partnerdesk::store::session::{Mode, Session, SessionError};
    let dir = tempfile::tempdir().unwrap();
    let (file, ids) = world(dir.path());
    let before = std::fs::read(&file).unwrap();
    let listing = || {
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let names = listing();
    let mut session = Session::open(&file, Mode::ReadOnly, App::Tui).unwrap();
    assert!(session.is_read_only());
    let accept = Action::Accept {
        invitation_id: Id::new(&ids.pending),
    };
    let now = Time::parse(NOW).unwrap();
    assert!(matches!(
        session.apply(&Actor::Customer(Id::new("fabrikam")), &accept, now),
        Err(SessionError::ReadOnly(_))
    ));
    assert!(matches!(session.save(), Err(SessionError::ReadOnly(_))));
    assert!(
        session
            .save_as(&dir.path().join("elsewhere.json"), App::Tui)
            .is_err()
    );
    drop(session);
    assert_eq!(std::fs::read(&file).unwrap(), before);
    assert_eq!(
        listing(),
        names,
        "no lock, no journal, no backup, no temporary file"
    );
}
