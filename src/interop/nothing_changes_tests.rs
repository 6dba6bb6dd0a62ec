//! An import that changes nothing is found by comparing its records with the workspace side by
//! side, as a shortcut past the steps: it must come to exactly what the steps one by one come
//! to (the same workspace, events and report: counts, findings, unknown roles), and one record
//! that would change anything, anywhere among the others, must send the import the long way.

use std::sync::atomic::{AtomicBool, Ordering};

use super::importing::TwoThreads;
use super::side_by_side_tests::{as_text, import, outcome_of};
use super::{Source, plan};
use crate::domain::events::Telling;
use crate::domain::imported::ImportRecords;
use crate::domain::side_by_side::{InTurn, SecondFirst, SideBySide, StepsOnly};
use crate::domain::*;
use crate::synth::exports::{ExportPages, importer_workspace};
use crate::workspace::Workspace;

pub(super) const ME: &str = "bench";

/// When the exports were first imported.
pub(super) fn now() -> Time {
    Time::parse("2026-11-24T09:00:00Z").unwrap()
}

/// When they are imported again.
pub(super) fn later() -> Time {
    Time::parse("2026-11-25T09:00:00Z").unwrap()
}

/// The importing partner.
pub(super) fn me() -> Actor {
    Actor::Partner(Id::new(ME))
}

fn guid(n: usize) -> String {
    format!("7e57c0de-0000-4000-8000-{n:012}")
}

/// `side_by_side`, noting whether the import took the shortcut (only the shortcut lets go of
/// the records whole).
struct Watched<S> {
    inner: S,
    shortcut: AtomicBool,
    /// How many subscriptions' steps were passed (only the changed ones' taken), if any.
    passed: std::sync::Mutex<Option<usize>>,
}

fn watched<S>(inner: S) -> Watched<S> {
    Watched {
        inner,
        shortcut: AtomicBool::new(false),
        passed: std::sync::Mutex::new(None),
    }
}

impl<S: SideBySide> SideBySide for Watched<S> {
    fn both<A, B: Send>(
        &self,
        first: impl FnOnce() -> A,
        second: impl FnOnce() -> B + Send,
    ) -> (A, B) {
        self.inner.both(first, second)
    }

    fn look_ahead(&self) -> bool {
        self.inner.look_ahead()
    }

    fn let_go<T: Send + 'static>(&self, unneeded: T) {
        // The steps let go of parts of the records as they are done with them.
        let whole = std::any::TypeId::of::<T>() == std::any::TypeId::of::<ImportRecords>();
        if whole {
            self.shortcut.store(true, Ordering::Relaxed);
        }
        if let Some(ImportPassed(passed)) = (&unneeded as &dyn std::any::Any).downcast_ref() {
            *self.passed.lock().unwrap() = Some(passed.len());
        }
        drop(unneeded);
    }
}

impl<S> Watched<S> {
    fn took_the_shortcut(&self) -> bool {
        self.shortcut.load(Ordering::Relaxed)
    }

    /// How many of `records`' subscriptions took their steps alone (none when every step
    /// was taken).
    fn stepped_alone(&self, records: &ImportRecords) -> usize {
        let passed = *self.passed.lock().unwrap();
        passed.map_or(0, |passed| records.subscriptions.len() - passed)
    }
}

/// `outcome` on two threads, and how many subscriptions took their steps alone.
fn outcome_alone(ws: &Workspace, records: &ImportRecords) -> (String, usize) {
    let side_by_side = watched(TwoThreads);
    let outcome = outcome(ws, records, &side_by_side);
    (outcome, side_by_side.stepped_alone(records))
}

/// The import's result as text to compare: the workspace as saved, the events, the report.
fn outcome(ws: &Workspace, records: &ImportRecords, side_by_side: &impl SideBySide) -> String {
    outcome_of(&me(), ws, records, later(), side_by_side)
}

