//! What the demo holds: customers, ids and tenants, billing models, partners of record.

use super::*;

#[test]
fn demo_passes_check_without_findings() {
    let (ws, diagnostics) = parse_workspace(DEMO_JSON.as_bytes()).expect("the demo parses");
    assert!(
        diagnostics.is_empty(),
        "the demo has findings: {diagnostics:#?}"
    );
    assert!(check(&ws).is_empty());
    assert_eq!(ws.meta().name, "Contoso CSP demo");
    assert_eq!(
        ws.meta().as_of,
        Some(Time::parse("2026-11-24T09:00:00Z").unwrap())
    );
}

#[test]
fn demo_file_is_exactly_what_partnerdesk_would_save() {
    // Records in id order, fields in the order partnerdesk writes them: saving the demo unchanged
    // gives the same file, so a diff after `demo --write` and an edit shows only the edit.
    let ws = demo();
    let saved = String::from_utf8(to_json(&ws)).expect("UTF-8");
    if saved != DEMO_JSON {
        if std::env::var_os("PARTNERDESK_BLESS_DEMO").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo.json");
            std::fs::write(path, &saved).expect("assets/demo.json is writable");
            return;
        }
        let line = saved
            .lines()
            .zip(DEMO_JSON.lines())
            .position(|(a, b)| a != b)
            .map_or(0, |n| n + 1);
        panic!(
            "assets/demo.json is not in the form partnerdesk saves; first difference at line {line}; \
             to rewrite it so: PARTNERDESK_BLESS_DEMO=1 cargo test --test demo_workspace"
        );
    }
}

#[test]
fn demo_resaves_byte_identically() {
    let ws = demo();
    let first = to_json(&ws);
    let (again, diagnostics) = parse_workspace(&first).expect("a saved demo parses");
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    assert_eq!(to_json(&again), first, "re-saving the demo changes bytes");

    let moved = demo_workspace(Time::parse("2027-06-01T09:00:00Z").unwrap());
    let bytes = to_json(&moved);
    let (again, diagnostics) = parse_workspace(&bytes).expect("a moved demo parses");
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    assert_eq!(
        to_json(&again),
        bytes,
        "re-saving a moved demo changes bytes"
    );
}

#[test]
fn demo_has_twelve_customers_in_four_countries() {
    let ws = demo();
    assert!(
        ws.customers().len() >= 12,
        "only {} customers",
        ws.customers().len()
    );
    let countries: BTreeSet<&str> = ws.customers().map(|c| c.country.as_str()).collect();
    assert!(countries.len() >= 4, "only countries {countries:?}");
    for c in ws.customers() {
        assert!(
            c.country.len() == 2 && c.country.chars().all(|ch| ch.is_ascii_uppercase()),
            "{}: country `{}` is not ISO 3166 alpha-2",
            c.id,
            c.country
        );
        assert!(
            c.domain.ends_with(".onmicrosoft.com"),
            "{}: domain {}",
            c.id,
            c.domain
        );
    }
}

#[test]
fn demo_shows_a_customer_name_in_wide_characters() {
    let ws = demo();
    let wide = ws.customers().find(|c| {
        c.display_name
            .chars()
            .any(|ch| ('\u{3040}'..='\u{9fff}').contains(&ch))
    });
    assert!(wide.is_some(), "no customer name with CJK characters");
}

#[test]
fn demo_ids_are_readable_and_tenants_look_real() {
    let ws = demo();
    let mut tenants = BTreeSet::new();
    for p in ws.partners() {
        assert!(
            is_slug(p.id.as_str()),
            "partner id `{}` is not a readable slug",
            p.id
        );
        assert!(
            is_guid(&p.tenant_id),
            "{}: tenant id {} is not a GUID",
            p.id,
            p.tenant_id
        );
        assert!(
            (6..=7).contains(&p.partner_id.len())
                && p.partner_id.chars().all(|c| c.is_ascii_digit()),
            "{}: Partner ID {} is not a 6-7 digit number",
            p.id,
            p.partner_id
        );
        assert!(
            tenants.insert(p.tenant_id.clone()),
            "tenant {} is used twice",
            p.tenant_id
        );
    }
    for c in ws.customers() {
        assert!(
            is_slug(c.id.as_str()),
            "customer id `{}` is not a readable slug",
            c.id
        );
        assert!(
            is_guid(&c.tenant_id),
            "{}: tenant id {} is not a GUID",
            c.id,
            c.tenant_id
        );
        assert!(
            tenants.insert(c.tenant_id.clone()),
            "tenant {} is used twice",
            c.tenant_id
        );
    }
    for a in ws.assignments() {
        assert!(
            is_guid(&a.security_group_id),
            "{}: group {} is not a GUID",
            a.id,
            a.security_group_id
        );
    }
}

