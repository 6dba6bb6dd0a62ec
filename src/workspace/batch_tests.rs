//! A batch put in bulk (`Workspace::put_batch`: merged into the tables' bases, indexes built
//! again) is the workspace of the same records put one by one: the same records, the same
//! answers from the indexes.

use crate::domain::facts::Batch;
use crate::domain::records::*;
use crate::domain::time::Time;
use crate::synth::{Spec, generate};
use crate::tables::id::Id;
use crate::workspace::Workspace;

fn workspace() -> Workspace {
    let now = Time::parse("2026-12-01T09:00:00Z").unwrap();
    let spec = Spec {
        customers: 60,
        partners: 6,
        seed: 7,
        now,
    };
    Workspace::from_file(generate(&spec)).0
}

/// Changed and new records of every kind a batch carries, each kind against id order (a batch
/// may come in any order).
fn batch(ws: &Workspace) -> Batch {
    let customers: Vec<Id> = ws.customers().map(|c| c.id.clone()).collect();
    let mut relationships: Vec<Relationship> = ws
        .relationships()
        .step_by(2)
        .map(|r| {
            let mut r = r.clone();
            r.status = RelationshipStatus::Terminated;
            if let Some(gdap) = r.gdap.as_mut() {
                gdap.display_name = format!("{} renamed", gdap.display_name).into();
            }
            r
        })
        .collect();
    let moved = ws.relationships().skip(1).step_by(5).enumerate();
    relationships.extend(moved.map(|(i, r)| {
        let mut r = r.clone();
        r.id = Id::new(format!("{}-new", r.id));
        r.customer_id = customers[i % customers.len()].clone();
        r
    }));
    relationships.sort_by(|a, b| a.id.cmp(&b.id));
    let subscriptions = ws
        .subscriptions()
        .step_by(3)
        .map(|s| Subscription {
            quantity: s.quantity + 1,
            ..s.clone()
        })
        .collect();
    let customers = ws
        .customers()
        .step_by(4)
        .map(|c| Customer {
            display_name: format!("{} renamed", c.display_name).into(),
            ..c.clone()
        })
        .collect();
    Batch {
        customers: against_order(customers),
        subscriptions: against_order(subscriptions),
        relationships: against_order(relationships),
        assignments: Vec::new(),
    }
}

fn against_order<T>(mut records: Vec<T>) -> Vec<T> {
    records.reverse();
    records
}

fn ids<'a>(records: impl Iterator<Item = &'a Relationship>) -> Vec<Id> {
    records.map(|r| r.id.clone()).collect()
}

#[test]
fn a_batch_put_in_bulk_is_the_workspace_of_its_records_put_one_by_one() {
    let ws = workspace();
    let (mut bulk, mut single) = (ws.clone(), ws.clone());
    let large = batch(&ws);
    // Large enough beside the tables to be merged into them, not put one by one.
    assert!(large.relationships.len() * 8 >= ws.relationships().len());
    assert!(large.customers.len() * 8 >= ws.customers().len());
    bulk.put_batch(batch(&ws));
    large
        .customers
        .into_iter()
        .for_each(|c| single.put_customer(c));
    let relationships = large.relationships.into_iter();
    relationships.for_each(|r| single.put_relationship(r));
    let subscriptions = large.subscriptions.into_iter();
    subscriptions.for_each(|s| single.put_subscription(s));

    assert_same_answers(&ws, &bulk, &single);
}

