//! Who acts: `list --json`'s parties, actors named by id, tenant or domain, unknown actors, OP1.

use super::*;

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
