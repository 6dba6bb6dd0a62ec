//! How an invitation closes: its status resolves, and the GDAP request it was waiting on ends as
//! history. Shared by the customer's and partner's answers, the reseller's rejection and the
//! passage of time.

use super::ctx::Ctx;
use crate::domain::actor::Actor;
use crate::domain::catalogue::Refusal;
use crate::domain::events::RecordKind;
use crate::domain::facts::Records;
use crate::domain::records::{Invitation, InvitationStatus, RelationshipStatus};

/// Ends the relationship a GDAP invitation was waiting on (it stays as history, GD5).
pub(super) fn close_gdap_request<W: Records>(
    ctx: &mut Ctx<'_, W>,
    inv: &Invitation,
    to: RelationshipStatus,
    note: &str,
) -> Result<(), Refusal> {
    let Some(rel_id) = &inv.relationship_id else {
        return Ok(());
    };
    let mut rel = ctx.relationship(rel_id)?;
    if rel.status != RelationshipStatus::ApprovalPending {
        return Ok(());
    }
    let by = match ctx.actor {
        Actor::Operator => None,
        other => Some(other),
    };
    rel.move_to(to, ctx.now, by, Some(note));
    rel.end_date_time = Some(ctx.now);
    ctx.ws.put_relationship(rel);
    ctx.event(
        RecordKind::Relationship,
        rel_id,
        format!("approvalPending → {} ({note})", to.label()),
    );
    Ok(())
}

/// Resolves an invitation as `to` (accepted, declined, revoked or expired), dated now.
pub(super) fn resolve<W: Records>(
    ctx: &mut Ctx<'_, W>,
    inv: &mut Invitation,
    to: InvitationStatus,
) {
    let from = inv.status;
    inv.status = to;
    inv.resolved_date_time = Some(ctx.now);
    let id = inv.id.clone();
    ctx.ws.put_invitation(inv.clone());
    ctx.event(
        RecordKind::Invitation,
        &id,
        format!("{} → {}", from.label(), to.label()),
    );
}
