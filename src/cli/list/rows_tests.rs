//! `list`'s typed rows: the JSON they write, the counts they show, the texts they are found by.

use super::rows::*;
use crate::domain::*;
use crate::store::demo_workspace;
use crate::workspace::Workspace;

fn demo() -> Workspace {
    demo_workspace(Time::parse("2026-12-07T00:00:00Z").unwrap())
}

/// A row as written, against the same fields as a JSON object writes them (in the order of
/// their names): what `list --json` always printed.
fn written_as_an_object(row: &impl serde::Serialize) {
    let written = serde_json::to_string(row).unwrap();
    let object = serde_json::to_value(row).unwrap();
    assert!(object.is_object());
    assert_eq!(written, object.to_string());
}

#[test]
fn every_row_writes_its_fields_in_the_order_of_their_names() {
    let ws = demo();
    let now = Time::parse("2026-12-07T00:00:00Z").unwrap();
    let counts = CustomerCounts::of(&ws);
    ws.customers()
        .for_each(|c| written_as_an_object(&CustomerRow::of(&counts, c)));
    ws.partners()
        .for_each(|p| written_as_an_object(&PartnerRow::of(&ws, p)));
    ws.invitations()
        .for_each(|i| written_as_an_object(&InvitationRow::of(&ws, i)));
    ws.relationships()
        .for_each(|r| written_as_an_object(&RelationshipRow::of(&ws, r, now)));
    ws.subscriptions()
        .for_each(|s| written_as_an_object(&SubscriptionRow::of(&ws, s)));
    ws.assignments()
        .for_each(|a| written_as_an_object(&AssignmentRow::of(a)));
}

#[test]
fn customer_counts_are_the_ones_the_indexes_give_each_customer() {
    let ws = demo();
    // The demo has what makes counting partners more than counting relationships: a partner
    // with two relationships in force with one customer, and relationships no longer in force.
    let two_from_one_partner = ws.customers().any(|c| {
        let in_force = ws
            .relationships_of_customer(&c.id)
            .filter(|r| r.status.is_in_force())
            .count();
        in_force > ws.partners_of_customer(&c.id).len()
    });
    assert!(two_from_one_partner);
    assert!(ws.relationships().any(|r| !r.status.is_in_force()));
    let counts = CustomerCounts::of(&ws);
    for c in ws.customers() {
        let row = serde_json::to_value(CustomerRow::of(&counts, c)).unwrap();
        assert_eq!(
            row["partners"],
            ws.partners_of_customer(&c.id).len(),
            "{}",
            c.id
        );
        assert_eq!(
            row["subscriptions"],
            ws.subscriptions_of_customer(&c.id).count(),
            "{}",
            c.id
        );
    }
}

#[test]
fn a_filter_finds_a_row_by_its_id_name_and_identifying_texts_in_any_case() {
    let ws = demo();
    let counts = CustomerCounts::of(&ws);
    let c = ws.customers().next().unwrap();
    let row = CustomerRow::of(&counts, c);
    for text in [&c.id.to_string(), &*c.display_name, &c.domain, &c.tenant_id] {
        assert!(row.matches(&text.to_lowercase()), "{text}");
    }
    assert!(
        !row.matches(&c.country.to_lowercase()),
        "the country is not searched"
    );
    // A subscription is found by its customer, not by its partner of record.
    let s = ws
        .subscriptions()
        .find(|s| {
            let partner = s.partner_of_record.as_str().to_lowercase();
            [s.id.as_str(), &s.offer_name, s.customer_id.as_str()]
                .iter()
                .all(|text| !text.to_lowercase().contains(&partner))
        })
        .unwrap();
    let row = SubscriptionRow::of(&ws, s);
    assert!(row.matches(&s.customer_id.as_str().to_uppercase().to_lowercase()));
    assert!(row.matches(&s.offer_name.to_lowercase()));
    assert!(!row.matches(&s.partner_of_record.as_str().to_lowercase()));
}
