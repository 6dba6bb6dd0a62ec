//! The conflicts a merge records in the workspace, answered through the core
//! (`ResolveConflict`), and a merge of sides that carry recorded conflicts.

use super::*;

/// Two operators renaming the first customer differently: (base, ours, theirs, its id).
fn renamed_both_ways() -> (Workspace, Workspace, Workspace, Id) {
    let base = base();
    let id = base.customers().next().unwrap().id.clone();
    let renamed = |name: &str| {
        let mut customer = base.customer(&id).unwrap().clone();
        customer.display_name = name.into();
        Action::EditCustomer { customer }
    };
    let ours = act(&base, "operator", renamed("Ours Ltd"), 1);
    let theirs = act(&base, "operator", renamed("Theirs Ltd"), 2);
    (base, ours, theirs, id)
}

/// The merged workspace as a file opens it again: indexed, ready for actions.
fn reopened(merged: &Merged) -> Workspace {
    crate::store::load_bytes(&to_json(&merged.workspace))
        .unwrap()
        .workspace
}

fn resolve(id: &str, side: Side) -> Action {
    Action::ResolveConflict {
        conflict_id: id.into(),
        side,
    }
}

#[test]
fn the_merge_records_its_conflicts_in_the_workspace_and_the_file_keeps_them() {
    let (base, ours, theirs, id) = renamed_both_ways();
    let merged = merge(&base, &ours, &theirs, &[]);
    let recorded: Vec<&Conflict> = merged.workspace.conflicts().collect();
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].id, format!("customers/{id}/displayName"));
    let again = reopened(&merged);
    let kept: Vec<&Conflict> = again.conflicts().collect();
    assert_eq!(kept, recorded, "written and read back whole");
}

#[test]
fn resolving_with_theirs_takes_their_value_and_removes_the_conflict_as_one_audited_action() {
    let (base, ours, theirs, id) = renamed_both_ways();
    let merged = reopened(&merge(&base, &ours, &theirs, &[]));
    let conflict = format!("customers/{id}/displayName");
    let done = act(&merged, "operator", resolve(&conflict, Side::Theirs), 3);
    assert_eq!(done.customer(&id).unwrap().display_name, "Theirs Ltd");
    assert_eq!(done.conflicts().len(), 0);
    let last = done.audit().last().unwrap();
    assert!(last.summary.contains("theirs taken"), "{}", last.summary);
    assert_eq!(last.action, resolve(&conflict, Side::Theirs));
    // Undo is the state before: the conflict and ours are still there.
    assert_eq!(merged.conflicts().len(), 1);
    assert_eq!(merged.customer(&id).unwrap().display_name, "Ours Ltd");
}

#[test]
fn resolving_with_ours_keeps_the_record_and_removes_the_conflict() {
    let (base, ours, theirs, id) = renamed_both_ways();
    let merged = reopened(&merge(&base, &ours, &theirs, &[]));
    let conflict = format!("customers/{id}/displayName");
    let done = act(&merged, "operator", resolve(&conflict, Side::Ours), 3);
    assert_eq!(done.customer(&id).unwrap().display_name, "Ours Ltd");
    assert_eq!(done.conflicts().len(), 0);
}

#[test]
fn resolving_a_conflict_the_workspace_does_not_record_is_refused_naming_ws1() {
    let (base, ours, theirs, _) = renamed_both_ways();
    let merged = reopened(&merge(&base, &ours, &theirs, &[]));
    let refused = apply(
        &merged,
        &Actor::Operator,
        &resolve("customers/nobody/displayName", Side::Theirs),
        at(3),
    )
    .unwrap_err();
    assert_eq!(refused.rule, crate::domain::RuleId::WS1);
    assert!(refused.to_string().contains("customers/nobody/displayName"));
}

