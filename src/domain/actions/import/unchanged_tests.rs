//! An unchanged record is found by comparing it in place (`holds_*`), without the copy that
//! taking the export's facts needs (`take_*`): the two must agree on every field an export
//! can change, or a re-import would miss a change (or make one).

use serde_json::{Value, json};

use super::customers::{holds_profile, take_profile};
use super::graph_records::{holds_graph_facts, take_graph_facts};
use super::subscriptions::{holds_pc_facts, take_pc_facts};
use crate::domain::imported::{ImportedCustomer, ImportedGdap, ImportedSubscription};
use crate::domain::records::{Customer, GdapDetails, Relationship, Subscription};
use crate::tables::id::Id;

fn with(base: &Value, field: &str, value: Value) -> Value {
    let mut changed = base.clone();
    changed[field] = value;
    changed
}

fn read<T: serde::de::DeserializeOwned>(value: &Value) -> T {
    serde_json::from_value(value.clone()).unwrap()
}

const SUB: &str = "00060aed-215b-4fe7-9143-1430cc09ccdc";
const TENANT: &str = "c37fa9dc-f76a-4c72-9dac-fbe8b38afd74";

#[test]
fn a_subscription_is_unchanged_in_place_exactly_when_taking_the_exports_facts_changes_nothing() {
    let kept: Subscription = read(&json!({
        "id": SUB, "customerId": "adatum", "partnerOfRecord": "me", "offerName": "Dynamics 365",
        "quantity": 47, "status": "active", "termDuration": "P1Y", "billingCycle": "monthly",
        "createdDateTime": "2025-06-18T09:00:00Z", "externalId": SUB
    }));
    let same = json!({
        "id": SUB, "customerTenantId": TENANT, "offerName": "Dynamics 365", "quantity": 47,
        "status": "active", "termDuration": "P1Y", "billingCycle": "monthly",
        "createdDateTime": "2025-06-18T09:00:00Z"
    });
    let exports = [
        same.clone(),
        with(&same, "id", json!(SUB.to_uppercase())),
        with(&same, "id", json!(format!(" {SUB} "))),
        with(&same, "id", json!("another")),
        with(&same, "offerName", json!("  Dynamics 365 ")),
        with(&same, "offerName", json!("Dynamics 365 Sales")),
        with(&same, "quantity", json!(48)),
        with(&same, "status", json!("suspended")),
        with(&same, "termDuration", json!("P1M")),
        with(&same, "billingCycle", json!("annual")),
        with(&same, "createdDateTime", json!("2024-01-01T00:00:00Z")),
    ];
    let mut unchanged = 0;
    for export in &exports {
        let s: ImportedSubscription = read(export);
        let mut after = kept.clone();
        take_pc_facts(&mut after, &s);
        assert_eq!(holds_pc_facts(&kept, &s), after == kept, "{export}");
        unchanged += usize::from(after == kept);
    }
    // The same; its id in upper case or with spaces; its offer name with spaces; another
    // creation date (an import keeps the one it has).
    assert_eq!(unchanged, 5);
    let without_id = Subscription {
        external_id: None,
        ..kept.clone()
    };
    assert!(!holds_pc_facts(&without_id, &read(&same)));
}

