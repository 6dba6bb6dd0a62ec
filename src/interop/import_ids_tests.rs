//! The ids an import gives the customers it adds: readable, from the customer's domain, else
//! its name, else its tenant; never one already taken.

use crate::domain::imported::{ImportRecords, ImportedCustomer};
use crate::domain::*;
use crate::workspace::Workspace;

fn customer(tenant: &str, name: &str, domain: Option<&str>) -> ImportedCustomer {
    ImportedCustomer {
        tenant_id: tenant.into(),
        display_name: name.into(),
        domain: domain.map(Into::into),
        country: None,
        profile: true,
        reseller: false,
        delegated_admin: None,
        via_provider_tenant_id: None,
        source: None,
    }
}

#[test]
fn a_new_customer_is_named_after_its_domain_else_its_name_else_its_tenant() {
    let mut ws = Workspace::default();
    ws.put_partner(Partner {
        id: Id::new("tidewater"),
        display_name: "Tidewater".into(),
        partner_id: "7104418".into(),
        tenant_id: "36cf6aec-3deb-471e-b1a2-4eab79c1a842".into(),
        billing_model: BillingModel::DirectBill,
        specialties: Vec::new(),
        providers: Vec::new(),
        source: None,
    });
    let records = ImportRecords {
        customers: vec![
            customer(
                "0a1d3e50-0000-4000-8000-000000000001",
                "Alder",
                Some("alderbakery.onmicrosoft.com"),
            ),
            customer("0a1d3e50-0000-4000-8000-000000000002", "Birch & Sons", None),
            customer("9f1d3e50-0000-4000-8000-000000000003", "!!!", None),
            customer("0a1d3e50-0000-4000-8000-000000000004", "Birch & Sons", None),
        ],
        ..ImportRecords::default()
    };
    let action = Action::Import {
        sources: Vec::new(),
        digests: Vec::new(),
        strict: false,
        records: Box::new(records),
        tally: None,
    };
    let now = Time::parse("2026-11-24T10:00:00Z").unwrap();
    let actor = Actor::Partner(Id::new("tidewater"));
    let (applied, _) = apply_import(&ws, &actor, action, now).unwrap();
    let ids: Vec<&str> = applied
        .workspace
        .customers()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "alderbakery",
            "birch-sons",
            "birch-sons-2",
            "customer-9f1d3e50"
        ]
    );
}
