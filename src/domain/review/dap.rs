//! DAP still active: Microsoft retired it in 2023 and asks partners to remove it.

use super::finding::{Finding, Severity};
use super::survey::Survey;
use crate::domain::action::Action;
use crate::domain::events::RecordKind;
use crate::domain::records::{Relationship, RelationshipKind, RelationshipStatus};

pub const RULE: &str = "dap-active";

pub(super) fn check<'a>(r: &'a Relationship, survey: &Survey<'a>, out: &mut Vec<Finding>) {
    if r.kind != RelationshipKind::DelegatedAdmin || r.status != RelationshipStatus::Active {
        return;
    }
    let beside_gdap = survey
        .pair(&r.customer_id, &r.partner_id)
        .is_some_and(|pair| pair.active_gdap);
    let why = if beside_gdap {
        "DAP (Global Administrator, no end date) is still on beside this partner's active GDAP: the GDAP's least privilege means nothing while it stays"
    } else {
        "DAP (Global Administrator, no end date) is still on; Microsoft retired it in 2023 and asks partners to remove it"
    };
    out.push(
        Finding::new(
            RULE,
            Severity::High,
            RecordKind::Relationship,
            &r.id,
            &r.customer_id,
            why,
        )
        .partner(&r.partner_id)
        .fix(
            "end the DAP relationship",
            &r.partner_id,
            vec![Action::Terminate {
                relationship_id: r.id.clone(),
            }],
        ),
    );
}
