use super::*;
use crate::domain::duration::AutoExtend;
use crate::domain::{Action, Actor, InvitationKind, Time, apply};
use crate::store::demo_workspace;

fn now() -> Time {
    Time::parse("2026-11-24T09:00:00Z").unwrap()
}

/// The demo after its first GDAP relationship that allows it has auto-extension turned on.
fn auto_extended(ws: &Workspace) -> (Workspace, Id) {
    for r in ws.relationships() {
        let Some(g) = &r.gdap else { continue };
        if g.auto_extend_duration.is_on() {
            continue;
        }
        let action = Action::SetAutoExtend {
            relationship_id: r.id.clone(),
            auto_extend_duration: AutoExtend::P180D,
        };
        if let Ok(done) = apply(ws, &Actor::Partner(r.partner_id.clone()), &action, now()) {
            return (done.workspace, r.id.clone());
        }
    }
    panic!("the demo has a GDAP relationship that may auto-extend");
}

#[test]
fn a_workspace_compared_with_itself_has_no_difference() {
    let ws = demo_workspace(now());
    assert!(diff(&ws, &ws).is_empty());
}

#[test]
fn turning_auto_extension_on_is_one_field_said_in_words_with_its_audit_entry() {
    let old = demo_workspace(now());
    let (new, id) = auto_extended(&old);
    let found = diff(&old, &new);
    assert_eq!(found.records.len(), 1, "{:#?}", found.records);
    let change = &found.records[0];
    assert_eq!(change.kind, RecordKind::Relationship);
    assert_eq!(change.id, id);
    let r = new.relationship(&id).unwrap();
    let name = new
        .customer(&r.customer_id)
        .unwrap()
        .display_name
        .to_string();
    assert!(change.label.starts_with(&name), "{}", change.label);
    assert!(change.label.contains("GDAP '"), "{}", change.label);
    assert_eq!(change.sentences, ["auto-extend off → on"]);
    assert_eq!(found.new_audit.len(), 1);
    assert!(found.lost_audit.is_empty());
}

#[test]
fn an_invitation_appears_as_new_and_disappears_as_removed_the_other_way() {
    let old = demo_workspace(now());
    let (customer, partner) = old
        .customers()
        .flat_map(|c| old.partners().map(move |p| (c.id.clone(), p.id.clone())))
        .find(|(c, p)| {
            let invite = Action::Invite {
                customer_id: c.clone(),
                kind: InvitationKind::Reseller,
                via_provider_id: None,
                gdap: None,
                draft: false,
                for_reseller: None,
            };
            apply(&old, &Actor::Partner(p.clone()), &invite, now()).is_ok()
        })
        .unwrap();
    let invite = Action::Invite {
        customer_id: customer,
        kind: InvitationKind::Reseller,
        via_provider_id: None,
        gdap: None,
        draft: false,
        for_reseller: None,
    };
    let new = apply(&old, &Actor::Partner(partner), &invite, now())
        .unwrap()
        .workspace;
    let forward = diff(&old, &new);
    let invitation = forward
        .records
        .iter()
        .find(|d| d.kind == RecordKind::Invitation)
        .expect("the new invitation");
    assert!(matches!(invitation.change, RecordChange::Added { .. }));
    assert_eq!(invitation.sentences, ["new, pending"]);
    assert!(
        invitation.label.contains("reseller"),
        "{}",
        invitation.label
    );

    let back = diff(&new, &old);
    assert!(
        back.records.iter().any(|d| d.kind == RecordKind::Invitation
            && matches!(d.change, RecordChange::Removed { .. }))
    );
    assert_eq!(back.lost_audit.len(), 1);
    assert!(back.new_audit.is_empty());
}

#[test]
fn the_text_view_lists_recorded_merge_conflicts_with_both_values() {
    use crate::domain::{Conflict, ConflictKind};
    let mut ws = demo_workspace(now());
    assert!(!text::as_text(&ws).contains("merge conflicts"));
    ws.record_conflicts(vec![Conflict {
        ours: Some(serde_json::json!("Ours Ltd")),
        theirs: Some(serde_json::json!("Theirs Ltd")),
        message: "displayName changed differently on both sides".into(),
        ..Conflict::at(ConflictKind::Field, "customers", "litware", "displayName")
    }]);
    let shown = text::as_text(&ws);
    assert!(
        shown.contains(
            "merge conflicts\n  customers/litware/displayName: ours \"Ours Ltd\", theirs \"Theirs Ltd\"\n"
        ),
        "{shown}"
    );
}
