//! A large workspace's lists (ordered at once, search text on threads) against the small path
//! (everything built in one go): the same rows, the same filter results, also when an action
//! lands before the text does.

use super::*;
use crate::domain::{Action, Actor, InvitationKind, Time, apply};

fn now() -> Time {
    Time::parse("2026-11-24T09:00:00Z").expect("a time")
}

fn generated() -> Workspace {
    let spec = crate::synth::Spec {
        customers: 400,
        partners: 9,
        seed: 11,
        now: now(),
    };
    Workspace::from_file(crate::synth::generate(&spec)).0
}

fn built(ws: &Workspace, large: bool) -> Lists {
    let mut lists = Lists::default();
    lists.rebuild_with(ws, large);
    lists
}

/// Every row a pane shows, in order.
fn shown(lists: &mut Lists, pane: Pane) -> Vec<Id> {
    let list = lists.get_mut(pane);
    list.finish();
    let (_, ids) = list.window(list.len());
    ids.into_iter().cloned().collect()
}

fn same_rows_and_searches(large: &mut Lists, small: &mut Lists) {
    for pane in Pane::ALL {
        assert_eq!(shown(large, pane), shown(small, pane), "{pane:?} in order");
    }
    large.finish_text();
    assert!(!large.preparing());
    for pane in Pane::ALL {
        for query in ["a", "contoso", "gdap", "zzz"] {
            large.get_mut(pane).set_query(query);
            small.get_mut(pane).set_query(query);
            assert_eq!(shown(large, pane), shown(small, pane), "{pane:?} /{query}");
        }
    }
}

#[test]
fn a_large_build_shows_the_same_rows_at_once_and_finds_the_same_once_its_text_is_there() {
    let ws = generated();
    let mut large = built(&ws, true);
    // Browsable before any text: every pane holds all its rows, in order.
    assert_eq!(large.get(Pane::Customers).total(), ws.customers().len());
    same_rows_and_searches(&mut large, &mut built(&ws, false));
}

#[test]
fn a_text_filter_typed_before_the_text_arrives_finishes_right_once_it_does() {
    let ws = generated();
    let mut large = built(&ws, true);
    let mut small = built(&ws, false);
    let pane = Pane::Relationships;
    large.get_mut(pane).set_query("contoso");
    small.get_mut(pane).set_query("contoso");
    // Whatever arrived meanwhile, nothing wrong is shown: a lower bound while searching.
    assert!(large.get(pane).len() <= shown(&mut small, pane).len());
    large.finish_text();
    assert_eq!(shown(&mut large, pane), shown(&mut small, pane));
}

#[test]
fn an_action_before_the_text_arrives_leaves_rows_and_text_right() {
    let ws = generated();
    let mut large = built(&ws, true);
    let invite = |customer: &Id| Action::Invite {
        customer_id: customer.clone(),
        kind: InvitationKind::Reseller,
        via_provider_id: None,
        gdap: None,
        draft: false,
        for_reseller: None,
    };
    // The first invitation the rules allow.
    let applied = ws
        .partners()
        .flat_map(|p| ws.customers().map(move |c| (p, c)))
        .find_map(|(p, c)| apply(&ws, &Actor::Partner(p.id.clone()), &invite(&c.id), now()).ok())
        .expect("some invitation allowed");
    let changed = changed_records(&applied.events);
    large.refresh(&ws, &applied.workspace, &changed);
    same_rows_and_searches(&mut large, &mut built(&applied.workspace, false));
}
