//! Invitations: a partner asks (MP7), only the invited customer answers and only the inviting
//! partner revokes (IV1), only pending invitations move (IV2), no duplicate reseller requests
//! (IV3), indirect resellers invite through their provider (IV4), nobody asks for DAP any more
//! (DP1), and GDAP requests carry valid roles, duration and name (GD1–GD3, GD6, checked in
//! `gdap_details`), start as a draft or locked (GD7), and may be made by a provider for its
//! reseller (IV6). The draft's own moves (lock, edit, delete, the reseller's consent) are in
//! `gdap_requests`; how an invitation closes is in `invitation_closing`.

use super::ctx::Ctx;
use super::gdap_details::gdap_details;
use super::invitation_closing::{close_gdap_request, resolve};
use crate::domain::action::GdapRequest;
use crate::domain::actor::Actor;
use crate::domain::catalogue::{Refusal, RuleId, refuse};
use crate::domain::events::RecordKind;
use crate::domain::facts::Records;
use crate::domain::lifecycle::GDAP_REQUEST_DAYS;
use crate::domain::records::*;
use crate::domain::rules::{dap, invitations, multi_partner};
use crate::tables::id::Id;

/// How long a reseller invitation stays open: partnerdesk gives it the window of a locked GDAP
/// request (IV5), as its own bookkeeping (Microsoft's reseller link does not expire).
const RESELLER_INVITATION_DAYS: i64 = GDAP_REQUEST_DAYS;

/// What an `Action::Invite` asks for, beyond the customer.
pub struct InviteRequest<'a> {
    pub kind: InvitationKind,
    pub via: Option<&'a Id>,
    pub gdap: Option<&'a GdapRequest>,
    pub draft: bool,
    pub for_reseller: Option<&'a Id>,
}

pub fn invite<W: Records>(
    ctx: &mut Ctx<'_, W>,
    customer_id: &Id,
    request: InviteRequest<'_>,
) -> Result<(), Refusal> {
    let InviteRequest {
        kind,
        via,
        gdap,
        draft,
        for_reseller,
    } = request;
    let partner = ctx.acting_partner(RuleId::MP7, "invite customers")?;
    let customer = ctx.customer(customer_id)?;
    let resells = kind != InvitationKind::Gdap;
    dap::no_new_dap(kind, ctx.now)?;
    if resells && (draft || for_reseller.is_some()) {
        return refuse(
            RuleId::GD7,
            format!(
                "only a GDAP request has a draft or is made for a reseller, not a {} invitation",
                kind.label()
            ),
        );
    }

    if resells {
        multi_partner::may_resell(&customer, &partner.display_name, Some(&partner.tenant_id))?;
    }
    check_provider(ctx, &partner, resells, via)?;
    if !resells {
        let grantee = match for_reseller {
            Some(reseller) => {
                let reseller = ctx.partner(reseller)?;
                invitations::provider_creates_for(&partner, &reseller)?;
                reseller
            }
            None => partner.clone(),
        };
        let provider = for_reseller.map(|_| partner.id.clone());
        return request_gdap(ctx, &grantee, &customer, gdap, draft, provider);
    }

    let open = ctx.ws.invitations_of_customer(customer_id).find(|i| {
        i.partner_id == partner.id
            && i.kind == kind
            && i.status == InvitationStatus::Pending
            && i.expires_date_time > ctx.now
    });
    if let Some(open) = open {
        let (partner, customer) = (&partner.display_name, &customer.display_name);
        return Err(invitations::pending_twin(partner, kind, &open.id, customer));
    }
    {
        let held: Vec<RelationshipKind> = ctx
            .ws
            .relationships_of_customer(customer_id)
            .filter(|r| r.partner_id == partner.id && r.status.is_in_force())
            .map(|r| r.kind)
            .collect();
        if kind.grants().iter().all(|k| held.contains(k)) {
            return refuse(
                RuleId::IV3,
                format!(
                    "{} already holds a {} relationship with {}",
                    partner.display_name,
                    kind.label(),
                    customer.display_name
                ),
            );
        }
    }

    if gdap.is_some() {
        return refuse(
            RuleId::GD3,
            format!(
                "a {} invitation carries no GDAP roles; invite for GDAP instead",
                kind.label()
            ),
        );
    }
    let invitation_id = ctx.ws.fresh_id("inv", |ws, id| ws.invitation(id).is_some());
    ctx.ws.put_invitation(Invitation {
        id: invitation_id.clone(),
        kind,
        partner_id: partner.id.clone(),
        customer_id: customer_id.clone(),
        via_provider_id: via.cloned(),
        status: InvitationStatus::Pending,
        created_date_time: ctx.now,
        expires_date_time: ctx.now.plus_days(RESELLER_INVITATION_DAYS),
        resolved_date_time: None,
        relationship_id: None,
    });
    ctx.event(
        RecordKind::Invitation,
        &invitation_id,
        format!(
            "{} invited {} ({})",
            partner.display_name,
            customer.display_name,
            kind.label()
        ),
    );
    Ok(())
}

