//! The import's subscriptions looked at side by side (`importing::TwoThreads`) come to exactly
//! what doing them one by one comes to: the same workspace, events and report, whatever half
//! is looked at first, with two spellings of one id, updates, and refusals among them.

use super::importing::TwoThreads;
use crate::domain::imported::{
    ImportRecords, ImportReport, ImportedCustomer, ImportedSubscription,
};
use crate::domain::side_by_side::{InTurn, Room, SecondFirst, SideBySide};
use crate::domain::*;
use crate::workspace::Workspace;

pub(super) const ME: &str = "tidewater";
pub(super) const ME_TENANT: &str = "36cf6aec-3deb-471e-b1a2-4eab79c1a842";
const OTHER: &str = "fabrikam-partners";
const OTHER_TENANT: &str = "915a911f-c7bd-4118-9d95-19f4592fa738";
const CUSTOMERS: usize = 300;

pub(super) fn now() -> Time {
    Time::parse("2026-11-24T10:00:00Z").unwrap()
}

pub(super) fn later() -> Time {
    Time::parse("2026-11-25T10:00:00Z").unwrap()
}

pub(super) fn me() -> Actor {
    Actor::Partner(Id::new(ME))
}

pub(super) fn partner(id: &str, mpn: &str, tenant: &str) -> Partner {
    Partner {
        id: Id::new(id),
        display_name: id.into(),
        partner_id: mpn.into(),
        tenant_id: tenant.into(),
        billing_model: BillingModel::DirectBill,
        specialties: Vec::new(),
        providers: Vec::new(),
        source: None,
    }
}

/// An active DAP relationship of `partner` with `customer` since `since` (DAP is retired: only
/// workspaces from before hold one).
pub(super) fn active_dap(id: &str, partner: &str, customer: Id, since: Time) -> Relationship {
    Relationship {
        external_id: None,
        id: Id::new(id),
        kind: RelationshipKind::DelegatedAdmin,
        partner_id: Id::new(partner),
        customer_id: customer,
        status: RelationshipStatus::Active,
        created_date_time: since,
        start_date_time: Some(since),
        end_date_time: None,
        via_partner_id: None,
        invitation_id: None,
        gdap: None,
        history: History::new(),
        source: None,
        etag: None,
        partner_consent_pending: false,
    }
}

pub(super) fn tenant(n: usize) -> String {
    format!("0a1d3e50-0000-4000-8000-{n:012}")
}

fn subscription_id(n: usize) -> String {
    format!("5b0a7c11-0000-4000-8000-{n:012x}")
}

fn subscription(id: &str, customer: usize, quantity: u32) -> ImportedSubscription {
    ImportedSubscription {
        id: id.into(),
        customer_tenant_id: tenant(customer),
        partner_of_record: None,
        offer_name: "Microsoft 365 Business Basic".into(),
        quantity,
        status: SubscriptionStatus::Active,
        term_duration: "P1Y".into(),
        billing_cycle: BillingCycle::Monthly,
        created_date_time: now(),
        source: None,
    }
}

/// Two partners and `CUSTOMERS` customers resold by the first, then `held` subscriptions.
fn workspace(held: usize) -> Workspace {
    let mut ws = Workspace::default();
    ws.put_partner(partner(ME, "7104418", ME_TENANT));
    ws.put_partner(partner(OTHER, "9999", OTHER_TENANT));
    let (applied, _) = apply_import(&ws, &me(), import(resold(held)), now()).unwrap();
    applied.workspace
}

/// `CUSTOMERS` customers resold by the importer and `subscriptions` subscriptions among them,
/// as Partner Center lists them.
fn resold(subscriptions: usize) -> ImportRecords {
    let customers = (0..CUSTOMERS)
        .map(|n| ImportedCustomer {
            tenant_id: tenant(n),
            display_name: format!("Customer {n}"),
            domain: None,
            country: None,
            profile: true,
            reseller: true,
            delegated_admin: None,
            via_provider_tenant_id: None,
            source: None,
        })
        .collect();
    let subscriptions = (0..subscriptions)
        .map(|n| subscription(&subscription_id(n), n % CUSTOMERS, 10))
        .collect();
    ImportRecords {
        customers,
        subscriptions,
        ..ImportRecords::default()
    }
}

/// An import of `records` (from no named files), as an action.
pub(super) fn import(records: ImportRecords) -> Action {
    Action::Import {
        sources: Vec::new(),
        digests: Vec::new(),
        strict: false,
        records: Box::new(records),
        tally: None,
    }
}

/// The import's result as text to compare: the workspace as saved, the events, the report.
fn outcome(ws: &Workspace, records: &ImportRecords, side_by_side: &impl SideBySide) -> String {
    outcome_of(&me(), ws, records, later(), side_by_side)
}

