//! Global Administrator on a GDAP relationship: the role GDAP exists to avoid.

use super::finding::{Finding, Severity};
use super::survey::is_global_admin;
use crate::domain::action::Action;
use crate::domain::events::RecordKind;
use crate::domain::records::{Relationship, RelationshipStatus};

pub const RULE: &str = "gdap-global-admin";

pub(super) fn check(r: &Relationship, out: &mut Vec<Finding>) {
    let Some(gdap) = r.gdap.as_deref() else {
        return;
    };
    if !gdap.roles.iter().any(|role| is_global_admin(role)) {
        return;
    }
    let others: Vec<String> = gdap
        .roles
        .iter()
        .filter(|role| !is_global_admin(role))
        .map(|role| role.to_string())
        .collect();
    let finding = |why: &'static str| {
        Finding::new(
            RULE,
            Severity::High,
            RecordKind::Relationship,
            &r.id,
            &r.customer_id,
            why,
        )
        .partner(&r.partner_id)
    };
    let found = match r.status {
        // GD7: the one role change Graph allows after approval.
        RelationshipStatus::Active if !others.is_empty() => finding(
            "holds Global Administrator: unrestricted control of the customer's tenant",
        )
        .fix(
            "remove Global Administrator",
            &r.partner_id,
            vec![Action::RemoveGlobalAdmin {
                relationship_id: r.id.clone(),
            }],
        ),
        RelationshipStatus::Created if !others.is_empty() => finding(
            "the draft asks for Global Administrator: unrestricted control of the customer's tenant",
        )
        .fix(
            "drop Global Administrator from the draft",
            &r.partner_id,
            vec![Action::EditDraft {
                relationship_id: r.id.clone(),
                display_name: None,
                roles: Some(others),
                duration: None,
                auto_extend_duration: None,
            }],
        ),
        RelationshipStatus::Created
        | RelationshipStatus::ApprovalPending
        | RelationshipStatus::Approved
        | RelationshipStatus::Activating
        | RelationshipStatus::Active => finding(
            "holds Global Administrator: unrestricted control of the customer's tenant; replace it with a relationship from a least-privilege template",
        ),
        _ => return,
    };
    out.push(found);
}
