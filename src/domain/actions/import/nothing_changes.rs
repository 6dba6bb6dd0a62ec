//! An import that changes nothing (most re-imports), found side by side. When every customer,
//! relationship, subscription and access assignment it brings would be found as the workspace
//! holds it (nothing added, updated, linked or left out), each step done one by one would see
//! the workspace as it stands; so each record can be compared with it in any order, and the
//! records are compared in two halves at once. The first record that would change anything
//! stops both halves, and the import takes its steps one by one (what the comparing did is
//! then lost: at most what comparing every record costs, on two threads); but subscriptions
//! that would change, when asked for, are named and passed (`only_subscriptions`).

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};

use super::common::{Keys, Outcome};
use super::roles::{CanonicalRoles, unknown_in_order};
use super::{customers, graph_records, subscriptions};
use crate::domain::facts::Records;
use crate::domain::imported::*;
use crate::domain::side_by_side::SideBySide;
use crate::tables::id::Id;
use crate::tables::prefetch;

/// From this many records the two halves are compared on two threads (below, handing one
/// over would cost more than it saves).
const SPLIT_FROM: usize = 4_096;

/// A record's texts are asked for this many records before it is compared: an export's
/// records come in key order, their texts in the pages' order, so each is a cache miss.
const AHEAD: usize = 8;

/// Asks for the texts of the record `AHEAD` after the one at `at` in `records`.
fn ask_ahead<T: Compared>(records: &[T], at: usize) {
    if let Some(ahead) = records.get(at + AHEAD) {
        prefetch::ask(ahead.texts());
    }
}

/// An imported record's texts its comparison reads first.
trait Compared {
    fn texts(&self) -> [Option<&str>; 3];
}

impl Compared for ImportedCustomer {
    fn texts(&self) -> [Option<&str>; 3] {
        [
            Some(&self.tenant_id),
            Some(&self.display_name),
            self.domain.as_deref(),
        ]
    }
}

impl Compared for ImportedGdap {
    fn texts(&self) -> [Option<&str>; 3] {
        [
            Some(&self.id),
            Some(&self.customer_tenant_id),
            Some(&self.display_name),
        ]
    }
}

impl Compared for ImportedSubscription {
    fn texts(&self) -> [Option<&str>; 3] {
        [
            Some(&self.id),
            Some(&self.customer_tenant_id),
            Some(&self.offer_name),
        ]
    }
}

/// What the steps would count and say of records that change nothing.
#[derive(Default)]
pub(super) struct Unchanged {
    pub customers: usize,
    pub relationships: usize,
    pub subscriptions: usize,
    pub assignments: usize,
    pub findings: Vec<ImportFinding>,
    /// The unknown roles the relationships noted, then those the assignments noted.
    unknown: [Vec<String>; 2],
    /// The places (in the import's order) of the subscriptions that would change or be left
    /// out, when `find` was asked to allow some and every other record compared unchanged:
    /// their steps alone are then what the import does (`only_subscriptions`).
    pub changed_subscriptions: Vec<usize>,
}

impl Unchanged {
    /// Counted into `report`, the findings after the ones it has.
    pub fn count_into(self, report: &mut ImportReport) -> Vec<String> {
        report.customers.unchanged += self.customers;
        report.relationships.unchanged += self.relationships;
        report.subscriptions.unchanged += self.subscriptions;
        report.access_assignments.unchanged += self.assignments;
        report.findings.extend(self.findings);
        let [relationships, assignments] = self.unknown;
        unknown_in_order([relationships, assignments])
    }

    /// The first half's, then the second's: as the steps would meet them.
    fn then(self, second: Unchanged) -> Unchanged {
        let [first_relationships, first_assignments] = self.unknown;
        let [second_relationships, second_assignments] = second.unknown;
        let mut findings = self.findings;
        findings.extend(second.findings);
        let mut changed_subscriptions = self.changed_subscriptions;
        changed_subscriptions.extend(second.changed_subscriptions);
        Unchanged {
            customers: self.customers + second.customers,
            relationships: self.relationships + second.relationships,
            subscriptions: self.subscriptions + second.subscriptions,
            assignments: self.assignments + second.assignments,
            findings,
            unknown: [
                unknown_in_order([first_relationships, second_relationships]),
                unknown_in_order([first_assignments, second_assignments]),
            ],
            changed_subscriptions,
        }
    }
}

/// Some of each kind's records (a half, or all).
#[derive(Clone, Copy)]
struct Part<'r> {
    customers: &'r [ImportedCustomer],
    relationships: &'r [ImportedGdap],
    subscriptions: &'r [ImportedSubscription],
    /// The place of the first of `subscriptions` among the import's.
    subscriptions_from: usize,
    assignments: &'r [ImportedAssignment],
}