/// `outcome` of an import by `actor` at `now`.
pub(super) fn outcome_of(
    actor: &Actor,
    ws: &Workspace,
    records: &ImportRecords,
    now: Time,
    side_by_side: &impl SideBySide,
) -> String {
    let action = import(records.clone());
    let (applied, report): (Applied<Workspace>, ImportReport) =
        apply_import_side_by_side(ws, actor, action, now, side_by_side).unwrap();
    as_text(&applied, &report)
}

/// An import's result as text to compare: the workspace as saved, the events, the report.
pub(super) fn as_text(applied: &Applied<Workspace>, report: &ImportReport) -> String {
    let file = serde_json::to_string_pretty(&applied.workspace.to_file()).unwrap();
    let events = serde_json::to_string_pretty(&applied.events).unwrap();
    let report = serde_json::to_string_pretty(report).unwrap();
    format!("{file}\n{events}\n{report}")
}

/// A mix over `held` subscriptions already in the workspace: each one unchanged, changed,
/// spelled twice, or new, some with an unknown customer or partner of record.
fn mixed(held: usize, total: usize) -> Vec<ImportedSubscription> {
    let mut out = Vec::new();
    for n in 0..total {
        let id = subscription_id(n);
        let customer = n % CUSTOMERS;
        match n % 11 {
            // Held: unchanged, or with a new quantity.
            0 | 1 if n < held => out.push(subscription(&id, customer, 10)),
            2 if n < held => out.push(subscription(&id, customer, 11)),
            // Spelled twice: the second spelling (upper case, spaces) later in the list.
            3 | 4 => {
                out.push(subscription(&id, customer, 20));
                let again = format!(" {} ", id.to_uppercase());
                out.push(subscription(&again, customer, 21 + (n % 2) as u32));
            }
            // Its customer is not there (WS1), or its partner of record (WS1, MP5).
            5 => out.push(subscription(&id, CUSTOMERS + n, 1)),
            6 => {
                let mut s = subscription(&id, customer, 1);
                s.partner_of_record = Some(if n % 2 == 0 { "9999" } else { "1234" }.into());
                out.push(s);
            }
            // Moved to another customer: never (MP3).
            7 if n < held => out.push(subscription(&id, customer + 1, 10)),
            _ => out.push(subscription(&id, customer, 30)),
        }
    }
    out
}

#[test]
fn subscriptions_looked_at_side_by_side_come_to_what_looking_in_turn_comes_to() {
    let held = 3_000;
    let ws = workspace(held);
    let records = ImportRecords {
        subscriptions: mixed(held, 9_000),
        ..ImportRecords::default()
    };
    assert!(
        records.subscriptions.len() > 2 * 4_096,
        "large enough to split"
    );
    let in_turn = outcome(&ws, &records, &InTurn);
    assert_eq!(outcome(&ws, &records, &TwoThreads), in_turn);
    assert_eq!(outcome(&ws, &records, &SecondFirst), in_turn);
}

#[test]
fn a_second_spelling_of_an_id_changes_what_the_first_put_or_changed() {
    let ws = workspace(2);
    let held = subscription_id(0);
    let new = subscription_id(9);
    let records = ImportRecords {
        subscriptions: vec![
            subscription(&new, 3, 20),
            subscription(&held, 0, 11),
            subscription(&new.to_uppercase(), 3, 21),
            subscription(&format!(" {} ", held.to_uppercase()), 0, 12),
            subscription(&subscription_id(1), 1, 10),
        ],
        ..ImportRecords::default()
    };
    let (applied, report) =
        apply_import_side_by_side(&ws, &me(), import(records), later(), &SecondFirst).unwrap();
    let quantity = |id: &str| {
        applied
            .workspace
            .subscription(&Id::new(id))
            .unwrap()
            .quantity
    };
    assert_eq!((quantity(&new), quantity(&held)), (21, 12));
    let counts = &report.subscriptions;
    assert_eq!(
        (counts.added, counts.updated, counts.unchanged),
        (1, 3, 1),
        "{report:?}"
    );
    assert!(report.left_out.is_empty(), "{report:?}");
}

/// The subscriptions, events, counts and records left out of importing `subscriptions` into
/// `ws` one import per subscription: the steps as they come to one by one.
fn one_by_one(ws: &Workspace, subscriptions: &[ImportedSubscription]) -> String {
    let mut ws = ws.clone();
    let (mut events, mut report) = (Vec::new(), ImportReport::default());
    for s in subscriptions {
        let records = ImportRecords {
            subscriptions: vec![s.clone()],
            ..ImportRecords::default()
        };
        let (applied, one) = apply_import(&ws, &me(), import(records), later()).unwrap();
        ws = applied.workspace;
        events.extend(applied.events);
        report.subscriptions.added += one.subscriptions.added;
        report.subscriptions.updated += one.subscriptions.updated;
        report.subscriptions.unchanged += one.subscriptions.unchanged;
        report.left_out.extend(one.left_out);
    }
    compared(&ws, &events, &report)
}