/// `bulk` and `single` hold the same records and their indexes answer alike, for every
/// customer and partner of `ws`.
fn assert_same_answers(ws: &Workspace, bulk: &Workspace, single: &Workspace) {
    let file = |ws: &Workspace| serde_json::to_string(&ws.to_file()).unwrap();
    assert_eq!(file(bulk), file(single));
    for c in ws.customers() {
        let of = |ws: &Workspace| ids(ws.relationships_of_customer(&c.id));
        assert_eq!(of(bulk), of(single), "relationships of {}", c.id);
        let subs = |ws: &Workspace| -> Vec<Id> {
            ws.subscriptions_of_customer(&c.id)
                .map(|s| s.id.clone())
                .collect()
        };
        assert_eq!(subs(bulk), subs(single), "subscriptions of {}", c.id);
        let invitations = |ws: &Workspace| -> Vec<Id> {
            ws.invitations_of_customer(&c.id)
                .map(|i| i.id.clone())
                .collect()
        };
        assert_eq!(
            invitations(bulk),
            invitations(single),
            "invitations of {}",
            c.id
        );
    }
    for p in ws.partners() {
        let of = |ws: &Workspace| ids(ws.relationships_of_partner(&p.id));
        assert_eq!(of(bulk), of(single), "relationships of {}", p.id);
    }
    for r in single.relationships() {
        if let Some(name) = r.gdap_name() {
            let named = |ws: &Workspace| -> Vec<Id> {
                ws.gdap_relationships_named(&r.partner_id, name)
                    .cloned()
                    .collect()
            };
            assert_eq!(named(bulk), named(single), "GDAP name {name}");
        }
    }
    let far = Time::parse("2040-01-01T00:00:00Z").unwrap();
    assert_eq!(bulk.gdap_deadlines_due(far), single.gdap_deadlines_due(far));
    assert_eq!(
        bulk.pending_invitations_due(far),
        single.pending_invitations_due(far)
    );
    let twin = single.customers().next().unwrap();
    use crate::domain::facts::Facts;
    assert_eq!(
        bulk.customer_tenant_twin(twin),
        single.customer_tenant_twin(twin)
    );
}

/// A put every kind the index covers: a new relationship, subscription and invitation and
/// access assignment, each for records of `ws`.
fn put_one_of_each(ws: &mut Workspace) {
    let mut r = ws.relationships().nth(3).unwrap().clone();
    r.id = Id::new("rel-put-after");
    let mut s = ws.subscriptions().nth(2).unwrap().clone();
    s.id = Id::new("sub-put-after");
    ws.put_relationship(r);
    ws.put_subscription(s);
    let invitation = ws.invitations().next().cloned();
    if let Some(mut i) = invitation {
        i.id = Id::new("inv-put-after");
        ws.put_invitation(i);
    }
}

#[test]
fn a_large_batch_into_whole_tables_is_indexed_at_the_first_question() {
    let ws = workspace();
    let mut bulk = ws.clone();
    bulk.put_batch(batch(&ws));
    assert!(!bulk.index_is_built(), "nothing asked yet");
    let mut single = ws.clone();
    put_one_by_one(&mut single, batch(&ws));
    assert_same_answers(&ws, &bulk, &single);
    assert!(bulk.index_is_built());
}

#[test]
fn records_put_after_a_large_batch_are_indexed_with_the_batch() {
    let ws = workspace();
    let mut bulk = ws.clone();
    bulk.put_batch(batch(&ws));
    let mut single = ws.clone();
    put_one_by_one(&mut single, batch(&ws));
    // Put before any question: the index is built from the batch, then kept.
    put_one_of_each(&mut bulk);
    put_one_of_each(&mut single);
    assert_same_answers(&ws, &bulk, &single);
}

#[test]
fn a_large_batch_beside_records_put_one_by_one_indexes_both() {
    let ws = workspace();
    let (mut bulk, mut single) = (ws.clone(), ws.clone());
    put_one_of_each(&mut bulk);
    put_one_of_each(&mut single);
    // Relationships many enough to be merged in bulk, subscriptions put one by one.
    let mut large = batch(&ws);
    large.subscriptions.truncate(2);
    large.customers.clear();
    assert!(large.relationships.len() * 8 >= ws.relationships().len());
    let small = Batch {
        customers: Vec::new(),
        subscriptions: large.subscriptions.clone(),
        relationships: large.relationships.clone(),
        assignments: Vec::new(),
    };
    bulk.put_batch(large);
    put_one_by_one(&mut single, small);
    assert_same_answers(&ws, &bulk, &single);
}

fn put_one_by_one(ws: &mut Workspace, batch: Batch) {
    batch.customers.into_iter().for_each(|c| ws.put_customer(c));
    let relationships = batch.relationships.into_iter();
    relationships.for_each(|r| ws.put_relationship(r));
    let subscriptions = batch.subscriptions.into_iter();
    subscriptions.for_each(|s| ws.put_subscription(s));
}