/// IV4: an indirect reseller's reseller invitation names a provider that authorizes it; nobody
/// else names one.
fn check_provider<W: Records>(
    ctx: &Ctx<'_, W>,
    partner: &Partner,
    resells: bool,
    via: Option<&Id>,
) -> Result<(), Refusal> {
    let is_reseller = partner.billing_model == BillingModel::IndirectReseller;
    match via {
        None if is_reseller && resells => {
            let choices: Vec<String> = partner
                .providers
                .iter()
                .map(|p| ctx.partner_name(p))
                .collect();
            refuse(
                RuleId::IV4,
                format!(
                    "{} is an indirect reseller; it invites on behalf of one of its indirect providers ({})",
                    partner.display_name,
                    if choices.is_empty() {
                        "it has none".to_string()
                    } else {
                        choices.join(", ")
                    }
                ),
            )
        }
        None => Ok(()),
        Some(_) if !resells => refuse(
            RuleId::IV4,
            "a provider is named only on reseller invitations",
        ),
        Some(_) if !is_reseller => refuse(
            RuleId::IV4,
            format!(
                "{} is a {} partner; only indirect resellers invite on behalf of a provider",
                partner.display_name,
                partner.billing_model.label()
            ),
        ),
        Some(provider) => invitations::provider_authorizes(&ctx.partner(provider)?, partner),
    }
}

/// A GDAP request: the relationship for `grantee` (made by `provider` when it is for a
/// reseller, IV6), as a draft (`created`, GD7) or created and locked at once, as Partner
/// Center's own form does.
fn request_gdap<W: Records>(
    ctx: &mut Ctx<'_, W>,
    grantee: &Partner,
    customer: &Customer,
    gdap: Option<&GdapRequest>,
    draft: bool,
    provider: Option<Id>,
) -> Result<(), Refusal> {
    let Some(request) = gdap else {
        return refuse(
            RuleId::GD3,
            "a GDAP invitation needs at least one role, a duration and a name",
        );
    };
    let details = gdap_details(ctx, grantee, customer, request, None)?;
    let id = ctx
        .ws
        .fresh_id("rel", |ws, id| ws.relationship(id).is_some());
    let name = details.display_name.to_string();
    let made_by = provider
        .as_ref()
        .map(|p| format!(" by {}", ctx.partner_name(p)))
        .unwrap_or_default();
    ctx.ws.put_relationship(Relationship {
        external_id: None,
        id: id.clone(),
        kind: RelationshipKind::Gdap,
        partner_id: grantee.id.clone(),
        customer_id: customer.id.clone(),
        status: RelationshipStatus::Created,
        created_date_time: ctx.now,
        start_date_time: None,
        end_date_time: None,
        partner_consent_pending: provider.is_some(),
        via_partner_id: provider,
        invitation_id: None,
        gdap: Some(Box::new(details)),
        history: smallvec::smallvec![StatusChange {
            status: RelationshipStatus::Created,
            at: ctx.now,
            by: Some(Box::new(ctx.actor.clone())),
            note: None,
        }],
        etag: None,
        source: None,
    });
    ctx.event(
        RecordKind::Relationship,
        &id,
        format!(
            "GDAP relationship \"{name}\" of {} with {} drafted{made_by}",
            grantee.display_name, customer.display_name
        ),
    );
    if draft {
        return Ok(());
    }
    super::gdap_requests::lock(ctx, &id)
}