impl<'r> Part<'r> {
    fn all(records: &'r ImportRecords) -> Part<'r> {
        Part {
            customers: &records.customers,
            relationships: &records.relationships,
            subscriptions: &records.subscriptions,
            subscriptions_from: 0,
            assignments: &records.assignments,
        }
    }

    fn len(&self) -> usize {
        self.customers.len()
            + self.relationships.len()
            + self.subscriptions.len()
            + self.assignments.len()
    }

    /// The first half of each kind's records, and the second.
    fn halves(self) -> (Part<'r>, Part<'r>) {
        fn split<T>(items: &[T]) -> (&[T], &[T]) {
            items.split_at(items.len() / 2)
        }
        let (customers, more_customers) = split(self.customers);
        let (relationships, more_relationships) = split(self.relationships);
        let (subscriptions, more_subscriptions) = split(self.subscriptions);
        let (assignments, more_assignments) = split(self.assignments);
        (
            Part {
                customers,
                relationships,
                subscriptions,
                subscriptions_from: self.subscriptions_from,
                assignments,
            },
            Part {
                customers: more_customers,
                relationships: more_relationships,
                subscriptions: more_subscriptions,
                subscriptions_from: self.subscriptions_from + subscriptions.len(),
                assignments: more_assignments,
            },
        )
    }
}

/// What the steps of `records`' customers, relationships, subscriptions and assignments would
/// count and say in `ws`, when none of them would change anything or leave anything out;
/// else `None`. An import whose only changes are a few of its subscriptions' (at most about a
/// quarter) is found too, naming them. `keys` must have its subscriptions built.
pub(super) fn find<W: Records + Sync, B: Records + Sync>(
    ws: &W,
    keys: &Keys<'_, B>,
    importer: &Id,
    records: &ImportRecords,
    side_by_side: &impl SideBySide,
) -> Option<Unchanged> {
    let all = Part::all(records);
    let stop = AtomicBool::new(false);
    let compare = |part: Part<'_>, order: Order| {
        let found = compare(ws, keys, importer, part, order, &stop);
        if found.is_none() {
            stop.store(true, Ordering::Relaxed);
        }
        found
    };
    if all.len() < SPLIT_FROM {
        return compare(all, Order::CustomersFirst);
    }
    let (first, second) = all.halves();
    let (first, second) = side_by_side.both(
        || compare(first, Order::CustomersFirst),
        || compare(second, Order::RelationshipsFirst),
    );
    Some(first?.then(second?))
}

/// Which kind a part compares first. Each kind's counts and notes are kept apart, so the order
/// changes nothing found; but the first customer makes the draft's lookup of relationships by
/// customer, which the other half would wait for if it began with its customers too.
#[derive(Clone, Copy)]
enum Order {
    CustomersFirst,
    RelationshipsFirst,
}

/// `find` for one part; `None` as soon as a record would change (or `stop` says the other
/// part found one).
fn compare<W: Records, B: Records>(
    ws: &W,
    keys: &Keys<'_, B>,
    importer: &Id,
    part: Part<'_>,
    order: Order,
    stop: &AtomicBool,
) -> Option<Unchanged> {
    let going = || !stop.load(Ordering::Relaxed);
    let mut found = Unchanged::default();
    let customers = |found: &mut Unchanged| -> Option<()> {
        for (at, c) in part.customers.iter().enumerate() {
            if !going() {
                return None;
            }
            ask_ahead(part.customers, at);
            let relationship = customers::unchanged(ws, keys, importer, c)?;
            found.customers += 1;
            found.relationships += usize::from(matches!(relationship, Outcome::Unchanged));
            found
                .findings
                .extend(customers::dap_finding(ws, keys, importer, c));
        }
        Some(())
    };
    let relationships = |found: &mut Unchanged| -> Option<()> {
        let (mut roles, place) = (CanonicalRoles::default(), Cell::new(0));
        for (at, g) in part.relationships.iter().enumerate() {
            ask_ahead(part.relationships, at);
            if !(going()
                && graph_records::gdap_unchanged(ws, keys, &mut roles, &place, importer, g))
            {
                return None;
            }
            found.relationships += 1;
        }
        found.unknown[0] = roles.unknown;
        Some(())
    };
    match order {
        Order::CustomersFirst => {
            customers(&mut found)?;
            relationships(&mut found)?;
        }
        Order::RelationshipsFirst => {
            relationships(&mut found)?;
            customers(&mut found)?;
        }
    }
    if !part.subscriptions.is_empty() {
        let known = keys.built_subscriptions()?;
        let place = Cell::new(0);
        // Past this many changes the steps of every record cost little more.
        let most_changed = part.subscriptions.len() / 4 + 64;
        for (at, s) in part.subscriptions.iter().enumerate() {
            ask_ahead(part.subscriptions, at);
            if !going() {
                return None;
            }
            if subscriptions::unchanged(ws, keys, known, &place, importer, s) {
                found.subscriptions += 1;
            } else if found.changed_subscriptions.len() < most_changed {
                found
                    .changed_subscriptions
                    .push(part.subscriptions_from + at);
            } else {
                return None;
            }
        }
    }
    let mut roles = CanonicalRoles::default();
    let places = [&Cell::new(0), &Cell::new(0)];
    for a in part.assignments {
        if !(going()
            && graph_records::assignment_unchanged(ws, keys, &mut roles, places, importer, a))
        {
            return None;
        }
        found.assignments += 1;
    }
    found.unknown[1] = roles.unknown;
    Some(found)
}