/// The generated exports of `customers` customers, with some customers not resold (and so
/// without subscriptions) and some reporting DAP (a finding each time), and unknown roles in both halves of the
/// relationships and in the assignments; imported once, and the records to import again.
fn imported(customers: usize) -> (Workspace, ImportRecords) {
    let sources: Vec<Source> = ExportPages::new(customers, 3, now())
        .map(|p| Source {
            name: p.name,
            bytes: serde_json::to_vec(&p.json).unwrap(),
        })
        .collect();
    let ws = importer_workspace(&Id::new(ME));
    let mut records = plan(&ws, Some(&Id::new(ME)), &sources, None)
        .unwrap()
        .records;
    let mut not_resold = std::collections::HashSet::new();
    for (n, c) in records.customers.iter_mut().enumerate() {
        // Not resold, so none of its subscriptions is the importer's to import (WS2).
        if n % 7 == 3 {
            c.reseller = false;
            not_resold.insert(c.tenant_id.clone());
        }
        if n % 11 == 5 {
            c.delegated_admin = Some(true);
        }
    }
    records
        .subscriptions
        .retain(|s| !not_resold.contains(&s.customer_tenant_id));
    let relationships = records.relationships.len();
    records.relationships[2].roles.push("custom-role-a".into());
    records.relationships[relationships - 3]
        .roles
        .push("Custom-Role-B".into());
    records.relationships[relationships - 2]
        .roles
        .push("custom-role-a".into());
    // An assignment's roles are among its relationship's (GD4).
    for (a, role) in records
        .assignments
        .iter_mut()
        .zip(["custom-role-b", "custom-role-c"])
    {
        a.roles.push(role.into());
        let granting = records.relationships.iter_mut();
        let granting = granting.filter(|g| g.id.eq_ignore_ascii_case(&a.relationship_id));
        granting.for_each(|g| g.roles.push(role.into()));
    }
    let (applied, report) = apply_import(&ws, &me(), import(records.clone()), now()).unwrap();
    assert!(report.left_out.is_empty(), "{:?}", report.left_out.first());
    (applied.workspace, records)
}

/// `outcome` on `side_by_side`, and whether the import took the shortcut.
fn watched_outcome<S: SideBySide>(
    ws: &Workspace,
    records: &ImportRecords,
    side_by_side: S,
) -> (String, bool) {
    let side_by_side = watched(side_by_side);
    let outcome = outcome(ws, records, &side_by_side);
    (outcome, side_by_side.took_the_shortcut())
}

#[test]
fn an_import_that_changes_nothing_comes_to_what_its_steps_one_by_one_come_to() {
    // Compared in two halves, then (fewer records than that takes) in one.
    for customers in [1_500, 450] {
        let (ws, records) = imported(customers);
        let long_way = outcome(&ws, &records, &StepsOnly);
        assert!(long_way.contains("still reports DAP"));
        for role in ["custom-role-a", "Custom-Role-B", "custom-role-c"] {
            assert!(long_way.contains(role), "{role}");
        }
        let shortcuts = [
            watched_outcome(&ws, &records, TwoThreads),
            watched_outcome(&ws, &records, SecondFirst),
            watched_outcome(&ws, &records, InTurn),
        ];
        for (n, (outcome, took_it)) in shortcuts.into_iter().enumerate() {
            assert!(took_it, "{customers} customers, side by side #{n}");
            assert_eq!(
                outcome, long_way,
                "{customers} customers, side by side #{n}"
            );
        }
    }
}

/// Where among its kind's records a change is made: near the start (the first half) or at the
/// end (the second).
#[derive(Clone, Copy, Debug)]
enum Place {
    Early,
    Last,
}

impl Place {
    fn of<T>(self, records: &mut [T]) -> &mut T {
        let at = match self {
            Place::Early => 1,
            Place::Last => records.len() - 1,
        };
        &mut records[at]
    }
}

/// A customer's tenant other than `tenant`.
fn another_tenant(records: &ImportRecords, tenant: &str) -> String {
    let mut customers = records.customers.iter().map(|c| &c.tenant_id);
    customers.find(|t| *t != tenant).unwrap().clone()
}