/// IV1 for answering: only the invited customer.
fn invited_customer_only<W: Records>(
    ctx: &Ctx<'_, W>,
    inv: &Invitation,
    what: &str,
) -> Result<(), Refusal> {
    match ctx.actor {
        Actor::Customer(id) if *id == inv.customer_id => Ok(()),
        other => refuse(
            RuleId::IV1,
            format!(
                "{other} cannot {what} invitation {}; only the invited customer, {}, can",
                inv.id,
                ctx.customer_name(&inv.customer_id)
            ),
        ),
    }
}

/// IV2: only pending invitations that have not passed their expiry move. A GDAP approval request
/// past its 90 days (expired, or due to expire when time is next passed) is refused under IV5.
fn still_pending<W: Records>(
    ctx: &Ctx<'_, W>,
    inv: &Invitation,
    what: &str,
) -> Result<(), Refusal> {
    let past_due = inv.status == InvitationStatus::Expired
        || (inv.status == InvitationStatus::Pending && inv.expires_date_time <= ctx.now);
    if inv.kind == InvitationKind::Gdap && past_due {
        return refuse(
            RuleId::IV5,
            format!(
                "GDAP approval request {} was not approved within 90 days and expired on {}; it can no longer be {what}",
                inv.id,
                inv.expires_date_time.date()
            ),
        );
    }
    if inv.status != InvitationStatus::Pending {
        return refuse(
            RuleId::IV2,
            format!(
                "invitation {} is already {}; only a pending invitation can be {what}",
                inv.id,
                inv.status.label()
            ),
        );
    }
    if inv.expires_date_time <= ctx.now {
        return refuse(
            RuleId::IV2,
            format!(
                "invitation {} expired on {}; an expired invitation cannot be {what}",
                inv.id,
                inv.expires_date_time.date()
            ),
        );
    }
    Ok(())
}

pub fn accept<W: Records>(ctx: &mut Ctx<'_, W>, id: &Id) -> Result<(), Refusal> {
    let mut inv = ctx.invitation(id)?;
    invited_customer_only(ctx, &inv, "accept")?;
    still_pending(ctx, &inv, "accepted")?;
    let customer = ctx.customer(&inv.customer_id)?;
    if inv.kind != InvitationKind::Gdap {
        let partner = ctx.partner(&inv.partner_id)?;
        multi_partner::may_resell(&customer, &partner.display_name, Some(&partner.tenant_id))?;
    }
    match inv.kind {
        InvitationKind::Gdap => activate_gdap(ctx, &inv)?,
        kind => {
            for granted in dap::still_granted(kind, ctx.now) {
                grant(
                    ctx,
                    &inv,
                    &inv.partner_id,
                    granted,
                    inv.via_provider_id.clone(),
                );
            }
            if kind.grants().len() > dap::still_granted(kind, ctx.now).len() {
                let note = format!(
                    "DAP not granted: retired on {} ({})",
                    crate::domain::lifecycle::dap_retired().date(),
                    RuleId::DP1
                );
                ctx.event(RecordKind::Invitation, &inv.id, note);
            }
            // IV4: the provider gets its own reseller relationship with the customer.
            if let Some(provider) = inv.via_provider_id.clone() {
                grant(
                    ctx,
                    &inv,
                    &provider,
                    RelationshipKind::Reseller,
                    Some(inv.partner_id.clone()),
                );
            }
        }
    }
    resolve(ctx, &mut inv, InvitationStatus::Accepted);
    Ok(())
}

/// Creates a relationship of `kind` for `partner` unless one is already in force.
fn grant<W: Records>(
    ctx: &mut Ctx<'_, W>,
    inv: &Invitation,
    partner: &Id,
    kind: RelationshipKind,
    via: Option<Id>,
) {
    let held = ctx
        .ws
        .relationships_of_customer(&inv.customer_id)
        .any(|r| r.partner_id == *partner && r.kind == kind && r.status.is_in_force());
    if held {
        return;
    }
    let id = ctx
        .ws
        .fresh_id("rel", |ws, id| ws.relationship(id).is_some());
    ctx.ws.put_relationship(Relationship {
        external_id: None,
        id: id.clone(),
        kind,
        partner_id: partner.clone(),
        customer_id: inv.customer_id.clone(),
        status: RelationshipStatus::Active,
        created_date_time: ctx.now,
        start_date_time: Some(ctx.now),
        end_date_time: None,
        via_partner_id: via,
        invitation_id: Some(inv.id.clone()),
        gdap: None,
        history: smallvec::smallvec![StatusChange {
            status: RelationshipStatus::Active,
            at: ctx.now,
            by: Some(Box::new(ctx.actor.clone())),
            note: Some(format!("invitation {} accepted", inv.id).into()),
        }],
        etag: None,
        partner_consent_pending: false,
        source: None,
    });
    let change = format!(
        "{} relationship of {} with {}",
        kind.label(),
        ctx.partner_name(partner),
        ctx.customer_name(&inv.customer_id)
    );
    ctx.event(RecordKind::Relationship, &id, change);
}

