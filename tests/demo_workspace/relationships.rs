//! The demo's relationships: GDAP in every status and by Graph's rules, DAP as history, reseller, access assignments, partner counts.

use super::*;

#[test]
fn demo_has_gdap_relationships_in_every_status() {
    let ws = demo();
    let statuses: BTreeSet<RelationshipStatus> = ws
        .relationships()
        .filter(|r| r.kind == RelationshipKind::Gdap)
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses, BTreeSet::from(RelationshipStatus::ALL));
}

#[test]
fn demo_gdap_relationships_follow_the_graph_rules() {
    let ws = demo();
    let mut names: BTreeMap<(&Id, String), &Id> = BTreeMap::new();
    for r in ws
        .relationships()
        .filter(|r| r.kind == RelationshipKind::Gdap)
    {
        let g = r.gdap.as_ref().expect("GDAP details");
        assert!(
            (1..=50).contains(&g.display_name.chars().count()),
            "{}: name too long",
            r.id
        );
        if let Some(other) = names.insert((&r.partner_id, g.display_name.to_lowercase()), &r.id) {
            panic!(
                "{} and {other} share the name {:?} (GD6)",
                r.id, g.display_name
            );
        }
        assert!(
            (1..=730).contains(&g.duration.0),
            "{}: duration {}",
            r.id,
            g.duration
        );
        assert!(!g.roles.is_empty(), "{}: no roles", r.id);
        for role in &g.roles {
            let known = find_role(role)
                .unwrap_or_else(|| panic!("{}: {role} is not a built-in role", r.id));
            assert_eq!(
                &known.template_id, role,
                "{}: roles are stored as template ids",
                r.id
            );
        }
        if g.roles.iter().any(|role| role == GLOBAL_ADMINISTRATOR) {
            assert!(
                !g.auto_extend_duration.is_on(),
                "{}: Global Administrator with auto-extend (GD2)",
                r.id
            );
        }
        let first = r.history.first().expect("a GDAP relationship has history");
        assert_eq!(
            first.status,
            RelationshipStatus::Created,
            "{}: history starts when created",
            r.id
        );
        assert_eq!(first.at, r.created_date_time, "{}", r.id);
        assert_eq!(
            r.history.last().unwrap().status,
            r.status,
            "{}: history ends in its status",
            r.id
        );
        assert!(
            r.history.windows(2).all(|w| w[0].at <= w[1].at),
            "{}: history out of order",
            r.id
        );
    }
    assert!(
        ws.relationships().any(|r| r
            .gdap
            .as_ref()
            .is_some_and(|g| g.roles.iter().any(|role| role == GLOBAL_ADMINISTRATOR))),
        "no GDAP relationship asks for Global Administrator"
    );
}

#[test]
fn demo_has_an_active_relationship_ending_within_thirty_days_and_it_can_be_auto_extended() {
    let ws = demo();
    let now = as_of(&ws);
    let ending: Vec<&Relationship> = ws
        .relationships()
        .filter(|r| ending_soon(r, now).is_some())
        .collect();
    assert!(!ending.is_empty(), "no relationship ends within 30 days");
    for r in &ending {
        assert_eq!(r.status, RelationshipStatus::Active, "{}", r.id);
        let left = r.days_left(now).expect("an end date");
        assert!((1..=30).contains(&left), "{} ends in {left} days", r.id);
    }
    // What Microsoft asks partners to do for a relationship ending soon is allowed.
    let r = ending
        .iter()
        .find(|r| {
            r.gdap
                .as_ref()
                .is_some_and(|g| !g.auto_extend_duration.is_on())
        })
        .expect("one ending soon without auto-extend");
    let on = Action::SetAutoExtend {
        relationship_id: r.id.clone(),
        auto_extend_duration: AutoExtend::P180D,
    };
    apply(&ws, &Actor::Partner(r.partner_id.clone()), &on, now)
        .expect("auto-extension can be turned on in the last 30 days");
}

#[test]
fn demo_expiring_relationships_have_passed_their_end_date() {
    let ws = demo();
    let now = as_of(&ws);
    let expiring: Vec<&Relationship> = ws
        .relationships()
        .filter(|r| r.status == RelationshipStatus::Expiring)
        .collect();
    assert!(!expiring.is_empty(), "no expiring relationship");
    for r in expiring {
        let end = r.end_date_time.expect("an end date");
        assert!(end <= now, "{} is expiring before its end ({end})", r.id);
    }
}

#[test]
fn demo_active_gdap_relationships_have_not_reached_their_end() {
    let ws = demo();
    let now = as_of(&ws);
    for r in ws
        .relationships()
        .filter(|r| r.kind == RelationshipKind::Gdap && r.status == RelationshipStatus::Active)
    {
        let left = r
            .days_left(now)
            .expect("an active GDAP relationship has an end");
        assert!(left >= 1, "{} is active with {left} days left", r.id);
        assert!(
            r.start_date_time.is_some_and(|start| start <= now),
            "{}: starts in the future",
            r.id
        );
    }
    let extended = ws.relationships().any(|r| {
        r.history.iter().any(|h| {
            h.note
                .as_deref()
                .is_some_and(|n| n.starts_with("auto-extended"))
        })
    });
    assert!(
        extended,
        "no relationship shows an auto-extension in its history"
    );
}

