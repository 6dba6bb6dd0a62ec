//! The import's customers and GDAP relationships are looked at ahead, a stretch at a time on a
//! second thread, from the records alone: what a look assumed (the id a customer's name gives,
//! the reseller relationship's id, no invitation to accept, texts too short to break WS4) is
//! checked when the record's turn comes. Whatever thread or order the looks run in, the import
//! comes to the same workspace, events and report, and where a look's guess no longer holds,
//! the step does what it did without one.

use super::importing::TwoThreads;
use super::side_by_side_tests::{
    ME, ME_TENANT, import, later, me, now, outcome_of, partner, tenant,
};
use crate::domain::catalogue::RuleId;
use crate::domain::duration::{AutoExtend, DurationDays};
use crate::domain::imported::{ImportRecords, ImportReport, ImportedCustomer, ImportedGdap};
use crate::domain::side_by_side::{InTurn, SecondFirst};
use crate::domain::*;
use crate::workspace::Workspace;

/// More customers and relationships than one stretch of looks holds (8,192).
const MANY: usize = 9_000;
/// Longer than a text can be without being measured (a sixth of WS4's limit), shorter than
/// WS4's limit; and longer than the limit.
const LONG: usize = 200_000;
const TOO_LONG: usize = 1_100_000;

pub(super) fn customer(n: usize, name: &str, reseller: bool) -> ImportedCustomer {
    ImportedCustomer {
        tenant_id: tenant(n),
        display_name: name.into(),
        domain: None,
        country: None,
        profile: true,
        reseller,
        delegated_admin: None,
        via_provider_tenant_id: None,
        source: None,
    }
}

fn gdap(n: usize, customer: usize, roles: &[&str]) -> ImportedGdap {
    ImportedGdap {
        id: format!("6a1b2c3d-0000-4000-8000-{n:012}").into(),
        customer_tenant_id: tenant(customer),
        customer_name: None,
        display_name: format!("Support {n}"),
        roles: roles.iter().map(|r| (*r).into()).collect(),
        duration: DurationDays(730),
        auto_extend_duration: AutoExtend::Off,
        status: RelationshipStatus::Active,
        created_date_time: now(),
        last_modified_date_time: None,
        activated_date_time: Some(now()),
        end_date_time: None,
        indirect_provider_tenant_id: None,
        partner_consent_pending: false,
        etag: None,
        source: None,
    }
}

/// The importer, named `id`.
fn importer(id: &str) -> Partner {
    partner(id, "7104418", ME_TENANT)
}

fn imported(ws: &Workspace, customers: Vec<ImportedCustomer>, at: Time) -> Workspace {
    let records = ImportRecords {
        customers,
        ..ImportRecords::default()
    };
    apply_import(ws, &me(), import(records), at)
        .unwrap()
        .0
        .workspace
}

fn applied(ws: &Workspace, action: Action) -> Workspace {
    apply(ws, &me(), &action, now()).unwrap().workspace
}

/// The importer, and customers it found before: `old-name-1` (imported under another name,
/// not resold), `taken-2` (its reseller relationship `taken-2-tidewater-reseller` ended),
/// `invited-3` (a reseller invitation pending), and `held-4` (whose id a new customer's name
/// gives).
fn workspace() -> Workspace {
    let mut ws = Workspace::default();
    ws.put_partner(importer(ME));
    let ws = imported(
        &ws,
        vec![
            customer(1, "Old Name 1", false),
            customer(2, "Taken 2", true),
            customer(3, "Invited 3", false),
            customer(4, "Held 4", true),
        ],
        now(),
    );
    let ws = applied(
        &ws,
        Action::Terminate {
            relationship_id: Id::new("taken-2-tidewater-reseller"),
        },
    );
    applied(
        &ws,
        Action::Invite {
            customer_id: Id::new("invited-3"),
            kind: InvitationKind::Reseller,
            via_provider_id: None,
            gdap: None,
            draft: false,
            for_reseller: None,
        },
    )
}

/// `MANY` customers and as many GDAP relationships: those the workspace holds, names that give
/// one id, names with nothing readable, long and too long names; relationships with unknown
/// roles met in both stretches, for customers no export names, with long and too long etags.
fn records() -> ImportRecords {
    let mut customers = vec![
        customer(1, "New Name 1", true),
        customer(2, "Taken 2", true),
        customer(3, "Invited 3", true),
        customer(104, "Held 4", true),
        customer(105, "!!!", true),
        customer(106, &"Long ".repeat(LONG / 5), true),
        customer(107, &"x".repeat(TOO_LONG), true),
    ];
    customers
        .extend((200..200 + MANY).map(|n| customer(n, &format!("Twin {}", n % 50), n % 3 > 0)));
    let reader = "88d8e3e3-8f55-4a1e-953a-9b9898b8876b";
    let relationships = (0..MANY)
        .map(|n| {
            let mut g = match n % 7 {
                0 => gdap(n, 900_000 + n, &[reader]),
                1 => gdap(n, 200 + n, &[reader, &format!("unknown-{}", n % 13)]),
                2 if n == 2 => gdap(n, 200 + n, &["Unknown-2", reader]),
                _ => gdap(n, 200 + n, &[reader]),
            };
            if n == 3 {
                g.etag = Some("e".repeat(LONG));
            }
            if n == 5 {
                g.etag = Some("e".repeat(TOO_LONG));
            }
            g
        })
        .collect();
    ImportRecords {
        customers,
        relationships,
        ..ImportRecords::default()
    }
}

