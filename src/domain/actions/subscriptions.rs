//! A partner buying for a customer it resells to, and the partner of record suspending or
//! reactivating what it sold.

use super::ctx::Ctx;
use crate::domain::actor::Actor;
use crate::domain::catalogue::{Refusal, RuleId, refuse};
use crate::domain::events::RecordKind;
use crate::domain::facts::Records;
use crate::domain::records::{
    BillingCycle, BillingModel, RelationshipKind, Subscription, SubscriptionStatus,
};
use crate::domain::rules::references;
use crate::tables::id::Id;

pub fn buy<W: Records>(
    ctx: &mut Ctx<'_, W>,
    customer_id: &Id,
    offer_name: &str,
    quantity: u32,
    term_duration: &str,
    billing_cycle: BillingCycle,
) -> Result<(), Refusal> {
    let partner = ctx.acting_partner(RuleId::SB1, "buy subscriptions")?;
    let customer = ctx.customer(customer_id)?;
    if offer_name.trim().is_empty() {
        return refuse(RuleId::SB1, "a subscription needs an offer name");
    }
    if quantity == 0 {
        return refuse(RuleId::SB1, "a subscription needs a quantity of at least 1");
    }
    if !matches!(term_duration, "P1M" | "P1Y" | "P3Y") {
        return refuse(
            RuleId::SB1,
            format!("term `{term_duration}` is not one of P1M, P1Y, P3Y"),
        );
    }
    let reseller = ctx
        .ws
        .relationships_of_customer(customer_id)
        .find(|r| {
            r.partner_id == partner.id
                && r.kind == RelationshipKind::Reseller
                && r.status.is_in_force()
        })
        .cloned();
    let Some(reseller) = reseller else {
        return refuse(
            RuleId::WS2,
            format!(
                "{} does not resell to {}; a partner buys only for customers that accepted its reseller invitation",
                partner.display_name, customer.display_name
            ),
        );
    };
    let id = ctx
        .ws
        .fresh_id("sub", |ws, id| ws.subscription(id).is_some());
    ctx.ws.put_subscription(Subscription {
        external_id: None,
        id: id.clone(),
        customer_id: customer_id.clone(),
        partner_of_record: partner.id.clone(),
        // Two-tier: a reseller's relationship names its provider, which bills it. A provider's
        // own relationship names the reseller it was made for, which never bills anyone.
        billing_partner: reseller
            .via_partner_id
            .clone()
            .filter(|_| partner.billing_model == BillingModel::IndirectReseller),
        offer_name: offer_name.trim().into(),
        quantity,
        status: SubscriptionStatus::Active,
        term_duration: term_duration.into(),
        billing_cycle,
        created_date_time: ctx.now,
        source: None,
    });
    ctx.event(
        RecordKind::Subscription,
        &id,
        format!(
            "{} × {} bought for {} by {}",
            quantity,
            offer_name.trim(),
            customer.display_name,
            partner.display_name
        ),
    );
    Ok(())
}

fn partner_of_record_only<W: Records>(
    ctx: &Ctx<'_, W>,
    sub: &Subscription,
    what: &str,
) -> Result<(), Refusal> {
    match ctx.actor {
        Actor::Partner(id) if *id == sub.partner_of_record => Ok(()),
        other => refuse(
            RuleId::SB1,
            format!(
                "{other} cannot {what} subscription {}; only its partner of record, {}, can",
                sub.id,
                ctx.partner_name(&sub.partner_of_record)
            ),
        ),
    }
}

fn subscription<W: Records>(ctx: &Ctx<'_, W>, id: &Id) -> Result<Subscription, Refusal> {
    ctx.ws
        .subscription(id)
        .cloned()
        .ok_or_else(|| references::unknown("", "subscription", id))
}

pub fn suspend<W: Records>(ctx: &mut Ctx<'_, W>, id: &Id) -> Result<(), Refusal> {
    move_status(
        ctx,
        id,
        ("suspend", "suspended"),
        SubscriptionStatus::Active,
        SubscriptionStatus::Suspended,
    )
}

pub fn reactivate<W: Records>(ctx: &mut Ctx<'_, W>, id: &Id) -> Result<(), Refusal> {
    move_status(
        ctx,
        id,
        ("reactivate", "reactivated"),
        SubscriptionStatus::Suspended,
        SubscriptionStatus::Active,
    )
}

fn move_status<W: Records>(
    ctx: &mut Ctx<'_, W>,
    id: &Id,
    (what, done): (&str, &str),
    from: SubscriptionStatus,
    to: SubscriptionStatus,
) -> Result<(), Refusal> {
    let mut sub = subscription(ctx, id)?;
    partner_of_record_only(ctx, &sub, what)?;
    if sub.status != from {
        return refuse(
            RuleId::SB1,
            format!(
                "subscription {} is {}, so it cannot be {done}",
                sub.id,
                format!("{:?}", sub.status).to_lowercase()
            ),
        );
    }
    sub.status = to;
    ctx.ws.put_subscription(sub);
    ctx.event(
        RecordKind::Subscription,
        id,
        format!("{from:?} → {to:?}").to_lowercase(),
    );
    Ok(())
}
