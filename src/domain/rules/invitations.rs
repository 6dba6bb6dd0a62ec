//! IV3 (one open reseller invitation per partner, customer and kind), IV4 (indirect resellers
//! invite through a provider that authorizes them) and IV6 (a provider's GDAP for its reseller
//! waits for the reseller's consent).

use crate::domain::catalogue::{Refusal, RuleId, refuse};
use crate::domain::records::{
    BillingModel, InvitationKind, Partner, Relationship, RelationshipStatus,
};
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

/// IV6: an indirect provider creates GDAP relationships only for the indirect resellers it
/// authorizes.
pub fn provider_creates_for(provider: &Partner, reseller: &Partner) -> Result<(), Refusal> {
    if provider.billing_model != BillingModel::IndirectProvider {
        return refuse(
            RuleId::IV6,
            format!(
                "{} is a {} partner; only an indirect provider creates GDAP relationships for a reseller",
                provider.display_name,
                provider.billing_model.label()
            ),
        );
    }
    if reseller.billing_model != BillingModel::IndirectReseller
        || !reseller.providers.contains(&provider.id)
    {
        return refuse(
            RuleId::IV6,
            format!(
                "{} is not an indirect reseller that {} authorizes",
                reseller.display_name, provider.display_name
            ),
        );
    }
    Ok(())
}

/// IV6: only the reseller a provider's relationship is for answers it, and only while its
/// consent is pending. `actor` is the acting partner, if any.
pub fn reseller_may_consent(
    actor: Option<&Id>,
    relationship: &Relationship,
    reseller_name: &str,
) -> Result<(), Refusal> {
    if actor != Some(&relationship.partner_id) || relationship.via_partner_id.is_none() {
        return refuse(
            RuleId::IV6,
            format!(
                "only {reseller_name}, the reseller relationship {} was created for by its provider, approves or rejects it",
                relationship.id
            ),
        );
    }
    if !relationship.partner_consent_pending {
        return refuse(
            RuleId::IV6,
            format!(
                "{reseller_name} has already answered relationship {}; consent is given once",
                relationship.id
            ),
        );
    }
    if !matches!(
        relationship.status,
        RelationshipStatus::Created | RelationshipStatus::ApprovalPending
    ) {
        return refuse(
            RuleId::IV6,
            format!(
                "relationship {} is {}; a reseller answers only a request still open (created or awaiting approval)",
                relationship.id,
                relationship.status.label()
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

/// IV4: an indirect reseller names at least one indirect provider that authorizes it.
pub fn reseller_names_a_provider(partner: &Partner) -> Result<(), Refusal> {
    if partner.billing_model == BillingModel::IndirectReseller && partner.providers.is_empty() {
        return refuse(
            RuleId::IV4,
            format!(
                "{} is an indirect reseller but names no indirect provider; an indirect reseller sells through at least one",
                partner.display_name
            ),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn partner(id: &str, billing_model: BillingModel, providers: &[&str]) -> Partner {
        Partner {
            id: Id::new(id),
            display_name: id.into(),
            partner_id: "1".into(),
            tenant_id: format!("{id}-tenant"),
            billing_model,
            specialties: Vec::new(),
            providers: providers.iter().map(Id::new).collect(),
            source: None,
        }
    }

    #[test]
    fn a_provider_authorizes_only_the_resellers_that_list_it() {
        let provider = partner("dist", BillingModel::IndirectProvider, &[]);
        let listed = partner("shop", BillingModel::IndirectReseller, &["dist"]);
        let unlisted = partner("other", BillingModel::IndirectReseller, &["elsewhere"]);
        assert!(provider_authorizes(&provider, &listed).is_ok());
        assert_eq!(
            provider_authorizes(&provider, &unlisted).unwrap_err().rule,
            RuleId::IV4
        );
        let direct = partner("dist", BillingModel::DirectBill, &[]);
        assert!(provider_authorizes(&direct, &listed).is_err());
    }

    #[test]
    fn only_indirect_resellers_list_providers_and_only_indirect_providers_are_listed() {
        let shop = partner("shop", BillingModel::IndirectReseller, &["dist"]);
        let direct = partner("direct", BillingModel::DirectBill, &["dist"]);
        assert!(may_list_providers(&shop).is_ok());
        assert_eq!(may_list_providers(&direct).unwrap_err().rule, RuleId::IV4);
        let not_a_provider = partner("dist", BillingModel::DirectBill, &[]);
        assert!(provider_listed(&shop, &not_a_provider).is_err());
    }

    #[test]
    fn an_indirect_reseller_names_at_least_one_provider() {
        let shop = partner("shop", BillingModel::IndirectReseller, &["dist"]);
        assert!(reseller_names_a_provider(&shop).is_ok());
        let alone = partner("alone", BillingModel::IndirectReseller, &[]);
        let refusal = reseller_names_a_provider(&alone).unwrap_err();
        assert_eq!(refusal.rule, RuleId::IV4);
        assert!(
            refusal.reason.contains("alone is an indirect reseller"),
            "{refusal}"
        );
        let direct = partner("direct", BillingModel::DirectBill, &[]);
        assert!(reseller_names_a_provider(&direct).is_ok());
    }

    #[test]
    fn a_pending_twin_names_both_sides_and_the_twin() {
        let refusal = pending_twin(
            "Contoso",
            InvitationKind::Reseller,
            &Id::new("inv-3"),
            "Litware",
        );
        assert_eq!(refusal.rule, RuleId::IV3);
        assert!(refusal.reason.contains("Contoso") && refusal.reason.contains("inv-3"));
        assert!(refusal.reason.contains("Litware"));
    }
}
