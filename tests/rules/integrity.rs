//! WS1, WS3, WS4: ids and references, dates, field sizes.

use super::*;

// ---------------------------------------------------------------------------------------------
// WS1: unique ids, existing references

#[test]
fn ws1_refuses_an_actor_that_is_not_in_the_workspace() {
    let mut world = World::cast();
    let inv = world.invite_reseller(CONTOSO, NORTHWIND);
    world.refused(
        &partner("ghost"),
        &reseller_invite(NORTHWIND),
        RuleId::WS1,
        &["`ghost`", "not a partner"],
    );
    world.refused(
        &customer("ghost"),
        &accept(&inv),
        RuleId::WS1,
        &["`ghost`", "not a customer"],
    );
}

#[test]
fn ws1_refuses_adding_a_partner_or_customer_with_a_taken_id() {
    let world = World::cast();
    let record = partner_record(
        CONTOSO,
        "Another Contoso",
        "33333333-0000-4000-8000-000000000009",
        BillingModel::DirectBill,
        &[],
    );
    world.refused(
        &operator(),
        &Action::AddPartner { partner: record },
        RuleId::WS1,
        &["`contoso-it`", "already taken"],
    );
    let record = customer_record(
        NORTHWIND,
        "Northwind again",
        "33333333-0000-4000-8000-000000000010",
        "US",
        false,
    );
    world.refused(
        &operator(),
        &Action::AddCustomer { customer: record },
        RuleId::WS1,
        &["`northwind`", "already taken"],
    );
}

#[test]
fn ws1_refuses_references_to_records_that_do_not_exist() {
    let world = World::cast();
    world.refused(
        &partner(CONTOSO),
        &reseller_invite("nobody"),
        RuleId::WS1,
        &["`nobody`", "not a customer"],
    );
    world.refused(
        &customer(NORTHWIND),
        &accept(&id("inv-404")),
        RuleId::WS1,
        &["`inv-404`", "not an invitation"],
    );
    world.refused(
        &partner(CONTOSO),
        &terminate(&id("rel-404")),
        RuleId::WS1,
        &["`rel-404`", "not a relationship"],
    );
    world.refused(
        &partner(CONTOSO),
        &suspend(&id("sub-404")),
        RuleId::WS1,
        &["`sub-404`", "not a subscription"],
    );
    let remove = Action::RemoveAccessAssignment {
        assignment_id: id("asg-404"),
    };
    world.refused(
        &partner(CONTOSO),
        &remove,
        RuleId::WS1,
        &["`asg-404`", "not an access assignment"],
    );
    let record = partner_record(
        "vanarsdel",
        "VanArsdel Ltd",
        "33333333-0000-4000-8000-000000000001",
        BillingModel::IndirectReseller,
        &["nowhere"],
    );
    world.refused(
        &operator(),
        &Action::AddPartner { partner: record },
        RuleId::WS1,
        &["`nowhere`"],
    );
    let edit = partner_record(
        "nobody",
        "Nobody",
        "33333333-0000-4000-8000-000000000002",
        BillingModel::DirectBill,
        &[],
    );
    world.refused(
        &operator(),
        &Action::EditPartner { partner: edit },
        RuleId::WS1,
        &["`nobody`"],
    );
}

#[test]
fn ws1_refuses_a_partner_without_a_display_name() {
    let world = World::cast();
    let record = partner_record(
        "blank",
        " ",
        "33333333-0000-4000-8000-000000000003",
        BillingModel::DirectBill,
        &[],
    );
    world.refused(
        &operator(),
        &Action::AddPartner { partner: record },
        RuleId::WS1,
        &["displayName"],
    );
}

#[test]
fn ws1_refuses_a_second_assignment_for_the_same_security_group() {
    let mut t = trading();
    t.world.ok(
        &partner(CONTOSO),
        &assign(&t.contoso_gdap, AGENTS, &[HELPDESK_ADMIN]),
    );
    t.world.refused(
        &partner(CONTOSO),
        &assign(&t.contoso_gdap, &AGENTS.to_ascii_uppercase(), &[USER_ADMIN]),
        RuleId::WS1,
        &[AGENTS, t.contoso_gdap.as_str()],
    );
}

#[test]
fn ws1_allows_new_records_with_fresh_ids_and_creates_unique_ids_itself() {
    let mut t = trading();
    t.world.ok(
        &operator(),
        &Action::AddPartner {
            partner: partner_record(
                "vanarsdel",
                "VanArsdel Ltd",
                "33333333-0000-4000-8000-000000000001",
                BillingModel::IndirectReseller,
                &[TAILSPIN, ADVENTURE],
            ),
        },
    );
    let ids: Vec<String> = t
        .world
        .ws
        .relationships()
        .map(|r| r.id.to_string())
        .chain(t.world.ws.invitations().map(|i| i.id.to_string()))
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len());
    t.world.assert_clean();
}

#[test]
fn ws1_load_reports_a_duplicate_id_and_keeps_the_first_record() {
    let t = trading();
    let (ws, diagnostics) = load_edited(&t.world, |file| {
        let customers = file["customers"].as_array_mut().unwrap();
        let mut twin = customers[0].clone();
        twin["displayName"] = json!("Impostor");
        customers.push(twin);
    });
    let duplicate: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.rule == RuleId::WS1)
        .collect();
    assert_eq!(duplicate.len(), 1, "{diagnostics:?}");
    assert!(
        duplicate[0].path.starts_with("customers[")
            && duplicate[0].message.contains("used by an earlier record"),
        "{duplicate:?}"
    );
    assert!(ws.customers().all(|c| c.display_name != "Impostor"));
}