fn activate_gdap<W: Records>(ctx: &mut Ctx<'_, W>, inv: &Invitation) -> Result<(), Refusal> {
    let Some(rel_id) = &inv.relationship_id else {
        return Err(invitations::names_no_request(&inv.id));
    };
    let mut rel = ctx.relationship(rel_id)?;
    if rel.status != RelationshipStatus::ApprovalPending {
        return refuse(
            RuleId::IV2,
            format!(
                "relationship {} is {}, not awaiting approval",
                rel.id,
                rel.status.label()
            ),
        );
    }
    if rel.partner_consent_pending {
        return refuse(
            RuleId::IV6,
            format!(
                "{} has not yet approved relationship {} that {} created for it; the customer approves after the reseller",
                ctx.partner_name(&rel.partner_id),
                rel.id,
                rel.via_partner_id
                    .as_ref()
                    .map_or_else(|| "its provider".to_string(), |p| ctx.partner_name(p))
            ),
        );
    }
    let days = rel.gdap.as_ref().map_or(0, |g| i64::from(g.duration.0));
    rel.start_date_time = Some(ctx.now);
    rel.end_date_time = Some(ctx.now.plus_days(days));
    rel.move_to(RelationshipStatus::Approved, ctx.now, Some(ctx.actor), None);
    rel.move_to(RelationshipStatus::Activating, ctx.now, None, None);
    rel.move_to(RelationshipStatus::Active, ctx.now, None, None);
    let change = format!(
        "approvalPending → active until {}",
        ctx.now.plus_days(days).date()
    );
    ctx.ws.put_relationship(rel);
    ctx.event(RecordKind::Relationship, rel_id, change);
    Ok(())
}

pub fn decline<W: Records>(ctx: &mut Ctx<'_, W>, id: &Id) -> Result<(), Refusal> {
    let mut inv = ctx.invitation(id)?;
    invited_customer_only(ctx, &inv, "decline")?;
    still_pending(ctx, &inv, "declined")?;
    if inv.kind == InvitationKind::Gdap {
        return refuse(
            RuleId::GD7,
            format!(
                "a GDAP request has no decline: the customer approves {} or lets it expire on {}",
                inv.id,
                inv.expires_date_time.date()
            ),
        );
    }
    close_gdap_request(
        ctx,
        &inv,
        RelationshipStatus::Terminated,
        "declined by the customer",
    )?;
    resolve(ctx, &mut inv, InvitationStatus::Declined);
    Ok(())
}

pub fn revoke<W: Records>(ctx: &mut Ctx<'_, W>, id: &Id) -> Result<(), Refusal> {
    let mut inv = ctx.invitation(id)?;
    match ctx.actor {
        Actor::Partner(p) if *p == inv.partner_id => {}
        other => {
            return refuse(
                RuleId::IV1,
                format!(
                    "{other} cannot revoke invitation {}; only the inviting partner, {}, can",
                    inv.id,
                    ctx.partner_name(&inv.partner_id)
                ),
            );
        }
    }
    still_pending(ctx, &inv, "revoked")?;
    if inv.kind == InvitationKind::Gdap {
        return refuse(
            RuleId::GD7,
            format!(
                "GDAP request {} is locked for approval and cannot be withdrawn; it expires on {} unless the customer approves it (only a draft can be deleted)",
                inv.id,
                inv.expires_date_time.date()
            ),
        );
    }
    resolve(ctx, &mut inv, InvitationStatus::Revoked);
    Ok(())
}
