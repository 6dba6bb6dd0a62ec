//! Who can do what where (info): a reseller with no active GDAP on its customer cannot
//! administer it; active GDAP from a partner that does not resell to the customer.

use super::finding::{Finding, Severity};
use super::survey::Survey;
use crate::domain::events::RecordKind;
use crate::domain::records::{Relationship, RelationshipKind, RelationshipStatus};

pub const NO_GDAP: &str = "reseller-without-gdap";
pub const NO_RESELLER: &str = "gdap-without-reseller";

pub(super) fn check<'a>(r: &'a Relationship, survey: &Survey<'a>, out: &mut Vec<Finding>) {
    if r.status != RelationshipStatus::Active {
        return;
    }
    let pair = survey.pair(&r.customer_id, &r.partner_id);
    match r.kind {
        RelationshipKind::Reseller if pair.is_none_or(|p| !p.active_gdap) => out.push(
            Finding::new(
                NO_GDAP,
                Severity::Info,
                RecordKind::Relationship,
                &r.id,
                &r.customer_id,
                "resells to the customer with no active GDAP: it cannot administer what it sells",
            )
            .partner(&r.partner_id),
        ),
        RelationshipKind::Gdap if pair.is_none_or(|p| p.reseller.is_none()) => out.push(
            Finding::new(
                NO_RESELLER,
                Severity::Info,
                RecordKind::Relationship,
                &r.id,
                &r.customer_id,
                "administers the customer without a reseller relationship: check it is meant",
            )
            .partner(&r.partner_id),
        ),
        _ => {}
    }
}
