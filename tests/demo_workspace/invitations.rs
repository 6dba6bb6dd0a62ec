//! The demo's invitations: every status, open ones still open, links to relationships.

use super::*;

#[test]
fn demo_has_invitations_in_every_status() {
    let ws = demo();
    let statuses: BTreeSet<InvitationStatus> = ws.invitations().map(|i| i.status).collect();
    assert_eq!(statuses, BTreeSet::from(InvitationStatus::ALL));
    let kinds: BTreeSet<InvitationKind> = ws.invitations().map(|i| i.kind).collect();
    assert_eq!(
        kinds,
        BTreeSet::from([
            InvitationKind::Reseller,
            InvitationKind::ResellerAndDelegatedAdmin,
            InvitationKind::Gdap
        ])
    );
    let pending = ws
        .invitations()
        .filter(|i| i.status == InvitationStatus::Pending)
        .count();
    assert!(pending >= 3, "only {pending} pending invitations");
    assert!(
        ws.invitations()
            .any(|i| i.status == InvitationStatus::Pending && i.via_provider_id.is_some()),
        "no pending invitation from an indirect reseller on behalf of its provider (IV4)"
    );
}

#[test]
fn demo_pending_invitations_are_still_open_and_answered_ones_are_resolved() {
    let ws = demo();
    let now = as_of(&ws);
    for i in ws.invitations() {
        assert!(i.created_date_time <= now, "{} is created after asOf", i.id);
        assert_eq!(
            i.expires_date_time,
            i.created_date_time.plus_days(90),
            "{}: invitations stay open 90 days",
            i.id
        );
        match i.status {
            InvitationStatus::Pending => {
                assert!(
                    i.expires_date_time > now,
                    "{} is pending but already past its expiry",
                    i.id
                );
                assert_eq!(
                    i.resolved_date_time, None,
                    "{} is pending but resolved",
                    i.id
                );
            }
            InvitationStatus::Expired => {
                assert!(
                    i.expires_date_time <= now,
                    "{} expired before its expiry",
                    i.id
                );
                assert_eq!(i.resolved_date_time, Some(i.expires_date_time), "{}", i.id);
            }
            _ => {
                let resolved = i
                    .resolved_date_time
                    .expect("an answered invitation says when");
                assert!(
                    i.created_date_time <= resolved && resolved <= now,
                    "{}: answered at {resolved}",
                    i.id
                );
                assert!(
                    resolved < i.expires_date_time,
                    "{} was answered after it expired",
                    i.id
                );
            }
        }
    }
}

#[test]
fn demo_invitations_and_relationships_point_at_each_other() {
    let ws = demo();
    for i in ws.invitations() {
        let origin_of: Vec<&Relationship> = ws
            .relationships()
            .filter(|r| r.invitation_id.as_ref() == Some(&i.id))
            .collect();
        if i.kind == InvitationKind::Gdap {
            let rel = ws
                .relationship(
                    i.relationship_id
                        .as_ref()
                        .expect("a GDAP invitation names its relationship"),
                )
                .unwrap();
            assert_eq!(
                rel.invitation_id.as_ref(),
                Some(&i.id),
                "{} does not point back at {}",
                rel.id,
                i.id
            );
            assert_eq!(
                (&rel.partner_id, &rel.customer_id),
                (&i.partner_id, &i.customer_id),
                "{}",
                i.id
            );
            let expected: &[RelationshipStatus] = match i.status {
                InvitationStatus::Pending => &[RelationshipStatus::ApprovalPending],
                InvitationStatus::Declined | InvitationStatus::Revoked => {
                    &[RelationshipStatus::Terminated]
                }
                InvitationStatus::Expired => &[RelationshipStatus::Expired],
                InvitationStatus::Accepted => &[
                    RelationshipStatus::Approved,
                    RelationshipStatus::Activating,
                    RelationshipStatus::Active,
                    RelationshipStatus::Expiring,
                    RelationshipStatus::Expired,
                    RelationshipStatus::TerminationRequested,
                    RelationshipStatus::Terminating,
                    RelationshipStatus::Terminated,
                ],
            };
            assert!(
                expected.contains(&rel.status),
                "{} is {:?} but its relationship is {:?}",
                i.id,
                i.status,
                rel.status
            );
        } else if i.status == InvitationStatus::Accepted {
            let kinds: BTreeSet<RelationshipKind> = origin_of.iter().map(|r| r.kind).collect();
            for granted in i.kind.grants() {
                assert!(
                    kinds.contains(granted),
                    "accepted {} created no {granted:?} relationship",
                    i.id
                );
            }
            if let Some(provider) = &i.via_provider_id {
                assert!(
                    origin_of
                        .iter()
                        .any(|r| r.partner_id == *provider && r.kind == RelationshipKind::Reseller),
                    "accepted {} gave its provider no relationship (IV4)",
                    i.id
                );
            }
        } else {
            assert!(
                origin_of.is_empty(),
                "{} is {:?} yet created relationships",
                i.id,
                i.status
            );
        }
    }
}
