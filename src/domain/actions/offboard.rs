//! Offboarding a partner from a customer: every part (`domain::offboarding`) is its own action
//! — terminate, delete a draft, revoke — tried on a copy of the draft state, kept when its rules
//! allow it and named with its refusal when they do not. Each part's rules live with its action;
//! this file only decides the parts and their order.

use super::ctx::Ctx;
use super::{gdap_requests, invitations, relationships};
use crate::domain::catalogue::Refusal;
use crate::domain::events::RecordKind;
use crate::domain::facts::Records;
use crate::domain::offboarding::{OffboardPlan, Part, PartOutcome};
use crate::domain::records::*;
use crate::tables::id::Id;

pub fn run<W: Records>(
    ctx: &mut Ctx<'_, W>,
    partner_id: &Id,
    customer_id: &Id,
) -> Result<OffboardPlan, Refusal> {
    let partner = ctx.partner(partner_id)?;
    let customer = ctx.customer(customer_id)?;
    let mut relationships: Vec<Relationship> = ctx
        .ws
        .relationships_of_customer(customer_id)
        .filter(|r| r.partner_id == *partner_id && !r.status.is_ended())
        .cloned()
        .collect();
    // Access first: GDAP, then DAP, then the reseller relationship (RS1 may keep it).
    relationships.sort_by(|a, b| {
        kind_order(a.kind)
            .cmp(&kind_order(b.kind))
            .then_with(|| a.id.cmp(&b.id))
    });
    let pending: Vec<Invitation> = ctx
        .ws
        .invitations_of_customer(customer_id)
        .filter(|i| i.partner_id == *partner_id && i.status == InvitationStatus::Pending)
        .cloned()
        .collect();
    let mut parts = Vec::with_capacity(relationships.len() + pending.len());
    for r in &relationships {
        // A locked request is its pending invitation's part: revoking it says why it stays.
        let awaited = r.status == RelationshipStatus::ApprovalPending
            && pending
                .iter()
                .any(|i| i.relationship_id.as_ref() == Some(&r.id));
        if awaited {
            continue;
        }
        let outcome = if r.status == RelationshipStatus::Created {
            attempt(ctx, "draft deleted", |c| {
                gdap_requests::delete_draft(c, &r.id)
            })
        } else {
            attempt(ctx, "terminated", |c| relationships::terminate(c, &r.id))
        };
        parts.push(Part {
            kind: RecordKind::Relationship,
            id: r.id.clone(),
            what: relationship_words(r),
            outcome,
        });
    }
    for i in &pending {
        let outcome = attempt(ctx, "revoked", |c| invitations::revoke(c, &i.id));
        parts.push(Part {
            kind: RecordKind::Invitation,
            id: i.id.clone(),
            what: format!("{} invitation (pending)", i.kind.label()),
            outcome,
        });
    }
    let plan = OffboardPlan {
        partner_id: partner_id.clone(),
        customer_id: customer_id.clone(),
        partner: partner.display_name.to_string(),
        customer: customer.display_name.to_string(),
        parts,
    };
    match plan.refusal() {
        Some(refusal) => Err(refusal),
        None => Ok(plan),
    }
}

fn kind_order(kind: RelationshipKind) -> u8 {
    match kind {
        RelationshipKind::Gdap => 0,
        RelationshipKind::DelegatedAdmin => 1,
        RelationshipKind::Reseller => 2,
    }
}

fn relationship_words(r: &Relationship) -> String {
    match &r.gdap {
        Some(gdap) => format!("GDAP \"{}\" ({})", gdap.display_name, r.status.label()),
        None => format!("{} ({})", r.kind.label(), r.status.label()),
    }
}

/// Runs one part's action on a copy: kept (with its events) when allowed, else the refusal.
fn attempt<W: Records>(
    ctx: &mut Ctx<'_, W>,
    done: &str,
    action: impl FnOnce(&mut Ctx<'_, W>) -> Result<(), Refusal>,
) -> PartOutcome {
    let mut scratch = ctx.ws.clone();
    let mut part = Ctx::new(&mut scratch, ctx.actor, ctx.now);
    match action(&mut part) {
        Ok(()) => {
            let (events, untold) = part.into_events();
            let assignments = events
                .iter()
                .filter(|e| e.kind == RecordKind::AccessAssignment)
                .count();
            let change = match assignments {
                0 => done.to_string(),
                n => format!("{done}, with its {n} access assignment(s) deleted"),
            };
            *ctx.ws = scratch;
            ctx.take_events((events, untold));
            PartOutcome::Ends { change }
        }
        Err(refusal) => PartOutcome::Stays {
            rule: refusal.rule,
            reason: refusal.reason,
        },
    }
}
