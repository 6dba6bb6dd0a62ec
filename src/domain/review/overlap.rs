//! Overlapping relationships: the same partner, customer and roles, both active. The one that
//! ends sooner is the finding; ending it loses nothing the other does not give.

use super::finding::{Finding, Severity};
use super::survey::Survey;
use crate::domain::action::Action;
use crate::domain::events::RecordKind;

pub const RULE: &str = "gdap-overlap";

pub(super) fn findings(survey: &Survey<'_>, out: &mut Vec<Finding>) {
    for (sooner, later) in &survey.overlaps {
        out.push(
            Finding::new(
                RULE,
                Severity::Low,
                RecordKind::Relationship,
                &sooner.id,
                &sooner.customer_id,
                format!("gives the same roles as {}, also active", later.id),
            )
            .partner(&sooner.partner_id)
            .fix(
                "end this one",
                &sooner.partner_id,
                vec![Action::Terminate {
                    relationship_id: sooner.id.clone(),
                }],
            ),
        );
    }
}
