//! The passage of time: pending invitations past their expiry expire (IV2), GDAP approval
//! requests older than 90 days expire (IV5), and active GDAP relationships become `expiring`
//! within 30 days of their end, then `expired` or, with auto-extend, extended by 180 days.
//! Indexes by deadline keep this proportional to what is due, not to the workspace.

use super::ctx::Ctx;
use super::invitations::{close_gdap_request, resolve};
use super::relationships::end_assignments;
use crate::domain::duration::AUTO_EXTEND_DAYS;
use crate::domain::events::RecordKind;
use crate::domain::facts::Records;
use crate::domain::lifecycle::{EXPIRING_WITHIN_DAYS, GDAP_REQUEST_DAYS};
use crate::domain::records::*;

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
    let horizon = ctx.now.plus_days(EXPIRING_WITHIN_DAYS);
    for id in ctx.ws.gdap_deadlines_due(horizon) {
        let mut rel = ctx.relationship(&id)?;
        let before = rel.status;
        match rel.status {
            RelationshipStatus::ApprovalPending => {
                if rel.created_date_time.plus_days(GDAP_REQUEST_DAYS) > ctx.now {
                    continue;
                }
                set_status(
                    ctx,
                    &mut rel,
                    RelationshipStatus::Expired,
                    Some(REQUEST_EXPIRED.into()),
                );
                rel.end_date_time = Some(ctx.now);
            }
            RelationshipStatus::Active | RelationshipStatus::Expiring => {
                let Some(mut end) = rel.end_date_time else {
                    continue;
                };
                let auto_extend = rel
                    .gdap
                    .as_ref()
                    .is_some_and(|g| g.auto_extend_duration.is_on());
                if end <= ctx.now && auto_extend {
                    while end <= ctx.now {
                        end = end.plus_days(i64::from(AUTO_EXTEND_DAYS));
                    }
                    rel.end_date_time = Some(end);
                    let status = if ctx.now.days_until(end) < EXPIRING_WITHIN_DAYS {
                        RelationshipStatus::Expiring
                    } else {
                        RelationshipStatus::Active
                    };
                    set_status(
                        ctx,
                        &mut rel,
                        status,
                        Some(format!("auto-extended by P180D to {}", end.date())),
                    );
                } else if end <= ctx.now {
                    set_status(ctx, &mut rel, RelationshipStatus::Expired, None);
                } else if rel.status == RelationshipStatus::Active {
                    set_status(ctx, &mut rel, RelationshipStatus::Expiring, None);
                } else {
                    continue;
                }
            }
            _ => continue,
        }
        let change = format!("{} → {}", before.label(), rel.status.label());
        let expired = rel.status == RelationshipStatus::Expired;
        ctx.ws.put_relationship(rel);
        ctx.event(RecordKind::Relationship, &id, change);
        if expired {
            end_assignments(ctx, &id, "relationship expired");
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

fn set_status<W: Records>(
    ctx: &Ctx<'_, W>,
    rel: &mut Relationship,
    to: RelationshipStatus,
    note: Option<String>,
) {
    rel.status = to;
    rel.history.push(StatusChange {
        status: to,
        at: ctx.now,
        by: None,
        note: note.map(String::into_boxed_str),
    });
}
