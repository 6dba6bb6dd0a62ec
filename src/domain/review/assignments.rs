//! Access assignments: an active GDAP relationship nobody can use, and assignments holding a
//! role Microsoft advises against giving people.

use super::finding::{Finding, Severity};
use super::survey::Assigned;
use crate::domain::action::Action;
use crate::domain::events::RecordKind;
use crate::domain::facts::Facts;
use crate::domain::records::{
    AccessAssignment, Relationship, RelationshipKind, RelationshipStatus,
};
use crate::domain::roles::role_name;
use crate::domain::templates::Catalogue;

pub const UNASSIGNED: &str = "gdap-no-assignment";
pub const ADVISED_AGAINST: &str = "assignment-advised-against";

pub(super) fn unassigned(r: &Relationship, assigned: &Assigned<'_>, out: &mut Vec<Finding>) {
    if r.kind != RelationshipKind::Gdap
        || r.status != RelationshipStatus::Active
        || assigned.contains(&r.id)
    {
        return;
    }
    out.push(
        Finding::new(
            UNASSIGNED,
            Severity::Medium,
            RecordKind::Relationship,
            &r.id,
            &r.customer_id,
            "active with no access assignment: granted, but no security group can use its roles",
        )
        .partner(&r.partner_id),
    );
}

pub(super) fn advised_against<F: Facts>(
    a: &AccessAssignment,
    ws: &F,
    catalogue: &Catalogue,
    out: &mut Vec<Finding>,
) {
    if !a.status.is_live() {
        return;
    }
    let Some((role, why)) = a
        .roles
        .iter()
        .find_map(|role| catalogue.advised_against(role).map(|why| (role, why)))
    else {
        return;
    };
    let Some(r) = ws.relationship(&a.relationship_id) else {
        return;
    };
    out.push(
        Finding::new(
            ADVISED_AGAINST,
            Severity::Medium,
            RecordKind::AccessAssignment,
            &a.id,
            &r.customer_id,
            format!("gives its group {}: {why}", role_name(role)),
        )
        .partner(&r.partner_id)
        .fix(
            "remove the access assignment",
            &r.partner_id,
            vec![Action::RemoveAccessAssignment {
                assignment_id: a.id.clone(),
            }],
        ),
    );
}
