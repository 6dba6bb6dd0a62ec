//! The properties checked after every step: subscriptions, lifecycle states, relationships kept.

use super::*;

/// MP2–MP5: only subscription actions change an existing subscription, and then only the one
/// they name, and only its status.
pub(crate) fn check_subscriptions(
    old: &Workspace,
    new: &Workspace,
    action: &Action,
    before: &BTreeMap<Id, String>,
) -> Result<(), TestCaseError> {
    let after = subscription_bytes(new);
    let target = match action {
        Action::SuspendSubscription { subscription_id }
        | Action::ReactivateSubscription { subscription_id } => Some(subscription_id),
        _ => None,
    };
    for (sid, bytes) in before {
        if Some(sid) == target {
            let (was, now) = (
                old.subscription(sid).unwrap(),
                new.subscription(sid).unwrap(),
            );
            prop_assert_eq!(
                &Subscription {
                    status: was.status,
                    ..now.clone()
                },
                was,
                "only the status of {} moved",
                sid
            );
        } else {
            prop_assert_eq!(
                after.get(sid),
                Some(bytes),
                "{} changed subscription {}",
                action.name(),
                sid
            );
        }
    }
    if !matches!(action, Action::BuySubscription { .. }) {
        prop_assert_eq!(
            after.len(),
            before.len(),
            "only a purchase adds a subscription"
        );
    }
    Ok(())
}

/// GD7: a draft has no approval request yet; IV6: a relationship awaiting its reseller's consent
/// is never active; GD2: only a relationship past its end date is expiring; DP1: nothing made
/// after 9 October 2023 is DAP.
pub(crate) fn check_lifecycle(ws: &Workspace, now: Time) -> Result<(), TestCaseError> {
    for r in ws.relationships() {
        if r.status == RelationshipStatus::Created {
            prop_assert_eq!(&r.invitation_id, &None, "draft {} has an invitation", r.id);
        }
        if r.partner_consent_pending {
            prop_assert!(
                r.status != RelationshipStatus::Active,
                "{} is active before its reseller consented",
                r.id
            );
        }
        if r.status == RelationshipStatus::Expiring {
            prop_assert!(
                r.end_date_time.is_some_and(|end| end <= now),
                "{} is expiring before its end date",
                r.id
            );
        }
        if r.created_date_time >= lifecycle::dap_retired() {
            prop_assert!(
                r.kind != RelationshipKind::DelegatedAdmin,
                "{} is DAP made after DAP was retired",
                r.id
            );
        }
    }
    Ok(())
}

/// GD5: relationships are never deleted. MP1: inviting or accepting never ends or narrows a
/// relationship in force.
pub(crate) fn check_relationships_kept(
    old: &Workspace,
    new: &Workspace,
    action: &Action,
) -> Result<(), TestCaseError> {
    let adds_a_partner = matches!(action, Action::Invite { .. } | Action::Accept { .. });
    for was in old.relationships() {
        let Some(now) = new.relationship(&was.id) else {
            return Err(TestCaseError::fail(format!(
                "{} deleted relationship {}",
                action.name(),
                was.id
            )));
        };
        prop_assert!(
            now.history.starts_with(&was.history),
            "history of {} was rewritten",
            was.id
        );
        if adds_a_partner && was.status.is_in_force() {
            prop_assert!(
                now.status.is_in_force(),
                "{} ended {}",
                action.name(),
                was.id
            );
            prop_assert_eq!(&now.gdap, &was.gdap);
            prop_assert!(now.end_date_time >= was.end_date_time);
        }
    }
    Ok(())
}
