//! `review --since OLD`: what is new compared with an earlier state of the workspace — the
//! findings OLD did not have (by their stable id), and every partner that now has a
//! relationship with a customer it had none with (not ended) before. The second is the alert a
//! monthly re-import exists for, and no review rule fires for it when the new relationship is
//! otherwise clean (a reseller beside an assigned, non-privileged GDAP), so it is its own entry.

use std::collections::HashSet;

use foldhash::fast::RandomState;

use super::finding::{Finding, Severity};
use crate::domain::events::RecordKind;
use crate::domain::facts::Records;
use crate::domain::records::Relationship;
use crate::tables::id::Id;

pub use super::finding::NEW_PARTNER;

/// The findings of `after` whose id `before` does not list, and a `new-partner` finding for each
/// (customer, partner) that has a relationship not ended in `after_ws` and had none in
/// `before_ws`; most severe first, then by id, as `review` sorts.
pub fn since<W: Records>(
    before_ws: &W,
    before: &[Finding],
    after_ws: &W,
    after: Vec<Finding>,
) -> Vec<Finding> {
    let known: HashSet<String, RandomState> = before.iter().map(Finding::id).collect();
    let mut out: Vec<Finding> = after
        .into_iter()
        .filter(|f| !known.contains(&f.id()))
        .collect();
    new_partners(before_ws, after_ws, &mut out);
    out.sort_by_cached_key(|f| (std::cmp::Reverse(f.severity), f.id()));
    out
}

/// One pass over each side's relationships: the pairs OLD had, then NEW's that it did not.
fn new_partners<W: Records>(before_ws: &W, after_ws: &W, out: &mut Vec<Finding>) {
    let had: HashSet<(&Id, &Id), RandomState> = before_ws
        .relationships()
        .filter(|r| !r.status.is_ended())
        .map(|r| (&r.customer_id, &r.partner_id))
        .collect();
    let mut named: HashSet<(&Id, &Id), RandomState> = HashSet::default();
    for r in after_ws.relationships().filter(|r| !r.status.is_ended()) {
        let pair = (&r.customer_id, &r.partner_id);
        // The first relationship (in id order) names the pair; the others add nothing new.
        if !had.contains(&pair) && named.insert(pair) {
            out.push(new_partner(after_ws, r));
        }
    }
}

fn new_partner<W: Records>(ws: &W, r: &Relationship) -> Finding {
    let partner = ws
        .partner(&r.partner_id)
        .map_or_else(|| r.partner_id.to_string(), |p| p.display_name.to_string());
    let customer = ws
        .customer(&r.customer_id)
        .map_or_else(|| r.customer_id.to_string(), |c| c.display_name.to_string());
    // Stable by the pair, not the relationship (`Finding::id`): the same partner on the same
    // customer is one alert.
    Finding::new(
        NEW_PARTNER,
        Severity::Medium,
        RecordKind::Relationship,
        &r.id,
        &r.customer_id,
        format!(
            "new partner {partner} on {customer} ({} relationship, {}; none before)",
            r.kind.label(),
            r.status.label()
        ),
    )
    .partner(&r.partner_id)
}
