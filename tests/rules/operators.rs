//! OP1, TM1: who may act, and time that moves forward.

use super::*;

// ---------------------------------------------------------------------------------------------
// OP1: who may act

#[test]
fn op1_refuses_a_partner_or_customer_maintaining_master_data() {
    let world = World::cast();
    let newcomer = customer_record(
        "tailwind",
        "Tailwind Traders",
        "44444444-0000-4000-8000-000000000001",
        "NL",
        false,
    );
    world.refused(
        &partner(CONTOSO),
        &Action::AddCustomer {
            customer: newcomer.clone(),
        },
        RuleId::OP1,
        &["partner:contoso-it", "operator"],
    );
    let mut northwind = world.ws.customer(&id(NORTHWIND)).unwrap().clone();
    northwind.display_name = "Northwind (renamed)".into();
    world.refused(
        &customer(NORTHWIND),
        &Action::EditCustomer {
            customer: northwind,
        },
        RuleId::OP1,
        &["customer:northwind", "operator"],
    );
    let mut contoso = world.ws.partner(&id(CONTOSO)).unwrap().clone();
    contoso.specialties.push(Specialty::Azure);
    world.refused(
        &partner(CONTOSO),
        &Action::EditPartner {
            partner: contoso.clone(),
        },
        RuleId::OP1,
        &["partner:contoso-it"],
    );
    world.refused(
        &customer(NORTHWIND),
        &Action::AddPartner {
            partner: partner_record("x", "X", "x", BillingModel::DirectBill, &[]),
        },
        RuleId::OP1,
        &["customer:northwind"],
    );
}

#[test]
fn op1_refuses_the_operator_ending_a_relationship() {
    let t = trading();
    t.world.refused(
        &operator(),
        &terminate(&t.contoso_gdap),
        RuleId::OP1,
        &[
            "operator",
            t.contoso_gdap.as_str(),
            "Contoso IT Services",
            "Northwind Traders",
        ],
    );
}

#[test]
fn op1_refuses_a_partner_ending_another_partners_relationship() {
    let t = trading();
    t.world.refused(
        &partner(WOODGROVE),
        &terminate(&t.contoso_gdap),
        RuleId::OP1,
        &["partner:woodgrove", t.contoso_gdap.as_str()],
    );
    t.world.refused(
        &customer(ADATUM),
        &terminate(&t.contoso_gdap),
        RuleId::OP1,
        &["customer:adatum"],
    );
}

#[test]
fn op1_refuses_anyone_but_the_relationships_partner_managing_its_gdap() {
    let mut t = trading();
    let rel = t.contoso_gdap.clone();
    t.world.refused(
        &customer(NORTHWIND),
        &set_auto_extend(&rel, false),
        RuleId::OP1,
        &["customer:northwind", "Contoso IT Services"],
    );
    t.world.refused(
        &partner(WOODGROVE),
        &assign(&rel, AGENTS, &[HELPDESK_ADMIN]),
        RuleId::OP1,
        &["partner:woodgrove", "Contoso IT Services"],
    );
    let applied = t
        .world
        .ok(&partner(CONTOSO), &assign(&rel, AGENTS, &[HELPDESK_ADMIN]));
    let asg = World::event_id(&applied, RecordKind::AccessAssignment);
    let remove = Action::RemoveAccessAssignment { assignment_id: asg };
    t.world.refused(
        &operator(),
        &remove,
        RuleId::OP1,
        &["operator", "Contoso IT Services"],
    );
}

#[test]
fn op1_allows_the_operator_to_add_and_edit_master_data_and_records_who_did_it() {
    let mut world = World::cast();
    let mut northwind = world.ws.customer(&id(NORTHWIND)).unwrap().clone();
    northwind.display_name = "Northwind Traders Ltd".into();
    world.ok(
        &operator(),
        &Action::EditCustomer {
            customer: northwind,
        },
    );
    let mut contoso = world.ws.partner(&id(CONTOSO)).unwrap().clone();
    contoso.specialties.push(Specialty::Azure);
    world.ok(&operator(), &Action::EditPartner { partner: contoso });
    assert_eq!(
        world.ws.customer(&id(NORTHWIND)).unwrap().display_name,
        "Northwind Traders Ltd"
    );
    let last = world.ws.audit().next_back().unwrap();
    assert_eq!(
        (last.actor.clone(), last.action.name()),
        (operator(), "edit partner")
    );
    assert_eq!(
        world.ws.audit().len(),
        11,
        "9 records added and 2 edits, one entry each"
    );
}

#[test]
fn op1_lets_only_the_operator_pass_time() {
    let mut world = World::cast();
    let inv = world.invite_reseller(CONTOSO, NORTHWIND);
    world.advance_days(100);
    world.refused(
        &customer(ADATUM),
        &Action::PassTime,
        RuleId::OP1,
        &["customer:adatum", "let time pass"],
    );
    world.refused(
        &partner(CONTOSO),
        &Action::PassTime,
        RuleId::OP1,
        &["partner:contoso-it", "only the operator"],
    );
    assert_eq!(world.invitation(&inv).status, InvitationStatus::Pending);
    world.ok(&operator(), &Action::PassTime);
    assert_eq!(world.invitation(&inv).status, InvitationStatus::Expired);
}

// ---------------------------------------------------------------------------------------------
// TM1: time moves forward

#[test]
fn tm1_refuses_an_action_dated_before_the_audit_trails_last_entry() {
    let mut world = World::cast();
    world.advance_days(10);
    let rel = world.resell(CONTOSO, NORTHWIND);
    let last = world.ws.audit().next_back().unwrap().at;
    let long_ago = Time::parse("1900-01-01T00:00:00Z").unwrap();
    for when in [world.now.plus_days(-5), long_ago] {
        world.refused_at(
            &partner(CONTOSO),
            &terminate(&rel),
            when,
            RuleId::TM1,
            &[
                &format!("the audit trail's last entry is at {last}"),
                &format!("cannot be dated {when}"),
            ],
        );
    }
    world.refused_at(
        &operator(),
        &Action::PassTime,
        long_ago,
        RuleId::TM1,
        &["1900-01-01T00:00:00Z"],
    );
}

#[test]
fn tm1_allows_an_action_at_the_moment_of_the_last_entry_or_later() {
    let mut world = World::cast();
    let rel = world.resell(CONTOSO, NORTHWIND);
    let last = world.ws.audit().next_back().unwrap().at;
    world.ok_at(&partner(WOODGROVE), &reseller_invite(NORTHWIND), last);
    world.ok_at(&partner(CONTOSO), &terminate(&rel), last.plus_seconds(1));
    world.assert_clean();
}

#[test]
fn tm1_load_reports_an_audit_entry_dated_before_an_earlier_one_and_still_loads() {
    let mut world = World::cast();
    world.resell(CONTOSO, NORTHWIND);
    let (ws, diagnostics) = load_edited(&world, |file| {
        let audit = file["audit"].as_array_mut().unwrap();
        audit[3]["at"] = json!("1900-01-01T00:00:00Z");
    });
    assert_eq!(
        ws.audit().count(),
        world.ws.audit().count(),
        "the trail loads whole"
    );
    let tm1: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.rule == RuleId::TM1)
        .collect();
    assert_eq!(tm1.len(), 1, "{diagnostics:?}");
    assert_eq!(tm1[0].path, "audit/4");
    assert!(
        tm1[0].message.contains("1900-01-01T00:00:00Z"),
        "{:?}",
        tm1[0]
    );
}
