//! The renewals outlook: what is about to end and what ended lately, as Partner Center's tiles
//! show it — relationships ending within 30, 7 and 1 days, expired in the last year — and how
//! many end in each of the next 26 weeks. One pass over the relationships, as of a given moment.
//!
//! "Ending" means it will end: a relationship in force, with an end date, that does not
//! auto-extend (one that auto-extends gets 180 more days instead). Days are whole days left,
//! rounded down, as everywhere else (`Time::days_until`): "within 1 day" is less than two days.

use super::lifecycle::ENDING_SOON_DAYS;
use super::records::{Relationship, RelationshipStatus};
use super::time::Time;

/// How many weeks the chart looks ahead.
pub const WEEKS: usize = 26;

/// How far back the "expired" tile looks.
pub const EXPIRED_LOOKBACK_DAYS: i64 = 365;

/// One tile: a count and, chosen, a filter of the Relationships pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tile {
    Within30,
    Within7,
    Within1,
    ExpiredLastYear,
}

impl Tile {
    pub const ALL: [Tile; 4] = [
        Tile::Within30,
        Tile::Within7,
        Tile::Within1,
        Tile::ExpiredLastYear,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Tile::Within30 => "ending ≤ 30 days",
            Tile::Within7 => "ending ≤ 7 days",
            Tile::Within1 => "ending ≤ 1 day",
            Tile::ExpiredLastYear => "expired, last year",
        }
    }

    /// The tile counts `r` as of `now`.
    pub fn holds(self, r: &Relationship, now: Time) -> bool {
        match self {
            Tile::Within30 => ends_within(r, now, ENDING_SOON_DAYS[0]),
            Tile::Within7 => ends_within(r, now, ENDING_SOON_DAYS[1]),
            Tile::Within1 => ends_within(r, now, ENDING_SOON_DAYS[2]),
            Tile::ExpiredLastYear => expired_lately(r, now),
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// When `r` will end, if it will: in force, with an end date, without auto-extend.
pub fn will_end(r: &Relationship) -> Option<Time> {
    let auto = r
        .gdap
        .as_deref()
        .is_some_and(|g| g.auto_extend_duration.is_on());
    (r.status.is_in_force() && !auto)
        .then_some(r.end_date_time)
        .flatten()
}

/// `r` will end at or after `now`, within `days` whole days.
pub fn ends_within(r: &Relationship, now: Time, days: i64) -> bool {
    will_end(r).is_some_and(|end| end >= now && now.days_until(end) <= days)
}

/// `r` passed its end without renewal (expiring or expired) at most a year before `now`.
fn expired_lately(r: &Relationship, now: Time) -> bool {
    matches!(
        r.status,
        RelationshipStatus::Expiring | RelationshipStatus::Expired
    ) && r
        .end_date_time
        .is_some_and(|end| end <= now && -now.days_until(end) <= EXPIRED_LOOKBACK_DAYS)
}

/// The tiles' counts and the weekly chart, as of `now`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outlook {
    pub now: Time,
    tiles: [usize; 4],
    /// Relationships ending in week `k`: from `now + 7k` days (included) to `now + 7(k+1)`.
    pub weeks: [usize; WEEKS],
}

impl Outlook {
    /// One pass over `relationships`.
    pub fn of<'a>(relationships: impl IntoIterator<Item = &'a Relationship>, now: Time) -> Outlook {
        let mut outlook = Outlook {
            now,
            tiles: [0; 4],
            weeks: [0; WEEKS],
        };
        for r in relationships {
            outlook.add(r);
        }
        outlook
    }

    /// Counts `r` in (a relationship added or changed into what it is now).
    pub fn add(&mut self, r: &Relationship) {
        self.count(r, |n| *n += 1);
    }

    /// Counts `r` out (as it was before a change).
    pub fn remove(&mut self, r: &Relationship) {
        self.count(r, |n| *n = n.saturating_sub(1));
    }

    fn count(&mut self, r: &Relationship, change: impl Fn(&mut usize)) {
        let now = self.now;
        if let Some(end) = will_end(r).filter(|end| *end >= now) {
            let days = now.days_until(end);
            if let Some(week) = self.weeks.get_mut((days / 7) as usize) {
                change(week);
            }
            for tile in [Tile::Within30, Tile::Within7, Tile::Within1] {
                if tile.holds(r, now) {
                    change(&mut self.tiles[tile.index()]);
                }
            }
        } else if expired_lately(r, now) {
            change(&mut self.tiles[Tile::ExpiredLastYear.index()]);
        }
    }

    pub fn tile(&self, tile: Tile) -> usize {
        self.tiles[tile.index()]
    }

    /// The first day of week `k` (its label on the chart).
    pub fn week_start(&self, k: usize) -> Time {
        self.now.plus_days(7 * k as i64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::duration::{AutoExtend, DurationDays};
    use crate::domain::records::{GdapDetails, RelationshipKind};
    use crate::tables::id::Id;

    fn at(text: &str) -> Time {
        Time::parse(text).unwrap_or_else(|e| panic!("{e}"))
    }

    const NOW: &str = "2026-11-24T09:00:00Z";

    fn gdap(id: &str, status: RelationshipStatus, end: Time, auto: bool) -> Relationship {
        let created = at("2025-01-01T00:00:00Z");
        Relationship {
            external_id: None,
            id: Id::new(id),
            kind: RelationshipKind::Gdap,
            partner_id: Id::new("p"),
            customer_id: Id::new("c"),
            status,
            created_date_time: created,
            start_date_time: Some(created),
            end_date_time: Some(end),
            via_partner_id: None,
            invitation_id: None,
            gdap: Some(Box::new(GdapDetails {
                display_name: id.into(),
                roles: vec!["729827e3-9c14-49f7-bb1b-9608f156bbb8".into()],
                duration: DurationDays(730),
                auto_extend_duration: if auto {
                    AutoExtend::P180D
                } else {
                    AutoExtend::Off
                },
            })),
            partner_consent_pending: false,
            etag: None,
            source: None,
            history: Default::default(),
        }
    }

    fn active_ending(id: &str, end: Time) -> Relationship {
        gdap(id, RelationshipStatus::Active, end, false)
    }

    #[test]
    fn a_relationship_ending_exactly_at_a_week_edge_counts_in_the_week_that_starts_there() {
        let now = at(NOW);
        let edge = active_ending("edge", now.plus_days(7));
        let before_edge = active_ending("before", now.plus_days(7).plus_seconds(-1));
        let outlook = Outlook::of([&edge, &before_edge], now);
        assert_eq!(outlook.weeks[0], 1, "one second before the edge: week 0");
        assert_eq!(outlook.weeks[1], 1, "at the edge: week 1");
    }

    #[test]
    fn ending_later_today_is_week_0_and_every_ending_tile() {
        let now = at(NOW);
        let today = active_ending("today", now.plus_seconds(3 * 3600));
        let at_now = active_ending("now", now);
        let outlook = Outlook::of([&today, &at_now], now);
        assert_eq!(outlook.weeks[0], 2);
        for tile in [Tile::Within30, Tile::Within7, Tile::Within1] {
            assert_eq!(outlook.tile(tile), 2, "{tile:?}");
        }
        assert_eq!(outlook.tile(Tile::ExpiredLastYear), 0);
    }

    #[test]
    fn expired_yesterday_is_in_the_expired_tile_and_in_no_week() {
        let now = at(NOW);
        let yesterday = gdap(
            "gone",
            RelationshipStatus::Expired,
            now.plus_days(-1),
            false,
        );
        let outlook = Outlook::of([&yesterday], now);
        assert_eq!(outlook.tile(Tile::ExpiredLastYear), 1);
        assert_eq!(outlook.weeks.iter().sum::<usize>(), 0);
        assert_eq!(outlook.tile(Tile::Within30), 0);
    }

    #[test]
    fn the_tiles_nest_at_their_day_boundaries() {
        let now = at(NOW);
        // Whole days rounded down: 1 day and 23 hours is "within 1 day"; 2 days is not.
        let rs = [
            active_ending("d1", now.plus_days(1).plus_seconds(23 * 3600)),
            active_ending("d2", now.plus_days(2)),
            active_ending("d7", now.plus_days(7).plus_seconds(3600)),
            active_ending("d8", now.plus_days(8)),
            active_ending("d30", now.plus_days(30).plus_seconds(3600)),
            active_ending("d31", now.plus_days(31)),
        ];
        let outlook = Outlook::of(&rs, now);
        assert_eq!(outlook.tile(Tile::Within1), 1);
        assert_eq!(outlook.tile(Tile::Within7), 3);
        assert_eq!(outlook.tile(Tile::Within30), 5);
    }

    #[test]
    fn auto_extending_and_ended_relationships_do_not_end_and_old_expiries_are_left_out() {
        let now = at(NOW);
        let rs = [
            gdap("auto", RelationshipStatus::Active, now.plus_days(3), true),
            gdap(
                "terminated",
                RelationshipStatus::Terminated,
                now.plus_days(3),
                false,
            ),
            gdap(
                "a year ago",
                RelationshipStatus::Expired,
                now.plus_days(-EXPIRED_LOOKBACK_DAYS),
                false,
            ),
            gdap(
                "over a year ago",
                RelationshipStatus::Expired,
                now.plus_days(-EXPIRED_LOOKBACK_DAYS - 1),
                false,
            ),
        ];
        let outlook = Outlook::of(&rs, now);
        assert_eq!(outlook.weeks.iter().sum::<usize>(), 0);
        assert_eq!(outlook.tile(Tile::Within30), 0);
        assert_eq!(outlook.tile(Tile::ExpiredLastYear), 1);
    }

    #[test]
    fn a_change_counted_out_then_in_moves_it_between_weeks_and_tiles() {
        let now = at(NOW);
        let before = active_ending("r", now.plus_days(3));
        let mut after = before.clone();
        after.end_date_time = Some(now.plus_days(40));
        let mut outlook = Outlook::of([&before], now);
        outlook.remove(&before);
        outlook.add(&after);
        assert_eq!(outlook, Outlook::of([&after], now));
    }

    #[test]
    fn the_last_week_is_26_and_later_ends_are_off_the_chart() {
        let now = at(NOW);
        let last = active_ending("last", now.plus_days(7 * WEEKS as i64 - 1));
        let beyond = active_ending("beyond", now.plus_days(7 * WEEKS as i64));
        let outlook = Outlook::of([&last, &beyond], now);
        assert_eq!(outlook.weeks[WEEKS - 1], 1);
        assert_eq!(outlook.weeks.iter().sum::<usize>(), 1);
        assert_eq!(outlook.week_start(1), now.plus_days(7));
    }
}
