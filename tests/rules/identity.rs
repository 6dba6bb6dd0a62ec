//! ID1–ID3: one tenant one record, Partner IDs and domains, well-formed identifiers.

use super::*;

// ---------------------------------------------------------------------------------------------
// ID1: one tenant, one record (per kind)

const TAILWIND_TENANT: &str = "44444444-0000-4000-8000-000000000001";

fn tailwind() -> Customer {
    customer_record("tailwind", "Tailwind Traders", TAILWIND_TENANT, "NL", false)
}

#[test]
fn id1_refuses_adding_a_customer_with_another_customers_tenant_in_any_case() {
    let world = World::cast();
    let northwind_tenant = world.ws.customer(&id(NORTHWIND)).unwrap().tenant_id.clone();
    let twin = Customer {
        tenant_id: northwind_tenant.to_ascii_uppercase(),
        ..tailwind()
    };
    world.refused(
        &operator(),
        &Action::AddCustomer { customer: twin },
        RuleId::ID1,
        &["Tailwind Traders", &northwind_tenant, "`northwind`"],
    );
}

#[test]
fn id1_refuses_adding_or_editing_a_partner_onto_another_partners_tenant() {
    let world = World::cast();
    let record = partner_record(
        "vanarsdel",
        "VanArsdel Ltd",
        CONTOSO_TENANT,
        BillingModel::DirectBill,
        &[],
    );
    world.refused(
        &operator(),
        &Action::AddPartner { partner: record },
        RuleId::ID1,
        &["VanArsdel Ltd", CONTOSO_TENANT, "`contoso-it`"],
    );
    let mut woodgrove = world.ws.partner(&id(WOODGROVE)).unwrap().clone();
    woodgrove.tenant_id = CONTOSO_TENANT.to_string();
    world.refused(
        &operator(),
        &Action::EditPartner { partner: woodgrove },
        RuleId::ID1,
        &["Woodgrove Cloud", "`contoso-it`"],
    );
}

#[test]
fn id1_allows_a_partners_tenant_to_be_a_customers_tenant_too() {
    let world = World::cast();
    // The cast holds Contoso IT's own tenant as a customer record (the CSP-partner case of MP6).
    let own = world.ws.customer(&id(CONTOSO_OWN)).unwrap();
    assert_eq!(own.tenant_id, CONTOSO_TENANT);
    assert_eq!(
        world.ws.partner(&id(CONTOSO)).unwrap().tenant_id,
        CONTOSO_TENANT
    );
    world.assert_clean();
}

#[test]
fn id1_load_reports_two_customers_sharing_a_tenant_and_still_loads() {
    let world = World::cast();
    let (ws, diagnostics) = load_edited(&world, |file| {
        customer_mut(file, ADATUM)["tenantId"] = json!("22222222-0000-4000-8000-000000000001");
    });
    assert_eq!(ws.customers().count(), 4, "both records load");
    let id1: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.rule == RuleId::ID1)
        .collect();
    assert_eq!(id1.len(), 2, "each twin names the other: {diagnostics:?}");
    assert!(
        id1.iter()
            .any(|d| d.path == "customers/adatum" && d.message.contains("`northwind`"))
    );
    assert!(
        id1.iter()
            .any(|d| d.path == "customers/northwind" && d.message.contains("`adatum`"))
    );
}

// ---------------------------------------------------------------------------------------------
// ID2: a Partner ID names one partner, a primary domain one customer

#[test]
fn id2_refuses_adding_a_partner_with_a_taken_partner_id() {
    let world = World::cast();
    let taken = world.ws.partner(&id(WOODGROVE)).unwrap().partner_id.clone();
    let record = Partner {
        partner_id: taken.clone(),
        ..partner_record(
            "vanarsdel",
            "VanArsdel Ltd",
            "33333333-0000-4000-8000-000000000001",
            BillingModel::DirectBill,
            &[],
        )
    };
    world.refused(
        &operator(),
        &Action::AddPartner { partner: record },
        RuleId::ID2,
        &["VanArsdel Ltd", &taken, "`woodgrove`"],
    );
}

#[test]
fn id2_refuses_a_customer_with_another_customers_domain_in_any_case() {
    let world = World::cast();
    let twin = Customer {
        domain: "NORTHWIND.onmicrosoft.com".into(),
        ..tailwind()
    };
    world.refused(
        &operator(),
        &Action::AddCustomer { customer: twin },
        RuleId::ID2,
        &[
            "Tailwind Traders",
            "NORTHWIND.onmicrosoft.com",
            "`northwind`",
        ],
    );
}

#[test]
fn id2_allows_customers_whose_domain_is_not_known() {
    let mut world = World::cast();
    for (n, name) in ["Tailwind Traders", "Lucerne Publishing"]
        .iter()
        .enumerate()
    {
        let record = Customer {
            id: id(&format!("unknown-{n}")),
            display_name: (*name).into(),
            tenant_id: format!("44444444-0000-4000-8000-00000000000{n}"),
            domain: String::new(),
            ..tailwind()
        };
        world.ok(&operator(), &Action::AddCustomer { customer: record });
    }
    world.assert_clean();
}

