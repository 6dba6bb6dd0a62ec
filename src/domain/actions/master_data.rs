//! The operator's master data: partners and customers.

use super::ctx::{Ctx, require_operator};
use crate::domain::catalogue::{Refusal, RuleId, refuse};
use crate::domain::events::RecordKind;
use crate::domain::facts::Records;
use crate::domain::records::{BillingModel, Customer, Partner};

pub fn add_partner<W: Records>(ctx: &mut Ctx<'_, W>, partner: &Partner) -> Result<(), Refusal> {
    require_operator(ctx, "add partners")?;
    if ctx.ws.partner(&partner.id).is_some() {
        return refuse(
            RuleId::WS1,
            format!("partner id `{}` is already taken", partner.id),
        );
    }
    // Only an import says where a record came from.
    ctx.ws.put_partner(Partner {
        source: None,
        ..partner.clone()
    });
    ctx.event(RecordKind::Partner, &partner.id, "added");
    Ok(())
}

pub fn edit_partner<W: Records>(ctx: &mut Ctx<'_, W>, partner: &Partner) -> Result<(), Refusal> {
    require_operator(ctx, "edit partners")?;
    let before = ctx.partner(&partner.id)?;
    if before.billing_model == BillingModel::IndirectProvider
        && partner.billing_model != BillingModel::IndirectProvider
        && let Some(reseller) = ctx.ws.resellers_of_provider(&partner.id).first()
    {
        return refuse(
            RuleId::IV4,
            format!(
                "{} still authorizes {}; it must stay an indirect provider",
                before.display_name, reseller.display_name
            ),
        );
    }
    // An edit keeps where the record came from.
    let partner = &Partner {
        source: before.source.clone(),
        ..partner.clone()
    };
    if &before == partner {
        return Ok(());
    }
    ctx.ws.put_partner(partner.clone());
    ctx.event(RecordKind::Partner, &partner.id, "edited");
    Ok(())
}

pub fn add_customer<W: Records>(ctx: &mut Ctx<'_, W>, customer: &Customer) -> Result<(), Refusal> {
    require_operator(ctx, "add customers")?;
    if ctx.ws.customer(&customer.id).is_some() {
        return refuse(
            RuleId::WS1,
            format!("customer id `{}` is already taken", customer.id),
        );
    }
    ctx.ws.put_customer(Customer {
        source: None,
        ..customer.clone()
    });
    ctx.event(RecordKind::Customer, &customer.id, "added");
    Ok(())
}

pub fn edit_customer<W: Records>(ctx: &mut Ctx<'_, W>, customer: &Customer) -> Result<(), Refusal> {
    require_operator(ctx, "edit customers")?;
    let before = ctx.customer(&customer.id)?;
    let customer = &Customer {
        source: before.source.clone(),
        ..customer.clone()
    };
    if &before == customer {
        return Ok(());
    }
    ctx.ws.put_customer(customer.clone());
    ctx.event(RecordKind::Customer, &customer.id, "edited");
    Ok(())
}