fn compared(ws: &Workspace, events: &[Event], report: &ImportReport) -> String {
    let subscriptions: Vec<&Subscription> = ws.subscriptions().collect();
    format!(
        "{}\n{}\n{:?}\n{}",
        serde_json::to_string_pretty(&subscriptions).unwrap(),
        serde_json::to_string_pretty(events).unwrap(),
        report.subscriptions,
        serde_json::to_string_pretty(&report.left_out).unwrap(),
    )
}

#[test]
fn subscriptions_looked_at_before_their_steps_come_to_what_one_import_each_comes_to() {
    let held = 600;
    let ws = workspace(held);
    let subscriptions = mixed(held, 1_500);
    let records = ImportRecords {
        subscriptions: subscriptions.clone(),
        ..ImportRecords::default()
    };
    let (applied, report) =
        apply_import_side_by_side(&ws, &me(), import(records), later(), &SecondFirst).unwrap();
    assert_eq!(
        compared(&applied.workspace, &applied.events, &report),
        one_by_one(&ws, &subscriptions)
    );
}

#[test]
fn into_a_workspace_without_subscriptions_they_are_taken_customer_by_customer_as_one_import_each_would()
 {
    let ws = workspace(0);
    let subscriptions = mixed(0, 1_500);
    let records = ImportRecords {
        subscriptions: subscriptions.clone(),
        ..ImportRecords::default()
    };
    let (applied, report) =
        apply_import_side_by_side(&ws, &me(), import(records), later(), &SecondFirst).unwrap();
    // By customer tenant, a customer's own in the order they came.
    let mut by_customer = subscriptions;
    by_customer.sort_by(|a, b| a.customer_tenant_id.cmp(&b.customer_tenant_id));
    assert_eq!(
        compared(&applied.workspace, &applied.events, &report),
        one_by_one(&ws, &by_customer)
    );
}

/// Into a workspace without subscriptions, `spelled_again` for a later customer than
/// subscription 0's, after `before` more of the first customer's: what the import says of it.
fn second_spelling_after(before: usize, side_by_side: &impl SideBySide) -> (usize, Vec<String>) {
    let ws = workspace(0);
    // tenant(1) sorts before tenant(2): the steps take customer 1's subscriptions first.
    let mut subscriptions: Vec<ImportedSubscription> = (0..=before)
        .map(|n| subscription(&subscription_id(n), 1, 10))
        .collect();
    let spelled_again = subscription_id(0).to_uppercase();
    subscriptions.push(subscription(&spelled_again, 2, 12));
    let records = ImportRecords {
        subscriptions,
        ..ImportRecords::default()
    };
    let (applied, report) =
        apply_import_side_by_side(&ws, &me(), import(records), later(), side_by_side).unwrap();
    let first = applied.workspace.subscription(&Id::new(subscription_id(0)));
    assert_eq!(
        first.map(|s| (s.customer_id.as_str(), s.quantity)),
        Some(("customer-1", 10)),
        "the first spelling's record stays with its customer"
    );
    let left_out = report
        .left_out
        .iter()
        .map(|l| format!("{} {}", l.rule, l.key))
        .collect();
    (report.subscriptions.added, left_out)
}

#[test]
fn a_second_spelling_far_behind_the_first_still_finds_what_the_first_put() {
    assert!(tenant(1) < tenant(2));
    let spelled_again = subscription_id(0).to_uppercase();
    // Next to the first, and farther behind it than a stretch of looks (16,384).
    for before in [3, 20_000] {
        for (added, left_out) in [
            second_spelling_after(before, &InTurn),
            second_spelling_after(before, &TwoThreads),
        ] {
            assert_eq!(added, before + 1, "{before}");
            assert_eq!(left_out, [format!("MP3 {spelled_again}")], "{before}");
        }
    }
}

#[test]
fn an_export_naming_another_customer_is_left_out_under_mp3_even_with_the_facts_held() {
    let ws = workspace(3);
    // Subscription 0 is held for customer 0 with these very facts; the export names customer 5.
    let records = ImportRecords {
        subscriptions: vec![
            subscription(&subscription_id(0), 5, 10),
            subscription(&subscription_id(1), 1, 10),
        ],
        ..ImportRecords::default()
    };
    for (applied, report) in [
        apply_import_side_by_side(&ws, &me(), import(records.clone()), later(), &InTurn),
        apply_import_side_by_side(&ws, &me(), import(records.clone()), later(), &TwoThreads),
    ]
    .map(Result::unwrap)
    {
        assert!(applied.events.is_empty(), "{:?}", applied.events);
        let left_out: Vec<(RuleId, &str)> = report
            .left_out
            .iter()
            .map(|l| (l.rule, l.key.as_str()))
            .collect();
        assert_eq!(left_out, [(RuleId::MP3, subscription_id(0).as_str())]);
        assert!(
            report.left_out[0].reason.contains("never moves"),
            "{report:?}"
        );
        assert_eq!(report.subscriptions.unchanged, 1, "{report:?}");
        let held = applied.workspace.subscription(&Id::new(subscription_id(0)));
        assert_eq!(held.map(|s| s.customer_id.as_str()), Some("customer-0"));
    }
}

