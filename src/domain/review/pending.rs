//! Requests nobody answers: a GDAP request waiting more than 30 days for the customer's
//! approval (it expires unapproved at 90, IV5), and a reseller invitation as old.

use super::finding::{Finding, Severity};
use crate::domain::action::Action;
use crate::domain::events::RecordKind;
use crate::domain::lifecycle::{GDAP_REQUEST_DAYS, locked_at};
use crate::domain::records::{
    Invitation, InvitationKind, Relationship, RelationshipKind, RelationshipStatus,
};
use crate::domain::time::Time;

pub const GDAP: &str = "gdap-approval-pending";
pub const INVITATION: &str = "invitation-pending";

/// Waiting longer than this is a finding.
pub const PENDING_DAYS: i64 = 30;

pub(super) fn gdap(r: &Relationship, now: Time, out: &mut Vec<Finding>) {
    if r.kind != RelationshipKind::Gdap || r.status != RelationshipStatus::ApprovalPending {
        return;
    }
    let waited = locked_at(r).days_until(now);
    if waited <= PENDING_DAYS {
        return;
    }
    out.push(
        Finding::new(
            GDAP,
            Severity::Medium,
            RecordKind::Relationship,
            &r.id,
            &r.customer_id,
            format!(
                "waiting {waited} days for the customer's approval; it expires unapproved after {GDAP_REQUEST_DAYS} (a locked request cannot be withdrawn: send the approval link again)"
            ),
        )
        .partner(&r.partner_id),
    );
}

pub(super) fn invitation(i: &Invitation, now: Time, out: &mut Vec<Finding>) {
    let waited = i.created_date_time.days_until(now);
    if waited <= PENDING_DAYS || i.kind == InvitationKind::Gdap {
        return;
    }
    // DAP is retired (DP1): a new request is for the reseller relationship alone.
    let again = Action::Invite {
        customer_id: i.customer_id.clone(),
        kind: InvitationKind::Reseller,
        via_provider_id: i.via_provider_id.clone(),
        gdap: None,
        draft: false,
        for_reseller: None,
    };
    out.push(
        Finding::new(
            INVITATION,
            Severity::Low,
            RecordKind::Invitation,
            &i.id,
            &i.customer_id,
            format!("the customer has not answered in {waited} days"),
        )
        .partner(&i.partner_id)
        .fix(
            "revoke it and invite again",
            &i.partner_id,
            vec![
                Action::Revoke {
                    invitation_id: i.id.clone(),
                },
                again,
            ],
        ),
    );
}
