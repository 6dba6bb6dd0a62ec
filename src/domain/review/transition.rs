//! Relationships left from Microsoft's automatic DAP-to-GDAP transition (`MLT_…`): made for
//! the partner with a broad default role set, not chosen by it.

use super::finding::{Finding, Severity};
use crate::domain::events::RecordKind;
use crate::domain::lifecycle::is_microsoft_led_transition;
use crate::domain::records::Relationship;

pub const RULE: &str = "mlt-relationship";

pub(super) fn check(r: &Relationship, out: &mut Vec<Finding>) {
    let Some(name) = r.gdap_name() else { return };
    if r.status.is_ended() || !is_microsoft_led_transition(name) {
        return;
    }
    out.push(
        Finding::new(
            RULE,
            Severity::Low,
            RecordKind::Relationship,
            &r.id,
            &r.customer_id,
            "made by Microsoft's automatic DAP-to-GDAP transition with its default roles: replace it with one from a least-privilege template",
        )
        .partner(&r.partner_id),
    );
}
