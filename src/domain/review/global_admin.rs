//! Global Administrator on a GDAP relationship: the role GDAP exists to avoid.

use super::Settings;
use super::finding::{Finding, Severity};
use super::naming::renewal_request;
use super::survey::is_global_admin;
use crate::domain::action::Action;
use crate::domain::events::RecordKind;
use crate::domain::records::{Relationship, RelationshipStatus};
use crate::domain::templates::Catalogue;

pub const RULE: &str = "gdap-global-admin";

pub(super) fn check(
    r: &Relationship,
    catalogue: &Catalogue,
    settings: &Settings,
    out: &mut Vec<Finding>,
) {
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
        | RelationshipStatus::Active => {
            let found = finding(
                "holds Global Administrator: unrestricted control of the customer's tenant; replace it with a relationship from a least-privilege template",
            );
            // Global Administrator is its only role: removing it would leave none (GD3), so the
            // fix is the replacement template's roles instead — in the draft itself, or, once
            // active, a new relationship asked for and this one ended.
            match catalogue.find(&settings.replacement_template) {
                Some(template) if r.via_partner_id.is_none() => {
                    let roles = template.roles.clone();
                    match r.status {
                        RelationshipStatus::Created => found.fix(
                            &format!("ask for the {} template's roles instead", template.name),
                            &r.partner_id,
                            vec![Action::EditDraft {
                                relationship_id: r.id.clone(),
                                display_name: None,
                                roles: Some(roles),
                                duration: None,
                                auto_extend_duration: None,
                            }],
                        ),
                        RelationshipStatus::Active => found.fix(
                            &format!(
                                "ask for a replacement with the {} template's roles, then terminate this one (its access ends now; the replacement's starts when the customer approves it)",
                                template.name
                            ),
                            &r.partner_id,
                            vec![
                                renewal_request(r, gdap, roles),
                                Action::Terminate {
                                    relationship_id: r.id.clone(),
                                },
                            ],
                        ),
                        // A locked request cannot be changed or withdrawn (GD7).
                        _ => found,
                    }
                }
                _ => found,
            }
        }
        _ => return,
    };
    out.push(found);
}
