//! Random workspaces: every finding's proposed fix, applied through the core, removes that finding
//! and brings none more severe.

use super::*;

/// One random relationship of partner `p` with customer `c`, and what sits beside it.
#[derive(Clone, Debug)]
struct Shape {
    partner: usize,
    customer: usize,
    roles: Vec<&'static str>,
    status: RelationshipStatus,
    end_in_days: i64,
    auto_extend: bool,
    assigned: bool,
    resold: bool,
    dap: bool,
}

fn shape() -> impl Strategy<Value = Shape> {
    let roles = proptest::sample::subsequence(
        vec![
            GLOBAL_ADMIN,
            HELPDESK_ADMIN,
            PRIVILEGED_ROLE_ADMIN,
            DIRECTORY_READERS,
            EXCHANGE_ADMIN,
        ],
        1..=3,
    );
    let status = proptest::sample::select(vec![
        RelationshipStatus::Active,
        RelationshipStatus::Active,
        RelationshipStatus::Created,
        RelationshipStatus::ApprovalPending,
        RelationshipStatus::Expired,
    ]);
    (
        0..4usize,
        0..2usize,
        roles,
        status,
        -100i64..400,
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(
                partner,
                customer,
                roles,
                status,
                end_in_days,
                auto_extend,
                assigned,
                resold,
                dap,
            )| {
                Shape {
                    partner,
                    customer,
                    roles,
                    status,
                    end_in_days,
                    auto_extend,
                    assigned,
                    resold,
                    dap,
                }
            },
        )
}

fn build(shapes: &[Shape]) -> Workspace {
    let mut ws = world();
    for (i, s) in shapes.iter().enumerate() {
        let partner = partners()[s.partner];
        let customer = ["c1", "c2"][s.customer];
        let with_global_admin = s.roles.contains(&GLOBAL_ADMIN);
        // GD2: never auto-extend with Global Administrator; only a live relationship has an end.
        let auto_extend = s.auto_extend && !with_global_admin;
        let id = format!("rel-{i}");
        let end = match s.status {
            RelationshipStatus::Active => s.end_in_days.max(1),
            RelationshipStatus::Expired => s.end_in_days.min(-1),
            _ => 730,
        };
        ws.put_relationship(gdap(
            &id,
            partner,
            customer,
            &s.roles,
            s.status,
            end,
            auto_extend,
        ));
        if s.assigned && s.status == RelationshipStatus::Active {
            ws.put_assignment(assignment(&format!("asg-{i}"), &id, &s.roles[..1]));
        }
        if s.resold {
            ws.put_relationship(reseller(&format!("res-{i}"), partner, customer));
        }
        if s.dap {
            ws.put_relationship(relationship(
                &format!("dap-{i}"),
                RelationshipKind::DelegatedAdmin,
                partner,
                customer,
                RelationshipStatus::Active,
            ));
        }
    }
    ws
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_fix_removes_its_finding_and_brings_none_more_severe(shapes in proptest::collection::vec(shape(), 1..5)) {
        let ws = build(&shapes);
        let before = findings(&ws);
        for found in before.iter().filter(|f| f.fix.is_some()) {
            let fix = found.fix.as_ref().unwrap();
            let mut state = ws.clone();
            for action in &fix.actions {
                match apply(&state, &fix.actor, action, now()) {
                    Ok(applied) => state = applied.workspace,
                    Err(refusal) => {
                        prop_assert!(false, "{}: the fix {} was refused: {refusal}", found.id(), action.name());
                    }
                }
            }
            let after = findings(&state);
            prop_assert!(after.iter().all(|f| f.id() != found.id()), "{} is still found", found.id());
            let was: Vec<String> = before.iter().map(|f| f.id()).collect();
            for new in after.iter().filter(|f| !was.contains(&f.id())) {
                prop_assert!(
                    new.severity <= found.severity,
                    "fixing {} brought {} ({})", found.id(), new.id(), new.severity
                );
            }
        }
    }
}