/// A change to one record, at a place among its kind's.
type Change = fn(&mut ImportRecords, Place);

/// Changes that each add, update or leave out one record.
const CHANGES: &[(&str, Change)] = &[
    ("a customer renamed", |r, at| {
        at.of(&mut r.customers).display_name.push_str(" Ltd")
    }),
    ("a customer moved country", |r, at| {
        at.of(&mut r.customers).country = Some("NZ".into())
    }),
    ("a new customer", |r, at| {
        at.of(&mut r.customers).tenant_id = guid(1)
    }),
    ("a customer resold now", |r, at| {
        let not_resold = r.customers.iter_mut().filter(|c| !c.reseller);
        let c = match at {
            Place::Early => not_resold.into_iter().next(),
            Place::Last => not_resold.into_iter().last(),
        };
        c.unwrap().reseller = true;
    }),
    ("a relationship ended", |r, at| {
        at.of(&mut r.relationships).status = RelationshipStatus::Terminated
    }),
    ("a relationship's roles", |r, at| {
        at.of(&mut r.relationships).roles.pop();
    }),
    ("a relationship with a customer nobody knows", |r, at| {
        at.of(&mut r.relationships).customer_tenant_id = guid(2)
    }),
    ("a relationship moved to another customer", |r, at| {
        let tenant = at.of(&mut r.relationships).customer_tenant_id.clone();
        let other = another_tenant(r, &tenant);
        at.of(&mut r.relationships).customer_tenant_id = other;
    }),
    ("a new relationship", |r, at| {
        at.of(&mut r.relationships).id = guid(3).into()
    }),
    ("a subscription's quantity", |r, at| {
        at.of(&mut r.subscriptions).quantity += 1
    }),
    ("a subscription changed under another customer", |r, at| {
        let tenant = at.of(&mut r.subscriptions).customer_tenant_id.clone();
        let other = another_tenant(r, &tenant);
        let s = at.of(&mut r.subscriptions);
        s.quantity += 1;
        s.customer_tenant_id = other;
    }),
    ("a new subscription", |r, at| {
        at.of(&mut r.subscriptions).id = guid(4).into()
    }),
    ("an assignment deleted", |r, at| {
        at.of(&mut r.assignments).status = AssignmentStatus::Deleted
    }),
    ("an assignment's group", |r, at| {
        at.of(&mut r.assignments).security_group_id = guid(5)
    }),
    ("an assignment of a relationship nobody knows", |r, at| {
        at.of(&mut r.assignments).relationship_id = guid(6)
    }),
];

/// Each of `changes`, at each place, imported into `ws` on two threads and the long way: the
/// same outcome, and the shortcut taken exactly when `shortcut` says.
fn each_change_at_each_place(
    ws: &Workspace,
    records: &ImportRecords,
    changes: &[(&str, Change)],
    shortcut: bool,
) {
    for (name, change) in changes {
        for at in [Place::Early, Place::Last] {
            let mut changed = records.clone();
            change(&mut changed, at);
            let long_way = outcome(ws, &changed, &StepsOnly);
            let (side_by_side, took_the_shortcut) = watched_outcome(ws, &changed, TwoThreads);
            assert_eq!(took_the_shortcut, shortcut, "{name}, {at:?}");
            assert_eq!(side_by_side, long_way, "{name}, {at:?}");
        }
    }
}

#[test]
fn one_record_that_changes_anything_anywhere_sends_the_import_the_long_way() {
    let (ws, records) = imported(1_500);
    each_change_at_each_place(&ws, &records, CHANGES, false);
}

/// The files `records` were read from, named, and the digests the command line completes.
fn files_of(records: &ImportRecords) -> (Vec<String>, Vec<String>) {
    let read_from = records.customers.iter().map(|c| c.source);
    let read_from = read_from.chain(records.subscriptions.iter().map(|s| s.source));
    let files = read_from.flatten().max().map_or(0, |last| last + 1);
    let names = (0..files).map(|n| format!("page-{n}.json")).collect();
    let digests = (0..files).map(|n| format!("{:064x}", n + 7)).collect();
    (names, digests)
}

