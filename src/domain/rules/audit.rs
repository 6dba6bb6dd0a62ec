//! TM1 (time moves forward): an action is never dated before the last entry of the audit
//! trail, so the trail reads in the order things happened (and passing time never runs the
//! clock backwards). `apply` asks it of every action; `check` of every stored entry.

use crate::domain::catalogue::{Refusal, RuleId, refuse};
use crate::domain::time::Time;

/// TM1: may an action be dated `now` when the audit trail's last entry is at `last`? The same
/// moment is allowed (a script may do several things at once).
pub fn time_moves_forward(last: Option<Time>, now: Time) -> Result<(), Refusal> {
    match last {
        Some(last) if now < last => refuse(
            RuleId::TM1,
            format!("the audit trail's last entry is at {last}; an action cannot be dated {now}"),
        ),
        _ => Ok(()),
    }
}

/// TM1 over a stored trail: entry `seq`, dated `at`, is not dated before `previous`, the latest
/// entry before it.
pub fn entry_in_order(seq: u64, previous: Time, at: Time) -> Result<(), Refusal> {
    if at < previous {
        return refuse(
            RuleId::TM1,
            format!("audit entry {seq} is dated {at}, before an earlier entry ({previous})"),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Time {
        Time::parse(text).unwrap()
    }

    #[test]
    fn an_action_before_the_last_entry_is_refused_naming_both_times() {
        let refusal =
            time_moves_forward(Some(at("2026-12-01T10:00:00Z")), at("1900-01-01T00:00:00Z"))
                .unwrap_err();
        assert_eq!(refusal.rule, RuleId::TM1);
        assert_eq!(
            refusal.to_string(),
            "TM1: the audit trail's last entry is at 2026-12-01T10:00:00Z; an action cannot be dated 1900-01-01T00:00:00Z"
        );
    }

    #[test]
    fn the_same_moment_later_ones_and_an_empty_trail_are_allowed() {
        let last = at("2026-12-01T10:00:00Z");
        assert!(time_moves_forward(Some(last), last).is_ok());
        assert!(time_moves_forward(Some(last), last.plus_seconds(1)).is_ok());
        assert!(time_moves_forward(Some(last), last.plus_seconds(-1)).is_err());
        assert!(time_moves_forward(None, at("1900-01-01T00:00:00Z")).is_ok());
    }

    #[test]
    fn a_stored_entry_dated_before_an_earlier_one_names_both_times() {
        let (earlier, later) = (at("2026-11-01T00:00:00Z"), at("2026-11-02T00:00:00Z"));
        assert!(entry_in_order(2, earlier, later).is_ok());
        assert!(entry_in_order(2, earlier, earlier).is_ok());
        let refusal = entry_in_order(3, later, earlier).unwrap_err();
        assert_eq!(refusal.rule, RuleId::TM1);
        assert_eq!(
            refusal.reason,
            "audit entry 3 is dated 2026-11-01T00:00:00Z, before an earlier entry (2026-11-02T00:00:00Z)"
        );
    }
}