#[test]
fn a_value_taken_from_theirs_is_checked_by_the_rules() {
    let (base, ours, theirs, id) = renamed_both_ways();
    let mut merged = merge(&base, &ours, &theirs, &[]);
    // Theirs as recorded would give the customer a tenant id that is not a GUID (ID3).
    let mut conflicts: Vec<Conflict> = merged.workspace.conflicts().cloned().collect();
    conflicts[0].path = "tenantId".into();
    conflicts[0].theirs = Some(Value::from("not-a-guid"));
    merged.workspace.record_conflicts(conflicts);
    let merged = reopened(&merged);
    let conflict = merged.conflicts().next().unwrap().id.clone();
    let refused = apply(
        &merged,
        &Actor::Operator,
        &resolve(&conflict, Side::Theirs),
        at(3),
    )
    .unwrap_err();
    assert_eq!(refused.rule, crate::domain::RuleId::ID3, "{refused}");
    assert!(merged.customer(&id).is_some());
}

#[test]
fn a_merge_of_two_sides_carrying_recorded_conflicts_keeps_the_open_ones_and_the_answers() {
    let (base, ours, theirs, id) = renamed_both_ways();
    let merged = reopened(&merge(&base, &ours, &theirs, &[]));
    let conflict = format!("customers/{id}/displayName");
    // Alice answers it with theirs; Bob, from the same merged state, does something else.
    let alice = act(&merged, "operator", resolve(&conflict, Side::Theirs), 3);
    let bob = act(&merged, "partner:relecloud", auto_extend_on(), 4);
    let joined = merge(&merged, &bob, &alice, &[]);
    assert!(joined.conflicts.is_empty(), "{:#?}", joined.conflicts);
    assert_eq!(joined.workspace.conflicts().len(), 0);
    assert_eq!(
        joined.workspace.customer(&id).unwrap().display_name,
        "Theirs Ltd"
    );
    // Neither answers it: the next merge still records it, once.
    let carol = act(&merged, "partner:relecloud", auto_extend_on(), 4);
    let still = merge(&merged, &carol, &merged, &[]);
    let ids: Vec<&str> = still.conflicts.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, vec![conflict.as_str()]);
    assert_eq!(still.workspace.conflicts().len(), 1);
}

#[test]
fn answering_a_rule_conflict_marks_it_seen_and_the_rules_finding_stays_until_an_action_fixes_it() {
    let base = base();
    let invite = || gdap_invite("litware", "Litware helpdesk");
    let ours = act(&base, "partner:relecloud", invite(), 1);
    let theirs = act(&base, "partner:relecloud", invite(), 2);
    let merged = reopened(&merge(&base, &ours, &theirs, &[]));
    let rule = merged
        .conflicts()
        .find(|c| c.kind == ConflictKind::Rule)
        .unwrap()
        .clone();
    assert_eq!(rule.rule.as_deref(), Some("GD6"));
    let done = act(&merged, "operator", resolve(&rule.id, Side::Theirs), 3);
    assert!(done.conflict(&rule.id).is_none());
    let findings = crate::workspace::check(&done);
    assert!(
        findings
            .iter()
            .any(|f| f.rule == crate::domain::RuleId::GD6),
        "{findings:?}"
    );
}

#[test]
fn a_record_deleted_on_one_side_is_kept_by_taking_the_side_that_kept_it_and_never_deleted() {
    let (base, ours, theirs, id) = renamed_both_ways();
    let mut merged = merge(&base, &ours, &theirs, &[]);
    // As a merge records a record one side deleted and the other changed: the kept one is held.
    let held = serde_json::to_value(merged.workspace.customer(&id).unwrap()).unwrap();
    let deleted = Conflict {
        ours: Some(held),
        theirs: None,
        message: "deleted on one side and changed on the other; the changed record is kept".into(),
        ..Conflict::at(ConflictKind::Deleted, "customers", id.as_str(), "")
    };
    merged.workspace.record_conflicts(vec![deleted.clone()]);
    let merged = reopened(&merged);
    let refused = apply(
        &merged,
        &Actor::Operator,
        &resolve(&deleted.id, Side::Theirs),
        at(3),
    )
    .unwrap_err();
    assert_eq!(refused.rule, crate::domain::RuleId::WS1);
    assert!(refused.to_string().contains("never deleted"), "{refused}");
    let done = act(&merged, "operator", resolve(&deleted.id, Side::Ours), 3);
    assert!(done.customer(&id).is_some());
    assert_eq!(done.conflicts().len(), 0);
}