#[test]
fn an_import_told_in_summary_writes_the_same_file_and_counts_the_events_it_does_not_write_out() {
    let held = 1_000;
    let ws = workspace(held);
    let records = ImportRecords {
        subscriptions: mixed(held, 3_000),
        ..ImportRecords::default()
    };
    let run = |telling| {
        apply_import_telling(
            &ws,
            &me(),
            import(records.clone()),
            later(),
            &TwoThreads,
            telling,
        )
        .unwrap()
    };
    let (every, every_report) = run(events::Telling::Every);
    let (summary, summary_report) = run(events::Telling::Summary);
    assert_eq!(summary_report, every_report);
    assert!(!every_report.left_out.is_empty(), "refusals among them");
    let file = |ws: &Workspace| serde_json::to_string_pretty(&ws.to_file()).unwrap();
    assert_eq!(file(&summary.workspace), file(&every.workspace));
    assert_eq!(every.untold, 0);
    assert_eq!(summary.events, every.events[..events::SUMMARISED]);
    assert_eq!(
        summary.events.len() + summary.untold,
        every.events.len(),
        "every event counted"
    );
    assert!(!summary.is_noop());
}

/// In turn, noting the room the rulebook says it is about to fill.
#[derive(Default)]
struct NotingRoom(std::sync::Mutex<Vec<Room>>);

impl SideBySide for NotingRoom {
    fn both<A, B: Send>(
        &self,
        first: impl FnOnce() -> A,
        second: impl FnOnce() -> B + Send,
    ) -> (A, B) {
        InTurn.both(first, second)
    }

    fn map_ahead(&self, room: &[Room]) {
        self.0.lock().unwrap().extend_from_slice(room);
    }
}

/// The room an import of `records` into `ws` names, in order.
fn room_named(ws: &Workspace, records: &ImportRecords) -> (Workspace, Vec<Room>) {
    let noting = NotingRoom::default();
    let (applied, _) =
        apply_import_side_by_side(ws, &me(), import(records.clone()), later(), &noting).unwrap();
    (applied.workspace, noting.0.into_inner().unwrap())
}

#[test]
fn an_import_names_the_tables_its_first_steps_touch_then_the_records_they_fill_and_a_re_import_nothing()
 {
    let mut ws = Workspace::default();
    ws.put_partner(partner(ME, "7104418", ME_TENANT));
    // Customers enough that their lookup tables are noted (64 KiB and more).
    let customers = 5_000;
    // And subscriptions enough that their table by id is noted too.
    let subscriptions = 10_000;
    let mut records = resold(subscriptions);
    records.customers = (0..customers)
        .map(|n| ImportedCustomer {
            tenant_id: tenant(n),
            ..records.customers[0].clone()
        })
        .collect();
    let (imported, room) = room_named(&ws, &records);
    assert_eq!(imported.subscriptions().count(), subscriptions);
    let records_room = |bytes| room.iter().position(|r| r.bytes == bytes).unwrap();
    let customers_at = records_room(customers * size_of::<Customer>());
    let relationships_at = records_room(customers * size_of::<Relationship>());
    let subscriptions_at = records_room(subscriptions * size_of::<Subscription>());
    // The customers' and relationships' tables (by id, tenant, domain, customer, GDAP name,
    // and the keys' by tenant and Microsoft id) come first; the records follow in the order
    // their steps fill them; the subscriptions' come last, with their tables.
    assert!(customers_at >= 6, "{room:?}");
    assert!(room[..customers_at].iter().all(|r| r.bytes >= 64 << 10));
    assert_eq!(relationships_at, customers_at + 1);
    assert!(subscriptions_at > relationships_at);
    assert!(room.len() > subscriptions_at + 1, "{room:?}");
    assert!(
        room[subscriptions_at + 1..]
            .iter()
            .all(|r| r.bytes >= 64 << 10)
    );
    // The same records again change nothing: no room to fill.
    let (again, room) = room_named(&imported, &records);
    assert!(room.is_empty(), "{room:?}");
    assert_eq!(again.subscriptions().count(), subscriptions);
}