#[test]
fn id2_load_reports_two_partners_with_one_partner_id() {
    let world = World::cast();
    let contoso_mpn = world.ws.partner(&id(CONTOSO)).unwrap().partner_id.clone();
    let (ws, diagnostics) = load_edited(&world, |file| {
        partner_mut(file, WOODGROVE)["partnerId"] = json!(contoso_mpn);
    });
    assert!(ws.partner(&id(WOODGROVE)).is_some(), "the file still loads");
    assert!(
        diagnostics.iter().any(|d| d.rule == RuleId::ID2
            && d.path == "partners/woodgrove"
            && d.message.contains("`contoso-it`")),
        "{diagnostics:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// ID3: well-formed identifiers

#[test]
fn id3_refuses_a_tenant_that_is_not_a_guid_or_is_the_nil_guid() {
    let world = World::cast();
    for (tenant, says) in [
        ("not-a-guid", "not a GUID"),
        ("00000000-0000-0000-0000-000000000000", "nil GUID"),
        ("", "not a GUID"),
    ] {
        let record = partner_record(
            "vanarsdel",
            "VanArsdel Ltd",
            tenant,
            BillingModel::DirectBill,
            &[],
        );
        world.refused(
            &operator(),
            &Action::AddPartner { partner: record },
            RuleId::ID3,
            &["tenant id of partner VanArsdel Ltd", says],
        );
    }
    let record = Customer {
        tenant_id: "not-a-guid".into(),
        ..tailwind()
    };
    world.refused(
        &operator(),
        &Action::AddCustomer { customer: record },
        RuleId::ID3,
        &["tenant id of customer Tailwind Traders", "`not-a-guid`"],
    );
}

#[test]
fn id3_stores_an_upper_case_tenant_lower_case_and_a_lower_case_country_upper_case() {
    let mut world = World::cast();
    let record = Customer {
        tenant_id: format!("  {}  ", TAILWIND_TENANT.to_ascii_uppercase()),
        country: "nl".into(),
        ..tailwind()
    };
    world.ok(&operator(), &Action::AddCustomer { customer: record });
    let stored = world.ws.customer(&id("tailwind")).unwrap();
    assert_eq!(
        (stored.tenant_id.as_str(), stored.country.as_str()),
        (TAILWIND_TENANT, "NL")
    );
    world.assert_clean();
}

#[test]
fn id3_refuses_a_country_that_is_not_an_iso_3166_alpha_2_code() {
    let world = World::cast();
    for country in ["ZZ", "USA", "UK"] {
        let record = Customer {
            country: country.into(),
            ..tailwind()
        };
        world.refused(
            &operator(),
            &Action::AddCustomer { customer: record },
            RuleId::ID3,
            &[
                "country of customer Tailwind Traders",
                country,
                "ISO 3166-1",
            ],
        );
    }
}

#[test]
fn id3_refuses_a_partner_id_that_is_not_digits() {
    let world = World::cast();
    let record = Partner {
        partner_id: "MPN-12345".into(),
        ..partner_record(
            "vanarsdel",
            "VanArsdel Ltd",
            "33333333-0000-4000-8000-000000000001",
            BillingModel::DirectBill,
            &[],
        )
    };
    world.refused(
        &operator(),
        &Action::AddPartner { partner: record },
        RuleId::ID3,
        &["Partner ID of partner VanArsdel Ltd", "MPN-12345", "digits"],
    );
}

#[test]
fn id3_refuses_a_security_group_that_is_not_a_guid_and_stores_one_lower_case() {
    let mut t = trading();
    t.world.refused(
        &partner(CONTOSO),
        &assign(&t.contoso_gdap, "helpdesk agents", &[HELPDESK_ADMIN]),
        RuleId::ID3,
        &["security group id", "`helpdesk agents`", "not a GUID"],
    );
    let applied = t.world.ok(
        &partner(CONTOSO),
        &assign(
            &t.contoso_gdap,
            &AGENTS.to_ascii_uppercase(),
            &[HELPDESK_ADMIN],
        ),
    );
    let asg = World::event_id(&applied, RecordKind::AccessAssignment);
    assert_eq!(
        t.world.ws.assignment(&asg).unwrap().security_group_id,
        AGENTS
    );
    t.world.assert_clean();
}

#[test]
fn id3_load_reports_an_upper_case_tenant_and_an_unknown_country() {
    let world = World::cast();
    let (_, diagnostics) = load_edited(&world, |file| {
        let adatum = customer_mut(file, ADATUM);
        adatum["tenantId"] = json!("22222222-0000-4000-8000-00000000000A");
        adatum["country"] = json!("ZZ");
    });
    let id3: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.rule == RuleId::ID3 && d.path == "customers/adatum")
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(id3.len(), 2, "{diagnostics:?}");
    assert!(id3[0].contains("stored lower-case"), "{id3:?}");
    assert!(id3[1].contains("`ZZ`"), "{id3:?}");
}