/// The import of `records` from their files, with `digests` (none: left for later).
fn import_from_files(records: &ImportRecords, digests: Option<Vec<String>>) -> Action {
    let (names, completed) = files_of(records);
    let digests = digests.unwrap_or_else(|| completed.iter().map(|_| String::new()).collect());
    Action::Import {
        sources: names,
        digests,
        strict: false,
        records: Box::new(records.clone()),
        tally: None,
    }
}

/// `records` imported the long way from their files, their digests known from the start.
fn outcome_with_digests(ws: &Workspace, records: &ImportRecords) -> String {
    let action = import_from_files(records, Some(files_of(records).1));
    let (applied, report) =
        apply_import_side_by_side(ws, &me(), action, later(), &StepsOnly).unwrap();
    as_text(&applied, &report)
}

/// `records` imported into `ws` as the command line does when it left the files' digests for
/// later: in one pass, the digests asked for only when the import is found to change
/// something. Its outcome, whether the digests were asked for, and how many subscriptions
/// took their steps alone.
fn applied_completing(ws: &Workspace, records: &ImportRecords) -> (String, bool, usize) {
    let asked = std::cell::Cell::new(false);
    let two_threads = watched(TwoThreads);
    let action = import_from_files(records, None);
    let complete = || {
        asked.set(true);
        Some(files_of(records).1)
    };
    let how = (later(), Telling::Every);
    let (applied, report) = apply_import_completing(ws, &me(), action, how, &two_threads, complete)
        .unwrap()
        .unwrap_or_else(|(_, changes)| panic!("given back ({changes:?})"));
    let alone = two_threads.stepped_alone(records);
    (as_text(&applied, &report), asked.get(), alone)
}

/// `records` imported as `applied_completing` does, but the digests cannot be made: what it
/// was given back with (the records untouched), none when it changes nothing.
fn given_back_without_digests(ws: &Workspace, records: &ImportRecords) -> Option<ImportChanges> {
    let action = import_from_files(records, None);
    let how = (later(), Telling::Every);
    match apply_import_completing(ws, &me(), action, how, &TwoThreads, || None).unwrap() {
        Ok(_) => None,
        Err((given_back, changes)) => {
            let Action::Import {
                records: back,
                digests,
                ..
            } = &given_back
            else {
                panic!("not an import: {given_back:?}");
            };
            assert_eq!(**back, *records, "given back untouched");
            assert!(digests.iter().all(String::is_empty), "{digests:?}");
            Some(changes)
        }
    }
}

/// Whether `change` changes only subscriptions (its name says so).
fn only_subscriptions(name: &str) -> bool {
    name.starts_with("a subscription") || name.starts_with("a new subscription")
}

#[test]
fn digests_left_for_later_are_asked_for_only_by_an_import_that_changes_something_in_one_pass() {
    let (ws, records) = imported(1_500);
    let (unchanged, asked, _) = applied_completing(&ws, &records);
    assert!(!asked, "nothing changes: no digest needed");
    assert_eq!(unchanged, outcome(&ws, &records, &StepsOnly));
    assert_eq!(given_back_without_digests(&ws, &records), None);
    for (name, change) in CHANGES {
        for at in [Place::Early, Place::Last] {
            let mut changed = records.clone();
            change(&mut changed, at);
            let (outcome_then, asked, alone) = applied_completing(&ws, &changed);
            assert!(asked, "{name}, {at:?}");
            assert_eq!(
                alone > 0,
                only_subscriptions(name),
                "only the changed subscriptions' steps are taken: {name}, {at:?}"
            );
            // Every record put names its file's digest, and so does the audit entry.
            let long_way = outcome_with_digests(&ws, &changed);
            assert_eq!(outcome_then, long_way, "{name}, {at:?}");
            let expected = if only_subscriptions(name) {
                ImportChanges::OnlySubscriptions
            } else {
                ImportChanges::Any
            };
            let given_back = given_back_without_digests(&ws, &changed);
            assert_eq!(given_back, Some(expected), "{name}, {at:?}");
        }
    }
}

