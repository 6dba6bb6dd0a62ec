//! A GDAP request's details, checked (GD1–GD3, GD6) and named: what a new request and a draft's
//! edit both go through, so that `invitations` and `gdap_requests` need not reach into each other.

use super::ctx::Ctx;
use crate::domain::action::GdapRequest;
use crate::domain::catalogue::Refusal;
use crate::domain::facts::Records;
use crate::domain::records::{Customer, GdapDetails, Partner, Relationship};
use crate::domain::rules::gdap as gdap_rules;
use crate::tables::id::Id;
use crate::tables::text::Text;

/// A draft's new details, checked as a new request's are (its own name aside).
pub(super) fn checked_details<W: Records>(
    ctx: &Ctx<'_, W>,
    rel: &Relationship,
    request: &GdapRequest,
) -> Result<GdapDetails, Refusal> {
    let partner = ctx.partner(&rel.partner_id)?;
    let customer = ctx.customer(&rel.customer_id)?;
    gdap_details(ctx, &partner, &customer, request, Some(&rel.id))
}

/// GD1–GD3, GD6 on a request; `except` is the draft being edited, whose own name is no twin.
pub(super) fn gdap_details<W: Records>(
    ctx: &Ctx<'_, W>,
    partner: &Partner,
    customer: &Customer,
    request: &GdapRequest,
    except: Option<&Id>,
) -> Result<GdapDetails, Refusal> {
    let roles = gdap_rules::known_roles(&request.roles)?;
    gdap_rules::grants_a_role(&roles)?;
    gdap_rules::duration_in_range(request.duration)?;
    gdap_rules::auto_extend_allowed(request.auto_extend_duration, &roles)?;
    let display_name = match &request.display_name {
        Some(name) => name.trim().to_string(),
        None => default_name(ctx, partner, customer),
    };
    gdap_rules::name_length(&display_name)?;
    if let Some(other) = ctx
        .ws
        .gdap_relationships_named(&partner.id, &display_name)
        .find(|id| Some(*id) != except)
        .cloned()
    {
        return Err(gdap_rules::name_taken(
            &partner.display_name,
            &display_name,
            &other,
        ));
    }
    Ok(GdapDetails {
        display_name: display_name.into(),
        roles: roles.into_iter().map(Text::from).collect(),
        duration: request.duration,
        auto_extend_duration: request.auto_extend_duration,
    })
}

/// The partner's relationship already named `name` (in any case), if any.
fn named<W: Records>(ctx: &Ctx<'_, W>, partner: &Id, name: &str) -> Option<Id> {
    ctx.ws
        .gdap_relationships_named(partner, name)
        .next()
        .cloned()
}

/// "Partner – Customer", cut to 50 characters, numbered when the partner already uses it.
fn default_name<W: Records>(ctx: &Ctx<'_, W>, partner: &Partner, customer: &Customer) -> String {
    let base: String = format!("{} - {}", partner.display_name, customer.display_name)
        .chars()
        .take(44)
        .collect();
    let base = base.trim().to_string();
    if named(ctx, &partner.id, &base).is_none() {
        return base;
    }
    (2..)
        .map(|n| format!("{base} #{n}"))
        .find(|name| named(ctx, &partner.id, name).is_none())
        .unwrap_or(base)
}
