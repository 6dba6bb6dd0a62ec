//! A customer's reseller and DAP step puts up to three records (the reseller relationship,
//! the invitation it accepts, the DAP relationship it ends): each is checked before the first
//! is put, so a refusal of any leaves the workspace as it was, with the step left out.

use super::side_by_side_tests::{
    ME, ME_TENANT, active_dap, import, later, me, now, partner, tenant,
};
use crate::domain::imported::{ImportRecords, ImportedCustomer};
use crate::domain::*;
use crate::workspace::Workspace;

fn customer(
    n: usize,
    name: &str,
    reseller: bool,
    delegated_admin: Option<bool>,
) -> ImportedCustomer {
    ImportedCustomer {
        delegated_admin,
        ..super::look_ahead_tests::customer(n, name, reseller)
    }
}

fn records(customers: Vec<ImportedCustomer>) -> ImportRecords {
    ImportRecords {
        customers,
        ..ImportRecords::default()
    }
}

/// The importer and a customer it does not resell to, with an active DAP relationship that
/// names a provider the workspace lacks (as a hand-edited file may): ending it is refused.
fn with_broken_dap() -> (Workspace, Id) {
    let mut ws = Workspace::default();
    ws.put_partner(partner(ME, "7104418", ME_TENANT));
    let action = import(records(vec![customer(0, "Alder Bakery", false, None)]));
    let (applied, _) = apply_import(&ws, &me(), action, now()).unwrap();
    let mut ws = applied.workspace;
    let customer_id = ws.customers().next().unwrap().id.clone();
    let mut dap = active_dap("alder-dap", ME, customer_id, now());
    dap.via_partner_id = Some(Id::new("no-such-provider"));
    let id = dap.id.clone();
    ws.put_relationship(dap);
    (ws, id)
}

#[test]
fn a_refused_dap_end_leaves_out_the_reseller_relationship_of_the_same_step_too() {
    let (ws, dap) = with_broken_dap();
    let before = ws.relationship(&dap).unwrap().clone();
    // With a new customer too: the import changes the workspace, so whatever the step put
    // would be kept.
    let action = import(records(vec![
        customer(0, "Alder Bakery", true, Some(false)),
        customer(1, "Birch Books", false, None),
    ]));
    let (applied, report) = apply_import(&ws, &me(), action, later()).unwrap();
    let relationships: Vec<&Relationship> = applied.workspace.relationships().collect();
    assert_eq!(relationships, [&before], "nothing put: {relationships:?}");
    let events: Vec<RecordKind> = applied.events.iter().map(|e| e.kind).collect();
    assert_eq!(events, [RecordKind::Customer], "{:?}", applied.events);
    assert_eq!(applied.workspace.customers().count(), 2);
    let left_out: Vec<(RuleId, &str)> = report
        .left_out
        .iter()
        .map(|l| (l.rule, l.key.as_str()))
        .collect();
    let key = format!("{} (reseller/DAP)", tenant(0));
    assert_eq!(left_out, [(RuleId::WS1, key.as_str())]);
    assert_eq!(report.relationships.added, 0, "{report:?}");
}

#[test]
fn with_nothing_refused_the_step_puts_the_reseller_relationship_and_ends_the_dap() {
    let (mut ws, dap) = with_broken_dap();
    let mut mended = ws.relationship(&dap).unwrap().clone();
    mended.via_partner_id = None;
    ws.put_relationship(mended);
    let action = import(records(vec![customer(
        0,
        "Alder Bakery",
        true,
        Some(false),
    )]));
    let (applied, report) = apply_import(&ws, &me(), action, later()).unwrap();
    let kinds_and_statuses: Vec<(RelationshipKind, RelationshipStatus)> = applied
        .workspace
        .relationships()
        .map(|r| (r.kind, r.status))
        .collect();
    assert_eq!(
        kinds_and_statuses,
        // In id order: alder-bakery-…, then alder-dap.
        [
            (RelationshipKind::Reseller, RelationshipStatus::Active),
            (
                RelationshipKind::DelegatedAdmin,
                RelationshipStatus::Terminated
            ),
        ]
    );
    assert_eq!(applied.events.len(), 2, "{:?}", applied.events);
    assert!(report.left_out.is_empty(), "{report:?}");
    assert_eq!(report.relationships.added, 1, "{report:?}");
}
