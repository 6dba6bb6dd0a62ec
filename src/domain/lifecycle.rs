//! When records need the clock: how long a locked GDAP request stays open (IV5), when an active
//! relationship ends and what follows (GD2: auto-extended, or `expiring` then `expired`), how
//! near its end a relationship counts as ending soon (derived, never stored), and the date DAP
//! was retired (DP1). `pass_time` acts on these; the workspace indexes by `deadline`.

use super::records::{Relationship, RelationshipStatus};
use super::time::Time;

/// IV5: a locked GDAP request expires 90 days after it was locked.
pub const GDAP_REQUEST_DAYS: i64 = 90;

/// Graph names no figure for deprovisioning; partnerdesk lets an `expiring` relationship (past
/// its end, access being removed) become `expired` two days after its end date.
pub const DEPROVISIONING_DAYS: i64 = 2;

/// The reminders Microsoft sends before a GDAP relationship ends, in days: "ends within 30, 7
/// or 1 days". The widest is the window in which a relationship counts as ending soon.
pub const ENDING_SOON_DAYS: [i64; 3] = [30, 7, 1];

/// DP1: from this day (9 October 2023, 00:00 UTC) no reseller request carries DAP.
pub fn dap_retired() -> Time {
    // 2023-10-09T00:00:00Z in seconds since the Unix epoch.
    Time::from_seconds(1_696_809_600)
}

/// The time a GDAP request was locked for approval: the last move to `approvalPending` in its
/// history (files written before drafts existed lock at creation).
pub fn locked_at(r: &Relationship) -> Time {
    r.history
        .iter()
        .rev()
        .find(|change| change.status == RelationshipStatus::ApprovalPending)
        .map_or(r.created_date_time, |change| change.at)
}

/// When a GDAP relationship next needs the clock's attention: a locked request expires 90 days
/// after it was locked (IV5); an active one reaches its end date; an expiring one is expired
/// `DEPROVISIONING_DAYS` after its end.
pub fn deadline(r: &Relationship) -> Option<Time> {
    match r.status {
        RelationshipStatus::ApprovalPending => Some(locked_at(r).plus_days(GDAP_REQUEST_DAYS)),
        RelationshipStatus::Active => r.end_date_time,
        RelationshipStatus::Expiring => r
            .end_date_time
            .map(|end| end.plus_days(DEPROVISIONING_DAYS)),
        _ => None,
    }
}

/// Whole days left (rounded down) for an active relationship that ends within
/// `ENDING_SOON_DAYS[0]` days, as of `now`: derived from its end date, never a status.
pub fn ending_soon(r: &Relationship, now: Time) -> Option<i64> {
    if r.status != RelationshipStatus::Active {
        return None;
    }
    let days = now.days_until(r.end_date_time?);
    (days <= ENDING_SOON_DAYS[0]).then_some(days.max(0))
}

/// The reminder tier a relationship with `days_left` falls in: 30, 7 or 1 ("ends within N days").
pub fn ending_tier(days_left: i64) -> Option<i64> {
    ENDING_SOON_DAYS
        .iter()
        .rev()
        .find(|tier| days_left <= **tier)
        .copied()
}

/// Relationships the Microsoft-led transition from DAP created are named `MLT_…`.
pub fn is_microsoft_led_transition(display_name: &str) -> bool {
    display_name.starts_with("MLT_")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::records::{RelationshipKind, StatusChange};
    use crate::tables::id::Id;

    fn at(text: &str) -> Time {
        Time::parse(text).unwrap()
    }

    fn active_until(end: &str) -> Relationship {
        Relationship {
            external_id: None,
            id: Id::new("rel-1"),
            kind: RelationshipKind::Gdap,
            partner_id: Id::new("p"),
            customer_id: Id::new("c"),
            status: RelationshipStatus::Active,
            created_date_time: at("2026-01-01T00:00:00Z"),
            start_date_time: Some(at("2026-01-01T00:00:00Z")),
            end_date_time: Some(at(end)),
            via_partner_id: None,
            invitation_id: None,
            gdap: None,
            partner_consent_pending: false,
            etag: None,
            source: None,
            history: Default::default(),
        }
    }

    #[test]
    fn dap_retired_on_9_october_2023() {
        assert_eq!(dap_retired(), at("2023-10-09T00:00:00Z"));
    }

    #[test]
    fn ending_soon_counts_the_last_30_days_only() {
        let r = active_until("2026-12-31T00:00:00Z");
        assert_eq!(
            ending_soon(&r, at("2026-11-29T23:59:59Z")),
            None,
            "31 days left"
        );
        assert_eq!(ending_soon(&r, at("2026-12-01T00:00:00Z")), Some(30));
        assert_eq!(ending_soon(&r, at("2026-12-02T00:00:00Z")), Some(29));
        assert_eq!(ending_soon(&r, at("2026-12-30T12:00:00Z")), Some(0));
        let mut ended = r.clone();
        ended.status = RelationshipStatus::Expiring;
        assert_eq!(ending_soon(&ended, at("2026-12-30T00:00:00Z")), None);
    }

    #[test]
    fn ending_tiers_follow_microsofts_reminders() {
        assert_eq!(ending_tier(31), None);
        assert_eq!(ending_tier(30), Some(30));
        assert_eq!(ending_tier(8), Some(30));
        assert_eq!(ending_tier(7), Some(7));
        assert_eq!(ending_tier(1), Some(1));
        assert_eq!(ending_tier(0), Some(1));
    }

    #[test]
    fn a_locked_request_expires_90_days_after_its_lock_not_its_creation() {
        let mut r = active_until("2026-12-31T00:00:00Z");
        r.status = RelationshipStatus::ApprovalPending;
        r.history.push(StatusChange {
            status: RelationshipStatus::ApprovalPending,
            at: at("2026-02-01T00:00:00Z"),
            by: None,
            note: None,
        });
        assert_eq!(deadline(&r), Some(at("2026-05-02T00:00:00Z")));
    }

    #[test]
    fn an_expiring_relationship_is_due_two_days_after_its_end() {
        let mut r = active_until("2026-12-31T00:00:00Z");
        assert_eq!(deadline(&r), Some(at("2026-12-31T00:00:00Z")));
        r.status = RelationshipStatus::Expiring;
        assert_eq!(deadline(&r), Some(at("2027-01-02T00:00:00Z")));
    }

    #[test]
    fn mlt_names_are_the_transitions() {
        assert!(is_microsoft_led_transition("MLT_0a1b2c"));
        assert!(!is_microsoft_led_transition("Contoso MLT"));
    }
}
