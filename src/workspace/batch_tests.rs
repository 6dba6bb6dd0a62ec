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

    let file = |ws: &Workspace| serde_json::to_string(&ws.to_file()).unwrap();
    assert_eq!(file(&bulk), file(&single));
    for c in ws.customers() {
        let of = |ws: &Workspace| ids(ws.relationships_of_customer(&c.id));
        assert_eq!(of(&bulk), of(&single), "relationships of {}", c.id);
        let subs = |ws: &Workspace| -> Vec<Id> {
            ws.subscriptions_of_customer(&c.id)
                .map(|s| s.id.clone())
                .collect()
        };
        assert_eq!(subs(&bulk), subs(&single), "subscriptions of {}", c.id);
    }
    for p in ws.partners() {
        let of = |ws: &Workspace| ids(ws.relationships_of_partner(&p.id));
        assert_eq!(of(&bulk), of(&single), "relationships of {}", p.id);
    }
    for r in single.relationships() {
        if let Some(name) = r.gdap_name() {
            let named = |ws: &Workspace| -> Vec<Id> {
                ws.gdap_relationships_named(&r.partner_id, name)
                    .cloned()
                    .collect()
            };
            assert_eq!(named(&bulk), named(&single), "GDAP name {name}");
        }
    }
    let far = Time::parse("2040-01-01T00:00:00Z").unwrap();
    assert_eq!(bulk.gdap_deadlines_due(far), single.gdap_deadlines_due(far));
    let twin = single.customers().next().unwrap();
    use crate::domain::facts::Facts;
    assert_eq!(
        bulk.customer_tenant_twin(twin),
        single.customer_tenant_twin(twin)
    );
}
