//! When records need the clock: how long a GDAP approval request stays open (IV5), how close to
//! its end an active relationship counts as expiring, and the next moment a GDAP relationship's
//! status is due to move. `pass_time` acts on these; the workspace indexes by them.

use super::records::{Relationship, RelationshipStatus};
use super::time::Time;

/// A relationship this close to its end is `expiring`.
pub const EXPIRING_WITHIN_DAYS: i64 = 30;

/// When a GDAP relationship next needs the clock's attention: an approval request expires 90 days
/// after creation (IV5); an active one ends at its end date (and turns `expiring` 30 days before).
pub fn deadline(r: &Relationship) -> Option<Time> {
    match r.status {
        RelationshipStatus::ApprovalPending => {
            Some(r.created_date_time.plus_days(GDAP_REQUEST_DAYS))
        }
        RelationshipStatus::Active | RelationshipStatus::Expiring => r.end_date_time,
        _ => None,
    }
}

/// IV5: a GDAP approval request expires after 90 days.
pub const GDAP_REQUEST_DAYS: i64 = 90;