#[test]
fn demo_keeps_dap_as_history_from_before_its_retirement() {
    let ws = demo();
    let retired = dap_retired();
    for r in ws
        .relationships()
        .filter(|r| r.kind == RelationshipKind::DelegatedAdmin)
    {
        assert!(
            r.created_date_time < retired,
            "{}: DAP made after retirement",
            r.id
        );
    }
    for i in ws
        .invitations()
        .filter(|i| i.kind == InvitationKind::ResellerAndDelegatedAdmin)
    {
        assert!(
            i.created_date_time < retired,
            "{}: DAP asked after retirement",
            i.id
        );
        assert_ne!(i.status, InvitationStatus::Pending, "{}", i.id);
    }
    assert!(
        ws.relationships().any(|r| r
            .gdap
            .as_ref()
            .is_some_and(|g| is_microsoft_led_transition(&g.display_name))),
        "no relationship of the Microsoft-led transition (MLT_...)"
    );
}

#[test]
fn demo_has_reseller_and_dap_relationships_in_force_and_ended() {
    let ws = demo();
    for kind in [RelationshipKind::Reseller, RelationshipKind::DelegatedAdmin] {
        let statuses: BTreeSet<RelationshipStatus> = ws
            .relationships()
            .filter(|r| r.kind == kind)
            .map(|r| r.status)
            .collect();
        assert!(
            statuses.contains(&RelationshipStatus::Active),
            "no active {kind:?} relationship"
        );
        assert!(
            statuses.contains(&RelationshipStatus::Terminated),
            "no terminated {kind:?} relationship"
        );
        assert!(
            statuses.iter().all(|s| matches!(
                s,
                RelationshipStatus::Active | RelationshipStatus::Terminated
            )),
            "{kind:?} relationships use only active and terminated: {statuses:?}"
        );
    }
}

#[test]
fn demo_has_access_assignments_within_their_relationships_roles() {
    let ws = demo();
    let mut deleted = 0;
    let mut active = 0;
    for a in ws.assignments() {
        let r = ws
            .relationship(&a.relationship_id)
            .expect("its relationship");
        let roles = &r.gdap.as_ref().expect("a GDAP relationship").roles;
        assert!(
            a.roles.iter().all(|role| roles.contains(role)),
            "{}: roles beyond {} (GD4)",
            a.id,
            r.id
        );
        match a.status {
            AssignmentStatus::Active => {
                active += 1;
                assert!(
                    r.status.is_in_force(),
                    "{} is active on {} which is {:?}",
                    a.id,
                    r.id,
                    r.status
                );
            }
            AssignmentStatus::Deleted => deleted += 1,
            other => panic!("{}: the demo has no {} assignment", a.id, other.label()),
        }
        assert!(
            a.security_group_name.is_some(),
            "{} names its security group",
            a.id
        );
    }
    assert!(active >= 2, "{active} active access assignments");
    assert!(deleted >= 1, "no deleted access assignment");
}

#[test]
fn demo_has_a_customer_that_is_a_csp_partner() {
    let ws = demo();
    let csp: Vec<&Customer> = ws.customers().filter(|c| c.is_csp_partner).collect();
    assert!(!csp.is_empty(), "no customer tenant is a CSP partner");
    let now = as_of(&ws);
    for c in csp {
        assert!(
            !ws.relationships_of_customer(&c.id)
                .any(|r| r.kind == RelationshipKind::Reseller),
            "{} is a CSP partner yet has a reseller relationship (MP6)",
            c.id
        );
        assert!(
            !ws.invitations_of_customer(&c.id)
                .any(|i| i.kind != InvitationKind::Gdap),
            "{} is a CSP partner yet was invited to a reseller relationship",
            c.id
        );
        // Trying it in a demo shows the rule.
        let invite = Action::Invite {
            customer_id: c.id.clone(),
            kind: InvitationKind::Reseller,
            via_provider_id: None,
            gdap: None,
            draft: false,
            for_reseller: None,
        };
        let refusal =
            apply(&ws, &Actor::Partner(id("relecloud")), &invite, now).expect_err("MP6 refuses");
        assert_eq!(refusal.rule, RuleId::MP6, "{refusal:?}");
    }
}

#[test]
fn demo_has_customers_with_one_two_and_three_partners() {
    let ws = demo();
    let counts: BTreeSet<usize> = ws.customers().map(|c| partner_count(&ws, &c.id)).collect();
    for wanted in [1, 2, 3] {
        assert!(
            counts.contains(&wanted),
            "no customer with exactly {wanted} partner(s): {counts:?}"
        );
    }
    assert!(
        counts.iter().any(|&n| n >= 4),
        "no customer with four or more partners: {counts:?}"
    );
}
