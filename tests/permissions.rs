//! Who may do what, as a full matrix through the CLI: every kind of actor (the operator, the
//! inviting partner, another partner, the invited customer, another customer) against every
//! action, on a fresh copy of one workspace each time. Allowed ones exit 0; refused ones exit 1,
//! name the rule, and leave the file byte-identical.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const NOW: &str = "2026-11-24T10:00:00Z";

fn partnerdesk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_partnerdesk"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("PARTNERDESK_FAULT")
        .output()
        .expect("the binary runs")
}

fn ok(args: &[&str]) -> String {
    let out = partnerdesk(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// contoso (direct bill) resells to fabrikam (reseller relationship, two subscriptions, one
/// suspended), holds an active GDAP relationship with an access assignment, and has a pending
/// GDAP invitation out to fabrikam. northwind and adatum are bystanders.
fn world(dir: &Path) -> (PathBuf, Ids) {
    let file = dir.join("w.json");
    std::fs::write(
        &file,
        r#"{"format":"partnerdesk-workspace","version":1,"name":"matrix"}"#,
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let op = ["--as", "operator", "--now", NOW];
    ok(&[
        &["add-partner", f][..],
        &op,
        &[
            "--id",
            "contoso",
            "--name",
            "Contoso",
            "--partner-id",
            "1234567",
            "--tenant",
            "11111111-1111-1111-1111-111111111111",
            "--billing",
            "direct-bill",
        ],
    ]
    .concat());
    ok(&[
        &["add-partner", f][..],
        &op,
        &[
            "--id",
            "northwind",
            "--name",
            "Northwind",
            "--partner-id",
            "2345678",
            "--tenant",
            "66666666-1111-1111-1111-111111111111",
            "--billing",
            "direct-bill",
        ],
    ]
    .concat());
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
    ok(&[
        &["invite", f][..],
        &contoso,
        &[
            "--customer",
            "fabrikam",
            "--template",
            "Helpdesk",
            "--days",
            "365",
            "--name",
            "Contoso helpdesk",
        ],
    ]
    .concat());
    let gdap_invitation = newest(f, "invitations");
    ok(&[&["accept", f, &gdap_invitation][..], &fabrikam].concat());
    // Let the approved relationship become active.
    ok(&[
        "tick",
        f,
        "--as",
        "operator",
        "--now",
        "2026-11-25T10:00:00Z",
    ]);
    let gdap = relationships(f)
        .into_iter()
        .find(|r| r["kind"] == "gdap")
        .unwrap();
    assert_eq!(gdap["status"], "active", "{gdap}");
    let gdap = gdap["id"].as_str().unwrap().to_string();
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
    assert_eq!(partnerdesk(&["check", f]).status.code(), Some(0));
    (
        file,
        Ids {
            pending,
            active,
            suspended,
            gdap,
            assignment,
        },
    )
}

struct Ids {
    pending: String,
    active: String,
    suspended: String,
    gdap: String,
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

const ACTORS: [&str; 5] = [
    "operator",
    "partner:contoso",
    "partner:northwind",
    "customer:fabrikam",
    "customer:adatum",
];

/// Every action, as JSON, with the actors allowed to do it (indexes into ACTORS) and the rules a
/// refusal may name for everyone else.
fn actions(ids: &Ids) -> Vec<(&'static str, String, Vec<usize>, Vec<&'static str>)> {
    let customer = r#"{"id":"tailspin","tenantId":"44444444-2222-2222-2222-222222222222","displayName":"Tailspin","domain":"tailspin.onmicrosoft.com","country":"FR"}"#;
    let partner = r#"{"id":"litware","displayName":"Litware","partnerId":"7777777","tenantId":"77777777-1111-1111-1111-111111111111","billingModel":"directBill"}"#;
    let edited_customer = r#"{"id":"adatum","tenantId":"33333333-2222-2222-2222-222222222222","displayName":"Adatum GmbH","domain":"adatum.onmicrosoft.com","country":"DE"}"#;
    let edited_partner = r#"{"id":"northwind","displayName":"Northwind Traders","partnerId":"2345678","tenantId":"66666666-1111-1111-1111-111111111111","billingModel":"directBill"}"#;
    vec![
        ("add partner", format!(r#"{{"type":"addPartner","partner":{partner}}}"#), vec![0], vec!["OP1"]),
        ("edit partner", format!(r#"{{"type":"editPartner","partner":{edited_partner}}}"#), vec![0], vec!["OP1"]),
        ("add customer", format!(r#"{{"type":"addCustomer","customer":{customer}}}"#), vec![0], vec!["OP1"]),
        ("edit customer", format!(r#"{{"type":"editCustomer","customer":{edited_customer}}}"#), vec![0], vec!["OP1"]),
        ("invite", r#"{"type":"invite","customerId":"adatum","kind":"reseller"}"#.to_string(), vec![1, 2], vec!["OP1", "MP7"]),
        ("accept", format!(r#"{{"type":"accept","invitationId":"{}"}}"#, ids.pending), vec![3], vec!["OP1", "IV1", "MP7"]),
        ("decline", format!(r#"{{"type":"decline","invitationId":"{}"}}"#, ids.pending), vec![3], vec!["OP1", "IV1", "MP7"]),
        ("revoke", format!(r#"{{"type":"revoke","invitationId":"{}"}}"#, ids.pending), vec![1], vec!["OP1", "IV1"]),
        ("terminate", format!(r#"{{"type":"terminate","relationshipId":"{}"}}"#, ids.gdap), vec![1, 3], vec!["OP1", "IV1", "MP7", "GD5"]),
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
    ]
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