#[test]
fn ws1_load_reports_a_dangling_reference() {
    let t = trading();
    let sub = t.contoso_active_sub.clone();
    let (_, diagnostics) = load_edited(&t.world, |file| {
        for s in file["subscriptions"].as_array_mut().unwrap() {
            if s["id"] == sub.as_str() {
                s["customerId"] = json!("ghost-customer");
            }
        }
    });
    assert!(
        diagnostics.iter().any(|d| d.rule == RuleId::WS1
            && d.path.contains(sub.as_str())
            && d.message.contains("ghost-customer")),
        "{diagnostics:?}"
    );
}

#[test]
fn ws1_load_reports_an_invitation_naming_a_missing_relationship() {
    let mut world = World::cast();
    let (inv, _) = world.request_gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false));
    let (_, diagnostics) = load_edited(&world, |file| {
        file["invitations"][0]["relationshipId"] = json!("rel-404");
    });
    assert!(
        diagnostics.iter().any(|d| d.rule == RuleId::WS1
            && d.path.contains(inv.as_str())
            && d.message.contains("rel-404")),
        "{diagnostics:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// WS3: real RFC 3339 dates, no end before its start

#[test]
fn ws4_refuses_a_customer_whose_name_is_longer_than_a_field_holds() {
    let world = World::cast();
    let long = "N".repeat(partnerdesk::store::MAX_STRING_BYTES + 1);
    let customer = customer_record(
        "long",
        &long,
        "33333333-0000-4000-8000-000000000009",
        "US",
        false,
    );
    world.refused(
        &operator(),
        &Action::AddCustomer { customer },
        RuleId::WS4,
        &["customer long", "displayName", "1048576 bytes"],
    );
}

#[test]
fn ws4_measures_text_as_the_file_writes_it_escapes_included() {
    // 200,000 control characters are 200 KB of text but 1.2 MB in the file (`\u0001` each).
    let world = World::cast();
    let name = "\u{1}".repeat(200_000);
    let customer = customer_record(
        "ctl",
        &name,
        "33333333-0000-4000-8000-000000000009",
        "US",
        false,
    );
    world.refused(
        &operator(),
        &Action::AddCustomer { customer },
        RuleId::WS4,
        &["customer ctl", "displayName"],
    );
}

#[test]
fn ws3_refuses_ending_a_relationship_before_it_started() {
    let mut world = World::cast();
    world.advance_days(10);
    let rel = world.resell(CONTOSO, NORTHWIND);
    let earlier = world.now.plus_days(-5);
    // With its audit trail, TM1 refuses any action dated before the acceptance first
    // (tm1_refuses_an_action_dated_before_the_audit_trails_last_entry); a file without one
    // still meets WS3.
    let (ws, diagnostics) = load_edited(&world, |file| file["audit"] = json!([]));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    world.ws = ws;
    world.refused_at(
        &partner(CONTOSO),
        &terminate(&rel),
        earlier,
        RuleId::WS3,
        &[&format!("relationship {rel} ends"), "before it starts"],
    );
}

#[test]
fn ws3_allows_ending_a_relationship_the_moment_it_started() {
    let mut world = World::cast();
    let rel = world.resell(CONTOSO, NORTHWIND);
    world.ok(&partner(CONTOSO), &terminate(&rel));
    let r = world.relationship(&rel);
    assert_eq!(r.start_date_time, r.end_date_time);
    world.assert_clean();
}

#[test]
fn ws3_load_reports_a_relationship_ending_before_it_starts() {
    let mut world = World::cast();
    let rel = world.gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false));
    let (_, diagnostics) = load_edited(&world, |file| {
        relationship_mut(file, &rel)["endDateTime"] = json!("2026-01-01T00:00:00Z");
    });
    assert!(
        diagnostics.iter().any(|d| d.rule == RuleId::WS3
            && d.path.contains(rel.as_str())
            && d.message.contains("before it starts")),
        "{diagnostics:?}"
    );
}

#[test]
fn ws3_load_reports_an_invitation_expiring_before_it_was_created() {
    let mut world = World::cast();
    let inv = world.invite_reseller(CONTOSO, NORTHWIND);
    let (_, diagnostics) = load_edited(&world, |file| {
        file["invitations"][0]["expiresDateTime"] = json!("2025-01-01T00:00:00Z");
    });
    assert!(
        diagnostics
            .iter()
            .any(|d| d.rule == RuleId::WS3 && d.path.contains(inv.as_str())),
        "{diagnostics:?}"
    );
}

#[test]
fn ws3_load_refuses_a_date_that_does_not_exist_naming_the_field() {
    let mut world = World::cast();
    world.invite_reseller(CONTOSO, NORTHWIND);
    let mut file: Value = serde_json::from_slice(&to_json(&world.ws)).unwrap();
    file["invitations"][0]["createdDateTime"] = json!("2026-02-30T09:00:00Z");
    let error = parse_workspace(serde_json::to_string_pretty(&file).unwrap().as_bytes())
        .expect_err("February 30th");
    let text = error.to_string();
    assert!(
        text.contains("invitations[0].createdDateTime") && text.contains("RFC 3339"),
        "{text}"
    );
}
