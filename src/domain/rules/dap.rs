//! DP1: DAP is retired. From 9 October 2023 no reseller request carries delegated admin
//! privileges, and accepting an older request grants the reseller relationship only. DAP
//! relationships that exist stay as history (and may be terminated). A file holding a pending
//! DAP request made after the retirement (an older file) still opens: the request can be
//! revoked, or accepted for the reseller relationship alone.

use crate::domain::catalogue::{Refusal, RuleId, refuse};
use crate::domain::lifecycle::dap_retired;
use crate::domain::records::{InvitationKind, RelationshipKind};
use crate::domain::time::Time;

/// DP1: asking for DAP at `now`.
pub fn no_new_dap(kind: InvitationKind, now: Time) -> Result<(), Refusal> {
    if kind == InvitationKind::ResellerAndDelegatedAdmin && now >= dap_retired() {
        return refuse(
            RuleId::DP1,
            format!(
                "DAP was retired on {}: a reseller request no longer carries delegated admin privileges; ask for a reseller relationship and a GDAP relationship with the roles needed",
                dap_retired().date()
            ),
        );
    }
    Ok(())
}

/// What accepting an invitation of `kind` grants at `now`: DAP no longer, from its retirement.
pub fn still_granted(kind: InvitationKind, now: Time) -> Vec<RelationshipKind> {
    kind.grants()
        .iter()
        .copied()
        .filter(|granted| *granted != RelationshipKind::DelegatedAdmin || now < dap_retired())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Time {
        Time::parse(text).unwrap()
    }

    #[test]
    fn dap_requests_are_refused_from_9_october_2023_and_allowed_the_day_before() {
        let kind = InvitationKind::ResellerAndDelegatedAdmin;
        assert!(no_new_dap(kind, at("2023-10-08T23:59:59Z")).is_ok());
        let refusal = no_new_dap(kind, at("2023-10-09T00:00:00Z")).unwrap_err();
        assert_eq!(refusal.rule, RuleId::DP1);
        assert!(refusal.reason.contains("2023-10-09"));
        assert_eq!(
            no_new_dap(kind, at("2023-10-10T00:00:00Z"))
                .unwrap_err()
                .rule,
            RuleId::DP1
        );
    }

    #[test]
    fn reseller_and_gdap_requests_are_not_dap() {
        let now = at("2026-12-04T00:00:00Z");
        assert!(no_new_dap(InvitationKind::Reseller, now).is_ok());
        assert!(no_new_dap(InvitationKind::Gdap, now).is_ok());
    }

    #[test]
    fn accepting_an_old_dap_request_after_retirement_grants_the_reseller_relationship_only() {
        let kind = InvitationKind::ResellerAndDelegatedAdmin;
        assert_eq!(
            still_granted(kind, at("2023-10-08T00:00:00Z")),
            vec![RelationshipKind::Reseller, RelationshipKind::DelegatedAdmin]
        );
        assert_eq!(
            still_granted(kind, at("2023-10-09T00:00:00Z")),
            vec![RelationshipKind::Reseller]
        );
    }
}
