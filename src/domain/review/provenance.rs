//! A relationship with roles that can take control of the tenant (the catalogue's
//! `tenantControl` mark) known only from an import: no invitation in this workspace made
//! it, so confirm it against Partner Center before relying on it.

use super::finding::{Finding, Severity};
use super::survey::holds_privileged;
use crate::domain::events::RecordKind;
use crate::domain::records::{Relationship, RelationshipStatus};

pub const RULE: &str = "imported-privileged";

pub(super) fn check(r: &Relationship, out: &mut Vec<Finding>) {
    let Some(gdap) = r.gdap.as_deref() else {
        return;
    };
    if r.status != RelationshipStatus::Active
        || !r.is_known_only_from_import()
        || !holds_privileged(&gdap.roles)
    {
        return;
    }
    out.push(
        Finding::new(
            RULE,
            Severity::Info,
            RecordKind::Relationship,
            &r.id,
            &r.customer_id,
            "roles that can take control of the tenant, known only from an import with no invitation here: confirm it in Partner Center",
        )
        .partner(&r.partner_id),
    );
}