#[test]
fn a_re_import_changing_only_subscriptions_takes_their_steps_alone_unless_a_key_comes_twice() {
    let (ws, records) = imported(1_500);
    // Quantities changed, one moved to another customer (left out), one new, one whose
    // customer nobody knows (left out): far apart, in both halves.
    let mut changed = records.clone();
    let n = changed.subscriptions.len();
    for at in [3, n / 3, n / 2 + 1, n - 2] {
        changed.subscriptions[at].quantity += 5;
    }
    let tenant = changed.subscriptions[7].customer_tenant_id.clone();
    changed.subscriptions[7].customer_tenant_id = another_tenant(&changed, &tenant);
    changed.subscriptions[n / 2].id = guid(8).into();
    changed.subscriptions[n - 1].customer_tenant_id = guid(9);
    let (two_threads, alone) = outcome_alone(&ws, &changed);
    assert_eq!(alone, 7, "the seven changed, alone");
    assert_eq!(two_threads, outcome(&ws, &changed, &StepsOnly));
    assert_eq!(outcome(&ws, &changed, &InTurn), two_threads);
    // A key given twice (the second spelling after a change): every step is taken, and a
    // later spelling may undo what an earlier one changed.
    let mut twice = changed.clone();
    let mut again = twice.subscriptions[3].clone();
    again.id = format!(" {} ", again.id.to_uppercase()).into();
    again.quantity -= 5;
    twice.subscriptions.push(again);
    let (two_threads, alone) = outcome_alone(&ws, &twice);
    assert_eq!(two_threads, outcome(&ws, &twice, &StepsOnly));
    assert_eq!(alone, 0, "every step taken");
    // Most of them changed: every step is taken too, to the same end.
    let mut most = records.clone();
    for s in &mut most.subscriptions {
        s.quantity += 1;
    }
    let (two_threads, alone) = outcome_alone(&ws, &most);
    assert_eq!(two_threads, outcome(&ws, &most, &StepsOnly));
    assert_eq!(alone, 0, "every step taken");
}

#[test]
fn a_partner_the_import_would_add_is_put_again_with_the_digests_it_asked_for() {
    let (ws, mut records) = imported(450);
    records
        .partners
        .push(crate::domain::imported::ImportedPartner {
            tenant_id: guid(7),
            partner_id: "7700777".into(),
            display_name: "Harbour Resale".into(),
            link: crate::domain::imported::PartnerLink::ResellerOfImporter,
            source: Some(0),
        });
    let (outcome_then, asked, _) = applied_completing(&ws, &records);
    assert!(asked);
    assert!(
        outcome_then.contains("Harbour Resale"),
        "added once applied"
    );
    // The partner, put before anything else is compared, names its file's digest too.
    assert!(outcome_then.contains(&files_of(&records).1[0]));
    assert_eq!(outcome_then, outcome_with_digests(&ws, &records));
    let given_back = given_back_without_digests(&ws, &records);
    assert_eq!(given_back, Some(ImportChanges::Any));
}

#[test]
fn spellings_and_findings_that_change_nothing_keep_the_shortcut() {
    let (ws, records) = imported(1_500);
    let same: [(&str, Change); 3] = [
        ("a subscription's id in capitals", |r, at| {
            let s = at.of(&mut r.subscriptions);
            s.id = format!(" {} ", s.id.to_uppercase()).into();
        }),
        ("a customer reporting DAP", |r, at| {
            at.of(&mut r.customers).delegated_admin = Some(true)
        }),
        ("a relationship's roles in capitals", |r, at| {
            let g = at.of(&mut r.relationships);
            g.roles = g
                .roles
                .iter()
                .map(|role| role.to_uppercase().into())
                .collect();
        }),
    ];
    each_change_at_each_place(&ws, &records, &same, true);
}
