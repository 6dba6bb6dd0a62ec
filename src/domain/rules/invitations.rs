//! IV3 (one open invitation per partner, customer and kind) and IV4 (indirect resellers invite
//! through a provider that authorizes them).

use crate::domain::catalogue::{Refusal, RuleId, refuse};
use crate::domain::records::{BillingModel, InvitationKind, Partner};
use crate::tables::id::Id;

/// IV3: the partner's pending invitation `twin` already asks the customer for this `kind`.
pub fn pending_twin(partner: &str, kind: InvitationKind, twin: &Id, customer: &str) -> Refusal {
    Refusal::new(
        RuleId::IV3,
        format!(
            "{partner} already has a pending {} invitation ({twin}) to {customer}",
            kind.label()
        ),
    )
}

/// WS1: a GDAP invitation names the relationship awaiting approval; `invitation` names none.
pub fn names_no_request(invitation: &Id) -> Refusal {
    Refusal::new(
        RuleId::WS1,
        format!("GDAP invitation {invitation} names no relationship awaiting approval"),
    )
}

/// IV4: `provider` is an indirect provider and authorizes `reseller` to invite on its behalf.
pub fn provider_authorizes(provider: &Partner, reseller: &Partner) -> Result<(), Refusal> {
    if provider.billing_model != BillingModel::IndirectProvider
        || !reseller.providers.contains(&provider.id)
    {
        return refuse(
            RuleId::IV4,
            format!(
                "{} is not an indirect provider that authorizes {}",
                provider.display_name, reseller.display_name
            ),
        );
    }
    Ok(())
}

/// IV4: a partner lists as its providers only indirect providers, and only an indirect reseller
/// lists any. `provider` is one of `partner`'s providers, when known.
pub fn provider_listed(partner: &Partner, provider: &Partner) -> Result<(), Refusal> {
    if provider.billing_model != BillingModel::IndirectProvider {
        return refuse(
            RuleId::IV4,
            format!(
                "{} lists {} as its provider, but {} is a {} partner, not an indirect provider",
                partner.display_name,
                provider.display_name,
                provider.display_name,
                provider.billing_model.label()
            ),
        );
    }
    Ok(())
}

/// IV4: only indirect resellers have providers.
pub fn may_list_providers(partner: &Partner) -> Result<(), Refusal> {
    if !partner.providers.is_empty() && partner.billing_model != BillingModel::IndirectReseller {
        return refuse(
            RuleId::IV4,
            format!(
                "{} lists providers but is a {} partner; only indirect resellers have providers",
                partner.display_name,
                partner.billing_model.label()
            ),
        );
    }
    Ok(())
}
