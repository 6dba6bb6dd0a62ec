//! A GDAP request's own moves before approval (GD7): the partner that made it edits or deletes
//! its draft and locks it for the customer's approval; a provider's request for a reseller waits
//! for the reseller to approve or reject it (IV6).

use super::ctx::Ctx;
use super::gdap_details::checked_details;
use super::invitation_closing::{close_gdap_request, resolve};
use crate::domain::action::GdapRequest;
use crate::domain::actor::Actor;
use crate::domain::catalogue::{Refusal, RuleId, refuse};
use crate::domain::duration::{AutoExtend, DurationDays};
use crate::domain::events::RecordKind;
use crate::domain::facts::Records;
use crate::domain::lifecycle::GDAP_REQUEST_DAYS;
use crate::domain::records::*;
use crate::domain::rules::{gdap as gdap_rules, invitations};
use crate::tables::id::Id;
use crate::tables::text::Text;

/// OP1: only the partner that made the request changes it.
fn maker_only<W: Records>(ctx: &Ctx<'_, W>, rel: &Relationship, what: &str) -> Result<(), Refusal> {
    match ctx.actor {
        Actor::Partner(p) if p == rel.maker() => Ok(()),
        other => refuse(
            RuleId::OP1,
            format!(
                "{other} cannot {what} relationship {}; only {}, which made it, can",
                rel.id,
                ctx.partner_name(rel.maker())
            ),
        ),
    }
}

fn gdap_request_of<W: Records>(
    ctx: &Ctx<'_, W>,
    id: &Id,
    what: &str,
) -> Result<Relationship, Refusal> {
    let rel = ctx.relationship(id)?;
    if rel.gdap.is_none() {
        return Err(gdap_rules::not_gdap(RuleId::GD7, &rel));
    }
    maker_only(ctx, &rel, what)?;
    Ok(rel)
}

/// Locks a draft for approval: the approval request (an invitation) opens for 90 days (IV5).
pub fn lock<W: Records>(ctx: &mut Ctx<'_, W>, id: &Id) -> Result<(), Refusal> {
    let mut rel = gdap_request_of(ctx, id, "lock")?;
    gdap_rules::still_a_draft(&rel, "locked for approval")?;
    let invitation_id = ctx.ws.fresh_id("inv", |ws, id| ws.invitation(id).is_some());
    rel.move_to(
        RelationshipStatus::ApprovalPending,
        ctx.now,
        Some(ctx.actor),
        Some("locked for approval"),
    );
    rel.invitation_id = Some(invitation_id.clone());
    let invitation = Invitation {
        id: invitation_id.clone(),
        kind: InvitationKind::Gdap,
        partner_id: rel.partner_id.clone(),
        customer_id: rel.customer_id.clone(),
        via_provider_id: rel.via_partner_id.clone(),
        status: InvitationStatus::Pending,
        created_date_time: ctx.now,
        expires_date_time: ctx.now.plus_days(GDAP_REQUEST_DAYS),
        resolved_date_time: None,
        relationship_id: Some(rel.id.clone()),
    };
    let customer = ctx.customer_name(&rel.customer_id);
    // A provider's request for its reseller says both (IV6).
    let invited = match &rel.via_partner_id {
        Some(provider) => format!(
            "{} invited {customer} for {} (GDAP)",
            ctx.partner_name(provider),
            ctx.partner_name(&rel.partner_id)
        ),
        None => format!(
            "{} invited {customer} (GDAP)",
            ctx.partner_name(&rel.partner_id)
        ),
    };
    ctx.ws.put_relationship(rel);
    ctx.ws.put_invitation(invitation);
    ctx.event(
        RecordKind::Relationship,
        id,
        "created → approvalPending (locked for approval)",
    );
    ctx.event(RecordKind::Invitation, &invitation_id, invited);
    Ok(())
}

/// The fields of a draft to change; `None` keeps the field.
pub struct DraftEdit<'a> {
    pub display_name: Option<&'a str>,
    pub roles: Option<&'a [String]>,
    pub duration: Option<DurationDays>,
    pub auto_extend: Option<AutoExtend>,
}

