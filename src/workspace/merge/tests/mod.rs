use super::*;
use crate::domain::duration::AutoExtend;
use crate::domain::{Action, Actor, GdapRequest, InvitationKind, Time, apply};
use crate::store::{demo_workspace, to_json};
use serde_json::Value;

fn at(minute: u32) -> Time {
    Time::parse(&format!("2026-11-24T09:{minute:02}:00Z")).unwrap()
}

fn act(ws: &Workspace, actor: &str, action: Action, minute: u32) -> Workspace {
    let actor = match actor.split_once(':') {
        Some(("partner", id)) => Actor::Partner(Id::new(id)),
        Some(("customer", id)) => Actor::Customer(Id::new(id)),
        _ => Actor::Operator,
    };
    match apply(ws, &actor, &action, at(minute)) {
        Ok(done) => done.workspace,
        Err(refusal) => panic!("{refusal}"),
    }
}

/// The two workspaces write the same file; else the test fails showing the first difference.
fn same(a: &Workspace, b: &Workspace) {
    let (a, b) = (text(a), text(b));
    let (la, lb): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    if let Some(i) = (0..la.len().min(lb.len())).find(|&i| la[i] != lb[i]) {
        let from = i.saturating_sub(12);
        panic!(
            "first difference at line {i}:\n{}\n---\n{}",
            la[from..(i + 3).min(la.len())].join("\n"),
            lb[from..(i + 3).min(lb.len())].join("\n")
        );
    }
    assert_eq!(a.len(), b.len());
}

fn text(ws: &Workspace) -> String {
    String::from_utf8(to_json(ws)).unwrap()
}

fn base() -> Workspace {
    demo_workspace(at(0))
}

fn gdap_invite(customer: &str, name: &str) -> Action {
    Action::Invite {
        customer_id: Id::new(customer),
        kind: InvitationKind::Gdap,
        via_provider_id: None,
        gdap: Some(GdapRequest {
            display_name: Some(name.into()),
            roles: vec!["Helpdesk Administrator".into()],
            duration: crate::domain::duration::DurationDays(365),
            auto_extend_duration: AutoExtend::Off,
        }),
        draft: false,
        for_reseller: None,
    }
}

fn auto_extend_on() -> Action {
    Action::SetAutoExtend {
        relationship_id: Id::new("rel-1072"),
        auto_extend_duration: AutoExtend::P180D,
    }
}

#[test]
fn disjoint_changes_both_come_in_with_both_audit_trails_numbered_on() {
    let base = base();
    let ours = act(&base, "partner:relecloud", auto_extend_on(), 1);
    let theirs = act(
        &base,
        "partner:relecloud",
        gdap_invite("litware", "Litware helpdesk"),
        2,
    );
    let merged = merge(&base, &ours, &theirs, &[]);
    assert!(merged.conflicts.is_empty(), "{:#?}", merged.conflicts);
    assert!(merged.renamed.is_empty());
    let ws = &merged.workspace;
    assert!(
        ws.relationship(&Id::new("rel-1072"))
            .unwrap()
            .gdap
            .as_ref()
            .unwrap()
            .auto_extend_duration
            .is_on()
    );
    assert_eq!(ws.invitations().count(), theirs.invitations().count());
    let seqs: Vec<u64> = ws.audit().map(|e| e.seq).collect();
    let first = base.audit().count() as u64;
    assert_eq!(seqs.len() as u64, first + 2);
    assert!(seqs.windows(2).all(|w| w[1] == w[0] + 1), "{seqs:?}");
}

#[test]
fn merging_a_side_with_itself_or_with_the_base_gives_that_side() {
    let base = base();
    let x = act(&base, "partner:relecloud", auto_extend_on(), 1);
    for merged in [
        merge(&base, &x, &x, &[]),
        merge(&base, &base, &x, &[]),
        merge(&base, &x, &base, &[]),
    ] {
        assert!(merged.conflicts.is_empty(), "{:#?}", merged.conflicts);
        same(&merged.workspace, &x);
    }
}

#[test]
fn the_same_field_changed_differently_is_a_conflict_that_keeps_ours() {
    let base = base();
    let id = base.customers().next().unwrap().id.clone();
    let renamed = |name: &str| {
        let mut customer = base.customer(&id).unwrap().clone();
        customer.display_name = name.into();
        Action::EditCustomer { customer }
    };
    let ours = act(&base, "operator", renamed("Ours Ltd"), 1);
    let theirs = act(&base, "operator", renamed("Theirs Ltd"), 2);
    let merged = merge(&base, &ours, &theirs, &[]);
    assert_eq!(merged.conflicts.len(), 1, "{:#?}", merged.conflicts);
    let conflict = &merged.conflicts[0];
    assert_eq!(conflict.kind, ConflictKind::Field);
    assert_eq!(conflict.record, id.to_string());
    assert_eq!(conflict.path, "displayName");
    assert_eq!(conflict.theirs, Some(Value::from("Theirs Ltd")));
    assert_eq!(
        merged.workspace.customer(&id).unwrap().display_name,
        "Ours Ltd"
    );
}

#[test]
fn ids_both_sides_made_for_different_records_are_renumbered_on_their_side() {
    let base = base();
    let ours = act(
        &base,
        "partner:relecloud",
        gdap_invite("litware", "Litware helpdesk"),
        1,
    );
    let theirs = act(
        &base,
        "partner:vanarsdel",
        gdap_invite("fourth-coffee", "Fourth Coffee helpdesk"),
        2,
    );
    let merged = merge(&base, &ours, &theirs, &[]);
    assert!(merged.conflicts.is_empty(), "{:#?}", merged.conflicts);
    assert!(!merged.renamed.is_empty());
    let ws = &merged.workspace;
    // Both invitations are there, each pointing at its own relationship.
    let new: Vec<_> = ws
        .invitations()
        .filter(|i| base.invitation(&i.id).is_none())
        .collect();
    assert_eq!(new.len(), 2);
    for invitation in new {
        let relationship = ws
            .relationship(invitation.relationship_id.as_ref().unwrap())
            .unwrap();
        assert_eq!(relationship.customer_id, invitation.customer_id);
        assert_eq!(relationship.partner_id, invitation.partner_id);
    }
    // Their audit entry names the new ids.
    let last = ws.audit().last().unwrap();
    for (old, new) in &merged.renamed {
        assert!(
            !last.summary.contains(&format!("{old}:")),
            "{}",
            last.summary
        );
        assert!(last.summary.contains(new.as_str()), "{}", last.summary);
    }
    assert!(ws.meta().next_serial >= ours.meta().next_serial);
}

#[test]
fn a_rule_broken_only_by_the_combination_is_a_conflict_named_by_its_rule() {
    let base = base();
    let ours = act(
        &base,
        "partner:relecloud",
        gdap_invite("litware", "Litware helpdesk"),
        1,
    );
    let theirs = act(
        &base,
        "partner:relecloud",
        gdap_invite("litware", "Litware helpdesk"),
        2,
    );
    let merged = merge(&base, &ours, &theirs, &[]);
    let rules: Vec<_> = merged
        .conflicts
        .iter()
        .filter(|c| c.kind == ConflictKind::Rule)
        .filter_map(|c| c.rule.clone())
        .collect();
    assert!(rules.iter().any(|r| r == "GD6"), "{:#?}", merged.conflicts);
}

mod resolve;
