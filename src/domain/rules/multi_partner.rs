//! MP6: no CSP-to-CSP reselling. A customer whose tenant is itself a CSP partner takes no
//! reseller relationship, and no partner resells to its own tenant.

use crate::domain::catalogue::{Refusal, RuleId, refuse};
use crate::domain::records::Customer;

/// MP6: may the partner named `partner` (its tenant when known) resell to `customer`?
pub fn may_resell(
    customer: &Customer,
    partner: &str,
    partner_tenant: Option<&str>,
) -> Result<(), Refusal> {
    if customer.is_csp_partner {
        return refuse(
            RuleId::MP6,
            format!(
                "{} is itself a CSP partner; a CSP partner cannot resell to another CSP partner",
                customer.display_name
            ),
        );
    }
    if partner_tenant.is_some_and(|tenant| tenant.eq_ignore_ascii_case(&customer.tenant_id)) {
        return refuse(
            RuleId::MP6,
            format!(
                "{} is {partner}'s own tenant; a partner cannot resell to itself",
                customer.display_name
            ),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::id::Id;

    fn customer(tenant: &str, is_csp_partner: bool) -> Customer {
        Customer {
            external_id: None,
            id: Id::new("c"),
            tenant_id: tenant.into(),
            display_name: "Litware".into(),
            domain: "litware.onmicrosoft.com".into(),
            country: "US".into(),
            is_csp_partner,
            source: None,
        }
    }

    #[test]
    fn a_csp_partner_takes_no_reseller() {
        let refusal = may_resell(&customer("t-1", true), "Contoso", Some("t-2")).unwrap_err();
        assert_eq!(refusal.rule, RuleId::MP6);
        assert!(refusal.reason.contains("Litware is itself a CSP partner"));
    }

    #[test]
    fn a_partner_does_not_resell_to_its_own_tenant_in_any_case() {
        let refusal = may_resell(&customer("abc-DEF", false), "Contoso", Some("ABC-def"));
        assert!(refusal.unwrap_err().reason.contains("Contoso's own tenant"));
        assert!(may_resell(&customer("abc", false), "Contoso", Some("xyz")).is_ok());
        assert!(may_resell(&customer("abc", false), "p-1", None).is_ok());
    }
}