#[test]
fn customers_and_relationships_looked_at_ahead_come_to_what_looking_in_turn_comes_to() {
    let ws = workspace();
    let records = records();
    let in_turn = outcome_of(&me(), &ws, &records, later(), &InTurn);
    assert_eq!(
        outcome_of(&me(), &ws, &records, later(), &TwoThreads),
        in_turn
    );
    assert_eq!(
        outcome_of(&me(), &ws, &records, later(), &SecondFirst),
        in_turn
    );
}

#[test]
fn where_a_looks_guess_no_longer_holds_the_step_does_what_it_did_without_one() {
    let ws = workspace();
    let (applied, report): (Applied<Workspace>, ImportReport) =
        apply_import_side_by_side(&ws, &me(), import(records()), later(), &TwoThreads).unwrap();
    let ws = &applied.workspace;
    let by_tenant = |n: usize| ws.customers().find(|c| c.tenant_id == tenant(n));
    let reseller_of = |customer: &str| -> Vec<String> {
        ws.relationships_of_customer(&Id::new(customer))
            .filter(|r| r.kind == RelationshipKind::Reseller && r.status.is_in_force())
            .map(|r| r.id.to_string())
            .collect()
    };
    // Found under another id than its new name gives: its relationship is named after it.
    assert_eq!(reseller_of("old-name-1"), ["old-name-1-tidewater-reseller"]);
    assert!(ws.customer(&Id::new("new-name-1")).is_none());
    // The id the look gave its relationship is an ended one's.
    assert_eq!(reseller_of("taken-2"), ["taken-2-tidewater-reseller-2"]);
    // An invitation pending: accepted, and the relationship is the one it asked for.
    let accepted = ws
        .relationship(&Id::new("invited-3-tidewater-reseller"))
        .unwrap();
    assert!(accepted.invitation_id.is_some(), "{accepted:?}");
    let invitation = ws
        .invitation(accepted.invitation_id.as_ref().unwrap())
        .unwrap();
    assert_eq!(invitation.status, InvitationStatus::Accepted);
    let note = accepted.history[0].note.as_deref().unwrap_or_default();
    assert!(note.contains("confirmed"), "{note}");
    // The id a new customer's name gives is taken, by a customer the workspace held.
    let twin = by_tenant(104).unwrap();
    assert_eq!(twin.id.as_str(), "held-4-2");
    assert_eq!(reseller_of("held-4-2"), ["held-4-2-tidewater-reseller"]);
    // Nothing readable in its name: named after its tenant.
    assert!(ws.customer(&Id::new("customer-0a1d3e50")).is_some());
    // Names given in turn: the second "Twin 7" is `twin-7-2`, and so on.
    assert_eq!(by_tenant(207).unwrap().id.as_str(), "twin-7");
    assert_eq!(by_tenant(257).unwrap().id.as_str(), "twin-7-2");
    // A long text is measured and kept; a too long one is left out under WS4.
    assert!(by_tenant(106).is_some());
    assert!(by_tenant(107).is_none());
    let etag = |n: usize| {
        ws.relationship(&Id::new(format!("6a1b2c3d-0000-4000-8000-{n:012}")))
            .map(|r| r.etag.as_deref().map_or(0, str::len))
    };
    assert_eq!(etag(3), Some(LONG));
    assert_eq!(etag(5), None);
    let ws4: Vec<&str> = report
        .left_out
        .iter()
        .filter(|l| l.rule == RuleId::WS4)
        .map(|l| l.key.as_str())
        .collect();
    assert_eq!(
        ws4,
        [tenant(107), "6a1b2c3d-0000-4000-8000-000000000005".into()]
    );
    // Customers no export names: left out under WS1, one in seven.
    let ws1 = report
        .left_out
        .iter()
        .filter(|l| l.rule == RuleId::WS1)
        .count();
    assert_eq!(ws1, MANY.div_ceil(7));
    // Unknown roles in the order one pass meets them, each once whatever its case.
    assert_eq!(
        report.unknown_roles.first().map(String::as_str),
        Some("unknown-1")
    );
    assert_eq!(report.unknown_roles.len(), 13, "{:?}", report.unknown_roles);
}

#[test]
fn a_reseller_relationship_whose_provider_makes_it_too_long_is_left_out_under_ws4() {
    // Its customer holds no text of the provider's: only the relationship can be too long.
    let provider_tenant = "915a911f-c7bd-4118-9d95-19f4592fa738";
    for (length, left_out) in [(LONG, false), (TOO_LONG, true)] {
        let provider = "p".repeat(length);
        let mut ws = Workspace::default();
        ws.put_partner(Partner {
            billing_model: BillingModel::IndirectReseller,
            providers: vec![Id::new(&provider)],
            ..importer(ME)
        });
        ws.put_partner(Partner {
            id: Id::new(&provider),
            partner_id: "9999".into(),
            tenant_id: provider_tenant.into(),
            billing_model: BillingModel::IndirectProvider,
            ..importer(ME)
        });
        let mut alder = customer(1, "Alder", true);
        alder.via_provider_tenant_id = Some(provider_tenant.into());
        let records = ImportRecords {
            customers: vec![alder],
            ..ImportRecords::default()
        };
        let (applied, report) = apply_import(&ws, &me(), import(records), now()).unwrap();
        let rules: Vec<RuleId> = report.left_out.iter().map(|l| l.rule).collect();
        assert_eq!(rules, if left_out { vec![RuleId::WS4] } else { vec![] });
        assert!(applied.workspace.customer(&Id::new("alder")).is_some());
        let resold = applied.workspace.relationships().count();
        assert_eq!(resold, usize::from(!left_out), "{length}");
    }
}
