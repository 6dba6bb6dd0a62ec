//! The passage of time: pending invitations past their expiry expire (IV2), locked GDAP requests
//! 90 days old expire (IV5), and active GDAP relationships at their end date are extended by 180
//! days when auto-extend is on, or become `expiring` (past the end, access being removed) and
//! `DEPROVISIONING_DAYS` later `expired` (GD2). Indexes by deadline keep this proportional to what is due, not to
//! the workspace. Each change is dated when it fell due, not when time was passed.

use super::ctx::Ctx;
use super::invitation_closing::{close_gdap_request, resolve};
use super::relationships::end_assignments;
use crate::domain::duration::AUTO_EXTEND_DAYS;
use crate::domain::events::RecordKind;
use crate::domain::facts::Records;
use crate::domain::lifecycle::{DEPROVISIONING_DAYS, GDAP_REQUEST_DAYS, locked_at};
use crate::domain::records::*;
use crate::domain::time::Time;

/// The note on a GDAP request closed by IV5.
const REQUEST_EXPIRED: &str = "approval request expired after 90 days (IV5)";

pub fn pass_time<W: Records>(
    ctx: &mut Ctx<'_, W>,
) -> Result<(), crate::domain::catalogue::Refusal> {
    for id in ctx.ws.pending_invitations_due(ctx.now) {
        let mut inv = ctx.invitation(&id)?;
        close_gdap_request(ctx, &inv, RelationshipStatus::Expired, REQUEST_EXPIRED)?;
        resolve(ctx, &mut inv, InvitationStatus::Expired);
    }
    for id in ctx.ws.gdap_deadlines_due(ctx.now) {
        let mut rel = ctx.relationship(&id)?;
        let before = rel.status;
        match rel.status {
            RelationshipStatus::ApprovalPending => {
                let due = locked_at(&rel).plus_days(GDAP_REQUEST_DAYS);
                if due > ctx.now {
                    continue;
                }
                rel.move_to(
                    RelationshipStatus::Expired,
                    due,
                    None,
                    Some(REQUEST_EXPIRED),
                );
                rel.end_date_time = Some(due);
            }
            RelationshipStatus::Active | RelationshipStatus::Expiring => {
                if !reach_end(ctx.now, &mut rel) {
                    continue;
                }
            }
            _ => continue,
        }
        let change = format!("{} → {}", before.label(), rel.status.label());
        let ended = !rel.status.is_in_force();
        ctx.ws.put_relationship(rel);
        ctx.event(RecordKind::Relationship, &id, change);
        if ended {
            end_assignments(ctx, &id, "relationship past its end date");
        }
        if let Some(inv_id) = ctx
            .ws
            .relationship(&id)
            .and_then(|r| r.invitation_id.clone())
            && let Ok(mut inv) = ctx.invitation(&inv_id)
            && inv.status == InvitationStatus::Pending
            && before == RelationshipStatus::ApprovalPending
        {
            resolve(ctx, &mut inv, InvitationStatus::Expired);
        }
    }
    Ok(())
}

/// GD2 at the end date: auto-extend by 180 days (as often as the time passed needs), or move to
/// `expiring` at the end and to `expired` `DEPROVISIONING_DAYS` later. False when nothing was due.
fn reach_end(now: Time, rel: &mut Relationship) -> bool {
    let Some(mut end) = rel.end_date_time else {
        return false;
    };
    if end > now {
        return false;
    }
    let auto_extend = rel
        .gdap
        .as_ref()
        .is_some_and(|g| g.auto_extend_duration.is_on());
    if rel.status == RelationshipStatus::Active && auto_extend {
        while end <= now {
            end = end.plus_days(i64::from(AUTO_EXTEND_DAYS));
        }
        rel.end_date_time = Some(end);
        let note = format!("auto-extended by P180D to {}", end.date());
        rel.move_to(RelationshipStatus::Active, now, None, Some(&note));
        return true;
    }
    if rel.status == RelationshipStatus::Active {
        rel.move_to(RelationshipStatus::Expiring, end, None, None);
    }
    let expired_at = end.plus_days(DEPROVISIONING_DAYS);
    if expired_at <= now {
        rel.move_to(RelationshipStatus::Expired, expired_at, None, None);
    }
    true
}