#[test]
fn a_gdap_relationship_is_unchanged_in_place_exactly_when_taking_graphs_facts_changes_nothing() {
    let rel = "00007862-46ef-4528-aca9-67846400beb3";
    let kept: Relationship = read(&json!({
        "id": rel, "kind": "gdap", "partnerId": "me", "customerId": "adatum", "status": "active",
        "createdDateTime": "2025-07-25T09:00:00Z", "startDateTime": "2025-07-27T09:00:00Z",
        "endDateTime": "2027-07-27T09:00:00Z", "viaPartnerId": "provider",
        "gdap": {"displayName": "service desk", "roles": ["r1"], "duration": "P730D",
                 "autoExtendDuration": "P180D"},
        "history": [{"status": "active", "at": "2025-07-27T09:00:00Z"}],
        "etag": "W/\"1\"", "externalId": rel
    }));
    let same = json!({
        "id": rel, "customerTenantId": TENANT, "displayName": "service desk", "roles": ["r1"],
        "duration": "P730D", "autoExtendDuration": "P180D", "status": "active",
        "createdDateTime": "2025-07-25T09:00:00Z", "activatedDateTime": "2025-07-27T09:00:00Z",
        "endDateTime": "2027-07-27T09:00:00Z", "etag": "W/\"1\""
    });
    let exports = [
        same.clone(),
        with(&same, "id", json!(rel.to_uppercase())),
        with(&same, "id", json!("another")),
        with(&same, "status", json!("expired")),
        with(&same, "activatedDateTime", Value::Null),
        with(&same, "activatedDateTime", json!("2025-07-28T09:00:00Z")),
        with(&same, "endDateTime", Value::Null),
        with(&same, "endDateTime", json!("2027-07-28T09:00:00Z")),
        with(&same, "etag", Value::Null),
        with(&same, "etag", json!("W/\"2\"")),
        with(&same, "partnerConsentPending", json!(true)),
    ];
    let details = |g: &ImportedGdap, roles: &[&str]| GdapDetails {
        display_name: g.display_name.as_str().into(),
        roles: roles.iter().map(|r| (*r).into()).collect(),
        duration: g.duration,
        auto_extend_duration: g.auto_extend_duration,
    };
    let vias = [None, Some(Id::new("provider")), Some(Id::new("another"))];
    let mut unchanged = 0;
    for export in &exports {
        let g: ImportedGdap = read(export);
        for roles in [&["r1"][..], &["r1", "r2"]] {
            for via in &vias {
                let mut after = kept.clone();
                take_graph_facts(&mut after, &g, details(&g, roles), via.clone());
                let holds = holds_graph_facts(&kept, &g, &details(&g, roles), via.as_ref());
                assert_eq!(holds, after == kept, "{export} {roles:?} {via:?}");
                unchanged += usize::from(holds);
            }
        }
    }
    // The same, an id in upper case, or no dates or etag (kept as they were); each with no
    // provider or the same one.
    assert_eq!(unchanged, 5 * 2);
}

#[test]
fn a_customer_is_unchanged_in_place_exactly_when_taking_partner_centers_profile_changes_nothing() {
    let kept: Customer = read(&json!({
        "id": "adatum", "tenantId": TENANT, "displayName": "Adatum", "domain": "adatum.example",
        "country": "IN", "externalId": TENANT
    }));
    let same = json!({
        "tenantId": TENANT, "displayName": "Adatum", "domain": "adatum.example", "country": "IN",
        "profile": true
    });
    let exports = [
        same.clone(),
        with(&same, "displayName", json!(" Adatum ")),
        with(&same, "displayName", json!("Adatum Ltd")),
        with(&same, "domain", json!(" adatum.example ")),
        with(&same, "domain", json!("adatum.test")),
        with(&same, "domain", json!("  ")),
        with(&same, "country", json!("in")),
        with(&same, "country", json!(" IN ")),
        with(&same, "country", json!("FR")),
        with(&same, "country", json!("")),
        with(
            &with(&same, "profile", json!(false)),
            "displayName",
            json!("Other"),
        ),
    ];
    let mut unchanged = 0;
    for tenant in [TENANT, "11111111-2222-3333-4444-555555555555"] {
        for export in &exports {
            let c: ImportedCustomer = read(export);
            let mut after = kept.clone();
            take_profile(&mut after, tenant, &c);
            assert_eq!(holds_profile(&kept, tenant, &c), after == kept, "{export}");
            unchanged += usize::from(after == kept);
        }
    }
    assert_eq!(unchanged, 8);
    let lower_country = Customer {
        country: "in".into(),
        ..kept.clone()
    };
    let c: ImportedCustomer = read(&same);
    assert!(!holds_profile(&lower_country, TENANT, &c));
}