pub fn edit_draft<W: Records>(
    ctx: &mut Ctx<'_, W>,
    id: &Id,
    edit: DraftEdit<'_>,
) -> Result<(), Refusal> {
    let mut rel = gdap_request_of(ctx, id, "edit")?;
    gdap_rules::still_a_draft(&rel, "edited")?;
    let Some(current) = rel.gdap.as_deref().cloned() else {
        return Err(gdap_rules::not_gdap(RuleId::GD7, &rel));
    };
    let request = GdapRequest {
        display_name: Some(
            edit.display_name
                .map_or_else(|| current.display_name.to_string(), str::to_string),
        ),
        roles: edit.roles.map_or_else(
            || current.roles.iter().map(Text::to_string).collect(),
            <[String]>::to_vec,
        ),
        duration: edit.duration.unwrap_or(current.duration),
        auto_extend_duration: edit.auto_extend.unwrap_or(current.auto_extend_duration),
    };
    let details = checked_details(ctx, &rel, &request)?;
    if details == current {
        return Ok(());
    }
    let mut changed = Vec::new();
    if details.display_name != current.display_name {
        changed.push(format!("name \"{}\"", details.display_name));
    }
    if details.roles != current.roles {
        changed.push(format!("{} role(s)", details.roles.len()));
    }
    if details.duration != current.duration {
        changed.push(format!("duration {}", details.duration));
    }
    if details.auto_extend_duration != current.auto_extend_duration {
        changed.push(format!("auto-extend {}", details.auto_extend_duration));
    }
    rel.gdap = Some(Box::new(details));
    ctx.ws.put_relationship(rel);
    ctx.event(
        RecordKind::Relationship,
        id,
        format!("draft edited: {}", changed.join(", ")),
    );
    Ok(())
}

/// Deletes a draft (Graph DELETE): partnerdesk keeps it as `deleted` history, its name free.
pub fn delete_draft<W: Records>(ctx: &mut Ctx<'_, W>, id: &Id) -> Result<(), Refusal> {
    let mut rel = gdap_request_of(ctx, id, "delete")?;
    gdap_rules::still_a_draft(&rel, "deleted")?;
    rel.move_to(
        RelationshipStatus::Deleted,
        ctx.now,
        Some(ctx.actor),
        Some("draft deleted by the partner"),
    );
    rel.end_date_time = Some(ctx.now);
    ctx.ws.put_relationship(rel);
    ctx.event(
        RecordKind::Relationship,
        id,
        "created → deleted (draft deleted)",
    );
    Ok(())
}

/// IV6: the reseller approves (`true`) or rejects its provider's request. A rejected request
/// ends (terminated, as history) and its approval request closes.
pub fn reseller_answer<W: Records>(
    ctx: &mut Ctx<'_, W>,
    id: &Id,
    approve: bool,
) -> Result<(), Refusal> {
    let mut rel = ctx.relationship(id)?;
    let acting = match ctx.actor {
        Actor::Partner(p) => Some(p),
        _ => None,
    };
    let reseller = ctx.partner_name(&rel.partner_id);
    invitations::reseller_may_consent(acting, &rel, &reseller)?;
    rel.partner_consent_pending = false;
    if approve {
        let note = format!("approved by the reseller, {reseller}");
        rel.history.push(StatusChange {
            status: rel.status,
            at: ctx.now,
            by: Some(Box::new(ctx.actor.clone())),
            note: Some(note.clone().into()),
        });
        ctx.ws.put_relationship(rel);
        ctx.event(RecordKind::Relationship, id, note);
        return Ok(());
    }
    let invitation = rel.invitation_id.clone();
    ctx.ws.put_relationship(rel.clone());
    if let Some(inv_id) = invitation {
        let mut inv = ctx.invitation(&inv_id)?;
        close_gdap_request(
            ctx,
            &inv,
            RelationshipStatus::Terminated,
            "rejected by the reseller",
        )?;
        if inv.status == InvitationStatus::Pending {
            resolve(ctx, &mut inv, InvitationStatus::Declined);
        }
    } else {
        let mut rel = ctx.relationship(id)?;
        rel.move_to(
            RelationshipStatus::Terminated,
            ctx.now,
            Some(ctx.actor),
            Some("rejected by the reseller"),
        );
        rel.end_date_time = Some(ctx.now);
        ctx.ws.put_relationship(rel);
        ctx.event(
            RecordKind::Relationship,
            id,
            "created → terminated (rejected by the reseller)",
        );
    }
    Ok(())
}