#[test]
fn demo_next_serial_is_above_every_numbered_id() {
    let ws = demo();
    let next = ws.meta().next_serial;
    let numbered = ws
        .subscriptions()
        .map(|r| &r.id)
        .chain(ws.relationships().map(|r| &r.id))
        .chain(ws.invitations().map(|r| &r.id))
        .chain(ws.assignments().map(|r| &r.id));
    for record in numbered {
        let serial = record
            .as_str()
            .rsplit('-')
            .next()
            .and_then(|n| n.parse::<u64>().ok());
        if let Some(serial) = serial {
            assert!(serial < next, "{record} is not below nextSerial {next}");
        }
    }
}

#[test]
fn demo_covers_all_three_billing_models() {
    let ws = demo();
    assert!(
        (6..=7).contains(&ws.partners().len()),
        "{} partners",
        ws.partners().len()
    );
    let models: BTreeSet<BillingModel> = ws.partners().map(|p| p.billing_model).collect();
    assert_eq!(
        models,
        BTreeSet::from([
            BillingModel::DirectBill,
            BillingModel::IndirectProvider,
            BillingModel::IndirectReseller
        ])
    );
    for p in ws.partners() {
        assert!(!p.specialties.is_empty(), "{} lists no specialty", p.id);
        if p.billing_model == BillingModel::IndirectReseller {
            assert!(
                !p.providers.is_empty(),
                "{} is an indirect reseller without providers",
                p.id
            );
            for provider in &p.providers {
                assert_eq!(
                    ws.partner(provider).map(|q| q.billing_model),
                    Some(BillingModel::IndirectProvider)
                );
            }
        }
    }
    assert!(
        ws.partners().any(|p| p.providers.len() >= 2),
        "no indirect reseller works with two providers"
    );
}

#[test]
fn demo_subscriptions_come_from_several_partners_of_record() {
    let ws = demo();
    let sellers: BTreeSet<&Id> = ws.subscriptions().map(|s| &s.partner_of_record).collect();
    assert!(
        sellers.len() >= 4,
        "only {} partners of record",
        sellers.len()
    );
    for s in ws.subscriptions() {
        let seller = ws
            .partner(&s.partner_of_record)
            .expect("partner of record exists");
        let resold = ws
            .relationships_of_customer(&s.customer_id)
            .any(|r| r.kind == RelationshipKind::Reseller && r.partner_id == seller.id);
        assert!(
            resold,
            "{}: {} never resold to {} (WS2)",
            s.id, seller.id, s.customer_id
        );
        if seller.billing_model == BillingModel::IndirectReseller {
            let billing = s
                .billing_partner
                .as_ref()
                .expect("an indirect reseller's subscription has a billing partner");
            assert!(
                seller.providers.contains(billing),
                "{}: billed by {billing}, not a provider of {}",
                s.id,
                seller.id
            );
        } else {
            assert_eq!(
                s.billing_partner, None,
                "{}: only the indirect model has a billing partner",
                s.id
            );
        }
    }
    let statuses: BTreeSet<SubscriptionStatus> = ws.subscriptions().map(|s| s.status).collect();
    assert!(statuses.contains(&SubscriptionStatus::Active));
    assert!(statuses.contains(&SubscriptionStatus::Suspended));
    // A partner that once resold and has let go: its suspended subscription stays (RS1, WS2 "held").
    let held_only = ws.subscriptions().any(|s| {
        !ws.relationships_of_customer(&s.customer_id).any(|r| {
            r.kind == RelationshipKind::Reseller
                && r.partner_id == s.partner_of_record
                && r.status.is_in_force()
        })
    });
    assert!(
        held_only,
        "no subscription of a partner whose reseller relationship has ended"
    );
}
