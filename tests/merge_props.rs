//! The three-way merge's algebra on random histories: two branches from one base that act on
//! disjoint customers merge into exactly what applying one branch's actions after the other's
//! gives; merge(base, x, x) = x; merge(base, base, x) = x = merge(base, x, base).

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use partnerdesk::domain::duration::AutoExtend;
use partnerdesk::domain::{Action, Actor, Id, Time, apply};
use partnerdesk::store::{demo_workspace, to_json};
use partnerdesk::workspace::Workspace;
use partnerdesk::workspace::merge::merge;
use proptest::prelude::*;

fn t0() -> Time {
    Time::parse("2026-11-24T09:00:00Z").unwrap()
}

/// Actions that change one customer's records without creating any: auto-extension on and off,
/// suspend and reactivate, terminate — each by the side allowed to (or refused, which is fine).
fn actions_of(ws: &Workspace, customer: &Id) -> Vec<(Actor, Action)> {
    let mut out = Vec::new();
    for r in ws.relationships_of_customer(customer) {
        let partner = Actor::Partner(r.partner_id.clone());
        if r.gdap.is_some() {
            for setting in [AutoExtend::P180D, AutoExtend::Off] {
                out.push((
                    partner.clone(),
                    Action::SetAutoExtend {
                        relationship_id: r.id.clone(),
                        auto_extend_duration: setting,
                    },
                ));
            }
        }
        out.push((
            partner,
            Action::Terminate {
                relationship_id: r.id.clone(),
            },
        ));
    }
    for s in ws.subscriptions_of_customer(customer) {
        let partner = Actor::Partner(s.partner_of_record.clone());
        out.push((
            partner.clone(),
            Action::SuspendSubscription {
                subscription_id: s.id.clone(),
            },
        ));
        out.push((
            partner,
            Action::ReactivateSubscription {
                subscription_id: s.id.clone(),
            },
        ));
    }
    out
}

/// Applies the picked actions in order from `start` minutes on; refusals are skipped.
fn run(ws: &Workspace, pool: &[(Actor, Action)], picks: &[usize], start: i64) -> Workspace {
    let mut ws = ws.clone();
    for (step, pick) in picks.iter().enumerate() {
        let Some((actor, action)) = pool.get(pick % pool.len().max(1)) else {
            continue;
        };
        let at = t0().plus_seconds((start + step as i64) * 60);
        if let Ok(done) = apply(&ws, actor, action, at) {
            ws = done.workspace;
        }
    }
    ws
}

fn text(ws: &Workspace) -> String {
    String::from_utf8(to_json(ws)).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn disjoint_branches_merge_to_one_after_the_other(
        split in any::<u16>(),
        ours_picks in proptest::collection::vec(any::<usize>(), 0..8),
        theirs_picks in proptest::collection::vec(any::<usize>(), 0..8),
    ) {
        let base = demo_workspace(t0());
        let customers: Vec<Id> = base.customers().map(|c| c.id.clone()).collect();
        let (mut mine, mut yours) = (Vec::new(), Vec::new());
        for (i, customer) in customers.iter().enumerate() {
            let pool = actions_of(&base, customer);
            if split & (1 << (i % 16)) == 0 { mine.extend(pool) } else { yours.extend(pool) }
        }
        let ours = run(&base, &mine, &ours_picks, 1);
        // Their actions come later than ours, as applying them after ours would date them.
        let theirs = run(&base, &yours, &theirs_picks, 100);
        let merged = merge(&base, &ours, &theirs, &[]);
        prop_assert!(merged.conflicts.is_empty(), "{:#?}", merged.conflicts);
        let sequential = run(&ours, &yours, &theirs_picks, 100);
        prop_assert_eq!(text(&merged.workspace), text(&sequential));
    }

    #[test]
    fn merging_with_itself_or_the_base_gives_the_branch(
        picks in proptest::collection::vec(any::<usize>(), 0..10),
    ) {
        let base = demo_workspace(t0());
        let pool: Vec<(Actor, Action)> = base
            .customers()
            .flat_map(|c| actions_of(&base, &c.id))
            .collect();
        let x = run(&base, &pool, &picks, 1);
        let want = text(&x);
        prop_assert_eq!(text(&merge(&base, &x, &x, &[]).workspace), want.clone());
        prop_assert_eq!(text(&merge(&base, &base, &x, &[]).workspace), want.clone());
        prop_assert_eq!(text(&merge(&base, &x, &base, &[]).workspace), want);
    }
}
