//! The operator's master data: partners and customers. Identifiers are stored in one spelling
//! (ID3: GUIDs lower-case, countries upper-case), so what the operator types is brought to it
//! first; `apply` then checks the record with the integrity rules (ID1–ID3, IV4, MP6, WS1).

use super::ctx::{Ctx, require_operator};
use crate::domain::catalogue::{Refusal, RuleId, refuse};
use crate::domain::events::RecordKind;
use crate::domain::facts::Records;
use crate::domain::records::{BillingModel, Customer, Partner};
use crate::domain::rules::identity::{normalised_country, normalised_guid};

/// The partner as stored: its tenant id lower-case, its Partner ID without blanks around it.
fn stored_partner(partner: &Partner) -> Partner {
    Partner {
        tenant_id: normalised_guid(&partner.tenant_id),
        partner_id: partner.partner_id.trim().to_string(),
        ..partner.clone()
    }
}

/// The customer as stored: its tenant id lower-case, its country upper-case, its domain
/// without blanks around it.
fn stored_customer(customer: &Customer) -> Customer {
    Customer {
        tenant_id: normalised_guid(&customer.tenant_id),
        country: normalised_country(&customer.country).into(),
        domain: customer.domain.trim().to_string(),
        ..customer.clone()
    }
}

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
        ..stored_partner(partner)
    });
    ctx.event(RecordKind::Partner, &partner.id, "added");
    Ok(())
}

pub fn edit_partner<W: Records>(ctx: &mut Ctx<'_, W>, partner: &Partner) -> Result<(), Refusal> {
    require_operator(ctx, "edit partners")?;
    let before = ctx.partner(&partner.id)?;
    let partner = stored_partner(partner);
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
    let partner = Partner {
        source: before.source.clone(),
        ..partner
    };
    if before == partner {
        return Ok(());
    }
    let id = partner.id.clone();
    ctx.ws.put_partner(partner);
    ctx.event(RecordKind::Partner, &id, "edited");
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
        ..stored_customer(customer)
    });
    ctx.event(RecordKind::Customer, &customer.id, "added");
    Ok(())
}

pub fn edit_customer<W: Records>(ctx: &mut Ctx<'_, W>, customer: &Customer) -> Result<(), Refusal> {
    require_operator(ctx, "edit customers")?;
    let before = ctx.customer(&customer.id)?;
    let customer = Customer {
        source: before.source.clone(),
        ..stored_customer(customer)
    };
    if before == customer {
        return Ok(());
    }
    let id = customer.id.clone();
    ctx.ws.put_customer(customer);
    ctx.event(RecordKind::Customer, &id, "edited");
    Ok(())
}
