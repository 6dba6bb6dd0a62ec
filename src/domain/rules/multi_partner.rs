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
